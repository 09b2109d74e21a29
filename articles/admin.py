"""The newsroom's admin for articles: body blocks and FAQ inline, sections, the site's titles."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from newsroom.richtext import RichTextField
from people.admin import SortableInlineMixin

from .models import Article, Block, FaqEntry, Section

admin.site.site_header = format_lazy("{} — {}", settings.NEWSROOM_SITE_NAME, _("administration"))
admin.site.site_title = format_lazy("{} — {}", settings.NEWSROOM_SITE_NAME, _("administration"))
admin.site.index_title = _("Tableau de bord de la rédaction")

# The permission that separates editors from journalists. It is created by the roles
# migration (articles/migrations/0003_roles.py) and given to editors only.
PUBLISH_PERMISSION = "articles.publish_article"


class BlockInline(SortableInlineMixin, admin.StackedInline):
    model = Block
    extra = 0
    autocomplete_fields = [
        "speaker",
        "source_organisation",
        "timeline_person",
        "timeline_organisation",
        "people_list",
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
                "description": _(
                    "Choisissez une liste (ex. « Départs notables ») ou créez-la avec le bouton « + »."
                ),
            },
        ),
    ]
    formfield_overrides = {
        # The body text of a block is a few lines, not a page.
        RichTextField: {"widget": forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"})},
    }


class FaqEntryInline(SortableInlineMixin, admin.StackedInline):
    model = FaqEntry
    extra = 0
    fields = [("question", "position"), "answer"]
    formfield_overrides = {
        RichTextField: {"widget": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"})},
    }


class StatusFilter(admin.SimpleListFilter):
    """The workflow status, with scheduled articles told apart from those already online."""

    title = _("statut")
    parameter_name = "statut"

    def lookups(self, request, model_admin):
        return [
            (Article.Status.DRAFT, Article.Status.DRAFT.label),
            (Article.Status.REVIEW, Article.Status.REVIEW.label),
            ("online", _("publié (en ligne)")),
            ("scheduled", _("programmé")),
            (Article.Status.UNPUBLISHED, Article.Status.UNPUBLISHED.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "online":
            return queryset.published()
        if value == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED).exclude(
                pk__in=Article.objects.published().values("pk")
            )
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    inlines = [BlockInline, FaqEntryInline]
    list_display = ["headline", "status_label", "section", "published_at", "updated_at"]
    list_filter = [StatusFilter, "section", "tags", ("authors", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["section"]
    search_fields = ["headline", "slug", "standfirst", "seo_title", "social_title", "authors__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "authors", "people", "organisations"]
    readonly_fields = ["first_published_at", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", ("section", "language")]}),
        (
            _("Signatures et sujets"),
            {
                "fields": ["authors", "people", "organisations", "tags"],
                "description": _(
                    "Les mots-clés se séparent par des virgules : IA, sécurité de l’IA, OpenAI."
                ),
            },
        ),
        (_("Publication"), {"fields": [("status", "published_at")]}),
        (
            _("Référencement et partage"),
            {
                "classes": ["collapse"],
                "fields": ["seo_title", "social_title"],
                "description": _("Facultatifs : le titre de l’article sert à défaut."),
            },
        ),
        (
            _("Historique"),
            {
                "classes": ["collapse"],
                "fields": [("created_by", "created_at"), ("first_published_at", "updated_at")],
            },
        ),
    ]

    @admin.display(description=_("statut"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return _("programmé")
        return obj.get_status_display()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and formfield.help_text:
            # The admin prints help texts as HTML, and the SEO title's names the <title> tag in
            # plain words: unescaped, that opens a <title> element that swallows the page.
            formfield.help_text = escape(formfield.help_text)
        return formfield

    def can_publish(self, request) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # A journalist drafts and submits for review; publishing is an editor's decision.
        if db_field.name == "status" and not self.can_publish(request):
            kwargs["choices"] = [
                (Article.Status.DRAFT, Article.Status.DRAFT.label),
                (Article.Status.REVIEW, Article.Status.REVIEW.label),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        settled = obj is not None and obj.status not in (
            Article.Status.DRAFT,
            Article.Status.REVIEW,
        )
        if settled and not self.can_publish(request):
            # Saving a published article must not unpublish it or move its date.
            fields += ["status", "published_at"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
