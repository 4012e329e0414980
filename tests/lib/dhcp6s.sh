# Helpers for dhcp6s tests (source after t6.sh).
# shellcheck source=wide.sh
. "$T6_TOP/tests/lib/wide.sh"
#
#	d6s_lab [MAC]			namespaces srv and cli, a link srv0 -
#					cli0 (cli0's MAC given), DAD done
#	d6s_conf NAME			the path of NAME's dhcp6s.conf
#	d6s_start NAME IF... 		dhcp6s -f -D with per-namespace paths
#	d6s_dump NAME			SIGUSR1, then print the dump
#	wide_dhcp6c NAME CONF IF...	WIDE's dhcp6c, its DUID file private
#	wide_duid NAME HEX		(tests/lib/wide.sh) seed its DUID

d6s_lab() {
	t6_ns srv
	t6_ns cli host
	t6_link srv srv0 cli cli0 "" "${1:-}"
	t6_wait_dad srv
	t6_wait_dad cli
}

d6s_conf() {
	t6_path "$1" dhcp6s.conf
}

d6s_start() {
	local n=$1
	shift
	# a restart: the last run's "started on" must not count
	rm -f "$(t6_daemon_log "$n" dhcp6s)"
	t6_daemon "$n" dhcp6s "$T6_BIN/dhcp6s" -f -D -c "$(d6s_conf "$n")" \
	    -P "$(t6_path "$n" dhcp6s.pid)" -l "$(t6_path "$n" leases)" \
	    -u "$(t6_path "$n" duid)" -o "$(t6_path "$n" dump)" \
	    -s "$(t6_path "$n" status.sock)" "$@"
	D6S_PID=$T6_PID
	t6_wait 10 "dhcp6s in $n to start" grep -q "started on" \
	    "$(t6_daemon_log "$n" dhcp6s)"
}

d6s_dump() {
	local dump
	dump=$(t6_path "$1" dump)
	rm -f "$dump"
	kill -USR1 "${2:-$D6S_PID}"
	t6_wait 5 "dump of dhcp6s in $1" test -s "$dump"
	cat "$dump"
}

d6s_log() {
	t6_daemon_log "$1" dhcp6s
}

# wide_dhcp6c NAME CONF IF...: WIDE's client in the foreground (-f),
# debugging on (-D), its DUID file private (tests/lib/wide.sh).
wide_dhcp6c() {
	local n=$1 conf=$2
	shift 2
	wide_run "$n" dhcp6c /usr/sbin/dhcp6c -f -D -c "$conf" \
	    -p "$(t6_path "$n" dhcp6c.pid)" "$@"
	WIDE_PID=$T6_PID
}
