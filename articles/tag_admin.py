"""The editors' admin for the tag vocabulary: usage counts, variants, merging, autocomplete.

Replaces django-taggit's own ``Tag`` admin. Also holds ``ArticleDeskAdminMixin``, which the
article admin mixes in for tag autocomplete, bulk tag actions and the « personnes nommées
dans le texte » note, and ``ArticleTagFilter``, the article list's filter by tag, which this
admin's article counts link to.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from newsroom.slugs import LowercaseSlugAdminMixin
from people.tagging_admin import TaggingAdminMixin
from people.vocabulary import check_tag_names, find_variant, fold, normalize_name

from . import mentions
from .models import TagRedirect
from .tags import MERGE_PERMISSIONS, merge_preview, tags_merge, variant_groups, with_usage

AUTOCOMPLETE_SIZE = 10


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        """Refuse a tag that differs from an existing one only by case, accents or apostrophes."""
        name = normalize_name(self.cleaned_data["name"])
        check_tag_names([name])
        if self.instance.pk is None or fold(name) != fold(self.instance.name):
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


if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(LowercaseSlugAdminMixin, admin.ModelAdmin):
    form = TagForm
    list_display = ["name", "slug", "article_count", "person_count"]
    list_filter = [VariantFilter]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    actions = ["merge_tags"]
    # The total under a filter costs a second count of an annotated query; the filtered count is enough.
    show_full_result_count = False
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return with_usage(super().get_queryset(request))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, tag):
        # The way to the article list filtered by this tag (see ArticleTagFilter).
        if not tag.article_count:
            return 0
        url = reverse("admin:articles_article_changelist")
        query = urlencode({ArticleTagFilter.parameter_name: tag.pk})
        return format_html('<a href="{}?{}">{}</a>', url, query, tag.article_count)

    @admin.display(description=_("personnes"), ordering="person_count")
    def person_count(self, tag):
        return tag.person_count

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

        return [*super().get_list_display(request), variants]

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perms(MERGE_PERMISSIONS)

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
                result = tags_merge(sources=sources, target=target, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            self.message_user(
                request,
                _("%(count)d mot(s)-clé(s) fusionné(s) dans « %(target)s » ; leurs anciennes adresses redirigent vers lui.")
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
        tags = with_usage(Tag.objects.filter(Q(name__icontains=term) | Q(slug__icontains=fold(term))))
        tags = tags.order_by("-article_count", "-person_count", "name")[:AUTOCOMPLETE_SIZE]
        return JsonResponse({"results": [{"name": tag.name, "slug": tag.slug} for tag in tags]})


@admin.register(TagRedirect)
class TagRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "tag", "created_at"]
    list_select_related = ["tag"]
    search_fields = ["old_slug", "tag__name"]
    autocomplete_fields = ["tag"]


class ArticleTagFilter(admin.SimpleListFilter):
    """The article list by tag, without listing the vocabulary in the sidebar.

    Thousands of tags make no sidebar (and Django's own filter reads them all on every page):
    the tag is chosen in the tag admin, by name, and its article count links here. The sidebar
    shows the chosen tag, the way back to all articles and the way to the vocabulary: no query
    when no tag is chosen, one when one is. The address is the one of Django's own filter, so
    links made before keep working.
    """

    title = _("mot-clé")
    parameter_name = "tags__id__exact"

    def lookups(self, request, model_admin):
        value = self.value() or ""
        self.tag = Tag.objects.filter(pk=int(value)).first() if value.isascii() and value.isdigit() else None
        return [(str(self.tag.pk), self.tag.name)] if self.tag else []

    def has_output(self):
        return True

    def choices(self, changelist):
        yield from super().choices(changelist)
        if self.request.user.has_perm("taggit.view_tag"):
            yield {
                "selected": False,
                "query_string": reverse("admin:taggit_tag_changelist"),
                "display": _("Choisir un mot-clé…"),
            }

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        # An unknown or malformed tag number: no article carries that tag.
        return queryset.tagged(self.tag) if self.tag else queryset.none()


class ArticleDeskAdminMixin(TaggingAdminMixin):
    """For the article admin: tag autocomplete, bulk tag actions, and people named in the text."""

    mention_fieldset = (
        _("Personnes nommées dans le texte"),
        {
            "fields": ["people_named_in_text"],
            "description": _("Personnes de la base citées dans le corps mais pas encore rattachées à l’article."),
        },
    )

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "people_named_in_text"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and not any("people_named_in_text" in opts.get("fields", ()) for _n, opts in fieldsets):
            fieldsets.append(self.mention_fieldset)
        return fieldsets

    @admin.display(description=_("à rattacher ?"))
    def people_named_in_text(self, article):
        suggested = mentions.people_to_attach(article) if article.pk else []
        if not suggested:
            return _("Aucune : toutes les personnes nommées sont rattachées.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                ((reverse("admin:people_person_change", args=[p.pk]), p.name) for p in suggested),
            ),
        )
