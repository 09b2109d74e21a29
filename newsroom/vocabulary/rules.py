"""Rules of the tag vocabulary: how a typed name is stored, when two names are one tag, and
the address every tag gets.

A tag's address is its slug. taggit derives it with Django's ``slugify``, which keeps Latin
letters only: « Сэм Альтман » or « ?! » would get an empty slug, which has no address and
breaks every page that links the tag. The ``pre_save`` handler (connected in ``apps.py``)
gives such a tag the slug of its transliterated name (« sem-altman »); a name with no letter
or digit at all (« ?! ») is refused by the forms with a clear message (``check_tag_names``),
and gets « mot-cle » when it comes another way (the shell, a script).

Two names with the same ``variant_key`` (case, accents, full-width letters, apostrophes and
dashes typed in different ways) name one tag. The tag admin refuses a new spelling of an
existing tag; the tags box of an article or a person uses the existing tag instead
(``canonical_tag_names``). The search's folding (``newsroom.folding.fold``) is another job: it
keeps one character per character, so positions in the folded text match the original.
"""

import unicodedata
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from taggit.models import Tag

from newsroom.slugs import ascii_slug

FALLBACK_SLUG = "mot-cle"

# Characters that change the order text is shown in, or show nothing: « \u202etest » reads
# « tset » on screen, and a zero-width space makes two identical-looking names differ.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
)
# Apostrophes and dashes typed in different ways name the same tag.
_LOOKALIKES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "–": "-", "—": "-"})


def normalize_name(name: str) -> str:
    """A typed tag name as it is stored: NFKC (full-width « Ｔｅｓｔ » → « Test »), direction
    controls and zero-width characters removed, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).translate(_INVISIBLE).split())


def variant_key(name: str) -> str:
    """A tag name without case, accents or typographic variants: « Sécurité de l’IA » → « securite de l'ia ».

    Two names with the same key are spellings of one tag.
    """
    decomposed = unicodedata.normalize("NFKD", normalize_name(name).translate(_LOOKALIKES).casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


def variant_groups(tags) -> dict[str, list]:
    """Tags grouped by variant key, only the groups that hold more than one spelling."""
    groups = defaultdict(list)
    for tag in tags:
        groups[variant_key(tag.name)].append(tag)
    return {key: group for key, group in groups.items() if len(group) > 1}


def find_variant(name: str, *, exclude_pk: int | None = None) -> Tag | None:
    """The existing tag ``name`` is a case or accent variant of, if any (one query)."""
    key = variant_key(name)
    others = Tag.objects.exclude(pk=exclude_pk) if exclude_pk else Tag.objects.all()
    return next((tag for tag in others.only("pk", "name", "slug") if variant_key(tag.name) == key), None)


def canonical_tag_names(names) -> list[str]:
    """``names`` typed in a tags box, each normalised and replaced by the existing tag it is a
    variant of (« Tést », « Ｔｅｓｔ » → « Test »), in order, without repeats (one query).

    A name that is already a tag (in any case, as taggit matches them) stays itself, so saving
    an object that carries two old variants does not move it from one to the other.
    """
    names = [normalize_name(name) for name in names]
    exact, variants = set(), {}
    if names:
        for name in Tag.objects.order_by("pk").values_list("name", flat=True):
            exact.add(name.casefold())
            variants.setdefault(variant_key(name), name)
    canonical = {}
    for name in names:
        # A new name is remembered, so a second spelling of it in the same box joins it.
        chosen = name if name.casefold() in exact else variants.setdefault(variant_key(name), name)
        canonical.setdefault(chosen.casefold(), chosen)
    return list(canonical.values())


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
