"""Template helpers for people pages: French dates and JSON-LD for people and organisations."""

import datetime

from django import template
from django.utils import timezone

from newsroom.jsonld import absolute_url
from newsroom.templatetags.image_tags import image_objects
from people.dates import format_long_date

register = template.Library()


@register.filter
def long_date(value) -> str:
    """« 15 novembre 2024 », « 1er août 2024 »; a datetime is read in the site's time zone."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return format_long_date(value)


@register.simple_tag
def person_jsonld(person) -> dict:
    """schema.org Person for a person page."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": absolute_url(person.get_absolute_url()),
    }
    if person.short_description:
        data["description"] = person.short_description
    if person.portrait_id:
        data["image"] = image_objects(person.portrait)
    same_as = [url for url in (person.x_url, person.website) if url]
    if same_as:
        data["sameAs"] = same_as
    current, past = person.current_roles(), person.past_roles()
    job_titles = list(dict.fromkeys(filter(None, (entry.role_title or entry.label for entry in current))))
    if job_titles:
        data["jobTitle"] = job_titles[0] if len(job_titles) == 1 else job_titles
    works_for = _organisations(entry.organisation for entry in current)
    if works_for:
        data["worksFor"] = works_for
    # Someone who left one role but still works there is not an alumnus of the organisation.
    current_ids = {entry.organisation_id for entry in current}
    alumni_of = _organisations(entry.organisation for entry in past if entry.organisation_id not in current_ids)
    if alumni_of:
        data["alumniOf"] = alumni_of
    return data


def _organisations(organisations) -> list[dict]:
    """schema.org Organization references, once each, in timeline order."""
    unique = {organisation.pk: organisation for organisation in organisations}
    return [
        {"@type": "Organization", "name": organisation.name, "url": absolute_url(organisation.get_absolute_url())}
        for organisation in unique.values()
    ]


@register.simple_tag
def organisation_jsonld(organisation) -> dict:
    """schema.org Organization for an organisation page."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": absolute_url(organisation.get_absolute_url()),
    }
    if organisation.description:
        data["description"] = organisation.description
    if organisation.website:
        data["sameAs"] = [organisation.website]
    return data


def _iso_partial(value: datetime.date | None, precision: str) -> str:
    """A ``datetime`` attribute as precise as the date is known: ``2018``, ``2024-08``, ``2024-11-15``."""
    if value is None:
        return ""
    return value.strftime({"year": "%Y", "month": "%Y-%m"}.get(precision, "%Y-%m-%d"))


@register.filter
def start_iso(entry) -> str:
    return _iso_partial(entry.start_date, entry.start_precision)


@register.filter
def end_iso(entry) -> str:
    return _iso_partial(entry.end_date, entry.end_precision)
