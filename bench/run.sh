#!/usr/bin/env bash
# The benchmark matrix: wirelab-server, the Qt and C yardsticks and (with a path) the lab's Python
# server, under the same load generator, medians of three; writes docs/PERFORMANCE.md.
#
#   bash bench/run.sh [path/to/app-server.py]
#
# Builds the Release preset first. Loopback only; every run is bounded (-d seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release > /dev/null
cmake --build --preset release --target wirelab-server wirelab-bench yardstick qt-yardstick protocol-benchmark > /dev/null
exec python3 bench/matrix.py --build build-release --python-server "${1:-}" --output docs/PERFORMANCE.md
