"""No lost edits: two people save the same article; the second save is refused with what
changed meanwhile, keeps their input, and goes through once they save again knowingly."""

import pytest
from django.core.cache import cache

from articles import presence
from tests.articles.workflow_support import article_by, change_url, client_for, form_payload, payload_from, staff_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return staff_in("Editors", "alice")


@pytest.fixture
def bruno():
    user = staff_in("Editors", "bruno")
    user.first_name, user.last_name = "Bruno", "Relecteur"
    user.save()
    return user


def test_second_save_is_refused_with_the_changes_and_keeps_the_input(alice, bruno):
    article = article_by(alice, headline="Titre d’origine", slug="conflit")
    first, second = client_for(bruno), client_for(alice)
    bruno_data = form_payload(first, article)
    alice_data = form_payload(second, article)

    # Bruno saves first: a new headline and a new paragraph text.
    bruno_data["headline"] = "Titre de Bruno"
    bruno_data["blocks-0-text"] = "Paragraphe réécrit par Bruno."
    assert first.post(change_url(article), bruno_data).status_code == 302

    # Alice, who loaded the form before, changes the standfirst and saves.
    alice_data["standfirst"] = "Chapeau d’Alice."
    response = second.post(change_url(article), alice_data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Entre-temps, Bruno Relecteur a enregistré cet article" in content
    assert "Champs modifiés : titre, Corps de l’article." in content
    # What Bruno changed is shown, old and new.
    assert "Titre d’origine" in content and "Titre de Bruno" in content
    assert "Paragraphe réécrit par Bruno." in content
    # Alice's input is still in the form.
    assert response.context["adminform"].form["standfirst"].value() == "Chapeau d’Alice."
    article.refresh_from_db()
    assert (article.headline, article.standfirst) == ("Titre de Bruno", "Un chapeau.")
    assert article.blocks.get().text == "Paragraphe réécrit par Bruno."

    # Saving again, knowingly, replaces Bruno's version with hers.
    again = payload_from(response)
    assert again["standfirst"] == "Chapeau d’Alice."
    assert second.post(change_url(article), again).status_code == 302
    article.refresh_from_db()
    assert article.standfirst == "Chapeau d’Alice."
    assert article.headline == "Titre d’origine"


def test_a_transition_meanwhile_also_counts_as_a_change(alice, bruno):
    """A status change by someone else (here: submitted for review) refuses a stale save too."""
    journalist = staff_in("Journalists", "journaliste")
    article = article_by(journalist, slug="soumis")
    mine = client_for(journalist)
    data = form_payload(mine, article)
    assert mine.post(f"/admin/articles/article/{article.pk}/workflow/submit/").status_code == 302
    data["headline"] = "Nouveau titre"
    response = mine.post(change_url(article), data)
    assert response.status_code == 200
    assert "statut" in response.context["adminform"].form.non_field_errors()[0]
    article.refresh_from_db()
    assert article.headline != "Nouveau titre"


def test_presence_shows_who_else_has_the_form_open(alice, bruno, monkeypatch):
    article = article_by(alice, slug="presence")
    client_for(bruno).get(change_url(article))

    content = client_for(alice).get(change_url(article)).content.decode()
    assert "En cours de modification par Bruno Relecteur depuis" in content
    # Kept in the shared cache, not in this process.
    assert cache.get(f"article-presence:{article.pk}")

    # Bruno does not see himself; Alice is shown to him instead.
    content = client_for(bruno).get(change_url(article)).content.decode()
    assert "par alice depuis" in content and "par Bruno Relecteur" not in content

    # Ten minutes without loading the page: forgotten.
    import time

    later = time.time() + presence.PRESENCE_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert presence.others(article_id=article.pk, user=alice) == []
