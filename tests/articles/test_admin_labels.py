"""The admin's words as a journalist reads them: the live character counts under the
article's titles and standfirst (their server-rendered part; typing is in
tests/browser/test_editor_forms.py)."""

import lxml.html
import pytest
from django.urls import reverse

from tests.articles.workflow_support import article_by, client_for, form_payload, staff_in

pytestmark = pytest.mark.django_db


def parsed(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


@pytest.fixture
def journalist():
    return staff_in("Journalists", "journaliste")


# The character counts, as the server renders them.

COUNTED = {"headline": 90, "seo_title": 60, "social_title": 90, "standfirst": 280}


def test_titles_and_standfirst_carry_their_recommended_length(journalist):
    page = parsed(client_for(journalist).get(reverse("admin:articles_article_add")))
    for name, recommended in COUNTED.items():
        field = page.get_element_by_id(f"id_{name}")
        assert field.get("data-char-count") == str(recommended)
        assert f"id_{name}_count" in field.get("aria-describedby").split()
        counter = page.get_element_by_id(f"id_{name}_count")
        assert counter.get("aria-live") == "polite"
        assert counter.xpath("string(.//*[@class='char-count-shown'])") == f"0 / {recommended} caractères recommandés"
        assert "over" not in counter.get("class")
    # A recommendation, not a limit: the model's maximum stays the browser's only one.
    assert page.get_element_by_id("id_headline").get("maxlength") == "300"


def test_a_text_over_its_recommendation_is_flagged_in_words_and_still_saved(journalist):
    client = client_for(journalist)
    article = article_by(journalist, headline="Titre " * 20)  # 120 characters
    page = parsed(client.get(reverse("admin:articles_article_change", args=[article.pk])))
    counter = page.get_element_by_id("id_headline_count")
    assert "over" in counter.get("class").split()
    assert counter.xpath("string(.//*[@class='char-count-shown'])") == (
        "Trop long : 120 / 90 caractères recommandés (30 de trop)"
    )
    data = form_payload(client, article)
    data["headline"] = ("Un très long titre " * 14).strip()  # 265 characters: long, under the model's 300
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == data["headline"]
