"""The secretariat's sign-in in a browser: password, then the authenticator's code, then the dashboard."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from portal.accounts import demo_password

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def code(secret, drift=0):
    """What an authenticator app shows for this key now (drift: one 30-second step later)."""
    return f"{totp(b32decode(secret.replace(' ', '')), drift=drift):06d}"


def sign_in_with_password(page, portal):
    page.goto(portal + "/admin/login/")
    page.get_by_label("Username").fill("secretariat")
    page.get_by_label("Password").fill(demo_password("secretariat"))
    page.get_by_role("button", name="Sign in").click()


def test_secretariat_sets_up_the_authenticator_then_signs_in_with_its_code(page, portal):
    # First sign-in: the admin is closed until an authenticator app is set up.
    sign_in_with_password(page, portal)
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    secret = page.locator("[data-two-factor-secret]").inner_text()
    page.goto(portal + "/admin/pages/")
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()

    page.get_by_label("Code").fill(code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    expect(page.locator(".two-factor-backup-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page).to_have_url(portal + "/admin/pages/")  # where they were going
    page.goto(portal + "/admin/")
    expect(page.get_by_text("Secretariat review queue")).to_be_visible()

    # Next time: password, then the code page, then the dashboard. (The code of the next
    # 30-second step: the one just used is not accepted twice.)
    page.context.clear_cookies()
    sign_in_with_password(page, portal)
    expect(page.get_by_role("heading", name="Two-step sign in")).to_be_visible()
    page.goto(portal + "/admin/pages/")
    expect(page.get_by_role("heading", name="Two-step sign in")).to_be_visible()
    page.get_by_label("Code").fill(code(secret, drift=1))
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(portal + "/admin/pages/")
    page.goto(portal + "/admin/")
    expect(page.get_by_text("Secretariat review queue")).to_be_visible()
