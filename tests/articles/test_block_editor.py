"""The typed block editor: each body block shows and accepts its own kind's fields only."""

from io import StringIO

import lxml.html
import pytest
from django.core.management import call_command

from articles.models import Article, Block
from tests import factories
from tests.articles.workflow_support import change_url, client_for, form_payload, staff_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def journalist():
    return staff_in("Journalists", "journaliste")


@pytest.fixture
def draft(journalist):
    weng = factories.person(name="Lilian Weng")
    article = factories.article(status=Article.Status.DRAFT, created_by=journalist)
    factories.block(article, kind=Block.Kind.PARAGRAPH, text="<p>Premier paragraphe.</p>")
    factories.block(article, kind=Block.Kind.QUOTE, text="Une phrase.", speaker=weng, source="X")
    factories.block(article, kind=Block.Kind.TIMELINE, timeline_person=weng)
    return article


def block_names(html: str, index: int) -> set[str]:
    """The field names a block's row on the page carries (the position and kind aside)."""
    row = lxml.html.fromstring(html).get_element_by_id(f"blocks-{index}")
    names = {element.get("name") for element in row.xpath(".//*[@name]")}
    return {name.removeprefix(f"blocks-{index}-") for name in names} - {"position", "kind", "id", "article", "DELETE"}


def test_each_block_shows_only_its_own_kinds_fields(journalist, draft):
    html = client_for(journalist).get(change_url(draft)).content.decode()

    assert block_names(html, 0) == {"text"}
    assert block_names(html, 1) == {"text", "speaker", "speaker_name", "source", "source_organisation"}
    assert block_names(html, 2) == {"timeline_person", "timeline_organisation", "date_display"}
    # The folded line of each block says what it is and what it holds.
    heading = lxml.html.fromstring(html).get_element_by_id("blocks-1").xpath("h3")[0]
    kind, summary = (heading.find_class(name)[0].text_content() for name in ("block-kind", "block-summary"))
    assert (kind, summary) == ("Citation", " — Lilian Weng")


def test_a_new_block_starts_from_the_kind_the_journalist_chose(journalist, draft):
    page = lxml.html.fromstring(client_for(journalist).get(change_url(draft)).content.decode())

    buttons = {
        button.get("data-add-kind"): button.text_content().strip() for button in page.xpath("//*[@data-add-kind]")
    }
    assert buttons["quote"] == "+ Citation" and buttons["timeline"] == "+ Parcours d’une personne"
    assert set(buttons) == set(Block.Kind.values)
    for kind in Block.Kind.values:
        (template,) = page.xpath(f'//template[@id="blocks-empty-{kind}"]')
        fields = {name.removeprefix("blocks-__prefix__-") for name in template.xpath(".//*/@name")}
        assert fields - {"position", "kind", "id", "article"} == set(Block.FIELDS[kind])
        (kind_input,) = template.xpath('.//input[@name="blocks-__prefix__-kind"]')
        assert kind_input.get("value") == kind and kind_input.get("type") == "hidden"


def test_a_heading_is_one_line_with_a_length_limit_and_the_input_kept(journalist, draft):
    heading = factories.block(draft, kind=Block.Kind.HEADING, text="Un intertitre")
    client = client_for(journalist)
    payload = form_payload(client, draft)
    html = client.get(change_url(draft)).content.decode()
    row = lxml.html.fromstring(html).get_element_by_id("blocks-3")
    assert row.xpath('.//input[@name="blocks-3-text"][@type="text"]') and not row.xpath(".//textarea")

    too_long = "Un intertitre qui est en réalité tout un paragraphe " * 5
    payload["blocks-3-text"] = too_long
    response = client.post(change_url(draft), payload)

    assert response.status_code == 200
    assert "200 caractères" in response.content.decode()
    assert too_long.strip() in response.content.decode()
    heading.refresh_from_db()
    assert heading.text == "Un intertitre"


def test_a_forged_post_with_another_kinds_fields_is_refused_and_nothing_is_lost(journalist, draft):
    other = factories.person(name="Quelqu’un d’autre")
    client = client_for(journalist)
    payload = form_payload(client, draft)
    payload["headline"] = "Titre retouché"
    payload["blocks-0-speaker"] = str(other.pk)

    response = client.post(change_url(draft), payload)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Un bloc « paragraphe » n’a pas de champ « auteur de la citation »" in html
    assert 'value="Titre retouché"' in html
    draft.refresh_from_db()
    assert draft.headline != "Titre retouché"
    assert draft.blocks.get(position=0).speaker_id is None


@pytest.mark.parametrize("kind", ["video", ""])
def test_an_unknown_kind_is_refused(journalist, draft, kind):
    client = client_for(journalist)
    payload = form_payload(client, draft)
    payload.update(
        {
            "blocks-TOTAL_FORMS": "4",
            "blocks-3-kind": kind,
            "blocks-3-position": "3",
            "blocks-3-text": "Un texte dans un bloc qui n’existe pas.",
            "blocks-3-id": "",
            "blocks-3-article": str(draft.pk),
        }
    )

    response = client.post(change_url(draft), payload)

    assert response.status_code == 200
    assert (
        "Type de bloc inconnu" in response.content.decode() or "Ce champ est obligatoire" in response.content.decode()
    )
    assert draft.blocks.count() == 3


def test_a_saved_blocks_kind_does_not_change(journalist, draft):
    client = client_for(journalist)
    payload = form_payload(client, draft)
    payload["blocks-0-kind"] = "heading"

    response = client.post(change_url(draft), payload)

    assert response.status_code == 200
    assert "Le type d’un bloc enregistré ne change pas" in response.content.decode()
    assert draft.blocks.get(position=0).kind == Block.Kind.PARAGRAPH


def test_saving_a_block_clears_what_another_kind_left_in_it(journalist, draft):
    # A block written before the editor was typed may hold another kind's values.
    Block.objects.filter(article=draft, position=0).update(speaker_name="Reste d’une citation", source="Reste")
    client = client_for(journalist)
    payload = form_payload(client, draft)
    payload["blocks-0-text"] = "<p>Premier paragraphe, retouché.</p>"

    response = client.post(change_url(draft), payload)

    assert response.status_code == 302
    block = draft.blocks.get(position=0)
    assert (block.speaker_name, block.source, block.text) == ("", "", "<p>Premier paragraphe, retouché.</p>")


def test_a_new_block_of_each_kind_is_saved_with_its_fields(journalist, draft):
    weng = draft.blocks.get(position=1).speaker
    client = client_for(journalist)
    payload = form_payload(client, draft)
    rows = [
        {"kind": "heading", "text": "Un nouvel intertitre"},
        {"kind": "quote", "text": "« Dit. »", "speaker_name": "Une source", "source": "Radio"},
        {"kind": "timeline", "timeline_person": str(weng.pk), "date_display": "year"},
        {"kind": "faq"},
    ]
    for offset, row in enumerate(rows):
        index = 3 + offset
        payload.update({f"blocks-{index}-{name}": value for name, value in row.items()})
        payload.update(
            {f"blocks-{index}-position": str(index), f"blocks-{index}-id": "", f"blocks-{index}-article": ""}
        )
    payload["blocks-TOTAL_FORMS"] = str(3 + len(rows))

    response = client.post(change_url(draft), payload)

    assert response.status_code == 302, response.context["errors"]
    saved = list(draft.blocks.order_by("position").values_list("kind", "text", "speaker_name", "timeline_person"))
    assert saved[3:] == [
        ("heading", "Un nouvel intertitre", "", None),
        ("quote", "«\u202fDit.\u202f»", "Une source", None),
        ("timeline", "", "", weng.pk),
        ("faq", "", "", None),
    ]


def test_the_seed_articles_change_form_stays_small():
    call_command("loaddemo", "--users", "--password", "demo-password", stdout=StringIO(), stderr=StringIO())
    from django.contrib.auth.models import User

    article = Article.objects.get()
    response = client_for(User.objects.get(username="editor")).get(change_url(article))

    assert response.status_code == 200
    # About 520 KB when every block carried every kind's fields.
    assert len(response.content) <= 200_000


@pytest.mark.parametrize(
    ("kind", "values", "summary"),
    [
        ("paragraph", {"text": "<p>Un <strong>premier</strong> paragraphe.</p>"}, "Un premier paragraphe."),
        ("heading", {"text": "Un intertitre"}, "Un intertitre"),
        ("quote", {"text": "Une phrase.", "speaker_name": "Lilian Weng"}, "Lilian Weng"),
        ("faq", {}, ""),
    ],
)
def test_a_blocks_summary_says_what_it_holds(kind, values, summary):
    assert Block(kind=kind, **values).summary == summary


def test_what_a_journalist_types_in_a_block_gets_french_typography_and_the_rest_is_kept(journalist, draft):
    client = client_for(journalist)
    payload = form_payload(client, draft)
    payload["blocks-1-text"] = '<p>Il a dit : "c\'est fini" !</p>'

    response = client.post(change_url(draft), payload)

    assert response.status_code == 302
    assert draft.blocks.get(position=1).text == "<p>Il a dit\u202f: «\u202fc’est fini\u202f»\u202f!</p>"
    # The paragraph nobody touched keeps its text as it was.
    assert draft.blocks.get(position=0).text == "<p>Premier paragraphe.</p>"


def test_the_blocks_scripts_are_on_the_page(journalist, draft):
    html = client_for(journalist).get(change_url(draft)).content.decode()
    # Reordering (the mixin's) and the typed editor (the inline's own): one must not hide the other.
    assert "admin-extra/sortable-inlines.js" in html and "admin-extra/block-editor.js" in html


def test_a_short_table_is_a_menu_and_a_long_one_is_searched(journalist, draft, monkeypatch):
    from newsroom import short_choices

    client = client_for(journalist)
    row = lxml.html.fromstring(client.get(change_url(draft)).content.decode()).get_element_by_id("blocks-1")
    (speaker,) = row.xpath('.//select[@name="blocks-1-speaker"]')
    assert "admin-autocomplete" not in (speaker.get("class") or "")
    assert "Lilian Weng" in [option.text for option in speaker.xpath("option")]

    monkeypatch.setattr(short_choices.ShortChoicesAdminMixin, "short_choices", 0)
    row = lxml.html.fromstring(client.get(change_url(draft)).content.decode()).get_element_by_id("blocks-1")
    (speaker,) = row.xpath('.//select[@name="blocks-1-speaker"]')
    assert "admin-autocomplete" in speaker.get("class")
    assert [option.text for option in speaker.xpath("option[@value!='']")] == ["Lilian Weng"]


def test_a_heading_is_typed_shown_and_counted_as_plain_text(journalist, draft, client):
    heading = factories.block(draft, kind=Block.Kind.HEADING, text="Avant")
    journalist_client = client_for(journalist)
    payload = form_payload(journalist_client, draft)
    typed = "Tom & Jerry <3, " + "x" * 184  # 200 characters as typed, 208 once escaped
    payload["blocks-3-text"] = typed

    response = journalist_client.post(change_url(draft), payload)

    assert response.status_code == 302, response.context["errors"]
    heading.refresh_from_db()
    assert heading.text.startswith("Tom &amp; Jerry &lt;3, ")
    # Shown back as typed; saving the story again, untouched, is accepted.
    row = lxml.html.fromstring(journalist_client.get(change_url(draft)).content.decode()).get_element_by_id("blocks-3")
    assert row.xpath('.//input[@name="blocks-3-text"]')[0].get("value") == typed
    assert journalist_client.post(change_url(draft), form_payload(journalist_client, draft)).status_code == 302
    # The reader sees the characters, once escaped.
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "<h2>Tom &amp; Jerry &lt;3, " in client.get(draft.get_absolute_url()).content.decode()


def test_a_heading_saved_longer_than_the_limit_does_not_block_other_saves(journalist, draft):
    factories.block(draft, kind=Block.Kind.HEADING, text="Un intertitre bien trop long " * 10)
    client = client_for(journalist)
    payload = form_payload(client, draft)
    payload["headline"] = "Un titre retouché"

    assert client.post(change_url(draft), payload).status_code == 302
