#!/bin/bash
# route6d -b: a BFD session to each RIPng neighbour through bfdd; when it
# fails, the neighbour's routes leave the kernel within the detection
# time (not the RIPng timeout), its responses are ignored until BFD is
# Up again, and then its routes come back at once.  AdminDown (bfdd
# stopping on the other side) and bfdd absent change nothing.
# t6-timeout: 90
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/route6d.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
t6_init

# RIPng timeout 20 s: BFD must beat it by far
R6_TIMERS=1,20,4
t6_ns A; t6_ns B
t6_link A ne0 B ne0
# both advertise a prefix: a router with nothing to say sends no
# responses, and is no neighbour to the other
for n in A B; do
	nsx $n ip link add name stub type veth peer name stubp
	nsx $n ip link set stub up; nsx $n ip link set stubp up
done
t6_addr A stub 2001:db8:6::1/64
t6_addr B stub 2001:db8:7::1/64
t6_wait_dad A; t6_wait_dad B
ll_a=$(t6_lladdr A ne0)
ll_b=$(t6_lladdr B ne0)

for n in A B; do
	cat > "$(bfdd_conf $n)" <<CONF
interface "ne*" { interval 20ms; multiplier 3; };
CONF
	bfdd_start $n
	r6_start $n -B "$(t6_path $n bfdd.sock)"
done
t6_wait 15 "A learns B's prefix" r6_fib_has A "^2001:db8:7::/64 via $ll_b"
# each route6d asked for a session to the other, and it came up
bfdd_wait_state 10 A "$ll_b" Up
bfdd_wait_state 10 B "$ll_a" Up
t6_assert_match "route6d/nbr1" "$(bfdctl A show session "$ll_b" interface ne0)"
t6_wait 5 "route6ctl shows BFD Up" sh -c "'$T6_BIN/route6ctl' -s \
    '$(t6_path A route6d.sock)' show neighbors | grep -q '^$ll_b .* Up'"

# 1. BFD packets (only) from B are lost: A withdraws B's routes within
# the detection time (60 ms, plus a margin for a loaded machine), though
# RIPng still gets through, and keeps them out.
bfdd_nft_drop A
start=$(date +%s%N)
t6_wait 5 "A withdraws B's prefix" r6_fib_lacks A "2001:db8:7::"
took=$((($(date +%s%N) - start) / 1000000))
t6_log "routes withdrawn ${took} ms after the BFD path was cut"
[ "$took" -lt 2000 ] || t6_fail "withdrawal took ${took} ms"
t6_assert_match "neighbour $ll_b%ne0: BFD session down \(Control Detection Time Expired\): 1 route withdrawn" \
    "$(cat "$(t6_daemon_log A route6d)")"
t6_wait 5 "route6ctl shows the neighbour failed" sh -c "'$T6_BIN/route6ctl' \
    -s '$(t6_path A route6d.sock)' show neighbors | grep -q '^$ll_b .* failed'"
# B's updates keep coming (1 s period) and are ignored, counted
t6_wait 5 "A ignores B's responses" sh -c "'$T6_BIN/route6ctl' -s \
    '$(t6_path A route6d.sock)' show stats | awk '\$1 == \"drop_bfd-down\" && \$2 >= 2 { ok = 1 } END { exit !ok }'"
r6_fib_lacks A "2001:db8:7::" || t6_fail "B's route came back while BFD is down"

# 2. the path heals: BFD Up, A asks B and has the route at once (not at
# B's next update, 1 s away at most; allow for a loaded machine)
bfdd_nft_clear A
bfdd_wait_state 10 A "$ll_b" Up
t6_wait 5 "A has B's prefix again" r6_fib_has A "^2001:db8:7::/64 via $ll_b"
t6_assert_match "neighbour $ll_b%ne0: BFD session up again" \
    "$(cat "$(t6_daemon_log A route6d)")"

# 3. B's bfdd stops: AdminDown, not a failure; A keeps the route
bfdd_stop B
t6_wait 5 "A's route6d to hear the session go down" grep -q \
    "neighbour $ll_b%ne0: BFD Up -> Down" "$(t6_daemon_log A route6d)"
t6_wait_quiet 3 "A to keep B's route" r6_fib_lacks A "2001:db8:7::" &&
    t6_fail "A withdrew routes on AdminDown"
n=$(grep -c "BFD session down" "$(t6_daemon_log A route6d)")
t6_assert_eq 1 "$n" "failures logged"

# 4. A's bfdd goes away too: route6d carries on, and picks bfdd up again
bfdd_stop A
t6_wait 5 "A's route6d notices" grep -q "connection to bfdd lost" \
    "$(t6_daemon_log A route6d)"
r6_fib_has A "^2001:db8:7::/64 via $ll_b" || t6_fail "route lost with bfdd"
bfdd_start A
bfdd_start B
t6_wait 40 "sessions come back after the restarts" bfdd__is A "$ll_b" Up
t6_pass
