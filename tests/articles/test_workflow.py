"""The editorial workflow's operations: states, who and when, the admin history, scheduling
and embargo without any job running (on every public surface), the desk, slug redirects."""

import datetime
import io
import zoneinfo

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, SlugRedirect
from tests import factories
from tests.articles.workflow_support import article_by, change_url, form_payload, staff_in

pytestmark = pytest.mark.django_db

Status = Article.Status
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def journalist():
    return staff_in("Journalists", "journaliste")


@pytest.fixture
def editor():
    return staff_in("Editors", "editeur")


@pytest.fixture
def clock(monkeypatch):
    """A frozen clock: ``clock(moment)`` sets what timezone.now() answers everywhere."""

    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


def history(article):
    return list(
        LogEntry.objects.filter(object_id=str(article.pk)).order_by("pk").values_list("change_message", flat=True)
    )


def test_the_full_path_records_who_and_when_in_the_admin_history(journalist, editor, clock):
    """Draft → review → back to draft → review → published → unpublished, each step stamped
    with its author and time, and written in French to the admin history."""
    article = article_by(journalist)
    moment = clock(datetime.datetime(2026, 5, 4, 9, 30, tzinfo=datetime.UTC))

    services.article_submit(article=article, by=journalist)
    assert (article.status, article.status_changed_by, article.status_changed_at) == (
        Status.REVIEW,
        journalist,
        moment,
    )
    services.article_return_to_draft(article=article, by=editor)
    services.article_submit(article=article, by=journalist)
    services.article_publish(article=article, by=editor, seen_version=article.version)
    assert article.is_live and article.published_at == moment
    assert article.status_changed_by == editor
    services.article_unpublish(article=article, by=editor)

    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED
    assert history(article) == [
        "Statut : brouillon → en relecture",
        "Statut : en relecture → brouillon",
        "Statut : brouillon → en relecture",
        "Statut : en relecture → publié",
        "Statut : publié → dépublié",
    ]
    entries = LogEntry.objects.filter(object_id=str(article.pk)).order_by("pk")
    assert [entry.user for entry in entries] == [journalist, editor, journalist, editor, editor]


def test_admin_history_page_lists_state_changes(client, journalist, editor):
    article = article_by(journalist)
    services.article_submit(article=article, by=journalist)
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    content = response.content.decode()
    assert "Statut : brouillon → en relecture" in content
    assert "journaliste" in content


@pytest.mark.parametrize(
    ("operation", "kwargs"),
    [
        (services.article_publish, {"seen_version": None}),
        (services.article_schedule, {"at": timezone.now() + datetime.timedelta(days=1), "seen_version": None}),
        (services.article_unpublish, {}),
        (services.article_set_embargo, {"until": timezone.now() + datetime.timedelta(days=1)}),
    ],
    ids=["publish", "schedule", "unpublish", "embargo"],
)
def test_journalists_never_publish_schedule_unpublish_or_embargo(journalist, operation, kwargs):
    """The services refuse it themselves, whatever called them."""
    article = article_by(journalist, status=Status.REVIEW)
    with pytest.raises(PermissionDenied):
        operation(article=article, by=journalist, **kwargs)
    article.refresh_from_db()
    assert article.status == Status.REVIEW and article.embargo_until is None


def test_impossible_transitions_are_refused_with_a_reason(journalist, editor):
    live = article_by(journalist, status=Status.PUBLISHED, published_at=timezone.now())
    with pytest.raises(ValidationError, match="déjà publié"):
        services.article_publish(article=live, by=editor, seen_version=live.version)
    draft = article_by(journalist, slug="brouillon")
    with pytest.raises(ValidationError, match="brouillon"):
        services.article_unpublish(article=draft, by=editor)
    with pytest.raises(ValidationError, match="à venir"):
        services.article_schedule(
            article=draft, by=editor, at=timezone.now() - datetime.timedelta(minutes=1), seen_version=draft.version
        )


def test_schedule_is_stated_in_the_history_and_the_admin_list(client, journalist, editor):
    article = article_by(journalist, status=Status.REVIEW)
    at = datetime.datetime(2030, 6, 1, 8, 0, tzinfo=PARIS)
    services.article_schedule(article=article, by=editor, at=at, seen_version=article.version)
    services.article_set_embargo(article=article, by=editor, until=datetime.datetime(2030, 6, 2, 12, 0, tzinfo=PARIS))
    assert history(article) == [
        "Statut : en relecture → programmé pour le 1 juin 2030 08:00",
        "Embargo : jusqu’au 2 juin 2030 12:00",
    ]
    client.force_login(editor)
    content = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "programmé pour le 1 juin 2030 08:00" in content
    assert "sous embargo jusqu’au 2 juin 2030 12:00" in content


# Scheduling across the change to summer time in Paris: 2026-03-29, 02:00 becomes 03:00.
# Kept in UTC: arithmetic on a Paris datetime is wall-clock arithmetic, and "03:00 minus
# one second" there is 02:59:59, an hour that does not exist.
DST_PUBLICATION = datetime.datetime(2026, 3, 29, 3, 0, tzinfo=PARIS).astimezone(datetime.UTC)


def test_scheduled_time_entered_in_paris_is_the_right_instant(client, editor, journalist, clock):
    """03:00 typed on the day summer time starts is 01:00 UTC (02:00 does not exist)."""
    clock(datetime.datetime(2026, 3, 28, 12, 0, tzinfo=datetime.UTC))
    article = article_by(journalist, status=Status.REVIEW)
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_transition", args=[article.pk, "schedule"]),
        {"at": "2026-03-29T03:00", "version": str(article.version)},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.published_at == datetime.datetime(2026, 3, 29, 1, 0, tzinfo=datetime.UTC)
    assert article.published_at == DST_PUBLICATION
    assert DST_PUBLICATION - datetime.timedelta(seconds=1) == datetime.datetime(
        2026, 3, 29, 1, 59, 59, tzinfo=PARIS
    )  # the last second of winter time


@pytest.mark.parametrize(
    ("offset", "visible"), [(-1, False), (0, True), (1, True)], ids=["1s-before", "at", "1s-after"]
)
def test_scheduled_article_appears_at_its_time_with_no_job(client, journalist, editor, clock, offset, visible):
    """One second before its time (01:59:59 winter time), nobody sees it; at 03:00 summer
    time it is on the home page and its own page, with nothing run in between."""
    clock(datetime.datetime(2026, 3, 28, 12, 0, tzinfo=datetime.UTC))
    article = article_by(journalist, status=Status.REVIEW, headline="Changement d’heure", slug="changement-d-heure")
    services.article_schedule(article=article, by=editor, at=DST_PUBLICATION, seen_version=article.version)

    clock(DST_PUBLICATION + datetime.timedelta(seconds=offset))

    assert Article.objects.published().filter(pk=article.pk).exists() is visible
    assert (client.get("/articles/changement-d-heure/").status_code == 200) is visible
    assert ("Changement d’heure" in client.get("/").content.decode()) is visible


def test_unpublished_article_disappears_at_once(client, journalist, editor):
    article = article_by(journalist, status=Status.PUBLISHED, published_at=timezone.now(), slug="retire")
    assert client.get("/articles/retire/").status_code == 200
    services.article_unpublish(article=article, by=editor)
    assert client.get("/articles/retire/").status_code == 404


def test_next_visibility_change_includes_the_end_of_an_embargo(journalist, editor, clock):
    """Page caches expire when an embargo ends, not only at a scheduled time."""
    now = clock(datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC))
    article = article_by(journalist, status=Status.PUBLISHED, published_at=now)
    later = factories.article(published_at=now + datetime.timedelta(hours=5))
    assert Article.objects.next_visibility_change() == later.published_at
    services.article_set_embargo(article=article, by=editor, until=now + datetime.timedelta(hours=2))
    assert Article.objects.next_visibility_change() == now + datetime.timedelta(hours=2)


def _public_urls(article, section, person, organisation):
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": section.get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "embargo-test"}),
        "person": person.get_absolute_url(),
        "organisation": organisation.get_absolute_url(),
        "sitemap": "/sitemap-articles.xml",
        "news sitemap": "/sitemap-news.xml",
        "rss": reverse("feeds:feed_rss"),
        "atom": reverse("feeds:feed_atom"),
        "section feed": reverse("feeds:section_feed_rss", kwargs={"slug": section.slug}),
        "tag feed": reverse("feeds:tag_feed_rss", kwargs={"slug": "embargo-test"}),
        "person feed": reverse("feeds:person_feed_rss", kwargs={"slug": person.slug}),
        "search": "/recherche/?q=Zorglub",
    }


def test_embargo_hides_the_article_on_every_public_surface(client, journalist, editor, clock):
    """Under embargo a published article is nowhere for readers; when it ends, it is
    everywhere, with no job run in between."""
    now = clock(datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC))
    section = factories.section(name="Embargos")
    person = factories.person(name="Personne Embargo")
    organisation = factories.organisation(name="Organisation Embargo")
    article = article_by(
        journalist,
        status=Status.PUBLISHED,
        published_at=now - datetime.timedelta(hours=1),
        headline="Zorglub sous embargo",
        slug="zorglub-sous-embargo",
        section=section,
        people=[person],
        authors=[person],
        tags=["Embargo test"],
    )
    article.organisations.add(organisation)
    services.article_set_embargo(article=article, by=editor, until=now + datetime.timedelta(hours=2))
    # Other content keeps the tag and the person pages alive while the article is hidden.
    factories.article(headline="Voisin", tags=["Embargo test"], section=section, people=[person])
    urls = _public_urls(article, section, person, organisation)

    clock(now + datetime.timedelta(hours=2) - datetime.timedelta(seconds=1))
    for name, url in urls.items():
        response = client.get(url)
        if name == "article":
            assert response.status_code == 404
        else:
            assert response.status_code == 200, name
            assert b"zorglub-sous-embargo" not in response.content, name
            assert "Zorglub sous embargo" not in response.content.decode(), name

    clock(now + datetime.timedelta(hours=2) + datetime.timedelta(seconds=1))
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert b"zorglub-sous-embargo" in response.content, name


def test_lifting_the_embargo_publishes_at_once(client, journalist, editor):
    article = article_by(journalist, status=Status.PUBLISHED, published_at=timezone.now(), slug="leve")
    until = timezone.now() + datetime.timedelta(days=1)
    services.article_set_embargo(article=article, by=editor, until=until)
    assert client.get("/articles/leve/").status_code == 404
    services.article_lift_embargo(article=article, by=editor)
    assert client.get("/articles/leve/").status_code == 200
    assert history(article)[-1] == "Embargo levé"


def test_desk_lists_overdue_and_upcoming_items(journalist, editor, clock):
    now = clock(datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC))
    stale = article_by(journalist, headline="En relecture depuis longtemps", slug="vieux")
    clock(now - datetime.timedelta(hours=30))
    services.article_submit(article=stale, by=journalist)
    clock(now)
    fresh = article_by(journalist, headline="Relecture récente", slug="recent")
    services.article_submit(article=fresh, by=journalist)
    scheduled = article_by(journalist, headline="Programmé demain", slug="demain", status=Status.REVIEW)
    services.article_schedule(
        article=scheduled, by=editor, at=now + datetime.timedelta(days=1), seen_version=scheduled.version
    )
    soon = article_by(journalist, headline="Embargo bientôt levé", slug="bientot")
    services.article_set_embargo(article=soon, by=editor, until=now + datetime.timedelta(hours=3))
    late = article_by(journalist, headline="Embargo lointain", slug="lointain")
    services.article_set_embargo(article=late, by=editor, until=now + datetime.timedelta(days=10))

    out = io.StringIO()
    call_command("desk", stdout=out)
    text = out.getvalue()

    overdue, rest = text.split("Embargo levé dans les 24 h")
    soon_part, rest = rest.split("Programmés")
    scheduled_part, embargoed_part = rest.split("Sous embargo")
    assert "En relecture depuis longtemps" in overdue and "Relecture récente" not in overdue
    assert "Embargo bientôt levé" in soon_part and "Embargo lointain" not in soon_part
    assert "Programmé demain" in scheduled_part
    assert "Embargo bientôt levé" in embargoed_part and "Embargo lointain" in embargoed_part


def test_changing_a_published_slug_keeps_the_old_url_with_a_301(client, editor):
    """The old address answers 301 to the new one; a draft's old slug leads nowhere."""
    article = article_by(editor, status=Status.PUBLISHED, published_at=timezone.now(), slug="ancien")
    client.force_login(editor)
    data = form_payload(client, article)
    data["slug"] = "nouveau"
    assert client.post(change_url(article), data).status_code == 302
    client.logout()

    response = client.get("/articles/ancien/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/nouveau/"
    assert client.get("/articles/nouveau/").status_code == 200

    # Unpublished: no redirect to a page readers cannot see.
    services.article_unpublish(article=article, by=editor)
    assert client.get("/articles/ancien/").status_code == 404


def test_a_drafts_slug_change_leaves_no_redirect(client, editor):
    article = article_by(editor, slug="brouillon-ancien")
    client.force_login(editor)
    data = form_payload(client, article)
    data["slug"] = "brouillon-nouveau"
    assert client.post(change_url(article), data).status_code == 302
    assert not SlugRedirect.objects.exists()
    article.refresh_from_db()
    services.article_publish(article=article, by=editor, seen_version=article.version)
    client.logout()
    assert client.get("/articles/brouillon-ancien/").status_code == 404


def test_a_slug_taken_back_stops_redirecting(client, editor):
    article = article_by(editor, status=Status.PUBLISHED, published_at=timezone.now(), slug="aller")
    article.slug = "retour"
    services.article_save(article=article, by=editor, old_slug="aller")
    assert SlugRedirect.objects.filter(old_slug="aller").exists()
    article.slug = "aller"
    services.article_save(article=article, by=editor, old_slug="retour")
    assert not SlugRedirect.objects.filter(old_slug="aller").exists()
    assert client.get("/articles/aller/").status_code == 200
    assert client.get("/articles/retour/")["Location"] == "/articles/aller/"
