"""The e-mail outbox: what the portal owes people is written to the database in the
transaction that makes it owed, then delivered from there by workers.

- `write()` inserts rows (a key seen before is a no-op) and, once the transaction commits,
  starts a delivery task. If the broker is down the rows simply wait: the sweeper
  (tasks.sweep, every minute under Celery beat) starts delivery when it can.
- `deliver_batch()` claims up to NOTIFICATIONS_BATCH_SIZE due rows (claims.py), sends them
  over one SMTP connection and marks each row the moment its message is accepted.
  The delivery task then pauses NOTIFICATIONS_BATCH_PAUSE_SECONDS (the throttle) before
  taking the next batch, so ten thousand subscribers are fifty short tasks, in
  NOTIFICATIONS_DELIVERY_CHAINS chains side by side (claims keep them apart).
- A worker killed mid-batch leaves its rows claimed; the claim lapses after
  NOTIFICATIONS_CLAIM_SECONDS and another worker sends what was not marked sent.
- The SMTP server refusing or unreachable: the batch stops and its rows wait, with growing
  back-off, for the sweeper; a permanent refusal (5xx for the recipient) fails the row with
  its reason, which the admin shows with a retry button.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications import claims, emails
from notifications.models import OutboxEmail

logger = logging.getLogger(__name__)
State = OutboxEmail.State


def write(rows):
    """Insert outbox rows in the caller's transaction; delivery starts once it commits."""
    OutboxEmail.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    if rows:
        transaction.on_commit(start_delivery)


def start_delivery(countdown=0, chains=None):
    """Start `chains` delivery tasks (NOTIFICATIONS_DELIVERY_CHAINS): each sends a batch, then
    queues itself again while e-mails are due, so that many worker processes send side by side."""
    from notifications.tasks import deliver_emails

    try:
        for _ in range(settings.NOTIFICATIONS_DELIVERY_CHAINS if chains is None else chains):
            deliver_emails.apply_async(countdown=countdown)
    except Exception:  # the broker is unreachable: the rows wait in the database for the sweeper
        logger.warning("Could not queue e-mail delivery; the sweeper will send the outbox later.", exc_info=True)


def pending():
    return OutboxEmail.objects.filter(state=State.PENDING)


def due_exists():
    return claims.due(pending()).exists()


def retry_in(attempts):
    return claims.backoff(attempts, base=settings.NOTIFICATIONS_RETRY_BASE_SECONDS, cap=3600)


def is_permanent(error):
    """A 5xx answer about this message (not the connection) will not change on a retry."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    return isinstance(error, (smtplib.SMTPSenderRefused, smtplib.SMTPDataError)) and error.smtp_code >= 500


def mark_sent(row):
    OutboxEmail.objects.filter(pk=row.pk).update(
        state=State.SENT, sent_at=timezone.now(), claimed_until=None, attempts=F("attempts") + 1, last_error=""
    )


def mark(row, state, reason):
    OutboxEmail.objects.filter(pk=row.pk).update(state=state, claimed_until=None, last_error=reason[:2000])


def record_error(row, error):
    """A failed try: due again after back-off, or failed for good after the last attempt."""
    attempts = row.attempts + 1
    reason = f"{type(error).__name__}: {error}"
    if attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        state, delay = State.FAILED, 0
    else:
        state, delay = State.PENDING, retry_in(attempts)
    OutboxEmail.objects.filter(pk=row.pk).update(
        state=state,
        attempts=attempts,
        last_error=reason[:2000],
        claimed_until=None,
        not_before=timezone.now() + datetime.timedelta(seconds=delay),
    )
    return delay


def deliver_batch():
    """Send one claimed batch. Returns the number of e-mails the SMTP server accepted."""
    ids = claims.claim(pending(), limit=settings.NOTIFICATIONS_BATCH_SIZE, seconds=settings.NOTIFICATIONS_CLAIM_SECONDS)
    if not ids:
        return 0
    rows = list(OutboxEmail.objects.filter(pk__in=ids).select_related("subscriber", "announcement").order_by("pk"))
    connection = get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        delay = record_error(rows[0], error)
        claims.release(pending().filter(pk__in=ids[1:]), after_seconds=delay)
        logger.warning("Mail server unreachable (%s); %d e-mails wait %d s.", error, len(ids), delay)
        return 0
    sent = 0
    pages = {}  # (announcement, language) → page, shared by the batch
    try:
        for index, row in enumerate(rows):
            try:
                message = emails.outbox_message(row, pages)
            except Exception as error:  # a bug in a template must not hold up the rest
                logger.exception("Could not render outbox e-mail %s", row.pk)
                mark(row, State.FAILED, f"Could not render the e-mail: {error!r}")
                continue
            if not message:
                mark(row, State.CANCELLED, "Nothing left to send: the page is no longer published.")
                continue
            message.connection = connection
            try:
                message.send()
            except (OSError, smtplib.SMTPException) as error:
                if is_permanent(error):
                    mark(row, State.FAILED, f"Refused by the mail server: {error}")
                    continue
                # The server or the connection is in trouble: stop, the rest waits with this row.
                delay = record_error(row, error)
                rest = [later.pk for later in rows[index + 1 :]]
                claims.release(pending().filter(pk__in=rest), after_seconds=delay)
                logger.warning("Mail server error (%s); %d e-mails wait %d s.", error, len(rest) + 1, delay)
                break
            mark_sent(row)
            sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # closing a connection the server already dropped
            pass
    return sent


def retry_failed(queryset=None):
    """Give failed e-mails another go (the admin's retry button): due now, attempts reset."""
    queryset = OutboxEmail.objects.filter(state=State.FAILED) if queryset is None else queryset
    count = queryset.update(state=State.PENDING, attempts=0, not_before=timezone.now(), claimed_until=None)
    if count:
        transaction.on_commit(start_delivery)
    return count
