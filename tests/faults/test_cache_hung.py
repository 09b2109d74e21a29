"""Redis hangs (stopped with SIGSTOP, its socket still open): readers are served and saves
finish, each call to it costing at most one short timeout before it is skipped for a while."""

import os
import signal
import time
import urllib.parse

from .conftest import app_server, fetch, form_fields, logged_in_editor, manage

SLUG = "openai-vp-securite-lilian-weng-depart"
ARTICLE = f"/articles/{SLUG}/"


def test_pages_are_served_and_saves_finish_with_the_cache_server_hung(redis_server, app_env):
    env = {**app_env, "REDIS_URL": redis_server["url"], "PAGE_CACHE_SECONDS": "300"}
    with app_server(env) as base:
        assert fetch(base + ARTICLE)[0] == 200
        editor = logged_in_editor(base)
        script = f"from articles.models import Article; print(Article.objects.get(slug={SLUG!r}).pk)"
        pk = manage(app_env, "shell", "-v0", "-c", script).stdout.strip()
        change_url = f"{base}/admin/articles/article/{pk}/change/"

        process = redis_server["process"]
        os.kill(process.pid, signal.SIGSTOP)
        try:
            started = time.monotonic()
            for _ in range(3):
                for path in (ARTICLE, "/", "/organisations/openai/"):
                    status, _, body, seconds = fetch(base + path, timeout=30)
                    assert status == 200 and "Newsroom" in body
                    assert seconds < 1.5, (path, seconds)
            assert time.monotonic() - started < 4

            status, _, form, _ = fetch(change_url, opener=editor, timeout=30)
            assert status == 200
            fields = [(name, value) for name, value in form_fields(form, "article_form") if name != "_addanother"]
            fields.append(("_continue", "1"))
            status, _, body, seconds = fetch(
                change_url, data=urllib.parse.urlencode(fields).encode(), opener=editor, timeout=30
            )
            assert status == 200 and "errornote" not in body, body[:2000]
            assert seconds < 2, seconds  # the save, its redirect and the form shown again
        finally:
            os.kill(process.pid, signal.SIGCONT)
