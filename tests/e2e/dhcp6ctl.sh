#!/bin/bash
# dhcp6ctl and dhcp6s's control channel (spec S8, WIDE's wire format):
# with a key file, the server listens on [::1]:5547; "reload" rereads
# the configuration (counted), "remove binding IA IA_NA 1 DUID" removes
# a binding as an expiry would (the client's Renew then gets NoBinding),
# and "stop" ends the server with status 0.  Refused and counted, with
# nothing done: a message signed with another key ("authentication
# failure"), one 301 s old ("timestamp is out of range"), version 1
# ("unsupported version: 1"), and a valid message sent twice (the second
# is a replay: WIDE accepted those for 300 s).  dhcp6ctl refuses a
# client-only command for a server and -C with -S.  The status socket
# lists the bindings as a table and as JSON.  Without a key file the
# server runs with no control port, and dhcp6ctl says it cannot connect.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need python3 openssl

d6s_lab
cat > "$(d6s_conf srv)" <<CONF
pool p { range 2001:db8:1::10 to 2001:db8:1::ff; };
interface srv0 { address-pool p 300 600; };
CONF
key=$(t6_path srv ctlkey)
openssl rand -base64 16 > "$key"
chmod 600 "$key"
sock=$(t6_path srv status.sock)
d6s_start srv -k "$key" -s "$sock" srv0
t6_wait 5 "the control port" sh -c \
    "ip netns exec $(t6_nsname srv) ss -Hltn 'sport = :5547' | grep -q '::1'"
CTL=$T6_BIN/dhcp6ctl
ctl() { nsx srv "$CTL" -S -k "$key" "$@"; }
counter() { nsx srv "$CTL" -s "$sock" status counters | awk -v k="$1" '$1 == k { print $2 }'; }

ctl reload || t6_fail "reload"
t6_wait 5 "the reload" grep -q "server reloaded" "$(d6s_log srv)"

# a binding, then its removal
sduid=$(od -An -tx1 -j2 "$(t6_path srv duid)" | tr -d ' \n')
ask() {
	nsx cli python3 - "$T6_TOP/tests/lib" "$sduid" "$1" "$2" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from dhcp6probe import *
sd, t, x = bytes.fromhex(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
me = duid_llt("02:00:00:00:00:42")
p = Probe("cli0")
p.send(msg(t, x, clientid(me), serverid(sd), ia_na(1)))
r = p.reply(x, 1.0)
for ia in (r.ias() if r else []):
    print(ia.status, ia.leases)
PY
}
out=$(ask 3 1)
t6_assert_match "None \\[\\('2001:db8:1::10', 128, 300, 600\\)\\]" "$out" "bound"
DUID=00:01:00:01:09:5f:93:76:02:00:00:00:00:42
table=$(nsx srv "$CTL" -s "$sock" status)
t6_assert_match "^$DUID +NA +1 +2001:db8:1::10/128 +300 +600 " "$table" "table"
json=$(nsx srv "$CTL" -j -s "$sock" status bindings)
python3 -c 'import json,sys; b = json.loads(sys.argv[1])["bindings"]; assert b[0]["prefix"] == "2001:db8:1::10/128" and b[0]["iaid"] == 1, b' \
    "$json" || t6_fail "JSON: $json"
ctl remove binding IA IA_NA 1 "$DUID" || t6_fail "remove"
t6_wait 5 "the removal" grep -q "remove a binding \\[IA: duid=$DUID, type=NA, iaid=1" \
    "$(d6s_log srv)"
out=$(ask 5 2)
t6_assert_match "^3 \\[\\]" "$out" "Renew after the removal: NoBinding"

# refused: another key, an old timestamp, version 1, a replay
other=$(t6_path srv otherkey)
openssl rand -base64 16 > "$other"
nsx srv "$CTL" -S -k "$other" reload || t6_fail "dhcp6ctl with another key"
t6_wait 5 "the refusal" grep -q "control message refused: authentication failure" \
    "$(d6s_log srv)"
out=$(nsx srv python3 - "$key" <<'PY'
import base64, hashlib, hmac, socket, struct, sys, time
key = base64.b64decode(open(sys.argv[1]).read().strip())
def build(cmd, ts, version=0, data=b""):
    hdr = struct.pack("!HHHHI", cmd, 16 + len(data), version, 0, ts)
    d = hmac.new(key, hdr + bytes(16) + data, hashlib.md5).digest()
    return hdr + d + data
def send(m):
    s = socket.create_connection(("::1", 5547))
    s.sendall(m)
    s.close()
now = int(time.time())
send(build(1, now - 301))
send(build(1, now, version=1))
m = build(1, now + 1)
send(m)
time.sleep(0.2)
send(m)
PY
) || t6_fail "crafted: $out"
log=$(d6s_log srv)
t6_wait 5 "the replay refused" grep -q "control message refused: replayed" "$log"
t6_assert_match "control message refused: timestamp is out of range" "$(cat "$log")"
t6_assert_match "unsupported version: 1" "$(cat "$log")"
t6_assert_eq 4 "$(counter control-refused)" "refused commands counted"
t6_assert_eq 3 "$(counter control-done)" "commands done"
t6_assert_eq 2 "$(counter reloads)" "reloads"

out=$(nsx srv "$CTL" -S -k "$key" start interface srv0 2>&1) &&
    t6_fail "start for a server accepted"
t6_assert_match "client-only command is specified for a server" "$out"
out=$(nsx srv "$CTL" -C -S reload 2>&1) && t6_fail "-C -S accepted"
t6_assert_match "-C and -S are exclusive" "$out"

ctl stop || t6_fail "stop"
t6_wait 5 "the server to stop" t6__gone "$D6S_PID"
wait "$D6S_PID"
t6_assert_eq 0 "$?" "exit status after stop"

# no key: no control port
d6s_start srv -k "$(t6_path srv nokey)" -s "$sock" srv0
t6_assert_match "skip opening control port" "$(cat "$(d6s_log srv)")"
out=$(ctl reload 2>&1) && t6_fail "reload without a control port"
t6_assert_match "failed to connect to the server" "$out"
t6_pass
