#!/usr/bin/env bash
# The server benchmark of issue 5: wrk against `hoptac serve` and against the Node peer
# (bench/peers/node), on a copy of the national data set, one server at a time.
#
#   bench/http/run.sh
#
# Builds nothing: hoptac is $HOPTAC (default build/release/src/main/hoptac; `scripts/build release
# --target hoptac`), the peer needs `npm ci --nodedir=/usr` in bench/peers/node once (better-sqlite3
# compiles from source against the installed Node headers). Needs wrk, node, curl.
#
# Environment:
#   HOPTAC_BENCH_DB   the national data set (default /tmp/nat.db; `hoptac demo --scale national
#                     --seed 1 --db FILE`); copied first, since making the API token writes to it
#   BENCH_DURATION    wrk duration of each measured run (default 30s); a 5 s warm-up precedes it
#   BENCH_MIXES       default "list search detail" (bench/http/paths.mjs says what each asks)
#   BENCH_SERVERS     default "hoptac peer"; also "peer-static": the peer running hoptac's own
#                     list statement (PEER_SQL=static)
#   BENCH_ROUNDS      default 1: rounds of every server × mix, one after the other
#   BENCH_TASKSET     "1": the server on CPU 0, wrk on CPU 1 (default: both share both cores)
#   BENCH_WRITES      SECONDS: while each server is measured, another process writes a figures
#                     revision (`hoptac figures set`, a registry write) every SECONDS, as officers
#                     elsewhere would; after each hoptac run its list index's answered / behind
#                     counts from /metrics go to results.txt (default: no writes)
#   BENCH_OUT         where to keep the results, the wrk outputs and each run's server log (hoptac
#                     logs one line per request with its db_ms) (default: a new temporary folder)
#
# Every (mix, server) run starts the server afresh, warms it up for 5 s, then measures. Prints one
# line per run: server, mix, requests/s, p50, p99, max, the server's CPU seconds during the
# measured run, its peak RSS (VmHWM, warm-up included), and `uptime`'s load before the run;
# $BENCH_OUT/results.txt adds RssAnon/RssFile of each run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HOPTAC="${HOPTAC:-$ROOT/build/release/src/main/hoptac}"
DB="${HOPTAC_BENCH_DB:-/tmp/nat.db}"
DURATION="${BENCH_DURATION:-30s}"
MIXES="${BENCH_MIXES:-list search detail}"
SERVERS="${BENCH_SERVERS:-hoptac peer}"
ROUNDS="${BENCH_ROUNDS:-1}"
OUT="${BENCH_OUT:-$(mktemp -d /tmp/hoptac-http-bench.XXXXXX)}"
PEER="$ROOT/bench/peers/node"
PORT_HOPTAC=18180
PORT_PEER=18181

for tool in wrk node curl; do
  command -v "$tool" > /dev/null || { echo "run.sh: $tool is missing (scripts/setup)" >&2; exit 1; }
done
[[ -x "$HOPTAC" ]] || { echo "run.sh: no hoptac at $HOPTAC (scripts/build release --target hoptac)" >&2; exit 1; }
[[ -f "$DB" ]] || { echo "run.sh: no database at $DB (hoptac demo --scale national --seed 1)" >&2; exit 1; }
[[ -d "$PEER/node_modules/better-sqlite3" ]] ||
  { echo "run.sh: the peer is not installed: (cd $PEER && npm ci --nodedir=/usr)" >&2; exit 1; }

SERVER_CPU=""
WRK_CPU=""
if [[ "${BENCH_TASKSET:-}" == 1 ]]; then
  SERVER_CPU="taskset -c 0"
  WRK_CPU="taskset -c 1"
fi

mkdir -p "$OUT"
COPY="$OUT/bench.db"
echo "# copying $DB to $COPY" >&2
cp "$DB" "$COPY"
"$HOPTAC" user add bench-admin --role admin --db "$COPY" > /dev/null
TOKEN="$("$HOPTAC" user token bench-admin --name bench --db "$COPY" | tail -n 1)"
node "$ROOT/bench/http/paths.mjs" "$COPY" "$OUT/paths" 5000

WRITER=""
start_writer() { # a figures revision every $BENCH_WRITES seconds, through the CLI, until stopped
  [[ -n "${BENCH_WRITES:-}" ]] || return 0
  (
    mapfile -t codes < <(sed 's#.*/##' "$OUT/paths/detail.txt" | head -n 500)
    n=0
    while :; do
      $WRK_CPU "$HOPTAC" --db "$COPY" --user bench figures set "${codes[n % ${#codes[@]}]}" \
        --year 2026 --members $((10 + n % 50)) > /dev/null 2>> "$OUT/writes.log" || true
      n=$((n + 1))
      sleep "$BENCH_WRITES"
    done
  ) &
  WRITER=$!
}
stop_writer() {
  if [[ -n "$WRITER" ]]; then
    kill "$WRITER" 2> /dev/null || true
    wait "$WRITER" 2> /dev/null || true
  fi
  WRITER=""
}

PID=""
stop_server() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2> /dev/null; then
    kill -TERM "$PID"
    wait "$PID" 2> /dev/null || true
  fi
  PID=""
}
trap 'stop_writer; stop_server; rm -f "$COPY" "$COPY-wal" "$COPY-shm"' EXIT

wait_ready() { # URL [HEADER]
  for _ in $(seq 1 200); do
    if curl -sf -o /dev/null ${2:+-H "$2"} "$1"; then return 0; fi
    sleep 0.1
  done
  echo "run.sh: the server did not answer $1" >&2
  exit 1
}

cpu_seconds() { # PID: user + system time so far
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}
status_kb() { # PID FIELD
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

start_server() { # NAME
  case "$1" in
    hoptac)
      $SERVER_CPU "$HOPTAC" serve --db "$COPY" --listen "127.0.0.1:$PORT_HOPTAC" \
        > "$OUT/hoptac-$mix.log" 2>&1 &
      PID=$!
      BASE="http://127.0.0.1:$PORT_HOPTAC"
      AUTH="$TOKEN"
      wait_ready "$BASE/api/organisations?limit=1" "Authorization: Bearer $TOKEN"
      ;;
    peer | peer-static)
      [[ "$1" == peer-static ]] && export PEER_SQL=static || unset PEER_SQL
      (cd "$PEER" && exec $SERVER_CPU node server.mjs --db "$COPY" --listen "127.0.0.1:$PORT_PEER") \
        > "$OUT/$1-$mix.log" 2>&1 &
      PID=$!
      BASE="http://127.0.0.1:$PORT_PEER"
      AUTH=""
      wait_ready "$BASE/api/organisations?limit=1"
      ;;
    *) echo "run.sh: unknown server $1" >&2; exit 2 ;;
  esac
}

printf '%-11s %-7s %10s %9s %9s %9s %8s %8s  %s\n' server mix 'req/s' 'p50 ms' 'p99 ms' 'max ms' \
  'cpu s' 'HWM MB' 'load (uptime) before the run' | tee "$OUT/results.txt"
for round in $(seq 1 "$ROUNDS"); do
  for mix in $MIXES; do
    for server in $SERVERS; do
      # A fresh server for every run: a slow mix leaves requests queued behind it for seconds.
      start_server "$server"
      export BENCH_PATHS="$OUT/paths/$mix.txt" BENCH_TOKEN="$AUTH"
      $WRK_CPU wrk -t2 -c64 -d5s --timeout 10s -s "$ROOT/bench/http/rotate.lua" "$BASE" > /dev/null
      start_writer
      load="$(uptime | sed 's/.*load average: //')"
      cpu0="$(cpu_seconds "$PID")"
      wrk_out="$OUT/wrk-$server-$mix-$round.txt"
      $WRK_CPU wrk -t2 -c64 -d"$DURATION" --timeout 10s --latency \
        -s "$ROOT/bench/http/rotate.lua" "$BASE" > "$wrk_out"
      cpu1="$(cpu_seconds "$PID")"
      stop_writer
      line="$(grep '^result ' "$wrk_out")"
      get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$line"; }
      bad="$(sed -n 's/.*Non-2xx or 3xx responses: *//p' "$wrk_out")"
      errors="$(get errors)"
      if [[ -n "$bad" || "$errors" != 0 ]]; then
        echo "run.sh: $server $mix: ${bad:-0} non-2xx responses, $errors socket errors or timeouts" >&2
      fi
      printf '%-11s %-7s %10s %9s %9s %9s %8s %8s  %s\n' "$server" "$mix" "$(get rps)" \
        "$(get p50_ms)" "$(get p99_ms)" "$(get max_ms)" \
        "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.1f", b - a }')" \
        "$(( $(status_kb "$PID" VmHWM) / 1024 ))" "$load" | tee -a "$OUT/results.txt"
      grep -E '^(VmHWM|VmRSS|RssAnon|RssFile|Threads)' "/proc/$PID/status" | tr -s ' \t' ' ' \
        | paste -sd ' ' | sed "s/^/# $server $mix: /" >> "$OUT/results.txt"
      if [[ "$server" == hoptac ]]; then
        curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/metrics" |
          grep -E '^hoptac_list_index_(builds_total|updates_total|queries_total)' | paste -sd ' ' |
          sed "s/^/# $server $mix: /" >> "$OUT/results.txt" || true
      fi
      stop_server
    done
  done
done
echo "# logs and wrk outputs in $OUT" >&2
