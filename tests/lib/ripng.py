#!/usr/bin/python3
"""A RIPng test peer: ask a router for routes, or inject hand-made
packets (any source, port, hop limit, version, command, RTE or length).

  ripng.py query DST%IF [--sport N] [--prefix P/L ...] [--timeout S]
      Send a request (the whole table, or the listed prefixes) from port
      N and print each RTE of the answers as "prefix/plen metric tag",
      then "packets N max_rtes M" (M: the most RTEs in one datagram).

  ripng.py inject IF [--src A] [--dst A] [--sport N] [--dport N]
      [--hlim N] [--version N] [--command N] [--rte P/L/M[/TAG] ...]
      [--nexthop A] [--trailer HEX] [--count N] [--routes N --base P]
      Send responses on interface IF as a raw Ethernet frame, so that
      nothing about them is checked on the way out.  --routes N sends N
      distinct /64s under --base (a /48) in packets of 72 RTEs, back to
      back.  Run inside the namespace with `ip netns exec`.
"""

import argparse
import ipaddress
import select
import socket
import struct
import sys
import time


def rte(prefix, tag, plen, metric):
    return (ipaddress.IPv6Address(prefix).packed +
            struct.pack("!HBB", tag, plen, metric))


def parse_rte(text):
    parts = text.split("/")
    tag = int(parts[3], 0) if len(parts) > 3 else 0
    return rte(parts[0], tag, int(parts[1]), int(parts[2]))


def decode(data):
    out = []
    for off in range(4, len(data) - 19, 20):
        prefix = str(ipaddress.IPv6Address(data[off:off + 16]))
        tag, plen, metric = struct.unpack("!HBB", data[off + 16:off + 20])
        out.append((prefix, plen, metric, tag))
    return out


def query(args):
    addr, _, zone = args.dst.partition("%")
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
    s.bind(("::", args.sport))
    if args.prefix:
        body = b"".join(rte(p.split("/")[0], 0, int(p.split("/")[1]), 16)
                        for p in args.prefix)
    else:
        body = rte("::", 0, 0, 16)
    scope = socket.if_nametoindex(zone) if zone else 0
    s.sendto(struct.pack("!BBH", 1, 1, 0) + body, (addr, 521, 0, scope))
    packets, most = 0, 0
    deadline = time.monotonic() + args.timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([s], [], [], left)[0]:
            break
        data, src = s.recvfrom(65535)
        if data[0] != 2:
            continue
        packets += 1
        rtes = decode(data)
        most = max(most, len(rtes))
        for prefix, plen, metric, tag in rtes:
            print("%s/%d %d 0x%04x" % (prefix, plen, metric, tag))
        # whole-table answers may come in several datagrams; a
        # specific answer is one
        if args.prefix:
            break
        deadline = min(deadline, time.monotonic() + 0.5)
    print("packets %d max_rtes %d" % (packets, most))
    return 0


def inject(args):
    from scapy.all import Ether, IPv6, UDP, Raw, conf
    conf.verb = 0
    header = struct.pack("!BBH", args.command, args.version, 0)
    bodies = []
    if args.routes:
        base = ipaddress.IPv6Network(args.base)
        entries = [rte(str(base.network_address + (i << 64)), 0, 64,
                       args.metric) for i in range(args.routes)]
        for i in range(0, len(entries), 72):
            bodies.append(b"".join(entries[i:i + 72]))
    else:
        body = b""
        if args.nexthop:
            body += rte(args.nexthop, 0, 0, 255)
        body += b"".join(parse_rte(r) for r in args.rte)
        body += bytes.fromhex(args.trailer)
        bodies.append(body)
    dst = args.dst
    mac = "33:33:00:00:00:09" if dst.startswith("ff02") else \
        "ff:ff:ff:ff:ff:ff"
    sock = conf.L2socket(iface=args.iface)
    frames = [Ether(dst=mac) /
              IPv6(src=args.src, dst=dst, hlim=args.hlim) /
              UDP(sport=args.sport, dport=args.dport) /
              Raw(header + body) for body in bodies]
    for _ in range(args.count):
        for f in frames:
            sock.send(f)
    sock.close()
    print("sent %d datagrams" % (len(frames) * args.count))
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    q = sub.add_parser("query")
    q.add_argument("dst")
    q.add_argument("--sport", type=int, default=5555)
    q.add_argument("--prefix", action="append", default=[])
    q.add_argument("--timeout", type=float, default=3.0)
    i = sub.add_parser("inject")
    i.add_argument("iface")
    i.add_argument("--src", default="fe80::bad")
    i.add_argument("--dst", default="ff02::9")
    i.add_argument("--sport", type=int, default=521)
    i.add_argument("--dport", type=int, default=521)
    i.add_argument("--hlim", type=int, default=255)
    i.add_argument("--version", type=int, default=1)
    i.add_argument("--command", type=int, default=2)
    i.add_argument("--rte", action="append", default=[])
    i.add_argument("--nexthop")
    i.add_argument("--trailer", default="")
    i.add_argument("--count", type=int, default=1)
    i.add_argument("--routes", type=int, default=0)
    i.add_argument("--base", default="2001:db8:100::/48")
    i.add_argument("--metric", type=int, default=1)
    args = ap.parse_args()
    return query(args) if args.cmd == "query" else inject(args)


if __name__ == "__main__":
    sys.exit(main())
