import datetime

import pytest
from django.utils import translation

from people.dates import Precision, format_long_date, format_partial_date, normalise


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
