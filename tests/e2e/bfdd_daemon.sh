#!/bin/bash
# bfdd and bfdctl as programs (spec S18, 2.4, 2.9):
# - bfdd -n: a good file exits 0 and prints a configuration that itself
#   passes -n unchanged; a bad one exits 1 with "file:line: message" for
#   each of the mandatory errors of bfdd.conf(5); a missing file exits 1;
# - bad flags and extra arguments: usage, exit 1; -V: the version;
# - a second bfdd with the same pid file, or the same control socket,
#   exits 1 ("already running") and leaves the first alone;
# - without -d or -f bfdd detaches: the socket is there when the command
#   returns (scripts may wait for it), the pid file soon; SIGTERM
#   removes the pid file;
# - no configuration file: defaults, no session, running;
# - SIGUSR1 and `bfdctl dump` write the dump file: "bfdd dump <time>",
#   a detail block per session, clients: with their names, counters:;
# - -D traces every packet ("Sending CTL to", "CTL received from"),
#   SIGUSR2 turns the trace on and off in a -d daemon;
# - a configuration with keys readable by all is warned about;
# - bfdctl: counters in the spec's order, clear counters, add/delete of
#   an operator session that outlives bfdctl, the filters of show
#   sessions, exit status 0, 1 (an error reply), 2 (usage), 3 (no bfdd).
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init

bfdt_t1
# -n: good, printed back, printed back again the same
good=$T6_TMP/good.conf
cat > "$good" <<CONF
options { accept ipv6 ipv4 direct multihop; client-hold-time 5s; };
profile "fast" { interval 50ms; multiplier 3; };
interface "a*" { profile "fast"; idle-tx-interval 2s; };
multihop { interval 200ms; multiplier 10; authentication meticulous-keyed-sha1;
    key 1 "s3cret"; key 2 hex "00a1b2c3d4" { accept-to "2031-01-01 00:00:00"; }; };
neighbor $LL_B%a0;
neighbor 2001:db8:1::b interface "a0" { description "b"; };
neighbor 2001:db8:ff::1 multihop local 2001:db8:1::a { shutdown; };
CONF
chmod 600 "$good"
out=$("$T6_BIN/bfdd" -n -c "$good" 2>&1) || t6_fail "bfdd -n good.conf: $out"
printf '%s\n' "$out" > "$T6_TMP/printed.conf"
chmod 600 "$T6_TMP/printed.conf"
again=$("$T6_BIN/bfdd" -n -c "$T6_TMP/printed.conf" 2>&1) ||
    t6_fail "bfdd -n on its own output: $again"
t6_assert_eq "$out" "$again" "the configuration printed twice"
t6_assert_match 'neighbor 2001:db8:ff::1 local 2001:db8:1::a multihop' "$out"
# -n: every mandatory error, each on its line
bad=$T6_TMP/bad.conf
cat > "$bad" <<'CONF'
# line 1
interface "a0" { authentication keyed-sha1; };
interface "a1" { multiplier 0; };
interface "a2" { idle-tx-interval 500ms; };
neighbor 2001:db8::1 interface "a0" multihop;
neighbor 2001:db8::2 multihop;
neighbor fe80::1;
neighbor 2001:db8::3 multihop local 192.0.2.1;
neighbor 2001:db8::4 { profile "nosuch"; };
neighbor 2001:db8::5;
neighbor 2001:db8::5;
interface "a3" { key 1 "012345678901234567890"; };
CONF
out=$("$T6_BIN/bfdd" -n -c "$bad" 2>&1)
t6_assert_eq 1 "$?" "bfdd -n bad.conf"
for l in 2:'without a key' 3:multiplier 4:'below 1s' 5:'interface and multihop' \
    6:'needs a local address' 7:'link-local neighbor needs an interface' \
    8:'is IPv4 but the neighbor is IPv6' 9:'unknown profile' \
    11:'duplicate neighbor' 12:'key 1: 21 bytes'; do
	t6_assert_match "^$bad:${l%%:*}: .*(${l#*:})" "$out" "error of line ${l%%:*}"
done
printf '%s\n' 'neighbor 2001:db8::9;' 'neighbor 2001:db8::8 { frob 1; };' \
    'neighbor 2001:db8::7;' > "$bad"
out=$("$T6_BIN/bfdd" -n -c "$bad" 2>&1)
t6_assert_eq 1 "$?" "bfdd -n with a syntax error"
t6_assert_match "^$bad:2: syntax error" "$out"
out=$("$T6_BIN/bfdd" -n -c "$T6_TMP/none.conf" 2>&1) &&
    t6_fail "bfdd -n with no file succeeded"
t6_assert_match "none.conf" "$out"
# flags
out=$("$T6_BIN/bfdd" -x 2>&1)
t6_assert_eq 1 "$?" "bfdd -x"
t6_assert_match '^usage: bfdd' "$out"
out=$("$T6_BIN/bfdd" -n -c "$good" extra 2>&1) && t6_fail "an extra argument"
t6_assert_match '^usage: bfdd' "$out"
t6_assert_match '^bfdd .*1\.' "$("$T6_BIN/bfdd" -V)"
# bfdctl's exit statuses without a bfdd
"$T6_BIN/bfdctl" -s "$T6_TMP/nosuch.sock" show sessions 2>/dev/null
t6_assert_eq 3 "$?" "bfdctl without bfdd"
"$T6_BIN/bfdctl" -s "$T6_TMP/nosuch.sock" 2>/dev/null
t6_assert_eq 2 "$?" "bfdctl without a command"

# detached: the pid file and the socket exist when bfdd returns
dump=$T6_TMP/B/bfdd.dump
cat > "$(bfdd_conf B)" <<CONF
options { dump-file "$dump"; };
interface "b0" { interval 50ms; multiplier 3; };
neighbor 2001:db8:1::a;
neighbor $LL_A interface "b0";
CONF
bpid=$(t6_path B bfdd.pid)
bsock=$(t6_path B bfdd.sock)
nsx B "$T6_BIN/bfdd" -c "$(bfdd_conf B)" -p "$bpid" -s "$bsock" \
    > "$T6_TMP/B/detached.log" 2>&1 || t6_fail "bfdd (detached) failed"
[ -S "$bsock" ] || t6_fail "no socket when the detached bfdd returned"
t6_wait 5 "the detached bfdd's pid file" test -s "$bpid"
BFDD_PID[B]=$(cat "$bpid")
T6_PIDS+=("${BFDD_PID[B]}:B/detached")
t6_alive "${BFDD_PID[B]}" || t6_fail "the detached bfdd is not running"
# a second one with the same pid file, then with the same socket
out=$(nsx B "$T6_BIN/bfdd" -d -c "$(bfdd_conf B)" -p "$bpid" \
    -s "$T6_TMP/other.sock" 2>&1)
t6_assert_eq 1 "$?" "a second bfdd, same pid file"
t6_assert_match "already running" "$out"
out=$(nsx B "$T6_BIN/bfdd" -d -c "$(bfdd_conf B)" -p "$T6_TMP/other.pid" \
    -s "$bsock" 2>&1)
t6_assert_eq 1 "$?" "a second bfdd, same socket"
t6_assert_match "already running" "$out"
t6_alive "${BFDD_PID[B]}" || t6_fail "the first bfdd died"
bfdctl B show counters >/dev/null || t6_fail "the first bfdd stopped answering"

# A: -D traces packets; no configuration file at all at first
bfdd_start A -D
t6_assert_eq 0 "$(bfdd_count A sessions)" "sessions without a file"
# an operator session (bfdctl add) outlives bfdctl
out=$(bfdctl A add 2001:db8:1::b min-tx 50ms min-rx 50ms multiplier 3) ||
    t6_fail "bfdctl add: $out"
t6_assert_match '^[a-z0-9-]+ state=' "$out"
bfdd_wait_state 5 A 2001:db8:1::b Up
t6_wait 5 "the trace of packets sent" bfdt_log_has A \
    "Sending CTL to 2001:db8:1::b%a0 \[Up"
t6_wait 5 "the trace of packets received" bfdt_log_has A \
    "CTL received from 2001:db8:1::b%a0 \[Up"
t6_assert_match "Requests: +bfdctl/op-" "$(bfdctl A show session 2001:db8:1::b)"
bfdctl A add "$LL_B" interface a0 >/dev/null || t6_fail "bfdctl add (ll)"
bfdd_wait_state 5 A "$LL_B" Up
# filters of show sessions
t6_assert_eq 2 "$(bfdctl A show sessions ipv6 direct | grep -c ' Up ')" "v6"
t6_assert_eq 0 "$(bfdctl A show sessions ipv4 | grep -c ' Up ')" "v4"
t6_assert_eq 0 "$(bfdctl A show sessions multihop | grep -c ' Up ')" "multihop"
t6_assert_eq 1 "$(bfdctl A show sessions address 2001:db8:1::/64 | grep -c ' Up ')" \
    "address filter"
t6_assert_eq 2 "$(bfdctl A show sessions interface a0 | grep -c ' Up ')" \
    "interface filter"
t6_assert_eq 0 "$(bfdctl A show sessions interface a9 | grep -c ' Up ')" \
    "interface filter"
bfdctl A frobnicate 2>/dev/null
t6_assert_eq 2 "$?" "bfdctl with an unknown command"
# an error reply: exit 1
out=$(bfdctl A enable 2001:db8:1::99 2>&1)
t6_assert_eq 1 "$?" "bfdctl enable of no session"
t6_assert_match "404" "$out"
# counters, in the spec's order
names=$(bfdctl A show counters | awk '{ print $1 }' | head -17 | tr '\n' ' ')
t6_assert_eq "ttl short version length mult flags mydisc nosession initstate nomatch remoteid authmismatch authlen authkeyid authseq authdigest authpassword " \
    "$names" "the counters"
bfdt_send B --hlim 64 2001:db8:1::b 2001:db8:1::a
t6_wait 5 "a ttl drop" bfdt_count_eq A ttl 1
bfdctl A clear counters || t6_fail "bfdctl clear counters"
t6_assert_eq 0 "$(bfdd_count A ttl)" "ttl after clear counters"
bfdctl A -j show counters | python3 -c 'import json,sys
d = json.load(sys.stdin); assert d["ttl"] == 0 and "authpassword" in d' ||
    t6_fail "bfdctl -j show counters"

# the dump, by SIGUSR1 and by bfdctl dump
bfdt_client B c1
bfdt_say B c1 "HELLO dumptest"
bfdt_expect 5 B c1 '^200 hello'
bfdd_wait_state 5 B "$LL_A" Up
rm -f "$dump"
kill -USR1 "${BFDD_PID[B]}"
t6_wait 5 "the dump file" grep -q '^counters:' "$dump"
t6_wait 5 "the dump file complete" grep -q '^sessions ' "$dump"
d=$(cat "$dump")
t6_assert_match '^bfdd dump [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}' "$d"
t6_assert_eq 2 "$(printf '%s\n' "$d" | grep -c '^  Address: ')" "sessions dumped"
t6_assert_match "^  Address: +2001:db8:1::a$" "$d"
t6_assert_match "^  Session state: +Up" "$d"
t6_assert_match '^clients:' "$d"
t6_assert_match '^  dumptest pid [0-9]+ uid 0 ' "$d"
t6_assert_match '^ttl [0-9]+$' "$d"
rm -f "$dump"
bfdctl B dump || t6_fail "bfdctl dump"
t6_wait 5 "the dump file again" grep -q '^counters:' "$dump"

# SIGUSR2 toggles the trace of a -d daemon (its operator sessions were
# its own: gone with the restart, asked for again)
bfdd_stop A
bfdd_start A
t6_assert_eq 0 "$(bfdd_count A sessions)" "sessions after the restart"
bfdctl A add 2001:db8:1::b >/dev/null || t6_fail "bfdctl add"
bfdd_wait_state 5 A 2001:db8:1::b Up
bfdt_log_has A "Sending CTL" && t6_fail "-d traces packets"
kill -USR2 "${BFDD_PID[A]}"
t6_wait 5 "the trace on" bfdt_log_has A "packet trace on"
t6_wait 5 "packets traced" bfdt_log_has A "Sending CTL to"
kill -USR2 "${BFDD_PID[A]}"
t6_wait 5 "the trace off" bfdt_log_has A "packet trace off"
# bfdctl delete: AdminDown to the peer
bfdctl A delete 2001:db8:1::b || t6_fail "bfdctl delete"
bfdd_wait_state 5 B 2001:db8:1::a Down
t6_assert_eq 7 "$(bfdd_field B 2001:db8:1::a remote_diag)" "B hears AdminDown"

# keys in a file all may read: warned about
cat > "$(bfdd_conf A)" <<CONF
interface "a0" { authentication simple; key 1 "secret"; };
CONF
chmod 644 "$(bfdd_conf A)"
out=$("$T6_BIN/bfdd" -n -c "$(bfdd_conf A)" 2>&1 >/dev/null)
t6_assert_match "warning" "$out" "bfdd -n on a readable file with keys"
t6_log "$out"

# SIGTERM to the detached daemon: it leaves, and removes its pid file
t6_stop "${BFDD_PID[B]}"
t6_wait 5 "B's pid file to go" sh -c "[ ! -e '$bpid' ]"
t6_pass
