#!/usr/bin/env bash
# Installs what the build and tests need, builds, and runs every test through ctest; then
# builds again with AddressSanitizer + UndefinedBehaviorSanitizer and runs the fast tests
# there too (skip that second pass with FIREDRILL_SKIP_ASAN=1). Exit status is the tests'.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc 2>/dev/null || echo 2)

bash scripts/install-deps.sh --with-tests

cmake --preset default
cmake --build --preset default -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
# The bundled scenarios: luacheck, firedrill check, markdownlint of their autopilot drafts.
bash scripts/lint-scenarios.sh

if [[ "${FIREDRILL_SKIP_ASAN:-0}" != 1 ]]; then
  cmake --preset asan
  cmake --build --preset asan -j "$jobs"
  export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # [slow] cases are accuracy runs of millions of requests: the release pass covers them.
  ctest --test-dir build-asan --output-on-failure -j "$jobs" -E 'accuracy:'
fi
