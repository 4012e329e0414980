#!/bin/bash
# A test that the harness self-test runs in a child, to prove teardown:
# it builds namespaces, links, a bridge, daemons and a capture, records
# what it made in $1, then ends as $2 says (pass, fail, skip, term, noend,
# error, or sanitizer: passes after a daemon, started again under its
# tag, left a sanitizer report in its first run's log).
. "$T6_TOP/tests/lib/t6.sh"
out=$1 mode=$2
t6_init
t6_ns a; t6_ns b; t6_switch sw; t6_ns c
t6_link a e0 b e0
t6_port sw a e1; t6_port sw c e1
t6_daemon a sleeper sleep 1000
p1=$T6_PID
t6_daemon b sleeper sleep 1000
p2=$T6_PID
# a process the harness did not start itself, only its namespace knows it
nsx c sh -c 'sleep 1000 >/dev/null 2>&1 & echo $!' > "$T6_TMP/bg.pid"
t6_capture a e0 "$T6_TMP/cap.pcap"
cap=$(pgrep -n tcpdump)
{
	echo "run=$T6_RUN"
	echo "tmp=$T6_TMP"
	echo "pids=$p1 $p2 $(cat "$T6_TMP/bg.pid") $cap"
} > "$out"
case $mode in
pass)	t6_pass ;;
fail)	t6_fail "deliberate failure" ;;
skip)	t6_skip "deliberate skip" ;;
term)	# waits for the signal in a child of its own, which teardown ends
	sleep 1000 &
	t6_on_exit "kill $!"
	echo "pids=$!" >> "$out"
	echo ready >> "$out"
	wait ;;
noend)	exit 0 ;;
error)	false || exit 3 ;;
sanitizer)
	t6_daemon a reporter sh -c 'echo "ERROR: LeakSanitizer: detected memory leaks"'
	t6_wait 5 "the first run to end" t6__gone "$T6_PID"
	t6_daemon a reporter sh -c 'echo second run; exec sleep 1000'
	t6_wait 5 "the second run's output" grep -q "second run" \
	    "$(t6_daemon_log a reporter)"
	t6_assert_eq 1 "$(grep -c . "$(t6_daemon_log a reporter)")" \
	    "lines in the second run's log"
	t6_pass ;;
esac
