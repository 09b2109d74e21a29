import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from taggit.models import Tag

from newsroom.vocabulary import services
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


@pytest.mark.django_db
def test_a_tag_whose_name_has_no_letters_still_gets_an_address(client):
    """Typed outside the forms (shell, import), « ?! » gets a slug, and the pages that link it work."""
    article = factories.article(tags=["?!", "!!"])
    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["mot-cle", "mot-cle-2"]
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/mots-cles/mot-cle/").status_code == 200
    assert b"/mots-cles/mot-cle-2/" in client.get("/sitemap-tags.xml").content


@pytest.mark.django_db
def test_a_tag_in_another_script_gets_a_transliterated_address(client):
    article = factories.article(tags=["Сэм Альтман", "人工智能"])
    assert sorted(Tag.objects.values_list("slug", flat=True)) == ["rengongzhineng", "sem-altman"]
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="/mots-cles/sem-altman/" rel="tag">Сэм Альтман</a>' in page
    assert "Сэм Альтман" in client.get("/mots-cles/sem-altman/").content.decode()


@pytest.mark.django_db
def test_bulk_tagging_refuses_names_without_letters():
    editor = User.objects.create_user("editrice", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    person = factories.person()
    with pytest.raises(ValidationError, match="« … »"):
        services.tags_add(objects=[person], names=["IA", "…"], user=editor)
    assert list(person.tags.all()) == []


VARIANTS = [
    ("Test", "Tést"),  # an accent
    ("Test", "Ｔｅｓｔ"),  # full-width letters
    ("Test", "\u202etest"),  # a right-to-left override: shows « tset »
    ("Test", "te\u200bst"),  # a zero-width space
    ("l'IA", "l’IA"),  # a typographic apostrophe
]


@pytest.mark.django_db
@pytest.mark.parametrize(("existing", "typed"), VARIANTS)
def test_the_tags_box_uses_the_existing_tag_for_a_spelling_the_tag_admin_refuses(existing, typed):
    """One rule for both doors: the tag admin refuses the variant, the tags box of an article or
    a person files it under the existing tag instead of creating a look-alike."""
    from newsroom.vocabulary.admin import TagForm, VocabularyTagField

    Tag.objects.create(name=existing)
    form = TagForm(data={"name": typed, "slug": "variante"})
    assert not form.is_valid()
    assert f"existe déjà sous la forme « {existing} »" in form.errors["name"][0]

    article = factories.article(tags=VocabularyTagField().clean(f"{typed}, Nouveau"))
    assert sorted(tag.name for tag in article.tags.all()) == sorted([existing, "Nouveau"])
    assert Tag.objects.count() == 2


@pytest.mark.django_db
def test_the_tags_box_keeps_one_of_two_new_spellings_and_stores_names_normalised():
    from newsroom.vocabulary.admin import VocabularyTagField

    assert VocabularyTagField().clean("Ｉｎéｄｉｔ, Inédit, \u202eSecret") == ["Inédit", "Secret"]
