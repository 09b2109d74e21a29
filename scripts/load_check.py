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
every app server sees a change made on another (newsroom/generation.py). The second article
must answer 200 or 404, nothing else. Prints the counts; exit status 1
on any 5xx, any half-updated or stale page, or any other unexpected answer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_load \\
    REDIS_URL=redis://127.0.0.1:6379/6 make load-check

Two scenarios break a service a third of the way through the run (``--scenario``); the
editor then saves once a second, and a desk editor also saves a third article through the
admin over HTTP once a second, timing each save:

* ``hung-cache``: the script's own redis-server is stopped with SIGSTOP (its socket stays
  open, as a hung process's does);
* ``slow-db``: gunicorn reaches PostgreSQL through a proxy in this script that holds every
  packet ``--latency`` milliseconds each way.

Both print requests per second, p50, p99 and the worst wait before and during the fault, and
the slowest save. A 503 is then allowed if it carries Retry-After; any other 5xx fails.
Run them with the protections off to see the figures without them:
``CACHE_COOL_DOWN_SECONDS=0 CACHE_TIMEOUT=1`` (hung-cache), ``DATABASE_STATEMENT_TIMEOUT=0
REQUEST_DEADLINE_SECONDS=0`` (slow-db).
"""

import argparse
import contextlib
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
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
    parser.add_argument("--scenario", choices=["edits", "hung-cache", "slow-db"], default="edits")
    parser.add_argument("--latency", type=float, default=200, help="slow-db: milliseconds added each way")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 10, opener=None, data=None) -> tuple[int, str]:
    return fetch(url, timeout, opener, data)[:2]


def fetch(url: str, timeout: float = 10, opener=None, data=None) -> tuple[int, str, dict]:
    """(status, body, headers); status 0 when no answer came."""
    try:
        with (opener or urllib.request.build_opener()).open(url, data=data, timeout=timeout) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers
    except (urllib.error.URLError, OSError) as error:
        return 0, str(error), {}


class Desk(threading.Thread):
    """An editor saving an article through the admin over HTTP, as a person does: the change
    form, then « Enregistrer et continuer » (the save, its redirect, the form again)."""

    def __init__(self, stop: threading.Event, base: str, password: str, article_id: int, interval: float):
        super().__init__(daemon=True)
        self.stop, self.base, self.password = stop, base, password
        self.url = f"{base}/admin/articles/article/{article_id}/change/"
        self.interval = interval
        self.saves: list[tuple[float, float, int]] = []  # (started, seconds, status)

    def run(self):
        import http.cookiejar

        import lxml.html

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        login = self.base + "/admin/login/?next=/admin/"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', get(login, opener=opener)[1]).group(1)
        form = {"username": "editor", "password": self.password, "csrfmiddlewaretoken": token}
        get(login, opener=opener, data=urllib.parse.urlencode(form).encode())
        while not self.stop.wait(self.interval):
            started = time.monotonic()
            status, page = get(self.url, timeout=60, opener=opener)
            if status == 200:
                fields = lxml.html.fromstring(page).get_element_by_id("article_form").form_values()
                fields = [(name, value) for name, value in fields if value is not None and name != "_addanother"]
                data = urllib.parse.urlencode([*fields, ("_continue", "1")]).encode()
                status, page = get(self.url, timeout=60, opener=opener, data=data)
                if status == 200 and "errornote" in page:
                    status = -1  # refused by the form: reported as a problem
            self.saves.append((started, time.monotonic() - started, status))


class Editor(threading.Thread):
    """Edits and publishes through articles.services, as the admin does."""

    def __init__(self, stop: threading.Event, interval: float):
        super().__init__(daemon=True)
        self.stop, self.interval = stop, interval
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
                    services.article_publish(article=second, by=editor, seen_version=second.version)
                    self.operations["publish"] += 1
                time.sleep(self.interval)
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
    faulty = args.scenario != "edits"
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not (faulty or os.environ.get("REDIS_URL")):
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: readers and the editor share both.")
    sys.path.insert(0, str(ROOT))
    from tests.servers import DelayingProxy, redis_process

    with contextlib.ExitStack() as stack:
        if faulty:  # a Redis of the script's own, which it may stop
            redis = stack.enter_context(redis_process())
            os.environ["REDIS_URL"] = redis["url"]
        server_env = dict(os.environ)
        proxy = None
        if args.scenario == "slow-db":
            import dj_database_url

            database = dj_database_url.parse(os.environ["DATABASE_URL"])
            proxy = DelayingProxy(int(database["PORT"] or 5432))
            stack.callback(proxy.close)
            server_env["DATABASE_URL"] = re.sub(
                r"@[^/@]*/", f"@127.0.0.1:{proxy.port}/", os.environ["DATABASE_URL"], count=1
            )

        def fault():
            if args.scenario == "hung-cache":
                os.kill(redis["process"].pid, signal.SIGSTOP)
                stack.callback(os.kill, redis["process"].pid, signal.SIGCONT)
            elif proxy is not None:
                proxy.delay = args.latency / 1000

        run(args, server_env, fault if faulty else None)


def run(args, server_env, fault):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DEBUG": "0",
            "PAGE_CACHE_SECONDS": "300",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "ERROR",
        }
    )
    server_env.update({key: os.environ[key] for key in ("DEBUG", "PAGE_CACHE_SECONDS", "ALLOWED_HOSTS", "LOG_LEVEL")})
    server_env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    password = "load-check-" + secrets.token_hex(8)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)
    subprocess.run(
        [python, "manage.py", "loaddemo", "--users", "--password", password, "-v0"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
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
    desk_article, _ = Article.objects.update_or_create(
        slug="load-check-desk",
        defaults={
            "headline": "Article fictif enregistré par le desk pendant le test de charge",
            "standfirst": "Texte de démonstration.",
            "status": Article.Status.DRAFT,
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
        env=server_env,
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
    interval = 1.0 if fault else 0.05
    editor = Editor(stop, interval)
    desk = Desk(stop, base, password, desk_article.pk, interval) if fault else None
    lock = threading.Lock()
    statuses, problems = Counter(), []
    answers: list[tuple[float, float, int]] = []  # (sent, seconds, status)
    pages_checked = 0
    timeout = 60 if fault else 10

    def reader(index: int):
        nonlocal pages_checked
        turn = index
        while not stop.is_set():
            url = urls[turn % len(urls)]
            turn += 1
            known = editor.committed_before(time.monotonic() - recheck)
            sent = time.monotonic()
            status, body, headers = fetch(base + url, timeout)
            with lock:
                answers.append((sent, time.monotonic() - sent, status))
                statuses[status] += 1
                if status == 503 and fault and headers.get("Retry-After", "").isdigit():
                    pass  # failing fast is what a fault scenario expects
                elif status >= 500 or status == 0:
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
    if desk is not None:
        desk.start()
    for thread in threads:
        thread.start()
    fault_at = None
    if fault:
        time.sleep(args.seconds / 3)
        fault_at = time.monotonic()
        fault()
        time.sleep(args.seconds * 2 / 3)
    else:
        time.sleep(args.seconds)
    stop.set()
    for thread in [*threads, editor, *([desk] if desk else [])]:
        thread.join(timeout=70)
    elapsed = time.monotonic() - started
    server.terminate()
    server.wait(timeout=30)

    total = sum(statuses.values())
    server_errors = sum(count for status, count in statuses.items() if status >= 500 or status == 0)
    half = sum(1 for p in problems if p.startswith(("half-updated", "stale")))
    print(
        f"Load check ({args.scenario}) — PostgreSQL + Redis, gunicorn {args.workers} sync workers, "
        f"{args.readers} readers, {elapsed:.0f} s"
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
    if fault:
        what = {"hung-cache": "Redis stopped (SIGSTOP)", "slow-db": f"{args.latency:g} ms added each way to PostgreSQL"}
        print(f"  fault at {fault_at - started:.1f} s: {what[args.scenario]}")
        # A request counts before the fault if it ended before it; one under way then met it.
        for label, before in (("before", True), ("during", False)):
            print(f"  {label} the fault: {phase_figures([a for a in answers if (sum(a[:2]) < fault_at) == before])}")
            saves = [save for save in desk.saves if (sum(save[:2]) < fault_at) == before]
            if saves:
                failed = sum(1 for *_, status in saves if status != 200)
                print(
                    f"    admin saves: {len(saves)}, slowest {max(seconds for _, seconds, _ in saves):.2f} s"
                    f", not saved (503 or refused): {failed}"
                )
        problems += [f"admin save answered {status}" for *_, status in desk.saves if status not in (200, 503)]
    for problem in (problems + editor.errors)[:20]:
        print("  !", problem)
    if problems or editor.errors or not editor.operations["edit"]:
        sys.exit(1)
    if fault:
        print("OK: no 5xx but 503 with Retry-After, no half-updated page.")
    else:
        print("OK: no 5xx, no half-updated page.")


def phase_figures(answers) -> str:
    if not answers:
        return "no request"
    waits = sorted(seconds for _, seconds, _ in answers)
    span = max(sent + seconds for sent, seconds, _ in answers) - min(sent for sent, _, _ in answers)
    served = sum(1 for *_, status in answers if status == 200)
    unavailable = sum(1 for *_, status in answers if status == 503)
    return (
        f"{len(answers)} requests, {len(answers) / span:.1f}/s ({served / span:.1f}/s served 200, "
        f"{unavailable} × 503); wait p50 {waits[len(waits) // 2] * 1000:.0f} ms, "
        f"p99 {waits[min(len(waits) - 1, int(len(waits) * 0.99))] * 1000:.0f} ms, worst {waits[-1]:.2f} s"
    )


if __name__ == "__main__":
    main()
