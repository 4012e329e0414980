#!/bin/bash
# Our dhcp6c and our dhcp6s, renew and rebind while the server is away:
# an address and a prefix with lifetimes 4/8 (T1 2, T2 3 s); the server
# is stopped (SIGSTOP) once the client is bound, so its Renew at T1 goes
# unanswered and at T2 it Rebinds (to ff02::1:2, no Server ID: spec S2d,
# RFC 8415 18.2.5); the server comes back (SIGCONT) and answers the
# Rebind from its bindings, which it kept; the client is still bound
# and its address and prefix are still there, their lifetimes refreshed
# in the kernel.  On the wire, dissected clean: Renew, then Rebind,
# then a Reply with the Rebind's transaction ID.
# t6-timeout: 40
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need tshark tcpdump

d6s_lab
nsx cli ip link add name lan0 type veth peer name lan0p
nsx cli ip link set lan0 up
nsx cli ip link set lan0p up
cat > "$(d6s_conf srv)" <<CONF
pool a { range 2001:db8:a::10 to 2001:db8:a::ff; };
pool p { prefix 2001:db8:100::/40 delegated-length 56; };
interface srv0 { address-pool a 4 8; prefix-pool p 4 8; };
CONF
d6s_start srv srv0
cap=$T6_TMP/srv0.pcap
t6_capture srv srv0 "$cap" "udp port 546 or udp port 547"
cconf=$(t6_path cli dhcp6c.conf)
cat > "$cconf" <<CONF
interface cli0 { send ia-na 1; send ia-pd 2; };
id-assoc na 1 { };
id-assoc pd 2 { prefix-interface lan0 { sla-id 1; sla-len 8; }; };
CONF
t6_daemon cli dhcp6c "$T6_BIN/dhcp6c" -f -D -c "$cconf" \
    -p "$(t6_path cli pid)" -l "$(t6_path cli lease)" -u "$(t6_path cli duid)" cli0
t6_wait 15 "the client bound" sh -c \
    "ip -n $(t6_nsname cli) -6 addr show dev cli0 | grep -q 2001:db8:a::10"
kill -STOP "$D6S_PID"
t6_on_exit "kill -CONT $D6S_PID 2>/dev/null"
rebinds() {
	tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 6' 2>/dev/null | grep -q .
}
t6_wait 10 "a Rebind on the wire" rebinds
kill -CONT "$D6S_PID"
xid=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 6' -T fields \
    -e dhcpv6.xid 2>/dev/null | head -1)
answered() {
	tshark -n -r "$cap" -Y "dhcpv6.msgtype == 7 && dhcpv6.xid == $xid" \
	    2>/dev/null | grep -q .
}
t6_wait 5 "the Reply to the Rebind" answered
t6_wait 5 "update binding at the server" grep -q "update binding" \
    "$(d6s_log srv)"
# still there after the first valid lifetime (8 s) has run out
t6_wait 15 "the address refreshed past its first lifetime" sh -c "
    ip -n $(t6_nsname cli) -6 addr show dev cli0 | grep -q 2001:db8:a::10 &&
    [ \$(( \$(date +%s) - $(date +%s) )) -ge 9 ]"
t6_assert_match "2001:db8:100:1:" \
    "$(ip -n "$(t6_nsname cli)" -6 addr show dev lan0)" "the LAN prefix"
t6_capture_stop "$cap"
t6_dissect_clean "$cap" 6
types=$(tshark -n -r "$cap" -T fields -e dhcpv6.msgtype 2>/dev/null | tr '\n' ' ')
t6_assert_match " 5 .*6 .*7" "$types" "Renew, then Rebind, then Reply"
t6_pass
