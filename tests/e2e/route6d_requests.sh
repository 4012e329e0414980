#!/bin/bash
# route6d answering requests (D12) and cutting updates into packets
# (D15): 100 static routes advertised with -S go out at most 72 RTEs a
# datagram on a 1500-byte link; a whole-table request is answered to the
# asker's port with split horizon, an off-link asker gets 1280-byte
# sizing (61 RTEs); a request for two prefixes gets exactly those two
# back, with the metric or 16 (not KAME's stale buffer, its K1); floods
# of requests are rate-limited.
# t6-timeout: 120
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/route6d.sh"
t6_init
t6_need tshark tcpdump /usr/bin/python3

t6_ns X host; t6_ns R; t6_ns Y host
t6_link X ne0 R ne0
t6_link R ne1 Y ne0 02:00:00:00:00:11 02:00:00:00:00:99
t6_addr X ne0 2001:db8:0:1::2/64
t6_addr R ne0 2001:db8:0:1::1/64
for r in X R Y; do t6_wait_dad "$r"; done
for i in $(seq 1 100); do
	printf 'route add 2001:db8:9:%x::/64 via fe80::ff:fe00:99 dev ne1 proto static\n' "$i"
done > "$T6_TMP/statics"
nsx R ip -6 -batch "$T6_TMP/statics" || t6_fail "static routes"
ll_r=$(t6_lladdr R ne0)
q() { nsx X /usr/bin/python3 "$T6_TOP/tests/lib/ripng.py" query "$@"; }

t6_capture R ne0 "$T6_TMP/ne0.pcap" "udp port 521"
r6_start R -S
t6_wait 10 "three regular updates" sh -c "[ \$(tshark -n -r '$T6_TMP/ne0.pcap' \
    -Y 'ipv6.src == $ll_r && ipv6.dst == ff02::9 && ripng.cmd == 2' \
    2>/dev/null | wc -l) -ge 6 ]"
t6_capture_stop "$T6_TMP/ne0.pcap"
t6_dissect_clean "$T6_TMP/ne0.pcap" 6
sizes=$(tshark -n -r "$T6_TMP/ne0.pcap" -Y "ipv6.src == $ll_r && ripng.cmd == 2" \
    -T fields -e udp.length 2>/dev/null | sort -un)
t6_assert_match '^1452$' "$sizes" "a full datagram: 8 + 4 + 72 * 20"
for s in $sizes; do
	[ "$s" -le 1452 ] || t6_fail "a RIPng datagram of $s bytes (UDP)"
done

# a whole-table request from a link-local address and port 5555
out=$(q "$ll_r%ne0" --sport 5555)
t6_assert_match '^packets 2 max_rtes 72$' "$out" "answer in 72-RTE datagrams"
t6_assert_eq 100 "$(printf '%s\n' "$out" | grep -c '^2001:db8:9:')" \
    "statics in the answer"
t6_assert_nomatch '^2001:db8:0:1::/64' "$out" "split horizon in the answer"
# the same from a global address: sized for 1280 bytes
out=$(q 2001:db8:0:1::1 --sport 5556)
t6_assert_match '^packets 2 max_rtes 61$' "$out" "off-link answer in 61-RTE datagrams"
# two specific prefixes: those two come back, nothing more
out=$(q "$ll_r%ne0" --prefix 2001:db8:9:1::/64 --prefix 2001:db8:dead::/48)
t6_assert_eq "2001:db8:9:1::/64 1 0x0000
2001:db8:dead::/48 16 0x0000
packets 1 max_rtes 2" "$out" "answer to a specific request"
# a flood of whole-table requests is cut short
pids=""
for i in $(seq 1 40); do q "$ll_r%ne0" --sport $((6000 + i)) --timeout 0.05 \
    >/dev/null & pids="$pids $!"; done
wait $pids
t6_wait 5 "rate-limited requests counted" sh -c "'$T6_BIN/route6ctl' -s \
    '$(t6_path R route6d.sock)' show stats | grep -Eq '^drop_rate-limited +[1-9]'"
t6_alive "${R6_PID[R]}" || t6_fail "route6d died"
t6_pass
