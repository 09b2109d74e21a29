"""Writes of the tag vocabulary: tagging many objects at once, merging duplicate tags.

The functions take any objects with a taggit ``tags`` manager (people and articles alike).
A merge moves every tagged object of the sources to the target, keeps the sources' old
addresses alive as 301 redirects (``TagRedirect``) and deletes the sources, all in one
transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from taggit.models import Tag, TaggedItem

from newsroom.generation import invalidate_pages

from .models import TagRedirect
from .rules import check_tag_names

# Bulk tagging reshapes the vocabulary's use across the site: an editor's right (editors hold
# every taggit permission, journalists only read tags).
BULK_TAG_PERMISSION = "taggit.change_tag"
# Changing and deleting tags is an editor's right (the roles migration); journalists only read them.
MERGE_PERMISSIONS = ("taggit.change_tag", "taggit.delete_tag")


def _check_bulk(*, user, names: list[str]) -> None:
    if not user.has_perm(BULK_TAG_PERMISSION):
        raise PermissionDenied(_("Seuls les éditeurs peuvent modifier les mots-clés en lot."))
    if not names:
        raise ValidationError(_("Indiquez au moins un mot-clé."))
    check_tag_names(names)


@transaction.atomic
def tags_add(*, objects: Iterable, names: list[str], user) -> int:
    """Add the tags ``names`` to every object; returns how many objects were tagged.

    Existing tags are reused whatever the case typed (``TAGGIT_CASE_INSENSITIVE``); an
    object that already has a tag keeps a single tagging.
    """
    _check_bulk(user=user, names=names)
    count = 0
    for obj in objects:
        obj.tags.add(*names)
        count += 1
    return count


@transaction.atomic
def tags_remove(*, objects: Iterable, names: list[str], user) -> int:
    """Remove the tags ``names`` (matched without regard to case) from every object."""
    _check_bulk(user=user, names=names)
    wanted = {name.casefold() for name in names}
    count = 0
    for obj in objects:
        found = [tag for tag in obj.tags.all() if tag.name.casefold() in wanted]
        if found:
            obj.tags.remove(*found)
            count += 1
    return count


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
