"""The typed block editor in a real browser: add by kind, fold to a summary, reorder with the
keyboard, remove; and the seed article's change form fits three screens."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from articles.models import Article, Block
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "une-phrase-de-passe-assez-longue"


def signed_in(browser, url, username, path):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{url}/admin/login/?next={path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{url}{path}")
    return context, page


@pytest.fixture
def draft(live_server, roles):
    call_command("loaddemo", "--users", "--password", PASSWORD, verbosity=0)
    journalist = User.objects.get(username="journalist")
    article = factories.article(status=Article.Status.DRAFT, created_by=journalist, headline="Un brouillon")
    for text in ("Premier paragraphe.", "Deuxième paragraphe.", "Troisième paragraphe."):
        factories.block(article, text=f"<p>{text}</p>")
    return live_server.url, article


def texts(article):
    return list(article.blocks.order_by("position").values_list("kind", "text"))


def test_blocks_are_added_by_kind_folded_moved_with_the_keyboard_and_removed(browser, draft):
    url, article = draft
    context, page = signed_in(browser, url, "journalist", f"/admin/articles/article/{article.pk}/change/")
    rows = page.locator("#blocks-group .block-row:not(.empty-form)")

    # Saved blocks start folded, each a line saying what it holds.
    assert rows.first.locator(".block-toggle").get_attribute("aria-expanded") == "false"
    assert rows.first.locator(".block-summary").inner_text().strip() == "— Premier paragraphe."
    assert not rows.first.locator(".ProseMirror").is_visible()

    # A heading is added by its kind: only its one line shows, and it has the focus.
    page.get_by_role("button", name="+ Intertitre", exact=True).click()
    new = page.locator("#" + rows.last.get_attribute("id"))
    assert new.locator("input[name$='-text']").evaluate("element => element === document.activeElement")
    assert new.locator("select, .ProseMirror").count() == 0
    fields_id = new.locator(".block-toggle").get_attribute("aria-controls")
    assert fields_id == new.get_attribute("id") + "-fields" and page.locator(f"#{fields_id}").count() == 1
    page.keyboard.type("Un intertitre ajouté")

    # Moved up three times with the keyboard: focus its « Monter » button and press Enter.
    up = new.get_by_role("button", name="Monter")
    for _ in range(3):
        up.focus()
        page.keyboard.press("Enter")
    # Folded, it says what it holds.
    new.locator(".block-toggle").click()
    assert new.locator(".block-summary").inner_text().strip() == "— Un intertitre ajouté"

    # A quote added by mistake is removed before saving; the second paragraph is deleted.
    page.get_by_role("button", name="+ Citation", exact=True).click()
    page.keyboard.type("Une phrase de trop.")
    rows.last.locator(".inline-deletelink").click()
    rows.nth(2).locator("input[name$='-DELETE']").check()
    page.click("input[name=_continue]")

    assert page.locator(".errornote").count() == 0
    assert texts(article) == [
        (Block.Kind.HEADING, "Un intertitre ajouté"),
        (Block.Kind.PARAGRAPH, "<p>Premier paragraphe.</p>"),
        (Block.Kind.PARAGRAPH, "<p>Troisième paragraphe.</p>"),
    ]
    context.close()


def test_the_seed_articles_change_form_fits_three_screens_with_its_blocks_folded(browser, draft):
    url, _article = draft
    seed = Article.objects.exclude(headline="Un brouillon").get()
    context, page = signed_in(browser, url, "editor", f"/admin/articles/article/{seed.pk}/change/")
    page.get_by_role("button", name="Tout replier").click()

    height = page.evaluate("document.documentElement.scrollHeight")
    size = len(page.request.get(f"{url}/admin/articles/article/{seed.pk}/change/").body())
    print(f"\nseed article's change form: {size} bytes, {height} px at 1400 × 900")
    # About 22,700 px and 510 KB when every block showed every kind's fields.
    assert height <= 3 * 900
    assert size <= 200_000
    context.close()


def test_the_cited_people_boxes_are_wide_even_when_empty(browser, draft):
    url, _article = draft
    context, page = signed_in(browser, url, "journalist", "/admin/articles/article/add/")
    for field in ("authors", "people", "organisations"):
        # An empty select2 box once collapsed to a sliver, too small to click.
        assert page.locator(f".field-{field} .select2-container").bounding_box()["width"] > 600, field
    context.close()
