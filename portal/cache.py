"""Django's Redis cache, made to degrade: when Redis cannot be reached, the cache misses.

The site only ever uses the cache to go faster (rendered fragments, API throttle counters,
sign-up counters), so an unreachable Redis must not turn pages into errors. Connection
errors and timeouts become a miss (reads) or a no-op (writes); after one, Redis is left
alone for `down_for` seconds, so a dead server costs one short timeout now and then instead
of one per cache call; and the warning is logged at most once every `warn_every` seconds.

Configured in portal/settings.py (CACHES); the timeouts are redis-py's connection-pool
options. Errors that are not about reaching Redis (a bad command, a full memory) still raise.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Per server and per process: Django makes one cache object per thread, and all of a
# process's threads should learn at once that the server is down.
_outages = {}
_outages_lock = threading.Lock()


class _Outage:
    def __init__(self):
        self.until = 0.0  # monotonic time before which Redis is not tried again
        self.warned_at = None


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.down_for = float(options.pop("down_for", 5))
        self.warn_every = float(options.pop("warn_every", 60))
        super().__init__(server, {**params, "OPTIONS": options})
        with _outages_lock:
            self._outage = _outages.setdefault(tuple(self._servers), _Outage())

    def check(self):
        """Ping the server now, whatever the last failure was; raises when it cannot be reached.
        For the readiness check (portal/health.py)."""
        self._cache.get_client(write=True).ping()
        self._outage.until = 0.0

    @property
    def is_available(self):
        return time.monotonic() >= self._outage.until

    def _degrade(self, operation, fallback, *args, **kwargs):
        if not self.is_available:
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except UNREACHABLE as exc:
            self._note_outage(exc)
            return fallback

    def _note_outage(self, exc):
        now = time.monotonic()
        outage = self._outage
        outage.until = now + self.down_for
        if outage.warned_at is None or now - outage.warned_at >= self.warn_every:
            outage.warned_at = now
            logger.warning(
                "The cache (Redis) cannot be reached (%s: %s): serving without it, trying again every %g s.",
                type(exc).__name__,
                exc,
                self.down_for,
            )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._degrade("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._degrade("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._degrade("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._degrade("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._degrade("incr", missing, key, delta, version)
        if value is missing:
            # What Django's caches say about a key they do not hold: callers already handle it.
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._degrade("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._degrade("delete_many", None, keys, version)

    def clear(self):
        return self._degrade("clear", False)
