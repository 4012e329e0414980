#!/bin/bash
# dhcp6s's delayed authentication (spec S7, RFC 3315 21.4): a Solicit
# asking for it gets an Advertise signed with the host's key (option of
# 43 bytes, an NTP-time RD, realm kame.example, key ID 1, an HMAC-MD5
# the client can check); a signed Request gets a signed Reply with a
# larger RD; a replayed Request, a bad MAC, another key ID or realm, an
# option without authentication information, no option at all (no
# downgrade, where KAME took it), protocol 3 from a client, and an
# expired key are all dropped and logged; a host without a key gets an
# unsigned Advertise; a relayed exchange is signed over the client's
# message only.  The last value taken from the client is in the lease
# database: after kill -9 and a restart, a Renew it took before is still
# a replay, and a fresh one is taken.  A keyinfo in a file others can read is refused.
# t6-timeout: 40
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
t6_init
t6_need python3

d6s_lab
conf=$(d6s_conf srv)
cat > "$conf" <<CONF
keyinfo kamekey {
	realm "kame.example";
	keyid 1;
	secret "yHShgx8gdo20EIgxi6oO1w==";
};
keyinfo oldkey {
	realm "kame.example";
	keyid 1;
	secret "yHShgx8gdo20EIgxi6oO1w==";
	expire "2000-01-01 00:00";
};
host kame {
	duid 00:01:00:01:09:5f:93:76:00:03:47:a5:30:85;
	address 2001:db8:ffff::1 100 200;
	delayedkey kamekey;
};
host old {
	duid 00:01:00:01:09:5f:93:76:00:03:47:a5:30:86;
	address 2001:db8:ffff::2 100 200;
	delayedkey oldkey;
};
host nokey {
	duid 00:01:00:01:09:5f:93:76:00:03:47:a5:30:87;
	address 2001:db8:ffff::3 100 200;
};
CONF
chmod 644 "$conf"
out=$("$T6_BIN/dhcp6s" -t -c "$conf" 2>&1) && t6_fail "a readable keyinfo file accepted"
t6_assert_match "holds keyinfo secrets but is readable by others" "$out"
chmod 600 "$conf"
d6s_start srv srv0
sduid=$(od -An -tx1 -j2 "$(t6_path srv duid)" | tr -d ' \n')
saved=$(t6_path cli renew)
out=$(nsx cli python3 "$T6_TOP/tests/lib/d6s_auth.py" cli0 "$sduid" \
    "$saved" 2>&1) || t6_fail "$out"
log=$(cat "$(d6s_log srv)")
for m in "possible replay attack detected for client kame" \
    "invalid message authentication" \
    "authentication key mismatch with client kame" \
    "client kame did not provide authentication information in request" \
    "authentication protocol 3 from" "key oldkey has expired" \
    "wanted authentication, but no key found" \
    "message authentication validated for client kame"; do
	t6_assert_match "$m" "$log" "logged: $m"
done
t6_assert_match "# dropped auth 8" "$(d6s_dump srv)" "drops counted"
# the replay state survives kill -9 (KAME took any first value)
t6_stop "$D6S_PID" KILL
d6s_start srv srv0
out=$(nsx cli python3 "$T6_TOP/tests/lib/d6s_auth.py" cli0 "$sduid" \
    "$saved" replay 2>&1) || t6_fail "after the restart: $out"
t6_assert_match "possible replay attack detected for client kame" \
    "$(cat "$(d6s_log srv)")" "the replay after the restart"
t6_pass
