# The checks every daemon's rc.d script and systemd unit share; source
# after t6.sh.
#
#	t6_ns R
#	rc_check route6d "-i 1,6,4 -p $pid -C $sock -F $dump" "$pid" "$sock" \
#	    "$dump" "Routing Table Dump" [HOOK]
#
# With rc.conf at $T6_TMP/rc.conf, in namespace R: start is refused
# while NAME_enable is NO (onestart is not), rcvar shows the variable,
# status tells a stopped daemon from a running one, NAME_flags reach the
# daemon (the control socket appears where only they say), a second
# start is refused, dump (SIGUSR1) writes DUMPFILE with DUMPMARK in it,
# HOOK (a function, if given) runs while the daemon does, stop ends it
# and its pid file; NAME_interfaces (RC_INTERFACES) follow the flags;
# a daemon without a control socket names, with RC_FLAGFILE_TEST=-e, a
# file only its flags say where to make; turtle6-rc, what the systemd
# unit runs, reads the
# same variables and passes the flags; the unit passes systemd-analyze.

# rc NAME ARGS...: etc/rc.d/NAME in namespace R with our rc.conf.
rc() {
	local n=$1
	shift
	nsx R env RC_CONF="$T6_TMP/rc.conf" RC_SUBR="$T6_TOP/etc/rc.subr" \
	    command="$T6_BIN/$n" sh "$T6_TOP/etc/rc.d/$n" "$@"
}

# turtle6-rc ARGS... with our rc.conf.
rc_t6rc() {
	RC_CONF="$T6_TMP/rc.conf" RC_SUBR="$T6_TOP/etc/rc.subr" \
	    sh "$T6_TOP/etc/turtle6-rc" "$@"
}

rc_check() {
	local n=$1 flags=$2 pid=$3 sock=$4 dump=$5 mark=$6 hook=${7:-} out d
	local conf=$T6_TMP/rc.conf
	t6_on_exit "[ -s '$pid' ] && kill \$(cat '$pid')"
	cat > "$conf" <<CONF
${n}_enable="NO"
${n}_flags="$flags"
${n}_pidfile="$pid"
${n}_interfaces="${RC_INTERFACES:-}"
CONF
	out=$(rc "$n" start 2>&1) && t6_fail "start while disabled succeeded: $out"
	t6_assert_match "Cannot 'start' $n. Set ${n}_enable to YES" "$out"
	t6_assert_match "${n}_enable=\\\$\{${n}_enable:-NO\}" "$(rc "$n" rcvar)"
	out=$(rc "$n" status 2>&1) && t6_fail "status of a stopped $n succeeded"
	t6_assert_match "$n is not running" "$out"

	sed -i "s/${n}_enable=\"NO\"/${n}_enable=\"YES\"/" "$conf"
	rc "$n" start >/dev/null || t6_fail "rc.d start"
	t6_wait 10 "$n's pid file" test -s "$pid"
	# the flags reached it: the control socket is where only they say
	t6_wait 10 "$n's control socket" test "${RC_FLAGFILE_TEST:--S}" "$sock"
	t6_assert_match "$n is running as pid $(cat "$pid")" "$(rc "$n" status)"
	out=$(rc "$n" start 2>&1) && t6_fail "a second start succeeded"
	t6_assert_match 'already running' "$out"
	rm -f "$dump"
	rc "$n" dump || t6_fail "rc.d dump"
	t6_wait 5 "the dump" grep -q "$mark" "$dump"
	[ -n "$hook" ] && "$hook"
	d=$(cat "$pid")
	rc "$n" stop >/dev/null || t6_fail "rc.d stop"
	t6_alive "$d" && t6_fail "$n still running after stop"
	[ -e "$pid" ] && t6_fail "pid file left after stop"
	# onestart ignores NAME_enable
	sed -i "s/${n}_enable=\"YES\"/${n}_enable=\"NO\"/" "$conf"
	rc "$n" onestart >/dev/null || t6_fail "onestart"
	t6_wait 10 "$n's pid file" test -s "$pid"
	rc "$n" onestop >/dev/null || t6_fail "onestop"

	# turtle6-rc, what the systemd unit runs, reads the same variables
	rc_t6rc enabled "$n" && t6_fail "turtle6-rc says a disabled $n is enabled"
	sed -i "s/${n}_enable=\"NO\"/${n}_enable=\"yes\"/" "$conf"
	rc_t6rc enabled "$n" || t6_fail "turtle6-rc says an enabled $n is not"
	t6_assert_eq "$flags${RC_INTERFACES:+ $RC_INTERFACES}" \
	    "$(rc_t6rc exec "$n" /bin/echo)" \
	    "flags passed by turtle6-rc"
	# the unit, with its paths filled in, passes systemd's own check
	if command -v systemd-analyze >/dev/null; then
		sed -e "s|@LIBEXECDIR@|$T6_TOP/etc|g" -e "s|@SBINDIR@|$T6_BIN|g" \
		    "$T6_TOP/etc/systemd/$n.service" > "$T6_TMP/$n.service"
		out=$(systemd-analyze verify --man=no "$T6_TMP/$n.service" 2>&1) ||
		    t6_fail "systemd-analyze verify: $out"
	fi
}
