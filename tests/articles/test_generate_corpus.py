from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag, TaggedItem

from articles.management.commands.generate_corpus import Command
from articles.models import Article, Block
from people.models import CareerEntry, Person


@pytest.mark.django_db
def test_corpus_has_the_requested_size_and_well_formed_rows():
    call_command("generate_corpus", articles=50, people=20, tags=10, seed=1, stdout=StringIO())
    assert Article.objects.count() == 50
    assert Person.objects.count() == 20
    assert Block.objects.filter(article__slug__startswith="c1-").count() >= 50 * 4
    assert CareerEntry.objects.count() >= 20
    # Every published article can be read: the gate sees them, each has a section and tags.
    published = Article.objects.published()
    assert published.count() > 40
    assert not published.filter(section__isnull=True).exists()
    assert TaggedItem.objects.count() == 50 * 3 + 20 * 2


@pytest.mark.django_db
def test_generated_bodies_are_searchable_as_if_saved_one_by_one():
    """Bulk inserts send no signal: the command fills search_document itself, the same text."""
    from articles.search import document_for

    call_command("generate_corpus", articles=10, people=5, tags=5, seed=2, stdout=StringIO())
    for article in Article.objects.all():
        assert article.search_document and article.search_document == document_for(article.pk)


@pytest.mark.django_db
def test_the_same_seed_twice_is_refused_with_a_message():
    call_command("generate_corpus", articles=5, people=5, tags=5, seed=3, stdout=StringIO())
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("generate_corpus", articles=5, people=5, tags=5, seed=3, stdout=StringIO())
    call_command("generate_corpus", articles=5, people=5, tags=5, seed=4, stdout=StringIO())
    assert Article.objects.count() == 10


@pytest.mark.django_db
def test_corpora_of_two_seeds_never_collide_whatever_words_they_draw(monkeypatch):
    """Tag and organisation names are unique: with the same words drawn, the seed keeps them apart."""
    monkeypatch.setattr(Command, "_title", lambda self, words: "Mot")
    call_command("generate_corpus", articles=5, people=5, tags=5, seed=5, stdout=StringIO())
    call_command("generate_corpus", articles=5, people=5, tags=5, seed=6, stdout=StringIO())
    assert Tag.objects.filter(name__startswith="Mot ").count() == 10


@pytest.mark.django_db
def test_a_run_that_fails_leaves_nothing_behind(monkeypatch):
    def fail(self, *args):
        raise RuntimeError("interrompu")

    monkeypatch.setattr(Command, "_relations", fail)
    with pytest.raises(RuntimeError):
        call_command("generate_corpus", articles=5, people=5, tags=5, seed=7, stdout=StringIO())
    assert not Person.objects.exists() and not Article.objects.exists()
    # Nothing half-built stands in the way of the same run.
    monkeypatch.undo()
    call_command("generate_corpus", articles=5, people=5, tags=5, seed=7, stdout=StringIO())
    assert Article.objects.count() == 5
