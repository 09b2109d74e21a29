import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from people.dates import (
    PartialDateField,
    Precision,
    format_long_date,
    format_partial_date,
    normalise,
    parse_partial_date,
)


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        (datetime.date(2018, 1, 1), Precision.YEAR, "2018"),
        (datetime.date(2024, 8, 1), Precision.MONTH, "août 2024"),
        (datetime.date(2024, 2, 1), Precision.MONTH, "février 2024"),
        (datetime.date(2024, 11, 15), Precision.DAY, "15 novembre 2024"),
        (datetime.date(2024, 8, 1), Precision.DAY, "1er août 2024"),
        (datetime.date(2023, 12, 31), Precision.DAY, "31 décembre 2023"),
    ],
)
def test_partial_dates_read_the_french_way(value, precision, expected):
    """A date shows only what is known of it, in French by default."""
    with translation.override("fr"):
        assert format_partial_date(value, precision) == expected


def test_missing_date_renders_as_nothing():
    assert format_partial_date(None, Precision.DAY) == ""


def test_english_interface_has_english_months_and_no_french_ordinal():
    with translation.override("en"):
        assert format_partial_date(datetime.date(2024, 8, 1), Precision.MONTH) == "August 2024"
        assert format_long_date(datetime.date(2024, 8, 1)) == "1 August 2024"


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (Precision.YEAR, datetime.date(2024, 1, 1)),
        (Precision.MONTH, datetime.date(2024, 8, 1)),
        (Precision.DAY, datetime.date(2024, 8, 17)),
    ],
)
def test_normalise_keeps_only_the_known_part(precision, expected):
    assert normalise(datetime.date(2024, 8, 17), precision) == expected


@pytest.mark.parametrize(
    ("typed", "value", "precision", "display"),
    [
        ("2015", datetime.date(2015, 1, 1), Precision.YEAR, "2015"),
        ("02/2019", datetime.date(2019, 2, 1), Precision.MONTH, "février 2019"),
        ("2019-02", datetime.date(2019, 2, 1), Precision.MONTH, "février 2019"),
        ("février 2019", datetime.date(2019, 2, 1), Precision.MONTH, "février 2019"),
        ("fevrier 2019", datetime.date(2019, 2, 1), Precision.MONTH, "février 2019"),
        ("FÉVRIER 2019", datetime.date(2019, 2, 1), Precision.MONTH, "février 2019"),
        ("mars 2025", datetime.date(2025, 3, 1), Precision.MONTH, "mars 2025"),
        ("1er mars 2025", datetime.date(2025, 3, 1), Precision.DAY, "1er mars 2025"),
        ("01/03/2025", datetime.date(2025, 3, 1), Precision.DAY, "1er mars 2025"),
        ("2025-03-01", datetime.date(2025, 3, 1), Precision.DAY, "1er mars 2025"),
        ("15 novembre 2024", datetime.date(2024, 11, 15), Precision.DAY, "15 novembre 2024"),
        ("  15  Novembre 2024 ", datetime.date(2024, 11, 15), Precision.DAY, "15 novembre 2024"),
    ],
)
def test_a_date_is_typed_the_way_a_journalist_writes_it(typed, value, precision, display):
    """Each accepted form gives the normalised date, its precision, and shows back in French."""
    field = PartialDateField(required=False)
    assert parse_partial_date(typed) == (value, precision)
    assert field.clean(typed) == (value, precision)
    with translation.override("en"):  # the form shows French whatever the interface language
        assert field.prepare_value((value, precision)) == display


@pytest.mark.parametrize("typed", ["31 février 2024", "13/2020", "hier", "2019-13", "32/01/2020", "1er truc 2020"])
def test_a_nonsense_date_names_the_accepted_forms(typed):
    with pytest.raises(ValidationError) as error:
        PartialDateField(required=False).clean(typed)
    assert error.value.messages == [
        "Date non reconnue : écrivez par exemple 2015, février 2019, 02/2019, 1er mars 2025 ou 01/03/2025."
    ]


def test_an_empty_partial_date_is_none_and_typed_text_is_shown_as_typed():
    field = PartialDateField(required=False)
    assert field.clean("") is None
    assert field.prepare_value("13/2020") == "13/2020"
