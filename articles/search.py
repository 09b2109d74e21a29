"""Reader search over published articles, people and organisations (a selector).

On PostgreSQL: full-text search in French that ignores accents (the ``french_unaccent``
configuration made by migration 0007), ranked, with highlighted excerpts. The article
vector covers headline (weight A), standfirst (B) and the body's plain text (C), which is
denormalised into ``Article.search_document`` because the body lives in Block and FaqEntry
rows; a trigger stores the vector in ``Article.search_vector`` (migration 0009), which a
GIN index covers.

On SQLite (development, tests): every word of the query must appear, accents and case
folded, in the headline, standfirst or body; newest first; excerpts highlighted in Python.

Results are the ``RESULTS_WINDOW`` most recent matching articles, ranked among themselves:
a word found in half of a large archive would otherwise rank every one of those rows for
each page; this way a search costs the same whatever the archive's size, and the page says
when the window is full.

Whatever the reader types, the search answers in bounded time: the query is cut to
``MAX_QUERY_LENGTH`` characters and ``MAX_TERMS`` words, NUL and unpaired surrogates are
dropped.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import unescape

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.db.models.signals import post_delete, post_save
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from newsroom.folding import fold
from people.models import Organisation, Person

from .models import Article, Block, FaqEntry

CONFIG = "french_unaccent"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
PEOPLE_LIMIT = 10
ORGANISATIONS_LIMIT = 10
EXCERPT_CHARS = 240
RESULTS_WINDOW = 1000

# Private-use characters mark the highlights inside ts_headline's output, so the excerpt can
# be escaped as plain text and the marks turned into <mark> afterwards.
START_SEL = "\ue000"
STOP_SEL = "\ue001"
_SENTINELS = {ord(START_SEL): None, ord(STOP_SEL): None}


@dataclass(frozen=True)
class CleanQuery:
    text: str
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def terms(self) -> list[str]:
        return self.text.split()[:MAX_TERMS]


@dataclass
class SearchResults:
    query: CleanQuery
    articles: "RankedArticles"
    people: list = field(default_factory=list)
    organisations: list = field(default_factory=list)


def clean_query(raw: str | None) -> CleanQuery:
    """What is left of a reader's query once it is safe and cheap to search for.

    NUL, replacement characters and unpaired surrogates (from undecodable bytes in the URL)
    and the highlight sentinels are dropped, other control characters become spaces, runs of
    white space become one space, and the text is cut to ``MAX_QUERY_LENGTH`` characters
    (``truncated`` then says so).
    """
    text = (raw or "")[: MAX_QUERY_LENGTH * 4]
    text = text.encode("utf-8", "ignore").decode("utf-8")  # drops lone surrogates
    # Django decodes undecodable URL bytes to U+FFFD, which no text contains: drop them too.
    text = text.replace("\x00", "").replace("\ufffd", "")
    text = "".join(" " if unicodedata.category(c) in {"Cc", "Zl", "Zp"} else c for c in text)
    text = " ".join(text.translate(_SENTINELS).split())
    truncated = len(text) > MAX_QUERY_LENGTH or len(raw or "") > MAX_QUERY_LENGTH * 4
    return CleanQuery(text=text[:MAX_QUERY_LENGTH].strip(), truncated=truncated)


class Folded(Func):
    """Accent- and case-folded text in the database (unaccent on PostgreSQL)."""

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="newsroom_fold", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="lower(public.unaccent(%(expressions)s))", **extra)


def search_vector() -> SearchVector:
    """The article vector; migration 0009's trigger stores the same, keep them identical."""
    return (
        SearchVector("headline", weight="A", config=CONFIG)
        + SearchVector("standfirst", weight="B", config=CONFIG)
        + SearchVector("search_document", weight="C", config=CONFIG)
    )


def search(*, query: CleanQuery) -> SearchResults:
    """Published articles (best first), people and organisations matching ``query``.

    Articles are a ``RankedArticles`` for the caller to paginate; on PostgreSQL each loaded
    article carries an ``excerpt_raw`` annotation that ``excerpt_html()`` turns into safe HTML.
    """
    if not query:
        return SearchResults(query=query, articles=RankedArticles([], query))
    return SearchResults(
        query=query,
        articles=RankedArticles(_ranked_ids(query), query),
        people=list(_matching_folded(Person.objects.public(), query)[:PEOPLE_LIMIT]),
        organisations=list(_matching_folded(Organisation.objects.public(), query)[:ORGANISATIONS_LIMIT]),
    )


class RankedArticles(Sequence):
    """The matching articles' ids in result order; a slice loads those articles as cards.

    One query ranks the window and gives the count (``len``); a page then loads its twenty
    articles by id, with their excerpts. Counting and ranking in two queries would read the
    window twice.
    """

    def __init__(self, ids: list[int], query: CleanQuery):
        self.ids = ids
        self.query = query

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        ids = self.ids[index]
        if not ids:
            return []
        by_id = {article.pk: article for article in _cards(ids, self.query)}
        return [by_id[pk] for pk in ids if pk in by_id]


def _ts_query(query: CleanQuery) -> SearchQuery:
    return SearchQuery(query.text, config=CONFIG, search_type="websearch")


def _ranked_ids(query: CleanQuery) -> list[int]:
    """Ids of the results, best first on PostgreSQL, newest first on SQLite."""
    if connection.vendor == "postgresql":
        # One pass: the window's rows, newest first, each ranked on the vector the match has
        # just read; Python then orders the thousand by rank, a stable sort that keeps the
        # newest first among equals. Ranking in an outer query would read every row of the
        # window a second time through the primary key.
        ts_query = _ts_query(query)
        window = (
            Article.objects.published()
            .filter(search_vector=ts_query)
            .annotate(rank=SearchRank(F("search_vector"), ts_query))
            .order_by("-published_at", "-pk")
            .values_list("pk", "rank")[:RESULTS_WINDOW]
        )
        return [pk for pk, _rank in sorted(window, key=lambda row: -row[1])]
    fields = ["headline", "standfirst", "search_document"]
    matching = _matching(Article.objects.published(), fields, query)
    return list(matching.order_by("-published_at", "-pk").values_list("pk", flat=True)[:RESULTS_WINDOW])


def _cards(ids: list[int], query: CleanQuery) -> QuerySet:
    """The articles ``ids`` as cards; on PostgreSQL with their highlighted excerpts."""
    articles = Article.objects.published().filter(pk__in=ids).with_cards()
    if connection.vendor != "postgresql":
        return articles
    return articles.annotate(
        excerpt_raw=SearchHeadline(
            Concat("standfirst", Value("\n"), "search_document", output_field=TextField()),
            _ts_query(query),
            config=CONFIG,
            start_sel=START_SEL,
            stop_sel=STOP_SEL,
            max_words=40,
            min_words=20,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def _matching(queryset: QuerySet, fields: list[str], query: CleanQuery) -> QuerySet:
    """Rows where every term appears, folded, in at least one of ``fields``."""
    queryset = queryset.alias(**{f"folded_{name}": Folded(F(name)) for name in fields})
    for term in query.terms:
        folded = fold(term)
        queryset = queryset.filter(Q.create([(f"folded_{name}__contains", folded) for name in fields], connector=Q.OR))
    return queryset


def _matching_folded(queryset: QuerySet, query: CleanQuery) -> QuerySet:
    """People or organisations whose stored folded text (``SearchText``) has every term
    within one of its fields."""
    for term in query.terms:
        queryset = queryset.filter(search_text__contains=fold(term))
    return queryset


def excerpt_html(article: Article, query: CleanQuery) -> SafeString:
    """The article's excerpt with the query's words in <mark>, everything else escaped."""
    raw = getattr(article, "excerpt_raw", None)
    if raw is None:
        raw = _python_excerpt("\n".join(filter(None, [article.standfirst, article.search_document])), query)
    return _marks_to_html(raw)


def _python_excerpt(text: str, query: CleanQuery) -> str:
    """A window of ``text`` around the first match, the matches wrapped in the sentinels."""
    text = " ".join(text.translate(_SENTINELS).split())
    folded = fold(text)
    terms = sorted({fold(term) for term in query.terms if term}, key=len, reverse=True)
    if not terms:
        return text[:EXCERPT_CHARS]
    pattern = re.compile("|".join(re.escape(term) for term in terms))
    first = pattern.search(folded)
    start = max(0, first.start() - EXCERPT_CHARS // 3) if first else 0
    end = min(len(text), start + EXCERPT_CHARS)
    # Whole words at both ends: « … ndissement » reads as a typo.
    if start > 0:
        space = text.find(" ", start - 1, first.start() if first else end)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", first.end() if first else start, end + 1)
        end = space if space > start else end
    pieces, position = [], start
    for match in pattern.finditer(folded, start, end):
        pieces += [text[position : match.start()], START_SEL, text[match.start() : match.end()], STOP_SEL]
        position = match.end()
    pieces.append(text[position:end])
    return ("… " if start else "") + "".join(pieces) + (" …" if end < len(text) else "")


def _marks_to_html(raw: str) -> SafeString:
    """Escape ``raw`` and turn each sentinel pair into <mark>; stray sentinels are dropped."""
    html = []
    for index, chunk in enumerate(raw.split(START_SEL)):
        if index == 0:
            html.append(escape(chunk.replace(STOP_SEL, "")))
            continue
        marked, stop, rest = chunk.partition(STOP_SEL)
        if not stop:  # an opening mark never closed: plain text
            marked, rest = "", chunk
        html.append(f"<mark>{escape(marked)}</mark>" if marked else "")
        html.append(escape(rest.replace(STOP_SEL, "")))
    return mark_safe("".join(html))


# Index upkeep ----------------------------------------------------------------------------


def document_for(article_id: int) -> str:
    """The plain text of an article's body as stored now (see ``document_of``)."""
    return document_of(
        blocks=Block.objects.filter(article_id=article_id).values_list("text", flat=True),
        faq=FaqEntry.objects.filter(article_id=article_id).values_list("question", "answer"),
    )


def document_of(*, blocks: Iterable[str], faq: Iterable[tuple[str, str]]) -> str:
    """The plain text of an article's body: its blocks' texts, then its FAQ's questions and
    answers, tags stripped. Bulk inserts (generate_corpus) call it as the signals do."""
    parts = [_plain(text) for text in blocks]
    for question, answer in faq:
        parts += [question, _plain(answer)]
    return "\n".join(part.strip() for part in parts if part and part.strip()).translate(_SENTINELS)


# Tags that end a line on the page: the words on either side must not run together in the
# indexed text (« fin.</p><p>Début » read as « fin.Début », one word for PostgreSQL's parser).
_LINE_BREAKING_TAG = re.compile(r"</?(?:p|br|li|ul|ol|h[1-6]|blockquote|div)\b[^>]*>", re.IGNORECASE)


def _plain(html: str) -> str:
    """Rich text as the reader reads it: tags gone (a line break for those that end a line),
    entities (&amp;lt; « &amp;nbsp; ») decoded."""
    text = unescape(strip_tags(_LINE_BREAKING_TAG.sub("\n", html or "")))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def refresh_document(article_id: int) -> None:
    """Copy the body's text onto the article; update() so the edit version is not bumped."""
    Article.objects.filter(pk=article_id).update(search_document=document_for(article_id))


def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_document(instance.pk)


def _part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_document(instance.article_id)


def _register_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("newsroom_fold", 1, _sqlite_fold, deterministic=True)


def _sqlite_fold(value):
    return fold(value) if isinstance(value, str) else value


def connect_signals() -> None:
    """Called from ArticlesConfig.ready(): keep search_document current, fold on SQLite."""
    post_save.connect(_article_saved, sender=Article, dispatch_uid="search_article_saved")
    for model in (Block, FaqEntry):
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"search_{model.__name__}_saved")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"search_{model.__name__}_deleted")
    connection_created.connect(_register_fold, dispatch_uid="search_sqlite_fold")
