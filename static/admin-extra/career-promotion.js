/*
 * A promotion, on a person's career rows: when a row added (or edited) is at the same
 * organisation as an open row (no end, not marked as ended) and starts after it, the new row
 * offers to close the earlier role on that date. The button only types the new start into
 * the earlier row's end field; nothing is saved until the journalist saves, and the
 * departure fields stay empty (a promotion is not a departure). Two concurrent roles are
 * allowed, so without this script nothing is offered and nothing is refused.
 *
 * The wording comes from data-promotion-* attributes on each start field (translated by the
 * server). An external file with no inline style or handler: the site's CSP allows scripts
 * from 'self' only.
 */
"use strict";
{
    // Folded like people/dates.py reads them: no accents, lower case.
    const MONTHS = [
        "janvier", "fevrier", "mars", "avril", "mai", "juin",
        "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
    ];
    const fold = (text) =>
        text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/\s+/).filter(Boolean).join(" ");

    /*
     * [year, month, day] for a date typed in one of the forms the server reads (2015, 02/2019,
     * 2019-02, février 2019, 1er mars 2025, 01/03/2025, 2025-03-01), month and day null when
     * not given; null when the text is not such a date. Enough to compare, not to store.
     */
    function parse(text) {
        const cleaned = fold(text || "");
        let match;
        let parts = null;
        if ((match = /^(\d{4})$/.exec(cleaned))) {
            parts = [match[1], null, null];
        } else if ((match = /^(\d{1,2})\/(\d{4})$/.exec(cleaned))) {
            parts = [match[2], match[1], null];
        } else if ((match = /^(\d{4})-(\d{1,2})$/.exec(cleaned))) {
            parts = [match[1], match[2], null];
        } else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cleaned))) {
            parts = [match[3], match[2], match[1]];
        } else if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(cleaned))) {
            parts = [match[1], match[2], match[3]];
        } else if ((match = /^(?:(1er|\d{1,2}) )?([a-z]+) (\d{4})$/.exec(cleaned)) && MONTHS.includes(match[2])) {
            parts = [match[3], MONTHS.indexOf(match[2]) + 1, match[1] === "1er" ? 1 : match[1] || null];
        }
        if (!parts) {
            return null;
        }
        const [year, month, day] = parts.map((part) => (part === null ? null : Number(part)));
        if (month !== null && (month < 1 || month > 12)) {
            return null;
        }
        // Day 0 of the next month is the last day of this one.
        if (day !== null && (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())) {
            return null;
        }
        return [year, month, day];
    }

    // True only when « later » is surely after « earlier »: 2015 then mars 2015 cannot tell.
    function surelyAfter(later, earlier) {
        for (let index = 0; index < 3; index++) {
            if (later[index] === null || earlier[index] === null) {
                return false;
            }
            if (later[index] !== earlier[index]) {
                return later[index] > earlier[index];
            }
        }
        return false;
    }

    const interpolate = (template, values) => template.replace(/%\((\w+)\)s/g, (whole, key) => values[key] ?? whole);

    // What each saved row held when the page loaded: unchanged saved rows are never offered
    // again (two concurrent roles at one organisation are a choice, not an oversight).
    const loaded = new Map();
    // Rows whose offer was taken: the note shown in its place until the next change.
    const notes = new Map();

    function rowOf(startInput) {
        const prefix = startInput.name.slice(0, -"start".length);
        const field = (name) => document.getElementsByName(prefix + name)[0] || null;
        const organisation = field("organisation");
        const ended = field("ended");
        const deleted = field("DELETE");
        const id = field("id");
        const chosen = organisation && organisation.selectedIndex >= 0 ? organisation.options[organisation.selectedIndex] : null;
        return {
            name: startInput.name,
            start: startInput,
            end: field("end"),
            organisation: organisation ? organisation.value : "",
            organisationName: chosen ? chosen.text : "",
            label: ["role_title", "summary", "team"].map((name) => (field(name) || {}).value || "").find((value) => value.trim()),
            open: !((field("end") || {}).value || "").trim() && !(ended && ended.checked),
            deleted: Boolean(deleted && deleted.checked),
            saved: Boolean(id && id.value),
            element: startInput.closest(".inline-related"),
        };
    }

    function rows() {
        return Array.from(document.querySelectorAll("input[data-promotion-offer]"))
            .filter((input) => !input.name.includes("__prefix__"))
            .map(rowOf);
    }

    const fingerprint = (row) => row.organisation + "\n" + row.start.value.trim();

    function offersFor(row, all) {
        const touched = !row.saved || loaded.get(row.name) !== fingerprint(row);
        const start = parse(row.start.value);
        if (!touched || row.deleted || !row.organisation || !start) {
            return [];
        }
        return all.filter((earlier) => {
            if (earlier === row || earlier.deleted || !earlier.open || earlier.organisation !== row.organisation) {
                return false;
            }
            const since = parse(earlier.start.value);
            return since !== null && surelyAfter(start, since);
        });
    }

    function container(row) {
        let box = row.element.querySelector(".career-promotion");
        if (!box) {
            box = document.createElement("div");
            box.className = "career-promotion";
            box.setAttribute("aria-live", "polite");
            const line = row.start.closest(".form-row");
            if (line) {
                line.after(box);
            } else {
                row.element.append(box);
            }
        }
        return box;
    }

    function close(row, earlier, values) {
        const texts = row.start.dataset;
        earlier.end.value = row.start.value.trim();
        earlier.end.dispatchEvent(new Event("input", { bubbles: true }));
        earlier.end.dispatchEvent(new Event("change", { bubbles: true }));
        const day = parse(row.start.value)[2] !== null;
        notes.set(row.name, interpolate(day ? texts.promotionDoneDay : texts.promotionDone, values));
        update({ keepNotes: true });
        const note = row.element.querySelector(".career-promotion-done");
        if (note) {
            note.focus();
        }
    }

    function render(row, offers) {
        const texts = row.start.dataset;
        const day = offers.length > 0 && parse(row.start.value)[2] !== null;
        const items = offers.map((earlier) => {
            const values = {
                role: earlier.label || earlier.organisationName,
                since: earlier.start.value.trim(),
                date: row.start.value.trim(),
            };
            return { earlier, values, text: interpolate(day ? texts.promotionOfferDay : texts.promotionOffer, values) };
        });
        // The live region exists, empty, before anything is said in it: a region created
        // with its text is often not announced.
        const box = container(row);
        const note = notes.get(row.name) || "";
        // Rebuilt only when the wording changes: a blur that re-runs this while the button is
        // pressed must not swap the button from under the pointer.
        const key = JSON.stringify([note, items.map((item) => [item.earlier.name, item.text])]);
        if ((box.dataset.key || JSON.stringify(["", []])) === key) {
            return;
        }
        box.dataset.key = key;
        box.replaceChildren();
        if (note) {
            const done = document.createElement("p");
            done.className = "career-promotion-done";
            done.tabIndex = -1;
            done.textContent = note;
            box.append(done);
        }
        for (const item of items) {
            const offer = document.createElement("p");
            offer.className = "career-promotion-offer";
            const text = document.createElement("span");
            text.textContent = item.text;
            const button = document.createElement("button");
            button.type = "button";
            button.className = "button";
            button.textContent = texts.promotionButton;
            button.addEventListener("click", () => close(row, item.earlier, item.values));
            offer.append(text, " ", button);
            box.append(offer);
        }
    }

    function update(options) {
        if (!(options && options.keepNotes)) {
            notes.clear();
        }
        const all = rows();
        for (const row of all) {
            if (row.element) {
                render(row, offersFor(row, all));
            }
        }
    }

    function init() {
        for (const row of rows()) {
            if (row.saved) {
                loaded.set(row.name, fingerprint(row));
            }
        }
        document.addEventListener("input", () => update());
        document.addEventListener("change", () => update());
        // The organisation is a select2 box: it tells its changes through jQuery's events,
        // which native listeners do not hear.
        const jQuery = window.django && window.django.jQuery;
        if (jQuery) {
            jQuery(document).on("change select2:select select2:clear", "select", () => update());
        }
        document.addEventListener("formset:added", () => update());
        document.addEventListener("formset:removed", () => update());
        update();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}
