"""The public API, /api/v1/: its router, OpenAPI schema and documentation.

Access (partner keys, throttles) is in portal/api_access.py; paging, errors and caching in
portal/api_http.py; each resource in its app's api.py."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from casestudies.api import CaseStudyViewSet, FocusAreaViewSet
from cities.api import CityViewSet, CountryViewSet
from events.api import EventViewSet, MaterialViewSet

router = DefaultRouter()
router.register("case-studies", CaseStudyViewSet, basename="casestudy")
router.register("cities", CityViewSet, basename="city")
router.register("countries", CountryViewSet, basename="country")
router.register("events", EventViewSet, basename="event")
router.register("materials", MaterialViewSet, basename="material")
router.register("focus-areas", FocusAreaViewSet, basename="focusarea")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include(router.urls)),
]


def only_public_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: document /api/v1/ only, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
