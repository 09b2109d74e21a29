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


PROXY = "10.0.0.1"  # the reverse proxy every request comes through


def attempt_from(client, address, username, password, *, forwarded=None):
    """A login posted through the proxy by a reader at ``address``."""
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded or address,
    )


def test_one_password_sprayed_over_fifty_usernames_from_one_address_is_throttled(client, editor, settings):
    """Each username is tried once, so only the per-address count can stop the spray."""
    answers = [attempt(client, f"lecteur-{n}", "Printemps2026!").status_code for n in range(50)]
    assert answers[: settings.NEWSROOM_LOGIN_ADDRESS_LIMIT - 1] == [200] * (settings.NEWSROOM_LOGIN_ADDRESS_LIMIT - 1)
    assert set(answers[settings.NEWSROOM_LOGIN_ADDRESS_LIMIT - 1 :]) == {429}
    # The address is locked for every account, the right password included…
    assert attempt(client, "redactrice", PASSWORD).status_code == 429
    # …while the same account logs in from another address.
    assert (
        Client(REMOTE_ADDR="192.0.2.44").post(LOGIN, {"username": "redactrice", "password": PASSWORD}).status_code
        == 302
    )


def test_bad_passwords_at_one_address_do_not_lock_the_account_at_another_behind_the_proxy(editor, settings):
    """Behind the proxy each reader is told apart by X-Forwarded-For: an attacker who hammers
    `redactrice` from address A is locked out, the real editor at address B is not."""
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    attacker, real_editor = Client(), Client()
    answers = [attempt_from(attacker, "203.0.113.9", "redactrice", "wrong").status_code for _ in range(60)]
    assert answers[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(answers[settings.AXES_FAILURE_LIMIT - 1 :]) == {429}
    # Addresses the attacker writes into the header themselves are not believed: the proxy
    # appends the real one, which is still locked.
    spoofed = attempt_from(attacker, None, "redactrice", PASSWORD, forwarded="198.51.100.7, 203.0.113.9")
    assert spoofed.status_code == 429
    assert attempt_from(real_editor, "198.51.100.7", "redactrice", PASSWORD).status_code == 302


def test_the_admin_unlocks_a_locked_out_account_from_the_failed_logins_list(client, editor, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "redactrice", "wrong")
    assert attempt(client, "redactrice", PASSWORD).status_code == 429

    admin = Client()
    admin.force_login(User.objects.create_superuser("chef", password="une-autre-phrase-99"))
    changelist = "/admin/axes/accessattempt/"
    assert "Débloquer" in admin.get(changelist).content.decode()
    rows = AccessAttempt.objects.filter(username="redactrice")
    response = admin.post(
        changelist, {"action": "unlock", "_selected_action": [str(row.pk) for row in rows]}, follow=True
    )
    assert "Connexions débloquées pour 1 identifiant" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="redactrice").exists()
    assert attempt(client, "redactrice", PASSWORD).status_code == 302
