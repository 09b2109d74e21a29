"""Safe image uploads: what a file really is, whether it may be kept, and a clean copy of it.

Every upload goes through ``clean_upload()`` before anything touches storage:

- the format is read from the content (Pillow's decoders, limited to the accepted ones),
  never from the name or the browser's content type; SVG, PDF and anything else is refused;
- the byte size and the pixel count are capped (``NEWSROOM_IMAGE_MAX_BYTES``,
  ``NEWSROOM_IMAGE_MAX_PIXELS``); the pixel count is read from the header, before a single
  pixel is decoded, so a tiny file claiming 30000×30000 pixels never reaches memory. An
  animation counts every frame: its frames times its pixels must fit the same cap, and it may
  have at most ``MAX_FRAMES`` frames, since each one costs time however small it is;
- decoding and re-encoding stop at a deadline (``DECODE_SECONDS`` unless the caller gives its
  own): an animation is checked between frames and refused as soon as the frames done so far
  say the rest would not fit, so no upload holds a worker past its request's budget;
- a truncated file, or one with data hidden after the image's end (an HTML or script
  "polyglot"), is refused;
- the image is then decoded and re-encoded in its own format: what is stored is Pillow's
  output, never the uploaded bytes, so metadata (EXIF GPS position, camera serial number,
  comments) and anything appended are gone. An animated GIF keeps its frames; any other
  animation keeps its first frame, the one every rendition shows. The orientation the camera
  recorded is applied to the pixels first; the colour (ICC) profile is kept.

Error messages are in French and name what the editor can do about it.
"""

import io
import re
import struct
import time
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError, features

# Decoders Pillow may try on an upload; AVIF only where this Pillow build reads it.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF") + (("AVIF",) if features.check("avif") else ())
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "AVIF": "avif"}
MIME_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
    "AVIF": "image/avif",
}

# Pillow's own guard, so that no code path (a rendition, a shell session) decodes a bomb:
# above this it warns, above twice this it refuses to open. Our check below comes first.
Image.MAX_IMAGE_PIXELS = settings.NEWSROOM_IMAGE_MAX_PIXELS

# An animation's frames each cost a decode and an encode whatever their size: a long one is
# refused even when its pixels fit, and the editor can shorten it or publish a video instead.
MAX_FRAMES = 300
# How long the checks and the re-encoding of one upload may take, so that the renditions made
# next still fit in the same request.
DECODE_SECONDS = 4.0

# Markup that has no business inside a picture: its presence anywhere in the bytes means a
# file built to be read as a web page or a script too.
_MARKUP = re.compile(rb"<\s*(script|html|body|iframe|svg|\?php)\b|javascript:", re.IGNORECASE)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class CleanImage:
    """An accepted upload, re-encoded: the bytes to store and what they are."""

    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


_LABELS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF", "AVIF": "AVIF"}


def accepted_formats_text() -> str:
    """« JPEG, PNG, WebP, GIF, AVIF »: what the error messages offer instead."""
    return ", ".join(_LABELS[name] for name in ACCEPTED_FORMATS)


def _refuse(message: str, code: str):
    raise ValidationError(message, code=code)


def _read(upload) -> bytes:
    """The upload's bytes, refusing an empty or oversized file before reading it all."""
    size = getattr(upload, "size", None)
    limit = settings.NEWSROOM_IMAGE_MAX_BYTES
    if size == 0:
        _refuse(_("Le fichier est vide (0 octet) : choisissez à nouveau l’image."), "empty")
    if size is not None and size > limit:
        _refuse(
            _("Le fichier pèse %(size)s ; la limite est %(limit)s. Réduisez l’image avant de l’envoyer.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            "too_large",
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if not data:
        _refuse(_("Le fichier est vide (0 octet) : choisissez à nouveau l’image."), "empty")
    if len(data) > limit:
        _refuse(
            _("Le fichier dépasse la limite de %(limit)s. Réduisez l’image avant de l’envoyer.")
            % {"limit": filesizeformat(limit)},
            "too_large",
        )
    return data


def _not_an_image(data: bytes):
    """Refuse a file Pillow does not recognise, saying what it looks like when we can tell."""
    head = data[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        _refuse(_("Ce fichier est un PDF, pas une image : exportez la page en JPEG ou en PNG."), "pdf")
    if b"<svg" in head or (head.startswith(b"<?xml") and b"svg" in data[:4096].lower()):
        _refuse(
            _("Les images SVG ne sont pas acceptées (elles peuvent contenir du code) : envoyez un PNG."),
            "svg",
        )
    _refuse(
        _("Ce fichier n’est pas une image reconnue. Formats acceptés : %(formats)s.")
        % {"formats": accepted_formats_text()},
        "not_an_image",
    )


def _too_many_pixels(width: int, height: int):
    _refuse(
        _(
            "L’image mesure %(width)s × %(height)s pixels, au-delà de la limite de %(limit)s "
            "mégapixels : réduisez-la avant de l’envoyer."
        )
        % {
            "width": width,
            "height": height,
            "limit": f"{settings.NEWSROOM_IMAGE_MAX_PIXELS / 1_000_000:g}",
        },
        "too_many_pixels",
    )


def _too_many_frames(frames: int):
    _refuse(
        _(
            "L’animation compte %(frames)s images ; la limite est %(limit)s : raccourcissez-la "
            "(ou publiez-la en vidéo) avant de l’envoyer."
        )
        % {"frames": frames, "limit": MAX_FRAMES},
        "too_many_frames",
    )


def _animation_too_large(frames: int, width: int, height: int):
    _refuse(
        _(
            "L’animation compte %(frames)s images de %(width)s × %(height)s pixels, soit "
            "%(total)s mégapixels à traiter, au-delà de la limite de %(limit)s mégapixels : "
            "raccourcissez-la ou réduisez-la avant de l’envoyer."
        )
        % {
            "frames": frames,
            "width": width,
            "height": height,
            "total": f"{frames * width * height / 1_000_000:.3g}",
            "limit": f"{settings.NEWSROOM_IMAGE_MAX_PIXELS / 1_000_000:g}",
        },
        "too_many_pixels",
    )


def _too_slow():
    _refuse(
        _(
            "Cette image demande trop de calcul pour être préparée à temps : réduisez-la (ou "
            "raccourcissez l’animation) avant de l’envoyer."
        ),
        "too_slow",
    )


class _Clock:
    """The time left to an upload, checked between frames: refuse once the rest cannot fit."""

    def __init__(self, deadline: float):
        self.deadline = deadline

    def check(self, started: float, done: int, total: int) -> None:
        """Refuse if ``total`` steps, at the pace of the ``done`` since ``started``, end late."""
        now = time.monotonic()
        projected = now + (now - started) / max(done, 1) * (total - done)
        if now > self.deadline or projected > self.deadline:
            _too_slow()


def _png_end(data: bytes) -> int | None:
    """Where a PNG's IEND chunk ends, walking the chunks; None if there is no IEND."""
    offset = len(_PNG_SIGNATURE)
    while offset + 8 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        offset += 12 + length  # length, type, data, CRC
        if kind == b"IEND":
            return offset
    return None


def _trailing_data(data: bytes, image_format: str) -> bool:
    """Whether bytes follow the image's declared end (where the format states its end)."""
    if image_format == "PNG":
        end = _png_end(data)
        return end is not None and data[end:].strip(b"\x00\r\n\t ") != b""
    if image_format == "WEBP" and data[:4] == b"RIFF":
        (riff_size,) = struct.unpack("<I", data[4:8])
        end = 8 + riff_size + (riff_size & 1)
        return data[end:].strip(b"\x00") != b""
    return False


def _open_header(data: bytes) -> Image.Image:
    """Open (header only) with the accepted decoders; bombs and non-images are refused."""
    with warnings.catch_warnings():
        # Pillow warns (DecompressionBombWarning) above MAX_IMAGE_PIXELS: treat it as a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            width, height = _declared_size(data)
            _too_many_pixels(width, height)
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error):
            _not_an_image(data)


def _declared_size(data: bytes) -> tuple[str, str]:
    """The size a PNG header claims, for the message; question marks for other formats."""
    if data.startswith(_PNG_SIGNATURE) and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    return ("?", "?")


def _frame_count(image: Image.Image) -> int:
    """How many frames the file holds, read from its structure without decoding any."""
    try:
        return getattr(image, "n_frames", 1)
    except (OSError, SyntaxError, ValueError, EOFError, struct.error):
        _refuse(
            _("L’image est incomplète ou abîmée (fichier tronqué ?) : exportez-la à nouveau."),
            "truncated",
        )


def _decode(image: Image.Image, frames: int, clock: _Clock) -> None:
    """Decode every pixel of the ``frames`` kept now, so a truncated or corrupt file is refused here."""
    started = time.monotonic()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            for frame in range(frames):
                image.seek(frame)
                image.load()
                clock.check(started, frame + 1, frames)
            image.seek(0)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _too_many_pixels(*image.size)
    except (OSError, SyntaxError, ValueError, EOFError, struct.error):
        _refuse(
            _("L’image est incomplète ou abîmée (fichier tronqué ?) : exportez-la à nouveau."),
            "truncated",
        )


def _later_frames(image: Image.Image, frames: int, clock: _Clock):
    """Frames 1 to ``frames - 1`` for the GIF encoder, the clock checked before each."""
    started = time.monotonic()
    for frame in range(1, frames):
        clock.check(started, frame, frames)
        image.seek(frame)
        yield image.copy()


def _encode(image: Image.Image, image_format: str, frames: int, clock: _Clock) -> bytes:
    """The image re-encoded in its own format, orientation applied, metadata dropped."""
    icc_profile = image.info.get("icc_profile")
    out = io.BytesIO()
    if image_format == "GIF" and frames > 1:
        # Animated GIFs keep their frames and timing; only the metadata is lost. The frames
        # after the first are handed over one by one, so the clock can stop a slow encode.
        image.seek(0)
        first = image.copy()
        first.save(
            out,
            "GIF",
            save_all=True,
            append_images=_later_frames(image, frames, clock),
            loop=image.info.get("loop", 0),
            duration=image.info.get("duration"),
        )
        return out.getvalue()
    upright = ImageOps.exif_transpose(image)
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=90, optimize=True, **options)
    elif image_format == "PNG":
        upright.save(out, "PNG", optimize=True, **options)
    elif image_format == "WEBP":
        upright.save(out, "WEBP", quality=90, **options)
    elif image_format == "AVIF":
        upright.save(out, "AVIF", quality=80, **options)
    else:  # a still GIF
        upright.save(out, "GIF")
    return out.getvalue()


def clean_upload(upload, *, deadline: float | None = None) -> CleanImage:
    """Check an uploaded file and return a clean re-encoded copy, or raise ValidationError.

    ``upload`` is any file-like object with ``read()`` (Django's UploadedFile, a File, a
    BytesIO). The work stops at ``DECODE_SECONDS`` from now, or at ``deadline``
    (``time.monotonic()``, the caller's request budget) if that comes first. Nothing is
    written anywhere: the caller stores ``CleanImage.content`` under a generated name.
    """
    limit = time.monotonic() + DECODE_SECONDS
    clock = _Clock(limit if deadline is None else min(deadline, limit))
    data = _read(upload)
    image = _open_header(data)
    image_format = image.format
    width, height = image.size
    # The header is all we have read so far: refuse before decoding a single pixel.
    if width * height > settings.NEWSROOM_IMAGE_MAX_PIXELS:
        _too_many_pixels(width, height)
    frames = _frame_count(image)
    if frames > MAX_FRAMES:
        _too_many_frames(frames)
    if frames * width * height > settings.NEWSROOM_IMAGE_MAX_PIXELS:
        _animation_too_large(frames, width, height)
    if _MARKUP.search(data):
        _refuse(
            _("Ce fichier contient du code (HTML ou script) en plus de l’image : il est refusé."),
            "polyglot",
        )
    if _trailing_data(data, image_format):
        _refuse(
            _("Des données inconnues suivent la fin de l’image (fichier piégé ?) : il est refusé."),
            "polyglot",
        )
    # Only a GIF keeps its animation (see the module's docstring): other formats are decoded
    # and stored as their first frame.
    kept = frames if image_format == "GIF" else 1
    _decode(image, kept, clock)
    content = _encode(image, image_format, kept, clock)
    # The copy must read back as the same kind of image, or we would store something else.
    try:
        check = Image.open(io.BytesIO(content), formats=(image_format,))
        check.load()
    except (OSError, SyntaxError, ValueError):
        _refuse(_("Cette image n’a pas pu être enregistrée proprement : exportez-la à nouveau."), "roundtrip")
    if check.format != image_format:
        _refuse(_("Cette image n’a pas pu être enregistrée proprement : exportez-la à nouveau."), "roundtrip")
    return CleanImage(content=content, format=image_format, width=check.width, height=check.height)


def images_missing_alt(images) -> list:
    """The images (once each, in order) that need alt text: not decorative, no text yet."""
    missing = {}
    for image in images:
        if image is not None and not image.is_decorative and not image.alt_text.strip():
            missing.setdefault(image.pk, image)
    return list(missing.values())


def require_alt_text(images) -> None:
    """Refuse (ValidationError) while one of ``images`` lacks alt text, naming each of them.

    Called by the publish path: a reader who cannot see a picture must be told what it shows,
    unless the editor marked it decorative.
    """
    missing = images_missing_alt(images)
    if missing:
        names = ", ".join(f"« {image} »" for image in missing)
        raise ValidationError(
            _(
                "Texte alternatif manquant pour %(images)s : décrivez ce que montre chaque image "
                "(ou cochez « image décorative ») avant de publier."
            )
            % {"images": names},
            code="missing_alt",
        )
