"""Who has an article's change form open: « en cours de modification par X depuis HH:MM ».

Kept in the shared cache (never in process memory, which each app server has its own of),
one entry per article, and forgotten after PRESENCE_SECONDS without a page load.
"""

import time

from django.core.cache import cache

PRESENCE_SECONDS = 10 * 60


def _key(article_id: int) -> str:
    return f"article-presence:{article_id}"


def touch(*, article_id: int, user) -> None:
    """Note that ``user`` opened the article's form now (keeps their first time of opening)."""
    now = time.time()
    try:
        entries = _fresh(cache.get(_key(article_id)) or {}, now)
        first_seen = entries.get(user.pk, {}).get("since", now)
        entries[user.pk] = {
            "name": user.get_full_name() or user.get_username(),
            "since": first_seen,
            "seen": now,
        }
        cache.set(_key(article_id), entries, PRESENCE_SECONDS)
    except Exception:  # presence is a courtesy: an unreachable cache must not block editing
        return


def others(*, article_id: int, user) -> list[dict]:
    """The other people who opened the form in the last PRESENCE_SECONDS, oldest first."""
    try:
        entries = _fresh(cache.get(_key(article_id)) or {}, time.time())
    except Exception:
        return []
    return sorted(
        ({"name": entry["name"], "since": entry["since"]} for user_id, entry in entries.items() if user_id != user.pk),
        key=lambda entry: entry["since"],
    )


def _fresh(entries: dict, now: float) -> dict:
    return {user_id: entry for user_id, entry in entries.items() if now - entry["seen"] < PRESENCE_SECONDS}
