"""People, organisations and the career entries that tie them together.

A person's timeline, current roles and an organisation's current and former people are
all derived from ``CareerEntry`` rows: a career is entered once and read everywhere.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from newsroom.folding import fold
from newsroom.links import slug_url
from newsroom.models import Image
from newsroom.richtext import RichTextField

from .dates import Precision, format_partial_date, is_normalised


class SearchText:
    """Keeps ``search_text``: the ``folded_fields`` folded (accents and case) on every save.

    Reader search matches folded words in it with a plain LIKE: folding every name and
    description in the database on each search is slow at archive scale. The fields are
    joined by line breaks, which no searched word contains, so a word still has to appear
    within one field.

    Derived, so never in a backup (``serialize=False``): the ``pre_save`` receiver
    ``keep_search_text`` folds it on every save, fixtures and restores included (they skip
    ``save()``); ``save()`` adds it to a partial save of a folded field.
    """

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.folded_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def folded_search_text(self) -> str:
        return fold("\n".join(getattr(self, name) or "" for name in self.folded_fields))


class PublicQuerySet(models.QuerySet):
    def public(self):
        """What readers may see: approved by an editor (see ``is_public``)."""
        return self.filter(is_public=True)


class Organisation(SearchText, models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", _("entreprise")
        LAB = "lab", _("laboratoire de recherche")
        NEWSROOM = "newsroom", _("média")
        PUBLIC_BODY = "public_body", _("organisme public")
        OTHER = "other", _("autre")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.COMPANY)
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # PROTECT: an image in use cannot vanish from pages by a delete in the library; the
    # admin's delete page lists where it is used instead.
    logo = models.ForeignKey(
        Image, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("logo")
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # Readers see only what an editor approved: a person or organisation a journalist creates
    # stays in the newsroom until an editor approves it or publishes an article citing it.
    is_public = models.BooleanField(_("public"), default=True, db_index=True)
    # What reader search matches, folded once here (see SearchText).
    search_text = models.TextField(editable=False, default="", serialize=False)

    folded_fields = ["name"]
    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("people:organisation", self.slug)


class PersonQuerySet(PublicQuerySet):
    def with_career(self):
        """People with their career entries and the organisations in them, in two queries."""
        return self.prefetch_related(
            models.Prefetch(
                "career_entries",
                queryset=CareerEntry.objects.select_related("organisation", "destination"),
            )
        )

    def with_portrait(self):
        """The portrait and its renditions: one more query, only when someone has a portrait."""
        return self.select_related("portrait").prefetch_related("portrait__renditions")


class Person(SearchText, models.Model):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    short_description = models.CharField(
        _("description courte"),
        max_length=300,
        blank=True,
        help_text=_("Une ligne, affichée sous le nom (ex. « chercheuse en sécurité de l’IA »)."),
    )
    biography = RichTextField(_("biographie"), blank=True)
    x_url = models.URLField(_("compte X"), blank=True)
    website = models.URLField(_("site personnel"), blank=True)
    portrait = models.ForeignKey(
        Image, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("portrait")
    )
    tags = TaggableManager(_("mots-clés"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # Readers see only what an editor approved: a person or organisation a journalist creates
    # stays in the newsroom until an editor approves it or publishes an article citing it.
    is_public = models.BooleanField(_("public"), default=True, db_index=True)
    search_text = models.TextField(editable=False, default="", serialize=False)

    folded_fields = ["name", "short_description"]
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("people:person", self.slug)

    def timeline(self, organisation=None):
        """Career entries in date order (undated last), optionally at one organisation.

        Reads the prefetched entries when ``with_career()`` was used, so a page that
        shows several timelines does not query once per person.
        """
        entries = list(self.career_entries.all())
        if organisation is not None:
            entries = [e for e in entries if e.organisation_id == organisation.pk]
        return sorted(entries, key=CareerEntry.chronological_key)

    def current_roles(self):
        return [entry for entry in self.timeline() if entry.is_current]

    def past_roles(self):
        return [entry for entry in self.timeline() if not entry.is_current]

    def latest_role_at(self, organisation):
        """The most recent role this person held at ``organisation``, or ``None``."""
        entries = self.timeline(organisation)
        return entries[-1] if entries else None


class CareerEntry(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="career_entries", verbose_name=_("personne")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="career_entries",
        verbose_name=_("organisation"),
    )
    role_title = models.CharField(_("fonction"), max_length=200, blank=True)
    team = models.CharField(_("équipe"), max_length=200, blank=True)
    summary = models.CharField(
        _("résumé"),
        max_length=300,
        blank=True,
        help_text=_(
            "La façon dont le rôle se lit dans un article, ex. « Arrivée dans l’équipe robotique » "
            "ou « Ancienne CTO ». À défaut, la fonction est affichée."
        ),
    )
    start_date = models.DateField(_("début"), null=True, blank=True)
    start_precision = models.CharField(
        _("précision du début"), max_length=5, choices=Precision.choices, default=Precision.YEAR
    )
    end_date = models.DateField(_("fin"), null=True, blank=True)
    end_precision = models.CharField(
        _("précision de la fin"), max_length=5, choices=Precision.choices, default=Precision.YEAR
    )
    ended = models.BooleanField(
        _("rôle terminé"),
        default=False,
        help_text=_("Cochez si la personne a quitté ce rôle, même si la date de fin est inconnue."),
    )
    announced_on = models.DateField(_("départ annoncé le"), null=True, blank=True)
    destination = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="arrivals",
        verbose_name=_("partie vers"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["person", models.F("start_date").asc(nulls_last=True), "pk"]
        verbose_name = _("étape de carrière")
        verbose_name_plural = _("étapes de carrière")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="career_end_after_start",
                violation_error_message=_("La fin ne peut pas précéder le début."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(ended=True),
                name="career_dated_end_is_ended",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "ended", "end_date"])]

    def __str__(self):
        label = self.role_title or self.summary or self.team or _("rôle")
        return f"{self.person} — {label} ({self.organisation})"

    def save(self, *args, **kwargs):
        if self.end_date:
            self.ended = True
        super().save(*args, **kwargs)

    def clean(self):
        # A dated end means the role is over; saying so twice is not the journalist's job.
        if self.end_date:
            self.ended = True
        errors = {}
        # An end without a start is how a departure is often reported (« partie en février
        # 2019 pour… »): it is recorded as it is known.
        for field, precision_field in (("start_date", "start_precision"), ("end_date", "end_precision")):
            value, precision = getattr(self, field), getattr(self, precision_field)
            if value and not is_normalised(value, precision):
                hint = {
                    Precision.YEAR: _("pour une année seule, saisissez le 1er janvier de cette année"),
                    Precision.MONTH: _("pour un mois seul, saisissez le 1er de ce mois"),
                }[precision]
                errors[field] = _("La date ne correspond pas à sa précision : %(hint)s.") % {"hint": hint}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("La fin ne peut pas précéder le début.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self) -> bool:
        return not self.ended and self.end_date is None

    @property
    def label(self) -> str:
        """What an article shows for this role: the summary, else the role title and team."""
        if self.summary:
            return self.summary
        return ", ".join(part for part in (self.role_title, self.team) if part)

    @property
    def start_display(self) -> str:
        return format_partial_date(self.start_date, self.start_precision)

    @property
    def end_display(self) -> str:
        return format_partial_date(self.end_date, self.end_precision)

    @property
    def start_year(self) -> str:
        return str(self.start_date.year) if self.start_date else ""

    @staticmethod
    def chronological_key(entry):
        return (entry.start_date is None, entry.start_date or entry.end_date, entry.pk or 0)


class PeopleList(models.Model):
    """A named, ordered selection of people at an organisation (« Départs notables »).

    Articles embed it by reference; each person's role is read from their career entries,
    so correcting a career corrects every article that shows the list.
    """

    title = models.CharField(_("titre"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="people_lists",
        verbose_name=_("organisation"),
    )
    people = models.ManyToManyField(Person, through="PeopleListMember", related_name="+", verbose_name=_("personnes"))
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # Shown only through published articles: public once an editor approves it or publishes
    # an article that embeds it.
    is_public = models.BooleanField(_("public"), default=True, db_index=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("liste de personnes")
        verbose_name_plural = _("listes de personnes")

    def __str__(self):
        return f"{self.title} ({self.organisation})"

    def rows(self):
        """(person, role at the organisation) in the list's order, from prefetched data."""
        members = sorted(self.members.all(), key=lambda m: (m.position, m.pk))
        return [(m.person, m.person.latest_role_at(self.organisation)) for m in members]


class PeopleListMember(models.Model):
    people_list = models.ForeignKey(
        PeopleList, on_delete=models.CASCADE, related_name="members", verbose_name=_("liste de personnes")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, verbose_name=_("personne"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("membre de la liste")
        verbose_name_plural = _("membres de la liste")
        constraints = [models.UniqueConstraint(fields=["people_list", "person"], name="unique_person_per_list")]

    def __str__(self):
        return str(self.person)


def keep_search_text(sender, instance, **kwargs):
    """``pre_save`` receiver (connected in PeopleConfig.ready()): fold ``search_text``. Bulk
    inserts, which send no signal, call it themselves."""
    instance.search_text = instance.folded_search_text()
