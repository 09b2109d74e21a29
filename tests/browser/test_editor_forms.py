"""The article form in a real browser: the character counts follow the typing, a FAQ
question is typed across the form, and leaving the page with unsaved changes asks first
(and only then)."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, FaqEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "une-phrase-de-passe-assez-longue"


@pytest.fixture
def journalist_page(browser, live_server, roles):
    """A journalist signed in, with one draft of their own: (page, the draft)."""
    user = User.objects.create_user("journaliste", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Journalists"))
    draft = Article.objects.create(headline="Un brouillon", slug="un-brouillon", created_by=user)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "journaliste")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.base_url = live_server.url
    yield page, draft
    context.close()


def dialogs_of(page) -> list[str]:
    """The dialogs the page opens, by type; each is accepted (the navigation goes on)."""
    seen = []

    def answer(dialog):
        seen.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    return seen


def test_the_count_follows_the_typing(journalist_page):
    page, _draft = journalist_page
    page.goto(page.base_url + reverse("admin:articles_article_add"))
    shown = page.locator("#id_headline_count .char-count-shown")
    spoken = page.locator("#id_headline_count .char-count-spoken")
    assert shown.inner_text() == "0 / 90 caractères recommandés"
    page.locator("#id_headline").press_sequentially("Lilian Weng quitte OpenAI")
    assert shown.inner_text() == "25 / 90 caractères recommandés"
    # Screen readers hear the count once typing pauses, not at every letter.
    assert spoken.text_content() == "0 / 90 caractères recommandés"
    expect(spoken).to_have_text("25 / 90 caractères recommandés")
    # Over the recommendation, the words say it (an accented letter counts as one).
    page.locator("#id_headline").fill("É" * 95)
    assert shown.inner_text() == "Trop long : 95 / 90 caractères recommandés (5 de trop)"
    assert "over" in page.locator("#id_headline_count").get_attribute("class").split()


def test_leaving_after_typing_asks_first(journalist_page):
    page, draft = journalist_page
    page.goto(page.base_url + reverse("admin:articles_article_change", args=[draft.pk]))
    dialogs = dialogs_of(page)
    page.locator("#id_standfirst").press_sequentially("Une phrase pas encore enregistrée.")
    page.get_by_role("link", name="Accueil").click()
    page.wait_for_url(page.base_url + "/admin/")
    assert dialogs == ["beforeunload"]


def test_saving_does_not_ask(journalist_page):
    page, draft = journalist_page
    page.goto(page.base_url + reverse("admin:articles_article_change", args=[draft.pk]))
    dialogs = dialogs_of(page)
    page.locator("#id_standfirst").press_sequentially("Une phrase enregistrée.")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    assert dialogs == []
    draft.refresh_from_db()
    assert draft.standfirst == "Une phrase enregistrée."


def test_an_untouched_form_does_not_ask(journalist_page):
    page, draft = journalist_page
    page.goto(page.base_url + reverse("admin:articles_article_change", args=[draft.pk]))
    dialogs = dialogs_of(page)
    # A click on the page, not in a field: the browser would now show a dialog if asked to.
    page.locator("h1").click()
    page.get_by_role("link", name="Accueil").click()
    page.wait_for_url(page.base_url + "/admin/")
    assert dialogs == []


def test_adding_a_faq_row_counts_as_a_change(journalist_page):
    page, draft = journalist_page
    page.goto(page.base_url + reverse("admin:articles_article_change", args=[draft.pk]))
    dialogs = dialogs_of(page)
    page.locator("#faq_entries-group .add-row a").click()
    page.get_by_role("link", name="Accueil").click()
    page.wait_for_url(page.base_url + "/admin/")
    assert dialogs == ["beforeunload"]


def test_typing_in_a_rich_text_answer_counts_as_a_change(journalist_page):
    """The rich-text editor types into its own editable area, not a form field: that counts too."""
    page, draft = journalist_page
    FaqEntry.objects.create(article=draft, position=0, question="Pourquoi ?", answer="<p>Parce que.</p>")
    page.goto(page.base_url + reverse("admin:articles_article_change", args=[draft.pk]))
    dialogs = dialogs_of(page)
    page.locator("#faq_entries-0 [contenteditable=true]").press_sequentially(" Et voilà.")
    page.get_by_role("link", name="Accueil").click()
    page.wait_for_url(page.base_url + "/admin/")
    assert dialogs == ["beforeunload"]


def test_a_new_faq_question_is_typed_across_the_form(journalist_page):
    """The question of a new FAQ entry is there to type (a rule hiding the position hid it
    too) and as wide as the answer below it."""
    page, draft = journalist_page
    page.goto(page.base_url + reverse("admin:articles_article_change", args=[draft.pk]))
    page.locator("#faq_entries-group .add-row a").click()
    question = page.locator("#id_faq_entries-0-question")
    question.fill("Pourquoi part-elle ?")
    form_width = page.locator("#faq_entries-0").bounding_box()["width"]
    assert question.bounding_box()["width"] > 0.8 * min(form_width, 960)
