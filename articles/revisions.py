"""Readable snapshots of an article's revisions (django-reversion) and the diff between two.

A snapshot is the article as a reader of the admin would describe it: one entry per field,
labelled in French, with the body and the FAQ written out one line per block or question.
Snapshots of stored versions and of the live database compare the same way, which serves
both the diff page and the "changed meanwhile" message of an edit conflict.
"""

import difflib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from people.models import Organisation, PeopleList, Person

from .models import Article, Block, FaqEntry, Section

TEXT_FIELDS = ["headline", "slug", "standfirst", "seo_title", "social_title"]
DATE_FIELDS = ["published_at", "embargo_until"]
M2M_FIELDS = {"authors": Person, "people": Person, "organisations": Organisation}


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # serialised by an older revision
        return value
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _names(model, ids) -> str:
    ids = [int(pk) for pk in ids or []]
    found = model.objects.in_bulk(ids)
    return ", ".join(str(found[pk]) if pk in found else f"#{pk}" for pk in ids)


def _block_line(data: dict) -> str:
    """One block as a line of text: its type, then what it shows."""
    kind = data.get("kind", "")
    label = str(Block.Kind(kind).label) if kind in Block.Kind.values else kind
    parts = [data.get("text") or ""]
    if data.get("speaker_id") or data.get("speaker_name"):
        speaker = _names(Person, [data["speaker_id"]]) if data.get("speaker_id") else ""
        parts.append(f"— {speaker or data.get('speaker_name')}")
    if data.get("source"):
        parts.append(f"({data['source']})")
    if data.get("timeline_person_id"):
        parts.append(_names(Person, [data["timeline_person_id"]]))
    if data.get("people_list_id"):
        parts.append(_names(PeopleList, [data["people_list_id"]]))
    text = " ".join(part for part in parts if part).replace("\r\n", "\n").replace("\n", " ")
    return f"[{label}] {text}".rstrip()


def _ordered(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: (row.get("position") or 0, row.get("id") or 0))


def build_snapshot(article_data: dict, blocks: list[dict], faq: list[dict]) -> dict[str, str]:
    """The labelled fields of one state of an article, from plain field dicts (attnames)."""
    snapshot = {}
    for name in TEXT_FIELDS:
        snapshot[_label(Article, name)] = article_data.get(name) or ""
    section_id = article_data.get("section_id")
    snapshot[_label(Article, "section")] = _names(Section, [section_id]) if section_id else ""
    language = article_data.get("language") or ""
    snapshot[_label(Article, "language")] = str(
        Article.Language(language).label if language in Article.Language.values else language
    )
    status = article_data.get("status") or ""
    snapshot[_label(Article, "status")] = str(
        Article.Status(status).label if status in Article.Status.values else status
    )
    for name in DATE_FIELDS:
        snapshot[_label(Article, name)] = _date(article_data.get(name))
    for name, model in M2M_FIELDS.items():
        snapshot[_label(Article, name)] = _names(model, article_data.get(name))
    snapshot[_("Corps de l’article")] = "\n".join(_block_line(row) for row in _ordered(blocks))
    snapshot[_("FAQ")] = "\n".join(f"{row.get('question', '')}\n    {row.get('answer', '')}" for row in _ordered(faq))
    return snapshot


def version_snapshot(version: Version) -> dict[str, str]:
    """The snapshot of the article as one revision stored it, blocks and FAQ included."""
    types = ContentType.objects.get_for_models(Block, FaqEntry)
    siblings = list(version.revision.version_set.filter(content_type__in=types.values()))
    article_id = int(version.object_id)

    def rows(model):
        found = []
        for sibling in siblings:
            if sibling.content_type_id == types[model].pk:
                data = dict(sibling.field_dict, id=int(sibling.object_id))
                if data.get("article_id") == article_id:
                    found.append(data)
        return found

    return build_snapshot(version.field_dict, rows(Block), rows(FaqEntry))


def current_snapshot(article: Article) -> dict[str, str]:
    """The snapshot of the article as the database holds it now."""

    def values(obj):
        return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}

    data = values(article)
    for name in M2M_FIELDS:
        data[name] = list(getattr(article, name).values_list("pk", flat=True))
    return build_snapshot(
        data,
        [values(block) for block in Block.objects.filter(article=article)],
        [values(entry) for entry in FaqEntry.objects.filter(article=article)],
    )


def versions_of(article: Article):
    """The article's stored versions, newest first, with who saved them."""
    return Version.objects.get_for_object(article).select_related("revision__user")


def version_with_number(article: Article, number: int) -> Version | None:
    """The stored version whose article had edit number ``number`` (see Article.version)."""
    for version in versions_of(article):
        if version.field_dict.get("version") == number:
            return version
    return None


@dataclass
class FieldDiff:
    label: str
    lines: list[tuple[str, str]]  # (" " | "-" | "+", text)


def diff_snapshots(old: dict[str, str], new: dict[str, str]) -> list[FieldDiff]:
    """Line-by-line differences of the fields that changed, in the snapshot's order."""
    changes = []
    for label, old_value in old.items():
        new_value = new.get(label, "")
        if old_value == new_value:
            continue
        lines = []
        for line in difflib.ndiff(old_value.splitlines(), new_value.splitlines()):
            mark, text = line[:1], line[2:]
            if mark in " -+":
                lines.append((mark, text))
        changes.append(FieldDiff(label=label, lines=lines))
    return changes
