import csv
import io

import pytest
from django.contrib.auth import get_user_model

from casestudies.models import CaseStudyPage, FocusArea
from cities.models import CityPage
from portal.tests.helpers import text

pytestmark = pytest.mark.django_db

User = get_user_model()
REPORT = "/admin/reports/case-studies-per-city/"


def test_demo_content_has_each_workflow_state_for_two_cities():
    for city, editor in [("aizuwakamatsu", "aizuwakamatsu-editor"), ("da-nang", "da-nang-editor")]:
        pages = CaseStudyPage.objects.child_of(CityPage.objects.get(slug=city))
        assert pages.filter(live=True).exists()
        assert pages.filter(live=False, _revisions__user__username=editor).exists()
        in_review = [p for p in pages if p.workflow_in_progress]
        drafts = [p for p in pages if not p.live and not p.workflow_in_progress]
        assert in_review and drafts, city
    assert User.objects.get(username="delegate").groups.get().name == "Delegates"


def test_secretariat_dashboard_shows_the_review_queue(client, two_factor_login):
    two_factor_login(client, User.objects.get(username="secretariat"))
    content = text(client.get("/admin/"))
    assert "2 pages awaiting review" in content
    assert "Oldest submission: Renewable energy in Aizuwakamatsu" in content


def test_city_editor_dashboard_shows_their_drafts(client):
    client.force_login(User.objects.get(username="aizuwakamatsu-editor"))
    content = text(client.get("/admin/"))
    assert "Your drafts" in content and "Log-in with the My Number card" in content
    assert "Operations centre: lessons learned" not in content  # Da Nang's draft
    assert "Secretariat review queue" not in content


def test_report_counts_case_studies_per_city_and_focus_area_and_exports(client, two_factor_login):
    two_factor_login(client, User.objects.get(username="secretariat"))
    assert client.get(REPORT).status_code == 200
    response = client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    rows = {row["City"]: row for row in csv.DictReader(io.StringIO(body))}
    aizu = CityPage.objects.get(slug="aizuwakamatsu")
    assert int(rows["Aizuwakamatsu"]["Case studies"]) == aizu.led_case_studies.count() == 5
    assert int(rows["Aizuwakamatsu"]["Published"]) == aizu.led_case_studies.filter(live=True).count()
    safety = FocusArea.objects.in_default_language().get(slug="safety-security")
    assert int(rows["Aizuwakamatsu"][safety.name]) == aizu.led_case_studies.filter(focus_areas=safety).count()
    assert len(rows) == 27
    xlsx = client.get(REPORT, {"export": "xlsx"})
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]


def test_city_editors_cannot_open_the_report(client):
    client.force_login(User.objects.get(username="da-nang-editor"))
    assert client.get(REPORT).status_code in (302, 403)


def test_secretariat_manages_delegate_accounts(client, two_factor_login):
    from django.contrib.auth.models import Group

    two_factor_login(client, User.objects.get(username="secretariat"))
    form = client.get("/admin/users/new/")
    assert form.status_code == 200
    delegates = Group.objects.get(name="Delegates")
    assert f'value="{delegates.pk}"' in form.content.decode()
    response = client.post(
        "/admin/users/new/",
        {
            "username": "new-delegate",
            "email": "new.delegate@example.org",
            "first_name": "New",
            "last_name": "Delegate",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
            "is_active": "on",
            "groups": [delegates.pk],
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="new-delegate").groups.get() == delegates
