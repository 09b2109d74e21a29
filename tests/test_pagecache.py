"""The anonymous page cache: served from cache, never stale, never for staff, never a 500."""

import contextlib
import datetime
import time

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Section
from newsroom.site.pagecache import PageCacheMiddleware, public_query
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change as the admin would: invalidation happens when the transaction commits."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def test_second_anonymous_view_is_served_without_a_query(client, page_cache, django_assert_num_queries):
    article = factories.article(headline="Un article en cache")
    first = client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and "max-age=0" in second["Cache-Control"]
    assert second.has_header("ETag")


def test_conditional_get_answers_304(client, page_cache):
    article = factories.article()
    etag = client.get(article.get_absolute_url())["ETag"]
    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_publishing_shows_at_once_on_cached_pages(client, page_cache, commit):
    draft = factories.article(headline="Bientôt en ligne", status=Article.Status.DRAFT)
    assert "Bientôt en ligne" not in client.get("/").content.decode()

    def publish():
        draft.status = Article.Status.PUBLISHED
        draft.save()

    commit(publish)
    assert "Bientôt en ligne" in client.get("/").content.decode()


def test_unpublishing_removes_the_page_at_once(client, page_cache, commit):
    article = factories.article(headline="Bientôt retiré")
    assert client.get(article.get_absolute_url()).status_code == 200

    def unpublish():
        article.status = Article.Status.UNPUBLISHED
        article.save()

    commit(unpublish)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Bientôt retiré" not in client.get("/").content.decode()


def test_editing_an_embedded_career_refreshes_the_cached_article(client, page_cache, commit):
    from articles.models import Block

    person = factories.person(name="Alix Fictif")
    entry = factories.career_entry(person=person, summary="Arrivée dans l’équipe fictive")
    article = factories.article()
    factories.block(article, kind=Block.Kind.TIMELINE, timeline_person=person)
    assert "Arrivée dans l’équipe fictive" in client.get(article.get_absolute_url()).content.decode()

    def edit():
        entry.summary = "Nomination fictive"
        entry.save()

    commit(edit)
    assert "Nomination fictive" in client.get(article.get_absolute_url()).content.decode()


def test_tagging_refreshes_cached_tag_pages(client, page_cache, commit):
    article = factories.article(headline="Article étiqueté", tags=["fictif"])
    other = factories.article(headline="Autre article")
    tag_url = "/mots-cles/fictif/"
    assert "Autre article" not in client.get(tag_url).content.decode()
    commit(lambda: other.tags.add("fictif"))
    assert "Autre article" in client.get(tag_url).content.decode()
    assert article.headline in client.get(tag_url).content.decode()


def test_a_scheduled_article_appears_when_its_time_comes(client, page_cache, monkeypatch):
    """No job runs: the cached home page does not outlive the scheduled time."""
    at = timezone.now() + datetime.timedelta(hours=1)
    factories.article(headline="Programmé pour plus tard", published_at=at)
    assert "Programmé pour plus tard" not in client.get("/").content.decode()

    later = at + datetime.timedelta(seconds=1)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    assert "Programmé pour plus tard" in client.get("/").content.decode()


def test_logged_in_staff_are_never_served_or_stored(client, page_cache, django_assert_num_queries):
    article = factories.article()
    url = article.get_absolute_url()
    client.get(url)  # cached for readers
    editor = User.objects.create_user("redac", password="x", is_staff=True)
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert response.wsgi_request.user == editor  # rendered for them, not a cached copy


def test_error_pages_are_not_stored(client, page_cache):
    client.get("/")
    with CaptureQueriesContext(connection) as first:
        assert client.get("/articles/nexiste-pas/").status_code == 404
    with CaptureQueriesContext(connection) as second:
        assert client.get("/articles/nexiste-pas/").status_code == 404
    assert len(second) == len(first) > 0


@pytest.mark.parametrize(
    ("status", "cookie", "cache_control", "stored"),
    [
        (200, False, "", True),
        (200, True, "", False),
        (200, False, "private", False),
        (200, False, "no-store", False),
        (404, False, "", False),
        (301, False, "", False),
    ],
)
def test_only_plain_public_successes_are_stored(status, cookie, cache_control, stored):
    response = HttpResponse(status=status)
    if cookie:
        response.set_cookie("sessionid", "x")
    if cache_control:
        response["Cache-Control"] = cache_control
    assert PageCacheMiddleware._cacheable_response(response) is stored


def test_pages_are_served_when_the_cache_server_is_down(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    article = factories.article(headline="Servi sans cache")
    started = time.monotonic()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Servi sans cache" in response.content.decode()
    assert time.monotonic() - started < 5


def test_the_sections_menu_is_cached_and_follows_a_renamed_section(client, commit, django_assert_num_queries):
    """With the page cache off, the menu still comes from the cache: no query on a warm page,
    and a renamed or new section shows on the next page."""
    section = factories.section(name="Économie", slug="economie")
    article = factories.article(section=section)
    client.get("/")
    with django_assert_num_queries(0):
        client.get("/robots.txt")  # a page without the menu: the baseline costs nothing
    with django_assert_num_queries(4):  # article, blocks, people, tags + FAQ: no menu query
        assert "Économie" in client.get(article.get_absolute_url()).content.decode()

    def rename():
        section.name = "Économie et entreprises"
        section.save()
        factories.section(name="Sport", slug="sport")

    commit(rename)
    page = client.get("/").content.decode()
    assert "Économie et entreprises" in page and '<a href="/rubriques/sport/">Sport</a>' in page


def test_without_a_shared_cache_in_production_the_menu_is_read_on_every_page(client, settings):
    """Production with local memory (FRAGMENT_CACHE off): a section added through another
    worker, whose invalidation this process never hears of, is in this process's next menu."""
    settings.FRAGMENT_CACHE = False
    client.get("/")
    Section.objects.bulk_create([Section(name="Sport", slug="sport")])  # no signal: another process
    assert '<a href="/rubriques/sport/">Sport</a>' in client.get("/").content.decode()


def test_a_shared_links_tracking_parameters_do_not_miss_the_cache(client, page_cache, django_assert_num_queries):
    """A story shared on a social network arrives with a tracking parameter unique to each click."""
    article = factories.article(headline="Une histoire partagée")
    url = article.get_absolute_url()
    first = client.get(url)
    for query in ("?fbclid=IwAR0abc", "?fbclid=IwAR1def&utm_source=reseau", "?utm_medium=social&x=1"):
        with django_assert_num_queries(0):
            shared = client.get(url + query)
        assert shared.status_code == 200
        assert shared.content == first.content


def test_the_listed_parameters_keep_pages_apart_in_any_order(client, page_cache, django_assert_num_queries):
    factories.article(headline="Alpha fictif")
    factories.article(headline="Bêta fictif")
    alpha = client.get("/recherche/?q=alpha&page=1").content.decode()
    assert "Alpha fictif" in alpha and "Bêta fictif" not in alpha
    beta = client.get("/recherche/?q=beta&page=1").content.decode()
    assert "Bêta fictif" in beta and "Alpha fictif" not in beta
    with django_assert_num_queries(0):
        again = client.get("/recherche/?page=1&utm_source=lettre&q=alpha").content.decode()
    assert again == alpha


@pytest.mark.parametrize(
    ("given", "public"),
    [
        ("q=alpha&page=2", "q=alpha&page=2"),
        ("fbclid=IwAR0abc&q=s%C3%A9curit%C3%A9&utm_source=x", "q=s%C3%A9curit%C3%A9"),
        ("q=b&tag=x&q=a", "q=b&tag=x&q=a"),
        ("q=&page", "q=&page"),
        ("utm_source=lettre", ""),
        # Only parsing can tell what these names are.
        ("p%61ge=2", None),
        ("q+=x", None),
        ("=x&q=a", None),
        ("q=a&&page=2", None),
        ("&".join(["q=a"] * 1001), None),  # Django refuses to parse past 1,000 parameters
    ],
)
def test_the_public_part_of_a_query_is_cut_without_parsing_when_its_names_are_plain(given, public):
    assert public_query(given) == public


def test_a_parameter_name_written_encoded_is_still_the_page_it_names(client, page_cache):
    """« p%61ge » is « page » once decoded: it reaches the page, and is not cached as page 1."""
    for index in range(25):
        factories.article(headline=f"Article {index}", published_at=timezone.now() - datetime.timedelta(hours=index))
    first, second = client.get("/").content.decode(), client.get("/?page=2").content.decode()
    assert first != second
    assert client.get("/?p%61ge=2&fbclid=x").content.decode() == second
    assert client.get("/?utm_source=x").content.decode() == first


def test_tracking_parameters_never_reach_a_pages_links(client):
    """Whether or not the cache is on, a page rendered for ?utm_…= is the page without it: its
    pagination and language links carry only what the page reads."""
    for index in range(25):
        factories.article(headline=f"Article {index}", published_at=timezone.now() - datetime.timedelta(hours=index))
    page = client.get("/?page=2&utm_source=lettre&utm_campaign=matin").content.decode()
    assert 'href="?page=1' in page  # the previous page of the home list
    assert 'href="/en/?page=2"' in page  # the language switcher
    assert "utm_" not in page


def test_the_admin_keeps_every_parameter(admin_client):
    factories.article(headline="Brouillon fictif", status=Article.Status.DRAFT)
    factories.article(headline="Article publié fictif")
    page = admin_client.get("/admin/articles/article/?status__exact=draft").content.decode()
    assert "Brouillon fictif" in page and "Article publié fictif" not in page


def test_a_redirect_keeps_the_tracking_parameters(client):
    """Only the page is spared them: analytics read them from the address, kept on a redirect."""
    article = factories.article()
    response = client.get(article.get_absolute_url().rstrip("/") + "?utm_source=lettre")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url() + "?utm_source=lettre"


def test_a_cached_page_is_not_served_to_a_host_outside_allowed_hosts(client, page_cache):
    """The uncached path answers 400 to a forged Host header; the cached one must too."""
    article = factories.article()
    assert client.get(article.get_absolute_url()).status_code == 200  # now cached
    response = client.get(article.get_absolute_url(), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert b"Un article" not in response.content


def test_the_generation_moves_with_the_committed_change_only(django_capture_on_commit_callbacks):
    """A change bumps the database's generation in its own transaction; a rolled-back savepoint
    takes its bump with it, so a failed save leaves every cached page current."""
    from django.db import transaction

    from newsroom.models import ContentGeneration

    def token():
        return ContentGeneration.objects.get(pk=1).token

    before = token()
    with contextlib.suppress(RuntimeError), transaction.atomic():
        factories.section(name="Annulée", slug="annulee")
        assert token() != before  # inside the transaction, as the commit will leave it
        raise RuntimeError
    assert token() == before
    with django_capture_on_commit_callbacks(execute=True):
        factories.section(name="Gardée", slug="gardee")
    assert token() != before
