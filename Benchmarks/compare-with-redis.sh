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
#        [--gc-requests 2000000] [--idle 0,1000,5000,10000 [--slow 1000]]
#        [--memory strings,hashes,zset]
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
#   --gc-requests N   after the runs, send N more requests to our (warm) server, N/5 each of
#                     GET, SET, INCR, LPUSH, HSET at -P 16, and report what it allocated per
#                     request and which collections ran (INFO's gc_* fields); 0 (default) skips
#   --idle LIST       also measure GET (-c 50 -P 1) with N idle connections held open for each
#                     N in LIST, and a normal client's latency among --slow trickling clients
#                     (Benchmarks/idle-and-slow-clients.py; fresh servers, --rounds rounds,
#                     --requests requests); the curve is drawn to --idle-chart
#   --slow N          trickling clients of the slowloris run (default 1000)
#   --idle-chart FILE PNG of the idle curve (default docs/images/idle-connections.png)
#   --memory LIST     also load the data sets of Benchmarks/memory-per-key.py (strings, hashes,
#                     zset) into fresh servers and compare their RSS
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
GC_REQUESTS=0
IDLE=""
SLOW=1000
IDLE_CHART="docs/images/idle-connections.png"
MEMORY=""

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
    --gc-requests) need_value "$@"; GC_REQUESTS=$2; shift 2 ;;
    --idle)       need_value "$@"; IDLE=$2; shift 2 ;;
    --slow)       need_value "$@"; SLOW=$2; shift 2 ;;
    --idle-chart) need_value "$@"; IDLE_CHART=$2; shift 2 ;;
    --memory)     need_value "$@"; MEMORY=$2; shift 2 ;;
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
is_uint "$GC_REQUESTS" || die "--gc-requests must be a non-negative integer"
is_uint "$SLOW" || die "--slow must be a non-negative integer"
[[ -z $IDLE || $IDLE =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--idle must be a comma-separated list of counts (got '$IDLE')"
[[ -z $MEMORY || $MEMORY =~ ^(strings|hashes|zset)(,(strings|hashes|zset))*$ ]] || die "--memory takes strings,hashes,zset (got '$MEMORY')"
if [[ -n ${OUR_SERVER_CMD:-} && ( -n $IDLE || -n $MEMORY ) ]]; then
  die "--idle and --memory start a published Server.dll of their own: not with OUR_SERVER_CMD"
fi
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
if [[ -n $CHART || -n $IDLE ]] || ((GC_REQUESTS > 0)); then
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
    # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
    for r in csv.reader(f):
        if len(r) >= 2 and r[0] != "test":
            try:
                p50, p99 = (r[4], r[6]) if len(r) >= 7 else ("", "")
                rows.append((r[0], float(r[1]), p50, p99))
            except ValueError:
                pass
if name:  # raw command: one row, named after the whole command line -> rename
    rows = [(name,) + row[1:] for row in rows[:1]]
for t, rps, p50, p99 in rows:
    print(f"{depth}\t{rnd}\t{label}\t{t}\t{rps:.2f}\t{p50}\t{p99}")
if rc != "0" or not rows:
    # Mark the run as failed; name the tests that are missing when we can tell.
    got = {row[0].upper() for row in rows}
    want = [name] if name else [t.upper() for t in expected.split(",") if t]
    missing = [t for t in want if t.upper() not in got and t.upper() != "PING"]
    for t in (missing or ["(run)"]):
        print(f"{depth}\t{rnd}\t{label}\t{t}\tFAIL\t\t")
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

# ---------------------------------------------------------------- garbage collection under load
# Our server, warm from the runs above: what it allocates per request (the whole process, storage
# growth included) and which collections run, from INFO's gc_* fields around each run.
GC_TSV="$TMP/gc.tsv"
ALLOC_TSV=""
: >"$GC_TSV"
if ((GC_REQUESTS > 0)); then
  log "garbage collection: $GC_REQUESTS requests (GET, SET, INCR, LPUSH, HSET) at -P 16 on our server"
  gc_fields() {
    redis-cli -p "$OUR_PORT" info memory | tr -d '\r' |
      awk -F: '/^gc_(allocated_bytes|gen[012]_collections|pause_total_ms):/ {printf "%s=%s ", $1, $2}'
  }
  # Each test runs twice, with N/50 and N/5 requests: the same 50 connections and INFO calls in
  # both, so the difference of what the two allocated is what the extra requests cost.
  GC_ARGS=(-q --csv -c "$CLIENTS" -P 16)
  ((KEYSPACE > 0)) && GC_ARGS+=(-r "$KEYSPACE")
  for t in get set incr lpush hset; do
    fields=("$(gc_fields)")
    for n in $((GC_REQUESTS / 50)) $((GC_REQUESTS / 5)); do
      timeout "$RUN_TIMEOUT" "${PIN[@]}" redis-benchmark -p "$OUR_PORT" "${GC_ARGS[@]}" -n "$n" -t "$t" >/dev/null 2>&1 ||
        warn "garbage collection run of $t failed"
      fields+=("$(gc_fields)")
    done
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "${t^^}" $((GC_REQUESTS / 50)) $((GC_REQUESTS / 5)) "${fields[@]}" >>"$GC_TSV"
  done
  # The exact figure per command, in process: Benchmarks/Commands/KeyspaceBenchmarks.cs sends what
  # redis-benchmark sends (-P 16, 100,000 keys that all exist), through a client's coroutine.
  ALLOC_TSV="$TMP/alloc.tsv"
  : >"$ALLOC_TSV"
  for m in Get Set Incr HSet LPushOrLPop LPush; do
    line=$("${PIN[@]}" dotnet "$TMP/bench/Benchmarks.dll" cpu "KeyspaceBenchmarks.$m" 400000 2>&1 | tail -n 1)
    bytes=$(sed -n 's/.*, \([0-9.]*\) bytes allocated per operation$/\1/p' <<<"$line")
    [[ -n $bytes ]] || { warn "KeyspaceBenchmarks.$m printed no allocation: $line"; continue; }
    printf '%s\t%s\n' "$m" "$bytes" >>"$ALLOC_TSV"
  done
fi

stop_pid "$OUR_PID" "our server"; OUR_PID=""
stop_pid "$REDIS_PID" "redis-server"; REDIS_PID=""
stop_pid "$GARNET_PID" "garnet-server"; GARNET_PID=""

# ---------------------------------------------------------------- idle and slow connections
IDLE_JSON=""
if [[ -n $IDLE ]]; then
  log "idle connections ($IDLE) and $SLOW trickling clients: Benchmarks/idle-and-slow-clients.py"
  IDLE_JSON="$TMP/idle.json"
  IDLE_ARGS=(--idle "$IDLE" --rounds "$ROUNDS" --requests "$REQUESTS" --slow "$SLOW"
             --json "$IDLE_JSON" --server-dll "$TMP/server/Server.dll")
  ((${#PIN[@]} > 0)) && IDLE_ARGS+=(--pin)
  python3 Benchmarks/idle-and-slow-clients.py "${IDLE_ARGS[@]}" >"$TMP/idle.log" 2>&1 ||
    { tail -n 20 "$TMP/idle.log" >&2; die "Benchmarks/idle-and-slow-clients.py failed"; }
  python3 - "$IDLE_JSON" "$TMP/idle.tsv" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    for level, by in data["idle"].items():
        f.write(f"{level}\t{by['ours']}\t{by['redis']}\n")
PY
  mkdir -p "$(dirname "$IDLE_CHART")"
  dotnet "$TMP/bench/Benchmarks.dll" idle-chart "$TMP/idle.tsv" "$IDLE_CHART" >&2 || warn "drawing $IDLE_CHART failed"
fi

# ---------------------------------------------------------------- memory
MEMORY_JSON=""
if [[ -n $MEMORY ]]; then
  log "memory: $MEMORY into fresh servers (Benchmarks/memory-per-key.py)"
  MEMORY_JSON="$TMP/memory.json"
  python3 Benchmarks/memory-per-key.py --datasets "$MEMORY" --server-dll "$TMP/server/Server.dll" \
    --json "$MEMORY_JSON" >"$TMP/memory.log" 2>&1 ||
    { tail -n 20 "$TMP/memory.log" >&2; die "Benchmarks/memory-per-key.py failed"; }
fi

# ---------------------------------------------------------------- report
CPU_MODEL=$(grep -m1 -E '^(model name|Model|cpu model)' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
[[ -n $CPU_MODEL ]] || CPU_MODEL=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1 || true)
export R_DATE R_NPROC R_CPU R_MEM R_KERNEL R_DOTNET R_REDIS R_BENCH R_CMDLINE R_OURS R_ELAPSED \
       R_ROUNDS R_REQUESTS R_CLIENTS R_KEYSPACE R_WARMUP R_DEPTHS R_EXTRAS R_PIN R_GARNET R_CHART \
       R_GC_TSV R_ALLOC_TSV R_IDLE_JSON R_IDLE_CHART R_MEMORY_JSON
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
R_GC_TSV=$GC_TSV
R_ALLOC_TSV=$ALLOC_TSV
R_IDLE_JSON=$IDLE_JSON
R_IDLE_CHART=$IDLE_CHART
R_MEMORY_JSON=$MEMORY_JSON
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

# data[depth][test][server][round] = rps (float) or None for a failed run;
# latency[depth][test][server][round] = (p50 ms, p99 ms) as redis-benchmark reports them
data = OrderedDict((d, OrderedDict()) for d in depths)
latency = {d: {} for d in depths}
with open(results_path) as f:
    for line in f:
        d, rnd, srv, test, rps, p50, p99 = line.rstrip("\n").split("\t")
        if test == "(run)":
            continue
        cell = data[int(d)].setdefault(test, {"ours": {}, "redis": {}, "garnet": {}})
        cell[srv][int(rnd)] = None if rps == "FAIL" else float(rps)
        if rps != "FAIL" and p50 and p99:
            lat = latency[int(d)].setdefault(test, {"ours": {}, "redis": {}, "garnet": {}})
            lat[srv][int(rnd)] = (float(p50), float(p99))

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
# Latency at -P 1: redis-benchmark's own p50 and p99 per run, median over rounds.
if 1 in depths and latency[1]:
    def lat_med(test, srv, i):
        v = [x[i] for x in latency[1].get(test, {}).get(srv, {}).values()]
        return statistics.median(v) if v else None
    tbl = ["| test | ours p50 (ms) | Redis p50 (ms) | ours p99 (ms) | Redis p99 (ms) |", "|---|---:|---:|---:|---:|"]
    worse = []
    for test in data[1]:
        o50, r50, o99, r99 = lat_med(test, "ours", 0), lat_med(test, "redis", 0), lat_med(test, "ours", 1), lat_med(test, "redis", 1)
        f = lambda x: "n/a" if x is None else f"{x:.3f}"
        tbl.append(f"| {test} | {f(o50)} | {f(r50)} | {f(o99)} | {f(r99)} |")
        for what, o, r in (("p50", o50, r50), ("p99", o99, r99)):
            if o is None or r is None or o > r:
                worse.append(f"{test} {what} {f(o)} vs {f(r)}")
    md += ["## Latency at -P 1", "",
           f"redis-benchmark's own percentiles of each run above at -P 1 (`-c {E['R_CLIENTS']}`), median over rounds. "
           "Its histogram reports latency in steps of a few microseconds.", ""] + tbl + [""]
    targets.append((f"p50 and p99 at -c {E['R_CLIENTS']} -P 1 no worse than Redis's", not worse,
                    "all tests" if not worse else f"worse in {len(worse)} of {2 * len(data[1])}: " + ", ".join(worse)))

# Garbage collection under load (--gc-requests): INFO's gc_* fields before and after each run.
gc_rows = []
if E.get("R_GC_TSV") and os.path.exists(E["R_GC_TSV"]):
    for line in open(E["R_GC_TSV"]):
        test, small, big, f0, f1, f2 = line.rstrip("\n").split("\t")
        f0, f1, f2 = ({k: int(v) for k, v in (kv.split("=") for kv in f.split())} for f in (f0, f1, f2))
        # Collections and pauses over both runs; allocation per request from their difference.
        delta = {k: f2[k] - f0[k] for k in f2 if k in f0}
        extra = int(big) - int(small)
        delta["per_request"] = ((f2["gc_allocated_bytes"] - f1["gc_allocated_bytes"])
                                - (f1["gc_allocated_bytes"] - f0["gc_allocated_bytes"])) / extra
        gc_rows.append((test, int(small) + int(big), delta))
if gc_rows:
    tbl = ["| test | requests | allocated (B/request) | gen0 | gen1 | gen2 | pause total (ms) |", "|---|---:|---:|---:|---:|---:|---:|"]
    total = {"n": 0, "gen0": 0, "gen1": 0, "gen2": 0, "pause": 0}
    for test, n, dl in gc_rows:
        # gen0 counts every collection (a gen1 or gen2 one collects gen0 too): show each kind alone.
        g2 = dl["gc_gen2_collections"]; g1 = dl["gc_gen1_collections"] - g2; g0 = dl["gc_gen0_collections"] - g1 - g2
        tbl.append(f"| {test} | {n:,} | {dl['per_request']:.1f} | {g0} | {g1} | {g2} | {dl['gc_pause_total_ms']} |")
        total["n"] += n; total["gen0"] += g0; total["gen1"] += g1; total["gen2"] += g2; total["pause"] += dl["gc_pause_total_ms"]
    tbl.append(f"| all | {total['n']:,} | | {total['gen0']} | {total['gen1']} | {total['gen2']} | {total['pause']} |")
    md += ["## Garbage collection under load", "",
           f"Our server after the runs above (warm), {total['n']:,} more requests: `redis-benchmark -n <requests> "
           f"-c {E['R_CLIENTS']} -P 16{'' if E['R_KEYSPACE'] == '0' else ' -r ' + E['R_KEYSPACE']} -t <test>`, each test "
           "twice (a tenth of its requests, then all of them); INFO's `gc_allocated_bytes`, `gc_gen*_collections` and "
           "`gc_pause_total_ms` read around each run. *Allocated* is what the whole process allocated in the longer run "
           "less the shorter one, divided by the extra requests, so that the 50 connections each run opens and INFO "
           "itself cancel out; it still counts storage that grows (a new key and value for SET with `-r`, a longer "
           "list, a new field) and the cron, so it bounds what the command path allocates from above. The exact per-command figures (0 bytes for GET, INCR, "
           "LPUSH/LPOP, HSET; SET exactly its stored value) are asserted by `Server.Tests/Commands/HotPathAllocationTests.cs` "
           "and listed in [benchmarks-inprocess.md](benchmarks-inprocess.md).", ""] + tbl + [""]
    targets.append((f"no gen2 collection during a {total['n']:,}-request run", total["gen2"] == 0,
                    f"{total['gen2']} gen2, {total['gen1']} gen1, {total['gen0']} gen0 collections, {total['pause']} ms paused"))
alloc = {}
if E.get("R_ALLOC_TSV") and os.path.exists(E["R_ALLOC_TSV"]):
    alloc = {m: float(b) for m, b in (l.split("\t") for l in open(E["R_ALLOC_TSV"]).read().splitlines() if l)}
if alloc:
    what = {"Get": "GET", "Set": "SET (the stored value: one RedisObject with `xxx` inside)", "Incr": "INCR",
            "HSet": "HSET (the field exists)", "LPushOrLPop": "LPUSH and LPOP in turn (the list keeps its length)",
            "LPush": "LPUSH alone (the list grows: its storage)"}
    md += ["### Allocation per command, exact", "",
           "`Benchmarks cpu KeyspaceBenchmarks.<method> 400000` (Release, in process): what redis-benchmark sends at -P 16 "
           "over 100,000 keys, members or fields that all exist, through a client's coroutine as the loop runs it, minus "
           "the sockets; the bytes the thread allocated, as BenchmarkDotNet's memory diagnoser counts them, over the "
           "operations.", "", "| command | bytes per command |", "|---|---:|"]
    md += [f"| {what.get(m, m)} | {b:.1f} |" for m, b in alloc.items()] + [""]
    # Under 1 byte a command is no allocation on its path (any object is 24 bytes or more; a
    # quicklist node every few thousand pushes, or the cron's measuring every 65,536 commands, shows
    # as a fraction). SET may allocate its value: a 48-byte RedisObject with the 3 bytes inside, 56
    # bytes in all, with the same tolerance.
    steady = [m for m in ("Get", "Incr", "HSet", "LPushOrLPop") if m in alloc]
    met = all(alloc[m] < 1 for m in steady) and alloc.get("Set", 0) < 56 + 1
    targets.append(("zero allocations per GET, INCR, HSET, LPUSH in steady state; SET only its stored value", met,
                    ", ".join(f"{what.get(m, m).split(' (')[0]} {alloc[m]:.1f}" for m in ("Get", "Set", "Incr", "HSet", "LPushOrLPop") if m in alloc)
                    + " B/command"))

# Idle connections and slow clients (--idle).
if E.get("R_IDLE_JSON"):
    import json
    idle = json.load(open(E["R_IDLE_JSON"]))
    levels = list(idle["idle"])
    base = {srv: idle["idle"][levels[0]][srv] for srv in ("ours", "redis")}
    tbl = ["| idle connections | ours (req/s) | ours kept | Redis (req/s) | Redis kept | ours / Redis |", "|---:|---:|---:|---:|---:|---:|"]
    for level in levels:
        o, r = idle["idle"][level]["ours"], idle["idle"][level]["redis"]
        tbl.append(f"| {int(level):,} | {o:,.0f} | {o / base['ours']:.0%} | {r:,.0f} | {r / base['redis']:.0%} | {o / r:.2f} |")
    md += ["## Idle connections", "",
           f"`redis-benchmark -t get -c 50 -P 1 -n {idle['requests']}` while N more connections sit idle, on fresh servers "
           f"(`Benchmarks/idle-and-slow-clients.py`), ours and Redis interleaved, median of {idle['rounds']} rounds. "
           "*Kept* is the share of the server's own throughput with no idle connections. Idle sockets leave "
           "this server's hot Select set after a while and are polled in chunks ([architecture.md](architecture.md#ten-thousand-idle-clients-the-hot-and-the-cold-set)).", ""]
    if os.path.exists(E["R_IDLE_CHART"]):
        md += [f"![GET throughput against idle connections]({os.path.relpath(E['R_IDLE_CHART'], os.path.dirname(out_path) or '.')})", ""]
    md += tbl + [""]
    top = levels[-1]
    kept = idle["idle"][top]["ours"] / base["ours"]
    targets.append((f"{int(top):,} idle connections: GET -c 50 -P 1 keeps >= 80% of its own throughput", kept >= 0.8,
                    f"{kept:.0%} (Redis {idle['idle'][top]['redis'] / base['redis']:.0%})"))
    tbl = ["| server | p50 alone (ms) | p99 alone (ms) | p50 among tricklers (ms) | p99 among tricklers (ms) | p99 ratio |", "|---|---:|---:|---:|---:|---:|"]
    for srv, name in (("ours", "ours"), ("redis", "Redis")):
        (a50, a99), (b50, b99) = idle["slow"][srv]["alone"], idle["slow"][srv]["slow"]
        tbl.append(f"| {name} | {a50:.3f} | {a99:.3f} | {b50:.3f} | {b99:.3f} | {b99 / a99:.2f} |")
    md += ["## Slow clients (slowloris)", "",
           f"A normal client's GET latency (`redis-benchmark -t get -c 1 -P 1`) alone, then while {idle['slow_clients']:,} "
           "clients each send one more byte of a SET whose 1 MB value never finishes arriving, every 100 ms.", ""] + tbl + [""]
    (a50, a99), (b50, b99) = idle["slow"]["ours"]["alone"], idle["slow"]["ours"]["slow"]
    targets.append((f"{idle['slow_clients']:,} trickling clients: a normal client's GET p99 within 2x of its baseline",
                    b99 <= 2 * a99, f"{b99 / a99:.2f}x ({a99:.3f} -> {b99:.3f} ms)"))

# Memory (--memory): the same data loaded into fresh servers.
if E.get("R_MEMORY_JSON"):
    import json
    rows = json.load(open(E["R_MEMORY_JSON"]))
    names = {"strings": "1,000,000 keys `key:NNNNNNN`, 16-byte values", "hashes": "100,000 hashes of 10 fields, 16-byte values",
             "zset": "one sorted set of 1,000,000 members"}
    redis_rows = {r["dataset"]: r for r in rows if r["server"] == "redis"}
    tbl = ["| data set | server | RSS (MB) | used_memory (MB) | used_memory growth (B/key) | RSS / Redis's RSS |", "|---|---|---:|---:|---:|---:|"]
    for r in rows:
        rr = redis_rows.get(r["dataset"])
        q = f"{r['rss'] / rr['rss']:.2f}" if r["server"] == "ours" and rr else ""
        tbl.append(f"| {names.get(r['dataset'], r['dataset'])} | {'ours' if r['server'] == 'ours' else 'Redis'} | {r['rss'] / 1e6:.1f} | "
                   f"{r['used_memory'] / 1e6:.1f} | {(r['used_memory'] - r['base_used']) / r['keys']:.0f} | {q} |")
        if r["server"] == "ours" and rr:
            q = r["rss"] / rr["rss"]
            targets.append((f"memory, {names.get(r['dataset'], r['dataset'])}: RSS <= 1.3x Redis's", q <= 1.3,
                            f"{q:.2f}x ({r['rss'] / 1e6:.1f} vs {rr['rss'] / 1e6:.1f} MB)"))
    md += ["## Memory", "",
           "Each data set loaded with `redis-cli --pipe` into a fresh server of each kind (`Benchmarks/memory-per-key.py`); "
           "RSS is `VmRSS` once the load is done and the server has idled 2 s. *Growth* is `used_memory` after the load "
           "minus at start, per key (per hash; per member for the sorted set). Where the rest goes (the runtime's 44 MB, "
           "the collector's headroom) is in [reliability.md](reliability.md#what-used_memory-is-here).", ""] + tbl + [""]

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
