"""Renditions: the sizes and formats pages use, cropped around the editor's focal point.

Generated once, when an image is saved (``ensure_renditions``), stored through Django's
storage API and recorded as ``Rendition`` rows; pages read those rows with their own
queries and never resize anything or ask the storage whether a file exists.

Our own Pillow code rather than a thumbnail library: django-imagekit and sorl-thumbnail
generate on first request keyed by file names (a storage round trip per picture, or their
own cache), and neither crops around a stored focal point out of the box. What we need is
small: a few fixed templates, a focal crop and a table of what was made.

Each template (``SPECS``) has an aspect ratio (or keeps the picture's own) and a few widths;
each width is made in every modern format the server can encode (AVIF where Pillow has it,
WebP) plus a fallback every browser reads (JPEG, or PNG for a picture with transparency).
The sharing image (``og``) is exactly 1200×630 in JPEG, the size Open Graph readers expect.

Bounded work: the stored picture is decoded once and shrunk once to twice the largest size
any rendition needs, so the cost of the renditions does not grow with the upload's pixels.
Given a ``deadline`` (the admin's request budget), no rendition is started that would end
after it; the fallbacks every browser reads are made first, and what is left is made at the
image's next save.

Storage errors (a full, read-only or forbidden media folder) raise ``FileNotStored``, a
``ValidationError`` with the reason in French, after removing every file this save wrote,
even a partly written one: the rows roll back with the transaction and the files with them.
"""

import contextlib
import errno
import hashlib
import io
import time
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image as PILImage
from PIL import ImageOps, features

from .models import Image, Rendition

MODERN_FORMATS = (("AVIF",) if features.check("avif") else ()) + ("WEBP",)


@dataclass(frozen=True)
class Spec:
    """A rendition template: aspect ratio (None keeps the picture's), widths, formats."""

    name: str
    ratio: tuple[int, int] | None
    widths: tuple[int, ...]
    modern: bool = True
    exact: bool = False  # always this size, even from a smaller picture (sharing image)


SPECS = {
    spec.name: spec
    for spec in (
        Spec("wide", (16, 9), (480, 960, 1600)),  # heroes and article cards
        Spec("full", None, (640, 1280)),  # images in the body, uncropped
        Spec("square", (1, 1), (160, 320)),  # portraits and logos
        Spec("og", (1200, 630), (1200,), modern=False, exact=True),  # og:image, JSON-LD
    )
}
ENCODE_OPTIONS = {
    "AVIF": {"quality": 60, "speed": 8},
    "WEBP": {"quality": 80, "method": 4},
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
}
EXTENSIONS = {"AVIF": "avif", "WEBP": "webp", "JPEG": "jpg", "PNG": "png"}

_FULL = gettext_lazy("l’espace de stockage des médias est plein")
_FORBIDDEN = gettext_lazy("le serveur n’a pas le droit d’écrire dans le stockage des médias")
STORAGE_REASONS = {
    errno.ENOSPC: _FULL,
    errno.EDQUOT: _FULL,
    errno.EFBIG: _FULL,
    errno.EROFS: gettext_lazy("le stockage des médias est en lecture seule"),
    errno.EACCES: _FORBIDDEN,
    errno.EPERM: _FORBIDDEN,
    errno.ENOENT: gettext_lazy("l’original de l’image est introuvable dans le stockage des médias"),
}


class FileNotStored(ValidationError):
    """The media storage refused a read or a write; nothing this save wrote is left behind."""


def not_stored(error: OSError) -> FileNotStored:
    """The editor's message for a storage error: what happened, in French, and what to do."""
    reason = STORAGE_REASONS.get(error.errno) or _("erreur du stockage des médias (%(error)s)") % {
        "error": error.strerror or error
    }
    return FileNotStored(
        _(
            "Le fichier n’a pas pu être enregistré : %(reason)s. Rien n’a été modifié : "
            "réessayez plus tard ou prévenez l’équipe technique."
        )
        % {"reason": reason},
        code="not_stored",
    )


def discard_file(storage, name: str) -> None:
    """Remove a file this save wrote (maybe partly); a failure here must not hide the first."""
    with contextlib.suppress(OSError):
        storage.delete(name)


def store_file(field_file, name: str, content) -> str:
    """Write ``content`` where ``field_file``'s field puts ``name``; returns the stored name.

    Unlike ``FieldFile.save`` it knows the name before writing, so a write that fails half
    way (a full disk) is removed rather than left as a truncated file; the failure is raised
    as ``FileNotStored``. The instance's field then holds the stored name.
    """
    field, storage = field_file.field, field_file.storage
    name = field.generate_filename(field_file.instance, name)
    name = storage.get_available_name(name, max_length=field.max_length)
    try:
        stored = storage.save(name, content, max_length=field.max_length)
    except OSError as error:
        discard_file(storage, name)
        raise not_stored(error) from error
    setattr(field_file.instance, field.attname, stored)
    return stored


def has_transparency(picture: PILImage.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)


def focal_crop(size: tuple[int, int], ratio: tuple[int, int], focal: tuple[float, float]) -> tuple[int, int, int, int]:
    """The largest box of ``ratio`` inside ``size``, centred on the focal point as far as it can be.

    Returns (left, top, right, bottom) for ``Image.crop``. The box is shifted to stay inside
    the picture, so a point near an edge ends up near that edge of the crop, never outside.
    """
    width, height = size
    target = ratio[0] / ratio[1]
    if width / height > target:
        crop_w, crop_h = max(1, round(height * target)), height
    else:
        crop_w, crop_h = width, max(1, round(width / target))
    left = min(max(round(focal[0] * width - crop_w / 2), 0), width - crop_w)
    top = min(max(round(focal[1] * height - crop_h / 2), 0), height - crop_h)
    return left, top, left + crop_w, top + crop_h


def planned(image: Image, spec: Spec) -> list[tuple[int, int]]:
    """The (width, height) pairs ``spec`` makes from ``image``: never enlarged, except ``exact``."""
    if spec.exact:
        return [(spec.widths[0], round(spec.widths[0] * spec.ratio[1] / spec.ratio[0]))]
    if spec.ratio:
        left, top, right, bottom = focal_crop((image.width, image.height), spec.ratio, (image.focal_x, image.focal_y))
        source_w, source_h = right - left, bottom - top
    else:
        source_w, source_h = image.width, image.height
    sizes = {}
    for width in spec.widths:
        width = min(width, source_w)
        sizes[width] = max(1, round(width * source_h / source_w))
    return sorted(sizes.items())


def _render(source: PILImage.Image, image: Image, spec: Spec, size: tuple[int, int]) -> PILImage.Image:
    picture = source
    if spec.ratio:
        picture = picture.crop(focal_crop(picture.size, spec.ratio, (image.focal_x, image.focal_y)))
    return picture.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)


def _encode(picture: PILImage.Image, image_format: str, icc_profile) -> bytes:
    if image_format == "JPEG" and picture.mode != "RGB":
        if has_transparency(picture):
            # A transparent background reads as white on a page, not black.
            background = PILImage.new("RGB", picture.size, "white")
            background.paste(picture, mask=picture.convert("RGBA").getchannel("A"))
            picture = background
        else:
            picture = picture.convert("RGB")
    out = io.BytesIO()
    options = dict(ENCODE_OPTIONS[image_format])
    if icc_profile:
        options["icc_profile"] = icc_profile
    picture.save(out, image_format, **options)
    return out.getvalue()


def _working_scale(image: Image) -> float:
    """How far the source may be shrunk once and stay twice as large as any rendition needs."""
    needed = 0.0
    for spec in SPECS.values():
        source_w = image.width
        if spec.ratio:
            left, _top, right, _bottom = focal_crop(
                (image.width, image.height), spec.ratio, (image.focal_x, image.focal_y)
            )
            source_w = right - left
        needed = max([needed] + [width / source_w for width, _height in planned(image, spec)])
    return min(1.0, 2 * needed)


def _load_source(image: Image) -> PILImage.Image:
    try:
        with image.file.storage.open(image.file.name, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise not_stored(error) from error
    picture = PILImage.open(io.BytesIO(data))
    scale = _working_scale(image)
    working = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    if scale < 1:
        # A JPEG can decode straight at a fraction of its size, when that is still large enough.
        picture.draft(None, working)
    picture.load()
    # Uploads were made upright already; the first frame stands for an animated GIF.
    picture = ImageOps.exif_transpose(picture)
    if picture.mode not in ("RGB", "RGBA", "L", "LA"):
        picture = picture.convert("RGBA" if has_transparency(picture) else "RGB")
    if picture.width > working[0]:
        # Every rendition is then cut from this copy: their cost does not grow with the upload.
        picture = picture.resize(working, PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    return picture


def wanted(image: Image, *, alpha: bool) -> list[tuple[str, str, int, int]]:
    """Every (spec, format, width, height) ``image`` should have."""
    fallback = "PNG" if alpha else "JPEG"
    result = []
    for spec in SPECS.values():
        formats = (*MODERN_FORMATS, fallback) if spec.modern else ("JPEG",)
        for width, height in planned(image, spec):
            result += [(spec.name, image_format, width, height) for image_format in formats]
    return result


def _made_from_current_file(rendition: Rendition, image: Image) -> bool:
    """Renditions sit in a folder named after their source file: a replaced file makes them stale."""
    return PurePosixPath(rendition.file.name).parent.name == PurePosixPath(image.file.name).stem


def _keys(renditions) -> set[tuple[str, str, int, int]]:
    return {(r.spec, r.format, r.width, r.height) for r in renditions}


def renditions_complete(image: Image) -> bool:
    """Whether ``image`` has every rendition it should (one query, never the storage)."""
    have = _keys(Rendition.objects.filter(image=image))
    return have in (set(wanted(image, alpha=False)), set(wanted(image, alpha=True)))


@transaction.atomic
def ensure_renditions(image: Image, *, deadline: float | None = None) -> int:
    """Make the renditions ``image`` lacks and drop stale ones; returns how many were made.

    Idempotent: a second call with the same picture and focal point makes nothing, so the
    demo and a re-save do not redo work. A moved focal point remakes the cropped ones, a
    replaced file all of them. With a ``deadline`` (``time.monotonic()``), no rendition is
    started that would end after it, the JPEG/PNG fallbacks first: the call that follows
    makes the rest. A storage error raises ``FileNotStored`` and leaves no file behind.
    """
    # Read the rows, not a prefetched list: the admin's change page prefetched them before
    # this save, and a replaced file or a moved point makes them out of date.
    existing = list(Rendition.objects.filter(image=image))
    current = [r for r in existing if r.focal == image.focal_key and _made_from_current_file(r, image)]
    if len(current) == len(existing) and _keys(existing) in (
        set(wanted(image, alpha=False)),
        set(wanted(image, alpha=True)),
    ):
        return 0
    source = _load_source(image)
    want = wanted(image, alpha=has_transparency(source))
    keep = {}
    for rendition in existing:
        key = (rendition.spec, rendition.format, rendition.width, rendition.height)
        if key in want and rendition in current and key not in keep:
            keep[key] = rendition
        else:
            delete_rendition(rendition)
    # The fallbacks first (every browser reads them), then the modern formats.
    missing = sorted((key for key in want if key not in keep), key=lambda key: key[1] in MODERN_FORMATS)
    digest = hashlib.sha256(f"{image.file.name}|{image.focal_key}".encode()).hexdigest()[:8]
    written = []
    started = time.monotonic()
    try:
        for spec_name, image_format, width, height in missing:
            now = time.monotonic()
            pace = (now - started) / len(written) if written else 0.0
            if deadline is not None and now + pace > deadline:
                break
            picture = _render(source, image, SPECS[spec_name], (width, height))
            content = _encode(picture, image_format, source.info.get("icc_profile"))
            rendition = Rendition(
                image=image,
                spec=spec_name,
                format=image_format,
                width=width,
                height=height,
                focal=image.focal_key,
            )
            name = f"{spec_name}-{width}x{height}-{digest}.{EXTENSIONS[image_format]}"
            written.append(store_file(rendition.file, name, ContentFile(content)))
            rendition.save()
    except BaseException:
        # The rows roll back with the transaction; the files this call wrote go now.
        storage = Rendition._meta.get_field("file").storage
        for name in written:
            discard_file(storage, name)
        raise
    if hasattr(image, "_prefetched_objects_cache"):
        image._prefetched_objects_cache.pop("renditions", None)
    return len(written)


def delete_rendition(rendition: Rendition) -> None:
    """Remove a rendition's row now and its file once the transaction commits."""
    name, storage = rendition.file.name, rendition.file.storage
    rendition.delete()
    delete_file_on_commit(storage, name)


def delete_file_on_commit(storage, name: str) -> None:
    """Delete a stored file after commit: a rolled-back change still finds its file."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def delete_files(sender, instance, **kwargs) -> None:
    """Signal receiver (post_delete of Image and Rendition): their files go with the rows."""
    delete_file_on_commit(instance.file.storage, instance.file.name)


def prefetch_renditions(images) -> None:
    """Load the renditions of every picture in ``images`` in one query (none if empty).

    For a page whose pictures come from several relations (a hero and image blocks): one
    query for all of them, however many there are.
    """
    pending = [
        image
        for image in images
        if image is not None and "renditions" not in getattr(image, "_prefetched_objects_cache", {})
    ]
    if pending:
        prefetch_related_objects(pending, "renditions")
