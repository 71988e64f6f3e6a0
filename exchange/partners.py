"""Partner searches: case studies (or planned projects, at stage "idea") whose city looks for
partners, and other cities answering "we are interested".

Shared by the public pages (exchange/partner_views.py), the admin (exchange/partner_admin.py)
and the feed (exchange/partner_feeds.py). A city answers once per case study, whatever the
language it read it in: answers are keyed by the case study's translation key and by the
answering city's page in the default language (city teams are per translation key).
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from casestudies.models import CaseStudyPage
from cities.models import CityPage
from cities.teams import team_for_user
from exchange.models import PartnerInterest
from notifications.emails import absolute
from notifications.notices import tell_city_editors, tell_secretariat
from portal.queries import private_q

# Why a user may not answer for any city (the interest page explains each in words).
NO_TEAM = "no_team"  # not in any city's team (a delegate, the secretariat, a translator)
OWN_CITY = "own_city"  # the user's city leads the case study
ALREADY_PARTNER = "already_partner"  # the user's city is already one of its partner cities


class AlreadyAnswered(Exception):
    def __init__(self, interest):
        super().__init__(f"{interest.city} already answered on {interest.created_at:%Y-%m-%d}")
        self.interest = interest


def open_searches():
    """Live, public case studies looking for partners (every language's copies)."""
    return CaseStudyPage.objects.live().exclude(private_q()).filter(seeking_partners=True)


def in_default_language(page):
    """The case study's live page in the default language (what the admin and the e-mails
    name), else the page itself."""
    source = (
        CaseStudyPage.objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE)
        .select_related("city")
        .first()
    )
    return source or page


def cities_of(user):
    """The cities whose team the user belongs to: their pages in the default language."""
    if not (user.is_authenticated and user.is_active):
        return []
    keys = team_for_user(user).values("translation_key")
    pages = CityPage.objects.filter(translation_key__in=keys, locale__language_code=settings.LANGUAGE_CODE)
    return list(pages.order_by("title"))


def answerable_cities(user, case_study):
    """(cities the user may answer for, reason why none) for this case study.

    A city does not answer its own partner search, nor one it already takes part in as a
    partner city: the listing is for finding new partners, and an existing partner talks to
    the lead city directly."""
    cities = cities_of(user)
    if not cities:
        return [], NO_TEAM
    lead_key = case_study.city.translation_key if case_study.city_id else None
    partner_keys = set(
        CityPage.objects.filter(partner_case_studies__translation_key=case_study.translation_key).values_list(
            "translation_key", flat=True
        )
    )
    allowed = [city for city in cities if city.translation_key != lead_key and city.translation_key not in partner_keys]
    if allowed:
        return allowed, None
    return [], OWN_CITY if any(city.translation_key == lead_key for city in cities) else ALREADY_PARTNER


def answers_of(cities, case_study):
    """{city translation key: PartnerInterest} of these cities' answers to this case study."""
    interests = PartnerInterest.objects.filter(
        translation_key=case_study.translation_key, city__in=[city.pk for city in cities]
    ).select_related("city")
    return {interest.city.translation_key: interest for interest in interests}


def record_interest(case_study, city, user, message=""):
    """Record that `city` is interested and, in the same transaction, tell the case study's
    city editors, the answering city's editors and the secretariat through the outbox.
    A second answer from the same city raises AlreadyAnswered and sends nothing."""
    source = in_default_language(case_study)
    earlier = PartnerInterest.objects.filter(translation_key=source.translation_key, city=city).first()
    if earlier is not None:
        raise AlreadyAnswered(earlier)
    try:
        with transaction.atomic():
            interest = PartnerInterest.objects.create(
                case_study=source, translation_key=source.translation_key, city=city, user=user, message=message
            )
            _tell_everyone(interest, source)
    except IntegrityError:  # the same city answered at the same moment, in another request
        raise AlreadyAnswered(PartnerInterest.objects.get(translation_key=source.translation_key, city=city)) from None
    return interest


def _tell_everyone(interest, case_study):
    # The portal's own notices are in English, like the rest of its admin text.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "interest": interest,
            "case_study": case_study,
            "lead_city": case_study.city,
            "needs": [need.display_name for need in case_study.partner_needs.all()],
            "sender": interest.user,
            "case_study_url": case_study.get_full_url(),
            "edit_url": absolute(reverse("wagtailadmin_pages:edit", args=[case_study.pk])),
            "searches_url": absolute(reverse("partner_searches")),
            "city_url": interest.city.get_full_url(),
        }
        key = f"partner-interest:{interest.pk}"
        if case_study.city_id:
            tell_city_editors(key, case_study.city.translation_key, "partner_interest", context)
        tell_city_editors(key, interest.city.translation_key, "partner_interest_confirmation", context)
        tell_secretariat(key, "partner_interest_secretariat", context)


def searches_for_admin():
    """The open partner searches in the default language, with their number of answers."""
    return list(
        open_searches()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .select_related("city__country")
        .prefetch_related("partner_needs")
        .order_by(F("last_published_at").desc(nulls_last=True), "pk")
    )


def answers_by_case_study(case_studies):
    """{translation key: [PartnerInterest, oldest first]} for these case studies."""
    answers = {}
    interests = (
        PartnerInterest.objects.filter(translation_key__in=[page.translation_key for page in case_studies])
        .select_related("city")
        .order_by("created_at")
    )
    for interest in interests:
        answers.setdefault(interest.translation_key, []).append(interest)
    return answers
