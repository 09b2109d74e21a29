"""RSS and Atom feeds: well-formed for feedparser, published articles only, complete entries,
a bounded number of items in a fixed number of queries, and discoverable from every page."""

import calendar
import datetime
import re

import feedparser
import pytest
from django.utils import timezone

from articles import feeds
from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"
FORMATS = ("rss", "atom")


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.fixture
def newsroom():
    """One published article in a section, with a tag and about a person, plus every kind of
    article a reader must never see, all sharing that section, tag and person."""
    section = factories.section(name="Technologie", slug="technologie")
    weng = factories.person(name="Lilian Weng")
    author = factories.person(name="Camille Durand")
    visible = factories.article(
        headline="Départ de Lilian Weng",
        standfirst="La chercheuse quitte OpenAI.",
        section=section,
        tags=["OpenAI", "sécurité de l’IA"],
        authors=[author],
        people=[weng],
    )
    hidden = {"section": section, "tags": ["OpenAI"], "people": [weng]}
    factories.article(headline="Brouillon caché", status=Article.Status.DRAFT, **hidden)
    factories.article(headline="En relecture cachée", status=Article.Status.REVIEW, **hidden)
    factories.article(headline="Programmé caché", published_at=timezone.now() + datetime.timedelta(hours=2), **hidden)
    unpublished = factories.article(headline="Dépublié caché", **hidden)
    Article.objects.filter(pk=unpublished.pk).update(status=Article.Status.UNPUBLISHED)
    factories.article(headline="Sans rapport")
    return {"article": visible, "section": section, "person": weng}


def feed_urls(section_slug="technologie", tag_slug="openai", person_slug="lilian-weng"):
    return {
        "site": "/flux/{}/",
        "section": f"/rubriques/{section_slug}/flux/{{}}/",
        "tag": f"/mots-cles/{tag_slug}/flux/{{}}/",
        "person": f"/personnes/{person_slug}/flux/{{}}/",
    }


@pytest.mark.parametrize("kind", ["site", "section", "tag", "person"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_feeds_are_valid_and_list_published_articles_only(client, newsroom, kind, fmt):
    parsed = parse(client, feed_urls()[kind].format(fmt))
    assert parsed.version == ("rss20" if fmt == "rss" else "atom10")
    titles = [entry.title for entry in parsed.entries]
    expected = ["Sans rapport", "Départ de Lilian Weng"] if kind == "site" else ["Départ de Lilian Weng"]
    assert titles == expected
    assert parsed.feed.link.startswith(BASE)


@pytest.mark.parametrize("fmt", FORMATS)
def test_entries_carry_link_summary_author_tags_and_dates_with_time_zone(client, newsroom, fmt):
    article = newsroom["article"]
    article.refresh_from_db()
    entry = parse(client, f"/rubriques/technologie/flux/{fmt}/").entries[0]
    assert entry.link == f"{BASE}/articles/{article.slug}/"
    assert entry.summary == "La chercheuse quitte OpenAI."
    assert entry.author == "Camille Durand"
    assert sorted(tag.term for tag in entry.tags) == ["OpenAI", "sécurité de l’IA"]
    published = datetime.datetime.fromtimestamp(calendar.timegm(entry.published_parsed), datetime.UTC)
    assert published == article.published_at.replace(microsecond=0)
    # The raw date names its offset: readers in other zones get the right moment.
    assert re.search(r"(\+0000|\+00:00|GMT|Z)$", entry.published)


def test_feed_metadata_names_the_publication_and_the_subject(client, newsroom, settings):
    settings.NEWSROOM_SITE_NAME = "Le Quotidien"
    site = parse(client, "/flux/atom/").feed
    assert site.title == "Le Quotidien" and site.language == "fr"
    section = parse(client, "/rubriques/technologie/flux/rss/").feed
    assert section.title == "Technologie — Le Quotidien" and section.link == f"{BASE}/rubriques/technologie/"
    person = parse(client, "/personnes/lilian-weng/flux/atom/").feed
    assert person.title == "Lilian Weng — Le Quotidien" and "Lilian Weng" in person.subtitle


def test_feed_self_link_is_on_the_configured_origin(client, newsroom, settings):
    settings.NEWSROOM_SITE_URL = "https://actu.example.org"
    links = parse(client, "/flux/atom/").feed.links
    assert {"rel": "self", "href": "https://actu.example.org/flux/atom/"}.items() <= next(
        link for link in links if link.rel == "self"
    ).items()


def test_feeds_hold_a_bounded_number_of_the_latest_items(client):
    now = timezone.now()
    for index in range(feeds.FEED_SIZE + 5):
        factories.article(headline=f"Article {index:02d}", published_at=now - datetime.timedelta(minutes=index + 1))
    entries = parse(client, "/flux/rss/").entries
    assert len(entries) == feeds.FEED_SIZE
    assert entries[0].title == "Article 00" and entries[-1].title == f"Article {feeds.FEED_SIZE - 1:02d}"


@pytest.mark.parametrize(
    ("kind", "queries"),
    # Items (with section), their authors, their tags; plus the section, tag or person.
    [("site", 3), ("section", 4), ("tag", 4), ("person", 4)],
)
def test_feed_query_count_is_pinned_and_does_not_grow_with_items(client, django_assert_num_queries, kind, queries):
    section = factories.section(slug="rubrique")
    person = factories.person(slug="personne")

    def add(count):
        for _ in range(count):
            authors = [factories.person(), factories.person()]
            factories.article(section=section, tags=["mot", factories.person().name], authors=authors, people=[person])

    url = feed_urls("rubrique", "mot", "personne")[kind].format("rss")
    add(1)
    with django_assert_num_queries(queries):
        assert len(parse(client, url).entries) == 1
    add(8)
    with django_assert_num_queries(queries):
        assert len(parse(client, url).entries) == 9


@pytest.mark.parametrize(
    "url", ["/rubriques/inconnue/flux/rss/", "/mots-cles/inconnu/flux/atom/", "/personnes/inconnue/flux/rss/"]
)
def test_feed_of_an_unknown_subject_is_404(client, url):
    assert client.get(url).status_code == 404


def alternate_links(page: str) -> set[tuple[str, str]]:
    return set(
        re.findall(r'<link rel="alternate" type="(application/(?:rss|atom)\+xml)" title="[^"]*" href="([^"]+)">', page)
    )


SITE_FEEDS = {("application/rss+xml", "/flux/rss/"), ("application/atom+xml", "/flux/atom/")}


def test_every_page_links_the_site_feeds_and_subject_pages_their_own(client, newsroom):
    article = newsroom["article"]
    organisation = factories.organisation(slug="openai")
    month = timezone.localtime(article.published_at)
    own = {
        "/": set(),
        article.get_absolute_url(): set(),
        f"/organisations/{organisation.slug}/": set(),
        f"/archives/{month.year}/{month.month}/": set(),
        "/rubriques/technologie/": {
            ("application/rss+xml", "/rubriques/technologie/flux/rss/"),
            ("application/atom+xml", "/rubriques/technologie/flux/atom/"),
        },
        "/mots-cles/openai/": {
            ("application/rss+xml", "/mots-cles/openai/flux/rss/"),
            ("application/atom+xml", "/mots-cles/openai/flux/atom/"),
        },
        "/personnes/lilian-weng/": {
            ("application/rss+xml", "/personnes/lilian-weng/flux/rss/"),
            ("application/atom+xml", "/personnes/lilian-weng/flux/atom/"),
        },
    }
    for url, expected in own.items():
        response = client.get(url)
        assert response.status_code == 200, url
        links = alternate_links(response.content.decode())
        assert links == SITE_FEEDS | expected, url
        for _, href in links:  # each advertised feed exists
            parse(client, href)
    assert alternate_links(client.get("/nulle-part/").content.decode()) == SITE_FEEDS


@pytest.mark.parametrize("cached", [False, True])
def test_a_feed_goes_out_in_one_piece(client, settings, cached):
    """The server writes each piece of a response to the socket on its own: a feed made of
    hundreds of small strings took milliseconds to send, fresh or from the page cache."""
    settings.PAGE_CACHE_SECONDS = 300 if cached else 0
    for _ in range(5):
        factories.article()
    client.get("/flux/rss/")
    response = client.get("/flux/atom/")
    response = client.get("/flux/atom/")
    assert response.status_code == 200
    assert len(list(response)) == 1
