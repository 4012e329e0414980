#!/bin/bash
# Multihop through a router (spec S11, S12, topology T2: A - R - C):
# - IPv6 and IPv4 multihop sessions come Up; on the wire UDP 4784, hop
#   limit 255 sent (on A's link) and 254 received (on C's), TTL 255/254
#   for IPv4; the table's Interface column reads ---, the detail view
#   "Session type: Multihop";
# - min-ttl 254 on both: still Up; min-ttl 255 on C (reload): C counts
#   ttl drops and both go Down; 254 again: Up again;
# - an unauthenticated multihop session believes only its peer's
#   address: A's discriminator from R's address, and a new discriminator
#   with Your Discriminator 0 from C's address while Up, are remoteid
#   drops and change nothing;
# - GTSM (S12): a well-formed Down packet from A to C's single hop port
#   arrives with hop limit 254: C counts it as ttl, makes no session and
#   sends nothing back; an off-link single hop neighbor in A's
#   configuration waits ("waiting to become a neighbor") and is silent.
# t6-timeout: 120
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init
t6_need tshark tcpdump

for n in A R C; do
	t6_ns $n
	t6_nodad $n
done
nsx R sysctl -qw net.ipv4.ip_forward=1
t6_link A a0 R r0
t6_link R r1 C c0
t6_addr A a0 2001:db8:1::a/64 nodad
t6_addr R r0 2001:db8:1::1/64 nodad
t6_addr R r1 2001:db8:2::1/64 nodad
t6_addr C c0 2001:db8:2::c/64 nodad
t6_addr A a0 192.0.2.1/24
t6_addr R r0 192.0.2.254/24
t6_addr R r1 198.51.100.254/24
t6_addr C c0 198.51.100.3/24
nsx A ip -6 route add 2001:db8:2::/64 via 2001:db8:1::1
nsx C ip -6 route add 2001:db8:1::/64 via 2001:db8:2::1
nsx A ip route add 198.51.100.0/24 via 192.0.2.254
nsx C ip route add 192.0.2.0/24 via 198.51.100.254
t6_wait_dad A; t6_wait_dad R; t6_wait_dad C
t6_wait 10 "C reachable from A" nsx A ping -6 -c1 -W1 2001:db8:2::c

aconf() {
	cat > "$(bfdd_conf A)" <<CONF
multihop { interval 50ms; multiplier 5; $1 };
neighbor 2001:db8:2::c multihop local 2001:db8:1::a;
neighbor 198.51.100.3 multihop local 192.0.2.1;
neighbor 2001:db8:2::c;
CONF
}
cconf() {
	cat > "$(bfdd_conf C)" <<CONF
multihop { interval 50ms; multiplier 5; $1 };
neighbor 2001:db8:1::a multihop local 2001:db8:2::c;
neighbor 192.0.2.1 multihop local 198.51.100.3;
CONF
}
aconf ""
cconf ""
capa=$T6_TMP/a0.pcap
capc=$T6_TMP/c0.pcap
t6_capture A a0 "$capa" "udp"
t6_capture C c0 "$capc" "udp"
bfdd_start A
bfdd_start C
up() {
	bfdctl "$1" show sessions multihop |
	    awk -v p="$2" '$1 == p && $2 == "---" && $3 == "Up" { ok = 1 }
	    END { exit !ok }'
}
t6_wait 3 "A's IPv6 multihop session Up" up A 2001:db8:2::c
t6_wait 3 "C's IPv6 multihop session Up" up C 2001:db8:1::a
t6_wait 3 "A's IPv4 multihop session Up" up A 198.51.100.3
t6_wait 3 "C's IPv4 multihop session Up" up C 192.0.2.1
t6_assert_match "Session type: +Multihop" \
    "$(bfdctl A show session 2001:db8:2::c multihop)"
t6_assert_eq multihop "$(bfdd_field C 2001:db8:1::a type)" "JSON type"
c_detect() { [ "$(bfdd_field C 2001:db8:1::a detect_time_us)" = 250000 ]; }
t6_wait 5 "C's detection time to be 5 x 50 ms" c_detect
t6_log "$(grep -m1 'multihop without authentication' "$(t6_daemon_log A bfdd)")"

# S12: the off-link single hop neighbor waits, silent
t6_wait 5 "A's off-link neighbor to wait" bfdt_log_has A \
    "2001:db8:2::c: waiting to become a neighbor"
t6_assert_eq 1 "$(bfdt_kv A 2001:db8:2::c "" waiting)" "waiting"
# S12: a single hop packet through the router: hop limit 254 at C
ttl0=$(bfdd_count C ttl)
bfdt_send A --state 1 --my 0x5150 --your 0 2001:db8:1::a 2001:db8:2::c
t6_wait 5 "C to drop the routed single hop packet" bfdt_count_eq C ttl \
    $((ttl0 + 1))
t6_assert_eq 2 "$(bfdd_count C sessions)" "C's sessions"

# only the peer's address may use an unauthenticated multihop session
ldisc=$(bfdt_kv A 2001:db8:2::c - local_disc)
rdisc=$(bfdt_kv A 2001:db8:2::c - remote_disc)
r0=$(bfdd_count A remoteid)
bfdt_send R --dport 4784 --state 3 --my "$rdisc" --your "$ldisc" \
    2001:db8:1::1 2001:db8:1::a
t6_wait 5 "A to refuse its discriminator from R" bfdt_count_eq A remoteid \
    $((r0 + 1))
bfdt_send C --dport 4784 --state 1 --my 0x7777 --your 0 \
    2001:db8:2::c 2001:db8:1::a
t6_wait 5 "A to refuse a new discriminator" bfdt_count_eq A remoteid \
    $((r0 + 2))
t6_assert_eq "$rdisc" "$(bfdt_kv A 2001:db8:2::c - remote_disc)" \
    "A's remote discriminator"
bfdt_timeouts_note A

# min-ttl 254: one router is fine
aconf "min-ttl 254;"
cconf "min-ttl 254;"
bfdd_hup A
bfdd_hup C
t6_wait 5 "C to reload" bfdt_log_has C reloaded
t6_wait 5 "A to reload" bfdt_log_has A reloaded
ttl0=$(bfdd_count C ttl)
# a second of traffic with min-ttl in force
notup() { ! up C 2001:db8:1::a || ! up A 2001:db8:2::c; }
t6_wait_quiet 1 notup && t6_fail "min-ttl 254 dropped the session"
t6_assert_eq "$ttl0" "$(bfdd_count C ttl)" "C's ttl drops with min-ttl 254"
t6_capture_stop "$capa"
t6_capture_stop "$capc"

# the wire: port 4784, 255 sent, one less received
for c in "$capa|ipv6.src == 2001:db8:1::a|ipv6.hlim == 255" \
    "$capc|ipv6.src == 2001:db8:1::a|ipv6.hlim == 254" \
    "$capa|ip.src == 192.0.2.1|ip.ttl == 255" \
    "$capc|ip.src == 192.0.2.1|ip.ttl == 254" \
    "$capc|ipv6.src == 2001:db8:2::c|ipv6.hlim == 255"; do
	IFS='|' read -r f who what <<<"$c"
	n=$(bfdt_fields "$f" "$who && udp.dstport == 4784 && bfd" frame.number |
	    wc -l)
	[ "$n" -ge 10 ] || t6_fail "only $n multihop packets ($who) in $f"
	bad=$(bfdt_fields "$f" "$who && udp.dstport == 4784 && !($what) && \
	    !(udp.srcport == 49999)" frame.number | wc -l)
	t6_assert_eq 0 "$bad" "packets ($who) in $(basename "$f") without $what"
done
t6_dissect_clean "$capa" 10
t6_dissect_clean "$capc" 10
# the off-link neighbor never spoke; C never answered on port 3784
t6_assert_eq 0 "$(bfdt_fields "$capa" "ipv6.dst == 2001:db8:2::c && \
    udp.dstport == 3784 && udp.srcport != 49999" frame.number | wc -l)" \
    "packets to the waiting neighbor"
t6_assert_eq 1 "$(bfdt_fields "$capc" "udp.dstport == 3784 && \
    udp.srcport == 49999 && ipv6.hlim == 254" frame.number | wc -l)" \
    "the GTSM probe at C, hop limit 254"
t6_assert_eq 0 "$(bfdt_fields "$capc" "ipv6.src == 2001:db8:2::c && \
    udp.dstport == 3784" frame.number | wc -l)" "answers to the GTSM probe"

# min-ttl 255 at C: A's packets (254) are dropped, the session fails
d0=$(bfdt_kv A 2001:db8:2::c - down)
cconf "min-ttl 255;"
bfdd_hup C
t6_wait 5 "C's session Down" bfdd__is C 2001:db8:1::a Down
t6_wait 5 "C's ttl drops to rise" bfdt_count_ge C ttl $((ttl0 + 10))
# A, told Down, answers Init and stays there (C hears nothing of it)
mh_down() { [ "$(bfdt_kv A 2001:db8:2::c - down)" -gt "$d0" ] &&
    [ "$(bfdt_kv A 2001:db8:2::c - state)" != Up ]; }
t6_wait 5 "A's session to fall" mh_down
t6_assert_eq ttl "$(bfdctl C show session 2001:db8:1::a multihop |
    sed -n 's/.*last-drop \([a-z]*\).*/\1/p')" "C's last drop"
cconf "min-ttl 254;"
bfdd_hup C
t6_wait 5 "the session back Up" up C 2001:db8:1::a
t6_wait 5 "the session back Up in A" up A 2001:db8:2::c
t6_pass
