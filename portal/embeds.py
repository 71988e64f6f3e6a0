"""The embeddable widget: pages other sites put in an iframe, and the script that does it for them.

/embed/case-studies/?city=|country=|focus_area=<slug>[&limit=1–10][&locale=th]  the newest case studies
/embed/case-study/<page-id>/                                         one case study (used by oEmbed)
/embed/widget.js[?locale=th]                                         inserts the first as an iframe

`locale` picks the language: the case studies as that language's library lists them (in
the language when translated, else in English), the widget's own words in it too.

The pages are self-contained (inline CSS, nothing from other sites, readable without
JavaScript) and may be framed by any site; every other page of the portal keeps
X-Frame-Options: DENY. Links open the portal in a new tab, never inside the frame.
"""

import json
import re
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from casestudies.syndication import (
    FACETS,
    UnknownValue,
    choose,
    describe,
    describe_in_words,
    latest_case_studies,
    public_case_studies,
)
from portal.csp import EMBED_UPDATE
from portal.languages import LANGUAGES
from portal.locales import UnknownLanguage, content_languages, default_language, language_from_query

DEFAULT_LIMIT = 5
MAX_LIMIT = 10


class BadParameters(ValueError):
    def __init__(self, problems, language=None):
        super().__init__("; ".join(problems))
        self.problems = problems
        self.language = language  # the language asked for, when it is a known one


def parse_widget_parameters(params):
    """(facet choices, limit, language) from the query string, or BadParameters listing every problem."""
    problems, choices = [], []
    try:
        language = language_from_query(params)
        known_language = language
    except UnknownLanguage as error:
        problems.append(str(error))
        language, known_language = default_language(), None
    with translation.override(language):  # the problems are told in the widget's language
        for facet in FACETS:
            values = [value.strip() for value in params.getlist(facet.param) if value.strip()]
            if len(values) > 1:
                problems.append(
                    gettext("Give %(param)s once; to show several, put one widget for each on your page.")
                    % {"param": facet.param}
                )
            elif values:
                try:
                    choices.append(choose(facet, values[0], language))
                except UnknownValue as error:
                    problems.append(str(error))
        raw_limit = params.get("limit", "").strip()
        limit = DEFAULT_LIMIT
        if raw_limit:
            # ASCII digits only: str.isdigit() accepts "²", which int() refuses.
            if re.fullmatch(r"[0-9]{1,2}", raw_limit) and 1 <= int(raw_limit) <= MAX_LIMIT:
                limit = int(raw_limit)
            else:
                problems.append(
                    gettext("limit must be a whole number from 1 to %(max)s, not “%(value)s”.")
                    % {"max": MAX_LIMIT, "value": raw_limit[:20]}
                )
    if problems:
        raise BadParameters(problems, known_language)
    return choices, limit, language


def widget_query(choices, limit=None, language=None):
    """The query string of the widget page for these choices: "city=bangkok&limit=3&locale=th"."""
    pairs = [(choice.facet.param, choice.slug) for choice in choices]
    if limit is not None and limit != DEFAULT_LIMIT:
        pairs.append(("limit", limit))
    if language and language != default_language():
        pairs.append(("locale", language))
    return urlencode(pairs)


def _accepted_values():
    """What each parameter accepts, for the 400 page: [(param, label, [(slug, name)])]."""
    native = {code: name for code, _english, name in LANGUAGES}
    return [
        *[(facet.param, facet.label, sorted(facet.choices().items())) for facet in FACETS],
        ("locale", "Language", [(code, native[code]) for code in content_languages()]),
    ]


def _embed_response(request, template, context, *, status=200):
    """A frameable page; successes are cached by browsers and proxies, errors are not."""
    context = {"site_url": request.build_absolute_uri("/"), **context}
    response = render(request, template, context, status=status)
    response._csp_update = EMBED_UPDATE  # what django-csp's @csp_update sets
    response["Cache-Control"] = "public, max-age=300" if status == 200 else "no-cache"
    return response


@require_safe
@xframe_options_exempt
def case_studies_widget(request):
    try:
        choices, limit, language = parse_widget_parameters(request.GET)
    except BadParameters as error:
        # Shown in the partner's frame: it says what to fix rather than failing silently.
        with translation.override(error.language or translation.get_language()):
            context = {
                "title": gettext("This widget’s address is not right"),
                "problems": error.problems,
                "accepted": _accepted_values(),
                "max_limit": MAX_LIMIT,
                "default_limit": DEFAULT_LIMIT,
            }
            return _embed_response(request, "portal/embed/error.html", context, status=400)
    library_query = widget_query(choices)
    prefix = "" if language == default_language() else f"/{language}"
    with translation.override(language):  # the widget's own words in its language
        context = {
            "heading": describe(choices),
            "in_words": describe_in_words(choices),
            "case_studies": latest_case_studies(choices, limit, language, fallback=True),
            "library_url": request.build_absolute_uri(
                f"{prefix}/case-studies/" + (f"?{library_query}" if library_query else "")
            ),
        }
        return _embed_response(request, "portal/embed/case_studies.html", context)


@require_safe
@xframe_options_exempt
def case_study_widget(request, page_id):
    fits = page_id < 2**63  # a larger number cannot be an id (and would overflow the database's integer)
    page = public_case_studies().select_related("city__country", "locale").filter(pk=page_id).first() if fits else None
    if page is None:
        # Answered here, not by the site's 404 page, so that it too shows inside the partner's frame.
        context = {"title": gettext("This case study is not published on the portal")}
        return _embed_response(request, "portal/embed/error.html", context, status=404)
    with translation.override(page.locale.language_code):
        return _embed_response(request, "portal/embed/case_study.html", {"case_study": page})


def _frame_title(language):
    with translation.override(language):
        return gettext("Case studies from the %(site_name)s") % {"site_name": gettext(settings.WAGTAIL_SITE_NAME)}


@require_safe
@cache_control(public=True, max_age=3600)
def widget_script(request):
    # The same for every host: the script finds the portal's address from its own src.
    # widget.js?locale=th makes widgets in Thai: the language rides along in the embed address.
    try:
        language = language_from_query(request.GET)
    except UnknownLanguage as error:
        # The partner's browser console shows the failed load (and this message where it runs it).
        message = json.dumps(f"{settings.WAGTAIL_SITE_NAME} widget: {error}", ensure_ascii=False)
        return HttpResponse(f"console.error({message});\n", status=400, content_type="text/javascript; charset=utf-8")
    locale_query = widget_query([], language=language)
    config = {
        "embedPath": reverse("feeds:embed_case_studies") + (f"?{locale_query}" if locale_query else ""),
        "widgetPath": reverse("feeds:widget_js"),
        "params": [facet.param for facet in FACETS],
        "defaultLimit": DEFAULT_LIMIT,
        "maxLimit": MAX_LIMIT,
        "siteName": settings.WAGTAIL_SITE_NAME,
        # The frames' title (read out by screen readers) unless the partner gives one.
        "frameTitle": _frame_title(language),
    }
    # JSON is valid JavaScript, and this is a script file, not HTML: no markup to escape for.
    return render(
        request,
        "portal/embed/widget.js",
        {"config": json.dumps(config, ensure_ascii=False)},
        content_type="text/javascript; charset=utf-8",
    )
