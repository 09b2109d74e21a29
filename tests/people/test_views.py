"""Person and organisation pages, derived from career entries, showing published articles only."""

import datetime

import pytest
from django.urls import reverse

from articles.models import Article
from people.dates import Precision
from tests import factories

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def weng():
    """Lilian Weng's career at OpenAI, as the seed story tells it, plus a current role elsewhere."""
    openai = factories.organisation(name="OpenAI")
    anthropic = factories.organisation(name="Anthropic")
    person = factories.person(
        name="Lilian Weng",
        short_description="Chercheuse en sécurité de l’IA",
        biography="<p>Elle a dirigé les systèmes de sécurité.</p>",
    )
    person.tags.add("sécurité de l’IA")
    factories.career_entry(
        person=person,
        organisation=openai,
        summary="Arrivée dans l’équipe robotique",
        end_date=datetime.date(2021, 1, 1),
    )
    factories.career_entry(
        person=person,
        organisation=openai,
        role_title="VP recherche et sécurité",
        start_date=datetime.date(2024, 8, 1),
        start_precision=Precision.MONTH,
        end_date=datetime.date(2024, 11, 15),
        end_precision=Precision.DAY,
        announced_on=datetime.date(2024, 11, 8),
        destination=anthropic,
    )
    factories.career_entry(
        person=person,
        organisation=anthropic,
        role_title="Chercheuse",
        start_date=datetime.date(2025, 3, 1),
        start_precision=Precision.DAY,
    )
    return person


def test_person_page_shows_profile_current_role_timeline_departure_and_tags(client, weng, django_assert_num_queries):
    # Content generation and nav (the menu is cached under it), person, career entries (with
    # organisations), tags, count of articles (none: no page, no authors).
    with django_assert_num_queries(6):
        page = html(client.get(weng.get_absolute_url()))
    assert "<h1>Lilian Weng</h1>" in page and "Chercheuse en sécurité de l’IA" in page
    assert "<p>Elle a dirigé les systèmes de sécurité.</p>" in page
    assert 'Chercheuse, <a href="/organisations/anthropic/">Anthropic</a>' in page
    assert 'depuis <time datetime="2025-03-01">1er mars 2025</time>' in page
    assert '<time datetime="2024-08">août 2024</time> – <time datetime="2024-11-15">15 novembre 2024</time>' in page
    assert "Départ annoncé le 8 novembre 2024" in page
    assert 'partie vers <a href="/organisations/anthropic/">Anthropic</a>' in page
    assert '<a href="/organisations/openai/">OpenAI</a>' in page
    assert '<a href="/mots-cles/securite-de-lia/" rel="tag">sécurité de l’IA</a>' in page


def test_person_page_lists_only_published_articles_about_them(client, weng):
    factories.article(headline="Départ de Lilian Weng", people=[weng])
    factories.article(headline="Brouillon sur Weng", people=[weng], status=Article.Status.DRAFT)
    factories.article(headline="Article sans elle")
    page = html(client.get(weng.get_absolute_url()))
    assert "Départ de Lilian Weng" in page
    assert "Brouillon sur Weng" not in page and "Article sans elle" not in page


def test_person_page_query_count_does_not_grow_with_career_or_articles(client, weng, django_assert_num_queries):
    org = factories.organisation()
    for year in range(2000, 2010):
        factories.career_entry(
            person=weng, organisation=org, start_date=datetime.date(year, 1, 1), end_date=datetime.date(year, 1, 1)
        )
    for _ in range(5):
        factories.article(people=[weng], authors=[factories.person()])
    # Content generation, nav, person, career entries, tags, page of articles, their authors.
    with django_assert_num_queries(7):
        html(client.get(weng.get_absolute_url()))


def test_organisation_page_separates_people_there_now_from_people_before(client, weng, django_assert_num_queries):
    openai = weng.career_entries.get(role_title="VP recherche et sécurité").organisation
    altman = factories.person(name="Sam Altman")
    factories.career_entry(person=altman, organisation=openai, role_title="Directeur général")
    factories.article(headline="Sur OpenAI").organisations.add(openai)
    # Content generation, nav, organisation, its career entries (with people), its people's
    # tags, page of articles, their authors.
    with django_assert_num_queries(7):
        page = html(client.get(openai.get_absolute_url()))
    now, _, before = page.partition('id="auparavant"')
    assert '<a href="/personnes/sam-altman/">Sam Altman</a> – Directeur général' in now
    assert "Lilian Weng" not in now
    assert '<a href="/personnes/lilian-weng/">Lilian Weng</a> – VP recherche et sécurité' in before
    assert 'partie vers <a href="/organisations/anthropic/">Anthropic</a>' in before
    assert "Sur OpenAI" in page


def test_someone_still_there_in_another_role_is_not_a_departure(client):
    org = factories.organisation(name="Labo")
    person = factories.person(name="Alex Martin")
    factories.career_entry(person=person, organisation=org, role_title="Stagiaire", end_date=datetime.date(2019, 1, 1))
    factories.career_entry(
        person=person, organisation=org, role_title="Directrice", start_date=datetime.date(2020, 1, 1)
    )
    page = html(client.get(org.get_absolute_url()))
    assert 'id="auparavant"' not in page
    assert "Alex Martin</a> – Directrice" in page


def test_unknown_person_and_organisation_are_404(client):
    assert client.get(reverse("people:person", kwargs={"slug": "inconnue"})).status_code == 404
    assert client.get(reverse("people:organisation", kwargs={"slug": "inconnue"})).status_code == 404


@pytest.mark.django_db
def test_roles_with_unknown_dates_show_no_placeholder_dates(client):
    """A departure the story gives no dates for reads as a role, not as « ? – ? »."""
    org = factories.organisation(name="Labo Fictif")
    someone = factories.person(name="Alix Fictif")
    factories.career_entry(person=someone, organisation=org, start_date=None, summary="Ancien chercheur", ended=True)
    factories.career_entry(
        person=someone,
        organisation=factories.organisation(),
        start_date=datetime.date(2019, 1, 1),
        ended=True,
        summary="Stagiaire",
    )

    org_page = html(client.get(org.get_absolute_url()))
    person_page = html(client.get(someone.get_absolute_url()))
    assert "Ancien chercheur" in org_page and "Ancien chercheur" in person_page
    assert "?" not in org_page.split("<main", 1)[1]
    assert "à partir de" in person_page


def test_a_departure_known_only_by_its_end_reads_everywhere(client):
    """No start, an end and a destination: the person page, the organisation's movements (by
    the end's year) and a timeline block all show it."""
    lab = factories.organisation(name="Labo")
    rival = factories.organisation(name="Rival")
    person = factories.person(name="Alex Martin")
    factories.career_entry(
        person=person, organisation=lab, role_title="Chercheur", start_date=None,
        end_date=datetime.date(2019, 2, 1), end_precision=Precision.MONTH, destination=rival,
    )  # fmt: skip
    factories.career_entry(
        person=person, organisation=rival, role_title="Directeur", start_date=None,
        end_date=datetime.date(2024, 11, 15), end_precision=Precision.DAY,
    )  # fmt: skip

    page = html(client.get(person.get_absolute_url()))
    assert 'jusqu’en <time datetime="2019-02">février 2019</time>' in page
    assert 'jusqu’au <time datetime="2024-11-15">15 novembre 2024</time>' in page
    organisation_page = html(client.get(lab.get_absolute_url()))
    assert '<th scope="row">2019</th><td>1</td>' in organisation_page
    assert 'partie vers <a href="/organisations/rival/">Rival</a>' in organisation_page
    article = factories.article(headline="Départs")
    factories.block(article, kind="timeline", timeline_person=person, text="", date_display="precise")
    assert "jusqu’en <time" in html(client.get(article.get_absolute_url()))
