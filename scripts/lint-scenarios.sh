#!/usr/bin/env bash
# Lints the bundled scenarios, as CI does after the release tests (scripts/test.sh):
#  1. luacheck over scenarios/*.lua with .luacheckrc (the sandbox's globals and the scenario API);
#  2. `firedrill check` of every scenario (alerts fire, the autopilot resolves it, draft lints);
#  3. markdownlint (tools/markdownlint, settings .markdownlint.json) over the postmortem draft
#     `firedrill run SCENARIO --autopilot --out DIR` writes for every scenario.
# Needs a build (FIREDRILL_BUILD, default build/) and `scripts/install-deps.sh --with-tests`
# (lua-check, node and npm, markdownlint-cli). Exit status 1 when anything fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${FIREDRILL_BUILD:-build}
firedrill="$build/firedrill"
markdownlint=tools/markdownlint/node_modules/.bin/markdownlint

scenarios=()
for f in scenarios/*.lua; do
  [[ "$(basename "$f")" == firedrill.d.lua ]] || scenarios+=("$f")
done
if [[ ! -x "$firedrill" ]]; then
  echo "lint-scenarios: $firedrill not found: build first (cmake --preset default ...)" >&2
  exit 1
fi
for tool in luacheck "$markdownlint"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "lint-scenarios: $tool not found: run scripts/install-deps.sh --with-tests" >&2
    exit 1
  fi
done

failed=0
echo "lint-scenarios: luacheck ${#scenarios[@]} scenarios"
luacheck --no-color --config .luacheckrc "${scenarios[@]}" || failed=1

echo "lint-scenarios: firedrill check"
"$firedrill" check "${scenarios[@]}" || failed=1

drafts=$(mktemp -d)
trap 'rm -rf "$drafts"' EXIT
for f in "${scenarios[@]}"; do
  name=$(basename "$f" .lua)
  if ! "$firedrill" run "$f" --autopilot --no-progress --out "$drafts/$name" >"$drafts/$name.log" 2>&1; then
    echo "lint-scenarios: firedrill run $f --autopilot failed:" >&2
    cat "$drafts/$name.log" >&2
    failed=1
  fi
done
echo "lint-scenarios: markdownlint the autopilot drafts"
shopt -s nullglob
drafts_md=("$drafts"/*/postmortem.md)
if ((${#drafts_md[@]} > 0)); then
  "$markdownlint" --config .markdownlint.json "${drafts_md[@]}" || failed=1
fi

if ((failed)); then
  echo "lint-scenarios: FAILED" >&2
  exit 1
fi
echo "lint-scenarios: ok (${#scenarios[@]} scenarios)"
