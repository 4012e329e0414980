#!/usr/bin/env python3
"""A static IPv6 multicast router for tests: the kernel's MRT6 API (the
one pim6dd and pim6sd drive), with fixed entries instead of a protocol.

    mroute6.py SOURCE GROUP IIF OIF [OIF...]

makes a MIF of each interface and one (SOURCE, GROUP) forwarding entry
from IIF to the OIFs, prints "ready" and holds the mroute socket open
(closing it ends multicast routing) until SIGTERM.  Used where a test
needs multicast carried across a router before pim6 exists.
"""
import signal
import socket
import struct
import sys

MRT6_INIT, MRT6_ADD_MIF, MRT6_ADD_MFC = 200, 202, 204


def sin6(addr):
    return struct.pack("@HHI16sI", socket.AF_INET6, 0, 0,
                       socket.inet_pton(socket.AF_INET6, addr), 0)


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    source, group, iif, oifs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.setsockopt(socket.IPPROTO_IPV6, MRT6_INIT, struct.pack("@i", 1))
    mifs = {}
    for i, name in enumerate([iif] + oifs):
        # struct mif6ctl: mifi, flags, threshold, pifi, rate limit
        s.setsockopt(socket.IPPROTO_IPV6, MRT6_ADD_MIF, struct.pack(
            "@HBBHI", i, 0, 1, socket.if_nametoindex(name), 0))
        mifs[name] = i
    bits = [0] * 8
    for name in oifs:
        bits[mifs[name] // 32] |= 1 << (mifs[name] % 32)
    # struct mf6cctl: origin, group, parent, if_set (256 bits)
    s.setsockopt(socket.IPPROTO_IPV6, MRT6_ADD_MFC,
                 sin6(source) + sin6(group) + struct.pack("@H2x", mifs[iif]) +
                 struct.pack("@8I", *bits))
    print("ready", flush=True)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    while True:
        signal.pause()


main()
