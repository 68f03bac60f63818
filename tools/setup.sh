#!/usr/bin/env bash
# Installs every Debian package the project needs, and nothing when all are
# present (then it prints nothing and needs no network). Idempotent; needs
# root only to install. `setup.sh --check` installs nothing: it names the
# missing packages and fails (tools/test.sh runs that).
set -euo pipefail
check_only=0
[[ "${1:-}" == "--check" ]] && check_only=1

packages=(
  g++ cmake ninja-build pkg-config git tzdata
  libabsl-dev libhowardhinnant-date-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libfast-float-dev libxxhash-dev
  python3 python3-pip python3-setuptools python3-wheel python3-pytest python3-numpy python3-pandas
  python3-hypothesis python3-dask python3-distributed  # python/csmetrics/dask.py and its tests
  clang-14 libfuzzer-14-dev libclang-rt-14-dev clang-format
  chromium python3-pil  # tests/tools/html_render_test.sh: csm's HTML report in headless Chromium
  postgresql-15 postgresql-server-dev-15  # postgres/: the PostgreSQL extension and its tests
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $check_only -eq 1 ]]; then
  echo "csmetrics: missing Debian packages: ${missing[*]}" >&2
  echo "Run tools/setup.sh first (as root)" >&2
  exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "csmetrics setup: missing Debian packages: ${missing[*]}" >&2
  echo "Run as root (or: sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "csmetrics setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "csmetrics setup: done" >&2
