"""Articles, their ordered body blocks and FAQ entries, and sections (rubriques)."""

import datetime
from html import unescape

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from newsroom.images import images_missing_alt
from newsroom.links import slug_url
from newsroom.lookups import AnyOf
from newsroom.models import Image
from newsroom.richtext import RichTextField
from people.models import Organisation, PeopleList, Person

from . import workflow


class Section(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("rubrique")
        verbose_name_plural = _("rubriques")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:section", self.slug)


# The dates of what an article embeds, reached from its blocks: the rows content_updated_at() reads.
EMBEDDED_DATES = [
    "timeline_person__updated_at",
    "timeline_person__career_entries__updated_at",
    "timeline_person__career_entries__organisation__updated_at",
    "people_list__updated_at",
    "people_list__organisation__updated_at",
    "people_list__members__person__updated_at",
    "people_list__members__person__career_entries__updated_at",
]


class ArticleQuerySet(models.QuerySet):
    def published(self, *, at=None):
        """The only gate public code reads articles through.

        Published articles whose publication time has come: a story scheduled for later
        exists for the newsroom but not for readers, and appears at its time with no job
        running.
        """
        now = at or timezone.now()
        return self.filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
            status=Article.Status.PUBLISHED,
            published_at__lte=now,
        )

    def scheduled(self, *, at=None):
        """Published articles whose publication time is still to come (« programmé »)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=at or timezone.now())

    def embargoed(self, *, at=None):
        """Articles, in any state, whose embargo is still to end (« sous embargo »)."""
        return self.filter(embargo_until__gt=at or timezone.now())

    def in_review(self):
        """Articles waiting for an editor (« en relecture »)."""
        return self.filter(status=Article.Status.REVIEW)

    def _coming(self, *, after) -> dict:
        """What appears by itself after ``after``, by the field that says when: scheduled
        publications, and embargoes ending on published articles."""
        return {
            "published_at": self.scheduled(at=after),
            "embargo_until": self.filter(status=Article.Status.PUBLISHED).embargoed(at=after),
        }

    def next_visibility_change(self, *, after=None):
        """When the public set of articles next changes by itself, or None.

        That is the next scheduled publication or the next end of an embargo, whichever
        comes first. Caches of public pages must not outlive this moment.
        """
        moments = [
            coming.order_by(field).values_list(field, flat=True).first()
            for field, coming in self._coming(after=after or timezone.now()).items()
        ]
        return min((moment for moment in moments if moment is not None), default=None)

    def visibility_changes(self, *, after=None) -> dict:
        """``next_visibility_change`` as subqueries (``next_published_at``,
        ``next_embargo_until``), to read with other values in one query."""
        return {
            f"next_{field}": models.Subquery(coming.order_by(field).values(field)[:1])
            for field, coming in self._coming(after=after or timezone.now()).items()
        }

    def with_cards(self):
        """What a list of article cards needs, in a fixed number of queries.

        The hero's renditions cost one more query, only when a card on the page has a hero.
        """
        return self.select_related("section", "hero_image").prefetch_related("authors", "hero_image__renditions")

    def featuring(self, obj):
        """Articles that cite ``obj``, a person or an organisation.

        Written ``id IN (SELECT article_id FROM the link table …)`` rather than as a join: with
        the join, PostgreSQL takes every person or organisation to be cited as often as the
        average one and, for one cited in a few old articles, walks the whole published_at
        index backwards; the subquery reads only that person's or organisation's links.
        """
        if isinstance(obj, Person):
            links = Article.people.through.objects.filter(person=obj)
        elif isinstance(obj, Organisation):
            links = Article.organisations.through.objects.filter(organisation=obj)
        else:
            raise TypeError(f"Articles cite people and organisations, not {type(obj).__name__}")
        return self.filter(pk__in=links.values("article_id"))

    def with_content_updated_at(self):
        """Each article annotated with ``content_updated``: ``Article.content_updated_at()``
        computed by the database (one correlated subquery per kind of embedded row), for
        lists of many articles such as the sitemap."""
        blocks = Block.objects.filter(article=OuterRef("pk")).order_by().values("article")
        latest = [
            # SQLite's GREATEST is NULL as soon as one argument is: an article without such an
            # embed counts its own date instead.
            Coalesce(Subquery(blocks.annotate(latest=Max(path)).values("latest")[:1]), F("updated_at"))
            for path in EMBEDDED_DATES
        ]
        return self.annotate(content_updated=Greatest("updated_at", *latest))

    def latest_content_update(self):
        """The latest ``content_updated`` of these articles, in two queries whatever their number
        (the sitemap index's date): one join per kind of embed, which a block has only one of,
        instead of a correlated subquery per article."""
        latest = [self.order_by().aggregate(latest=Max("updated_at"))["latest"]]
        # Only the blocks that embed something: the foreign keys' indexes find them without
        # reading every block (0.7 s at 100,000 articles otherwise).
        embedding = Q(timeline_person__isnull=False) | Q(people_list__isnull=False)
        blocks = Block.objects.filter(embedding, article__in=self.values("pk")).order_by()
        latest += blocks.aggregate(**{f"latest_{n}": Max(path) for n, path in enumerate(EMBEDDED_DATES)}).values()
        return max((moment for moment in latest if moment is not None), default=None)

    def content_updates(self, window: slice = slice(None)) -> list[tuple[int, str, datetime.datetime]]:
        """(id, slug, ``content_updated``) of the ``window`` of these articles, in their order:
        ``with_content_updated_at()`` for a sitemap page's 2,000, in two queries.

        Correlated subqueries would run once per article; here the articles' own rows come
        first, then the latest date of what they embed in one grouped query on their ids.
        """
        rows = list(self.values_list("pk", "slug", "updated_at")[window])
        embedded = Block.objects.filter(
            Q(timeline_person__isnull=False) | Q(people_list__isnull=False),
            AnyOf(F("article_id"), [pk for pk, _slug, _updated in rows]),
        )
        latest = {pk: updated for pk, _slug, updated in rows}
        grouped = (
            embedded.order_by()
            .values("article_id")
            .annotate(**{f"latest_{n}": Max(path) for n, path in enumerate(EMBEDDED_DATES)})
        )
        for dates in grouped:
            article_id = dates.pop("article_id")
            latest[article_id] = max([latest[article_id], *(moment for moment in dates.values() if moment)])
        return [(pk, slug, latest[pk]) for pk, slug, _updated in rows]

    def tagged(self, tag):
        """Articles carrying ``tag``, as ``id IN (…)`` for the reason given in featuring()."""
        # The content type by name, inside the query: no lookup of its own, cached or not.
        links = TaggedItem.objects.filter(tag=tag, content_type__app_label="articles", content_type__model="article")
        return self.filter(pk__in=links.values("object_id"))


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The stored search vector (up to a few kilobytes) is for the database's full-text
        # index and ranking only: pages never read it, so it is never fetched.
        return super().get_queryset().defer("search_vector")


@reversion.register(follow=["blocks", "faq_entries"])
class Article(models.Model):
    # Declared with the workflow's transitions (articles/workflow.py).
    Status = workflow.Status

    class Language(models.TextChoices):
        FRENCH = "fr", _("français")
        ENGLISH = "en", _("anglais")

    headline = models.CharField(_("titre"), max_length=300)
    seo_title = models.CharField(
        _("titre SEO"),
        max_length=300,
        blank=True,
        help_text=_("Le titre de l’onglet du navigateur et des moteurs de recherche ; le titre à défaut."),
    )
    social_title = models.CharField(
        _("titre pour les réseaux"),
        max_length=300,
        blank=True,
        help_text=_("Open Graph et partages ; le titre à défaut."),
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    standfirst = models.TextField(_("chapeau"), blank=True)
    # PROTECT: a picture in use cannot vanish from a published page by a delete in the library.
    hero_image = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image principale"),
        help_text=_("En tête de l’article, sur les cartes et pour les partages (1200 × 630)."),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("rubrique"),
    )
    authors = models.ManyToManyField(Person, blank=True, related_name="bylines", verbose_name=_("auteurs"))
    people = models.ManyToManyField(Person, blank=True, related_name="featured_in", verbose_name=_("personnes citées"))
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="featured_in", verbose_name=_("organisations citées")
    )
    tags = TaggableManager(_("mots-clés"), blank=True)
    language = models.CharField(_("langue"), max_length=2, choices=Language.choices, default=Language.FRENCH)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(
        _("publication"),
        null=True,
        blank=True,
        help_text=_("Une date future programme l’article : il n’apparaît qu’à cette heure."),
    )
    embargo_until = models.DateTimeField(
        _("sous embargo jusqu’au"),
        null=True,
        blank=True,
        help_text=_("Avant cette heure, l’article n’existe que pour la rédaction, même publié."),
    )
    first_published_at = models.DateTimeField(_("première publication"), null=True, editable=False)
    status_changed_at = models.DateTimeField(_("statut changé le"), null=True, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("statut changé par"),
    )
    # Bumped by every save: the admin form carries the number it loaded, so a save made
    # over someone else's newer one is refused instead of silently erasing it.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    # A journalist's save while the story waits in review: what the editor reads must be
    # what gets published, so publishing from the list is refused until an editor opens it.
    edited_in_review_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("modifié en relecture par"),
    )
    edited_in_review_at = models.DateTimeField(_("modifié en relecture le"), null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # The body's plain text (blocks, FAQ), copied here by articles/search.py whenever the
    # article or one of its blocks changes: the body lives in other rows, and one column
    # lets PostgreSQL index headline, standfirst and body together.
    search_document = models.TextField(_("texte indexé"), blank=True, default="", editable=False)
    # PostgreSQL only (NULL on SQLite): headline, standfirst and body as a weighted tsvector,
    # computed by a database trigger (migration 0009) whenever one of the three changes, and
    # GIN-indexed. Stored rather than an expression index so ranking reads it instead of
    # re-parsing every matching article's text. Derived data: never serialised (backups,
    # versions).
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(fields=["status", "published_at"]),
            # The admin's list, newest first over every status: without it PostgreSQL sorts
            # the whole table for each page.
            models.Index(fields=["published_at", "id"], name="articles_published_id_idx"),
            # The latest change to a published article (sitemaps, sections' lastmod): read
            # from the end of this index instead of every row.
            models.Index(fields=["updated_at"], name="articles_updated_idx"),
            # What readers see, newest first: counted for the sitemap index's pages (an
            # index-only scan instead of reading the table), and read for a sitemap page's
            # slugs and dates, skipping along this index instead of sorting the whole table.
            models.Index(
                fields=["published_at", "id"],
                include=["embargo_until", "slug", "updated_at"],
                condition=Q(status="published"),
                name="articles_live_idx",
            ),
            # Each section's latest published change (the sections sitemap): the global
            # updated_at index would walk the whole archive for a section with one old
            # article; this one answers each section from its own end.
            # The covered dates let PostgreSQL check the published() gate without the table.
            models.Index(
                fields=["section", "updated_at"],
                include=["published_at", "embargo_until"],
                condition=Q(status="published"),
                name="articles_section_updated_idx",
            ),
        ]
        permissions = [("publish_article", "Can publish, schedule and unpublish article")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_date",
                violation_error_message=_("Un article publié doit avoir une date de publication."),
            )
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED:
            if self.published_at is None:
                self.published_at = timezone.now()
            if self.first_published_at is None:
                self.first_published_at = self.published_at
        self.version += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug)

    @property
    def title_tag(self) -> str:
        return self.seo_title or self.headline

    @property
    def share_title(self) -> str:
        return self.social_title or self.headline

    @property
    def is_live(self) -> bool:
        """Whether readers see it now: the Python twin of ``published()``."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and not self.is_embargoed
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_embargoed(self) -> bool:
        return self.embargo_until is not None and self.embargo_until > timezone.now()

    @property
    def is_editable_draft(self) -> bool:
        """Still being written: a journalist may edit their own article only in these states."""
        return self.status in workflow.AUTHOR_EDITS

    def content_updated_at(self):
        """When what the page shows last changed: the article, or anything it embeds by reference.

        A correction to an embedded career, people list, person or organisation changes the
        article's page without touching the article, so the « mis à jour le » date, JSON-LD
        ``dateModified`` and the sitemap's ``lastmod`` follow the latest of them. Reads the
        blocks loaded with the page (``articles.selectors``): no query of its own on the article page.
        """
        moments = [self.updated_at]
        for block in self.blocks.all():
            if block.timeline_person_id:
                moments.append(block.timeline_person.updated_at)
                for entry in block.timeline_person.career_entries.all():
                    moments += [entry.updated_at, entry.organisation.updated_at]
            if block.people_list_id:
                moments += [block.people_list.updated_at, block.people_list.organisation.updated_at]
                for member in block.people_list.members.all():
                    moments.append(member.person.updated_at)
                    moments += [entry.updated_at for entry in member.person.career_entries.all()]
        return max(moment for moment in moments if moment is not None)

    def images(self) -> list:
        """The pictures the page shows: the hero, then image blocks (reads prefetched blocks)."""
        body = [block.image for block in self.blocks.all() if block.kind == Block.Kind.IMAGE and block.image_id]
        return [image for image in [self.hero_image, *body] if image is not None]

    def images_missing_alt(self) -> list:
        """Pictures that still need alt text before the article may be published."""
        return images_missing_alt(self.images())


@reversion.register()
class Block(models.Model):
    """One piece of an article's body, in the order the editor arranged them.

    Embeds (timeline, people list) hold a reference to structured data, never a copy.
    """

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", _("paragraphe")
        HEADING = "heading", _("intertitre")
        QUOTE = "quote", _("citation")
        TIMELINE = "timeline", _("parcours d’une personne")
        PEOPLE_LIST = "people_list", _("liste de personnes et rôles")
        FAQ = "faq", _("emplacement de la FAQ")
        IMAGE = "image", _("image")

    class DateDisplay(models.TextChoices):
        # AS_ENTERED shows each row's start as reported (« 2015 », « février 2019 »); PRECISE
        # shows the whole period (« février 2019 – 15 novembre 2024 », « depuis 2015 »).
        YEAR = "year", _("années seules")
        AS_ENTERED = "entered", _("dates telles que saisies")
        PRECISE = "precise", _("périodes (début – fin)")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.PARAGRAPH)
    text = RichTextField(
        _("texte"),
        blank=True,
        help_text=_("Paragraphe, intertitre ou texte de la citation."),
    )
    speaker = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur de la citation"),
    )
    speaker_name = models.CharField(
        _("auteur (texte libre)"), max_length=200, blank=True, help_text=_("Si la personne n’a pas de fiche.")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    source_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("média ou plateforme source"),
    )
    timeline_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("parcours de"),
    )
    timeline_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("limité à l’organisation"),
    )
    people_list = models.ForeignKey(
        PeopleList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("liste de personnes"),
    )
    date_display = models.CharField(
        _("affichage des dates"),
        max_length=7,
        choices=DateDisplay.choices,
        default=DateDisplay.AS_ENTERED,
        help_text=_(
            "« Années seules » : 2015. « Dates telles que saisies » : 2015, février 2019 ou 1er mars 2025, "
            "selon ce que la fiche connaît. « Périodes » : le début et la fin de chaque rôle."
        ),
    )
    image = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    image_caption = models.CharField(
        _("légende pour cet article"),
        max_length=500,
        blank=True,
        help_text=_("Remplace la légende de la photothèque ici seulement."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("bloc")
        verbose_name_plural = _("blocs du corps de l’article")

    def __str__(self):
        # How the history and the deletion page name a block: « Bloc 3 — Paragraphe », counted
        # from 1 as the editor reads them (positions are numbered from 0).
        return _("Bloc %(number)s — %(kind)s") % {
            "number": self.position + 1,
            "kind": capfirst(self.get_kind_display()),
        }

    REQUIRED = {
        Kind.PARAGRAPH: ["text"],
        Kind.HEADING: ["text"],
        Kind.QUOTE: ["text"],
        Kind.TIMELINE: ["timeline_person"],
        Kind.PEOPLE_LIST: ["people_list"],
        Kind.FAQ: [],
        Kind.IMAGE: ["image"],
    }

    # The fields each kind is made of; a block holds its own kind's fields only.
    FIELDS = {
        Kind.PARAGRAPH: ["text"],
        Kind.HEADING: ["text"],
        Kind.QUOTE: ["text", "speaker", "speaker_name", "source", "source_organisation"],
        Kind.TIMELINE: ["timeline_person", "timeline_organisation", "date_display"],
        Kind.PEOPLE_LIST: ["people_list"],
        Kind.FAQ: [],
        Kind.IMAGE: ["image", "image_caption"],
    }

    @property
    def summary(self) -> str:
        """What the block holds, in a few words: the line shown when it is collapsed."""
        if self.kind in (self.Kind.PARAGRAPH, self.Kind.HEADING):
            detail = strip_tags(self.text)
        elif self.kind == self.Kind.QUOTE:
            detail = self.speaker_display or strip_tags(self.text)
        elif self.kind == self.Kind.TIMELINE:
            detail = self.timeline_person.name if self.timeline_person_id else ""
        elif self.kind == self.Kind.PEOPLE_LIST:
            detail = self.people_list.title if self.people_list_id else ""
        elif self.kind == self.Kind.IMAGE:
            detail = self.caption_display or (str(self.image) if self.image_id else "")
        else:
            detail = ""
        return Truncator(" ".join(unescape(detail).split())).chars(90)

    def clean(self):
        errors = {}
        for name in self.REQUIRED.get(self.kind, []):
            if not getattr(self, name) and not getattr(self, f"{name}_id", None):
                errors[name] = _("Ce champ est obligatoire pour un bloc « %(kind)s ».") % {
                    "kind": self.get_kind_display()
                }
        if self.kind == self.Kind.QUOTE and not (self.speaker_id or self.speaker_name):
            errors["speaker"] = _("Indiquez qui parle : une fiche personne ou un nom.")
        if errors:
            raise ValidationError(errors)

    @property
    def speaker_display(self) -> str:
        return self.speaker.name if self.speaker_id else self.speaker_name

    @property
    def caption_display(self) -> str:
        """An image block's caption: this article's own, else the library's."""
        return self.image_caption or (self.image.caption if self.image_id else "")

    @property
    def source_display(self) -> str:
        return self.source or (self.source_organisation.name if self.source_organisation_id else "")


@reversion.register()
class FaqEntry(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="faq_entries")
    position = models.PositiveIntegerField(_("position"), default=0)
    question = models.CharField(_("question"), max_length=300)
    answer = RichTextField(_("réponse"))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question de la FAQ")
        verbose_name_plural = _("FAQ")

    def __str__(self):
        return self.question


class ShareLinkQuerySet(models.QuerySet):
    def active(self, *, at=None):
        """Links that still open their preview: neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())


class ShareLink(models.Model):
    """A preview of an unpublished article for someone outside the admin.

    The URL carries a signed token naming the link, so it cannot be guessed or altered;
    the row decides whether it still works (expiry, revocation).
    """

    SALT = "articles.sharelink"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="share_links", verbose_name=_("article")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("créé par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lien de prévisualisation")
        verbose_name_plural = _("liens de prévisualisation")

    def __str__(self):
        return f"{self.article} ({self.expires_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("articles:share", kwargs={"token": self.token})

    @property
    def token(self) -> str:
        """The same token every time for the same link: expiry and revocation live in the row,
        so the token needs no timestamp (``signing.dumps`` adds one, and the address changed
        from one second to the next)."""
        return signing.Signer(salt=self.SALT).sign_object({"link": self.pk}, compress=True)

    @classmethod
    def id_from_token(cls, token: str) -> int | None:
        """The link id a token names, or None if it was tampered with."""
        try:
            data = signing.Signer(salt=cls.SALT).unsign_object(token)
        except (signing.BadSignature, ValueError):
            try:  # links handed out before tokens were stable carry a timestamp
                data = signing.loads(token, salt=cls.SALT)
            except signing.BadSignature:
                return None
        link_id = data.get("link") if isinstance(data, dict) else None
        return link_id if isinstance(link_id, int) else None

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class SlugRedirect(models.Model):
    """An old slug of a published article: its URL answers with a 301 to the current one."""

    old_slug = models.SlugField(_("ancien slug"), max_length=200, unique=True)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="slug_redirects", verbose_name=_("article")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("redirection d’ancien slug")
        verbose_name_plural = _("redirections d’anciens slugs")

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"
