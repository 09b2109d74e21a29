"""The newsroom's admin for articles: body blocks and FAQ inline, sections, the site's titles.

The article admin is also the editorial workflow's desk: roles are enforced per article
(``articles.permissions``), status changes go through the named operations of
``articles.services``, every save is a revision (django-reversion) and a save made over
someone else's newer one is refused (``ArticleAdminForm``).
"""

import functools

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, models
from django.db.models import F
from django.http import Http404
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from newsroom.admin_labels import FrenchLabelsAdminMixin
from newsroom.admin_widgets import CharCountInput, CharCountTextarea
from newsroom.pagination import CappedPaginator
from newsroom.slugs import LowercaseSlugAdminMixin
from newsroom.typography import FrenchTypographyFormMixin

from . import admin_search, presence, revisions, services, workflow, workflow_views
from .admin_blocks import BlockInline, FaqEntryInline
from .admin_desk import ArticleDeskAdminMixin, ArticleTagFilter
from .models import Article, Section
from .permissions import can_edit, can_publish

admin.site.site_header = format_lazy("{} — {}", settings.NEWSROOM_SITE_NAME, _("administration"))
admin.site.site_title = format_lazy("{} — {}", settings.NEWSROOM_SITE_NAME, _("administration"))
admin.site.index_title = _("Tableau de bord de la rédaction")


class StatusFilter(admin.SimpleListFilter):
    """The workflow status, with scheduled and embargoed articles told apart from those online."""

    title = _("statut")
    parameter_name = "statut"

    def lookups(self, request, model_admin):
        State = workflow.State
        return [
            (State.DRAFT, State.DRAFT.label),
            (State.REVIEW, State.REVIEW.label),
            ("online", _("publié (en ligne)")),
            (State.SCHEDULED, State.SCHEDULED.label),
            ("embargo", workflow.EMBARGOED),
            (State.UNPUBLISHED, State.UNPUBLISHED.label),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "online":
            return queryset.published()
        if value == workflow.State.SCHEDULED:
            return queryset.scheduled()
        if value == "embargo":
            return queryset.embargoed()
        if value == workflow.State.REVIEW:
            return queryset.in_review()
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


class MineFilter(admin.SimpleListFilter):
    """« Mes articles »: the ones the signed-in user created.

    Accounts are not linked to the people who sign (``Person``), and a filter listing every
    author would be thousands of names at archive scale, read by a slow query on every
    page: an author is found by name in the search box instead. The creator is also whom
    ``permissions.can_edit`` lets work on a draft, so for a journalist these are the articles
    they write.
    """

    title = _("auteur")
    parameter_name = "auteur"

    def lookups(self, request, model_admin):
        return [("moi", _("Mes articles (créés par moi)"))]

    def queryset(self, request, queryset):
        if self.value() == "moi":
            return queryset.filter(created_by=request.user)
        return queryset


class ArticleAdminForm(FrenchTypographyFormMixin, forms.ModelForm):
    """The article form, with optimistic locking against lost edits, and French typography
    on the titles and standfirst a save changed.

    The form carries the edit number (``Article.version``) it was opened with. If someone
    saved the article since, the save is refused with what they changed, and the person's
    own input stays in the form; the form then carries the new number, so saving again
    knowingly replaces the other version.
    """

    loaded_version = forms.IntegerField(label=_("version chargée"), widget=forms.HiddenInput, required=False)
    typography_fields = ["headline", "seo_title", "social_title", "standfirst"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        embargo = cleaned.get("embargo_until")
        if "embargo_until" in self.changed_data and embargo is not None and embargo <= timezone.now():
            self.add_error("embargo_until", gettext("La fin de l’embargo doit être à venir."))
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is None and "loaded_version" not in self.errors:
            # A form that does not say which version it edits could overwrite any: refused,
            # and the input kept, carrying the current number for a knowing second save.
            current = Article.objects.get(pk=self.instance.pk)
            data = self.data.copy()
            data[self.add_prefix("loaded_version")] = str(current.version)
            self.data = data
            raise forms.ValidationError(
                gettext(
                    "Ce formulaire ne dit pas quelle version de l’article il modifie : vos saisies "
                    "sont conservées ci-dessous ; vérifiez-les, puis enregistrez à nouveau."
                ),
                code="no_version",
            )
        if self.instance.pk and loaded is not None:
            # Locked until the admin's transaction ends, so no save can slip in between.
            current = Article.objects.select_for_update().get(pk=self.instance.pk)
            if current.version != loaded:
                self._refuse_stale_save(current, loaded)
        return cleaned

    def _refuse_stale_save(self, current: Article, loaded: int):
        version = revisions.version_with_number(current, loaded)
        latest = revisions.versions_of(current).first()
        self.conflict = (
            revisions.diff_snapshots(revisions.version_snapshot(version), revisions.current_snapshot(current))
            if version is not None
            else None
        )
        # The next save, made after reading the message, replaces the other version.
        data = self.data.copy()
        data[self.add_prefix("loaded_version")] = str(current.version)
        self.data = data
        who = latest.revision.user if latest is not None and latest.revision.user else None
        message = gettext(
            "Entre-temps, %(who)s a enregistré cet article (à %(when)s). Vos saisies sont "
            "conservées ci-dessous : vérifiez les changements, puis enregistrez à nouveau "
            "pour remplacer sa version par la vôtre."
        ) % {
            "who": (who.get_full_name() or who.get_username()) if who else gettext("quelqu’un"),
            "when": formats.time_format(timezone.localtime(current.updated_at), "H:i"),
        }
        if self.conflict:
            message += " " + gettext("Champs modifiés : %(fields)s.") % {
                "fields": ", ".join(change.label for change in self.conflict)
            }
        raise ValidationError(message, code="conflict")


# The submit button that saves a draft and sends it to the desk (submit_line.html).
SUBMIT_REVIEW = "_submit_review"


@admin.register(Article)
class ArticleAdmin(LowercaseSlugAdminMixin, ArticleDeskAdminMixin, FrenchLabelsAdminMixin, VersionAdmin):
    form = ArticleAdminForm
    inlines = [BlockInline, FaqEntryInline]
    list_display = ["headline", "status_label", "section", "publication", "updated_at"]
    # Every filter answers without reading the archive: no list of authors or tags (see
    # MineFilter, ArticleTagFilter), and periods instead of date_hierarchy, whose years
    # are a DISTINCT over every article.
    list_filter = [
        StatusFilter,
        MineFilter,
        "section",
        ("published_at", admin.DateFieldListFilter),
        ArticleTagFilter,
    ]
    list_select_related = ["section"]
    # The desk's order: stories without a date (drafts, in review) first, then scheduled ones,
    # then the newest published. PostgreSQL sorts NULL first in a descending order and SQLite
    # last: said explicitly, both list the same. PostgreSQL reads it backwards from the
    # (published_at, id) index.
    # The publication column sorts the same way, either way round (see publication()).
    ordering = [F("published_at").desc(nulls_first=True), "-pk"]
    # On SQLite only; PostgreSQL searches through get_search_results().
    search_fields = ["headline", "slug", "standfirst", "seo_title", "social_title", "authors__name"]
    # The paginator's count is enough; the « N au total » under a filter is a second full count.
    show_full_result_count = False
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "authors", "people", "organisations", "hero_image"]
    readonly_fields = [
        "first_published_at",
        "created_by",
        "created_at",
        "updated_at",
        "status_changed_at",
        "status_changed_by",
    ]
    actions = ["publish_selected", "unpublish_selected", "return_to_draft_selected"]
    change_form_template = "admin/articles/article/change_form.html"

    # What a newsroom aims for (a count under each field, never a limit: max_length stays the
    # model's). The reasons are in the commit that set them.
    recommended_lengths = {"headline": 90, "seo_title": 60, "social_title": 90, "standfirst": 280}

    class Media:
        css = {"all": ["admin-extra/workflow.css", "admin-extra/editor-forms.css"]}

    object_history_template = "admin/articles/article/object_history.html"
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", ("section", "language"), "hero_image"]}),
        (
            _("Signatures et sujets"),
            {"fields": ["authors", "people", "organisations", "tags"]},
        ),
        (
            _("Publication"),
            # One row: the status and the two times that decide when readers see the story.
            {"fields": [("status", "published_at", "embargo_until"), "loaded_version"]},
        ),
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
                "fields": [
                    ("created_by", "created_at"),
                    ("first_published_at", "updated_at"),
                    ("status_changed_by", "status_changed_at"),
                ],
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            # A saved story's status and dates are changed from the « Circuit de publication »
            # panel beside the form: here they fold, one click away.
            fieldsets = [
                (name, {**options, "classes": ["collapse"]}) if name == _("Publication") else (name, options)
                for name, options in fieldsets
            ]
        if obj is not None and not self.has_change_permission(request, obj):
            # Read only: the edit number the form carries is not something to read.
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "loaded_version"]})
                for name, options in fieldsets
            ]
        return fieldsets

    @admin.display(description=_("statut"), ordering="status")
    def status_label(self, obj):
        return workflow.status_summary(obj)

    @admin.display(description=_("publication"), ordering=F("published_at").asc(nulls_last=True))
    def publication(self, obj):
        # The date column, sorted with undated stories after the oldest and, reversed (the
        # default), before the newest, on both databases.
        return obj.published_at

    def get_changelist_instance(self, request):
        # A date in the address becomes SQL only when the list is read, so an impossible one
        # (?published_at__year=99999, as a hand-typed or old address may hold) fails there, not where
        # Django checks filters: it gets the same answer as any wrong filter (the « e=1 » list).
        try:
            return super().get_changelist_instance(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # A search counts at most CappedPaginator.cap matches; a plain or filtered list is
        # counted in full (an index-only count), so every article stays a page away.
        paginator = CappedPaginator if request.GET.get(SEARCH_VAR) else self.paginator
        return paginator(queryset, per_page, orphans, allow_empty_first_page)

    def get_search_results(self, request, queryset, search_term):
        if connections[queryset.db].vendor != "postgresql":
            return super().get_search_results(request, queryset, search_term)
        return admin_search.desk_search(queryset, search_term), False

    @property
    def search_help_text(self):
        if connections[Article.objects.db].vendor != "postgresql":
            return None
        return admin_search.HELP_TEXT

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        recommended = self.recommended_lengths.get(db_field.name)
        if recommended is not None:
            # As wide as the form, with a live count against the recommended length.
            if isinstance(db_field, models.TextField):
                kwargs["widget"] = CharCountTextarea(recommended=recommended, attrs={"rows": 4})
            else:
                kwargs["widget"] = CharCountInput(recommended=recommended)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and formfield.help_text:
            # The admin prints help texts as HTML: a help naming a tag in plain words (« <title> »)
            # would open that element and swallow the rest of the form.
            formfield.help_text = escape(formfield.help_text)
        return formfield

    # Roles, checked per article on the server (the buttons only follow these answers).

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        # A journalist drafts and submits for review; publishing is an editor's decision:
        # the menu offers where the transitions of the user's role lead.
        if db_field.name == "status":
            kwargs["choices"] = workflow.status_choices(request.user)
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            # Dates decide when readers see the story: an editor's call.
            fields += ["published_at", "embargo_until"]
            if obj is not None and not obj.is_editable_draft:
                fields += ["status"]
        return fields

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # "Save as new" turns any article the user can see into a fresh copy: refused to
        # journalists, whatever the buttons show.
        if request.method == "POST" and "_saveasnew" in request.POST and not can_publish(request.user):
            raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)

    # The save path: content first, then the status change through its named operation.

    def save_model(self, request, obj, form, change):
        # The form may carry a new status or embargo: the content is saved with the stored
        # ones, then save_related applies the change through its named operation, once the
        # blocks and FAQ are saved too.
        stored = Article.objects.get(pk=obj.pk) if change else None
        status = stored.status if stored else Article.Status.DRAFT
        if SUBMIT_REVIEW in request.POST and status == Article.Status.DRAFT:
            # « Enregistrer et soumettre »: the save, then the submission, as one gesture.
            obj.status = Article.Status.REVIEW
        embargo = stored.embargo_until if stored else None
        target = {}
        if obj.status != status:
            target["status"] = (obj.status, obj.published_at)
            obj.status = status
            obj.published_at = stored.published_at if stored else None
        if obj.embargo_until != embargo:
            target["embargo_until"] = obj.embargo_until
            obj.embargo_until = embargo
        form._workflow_target = target
        services.article_save(article=obj, by=request.user, old_slug=stored.slug if stored else None)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if article.status == Article.Status.PUBLISHED and can_publish(request.user):
            # An editor's change to a published story goes live, with what it now cites.
            services.article_publish_cited(article=article)
        target = getattr(form, "_workflow_target", {})
        try:
            if "status" in target:
                status, published_at = target["status"]
                services.article_move_to(article=article, by=request.user, status=status, published_at=published_at)
            if "embargo_until" in target:
                if target["embargo_until"] is None:
                    services.article_lift_embargo(article=article, by=request.user)
                else:
                    services.article_set_embargo(article=article, by=request.user, until=target["embargo_until"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))

    # Bulk actions, for editors only (``permissions`` asks has_publish_permission).

    def _bulk(self, request, queryset, operation, done_message):
        done, refused = 0, []
        for article in queryset:
            try:
                operation(article=article, by=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                reason = " ".join(getattr(error, "messages", [])) or gettext("refusé")
                refused.append(f"« {article.headline} » : {reason}")
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=workflow.TRANSITIONS["publish"].label, permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            # From the list, no version was read: a story a journalist changed during its
            # review is refused until an editor opens it.
            functools.partial(services.article_publish, seen_version=None),
            lambda n: ngettext("%d article publié.", "%d articles publiés.", n) % n,
        )

    @admin.action(description=workflow.TRANSITIONS["unpublish"].label, permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            services.article_unpublish,
            lambda n: ngettext("%d article dépublié.", "%d articles dépubliés.", n) % n,
        )

    @admin.action(description=workflow.TRANSITIONS["return-to-draft"].label, permissions=["publish"])
    def return_to_draft_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            services.article_return_to_draft,
            lambda n: ngettext("%d article renvoyé en brouillon.", "%d articles renvoyés en brouillon.", n) % n,
        )

    # The workflow's own pages: transitions, share links, version comparison and revert.

    def get_urls(self):
        def view(function):
            def bound(request, *args, **kwargs):
                return function(self, request, *args, **kwargs)

            return self.admin_site.admin_view(bound)

        return [
            path(
                "<int:object_id>/workflow/<slug:operation>/",
                view(workflow_views.transition),
                name="articles_article_transition",
            ),
            path(
                "<int:object_id>/share/",
                view(workflow_views.share_create),
                name="articles_article_share",
            ),
            path(
                "<int:object_id>/share/<int:link_id>/revoke/",
                view(workflow_views.share_revoke),
                name="articles_article_share_revoke",
            ),
            path(
                "<int:object_id>/versions/",
                view(workflow_views.compare),
                name="articles_article_compare",
            ),
            path(
                "<int:object_id>/versions/<int:version_id>/revert/",
                view(workflow_views.revert),
                name="articles_article_revert",
            ),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if obj is not None and self.has_view_or_change_permission(request, obj):
            context.update(workflow_views.change_form_context(self, request, obj))
            if request.method == "GET" and self.has_change_permission(request, obj):
                presence.touch(article_id=obj.pk, user=request.user)
        return super().change_view(request, object_id, form_url, context)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        adminform = context.get("adminform")
        context["conflict"] = getattr(adminform.form, "conflict", None) if adminform else None
        context["offer_submit_review"] = (obj is None or obj.status == Article.Status.DRAFT) and can_edit(
            request.user, obj
        )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def changelist_view(self, request, extra_context=None):
        # Bulk actions go through the services, which record their own revisions: no need
        # for reversion's wrapping transaction (two more queries on every list page).
        action = request.POST.get("action") if request.method == "POST" else None
        if action and action not in self.get_actions(request):
            # An action this user is not offered (a forged post): refused, not ignored.
            raise PermissionDenied
        return admin.ModelAdmin.changelist_view(self, request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """Django's admin history (LogEntry: every state change with who and when), with a
        link to the revisions; reversion's own history page would show revisions only."""
        context = {"compare_url": reverse("admin:articles_article_compare", args=[object_id])}
        context.update(extra_context or {})
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    # Reversion's recovery pages bring a deleted article back from its last version. Recovering
    # rewrites an article wholesale, status included: an editor's decision, and only for an
    # article that is really deleted (an existing one is restored from its comparison page,
    # through the services). Without these checks a journalist could load an old draft of
    # their own, since-published article and save it back as a draft.

    def recoverlist_view(self, request, extra_context=None):
        if not can_publish(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not can_publish(request.user):
            raise PermissionDenied
        if not Version.objects.get_deleted(self.model).filter(pk=version_id).exists():
            raise Http404(gettext("Aucun article supprimé ne correspond à cette version."))
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Reversion's revert-through-the-form page is replaced by the comparison page,
        whose "rétablir" button goes through ``services.article_revert``."""
        url = reverse("admin:articles_article_compare", args=[object_id])
        return workflow_views.redirect(f"{url}?b={int(version_id)}")


@admin.register(Section)
class SectionAdmin(LowercaseSlugAdminMixin, FrenchLabelsAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
