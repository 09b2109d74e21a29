"""Small factories for tests: each makes a valid object and takes overrides."""

import datetime
import io
import itertools

from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage

from articles.models import Article, Block, FaqEntry, Section
from newsroom.models import Image
from newsroom.services import image_create
from people.dates import Precision
from people.models import CareerEntry, Organisation, PeopleList, PeopleListMember, Person

_seq = itertools.count(1)


def _unique(prefix: str) -> str:
    return f"{prefix} {next(_seq)}"


def organisation(**kwargs) -> Organisation:
    name = kwargs.pop("name", None) or _unique("Organisation")
    kwargs.setdefault("slug", slugify(name))
    return Organisation.objects.create(name=name, **kwargs)


def person(**kwargs) -> Person:
    name = kwargs.pop("name", None) or _unique("Personne")
    kwargs.setdefault("slug", slugify(name))
    return Person.objects.create(name=name, **kwargs)


def career_entry(**kwargs) -> CareerEntry:
    kwargs.setdefault("person", kwargs.get("person") or person())
    kwargs.setdefault("organisation", kwargs.get("organisation") or organisation())
    kwargs.setdefault("role_title", "Chercheuse")
    kwargs.setdefault("start_date", datetime.date(2018, 1, 1))
    kwargs.setdefault("start_precision", Precision.YEAR)
    entry = CareerEntry(**kwargs)
    entry.full_clean()
    entry.save()
    return entry


def people_list(*, organisation_obj=None, people=(), **kwargs) -> PeopleList:
    kwargs.setdefault("title", _unique("Liste"))
    plist = PeopleList.objects.create(organisation=organisation_obj or organisation(), **kwargs)
    for position, member in enumerate(people):
        PeopleListMember.objects.create(people_list=plist, person=member, position=position)
    return plist


def section(**kwargs) -> Section:
    name = kwargs.pop("name", None) or _unique("Rubrique")
    kwargs.setdefault("slug", slugify(name))
    return Section.objects.create(name=name, **kwargs)


def article(**kwargs) -> Article:
    """A published article (pass ``status`` to make a draft)."""
    headline = kwargs.pop("headline", None) or _unique("Titre")
    kwargs.setdefault("slug", slugify(headline))
    kwargs.setdefault("standfirst", "Un chapeau.")
    kwargs.setdefault("status", Article.Status.PUBLISHED)
    if kwargs["status"] == Article.Status.PUBLISHED:
        kwargs.setdefault("published_at", timezone.now() - datetime.timedelta(hours=1))
    tags = kwargs.pop("tags", ())
    authors = kwargs.pop("authors", ())
    people = kwargs.pop("people", ())
    obj = Article.objects.create(headline=headline, **kwargs)
    if tags:
        obj.tags.add(*tags)
    obj.authors.add(*authors)
    obj.people.add(*people)
    return obj


def block(article_obj: Article, **kwargs) -> Block:
    kwargs.setdefault("kind", Block.Kind.PARAGRAPH)
    kwargs.setdefault("position", article_obj.blocks.count())
    if kwargs["kind"] in (Block.Kind.PARAGRAPH, Block.Kind.HEADING, Block.Kind.QUOTE):
        kwargs.setdefault("text", _unique("Texte"))
    return Block.objects.create(article=article_obj, **kwargs)


def faq_entry(article_obj: Article, **kwargs) -> FaqEntry:
    kwargs.setdefault("position", article_obj.faq_entries.count())
    kwargs.setdefault("question", _unique("Question ?"))
    kwargs.setdefault("answer", "Réponse.")
    return FaqEntry.objects.create(article=article_obj, **kwargs)


def image_bytes(*, size=(800, 450), color="steelblue", image_format="PNG", **save_options) -> bytes:
    """A plain picture made with Pillow, in any format it writes."""
    out = io.BytesIO()
    mode = "RGBA" if color == "transparent" else "RGB"
    PILImage.new(mode, size, (0, 0, 0, 0) if color == "transparent" else color).save(out, image_format, **save_options)
    return out.getvalue()


def image(*, size=(800, 450), color="steelblue", **kwargs) -> Image:
    """A library image stored through the real upload path (checked, cleaned, renditions made)."""
    kwargs.setdefault("alt_text", _unique("Une image"))
    return image_create(upload=io.BytesIO(image_bytes(size=size, color=color)), **kwargs)
