# Helpers for dhcp6s tests (source after t6.sh).
#
#	d6s_lab [MAC]			namespaces srv and cli, a link srv0 -
#					cli0 (cli0's MAC given), DAD done
#	d6s_conf NAME			the path of NAME's dhcp6s.conf
#	d6s_start NAME IF... 		dhcp6s -f -D with per-namespace paths
#	d6s_dump NAME			SIGUSR1, then print the dump
#	wide_dhcp6c NAME CONF IF...	WIDE's dhcp6c, its DUID file private
#
# WIDE's programs keep their DUID in /var/lib/dhcpv6, which every
# namespace shares (and which need not exist): they run in a mount
# namespace of their own with a per-test directory bound over /var/lib,
# so no system file is read or touched.

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
	    -u "$(t6_path "$n" duid)" -o "$(t6_path "$n" dump)" "$@"
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
# debugging on (-D); its DUID file is $T6_TMP/NAME/wide/dhcpv6/.
wide_dhcp6c() {
	local n=$1 conf=$2 dir
	shift 2
	dir=$(t6_path "$n" wide)
	mkdir -p "$dir/dhcpv6"
	t6_daemon "$n" dhcp6c unshare -m sh -c \
	    'mount --bind "$0" /var/lib && exec "$@"' "$dir" \
	    /usr/sbin/dhcp6c -f -D -c "$conf" -p "$(t6_path "$n" dhcp6c.pid)" \
	    "$@"
	WIDE_PID=$T6_PID
}

# wide_duid NAME HEX: seed WIDE's client DUID file (host-order length).
wide_duid() {
	local dir hex=$2 len
	dir=$(t6_path "$1" wide)/dhcpv6
	mkdir -p "$dir"
	len=$(( ${#hex} / 2 ))
	python3 -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("=H", int(sys.argv[1])) + bytes.fromhex(sys.argv[2]))' \
	    "$len" "$hex" > "$dir/dhcp6c_duid"
}
