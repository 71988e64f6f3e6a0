"""Freshness: "last reviewed" dates, the reminder job on a clock moved forward (e-mails through a
real SMTP server), "Mark as reviewed" in the admin, and the secretariat's report."""

import csv
import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import dateformat, timezone
from wagtail.models import PageLogEntry

from casestudies import freshness
from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage, ContentReview
from cities.models import CityPage
from notifications.models import OutboxEmail
from portal.tests.helpers import deliver_all, english, soup, translate

pytestmark = pytest.mark.django_db

User = get_user_model()
AIZU_EDITOR = "aizuwakamatsu-editor@example.org"
SECRETARIAT = "secretariat@example.org"
REPORT = "/admin/reports/stale-case-studies/"


@pytest.fixture(autouse=True)
def empty_outbox():
    OutboxEmail.objects.all().delete()  # the demo's moderation notices to the secretariat


@pytest.fixture
def start():
    """Now, frozen: the test's case study is published then (the demo's a little earlier)."""
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        yield moment


def months_after(moment, months):
    return freshness.months_before(moment, -months)


def day(moment, format="j F Y"):
    return dateformat.format(timezone.localtime(moment), format)


def user(username):
    return User.objects.get(username=username)


def publish_case_study(
    city="aizuwakamatsu", title="Snow-clearing routes on the open data portal", by="secretariat", **values
):
    page = CaseStudyPageFactory(parent=english(CityPage, city), title=title, live=False, **values)
    page.save_revision(user=user(by)).publish(user=user(by))
    page.refresh_from_db()
    return page


def texts(messages):
    return [message.get_body(("plain",)).get_content() for message in messages]


def run_job_at(moment):
    """The daily job at `moment`, with the outbox delivered to the SMTP server."""
    with time_machine.travel(moment, tick=False):
        counts = freshness.send_review_reminders()
        sent = deliver_all()
    return counts, sent


def test_publishing_in_the_source_language_records_a_review(start):
    page = publish_case_study(by="secretariat")

    review = ContentReview.objects.get(translation_key=page.translation_key)
    assert review.last_reviewed_at == start and review.last_reviewed_by == user("secretariat")
    assert freshness.last_reviewed(page) == start


def test_a_page_never_reviewed_counts_from_its_last_publish(start):
    page = CaseStudyPageFactory(parent=english(CityPage, "bangkok"), title="Published by a script", live=False)
    page.save_revision().publish()  # no user: not a review
    page.refresh_from_db()

    assert not ContentReview.objects.filter(translation_key=page.translation_key).exists()
    assert freshness.last_reviewed(page) == page.last_published_at == start


def test_the_editors_are_reminded_once_then_the_secretariat_after_the_escalation_days(smtp_inbox, start):
    page = publish_case_study()
    reminded_at = months_after(start, 12) + datetime.timedelta(days=1)

    counts, sent = run_job_at(reminded_at - datetime.timedelta(days=2))  # a day short of 12 months: not yet
    assert counts["editors_reminded"] == 0 and not smtp_inbox.to(AIZU_EDITOR)

    counts, sent = run_job_at(reminded_at)
    [reminder] = smtp_inbox.to(AIZU_EDITOR)
    body = texts([reminder])[0]
    assert reminder["Subject"].startswith("Aizuwakamatsu: ")
    assert page.title in body and f"Last reviewed: {day(start)}" in body
    assert f"/admin/pages/{page.pk}/edit/" in body
    assert f"/admin/case-studies/{page.pk}/mark-reviewed/" in body and "Mark as reviewed" in body
    # One e-mail for the city, listing each of its stale case studies (the demo's too).
    aizu_live = CaseStudyPage.objects.live().filter(city__slug="aizuwakamatsu", locale__language_code="en")
    assert all(title in body for title in aizu_live.values_list("title", flat=True))
    review = ContentReview.objects.get(translation_key=page.translation_key)
    assert review.editors_reminded_at == reminded_at and review.secretariat_told_at is None
    assert not any(page.title in text for text in texts(smtp_inbox.to(SECRETARIAT)))

    delivered = len(smtp_inbox.messages)
    counts, sent = run_job_at(reminded_at + datetime.timedelta(hours=1))
    assert counts["editors_reminded"] == counts["secretariat_told"] == 0 and sent == 0
    assert len(smtp_inbox.messages) == delivered

    counts, sent = run_job_at(reminded_at + datetime.timedelta(days=29))  # not yet escalated
    assert counts["secretariat_told"] == 0 and sent == 0

    told_at = reminded_at + datetime.timedelta(days=settings.REVIEW_ESCALATION_DAYS)
    counts, sent = run_job_at(told_at)
    escalations = [text for text in texts(smtp_inbox.to(SECRETARIAT)) if page.title in text]
    assert len(escalations) == 1
    assert f"its editors were reminded on {day(reminded_at)}" in escalations[0]
    assert ContentReview.objects.get(translation_key=page.translation_key).secretariat_told_at == told_at
    assert not smtp_inbox.to(AIZU_EDITOR)[1:]  # the editors are not reminded again

    delivered = len(smtp_inbox.messages)
    counts, sent = run_job_at(told_at + datetime.timedelta(days=40))
    assert counts == {"stale_pages_found": 0, "editors_reminded": 0, "cities_reminded": 0, "secretariat_told": 0}
    assert sent == 0 and len(smtp_inbox.messages) == delivered


def test_a_city_without_editors_goes_straight_to_the_secretariat(smtp_inbox, start):
    page = publish_case_study(city="bangkok", title="Canal boats on one ticket")
    assert not User.objects.filter(groups__city_team__translation_key=page.city.translation_key).exists()

    counts, sent = run_job_at(months_after(start, 12) + datetime.timedelta(days=1))

    [text] = [text for text in texts(smtp_inbox.to(SECRETARIAT)) if page.title in text]
    assert "Bangkok" in text and "the city has no editors to remind" in text
    review = ContentReview.objects.get(translation_key=page.translation_key)
    assert review.secretariat_told_at is not None and review.editors_reminded_at is None
    delivered = len(smtp_inbox.messages)
    run_job_at(start + datetime.timedelta(days=400))  # others' pages are escalated now, not this one again
    assert not any(page.title in text for text in texts(smtp_inbox.messages[delivered:]))


def test_with_no_secretariat_address_the_escalation_waits_for_one(smtp_inbox, start, settings):
    page = publish_case_study(city="bangkok", title="Canal boats on one ticket")
    settings.SECRETARIAT_EMAIL = ""
    secretariat = user("secretariat")
    User.objects.filter(pk=secretariat.pk).update(email="")
    due = months_after(start, 12) + datetime.timedelta(days=1)

    counts, sent = run_job_at(due)
    assert counts["secretariat_told"] == 0 and counts["editors_reminded"] > 0  # other cities' editors
    assert not any(page.title in text for text in texts(smtp_inbox.messages))
    assert ContentReview.objects.get(translation_key=page.translation_key).secretariat_told_at is None

    settings.SECRETARIAT_EMAIL = "network@example.org"
    counts, sent = run_job_at(due + datetime.timedelta(days=1))  # the next day's run
    assert counts["secretariat_told"] >= 1
    assert any(page.title in text for text in texts(smtp_inbox.to("network@example.org")))


def test_marking_reviewed_in_the_admin_resets_the_reminders(client, smtp_inbox, start):
    page = publish_case_study()
    reminded_at = months_after(start, 12) + datetime.timedelta(days=1)
    run_job_at(reminded_at)
    assert smtp_inbox.to(AIZU_EDITOR)

    url = f"/admin/case-studies/{page.pk}/mark-reviewed/"
    marked_at = reminded_at + datetime.timedelta(days=10)
    with time_machine.travel(marked_at, tick=False):
        client.force_login(user("aizuwakamatsu-editor"))
        edit_view = client.get(f"/admin/pages/{page.pk}/edit/")
        assert url in edit_view.content.decode()  # the page header's button
        confirm = client.get(url)
        assert confirm.status_code == 200 and "Content still current" in confirm.content.decode()
        assert ContentReview.objects.get(translation_key=page.translation_key).editors_reminded_at == reminded_at

        response = client.post(url, {"next": f"/admin/pages/{page.city_id}/"})
        assert response.status_code == 302 and response["Location"] == f"/admin/pages/{page.city_id}/"

    review = ContentReview.objects.get(translation_key=page.translation_key)
    assert review.last_reviewed_at == marked_at and review.last_reviewed_by == user("aizuwakamatsu-editor")
    assert review.editors_reminded_at is None and review.secretariat_told_at is None
    entry = PageLogEntry.objects.get(page=page, action=freshness.REVIEW_LOG_ACTION)
    assert entry.user == user("aizuwakamatsu-editor")

    delivered = len(smtp_inbox.messages)
    counts, sent = run_job_at(reminded_at + datetime.timedelta(days=settings.REVIEW_ESCALATION_DAYS + 1))
    assert not any(page.title in text for text in texts(smtp_inbox.messages[delivered:]))
    review.refresh_from_db()
    assert review.secretariat_told_at is None and review.editors_reminded_at is None

    with time_machine.travel(marked_at + datetime.timedelta(days=1), tick=False):
        response = client.get(page.url)
    dates = [time["datetime"][:10] for time in soup(response).select("dd time")]
    assert day(marked_at, "Y-m-d") in dates


def test_marking_reviewed_needs_edit_rights_and_a_post(client, start):
    page = publish_case_study()
    url = f"/admin/case-studies/{page.pk}/mark-reviewed/"

    client.force_login(user("da-nang-editor"))
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    review = ContentReview.objects.get(translation_key=page.translation_key)
    assert review.last_reviewed_by == user("secretariat")  # unchanged

    client.force_login(user("aizuwakamatsu-editor"))
    assert url in client.get(f"/admin/pages/{page.city_id}/").content.decode()  # the listing's "More" menu
    assert client.get(url).status_code == 200  # a GET only asks
    assert ContentReview.objects.get(translation_key=page.translation_key).last_reviewed_by == user("secretariat")
    assert not PageLogEntry.objects.filter(page=page, action=freshness.REVIEW_LOG_ACTION).exists()

    draft = translate(page, "เส้นทางกวาดหิมะ", publish=False)
    assert client.get(f"/admin/case-studies/{draft.pk}/mark-reviewed/").status_code == 404  # not live
    assert client.get("/admin/case-studies/999999/mark-reviewed/").status_code == 404


def test_a_page_reviewed_eleven_months_ago_is_left_alone(smtp_inbox, start):
    page = publish_case_study()

    counts, sent = run_job_at(months_after(start, 11))

    assert counts == {"stale_pages_found": 0, "editors_reminded": 0, "cities_reminded": 0, "secretariat_told": 0}
    assert sent == 0 and not smtp_inbox.messages
    assert ContentReview.objects.get(translation_key=page.translation_key).editors_reminded_at is None


def test_publishing_translations_is_not_a_review(smtp_inbox, start):
    page = publish_case_study()
    later = start + datetime.timedelta(days=180)
    with time_machine.travel(later, tick=False):
        machine = translate(page, "เส้นทางกวาดหิมะ", language="th")  # as a translation job: no user
        by_translator = translate(page, "Rute pembersihan salju", language="id", publish=False)
        by_translator.save_revision(user=user("secretariat")).publish()  # a person, but not the source
    assert machine.live and machine.last_published_at == later

    review = ContentReview.objects.get(translation_key=page.translation_key)
    assert review.last_reviewed_at == start
    assert freshness.last_reviewed(machine) == start  # the Thai page shows the case study's review

    run_job_at(months_after(start, 12) + datetime.timedelta(days=1))
    [reminder] = smtp_inbox.to(AIZU_EDITOR)
    assert page.title in texts([reminder])[0]


def test_the_page_shows_last_reviewed_with_one_query(client, start, django_assert_num_queries):
    from django.template import Context, Template

    page = publish_case_study()
    template = Template("{% load freshness_tags %}{% last_reviewed_of page as reviewed %}{{ reviewed|date:'Y-m-d' }}")
    with django_assert_num_queries(1):
        assert template.render(Context({"page": page})) == day(start, "Y-m-d")

    html = soup(client.get(page.url))
    label = [dt for dt in html.select("dt") if dt.get_text(strip=True) == "Last reviewed"]
    assert label and label[0].find_next_sibling("dd").time["datetime"].startswith(day(start, "Y-m-d"))


def source_copies(city):
    """The city's live case studies, each through its English copy if live, else its oldest
    live copy: worked out here page by page."""
    copies = {}
    for page in (
        CaseStudyPage.objects.live().filter(city__translation_key=city.translation_key).select_related("locale")
    ):
        chosen = copies.get(page.translation_key)
        rank = (page.locale.language_code != "en", page.pk)
        if chosen is None or rank < (chosen.locale.language_code != "en", chosen.pk):
            copies[page.translation_key] = page
    return list(copies.values())


def expected_figures(city, now):
    """The report's figures for `city`, counted here page by page."""
    threshold = freshness.months_before(now, settings.REVIEW_REMINDER_MONTHS)
    pages = source_copies(city)
    reviews = {review.translation_key: review for review in ContentReview.objects.all()}
    figures = {"live": 0, "stale": 0, "going_stale": 0, "editors_reminded": 0, "secretariat_told": 0}
    oldest = None
    for page in pages:
        review = reviews.get(page.translation_key)
        reviewed = review.last_reviewed_at if review else page.last_published_at
        oldest = reviewed if oldest is None else min(oldest, reviewed)
        figures["live"] += 1
        if reviewed < threshold:
            figures["stale"] += 1
            figures["editors_reminded"] += bool(review and review.editors_reminded_at)
            figures["secretariat_told"] += bool(review and review.secretariat_told_at)
        elif reviewed < threshold + datetime.timedelta(days=60):
            figures["going_stale"] += 1
    return figures, oldest


def test_the_report_counts_what_is_going_stale_per_city(client, two_factor_login, start):
    aizu = english(CityPage, "aizuwakamatsu")
    old = publish_case_study(title="Old but gold")
    run_job_at(months_after(start, 12) + datetime.timedelta(days=1))  # reminded; the demo's pages are stale too
    with time_machine.travel(start + datetime.timedelta(days=30), tick=False):
        publish_case_study(title="Reviewed a month later")  # goes stale within 60 days of the report
    now = start + datetime.timedelta(days=370)

    with time_machine.travel(now, tick=False):
        two_factor_login(client, user("secretariat"))
        assert client.get(REPORT).status_code == 200
        response = client.get(REPORT, {"export": "csv"})
        xlsx = client.get(REPORT, {"export": "xlsx"})
        figures, oldest = expected_figures(aizu, now)
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    rows = {row["City"]: row for row in csv.DictReader(io.StringIO(body))}
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]

    row = rows["Aizuwakamatsu"]
    assert figures["stale"] >= 1 and figures["going_stale"] == 1 and figures["editors_reminded"] >= 1
    assert int(row["Live case studies"]) == figures["live"]
    assert int(row["Not reviewed for 12 months"]) == figures["stale"]
    assert int(row["Going stale within 60 days"]) == figures["going_stale"]
    assert int(row["Editors reminded"]) == figures["editors_reminded"]
    assert int(row["Secretariat told"]) == figures["secretariat_told"] == 0
    assert row["Oldest last review"] == str(timezone.localdate(oldest))
    assert len(rows) == CityPage.objects.filter(locale__language_code="en").count()
    bangkok = rows["Bangkok"]  # no editors: the secretariat was told at once
    assert int(bangkok["Secretariat told"]) == int(bangkok["Not reviewed for 12 months"]) > 0
    assert old.title  # the stale page counted above


def test_city_editors_cannot_open_the_report(client):
    client.force_login(user("aizuwakamatsu-editor"))
    assert client.get(REPORT).status_code == 403
    assert client.get(REPORT, {"export": "csv"}).status_code == 403
    assert "stale-case-studies" not in client.get("/admin/").content.decode()


def test_the_beat_schedule_names_a_task_the_celery_app_knows():
    from portal.celery import app

    app.loader.import_default_modules()  # runs the autodiscovery a worker and beat run
    entry = settings.CELERY_BEAT_SCHEDULE["review-reminders"]
    assert entry["task"] == "casestudies.tasks.send_review_reminders"
    assert entry["task"] in app.tasks


def test_the_task_runs_the_job(start):
    from casestudies.tasks import send_review_reminders

    publish_case_study()
    with time_machine.travel(months_after(start, 12) + datetime.timedelta(days=1), tick=False):
        counts = send_review_reminders.apply().get()
    assert counts["editors_reminded"] >= 1 and counts["cities_reminded"] >= 1


def test_months_are_calendar_months():
    at = datetime.datetime(2032, 3, 31, 12, 0, tzinfo=datetime.UTC)
    assert freshness.months_before(at, 1) == datetime.datetime(2032, 2, 29, 12, 0, tzinfo=datetime.UTC)
    assert freshness.months_before(at, 12) == datetime.datetime(2031, 3, 31, 12, 0, tzinfo=datetime.UTC)
    assert freshness.months_before(at, 15) == datetime.datetime(2030, 12, 31, 12, 0, tzinfo=datetime.UTC)


def test_a_long_list_is_cut_with_a_count_and_a_link():
    pages = [{"pk": number, "title": f"Case {number}"} for number in range(1, 54)]
    listing = freshness.city_listing(("key", "Big City", 7), pages, freshness.admin_links())

    assert listing["total"] == 53 and len(listing["pages"]) == freshness.MAX_LISTED and listing["more"] == 3
    assert listing["pages"][0]["edit_url"].endswith("/admin/pages/1/edit/")
    assert listing["pages"][-1]["mark_reviewed_url"].endswith(
        f"/admin/case-studies/{freshness.MAX_LISTED}/mark-reviewed/"
    )
    assert listing["explore_url"].endswith("/admin/pages/7/")


def test_the_review_goes_with_the_last_copy_of_the_case_study(start):
    page = publish_case_study()
    thai = translate(page, "เส้นทางกวาดหิมะ")

    page.delete()
    assert ContentReview.objects.filter(translation_key=thai.translation_key).exists()  # the Thai page remains
    CaseStudyPage.objects.get(pk=thai.pk).delete()
    assert not ContentReview.objects.filter(translation_key=thai.translation_key).exists()


def thai_aizuwakamatsu():
    city = CityPage.objects.filter(slug="aizuwakamatsu", locale__language_code="th").first()
    return city or translate(english(CityPage, "aizuwakamatsu"), "ไอซุวากามัตสึ")  # its slug stays


def thai_only_case_study(title="ระบบแจ้งเตือนหิมะ", by="secretariat"):
    """A case study written and published only in Thai, under Aizuwakamatsu's Thai page."""
    thai_city = thai_aizuwakamatsu()
    page = CaseStudyPageFactory(parent=thai_city, title=title, slug="snow-alerts-th", live=False)
    page.save_revision(user=user(by)).publish(user=user(by))
    page.refresh_from_db()
    return page


def test_a_case_study_only_in_thai_is_reviewed_reminded_reported_and_marked(client, smtp_inbox, start):
    page = thai_only_case_study()
    assert freshness.is_source(page)  # no English copy: its oldest live copy is the source
    review = ContentReview.objects.get(translation_key=page.translation_key)
    assert review.last_reviewed_at == start and review.last_reviewed_by == user("secretariat")

    reminded_at = months_after(start, 12) + datetime.timedelta(days=1)
    counts, sent = run_job_at(reminded_at)
    [reminder] = smtp_inbox.to(AIZU_EDITOR)  # one e-mail for the city, its English and Thai pages alike
    body = texts([reminder])[0]
    assert reminder["Subject"].startswith("Aizuwakamatsu: ")
    assert page.title in body and f"/admin/case-studies/{page.pk}/mark-reviewed/" in body

    aizu = english(CityPage, "aizuwakamatsu")
    figures = freshness.figures_per_city(reminded_at)[aizu.translation_key]
    expected, _oldest = expected_figures(aizu, reminded_at)
    assert page.pk in [copy.pk for copy in source_copies(aizu)]
    assert figures["live"] == expected["live"] and figures["stale"] == expected["stale"] >= 1

    marked_at = reminded_at + datetime.timedelta(days=3)
    with time_machine.travel(marked_at, tick=False):
        client.force_login(user("aizuwakamatsu-editor"))
        assert (
            f"/admin/case-studies/{page.pk}/mark-reviewed/"
            in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        )
        response = client.post(f"/admin/case-studies/{page.pk}/mark-reviewed/")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.last_reviewed_at == marked_at and review.editors_reminded_at is None


def test_the_english_copy_becomes_the_source_once_live(start):
    page = thai_only_case_study()
    later = start + datetime.timedelta(days=20)
    with time_machine.travel(later, tick=False):
        english_copy = translate(page, "Snow alerts", language="en")  # a translation job: no user
    assert freshness.is_source(english_copy) and not freshness.is_source(page)
    assert freshness.last_reviewed(english_copy) == start  # a machine's publish is no review

    with time_machine.travel(later + datetime.timedelta(days=1), tick=False):
        page.save_revision(user=user("secretariat")).publish(user=user("secretariat"))  # the Thai copy now
    assert ContentReview.objects.get(translation_key=page.translation_key).last_reviewed_at == start

    english_copy.unpublish()  # no live English copy: the Thai copy is the source again
    assert freshness.is_source(page) and not freshness.is_source(english_copy)
    with time_machine.travel(later + datetime.timedelta(days=2), tick=False):
        page.save_revision(user=user("secretariat")).publish(user=user("secretariat"))
    review = ContentReview.objects.get(translation_key=page.translation_key)
    assert review.last_reviewed_at == later + datetime.timedelta(days=2)


def test_any_live_copy_can_be_marked_reviewed_and_the_listing_asks_no_locale(
    client, start, django_assert_max_num_queries
):
    page = publish_case_study()
    thai = translate(page, "เส้นทางกวาดหิมะ")
    client.force_login(user("aizuwakamatsu-editor"))
    listing = client.get(f"/admin/pages/{thai.get_parent().pk}/")
    assert f"/admin/case-studies/{thai.pk}/mark-reviewed/" in listing.content.decode()

    with time_machine.travel(start + datetime.timedelta(days=5), tick=False):
        client.force_login(user("aizuwakamatsu-editor"))
        assert client.post(f"/admin/case-studies/{thai.pk}/mark-reviewed/").status_code == 302
    review = ContentReview.objects.get(translation_key=page.translation_key)
    assert review.last_reviewed_at == start + datetime.timedelta(days=5)  # for every language
    assert freshness.last_reviewed(page) == review.last_reviewed_at
    assert PageLogEntry.objects.filter(page=thai, action=freshness.REVIEW_LOG_ACTION).exists()

    # The button asks nothing more of the database for a Thai row (no locale, no other copy).
    from casestudies.freshness_admin import MarkReviewedButton

    editor = user("aizuwakamatsu-editor")
    rows = list(CaseStudyPage.objects.filter(pk__in=[page.pk, thai.pk]).order_by("pk"))
    assert MarkReviewedButton(page=rows[0]).is_shown(editor)  # warms the editor's permissions
    with django_assert_max_num_queries(0):
        assert MarkReviewedButton(page=rows[1]).is_shown(editor)


DRILL_DOWN = "/admin/reports/stale-case-studies/{}/"


def test_the_report_drills_down_to_what_is_going_stale_in_a_city(client, two_factor_login, start):
    aizu = english(CityPage, "aizuwakamatsu")
    stale = publish_case_study(title='=HYPERLINK("http://evil.example")', slug="formula")
    thai = thai_only_case_study()
    reminded_at = months_after(start, 12) + datetime.timedelta(days=1)
    run_job_at(reminded_at)
    with time_machine.travel(start + datetime.timedelta(days=30), tick=False):
        going = publish_case_study(title="Stale within two months")
        fresh_time = start + datetime.timedelta(days=370)
    with time_machine.travel(fresh_time - datetime.timedelta(days=10), tick=False):
        fresh = publish_case_study(title="Reviewed last week")
    elsewhere = publish_case_study(city="bangkok", title="Canal boats on one ticket")

    url = DRILL_DOWN.format(aizu.pk)
    with time_machine.travel(fresh_time, tick=False):
        two_factor_login(client, user("secretariat"))
        assert url in client.get(REPORT).content.decode()  # the city's counts link here
        response = client.get(url)
        export = client.get(url, {"export": "csv"})
    html = response.content.decode()
    assert response.status_code == 200 and "Aizuwakamatsu" in html
    for page in (stale, thai, going):
        assert f"/admin/pages/{page.pk}/edit/" in html and f"/admin/case-studies/{page.pk}/mark-reviewed/" in html
    assert f"/admin/pages/{fresh.pk}/edit/" not in html and f"/admin/pages/{elsewhere.pk}/edit/" not in html

    rows = {row["Case study"]: row for row in csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode()))}
    assert "'" + stale.title in rows  # a formula stays text
    row = rows["'" + stale.title]
    assert row["State"] == "Not reviewed for 12 months" and row["Last reviewed"] == str(timezone.localdate(start))
    assert row["Editors reminded"] == str(timezone.localdate(reminded_at)) and row["Secretariat told"] == ""
    assert rows[thai.title]["Language"] == "ไทย" or rows[thai.title]["Language"].lower().startswith("thai")
    assert rows[going.title]["State"] == "Going stale" and rows[going.title]["Editors reminded"] == ""
    reviews = [row["Last reviewed"] for row in rows.values()]
    assert reviews == sorted(reviews)  # the longest unreviewed first


def test_city_editors_cannot_open_the_drill_down(client):
    aizu = english(CityPage, "aizuwakamatsu")
    client.force_login(user("aizuwakamatsu-editor"))
    assert client.get(DRILL_DOWN.format(aizu.pk)).status_code == 403
    assert client.get(DRILL_DOWN.format(aizu.pk), {"export": "csv"}).status_code == 403


def test_the_drill_down_of_an_unknown_city_is_not_found(client, two_factor_login):
    two_factor_login(client, user("secretariat"))
    thai_city = thai_aizuwakamatsu()
    assert client.get(DRILL_DOWN.format(999999)).status_code == 404
    assert client.get(DRILL_DOWN.format(thai_city.pk)).status_code == 404  # the report's rows are English


class FailingQueries:
    """The database refusing the first `failures` queries (all of them with None), as during a
    restart: a connection-level fault, not our code."""

    def __init__(self, failures=None):
        self.failures, self.refused = failures, 0

    def __call__(self, execute, sql, params, many, context):
        from django.db import OperationalError

        if self.failures is None or self.refused < self.failures:
            self.refused += 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


def test_the_task_retries_database_errors_then_runs(start):
    from django.db import connection

    from casestudies.tasks import send_review_reminders

    publish_case_study()
    outage = FailingQueries(failures=2)
    with time_machine.travel(months_after(start, 12) + datetime.timedelta(days=1), tick=False):
        with connection.execute_wrapper(outage):
            result = send_review_reminders.apply()
    assert outage.refused == 2 and result.successful()
    assert result.get()["editors_reminded"] >= 1


def test_the_task_gives_up_after_its_retries(start):
    from django.db import connection

    from casestudies.tasks import send_review_reminders

    outage = FailingQueries()
    with connection.execute_wrapper(outage):
        result = send_review_reminders.apply()
    assert result.failed() and outage.refused == send_review_reminders.max_retries + 1
    assert send_review_reminders.retry_backoff and send_review_reminders.retry_backoff_max == 3600
