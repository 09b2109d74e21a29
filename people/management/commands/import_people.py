"""``manage.py import_people FILE.csv``: people and careers from a spreadsheet, all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from people.csv_import import COLUMNS, CsvImportError, import_people


class Command(BaseCommand):
    help = (
        "Importe des personnes et leurs étapes de carrière depuis un CSV (colonnes : "
        + ", ".join(COLUMNS)
        + ") ; dates comme dans l’administration : 2015, 02/2019, février 2019, 1er mars 2025, "
        "01/03/2025 ou 2025-03-01. Toutes les lignes sont vérifiées d’abord ; au moindre problème, rien n’est importé. "
        "Réimporter le même fichier ne crée pas de doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier CSV en UTF-8, avec une ligne d’en-tête.")

    def handle(self, *args, file, **options):
        try:
            # utf-8-sig: spreadsheets often save a byte-order mark before the header.
            with open(file, encoding="utf-8-sig", newline="") as handle:
                report = import_people(handle)
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} n’est pas en UTF-8 : {error}") from error
        except CsvImportError as error:
            raise CommandError("Rien n’a été importé ; corrigez ces lignes :\n" + "\n".join(error.errors)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.created} étape(s) créée(s), {report.updated} mise(s) à jour, "
                f"{report.unchanged} inchangée(s) ; {len(report.people_created)} personne(s) et "
                f"{len(report.organisations_created)} organisation(s) créée(s)."
            )
        )
