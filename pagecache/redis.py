"""Django's Redis cache, with one Redis client per connection pool instead of one per call; and
the one way the app clears what it changed from the shared cache (now_and_on_commit).

django.core.cache.backends.redis builds a new redis.Redis client for every get and set, and
redis-py fills a table of some 170 response callbacks for each: on this project's machines that
was a fifth of the time a signed-in request spends on its session and user. The client is
thread-safe (its connection pool is), so one per pool is kept and reused.
"""

from collections.abc import Callable

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.db import transaction


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """settings.CACHES backend "pagecache.redis.RedisCache": Django's, reusing its clients."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient


def now_and_on_commit(clear: Callable[[], None]) -> None:
    """Clear something from the shared cache at once, and again when the current transaction
    commits (at once outside one): a request that read the old rows in between cannot leave
    them cached. `robust`: the data is committed by then, and a cache that fails must not turn
    the saved change into an error page (what it holds expires by itself)."""
    clear()
    transaction.on_commit(clear, robust=True)
