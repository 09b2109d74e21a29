"""Rules of the shared tag vocabulary (taggit's ``Tag``, used by articles and people).

A tag's address is its slug. taggit derives it with Django's ``slugify``, which keeps Latin
letters only: « Сэм Альтман » or « ?! » would get an empty slug, which has no address and
breaks every page that links the tag. The ``pre_save`` handler gives such a tag the slug of
its transliterated name (« sem-altman »); a name with no letter or digit at all (« ?! ») is
refused by the forms with a clear message (``check_tag_names``), and gets « mot-cle » when it
comes another way (the shell, a script).
"""

from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _
from taggit.models import Tag

from newsroom.slugs import ascii_slug

FALLBACK_SLUG = "mot-cle"


def has_address(name: str) -> bool:
    """Whether a tag named ``name`` gets an address of its own."""
    return bool(ascii_slug(name))


def check_tag_names(names) -> None:
    """Refuse, in one message each, the names a tag cannot be made of: too long for the
    vocabulary (PostgreSQL would refuse the row, SQLite would keep it whole), or with no letter
    or digit."""
    limit = Tag._meta.get_field("name").max_length
    errors = []
    too_long = [name for name in names if len(name) > limit]
    if too_long:
        errors.append(
            ValidationError(
                _("Un mot-clé compte %(limit)d caractères au plus : %(names)s.")
                % {"limit": limit, "names": ", ".join(f"« {name[:40]}… » ({len(name)})" for name in too_long)},
                code="tag_too_long",
            )
        )
    unusable = [name for name in names if not has_address(name)]
    if unusable:
        errors.append(
            ValidationError(
                _("Un mot-clé doit contenir au moins une lettre ou un chiffre : %(names)s.")
                % {"names": ", ".join(f"« {name} »" for name in unusable)},
                code="tag_without_letters",
            )
        )
    if errors:
        raise ValidationError(errors)


def give_empty_slug_an_address(sender, instance: Tag, **kwargs) -> None:
    """A new tag whose name taggit slugifies to nothing: its transliterated name, else « mot-cle »,
    made unique with « -2 », « -3 »…"""
    if instance.slug:
        return
    base = ascii_slug(instance.name, max_length=Tag._meta.get_field("slug").max_length - 4) or FALLBACK_SLUG
    taken = set(Tag.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    instance.slug = slug


def connect_signals() -> None:
    pre_save.connect(give_empty_slug_an_address, sender=Tag, dispatch_uid="people.vocabulary.slug")
