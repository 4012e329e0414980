#!/bin/bash
# Stateless DHCPv6 (S3, S16) against Kea: information-only sends
# Information-request (11) and never Solicit, with the requested options
# and Information Refresh Time in its ORO; the script gets the DNS
# servers, the search list and the SNTP servers (new_ntp_servers); Kea's
# Information Refresh Time of 700 s sets the next request (the log);
# dhcp6c -i prints the items and exits 0.
# t6-timeout: 40
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
t6_init
t6_need tshark tcpdump
kea_need
d6c_lab
kea_start S '[{"subnet": "2001:db8:ffff::/64", "interface": "eth0",
  "option-data": [{"name": "dns-servers", "data": "2001:db8::35"},
    {"name": "domain-search", "data": "example.org, kame.example"},
    {"name": "sntp-servers", "data": "2001:db8::123"},
    {"name": "information-refresh-time", "data": "700"}]}]'
cap=$(t6_path C eth0.pcap)
t6_capture C eth0 "$cap" "udp port 546 or udp port 547"
envout=$(t6_path C env.out)
script=$(t6_path C script.sh)
printf '#!/bin/sh\n/usr/bin/env > %s.tmp\n/bin/mv %s.tmp %s\n' "$envout" \
    "$envout" "$envout" > "$script"
chmod 0755 "$script"
d6c_start C "interface eth0 { information-only;
  request domain-name-servers, domain-name, ntp-servers;
  script \"$script\"; };" eth0
t6_wait 15 "the script" test -s "$envout"
env=$(cat "$envout")
t6_assert_match '^new_domain_name_servers=2001:db8::35 $' "$env"
t6_assert_match '^new_domain_name=example.org. kame.example. $' "$env"
t6_assert_match '^new_ntp_servers=2001:db8::123 $' "$env"
t6_wait 5 "the refresh" grep -q 'information refresh in 700 s' \
    "$(t6_daemon_log C dhcp6c)"
t6_stop "$D6C_PID" TERM || t6_fail "exit status $?"
out=$(nsx C timeout 20 "$T6_BIN/dhcp6c" -i -u "$(t6_path C duid)" eth0 2>/dev/null) ||
    t6_fail "dhcp6c -i failed"
t6_assert_eq "nameserver[0] 2001:db8::35
Domain search list[0] example.org.
Domain search list[1] kame.example.
NTP server[0] 2001:db8::123" "$out" "-i output"
t6_capture_stop "$cap"
t6_dissect_clean "$cap" 4
t6_assert_eq "11 7 11 7 " "$(tshark -n -r "$cap" -T fields -e dhcpv6.msgtype 2>/dev/null | tr '\n' ' ')" "messages"
oro=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 11' -T fields -e dhcpv6.requested_option_code 2>/dev/null | head -1)
t6_log "ORO: $oro"
for code in 23 24 31 32; do
	t6_assert_match "(^|,)$code(,|\$)" "$oro" "option $code in the ORO"
done
t6_pass
