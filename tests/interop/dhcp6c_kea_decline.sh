#!/bin/bash
# dhcp6c declines an address that fails DAD (RFC 8415 18.2.8), against
# Kea: the server already uses 2001:db8:ffff::100, the first address of
# Kea's pool, so the client's DAD of it fails (ifinfo reports
# dadfailed); dhcp6c removes it, sends a Decline naming it to Kea's
# Server ID, Kea answers, and a new Solicit gets ::101, which passes DAD.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
t6_init
t6_need tshark tcpdump python3
kea_need
d6c_lab
t6_addr S eth0 2001:db8:ffff::100/64 nodad
kea_start S '[{"subnet": "2001:db8:ffff::/64", "interface": "eth0",
  "pools": [{"pool": "2001:db8:ffff::100-2001:db8:ffff::101"}]}]'
cap=$(t6_path C eth0.pcap)
t6_capture C eth0 "$cap" "udp port 546 or udp port 547"
d6c_start C "interface eth0 { send ia-na 1; }; id-assoc na 1 { };" eth0
t6_wait 20 "2001:db8:ffff::101 after the Decline" \
    d6c_has_addr C eth0 2001:db8:ffff::101
t6_assert_match 'DAD failed for 2001:db8:ffff::100' "$(d6c_log C)"
d6c_no_addr C eth0 2001:db8:ffff::100 || t6_fail "the duplicate is still there"
t6_capture_stop "$cap"
t6_dissect_clean "$cap" 8
types=$(tshark -n -r "$cap" -T fields -e dhcpv6.msgtype 2>/dev/null | tr '\n' ' ')
t6_log "messages: $types"
t6_assert_match '^1 2 3 7 9 7 1 2 3 7 ' "$types" "exchanges"
t6_assert_eq 1 "$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 9 && dhcpv6.iaaddr.ip == 2001:db8:ffff::100 && dhcpv6.option.type == 2' 2>/dev/null | wc -l)" \
    "Decline naming the address, with the Server ID"
t6_pass
