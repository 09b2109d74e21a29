"""Operations on the image library: adding a picture and saving changes to one.

The admin, the demo and scripts all go through these, so every stored picture has been
checked and cleaned (``newsroom.images.clean_upload``) and has its renditions.
"""

import io

from django.core.files.base import File
from django.db import transaction

from .images import clean_upload
from .models import Image
from .renditions import delete_file_on_commit, discard_file, ensure_renditions, store_file


@transaction.atomic
def image_create(*, upload, by=None, deadline: float | None = None, **fields) -> Image:
    """Check ``upload`` (raises ValidationError), store a clean copy, make its renditions.

    Nothing is written to storage unless the upload and ``fields`` are valid. ``deadline``
    (``time.monotonic()``) bounds the checks and the renditions, as in ``image_save``.
    """
    clean = clean_upload(upload, deadline=deadline)
    image = Image(format=clean.format, width=clean.width, height=clean.height, **fields)
    image.full_clean(exclude=["file"])
    # The name is thrown away by image_upload_to: only the clean bytes and format are kept.
    new_file = File(io.BytesIO(clean.content), name=f"upload.{clean.extension}")
    return image_save(image=image, by=by, new_file=new_file, deadline=deadline)


@transaction.atomic
def image_save(*, image: Image, by=None, new_file: File | None = None, deadline: float | None = None) -> Image:
    """Save ``image`` and bring its renditions up to date (made once, reused after).

    ``new_file`` is a clean copy (``clean_upload``) that replaces the stored picture, its
    ``format``, ``width`` and ``height`` already set on ``image``: the old file and its
    renditions are removed once the change is committed. With a ``deadline``, renditions
    that would end after it are left for the next save (``renditions_complete`` tells).

    A storage error raises ``FileNotStored`` (a ValidationError) and leaves nothing behind:
    no file written by this save, and the transaction rolls the rows back.
    """
    if image.pk is None and image.uploaded_by_id is None:
        image.uploaded_by = by
    replaced = ""
    stored = ""
    try:
        if new_file is not None:
            if image.pk is not None:
                replaced = Image.objects.values_list("file", flat=True).get(pk=image.pk)
            stored = store_file(image.file, new_file.name, new_file)
        image.save()
        ensure_renditions(image, deadline=deadline)
    except BaseException:
        # The row rolls back with the transaction; the new picture's file goes now.
        if stored:
            discard_file(image.file.storage, stored)
        raise
    if replaced and replaced != image.file.name:
        delete_file_on_commit(image.file.storage, replaced)
    return image
