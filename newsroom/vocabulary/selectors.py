"""Reads of the tag vocabulary: usage counts, what a merge would move, where an old address leads."""

from collections import defaultdict

from django.db.models import Count, F, Q, QuerySet
from taggit.models import Tag

from .models import TagRedirect
from .registry import tagged_models


def with_usage(queryset: QuerySet[Tag]) -> QuerySet[Tag]:
    """Tags annotated with how many objects of each tagged model carry them (``article_count``,
    ``person_count``…), in the same query.

    The content types are named inside the query: no lookup of their own, cached or not, so the
    tag admin's query count does not depend on what ran before.
    """
    return queryset.annotate(
        **{
            tagged.count_name: Count(
                "taggit_taggeditem_items",
                filter=Q(
                    taggit_taggeditem_items__content_type__app_label=tagged.model._meta.app_label,
                    taggit_taggeditem_items__content_type__model=tagged.model._meta.model_name,
                ),
            )
            for tagged in tagged_models()
        }
    )


def most_used_first(queryset: QuerySet[Tag]) -> QuerySet[Tag]:
    """``queryset`` with usage counts, the most used tags first (by model, in column order), then by name."""
    return with_usage(queryset).order_by(*(f"-{tagged.count_name}" for tagged in tagged_models()), "name")


def merge_preview(*, sources) -> list[dict]:
    """What a merge would move, per source: for each tagged model, the objects carrying it
    (one query per tagged model).

    Each row is ``{"tag": tag, "carriers": [(tagged model, [objects]), …]}``, in column order.
    """
    sources = list(sources)
    carriers = []
    for tagged in tagged_models():
        by_tag = defaultdict(list)
        objects = tagged.model._default_manager.filter(tags__in=sources).annotate(tag_pk=F("tags__pk"))
        for obj in objects.order_by(*tagged.ordering):
            by_tag[obj.tag_pk].append(obj)
        carriers.append((tagged, by_tag))
    return [{"tag": tag, "carriers": [(tagged, by_tag[tag.pk]) for tagged, by_tag in carriers]} for tag in sources]


def redirect_target(slug: str) -> Tag | None:
    """The tag an old (merged) slug now leads to, or None."""
    redirect = TagRedirect.objects.select_related("tag").filter(old_slug=slug).first()
    return redirect.tag if redirect else None
