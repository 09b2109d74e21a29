import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions

from newsroom.richtext import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    EDITOR_EXTENSIONS,
    MAX_LENGTH,
    RichTextFormField,
    removed_elements,
    removed_message,
    sanitize_html,
)
from tests import factories


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<p onclick="alert(1)">x</p>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<svg><script>alert(1)</script></svg>",
        '<math><mtext><img src=x onerror="alert(1)"></mtext></math>',
        '<iframe src="https://example.org"></iframe>',
        "<style>body{display:none}</style>",
    ],
)
def test_hostile_html_loses_every_active_part(hostile):
    """Nothing that can run script or restyle the page survives the sanitiser."""
    clean = sanitize_html(hostile).lower()
    for needle in ("<script", "onerror", "onclick", "javascript:", "data:", "style", "<svg", "<iframe", "<img"):
        assert needle not in clean


def test_allowed_markup_and_text_are_kept():
    html = '<p>Un <strong>départ</strong> « annoncé » sur <a href="https://x.com/">X</a>.</p>'
    clean = sanitize_html(html)
    assert "<strong>départ</strong>" in clean
    assert "« annoncé »" in clean
    assert 'href="https://x.com/"' in clean
    assert 'rel="noopener noreferrer"' in clean


def test_plain_text_with_typography_is_untouched():
    text = "L’impact sur la recherche en sécurité – « faire plus de mal que de bien »"
    assert sanitize_html(text) == text


@pytest.mark.django_db
def test_rich_text_is_sanitised_on_save_whatever_was_sent():
    """A value that bypasses the forms (script, import) is still cleaned when saved."""
    article = factories.article()
    block = factories.block(article, text='<p onmouseover="x()">Texte<script>alert(1)</script></p>')
    block.refresh_from_db()
    assert block.text == "<p>Texte</p>"
    person = factories.person(biography='<a href="javascript:alert(1)">lien</a>')
    person.refresh_from_db()
    assert "javascript" not in person.biography


@pytest.mark.parametrize(
    "href",
    [
        "tel:+33123456789",
        "tel:+33 1 23 45 67 89",
        "tel:01.23.45.67.89",
        "tel:+1-(555)-010-9999;ext=12",
        "mailto:redaction@example.org",
        "mailto:redaction@example.org?subject=Correction",
    ],
)
def test_phone_and_mail_links_are_kept(href):
    html = f'<p>Appelez le <a href="{href}">standard</a>.</p>'
    assert f'href="{href}"' in sanitize_html(html)


@pytest.mark.parametrize(
    "href",
    [
        "tel:javascript:alert(1)",
        "tel:<script>",
        "tel:",
        "tel:+33 1 23 45 67 89?body=x",
        "mailto:?body=Bonjour",
        "mailto:pas-une-adresse",
        "mailto:a@b.org\nBcc:c@d.org",
    ],
)
def test_phone_and_mail_links_without_a_number_or_address_lose_their_href(href):
    clean = sanitize_html(f'<p><a href="{href}">lien</a></p>')
    assert "href" not in clean and "lien" in clean


# Paragraphs of text without tags (an import, a form sent without the editor)


def test_plain_text_paragraphs_separated_by_a_blank_line_become_paragraphs():
    text = "Premier paragraphe,\nsur deux lignes.\n\n  Second paragraphe.\n \n\nTroisième."
    assert sanitize_html(text) == (
        "<p>Premier paragraphe,\nsur deux lignes.</p>\n<p>Second paragraphe.</p>\n<p>Troisième.</p>"
    )


def test_text_with_inline_markup_only_is_split_into_paragraphs_too():
    assert sanitize_html("Un <strong>départ</strong>.\n\nUne <em>arrivée</em>.") == (
        "<p>Un <strong>départ</strong>.</p>\n<p>Une <em>arrivée</em>.</p>"
    )


def test_text_already_laid_out_in_blocks_keeps_its_blank_lines():
    html = "<p>Un.</p>\n\n<p>Deux.</p>"
    assert sanitize_html(html) == html


@pytest.mark.parametrize(
    "value",
    [
        "Un.\n\nDeux.",
        "Une ligne.",
        '<p>Un <a href="https://x.org/" target="_blank">lien</a> &amp; «\u00a0oui\u00a0»</p>',
        "<ul><li>un</li><li>deux</li></ul>\n\n<p>trois</p>",
        "a < b\n\nc > d",
    ],
)
def test_sanitising_twice_changes_nothing_more(value):
    once = sanitize_html(value)
    assert sanitize_html(once) == once


@pytest.mark.django_db
def test_an_imported_biography_in_plain_text_keeps_its_paragraphs_on_the_page(client):
    person = factories.person(biography="Chercheuse depuis 2010.\n\nElle dirige une équipe.")
    person.refresh_from_db()
    assert person.biography == "<p>Chercheuse depuis 2010.</p>\n<p>Elle dirige une équipe.</p>"


# What the sanitiser removes is named


@pytest.mark.parametrize(
    ("html", "named"),
    [
        ('<p>Voir <iframe src="https://evil.example/"></iframe></p>', ["<iframe>"]),
        ("<p>a</p><script>alert(1)</script><script>x()</script>", ["<script>", "<script>"]),
        ('<p onclick="alert(1)">a</p>', ["onclick"]),
        ('<a href="javascript:alert(1)">x</a>', ['href="javascript:…"']),
        ('<a href="JaVa&#x09;ScRiPt:alert(1)">x</a>', ['href="javascript:…"']),
        ('<a href="tel:pas-un-numero">x</a>', ['href="tel:…"']),
        ('<a href="mailto:?body=Bonjour">x</a>', ['href="mailto:…"']),
        ("<h1>Titre</h1><table><tr><td>x</td></tr></table>", ["<h1>", "<table>", "<tr>", "<td>"]),
        ("<iframe><p>texte du cadre</p></iframe>", ["<iframe>"]),
        # What the editor cannot show (an import's markup): named, not dropped unseen.
        (
            "<h3>Intertitre</h3><blockquote>cité</blockquote><p><code>x</code><sup>2</sup></p>",
            ["<h3>", "<blockquote>", "<code>", "<sup>"],
        ),
    ],
)
def test_removed_elements_names_what_the_sanitiser_took_out(html, named):
    assert removed_elements(html, sanitize_html(html)) == named


@pytest.mark.parametrize(
    "html",
    [
        # What a paste brings along and the editor never produces: presentation only.
        '<p style="color:red" class="MsoNormal" id="p1" lang="fr" dir="ltr">Texte</p>',
        '<p>Un <a href="https://x.org/" target="_blank" rel="nofollow">lien</a></p>',
        '<p><a href="https://x.org/" rel="noopener noreferrer">déjà propre</a></p>',
        "<p>Texte<!-- un commentaire --></p>",
        '<ol start="3" type="a"><li>trois</li></ol>',
        '<p><a href="https://x.org/" title="">sans titre</a></p>',
        "Un paragraphe.\n\nUn autre.",
        "",
    ],
)
def test_removed_elements_ignores_what_does_not_change_the_text_or_its_links(html):
    assert removed_elements(html, sanitize_html(html)) == []


def test_the_message_counts_every_removal_and_names_each_kind_once():
    assert removed_message(["<iframe>"]) == "1 élément non autorisé retiré : <iframe>"
    assert removed_message(["<iframe>", "onclick", "<iframe>"]) == (
        "3 éléments non autorisés retirés : <iframe>, onclick"
    )


# The form field: the editor, its limits and its errors


def test_the_editor_offers_nothing_the_sanitiser_would_strip():
    """The tags and attributes the editor can produce (its own allow-list) are all kept by
    sanitize_html, except ``rel`` (sanitize_html sets it on every link) and ``data-type``
    (listed by the library, never written by Tiptap's ordered list)."""
    allowed = allowlist_from_extensions(EDITOR_EXTENSIONS)
    assert allowed["tags"] <= ALLOWED_TAGS
    for tag, attributes in allowed["attributes"].items():
        assert attributes - {"rel", "data-type"} <= ALLOWED_ATTRIBUTES.get(tag, set()), tag
    assert "target" not in allowed["attributes"]["a"]
    assert allowed["tags"] == {"p", "br", "strong", "em", "a", "ul", "ol", "li"}


@pytest.mark.django_db
def test_every_rich_text_field_is_edited_with_the_editor_in_the_admin(admin_client):
    """Through RichTextField.formfield(), with no setting in each admin: the article's FAQ
    answers (and body blocks), a person's biography."""
    from articles.models import Block, FaqEntry
    from people.models import Person

    for model, name in ((Block, "text"), (FaqEntry, "answer"), (Person, "biography")):
        assert isinstance(model._meta.get_field(name).formfield(), RichTextFormField), (model, name)
    for url, name in (
        (reverse("admin:people_person_add"), "biography"),
        (reverse("admin:articles_article_add"), "faq_entries-__prefix__-answer"),
    ):
        page = admin_client.get(url).content.decode()
        textarea = re.search(rf'<textarea name="{name}"[^>]*>', page).group(0)
        assert "data-django-prose-editor-configurable=" in textarea, url
        assert 'data-rich-text-limit="100000"' in textarea, url
        for asset in ("django_prose_editor/configurable.js", "admin-extra/rich-text.js", "admin-extra/tiptap.css"):
            assert f"/static/{asset}" in page, (url, asset)
        # The empty, nonce'd <style> Tiptap reuses instead of injecting one the CSP refuses.
        assert re.search(r'<style data-tiptap-style nonce="[^"]+"></style>', page), url


def test_the_field_sends_back_the_sanitised_text_with_an_error_naming_what_went():
    field = RichTextFormField()
    with pytest.raises(ValidationError) as error:
        field.clean('<p>Texte</p><iframe src="https://evil.example/"></iframe>')
    assert error.value.messages == ["1 élément non autorisé retiré : <iframe>"]
    assert field.prepare_value('<p>Texte</p><iframe src="https://evil.example/"></iframe>') == "<p>Texte</p>"
    # Sent again as shown, it is accepted.
    assert field.clean("<p>Texte</p>") == "<p>Texte</p>"


def test_the_field_cleans_quietly_what_does_not_matter():
    field = RichTextFormField()
    assert field.clean('<p style="margin:0">Un <a href="https://x.org/" target="_blank">lien</a></p>') == (
        '<p>Un <a href="https://x.org/" rel="noopener noreferrer">lien</a></p>'
    )


def test_an_empty_editor_is_an_empty_field():
    """ProseMirror always holds one paragraph: an answer left empty is still required."""
    field = RichTextFormField(required=True)
    for empty in ("<p></p>", "<p><br></p>", " <p> </p> "):
        with pytest.raises(ValidationError) as error:
            field.clean(empty)
        assert error.value.code == "required"
    assert RichTextFormField(required=False).clean("<p></p>") == ""


def test_a_text_over_the_limit_gets_a_french_message_not_a_cut():
    field = RichTextFormField()
    assert MAX_LENGTH == 100_000
    assert len(field.clean("<p>" + "x" * (MAX_LENGTH - 7) + "</p>")) == MAX_LENGTH
    with pytest.raises(ValidationError) as error:
        field.clean("<p>" + "x" * 2_000_000 + "</p>")
    assert error.value.messages == [
        "Ce texte est trop long : 2\u00a0000\u00a0007 caractères (mise en forme comprise) pour 100\u00a0000 au plus. "
        "Raccourcissez-le."
    ]
    # No maxlength attribute: a browser without the editor would cut a paste silently.
    html = field.widget.render("text", "")
    assert "maxlength" not in html and 'data-rich-text-limit="100000"' in html


@pytest.mark.parametrize(
    ("stored", "sent"),
    [
        ("Un paragraphe.", "<p>Un paragraphe.</p>"),
        ("<p>Un.</p>\n<p>Deux.</p>", "<p>Un.</p><p>Deux.</p>"),
        ("Un.\n\nDeux.", "<p>Un.</p><p>Deux.</p>"),
        (
            '<p><a href="https://x.org/" rel="noopener noreferrer">x</a></p>',
            '<p><a target="_blank" rel="noopener noreferrer nofollow" href="https://x.org/">x</a></p>',
        ),
        ("", "<p></p>"),
        ("«\u00a0oui\u00a0»", "<p>«&nbsp;oui&nbsp;»</p>"),
    ],
)
def test_text_the_editor_only_lays_out_again_has_not_changed(stored, sent):
    """The editor rewrites stored text as ProseMirror holds it; saving an article must not
    record every block as changed."""
    assert not RichTextFormField().has_changed(stored, sent)


def test_text_with_a_new_word_or_mark_has_changed():
    field = RichTextFormField()
    assert field.has_changed("<p>Un paragraphe.</p>", "<p>Un paragraphe modifié.</p>")
    assert field.has_changed("<p>Un paragraphe.</p>", "<p>Un <strong>paragraphe</strong>.</p>")
    assert field.has_changed("", "<p>Nouveau.</p>")


def test_tiptap_css_file_matches_the_installed_editor():
    """static/admin-extra/tiptap.css holds the CSS Tiptap would inject (refused by the CSP);
    after an upgrade of django-prose-editor, copy it again from editor.js."""
    import django_prose_editor

    bundle = (Path(django_prose_editor.__file__).parent / "static/django_prose_editor/editor.js").read_text()
    start = bundle.index("`.ProseMirror {\n  position: relative;")
    injected = bundle[start + 1 : bundle.index("`", start + 1)].strip()
    ours = (Path(settings.BASE_DIR) / "static/admin-extra/tiptap.css").read_text()
    assert ours.split("*/", 1)[1].strip() == injected
    # Tiptap reuses a <style data-tiptap-style> already in the page instead of adding its own.
    assert "document.querySelector(`style[data-tiptap-style${" in bundle


# A form sent without the editor (no JavaScript, or a script): what would go is said first


@pytest.mark.django_db
def test_a_biography_holding_an_iframe_comes_back_sanitised_with_an_error_and_nothing_lost(client):
    from people.models import Person
    from tests.articles.workflow_support import payload_from, staff_in

    client.force_login(staff_in("Editors", "redactrice"))
    person = factories.person(name="Lilian Weng", biography="<p>Chercheuse.</p>")
    url = reverse("admin:people_person_change", args=[person.pk])
    data = payload_from(client.get(url), "person_form")
    data["short_description"] = "chercheuse en sécurité de l’IA"
    data["biography"] = '<p>Chercheuse <em>reconnue</em>.</p><iframe src="https://evil.example/"></iframe>'

    response = client.post(url, data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["biography"] == ["1 élément non autorisé retiré : <iframe>"]
    assert list(form.errors) == ["biography"]
    # What is shown is what would be saved; the rest of the form is as typed.
    again = payload_from(response, "person_form")
    assert again["biography"] == "<p>Chercheuse <em>reconnue</em>.</p>"
    assert again["short_description"] == "chercheuse en sécurité de l’IA"
    assert Person.objects.get(pk=person.pk).biography == "<p>Chercheuse.</p>"

    assert client.post(url, again).status_code == 302
    person.refresh_from_db()
    assert person.biography == "<p>Chercheuse <em>reconnue</em>.</p>"
    assert person.short_description == "chercheuse en sécurité de l’IA"


@pytest.mark.django_db
def test_an_faq_answer_and_a_paragraph_name_each_kind_removed_once(client):
    from tests.articles.workflow_support import form_payload, payload_from, staff_in

    editor = staff_in("Editors", "redactrice")
    client.force_login(editor)
    article = factories.article(created_by=editor)
    block = factories.block(article, text="<p>Premier paragraphe.</p>")
    entry = factories.faq_entry(article, question="Pourquoi ?", answer="<p>Parce que.</p>")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_payload(client, article)
    answer = next(name for name, value in data.items() if name.endswith("-answer"))
    text = next(name for name, value in data.items() if name.startswith("blocks-") and name.endswith("-text"))
    data[answer] = '<p onclick="steal()">Parce que.</p><iframe></iframe><iframe></iframe>'
    data[text] = '<p>Premier <a href="javascript:alert(1)">paragraphe</a>.</p>'

    response = client.post(url, data)

    assert response.status_code == 200
    again = payload_from(response)
    assert again[answer] == "<p>Parce que.</p>"
    assert again[text] == '<p>Premier <a rel="noopener noreferrer">paragraphe</a>.</p>'
    page = response.content.decode()
    assert "3 éléments non autorisés retirés : onclick, &lt;iframe&gt;" in page
    assert "1 élément non autorisé retiré : href=&quot;javascript:…&quot;" in page

    assert client.post(url, again).status_code == 302
    entry.refresh_from_db()
    block.refresh_from_db()
    assert entry.answer == "<p>Parce que.</p>"
    assert block.text == '<p>Premier <a rel="noopener noreferrer">paragraphe</a>.</p>'


@pytest.mark.django_db
def test_a_plain_text_answer_sent_without_the_editor_keeps_its_paragraphs(client):
    from tests.articles.workflow_support import form_payload, staff_in

    editor = staff_in("Editors", "redactrice")
    client.force_login(editor)
    article = factories.article(created_by=editor)
    entry = factories.faq_entry(article, question="Pourquoi ?", answer="<p>Parce que.</p>")
    data = form_payload(client, article)
    answer = next(name for name in data if name.endswith("-answer"))
    data[answer] = "Parce que.\r\n\r\nEt puis voilà."

    assert client.post(reverse("admin:articles_article_change", args=[article.pk]), data).status_code == 302
    entry.refresh_from_db()
    assert entry.answer == "<p>Parce que.</p>\n<p>Et puis voilà.</p>"
