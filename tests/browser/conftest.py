"""Browser tests: Debian's Chromium through Playwright, one browser for the whole session.

Chromium is found on PATH (never downloaded by Playwright). Without it these tests skip,
except under CI=true where they fail: CI must not go green without them.
"""

import datetime
import importlib
import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps as global_apps
from django.utils import timezone

from articles.models import Block
from tests import factories, servers

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VNU_JAR = Path(__file__).resolve().parents[2] / "var" / "tools" / "vnu.jar"


def missing(what: str) -> None:
    servers.missing(f"{what} (see README, « Browser tests »)")


@pytest.fixture(scope="session")
def browser():
    # The live server runs in a thread while Playwright's sync API holds an event loop.
    # Restored afterwards so that it never leaks into later tests' subprocesses.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    executable = shutil.which("chromium")
    if executable is None:
        missing("Chromium is not installed: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def vnu_jar():
    if not VNU_JAR.is_file():
        missing(f"The Nu HTML Checker is missing at {VNU_JAR}: run scripts/fetch-vnu")
    if shutil.which("java") is None:
        missing("Java is not installed: apt-get install -y default-jre-headless")
    return VNU_JAR


@pytest.fixture
def roles(transactional_db):
    """The journalist and editor roles with their permissions, as the migrations make them: a
    transactional test may start from an emptied database, where « editor » would exist
    without its permissions or not at all, depending on which test ran before."""
    importlib.import_module("articles.migrations.0003_roles").create_roles(global_apps, None)
    importlib.import_module("articles.migrations.0005_workflow_roles").grant(global_apps, None)


@pytest.fixture
def site(live_server, transactional_db):
    """A small published site with every kind of public page, and their paths."""
    author = factories.person(name="Camille Exemple")
    weng = factories.person(
        name="Lilian Weng",
        short_description="chercheuse en sécurité de l’IA",
        portrait=factories.image(size=(400, 400), alt_text="Illustration : initiales LW sur fond bleu"),
    )
    weng.tags.add("sécurité de l’IA")
    openai = factories.organisation(name="OpenAI")
    anthropic = factories.organisation(name="Anthropic")
    factories.career_entry(
        person=weng,
        organisation=openai,
        role_title="VP recherche",
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2024, 11, 15),
        end_precision="day",
        destination=anthropic,
    )
    section = factories.section(name="Intelligence artificielle", slug="intelligence-artificielle")
    articles = []
    for index in range(12):
        article = factories.article(
            headline=f"OpenAI : départ numéro {index} dans l’équipe sécurité",
            standfirst="Nouveau rebondissement dans la saga OpenAI : une figure de la sécurité de l’IA s’en va.",
            section=section,
            authors=[author],
            people=[weng],
            tags=["sécurité de l’IA"],
            published_at=timezone.now() - datetime.timedelta(days=index + 1),
        )
        articles.append(article)
    first = articles[0]
    # Pictures: a hero (also on the home page's first card) and an image block.
    first.hero_image = factories.image(
        size=(1600, 900), alt_text="Le siège d’OpenAI", caption="Le siège", credit="Photo : Démo"
    )
    first.save()
    factories.block(first, kind=Block.Kind.HEADING, text="Un départ qui fait des vagues")
    factories.block(first, kind=Block.Kind.IMAGE, image=factories.image(alt_text="Un graphique des départs"))
    for index in range(8):
        factories.block(
            first,
            text=(
                f"<p>Paragraphe {index} : « Après 7 ans chez OpenAI, je me sens prête à repartir de zéro » – "
                "une longue histoire de sécurité.</p>"
            ),
        )
    factories.block(first, kind=Block.Kind.QUOTE, text="Je me sens prête à repartir de zéro.", speaker=weng, source="X")
    factories.block(first, kind=Block.Kind.TIMELINE, timeline_person=weng)
    factories.faq_entry(first, question="Pourquoi part-elle ?", answer="<p>Pour explorer de nouveaux horizons.</p>")
    return {
        "url": live_server.url,
        "pages": {
            "home": "/",
            "article": first.get_absolute_url(),
            "person": weng.get_absolute_url(),
            "organisation": openai.get_absolute_url(),
            "tag": "/mots-cles/securite-de-lia/",
            "section": section.get_absolute_url(),
            "search": "/recherche/?q=s%C3%A9curit%C3%A9",
            "404": "/nulle-part/",
            "home-en": "/en/",
            "article-en": "/en" + first.get_absolute_url(),
        },
    }
