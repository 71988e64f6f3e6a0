"""Admin hooks of freshness: the "Mark as reviewed" button and view, its log action, and the
secretariat's report of case studies going stale (casestudies/freshness_views.py)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from casestudies import freshness
from casestudies.freshness_views import MarkReviewedView, StaleCaseStudiesOfCityReport, StaleCaseStudiesReport
from casestudies.models import CaseStudyPage
from casestudies.reports import SecretariatMenuItem


@hooks.register("register_admin_urls")
def register_freshness_urls():
    return [
        path("case-studies/<int:page_id>/mark-reviewed/", MarkReviewedView.as_view(), name="casestudies_mark_reviewed"),
        path("reports/stale-case-studies/", StaleCaseStudiesReport.as_view(), name="stale_case_studies"),
        path(
            "reports/stale-case-studies/results/",
            StaleCaseStudiesReport.as_view(results_only=True),
            name="stale_case_studies_results",
        ),
        path(
            "reports/stale-case-studies/<int:city_id>/",
            StaleCaseStudiesOfCityReport.as_view(),
            name="stale_case_studies_of_city",
        ),
        path(
            "reports/stale-case-studies/<int:city_id>/results/",
            StaleCaseStudiesOfCityReport.as_view(results_only=True),
            name="stale_case_studies_of_city_results",
        ),
    ]


@hooks.register("register_log_actions")
def register_freshness_log_actions(actions):
    actions.register_action(
        freshness.REVIEW_LOG_ACTION, "Mark as reviewed", "Marked as reviewed: content still current"
    )


class MarkReviewedButton(PageMenuItem):
    label = "Mark as reviewed"
    icon_name = "calendar-check"
    url_name = "casestudies_mark_reviewed"

    def is_shown(self, user):
        # Any live copy of a case study (a review covers every language), so no locale to look
        # up for each row of a page listing.
        page = self.page
        return (
            page.live
            and issubclass(page.specific_class or object, CaseStudyPage)
            and page.permissions_for_user(user).can_edit()
        )


@hooks.register("register_page_header_buttons")
def mark_reviewed_header_button(page, user, view_name, next_url=None):
    yield MarkReviewedButton(page=page, next_url=next_url, priority=67)


@hooks.register("register_page_listing_more_buttons")
def mark_reviewed_listing_button(page, user, next_url=None):
    yield MarkReviewedButton(page=page, next_url=next_url, priority=56)


@hooks.register("register_reports_menu_item")
def register_stale_report_menu_item():
    return SecretariatMenuItem("Case studies going stale", reverse("stale_case_studies"), icon_name="time", order=710)
