"""Pictures on the reader's pages, the alt-text rule for publishing, and the demo's illustrations."""

import html
import json
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import features

from articles import services
from articles.models import Article, Block
from newsroom.models import Image, Rendition
from people.models import Person
from tests import factories
from tests.articles.workflow_support import form_payload

pytestmark = pytest.mark.django_db

MODERN_TYPES = ["image/avif", "image/webp"] if features.check("avif") else ["image/webp"]


def page_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def jsonld(page: str, kind: str) -> dict:
    for block in re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S):
        data = json.loads(block)
        if data.get("@type") == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


def article_with_images(*, blocks: int, hero=None):
    article = factories.article(
        headline=f"Un article illustré {blocks}",
        hero_image=hero
        or factories.image(size=(1600, 900), alt_text="La une", caption="Légende de la une", credit="Photo : Agence"),
    )
    for number in range(blocks):
        factories.block(
            article,
            kind=Block.Kind.IMAGE,
            image=factories.image(alt_text=f"Image du corps {number}"),
            image_caption=f"Légende propre {number}" if number == 0 else "",
        )
    return article


def test_article_page_shows_hero_and_body_images_as_responsive_pictures(client):
    article = article_with_images(blocks=2)
    body_image = article.blocks.first().image
    body_image.caption = "Légende de la photothèque"
    body_image.save()
    second = article.blocks.last().image
    second.caption = "Légende partagée"
    second.save()
    page = page_of(client.get(article.get_absolute_url()))
    hero = re.search(r'<figure class="figure figure-hero">(.*?)</figure>', page, re.S).group(1)
    types = re.findall(r'<source type="([^"]+)" srcset="([^"]+)" sizes="([^"]+)"', hero)
    assert [t for t, _srcset, _sizes in types] == MODERN_TYPES
    for _type, srcset, _sizes in types:
        assert re.fullmatch(
            r"(/media/renditions/\w+/wide-\d+x\d+-\w+\.\w+ \d+w, ){2}/media/renditions/\S+ 1600w", srcset
        )
    img = re.search(r"<img [^>]+>", hero).group(0)
    assert 'alt="La une"' in img and 'loading="eager"' in img and 'width="960" height="540"' in img
    assert re.search(r'srcset="[^"]+\.jpg 480w, [^"]+\.jpg 960w, [^"]+\.jpg 1600w"', img)
    assert "Légende de la une" in hero and "Photo : Agence" in hero
    # Image blocks: the uncropped template, the article's own caption before the library's.
    figures = re.findall(r'<figure class="figure figure-body">(.*?)</figure>', page, re.S)
    assert len(figures) == 2
    assert "full-640x360" in figures[0] and 'alt="Image du corps 0"' in figures[0] and 'loading="lazy"' in figures[0]
    assert "Légende propre 0" in figures[0] and "Légende de la photothèque" not in figures[0]
    assert "Légende partagée" in figures[1]


def test_article_page_shares_the_1200_by_630_image(client):
    article = article_with_images(blocks=0)
    page = html.unescape(page_of(client.get(article.get_absolute_url())))
    og = dict(re.findall(r'<meta property="(og:image[^"]*)" content="([^"]*)">', page))
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/media/renditions/\w+/og-1200x630-\w+\.jpg", og["og:image"])
    assert og["og:image:width"] == "1200" and og["og:image:height"] == "630"
    assert og["og:image:alt"] == "La une" and og["og:image:type"] == "image/jpeg"
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    images = jsonld(page, "NewsArticle")["image"]
    assert images[0]["url"] == og["og:image"] and (images[0]["width"], images[0]["height"]) == (1200, 630)
    assert {(i["width"], i["height"]) for i in images[1:]} == {(1600, 900), (320, 320)}
    assert images[0]["creditText"] == "Photo : Agence"


def test_article_without_hero_has_no_sharing_image(client):
    page = page_of(client.get(factories.article().get_absolute_url()))
    assert "og:image" not in page and '"image"' not in page
    assert '<meta name="twitter:card" content="summary">' in page


def test_article_page_query_count_does_not_grow_with_image_blocks(client, django_assert_num_queries):
    """Images add one query (their renditions, all at once), whatever their number."""
    one, four = article_with_images(blocks=1), article_with_images(blocks=4)
    client.get("/")  # fills the sections menu's cache
    # The four of an article without embeds (see test_views) + the renditions.
    with django_assert_num_queries(5):
        small = page_of(client.get(one.get_absolute_url()))
    with django_assert_num_queries(5):
        big = page_of(client.get(four.get_absolute_url()))
    assert small.count("<picture>") == 2 and big.count("<picture>") == 5


def test_the_same_image_used_twice_is_fine(client):
    shared = factories.image(alt_text="Réutilisée")
    article = article_with_images(blocks=0, hero=shared)
    factories.block(article, kind=Block.Kind.IMAGE, image=shared)
    page = page_of(client.get(article.get_absolute_url()))
    assert page.count('alt="Réutilisée"') == 2


def test_home_cards_show_the_hero(client, django_assert_num_queries):
    factories.article(headline="Avec image", hero_image=factories.image(alt_text="Carte illustrée"))
    factories.article(headline="Sans image")
    factories.article(headline="Avec image aussi", hero_image=factories.image(alt_text="Autre carte"))
    # Content generation, sections menu, page of articles, their authors, + the heroes' renditions.
    with django_assert_num_queries(5):
        page = page_of(client.get("/"))
    assert page.count("<picture>") == 2 and page.count('class="card-image"') == 2
    assert 'alt="Carte illustrée"' in page
    assert re.search(r'<source type="image/webp" srcset="[^"]*wide-480x270[^"]* 480w', page)


def test_person_page_shows_the_portrait_and_shares_it(client, django_assert_num_queries):
    portrait = factories.image(size=(600, 800), alt_text="Illustration : initiales LW sur fond bleu")
    person = factories.person(name="Lilian Weng", portrait=portrait)
    factories.career_entry(person=person)
    # The person page's five (see tests/people/test_views.py) + the portrait's renditions.
    with django_assert_num_queries(7):
        page = html.unescape(page_of(client.get(person.get_absolute_url())))
    figure = re.search(r'<figure class="figure figure-portrait">(.*?)</figure>', page, re.S).group(1)
    assert re.search(r'srcset="[^"]*square-160x160[^"]* 160w, [^"]*square-320x320[^"]* 320w"', figure)
    assert 'alt="Illustration : initiales LW sur fond bleu"' in figure
    assert 'property="og:image:alt" content="Illustration : initiales LW sur fond bleu"' in page
    assert jsonld(page, "Person")["image"][0]["width"] == 1200


def test_pages_never_make_renditions(client):
    article = article_with_images(blocks=2)
    Rendition.objects.all().delete()  # as if generation had failed
    page = page_of(client.get(article.get_absolute_url()))
    assert Rendition.objects.count() == 0
    # The original file is shown instead, with its size.
    assert re.search(r'<img src="/media/images/\w+\.png" width="1600" height="900" alt="La une"', page)


# --- Alt text before publishing --------------------------------------------------------------------


@pytest.fixture
def editor():
    user = User.objects.create_user("cheffe", password="une-phrase-de-passe", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def draft_with(hero=None, body=()):
    article = factories.article(status=Article.Status.DRAFT, hero_image=hero)
    for image in body:
        factories.block(article, kind=Block.Kind.IMAGE, image=image)
    return article


def test_publishing_is_refused_while_an_image_lacks_alt_text(editor):
    hero = factories.image(alt_text="")
    body = factories.image(alt_text="", caption="Graphique des départs")
    article = draft_with(hero=hero, body=[body, factories.image(alt_text="Décrite")])
    with pytest.raises(ValidationError) as refused:
        services.article_publish(article=article, by=editor, seen_version=article.version)
    message = refused.value.messages[0]
    assert message.startswith("Texte alternatif manquant pour ")
    assert f"n° {hero.pk}" in message and "Graphique des départs" in message and "Décrite" not in message
    assert "image décorative" in message
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    with pytest.raises(ValidationError):
        services.article_schedule(
            article=article, by=editor, at=timezone.now() + timezone.timedelta(days=1), seen_version=article.version
        )


def test_decorative_or_described_images_may_be_published(editor):
    article = draft_with(
        hero=factories.image(alt_text="", is_decorative=True), body=[factories.image(alt_text="Décrite")]
    )
    services.article_publish(article=article, by=editor, seen_version=article.version)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_the_editor_sees_why_the_admin_did_not_publish(client, editor):
    article = draft_with(hero=factories.image(alt_text=""))
    client.force_login(editor)
    data = form_payload(client, article)
    now = timezone.localtime()
    data.update(
        status=Article.Status.PUBLISHED,
        published_at_0=now.strftime("%d/%m/%Y"),
        published_at_1=now.strftime("%H:%M:%S"),
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, data, follow=True)
    assert "Texte alternatif manquant" in html.unescape(response.content.decode())
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


# --- Demo -------------------------------------------------------------------------------------------


def loaddemo() -> str:
    out = StringIO()
    call_command("loaddemo", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_demo_illustrates_people_and_the_story_and_reuses_them_on_a_second_run(client):
    loaddemo()
    images = list(Image.objects.order_by("pk").values_list("pk", "file", "alt_text", "credit"))
    renditions = list(Rendition.objects.order_by("pk").values_list("pk", "file"))
    assert len(images) == 9  # eight people and the hero
    assert {credit for *_rest, credit in images} == {"Illustration générée par Newsroom (démo)"}
    weng = Person.objects.select_related("portrait").get(slug="lilian-weng")
    assert re.fullmatch(r"Illustration : initiales LW sur fond \w+", weng.portrait.alt_text)
    article = Article.objects.select_related("hero_image").get()
    assert article.hero_image.alt_text.startswith("Illustration abstraite")
    assert article.images_missing_alt() == []

    loaddemo()
    assert list(Image.objects.order_by("pk").values_list("pk", "file", "alt_text", "credit")) == images
    assert list(Rendition.objects.order_by("pk").values_list("pk", "file")) == renditions

    page = page_of(client.get(article.get_absolute_url()))
    assert 'class="figure figure-hero"' in page and "og-1200x630" in page
    assert "Illustration générée par Newsroom (démo)" in page
    assert 'alt="Illustration : initiales LW' in page_of(client.get(weng.get_absolute_url()))


def test_organisation_page_shows_its_logo(client):
    logo = factories.image(size=(500, 500), alt_text="Logo d’OpenAI : une rosace noire")
    organisation = factories.organisation(name="OpenAI", logo=logo)
    page = html.unescape(page_of(client.get(organisation.get_absolute_url())))
    figure = re.search(r'<figure class="figure figure-portrait figure-logo">(.*?)</figure>', page, re.S).group(1)
    assert 'alt="Logo d’OpenAI : une rosace noire"' in figure and "square-320x320" in figure
    assert 'property="og:image:alt" content="Logo d’OpenAI : une rosace noire"' in page
