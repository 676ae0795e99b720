#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (ASan + UBSan) and runs each for SECONDS
# (default 50: the three together take about 150 s), starting from its seed corpus. A crash
# or a broken invariant fails the run and leaves the input as crash-* in build-fuzz/.
# Longer runs: bash scripts/fuzz.sh 3600
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-50}
targets=(fuzz_decoder fuzz_session fuzz_proxyheader)

cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-14 -DWIRELAB_FUZZ=ON -DWIRELAB_BUILD_GUI=OFF > build-fuzz.log
cmake --build build-fuzz -j2 --target "${targets[@]}" >> build-fuzz.log

status=0
for target in "${targets[@]}"; do
    # Each target's seeds and words: the lab's messages, or PROXY protocol headers.
    case "$target" in
        fuzz_proxyheader) seeds=(tests/fuzz/corpus-proxy) dict=tests/fuzz/proxy.dict ;;
        fuzz_session) seeds=(tests/fuzz/corpus tests/fuzz/corpus-session) dict=tests/fuzz/wirelab.dict ;;
        *) seeds=(tests/fuzz/corpus) dict=tests/fuzz/wirelab.dict ;;
    esac
    mkdir -p "build-fuzz/corpus-$target" build-fuzz/artifacts
    echo "== $target for $seconds s"
    if ! ASAN_OPTIONS=detect_leaks=1 "build-fuzz/tests/fuzz/$target" \
        -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -dict="$dict" -print_final_stats=1 \
        -artifact_prefix="build-fuzz/artifacts/$target-" \
        "build-fuzz/corpus-$target" "${seeds[@]}" > "build-fuzz/$target.log" 2>&1; then
        status=1
        echo "fuzz: $target failed; the input is in build-fuzz/artifacts/, the log in build-fuzz/$target.log"
        grep -E "fuzz check failed|ERROR|SUMMARY|Test unit written" "build-fuzz/$target.log" || true
    fi
    grep -E "^Done|stat::number_of_executed_units|stat::peak_rss_mb" "build-fuzz/$target.log" || true
done
[ "$status" -eq 0 ] && echo "fuzz: no failures"
exit "$status"
