"""Partial dates: a date known to the year, the month or the day, written the French way."""

import datetime

from django.db import models
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


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


def format_long_date(value: datetime.date) -> str:
    """A full date in the active language: ``15 novembre 2024``, ``1er août 2024``."""
    if (get_language() or "fr").startswith("fr") and value.day == 1:
        return "1er " + formats.date_format(value, "F Y")
    return formats.date_format(value, "j F Y")
