#!/usr/bin/env bash
# Pictures of the real window (under Xvfb, not the offscreen platform) after the lab's
# double 7654321 through the built-in server, for the README and docs/:
#   docs/screenshot.png            a 1400x900 screen, the system's (light) colours
#   docs/screenshot-1024x768.png   a 1024x768 screen: the panes stacked, every control there
#   docs/screenshot-dark.png       View > Colours > Dark
#   docs/screenshot-scale2.png     QT_SCALE_FACTOR=2 on a 1920x1080 screen
#   docs/timeline.png              the request sent at its boundaries, the answer 16 bytes at a
#                                  time: the Timeline tab, stepped to halfway through the answer
#   docs/bench-screenshot.png      the lab bench after the same request sent with its int32
#                                  little-endian (Bench > Mistakes)
set -euo pipefail
cd "$(dirname "$0")/.."
gui=${1:-build/gui-client/wirelab-gui}
shoot() { # SCREEN FILE SCALE [wirelab-gui options]
    local screen=$1 file=$2 scale=$3
    shift 3
    XDG_CONFIG_HOME=$(mktemp -d) QT_SCALE_FACTOR=$scale xvfb-run -a -s "-screen 0 ${screen}x24" \
        "$gui" "$@" --screenshot "$file" --send double 7654321
    echo "wrote $file"
}
shoot 1400x900 docs/screenshot.png 1
shoot 1024x768 docs/screenshot-1024x768.png 1
shoot 1400x900 docs/screenshot-dark.png 1 --colours dark
shoot 1920x1080 docs/screenshot-scale2.png 2
shoot 1400x900 docs/timeline.png 1 --send-plan boundaries --answer-chunk 16
shoot 1400x900 docs/bench-screenshot.png 1 --mistake int32-little-endian
