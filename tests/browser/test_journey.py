"""The journalist's day, counted: a story of the seed's shape entered from an empty database,
submitted, published by an editor and read on the public page.

Every gesture goes through ``Journey``, which counts it as the issue's rules do: each click,
field filled, option chosen and keyboard shortcut, sign-ins included; and each form
submission, with those the server refused. The story is fictional.
"""

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article
from people.models import CareerEntry, Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "une-phrase-de-passe-assez-longue"
# What the issue allows; the floor (the values to type or choose) is about 60.
MOST_ACTIONS = 75

STANDFIRST = (
    "Après neuf ans au Laboratoire Orion, la vice-présidente sécurité rejoint Nexa Robotique. "
    "Un départ de plus dans une équipe qui en a connu plusieurs cette année."
)
# Typed as a journalist would, ** around a word making it bold.
PARAGRAPH_TYPED = "Ce lundi, Élise Fictive a annoncé son départ du laboratoire, **effectif** dès le mois prochain. "
FAQ = [
    ("Où va Élise Fictive ?", "Elle rejoint Nexa Robotique comme directrice scientifique."),
    ("Qui d’autre est parti ?", "Marc Exemple et Inès Modèle, au printemps."),
]


class Journey:
    """A signed-in browser whose every gesture is counted."""

    def __init__(self, browser, url):
        self.url = url
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
        self.page = self.context.new_page()
        self.actions = 0
        self.submissions = 0
        self.refused = []
        self.csp = []
        self.page.on(
            "console",
            lambda message: self.csp.append(message.text) if "Content Security Policy" in message.text else None,
        )

    # The gestures.

    def goto(self, path):
        """Following a link the journalist knows (an address, a bookmark, the admin's menu)."""
        self.actions += 1
        self.page.goto(self.url + path)

    def click(self, locator):
        self.actions += 1
        locator.click()

    def fill(self, locator, value):
        self.actions += 1
        locator.fill(value)

    def keys(self, locator, value):
        """Typing into a field key by key, as the slug follows the headline."""
        self.actions += 1
        locator.press_sequentially(value)

    def type(self, locator, value):
        """Typing into a rich-text editor, keystroke by keystroke (its shortcuts work)."""
        self.actions += 1
        locator.click()
        self.page.keyboard.type(value)

    def choose(self, locator, label):
        self.actions += 1
        locator.select_option(label=label)

    def submit(self, locator):
        """A click that sends the form: refused when the page comes back with errors."""
        self.actions += 1
        self.submissions += 1
        with self.page.expect_navigation():
            locator.click()
        note = self.page.locator(".errornote, .errorlist")
        if note.count():
            self.refused.append(note.first.inner_text())

    def sign_in(self, username):
        self.goto("/admin/login/?next=/admin/")
        self.fill(self.page.locator("#id_username"), username)
        self.fill(self.page.locator("#id_password"), PASSWORD)
        self.submit(self.page.locator("input[type=submit]"))


@pytest.fixture
def newsroom(live_server, roles):
    for username, group in (("journaliste", "Journalists"), ("editrice", "Editors")):
        user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
    return live_server.url


def career_row(page, index):
    return page.locator(f"#careers-{index}")


def test_a_journalist_enters_a_whole_story_in_at_most_75_actions(browser, newsroom):
    journalist = Journey(browser, newsroom)
    page = journalist.page
    journalist.sign_in("journaliste")

    # Two organisations, one after the other.
    journalist.goto("/admin/people/organisation/add/")
    journalist.fill(page.locator("#id_name"), "Laboratoire Orion")
    journalist.submit(page.locator("input[name=_addanother]"))
    journalist.fill(page.locator("#id_name"), "Nexa Robotique")
    journalist.submit(page.locator("input[name=_save]"))

    # The person, her five roles typed as text; the promotions close the role before.
    journalist.goto("/admin/people/person/add/")
    journalist.fill(page.locator("#id_name"), "Élise Fictive")
    roles = [
        ("Laboratoire Orion", "stagiaire de recherche", "2015"),
        (None, "chercheuse", "02/2017"),
        (None, "responsable d’équipe", "mars 2019"),
        (None, "vice-présidente sécurité", "1er mars 2022"),
        ("Nexa Robotique", "directrice scientifique", "2024-12-01"),
    ]
    prefix = page.locator(".inline-group[id$='-group']").first.get_attribute("id").removesuffix("-group")
    for index, (organisation, role, start) in enumerate(roles):
        row = page.locator(f"#{prefix}-{index}")
        journalist.fill(row.locator("[name$='-role_title']"), role)
        if organisation:
            journalist.choose(row.locator("select[name$='-organisation']"), organisation)
        journalist.fill(row.locator("[name$='-start']"), start)
        if organisation is None:
            journalist.click(page.get_by_role("button", name="Clore ce rôle"))
    journalist.fill(page.locator(f"#{prefix}-3").locator("[name$='-end']"), "novembre 2024")
    journalist.submit(page.locator("input[name=_addanother]"))

    # Two departures known only by their month.
    for name, role, end, button in (
        ("Marc Exemple", "responsable de l’infrastructure", "mars 2024", "_addanother"),
        ("Inès Modèle", "chercheuse en alignement", "06/2024", "_save"),
    ):
        journalist.fill(page.locator("#id_name"), name)
        row = page.locator(f"#{prefix}-0")
        journalist.fill(row.locator("[name$='-role_title']"), role)
        journalist.choose(row.locator("select[name$='-organisation']"), "Laboratoire Orion")
        journalist.fill(row.locator("[name$='-end']"), end)
        journalist.submit(page.locator(f"input[name={button}]"))

    assert journalist.refused == [], journalist.refused
    elise = Person.objects.get(name="Élise Fictive")
    assert list(
        CareerEntry.objects.filter(person=elise)
        .order_by("start_date")
        .values_list("role_title", "start_precision", "end_date", "end_precision")
    ) == [
        ("stagiaire de recherche", "year", CareerEntry.objects.get(role_title="chercheuse").start_date, "month"),
        ("chercheuse", "month", CareerEntry.objects.get(role_title="responsable d’équipe").start_date, "month"),
        (
            "responsable d’équipe",
            "month",
            CareerEntry.objects.get(role_title="vice-présidente sécurité").start_date,
            "day",
        ),
        (
            "vice-présidente sécurité",
            "day",
            CareerEntry.objects.get(role_title="vice-présidente sécurité").end_date,
            "month",
        ),
        ("directrice scientifique", "day", None, "year"),
    ]

    # The list of notable departures, chosen row after row.
    journalist.goto("/admin/people/peoplelist/add/")
    journalist.fill(page.locator("#id_title"), "Départs notables")
    journalist.choose(page.locator("#id_organisation"), "Laboratoire Orion")
    for index, name in enumerate(["Élise Fictive", "Marc Exemple", "Inès Modèle"]):
        journalist.choose(page.locator(f"select[name='members-{index}-person']"), name)
    journalist.submit(page.locator("input[name=_save]"))
    assert journalist.refused == [], journalist.refused

    # The article: seven typed blocks, a FAQ, tags; then sent to the desk.
    journalist.goto("/admin/articles/article/add/")
    journalist.keys(page.locator("#id_headline"), "Élise Fictive quitte le Laboratoire Orion pour Nexa Robotique")
    journalist.fill(page.locator("#id_standfirst"), STANDFIRST)
    journalist.fill(page.locator("#id_tags"), "robotique, sécurité des robots")

    def add_block(label):
        journalist.click(page.get_by_role("button", name=label, exact=True))
        return page.locator(".block-row.dynamic-blocks").last

    journalist.fill(add_block("+ Intertitre").locator("input[name$='-text']"), "Un départ attendu")
    journalist.type(add_block("+ Paragraphe").locator(".ProseMirror"), PARAGRAPH_TYPED)
    quote = add_block("+ Citation")
    journalist.type(quote.locator(".ProseMirror"), "Je pars l’esprit tranquille.")
    journalist.choose(quote.locator("select[name$='-speaker']"), "Élise Fictive")
    journalist.choose(
        add_block("+ Parcours d’une personne").locator("select[name$='-timeline_person']"), "Élise Fictive"
    )
    journalist.fill(add_block("+ Intertitre").locator("input[name$='-text']"), "D’autres départs avant elle")
    journalist.choose(
        add_block("+ Liste de personnes et rôles").locator("select[name$='-people_list']"),
        "Départs notables (Laboratoire Orion)",
    )
    journalist.type(add_block("+ Paragraphe").locator(".ProseMirror"), "Le laboratoire dit préparer sa succession.")
    for index, (question, answer) in enumerate(FAQ):
        journalist.fill(page.locator(f"#id_faq_entries-{index}-question"), question)
        journalist.type(page.locator(f"#faq_entries-{index} .ProseMirror"), answer)
    journalist.submit(page.locator("input[name=_submit_review]"))
    assert journalist.refused == [], journalist.refused
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    journalist.context.close()

    # The editor opens it from the link she was sent and publishes it.
    editor = Journey(browser, newsroom)
    change = f"/admin/articles/article/{article.pk}/change/"
    editor.goto(f"/admin/login/?next={change}")
    editor.fill(editor.page.locator("#id_username"), "editrice")
    editor.fill(editor.page.locator("#id_password"), PASSWORD)
    editor.submit(editor.page.locator("input[type=submit]"))
    editor.submit(editor.page.get_by_role("button", name="Publier maintenant"))
    assert editor.refused == [], editor.refused
    editor.context.close()

    # A reader sees every element of the story on its page.
    reader = browser.new_context(locale="fr-FR")
    story = reader.new_page()
    story.goto(newsroom + Article.objects.get().get_absolute_url())
    body = story.locator("main")
    assert story.locator("h1").inner_text() == "Élise Fictive quitte le Laboratoire Orion pour Nexa Robotique"
    assert body.get_by_text("Après neuf ans au Laboratoire Orion").count() == 1
    assert body.locator("h2", has_text="Un départ attendu").count() == 1
    assert body.locator("h2", has_text="D’autres départs avant elle").count() == 1
    assert body.locator("p strong").inner_text() == "effectif"
    quote = body.locator("figure.quote")
    assert "Je pars l’esprit tranquille." in quote.locator("blockquote").inner_text()
    assert quote.locator("figcaption").inner_text() == "Élise Fictive"
    timeline = body.locator("ol.timeline li").all_inner_texts()
    assert [line.split(" : ")[0] for line in timeline] == [
        "2015",
        "février 2017",
        "mars 2019",
        "1er mars 2022",
        "1er décembre 2024",
    ]
    assert "directrice scientifique" in timeline[-1]
    members = body.locator("ul.people-list li").all_inner_texts()
    assert [line.split(" – ")[0] for line in members] == ["Élise Fictive", "Marc Exemple", "Inès Modèle"]
    for question, answer in FAQ:
        assert body.get_by_text(question).count() >= 1 and body.get_by_text(answer).count() >= 1
    assert story.locator("a[rel=tag]", has_text="robotique").count() == 1
    reader.close()

    actions = journalist.actions + editor.actions
    print(
        f"\njourney: {journalist.actions} + {editor.actions} = {actions} actions, "
        f"{journalist.submissions + editor.submissions} submissions, none refused"
    )
    assert journalist.csp == [] and editor.csp == []
    assert actions <= MOST_ACTIONS
