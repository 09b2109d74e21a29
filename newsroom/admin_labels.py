"""The admin's words for a kind of record, in French: « Ajouter un article », « Modifier la
personne », « Nouvelle question de la FAQ ».

Django builds its titles and buttons from a model's verbose name alone, which French cannot
do (« Ajouter article », « Ajout de organisation »): the determiner agrees with the noun's
gender and elides before a vowel. The gender of every noun the admin names is declared here,
once. ``FrenchLabelsAdminMixin`` gives the titles of the add, change and list pages and the
list of what a deletion takes with it; the admin templates (templates/admin/, through
``admin_label_tags``) use the same words for the add buttons and inline rows.

Django's and taggit's own sentences that call a record an « objet » are reworded in the
project's French catalogue (locale/fr), which takes precedence over theirs.
"""

from django.contrib.admin.options import EMPTY_VALUE_STRING
from django.contrib.admin.utils import NestedObjects, display_for_value, quote
from django.db import router
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import ItemBase

# The nouns of the models' verbose names (``Meta.verbose_name``, as French), by gender. A
# noun missing from both sets is taken as masculine; tests/articles/test_admin_labels.py
# fails on any admin model whose noun is missing.
FEMININE = frozenset(
    {
        "rubrique",
        "question de la FAQ",
        "personne",
        "organisation",
        "étape de carrière",
        "liste de personnes",
        "image",
        "modification en attente",
        "redirection de mot-clé",
        "redirection d’ancien slug",
        "déclinaison",
        "génération du contenu",
        "tentative de connexion",
    }
)
MASCULINE = frozenset({"article", "bloc", "lien de prévisualisation", "membre de la liste", "mot-clé"})

VOWELS = tuple("aàâeéèêëiîïoôuùûy")

# « un article », « une personne »; « l’image », « le bloc »; « nouvel article ».
A = {"m": _("un %(name)s"), "f": _("une %(name)s")}
THE = {"m": _("le %(name)s"), "f": _("la %(name)s"), "elided": _("l’%(name)s")}
NEW = {"m": _("nouveau %(name)s"), "f": _("nouvelle %(name)s"), "elided-m": _("nouvel %(name)s")}


def _noun(opts_or_name) -> str:
    return str(getattr(opts_or_name, "verbose_name", opts_or_name))


def is_feminine(opts_or_name) -> bool:
    """Whether the noun of a model (its options or its verbose name) is feminine."""
    return _noun(opts_or_name) in FEMININE


def _with(forms: dict, opts_or_name) -> str:
    name = _noun(opts_or_name)
    feminine = is_feminine(name)
    vowel = name.lower().startswith(VOWELS)
    if vowel and "elided" in forms:  # « l’article », « l’image »
        form = "elided"
    elif vowel and not feminine and "elided-m" in forms:  # « nouvel article », « nouvelle image »
        form = "elided-m"
    else:
        form = "f" if feminine else "m"
    return str(forms[form]) % {"name": name}


def a_noun(opts_or_name) -> str:
    return _with(A, opts_or_name)


def the_noun(opts_or_name) -> str:
    return _with(THE, opts_or_name)


def new_noun(opts_or_name) -> str:
    return _with(NEW, opts_or_name)


def add_label(opts) -> str:
    """« Ajouter un article »: the add page's title, heading and button."""
    return gettext("Ajouter %(noun)s") % {"noun": a_noun(opts)}


def change_title(opts) -> str:
    return gettext("Modifier %(noun)s") % {"noun": the_noun(opts)}


def view_title(opts) -> str:
    return gettext("Consulter %(noun)s") % {"noun": the_noun(opts)}


def list_title(opts) -> str:
    return capfirst(opts.verbose_name_plural)


def _link_field(model):
    """For a row that only links two records (a byline, a tag on an article), the field that
    points at the linked record and the words for the link; None for any other model."""
    if issubclass(model, ItemBase):
        field = model._meta.get_field("tag")
        return field, capfirst(field.related_model._meta.verbose_name_plural)
    if model._meta.auto_created:  # the table of a many-to-many field
        m2m = next(f for f in model._meta.auto_created._meta.many_to_many if f.remote_field.through is model)
        return model._meta.get_field(m2m.m2m_reverse_field_name()), capfirst(m2m.verbose_name)
    return None


def _link_descriptions(collector) -> dict:
    """« Auteurs : lien vers « Camille Exemple » » for every link row the deletion removes,
    by (model, pk): deleting it removes the link, not the record it points to. One query per
    kind of link, whatever the number of rows."""
    found = {}
    for model, rows in collector.model_objs.items():
        link = _link_field(model)
        if link is None or not rows:
            continue
        field, what = link
        targets = field.related_model._default_manager.in_bulk({getattr(row, field.attname) for row in rows})
        for row in rows:
            found[model, row.pk] = gettext("%(what)s : lien vers « %(target)s »") % {
                "what": what,
                "target": targets.get(getattr(row, field.attname), EMPTY_VALUE_STRING),
            }
    return found


def deleted_objects(objs, request, admin_site):
    """Django's ``get_deleted_objects`` (what a deletion takes with it, for the confirmation
    page), with each row named as French reads it: « Question de la FAQ : Pourquoi ? »,
    « Bloc 3 — Paragraphe », « Auteurs : lien vers « Camille Exemple » », instead of
    « Bloc: paragraphe #3 » and « Relation article-person: Article_authors object (1) »."""
    try:
        first = objs[0]
    except IndexError:
        return [], {}, set(), []
    collector = NestedObjects(using=router.db_for_write(first._meta.model), origin=objs)
    collector.collect(objs)
    links = _link_descriptions(collector)
    perms_needed = set()

    def describe(obj):
        if (obj.__class__, obj.pk) in links:
            return links[obj.__class__, obj.pk]
        opts = obj._meta
        shown = display_for_value(str(obj), EMPTY_VALUE_STRING)
        # A row whose name already says what it is (« Bloc 3 — Paragraphe ») is not prefixed again.
        named = shown.lower().startswith(str(opts.verbose_name).lower())
        prefix = "" if named else f"{capfirst(opts.verbose_name)} : "
        if not admin_site.is_registered(obj.__class__):
            return f"{prefix}{shown}"
        if not admin_site.get_model_admin(obj.__class__).has_delete_permission(request, obj):
            perms_needed.add(opts.verbose_name)
        try:
            url = reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
        except NoReverseMatch:
            return f"{prefix}{shown}"
        return format_html('{}<a href="{}">{}</a>', prefix, url, shown)

    to_delete = collector.nested(describe)
    protected = [describe(obj) for obj in collector.protected]
    model_count = {}
    for model, rows in collector.model_objs.items():
        link = _link_field(model)
        name = link[1] if link else capfirst(model._meta.verbose_name_plural)
        model_count[name] = model_count.get(name, 0) + len(rows)
    return to_delete, model_count, perms_needed, protected


class FrenchLabelsAdminMixin:
    """Page titles that read as French (« Ajouter une personne », « Modifier l’article »,
    « Articles »), and the confirmation page of a deletion naming rows as French reads them.

    Mixed into every ModelAdmin of the project, just before ``admin.ModelAdmin`` (or the base
    that stands for it) so that the admins' own hooks run first.
    """

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Django's title, replaced by ours; a view's own title (reversion's « Récupérer … ») stays.
        name = self.opts.verbose_name
        ours = {
            gettext("Add %s") % name: add_label,
            gettext("Change %s") % name: change_title,
            gettext("View %s") % name: view_title,
        }.get(str(context.get("title")))
        if ours is not None:
            context["title"] = ours(self.opts)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        changelist.title = list_title(self.opts)
        return changelist

    def get_deleted_objects(self, objs, request):
        return deleted_objects(objs, request, self.admin_site)
