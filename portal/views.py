from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from portal import health, two_factor
from portal.search import clean_query, search_query


@require_GET
def search(request):
    """Site-wide search over every live, public page."""
    notices = []
    query = clean_query(request.GET.get("q", ""), notices)
    results = Page.objects.none()
    if query:
        # The active locale as a subquery (Locale.get_active() would be one query more).
        language = get_supported_content_language_variant(get_language())
        locale = Locale.objects.filter(language_code=language).values("pk")
        in_language = Page.objects.live().public().filter(locale__in=locale)
        # Results show titles and summaries: the pages' StreamFields (their bodies) stay unread.
        results = in_language.defer_streamfields().specific().search(search_query(query))
    page = Paginator(results, 10).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "portal/search.html",
        {"query": query, "page_obj": page, "notices": notices, "total": page.paginator.count},
    )


class DelegateLoginView(LoginView):
    """The public login for delegates (the admin has its own); privacy redirects land here."""

    template_name = "portal/login.html"
    redirect_authenticated_user = False  # a logged-in non-delegate may need another account

    def get_success_url(self):
        # Wrong passwords here count towards the lock-out (django-axes, portal/lockout.py) as
        # on /admin/login/; an account with a second factor gives it before going on.
        url = super().get_success_url()
        step = two_factor.next_step(self.request.user)
        return two_factor.step_url(step, url) if step else url


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /documents/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
@never_cache
def healthz(request):
    """Liveness: the process answers. Checks nothing else, so a restart is never ordered
    because the database or Redis is away (that is /readyz's business)."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request):
    """Readiness, for load balancers and monitoring: database, cache, broker and workers
    (portal/health.py; the answer is described in docs/operations.md, "Health checks")."""
    answer, status = health.readiness()
    return JsonResponse(answer, status=status)


def page_not_found(request, exception):
    """404: JSON under /api/ (partners' clients parse it), the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found: no such API address."}, status=404)
    return defaults.page_not_found(request, exception)
