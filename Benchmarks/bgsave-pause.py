#!/usr/bin/python3
"""Benchmarks/bgsave-pause.py: the longest pause a client sees while BGSAVE runs, ours next to Redis's.

For each server (this one and the real redis-server, started here on free loopback ports, each with
a data directory of its own and no save points), in the same run and interleaved when --rounds > 1:

  1. DEBUG POPULATE --keys (1,000,000 by default: keys key:N, values value:N), then one unmeasured
     BGSAVE without load (--warmup-saves), so .NET's JIT has compiled the save path as it has on a
     server that saved before (the cold first save is measured by passing --warmup-saves 0);
  2. redis-benchmark in the background (-c 50 -P 1 -t set,get -r KEYS), and a probe client sending
     PING back to back, recording each round trip;
  3. after a second of that load, BGSAVE, then INFO persistence polled every 10 ms until the save ends.

Reported per server: the save's duration (BGSAVE's reply to rdb_bgsave_in_progress:0), the commands
the server ran per second meanwhile (redis-benchmark's, mostly: INFO stats' total), the probe's
worst round trip, p99.9 and p99 during the save, its worst round trip in the second before it, and
for this server the GC collections and the longest GC pause during the save (INFO memory's gc_*
lines), for Redis the fork's duration (latest_fork_usec). The table is printed as markdown, and
appended to --append (e.g. docs/persistence.md) with the command line and the machine's load.

Usage (from the repository root):
  python3 Benchmarks/bgsave-pause.py [--keys 1000000] [--rounds 1] [--warmup-saves 1] [--pin]
      [--dll PATH/Server.dll] [--baseline-dll OTHER/Server.dll] [--append docs/persistence.md]
      [--command bgsave|bgrewriteaof|fullsync]

--command bgrewriteaof measures BGREWRITEAOF the same way (both servers run with appendonly no, where
the rewrite still writes a new base; the end is aof_rewrite_in_progress and aof_rewrite_scheduled at 0).
--command fullsync starts a real redis-server as a new replica of the server (repl-diskless-sync-delay
set to 0, so a diskless sync starts at once) and ends when the replica's master_link_status is up.

Without --dll the server is published in Release to a temporary directory first. --pin runs the
servers, redis-benchmark and the probe on CPU 0 (taskset -c 0). --baseline-dll adds an older build
(a before/after comparison in the same run). Uses only the standard library.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time


class Resp:
    """A small RESP client: enough for PING, INFO, DEBUG POPULATE and BGSAVE."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def call(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(out)
        return self._read()

    def _line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _read(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind in (b"+", b":"):
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                self.buf += self.sock.recv(1 << 16)
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data.decode("latin-1")
        if kind == b"*":
            return [self._read() for _ in range(int(rest))]
        raise ValueError(line)

    def info(self, section):
        fields = {}
        for line in self.call("INFO", section).split("\r\n"):
            if ":" in line:
                name, value = line.split(":", 1)
                fields[name] = value
        return fields

    def close(self):
        self.sock.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, label, argv, pin):
        self.label = label
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix=f"bgsave-{label}-")
        prefix = ["taskset", "-c", "0"] if pin else []
        self.log = open(os.path.join(self.dir, "server.log"), "w")
        self.process = subprocess.Popen(prefix + argv + ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                                         "--appendonly", "no", "--dir", self.dir,
                                                         "--enable-debug-command", "yes"],
                                        stdout=self.log, stderr=subprocess.STDOUT, cwd=self.dir)
        deadline = time.time() + 60
        while True:
            if self.process.poll() is not None:
                sys.exit(f"{label} exited during startup (log: {self.log.name})")
            try:
                Resp(self.port).call("PING")
                return
            except OSError:
                if time.time() > deadline:
                    sys.exit(f"{label} did not answer on port {self.port}")
                time.sleep(0.2)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


# What is measured: BGSAVE (the default), or BGREWRITEAOF (--command bgrewriteaof) with the
# INFO persistence fields that say it is still running and how it ended.
JOBS = {
    "bgsave": ("BGSAVE", ["rdb_bgsave_in_progress"], "rdb_last_bgsave_status"),
    "bgrewriteaof": ("BGREWRITEAOF", ["aof_rewrite_in_progress", "aof_rewrite_scheduled"], "aof_last_bgrewrite_status"),
    # A real redis-server replica started against the server: the job ends when its link is up.
    "fullsync": (None, [], None),
}
JOB = JOBS["bgsave"]


def wait_for_save(conn):
    while any(conn.info("persistence").get(field) != "0" for field in JOB[1]):
        time.sleep(0.01)


def run_job(conn, pin):
    """Runs the measured job to its end: a background save, or a full sync to a new real replica."""
    if JOB[0] is not None:
        conn.call(JOB[0])
        wait_for_save(conn)
        return
    conn.call("CONFIG", "SET", "repl-diskless-sync-delay", "0")
    primary_port = conn.sock.getpeername()[1]
    replica = Server("replica", ["redis-server", "--replicaof", "127.0.0.1", str(primary_port)], pin)
    try:
        link = Resp(replica.port)
        while link.info("replication").get("master_link_status") != "up":
            time.sleep(0.01)
        link.close()
    finally:
        replica.stop()


def percentile(sorted_values, fraction):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


def measure(server, keys, pin):
    """One measured BGSAVE under load; returns a dict of results."""
    conn = Resp(server.port)
    prefix = ["taskset", "-c", "0"] if pin else []
    bench = subprocess.Popen(prefix + ["redis-benchmark", "-p", str(server.port), "-c", "50", "-P", "1", "-t", "set,get",
                                       "-n", "100000000", "-r", str(keys), "-q"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples = []  # (start time, round trip in ms)
    stop = threading.Event()

    def probe():
        if pin:
            os.sched_setaffinity(0, {0})
        p = Resp(server.port)
        while not stop.is_set():
            t = time.perf_counter()
            p.call("PING")
            samples.append((t, (time.perf_counter() - t) * 1000))
        p.close()

    thread = threading.Thread(target=probe)
    thread.start()
    time.sleep(1.0)
    gc_before = conn.info("memory")
    commands_before = int(conn.info("stats")["total_commands_processed"])
    save_start = time.perf_counter()
    run_job(conn, pin)
    save_end = time.perf_counter()
    commands = int(conn.info("stats")["total_commands_processed"]) - commands_before
    gc_after = conn.info("memory")
    time.sleep(0.3)
    stop.set()
    thread.join()
    bench.terminate()
    bench.wait()

    before = sorted(ms for t, ms in samples if save_start - 1.0 <= t < save_start)
    during = sorted(ms for t, ms in samples if save_start <= t <= save_end)
    persistence = conn.info("persistence")
    stats = conn.info("stats")
    result = {
        "server": server.label,
        "keys": keys,
        "duration": save_end - save_start,
        "ops": commands / (save_end - save_start),
        "status": persistence.get(JOB[2]) if JOB[2] else "",
        "samples": len(during),
        "max": during[-1] if during else float("nan"),
        "p999": percentile(during, 0.999) if during else float("nan"),
        "p99": percentile(during, 0.99) if during else float("nan"),
        "before_max": before[-1] if before else float("nan"),
    }
    if "gc_gen0_collections" in gc_after:
        counts = [int(gc_after[f"gc_gen{g}_collections"]) - int(gc_before[f"gc_gen{g}_collections"]) for g in range(3)]
        pause = int(gc_after["gc_pause_total_ms"]) - int(gc_before["gc_pause_total_ms"])
        result["note"] = (f"GC during the save: gen0/1/2 +{counts[0]}/+{counts[1]}/+{counts[2]}, {pause} ms paused in all; "
                          f"{gc_after['gc_mode']}")
    else:
        result["note"] = f"fork {int(stats.get('latest_fork_usec', '0')) / 1000:.1f} ms"
    conn.close()
    return result


def publish():
    out = tempfile.mkdtemp(prefix="eventloopredis-")
    subprocess.run(["dotnet", "publish", "Server/Server.csproj", "-c", "Release", "-o", out], check=True, capture_output=True)
    return os.path.join(out, "Server.dll")


def table(results):
    lines = ["| Server | Keys | Save (s) | Commands/s during the save | Worst PING during the save (ms) | p99.9 (ms) | p99 (ms) | PINGs | "
             "Worst PING in the second before (ms) | Notes |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        lines.append(f"| {r['server']} | {r['keys']:,} | {r['duration']:.2f} | {r['ops']:,.0f} | {r['max']:.1f} | {r['p999']:.1f} | {r['p99']:.1f} | "
                     f"{r['samples']} | {r['before_max']:.1f} | {r['note']} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--warmup-saves", type=int, default=1)
    parser.add_argument("--pin", action="store_true")
    parser.add_argument("--dll", help="a built Server.dll (default: publish Release to a temporary directory)")
    parser.add_argument("--baseline-dll", help="also measure this build of the server (labelled 'baseline'), in the same rounds")
    parser.add_argument("--only", choices=["ours", "redis"], help="measure one server only")
    parser.add_argument("--append", help="append the table to this markdown file")
    parser.add_argument("--command", choices=sorted(JOBS), default="bgsave", help="the background job measured")
    args = parser.parse_args()
    global JOB
    JOB = JOBS[args.command]

    dll = os.path.abspath(args.dll) if args.dll else publish()
    argvs = {"ours": ["dotnet", dll], "redis": ["redis-server"]}
    labels = [args.only] if args.only else ["ours", "redis"]
    if args.baseline_dll:
        argvs["baseline"] = ["dotnet", os.path.abspath(args.baseline_dll)]
        labels.insert(0, "baseline")
    load_before = os.getloadavg()[0]
    results = []
    for _ in range(args.rounds):
        for label in labels:
            server = Server(label, argvs[label], args.pin)
            try:
                conn = Resp(server.port)
                conn.call("DEBUG", "POPULATE", args.keys)
                for _ in range(args.warmup_saves):
                    run_job(conn, args.pin)
                conn.close()
                results.append(measure(server, args.keys, args.pin))
                print(table(results[-1:]).splitlines()[-1], flush=True)
            finally:
                server.stop()

    text = table(results)
    print(text)
    if args.append:
        command = "python3 Benchmarks/bgsave-pause.py " + " ".join(sys.argv[1:])
        with open(args.append, "a") as f:
            f.write(f"\n`{command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
                    f"load average {load_before:.1f} at the start:\n\n{text}\n")


if __name__ == "__main__":
    main()
