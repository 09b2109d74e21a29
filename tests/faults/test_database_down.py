"""PostgreSQL stops mid-traffic: readers get a 503 fast, editors keep their input, service resumes."""

import concurrent.futures
import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from .conftest import app_server, fetch

ARTICLE = "/articles/openai-vp-securite-lilian-weng-depart/"


def test_readers_get_a_fast_503_and_service_resumes_without_restart(pg_cluster, app_env):
    with app_server(app_env) as base:
        status, _, body, _ = fetch(base + ARTICLE)
        assert status == 200 and "Lilian Weng" in body

        pg_cluster.stop()
        try:
            for path in (ARTICLE, "/", "/personnes/lilian-weng/"):
                status, headers, body, seconds = fetch(base + path)
                assert status == 503, body[:500]
                assert headers["Retry-After"].isdigit()
                assert "Service momentanément indisponible" in body
                assert "Traceback" not in body and "OperationalError" not in body
                assert seconds < 2.0, seconds
            # Many readers at once while it is down: every one gets the 503, none waits.
            with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
                answers = list(pool.map(lambda _: fetch(base + ARTICLE), range(16)))
            assert [status for status, *_ in answers] == [503] * 16
            assert max(seconds for *_, seconds in answers) < 2.0
        finally:
            pg_cluster.start()

        # Same server processes: the health-checked connections reconnect by themselves.
        deadline = time.monotonic() + 10
        while True:
            status, _, body, _ = fetch(base + ARTICLE)
            if status == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert status == 200 and "Lilian Weng" in body


def _csrf(opener, url):
    with opener.open(url, timeout=10) as response:
        body = response.read().decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def test_an_editor_posting_while_the_database_is_down_gets_their_text_back(pg_cluster, app_env):
    """The editor was logged in with the form open; their save hits a stopped database."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with app_server(app_env) as base:
        login = base + "/admin/login/?next=/admin/"
        token = _csrf(opener, login)
        credentials = {"username": "editor", "password": "fault-test-password-42", "csrfmiddlewaretoken": token}
        with opener.open(login, data=urllib.parse.urlencode(credentials).encode(), timeout=10) as response:
            assert response.url.endswith("/admin/")
        token = _csrf(opener, base + "/admin/articles/article/add/")

        pg_cluster.stop()
        try:
            payload = urllib.parse.urlencode(
                {
                    "headline": "Un titre écrit pendant la panne",
                    "standfirst": "Un chapeau <b>long</b> qu’il ne faut pas perdre.",
                    "csrfmiddlewaretoken": token,
                }
            ).encode()
            started = time.monotonic()
            try:
                opener.open(base + "/admin/articles/article/add/", data=payload, timeout=10)
                status, body = 200, ""
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read().decode()
            seconds = time.monotonic() - started
        finally:
            pg_cluster.start()
    assert status == 503
    assert seconds < 2.0, seconds
    assert "Votre saisie n’a pas été enregistrée" in body
    assert "Un titre écrit pendant la panne" in body
    assert "Un chapeau &lt;b&gt;long&lt;/b&gt; qu’il ne faut pas perdre." in body
    assert token not in body
