"""Hostile text typed into every field an editor can fill, rendered on every public page and
every admin page that shows it: it reads as text, never runs.

One payload, marked « pwn », goes everywhere: it closes attributes and elements, opens a
script, an image with an event handler, an SVG with onload and a javascript: link. A page is
safe when no element it parses into runs the mark: no <script> holding it (JSON-LD stays
data and parses), no on* attribute holding it, no href or src starting with javascript:.
"""

import json

import lxml.html
import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from taggit.models import Tag

from articles import services
from articles.models import Block
from tests import factories

pytestmark = pytest.mark.django_db

MARK = "pwn"
PAYLOAD = (
    f"\"'><script>alert('{MARK}')</script><img src=x onerror=alert('{MARK}')>"
    f"<svg onload=alert('{MARK}')><a href=\"javascript:alert('{MARK}')\">lien</a>"
)

# Tag names hold 100 characters at most.
TAG = f"mot {PAYLOAD}"[:100]


def assert_inert(page: str, where: str) -> None:
    assert page.strip(), where
    document = lxml.html.fromstring(page)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script":
            text = element.text or ""
            if element.get("type") == "application/ld+json":
                json.loads(text)  # data, and still valid JSON
                assert "</" not in text, where
            else:
                assert MARK not in text, f"{where}: a script runs the payload"
        for name, value in element.attrib.items():
            assert not (name.startswith("on") and MARK in value), f"{where}: <{element.tag} {name}={value!r}>"
            if name in ("href", "src", "action", "formaction"):
                assert not value.strip().lower().startswith("javascript"), f"{where}: {name}={value!r}"


@pytest.fixture
def hostile():
    """Every kind of content, each text field holding the payload."""
    section = factories.section(name=f"Rubrique {PAYLOAD}"[:100], slug="hostile")
    image = factories.image(alt_text=f"Alt {PAYLOAD}", caption=f"Légende {PAYLOAD}", credit=f"Crédit {PAYLOAD}"[:200])
    person = factories.person(
        name=f"Personne {PAYLOAD}",
        slug="hostile",
        short_description=PAYLOAD,
        biography=PAYLOAD,
        portrait=image,
    )
    person.tags.add(TAG)
    org = factories.organisation(name=f"Organisation {PAYLOAD}", slug="hostile", description=PAYLOAD)
    factories.career_entry(person=person, organisation=org, role_title=PAYLOAD, summary=PAYLOAD, team=PAYLOAD)
    people_list = factories.people_list(title=f"Liste {PAYLOAD}", organisation_obj=org, people=[person])
    article = factories.article(
        headline=f"Titre {PAYLOAD}",
        social_title=f"Social {PAYLOAD}",
        seo_title=f"SEO {PAYLOAD}",
        standfirst=PAYLOAD,
        slug="hostile",
        section=section,
        authors=[person],
        people=[person],
        tags=[TAG],
        hero_image=image,
    )
    article.organisations.add(org)
    factories.block(article, kind=Block.Kind.HEADING, text=PAYLOAD, position=0)
    factories.block(article, kind=Block.Kind.PARAGRAPH, text=f"<p>{PAYLOAD}</p>", position=1)
    factories.block(article, kind=Block.Kind.QUOTE, text=PAYLOAD, speaker_name=PAYLOAD, source=PAYLOAD, position=2)
    factories.block(article, kind=Block.Kind.TIMELINE, timeline_person=person, text="", position=3)
    factories.block(article, kind=Block.Kind.PEOPLE_LIST, people_list=people_list, text="", position=4)
    factories.block(article, kind=Block.Kind.IMAGE, image=image, image_caption=PAYLOAD, text="", position=5)
    factories.faq_entry(article, question=PAYLOAD, answer=f"<p>{PAYLOAD}</p>")
    return {
        "article": article,
        "person": person,
        "org": org,
        "section": section,
        "image": image,
        "people_list": people_list,
        "tag": Tag.objects.get(name=TAG),
    }


def test_public_pages_show_hostile_text_as_text(client, hostile):
    article, person, org, tag = hostile["article"], hostile["person"], hostile["org"], hostile["tag"]
    month = article.published_at.strftime("/archives/%Y/%-m/")
    urls = [
        "/",
        article.get_absolute_url(),
        person.get_absolute_url(),
        org.get_absolute_url(),
        f"/mots-cles/{tag.slug}/",
        hostile["section"].get_absolute_url(),
        month,
        f"/recherche/?q={MARK}",
        "/recherche/?q=Titre",
        "/en/" + article.get_absolute_url().lstrip("/"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)
    # Shown as typed: escaped, not dropped.
    assert (
        "Titre &quot;&#x27;&gt;&lt;script&gt;alert(&#x27;pwn&#x27;)"
        in client.get("/articles/hostile/").content.decode()
    )


def test_feeds_and_sitemaps_carry_hostile_text_escaped(client, hostile):
    import feedparser

    for url in ("/flux/rss/", "/flux/atom/", f"/mots-cles/{hostile['tag'].slug}/flux/rss/"):
        body = client.get(url).content.decode()
        assert "<script>" not in body, url
        parsed = feedparser.parse(body)
        assert not parsed.bozo, url
        assert parsed.entries[0].title.startswith("Titre \"'><script>"), url  # text, given back as typed
    assert "<script>" not in client.get("/sitemap-articles.xml").content.decode()


@pytest.fixture
def editor(client):
    user = User.objects.create_user("redactrice", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_admin_pages_show_hostile_text_as_text(client, editor, hostile):
    article = hostile["article"]
    article.headline = f"Deuxième {PAYLOAD}"
    services.article_save(article=article, by=editor)  # two versions to compare
    pages = [reverse("admin:index")]
    for name, obj in [
        ("articles_article", article),
        ("people_person", hostile["person"]),
        ("people_organisation", hostile["org"]),
        ("people_peoplelist", hostile["people_list"]),
        ("articles_section", hostile["section"]),
        ("taggit_tag", hostile["tag"]),
        ("newsroom_image", hostile["image"]),
    ]:
        pages += [
            reverse(f"admin:{name}_changelist"),
            reverse(f"admin:{name}_changelist") + f"?q={MARK}",
            reverse(f"admin:{name}_change", args=[obj.pk]),
            reverse(f"admin:{name}_history", args=[obj.pk]),
            reverse(f"admin:{name}_delete", args=[obj.pk]),
        ]
    pages.append(reverse("admin:articles_article_compare", args=[article.pk]))
    pages.append(reverse("admin:articles_article_changelist") + f"?tags__id__exact={hostile['tag'].pk}")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)


def test_admin_messages_show_hostile_names_as_text(client, editor):
    victim = factories.person(name=f"Jetable {PAYLOAD}")
    response = client.post(reverse("admin:people_person_delete", args=[victim.pk]), {"post": "yes"}, follow=True)
    page = response.content.decode()
    assert "Jetable" in page  # the success message names it
    assert_inert(page, "message after delete")
    # A bulk action's intermediate page and its message, with hostile tags typed in.
    person = factories.person(name="Lilian Weng")
    response = client.post(
        reverse("admin:people_person_changelist"),
        {"action": "add_tags", "_selected_action": [person.pk], "tags": PAYLOAD, "apply": "1"},
        follow=True,
    )
    assert_inert(response.content.decode(), "bulk tags")


@pytest.mark.parametrize(
    "unsafe",
    [
        f"<p>{PAYLOAD}</p>",
        f"<img src=x onerror=\"alert('{MARK}')\">",
        "<a href=' javascript:alert(1)'>x</a>",
        f'<script type="application/ld+json">{{"a": "</script><script>alert(\'{MARK}\')</script>"}}</script>',
    ],
)
def test_the_check_catches_a_payload_that_would_run(unsafe):
    """The sweep above proves something only if its check fails on a page that would run the payload."""
    with pytest.raises((AssertionError, ValueError)):
        assert_inert(f"<!DOCTYPE html><html><body>{unsafe}</body></html>", "unsafe page")
