"""backup then restore gives back every article, person, tag, account and media file."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag, TaggedItem

from articles.models import Article, Block, FaqEntry
from people.models import CareerEntry, Organisation, Person

# Real transactions: restore flushes the database, which PostgreSQL refuses inside the
# test's own transaction. The serialized rollback puts the migration-made groups back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MODELS = [Article, Block, FaqEntry, Person, Organisation, CareerEntry, Tag, TaggedItem, User, Group]


def snapshot():
    return {
        "counts": {model.__name__: model.objects.count() for model in MODELS},
        "blocks": list(Block.objects.order_by("article__slug", "position").values_list("kind", "text")),
        "timeline": list(
            CareerEntry.objects.order_by("person__slug", "start_date", "summary").values_list(
                "person__name", "summary", "start_date", "start_precision", "end_date"
            )
        ),
        "tags": sorted((item.tag.name, str(item.content_object)) for item in TaggedItem.objects.select_related("tag")),
        "groups": sorted((u.username, g.name) for u in User.objects.all() for g in u.groups.all()),
    }


def test_round_trip_restores_content_accounts_and_media(tmp_path):
    call_command("loaddemo", "--users", "--password", "backup-test-password-42", stdout=StringIO())
    default_storage.save("portraits/weng.png", ContentFile(b"\x89PNG fictional bytes"))
    before = snapshot()
    archive = tmp_path / "newsroom.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())

    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete("portraits/weng.png")
    assert Article.objects.count() == 0

    call_command("restore", str(archive), stdout=StringIO())
    assert snapshot() == before
    with default_storage.open("portraits/weng.png") as handle:
        assert handle.read() == b"\x89PNG fictional bytes"
    editor = User.objects.get(username="editor")
    assert editor.check_password("backup-test-password-42")


def test_restore_refuses_to_mix_into_a_database_with_articles(tmp_path):
    call_command("loaddemo", stdout=StringIO())
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    with pytest.raises(CommandError, match="--flush"):
        call_command("restore", str(archive), stdout=StringIO())
    call_command("restore", str(archive), "--flush", stdout=StringIO())
    assert Article.objects.count() == 1


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="pas une sauvegarde lisible"):
        call_command("restore", str(bogus), stdout=StringIO())


def test_backup_never_overwrites_an_existing_file(tmp_path):
    existing = tmp_path / "exists.tar.gz"
    existing.write_bytes(b"precious")
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("backup", str(existing), stdout=StringIO())
    assert existing.read_bytes() == b"precious"
