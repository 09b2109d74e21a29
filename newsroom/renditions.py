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
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import prefetch_related_objects
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


def has_transparency(picture: PILImage.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info)


def focal_crop(
    size: tuple[int, int], ratio: tuple[int, int], focal: tuple[float, float]
) -> tuple[int, int, int, int]:
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
        left, top, right, bottom = focal_crop(
            (image.width, image.height), spec.ratio, (image.focal_x, image.focal_y)
        )
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


def _load_source(image: Image) -> PILImage.Image:
    with image.file.storage.open(image.file.name, "rb") as handle:
        picture = PILImage.open(io.BytesIO(handle.read()))
        picture.load()
    # Uploads were made upright already; the first frame stands for an animated GIF.
    picture = ImageOps.exif_transpose(picture)
    if picture.mode not in ("RGB", "RGBA", "L", "LA"):
        picture = picture.convert("RGBA" if has_transparency(picture) else "RGB")
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


def ensure_renditions(image: Image) -> int:
    """Make the renditions ``image`` lacks and drop stale ones; returns how many were made.

    Idempotent: a second call with the same picture and focal point makes nothing, so the
    demo and a re-save do not redo work. A moved focal point remakes the cropped ones.
    """
    existing = list(image.renditions.all())
    source = None
    alpha = None
    if not existing or any(r.focal != image.focal_key for r in existing):
        source = _load_source(image)
        alpha = has_transparency(source)
    else:
        alpha = any(r.format == "PNG" for r in existing)
    want = wanted(image, alpha=alpha)
    keep = {}
    for rendition in existing:
        key = (rendition.spec, rendition.format, rendition.width, rendition.height)
        if key in want and rendition.focal == image.focal_key and key not in keep:
            keep[key] = rendition
        else:
            delete_rendition(rendition)
    made = 0
    for spec_name, image_format, width, height in want:
        if (spec_name, image_format, width, height) in keep:
            continue
        if source is None:
            source = _load_source(image)
        picture = _render(source, image, SPECS[spec_name], (width, height))
        content = _encode(picture, image_format, source.info.get("icc_profile"))
        digest = hashlib.sha256(f"{image.file.name}|{image.focal_key}".encode()).hexdigest()[:8]
        name = f"{spec_name}-{width}x{height}-{digest}.{EXTENSIONS[image_format]}"
        rendition = Rendition(
            image=image,
            spec=spec_name,
            format=image_format,
            width=width,
            height=height,
            focal=image.focal_key,
        )
        rendition.file.save(name, ContentFile(content), save=False)
        rendition.save()
        made += 1
    if hasattr(image, "_prefetched_objects_cache"):
        image._prefetched_objects_cache.pop("renditions", None)
    return made


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
