#!/usr/bin/env bash
# The instructor's window under Xvfb on a real workshop: `firedrill serve --workshop` on the
# bundled scenarios/nginx-open-files.lua (a free port), two trainees joined with curl, then
# `firedrill-dashboard --connect URL --token INSTRUCTOR` plays instructor.script (pause bob,
# inject the scenario's nofile-64 into bob and a library crash of web-2 into alice, each
# confirmed, export the archive), then watches alice's drill (scrub back, Branch from here,
# confirmed; resume; back to the workshop). Then the PNG must not be blank, the UI dump must
# show the instructor view (and no drill panels), and curl and the trainees' journals must
# show that the pause and both injections reached the drills, that alice's drill is on branch
# 2 by the instructor (asked with alice's own token), and the archive must be where it said.
# 2: the instructor opens the review round (curl) and alice's own window (--token ALICE)
# plays review.script: the review tab, the wide review of bob's draft, a rubric item changed,
# a comment, submit — and the instructor's /workshop/reviews must hold her review.
# Usage: xvfb_instructor.sh DASHBOARD_BINARY FIREDRILL_BINARY PNG_CHECK_BINARY [OUT_DIR]
# Exit 77 (ctest SKIP_RETURN_CODE) when xvfb-run or curl is not installed.
set -euo pipefail
dashboard=$(realpath "$1")
firedrill=$(realpath "$2")
png_check=$(realpath "$3")
out=${4:-$(mktemp -d)}
here=$(cd "$(dirname "$0")" && pwd)

for tool in xvfb-run curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not installed (scripts/install-deps.sh --with-tests): skipping"
    exit 77
  fi
done
mkdir -p "$out"
out=$(realpath "$out")
rm -rf "$out/ws" "$out/instructor.png" "$out/instructor.json" "$out/workshop.tar.gz" \
  "$out/serve.log" "$out/review.png" "$out/review.json"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

fail() {
  echo "FAIL: $*"
  exit 1
}

# Speed 1: the scenario's own nofile-64 comes at 5 simulated minutes, long after this test.
"$firedrill" serve "$here/../../scenarios/nginx-open-files.lua" --workshop --bind 127.0.0.1:0 \
  --out "$out/ws" --speed 1 >"$out/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT

url=""
for _ in $(seq 100); do
  url=$(sed -n 's|^listening on \(http://[0-9.:]*\)/api/v1.*|\1|p' "$out/serve.log")
  [[ -n "$url" ]] && break
  kill -0 "$server" 2>/dev/null || fail "firedrill serve exited: $(cat "$out/serve.log")"
  sleep 0.1
done
[[ -n "$url" ]] || fail "firedrill serve did not say where it listens: $(cat "$out/serve.log")"
instructor=$(cat "$out/ws/instructor.token")
api="$url/api/v1"
as_instructor=(-s -H "Authorization: Bearer $instructor")

for name in alice bob; do
  curl -s -X POST "$api/workshop/join" -H 'Content-Type: application/json' \
    -d "{\"name\": \"$name\"}" >"$out/$name.join"
  grep -qF "\"name\":\"$name\"" "$out/$name.join" || fail "$name could not join"
done
alice=$(sed -n 's|.*"token":"\([0-9a-f]*\)".*|\1|p' "$out/alice.join")
[[ -n "$alice" ]] || fail "no token for alice"

status=0
(cd "$out" && xvfb-run -a -s "-screen 0 1600x900x24" "$dashboard" --connect "$url" \
  --token "$instructor" --frames 60 --screenshot "$out/instructor.png" \
  --dump-ui "$out/instructor.json" --script "$here/instructor.script") || status=$?
[[ $status == 0 ]] || fail "firedrill-dashboard exited $status (3: the script failed)"

[[ -s "$out/instructor.png" ]] || fail "no screenshot"
"$png_check" "$out/instructor.png" || fail "the screenshot is blank"

dump="$out/instructor.json"
[[ -s "$dump" ]] || fail "no UI dump"
expect() { grep -qF -- "$1" "$dump" || fail "the UI dump lacks: $1"; }
expect '"Instructor"'
expect '"scenario 502s at the morning peak'
expect '"connection LIVE http://127.0.0.1:'
expect '"row alice T+'
expect '"row bob T+'
expect 'reply OK pause bob: bob PAUSED'
expect 'reply OK inject nofile-64 into bob: bob ok'
expect 'reply OK inject crash on web-2 into alice: alice ok'
expect "saved $out/workshop.tar.gz"
expect '"role": "instructor"'
expect '"done": true'
if grep -qF '"Topology"' "$dump"; then fail "the instructor's window shows a drill"; fi

# What reached the drills, asked the server.
curl "${as_instructor[@]}" "$api/trainees/bob/session" | grep -qF '"paused":true' ||
  fail "bob's drill is not paused"
curl "${as_instructor[@]}" "$api/trainees/alice/session" | grep -qF '"paused":false' ||
  fail "alice's drill was paused too"
bob_journal="$out/ws/trainees/bob/journal.jsonl"
alice_journal="$out/ws/trainees/alice/journal.jsonl"
grep -F '"kind":"sim.paused"' "$bob_journal" | grep -qF '"by":"instructor"' ||
  fail "the pause is not in bob's journal"
grep -F '"kind":"fault.injected"' "$bob_journal" | grep -qF 'nofile-64' ||
  fail "nofile-64 was not injected into bob's drill"
grep -F '"kind":"fault.injected"' "$alice_journal" | grep -F '"source":"instructor"' |
  grep -qF '"fault":"crash"' || fail "the crash was not injected into alice's drill"
if grep -F '"kind":"fault.injected"' "$alice_journal" | grep -qF 'nofile-64'; then
  fail "nofile-64 reached alice's drill too"
fi
# The instructor's Branch from here, as alice sees her own drill.
curl -s -H "Authorization: Bearer $alice" "$api/branches" >"$out/alice.branches"
grep -qF '"current":2' "$out/alice.branches" ||
  fail "alice's drill is not on branch 2: $(cat "$out/alice.branches")"
grep -qF '"by":"instructor"' "$out/alice.branches" ||
  fail "alice's branch 2 is not the instructor's: $(cat "$out/alice.branches")"
grep -F '"kind":"drill.branch"' "$alice_journal" | grep -qF '"by":"instructor"' ||
  fail "the branch is not in alice's journal as the instructor's"
curl "${as_instructor[@]}" "$api/trainees/bob/branches" | grep -qF '"current":1' ||
  fail "bob's drill was branched too"
[[ -s "$out/workshop.tar.gz" ]] || fail "no exported archive"
tar tzf "$out/workshop.tar.gz" | grep -qF 'workshop/drafts/bob.md' ||
  fail "the archive lacks bob's draft"

# 2: the review round, from a trainee's window.
curl "${as_instructor[@]}" -X POST "$api/workshop/review-round" -d '{}' |
  grep -qF '"open":true' || fail "the review round did not open"
status=0
xvfb-run -a -s "-screen 0 1600x900x24" "$dashboard" --connect "$url" --token "$alice" \
  --frames 60 --screenshot "$out/review.png" --dump-ui "$out/review.json" \
  --script "$here/review.script" || status=$?
[[ $status == 0 ]] || fail "firedrill-dashboard as alice exited $status (3: the script failed)"
"$png_check" "$out/review.png" || fail "the review screenshot is blank"
dump="$out/review.json"
expect '"Peer review"'
expect 'reviewing bob'"'"'s draft'
expect 'reply OK saved: '
expect '"role": "trainee"'
expect '"done": true'
curl "${as_instructor[@]}" "$api/workshop/reviews" >"$out/reviews.json"
grep -qF '"comments":"Name the cause and say when you detected it."' "$out/reviews.json" ||
  fail "alice's comments did not reach the server"
echo "xvfb instructor: ok ($out)"
