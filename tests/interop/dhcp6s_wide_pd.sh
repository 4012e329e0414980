#!/bin/bash
# WIDE-DHCPv6's dhcp6c as a requesting router against our dhcp6s (spec
# S2 and S3): the book's delegation of 2001:db8:1234::/48 to usagi
# (T1 1296000, T2 2073600, lifetimes 2592000/7776000 on the wire); the
# client numbers its LAN from the prefix (sla-id 1: 2001:db8:1234:1::/64
# on lan0, with lan0's interface identifier); the server logs the
# binding with duration 7776000.  A stateless client (information-only)
# gets the DNS servers and search list through WIDE's script
# environment (new_domain_name_servers, new_domain_name).  tshark finds
# nothing malformed.  (Renewal and expiry are in e2e/dhcp6s_expiry:
# WIDE's client refuses T1 and T2 short enough for a test.)
# t6-timeout: 90
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need /usr/sbin/dhcp6c tshark tcpdump unshare

t6_ns pe
t6_ns cpe
t6_ns host host
t6_ns st host
t6_switch sw
t6_port sw pe pe0
t6_port sw cpe up0 00:e0:18:98:f1:9d
t6_port sw st st0
t6_link cpe lan0 host h0
wide_duid cpe 00010001093c91d900e01898f19d
USAGI=00:01:00:01:09:3c:91:d9:00:e0:18:98:f1:9d
cat > "$(d6s_conf pe)" <<CONF
host usagi {
	duid $USAGI;
	prefix 2001:db8:1234::/48 2592000 7776000;
};
option domain-name-servers 2001:db8:9999::35 2001:db8:abcd::35;
option domain-name "kame.example";
CONF
cat > "$(t6_path cpe dhcp6c.conf)" <<CONF
interface up0 { send ia-pd 200; };
id-assoc pd 200 { prefix-interface lan0 { sla-id 1; }; };
CONF
script=$(t6_path st script.sh)
cat > "$script" <<EOF2
#!/bin/sh
env | grep '^new_' > "$(t6_path st env)"
EOF2
chmod 755 "$script"
cat > "$(t6_path st dhcp6c.conf)" <<CONF
interface st0 { information-only; script "$script"; };
CONF

t6_wait_dad pe
t6_wait_dad cpe
t6_wait_dad st
cap=$T6_TMP/pe0.pcap
t6_capture pe pe0 "$cap" "udp port 546 or udp port 547"
d6s_start pe pe0
wide_dhcp6c cpe "$(t6_path cpe dhcp6c.conf)" up0
t6_wait 20 "a /64 of the delegated prefix on lan0" sh -c \
    "ip -n $(t6_nsname cpe) -6 addr show dev lan0 | grep -q '2001:db8:1234:1:.*/64'"
iid=$(t6_lladdr cpe lan0 | sed 's/^fe80:://')
t6_assert_match "inet6 2001:db8:1234:1:$iid/64" \
    "$(ip -n "$(t6_nsname cpe)" -6 addr show dev lan0)" "the LAN address"
log=$(d6s_log pe)
t6_assert_match "add a new binding \\[IA: duid=$USAGI, type=PD, iaid=200, duration=7776000\\]" \
    "$(cat "$log")" "binding"
# stateless: WIDE's script sees our options
wide_dhcp6c st "$(t6_path st dhcp6c.conf)" st0
t6_wait 15 "the stateless client's script" test -s "$(t6_path st env)"
env=$(cat "$(t6_path st env)")
t6_assert_match "new_domain_name_servers=2001:db8:9999::35 2001:db8:abcd::35" \
    "$env" "DNS servers in the script"
t6_assert_match "new_domain_name=kame.example." "$env" "search list"

t6_capture_stop "$cap"
t6_dissect_clean "$cap" 6
rep=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype==7 && dhcpv6.iaprefix.pref_addr' -V 2>/dev/null)
t6_assert_match "T1: 1296000" "$rep" "T1"
t6_assert_match "T2: 2073600" "$rep" "T2"
t6_assert_match "Prefix length: 48" "$rep" "prefix length"
t6_assert_match "Prefix address: 2001:db8:1234::" "$rep" "prefix"
t6_assert_match "Preferred lifetime: 2592000" "$rep" "preferred lifetime"
t6_assert_match "Valid lifetime: 7776000" "$rep" "valid lifetime"
t6_pass
