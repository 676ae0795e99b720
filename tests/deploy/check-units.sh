#!/usr/bin/env bash
# The systemd units in resources/: systemd-analyze verify finds nothing to say about them
# (with ExecStart pointed at the built server, which it checks exists and is executable),
# and systemd-analyze security rates the service's exposure at most 1.5 ("OK").
#
#   check-units.sh SYSTEMD_ANALYZE RESOURCES_DIR SERVER_BINARY SCRATCH_DIR
set -euo pipefail
analyze=$1 resources=$2 server=$3 scratch=$4

rm -rf "$scratch"
mkdir -p "$scratch"
cp "$resources/wirelab-server.socket" "$resources/wirelab-server.service" "$scratch/"
sed -i "s|^ExecStart=/usr/bin/wirelab-server|ExecStart=$server|" "$scratch/wirelab-server.service"
grep -q "^ExecStart=$server " "$scratch/wirelab-server.service" || { echo "FAIL: no ExecStart=/usr/bin/wirelab-server"; exit 1; }

output=$("$analyze" verify --man=no "$scratch/wirelab-server.socket" "$scratch/wirelab-server.service" 2>&1) \
    || { echo "$output"; echo "FAIL: systemd-analyze verify"; exit 1; }
if [ -n "$output" ]; then
    echo "$output"
    echo "FAIL: systemd-analyze verify has something to say"
    exit 1
fi

# --threshold is the exposure times ten.
"$analyze" security --offline=yes --threshold=15 "$scratch/wirelab-server.service" | tail -1
"$analyze" security --offline=yes --threshold=15 "$scratch/wirelab-server.service" > /dev/null \
    || { echo "FAIL: the service's exposure is over 1.5"; exit 1; }
for setting in DynamicUser=yes NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes \
    "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX" Type=notify; do
    grep -qx "$setting" "$scratch/wirelab-server.service" || { echo "FAIL: no $setting"; exit 1; }
done
grep -qx "ListenStream=65432" "$scratch/wirelab-server.socket" || { echo "FAIL: the socket is not on 65432"; exit 1; }
echo "systemd units: verified"
