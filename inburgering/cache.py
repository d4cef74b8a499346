"""The Redis cache, tolerant of Redis being down (issue 8: with Redis stopped every page still serves).

The cache holds only what can be recomputed: the API's throttle counters and the report charts. So an unreachable
Redis is a miss on read and a no-op on write, with a warning in the log, instead of a 500. Short socket timeouts
keep a Redis that does not answer from holding a request, and after a failure Redis is left alone for
PAUZE_SECONDEN, so a page that reads the cache several times waits at most once.

Consequence for the provider API: while Redis is down, ApiSleutelThrottle (leerroutes/api/throttling.py) finds no
request history and lets every request through — it fails open, as availability of the API matters more than its
rate limit for that while.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

ONBEREIKBAAR = (RedisConnectionError, RedisTimeoutError, OSError)
PAUZE_SECONDEN = 5.0  # after a failure, how long calls are answered as misses without trying Redis
TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


class FouttolerantRedisCache(RedisCache):
    """Django's RedisCache; a connection error or time-out is a miss (reads) or nothing (writes). The log says
    which operation failed and why — never the key or the value."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**TIMEOUTS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._pauze_tot = 0.0

    def _veilig(self, operatie: str, aanroep, bij_fout):
        if time.monotonic() < self._pauze_tot:
            return bij_fout
        try:
            return aanroep()
        except ONBEREIKBAAR as exc:
            self._pauze_tot = time.monotonic() + PAUZE_SECONDEN
            logger.warning("Redis-cache onbereikbaar (%s): %s; verder zonder cache", operatie, type(exc).__name__)
            return bij_fout

    def get(self, key, default=None, version=None):
        return self._veilig("get", lambda: super(FouttolerantRedisCache, self).get(key, default, version), default)

    def get_many(self, keys, version=None):
        return self._veilig("get_many", lambda: super(FouttolerantRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._veilig("has_key", lambda: super(FouttolerantRedisCache, self).has_key(key, version), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._veilig("add", lambda: super(FouttolerantRedisCache, self).add(key, value, timeout, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._veilig("set", lambda: super(FouttolerantRedisCache, self).set(key, value, timeout, version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        aanroep = lambda: super(FouttolerantRedisCache, self).set_many(data, timeout, version)  # noqa: E731
        return self._veilig("set_many", aanroep, list(data))  # the keys that were not stored

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._veilig("touch", lambda: super(FouttolerantRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None):
        return self._veilig("delete", lambda: super(FouttolerantRedisCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        return self._veilig("delete_many", lambda: super(FouttolerantRedisCache, self).delete_many(keys, version), None)

    def clear(self):
        return self._veilig("clear", lambda: super(FouttolerantRedisCache, self).clear(), False)

    def incr(self, key, delta=1, version=None):
        """A counter that cannot be read does not exist: ValueError, as Django's caches say for a missing key."""
        gemist = object()
        waarde = self._veilig("incr", lambda: super(FouttolerantRedisCache, self).incr(key, delta, version), gemist)
        if waarde is gemist:
            raise ValueError("Key not found (Redis onbereikbaar)")
        return waarde
