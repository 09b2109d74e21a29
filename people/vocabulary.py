"""Rules of the shared tag vocabulary (taggit's ``Tag``, used by articles and people).

A tag's address is its slug. taggit derives it from the name and, for a name with no letter
or digit (« ?! », « 🔥 »), derives an empty slug, which has no address and breaks every page
that links the tag. Forms refuse such names with a clear message (``check_tag_names``); the
``pre_save`` handler is the safety net for every other path (the shell, imports, scripts).
"""

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _
from taggit.models import Tag

FALLBACK_SLUG = "mot-cle"


def has_address(name: str) -> bool:
    """Whether taggit can derive a non-empty slug from ``name``."""
    return bool(Tag().slugify(name))


def check_tag_names(names) -> None:
    """Refuse, in one message, the names a tag cannot be made of."""
    unusable = [name for name in names if not has_address(name)]
    if unusable:
        raise ValidationError(
            _("Un mot-clé doit contenir au moins une lettre ou un chiffre : %(names)s.")
            % {"names": ", ".join(f"« {name} »" for name in unusable)},
            code="tag_without_letters",
        )


def give_empty_slug_an_address(sender, instance: Tag, **kwargs) -> None:
    """A new tag whose name slugifies to nothing gets « mot-cle », « mot-cle-2 »…"""
    if instance.slug:
        return
    taken = set(Tag.objects.filter(slug__startswith=FALLBACK_SLUG).values_list("slug", flat=True))
    slug, n = FALLBACK_SLUG, 1
    while slug in taken:
        n += 1
        slug = f"{FALLBACK_SLUG}-{n}"
    instance.slug = slug


def connect_signals() -> None:
    pre_save.connect(give_empty_slug_an_address, sender=Tag, dispatch_uid="people.vocabulary.slug")
