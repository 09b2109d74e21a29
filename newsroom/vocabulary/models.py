"""``TagRedirect``: a merged tag's old address.

A model of the ``newsroom`` app (``newsroom/models.py`` imports it); its table keeps the name
it had when the model lived in ``articles``, so no row moved with it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TagRedirect(models.Model):
    """An old tag address (a merged tag's slug) that now leads to another tag with a 301."""

    old_slug = models.SlugField(_("ancien slug"), max_length=100, unique=True, allow_unicode=True)
    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, related_name="redirects", verbose_name=_("mot-clé"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        app_label = "newsroom"
        db_table = "articles_tagredirect"
        ordering = ["old_slug"]
        verbose_name = _("redirection de mot-clé")
        verbose_name_plural = _("redirections de mots-clés")

    def __str__(self):
        return f"{self.old_slug} → {self.tag.slug}"
