"""The strict Content-Security-Policy, as Chromium enforces it: no page a reader or an editor
opens has anything blocked (axe's tests inject a script and so run with the policy bypassed;
these do not)."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from articles.models import Article
from newsroom.models import Image

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
            reverse("admin:newsroom_image_change", args=[Image.objects.first().pk]),
            reverse("admin:taggit_tag_changelist"),
        ]
        for path in paths:
            assert violations_on(context, site["url"] + path) == [], path
    finally:
        context.close()
