"""Login throttling (django-axes): who the client is behind the proxy, and three limits.

Failed logins are counted three ways within ``AXES_COOLOFF_TIME``, each against its own limit:

- one username from one address (``AXES_FAILURE_LIMIT``): a password guessed for one account;
- any usernames from one address (``NEWSROOM_LOGIN_ADDRESS_LIMIT``): one password sprayed
  over many accounts;
- one username from every address (``NEWSROOM_LOGIN_USERNAME_LIMIT``): one account guessed
  from many addresses.

axes compares a single failure count with a single limit, so the handler reports the count
that is closest to its own limit, on the scale of ``AXES_FAILURE_LIMIT``. An attacker at one
address is stopped by the first two limits before reaching the third, which is higher, so they
cannot lock the account out for its owner at another address; failures made while locked out
are not counted (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``) for the same reason.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_ip(request) -> str | None:
    """The reader's address: ``X-Forwarded-For`` as written by our own proxies, else the peer.

    Each of the ``NEWSROOM_TRUSTED_PROXIES`` proxies appends the address it received the
    request from, so the client is the entry that many places from the right; anything further
    left was written by the client itself and proves nothing. A request with fewer entries did
    not come through every proxy: its peer is the only address known.
    """
    peer = request.META.get("REMOTE_ADDR")
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    if proxies <= 0:
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return peer
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer


def _limit(parameter) -> int:
    names = {parameter} if isinstance(parameter, str) else set(parameter)
    if names == {"ip_address"}:
        return settings.NEWSROOM_LOGIN_ADDRESS_LIMIT
    if names == {"username"}:
        return settings.NEWSROOM_LOGIN_USERNAME_LIMIT
    return settings.AXES_FAILURE_LIMIT


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler with one limit per way of counting (see the module's docstring)."""

    def get_failures(self, request, credentials=None) -> int:
        base = settings.AXES_FAILURE_LIMIT
        scaled = 0
        for parameter, attempts in zip(
            get_lockout_parameters(request, credentials), self.get_user_attempts(request, credentials), strict=True
        ):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            # failures * base // limit reaches base exactly when failures reaches limit.
            scaled = max(scaled, failures * base // _limit(parameter))
        return scaled

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login forgives that account's failures from that address only.

        axes would also clear every failure from the address and every failure on the
        username: an attacker holding one valid account could then log in between two
        rounds of a spray and never reach the address limit.
        """
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count
