from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth.views import LogoutView
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import views
from portal.sitemaps import EveryLanguageSitemap
from translation import views as translation_views

urlpatterns = [
    # Before the admin's own: wagtail-localize's "Machine translate" button and its
    # "Translate this page" form run the translation as Celery jobs.
    path(
        "admin/localize/translate/<int:translation_id>/machine_translate/",
        require_admin_access(translation_views.machine_translate),
        name="machine_translate_job",
    ),
    path(
        "admin/localize/submit/page/<int:page_id>/",
        require_admin_access(translation_views.submit_page_translation),
        name="submit_page_translation_job",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include("portal.api")),
    path("", include("portal.feed_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": EveryLanguageSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]

if settings.SERVE_MEDIA:
    # Uploaded images only (in production a web server or object storage serves them).
    # Documents never: they go through /documents/, which enforces delegates-only privacy.
    media = settings.MEDIA_URL.strip("/")
    urlpatterns += [
        re_path(rf"^{media}/(?P<path>(original_images|images)/.+)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

# Pages in every language: /th/cities/…; English keeps its unprefixed addresses.
urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    path("subscribe/", include("notifications.urls")),
    path("", include("exchange.urls")),
    path("login/", views.DelegateLoginView.as_view(), name="delegate_login"),
    path("logout/", LogoutView.as_view(), name="delegate_logout"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "portal.views.page_not_found"
