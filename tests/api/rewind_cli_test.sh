#!/usr/bin/env bash
# Rewind end to end through the binary: `firedrill serve SCENARIO --paused --out DIR` on a free
# loopback port; step 8 minutes, write a note, step on, rewind to 6:00, take another path; stop
# the server (SIGTERM). Then `firedrill report DIR` must read the two-branch journal, write the
# draft of the branch it ended on and branches.json, and `firedrill run SCENARIO --actions
# DIR/journal.jsonl` must replay that branch only.
# Usage: rewind_cli_test.sh FIREDRILL_BINARY [SCENARIO.lua]
set -euo pipefail
firedrill=$1
here=$(cd "$(dirname "$0")" && pwd)
scenario=${2:-$here/../../scenarios/nginx-open-files.lua}
command -v curl >/dev/null || { echo "FAIL: curl is needed"; exit 1; }

tmp=$(mktemp -d)
serve_pid=""
cleanup() {
  if [[ -n "$serve_pid" ]] && kill -0 "$serve_pid" 2>/dev/null; then
    kill -KILL "$serve_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  echo "--- serve output:"; cat "$tmp/serve.log" 2>/dev/null || true
  exit 1
}

"$firedrill" serve "$scenario" --bind 127.0.0.1:0 --paused --out "$tmp/drill" >"$tmp/serve.log" 2>&1 &
serve_pid=$!
target=""
for _ in $(seq 300); do
  target=$(sed -n 's|^listening on http://\(127\.0\.0\.1:[0-9]*\)/api/v1.*|\1|p' "$tmp/serve.log")
  [[ -n "$target" ]] && break
  kill -0 "$serve_pid" 2>/dev/null || fail "firedrill serve exited before listening"
  sleep 0.1
done
[[ -n "$target" ]] || fail "firedrill serve did not print its address"
api="http://$target/api/v1"
post() { curl -fsS -X POST "$api/$1" -H 'Content-Type: application/json' -d "$2"; }

post clock '{"step_seconds": 480}' >/dev/null || fail "step"
post notes '{"text": "first path: looking at the database"}' >/dev/null || fail "note"
post clock '{"step_seconds": 120}' >/dev/null || fail "step"
rewound=$(post rewind '{"to_us": 360000000}') || fail "rewind: $(post rewind '{"to_us": 360000000}' 2>&1)"
grep -q '"branch":2' <<<"$rewound" || fail "rewind answered $rewound"
post notes '{"text": "second path: the web servers first"}' >/dev/null || fail "note on branch 2"
post clock '{"step_seconds": 60}' >/dev/null || fail "step on branch 2"
branches=$(curl -fsS "$api/branches") || fail "GET /branches"
grep -q '"current":2' <<<"$branches" || fail "GET /branches answered $branches"
# A time after now is the caller's mistake.
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$api/rewind" -d '{"to_us": 999000000000}')
[[ "$code" == 400 ]] || fail "rewind past now answered $code, not 400"

kill -TERM "$serve_pid"
wait "$serve_pid" || fail "serve did not exit cleanly"
serve_pid=""

journal="$tmp/drill/journal.jsonl"
[[ "$(grep -c '"kind":"drill.branch"' "$journal")" == 1 ]] || fail "journal has no drill.branch"
grep -q 'first path' "$journal" || fail "the first branch's note is not in the journal"
"$firedrill" report "$journal" >"$tmp/report.log" 2>&1 || { cat "$tmp/report.log"; fail "report"; }
grep -q '^branches: 2 ' "$tmp/report.log" || { cat "$tmp/report.log"; fail "report did not compare branches"; }
[[ -s "$tmp/drill/branches.json" ]] || fail "no branches.json"
grep -q 'second path' "$tmp/drill/postmortem.md" || fail "the draft is not the final branch's"
if grep -q 'first path' "$tmp/drill/postmortem.md"; then fail "the draft holds the abandoned branch"; fi

"$firedrill" run "$scenario" --actions "$journal" --out "$tmp/replay" --no-progress \
  >"$tmp/run.log" 2>&1 || { cat "$tmp/run.log"; fail "run --actions on a branched journal"; }
grep -q 'second path' "$tmp/replay/journal.jsonl" || fail "the replay lost the final branch's note"
if grep -q 'first path' "$tmp/replay/journal.jsonl"; then fail "the replay took the abandoned branch"; fi
cat "$tmp/report.log"
echo "ok: rewound, reported both branches, replayed the final one"
