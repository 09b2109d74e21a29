"""Merging duplicate tags: objects re-tagged once, old addresses redirected, editors only."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from taggit.models import Tag, TaggedItem

from articles.models import TagRedirect
from articles.tags import fold, tags_merge, variant_groups
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
