#!/bin/bash
# dhcp6c against Kea: Rapid Commit and a restart that keeps the lease.
# - send rapid-commit: the Solicit carries Rapid Commit (option 14), Kea
#   answers with a Reply at once and no Request is ever sent;
# - dhcp6c -R stopped with SIGTERM keeps the address (no Release on the
#   wire) and its lease file names it;
# - started again, it restores the lease and Confirms it (message 4, no
#   Solicit), Kea says Success, the address stays with its lifetimes
#   set again from the lease;
# - the link's carrier goes and comes back (RFC 8415 18.2.12): Confirm
#   again, Success, the address stays;
# - stopped without -R, it Releases.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
t6_init
t6_need tshark tcpdump python3
kea_need
d6c_lab
kea_start S '[{"subnet": "2001:db8:ffff::/64", "interface": "eth0",
  "rapid-commit": true,
  "pools": [{"pool": "2001:db8:ffff::100-2001:db8:ffff::1ff"}]}]' \
  '"renew-timer": 100, "rebind-timer": 160, "preferred-lifetime": 200,
   "valid-lifetime": 300,'
cap=$(t6_path C eth0.pcap)
t6_capture C eth0 "$cap" "udp port 546 or udp port 547"
conf="interface eth0 { send ia-na 1, rapid-commit; };
id-assoc na 1 { };"
d6c_start C "$conf" -R eth0
t6_wait 15 "an address from Kea" sh -c \
    "ip netns exec $(t6_nsname C) ip -6 -o addr show dev eth0 scope global | grep -q 2001:db8:ffff::1"
addr=$(nsx C ip -6 -o addr show dev eth0 scope global | awk '{ sub("/.*", "", $4); print $4; exit }')
t6_log "address $addr"
t6_wait 10 "DAD of $addr" d6c_has_addr C eth0 "$addr"
t6_stop "$D6C_PID" TERM || t6_fail "dhcp6c -R exited with $?"
d6c_has_addr C eth0 "$addr" || t6_fail "-R: the address went at exit"
t6_assert_match "^lease $addr 128 200 300 " "$(cat "$(t6_path C leases)")"
mv "$(t6_daemon_log C dhcp6c)" "$(t6_path C dhcp6c-1.log)"

d6c_start C "$conf" eth0
t6_wait 10 "the Confirm to succeed" sh -c \
    "grep -q 'bound, 1 lease' '$(t6_daemon_log C dhcp6c)'"
t6_assert_match 'lease restored' "$(d6c_log C)"
t6_assert_nomatch 'send solicit' "$(d6c_log C)"
d6c_has_addr C eth0 "$addr" || t6_fail "address lost after the Confirm"
# carrier lost and back (the server's end goes down and up): Confirm
nsx S ip link set eth0 down
t6_wait 5 "the loss to be seen" grep -q 'link lost' "$(t6_daemon_log C dhcp6c)"
nsx S ip link set eth0 up
t6_wait 15 "the Confirm after the link came back" sh -c \
    "[ \$(grep -c 'bound, 1 lease' '$(t6_daemon_log C dhcp6c)') -ge 2 ]"
t6_assert_match 'link back: Confirm' "$(d6c_log C)"
t6_wait 10 "the address usable again" d6c_has_addr C eth0 "$addr"
t6_stop "$D6C_PID" TERM || t6_fail "dhcp6c exited with $?"
d6c_no_addr C eth0 "$addr" || t6_fail "address left after Release"
t6_capture_stop "$cap"
t6_dissect_clean "$cap" 6
types=$(tshark -n -r "$cap" -T fields -e dhcpv6.msgtype 2>/dev/null | tr '\n' ' ')
t6_log "messages: $types"
# (the Confirm after the link came back may go out more than once, and
# be answered more than once: the server's link-local is tentative again
# for a while, so an answer can come late and cross the next Confirm on
# the wire; later answers are dropped as XID mismatches)
t6_assert_match '^1 7 4 7 4 ([47] )*7 8 7 $' "$types" "Solicit/Reply, Confirm/Reply (restart, then link), Release/Reply"
t6_assert_eq 1 "$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 1 && dhcpv6.option.type == 14' 2>/dev/null | wc -l)" \
    "Solicit with Rapid Commit"
[ "$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 4 && dhcpv6.iaaddr.ip == '"$addr" 2>/dev/null | wc -l)" -ge 2 ] ||
    t6_fail "no Confirms naming the address"
t6_pass
