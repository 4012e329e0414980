#!/bin/bash
# dhcp6c's Solicit retransmission on the wire with no server (S7,
# RFC 8415 15 and 18.2.1): the first Solicit within SOL_MAX_DELAY (1 s)
# of the moment the link-local became usable; RT1 in (1.0, 1.1] s;
# RT2 and RT3 twice the one before +-10% (plus capture slack); the same
# XID in all; Elapsed Time 0 first, then the time since the first
# Solicit (within 50 ms of the capture's times); no Request.  The delay
# before the first one is checked from dhcp6c's log (the machine's
# monotonic times): the delay it drew after "link-local ready", and RT1
# as it computed it.
# t6-timeout: 40
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
t6_init
t6_need tshark tcpdump
t6_ns C host
t6_ns S host
t6_link C eth0 S eth0
cap=$(t6_path S eth0.pcap)
t6_capture S eth0 "$cap" "udp port 547"
d6c_start C "interface eth0 { send ia-na 1; }; id-assoc na 1 { };" eth0
t6_wait 15 "four Solicits" sh -c \
    "[ \$(tshark -n -r '$cap' -Y 'dhcpv6.msgtype == 1' 2>/dev/null | wc -l) -ge 4 ]"
t6_capture_stop "$cap"
t6_dissect_clean "$cap" 4
fields=$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 1' -T fields \
    -e frame.time_epoch -e dhcpv6.xid -e dhcpv6.elapsed_time 2>/dev/null)
t6_log "$fields"
t6_assert_eq 0 "$(tshark -n -r "$cap" -Y 'dhcpv6.msgtype == 3' 2>/dev/null | wc -l)" "Requests"
t6_assert_eq 1 "$(cut -f2 <<<"$fields" | sort -u | wc -l)" "distinct XIDs"
# (tshark shows Elapsed Time in milliseconds)
awk -v OFS=' ' '
NR == 1 { t0 = $1 }
{ t[NR] = $1; e[NR] = $3 }
END {
	ok = 1
	for (i = 2; i <= 4; i++) rt[i - 1] = (t[i] - t[i - 1]) * 1000
	printf "RT1 %.1f ms, RT2 %.1f ms, RT3 %.1f ms\n", rt[1], rt[2], rt[3]
	if (rt[1] <= 1000 || rt[1] > 1100 + 20) { print "RT1 out of (1000, 1100]"; ok = 0 }
	for (i = 2; i <= 3; i++)
		if (rt[i] < rt[i - 1] * 1.9 - 20 || rt[i] > rt[i - 1] * 2.1 + 20) {
			printf "RT%d not 2 RT%d +-10%%\n", i, i - 1; ok = 0 }
	if (e[1] != 0) { print "first Elapsed Time not 0"; ok = 0 }
	for (i = 2; i <= 4; i++) {
		want = (t[i] - t0) * 1000
		if (e[i] < want - 50 || e[i] > want + 50) {
			printf "Elapsed Time %d: %d, expected about %.0f\n", i, e[i], want; ok = 0 }
	}
	exit !ok
}' <<<"$fields" > "$(t6_path S timing.txt)" ||
    t6_fail "timing: $(cat "$(t6_path S timing.txt)")"
t6_log "$(cat "$(t6_path S timing.txt)")"
log=$(d6c_log C)
t6_assert_match 'link-local ready' "$log"
d=$(sed -n 's/.*first solicit in \([0-9]*\) ms.*/\1/p' <<<"$log" | head -1)
[ -n "$d" ] && [ "$d" -lt 1000 ] || t6_fail "first Solicit delay '$d'"
t6_assert_match 'next in 1(0[0-9][0-9]|100) ms' "$(grep 'send solicit (xid [0-9a-f]*, #1,' <<<"$log")"
t6_pass
