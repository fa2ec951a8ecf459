#!/usr/bin/env bash
# Benchmarks/compare-with-redis.sh: measure EventLoopRedis against the real
# redis-server on this machine with redis-benchmark, in one run, and write a
# markdown report (default docs/benchmarks.md).
#
# Usage (from the repository root):
#   bash Benchmarks/compare-with-redis.sh [--rounds 3] [--requests 200000]
#        [--clients 50] [--tests ping_inline,ping_mbulk,set,get]
#        [--pipelines "1 16"] [--out docs/benchmarks.md]
#        [--extra-test "NAME|command args..."]...  [--setup "redis-cli args"]...
#        [--warmup 20000] [--keyspace 100000] [--timeout 300]
#
#   --rounds N        measured rounds per pipeline depth (median is reported)
#   --requests N      requests per test per run (redis-benchmark -n)
#   --clients N       parallel connections (redis-benchmark -c)
#   --tests LIST      redis-benchmark -t list (comma separated)
#   --pipelines LIST  pipeline depths, space or comma separated (-P)
#   --out FILE        markdown file to write
#   --extra-test S    "NAME|command args": also benchmark a raw command, reported
#                     as NAME; repeatable. Args are split like a shell would
#                     (quotes allowed), e.g. --extra-test 'EVAL|EVAL "return 1" 0'
#   --setup S         redis-cli arguments run once against both servers after
#                     start (e.g. 'SCRIPT LOAD "return 1"' before an EVALSHA test);
#                     repeatable; must succeed on both
#   --warmup N        requests per test in one unmeasured warm-up run against
#                     each server (JIT warm-up for ours); 0 disables
#   --keyspace N      redis-benchmark -r (random keys); 0 disables
#   --timeout S       per redis-benchmark invocation time limit, seconds
#   --pin             run the servers and redis-benchmark on CPU 0 (taskset -c 0):
#                     the most repeatable setup on a small, noisy VM
#   --garnet          also run Garnet (the C# server people compare us with) as a
#                     third column: needs garnet-server (dotnet tool install -g
#                     garnet-server --version 2.2.8) on PATH or in ~/.dotnet/tools,
#                     or GARNET_SERVER_CMD; started with --lua for EVAL/EVALSHA
#   --chart FILE      PNG chart of the ratios (default docs/images/benchmark-ratios.png,
#                     drawn with ScottPlot by the Benchmarks project); "" for none
#
# Environment:
#   GARNET_SERVER_CMD command that starts Garnet with --garnet; "--port P --bind
#                     127.0.0.1 --lua" is appended.
#   OUR_SERVER_CMD    command prefix that starts "our" server; "--port P" is
#                     appended. Default: publish Server/Server.csproj (Release)
#                     once into a temp dir and run "dotnet <tmp>/server/Server.dll".
#                     Example self-test: OUR_SERVER_CMD="redis-server --save '' --appendonly no"
#
# Runs are interleaved ours, Redis[, Garnet], ours, Redis, ... with identical flags.
# Servers are stopped by the PIDs this script started; the temp dir is removed.
# Exit status: 0 ok; 1 setup error; 3 report written but some runs failed.
set -euo pipefail

# ---------------------------------------------------------------- arguments
ROUNDS=3
REQUESTS=200000
CLIENTS=50
TESTS="ping_inline,ping_mbulk,set,get"
PIPELINES="1 16"
OUT="docs/benchmarks.md"
WARMUP=20000
KEYSPACE=100000
RUN_TIMEOUT=300
EXTRA_TESTS=()
PIN=()
SETUP_CMDS=()
GARNET=0
CHART="docs/images/benchmark-ratios.png"

die() { echo "compare-with-redis: error: $*" >&2; exit 1; }
warn() { echo "compare-with-redis: warning: $*" >&2; }
log() { echo "==> $*" >&2; }

# Quote a word for display only when needed (readable, still copy-pasteable).
shquote() {
  if [[ $1 =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then printf '%s' "$1"
  elif [[ $1 != *\'* ]]; then printf "'%s'" "$1"
  elif [[ $1 != *[\"\$\`\\]* ]]; then printf '"%s"' "$1"
  else printf "'%s'" "${1//\'/\'\\\'\'}"; fi
}

CMDLINE=""
[[ -n ${OUR_SERVER_CMD:-} ]] && CMDLINE="OUR_SERVER_CMD=$(shquote "$OUR_SERVER_CMD") "
CMDLINE+="bash $(shquote "$0")"
for a in "$@"; do CMDLINE+=" $(shquote "$a")"; done

need_value() { [[ $# -ge 2 ]] || die "option $1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --rounds)     need_value "$@"; ROUNDS=$2; shift 2 ;;
    --requests)   need_value "$@"; REQUESTS=$2; shift 2 ;;
    --clients)    need_value "$@"; CLIENTS=$2; shift 2 ;;
    --tests)      need_value "$@"; TESTS=$2; shift 2 ;;
    --pipelines)  need_value "$@"; PIPELINES=$2; shift 2 ;;
    --out)        need_value "$@"; OUT=$2; shift 2 ;;
    --extra-test) need_value "$@"; EXTRA_TESTS+=("$2"); shift 2 ;;
    --setup)      need_value "$@"; SETUP_CMDS+=("$2"); shift 2 ;;
    --warmup)     need_value "$@"; WARMUP=$2; shift 2 ;;
    --keyspace)   need_value "$@"; KEYSPACE=$2; shift 2 ;;
    --timeout)    need_value "$@"; RUN_TIMEOUT=$2; shift 2 ;;
    --pin)        PIN=(taskset -c 0); shift ;;
    --garnet)     GARNET=1; shift ;;
    --chart)      need_value "$@"; CHART=$2; shift 2 ;;
    -h|--help)    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }
for v in ROUNDS:rounds REQUESTS:requests CLIENTS:clients RUN_TIMEOUT:timeout; do
  var=${v%%:*}; val=${!var}
  is_uint "$val" && [[ $val -gt 0 ]] || die "--${v#*:} must be a positive integer (got '$val')"
done
is_uint "$WARMUP" || die "--warmup must be a non-negative integer"
is_uint "$KEYSPACE" || die "--keyspace must be a non-negative integer"
read -r -a DEPTHS <<< "${PIPELINES//,/ }"
[[ ${#DEPTHS[@]} -gt 0 ]] || die "--pipelines is empty"
for d in "${DEPTHS[@]}"; do is_uint "$d" && [[ $d -gt 0 ]] || die "bad pipeline depth '$d'"; done
TESTS=${TESTS// /}
[[ -n $TESTS || ${#EXTRA_TESTS[@]} -gt 0 ]] || die "nothing to run: --tests is empty and no --extra-test"

# ---------------------------------------------------------------- tools
for t in redis-benchmark redis-server redis-cli python3 timeout; do
  command -v "$t" >/dev/null 2>&1 || case $t in
    redis-benchmark) die "redis-benchmark not found in PATH (Debian/Ubuntu: apt-get install redis-tools)" ;;
    redis-server)    die "redis-server not found in PATH (Debian/Ubuntu: apt-get install redis-server)" ;;
    *)               die "$t not found in PATH" ;;
  esac
done

# Extra tests: "NAME|command args" -> name + NUL-separated argv file (shell-like split).
EXTRA_NAMES=()
parse_extra() { # $1 spec, $2 argv file; prints name
  python3 - "$1" "$2" <<'PY'
import shlex, sys
spec, out = sys.argv[1], sys.argv[2]
name, sep, cmd = spec.partition("|")
if not sep:
    cmd, name = spec, ""
try:
    argv = shlex.split(cmd)
except ValueError as e:
    sys.exit(f"bad --extra-test {spec!r}: {e}")
if not argv:
    sys.exit(f"bad --extra-test {spec!r}: empty command")
name = name.strip() or argv[0].upper()
open(out, "wb").write(b"".join(a.encode() + b"\0" for a in argv))
print(name)
PY
}

# ---------------------------------------------------------------- temp dir, cleanup
TMP=$(mktemp -d "${TMPDIR:-/tmp}/compare-with-redis.XXXXXX")
OUR_PID=""
REDIS_PID=""
GARNET_PID=""
stop_pid() { # $1 pid, $2 label
  local pid=$1 i
  [[ -n $pid ]] || return 0
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$2 (pid $pid) did not exit after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  stop_pid "$OUR_PID" "our server"
  stop_pid "$REDIS_PID" "redis-server"
  stop_pid "$GARNET_PID" "garnet-server"
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for i in "${!EXTRA_TESTS[@]}"; do
  EXTRA_NAMES+=("$(parse_extra "${EXTRA_TESTS[$i]}" "$TMP/extra.$i.argv")") || die "bad --extra-test"
done

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_ready() { # $1 port, $2 pid, $3 label, $4 log
  local deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$2" 2>/dev/null; then
      echo "--- last lines of $4:" >&2; tail -n 30 "$4" >&2 || true
      die "$3 exited during startup"
    fi
    [[ $(timeout 2 redis-cli -p "$1" ping 2>/dev/null || true) == PONG ]] && return 0
    sleep 0.2
  done
  echo "--- last lines of $4:" >&2; tail -n 30 "$4" >&2 || true
  die "$3 did not answer PING on port $1 within 30 s"
}

# ---------------------------------------------------------------- build + start
if [[ -n ${OUR_SERVER_CMD:-} ]]; then
  OUR_DESC="$OUR_SERVER_CMD"
  log "our server: OUR_SERVER_CMD=$OUR_SERVER_CMD (no publish)"
else
  [[ -f Server/Server.csproj ]] || die "Server/Server.csproj not found; run from the repository root (or set OUR_SERVER_CMD)"
  command -v dotnet >/dev/null 2>&1 || die "dotnet not found in PATH"
  log "publishing Server/Server.csproj (Release) ..."
  if ! dotnet publish Server/Server.csproj -c Release -o "$TMP/server" >"$TMP/publish.log" 2>&1; then
    tail -n 40 "$TMP/publish.log" >&2
    die "dotnet publish failed"
  fi
  OUR_DESC="dotnet Server.dll (dotnet publish Server/Server.csproj -c Release)"
fi
if [[ -n $CHART ]]; then
  log "building the chart tool (Benchmarks, Release) ..."
  if ! dotnet build Benchmarks/Benchmarks.csproj -c Release -o "$TMP/bench" >"$TMP/bench-build.log" 2>&1; then
    tail -n 20 "$TMP/bench-build.log" >&2
    die "building Benchmarks for the chart failed (or pass --chart '')"
  fi
fi
GARNET_DESC=""
if ((GARNET)); then
  if [[ -z ${GARNET_SERVER_CMD:-} ]]; then
    if command -v garnet-server >/dev/null 2>&1; then GARNET_SERVER_CMD=garnet-server
    elif [[ -x $HOME/.dotnet/tools/garnet-server ]]; then GARNET_SERVER_CMD=$HOME/.dotnet/tools/garnet-server
    else die "--garnet: garnet-server not found (dotnet tool install -g garnet-server --version 2.2.8, or set GARNET_SERVER_CMD)"; fi
  fi
fi

OUR_PORT=$(free_port)
REDIS_PORT=$(free_port)
while [[ $REDIS_PORT == "$OUR_PORT" ]]; do REDIS_PORT=$(free_port); done
GARNET_PORT=$(free_port)
while [[ $GARNET_PORT == "$OUR_PORT" || $GARNET_PORT == "$REDIS_PORT" ]]; do GARNET_PORT=$(free_port); done

log "starting our server on port $OUR_PORT"
if [[ -n ${OUR_SERVER_CMD:-} ]]; then
  # exec: the PID we record is the server itself, not a wrapper shell.
  "${PIN[@]}" bash -c "exec $OUR_SERVER_CMD --port $OUR_PORT" >"$TMP/ours.log" 2>&1 &
else
  "${PIN[@]}" dotnet "$TMP/server/Server.dll" --save '' --port "$OUR_PORT" >"$TMP/ours.log" 2>&1 &
fi
OUR_PID=$!

log "starting redis-server on port $REDIS_PORT"
mkdir -p "$TMP/redis"
"${PIN[@]}" redis-server --port "$REDIS_PORT" --save "" --appendonly no --bind 127.0.0.1 \
  --dir "$TMP/redis" >"$TMP/redis.log" 2>&1 &
REDIS_PID=$!

if ((GARNET)); then
  log "starting garnet-server on port $GARNET_PORT"
  "${PIN[@]}" bash -c "exec $GARNET_SERVER_CMD --port $GARNET_PORT --bind 127.0.0.1 --lua" >"$TMP/garnet.log" 2>&1 &
  GARNET_PID=$!
fi

wait_ready "$OUR_PORT" "$OUR_PID" "our server" "$TMP/ours.log"
wait_ready "$REDIS_PORT" "$REDIS_PID" "redis-server" "$TMP/redis.log"
log "both servers answer PING (ours pid $OUR_PID, redis pid $REDIS_PID)"
if ((GARNET)); then
  wait_ready "$GARNET_PORT" "$GARNET_PID" "garnet-server" "$TMP/garnet.log"
  GARNET_DESC="garnet-server $(redis-cli -p "$GARNET_PORT" info server | tr -d '\r' | sed -n 's/^garnet_version://p') --lua"
  log "garnet answers PING (pid $GARNET_PID)"
fi

for s in "${SETUP_CMDS[@]}"; do
  mapfile -d '' SARGV < <(python3 -c 'import shlex,sys; sys.stdout.write("".join(a+"\0" for a in shlex.split(sys.argv[1])))' "$s")
  for p in "$OUR_PORT" "$REDIS_PORT"; do
    out=$(redis-cli -p "$p" "${SARGV[@]}" 2>&1) || die "--setup '$s' failed on port $p: $out"
    [[ $out == ERR* || $out == "(error)"* ]] && die "--setup '$s' failed on port $p: $out"
    log "setup on port $p: $s -> $out"
  done
  if ((GARNET)); then # Garnet is a comparison column: a setup it refuses only costs its column
    out=$(redis-cli -p "$GARNET_PORT" "${SARGV[@]}" 2>&1) || true
    log "setup on garnet: $s -> $out"
  fi
done

# ---------------------------------------------------------------- benchmark runs
RESULTS="$TMP/results.tsv"   # depth round server test rps|FAIL
: >"$RESULTS"
FAILURES=0
COMMON=(-q --csv -n "$REQUESTS" -c "$CLIENTS")
((KEYSPACE > 0)) && COMMON+=(-r "$KEYSPACE")

# run_one PORT PID LABEL DEPTH ROUND NAME_OR_EMPTY [-t TESTS | cmd args...]
# Appends one TSV row per reported test; rows for tests that produced no CSV line
# are marked FAIL (redis-benchmark stops at the first error reply).
run_one() {
  local port=$1 pid=$2 label=$3 depth=$4 round=$5 name=$6; shift 6
  local csv="$TMP/run.csv" err="$TMP/run.err" rc=0
  timeout "$RUN_TIMEOUT" "${PIN[@]}" redis-benchmark -p "$port" "${COMMON[@]}" -P "$depth" "$@" \
    >"$csv" 2>"$err" || rc=$?
  if [[ $round == warmup ]]; then
    ((rc == 0)) || warn "warm-up on $label failed (rc=$rc): $(grep -v '^WARNING' "$err" | head -n 3 | tr '\n' ' ')"
    return 0
  fi
  local expected
  if [[ -n $name ]]; then expected="$name"; else expected="${TESTS}"; fi
  python3 - "$csv" "$depth" "$round" "$label" "$name" "$rc" "$expected" >>"$RESULTS" <<'PY'
import csv, sys
path, depth, rnd, label, name, rc, expected = sys.argv[1:]
rows = []
with open(path, newline="") as f:
    for r in csv.reader(f):
        if len(r) >= 2 and r[0] != "test":
            try:
                rows.append((r[0], float(r[1])))
            except ValueError:
                pass
if name:  # raw command: one row, named after the whole command line -> rename
    rows = [(name, rps) for _, rps in rows[:1]]
for t, rps in rows:
    print(f"{depth}\t{rnd}\t{label}\t{t}\t{rps:.2f}")
if rc != "0" or not rows:
    # Mark the run as failed; name the tests that are missing when we can tell.
    got = {t.upper() for t, _ in rows}
    want = [name] if name else [t.upper() for t in expected.split(",") if t]
    missing = [t for t in want if t.upper() not in got and t.upper() != "PING"]
    for t in (missing or ["(run)"]):
        print(f"{depth}\t{rnd}\t{label}\t{t}\tFAIL")
PY
  if ((rc != 0)) && [[ $label == garnet ]]; then # a test Garnet cannot run leaves its cell n/a
    warn "redis-benchmark against garnet (P=$depth, round $round${name:+, $name}) failed rc=$rc"
  elif ((rc != 0)); then
    FAILURES=$((FAILURES + 1))
    local msg
    msg=$(grep -v '^WARNING: Could not fetch server CONFIG' "$err" | head -n 3 | tr '\n' ' ')
    ((rc == 124)) && msg="timed out after ${RUN_TIMEOUT}s. $msg"
    warn "redis-benchmark against $label (P=$depth, round $round${name:+, $name}) failed rc=$rc: $msg"
    kill -0 "$pid" 2>/dev/null || die "$label (pid $pid) is no longer running; see above"
  fi
}

run_server() { # PORT PID LABEL DEPTH ROUND
  local i
  if [[ -n $TESTS ]]; then run_one "$@" "" -t "$TESTS"; fi
  for i in "${!EXTRA_NAMES[@]}"; do
    local argv=()
    mapfile -d '' argv <"$TMP/extra.$i.argv"
    run_one "$@" "${EXTRA_NAMES[$i]}" "${argv[@]}"
  done
}

START=$SECONDS
if ((WARMUP > 0)); then
  log "warm-up: $WARMUP requests per test on each server (not measured)"
  SAVED_COMMON=("${COMMON[@]}")
  COMMON=(-q --csv -n "$WARMUP" -c "$CLIENTS")
  ((KEYSPACE > 0)) && COMMON+=(-r "$KEYSPACE")
  for d in "${DEPTHS[@]}"; do
    run_server "$OUR_PORT" "$OUR_PID" ours "$d" warmup
    run_server "$REDIS_PORT" "$REDIS_PID" redis "$d" warmup
    if ((GARNET)); then run_server "$GARNET_PORT" "$GARNET_PID" garnet "$d" warmup; fi
  done
  COMMON=("${SAVED_COMMON[@]}")
fi

for d in "${DEPTHS[@]}"; do
  for ((r = 1; r <= ROUNDS; r++)); do
    log "P=$d round $r/$ROUNDS: ours"
    run_server "$OUR_PORT" "$OUR_PID" ours "$d" "$r"
    log "P=$d round $r/$ROUNDS: redis"
    run_server "$REDIS_PORT" "$REDIS_PID" redis "$d" "$r"
    if ((GARNET)); then
      log "P=$d round $r/$ROUNDS: garnet"
      run_server "$GARNET_PORT" "$GARNET_PID" garnet "$d" "$r"
    fi
  done
done
ELAPSED=$((SECONDS - START))

# Both servers must still be alive, otherwise the last numbers are suspect.
kill -0 "$OUR_PID" 2>/dev/null || die "our server (pid $OUR_PID) died during the benchmark"
kill -0 "$REDIS_PID" 2>/dev/null || die "redis-server (pid $REDIS_PID) died during the benchmark"
if ((GARNET)) && ! kill -0 "$GARNET_PID" 2>/dev/null; then warn "garnet-server (pid $GARNET_PID) died during the benchmark"; fi

# ---------------------------------------------------------------- report
CPU_MODEL=$(grep -m1 -E '^(model name|Model|cpu model)' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
[[ -n $CPU_MODEL ]] || CPU_MODEL=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1 || true)
export R_DATE R_NPROC R_CPU R_MEM R_KERNEL R_DOTNET R_REDIS R_BENCH R_CMDLINE R_OURS R_ELAPSED \
       R_ROUNDS R_REQUESTS R_CLIENTS R_KEYSPACE R_WARMUP R_DEPTHS R_EXTRAS R_PIN R_GARNET R_CHART
R_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
R_NPROC=$(nproc 2>/dev/null || echo '?')
R_CPU=${CPU_MODEL:-unknown}
R_MEM=$(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo '?')
R_KERNEL=$(uname -sr)
R_DOTNET=$(dotnet --version 2>/dev/null || echo 'not installed')
R_REDIS=$(redis-server --version 2>/dev/null | head -n1)
R_BENCH=$(redis-benchmark --version 2>/dev/null | head -n1)
R_CMDLINE=$CMDLINE
R_OURS=$OUR_DESC
R_ELAPSED=$ELAPSED
R_ROUNDS=$ROUNDS R_REQUESTS=$REQUESTS R_CLIENTS=$CLIENTS R_KEYSPACE=$KEYSPACE R_WARMUP=$WARMUP
R_DEPTHS="${DEPTHS[*]}"
R_PIN=${PIN[*]:-}
R_GARNET=$GARNET_DESC
R_CHART=$CHART
R_EXTRAS=""
for i in "${!EXTRA_NAMES[@]}"; do
  spec=${EXTRA_TESTS[$i]}
  [[ $spec == *'|'* ]] && spec=${spec#*|}
  R_EXTRAS+="${EXTRA_NAMES[$i]}"$'\t'"$spec"$'\n'
done

mkdir -p "$(dirname "$OUT")"
python3 - "$RESULTS" "$OUT" <<'PY'
import os, statistics, sys
from collections import OrderedDict

results_path, out_path = sys.argv[1], sys.argv[2]
E = os.environ
depths = [int(d) for d in E["R_DEPTHS"].split()]
rounds = int(E["R_ROUNDS"])

# data[depth][test][server][round] = rps (float) or None for a failed run
data = OrderedDict((d, OrderedDict()) for d in depths)
with open(results_path) as f:
    for line in f:
        d, rnd, srv, test, rps = line.rstrip("\n").split("\t")
        if test == "(run)":
            continue
        cell = data[int(d)].setdefault(test, {"ours": {}, "redis": {}, "garnet": {}})
        cell[srv][int(rnd)] = None if rps == "FAIL" else float(rps)

def med(vals):
    v = [x for x in vals.values() if x is not None]
    return statistics.median(v) if v else None

def code(s):
    fence = "``" if "`" in s else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{s}{pad}{fence}"

def fmt(x):
    return "n/a" if x is None else f"{x:,.0f}"

def ratio(o, r):
    return None if o is None or not r else o / r

def paired(cell):
    # Median of per-round ratios: each ours run is paired with the Redis run that
    # directly followed it, so drift of the machine between rounds cancels out.
    qs = [ratio(cell["ours"].get(i), cell["redis"].get(i)) for i in range(1, rounds + 1)]
    qs = [q for q in qs if q is not None]
    return (statistics.median(qs), min(qs), max(qs)) if qs else None

lines_stdout, md = [], []
summary = []  # (depth, test, ratio)

md.append("# Benchmarks: EventLoopRedis vs Redis 7.0")
md.append("")
md.append("_Generated by `Benchmarks/compare-with-redis.sh`; do not edit by hand, re-run the script._")
md.append("")
md.append(f"- Date: {E['R_DATE']}")
md.append(f"- Machine: {E['R_NPROC']} CPUs, {E['R_CPU']}, {E['R_MEM']} RAM, {E['R_KERNEL']}")
md.append(f"- .NET SDK: {code(E['R_DOTNET'])}")
md.append(f"- Redis: {code(E['R_REDIS'])}")
md.append(f"- Client: {code(E['R_BENCH'])}")
md.append(f"- Ours: {code(E['R_OURS'])}")
garnet = bool(E.get("R_GARNET"))
if garnet:
    md.append(f"- Garnet: {code(E['R_GARNET'])} (installed with `dotnet tool install -g garnet-server --version 2.2.8`)")
md.append(f"- Command: {code(E['R_CMDLINE'])}")
md.append("")
ks = f"-r {E['R_KEYSPACE']}" if E["R_KEYSPACE"] != "0" else "no -r"
md.append(
    f"Method: server and `redis-benchmark` share the machine"
    f"{' and all three run pinned to CPU 0 (`taskset -c 0`)' if E['R_PIN'] else ''}; each run is "
    f"`redis-benchmark -q --csv -n {E['R_REQUESTS']} -c {E['R_CLIENTS']} {ks} -P <depth>`, "
    f"alternating ours, Redis{', Garnet' if garnet else ''}, ours, Redis for {rounds} round(s) per depth "
    f"(after a {E['R_WARMUP']}-request warm-up per test, not counted). "
    f"Numbers are the median requests/s over rounds; ratio = ours / Redis of those medians "
    f"(above 1.00 means ours is faster); paired ratio = median over rounds of "
    f"ours / the Redis run right after it, with its range, which is less sensitive "
    f"to the machine slowing down between rounds. Total benchmark time: {E['R_ELAPSED']} s."
)
extras = [l.split("\t", 1) for l in E["R_EXTRAS"].splitlines() if l]
if extras:
    md.append("")
    md.append("Extra tests: " + "; ".join(f"{n} = {code(c)}" for n, c in extras) + ".")
md.append("")

garnet_ratios = {}
for d in depths:
    title = f"Pipeline depth {d} (-P {d})"
    tbl = [
        "| test | ours (req/s, median) | Redis (req/s, median) | ratio | paired ratio (min-max) |"
        + (" Garnet (req/s, median) | ours / Garnet |" if garnet else ""),
        "|---|---:|---:|---:|---:|" + ("---:|---:|" if garnet else ""),
    ]
    for test, cell in data[d].items():
        o, r = med(cell["ours"]), med(cell["redis"])
        q = ratio(o, r)
        summary.append((d, test, q))
        note = "" if all(v is not None for s in (cell["ours"], cell["redis"]) for v in s.values()) else " (some runs failed)"
        pr = paired(cell)
        prs = "n/a" if pr is None else f"{pr[0]:.2f} ({pr[1]:.2f}-{pr[2]:.2f})"
        row = f"| {test} | {fmt(o)} | {fmt(r)} | {'n/a' if q is None else f'{q:.2f}'}{note} | {prs} |"
        if garnet:
            g = med(cell["garnet"])
            qg = ratio(o, g)
            garnet_ratios[(d, test)] = qg
            row += f" {fmt(g)} | {'n/a' if qg is None else f'{qg:.2f}'} |"
        tbl.append(row)
    md += [f"## {title}", ""] + tbl + [""]
    lines_stdout += [title] + tbl + [""]

# ASCII bar chart of the ratios: 40 columns = parity (1.00), '|' marks parity.
SCALE, CAP = 40, 80
label_w = max([len(f"P={d} {t}") for d, t, _ in summary] + [10])
chart = [f"ratio ours/Redis, median req/s ('|' = parity 1.00, {SCALE} chars = 1.00)", ""]
for d, t, q in summary:
    label = f"P={d} {t}".ljust(label_w)
    if q is None:
        chart.append(f"{label}  {'':<{SCALE + 1}}  n/a")
        continue
    n = int(round(q * SCALE))
    over = n > CAP
    n = min(n, CAP)
    row = list("#" * n + " " * max(0, SCALE + 1 - n))
    row[SCALE] = "|"  # parity marker, drawn inside longer bars too
    bar = "".join(row) + (">" if over else "")
    chart.append(f"{label}  {bar:<{SCALE + 1}}  {q:.2f}")
md += ["## Chart", ""]
if E.get("R_CHART"):
    tsv = os.path.join(os.path.dirname(results_path), "ratios.tsv")
    with open(tsv, "w") as f:
        for d, t, q in summary:
            qg = garnet_ratios.get((d, t))
            f.write(f"{d}\t{t}\t{'n/a' if q is None else q}\t{'n/a' if qg is None else qg}\n")
    import subprocess
    os.makedirs(os.path.dirname(E["R_CHART"]) or ".", exist_ok=True)
    drawn = subprocess.run(["dotnet", os.path.join(os.path.dirname(results_path), "bench", "Benchmarks.dll"),
                            "chart", tsv, E["R_CHART"]]).returncode == 0
    if drawn:
        rel = os.path.relpath(E["R_CHART"], os.path.dirname(out_path) or ".")
        md += [f"![ratio to Redis per test and pipeline depth]({rel})", ""]
md += ["```text"] + chart + ["```", ""]
lines_stdout += chart + [""]

# The issue's targets (issue 14), each marked met or not from the medians above.
def q_of(d, t):
    return next((q for dd, tt, q in summary if dd == d and tt.split(" ")[0] == t), None)
targets = []
for d in depths:
    below = [f"{t} {q:.2f}" for dd, t, q in summary if dd == d and q is not None and q < 1.0]
    missing = [t for dd, t, q in summary if dd == d and q is None]
    targets.append((f"every test >= 1.00x Redis at -P {d}", not below and not missing,
                    "all met" if not below and not missing else "below: " + ", ".join(below + [f"{t} n/a" for t in missing])))
if 16 in depths:
    for t, want in (("SET", 1.2), ("GET", 1.2), ("EVALSHA", 1.5)):
        q = q_of(16, t)
        if q is not None or t != "EVALSHA":
            targets.append((f"{t} >= {want:.1f}x Redis at -P 16", q is not None and q >= want, "n/a" if q is None else f"{q:.2f}"))
md += ["## Targets (issue 14)", "", "| target | met | measured |", "|---|---|---|"]
md += [f"| {name} | {'yes' if ok else 'no'} | {got} |" for name, ok, got in targets] + [""]

# Raw numbers, per round.
md += ["<details>", "<summary>Raw per-round numbers (req/s)</summary>", ""]
hdr = "| depth | test | server | " + " | ".join(f"round {i}" for i in range(1, rounds + 1)) + " | median |"
md += [hdr, "|---|---|---|" + "---:|" * (rounds + 1)]
for d in depths:
    for test, cell in data[d].items():
        for srv, name in (("ours", "ours"), ("redis", "Redis")) + ((("garnet", "Garnet"),) if garnet else ()):
            vals = [cell[srv].get(i, "missing") for i in range(1, rounds + 1)]
            shown = ["failed" if v is None else ("n/a" if v == "missing" else f"{v:,.0f}") for v in vals]
            md.append(f"| {d} | {test} | {name} | " + " | ".join(shown) + f" | {fmt(med(cell[srv]))} |")
        rs = [ratio(cell["ours"].get(i), cell["redis"].get(i)) for i in range(1, rounds + 1)]
        pr = paired(cell)
        md.append(f"| {d} | {test} | ratio | " + " | ".join("n/a" if q is None else f"{q:.2f}" for q in rs)
                  + f" | {'n/a' if pr is None else f'{pr[0]:.2f}'} |")
md += ["", "</details>", ""]

with open(out_path, "w") as f:
    f.write("\n".join(md))
print("\n".join(lines_stdout))
PY
log "wrote $OUT (benchmark time ${ELAPSED}s)"

if ((FAILURES > 0)); then
  warn "$FAILURES redis-benchmark run(s) failed; see warnings above and 'n/a'/'failed' in $OUT"
  exit 3
fi
