"""Operations on the image library: adding a picture and saving changes to one.

The admin, the demo and scripts all go through these, so every stored picture has been
checked and cleaned (``newsroom.images.clean_upload``) and has its renditions.
"""

from django.core.files.base import ContentFile
from django.db import transaction

from .images import CleanImage, clean_upload
from .models import Image
from .renditions import delete_file_on_commit, delete_rendition, ensure_renditions


def _attach(image: Image, clean: CleanImage) -> None:
    """Put a cleaned picture on ``image``; ``image_upload_to`` names the file."""
    old_name = image.file.name if image.pk else ""
    image.format = clean.format
    image.width, image.height = clean.width, clean.height
    # The name given here is thrown away by image_upload_to: only the extension is ours.
    image.file.save(f"upload.{clean.extension}", ContentFile(clean.content), save=False)
    if old_name and old_name != image.file.name:
        for rendition in image.renditions.all():
            delete_rendition(rendition)
        delete_file_on_commit(image.file.storage, old_name)


@transaction.atomic
def image_create(*, upload, by=None, **fields) -> Image:
    """Check ``upload`` (raises ValidationError), store a clean copy, make its renditions."""
    clean = upload if isinstance(upload, CleanImage) else clean_upload(upload)
    image = Image(uploaded_by=by, format=clean.format, width=clean.width, height=clean.height, **fields)
    # Validated before the file is written, so a refused image leaves nothing in storage.
    image.full_clean(exclude=["file"])
    _attach(image, clean)
    image.save()
    ensure_renditions(image)
    return image


@transaction.atomic
def image_save(*, image: Image, clean: CleanImage | None = None, by=None) -> Image:
    """Save ``image`` (with a new cleaned picture if given) and bring its renditions up to date."""
    image.full_clean(exclude=["file"])
    if clean is not None:
        _attach(image, clean)
        if image.uploaded_by_id is None:
            image.uploaded_by = by
    image.save()
    ensure_renditions(image)
    return image
