from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from casestudies.taxonomy import focus_areas_named_in, in_default_locale
from portal.blocks import BodyBlock
from portal.page_base import SEARCH_WORDS_FIELD, PortalPageMixin
from portal.queries import private_q


class Country(models.Model):
    """An ASEAN member state or a partner country."""

    name = models.CharField(max_length=100, unique=True)
    iso_code = models.CharField("ISO 3166 code", max_length=2, unique=True, help_text="Two letters, e.g. TH")
    slug = models.SlugField(max_length=100, unique=True)
    is_asean_member = models.BooleanField("ASEAN member state", default=True)

    panels = [FieldPanel("name"), FieldPanel("iso_code"), FieldPanel("slug"), FieldPanel("is_asean_member")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.iso_code = self.iso_code.upper()
        super().save(*args, **kwargs)


class CityIndexPage(PortalPageMixin, Page):
    """The city directory (/cities/)."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["cities.CityPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from portal.locales import active_language, in_language
        from portal.maps import city_map_points

        context = super().get_context(request, *args, **kwargs)
        # Each city once, in the language being browsed, else in English (portal/locales.py).
        cities = list(
            in_language(CityPage.objects.live().public(), active_language())
            .select_related("country")
            .order_by("country__name", "title")
        )
        context["cities"] = cities
        context["map_points"] = city_map_points(cities)
        return context


class CityPage(PortalPageMixin, Page):
    """A member or partner city. Its case studies sit below it in the page tree."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="cities")
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    population = models.PositiveIntegerField(null=True, blank=True, help_text="Leave empty unless sourced")
    is_ascn_pilot = models.BooleanField("ASCN member city", default=False)
    year_joined = models.PositiveSmallIntegerField(
        "year joined the ASCN", null=True, blank=True, validators=[MinValueValidator(2018)]
    )
    focus_areas = ParentalManyToManyField(
        "casestudies.FocusArea", blank=True, related_name="cities", limit_choices_to=in_default_locale
    )
    summary = models.TextField(max_length=600, help_text="One or two sentences, shown in listings")
    body = StreamField(BodyBlock(), blank=True)
    contact_name = models.CharField("public contact point", max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_website = models.URLField(blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("country"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("population"),
                FieldRowPanel([FieldPanel("is_ascn_pilot"), FieldPanel("year_joined")]),
            ],
            heading="Place",
        ),
        FieldPanel("focus_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_website")],
            heading="Public contact point",
        ),
    ]
    search_fields = Page.search_fields + [
        SEARCH_WORDS_FIELD,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("country", [index.SearchField("name")]),
        index.FilterField("country"),
    ]
    parent_page_types = ["cities.CityIndexPage"]
    subpage_types = ["casestudies.CaseStudyPage"]

    class Meta:
        verbose_name = "city"
        indexes = [models.Index(fields=["is_ascn_pilot"], name="citypage_is_ascn_pilot_idx")]  # API filter

    @cached_property
    def coordinates(self):
        return float(self.latitude), float(self.longitude)

    def get_context(self, request, *args, **kwargs):
        from casestudies.models import CaseStudyPage
        from events.models import EventPage
        from portal.locales import active_language, in_language, localize_foreign_key
        from portal.maps import city_map_points

        context = super().get_context(request, *args, **kwargs)
        # Led by, partnered by or hosted by this city in any language (links to pages keep
        # pointing at the English ones), each shown once, in the language being browsed.
        language = active_language()
        city = self.translation_key
        led_or_partnered = CaseStudyPage.objects.filter(
            models.Q(city__translation_key=city) | models.Q(partner_cities__translation_key=city)
        ).values("pk")
        live = CaseStudyPage.objects.live().exclude(private_q())
        case_studies = in_language(live.filter(pk__in=led_or_partnered), language)
        context["case_studies"] = localize_foreign_key(
            list(
                case_studies.select_related("city__country")
                .prefetch_related(focus_areas_named_in(language))
                .order_by("title")
            ),
            "city",
            select_related=["country"],
        )
        context["map_points"] = city_map_points([self])
        hosted = EventPage.objects.live().exclude(private_q()).filter(host_city__translation_key=city)
        context["hosted_events"] = localize_foreign_key(
            list(in_language(hosted, language).select_related("host_city", "country").order_by("-start")), "host_city"
        )
        return context


class CityTeam(models.Model):
    """A city's editors group and media collection, shared by every language copy of the city page."""

    translation_key = models.UUIDField(unique=True, help_text="The city page's translation key")
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="city_team")
    collection = models.ForeignKey(
        "wagtailcore.Collection", null=True, on_delete=models.SET_NULL, related_name="city_teams"
    )

    def __str__(self):
        return self.group.name

    @property
    def city_pages(self):
        return CityPage.objects.filter(translation_key=self.translation_key)
