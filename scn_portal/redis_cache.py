"""Django's Redis cache, with one client object per server for the life of the process.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every cache call (about
0.15 ms each, more than a GET to a local Redis takes); a signed-in page makes several such
calls (its session, the versions of the caches it reads, the admin menu's version). The
client is only a handle on the server's connection pool, which redis-py shares between
threads and renews after a fork, so one client per server serves every call.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
