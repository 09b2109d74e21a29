"""File names from outside never choose where a file goes: an upload named « ../../x.png » and a
backup holding « media/../../x » write nothing outside the media folder."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from newsroom.models import Image
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_upload_name_with_a_path_is_stored_under_a_generated_name(client, settings, tmp_path):
    user = User.objects.create_user("redactrice", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    for name in ("../../../evil.png", "..\\..\\evil.png", "/etc/evil.png", "évil\x00.png"):
        response = client.post(
            reverse("admin:newsroom_image_add"),
            {
                "alt_text": "Une photo",
                "caption": "",
                "credit": "",
                "focal_x": "0.5",
                "focal_y": "0.5",
                "file": SimpleUploadedFile(name, factories.image_bytes(size=(40, 40))),
            },
        )
        assert response.status_code == 302, name
    media = Path(settings.MEDIA_ROOT).resolve()
    for image in Image.objects.all():
        stored = Path(image.file.path).resolve()
        assert stored.is_relative_to(media) and "evil" not in stored.name
    assert not any(path.name.startswith("evil") for path in media.parent.parent.rglob("evil*"))


def backup_with(tmp_path, members: dict[str, bytes]) -> Path:
    archive = tmp_path / "piege.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in {"data.json": json.dumps([]).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return archive


@pytest.mark.parametrize("name", ["media/../../evil.txt", "media//etc/evil.txt", "media/images/../../../evil.txt"])
def test_a_backup_with_a_path_outside_media_is_refused_before_anything_is_written(tmp_path, settings, name):
    person = factories.person(name="Lilian Weng")
    archive = backup_with(tmp_path, {"media/images/ok.png": b"png", name: b"owned"})
    with pytest.raises(CommandError, match="Chemin de média refusé"):
        call_command("restore", "--flush", str(archive))
    assert type(person).objects.filter(pk=person.pk).exists()  # not flushed
    assert not list(Path(settings.MEDIA_ROOT).rglob("ok.png"))
    assert not list(tmp_path.parent.rglob("evil.txt"))
