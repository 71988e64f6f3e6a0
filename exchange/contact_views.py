"""The "Contact the team" form of a case study (/case-studies/<id>/contact/, in every language).

The case-study page itself only links here: it is served from the page cache to anonymous
visitors, so it can carry no CSRF token. After a message is sent the browser is redirected
to ?sent=1 (POST-redirect-GET): a reload sends nothing twice."""

from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from exchange import contact
from exchange.contact_forms import ContactForm
from portal.lockout import client_ip


def sent_url(request):
    return f"{request.path}?sent=1"


@never_cache  # a form with a CSRF token, and errors of one visitor: never from a cache
@require_http_methods(["GET", "POST"])
def contact_team(request, page_id):
    case_study = contact.contactable_case_study(page_id)
    language = get_language() or settings.LANGUAGE_CODE
    if request.method == "GET":
        translation = contact.translation_in(case_study, language)
        if translation is not None and translation.pk != case_study.pk:
            query = request.META.get("QUERY_STRING")
            return redirect(reverse("contact_team", args=[translation.pk]) + (f"?{query}" if query else ""))
    context = {"case_study": case_study}
    if request.method == "GET" and request.GET.get("sent"):
        return TemplateResponse(request, "exchange/contact_sent.html", context)
    form = ContactForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            return redirect(sent_url(request))  # say nothing different to a robot
        data = form.cleaned_data
        try:
            contact.check_rate(client_ip(request), data["email"])
        except contact.TooManyMessages:
            form.add_error(None, _("Too many messages from you in the last hour. Please try again later."))
            return TemplateResponse(request, "exchange/contact.html", context, status=429)
        contact.send_message(
            case_study,
            name=data["name"],
            email=data["email"],
            organisation=data["organisation"],
            city=data["city"],
            message=data["message"],
            language=language,
        )
        return redirect(sent_url(request))
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "exchange/contact.html", context, status=status)
