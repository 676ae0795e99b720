#!/usr/bin/env bash
# The haproxy.cfg of docs/DEPLOY.md (its first ```haproxy block) is one HAProxy accepts:
# haproxy -c -f, with no warning. Also that its health check sends the lab's own
# "double 7654321" request and expects its answer, byte for byte.
#
#   check-haproxy.sh HAPROXY DEPLOY_MD OUTPUT_CFG
set -euo pipefail
haproxy=$1 doc=$2 cfg=$3

awk '/^```haproxy$/ { inside = 1; next } inside && /^```$/ { exit } inside { print }' "$doc" > "$cfg"
[ -s "$cfg" ] || { echo "FAIL: no \`\`\`haproxy block in $doc"; exit 1; }

output=$("$haproxy" -c -f "$cfg" 2>&1) || { echo "$output"; echo "FAIL: haproxy -c -f rejects the configuration"; exit 1; }
echo "$output"
if grep -q WARNING <<< "$output"; then
    echo "FAIL: haproxy warns about the configuration"
    exit 1
fi

# The lab's sample request and answer (the lab text's "double 7654321" sample output).
request=007f7b22627974656f72646572223a20226c6974746c65222c2022636f6e74656e742d74797065223a202262696e6172792f637573746f6d2d636c69656e742d62696e6172792d74797065222c2022636f6e74656e742d656e636f64696e67223a202262696e617279222c2022636f6e74656e742d6c656e677468223a2031307d646f75626c650074cbb1
answer=726573756c7400e99762
grep -qx "    tcp-check send-binary $request" "$cfg" || { echo "FAIL: the tcp-check does not send the lab's double 7654321"; exit 1; }
grep -qx "    tcp-check expect binary $answer" "$cfg" || { echo "FAIL: the tcp-check does not expect result 15308642"; exit 1; }
for needed in "send-proxy-v2" "retries 3" "option redispatch 1"; do
    grep -q "$needed" "$cfg" || { echo "FAIL: no $needed"; exit 1; }
done
[ "$(grep -c '^    server ' "$cfg")" -ge 2 ] || { echo "FAIL: fewer than two backends"; exit 1; }
echo "haproxy.cfg of docs/DEPLOY.md: valid"
