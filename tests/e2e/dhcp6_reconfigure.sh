#!/bin/bash
# Reconfigure with the reconfigure key (RFC 8415 18.2.11, 18.3.11, 20.4;
# issue 6), our dhcp6c and our dhcp6s, lifetimes long enough (300/600 s)
# that only a Reconfigure can make the client Renew:
#  - the client sends Reconfigure Accept; the server, with "allow
#    reconfigure", answers with one and puts a reconfigure key in the
#    Reply to the Request (Authentication option, protocol 3, type 1),
#    the key its lease database records;
#  - "dhcp6ctl reconfigure renew DUID": a Reconfigure (xid 0, Reconfigure
#    Message 5, protocol 3 type 2) whose HMAC-MD5, computed here with
#    that key, matches; the client Renews at once and the server counts
#    the Reconfigure answered;
#  - dropped by the client, with no Renew: the same Reconfigure again (a
#    replay), one with another MAC, one without authentication, one from
#    another server, one sent to a group;
#  - the client killed and started again: the key and the replay value
#    come back from its lease file (the replay is still refused, a new
#    Reconfigure is taken);
#  - the server killed and started again: the key comes back from its
#    lease database, and, the client not heard from yet, the Reconfigure
#    goes to the address it holds;
#  - a Reconfigure asking a stateful client for Information-request is
#    dropped by the client, so the server sends it again after 2 s and
#    again after 4 s more (REC_TIMEOUT doubling);
#  - a stateless client (information-only) is given a key in the Reply
#    to its Information-request and answers "reconfigure
#    information-request" with one;
#  - reconfigure refused for a client that never accepted Reconfigure.
# tshark dissects every message clean.
# t6-timeout: 90
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
t6_init
t6_need python3 openssl tshark tcpdump

d6s_lab
nsx srv ip -6 addr add 2001:db8:1::1/64 dev srv0 nodad
cat > "$(d6s_conf srv)" <<CONF
pool p { range 2001:db8:1::10 to 2001:db8:1::ff; };
interface srv0 { address-pool p 300 600; allow reconfigure; };
CONF
key=$(t6_path srv ctlkey)
openssl rand -base64 16 > "$key"
chmod 600 "$key"
sock=$(t6_path srv status.sock)
d6s_start srv -k "$key" srv0
t6_wait 5 "the control port" sh -c \
    "ip netns exec $(t6_nsname srv) ss -Hltn 'sport = :5547' | grep -q '::1'"
ctl() { nsx srv "$T6_BIN/dhcp6ctl" -S -k "$key" "$@"; }
counter() { nsx srv "$T6_BIN/dhcp6ctl" -s "$sock" status counters | awk -v k="$1" '$1 == k { print $2 }'; }
cap=$T6_TMP/srv0.pcap
t6_capture srv srv0 "$cap" "udp port 546 or udp port 547"
n_of() { tshark -n -r "$cap" -Y "dhcpv6.msgtype == $1" 2>/dev/null | wc -l; }

cconf=$(t6_path cli dhcp6c.conf)
cat > "$cconf" <<CONF
interface cli0 { send ia-na 1; send reconfigure-accept; };
id-assoc na 1 { };
CONF
clog=$(t6_daemon_log cli dhcp6c)
start_client() {
	rm -f "$clog"
	d6c_start cli "$(cat "$cconf")" cli0
	CLI_PID=$D6C_PID
}
start_client
t6_wait 15 "the client bound" grep -q "bound, 1 lease" "$clog"
t6_assert_match "reconfigure key received" "$(cat "$clog")" "client took the key"
cduid=$(od -An -tx1 -j2 "$(t6_path cli duid)" | tr -d ' \n')
DUID=$(echo "$cduid" | sed 's/../&:/g; s/:$//')
rkey=$(awk -v d="$cduid" '$1 == "k" && $2 == d { k = $3 } END { print k }' \
    "$(t6_path srv leases)")
t6_assert_match "^[0-9a-f]{32}$" "$rkey" "the key in the lease database"
t6_assert_eq 600 "$(stat -c %a "$(t6_path srv leases)")" "lease database mode"
t6_assert_eq 600 "$(stat -c %a "$(t6_path cli leases)")" "client lease file mode"
t6_assert_match "reconfigure-key $rkey" "$(cat "$(t6_path cli leases)")" \
    "the client's lease file keeps the key"

# the wire: Reconfigure Accept both ways, the key in the Reply (type 1)
t6_wait 5 "the Reply on the wire" sh -c "[ \$(tshark -n -r $cap -Y 'dhcpv6.msgtype == 7' 2>/dev/null | wc -l) -ge 1 ]"
python3 - "$cap" "$rkey" <<'PY' || t6_fail "Reply with the reconfigure key"
import subprocess, sys
cap, key = sys.argv[1], sys.argv[2]
out = subprocess.run(["tshark", "-n", "-r", cap, "-Y", "dhcpv6.msgtype == 3 || dhcpv6.msgtype == 7",
    "-T", "fields", "-e", "dhcpv6.msgtype", "-e", "dhcpv6.option.type",
    "-e", "dhcpv6.auth.protocol", "-e", "dhcpv6.auth.info"],
    capture_output=True, text=True).stdout.split("\n")
req = [l for l in out if l.startswith("3\t")]
rep = [l for l in out if l.startswith("7\t")]
assert req and "20" in req[0].split("\t")[1].split(","), req
f = rep[0].split("\t")
assert "20" in f[1].split(","), f
assert f[2] == "3", f
assert f[3].replace(":", "") == "01" + key, (f, key)
PY

# a Reconfigure: renew
ctl reconfigure renew "$DUID" || t6_fail "dhcp6ctl reconfigure"
t6_wait 5 "the client to act on it" grep -q "reconfigure from the server: renew" "$clog"
t6_wait 5 "the server to count it answered" sh -c \
    "grep -q 'reconfigure to $DUID answered after 1 transmission' $(d6s_log srv)"
t6_wait 5 "the Renew's Reply on the wire" sh -c "[ \$(tshark -n -r $cap -Y 'dhcpv6.msgtype == 7' 2>/dev/null | wc -l) -ge 2 ]"
t6_assert_eq 1 "$(counter reconfigure-answered)" "answered counter"
# its MAC, computed here with the key
rc=$T6_TMP/reconf.hex
python3 - "$cap" "$rkey" "$cduid" > "$rc" <<'PY' || t6_fail "the Reconfigure's MAC"
import hashlib, hmac, subprocess, sys
cap, key, cduid = sys.argv[1], bytes.fromhex(sys.argv[2]), sys.argv[3]
out = subprocess.run(["tshark", "-n", "-r", cap, "-Y", "dhcpv6.msgtype == 10",
    "-T", "fields", "-e", "udp.payload", "-e", "udp.dstport", "-e", "ipv6.dst"],
    capture_output=True, text=True).stdout.split("\n")
p, port, dst = out[0].split("\t")
p = bytes.fromhex(p.replace(":", ""))
assert port == "546" and dst.startswith("fe80::"), (port, dst)
assert p[0] == 10 and p[1:4] == b"\0\0\0", p[:4].hex()
opts, i = {}, 4
while i < len(p):
    c, l = int.from_bytes(p[i:i+2], "big"), int.from_bytes(p[i+2:i+4], "big")
    opts[c] = (i + 4, p[i+4:i+4+l]); i += 4 + l
assert opts[1][1].hex() == cduid, opts[1]
assert opts[19][1] == b"\x05", opts[19]
off, auth = opts[11]
assert auth[0] == 3 and auth[1] == 1 and auth[2] == 0 and auth[11] == 2 and len(auth) == 28, auth.hex()
z = bytearray(p); z[off + 12:off + 28] = bytes(16)
want = hmac.new(key, bytes(z), hashlib.md5).digest()
assert want == auth[12:], (want.hex(), auth[12:].hex())
print(p.hex())
PY
renews=$(n_of 5)
t6_assert_eq 1 "$renews" "one Renew, after the Reconfigure"

# crafted ones, from the server's link: each dropped, no Renew
cll=$(t6_lladdr cli cli0)
sduid=$(od -An -tx1 -j2 "$(t6_path srv duid)" | tr -d ' \n')
inject() {
	nsx srv python3 - "$T6_TOP/tests/lib" "$1" "$cll" "$sduid" "$cduid" "$(cat "$rc")" <<'PY'
import hashlib, hmac, socket, sys, time
sys.path.insert(0, sys.argv[1])
from dhcp6probe import *
what, cll, sd, cd, seen = sys.argv[2], sys.argv[3], bytes.fromhex(sys.argv[4]), bytes.fromhex(sys.argv[5]), bytes.fromhex(sys.argv[6])
def auth(key, rd):
    body = bytes([3, 1, 0]) + rd.to_bytes(8, "big") + b"\x02" + bytes(16)
    m = bytearray(msg(10, 0, serverid(sd), clientid(cd), opt(19, b"\x05"), opt(11, body)))
    if key is not None:
        m[-16:] = hmac.new(key, bytes(m), hashlib.md5).digest()
    return bytes(m)
rd = (int(time.time()) + 2208988800 + 100) << 32
dst = cll + "%srv0"
if what == "replay":
    data = seen
elif what == "badmac":
    data = auth(bytes(16), rd)
elif what == "noauth":
    data = msg(10, 0, serverid(sd), clientid(cd), opt(19, b"\x05"))
elif what == "otherserver":
    data = msg(10, 0, serverid(bytes.fromhex("000300010200000000ff")), clientid(cd), opt(19, b"\x05"))
elif what == "group":
    data, dst = seen, "ff02::1%srv0"
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind(("::", 0))
s.sendto(data, (dst, 546))
PY
}
inject replay
t6_wait 5 "a replay dropped" grep -q "possible replay attack (reconfigure): dropped" "$clog"
inject badmac
t6_wait 5 "a bad MAC dropped" grep -q "invalid reconfigure authentication: dropped" "$clog"
inject noauth
t6_wait 5 "no authentication dropped" grep -q "reconfigure without reconfigure key authentication: dropped" "$clog"
inject otherserver
t6_wait 5 "another server dropped" grep -q "reconfigure from a server we do not use: dropped" "$clog"
inject group
t6_wait 5 "a Reconfigure to a group dropped" grep -q "reconfigure sent to a group: dropped" "$clog"
t6_assert_eq "$renews" "$(n_of 5)" "no Renew after the crafted ones"

# the client again, from its lease file: key and replay value kept
kill -9 "$CLI_PID"
t6_wait 5 "the client gone" sh -c "! kill -0 $CLI_PID 2>/dev/null"
start_client
t6_wait 15 "the client bound again" grep -q "bound, 1 lease" "$clog"
inject replay
t6_wait 5 "the replay refused after the restart" grep -q "possible replay attack (reconfigure): dropped" "$clog"
ctl reconfigure renew "$DUID" || t6_fail "dhcp6ctl reconfigure"
t6_wait 5 "the restarted client to take it" grep -q "reconfigure from the server: renew" "$clog"
t6_wait 5 "a second Renew on the wire" sh -c "[ \$(tshark -n -r $cap -Y 'dhcpv6.msgtype == 5' 2>/dev/null | wc -l) -ge $((renews + 1)) ]"

# the server again, from its lease database: to the address held
kill -9 "$D6S_PID"
t6_wait 5 "the server gone" sh -c "! kill -0 $D6S_PID 2>/dev/null"
d6s_start srv -k "$key" srv0
t6_wait 5 "the control port" sh -c \
    "ip netns exec $(t6_nsname srv) ss -Hltn 'sport = :5547' | grep -q '::1'"
n1=$(grep -c "reconfigure from the server: renew" "$clog")
ctl reconfigure renew "$DUID" || t6_fail "dhcp6ctl reconfigure"
t6_wait 5 "sent to the bound address" grep -q "send reconfigure (renew) #1 to $DUID via 2001:db8:1::10" \
    "$(d6s_log srv)"
t6_wait 5 "the client to take it" sh -c \
    "[ \$(grep -c 'reconfigure from the server: renew' $clog) -gt $n1 ]"

# Information-request to a stateful client: dropped there, sent again
ctl reconfigure information-request "$DUID" || t6_fail "dhcp6ctl reconfigure"
t6_wait 5 "the client to refuse it" grep -q "asks for information-request, which a stateful client does not send" "$clog"
t0=$(date +%s%N)
t6_wait 5 "the second transmission" grep -q "send reconfigure (information-request) #2" "$(d6s_log srv)"
t1=$(date +%s%N)
t6_wait 8 "the third transmission" grep -q "send reconfigure (information-request) #3" "$(d6s_log srv)"
t2=$(date +%s%N)
python3 -c "import sys; a, b = (int(sys.argv[2]) - int(sys.argv[1])) / 1e9, (int(sys.argv[3]) - int(sys.argv[2])) / 1e9; assert 2.5 < a + b and b > 3.0, (a, b)" \
    "$t0" "$t1" "$t2" || t6_fail "the retransmission doubles (2 s, then 4 s)"
out=$(ctl reconfigure renew "$DUID" 2>&1) || t6_fail "dhcp6ctl"
t6_wait 5 "a second one refused while one is under way" grep -q "a Reconfigure to this client is under way" "$(d6s_log srv)"

# a stateless client
kill -9 "$CLI_PID"
t6_wait 5 "the client gone" sh -c "! kill -0 $CLI_PID 2>/dev/null"
cat > "$cconf" <<CONF
interface cli0 { information-only; send reconfigure-accept; };
CONF
start_client
t6_wait 15 "the stateless client's Reply" grep -q "reconfigure key received" "$clog"
ninf=$(n_of 11)
ctl reconfigure information-request "$DUID" || t6_fail "dhcp6ctl reconfigure"
t6_wait 5 "the stateless client to act" grep -q "reconfigure from the server: information-request" "$clog"
t6_wait 5 "its Information-request on the wire" sh -c "[ \$(tshark -n -r $cap -Y 'dhcpv6.msgtype == 11' 2>/dev/null | wc -l) -gt $ninf ]"

# a client that never accepted Reconfigure
ctl reconfigure renew 00:03:00:01:02:00:00:00:00:99 || t6_fail "dhcp6ctl"
t6_wait 5 "refused" grep -q "cannot reconfigure 00:03:00:01:02:00:00:00:00:99: the client has no reconfigure key" "$(d6s_log srv)"
ctl reconfigure bogus "$DUID" 2>/dev/null && t6_fail "dhcp6ctl took reconfigure bogus"

t6_capture_stop "$cap"
t6_dissect_clean "$cap" 10
t6_pass
