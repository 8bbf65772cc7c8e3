#!/usr/bin/env bash
# End to end through the firedrill binary (ctest "firedrill run: ..."): `run SCENARIO
# --autopilot --out DIR` writes the journal and a lint-clean draft with its chart and figures;
# the same run twice gives the same journal (a rerun into the same DIR keeps the earlier
# journal), another seed a different one; a recorded trainee
# replays to a byte-identical journal; bad input fails with FILE:LINE and exit 1; the progress
# line is drawn only when asked for (stderr is not a terminal here) and never journalled.
# Usage: run_cli_test.sh FIREDRILL SOURCE_DIR
set -euo pipefail
firedrill=$1
cd "$2"
scenario=scenarios/nginx-open-files.lua
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "FAILED: $*" >&2
  exit 1
}

"$firedrill" run "$scenario" --autopilot --out "$tmp/a" >"$tmp/a.out" 2>"$tmp/a.err" ||
  fail "run --autopilot exited $?: $(cat "$tmp/a.err")"
for f in journal.jsonl postmortem.md outage.svg summary.json; do
  [[ -s "$tmp/a/$f" ]] || fail "run --autopilot --out did not write $f"
done
grep -q "^draft: $tmp/a/postmortem.md (.*lint clean)" "$tmp/a.out" || fail "no lint-clean draft line"
grep -q "^  time to        detect" "$tmp/a.out" || fail "no debrief figures printed"
"$firedrill" lint "$tmp/a/postmortem.md" >/dev/null || fail "the draft does not lint clean"
[[ ! -s "$tmp/a.err" ]] || fail "unexpected stderr without a terminal: $(cat "$tmp/a.err")"
grep -q '"kind":"run.end"' "$tmp/a/journal.jsonl" || fail "no run.end record"

"$firedrill" run "$scenario" --autopilot --out "$tmp/a2" >/dev/null 2>&1
cmp -s "$tmp/a/journal.jsonl" "$tmp/a2/journal.jsonl" || fail "two autopilot runs differ"
"$firedrill" run "$scenario" --autopilot --seed 8 --out "$tmp/s8" >/dev/null 2>&1
! cmp -s "$tmp/a/journal.jsonl" "$tmp/s8/journal.jsonl" || fail "another seed gave the same journal"

# A second drill into the same directory keeps the first one's journal beside its own.
cp "$tmp/a/journal.jsonl" "$tmp/first.jsonl"
"$firedrill" run "$scenario" --autopilot --out "$tmp/a" >/dev/null 2>"$tmp/again.err" ||
  fail "a second run into the same --out exited $?: $(cat "$tmp/again.err")"
cmp -s "$tmp/first.jsonl" "$tmp/a/journal.1.jsonl" || fail "the earlier drill's journal was not kept"
cmp -s "$tmp/first.jsonl" "$tmp/a/journal.jsonl" || fail "the second drill's journal is not a fresh one"
grep -q "kept the earlier drill's journal as $tmp/a/journal.1.jsonl" "$tmp/again.err" ||
  fail "no word about the kept journal: $(cat "$tmp/again.err")"

# The autopilot's moves replayed as a trainee's; that journal replayed again gives itself.
"$firedrill" run "$scenario" --actions "$tmp/a/journal.jsonl" --out "$tmp/b" >"$tmp/b.out" 2>&1 ||
  fail "replay exited $?: $(cat "$tmp/b.out")"
grep -q '"kind":"team.reply"' "$tmp/b/journal.jsonl" || fail "the replayed escalations got no reply"
"$firedrill" run "$scenario" --actions "$tmp/b/journal.jsonl" --out "$tmp/c" >/dev/null 2>&1
cmp -s "$tmp/b/journal.jsonl" "$tmp/c/journal.jsonl" || fail "a replayed journal is not byte-identical"

# The progress line: on stderr when forced, rewritten with \r, never in the journal.
"$firedrill" run "$scenario" --autopilot --progress --out "$tmp/p" >/dev/null 2>"$tmp/p.err"
grep -q $'\r' "$tmp/p.err" || fail "--progress drew nothing"
cmp -s "$tmp/a/journal.jsonl" "$tmp/p/journal.jsonl" || fail "the progress line changed the journal"

# Bad input: FILE:LINE and exit 1, no crash.
printf 'meta {\n  id = "x",\n' >"$tmp/broken.lua"
set +e
"$firedrill" run "$tmp/broken.lua" 2>"$tmp/broken.err"
code=$?
set -e
[[ $code == 1 ]] || fail "a broken scenario exited $code"
grep -q "broken.lua:3: " "$tmp/broken.err" || fail "no FILE:LINE for a broken scenario: $(cat "$tmp/broken.err")"
echo '{"at": "1:00", "action": "restart_service", "target": "web-9"}' >"$tmp/moves.jsonl"
set +e
"$firedrill" run "$scenario" --actions "$tmp/moves.jsonl" 2>"$tmp/moves.err" >/dev/null
code=$?
set -e
[[ $code == 1 ]] || fail "a bad actions file exited $code"
grep -q 'moves.jsonl:1: target: unknown host "web-9"; hosts: web-1' "$tmp/moves.err" ||
  fail "bad move message: $(cat "$tmp/moves.err")"
echo "ok"
