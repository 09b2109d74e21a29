/*
 * Leaving an admin form with unsaved changes asks first (the browser's own « Quitter la
 * page ? » dialog, through beforeunload). Loaded by templates/admin/change_form.html on every
 * admin form; the script tag names the form (data-form) and says whether the page already
 * holds unsaved input (data-dirty: a form sent back with errors).
 *
 * The form becomes « dirty » on any input or change inside it: typing, a choice, a checkbox,
 * a rich-text editor (which reports its edits as input events on its hidden text area or its
 * contenteditable), an inline row added or removed, a row moved by drag and drop or the ↑ ↓
 * buttons, a choice made in an autocomplete or a « + » popup (jQuery events). The form's own
 * submit (« Enregistrer »…) never asks; the other forms on the page (workflow buttons)
 * leave the page like a link does, so they ask.
 *
 * An external file with no inline style or handler: the site's CSP allows scripts from
 * 'self' only.
 */
"use strict";
{
    const script = document.currentScript;
    const form = document.getElementById(script.dataset.form);
    let dirty = script.hasAttribute("data-dirty");
    let submitting = false;
    // Until the page has settled, only the person's own actions count: other scripts set
    // their fields up (select boxes, numbering) as the page loads.
    let settled = false;

    function markDirty(event) {
        if (settled || (event && event.isTrusted)) {
            dirty = true;
        }
    }

    if (form) {
        // Capturing, so that events which do not bubble (a rich-text editor's own) count too.
        for (const type of ["input", "change", "drop"]) {
            form.addEventListener(type, markDirty, true);
        }
        form.addEventListener("click", (event) => {
            if (event.target.closest("[data-sortable-move]")) {
                markDirty(event);
            }
        });
        document.addEventListener("formset:added", markDirty);
        document.addEventListener("formset:removed", markDirty);
        if (window.django && window.django.jQuery) {
            // Autocompletes and the « + » popups set their <select> through jQuery, whose
            // events never reach the listeners above.
            window.django.jQuery(form).on("change", (event) => {
                if (!event.originalEvent) {
                    markDirty(null);
                }
            });
        }
        // Last in line: a submit another script cancels (a check in the page) leaves the
        // form unsaved.
        window.addEventListener("submit", (event) => {
            if (event.target === form && !event.defaultPrevented) {
                submitting = true;
            }
        });
        window.addEventListener("pageshow", () => {
            // Back to this page from the next one (the browser's cache): a new start.
            submitting = false;
        });
        window.addEventListener("beforeunload", (event) => {
            if (dirty && !submitting) {
                event.preventDefault();
                // Older browsers ask only when returnValue is set.
                event.returnValue = "";
            }
        });
        window.addEventListener("load", () => setTimeout(() => {
            settled = true;
        }, 0));
    }
}
