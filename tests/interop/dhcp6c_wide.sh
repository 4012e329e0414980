#!/bin/bash
# dhcp6c against WIDE-DHCPv6's dhcp6s (Debian wide-dhcpv6-server), the
# book's scenarios with the book's DUID pre-seeded in dhcp6c's DUID file:
# - S1: host-based IA_NA: 2001:db8:ffff::1/128 with the book's
#   lifetimes (pltime about 86400, vltime about 604800) on ne0; the
#   book's script writes resolv.conf with "search kame.example." and both
#   name servers;
# - S2: a /48 delegated to the same host on a second link (tun0, with
#   its own client instance): ne1 gets 2001:db8:1234:1:<IID>/64, nothing
#   from the prefix appears on tun0;
# - S3: information-only: Information-request (11) and never Solicit;
#   the script gets the DNS servers;
# - S16: dhcp6c -i prints the book's lines and exits 0 without a config;
# - S15: SIGTERM sends Release to dhcp6s, which answers it;
# - S18: the DUID file is reused as it is (16 bytes, the book's DUID);
# every capture dissects cleanly.
# t6-timeout: 90
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
t6_init
t6_need tshark tcpdump python3
wide_need
t6_ns C host
t6_ns S host
# dhcp6s serves one interface: the client's three uplinks share a switch
t6_switch SW
t6_port SW S fxp0
t6_port SW C ne0
t6_port SW C tun0
t6_port SW C info0
t6_link C ne1 C lan1
t6_addr S fxp0 2001:db8:ffff::fe/64 nodad
t6_wait_dad S
wide_start_on() {	# NAME IF CONF TAG
	local conf
	conf=$(t6_path "$1" "$4.conf")
	printf '%s\n' "$3" > "$conf"
	wide_run "$1" "$4" /usr/sbin/dhcp6s -f -D -c "$conf" \
	    -P "$T6_TMP/$1/$4.pid" "$2"
}
wide_start_on S fxp0 "
option domain-name-servers 2001:db8:9999::35 2001:db8:abcd::35;
option domain-name \"kame.example\";
host kame {
	duid $D6C_BOOK_DUID;
	address 2001:db8:ffff::1 86400 604800;
	prefix 2001:db8:1234::/48 2592000 7776000;
};" dhcp6s
t6_wait 15 "dhcp6s to listen" kea__listening S

d6c_book_duid C
cap=$(t6_path C ne0.pcap)
t6_capture C ne0 "$cap" "udp port 546 or udp port 547"
capi=$(t6_path C info0.pcap)
t6_capture C info0 "$capi" "udp port 546 or udp port 547"
resolv=$(t6_path C resolv.conf)
script=$(t6_path C script.sh)
cat > "$script" <<SCRIPT
#!/bin/sh
# the book's script, writing to a file of the test
rm -f $resolv.tmp
[ -n "\$new_domain_name" ] && echo "search \$new_domain_name" >> $resolv.tmp
for ns in \$new_domain_name_servers; do
	echo "nameserver \$ns" >> $resolv.tmp
done
/bin/mv $resolv.tmp $resolv
SCRIPT
chmod 0755 "$script"
ienv=$(t6_path C info.env)
iscript=$(t6_path C info.sh)
printf '#!/bin/sh\n/usr/bin/env > %s.tmp\n/bin/mv %s.tmp %s\n' "$ienv" \
    "$ienv" "$ienv" > "$iscript"
chmod 0755 "$iscript"

d6c_start C "interface ne0 { send ia-na 100; script \"$script\"; };
id-assoc na 100 { };
interface tun0 { send ia-pd 200; };
id-assoc pd 200 { prefix-interface ne1 { sla-id 1; }; prefix-interface tun0 { sla-id 9; }; };
interface info0 { information-only; request domain-name-servers; script \"$iscript\"; };
" ne0 tun0 info0

# S1
t6_wait 15 "2001:db8:ffff::1 on ne0" d6c_has_addr C ne0 2001:db8:ffff::1
line=$(nsx C ip -6 -o addr show dev ne0 | grep ' 2001:db8:ffff::1/128')
t6_log "$line"
vl=$(d6c_valid_lft C ne0 2001:db8:ffff::1)
[ "$vl" -ge 604700 ] && [ "$vl" -le 604800 ] || t6_fail "valid_lft $vl"
t6_assert_match 'preferred_lft 86[34][0-9][0-9]sec' "$line"
t6_wait 5 "resolv.conf from the script" test -s "$resolv"
t6_assert_eq "search kame.example. 
nameserver 2001:db8:9999::35
nameserver 2001:db8:abcd::35" "$(cat "$resolv")" "resolv.conf"

# S2
t6_wait 15 "a /64 of the /48 on ne1" sh -c \
    "ip netns exec $(t6_nsname C) ip -6 -o addr show dev ne1 | grep -q ' 2001:db8:1234:1:'"
ll=$(t6_lladdr C ne1)
t6_assert_match " 2001:db8:1234:1:${ll#fe80::}/64 " "$(nsx C ip -6 -o addr show dev ne1)"
t6_assert_nomatch '2001:db8:1234' "$(nsx C ip -6 -o addr show dev tun0)"

# S3
t6_wait 15 "the information-only script" test -s "$ienv"
t6_assert_match '^new_domain_name_servers=2001:db8:9999::35 2001:db8:abcd::35 $' "$(cat "$ienv")"
t6_assert_match 'info0: information refresh in 86400 s' "$(d6c_log C)"

# S15
t6_stop "$D6C_PID" TERM || t6_fail "dhcp6c exited with $?"
t6_assert_match 'ne0: removed 2001:db8:ffff::1' "$(d6c_log C)"
d6c_no_addr C ne0 2001:db8:ffff::1 || t6_fail "address left"
d6c_no_addr C ne1 2001:db8:1234:1: || t6_fail "ne1 address left"
t6_assert_match 'exiting' "$(d6c_log C | tail -1)"
t6_capture_stop "$cap"
t6_capture_stop "$capi"
t6_dissect_clean "$cap" 6
t6_dissect_clean "$capi" 2
# the switch floods: look at each client interface's own packets
lln=$(t6_lladdr C ne0)
lli=$(t6_lladdr C info0)
types() {	# capture, link-local: the message types to or from it
	tshark -n -r "$1" -Y "ipv6.addr == $2" -T fields -e dhcpv6.msgtype \
	    2>/dev/null | tr '\n' ' '
}
tn=$(types "$cap" "$lln")
ti=$(types "$capi" "$lli")
t6_log "ne0: $tn; info0: $ti"
t6_assert_match '^1 2 3 7 ' "$tn" "S1 exchange"
t6_assert_match ' 8 7 $' "$tn" "Release answered"
t6_assert_match '^11 7 ' "$ti" "S3 exchange"
t6_assert_nomatch '(^| )1 ' "$ti" "no Solicit from info0"

# S18: the DUID file is the one we seeded, untouched
t6_assert_eq "0e0000010001095f93760003 47a53085" \
    "$(od -An -tx1 "$(t6_path C duid)" | tr -d ' \n' | sed 's/\(.\{24\}\)/\1 /')" "DUID file"

# S16: -i, no config, prints and exits
out=$(nsx C timeout 20 "$T6_BIN/dhcp6c" -i -u "$(t6_path C duid)" info0 2>/dev/null) ||
    t6_fail "dhcp6c -i failed: $out"
t6_assert_eq "nameserver[0] 2001:db8:9999::35
nameserver[1] 2001:db8:abcd::35
Domain search list[0] kame.example." "$out" "-i output"
t6_pass
