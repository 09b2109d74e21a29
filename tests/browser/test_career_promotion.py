"""The promotion offer on a person's career rows, in Chromium: a later role at the same
organisation offers to close the open one on its start date, before anything is saved."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from newsroom.short_choices import ShortChoicesAdminMixin
from people.dates import Precision
from people.models import CareerEntry
from tests import factories

# Serialized rollback: each test starts from the migrated database (roles, content types)
# and leaves it so, whatever transactional test runs next.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "une-phrase-de-passe-assez-longue"
OFFER = "Clore « Chercheuse » (depuis 2015) en février 2019 ?"


@pytest.fixture
def career(live_server, roles, monkeypatch):
    """A researcher at a lab since 2015, still there; the lab and a rival exist; a journalist.
    Organisations are chosen in the autocomplete box, as in a newsroom with many of them (a
    short table is a plain menu: the journey test takes that path)."""
    monkeypatch.setattr(ShortChoicesAdminMixin, "short_choices", 0)
    user = User.objects.create_user("journaliste", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Journalists"))
    # Not public yet: the journalist's saves apply at once, without an editor's review.
    person = factories.person(name="Lilian Weng", is_public=False)
    lab = factories.organisation(name="Laboratoire Lumière")
    factories.organisation(name="Rival Industries")
    researcher = factories.career_entry(
        person=person, organisation=lab, role_title="Chercheuse", start_date=datetime.date(2015, 1, 1)
    )
    return {"url": live_server.url, "person": person, "lab": lab, "researcher": researcher}


@pytest.fixture
def page(browser, career):
    """The person's change form, signed in as the journalist; CSP violations are collected."""
    context = browser.new_context()
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: page.csp_violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto(f"{career['url']}/admin/login/")
    page.fill("#id_username", "journaliste")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{career['url']}/admin/")
    page.goto(career["url"] + reverse("admin:people_person_change", args=[career["person"].pk]))
    yield page
    context.close()


def add_row(page, *, start: str, organisation: str, role: str = "Directrice") -> str:
    """Adds a career row, types its start, then picks its organisation in the autocomplete box
    (so the offer has to follow select2's events); returns the row's id."""
    page.locator("#career_entries-group .add-row a").click()
    row_id = page.locator("#career_entries-group .inline-related:not(.empty-form)").last.get_attribute("id")
    # By its id: typing in the last row makes a new empty one after it (inline-rows.js).
    row = page.locator(f"#{row_id}")
    row.locator("[name$='-role_title']").fill(role)
    row.locator("[name$='-start']").fill(start)
    row.locator(".field-organisation .select2-selection").click()
    page.locator(".select2-search__field").fill(organisation.split()[0])
    page.locator(".select2-results__option", has_text=organisation).click()
    return row_id


def test_a_later_role_at_the_same_organisation_offers_to_close_the_open_one(page, career):
    row_id = add_row(page, start="février 2019", organisation="Laboratoire Lumière")

    offer = page.locator(f"#{row_id} .career-promotion-offer")
    assert offer.inner_text().startswith(OFFER)
    offer.get_by_role("button", name="Clore ce rôle").click()

    # Filled in, not saved: the journalist still sees and can change it before saving.
    assert page.input_value("#id_career_entries-0-end") == "février 2019"
    assert page.locator(".career-promotion-offer").count() == 0
    assert "« Chercheuse » prendra fin en février 2019" in page.locator(f"#{row_id} .career-promotion").inner_text()
    assert not CareerEntry.objects.get(pk=career["researcher"].pk).end_date

    page.click("input[name=_save]")
    page.wait_for_url("**/admin/people/person/")
    researcher = CareerEntry.objects.get(pk=career["researcher"].pk)
    assert (researcher.end_date, researcher.end_precision) == (datetime.date(2019, 2, 1), Precision.MONTH)
    assert researcher.ended
    # A promotion is not a departure.
    assert researcher.destination is None and researcher.announced_on is None
    director = CareerEntry.objects.get(role_title="Directrice")
    assert director.organisation == career["lab"] and director.is_current
    assert (director.start_date, director.start_precision) == (datetime.date(2019, 2, 1), Precision.MONTH)
    assert page.csp_violations == []


def test_no_offer_elsewhere_nor_for_concurrent_roles_already_saved(page, career):
    """A role at another organisation is no promotion; two open roles saved at the same
    organisation are the journalist's choice and are not questioned again."""
    factories.career_entry(
        person=career["person"], organisation=career["lab"], role_title="Conseillère",
        start_date=datetime.date(2020, 1, 1),
    )  # fmt: skip
    page.reload()
    assert page.locator(".career-promotion-offer").count() == 0

    add_row(page, start="février 2019", organisation="Rival Industries")
    assert page.locator(".career-promotion-offer").count() == 0

    # A date the script cannot compare with 2015 offers nothing either.
    add_row(page, start="mars 2015", organisation="Laboratoire Lumière")
    assert page.locator(".career-promotion-offer").count() == 0
    assert page.csp_violations == []
