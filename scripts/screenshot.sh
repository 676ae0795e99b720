#!/usr/bin/env bash
# A picture of the real window (under Xvfb, not the offscreen platform) after the lab's
# double 7654321 through the built-in server: docs/screenshot.png, shown in the README.
set -euo pipefail
cd "$(dirname "$0")/.."
gui=${1:-build/gui-client/wirelab-gui}
XDG_CONFIG_HOME=$(mktemp -d) xvfb-run -a -s "-screen 0 1400x900x24" \
    "$gui" --screenshot docs/screenshot.png --send double 7654321
echo "wrote docs/screenshot.png"
