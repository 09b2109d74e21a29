"""Sitemaps: an index on the configured origin, per-kind sitemaps valid against the sitemaps.org
schemas and cut into pages, a Google News sitemap of the last two days; /robots.txt names the index."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from articles.models import Article
from newsroom.site import sitemaps as site_sitemaps
from tests import factories

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
SCHEMAS = Path(__file__).parent / "schemas"
BASE = "http://127.0.0.1:8000"


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def valid_xml(response, schema_name: str | None = None):
    """The response parsed as XML, after checking it against ``schema_name`` when given."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = etree.fromstring(response.content)
    if schema_name:
        xsd = schema(schema_name)
        assert xsd.validate(root), xsd.error_log
    return root


def locations(client, url) -> list[str]:
    root = valid_xml(client.get(url), "sitemap.xsd")
    return root.xpath("//sm:url/sm:loc/text()", namespaces=NS)


def index_locations(client) -> list[str]:
    root = valid_xml(client.get("/sitemap.xml"), "siteindex.xsd")
    return root.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)


def site_content(size: int):
    """``size`` of each kind of page, plus a draft and a scheduled article."""
    for index in range(size):
        section = factories.section()
        person = factories.person()
        person.tags.add(f"personne {index}")
        factories.career_entry(person=person)
        factories.article(section=section, tags=[f"mot {index}"], authors=[person], people=[person])
    factories.article(status=Article.Status.DRAFT, tags=["secret"])
    factories.article(published_at=timezone.now() + datetime.timedelta(days=1))


def test_index_names_every_sitemap_on_the_configured_origin_in_a_fixed_number_of_queries(
    client, settings, django_assert_num_queries
):
    settings.NEWSROOM_SITE_URL = "https://actu.example.org"
    site_content(1)
    # The latest date and the count of articles, people, organisations and sections; for
    # articles, the latest date of what they embed too; the count of tags (they carry no
    # date); the news sitemap's latest date.
    with django_assert_num_queries(11):
        small = index_locations(client)
    site_content(5)
    with django_assert_num_queries(11):
        assert index_locations(client) == small
    assert small == [
        f"https://actu.example.org/sitemap-{kind}.xml"
        for kind in ("articles", "people", "organisations", "tags", "sections", "news")
    ]


def test_index_dates_each_sitemap_from_its_rows(client):
    article = factories.article()
    root = valid_xml(client.get("/sitemap.xml"), "siteindex.xsd")
    dated = dict(
        zip(
            root.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS),
            [entry.xpath("string(sm:lastmod)", namespaces=NS) for entry in root.xpath("//sm:sitemap", namespaces=NS)],
            strict=True,
        )
    )
    article.refresh_from_db()
    assert dated[f"{BASE}/sitemap-articles.xml"] == timezone.localtime(article.updated_at).isoformat()
    assert dated[f"{BASE}/sitemap-tags.xml"] == ""  # tags have no date of their own
    # The news sitemap changes when a story is published, not when one is corrected.
    assert dated[f"{BASE}/sitemap-news.xml"] == timezone.localtime(article.published_at).isoformat()


def test_each_sitemap_is_valid_and_lists_published_content_only(client, django_assert_num_queries):
    section = factories.section(name="Tech", slug="tech")
    person = factories.person(name="Lilian Weng")
    person.tags.add("personnes")
    organisation = factories.organisation(name="OpenAI")
    factories.article(headline="Publié", slug="publie", section=section, tags=["public"])
    factories.article(headline="Brouillon", slug="brouillon", status=Article.Status.DRAFT, tags=["secret"])
    factories.article(headline="En relecture", slug="relecture", status=Article.Status.REVIEW)
    factories.article(slug="programme", published_at=timezone.now() + datetime.timedelta(hours=1))
    # The articles' sitemap page: one page of rows, then the dates of what they embed.
    with django_assert_num_queries(2):
        articles = locations(client, "/sitemap-articles.xml")
    assert articles == [f"{BASE}/articles/publie/"]
    assert locations(client, "/sitemap-people.xml") == [f"{BASE}{person.get_absolute_url()}"]
    assert locations(client, "/sitemap-organisations.xml") == [f"{BASE}{organisation.get_absolute_url()}"]
    assert locations(client, "/sitemap-sections.xml") == [f"{BASE}/rubriques/tech/"]
    # A tag only a draft uses leads nowhere.
    assert locations(client, "/sitemap-tags.xml") == [f"{BASE}/mots-cles/personnes/", f"{BASE}/mots-cles/public/"]
    assert client.get("/sitemap-inconnu.xml").status_code == 404


def test_sitemap_pages_cost_the_same_queries_however_many_rows(client, django_assert_num_queries):
    site_content(2)
    # One page of rows, not counted first; articles add the dates of what they embed.
    counts = {"articles": 2, "people": 1, "organisations": 1, "tags": 1, "sections": 1}
    for kind, count in counts.items():
        with django_assert_num_queries(count):
            client.get(f"/sitemap-{kind}.xml")
    site_content(6)
    for kind, count in counts.items():
        with django_assert_num_queries(count):
            assert len(locations(client, f"/sitemap-{kind}.xml")) >= 8


def test_article_and_section_lastmod_are_real_dates(client):
    section = factories.section(slug="dates")
    article = factories.article(slug="date", section=section)
    factories.article(slug="brouillon-recent", section=section, status=Article.Status.DRAFT)
    article.refresh_from_db()
    day = timezone.localtime(article.updated_at).date().isoformat()
    for url, loc in (("/sitemap-articles.xml", "/articles/date/"), ("/sitemap-sections.xml", "/rubriques/dates/")):
        root = valid_xml(client.get(url), "sitemap.xsd")
        assert root.xpath(f"//sm:url[sm:loc='{BASE}{loc}']/sm:lastmod/text()", namespaces=NS) == [day]


def test_article_lastmod_follows_a_correction_to_what_it_embeds(client):
    """A people list and a career embedded in the article: correcting either changes the page,
    so its lastmod and the index's date for the articles sitemap move to the correction."""
    from articles.models import Block
    from people.models import CareerEntry, Person

    long_ago = timezone.now() - datetime.timedelta(days=30)
    weng, leike = factories.person(name="Lilian Weng"), factories.person(name="Jan Leike")
    factories.career_entry(person=weng)
    leike_entry = factories.career_entry(person=leike)
    departures = factories.people_list(people=[leike])
    article = factories.article(slug="embeds", published_at=long_ago)
    factories.block(article, kind=Block.Kind.TIMELINE, timeline_person=weng, text="")
    factories.block(article, kind=Block.Kind.PEOPLE_LIST, people_list=departures, text="", position=1)
    factories.article(slug="plain", published_at=long_ago)
    for model in (Article, Person, CareerEntry, type(departures), type(leike_entry.organisation)):
        model.objects.update(updated_at=long_ago)

    def lastmods():
        root = valid_xml(client.get("/sitemap-articles.xml"), "sitemap.xsd")
        return {
            url.xpath("string(sm:loc)", namespaces=NS): url.xpath("string(sm:lastmod)", namespaces=NS)
            for url in root.xpath("//sm:url", namespaces=NS)
        }

    assert lastmods() == {
        f"{BASE}/articles/embeds/": long_ago.date().isoformat(),
        f"{BASE}/articles/plain/": long_ago.date().isoformat(),
    }
    yesterday = timezone.now() - datetime.timedelta(days=1)
    CareerEntry.objects.filter(pk=leike_entry.pk).update(updated_at=yesterday)
    day = timezone.localtime(yesterday).date().isoformat()
    assert lastmods()[f"{BASE}/articles/embeds/"] == day
    assert lastmods()[f"{BASE}/articles/plain/"] == long_ago.date().isoformat()
    # The same date the article page shows as « mis à jour le ».
    assert Article.objects.get(pk=article.pk).content_updated_at() == yesterday
    index = valid_xml(client.get("/sitemap.xml"), "siteindex.xsd")
    dates = index.xpath(f"//sm:sitemap[sm:loc='{BASE}/sitemap-articles.xml']/sm:lastmod/text()", namespaces=NS)
    assert dates == [timezone.localtime(yesterday).isoformat()]


def test_content_updates_match_each_article_page_for_any_window():
    """The sitemap's two-query dates are the ones each article's page computes for itself."""
    from articles.models import Block

    site_content(3)
    for index, person in enumerate(factories.person() for _ in range(2)):
        factories.career_entry(person=person)
        article = factories.article(published_at=timezone.now() - datetime.timedelta(minutes=index))
        factories.block(article, kind=Block.Kind.TIMELINE, timeline_person=person, text="")
        type(person).objects.filter(pk=person.pk).update(updated_at=timezone.now() + datetime.timedelta(days=index + 1))
    published = Article.objects.published().order_by("-published_at", "-pk")
    pages = list(published.prefetch_related("blocks"))
    expected = [(a.pk, a.slug, a.content_updated_at()) for a in pages]
    # Some pages are dated by what they embed, not by their own row.
    assert any(a.content_updated_at() > a.updated_at for a in pages)
    # The draft and the scheduled article of site_content() are not among them.
    assert len(pages) == Article.objects.count() - 2
    for window in (slice(None), slice(0, 2), slice(1, 4), slice(4, None), slice(10, 20)):
        assert published.content_updates(window) == expected[window]


def test_sitemaps_are_cut_into_pages_that_the_index_lists(client, monkeypatch):
    monkeypatch.setattr(site_sitemaps.ArticleSitemap, "limit", 2)
    for index in range(5):
        factories.article(slug=f"page-{index}", published_at=timezone.now() - datetime.timedelta(hours=index + 1))
    assert index_locations(client)[:3] == [
        f"{BASE}/sitemap-articles.xml",
        f"{BASE}/sitemap-articles.xml?p=2",
        f"{BASE}/sitemap-articles.xml?p=3",
    ]
    assert locations(client, "/sitemap-articles.xml") == [f"{BASE}/articles/page-0/", f"{BASE}/articles/page-1/"]
    assert locations(client, "/sitemap-articles.xml?p=2") == [f"{BASE}/articles/page-2/", f"{BASE}/articles/page-3/"]
    assert locations(client, "/sitemap-articles.xml?p=3") == [f"{BASE}/articles/page-4/"]
    for bad in ("4", "0", "abc", "100000000000000000000"):
        assert client.get("/sitemap-articles.xml", {"p": bad}).status_code == 404


def test_tag_pages_are_the_ones_the_index_lists_and_no_more(client, monkeypatch):
    """Pages are read without counting: each listed page has its tags, the next one is a 404,
    and a tag only a draft uses neither shows nor makes a page of its own."""
    monkeypatch.setattr(site_sitemaps.TagSitemap, "limit", 2)
    factories.article(tags=["alpha", "beta", "gamma"])
    factories.article(status=Article.Status.DRAFT, tags=["zeta-brouillon"])
    listed = [loc for loc in index_locations(client) if "sitemap-tags" in loc]
    assert listed == [f"{BASE}/sitemap-tags.xml", f"{BASE}/sitemap-tags.xml?p=2"]
    assert locations(client, "/sitemap-tags.xml") == [f"{BASE}/mots-cles/alpha/", f"{BASE}/mots-cles/beta/"]
    assert locations(client, "/sitemap-tags.xml?p=2") == [f"{BASE}/mots-cles/gamma/"]
    for bad in ("3", "0", "-1", "2.5", "abc", "100000000000000000000"):
        assert client.get("/sitemap-tags.xml", {"p": bad}).status_code == 404


def test_default_page_size_stays_well_under_the_protocol_limit():
    assert site_sitemaps.SiteSitemap.limit <= 50_000 and site_sitemaps.NewsSitemap.limit <= 1000


def test_news_sitemap_lists_the_last_two_days_published_articles_with_news_data(
    client, settings, django_assert_num_queries
):
    settings.NEWSROOM_SITE_NAME = "Le Quotidien"
    fresh = factories.article(headline="Départs chez OpenAI & « autres »", slug="frais")
    factories.article(slug="ancien", published_at=timezone.now() - datetime.timedelta(days=3))
    factories.article(slug="brouillon", status=Article.Status.DRAFT)
    factories.article(slug="programme", published_at=timezone.now() + datetime.timedelta(hours=1))
    factories.article(slug="anglais", language=Article.Language.ENGLISH)
    # One query: its articles with their dates, not counted first.
    with django_assert_num_queries(1):
        root = valid_xml(client.get("/sitemap-news.xml"))
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert root.nsmap["news"] == NS["news"]
    urls = root.xpath("/sm:urlset/sm:url", namespaces=NS)
    assert [url.xpath("string(sm:loc)", namespaces=NS) for url in urls] == [
        f"{BASE}/articles/anglais/",
        f"{BASE}/articles/frais/",
    ]
    for url in urls:
        news = url.xpath("news:news", namespaces=NS)
        assert len(news) == 1
        # The elements Google News requires, each exactly once.
        for path in (
            "news:publication/news:name",
            "news:publication/news:language",
            "news:publication_date",
            "news:title",
        ):
            assert len(news[0].xpath(path, namespaces=NS)) == 1, path
    fresh_news = urls[1].xpath("news:news", namespaces=NS)[0]
    assert fresh_news.xpath("string(news:publication/news:name)", namespaces=NS) == "Le Quotidien"
    assert fresh_news.xpath("string(news:publication/news:language)", namespaces=NS) == "fr"
    assert fresh_news.xpath("string(news:title)", namespaces=NS) == "Départs chez OpenAI & « autres »"
    fresh.refresh_from_db()
    published = datetime.datetime.fromisoformat(fresh_news.xpath("string(news:publication_date)", namespaces=NS))
    assert published.tzinfo is not None and published == fresh.published_at
    assert urls[0].xpath("string(news:news/news:publication/news:language)", namespaces=NS) == "en"


def test_robots_txt_is_plain_text_and_names_the_absolute_sitemap_url(client, settings):
    settings.NEWSROOM_SITE_URL = "https://actu.example.org"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: https://actu.example.org/sitemap.xml" in body.splitlines()
    assert "Disallow: /admin/" in body
