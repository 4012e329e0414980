#!/bin/bash
# dhcp6c: time to an address at boot, beside WIDE-DHCPv6's dhcp6c.
#
# Each run makes a fresh client-server link with DAD on (as at boot: the
# client's link-local is tentative for about 2 s), starts Kea on the
# server side, waits for the server's link-local, then starts the client
# and measures the time until the leased address is on the client's
# interface and usable (not tentative).  DHCP6C_BENCH_RUNS runs (default
# 5) for each client; the median and the worst are printed.  Both are
# bound by the same protocol delays (link-local DAD, the 0-1 s random
# delay, the first Solicit's RT of 1-1.1 s, DAD of the leased address),
# so the goal is a median within 10% of WIDE's, which sends before its
# link-local is usable and relies on its retransmissions.
#	tests/bench/dhcp6c.sh [--build DIR]
BUILD=
[ "${1:-}" = --build ] && BUILD=$2
: "${T6_BUILD:=${BUILD:-$(cd "$(dirname "$0")/../.." && pwd)/build/cc}}"
export T6_BUILD
. "$(dirname "$0")/../lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
t6_init
kea_need
t6_need /usr/sbin/dhcp6c unshare
RUNS=${DHCP6C_BENCH_RUNS:-5}
res=$(t6_path X results)

ms_since() {
	echo $(( ($(date +%s%N) - $1) / 1000000 ))
}

one_run() {	# impl run
	local impl=$1 i=$2 t0 c s
	c=C$impl$i
	s=S$impl$i
	t6_ns "$c" host
	t6_ns "$s" host
	t6_link "$c" eth0 "$s" eth0
	t6_addr "$s" eth0 2001:db8:ffff::fe/64 nodad
	t6_wait_dad "$s"
	kea_start "$s" '[{"subnet": "2001:db8:ffff::/64", "interface": "eth0",
	  "pools": [{"pool": "2001:db8:ffff::100-2001:db8:ffff::1ff"}]}]'
	# the client's link-local is still tentative here (DAD on)
	t0=$(date +%s%N)
	if [ "$impl" = ours ]; then
		d6c_start "$c" "interface eth0 { send ia-na 1; }; id-assoc na 1 { };" eth0
	else
		printf 'interface eth0 { send ia-na 1; };\nid-assoc na 1 { };\n' \
		    > "$T6_TMP/$c/wide.conf"
		wide_run "$c" wide /usr/sbin/dhcp6c -f -c "$T6_TMP/$c/wide.conf" \
		    -p "$T6_TMP/$c/wide.pid" eth0
	fi
	if t6_wait_quiet 60 d6c_has_addr "$c" eth0 2001:db8:ffff::100; then
		echo "$impl $(ms_since "$t0")" >> "$res"
	else
		echo "$impl timeout" >> "$res"
	fi
	kill "$T6_PID" 2>/dev/null
}

for i in $(seq "$RUNS"); do
	one_run ours "$i"
	one_run wide "$i"
done
awk '
$2 == "timeout" { to[$1]++; next }
{ v[$1, ++n[$1]] = $2 }
END {
	for (impl in n) {
		m = n[impl]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
			if (v[impl, j] < v[impl, i]) { t = v[impl, i]; v[impl, i] = v[impl, j]; v[impl, j] = t }
		med[impl] = v[impl, int((m + 1) / 2)]
		printf "%-5s address after: median %d ms, worst %d ms, %d runs, %d timeouts\n",
		    impl, med[impl], v[impl, m], m, to[impl]
	}
	for (impl in to) if (!(impl in n)) printf "%-5s no address in any run\n", impl
	if (("ours" in med) && ("wide" in med))
		printf "goal: median within 10%% of WIDE dhcp6c: %s (ratio %.2f)\n",
		    med["ours"] <= med["wide"] * 1.1 ? "PASS" : "MISS", med["ours"] / med["wide"]
}' "$res"
t6_pass
