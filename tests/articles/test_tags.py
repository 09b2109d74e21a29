import pytest
from taggit.models import Tag

from tests import factories


@pytest.mark.django_db
def test_tag_slugs_are_ascii_and_stable():
    """An accented tag gets a readable ASCII slug that does not change when renamed."""
    article = factories.article(tags=["sécurité de l’IA"])
    tag = Tag.objects.get(name="sécurité de l’IA")
    assert tag.slug == "securite-de-lia"
    tag.name = "Sécurité de l’intelligence artificielle"
    tag.save()
    tag.refresh_from_db()
    assert tag.slug == "securite-de-lia"
    assert list(article.tags.all()) == [tag]


@pytest.mark.django_db
def test_articles_and_people_share_one_vocabulary():
    factories.article(tags=["OpenAI"])
    person = factories.person()
    person.tags.add("OpenAI")
    assert Tag.objects.filter(name__iexact="openai").count() == 1


@pytest.mark.django_db
def test_case_variants_are_one_tag():
    factories.article(tags=["IA"])
    factories.article(tags=["ia"])
    assert Tag.objects.filter(name__iexact="ia").count() == 1


@pytest.mark.django_db
def test_tags_whose_names_slugify_alike_get_distinct_slugs():
    factories.article(tags=["Sécurité"])
    factories.article(tags=["Securite"])
    slugs = set(Tag.objects.values_list("slug", flat=True))
    assert len(slugs) == 2
