"""The shared tag vocabulary's editorial operations: merging duplicates, redirects, variants.

Articles and people share taggit's ``Tag``; a merge moves every tagged object of the sources
to the target, keeps the sources' old addresses alive as 301 redirects (``TagRedirect``) and
deletes the sources, all in one transaction. Accent and case variants (« Sécurité »,
« securite ») are found by folding names (``people.vocabulary.fold``, the rule the tags box
applies too), so editors can spot and merge them.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _
from taggit.models import Tag, TaggedItem

from newsroom.generation import invalidate_pages
from people.vocabulary import fold

# Changing and deleting tags is an editor's right (the roles migration); journalists only read them.
MERGE_PERMISSIONS = ("taggit.change_tag", "taggit.delete_tag")


def variant_groups(tags) -> dict[str, list]:
    """Tags grouped by folded name, only the groups that hold more than one spelling."""
    groups = defaultdict(list)
    for tag in tags:
        groups[fold(tag.name)].append(tag)
    return {key: group for key, group in groups.items() if len(group) > 1}


def with_usage(queryset: QuerySet[Tag]) -> QuerySet[Tag]:
    """Tags annotated with how many articles and people carry them, in the same query."""
    return queryset.annotate(
        article_count=Count(
            "taggit_taggeditem_items",
            filter=Q(
                taggit_taggeditem_items__content_type__app_label="articles",
                taggit_taggeditem_items__content_type__model="article",
            ),
        ),
        person_count=Count(
            "taggit_taggeditem_items",
            filter=Q(
                taggit_taggeditem_items__content_type__app_label="people",
                taggit_taggeditem_items__content_type__model="person",
            ),
        ),
    )


@dataclass
class MergeResult:
    target: Tag
    moved: int
    already_tagged: int
    redirected_slugs: list[str]


def _check_merge(*, sources: list[Tag], target: Tag, user) -> None:
    if not user.has_perms(MERGE_PERMISSIONS):
        raise PermissionDenied(_("Seuls les éditeurs peuvent fusionner des mots-clés."))
    if not sources:
        raise ValidationError(_("Choisissez au moins un mot-clé à fusionner."))
    if any(source.pk == target.pk for source in sources):
        raise ValidationError(
            _("Le mot-clé « %(name)s » ne peut pas être fusionné avec lui-même.") % {"name": target.name}
        )


@transaction.atomic
def tags_merge(*, sources, target: Tag, user) -> MergeResult:
    """Merge ``sources`` into ``target``: objects re-tagged, old URLs redirected, sources deleted.

    An object that already carries the target (or several of the sources) ends up with one
    tagging, never a duplicate. Redirects that pointed at a source now point at the target,
    so chains never form. Raises ``PermissionDenied`` for non-editors and
    ``ValidationError`` for a merge of a tag into itself.
    """
    from .models import TagRedirect

    sources = list(sources)
    _check_merge(sources=sources, target=target, user=user)
    source_ids = [source.pk for source in sources]

    tagged = set(TaggedItem.objects.filter(tag=target).values_list("content_type_id", "object_id"))
    move, drop = [], []
    for pk, content_type_id, object_id in TaggedItem.objects.filter(tag_id__in=source_ids).values_list(
        "pk", "content_type_id", "object_id"
    ):
        key = (content_type_id, object_id)
        (drop if key in tagged else move).append(pk)
        tagged.add(key)
    TaggedItem.objects.filter(pk__in=drop).delete()
    TaggedItem.objects.filter(pk__in=move).update(tag=target)

    old_slugs = [source.slug for source in sources]
    TagRedirect.objects.filter(tag_id__in=source_ids).update(tag=target)
    # The target's own address must answer with the tag, not with an older redirect.
    TagRedirect.objects.filter(old_slug=target.slug).delete()
    for slug in old_slugs:
        TagRedirect.objects.update_or_create(old_slug=slug, defaults={"tag": target})
    Tag.objects.filter(pk__in=source_ids).delete()

    # The re-tagging above is a bulk update, which sends no signal to the page cache.
    invalidate_pages()
    return MergeResult(target=target, moved=len(move), already_tagged=len(drop), redirected_slugs=old_slugs)


def merge_preview(*, sources) -> list[dict]:
    """What a merge would move, per source: the articles and the people carrying it (two queries)."""
    from people.models import Person

    from .models import Article

    sources = list(sources)
    articles = defaultdict(list)
    for article in Article.objects.filter(tags__in=sources).annotate(tag_pk=F("tags__pk")).order_by("headline"):
        articles[article.tag_pk].append(article)
    people = defaultdict(list)
    for someone in Person.objects.filter(tags__in=sources).annotate(tag_pk=F("tags__pk")).order_by("name"):
        people[someone.tag_pk].append(someone)
    return [{"tag": tag, "articles": articles[tag.pk], "people": people[tag.pk]} for tag in sources]


def redirect_target(slug: str) -> Tag | None:
    """The tag an old (merged) slug now leads to, or None."""
    from .models import TagRedirect

    redirect = TagRedirect.objects.select_related("tag").filter(old_slug=slug).first()
    return redirect.tag if redirect else None
