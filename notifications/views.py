"""Public subscription pages: sign up, confirm, manage, unsubscribe (RFC 8058 one-click too)."""

import smtplib

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from notifications import emails, links, subscriptions
from notifications.forms import InterestsForm, SignUpForm
from notifications.tasks import send_confirmation
from portal import broker


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SignUpForm(request.POST or None, initial={"language": get_language() or settings.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            return redirect("subscribe_sent")  # say nothing different to a robot
        email = form.cleaned_data["email"]
        try:
            subscriptions.check_rate(client_address(request), email, per_hour=settings.SUBSCRIPTION_SIGNUPS_PER_HOUR)
        except subscriptions.TooManySignUps:
            form.add_error(None, _("Too many sign-ups from here in the last hour. Please try again later."))
            return TemplateResponse(request, "notifications/subscribe.html", {"form": form}, status=429)
        signup = {"email": email, **form.interests()}
        token = links.confirmation_token(signup)
        queue = lambda: send_confirmation.delay(email, signup["language"], token)  # noqa: E731
        if not broker.send(queue, what="a subscription confirmation"):
            # Nothing is stored before confirmation, so nothing could send it later: send it now.
            try:
                emails.send_confirmation(email, signup["language"], token)
            except (smtplib.SMTPException, OSError):
                form.add_error(None, _("The confirmation e-mail could not be sent just now. Please try again later."))
                return TemplateResponse(request, "notifications/subscribe.html", {"form": form}, status=503)
        return redirect("subscribe_sent")
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "notifications/subscribe.html", {"form": form}, status=status)


def subscribe_sent(request):
    return TemplateResponse(request, "notifications/sent.html", {"days": settings.SUBSCRIPTION_CONFIRM_DAYS})


def bad_link(request, error):
    return TemplateResponse(request, "notifications/bad_link.html", {"error": str(error)}, status=400)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners open links); POST subscribes."""
    try:
        signup = links.read_confirmation_token(token)
    except links.BadLink as error:
        return bad_link(request, error)
    if request.method == "POST":
        subscriber, created = subscriptions.confirm(signup)
        messages.success(
            request,
            _("Your subscription is confirmed.") if created else _("Your subscription is updated with these choices."),
        )
        return redirect("subscription_manage", token=links.manage_token(subscriber))
    return TemplateResponse(request, "notifications/confirm.html", {"email": signup["email"]})


@require_http_methods(["GET", "POST"])
def manage(request, token):
    try:
        subscriber = links.subscriber_from_token(token)
    except links.BadLink as error:
        return bad_link(request, error)
    initial = {
        "language": subscriber.language,
        "frequency": subscriber.frequency,
        "focus_areas": list(subscriber.focus_areas.all()),
        "countries": list(subscriber.countries.all()),
        "cities": list(subscriber.cities.all()),
    }
    form = InterestsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        subscriptions.update(subscriber, form.interests())
        messages.success(request, _("Your choices are saved."))
        return redirect("subscription_manage", token=token)
    context = {"form": form, "subscriber": subscriber, "unsubscribe_token": token}
    return TemplateResponse(request, "notifications/manage.html", context, status=400 if form.errors else 200)


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no cookie; the token authenticates
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscriber = links.subscriber_from_token(token)
    except links.BadLink as error:
        return bad_link(request, error)
    if request.method == "POST":
        email = subscriber.email
        subscriptions.unsubscribe(subscriber)
        return TemplateResponse(request, "notifications/unsubscribed.html", {"email": email})
    return TemplateResponse(request, "notifications/unsubscribe.html", {"email": subscriber.email})
