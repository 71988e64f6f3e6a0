"""Claiming outbox rows for one worker: the pattern shared by e-mails and webhook deliveries.

A row is due when it is pending, its `not_before` has passed and nobody holds a live claim.
Claiming sets `claimed_until`; a worker that dies simply lets its claims lapse, and the
sweeper (notifications/tasks.py) hands the rows to another worker."""

import datetime

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone


def due(queryset, now=None):
    now = now or timezone.now()
    return queryset.filter(not_before__lte=now).filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))


def claim(queryset, *, limit, seconds):
    """Ids of up to `limit` due rows of `queryset`, now claimed for `seconds`. Two workers
    never claim the same row: PostgreSQL skips rows another transaction has locked, and
    SQLite runs one writing transaction at a time (IMMEDIATE mode, portal/settings.py)."""
    now = timezone.now()
    with transaction.atomic():
        rows = due(queryset, now).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True)[:limit])
        if ids:
            queryset.model.objects.filter(pk__in=ids).update(claimed_until=now + datetime.timedelta(seconds=seconds))
    return ids


def release(queryset, *, after_seconds=0):
    """Give rows back, due again in `after_seconds` (a failing server is not hammered)."""
    return queryset.update(claimed_until=None, not_before=timezone.now() + datetime.timedelta(seconds=after_seconds))


def backoff(attempts, *, base, cap):
    """base, 2·base, 4·base … seconds, at most `cap`."""
    return min(cap, base * 2 ** max(0, attempts - 1))
