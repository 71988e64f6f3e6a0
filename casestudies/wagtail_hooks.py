from django.urls import path, reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from casestudies.models import FocusArea, Organisation, SustainableDevelopmentGoal
from casestudies.reports import CaseStudiesPerCityReport, SecretariatMenuItem


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "kind", "country", "website"]
    list_filter = ["kind", "country"]
    list_export = ["name", "kind", "country", "website"]
    search_fields = ["name"]


class FocusAreaViewSet(SnippetViewSet):
    """The six focus areas, in English and in each language they are translated into:
    "Translate" (wagtail-localize) makes a language's copy, edited segment by segment."""

    model = FocusArea
    icon = "tag"
    list_display = ["name", "slug", "locale", "sort_order"]


class SDGViewSet(SnippetViewSet):
    model = SustainableDevelopmentGoal
    icon = "list-ol"
    list_display = ["number", "name"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Taxonomy"
    menu_icon = "tag"
    menu_order = 310
    items = (OrganisationViewSet, FocusAreaViewSet, SDGViewSet)


register_snippet(TaxonomyGroup)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/case-studies-per-city/", CaseStudiesPerCityReport.as_view(), name="case_studies_per_city"),
        path(
            "reports/case-studies-per-city/results/",
            CaseStudiesPerCityReport.as_view(results_only=True),
            name="case_studies_per_city_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return SecretariatMenuItem(
        "Case studies per city", reverse("case_studies_per_city"), icon_name="doc-full", order=700
    )


from casestudies import evidence_admin, freshness_admin  # noqa: E402, F401  (register their hooks on import)
