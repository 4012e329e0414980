#!/bin/sh
# Install the Debian packages that the build, the tests and the benchmarks
# need.  Quiet and quick when everything is there; non-interactive as root
# on a fresh Debian 12.  No service of a peer package is started: the
# tests start their own instances inside network namespaces.

PKGS="
build-essential clang libclang-rt-14-dev llvm
libbsd-dev libpcap-dev check libmnl-dev libssl-dev bison pkg-config
mandoc cppcheck
iproute2 iputils-ping nftables tshark tcpdump python3 python3-scapy procps psmisc
bird2 frr
wide-dhcpv6-server wide-dhcpv6-client wide-dhcpv6-relay
kea-dhcp6-server kea-admin
strongswan
"

missing=""
for p in $PKGS; do
	case "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "make deps: missing packages:$missing" >&2
	echo "make deps: run it as root (or install them) to continue" >&2
	exit 1
fi

echo "make deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# Keep package scripts from starting daemons (a DHCPv6 client on the
# host's interfaces, a router): tests run their own, in namespaces.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' > "$policy"
	chmod 755 "$policy"
	made_policy=1
fi
cleanup() { [ "$made_policy" = 1 ] && rm -f "$policy"; }
trap cleanup EXIT INT TERM

# Without debconf answers, wireshark asks about dumpcap's setuid bit.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
    debconf-set-selections 2>/dev/null

apt_opts="-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold"
log=$(mktemp)
if ! apt-get install $apt_opts $missing >"$log" 2>&1; then
	# A fresh machine may have no package lists yet.
	if ! { apt-get update -q && apt-get install $apt_opts $missing; } \
	    >"$log" 2>&1; then
		tail -30 "$log" >&2
		rm -f "$log"
		echo "make deps: apt-get failed" >&2
		exit 1
	fi
fi
rm -f "$log"

# Where systemd runs, package scripts may start a service despite
# policy-rc.d: stop and disable the services of the packages installed
# just now (never those the machine had before).
if [ -d /run/systemd/system ]; then
	for pair in frr:frr bird2:bird wide-dhcpv6-client:wide-dhcpv6-client \
	    wide-dhcpv6-server:wide-dhcpv6-server \
	    wide-dhcpv6-relay:wide-dhcpv6-relay \
	    kea-dhcp6-server:kea-dhcp6-server strongswan:strongswan-starter; do
		case " $missing " in
		*" ${pair%%:*} "*)
			systemctl stop "${pair#*:}" >/dev/null 2>&1
			systemctl disable "${pair#*:}" >/dev/null 2>&1 ;;
		esac
	done
fi
echo "make deps: done"
