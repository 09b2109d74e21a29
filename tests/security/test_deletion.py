"""Deleting what published pages rely on: refused with the list of what depends on it, or done
without breaking any page. Nothing an article shows disappears from it silently."""

import html

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, Block
from people.models import Organisation, Person
from tests import factories

pytestmark = pytest.mark.django_db

# Django's French delete page when protected objects stand in the way.
PROTECTED = "provoquerait la suppression des objets liés et protégés suivants"


@pytest.fixture
def editor(client):
    user = User.objects.create_user("redactrice", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def delete_page(client, model: str, obj) -> str:
    return html.unescape(client.get(reverse(f"admin:people_{model}_delete", args=[obj.pk])).content.decode())


@pytest.mark.parametrize("relation", ["authors", "people"])
def test_a_person_an_article_signs_or_cites_cannot_be_deleted(client, editor, relation):
    weng = factories.person(name="Lilian Weng")
    article = factories.article(headline="Départ chez OpenAI", **{relation: [weng]})
    page = delete_page(client, "person", weng)
    assert PROTECTED in page
    assert "Départ chez OpenAI" in page
    assert ("signature" if relation == "authors" else "personne citée") in page
    client.post(reverse("admin:people_person_delete", args=[weng.pk]), {"post": "yes"})
    assert Person.objects.filter(pk=weng.pk).exists()
    assert list(getattr(article, relation).all()) == [weng]
    assert "Lilian Weng" in client.get(article.get_absolute_url()).content.decode()


def test_bulk_delete_of_people_is_refused_for_the_ones_articles_use(client, editor):
    used, free = factories.person(name="Jan Leike"), factories.person(name="Personne Fictive")
    factories.article(authors=[used])
    response = client.post(
        reverse("admin:people_person_changelist"),
        {"action": "delete_selected", "_selected_action": [used.pk, free.pk], "post": "yes"},
    )
    assert "Jan Leike" in html.unescape(response.content.decode())
    assert Person.objects.filter(pk__in=[used.pk, free.pk]).count() == 2


def test_a_person_a_timeline_or_quote_embeds_cannot_be_deleted(client, editor):
    weng = factories.person(name="Lilian Weng")
    article = factories.article()
    factories.block(article, kind=Block.Kind.TIMELINE, timeline_person=weng, text="")
    factories.block(article, kind=Block.Kind.QUOTE, speaker=weng, text="« Je pars. »", position=1)
    assert PROTECTED in delete_page(client, "person", weng)
    client.post(reverse("admin:people_person_delete", args=[weng.pk]), {"post": "yes"})
    assert Person.objects.filter(pk=weng.pk).exists()


def test_an_organisation_an_article_cites_cannot_be_deleted(client, editor):
    openai = factories.organisation(name="OpenAI")
    factories.article(headline="Départ chez OpenAI").organisations.add(openai)
    page = delete_page(client, "organisation", openai)
    assert "Départ chez OpenAI" in page and "organisation citée" in page
    client.post(reverse("admin:people_organisation_delete", args=[openai.pk]), {"post": "yes"})
    assert Organisation.objects.filter(pk=openai.pk).exists()


def test_a_person_nothing_uses_is_deleted(client, editor):
    nobody = factories.person(name="Personne Fictive")
    response = client.post(reverse("admin:people_person_delete", args=[nobody.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=nobody.pk).exists()


def test_deleting_a_tag_leaves_its_articles_and_people_intact(client, editor):
    article = factories.article(headline="Article étiqueté", tags=["IA", "OpenAI"])
    weng = factories.person(name="Lilian Weng")
    weng.tags.add("IA")
    tag = Tag.objects.get(name="IA")
    response = client.post(reverse("admin:taggit_tag_delete", args=[tag.pk]), {"post": "yes"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert Article.objects.filter(pk=article.pk).exists() and Person.objects.filter(pk=weng.pk).exists()
    assert list(article.tags.names()) == ["OpenAI"] and list(weng.tags.all()) == []
    assert "Article étiqueté" in client.get(article.get_absolute_url()).content.decode()
    assert client.get("/mots-cles/ia/").status_code == 404
