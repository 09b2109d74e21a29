"""The admin for people, organisations, careers and the people lists articles embed."""

from django.contrib import admin
from django.forms import Script
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from newsroom.admin_labels import FrenchLabelsAdminMixin
from newsroom.review_admin import ReviewedAdminMixin
from newsroom.short_choices import ShortChoicesAdminMixin
from newsroom.slugs import LowercaseSlugAdminMixin
from newsroom.sortable import SortableInlineMixin
from newsroom.vocabulary.admin import TaggingAdminMixin

from .csv_import import write_csv
from .forms import CareerEntryForm, OrganisationForm, PersonForm
from .models import CareerEntry, Organisation, PeopleList, PeopleListMember, Person


class CareerEntryInline(ShortChoicesAdminMixin, admin.StackedInline):
    model = CareerEntry
    form = CareerEntryForm
    fk_name = "person"
    # The next row appears as one is used (inline-rows.js), starting at the organisation of
    # the row above.
    classes = ["auto-rows", "carry-organisation"]
    autocomplete_fields = ["organisation", "destination"]
    fieldsets = [
        (None, {"fields": [("organisation", "role_title", "team"), "summary"]}),
        (
            _("Dates"),
            {
                "fields": [("start", "end", "ended")],
                "description": _(
                    "Écrivez la date comme vous la connaissez : 2015, février 2019, 02/2019, "
                    "1er mars 2025 ou 01/03/2025. Une fin peut être saisie sans début."
                ),
            },
        ),
        (
            _("Départ"),
            # One line: most roles have no departure to tell.
            {"fields": [("announced_on", "destination", "note")]},
        ),
    ]

    def get_extra(self, request, obj=None, **kwargs):
        # A new person opens with an empty row to type in; a saved one adds rows with « Ajouter ».
        return 1 if obj is None else 0

    class Media:
        # Offers to close an open role when a later one starts at the same organisation.
        js = [Script("admin-extra/career-promotion.js", defer=True), Script("admin-extra/inline-rows.js", defer=True)]
        css = {"all": ["admin-extra/career-promotion.css"]}


@admin.action(description=_("Exporter les carrières en CSV (réimportable)"), permissions=["view"])
def export_careers_csv(modeladmin, request, queryset):
    """The selected people's career entries in ``import_people``'s columns."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"carrieres-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, queryset)
    return response


class ArticleDependentsMixin:
    """Refuse to delete what articles show through a many-to-many link: a byline, a person or
    an organisation cited. Django would quietly drop those links and the articles would lose
    them; instead the delete page lists the articles, as it does for protected objects.

    ``article_relations``: (reverse accessor on the object, how the article uses it).
    """

    article_relations: tuple = ()

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            for accessor, usage in self.article_relations:
                for article in getattr(obj, accessor).order_by("headline"):
                    protected.append(
                        format_html(
                            '{} : <a href="{}">{}</a> ({} : {})',
                            capfirst(article._meta.verbose_name),
                            reverse("admin:articles_article_change", args=[article.pk]),
                            article.headline,
                            usage,
                            obj,
                        )
                    )
        return deleted, model_count, perms_needed, protected


@admin.register(Person)
class PersonAdmin(
    ReviewedAdminMixin,
    LowercaseSlugAdminMixin,
    ArticleDependentsMixin,
    TaggingAdminMixin,
    FrenchLabelsAdminMixin,
    admin.ModelAdmin,
):
    form = PersonForm
    article_relations = (("bylines", _("signature")), ("featured_in", _("personne citée")))
    inlines = [CareerEntryInline]
    list_display = ["name", "short_description", "is_public", "updated_at"]
    list_filter = ["is_public", "tags"]
    search_fields = ["name", "short_description"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "short_description", "portrait", "biography", ("x_url", "website"), "tags", "is_public"]
    autocomplete_fields = ["portrait"]
    actions = [export_careers_csv]


@admin.register(Organisation)
class OrganisationAdmin(
    ReviewedAdminMixin, LowercaseSlugAdminMixin, ArticleDependentsMixin, FrenchLabelsAdminMixin, admin.ModelAdmin
):
    form = OrganisationForm
    article_relations = (("featured_in", _("organisation citée")),)
    list_display = ["name", "kind", "website", "is_public"]
    list_filter = ["kind", "is_public"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["logo"]


class PeopleListMemberInline(ShortChoicesAdminMixin, SortableInlineMixin, admin.TabularInline):
    model = PeopleListMember
    classes = [*SortableInlineMixin.classes, "auto-rows"]
    autocomplete_fields = ["person"]
    fields = ["person", "position"]

    def get_extra(self, request, obj=None, **kwargs):
        # A new list opens with an empty row to choose in; the next appears once it is used.
        return 1 if obj is None else 0

    # Its own Media replaces the mixin's, which is named again.
    class Media:
        js = [*SortableInlineMixin.Media.js, Script("admin-extra/inline-rows.js", defer=True)]
        css = SortableInlineMixin.Media.css


@admin.register(PeopleList)
class PeopleListAdmin(ReviewedAdminMixin, ShortChoicesAdminMixin, FrenchLabelsAdminMixin, admin.ModelAdmin):
    inlines = [PeopleListMemberInline]
    list_display = ["title", "organisation", "is_public", "updated_at"]
    list_select_related = ["organisation"]
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation"]
