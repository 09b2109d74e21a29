/*
 * Rows that follow the typing, for admin inlines marked with these classes:
 * - "auto-rows": once something is typed or chosen in the last empty row, a new empty row
 *   appears after it (Django's own « add » link is pressed), so a list of career steps or
 *   members is typed row after row with no click in between. Empty rows are not saved.
 * - "carry-<field>": a new row starts with the <field> of the row above as soon as
 *   something is typed in it (a career's next role is usually at the same organisation);
 *   it stays a choice the journalist can change.
 * Without this script the inline works as Django's: « Ajouter » adds a row.
 *
 * An external file with no inline style or handler: the site's CSP allows scripts from 'self'.
 */
"use strict";
{
    function setUp(group) {
        // The inline's classes are on its <fieldset class="module …">.
        const classes = Array.from(group.querySelector("fieldset.module")?.classList || []);
        const autoRows = classes.includes("auto-rows");
        const carried = classes.filter((name) => name.startsWith("carry-")).map((name) => name.slice(6));
        if (!autoRows && carried.length === 0) {
            return;
        }
        const prefix = group.id.replace(/-group$/, "");
        const rowPattern = new RegExp("^" + prefix + "-\\d+$");
        const rows = () => Array.from(group.querySelectorAll("[id^='" + prefix + "-']")).filter((row) => rowPattern.test(row.id));
        const isNew = (row) => {
            const id = row.querySelector('input[name$="-id"]');
            return !id || !id.value;
        };
        const field = (row, name) => row.querySelector('[name$="-' + name + '"]');

        function carry(row) {
            const all = rows();
            const previous = all[all.indexOf(row) - 1];
            if (!previous) {
                return;
            }
            for (const name of carried) {
                const target = field(row, name);
                const source = field(previous, name);
                if (!target || !source || target.value || !source.value) {
                    continue;
                }
                if (target.tagName === "SELECT" && !Array.from(target.options).some((o) => o.value === source.value)) {
                    // A searched (select2) box holds only its chosen option: bring it along.
                    const option = source.options[source.selectedIndex];
                    target.append(new Option(option.textContent, option.value, true, true));
                }
                target.value = source.value;
                target.dispatchEvent(new Event("change", { bubbles: true }));
            }
        }

        function onEdit(event) {
            const row = event.target.closest("[id^='" + prefix + "-']");
            if (!row || !rowPattern.test(row.id) || !isNew(row)) {
                return;
            }
            const name = (event.target.name || "").replace(/^.*-/, "");
            if (carried.length && !row.dataset.carried && !carried.includes(name)) {
                row.dataset.carried = "yes";
                carry(row);
            }
            const all = rows();
            if (autoRows && row === all[all.length - 1] && !row.dataset.grown) {
                row.dataset.grown = "yes";
                const link = group.querySelector(".add-row a");
                if (link) {
                    link.click();
                }
            }
        }

        group.addEventListener("input", onEdit);
        group.addEventListener("change", (event) => {
            // A change this script made itself is not the journalist's typing.
            if (event.isTrusted || (window.jQuery && event.target.classList.contains("admin-autocomplete"))) {
                onEdit(event);
            }
        });
    }

    function init() {
        document.querySelectorAll(".js-inline-admin-formset").forEach(setUp);
    }

    // Django's « add » link, made by inlines.js once the document is ready, is looked up
    // when it is needed, not now: images still loading do not delay the editor.
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}
