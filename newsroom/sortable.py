"""Inline rows ordered by a ``position`` field, for every admin that orders rows (body blocks,
FAQ entries, the members of a people list)."""

from django import forms
from django.forms import Script


class OrderedInlineForm(forms.ModelForm):
    """An inline form whose ``position`` alone does not make a new row worth saving.

    The reordering script numbers every row, including a blank one added and left empty;
    that row must still be skipped, not rejected as incomplete.
    """

    def has_changed(self):
        if self.instance._state.adding:
            return bool(set(self.changed_data) - {"position"})
        return super().has_changed()


class SortableInlineMixin:
    """Rows ordered by ``position``, reorderable by drag and drop or the ↑ ↓ buttons.

    The script is an external file (the site's CSP refuses inline scripts); without it the
    position field stays a number to type.
    """

    form = OrderedInlineForm
    classes = ["sortable-inline"]

    class Media:
        js = [Script("admin-extra/sortable-inlines.js", defer=True)]
        css = {"all": ["admin-extra/sortable-inlines.css"]}
