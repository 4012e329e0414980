#!/bin/bash
# p2p-any-source (bfdd.conf.5, RFC 5881 section 6): each side's
# neighbor is an address the other has but does not send from: A's is
# 2001:db8:1::99 (B sends from ::b), B's 2001:db8:1::aa (A sends from ::a).
# - without the option, the first packets (Your Discriminator 0) match
#   no session on either side: counted as nomatch, and neither comes Up;
# - with it on A (reload), A's one single-hop IPv6 session on a0 takes
#   B's packets, and its answers carry B's discriminator: both come Up,
#   A's packets still going to 2001:db8:1::99;
# - a second IPv6 session on a0, and B restarted: its first packets are
#   no longer taken (the option needs exactly one); nomatch counts again.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init

bfdt_t1
t6_addr A a0 2001:db8:1::aa/64 nodad
t6_addr B b0 2001:db8:1::99/64 nodad
t6_wait_dad A
t6_wait_dad B
aconf() {
	cat > "$(bfdd_conf A)" <<CONF
interface "a0" { interval 50ms; multiplier 5; $1 };
neighbor 2001:db8:1::99 interface "a0" local 2001:db8:1::a;
$2
CONF
}
cat > "$(bfdd_conf B)" <<CONF
interface "b0" { interval 50ms; multiplier 5; };
neighbor 2001:db8:1::aa interface "b0" local 2001:db8:1::b;
CONF
aconf "" ""
bfdd_start A
bfdd_start B
nomatch() { bfdd_count A nomatch; }
nomatch_ge() { [ "$(nomatch)" -ge "$1" ]; }
t6_wait 10 "A to count B's packets as nomatch" nomatch_ge 2
b_nomatch_ge() { [ "$(bfdd_count B nomatch)" -ge "$1" ]; }
t6_wait 5 "B to count A's packets as nomatch" b_nomatch_ge 2
t6_assert_eq Down "$(bfdd_state A 2001:db8:1::99)" "A's session without the option"
t6_assert_eq Down "$(bfdd_state B 2001:db8:1::aa)" "B's session without the option"

aconf "p2p-any-source;" ""
bfdd_hup A
bfdd_wait_state 5 A 2001:db8:1::99 Up
bfdd_wait_state 5 B 2001:db8:1::aa Up
t6_assert_eq "$(bfdd_field B 2001:db8:1::aa local_disc)" \
    "$(bfdd_field A 2001:db8:1::99 remote_disc)" "the discriminator A learned"
# A still sends to its neighbor's address, B from its own
cap=$(t6_path A p2p.pcap)
t6_capture A a0 "$cap" "udp port 3784"
t6_wait 5 "packets on the wire" sh -c \
    "[ \$(tshark -r '$cap' -Y bfd 2>/dev/null | wc -l) -ge 4 ]"
t6_capture_stop "$cap"
t6_assert_match "2001:db8:1::a → 2001:db8:1::99" \
    "$(tshark -r "$cap" -Y bfd 2>/dev/null)" "A's packets to ::99"
t6_assert_match "2001:db8:1::b → 2001:db8:1::aa" \
    "$(tshark -r "$cap" -Y bfd 2>/dev/null)" "B's packets from ::b"

# two IPv6 sessions on a0: no longer one, so nothing is taken
aconf "p2p-any-source;" "neighbor 2001:db8:1::98 interface \"a0\";"
bfdd_hup A
second() { [ -n "$(bfdd_state A 2001:db8:1::98)" ]; }
t6_wait 5 "the second session" second
# B starts again: its new session's first packets carry Your Discriminator 0
before=$(nomatch)
bfdd_stop B
bfdd_start B
t6_wait 10 "B's new packets to be counted as nomatch" nomatch_ge $((before + 1))
t6_pass
