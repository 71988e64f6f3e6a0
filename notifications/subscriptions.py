"""Signing up, confirming, changing and ending a subscription: the rules, apart from the views."""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from casestudies.models import FocusArea
from cities.models import CityPage, Country
from notifications.models import Subscriber, new_secret


class TooManySignUps(Exception):
    pass


def check_rate(client_address, email, *, per_hour):
    """At most `per_hour` sign-ups from one address and one third of that for one e-mail
    address (confirmation e-mails must not become a way to flood someone's inbox)."""
    for key, limit in ((f"signup:ip:{client_address}", per_hour), (f"signup:email:{email}", max(1, per_hour // 3))):
        cache.add(key, 0, timeout=3600)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=3600)
            count = 1
        if count > limit:
            raise TooManySignUps


@transaction.atomic
def confirm(signup):
    """Create the subscriber, or merge a repeated sign-up into the existing one: the new
    language and frequency, the interests of both."""
    subscriber, created = Subscriber.objects.select_for_update().get_or_create(
        email=signup["email"],
        defaults={"language": signup["language"], "frequency": signup["frequency"], "confirmed_at": timezone.now()},
    )
    if not created:
        subscriber.language, subscriber.frequency = signup["language"], signup["frequency"]
        subscriber.save(update_fields=["language", "frequency", "updated_at"])
    add_interests(subscriber, signup)
    return subscriber, created


def add_interests(subscriber, interests):
    focus_areas = FocusArea.objects.in_default_language().filter(slug__in=interests.get("focus_areas", []))
    subscriber.focus_areas.add(*focus_areas)
    subscriber.countries.add(*Country.objects.filter(slug__in=interests.get("countries", [])))
    subscriber.cities.add(*CityPage.objects.filter(locale__language_code="en", slug__in=interests.get("cities", [])))


@transaction.atomic
def update(subscriber, interests):
    subscriber.language, subscriber.frequency = interests["language"], interests["frequency"]
    subscriber.save(update_fields=["language", "frequency", "updated_at"])
    subscriber.focus_areas.clear()
    subscriber.countries.clear()
    subscriber.cities.clear()
    add_interests(subscriber, interests)


def unsubscribe(subscriber):
    """Forget the address altogether (nothing is kept that it does not need)."""
    subscriber.delete()


def renew_links(subscriber):
    """Void every manage and unsubscribe link sent so far."""
    subscriber.secret = new_secret()
    subscriber.save(update_fields=["secret", "updated_at"])
