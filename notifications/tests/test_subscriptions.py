"""Sign-up with double opt-in, confirmation, manage and unsubscribe links, through a real
SMTP server on loopback (the confirmation e-mail's task runs eagerly here; the worker
round trip is in test_worker_subscriptions.py)."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from notifications import links, subscriptions
from notifications.models import Subscriber
from portal.celery import app as celery_app

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "Delegate@Example.org",
    "language": "en",
    "frequency": "immediate",
    "focus_areas": ["safety-security"],
    "countries": ["thailand"],
}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def eager_tasks():
    """Celery tasks run in the test process (their sending is what these tests check)."""
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


def sign_up(client, capture, data=SIGNUP, **extra):
    with capture(execute=True):
        return client.post("/subscribe/", data, **extra)


def confirm_path(message):
    text = message.get_body(("plain",)).get_content()
    return re.search(r"https?://[^/\s]+(/subscribe/confirm/[^\s]+/)", text).group(1)


def test_sign_up_confirm_and_manage(client, smtp_inbox, eager_tasks, django_capture_on_commit_callbacks):
    assert client.get("/subscribe/").status_code == 200

    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/subscribe/sent/"
    assert not Subscriber.objects.exists()  # nothing stored before confirmation

    (message,) = smtp_inbox.to("delegate@example.org")
    assert "Confirm your subscription" in message["Subject"]
    assert message.get_body(("html",)) is not None and message.get_body(("plain",)) is not None
    path = confirm_path(message)

    page = client.get(path)  # a mail scanner opening the link confirms nothing
    assert page.status_code == 200 and "delegate@example.org" in page.content.decode()
    assert not Subscriber.objects.exists()

    response = client.post(path)
    assert response.status_code == 302 and response["Location"].startswith("/subscribe/manage/")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "delegate@example.org"
    assert [area.slug for area in subscriber.focus_areas.all()] == ["safety-security"]
    assert [country.slug for country in subscriber.countries.all()] == ["thailand"]

    manage = client.get(response["Location"])
    assert "Your subscription is confirmed." in manage.content.decode()
    assert re.search(r'value="thailand"[^>]*checked', manage.content.decode())


def test_a_repeated_sign_up_merges_into_the_subscription(client):
    subscriptions.confirm({**SIGNUP, "email": "a@example.org"})
    subscriber, created = subscriptions.confirm(
        {**SIGNUP, "email": "a@example.org", "language": "th", "focus_areas": ["built-infrastructure"], "countries": []}
    )
    assert not created and Subscriber.objects.count() == 1
    assert subscriber.language == "th"
    assert sorted(area.slug for area in subscriber.focus_areas.all()) == ["built-infrastructure", "safety-security"]


def test_a_malformed_address_is_refused_and_the_choices_kept(client, smtp_inbox, eager_tasks):
    response = client.post("/subscribe/", {**SIGNUP, "email": "delegate@@example"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a valid email address." in body
    assert 'value="safety-security"' in body and re.search(r'value="safety-security"[^>]*checked', body)
    assert not smtp_inbox.messages


def test_robots_filling_the_hidden_field_get_no_e_mail(
    client, smtp_inbox, eager_tasks, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks, {**SIGNUP, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not smtp_inbox.messages


def test_sign_ups_are_rate_limited(client, settings, smtp_inbox, eager_tasks, django_capture_on_commit_callbacks):
    settings.SUBSCRIPTION_SIGNUPS_PER_HOUR = 3
    for number in range(3):
        response = sign_up(client, django_capture_on_commit_callbacks, {**SIGNUP, "email": f"p{number}@example.org"})
        assert response.status_code == 302
    response = sign_up(client, django_capture_on_commit_callbacks, {**SIGNUP, "email": "p9@example.org"})
    assert response.status_code == 429
    assert "Too many sign-ups" in response.content.decode()
    assert len(smtp_inbox.messages) == 3


def test_one_address_cannot_be_flooded_with_confirmations(client, settings, django_capture_on_commit_callbacks):
    settings.SUBSCRIPTION_SIGNUPS_PER_HOUR = 6  # two per address
    statuses = [  # the same address from three client addresses
        sign_up(client, django_capture_on_commit_callbacks, SIGNUP, REMOTE_ADDR=f"10.0.0.{number}").status_code
        for number in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_forged_and_expired_confirmation_links_are_refused(client, settings):
    token = links.confirmation_token({**SIGNUP, "email": "x@example.org"})
    response = client.post(f"/subscribe/confirm/{token[:-2]}xx/")
    assert response.status_code == 400 and "not valid" in response.content.decode()

    settings.SUBSCRIPTION_CONFIRM_DAYS = -1
    response = client.post(f"/subscribe/confirm/{token}/")
    assert response.status_code == 400 and "expired" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_manage_link_changes_the_choices(client):
    subscriber, _ = subscriptions.confirm({**SIGNUP, "email": "m@example.org"})
    token = links.manage_token(subscriber)
    response = client.post(
        f"/subscribe/manage/{token}/", {"language": "km", "frequency": "weekly", "cities": ["phnom-penh"]}
    )
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.frequency) == ("km", "weekly")
    assert [city.slug for city in subscriber.cities.all()] == ["phnom-penh"]
    assert not subscriber.focus_areas.exists()

    bad = client.post(f"/subscribe/manage/{token}/", {"language": "xx", "frequency": "weekly"})
    assert bad.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.language == "km"  # nothing saved from a bad form


def test_forged_and_replaced_manage_links_are_refused(client):
    subscriber, _ = subscriptions.confirm({**SIGNUP, "email": "f@example.org"})
    token = links.manage_token(subscriber)
    assert client.get(f"/subscribe/manage/{token}x/").status_code == 400
    subscriptions.renew_links(subscriber)
    response = client.get(f"/subscribe/manage/{token}/")
    assert response.status_code == 400 and "replaced by a newer one" in response.content.decode()


def test_unsubscribe_asks_first_then_forgets_the_address(client):
    subscriber, _ = subscriptions.confirm({**SIGNUP, "email": "u@example.org"})
    path = f"/subscribe/unsubscribe/{links.manage_token(subscriber)}/"
    assert client.get(path).status_code == 200 and Subscriber.objects.exists()
    response = client.post(path)
    assert response.status_code == 200 and "u@example.org" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert client.post(path).status_code == 400  # the link is spent


def test_one_click_unsubscribe_of_rfc_8058_needs_no_cookie_or_csrf_token():
    subscriber, _ = subscriptions.confirm({**SIGNUP, "email": "o@example.org"})
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        f"/subscribe/unsubscribe/{links.manage_token(subscriber)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_the_sign_up_page_works_in_every_language_prefix(client):
    response = client.get("/th/subscribe/")
    assert response.status_code == 200
    assert 'name="language"' in response.content.decode()
    assert re.search(r'<option value="th" selected', response.content.decode())
