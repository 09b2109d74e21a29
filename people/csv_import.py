"""People and careers as CSV: import (all or nothing, idempotent) and export in the same columns.

One row is one career entry. Required columns: ``person``, ``organisation``, ``role``,
``start``, ``end``, dates typed as in the admin and read by the same parser
(``people.dates``): ``2018``, ``02/2019``, ``2019-02``, ``février 2019``, ``1er mars 2025``,
``01/03/2025`` or ``2025-03-01``, the form giving the precision. Optional: ``team``,
``summary``, ``ended`` (« oui » for a role left on an unknown date), ``destination`` (an
organisation's name) and ``person_slug`` (to tell namesakes apart). An export writes ISO dates
(``2024-08``), which sort in a spreadsheet and re-import to the same data.

Written with the ``csv`` module rather than django-import-export: the format is one flat
table whose rows map to two get-or-creates and one update-or-create, and the rules that
matter (partial dates, the model's own validation, all-or-nothing, natural keys) would have
been overrides of that library's defaults anyway.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction

from newsroom.slugs import ascii_slug

from .dates import Precision, iso_partial_date, parse_partial_date
from .models import CareerEntry, Organisation, Person

REQUIRED_COLUMNS = ["person", "organisation", "role", "start", "end"]
OPTIONAL_COLUMNS = ["team", "summary", "ended", "destination", "person_slug"]
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
YES = {"oui", "yes", "true", "1", "x"}
# Checked here so a long value is reported with its line, never cut or refused by the database.
LENGTHS = {
    "person": Person._meta.get_field("name").max_length,
    "person_slug": Person._meta.get_field("slug").max_length,
    "organisation": Organisation._meta.get_field("name").max_length,
    "destination": Organisation._meta.get_field("name").max_length,
}
SLUG_LENGTH = Person._meta.get_field("slug").max_length - 4  # room for « -12 » on a namesake


class CsvImportError(Exception):
    """The file was refused; ``errors`` lists each bad row as « ligne N : raison »."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Row:
    line: int
    person_name: str
    person_slug: str
    organisation: str
    role: str
    start: tuple[datetime.date | None, str]
    end: tuple[datetime.date | None, str]
    ended: bool
    team: str = ""
    summary: str = ""
    destination: str = ""

    @property
    def key(self) -> tuple:
        return (self.person_slug, self.organisation.casefold(), self.role, self.start[0])


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    people_created: list[str] = field(default_factory=list)
    organisations_created: list[str] = field(default_factory=list)


def _partial_date(value: str) -> tuple[datetime.date | None, str]:
    """The admin's parser, with an empty cell for an unknown date."""
    if not value:
        return None, Precision.YEAR
    return parse_partial_date(value)


def _validate(reader: csv.DictReader) -> tuple[list[Row], list[str]]:
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        return [], [f"ligne 1 : colonnes manquantes : {', '.join(missing)}"]
    rows, errors, seen = [], [], {}
    for record in reader:
        line = reader.line_num
        get = lambda name, record=record: (record.get(name) or "").strip()  # noqa: E731
        problems = []
        if not get("person"):
            problems.append("personne manquante")
        elif not get("person_slug") and not ascii_slug(get("person")):
            problems.append(f"« {get('person')} » ne donne pas d’adresse de page : ajoutez une colonne person_slug")
        if not get("organisation"):
            problems.append("organisation manquante")
        for column, limit in LENGTHS.items():
            if len(get(column)) > limit:
                problems.append(f"{column} : {len(get(column))} caractères, {limit} au plus")
        if get("person_slug"):
            try:
                validate_slug(get("person_slug"))
            except ValidationError:
                problems.append(
                    f"person_slug : « {get('person_slug')} » n’est pas un slug "
                    "(lettres non accentuées, chiffres, tirets et soulignés)"
                )
        dates = {}
        for column in ("start", "end"):
            try:
                dates[column] = _partial_date(get(column))
            except ValidationError as error:
                # The admin field's message, with the cell, which the admin keeps in the field.
                problems.append(f"{column} « {get(column)} » : {' '.join(error.messages)}")
        if problems:
            errors.append(f"ligne {line} : " + " ; ".join(problems))
            continue
        row = Row(
            line=line,
            person_name=get("person"),
            person_slug=get("person_slug") or ascii_slug(get("person"), max_length=SLUG_LENGTH),
            organisation=get("organisation"),
            role=get("role"),
            start=dates["start"],
            end=dates["end"],
            ended=get("ended").casefold() in YES,
            team=get("team"),
            summary=get("summary"),
            destination=get("destination"),
        )
        # The model's own rules (end before start, end without start...), without the
        # foreign keys, which may not exist yet.
        entry = _entry_values(CareerEntry(), row)
        try:
            entry.full_clean(exclude=["person", "organisation", "destination"], validate_unique=False)
        except ValidationError as error:
            errors.append(f"ligne {line} : " + " ; ".join(error.messages))
            continue
        if row.key in seen:
            errors.append(
                f"ligne {line} : doublon de la ligne {seen[row.key]} (même personne, organisation, fonction et début)"
            )
            continue
        seen[row.key] = line
        rows.append(row)
    return rows, errors


def _entry_values(entry: CareerEntry, row: Row) -> CareerEntry:
    entry.role_title = row.role
    entry.team = row.team
    entry.summary = row.summary
    entry.start_date, entry.start_precision = row.start
    entry.end_date, entry.end_precision = row.end
    entry.ended = row.ended or row.end[0] is not None
    return entry


def _organisation(name: str, report: ImportReport, cache: dict) -> Organisation:
    key = name.casefold()
    if key not in cache:
        organisation = Organisation.objects.filter(name__iexact=name).first()
        if organisation is None:
            organisation = Organisation.objects.create(name=name, slug=_free_slug(Organisation, name))
            report.organisations_created.append(name)
        cache[key] = organisation
    return cache[key]


def _free_slug(model, name: str) -> str:
    base = ascii_slug(name, max_length=SLUG_LENGTH) or "sans-nom"
    slug, index = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, index = f"{base}-{index}", index + 1
    return slug


@transaction.atomic
def import_people(file: io.TextIOBase) -> ImportReport:
    """Validate every row, then import them all in one transaction, or raise ``CsvImportError``.

    Idempotent: a career entry is found by its natural key (person slug, organisation,
    role, start date) and updated, so importing the same file twice changes nothing.
    """
    rows, errors = _validate(csv.DictReader(file))
    if errors:
        raise CsvImportError(errors)
    report, organisations = ImportReport(), {}
    for row in rows:
        person = Person.objects.filter(slug=row.person_slug).first()
        if person is None:
            person = Person.objects.create(name=row.person_name, slug=row.person_slug)
            report.people_created.append(row.person_name)
        organisation = _organisation(row.organisation, report, organisations)
        destination = _organisation(row.destination, report, organisations) if row.destination else None
        entry = CareerEntry.objects.filter(
            person=person, organisation=organisation, role_title=row.role, start_date=row.start[0]
        ).first()
        if entry is None:
            entry = CareerEntry(person=person, organisation=organisation)
            report.created += 1
            changed = True
        else:
            before = _snapshot(entry)
            _entry_values(entry, row)
            changed = _snapshot(entry) != before or (destination is not None and entry.destination_id != destination.pk)
            report.updated += changed
            report.unchanged += not changed
        if changed:
            _entry_values(entry, row)
            if destination is not None:
                entry.destination = destination
            entry.full_clean()
            entry.save()
    return report


def _snapshot(entry: CareerEntry) -> tuple:
    return tuple(
        getattr(entry, name)
        for name in (
            "role_title",
            "team",
            "summary",
            "start_date",
            "start_precision",
            "end_date",
            "end_precision",
            "ended",
        )
    )


def export_rows(people) -> list[dict]:
    """One row per career entry of ``people``, in the import's columns."""
    entries = (
        CareerEntry.objects.filter(person__in=people)
        .select_related("person", "organisation", "destination")
        .order_by("person__name", "person__pk", "start_date", "pk")
    )
    return [
        {
            "person": entry.person.name,
            "organisation": entry.organisation.name,
            "role": entry.role_title,
            "start": iso_partial_date(entry.start_date, entry.start_precision),
            "end": iso_partial_date(entry.end_date, entry.end_precision),
            "team": entry.team,
            "summary": entry.summary,
            "ended": "oui" if entry.ended and entry.end_date is None else "",
            "destination": entry.destination.name if entry.destination_id else "",
            "person_slug": entry.person.slug,
        }
        for entry in entries
    ]


def write_csv(out, people) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(export_rows(people))
