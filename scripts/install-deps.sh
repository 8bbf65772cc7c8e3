#!/usr/bin/env bash
# Installs the Debian 12 packages firedrill needs to build, run and test.
# Idempotent and non-interactive; run as root (or with sudo) on a fresh machine.
set -euo pipefail

build_packages=(
  build-essential cmake pkg-config git
  libboost-dev libcpp-httplib-dev libarchive-dev liblua5.4-dev
  libimgui-dev libstb-dev libglfw3-dev libgl-dev fonts-dejavu-core
  catch2 nlohmann-json3-dev libfmt-dev libcli11-dev libhowardhinnant-date-dev tzdata
)
# Only the tests and benchmarks use these: the SimPy anchor, a Lua linter,
# a virtual X server with software OpenGL for the dashboard test, node and npm for
# markdownlint-cli (scripts/lint-scenarios.sh; installed below from tools/markdownlint),
# and a Prometheus server that tests/api/prometheus_scrape_test.sh runs itself on loopback.
test_packages=(
  python3 python3-simpy3 lua-check
  xvfb xauth libgl1-mesa-dri
  prometheus curl
)

# Only bench/api_latency.sh and bench/drill_capacity.sh use these (wrk: an HTTP load generator).
bench_packages=(wrk curl python3)

with_tests=false with_bench=false
for arg in "$@"; do
  case $arg in
    --with-tests) with_tests=true ;;
    --with-bench) with_bench=true ;;
    *) echo "install-deps: unknown option $arg (use --with-tests, --with-bench)" >&2; exit 2 ;;
  esac
done

want=("${build_packages[@]}")
if $with_bench; then want+=("${bench_packages[@]}"); fi
if $with_tests; then
  want+=("${test_packages[@]}")
  # Debian's node and npm, unless the machine already has a node with npm (e.g. NodeSource's,
  # whose nodejs package bundles npm and conflicts with Debian's).
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    want+=(nodejs npm)
  fi
fi

# markdownlint-cli at the version package-lock.json pins, project-local (no global install).
install_markdownlint() {
  $with_tests || return 0
  local root
  root=$(cd "$(dirname "$0")/.." && pwd)
  if [[ ! -x "$root/tools/markdownlint/node_modules/.bin/markdownlint" ]]; then
    echo "install-deps: npm ci --prefix tools/markdownlint"
    npm ci --prefix "$root/tools/markdownlint" --no-audit --no-fund --loglevel=error
  fi
}

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#want[@]} packages present"
  install_markdownlint
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian's prometheus package enables a system service listening on every interface; the
# test runs its own server, so a freshly installed service is stopped and disabled.
if [[ " ${missing[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null 2>&1 &&
  [[ -d /run/systemd/system ]]; then
  $SUDO systemctl disable --now prometheus.service >/dev/null 2>&1 || true
fi
install_markdownlint
