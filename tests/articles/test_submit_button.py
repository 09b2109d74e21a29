"""« Enregistrer et soumettre à la relecture »: a draft saved and sent to the desk in one click."""

import pytest

from articles.models import Article
from tests.articles.workflow_support import article_by, change_url, client_for, form_payload, staff_in

pytestmark = pytest.mark.django_db

BUTTON = 'name="_submit_review"'


def test_a_journalist_saves_and_submits_a_draft_in_one_click():
    journalist = staff_in("Journalists", "journaliste")
    article = article_by(journalist)
    client = client_for(journalist)
    payload = form_payload(client, article)
    payload.pop("_save")
    payload["_submit_review"] = "Enregistrer et soumettre à la relecture"
    payload["headline"] = "Un titre retouché avant l’envoi"

    response = client.post(change_url(article), payload)

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.status) == ("Un titre retouché avant l’envoi", Article.Status.REVIEW)
    # In review, the journalist no longer edits it: the button is gone with the form.
    assert BUTTON not in client.get(change_url(article)).content.decode()


def test_the_button_is_offered_on_new_and_draft_articles_only():
    editor = staff_in("Editors", "editrice")
    client = client_for(editor)
    assert BUTTON in client.get("/admin/articles/article/add/").content.decode()
    draft = article_by(editor)
    assert BUTTON in client.get(change_url(draft)).content.decode()
    published = article_by(editor, status=Article.Status.PUBLISHED)
    assert BUTTON not in client.get(change_url(published)).content.decode()


def test_a_button_pressed_on_a_published_article_changes_nothing_of_its_status():
    editor = staff_in("Editors", "editrice")
    published = article_by(editor, status=Article.Status.PUBLISHED)
    client = client_for(editor)
    payload = form_payload(client, published)
    payload["_submit_review"] = "Enregistrer et soumettre à la relecture"

    response = client.post(change_url(published), payload)

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == Article.Status.PUBLISHED


def test_enter_in_a_field_saves_and_does_not_submit():
    """Enter in a text field presses the form's first submit button: « Enregistrer »."""
    import lxml.html

    journalist = staff_in("Journalists", "journaliste")
    page = client_for(journalist).get("/admin/articles/article/add/").content.decode()
    buttons = lxml.html.fromstring(page).get_element_by_id("article_form").xpath(".//input[@type='submit']")
    assert buttons[0].get("name") == "_save"
    assert "_submit_review" in [button.get("name") for button in buttons]
