"""The editors' tools for the tag vocabulary: the tags box, the bulk tag actions, the Tag admin.

- ``TaggingAdminMixin`` gives an admin's ``tags`` field suggestions as you type and the
  vocabulary's rules (``VocabularyTagField``), and its list the bulk add/remove actions for
  editors; the person and article admins mix it in.
- ``TagAdmin`` replaces django-taggit's own: usage counts per tagged model (see
  ``registry``), variants, merging, and the names the autocomplete reads.

The autocomplete script is an external file and reads its endpoint from a ``data-``
attribute, so it runs under the site's strict CSP with no inline script.
"""

import taggit.admin  # noqa: F401  (taggit's Tag admin is registered first, then replaced below)
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import Script
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.forms import TagField, TagWidget
from taggit.models import Tag

from newsroom.admin_labels import FrenchLabelsAdminMixin
from newsroom.slugs import LowercaseSlugAdminMixin

from . import services
from .models import TagRedirect
from .registry import tagged_models
from .rules import canonical_tag_names, check_tag_names, find_variant, normalize_name, variant_groups, variant_key
from .selectors import merge_preview, most_used_first, with_usage

AUTOCOMPLETE_URL_NAME = "admin:taggit_tag_names"
AUTOCOMPLETE_SIZE = 10


# The tags box and the bulk tag actions, for the admins of tagged models.


class TagAutocompleteWidget(TagWidget):
    """taggit's comma-separated text box, with suggestions from the tag vocabulary as you type."""

    class Media:
        js = [Script("admin-extra/tag-autocomplete.js", defer=True)]
        css = {"all": ["admin-extra/tag-autocomplete.css"]}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        try:
            url = reverse(AUTOCOMPLETE_URL_NAME)
        except NoReverseMatch:  # the tag admin is not installed: a plain text box still works
            return context
        context["widget"]["attrs"].update({"data-tag-autocomplete": url, "autocomplete": "off"})
        return context


class VocabularyTagField(TagField):
    """taggit's comma-separated field, refusing names a tag cannot be made of (« ?! ») and
    using the existing tag for a name the tag admin would call a variant of it (« Tést »)."""

    def clean(self, value):
        names = canonical_tag_names(super().clean(value))
        check_tag_names(names)
        return names


class BulkTagsForm(forms.Form):
    tags = VocabularyTagField(
        label=_("Mots-clés"),
        widget=TagAutocompleteWidget(attrs={"class": "vTextField"}),
        help_text=_("Séparez les mots-clés par des virgules : IA, sécurité de l’IA."),
    )


def _bulk_tags(modeladmin, request, queryset, *, service, title, done_message):
    """The intermediate page of a bulk action: ask which tags, then call ``service``."""
    if not request.user.has_perm(services.BULK_TAG_PERMISSION):
        raise PermissionDenied
    form = BulkTagsForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        try:
            count = service(objects=queryset, names=form.cleaned_data["tags"], user=request.user)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        modeladmin.message_user(request, done_message(count), messages.SUCCESS)
        return None
    opts = modeladmin.model._meta
    return TemplateResponse(
        request,
        "admin/bulk_tags.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "opts": opts,
            "form": form,
            "media": modeladmin.media + form.media,
            "objects": queryset,
            "action": request.POST.get("action"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        },
    )


@admin.action(description=_("Ajouter des mots-clés aux éléments sélectionnés"), permissions=["bulk_tag"])
def add_tags(modeladmin, request, queryset):
    return _bulk_tags(
        modeladmin,
        request,
        queryset,
        service=services.tags_add,
        title=_("Ajouter des mots-clés"),
        done_message=lambda n: (
            ngettext("Mots-clés ajoutés à %(count)d élément.", "Mots-clés ajoutés à %(count)d éléments.", n)
            % {"count": n}
        ),
    )


@admin.action(description=_("Retirer des mots-clés des éléments sélectionnés"), permissions=["bulk_tag"])
def remove_tags(modeladmin, request, queryset):
    return _bulk_tags(
        modeladmin,
        request,
        queryset,
        service=services.tags_remove,
        title=_("Retirer des mots-clés"),
        done_message=lambda n: (
            ngettext("Mots-clés retirés de %(count)d élément.", "Mots-clés retirés de %(count)d éléments.", n)
            % {"count": n}
        ),
    )


class TaggingAdminMixin:
    """Tag autocomplete on the ``tags`` field and the bulk tag actions, for editors."""

    def has_bulk_tag_permission(self, request) -> bool:
        return request.user.has_perm(services.BULK_TAG_PERMISSION)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # Added here rather than in ``actions`` so an admin's own actions list stays its own.
        actions = super().get_actions(request, action_location=action_location)
        if self.has_bulk_tag_permission(request):
            for action in (add_tags, remove_tags):
                found = self.get_action(action, action_location)
                if found is not None:  # a list action: not offered on the change form
                    actions[action.__name__] = found
        return actions

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            kwargs["widget"] = TagAutocompleteWidget(attrs={"class": "vTextField"})
            kwargs["form_class"] = VocabularyTagField
            kwargs["help_text"] = _("Séparez les mots-clés par des virgules : IA, sécurité de l’IA, OpenAI.")
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# The Tag admin.


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        """Refuse a tag that differs from an existing one only by case, accents or apostrophes."""
        name = normalize_name(self.cleaned_data["name"])
        check_tag_names([name])
        if self.instance.pk is None or variant_key(name) != variant_key(self.instance.name):
            existing = find_variant(name, exclude_pk=self.instance.pk)
            if existing is not None:
                raise ValidationError(
                    _("« %(name)s » existe déjà sous la forme « %(existing)s » : utilisez ce mot-clé."),
                    params={"name": name, "existing": existing.name},
                    code="variant",
                )
        return name


class VariantFilter(admin.SimpleListFilter):
    """Tags that have another spelling differing only by case, accents or apostrophes."""

    title = _("variantes")
    parameter_name = "variantes"

    def lookups(self, request, model_admin):
        return [("oui", _("avec des variantes"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            ids = [tag.pk for group in variant_groups(Tag.objects.only("pk", "name")).values() for tag in group]
            return queryset.filter(pk__in=ids)
        return queryset


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Fusionner dans"),
        queryset=Tag.objects.order_by("name"),
        help_text=_("Le mot-clé conservé ; les autres mots-clés sélectionnés y sont fusionnés puis supprimés."),
    )


def usage_column(tagged):
    """The tag admin's column for one tagged model: its count, linked to the model's admin list
    filtered by the tag when that list has such a filter."""

    @admin.display(description=tagged.title, ordering=tagged.count_name)
    def column(tag):
        count = getattr(tag, tagged.count_name)
        if not count or not tagged.changelist_filter:
            return count
        opts = tagged.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return format_html('<a href="{}?{}">{}</a>', url, urlencode({tagged.changelist_filter: tag.pk}), count)

    # The column's name, and the cell's class (« field-article_count »).
    column.__name__ = tagged.count_name
    return column


if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(LowercaseSlugAdminMixin, FrenchLabelsAdminMixin, admin.ModelAdmin):
    form = TagForm
    # Then a usage count per tagged model and the variants (get_list_display).
    list_display = ["name", "slug"]
    list_filter = [VariantFilter]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    actions = ["merge_tags"]
    # The total under a filter costs a second count of an annotated query; the filtered count is enough.
    show_full_result_count = False
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return with_usage(super().get_queryset(request))

    def get_list_display(self, request):
        # The variants of every tag on the page come from one read of the vocabulary's
        # names, made once per request and closed over by the column.
        if not hasattr(request, "_tag_variants"):
            groups = variant_groups(Tag.objects.only("pk", "name"))
            request._tag_variants = {
                tag.pk: [t for t in group if t.pk != tag.pk] for group in groups.values() for tag in group
            }
        others = request._tag_variants

        @admin.display(description=_("variantes"))
        def variants(tag):
            return ", ".join(t.name for t in others.get(tag.pk, [])) or "—"

        usage = [usage_column(tagged) for tagged in tagged_models()]
        return [*super().get_list_display(request), *usage, variants]

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perms(services.MERGE_PERMISSIONS)

    @admin.action(description=_("Fusionner les mots-clés sélectionnés"), permissions=["merge"])
    def merge_tags(self, request, queryset):
        """Ask which tag to keep, show what will move, then merge (on confirmation)."""
        selected = list(queryset.order_by("name"))
        form = MergeForm(request.POST if "confirm" in request.POST else None, initial={"target": selected[0]})
        if form.is_valid():
            target = form.cleaned_data["target"]
            # Selecting only the target means merging it into itself: the service says why not.
            sources = [tag for tag in selected if tag.pk != target.pk] or [target]
            try:
                result = services.tags_merge(sources=sources, target=target, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            self.message_user(
                request,
                _(
                    "%(count)d mot(s)-clé(s) fusionné(s) dans « %(target)s » ; "
                    "leurs anciennes adresses redirigent vers lui."
                )
                % {"count": len(result.redirected_slugs), "target": target.name},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/taggit/tag/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Fusionner des mots-clés"),
                "opts": self.model._meta,
                "form": form,
                "tagged_models": tagged_models(),
                "preview": merge_preview(sources=selected),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def get_urls(self):
        return [
            path("noms/", self.admin_site.admin_view(self.names_view), name="taggit_tag_names"),
            *super().get_urls(),
        ]

    def names_view(self, request):
        """Tag names for the autocomplete of the tags fields: the most used first (JSON)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        term = request.GET.get("q", "").strip()
        if not term:
            return JsonResponse({"results": []})
        tags = most_used_first(Tag.objects.filter(Q(name__icontains=term) | Q(slug__icontains=variant_key(term))))
        return JsonResponse({"results": [{"name": tag.name, "slug": tag.slug} for tag in tags[:AUTOCOMPLETE_SIZE]]})


@admin.register(TagRedirect)
class TagRedirectAdmin(FrenchLabelsAdminMixin, admin.ModelAdmin):
    list_display = ["old_slug", "tag", "created_at"]
    list_select_related = ["tag"]
    search_fields = ["old_slug", "tag__name"]
    autocomplete_fields = ["tag"]
