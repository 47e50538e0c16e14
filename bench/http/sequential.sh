#!/usr/bin/env bash
# The server's CPU time per request, asked one at a time: steadier than wrk on a shared machine.
#
#   bench/http/sequential.sh HOPTAC DB TOKEN PATHS N [PORT]
#
# Starts `HOPTAC serve` on DB, asks the first N paths of the file PATHS (bench/http/paths.mjs
# writes them) once each with curl and a Bearer TOKEN, then prints the server's user + system
# time and the latency distribution (mean, p50, p90, p99, max) and the status codes.
# SEQ_WARM=1 asks every path once before measuring (SQLite's page cache warm); SEQ_CPU=N pins the
# server to CPU N (taskset).
set -euo pipefail
[[ $# -ge 5 ]] || { sed -n '2,9s/^# \{0,1\}//p' "$0" >&2; exit 2; }
HOPTAC="$1" DB="$2" TOKEN="$3" PATHS="$4" N="$5" PORT="${6:-18290}"
OUT="$(mktemp -d /tmp/hoptac-seq.XXXXXX)"
${SEQ_CPU:+taskset -c "$SEQ_CPU"} "$HOPTAC" serve --db "$DB" --listen "127.0.0.1:$PORT" \
  > "$OUT/serve.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2> /dev/null || true; wait "$PID" 2> /dev/null || true' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 200); do
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE/api/organisations?limit=1" && break
  sleep 0.1
done
if [[ "${SEQ_WARM:-}" == 1 ]]; then
  head -n "$N" "$PATHS" | while read -r path; do
    curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE$path"
  done
fi
start="$(awk '{ print $14 + $15 }' "/proc/$PID/stat")"
head -n "$N" "$PATHS" | while read -r path; do
  curl -s -o /dev/null -w '%{time_total} %{http_code}\n' -H "Authorization: Bearer $TOKEN" "$BASE$path"
done > "$OUT/times.txt"
end="$(awk '{ print $14 + $15 }' "/proc/$PID/stat")"
awk -v t="$((end - start))" -v hz="$(getconf CLK_TCK)" -v n="$N" \
  'BEGIN { printf "server CPU %.2f s, %.2f ms per request\n", t / hz, t / hz / n * 1000 }'
sort -n "$OUT/times.txt" | awk '{ a[NR] = $1; s += $1; c[$2]++ }
  END { printf "n=%d mean=%.1fms p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms codes:", NR,
        s / NR * 1000, a[int(NR * 0.5)] * 1000, a[int(NR * 0.9)] * 1000, a[int(NR * 0.99)] * 1000,
        a[NR] * 1000; for (k in c) printf " %s=%d", k, c[k]; print "" }'
