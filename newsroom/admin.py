"""The admin of the image library: upload (checked and cleaned), alt text, credit, focal point."""

import io
import time

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.files.base import File
from django.db.models import Q
from django.forms import Script
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import (
    lockout_admin,  # noqa: F401  (registers axes' failed logins with « Débloquer »)
    review,
    services,
)
from .admin_labels import FrenchLabelsAdminMixin
from .images import ACCEPTED_FORMATS, MIME_TYPES, accepted_formats_text, clean_upload
from .models import Image
from .renditions import FileNotStored, renditions_complete
from .review_admin import ReviewedAdminMixin
from .vocabulary import admin as vocabulary_admin  # noqa: F401  (registers the Tag and TagRedirect admins)

# The admin's own budget for an upload when the request deadline (newsroom/deadline.py) is
# off: it still answers well before gunicorn kills a silent worker.
UPLOAD_SECONDS = 20.0
# Kept out of the budget for the queries that follow the last rendition (the log entry, the
# message), which the request deadline would otherwise refuse.
MARGIN_SECONDS = 1.0


def upload_deadline() -> float:
    """When an upload request must be done checking the file and making renditions."""
    seconds = settings.REQUEST_DEADLINE_SECONDS or UPLOAD_SECONDS
    return time.monotonic() + max(seconds - MARGIN_SECONDS, 0.0)


class ImageAdminForm(forms.ModelForm):
    """The upload is checked by ``clean_upload`` and replaced by its clean re-encoded copy.

    A plain FileField rather than Django's ImageField: the latter opens the file with
    Pillow before our checks and answers every problem with one vague message.

    ``ImageAdmin.get_form`` sets ``deadline`` (the request's budget) and, when the storage
    refused the files on a first try, ``storage_error``: the form is then shown again with it.
    """

    deadline: float | None = None
    storage_error: FileNotStored | None = None
    # A journalist's change to a picture readers see waits for an editor (newsroom.review);
    # a new file would be written at once, so replacing it is an editor's job.
    file_locked: bool = False

    file = forms.FileField(
        label=_("Fichier"),
        allow_empty_file=True,  # clean_upload refuses it with its own message
        help_text=_("Formats acceptés : %(formats)s.") % {"formats": accepted_formats_text()},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(MIME_TYPES[f] for f in ACCEPTED_FORMATS)}),
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "is_decorative", "caption", "credit", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        }

    def clean_file(self):
        if self.storage_error is not None:
            raise self.storage_error
        upload = self.cleaned_data.get("file")
        if upload is None or upload is self.initial.get("file") or not hasattr(upload, "content_type"):
            return upload  # unchanged: the stored picture was checked when it was uploaded
        if self.file_locked:
            raise forms.ValidationError(
                _(
                    "Cette image est en ligne : seul un éditeur peut en remplacer le fichier. "
                    "Ajoutez plutôt une nouvelle image, ou demandez à un éditeur."
                )
            )
        clean = clean_upload(upload, deadline=self.deadline)
        self.instance.format = clean.format
        self.instance.width, self.instance.height = clean.width, clean.height
        # What gets stored is the clean copy; image_upload_to gives it a generated name.
        return File(io.BytesIO(clean.content), name=f"upload.{clean.extension}")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_decorative") and cleaned.get("alt_text"):
            self.add_error(
                "alt_text",
                _(
                    "Une image décorative n’a pas de texte alternatif : videz ce champ ou décochez "
                    "« image décorative »."
                ),
            )
        return cleaned


class MissingAltFilter(admin.SimpleListFilter):
    title = _("texte alternatif")
    parameter_name = "alt"

    def lookups(self, request, model_admin):
        return [("missing", _("manquant")), ("present", _("renseigné ou décorative"))]

    def queryset(self, request, queryset):
        missing = Q(alt_text="", is_decorative=False)
        if self.value() == "missing":
            return queryset.filter(missing)
        if self.value() == "present":
            return queryset.exclude(missing)
        return queryset


def _thumbnail_rendition(image, spec: str, max_width: int):
    """The largest fallback (JPEG/PNG) rendition of ``spec`` no wider than ``max_width``."""
    candidates = [
        r for r in image.renditions.all() if r.spec == spec and r.format in ("JPEG", "PNG") and r.width <= max_width
    ]
    return max(candidates, key=lambda r: r.width, default=None)


@admin.register(Image)
class ImageAdmin(ReviewedAdminMixin, FrenchLabelsAdminMixin, admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "__str__", "format", "dimensions", "credit", "created_at", "uploaded_by"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = [MissingAltFilter, "is_decorative", "format"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text", "caption", "credit"]
    date_hierarchy = "created_at"
    readonly_fields = ["focal_preview", "dimensions", "format", "uploaded_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["file", ("format", "dimensions")]}),
        (
            _("Accessibilité"),
            {
                "fields": ["alt_text", "is_decorative"],
                "description": _(
                    "Décrivez ce que montre l’image comme à quelqu’un qui ne la voit pas. Une "
                    "image purement décorative n’a pas de texte alternatif."
                ),
            },
        ),
        (_("Légende et crédit"), {"fields": ["caption", "credit"]}),
        (
            _("Point d’intérêt"),
            {
                "fields": ["focal_preview", ("focal_x", "focal_y")],
                "description": _(
                    "Les recadrages (16:9, carré, partage 1200 × 630) gardent ce point visible. "
                    "Cliquez sur l’image pour le placer, ou saisissez les deux valeurs."
                ),
            },
        ),
        (_("Historique"), {"classes": ["collapse"], "fields": [("uploaded_by", "created_at")]}),
    ]

    class Media:
        js = [Script("admin-extra/focal-point.js", defer=True)]
        css = {"all": ["admin-extra/focal-point.css"]}

    def get_queryset(self, request):
        # Thumbnails read the renditions: one query for the whole list page.
        return super().get_queryset(request).prefetch_related("renditions")

    @admin.display(description=_("aperçu"))
    def thumbnail(self, obj):
        rendition = _thumbnail_rendition(obj, "square", 160)
        if rendition is None:
            return "—"
        return format_html('<img src="{}" width="80" height="80" alt="" class="image-thumbnail">', rendition.file.url)

    @admin.display(description=_("dimensions"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width else "—"

    @admin.display(description=_("image"))
    def focal_preview(self, obj):
        rendition = _thumbnail_rendition(obj, "full", 640) if obj.pk else None
        if rendition is None:
            return _("L’aperçu apparaît une fois l’image enregistrée.")
        return format_html(
            '<span class="focal-picker"><img src="{}" width="{}" height="{}" alt="" class="focal-picture">'
            '<span class="focal-marker" hidden></span></span>',
            rendition.file.url,
            rendition.width,
            rendition.height,
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            request.image_deadline = upload_deadline()
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except FileNotStored as error:
            # The admin's transaction has rolled back and the service removed what it wrote:
            # the same form again, with the reason on it, rather than a server error.
            request.image_storage_error = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        attributes = {
            "deadline": getattr(request, "image_deadline", None),
            "storage_error": getattr(request, "image_storage_error", None),
            "file_locked": obj is not None and review.needs_review(request.user, obj),
        }
        return type(form.__name__, (form,), attributes)

    def save_model(self, request, obj, form, change):
        new_file = form.cleaned_data["file"] if "file" in form.changed_data else None
        deadline = getattr(request, "image_deadline", None)
        services.image_save(image=obj, by=request.user, new_file=new_file, deadline=deadline)
        if not renditions_complete(obj):
            self.message_user(
                request,
                _(
                    "L’image est enregistrée, mais toutes ses tailles n’ont pas pu être préparées "
                    "à temps : enregistrez-la à nouveau pour les compléter. D’ici là, les pages "
                    "montrent les tailles déjà prêtes."
                ),
                messages.WARNING,
            )
