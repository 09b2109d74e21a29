"""The roles migration: the "Journalists" and "Editors" groups and what each may do."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from articles.models import Article
from tests import factories

roles = importlib.import_module("articles.migrations.0003_roles")
workflow_roles = importlib.import_module("articles.migrations.0005_workflow_roles")
image_roles = importlib.import_module("newsroom.migrations.0002_image_roles")
review_roles = importlib.import_module("newsroom.migrations.0005_pendingchange_roles")
vocabulary_roles = importlib.import_module("newsroom.migrations.0006_tagredirect")

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}" for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def member_of(group_name, username="utilisateur"):
    user = User.objects.create_user(username, password="une-phrase-de-passe", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_journalists_draft_and_enter_people_but_delete_and_publish_nothing():
    """Journalists write articles and people's records; publishing and deleting whole records
    is for editors. They may only remove a row from a draft (a paragraph, a FAQ entry, a career
    row, a list member), which the admin limits to their own drafts."""
    expected = (
        {
            f"{app}.{action}_{model}"
            for app, models in roles.JOURNALIST_PERMISSIONS.items()
            for model, actions in models.items()
            for action in actions
        }
        | {f"{app}.delete_{model}" for app, models in workflow_roles.JOURNALIST_DELETIONS.items() for model in models}
        | {f"newsroom.{codename}" for codename in image_roles.ROLES[image_roles.JOURNALISTS]}
    )
    expected |= {"newsroom.view_pendingchange"}
    assert codenames("Journalists") == expected
    # Journalists see what waits for an editor, and never approve it.
    assert "newsroom.approve_pendingchange" not in expected
    # The image library: upload and describe pictures, never delete one.
    assert "newsroom.add_image" in expected and "newsroom.delete_image" not in expected
    assert "articles.add_article" in expected and "people.change_careerentry" in expected
    assert "articles.view_section" in expected and "articles.change_section" not in expected
    assert "taggit.view_tag" in expected
    assert {name for name in expected if ".delete_" in name} == {
        "articles.delete_block",
        "articles.delete_faqentry",
        "people.delete_careerentry",
        "people.delete_peoplelistmember",
    }
    assert "articles.publish_article" not in expected


def test_editors_hold_every_permission_on_articles_people_and_tags():
    """Editors may do everything to articles, people and the tag vocabulary, publishing included."""
    everything = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(content_type__app_label__in=["articles", "people"]).values_list(
            "content_type__app_label", "codename"
        )
    }
    tags = {
        f"taggit.{action}_{model}" for action in ("add", "change", "delete", "view") for model in ("tag", "taggeditem")
    }
    images = {f"newsroom.{action}_image" for action in ("add", "change", "delete", "view")}
    review = {f"newsroom.{action}_pendingchange" for action in ("view", "delete", "approve")}
    # Merged tags' old addresses, granted when they lived in articles; the tag vocabulary
    # (newsroom.vocabulary) took them over with their permissions.
    redirects = {f"newsroom.{action}_tagredirect" for action in ("add", "change", "delete", "view")}
    granted = codenames("Editors")
    assert granted == everything | tags | images | review | redirects
    assert {
        "articles.publish_article",
        "articles.delete_article",
        "people.delete_person",
    } <= granted
    assert not any(name.startswith("auth.") for name in granted)


def test_user_permissions_follow_the_group():
    journalist = member_of("Journalists", "journaliste")
    editor = member_of("Editors", "redacteur-en-chef")
    assert journalist.has_perm("articles.change_article")
    assert not journalist.has_perm("articles.delete_article")
    assert not journalist.has_perm("articles.publish_article")
    assert editor.has_perm("articles.publish_article")
    assert editor.has_perm("taggit.delete_tag")


def test_journalist_gets_403_on_the_article_delete_view(client):
    """The admin refuses the delete page itself, not just the button."""
    article = factories.article()
    client.force_login(member_of("Journalists"))
    response = client.get(reverse("admin:articles_article_delete", args=[article.pk]))
    assert response.status_code == 403
    response = client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_editor_may_delete_an_article(client):
    article = factories.article()
    client.force_login(member_of("Editors"))
    response = client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_migration_is_reversible_and_can_run_again():
    """Backwards removes both groups; forwards again recreates them with the same permissions."""
    before = {name: codenames(name) for name in ("Journalists", "Editors")}
    roles.remove_roles(global_apps, None)
    assert not Group.objects.filter(name__in=["Journalists", "Editors"]).exists()
    roles.create_roles(global_apps, None)
    workflow_roles.grant(global_apps, None)
    image_roles.grant(global_apps, None)
    review_roles.grant(global_apps, None)
    vocabulary_roles.grant(global_apps, None)
    assert {name: codenames(name) for name in ("Journalists", "Editors")} == before
