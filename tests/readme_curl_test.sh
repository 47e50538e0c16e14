#!/usr/bin/env bash
# Runs the `curl` examples of the README's "HTTP API" section, as written, against `hoptac serve`
# on a fresh demo database (on a free port instead of 8080), and checks what they answered.
#
#   tests/readme_curl_test.sh HOPTAC_BINARY
set -euo pipefail

HOPTAC="$(realpath "${1:?usage: readme_curl_test.sh HOPTAC_BINARY}")"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d)"
server=0
cleanup() {
  if ((server > 0)); then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf -- "$WORK"
}
trap cleanup EXIT
cd "$WORK"

"$HOPTAC" demo --db demo.db >demo.txt
PW="$(sed -n 's/.*login: admin \/ password: \([^ ]*\).*/\1/p' demo.txt | head -n 1)"
[[ -n "$PW" ]] || { echo "no admin password in the demo output:"; cat demo.txt; exit 1; }
export PW

: >serve.log  # there before the server opens it: the loop below reads it at once
"$HOPTAC" serve --db demo.db --listen 127.0.0.1:0 2>serve.log &
server=$!
for _ in $(seq 100); do
  port="$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' serve.log | head -n 1)"
  [[ -n "$port" ]] && break
  sleep 0.1
done
[[ -n "${port:-}" ]] || { echo "the server did not start:"; cat serve.log; exit 1; }

# The examples: the first ```sh block after "## HTTP API", pointed at this server.
awk '/^## HTTP API/ {in_section=1} in_section && /^```sh/ {on=1; next} on && /^```/ {exit} on {print}' \
  "$ROOT/README.md" | sed "s/127\.0\.0\.1:8080/127.0.0.1:$port/g" >examples.sh
[[ -s examples.sh ]] || { echo "no curl examples found in README.md"; exit 1; }
code="$(sed -n 's/.*the thôn Chang cooperative: \([0-9]*\).*/\1/p' demo.txt | head -n 1)"
printf 'registry_code,year,members\r\n%s,2025,31\r\n' "${code:-5100086384}" >figures.csv

bash -euo pipefail examples.sh >out.txt 2>&1 || { echo "the examples failed:"; cat out.txt; exit 1; }

fail() { echo "README example: $1"; echo "--- output:"; cat out.txt; exit 1; }
grep -q '"csrf_token"' out.txt || fail "sign-in gave no CSRF token"
grep -q 'Việt Lâm\|Viet Lam\|viet' out.txt || fail "the search found nothing for viet lam"
grep -q '"type":"amended"' out.txt || fail "the event was not recorded (no history with it)"
grep -q '"representative":"Nguyễn Văn An"' out.txt || fail "the recorded event is not in the answer"
[[ "$(head -c 2 conversion.xlsx)" == "PK" ]] || fail "conversion.xlsx is not an XLSX file"
grep -q '"dry_run":true' out.txt || fail "the dry run did not answer"
grep -q '"action":"event.record"' out.txt || fail "the audit log lacks the event"
echo "README curl examples: ok"
