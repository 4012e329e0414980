#!/bin/bash
# The control socket on reload (bfdd.8 RELOAD):
# - control-socket changed: bfdd listens at the new path, the old file
#   is gone, and a client connected before (`bfdctl monitor`) stays and
#   still hears the state changes; the session does not flap;
# - control-mode changed: the file's mode follows, at the same path;
# - a path where the socket cannot be made (a regular file is there):
#   logged, and bfdd goes on listening where it was;
# - the neighbor's description: shown by `show sessions all` and in
#   JSON (spaces and all), changed and removed by reloads.
# bfdd runs without -s here, so the path comes from bfdd.conf.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/bfdd.sh"
. "$T6_TOP/tests/lib/bfdtest.sh"
t6_init

bfdt_t1
one=$(t6_path A one.sock)
two=$(t6_path A two.sock)
plain=$(t6_path A plain)
desc="core link 1 (via b0)"
aconf() {
	cat > "$(bfdd_conf A)" <<CONF
options { control-socket "$1"; control-mode $2;
    dump-file "$(t6_path A bfdd.dump)"; };
interface "a0" { interval 50ms; multiplier 5; };
neighbor 2001:db8:1::b { ${desc:+description \"$desc\";} };
CONF
}
a_desc() {
	actl "$1" -j show sessions | python3 -c '
import json, sys
print(json.load(sys.stdin)[0].get("description", "(none)"))'
}
actl() { "$T6_BIN/bfdctl" -s "$1" "${@:2}"; }
a_state() { actl "$1" show sessions | awk '$1 == "2001:db8:1::b" { print $3 }'; }
a_is() { [ "$(a_state "$1")" = "$2" ]; }
alog=$(t6_daemon_log A bfdd)

aconf "$one" 0660
cat > "$(bfdd_conf B)" <<CONF
interface "b0" { interval 50ms; multiplier 5; };
neighbor 2001:db8:1::a;
CONF
t6_daemon A bfdd "$T6_BIN/bfdd" -d -c "$(bfdd_conf A)" \
    -p "$(t6_path A bfdd.pid)"
BFDD_PID[A]=$T6_PID
t6_wait 10 "bfdd in A to answer at $one" actl "$one" show counters
bfdd_start B
t6_wait 5 "A's session to be Up" a_is "$one" Up
t6_assert_eq 660 "$(stat -c %a "$one")" "the socket's mode"
t6_assert_match "^  Description: +core link 1 \(via b0\)$" \
    "$(actl "$one" show sessions all)" "the description in the detail"
t6_assert_eq "$desc" "$(a_desc "$one")" "the description in JSON"
# a client from before the move
t6_daemon A monitor "$T6_BIN/bfdctl" -s "$one" monitor
t6_wait 5 "the monitor to be a client" sh -c \
    "'$T6_BIN/bfdctl' -s '$one' show clients | grep -q bfdctl"

# the mode alone, at the same path (and a new description)
desc="core link 2"
aconf "$one" 0600
bfdd_hup A
t6_wait 5 "the mode to change" sh -c "[ \$(stat -c %a '$one') = 600 ]"
grep -q "control socket $one, mode 0600" "$alog" ||
    t6_fail "the mode change was not logged"
t6_assert_eq "core link 2" "$(a_desc "$one")" "the description after a reload"

# a new path: the clients stay (and the description goes)
desc=""
aconf "$two" 0640
bfdd_hup A
t6_wait 5 "the socket to move" test -S "$two"
t6_wait 5 "the old socket file to go" sh -c "! test -e '$one'"
t6_assert_eq 640 "$(stat -c %a "$two")" "the moved socket's mode"
t6_assert_match "control socket $two, mode 0640, group [0-9]+ \(moved; clients kept\)" \
    "$(cat "$alog")"
t6_assert_eq Up "$(a_state "$two")" "the session, asked at the new path"
t6_assert_eq "(none)" "$(a_desc "$two")" "the description, removed"
actl "$one" show counters >/dev/null 2>&1 &&
    t6_fail "bfdctl still reached the old path"
t6_assert_match "bfdctl" "$(actl "$two" show clients)" \
    "the monitor among the clients"
t6_assert_eq 0 "$(bfdd_field B 2001:db8:1::a down)" "B's Downs in the moves"
# the monitor hears what happens after the move
actl "$two" disable 2001:db8:1::b >/dev/null ||
    t6_fail "disable at the new path"
t6_wait 5 "the monitor to print the AdminDown" grep -q \
    "2001:db8:1::b%a0 Up -> AdminDown" "$(t6_daemon_log A monitor)"
actl "$two" enable 2001:db8:1::b >/dev/null || t6_fail "enable"
t6_wait 5 "the monitor to print the session Up again" grep -qE \
    "2001:db8:1::b%a0 (Down|Init) -> Up" "$(t6_daemon_log A monitor)"

# a path that cannot be used: logged, the socket stays where it is
: > "$plain"
aconf "$plain" 0640
bfdd_hup A
t6_wait 5 "the refused move to be logged" grep -q \
    "reload: control socket $plain: a file that is not a socket is there; still listening on $two" "$alog"
t6_assert_eq Up "$(a_state "$two")" "the session, after the refused move"
test -f "$plain" || t6_fail "the file in the way was removed"
# the next reload tries again, from where the socket really is
rm -f "$plain"
bfdd_hup A
t6_wait 5 "the socket to move at the next reload" test -S "$plain"
t6_wait 5 "the socket file before it to go" sh -c "! test -e '$two'"
t6_assert_eq Up "$(a_state "$plain")" "the session at the third path"
t6_pass
