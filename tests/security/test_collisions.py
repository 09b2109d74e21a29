"""Slugs that differ only by case or accents are one address: the second is a form error with the
form kept, never an IntegrityError, never a second page a reader cannot tell from the first."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from taggit.models import Tag

from people.models import Organisation, Person
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_user("redactrice", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def person_form(**fields):
    return {
        "name": "Lilian Weng",
        "slug": "lilian-weng",
        "short_description": "",
        "biography": "",
        "x_url": "",
        "website": "",
        "tags": "",
        "portrait": "",
        "career_entries-TOTAL_FORMS": "0",
        "career_entries-INITIAL_FORMS": "0",
        "_save": "Enregistrer",
        **fields,
    }


@pytest.mark.parametrize("typed", ["Lilian-Weng", "LILIAN-WENG", "lilian-weng"])
def test_a_person_slug_differing_only_by_case_is_refused(client, editor, typed):
    factories.person(name="Lilian Weng", slug="lilian-weng")
    response = client.post(reverse("admin:people_person_add"), person_form(name="Lilian Weng (homonyme)", slug=typed))
    assert response.status_code == 200
    page = response.content.decode()
    assert "existe déjà" in page and "Lilian Weng (homonyme)" in page
    assert Person.objects.count() == 1


def test_a_slug_typed_in_capitals_is_stored_in_lower_case(client, editor):
    response = client.post(reverse("admin:people_person_add"), person_form(slug="Jan-Leike", name="Jan Leike"))
    assert response.status_code == 302
    assert Person.objects.get().slug == "jan-leike"
    assert client.get("/personnes/jan-leike/").status_code == 200


def test_an_organisation_and_a_tag_slug_collision_is_a_form_error(client, editor):
    factories.organisation(name="OpenAI", slug="openai")
    response = client.post(
        reverse("admin:people_organisation_add"),
        {
            "name": "OpenAI Inc.",
            "slug": "OpenAI",
            "kind": "company",
            "description": "",
            "website": "",
            "logo": "",
            "_save": "Enregistrer",
        },
    )
    assert response.status_code == 200 and "existe déjà" in response.content.decode()
    assert Organisation.objects.count() == 1
    Tag.objects.create(name="IA", slug="ia")
    response = client.post(reverse("admin:taggit_tag_add"), {"name": "Intelligence", "slug": "IA", "_save": "1"})
    assert response.status_code == 200 and "existe déjà" in response.content.decode()
    assert Tag.objects.count() == 1


def test_an_accent_variant_of_a_tag_is_refused_not_a_second_tag(client, editor):
    Tag.objects.create(name="Sécurité", slug="securite")
    response = client.post(reverse("admin:taggit_tag_add"), {"name": "securite", "slug": "securite-2", "_save": "1"})
    assert response.status_code == 200
    assert "existe déjà sous la forme « Sécurité »" in response.content.decode()
    assert Tag.objects.count() == 1
