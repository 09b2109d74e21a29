"""Sharing metadata: every page has a canonical URL, Open Graph and a Twitter card; articles add
their dates, section and tags; the values survive quotes and markup in the text."""

import datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"


class HeadParser(HTMLParser):
    """Collects <meta property|name=... content=...> (repeatable) and <link rel=canonical>."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(attrs.get("content"))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])


def head(client, url) -> HeadParser:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def site():
    section = factories.section(name="Technologie", slug="technologie")
    person = factories.person(name="Lilian Weng", slug="lilian-weng")
    factories.organisation(name="OpenAI", slug="openai")
    article = factories.article(
        headline="Le titre",
        social_title='Le titre « pour » les "réseaux" <b>',
        standfirst="Le chapeau.",
        slug="le-titre",
        section=section,
        tags=["OpenAI", "départs"],
        people=[person],
        published_at=timezone.make_aware(datetime.datetime(2024, 11, 15, 12)),
    )
    return article


PAGES = {
    "/": "website",
    "/articles/le-titre/": "article",
    "/rubriques/technologie/": "website",
    "/mots-cles/openai/": "website",
    "/personnes/lilian-weng/": "profile",
    "/organisations/openai/": "website",
    "/archives/2024/11/": "website",
}


@pytest.mark.parametrize(("url", "og_type"), PAGES.items())
def test_every_page_has_a_canonical_url_open_graph_and_a_twitter_card(client, site, url, og_type):
    parsed = head(client, url)
    assert parsed.canonical == [f"{BASE}{url}"]
    meta = parsed.meta
    assert meta["og:url"] == [f"{BASE}{url}"]
    assert meta["og:type"] == [og_type]
    assert meta["og:site_name"] == ["Newsroom"] and meta["og:locale"] == ["fr_FR"]
    assert meta["og:title"][0] and meta["og:description"][0]
    assert meta["twitter:card"] == ["summary"]


def test_article_shares_its_social_title_standfirst_dates_section_and_tags(client, site):
    site.refresh_from_db()
    meta = head(client, site.get_absolute_url()).meta
    assert meta["og:title"] == ['Le titre « pour » les "réseaux" <b>']
    assert meta["og:description"] == ["Le chapeau."]
    assert meta["article:published_time"] == ["2024-11-15T12:00:00+01:00"]
    assert meta["article:modified_time"] == [timezone.localtime(site.updated_at).isoformat()]
    assert meta["article:section"] == ["Technologie"]
    assert sorted(meta["article:tag"]) == ["OpenAI", "départs"]


def test_article_without_social_title_shares_its_headline(client):
    article = factories.article(headline="Seul titre")
    assert head(client, article.get_absolute_url()).meta["og:title"] == ["Seul titre"]
