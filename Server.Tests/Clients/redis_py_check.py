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

check("flushall", r.flushall(), True)
print("all checks passed")
