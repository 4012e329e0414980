#!/bin/bash
# dhcp6c with delayed authentication (issue 6, spec S7; the book's
# keys): against WIDE's dhcp6s, our client asks for it in its Solicit,
# checks the server's signed Advertise and Reply, signs its Request and
# configures the address; against our dhcp6s with 4/8 s lifetimes, its
# signed Renews are validated and answered, the address stays past its
# first lifetime, and a Reconfigure (dhcp6ctl reconfigure renew) comes
# signed with delayed authentication (no reconfigure key is given to a
# client of delayed authentication) and is acted on.  With a different
# secret, the client drops the
# server's Advertise (invalid message authentication), sends no Request
# and configures nothing.  tshark finds nothing malformed.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need tshark tcpdump
wide_need

KEY='keyinfo kamekey { realm "kame.example"; keyid 1; secret "yHShgx8gdo20EIgxi6oO1w=="; };'
CLIENT="keyinfo clientkey { realm \"kame.example\"; keyid 1; secret \"yHShgx8gdo20EIgxi6oO1w==\"; };
authentication kameauth { protocol delayed; };
interface eth0 { send ia-na 100; send authentication kameauth; };
id-assoc na 100 { };"

# 1: WIDE's dhcp6s
d6c_lab
d6c_book_duid C
wide_start S "$KEY
host kame { duid $D6C_BOOK_DUID; address 2001:db8:ffff::1 86400 604800;
	delayedkey kamekey; };"
cap=$(t6_path C eth0.pcap)
t6_capture C eth0 "$cap" "udp port 546 or udp port 547"
d6c_start C "$CLIENT" eth0
t6_wait 20 "the address from WIDE's server, authenticated" \
    d6c_has_addr C eth0 2001:db8:ffff::1
t6_assert_match "message authentication validated" \
    "$(cat "$(t6_daemon_log S dhcp6s)")" "WIDE validated our Request"
t6_stop "$D6C_PID" TERM
t6_capture_stop "$cap"
t6_dissect_clean "$cap" 4
req=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 3' -V 2>/dev/null)
t6_assert_match "DHCP realm: kame.example" "$req" "our Request is signed"

# 2: our dhcp6s, short lifetimes: signed Renews
t6_ns S2 host
t6_ns C2 host
t6_link C2 eth0 S2 srv0
t6_wait_dad S2
cat > "$(d6s_conf S2)" <<CONF
$KEY
host kame { duid $D6C_BOOK_DUID; address 2001:db8:ffff::1 4 8;
	delayedkey kamekey; };
interface srv0 { allow reconfigure; };
CONF
chmod 600 "$(d6s_conf S2)"
ctlkey=$(t6_path S2 ctlkey)
echo "yHShgx8gdo20EIgxi6oO1w==" > "$ctlkey"
chmod 600 "$ctlkey"
d6s_start S2 -k "$ctlkey" srv0
d6c_book_duid C2
d6c_start C2 "${CLIENT/send authentication/send reconfigure-accept; send authentication}" eth0
t6_wait 20 "the address from our server, authenticated" \
    d6c_has_addr C2 eth0 2001:db8:ffff::1
t0=$(date +%s)
t6_wait 15 "signed Renews validated past the first lifetime" sh -c "
    [ \$(grep -c 'message authentication validated' '$(d6s_log S2)') -ge 3 ] &&
    [ \$(( \$(date +%s) - $t0 )) -ge 9 ]"
d6c_has_addr C2 eth0 2001:db8:ffff::1 || t6_fail "the address went"
t6_assert_nomatch "reconfigure key received" "$(d6c_log C2)" \
    "a reconfigure key given to a client of delayed authentication"
nsx S2 "$T6_BIN/dhcp6ctl" -S -k "$ctlkey" reconfigure renew "$D6C_BOOK_DUID" ||
    t6_fail "dhcp6ctl reconfigure"
t6_wait 5 "the signed Reconfigure taken" grep -q \
    "reconfigure from the server: renew" "$(t6_daemon_log C2 dhcp6c)"
t6_stop "$D6C_PID" TERM

# 3: a client with another secret configures nothing
t6_ns C3 host
t6_link C3 eth0 S2 srv1
kill "$D6S_PID"
t6_wait 5 "dhcp6s to exit" t6__gone "$D6S_PID"
d6s_start S2 srv0 srv1
d6c_book_duid C3
d6c_start C3 "${CLIENT//yHShgx8gdo20EIgxi6oO1w==/AAAAAAAAAAAAAAAAAAAAAA==}" eth0
t6_wait 15 "the client's refusal" grep -q \
    "invalid message authentication (advertise): dropped" \
    "$(t6_daemon_log C3 dhcp6c)"
t6_assert_nomatch "send request" "$(cat "$(t6_daemon_log C3 dhcp6c)")" \
    "a Request after a refused Advertise"
d6c_has_addr C3 eth0 2001:db8:ffff::1 && t6_fail "configured with a wrong key"
t6_pass
