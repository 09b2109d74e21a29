"""The image library against its storage: a full, read-only or forbidden media folder, and a
picture replaced by one of other dimensions, through the real admin forms."""

import errno
import html
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsroom import renditions
from newsroom.models import Image, Rendition
from tests import factories

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:newsroom_image_add")


@pytest.fixture
def editor(client):
    user = User.objects.create_user("redactrice", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def stored_files(settings) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return set()
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def form_data(data: bytes | None, **fields) -> dict:
    form = {"alt_text": "Une photo", "caption": "", "credit": "", "focal_x": "0.5", "focal_y": "0.5"}
    form.update(fields)
    if data is not None:
        form["file"] = SimpleUploadedFile("photo.png", data)
    return form


def page_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def failing_storage(monkeypatch):
    """Make the media storage fail from its ``nth`` write on, as a disk that fills up would:
    with ENOSPC half the bytes are written before the error, so a partial file is left unless
    the code removes it."""

    real_save = FileSystemStorage._save

    def fail(*, nth: int, code: int = errno.ENOSPC):
        calls = {"count": 0}

        def _save(self, name, content):
            calls["count"] += 1
            if calls["count"] < nth:
                return real_save(self, name, content)
            if code == errno.ENOSPC:
                path = Path(self.path(name))
                path.parent.mkdir(parents=True, exist_ok=True)
                data = content.read()
                path.write_bytes(data[: len(data) // 2])
            raise OSError(code, os.strerror(code), self.path(name))

        monkeypatch.setattr(FileSystemStorage, "_save", _save)
        return calls

    return fail


REASONS = {
    errno.ENOSPC: "Le fichier n’a pas pu être enregistré : l’espace de stockage des médias est plein.",
    errno.EROFS: "Le fichier n’a pas pu être enregistré : le stockage des médias est en lecture seule.",
    errno.EACCES: (
        "Le fichier n’a pas pu être enregistré : le serveur n’a pas le droit d’écrire dans le stockage des médias."
    ),
}


@pytest.mark.parametrize("code", REASONS, ids=["ENOSPC", "EROFS", "EACCES"])
@pytest.mark.parametrize("nth", [1, 6], ids=["on the original", "on a rendition"])
def test_a_storage_error_on_upload_is_a_form_error_and_leaves_no_file(
    client, editor, settings, failing_storage, code, nth
):
    """The editor sees why, in French, on the form; no row and no file, not even a partial one."""
    failing_storage(nth=nth, code=code)
    response = client.post(ADD_URL, form_data(factories.image_bytes(size=(1200, 800))))
    assert response.status_code == 200
    page = page_of(response)
    assert "errornote" in page and REASONS[code] in page
    assert "Rien n’a été modifié" in page
    assert Image.objects.count() == 0 and Rendition.objects.count() == 0
    assert stored_files(settings) == set()


@pytest.mark.parametrize("nth", [1, 6], ids=["on the new original", "on a new rendition"])
def test_a_storage_error_while_replacing_keeps_the_old_picture(client, editor, settings, failing_storage, nth):
    image = factories.image(size=(800, 450))
    before = stored_files(settings)
    renditions_before = set(image.renditions.values_list("pk", "file"))
    failing_storage(nth=nth)
    response = client.post(
        reverse("admin:newsroom_image_change", args=[image.pk]),
        form_data(factories.image_bytes(size=(450, 800), color="orange")),
    )
    page = page_of(response)
    assert response.status_code == 200 and REASONS[errno.ENOSPC] in page
    fresh = Image.objects.get(pk=image.pk)
    assert (fresh.file.name, fresh.width, fresh.height) == (image.file.name, 800, 450)
    assert set(fresh.renditions.values_list("pk", "file")) == renditions_before
    assert stored_files(settings) == before


def test_a_storage_error_while_moving_the_focal_point_keeps_the_old_crops(client, editor, settings, failing_storage):
    image = factories.image(size=(800, 450))
    before = stored_files(settings)
    failing_storage(nth=1, code=errno.EROFS)
    response = client.post(reverse("admin:newsroom_image_change", args=[image.pk]), form_data(None, focal_x="0.1"))
    assert response.status_code == 200 and REASONS[errno.EROFS] in page_of(response)
    assert Image.objects.get(pk=image.pk).focal_x == 0.5
    assert stored_files(settings) == before


@pytest.mark.parametrize(("old", "new"), [((800, 450), (450, 800)), ((800, 450), (800, 450))])
def test_replacing_the_file_remakes_the_renditions_and_removes_the_old_files(
    client, editor, settings, django_capture_on_commit_callbacks, old, new
):
    image = factories.image(size=old)
    old_files = stored_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:newsroom_image_change", args=[image.pk]),
            form_data(factories.image_bytes(size=new, color="orange")),
        )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.width, image.height) == new and image.file.name not in old_files
    full = {(r.width, r.height) for r in image.renditions.filter(spec="full", format="JPEG")}
    widths = {min(width, new[0]) for width in (640, 1280)}  # never enlarged
    assert full == {(width, round(width * new[1] / new[0])) for width in widths}
    assert renditions.renditions_complete(image)
    stem = Path(image.file.name).stem
    assert all(Path(r.file.name).parent.name == stem for r in image.renditions.all())
    # Only the new picture and its renditions are left on disk, each row with its file.
    expected = {image.file.name} | {r.file.name for r in image.renditions.all()}
    assert stored_files(settings) == expected
    page = client.get(reverse("admin:newsroom_image_change", args=[image.pk]))
    assert f"{new[0]} × {new[1]}" in page_of(page)


def test_renditions_stop_at_the_request_budget_and_the_next_save_completes_them(client, editor, settings, monkeypatch):
    """A slow server makes what fits in the request (the fallbacks first), says so, and the
    editor's next save makes the rest."""
    settings.REQUEST_DEADLINE_SECONDS = 0  # the admin's own budget, not the site's 503 deadline
    monkeypatch.setattr("newsroom.admin.UPLOAD_SECONDS", 10.0)
    real = renditions.time.monotonic
    ticks = {"count": 0}

    class SlowClock:
        """Each reading of the renditions' clock is three seconds after the one before."""

        @staticmethod
        def monotonic():
            ticks["count"] += 1
            return real() + 3 * ticks["count"]

    monkeypatch.setattr(renditions, "time", SlowClock)
    response = client.post(ADD_URL, form_data(factories.image_bytes(size=(1600, 900))), follow=True)
    assert response.status_code == 200
    assert "toutes ses tailles n’ont pas pu être préparées à temps" in page_of(response)
    image = Image.objects.get()
    made = list(image.renditions.all())
    assert 0 < len(made) < len(renditions.wanted(image, alpha=False))
    assert {r.format for r in made} == {"JPEG"}
    monkeypatch.undo()
    response = client.post(reverse("admin:newsroom_image_change", args=[image.pk]), form_data(None), follow=True)
    assert "toutes ses tailles" not in page_of(response)
    assert renditions.renditions_complete(image)
