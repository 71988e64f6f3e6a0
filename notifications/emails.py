"""The subscription e-mails: rendered in the subscriber's language, HTML and plain text."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_confirmation(email, language, token):
    with translation.override(language):
        context = {
            "confirm_url": absolute(reverse("subscribe_confirm", args=[token])),
            "days": settings.SUBSCRIPTION_CONFIRM_DAYS,
            "SITE_NAME": gettext(settings.WAGTAIL_SITE_NAME),
        }
        subject = render_to_string("notifications/emails/confirm_subject.txt", context).strip()
        text = render_to_string("notifications/emails/confirm.txt", context)
        html = render_to_string("notifications/emails/confirm.html", context)
    message = EmailMultiAlternatives(subject, text, to=[email])
    message.attach_alternative(html, "text/html")
    message.send()
