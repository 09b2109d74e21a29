"""Editors tag many people or articles at once from the admin lists; journalists cannot."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def login(client, group: str) -> User:
    user = User.objects.create_user(group.lower(), password="une-phrase-de-passe", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


def post_action(client, url_name: str, action: str, objects, **extra):
    data = {"action": action, "_selected_action": [str(obj.pk) for obj in objects], **extra}
    return client.post(reverse(url_name), data)


def names(obj) -> set[str]:
    return {tag.name for tag in obj.tags.all()}


def test_editor_adds_tags_to_people_through_a_form_page(client):
    login(client, "Editors")
    weng, leike, other = factories.person(name="Lilian Weng"), factories.person(name="Jan Leike"), factories.person()
    leike.tags.add("IA")
    page = post_action(client, "admin:people_person_changelist", "add_tags", [weng, leike])
    assert page.status_code == 200
    assert "Lilian Weng" in page.content.decode() and 'data-tag-autocomplete="/admin/taggit/tag/noms/"' in (
        page.content.decode()
    )
    response = post_action(
        client, "admin:people_person_changelist", "add_tags", [weng, leike], tags="ia, sécurité de l’IA", apply="1"
    )
    assert response.status_code == 302
    # « ia » reuses the existing « IA » (case-insensitive tags); no duplicate tagging.
    assert names(weng) == names(leike) == {"IA", "sécurité de l’IA"}
    assert names(other) == set()


def test_editor_removes_tags_from_articles(client):
    login(client, "Editors")
    first = factories.article(tags=["IA", "OpenAI"])
    second = factories.article(tags=["IA"])
    response = post_action(
        client, "admin:articles_article_changelist", "remove_tags", [first, second], tags="ia", apply="1"
    )
    assert response.status_code == 302
    assert names(first) == {"OpenAI"} and names(second) == set()


def test_bulk_tag_actions_are_refused_to_journalists(client):
    login(client, "Journalists")
    weng = factories.person(name="Lilian Weng")
    page = client.get(reverse("admin:people_person_changelist")).content.decode()
    assert "add_tags" not in page and "remove_tags" not in page
    post_action(client, "admin:people_person_changelist", "add_tags", [weng], tags="IA", apply="1")
    assert names(weng) == set()
    article = factories.article(tags=["IA"])
    post_action(client, "admin:articles_article_changelist", "remove_tags", [article], tags="IA", apply="1")
    assert names(article) == {"IA"}


def test_person_and_article_forms_offer_tag_autocomplete_under_the_csp(client):
    login(client, "Editors")
    person = factories.person()
    for url in (reverse("admin:people_person_change", args=[person.pk]), reverse("admin:articles_article_add")):
        response = client.get(url)
        page = response.content.decode()
        assert 'data-tag-autocomplete="/admin/taggit/tag/noms/"' in page
        assert "admin-extra/tag-autocomplete.js" in page
        assert "Content-Security-Policy" in response.headers
