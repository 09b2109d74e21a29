/*
 * Rich-text fields (newsroom/richtext.py), two things the editor (django-prose-editor) does not:
 *
 * 1. A text longer than the field takes is said as soon as it is typed or pasted, and the form
 *    is not sent. Without this, a document pasted whole (megabytes) would make the request too
 *    large for the server, which would answer « Bad Request » before any form could say what is
 *    wrong. The server checks the same limit, with the same message, for a form sent without
 *    this script. The limit and the message come from the field (data-rich-text-limit,
 *    data-rich-text-too-long); the editor writes its HTML into the textarea and sends an input
 *    event on every change.
 *
 * 2. A paste from a word processor or a web page is read as a journalist means it. Its style
 *    attributes would each be a CSP violation when the editor parses it (the policy refuses inline
 *    styles, in any document the page makes), and refused, they are invisible to the editor: a
 *    Google Docs paste, all wrapped in <b style="font-weight:normal">, would turn bold throughout
 *    and lose its italics. So before the editor sees the clipboard, bold and italic given by a
 *    style become <strong> and <em>, a <b> or <i> whose style says « normal » is unwrapped, and
 *    every style goes. The editor then keeps paragraphs, emphasis, links and lists and drops the
 *    rest, as it does for any paste.
 *
 * 3. The editor speaks the interface's language: the library labels its menu buttons and its
 *    link dialog in English (the admin's gettext catalog lacks the dialog's words, and is out of
 *    reach once the admin's jquery.init.js has replaced window.django); the field gives the
 *    words, translated on the server (data-rich-text-labels).
 *
 * An external module with no inline style: the site's CSP allows 'self' only.
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

// What a pasted element's style says of bold and italic: true, false (« normal ») or undefined.
function emphasis(style) {
    const declared = {};
    for (const declaration of style.split(";")) {
        const [name, ...value] = declaration.split(":");
        declared[name.trim().toLowerCase()] = value.join(":").trim().toLowerCase();
    }
    const weight = declared["font-weight"];
    const italic = declared["font-style"];
    return {
        bold: weight === undefined ? undefined : /^(bold|bolder|[6-9]\d\d)$/.test(weight),
        italic: italic === undefined ? undefined : /^(italic|oblique)/.test(italic),
    };
}

function wrapChildren(element, tagName) {
    const wrapper = element.ownerDocument.createElement(tagName);
    wrapper.append(...element.childNodes);
    element.append(wrapper);
}

// The clipboard's HTML with its styles turned into <strong>/<em> or dropped; null if it has none.
function withoutStyles(html) {
    const STYLE = "data-pasted-style";
    // Renamed before parsing: parsed, a style attribute is already a violation.
    const renamed = html
        .replace(/<style\b[^>]*>[\s\S]*?<\/style\s*>/gi, "")
        .replace(/(<[a-z][^>]*?\s)style(\s*=)/gi, `$1${STYLE}$2`);
    if (renamed === html) {
        return null;
    }
    const parsed = new DOMParser().parseFromString(renamed, "text/html");
    for (const element of Array.from(parsed.body.querySelectorAll(`[${STYLE}]`)).reverse()) {
        const { bold, italic } = emphasis(element.getAttribute(STYLE));
        element.removeAttribute(STYLE);
        const tag = element.localName;
        if ((bold === false && (tag === "b" || tag === "strong")) || (italic === false && (tag === "i" || tag === "em"))) {
            element.replaceWith(...element.childNodes);
            continue;
        }
        if (bold && tag !== "b" && tag !== "strong") {
            wrapChildren(element, "strong");
        }
        if (italic && tag !== "i" && tag !== "em") {
            wrapChildren(element, "em");
        }
    }
    return parsed.body.innerHTML;
}

document.addEventListener(
    "paste",
    (event) => {
        const data = event.clipboardData;
        if (!data || !(event.target instanceof Element) || !event.target.closest(".prose-editor")) {
            return;
        }
        const html = withoutStyles(data.getData("text/html"));
        if (html === null) {
            return;
        }
        event.preventDefault();
        event.stopImmediatePropagation();
        const cleaned = new DataTransfer();
        cleaned.setData("text/html", html);
        cleaned.setData("text/plain", data.getData("text/plain"));
        event.target.dispatchEvent(
            new ClipboardEvent("paste", { clipboardData: cleaned, bubbles: true, cancelable: true }),
        );
    },
    true,
);

function labels(field) {
    try {
        return JSON.parse(field.dataset.richTextLabels || "{}");
    } catch {
        return {};
    }
}

// The dialog's words, for the text the library gives its title, labels and buttons.
function translateDialog(dialog, words) {
    for (const element of dialog.querySelectorAll("h3, label, button")) {
        const english = element.firstChild && element.firstChild.nodeType === Node.TEXT_NODE ? element.firstChild : null;
        if (english && Object.hasOwn(words, english.data)) {
            english.data = words[english.data];
        }
    }
}

function relabel(editor, buttons) {
    for (const [name, label] of Object.entries(buttons)) {
        for (const button of editor.querySelectorAll(`.prose-menubar__button[data-name="${name}"]`)) {
            button.title = label;
            button.setAttribute("aria-label", label);
        }
    }
}

document.addEventListener("prose-editor:ready", (event) => {
    const { textarea } = event.detail;
    const editor = textarea.closest(".prose-editor");
    const { buttons = {}, dialog = {} } = labels(textarea);
    relabel(editor, buttons);
    // The menu bar, and a dialog (the link's) when it opens, are added to the editor's element.
    new MutationObserver((changes) => {
        for (const change of changes) {
            for (const node of change.addedNodes) {
                if (!(node instanceof Element)) {
                    continue;
                }
                if (node.matches(".prose-menubar")) {
                    relabel(editor, buttons);
                }
                const opened = node.querySelector("dialog.prose-editor-dialog");
                if (opened) {
                    translateDialog(opened, dialog);
                }
            }
        }
    }).observe(editor, { childList: true });
});
