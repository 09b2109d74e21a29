"""Reads for the public pages: each returns published content shaped in a fixed number of queries."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from taggit.models import Tag, TaggedItem

from newsroom.renditions import prefetch_renditions
from people.models import Person

from .models import Article, Block, FaqEntry, block_queryset


def _for_page(queryset: QuerySet[Article]) -> QuerySet[Article]:
    return queryset.select_related("section", "hero_image").prefetch_related(
        "authors",
        "people",
        "tags",
        Prefetch("blocks", queryset=block_queryset()),
        Prefetch("faq_entries", queryset=FaqEntry.objects.all()),
    )


def article_for_page(*, slug: str) -> Article:
    """A published article with everything its page shows, or 404.

    A draft, an article in review, an unpublished one and one scheduled for later all
    answer exactly like an unknown slug: the published() gate is the only way in.
    """
    return _with_renditions(get_object_or_404(_for_page(Article.objects.published()), slug=slug))


def article_for_preview(*, pk: int) -> Article:
    """Any article, whatever its state, shaped like its public page: previews only."""
    return _with_renditions(get_object_or_404(_for_page(Article.objects.all()), pk=pk))


def _with_renditions(article: Article) -> Article:
    """The renditions of the hero and of every image block, in one query (none without images)."""
    prefetch_renditions(article.images())
    return article


def redirected_article(*, old_slug: str) -> Article | None:
    """The published article that used to live at ``old_slug``, if any (drafts never)."""
    return (
        Article.objects.published()
        .filter(slug_redirects__old_slug=old_slug)
        .only("slug")
        .first()
    )


def has_faq_block(article: Article) -> bool:
    """Whether the editor placed the FAQ in the body (else it goes at the end)."""
    return any(block.kind == Block.Kind.FAQ for block in article.blocks.all())


def public_tags() -> QuerySet[Tag]:
    """Tags that lead somewhere: used by a published article or by a person."""
    content_types = ContentType.objects.get_for_models(Article, Person)
    on_articles = TaggedItem.objects.filter(
        content_type=content_types[Article], object_id__in=Article.objects.published().values("pk")
    ).values("tag_id")
    on_people = TaggedItem.objects.filter(content_type=content_types[Person]).values("tag_id")
    return Tag.objects.filter(Q(pk__in=on_articles) | Q(pk__in=on_people)).order_by("name")
