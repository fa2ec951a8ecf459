# Client-side caching through redis-py (Debian's python3-redis 4.3.4, RESP2 only): a small cache
# kept fresh by invalidations redirected to a pub/sub connection on __redis__:invalidate, the way
# a RESP2 client library does it. Prints what it sees; the test runs it against EventLoopRedis
# and redis-server 7.0.15 and compares the two outputs.
# Usage: redis_py_tracking.py <port>

import sys
import redis

port = int(sys.argv[1])
admin = redis.Redis(port=port)
admin.flushall()

# The invalidation listener: a pub/sub connection, found by its name to learn its id.
listener_client = redis.Redis(port=port, client_name="invalidations")
listener = listener_client.pubsub()
listener.subscribe("__redis__:invalidate")
print("subscribed:", listener.get_message(timeout=2)["type"])
listener_id = next(c["id"] for c in admin.client_list() if c["name"] == "invalidations")

reader = redis.Redis(port=port, single_connection_client=True)
writer = redis.Redis(port=port)


class Cache:
    """GET through a local dict; an invalidation drops keys (a null one drops everything)."""

    def __init__(self):
        self.values = {}
        self.fetches = 0

    def get(self, key):
        self.drain()
        if key not in self.values:
            self.fetches += 1
            self.values[key] = reader.get(key)
        return self.values[key]

    def drain(self):
        while True:
            message = listener.get_message(timeout=0.2)
            if message is None:
                return
            keys = message["data"]
            print("invalidate:", "everything" if keys is None else sorted(keys))
            if keys is None:
                self.values.clear()
            else:
                for key in keys:
                    self.values.pop(key.decode(), None)


print("tracking on:", reader.client_tracking_on(clientid=listener_id))
print("trackinginfo flags:", sorted(reader.client_trackinginfo()[1]))
cache = Cache()
writer.mset({"user:1": "ada", "user:2": "grace", "other": "x"})
print("read:", cache.get("user:1"), cache.get("user:2"), cache.get("user:1"), "fetches", cache.fetches)
writer.set("user:1", "lovelace")
print("after write:", cache.get("user:1"), cache.get("user:2"), "fetches", cache.fetches)
writer.flushall()
print("after flushall:", cache.get("user:2"), "fetches", cache.fetches)

print("tracking off:", reader.client_tracking_off())
print("bcast on:", reader.client_tracking_on(clientid=listener_id, bcast=True, prefix=["user:"]))
writer.mset({"user:3": "x", "other": "y"})
writer.delete("user:1")
cache.drain()
print("trackinginfo prefixes:", reader.client_trackinginfo()[5])
print("redirect is the listener:", reader.client_getredir() == int(listener_id))
