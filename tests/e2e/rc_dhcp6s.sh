#!/bin/bash
# The rc.d script and the systemd unit of dhcp6s read dhcp6s_enable,
# dhcp6s_flags, dhcp6s_interfaces and dhcp6s_pidfile from rc.conf: start
# is refused unless enabled (onestart is not), the flags and interfaces
# reach the daemon (it makes the lease file only -l names, and serves
# the interface), status, dump (SIGUSR1: the dump file), stop and reload
# (SIGHUP: counted in the dump) work; turtle6-rc reads the same variables;
# the unit is valid for systemd (tests/lib/rc.sh).
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/rc.sh"
t6_init
t6_ns R
t6_link R ne0 R ne1

dconf=$(t6_path R dhcp6s.conf)
pid=$(t6_path R dhcp6s.pid)
leases=$(t6_path R leases)
dump=$(t6_path R dump)
log=$(t6_path R syslog)
echo 'option domain-name-servers 2001:db8::53;' > "$dconf"
reloads() {
	echo 'option domain-name "example.org";' >> "$dconf"
	rc dhcp6s reload || t6_fail "rc.d reload"
	t6_wait 5 "the reload" sh -c "kill -USR1 \$(cat '$pid');
	    grep -q 'reloads 1\$' '$dump'"
}
RC_INTERFACES="ne0 ne1" RC_FLAGFILE_TEST=-e rc_check dhcp6s \
    "-c $dconf -P $pid -l $leases -o $dump -u $(t6_path R duid) -s $(t6_path R sock)" \
    "$pid" \
    "$leases" "$dump" "^# bindings 0" reloads
t6_assert_match '^ExecReload=/bin/kill -HUP \$MAINPID$' \
    "$(cat "$T6_TOP/etc/systemd/dhcp6s.service")"
t6_pass
