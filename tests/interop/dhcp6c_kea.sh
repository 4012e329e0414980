#!/bin/bash
# dhcp6c against Kea (kea-dhcp6), on a link whose addresses are still
# tentative when dhcp6c starts (it waits for its link-local by itself):
# - S1+S2: one IA_NA and one IA_PD in one exchange: the /128 on eth0,
#   the delegated /56 gives 2001:db8:8000:X1::<EUI-64 of lan0's
#   link-local>/64 on lan0 (sla-id 1, sla-len 8) and on lan1 (sla-id 2),
#   never on eth0, and an unreachable route (proto dhcp) for the /56
#   (RFC 7084 WPD-5), gone after the Release; Solicit, Advertise, Request, Reply in that order, the
#   Request to Kea's Server ID with a new XID;
# - the script gets WIDE's variables (REASON=NBI, new_domain_name_servers
#   and new_domain_name with trailing space and dot) and no PATH;
# - renew with short lifetimes (T1 2 s, T2 4 s, valid 6 s): Renews are
#   answered and the kernel's valid lifetime is refreshed, so the address
#   outlives its first valid lifetime (KAME's flaw 6);
# - SIGTERM: the addresses go at once, a Release reaches Kea (its lease
#   file shows valid lifetime 0), the pid file goes, exit status 0;
# - every packet dissects cleanly with tshark.
# t6-timeout: 90
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
t6_init
t6_need tshark tcpdump python3
kea_need
d6c_lab
# two downstream links on the client
t6_link C lan0 C lan1
nsx C ip link add name lan2 type veth peer name lan3
nsx C ip link set lan2 up
nsx C ip link set lan3 up

kea_start S '[{"subnet": "2001:db8:ffff::/64", "interface": "eth0",
  "pools": [{"pool": "2001:db8:ffff::100-2001:db8:ffff::1ff"}],
  "pd-pools": [{"prefix": "2001:db8:8000::", "prefix-len": 40,
    "delegated-len": 56}],
  "option-data": [{"name": "dns-servers",
    "data": "2001:db8:9999::35, 2001:db8:abcd::35"},
    {"name": "domain-search", "data": "kame.example"}]}]' \
  '"renew-timer": 2, "rebind-timer": 4, "preferred-lifetime": 5,
   "valid-lifetime": 6,'

cap=$(t6_path C eth0.pcap)
t6_capture C eth0 "$cap" "udp port 546 or udp port 547"
script=$(t6_path C script.sh)
envout=$(t6_path C env.out)
printf '#!/bin/sh\n/usr/bin/env > %s.tmp\nmv %s.tmp %s\n' "$envout" \
    "$envout" "$envout" > "$script"
chmod 0755 "$script"

d6c_start C "interface eth0 { send ia-na 1; send ia-pd 2;
  request domain-name-servers, domain-name; script \"$script\"; };
id-assoc na 1 { };
id-assoc pd 2 {
  prefix-interface lan0 { sla-id 1; sla-len 8; };
  prefix-interface lan2 { sla-id 2; sla-len 8; };
  prefix-interface eth0 { sla-id 3; sla-len 8; };
};" eth0
t6_wait 15 "an address from Kea on eth0" \
    sh -c "ip netns exec $(t6_nsname C) ip -6 -o addr show dev eth0 scope global | grep -q 2001:db8:ffff::1"
addr=$(nsx C ip -6 -o addr show dev eth0 scope global | awk '{ sub("/.*", "", $4); print $4; exit }')
t6_log "address $addr"
t6_assert_match '^2001:db8:ffff::1[0-9a-f][0-9a-f]$' "$addr"
t6_assert_match "$addr/128" "$(nsx C ip -6 -o addr show dev eth0)"
t6_wait 10 "a /64 on lan0" sh -c \
    "ip netns exec $(t6_nsname C) ip -6 -o addr show dev lan0 scope global | grep -q /64"
ll0=$(t6_lladdr C lan0)
ll2=$(t6_lladdr C lan2)
g0=$(nsx C ip -6 -o addr show dev lan0 scope global | awk '{ print $4 }')
g2=$(nsx C ip -6 -o addr show dev lan2 scope global | awk '{ print $4 }')
t6_log "lan0 $g0 (link-local $ll0), lan2 $g2"
# the delegated /56 is 2001:db8:80xx:yy00::/56; sla-id 1 and 2 in the
# next 8 bits, the interface IDs of the link-locals after
sla() {	# the low byte of the 4th group of an address
	local h
	h=$(printf '%s' "$1" | cut -d: -f4)
	echo $((0x$h & 0xff))
}
t6_assert_match "^2001:db8:80[0-9a-f]{2}:[0-9a-f]{1,4}:${ll0#fe80::}/64\$" "$g0"
t6_assert_match "^2001:db8:80[0-9a-f]{2}:[0-9a-f]{1,4}:${ll2#fe80::}/64\$" "$g2"
t6_assert_eq 1 "$(sla "$g0")" "SLA ID on lan0"
t6_assert_eq 2 "$(sla "$g2")" "SLA ID on lan2"
# an unreachable route for the delegated /56 (RFC 7084 WPD-5)
pfx=$(nsx C ip -6 route show type unreachable proto dhcp | awk '{ print $2; exit }')
t6_log "unreachable route: $pfx"
python3 -c '
import ipaddress, sys
p = ipaddress.ip_network(sys.argv[1])
assert p.prefixlen == 56 and p.subnet_of(ipaddress.ip_network("2001:db8:8000::/40"))
assert ipaddress.ip_interface(sys.argv[2]).ip in p
' "$pfx" "$g0" || t6_fail "unreachable route $pfx is not the /56 of $g0"
# never on the uplink (RFC 8415 6.3)
t6_assert_eq 1 "$(nsx C ip -6 -o addr show dev eth0 scope global | wc -l)" \
    "global addresses on eth0"
t6_assert_match 'prefix-interface eth0 is the interface the prefix comes from' \
    "$(d6c_log C)"

# the script's environment
t6_wait 5 "the script" test -s "$envout"
env=$(cat "$envout")
t6_assert_match '^REASON=NBI$' "$env"
t6_assert_match '^new_domain_name_servers=2001:db8:9999::35 2001:db8:abcd::35 $' "$env"
t6_assert_match '^new_domain_name=kame.example. $' "$env"
t6_assert_match '^interface=eth0$' "$env"
t6_assert_nomatch '^PATH=' "$env"

# renewals keep the address past its first valid lifetime (6 s)
t6_wait 20 "three Renew/Reply exchanges" sh -c \
    "[ \$(grep -c 'send renew' '$(t6_daemon_log C dhcp6c)') -ge 3 ] && [ \$(grep -c 'bound, 2 lease' '$(t6_daemon_log C dhcp6c)') -ge 4 ]"
d6c_has_addr C eth0 "$addr" || t6_fail "the address is gone after renewals"
lft=$(d6c_valid_lft C eth0 "$addr")
t6_log "valid_lft after renewals: $lft"
[ "$lft" -ge 3 ] || t6_fail "valid lifetime not refreshed: $lft"
t6_assert_match "${g0%/64}" "$(nsx C ip -6 -o addr show dev lan0)"

# SIGTERM: Release
pidf=$(t6_path C dhcp6c.pid)
t6_stop "$D6C_PID" TERM || t6_fail "dhcp6c exited with $?"
d6c_no_addr C eth0 "$addr" || t6_fail "address left after Release"
d6c_no_addr C lan0 "${g0%/64}" || t6_fail "lan0 address left after Release"
[ -e "$pidf" ] && t6_fail "pid file left"
t6_assert_eq "" "$(nsx C ip -6 route show type unreachable proto dhcp)" "unreachable route after Release"
t6_assert_match 'receive reply' "$(d6c_log C | sed -n '/SIGTERM/,$p')"
t6_wait 5 "Kea to record the release" sh -c \
    "grep '^$addr,' '$T6_TMP/S/leases6.csv' | tail -1 | grep -q '^$addr,[^,]*,0,'"

t6_capture_stop "$cap"
t6_dissect_clean "$cap" 8
seq=$(tshark -n -r "$cap" -T fields -e dhcpv6.msgtype 2>/dev/null | head -4 | tr '\n' ' ')
t6_assert_eq "1 2 3 7 " "$seq" "first exchange"
[ "$(d6c_count "$cap" 5)" -ge 3 ] || t6_fail "fewer than 3 Renews on the wire"
[ "$(d6c_count "$cap" 8)" -ge 1 ] || t6_fail "no Release on the wire"
# Renew and Release name Kea's server; the Request has a new XID
sid=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 2' -T fields -e dhcpv6.duidll.link_layer_addr 2>/dev/null | head -1)
t6_log "Kea's DUID-LL $sid"
[ -n "$sid" ] || t6_fail "no Server ID in the Advertise"
t6_assert_eq "$sid" "$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 8' -T fields -e dhcpv6.duidll.link_layer_addr 2>/dev/null | head -1)" "Server ID of the Release"
x1=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 1' -T fields -e dhcpv6.xid 2>/dev/null | head -1)
x3=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 3' -T fields -e dhcpv6.xid 2>/dev/null | head -1)
[ "$x1" != "$x3" ] || t6_fail "Request reused the Solicit's XID"
t6_pass
