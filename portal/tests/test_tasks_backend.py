import pytest
from django.test import override_settings

from casestudies.models import CaseStudyPage

pytestmark = pytest.mark.django_db

ON_COMMIT = {"default": {"BACKEND": "portal.tasks_backend.OnCommitCeleryBackend"}}


@override_settings(TASKS=ON_COMMIT)
def test_wagtails_jobs_are_sent_only_when_the_transaction_commits(django_capture_on_commit_callbacks):
    page = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page.save_revision().publish()  # Wagtail enqueues its index jobs from post_save
    assert callbacks, "nothing may reach the broker before the publish has committed"
