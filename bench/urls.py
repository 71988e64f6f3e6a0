"""The portal's URLs plus the benchmark's references (bench/settings.py)."""

from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from bench.wagtail_api import declare
from portal.urls import handler404  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns

declare()
# Wagtail's built-in API, as a site would enable it (docs: "Wagtail API v2 configuration guide").
wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("bench/wagtail-api/v2/", wagtail_api.urls),
    # A static file of a page's size through the same server and middleware: Django's static
    # file view (Last-Modified and If-Modified-Since included).
    re_path(r"^bench/static/(?P<path>[\w.-]+)$", serve, {"document_root": settings.BENCH_STATIC_DIR}),
    *portal_urlpatterns,
]
