"""Reads for the public pages: each returns published content shaped in a fixed number of queries."""

from collections import defaultdict

from django.db.models import BigIntegerField, Exists, F, IntegerField, OuterRef, QuerySet, Value
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from taggit.models import Tag, TaggedItem

from newsroom.renditions import prefetch_renditions
from people.models import CareerEntry, PeopleListMember, Person

from .models import Article, Block, FaqEntry


def article_for_page(*, slug: str) -> Article:
    """A published article with everything its page shows, or 404.

    A draft, an article in review, an unpublished one and one scheduled for later all
    answer exactly like an unknown slug: the published() gate is the only way in.
    """
    article = get_object_or_404(Article.objects.published().select_related("section", "hero_image"), slug=slug)
    return _with_renditions(_load_page(article))


def article_for_preview(*, pk: int) -> Article:
    """Any article, whatever its state, shaped like its public page: previews only."""
    article = get_object_or_404(Article.objects.select_related("section", "hero_image"), pk=pk)
    return _with_renditions(_load_page(article))


# Everything a person row needs on the article page (bylines, people cited, list members).
_PERSON_FIELDS = [field.attname for field in Person._meta.concrete_fields]
_AUTHOR, _CITED, _MEMBER = 1, 2, 3


def _people_links(article: Article, people_list_ids: list[int]):
    """The article's authors, the people it cites and the members of its people lists, as
    (kind, list id, position, link id, person) in one UNION ALL query."""

    def part(queryset, kind, *, list_id=None, position=None):
        return (
            queryset.order_by()
            .annotate(
                link_kind=Value(kind, output_field=IntegerField()),
                # A typed NULL: PostgreSQL reads a bare NULL in a UNION as text.
                link_list=F(list_id) if list_id else Cast(Value(None), BigIntegerField()),
                link_position=F(position) if position else Value(0, output_field=IntegerField()),
                link_id=F("id"),
            )
            .values(
                "link_kind",
                "link_list",
                "link_position",
                "link_id",
                *(f"person__{name}" for name in _PERSON_FIELDS),
            )
        )

    parts = [
        part(Article.authors.through.objects.filter(article=article), _AUTHOR),
        part(Article.people.through.objects.filter(article=article), _CITED),
    ]
    if people_list_ids:
        members = PeopleListMember.objects.filter(people_list_id__in=people_list_ids)
        parts.append(part(members, _MEMBER, list_id="people_list_id", position="position"))
    people = {}
    for row in parts[0].union(*parts[1:], all=True):
        person_id = row["person__id"]
        if person_id not in people:
            # One object per person, so the careers attached below reach every place it appears.
            values = [row[f"person__{name}"] for name in _PERSON_FIELDS]
            people[person_id] = Person.from_db(Person.objects.db, _PERSON_FIELDS, values)
        person = people[person_id]
        yield row["link_kind"], row["link_list"], row["link_position"], row["link_id"], person


def _load_page(article: Article) -> Article:
    """Attach what the article page shows, in five queries whatever the article holds.

    Blocks (with what they embed, joined), the people of the article and of its people lists
    (one UNION ALL), the careers the timelines and lists read, tags, FAQ. Django's
    prefetch_related would spend a query per relation (authors, people, list members, two
    kinds of careers): the page would cost nine.
    """
    blocks = list(
        Block.objects.filter(article=article).select_related(
            "speaker",
            "source_organisation",
            "timeline_person",
            "timeline_organisation",
            "people_list__organisation",
            "image",
        )
    )
    list_ids = {block.people_list_id for block in blocks if block.people_list_id}
    authors, cited, members = [], [], defaultdict(list)
    for kind, list_id, position, link_id, person in _people_links(article, list(list_ids)):
        if kind == _AUTHOR:
            authors.append(person)
        elif kind == _CITED:
            cited.append(person)
        else:
            members[list_id].append(
                PeopleListMember(id=link_id, people_list_id=list_id, person=person, position=position)
            )
    # Each block holds its own copy of an embedded list: every copy gets the members.
    for block in blocks:
        if block.people_list_id:
            rows = sorted(members[block.people_list_id], key=lambda m: (m.position, m.pk))
            _cache(block.people_list, "members", rows)

    # Careers of everyone a timeline or a people list shows, in one query.
    shown = [block.timeline_person for block in blocks if block.timeline_person_id]
    shown += [member.person for rows in members.values() for member in rows]
    careers = defaultdict(list)
    if shown:
        entries = CareerEntry.objects.filter(person_id__in={person.pk for person in shown})
        for entry in entries.select_related("organisation", "destination"):
            careers[entry.person_id].append(entry)
    for person in shown:
        _cache(person, "career_entries", careers[person.pk])

    by_name = lambda person: (person.name, person.pk)  # noqa: E731 - the relations' default order
    _cache(article, "authors", sorted(authors, key=by_name))
    _cache(article, "people", sorted(cited, key=by_name))
    tags, faq = _tags_and_faq(article)
    _cache(article, "tags", tags)
    _cache(article, "blocks", blocks)
    _cache(article, "faq_entries", faq)
    return article


_TAG, _FAQ = 1, 2


def _tags_and_faq(article: Article) -> tuple[list[Tag], list[FaqEntry]]:
    """The article's tags (in the order they were added) and its FAQ, in one UNION ALL query.

    Both hang on the article alone; as two queries they were the sixth and seventh of a page
    with pictures. The article's content type is named inside the query, so the count does
    not depend on Django's content-type cache.
    """
    tags = TaggedItem.objects.filter(
        object_id=article.pk, content_type__app_label="articles", content_type__model="article"
    ).annotate(
        row_kind=Value(_TAG, output_field=IntegerField()),
        row_id=F("tag_id"),
        row_order=F("id"),
        row_a=F("tag__name"),
        row_b=F("tag__slug"),
    )
    faq = FaqEntry.objects.filter(article=article).annotate(
        row_kind=Value(_FAQ, output_field=IntegerField()),
        row_id=F("id"),
        row_order=F("position"),
        row_a=F("question"),
        row_b=F("answer"),
    )
    columns = ["row_kind", "row_id", "row_order", "row_a", "row_b"]
    rows = sorted(
        tags.order_by().values_list(*columns).union(faq.order_by().values_list(*columns), all=True),
        key=lambda row: (row[0], row[2], row[1]),
    )
    db, faq_fields = Article.objects.db, ["id", "article_id", "position", "question", "answer"]
    return (
        [Tag.from_db(db, ["id", "name", "slug"], [pk, a, b]) for kind, pk, _, a, b in rows if kind == _TAG],
        [
            FaqEntry.from_db(db, faq_fields, [pk, article.pk, order, a, b])
            for kind, pk, order, a, b in rows
            if kind == _FAQ
        ],
    )


def _cache(instance, relation: str, objects: list) -> None:
    """What ``instance.<relation>.all()`` returns from now on, without a query."""
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[relation] = objects


def _with_renditions(article: Article) -> Article:
    """The renditions of the hero and of every image block, in one query (none without images)."""
    prefetch_renditions(article.images())
    return article


def redirected_article(*, old_slug: str) -> Article | None:
    """The published article that used to live at ``old_slug``, if any (drafts never)."""
    return Article.objects.published().filter(slug_redirects__old_slug=old_slug).only("slug").first()


def has_faq_block(article: Article) -> bool:
    """Whether the editor placed the FAQ in the body (else it goes at the end)."""
    return any(block.kind == Block.Kind.FAQ for block in article.blocks.all())


def _leads_somewhere(*, people_first: bool = False):
    """Condition on Tag: used by a published article or by a person.

    Two EXISTS on the tag's own links. The content types are named inside the query: no
    lookup of its own, cached or not, so the pages' query counts do not depend on what ran
    before. (« id IN (every tag in use) » would build the whole set first, which is slow to
    count on a large archive.)

    The cheaper check goes first. For one tag, its articles: the first link usually answers,
    where the people's check reads every link of a tag no person carries. Over every tag
    (``people_first``), PostgreSQL reads the people's links once into a hash, and only a tag
    no person carries goes on to the cheap per-tag check of its articles; with no tag on
    people it costs what checking the articles first does.
    """
    on_articles = Exists(Article.objects.published().filter(tags=OuterRef("pk")))
    on_people = Exists(
        TaggedItem.objects.filter(tag=OuterRef("pk"), content_type__app_label="people", content_type__model="person")
    )
    return on_people | on_articles if people_first else on_articles | on_people


def public_tag(*, slug: str) -> Tag | None:
    """The tag at ``slug`` if it leads somewhere (see public_tags()), else None."""
    return Tag.objects.filter(_leads_somewhere(), slug=slug).first()


def public_tags() -> QuerySet[Tag]:
    """Tags that lead somewhere: used by a published article or by a person."""
    return Tag.objects.filter(_leads_somewhere(people_first=True)).order_by("name")
