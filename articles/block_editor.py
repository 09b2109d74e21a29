"""The typed block editor: each body block is edited with its own kind's fields only.

A block's kind is chosen when it is added and does not change afterwards; the form holds the
fields of that kind and nothing else, so a block never keeps another kind's leftovers, a
form posting another kind's fields is refused, and the change form stays small.
"""

from html import unescape

from django import forms
from django.contrib.admin.helpers import InlineAdminForm
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsroom.sortable import OrderedInlineForm
from newsroom.typography import FrenchTypographyFormMixin

from .models import Block

Kind = Block.Kind

# What a journalist sees of each kind: the fields in their layout, and a line of help.
KIND_FIELDSETS = {
    Kind.PARAGRAPH: [(None, {"fields": ["text"]})],
    Kind.HEADING: [(None, {"fields": ["text"]})],
    Kind.QUOTE: [
        (
            None,
            {
                "fields": ["text", ("speaker", "speaker_name"), ("source", "source_organisation")],
                "description": _(
                    "Qui parle : une fiche personne ou, à défaut, un nom ; et où les propos ont été tenus."
                ),
            },
        )
    ],
    Kind.TIMELINE: [
        (
            None,
            {
                "fields": [("timeline_person", "timeline_organisation"), "date_display"],
                "description": _(
                    "Affiche les étapes de carrière de la personne, saisies sur sa fiche ; "
                    "limitez-les à une organisation si besoin."
                ),
            },
        )
    ],
    Kind.PEOPLE_LIST: [
        (
            None,
            {
                "fields": ["people_list"],
                "description": _("Choisissez une liste (ex. « Départs notables ») ou créez-la avec le bouton « + »."),
            },
        )
    ],
    Kind.FAQ: [
        (
            None,
            {
                "fields": [],
                "description": _("Les questions et réponses de l’article (plus bas) s’affichent à cet endroit."),
            },
        )
    ],
    Kind.IMAGE: [
        (
            None,
            {
                "fields": [("image", "image_caption")],
                "description": _(
                    "Choisissez une image de la photothèque ou ajoutez-la avec le bouton « + » ; "
                    "sa légende peut être remplacée pour cet article."
                ),
            },
        )
    ],
}
KIND_FIELDS = {name for names in Block.FIELDS.values() for name in names}
# A heading is one line of text: longer than this is a paragraph typed in the wrong block.
HEADING_MAX_LENGTH = 200


class BlockForm(FrenchTypographyFormMixin, OrderedInlineForm):
    """One block, holding its kind's fields only, in French typography where it was typed."""

    typography_fields = ["speaker_name", "source"]
    typography_html_fields = ["text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["kind"].error_messages["invalid_choice"] = _("Type de bloc inconnu : « %(value)s ».")
            self.fields["kind"].error_messages["required"] = _("Type de bloc inconnu : « ».")
        self.block_kind = self._kind()
        if self.block_kind is None:
            # The generic empty form, never shown: every field, for Django's formset machinery.
            return
        for name in KIND_FIELDS - set(Block.FIELDS[self.block_kind]):
            self.fields.pop(name, None)
        if self.block_kind == Kind.HEADING:
            # One line of plain text, shown and counted as typed (« & », not « &amp; »); a
            # heading saved longer before the limit keeps its length.
            stored = unescape(self.instance.text) if self.instance.pk else ""
            self.fields["text"] = forms.CharField(
                label=_("intertitre"),
                max_length=max(HEADING_MAX_LENGTH, len(stored)),
                widget=forms.TextInput(attrs={"class": "vLargeTextField"}),
            )
            if self.instance.pk:
                self.initial["text"] = stored

    def _kind(self):
        if self.instance.pk:
            return self.instance.kind
        value = self.data.get(self.add_prefix("kind")) if self.is_bound else self.initial.get("kind")
        return value if value in Kind.values else None

    def clean_text(self):
        value = self.cleaned_data.get("text", "")
        if self.block_kind == Kind.HEADING:
            # Stored as the HTML every block's text is: what was typed, escaped.
            return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return value

    def clean_kind(self):
        kind = self.cleaned_data.get("kind")
        if self.instance.pk and kind != self.instance.kind:
            raise forms.ValidationError(
                gettext(
                    "Le type d’un bloc enregistré ne change pas : ajoutez un bloc « %(kind)s » et supprimez celui-ci."
                )
                % {"kind": Kind(kind).label if kind in Kind.values else kind},
                code="kind_changed",
            )
        return kind

    def clean(self):
        cleaned = super().clean()
        if self.block_kind is None:
            if self.is_bound and "kind" not in self.errors:
                self.add_error("kind", gettext("Type de bloc inconnu."))
            return cleaned
        foreign = [name for name in sorted(KIND_FIELDS - set(Block.FIELDS[self.block_kind])) if self._posted(name)]
        if foreign:
            # Only a hand-made request sends them: the page shows a block's own fields only.
            labels = ", ".join(f"« {Block._meta.get_field(name).verbose_name} »" for name in foreign)
            self.add_error(
                None,
                gettext("Un bloc « %(kind)s » n’a pas de champ %(fields)s : rien n’a été enregistré.")
                % {"kind": Kind(self.block_kind).label, "fields": labels},
            )
        # What another kind would hold is cleared, so the stored block is its kind and nothing else.
        for name in KIND_FIELDS - set(Block.FIELDS[self.block_kind]):
            field = Block._meta.get_field(name)
            setattr(self.instance, field.attname, field.get_default())
        return cleaned

    def _posted(self, name) -> bool:
        """Whether the request carries a value for ``name`` (its default carries nothing)."""
        value = self.data.get(self.add_prefix(name), "")
        return value not in ("", None, Block._meta.get_field(name).get_default())


class BlockFormSet(BaseInlineFormSet):
    def empty_form_of(self, kind):
        """The template a new block of ``kind`` is made from (see block-editor.js)."""
        form = self.form(
            **self.get_form_kwargs(None),
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            renderer=self.form_renderer,
            initial={"kind": kind},
        )
        self.add_fields(form, None)
        return form


def kind_admin_form(inline_admin_form):
    """The admin's wrapper of one block form, laid out with its kind's fieldsets."""
    form = inline_admin_form.form
    kind = getattr(form, "block_kind", None) or Kind.PARAGRAPH
    return InlineAdminForm(
        inline_admin_form.formset,
        form,
        [(None, {"fields": [("kind", "position")]}), *KIND_FIELDSETS[kind]],
        {},
        inline_admin_form.original,
        inline_admin_form.readonly_fields,
        model_admin=inline_admin_form.model_admin,
    )


def kind_templates(inline_admin_formset):
    """One empty block per kind, each with its own fields, for the « Ajouter » buttons."""
    formset = inline_admin_formset.formset
    for kind in Kind:
        form = formset.empty_form_of(kind)
        admin_form = InlineAdminForm(
            formset,
            form,
            inline_admin_formset.fieldsets,
            {},
            None,
            inline_admin_formset.readonly_fields,
            model_admin=inline_admin_formset.opts,
        )
        yield kind, kind_admin_form(admin_form)
