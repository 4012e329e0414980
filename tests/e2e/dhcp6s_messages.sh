#!/bin/bash
# dhcp6s answers every client message as RFC 8415 18.3 says, and drops
# what it must (spec S10, S1c-S1e, and the crash fixes 21-24 of its section 5):
# the matrix of tests/lib/d6s_matrix.py, sent from the client's link
# with hand-made messages: host entries and pools of addresses and of
# prefixes, rapid commit, preference, UseMulticast for unicast, NoBinding,
# zero lifetimes for what is not bound, an empty IA in a Renew, an
# IA_NA-only Rebind, Release and Decline (a declined address is not
# given again), Confirm on and off link, Information-request with its
# refresh time, malformed and misplaced options, a duplicate IAID, a
# relayed Solicit (Relay-reply to port 547, Interface-Id echoed), relays
# nested 33 deep, a Relay-reply sent to the server, a link not served,
# and a pool that runs dry.  Every drop is counted in the dump, and the
# server is still running at the end.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need python3

d6s_lab
t6_link srv srv1 cli cli1
KAME=00:01:00:01:09:5f:93:76:00:03:47:a5:30:85
cat > "$(d6s_conf srv)" <<CONF
host kame {
	duid $KAME;
	address 2001:db8:ffff::1 20 40;
	address 2001:db8:ffff::2 30 60;
	prefix 2001:db8:1234::/48 100 200;
};
host kame2 {
	duid 00:01:00:01:09:5f:93:76:00:03:47:a5:30:86;
	address 2001:db8:fff0::1 86400 604800;
	address 2001:db8:fff0::2 604800 2592000;
};
pool p1 { range 2001:db8:1::10 to 2001:db8:1::12; };
pool pd { prefix 2001:db8:8000::/40 delegated-length 56; };
interface srv0 {
	allow rapid-commit;
	preference 255;
	address-pool p1 100 200;
	prefix-pool pd 300 600;
};
option domain-name-servers 2001:db8::35;
option refreshtime 600;
CONF
t6_wait_dad cli
d6s_start srv srv0
sduid=$(od -An -tx1 -j2 "$(t6_path srv duid)" | tr -d ' \n')
ll=$(t6_lladdr srv srv0)
out=$(nsx cli python3 "$T6_TOP/tests/lib/d6s_matrix.py" cli0 "$ll%cli0" \
    "$sduid" cli1 2>&1) || t6_fail "matrix:
$out"
t6_alive "$D6S_PID" || t6_fail "dhcp6s died"
dump=$(d6s_dump srv)
for d in unicast no-client-id server-id ia malformed relay-reply no-answer; do
	t6_assert_match "# dropped $d [1-9]" "$dump" "drops counted ($d)"
done
t6_assert_match "# malformed optlen 1" "$dump" "the truncated option"
t6_assert_match "# malformed place 1" "$dump" "the misplaced IA Address"
t6_assert_match "# malformed depth 1" "$dump" "the 33 relays"
t6_assert_match "# dropped short 1" "$dump" "the 3-byte message"
t6_assert_match "# bindings added [1-9].* declined 1" "$dump" "the decline"
t6_pass
