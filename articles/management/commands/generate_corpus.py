"""Generate a large, realistic-looking corpus for benchmarks and scale checks.

Everything is invented: names and text are drawn from French word lists with a fixed seed,
so two runs with the same arguments produce the same corpus. Rows are written with
``bulk_create`` in batches, all in one transaction: a run that fails leaves nothing behind.
Unique names carry the seed (``c2024-…``), so corpora of different seeds sit side by side.
"""

import datetime
import random
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles import search
from articles.models import Article, Block, FaqEntry, Section
from people.dates import Precision
from people.models import CareerEntry, Organisation, Person, SearchText, keep_search_text

WORDS = [
    "accord",
    "analyse",
    "annonce",
    "artificielle",
    "avenir",
    "budget",
    "calcul",
    "campagne",
    "chercheur",
    "classement",
    "concurrence",
    "conseil",
    "croissance",
    "débat",
    "décision",
    "démission",
    "départ",
    "direction",
    "données",
    "économie",
    "enquête",
    "entreprise",
    "équipe",
    "éthique",
    "europe",
    "expert",
    "financement",
    "fondation",
    "gouvernement",
    "industrie",
    "innovation",
    "intelligence",
    "investissement",
    "laboratoire",
    "lancement",
    "marché",
    "modèle",
    "numérique",
    "outil",
    "partenariat",
    "plateforme",
    "politique",
    "produit",
    "projet",
    "public",
    "rapport",
    "recherche",
    "réseau",
    "régulation",
    "responsable",
    "risque",
    "santé",
    "sécurité",
    "service",
    "société",
    "stratégie",
    "système",
    "talent",
    "technologie",
    "transition",
    "travail",
    "utilisateur",
    "valeur",
    "vision",
]  # noqa: E501 (one line of vocabulary)
FIRST_NAMES = [
    "Alix",
    "Camille",
    "Claude",
    "Dominique",
    "Hélène",
    "Inès",
    "Jules",
    "Léa",
    "Louis",
    "Manon",
    "Marc",
    "Mathis",
    "Nadia",
    "Noé",
    "Océane",
    "Paul",
    "Quentin",
    "Rose",
    "Sacha",
    "Théo",
    "Yasmine",
    "Zoé",
    "Élodie",
    "Benoît",
    "Chloé",
]  # noqa: E501 (one line of vocabulary)
LAST_NAMES = [
    "Arnaud",
    "Bernard",
    "Blanc",
    "Chevalier",
    "Dubois",
    "Durand",
    "Faure",
    "Fournier",
    "Garnier",
    "Girard",
    "Lambert",
    "Lefèvre",
    "Martin",
    "Mercier",
    "Moreau",
    "Morel",
    "Perrin",
    "Petit",
    "Robin",
    "Roux",
    "Simon",
    "Vincent",
    "Fictif",
    "Exemple",
]  # noqa: E501 (one line of vocabulary)
SECTIONS = ["Intelligence artificielle", "Économie", "Politique", "Sciences", "Culture", "Monde"]
ROLES = ["Chercheuse", "Chercheur", "Directrice technique", "Ingénieur", "Responsable produit", "CTO"]


class Command(BaseCommand):
    help = "Génère un corpus fictif volumineux (articles, personnes, carrières, mots-clés, FAQ)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--people", type=int, default=200)
        parser.add_argument("--tags", type=int, default=100)
        parser.add_argument("--organisations", type=int, default=None)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options):
        if min(options["articles"], options["people"], options["tags"]) < 1:
            raise CommandError("--articles, --people et --tags doivent être positifs.")
        self.rng = random.Random(options["seed"])
        self.batch = options["batch_size"]
        prefix = f"c{options['seed']}"
        if Article.objects.filter(slug=f"{prefix}-article-0").exists():
            raise CommandError(f"Le corpus de graine {options['seed']} existe déjà ; choisissez une autre --seed.")
        with transaction.atomic():
            articles, people, orgs, tags = self._generate(options, prefix)
        # Fresh statistics, as after any bulk load: until autovacuum gets round to it, PostgreSQL
        # plans for the empty tables it last saw (plans made for no rows, slow on many), and
        # counts read every row until the visibility map is set.
        # VACUUM cannot run inside a transaction (a caller's, or a test's): ANALYZE alone then.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(
            f"Corpus : {len(articles)} articles, {len(people)} personnes, {len(orgs)} organisations, "
            f"{len(tags)} mots-clés."
        )

    def _generate(self, options, prefix):
        n_orgs = options["organisations"] or max(10, options["people"] // 20)

        sections = [
            Section.objects.get_or_create(slug=f"{prefix}-s{i}", defaults={"name": f"{name} ({prefix})"})[0]
            for i, name in enumerate(SECTIONS)
        ]
        orgs = self._bulk(
            Organisation,
            (Organisation(name=f"{self._title(2)} {prefix}-{i}", slug=f"{prefix}-org-{i}") for i in range(n_orgs)),
        )
        people = self._bulk(
            Person,
            (
                Person(
                    name=f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                    slug=f"{prefix}-personne-{i}",
                    short_description=self._sentence(6),
                )
                for i in range(options["people"])
            ),
        )
        self._bulk(CareerEntry, self._careers(people, orgs))
        tags = self._bulk(
            Tag,
            (Tag(name=f"{self._title(2)} {prefix}-{i}", slug=f"{prefix}-tag-{i}") for i in range(options["tags"])),
        )
        articles = self._bulk(Article, self._articles(options["articles"], prefix, sections))
        # Article pk → its blocks' texts and FAQ pairs, indexed as articles.search does on save.
        self.bodies = defaultdict(lambda: {"blocks": [], "faq": []})
        self._bulk(Block, self._blocks(articles, people, orgs))
        self._bulk(FaqEntry, self._faq(articles))
        self._index_bodies(articles)
        self._relations(articles, people, orgs, tags)
        return articles, people, orgs, tags

    # Builders -------------------------------------------------------------------------------

    def _careers(self, people, orgs):
        for person in people:
            year = self.rng.randint(1995, 2020)
            for step in range(self.rng.randint(1, 4)):
                end_year = year + self.rng.randint(1, 5)
                is_last = step == 3 or end_year > 2025 or self.rng.random() < 0.3
                current = is_last and (end_year > 2025 or self.rng.random() < 0.5)
                yield CareerEntry(
                    person=person,
                    organisation=self.rng.choice(orgs),
                    role_title=self.rng.choice(ROLES),
                    team=self._title(1),
                    start_date=datetime.date(year, 1, 1),
                    start_precision=Precision.YEAR,
                    end_date=None if current else datetime.date(end_year, 1, 1),
                    end_precision=Precision.YEAR,
                    ended=not current,
                    destination=self.rng.choice(orgs) if not current and self.rng.random() < 0.5 else None,
                )
                if is_last:
                    break
                year = end_year

    def _articles(self, count, prefix, sections):
        now = timezone.now()
        for i in range(count):
            published_at = now - datetime.timedelta(minutes=self.rng.randint(60, 60 * 24 * 365 * 8))
            status = Article.Status.PUBLISHED if self.rng.random() < 0.95 else Article.Status.DRAFT
            yield Article(
                headline=self._sentence(10).rstrip("."),
                slug=f"{prefix}-article-{i}",
                standfirst=self._sentence(30),
                section=self.rng.choice(sections),
                status=status,
                published_at=published_at if status == Article.Status.PUBLISHED else None,
                first_published_at=published_at if status == Article.Status.PUBLISHED else None,
            )

    def _blocks(self, articles, people, orgs):
        for article in articles:
            kinds = [Block.Kind.PARAGRAPH, Block.Kind.HEADING, Block.Kind.PARAGRAPH, Block.Kind.PARAGRAPH]
            if self.rng.random() < 0.3:
                kinds.append(Block.Kind.QUOTE)
            for position, kind in enumerate(kinds):
                block = Block(article=article, position=position, kind=kind)
                if kind == Block.Kind.HEADING:
                    block.text = self._sentence(5).rstrip(".")
                elif kind == Block.Kind.QUOTE:
                    block.text = self._sentence(15)
                    block.speaker = self.rng.choice(people)
                    block.source_organisation = self.rng.choice(orgs)
                else:
                    block.text = " ".join(self._sentence(18) for _ in range(4))
                self.bodies[article.pk]["blocks"].append(block.text)
                yield block

    def _faq(self, articles):
        for article in articles:
            if self.rng.random() < 0.3:
                for position in range(self.rng.randint(1, 3)):
                    entry = FaqEntry(
                        article=article,
                        position=position,
                        question=self._sentence(8).rstrip(".") + " ?",
                        answer=self._sentence(25),
                    )
                    self.bodies[article.pk]["faq"].append((entry.question, entry.answer))
                    yield entry

    def _index_bodies(self, articles):
        """Each article's search_document, through the function articles.search calls on save
        (bulk inserts send no signal). On PostgreSQL the trigger derives the search vector."""
        with transaction.atomic():
            for start in range(0, len(articles), self.batch):
                chunk = articles[start : start + self.batch]
                for article in chunk:
                    body = self.bodies.pop(article.pk, {"blocks": [], "faq": []})
                    article.search_document = search.document_of(blocks=body["blocks"], faq=body["faq"])
                Article.objects.bulk_update(chunk, ["search_document"])
        self.stdout.write(f"  textes indexés : {len(articles)}")

    def _relations(self, articles, people, orgs, tags):
        authors = Article.authors.through
        featured = Article.people.through
        organisations = Article.organisations.through
        rows_a, rows_p, rows_o, rows_t = [], [], [], []
        article_ct = ContentType.objects.get_for_model(Article)
        person_ct = ContentType.objects.get_for_model(Person)
        for article in articles:
            rows_a.append(authors(article_id=article.pk, person_id=self.rng.choice(people).pk))
            for person in self.rng.sample(people, min(3, len(people))):
                rows_p.append(featured(article_id=article.pk, person_id=person.pk))
            rows_o.append(organisations(article_id=article.pk, organisation_id=self.rng.choice(orgs).pk))
            for tag in self.rng.sample(tags, min(3, len(tags))):
                rows_t.append(TaggedItem(content_type=article_ct, object_id=article.pk, tag=tag))
        for person in people:
            for tag in self.rng.sample(tags, min(2, len(tags))):
                rows_t.append(TaggedItem(content_type=person_ct, object_id=person.pk, tag=tag))
        for model, rows in ((authors, rows_a), (featured, rows_p), (organisations, rows_o), (TaggedItem, rows_t)):
            self._bulk(model, iter(rows))

    # Helpers --------------------------------------------------------------------------------

    def _bulk(self, model, objects):
        """Insert in batches; return the saved objects (with primary keys on both databases)."""
        saved, chunk = [], []
        for obj in objects:
            if isinstance(obj, SearchText):  # bulk_create sends no pre_save: what its receiver does
                keep_search_text(model, obj)
            chunk.append(obj)
            if len(chunk) >= self.batch:
                saved.extend(model.objects.bulk_create(chunk))
                chunk = []
        if chunk:
            saved.extend(model.objects.bulk_create(chunk))
        self.stdout.write(f"  {model._meta.verbose_name_plural} : {len(saved)}")
        return saved

    def _sentence(self, words):
        text = " ".join(self.rng.choice(WORDS) for _ in range(words))
        return text[0].upper() + text[1:] + "."

    def _title(self, words):
        return " ".join(self.rng.choice(WORDS).capitalize() for _ in range(words))
