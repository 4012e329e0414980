#!/bin/bash
# dhcp6c's command line and files, without a server:
# - no interface: the usage line, exit 0 (as WIDE); an unknown or
#   repeated interface: "failed to initialize", exit 1;
# - -n prints the configuration back (it reads back the same) and exits
#   0; a bad file exits 1 with "file:line: what";
# - the DUID file (-u) is made on the first run: 16 bytes, native-endian
#   length 14, DUID-LLT (00 01 00 01), 4 time bytes, the MAC of an
#   Ethernet interface; it is reused unchanged by the next run; a
#   corrupted one stops the start with "DUID file corrupted";
# - with DAD on, the first Solicit waits for the link-local to be
#   usable (never before), and it is sent within 1 s after that;
# - the pid file (-p) holds the pid, a second instance is refused, and
#   SIGTERM with nothing to release exits at once and removes it;
# - malformed messages (short, an option past the end) and wrong ones
#   (Reply with another XID, a Reconfigure to a client that did not
#   send reconfigure-accept) sent to port 546 are counted and dropped
#   (SIGUSR1 logs the counters), and dhcp6c goes on.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
t6_init
t6_need python3
D=$T6_BIN/dhcp6c
t6_ns C host
t6_ns S host
t6_link C eth0 S eth0 02:00:00:00:00:c1
conf=$(t6_path C dhcp6c.conf)
cat > "$conf" <<'CONF'
interface eth0 { send ia-na 1; request domain-name-servers; };
id-assoc na 1 { address 2001:db8::1 100 200; };
CONF

out=$("$D" 2>&1); rc=$?
t6_assert_eq 0 "$rc" "usage exit status"
t6_assert_match '^usage: dhcp6c ' "$out"
out=$(nsx C "$D" -c "$conf" nosuch0 2>&1) && t6_fail "unknown interface accepted"
t6_assert_match 'failed to initialize nosuch0' "$out"
out=$(nsx C "$D" -c "$conf" eth0 eth0 2>&1) && t6_fail "repeated interface accepted"
t6_assert_match 'failed to initialize eth0' "$out"

printed=$("$D" -n -c "$conf") || t6_fail "-n failed"
t6_assert_match 'address 2001:db8::1 100 200;' "$printed"
printf '%s\n' "$printed" > "$(t6_path C printed.conf)"
t6_assert_eq "$printed" "$("$D" -n -c "$(t6_path C printed.conf)")" "-n twice"
printf 'interface eth0 {\n send ia-na 9;\n};\n' > "$(t6_path C bad.conf)"
out=$("$D" -n -c "$(t6_path C bad.conf)" 2>&1) && t6_fail "bad file accepted"
t6_assert_match "bad.conf:2: IA_NA \\(9\\) is not defined" "$out"

# DUID: made, then reused
duid=$(t6_path C duid)
cap=$(t6_path S eth0.pcap)
t6_capture S eth0 "$cap" "udp port 547"
d6c_start C "$(cat "$conf")" eth0
pid=$D6C_PID
t6_wait 10 "the DUID file" test -s "$duid"
hex=$(od -An -tx1 "$duid" | tr -d ' \n')
t6_log "DUID file $hex"
t6_assert_eq 32 "${#hex}" "DUID file length (hex digits)"
t6_assert_match '^0e0000010001[0-9a-f]{8}0200000000c1$' "$hex"
# the first Solicit: after the link-local is usable, within 1 s of it
t6_wait 10 "a Solicit" sh -c "tshark -n -r '$cap' -Y 'dhcpv6.msgtype == 1' 2>/dev/null | grep -q ."
log=$(d6c_log C)
t6_assert_match 'link-local ready, starting' "$log"
t6_assert_match 'send solicit' "$(sed -n '/link-local ready/,$p' <<<"$log")"
t6_assert_nomatch 'send solicit' "$(sed -n '/link-local ready/q;p' <<<"$log")"
t6_assert_match "^$pid\$" "$(cat "$(t6_path C dhcp6c.pid)")"
out=$(nsx C "$D" -f -c "$conf" -p "$(t6_path C dhcp6c.pid)" -u "$duid" \
    -l "$(t6_path C leases2)" eth0 2>&1) && t6_fail "second instance ran"
t6_assert_match 'already running' "$out"

# bad input to port 546, from S to C's link-local (S's own link-local
# must have finished DAD to be a source)
t6_wait_dad S
llc=$(t6_lladdr C eth0)
nsx S python3 - "$llc" <<'PY' || t6_fail "could not send"
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
dst = (sys.argv[1], 546, 0, socket.if_nametoindex("eth0"))
for m in (b"\x07\x01",                          # short
          b"\x07\x00\x00\x01\x00\x01\x00\x30ab",   # option past the end
          b"\x07\xab\xcd\xef\x00\x02\x00\x02xy",   # Reply, other XID
          b"\x0a\x00\x00\x00"):                   # Reconfigure
    s.sendto(m, dst)
PY
t6_wait 5 "the drops to be counted" sh -c "kill -USR1 $pid; grep -q 'decode 2 type 0 xid 1 .* reconfigure 1' '$(t6_daemon_log C dhcp6c)'"
t6_alive "$pid" || t6_fail "dhcp6c died on bad input"
t6_assert_match 'malformed message from .*: short' "$(d6c_log C)"
t6_assert_match 'malformed message from .*: optlen' "$(d6c_log C)"

t6_stop "$pid" TERM || t6_fail "exit status $?"
[ -e "$(t6_path C dhcp6c.pid)" ] && t6_fail "pid file left"
t6_capture_stop "$cap"
# a second run reuses the DUID as it is (the first run's log moved
# aside: the wait below must see the second one's)
mv "$(t6_daemon_log C dhcp6c)" "$(t6_path C dhcp6c-1.log)"
d6c_start C "$(cat "$conf")" eth0
t6_wait 10 "the second run's DUID line" grep -q 'DUID 00:01' "$(t6_daemon_log C dhcp6c)"
t6_assert_nomatch 'saved generated DUID' "$(d6c_log C)"
t6_assert_eq "$hex" "$(od -An -tx1 "$duid" | tr -d ' \n')" "DUID file reused"
t6_stop "$D6C_PID" TERM
# a corrupted one
printf '\x20\x00\x01' > "$duid"
out=$(nsx C "$D" -f -c "$conf" -p "$(t6_path C p3)" -u "$duid" -l "$(t6_path C l3)" eth0 2>&1) &&
    t6_fail "started with a corrupted DUID file"
t6_assert_match 'DUID file corrupted' "$out"
t6_pass
