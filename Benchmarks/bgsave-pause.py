#!/usr/bin/python3
"""BGSAVE of a big dataset while clients run: the longest pause a client saw, and the save's duration.

Fills the server at HOST:PORT with KEYS string keys (EVAL loops), starts redis-benchmark in the
background (-c 50 -P 1 -t set,get), and meanwhile a probe client sends PING back to back and records
each round trip; after a second of baseline it sends BGSAVE and polls INFO persistence until the save
ends. Prints the longest probe round trip before and during the save, redis-benchmark's own max
latency, and the save's duration (BGSAVE reply to rdb_bgsave_in_progress:0).

Usage: bgsave-pause.py PORT [KEYS] [BENCH_REQUESTS]. Run it against EventLoopRedis and redis-server
started with the same data directory settings (save "" and a dir of their own). Uses only the
standard library: a small RESP client is below.
"""

import socket
import subprocess
import sys
import threading
import time


class Resp:
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
            self.buf += self.sock.recv(1 << 16)
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _read(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind in (b"+", b"-", b":"):
            return rest.decode()
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


def field(conn, name):
    for line in conn.call("INFO", "persistence").split("\r\n"):
        if line.startswith(name + ":"):
            return line.split(":", 1)[1]
    return None


def main():
    port = int(sys.argv[1])
    keys = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    requests = int(sys.argv[3]) if len(sys.argv) > 3 else 2_000_000
    conn = Resp(port)
    conn.call("FLUSHALL")
    batch = 100_000
    for start in range(0, keys, batch):
        conn.call("EVAL", "for i = ARGV[1], ARGV[2] do redis.call('set', 'key:' .. i, 'value:' .. i) end return 1",
                  0, start + 1, min(keys, start + batch))
    print(f"filled {conn.call('DBSIZE')} keys")

    bench = subprocess.Popen(["redis-benchmark", "-p", str(port), "-c", "50", "-P", "1", "-t", "set,get",
                              "-n", str(requests), "-r", str(keys), "-q"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    samples = []  # (time, round trip in ms)
    stop = threading.Event()

    def probe():
        p = Resp(port)
        while not stop.is_set():
            t = time.perf_counter()
            p.call("PING")
            samples.append((t, (time.perf_counter() - t) * 1000))

    thread = threading.Thread(target=probe)
    thread.start()
    time.sleep(1.0)
    save_start = time.perf_counter()
    print("BGSAVE:", conn.call("BGSAVE"))
    while field(conn, "rdb_bgsave_in_progress") != "0":
        time.sleep(0.01)
    save_end = time.perf_counter()
    time.sleep(0.5)
    stop.set()
    thread.join()
    bench.terminate()
    bench_out = bench.communicate()[0]

    before = [ms for t, ms in samples if t < save_start]
    during = [ms for t, ms in samples if save_start <= t <= save_end]
    print(f"save duration: {save_end - save_start:.2f} s, status {field(conn, 'rdb_last_bgsave_status')}, "
          f"cow bytes {field(conn, 'rdb_last_cow_size')}")
    if before:
        print(f"probe PING before the save: {len(before)} samples, max {max(before):.1f} ms")
    if during:
        during.sort()
        print(f"probe PING during the save: {len(during)} samples, max {during[-1]:.1f} ms, "
              f"p99 {during[int(len(during) * 0.99)]:.1f} ms")
    print("redis-benchmark (stopped after the save):", " | ".join(l.strip() for l in bench_out.splitlines()[-3:] if l.strip()))


if __name__ == "__main__":
    main()
