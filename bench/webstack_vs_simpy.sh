#!/usr/bin/env bash
# Runs the SimPy anchor and firedrill's own stack on identical webstack-v1 parameters, one
# after the other in the same invocation, and prints both results and the speed ratio in
# completed requests per wall second (the machine is shared and noisy: compare ratios).
# A second ratio uses each whole process's CPU time (user + sys, from /usr/bin/time): other
# engineers' builds stretch a 20-40 s SimPy run's wall time more than a 0.3 s firedrill
# run's, which CPU time mostly does not see. It counts setup and percentile sorting on both
# sides (firedrill's share of that is larger), so it is the conservative of the two.
# Usage: bench/webstack_vs_simpy.sh [webstack-v1 flags, e.g. --fault-at 300 --fault-db-factor 10]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
firedrill=${FIREDRILL:-$root/build/firedrill}
anchor=${ANCHOR:-$root/../shared/anchors/webstack_simpy.py}
[[ -x $firedrill ]] || { echo "bench: build first (cmake --preset default && cmake --build build)" >&2; exit 1; }
[[ -f $anchor ]] || { echo "bench: SimPy anchor not found at $anchor" >&2; exit 1; }

ours=$(mktemp) theirs=$(mktemp) ours_cpu=$(mktemp) theirs_cpu=$(mktemp) t=$(mktemp)
trap 'rm -f "$ours" "$theirs" "$ours_cpu" "$theirs_cpu" "$t"' EXIT
# Best of 3 for ours (a few hundred ms each); SimPy once (it takes ~20 s).
for _ in 1 2 3; do
  /usr/bin/time -f "%U %S" -o "$t" "$firedrill" bench webstack-v1 "$@" >> "$ours"
  cat "$t" >> "$ours_cpu"
done
/usr/bin/time -f "%U %S" -o "$theirs_cpu" /usr/bin/python3 "$anchor" "$@" > "$theirs"

/usr/bin/python3 - "$ours" "$theirs" "$ours_cpu" "$theirs_cpu" <<'PY'
import json, sys
ours = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
best = max(ours, key=lambda d: d["requests_completed"] / d["wall_s"])
simpy = json.loads(open(sys.argv[2]).read())
def cpu(line): return sum(float(x) for x in line.split())
ours_cpu = min(cpu(l) for l in open(sys.argv[3]) if l.strip())
simpy_cpu = cpu(open(sys.argv[4]).read())
def rate(d): return d["requests_completed"] / d["wall_s"]
print(f"{'':22} {'firedrill':>14} {'simpy':>14} {'diff':>8}")
for key in ("requests_completed", "mean_latency_ms", "p50_ms", "p95_ms", "p99_ms",
            "web_utilization", "db_utilization"):
    a, b = best[key], simpy[key]
    print(f"{key:22} {a:14.4f} {b:14.4f} {100 * (a - b) / b:+7.2f}%")
print(f"{'wall_s (event loop)':22} {best['wall_s']:14.3f} {simpy['wall_s']:14.3f}")
print(f"{'requests / wall s':22} {rate(best):14,.0f} {rate(simpy):14,.0f}")
print(f"{'cpu_s (whole process)':22} {ours_cpu:14.3f} {simpy_cpu:14.3f}")
print(f"speed ratio (requests per wall second): {rate(best) / rate(simpy):.1f}x")
print(f"speed ratio (whole-process CPU time):    "
      f"{(best['requests_completed'] / ours_cpu) / (simpy['requests_completed'] / simpy_cpu):.1f}x")
PY
