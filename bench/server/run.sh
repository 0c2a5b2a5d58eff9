#!/bin/sh
# bench/server/run.sh [BUILD_DIR]: load figures of pcu-server on loopback with wrk.
# Seeds `pcu-server init --demo --users 100000`, measures start-up time and resident memory,
# then runs wrk -c4 -t2 against: users list (50 a page), authorize (one check), ten-address
# invitations (fresh addresses per request), and GET /api/v1/health (the floor). Beside each
# figure: the server's CPU time per request (utime+stime of the process over the run, divided
# by the requests), which a busy machine disturbs far less than requests per second. The
# invitations run twice: with the mail deliverer writing every message as a .eml file
# meanwhile, and on a second server (fresh copy of the database) with --mail none, which
# measures the API alone (messages are still queued in the outbox in the same transaction),
# and on that server once more with addresses spread over the whole alphabet.
set -eu
BUILD=${1:-build}
SERVER=$(realpath "$BUILD/native/server/pcu-server")
HERE=$(cd "$(dirname "$0")" && pwd)
DURATION=${PCU_BENCH_SECONDS:-5}
USERS=${PCU_BENCH_USERS:-100000}
PORT=${PCU_BENCH_PORT:-18431}
WORK=$(mktemp -d /tmp/pcu-bench-XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM
now_ms() { date +%s%3N; }

echo "machine: $(uname -srm); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "wrk: -c4 -t2 -d${DURATION}s on 127.0.0.1"

t0=$(now_ms)
"$SERVER" init --db "sqlite:$WORK/bench.db" --demo --users "$USERS" --owner-password 'Owner-pass-1' \
  --demo-password 'Demo-pass-1' --fast-hash >/dev/null
t1=$(now_ms)
echo "seed: demo + $USERS users in $((t1 - t0)) ms ($(du -k "$WORK/bench.db" | cut -f1) KiB)"
cp "$WORK/bench.db" "$WORK/bench2.db"  # the same data for the --mail none run at the end

t0=$(now_ms)
# --invite-rate 0 lifts the per-user invitation limit (default 60 a minute): the invitations
# run sends about a thousand a second from the one signed-in owner.
"$SERVER" serve --db "sqlite:$WORK/bench.db" --listen "127.0.0.1:$PORT" --mail "dir:$WORK/mail" --invite-rate 0 \
  2>"$WORK/server.log" &
PID=$!
until curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1; do sleep 0.002; done
t1=$(now_ms)
echo "start-up: $((t1 - t0)) ms to the first answer (with $USERS users; includes curl start-up)"
echo "resident memory after start: $(ps -o rss= -p "$PID" | tr -d ' ') KiB"

# Signs in as the owner; the wrk scripts send the session cookie and CSRF token from the environment.
sign_in() {
  curl -s -c "$WORK/cookies" -o "$WORK/session.json" -H 'Content-Type: application/json' \
    -d '{"username":"owner@example.org","password":"Owner-pass-1"}' "http://127.0.0.1:$PORT/api/v1/session"
  PCU_CSRF=$(sed 's/.*"csrf_token":"\([^"]*\)".*/\1/' "$WORK/session.json")
  PCU_COOKIE="pcu_session=$(awk '$6 == "pcu_session" { print $7 }' "$WORK/cookies")"
  export PCU_CSRF PCU_COOKIE
}
sign_in
export PCU_BENCH_DIR="$HERE"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
run() {
  name=$1
  script=$2
  c0=$(cpu_ticks)
  out=$(wrk -c4 -t2 -d"${DURATION}s" --latency -s "$HERE/$script" "http://127.0.0.1:$PORT" 2>&1)
  c1=$(cpu_ticks)
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  n=$(echo "$out" | awk '/requests in/ { print $1 }')
  cpu=$(awk -v t=$((c1 - c0)) -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", t * 1e6 / hz / n }')
  errors=$(echo "$out" | awk '/Non-2xx/ { print $NF }')
  printf '%-40s %10s req/s   p50 %-9s p99 %-9s cpu %5s us/req%s\n' "$name" "$rps" "$p50" "$p99" "$cpu" \
    "${errors:+  non-2xx: $errors}"
}
run "GET /api/v1/users?limit=50" users_list.lua
run "POST /api/v1/authorize (1 check)" authorize.lua
run "POST /api/v1/invitations, .eml deliverer on" invitations.lua
run "GET /api/v1/health (floor)" health.lua
echo "resident memory after the load: $(ps -o rss= -p "$PID" | tr -d ' ') KiB"
kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true

# The invitations again, the API alone: no deliverer competing for the two cores. This is the
# line the target of >= 1,000 req/s is read on (docs/performance.md: delivery is asynchronous). First the
# kernel writes back what the first server left dirty (tens of thousands of .eml files and
# the WAL), so that writeback does not share the cores with this run.
sync
sleep 2
"$SERVER" serve --db "sqlite:$WORK/bench2.db" --listen "127.0.0.1:$PORT" --mail none --invite-rate 0 \
  2>>"$WORK/server.log" &
PID=$!
until curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1; do sleep 0.002; done
sign_in
run "POST /api/v1/invitations, the API (target)" invitations.lua
# Then addresses spread like real ones: every address touches its own page of each index by
# address, where the addresses of one request above share them (see invitations.lua).
export PCU_BENCH_SPREAD=random
run "POST /api/v1/invitations, random, --mail none" invitations.lua
