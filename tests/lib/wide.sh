# Running WIDE-DHCPv6's programs in tests (source after t6.sh).
#
#	wide_run NAME TAG PROGRAM ARGS...	in the foreground (t6_daemon)
#	wide_duid NAME HEX [TAG]		seed the dhcp6c DUID file of
#						the one run as TAG (dhcp6c)
#
# They keep their DUIDs in /var/lib/dhcpv6, which every namespace
# shares: each runs in a mount namespace of its own, with the folder
# $T6_TMP/NAME/wide-TAG bound over that directory, so the system's
# files are never read or written.

wide_run() {
	local n=$1 tag=$2 dir
	shift 2
	dir=$(t6_path "$n" "wide-$tag")
	mkdir -p "$dir"
	t6_daemon "$n" "$tag" unshare -m sh -c \
	    'mount --bind "$0" /var/lib/dhcpv6 && exec "$@"' "$dir" "$@"
}

# WIDE's DUID file: a 2-byte length in host byte order, then the DUID.
wide_duid() {
	local dir hex=$2
	dir=$(t6_path "$1" "wide-${3:-dhcp6c}")
	mkdir -p "$dir"
	python3 -c 'import struct,sys; d = bytes.fromhex(sys.argv[1]); sys.stdout.buffer.write(struct.pack("=H", len(d)) + d)' \
	    "$hex" > "$dir/dhcp6c_duid"
}
