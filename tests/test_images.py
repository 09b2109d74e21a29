"""The image library: hostile uploads refused through the real admin form, clean copies, renditions."""

import html
import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from PIL import ImageOps, features

from newsroom.models import Image, Rendition
from newsroom.renditions import ensure_renditions, focal_crop
from tests import factories

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:newsroom_image_add")


@pytest.fixture
def editor(client):
    user = User.objects.create_user("redactrice", password="une-phrase-de-passe", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def upload(client, name: str, data: bytes, **fields):
    form = {"alt_text": "Une photo", "caption": "", "credit": "", "focal_x": "0.5", "focal_y": "0.5"}
    form.update(fields)
    return client.post(ADD_URL, {**form, "file": SimpleUploadedFile(name, data)})


def errors_of(response) -> str:
    assert response.status_code == 200, "the form should be shown again with its error"
    page = html.unescape(response.content.decode())
    assert "errornote" in page
    return page


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_bomb() -> bytes:
    """A ~1 KB PNG whose header claims 30000 × 30000 pixels (900 megapixels)."""
    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 4096, 9)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels) + _png_chunk(b"IEND", b"")


def noisy_jpeg() -> bytes:
    """A JPEG with enough detail that half of it is past the header, in the pixel data."""
    out = io.BytesIO()
    PILImage.effect_noise((640, 480), 64).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


HOSTILE = {
    "decompression bomb": (
        "bombe.png",
        png_bomb,
        "30000 × 30000 pixels, au-delà de la limite de 40 mégapixels",
    ),
    "truncated JPEG": (
        "coupee.jpg",
        lambda: (lambda data: data[: len(data) // 2])(noisy_jpeg()),
        "L’image est incomplète ou abîmée",
    ),
    "PNG with HTML appended": (
        "polyglotte.png",
        lambda: factories.image_bytes(size=(40, 40)) + b"<html><script>alert(document.cookie)</script></html>",
        "Ce fichier contient du code (HTML ou script)",
    ),
    "PNG with data after IEND": (
        "cachette.png",
        lambda: factories.image_bytes(size=(40, 40)) + b"PK\x03\x04" + bytes(range(256)),
        "Des données inconnues suivent la fin de l’image",
    ),
    "SVG": (
        "logo.svg",
        lambda: (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
            b'<rect width="9" height="9"/></svg>'
        ),
        "Les images SVG ne sont pas acceptées",
    ),
    "PDF named .jpg": (
        "photo.jpg",
        lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n",
        "Ce fichier est un PDF, pas une image",
    ),
    "zero-byte file": ("vide.png", lambda: b"", "Le fichier est vide (0 octet)"),
    "text named .png": (
        "notes.png",
        lambda: "Compte rendu de la conférence de rédaction.\n".encode() * 20,
        "Ce fichier n’est pas une image reconnue",
    ),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_upload_is_refused_with_a_clear_message_and_nothing_is_stored(client, editor, settings, case):
    name, make, message = HOSTILE[case]
    page = errors_of(upload(client, name, make()))
    assert message in page
    assert Image.objects.count() == 0 and Rendition.objects.count() == 0
    assert stored_files(settings) == []


def test_a_file_over_the_size_limit_is_refused_before_being_decoded(client, editor, settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 10_000
    data = factories.image_bytes(size=(400, 400), image_format="BMP")  # large, and not even accepted
    page = errors_of(upload(client, "grosse.png", data))
    assert "la limite est 9,8\xa0Kio" in page
    assert stored_files(settings) == []


def test_a_picture_over_the_pixel_cap_gets_the_pixel_message(client, editor, settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 100 * 100
    page = errors_of(upload(client, "large.png", factories.image_bytes(size=(200, 100))))
    assert "200 × 100 pixels, au-delà de la limite de 0.01 mégapixels" in page
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    ("name", "image_format", "options", "extension"),
    [
        ("anime.gif", "GIF", {}, "gif"),
        ("photo.webp", "WEBP", {"quality": 80}, "webp"),
        ("capture.PNG", "PNG", {}, "png"),
        ("mal-nommee.png", "JPEG", {}, "jpg"),
    ],
)
def test_good_pictures_are_accepted_under_a_generated_name_with_their_true_format(
    client, editor, settings, name, image_format, options, extension
):
    data = factories.image_bytes(size=(300, 200), color="teal", image_format=image_format, **options)
    response = upload(client, name, data)
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.format == image_format and (image.width, image.height) == (300, 200)
    assert image.uploaded_by == editor
    stored = Path(image.file.name)
    assert stored.parent == Path("images") and stored.suffix == f".{extension}"
    assert len(stored.stem) == 32 and name.split(".")[0] not in image.file.name
    with image.file.open("rb") as handle:
        assert PILImage.open(handle).format == image_format


def test_an_animated_gif_keeps_its_frames(client, editor):
    frames = [PILImage.new("RGB", (60, 40), color) for color in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert upload(client, "anim.gif", out.getvalue()).status_code == 302
    with Image.objects.get().file.open("rb") as handle:
        assert PILImage.open(handle).n_frames == 3


def animated_gif(*, frames: int, size: tuple[int, int]) -> bytes:
    """A GIF whose frames each differ by one pixel, so it stays small whatever its length."""
    first = PILImage.new("P", size, 0)
    first.putpalette([0, 0, 0, 255, 0, 0])
    images = []
    for index in range(frames):
        frame = first.copy()
        frame.putpixel((index % size[0], index // size[0] % size[1]), 1)
        images.append(frame)
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:], duration=40, loop=0)
    return out.getvalue()


def test_a_long_animation_is_refused_at_once_without_decoding_its_frames(client, editor, settings):
    """1,500 frames is the hostile tester's GIF: refused from its structure, in a blink."""
    data = animated_gif(frames=1500, size=(40, 30))
    started = time.monotonic()
    page = errors_of(upload(client, "longue.gif", data))
    assert time.monotonic() - started < 2
    assert "L’animation compte 1500 images ; la limite est 300 : raccourcissez-la" in page
    assert stored_files(settings) == []


def test_an_animation_counts_every_frame_against_the_pixel_cap(client, editor, settings):
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 100 * 100
    page = errors_of(upload(client, "trois.gif", animated_gif(frames=3, size=(60, 60))))
    assert (
        "L’animation compte 3 images de 60 × 60 pixels, soit 0.0108 mégapixels à traiter, "
        "au-delà de la limite de 0.01 mégapixels"
    ) in page
    assert stored_files(settings) == []


def test_an_animation_too_slow_to_prepare_is_refused_before_its_time_is_spent(client, editor, settings, monkeypatch):
    """Checked between frames: once the frames done say the rest will not fit, it stops."""
    from newsroom import images

    real = images.time.monotonic
    ticks = {"count": 0}

    class SlowClock:
        """Each reading of the upload's clock is one second after the one before."""

        @staticmethod
        def monotonic():
            ticks["count"] += 1
            return real() + ticks["count"]

    monkeypatch.setattr(images, "time", SlowClock)
    page = errors_of(upload(client, "lente.gif", animated_gif(frames=200, size=(40, 30))))
    assert "Cette image demande trop de calcul pour être préparée à temps" in page
    assert ticks["count"] < images.DECODE_SECONDS  # refused long before the limit was reached
    assert stored_files(settings) == []


def test_an_animated_webp_is_kept_as_its_first_frame(client, editor):
    frames = [PILImage.new("RGB", (60, 40), color) for color in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=100, lossless=True)
    assert upload(client, "anim.webp", out.getvalue()).status_code == 302
    with Image.objects.get().file.open("rb") as handle:
        stored = PILImage.open(handle)
        red, green, blue = stored.convert("RGB").getpixel((30, 20))
        assert getattr(stored, "n_frames", 1) == 1 and red > 200 and green < 30 and blue < 30


def _jpeg_with_gps_serial_and_orientation() -> bytes:
    """A 200×100 JPEG, red on its left half, with GPS, a camera serial and orientation 6."""
    picture = PILImage.new("RGB", (200, 100), "blue")
    picture.paste("red", (0, 0, 100, 100))
    exif = PILImage.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "Appareil Exemple"  # Make
    exif.get_ifd(0x8769)[0xA431] = "SN-0042-SECRET"  # BodySerialNumber
    exif.get_ifd(0x8825).update({1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 7.0)})
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif.tobytes(), quality=95)
    return out.getvalue()


def test_exif_gps_and_serial_are_stripped_and_orientation_applied(client, editor):
    original = _jpeg_with_gps_serial_and_orientation()
    before = PILImage.open(io.BytesIO(original)).getexif()
    assert before.get_ifd(0x8825) and before.get_ifd(0x8769)  # the test picture does carry them

    assert upload(client, "vacances.jpg", original).status_code == 302
    image = Image.objects.get()
    with image.file.open("rb") as handle:
        stored = PILImage.open(io.BytesIO(handle.read()))
    exif = stored.getexif()
    assert not exif.get_ifd(0x8825), "GPS position must not survive"
    assert 0xA431 not in exif.get_ifd(0x8769), "camera serial must not survive"
    assert b"SN-0042-SECRET" not in image.file.open("rb").read()
    assert exif.get(0x0112, 1) == 1
    # Shown upright: the picture is now 100 wide and 200 tall, red on top as the camera meant.
    assert stored.size == (100, 200) and (image.width, image.height) == (100, 200)
    upright = ImageOps.exif_transpose(PILImage.open(io.BytesIO(original)))
    for point in ((50, 20), (50, 180)):
        expected, got = upright.getpixel(point), stored.convert("RGB").getpixel(point)
        assert all(abs(a - b) < 40 for a, b in zip(expected, got, strict=True))


def test_colour_profile_is_kept(client, editor):
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = factories.image_bytes(size=(120, 80), image_format="JPEG", icc_profile=profile)
    assert upload(client, "profil.jpg", data).status_code == 302
    with Image.objects.get().file.open("rb") as handle:
        assert PILImage.open(handle).info.get("icc_profile") == profile


def test_decorative_image_may_not_carry_alt_text(client, editor, settings):
    page = errors_of(upload(client, "deco.png", factories.image_bytes(), is_decorative="on"))
    assert "Une image décorative n’a pas de texte alternatif" in page
    assert stored_files(settings) == []
    assert upload(client, "deco.png", factories.image_bytes(), is_decorative="on", alt_text="").status_code == 302
    assert Image.objects.get().alt == ""


# --- Renditions -----------------------------------------------------------------------------------

MODERN = {"AVIF", "WEBP"} if features.check("avif") else {"WEBP"}


def _read(rendition) -> PILImage.Image:
    with rendition.file.open("rb") as handle:
        picture = PILImage.open(io.BytesIO(handle.read()))
        picture.load()
    return picture


def test_renditions_have_the_planned_sizes_and_formats_and_the_files_match():
    image = factories.image(size=(2000, 1000))
    renditions = list(image.renditions.all())
    by_spec = {}
    for rendition in renditions:
        by_spec.setdefault(rendition.spec, set()).add((rendition.width, rendition.height, rendition.format))
        picture = _read(rendition)
        assert picture.size == (rendition.width, rendition.height)
        assert picture.format == rendition.format
    every = MODERN | {"JPEG"}
    assert by_spec["wide"] == {(w, h, f) for w, h in ((480, 270), (960, 540), (1600, 900)) for f in every}
    assert by_spec["full"] == {(w, h, f) for w, h in ((640, 320), (1280, 640)) for f in every}
    assert by_spec["square"] == {(w, w, f) for w in (160, 320) for f in every}
    assert by_spec["og"] == {(1200, 630, "JPEG")}


def test_small_pictures_are_not_enlarged_except_for_the_sharing_image():
    image = factories.image(size=(300, 200))
    widths = {(r.spec, r.width, r.height) for r in image.renditions.filter(format="JPEG")}
    assert widths == {
        ("wide", 300, 169),
        ("full", 300, 200),
        ("square", 160, 160),
        ("square", 200, 200),
        ("og", 1200, 630),
    }


def test_a_transparent_picture_falls_back_to_png_not_jpeg():
    image = factories.image(size=(400, 300), color="transparent")
    formats = {r.format for r in image.renditions.exclude(spec="og")}
    assert formats == MODERN | {"PNG"}


def test_renditions_are_made_once_and_reused():
    image = factories.image(size=(1000, 600))
    before = list(image.renditions.values_list("pk", "file"))
    assert ensure_renditions(image) == 0
    image.caption = "Une autre légende"
    image.save()
    assert ensure_renditions(image) == 0
    assert list(image.renditions.values_list("pk", "file")) == before


def _red_square_picture(focal: tuple[float, float]) -> bytes:
    """1600×900 white with a 100×100 red square centred on ``focal``."""
    picture = PILImage.new("RGB", (1600, 900), "white")
    x, y = round(focal[0] * 1600), round(focal[1] * 900)
    picture.paste("red", (x - 50, y - 50, x + 50, y + 50))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def _red_pixels(picture: PILImage.Image) -> int:
    rgb = picture.convert("RGB")
    return sum(1 for r, g, b in rgb.get_flattened_data() if r > 200 and g < 80 and b < 80)


def test_crops_keep_the_focal_point_in_the_picture(client, editor, django_capture_on_commit_callbacks):
    focal = (0.875, 0.15)
    upload(client, "carre-rouge.png", _red_square_picture(focal))
    image = Image.objects.get()
    # Centred crops lose the red square...
    assert all(_red_pixels(_read(r)) == 0 for r in image.renditions.filter(spec="square", format="JPEG"))
    old_files = [r.file.name for r in image.renditions.all()]

    # ...the editor places the focal point on it in the admin: the crops are made again around it.
    change_url = reverse("admin:newsroom_image_change", args=[image.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url,
            {
                "alt_text": "Un carré rouge",
                "caption": "",
                "credit": "",
                "focal_x": str(focal[0]),
                "focal_y": str(focal[1]),
            },
        )
    assert response.status_code == 302
    image.refresh_from_db()
    for spec in ("square", "wide", "og"):
        for rendition in image.renditions.filter(spec=spec):
            assert rendition.focal == "0.875,0.150"
            assert _red_pixels(_read(rendition)) > 0, f"{spec} {rendition.width} lost the focal point"
    assert not any(image.file.storage.exists(name) for name in old_files), "stale crops are deleted"


@pytest.mark.parametrize(
    ("size", "ratio", "focal", "box"),
    [
        ((1600, 900), (1, 1), (0.5, 0.5), (350, 0, 1250, 900)),
        ((1600, 900), (1, 1), (1.0, 0.5), (700, 0, 1600, 900)),
        ((1600, 900), (1, 1), (0.0, 0.5), (0, 0, 900, 900)),
        ((900, 1600), (16, 9), (0.5, 0.1), (0, 0, 900, 506)),
        ((900, 1600), (16, 9), (0.5, 0.9), (0, 1094, 900, 1600)),
    ],
)
def test_focal_crop_centres_on_the_point_and_stays_inside(size, ratio, focal, box):
    assert focal_crop(size, ratio, focal) == box


def test_image_admin_list_shows_thumbnails_and_finds_by_alt_text(client, editor, django_assert_max_num_queries):
    factories.image(alt_text="Lilian Weng en conférence")
    factories.image(alt_text="Siège d’OpenAI")
    page = client.get(reverse("admin:newsroom_image_changelist"), {"q": "conférence"}).content.decode()
    assert "Lilian Weng en conférence" in html.unescape(page) and "OpenAI" not in page
    assert 'class="image-thumbnail"' in page and "square-160x160" in page


def test_deleting_an_image_removes_its_files(client, editor, settings, django_capture_on_commit_callbacks):
    image = factories.image()
    assert stored_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:newsroom_image_delete", args=[image.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert stored_files(settings) == []


def test_an_image_in_use_cannot_be_deleted(client, editor):
    image = factories.image()
    factories.person(name="Lilian Weng", portrait=image)
    page = html.unescape(client.get(reverse("admin:newsroom_image_delete", args=[image.pk])).content.decode())
    assert "Lilian Weng" in page
    client.post(reverse("admin:newsroom_image_delete", args=[image.pk]), {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()


def test_the_bomb_is_refused_without_decoding_it():
    """The 30000×30000 header is refused before any pixel buffer is allocated (900 MB in RGB)."""
    import tracemalloc

    from django.core.exceptions import ValidationError

    from newsroom.images import clean_upload

    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            clean_upload(io.BytesIO(png_bomb()))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.code == "too_many_pixels"
    assert peak < 5_000_000


def test_image_change_page_offers_the_focal_point_picker_as_external_script(client, editor):
    image = factories.image(size=(1200, 800))
    response = client.get(reverse("admin:newsroom_image_change", args=[image.pk]))
    page = response.content.decode()
    assert 'class="focal-picker"' in page and "full-640x427" in page
    assert "admin-extra/focal-point.js" in page and 'name="focal_x"' in page and 'name="focal_y"' in page
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
