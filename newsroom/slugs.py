"""Addresses from names in any script.

Django's ``slugify`` drops what is not Latin: « Сэм Альтман » or « 李飞飞 » would get an empty
slug, hence no address. ``anyascii`` (ISC licence, no dependencies) transliterates every
script first: « sem-altman », « lifeifei ».
"""

from anyascii import anyascii
from django import forms
from django.db import models
from django.utils.text import slugify


def ascii_slug(text: str, *, max_length: int | None = None) -> str:
    """An ASCII slug of ``text`` in any script, cut at a dash boundary; "" if nothing is left."""
    slug = slugify(anyascii(text))
    if max_length is not None and len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug.strip("-")


class LowercaseSlugFormField(forms.SlugField):
    """A slug typed by hand, lower-cased: « Lilian-Weng » and « lilian-weng » would be two
    addresses for two objects a reader cannot tell apart; lower-cased, the second is refused by
    the form's uniqueness check with its usual message."""

    def to_python(self, value):
        return super().to_python(value).lower()


class LowercaseSlugAdminMixin:
    """Admin forms whose ``slug`` field lower-cases what is typed (see LowercaseSlugFormField)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "slug" and isinstance(db_field, models.SlugField):
            kwargs["form_class"] = LowercaseSlugFormField
        return super().formfield_for_dbfield(db_field, request, **kwargs)
