"""Rich text that is safe to render: an allow-list sanitiser, the admin's editor and a model
field that applies both.

Every rich-text value is cleaned when the model is saved, whatever the browser, an import
or a script sent, so templates can mark it safe. In a form, the field edits the value with
django-prose-editor (ProseMirror) offering only what the sanitiser keeps, and says what the
sanitiser would still remove instead of dropping it silently.
"""

import json
import re
from collections import Counter
from html.parser import HTMLParser

import nh3
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget, ProseEditorWidget
from js_asset import Media, Script

# Exactly what the editor shows and writes (EDITOR_EXTENSIONS below; <b> and <i> it reads as
# bold and italic): anything else would be dropped unseen by the editor when a journalist
# opens the text, so the sanitiser drops it on save instead, and the form says so.
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    # A numbered list pasted into the editor keeps where it starts and its numerals (« a. »,
    # « iii. »); the editor would show them and the page must too.
    "ol": {"start", "type"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Phone and mail links are kept only when they hold a phone number or an address: a
# « mailto:?body=… » with no recipient, or a « tel: » carrying anything but a number, is a
# link that does something else than it says.
_PHONE_LINK = re.compile(r"tel:\+?[0-9][0-9 .()\-]{1,30}(;ext=[0-9]{1,6})?", re.IGNORECASE)
_ADDRESS = r"[^\s@<>\"(),:;?]+@[^\s@<>\"(),:;?/]+\.[^\s@<>\"(),:;?/]+"
_MAIL_LINK = re.compile(rf"mailto:{_ADDRESS}(,{_ADDRESS})*(\?[^\s<>\"]*)?", re.IGNORECASE)

# What the editor offers journalists: paragraphs, line breaks, bold, italic, links and lists,
# each kept by ALLOWED_TAGS and ALLOWED_ATTRIBUTES (tests/test_richtext.py checks that the
# editor's own allow-list fits inside them). Headings have their own block kind; no HTML
# source view, so what is typed is what the menu allows.
EDITOR_EXTENSIONS = {
    "Paragraph": True,
    "HardBreak": True,
    "Bold": True,
    "Italic": True,
    # The link dialog asks for an address (and a title), never « open in a new tab »: the
    # sanitiser would drop target=, and rel= is set by the sanitiser on every link.
    "Link": {"enableTarget": False},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    # The library turns the browser's spell checker off by default; journalists want it.
    "NoSpellCheck": False,
}

# The most characters one rich-text field takes, markup included. A body paragraph is a few
# hundred to 3,000 characters and a long biography or FAQ answer under 20,000; 100,000
# (about 15,000 words, a whole long-form article) leaves ample room for any real text while
# a document pasted whole by mistake gets a message instead of an unreadable block. Even in
# accented French, 100,000 characters stay far below DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
# once form-encoded.
MAX_LENGTH = 100_000

# Block elements: rich text holding one of them is laid out already; text without any (an
# import, a form sent without the editor) is plain text whose blank lines split paragraphs.
_BLOCK_TAG = re.compile(r"<(p|ul|ol|li|blockquote|h3|h4)[\s/>]", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# What the editor sends for a field left empty: ProseMirror always keeps one paragraph.
_EMPTY_DOCUMENT = re.compile(r"(\s|<p>(\s|&nbsp;|\u00a0|<br\s*/?>)*</p>)*")


def sanitize_html(value: str) -> str:
    """Return ``value`` with everything outside the allow-list removed.

    Scripts, styles, event handlers and ``javascript:``/``data:`` URLs never survive;
    ``tel:`` and ``mailto:`` links keep their href only around a number or an address;
    links get ``rel="noopener noreferrer"``. Text with no block element (plain text from an
    import or a form sent without the editor) becomes one ``<p>`` per paragraph when blank
    lines separate several; a single paragraph of plain text is kept as is.
    """
    if not value:
        return ""
    clean = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_check_link,
    ).strip()
    if _BLOCK_TAG.search(clean):
        return clean
    paragraphs = [paragraph.strip() for paragraph in _BLANK_LINE.split(clean)]
    if len(paragraphs) < 2:
        return clean
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs if paragraph)


def _check_link(element: str, attribute: str, value: str) -> str | None:
    """A ``tel:`` or ``mailto:`` href that holds no number or address loses its href; an empty
    attribute (the editor's link dialog sends ``title=""`` when none is typed) goes."""
    if not value.strip():
        return None
    if element != "a" or attribute != "href":
        return value
    scheme = value.split(":", 1)[0].strip().lower()
    if scheme == "tel" and not _PHONE_LINK.fullmatch(value.strip()):
        return None
    if scheme == "mailto" and not _MAIL_LINK.fullmatch(value.strip()):
        return None
    return value


class _Elements(HTMLParser):
    """The start tags of some HTML and their attributes, in order, as a browser would read them:
    the content of ``<iframe>``, ``<textarea>``… is text, not elements (as for nh3)."""

    CDATA_CONTENT_ELEMENTS = (
        "script",
        "style",
        "iframe",
        "noembed",
        "noframes",
        "noscript",
        "xmp",
        "textarea",
        "title",
    )

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str]]]] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, [(name, value or "") for name, value in attrs]))

    handle_startendtag = handle_starttag


def removed_elements(original: str, cleaned: str) -> list[str]:
    """What the sanitiser removed from ``original`` to give ``cleaned`` that a journalist must be
    told about, one label per removal (« <iframe> », « onclick », « href="javascript:…" »).

    Counted: every element removed (its text may stay, as for a ``<span>``), an event handler
    (``on…``) and an allowed attribute whose value was refused (a link's ``javascript:`` href, a
    ``tel:`` link without a number). Not counted: presentation the editor never produces and a
    paste brings along (``style``, ``class``, ``id``, ``lang``, ``target``…) and ``rel``, which
    the sanitiser sets on every link itself.
    """
    before = _Elements(original).elements
    after = _Elements(cleaned).elements
    kept_tags = Counter(tag for tag, _attrs in after)
    kept_values = Counter((tag, name, value) for tag, attrs in after for name, value in attrs)
    removed = []
    for tag, attrs in before:
        if kept_tags[tag] > 0:
            kept_tags[tag] -= 1
        else:
            removed.append(f"<{tag}>")
            continue
        for name, value in attrs:
            if name.startswith("on"):
                removed.append(name)
            elif name in ALLOWED_ATTRIBUTES.get(tag, ()) and value.strip():
                if kept_values[(tag, name, value)] > 0:
                    kept_values[(tag, name, value)] -= 1
                else:
                    removed.append(_refused_value(name, value))
    return removed


def _refused_value(name: str, value: str) -> str:
    """« href="javascript:…" »: the attribute and what its value started with."""
    value = re.sub(r"[\x00-\x20]", "", value)
    scheme, colon, _rest = value.partition(":")
    return f'{name}="{scheme.lower()}:…"' if colon and len(scheme) <= 20 else f'{name}="{value[:20]}…"'


def removed_message(removed: list[str]) -> str:
    """« 2 éléments non autorisés retirés : <iframe>, onclick » (each kind named once)."""
    count = len(removed)
    return ngettext(
        "%(count)s élément non autorisé retiré : %(names)s",
        "%(count)s éléments non autorisés retirés : %(names)s",
        count,
    ) % {"count": count, "names": ", ".join(dict.fromkeys(removed))}


def _comparable(value: str) -> str:
    """A value as saved, laid out as the editor sends it: unchanged text compares equal."""
    value = sanitize_html(value or "")
    if _EMPTY_DOCUMENT.fullmatch(value):
        return ""
    if not _BLOCK_TAG.search(value):
        value = f"<p>{value}</p>"
    # The editor writes block elements with nothing between them.
    return re.sub(r"\s*(</?(?:p|ul|ol|li|blockquote|h3|h4)\b[^>]*>)\s*", r"\1", value)


def editor_labels() -> dict:
    """The editor's words in the interface's language: the library labels its menu in English
    (« bold ») and asks ``gettext`` for its link dialog, whose strings the admin's catalog lacks."""
    return {
        "buttons": {
            "bulletList": gettext("Liste à puces"),
            "orderedList": gettext("Liste numérotée"),
            "bold": gettext("Gras"),
            "italic": gettext("Italique"),
            "link": gettext("Lien (sélectionnez d’abord le texte)"),
            "unlink": gettext("Retirer le lien"),
            "history:undo": gettext("Annuler la modification"),
            "history:redo": gettext("Rétablir la modification"),
        },
        "dialog": {
            "Edit Link": gettext("Lien"),
            "URL": gettext("Adresse (https://…, mailto:… ou tel:…)"),
            "Title": gettext("Titre (facultatif)"),
            "Update": gettext("Valider"),
            "Cancel": gettext("Annuler"),
        },
    }


class RichTextWidgetMixin:
    """The editor's own files, plus Tiptap's base CSS as a file (Tiptap would inject it as an
    inline ``<style>`` the CSP refuses: see templates/admin/base_site.html) and the script that
    warns of an over-long text, reads pastes as meant and labels the editor in French
    (admin-extra/rich-text.js)."""

    extra = Media(
        css={"all": ["admin-extra/tiptap.css"]},
        js=[Script("admin-extra/rich-text.js", type="module")],
    )

    @property
    def media(self):
        return super().media + self.extra

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-rich-text-labels"] = json.dumps(editor_labels(), ensure_ascii=False)
        return context


class RichTextWidget(RichTextWidgetMixin, ProseEditorWidget):
    pass


class AdminRichTextWidget(RichTextWidgetMixin, AdminProseEditorWidget):
    pass


class RichTextFormField(ProseEditorFormField):
    """Rich text edited with ProseMirror, cleaned here as on save.

    Whatever the sanitiser would remove that matters (see ``removed_elements``) is an error on
    the field, and the form shown again holds the sanitised text: what will be saved.
    """

    default_error_messages = {
        "too_long": _(
            "Ce texte est trop long : %(length)s caractères (mise en forme comprise) pour "
            "%(limit)s au plus. Raccourcissez-le."
        ),
    }

    def __init__(self, *, max_length=None, limit=MAX_LENGTH, **kwargs):
        # The model's max_length (none for a TextField) is not used: no maxlength attribute,
        # which would make a browser without the editor cut a paste silently.
        self.limit = limit
        kwargs.setdefault("extensions", dict(EDITOR_EXTENSIONS))
        widget = kwargs.get("widget")
        if not (widget and _is(widget, ProseEditorWidget)):
            kwargs["widget"] = AdminRichTextWidget if widget and _is(widget, AdminTextareaWidget) else RichTextWidget
        super().__init__(**kwargs)
        # For admin-extra/rich-text.js, which says it as soon as a paste goes over.
        self.widget.attrs["data-rich-text-limit"] = str(self.limit)
        self.widget.attrs["data-rich-text-too-long"] = str(self.error_messages["too_long"])

    def to_python(self, value):
        value = super().to_python(value)
        return "" if _EMPTY_DOCUMENT.fullmatch(value) else value

    def validate(self, value):
        super().validate(value)
        if len(value) > self.limit:
            raise ValidationError(
                self.error_messages["too_long"],
                code="too_long",
                params={
                    "length": number_format(len(value), force_grouping=True),
                    "limit": number_format(self.limit, force_grouping=True),
                },
            )

    def clean(self, value):
        value = super().clean(value)
        cleaned = sanitize_html(value)
        if removed := removed_elements(value, cleaned):
            raise ValidationError(removed_message(removed), code="removed")
        return cleaned

    def prepare_value(self, value):
        # Shown again after an error, the text is what would be saved; stored plain text
        # opens in the editor with its paragraphs.
        return sanitize_html(value) if isinstance(value, str) else value

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        return _comparable(initial) != _comparable(self.to_python(data))


def _is(widget, widget_class) -> bool:
    return issubclass(widget, widget_class) if isinstance(widget, type) else isinstance(widget, widget_class)


class RichTextField(models.TextField):
    """A ``TextField`` whose value is sanitised on every save and edited with the rich-text
    editor in every form (the admin's included, with no per-admin setting)."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})
