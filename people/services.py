"""Writes for the people desk: tagging many objects at once.

The functions take any objects with a taggit ``tags`` manager (people and articles alike),
so the articles admin uses the same operations without ``people`` importing ``articles``.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .vocabulary import check_tag_names

# Bulk tagging reshapes the vocabulary's use across the site: an editor's right (editors hold
# every taggit permission, journalists only read tags).
BULK_TAG_PERMISSION = "taggit.change_tag"


def _check(*, user, names: list[str]) -> None:
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
    _check(user=user, names=names)
    count = 0
    for obj in objects:
        obj.tags.add(*names)
        count += 1
    return count


@transaction.atomic
def tags_remove(*, objects: Iterable, names: list[str], user) -> int:
    """Remove the tags ``names`` (matched without regard to case) from every object."""
    _check(user=user, names=names)
    wanted = {name.casefold() for name in names}
    count = 0
    for obj in objects:
        found = [tag for tag in obj.tags.all() if tag.name.casefold() in wanted]
        if found:
            obj.tags.remove(*found)
            count += 1
    return count
