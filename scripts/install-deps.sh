#!/usr/bin/env bash
# Installs the Debian 12 packages firedrill needs to build, run and test.
# Idempotent and non-interactive; run as root (or with sudo) on a fresh machine.
set -euo pipefail

build_packages=(
  build-essential cmake pkg-config git
  libboost-dev libcpp-httplib-dev liblua5.4-dev
  libimgui-dev libstb-dev libglfw3-dev libgl-dev fonts-dejavu-core
  catch2 nlohmann-json3-dev libfmt-dev libcli11-dev libhowardhinnant-date-dev tzdata
)
# Only the tests and benchmarks use these: the SimPy anchor, a Lua linter,
# a virtual X server with software OpenGL for the dashboard test.
test_packages=(
  python3 python3-simpy3 lua-check
  xvfb xauth libgl1-mesa-dri
)

want=("${build_packages[@]}")
if [[ "${1:-}" == "--with-tests" ]]; then
  want+=("${test_packages[@]}")
fi

missing=()
for pkg in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
