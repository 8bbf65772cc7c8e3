#!/usr/bin/env bash
# Workshop capacity: how many trainees, each with a 1x drill of a bundled scenario and a client
# that behaves like a dashboard, one machine holds with the server under 50% of its CPU.
# Serves the scenario with --workshop on a free loopback port, and for each profile (a fresh
# server each) bench/drill_capacity.py joins 1, 2, 4, 8, 12, 16... trainees, measures the
# server's CPU and its own per step, and stops past the limit or when the workshop is full.
# Usage: bench/drill_capacity.sh
#   env: FIREDRILL, SCENARIO, PROFILES ("dashboard poll1s"), LIMIT (50, % of the machine),
#        WINDOW (6 s measured per step), MAX_TRAINEES (64, the most --max-trainees allows),
#        AT_MINUTES (40: each drill is stepped this far in, at most 5 minutes before its end)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
firedrill=${FIREDRILL:-$root/build/firedrill}
scenario=${SCENARIO:-$root/scenarios/nginx-open-files.lua}
read -r -a profiles <<< "${PROFILES:-dashboard poll1s}"
max_trainees=${MAX_TRAINEES:-64}

[[ -x $firedrill ]] || { echo "bench: build first (cmake --preset default && cmake --build build)" >&2; exit 1; }
[[ -f $scenario ]] || { echo "bench: no scenario at $scenario" >&2; exit 1; }
[[ -x /usr/bin/python3 ]] || { echo "bench: /usr/bin/python3 is missing: apt-get install python3" >&2; exit 1; }
if ! [[ $max_trainees =~ ^[0-9]+$ ]] || ((max_trainees < 2 || max_trainees > 64)); then
  echo "bench: MAX_TRAINEES must be 2-64, got \"$max_trainees\"" >&2
  exit 1
fi

work=$(mktemp -d)
server=""
stop_server() {
  if [[ -n $server ]]; then
    kill "$server" 2> /dev/null || true
    wait "$server" 2> /dev/null || true
    server=""
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT

echo "bench: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
for profile in "${profiles[@]}"; do
  # --out: the journals are written as in a real workshop; port 0: the server picks a free one.
  rm -rf "$work/out"
  "$firedrill" serve "$scenario" --workshop --max-trainees "$max_trainees" --speed 1 \
    --bind 127.0.0.1:0 --out "$work/out" > "$work/log" 2>&1 &
  server=$!
  base=""
  for _ in $(seq 100); do
    base=$(grep -o 'listening on http://[^/ ]*' "$work/log" | cut -d' ' -f3 || true)
    [[ -n $base ]] && break
    kill -0 "$server" 2> /dev/null || { cat "$work/log" >&2; exit 1; }
    sleep 0.1
  done
  [[ -n $base ]] || { echo "bench: the server did not start in 10 s:" >&2; cat "$work/log" >&2; exit 1; }
  echo "bench: $(head -1 "$work/log")"
  /usr/bin/python3 "$here/drill_capacity.py" "$base" "$server" --profile "$profile" \
    --limit "${LIMIT:-50}" --window "${WINDOW:-6}" --max "$max_trainees" --at-minutes "${AT_MINUTES:-40}"
  stop_server
  echo
done
