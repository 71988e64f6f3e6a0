"""The secretariat's side: subscriber counts, the outbox with its failures and retry,
secretariat notices and Wagtail's moderation e-mails written to the outbox, and the webhook
events publishing sets off."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Workflow

from casestudies.models import CaseStudyPage
from notifications import notices
from notifications.models import OutboxEmail, WebhookDelivery, WebhookEndpoint
from notifications.tests.test_outbox import followers, new_case_study  # noqa: F401  (fixture)
from portal.roles import WORKFLOW_NAME
from translation.jobs import record_failure
from translation.models import TranslationJob

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://93.184.215.14/hooks/portal"


@pytest.fixture(autouse=True)
def empty_outbox():
    OutboxEmail.objects.all().delete()


@pytest.fixture
def secretariat(client, two_factor_login):
    two_factor_login(client, get_user_model().objects.get(username="secretariat"))


@pytest.fixture
def city_editor(client):
    client.force_login(get_user_model().objects.get(username="aizuwakamatsu-editor"))


def test_overview_counts_subscribers_per_interest_and_the_outbox(client, secretariat, followers):  # noqa: F811
    new_case_study()
    OutboxEmail.objects.filter(to="topic@example.org").update(state="failed", last_error="550 No such user")

    page = client.get("/admin/subscriptions_overview/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Subscribers: 6" in html and "1 follow everything" in html
    assert "<td>Built Infrastructure</td><td>1</td>" in html
    assert "<td>Bangkok</td><td>2</td>" in html  # the city and the weekly subscriber
    assert "<td>Thailand</td><td>1</td>" in html
    assert "550 No such user" in html


def test_outbox_lists_failures_and_retry_queues_them_again(client, secretariat, followers):  # noqa: F811
    new_case_study()
    failed = OutboxEmail.objects.get(to="topic@example.org")
    OutboxEmail.objects.filter(pk=failed.pk).update(state="failed", attempts=8, last_error="550 No such user")

    listing = client.get("/admin/outbox/", {"state": "failed"})
    assert listing.status_code == 200
    assert "topic@example.org" in listing.content.decode() and "550 No such user" in listing.content.decode()
    assert "1 e-mail failed" in client.get("/admin/outbox/retry/").content.decode()

    response = client.post("/admin/outbox/retry/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (OutboxEmail.State.PENDING, 0)


def test_subscriber_admin_finds_and_removes_an_address(client, secretariat, followers):  # noqa: F811
    listing = client.get("/admin/subscribers/", {"q": "country@"})
    assert listing.status_code == 200 and "country@example.org" in listing.content.decode()
    subscriber = followers["country"]
    assert client.post(f"/admin/subscribers/delete/{subscriber.pk}/").status_code == 302
    assert not type(subscriber).objects.filter(pk=subscriber.pk).exists()


@pytest.mark.parametrize(
    "url", ["/admin/subscriptions_overview/", "/admin/subscribers/", "/admin/outbox/", "/admin/outbox/retry/"]
)
def test_city_editors_cannot_see_subscribers_or_the_outbox(client, city_editor, url):
    response = client.get(url)
    assert response.status_code == 403 or (response.status_code == 302 and "/login/" not in response["Location"])


def test_city_editors_cannot_retry_the_outbox(client, city_editor):
    failed = OutboxEmail.objects.create(
        key="editor-retry", kind=OutboxEmail.Kind.NOTICE, to="a@example.org", state="failed"
    )
    response = client.post("/admin/outbox/retry/")
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's refusal
    failed.refresh_from_db()
    assert failed.state == OutboxEmail.State.FAILED


def test_failed_translation_job_tells_the_secretariat(settings):
    settings.SECRETARIAT_EMAIL = "Office@Secretariat.example.org"
    job = TranslationJob.objects.create(
        source_page=CaseStudyPage.objects.get(slug="traffy-fondue-bangkok", locale__language_code="en"),
        target_locale=Locale.objects.get(language_code="th"),
        attempts=3,
    )
    record_failure(job.pk, "DeepL answered 403: wrong key")
    record_failure(job.pk, "DeepL answered 403: wrong key")  # told once per failure, not per call

    rows = OutboxEmail.objects.filter(kind=OutboxEmail.Kind.NOTICE)
    assert set(rows.values_list("to", flat=True)) == {
        "office@secretariat.example.org",
        *notices.secretariat_addresses(),
    }
    assert rows.count() == len(notices.secretariat_addresses())
    assert "Translation failed: Traffy Fondue" in rows.first().subject
    assert "403: wrong key" in rows.first().text


def test_moderation_emails_are_written_to_the_outbox_not_sent_in_the_request(client, mailoutbox):
    editor = get_user_model().objects.get(username="aizuwakamatsu-editor")
    page = CaseStudyPage.objects.filter(locale__language_code="en", live=True).first()
    Workflow.objects.get(name=WORKFLOW_NAME).start(page, editor)

    assert not mailoutbox  # nothing sent during the request
    rows = OutboxEmail.objects.filter(kind=OutboxEmail.Kind.NOTICE, key__startswith="notice:wagtail-")
    assert rows.exists()
    assert page.title in rows.first().subject + rows.first().text


def test_publishing_sets_off_the_webhook_events(followers):  # noqa: F811
    hook = WebhookEndpoint.objects.create(
        name="Partner", url=PUBLIC_URL, events=[e for e, _ in WebhookEndpoint.Event.choices]
    )
    page = new_case_study()
    page.title = "Bus lanes, revised"
    page.save_revision().publish()
    page.unpublish()

    events = list(WebhookDelivery.objects.filter(endpoint=hook).order_by("pk").values_list("event", flat=True))
    assert events == ["casestudy.published", "casestudy.updated", "casestudy.unpublished"]
    page.save_revision().publish()  # live again after being taken down: published, not updated
    assert WebhookDelivery.objects.filter(endpoint=hook).order_by("-pk").first().event == "casestudy.published"
