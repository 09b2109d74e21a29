"""The permission matrix of the editorial workflow, through the real admin URLs.

Each operation × each role × the user's own article or someone else's: an allowed
operation answers with a redirect and changes the database; a refused one answers 403 and
changes nothing at all, whatever the buttons on the page would have shown.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.models import Article
from tests.articles.workflow_support import (
    article_by,
    change_url,
    db_state,
    form_payload,
    payload_from,
    staff_in,
)

pytestmark = pytest.mark.django_db

Status = Article.Status


def _transition(operation, with_time=False):
    def run(client, article, helper):
        data = {}
        if with_time:
            moment = timezone.localtime() + datetime.timedelta(days=2)
            data["at"] = moment.strftime("%Y-%m-%dT%H:%M")
        if operation in ("publish", "schedule"):
            # The edit number of the page read, as the button's form carries it.
            data["version"] = str(Article.objects.get(pk=article.pk).version)
        return client.post(reverse("admin:articles_article_transition", args=[article.pk, operation]), data)

    return run


def _edit(client, article, helper):
    data = form_payload(helper, article)
    data["headline"] = "Titre modifié"
    return client.post(change_url(article), data)


def _save_as_new(client, article, helper):
    data = form_payload(helper, article)
    data.update({"headline": "Copie", "slug": "copie", "_saveasnew": "Enregistrer en tant que nouveau"})
    data.pop("_save")
    return client.post(change_url(article), data)


def _bulk_publish(client, article, helper):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [str(article.pk)], "index": "0"},
    )


def _delete(client, article, helper):
    return client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})


def _revert(client, article, helper):
    oldest = Version.objects.get_for_object(article).last()
    return client.post(reverse("admin:articles_article_revert", args=[article.pk, oldest.pk]))


def _recover_deleted(client, article, helper):
    """Reversion's recovery form for a deleted article, posted as a browser would."""
    version = Version.objects.get_for_object_reference(Article, article.pk).first()
    url = reverse("admin:articles_article_recover", args=[version.pk])
    return client.post(url, payload_from(helper.get(url)))


def _delete_quietly(article, owner):
    Article.objects.filter(pk=article.pk).delete()


def _share(client, article, helper):
    return client.post(reverse("admin:articles_article_share", args=[article.pk]), {"days": "3"})


def _prepare_revisions(article, owner):
    """A second revision to go back from."""
    article.headline = "Deuxième version"
    services.article_save(article=article, by=owner)


# operation → (how to run it, the article's state beforehand, extra preparation)
OPERATIONS = {
    "edit-draft": (_edit, {"status": Status.DRAFT}, None),
    "edit-published": (_edit, {"status": Status.PUBLISHED}, None),
    "submit": (_transition("submit"), {"status": Status.DRAFT}, None),
    "return-to-draft": (_transition("return-to-draft"), {"status": Status.REVIEW}, None),
    "publish": (_transition("publish"), {"status": Status.REVIEW}, None),
    "schedule": (_transition("schedule", with_time=True), {"status": Status.REVIEW}, None),
    "unpublish": (_transition("unpublish"), {"status": Status.PUBLISHED}, None),
    "embargo": (_transition("embargo", with_time=True), {"status": Status.REVIEW}, None),
    "lift-embargo": (
        _transition("lift-embargo"),
        {"status": Status.REVIEW, "embargo_until": timezone.now() + datetime.timedelta(days=3)},
        None,
    ),
    "bulk-publish": (_bulk_publish, {"status": Status.REVIEW}, None),
    "save-as-new": (_save_as_new, {"status": Status.DRAFT}, None),
    "delete": (_delete, {"status": Status.DRAFT}, None),
    "revert": (_revert, {"status": Status.DRAFT}, _prepare_revisions),
    "share-link": (_share, {"status": Status.REVIEW}, None),
    "recover-deleted": (_recover_deleted, {"status": Status.DRAFT}, _delete_quietly),
}

# What a journalist may do to their own article; to anyone else's, nothing. Editors: all.
JOURNALIST_OWN = {"edit-draft", "submit", "return-to-draft", "revert"}


def allowed(role: str, owner: str, operation: str) -> bool:
    if role == "editor":
        return True
    return owner == "own" and operation in JOURNALIST_OWN


@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("owner", ["own", "other"])
@pytest.mark.parametrize("role", ["journalist", "editor"])
def test_permission_matrix(client, role, owner, operation):
    """Allowed: a redirect and a change in the database. Refused: 403 and nothing changed."""
    user = staff_in("Journalists" if role == "journalist" else "Editors", role)
    someone_else = staff_in("Journalists", "autre-journaliste")
    helper = Client()
    helper.force_login(staff_in("Editors", "aide-formulaire"))
    run, state, prepare = OPERATIONS[operation]
    state = dict(state)
    if state["status"] == Status.PUBLISHED:
        state["published_at"] = timezone.now() - datetime.timedelta(hours=1)
    owner_user = user if owner == "own" else someone_else
    article = article_by(owner_user, **state)
    if prepare:
        prepare(article, owner_user)
    client.force_login(user)
    before = db_state()

    response = run(client, article, helper)

    if allowed(role, owner, operation):
        assert response.status_code == 302, response.content[:2000]
        assert db_state() != before
    else:
        assert response.status_code == 403
        assert db_state() == before


@pytest.mark.parametrize(("role", "status_code"), [("journalist", 403), ("editor", 404)])
def test_an_existing_article_cannot_be_rewritten_through_the_recovery_form(client, role, status_code):
    """A published article's draft version, loaded in reversion's recovery form and saved,
    would put the draft back in place: refused to journalists; editors restore an existing
    article from its comparison page, so the recovery form answers 404 for it."""
    journalist = staff_in("Journalists", "journaliste")
    article = article_by(journalist)
    draft_version = Version.objects.get_for_object(article).first()
    services.article_submit(article=article, by=journalist)
    editor = staff_in("Editors", "redacteur-en-chef")
    services.article_publish(article=article, by=editor, seen_version=article.version)
    client.force_login(journalist if role == "journalist" else editor)
    before = db_state()
    url = reverse("admin:articles_article_recover", args=[draft_version.pk])

    assert client.get(url).status_code == status_code
    assert (
        client.post(url, {"headline": "Ancien brouillon", "status": "draft", "_save": "1"}).status_code == status_code
    )
    assert client.get(reverse("admin:articles_article_recoverlist")).status_code == (
        403 if role == "journalist" else 200
    )
    assert db_state() == before


def test_matrix_covers_every_transition_button():
    """Every operation the change form can show is in the matrix."""
    from articles.workflow import TRANSITIONS as BUTTONS

    assert set(BUTTONS) <= set(OPERATIONS)


def test_journalist_cannot_post_status_published_on_their_own_draft(client):
    """The form's status choice is limited server-side: the post is refused with a form
    error and the draft stays a draft."""
    journalist = staff_in("Journalists", "journaliste")
    article = article_by(journalist)
    client.force_login(journalist)
    data = form_payload(client, article)
    data["status"] = "published"
    before = db_state()

    response = client.post(change_url(article), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"]
    assert db_state() == before


def test_journalist_sees_someone_elses_article_read_only(client):
    """They may read it (view permission) but get no form fields and no workflow buttons."""
    journalist = staff_in("Journalists", "journaliste")
    article = article_by(staff_in("Journalists", "autre"))
    client.force_login(journalist)

    response = client.get(change_url(article))

    assert response.status_code == 200
    assert "headline" not in response.context["adminform"].form.fields
    assert response.context["workflow_operations"] == []
    assert 'name="_save"' not in response.content.decode()


def test_journalist_is_offered_no_bulk_actions(client):
    journalist = staff_in("Journalists", "journaliste")
    article_by(journalist)
    client.force_login(journalist)
    response = client.get(reverse("admin:articles_article_changelist"))
    assert "publish_selected" not in response.content.decode()


def test_editor_sees_transition_buttons_matching_the_state(client):
    editor = staff_in("Editors", "editeur")
    article = article_by(staff_in("Journalists", "journaliste"), status=Status.REVIEW)
    client.force_login(editor)
    response = client.get(change_url(article))
    names = [operation["name"] for operation in response.context["workflow_operations"]]
    assert names == ["return-to-draft", "publish", "schedule", "embargo"]


def test_journalist_removes_a_paragraph_from_their_own_draft(client):
    """The delete permission on blocks lets a journalist drop a paragraph of their draft."""
    journalist = staff_in("Journalists", "journaliste")
    article = article_by(journalist)
    client.force_login(journalist)
    data = form_payload(client, article)
    data["blocks-0-DELETE"] = "on"
    data["faq_entries-0-DELETE"] = "on"

    assert client.post(change_url(article), data).status_code == 302
    assert not article.blocks.exists()
    assert not article.faq_entries.exists()
