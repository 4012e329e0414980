#!/bin/bash
# dhcp6c with two Kea servers on one link (S9), and SIGHUP:
# - Kea A advertises preference 10, Kea B preference 20, both at once:
#   the Request (about 1 s after the Solicit, at the end of the first
#   RT) names B's Server ID and the address comes from B's pool;
# - the script is a symbolic link: it is not run ("cannot be executed
#   safely", S17);
# - SIGHUP with a new dhcp6c.conf (the script now a regular file):
#   Release to B, the configuration read again, Solicit again, bound
#   again, and this time the script runs.
# t6-timeout: 60
# (Kea sends the Preference option only with always-send; without it
# both Advertises carried none and the first to arrive won, which made
# this test pass or fail at random.)
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
t6_init
t6_need tshark tcpdump
kea_need
t6_ns C host
t6_ns A host
t6_ns B host
t6_switch SW
t6_port SW A eth0
t6_port SW B eth0
t6_port SW C eth0
t6_addr A eth0 2001:db8:ffff::a/64 nodad
t6_addr B eth0 2001:db8:ffff::b/64 nodad
t6_wait_dad A
t6_wait_dad B
kea_start A '[{"subnet": "2001:db8:ffff::/64", "interface": "eth0",
  "pools": [{"pool": "2001:db8:ffff::a00-2001:db8:ffff::aff"}],
  "option-data": [{"name": "preference", "data": "10", "always-send": true}]}]'
kea_start B '[{"subnet": "2001:db8:ffff::/64", "interface": "eth0",
  "pools": [{"pool": "2001:db8:ffff::b00-2001:db8:ffff::bff"}],
  "option-data": [{"name": "preference", "data": "20", "always-send": true}]}]'
cap=$(t6_path C eth0.pcap)
t6_capture C eth0 "$cap" "udp port 546 or udp port 547"
real=$(t6_path C script.sh)
link=$(t6_path C script-link.sh)
ran=$(t6_path C ran)
printf '#!/bin/sh\necho ran >> %s\n' "$ran" > "$real"
chmod 0755 "$real"
ln -s "$real" "$link"
d6c_start C "interface eth0 { send ia-na 1; script \"$link\"; };
id-assoc na 1 { };" eth0
t6_wait 15 "an address from B" d6c_has_addr C eth0 2001:db8:ffff::b00
t6_wait 5 "the refusal" grep -q 'cannot be executed safely' \
    "$(t6_daemon_log C dhcp6c)"
[ -e "$ran" ] && t6_fail "the symbolic link was run"

printf 'interface eth0 { send ia-na 1; script "%s"; };\nid-assoc na 1 { };\n' \
    "$real" > "$(t6_path C dhcp6c.conf)"
kill -HUP "$D6C_PID"
t6_wait 15 "the restart" grep -q restarting "$(t6_daemon_log C dhcp6c)"
t6_wait 15 "bound again" sh -c "[ \$(grep -c 'bound, 1 lease' '$(t6_daemon_log C dhcp6c)') -ge 2 ]"
t6_wait 5 "the script" test -s "$ran"
t6_stop "$D6C_PID" TERM || t6_fail "exit status $?"
t6_capture_stop "$cap"
t6_dissect_clean "$cap" 10
sid() {	# the Server ID's link-layer address in message type $1, nth $2
	tshark -n -r "$cap" -Y "dhcpv6.msgtype == $1" -T fields \
	    -e dhcpv6.duidll.link_layer_addr 2>/dev/null | sed -n "${2}p"
}
macb=$(nsx B cat /sys/class/net/eth0/address)
maca=$(nsx A cat /sys/class/net/eth0/address)
t6_log "A $maca, B $macb; Request to $(sid 3 1)"
npref=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 2 && dhcpv6.option.type == 7' 2>/dev/null | wc -l)
[ "$npref" -ge 2 ] || t6_fail "Advertises with a Preference option: $npref"
t6_assert_eq "$macb" "$(sid 3 1)" "Server ID of the first Request"
t6_assert_eq "$macb" "$(sid 8 1)" "Server ID of the Release (SIGHUP)"
# the Request follows the first Solicit by its first RT (1.0-1.1 s)
t1=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 1' -T fields -e frame.time_epoch 2>/dev/null | head -1)
t3=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 3' -T fields -e frame.time_epoch 2>/dev/null | head -1)
gap=$(awk -v a="$t1" -v b="$t3" 'BEGIN { printf "%d", (b - a) * 1000 }')
t6_log "Solicit to Request: $gap ms"
[ "$gap" -ge 1000 ] && [ "$gap" -le 1200 ] || t6_fail "Request $gap ms after the Solicit"
types=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype != 2 && dhcpv6.msgtype != 7' -T fields -e dhcpv6.msgtype 2>/dev/null | tr '\n' ' ')
t6_assert_eq "1 3 8 1 3 8 " "$types" "client messages"
t6_pass
