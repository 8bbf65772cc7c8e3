#!/usr/bin/env bash
# The dashboard under Xvfb: opens the window on the built-in drill, plays smoke.script (select
# web-2, restart it through the palette's confirmation, a console command, ack the page, a
# note), saves a screenshot and the UI dump, then checks that the PNG is not blank, that every
# panel showed its key text, and that the palette's action reached the journal.
# Usage: xvfb_smoke.sh DASHBOARD_BINARY PNG_CHECK_BINARY [OUT_DIR]
# Exit 77 (ctest SKIP_RETURN_CODE) when xvfb-run is not installed.
set -euo pipefail
dashboard=$1
png_check=$2
out=${3:-$(mktemp -d)}
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v xvfb-run >/dev/null; then
  echo "xvfb-run not installed (scripts/install-deps.sh --with-tests): skipping"
  exit 77
fi
mkdir -p "$out"
rm -f "$out/smoke.png" "$out/smoke.json" "$out/journal.jsonl"
# Mesa and X allocate for the life of the process; leak reports there are not ours (the
# GL-free tests keep leak checking on).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

status=0
xvfb-run -a -s "-screen 0 1600x900x24" "$dashboard" --warmup 18 --frames 120 \
  --screenshot "$out/smoke.png" --dump-ui "$out/smoke.json" --journal "$out/journal.jsonl" \
  --script "$here/smoke.script" || status=$?
fail() { echo "FAIL: $*"; exit 1; }
[[ $status == 0 ]] || fail "firedrill-dashboard exited $status (3: the script failed)"

[[ -s "$out/smoke.png" ]] || fail "no screenshot"
"$png_check" "$out/smoke.png" || fail "the screenshot is blank"

dump="$out/smoke.json"
[[ -s "$dump" ]] || fail "no UI dump"
expect() { grep -qF -- "$1" "$dump" || fail "the UI dump lacks: $1"; }
for window in Topology Alerts Metrics Logs Actions Console Incident; do expect "\"$window\""; done
expect '"scenario Built-in stack with a traffic spike"'
expect '"connection LIVE in-process"'
expect '"web-2 '                      # topology box
expect 'HighErrorRate lb acked'       # alerts, after the Ack click
expect '"component web-2 window 15m'  # charts follow the selection
expect ' of '                         # logs: "N of M lines"
expect 'web-2$ systemctl status nginx -> exit'
expect '"reply OK restart_service web-2: web-2: nginx restarting"'
expect 'trainee.note'
expect '"done": true'

grep -F '"kind":"trainee.action"' "$out/journal.jsonl" | grep -qF '"action":"restart_service"' ||
  fail "the restart did not reach the journal"
grep -qF '"kind":"trainee.ack"' "$out/journal.jsonl" || fail "the ack did not reach the journal"
echo "xvfb smoke: ok ($out)"
