#!/usr/bin/env python3
# Benchmarks/memory-per-key.py: bytes per key of this server next to redis-server 7.0.15, in one run.
# Loads the same datasets into both (with redis-cli --pipe) and reads INFO memory, /proc/PID/status
# and, for ours, the GC's own figures (MEMORY MALLOC-STATS), before and after a full collection.
#
# Usage (from the repository root):
#   python3 Benchmarks/memory-per-key.py [--datasets strings,hashes,zset] [--server-dll PATH]
#                                        [--env NAME=VALUE ...] [--skip-redis] [--json FILE]
#
#   --datasets    strings: 1,000,000 keys key:NNNNNNN with 16-byte values
#                 hashes:  100,000 hashes of 10 fields (field:N -> 16-byte value), listpack-encoded
#                 zset:    one sorted set of 1,000,000 members (member:NNNNNNN, score N)
#   --server-dll  a built Server.dll (default: publish Server/Server.csproj Release to a temp dir)
#   --env         environment for our server only (e.g. DOTNET_GCgen0size=0x1000000); repeatable
#   --skip-redis  measure only ours (Redis's figures do not change between layouts)
#   --json        also write every row measured, as JSON (Benchmarks/compare-with-redis.sh --memory
#                 reads it for docs/benchmarks.md)
#
# Every server is started by this script on a free loopback port and stopped by its PID.
# RSS is VmRSS from /proc/PID/status once the load is done and the server has idled 2 s;
# "RSS after GC" is the same after MEMORY PURGE (a full compacting collection): the difference
# is what the garbage collector keeps as headroom, the rest is the layout.

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

DATASETS = {
    "strings": 1_000_000,
    "hashes": 100_000,
    "zset": 1_000_000,
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def value16(i):
    # 16 bytes, not an integer (so both servers keep it as an embstr), varying per key.
    return ("v%015d" % i).encode()


def dataset_commands(name):
    if name == "strings":
        for i in range(DATASETS[name]):
            yield resp("SET", "key:%07d" % i, value16(i))
    elif name == "hashes":
        for i in range(DATASETS[name]):
            args = ["HSET", "hash:%07d" % i]
            for f in range(10):
                args += ["field:%d" % f, value16(i * 10 + f)]
            yield resp(*args)
    elif name == "zset":
        batch = 1000
        for start in range(0, DATASETS[name], batch):
            args = ["ZADD", "zset"]
            for i in range(start, start + batch):
                args += [str(i), "member:%07d" % i]
            yield resp(*args)


def cli(port, *args):
    return subprocess.run(["redis-cli", "-p", str(port), *args], capture_output=True, check=True).stdout.decode()


def wait_ready(port, proc):
    for _ in range(600):
        if proc.poll() is not None:
            raise RuntimeError("server exited with %d" % proc.returncode)
        try:
            if cli(port, "PING").strip() == "PONG":
                return
        except subprocess.CalledProcessError:
            pass
        time.sleep(0.1)
    raise RuntimeError("server did not start")


def rss_bytes(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def info_field(text, name):
    m = re.search(r"^%s:(\S+)" % re.escape(name), text, re.M)
    return int(m.group(1)) if m else 0


def gc_field(text, name):
    m = re.search(r"^%s: (\d+)" % re.escape(name), text, re.M)
    return int(m.group(1)) if m else 0


def measure(kind, start_cmd, env, dataset, workdir):
    port = free_port()
    proc = subprocess.Popen(start_cmd + ["--port", str(port)], env=env, cwd=workdir,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, proc)
        base_rss = rss_bytes(proc.pid)
        base_used = info_field(cli(port, "INFO", "memory"), "used_memory")
        pipe = subprocess.Popen(["redis-cli", "-p", str(port), "--pipe"], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.time()
        chunk = []
        for command in dataset_commands(dataset):
            chunk.append(command)
            if len(chunk) == 10000:
                pipe.stdin.write(b"".join(chunk))
                chunk = []
        pipe.stdin.write(b"".join(chunk))
        pipe.stdin.close()
        if pipe.wait() != 0:
            raise RuntimeError("redis-cli --pipe failed")
        load_s = time.time() - started
        time.sleep(2)
        info = cli(port, "INFO", "memory")
        row = {
            "server": kind,
            "dataset": dataset,
            "keys": DATASETS[dataset],
            "load_s": load_s,
            "base_rss": base_rss,
            "rss": rss_bytes(proc.pid),
            "used_memory": info_field(info, "used_memory"),
            "base_used": base_used,
            "dbsize": int(cli(port, "DBSIZE").strip()),
        }
        if kind == "ours":
            before = cli(port, "MEMORY", "MALLOC-STATS")
            row["gc_heap"] = gc_field(before, "Heap size")
            row["gc_committed"] = gc_field(before, "Committed")
            row["gc_fragmented"] = gc_field(before, "Fragmented")
            cli(port, "MEMORY", "PURGE")
            time.sleep(1)
            after = cli(port, "MEMORY", "MALLOC-STATS")
            row["gc_heap_after"] = gc_field(after, "Heap size")
            row["rss_after_gc"] = rss_bytes(proc.pid)
        return row
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def mb(n):
    return "%.1f" % (n / 1e6)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", default="strings,hashes,zset")
    parser.add_argument("--server-dll")
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("--skip-redis", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="memory-per-key-")
    try:
        dll = args.server_dll
        if not dll:
            subprocess.run(["dotnet", "publish", "Server/Server.csproj", "-c", "Release", "-o", tmp + "/server"],
                           check=True, stdout=subprocess.DEVNULL)
            dll = tmp + "/server/Server.dll"
        ours_env = dict(os.environ)
        for pair in args.env:
            name, _, value = pair.partition("=")
            ours_env[name] = value
        servers = [("ours", ["dotnet", dll, "--save", "", "--appendonly", "no"], ours_env)]
        if not args.skip_redis:
            servers.append(("redis", ["redis-server", "--save", "", "--appendonly", "no"], dict(os.environ)))

        rows = []
        for dataset in args.datasets.split(","):
            for kind, cmd, env in servers:
                rows.append(measure(kind, cmd, env, dataset, tmp))
                r = rows[-1]
                print("%-6s %-8s load %.1fs dbsize %d" % (kind, dataset, r["load_s"], r["dbsize"]), file=sys.stderr)

        print("| dataset | server | RSS MB | RSS - start MB | used_memory MB | used_memory B/key | RSS B/key "
              "| GC heap MB | GC committed MB | GC fragmented MB | heap after full GC MB | RSS after full GC MB |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            n = r["keys"]
            line = "| %s | %s | %s | %s | %s | %d | %d |" % (
                r["dataset"], r["server"], mb(r["rss"]), mb(r["rss"] - r["base_rss"]), mb(r["used_memory"]),
                (r["used_memory"] - r["base_used"]) / n, (r["rss"] - r["base_rss"]) / n)
            if r["server"] == "ours":
                line += " %s | %s | %s | %s | %s |" % (mb(r["gc_heap"]), mb(r["gc_committed"]), mb(r["gc_fragmented"]),
                                                      mb(r["gc_heap_after"]), mb(r["rss_after_gc"]))
            else:
                line += " | | | | |"
            print(line)
        if args.json:
            import json
            with open(args.json, "w") as f:
                json.dump(rows, f, indent=1)
        redis = {r["dataset"]: r for r in rows if r["server"] == "redis"}
        for r in rows:
            if r["server"] == "ours" and r["dataset"] in redis:
                print("%s: RSS ratio ours/Redis %.2f (target <= 1.3)" % (r["dataset"], r["rss"] / redis[r["dataset"]]["rss"]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
