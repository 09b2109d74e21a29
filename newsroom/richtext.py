"""Rich text that is safe to render: an allow-list sanitiser and a model field that applies it.

Every rich-text value is cleaned when the model is saved, whatever the browser, an import
or a script sent, so templates can mark it safe.
"""

import nh3
from django.db import models

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "a", "ul", "ol", "li",
    "blockquote", "q", "cite", "abbr", "code", "h3", "h4",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(value: str) -> str:
    """Return ``value`` with everything outside the allow-list removed.

    Scripts, styles, event handlers and ``javascript:``/``data:`` URLs never survive;
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
    ).strip()


class RichTextField(models.TextField):
    """A ``TextField`` whose value is sanitised on every save."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
