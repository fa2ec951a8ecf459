#!/usr/bin/env python3
"""Benchmarks/soak.py: a bounded mixed load held for minutes, then a check that nothing was left behind.

Workers, each on its own connection(s), for --seconds:
  strings     SET/GET/INCR/APPEND/MSET/GETEX, keys with EX and PX expiries (some expire mid-run)
  lists       LPUSH/RPUSH/LRANGE/LTRIM/RPOP on capped lists
  collections HSET/HGETALL/HINCRBY/HDEL, SADD/SREM/SINTER/SCARD, ZADD/ZINCRBY/ZRANGE/ZREM
  others      XADD MAXLEN ~ / XRANGE / XLEN, PFADD/PFCOUNT, GEOADD/GEOSEARCH, SETBIT/BITCOUNT
  scripts     EVAL, EVALSHA and FCALL of a loaded library, counted exactly
  transactions WATCH + MULTI/EXEC increments, counted exactly
  pubsub      a publisher, channel and pattern subscribers that come and go, every message counted
  blocking    BLPOP/BZPOPMIN consumers with short timeouts, producers: every pushed item popped once
  churn       connections opened and closed: politely (QUIT), abruptly, in the middle of a command,
              and while blocked in BLPOP
Every reply is checked; any exception or wrong value is an error. A sampler records the server's
RSS (/proc/PID/status), used_memory, clients and blocked clients every --sample seconds. After the
load stops: no clients but the checker's, no blocked clients, no channels, and RSS flat after the
warm-up (the last third of the samples within 10% or 16 MB of the middle third).

Usage (from the repository root; python3-redis is Debian's, so use /usr/bin/python3):
  /usr/bin/python3 Benchmarks/soak.py [--seconds 180] [--sample 5] [--server dll|redis] [--out FILE]
The server is published in Release to a temporary directory (dotnet publish), started on a free
loopback port and stopped by its PID. --server redis runs the same load against redis-server.
Exit status 0 when every check passes.
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import redis


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def publish():
    out = tempfile.mkdtemp(prefix="soak-build-")
    subprocess.run(["dotnet", "publish", "Server/Server.csproj", "-c", "Release", "-o", out],
                   check=True, stdout=subprocess.DEVNULL)
    return out


class Server:
    def __init__(self, argv):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="soak-server-", suffix=".log", delete=False)
        self.process = subprocess.Popen(argv + ["--port", str(self.port)], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                sys.exit("the server exited during startup")
            try:
                if redis.Redis(port=self.port, socket_timeout=1).ping():
                    return
            except redis.RedisError:
                time.sleep(0.2)
        sys.exit("the server did not answer PING")

    def rss_bytes(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return 0

    def log_text(self):
        with open(self.log.name, errors="replace") as f:
            return f.read()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.unlink(self.log.name)


class Soak:
    def __init__(self, port, seconds, seed):
        self.port = port
        self.deadline = time.time() + seconds
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.errors = []
        self.counts = {}
        self.stop_flag = threading.Event()

    def connect(self, **options):
        return redis.Redis(port=self.port, socket_timeout=30, **options)

    def running(self):
        return time.time() < self.deadline and not self.stop_flag.is_set()

    def count(self, name, n=1):
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + n

    def error(self, where, what):
        with self.lock:
            if len(self.errors) < 50:
                self.errors.append(f"{where}: {what}")

    def check(self, where, got, expected):
        if got != expected:
            self.error(where, f"got {got!r}, expected {expected!r}")

    def worker(self, name, body):
        def run():
            rnd = random.Random(f"{name}-{self.random.random()}")
            try:
                body(rnd)
            except Exception as e:  # any failure of the server or the client is a soak error
                self.error(name, f"{type(e).__name__}: {e}")
        thread = threading.Thread(target=run, name=name, daemon=True)
        thread.start()
        return thread

    # ---- the workers -------------------------------------------------------------------

    def strings(self, rnd):
        r = self.connect()
        counter = 0
        r.delete("soak:counter")
        while self.running():
            key = f"soak:s:{rnd.randrange(5000)}"
            value = os.urandom(rnd.randrange(1, 200))
            r.set(key, value, ex=rnd.randrange(1, 30))
            got = r.get(key)
            if got not in (value, None):
                self.error("strings", f"GET {key} returned another value")
            r.set(f"soak:px:{rnd.randrange(1000)}", "v", px=rnd.randrange(50, 2000))
            counter += 1
            self.check("strings INCR", r.incr("soak:counter"), counter)
            r.append(f"soak:append:{rnd.randrange(100)}", "x" * rnd.randrange(1, 10))
            if rnd.random() < 0.01:
                for i in range(100):
                    r.delete(f"soak:append:{i}")
            r.mset({f"soak:m:{i}": i for i in range(rnd.randrange(1, 20))})
            r.getex(f"soak:m:0", px=5000)
            self.count("strings", 8)

    def lists(self, rnd):
        r = self.connect()
        while self.running():
            key = f"soak:l:{rnd.randrange(50)}"
            r.lpush(key, *[os.urandom(rnd.randrange(1, 60)) for _ in range(rnd.randrange(1, 20))])
            r.rpush(key, rnd.randrange(1000))
            r.lrange(key, 0, 20)
            r.ltrim(key, 0, 300)
            r.rpop(key)
            self.count("lists", 5)

    def collections(self, rnd):
        r = self.connect()
        while self.running():
            h, s, z = f"soak:h:{rnd.randrange(50)}", f"soak:set:{rnd.randrange(50)}", f"soak:z:{rnd.randrange(50)}"
            r.hset(h, mapping={f"f{rnd.randrange(300)}": os.urandom(rnd.randrange(1, 100)) for _ in range(5)})
            r.hincrby(h, "n", 1)
            r.hgetall(h)
            r.hdel(h, f"f{rnd.randrange(300)}")
            r.sadd(s, *[rnd.randrange(2000) for _ in range(5)])
            r.srem(s, rnd.randrange(2000))
            r.sinter(s, f"soak:set:{rnd.randrange(50)}")
            r.scard(s)
            r.zadd(z, {f"m{rnd.randrange(500)}": rnd.random() * 100 for _ in range(5)})
            r.zincrby(z, 1.5, f"m{rnd.randrange(500)}")
            r.zrange(z, 0, 10, withscores=True)
            r.zrem(z, f"m{rnd.randrange(500)}")
            if rnd.random() < 0.02:
                r.delete(h, s, z)
            self.count("collections", 12)

    def others(self, rnd):
        r = self.connect()
        while self.running():
            stream = f"soak:x:{rnd.randrange(10)}"
            r.xadd(stream, {"f": rnd.randrange(1000)}, maxlen=500, approximate=True)
            r.xrange(stream, count=10)
            r.xlen(stream)
            r.pfadd(f"soak:hll:{rnd.randrange(10)}", *[rnd.randrange(100000) for _ in range(10)])
            r.pfcount(f"soak:hll:{rnd.randrange(10)}")
            r.geoadd(f"soak:geo", (rnd.uniform(-170, 170), rnd.uniform(-80, 80), f"p{rnd.randrange(1000)}"))
            r.geosearch("soak:geo", longitude=1.5, latitude=1.5, radius=2000, unit="km", count=5)
            r.setbit(f"soak:bits:{rnd.randrange(10)}", rnd.randrange(100000), 1)
            r.bitcount(f"soak:bits:{rnd.randrange(10)}")
            self.count("others", 9)

    def scripts(self, rnd):
        r = self.connect()
        script = "redis.call('incr', KEYS[1]); return redis.call('get', KEYS[1])"
        sha = r.script_load(script)
        r.function_load("#!lua name=soaklib\n"
                        "redis.register_function('soak_add', function(keys, args) "
                        "return redis.call('incrby', keys[1], args[1]) end)", replace=True)
        r.delete("soak:script", "soak:fcall")
        n = total = 0
        while self.running():
            n += 2
            self.check("EVAL", int(r.eval(script, 1, "soak:script")), n - 1)
            self.check("EVALSHA", int(r.evalsha(sha, 1, "soak:script")), n)
            step = rnd.randrange(1, 10)
            total += step
            self.check("FCALL", r.fcall("soak_add", 1, "soak:fcall", step), total)
            r.eval("local t = {} for i = 1, 200 do t[i] = tostring(i) end return #t", 0)
            self.count("scripts", 4)

    def transactions(self, rnd):
        r = self.connect()
        r.set("soak:tx", 0)
        expected = 0
        while self.running():
            with r.pipeline(transaction=True) as pipe:
                while True:
                    try:
                        pipe.watch("soak:tx")
                        current = int(pipe.get("soak:tx"))
                        pipe.multi()
                        pipe.set("soak:tx", current + 1)
                        pipe.incr("soak:tx:other")
                        pipe.execute()
                        break
                    except redis.WatchError:
                        continue
            expected += 1
            self.check("MULTI/EXEC", int(r.get("soak:tx")), expected)
            self.count("transactions", 5)

    def pubsub(self, rnd):
        publisher = self.connect()
        received = {"n": 0}
        subscribers = []

        def listen(pubsub, stop):
            while not stop.is_set():
                message = pubsub.get_message(timeout=0.2)
                if message and message["type"] in ("message", "pmessage"):
                    received["n"] += 1

        sent = 0
        while self.running():
            if len(subscribers) < 4 or rnd.random() < 0.05:
                client = self.connect()
                pubsub = client.pubsub()
                if rnd.random() < 0.5:
                    pubsub.subscribe(f"soak:ch:{rnd.randrange(5)}")
                else:
                    pubsub.psubscribe("soak:ch:*")
                stop = threading.Event()
                thread = threading.Thread(target=listen, args=(pubsub, stop), daemon=True)
                thread.start()
                subscribers.append((client, pubsub, stop, thread))
                self.count("pubsub subscribers")
            if len(subscribers) > 6:
                client, pubsub, stop, thread = subscribers.pop(0)
                stop.set()
                thread.join()
                if rnd.random() < 0.5:
                    pubsub.unsubscribe()
                    pubsub.punsubscribe()
                pubsub.close()
                client.close()
            sent += publisher.publish(f"soak:ch:{rnd.randrange(5)}", os.urandom(rnd.randrange(1, 100)))
            self.count("pubsub published")
            time.sleep(0.002)
        for client, pubsub, stop, thread in subscribers:
            stop.set()
            thread.join()
            pubsub.close()
            client.close()
        self.count("pubsub deliveries", sent)
        self.count("pubsub received", received["n"])

    def blocking(self, rnd):
        producer = self.connect()
        popped = {"list": 0, "zset": 0}
        consumers_stop = threading.Event()

        def consume(kind):
            r = self.connect()
            while not consumers_stop.is_set():
                if kind == "list":
                    got = r.blpop(["soak:queue"], timeout=rnd.choice([0.1, 0.5, 1]))
                else:
                    got = r.bzpopmin(["soak:zqueue"], timeout=rnd.choice([0.1, 0.5, 1]))
                if got is not None:
                    with self.lock:
                        popped[kind] += 1
            r.close()

        consumers = [threading.Thread(target=consume, args=(kind,), daemon=True) for kind in ("list", "list", "list", "zset", "zset")]
        for c in consumers:
            c.start()
        pushed = 0
        producer.delete("soak:queue", "soak:zqueue")
        while self.running():
            items = rnd.randrange(1, 5)
            producer.lpush("soak:queue", *range(items))
            members = rnd.randrange(1, 4)
            producer.zadd("soak:zqueue", {f"j{time.time_ns()}-{i}": i for i in range(members)})
            pushed += items + members
            time.sleep(0.005)
        # Drain what is left, then stop the consumers: every item is popped once.
        drain_deadline = time.time() + 10
        while (producer.llen("soak:queue") or producer.zcard("soak:zqueue")) and time.time() < drain_deadline:
            time.sleep(0.1)
        consumers_stop.set()
        for c in consumers:
            c.join()
        self.check("blocking: list left", producer.llen("soak:queue"), 0)
        self.check("blocking: zset left", producer.zcard("soak:zqueue"), 0)
        self.check("blocking: every item popped once", popped["list"] + popped["zset"], pushed)
        self.count("blocking pushes", pushed)
        self.count("blocking pops", popped["list"] + popped["zset"])

    def churn(self, rnd):
        while self.running():
            style = rnd.randrange(4)
            s = socket.create_connection(("127.0.0.1", self.port))
            try:
                if style == 0:
                    s.sendall(b"PING\r\nQUIT\r\n")
                    data = b""
                    while len(data) < 10:
                        chunk = s.recv(64)
                        if not chunk:
                            break
                        data += chunk
                    self.check("churn QUIT", data[:12], b"+PONG\r\n+OK\r\n")
                elif style == 1:
                    s.sendall(b"*2\r\n$3\r\nGET\r\n$5\r\nsoak:")  # hangs up in the middle of a command
                elif style == 2:
                    s.sendall(b"*3\r\n$5\r\nBLPOP\r\n$10\r\nsoak:never\r\n$1\r\n0\r\n")  # hangs up while blocked
                    time.sleep(0.01)
                else:
                    s.sendall(b"CLIENT SETNAME churner\r\nSET soak:churn 1\r\n")
                    s.recv(64)
            finally:
                s.close()
            self.count("churn connections")
            time.sleep(0.01)


def sample(server, checker, samples, stop, every):
    while not stop.wait(every):
        try:
            memory, clients = checker.info("memory"), checker.info("clients")
            samples.append({
                "t": time.time(),
                "rss": server.rss_bytes() if server else memory["used_memory_rss"],
                "used": memory["used_memory"],
                "clients": clients["connected_clients"],
                "blocked": clients["blocked_clients"],
                "commands": checker.info("stats")["total_commands_processed"],
            })
        except Exception as e:
            samples.append({"t": time.time(), "error": str(e)})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--sample", type=float, default=5)
    parser.add_argument("--server", default="dll", help="dll (publish and run ours), redis, or a path to Server.dll")
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--out", help="also write the report to this file")
    args = parser.parse_args()

    if args.server == "redis":
        argv = ["redis-server", "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"]
    else:
        dll = args.server if args.server.endswith(".dll") else os.path.join(publish(), "Server.dll")
        argv = ["dotnet", dll, "--save", ""]
    server = Server(argv)
    report = []
    failed = []
    try:
        checker = redis.Redis(port=server.port, socket_timeout=30)
        checker.flushall()
        soak = Soak(server.port, args.seconds, args.seed)
        samples = []
        stop_sampling = threading.Event()
        sampler = threading.Thread(target=sample, args=(server, checker, samples, stop_sampling, args.sample), daemon=True)
        sampler.start()
        started = time.time()
        threads = [soak.worker(name, getattr(soak, name)) for name in
                   ("strings", "lists", "collections", "others", "scripts", "transactions", "pubsub", "blocking", "churn")]
        for t in threads:
            t.join(timeout=args.seconds + 120)
            if t.is_alive():
                soak.error(t.name, "did not finish")
        elapsed = time.time() - started
        stop_sampling.set()
        sampler.join()

        # Left behind? Closed clients and ended blocks leave at the loop's next turns: allow a few seconds.
        deadline = time.time() + 10
        while time.time() < deadline:
            clients = checker.info("clients")
            channels = checker.pubsub_channels()
            if clients["connected_clients"] == 1 and clients["blocked_clients"] == 0 and not channels:
                break
            time.sleep(0.2)
        client_list = checker.client_list()
        stats = checker.info("stats")
        good = [s for s in samples if "error" not in s]
        third = max(1, len(good) // 3)
        middle = [s["rss"] for s in good[third:2 * third]] or [good[0]["rss"]]
        last = [s["rss"] for s in good[2 * third:]] or [good[-1]["rss"]]
        middle_rss, last_rss = statistics.median(middle), statistics.median(last)
        growth = last_rss - middle_rss
        commands = stats["total_commands_processed"]

        report.append(f"soak: {elapsed:.0f} s against {'redis-server' if args.server == 'redis' else 'EventLoopRedis'}, seed {args.seed}")
        report.append(f"commands processed: {commands} ({commands / elapsed:.0f}/s); connections accepted: {stats['total_connections_received']}")
        report.append("work done: " + ", ".join(f"{k} {v}" for k, v in sorted(soak.counts.items())))
        report.append(f"errors: {len(soak.errors)}")
        report.extend(f"  {e}" for e in soak.errors)
        report.append(f"RSS samples every {args.sample:.0f} s (MB): " + " ".join(f"{s['rss'] / 1048576:.0f}" for s in good))
        report.append(f"used_memory samples (MB): " + " ".join(f"{s['used'] / 1048576:.0f}" for s in good))
        report.append(f"RSS median, middle third {middle_rss / 1048576:.1f} MB, last third {last_rss / 1048576:.1f} MB, "
                      f"peak {max(s['rss'] for s in good) / 1048576:.1f} MB")
        report.append(f"after the load: connected_clients {clients['connected_clients']}, blocked_clients {clients['blocked_clients']}, "
                      f"channels {len(channels)}, CLIENT LIST entries {len(client_list)}")

        if soak.errors:
            failed.append("errors")
        if growth > max(0.10 * middle_rss, 16 * 1048576):
            failed.append("RSS grew after warm-up")
        if clients["connected_clients"] != 1 or len(client_list) != 1:
            failed.append("clients left behind")
        if clients["blocked_clients"] != 0:
            failed.append("blocked clients left behind")
        if channels:
            failed.append("channels left behind")
        if args.server != "redis" and "Exception" in server.log_text():
            failed.append("exceptions in the server log")
        report.append("result: " + ("PASS" if not failed else "FAIL (" + ", ".join(failed) + ")"))
    finally:
        server.stop()
    text = "\n".join(report)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
