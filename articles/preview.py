"""Previews of any article, whatever its state: for staff at /apercu/<pk>/, and for people
outside the admin through a signed, expiring, revocable share link.

Both reuse the public article template with ``preview`` set (a visible banner, noindex) and
are never cached: ``Cache-Control: private, no-store`` keeps them out of the page cache and
any shared cache in front, ``X-Robots-Tag: noindex`` out of search engines.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from newsroom import review

from . import selectors
from .models import ShareLink
from .permissions import can_view


def _preview_response(request, pk, *, share_link=None):
    # What the article embeds is shown as proposed: a person's or a list's pending change
    # appears here before an editor approves it (newsroom.review).
    with review.previewing():
        article = selectors.article_for_preview(pk=pk)
        response = render(
            request,
            "articles/article_detail.html",
            {
                "article": article,
                "faq_in_body": selectors.has_faq_block(article),
                "preview": True,
                "share_link": share_link,
            },
        )
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def article_preview(request, pk):
    """Staff with the view permission see the article as readers will, marked as a preview."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("admin:login"))
    if not can_view(request.user):
        raise Http404
    return _preview_response(request, pk)


def shared_preview(request, token):
    """The preview a share link opens; a tampered, expired or revoked link is a 404."""
    link_id = ShareLink.id_from_token(token)
    link = ShareLink.objects.active().filter(pk=link_id).first() if link_id else None
    if link is None:
        raise Http404
    return _preview_response(request, link.article_id, share_link=link)
