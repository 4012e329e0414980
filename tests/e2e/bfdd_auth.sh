#!/bin/bash
# Authentication between two bfdd (spec S9, S10), one session per case,
# all at once (each neighbor has its own pair of addresses, chosen with
# `local`):
# - simple, keyed-md5, meticulous-keyed-md5, keyed-sha1 and
#   meticulous-keyed-sha1 with the same key on both sides come Up; on
#   the wire: A set, lengths 33, 48, 48, 52, 52, clean for tshark;
#   meticulous sequence numbers go up by one a packet, keyed ones at
#   most about once a second;
# - a wrong password, a wrong MD5/SHA1 key, another key id, auth on one
#   side only, another type on each side: the session stays Down, the
#   receiver counts its own reason (authpassword, authdigest, authkeyid,
#   authmismatch) and its per-session auth failures rise;
# - rollover: A sends with key 1 until T and with key 2 from T, B
#   accepts both: the key id on the wire changes at T, the session stays
#   Up; where B accepts key 2 only an hour later, the session goes Down
#   at T (authkeyid);
# - replay (S10): a packet of B's meticulous-keyed-sha1 session sent
#   again is dropped as authseq; with a bit of Desired Min TX flipped,
#   dropped (authseq/authdigest); Key ID 9: authkeyid; Auth Len 24 in a
#   SHA1 packet: authlen; the session stays Up throughout.
# t6-timeout: 120
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init
t6_need tshark tcpdump

bfdt_t1
for i in $(seq 1 12); do
	t6_addr A a0 2001:db8:1::a$i/64 nodad
	t6_addr B b0 2001:db8:1::b$i/64 nodad
done

# the key windows, in the local time of the configuration's clock
T=$(($(date +%s) + 5))
tT=$(date -d "@$T" '+%Y-%m-%d %H:%M:%S')
later=$(date -d "@$((T + 3600))" '+%Y-%m-%d %H:%M:%S')
# case N: A's and B's options
declare -A CA CB
types=(simple keyed-md5 meticulous-keyed-md5 keyed-sha1 meticulous-keyed-sha1)
for i in 1 2 3 4 5; do
	CA[$i]="authentication ${types[i-1]}; key 1 \"secret\";"
	CB[$i]=${CA[$i]}
done
CA[6]='authentication simple; key 1 "secret";'	# wrong password
CB[6]='authentication simple; key 1 "secreT";'
CA[7]='authentication keyed-sha1; key 1 "secret";'	# wrong key
CB[7]='authentication keyed-sha1; key 1 "sekret";'
CA[8]='authentication keyed-md5; key 1 "secret";'	# other key id
CB[8]='authentication keyed-md5; key 2 "secret";'
CA[9]='authentication meticulous-keyed-md5; key 1 "secret";'	# one side
CB[9]=''
CA[10]='authentication keyed-md5; key 1 "secret";'	# other type
CB[10]='authentication keyed-sha1; key 1 "secret";'
# rollover at T
CA[11]="authentication meticulous-keyed-sha1;
    key 1 \"old-secret\" { send-to \"$tT\"; };
    key 2 \"new-secret\" { send-from \"$tT\"; };"
CB[11]='authentication meticulous-keyed-sha1; key 1 "old-secret";
    key 2 "new-secret";'
CA[12]=${CA[11]}
CB[12]="authentication meticulous-keyed-sha1; key 1 \"old-secret\";
    key 2 \"new-secret\" { accept-from \"$later\"; };"
{
	echo 'interface "a0" { interval 50ms; multiplier 5; };'
	for i in $(seq 1 12); do
		echo "neighbor 2001:db8:1::b$i local 2001:db8:1::a$i { ${CA[$i]} };"
	done
} > "$(bfdd_conf A)"
{
	echo 'interface "b0" { interval 50ms; multiplier 5; };'
	for i in $(seq 1 12); do
		echo "neighbor 2001:db8:1::a$i local 2001:db8:1::b$i { ${CB[$i]} };"
	done
} > "$(bfdd_conf B)"
chmod 600 "$(bfdd_conf A)" "$(bfdd_conf B)"
cap=$T6_TMP/auth.pcap
t6_capture A a0 "$cap" "udp port 3784"
bfdd_start A
bfdd_start B
[ "$(date +%s)" -lt $((T - 1)) ] || t6_fail "the machine is too slow for T"
for i in 1 2 3 4 5 11 12; do
	bfdd_wait_state 3 A 2001:db8:1::b$i Up
	bfdd_wait_state 3 B 2001:db8:1::a$i Up
done
# the types each side shows
for i in 1 2 3 4 5; do
	t6_assert_eq "${types[i-1]}" "$(bfdd_field A 2001:db8:1::b$i auth)" \
	    "A's type for case $i"
done

# the negative cases stay Down, and B counts each its own way
reason() {
	bfdctl B show session "2001:db8:1::a$1" |
	    sed -n 's/.*last-drop \([a-z]*\).*/\1/p'
}
fails_ge() { [ "$(bfdd_field B "2001:db8:1::a$1" auth_fail)" -ge "$2" ]; }
for c in 6:authpassword 7:authdigest 8:authkeyid 9:authmismatch \
    10:authmismatch; do
	i=${c%%:*}
	t6_wait 5 "B to refuse 3 packets of case $i" fails_ge "$i" 3
	f=$(bfdd_field B "2001:db8:1::a$i" auth_fail)
	t6_wait 5 "B to go on refusing case $i" fails_ge "$i" $((f + 1))
	t6_assert_eq "${c#*:}" "$(reason "$i")" "B's reason in case $i"
	t6_assert_eq Down "$(bfdd_state B "2001:db8:1::a$i")" "B, case $i"
	t6_assert_eq Down "$(bfdd_state A "2001:db8:1::b$i")" "A, case $i"
	[ "$(bfdd_count B "${c#*:}")" -ge 3 ] ||
	    t6_fail "B's counter ${c#*:} did not rise"
done
t6_assert_match "authentication failed for 2001:db8:1::a6%b0: authpassword" \
    "$(cat "$(t6_daemon_log B bfdd)")"

# S10 on case 5 (meticulous keyed SHA1): one of B's packets, again
hex=$(bfdt_fields "$cap" "ipv6.src == 2001:db8:1::b5 && bfd.sta == 3" \
    udp.payload | tail -1)
[ ${#hex} = 104 ] || t6_fail "no 52-byte packet of case 5 captured: $hex"
# each must be refused by case 5's session, for its own reason (the
# global counters move with the negative cases too)
a_reason() {
	bfdctl A show session 2001:db8:1::b5 |
	    sed -n 's/.*last-drop \([a-z]*\).*/\1/p'
}
refused() {
	[ "$(bfdd_field A 2001:db8:1::b5 auth_fail)" = "$1" ] &&
	    [ "$(a_reason)" = "$2" ]
}
inject() {
	local f0 why=$1
	f0=$(bfdd_field A 2001:db8:1::b5 auth_fail)
	bfdt_sendhex B --ifname b0 2001:db8:1::b5 2001:db8:1::a5 "$2"
	t6_wait 5 "A to refuse the packet ($why)" refused $((f0 + 1)) "$why"
}
inject authseq "$hex"
# Desired Min TX (bytes 12-15) with a bit flipped, sent at once: the
# sequence number may still be new, the digest is not right
hex=$(bfdt_fields "$cap" "ipv6.src == 2001:db8:1::b5 && bfd.sta == 3" \
    udp.payload | tail -1)
flip=${hex:0:24}$(printf '%02x' $((0x${hex:24:2} ^ 0x01)))${hex:26}
f0=$(bfdd_field A 2001:db8:1::b5 auth_fail)
bfdt_sendhex B --ifname b0 2001:db8:1::b5 2001:db8:1::a5 "$flip"
tampered() {
	[ "$(bfdd_field A 2001:db8:1::b5 auth_fail)" = $((f0 + 1)) ] &&
	    [[ $(a_reason) =~ ^auth(seq|digest)$ ]]
}
t6_wait 5 "A to refuse the tampered packet" tampered
# Key ID 9 (byte 26): authkeyid; Auth Len 24 (byte 25): authlen
inject authkeyid "${hex:0:52}09${hex:54}"
inject authlen "${hex:0:50}18${hex:52}"
[ "$(bfdd_count A authseq)" -ge 1 ] || t6_fail "global authseq not counted"
[ "$(bfdd_count A authlen)" -ge 1 ] || t6_fail "global authlen not counted"
# (refused, each, before the state machine: the session goes on)
bfdd_wait_state 5 A 2001:db8:1::b5 Up

# rollover: past T, A sends with key 2; B, accepting it, stays Up
# (case 12 falls when A starts with key 2; then ten more packets)
bfdd_wait_state 10 B 2001:db8:1::a12 Down
t6_assert_eq authkeyid "$(reason 12)" "B's reason in case 12"
sent_ge() { [ "$(bfdd_field A 2001:db8:1::b11 tx)" -ge "$1" ]; }
t6_wait 5 "ten more packets in case 11" sent_ge \
    $(($(bfdd_field A 2001:db8:1::b11 tx) + 10))
t6_capture_stop "$cap"
t6_assert_eq Up "$(bfdd_state B 2001:db8:1::a11)" "case 11 after T"
# not one packet refused: the rollover is seamless
t6_assert_eq 0 "$(bfdd_field B 2001:db8:1::a11 auth_fail)" \
    "B's refusals in case 11"
t6_assert_eq 0 "$(bfdd_field A 2001:db8:1::b11 auth_fail)" \
    "A's refusals in case 11"
bfdt_timeouts_note B
# key 1 before T, key 2 after, never back
ids=$(bfdt_fields "$cap" "ipv6.src == 2001:db8:1::a11 && bfd" bfd.auth.key |
    uniq | tr '\n' ' ')
t6_assert_eq "1 2 " "$ids" "A's key ids in case 11, in order"

# the wire: lengths, the A bit, clean dissection (but for the packets
# made bad on purpose above, sent from port 49999)
bad=$(tshark -n -r "$cap" -Y '(_ws.malformed || _ws.expert.severity == error)
    && udp.srcport != 49999' 2>/dev/null)
[ -z "$bad" ] || t6_fail "tshark finds malformed packets: $bad"
for c in 1:33 2:48 3:48 4:52 5:52; do
	i=${c%%:*}
	lens=$(bfdt_fields "$cap" "ipv6.src == 2001:db8:1::a$i && bfd" \
	    bfd.message_length bfd.flags.a bfd.auth.type | sort -u |
	    tr '\t' ' ')
	t6_assert_eq "${c#*:} 1 $i" "$lens" "length, A bit, type of case $i"
done
# sequence numbers of the Up packets, in order
seqs() {
	local v
	bfdt_fields "$cap" "ipv6.src == 2001:db8:1::a$1 && bfd.sta == 3" \
	    bfd.auth.seq_num | while read -r v; do echo $((v)); done
}
for i in 3 5; do
	seqs $i | awk 'NR > 1 && $1 != prev + 1 { bad = 1 } { prev = $1 }
	    END { exit bad || NR < 20 }' ||
	    t6_fail "meticulous sequence numbers of case $i do not step by one"
done
span=$(tshark -n -r "$cap" -T fields -e frame.time_relative 2>/dev/null |
    tail -1 | cut -d. -f1)
for i in 2 4; do
	n=$(seqs $i | uniq | wc -l)
	t6_log "case $i: $n sequence numbers in ${span} s"
	[ "$n" -le $((span + 3)) ] ||
	    t6_fail "keyed sequence numbers of case $i change too often ($n)"
done
t6_pass
