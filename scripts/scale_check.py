#!/usr/bin/env python
"""Page times at archive scale, measured in-process (page cache off).

Builds (once) a corpus of the given size in the database DATABASE_URL names, then times each
public page and the admin article list through Django's test client and prints p50/p90 in ms
and the queries per request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_scale \\
        .venv/bin/python scripts/scale_check.py --articles 100000 --people 10000 --tags 5000
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100000)
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--tags", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DEBUG", "0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", interactive=False, verbosity=0)
    call_command("loaddemo", verbosity=0)
    started = time.monotonic()
    try:
        with open(os.devnull, "w") as quiet:
            call_command(
                "generate_corpus",
                articles=args.articles,
                people=args.people,
                tags=args.tags,
                seed=args.articles,
                verbosity=0,
                stdout=quiet,
            )
        print(f"Corpus generated in {time.monotonic() - started:.0f} s")
    except CommandError:
        print("Corpus already present")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    from bench import pages  # the same pages as the benchmark

    client = Client()
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "scale-admin", password=None
    )
    staff = Client()
    staff.force_login(admin)
    targets = [(label, path, client) for label, path in pages() if path]
    # Sitemap pages, which crawlers read: the first and the deepest page of articles (the
    # deepest skips the most rows), and the first of people and of tags.
    from newsroom.site.sitemaps import ArticleSitemap

    last = ArticleSitemap().page_count()
    targets += [
        ("sitemap page: articles, first", "/sitemap-articles.xml", client),
        (f"sitemap page: articles, last (p={last})", f"/sitemap-articles.xml?p={last}", client),
        ("sitemap page: people, first", "/sitemap-people.xml", client),
        ("sitemap page: tags, first", "/sitemap-tags.xml", client),
    ]
    targets.append(("admin article list", "/admin/articles/article/", staff))
    targets.append(("admin article search", "/admin/articles/article/?q=securite", staff))

    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"\n{db}, {args.articles} generated articles, {args.runs} runs per page, page cache off\n")
    print("| page | p50 ms | p90 ms | queries |\n|---|---:|---:|---:|")
    for label, path, http in targets:
        http.get(path)
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                response = http.get(path)
                times.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        times.sort()
        print(f"| {label} | {statistics.median(times):.1f} | {times[int(len(times) * 0.9) - 1]:.1f} | {len(ctx)} |")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
