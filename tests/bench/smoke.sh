#!/usr/bin/env bash
# A few seconds of the benchmark tools, so that CI keeps them working: wirelab-bench against
# wirelab-server and both yardsticks (every answer checked), and the micro-benchmarks once.
set -euo pipefail
server=$1 bench=$2 yardstick=$3 qtyardstick=$4 micro=${5:-}

run_against() {
    local output port pid
    output=$(mktemp)
    "$@" > "$output" 2>/dev/null &
    pid=$!
    for _ in $(seq 1 100); do
        port=$(sed -n "s/^listening on ('127.0.0.1', \([0-9]*\))$/\1/p" "$output")
        [ -n "$port" ] && break
        sleep 0.05
    done
    [ -n "$port" ] || { echo "no listening line from $1"; kill "$pid"; exit 1; }
    for kind in double search binary; do
        "$bench" -p "$port" -c 8 -n 200 --kind "$kind" | grep -E "^(requests ok|errors|RESULT)"
    done
    kill "$pid"
    wait "$pid" || true
    rm -f "$output"
}

run_against "$server" --quiet 127.0.0.1 0
run_against "$yardstick" 127.0.0.1 0
run_against "$qtyardstick" 127.0.0.1 0
if [ -n "$micro" ]; then
    "$micro" --benchmark_min_time=0.01 --benchmark_filter='encodeAndDecodeRequest|decodeBigContent/4096' | tail -n 6
fi
echo "bench smoke: every answer checked, no errors"
