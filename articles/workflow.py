"""The article workflow as one table: its states, its transitions, who may take each, labels.

The services (``articles.services``) check a transition's start states and role here; the
change form's buttons, its status menu, the list's status column and filter, the bulk
actions and the desk read their names and labels here. A new transition, or a change of who
may take one, is a row of ``TRANSITIONS``, and every one of them follows.

"Scheduled" is not a stored status: it is a published article whose publication time is
still to come, shown as its own state because readers do not see it yet and an editor can
still bring it forward. An embargo (``embargo_until``) is not a state either: it holds back
an article in any state, so it is shown beside the state.

This module imports no model, so ``articles.models`` can take its statuses from here.
"""

from dataclasses import dataclass

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .permissions import can_edit, can_publish


class Status(models.TextChoices):
    """What ``Article.status`` stores."""

    DRAFT = "draft", _("brouillon")
    REVIEW = "review", _("en relecture")
    PUBLISHED = "published", _("publié")
    UNPUBLISHED = "unpublished", _("dépublié")


class State(models.TextChoices):
    """Where an article stands: its status, with a published article still to come apart."""

    DRAFT = Status.DRAFT.value, Status.DRAFT.label
    REVIEW = Status.REVIEW.value, Status.REVIEW.label
    SCHEDULED = "scheduled", _("programmé")
    PUBLISHED = Status.PUBLISHED.value, Status.PUBLISHED.label
    UNPUBLISHED = Status.UNPUBLISHED.value, Status.UNPUBLISHED.label


# Shown beside any state while ``embargo_until`` is to come.
EMBARGOED = _("sous embargo")

# Who may take a transition: the journalist who may edit the story (its author while it is
# being written; an editor may edit anything), or an editor (``articles.publish_article``).
AUTHOR = "author"
EDITOR = "editor"

# The statuses in which a journalist may still change their own story; past them, the
# story is an editor's.
AUTHOR_EDITS = (Status.DRAFT, Status.REVIEW)

ANY_STATE = frozenset(State.values)


@dataclass(frozen=True)
class Transition:
    """One operation of the workflow, as its button, its URL and its service know it."""

    name: str  # in the admin URL: /admin/articles/article/<id>/workflow/<name>/
    label: str  # the button, and the bulk action that takes it
    service: str  # the function of ``articles.services`` that takes it
    sources: frozenset  # the states it starts from
    target: str | None  # the state it leads to; None leaves the status alone
    role: str  # AUTHOR or EDITOR
    # The service's keyword for the time the button asks for (None: no time).
    time_argument: str | None = None
    # Carries the edit number of the page the editor read: only that version goes online.
    reads_version: bool = False
    # Only while an embargo is set, expired or not.
    needs_embargo: bool = False

    @property
    def needs_time(self) -> bool:
        return self.time_argument is not None

    @property
    def status(self) -> str | None:
        """The status stored once it is taken: a scheduled article is a published one."""
        if self.target is None:
            return None
        return Status.PUBLISHED if self.target == State.SCHEDULED else Status(self.target)


# In the order of the buttons on the article's page.
TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition(
            name="submit",
            label=_("Soumettre à la relecture"),
            service="article_submit",
            sources=frozenset({State.DRAFT}),
            target=State.REVIEW,
            role=AUTHOR,
        ),
        Transition(
            name="return-to-draft",
            label=_("Renvoyer en brouillon"),
            service="article_return_to_draft",
            sources=frozenset({State.REVIEW, State.UNPUBLISHED}),
            target=State.DRAFT,
            role=AUTHOR,
        ),
        Transition(
            name="publish",
            label=_("Publier maintenant"),
            service="article_publish",
            sources=frozenset({State.DRAFT, State.REVIEW, State.UNPUBLISHED, State.SCHEDULED}),
            target=State.PUBLISHED,
            role=EDITOR,
            reads_version=True,
        ),
        Transition(
            name="schedule",
            label=_("Programmer"),
            service="article_schedule",
            sources=frozenset({State.DRAFT, State.REVIEW, State.UNPUBLISHED, State.SCHEDULED}),
            target=State.SCHEDULED,
            role=EDITOR,
            time_argument="at",
            reads_version=True,
        ),
        Transition(
            name="unpublish",
            label=_("Dépublier"),
            service="article_unpublish",
            sources=frozenset({State.PUBLISHED, State.SCHEDULED}),
            target=State.UNPUBLISHED,
            role=EDITOR,
        ),
        Transition(
            name="embargo",
            label=_("Mettre sous embargo"),
            service="article_set_embargo",
            sources=ANY_STATE,
            target=None,
            role=EDITOR,
            time_argument="until",
        ),
        Transition(
            name="lift-embargo",
            label=_("Lever l’embargo"),
            service="article_lift_embargo",
            sources=ANY_STATE,
            target=None,
            role=EDITOR,
            needs_embargo=True,
        ),
    ]
}


def state_of(article) -> State:
    """The article's state: its status, or SCHEDULED for a published article still to come."""
    if article.is_scheduled:
        return State.SCHEDULED
    return State(article.status)


def may_take(user, article, transition: Transition) -> bool:
    """Whether ``user`` has the role ``transition`` asks for, on this article."""
    if transition.role == EDITOR:
        return can_publish(user)
    return can_edit(user, article)


def can_start(article, transition: Transition) -> bool:
    """Whether ``transition`` starts from where ``article`` stands."""
    if transition.needs_embargo and article.embargo_until is None:
        return False
    return state_of(article) in transition.sources


def available(user, article) -> list[Transition]:
    """The transitions ``user`` may take on ``article`` now: its page's buttons."""
    return [
        transition
        for transition in TRANSITIONS.values()
        if can_start(article, transition) and may_take(user, article, transition)
    ]


def status_choices(user) -> list[tuple[str, str]]:
    """The change form's status menu: the statuses a transition of the user's role leads to."""
    roles = {AUTHOR, EDITOR} if can_publish(user) else {AUTHOR}
    reachable = {t.status for t in TRANSITIONS.values() if t.role in roles and t.status}
    return [(status.value, status.label) for status in Status if status in reachable]


def transition_to(status: str, *, at=None) -> Transition | None:
    """The transition a status picked in the change form stands for.

    A publication time still to come picks the transition that takes a time (« Programmer »
    rather than « Publier maintenant »).
    """
    leading = [t for t in TRANSITIONS.values() if t.status == status]
    timed = [t for t in leading if t.needs_time]
    untimed = [t for t in leading if not t.needs_time]
    if at is not None and at > timezone.now() and timed:
        return timed[0]
    return (untimed or timed or [None])[0]


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def status_text(article) -> str:
    """The state as the desk says it: « programmé » for a published article still to come."""
    return str(state_of(article).label)


def status_dated(article) -> str:
    """The state, with when a scheduled article goes online."""
    if article.is_scheduled:
        return gettext("programmé pour le %(when)s") % {"when": _when(article.published_at)}
    return status_text(article)


def status_summary(article) -> str:
    """The state with its dates and the embargo, as the admin's list and the article's page
    show it: « programmé pour le … · sous embargo jusqu’au … »."""
    label = status_dated(article)
    if article.is_embargoed:
        label += " · " + gettext("sous embargo jusqu’au %(when)s") % {"when": _when(article.embargo_until)}
    return label
