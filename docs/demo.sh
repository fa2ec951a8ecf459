#!/usr/bin/env bash
# A guided tour of the cooperative event loop: starts EventLoopRedis with the schedule trace on
# and walks through the interleavings with real clients, step by step. Read docs/demo.md along.
#
#   bash docs/demo.sh                      # pauses after each step: press Enter to go on
#   bash docs/demo.sh --non-interactive    # runs straight through and checks each step (CI)
#
# Needs bash and redis-cli. The server comes from $EVENTLOOP_REDIS_SERVER (a command line), else
# the dotnet tool `eventloop-redis-server` if it is on the PATH, else `dotnet run` in Server/.
# $DEMO_PORT picks the port (default 7379). The trace JSON and the log stay in $DEMO_DIR
# (default: a new temporary directory), so that docs/trace_timeline.py can draw the run.

set -u

interactive=1
[[ "${1:-}" == "--non-interactive" ]] && interactive=0

port="${DEMO_PORT:-7379}"
dir="${DEMO_DIR:-$(mktemp -d)}"
mkdir -p "$dir"
log="$dir/server.log"
trace="$dir/trace.json"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
failures=0

if [[ -n "${EVENTLOOP_REDIS_SERVER:-}" ]]; then
    read -r -a server <<< "$EVENTLOOP_REDIS_SERVER"
elif command -v eventloop-redis-server > /dev/null; then
    server=(eventloop-redis-server)
else
    server=(dotnet run -c Release --project "$root/Server" --)
fi

cli() { redis-cli -p "$port" "$@"; }

# ---- presentation --------------------------------------------------------------------------

step() {
    echo
    echo "=== $1 ==="
    echo "$2" | fold -s -w 96
    mark=$(wc -c < "$log")
}

# The trace lines written since the step began; each cycle is written when it ends, so wait for it.
new_trace() {
    sleep 0.4
    tail -c +$((mark + 1)) "$log" | grep -E ' \. cycle ' | sed -E 's/^[0-9]+:M [^.]*\.[0-9]+ \. //'
}

show() {
    local lines
    lines=$(new_trace)
    echo "--- the trace of this step ---"
    echo "$lines" | head -n "${1:-40}"
    (( $(echo "$lines" | wc -l) > ${1:-40} )) && echo "... ($(echo "$lines" | wc -l) lines in all, in $log)"
    shown="$lines"
}

# check WHAT TEXT REGEX WHY: one thing a step should show (checked in both modes, fatal only in CI).
check() {
    if echo "$2" | grep -Eq -- "$3"; then
        echo "    ok: $1"
    else
        echo "    $4"
        failures=$((failures + 1))
    fi
}

# expect WHAT REGEX: the step's trace must show it.
expect() { check "$1" "$shown" "$2" "MISSING: $1 (no trace line matches /$2/)"; }

# expect_reply WHAT ACTUAL REGEX: a client's reply must match.
expect_reply() { check "$1" "$2" "$3" "WRONG: $1: got '$2'"; }

pause() {
    (( interactive )) && read -r -p "[Enter] for the next step " _
}

# ---- raw connections: bash's /dev/tcp, so we choose exactly which bytes go out when -----------

# connect VAR: opens a connection on a new file descriptor stored in VAR, and sets VAR_ID to its client id.
connect() {
    local fd reply
    exec {fd}<>"/dev/tcp/127.0.0.1/$port"
    printf -v "$1" '%s' "$fd"
    printf 'CLIENT ID\r\n' >&"$fd"
    IFS= read -r -u "$fd" reply
    reply=${reply%$'\r'}
    printf -v "$1_ID" '%s' "${reply#:}"
}

# send FD BYTES: one write() of all the bytes. (printf with the text in its format would make one
# write per line: bash flushes its output at each newline. Through '%s' it writes them at once.)
send() {
    printf '%s' "$2" >&"$1"
}

# reply FD: one line of a reply (enough for the simple replies used here).
reply() {
    local line
    IFS= read -r -t 5 -u "$1" line
    echo "${line%$'\r'}"
}

# ---- start -----------------------------------------------------------------------------------

echo "Starting: ${server[*]} --port $port --loop-trace yes --loop-trace-file $trace"
echo "Log: $log"
"${server[@]}" --save "" --port "$port" --loop-trace yes --loop-trace-file "$trace" --logfile "$log" &
server_pid=$!
for _ in $(seq 1 1200); do # dotnet run may build first: up to two minutes
    [[ "$(cli PING 2> /dev/null)" == "PONG" ]] && break
    sleep 0.1
done
if [[ "$(cli PING 2> /dev/null)" != "PONG" ]]; then
    echo "the server did not start; see $log"
    kill "$server_pid" 2> /dev/null
    exit 1
fi
trap 'kill "$server_pid" 2> /dev/null' EXIT

# ---- 1 ---------------------------------------------------------------------------------------

step "1. One SET, from socket to reply" \
"One client sends SET. Watch the loop: Select returns the client's socket readable, the bytes are read into its query buffer (it joins the ready queue), the next cycle resumes its coroutine, which runs SET and yields RanCommand, and is resumed once more, finds nothing and yields NeedInput. Then the reply is flushed with one send."
connect one
send "$one" $'*3\r\n$3\r\nSET\r\n$8\r\ngreeting\r\n$5\r\nhello\r\n'
expect_reply "SET answered" "$(reply "$one")" '^\+OK$'
show
expect "the read of 38 bytes" "read client $one_ID: 38 bytes"
expect "SET ran in one resume" "resume client $one_ID: ran set in [0-9]+ us, yields RanCommand"
expect "the next resume finds nothing" "resume client $one_ID: no complete command buffered \(0 bytes\) .*yields NeedInput"
expect "the reply flushed in one send" "flush client $one_ID: 5 bytes in 1 send"
pause

# ---- 2 ---------------------------------------------------------------------------------------

step "2. Two clients taking turns" \
"Two clients each pipeline five INCRs, sent while the loop is stuck in a 400 ms script (from a third client), so that one Select finds both sockets readable. Each turn resumes every ready client once: the resumes alternate between the two clients, one command each."
connect two
connect three
send "$three" $'EVAL "local t = redis.call(\'TIME\') local s = t[1] * 1000000 + t[2] repeat t = redis.call(\'TIME\') until t[1] * 1000000 + t[2] - s > 400000" 0\r\n'
sleep 0.2
send "$one" $'INCR a\r\nINCR a\r\nINCR a\r\nINCR a\r\nINCR a\r\n'
send "$two" $'INCR b\r\nINCR b\r\nINCR b\r\nINCR b\r\nINCR b\r\n'
reply "$three" > /dev/null
exec {three}>&-
for _ in 1 2 3 4 5; do reply "$one" > /dev/null; reply "$two" > /dev/null; done
show
expect "one Select returns both sockets" "select: .*readable: client ($one_ID, client $two_ID|$two_ID, client $one_ID)"
incrs=$(echo "$shown" | grep -oE "resume client [0-9]+: ran incr" | head -4 | cut -d: -f1 | tr '\n' ' ')
expect_reply "client $one_ID and client $two_ID alternate" "$incrs" "^resume client ([0-9]+) resume client (${one_ID}|${two_ID}) resume client \1 resume client \2 $"
expect "... one command each per turn" "cycle [0-9]+: ready 2, 1[12] resumes, 10 commands"
pause

# ---- 3 ---------------------------------------------------------------------------------------

step "3. A half-sent command blocks nobody" \
"Client $one_ID sends the first half of ECHO hello and stops. Its coroutine parses what is there, finds it incomplete and yields NeedInput: it costs nothing until more bytes arrive. Meanwhile redis-cli's PING is answered at once. Then the second half arrives and ECHO runs."
send "$one" $'*2\r\n$4\r\nECHO\r\n$5\r\nhel'
sleep 0.2
expect_reply "PING answered while ECHO is half-sent" "$(cli PING)" '^PONG$'
send "$one" $'lo\r\n'
reply "$one" > /dev/null
expect_reply "ECHO completed" "$(reply "$one")" '^hello$'
show
expect "the half command waits" "resume client $one_ID: no complete command buffered \([0-9]+ bytes\) .*yields NeedInput"
expect "another client's PING runs meanwhile" "ran ping"
expect "ECHO runs once the rest arrives" "resume client $one_ID: ran echo"
pause

# ---- 4 ---------------------------------------------------------------------------------------

step "4. A pipeline: one command per resume, 32 turns per cycle" \
"Client $one_ID sends 100 PINGs in one write. They are read at once, but each resume runs one command, and a cycle gives at most 32 turns before it flushes the replies and polls Select again: the summaries show 32 commands per cycle, then the last 4 (and a NeedInput)."
pings=""
for _ in $(seq 1 100); do pings+=$'PING\r\n'; done
send "$one" "$pings"
for _ in $(seq 1 100); do reply "$one" > /dev/null; done
show 12
expect "a cycle stops at 32 commands" "cycle [0-9]+: ready 1, 32 resumes, 32 commands, 1 send"
expect "the remainder runs in a later cycle" "cycle [0-9]+: ready 1, 5 resumes, 4 commands, 1 send"
pause

# ---- 5 ---------------------------------------------------------------------------------------

step "5. A slow reader is throttled" \
"Client $two_ID asks for a 200 KB value 40 times and does not read the replies. Past 1 MB of unsent replies it is throttled: neither read nor resumed until the kernel has taken half of it, so it cannot make the server buffer without bound. When it starts reading, it is let go."
head -c 200000 /dev/zero | tr '\0' x | cli -x SET big > /dev/null
gets=""
for _ in $(seq 1 40); do gets+=$'GET big\r\n'; done
send "$two" "$gets"
sleep 0.5
expect_reply "others are served meanwhile" "$(cli PING)" '^PONG$'
timeout 20 head -c $((40 * 200011)) <&"$two" > /dev/null
show 16
expect "the client is throttled" "client $two_ID throttled: [0-9]+ bytes of replies unsent"
expect "and let go once it reads" "client $two_ID no longer throttled"
pause

# ---- 6 ---------------------------------------------------------------------------------------

step "6. BLPOP waits and is woken by a push" \
"Client $one_ID runs BLPOP queue 0 on an empty list. Its coroutine yields Blocked: it leaves the ready queue and is not resumed while it waits, and client $two_ID's PING is answered meanwhile. Then client $two_ID LPUSHes an element. When LPUSH is over, the loop serves the waiter (the BLPOP reply is written into client $one_ID's buffer) and puts it back in the ready queue: it is resumed in the same cycle, parses what follows BLPOP, and its reply leaves with the cycle's flush."
send "$one" $'BLPOP queue 0\r\n'
sleep 0.3
send "$two" $'PING\r\n'
expect_reply "client $two_ID's PING answered while client $one_ID waits" "$(reply "$two")" '^\+PONG$'
send "$two" $'LPUSH queue job1\r\n'
expect_reply "LPUSH answered" "$(reply "$two")" '^:1$'
popped=""
for _ in 1 2 3 4 5; do popped+="$(reply "$one") "; done
expect_reply "BLPOP answered with the pushed element" "$popped" '^\*2 \$5 queue \$4 job1 $'
show 24
expect "BLPOP yields Blocked" "resume client $one_ID: .*blpop .*yields Blocked \(waits for List keys or its timeout\)"
waiting=$(echo "$shown" | sed -n "/resume client $one_ID: .*yields Blocked/,/resume client $two_ID: ran lpush/p")
check "another client's PING runs while it waits" "$waiting" "resume client $two_ID: ran ping" "MISSING: no PING ran while client $one_ID waited"
expect_reply "client $one_ID not resumed while it waits" "$(echo "$waiting" | grep -c "resume client $one_ID:")" '^1$'
push_cycle=$(echo "$shown" | grep -E "resume client $two_ID: ran lpush" | head -1 | grep -oE '^cycle [0-9]+')
expect "woken in the LPUSH's cycle: resumed" "^$push_cycle \| resume client $one_ID: .*yields NeedInput"
expect "... and its reply sent" "^$push_cycle \| flush client $one_ID: 25 bytes in 1 send"
pause

# ---- 7 ---------------------------------------------------------------------------------------

step "7. A long script: BUSY, then SCRIPT KILL" \
"With busy-reply-threshold at 100 ms, a script that never ends makes the loop serve the others from inside the script: each pass answers them, mostly with BUSY. SCRIPT KILL is one of the commands allowed through; it stops the script, whose client gets an error."
cli CONFIG SET busy-reply-threshold 100 > /dev/null
send "$two" $'EVAL "while true do end" 0\r\n'
sleep 0.4
expect_reply "PING is refused with BUSY" "$(cli PING)" '^BUSY Redis is busy running a script'
expect_reply "SCRIPT KILL is let through" "$(cli SCRIPT KILL)" '^OK$'
expect_reply "the script's client gets the error" "$(reply "$two")" 'Script killed by user'
show 16
expect "the loop is re-entered from inside the script" "busy pass: served from inside client $two_ID's eval"
expect "PING refused during a pass" "busy pass: resume client [0-9]+: refused ping"
expect "SCRIPT KILL ran during a pass" "busy pass: resume client [0-9]+: ran script\|kill"
cli CONFIG SET busy-reply-threshold 5000 > /dev/null
pause

# ---- end -------------------------------------------------------------------------------------

step "8. The counters: INFO eventloop" \
"The same schedule, counted since start-up (docs/operations.md explains every field)."
cli INFO eventloop | tr -d '\r'
exec {one}>&- {two}>&-
cli SHUTDOWN NOSAVE > /dev/null 2>&1
wait "$server_pid"
trap - EXIT
echo
echo "The trace of this run, for ui.perfetto.dev or chrome://tracing: $trace"
echo "Draw it: python3 docs/trace_timeline.py $trace timeline.png"
if (( failures > 0 )); then
    echo "$failures check(s) failed"
    exit 1
fi
echo "All steps showed what they should."
