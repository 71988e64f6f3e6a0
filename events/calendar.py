"""iCalendar exports of the events: /feeds/events.ics (every dated live event) and
/feeds/events/<slug>.ics (one event, for "Add to calendar").

The dates say no more than the page does. An event with times keeps its own time zone
(TZID plus a VTIMEZONE, so calendars show it right wherever the reader is); an event
with dates only becomes an all-day event; an event whose dates are not published (month
precision) is left out of the feed, since a calendar entry needs a day, and its own
.ics marks the first of the month, saying in the title that the dates are not published.

Each language has its own calendar: `?locale=th` holds the events published in Thai (the
default is English), and `/feeds/events/<slug>.ics?locale=th` is the event's Thai page, or
its English one while it is not translated. Each page keeps its own UID.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from events.models import EventPage
from portal.languages import LANGUAGES
from portal.locales import UnknownLanguage, default_language, language_from_query, localize_foreign_key

NATIVE_NAMES = {code: native for code, _english, native in LANGUAGES}

PRODUCT_ID = f"-//{settings.WAGTAIL_SITE_NAME}//Events//EN"
MONTH_ONLY_NOTE = gettext_lazy("(exact dates not published)")


def public_events():
    return EventPage.objects.live().public().select_related("host_city__country", "country")


def location(page):
    """ "Venue, Host city, Country", leaving out what the venue already says ("Bali, Indonesia")."""
    country = page.country or (page.host_city.country if page.host_city else None)
    where = ""
    for part in (page.venue, page.host_city.title if page.host_city else "", country.name if country else ""):
        if part and part.casefold() not in where.casefold():
            where = f"{where}, {part}" if where else part
    if not where and page.format == EventPage.Format.ONLINE:
        where = gettext("Online")
    return where


def event_component(page, *, month_as_first_day=False):
    """The VEVENT of one event page, or None when it has no day to put in a calendar."""
    precision = page.date_precision
    if precision == EventPage.DatePrecision.MONTH and not month_as_first_day:
        return None
    url = page.get_full_url()
    event = icalendar.Event()
    # Stable across renames and moves: the page id, at the site's canonical host.
    event.add("uid", f"event-{page.pk}@{urlsplit(url).hostname}")
    event.add("dtstamp", page.last_published_at or timezone.now())
    if page.last_published_at:
        event.add("last-modified", page.last_published_at)
    summary = page.title
    if precision == EventPage.DatePrecision.TIME:
        event.add("dtstart", page.local_start)
        event.add("dtend", page.local_end)
    elif precision == EventPage.DatePrecision.DAY:
        event.add("dtstart", page.local_start.date())
        event.add("dtend", page.local_end.date() + datetime.timedelta(days=1))  # DTEND of a date is exclusive
    else:
        first = page.local_start.date().replace(day=1)
        event.add("dtstart", first)
        event.add("dtend", first + datetime.timedelta(days=1))
        summary = f"{page.title} {MONTH_ONLY_NOTE}"
    event.add("summary", summary)
    event.add("description", "\n\n".join(part for part in (page.summary, url) if part))
    event.add("url", url)
    where = location(page)
    if where:
        event.add("location", where)
    return event


def build_calendar(pages, *, name, month_as_first_day=False):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for page in pages:
        event = event_component(page, month_as_first_day=month_as_first_day)
        if event is not None:
            calendar.add_component(event)
    # A VTIMEZONE for each TZID used; icalendar's default span (1970–2038) covers any event of the network.
    calendar.add_missing_timezones()
    return calendar


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def bad_language(error):
    return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=300)
def events_calendar(request):
    try:
        language = language_from_query(request.GET)
    except UnknownLanguage as error:
        return bad_language(error)
    pages = localize_foreign_key(
        list(public_events().filter(locale__language_code=language).order_by("start")),
        "host_city",
        select_related=["country"],
    )
    with translation.override(language):  # the calendar's own words in its language
        name = f"{gettext('Events')} · {gettext(settings.WAGTAIL_SITE_NAME)}"
        if language != default_language():
            name += f" · {NATIVE_NAMES[language]}"
        calendar = build_calendar(pages, name=name)
    return calendar_response(calendar, "events.ics" if language == default_language() else f"events-{language}.ics")


@require_safe
@cache_control(public=True, max_age=300)
def event_calendar(request, slug):
    try:
        language = language_from_query(request.GET)
    except UnknownLanguage as error:
        return bad_language(error)
    # The event in the language asked for, else its English page (one slug in every language).
    candidates = {
        page.locale_code: page
        for page in public_events()
        .filter(slug=slug, locale__language_code__in={language, default_language()})
        .annotate(locale_code=F("locale__language_code"))
        .order_by("-pk")
    }
    page = candidates.get(language) or candidates.get(default_language())
    if page is None:
        raise Http404(f"No published event “{slug}”.")
    localize_foreign_key([page], "host_city", select_related=["country"])
    with translation.override(page.locale_code):  # the words added to the page's, in its language
        calendar = build_calendar([page], name=page.title, month_as_first_day=True)
    return calendar_response(calendar, f"{page.slug}.ics")
