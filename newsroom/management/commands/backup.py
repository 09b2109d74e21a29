"""Write the newsroom's content and media to one archive that `restore` reads back."""

import io
import tarfile
import time
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# What a newsroom cannot rebuild: content, people, tags, accounts and their history.
# Content types and permissions are recreated by migrate and referred to by natural keys.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def _media_files(directory=""):
    """Every file in the default storage, through the storage API (works on S3 too)."""
    try:
        folders, files = default_storage.listdir(directory)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{directory}/{name}" if directory else name
    for folder in folders:
        yield from _media_files(f"{directory}/{folder}" if directory else folder)


class Command(BaseCommand):
    help = "Sauvegarde le contenu (base de données) et les médias dans une archive .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="fichier .tar.gz à écrire")

    def handle(self, *args, archive: Path, **options):
        if archive.exists():
            raise CommandError(f"{archive} existe déjà : choisissez un autre nom.")
        data = io.StringIO()
        call_command(
            "dumpdata",
            # Primary keys are kept: generic relations (tagged items) refer to them, and
            # taggit's tagged-item natural key does not identify a row.
            natural_foreign=True,
            exclude=EXCLUDED,
            indent=1,
            stdout=data,
        )
        payload = data.getvalue().encode("utf-8")
        count = 0
        with tarfile.open(archive, "w:gz") as tar:
            _add_bytes(tar, "data.json", payload)
            for name in _media_files():
                with default_storage.open(name, "rb") as handle:
                    _add_bytes(tar, f"media/{name}", handle.read())
                count += 1
        self.stdout.write(f"Sauvegarde écrite : {archive} ({len(payload)} octets de données, {count} médias).")


def _add_bytes(tar, name, content: bytes):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(content))
