#!/bin/bash
# The rc.d script and the systemd unit of bfdd read bfdd_enable,
# bfdd_flags and bfdd_pidfile from rc.conf: start is refused unless
# enabled (onestart is not), the flags reach the daemon, status, dump
# (SIGUSR1: the dump file) and stop work, and so does reload (SIGHUP: a
# neighbor added to bfdd.conf becomes a session); turtle6-rc (what the
# unit runs) reads the same variables; the unit is valid for systemd
# and reloads with SIGHUP (tests/lib/rc.sh).
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/rc.sh"
t6_init
t6_ns R
t6_nodad R
t6_link R ne0 R ne1
t6_addr R ne0 2001:db8:1::1/64 nodad

bconf=$(t6_path R bfdd.conf)
pid=$(t6_path R bfdd.pid)
sock=$(t6_path R bfdd.sock)
dump=$(t6_path R bfdd.dump)
cat > "$bconf" <<CONF
options { dump-file "$dump"; };
neighbor 2001:db8:1::2;
CONF
sessions() {
	"$T6_BIN/bfdctl" -s "$sock" show sessions | grep -c '^2001:db8:1::'
}
reload_adds() {
	t6_assert_eq 1 "$(sessions)" "sessions before the reload"
	echo "neighbor 2001:db8:1::3;" >> "$bconf"
	rc bfdd reload || t6_fail "rc.d reload"
	t6_wait 5 "the neighbor added by the reload" sh -c \
	    "[ \$('$T6_BIN/bfdctl' -s '$sock' show sessions | grep -c '^2001:db8:1::') = 2 ]"
}
rc_check bfdd "-c $bconf -p $pid -s $sock" "$pid" "$sock" "$dump" \
    "^bfdd dump " reload_adds
t6_assert_match '^ExecReload=/bin/kill -HUP \$MAINPID$' \
    "$(cat "$T6_TOP/etc/systemd/bfdd.service")"
t6_pass
