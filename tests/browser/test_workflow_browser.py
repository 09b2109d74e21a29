"""The editorial workflow in a real browser: a journalist writes and submits an article, an
editor publishes it, and an anonymous reader finds it on the home page."""

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article

# Serialized rollback: each test starts from the migrated database (roles, content types)
# and leaves it so, whatever transactional test (the backup's restore) runs next.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "une-phrase-de-passe-assez-longue"
HEADLINE = "La rédaction teste son circuit de publication"


@pytest.fixture
def newsroom(live_server, roles):
    """The two roles (a transactional test starts from an empty database) and one account each."""
    accounts = {}
    for username, group in (("journaliste", "Journalists"), ("editrice", "Editors")):
        user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        accounts[username] = user
    return live_server.url


def log_in(browser, url, username):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{url}/admin/")
    return context, page


def test_journalist_submits_editor_publishes_reader_sees_it(browser, newsroom):
    url = newsroom

    # The journalist writes the article and submits it for review.
    context, page = log_in(browser, url, "journaliste")
    page.goto(f"{url}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially(HEADLINE)
    # The slug is filled in from the headline by the admin's script.
    assert page.input_value("#id_slug") == "la-redaction-teste-son-circuit-de-publication"
    page.fill("#id_standfirst", "Du brouillon à la une, sans rien perdre en route.")
    assert page.locator("#id_status option").all_inner_texts() == ["brouillon", "en relecture"]
    page.click("input[name=_continue]")
    page.get_by_role("button", name="Soumettre à la relecture", exact=True).click()
    assert page.locator(".workflow-status").inner_text() == "en relecture"
    # Publishing is not offered to a journalist.
    assert page.get_by_role("button", name="Publier maintenant").count() == 0
    context.close()
    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Article.Status.REVIEW

    # Not yet on the site.
    reader = browser.new_context()
    home = reader.new_page()
    home.goto(f"{url}/")
    assert HEADLINE not in home.content()

    # The editor reviews it (the preview) and publishes it.
    context, page = log_in(browser, url, "editrice")
    page.goto(f"{url}/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="Aperçu").click()
    assert page.locator(".preview-banner").is_visible()
    page.go_back()
    page.get_by_role("button", name="Publier maintenant").click()
    assert page.locator(".workflow-status").inner_text() == "publié"
    context.close()

    # An anonymous reader sees it on the home page and opens it.
    home.goto(f"{url}/")
    home.get_by_role("link", name=HEADLINE).click()
    assert home.locator("h1").inner_text() == HEADLINE
    assert home.locator(".preview-banner").count() == 0
    reader.close()
