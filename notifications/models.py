"""Subscribers: confirmed e-mail addresses with their language, interests and frequency.

Nothing is stored before an address is confirmed: the sign-up travels in the signed
confirmation link (notifications/links.py) until its owner clicks it."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from casestudies.taxonomy import in_default_locale
from portal.languages import CONTENT_LANGUAGES


def new_secret():
    return secrets.token_urlsafe(16)


class Subscriber(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once, one e-mail per new case study or event")
        WEEKLY = "weekly", _("A weekly digest")

    email = models.EmailField(unique=True, help_text="Stored in lower case: one subscriber per address.")
    language = models.CharField(max_length=8, choices=CONTENT_LANGUAGES, default="en")
    frequency = models.CharField(max_length=16, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    focus_areas = models.ManyToManyField(
        "casestudies.FocusArea", blank=True, related_name="email_subscribers", limit_choices_to=in_default_locale
    )
    countries = models.ManyToManyField("cities.Country", blank=True, related_name="email_subscribers")
    cities = models.ManyToManyField(
        "cities.CityPage",
        blank=True,
        related_name="email_subscribers",
        limit_choices_to={"locale__language_code": "en"},
    )
    confirmed_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    # Part of every manage and unsubscribe link: changing it voids the links already sent.
    secret = models.CharField(max_length=32, default=new_secret)

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def interests_everything(self):
        """No interest chosen means everything the portal publishes."""
        return not (self.focus_areas.exists() or self.countries.exists() or self.cities.exists())
