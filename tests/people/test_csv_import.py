"""import_people: every row checked first, all or nothing, idempotent; export re-imports as is."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from people.csv_import import CsvImportError, import_people
from people.dates import Precision
from people.models import CareerEntry, Organisation, Person
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "person,organisation,role,start,end,team,summary\n"
GOOD = (
    HEADER
    + "Lilian Weng,OpenAI,,2018,2021,Robotique,Arrivée dans l’équipe robotique\n"
    + "Lilian Weng,OpenAI,VP recherche et sécurité,2024-08,2024-11-15,,Nomination comme VP recherche et sécurité\n"
    + "Jan Leike,Anthropic,Chercheur,2024-05,,,\n"
)


# The admin's date field says the same.
NONSENSE_DATE = "Date non reconnue : écrivez par exemple 2015, février 2019, 02/2019, 1er mars 2025 ou 01/03/2025."


def write(tmp_path, text: str):
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_creates_people_organisations_and_partial_dates(tmp_path):
    out = io.StringIO()
    call_command("import_people", write(tmp_path, GOOD), stdout=out)
    assert "3 étape(s) créée(s)" in out.getvalue()
    weng = Person.objects.get(slug="lilian-weng")
    vp = weng.career_entries.get(role_title="VP recherche et sécurité")
    assert (vp.start_date, vp.start_precision) == (datetime.date(2024, 8, 1), Precision.MONTH)
    assert (vp.end_date, vp.end_precision) == (datetime.date(2024, 11, 15), Precision.DAY)
    assert vp.start_display == "août 2024" and vp.end_display == "15 novembre 2024" and vp.ended
    assert weng.career_entries.get(team="Robotique").start_display == "2018"
    assert Person.objects.get(slug="jan-leike").current_roles()[0].organisation.name == "Anthropic"
    assert set(Organisation.objects.values_list("name", flat=True)) == {"OpenAI", "Anthropic"}


def test_bad_rows_are_all_reported_with_their_line_and_nothing_is_imported(tmp_path):
    text = GOOD + (
        "Mira Murati,OpenAI,CTO,2024-13,,,\n"  # line 5: impossible month
        "Bob McGrew,OpenAI,Directeur,2020,2019,,\n"  # line 6: end before start
        "Jan Leike,Anthropic,Chercheur,2024-05,,,\n"  # line 7: duplicate of line 4
        ",OpenAI,Chercheur,,,,\n"  # line 8: no person
        "Andrej Karpathy,OpenAI,Chercheur,,2017,,\n"  # line 9: an end without a start is fine
    )
    with pytest.raises(CommandError) as error:
        call_command("import_people", write(tmp_path, text))
    message = str(error.value)
    assert f"ligne 5 : start « 2024-13 » : {NONSENSE_DATE}" in message
    assert "ligne 6 : La fin ne peut pas précéder le début." in message
    assert "ligne 7 : doublon de la ligne 4" in message
    assert "ligne 8 : personne manquante" in message
    assert "ligne 9" not in message
    assert "ligne 2" not in message
    assert not Person.objects.exists() and not CareerEntry.objects.exists()


def test_dates_are_read_in_the_forms_the_admin_accepts(tmp_path):
    """« février 2019 », « 02/2019 », « 1er mars 2025 », « 01/03/2025 »: one parser for the admin and the
    import, so a date copied from one goes into the other."""
    text = (
        HEADER
        + "Lilian Weng,OpenAI,Chercheuse,Février 2015,02/2019,,\n"
        + "Lilian Weng,OpenAI,Directrice,02/2019,1er mars 2025,,\n"
        + "Jan Leike,Anthropic,Chercheur,01/03/2025,,,\n"
    )
    call_command("import_people", write(tmp_path, text), stdout=io.StringIO())
    dates = {
        entry.role_title: (entry.start_date, entry.start_precision, entry.end_date, entry.end_precision)
        for entry in CareerEntry.objects.all()
    }
    assert dates == {
        "Chercheuse": (datetime.date(2015, 2, 1), Precision.MONTH, datetime.date(2019, 2, 1), Precision.MONTH),
        "Directrice": (datetime.date(2019, 2, 1), Precision.MONTH, datetime.date(2025, 3, 1), Precision.DAY),
        "Chercheur": (datetime.date(2025, 3, 1), Precision.DAY, None, Precision.YEAR),
    }
    # The same role written the ISO way is the same row: nothing new on re-import.
    again = import_people(io.StringIO(HEADER + "Lilian Weng,OpenAI,Directrice,2019-02,2025-03-01,,\n"))
    assert (again.created, again.unchanged) == (0, 1)


def test_a_date_the_admin_would_refuse_is_refused_with_its_message_and_cell(tmp_path):
    text = HEADER + "Lilian Weng,OpenAI,Chercheuse,31 février 2024,,,\n" + "Jan Leike,Anthropic,Chercheur,2020,hier,,\n"
    with pytest.raises(CommandError) as error:
        call_command("import_people", write(tmp_path, text))
    message = str(error.value)
    assert f"ligne 2 : start « 31 février 2024 » : {NONSENSE_DATE}" in message
    assert f"ligne 3 : end « hier » : {NONSENSE_DATE}" in message
    assert not CareerEntry.objects.exists()


def test_missing_columns_are_refused():
    with pytest.raises(CsvImportError, match="colonnes manquantes : start, end"):
        import_people(io.StringIO("person,organisation,role\nA,B,C\n"))


def test_reimport_is_idempotent_and_updates_changed_rows(tmp_path):
    import_people(io.StringIO(GOOD))
    again = import_people(io.StringIO(GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert CareerEntry.objects.count() == 3 and Person.objects.count() == 2
    changed = import_people(io.StringIO(GOOD.replace("Chercheur,2024-05,,,", "Chercheur,2024-05,,Alignement,")))
    assert (changed.created, changed.updated) == (0, 1)
    assert CareerEntry.objects.get(person__slug="jan-leike").team == "Alignement"


def test_export_from_the_admin_reimports_to_the_same_careers(client):
    openai, anthropic = factories.organisation(name="OpenAI"), factories.organisation(name="Anthropic")
    weng = factories.person(name="Lilian Weng")
    factories.career_entry(person=weng, organisation=openai, team="Robotique", end_date=datetime.date(2021, 1, 1))
    factories.career_entry(
        person=weng, organisation=openai, role_title="VP", start_date=datetime.date(2024, 8, 1),
        start_precision=Precision.MONTH, end_date=datetime.date(2024, 11, 15), end_precision=Precision.DAY,
        destination=anthropic,
    )  # fmt: skip
    murati = factories.person(name="Mira Murati")
    factories.career_entry(person=murati, organisation=openai, role_title="CTO", start_date=None, ended=True)
    user = User.objects.create_user("redac", password="une-phrase-de-passe", is_staff=True)
    user.groups.add(Group.objects.get(name="Journalists"))
    client.force_login(user)

    fields = ["person__slug", "organisation__name", "role_title", "team", "start_date", "start_precision",
              "end_date", "end_precision", "ended", "destination__name"]  # fmt: skip
    before = sorted(CareerEntry.objects.values_list(*fields))
    response = client.post(
        reverse("admin:people_person_changelist"),
        {"action": "export_careers_csv", "_selected_action": [weng.pk, murati.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    exported = response.content.decode()
    assert exported.splitlines()[0] == "person,organisation,role,start,end,team,summary,ended,destination,person_slug"
    assert "Lilian Weng,OpenAI,VP,2024-08,2024-11-15,,,,Anthropic,lilian-weng" in exported

    CareerEntry.objects.all().delete()
    report = import_people(io.StringIO(exported))
    assert report.created == 3 and not report.people_created
    assert sorted(CareerEntry.objects.values_list(*fields)) == before
    assert import_people(io.StringIO(exported)).unchanged == 3


def test_names_in_other_scripts_get_addresses_and_namesakes_stay_apart(tmp_path, client):
    """« Сэм Альтман » and « 李飞飞 » get transliterated slugs, not an empty one shared by both."""
    text = HEADER + "Сэм Альтман,Лаборатория,Директор,2019,,,\n" + "李飞飞,实验室,教授,2015,,,\n"
    call_command("import_people", write(tmp_path, text), stdout=io.StringIO())
    assert sorted(Person.objects.values_list("slug", flat=True)) == ["lifeifei", "sem-altman"]
    assert sorted(Organisation.objects.values_list("slug", flat=True)) == ["laboratoriya", "shiyanshi"]
    assert "Сэм Альтман" in client.get("/personnes/sem-altman/").content.decode()


def test_bad_slugs_long_names_and_addressless_names_are_reported_and_nothing_is_imported(tmp_path):
    long_name = "N" * 201
    text = (
        "person,organisation,role,start,end,person_slug\n"
        + "Lilian Weng,OpenAI,VP,2024,,lilian weng/../\n"  # line 2: not a slug
        + f"{long_name},OpenAI,VP,2024,,\n"  # line 3: longer than the name field
        + f"Jan Leike,{'O' * 201},VP,2024,,\n"  # line 4: organisation too long
        + "?!,OpenAI,VP,2024,,\n"  # line 5: nothing to make an address of
        + "?!,OpenAI,VP,2024,,point-exclamation\n"  # fine: the slug is given
    )
    with pytest.raises(CommandError) as error:
        call_command("import_people", write(tmp_path, text))
    message = str(error.value)
    assert "ligne 2 : person_slug : « lilian weng/../ » n’est pas un slug" in message
    assert "ligne 3 : person : 201 caractères, 200 au plus" in message
    assert "ligne 4 : organisation : 201 caractères, 200 au plus" in message
    assert "ligne 5 : « ?! » ne donne pas d’adresse de page : ajoutez une colonne person_slug" in message
    assert "ligne 6" not in message
    assert not Person.objects.exists() and not Organisation.objects.exists()
