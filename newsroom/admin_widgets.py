"""Admin widgets that help a journalist fit the words: a text box as wide as the form, with a
live count against a recommended length (« 62 / 70 caractères recommandés »).

The recommendation is advice, never a limit: the field keeps its model's ``max_length``, and
going over only changes the counter's words. The counter is rendered by the server (so it is
right before any script runs) and kept up to date by ``admin-extra/char-count.js``, an
external file because the site's CSP allows no inline script.
"""

from django import forms
from django.forms import Script
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

COUNT_TEXT = _("%(count)s / %(recommended)s caractères recommandés")
# Words, not only a colour, say the text is too long.
OVER_TEXT = _("Trop long : %(count)s / %(recommended)s caractères recommandés (%(over)s de trop)")


def char_count(value) -> int:
    """Characters as the browser counts them: a line break typed in a text area is one."""
    return len(str(value or "").replace("\r\n", "\n"))


def count_text(count: int, recommended: int) -> str:
    if count > recommended:
        return OVER_TEXT % {"count": count, "recommended": recommended, "over": count - recommended}
    return COUNT_TEXT % {"count": count, "recommended": recommended}


class CharCountMixin:
    """A text widget followed by its counter (``<id>_count``), which it names in its
    ``aria-describedby``. The counter is a polite live region whose spoken part the script
    changes only once typing pauses, so a screen reader is not read a number per keystroke."""

    class Media:
        js = [Script("admin-extra/char-count.js", defer=True)]
        css = {"all": ["admin-extra/editor-forms.css"]}

    def __init__(self, *args, recommended: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.recommended = recommended

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        attrs = context["widget"]["attrs"]
        attrs.update(
            {
                "data-char-count": self.recommended,
                "data-char-count-text": str(COUNT_TEXT),
                "data-char-count-over": str(OVER_TEXT),
            }
        )
        if attrs.get("id"):
            described = [attrs.get("aria-describedby", ""), f"{attrs['id']}_count"]
            attrs["aria-describedby"] = " ".join(part for part in described if part)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        field = self._render(self.template_name, context, renderer)
        count = char_count(context["widget"]["value"])
        text = count_text(count, self.recommended)
        field_id = context["widget"]["attrs"].get("id")
        return format_html(
            '<div class="char-counted">{}<div class="char-count{}"{} aria-live="polite" aria-atomic="true">'
            '<span class="char-count-shown" aria-hidden="true">{}</span>'
            '<span class="char-count-spoken visually-hidden">{}</span></div></div>',
            field,
            " over" if count > self.recommended else "",
            format_html(' id="{}_count"', field_id) if field_id else "",
            text,
            text,
        )


class CharCountInput(CharCountMixin, forms.TextInput):
    pass


class CharCountTextarea(CharCountMixin, forms.Textarea):
    pass
