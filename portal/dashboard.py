"""Admin dashboard panels: what waits for the secretariat, what a city editor has in hand."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from portal.roles import SECRETARIAT


def _pages_by_id(states):
    ids = {int(state.object_id) for state in states}
    return Page.objects.filter(pk__in=ids).specific().in_bulk()


class ReviewQueuePanel(Component):
    """Secretariat: how many pages wait for review, and the oldest submission."""

    name = "review_queue"
    order = 50
    template_name = "portal/dashboard/review_queue.html"

    def get_context_data(self, parent_context):
        waiting = (
            WorkflowState.objects.filter(
                status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=ContentType.objects.get_for_model(Page)
            )
            .select_related("requested_by", "current_task_state")
            .order_by("created_at")
        )
        oldest = waiting.first()
        page = _pages_by_id([oldest]).get(int(oldest.object_id)) if oldest else None
        return {
            "count": waiting.count(),
            "oldest": oldest,
            "oldest_page": page,
            "waiting_days": (timezone.now() - oldest.created_at).days if oldest else 0,
        }


class CityEditorPanel(Component):
    """A city editor: their drafts, and submissions that came back with changes requested."""

    name = "city_editor"
    order = 60
    template_name = "portal/dashboard/city_editor.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        drafts = (
            Page.objects.filter(latest_revision__user=self.user, has_unpublished_changes=True)
            .exclude(pk__in=self._in_workflow_ids())
            .specific()
            .order_by("-latest_revision_created_at")[:10]
        )
        returned = list(
            WorkflowState.objects.filter(requested_by=self.user, status=WorkflowState.STATUS_NEEDS_CHANGES)
            .select_related("current_task_state__finished_by")
            .order_by("-current_task_state__finished_at")[:10]
        )
        pages = _pages_by_id(returned)
        returned = [(pages.get(int(state.object_id)), state.current_task_state) for state in returned]
        return {"drafts": drafts, "returned": [(page, task) for page, task in returned if page is not None]}

    def _in_workflow_ids(self):
        return [
            int(pk)
            for pk in WorkflowState.objects.filter(
                status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
            ).values_list("object_id", flat=True)
        ]


def panels_for(user):
    panels = []
    if user.is_superuser or user.groups.filter(name=SECRETARIAT).exists():
        panels.append(ReviewQueuePanel())
    if user.groups.filter(city_team__isnull=False).exists():
        panels.append(CityEditorPanel(user))
    return panels
