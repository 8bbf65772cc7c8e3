#!/usr/bin/env bash
# The README's main command ends here: open the dashboard on the starter scenario when there is
# a display, else run the same scenario headless with its autopilot playing, and say which.
# Usage: bash scripts/start.sh [SCENARIO.lua]   (run from the repository root, after the build)
set -u
cd "$(dirname "$0")/.."
scenario="${1:-scenarios/nginx-open-files.lua}"

headless() {
  echo "start.sh: $1 — running the drill headless with its autopilot instead:" >&2
  echo "start.sh:   ./build/firedrill run $scenario --autopilot --out out" >&2
  exec ./build/firedrill run "$scenario" --autopilot --out out
}

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  headless "no display (DISPLAY and WAYLAND_DISPLAY are unset)"
fi
if [ ! -x ./build/firedrill-dashboard ]; then
  headless "./build/firedrill-dashboard is not built"
fi
mkdir -p out
echo "start.sh: opening the dashboard on $scenario (./build/firedrill-dashboard $scenario)" >&2
./build/firedrill-dashboard "$scenario" --journal out/journal.jsonl
status=$?
# 4: no window could be opened (no usable display or OpenGL 3.3).
if [ "$status" -eq 4 ]; then headless "the dashboard could not open a window"; fi
exit "$status"
