"""One way to cut a public list into pages, shared by every app's list pages.

Public lists are not counted: a page reads one row more than it shows to know whether a
next page exists. Counting every published article for each render of the home page is
slow on a large archive, for a « sur 4 752 » nobody reads; the pages say « Page 3 » and link
to the previous and next ones. A list whose total the reader is told (the search's
« 25 articles trouvés ») asks for ``counted=True``.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

PAGE_SIZE = 20
# Past this offset a page number is taken for a hand-edited one and answered as « past the
# end » without asking the database for rows that far (OFFSET stays small and in range).
MAX_OFFSET = 1_000_000


@dataclass
class ListPage:
    """One page of an uncounted list; what the templates use of Django's Page."""

    object_list: list
    number: int
    has_next_page: bool
    paginator = None  # no total: the pagination says « Page 3 », not « Page 3 sur 10 »

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.has_next_page

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_of(request, queryset: QuerySet, *, per_page: int = PAGE_SIZE, counted: bool = False) -> Page | ListPage:
    """The page of ``queryset`` that ``?page=`` asks for, never an error.

    As Django's ``get_page()``: a non-number gives the first page, and a number past either
    end (``0``, ``-1``, a stale or hand-edited ``100000000000000000000``) the last page, the
    only case that costs a count. Otherwise the page costs one slice of rows.
    """
    paginator = Paginator(queryset, per_page)
    if counted:
        return paginator.get_page(request.GET.get("page"))
    try:
        number = int(request.GET.get("page") or 1)
    except ValueError:
        number = 1
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1]) if 0 <= offset <= MAX_OFFSET else []
    if not rows and number != 1:
        return paginator.get_page(number)
    return ListPage(object_list=rows[:per_page], number=number, has_next_page=len(rows) > per_page)


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap`` rows, for the admin's search results.

    A word found in most of a large archive would make the admin count every match (reading
    the search vectors from disk on PostgreSQL) only to print « 98 748 résultats ».
    Counting stops one row past the cap: below it the count is exact, above it ``capped``
    is true, the page says « plus de 1 000 » and the pages stop there, newest first, like
    the readers' search window: a sharper search reaches further back.
    """

    cap = 1000
    capped = False

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)
