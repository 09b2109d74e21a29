"""/sitemap.xml lists what readers can open, on the configured origin; /robots.txt points to it."""

import pytest
from lxml import etree

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return etree.fromstring(response.content).xpath("//sm:url/sm:loc/text()", namespaces=NS)


def test_sitemap_lists_published_articles_only_and_the_rest_of_the_public_site(client, django_assert_num_queries):
    section = factories.section(name="Tech", slug="tech")
    person = factories.person(name="Lilian Weng")
    person.tags.add("personnes")
    organisation = factories.organisation(name="OpenAI")
    factories.article(headline="Publié", slug="publie", section=section, tags=["public"])
    factories.article(headline="Brouillon", slug="brouillon", status=Article.Status.DRAFT, tags=["secret"])
    factories.article(headline="En relecture", slug="relecture", status=Article.Status.REVIEW)
    # A count and a page of items for each sitemap: articles, people, organisations,
    # tags in use, sections — however many rows there are.
    with django_assert_num_queries(10):
        locations = sitemap_locations(client)
    base = "http://127.0.0.1:8000"
    assert f"{base}/articles/publie/" in locations
    assert f"{base}/articles/brouillon/" not in locations and f"{base}/articles/relecture/" not in locations
    assert f"{base}{person.get_absolute_url()}" in locations
    assert f"{base}{organisation.get_absolute_url()}" in locations
    assert f"{base}/rubriques/tech/" in locations
    assert f"{base}/mots-cles/public/" in locations and f"{base}/mots-cles/personnes/" in locations
    # A tag only a draft uses leads nowhere.
    assert f"{base}/mots-cles/secret/" not in locations


def test_sitemap_gives_articles_their_last_modification(client):
    article = factories.article(slug="date")
    root = etree.fromstring(client.get("/sitemap.xml").content)
    lastmod = root.xpath("//sm:url[sm:loc='http://127.0.0.1:8000/articles/date/']/sm:lastmod/text()", namespaces=NS)
    assert lastmod == [article.updated_at.date().isoformat()]


def test_sitemap_uses_the_configured_site_origin(client, settings):
    settings.NEWSROOM_SITE_URL = "https://actu.example.org"
    factories.article(slug="origine")
    assert "https://actu.example.org/articles/origine/" in sitemap_locations(client)


def test_robots_txt_is_plain_text_and_names_the_absolute_sitemap_url(client, settings):
    settings.NEWSROOM_SITE_URL = "https://actu.example.org"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: https://actu.example.org/sitemap.xml" in body.splitlines()
    assert "Disallow: /admin/" in body
