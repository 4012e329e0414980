"""Hand-made DHCPv6 messages for tests: build client and relay messages
option by option (malformed ones too), send them from a UDP socket, and
decode what comes back.  Plain sockets, no scapy: fast enough to send a
whole matrix of cases and wait for their answers once.

    from dhcp6probe import *
    p = Probe("cli0", port=546)
    p.send(msg(SOLICIT, 1, clientid(DUID), ia_na(100)))
    r = p.replies(1.0)[1]          # by transaction id
    r.type, r.opt(SERVERID), r.ias(), r.status()
"""

import ipaddress
import select
import socket
import struct
import time

SOLICIT, ADVERTISE, REQUEST, CONFIRM, RENEW, REBIND, REPLY = 1, 2, 3, 4, 5, 6, 7
RELEASE, DECLINE, RECONFIGURE, INFO_REQ, RELAY_FORW, RELAY_REPL = 8, 9, 10, 11, 12, 13

CLIENTID, SERVERID, IA_NA, IA_TA, IAADDR, ORO, PREFERENCE = 1, 2, 3, 4, 5, 6, 7
ELAPSED, RELAY_MSG, AUTH, UNICAST, STATUS, RAPID_COMMIT = 8, 9, 11, 12, 13, 14
INTERFACE_ID, DNS, DOMAINS, IA_PD, IAPREFIX, REFRESH = 18, 23, 24, 25, 26, 32

SUCCESS, UNSPECFAIL, NOADDRSAVAIL, NOBINDING, NOTONLINK = 0, 1, 2, 3, 4
USEMULTICAST, NOPREFIXAVAIL = 5, 6

ALL_AGENTS = "ff02::1:2"


def opt(code, data=b""):
    return struct.pack("!HH", code, len(data)) + data


def a6(text):
    return ipaddress.IPv6Address(text).packed


def clientid(duid):
    return opt(CLIENTID, duid)


def serverid(duid):
    return opt(SERVERID, duid)


def iaaddr(addr, pl=0, vl=0, sub=b""):
    return opt(IAADDR, a6(addr) + struct.pack("!II", pl, vl) + sub)


def iaprefix(prefix, plen, pl=0, vl=0, sub=b""):
    return opt(IAPREFIX, struct.pack("!IIB", pl, vl, plen) + a6(prefix) + sub)


def ia_na(iaid, *sub, t1=0, t2=0):
    return opt(IA_NA, struct.pack("!III", iaid, t1, t2) + b"".join(sub))


def ia_pd(iaid, *sub, t1=0, t2=0):
    return opt(IA_PD, struct.pack("!III", iaid, t1, t2) + b"".join(sub))


def msg(mtype, xid, *opts):
    return struct.pack("!I", (mtype << 24) | (xid & 0xffffff)) + b"".join(opts)


def relay_forw(hops, link, peer, *opts):
    return struct.pack("!BB", RELAY_FORW, hops) + a6(link) + a6(peer) + \
        b"".join(opts)


def duid_llt(mac, t=0x095f9376):
    return struct.pack("!HHI", 1, 1, t) + bytes.fromhex(mac.replace(":", ""))


def parse_opts(data):
    out = []
    i = 0
    while i + 4 <= len(data):
        code, ln = struct.unpack("!HH", data[i:i + 4])
        out.append((code, data[i + 4:i + 4 + ln]))
        i += 4 + ln
    return out


class IA:
    def __init__(self, code, data):
        self.code = code
        self.iaid, self.t1, self.t2 = struct.unpack("!III", data[:12])
        self.leases = []   # (addr, plen, pltime, vltime)
        self.status = None
        for c, d in parse_opts(data[12:]):
            if c == IAADDR:
                pl, vl = struct.unpack("!II", d[16:24])
                self.leases.append((str(ipaddress.IPv6Address(d[:16])),
                                    128, pl, vl))
            elif c == IAPREFIX:
                pl, vl, plen = struct.unpack("!IIB", d[:9])
                self.leases.append((str(ipaddress.IPv6Address(d[9:25])),
                                    plen, pl, vl))
            elif c == STATUS:
                self.status = struct.unpack("!H", d[:2])[0]

    def __repr__(self):
        return "IA(%d iaid=%d t1=%d t2=%d %s status=%s)" % (
            self.code, self.iaid, self.t1, self.t2, self.leases, self.status)


class Msg:
    def __init__(self, data, src=None):
        self.raw = data
        self.src = src
        self.type = data[0]
        if self.type in (RELAY_FORW, RELAY_REPL):
            self.hops = data[1]
            self.link = str(ipaddress.IPv6Address(data[2:18]))
            self.peer = str(ipaddress.IPv6Address(data[18:34]))
            self.xid = None
            self.opts = parse_opts(data[34:])
        else:
            self.xid = struct.unpack("!I", data[:4])[0] & 0xffffff
            self.opts = parse_opts(data[4:])

    def opt(self, code):
        for c, d in self.opts:
            if c == code:
                return d
        return None

    def codes(self):
        return [c for c, _ in self.opts]

    def ias(self):
        return [IA(c, d) for c, d in self.opts if c in (IA_NA, IA_PD)]

    def status(self):
        d = self.opt(STATUS)
        return None if d is None else struct.unpack("!H", d[:2])[0]

    def inner(self):
        return Msg(self.opt(RELAY_MSG))

    def __repr__(self):
        return "Msg(type=%d xid=%s opts=%s)" % (self.type, self.xid,
                                               self.codes())


class Probe:
    """A UDP socket on ifname, sending to ff02::1:2 (or dst) port 547."""

    def __init__(self, ifname, port=546):
        self.ifname = ifname
        self.ifindex = socket.if_nametoindex(ifname)
        self.s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # two probes on one port: each hears only its own link
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE,
                          ifname.encode())
        self.s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF,
                          self.ifindex)
        self.s.bind(("::", port))

    def send(self, data, dst=ALL_AGENTS, port=547):
        scope = self.ifindex if dst.startswith(("ff02", "fe80")) else 0
        self.s.sendto(data, (dst, port, 0, scope))

    def reply(self, xid, wait):
        """The answer to transaction xid, as soon as it comes (or None
        after wait seconds); other messages are dropped."""
        end = time.monotonic() + wait
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.s], [], [], left)
            if not r:
                return None
            data, src = self.s.recvfrom(65535)
            m = Msg(data, src)
            if m.xid == xid:
                return m

    def replies(self, wait):
        """Every message that arrives within wait seconds, by xid (relay
        replies by the xid of the message inside)."""
        out = {}
        end = time.monotonic() + wait
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return out
            r, _, _ = select.select([self.s], [], [], left)
            if not r:
                return out
            data, src = self.s.recvfrom(65535)
            m = Msg(data, src)
            key = m.xid
            if m.type == RELAY_REPL:
                inner = m
                while inner.type == RELAY_REPL and inner.opt(RELAY_MSG):
                    inner = inner.inner()
                key = inner.xid
            out[key] = m
