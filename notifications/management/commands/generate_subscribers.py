"""Confirmed subscribers with random interests, for load and delivery checks:

    manage.py generate_subscribers 10000 --domain example.invalid --seed 1

Addresses are reader00000@<domain> … so they are easy to count at an SMTP sink and to
delete again (--delete). Never run this against a mail server that delivers for real."""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from casestudies.models import FocusArea
from cities.models import CityPage, Country
from notifications.models import Subscriber
from portal.languages import CONTENT_LANGUAGES


def interests(focus_areas, countries, cities):
    """(M2M name, what to pick from, the through table's column)."""
    return [("focus_areas", focus_areas, "focusarea_id"), ("countries", countries, "country_id"),
            ("cities", cities, "citypage_id")]  # fmt: skip


class Command(BaseCommand):
    help = "Create N confirmed test subscribers with random languages, frequencies and interests."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, nargs="?", default=0)
        parser.add_argument("--domain", default="example.invalid", help="Their addresses' domain")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same subscribers")
        parser.add_argument(
            "--weekly", type=float, default=0.2, help="Share with the weekly digest (0–1); the rest: at once"
        )
        parser.add_argument("--everything", type=float, default=0.3, help="Share with no interest (0–1)")
        parser.add_argument("--delete", action="store_true", help="Delete the subscribers at --domain instead")

    def handle(self, count, domain, seed, weekly, everything, delete, **options):
        existing = Subscriber.objects.filter(email__endswith=f"@{domain.lower()}")
        if delete:
            deleted = existing.count()
            existing.delete()
            self.stdout.write(f"Deleted {deleted} subscribers at {domain}.")
            return
        if count <= 0:
            raise CommandError("Give the number of subscribers to create, e.g. `generate_subscribers 10000`.")
        if not 0 <= weekly <= 1 or not 0 <= everything <= 1:
            raise CommandError("--weekly and --everything are shares between 0 and 1.")
        if existing.exists():
            raise CommandError(f"There are subscribers at {domain} already: add --delete first, or another --domain.")
        rng = random.Random(seed)
        focus_areas = list(FocusArea.objects.in_default_language())
        countries = list(Country.objects.all())
        cities = list(CityPage.objects.filter(locale__language_code="en"))
        languages = [code for code, _name in CONTENT_LANGUAGES]
        now = timezone.now()
        with transaction.atomic():
            made = Subscriber.objects.bulk_create(
                Subscriber(
                    email=f"reader{n:05d}@{domain.lower()}",
                    language=rng.choice(languages),
                    frequency="weekly" if rng.random() < weekly else "immediate",
                    confirmed_at=now,
                )
                for n in range(count)
            )
            links = {"focus_areas": [], "countries": [], "cities": []}
            for subscriber in made:
                if rng.random() < everything:
                    continue
                for name, choices, column in interests(focus_areas, countries, cities):
                    if choices and rng.random() < 0.5:
                        through = getattr(Subscriber, name).through
                        for item in rng.sample(choices, k=min(len(choices), rng.randint(1, 2))):
                            links[name].append(through(subscriber_id=subscriber.pk, **{column: item.pk}))
            for name, rows in links.items():
                getattr(Subscriber, name).through.objects.bulk_create(rows, batch_size=2000)
        self.stdout.write(self.style.SUCCESS(f"Created {count} subscribers at {domain} (seed {seed})."))
