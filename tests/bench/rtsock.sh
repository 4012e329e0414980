#!/bin/bash
# Benchmark of common/rtsock's batched API against "ip -6 -batch": in a
# fresh network namespace, install and then delete the same 100,000 IPv6
# routes both ways and print routes/s and the ratio ours/iproute2 (goal:
# at least 0.9 for add and for delete).
#
#	tests/bench/rtsock.sh [--build DIR]		(needs root)
#
# Environment: RTSOCK_BENCH_N (routes, default 100000), RTSOCK_BENCH_ROUNDS
# (best of, default 3).  Exit status: 0 goal met, 1 not met or an error,
# 77 skipped.

set -u
set -o pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${T6_BUILD:-$TOP/build/cc}
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift 2 ;;
	--build=*) BUILD=${1#--build=}; shift ;;
	*) echo "usage: $0 [--build DIR]" >&2; exit 2 ;;
	esac
done
N=${RTSOCK_BENCH_N:-100000}
ROUNDS=${RTSOCK_BENCH_ROUNDS:-3}
GOAL=0.9
BENCH=$BUILD/tests/bench/rtsock_bench

fail() {
	echo "FAIL: $*"
	exit 1
}

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (network namespaces)"; exit 77; }
command -v ip >/dev/null || { echo "SKIP: iproute2 is not installed"; exit 77; }
if [ ! -x "$BENCH" ]; then
	make -s -C "$TOP/tests/bench" BUILD="$BUILD" >/dev/null ||
	    fail "cannot build $BENCH"
fi

NS=t6bench-rtsock-$$
TMP=$(mktemp -d "${TMPDIR:-/tmp}/t6bench.XXXXXX") || fail "mktemp"
cleanup() {
	ip netns del "$NS" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

nsx() {
	ip netns exec "$NS" "$@"
}

ip netns add "$NS" || fail "ip netns add $NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add name ne0 type veth peer name ne1 || fail "veth"
ip -n "$NS" link set ne0 up
ip -n "$NS" link set ne1 up

# The very same routes for iproute2, as batch files.
nsx "$BENCH" -n "$N" -f "$TMP/routes" ne0 || fail "writing batch files"

now_ns() {
	date +%s%N
}

seconds() {
	awk -v t="$1" 'BEGIN { print t / 1e9 }'
}

rip_routes() {
	ip -n "$NS" -6 route show proto rip | wc -l
}

# Best (shortest) time of each phase, in seconds.
ours_add="" ours_del="" ip_add="" ip_del=""
min() {
	awk -v a="$1" -v b="$2" \
	    'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'
}

for round in $(seq "$ROUNDS"); do
	out=$(nsx "$BENCH" -n "$N" ne0 2>&1) || fail "rtsock_bench: $out"
	a=$(printf '%s\n' "$out" | sed -n 's/^add_s=//p')
	d=$(printf '%s\n' "$out" | sed -n 's/^del_s=//p')
	[ -n "$a" ] && [ -n "$d" ] || fail "rtsock_bench said: $out"
	ours_add=$(min "$ours_add" "$a")
	ours_del=$(min "$ours_del" "$d")

	t0=$(now_ns)
	ip -n "$NS" -6 -batch "$TMP/routes.add" || fail "ip -batch add"
	t1=$(now_ns)
	n=$(rip_routes)
	[ "$n" -eq "$N" ] || fail "ip -batch installed $n routes, not $N"
	t2=$(now_ns)
	ip -n "$NS" -6 -batch "$TMP/routes.del" || fail "ip -batch del"
	t3=$(now_ns)
	n=$(rip_routes)
	[ "$n" -eq 0 ] || fail "$n routes left after ip -batch del"
	ip_add=$(min "$ip_add" "$(seconds $((t1 - t0)))")
	ip_del=$(min "$ip_del" "$(seconds $((t3 - t2)))")
	echo "# round $round: ours add ${a}s del ${d}s;" \
	    "ip add $(((t1 - t0) / 1000000))ms del $(((t3 - t2) / 1000000))ms"
done

awk -v n="$N" -v rounds="$ROUNDS" -v goal="$GOAL" \
    -v oa="$ours_add" -v od="$ours_del" -v ia="$ip_add" -v id="$ip_del" '
BEGIN {
	ra = (n / oa) / (n / ia)
	rd = (n / od) / (n / id)
	printf "rtsock: %d IPv6 routes via fe80::1 dev ne0, " \
	    "best of %d rounds\n", n, rounds
	printf "  %-22s %14s %14s\n", "", "add routes/s", "del routes/s"
	printf "  %-22s %14.0f %14.0f\n", "rtsock batch (ours)", n / oa, n / od
	printf "  %-22s %14.0f %14.0f\n", "ip -6 -batch", n / ia, n / id
	printf "  %-22s %14.2f %14.2f\n", "ratio ours/iproute2", ra, rd
	met = (ra >= goal && rd >= goal)
	printf "goal: ours/iproute2 >= %.1f for add and delete: %s\n", goal,
	    met ? "met" : "NOT met"
	exit met ? 0 : 1
}'
