"""Admin › Partner searches: the live case studies looking for partners, for city editors (to
answer "we are interested" for their city) and the secretariat (to see which cities answered).

The button leads to the public interest page (exchange/partner_views.py): one form, one set of
rules, whether an editor comes from the admin or from the case study's page."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from casestudies.reports import is_secretariat
from cities.teams import team_for_user
from exchange import partners


def can_see_searches(user):
    return user.is_active and (is_secretariat(user) or team_for_user(user).exists())


def partner_searches(request):
    user = request.user
    if not can_see_searches(user):
        raise PermissionDenied
    searches = partners.searches_for_admin()
    answers = partners.answers_by_case_study(searches)
    own_keys = {city.translation_key for city in partners.cities_of(user)}
    rows = []
    for page in searches:
        page_answers = answers.get(page.translation_key, [])
        lead_key = page.city.translation_key if page.city else None
        rows.append(
            {
                "page": page,
                "needs": [need.display_name for need in page.partner_needs.all()],
                "answers": page_answers,
                "own_answers": [answer for answer in page_answers if answer.city.translation_key in own_keys],
                "is_own": lead_key in own_keys,
                "interest_url": reverse("partner_interest", args=[page.pk]),
            }
        )
    context = {
        "page_title": "Partner searches",
        "header_icon": "group",
        "rows": rows,
        "is_secretariat": is_secretariat(user),
        "has_city": bool(own_keys),
        "listing_url": reverse("partners_wanted"),
    }
    return TemplateResponse(request, "exchange/admin/partner_searches.html", context)


@hooks.register("register_admin_urls")
def register_partner_search_urls():
    return [path("partner-searches/", partner_searches, name="partner_searches")]


class PartnerSearchesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_searches(request.user)


@hooks.register("register_admin_menu_item")
def register_partner_searches_menu_item():
    return PartnerSearchesMenuItem(
        "Partner searches", reverse("partner_searches"), icon_name="group", order=250, name="partner-searches"
    )
