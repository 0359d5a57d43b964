"""Redis is never on the path that stores and answers: a cache error is a miss, and a failing dependency is left
alone for a moment (a breaker) instead of being waited on by every request.

The shared cache (Redis) holds copies and hints only: public pages (home/cache.py), Wagtail's site root paths,
notification claims (messaging/notifications.py), allauth's rate-limit counters. Losing it costs speed, never
data. `ResilientRedisCache` is the one place that turns a cache error into a miss, for every caller alike
(docs/rules.md § 14 says what each caller then does).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failure, how long a dependency is not asked again: its timeouts are short, and this spares every request
# paying one while it is away. /sante/ and the messaging watch probe it meanwhile.
BREAKER_SECONDS = 5
FAILURES = (RedisError, OSError)  # refused, reset, timed out (redis-py's TimeoutError is a RedisError)


class Breaker:
    """Open (skip the dependency) for `seconds` (BREAKER_SECONDS) after a failure; then the next call tries again.

    With `trial_every`, an open breaker still lets one call go ahead (a trial) that many seconds after the last
    failure, one at a time: its success closes the breaker, its failure keeps it open. One timeout of a loaded
    process (the channel layer's publish after a kill -9: the event loop late by half a second) then costs the calls
    of a quarter of a second, not of the whole breaker: every message published meanwhile reached the other pages
    only through the messaging watch, two rounds later. A dependency that is down is tried no more often than that
    (trials one after another, at once, hammered a stopped Redis and held acknowledgements up to 1.3 s)."""

    def __init__(self, name, seconds=BREAKER_SECONDS, trial_every=None):
        self.name, self.seconds, self.trial_every = name, seconds, trial_every
        self.open_until = 0.0
        self.next_trial = 0.0
        self.on_trial = False

    @property
    def open(self):
        return time.monotonic() < self.open_until

    def admit(self):
        """May a call go ahead now? Closed: yes. Open: with `trial_every`, if no trial is under way and the last
        failure is that old (this call is then the trial, and its caller reports succeeded() or failed()); otherwise
        no."""
        if not self.open:
            return True
        if self.trial_every is None or self.on_trial or time.monotonic() < self.next_trial:
            return False
        self.on_trial = True
        return True

    def abandoned(self):
        """An admitted call ended without an outcome (cancelled): the next call may be the trial."""
        self.on_trial = False

    def failed(self, error):
        if not self.open:
            logger.warning("%s unreachable (%s): skipped for %s s", self.name, error, self.seconds)
        now = time.monotonic()
        self.open_until = now + self.seconds
        self.next_trial = now + (self.trial_every or 0)
        self.on_trial = False

    def succeeded(self):
        self.open_until = 0.0
        self.on_trial = False


cache_breaker = Breaker("cache")


class ResilientRedisCache(RedisCache):
    """Django's Redis cache where an error is a miss: get → default, set and delete → nothing, add → True (the
    caller goes ahead as if it held the key: no claim is ever lost to an outage), incr → ValueError (as for a
    missing key). Pair it with short socket timeouts (settings: CACHE_TIMEOUT_SECONDS)."""

    def _guarded(self, call, fallback):
        if cache_breaker.open:
            return fallback()
        try:
            return call()
        except FAILURES as error:
            cache_breaker.failed(error)
            return fallback()

    def reachable(self):
        """A real round trip, past the breaker (the health check). Raises when Redis does not answer."""
        try:
            self._cache.get_client(write=True).ping()
        except FAILURES as error:
            cache_breaker.failed(error)
            raise
        cache_breaker.succeeded()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), lambda: True)

    def get(self, key, default=None, version=None):
        return self._guarded(lambda: super(ResilientRedisCache, self).get(key, default, version), lambda: default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), lambda: None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(lambda: super(ResilientRedisCache, self).touch(key, timeout, version), lambda: False)

    def delete(self, key, version=None):
        return self._guarded(lambda: super(ResilientRedisCache, self).delete(key, version), lambda: False)

    def get_many(self, keys, version=None):
        return self._guarded(lambda: super(ResilientRedisCache, self).get_many(keys, version), dict)

    def has_key(self, key, version=None):
        return self._guarded(lambda: super(ResilientRedisCache, self).has_key(key, version), lambda: False)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache unreachable)")

        return self._guarded(lambda: super(ResilientRedisCache, self).incr(key, delta, version), missing)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), lambda: list(data)
        )

    def delete_many(self, keys, version=None):
        self._guarded(lambda: super(ResilientRedisCache, self).delete_many(keys, version), lambda: None)

    def clear(self):
        return self._guarded(lambda: super(ResilientRedisCache, self).clear(), lambda: False)


@receiver(setting_changed)
def _forget_failures(setting, **kwargs):
    # Another cache configured (tests, reloads): its predecessor's failures say nothing about it.
    if setting == "CACHES":
        cache_breaker.succeeded()
