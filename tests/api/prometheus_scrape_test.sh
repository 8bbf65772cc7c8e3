#!/usr/bin/env bash
# A real Prometheus server scrapes `firedrill serve`'s /metrics on loopback: the test starts
# `firedrill serve scenarios/nginx-open-files.lua --bind 127.0.0.1:0 --speed 60`, reads the
# port it printed, runs Prometheus (its own config and TSDB in a temp dir, 1 s scrape interval,
# listening on a free loopback port) against it, and waits at most 30 s until Prometheus's
# HTTP API answers `up{job="firedrill"} == 1` and has a sample of firedrill_sim_time_seconds
# that moved past 0. Both processes are stopped on exit (trap), whatever happened.
# Usage: [FIREDRILL_PROMETHEUS=PATH] prometheus_scrape_test.sh FIREDRILL_BINARY [SCENARIO.lua]
# Exit 77 (ctest SKIP_RETURN_CODE) only when the prometheus binary is not installed
# (scripts/install-deps.sh --with-tests installs Debian's `prometheus`; CI has it).
set -euo pipefail
firedrill=$1
here=$(cd "$(dirname "$0")" && pwd)
scenario=${2:-$here/../../scenarios/nginx-open-files.lua}

prometheus=${FIREDRILL_PROMETHEUS:-$(command -v prometheus || true)}  # override: a path
if [[ -z "$prometheus" || ! -x "$prometheus" ]]; then
  echo "prometheus not installed (scripts/install-deps.sh --with-tests): skipping"
  exit 77
fi
command -v curl >/dev/null || { echo "FAIL: curl is needed to query Prometheus"; exit 1; }

tmp=$(mktemp -d)
serve_pid="" prom_pid=""
stop() {  # SIGTERM, then up to 10 s for a clean exit, then SIGKILL
  local pid=$1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop "$prom_pid"
  stop "$serve_pid"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() {
  echo "FAIL: $*"
  echo "--- firedrill serve output:"; cat "$tmp/serve.log" 2>/dev/null || true
  echo "--- prometheus output (last 30 lines):"; tail -n 30 "$tmp/prometheus.log" 2>/dev/null || true
  exit 1
}
deadline=$((SECONDS + 30))

# 1: firedrill serve on a port the system picks; it prints "listening on http://ADDR:PORT/api/v1".
"$firedrill" serve "$scenario" --bind 127.0.0.1:0 --speed 60 >"$tmp/serve.log" 2>&1 &
serve_pid=$!
target=""
while ((SECONDS < deadline)); do
  target=$(sed -n 's|^listening on http://\(127\.0\.0\.1:[0-9]*\)/api/v1.*|\1|p' "$tmp/serve.log")
  [[ -n "$target" ]] && break
  kill -0 "$serve_pid" 2>/dev/null || fail "firedrill serve exited before listening"
  sleep 0.1
done
[[ -n "$target" ]] || fail "firedrill serve did not print its address"
metrics=$(curl -fsS "http://$target/metrics") || fail "GET /metrics at $target failed"
grep -q '^firedrill_sim_time_seconds ' <<<"$metrics" ||
  fail "/metrics at $target lacks firedrill_sim_time_seconds"

# 2: Prometheus on a free loopback port (asked of the kernel; retried if taken meanwhile).
cat >"$tmp/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: firedrill
    static_configs:
      - targets: ['$target']
EOF
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
    2>/dev/null || echo $((20000 + RANDOM % 20000))
}
prom=""
for _ in 1 2 3; do
  port=$(free_port)
  "$prometheus" --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/tsdb" \
    --web.listen-address="127.0.0.1:$port" >"$tmp/prometheus.log" 2>&1 &
  prom_pid=$!
  while ((SECONDS < deadline)) && kill -0 "$prom_pid" 2>/dev/null; do
    if curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; then prom="127.0.0.1:$port"; break; fi
    sleep 0.2
  done
  [[ -n "$prom" ]] && break
  stop "$prom_pid"; prom_pid=""
done
[[ -n "$prom" ]] || fail "prometheus did not become ready"

# 3: ask Prometheus (instant queries) until the target is up and a firedrill sample arrived.
query() { curl -fsS -G "http://$prom/api/v1/query" --data-urlencode "query=$1" 2>/dev/null || true; }
up="" sample=""
while ((SECONDS < deadline)); do
  up=$(query "up{job=\"firedrill\",instance=\"$target\"}")
  sample=$(query "firedrill_sim_time_seconds{job=\"firedrill\"} > 0")
  if grep -q '"value":\[[0-9.e+]*,"1"\]' <<<"$up" &&
    grep -q '"__name__":"firedrill_sim_time_seconds"' <<<"$sample"; then
    break
  fi
  sleep 0.5
done
echo "up: $up"
echo "firedrill_sim_time_seconds: $sample"
grep -q '"value":\[[0-9.e+]*,"1"\]' <<<"$up" || fail "Prometheus does not report up == 1 for $target within 30 s"
grep -q '"__name__":"firedrill_sim_time_seconds"' <<<"$sample" ||
  fail "Prometheus has no firedrill_sim_time_seconds > 0 sample within 30 s"

# A scraped family with labels too: the per-component stack gauges.
stack=$(query 'count(firedrill_stack_p99_seconds{job="firedrill"})')
grep -q '"value":\[[0-9.e+]*,"[1-9][0-9]*"\]' <<<"$stack" ||
  fail "no firedrill_stack_p99_seconds series scraped: $stack"
# Prometheus parsed every scrape without dropping samples.
failed=$(query 'scrape_samples_post_metric_relabeling{job="firedrill"} - scrape_samples_scraped{job="firedrill"}')
grep -q '"value":\[[0-9.e+]*,"0"\]' <<<"$failed" || fail "samples dropped on ingest: $failed"

# 4: both stop cleanly on SIGTERM.
kill -TERM "$serve_pid"
status=0
wait "$serve_pid" || status=$?
serve_pid=""
[[ $status == 0 ]] || fail "firedrill serve exited $status on SIGTERM"
grep -q 'stopping' "$tmp/serve.log" || fail "firedrill serve did not report stopping"
echo "PASS: Prometheus ($prom) scraped firedrill serve ($target)"
