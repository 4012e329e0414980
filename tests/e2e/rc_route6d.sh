#!/bin/bash
# The rc.d script and the systemd unit of route6d read route6d_enable,
# route6d_flags and route6d_pidfile from rc.conf: start is refused unless
# enabled (onestart is not), the flags reach the daemon, status, dump and
# stop work; turtle6-rc (what the unit runs) reads the same variables;
# the unit is valid for systemd (tests/lib/rc.sh).
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/rc.sh"
t6_init
t6_ns R
t6_link R ne0 R ne1

pid=$(t6_path R route6d.pid)
sock=$(t6_path R route6d.sock)
dump=$(t6_path R route6d.dump)
rc_check route6d "-i 1,6,4 -p $pid -C $sock -F $dump" "$pid" "$sock" \
    "$dump" "Routing Table Dump"
t6_pass
