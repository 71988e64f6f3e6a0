"""Admin views of freshness: "Mark as reviewed" on a case study, and the secretariat's report of
what is going stale per city."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import log
from wagtail.models import Locale

from casestudies import freshness
from casestudies.models import CaseStudyPage
from casestudies.reports import is_secretariat
from cities.models import CityPage


class MarkReviewedView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm (GET), then record that the case study's content is still current (POST).
    For anyone who may edit the page, on its source-language copy (the one a review covers)."""

    template_name = "casestudies/admin/mark_reviewed.html"
    page_title = "Mark as reviewed"
    header_icon = "calendar-check"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(CaseStudyPage.objects.select_related("locale"), pk=page_id)
        if not self.page.permissions_for_user(request.user).can_edit():
            # A plain 403: Wagtail would turn PermissionDenied into a redirect to the dashboard.
            return HttpResponseForbidden("Only those who may edit this case study can mark it reviewed.")
        if not freshness.is_source(self.page):
            raise Http404("Mark the case study reviewed on its page in the source language.")
        return super().dispatch(request)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def next_url(self):
        url = self.request.POST.get("next") or self.request.GET.get("next")
        if url and url_has_allowed_host_and_scheme(url, {self.request.get_host()}, self.request.is_secure()):
            return url
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])

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


class StaleCaseStudiesReport(ReportView):
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

    def dispatch(self, request, *args, **kwargs):
        if not is_secretariat(request.user):
            return HttpResponseForbidden("Only the secretariat can see this report.")
        return super().dispatch(request, *args, **kwargs)

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
        return [
            TitleColumn("title", label="City", get_url=lambda city: reverse("wagtailadmin_explore", args=[city.pk])),
            *[
                columns[name]
                for name in ("country", "live", "stale", "going_stale", "editors_reminded", "secretariat_told")
            ],
            DateColumn("oldest_review", label="Oldest last review"),
        ]

    def get_queryset(self):
        """The cities in the default language, each with its figures (two queries), the most
        stale first."""
        figures = freshness.figures_per_city(timezone.now())
        empty = {"live": 0, "stale": 0, "going_stale": 0, "editors_reminded": 0, "secretariat_told": 0, "oldest": None}
        cities = list(CityPage.objects.filter(locale=Locale.get_default()).select_related("country"))
        for city in cities:
            for name, value in figures.get(city.pk, empty).items():
                setattr(city, name, value)
            city.oldest_review = local_date(city.oldest)
        return sorted(cities, key=lambda city: (-city.stale, -city.going_stale, city.title))


def local_date(moment):
    return timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment
