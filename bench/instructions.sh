#!/usr/bin/env bash
# User-space instructions per request, counted by valgrind's callgrind: wirelab-server
# (--threads 1) beside the Qt yardstick, over the same requests. Unlike CPU time on a shared
# machine the count does not vary from run to run, so it shows what a change to the code is
# worth; the kernel's part of a request (about two thirds of it) is not in it.
#
#   bash bench/instructions.sh [REQUESTS] [KIND]      (default 2000 double)
#
# Builds the Release preset first. Loopback only, port 0; each run is bounded by REQUESTS.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind > /dev/null || { echo "instructions.sh needs valgrind: apt-get install valgrind" >&2; exit 1; }
requests=${1:-2000}
kind=${2:-double}
cmake --preset release > /dev/null
cmake --build --preset release --target wirelab-server wirelab-bench qt-yardstick > /dev/null
build=build-release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

count() { # name command...: prints the instructions per request of the server it starts
    local name=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$work/$name.out" "$@" > "$work/$name.log" 2> "$work/$name.err" &
    local server=$!
    local port=
    for _ in $(seq 300); do # the first line says where it listens; valgrind is slow to start
        port=$(sed -n "s/^listening on ('127.0.0.1', \([0-9]*\)).*/\1/p" "$work/$name.log")
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "$name did not start" >&2; kill "$server"; exit 1; }
    "$build/bench/wirelab-bench" -p "$port" -c 8 -n 200 -d 0 --kind "$kind" > /dev/null # warm-up
    callgrind_control -z "$server" > /dev/null 2>&1
    local result
    result=$("$build/bench/wirelab-bench" -p "$port" -c 8 -n "$requests" -d 0 --kind "$kind" | tail -1)
    case $result in
    *" errors=0 "*) ;;
    *) echo "$name: $result" >&2; kill "$server"; exit 1 ;;
    esac
    callgrind_control -d "$server" > /dev/null 2>&1
    kill "$server"
    wait "$server" 2> /dev/null || true
    local total
    total=$(sed -n 's/^summary: *//p' "$work/$name.out.1")
    echo "$name $((total / requests))"
}

wirelab=$(count wirelab-server "$build/console-server/wirelab-server" --quiet --threads 1 127.0.0.1 0)
qt=$(count qt-yardstick "$build/bench/qt-yardstick" 127.0.0.1 0)
echo "instructions per request ($requests $kind requests, 8 clients, user space):"
echo "  wirelab-server --threads 1  ${wirelab#* }"
echo "  Qt yardstick                ${qt#* }"
