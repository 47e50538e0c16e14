#!/usr/bin/env bash
# Runs the web UI's end-to-end tests (web/e2e/run.mjs) in Debian's chromium against a real
# `hoptac serve` on a temporary demo database. Needs web/dist (scripts/web) and the hoptac binary:
# HOPTAC, or build/release/src/main/hoptac. Arguments go to run.mjs (--only TEXT).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export HOPTAC="${HOPTAC:-$ROOT/build/release/src/main/hoptac}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM" ]]; then
  echo "e2e: $CHROMIUM not found (scripts/setup installs Debian's chromium)" >&2
  exit 1
fi
exec node "$ROOT/web/e2e/run.mjs" "$@"
