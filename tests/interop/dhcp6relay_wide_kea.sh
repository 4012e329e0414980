#!/bin/bash
# dhcp6relay with the peers operators run (issue 6 interop):
# - WIDE's dhcp6c -- our dhcp6relay -s Kea's address -- Kea: Kea picks
#   the subnet by the relay's link-address and answers through the
#   relay; WIDE's client configures the address.
# - our dhcp6c -- our dhcp6relay -- WIDE's dhcp6relay -- our dhcp6s:
#   a chain with WIDE's relay above ours; the server sees two layers,
#   WIDE hands the inner Relay-reply to our relay's port (547, which
#   our Relay-forwards leave from; the book says KAME used 546), and
#   the client is configured.
# - our dhcp6c -- WIDE's dhcp6relay -- our dhcp6s: dhcp6s opens WIDE's
#   Relay-forward (its Interface-Id echoed) and answers to port 547
#   (RFC 8415; WIDE takes it there from its -r link, and drops what
#   comes from any other link it does not listen on), and the client is
#   bound through it.
# tshark finds nothing malformed on either upstream link.
# t6-timeout: 90
. "$T6_TOP/tests/lib/t6.sh"
. "$T6_TOP/tests/lib/dhcp6s.sh"
. "$T6_TOP/tests/lib/dhcp6c.sh"
t6_init
t6_need /usr/sbin/dhcp6c /usr/sbin/dhcp6relay tshark tcpdump unshare
kea_need

# 1: WIDE dhcp6c -- our relay -- Kea
t6_ns wc host
t6_ns R
t6_ns S host
t6_link wc cli0 R down0
t6_link R up0 S eth0
t6_addr R down0 2001:db8:ffff::fffe/64
t6_addr R up0 2001:db8:9::1/64
t6_addr S eth0 2001:db8:9::2/64
for n in wc R S; do t6_wait_dad "$n"; done
# Kea takes unicast only on an address named so (eth0/ADDR), and does
# not listen on ff05::1:3: the relay sends to that address
cat > "$T6_TMP/S/kea.json" <<CONF
{"Dhcp6": {
 "interfaces-config": {"interfaces": ["eth0/2001:db8:9::2"]},
 "lease-database": {"type": "memfile", "persist": true,
   "name": "$T6_TMP/S/leases6.csv", "lfc-interval": 0},
 "server-id": {"type": "LL", "persist": false},
 "subnet6": [{"subnet": "2001:db8:ffff::/64",
   "pools": [{"pool": "2001:db8:ffff::100-2001:db8:ffff::1ff"}]}],
 "loggers": [{"name": "kea-dhcp6", "output_options":
   [{"output": "stdout"}], "severity": "INFO"}]
}}
CONF
t6_daemon S kea env KEA_PIDFILE_DIR="$T6_TMP/S" KEA_LOCKFILE_DIR="$T6_TMP/S" \
    kea-dhcp6 -c "$T6_TMP/S/kea.json"
t6_wait 15 "Kea to listen" sh -c \
    "ip netns exec $(t6_nsname S) ss -Hlun 'sport = :547' | grep -q 2001:db8:9::2"
cap=$T6_TMP/up0.pcap
t6_capture R up0 "$cap" "udp port 547"
t6_daemon R relay "$T6_BIN/dhcp6relay" -f -D -s 2001:db8:9::2 \
    -p "$(t6_path R relay.pid)" -o "$(t6_path R relay.dump)" down0
t6_wait 10 "our relay" grep -q "started on" "$(t6_daemon_log R relay)"
echo 'interface cli0 { send ia-na 1; }; id-assoc na 1 { };' > \
    "$(t6_path wc dhcp6c.conf)"
wide_dhcp6c wc "$(t6_path wc dhcp6c.conf)" cli0
t6_wait 20 "WIDE's client bound by Kea through our relay" sh -c \
    "ip -n $(t6_nsname wc) -6 addr show dev cli0 | grep -q 2001:db8:ffff::1"
t6_assert_match "^2001:db8:ffff::1[0-9a-f]{2}," \
    "$(grep -v '^address' "$T6_TMP/S/leases6.csv" | tail -1)" "Kea's lease"
t6_capture_stop "$cap"
t6_dissect_clean "$cap" 4
t6_assert_match "Relay-reply" "$(t6_dissect "$cap" dhcpv6)" "Kea's answer"

# 2: our dhcp6c -- WIDE's dhcp6relay -- our dhcp6s
t6_ns oc host
t6_ns W
t6_ns D
t6_link oc eth0 W down1
t6_link W up1 D srv0
t6_addr W down1 2001:db8:ffff::fffe/64
t6_addr W up1 2001:db8:8::1/64
t6_addr D srv0 2001:db8:8::2/64
for n in oc W D; do t6_wait_dad "$n"; done
cat > "$(d6s_conf D)" <<CONF
pool p { range 2001:db8:ffff::200 to 2001:db8:ffff::2ff; };
interface srv0 { address-pool p 300 600; };
CONF
d6s_start D srv0
cap2=$T6_TMP/up1.pcap
t6_capture W up1 "$cap2" "udp port 547 or udp port 546"
wide_run W widerelay /usr/sbin/dhcp6relay -f -D -s 2001:db8:8::2 -r up1 \
    -p "$(t6_path W wr.pid)" down1
t6_wait 10 "WIDE's relay" sh -c \
    "ip netns exec $(t6_nsname W) ss -ulnp | grep -q dhcp6relay"
echo 'interface eth0 { send ia-na 1; }; id-assoc na 1 { };' > \
    "$(t6_path oc dhcp6c.conf)"
t6_daemon oc dhcp6c "$T6_BIN/dhcp6c" -f -D -c "$(t6_path oc dhcp6c.conf)" \
    -p "$(t6_path oc pid)" -l "$(t6_path oc lease)" -u "$(t6_path oc duid)" eth0
t6_wait 20 "our client bound by dhcp6s through WIDE's relay" sh -c \
    "ip -n $(t6_nsname oc) -6 addr show dev eth0 | grep -q 2001:db8:ffff::200"
t6_assert_match "dhcp6 relay: hop=0, linkaddr=2001:db8:ffff::fffe" \
    "$(cat "$(d6s_log D)")" "WIDE's Relay-forward opened"
t6_capture_stop "$cap2"
t6_dissect_clean "$cap2" 4
rr=$(tshark -n -r "$cap2" -Y "dhcpv6.msgtype == 13" -V 2>/dev/null)
t6_assert_match "Interface-ID" "$rr" "the Interface-Id echoed"
t6_assert_match "Destination Port: 547" "$rr" "to the relay's port 547"

# 3: our dhcp6c -- our dhcp6relay -- WIDE's dhcp6relay -- our dhcp6s
t6_ns c3 host
t6_ns R3
t6_ns W3
t6_ns D3
t6_link c3 eth0 R3 down1
t6_link R3 up1 W3 wd0
t6_link W3 wu0 D3 srv0
t6_addr R3 down1 2001:db8:ffff::fffe/64
t6_addr R3 up1 2001:db8:7::1/64
t6_addr W3 wd0 2001:db8:7::2/64
t6_addr W3 wu0 2001:db8:6::1/64
t6_addr D3 srv0 2001:db8:6::2/64
for n in c3 R3 W3 D3; do t6_wait_dad "$n"; done
cat > "$(d6s_conf D3)" <<CONF
pool p { range 2001:db8:ffff::300 to 2001:db8:ffff::3ff; };
interface srv0 { address-pool p 300 600; };
CONF
d6s_start D3 srv0
cap3=$T6_TMP/wd0.pcap
t6_capture W3 wd0 "$cap3" "udp port 547 or udp port 546"
wide_run W3 widerelay /usr/sbin/dhcp6relay -f -D -s 2001:db8:6::2 -r wu0 \
    -p "$(t6_path W3 wr.pid)" wd0
t6_wait 10 "WIDE's relay" sh -c \
    "ip netns exec $(t6_nsname W3) ss -ulnp | grep -q dhcp6relay"
t6_daemon R3 relay "$T6_BIN/dhcp6relay" -f -D -s 2001:db8:7::2 \
    -p "$(t6_path R3 relay.pid)" -o "$(t6_path R3 relay.dump)" down1
t6_wait 10 "our relay" grep -q "started on" "$(t6_daemon_log R3 relay)"
echo 'interface eth0 { send ia-na 1; }; id-assoc na 1 { };' > \
    "$(t6_path c3 dhcp6c.conf)"
t6_daemon c3 dhcp6c "$T6_BIN/dhcp6c" -f -D -c "$(t6_path c3 dhcp6c.conf)" \
    -p "$(t6_path c3 pid)" -l "$(t6_path c3 lease)" -u "$(t6_path c3 duid)" eth0
t6_wait 20 "our client bound through our relay below WIDE's" sh -c \
    "ip -n $(t6_nsname c3) -6 addr show dev eth0 | grep -q 2001:db8:ffff::3"
t6_assert_match "dhcp6 relay: hop=1, linkaddr=::" "$(cat "$(d6s_log D3)")" \
    "two relay layers at the server"
t6_capture_stop "$cap3"
t6_dissect_clean "$cap3" 4
down=$(tshark -n -r "$cap3" -Y "dhcpv6.msgtype == 13 && ipv6.dst == 2001:db8:7::1" -T fields -e udp.dstport 2>/dev/null | sort -u)
t6_assert_eq 547 "$down" "WIDE's Relay-reply to our relay's port"
t6_pass
