"""Review means the reviewed version: what the editor read is what goes online.

A journalist may still change a story while it waits in review; the editor's « Publier
maintenant » (or « Programmer ») carries the edit number of the page they read, so a text
changed since stays off the site, and the editor is told what changed.
"""

import datetime

import lxml.html
import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.workflow_support import article_by, change_url, client_for, form_payload, staff_in

pytestmark = pytest.mark.django_db

Status = Article.Status
INJECTED = "Paragraphe ajouté après la relecture."


@pytest.fixture
def journalist():
    return staff_in("Journalists", "journaliste")


@pytest.fixture
def editor():
    return staff_in("Editors", "editrice")


def transition_form(page, operation: str) -> dict:
    """The hidden fields of one workflow button's form, as the browser posts them."""
    for form in lxml.html.fromstring(page).xpath("//form[@action]"):
        if form.get("action").endswith(f"/{operation}/"):
            return dict(form.form_values())
    raise AssertionError(f"no {operation} button")


def journalist_changes_the_text(journalist, article):
    client = client_for(journalist)
    data = form_payload(client, article)
    data["blocks-0-text"] = f"<p>{INJECTED}</p>"
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_text_changed_after_the_editor_opened_it_stays_off_the_site(client, journalist, editor):
    article = article_by(journalist, status=Status.REVIEW)
    desk = client_for(editor)
    page = desk.get(change_url(article)).content.decode()
    publish = transition_form(page, "publish")
    assert publish["version"] == str(Article.objects.get(pk=article.pk).version)

    journalist_changes_the_text(journalist, article)
    response = desk.post(
        reverse("admin:articles_article_transition", args=[article.pk, "publish"]), publish, follow=True
    )

    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert client.get(article.get_absolute_url()).status_code == 404
    message = response.content.decode()
    assert "rien n’est publié" in message
    assert "Voir les changements" in message
    # The editor is told who changed it while in review, with the way to the changes.
    assert "pendant la relecture" in message

    # Having read the new version, the editor publishes it.
    publish = transition_form(desk.get(change_url(article)).content.decode(), "publish")
    desk.post(reverse("admin:articles_article_transition", args=[article.pk, "publish"]), publish)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert INJECTED in client.get(article.get_absolute_url()).content.decode()


def test_scheduling_also_takes_the_version_read(client, journalist, editor):
    article = article_by(journalist, status=Status.REVIEW)
    desk = client_for(editor)
    schedule = transition_form(desk.get(change_url(article)).content.decode(), "schedule")
    journalist_changes_the_text(journalist, article)
    at = timezone.localtime(timezone.now() + datetime.timedelta(hours=2))
    desk.post(
        reverse("admin:articles_article_transition", args=[article.pk, "schedule"]),
        {**schedule, "at": at.strftime("%Y-%m-%dT%H:%M")},
    )
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_a_journalists_edit_in_review_is_recorded_and_blocks_publishing_from_the_list(journalist, editor):
    article = article_by(journalist, status=Status.REVIEW)
    journalist_changes_the_text(journalist, article)
    article.refresh_from_db()
    assert article.edited_in_review_by == journalist
    assert LogEntry.objects.filter(object_id=str(article.pk), change_message="Modifié pendant la relecture").exists()

    desk = client_for(editor)
    response = desk.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert "Modifié par journaliste pendant la relecture" in response.content.decode()


def test_a_publish_request_without_the_version_read_is_refused(journalist, editor):
    article = article_by(journalist, status=Status.REVIEW)
    desk = client_for(editor)
    response = desk.post(reverse("admin:articles_article_transition", args=[article.pk, "publish"]), follow=True)
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    assert "quelle version vous avez lue" in response.content.decode()


def test_a_change_form_without_loaded_version_is_refused_and_keeps_the_input(journalist, editor):
    """The stale-save check cannot be skipped by leaving the version out of the POST."""
    article = article_by(journalist, status=Status.REVIEW)
    desk = client_for(editor)
    data = form_payload(desk, article)
    del data["loaded_version"]
    data["headline"] = "Titre tapé sans version"
    response = desk.post(change_url(article), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "ne dit pas quelle version" in page
    assert "Titre tapé sans version" in page
    article.refresh_from_db()
    assert article.headline != "Titre tapé sans version"
