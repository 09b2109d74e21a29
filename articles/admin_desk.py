"""The article admin's desk: the article list's filter by tag, and ``ArticleDeskAdminMixin``,
which the article admin mixes in for tag autocomplete, bulk tag actions (from the tag
vocabulary, ``newsroom.vocabulary.admin``) and the « personnes nommées dans le texte » note.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from newsroom.vocabulary.admin import TaggingAdminMixin

from . import mentions


class ArticleTagFilter(admin.SimpleListFilter):
    """The article list by tag, without listing the vocabulary in the sidebar.

    Thousands of tags make no sidebar (and Django's own filter reads them all on every page):
    the tag is chosen in the tag admin, by name, and its article count links here (the
    parameter is registered with the vocabulary in ``ArticlesConfig.ready()``). The sidebar
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

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "people_named_in_text"]

    def get_fieldsets(self, request, obj=None):
        # A saved story lists, under the people it cites, those its text names but it does
        # not cite yet: one line where it is acted upon, not a section of its own.
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        if obj is None or any("people_named_in_text" in options.get("fields", ()) for _n, options in fieldsets):
            return fieldsets
        for _name, options in fieldsets:
            fields = list(options.get("fields", ()))
            if "people" in fields:
                fields.insert(fields.index("people") + 1, "people_named_in_text")
                options["fields"] = fields
                return fieldsets
        return [*fieldsets, (None, {"fields": ["people_named_in_text"]})]

    @admin.display(description=_("personnes nommées dans le texte, à rattacher"))
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
