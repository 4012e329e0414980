#!/bin/bash
# authentication-transition (RFC 5880 6.7.1; spec 3.8 item 42): two
# sessions between A and B, keyed-md5 on both ends.  A's configuration
# changes to meticulous-keyed-sha1, with the transition on the first
# session only.  On the first, A goes on accepting B's keyed-md5 packets
# (counted in `show sessions all`, no authentication failure) while it
# sends SHA1; on the second, A refuses them at once (authmismatch
# failures rise).  B, strict, refuses A's new packets either way and
# times out; once B has the new authentication too, both come Up.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init

bfdt_t1
t6_addr A a0 2001:db8:1::a2/64 nodad
t6_addr B b0 2001:db8:1::b2/64 nodad
# conf SIDE AUTH [TRANSITION]: SIDE's configuration
conf() {
	local me=$1 peer auth=$2 trans=${3:-}
	[ "$me" = a ] && peer=b || peer=a
	cat <<CONF
interface "${me}0" { interval 100ms; multiplier 3; };
neighbor 2001:db8:1::$peer local 2001:db8:1::$me {
	authentication $auth; key 1 "alpha-key"; $trans
};
neighbor 2001:db8:1::${peer}2 local 2001:db8:1::${me}2 {
	authentication $auth; key 1 "alpha-key";
};
CONF
}
conf a keyed-md5 >"$(bfdd_conf A)"
conf b keyed-md5 >"$(bfdd_conf B)"
bfdd_start A
bfdd_start B
for p in 2001:db8:1::b 2001:db8:1::b2; do bfdd_wait_state 10 A $p Up; done

conf a meticulous-keyed-sha1 "authentication-transition;" >"$(bfdd_conf A)"
bfdd_hup A
t6_wait 5 "A to log the transition" grep -q \
    'b%a0: authentication changed; the previous one is accepted' \
    "$(t6_daemon_log A bfdd)"
# previous LINE: the "Previous auth:" line of A's session to 2001:db8:1::b
previous() {
	bfdctl A show sessions all | awk '
	    $1 == "Address:" { cur = $2 }
	    cur == "2001:db8:1::b" && /Previous auth:/ { print; exit }'
}
accepted() {
	previous | sed -nE 's/.* ([0-9]+) packets$/\1/p'
}
some() { [ "$(accepted)" -ge 2 ] 2>/dev/null; }
t6_wait 5 "A to accept B's keyed-md5 packets" some
t6_assert_match "keyed-md5, accepted 3[0-9]{3} s more" "$(previous)"
t6_assert_eq 0 "$(bfdd_field A 2001:db8:1::b auth_fail)" \
    "A's failures on the session in transition"
fails2() { [ "$(bfdd_field A 2001:db8:1::b2 auth_fail)" -gt 0 ]; }
t6_wait 5 "A to refuse B's packets on the other session" fails2
t6_wait 5 "A to log the first accepted packet" grep -q \
    'b%a0: a packet with the previous authentication accepted' \
    "$(t6_daemon_log A bfdd)"

# B, strict, cannot hear A's SHA1 packets; once it has them too, Up
conf b meticulous-keyed-sha1 >"$(bfdd_conf B)"
bfdd_hup B
for p in 2001:db8:1::b 2001:db8:1::b2; do bfdd_wait_state 10 A $p Up; done
for p in 2001:db8:1::a 2001:db8:1::a2; do bfdd_wait_state 10 B $p Up; done
t6_pass
