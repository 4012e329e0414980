#!/bin/bash
# dhcp6relay with the servers behind a router (spec S5, S6; issue 6):
#
#   cli -(cli0/rl0)- rly -(rl1/rt0)- rtr -(rt1/sa0)- srvA
#                                        -(rt2/sb0)- srvB
#
# S5: the relay sends to All_DHCP_Servers (ff05::1:3) out of rl1; the
# router carries it to both servers' links by kernel multicast routing
# (MRT6 with a static (S,G) entry, tests/lib/mroute6.py, standing in for
# pim6 until it exists), hop limit 32 leaving the relay and 31 past the
# router; both servers answer the relay by unicast through the router;
# srvB sends preference 255 and the client takes its address.
# S6: the relay with -s srvA's address and no -r: the Relay-forward goes
# unicast through the router to srvA:547 from the relay's global address
# on rl1, and the client gets srvA's address and a /56; the relay's -S
# script (WIDE's flag) gets client=<link-local>%rl0, iana_0, iapd_0 and
# our iapd_0_vltime, and installs the route to the delegated prefix via
# the client, as an operator's would; with a wrong -s address nothing
# reaches a server and the client gets nothing.
# Every capture dissects clean.
# t6-timeout: 90
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
t6_init
t6_need python3 tshark tcpdump

t6_ns cli host
t6_ns rly
t6_ns rtr
t6_ns srvA
t6_ns srvB
t6_link cli cli0 rly rl0
t6_link rly rl1 rtr rt0
t6_link rtr rt1 srvA sa0
t6_link rtr rt2 srvB sb0
t6_addr rly rl0 2001:db8:ffff::fffe/64
t6_addr rly rl1 2001:db8:1::1/64
t6_addr rtr rt0 2001:db8:1::2/64
t6_addr rtr rt1 2001:db8:a::1/64
t6_addr rtr rt2 2001:db8:b::1/64
t6_addr srvA sa0 2001:db8:a::547/64
t6_addr srvB sb0 2001:db8:b::547/64
nsx rly ip -6 route add default via 2001:db8:1::2
nsx srvA ip -6 route add default via 2001:db8:a::1
nsx srvB ip -6 route add default via 2001:db8:b::1
nsx rtr sysctl -qw net.ipv6.conf.all.forwarding=1
for n in cli rly rtr srvA srvB; do t6_wait_dad "$n"; done

cat > "$(d6s_conf srvA)" <<CONF
pool p { range 2001:db8:ffff::a00 to 2001:db8:ffff::aff; };
pool q { prefix 2001:db8:a00::/40 delegated-length 56; };
interface sa0 { address-pool p 300 600; prefix-pool q 300 600; };
CONF
cat > "$(d6s_conf srvB)" <<CONF
pool p { range 2001:db8:ffff::b00 to 2001:db8:ffff::bff; };
interface sb0 { address-pool p 300 600; preference 255; };
CONF
d6s_start srvA sa0
d6s_start srvB sb0

# the router: ff05::1:3 from the relay, rt0 to rt1 and rt2
t6_daemon rtr mroute python3 "$T6_TOP/tests/lib/mroute6.py" \
    2001:db8:1::1 ff05::1:3 rt0 rt1 rt2
t6_wait 5 "the static multicast route" grep -q ready "$(t6_daemon_log rtr mroute)"

capA=$T6_TMP/rt1.pcap
capB=$T6_TMP/rt2.pcap
cap0=$T6_TMP/rt0.pcap
t6_capture rtr rt1 "$capA" "udp port 547"
t6_capture rtr rt2 "$capB" "udp port 547"
t6_capture rtr rt0 "$cap0" "udp port 547"
relay() {
	t6_daemon rly relay "$T6_BIN/dhcp6relay" -f -D \
	    -p "$(t6_path rly relay.pid)" -o "$(t6_path rly relay.dump)" "$@"
	RPID=$T6_PID
	t6_wait 10 "the relay" grep -q "started on" "$(t6_daemon_log rly relay)"
}
cconf=$(t6_path cli dhcp6c.conf)
echo 'interface cli0 { send ia-na 1; }; id-assoc na 1 { };' > "$cconf"
client() {
	rm -f "$(t6_path cli leases)"
	d6c_start cli "$(cat "$cconf")" cli0
	CPID=$D6C_PID
}

# S5: multicast, routed, two servers
relay -r rl1 rl0
client
t6_wait 20 "srvB's address (preference 255)" sh -c \
    "ip -n $(t6_nsname cli) -6 addr show dev cli0 | grep -q 2001:db8:ffff::b0"
for s in srvA srvB; do
	t6_assert_match "dhcp6 relay: hop=0, linkaddr=2001:db8:ffff::fffe" \
	    "$(cat "$(d6s_log $s)")" "$s got the Relay-forward"
done
t6_stop "$CPID" TERM
t6_stop "$RPID" TERM

# S6: unicast to srvA through the router; a prefix too, and -S
envf=$T6_TMP/rly/script.env
scr=$T6_TMP/rly/relay-script
cat > "$scr" <<'SCRIPT'
#!/bin/sh
env | sort > ENVFILE.tmp && mv ENVFILE.tmp ENVFILE
[ -n "$iapd_0" ] && [ "$iapd_0_vltime" != 0 ] &&
    ip -6 route replace "$iapd_0" via "${client%%\%*}" dev "$interface"
exit 0
SCRIPT
sed -i "s|ENVFILE|$envf|g" "$scr"
chmod 755 "$scr"
relay -s 2001:db8:a::547 -S "$scr" rl0
echo 'interface cli0 { send ia-na 1; send ia-pd 2; }; id-assoc na 1 { }; id-assoc pd 2 { };' > "$cconf"
client
t6_wait 20 "srvA's address (relayed by unicast)" sh -c \
    "ip -n $(t6_nsname cli) -6 addr show dev cli0 | grep -q 2001:db8:ffff::a0"
t6_wait 5 "the relay's script" test -s "$envf"
cll=$(t6_lladdr cli cli0)
env=$(cat "$envf")
t6_assert_match "^client=$cll%rl0$" "$env" "client= as WIDE's relay gives it"
t6_assert_match "^iana_0=2001:db8:ffff::a0[0-9a-f]$" "$env" "iana_0"
t6_assert_match "^iapd_0=2001:db8:a[0-9a-f:]*/56$" "$env" "iapd_0"
t6_assert_match "^iapd_0_vltime=600$" "$env" "iapd_0_vltime"
t6_assert_match "^interface=rl0$" "$env" "interface"
pfx=$(sed -n 's/^iapd_0=//p' "$envf")
t6_wait 5 "the route to the delegated prefix" sh -c \
    "ip -n $(t6_nsname rly) -6 route show $pfx | grep -q 'via $cll dev rl0'"
t6_stop "$CPID" TERM
t6_stop "$RPID" TERM

# a wrong server address: nothing reaches a server
nA=$(grep -c "dhcp6 relay:" "$(d6s_log srvA)")
nB=$(grep -c "dhcp6 relay:" "$(d6s_log srvB)")
relay -s 2001:db8:c::547 rl0
client
t6_wait 10 "the relay to forward a Solicit" sh -c \
    "grep -q 'relay a message' $(t6_daemon_log rly relay) ||
     [ \$(grep -c 'send solicit' $(t6_daemon_log cli dhcp6c)) -ge 2 ]"
if t6_wait_quiet 3 sh -c "[ \$(grep -c 'dhcp6 relay:' $(d6s_log srvA)) -gt $nA ] ||
    [ \$(grep -c 'dhcp6 relay:' $(d6s_log srvB)) -gt $nB ] ||
    ip -n $(t6_nsname cli) -6 addr show dev cli0 | grep -q 2001:db8:ffff::"; then
	t6_fail "a wrong -s address reached a server or configured the client"
fi
t6_stop "$CPID" TERM
t6_stop "$RPID" TERM

for c in "$capA" "$capB" "$cap0"; do t6_capture_stop "$c"; done
for c in "$capA" "$capB" "$cap0"; do t6_dissect_clean "$c" 2; done
up=$(tshark -n -r "$cap0" -Y "dhcpv6.msgtype == 12 && ipv6.dst == ff05::1:3" -T fields -e ipv6.hlim -e ipv6.src 2>/dev/null | sort -u)
t6_assert_match "^32	2001:db8:1::1$" "$up" "to ff05::1:3 from the relay's address, hop limit 32"
for c in "$capA" "$capB"; do
	f=$(tshark -n -r "$c" -Y "dhcpv6.msgtype == 12 && ipv6.dst == ff05::1:3" -T fields -e ipv6.hlim 2>/dev/null | sort -u)
	t6_assert_eq 31 "$f" "routed on: hop limit 31 past the router ($c)"
	t6_assert_match "." "$(tshark -n -r "$c" -Y "dhcpv6.msgtype == 13 && ipv6.dst == 2001:db8:1::1 && udp.dstport == 547" 2>/dev/null)" \
	    "the server's Relay-reply to the relay ($c)"
done
uni=$(tshark -n -r "$capA" -Y "dhcpv6.msgtype == 12 && ipv6.dst == 2001:db8:a::547" -T fields -e ipv6.src -e udp.dstport 2>/dev/null | sort -u)
t6_assert_match "^2001:db8:1::1	547$" "$uni" "S6: unicast to srvA:547 from the relay's address"
t6_pass
