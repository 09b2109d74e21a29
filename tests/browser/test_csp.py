"""The strict Content-Security-Policy, as Chromium enforces it: no page a reader or an editor
opens has anything blocked (axe's tests inject a script and so run with the policy bypassed;
these do not)."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Block, FaqEntry
from newsroom.models import Image
from people.models import Person
from tests import factories
from tests.browser.test_rich_text import editor_in, save, signed_in, type_and_bold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "une-phrase-de-passe-assez-longue"


def violations_on(context, url) -> list[str]:
    """CSP violations the page reports: console errors and securitypolicyviolation events."""
    page = context.new_page()
    seen = []
    page.on(
        "console",
        lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    page.close()
    return seen


def test_public_pages_run_under_the_policy_with_nothing_blocked(browser, site):
    context = browser.new_context()
    try:
        for name, path in site["pages"].items():
            if name == "404":
                continue
            assert violations_on(context, site["url"] + path) == [], name
    finally:
        context.close()


def test_admin_pages_run_under_the_policy_with_nothing_blocked(browser, site):
    """The editor's working pages, scripts included (inline sorting, tag suggestions, focal point)."""
    editor = User.objects.create_user("editrice", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
    editor.is_superuser = True  # the transactional test's database has no roles: see everything
    editor.save()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site["url"] + "/admin/login/")
        page.fill("#id_username", "editrice")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(site["url"] + "/admin/")
        page.close()
        article = Article.objects.filter(hero_image__isnull=False).get()  # the site's article with everything
        paths = [
            reverse("admin:index"),
            reverse("admin:articles_article_changelist"),
            reverse("admin:articles_article_add"),
            reverse("admin:articles_article_change", args=[article.pk]),
            reverse("admin:articles_article_compare", args=[article.pk]),
            reverse("admin:people_person_changelist"),
            reverse("admin:people_person_add"),
            reverse("admin:people_person_change", args=[Person.objects.get(name="Lilian Weng").pk]),
            reverse("admin:newsroom_image_change", args=[Image.objects.first().pk]),
            reverse("admin:taggit_tag_changelist"),
        ]
        for path in paths:
            assert violations_on(context, site["url"] + path) == [], path
    finally:
        context.close()


def test_the_rich_text_editor_works_under_the_policy_with_nothing_blocked(browser, live_server):
    """Typed, bolded and saved in each form that has it: a body paragraph and a quote, an FAQ
    answer, one added with « Ajouter une question de la FAQ », a biography. Tiptap's own <style>
    is the nonce'd one in admin/base_site.html, its CSS a static file (newsroom/richtext.py)."""
    article = factories.article(headline="Un départ", status=Article.Status.DRAFT)
    paragraph = factories.block(article, text="<p>Lilian Weng quitte OpenAI.</p>")
    quote = factories.block(article, kind=Block.Kind.QUOTE, text="Je pars.", speaker_name="Lilian Weng")
    entry = factories.faq_entry(article, question="Pourquoi ?", answer="<p>Pour explorer.</p>")
    person = factories.person(name="Lilian Weng", biography="Chercheuse.\n\nElle dirige une équipe.")
    context, page, violations = signed_in(browser, live_server.url)

    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    type_and_bold(page, "#blocks-0-fields", "après sept ans")
    type_and_bold(page, "#blocks-1-fields", "Pour de bon")
    type_and_bold(page, "#faq_entries-0", "de nouveaux horizons")
    page.get_by_role("button", name="Ajouter une question de la FAQ").click()
    page.fill("#id_faq_entries-1-question", "Et ensuite ?")
    type_and_bold(page, "#faq_entries-1", "Anthropic")
    save(page)

    paragraph.refresh_from_db()
    quote.refresh_from_db()
    entry.refresh_from_db()
    assert paragraph.text == "<p>Lilian Weng quitte OpenAI. après sept <strong>ans</strong></p>"
    assert quote.text == "<p>Je pars. Pour de <strong>bon</strong></p>"
    assert entry.answer == "<p>Pour explorer. de nouveaux <strong>horizons</strong></p>"
    # Saved with French typography: a narrow no-break space before « ? ».
    added = FaqEntry.objects.get(article=article, question="Et ensuite\u202f?")
    assert added.answer == "<p><strong>Anthropic</strong></p>"

    page.goto(live_server.url + reverse("admin:people_person_change", args=[person.pk]))
    expect(editor_in(page, ".field-biography").locator("p")).to_have_count(2)
    type_and_bold(page, ".field-biography", "de recherche")
    save(page)

    person.refresh_from_db()
    assert person.biography == "<p>Chercheuse.</p><p>Elle dirige une équipe. de <strong>recherche</strong></p>"
    assert violations == [], "\n".join(violations)
    context.close()
