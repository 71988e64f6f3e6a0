"""Login lock-out (django-axes): wrong passwords on the admin's and the delegates' logins lock
that username out from that address; the Secretariat sees and lifts lock-outs in the admin."""

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from portal.accounts import demo_password, known_demo_passwords
from portal.tests.helpers import text

pytestmark = pytest.mark.django_db

User = get_user_model()
EDITOR = "aizuwakamatsu-editor"
LOCKED_OUT = "Too many login attempts"


def attempts(client, url, username, password, times, **extra):
    return [client.post(url, {"username": username, "password": password}, **extra) for _ in range(times)]


def test_twenty_wrong_passwords_on_the_admin_login_lock_the_account_out(client, settings):
    responses = attempts(client, "/admin/login/", EDITOR, "not-the-password", 20)

    limit = settings.AXES_FAILURE_LIMIT
    assert [r.status_code for r in responses[: limit - 1]] == [200] * (limit - 1)  # the form again, with an error
    assert {r.status_code for r in responses[limit - 1 :]} == {429}
    locked = responses[-1]
    assert LOCKED_OUT in locked.content.decode()
    assert "Try again in 60 minutes" in " ".join(locked.content.decode().split())
    assert locked["Retry-After"] == "3600"
    assert b"wagtailadmin/css/core.css" in locked.content  # the admin's look on the admin's login

    # Even the right password is refused now, and nothing is logged in.
    right = client.post("/admin/login/", {"username": EDITOR, "password": demo_password(EDITOR)})
    assert right.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_the_delegate_login_locks_out_too_with_the_sites_page(client, settings):
    responses = attempts(client, "/login/", "delegate", "not-the-password", 20)

    assert {r.status_code for r in responses[settings.AXES_FAILURE_LIMIT - 1 :]} == {429}
    right = client.post("/login/", {"username": "delegate", "password": demo_password("delegate")})
    assert right.status_code == 429
    page = " ".join(BeautifulSoup(right.content, "html.parser").get_text(" ").split())
    assert LOCKED_OUT in page and "ASEAN Smart Cities Network secretariat" in page
    assert b"css/portal.css" in right.content  # the public site's page, not the admin's
    assert "_auth_user_id" not in client.session


def test_a_lock_out_holds_for_that_username_from_that_address_only(client, settings):
    attempts(client, "/admin/login/", EDITOR, "not-the-password", settings.AXES_FAILURE_LIMIT)
    assert client.post("/admin/login/", {"username": EDITOR, "password": demo_password(EDITOR)}).status_code == 429

    # Another user from the same address, and the same user from another address, log in.
    other_user = Client()
    response = other_user.post(
        "/admin/login/", {"username": "da-nang-editor", "password": demo_password("da-nang-editor")}
    )
    assert response.status_code == 302
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert elsewhere.post("/admin/login/", {"username": EDITOR, "password": demo_password(EDITOR)}).status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lock_out(client, settings):
    """With NUM_PROXIES = 0 (no proxy in front) the address is REMOTE_ADDR, whatever a client claims."""
    attempts(client, "/admin/login/", EDITOR, "not-the-password", settings.AXES_FAILURE_LIMIT)
    forged = client.post(
        "/admin/login/",
        {"username": EDITOR, "password": demo_password(EDITOR)},
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert forged.status_code == 429


def test_behind_a_proxy_the_client_address_comes_from_the_proxys_header(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attempts(
        client, "/admin/login/", EDITOR, "nope", settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="192.0.2.10", **proxy
    )
    assert AccessAttempt.objects.get(username=EDITOR).ip_address == "192.0.2.10"
    # A client's own X-Forwarded-For entry comes first; the proxy appends the real address last.
    right = {"username": EDITOR, "password": demo_password(EDITOR)}
    assert client.post("/admin/login/", right, HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.10", **proxy).status_code == 429
    other = Client()
    assert other.post("/admin/login/", right, HTTP_X_FORWARDED_FOR="192.0.2.11", **proxy).status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(client, settings):
    limit = settings.AXES_FAILURE_LIMIT
    attempts(client, "/admin/login/", EDITOR, "not-the-password", limit - 1)
    assert client.post("/admin/login/", {"username": EDITOR, "password": demo_password(EDITOR)}).status_code == 302
    client.post("/admin/logout/")
    assert {r.status_code for r in attempts(client, "/admin/login/", EDITOR, "not-the-password", limit - 1)} == {200}


def test_the_secretariat_sees_the_lock_out_and_unlocks_it(client, settings, two_factor_login):
    locked_out = Client()
    attempts(locked_out, "/admin/login/", EDITOR, "not-the-password", settings.AXES_FAILURE_LIMIT)

    two_factor_login(client, User.objects.get(username="secretariat"))
    listing = text(client.get("/admin/login_lockouts/"))
    assert EDITOR in listing and "127.0.0.1" in listing and "Locked until" in listing
    attempt = AccessAttempt.objects.get(username=EDITOR)
    confirm = client.get(f"/admin/login_lockouts/unlock/{attempt.pk}/")
    assert f"Let {EDITOR} log in again from 127.0.0.1" in text(confirm)
    unlocked = client.post(f"/admin/login_lockouts/unlock/{attempt.pk}/", follow=True)
    assert f"“{EDITOR}” can log in again from 127.0.0.1." in text(unlocked)

    response = locked_out.post("/admin/login/", {"username": EDITOR, "password": demo_password(EDITOR)})
    assert response.status_code == 302


def test_city_editors_cannot_see_or_lift_lock_outs(client, settings):
    attempts(Client(), "/admin/login/", "da-nang-editor", "not-the-password", settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="da-nang-editor")
    client.force_login(User.objects.get(username=EDITOR))
    assert client.get("/admin/login_lockouts/").status_code in (302, 403)
    assert client.post(f"/admin/login_lockouts/unlock/{attempt.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/login_lockouts/unlock/{attempt.pk}/").status_code in (302, 403)
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


# --- Password rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Sh0rt-pw", "too short"),
        ("password1234", "too common"),
        ("738291047562", "entirely numeric"),
        ("aizuwakamatsu-editor", "too similar"),
    ],
)
def test_weak_passwords_are_refused(password, reason):
    user = User.objects.get(username=EDITOR)
    with pytest.raises(ValidationError, match=reason):
        validate_password(password, user)


def test_the_secretariat_cannot_give_a_new_account_a_weak_password(client, two_factor_login):
    two_factor_login(client, User.objects.get(username="secretariat"))
    response = client.post(
        "/admin/users/new/",
        {"username": "weak-delegate", "email": "weak@example.org", "password1": "delegate1", "password2": "delegate1"},
    )
    assert response.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in text(response)
    assert not User.objects.filter(username="weak-delegate").exists()


def test_the_demo_accounts_passwords_pass_the_rules():
    passwords = known_demo_passwords()
    assert passwords, "the demo content was loaded with its passwords"
    for username, password in passwords.items():
        validate_password(password, User.objects.get(username=username))
