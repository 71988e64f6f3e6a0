"""The full moderation round trip through the admin, with the e-mails on a real SMTP server."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import WorkflowState

from casestudies.models import CaseStudyPage
from cities.models import CityPage
from notifications import outbox
from portal.tests.admin_forms import create_data, edit_data
from portal.tests.helpers import text

pytestmark = pytest.mark.django_db


def user(username):
    return get_user_model().objects.get(username=username)


def deliver_outbox():
    """What a Celery worker does once the request has committed: moderation e-mails are
    written to the outbox, not sent during the request (notifications/notices.py)."""
    while outbox.due_exists():
        outbox.deliver_batch()


def task_state_url(page, action):
    state = WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    return f"/admin/pages/workflow/action/{page.pk}/{action}/{state.current_task_state.pk}/"


def test_submit_request_changes_resubmit_approve(client, smtp_inbox, two_factor_login):
    editor, reviewer = user("aizuwakamatsu-editor"), user("secretariat")
    city = CityPage.objects.get(slug="aizuwakamatsu")

    # The city editor writes a case study and submits it for review.
    client.force_login(editor)
    url, data = create_data(
        client,
        CaseStudyPage,
        city,
        title="Tourism services",
        slug="tourism-services",
        summary="Smart-city services for visitors.",
        source_name="City of Aizuwakamatsu",
    )
    data["action-submit"] = "1"
    assert client.post(url, data).status_code == 302
    page = CaseStudyPage.objects.get(slug="tourism-services")
    assert not page.live and page.workflow_in_progress
    assert not smtp_inbox.to(reviewer.email), "nothing is sent during the request"
    deliver_outbox()
    assert smtp_inbox.to(reviewer.email), "the secretariat is told of the submission"
    assert "Tourism services" in smtp_inbox.to(reviewer.email)[-1]["Subject"]

    # The secretariat sees it on the dashboard and requests changes with a comment.
    two_factor_login(client, reviewer)
    assert "Tourism services" in text(client.get("/admin/"))
    comment = "Please name the source of the visitor figures."
    response = client.post(task_state_url(page, "reject"), {"comment": comment})
    assert response.status_code in (200, 302)
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    page.refresh_from_db()
    assert not page.live

    # The editor is told by e-mail and sees the comment on their dashboard.
    deliver_outbox()
    mail = smtp_inbox.to(editor.email)
    assert mail and "Tourism services" in mail[-1]["Subject"]
    client.force_login(editor)
    dashboard = text(client.get("/admin/"))
    assert "Came back with changes requested" in dashboard
    assert comment in dashboard

    # The editor revises and resubmits.
    revised = "Smart-city services for visitors (source: the city)."
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        edit_data(
            client, page, summary="Smart-city services for visitors (source: the city).", **{"action-submit": "1"}
        ),
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert not page.live

    # The secretariat approves: the page goes live with the revised text.
    two_factor_login(client, reviewer)
    assert client.post(task_state_url(page, "approve"), {"comment": ""}).status_code in (200, 302)
    page.refresh_from_db()
    assert page.live and page.summary == revised
    assert client.get(page.url).status_code == 200
    deliver_outbox()
    approved = smtp_inbox.to(editor.email)[-1]
    assert "approved" in approved["Subject"].lower()


def test_editor_cannot_approve_their_own_submission(client):
    editor = user("da-nang-editor")
    page = CaseStudyPage.objects.get(slug="da-nang-operations-centre-viettel")
    client.force_login(editor)
    response = client.post(task_state_url(page, "approve"), {"comment": ""})
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live


def test_events_are_published_by_the_secretariat_without_review(client):
    from events.models import EventPage

    event = EventPage.objects.get(slug="asean-japan-hlm-7")
    assert event.get_workflow() is None
    case_study = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    assert case_study.get_workflow().name == "Secretariat review"
    assert CityPage.objects.get(slug="bangkok").get_workflow().name == "Secretariat review"
