# Helpers for dhcp6c tests: our client, Kea and WIDE-DHCPv6's dhcp6s as
# servers, each with per-namespace paths under $T6_TMP/NAME; source after
# t6.sh.
# shellcheck source=wide.sh
. "$T6_TOP/tests/lib/wide.sh"
#
#	d6c_lab				# C (client) - S (server), link eth0
#	d6c_book_duid C			# pre-seed the book's DUID
#	kea_start S "$subnet_json"	# kea-dhcp6 on S:eth0
#	wide_start S "$dhcp6s_conf"	# dhcp6s -f on S:eth0
#	d6c_start C "$conf" [flags] eth0	# dhcp6c -f -d in C
#
# WIDE's dhcp6s keeps its DUID at a fixed path, /var/lib/dhcpv6/
# dhcp6s_duid: it runs through wide_run (tests/lib/wide.sh).

D6C_BOOK_DUID="00:01:00:01:09:5f:93:76:00:03:47:a5:30:85"

# Client C and server S on one link (C:eth0 - S:eth0), DAD left on: the
# client must wait for its link-local by itself.
d6c_lab() {
	t6_ns C host
	t6_ns S host
	t6_link C eth0 S eth0
	t6_addr S eth0 2001:db8:ffff::fe/64 nodad
	# the servers are not under test: let their link-local settle
	t6_wait_dad S
}

# d6c_book_duid NAME: the DUID file of NAME's client holds the book's
# DUID (native-endian length 14, then the bytes).
d6c_book_duid() {
	python3 -c '
import struct, sys
d = bytes.fromhex(sys.argv[2].replace(":", ""))
open(sys.argv[1], "wb").write(struct.pack("=H", len(d)) + d)
' "$(t6_path "$1" duid)" "$D6C_BOOK_DUID"
}

# d6c_start NAME CONFTEXT [dhcp6c arguments...]: write NAME's
# dhcp6c.conf and run dhcp6c -f -D with NAME's pid, DUID and lease files.
# Sets D6C_PID.
d6c_start() {
	local n=$1 conf
	conf=$(t6_path "$n" dhcp6c.conf)
	printf '%s\n' "$2" > "$conf"
	shift 2
	t6_daemon "$n" dhcp6c "$T6_BIN/dhcp6c" -f -D -c "$conf" \
	    -p "$(t6_path "$n" dhcp6c.pid)" -u "$(t6_path "$n" duid)" \
	    -l "$(t6_path "$n" leases)" "$@"
	D6C_PID=$T6_PID
}

d6c_log() {
	cat "$(t6_daemon_log "$1" dhcp6c)"
}

# Does NAME's IF hold ADDR (a global, not tentative)?
d6c_has_addr() {
	nsx "$1" ip -6 -o addr show dev "$2" | grep " $3/" |
	    grep -qv tentative
}

d6c_no_addr() {
	! nsx "$1" ip -6 -o addr show dev "$2" | grep -q " $3/"
}

# The valid lifetime (seconds) of ADDR on NAME's IF.
d6c_valid_lft() {
	nsx "$1" ip -6 -o addr show dev "$2" | grep " $3/" |
	    sed -n 's/.*valid_lft \([0-9]*\)sec.*/\1/p'
}

# Messages of type NAME (solicit, request, ...) in a capture.
d6c_count() {
	tshark -n -r "$1" -Y "dhcpv6.msgtype == $2" 2>/dev/null | wc -l
}

kea_need() {
	t6_need kea-dhcp6
}

# kea_start NAME SUBNETS-JSON [GLOBALS-JSON]: kea-dhcp6 on NAME:eth0,
# memfile leases in NAME's folder; returns once it listens on 547.
kea_start() {
	local n=$1 conf leases
	conf=$(t6_path "$n" kea.json)
	leases=$(t6_path "$n" leases6.csv)
	cat > "$conf" <<CONF
{"Dhcp6": {
 "interfaces-config": {"interfaces": ["eth0"]},
 "lease-database": {"type": "memfile", "persist": true,
   "name": "$leases", "lfc-interval": 0},
 "server-id": {"type": "LL", "persist": false},
 ${3:-}
 "subnet6": $2,
 "loggers": [{"name": "kea-dhcp6", "output_options":
   [{"output": "stdout"}], "severity": "INFO"}]
}}
CONF
	t6_daemon "$n" kea env KEA_PIDFILE_DIR="$T6_TMP/$n" \
	    KEA_LOCKFILE_DIR="$T6_TMP/$n" kea-dhcp6 -c "$conf"
	t6_wait 15 "kea-dhcp6 in $n to listen" kea__listening "$n"
}

kea__listening() {
	nsx "$1" ss -Hlun 'sport = :547' | grep -q .
}

# kea_lease NAME ADDR: Kea's last memfile line for ADDR.
kea_lease() {
	grep "^$2," "$T6_TMP/$1/leases6.csv" | tail -1
}

wide_need() {
	t6_need /usr/sbin/dhcp6s unshare
}

# wide_start NAME CONFTEXT: WIDE's dhcp6s -f on NAME:eth0 with its own
# /var/lib/dhcpv6; returns once it listens on 547.
wide_start() {
	local n=$1 conf
	conf=$(t6_path "$n" dhcp6s.conf)
	printf '%s\n' "$2" > "$conf"
	wide_run "$n" dhcp6s /usr/sbin/dhcp6s -f -D -c "$conf" \
	    -P "$T6_TMP/$n/dhcp6s.pid" eth0
	t6_wait 15 "dhcp6s in $n to listen" kea__listening "$n"
}
