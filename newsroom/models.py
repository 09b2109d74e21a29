"""The image library: pictures shared by articles (hero, body) and people (portrait, logo).

It lives in the project package because both apps point at it and ``people`` never imports
``articles``. Files go through Django's storage API only (``STORAGES["default"]``), so media
can move to S3-compatible storage by configuration.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .images import EXTENSIONS, MIME_TYPES
from .vocabulary.models import TagRedirect  # noqa: F401  (a model of this app, see newsroom.vocabulary)


def image_upload_to(instance, filename: str) -> str:
    """``images/<uuid4>.<ext>``: never the uploader's file name or folders.

    The extension comes from the format read from the content (``Image.format``), so a
    PDF renamed ``.jpg`` could not even pick its own extension.
    """
    extension = EXTENSIONS.get(instance.format, "bin")
    return f"images/{uuid.uuid4().hex}.{extension}"


def rendition_upload_to(instance, filename: str) -> str:
    """Renditions sit beside their image's generated name (``renditions/<uuid>/…``)."""
    stem = PurePosixPath(instance.image.file.name).stem
    return f"renditions/{stem}/{PurePosixPath(filename).name}"


class Image(models.Model):
    class Format(models.TextChoices):
        JPEG = "JPEG", "JPEG"
        PNG = "PNG", "PNG"
        WEBP = "WEBP", "WebP"
        GIF = "GIF", "GIF"
        AVIF = "AVIF", "AVIF"

    file = models.ImageField(_("fichier"), upload_to=image_upload_to, max_length=200)
    width = models.PositiveIntegerField(_("largeur"), editable=False, default=0)
    height = models.PositiveIntegerField(_("hauteur"), editable=False, default=0)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices, editable=False)
    alt_text = models.CharField(
        _("texte alternatif"),
        max_length=300,
        blank=True,
        help_text=_(
            "Ce que montre l’image, pour qui ne la voit pas (ex. « Lilian Weng lors d’une "
            "conférence »). Obligatoire pour publier, sauf image décorative."
        ),
    )
    is_decorative = models.BooleanField(
        _("image décorative"),
        default=False,
        help_text=_("N’apporte aucune information : elle est ignorée des lecteurs d’écran (alt vide)."),
    )
    caption = models.CharField(_("légende"), max_length=500, blank=True)
    credit = models.CharField(_("crédit"), max_length=200, blank=True)
    focal_x = models.FloatField(
        _("point d’intérêt, horizontal"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("De 0 (bord gauche) à 1 (bord droit) : les recadrages le gardent visible."),
    )
    focal_y = models.FloatField(
        _("point d’intérêt, vertical"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("De 0 (haut) à 1 (bas)."),
    )
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("envoyée par"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
                violation_error_message=_("Le point d’intérêt doit être entre 0 et 1."),
            )
        ]

    def __str__(self):
        label = (
            self.alt_text
            or self.caption
            or (_("image décorative") if self.is_decorative else _("sans texte alternatif"))
        )
        return f"{label} (n° {self.pk})" if self.pk else str(label)

    @property
    def alt(self) -> str:
        """What goes in ``alt``: empty for a decorative image, as screen readers expect."""
        return "" if self.is_decorative else self.alt_text

    @property
    def mime_type(self) -> str:
        return MIME_TYPES.get(self.format, "application/octet-stream")

    @property
    def focal_key(self) -> str:
        """The focal point as renditions record it: a changed point makes them stale."""
        return f"{self.focal_x:.3f},{self.focal_y:.3f}"


class Rendition(models.Model):
    """One resized (and possibly cropped) copy of an image, generated once and reused.

    Rows are read with the page's queries (prefetched), so a page never asks the storage
    whether a file exists; ``focal`` records the point the crop was made around.
    """

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(_("gabarit"), max_length=10)
    format = models.CharField(_("format"), max_length=4)
    width = models.PositiveIntegerField(_("largeur"))
    height = models.PositiveIntegerField(_("hauteur"))
    focal = models.CharField(_("point d’intérêt"), max_length=16)
    file = models.FileField(_("fichier"), upload_to=rendition_upload_to, max_length=200)

    class Meta:
        ordering = ["spec", "format", "width"]
        verbose_name = _("déclinaison")
        verbose_name_plural = _("déclinaisons")
        constraints = [models.UniqueConstraint(fields=["image", "spec", "format", "width"], name="unique_rendition")]

    def __str__(self):
        return f"{self.spec} {self.width}×{self.height} {self.format}"

    @property
    def mime_type(self) -> str:
        return MIME_TYPES.get(self.format, "application/octet-stream")


class ContentGeneration(models.Model):
    """The one row that says which cached pages are current: bumped in the transaction of every
    change to what public pages show, so it commits (or rolls back) with the change itself.

    It lives in the database, not in the cache, because the cache can go backwards (restored
    from an old dump, flushed, failed over) while committed data cannot: a page is cached under
    the ``token`` it was rendered with, and a cache restored from yesterday only holds pages
    under tokens the database has since left behind. The token is random, so a database
    restored to an older counter never meets pages cached under that counter's first life.
    """

    value = models.BigIntegerField(default=1)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("génération du contenu")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="one_content_generation")]

    def __str__(self):
        return f"{self.value} ({self.token})"


class PendingChange(models.Model):
    """A journalist's change to something published pages show, waiting for an editor.

    ``base`` is the object (and its inline rows) as it was live when the journalist started,
    ``data`` as they left it, both in Django's serialised form; approving applies only what
    differs between the two, so an editor's own change made meanwhile is kept. See
    ``newsroom.review``.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("type"))
    object_id = models.BigIntegerField(_("objet"))
    object_repr = models.CharField(_("élément"), max_length=300)
    base = models.JSONField(_("version en ligne"))
    data = models.JSONField(_("version proposée"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("proposée par")
    )
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("modification en attente")
        verbose_name_plural = _("modifications en attente")
        permissions = [("approve_pendingchange", _("Approuver les modifications en attente"))]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_pending_change_per_object")
        ]

    def __str__(self):
        return str(self.object_repr)
