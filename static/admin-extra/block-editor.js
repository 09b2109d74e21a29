/*
 * The article body's typed blocks (articles/block_editor.py): a block is added by choosing its
 * kind, shows that kind's fields only, and folds to a one-line summary (« Citation — Lilian
 * Weng »). Adding goes through Django's own inline machinery (inlines.js): the chosen kind's
 * fields are put into the formset's empty row, then Django's « add » link makes the new block,
 * numbers its fields and announces it (select2, the rich-text editor and the reordering script
 * all listen for that). Without this script every block shows its fields, unfolded.
 *
 * An external file with no inline style or handler: the site's CSP allows scripts from 'self'.
 */
"use strict";
{
    const t = (text) => (typeof window.gettext === "function" ? window.gettext(text) : text);
    // Saved blocks start folded in a story longer than this; a short one shows everything.
    const FOLD_FROM = 3;

    // The text of what was typed, parsed in a document of its own: nothing in it loads or runs.
    function plain(html) {
        const text = new DOMParser().parseFromString(html, "text/html").body.textContent || "";
        return text.replace(/\s+/g, " ").trim();
    }

    function chosen(select) {
        if (!select || !select.value) {
            return "";
        }
        const option = select.options[select.selectedIndex];
        return option ? option.textContent.trim() : "";
    }

    // The summary line, read from the fields as they are now.
    function summaryOf(row) {
        const field = (name) => row.querySelector('[name$="-' + name + '"]');
        const kind = row.dataset.kind;
        let detail = "";
        if (kind === "quote") {
            detail = chosen(field("speaker")) || (field("speaker_name") || {}).value || "";
            detail = detail || plain((field("text") || {}).value || "");
        } else if (kind === "timeline") {
            detail = chosen(field("timeline_person"));
        } else if (kind === "people_list") {
            detail = chosen(field("people_list"));
        } else if (kind === "image") {
            detail = (field("image_caption") || {}).value || chosen(field("image"));
        } else if (kind === "paragraph" || kind === "heading") {
            detail = plain((field("text") || {}).value || "");
        }
        detail = detail.trim();
        return detail.length > 90 ? detail.slice(0, 89) + "…" : detail;
    }

    function setUp(group) {
        const prefix = group.id.replace(/-group$/, "");
        const rowPattern = new RegExp("^" + prefix + "-\\d+$");
        const rows = () => Array.from(group.querySelectorAll(".inline-related")).filter((row) => rowPattern.test(row.id));

        function toggleFor(row) {
            return row.querySelector(":scope > h3 .block-toggle");
        }

        function fold(row, folded) {
            const button = toggleFor(row);
            if (!button) {
                return;
            }
            const summaryLine = row.querySelector(".block-summary");
            if (folded && summaryLine) {
                const summary = summaryOf(row);
                summaryLine.textContent = summary ? " — " + summary : "";
            }
            row.classList.toggle("block-folded", folded);
            button.setAttribute("aria-expanded", String(!folded));
            button.textContent = folded ? t("Déplier") : t("Replier");
            // The visible word first, then which block: « Déplier : Citation — Lilian Weng ».
            const heading = button.parentElement.cloneNode(true);
            heading.querySelectorAll("button, .delete, .sortable-controls, .inline-deletelink").forEach((e) => e.remove());
            button.setAttribute("aria-label", button.textContent + " : " + heading.textContent.replace(/\s+/g, " ").trim());
        }

        function addToggle(row) {
            const heading = row.querySelector(":scope > h3");
            if (!heading || toggleFor(row)) {
                return;
            }
            const button = document.createElement("button");
            button.type = "button";
            button.className = "block-toggle";
            const fields = row.querySelector(".block-fields");
            if (fields) {
                button.setAttribute("aria-controls", fields.id);
            }
            heading.prepend(button);
            fold(row, false);
        }

        rows().forEach(addToggle);
        const template = document.getElementById(prefix + "-empty");
        if (template) {
            addToggle(template);
        }
        // A block with an error stays open, so the message is seen.
        const saved = rows().filter((row) => row.classList.contains("has_original"));
        saved.forEach((row) => fold(row, saved.length >= FOLD_FROM && !row.querySelector(".errorlist")));

        group.addEventListener("click", (event) => {
            const toggle = event.target.closest(".block-toggle");
            if (toggle) {
                const row = toggle.closest(".inline-related");
                fold(row, !row.classList.contains("block-folded"));
                return;
            }
            const all = event.target.closest("[data-blocks-fold]");
            if (all) {
                const folded = all.dataset.blocksFold === "collapse";
                rows().forEach((row) => fold(row, folded && !row.querySelector(".errorlist")));
                return;
            }
            const add = event.target.closest("[data-add-kind]");
            if (add && !template) {
                return;
            }
            if (add) {
                addBlock(add.dataset.addKind);
            }
        });

        function addBlock(kind) {
            const source = document.getElementById(prefix + "-empty-" + kind);
            const link = group.querySelector(".add-row a");
            if (!source || !template || !link) {
                return;
            }
            template.querySelector(".block-fields").replaceWith(source.content.cloneNode(true));
            template.dataset.kind = kind;
            template.querySelector(".block-kind").textContent = source.dataset.label;
            link.click();
        }

        document.addEventListener("formset:added", (event) => {
            if (!event.detail || event.detail.formsetName !== prefix) {
                return;
            }
            const row = event.target;
            const fields = row.querySelector(".block-fields");
            if (fields) {
                // Django renumbered the new block's ids; its toggle still names the template's.
                toggleFor(row).setAttribute("aria-controls", fields.id);
            }
            fold(row, false);
            if (!group.classList.contains("block-editor")) {
                // A FAQ row, perhaps added by itself as the one before is typed in: the
                // journalist's focus stays where it is.
                return;
            }
            row.scrollIntoView({ block: "center" });
            const first = Array.from(
                row.querySelectorAll(".block-fields [contenteditable=true], .block-fields input, .block-fields select"),
            ).find((element) => element.type !== "hidden" && element.offsetParent !== null);
            if (first) {
                first.focus();
            }
        });

        group.querySelectorAll(".block-tools, .block-add").forEach((element) => (element.hidden = false));
        group.classList.add("block-editor-ready");
    }

    function init() {
        document.querySelectorAll(".block-editor").forEach(setUp);
        // The FAQ entries fold the same way; their heading already shows the question.
        const faq = document.getElementById("faq_entries-group");
        if (faq) {
            setUp(faq);
        }
    }

    // Django's « add » link, made by inlines.js once the document is ready, is looked up
    // when it is needed, not now: images still loading do not delay the editor.
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}
