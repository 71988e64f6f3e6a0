"""Admin views of freshness: "Mark as reviewed" on a case study, the secretariat's report of
what is going stale per city, and its drill-down: one city's case studies going stale."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Locale

from casestudies import freshness
from casestudies.models import CaseStudyPage
from casestudies.reports import SecretariatReportView
from cities.models import CityPage
from portal.redirects import safe_next_url


class MarkReviewedView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm (GET), then record that the case study's content is still current (POST).
    For anyone who may edit the page, on any live copy: the review covers the case study in
    every language, whichever copy the editor reads."""

    template_name = "casestudies/admin/mark_reviewed.html"
    page_title = "Mark as reviewed"
    header_icon = "calendar-check"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(CaseStudyPage, pk=page_id)
        if not self.page.permissions_for_user(request.user).can_edit():
            # A plain 403: Wagtail would turn PermissionDenied into a redirect to the dashboard.
            return HttpResponseForbidden("Only those who may edit this case study can mark it reviewed.")
        if not self.page.live:
            raise Http404("Only a live case study has a last-reviewed date to renew.")
        return super().dispatch(request)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def next_url(self):
        return safe_next_url(self.request, reverse("wagtailadmin_pages:edit", args=[self.page.pk]))

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page": self.page,
            "last_reviewed": freshness.last_reviewed(self.page),
            "months": settings.REVIEW_REMINDER_MONTHS,
            "next_url": self.next_url(),
        }

    def post(self, request):
        freshness.record_review(self.page, request.user)
        # The log entry is the page's history, and changes the content version that keys
        # the public page cache, so visitors see the new date at once.
        log(self.page, freshness.REVIEW_LOG_ACTION, user=request.user)
        messages.success(request, f"“{self.page.get_admin_display_title()}” marked as reviewed: content still current.")
        return redirect(self.next_url())


class StaleCaseStudiesReport(SecretariatReportView):
    """Per city: live case studies, how many are stale or going stale, where the reminders
    stand, and the oldest last review. Secretariat only."""

    page_title = "Case studies going stale"
    header_icon = "time"
    index_url_name = "stale_case_studies"
    index_results_url_name = "stale_case_studies_results"
    paginate_by = 100
    list_export = [
        "title",
        "country",
        "live",
        "stale",
        "going_stale",
        "editors_reminded",
        "secretariat_told",
        "oldest_review",
    ]

    @property
    def export_headings(self):
        return {name: column.label for name, column in self.column_labels.items()}

    @property
    def column_labels(self):
        months = settings.REVIEW_REMINDER_MONTHS
        return {
            "title": Column("title", label="City"),
            "country": Column("country", label="Country"),
            "live": Column("live", label="Live case studies"),
            "stale": Column("stale", label=f"Not reviewed for {months} months"),
            "going_stale": Column("going_stale", label=f"Going stale within {freshness.GOING_STALE_DAYS} days"),
            "editors_reminded": Column("editors_reminded", label="Editors reminded"),
            "secretariat_told": Column("secretariat_told", label="Secretariat told"),
            "oldest_review": Column("oldest_review", label="Oldest last review"),
        }

    @property
    def columns(self):
        columns = self.column_labels

        def drill_down(city):
            # The city's list of what is stale or going stale, when there is any.
            if city.stale or city.going_stale:
                return reverse("stale_case_studies_of_city", args=[city.pk])
            return None

        return [
            TitleColumn("title", label="City", get_url=lambda city: reverse("wagtailadmin_explore", args=[city.pk])),
            columns["country"],
            columns["live"],
            TitleColumn("stale", label=columns["stale"].label, get_url=drill_down),
            TitleColumn("going_stale", label=columns["going_stale"].label, get_url=drill_down),
            columns["editors_reminded"],
            columns["secretariat_told"],
            DateColumn("oldest_review", label="Oldest last review"),
        ]

    def get_queryset(self):
        """The cities in the default language, each with its figures (two queries), the most
        stale first."""
        figures = freshness.figures_per_city(timezone.now())
        empty = {"live": 0, "stale": 0, "going_stale": 0, "editors_reminded": 0, "secretariat_told": 0, "oldest": None}
        cities = list(CityPage.objects.filter(locale=Locale.get_default()).select_related("country"))
        for city in cities:
            for name, value in figures.get(city.translation_key, empty).items():
                setattr(city, name, value)
            city.oldest_review = local_date(city.oldest)
        return sorted(cities, key=lambda city: (-city.stale, -city.going_stale, city.title))


class StaleCaseStudiesOfCityReport(SecretariatReportView):
    """One city's case studies that are stale or go stale within GOING_STALE_DAYS (through
    their source copies, whatever their language), the longest unreviewed first: last review,
    where the reminders stand, and links to edit each or mark it reviewed."""

    header_icon = "time"
    index_url_name = "stale_case_studies_of_city"
    index_results_url_name = "stale_case_studies_of_city_results"
    paginate_by = 100
    list_export = ["title", "language", "state", "last_reviewed", "editors_reminded", "secretariat_told"]
    export_headings = {
        "title": "Case study",
        "language": "Language",
        "state": "State",
        "last_reviewed": "Last reviewed",
        "editors_reminded": "Editors reminded",
        "secretariat_told": "Secretariat told",
    }

    @cached_property
    def city(self):
        return get_object_or_404(CityPage.objects.filter(locale=Locale.get_default()), pk=self.kwargs["city_id"])

    @property
    def page_title(self):
        return f"Case studies going stale: {self.city.title}"

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.city.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.city.pk])

    def get_breadcrumbs_items(self):
        report = {"url": reverse("stale_case_studies"), "label": StaleCaseStudiesReport.page_title}
        return [*self.breadcrumbs_items, report, {"url": "", "label": self.city.title}]

    @property
    def columns(self):
        return [
            TitleColumn(
                "title", label="Case study", get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk])
            ),
            Column("language", label="Language"),
            Column("state", label="State"),
            DateColumn("last_reviewed", label="Last reviewed"),
            DateColumn("editors_reminded", label="Editors reminded"),
            DateColumn("secretariat_told", label="Secretariat told"),
            TitleColumn(
                "mark_reviewed",
                label="",
                get_url=lambda page: (
                    reverse("casestudies_mark_reviewed", args=[page.pk]) + "?next=" + self.get_index_url()
                ),
            ),
        ]

    def get_queryset(self):
        months = settings.REVIEW_REMINDER_MONTHS
        pages = freshness.going_stale_in_city(self.city.translation_key, timezone.now())
        for page in pages:
            page.language = page.locale.get_display_name()
            page.state = f"Not reviewed for {months} months" if page.stale else "Going stale"
            page.last_reviewed = local_date(page.reviewed)
            page.editors_reminded = local_date(page.reminded)
            page.secretariat_told = local_date(page.told)
            page.mark_reviewed = "Mark as reviewed"
        return pages


def local_date(moment):
    return timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment
