"""Admin report: case studies per city and per focus area, exportable as CSV or XLSX; and what
every secretariat-only admin view and report shares: who the secretariat is, the plain 403 for
everyone else, the menu item only the secretariat sees."""

from functools import wraps

from django.db.models import Count, Q
from django.http import HttpResponseForbidden
from django.urls import reverse
from django.utils.decorators import method_decorator
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale

from casestudies.models import FocusArea
from cities.models import CityPage
from portal.roles import SECRETARIAT
from portal.spreadsheets import SafeCsvExportMixin


def is_secretariat(user):
    return user.is_active and (user.is_superuser or user.groups.filter(name=SECRETARIAT).exists())


def secretariat_only(view):
    """A plain 403 for anyone but the secretariat, city editors included: Wagtail would turn
    PermissionDenied into a redirect to the dashboard. For a class-based view, decorate its
    dispatch (see SecretariatReportView)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_secretariat(request.user):
            return HttpResponseForbidden("Only the secretariat can see or do this.")
        return view(request, *args, **kwargs)

    return wrapped


@method_decorator(secretariat_only, name="dispatch")
class SecretariatReportView(SafeCsvExportMixin, ReportView):
    """A report for the secretariat alone, whose CSV export cannot carry a formula."""


class SecretariatMenuItem(MenuItem):
    """A menu item (e.g. under Reports) shown to the secretariat only."""

    def is_shown(self, request):
        return is_secretariat(request.user)


class CaseStudiesPerCityReport(SecretariatReportView):
    page_title = "Case studies per city"
    header_icon = "doc-full"
    index_url_name = "case_studies_per_city"
    index_results_url_name = "case_studies_per_city_results"
    paginate_by = 100

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.focus_areas = list(FocusArea.objects.in_default_language())  # pages link to these
        self.focus_columns = {f"focus_{area.pk}": area.name for area in self.focus_areas}
        self.list_export = ["title", "country", "total", "published", "unpublished", *self.focus_columns]
        self.export_headings = {
            "title": "City",
            "country": "Country",
            "total": "Case studies",
            "published": "Published",
            "unpublished": "Not yet published",
            **self.focus_columns,
        }

    @property
    def columns(self):
        return [
            TitleColumn("title", label="City", get_url=lambda city: reverse("wagtailadmin_explore", args=[city.pk])),
            Column("country", label="Country"),
            Column("total", label="Case studies"),
            Column("published", label="Published"),
            Column("unpublished", label="Not yet published"),
            *[Column(name, label=label) for name, label in self.focus_columns.items()],
        ]

    def get_queryset(self):
        counts = {
            "total": Count("led_case_studies", distinct=True),
            "published": Count("led_case_studies", filter=Q(led_case_studies__live=True), distinct=True),
            "unpublished": Count("led_case_studies", filter=Q(led_case_studies__live=False), distinct=True),
        }
        for area in self.focus_areas:
            counts[f"focus_{area.pk}"] = Count(
                "led_case_studies", filter=Q(led_case_studies__focus_areas=area), distinct=True
            )
        return (
            CityPage.objects.filter(locale=Locale.get_default())
            .select_related("country")
            .annotate(**counts)
            .order_by("-total", "title")
        )
