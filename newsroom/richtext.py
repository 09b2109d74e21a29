"""Rich text that is safe to render: an allow-list sanitiser and a model field that applies it.

Every rich-text value is cleaned when the model is saved, whatever the browser, an import
or a script sent, so templates can mark it safe.
"""

import re

import nh3
from django.db import models

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "q",
    "cite",
    "abbr",
    "code",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Phone and mail links are kept only when they hold a phone number or an address: a
# « mailto:?body=… » with no recipient, or a « tel: » carrying anything but a number, is a
# link that does something else than it says.
_PHONE_LINK = re.compile(r"tel:\+?[0-9][0-9 .()\-]{1,30}(;ext=[0-9]{1,6})?", re.IGNORECASE)
_ADDRESS = r"[^\s@<>\"(),:;?]+@[^\s@<>\"(),:;?/]+\.[^\s@<>\"(),:;?/]+"
_MAIL_LINK = re.compile(rf"mailto:{_ADDRESS}(,{_ADDRESS})*(\?[^\s<>\"]*)?", re.IGNORECASE)


def sanitize_html(value: str) -> str:
    """Return ``value`` with everything outside the allow-list removed.

    Scripts, styles, event handlers and ``javascript:``/``data:`` URLs never survive;
    ``tel:`` and ``mailto:`` links keep their href only around a number or an address;
    links get ``rel="noopener noreferrer"``. Plain text (no tags) is kept as is.
    """
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_check_link,
    ).strip()


def _check_link(element: str, attribute: str, value: str) -> str | None:
    """A ``tel:`` or ``mailto:`` href that holds no number or address loses its href."""
    if element != "a" or attribute != "href":
        return value
    scheme = value.split(":", 1)[0].strip().lower()
    if scheme == "tel" and not _PHONE_LINK.fullmatch(value.strip()):
        return None
    if scheme == "mailto" and not _MAIL_LINK.fullmatch(value.strip()):
        return None
    return value


class RichTextField(models.TextField):
    """A ``TextField`` whose value is sanitised on every save."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
