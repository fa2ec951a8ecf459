# redis-py (Debian's python3-redis 4.3.4) reading a primary and its replica: ROLE, WAIT and INFO
# replication as the library parses them. Prints what it sees with the values that differ from run to
# run (replication ids, offsets, ports, lag) masked; the test runs it against a pair with EventLoopRedis
# on one side and a pair of redis-server 7.0.15, and compares the two outputs.
# Usage: redis_py_replication.py <primary port> <replica port>

import re
import sys
import redis

primary = redis.Redis(port=int(sys.argv[1]))
replica = redis.Redis(port=int(sys.argv[2]))
ports = {sys.argv[1]: "<primary port>", sys.argv[2]: "<replica port>"}


def masked(value):
    """Replication ids, offsets and ports as placeholders; the rest as it is."""
    if isinstance(value, dict):
        return {key: masked(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        return [masked(item) for item in value]
    if isinstance(value, bytes):
        value = value.decode()
    if isinstance(value, str):
        if value in ports:
            return ports[value]
        if re.fullmatch(r"[0-9a-f]{40}", value):
            return "<replid>"
        if re.fullmatch(r"[0-9]+", value):
            return "<number>"
        return value
    if isinstance(value, int) and str(value) in ports:
        return ports[str(value)]
    if isinstance(value, int) and not isinstance(value, bool):
        return "<number>" if value > 1 else value
    return value


VOLATILE = {"master_last_io_seconds_ago", "slave_read_repl_offset", "slave_repl_offset", "master_repl_offset",
            "repl_backlog_first_byte_offset", "repl_backlog_histlen", "second_repl_offset", "master_replid2"}

primary.set("written", "1")
print("wait:", primary.wait(1, 5000))
print("primary role:", masked(primary.role()))
print("replica role:", masked(replica.role()))
for name, server in (("primary", primary), ("replica", replica)):
    info = server.info("replication")
    print(name, "info keys:", sorted(info))
    print(name, "info:", masked({key: value for key, value in info.items() if key not in VOLATILE}))
print("replica has the write:", replica.get("written"))
try:
    replica.wait(1, 100)
except redis.ResponseError as error:
    print("wait on a replica:", error)
try:
    replica.set("k", "v")
except redis.ResponseError as error:
    print("write on a replica:", error)
