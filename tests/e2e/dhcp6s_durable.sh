#!/bin/bash
# No lease is lost when dhcp6s is killed (-9) under load: rapid-commit
# Solicits from 3,000 clients, a window of 32 in flight, SIGKILL once
# 1,500 Replies came back; after a restart, every address a Reply gave
# is bound again to the client it was given to (the lease database is
# written before the Reply leaves), and the next clients get addresses
# nobody holds.  Then the lease database replays a torn last record
# (a write cut short): the record is dropped, the rest is kept, and the
# file is rewritten whole.
# t6-timeout: 90
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need python3

d6s_lab
cat > "$(d6s_conf srv)" <<CONF
pool p1 { range 2001:db8:1::1 to 2001:db8:1::ffff; };
interface srv0 { allow rapid-commit; address-pool p1 600 1200; };
CONF
# -d, not -D: a debug line per message would make the log the bottleneck
t6_daemon srv dhcp6s "$T6_BIN/dhcp6s" -f -d -c "$(d6s_conf srv)" \
    -P "$(t6_path srv dhcp6s.pid)" -l "$(t6_path srv leases)" \
    -u "$(t6_path srv duid)" -o "$(t6_path srv dump)" \
    -s "$(t6_path srv status.sock)" srv0
D6S_PID=$T6_PID
t6_wait 10 "dhcp6s to start" grep -q "started on" "$(d6s_log srv)"
given=$(t6_path cli given)
out=$(nsx cli python3 "$T6_TOP/tests/lib/d6s_load.py" cli0 3000 1500 \
    "$D6S_PID" "$given" 2>&1) || t6_fail "load: $out"
t6_log "$out"
t6_wait 5 "dhcp6s to die" t6__gone "$D6S_PID"
wait "$D6S_PID" 2>/dev/null
n=$(wc -l < "$given")
[ "$n" -ge 1500 ] || t6_fail "only $n leases given before the kill"

d6s_start srv srv0
dump=$(d6s_dump srv)
lost=$(awk 'NR == FNR { held[$1 " " $4] = 1; next }
	{ d = $1; gsub(/../, "&:", d); sub(/:$/, "", d)
	  if (!((d " " $2 "/128") in held)) lost++ }
	END { print lost + 0 }' <(printf '%s\n' "$dump") "$given")
[ "$lost" = 0 ] || t6_fail "$lost of $n leases given were lost at kill -9"
t6_log "$n leases given before and just after the kill; all kept"
# nobody gets an address that is held
out=$(nsx cli python3 - "$T6_TOP/tests/lib" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from dhcp6probe import *
p = Probe("cli0")
for i in range(50):
    p.send(msg(SOLICIT, 90000 + i, clientid(duid_llt("06:00:00:00:%04x" % i)),
               opt(RAPID_COMMIT), ia_na(1)))
for x, r in sorted(p.replies(2.0).items()):
    for ia in r.ias():
        for l in ia.leases:
            print(l[0])
PY
)
[ "$(wc -l <<<"$out")" = 50 ] || t6_fail "50 new clients, $(wc -l <<<"$out") answered"
twice=$(awk 'NR == FNR { new[$1] = 1; next } ($2 in new)' \
    <(printf '%s\n' "$out") "$given")
[ -z "$twice" ] || t6_fail "given twice: $twice"
t6_stop "$D6S_PID"

# a torn record: the tail of the file cut mid-line
db=$(t6_path srv leases)
total=$(grep -c '^b ' "$db")
head -c -7 "$db" > "$db.cut" && mv "$db.cut" "$db"
d6s_start srv srv0
t6_assert_match "line [0-9]+ is torn" "$(cat "$(d6s_log srv)")" "torn line"
t6_assert_match "^$((total - 1)) bindings from" \
    "$(grep 'bindings from' "$(d6s_log srv)" | tail -1 | sed 's/^dhcp6s: //')" \
    "all bindings but the torn one"
[ "$(tail -c 1 "$db" | od -An -c | tr -d ' ')" = '\n' ] ||
    t6_fail "the lease file was not rewritten whole"
t6_pass
