/*
 * Rich-text fields (newsroom/richtext.py): a text longer than the field takes is said as soon
 * as it is typed or pasted, and the form is not sent. Without this, a document pasted whole
 * (megabytes) would make the request too large for the server, which would answer « Bad
 * Request » before any form could say what is wrong. The server checks the same limit, with
 * the same message, for a form sent without this script.
 *
 * The limit and the message come from the field (data-rich-text-limit, data-rich-text-too-long);
 * the editor (django-prose-editor) writes its HTML into the textarea and sends an input event
 * on every change. An external module with no inline style: the site's CSP allows 'self' only.
 */
const FIELD = "textarea[data-rich-text-limit]";
const numbers = new Intl.NumberFormat(document.documentElement.lang || "fr");

// Characters as the server counts them (code points, not UTF-16 units).
function length(text) {
    const pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g);
    return text.length - (pairs ? pairs.length : 0);
}

function warning(field) {
    const anchor = field.closest(".prose-editor") || field;
    const previous = anchor.previousElementSibling;
    return previous && previous.classList.contains("rich-text-too-long") ? previous : null;
}

// Says whether the field is too long, and shows or removes its message.
function check(field) {
    const limit = Number(field.dataset.richTextLimit);
    const count = length(field.value);
    const shown = warning(field);
    if (count <= limit) {
        if (shown) {
            shown.remove();
        }
        return true;
    }
    const text = field.dataset.richTextTooLong
        .replace("%(length)s", numbers.format(count))
        .replace("%(limit)s", numbers.format(limit));
    const list = shown || document.createElement("ul");
    list.className = "errorlist rich-text-too-long";
    list.setAttribute("role", "alert");
    list.replaceChildren(Object.assign(document.createElement("li"), { textContent: text }));
    if (!shown) {
        (field.closest(".prose-editor") || field).before(list);
    }
    return false;
}

document.addEventListener("input", (event) => {
    if (event.target instanceof HTMLTextAreaElement && event.target.matches(FIELD)) {
        check(event.target);
    }
});

document.addEventListener(
    "submit",
    (event) => {
        const tooLong = Array.from(event.target.querySelectorAll(FIELD)).filter((field) => !check(field));
        if (tooLong.length) {
            event.preventDefault();
            event.stopImmediatePropagation();
            warning(tooLong[0]).scrollIntoView({ block: "center" });
        }
    },
    true,
);
