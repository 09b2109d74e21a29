#!/usr/bin/env python
"""Readers under load while an editor publishes and edits: no 5xx, no half-updated page.

Starts gunicorn (page cache on, shared with this process through REDIS_URL), then for
``--seconds`` keeps ``--readers`` threads loading the seed article, the home page, the section,
the RSS feed and a second article, while an editor (this process, through the same services the
admin uses) repeatedly

  * rewrites the seed article in one transaction: headline, first paragraph and first FAQ
    answer all carry the same edition number « [édition N] »;
  * unpublishes and republishes the second article.

A reader's article page is *half-updated* if its headline, paragraph and FAQ answer do not
all carry the same edition; it is *stale* if it is older than an edition committed
PAGE_CACHE_RECHECK_SECONDS (half a second) before the request was sent, the delay within which
every app server sees a change made on another (newsroom/pagecache.py). The second article must answer 200 or 404, nothing else. Prints the counts; exit status 1
on any 5xx, any half-updated or stale page, or any other unexpected answer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_load \\
    REDIS_URL=redis://127.0.0.1:6379/6 make load-check
"""

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_SLUG = "openai-vp-securite-lilian-weng-depart"
EDITION = re.compile(r"\[édition (\d+)\]")
PARAGRAPH_MARK = re.compile(r"<p>\[édition \d+\]</p>")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except (urllib.error.URLError, OSError) as error:
        return 0, str(error)


class Editor(threading.Thread):
    """Edits and publishes through articles.services, as the admin does."""

    def __init__(self, stop: threading.Event):
        super().__init__(daemon=True)
        self.stop = stop
        self.history = [(0.0, 0)]  # (time.monotonic() once committed, edition)
        self.operations = Counter()
        self.errors: list[str] = []

    def committed_before(self, moment: float) -> int:
        """The latest edition committed at or before ``moment`` (time.monotonic())."""
        return max(edition for at, edition in list(self.history) if at <= moment)

    def run(self):
        from django.contrib.auth.models import User
        from django.db import connection, transaction

        from articles import services
        from articles.models import Article

        editor = User.objects.get(username="editor")
        second = Article.objects.get(slug="load-check-second")
        edition = 0
        try:
            while not self.stop.is_set():
                edition += 1
                with transaction.atomic():
                    article = Article.objects.select_for_update().get(slug=SEED_SLUG)
                    article.headline = EDITION.sub("", article.headline).strip() + f" [édition {edition}]"
                    services.article_save(article=article, by=editor)
                    paragraph = article.blocks.filter(kind="paragraph").order_by("position").first()
                    paragraph.text = PARAGRAPH_MARK.sub("", paragraph.text) + f"<p>[édition {edition}]</p>"
                    paragraph.save()
                    faq = article.faq_entries.order_by("position").first()
                    faq.answer = EDITION.sub("", faq.answer).strip() + f" [édition {edition}]"
                    faq.save()
                self.history.append((time.monotonic(), edition))
                self.operations["edit"] += 1
                second.refresh_from_db()
                if second.status == Article.Status.PUBLISHED:
                    services.article_unpublish(article=second, by=editor)
                    self.operations["unpublish"] += 1
                else:
                    services.article_publish(article=second, by=editor)
                    self.operations["publish"] += 1
                time.sleep(0.05)
        except Exception as error:  # reported, not hidden: the check fails
            self.errors.append(repr(error))
        finally:
            connection.close()


def editions(page: str) -> dict[str, int | None]:
    """The edition the headline, the first paragraph and the FAQ show."""
    import lxml.html

    document = lxml.html.fromstring(page)

    def edition_of(texts):
        for text in texts:
            match = EDITION.search(text)
            if match:
                return int(match.group(1))
        return None

    return {
        "headline": edition_of(document.xpath("//h1//text()")),
        "paragraph": edition_of(document.xpath("//article//p//text()")),
        "faq": edition_of(document.xpath("//*[contains(@class, 'faq')]//text()")),
    }


def main():
    args = parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: readers and the editor share both.")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DEBUG": "0",
            "PAGE_CACHE_SECONDS": "300",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "ERROR",
        }
    )
    password = "load-check-" + secrets.token_hex(8)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)
    subprocess.run(
        [python, "manage.py", "loaddemo", "--users", "--password", password, "-v0"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.utils import timezone

    from articles.models import Article

    seed = Article.objects.get(slug=SEED_SLUG)
    Article.objects.update_or_create(
        slug="load-check-second",
        defaults={
            "headline": "Article fictif publié et dépublié par le test de charge",
            "standfirst": "Texte de démonstration.",
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now(),
            "section": seed.section,
        },
    )
    from django.core.cache import cache

    cache.clear()

    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(python).with_name("gunicorn")),
            "newsroom.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while get(base + "/")[0] != 200:
        if time.monotonic() > deadline:
            server.kill()
            sys.exit("gunicorn did not start within 30 s")
        time.sleep(0.2)

    section_url = seed.section.get_absolute_url() if seed.section_id else "/"
    urls = ["/articles/" + SEED_SLUG + "/", "/", section_url, "/flux/rss/", "/articles/load-check-second/"]
    stop = threading.Event()
    from django.conf import settings

    recheck = settings.PAGE_CACHE_RECHECK_SECONDS
    editor = Editor(stop)
    lock = threading.Lock()
    statuses, problems = Counter(), []
    pages_checked = 0

    def reader(index: int):
        nonlocal pages_checked
        turn = index
        while not stop.is_set():
            url = urls[turn % len(urls)]
            turn += 1
            known = editor.committed_before(time.monotonic() - recheck)
            status, body = get(base + url)
            with lock:
                statuses[status] += 1
                if status >= 500 or status == 0:
                    problems.append(f"{status} on {url}")
                elif url.endswith("load-check-second/"):
                    if status not in (200, 404):
                        problems.append(f"{status} on {url}")
                elif status != 200:
                    problems.append(f"{status} on {url}")
                elif url.endswith(SEED_SLUG + "/"):
                    pages_checked += 1
                    seen = editions(body)
                    values = set(seen.values())
                    if len(values) != 1 or None in values and known:
                        problems.append(f"half-updated page: {seen}")
                    elif known and min(v for v in values if v is not None) < known:
                        problems.append(f"stale page: edition {seen['headline']} after {known} was committed")

    threads = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(args.readers)]
    started = time.monotonic()
    editor.start()
    for thread in threads:
        thread.start()
    time.sleep(args.seconds)
    stop.set()
    for thread in [*threads, editor]:
        thread.join(timeout=15)
    elapsed = time.monotonic() - started
    server.terminate()
    server.wait(timeout=30)

    total = sum(statuses.values())
    server_errors = sum(count for status, count in statuses.items() if status >= 500 or status == 0)
    half = sum(1 for p in problems if p.startswith(("half-updated", "stale")))
    print(
        f"Load check — PostgreSQL + Redis, gunicorn {args.workers} sync workers, {args.readers} readers, "
        f"{elapsed:.0f} s"
    )
    print(
        f"  requests: {total} ({total / elapsed:.0f}/s); by status: "
        + ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
    )
    print(
        f"  editor: {editor.operations['edit']} edits of the seed article (headline, paragraph, FAQ in one "
        f"transaction), {editor.operations['publish']} publications and {editor.operations['unpublish']} "
        f"unpublications of a second article"
    )
    print(f"  seed article pages checked: {pages_checked}; half-updated or stale: {half}")
    print(f"  5xx or failed connections: {server_errors}")
    for problem in (problems + editor.errors)[:20]:
        print("  !", problem)
    if problems or editor.errors or not editor.operations["edit"]:
        sys.exit(1)
    print("OK: no 5xx, no half-updated page.")


if __name__ == "__main__":
    main()
