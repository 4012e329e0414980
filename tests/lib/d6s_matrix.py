"""The dhcp6s message matrix (spec S10 and RFC 8415 18.3), run from the
client's namespace: python3 d6s_matrix.py IF SERVER-LL SERVER-DUID-HEX
UNSERVED-IF.  Prints one line per failed check and exits 1 if any."""

import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
from dhcp6probe import *  # noqa: E402,F403

ifname, server_ll, sduid_hex, unserved = sys.argv[1:5]
SDUID = bytes.fromhex(sduid_hex)
KAME = duid_llt("00:03:47:a5:30:85")
POOLC = [duid_llt("02:00:00:00:00:%02x" % i) for i in range(8)]
FOREIGN = duid_llt("02:ff:ff:ff:ff:ff")
KAME2 = duid_llt("00:03:47:a5:30:86")

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


p = Probe(ifname)
relay = Probe(ifname, port=547)
other = Probe(unserved, port=546) if unserved != "-" else None
xid = [0x100]


def nx():
    xid[0] += 1
    return xid[0]


def exchange(m, dst=ALL_AGENTS, wait=1.0):
    x = struct.unpack("!I", m[:4])[0] & 0xffffff
    p.send(m, dst)
    return p.replies(wait).get(x)


# ---- phase 1: bindings to work with
r = exchange(msg(REQUEST, nx(), clientid(KAME), serverid(SDUID),
                 opt(ELAPSED, b"\0\0"), ia_na(100), ia_pd(200)))
check(r is not None and r.type == REPLY, "Request from kame answered")
ias = {ia.iaid: ia for ia in r.ias()} if r else {}
check(100 in ias and ias[100].leases[:1] == [("2001:db8:ffff::1", 128, 20, 40)],
      "kame's IA_NA 100 gets 2001:db8:ffff::1 20/40: %s" % ias.get(100))
check(100 in ias and (ias[100].t1, ias[100].t2) == (10, 16),
      "T1/T2 10/16 from pltime 20: %s" % ias.get(100))
check(200 in ias and ias[200].leases[:1] == [("2001:db8:1234::", 48, 100, 200)],
      "kame's IA_PD 200 gets 2001:db8:1234::/48: %s" % ias.get(200))
check(r is not None and r.opt(DNS) == a6("2001:db8::35"), "DNS in the Reply")
check(r is not None and r.opt(REFRESH) is None,
      "no refresh time outside a Reply to Information-request")

# rapid commit, from the pool: a Reply with Rapid Commit, bound at once
r = exchange(msg(SOLICIT, nx(), clientid(POOLC[0]), opt(RAPID_COMMIT),
                 ia_na(1), ia_pd(2)))
check(r is not None and r.type == REPLY and RAPID_COMMIT in r.codes(),
      "rapid commit Solicit gets a Reply with Rapid Commit: %s" % r)
ias = {ia.iaid: ia for ia in r.ias()} if r else {}
check(1 in ias and ias[1].leases[:1] == [("2001:db8:1::10", 128, 100, 200)],
      "first pool address 2001:db8:1::10 100/200: %s" % ias.get(1))
check(2 in ias and ias[2].leases[:1] == [("2001:db8:8000::", 56, 300, 600)],
      "first pool prefix 2001:db8:8000::/56: %s" % ias.get(2))
check(r is not None and r.opt(PREFERENCE) == b"\xff", "preference 255")

# a Solicit without Rapid Commit: Advertise, nothing bound; two clients'
# Advertises may offer the same free address, but two IAs of one message
# never get the same one
r = exchange(msg(SOLICIT, nx(), clientid(POOLC[1]), ia_na(1), ia_na(2)))
check(r is not None and r.type == ADVERTISE, "Advertise: %s" % r)
got = [ia.leases[0][0] for ia in r.ias() if ia.leases] if r else []
check(got == ["2001:db8:1::11", "2001:db8:1::12"],
      "two IAs, two different pool addresses: %s" % got)

# Decline of kame's second address (bound by a Request first)
y = nx()
r = exchange(msg(REQUEST, y, clientid(KAME), serverid(SDUID), ia_na(101)))
check(r is not None and r.ias() and r.ias()[0].leases and
      r.ias()[0].leases[0][0] == "2001:db8:ffff::2",
      "IA_NA 101 of kame gets the second address: %s" % (r and r.ias()))

# ---- phase 2: the matrix, sent at once, answers collected once
cases = {}


def case(name, m, dst=ALL_AGENTS, sock=None):
    x = struct.unpack("!I", m[:4])[0] & 0xffffff \
        if len(m) >= 4 and m[0] < 12 else None
    (sock or p).send(m, dst)
    cases[name] = x


a = nx()
case("a", msg(SOLICIT, a, ia_na(1)))
b_ = nx()
case("b", msg(SOLICIT, b_, clientid(FOREIGN), serverid(SDUID), ia_na(1)))
c_ = nx()
case("c", msg(SOLICIT, c_, clientid(FOREIGN), ia_na(1)), dst=server_ll)
d1, d2, d3 = nx(), nx(), nx()
case("d1", msg(REQUEST, d1, clientid(FOREIGN), ia_na(1)))
case("d2", msg(REQUEST, d2, clientid(FOREIGN), serverid(FOREIGN), ia_na(1)))
case("d3", msg(REQUEST, d3, serverid(SDUID), ia_na(1)))
e = nx()
case("e", msg(REQUEST, e, clientid(KAME), serverid(SDUID), ia_na(100)),
     dst=server_ll)
f1, f2 = nx(), nx()
case("f1", msg(RENEW, f1, clientid(KAME), serverid(SDUID), ia_na(100)),
     dst=server_ll)
case("f2", msg(RELEASE, f2, clientid(KAME), serverid(SDUID), ia_na(100)),
     dst=server_ll)
g = nx()
case("g", msg(RENEW, g, clientid(KAME), serverid(SDUID), ia_na(999)))
h = nx()
case("h", msg(RENEW, h, clientid(KAME), serverid(SDUID),
              ia_na(100, iaaddr("2001:db8:ffff::1"),
                    iaaddr("2001:db8:ffff::9"))))
i = nx()
case("i", msg(RENEW, i, clientid(KAME), serverid(SDUID), ia_pd(200)))
j = nx()
case("j", msg(REBIND, j, clientid(KAME), serverid(SDUID), ia_na(100)))
k = nx()
case("k", msg(REBIND, k, clientid(FOREIGN),
              ia_na(5, iaaddr("2001:db8:1::11"))))
k2 = nx()
case("k2", msg(REBIND, k2, clientid(FOREIGN),
               ia_na(6, iaaddr("2001:db8:77::1"))))
l_ = nx()
case("l", msg(REBIND, l_, clientid(KAME),
              ia_na(100, iaaddr("2001:db8:ffff::1"))))
m_ = nx()
case("m", msg(RELEASE, m_, clientid(KAME), serverid(SDUID), ia_na(555)))
n1, n2, n3 = nx(), nx(), nx()
case("n1", msg(CONFIRM, n1, clientid(KAME),
               ia_na(100, iaaddr("2001:db8:ffff::1"))))
case("n2", msg(CONFIRM, n2, clientid(KAME),
               ia_na(100, iaaddr("2001:db8:99::1"))))
case("n3", msg(CONFIRM, n3, clientid(KAME), ia_na(100)))
o1, o2, o3, o4 = nx(), nx(), nx(), nx()
case("o1", msg(INFO_REQ, o1, clientid(FOREIGN), ia_na(1)))
case("o2", msg(INFO_REQ, o2, clientid(FOREIGN), serverid(FOREIGN)))
case("o3", msg(INFO_REQ, o3, serverid(SDUID)))
case("o4", msg(INFO_REQ, o4, clientid(FOREIGN)), dst=server_ll)
q1 = nx()
bad = msg(SOLICIT, q1, clientid(FOREIGN)) + struct.pack("!HH", 3, 40) + b"x"
case("p", bad)
case("q", b"\x01\x00\x01")
if other is not None:
    r_ = nx()
    other.send(msg(SOLICIT, r_, clientid(FOREIGN), ia_na(1)))
s_ = nx()
case("s", msg(SOLICIT, s_, clientid(POOLC[2]), ia_na(7), ia_na(7)))
t_ = nx()
case("t", msg(SOLICIT, t_, clientid(FOREIGN),
              ia_pd(1, iaaddr("2001:db8:1::1"))))
# a relayed Solicit: the reply comes back to port 547 as a Relay-reply
v = nx()
relay.send(relay_forw(0, "2001:db8:ffff::fffe", "fe80::1234",
                      opt(INTERFACE_ID, b"\0\0\0\x07"),
                      opt(RELAY_MSG, msg(SOLICIT, v, clientid(KAME),
                                         ia_na(100)))))
relay.send(struct.pack("!BB", RELAY_REPL, 0) + bytes(32) +
           opt(RELAY_MSG, msg(ADVERTISE, nx())))
deep = msg(SOLICIT, nx(), clientid(KAME))
for _ in range(33):
    deep = relay_forw(0, "::", "fe80::1", opt(RELAY_MSG, deep))
relay.send(deep)
w = nx()
case("w", msg(DECLINE, w, clientid(KAME), serverid(SDUID),
              ia_na(101, iaaddr("2001:db8:ffff::2"))))

# spec S1c, S1d, S1e: several IAs and hints, with the book's lifetimes
s1c, s1d, s1e = nx(), nx(), nx()
case("s1c", msg(SOLICIT, s1c, clientid(KAME2), ia_na(100), ia_na(200)))
case("s1d", msg(SOLICIT, s1d, clientid(KAME2),
                ia_na(100, iaaddr("2001:db8:1234::1")),
                ia_na(200, iaaddr("2001:db8:abcd::a"))))
case("s1e", msg(SOLICIT, s1e, clientid(KAME2),
                ia_na(100, iaaddr("2001:db8:fff0::1"),
                      iaaddr("2001:db8:fff0::2"))))

got = p.replies(1.5)
rgot = relay.replies(0.2)
ogot = other.replies(0.1) if other is not None else {}


def none(name, why):
    check(cases[name] not in got, "%s: no reply (%s): %s" % (
        name, why, got.get(cases[name])))


for name in ("s1c", "s1d"):
    r = got.get(cases[name])
    ias = {ia.iaid: ia for ia in r.ias()} if r else {}
    check(100 in ias and 200 in ias and
          (ias[100].t1, ias[100].t2, ias[100].leases) ==
          (43200, 69120, [("2001:db8:fff0::1", 128, 86400, 604800)]) and
          (ias[200].t1, ias[200].t2, ias[200].leases) ==
          (302400, 483840, [("2001:db8:fff0::2", 128, 604800, 2592000)]),
          "%s: two IAs get the host's two addresses in order: %s" %
          (name, ias))
r = got.get(s1e)
ia = r.ias()[0] if r and r.ias() else None
check(ia is not None and (ia.t1, ia.t2) == (43200, 69120) and
      sorted(ia.leases) == [("2001:db8:fff0::1", 128, 86400, 604800),
                            ("2001:db8:fff0::2", 128, 604800, 2592000)],
      "s1e: one IA hinting both gets both, T1/T2 of the shorter: %s" % ia)
none("a", "Solicit without Client ID")
none("b", "Solicit with a Server ID")
none("c", "Solicit sent unicast")
none("d1", "Request without Server ID")
none("d2", "Request with a foreign Server ID")
none("d3", "Request without Client ID")
for name in ("e", "f1", "f2"):
    r = got.get(cases[name])
    check(r is not None and r.type == REPLY and r.status() == USEMULTICAST
          and sorted(r.codes()) == [CLIENTID, SERVERID, STATUS],
          "%s: unicast gets UseMulticast only: %s" % (name, r))
r = got.get(g)
check(r is not None and r.ias() and r.ias()[0].status == NOBINDING,
      "g: Renew of an unknown IAID gets NoBinding: %s" % (r and r.ias()))
check(r is not None and r.opt(DNS) is not None, "g: stateless info too")
r = got.get(h)
leases = r.ias()[0].leases if r and r.ias() else []
check(("2001:db8:ffff::9", 128, 0, 0) in leases and
      ("2001:db8:ffff::1", 128, 20, 40) in leases,
      "h: unknown address back with 0/0, bound one renewed: %s" % leases)
r = got.get(i)
check(r is not None and r.ias() and r.ias()[0].leases ==
      [("2001:db8:1234::", 48, 100, 200)],
      "i: an empty IA_PD in a Renew gets the binding: %s" % (r and r.ias()))
none("j", "Rebind with a Server ID")
none("k", "Rebind without a binding, for an address that is ours")
r = got.get(k2)
check(r is not None and r.ias() and r.ias()[0].leases ==
      [("2001:db8:77::1", 128, 0, 0)],
      "k2: Rebind for an address not ours: lifetimes 0: %s" %
      (r and r.ias()))
r = got.get(l_)
check(r is not None and r.ias() and ("2001:db8:ffff::1", 128, 20, 40) in
      r.ias()[0].leases, "l: IA_NA-only Rebind answered: %s" %
      (r and r.ias()))
r = got.get(m_)
check(r is not None and r.status() == SUCCESS and r.ias() and
      r.ias()[0].status == NOBINDING and r.opt(DNS) is None,
      "m: Release of an unknown IA: NoBinding, Success, no DNS: %s" % r)
r = got.get(n1)
check(r is not None and r.status() == SUCCESS, "n1: Confirm on link: %s" % r)
r = got.get(n2)
check(r is not None and r.status() == NOTONLINK,
      "n2: Confirm off link: NotOnLink: %s" % r)
none("n3", "Confirm without addresses")
none("o1", "Information-request with an IA")
none("o2", "Information-request with a foreign Server ID")
r = got.get(o3)
check(r is not None and r.type == REPLY and r.opt(REFRESH) ==
      struct.pack("!I", 600) and r.opt(CLIENTID) is None,
      "o3: Information-request answered, refresh 600, no Client ID: %s" % r)
none("o4", "Information-request sent unicast")
none("p", "an option running past the end")
check(other is None or r_ not in ogot, "r: no reply on an unserved link")
r = got.get(s_)
check(r is not None and len(r.ias()) == 1,
      "s: a duplicate IAID is ignored: %s" % (r and r.ias()))
none("t", "an IA Address inside an IA_PD")
r = rgot.get(v)
check(r is not None and r.type == RELAY_REPL and
      r.opt(INTERFACE_ID) == b"\0\0\0\x07" and
      r.link == "2001:db8:ffff::fffe" and r.peer == "fe80::1234" and
      r.inner().type == ADVERTISE,
      "v: relayed Solicit answered with a Relay-reply to port 547: %s" % r)
check(len(rgot) == 1, "v: nothing else answered the relay: %s" % rgot)
r = got.get(w)
check(r is not None and r.status() == SUCCESS, "w: Decline answered: %s" % r)

# the declined address is not given again, even to its host
r = exchange(msg(SOLICIT, nx(), clientid(KAME), ia_na(102)))
addrs = [ls[0] for ia in (r.ias() if r else []) for ls in ia.leases]
check("2001:db8:ffff::2" not in addrs, "declined address offered: %s" % addrs)

# the pool runs dry: 3 addresses, one bound; two more clients bind the
# other two; the next gets NoAddrsAvail
for n, dd in enumerate(POOLC[3:6]):
    r = exchange(msg(SOLICIT, nx(), clientid(dd), opt(RAPID_COMMIT),
                     ia_na(1)))
    ok = r is not None and r.ias() and r.ias()[0].leases
    check(bool(ok) == (n < 2), "pool client %d: %s" % (n, r and r.ias()))
    # RFC 8415 18.3.1: the IA comes back empty with NoAddrsAvail in it
    check(n < 2 or (r is not None and r.ias() and
                    r.ias()[0].status == NOADDRSAVAIL),
          "pool dry: IA with NoAddrsAvail: %s" % (r and r.ias()))

sys.exit(1 if failures else 0)
