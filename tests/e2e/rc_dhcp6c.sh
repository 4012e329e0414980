#!/bin/bash
# The rc.d script and the systemd unit of dhcp6c read dhcp6c_enable,
# dhcp6c_flags and dhcp6c_interfaces from rc.conf: start is refused
# unless enabled (onestart is not), the flags and the interfaces reach
# the daemon (its command line), status, reload (SIGHUP: it restarts
# its exchanges and keeps running) and stop work (the pid file goes);
# turtle6-rc reads the same variables; the unit passes systemd-analyze.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/rc.sh"
t6_init
t6_ns R
t6_link R ne0 R ne1
conf=$(t6_path R dhcp6c.conf)
pid=$(t6_path R dhcp6c.pid)
echo 'interface ne0 { send ia-na 1; }; id-assoc na 1 { };' > "$conf"
flags="-c $conf -p $pid -u $(t6_path R duid) -l $(t6_path R leases)"
rcconf=$T6_TMP/rc.conf
t6_on_exit "[ -s '$pid' ] && kill \$(cat '$pid')"
cat > "$rcconf" <<CONF
dhcp6c_enable="NO"
dhcp6c_flags="$flags"
dhcp6c_pidfile="$pid"
dhcp6c_interfaces="ne0 ne1"
CONF
out=$(rc dhcp6c start 2>&1) && t6_fail "start while disabled: $out"
t6_assert_match "Cannot 'start' dhcp6c. Set dhcp6c_enable to YES" "$out"
t6_assert_match 'dhcp6c is not running' "$(rc dhcp6c status 2>&1)"
sed -i 's/dhcp6c_enable="NO"/dhcp6c_enable="YES"/' "$rcconf"
rc dhcp6c start >/dev/null || t6_fail "rc.d start"
t6_wait 10 "the pid file" test -s "$pid"
p=$(cat "$pid")
t6_assert_match "dhcp6c is running as pid $p" "$(rc dhcp6c status)"
cmd=$(tr '\0' ' ' < "/proc/$p/cmdline")
t6_log "command line: $cmd"
t6_assert_match " -c $conf .* ne0 ne1 \$" "$cmd"
rc dhcp6c reload || t6_fail "reload"
rc dhcp6c status-log || t6_fail "status-log"
t6_alive "$p" || t6_fail "dhcp6c died on SIGHUP"
rc dhcp6c stop >/dev/null || t6_fail "rc.d stop"
t6_alive "$p" && t6_fail "still running after stop"
[ -e "$pid" ] && t6_fail "pid file left"
sed -i 's/dhcp6c_enable="YES"/dhcp6c_enable="NO"/' "$rcconf"
rc dhcp6c onestart >/dev/null || t6_fail "onestart"
t6_wait 10 "the pid file" test -s "$pid"
rc dhcp6c onestop >/dev/null || t6_fail "onestop"
rc_t6rc enabled dhcp6c && t6_fail "turtle6-rc: disabled dhcp6c is enabled"
sed -i 's/dhcp6c_enable="NO"/dhcp6c_enable="yes"/' "$rcconf"
rc_t6rc enabled dhcp6c || t6_fail "turtle6-rc: enabled dhcp6c is not"
unit=$T6_TMP/dhcp6c.service
sed -e "s|@LIBEXECDIR@|$T6_TOP/etc|g" -e "s|@SBINDIR@|$T6_BIN|g" \
    "$T6_TOP/etc/systemd/dhcp6c.service" > "$unit"
# the unit's command, run as systemd would: turtle6-rc with rc.conf
ex=$(sed -n 's/^ExecStart=//p' "$unit")
[ -n "$ex" ] || t6_fail "no ExecStart in the unit"
# shellcheck disable=SC2086
nsx R env RC_CONF="$rcconf" RC_SUBR="$T6_TOP/etc/rc.subr" sh $ex ||
    t6_fail "the unit's ExecStart"
t6_wait 10 "the pid file (unit)" test -s "$pid"
t6_assert_match " ne0 ne1 \$" "$(tr '\0' ' ' < "/proc/$(cat "$pid")/cmdline")"
kill "$(cat "$pid")"
t6_wait 10 "exit" sh -c "! test -e '$pid'"
if command -v systemd-analyze >/dev/null; then
	out=$(systemd-analyze verify --man=no "$unit" 2>&1) ||
	    t6_fail "systemd-analyze verify: $out"
fi
t6_pass
