"""Review of what published pages embed: people, careers, organisations, lists, image captions.

Articles go through the workflow; what they embed is edited on its own pages and shows at once
on every article that embeds it. So a journalist's change to such an object, once readers can
see it, is kept aside as a ``PendingChange`` (the object and its inline rows, before and after)
and waits for an editor, as Wagtail keeps a draft revision of a snippet. Meanwhile the admin
form and the article previews show the proposed version; readers see the approved one.
Editors' own changes go live at once.

The apps say which models are reviewed and when readers can see an object (``register``);
this module knows nothing of them.
"""

import contextlib
import contextvars
import dataclasses
import json
import secrets
from collections.abc import Callable

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from .models import PendingChange

APPROVE_PERMISSION = "newsroom.approve_pendingchange"


@dataclasses.dataclass(frozen=True)
class Reviewed:
    """How one model is reviewed: its inline rows (reverse foreign keys) and its visibility."""

    children: tuple[str, ...]
    shown: Callable[[models.Model], bool]


_REGISTRY: dict[type, Reviewed] = {}


def register(model, *, shown: Callable[[models.Model], bool], children: tuple[str, ...] = ()) -> None:
    """Review journalists' changes to ``model`` once ``shown(obj)`` says readers see ``obj``.

    ``children``: reverse accessors of the rows edited with it (a person's career entries).
    """
    _REGISTRY[model] = Reviewed(children=tuple(children), shown=shown)


def can_approve(user) -> bool:
    return bool(user and user.is_active and user.has_perm(APPROVE_PERMISSION))


def is_shown(obj) -> bool:
    """Whether readers can see ``obj`` now (its model's ``shown``)."""
    spec = _REGISTRY.get(type(obj))
    return bool(spec and obj.pk and spec.shown(obj))


def needs_review(user, obj) -> bool:
    """Whether ``user``'s change to ``obj`` must wait for an editor."""
    return not can_approve(user) and is_shown(obj)


def pending_for(obj) -> PendingChange | None:
    if obj is None or obj.pk is None:
        return None
    return (
        PendingChange.objects.select_related("created_by")
        .filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)
        .first()
    )


# Serialised state: {"rows": [Django's "python" serialisation of the object and its rows],
# "tags": [names] or None}. Keys are (model label, pk).


def _child_rows(obj) -> list[models.Model]:
    rows = []
    for accessor in _REGISTRY[type(obj)].children:
        rows += list(getattr(obj, accessor).order_by("pk"))
    return rows


def _edited_fields(model) -> list[str]:
    """What a person edits: not the time stamps every save moves."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False)
    ]


def serialise(obj) -> dict:
    """The object and its inline rows as the database holds them now (JSON-ready)."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    rows = []
    for row in [fresh, *_child_rows(fresh)]:
        rows += json.loads(serializers.serialize("json", [row], fields=_edited_fields(type(row))))
    tags = sorted(fresh.tags.names()) if hasattr(fresh, "tags") else None
    return {"rows": rows, "tags": tags}


def _index(state: dict) -> dict:
    return {(row["model"], row["pk"]): row for row in state["rows"]}


def proposed_state(obj, *, known_pks: set) -> dict:
    """The state as the journalist's save left it: rows added in this save get a negative key
    of their own, so they never meet a real row's and are found again on the next edit."""
    state = serialise(obj)
    for row in state["rows"][1:]:
        if row["pk"] not in known_pks:
            row["pk"] = -(secrets.randbelow(2**46) + 1)
    return state


def _deserialised(row: dict) -> models.Model:
    return next(serializers.deserialize("python", [row], ignorenonexistent=True)).object


def apply(change: PendingChange, *, final: bool) -> models.Model:
    """Write what ``change`` proposes to the database: only the fields and rows the journalist
    changed from ``base``, so an editor's change made meanwhile to other fields is kept.

    ``final=False`` (previews, the admin form) keeps the proposed rows' negative keys so the
    form finds them again; ``final=True`` (approval) gives them real ones.
    """
    base, proposed = _index(change.base), _index(change.data)
    model = change.content_type.model_class()
    obj = model._default_manager.get(pk=change.object_id)
    for key, row in proposed.items():
        before = base.get(key)
        if before is not None and before["fields"] == row["fields"]:
            continue
        incoming = _deserialised(row)
        target_model = type(incoming)
        live = target_model._default_manager.filter(pk=incoming.pk).first()
        if live is None and before is not None:
            continue  # removed by an editor meanwhile: their removal stands
        if live is None:
            live = incoming
            if final and incoming.pk < 0:
                live.pk = None
        else:
            for name, value in row["fields"].items():
                if before is None or before["fields"].get(name) != value:
                    field = target_model._meta.get_field(name)
                    setattr(live, field.attname, getattr(incoming, field.attname))
        live.save()
    for model_label, pk in base.keys() - proposed.keys():
        removed = _deserialised(base[(model_label, pk)])
        type(removed)._default_manager.filter(pk=pk).delete()
    if change.data.get("tags") is not None and change.data["tags"] != change.base.get("tags"):
        obj.tags.set(change.data["tags"])
    return model._default_manager.get(pk=change.object_id)


def give_real_keys(obj) -> None:
    """Rows saved with a proposal's negative key (an editor saving a form that showed it) get
    a real one, as any row the admin creates."""
    for row in _child_rows(obj):
        if row.pk is not None and row.pk < 0:
            old = row.pk
            row.pk = None
            row.save()
            type(row)._default_manager.filter(pk=old).delete()


@transaction.atomic
def propose(*, obj, by, base: dict, data: dict) -> PendingChange:
    """Keep ``data`` (``proposed_state`` of a save since rolled back) as ``obj``'s pending
    change, proposed by ``by`` over ``base``, the live state it started from."""
    change, _created = PendingChange.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        defaults={
            "base": base,
            "data": data,
            "created_by": by,
            "object_repr": _safe_str(_deserialised(data["rows"][0]))[:300],
        },
    )
    _log(obj, by=by, message=_("Modification proposée, en attente d’approbation"))
    return change


def _log(obj, *, by, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=by.pk, queryset=[obj], action_flag=CHANGE, change_message=message, single_object=True
    )


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else _("quelqu’un")


@transaction.atomic
def approve(*, change: PendingChange, by) -> models.Model | None:
    """An editor approves: the proposed version goes live, with what it newly refers to."""
    if not can_approve(by):
        raise PermissionDenied
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if not change.content_type.model_class()._default_manager.filter(pk=change.object_id).exists():
        change.delete()  # the object was deleted meanwhile: nothing left to approve
        return None
    obj = apply(change, final=True)
    make_public([obj, *referenced(obj)])
    _log(obj, by=by, message=_("Modification de %(who)s approuvée") % {"who": _who(change.created_by)})
    change.delete()
    return obj


@transaction.atomic
def reject(*, change: PendingChange, by) -> None:
    if not can_approve(by):
        raise PermissionDenied
    model = change.content_type.model_class()
    obj = model._default_manager.filter(pk=change.object_id).first()
    if obj is not None:
        _log(obj, by=by, message=_("Modification de %(who)s refusée") % {"who": _who(change.created_by)})
    change.delete()


def referenced(obj) -> list[models.Model]:
    """Reviewed objects ``obj`` and its rows point to (a career's organisation, a member)."""
    found = []
    for row in [obj, *_child_rows(obj)]:
        for field in row._meta.concrete_fields:
            if field.is_relation and field.related_model in _REGISTRY:
                target = getattr(row, field.name)
                if target is not None:
                    found.append(target)
    return found


def make_public(objs) -> int:
    """Readers may now see these objects (those with an ``is_public`` flag), and what the newly
    public ones point to: a list's members, a person's organisations. An object already public
    was approved with what it pointed to then, and an editor's later save of it approves what it
    points to now (``ReviewedAdminMixin.save_related``): its references are not read again."""
    seen, made = set(), 0
    queue = list(objs)
    while queue:
        obj = queue.pop()
        key = (type(obj), obj.pk)
        if key in seen or getattr(obj, "is_public", True):
            continue
        seen.add(key)
        obj.is_public = True
        obj.save(update_fields=["is_public"])  # through save(): the page cache hears of it
        made += 1
        queue += referenced(obj)
    return made


_PREVIEWING = contextvars.ContextVar("newsroom_review_previewing", default=False)


def is_previewing() -> bool:
    """Whether the database holds proposals that will be rolled back (caches ignore them)."""
    return _PREVIEWING.get()


@contextlib.contextmanager
def showing_proposals():
    """Mark writes made inside as a preview's, rolled back by the caller."""
    token = _PREVIEWING.set(True)
    try:
        yield
    finally:
        _PREVIEWING.reset(token)


@contextlib.contextmanager
def previewing():
    """Inside, the database shows every pending change, as an editor reviewing would see
    the pages; everything is rolled back on the way out, whatever happened."""
    with transaction.atomic(), showing_proposals():
        for change in PendingChange.objects.select_related("content_type"):
            with contextlib.suppress(Exception), transaction.atomic():
                apply(change, final=False)
        yield
        transaction.set_rollback(True)


def describe(change: PendingChange) -> list[str]:
    """The proposed change in words, one line per field or row (« Biographie : … → … »)."""
    base, proposed = _index(change.base), _index(change.data)
    lines = []
    for key, row in proposed.items():
        before = base.get(key)
        incoming = _deserialised(row)
        label = str(type(incoming)._meta.verbose_name).capitalize()
        if before is None:
            lines.append(_("%(kind)s ajoutée : %(what)s") % {"kind": label, "what": _safe_str(incoming)})
            continue
        for name, value in row["fields"].items():
            old = before["fields"].get(name)
            if old != value:
                field = type(incoming)._meta.get_field(name)
                lines.append(
                    f"{label} « {_safe_str(incoming)} », {field.verbose_name} : "
                    f"« {_display(old)} » → « {_display(value)} »"
                )
    for key in base.keys() - proposed.keys():
        removed = _deserialised(base[key])
        label = str(type(removed)._meta.verbose_name).capitalize()
        lines.append(_("%(kind)s retirée : %(what)s") % {"kind": label, "what": _safe_str(removed)})
    if change.data.get("tags") != change.base.get("tags"):
        lines.append(
            _("Mots-clés : « %(old)s » → « %(new)s »")
            % {"old": ", ".join(change.base.get("tags") or []), "new": ", ".join(change.data.get("tags") or [])}
        )
    return lines


def _display(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 200 else text[:200] + "…"


def _safe_str(obj) -> str:
    try:
        return str(obj)
    except Exception:  # a row pointing to something removed since
        return f"#{obj.pk}"
