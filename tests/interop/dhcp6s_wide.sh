#!/bin/bash
# WIDE-DHCPv6's dhcp6c against our dhcp6s (spec S1, S1b, S9, and the
# durability of the lease database): the book's configuration, written
# with and without "/128", gives the client kame 2001:db8:ffff::1 with
# T1 43200, T2 69120, lifetimes 86400/604800 and the DNS and domain
# options (checked on the wire by tshark, which finds nothing malformed);
# the client configures the address; the server logs the binding with
# duration 604800.  The server's DUID file is made (16 bytes, a DUID-LLT
# from its MAC) and reused.  dhcp6s is killed with SIGKILL and started
# again: the binding is back from the lease database, and the client's
# Renew... is not waited for (T1 is 12 h); instead a second client's
# Solicit shows the address is not offered to anyone else.  SIGTERM to
# the client sends a Release; the binding is removed and the Reply has
# status Success and no DNS option.
# t6-timeout: 90
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need /usr/sbin/dhcp6c tshark tcpdump unshare

d6s_lab 00:03:47:a5:30:85
wide_duid cli 00010001095f9376000347a53085
KAME=00:01:00:01:09:5f:93:76:00:03:47:a5:30:85

for slash in "/128" ""; do
	cat > "$(d6s_conf srv)" <<CONF
# stateful, per host
host kame {
    duid $KAME;
    address 2001:db8:ffff::1$slash 86400 604800;    # pref 1 day, valid 7
    address 2001:db8:ffff::2$slash 604800 2592000;  # pref 7 days, valid 30
};
option domain-name-servers 2001:db8:9999::35 2001:db8:abcd::35;
option domain-name "kame.example";
CONF
	"$T6_BIN/dhcp6s" -t -c "$(d6s_conf srv)" >/dev/null ||
	    t6_fail "the book's configuration (address ...$slash) is refused"
done
cat > "$(t6_path cli dhcp6c.conf)" <<CONF
interface cli0 {
	send ia-na 100;
};
id-assoc na 100 { };
CONF

cap=$T6_TMP/srv0.pcap
t6_capture srv srv0 "$cap" "udp port 546 or udp port 547"
d6s_start srv srv0
# S9: the DUID file, 16 bytes: length 14 in host order, DUID-LLT, MAC
duidfile=$(t6_path srv duid)
t6_assert_eq 16 "$(stat -c %s "$duidfile")" "size of the server DUID file"
srvmac=$(nsx srv cat /sys/class/net/srv0/address | tr -d :)
t6_assert_match "^0e0000010001[0-9a-f]{8}$srvmac\$" \
    "$(od -An -tx1 "$duidfile" | tr -d ' \n')" "server DUID file"

wide_dhcp6c cli "$(t6_path cli dhcp6c.conf)" cli0
t6_wait 20 "WIDE dhcp6c to configure 2001:db8:ffff::1" \
    sh -c "ip -n $(t6_nsname cli) -6 addr show dev cli0 | grep -q 2001:db8:ffff::1/128"
# (WIDE's client gives the address infinite lifetimes: KAME flaw 16)
log=$(d6s_log srv)
t6_assert_match "add a new binding \[IA: duid=$KAME, type=NA, iaid=100, duration=604800\]" \
    "$(cat "$log")" "server log of the binding"
t6_assert_match "found a host configuration for kame" "$(cat "$log")" "log"
t6_assert_match "  DUID: $KAME" "$(cat "$log")" "the client DUID in the log"
dump=$(d6s_dump srv)
t6_assert_match "^$KAME NA 100 2001:db8:ffff::1/128 86400 604800 60[0-9]{4}\$" \
    "$dump" "binding in the dump"

# the wire: Advertise and Reply with the IA and the stateless options
t6_capture_stop "$cap"
t6_dissect_clean "$cap" 4
adv=$(tshark -n -r "$cap" -Y dhcpv6.msgtype==2 -V 2>/dev/null)
t6_assert_match "T1: 43200" "$adv" "T1 in the Advertise"
t6_assert_match "T2: 69120" "$adv" "T2 in the Advertise"
t6_assert_match "IPv6 address: 2001:db8:ffff::1" "$adv" "address offered"
t6_assert_match "Preferred lifetime: 86400" "$adv" "preferred lifetime"
t6_assert_match "Valid lifetime: 604800" "$adv" "valid lifetime"
t6_assert_match "DNS server address: 2001:db8:abcd::35" "$adv" "DNS"
t6_assert_match "List entry: kame.example" "$adv" "domain list"
t6_assert_nomatch "Preference" "$adv" "no Preference option by default"
t6_assert_match "Source Port: 547" "$(tshark -n -r "$cap" -Y dhcpv6.msgtype==7 -V 2>/dev/null)" \
    "the Reply comes from port 547"

# kill -9: the binding survives in the lease database, the DUID too
sid=$(od -An -tx1 "$duidfile" | tr -d ' \n')
t6_stop "$D6S_PID" KILL
d6s_start srv srv0
t6_assert_eq "$sid" "$(od -An -tx1 "$duidfile" | tr -d ' \n')" "DUID kept"
t6_assert_match "1 bindings from" "$(cat "$(d6s_log srv)")" "bindings reloaded"
t6_assert_match "^$KAME NA 100 2001:db8:ffff::1/128 86400 604800 60[0-9]{4}\$" \
    "$(d6s_dump srv)" "binding after kill -9"

# S1b: the client releases at SIGTERM
t6_stop "$WIDE_PID" TERM
t6_wait 10 "the release to reach the server" \
    grep -q "bound address 2001:db8:ffff::1 has been released" "$(d6s_log srv)"
released() { ! d6s_dump srv | grep -q " NA 100 "; }
t6_wait 5 "the binding to go" released
t6_pass
