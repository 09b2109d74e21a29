"""The rich-text editor (django-prose-editor, newsroom/richtext.py) in a real browser: what a
paste keeps, a paste far too long, and stored plain text opened in the editor. Every page is
watched for CSP violations (test_csp.py types, bolds and saves in each form)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, FaqEntry
from people.models import Person
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "une-phrase-de-passe-assez-longue"

# What a word processor or a web page puts on the clipboard: a heading, a table, styled spans,
# an embedded frame, around the paragraphs, emphasis and links a journalist means to keep.
PASTED = (
    '<meta charset="utf-8"><h1 style="font-size:24pt">Un titre de page</h1>'
    '<p class="MsoNormal" style="margin:0"><span style="font-family:Calibri;color:#333">Premier '
    '<em>paragraphe</em> collé, avec un <a href="https://example.org/rapport" target="_blank" '
    'style="color:blue">lien vers le rapport</a>.</span></p>'
    '<table border="1"><tr><td>Cellule A</td><td>Cellule B</td></tr></table>'
    '<iframe src="https://example.org/video" width="560" height="315"></iframe>'
    "<p>Second paragraphe.</p>"
)


def watch_csp(page) -> list[str]:
    """The page's CSP violations, from now on (console errors and securitypolicyviolation)."""
    seen = []
    page.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return seen


def signed_in(browser, url: str, username: str = "redactrice"):
    """A new browser context signed in as a superuser (a transactional test's database has no
    roles): (context, page, CSP violations seen)."""
    User.objects.create_superuser(username, password=PASSWORD)
    context = browser.new_context()
    page = context.new_page()
    violations = watch_csp(page)
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{url}/admin/")
    return context, page, violations


def editor_in(page, scope: str):
    """The editable area of the rich-text editor inside ``scope`` (a CSS selector)."""
    editor = page.locator(f"{scope} .prose-editor .ProseMirror")
    expect(editor).to_be_visible()
    return editor


def type_and_bold(page, scope: str, words: str) -> None:
    """Type ``words`` at the end of the editor in ``scope`` (after a space if it holds text),
    then bold their last word with the menu's button, as a journalist would."""
    editor = editor_in(page, scope)
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type((" " if editor.inner_text().strip() else "") + words)
    page.keyboard.press("Control+Shift+ArrowLeft")
    page.locator(f"{scope} .prose-menubar__button[data-name=bold]").click()
    expect(editor.locator("strong")).to_have_text(words.split()[-1])


def paste(editor, html: str, text: str = "") -> None:
    """Paste ``html`` into the editor as the browser does from the clipboard."""
    editor.evaluate(
        """(element, [html, text]) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", text);
            element.focus();
            element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [html, text],
    )


def save(page) -> None:
    with page.expect_navigation():
        page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_a_paste_keeps_paragraphs_emphasis_and_links_and_drops_the_rest(browser, live_server):
    article = factories.article(headline="Un départ", status=Article.Status.DRAFT)
    entry = factories.faq_entry(article, question="Pourquoi ?", answer="<p>Ancienne réponse.</p>")
    context, page, violations = signed_in(browser, live_server.url)
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    editor = editor_in(page, "#faq_entries-0")
    editor.click()
    page.keyboard.press("Control+A")

    paste(editor, PASTED, "Un titre de page Premier paragraphe collé…")
    expect(editor.locator("em")).to_have_text("paragraphe")
    save(page)

    entry.refresh_from_db()
    answer = entry.answer
    assert "<em>paragraphe</em>" in answer
    assert '<a href="https://example.org/rapport" rel="noopener noreferrer">lien vers le rapport</a>' in answer
    assert "<p>Second paragraphe.</p>" in answer
    assert "Ancienne réponse" not in answer
    # The text of the heading and of the table stays, as paragraphs; their markup goes.
    assert "Un titre de page" in answer and "Cellule A" in answer
    for gone in ("<h1", "<table", "<td", "<span", "<iframe", "style=", "class=", "target=", "<meta"):
        assert gone not in answer, gone
    assert answer.startswith("<p>") and answer.count("<p>") >= 3
    assert violations == [], "\n".join(violations)
    context.close()


def test_a_paste_of_two_megabytes_is_said_at_once_and_the_form_is_not_sent(browser, live_server):
    """Sent, it would answer 400 before any form (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB, against
    the form-encoded body): the page says it instead, and nothing typed is lost."""
    person = factories.person(name="Lilian Weng", biography="<p>Chercheuse.</p>")
    context, page, violations = signed_in(browser, live_server.url)
    url = live_server.url + reverse("admin:people_person_change", args=[person.pk])
    page.goto(url)
    page.fill("#id_short_description", "chercheuse en sécurité de l’IA")
    editor = editor_in(page, ".field-biography")
    editor.click()
    page.keyboard.press("Control+End")

    paragraph = "<p>" + "Un document entier collé par erreur dans la biographie. " * 40 + "</p>"
    paste(editor, paragraph * (2_000_000 // len(paragraph) + 1))

    warning = page.locator(".field-biography .rich-text-too-long")
    expect(warning).to_be_visible()
    length, rest = warning.inner_text().removeprefix("Ce texte est trop long : ").split(" ", 1)
    assert 2_000_000 < int(length.replace("\u202f", "")) < 2_100_000
    assert rest == "caractères (mise en forme comprise) pour 100\u202f000 au plus. Raccourcissez-le."
    page.click("input[name=_save]")
    page.wait_for_timeout(500)
    assert page.url == url
    expect(warning).to_be_visible()
    assert page.input_value("#id_short_description") == "chercheuse en sécurité de l’IA"
    assert Person.objects.get(pk=person.pk).short_description == ""

    # Undone, the paste's message goes and the form is saved.
    editor.click()
    page.keyboard.press("Control+Z")
    expect(warning).to_have_count(0)
    save(page)
    person.refresh_from_db()
    assert person.short_description == "chercheuse en sécurité de l’IA"
    assert person.biography == "<p>Chercheuse.</p>"
    assert violations == [], "\n".join(violations)
    context.close()


def test_stored_plain_text_opens_with_its_paragraphs_and_an_untouched_save_changes_nothing(browser, live_server):
    article = factories.article(headline="Un départ", status=Article.Status.DRAFT)
    block = factories.block(article, text="Un paragraphe importé.")
    # As an import before this change left it: blank lines, no <p> (update() skips the sanitiser).
    entry = FaqEntry.objects.create(article=article, position=0, question="Pourquoi ?", answer="x")
    FaqEntry.objects.filter(pk=entry.pk).update(answer="Première ligne.\n\nDeuxième paragraphe.")
    context, page, violations = signed_in(browser, live_server.url)
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))

    expect(editor_in(page, "#faq_entries-0").locator("p")).to_have_text(["Première ligne.", "Deuxième paragraphe."])
    expect(editor_in(page, "#blocks-0-fields").locator("p")).to_have_text(["Un paragraphe importé."])
    save(page)

    # The editor's own layout (<p> around the text) is no change: neither row is saved again,
    # and the history names no change to them.
    block.refresh_from_db()
    entry.refresh_from_db()
    assert block.text == "Un paragraphe importé."
    assert entry.answer == "Première ligne.\n\nDeuxième paragraphe."
    change = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time").get_change_message()
    assert "Texte" not in change and "Réponse" not in change, change
    assert violations == [], "\n".join(violations)
    context.close()


def test_emphasis_given_by_styles_is_kept_without_a_csp_violation(browser, live_server):
    """Google Docs marks bold and italics with styles, inside a <b style="font-weight:normal">;
    Word adds a <style> sheet. Under the CSP the editor could not read those styles: the whole
    paste would turn bold and lose its italics (static/admin-extra/rich-text.js)."""
    person = factories.person(name="Lilian Weng", biography="<p>Chercheuse.</p>")
    context, page, violations = signed_in(browser, live_server.url)
    page.goto(live_server.url + reverse("admin:people_person_change", args=[person.pk]))
    editor = editor_in(page, ".field-biography")
    editor.click()
    page.keyboard.press("Control+A")

    paste(
        editor,
        '<html><head><style>p.MsoNormal{margin:0}</style></head><body><meta charset="utf-8">'
        '<b style="font-weight:normal;" id="docs-internal-guid-1"><p dir="ltr" style="line-height:1.38">'
        '<span style="font-size:11pt;font-weight:700;">Chercheuse</span><span style="font-size:11pt;"> en '
        '</span><span style="font-size:11pt;font-style:italic;">sécurité</span><span> de l’IA.</span></p></b>'
        '<p class="MsoNormal"><b>Gras</b> et <i style="mso-bidi-font-style:normal">italique</i> de Word.</p>'
        "</body></html>",
    )
    save(page)

    person.refresh_from_db()
    assert person.biography == (
        "<p><strong>Chercheuse</strong> en <em>sécurité</em> de l’IA.</p>"
        "<p><strong>Gras</strong> et <em>italique</em> de Word.</p>"
    )
    assert violations == [], "\n".join(violations)
    context.close()


def test_the_editor_speaks_french_and_a_link_is_added_through_its_dialog(browser, live_server):
    person = factories.person(name="Lilian Weng", biography="<p>Voir son rapport</p>")
    context, page, violations = signed_in(browser, live_server.url)
    page.goto(live_server.url + reverse("admin:people_person_change", args=[person.pk]))
    editor = editor_in(page, ".field-biography")
    for name in ("Liste à puces", "Liste numérotée", "Gras", "Italique", "Annuler la modification"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()

    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Control+Shift+ArrowLeft")
    page.get_by_role("button", name="Lien (sélectionnez d’abord le texte)").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Lien")
    dialog.get_by_label("Adresse (https://…, mailto:… ou tel:…)").fill("https://example.org/rapport")
    dialog.get_by_role("button", name="Valider").click()
    save(page)

    person.refresh_from_db()
    assert person.biography == (
        '<p>Voir son <a href="https://example.org/rapport" rel="noopener noreferrer">rapport</a></p>'
    )
    assert violations == [], "\n".join(violations)
    context.close()
