"""Drives EventLoopRedis with redis-py (Debian's python3-redis), the way applications use it.
Usage: redis_py_check.py PORT. Prints one line per check; exits non-zero on the first failure."""
import sys
import redis

port = int(sys.argv[1])
r = redis.Redis(host="127.0.0.1", port=port)


def check(name, actual, expected):
    if actual != expected:
        print(f"FAIL {name}: expected {expected!r}, got {actual!r}")
        sys.exit(1)
    print(f"ok {name}")


check("ping", r.ping(), True)
check("flushall first", r.flushall(), True)
check("set", r.set("greeting", "hello"), True)
check("get", r.get("greeting"), b"hello")
binary = b"\xff\x00\r\n"
r.set(b"bin\x00key", binary)
check("binary round trip", r.get(b"bin\x00key"), binary)
check("missing key", r.get("nope"), None)
check("set nx on existing", r.set("greeting", "x", nx=True), None)
check("set with expiry", r.set("temp", "1", ex=100), True)
check("exists", r.exists("greeting", "temp", "nope"), 2)
check("delete", r.delete("temp", "nope"), 1)

pipe = r.pipeline(transaction=False)
for i in range(100):
    pipe.set(f"k{i}", i)
for i in range(100):
    pipe.get(f"k{i}")
results = pipe.execute()
check("pipeline", results[100:], [str(i).encode() for i in range(100)])

db3 = redis.Redis(host="127.0.0.1", port=port, db=3)
db3.set("only-in-3", "x")
check("select through the client", (db3.get("only-in-3"), r.get("only-in-3")), (b"x", None))

info = r.info()
check("info parses", (info["redis_version"], info["tcp_port"], info["cluster_enabled"]), ("7.0.15", port, 0))
check("info keyspace", info["db3"]["keys"], 1)
check("config get", r.config_get("save"), {"save": ""})
check("config set", r.config_set("hz", 15), True)
check("client setname", r.client_setname("py"), True)
check("client getname", r.client_getname(), "py")
clients = r.client_list()
check("client list parses", any(c["name"] == "py" for c in clients), True)
check("dbsize", r.dbsize(), 102)
check("time", len(r.time()), 2)

try:
    r.execute_command("NOSUCHCOMMAND", "a")
    check("unknown command raises", False, True)
except redis.ResponseError as e:
    check("unknown command raises", str(e), "unknown command 'NOSUCHCOMMAND', with args beginning with: 'a' ")

# The collection types, through redis-py's own command methods and reply callbacks.
check("rpush", r.rpush("list", "a", "b", "c"), 3)
check("lpush binary", r.lpush("list", binary), 4)
check("lrange", r.lrange("list", 0, -1), [binary, b"a", b"b", b"c"])
check("lpos", r.lpos("list", "b"), 2)
check("lmove", r.lmove("list", "list2", "RIGHT", "LEFT"), b"c")
check("lpop count", r.lpop("list", 2), [binary, b"a"])
check("hset mapping", r.hset("hash", mapping={"f1": "1", "f2": binary}), 2)
check("hgetall", r.hgetall("hash"), {b"f1": b"1", b"f2": binary})
check("hincrbyfloat", r.hincrbyfloat("hash", "f1", 0.5), 1.5)
check("hscan_iter", sorted(r.hscan_iter("hash")), [(b"f1", b"1.5"), (b"f2", binary)])
check("sadd", r.sadd("set", 3, 1, 2), 3)
check("smembers of an intset", r.smembers("set"), {b"1", b"2", b"3"})
check("object encoding", r.object("encoding", "set"), b"intset")
check("sinterstore", r.sinterstore("set2", ["set", "set"]), 3)
check("zadd", r.zadd("zset", {"a": 1.5, "b": 0.1, "c": float("inf")}), 3)
check("zrange withscores", r.zrange("zset", 0, -1, withscores=True), [(b"b", 0.1), (b"a", 1.5), (b"c", float("inf"))])
check("zrangebyscore", r.zrangebyscore("zset", "(0.1", "+inf"), [b"a", b"c"])
check("zunionstore with a set", r.zunionstore("zu", ["zset", "set"]), 6)
check("zpopmin", r.zpopmin("zset"), [(b"b", 0.1)])
check("sort alpha", r.sort("list2", alpha=True), [b"c"])
check("type", [r.type(k) for k in ("list", "hash", "set", "zset")], [b"list", b"hash", b"set", b"zset"])
try:
    r.lpush("hash", "x")
    check("wrongtype raises", False, True)
except redis.ResponseError as e:
    check("wrongtype raises", str(e), "WRONGTYPE Operation against a key holding the wrong kind of value")

# A transaction and a watch, as redis-py's pipeline(transaction=True) runs them.
with r.pipeline() as tx:
    tx.watch("counter")
    tx.multi()
    tx.incr("counter")
    tx.incr("counter")
    check("multi/exec", tx.execute(), [1, 2])

# Streams, HyperLogLog, geo and the blocking commands, through redis-py's methods and parsers.
check("xadd", r.xadd("stream", {"f": "v"}, id="1-1"), b"1-1")
check("xadd maxlen", r.xadd("stream", {"g": binary}, id="2-1", maxlen=10), b"2-1")
check("xrange", r.xrange("stream"), [(b"1-1", {b"f": b"v"}), (b"2-1", {b"g": binary})])
check("xgroup create", r.xgroup_create("stream", "grp", id="0"), True)
check("xreadgroup", r.xreadgroup("grp", "alice", {"stream": ">"}, count=1),
      [[b"stream", [(b"1-1", {b"f": b"v"})]]])
check("xpending", r.xpending("stream", "grp")["pending"], 1)
check("xack", r.xack("stream", "grp", "1-1"), 1)
check("xinfo stream", r.xinfo_stream("stream")["length"], 2)
check("xinfo groups", [g["name"] for g in r.xinfo_groups("stream")], [b"grp"])
check("xread block, data at hand", r.xread({"stream": "1-1"}, block=100), [[b"stream", [(b"2-1", {b"g": binary})]]])
check("xread block times out", r.xread({"stream": "$"}, block=50), [])
check("pfadd", r.pfadd("hll", "a", "b", "c"), 1)
check("pfcount", r.pfcount("hll"), 3)
check("pfmerge", r.pfmerge("hll2", "hll"), True)
check("geoadd", r.geoadd("geo", [13.361389, 38.115556, "Palermo", 15.087269, 37.502669, "Catania"]), 2)
check("geodist", r.geodist("geo", "Palermo", "Catania", unit="km"), 166.2742)
check("geosearch", r.geosearch("geo", longitude=15, latitude=37, radius=200, unit="km", withdist=True, sort="ASC"),
      [[b"Catania", 56.4413], [b"Palermo", 190.4424]])
check("blpop with data", r.blpop(["none", "list2"], timeout=1), (b"list2", b"c"))
check("blpop times out", r.blpop(["none"], timeout=0.05), None)
check("bzpopmin", r.bzpopmin("zset", timeout=1), (b"zset", b"a", 1.5))

# A keyspace notification, through redis-py's pub/sub object.
check("config set notify", r.config_set("notify-keyspace-events", "KEA"), True)
ps = r.pubsub()
ps.psubscribe("__keyevent@0__:*")
check("psubscribe", ps.get_message(timeout=1)["type"], "psubscribe")
r.set("notified", "1")
message = ps.get_message(timeout=1)
check("keyevent message", (message["channel"], message["data"]), (b"__keyevent@0__:set", b"notified"))
ps.close()
check("config set notify off", r.config_set("notify-keyspace-events", ""), True)

check("flushall", r.flushall(), True)
print("all checks passed")
