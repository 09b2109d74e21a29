"""The person form and the career row as a journalist types it: each date in one text field."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from newsroom.typography import FrenchTypographyFormMixin

from .dates import PartialDateField, Precision
from .models import CareerEntry

# Which form field shows each model field's errors (the model's clean() names its own fields).
_ERROR_FIELDS = {
    "start_date": "start",
    "start_precision": "start",
    "end_date": "end",
    "end_precision": "end",
}


# The wording of the promotion offer (static/admin-extra/career-promotion.js), carried by the
# start field so that it is translated with the rest of the form; the script fills the names.
PROMOTION_TEXTS = {
    "data-promotion-offer": _("Clore « %(role)s » (depuis %(since)s) en %(date)s ?"),
    "data-promotion-offer-day": _("Clore « %(role)s » (depuis %(since)s) au %(date)s ?"),
    "data-promotion-button": _("Clore ce rôle"),
    "data-promotion-done": _("« %(role)s » prendra fin en %(date)s à l’enregistrement."),
    "data-promotion-done-day": _("« %(role)s » prendra fin le %(date)s à l’enregistrement."),
}


class CareerEntryForm(forms.ModelForm):
    """Replaces the date and precision pairs by ``start`` and ``end``, typed as « février 2019 »."""

    start = PartialDateField(label=capfirst(_("début")), required=False, widget=forms.TextInput(attrs=PROMOTION_TEXTS))
    end = PartialDateField(label=capfirst(_("fin")), required=False)

    class Meta:
        model = CareerEntry
        # Not the four date fields: ``start`` and ``end`` write them.
        fields = ["organisation", "role_title", "team", "summary", "ended", "announced_on", "destination", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            value = getattr(self.instance, f"{name}_date")
            if value is not None:
                self.initial.setdefault(name, (value, getattr(self.instance, f"{name}_precision")))

    def clean(self):
        cleaned_data = super().clean()
        # The model's clean() runs after this (in _post_clean) and sees the typed dates.
        for name in ("start", "end"):
            if name in self.errors:
                continue
            value, precision = cleaned_data.get(name) or (None, Precision.YEAR)
            setattr(self.instance, f"{name}_date", value)
            setattr(self.instance, f"{name}_precision", precision)
        return cleaned_data

    def _update_errors(self, errors):
        # The model reports « end_date »; the form has only « end ». Without the renaming
        # Django refuses an error on a field the form does not have.
        if hasattr(errors, "error_dict"):
            renamed = {}
            for field, messages in errors.error_dict.items():
                renamed.setdefault(_ERROR_FIELDS.get(field, field), []).extend(messages)
            errors = forms.ValidationError(renamed)
        super()._update_errors(errors)


class PersonForm(FrenchTypographyFormMixin, forms.ModelForm):
    """French typography on what a save changed; the name is left as typed (slug, search)."""

    typography_fields = ["short_description"]
    typography_html_fields = ["biography"]


class OrganisationForm(FrenchTypographyFormMixin, forms.ModelForm):
    typography_fields = ["description"]
