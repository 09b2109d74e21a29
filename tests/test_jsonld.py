"""JSON-LD on public pages: valid, complete enough for search engines, and unable to break out."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from articles.models import Block
from tests import factories

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.DOTALL)


def jsonld_blocks(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200
    return [json.loads(raw) for raw in JSONLD.findall(response.content.decode())]


def by_type(blocks, kind):
    matches = [block for block in blocks if block["@type"] == kind]
    assert len(matches) == 1, f"one {kind} expected"
    return matches[0]


def test_news_article_has_the_required_properties(client, settings):
    settings.NEWSROOM_SITE_NAME = "Le Quotidien"
    author = factories.person(name="Camille Durand")
    article = factories.article(
        headline="Le titre",
        social_title="Le titre pour les réseaux",
        authors=[author],
        tags=["OpenAI", "départs"],
        section=factories.section(name="Technologie"),
    )
    data = by_type(jsonld_blocks(client, article.get_absolute_url()), "NewsArticle")
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Le titre"
    assert data["alternativeHeadline"] == "Le titre pour les réseaux"
    article.refresh_from_db()
    assert data["datePublished"] == timezone.localtime(article.published_at).isoformat()
    assert data["dateModified"] == timezone.localtime(article.updated_at).isoformat()
    assert data["author"] == [
        {"@type": "Person", "name": "Camille Durand", "url": "http://127.0.0.1:8000/personnes/camille-durand/"}
    ]
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["name"] == "Le Quotidien"
    assert sorted(data["keywords"]) == ["OpenAI", "départs"]
    assert data["articleSection"] == "Technologie"
    assert data["inLanguage"] == "fr"
    assert data["mainEntityOfPage"]["@id"] == f"http://127.0.0.1:8000{article.get_absolute_url()}"


def test_date_modified_follows_a_correction_to_an_embedded_career(client):
    """The page shows the career, so correcting it modifies the page: dateModified, the
    article:modified_time meta and the visible « mis à jour » date all follow."""
    weng = factories.person(name="Lilian Weng")
    entry = factories.career_entry(person=weng)
    published = timezone.now() - datetime.timedelta(days=10)
    article = factories.article(published_at=published)
    factories.block(article, kind=Block.Kind.TIMELINE, timeline_person=weng, text="")
    type(article).objects.filter(pk=article.pk).update(updated_at=published)
    corrected = timezone.now() - datetime.timedelta(days=1)
    type(entry).objects.filter(pk=entry.pk).update(updated_at=corrected)
    type(weng).objects.filter(pk=weng.pk).update(updated_at=published)
    type(entry.organisation).objects.filter(pk=entry.organisation_id).update(updated_at=published)

    data = by_type(jsonld_blocks(client, article.get_absolute_url()), "NewsArticle")

    assert data["dateModified"] == timezone.localtime(corrected).isoformat()
    assert data["datePublished"] == timezone.localtime(published).isoformat()


def test_faq_page_lists_each_question_with_its_answer(client):
    article = factories.article()
    factories.block(article, kind=Block.Kind.FAQ)
    factories.faq_entry(article, question="Pourquoi tant de départs ?", answer="<p>Les raisons sont multiples.</p>")
    factories.faq_entry(article, question="Où vont ces experts ?", answer="<p>Chez Anthropic.</p>")
    data = by_type(jsonld_blocks(client, article.get_absolute_url()), "FAQPage")
    assert [(q["@type"], q["name"], q["acceptedAnswer"]["text"]) for q in data["mainEntity"]] == [
        ("Question", "Pourquoi tant de départs ?", "<p>Les raisons sont multiples.</p>"),
        ("Question", "Où vont ces experts ?", "<p>Chez Anthropic.</p>"),
    ]


def test_article_without_faq_has_no_faq_page(client):
    article = factories.article()
    assert [block["@type"] for block in jsonld_blocks(client, article.get_absolute_url())] == [
        "NewsArticle",
        "BreadcrumbList",
    ]


def test_a_headline_cannot_break_out_of_the_json_ld_script(client):
    headline = "Titre </script><script>alert(1)</script> & <!-- \u2028fin\u2029"
    article = factories.article(headline=headline, slug="evasion")
    factories.faq_entry(article, question="</script><script>alert(2)</script>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert" not in page
    raw = "".join(JSONLD.findall(page))
    assert "\u2028" not in raw and "<!--" not in raw and "&" not in raw
    blocks = [json.loads(raw) for raw in JSONLD.findall(page)]
    assert by_type(blocks, "NewsArticle")["headline"] == headline
    assert by_type(blocks, "FAQPage")["mainEntity"][0]["name"] == "</script><script>alert(2)</script>"


def test_person_and_organisation_pages_describe_themselves(client):
    org = factories.organisation(name="OpenAI", website="https://openai.com")
    person = factories.person(name="Lilian Weng", x_url="https://x.com/lilianweng")
    factories.career_entry(person=person, organisation=org)
    data = by_type(jsonld_blocks(client, person.get_absolute_url()), "Person")
    assert data["name"] == "Lilian Weng" and data["sameAs"] == ["https://x.com/lilianweng"]
    assert data["worksFor"][0]["name"] == "OpenAI"
    data = by_type(jsonld_blocks(client, org.get_absolute_url()), "Organization")
    assert data["name"] == "OpenAI" and data["url"] == "http://127.0.0.1:8000/organisations/openai/"


# --- Breadcrumbs, people and organisations, hostile text on every page -------------------------------


def crumbs(data) -> list[tuple[int, str, str]]:
    return [(item["position"], item["name"], item["item"]) for item in data["itemListElement"]]


def test_breadcrumbs_lead_from_the_home_page_to_each_page(client):
    base = "http://127.0.0.1:8000"
    section = factories.section(name="Technologie", slug="technologie")
    factories.person(name="Lilian Weng", slug="lilian-weng")
    org = factories.organisation(name="OpenAI", slug="openai")
    article = factories.article(
        headline="Départs",
        slug="departs",
        section=section,
        tags=["sécurité de l’IA"],
        published_at=timezone.make_aware(timezone.datetime(2024, 11, 15, 12)),
    )
    loose = factories.article(headline="Sans rubrique", slug="sans-rubrique")
    home = (1, "Accueil", f"{base}/")
    expected = {
        article.get_absolute_url(): [
            home,
            (2, "Technologie", f"{base}/rubriques/technologie/"),
            (3, "Départs", f"{base}/articles/departs/"),
        ],
        loose.get_absolute_url(): [home, (2, "Sans rubrique", f"{base}/articles/sans-rubrique/")],
        "/rubriques/technologie/": [home, (2, "Technologie", f"{base}/rubriques/technologie/")],
        "/mots-cles/securite-de-lia/": [home, (2, "sécurité de l’IA", f"{base}/mots-cles/securite-de-lia/")],
        "/personnes/lilian-weng/": [home, (2, "Lilian Weng", f"{base}/personnes/lilian-weng/")],
        "/organisations/openai/": [home, (2, "OpenAI", f"{base}/organisations/openai/")],
        "/archives/2024/11/": [home, (2, "Archives de novembre 2024", f"{base}/archives/2024/11/")],
    }
    assert org  # the organisation page needs the row
    for url, trail in expected.items():
        data = by_type(jsonld_blocks(client, url), "BreadcrumbList")
        assert data["@context"] == "https://schema.org"
        assert all(item["@type"] == "ListItem" for item in data["itemListElement"])
        assert crumbs(data) == trail, url


def test_person_json_ld_reads_current_and_past_roles_from_the_career(client):
    openai = factories.organisation(name="OpenAI", slug="openai")
    anthropic = factories.organisation(name="Anthropic", slug="anthropic")
    person = factories.person(
        name="Lilian Weng",
        short_description="Chercheuse",
        x_url="https://x.com/lilianweng",
        website="https://lilianweng.github.io/",
    )
    factories.career_entry(
        person=person,
        organisation=openai,
        role_title="VP recherche et sécurité",
        end_date=timezone.datetime(2024, 11, 15).date(),
        end_precision="day",
    )
    factories.career_entry(
        person=person,
        organisation=openai,
        role_title="Chercheuse en robotique",
        start_date=timezone.datetime(2018, 1, 1).date(),
        end_date=timezone.datetime(2021, 1, 1).date(),
    )
    factories.career_entry(
        person=person, organisation=anthropic, role_title="Chercheuse", start_date=timezone.datetime(2025, 1, 1).date()
    )
    data = by_type(jsonld_blocks(client, person.get_absolute_url()), "Person")
    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Lilian Weng" and data["url"] == "http://127.0.0.1:8000/personnes/lilian-weng/"
    assert data["jobTitle"] == "Chercheuse"
    assert data["worksFor"] == [
        {"@type": "Organization", "name": "Anthropic", "url": "http://127.0.0.1:8000/organisations/anthropic/"}
    ]
    # Two roles left at OpenAI make one former employer.
    assert data["alumniOf"] == [
        {"@type": "Organization", "name": "OpenAI", "url": "http://127.0.0.1:8000/organisations/openai/"}
    ]
    assert data["sameAs"] == ["https://x.com/lilianweng", "https://lilianweng.github.io/"]


def test_a_person_still_at_an_organisation_is_not_its_alumnus(client):
    openai = factories.organisation(name="OpenAI")
    person = factories.person()
    factories.career_entry(
        person=person, organisation=openai, role_title="Stagiaire", end_date=timezone.datetime(2019, 1, 1).date()
    )
    factories.career_entry(
        person=person, organisation=openai, role_title="Directrice", start_date=timezone.datetime(2020, 1, 1).date()
    )
    data = by_type(jsonld_blocks(client, person.get_absolute_url()), "Person")
    assert data["jobTitle"] == "Directrice" and "alumniOf" not in data
    assert [org["name"] for org in data["worksFor"]] == ["OpenAI"]


def test_organisation_json_ld_has_name_url_description_and_website(client):
    org = factories.organisation(name="Anthropic", website="https://www.anthropic.com", description="Laboratoire d’IA.")
    data = by_type(jsonld_blocks(client, org.get_absolute_url()), "Organization")
    assert data["@context"] == "https://schema.org"
    assert data["url"] == f"http://127.0.0.1:8000{org.get_absolute_url()}"
    assert data["description"] == "Laboratoire d’IA." and data["sameAs"] == ["https://www.anthropic.com"]


def test_seo_and_social_titles_both_become_alternative_headlines_only_when_they_differ(client):
    same = factories.article(headline="Même titre", seo_title="Même titre", social_title="Même titre")
    assert "alternativeHeadline" not in by_type(jsonld_blocks(client, same.get_absolute_url()), "NewsArticle")
    seo_only = factories.article(headline="Titre", seo_title="Titre SEO")
    assert (
        by_type(jsonld_blocks(client, seo_only.get_absolute_url()), "NewsArticle")["alternativeHeadline"] == "Titre SEO"
    )
    data = by_type(
        jsonld_blocks(
            client, factories.article(headline="Titre 2", seo_title="SEO", social_title="Réseaux").get_absolute_url()
        ),
        "NewsArticle",
    )
    assert data["alternativeHeadline"] == ["Réseaux", "SEO"]
    assert data["publisher"] == {"@type": "Organization", "name": "Newsroom", "url": "http://127.0.0.1:8000/"}
    assert "image" not in data  # articles have no image yet: no empty or invented one


HOSTILE = "X </script><script>alert(1)</script> \" ' & <!-- \u2028 \u2029"


def test_hostile_text_cannot_break_out_of_any_json_ld_block(client):
    section = factories.section(name=f"Rubrique {HOSTILE}", slug="hostile")
    person = factories.person(name=f"Personne {HOSTILE}", slug="hostile", short_description=HOSTILE)
    org = factories.organisation(name=f"Organisation {HOSTILE}", slug="hostile", description=HOSTILE)
    factories.career_entry(person=person, organisation=org, role_title=HOSTILE)
    article = factories.article(
        headline=f"Titre {HOSTILE}",
        social_title=f"Social {HOSTILE}",
        standfirst=HOSTILE,
        slug="hostile",
        section=section,
        authors=[person],
        people=[person],
        tags=[f"mot {HOSTILE}"],
        published_at=timezone.make_aware(timezone.datetime(2024, 11, 15, 12)),
    )
    factories.faq_entry(article, question=HOSTILE)
    tag_slug = article.tags.get().slug
    # The archive's only JSON-LD is its breadcrumb; its cards still show the hostile headline.
    for url in (
        article.get_absolute_url(),
        section.get_absolute_url(),
        person.get_absolute_url(),
        org.get_absolute_url(),
        f"/mots-cles/{tag_slug}/",
        "/archives/2024/11/",
    ):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        raw = JSONLD.findall(page)
        assert raw, url
        for block in raw:
            assert "\u2028" not in block and "\u2029" not in block and "<!--" not in block and "&" not in block
            json.loads(block)  # each block is still valid JSON holding the text
        if not url.startswith("/archives/"):
            assert any(HOSTILE in text for block in raw for text in strings(json.loads(block))), url


def strings(value):
    """Every string inside parsed JSON."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
