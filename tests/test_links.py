"""Object addresses are remembered per language: each page links within its own language."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from newsroom.links import slug_url, slug_urls
from tests import factories
from tests.http import page

pytestmark = pytest.mark.django_db


def test_an_address_follows_the_active_language_after_being_remembered(story):
    person = story["person"]
    french = person.get_absolute_url()
    with translation.override("en"):
        english = person.get_absolute_url()
        assert english == reverse("people:person", kwargs={"slug": person.slug})
    assert english == "/en" + french
    assert person.get_absolute_url() == french == reverse("people:person", kwargs={"slug": person.slug})


def test_an_address_follows_the_script_prefix():
    try:
        set_script_prefix("/journal/")
        assert slug_url("articles:tag", "climat") == "/journal/mots-cles/climat/"
    finally:
        set_script_prefix("/")
    assert slug_url("articles:tag", "climat") == "/mots-cles/climat/"


def test_many_addresses_written_from_one_reversal_are_the_reversed_ones():
    for viewname in ("articles:detail", "articles:tag", "people:person", "people:organisation"):
        url = slug_urls(viewname)
        for slug in ("a", "lilian-weng", "openai_2024", "x" * 200):
            assert url(slug) == reverse(viewname, kwargs={"slug": slug})
    with translation.override("en"):
        assert slug_urls("articles:detail")("depart") == "/en/articles/depart/"
    try:
        set_script_prefix("/journal/")
        assert slug_urls("articles:tag")("climat") == "/journal/mots-cles/climat/"
    finally:
        set_script_prefix("/")
    # A slug the address cannot carry is refused as reverse() refuses it, never written in.
    with pytest.raises(NoReverseMatch):
        slug_urls("articles:tag")("été/../admin")


def test_english_pages_link_to_english_pages_and_french_pages_to_french(client, story):
    article = story["article"]
    urls = [
        story["person"].get_absolute_url(),
        article.section.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": article.tags.get().slug}),
    ]
    french = page(client, article.get_absolute_url())
    english = page(client, "/en" + article.get_absolute_url())
    for url in urls:
        assert f'href="{url}"' in french and f'href="/en{url}"' not in french
        assert f'href="/en{url}"' in english


def test_the_sections_menu_marks_the_current_section_in_either_language(client, story):
    url = story["article"].section.get_absolute_url()
    factories.section(name="Autre", slug="autre")
    for prefix in ("", "/en"):
        html = page(client, prefix + url)
        assert f'href="{prefix}{url}" aria-current="page"' in html
        assert f'href="{prefix}/rubriques/autre/">' in html
