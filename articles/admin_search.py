"""The article admin's search box on PostgreSQL, at archive scale.

Django's admin search looks for each word, case-insensitively, anywhere in six columns and
in the authors' names: no index serves that, so at 100,000 articles PostgreSQL reads every
article and every byline, then removes the duplicates the join made (4 s). The desk searches
instead, with whole words and accents ignored, as readers do:

- headline, standfirst and body, through the stored, GIN-indexed ``search_vector`` that the
  readers' search uses (French words: « securite » finds « sécurité », « départs » « départ »);
- the start of the slug, through its pattern index (a pasted slug, its first words);
- the authors, by the words of their names: the people's folded names through a trigram index
  (``people/migrations/0004``), then their bylines through the link table's index.

The three are one condition on the article row, ``search_vector @@ … OR slug LIKE '…%' OR
id = ANY(…)``: no join, so each article comes once, and PostgreSQL either walks the list's
(published_at, id) index until a page is full, for a word in half the archive, or ORs the
three indexes, for a rare one. The bylines' ids are read first and sent as one array: a
constant PostgreSQL can index and hash. Inside the OR, an ``id IN (subquery)`` could use no
index (the whole table read for a rare word), and ``id IN (%s, %s, …)`` with the 4,000
bylines of a common first name costs more to send and plan than to run.

On SQLite (development, tests) the admin keeps Django's search over ``search_fields``.
"""

import re

from django.contrib.postgres.search import SearchQuery
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from newsroom.lookups import AnyOf
from newsroom.slugs import ascii_slug
from people.models import Person

from .models import Article
from .search import CONFIG, CleanQuery, clean_query, fold

HELP_TEXT = _("Mots entiers, accents ignorés : titre, chapeau, texte, début du slug, nom des auteurs.")


def desk_search(queryset: QuerySet[Article], text: str) -> QuerySet[Article]:
    """The articles of ``queryset`` that ``text`` finds (all of them for a blank text)."""
    query = clean_query(text)
    if not query:
        return queryset
    found = Q(search_vector=SearchQuery(query.text, config=CONFIG, search_type="websearch"))
    # Punctuation alone makes no slug, and an empty prefix would match every article.
    if slug := ascii_slug(query.text):
        found |= Q(slug__startswith=slug)
    if bylines := list(_bylines(query)):
        found |= AnyOf(F("pk"), bylines)
    return queryset.filter(found)


def _bylines(query: CleanQuery) -> QuerySet:
    """Ids of the articles signed by someone whose name has every word of ``query``."""
    authors = _people_named(query).values("pk")
    return Article.authors.through.objects.filter(person__in=authors).values_list("article_id", flat=True)


def _people_named(query: CleanQuery) -> QuerySet[Person]:
    """People whose name has every word of ``query``, whole words, accents and case ignored.

    Whole words, as for the text: a fragment such as « ma » would name thousands of people.
    The name is the first line of the stored folded text, which a trigram index covers.
    """
    people = Person.objects.all()
    for term in query.terms:
        people = people.filter(search_text__regex=rf"^[^\n]*\m{re.escape(fold(term))}\M")
    return people
