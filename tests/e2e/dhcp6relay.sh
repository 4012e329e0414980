#!/bin/bash
# dhcp6relay between a client and dhcp6s (spec S4, S4h; RFC 8415 19):
# our dhcp6c on the client link gets its address through the relay,
# which sends to All_DHCP_Servers (ff05::1:3) out of its -r interface
# at hop limit 32; on the wire (tshark, nothing malformed) the
# Relay-forward has hop-count 0, link-address the relay's global address
# on the client link, peer-address the client's link-local, the client's
# message byte for byte, and Interface-Id = the ifindex of the client
# link (4 bytes); the server answers the relay on port 547 and the relay
# hands the Advertise to the client on 546.  A second relay in front
# (relay1 -> relay2 -s server) makes a chain of two: the server sees
# both layers (hop 1 with link-address ::, then hop 0) and its answer
# goes back down both.  Crafted messages: a Relay-forward from below at
# hop count 31 goes up at 32 with link-address ::, at 32 it is dropped;
# an Advertise from the client side is dropped; Relay-replies with a
# 2-byte Interface-Id, an Interface-Id naming a link the relay does not
# listen on, or neither Interface-Id nor a link-address are dropped; one
# without Interface-Id but with the relay's link-address is delivered.
# With no global address on the client link, client messages are
# dropped (counted).  A Reconfigure (dhcp6ctl reconfigure renew) to the
# client behind the chain goes down both relays, wrapped as the server
# heard the client (Interface-Ids kept), and the client Renews.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need python3 tshark tcpdump openssl

t6_ns cli host
t6_ns rly
t6_ns srv
t6_ns r1
t6_ns c2 host
t6_link cli cli0 rly rl0
t6_link rly rl1 srv srv0
t6_link c2 c0 r1 r0
t6_link r1 r1up rly rl2
t6_addr rly rl0 2001:db8:ffff::fffe/64
t6_addr rly rl2 2001:db8:eeee::fffe/64
t6_addr rly rl1 2001:db8:5::1/64
t6_addr srv srv0 2001:db8:5::2/64
t6_addr r1 r0 2001:db8:dddd::fffe/64
t6_addr r1 r1up 2001:db8:eeee::1/64
for n in cli rly srv r1 c2; do t6_wait_dad "$n"; done
cat > "$(d6s_conf srv)" <<CONF
pool p { range 2001:db8:ffff::100 to 2001:db8:ffff::1ff; };
interface srv0 { address-pool p 300 600; allow reconfigure; };
CONF
key=$(t6_path srv ctlkey)
openssl rand -base64 16 > "$key"
chmod 600 "$key"
d6s_start srv -k "$key" srv0
relay() {	# relay NAME TAG ARGS...
	local n=$1 tag=$2
	shift 2
	t6_daemon "$n" "$tag" "$T6_BIN/dhcp6relay" -f -D \
	    -p "$(t6_path "$n" "$tag.pid")" -o "$(t6_path "$n" "$tag.dump")" "$@"
	t6_wait 10 "$tag in $n" grep -q "started on" "$(t6_daemon_log "$n" "$tag")"
}
rdump() {	# rdump NAME TAG PID
	rm -f "$(t6_path "$1" "$2.dump")"
	kill -USR1 "$3"
	t6_wait 5 "$2's dump" test -s "$(t6_path "$1" "$2.dump")"
	cat "$(t6_path "$1" "$2.dump")"
}
cap=$T6_TMP/rl1.pcap
t6_capture rly rl1 "$cap" "udp port 547"
# the relay for both links; server by multicast, out of rl1
relay rly relay -r rl1 rl0 rl2
RPID=$T6_PID
# a relay below it: r1, sending to rly's address on their link
relay r1 relay -s 2001:db8:eeee::fffe r0
R1PID=$T6_PID

cconf=$(t6_path cli dhcp6c.conf)
echo 'interface cli0 { send ia-na 1; }; id-assoc na 1 { };' > "$cconf"
t6_daemon cli dhcp6c "$T6_BIN/dhcp6c" -f -D -c "$cconf" \
    -p "$(t6_path cli pid)" -l "$(t6_path cli lease)" -u "$(t6_path cli duid)" cli0
t6_wait 20 "the client's address through the relay" sh -c \
    "ip -n $(t6_nsname cli) -6 addr show dev cli0 | grep -q 2001:db8:ffff::1"
c2conf=$(t6_path c2 dhcp6c.conf)
echo 'interface c0 { send ia-na 1; send reconfigure-accept; }; id-assoc na 1 { };' > "$c2conf"
t6_daemon c2 dhcp6c "$T6_BIN/dhcp6c" -f -D -c "$c2conf" \
    -p "$(t6_path c2 pid)" -l "$(t6_path c2 lease)" -u "$(t6_path c2 duid)" c0
t6_wait 20 "the client's address through two relays" sh -c \
    "ip -n $(t6_nsname c2) -6 addr show dev c0 | grep -q 2001:db8:ffff::1"
slog=$(d6s_log srv)
t6_assert_match "dhcp6 relay: hop=1, linkaddr=::, peeraddr=2001:db8:eeee::1" \
    "$(cat "$slog")" "the outer layer of the chain"
t6_assert_match "dhcp6 relay: hop=0, linkaddr=2001:db8:dddd::fffe, peeraddr=fe80::" \
    "$(cat "$slog")" "the inner layer of the chain"
# a Reconfigure down the chain
c2duid=$(od -An -tx1 -j2 "$(t6_path c2 duid)" | tr -d ' \n' | sed 's/../&:/g; s/:$//')
t6_wait 5 "the reconfigure key at the client" grep -q "reconfigure key received" \
    "$(t6_daemon_log c2 dhcp6c)"
t6_wait 5 "the control port" sh -c \
    "ip netns exec $(t6_nsname srv) ss -Hltn 'sport = :5547' | grep -q '::1'"
nsx srv "$T6_BIN/dhcp6ctl" -S -k "$key" reconfigure renew "$c2duid" ||
    t6_fail "dhcp6ctl reconfigure"
t6_wait 5 "sent through the relays" grep -q \
    "send reconfigure (renew) #1 to $c2duid via 2001:db8:5::1 (relayed)" "$slog"
t6_wait 5 "the client behind two relays to Renew" grep -q \
    "reconfigure from the server: renew" "$(t6_daemon_log c2 dhcp6c)"
t6_wait 5 "the server to count it answered" grep -q \
    "reconfigure to $c2duid answered after 1 transmission" "$slog"

t6_capture_stop "$cap"
t6_dissect_clean "$cap" 4
ifidx=$(nsx rly cat /sys/class/net/rl0/ifindex)
cll=$(t6_lladdr cli cli0)
# (every Relay-forward for this client, and every Relay-reply, alike)
fw=$(tshark -n -r "$cap" -Y "dhcpv6.msgtype == 12 && dhcpv6.peeraddr == $cll" -V 2>/dev/null)
t6_assert_match "Destination Address: ff05::1:3" "$fw" "to All_DHCP_Servers"
t6_assert_match "Hop Limit: 32" "$fw" "hop limit 32"
t6_assert_match "Source Port: 547" "$fw" "from port 547"
t6_assert_match "Hopcount: 0" "$fw" "hop-count"
t6_assert_match "Link address: 2001:db8:ffff::fffe" "$fw" "link-address"
t6_assert_match "Interface-ID: 0000000$(printf %x "$ifidx")" "$fw" "Interface-Id"
rr=$(tshark -n -r "$cap" -Y "dhcpv6.msgtype == 13" -V 2>/dev/null)
t6_assert_nomatch "Destination Port: 546" "$rr" "a Relay-reply to 546"
t6_assert_match "Destination Port: 547" "$rr" "the server answers the relay on 547"

# crafted messages, from below (cli) and from above (srv)
sll=$(t6_lladdr rly rl1)
out=$(nsx cli python3 - "$T6_TOP/tests/lib" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from dhcp6probe import *
p = Probe("cli0", port=547)
inner = msg(SOLICIT, 77, clientid(duid_llt("02:00:00:00:77:77")))
p.send(relay_forw(31, "::", "fe80::77", opt(RELAY_MSG, inner),
                  opt(INTERFACE_ID, b"\0\0\0\1")))
p.send(relay_forw(32, "::", "fe80::78", opt(RELAY_MSG, inner),
                  opt(INTERFACE_ID, b"\0\0\0\1")))
p.send(msg(ADVERTISE, 79, clientid(duid_llt("02:00:00:00:77:79"))))
PY
) || t6_fail "crafted from below: $out"
t6_wait 5 "the hop-31 Relay-forward at the server" grep -q \
    "dhcp6 relay: hop=32, linkaddr=::, peeraddr=" "$slog"
t6_wait 5 "the relay's counters" sh -c "kill -USR1 $RPID;
    grep -q 'dropped hops 1' '$(t6_path rly relay.dump)'"
d=$(rdump rly relay "$RPID")
t6_assert_match "dropped type 1" "$d" "the Advertise from below"

out=$(nsx srv python3 - "$T6_TOP/tests/lib" "$sll" "$ifidx" <<'PY'
import struct, sys
sys.path.insert(0, sys.argv[1])
from dhcp6probe import *
p = Probe("srv0", port=547)
dst = sys.argv[2] + "%srv0"
def rr(link, peer, *o):
    return struct.pack("!BB", RELAY_REPL, 0) + a6(link) + a6(peer) + b"".join(o)
adv = lambda x: opt(RELAY_MSG, msg(ADVERTISE, x))
ifx = struct.pack("!I", int(sys.argv[3]))
p.send(rr("::", "fe80::1", adv(1), opt(INTERFACE_ID, b"\0\1")), dst)
p.send(rr("::", "fe80::1", adv(2), opt(INTERFACE_ID, b"\0\0\x7f\xff")), dst)
p.send(rr("::", "fe80::1", adv(3)), dst)
# delivered: no Interface-Id, the relay's own link-address
p.send(rr("2001:db8:ffff::fffe", "fe80::1234", adv(4)), dst)
PY
) || t6_fail "crafted from above: $out"
t6_wait 5 "the relay's counters" sh -c "kill -USR1 $RPID;
    grep -q 'dropped no-link 1' '$(t6_path rly relay.dump)'"
d=$(rdump rly relay "$RPID")
t6_assert_match "dropped interface-id 2" "$d" "bad Interface-Ids"
t6_wait 5 "the delivery by link-address" grep -q \
    "relay a message to a client fe80::1234" "$(t6_daemon_log rly relay)"

# no global address on the client link: nothing goes up from it
ip -n "$(t6_nsname rly)" addr del 2001:db8:ffff::fffe/64 dev rl0
before=$(rdump rly relay "$RPID" | sed -n 's/^relayed up \([0-9]*\).*/\1/p')
out=$(nsx cli python3 - "$T6_TOP/tests/lib" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from dhcp6probe import *
Probe("cli0", port=5460).send(msg(SOLICIT, 90, clientid(duid_llt("02:00:00:00:90:90"))))
PY
) || t6_fail "$out"
t6_wait 5 "the drop" sh -c "kill -USR1 $RPID;
    grep -q 'dropped no-address' '$(t6_path rly relay.dump)'"
t6_assert_match "failed to find a global address on rl0" \
    "$(cat "$(t6_daemon_log rly relay)")"
t6_pass
