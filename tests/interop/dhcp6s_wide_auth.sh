#!/bin/bash
# WIDE-DHCPv6's dhcp6c with delayed authentication against our dhcp6s
# (spec S7, the book's configuration on both sides): the client asks for
# it in its Solicit (an Authentication option of 11 bytes), takes our
# signed Advertise (WIDE checks our HMAC and drops what fails), sends a
# signed Request, and configures the address from our signed Reply; the
# server logs the validation.  On the wire: Solicit option length 11,
# Advertise and Reply 43, protocol 2, algorithm 1, RDM 0, realm
# kame.example, key ID 1; tshark finds nothing malformed.  With a
# different secret on the client, WIDE drops our Advertise (its HMAC
# check), and nothing is configured.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need /usr/sbin/dhcp6c tshark tcpdump unshare

d6s_lab 00:03:47:a5:30:85
t6_link srv srv1 cli cli1 "" 00:03:47:a5:30:85
t6_wait_dad srv
t6_wait_dad cli
wide_duid cli 00010001095f9376000347a53085
wide_duid cli 00010001095f9376000347a53085 dhcp6c-bad
KEY='keyinfo kamekey { realm "kame.example"; keyid 1; secret "yHShgx8gdo20EIgxi6oO1w=="; };'
cat > "$(d6s_conf srv)" <<CONF
$KEY
host kame {
	duid 00:01:00:01:09:5f:93:76:00:03:47:a5:30:85;
	address 2001:db8:ffff::1/128 86400 604800;
	delayedkey kamekey;
};
CONF
chmod 600 "$(d6s_conf srv)"
cconf=$(t6_path cli dhcp6c.conf)
cat > "$cconf" <<CONF
keyinfo clientkey { realm "kame.example"; keyid 1; secret "yHShgx8gdo20EIgxi6oO1w=="; };
authentication kameauth { protocol delayed; };
interface cli0 { send ia-na 100; send authentication kameauth; };
id-assoc na 100 { };
CONF
chmod 600 "$cconf"
cap=$T6_TMP/srv0.pcap
t6_capture srv srv0 "$cap" "udp port 546 or udp port 547"
d6s_start srv srv0 srv1
wide_dhcp6c cli "$cconf" cli0
t6_wait 20 "WIDE's client configured through authenticated messages" sh -c \
    "ip -n $(t6_nsname cli) -6 addr show dev cli0 | grep -q 2001:db8:ffff::1/128"
t6_assert_match "message authentication validated for client kame" \
    "$(cat "$(d6s_log srv)")" "the server validated the Request"
t6_capture_stop "$cap"
t6_dissect_clean "$cap" 4
for t in 1 2 3 7; do
	len=$(tshark -n -r "$cap" -Y "dhcpv6.msgtype == $t" -T fields \
	    -e dhcpv6.option.length -e dhcpv6.option.type 2>/dev/null | head -1)
	a=$(tshark -n -r "$cap" -Y "dhcpv6.msgtype == $t" -V 2>/dev/null |
	    sed -n '/Authentication$/,/^    [A-Z]/p')
	t6_assert_match "Protocol: 2" "$a" "protocol in $t"
	case $t in
	1) t6_assert_match "Length: 11" "$a" "the Solicit asks" ;;
	*) t6_assert_match "Length: 43" "$a" "option length in $t"
	   t6_assert_match "DHCP realm: kame.example" "$a" "realm in $t"
	   t6_assert_match "Key ID: (0x0*1|1)" "$a" "key ID in $t" ;;
	esac
done

# another secret on the client: WIDE drops our Advertise
t6_stop "$WIDE_PID" TERM
bconf=$(t6_path cli bad.conf)
sed -e 's/secret "[^"]*"/secret "AAAAAAAAAAAAAAAAAAAAAA=="/' -e 's/cli0/cli1/' \
    "$cconf" > "$bconf"
chmod 600 "$bconf"
wide_run cli dhcp6c-bad /usr/sbin/dhcp6c -f -D -c "$bconf" \
    -p "$(t6_path cli bad.pid)" cli1
t6_wait 10 "the signed Advertise on the second link" sh -c \
    "[ \$(grep -c 'transmit advertise' '$(d6s_log srv)') -ge 2 ]"
t6_wait 10 "WIDE's refusal of our Advertise" grep -q \
    "process_auth: invalid message authentication" \
    "$(t6_daemon_log cli dhcp6c-bad)"
t6_assert_nomatch "send request" "$(cat "$(t6_daemon_log cli dhcp6c-bad)")" \
    "a Request after a refused Advertise"
t6_pass
