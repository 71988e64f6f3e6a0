"""What publishing a case study or event sets off, inside the publishing transaction:

- on its first publish in any language, one outbox e-mail (or weekly-digest item) per
  matching subscriber (`announce`);
- for partner sites, a webhook event: `casestudy.published` when a page goes live (first
  time, or again after being taken down), `casestudy.updated` when a live page is published
  again, `casestudy.unpublished`, `event.published`.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from casestudies.models import CaseStudyPage
from events.models import EventPage
from notifications import outbox, webhooks
from notifications.models import Announcement, OutboxEmail, Subscriber

ANNOUNCED = (CaseStudyPage, EventPage)


def kind_of(page):
    return Announcement.Kind.EVENT if isinstance(page, EventPage) else Announcement.Kind.CASE_STUDY


def interests_of(page):
    """(city translation keys, focus-area translation keys, country id) of a page, whatever its language."""
    if isinstance(page, EventPage):
        city, focus_areas = page.host_city, []
        country_id = page.country_id or (city.country_id if city else None)
    else:
        city, focus_areas = page.city, list(page.focus_areas.all())
        country_id = city.country_id if city else None
    return [city.translation_key] if city else [], [area.translation_key for area in focus_areas], country_id


def matching_subscribers(page):
    """Subscribers following the page's city, country or one of its focus areas, and those
    who chose no interest (everything)."""
    city_keys, focus_area_keys, country_id = interests_of(page)
    through = {
        name: getattr(Subscriber, name).through.objects.filter(subscriber=OuterRef("pk"))
        for name in ("cities", "focus_areas", "countries")
    }
    chose_something = Exists(through["cities"]) | Exists(through["focus_areas"]) | Exists(through["countries"])
    matches = (
        Exists(through["cities"].filter(citypage__translation_key__in=city_keys))
        | Exists(through["focus_areas"].filter(focusarea__translation_key__in=focus_area_keys))
        | Exists(through["countries"].filter(country_id=country_id))
    )
    return Subscriber.objects.filter(~chose_something | matches)


def announce(page):
    """Owe each matching subscriber one e-mail about `page`, unless it was announced before
    (in any language). Returns the number of outbox rows written."""
    announcement, created = Announcement.objects.get_or_create(
        translation_key=page.translation_key, defaults={"page": page, "kind": kind_of(page)}
    )
    if not created:
        return 0
    immediate = Subscriber.Frequency.IMMEDIATE
    rows = [
        OutboxEmail(
            key=f"announcement:{page.translation_key}:{subscriber_id}",
            kind=OutboxEmail.Kind.ANNOUNCEMENT if frequency == immediate else OutboxEmail.Kind.DIGEST_ITEM,
            state=OutboxEmail.State.PENDING if frequency == immediate else OutboxEmail.State.WAITING,
            to=email,
            subscriber_id=subscriber_id,
            announcement=announcement,
        )
        for subscriber_id, email, frequency in matching_subscribers(page).values_list("pk", "email", "frequency")
    ]
    outbox.write(rows)
    return len(rows)


def is_public(page):
    return page.live and not page.get_view_restrictions().exists()


@receiver(pre_save, sender=CaseStudyPage)
@receiver(pre_save, sender=EventPage)
def remember_whether_live(sender, instance, raw=False, **kwargs):
    """Whether the page was live before this save: publishing a live page is an update."""
    if instance.pk and not raw:
        instance._was_live = Page.objects.filter(pk=instance.pk, live=True).exists()


@receiver(page_published)
def page_went_live(sender, instance, revision=None, **kwargs):
    if not isinstance(instance, ANNOUNCED) or not is_public(instance):
        return
    was_live = getattr(instance, "_was_live", False)
    stamp = revision.pk if revision else timezone.now().timestamp()
    with transaction.atomic():  # the publishing request's transaction when there is one (portal/middleware.py)
        if isinstance(instance, EventPage):
            if not was_live:
                webhooks.queue_event("event.published", instance, key=f"event.published:{stamp}")
        else:
            event = "casestudy.updated" if was_live else "casestudy.published"
            webhooks.queue_event(event, instance, key=f"{event}:{stamp}")
        announce(instance)


@receiver(page_unpublished)
def page_taken_down(sender, instance, **kwargs):
    if isinstance(instance, CaseStudyPage):
        key = f"casestudy.unpublished:{instance.pk}:{timezone.now().timestamp()}"
        webhooks.queue_event("casestudy.unpublished", instance, key=key)


def announce_missed(within_days=2):
    """Announce live case studies and events first published lately and never announced: a
    publish committed by a process that died before writing its outbox (the sweeper calls this)."""
    since = timezone.now() - datetime.timedelta(days=within_days)
    announced = Announcement.objects.filter(translation_key=OuterRef("translation_key"))
    count = 0
    for model in ANNOUNCED:
        for page in model.objects.live().public().filter(first_published_at__gte=since).filter(~Exists(announced)):
            with transaction.atomic():
                count += bool(announce(page))
    return count
