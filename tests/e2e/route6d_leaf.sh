#!/bin/bash
# route6d, the book's leaf network (S4, Fig 1-55): UP supplies a default
# and two prefixes (-s), R learns them with UP's link-local as gateway
# and advertises its own prefix back; split horizon keeps each side's
# routes off the link they came from; a host behind R reaches UP's
# prefixes.  Also: the dump, route6ctl, the -R log and SIGTERM.
# t6-timeout: 120
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/route6d.sh"
t6_init
t6_need tshark tcpdump

t6_ns UP; t6_ns R; t6_ns H host; t6_ns X host
t6_link UP ne0 R ne0 00:02:b3:3a:87:d9 00:11:25:32:d9:8c
t6_link R ne1 H ne0 00:02:b3:3a:85:03
# UP's upstream link has link-local addresses only (so the book's
# three routes are all R learns)
t6_link UP up0 X ne0 02:00:00:00:00:0a 02:00:00:00:00:0b
t6_addr UP ne0 2001:db8:0:ffff::1/64
t6_addr R ne0 2001:db8:0:ffff::1000/64
t6_addr R ne1 2001:db8:0:1000::1/64
t6_addr H ne0 2001:db8:0:1000::2/64
# UP's two stub prefixes live on veths kept inside UP
nsx UP ip link add name s2 type veth peer name s2p
nsx UP ip link add name s3 type veth peer name s3p
for i in s2 s2p s3 s3p; do nsx UP ip link set "$i" up; done
t6_addr UP s2 2001:db8:0:2000::1/64
t6_addr UP s3 2001:db8:0:3000::1/64
nsx UP ip -6 route add default via fe80::ff:fe00:b dev up0
nsx H ip -6 route add default via 2001:db8:0:1000::1
t6_wait_dad UP; t6_wait_dad R; t6_wait_dad H

t6_capture R ne1 "$T6_TMP/ne1.pcap" "udp port 521"
t6_capture R ne0 "$T6_TMP/ne0.pcap" "udp port 521"
r6_start UP -s
r6_start R -R "$T6_TMP/R/routelog"

ll_up=fe80::202:b3ff:fe3a:87d9
ll_r=fe80::211:25ff:fe32:d98c
t6_wait 15 "R learns the default" r6_fib_has R "^default via $ll_up dev ne0"
t6_wait 10 "R learns 2000::/64" \
    r6_fib_has R "^2001:db8:0:2000::/64 via $ll_up dev ne0"
t6_wait 10 "R learns 3000::/64" \
    r6_fib_has R "^2001:db8:0:3000::/64 via $ll_up dev ne0"
t6_wait 10 "UP learns 1000::/64" \
    r6_fib_has UP "^2001:db8:0:1000::/64 via $ll_r dev ne0"
# exactly three RIPng routes on R (Lst 1-65); UP's own link is connected
t6_assert_eq 3 "$(r6_fib R | wc -l)" "RIPng routes on R"
t6_wait 10 "H reaches a prefix behind UP" \
    nsx H ping -6 -c1 -W1 2001:db8:0:2000::1

# a few update periods on the wire, then what each side said
t6_wait 10 "three regular updates on ne1" sh -c \
    "[ \$(tshark -n -r '$T6_TMP/ne1.pcap' -Y 'ripng.cmd == 2 && ipv6.dst == ff02::9' 2>/dev/null | wc -l) -ge 3 ]"
t6_capture_stop "$T6_TMP/ne1.pcap"
t6_capture_stop "$T6_TMP/ne0.pcap"
t6_dissect_clean "$T6_TMP/ne1.pcap" 3
t6_dissect_clean "$T6_TMP/ne0.pcap" 3
on_ne1=$(r6_rtes "$T6_TMP/ne1.pcap" | sort -u)
t6_assert_match '^::/0=2$' "$on_ne1" "R advertises the default on ne1"
t6_assert_match '^2001:db8:0:2000::/64=2$' "$on_ne1"
t6_assert_match '^2001:db8:0:3000::/64=2$' "$on_ne1"
t6_assert_match '^2001:db8:0:ffff::/64=1$' "$on_ne1"
t6_assert_nomatch '^2001:db8:0:1000::' "$on_ne1" "split horizon on ne1"
# R's packets on ne0 (from R's link-local) carry only 1000::/64
from_r=$(tshark -n -r "$T6_TMP/ne0.pcap" -Y "ripng.cmd == 2 && ipv6.src == $ll_r" \
    -T fields -e ripng.rte.ipv6_prefix -E occurrence=a -E aggregator=' ' \
    2>/dev/null | tr ' ' '\n' | sort -u)
t6_assert_eq "2001:db8:0:1000::" "$(printf '%s\n' "$from_r" | grep -v '^$')" \
    "R's advertisements on ne0"
# the wire rules: port 521 both ways, hop limit 255, link-local source
hdr=$(tshark -n -r "$T6_TMP/ne0.pcap" -Y "ipv6.src == $ll_r" -T fields \
    -e udp.srcport -e udp.dstport -e ipv6.hlim 2>/dev/null | sort -u)
t6_assert_match '^521	521	255$' "$hdr" "ports and hop limit"
t6_assert_nomatch '^[0-9]+	[0-9]+	(25[0-4]|[0-9]{1,2}|1[0-9]{2}|2[0-4][0-9])$' \
    "$hdr" "no hop limit under 255"

# the dump (SIGUSR1) in KAME's layout
dump=$(r6_dump R)
t6_assert_match '^[0-9]{2}:[0-9]{2}:[0-9]{2}: Interface Table Dump$' "$dump"
t6_assert_match '^  Number of interfaces: [0-9]+$' "$dump"
t6_assert_match "^    ne0: index\([0-9]+\) flags\(UP,BROADCAST,RUNNING,MULTICAST,LOWER_UP\) addr\($ll_r\) mtu\(1500\) metric\(0\)$" "$dump"
t6_assert_match "^    ::/0 if\([0-9]+:ne0\) gw\($ll_up\) \[2\] age\([0-9]+\)$" "$dump"
t6_assert_match '^    2001:db8:0:1000::/64 if\([0-9]+:ne1\) gw\(2001:db8:0:1000::1\) \[1\] age\(0\)$' "$dump"

# route6ctl: a table and JSON
table=$(r6ctl R show routes)
t6_assert_match "^2001:db8:0:2000::/64 +2 +rip +$ll_up +ne0 " "$table"
json=$(r6ctl R -j show routes)
printf '%s' "$json" | /usr/bin/python3 -c '
import json, sys
routes = json.load(sys.stdin)
d = [r for r in routes if r["prefix"] == "::/0"][0]
assert d["metric"] == 2 and d["kind"] == "rip" and d["interface"] == "ne0", d
assert d["kernel"] == "yes"
' || t6_fail "route6ctl -j show routes: $json"
t6_assert_match "^$ll_up +ne0 " "$(r6ctl R show neighbors)"
t6_assert_match '^ne1 +[0-9]+ +running ' "$(r6ctl R show interfaces)"
t6_assert_match '^rx_responses +[1-9]' "$(r6ctl R show stats)"

# -R: every kernel change, line-buffered
t6_assert_match "^[0-9:]{8}: ADD: ::/0 gw $ll_up%ne0 \[1\]$" \
    "$(cat "$T6_TMP/R/routelog")"

# SIGTERM: exit 0, routes out of the kernel, neighbours told at once
r6_stop R || t6_fail "route6d did not exit 0 on SIGTERM"
t6_assert_eq "" "$(r6_fib R)" "R's kernel routes after SIGTERM"
t6_wait 3 "UP drops 1000::/64 on R's farewell (not after 6 s)" \
    r6_fib_lacks UP "^2001:db8:0:1000::/64"
t6_assert_match "Terminated" "$(cat "$(t6_daemon_log R route6d)")"
[ -e "$(t6_path R route6d.pid)" ] && t6_fail "pid file left behind"
t6_pass
