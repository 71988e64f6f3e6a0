"""Publishing writes the outbox in the same transaction; workers deliver it over SMTP, once,
in each subscriber's language (delivery runs in-process here; test_worker_outbox.py runs it
on a real worker, with faults)."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import FocusArea
from cities.models import CityPage, Country
from notifications import announcements, digests, outbox
from notifications.models import Announcement, OutboxEmail, Subscriber
from portal.tests.helpers import deliver_all, english, translate

pytestmark = pytest.mark.django_db

State, Kind = OutboxEmail.State, OutboxEmail.Kind


def subscriber(email, language="en", frequency="immediate", focus_areas=(), countries=(), cities=()):
    person = Subscriber.objects.create(email=email, language=language, frequency=frequency, confirmed_at=timezone.now())
    person.focus_areas.set(FocusArea.objects.in_default_language().filter(slug__in=focus_areas))
    person.countries.set(Country.objects.filter(slug__in=countries))
    person.cities.set(CityPage.objects.filter(locale__language_code="en", slug__in=cities))
    chosen = (person.focus_areas.count(), person.countries.count(), person.cities.count())
    assert chosen == (len(focus_areas), len(countries), len(cities)), "an interest that does not exist"
    return person


@pytest.fixture
def followers():
    """Who follows what; a Bangkok case study on mobility matches all but `other`."""
    return {
        "everything": subscriber("everything@example.org"),
        "city": subscriber("city@example.org", language="th", cities=["bangkok"]),
        "country": subscriber("country@example.org", countries=["thailand"]),
        "topic": subscriber("topic@example.org", focus_areas=["built-infrastructure"]),
        "weekly": subscriber("weekly@example.org", frequency="weekly", cities=["bangkok"]),
        "other": subscriber("other@example.org", countries=["viet-nam"], focus_areas=["quality-environment"]),
    }


def new_case_study(title="Bus lanes that pay for themselves", city="bangkok", focus_areas=("built-infrastructure",)):
    page = CaseStudyPageFactory(
        parent=english(CityPage, city),
        title=title,
        live=False,
        focus_areas=list(FocusArea.objects.in_default_language().filter(slug__in=focus_areas)),
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture(autouse=True)
def empty_outbox():
    OutboxEmail.objects.all().delete()  # the demo's moderation notices to the secretariat


def to_subscribers():
    return OutboxEmail.objects.exclude(kind=Kind.NOTICE)


def test_first_publish_owes_each_matching_subscriber_one_email(followers):
    page = new_case_study()

    rows = OutboxEmail.objects.filter(announcement__translation_key=page.translation_key)
    assert {row.to: (row.kind, row.state) for row in rows} == {
        "everything@example.org": (Kind.ANNOUNCEMENT, State.PENDING),
        "city@example.org": (Kind.ANNOUNCEMENT, State.PENDING),
        "country@example.org": (Kind.ANNOUNCEMENT, State.PENDING),
        "topic@example.org": (Kind.ANNOUNCEMENT, State.PENDING),
        "weekly@example.org": (Kind.DIGEST_ITEM, State.WAITING),
    }

    # Edits, republishing and translations announce nothing more.
    page.title = "Bus lanes that pay for themselves (revised)"
    page.save_revision().publish()
    translate(page, "ช่องทางรถเมล์", "th")
    assert to_subscribers().count() == 5 and Announcement.objects.filter(page=page).count() == 1


def test_outbox_rows_belong_to_the_publishing_transaction(followers):
    with pytest.raises(RuntimeError), transaction.atomic():
        new_case_study()
        assert to_subscribers().count() == 5
        raise RuntimeError("the publish fails after the page was saved")
    assert not OutboxEmail.objects.exists() and not Announcement.objects.filter(page__title__startswith="Bus").exists()


def test_matching_subscribers_get_the_email_in_their_language(followers, smtp_inbox):
    page = new_case_study()
    translate(page, "ช่องทางรถเมล์ที่คุ้มทุน", "th")

    assert deliver_all() == 4
    assert not smtp_inbox.to("other@example.org") and not smtp_inbox.to("weekly@example.org")
    (english_mail,) = smtp_inbox.to("everything@example.org")
    assert english_mail["Subject"] == "New case study: Bus lanes that pay for themselves"
    (thai,) = smtp_inbox.to("city@example.org")
    assert "ช่องทางรถเมล์ที่คุ้มทุน" in thai["Subject"]
    assert "/th/" in thai.get_body(("plain",)).get_content()

    # HTML and text parts; RFC 8058 one-click unsubscribe in the headers and a visible link.
    assert english_mail.get_body(("html",)) is not None
    unsubscribe = english_mail["List-Unsubscribe"].strip().strip("<>")
    assert english_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in english_mail.get_body(("plain",)).get_content()
    assert OutboxEmail.objects.filter(state=State.SENT).count() == 4
    assert deliver_all() == 0  # nothing is sent twice


def test_one_click_unsubscribe_from_the_header(followers, smtp_inbox, client):
    new_case_study()
    deliver_all()
    (mail,) = smtp_inbox.to("topic@example.org")
    path = mail["List-Unsubscribe"].strip().strip("<>").split("://", 1)[1].split("/", 1)[1]

    response = client.post(f"/{path}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="topic@example.org").exists()


def test_a_page_taken_down_before_delivery_is_not_sent(followers, smtp_inbox):
    page = new_case_study()
    page.unpublish()
    assert deliver_all() == 0
    assert not smtp_inbox.messages
    assert set(OutboxEmail.objects.filter(kind=Kind.ANNOUNCEMENT).values_list("state", flat=True)) == {State.CANCELLED}


def test_weekly_digest_bundles_the_weeks_items_once(followers, smtp_inbox):
    first = new_case_study()
    second = new_case_study("Flood sensors on every canal", focus_areas=("quality-environment",))
    assert OutboxEmail.objects.filter(to="weekly@example.org", state=State.WAITING).count() == 2

    assert digests.make_digests() == 1
    assert digests.make_digests() == 0  # beat running twice the same day
    deliver_all()

    (digest,) = smtp_inbox.to("weekly@example.org")
    assert digest["Subject"] == "This week on the portal: 2 new case studies and events"
    body = digest.get_body(("plain",)).get_content()
    assert first.title in body and second.title in body
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not OutboxEmail.objects.filter(state=State.WAITING).exists()

    # Published after this week's digest: it waits for next week's.
    new_case_study("Smart street lights")
    assert digests.make_digests() == 0
    assert digests.make_digests(today=timezone.now().date() + datetime.timedelta(days=7)) == 1


def test_mail_server_unreachable_loses_nothing(followers, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on the discard port
    new_case_study()

    assert outbox.deliver_batch() == 0
    rows = OutboxEmail.objects.filter(kind=Kind.ANNOUNCEMENT)
    assert set(rows.values_list("state", flat=True)) == {State.PENDING}
    assert all(row.not_before > timezone.now() and row.claimed_until is None for row in rows)
    assert "ConnectionRefusedError" in rows.order_by("pk").first().last_error
    assert not outbox.due_exists()  # waits for its back-off instead of hammering the server


def test_retry_after_the_last_attempt_fails_then_the_admin_retries(followers, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    new_case_study()
    outbox.deliver_batch()
    failed = OutboxEmail.objects.filter(state=State.FAILED)
    assert failed.count() == 1 and failed.get().last_error

    (row,) = failed
    assert outbox.retry_failed() == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == (State.PENDING, 0) and row.not_before <= timezone.now()


def test_missed_announcements_are_written_by_the_sweeper(followers):
    page = new_case_study()
    Announcement.objects.filter(page=page).delete()  # as if the process died between the page's commit and the outbox's
    assert not to_subscribers().exists()

    assert announcements.announce_missed() == 1
    assert OutboxEmail.objects.filter(announcement__page=page).count() == 5
    assert announcements.announce_missed() == 0
