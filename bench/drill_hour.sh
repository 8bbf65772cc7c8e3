#!/usr/bin/env bash
# A one-hour drill of the full stack at 2,000 req/s (about 7.2 M user requests) at maximum
# speed: prints wall time and peak memory (max RSS) of the whole process.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
firedrill=${FIREDRILL:-$root/build/firedrill}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
/usr/bin/time -f "%e %M" -o "$out" "$firedrill" run --minutes 60 --rps 2000 --spike 1 > /dev/null
read -r wall rss_kb < "$out"
echo "one-hour drill at 2000 req/s: wall ${wall} s, peak memory $((rss_kb / 1024)) MB"
