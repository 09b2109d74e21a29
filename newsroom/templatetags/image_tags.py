"""Template helpers for pictures: responsive ``<picture>`` markup and sharing images.

Everything is read from the image's prefetched renditions: no query, no storage call, no
resizing while a page renders.
"""

from django import template
from django.conf import settings

from newsroom.renditions import MODERN_FORMATS

register = template.Library()


def absolute_media_url(url: str) -> str:
    """A media URL for feeds, Open Graph and JSON-LD: S3 URLs are already absolute."""
    if url.startswith(("http://", "https://", "//")):
        return url
    return settings.NEWSROOM_SITE_URL + url


def _renditions(image, spec: str) -> dict[str, list]:
    """The image's renditions for ``spec``, by format, narrowest first."""
    by_format = {}
    for rendition in sorted(image.renditions.all(), key=lambda r: r.width):
        if rendition.spec == spec:
            by_format.setdefault(rendition.format, []).append(rendition)
    return by_format


def _srcset(renditions) -> str:
    return ", ".join(f"{r.file.url} {r.width}w" for r in renditions)


@register.inclusion_tag("includes/picture.html")
def picture(image, spec="wide", sizes="100vw", css_class="", loading="lazy"):
    """``<picture>`` with AVIF/WebP sources and a JPEG/PNG ``<img>`` every browser reads.

    ``sizes`` tells the browser how wide the picture is shown, so it picks the right file;
    ``loading="eager"`` for the picture at the top of a page. Without renditions (not made
    yet) the original file is shown, still with its size to keep the layout steady.
    """
    by_format = _renditions(image, spec)
    fallback = next((by_format[f] for f in ("JPEG", "PNG") if f in by_format), None)
    context = {"image": image, "sizes": sizes, "css_class": css_class, "loading": loading}
    if not fallback:
        context.update(src=image.file.url, width=image.width, height=image.height, sources=[])
        return context
    # The src is a middle size: browsers without srcset support are old and small-screened.
    default = fallback[min(1, len(fallback) - 1)]
    context.update(
        src=default.file.url,
        srcset=_srcset(fallback),
        width=default.width,
        height=default.height,
        sources=[
            {"type": by_format[f][0].mime_type, "srcset": _srcset(by_format[f])}
            for f in MODERN_FORMATS
            if f in by_format
        ],
    )
    return context


@register.simple_tag
def sharing_image(image) -> dict | None:
    """The 1200×630 sharing picture (Open Graph, JSON-LD): absolute URL, size, alt; or None."""
    if image is None:
        return None
    rendition = next((r for r in image.renditions.all() if r.spec == "og"), None)
    if rendition is None:
        return {
            "url": absolute_media_url(image.file.url),
            "width": image.width,
            "height": image.height,
            "alt": image.alt,
            "type": image.mime_type,
        }
    return {
        "url": absolute_media_url(rendition.file.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.alt,
        "type": rendition.mime_type,
    }


def image_objects(image) -> list[dict]:
    """schema.org ImageObjects for JSON-LD: the sharing size, the widest 16:9, the square."""
    objects = []
    share = sharing_image(image)
    if share:
        objects.append(_image_object(share["url"], share["width"], share["height"], image))
    for spec in ("wide", "square"):
        fallback = next((r for f, r in _renditions(image, spec).items() if f in ("JPEG", "PNG")), None)
        if fallback:
            widest = fallback[-1]
            objects.append(_image_object(absolute_media_url(widest.file.url), widest.width, widest.height, image))
    return objects


def _image_object(url: str, width: int, height: int, image) -> dict:
    data = {"@type": "ImageObject", "url": url, "width": width, "height": height}
    if image.caption:
        data["caption"] = image.caption
    if image.credit:
        data["creditText"] = image.credit
    return data
