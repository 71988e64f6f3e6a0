"""Freshness: when each case study's content was last confirmed current ("last reviewed"),
and the reminders that follow when nobody has for REVIEW_REMINDER_MONTHS.

A case study counts once, through its source copy: its English page if live, else its oldest
live copy (casestudies/copies.py). A review is recorded (`record_review`) when a person
publishes the source copy (signals.py) or an editor clicks "Mark as reviewed" on any live copy
(freshness_admin.py). One
ContentReview row per translation key holds it, with where the reminders stand; a case study
without a row counts as reviewed when it was last published.

The daily job (`send_review_reminders`) works on sets: one query finds the stale pages that
need something, one finds their cities' editors, then one e-mail per city and one to the
secretariat are written to the outbox with the timestamps that stop a second run repeating them.
"""

import calendar
import datetime
import hashlib
from collections import defaultdict
from itertools import islice

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, DateTimeField, F, IntegerField, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from casestudies.copies import one_copy_each
from casestudies.models import CaseStudyPage, ContentReview
from cities.models import CityPage

REVIEW_LOG_ACTION = "casestudies.mark_reviewed"
GOING_STALE_DAYS = 60  # the report's "going stale soon" window
# Case studies listed per city in one e-mail; the rest are counted, with a link. The
# secretariat's e-mail covers every city, and its report has the figures.
MAX_LISTED = 50
MAX_LISTED_FOR_SECRETARIAT = 10


def last_reviewed_expression():
    """For annotating case-study querysets: the last review of the case study (in any of its
    languages), else when its page was last published. Use as .annotate(last_reviewed=...)."""
    review = ContentReview.objects.filter(translation_key=OuterRef("translation_key")).values("last_reviewed_at")[:1]
    return Coalesce(Subquery(review, output_field=DateTimeField()), "last_published_at")


def last_reviewed(page):
    """The page's "last reviewed" date (one query), as last_reviewed_expression() computes it."""
    review = ContentReview.objects.filter(translation_key=page.translation_key).values_list("last_reviewed_at").first()
    return review[0] if review else page.last_published_at


def is_source(page):
    """Whether the page is its case study's source copy (one query): the copy whose publishing
    is a review of the case study in every language."""
    return source_case_studies().filter(pk=page.pk).exists()


def record_review(page, user=None, at=None):
    """The case study's content is current as of `at` (now): the reminders start again."""
    review, _created = ContentReview.objects.update_or_create(
        translation_key=page.translation_key,
        defaults={
            "last_reviewed_at": at or timezone.now(),
            "last_reviewed_by": user,
            "editors_reminded_at": None,
            "secretariat_told_at": None,
        },
    )
    return review


def months_before(moment, months):
    """`moment` less whole calendar months (31 March less one month is 28/29 February)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def stale_before(now):
    """Case studies last reviewed before this moment are stale."""
    return months_before(now, settings.REVIEW_REMINDER_MONTHS)


def source_case_studies():
    """Each live case study once, through its source copy: English if live, else its oldest live
    copy (a case study published only in Thai is reminded and reported like any other)."""
    return one_copy_each(CaseStudyPage.objects.live())


def with_review_state(queryset):
    """Alias last_reviewed, editors_reminded_at and secretariat_told_at onto case-study rows."""
    reviews = ContentReview.objects.filter(translation_key=OuterRef("translation_key"))
    return queryset.alias(
        last_reviewed=last_reviewed_expression(),
        editors_reminded_at=Subquery(reviews.values("editors_reminded_at")[:1], output_field=DateTimeField()),
        secretariat_told_at=Subquery(reviews.values("secretariat_told_at")[:1], output_field=DateTimeField()),
    )


# Reminders count only when sent after the last review (record_review also clears them).
EDITORS_REMINDED = Q(editors_reminded_at__gte=F("last_reviewed"))
SECRETARIAT_TOLD = Q(secretariat_told_at__gte=F("last_reviewed"))


def figures_per_city(now=None):
    """{city translation key: figures} over the source copies of live case studies (a source copy
    in Thai is led by the city's Thai page, hence the key), in one grouped query: live,
    stale, going_stale (within GOING_STALE_DAYS), editors_reminded, secretariat_told (of the
    stale ones, since their last review) and oldest (the oldest last review)."""
    now = now or timezone.now()
    threshold = stale_before(now)
    stale = Q(last_reviewed__lt=threshold)
    rows = (
        with_review_state(source_case_studies())
        .values("city__translation_key")
        .annotate(
            live=Count("pk"),
            stale=Count("pk", filter=stale),
            going_stale=Count(
                "pk",
                filter=Q(
                    last_reviewed__gte=threshold,
                    last_reviewed__lt=threshold + datetime.timedelta(days=GOING_STALE_DAYS),
                ),
            ),
            editors_reminded=Count("pk", filter=stale & EDITORS_REMINDED),
            secretariat_told=Count("pk", filter=stale & SECRETARIAT_TOLD),
            oldest=Min("last_reviewed"),
        )
        .order_by()
    )
    return {row.pop("city__translation_key"): row for row in rows}


def going_stale_in_city(city_key, now=None):
    """The city's case studies (source copies) that are stale or go stale within
    GOING_STALE_DAYS, the longest unreviewed first, each with `reviewed`, `stale`, and when its
    editors were reminded / the secretariat told since its last review (else None)."""
    now = now or timezone.now()
    threshold = stale_before(now)
    pages = list(
        with_review_state(source_case_studies())
        .filter(city__translation_key=city_key, last_reviewed__lt=threshold + datetime.timedelta(days=GOING_STALE_DAYS))
        .select_related("locale")
        .annotate(reviewed=F("last_reviewed"), reminded=F("editors_reminded_at"), told=F("secretariat_told_at"))
        .order_by("last_reviewed", "title")
    )
    for page in pages:
        page.stale = page.reviewed < threshold
        # Reminders sent before the last review belong to an earlier cycle.
        page.reminded = page.reminded if page.reminded and page.reminded >= page.reviewed else None
        page.told = page.told if page.told and page.told >= page.reviewed else None
    return pages


def admin_links():
    """(edit, mark reviewed, explore) URL builders, page id → absolute admin URL. Reversed once
    per run: reverse() for every page would cost more than the rest of the job."""
    from notifications.emails import absolute

    marker = "2147483647"

    def builder(name):
        url = absolute(reverse(name, args=[int(marker)]))
        return lambda page_id: url.replace(marker, str(page_id))

    return builder("wagtailadmin_pages:edit"), builder("casestudies_mark_reviewed"), builder("wagtailadmin_explore")


def city_listing(city, pages, links, limit=MAX_LISTED):
    """A city's stale case studies for an e-mail: the first `limit`, with their links; the
    rest counted, with a link to the city's pages in the admin."""
    edit, mark_reviewed, explore = links
    _key, title, city_id = city
    shown = pages[:limit]
    return {
        "title": title or "(no city)",
        "total": len(pages),
        "pages": [
            {**page, "edit_url": edit(page["pk"]), "mark_reviewed_url": mark_reviewed(page["pk"])} for page in shown
        ],
        "more": len(pages) - len(shown),
        "explore_url": explore(city_id) if city_id else "",
    }


def editor_addresses(city_keys):
    """{city translation key: [addresses]} of the active editors of these cities, in one query."""
    rows = (
        get_user_model()
        .objects.filter(groups__city_team__translation_key__in=city_keys, is_active=True)
        .exclude(email="")
        .values_list("groups__city_team__translation_key", "email")
    )
    addresses = defaultdict(set)
    for city_key, email in rows:
        addresses[city_key].add(email.lower())
    return {city_key: sorted(emails) for city_key, emails in addresses.items()}


def digest(pages):
    """A key for this set of pages at their last reviews: the same reminder is written once."""
    parts = sorted(f"{page['translation_key']}@{page['reviewed'].isoformat()}" for page in pages)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def chunks(items, size=500):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def stamp(pages, field, now, threshold):
    """Set `field` to `now` on the pages' ContentReview rows, creating the rows of pages never
    reviewed (at their last publish). A page reviewed meanwhile (after `threshold`) is left alone."""
    for chunk in chunks(pages):
        ContentReview.objects.bulk_create(
            [
                ContentReview(translation_key=page["translation_key"], last_reviewed_at=page["reviewed"])
                for page in chunk
            ],
            ignore_conflicts=True,
        )
        ContentReview.objects.filter(
            translation_key__in=[page["translation_key"] for page in chunk], last_reviewed_at__lt=threshold
        ).update(**{field: now})


def send_review_reminders(now=None):
    """Remind each city's editors of their case studies not reviewed for REVIEW_REMINDER_MONTHS
    (one e-mail per city), then tell the secretariat of those still not reviewed
    REVIEW_ESCALATION_DAYS after the reminder, or at once for a city without editors.
    Running it again sends nothing more. Returns what it did, as counts."""
    from notifications import notices
    from notifications.emails import absolute

    now = now or timezone.now()
    threshold = stale_before(now)
    escalate_before = now - datetime.timedelta(days=settings.REVIEW_ESCALATION_DAYS)
    # Explicit IS NULL tests: negating a comparison with a NULL subquery would drop the row.
    not_told = Q(secretariat_told_at__isnull=True) | Q(secretariat_told_at__lt=F("last_reviewed"))
    not_reminded = Q(editors_reminded_at__isnull=True) | Q(editors_reminded_at__lt=F("last_reviewed"))
    english_city = CityPage.objects.filter(
        translation_key=OuterRef("city__translation_key"), locale__language_code=settings.LANGUAGE_CODE
    )
    pages = list(
        with_review_state(source_case_studies())
        .filter(not_told, not_reminded | Q(editors_reminded_at__lte=escalate_before), last_reviewed__lt=threshold)
        .annotate(
            reviewed=F("last_reviewed"),
            reminded=F("editors_reminded_at"),
            city_key=F("city__translation_key"),
            # A source copy in Thai is led by the city's Thai page: name the city as in
            # English, so that each city gets one e-mail whatever its pages' languages.
            city_title=Coalesce(Subquery(english_city.values("title")[:1]), "city__title"),
            home_city_id=Coalesce(Subquery(english_city.values("pk")[:1]), "city_id", output_field=IntegerField()),
        )
        .order_by("city_title", "last_reviewed", "title")
        .values("pk", "title", "translation_key", "home_city_id", "city_key", "city_title", "reviewed", "reminded")
    )
    counts = {"stale_pages_found": len(pages), "editors_reminded": 0, "cities_reminded": 0, "secretariat_told": 0}

    to_remind, to_escalate = defaultdict(list), defaultdict(list)
    for page in pages:
        reminded = page["reminded"] is not None and page["reminded"] >= page["reviewed"]
        city = (page["city_key"], page["city_title"], page["home_city_id"])
        (to_escalate if reminded else to_remind)[city].append(page)

    links = admin_links()
    timeline = {"months": settings.REVIEW_REMINDER_MONTHS, "escalation_days": settings.REVIEW_ESCALATION_DAYS}
    addresses = editor_addresses([city_key for city_key, _title, _id in to_remind if city_key])
    for city, city_pages in to_remind.items():
        city_key = city[0]
        if not addresses.get(city_key):
            for page in city_pages:
                page["no_editors"] = True
            to_escalate[city].extend(city_pages)
            continue
        context = {"city": city_listing(city, city_pages, links), **timeline}
        with transaction.atomic():
            key = f"review-reminder:{city_key}:{digest(city_pages)}"
            notices.tell(key, addresses[city_key], "review_reminder", context)
            stamp(city_pages, "editors_reminded_at", now, threshold)
        counts["editors_reminded"] += len(city_pages)
        counts["cities_reminded"] += 1

    escalated = [page for city_pages in to_escalate.values() for page in city_pages]
    if escalated:
        cities = sorted(to_escalate.items(), key=lambda item: item[0][1] or "")
        context = {
            "cities": [
                city_listing(city, city_pages, links, MAX_LISTED_FOR_SECRETARIAT) for city, city_pages in cities
            ],
            "total": len(escalated),
            "report_url": absolute(reverse("stale_case_studies")),
            **timeline,
        }
        with transaction.atomic():
            told = notices.tell_secretariat(f"review-escalation:{digest(escalated)}", "review_escalation", context)
            if told:  # with no secretariat address yet, the next run tries again
                stamp(escalated, "secretariat_told_at", now, threshold)
                counts["secretariat_told"] = len(escalated)
    return counts
