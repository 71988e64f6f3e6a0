"""Handing work to the Celery broker without letting an unreachable broker fail the caller.

Everything the portal queues is also written to the database first (translation jobs, the
notifications outbox) or can be done on the spot (Wagtail's index updates), so a publish
must succeed when Redis is down: `send` reports whether the broker took the message and
never raises. Celery's own timeouts and publish retries (portal/settings.py, "Celery")
bound one attempt to a second or two; after a failure the broker is not tried again for
BROKER_RETRY_AFTER_SECONDS, so a publish that queues a dozen tasks waits once, not twelve times.
"""

import logging
import threading
import time

from django.conf import settings

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_unreachable_until = 0.0  # monotonic time; per process


def is_available():
    return time.monotonic() >= _unreachable_until


def send(publish, *, what):
    """Call `publish()` (e.g. `lambda: task.delay(…)`); True when the broker took the message.
    `what` names the work in the log line: "translation job 12"."""
    global _unreachable_until
    if not is_available():
        logger.info("Not queuing %s: the broker was unreachable moments ago.", what)
        return False
    try:
        publish()
    except Exception as exc:  # noqa: BLE001 - kombu, redis-py and Celery each raise their own
        with _lock:
            _unreachable_until = time.monotonic() + settings.BROKER_RETRY_AFTER_SECONDS
        logger.warning("Could not queue %s: the broker is unreachable (%s: %s).", what, type(exc).__name__, exc)
        return False
    return True


def reset():
    """Forget the last failure: the readiness check found the broker answering again."""
    global _unreachable_until
    _unreachable_until = 0.0
