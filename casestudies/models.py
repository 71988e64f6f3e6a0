from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as _noop
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from casestudies.forms import CaseStudyPageForm
from casestudies.taxonomy import focus_areas_named_in, in_default_locale
from portal.blocks import BodyBlock
from portal.page_base import SEARCH_WORDS_FIELD, PortalPageMixin


class FocusAreaQuerySet(models.QuerySet):
    def in_default_language(self):
        """The six English rows: the ones to list, filter by slug, count and link pages to."""
        return self.filter(in_default_locale())

    def named_in(self, language):
        """Each row with the name and description of its translation into `language` (None
        when it has none), taken in the same query: `display_name`, `display_description`."""
        if language == settings.LANGUAGE_CODE:
            return self
        translations = FocusArea.objects.filter(
            translation_key=OuterRef("translation_key"), locale__language_code=language
        )
        return self.annotate(
            translated_name=Subquery(translations.values("name")[:1]),
            translated_description=Subquery(translations.values("description")[:1]),
        )


class FocusArea(TranslatableMixin, models.Model):
    """One of the six development areas of the ASEAN Smart Cities Framework.

    Translated with wagtail-localize (admin › Taxonomy › Focus areas › Translate): the name
    and description segment by segment; slug and order stay the English ones."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    # One slug in every language: addresses, filters and feeds name a focus area by it.
    override_translatable_fields = [
        SynchronizedField("slug", overridable=False),
        SynchronizedField("sort_order", overridable=False),
    ]

    objects = FocusAreaQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="focus_area_slug_unique_in_locale"),
            models.UniqueConstraint(fields=["locale", "name"], name="focus_area_name_unique_in_locale"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the language it was loaded for (FocusAreaQuerySet.named_in), else its own."""
        return getattr(self, "translated_name", None) or self.name

    @property
    def display_description(self):
        return getattr(self, "translated_description", None) or self.description


class SustainableDevelopmentGoal(models.Model):
    number = models.PositiveSmallIntegerField(unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)])
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["number"]
        verbose_name = "SDG"
        verbose_name_plural = "SDGs"

    def __str__(self):
        return f"SDG {self.number}: {self.name}"


class Organisation(models.Model):
    """A partner: ministry, development agency, company, university …"""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", "Ministry or national agency"
        AGENCY = "agency", "Development agency"
        COMPANY = "company", "Company"
        UNIVERSITY = "university", "University"
        CITY_GOVERNMENT = "city_government", "City government"
        INTERNATIONAL = "international", "International organisation"
        RESEARCH = "research", "Research institute"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey("cities.Country", null=True, blank=True, on_delete=models.SET_NULL)
    website = models.URLField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("country"), FieldPanel("website")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


# The names of the PartnerNeed rows (migration 0008), here so that the catalogue has them.
PARTNER_NEED_NAMES = [_noop("Funding"), _noop("Technology"), _noop("A peer city"), _noop("Expertise")]


class PartnerNeed(models.Model):
    """What a city looking for partners seeks: funding, technology, a peer city, expertise.
    Four fixed rows (migration 0008); names are translated through the message catalogue."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        from django.utils.translation import gettext

        return gettext(self.name)


class CaseStudyIndexPage(PortalPageMixin, Page):
    """The case-study library (/case-studies/): every case study, with facets and search."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from casestudies.library import search_library
        from portal.locales import active_language

        context = super().get_context(request, *args, **kwargs)
        context["library"] = search_library(request.GET, language=active_language())
        return context


class CaseStudyTag(TaggedItemBase):
    content_object = ParentalKey("casestudies.CaseStudyPage", related_name="tagged_items", on_delete=models.CASCADE)


class CaseStudyPage(PortalPageMixin, Page):
    """One smart-city project of one lead city, structured like good-practice databases."""

    # A currency code is the same in every language: an engine "translating" USD made
    # translated pages fail validation (found by `make bench`).
    override_translatable_fields = [
        *PortalPageMixin.override_translatable_fields,
        SynchronizedField("budget_currency", overridable=False),
    ]

    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        PILOT = "pilot", _("Pilot")
        SCALING = "scaling", _("Scaling up")
        OPERATIONAL = "operational", _("Operational")
        COMPLETED = "completed", _("Completed")

    # (field name, heading): the order in which a case is told. The headings are shown on the page.
    SECTIONS = [
        ("situation_before", _("Situation before")),
        ("objectives", _("Objectives")),
        ("resources", _("Resources")),
        ("process", _("Process")),
        ("results", _("Results")),
        ("obstacles", _("Obstacles")),
        ("lessons_learned", _("Lessons learned")),
        ("transferability", _("Transferability")),
    ]

    # The lead city is the parent page; kept as a column so listings can filter and join on it.
    city = models.ForeignKey(
        "cities.CityPage", null=True, editable=False, on_delete=models.SET_NULL, related_name="led_case_studies"
    )
    partner_cities = ParentalManyToManyField("cities.CityPage", blank=True, related_name="partner_case_studies")
    summary = models.TextField(max_length=800, help_text="Two or three sentences, shown in listings and search results")
    featured = models.BooleanField(default=False, help_text="Shown on the home page")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    situation_before = StreamField(BodyBlock(), blank=True)
    objectives = StreamField(BodyBlock(), blank=True)
    resources = StreamField(BodyBlock(), blank=True, help_text="People, money, technology and partners involved")
    process = StreamField(BodyBlock(), blank=True)
    results = StreamField(BodyBlock(), blank=True)
    obstacles = StreamField(BodyBlock(), blank=True)
    lessons_learned = StreamField(BodyBlock(), blank=True)
    transferability = StreamField(BodyBlock(), blank=True, help_text="What another city needs to do the same")

    focus_areas = ParentalManyToManyField(
        FocusArea, blank=True, related_name="case_studies", limit_choices_to=in_default_locale
    )
    sdgs = ParentalManyToManyField(
        SustainableDevelopmentGoal, blank=True, related_name="case_studies", verbose_name="SDGs"
    )
    tags = ClusterTaggableManager(through=CaseStudyTag, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.OPERATIONAL)
    start_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    budget_amount = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    budget_currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217 code, e.g. USD, JPY, THB")
    partner_organisations = ParentalManyToManyField(Organisation, blank=True, related_name="case_studies")
    contact_name = models.CharField("contact point", max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_website = models.URLField(blank=True)
    source_name = models.CharField("source organisation", max_length=200)
    source_url = models.URLField("source link", blank=True)
    attachments = StreamField([("document", BodyBlock.base_blocks["document"])], blank=True)
    # Looking for partners (issue 10): a case study or a planned project (stage "idea").
    seeking_partners = models.BooleanField(
        "looking for partners", default=False, help_text="Listed on /partners-wanted/ and in the API's partner filter"
    )
    partner_needs = ParentalManyToManyField(
        PartnerNeed, blank=True, related_name="case_studies", verbose_name="what you are looking for"
    )
    partnership_note = models.TextField(
        "what partners would do", max_length=1000, blank=True, help_text="Two or three sentences for interested cities"
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        *[FieldPanel(name, heading=heading) for name, heading in SECTIONS],
        FieldPanel("attachments"),
        InlinePanel("result_indicators", heading="Results in figures", label="Result indicator"),
        InlinePanel("inspirations", heading="Inspired by", label="Case study this one replicates or adapts"),
        InlinePanel("related_links", heading="Related case studies", label="Related case study"),
    ]
    facts_panels = [
        MultiFieldPanel(
            [
                FieldPanel("stage"),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
                FieldRowPanel([FieldPanel("budget_amount"), FieldPanel("budget_currency")]),
                FieldPanel("featured"),
            ],
            heading="Project",
        ),
        FieldPanel("focus_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sdgs", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("partner_cities"),
        FieldPanel("partner_organisations"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_website")],
            heading="Contact point",
        ),
        MultiFieldPanel([FieldPanel("source_name"), FieldPanel("source_url")], heading="Source"),
        MultiFieldPanel(
            [
                FieldPanel("seeking_partners"),
                FieldPanel("partner_needs", widget=forms.CheckboxSelectMultiple),
                FieldPanel("partnership_note"),
            ],
            heading="Looking for partners",
        ),
    ]
    base_form_class = CaseStudyPageForm
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(facts_panels, heading="Facts and taxonomy"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        SEARCH_WORDS_FIELD,
        index.SearchField("summary"),
        *[index.SearchField(name) for name, _heading in SECTIONS],
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("city", [index.SearchField("title")]),
        index.FilterField("city"),
        index.FilterField("stage"),
        index.FilterField("start_year"),
    ]
    parent_page_types = ["cities.CityPage"]
    subpage_types = []

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"
        # What the library's facets, the API's filters and the home page filter on (the lead
        # city and the taxonomies are foreign keys and join tables, indexed already).
        indexes = [
            models.Index(fields=["stage"], name="casestudy_stage_idx"),
            models.Index(fields=["start_year"], name="casestudy_start_year_idx"),
            models.Index(fields=["end_year"], name="casestudy_end_year_idx"),
            models.Index(fields=["featured"], name="casestudy_featured_idx"),
            models.Index(fields=["seeking_partners"], name="casestudy_seeking_idx"),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.start_year and self.end_year and self.end_year < self.start_year:
            errors["end_year"] = "The end year cannot be before the start year."
        if self.budget_amount is not None and not self.budget_currency:
            errors["budget_currency"] = "Give the currency of the budget."
        if self.budget_currency and not (len(self.budget_currency) == 3 and self.budget_currency.isalpha()):
            errors["budget_currency"] = "Use a three-letter ISO 4217 code, e.g. USD."
        # The partner needs are in memory here (a ParentalManyToManyField holds the form's choice).
        if self.seeking_partners and not self.partner_needs.all():
            errors["partner_needs"] = "Say what you are looking for: funding, technology, a peer city or expertise."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.budget_currency = self.budget_currency.upper()
        parent = self.get_parent() if self.path else None
        if parent is not None:
            self.city_id = parent.id
        super().save(*args, **kwargs)

    @property
    def sections(self):
        """(heading in the active language, stream) for each section that has content, in reading order."""
        return [(str(heading), getattr(self, name)) for name, heading in self.SECTIONS if getattr(self, name)]

    @property
    def public_partner_cities(self):
        """Live, public partner cities, each in this page's language when translated (else English)."""
        from cities.models import CityPage
        from portal.locales import localized_pages
        from portal.queries import private_q

        cities = CityPage.objects.live().exclude(private_q()).filter(partner_case_studies=self)
        cities = cities.select_related("country")
        localized = localized_pages([(city, self.locale_id) for city in cities], select_related=["country"])
        return list({city.translation_key: city for city in localized}.values())

    @property
    def key_figures(self):
        return [
            block.value
            for name, _heading in self.SECTIONS
            for block in getattr(self, name)
            if block.block_type == "key_figure"
        ]

    def related_case_studies(self, limit=4):
        """Editors' choices first, then live case studies sharing a focus area; each in this
        page's language when translated there, else in English, and never this page again.
        Shown as cards: loaded with their city, country and focus areas."""
        from django.db.models import prefetch_related_objects

        from portal.locales import in_language, localize_foreign_key, localized_pages
        from portal.queries import private_q

        language = self.locale.language_code
        live = CaseStudyPage.objects.live().exclude(private_q()).select_related("city__country")
        chosen_ids = [link.related_page_id for link in self.related_links.all()]  # in memory in a preview
        visible = live.filter(pk__in=chosen_ids).in_bulk() if chosen_ids else {}
        # The editors' order, public ones only; the links point at the pages chosen (often English ones).
        chosen = localized_pages(
            [(visible[pk], self.locale_id) for pk in chosen_ids if pk in visible], select_related=["city__country"]
        )
        unique = {}
        for page in chosen:
            if page.translation_key != self.translation_key:
                unique.setdefault(page.translation_key, page)
        chosen = list(unique.values())[:limit]
        if len(chosen) < limit:
            sharing = CaseStudyPage.objects.filter(focus_areas__in=self.focus_areas.all()).values("pk")
            others = (
                in_language(live.filter(pk__in=sharing), language)
                .exclude(translation_key__in=[self.translation_key, *unique])
                .order_by("-first_published_at")[: limit - len(chosen)]
            )
            chosen += list(others)
        localize_foreign_key(chosen, "city", select_related=["country"])
        prefetch_related_objects(chosen, focus_areas_named_in(language))
        return chosen

    def get_context(self, request, *args, **kwargs):
        from django.db.models import Prefetch, prefetch_related_objects

        from cities.models import CityPage
        from portal.queries import prefetch_images

        context = super().get_context(request, *args, **kwargs)
        prefetch_related_objects([self], Prefetch("city", queryset=CityPage.objects.select_related("country")))
        prefetch_images(self)
        context["related_case_studies"] = self.related_case_studies()
        return context


class Replication(Orderable):
    """This case study replicates, or was adapted from, another one (usually another city's).
    Read through casestudies/evidence.py, by translation key: a link made in any language
    joins the two practices in every language."""

    class Relation(models.TextChoices):
        REPLICATES = "replicates", _("Replicates")
        ADAPTED_FROM = "adapted_from", _("Adapted from")

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="inspirations")
    source = models.ForeignKey(
        CaseStudyPage, on_delete=models.CASCADE, related_name="+", verbose_name="inspiring case study"
    )
    relation = models.CharField(max_length=20, choices=Relation.choices, default=Relation.ADAPTED_FROM)

    panels = [
        PageChooserPanel(
            "source",
            "casestudies.CaseStudyPage",
            help_text="The case study (usually another city's) that this project copied or learned from",
        ),
        FieldPanel(
            "relation",
            help_text="“Replicates”: the same solution, taken over. “Adapted from”: changed to suit this city.",
        ),
    ]

    def clean(self):
        super().clean()
        page = type(self).page.field.get_cached_value(self, None)  # the editor's page, maybe not saved yet
        if page is None and self.page_id is not None:
            page = self.page
        if page is None or self.source_id is None:
            return
        if self.source.translation_key == page.translation_key:
            raise ValidationError(
                {"source": "A case study cannot replicate itself: choose the one that inspired this project."}
            )

    def _get_unique_checks(self, exclude=None, include_meta_constraints=False):
        # Each inspiring case study once per page. modelcluster's formset applies the model's
        # unique checks across the editor's rows ("Please correct the duplicate data for page
        # and source"); declared here rather than as a database constraint, as the chain
        # (casestudies/evidence.py) reads links by translation key and ignores repeats anyway.
        unique_checks, date_checks = super()._get_unique_checks(
            exclude=exclude, include_meta_constraints=include_meta_constraints
        )
        if not exclude or not {"page", "source"} & set(exclude):
            unique_checks.append((Replication, ("page", "source")))
        return unique_checks, date_checks


class ResultIndicator(TranslatableMixin, Orderable):
    """One measured result: indicator, unit, baseline, target, latest value, source.
    Translatable (wagtail-localize): the indicator, unit and source name are translated
    with the page; the numbers and years are the same in every language. The rules of
    clean() are explained to editors in docs/evidence.md."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="result_indicators")
    indicator = models.CharField(max_length=200, help_text="What is measured, e.g. “Households with piped water”")
    unit = models.CharField(max_length=60, blank=True, help_text="e.g. %, tonnes per year, minutes")
    baseline_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    target_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)
    latest_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    latest_year = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField("source of the figures", max_length=300, blank=True)
    source_url = models.URLField("source link", blank=True)

    override_translatable_fields = [
        SynchronizedField("baseline_value", overridable=False),
        SynchronizedField("baseline_year", overridable=False),
        SynchronizedField("target_value", overridable=False),
        SynchronizedField("target_year", overridable=False),
        SynchronizedField("latest_value", overridable=False),
        SynchronizedField("latest_year", overridable=False),
        SynchronizedField("source_url", overridable=False),
    ]

    panels = [
        FieldRowPanel([FieldPanel("indicator"), FieldPanel("unit")]),
        FieldRowPanel(
            [
                FieldPanel("baseline_value", help_text="The figure before the project"),
                FieldPanel("baseline_year", help_text="The year it was measured"),
            ]
        ),
        FieldRowPanel(
            [
                FieldPanel("target_value", help_text="What the project aims for (optional)"),
                FieldPanel("target_year", help_text="By when (optional; may be a future year)"),
            ]
        ),
        FieldRowPanel(
            [
                FieldPanel("latest_value", help_text="The most recent measured figure"),
                FieldPanel("latest_year", help_text="The year it was measured"),
            ]
        ),
        FieldRowPanel(
            [
                FieldPanel("source", help_text="Who measured it, e.g. the city's annual report 2023"),
                FieldPanel("source_url", help_text="A public link to the figures (optional)"),
            ]
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]

    FIGURES = ("baseline", "target", "latest")
    # Measured figures (baseline, latest) cannot be dated after this year; a target may lie ahead.
    FIRST_YEAR, LAST_TARGET_YEAR = 1900, 2100

    def clean(self):
        super().clean()
        errors = {}
        this_year = timezone.localdate().year
        values = {name: getattr(self, f"{name}_value") for name in self.FIGURES}
        years = {name: getattr(self, f"{name}_year") for name in self.FIGURES}
        if all(value is None for value in values.values()):
            errors["latest_value"] = "Give at least one figure: a baseline, a target or a latest value."
        elif not self.unit.strip():
            errors["unit"] = "Give the unit of the figures, e.g. %, households, tonnes per year."
        for name in self.FIGURES:
            value, year = values[name], years[name]
            if year is not None and year < self.FIRST_YEAR:
                errors[f"{name}_year"] = f"Give a year from {self.FIRST_YEAR} on."
            elif year is not None and name == "target" and year > self.LAST_TARGET_YEAR:
                errors[f"{name}_year"] = f"Give a target year up to {self.LAST_TARGET_YEAR}."
            elif year is not None and name != "target" and year > this_year:
                errors[f"{name}_year"] = (
                    f"{year} is in the future: give the year the {name} figure was measured, {this_year} at the latest."
                )
            elif value is not None and year is None and name != "target":
                errors[f"{name}_year"] = f"Give the year of the {name} figure."
            if year is not None and value is None and f"{name}_value" not in errors:
                errors[f"{name}_value"] = f"Give the {name} figure for {year}, or remove the year."
        baseline, latest, target = years["baseline"], years["latest"], years["target"]
        if baseline and latest and baseline > latest and "latest_year" not in errors:
            errors["latest_year"] = f"The latest figure ({latest}) cannot be older than the baseline ({baseline})."
        if baseline and target and target < baseline and "target_year" not in errors:
            errors["target_year"] = f"The target year ({target}) cannot come before the baseline ({baseline})."
        if not self.source.strip() and (self.source_url or any(value is not None for value in values.values())):
            errors["source"] = "Name the source of the figures, e.g. the city's annual report 2023."
        if errors:
            raise ValidationError(errors)


class PracticeReview(models.Model):
    """The secretariat's "Reviewed practice" label: it checked the evidence of a case study.
    Kept apart from the page (keyed by translation key, so every language shares it) so
    that no revision, translation or republish can drop it."""

    translation_key = models.UUIDField(unique=True)
    reviewed_at = models.DateTimeField(default=timezone.now)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    reviewer_name = models.CharField(max_length=200, help_text="Shown on the page; kept if the account goes")
    note = models.TextField(blank=True, help_text="What was checked (shown to the secretariat only)")

    def __str__(self):
        return f"Reviewed practice {self.translation_key} ({self.reviewed_at:%Y-%m-%d})"


class ContentReview(models.Model):
    """When a case study's content was last confirmed current ("last reviewed"), and where
    the freshness reminders stand. One row per translation key, kept apart from the page
    like PracticeReview."""

    translation_key = models.UUIDField(unique=True)
    last_reviewed_at = models.DateTimeField(default=timezone.now)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    editors_reminded_at = models.DateTimeField(null=True, blank=True)
    secretariat_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["last_reviewed_at"], name="contentreview_last_idx")]

    def __str__(self):
        return f"Last reviewed {self.translation_key} ({self.last_reviewed_at:%Y-%m-%d})"


class RelatedCaseStudy(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="related_links")
    related_page = models.ForeignKey(CaseStudyPage, on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("related_page", "casestudies.CaseStudyPage")]
