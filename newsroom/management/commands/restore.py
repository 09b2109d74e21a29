"""Read an archive written by `backup` into an empty, migrated database and the media storage."""

import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Restaure une sauvegarde faite par « backup » dans une base vide (après migrate)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--flush",
            action="store_true",
            help="vider d’abord la base (sinon une base qui contient déjà des articles est refusée)",
        )

    def handle(self, *args, archive: Path, flush: bool, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} introuvable.")
        try:
            tar = tarfile.open(archive, "r:gz")  # noqa: SIM115 (closed by the with below; opened first to name the error)
        except (tarfile.TarError, OSError) as exc:
            raise CommandError(f"{archive} n’est pas une sauvegarde lisible : {exc}") from exc
        with tar:
            members = {member.name: member for member in tar.getmembers() if member.isfile()}
            if "data.json" not in members:
                raise CommandError(f"{archive} ne contient pas de data.json : ce n’est pas une sauvegarde.")
            # Every media path is checked before anything is written: a refused archive leaves
            # the database and the media as they were.
            for name in members:
                relative = PurePosixPath(name[len("media/") :])
                if name.startswith("media/") and (relative.is_absolute() or ".." in relative.parts):
                    raise CommandError(f"Chemin de média refusé dans l’archive : {name}")
            if flush:
                call_command("flush", interactive=False, verbosity=0)
            elif apps.get_model("articles", "Article").objects.exists():
                raise CommandError("La base contient déjà des articles : relancez avec --flush pour la remplacer.")
            with tempfile.TemporaryDirectory() as tmp:
                fixture = Path(tmp) / "data.json"
                fixture.write_bytes(tar.extractfile(members["data.json"]).read())
                with transaction.atomic():
                    call_command("loaddata", str(fixture), verbosity=0)
            restored = 0
            for name, member in members.items():
                if not name.startswith("media/"):
                    continue
                relative = PurePosixPath(name[len("media/") :])
                if default_storage.exists(str(relative)):
                    default_storage.delete(str(relative))
                default_storage.save(str(relative), ContentFile(tar.extractfile(member).read()))
                restored += 1
        self.stdout.write(f"Sauvegarde restaurée depuis {archive} ({restored} médias).")
