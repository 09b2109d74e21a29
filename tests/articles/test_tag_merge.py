"""Merging duplicate tags: objects re-tagged once, old addresses redirected, editors only."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from newsroom.vocabulary.models import TagRedirect
from newsroom.vocabulary.rules import variant_groups
from newsroom.vocabulary.rules import variant_key as fold
from newsroom.vocabulary.services import tags_merge
from tests import factories

pytestmark = pytest.mark.django_db


def member_of(group: str, username: str) -> User:
    user = User.objects.create_user(username, password="une-phrase-de-passe", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor():
    return member_of("Editors", "editrice")


@pytest.fixture
def journalist():
    return member_of("Journalists", "journaliste")


@pytest.fixture
def duplicates():
    """« IA » on one article and one person, « Intelligence artificielle » on another article
    and on the same person, and the target tag already on the first article."""
    first = factories.article(headline="Premier", tags=["IA", "intelligence artificielle-cible"])
    second = factories.article(headline="Second", tags=["Intelligence artificielle"])
    someone = factories.person(name="Lilian Weng")
    someone.tags.add("IA", "Intelligence artificielle")
    target = Tag.objects.get(name="intelligence artificielle-cible")
    sources = list(Tag.objects.filter(name__in=["IA", "Intelligence artificielle"]))
    return {"first": first, "second": second, "person": someone, "target": target, "sources": sources}


def test_merge_moves_articles_and_people_without_duplicates(duplicates, editor):
    target = duplicates["target"]
    result = tags_merge(sources=duplicates["sources"], target=target, user=editor)
    assert [t.name for t in duplicates["first"].tags.all()] == [target.name]
    assert [t.name for t in duplicates["second"].tags.all()] == [target.name]
    assert [t.name for t in duplicates["person"].tags.all()] == [target.name]
    assert TaggedItem.objects.filter(tag=target).count() == 3
    assert not Tag.objects.filter(name__in=["IA", "Intelligence artificielle"]).exists()
    # The first article already had the target; the person had both sources: two dropped.
    assert (result.moved, result.already_tagged) == (2, 2)


def test_old_tag_urls_redirect_permanently_to_the_target(client, duplicates, editor):
    target = duplicates["target"]
    old_slugs = [tag.slug for tag in duplicates["sources"]]
    tags_merge(sources=duplicates["sources"], target=target, user=editor)
    for slug in old_slugs:
        response = client.get(reverse("articles:tag", kwargs={"slug": slug}))
        assert response.status_code == 301
        assert response["Location"] == reverse("articles:tag", kwargs={"slug": target.slug})
    assert client.get(reverse("articles:tag", kwargs={"slug": target.slug})).status_code == 200
    assert client.get(reverse("articles:tag", kwargs={"slug": "jamais-vu"})).status_code == 404


def test_a_second_merge_repoints_earlier_redirects(duplicates, editor):
    """IA → cible, then cible → autre: /ia/ leads straight to autre, without a chain."""
    tags_merge(sources=duplicates["sources"], target=duplicates["target"], user=editor)
    other = Tag.objects.create(name="Autre")
    tags_merge(sources=[duplicates["target"]], target=other, user=editor)
    assert set(TagRedirect.objects.values_list("tag__name", flat=True)) == {"Autre"}
    assert TagRedirect.objects.count() == 3


def test_merging_a_tag_into_itself_is_refused(duplicates, editor):
    target = duplicates["target"]
    with pytest.raises(ValidationError, match="ne peut pas être fusionné avec lui-même"):
        tags_merge(sources=[target, *duplicates["sources"]], target=target, user=editor)
    assert Tag.objects.filter(name__in=["IA", "Intelligence artificielle"]).count() == 2


def test_a_journalist_cannot_merge(duplicates, journalist):
    with pytest.raises(PermissionDenied):
        tags_merge(sources=duplicates["sources"], target=duplicates["target"], user=journalist)
    assert Tag.objects.filter(name="IA").exists()
    assert not TagRedirect.objects.exists()


def test_accent_case_and_apostrophe_variants_fold_alike():
    assert fold("Sécurité de l’IA") == fold("securite de l'ia") == fold(" SÉCURITÉ  de l'IA ")
    assert fold("IA") != fold("IA générative")
    tags = [Tag(name="Sécurité"), Tag(name="Securite"), Tag(name="Robotique")]
    assert [[t.name for t in group] for group in variant_groups(tags).values()] == [["Sécurité", "Securite"]]


# The tag admin, as an editor uses it.


def changelist_action(client, action: str, tags, **extra):
    data = {"action": action, "_selected_action": [str(tag.pk) for tag in tags], **extra}
    return client.post(reverse("admin:taggit_tag_changelist"), data)


def test_editor_merges_from_the_admin_after_a_confirmation_page(client, duplicates, editor):
    client.force_login(editor)
    target = duplicates["target"]
    selected = [*duplicates["sources"], target]
    page = changelist_action(client, "merge_tags", selected)
    assert page.status_code == 200
    content = page.content.decode()
    # The confirmation lists what will move, per tag, and changes nothing yet.
    assert "Premier" in content and "Second" in content and "Lilian Weng" in content
    assert Tag.objects.filter(name="IA").exists()

    response = changelist_action(client, "merge_tags", selected, target=str(target.pk), confirm="Fusionner")
    assert response.status_code == 302
    assert not Tag.objects.filter(name__in=["IA", "Intelligence artificielle"]).exists()
    assert TagRedirect.objects.filter(tag=target).count() == 2
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("fusionné" in m for m in messages)


def test_admin_refuses_a_merge_into_itself_with_a_message(client, duplicates, editor):
    client.force_login(editor)
    target = duplicates["target"]
    response = changelist_action(client, "merge_tags", [target], target=str(target.pk), confirm="Fusionner")
    assert response.status_code == 302
    follow = client.get(response["Location"]).content.decode()
    assert "ne peut pas être fusionné avec lui-même" in follow
    assert Tag.objects.filter(pk=target.pk).exists()


def test_journalist_has_no_merge_action(client, duplicates, journalist):
    client.force_login(journalist)
    page = client.get(reverse("admin:taggit_tag_changelist")).content.decode()
    assert "merge_tags" not in page
    changelist_action(client, "merge_tags", duplicates["sources"], target=str(duplicates["target"].pk), confirm="1")
    assert Tag.objects.filter(name="IA").exists()


def test_tag_list_shows_usage_counts_and_variants_in_fixed_queries(client, editor, django_assert_num_queries):
    client.force_login(editor)
    factories.article(tags=["Sécurité", "Robotique"])
    factories.person().tags.add("Sécurité")
    Tag.objects.create(name="securite", slug="securite-2")

    def row(page, name):
        return page.split(f">{name}</a>", 1)[1].split("</tr>", 1)[0]

    # Session, user, the user's two permission reads, the names for the variants column, the
    # count, and the page of tags with their usage counts.
    with django_assert_num_queries(7):
        page = client.get(reverse("admin:taggit_tag_changelist")).content.decode()
    # The article count leads to the article list filtered by the tag.
    articles_url = (
        reverse("admin:articles_article_changelist") + f"?tags__id__exact={Tag.objects.get(name='Sécurité').pk}"
    )
    assert (
        f'<td class="field-article_count"><a href="{articles_url}">1</a></td><td class="field-person_count">1</td>'
        in row(page, "Sécurité")
    )
    assert '<td class="field-variants">securite</td>' in row(page, "Sécurité")
    assert '<td class="field-variants">—</td>' in row(page, "Robotique")
    filtered = client.get(reverse("admin:taggit_tag_changelist") + "?variantes=oui").content.decode()
    assert ">Sécurité</a>" in filtered and ">securite</a>" in filtered and ">Robotique</a>" not in filtered


def test_creating_an_accent_variant_of_a_tag_is_refused(client, editor):
    client.force_login(editor)
    Tag.objects.create(name="Sécurité de l’IA", slug="securite-de-lia")
    response = client.post(reverse("admin:taggit_tag_add"), {"name": "securite de l'ia", "slug": "autre"})
    assert response.status_code == 200
    assert "existe déjà sous la forme « Sécurité de l’IA »" in response.content.decode()
    assert Tag.objects.count() == 1


def test_tag_names_endpoint_suggests_the_most_used_tags(client, journalist):
    client.force_login(journalist)
    factories.article(tags=["IA générative"])
    factories.article(tags=["IA générative", "IA"])
    factories.article(tags=["IA"])
    factories.article(tags=["IA"])
    response = client.get(reverse("admin:taggit_tag_names"), {"q": "ia"})
    assert [r["name"] for r in response.json()["results"]] == ["IA", "IA générative"]
    assert client.get(reverse("admin:taggit_tag_names"), {"q": ""}).json() == {"results": []}
