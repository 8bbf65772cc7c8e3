#!/usr/bin/env bash
# The dashboard under Xvfb, twice. 1: the built-in drill in process, playing smoke.script
# (select web-2, restart it through the palette's confirmation, a console command, ack the page,
# a note). 2: the bundled scenario scenarios/nginx-open-files.lua, served in process over HTTP
# as `firedrill-dashboard SCENARIO.lua` does, playing scenario.script (a console command, the
# stakeholder's message answered in Comms, a hypothesis, a hint asked for, an entry added to the
# timeline). Each saves a screenshot and the UI dump; the PNG must not be blank, every panel
# must show its key text, and the actions sent must be in the journal. The scenario run's PNG is what docs/dashboard.png shows.
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
rm -f "$out/smoke.png" "$out/smoke.json" "$out/journal.jsonl" "$out/scenario.png" \
  "$out/scenario.json" "$out/scenario-journal.jsonl"
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

# 2: the bundled scenario over HTTP.
status=0
xvfb-run -a -s "-screen 0 1600x900x24" "$dashboard" "$here/../../scenarios/nginx-open-files.lua" \
  --speed 120 --frames 60 --screenshot "$out/scenario.png" --dump-ui "$out/scenario.json" \
  --journal "$out/scenario-journal.jsonl" --script "$here/scenario.script" || status=$?
[[ $status == 0 ]] || fail "firedrill-dashboard SCENARIO.lua exited $status (3: the script failed)"
[[ -s "$out/scenario.png" ]] || fail "no screenshot of the scenario"
"$png_check" "$out/scenario.png" || fail "the scenario's screenshot is blank"
dump="$out/scenario.json"
[[ -s "$dump" ]] || fail "no UI dump of the scenario"
for window in Topology Alerts Metrics Logs Actions Console Incident; do expect "\"$window\""; done
expect '"scenario 502s at the morning peak'
expect '"connection LIVE http://127.0.0.1:'
expect 'web-1$ ulimit -n -> exit'
expect 'STAKEHOLDER '
expect "reply SENT asked the coach"  # the hint, after the reply (its SENT is the script's wait_for)
# (the Debrief tab's draft is checked by the script's wait_for: the dump is the last frame)
expect '"done": true'
journal="$out/scenario-journal.jsonl"
grep -F '"kind":"trainee.command"' "$journal" | grep -qF 'ulimit -n' ||
  fail "the console command did not reach the scenario's journal"
grep -F '"kind":"trainee.message"' "$journal" | grep -qF 'next update in 15 minutes' ||
  fail "the reply to the stakeholder did not reach the scenario's journal"
grep -qF '"kind":"trainee.note"' "$journal" || fail "the hypothesis did not reach the journal"
grep -qF '"kind":"trainee.hint"' "$journal" || fail "the hint request did not reach the journal"
grep -F '"kind":"timeline.edit"' "$journal" | grep -F '"op":"add"' |
  grep -qF 'Read the runbook for the 502s' || fail "the timeline edit did not reach the journal"
echo "xvfb smoke: ok ($out)"
