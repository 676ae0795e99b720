#!/usr/bin/env bash
# A picture of the real window (under Xvfb, not the offscreen platform) after the lab's
# double 7654321 through the built-in server: docs/screenshot.png, shown in the README; and
# the lab bench after the same request sent with its int32 little-endian: docs/bench-screenshot.png.
set -euo pipefail
cd "$(dirname "$0")/.."
gui=${1:-build/gui-client/wirelab-gui}
XDG_CONFIG_HOME=$(mktemp -d) xvfb-run -a -s "-screen 0 1400x900x24" \
    "$gui" --screenshot docs/screenshot.png --send double 7654321
XDG_CONFIG_HOME=$(mktemp -d) xvfb-run -a -s "-screen 0 1400x900x24" \
    "$gui" --screenshot docs/bench-screenshot.png --send double 7654321 --mistake int32-little-endian
echo "wrote docs/screenshot.png and docs/bench-screenshot.png"
