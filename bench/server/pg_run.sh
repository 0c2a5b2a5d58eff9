#!/bin/sh
# bench/server/pg_run.sh [BUILD_DIR]: load figures of pcu-server behind nginx
# (docs/nginx-pcusers.conf) on loopback: one instance on SQLite, one instance on PostgreSQL,
# two instances on one PostgreSQL database. Each configuration starts from the same seeded
# database (`init --demo --users N`, copied fresh), then wrk -c4 -t2 runs the users list (50
# a page) and ten-address invitations, as bench/server/run.sh does without nginx. Prints
# every figure and the two-to-one ratio on PostgreSQL. Needs scripts/setup (postgresql, nginx).
set -eu
BUILD=${1:-build}
SERVER=$(realpath "$BUILD/native/server/pcu-server")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${PCU_BENCH_SECONDS:-5}
USERS=${PCU_BENCH_USERS:-100000}
WORK=$(mktemp -d /tmp/pcu-pg-bench-XXXXXX)
PG_DIR=$(mktemp -d /tmp/pcu-pg-bench-cluster-XXXXXX)  # its own: the postgres user must reach it
PIDS=
NGINX=
cleanup() {
  [ -n "$NGINX" ] && kill -QUIT "$NGINX" 2>/dev/null
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  "$ROOT/scripts/pg-cluster" stop "$PG_DIR" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "machine: $(uname -srm); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "wrk: -c4 -t2 -d${DURATION}s through nginx on 127.0.0.1; $USERS seeded users"

ADMIN=$("$ROOT/scripts/pg-cluster" start "$PG_DIR")
PG_BASE=${ADMIN%/postgres}
psql -qX "$ADMIN" -c "CREATE DATABASE seed TEMPLATE template0"
t0=$(now_ms)
"$SERVER" init --db "$PG_BASE/seed" --demo --users "$USERS" --owner-password 'Owner-pass-1' \
  --demo-password 'Demo-pass-1' --fast-hash >/dev/null
echo "seed PostgreSQL: $(($(now_ms) - t0)) ms"
t0=$(now_ms)
"$SERVER" init --db "sqlite:$WORK/seed.db" --demo --users "$USERS" --owner-password 'Owner-pass-1' \
  --demo-password 'Demo-pass-1' --fast-hash >/dev/null
echo "seed SQLite: $(($(now_ms) - t0)) ms"

# start_instances DB N: N instances of pcu-server on DB; sets PORTS.
start_instances() {
  PORTS=
  i=0
  while [ "$i" -lt "$2" ]; do
    port=$(free_port)
    "$SERVER" serve --db "$1" --listen "127.0.0.1:$port" --mail "dir:$WORK/mail" --invite-rate 0 \
      >>"$WORK/server.log" 2>&1 &
    PIDS="$PIDS $!"
    until curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1; do sleep 0.01; done
    PORTS="$PORTS $port"
    i=$((i + 1))
  done
}

# start_nginx: nginx in front of PORTS; sets NGINX (its pid) and URL.
start_nginx() {
  prefix="$WORK/nginx"
  rm -rf "$prefix"
  mkdir -p "$prefix"
  listen=$(free_port)
  servers=
  for p in $PORTS; do servers="$servers    server 127.0.0.1:$p max_fails=1 fail_timeout=10s;\\n"; done
  user=
  [ "$(id -u)" -eq 0 ] && user="user root;"
  sed -e "s|{{USER}}|$user|" -e "s|{{PREFIX}}|$prefix|g" -e "s|{{LISTEN}}|127.0.0.1:$listen|" \
    -e "s|{{SERVERS}}|$servers|" "$ROOT/docs/nginx-pcusers.conf" >"$prefix/nginx.conf"
  /usr/sbin/nginx -p "$prefix" -c "$prefix/nginx.conf" 2>>"$WORK/nginx.log" &
  NGINX=$!
  URL="http://127.0.0.1:$listen"
  until curl -sf "$URL/api/v1/health" >/dev/null 2>&1; do sleep 0.01; done
}

stop_all() {
  kill -QUIT "$NGINX" 2>/dev/null || true
  for p in $PIDS; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  NGINX=
  PIDS=
}

# measure NAME SCRIPT: prints one line; sets RPS.
measure() {
  out=$(wrk -c4 -t2 -d"${DURATION}s" --latency -s "$HERE/$2" "$URL" 2>&1)
  RPS=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  errors=$(echo "$out" | awk '/Non-2xx/ { print $NF }')
  printf '  %-34s %10s req/s   p50 %-9s p99 %-9s%s\n' "$1" "$RPS" "$p50" "$p99" "${errors:+  non-2xx: $errors}"
}

# run LABEL DB N: N instances on DB behind nginx; both loads; sets LIST and INVITE.
run() {
  echo "$1"
  start_instances "$2" "$3"
  start_nginx
  curl -s -c "$WORK/cookies" -o "$WORK/session.json" -H 'Content-Type: application/json' \
    -d '{"username":"owner@example.org","password":"Owner-pass-1"}' "$URL/api/v1/session"
  PCU_CSRF=$(sed 's/.*"csrf_token":"\([^"]*\)".*/\1/' "$WORK/session.json")
  PCU_COOKIE="pcu_session=$(awk '$6 == "pcu_session" { print $7 }' "$WORK/cookies")"
  export PCU_CSRF PCU_COOKIE
  export PCU_BENCH_DIR="$HERE"
  measure "GET /api/v1/users?limit=50" users_list.lua
  LIST=$RPS
  measure "POST /api/v1/invitations (10 new)" invitations.lua
  INVITE=$RPS
  stop_all
}

cp "$WORK/seed.db" "$WORK/run.db"
run "SQLite, one instance:" "sqlite:$WORK/run.db" 1
SQLITE_LIST=$LIST SQLITE_INVITE=$INVITE
psql -qX "$ADMIN" -c "CREATE DATABASE one TEMPLATE seed"
run "PostgreSQL, one instance:" "$PG_BASE/one" 1
PG1_LIST=$LIST PG1_INVITE=$INVITE
psql -qX "$ADMIN" -c "CREATE DATABASE two TEMPLATE seed"
run "PostgreSQL, two instances on one database:" "$PG_BASE/two" 2
PG2_LIST=$LIST PG2_INVITE=$INVITE

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
echo "two instances / one instance on PostgreSQL: users list x$(ratio "$PG2_LIST" "$PG1_LIST"), invitations x$(ratio "$PG2_INVITE" "$PG1_INVITE")"
echo "PostgreSQL one instance / SQLite: users list x$(ratio "$PG1_LIST" "$SQLITE_LIST"), invitations x$(ratio "$PG1_INVITE" "$SQLITE_INVITE")"
