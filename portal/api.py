"""The public API, /api/v1/: its router, OpenAPI schema and documentation.

Access (partner keys, throttles) is in portal/api_access.py; paging, errors and caching in
portal/api_http.py; each resource in its app's api.py."""

from csp.decorators import csp_replace
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from casestudies.api import CaseStudyViewSet, FocusAreaViewSet
from cities.api import CityViewSet, CountryViewSet
from events.api import EventViewSet, MaterialViewSet
from portal.csp import API_DOCS_POLICY

api_docs = csp_replace(API_DOCS_POLICY)

router = DefaultRouter()
router.register("case-studies", CaseStudyViewSet, basename="casestudy")
router.register("cities", CityViewSet, basename="city")
router.register("countries", CountryViewSet, basename="country")
router.register("events", EventViewSet, basename="event")
router.register("materials", MaterialViewSet, basename="material")
router.register("focus-areas", FocusAreaViewSet, basename="focusarea")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's start-up script from its own URL (the split view), not inline: see portal/csp.py.
    path("docs/", api_docs(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("redoc/", api_docs(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"),
    path("", include(router.urls)),
]


def only_public_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: document /api/v1/ only, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in words"},
        "errors": {
            "type": "object",
            "description": "For invalid parameters: the messages of each parameter",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}
ERRORS = {
    "400": "A query parameter is unknown or malformed; `errors` names it and says what is accepted.",
    "401": "The X-Api-Key header holds an unknown, revoked or expired key.",
    "404": "No published item has this address, or the page is past the last one.",
    "429": "Rate limit reached; retry after the number of seconds in Retry-After.",
}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents its JSON errors."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
            # Refused by the WSGI server before the portal sees it (gunicorn's request-line limit).
            responses.setdefault("414", {"description": "The address (with its query string) is too long."})
            responses["429"]["headers"] = {
                "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait"}
            }
    return result
