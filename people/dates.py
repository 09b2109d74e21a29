"""Partial dates: a date known to the year, the month or the day, written the French way."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from newsroom.folding import fold


class Precision(models.TextChoices):
    YEAR = "year", _("année")
    MONTH = "month", _("mois")
    DAY = "day", _("jour")


def normalise(value: datetime.date, precision: str) -> datetime.date:
    """The canonical stored form: the first day of the year or month that is known."""
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return value.replace(day=1)
    return value


def is_normalised(value: datetime.date, precision: str) -> bool:
    return normalise(value, precision) == value


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """``2018``, ``août 2024`` or ``15 novembre 2024`` (``1er`` for the first of a month in French)."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return formats.date_format(value, "F Y")
    return format_long_date(value)


def iso_partial_date(value: datetime.date | None, precision: str) -> str:
    """``2018``, ``2024-08`` or ``2024-11-15``: as precise as the date is known, for machines."""
    if value is None:
        return ""
    return value.strftime({Precision.YEAR: "%Y", Precision.MONTH: "%Y-%m"}.get(precision, "%Y-%m-%d"))


def format_long_date(value: datetime.date) -> str:
    """A full date in the active language: ``15 novembre 2024``, ``1er août 2024``."""
    if (get_language() or "fr").startswith("fr") and value.day == 1:
        return "1er " + formats.date_format(value, "F Y")
    return formats.date_format(value, "j F Y")


# Folded (no accents, lower case), so « Février », « fevrier » and « FÉVRIER » all match.
MONTHS = {
    name: number
    for number, name in enumerate(
        ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
         "novembre", "decembre"],
        start=1,
    )
}  # fmt: skip
_NUMERIC = [
    (re.compile(r"(?P<year>\d{4})"), Precision.YEAR),
    (re.compile(r"(?P<month>\d{1,2})/(?P<year>\d{4})"), Precision.MONTH),
    (re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})"), Precision.MONTH),
    (re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"), Precision.DAY),
    (re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"), Precision.DAY),
]
_WORDS = re.compile(r"(?:(?P<day>1er|\d{1,2}) )?(?P<month>[a-z]+) (?P<year>\d{4})")
INVALID_PARTIAL_DATE = _(
    "Date non reconnue : écrivez par exemple 2015, février 2019, 02/2019, 1er mars 2025 ou 01/03/2025."
)


def parse_partial_date(text: str) -> tuple[datetime.date, str]:
    """``(date, precision)`` for a date typed the way a journalist writes it.

    ``2015``, ``02/2019``, ``2019-02``, ``février 2019``, ``1er mars 2025``, ``01/03/2025`` or
    ``2025-03-01``, accents and case optional. The date is stored normalised (see
    ``normalise``). Raises ``ValidationError`` naming the accepted forms otherwise.
    """
    cleaned = " ".join(fold(text).split())
    parts, precision = None, None
    for pattern, candidate in _NUMERIC:
        if match := pattern.fullmatch(cleaned):
            parts, precision = match.groupdict(), candidate
            break
    if parts is None and (match := _WORDS.fullmatch(cleaned)) and match["month"] in MONTHS:
        parts = {**match.groupdict(), "month": MONTHS[match["month"]]}
        precision = Precision.DAY if match["day"] else Precision.MONTH
        if match["day"] == "1er":
            parts["day"] = 1
    if parts is None:
        raise ValidationError(INVALID_PARTIAL_DATE, code="invalid")
    try:
        value = datetime.date(int(parts["year"]), int(parts.get("month") or 1), int(parts.get("day") or 1))
    except ValueError:  # « 31 février 2024 », « 13/2020 »
        raise ValidationError(INVALID_PARTIAL_DATE, code="invalid") from None
    return value, precision


class PartialDateField(forms.CharField):
    """One text input for a partial date; cleans to ``(date, precision)`` or ``None`` when empty."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return parse_partial_date(value)

    def prepare_value(self, value):
        # A stored (date, precision) is shown as it reads on the site; typed text (an invalid
        # input sent back with its error) is kept as the journalist wrote it. Always in French:
        # it is the language the parser reads back.
        if isinstance(value, tuple):
            with translation.override("fr"):
                return format_partial_date(*value)
        return value
