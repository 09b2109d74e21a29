"""Reads for the people pages: an organisation's talent movements, shaped in a fixed number of queries.

Everything is derived from ``CareerEntry`` rows loaded once; the counts, the chart and the
destinations are computed in Python from that one list, so the page costs the same queries
for five people as for five hundred.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .models import CareerEntry, Organisation, Person

# The chart's drawing box, in SVG user units; bars are scaled to the tallest one.
CHART_BAR_WIDTH = 36
CHART_GAP = 14
CHART_HEIGHT = 120
CHART_LABEL_SPACE = 24
UNKNOWN_DATE = _("date inconnue")


@dataclass
class Departure:
    """A person who left the organisation: their last role there, read from one entry."""

    person: Person
    entry: CareerEntry

    @property
    def year(self) -> int | None:
        return self.entry.end_date.year if self.entry.end_date else None


@dataclass
class Destination:
    organisation: Organisation | None
    people: list[Person] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.people)


@dataclass
class ChartBar:
    label: str
    count: int
    x: int
    y: int
    height: int
    label_x: int
    width: int = CHART_BAR_WIDTH


@dataclass
class OrganisationMovements:
    organisation: Organisation
    current_entries: list[CareerEntry]
    departures: list[Departure]
    destinations: list[Destination]
    departures_by_year: list[tuple[str, int]]
    chart: list[ChartBar]
    chart_width: int
    chart_height: int
    tag: Tag | None
    filter_tags: list[Tag]


def _departure_key(departure: Departure):
    """Most recent departures first; a departure with no known date goes last."""
    end = departure.entry.end_date
    return (end is None, -(end.toordinal() if end else 0), departure.person.name)


def _last_entry(entries: list[CareerEntry]) -> CareerEntry:
    """The role someone held last: the latest end, else the latest start, undated roles last."""
    return max(
        entries,
        key=lambda e: (e.end_date is not None or e.start_date is not None, e.end_date or e.start_date, e.pk),
    )


def _chart(counts: list[tuple[str, int]]) -> tuple[list[ChartBar], int, int]:
    """Bars for an SVG chart: geometry only, so the template writes attributes, never styles."""
    tallest = max((count for _label, count in counts), default=0) or 1
    bars = []
    for index, (label, count) in enumerate(counts):
        height = round(CHART_HEIGHT * count / tallest)
        x = CHART_GAP + index * (CHART_BAR_WIDTH + CHART_GAP)
        bars.append(
            ChartBar(
                label=label,
                count=count,
                x=x,
                y=CHART_LABEL_SPACE + CHART_HEIGHT - height,
                height=height,
                label_x=x + CHART_BAR_WIDTH // 2,
            )
        )
    width = CHART_GAP + len(counts) * (CHART_BAR_WIDTH + CHART_GAP)
    return bars, width, CHART_HEIGHT + 2 * CHART_LABEL_SPACE


_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def organisation_movements(*, slug: str, tag_slug: str | None = None) -> OrganisationMovements:
    """Who works at the organisation now, who left, when, and where they went.

    ``tag_slug`` narrows everything to people carrying that tag; an unknown tag is a 404
    (a reader's typo must not look like an organisation nobody ever left). Queries: the
    organisation, its career entries with people and destinations, the tags of its people,
    and the tag itself when filtering.
    """
    tag = None
    entries_qs = CareerEntry.objects.filter(person__is_public=True).select_related("person", "destination")
    if tag_slug and not _SLUG.fullmatch(tag_slug):
        raise Http404("Mot-clé inconnu")  # not a slug at all (NUL bytes, spaces): nothing to look up
    if tag_slug:
        # Only a tag some person carries: filtering people by a tag only articles carry
        # (perhaps only drafts) would name it for nothing.
        tag = Tag.objects.filter(
            slug=tag_slug,
            taggit_taggeditem_items__content_type__app_label="people",
            taggit_taggeditem_items__content_type__model="person",
        ).first()
        if tag is None:
            raise Http404("Mot-clé inconnu")
        entries_qs = entries_qs.filter(person__in=Person.objects.filter(tags=tag))
    organisation = get_object_or_404(
        Organisation.objects.public()
        .select_related("logo")
        .prefetch_related(Prefetch("career_entries", queryset=entries_qs), "logo__renditions"),
        slug=slug,
    )
    by_person: dict[int, list[CareerEntry]] = defaultdict(list)
    for entry in organisation.career_entries.all():
        by_person[entry.person_id].append(entry)

    current, departures = [], []
    for person_entries in by_person.values():
        now = [e for e in person_entries if e.is_current]
        if now:
            # Someone who left one role but holds another here still works here.
            current.extend(now)
        else:
            last = _last_entry(person_entries)
            departures.append(Departure(person=last.person, entry=last))
    current.sort(key=lambda e: (e.person.name, CareerEntry.chronological_key(e)))
    departures.sort(key=_departure_key)

    years = Counter(d.year for d in departures)
    by_year = [(str(year), years[year]) for year in sorted(y for y in years if y is not None)]
    if years[None]:
        by_year.append((str(UNKNOWN_DATE), years[None]))
    chart, width, height = _chart(by_year)

    destinations: dict[int | None, Destination] = {}
    for departure in departures:
        organisation_to = departure.entry.destination
        key = organisation_to.pk if organisation_to else None
        destinations.setdefault(key, Destination(organisation=organisation_to)).people.append(departure.person)
    # Known destinations by size, then name; « not stated » last.
    ordered = sorted(
        destinations.values(),
        key=lambda d: (d.organisation is None, -d.count, d.organisation.name if d.organisation else ""),
    )

    # One filter() call, so both conditions hold on the same tagging: the tagging of a person
    # of this organisation. (Two calls join the taggings twice, and an article's tagging whose
    # object id happens to equal such a person's id would slip a draft's tag in.)
    filter_tags = list(
        Tag.objects.filter(
            taggit_taggeditem_items__content_type__app_label="people",
            taggit_taggeditem_items__content_type__model="person",
            taggit_taggeditem_items__object_id__in=CareerEntry.objects.filter(
                organisation__slug=slug, person__is_public=True
            ).values("person_id"),
        )
        .annotate(people_count=Count("taggit_taggeditem_items", distinct=True))
        .order_by("name")
    )
    return OrganisationMovements(
        organisation=organisation,
        current_entries=current,
        departures=departures,
        destinations=ordered,
        departures_by_year=by_year,
        chart=chart,
        chart_width=width,
        chart_height=height,
        tag=tag,
        filter_tags=filter_tags,
    )
