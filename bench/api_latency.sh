#!/usr/bin/env bash
# API latency under concurrent clients: serves a bundled scenario at 1x on a free loopback
# port and runs wrk against the endpoints a dashboard polls and one POST, at a few connection
# counts. Prints requests/s, p50 and p99 of each, and each p50/p99 as a ratio to the anchor
# measured in the same run at the same connection count: GET /api/v1/actions/catalog, a real
# route that never calls into the engine thread (the machine is shared: compare ratios).
# The 404 row is the bare HTTP floor. wrk and the server share the machine's cores.
# The drill is first stepped AT_MINUTES into its simulated time (default 20: the incident is
# under way and the journal that /timeline rebuilds on every request has grown), then runs at 1x.
# Usage: bench/api_latency.sh
#   env: FIREDRILL, SCENARIO, DURATION (5 s per wrk run), CONNECTIONS ("1 8 32"), AT_MINUTES (20)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
firedrill=${FIREDRILL:-$root/build/firedrill}
scenario=${SCENARIO:-$root/scenarios/nginx-open-files.lua}
duration=${DURATION:-5}
at_minutes=${AT_MINUTES:-20}
read -r -a connections <<< "${CONNECTIONS:-1 8 32}"

for tool in wrk curl; do
  command -v "$tool" > /dev/null || {
    echo "bench: $tool not found: run scripts/install-deps.sh --with-bench (Debian: apt-get install wrk curl)" >&2
    exit 1
  }
done
[[ -x $firedrill ]] || { echo "bench: build first (cmake --preset default && cmake --build build)" >&2; exit 1; }
[[ -f $scenario ]] || { echo "bench: no scenario at $scenario" >&2; exit 1; }
[[ $duration =~ ^[1-9][0-9]*$ ]] || { echo "bench: DURATION must be whole seconds, got \"$duration\"" >&2; exit 1; }
if ! [[ $at_minutes =~ ^[0-9]+$ ]] || ((at_minutes > 60)); then
  echo "bench: AT_MINUTES must be 0-60, got \"$at_minutes\"" >&2
  exit 1
fi
for c in "${connections[@]}"; do
  [[ $c =~ ^[1-9][0-9]*$ ]] || { echo "bench: CONNECTIONS must be counts, got \"$c\"" >&2; exit 1; }
done

log=$(mktemp) results=$(mktemp)
server=""
cleanup() {
  if [[ -n $server ]]; then
    kill "$server" 2> /dev/null || true
    wait "$server" 2> /dev/null || true
  fi
  rm -f "$log" "$results"
}
trap cleanup EXIT

# Port 0: the server picks a free port and prints it.
"$firedrill" serve "$scenario" --bind 127.0.0.1:0 --speed 1 > "$log" 2>&1 &
server=$!
base=""
for _ in $(seq 100); do
  base=$(grep -o 'listening on http://[^/ ]*' "$log" | cut -d' ' -f3 || true)
  [[ -n $base ]] && break
  kill -0 "$server" 2> /dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
[[ -n $base ]] || { echo "bench: the server did not start in 10 s:" >&2; cat "$log" >&2; exit 1; }

# json_field KEY...: the value at that path of the JSON on stdin.
json_field() {
  /usr/bin/python3 -c 'import json, sys
d = json.load(sys.stdin)
for k in sys.argv[1:]: d = d[k]
print(d)' "$@"
}
# Cursors as a dashboard holds them: the last few seconds of metrics, the logs from now on.
metrics_since() { echo $(($(curl -sf "$base/api/v1/session" | json_field clock t_us) / 1000000 - 5)); }
logs_since() { curl -sf "$base/api/v1/logs?limit=1" | json_field last_seq; }
sim_clock() { curl -sf "$base/api/v1/session" | json_field clock clock_text; }

# The server's CPU time so far (utime + stime, in clock ticks): CPU per request is far less
# distorted than latency by what else runs on a shared machine.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }

# measure NAME CONNECTIONS PATH [METHOD BODY]
measure() {
  local name=$1 c=$2 path=$3 threads=2 out before
  if ((c < threads)); then threads=$c; fi
  before=$(server_ticks)
  out=$(WRK_METHOD=${4:-GET} WRK_BODY=${5:-} wrk --latency -t"$threads" -c"$c" -d"${duration}s" \
    --timeout 10s -s "$here/api_latency.lua" "$base$path")
  local result
  result=$(grep '^RESULT ' <<< "$out" | cut -d' ' -f2-) || { echo "bench: wrk failed on $path:" >&2; echo "$out" >&2; exit 1; }
  echo "$name $c $(($(server_ticks) - before)) $result" >> "$results"
  printf '.' >&2
}

clock() { curl -sf -X POST "$base/api/v1/clock" -H 'Content-Type: application/json' -d "$1" > /dev/null; }
# The drill must still be live at the end: 9 runs per connection count, plus some slack.
length_s=$(($(curl -sf "$base/api/v1/session" | json_field clock length_us) / 1000000))
if ((at_minutes * 60 + 9 * ${#connections[@]} * (duration + 1) + 30 > length_s)); then
  echo "bench: AT_MINUTES=$at_minutes leaves too little of this $((length_s / 60))-minute drill for the runs" >&2
  exit 1
fi
if ((at_minutes > 0)); then
  clock "{\"pause\": true, \"step_seconds\": $((at_minutes * 60))}"
  clock '{"resume": true}'
fi

anchor="catalog"
echo "bench: $(head -1 "$log")" >&2
echo "bench: $base, wrk ${duration} s per run, connections ${connections[*]}, sim clock $(sim_clock)" >&2
wrk -t1 -c1 -d1s "$base/api/v1/actions/catalog" > /dev/null # warm-up
for c in "${connections[@]}"; do
  measure "$anchor" "$c" /api/v1/actions/catalog
  measure 404 "$c" /api/v1/no-such-route
  measure session "$c" /api/v1/session
  measure topology "$c" /api/v1/topology
  measure metrics "$c" "/api/v1/metrics?since=$(metrics_since)"
  measure alerts "$c" /api/v1/alerts
  measure logs "$c" "/api/v1/logs?since=$(logs_since)&contains=502"
  measure timeline "$c" /api/v1/timeline
done
# Last: every note grows the journal that /timeline rebuilds from.
for c in "${connections[@]}"; do
  measure "POST notes" "$c" /api/v1/notes POST '{"text": "bench: web-2 answers 502", "hypothesis": false}'
done
echo >&2
echo "bench: done at sim clock $(sim_clock)" >&2

/usr/bin/python3 - "$results" "$anchor" "$(getconf CLK_TCK)" <<'PY'
import sys
rows = []
for line in open(sys.argv[1]):
    *name, c, ticks, reqs, dur, p50, p99, sock, status = line.split()
    rows.append((" ".join(name), int(c), int(ticks), int(reqs), int(dur), int(p50), int(p99),
                 int(sock), int(status)))
anchor = {r[1]: r for r in rows if r[0] == sys.argv[2]}
tick_us = 1e6 / int(sys.argv[3])
print(f"{'endpoint':12} {'conns':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
      f"{'p50 x':>7} {'p99 x':>7} {'cpu us/req':>10} {'sock err':>8} {'>399':>7}")
for name, c, ticks, reqs, dur, p50, p99, sock, status in sorted(rows, key=lambda r: r[1]):
    a = anchor[c]
    print(f"{name:12} {c:5d} {reqs / (dur / 1e6):8.0f} {p50 / 1e3:8.2f} {p99 / 1e3:8.2f} "
          f"{p50 / a[5]:7.1f} {p99 / a[6]:7.1f} {ticks * tick_us / max(reqs, 1):10.0f} "
          f"{sock:8d} {status:7d}")
print(f"x: the p50 or p99 divided by the anchor's ({sys.argv[2]}: GET /api/v1/actions/catalog, "
      "no engine work) at the same connection count; cpu: the server's CPU time per request")
PY
