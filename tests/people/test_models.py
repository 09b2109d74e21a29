import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.dates import Precision
from people.models import CareerEntry, Person
from tests import factories


@pytest.mark.django_db
def test_timeline_current_and_past_roles_are_derived_from_career_entries():
    person = factories.person(name="Ada Exemple")
    lab = factories.organisation(name="Labo Fictif")
    older = factories.career_entry(
        person=person,
        organisation=lab,
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    )
    current = factories.career_entry(
        person=person, organisation=lab, start_date=datetime.date(2021, 1, 1), role_title="Directrice"
    )
    undated_past = factories.career_entry(person=person, start_date=None, ended=True)

    person = Person.objects.with_career().get(pk=person.pk)
    assert person.timeline() == [older, current, undated_past]
    assert person.current_roles() == [current]
    assert person.past_roles() == [older, undated_past]
    assert person.latest_role_at(lab) == current
    assert person.timeline(lab) == [older, current]


@pytest.mark.django_db
def test_a_dated_end_marks_the_role_as_ended():
    entry = factories.career_entry(end_date=datetime.date(2020, 1, 1))
    assert entry.ended is True
    assert entry.is_current is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"start_date": datetime.date(2022, 1, 1), "end_date": datetime.date(2021, 1, 1)}, "end_date"),
        ({"start_date": datetime.date(2021, 3, 5), "start_precision": Precision.YEAR}, "start_date"),
        ({"start_date": datetime.date(2021, 3, 5), "start_precision": Precision.MONTH}, "start_date"),
        (
            {
                "start_date": datetime.date(2021, 1, 1),
                "end_date": datetime.date(2024, 11, 15),
                "end_precision": Precision.MONTH,
            },
            "end_date",
        ),
    ],
)
def test_invalid_career_dates_get_a_clear_error(fields, error_field):
    entry = CareerEntry(person=factories.person(), organisation=factories.organisation(), **fields)
    with pytest.raises(ValidationError) as excinfo:
        entry.full_clean()
    assert error_field in excinfo.value.message_dict


@pytest.mark.django_db
def test_an_end_without_a_start_is_valid_and_ends_the_role():
    """A departure reported without its start (« partie en février 2019 ») is recorded as known."""
    entry = CareerEntry(
        person=factories.person(),
        organisation=factories.organisation(),
        end_date=datetime.date(2019, 2, 1),
        end_precision=Precision.MONTH,
    )
    entry.full_clean()
    entry.save()
    assert entry.ended and not entry.is_current
    assert entry.end_display == "février 2019"


@pytest.mark.django_db
def test_database_refuses_an_end_before_the_start_even_without_forms():
    entry = factories.career_entry(start_date=datetime.date(2022, 1, 1))
    entry.end_date = datetime.date(2020, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()


@pytest.mark.django_db
def test_role_label_prefers_the_summary_written_for_articles():
    entry = factories.career_entry(role_title="CTO", summary="Ancienne CTO")
    assert entry.label == "Ancienne CTO"
    entry.summary = ""
    entry.team = "Direction"
    assert entry.label == "CTO, Direction"


@pytest.mark.django_db
def test_people_list_rows_keep_the_editors_order_and_read_roles_from_careers():
    org = factories.organisation(name="Labo Fictif")
    first, second = factories.person(name="Zoé Fictive"), factories.person(name="Alix Fictif")
    factories.career_entry(person=first, organisation=org, summary="Ex-directrice", ended=True)
    factories.career_entry(person=second, organisation=org, summary="Chercheur de renom", ended=True)
    plist = factories.people_list(organisation_obj=org, people=[first, second])

    rows = plist.rows()
    assert [(p.name, role.label) for p, role in rows] == [
        ("Zoé Fictive", "Ex-directrice"),
        ("Alix Fictif", "Chercheur de renom"),
    ]
