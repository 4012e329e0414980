#!/bin/bash
# The rc.d script and the systemd unit of route6d read route6d_enable,
# route6d_flags and route6d_pidfile from rc.conf: start is refused unless
# enabled (onestart is not), the flags reach the daemon, status, dump and
# stop work; turtle6-rc (what the unit runs) reads the same variables;
# the unit is valid for systemd.
# t6-timeout: 60
. "$T6_TOP/tests/lib/t6.sh"
t6_init
t6_ns R
t6_link R ne0 R ne1

conf=$T6_TMP/rc.conf
pid=$(t6_path R route6d.pid)
sock=$(t6_path R route6d.sock)
dump=$(t6_path R route6d.dump)
rc() { nsx R env RC_CONF="$conf" RC_SUBR="$T6_TOP/etc/rc.subr" \
    command="$T6_BIN/route6d" sh "$T6_TOP/etc/rc.d/route6d" "$@"; }
t6_on_exit "[ -s '$pid' ] && kill \$(cat '$pid')"

cat > "$conf" <<CONF
route6d_enable="NO"
route6d_flags="-i 1,6,4 -p $pid -C $sock -F $dump"
route6d_pidfile="$pid"
CONF
out=$(rc start 2>&1) && t6_fail "start while disabled succeeded: $out"
t6_assert_match "Cannot 'start' route6d. Set route6d_enable to YES" "$out"
t6_assert_match 'route6d_enable=\$\{route6d_enable:-NO\}' "$(rc rcvar)"
out=$(rc status 2>&1) && t6_fail "status of a stopped daemon succeeded"
t6_assert_match 'route6d is not running' "$out"

sed -i 's/route6d_enable="NO"/route6d_enable="YES"/' "$conf"
rc start >/dev/null || t6_fail "rc.d start"
t6_wait 10 "route6d's pid file" test -s "$pid"
# the flags reached it: the control socket is where only they say
t6_wait 10 "route6d's control socket" test -S "$sock"
t6_assert_match "route6d is running as pid $(cat "$pid")" "$(rc status)"
out=$(rc start 2>&1) && t6_fail "a second start succeeded"
t6_assert_match 'already running' "$out"
rc dump || t6_fail "rc.d dump"
t6_wait 5 "the dump" grep -q "Routing Table Dump" "$dump"
d=$(cat "$pid")
rc stop >/dev/null || t6_fail "rc.d stop"
t6_alive "$d" && t6_fail "route6d still running after stop"
[ -e "$pid" ] && t6_fail "pid file left after stop"
# onestart ignores route6d_enable
sed -i 's/route6d_enable="YES"/route6d_enable="NO"/' "$conf"
rc onestart >/dev/null || t6_fail "onestart"
t6_wait 10 "route6d's pid file" test -s "$pid"
rc onestop >/dev/null || t6_fail "onestop"

# turtle6-rc, what the systemd unit runs, reads the same variables
tr() { RC_CONF="$conf" RC_SUBR="$T6_TOP/etc/rc.subr" sh "$T6_TOP/etc/turtle6-rc" "$@"; }
tr enabled route6d && t6_fail "turtle6-rc says a disabled route6d is enabled"
sed -i 's/route6d_enable="NO"/route6d_enable="yes"/' "$conf"
tr enabled route6d || t6_fail "turtle6-rc says an enabled route6d is not"
t6_assert_eq "-i 1,6,4 -p $pid -C $sock -F $dump" "$(tr exec route6d /bin/echo)" \
    "flags passed by turtle6-rc"
# the unit, with its paths filled in, passes systemd's own check
if command -v systemd-analyze >/dev/null; then
	sed -e "s|@LIBEXECDIR@|$T6_TOP/etc|g" -e "s|@SBINDIR@|$T6_BIN|g" \
	    "$T6_TOP/etc/systemd/route6d.service" > "$T6_TMP/route6d.service"
	out=$(systemd-analyze verify --man=no "$T6_TMP/route6d.service" 2>&1) ||
	    t6_fail "systemd-analyze verify: $out"
fi
t6_pass
