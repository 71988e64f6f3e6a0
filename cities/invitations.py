"""Inviting a city editor: an account in the city's editors group and an e-mail with a
link to choose a password. Used by the admin view and by `manage.py invite_editor`."""

import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from cities.models import CityPage
from cities.teams import sync_city_team


class InvitationError(Exception):
    """Why an invitation cannot be made; nothing has been created."""


def find_city(slug):
    city = CityPage.objects.filter(slug=slug).order_by("pk").first()
    if city is None:
        known = ", ".join(CityPage.objects.order_by("slug").values_list("slug", flat=True)[:40])
        raise InvitationError(f"No city has the slug “{slug}”. Known cities: {known}.")
    return city


def set_password_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_password_reset_confirm", args=[uid, token])


def invite_city_editor(email, city, invited_by=None):
    """Create the editor's account and send the invitation; on any error, create nothing."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvitationError(f"“{email}” is not a valid e-mail address.") from None
    User = get_user_model()
    if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists():
        raise InvitationError(f"{email} already has an account. Add it to the city's group from Settings › Users.")
    if isinstance(city, str):
        city = find_city(city)

    try:
        return _create_and_send(email, city, invited_by)
    except (OSError, smtplib.SMTPException) as error:
        raise InvitationError(
            f"The invitation could not be sent ({error.__class__.__name__}: {error}); nothing was created. "
            "Check the e-mail settings (EMAIL_URL) and try again."
        ) from error


def _create_and_send(email, city, invited_by):
    User = get_user_model()
    with transaction.atomic():
        team = sync_city_team(city)
        user = User.objects.create_user(username=email.lower(), email=email)  # no usable password yet
        user.groups.add(team.group)
        context = {
            "city": city,
            "user": user,
            "invited_by": invited_by,
            "url": set_password_url(user),
            "site_name": gettext(settings.WAGTAIL_SITE_NAME),
        }
        # Inside the transaction: if the mail server refuses, the account is not created either.
        send_mail(
            subject=gettext("You are invited to edit %(city)s's pages on the %(site_name)s")
            % {"city": city.title, "site_name": gettext(settings.WAGTAIL_SITE_NAME)},
            message=render_to_string("cities/emails/invitation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[email],
        )
    return user
