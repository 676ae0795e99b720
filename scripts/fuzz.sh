#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (ASan + UBSan) and runs each for SECONDS
# (default 60), starting from the seed corpus. A crash or a broken invariant fails the run
# and leaves the input as crash-* in build-fuzz/. Longer runs: bash scripts/fuzz.sh 3600
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-14 -DWIRELAB_FUZZ=ON -DWIRELAB_BUILD_GUI=OFF > build-fuzz.log
cmake --build build-fuzz -j2 --target fuzz_decoder fuzz_session >> build-fuzz.log

status=0
for target in fuzz_decoder fuzz_session; do
    mkdir -p "build-fuzz/corpus-$target" build-fuzz/artifacts
    echo "== $target for $seconds s"
    if ! ASAN_OPTIONS=detect_leaks=1 "build-fuzz/tests/fuzz/$target" \
        -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -dict=tests/fuzz/wirelab.dict -print_final_stats=1 \
        -artifact_prefix="build-fuzz/artifacts/$target-" \
        "build-fuzz/corpus-$target" tests/fuzz/corpus > "build-fuzz/$target.log" 2>&1; then
        status=1
        echo "fuzz: $target failed; the input is in build-fuzz/artifacts/, the log in build-fuzz/$target.log"
        grep -E "fuzz check failed|ERROR|SUMMARY|Test unit written" "build-fuzz/$target.log" || true
    fi
    grep -E "^Done|stat::number_of_executed_units|stat::peak_rss_mb" "build-fuzz/$target.log" || true
done
[ "$status" -eq 0 ] && echo "fuzz: no failures"
exit "$status"
