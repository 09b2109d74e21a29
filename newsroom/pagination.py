"""One way to cut a public list into pages, shared by every app's list pages."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PAGE_SIZE = 20


def page_of(request, queryset: QuerySet, *, per_page: int = PAGE_SIZE) -> Page:
    """The page of ``queryset`` that ``?page=`` asks for, never an error.

    ``get_page()`` turns a non-number into the first page and a number past either end
    (``-1``, ``100000000000000000000``) into the last page, so a hand-edited or stale link
    still lands on real content. The page costs a count and one slice of rows.
    """
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
