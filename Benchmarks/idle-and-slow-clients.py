#!/usr/bin/env python3
"""Benchmarks/idle-and-slow-clients.py: what idle and trickling connections cost, next to Redis.

Two measurements, each run against this server and the real redis-server in the same run,
interleaved (ours, Redis, ours, Redis, ...), medians of --rounds:

  idle curve   GET throughput (redis-benchmark -c 50 -P 1) while N idle connections are held
               open, for each N in --idle; reported as a share of each server's own throughput
               with no idle connections (the target: >= 80% at 10,000).
  slowloris    a normal client's GET latency (redis-benchmark -c 1, p50 and p99) alone, then
               while --slow clients each send one byte every 100 ms of a SET whose 1 MB value
               never finishes arriving (the target: p99 within 2x).

Usage (from the repository root):
  python3 Benchmarks/idle-and-slow-clients.py [--idle 0,1000,5000,10000] [--rounds 3]
      [--requests 100000] [--slow 1000] [--pin] [--out FILE.md] [--json FILE.json]
      [--server-dll PATH]

Benchmarks/compare-with-redis.sh runs it with --idle and puts its tables and chart into
docs/benchmarks.md; run alone, it prints its markdown (or writes --out). --json writes the
medians for another program; --server-dll uses a built Server.dll instead of publishing one.

The chart of the curve is drawn by compare-with-redis.sh (with ScottPlot, Benchmarks idle-chart).

--pin runs both servers and redis-benchmark on CPU 0 (taskset -c 0), the most repeatable setup
on a small noisy VM. Servers are started on free loopback ports and stopped by their PIDs.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port, process, label):
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"{label} exited during startup")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{label} did not answer PING on port {port}")


class Server:
    def __init__(self, label, argv, pin):
        self.label = label
        self.port = free_port()
        prefix = ["taskset", "-c", "0"] if pin else []
        self.log = tempfile.NamedTemporaryFile(prefix=f"{label}-", suffix=".log", delete=False)
        self.process = subprocess.Popen(prefix + argv + ["--port", str(self.port), "--maxclients", "12000"],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        wait_ready(self.port, self.process, label)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.unlink(self.log.name)


def benchmark(port, pin, requests, clients):
    """Runs redis-benchmark GET; returns (rps, p50 ms, p99 ms)."""
    prefix = ["taskset", "-c", "0"] if pin else []
    out = subprocess.run(prefix + ["redis-benchmark", "-p", str(port), "-t", "get", "-n", str(requests),
                                   "-c", str(clients), "-P", "1", "-r", "100000", "--csv"],
                         capture_output=True, text=True, timeout=600).stdout
    for line in out.splitlines():
        fields = [f.strip('"') for f in line.split(",")]
        if fields[0] == "GET":
            # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
            return float(fields[1]), float(fields[4]), float(fields[6])
    raise RuntimeError(f"redis-benchmark printed no GET line:\n{out}")


def hold_idle(port, count):
    sockets = []
    for _ in range(count):
        sockets.append(socket.create_connection(("127.0.0.1", port)))
    return sockets


class Tricklers:
    """count connections, each sending one more byte of an endless SET every 100 ms (slowloris)."""

    def __init__(self, port, count):
        self.sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
        for s in self.sockets:
            s.setblocking(False)
        self.stop_flag = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        message = b"*3\r\n$3\r\nSET\r\n$9\r\nslowloris\r\n$1000000\r\n"
        step = 0
        while not self.stop_flag.is_set():
            started = time.time()
            byte = message[step:step + 1] if step < len(message) else b"x"
            for s in self.sockets:
                try:
                    s.send(byte)
                except BlockingIOError:
                    pass
            step += 1
            self.stop_flag.wait(max(0.0, 0.1 - (time.time() - started)))

    def close(self):
        self.stop_flag.set()
        self.thread.join()
        for s in self.sockets:
            s.close()


def publish():
    out = tempfile.mkdtemp(prefix="eventloopredis-")
    subprocess.run(["dotnet", "publish", "Server/Server.csproj", "-c", "Release", "-o", out],
                   check=True, capture_output=True)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--idle", default="0,1000,5000,10000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=100000)
    parser.add_argument("--slow", type=int, default=1000)
    parser.add_argument("--pin", action="store_true")
    parser.add_argument("--out", default="")
    parser.add_argument("--json", default="")
    parser.add_argument("--server-dll", default="")
    args = parser.parse_args()
    levels = [int(x) for x in args.idle.split(",")]

    build = None if args.server_dll else publish()
    dll = args.server_dll or os.path.join(build, "Server.dll")
    servers = [Server("ours", ["dotnet", dll, "--save", ""], args.pin),
               Server("redis", ["redis-server", "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"], args.pin)]
    try:
        for server in servers:
            # Warm-up: .NET's tiered JIT keeps improving the hot path for a few hundred thousand
            # requests; without this the first level measured (0 idle) looks slower than the rest.
            for _ in range(3):
                benchmark(server.port, args.pin, 200000, 50)

        curve = {}  # (label, level) -> [rps]
        for level in levels:
            for _ in range(args.rounds):
                for server in servers:
                    held = hold_idle(server.port, level)
                    time.sleep(2.5)  # past ColdAfterMs and a cron tick: ours has moved them to the cold set
                    rps, _, _ = benchmark(server.port, args.pin, args.requests, 50)
                    curve.setdefault((server.label, level), []).append(rps)
                    for s in held:
                        s.close()
                    time.sleep(1)
                print(f"idle {level}: " + ", ".join(
                    f"{s.label} {statistics.median(curve[(s.label, level)]):.0f}" for s in servers), flush=True)

        slow = {}  # (label, phase) -> [(p50, p99)]
        for _ in range(args.rounds):
            for server in servers:
                _, p50, p99 = benchmark(server.port, args.pin, 20000, 1)
                slow.setdefault((server.label, "alone"), []).append((p50, p99))
                tricklers = Tricklers(server.port, args.slow)
                time.sleep(2.5)  # past ColdAfterMs: ours has moved them to the cold set
                _, p50, p99 = benchmark(server.port, args.pin, 20000, 1)
                slow.setdefault((server.label, "slow"), []).append((p50, p99))
                tricklers.close()
                time.sleep(1)
        print("slowloris done", flush=True)
    finally:
        for server in servers:
            server.stop()
        if build:
            shutil.rmtree(build, ignore_errors=True)

    if args.json:
        write_json(args, levels, curve, slow)
    write_report(args, levels, curve, slow)


def write_report(args, levels, curve, slow):
    med = lambda values: statistics.median(values)
    lines = ["# Idle and slow connections, next to Redis", "",
             "Written by `python3 Benchmarks/idle-and-slow-clients.py "
             f"--idle {args.idle} --rounds {args.rounds} --requests {args.requests} --slow {args.slow}"
             f"{' --pin' if args.pin else ''}` on {time.strftime('%Y-%m-%d')}, "
             f"{os.cpu_count()} CPUs, redis-server {redis_version()}. Medians of {args.rounds} interleaved rounds.",
             "", "## GET throughput with idle connections held open", "",
             "redis-benchmark -t get -c 50 -P 1 while N connections sit idle. *Kept* is the share of the "
             "server's own throughput with no idle connections; the target is >= 80% at 10,000.", "",
             "| idle connections | ours req/s | ours kept | Redis req/s | Redis kept | ours / Redis |",
             "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    base = {label: med(curve[(label, levels[0])]) for label in ("ours", "redis")}
    for level in levels:
        ours, redis = med(curve[("ours", level)]), med(curve[("redis", level)])
        lines.append(f"| {level:,} | {ours:,.0f} | {ours / base['ours']:.0%} | {redis:,.0f} | "
                     f"{redis / base['redis']:.0%} | {ours / redis:.2f}x |")
    lines += ["", f"## A normal client's latency among {args.slow:,} trickling clients", "",
              f"redis-benchmark -t get -c 1 alone, then while {args.slow:,} clients each send one more byte "
              "of a SET whose 1 MB value never finishes arriving, every 100 ms. The target: p99 within 2x "
              "of its baseline.", "",
              "| server | p50 alone (ms) | p99 alone (ms) | p50 among tricklers | p99 among tricklers | p99 ratio |",
              "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for label in ("ours", "redis"):
        alone, busy = slow[(label, "alone")], slow[(label, "slow")]
        a50, a99 = med([x[0] for x in alone]), med([x[1] for x in alone])
        b50, b99 = med([x[0] for x in busy]), med([x[1] for x in busy])
        lines.append(f"| {label} | {a50:.3f} | {a99:.3f} | {b50:.3f} | {b99:.3f} | {b99 / a99:.2f}x |")
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(lines) + "\n")
        print(f"wrote {args.out}")
    else:
        print("\n".join(lines))


def write_json(args, levels, curve, slow):
    """The medians, for compare-with-redis.sh's report: idle[level][server] = req/s and
    slow[server][alone|slow] = [p50 ms, p99 ms]."""
    import json
    med = statistics.median
    data = {
        "idle": {str(level): {label: med(curve[(label, level)]) for label in ("ours", "redis")} for level in levels},
        "slow_clients": args.slow,
        "slow": {label: {phase: [med([x[0] for x in slow[(label, phase)]]), med([x[1] for x in slow[(label, phase)]])]
                         for phase in ("alone", "slow")} for label in ("ours", "redis")},
        "rounds": args.rounds,
        "requests": args.requests,
    }
    with open(args.json, "w") as f:
        json.dump(data, f, indent=1)


def redis_version():
    out = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout
    return out.split("v=")[1].split()[0] if "v=" in out else "?"


if __name__ == "__main__":
    main()
