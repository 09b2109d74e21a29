"""Every public page: no axe-core violation (WCAG 2.x A and AA) in light and dark mode, no
Nu HTML Checker error, and the reader's controls (skip link, focus, back to top, small
screens, print) working in a real browser."""

import json
import subprocess
import urllib.error
import urllib.request

import pytest
from axe_playwright_python.sync_playwright import Axe

# Serialized rollback: each test starts from the migrated database (roles, content types)
# and leaves it so, whatever transactional test (the backup's restore) runs next.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def open_page(browser, url, **context_options):
    context = browser.new_context(bypass_csp=True, **context_options)
    page = context.new_page()
    page.goto(url)
    return context, page


def axe_violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in results.response["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violation_on_any_public_page(browser, site, scheme):
    failures = {}
    for name, path in site["pages"].items():
        context, page = open_page(browser, site["url"] + path, color_scheme=scheme)
        violations = axe_violations(page)
        context.close()
        if violations:
            failures[name] = violations
    assert failures == {}


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url) as response:
            return response.read().decode()
    except urllib.error.HTTPError as error:  # the 404 page is validated too
        return error.read().decode()


def test_no_nu_html_checker_error_on_any_public_page(site, vnu_jar, tmp_path):
    files = []
    for name, path in site["pages"].items():
        file = tmp_path / f"{name}.html"
        file.write_text(fetch(site["url"] + path), encoding="utf-8")
        files.append(str(file))
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == []


def test_skip_link_moves_focus_to_main(browser, site):
    context, page = open_page(browser, site["url"] + site["pages"]["article"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    context.close()


def test_focused_links_get_a_visible_outline(browser, site):
    context, page = open_page(browser, site["url"] + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    width = page.evaluate("parseFloat(getComputedStyle(document.activeElement).outlineWidth)")
    assert style != "none" and width >= 2
    context.close()


def test_back_to_top_returns_to_the_top(browser, site):
    context, page = open_page(browser, site["url"] + site["pages"]["article"], viewport={"width": 1024, "height": 600})
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("window.scrollY > 300")
    link = page.locator(".back-to-top")
    link.wait_for(state="visible")
    link.click()
    page.wait_for_function("window.scrollY === 0", timeout=5000)
    context.close()


@pytest.mark.parametrize("name", ["home", "article", "organisation", "search"])
def test_no_horizontal_scroll_at_375_pixels(browser, site, name):
    context, page = open_page(browser, site["url"] + site["pages"][name], viewport={"width": 375, "height": 740})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    context.close()


def test_print_stylesheet_hides_the_navigation(browser, site):
    context, page = open_page(browser, site["url"] + site["pages"]["article"])
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden() and page.locator(".back-to-top").is_hidden()
    assert page.locator("h1").is_visible()
    context.close()
