"""What /readyz reports: the database, the cache, the broker and the workers, each checked
with a short timeout, and the workers' heartbeat (a Celery beat task) that the last one reads.

Only the checks named in READYZ_REQUIRED (default: the database) make the node "unavailable"
(HTTP 503). The cache, the broker and the workers are shared by every web node and the site
serves without them (docs/operations.md, "When something is down"): a load balancer that took
nodes out for them would turn a partial outage into a total one, so they make it "degraded"
(HTTP 200) for monitoring to see. Error details go to the log, not to the public answer.
"""

import datetime
import logging
import os

from celery import shared_task
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from portal import broker

logger = logging.getLogger(__name__)

OK = "ok"


def _failed(check, exc):
    logger.warning("Readiness check %s failed: %s: %s", check, type(exc).__name__, exc)
    return {"status": "error", "error": type(exc).__name__}


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means the database is not usable
        return _failed("database", exc)
    return {"status": OK}


def check_cache():
    cache = caches["default"]
    try:
        if hasattr(cache, "check"):  # portal.cache.ResilientRedisCache: it would hide the failure
            cache.check()
        else:
            cache.set("readyz", "1", 5)
            if cache.get("readyz") != "1":
                raise LookupError("the value written was not read back")
    except Exception as exc:  # noqa: BLE001
        return _failed("cache", exc)
    return {"status": OK}


def check_broker():
    """A fresh connection to the broker, with the broker timeout: Redis answers a PING; the
    embedded filesystem broker's folders exist and can be written."""
    from portal.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=settings.BROKER_TIMEOUT_SECONDS
            )
            transport = conn.transport.driver_type
            if transport == "filesystem":
                options = conn.transport_options
                for folder in {options.get("data_folder_in"), options.get("data_folder_out")} - {None}:
                    if not os.access(folder, os.W_OK | os.X_OK):
                        raise FileNotFoundError(f"The broker's folder {folder} is missing or not writable.")
    except Exception as exc:  # noqa: BLE001
        return _failed("broker", exc)
    broker.reset()  # it answers: publishes may try it again at once
    return {"status": OK, "transport": transport}


def check_worker(now=None):
    """Fresh when a worker ran the heartbeat task within WORKER_HEARTBEAT_STALE_SECONDS: that
    proves beat, the broker, a worker and its database connection all work."""
    from portal.models import WorkerHeartbeat

    now = now or timezone.now()
    try:
        last = WorkerHeartbeat.objects.aggregate(last=Max("beat_at"))["last"]
    except Exception as exc:  # noqa: BLE001
        return _failed("worker", exc)
    if last is None:
        return {"status": "missing", "last_heartbeat": None}
    age = (now - last).total_seconds()
    fresh = age <= settings.WORKER_HEARTBEAT_STALE_SECONDS
    return {"status": OK if fresh else "stale", "last_heartbeat": last.isoformat(), "age_seconds": round(age)}


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker, "worker": check_worker}


def readiness():
    """(answer, HTTP status) for /readyz."""
    checks = {}
    for name, check in CHECKS.items():
        checks[name] = {**check(), "required": name in settings.READYZ_REQUIRED}
    failing = [name for name, result in checks.items() if result["status"] != OK]
    if any(checks[name]["required"] for name in failing):
        status, http_status = "unavailable", 503
    elif failing:
        status, http_status = "degraded", 200
    else:
        status, http_status = "ok", 200
    return {"status": status, "checks": checks}, http_status


@shared_task(bind=True, ignore_result=True)
def heartbeat(self):
    """Celery beat sends this every WORKER_HEARTBEAT_SECONDS; whichever worker runs it notes the time."""
    from portal.models import WorkerHeartbeat

    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker=self.request.hostname or "unknown", defaults={"beat_at": now})
    # Workers that were renamed or retired: their rows go after a day.
    WorkerHeartbeat.objects.filter(beat_at__lt=now - datetime.timedelta(days=1)).delete()
