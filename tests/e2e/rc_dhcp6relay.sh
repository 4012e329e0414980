#!/bin/bash
# The rc.d script and the systemd unit of dhcp6relay read
# dhcp6relay_enable, dhcp6relay_flags, dhcp6relay_interfaces and
# dhcp6relay_pidfile from rc.conf: start is refused unless enabled
# (onestart is not), the flags and interfaces reach the relay (it
# listens on both links the interfaces name, as its dump says, and
# writes the dump where only -o says), status, dump and stop work;
# turtle6-rc reads the same variables; the unit is valid for systemd
# (tests/lib/rc.sh).
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/rc.sh"
t6_init
t6_ns R
t6_link R ne0 R ne1
pid=$(t6_path R relay.pid)
dump=$(t6_path R relay.dump)
RC_INTERFACES="ne0 ne1" RC_FLAGFILE_TEST=-e rc_check dhcp6relay \
    "-r ne1 -s 2001:db8::547 -p $pid -o $dump" "$pid" "$pid" "$dump" \
    "^listen ne1 "
t6_pass
