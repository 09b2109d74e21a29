"""The article's inlines: body blocks and FAQ entries, edited with their article."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newsroom.richtext import RichTextField
from newsroom.sortable import SortableInlineMixin

from .models import Block, FaqEntry
from .permissions import can_edit


class ArticleChildInline:
    """Blocks and FAQ entries may be changed exactly when their article may be."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_edit(request.user, obj)


class BlockInline(ArticleChildInline, SortableInlineMixin, admin.StackedInline):
    model = Block
    extra = 0
    autocomplete_fields = [
        "speaker",
        "source_organisation",
        "timeline_person",
        "timeline_organisation",
        "people_list",
        "image",
    ]
    fieldsets = [
        (None, {"fields": [("kind", "position")]}),
        (
            _("Paragraphe, intertitre ou citation"),
            {
                "fields": ["text"],
                "description": _("Le texte du bloc. Laissez vide pour un parcours ou une liste."),
            },
        ),
        (
            _("Citation"),
            {
                "fields": [("speaker", "speaker_name"), ("source", "source_organisation")],
                "description": _(
                    "Pour une citation seulement : qui parle (une fiche ou, à défaut, un nom) "
                    "et où les propos ont été tenus."
                ),
            },
        ),
        (
            _("Parcours d’une personne"),
            {
                "fields": [("timeline_person", "timeline_organisation"), "date_display"],
                "description": _(
                    "Affiche les étapes de carrière de la personne, saisies sur sa fiche ; "
                    "limitez-les à une organisation si besoin."
                ),
            },
        ),
        (
            _("Liste de personnes et rôles"),
            {
                "fields": ["people_list"],
                "description": _("Choisissez une liste (ex. « Départs notables ») ou créez-la avec le bouton « + »."),
            },
        ),
        (
            _("Image"),
            {
                "fields": [("image", "image_caption")],
                "description": _(
                    "Choisissez une image de la photothèque ou ajoutez-la avec le bouton « + » ; "
                    "sa légende peut être remplacée pour cet article."
                ),
            },
        ),
    ]
    formfield_overrides = {
        # The body text of a block is a few lines, not a page.
        RichTextField: {"widget": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})},
    }


class FaqEntryInline(ArticleChildInline, SortableInlineMixin, admin.StackedInline):
    model = FaqEntry
    extra = 0
    fields = [("question", "position"), "answer"]
    formfield_overrides = {
        RichTextField: {"widget": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"})},
    }
