"""``manage.py loaddemo``: load the seed story as structured content, and the demo accounts.

Idempotent: objects are found by their natural key (slug, username, list title) and
updated in place, and ordered children (blocks, FAQ entries, career entries) are matched
to the demo data by position, so a second run changes no primary key and adds no row.
Every object goes through ``full_clean()`` first: the demo meets the admin's rules.
"""

from collections import Counter
from itertools import zip_longest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from articles import demo, demo_images
from articles.models import Article, Block, FaqEntry, Section
from newsroom import services as image_services
from newsroom.models import Image
from people.models import CareerEntry, Organisation, PeopleList, PeopleListMember, Person


class Command(BaseCommand):
    help = _(
        "Charge l’article de démonstration (OpenAI, départ de Lilian Weng) avec ses personnes, "
        "organisations, parcours, citations et FAQ ; --users crée aussi les comptes de démo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--users",
            action="store_true",
            help=_("Crée ou met à jour les comptes journalist, editor et admin."),
        )
        parser.add_argument(
            "--password",
            help=_("Mot de passe des comptes de démo (obligatoire avec --users)."),
        )

    def handle(self, *args, users=False, password=None, **options):
        if users and not password:
            raise CommandError(_("--users demande un mot de passe : ajoutez --password MOT_DE_PASSE."))
        if password and not users:
            raise CommandError(_("--password ne sert qu’avec --users."))
        self.counts = Counter()
        try:
            with transaction.atomic():
                article = self.load_content()
                accounts = self.load_users(password) if users else []
        except ValidationError as error:
            raise CommandError(_("Démo refusée : %(errors)s") % {"errors": _messages(error)}) from error
        self.report(article, accounts)

    # Content

    def load_content(self) -> Article:
        """Section, organisations, people, careers, the people list, then the article."""
        section = self.upsert(Section, {"slug": demo.SECTION["slug"]}, demo.SECTION)
        organisations = {
            data["slug"]: self.upsert(Organisation, {"slug": data["slug"]}, data) for data in demo.ORGANISATIONS
        }
        people = {}
        for index, data in enumerate(demo.PEOPLE):
            fields = {key: value for key, value in data.items() if key != "tags"}
            stored = Person.objects.filter(slug=data["slug"]).select_related("portrait").first()
            upload, alt_text = demo_images.portrait(data["name"], index)
            fields["portrait"] = self.demo_image(stored.portrait if stored else None, upload, alt_text=alt_text)
            person = self.upsert(Person, {"slug": data["slug"]}, fields)
            person.tags.set(data["tags"])
            people[data["slug"]] = person

        for slug, entries in demo.CAREERS.items():
            person = people[slug]
            wanted = [
                {
                    **entry,
                    "organisation": organisations[entry["organisation"]],
                    "destination": organisations.get(entry["destination"]),
                }
                for entry in entries
            ]
            # The demo owns these people's careers at the organisations it names.
            existing = person.career_entries.filter(
                organisation__in={entry["organisation"] for entry in wanted}
            ).order_by("start_date", "pk")
            self.sync(CareerEntry, existing, wanted, person=person)

        people_list = self.load_people_list(organisations, people)

        data = demo.ARTICLE
        fields = {
            key: data[key] for key in ("headline", "seo_title", "social_title", "standfirst", "language", "status")
        }
        stored = Article.objects.filter(slug=data["slug"]).select_related("hero_image").first()
        upload, alt_text = demo_images.hero()
        hero = self.demo_image(
            stored.hero_image if stored else None,
            upload,
            alt_text=alt_text,
            caption=demo.HERO_CAPTION,
            focal_x=demo_images.HERO_FOCAL[0],
            focal_y=demo_images.HERO_FOCAL[1],
        )
        fields.update(
            hero_image=hero,
            section=section,
            published_at=data["published_at"],
            # The story was first published at its demo date, whatever earlier runs stored.
            first_published_at=data["published_at"],
        )
        article = self.upsert(Article, {"slug": data["slug"]}, fields)
        article.authors.set([people[slug] for slug in data["authors"]])
        article.people.set([people[slug] for slug in data["people"]])
        article.organisations.set([organisations[slug] for slug in data["organisations"]])
        article.tags.set(data["tags"])

        references = {
            "speaker": people,
            "timeline_person": people,
            "source_organisation": organisations,
            "timeline_organisation": organisations,
            "people_list": {people_list.title: people_list},
        }
        blocks = [
            {**BLOCK_BLANK, **_resolve(block, references), "position": position}
            for position, block in enumerate(demo.BLOCKS)
        ]
        self.sync(Block, article.blocks.order_by("position", "pk"), blocks, article=article)

        faq = [
            {"position": position, "question": question, "answer": answer}
            for position, (question, answer) in enumerate(demo.FAQ)
        ]
        self.sync(FaqEntry, article.faq_entries.order_by("position", "pk"), faq, article=article)
        self.date_as_published(article, organisations.values(), people.values(), people_list)
        return article

    @staticmethod
    def date_as_published(article, organisations, people, people_list) -> None:
        """Date the demo rows at the story's publication, as if nothing was corrected since.

        The page dates itself by the latest change to what it shows (« mis à jour le »,
        JSON-LD dateModified, the sitemap's lastmod); stamped with the day the demo was
        loaded, the seed story would tell readers it was updated that day, which the seed
        does not say. A later edit in the admin dates itself as usual.
        """
        published = demo.ARTICLE["published_at"]
        Article.objects.filter(pk=article.pk).update(updated_at=published)
        Organisation.objects.filter(pk__in=[o.pk for o in organisations]).update(updated_at=published)
        Person.objects.filter(pk__in=[p.pk for p in people]).update(updated_at=published)
        # Only the careers the demo owns: those at the organisations it names.
        CareerEntry.objects.filter(person__in=list(people), organisation__in=list(organisations)).update(
            updated_at=published
        )
        PeopleList.objects.filter(pk=people_list.pk).update(updated_at=published)
        article.refresh_from_db(fields=["updated_at"])

    def load_people_list(self, organisations, people) -> PeopleList:
        """« Départs notables »: exactly the demo's members, in the seed's order."""
        data = demo.NOTABLE_DEPARTURES
        organisation = organisations[data["organisation"]]
        people_list = self.upsert(PeopleList, {"title": data["title"], "organisation": organisation}, {})
        members = [people[slug] for slug in data["members"]]
        # A member is keyed by its person (one row per person and list), so reordering
        # never trips the uniqueness rule half-way.
        people_list.members.exclude(person__in=members).delete()
        for position, person in enumerate(members):
            self.upsert(
                PeopleListMember,
                {"people_list": people_list, "person": person},
                {"position": position},
            )
        return people_list

    def demo_image(self, current: Image | None, upload, **fields) -> Image:
        """The demo's illustration: the one already in place is updated, else a new one.

        Only a picture the demo made (its credit says so) is reused; an editor's own
        picture is left in the library and replaced on the page by the demo's.
        """
        fields["credit"] = demo_images.CREDIT
        if current is not None and current.credit == demo_images.CREDIT:
            for name, value in fields.items():
                setattr(current, name, value)
            image_services.image_save(image=current)
            self.counts[(str(Image._meta.verbose_name_plural), False)] += 1
            return current
        image = image_services.image_create(upload=upload, **fields)
        self.counts[(str(Image._meta.verbose_name_plural), True)] += 1
        return image

    # Users

    def load_users(self, password: str) -> list:
        """The three demo accounts, in their roles, all with ``password``."""
        User = get_user_model()
        accounts = []
        for username, group_name, superuser in demo.USERS:
            user = User.objects.filter(username=username).first() or User(username=username)
            validate_password(password, user)
            created = user.pk is None
            user.is_active = True
            user.is_staff = True
            user.is_superuser = superuser
            user.set_password(password)
            user.full_clean()
            user.save()
            # get_or_create: the roles migration normally made the group with its permissions.
            groups = [Group.objects.get_or_create(name=group_name)[0]] if group_name else []
            user.groups.set(groups)
            self.counts[(str(User._meta.verbose_name_plural), created)] += 1
            accounts.append((user, groups))
        return accounts

    # Helpers

    def upsert(self, model, lookup: dict, fields: dict):
        """The object found by ``lookup``, created or updated to hold ``fields``, validated."""
        obj = model.objects.filter(**lookup).first() or model()
        self.save(obj, {**lookup, **fields})
        return obj

    def sync(self, model, existing, wanted: list[dict], **parent):
        """Make the rows of ``existing`` hold ``wanted``, in order: reuse, create, delete."""
        for obj, fields in zip_longest(list(existing), wanted):
            if fields is None:
                obj.delete()
            else:
                self.save(obj or model(), {**parent, **fields})

    def save(self, obj, fields: dict):
        created = obj.pk is None
        for name, value in fields.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save()
        self.counts[(str(obj._meta.verbose_name_plural), created)] += 1

    def report(self, article: Article, accounts: list):
        created = sum(n for (_model, is_new), n in self.counts.items() if is_new)
        updated = sum(n for (_model, is_new), n in self.counts.items() if not is_new)
        self.stdout.write(
            _("Démo chargée : %(created)d objets créés, %(updated)d mis à jour.")
            % {"created": created, "updated": updated}
        )
        names = sorted({name for name, _is_new in self.counts})
        for name in names:
            self.stdout.write(
                f"  {name} : "
                + _("%(created)d créé(s), %(updated)d mis à jour")
                % {"created": self.counts[(name, True)], "updated": self.counts[(name, False)]}
            )
        self.stdout.write(_("Article : %(path)s") % {"path": article.get_absolute_url()})
        for user, groups in accounts:
            role = ", ".join(group.name for group in groups) or _("superutilisateur")
            self.stdout.write(_("Compte : %(username)s (%(role)s)") % {"username": user.username, "role": role})
            for group in groups:
                if not group.permissions.exists():
                    self.stderr.write(
                        _(
                            "Attention : le groupe %(group)s n’a aucune permission "
                            "(migration des rôles non appliquée ?)."
                        )
                        % {"group": group.name}
                    )


# Every block field an embed may set, blank: a reused row of another kind keeps nothing stale.
BLOCK_BLANK = {
    "text": "",
    "speaker": None,
    "speaker_name": "",
    "source": "",
    "source_organisation": None,
    "timeline_person": None,
    "timeline_organisation": None,
    "people_list": None,
    "date_display": Block.DateDisplay.YEAR,
    "image": None,
    "image_caption": "",
}


def _resolve(block: dict, references: dict) -> dict:
    """Replace the demo's natural keys (slugs, list titles) by the loaded objects."""
    return {name: references[name][value] if name in references and value else value for name, value in block.items()}


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field} : {', '.join(msgs)}" for field, msgs in error.message_dict.items())
    return " ".join(error.messages)
