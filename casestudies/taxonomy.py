"""Reference data every site needs: the six focus areas of the ASEAN Smart Cities Framework and the 17 SDGs.

The focus areas are translatable snippets (wagtail-localize): these are the English rows,
the ones pages link to; their translations only give them names in other languages.
"""

from django.conf import settings
from django.db.models import Q

FOCUS_AREAS = [
    ("Civic & Social", "civic-social", "Participation, public services, inclusion and culture."),
    ("Health & Well-being", "health-well-being", "Health care, ageing, sport and well-being."),
    ("Safety & Security", "safety-security", "Public safety, disaster risk reduction and emergency response."),
    ("Quality Environment", "quality-environment", "Clean air and water, waste, energy and green space."),
    ("Built Infrastructure", "built-infrastructure", "Mobility, housing, utilities and digital infrastructure."),
    ("Industry & Innovation", "industry-innovation", "Jobs, enterprise, tourism, research and the digital economy."),
]

SDGS = [
    "No poverty",
    "Zero hunger",
    "Good health and well-being",
    "Quality education",
    "Gender equality",
    "Clean water and sanitation",
    "Affordable and clean energy",
    "Decent work and economic growth",
    "Industry, innovation and infrastructure",
    "Reduced inequalities",
    "Sustainable cities and communities",
    "Responsible consumption and production",
    "Climate action",
    "Life below water",
    "Life on land",
    "Peace, justice and strong institutions",
    "Partnerships for the goals",
]


def in_default_locale():
    """The focus areas pages point at: those in the default language (English). For lookups
    and `limit_choices_to`: wagtail-localize copies a page's many-to-many links as they are,
    so every translation of a page keeps the English rows."""
    return Q(locale__language_code=settings.LANGUAGE_CODE)


def ensure_taxonomy(FocusArea, SDG):
    """Create or update the rows; takes the models so a migration can pass its historical ones
    (before 0004 a focus area has no locale)."""
    in_english = {}
    if any(field.name == "locale" for field in FocusArea._meta.get_fields()):
        Locale = FocusArea._meta.get_field("locale").related_model
        in_english["locale"] = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    for order, (name, slug, description) in enumerate(FOCUS_AREAS):
        FocusArea.objects.update_or_create(
            slug=slug, **in_english, defaults={"name": name, "description": description, "sort_order": order}
        )
    for number, name in enumerate(SDGS, start=1):
        SDG.objects.update_or_create(number=number, defaults={"name": name})


# --- Focus-area names in the language being shown --------------------------------------
# Pages link to the English rows; a name in another language is its translation's. Each
# helper gets the names in the query that loads the focus areas anyway (a subquery per row:
# FocusAreaQuerySet.named_in), so naming them costs no query of its own.


def focus_areas_named_in(language):
    """For prefetch_related(): pages' focus areas with their names in `language`."""
    from django.db.models import Prefetch

    from casestudies.models import FocusArea

    return Prefetch("focus_areas", queryset=FocusArea.objects.named_in(language))


def focus_areas_of(obj, language):
    """The focus areas of a page (case study or city) with their names in `language`, in one
    query as `obj.focus_areas.all()` (none when focus_areas_named_in prefetched them)."""
    from casestudies.models import FocusArea, FocusAreaQuerySet

    areas = obj.focus_areas.all()
    if isinstance(areas, FocusAreaQuerySet):
        return list(areas if areas._result_cache is not None else areas.named_in(language))
    # A preview: the form's choice, not yet in the database.
    areas = list(areas)
    named = FocusArea.objects.filter(pk__in=[area.pk for area in areas]).named_in(language).in_bulk()
    for area in areas:
        area.translated_name = getattr(named.get(area.pk), "translated_name", None)
    return areas


def _in_default_language(page):
    """Whether a page is in English, when its locale was loaded with it (else: not known)."""
    field = type(page)._meta.get_field("locale")
    return field.is_cached(page) and page.locale.language_code == settings.LANGUAGE_CODE


def name_focus_areas(pages):
    """Name the focus areas prefetched on each page in that page's own language, for lists
    that mix languages (the API's `locale=en,th`). One query for the whole list."""
    from casestudies.models import FocusArea

    pages = [page for page in pages if page is not None]
    if all(_in_default_language(page) for page in pages):
        return pages  # the focus areas' own names are the English ones
    names = {
        (key, locale_id): name
        for key, locale_id, name in FocusArea.objects.filter(locale_id__in={page.locale_id for page in pages})
        .exclude(in_default_locale())
        .values_list("translation_key", "locale_id", "name")
    }
    for page in pages:
        for area in page.focus_areas.all():
            area.translated_name = names.get((area.translation_key, page.locale_id))
    return pages
