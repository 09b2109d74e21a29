"""The article admin's workflow pages: transition buttons, share links, versions, revert.

Each view reads the request, calls one operation of ``articles.services`` and goes back to
the article's page with a message; the services decide who may do what, so a forged POST
meets the same refusal as a hidden button (403, nothing changed).
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext as _
from reversion.models import Version

from . import presence, revisions, services, workflow
from .models import Article, ShareLink
from .permissions import can_edit, can_publish, require_publish

__all__ = [
    "change_form_context",
    "compare",
    "redirect",
    "revert",
    "share_create",
    "share_revoke",
    "transition",
]

SHARE_DAYS = [1, 3, 7, 30]


def _article(model_admin, request, object_id) -> Article:
    article = get_object_or_404(Article, pk=object_id)
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    return article


def _change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def _compare_since(article, seen_version: int) -> str:
    """The versions page comparing what the editor read with what is stored now."""
    url = reverse("admin:articles_article_compare", args=[article.pk])
    seen = revisions.version_with_number(article, seen_version)
    return f"{url}?a={seen.pk}" if seen is not None else url


def _parse_time(value: str) -> datetime.datetime | None:
    """A time from a datetime-local input, read in the newsroom's time zone."""
    moment = parse_datetime(value or "")
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def available_operations(user, article) -> list[dict]:
    """The buttons to show: the table's transitions this user may take on the article now."""
    return [
        {
            "name": step.name,
            "label": step.label,
            "needs_time": step.needs_time,
            "reads_version": step.reads_version,
        }
        for step in workflow.available(user, article)
    ]


def change_form_context(model_admin, request, article) -> dict:
    """What the article's page shows around the form: state, buttons, links, who else is in."""
    editing_now = [
        {"name": entry["name"], "since": datetime.datetime.fromtimestamp(entry["since"], tz=datetime.UTC)}
        for entry in presence.others(article_id=article.pk, user=request.user)
    ]
    context = {
        "workflow_status": model_admin.status_label(article),
        "workflow_operations": available_operations(request.user, article),
        "preview_url": reverse("articles:preview", args=[article.pk]),
        "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
        "editing_now": editing_now,
        "edited_in_review": (
            {
                "by": article.edited_in_review_by,
                "at": article.edited_in_review_at,
                "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
            }
            if article.edited_in_review_at and can_publish(request.user)
            else None
        ),
        "can_share": can_publish(request.user),
    }
    if can_publish(request.user):
        context["share_links"] = [
            {"link": link, "url": request.build_absolute_uri(link.get_absolute_url())}
            for link in article.share_links.active()
        ]
        context["share_days"] = SHARE_DAYS
    return context


def transition(model_admin, request, object_id, operation):
    """POST: apply one named operation to the article, then back to its page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    step = workflow.TRANSITIONS.get(operation)
    if step is None:
        raise Http404
    article = _article(model_admin, request, object_id)
    kwargs = {"article": article, "by": request.user}
    if step.reads_version:
        # The edit number of the page the editor read: only that version goes online.
        try:
            kwargs["seen_version"] = int(request.POST.get("version", ""))
        except ValueError:
            require_publish(request.user)  # a journalist's forged request is a 403 first
            messages.error(request, _("Rechargez la page : le formulaire ne dit pas quelle version vous avez lue."))
            return redirect(_change_url(article))
    if step.needs_time:
        moment = _parse_time(request.POST.get("at", ""))
        if moment is None:
            messages.error(request, _("Indiquez une date et une heure."))
            return redirect(_change_url(article))
        kwargs[step.time_argument] = moment
    try:
        getattr(services, step.service)(**kwargs)
    except ValidationError as error:
        text = " ".join(error.messages)
        if error.code == "stale" or any(e.code == "stale" for e in getattr(error, "error_list", [])):
            text = format_html(
                '{} <a href="{}">{}</a>',
                text,
                _compare_since(article, kwargs["seen_version"]),
                _("Voir les changements"),
            )
        messages.error(request, text)
    else:
        messages.success(
            request, _("Statut de l’article : %(status)s.") % {"status": model_admin.status_label(article)}
        )
    return redirect(_change_url(article))


def share_create(model_admin, request, object_id):
    """POST: a new share link, valid for the chosen number of days."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = _article(model_admin, request, object_id)
    try:
        days = int(request.POST.get("days", "3"))
    except ValueError:
        days = 3
    days = days if days in SHARE_DAYS else 3
    link = services.share_link_create(
        article=article, by=request.user, expires_at=timezone.now() + datetime.timedelta(days=days)
    )
    url = request.build_absolute_uri(link.get_absolute_url())
    messages.success(request, _("Lien de prévisualisation créé : %(url)s") % {"url": url})
    return redirect(_change_url(article))


def share_revoke(model_admin, request, object_id, link_id):
    """POST: revoke one of the article's share links."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = _article(model_admin, request, object_id)
    link = get_object_or_404(ShareLink, pk=link_id, article=article)
    services.share_link_revoke(link=link, by=request.user)
    messages.success(request, _("Le lien de prévisualisation est révoqué."))
    return redirect(_change_url(article))


def compare(model_admin, request, object_id):
    """The article's revisions (who, when, what) and the differences between two of them."""
    article = _article(model_admin, request, object_id)
    versions = list(revisions.versions_of(article))
    by_id = {version.pk: version for version in versions}

    def chosen(name, default):
        try:
            return by_id.get(int(request.GET.get(name, "")), default)
        except ValueError:
            return default

    newer = chosen("b", versions[0] if versions else None)
    older_default = next((v for v in versions if newer and v.pk < newer.pk), None)
    older = chosen("a", older_default)
    changes = []
    if older is not None and newer is not None:
        changes = revisions.diff_snapshots(revisions.version_snapshot(older), revisions.version_snapshot(newer))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "original": article,
        "title": _("Versions de « %(headline)s »") % {"headline": article.headline},
        "versions": versions,
        "older": older,
        "newer": newer,
        "changes": changes,
        "can_revert": can_edit(request.user, article),
    }
    return TemplateResponse(request, "admin/articles/article/compare.html", context)


def revert(model_admin, request, object_id, version_id):
    """POST: bring back a revision's text, blocks and FAQ, as a new revision."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article = _article(model_admin, request, object_id)
    version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
    try:
        services.article_revert(article=article, version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("La version choisie est rétablie (nouvelle révision)."))
    return redirect(_change_url(article))
