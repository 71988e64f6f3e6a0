from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class EveryLanguageSitemap(Sitemap):
    """Wagtail's sitemap lists the site's root tree only (English); this one lists each
    language's tree too, so search engines find /th/…, /km/… pages."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_any_tree = Q()
        for root in roots.only("path"):
            in_any_tree |= Q(path__startswith=root.path)
        return Page.objects.filter(in_any_tree).live().public().order_by("path").defer_streamfields().specific()
