#!/bin/bash
# The harness's own test: links, bridges, daemons, waits and captures
# work, and teardown leaves no namespace, process or file behind however
# a test ends (pass, fail, skip, error, killed by SIGTERM), and fails a
# test whose daemon's earlier run (the same tag, started again) left a
# sanitizer report.
# t6-timeout: 180
# t6-exclusive: it counts every namespace on the machine, before and after
. "$T6_TOP/tests/lib/t6.sh"
t6_init
t6_need tshark tcpdump ping

# --- the building blocks
t6_ns h1 host; t6_ns h2 host; t6_ns h3 host; t6_switch sw
t6_link h1 e0 h2 e0 02:00:00:00:00:01 02:00:00:00:00:02
t6_addr h1 e0 2001:db8:1::1/64
t6_addr h2 e0 2001:db8:1::2/64
t6_port sw h1 lan; t6_port sw h2 lan; t6_port sw h3 lan
t6_wait_dad h1; t6_wait_dad h2; t6_wait_dad h3
t6_assert_eq fe80::ff:fe00:1 "$(t6_lladdr h1 e0)" "EUI-64 link-local from MAC"
t6_capture h2 e0 "$T6_TMP/icmp.pcap" icmp6
t6_wait 10 "ping over the veth" nsx h1 ping -6 -c1 -W1 2001:db8:1::2
# all three hosts on the bridge answer a ping to all-nodes
t6_wait 10 "h2 and h3 answer on the bridge" sh -c \
    "ip netns exec $(t6_nsname h1) ping -6 -c2 -i0.2 -W1 ff02::1%lan |
    grep -c 'bytes from' | awk '{ exit !(\$1 >= 2) }'"
t6_capture_stop "$T6_TMP/icmp.pcap"
t6_dissect_clean "$T6_TMP/icmp.pcap" 2
t6_assert_match "Echo \(ping\) request" "$(t6_dissect "$T6_TMP/icmp.pcap")" \
    "tshark shows the echo request"
# and a malformed packet (a BFD header cut short) must be caught
/usr/bin/python3 - "$T6_TMP/bad.pcap" <<'PY' || t6_fail "scapy"
import sys
from scapy.all import Ether, IPv6, UDP, Raw, wrpcap
wrpcap(sys.argv[1], [Ether() / IPv6(src="fe80::1", dst="fe80::2") /
    UDP(sport=49152, dport=3784) / Raw(b"\x20\xc0\x03\x18")])
PY
out=$( (t6_dissect_clean "$T6_TMP/bad.pcap") 2>&1 ) && rc=0 || rc=$?
t6_assert_eq 1 "$rc" "t6_dissect_clean on a malformed capture"
t6_assert_match "Malformed" "$out"

# daemons: output goes to their log, t6_stop ends them
t6_daemon h1 talker sh -c 'ip link show e0 >/dev/null && echo inside h1; exec sleep 1000'
pid=$T6_PID
t6_wait 5 "daemon output" grep -q "inside h1" "$(t6_daemon_log h1 talker)"
t6_alive "$pid" || t6_fail "daemon is not running"
t6_stop "$pid"
t6_alive "$pid" && t6_fail "t6_stop left the daemon running"

# t6_wait must fail (exit 1, with the description) when the time is up
out=$( (t6_wait 1 "something that never happens" false) 2>&1 ) && rc=0 || rc=$?
t6_assert_eq 1 "$rc" "t6_wait past its limit fails"
t6_assert_match "timed out after 1s waiting for: something that never happens" "$out"
t6_wait_quiet 1 false && t6_fail "t6_wait_quiet returned success on false"

# --- teardown, however a test ends
child="$T6_TOP/tests/lib/selftest-child.sh"
for mode in pass fail skip noend error term sanitizer; do
	rec="$T6_TMP/child-$mode"
	before=$(ip netns list | wc -l)
	if [ "$mode" = term ]; then
		bash "$child" "$rec" term >"$rec.out" 2>&1 &
		cpid=$!
		t6_wait 20 "child ready to be killed" grep -q ready "$rec"
		kill -TERM "$cpid"
		wait "$cpid" && rc=0 || rc=$?
	else
		bash "$child" "$rec" "$mode" >"$rec.out" 2>&1 && rc=0 || rc=$?
	fi
	case $mode in
	pass) want=0 ;; fail) want=1 ;; skip) want=77 ;; noend) want=1 ;;
	error) want=3 ;; term) want=143 ;; sanitizer) want=1 ;;
	esac
	t6_assert_eq "$want" "$rc" "exit status of a child that ends by $mode"
	run=$(sed -n 's/^run=//p' "$rec")
	tmp=$(sed -n 's/^tmp=//p' "$rec")
	pids=$(sed -n 's/^pids=//p' "$rec")
	[ -n "$run" ] || t6_fail "child ($mode) recorded no run id"
	left=$(ip netns list | grep -c "^t6$run-" || true)
	t6_assert_eq 0 "$left" "namespaces left by a child that ends by $mode"
	t6_assert_eq "$before" "$(ip netns list | wc -l)" \
	    "namespace count before and after ($mode)"
	for p in $pids; do
		t6_alive "$p" && t6_fail "process $p survived a child that ends by $mode"
	done
	[ -e "$tmp" ] && t6_fail "$tmp survived a child that ends by $mode"
	case $mode in
	fail) t6_assert_match "FAIL: deliberate failure" "$(cat "$rec.out")" ;;
	noend) t6_assert_match "ended without t6_pass" "$(cat "$rec.out")" ;;
	skip) t6_assert_match "SKIP: deliberate skip" "$(cat "$rec.out")" ;;
	sanitizer)
		t6_assert_match "FAIL: sanitizer report from a/reporter" \
		    "$(cat "$rec.out")"
		t6_assert_match "a/reporter.log.1:" "$(cat "$rec.out")" ;;
	esac
done
t6_pass
