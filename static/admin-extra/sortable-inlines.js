/*
 * Reorder the rows of an admin inline marked "sortable-inline" (an article's blocks and FAQ,
 * a people list's members) by drag and drop or with the ↑ ↓ buttons, and renumber their
 * "position" fields in the order shown. The server saves whatever the position fields say,
 * so the page still works without this script.
 *
 * An external file with no inline style or handler: the site's Content-Security-Policy
 * allows scripts from 'self' only.
 */
"use strict";
{
    const t = (text) => (typeof window.gettext === "function" ? window.gettext(text) : text);

    function setUp(group) {
        const prefix = group.id.replace(/-group$/, "");
        const template = document.getElementById(prefix + "-empty");
        const first = document.getElementById(prefix + "-0");
        const container = (template || first) && (template || first).parentElement;
        if (!container) {
            return;
        }
        const rowPattern = new RegExp("^" + prefix + "-\\d+$");
        const rows = () => Array.from(container.children).filter((el) => rowPattern.test(el.id));
        const positionInput = (row) => row.querySelector('[name$="-position"]');
        const indexOf = (row) => Number(row.id.slice(prefix.length + 1));
        let dragged = null;

        // A tabular row's error line sits just before it and travels with it.
        function unit(row) {
            const previous = row.previousElementSibling;
            return previous && previous.classList.contains("row-form-errors") ? [previous, row] : [row];
        }

        function place(row, reference) {
            for (const element of unit(row)) {
                container.insertBefore(element, reference);
            }
        }

        function renumber() {
            rows().forEach((row, index) => {
                const input = positionInput(row);
                if (input) {
                    input.value = index;
                }
            });
        }

        function sortBy(key) {
            const sorted = rows().sort((a, b) => key(a) - key(b));
            const end = template || null;
            for (const row of sorted) {
                place(row, end);
            }
        }

        function addControls(row) {
            const target = row.querySelector("h3") || row.querySelector("td.original");
            if (!target || target.querySelector(".sortable-controls")) {
                return;
            }
            const controls = document.createElement("span");
            controls.className = "sortable-controls";
            const handle = document.createElement("span");
            handle.className = "sortable-handle";
            handle.title = t("Glisser pour déplacer");
            handle.textContent = "⠿";
            controls.append(handle);
            for (const [direction, symbol, label] of [
                ["up", "↑", t("Monter")],
                ["down", "↓", t("Descendre")],
            ]) {
                const button = document.createElement("button");
                button.type = "button";
                button.className = "sortable-move";
                button.dataset.sortableMove = direction;
                button.setAttribute("aria-label", label);
                button.title = label;
                button.textContent = symbol;
                controls.append(button);
            }
            target.append(controls);
        }

        rows().forEach(addControls);
        if (template) {
            // Rows added with "Ajouter" are clones of the template: they get the controls too.
            addControls(template);
        }
        // After a refused save, rows come back in form order: show them in the journalist's order.
        sortBy((row) => Number((positionInput(row) || {}).value) || 0);

        container.addEventListener("click", (event) => {
            const button = event.target.closest("[data-sortable-move]");
            if (!button) {
                return;
            }
            const current = button.closest("[id^='" + prefix + "-']");
            const all = rows();
            const at = all.indexOf(current);
            if (button.dataset.sortableMove === "up" && at > 0) {
                place(current, unit(all[at - 1])[0]);
            } else if (button.dataset.sortableMove === "down" && at < all.length - 1) {
                place(all[at + 1], unit(current)[0]);
            }
            renumber();
            button.focus();
        });

        // Only the handle starts a drag, so text in the row can still be selected.
        container.addEventListener("pointerdown", (event) => {
            const handle = event.target.closest(".sortable-handle");
            if (handle) {
                handle.closest("[id^='" + prefix + "-']").draggable = true;
            }
        });
        container.addEventListener("pointerup", () => {
            if (!dragged) {
                rows().forEach((row) => (row.draggable = false));
            }
        });
        container.addEventListener("dragstart", (event) => {
            if (!rowPattern.test(event.target.id)) {
                return;
            }
            dragged = event.target;
            dragged.classList.add("sortable-dragging");
            event.dataTransfer.effectAllowed = "move";
            event.dataTransfer.setData("text/plain", dragged.id);
        });
        container.addEventListener("dragover", (event) => {
            if (!dragged) {
                return;
            }
            event.preventDefault();
            const over = rows().find((row) => row !== dragged && row.contains(event.target));
            if (!over) {
                return;
            }
            const box = over.getBoundingClientRect();
            const after = event.clientY > box.top + box.height / 2;
            place(dragged, after ? over.nextElementSibling : unit(over)[0]);
        });
        container.addEventListener("drop", (event) => {
            if (dragged) {
                event.preventDefault();
            }
        });
        container.addEventListener("dragend", () => {
            if (dragged) {
                dragged.classList.remove("sortable-dragging");
                dragged.draggable = false;
                dragged = null;
                renumber();
            }
        });

        document.addEventListener("formset:added", (event) => {
            if (event.detail && event.detail.formsetName === prefix) {
                renumber();
            }
        });
        // Django renumbers the remaining forms in page order right after this event; put them
        // back in form order first so saved rows keep their form index, then restore the order.
        document.addEventListener("formset:removed", (event) => {
            if (event.detail && event.detail.formsetName === prefix) {
                sortBy(indexOf);
                window.setTimeout(() => {
                    sortBy((row) => Number((positionInput(row) || {}).value) || 0);
                    renumber();
                });
            }
        });
    }

    function init() {
        document.querySelectorAll(".js-inline-admin-formset").forEach((group) => {
            if (group.querySelector(".sortable-inline")) {
                setUp(group);
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}
