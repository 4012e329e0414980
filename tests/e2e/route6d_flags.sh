#!/bin/bash
# route6d's flags, each on the line X - R - Y (the spec's derived
# scenarios): -N (D1), -T with -t (D2), tags kept end to end (D3), -c
# interface cost, -q (D4), -n (D5), -h (D6), -s and -S with a next-hop
# RTE (D7), -a (D8).
# t6-timeout: 240
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/route6d.sh"
t6_init
t6_need tshark tcpdump

t6_ns X; t6_ns R; t6_ns Y
t6_link X ne0 R ne0
t6_link R ne1 Y ne0 02:00:00:00:00:11 02:00:00:00:00:99
for r in X Y; do
	nsx "$r" ip link add name stub type veth peer name stubp
	nsx "$r" ip link set stub up; nsx "$r" ip link set stubp up
done
t6_addr X stub 2001:db8:aaaa::1/64
t6_addr Y stub 2001:db8:bbbb::1/64
for r in X R Y; do t6_wait_dad "$r"; done
ll_r0=$(t6_lladdr R ne0)
ll_r1=$(t6_lladdr R ne1)
ll_y=$(t6_lladdr Y ne0)
igmp_has() { grep -q "$2 *ff020000000000000000000000000009" \
    <(nsx "$1" cat /proc/net/igmp6); }

r6_start X
r6_start Y -t 0x00ff

# D3 and -c: Y's tag travels through R unchanged; R adds its cost 3
r6_start R -c 3,ne1
t6_wait 15 "X learns Y's prefix through R" \
    r6_fib_has X "^2001:db8:bbbb::/64 via $ll_r0"
t6_assert_match '^2001:db8:bbbb::/64 +5 ' "$(r6ctl R show routes)" \
    "metric 1 + 1 + cost 3"
t6_assert_match '^2001:db8:bbbb::/64 +6 ' "$(r6ctl X show routes)" \
    "X stores R's 5 + 1"
t6_assert_match 'prefix=2001:db8:bbbb::/64 .*tag=0x00ff' \
    "$(printf '210-' ; r6ctl X -j show routes | tr -d '\n ' |
    sed 's/},{/}\n{/g' | grep bbbb | sed 's/"prefix":"\([^"]*\)".*"tag":"\([^"]*\)".*/prefix=\1 tag=\2/')"
t6_assert_match 'tag\(0x00ff\)' "$(r6_dump R | grep bbbb)" "R's dump shows the tag"
r6_stop R

# D1 -N ne1: silent there, deaf there, still a member of ff02::9
t6_capture R ne1 "$T6_TMP/n.pcap" "udp port 521"
r6_start R -N ne1
t6_wait 10 "R joins ff02::9 on ne1" igmp_has R ne1
t6_wait_quiet 3 r6_fib_has R "2001:db8:bbbb::" &&
    t6_fail "R learned from ne1 despite -N"
t6_capture_stop "$T6_TMP/n.pcap"
t6_assert_eq 0 "$(tshark -n -r "$T6_TMP/n.pcap" -Y "ipv6.src == $ll_r1" 2>/dev/null | wc -l)" \
    "packets from R on a -N interface"
dump=$(r6_dump R)
t6_assert_match '^  non-advertising interfaces:' "$dump"
t6_assert_match '^		No-use$' "$dump"
t6_assert_match '^ne1 +[0-9]+ +no-use ' "$(r6ctl R show interfaces)"
r6_stop R

# D2 -T ne1 -t 0x1234: one RTE, ::/0 metric 1, tag 0x1234, though R has
# no default at all
t6_capture R ne1 "$T6_TMP/t.pcap" "udp port 521"
r6_start R -T ne1 -t 0x1234
t6_wait 15 "Y learns a default from R" r6_fib_has Y "^default via $ll_r1"
t6_wait 10 "two updates from R" sh -c "[ \$(tshark -n -r '$T6_TMP/t.pcap' \
    -Y 'ipv6.src == $ll_r1 && ripng.cmd == 2' 2>/dev/null | wc -l) -ge 2 ]"
t6_capture_stop "$T6_TMP/t.pcap"
t6_dissect_clean "$T6_TMP/t.pcap" 2
rtes=$(tshark -n -r "$T6_TMP/t.pcap" -Y "ipv6.src == $ll_r1 && ripng.cmd == 2" \
    -T fields -e ripng.rte.ipv6_prefix -e ripng.rte.prefix_length \
    -e ripng.rte.metric -e ripng.rte.route_tag 2>/dev/null | sort -u)
t6_assert_eq "::	0	1	0x1234" "$rtes" "R's RTEs with -T"
r6_stop R

# D4 -q: learns and installs, sends no response (requests still go)
t6_capture R ne0 "$T6_TMP/q.pcap" "udp port 521"
r6_start R -q
t6_wait 15 "R -q learns Y's prefix" r6_fib_has R "^2001:db8:bbbb::/64 via $ll_y"
t6_wait 15 "R -q learns X's prefix" r6_fib_has R "^2001:db8:aaaa::/64"
t6_capture_stop "$T6_TMP/q.pcap"
t6_assert_eq 0 "$(tshark -n -r "$T6_TMP/q.pcap" -Y "ipv6.src == $ll_r0 && ripng.cmd == 2" 2>/dev/null | wc -l)" \
    "responses sent by R -q"
t6_assert_match '[1-9]' "$(tshark -n -r "$T6_TMP/q.pcap" -Y "ipv6.src == $ll_r0 && ripng.cmd == 1" 2>/dev/null | wc -l)" \
    "requests sent by R -q"
r6_stop R

# D5 -n: the RIB fills, the kernel is not touched, -R still tells
r6_start R -n -R "$T6_TMP/R/n.log"
t6_wait 15 "R -n hears Y's prefix" sh -c \
    "'$T6_BIN/route6ctl' -s '$(t6_path R route6d.sock)' show routes | grep -Eq '^2001:db8:bbbb::/64'"
t6_assert_eq "" "$(r6_fib R)" "kernel routes with -n"
t6_assert_match 'ADD: 2001:db8:bbbb::/64 gw' "$(cat "$T6_TMP/R/n.log")"
r6_stop R

# D6 -h: routes learned on ne1 go back out on ne1
t6_capture R ne1 "$T6_TMP/h.pcap" "udp port 521"
r6_start R -h
t6_wait 15 "R learns Y's prefix" r6_fib_has R "^2001:db8:bbbb::/64"
t6_wait 10 "R re-advertises it on ne1" sh -c "tshark -n -r '$T6_TMP/h.pcap' \
    -Y 'ipv6.src == $ll_r1 && ripng.rte.ipv6_prefix == 2001:db8:bbbb::' \
    2>/dev/null | grep -q ."
t6_capture_stop "$T6_TMP/h.pcap"
r6_stop R

# D7: a static route through Y's link-local, and a reject route
nsx R ip -6 route add 2001:db8:9::/64 via "$ll_y" dev ne1 proto static
nsx R ip -6 route add unreachable 2001:db8:8::/64 proto static
r6_start R
t6_wait_quiet 3 r6_fib_has X "2001:db8:9::" &&
    t6_fail "a static route was advertised without -s/-S"
r6_stop R
r6_start R -s
t6_wait 15 "X learns the static with -s" r6_fib_has X "^2001:db8:9::/64 via $ll_r0"
t6_wait_quiet 2 r6_fib_has Y "2001:db8:9::" &&
    t6_fail "-s advertised the static on its own interface"
r6_stop R
t6_capture R ne1 "$T6_TMP/s.pcap" "udp port 521"
r6_start R -S
t6_wait 15 "Y hears the static with -S" sh -c "tshark -n -r '$T6_TMP/s.pcap' \
    -Y 'ipv6.src == $ll_r1 && ripng.rte.ipv6_prefix == 2001:db8:9::' \
    2>/dev/null | grep -q ."
t6_capture_stop "$T6_TMP/s.pcap"
t6_dissect_clean "$T6_TMP/s.pcap"
seq=$(r6_rtes "$T6_TMP/s.pcap" | grep -B1 '^2001:db8:9::/64=1$' | head -2)
t6_assert_eq "$ll_y/0=255
2001:db8:9::/64=1" "$seq" "a next-hop RTE for Y precedes the static"
t6_assert_nomatch '2001:db8:8::' "$(r6_rtes "$T6_TMP/s.pcap")" \
    "the reject static is never advertised"
# Y takes the next hop literally: a route to itself is not installed,
# X gets it through R
t6_wait 10 "X learns the static with -S" r6_fib_has X "^2001:db8:9::/64 via $ll_r0"
r6_stop R

# D8 -a: the static ages: metric 16 at the timeout, gone after the GC;
# the kernel route is the administrator's and stays
r6_start R -a -s
t6_wait 10 "R has the static" sh -c "'$T6_BIN/route6ctl' -s \
    '$(t6_path R route6d.sock)' show routes | grep -Eq '^2001:db8:9::/64 +1 +static'"
t6_wait 10 "the static ages to 16" sh -c "'$T6_BIN/route6ctl' -s \
    '$(t6_path R route6d.sock)' show routes | grep -Eq '^2001:db8:9::/64 +16 '"
t6_wait 10 "the static leaves the RIB" sh -c "! '$T6_BIN/route6ctl' -s \
    '$(t6_path R route6d.sock)' show routes | grep -Eq '^2001:db8:9::/64'"
t6_assert_match "2001:db8:9::/64 via $ll_y dev ne1 proto static" \
    "$(nsx R ip -6 route show 2001:db8:9::/64)" "the kernel static stays"
t6_pass
