"""Admin login: brute force locked out, the same answer for known and unknown users, sessions
rotated at login and ended elsewhere by a password change."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct-horse-battery-42"


@pytest.fixture
def editor():
    return User.objects.create_user("redactrice", password=PASSWORD, is_staff=True)


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def normalised(response):
    """The page without the per-request CSRF token and CSP nonces, to compare two answers."""
    html = re.sub(r'value="[^"]{32,}"', 'value=""', response.content.decode())
    return re.sub(r'nonce="[^"]+"', 'nonce=""', html)


def test_five_failures_lock_the_account_even_for_the_right_password(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "redactrice", "wrong").status_code == 200
    locked = attempt(client, "redactrice", "wrong")
    assert locked.status_code == 429
    assert "Trop de tentatives de connexion" in locked.content.decode()
    # The right password does not get through the lock, and no session is opened.
    assert attempt(client, "redactrice", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_known_and_unknown_usernames_get_the_same_answers(editor, settings):
    known, unknown = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        known_answer = attempt(known, "redactrice", "wrong")
        unknown_answer = attempt(unknown, "personne-inconnue", "wrong")
        assert known_answer.status_code == unknown_answer.status_code
        assert normalised(known_answer).replace("redactrice", "X") == normalised(unknown_answer).replace(
            "personne-inconnue", "X"
        )
    assert known_answer.status_code == unknown_answer.status_code == 429


def test_a_success_before_the_limit_resets_the_count(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "redactrice", "wrong")
    assert attempt(client, "redactrice", PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, "redactrice", "wrong").status_code == 200


def test_login_rotates_the_session_key(client, editor):
    session = client.session
    session["seen_home"] = True
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    assert attempt(client, "redactrice", PASSWORD).status_code == 302
    assert client.cookies["sessionid"].value != before


def test_a_password_change_ends_the_other_sessions(editor):
    here, elsewhere = Client(), Client()
    assert attempt(here, "redactrice", PASSWORD).status_code == 302
    assert attempt(elsewhere, "redactrice", PASSWORD).status_code == 302
    assert elsewhere.get("/admin/").status_code == 200

    response = here.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "new-stable-secret-77", "new_password2": "new-stable-secret-77"},
    )
    assert response.status_code == 302
    assert here.get("/admin/").status_code == 200  # the session that changed it stays
    gone = elsewhere.get("/admin/")
    assert gone.status_code == 302 and "/admin/login/" in gone["Location"]
