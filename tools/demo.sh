#!/usr/bin/env bash
# The main job: install what is missing, build the release preset and run the
# demo end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
./build/release/bin/example_quickstart
