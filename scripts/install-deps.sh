#!/usr/bin/env bash
# Installs, from Debian's archive, whatever Wirelab needs to build, test and run that this
# machine lacks. Idempotent: installs nothing when everything is there.
set -euo pipefail

packages=(
    cmake ninja-build g++ pkg-config
    qt6-base-dev qt6-base-dev-tools libgl-dev qt6-svg-dev libqt6svg6
    clang-14 libclang-rt-14-dev         # the libFuzzer targets
    libbenchmark-dev                    # protocol micro-benchmarks
    xvfb xauth                          # a real X server for the window screenshot
    fonts-noto-color-emoji              # the lab's answers have emoji (🐰, 🐶): shown, not boxes
    desktop-file-utils                  # desktop-file-validate for the .desktop test
    python3 procps
    tshark                              # tests/wireshark: the Lua dissector and the captures
    help2man dpkg-dev fakeroot lintian  # the .deb: man pages from --help, cpack's DEB, its checks
    systemd                             # systemd-socket-activate for the activation test
    haproxy                             # the HAProxy front end of docs/DEPLOY.md, checked
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: run as root (or with sudo) to install packages" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
