#!/usr/bin/env bash
# Builds the Debian packages from a build folder into a scratch folder (cpack -G DEB, as
# docs/DEPLOY.md says) and checks what they hold: the programs, their man pages, the
# systemd units, the desktop file and icon, the dissector when there is one, computed
# dependencies, the Recommends, the copyright and changelog; then runs lintian, which must
# report no error, and whose every warning must be explained in docs/DEPLOY.md.
#
#   check-package.sh BUILD_DIR SOURCE_DIR SCRATCH_DIR WITH_CHECK WITH_GUI
set -euo pipefail
build=$1 source=$2 scratch=$3 with_check=$4 with_gui=$5
status=0
fail() { echo "FAIL: $*"; status=1; }

rm -rf "$scratch"
mkdir -p "$scratch"
if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$scratch" > "$scratch/cpack.log" 2>&1; then
    cat "$scratch/cpack.log"
    echo "FAIL: cpack -G DEB (is everything built? the man pages are part of the build)"
    exit 1
fi

version=$(sed -n 's/^wirelab (\([^)]*\)).*/\1/p;q' "$source/packaging/changelog")
arch=$(dpkg --print-architecture)
server_deb="$scratch/wirelab_${version}_${arch}.deb"
gui_deb="$scratch/wirelab-gui_${version}_${arch}.deb"
[ -f "$server_deb" ] || { ls "$scratch"; echo "FAIL: no $server_deb (the changelog's version must be the package's)"; exit 1; }
packages=("$server_deb")
if [ "$with_gui" = 1 ]; then
    [ -f "$gui_deb" ] || { ls "$scratch"; echo "FAIL: no $gui_deb"; exit 1; }
    packages+=("$gui_deb")
fi

# has PACKAGE PATH...: each path is in the package; lacks PACKAGE PATH...: none is. (The
# listing is read whole first: grep -q ending a pipe early would fail it under pipefail.)
holds() {
    local contents
    contents=$(dpkg-deb -c "$1" | awk '{ print substr($6, 3) }')
    grep -qxF "$2" <<< "$contents"
}
has() {
    local deb=$1
    shift
    for path in "$@"; do
        holds "$deb" "$path" || fail "$(basename "$deb") lacks /$path"
    done
}
lacks() {
    local deb=$1
    shift
    for path in "$@"; do
        holds "$deb" "$path" && fail "$(basename "$deb") should not hold /$path"
    done
    return 0
}
field() { dpkg-deb -f "$1" "$2"; }
# depends PACKAGE LIBRARY: LIBRARY is one of the package's Depends, whatever its version.
depends() {
    local names
    names=$(dpkg-deb -f "$1" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//')
    grep -qxF "$2" <<< "$names"
}

programs=(wirelab-server wirelab-client)
[ "$with_check" = 1 ] && programs+=(wirelab-check)
for program in "${programs[@]}"; do
    has "$server_deb" "usr/bin/$program" "usr/share/man/man1/$program.1.gz"
done
has "$server_deb" usr/lib/systemd/system/wirelab-server.socket usr/lib/systemd/system/wirelab-server.service \
    usr/share/doc/wirelab/copyright usr/share/doc/wirelab/changelog.gz usr/share/doc/wirelab/DEPLOY.md.gz
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
if [ -f "$source/resources/wirelab.lua" ]; then
    has "$server_deb" "usr/lib/$multiarch/wireshark/plugins/wirelab.lua"
fi
lacks "$server_deb" usr/bin/wirelab-gui usr/share/applications/io.github.wirelab.Wirelab.desktop

[ "$(field "$server_deb" Package)" = wirelab ] || fail "wirelab: Package is $(field "$server_deb" Package)"
[ "$(field "$server_deb" Version)" = "$version" ] || fail "wirelab: Version is not the changelog's $version"
# Computed by dpkg-shlibdeps: nothing in packaging/ names a library.
for library in libc6 libstdc++6 libqt6core6 libqt6network6; do
    depends "$server_deb" "$library" || fail "wirelab: Depends lacks $library: $(field "$server_deb" Depends)"
done
depends "$server_deb" libqt6widgets6 && fail "wirelab: depends on Qt Widgets: $(field "$server_deb" Depends)"

if [ "$with_gui" = 1 ]; then
    has "$gui_deb" usr/bin/wirelab-gui usr/share/man/man1/wirelab-gui.1.gz \
        usr/share/applications/io.github.wirelab.Wirelab.desktop \
        usr/share/icons/hicolor/scalable/apps/io.github.wirelab.Wirelab.svg \
        usr/share/doc/wirelab-gui/copyright usr/share/doc/wirelab-gui/changelog.gz
    lacks "$gui_deb" usr/bin/wirelab-server usr/lib/systemd/system/wirelab-server.service
    for library in libc6 libqt6core6 libqt6gui6 libqt6widgets6; do
        depends "$gui_deb" "$library" || fail "wirelab-gui: Depends lacks $library: $(field "$gui_deb" Depends)"
    done
    [ "$(field "$gui_deb" Recommends)" = fonts-noto-color-emoji ] \
        || fail "wirelab-gui: Recommends is '$(field "$gui_deb" Recommends)'"
fi

# What is inside: the units as written, man pages made from --help, the licence.
root="$scratch/root"
for deb in "${packages[@]}"; do
    dpkg-deb -x "$deb" "$root"
done
for unit in wirelab-server.socket wirelab-server.service; do
    cmp -s "$source/resources/$unit" "$root/usr/lib/systemd/system/$unit" || fail "$unit differs from resources/"
done
# page PROGRAM TEXT: the man page has TEXT (a fixed string).
page() {
    local text
    text=$(zcat "$root/usr/share/man/man1/$1.1.gz")
    grep -qF -- "$2" <<< "$text" || fail "$1.1 lacks $2"
}
page wirelab-server '.TH WIRELAB-SERVER "1"'
page wirelab-server 'max\-connections'
page wirelab-server 'wirelab-server.socket'
page wirelab-server 'trusted\-proxy'
page wirelab-server 'the number of cores'
page wirelab-client 'timeout'
[ "$with_check" = 1 ] && page wirelab-check '.TH WIRELAB-CHECK "1"'
[ "$with_gui" = 1 ] && page wirelab-gui 'screenshot'
grep -q "Permission is hereby granted" "$root/usr/share/doc/wirelab/copyright" || fail "copyright lacks the licence"
[ "$(zcat "$root/usr/share/doc/wirelab/changelog.gz")" = "$(cat "$source/packaging/changelog")" ] \
    || fail "changelog.gz is not packaging/changelog"
[[ "$(file "$root/usr/bin/wirelab-server")" == *", stripped"* ]] || fail "wirelab-server is not stripped"

# lintian: no errors; every warning explained in docs/DEPLOY.md's Lintian section.
lintian --tag-display-limit 0 "${packages[@]}" > "$scratch/lintian.log" 2>&1 || true
cat "$scratch/lintian.log"
grep -q '^E: ' "$scratch/lintian.log" && fail "lintian reports errors"
for tag in $(sed -n 's/^W: [^:]*: \([a-z0-9+.-]*\).*/\1/p' "$scratch/lintian.log" | sort -u); do
    grep -q "\`$tag\`" "$source/docs/DEPLOY.md" || fail "lintian warning $tag is not explained in docs/DEPLOY.md"
done

[ "$status" -eq 0 ] && echo "package: $(basename -a "${packages[@]}" | tr '\n' ' ')checked"
exit "$status"
