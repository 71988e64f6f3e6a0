"""The replication chain of a practice (/case-studies/<id>/replications/): every case study
that replicates or adapted it, or that it replicates, transitively, grouped by country."""

from django.http import Http404
from django.template.response import TemplateResponse

from casestudies import evidence
from portal.locales import active_language


def _by_country(members):
    """[(country, [(city, [member, …]), …]), …]: countries and cities by name, members by year."""
    countries = {}
    for member in members:
        city = member.page.city
        cities = countries.setdefault(city.country_id, (city.country, {}))[1]
        cities.setdefault(city.translation_key, (city, []))[1].append(member)
    return [
        (country, sorted(cities.values(), key=lambda item: item[0].title))
        for country, cities in sorted(countries.values(), key=lambda item: item[0].name)
    ]


def replication_chain(request, page_id):
    """Public, the same for every visitor (served from the page cache like a page). Any
    language's copy of the case study names the chain; it is shown in the reader's language."""
    page = evidence.live_public_pages().filter(pk=page_id).first()
    if page is None:
        raise Http404("No published case study has this number.")
    language = active_language()
    cities, countries, members = evidence.spread(page, language=language)
    practice = next((m.page for m in members if m.page.translation_key == page.translation_key), page)
    return TemplateResponse(
        request,
        "casestudies/replication_chain.html",
        {
            "practice": practice,
            "members": members,
            "by_country": _by_country(m for m in members if m.page.city_id),
            "cities": cities,
            "countries": countries,
        },
    )
