"""JSON-LD on public pages: valid, complete enough for search engines, and unable to break out."""

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
    assert [block["@type"] for block in jsonld_blocks(client, article.get_absolute_url())] == ["NewsArticle", "BreadcrumbList"]


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
