#!/bin/bash
# NoBinding (S14) and renewal against WIDE's dhcp6s: bound with short
# lifetimes, the server is restarted and forgets the binding; the next
# Renew gets NoBinding for the IA, so dhcp6c sends a Request for the
# same address to the same server (new XID) and is bound again; the
# address never leaves the interface.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
t6_init
t6_need tshark tcpdump python3
wide_need
d6c_lab
d6c_book_duid C
wconf="host kame { duid $D6C_BOOK_DUID; address 2001:db8:ffff::1 6 12; };"
wide_start S "$wconf"
wpid=$T6_PID
cap=$(t6_path C eth0.pcap)
t6_capture C eth0 "$cap" "udp port 546 or udp port 547"
d6c_start C "interface eth0 { send ia-na 100; }; id-assoc na 100 { };" eth0
t6_wait 15 "the address" d6c_has_addr C eth0 2001:db8:ffff::1
t6_stop "$wpid" KILL
mv "$(t6_daemon_log S dhcp6s)" "$(t6_path S dhcp6s-1.log)"
wide_start S "$wconf"
t6_wait 20 "NoBinding, then bound again" sh -c \
    "grep -q 'NoBinding: Request' '$(t6_daemon_log C dhcp6c)' && [ \$(grep -c 'bound, 1 lease' '$(t6_daemon_log C dhcp6c)') -ge 2 ]"
d6c_has_addr C eth0 2001:db8:ffff::1 || t6_fail "the address left"
t6_capture_stop "$cap"
t6_dissect_clean "$cap" 6
seq=$(tshark -n -r "$cap" -T fields -e dhcpv6.msgtype 2>/dev/null | tr '\n' ' ')
t6_log "messages: $seq"
t6_assert_match '^1 2 3 7 (5 7 )*5 7 3 7' "$seq" "Renew, NoBinding, Request"
t6_assert_match '^3$' "$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 7 && dhcpv6.status_code == 3' -T fields -e dhcpv6.status_code 2>/dev/null | head -1)" "NoBinding on the wire"
x5=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 5' -T fields -e dhcpv6.xid 2>/dev/null | tail -1)
x3=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 3' -T fields -e dhcpv6.xid 2>/dev/null | tail -1)
[ "$x5" != "$x3" ] || t6_fail "the Request reused the Renew's XID"
t6_assert_eq 1 "$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 3 && dhcpv6.iaaddr.ip == 2001:db8:ffff::1' 2>/dev/null | tail -1 | wc -l)" "Request for the address"
t6_pass
