"""Addresses from names in any script.

Django's ``slugify`` drops what is not Latin: « Сэм Альтман » or « 李飞飞 » would get an empty
slug, hence no address. ``anyascii`` (ISC licence, no dependencies) transliterates every
script first: « sem-altman », « lifeifei ».
"""

from anyascii import anyascii
from django.utils.text import slugify


def ascii_slug(text: str, *, max_length: int | None = None) -> str:
    """An ASCII slug of ``text`` in any script, cut at a dash boundary; "" if nothing is left."""
    slug = slugify(anyascii(text))
    if max_length is not None and len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug.strip("-")
