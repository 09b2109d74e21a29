"""Pictures for the demo, drawn locally with Pillow: plainly illustrations, never photos.

Portraits are initials on a coloured disc; the story's hero is an abstract composition.
Nothing is downloaded, and the same input always draws the same picture.
"""

import io

from PIL import Image, ImageDraw, ImageFont

CREDIT = "Illustration générée par Newsroom (démo)"

# (colour, its name in the alt text): the alt text says what a sighted reader sees.
PALETTE = [
    ("#1d4e89", "bleu"),
    ("#2a7f62", "vert"),
    ("#8c2f39", "bordeaux"),
    ("#6b4c9a", "violet"),
    ("#b4541a", "orange"),
    ("#2f4858", "bleu-gris"),
    ("#7a5c12", "ocre"),
    ("#3d5a80", "bleu ardoise"),
]
PORTRAIT_SIZE = 480
HERO_SIZE = (1600, 900)
# Where the hero's subject (the circles) sits, as the editor would set the focal point.
HERO_FOCAL = (0.68, 0.42)


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow built without FreeType: the small bitmap font
        return ImageFont.load_default()


def _png(picture: Image.Image) -> io.BytesIO:
    out = io.BytesIO()
    picture.save(out, "PNG")
    out.seek(0)
    return out


def initials(name: str) -> str:
    """« Lilian Weng » → « LW »; « Bob McGrew » → « BM »."""
    return "".join(part[0] for part in name.split()[:2]).upper()


def portrait(name: str, index: int) -> tuple[io.BytesIO, str]:
    """A square PNG with the person's initials on a coloured background, and its alt text."""
    colour, colour_name = PALETTE[index % len(PALETTE)]
    letters = initials(name)
    picture = Image.new("RGB", (PORTRAIT_SIZE, PORTRAIT_SIZE), colour)
    draw = ImageDraw.Draw(picture)
    draw.ellipse((24, 24, PORTRAIT_SIZE - 24, PORTRAIT_SIZE - 24), outline="white", width=6)
    draw.text((PORTRAIT_SIZE / 2, PORTRAIT_SIZE / 2), letters, fill="white", font=_font(180), anchor="mm")
    alt = f"Illustration : initiales {letters} sur fond {colour_name}"
    return _png(picture), alt


def hero() -> tuple[io.BytesIO, str]:
    """The story's hero: concentric circles and diagonal lines on night blue, and its alt text."""
    width, height = HERO_SIZE
    picture = Image.new("RGB", HERO_SIZE, "#14213d")
    draw = ImageDraw.Draw(picture)
    for offset in range(-height, width, 90):
        draw.line((offset, height, offset + height, 0), fill="#1f3461", width=18)
    centre_x, centre_y = width * HERO_FOCAL[0], height * HERO_FOCAL[1]
    for radius, colour in ((300, "#fca311"), (220, "#e5e5e5"), (140, "#fca311"), (60, "#ffffff")):
        draw.ellipse(
            (centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius),
            outline=colour,
            width=14,
        )
    alt = "Illustration abstraite : cercles concentriques orange et blancs sur fond bleu nuit rayé de diagonales"
    return _png(picture), alt
