"""Two-factor authentication: required for the Secretariat and superusers, available to editors.
Codes are computed from the device's key, as an authenticator app computes them."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts import demo_password
from portal.tests.helpers import soup, text

pytestmark = pytest.mark.django_db

User = get_user_model()
SETUP = "/admin/two-factor/setup/"
VERIFY = "/admin/two-factor/verify/"
# The admin's pages, its JSON API and wagtail-localize's views: all closed without the second factor.
ADMIN_URLS = [
    "/admin/",
    "/admin/pages/",
    "/admin/api/main/pages/",
    "/admin/localize/reports/translations/",
    "/admin/users/",
]


def code_for(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits, drift=drift):0{device.digits}d}"


def wrong_code_for(device):
    return f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"


def password_login(client, username):
    response = client.post("/admin/login/", {"username": username, "password": demo_password(username)})
    assert response.status_code == 302, "the password was refused"


def authenticator(username):
    return TOTPDevice.objects.create(user=User.objects.get(username=username), name="Phone", confirmed=True)


def test_the_secretariat_sets_up_two_factor_authentication_at_first_sign_in(client):
    password_login(client, "secretariat")
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SETUP), url

    page = client.get(SETUP + "?next=/admin/pages/")
    assert "Set up two-factor authentication" in text(page)
    assert soup(page).find("svg") is not None  # the QR code
    device = TOTPDevice.objects.get(user__username="secretariat", confirmed=False)
    secret = soup(page).find("code", attrs={"data-two-factor-secret": True}).get_text()
    assert secret.replace(" ", "") in device.config_url

    wrong = client.post(SETUP, {"code": wrong_code_for(device), "next": "/admin/pages/"})
    assert "That code is not right" in text(wrong)
    assert client.get("/admin/").status_code == 302

    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - timedelta(minutes=1)  # time passes
    device.save()
    done = client.post(SETUP, {"code": code_for(device), "next": "/admin/pages/"})
    codes = [li.get_text(strip=True) for li in soup(done).select(".two-factor-backup-codes li")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "Two-factor authentication is on." in text(done)
    assert soup(done).find("a", string=re.compile("continue"))["href"] == "/admin/pages/"
    for url in ADMIN_URLS:
        assert client.get(url).status_code == 200, url


def test_the_secretariat_without_the_code_cannot_reach_the_admin(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 30  # seconds to wait after one wrong code (1 by default)
    device = authenticator("secretariat")
    password_login(client, "secretariat")
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY), url
    assert client.post("/admin/pages/add/", {}).status_code == 302
    # The set-up page cannot be used to add an authenticator of one's own choosing.
    assert client.get(SETUP)["Location"].startswith(VERIFY)

    page = client.get(VERIFY + "?next=/admin/pages/")
    assert "Two-step sign in" in text(page)

    wrong = client.post(VERIFY, {"code": wrong_code_for(device), "next": "/admin/pages/"})
    assert wrong.status_code == 200 and "That code is not right" in text(wrong)
    assert client.get("/admin/").status_code == 302

    # Straight after a wrong code the right one waits: django-otp throttles the device.
    throttled = client.post(VERIFY, {"code": code_for(device), "next": "/admin/pages/"})
    assert re.search(r"Too many wrong codes: try again in \d+ seconds", text(throttled))
    assert client.get("/admin/").status_code == 302

    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - timedelta(minutes=1)  # time passes
    device.save()
    code = code_for(device)
    right = client.post(VERIFY, {"code": code, "next": "/admin/pages/"})
    assert right.status_code == 302 and right["Location"] == "/admin/pages/"
    for url in ADMIN_URLS:
        assert client.get(url).status_code == 200, url

    # A code is good once.
    client.post("/admin/logout/")
    password_login(client, "secretariat")
    assert "That code is not right" in text(client.post(VERIFY, {"code": code}))


def test_a_backup_code_works_once(client):
    user = User.objects.get(username="secretariat")
    authenticator("secretariat")
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    backup.token_set.create(token="abcd2345")

    password_login(client, "secretariat")
    response = client.post(VERIFY, {"code": "ABCD 2345"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    password_login(client, "secretariat")
    assert "That code is not right" in text(client.post(VERIFY, {"code": "abcd2345"}))


def test_without_the_second_factor_the_public_site_sees_no_one_logged_in(client):
    authenticator("secretariat")
    password_login(client, "secretariat")
    assert "Log out (secretariat)" not in text(client.get("/"))


def test_the_delegate_login_sends_an_account_with_a_second_factor_to_give_it(client):
    device = authenticator("secretariat")
    response = client.post(
        "/login/",
        {"username": "secretariat", "password": demo_password("secretariat"), "next": "/events/"},
    )
    assert response.status_code == 302 and response["Location"] == f"{VERIFY}?next=%2Fevents%2F"
    verified = client.post(VERIFY, {"code": code_for(device), "next": "/events/"})
    assert verified["Location"] == "/events/"
    assert "Log out (secretariat)" in text(client.get("/"))


def test_superusers_need_it_too(client):
    User.objects.create_superuser("root-2fa", "root@example.org", "a-long-Passphrase-42")
    client.post("/admin/login/", {"username": "root-2fa", "password": "a-long-Passphrase-42"})
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_a_city_editor_signs_in_without_it_and_can_turn_it_on_and_off(client):
    editor = "aizuwakamatsu-editor"
    password_login(client, editor)
    assert client.get("/admin/").status_code == 200
    account = soup(client.get("/admin/account/"))
    assert account.find("a", href="/admin/two-factor/", string=re.compile("Two-factor authentication"))
    assert "Two-factor authentication is off." in text(client.get("/admin/two-factor/"))

    client.get(SETUP)
    device = TOTPDevice.objects.get(user__username=editor, confirmed=False)
    done = client.post(SETUP, {"code": code_for(device)})
    backup_codes = [li.get_text(strip=True) for li in soup(done).select(".two-factor-backup-codes li")]
    assert len(backup_codes) == 10
    assert "Two-factor authentication is on." in text(client.get("/admin/two-factor/"))

    # From now on the editor's sign-in asks for the code as well.
    client.post("/admin/logout/")
    password_login(client, editor)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": code_for(device, drift=1)}).status_code == 302

    # Turning it off takes a code (the app's, or a backup code).
    refused = client.post("/admin/two-factor/", {"action": "turn_off", "code": "not-a-code"})
    assert "That code is not right" in text(refused)
    StaticDevice.objects.filter(user__username=editor).update(throttling_failure_timestamp=None)  # time passes
    off = client.post("/admin/two-factor/", {"action": "turn_off", "code": backup_codes[0]}, follow=True)
    assert "Two-factor authentication is off for your account." in text(off)
    assert not TOTPDevice.objects.filter(user__username=editor).exists()
    assert not StaticDevice.objects.filter(user__username=editor).exists()
    client.post("/admin/logout/")
    password_login(client, editor)
    assert client.get("/admin/").status_code == 200


def test_the_secretariat_cannot_turn_it_off_but_can_renew_backup_codes(client, two_factor_login):
    user = two_factor_login(client, User.objects.get(username="secretariat"))
    device = TOTPDevice.objects.filter(user=user).last()
    page = text(client.get("/admin/two-factor/"))
    assert "cannot be turned off" in page and "Turn off two-factor authentication" not in page
    client.post("/admin/two-factor/", {"action": "turn_off", "code": code_for(device, drift=1)})
    assert TOTPDevice.objects.filter(user=user).exists()

    renewed = client.post("/admin/two-factor/", {"action": "backup_codes"})
    assert len(soup(renewed).select(".two-factor-backup-codes li")) == 10
    assert "10 unused backup codes left." in text(client.get("/admin/two-factor/"))


def test_reset_two_factor_command_for_a_lost_phone(client, capsys):
    authenticator("secretariat")
    call_command("reset_two_factor", "secretariat")
    assert "set up a new authenticator at their next sign-in" in capsys.readouterr().out
    password_login(client, "secretariat")
    assert client.get("/admin/")["Location"].startswith(SETUP)
