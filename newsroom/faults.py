"""Survive the database going away or slowing down: a branded 503 with Retry-After, never a traceback.

Readers get the "back soon" page at once (the connection timeout is short); a journalist
whose save could not reach the database gets the same page with what they typed, ready to
copy, so nothing is lost. Connections are health-checked before reuse, so the site resumes by
itself when the database returns, with no restart. A database too slow to answer in time
gets the same page: a statement cancelled by its timeout, or a request past its deadline
(``newsroom.deadline``).
"""

import logging
import sys

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template.loader import render_to_string

from .deadline import DeadlineExceeded

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# PostgreSQL's query_canceled: a statement_timeout ran out (or a cancel request).
QUERY_CANCELED = "57014"
# Never echo secrets back into a page.
_HIDDEN_FIELDS = {"csrfmiddlewaretoken", "password", "password1", "password2", "old_password"}


def unavailable_response(request) -> HttpResponse:
    kept = []
    if request.method == "POST":
        try:
            kept = [
                (name, value)
                for name, values in request.POST.lists()
                if name not in _HIDDEN_FIELDS
                and "-TOTAL_FORMS" not in name
                and "-INITIAL_FORMS" not in name
                and "-MIN_NUM_FORMS" not in name
                and "-MAX_NUM_FORMS" not in name
                for value in values
                if value.strip()
            ]
        except Exception:  # an unreadable body must not turn a 503 into a 500
            kept = []
    html = render_to_string("503.html", {"kept": kept})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: a lost or too slow database becomes the 503 page, anything else the 500 page.

    Django calls this inside its exception handler for errors raised by views and by
    middleware alike (a session that cannot be saved, a user that cannot be loaded), so
    this is the one place that sees them all.
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, DeadlineExceeded) or _is_query_canceled(exc):
        logger.error("Database too slow: %s", exc)
        return unavailable_response(request)
    if isinstance(exc, (OperationalError, InterfaceError)) and _is_connection_error(exc):
        logger.error("Database unavailable: %s", exc)
        return unavailable_response(request)
    return HttpResponseServerError(render_to_string("500.html"))


def bad_request(request, exception):
    """handler400: the 400 page, which says so when the request was too large to read (a
    whole document pasted into a form sent without its script, which stops it earlier)."""
    too_large = isinstance(exception, RequestDataTooBig)
    return HttpResponseBadRequest(render_to_string("400.html", {"too_large": too_large}))


def _is_query_canceled(exc) -> bool:
    """A statement PostgreSQL cancelled: psycopg's QueryCanceled, which Django re-raises as
    its OperationalError with the original as the cause."""
    return isinstance(exc, DatabaseError) and any(
        getattr(error, "sqlstate", None) == QUERY_CANCELED for error in (exc, exc.__cause__)
    )


def _is_connection_error(exc: DatabaseError) -> bool:
    """Lost or refused connections, not a query bug that happens to be an OperationalError."""
    if isinstance(exc, InterfaceError):
        return True
    text = str(exc).lower()
    return any(
        marker in text
        for marker in (
            "connection",
            "could not connect",
            "server closed",
            "terminating",
            "timeout",
            "timed out",
            "the database system is",
            "unable to open database",
            "database is locked",
        )
    )
