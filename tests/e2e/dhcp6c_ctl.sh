#!/bin/bash
# dhcp6ctl -C and dhcp6c's control port ([::1]:5546 with a key file, as
# WIDE's client): "stop interface cli0" releases what the interface
# holds (the address goes, the server's binding goes) and sends nothing
# more there; "start interface cli0" begins again and the address comes
# back; "reload" restarts as SIGHUP does; a command signed with another
# key is refused and nothing happens; "stop" releases and ends dhcp6c
# with status 0.  Without a key file dhcp6c runs with no control port.
# The read-only status socket (-s): "dhcp6ctl -C status" lists the
# lease (interface, state, IA, address, lifetimes, the server's DUID)
# as a table and JSON, and the counters; the socket goes at exit.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need openssl

d6s_lab
cat > "$(d6s_conf srv)" <<CONF
pool p { range 2001:db8:1::10 to 2001:db8:1::ff; };
interface srv0 { address-pool p 300 600; };
CONF
d6s_start srv srv0
key=$(t6_path cli ctlkey)
openssl rand -base64 16 > "$key"
chmod 600 "$key"
cconf=$(t6_path cli dhcp6c.conf)
echo 'interface cli0 { send ia-na 1; }; id-assoc na 1 { };' > "$cconf"
ssock=$(t6_path cli status.sock)
t6_daemon cli dhcp6c "$T6_BIN/dhcp6c" -f -D -k "$key" -c "$cconf" -s "$ssock" \
    -p "$(t6_path cli pid)" -l "$(t6_path cli lease)" -u "$(t6_path cli duid)" cli0
C6=$T6_PID
clog=$(t6_daemon_log cli dhcp6c)
has() { ip -n "$(t6_nsname cli)" -6 addr show dev cli0 | grep -q 2001:db8:1::; }
t6_wait 15 "the address" has
t6_wait 5 "the control port" sh -c \
    "ip netns exec $(t6_nsname cli) ss -Hltn 'sport = :5546' | grep -q '::1'"
ctl() { nsx cli "$T6_BIN/dhcp6ctl" -C -k "$key" "$@"; }

# the status socket
sduid=$(od -An -tx1 -j2 "$(t6_path srv duid)" | tr -d ' \n' | sed 's/../&:/g; s/:$//')
table=$(nsx cli "$T6_BIN/dhcp6ctl" -C -s "$ssock" status)
t6_assert_match "^cli0 +bound +NA +1 +2001:db8:1::1[0-9a-f]/128 +300 +600 +[0-9]+ $sduid$" \
    "$table" "the lease table"
json=$(nsx cli "$T6_BIN/dhcp6ctl" -j -s "$ssock" status leases)
python3 -c 'import json,sys; l = json.loads(sys.argv[1])["leases"]; assert len(l) == 1 and l[0]["interface"] == "cli0" and l[0]["type"] == "NA" and l[0]["valid"] == 600 and 0 < l[0]["remaining"] <= 600 and l[0]["server"] == sys.argv[2], l' \
    "$json" "$sduid" || t6_fail "JSON: $json"
counters=$(nsx cli "$T6_BIN/dhcp6ctl" -C -s "$ssock" status counters)
t6_assert_match "^cli0.sent-request +1$" "$counters" "the counters"
t6_assert_match "^cli0.dropped-auth +0$" "$counters" "the drop counters"

ctl stop interface cli0 || t6_fail "stop interface"
t6_wait 10 "the release" sh -c "! ip -n $(t6_nsname cli) -6 addr show dev cli0 | grep -q 2001:db8:1::"
t6_wait 5 "the server's binding gone" sh -c "kill -USR1 $D6S_PID;
    ! grep -q ' NA 1 ' '$(t6_path srv dump)'"
t6_assert_match "cli0: stopped by dhcp6ctl" "$(cat "$clog")"
ctl start interface cli0 || t6_fail "start interface"
t6_wait 15 "the address back" has
t6_assert_match "cli0: starting again" "$(cat "$clog")"
ctl reload || t6_fail "reload"
t6_wait 10 "the restart" grep -q restarting "$clog"
t6_wait 15 "the address after the reload" has

other=$(t6_path cli other)
openssl rand -base64 16 > "$other"
nsx cli "$T6_BIN/dhcp6ctl" -C -k "$other" stop || t6_fail "dhcp6ctl"
t6_wait 5 "the refusal" grep -q "control message refused: authentication failure" "$clog"
t6_alive "$C6" || t6_fail "dhcp6c stopped by a command with another key"

ctl stop || t6_fail "stop"
t6_wait 10 "dhcp6c to end" t6__gone "$C6"
wait "$C6"
t6_assert_eq 0 "$?" "exit status"
[ -e "$ssock" ] && t6_fail "the status socket is left after exit"
t6_wait 5 "the server's binding gone after stop" sh -c "kill -USR1 $D6S_PID;
    ! grep -q ' NA 1 ' '$(t6_path srv dump)'"

# no key file: no control port
t6_daemon cli dhcp6c2 "$T6_BIN/dhcp6c" -f -D -k "$(t6_path cli nokey)" \
    -c "$cconf" -p "$(t6_path cli pid2)" -l "$(t6_path cli lease2)" \
    -u "$(t6_path cli duid)" cli0
t6_wait 10 "the note" grep -q "skip opening control port" \
    "$(t6_daemon_log cli dhcp6c2)"
out=$(ctl reload 2>&1) && t6_fail "reload without a control port"
t6_assert_match "failed to connect to the server" "$out"
t6_pass
