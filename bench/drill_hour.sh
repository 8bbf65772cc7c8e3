#!/usr/bin/env bash
# A one-hour drill of the full stack at 2,000 req/s (about 7.2 M user requests) at maximum
# speed: prints wall time, CPU time (user + sys: what other engineers' builds on this shared
# machine do not stretch) and peak memory (max RSS) of the whole process.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
firedrill=${FIREDRILL:-$root/build/firedrill}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
/usr/bin/time -f "%e %U %S %M" -o "$out" "$firedrill" run --minutes 60 --rps 2000 --spike 1 > /dev/null
read -r wall user sys rss_kb < "$out"
cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
echo "one-hour drill at 2000 req/s: wall ${wall} s, cpu ${cpu} s, peak memory $((rss_kb / 1024)) MB"
