#!/usr/bin/env python3
"""Tools for the bfdd end-to-end tests (tests/e2e/bfdd_*.sh).

    bfdtool.py client SOCKET FIFO
        A control-socket client of bfdd that stays connected: every line
        written to FIFO is sent to bfdd, and every line bfdd sends is
        printed (flushed at once) as "<ms> <line>", ms on CLOCK_MONOTONIC.
        A line "!close" written to FIFO closes the connection and ends it.

    bfdtool.py send [options] SRC DST
        Send one crafted BFD control packet from SRC to DST over UDP with
        the given hop limit (TTL), so that bfdd's checks can be tried one
        by one.  See --help for the fields.

    bfdtool.py sendhex [--hlim N] [--dport P] [--ifname IF] SRC DST HEX
        Send HEX as the UDP payload (a captured packet, replayed).

Only the standard library: it runs with any python3 in a namespace.
"""

import argparse
import os
import select
import socket
import struct
import sys
import time


def now_ms():
    return int(time.monotonic() * 1000)


def client(path, fifo):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    inbuf = b""
    cmdbuf = b""
    out = sys.stdout
    while True:
        r, _, _ = select.select([s, fd], [], [])
        if s in r:
            try:
                data = s.recv(65536)
            except ConnectionResetError:
                data = b""
            if not data:
                out.write("%d !eof\n" % now_ms())
                out.flush()
                return 0
            inbuf += data
            while b"\n" in inbuf:
                line, inbuf = inbuf.split(b"\n", 1)
                out.write("%d %s\n" % (now_ms(), line.decode(errors="replace")))
            out.flush()
        if fd in r:
            cmdbuf += os.read(fd, 65536)
            while b"\n" in cmdbuf:
                line, cmdbuf = cmdbuf.split(b"\n", 1)
                if line.strip() == b"!close":
                    s.close()
                    out.write("%d !closed\n" % now_ms())
                    out.flush()
                    return 0
                s.sendall(line + b"\n")


def family_of(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def udp_send(src, dst, payload, dport, hlim, ifname=None, sport=0,
             zero_csum=False):
    fam = family_of(dst)
    s = socket.socket(fam, socket.SOCK_DGRAM)
    if fam == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, hlim)
        if zero_csum:
            s.setsockopt(socket.IPPROTO_UDP, 101, 1)   # UDP_NO_CHECK6_TX
        scope = socket.if_nametoindex(ifname) if ifname else 0
        s.bind((src, sport, 0, scope if src.startswith("fe80") else 0))
        s.sendto(payload, (dst, dport, 0,
                           scope if dst.startswith("fe80") else 0))
    else:
        s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, hlim)
        s.bind((src, sport))
        s.sendto(payload, (dst, dport))
    s.close()


def crafted(a):
    flags = 0
    for letter, bit in (("P", 0x20), ("F", 0x10), ("C", 0x08), ("A", 0x04),
                        ("D", 0x02), ("M", 0x01)):
        if letter in a.flags:
            flags |= bit
    auth = bytes.fromhex(a.auth) if a.auth else b""
    length = a.length if a.length is not None else 24 + len(auth)
    pkt = struct.pack("!BBBBIIIII", (a.vers << 5) | a.diag,
                      (a.state << 6) | flags, a.mult, length, a.my, a.your,
                      a.tx, a.rx, a.echo) + auth
    if a.size is not None:
        pkt = (pkt + bytes(max(0, a.size - len(pkt))))[:a.size]
    return pkt


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "client":
        return client(sys.argv[2], sys.argv[3])
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("send", "sendhex"):
        p = sub.add_parser(name)
        p.add_argument("--hlim", type=int, default=255)
        p.add_argument("--dport", type=int, default=3784)
        p.add_argument("--sport", type=int, default=49999)
        p.add_argument("--ifname")
        p.add_argument("--count", type=int, default=1)
        p.add_argument("--zero-csum", action="store_true",
                       help="UDP checksum 0 (IPv6)")
        p.add_argument("src")
        p.add_argument("dst")
        if name == "sendhex":
            p.add_argument("hex")
    p = sub.choices["send"]
    p.add_argument("--vers", type=int, default=1)
    p.add_argument("--diag", type=int, default=0)
    p.add_argument("--state", type=int, default=1, help="0-3 (Down: 1)")
    p.add_argument("--flags", default="", help="letters of P F C A D M")
    p.add_argument("--mult", type=int, default=3)
    p.add_argument("--length", type=int, help="Length field (default: real)")
    p.add_argument("--my", type=lambda v: int(v, 0), default=0x11223344)
    p.add_argument("--your", type=lambda v: int(v, 0), default=0)
    p.add_argument("--tx", type=int, default=1000000)
    p.add_argument("--rx", type=int, default=1000000)
    p.add_argument("--echo", type=int, default=0)
    p.add_argument("--auth", help="authentication section, hex")
    p.add_argument("--size", type=int,
                   help="cut or zero-pad the datagram to this size")
    a = ap.parse_args()
    payload = crafted(a) if a.cmd == "send" else bytes.fromhex(a.hex)
    for _ in range(a.count):
        udp_send(a.src, a.dst, payload, a.dport, a.hlim, a.ifname, a.sport,
                 a.zero_csum)
    return 0


if __name__ == "__main__":
    sys.exit(main())
