"""Editorial operations on articles: each one named, permission-checked and recorded.

The admin (buttons, bulk actions, the change form), management commands and tests all call
these functions; none re-implements a transition. Every operation:

- checks the user's role (``articles.permissions``) and raises PermissionDenied;
- checks the article's state and raises ValidationError with a French message;
- stamps ``status_changed_at``/``status_changed_by`` when the status or embargo changes;
- stores a revision (django-reversion, blocks and FAQ included) and an admin history
  entry (LogEntry) such as « Statut : brouillon → en relecture ».

Which states each transition starts from, where it leads and who may take it are read from
the workflow table (``articles.workflow``). "Scheduled" is not a status: it is a published
article whose publication time is still to come, so the public gate
``Article.objects.published()`` shows it at its time with no job running. An embargo works
the same way through ``embargo_until``.
"""

import datetime

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from newsroom import review
from newsroom.images import require_alt_text

from . import workflow
from .models import Article, Block, ShareLink, SlugRedirect
from .permissions import can_publish, require_edit, require_publish
from .workflow import (
    EDITOR,
    TRANSITIONS,
    State,
    Status,
    Transition,
    can_start,
    state_of,
    status_dated,
    status_text,
)


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _record(article: Article, *, by, message: str) -> None:
    """Save as a revision with ``message``, and write the same message to the admin history."""
    article.full_clean()
    with reversion.create_revision():
        article.save()
        reversion.set_user(by)
        reversion.set_comment(message)
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[article],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def _locked(article: Article) -> Article:
    """The article as committed now, locked until the operation ends."""
    return Article.objects.select_for_update().get(pk=article.pk)


def _sync(target: Article, source: Article) -> Article:
    """Copy the saved state back onto the caller's instance, so it sees what was stored."""
    for field in Article._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


def _require_role(transition: Transition, *, by, article: Article) -> None:
    """The role the table asks for: an editor, or someone who may edit the stored article."""
    if transition.role == EDITOR:
        require_publish(by)
    else:
        require_edit(by, _locked(article))


def _require_start(transition: Transition, current: Article) -> None:
    """Refuse a transition that does not start from where the article stands, saying why."""
    if can_start(current, transition):
        return
    if transition.needs_embargo and current.embargo_until is None:
        raise ValidationError(_("L’article n’est pas sous embargo."))
    raise ValidationError(_("Impossible depuis le statut « %(status)s ».") % {"status": status_text(current)})


def _change_status(
    article: Article,
    *,
    by,
    transition: Transition,
    published_at: datetime.datetime | None = None,
) -> Article:
    current = _locked(article)
    _require_start(transition, current)
    before = status_text(current)
    to = transition.status
    if to == Status.PUBLISHED:
        _mark_reviewed(current)
    current.status = to
    if published_at is not None:
        current.published_at = published_at
    current.status_changed_at = timezone.now()
    current.status_changed_by = by
    after = status_dated(current)
    _record(current, by=by, message=_("Statut : %(before)s → %(after)s") % {"before": before, "after": after})
    if to == Status.PUBLISHED:
        article_publish_cited(article=current)
    return _sync(article, current)


@transaction.atomic
def article_submit(*, article: Article, by) -> Article:
    """Draft → in review: the author (or an editor) hands the story to the desk."""
    transition = TRANSITIONS["submit"]
    _require_role(transition, by=by, article=article)
    return _change_status(article, by=by, transition=transition)


@transaction.atomic
def article_return_to_draft(*, article: Article, by) -> Article:
    """In review (or unpublished) → draft: back to the writer for more work."""
    transition = TRANSITIONS["return-to-draft"]
    _require_role(transition, by=by, article=article)
    return _change_status(article, by=by, transition=transition)


def _not_live(current: Article) -> None:
    # Checked before the version and images, so a live story is refused for being live
    # rather than for what its page showed.
    if state_of(current) == State.PUBLISHED:
        raise ValidationError(_("L’article est déjà publié."))


def _images_described(article: Article) -> None:
    """Refuse to publish while the hero or an image block lacks alt text (naming them)."""
    stored = (
        Article.objects.select_related("hero_image")
        .prefetch_related(Prefetch("blocks", queryset=Block.objects.select_related("image")))
        .get(pk=article.pk)
    )
    require_alt_text(stored.images())


def _reviewed(current: Article, *, seen_version: int | None) -> None:
    """Refuse to publish text the editor has not read.

    ``seen_version`` is the edit number of the page the editor read (``Article.version``);
    None means published from a list, without the text open, which is refused once a
    journalist has changed the story during its review.
    """
    if seen_version is None:
        if current.edited_in_review_at is not None:
            who = current.edited_in_review_by
            raise ValidationError(
                _(
                    "Modifié par %(who)s pendant la relecture (le %(when)s) : ouvrez l’article et "
                    "relisez les changements avant de publier."
                )
                % {
                    "who": (who.get_full_name() or who.get_username()) if who else _("quelqu’un"),
                    "when": _when(current.edited_in_review_at),
                }
            )
        return
    if current.version != seen_version:
        from . import revisions

        seen = revisions.version_with_number(current, seen_version)
        changed = (
            [
                change.label
                for change in revisions.diff_snapshots(
                    revisions.version_snapshot(seen), revisions.current_snapshot(current)
                )
            ]
            if seen is not None
            else []
        )
        message = _(
            "L’article a changé depuis que vous l’avez ouvert : rien n’est publié. Relisez la "
            "nouvelle version, puis publiez-la."
        )
        if changed:
            message += " " + _("Champs modifiés : %(fields)s.") % {"fields": ", ".join(changed)}
        raise ValidationError(message, code="stale")


def article_publish_cited(*, article: Article) -> int:
    """What a published article cites becomes public: an editor publishing it approves the
    people, organisations and lists it shows (and what they point to)."""
    cited = [*article.authors.all(), *article.people.all(), *article.organisations.all()]
    for block in article.blocks.select_related(
        "speaker", "source_organisation", "timeline_person", "timeline_organisation", "people_list"
    ):
        cited += [
            block.speaker,
            block.source_organisation,
            block.timeline_person,
            block.timeline_organisation,
            block.people_list,
        ]
    return review.make_public([obj for obj in cited if obj is not None])


def _mark_reviewed(current: Article) -> None:
    current.edited_in_review_by = None
    current.edited_in_review_at = None


@transaction.atomic
def article_publish(*, article: Article, by, seen_version: int | None) -> Article:
    """Publish now (also brings a scheduled article forward). An embargo still applies.

    Only the version the editor read is published (see ``_reviewed``).
    """
    transition = TRANSITIONS["publish"]
    _require_role(transition, by=by, article=article)
    current = _locked(article)
    _not_live(current)
    _reviewed(current, seen_version=seen_version)
    _images_described(article)
    return _change_status(article, by=by, transition=transition, published_at=timezone.now())


@transaction.atomic
def article_schedule(*, article: Article, by, at: datetime.datetime, seen_version: int | None) -> Article:
    """Publish at a future time: the article goes online at ``at`` with no job running.

    Only the version the editor read is scheduled (see ``_reviewed``); journalists cannot
    change a scheduled story.
    """
    transition = TRANSITIONS["schedule"]
    _require_role(transition, by=by, article=article)
    if at is None or at <= timezone.now():
        raise ValidationError(_("Choisissez une heure de publication à venir."))
    current = _locked(article)
    _not_live(current)
    _reviewed(current, seen_version=seen_version)
    _images_described(article)
    return _change_status(article, by=by, transition=transition, published_at=at)


@transaction.atomic
def article_unpublish(*, article: Article, by) -> Article:
    """Take a published (or scheduled) article off the site; its URL answers 404 at once."""
    transition = TRANSITIONS["unpublish"]
    _require_role(transition, by=by, article=article)
    return _change_status(article, by=by, transition=transition)


@transaction.atomic
def article_set_embargo(*, article: Article, by, until: datetime.datetime) -> Article:
    """Keep the article from readers until ``until``, whatever its status and date."""
    transition = TRANSITIONS["embargo"]
    _require_role(transition, by=by, article=article)
    if until is None or until <= timezone.now():
        raise ValidationError(_("La fin de l’embargo doit être à venir."))
    current = _locked(article)
    _require_start(transition, current)
    current.embargo_until = until
    current.status_changed_at = timezone.now()
    current.status_changed_by = by
    _record(current, by=by, message=_("Embargo : jusqu’au %(when)s") % {"when": _when(until)})
    return _sync(article, current)


@transaction.atomic
def article_lift_embargo(*, article: Article, by) -> Article:
    """End the embargo now: a published article appears at once."""
    transition = TRANSITIONS["lift-embargo"]
    _require_role(transition, by=by, article=article)
    current = _locked(article)
    _require_start(transition, current)
    current.embargo_until = None
    current.status_changed_at = timezone.now()
    current.status_changed_by = by
    _record(current, by=by, message=_("Embargo levé"))
    return _sync(article, current)


@transaction.atomic
def article_save(*, article: Article, by, old_slug: str | None = None) -> Article:
    """Save an article's content as a new revision; its status changes go through the
    transitions. The stored article decides whether ``by`` may change it, not the form.

    A journalist's save of a story in review is recorded as such, and the story can then be
    published only by an editor who has opened it (``_reviewed``).
    """
    message = ""
    if article.pk is None:
        if not by.has_perm("articles.add_article"):
            raise PermissionDenied
        article.created_by = article.created_by or by
    else:
        stored = _locked(article)
        require_edit(by, stored)
        if state_of(stored) == State.REVIEW and not can_publish(by):
            article.edited_in_review_by = by
            article.edited_in_review_at = timezone.now()
            message = _("Modifié pendant la relecture")
        elif can_publish(by):
            # The editor saved from a form of the current version (the form refuses a stale
            # one), so they have read what the journalist changed.
            _mark_reviewed(article)
    article.full_clean()
    with reversion.create_revision():
        article.save()
        reversion.set_user(by)
        if message:
            reversion.set_comment(message)
    if message:
        LogEntry.objects.log_actions(
            user_id=by.pk, queryset=[article], action_flag=CHANGE, change_message=message, single_object=True
        )
    article_keep_old_slug(article=article, old_slug=old_slug)
    return article


def article_move_to(*, article: Article, by, status: str, published_at: datetime.datetime | None = None) -> Article:
    """Apply the status an editor or journalist picked in the form, through the transition
    of the workflow table that leads there (a future time picks « Programmer »).

    Nothing happens when the article already stands there (at that time, if scheduled).
    The form has just saved ``article`` from the version its user loaded (a stale form is
    refused), so that saved version is the one they read.
    """
    transition = workflow.transition_to(status, at=published_at)
    if transition is None:
        raise ValidationError(_("Statut inconnu."))
    if state_of(article) == transition.target and (not transition.needs_time or article.published_at == published_at):
        return article
    kwargs = {"article": article, "by": by}
    if transition.time_argument:
        kwargs[transition.time_argument] = published_at
    if transition.reads_version:
        kwargs["seen_version"] = article.version
    return globals()[transition.service](**kwargs)


@transaction.atomic
def article_keep_old_slug(*, article: Article, old_slug: str) -> None:
    """Remember the slug a published article had, so its old URL answers 301 to the new one.

    A slug taken back by its article (or given to another one) stops redirecting: a real
    page always wins over a redirect.
    """
    SlugRedirect.objects.filter(old_slug=article.slug).delete()
    if old_slug and old_slug != article.slug and article.first_published_at is not None:
        SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})


@transaction.atomic
def article_revert(*, article: Article, version, by) -> Article:
    """Bring back the text, blocks and FAQ of an earlier revision, as a new revision.

    The workflow state (status, dates, embargo) stays as it is now: reverting the words of a
    published article must not unpublish it.
    """
    current = _locked(article)
    require_edit(by, current)
    if int(version.object_id) != current.pk:
        raise ValidationError(_("Cette version appartient à un autre article."))
    kept = {
        name: getattr(current, name)
        for name in (
            "status",
            "published_at",
            "embargo_until",
            "first_published_at",
            "status_changed_at",
            "status_changed_by_id",
            "created_by_id",
            "version",
        )
    }
    old_slug = current.slug
    version.revision.revert(delete=True)
    reverted = Article.objects.get(pk=current.pk)
    for name, value in kept.items():
        setattr(reverted, name, value)
    message = _("Version du %(when)s rétablie") % {"when": _when(version.revision.date_created)}
    _record(reverted, by=by, message=message)
    article_keep_old_slug(article=reverted, old_slug=old_slug)
    return _sync(article, reverted)


@transaction.atomic
def share_link_create(*, article: Article, by, expires_at: datetime.datetime) -> ShareLink:
    """A signed preview link for someone outside the admin, valid until ``expires_at``."""
    require_publish(by)
    if expires_at <= timezone.now():
        raise ValidationError(_("Le lien doit expirer dans le futur."))
    link = ShareLink(article=article, created_by=by, expires_at=expires_at)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def share_link_revoke(*, link: ShareLink, by) -> ShareLink:
    """Stop a share link at once; its URL answers 404 from now on."""
    require_publish(by)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.full_clean()
        link.save(update_fields=["revoked_at"])
    return link
