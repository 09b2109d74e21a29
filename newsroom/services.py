"""Operations on the image library: adding a picture and saving changes to one.

The admin, the demo and scripts all go through these, so every stored picture has been
checked and cleaned (``newsroom.images.clean_upload``) and has its renditions.
"""

import io

from django.core.files.base import File
from django.db import transaction

from .images import clean_upload
from .models import Image
from .renditions import delete_file_on_commit, delete_rendition, ensure_renditions


@transaction.atomic
def image_create(*, upload, by=None, **fields) -> Image:
    """Check ``upload`` (raises ValidationError), store a clean copy, make its renditions.

    Nothing is written to storage unless the upload and ``fields`` are valid.
    """
    clean = clean_upload(upload)
    image = Image(format=clean.format, width=clean.width, height=clean.height, **fields)
    image.full_clean(exclude=["file"])
    # The name is thrown away by image_upload_to: only the clean bytes and format are kept.
    image.file = File(io.BytesIO(clean.content), name=f"upload.{clean.extension}")
    return image_save(image=image, by=by)


@transaction.atomic
def image_save(*, image: Image, by=None, replaced_file: str = "") -> Image:
    """Save ``image`` and bring its renditions up to date (made once, reused after).

    ``replaced_file`` is the stored name of the picture a new upload replaces: its file and
    renditions are removed once the change is committed.
    """
    if image.pk is None and image.uploaded_by_id is None:
        image.uploaded_by = by
    image.save()
    if replaced_file and replaced_file != image.file.name:
        for rendition in image.renditions.all():
            delete_rendition(rendition)
        delete_file_on_commit(image.file.storage, replaced_file)
    ensure_renditions(image)
    return image
