"""The people admin as a journalist uses it: careers, people lists, autocomplete and popups."""

import datetime
import json
import re

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from people.dates import Precision
from people.models import CareerEntry, PeopleList, Person
from tests import factories

pytestmark = pytest.mark.django_db

CAREER_FIELDS = [
    "organisation", "role_title", "team", "summary", "start", "end", "announced_on", "destination", "note",
]  # fmt: skip


@pytest.fixture
def journalist(client):
    user = User.objects.create_user("journaliste", password="une-phrase-de-passe", is_staff=True)
    user.groups.add(Group.objects.get(name="Journalists"))
    client.force_login(user)
    return user


def person_data(person: Person, careers: list[dict], *, initial: int = 0) -> dict:
    """The person change form as the browser posts it, with one inline form per career row."""
    data = {
        "name": person.name,
        "slug": person.slug,
        "short_description": "Chercheuse en sécurité de l’IA",
        "biography": "",
        "x_url": "",
        "website": "",
        "tags": "IA, sécurité de l’IA",
        "career_entries-TOTAL_FORMS": str(len(careers)),
        "career_entries-INITIAL_FORMS": str(initial),
        "career_entries-MIN_NUM_FORMS": "0",
        "career_entries-MAX_NUM_FORMS": "1000",
        "_save": "Enregistrer",
    }
    for index, row in enumerate(careers):
        prefix = f"career_entries-{index}-"
        for field in CAREER_FIELDS:
            data[prefix + field] = row.get(field, "")
        if row.get("ended"):
            data[prefix + "ended"] = "on"
        data[prefix + "id"] = row.get("id", "")
        data[prefix + "person"] = str(person.pk)
    return data


def test_journalist_enters_a_career_on_the_person_form(client, journalist):
    """Career rows typed on the person's page are saved with their dates, precision and departure.

    The person is the journalist's own new entry, not yet public: their saves apply at once
    (a public person's change waits for an editor, see test_review)."""
    weng = factories.person(name="Lilian Weng", is_public=False)
    openai = factories.organisation(name="OpenAI")
    elsewhere = factories.organisation(name="Ailleurs")
    url = reverse("admin:people_person_change", args=[weng.pk])
    careers = [
        {
            "organisation": str(openai.pk),
            "role_title": "Vice-présidente, recherche et sécurité",
            "start": "2017",
            "end": "15 novembre 2024",
            "announced_on": "08/11/2024",
            "destination": str(elsewhere.pk),
        },
        {"organisation": str(elsewhere.pk), "role_title": "Fondatrice", "start": "2025"},
    ]

    response = client.post(url, person_data(weng, careers))

    assert response.status_code == 302, response.context["errors"] if response.context else response
    weng.refresh_from_db()
    assert weng.short_description == "Chercheuse en sécurité de l’IA"
    assert sorted(weng.tags.names()) == ["IA", "sécurité de l’IA"]
    past, current = weng.timeline()
    assert past.organisation == openai and past.ended  # a dated end means the role is over
    assert past.end_display == "15 novembre 2024"
    assert past.announced_on == datetime.date(2024, 11, 8)
    assert past.destination == elsewhere
    assert current.is_current and current.start_display == "2025"


def test_an_end_before_the_start_is_refused_with_a_message(client, journalist):
    weng = factories.person(name="Lilian Weng")
    openai = factories.organisation(name="OpenAI")
    url = reverse("admin:people_person_change", args=[weng.pk])
    careers = [
        {
            "organisation": str(openai.pk),
            "start": "2024",
            "end": "2018",
            "ended": True,
        }
    ]

    response = client.post(url, person_data(weng, careers))

    assert response.status_code == 200
    assert "La fin ne peut pas précéder le début." in response.content.decode()
    assert not CareerEntry.objects.exists()


def test_a_month_typed_in_words_is_stored_with_its_precision_and_shown_back(client, journalist):
    """« février 2019 » is saved as 1 February 2019, precision month, and the form shows it back
    as typed."""
    weng = factories.person(is_public=False)
    url = reverse("admin:people_person_change", args=[weng.pk])
    careers = [{"organisation": str(factories.organisation().pk), "start": "février 2019"}]

    response = client.post(url, person_data(weng, careers))

    assert response.status_code == 302, response.context["errors"] if response.context else response
    entry = weng.career_entries.get()
    assert (entry.start_date, entry.start_precision) == (datetime.date(2019, 2, 1), Precision.MONTH)
    assert entry.end_date is None
    form = client.get(url).content.decode()
    assert 'name="career_entries-0-start" value="février 2019"' in form


@pytest.mark.parametrize("typed", ["31 février 2024", "13/2020", "hier"])
def test_a_nonsense_date_is_explained_and_kept_in_the_field(client, journalist, typed):
    weng = factories.person(is_public=False)
    url = reverse("admin:people_person_change", args=[weng.pk])
    careers = [{"organisation": str(factories.organisation().pk), "start": typed}]

    response = client.post(url, person_data(weng, careers))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Date non reconnue : écrivez par exemple 2015, février 2019, 02/2019, 1er mars 2025 ou 01/03/2025." in (
        content
    )
    assert f'name="career_entries-0-start" value="{typed}"' in content
    assert not CareerEntry.objects.exists()


def test_editing_an_existing_career_row(client, journalist):
    entry = factories.career_entry(role_title="Chercheuse", person=factories.person(is_public=False))
    url = reverse("admin:people_person_change", args=[entry.person.pk])
    row = {
        "id": str(entry.pk),
        "organisation": str(entry.organisation.pk),
        "role_title": "Directrice",
    }
    row["start"] = "2018"

    response = client.post(url, person_data(entry.person, [row], initial=1))

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.role_title == "Directrice"


@pytest.mark.parametrize(
    ("model_name", "field_name"),
    [
        ("article", "authors"),
        ("article", "people"),
        ("block", "speaker"),
        ("block", "timeline_person"),
    ],
)
def test_person_autocomplete_answers_a_journalist(client, journalist, model_name, field_name):
    """The search box of the article's people fields finds people by name."""
    weng = factories.person(name="Lilian Weng")
    factories.person(name="Mira Murati")

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "weng",
            "app_label": "articles",
            "model_name": model_name,
            "field_name": field_name,
        },
    )

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(weng.pk), "text": "Lilian Weng"}]


def test_people_list_autocomplete_finds_lists_by_organisation(client, journalist):
    openai = factories.organisation(name="OpenAI")
    departures = factories.people_list(title="Départs notables", organisation_obj=openai)

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "openai",
            "app_label": "articles",
            "model_name": "block",
            "field_name": "people_list",
        },
    )

    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(departures.pk)]


def test_journalist_creates_a_people_list_from_the_block_popup(client, journalist):
    """The "+" next to a block's people list opens the list form; saving it answers the popup."""
    article_form = client.get(reverse("admin:articles_article_add")).content.decode()
    add_url = reverse("admin:people_peoplelist_add")
    link = re.search(r'id="add_id_blocks-__prefix__-people_list"[^>]*href="([^"]+)"', article_form)
    assert link and link.group(1).startswith(f"{add_url}?_to_field=id&amp;_popup=1")

    openai = factories.organisation(name="OpenAI")
    schulman, weng = factories.person(name="John Schulman"), factories.person(name="Lilian Weng")
    assert client.get(add_url, {"_to_field": "id", "_popup": "1"}).status_code == 200
    data = {
        "title": "Départs notables",
        "organisation": str(openai.pk),
        "members-TOTAL_FORMS": "3",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-person": str(weng.pk),
        "members-0-position": "1",
        "members-1-person": str(schulman.pk),
        "members-1-position": "0",
        # A row added then left empty: only its position was numbered.
        "members-2-person": "",
        "members-2-position": "2",
        "_popup": "1",
        "_to_field": "id",
        "_save": "Enregistrer",
    }

    response = client.post(f"{add_url}?_to_field=id&_popup=1", data)

    assert response.status_code == 200
    assert "admin/popup_response.html" in [t.name for t in response.templates]
    people_list = PeopleList.objects.get()
    assert [person for person, _role in people_list.rows()] == [schulman, weng]
    content = response.content.decode()
    payload = re.search(r"data-popup-response=\"([^\"]+)\"", content).group(1)
    assert json.loads(payload.replace("&quot;", '"'))["value"] == str(people_list.pk)
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert all(f'nonce="{nonce}"' in tag for tag in re.findall(r"<script[^>]*>", content))


def test_organisation_and_person_lists_answer(client, journalist):
    factories.career_entry()
    for name in ("people_person", "people_organisation", "people_peoplelist"):
        response = client.get(reverse(f"admin:{name}_changelist"), {"q": "a"})
        assert response.status_code == 200


def test_a_departure_without_a_start_is_saved_and_shown_on_the_person_page(client, journalist):
    """A departure is often reported before anyone knows when the role began: the end and the
    destination are recorded alone."""
    weng = factories.person(name="Lilian Weng", is_public=False)
    openai = factories.organisation(name="OpenAI")
    elsewhere = factories.organisation(name="Ailleurs")
    url = reverse("admin:people_person_change", args=[weng.pk])
    careers = [
        {"organisation": str(openai.pk), "role_title": "Chercheuse", "end": "02/2019", "destination": str(elsewhere.pk)}
    ]

    response = client.post(url, person_data(weng, careers))

    assert response.status_code == 302, response.context["errors"] if response.context else response
    entry = weng.career_entries.get()
    assert entry.start_date is None and entry.ended and entry.destination == elsewhere
    assert (entry.end_date, entry.end_precision) == (datetime.date(2019, 2, 1), Precision.MONTH)
    weng.is_public = True
    weng.save()
    page = client.get(weng.get_absolute_url()).content.decode()
    assert 'jusqu’en <time datetime="2019-02">février 2019</time>' in page


def test_overlapping_roles_are_allowed_and_both_current(client, journalist):
    """A researcher can lead a team and advise another at the same time."""
    weng = factories.person(is_public=False)
    openai = factories.organisation(name="OpenAI")
    url = reverse("admin:people_person_change", args=[weng.pk])
    careers = [
        {"organisation": str(openai.pk), "role_title": "Responsable", "start": "2020"},
        {"organisation": str(openai.pk), "role_title": "Conseillère", "start": "2021"},
    ]

    response = client.post(url, person_data(weng, careers))

    assert response.status_code == 302
    assert [entry.role_title for entry in weng.current_roles()] == ["Responsable", "Conseillère"]


def test_a_later_role_at_the_same_organisation_leaves_the_open_one_open_unless_closed(client, journalist):
    """The promotion offer is only an offer: a new role saved next to an open one at the same
    organisation is accepted as it is, both current (two concurrent roles exist)."""
    researcher = factories.career_entry(
        person=factories.person(is_public=False), role_title="Chercheuse", start_date=datetime.date(2015, 1, 1)
    )
    person, lab = researcher.person, researcher.organisation
    url = reverse("admin:people_person_change", args=[person.pk])
    careers = [
        {"id": str(researcher.pk), "organisation": str(lab.pk), "role_title": "Chercheuse", "start": "2015"},
        {"organisation": str(lab.pk), "role_title": "Directrice", "start": "février 2019"},
    ]

    response = client.post(url, person_data(person, careers, initial=1))

    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert [entry.role_title for entry in person.current_roles()] == ["Chercheuse", "Directrice"]
