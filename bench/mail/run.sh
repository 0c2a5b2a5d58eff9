#!/bin/sh
# bench/mail/run.sh [BUILD_DIR]: mail delivery figures of pcu-server to a real SMTP server on
# loopback (tests/server/smtp_sink.py, aiosmtpd under Debian's /usr/bin/python3).
#  1. drain: 10,000 messages queued while delivery is off (`--mail none`), then a server with
#     `--mail smtp://` delivers them: messages per second of the delivery workers alone;
#  2. live: 10,000 messages queued through the API while the workers deliver: the time a
#     request waits (it writes the outbox in its transaction, never waits for SMTP) and the
#     end-to-end messages per second.
set -eu
BUILD=${1:-build}
SERVER=$(realpath "$BUILD/native/server/pcu-server")
HERE=$(cd "$(dirname "$0")" && pwd)
SINK="$HERE/../../tests/server/smtp_sink.py"
COUNT=${PCU_BENCH_MESSAGES:-10000}
WORKERS=${PCU_BENCH_MAIL_WORKERS:-4}
PORT=${PCU_BENCH_PORT:-18441}
SMTP_PORT=${PCU_BENCH_SMTP_PORT:-18442}
WORK=$(mktemp -d /tmp/pcu-mail-bench-XXXXXX)
PID= SINK_PID=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
now_ms() { date +%s%3N; }
received() { find "$WORK/sink" -name '*.eml' | wc -l; }
sent() { /usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM outbox WHERE state='sent'\").fetchone()[0])" "$WORK/bench.db"; }
start_server() {  # MAIL
  "$SERVER" serve --db "sqlite:$WORK/bench.db" --listen "127.0.0.1:$PORT" --mail "$1" --mail-workers "$WORKERS" \
    --mail-from 'pcusers <bench@pcusers.test>' >>"$WORK/server.log" 2>&1 &
  PID=$!
  until curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1; do sleep 0.01; done
}
stop_server() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; }
wait_for() {  # N: until the sink holds N messages
  until [ "$(received)" -ge "$1" ]; do sleep 0.05; done
}

echo "machine: $(uname -srm); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "messages: $COUNT; delivery workers: $WORKERS; SMTP sink: aiosmtpd $(/usr/bin/python3 -c 'import aiosmtpd; print(aiosmtpd.__version__)') on loopback"
"$SERVER" init --db "sqlite:$WORK/bench.db" --demo --owner-password 'Owner-pass-1' --demo-password 'Demo-pass-1' \
  --fast-hash >/dev/null
/usr/bin/python3 "$SINK" --port "$SMTP_PORT" --dir "$WORK/sink" >/dev/null &
SINK_PID=$!
until /usr/bin/python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1)" \
  "$SMTP_PORT" 2>/dev/null; do sleep 0.05; done

echo "-- drain: queued with --mail none, then delivered by --mail smtp://"
start_server none
/usr/bin/python3 "$HERE/queue.py" "$PORT" "$COUNT" drain | sed 's/^/  /'
stop_server
t0=$(now_ms)
start_server "smtp://127.0.0.1:$SMTP_PORT"
wait_for $((COUNT + 1))  # plus the demo's invitation
t1=$(now_ms)
echo "  delivered $COUNT messages in $((t1 - t0)) ms: $((COUNT * 1000 / (t1 - t0))) messages/s (includes server start-up)"

echo "-- live: queued through the API while the workers deliver"
before=$(received)
t0=$(now_ms)
/usr/bin/python3 "$HERE/queue.py" "$PORT" "$COUNT" live | sed 's/^/  /'
t_queued=$(now_ms)
echo "  sent when the last request answered: $(( $(received) - before )) of $COUNT"
wait_for $((before + COUNT))
t1=$(now_ms)
echo "  end to end: $COUNT messages in $((t1 - t0)) ms: $((COUNT * 1000 / (t1 - t0))) messages/s; the last one $((t1 - t_queued)) ms after the last request"
echo "  outbox rows sent: $(sent); attempts recorded: $(/usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM mail_attempts').fetchone()[0])" "$WORK/bench.db")"
