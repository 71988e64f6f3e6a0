from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import BodyBlock
from portal.page_base import SEARCH_WORDS_FIELD, PortalPageMixin


class HomePage(PortalPageMixin, Page):
    """The home page: featured case studies, upcoming events, the map, counts."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def route(self, request, path_components):
        # Every page is served from below a home page: its whole address in two queries.
        from portal.queries import route

        return route(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        from casestudies.models import CaseStudyPage
        from casestudies.taxonomy import focus_areas_named_in
        from cities.models import CityPage
        from events.models import EventPage
        from portal.locales import active_language, in_language, localize_foreign_key
        from portal.maps import city_map_points
        from portal.queries import private_q
        from portal.stats import case_study_counts

        context = super().get_context(request, *args, **kwargs)
        # Each page once, in the language being browsed (else in English): see portal/locales.py.
        language = active_language()
        case_studies = in_language(CaseStudyPage.objects.live().exclude(private_q()), language)
        context["featured_case_studies"] = localize_foreign_key(
            list(
                case_studies.filter(featured=True)
                .select_related("city__country")
                .prefetch_related(focus_areas_named_in(language))
                .order_by("-first_published_at")[:6]
            ),
            "city",
            select_related=["country"],
        )
        public_events = EventPage.objects.live().exclude(private_q())
        events = in_language(public_events, language).select_related("host_city", "country")
        upcoming = list(events.filter(end__gte=timezone.now()).order_by("start")[:3])
        context["upcoming_events"] = localize_foreign_key(upcoming, "host_city")
        if not upcoming:
            context["recent_events"] = localize_foreign_key(list(events.order_by("-start")[:3]), "host_city")
        cities = list(
            in_language(CityPage.objects.live().exclude(private_q()), language)
            .select_related("country")
            .order_by("title")
        )
        context["map_points"] = city_map_points(cities)
        context["city_count"] = len(cities)
        context["counts"] = case_study_counts(case_studies, language)
        return context


class StandardPage(PortalPageMixin, Page):
    """A plain content page (about, terms, accessibility statement …)."""

    introduction = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        SEARCH_WORDS_FIELD,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    subpage_types = ["portal.StandardPage"]


class WorkerHeartbeat(models.Model):
    """When each Celery worker last ran the heartbeat task (portal/health.py): /readyz's worker check."""

    worker = models.CharField(max_length=255, unique=True, help_text="The worker's host name (celery@…).")
    beat_at = models.DateTimeField()

    def __str__(self):
        return f"{self.worker} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
