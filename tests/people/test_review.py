"""What published pages embed is reviewed: a journalist's change to a public person, career,
organisation, people list or image caption waits for an editor, shows in previews meanwhile,
and goes live when approved; editors' own changes go live at once; a person a journalist
creates is public only once an editor approves it or publishes an article citing it."""

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Article, Block
from articles.services import article_publish
from newsroom.models import PendingChange
from people.models import Person
from tests import factories
from tests.articles.workflow_support import client_for, staff_in

pytestmark = pytest.mark.django_db


def staff(group: str, username: str) -> User:
    user = staff_in(group, username)
    user.first_name = username.capitalize()  # the name the pending-change panel shows
    user.save()
    return user


@pytest.fixture
def journalist():
    return staff("Journalists", "journaliste")


@pytest.fixture
def editor():
    return staff("Editors", "editrice")


def person_form(person, *, careers=(), **changes) -> dict:
    data = {
        "name": person.name,
        "slug": person.slug,
        "short_description": person.short_description,
        "biography": person.biography,
        "x_url": "",
        "website": "",
        "tags": "",
        "career_entries-TOTAL_FORMS": str(len(careers)),
        "career_entries-INITIAL_FORMS": str(sum(1 for row in careers if row.get("id"))),
        "career_entries-MIN_NUM_FORMS": "0",
        "career_entries-MAX_NUM_FORMS": "1000",
        **changes,
    }
    for index, row in enumerate(careers):
        row = {"id": "", **row}
        for name, value in row.items():
            data[f"career_entries-{index}-{name}"] = value
        data[f"career_entries-{index}-person"] = str(person.pk or "")
    data["_save"] = "Enregistrer"
    return data


@pytest.fixture
def story():
    """A published article whose timeline block shows Lilian Weng's career."""
    weng = factories.person(name="Lilian Weng", short_description="chercheuse")
    openai = factories.organisation(name="OpenAI")
    factories.career_entry(person=weng, organisation=openai, role_title="Chercheuse")
    article = factories.article(headline="Départ")
    factories.block(article, kind=Block.Kind.TIMELINE, timeline_person=weng, text="")
    article.people.add(weng)
    return {"article": article, "weng": weng, "openai": openai}


def test_a_journalists_change_to_a_public_person_waits_and_shows_in_the_preview(client, journalist, editor, story):
    weng, openai, article = story["weng"], story["openai"], story["article"]
    entry = weng.career_entries.get()
    careers = [
        {"id": str(entry.pk), "organisation": str(openai.pk), "role_title": "Chercheuse", "start": "2018"},
        {"organisation": str(openai.pk), "role_title": "Rôle inventé", "start": "2024"},
    ]
    response = client_for(journalist).post(
        reverse("admin:people_person_change", args=[weng.pk]),
        person_form(weng, careers=careers, short_description="description proposée"),
        follow=True,
    )
    assert "attend l’approbation d’un éditeur" in response.content.decode(), re.findall(
        r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S
    )

    # Readers still see the approved version, everywhere the person shows.
    weng.refresh_from_db()
    assert weng.short_description == "chercheuse"
    assert weng.career_entries.count() == 1
    assert "Rôle inventé" not in client.get(article.get_absolute_url()).content.decode()
    assert "description proposée" not in client.get(weng.get_absolute_url()).content.decode()

    # The preview shows the proposal; the editor sees who proposed what.
    desk = client_for(editor)
    assert "Rôle inventé" in desk.get(reverse("articles:preview", args=[article.pk])).content.decode()
    form = desk.get(reverse("admin:people_person_change", args=[weng.pk])).content.decode()
    assert "Proposée par Journaliste" in form
    assert "description proposée" in form  # the form shows the proposed version
    assert "Rôle inventé" in form
    # Previews leave nothing behind.
    assert weng.career_entries.count() == 1

    desk.post(reverse("admin:people_person_review", args=[weng.pk, "approuver"]))
    assert not PendingChange.objects.exists()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Rôle inventé" in page
    weng.refresh_from_db()
    assert weng.short_description == "description proposée"
    assert all(entry.pk > 0 for entry in weng.career_entries.all())


def test_the_journalist_finds_their_proposal_again_and_can_amend_it(journalist, story):
    weng = story["weng"]
    url = reverse("admin:people_person_change", args=[weng.pk])
    writer = client_for(journalist)
    openai = story["openai"]
    entry = weng.career_entries.get()
    existing = {
        "id": str(entry.pk),
        "organisation": str(openai.pk),
        "role_title": "Chercheuse",
        "start": "2018",
    }
    new_row = {"organisation": str(openai.pk), "role_title": "Première proposition", "start": "2024"}
    writer.post(url, person_form(weng, careers=[existing, new_row]))
    proposed_pk = next(
        row["pk"] for row in PendingChange.objects.get().data["rows"] if row["pk"] != weng.pk and row["pk"] != entry.pk
    )
    assert proposed_pk < 0  # never a real row's key

    page = writer.get(url).content.decode()
    assert "Première proposition" in page
    # Amending the proposed row, as the form now shows it.
    amended = {**new_row, "id": str(proposed_pk), "role_title": "Proposition corrigée"}
    data = person_form(weng, careers=[existing, amended])
    data["career_entries-INITIAL_FORMS"] = "2"
    response = writer.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    change = PendingChange.objects.get()
    titles = {row["fields"].get("role_title") for row in change.data["rows"]}
    assert "Proposition corrigée" in titles and "Première proposition" not in titles
    assert weng.career_entries.count() == 1


def test_rejecting_keeps_the_live_version(client, journalist, editor, story):
    weng = story["weng"]
    client_for(journalist).post(
        reverse("admin:people_person_change", args=[weng.pk]), person_form(weng, short_description="à refuser")
    )
    client_for(editor).post(reverse("admin:people_person_review", args=[weng.pk, "refuser"]))
    assert not PendingChange.objects.exists()
    weng.refresh_from_db()
    assert weng.short_description == "chercheuse"


def test_an_editors_change_goes_live_at_once(editor, story):
    weng = story["weng"]
    client_for(editor).post(
        reverse("admin:people_person_change", args=[weng.pk]), person_form(weng, short_description="corrigé")
    )
    weng.refresh_from_db()
    assert weng.short_description == "corrigé"
    assert not PendingChange.objects.exists()


def test_an_organisation_and_a_caption_are_reviewed_too(journalist, story):
    openai = story["openai"]
    client_for(journalist).post(
        reverse("admin:people_organisation_change", args=[openai.pk]),
        {"name": "OpenAI renommée", "slug": openai.slug, "kind": openai.kind, "website": "", "description": ""},
    )
    openai.refresh_from_db()
    assert openai.name == "OpenAI"
    assert PendingChange.objects.get().object_repr == "OpenAI renommée"

    image = factories.image(alt_text="Portrait", caption="Légende d’origine")
    story["article"].hero_image = image
    story["article"].save()
    response = client_for(journalist).post(
        reverse("admin:newsroom_image_change", args=[image.pk]),
        {"alt_text": "Portrait", "caption": "Légende modifiée", "credit": "", "focal_x": "0.5", "focal_y": "0.5"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    image.refresh_from_db()
    assert image.caption == "Légende d’origine"
    assert PendingChange.objects.count() == 2


def test_a_person_a_journalist_creates_is_public_once_an_article_citing_it_is_published(client, journalist, editor):
    response = client_for(journalist).post(
        reverse("admin:people_person_add"),
        person_form(Person(name="Camille Inventée", slug="camille-inventee")),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    camille = Person.objects.get(slug="camille-inventee")
    assert not camille.is_public
    assert client.get(camille.get_absolute_url()).status_code == 404
    assert "camille-inventee" not in client.get("/sitemap-people.xml").content.decode()
    assert "camille-inventee" not in client.get("/recherche/", {"q": "Camille"}).content.decode()

    article = factories.article(status=Article.Status.REVIEW, headline="Portrait")
    article.people.add(camille)
    article_publish(article=article, by=editor, seen_version=article.version)
    assert client.get(camille.get_absolute_url()).status_code == 200
    assert "camille-inventee" in client.get("/sitemap-people.xml").content.decode()


def test_a_journalist_cannot_replace_the_file_of_a_picture_readers_see(journalist, story):
    """The file would be written at once; only the words of a shown picture can be proposed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    image = factories.image(alt_text="Portrait", caption="Légende")
    story["article"].hero_image = image
    story["article"].save()
    before = image.file.name
    response = client_for(journalist).post(
        reverse("admin:newsroom_image_change", args=[image.pk]),
        {
            "file": SimpleUploadedFile("autre.png", factories.image_bytes(size=(400, 300)), "image/png"),
            "alt_text": "Portrait",
            "caption": "Légende",
            "credit": "",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 200
    assert "seul un éditeur peut en remplacer le fichier" in response.content.decode()
    image.refresh_from_db()
    assert image.file.name == before
    assert not PendingChange.objects.exists()


def test_a_people_list_member_added_by_a_journalist_waits(client, journalist, story):
    from people.models import PeopleList

    newcomer = factories.person(name="Nouvelle Venue")
    people_list = factories.people_list(organisation_obj=story["openai"], people=[story["weng"]], title="Départs")
    factories.block(story["article"], kind=Block.Kind.PEOPLE_LIST, people_list=people_list, text="")
    member = people_list.members.get()
    data = {
        "title": "Départs",
        "organisation": str(story["openai"].pk),
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "1",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-id": str(member.pk),
        "members-0-people_list": str(people_list.pk),
        "members-0-person": str(story["weng"].pk),
        "members-0-position": "1",
        "members-1-id": "",
        "members-1-people_list": str(people_list.pk),
        "members-1-person": str(newcomer.pk),
        "members-1-position": "2",
        "_save": "Enregistrer",
    }
    response = client_for(journalist).post(reverse("admin:people_peoplelist_change", args=[people_list.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PeopleList.objects.get().members.count() == 1
    assert "Nouvelle Venue" not in client.get(story["article"].get_absolute_url()).content.decode()


def test_an_organisation_page_leaves_out_people_not_yet_public(client, story):
    hidden = factories.person(name="Personne Brouillon", is_public=False)
    factories.career_entry(person=hidden, organisation=story["openai"], role_title="Stagiaire")
    page = client.get(story["openai"].get_absolute_url()).content.decode()
    assert "Lilian Weng" in page and "Personne Brouillon" not in page


def test_publishing_reads_what_an_article_cites_in_a_fixed_number_of_queries(story, django_assert_num_queries):
    """Already-public people are not walked again: their careers and lists are not read."""
    from articles.services import article_publish_cited

    article = story["article"]
    for index in range(5):
        someone = factories.person(name=f"Cité {index}")
        factories.career_entry(person=someone, organisation=story["openai"])
        article.people.add(someone)
    hidden = factories.person(name="Pas encore publique", is_public=False)
    factories.career_entry(person=hidden, organisation=factories.organisation(name="Labo fictif", is_public=False))
    article.authors.add(hidden)
    # Authors, people, organisations, blocks with what they embed; then the one new person:
    # saved, its career rows and their organisation read, the organisation saved.
    with django_assert_num_queries(8):
        made = article_publish_cited(article=article)
    assert made == 2
    hidden.refresh_from_db()
    assert hidden.is_public and hidden.career_entries.get().organisation.is_public
