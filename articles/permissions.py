"""Who may do what to an article: one place that the admin, the services and views ask.

Journalists write: they create articles and edit their own while they are drafts or in
review. Editors decide: they publish, schedule, embargo, unpublish and edit anything.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

PUBLISH_PERMISSION = "articles.publish_article"
CHANGE_PERMISSION = "articles.change_article"
VIEW_PERMISSION = "articles.view_article"


def can_publish(user) -> bool:
    """Publishing, scheduling, embargoes and unpublishing are an editor's decisions."""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def can_view(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm(VIEW_PERMISSION))


def can_edit(user, article) -> bool:
    """Whether ``user`` may change ``article`` (its text, blocks, FAQ); None means "any"."""
    if not (user and user.is_active and user.has_perm(CHANGE_PERMISSION)):
        return False
    if article is None or article.pk is None or can_publish(user):
        return True
    return article.created_by_id == user.pk and article.is_editable_draft


def require_edit(user, article) -> None:
    if not can_edit(user, article):
        raise PermissionDenied(_("Vous ne pouvez pas modifier cet article."))


def require_publish(user) -> None:
    if not can_publish(user):
        raise PermissionDenied(_("Seuls les éditeurs publient, programment, mettent sous embargo et dépublient."))
