#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the normal build's CTest suite, the
# same suite built portable (no Linux-only code) and under AddressSanitizer +
# UndefinedBehaviorSanitizer, and bounded fuzz runs.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

echo "== build and test (Debug)"
cmake --workflow --preset ci

echo "== build and test without Linux-only code (WIRELAB_PORTABLE: as on macOS and Windows)"
cmake --workflow --preset portable

echo "== build and test with AddressSanitizer and UndefinedBehaviorSanitizer"
cmake --workflow --preset asan

if [ -f scripts/fuzz.sh ]; then
    echo "== fuzz (bounded)"
    bash scripts/fuzz.sh "${WIRELAB_FUZZ_SECONDS:-30}"
fi
