"""The workflow table (``articles.workflow``) drives the article's page, its status menu,
the services and the queryset vocabulary: a button is shown exactly when its service
accepts it, and every transition has a service and an address."""

import datetime
import inspect

import lxml.html
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import resolve, reverse
from django.utils import timezone

from articles import services, workflow, workflow_views
from articles.models import Article
from articles.workflow import TRANSITIONS, State
from tests.articles.workflow_support import article_by, change_url, staff_in

pytestmark = pytest.mark.django_db

Status = Article.Status
DAY = datetime.timedelta(days=1)


def in_state(owner, state: str, *, embargo: bool = False) -> Article:
    """An article of ``owner`` standing in ``state`` (a ``workflow.State`` value)."""
    now = timezone.now()
    kwargs = {
        State.DRAFT: {"status": Status.DRAFT},
        State.REVIEW: {"status": Status.REVIEW},
        State.SCHEDULED: {"status": Status.PUBLISHED, "published_at": now + DAY},
        State.PUBLISHED: {"status": Status.PUBLISHED, "published_at": now - DAY},
        State.UNPUBLISHED: {"status": Status.UNPUBLISHED, "published_at": now - 2 * DAY},
    }[state]
    if embargo:
        kwargs["embargo_until"] = now + 3 * DAY
    article = article_by(owner, **kwargs)
    assert workflow.state_of(article) == state
    return article


def buttons(client, article) -> list[tuple[str, str]]:
    """The workflow buttons of the article's page, as (operation, label)."""
    page = lxml.html.fromstring(client.get(change_url(article)).content.decode())
    return [
        (button.get("value"), button.text_content().strip())
        for button in page.xpath('//ul[@class="workflow-operations"]//button')
    ]


# What each role sees on the article's page, by state (``+embargo``: an embargo is set).
# The journalist is the article's author.
EXPECTED_BUTTONS = {
    ("editor", State.DRAFT, False): ["submit", "publish", "schedule", "embargo"],
    ("editor", State.REVIEW, False): ["return-to-draft", "publish", "schedule", "embargo"],
    ("editor", State.SCHEDULED, False): ["publish", "schedule", "unpublish", "embargo"],
    ("editor", State.PUBLISHED, False): ["unpublish", "embargo"],
    ("editor", State.UNPUBLISHED, False): ["return-to-draft", "publish", "schedule", "embargo"],
    ("editor", State.PUBLISHED, True): ["unpublish", "embargo", "lift-embargo"],
    ("editor", State.SCHEDULED, True): [
        "publish",
        "schedule",
        "unpublish",
        "embargo",
        "lift-embargo",
    ],
    ("journalist", State.DRAFT, False): ["submit"],
    ("journalist", State.REVIEW, False): ["return-to-draft"],
    ("journalist", State.REVIEW, True): ["return-to-draft"],
    ("journalist", State.SCHEDULED, False): [],
    ("journalist", State.PUBLISHED, False): [],
    ("journalist", State.UNPUBLISHED, False): [],
}


def user_for(role: str):
    return staff_in("Editors" if role == "editor" else "Journalists", role)


@pytest.mark.parametrize(("role", "state", "embargo"), list(EXPECTED_BUTTONS))
def test_the_page_shows_the_tables_buttons_with_their_labels(client, role, state, embargo):
    """The buttons, in the table's order, labelled as the table says."""
    user = user_for(role)
    article = in_state(user, state, embargo=embargo)
    client.force_login(user)

    shown = buttons(client, article)

    assert [name for name, _label in shown] == EXPECTED_BUTTONS[(role, state, embargo)]
    assert all(label == str(TRANSITIONS[name].label) for name, label in shown)


def _take(transition, article, user) -> bool:
    """Whether the transition's service accepts ``user`` taking it on ``article`` now."""
    kwargs = {"article": article, "by": user}
    if transition.time_argument:
        kwargs[transition.time_argument] = timezone.now() + 2 * DAY
    if transition.reads_version:
        kwargs["seen_version"] = article.version
    try:
        getattr(services, transition.service)(**kwargs)
    except (ValidationError, PermissionDenied):
        return False
    return True


@pytest.mark.parametrize(("role", "state", "embargo"), list(EXPECTED_BUTTONS))
def test_a_button_is_shown_exactly_when_its_service_accepts_it(role, state, embargo):
    """No button that the service refuses, and no operation the service accepts without a
    button: the page and the services read the same rows."""
    user = user_for(role)
    shown = {
        operation["name"]
        for operation in workflow_views.available_operations(user, in_state(user, state, embargo=embargo))
    }
    accepted = {
        name
        for name, transition in TRANSITIONS.items()
        if _take(transition, in_state(user, state, embargo=embargo), user)
    }
    assert shown == accepted


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_every_transition_has_a_service_and_an_address(name):
    """The service the row names exists and takes what the button sends (a time under the
    row's keyword, the version read); the row's name is an address of the admin."""
    transition = TRANSITIONS[name]
    service = getattr(services, transition.service)
    parameters = inspect.signature(service).parameters
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
    required = {n for n, p in parameters.items() if p.default is inspect.Parameter.empty}
    expected = {"article", "by"}
    if transition.time_argument:
        expected.add(transition.time_argument)
    if transition.reads_version:
        expected.add("seen_version")
    assert required == expected

    match = resolve(reverse("admin:articles_article_transition", args=[1, name]))
    assert match.url_name == "articles_article_transition"
    assert match.kwargs["operation"] == name


def _status_menu(client, article) -> list[str]:
    page = lxml.html.fromstring(client.get(change_url(article)).content.decode())
    return [option.get("value") for option in page.xpath('//select[@name="status"]/option')]


@pytest.mark.parametrize(
    ("role", "menu"),
    [
        ("journalist", ["draft", "review"]),
        ("editor", ["draft", "review", "published", "unpublished"]),
    ],
)
def test_the_status_menu_offers_where_the_roles_transitions_lead(client, role, menu):
    """A journalist's menu stops at « en relecture »: only an editor's transitions publish."""
    user = user_for(role)
    article = in_state(user, State.DRAFT)
    client.force_login(user)

    assert _status_menu(client, article) == menu
    roles = {workflow.AUTHOR, workflow.EDITOR} if role == "editor" else {workflow.AUTHOR}
    assert set(menu) == {t.status for t in TRANSITIONS.values() if t.role in roles and t.status}


def test_the_status_menu_schedules_with_a_future_time_and_publishes_without(client):
    """« publié » in the menu is « Programmer » with a time to come, « Publier maintenant »
    otherwise: the timed row of the table that leads there."""
    assert workflow.transition_to(Status.PUBLISHED, at=timezone.now() + DAY).name == "schedule"
    assert workflow.transition_to(Status.PUBLISHED, at=timezone.now() - DAY).name == "publish"
    assert workflow.transition_to(Status.PUBLISHED).name == "publish"
    assert workflow.transition_to(Status.REVIEW, at=timezone.now() + DAY).name == "submit"
    assert workflow.transition_to("archived") is None

    editor = user_for("editor")
    article = in_state(editor, State.REVIEW)
    services.article_move_to(article=article, by=editor, status=Status.PUBLISHED, published_at=timezone.now() + DAY)
    assert workflow.state_of(article) == State.SCHEDULED
    services.article_move_to(article=article, by=editor, status=Status.PUBLISHED)
    assert workflow.state_of(article) == State.PUBLISHED


def test_the_queryset_vocabulary_matches_the_states():
    """``scheduled()``, ``in_review()`` and ``embargoed()`` select what ``state_of`` and the
    embargo say, including the near misses: an unpublished story with a future date, an
    embargo already over."""
    owner = user_for("editor")
    articles = [in_state(owner, state) for state in State.values]
    articles += [
        in_state(owner, State.SCHEDULED, embargo=True),
        in_state(owner, State.REVIEW, embargo=True),
        article_by(owner, status=Status.UNPUBLISHED, published_at=timezone.now() + DAY),
        article_by(owner, status=Status.DRAFT, embargo_until=timezone.now() - DAY),
    ]

    def ids(queryset):
        return set(queryset.values_list("pk", flat=True))

    assert ids(Article.objects.scheduled()) == {a.pk for a in articles if workflow.state_of(a) == State.SCHEDULED}
    assert ids(Article.objects.in_review()) == {a.pk for a in articles if workflow.state_of(a) == State.REVIEW}
    assert ids(Article.objects.embargoed()) == {a.pk for a in articles if a.is_embargoed}
    assert len(ids(Article.objects.scheduled())) == 2
    assert len(ids(Article.objects.embargoed())) == 2


def test_the_list_and_the_refusals_say_the_tables_labels(client):
    """The list's status column and a service's refusal name the state as the table does."""
    editor = user_for("editor")
    scheduled = in_state(editor, State.SCHEDULED, embargo=True)
    summary = workflow.status_summary(scheduled)
    assert summary.startswith("programmé pour le ")
    assert " · sous embargo jusqu’au " in summary

    draft = in_state(editor, State.DRAFT)
    with pytest.raises(ValidationError, match="« brouillon »"):
        services.article_unpublish(article=draft, by=editor)
