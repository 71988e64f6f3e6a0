""" "Contact the team": a delegate's question reaches the case study's contact point through the
outbox and a real SMTP server, the sender gets a copy, and the contact's address is in no
response; honeypot, rate limits, field errors, what cannot be contacted, and the secretariat's
report. (Delivery runs in-process here, as in notifications/tests/test_outbox.py.)"""

import csv
import io
import re
from html import escape

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client
from wagtail.models import PageViewRestriction

from casestudies.models import CaseStudyPage
from exchange import contact
from exchange.models import ContactMessage
from notifications.models import OutboxEmail
from portal.tests.helpers import deliver_all, translate

pytestmark = pytest.mark.django_db

User = get_user_model()
CONTACT = "team.traffy@bangkok.example"
CITY_CONTACT = "info@bangkok.example"
SECRETARIAT = "desk@secretariat.example"
REPORT = "/admin/reports/contact-messages/"
MESSAGE = {
    "name": "Nguyễn Thị Lan",
    "email": "lan@danang.example",
    "organisation": "Da Nang Department of Information",
    "city": "Da Nang",
    "message": "How did you get residents to report problems?\nWe would like to try it in Da Nang.",
}


@pytest.fixture(autouse=True)
def clean_slate(settings):
    OutboxEmail.objects.all().delete()  # the demo's moderation notices to the secretariat
    settings.SECRETARIAT_EMAIL = SECRETARIAT
    cache.clear()  # the rate limits' counters
    yield
    cache.clear()


@pytest.fixture
def case_study():
    page = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok", locale__language_code="en")
    page.contact_email = CONTACT
    page.save()
    return page


def form_url(page, prefix=""):
    return f"{prefix}/case-studies/{page.pk}/contact/"


def body(message):
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def send(client, page, data=MESSAGE, prefix="", **extra):
    return client.post(form_url(page, prefix), data, **extra)


def test_a_question_reaches_the_contact_and_a_copy_the_sender(client, case_study, smtp_inbox):
    page = client.get(case_study.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{form_url(case_study)}"' in html and "Contact the team" in html
    assert "csrfmiddlewaretoken" not in html  # the page is cached for every anonymous visitor

    form = client.get(form_url(case_study))
    assert form.status_code == 200 and escape(case_study.title) in form.content.decode()

    response = send(client, case_study)
    assert response.status_code == 302 and response["Location"] == f"{form_url(case_study)}?sent=1"
    sent = client.get(response["Location"])
    assert sent.status_code == 200
    assert "We have passed your message to the team of" in sent.content.decode()

    record = ContactMessage.objects.get()
    assert (record.case_study_id, record.translation_key) == (case_study.pk, case_study.translation_key)
    assert (record.sender_email, record.language, record.routed_to) == (MESSAGE["email"], "en", "case study")

    assert deliver_all() == 2
    (question,) = smtp_inbox.to(CONTACT)
    assert question["Reply-To"] == MESSAGE["email"]
    assert "Auto-Submitted" not in question  # a person's message, which may be answered
    assert case_study.title in question["Subject"] and MESSAGE["name"] in question["Subject"]
    text = body(question)
    for value in MESSAGE.values():
        assert value in text
    assert f"http://127.0.0.1:8000{case_study.url}" in text or case_study.full_url in text

    (copy,) = smtp_inbox.to(MESSAGE["email"])
    assert case_study.title in copy["Subject"]
    assert "Your message was passed to the team of" in body(copy)
    assert "> How did you get residents to report problems?\n> We would like to try it in Da Nang." in body(copy)
    assert CONTACT not in copy.as_string()  # never the contact's address
    assert copy["Reply-To"] is None
    assert deliver_all() == 0  # nothing is sent twice

    # The address is in no page a visitor can reach, errors included.
    for response in (page, form, sent, send(client, case_study, {**MESSAGE, "email": "nope"})):
        assert CONTACT not in response.content.decode()


def test_the_case_study_page_stays_cacheable_and_the_form_never_is(client, case_study, settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    assert client.get(case_study.url)["X-Cache"] == "miss"
    cached = client.get(case_study.url)
    assert cached["X-Cache"] == "hit" and f'href="{form_url(case_study)}"' in cached.content.decode()
    for _ in range(2):
        form = client.get(form_url(case_study))
        assert form.get("X-Cache") != "hit" and "no-store" in form["Cache-Control"]


def test_the_slot_is_empty_in_the_preview_of_a_page_never_saved():
    unsaved = CaseStudyPage(title="Not saved yet")
    assert render_to_string("casestudies/includes/contact_team.html", {"page": unsaved}).strip() == ""


def test_the_contact_address_is_not_in_the_api(client, case_study):
    """The API's own helper (casestudies/api.py) drops the address; fails until it does."""
    response = client.get(f"/api/v1/case-studies/{case_study.pk}/")
    assert response.status_code == 200
    assert CONTACT not in response.content.decode()


def test_the_copy_is_in_the_language_the_sender_wrote_in(client, case_study, smtp_inbox):
    thai = translate(case_study, "ทราฟฟี่ ฟองดูว์")
    thai.contact_email = CONTACT  # synchronised from the English page
    thai.save()
    page = client.get(thai.url)
    assert f'href="{form_url(thai, "/th")}"' in page.content.decode()

    response = send(client, thai, prefix="/th")
    assert response.status_code == 302 and response["Location"].startswith("/th/")
    record = ContactMessage.objects.get()
    assert record.language == "th" and record.translation_key == case_study.translation_key

    deliver_all()
    (copy,) = smtp_inbox.to(MESSAGE["email"])
    assert "ทราฟฟี่ ฟองดูว์" in copy["Subject"] and "/th/" in body(copy)
    (question,) = smtp_inbox.to(CONTACT)
    assert "Thai" in body(question)  # the team knows which page, and language, it came from


def test_the_form_follows_the_language_switcher_to_the_translation(client, case_study):
    response = client.get(form_url(case_study, "/th"))
    assert response.status_code == 200  # no Thai copy yet: the English page, in a Thai frame
    thai = translate(case_study, "ทราฟฟี่ ฟองดูว์")
    response = client.get(form_url(case_study, "/th"))
    assert response.status_code == 302 and response["Location"] == form_url(thai, "/th")
    response = client.get(f"{form_url(case_study, '/th')}?sent=1")
    assert response["Location"] == f"{form_url(thai, '/th')}?sent=1"


def test_without_a_contact_point_the_city_then_the_secretariat_receive_it(client, case_study, smtp_inbox):
    city = case_study.city
    case_study.contact_email = ""
    case_study.save()
    city.contact_email = CITY_CONTACT
    city.save()
    assert send(client, case_study).status_code == 302
    assert ContactMessage.objects.get().routed_to == "city"

    city.contact_email = ""
    city.save()
    assert send(client, case_study, {**MESSAGE, "email": "other@danang.example"}).status_code == 302
    assert ContactMessage.objects.latest("pk").routed_to == "secretariat"

    deliver_all()
    (to_city,) = smtp_inbox.to(CITY_CONTACT)
    assert to_city["Reply-To"] == MESSAGE["email"]
    (to_secretariat,) = smtp_inbox.to(SECRETARIAT)
    assert to_secretariat["Reply-To"] == "other@danang.example"
    assert "please pass it on to the team" in body(to_secretariat)
    # The demo's secretariat user hears of it too (notifications.notices.secretariat_addresses).
    assert len(smtp_inbox.to("secretariat@example.org")) == 1
    for copy in smtp_inbox.to(MESSAGE["email"]) + smtp_inbox.to("other@danang.example"):
        assert CITY_CONTACT not in copy.as_string() and SECRETARIAT not in copy.as_string()


def test_robots_filling_the_hidden_field_see_success_and_nothing_happens(client, case_study, smtp_inbox):
    form = client.get(form_url(case_study)).content.decode()
    assert 'name="website"' in form and 'tabindex="-1"' in form and 'autocomplete="off"' in form
    assert 'class="visually-hidden" aria-hidden="true"' in form

    response = send(client, case_study, {**MESSAGE, "website": "http://spam.example"})
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    assert not ContactMessage.objects.exists() and not OutboxEmail.objects.exists()
    assert deliver_all() == 0 and not smtp_inbox.messages


def test_messages_from_one_client_address_are_limited(client, case_study, settings):
    settings.CONTACT_MESSAGES_PER_HOUR = 3
    for number in range(3):
        assert send(client, case_study, {**MESSAGE, "email": f"p{number}@example.org"}).status_code == 302
    response = send(client, case_study, {**MESSAGE, "email": "p9@example.org"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many messages from you in the last hour. Please try again later." in html
    # Nothing typed is lost.
    assert 'value="p9@example.org"' in html and f'value="{MESSAGE["organisation"]}"' in html
    assert "We would like to try it in Da Nang.</textarea>" in html
    assert ContactMessage.objects.count() == 3
    assert OutboxEmail.objects.filter(to="p9@example.org").count() == 0
    # Another client address may still write.
    assert send(Client(REMOTE_ADDR="10.0.0.9"), case_study, {**MESSAGE, "email": "q@example.org"}).status_code == 302


def test_messages_from_one_sender_address_are_limited(client, case_study, settings):
    settings.CONTACT_MESSAGES_PER_HOUR = 6  # two per sender address
    statuses = [send(client, case_study, REMOTE_ADDR=f"10.0.0.{number}").status_code for number in range(3)]
    assert statuses == [302, 302, 429]
    assert ContactMessage.objects.count() == 2
    # Upper case is the same address.
    response = send(client, case_study, {**MESSAGE, "email": MESSAGE["email"].upper()}, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "Enter your name."),
        ("name", "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("email", "", "Enter your e-mail address, so that the team can answer you."),
        ("email", "lan@@danang", "Enter a valid e-mail address, like name@example.org."),
        ("email", "a" * 250 + "@example.org", "Ensure this value has at most 254 characters (it has 262)."),
        ("organisation", "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("city", "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
        ("message", "   ", "Write your message."),
        ("message", "x" * 5001, "Ensure this value has at most 5000 characters (it has 5001)."),
    ],
)
def test_each_bad_field_has_its_clear_error_and_nothing_is_lost(client, case_study, field, value, error):
    response = send(client, case_study, {**MESSAGE, field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count(error) == 2  # in the summary at the top and next to the field
    assert f'href="#id_{field}"' in html  # the summary links to the field
    assert f'id="id_{field}_error"' in html
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error"[^>]*id="id_{field}"', html)  # read with the field
    for other, typed in MESSAGE.items():
        if other != field and other != "message":
            assert f'value="{typed}"' in html
    if field != "message":
        assert "We would like to try it in Da Nang.</textarea>" in html
    assert not ContactMessage.objects.exists() and not OutboxEmail.objects.exists()


def test_only_live_public_case_studies_can_be_contacted(client, case_study):
    city = case_study.city
    assert client.get(form_url(city)).status_code == 404  # not a case study
    assert client.get("/case-studies/999999/contact/").status_code == 404

    restriction = PageViewRestriction.objects.create(page=city, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(form_url(case_study)).status_code == 404  # in a private section
    assert send(client, case_study).status_code == 404
    restriction.delete()

    case_study.unpublish()
    assert client.get(form_url(case_study)).status_code == 404
    assert client.get(f"{form_url(case_study)}?sent=1").status_code == 404
    assert send(client, case_study).status_code == 404
    assert not ContactMessage.objects.exists() and not OutboxEmail.objects.exists()


def message_about(page, language="en", **fields):
    return contact.send_message(page, language=language, **{**MESSAGE, **fields})


def test_the_secretariat_sees_counts_per_case_study_and_no_message(client, case_study, two_factor_login):
    thai = translate(case_study, "ทราฟฟี่ ฟองดูว์")
    other = CaseStudyPage.objects.get(slug="qlue-crop-jakarta", locale__language_code="en")
    message_about(case_study)
    message_about(thai, language="th")  # the same case study, in another language
    last = message_about(case_study, message="A third, secret question")
    message_about(other)

    two_factor_login(client, User.objects.get(username="secretariat"))
    page = client.get(REPORT)
    assert page.status_code == 200
    html = page.content.decode()
    assert escape(case_study.title) in html and escape(other.title) in html and "ทราฟฟี่" not in html
    assert "secret question" not in html and MESSAGE["email"] not in html and CONTACT not in html

    response = client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    rows = {row["Case study"]: row for row in csv.DictReader(io.StringIO(content))}
    assert set(rows) == {case_study.title, other.title}
    traffy = rows[case_study.title]
    assert (traffy["City"], traffy["Country"], traffy["Messages"]) == ("Bangkok", "Thailand", "3")
    assert traffy["Last message"].startswith(last.created_at.date().isoformat())
    assert rows[other.title]["Messages"] == "1"
    expected = ContactMessage.objects.filter(translation_key=case_study.translation_key).count()
    assert int(traffy["Messages"]) == expected
    assert "secret question" not in content and MESSAGE["email"] not in content

    xlsx = client.get(REPORT, {"export": "xlsx"})
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]
    assert "Contact messages per case study" in client.get("/admin/").content.decode()  # in the Reports menu


def test_city_editors_cannot_open_the_report(client):
    client.force_login(User.objects.get(username="da-nang-editor"))
    assert client.get(REPORT).status_code == 403
    assert client.get(REPORT, {"export": "csv"}).status_code == 403
    assert client.get("/admin/reports/contact-messages/results/").status_code == 403
