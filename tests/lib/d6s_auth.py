"""dhcp6s delayed authentication (spec S7), from the client's link:
python3 d6s_auth.py IF SERVER-DUID-HEX SAVEFILE runs every case and
saves the last signed Renew the server took; python3 d6s_auth.py IF
SERVER-DUID-HEX SAVEFILE replay sends that Renew again (it must be
refused, after a restart too) and then a fresh one (taken).  One line
per failed check."""

import base64, hashlib, hmac, os, struct, sys, time

sys.path.insert(0, os.path.dirname(__file__))
from dhcp6probe import *  # noqa: E402,F403

ifname, sduid = sys.argv[1], bytes.fromhex(sys.argv[2])
save = sys.argv[3]
mode = sys.argv[4] if len(sys.argv) > 4 else "all"
SECRET = base64.b64decode("yHShgx8gdo20EIgxi6oO1w==")
KAME = duid_llt("00:03:47:a5:30:85")
OLD = duid_llt("00:03:47:a5:30:86")      # its key has expired
NOKEY = duid_llt("00:03:47:a5:30:87")    # host without delayedkey
fails = []


def check(c, what):
    if not c:
        fails.append(what)
        print("FAIL:", what)


def ntp():
    t = time.time()
    return ((int(t) + 2208988800) << 32) | int((t % 1) * (1 << 32))


def auth_opt(rd, realm=b"kame.example", keyid=1, info=True, proto=2):
    body = struct.pack("!BBBQ", proto, 1, 0, rd)
    if info:
        body += realm + struct.pack("!I", keyid) + bytes(16)
    return opt(AUTH, body)


def sign(m, secret=SECRET):
    """m ends with an Authentication option whose MAC is zero: fill it."""
    d = hmac.new(secret, m, hashlib.md5).digest()
    return m[:-16] + d


def verify(m):
    """The reply's MAC, checked as the client would."""
    a = m.raw.rfind(struct.pack("!H", AUTH))
    data = m.opt(AUTH)
    if data is None:
        return None
    off = m.raw.index(data) + len(data) - 16
    z = m.raw[:off] + bytes(16) + m.raw[off + 16:]
    return hmac.new(SECRET, z, hashlib.md5).digest() == m.raw[off:off + 16]


p = Probe(ifname)
relay = Probe(ifname, port=547)
x = [0x500]


def nx():
    x[0] += 1
    return x[0]


def ask(m, wait=1.0):
    xid = struct.unpack("!I", m[:4])[0] & 0xffffff
    p.send(m)
    return p.reply(xid, wait)


if mode == "replay":
    old = open(save, "rb").read()
    p.send(old)
    check(p.reply(struct.unpack("!I", old[:4])[0] & 0xffffff, 0.5) is None,
          "the Renew taken before the restart is a replay after it")
    r = ask(sign(msg(RENEW, nx() + 0x100, clientid(KAME), serverid(sduid),
                     ia_na(1), auth_opt(ntp()))))
    check(r is not None and r.type == REPLY and verify(r),
          "a fresh signed Renew after the restart: %s" % r)
    sys.exit(1 if fails else 0)

# Solicit asking for delayed authentication: a signed Advertise
r = ask(msg(SOLICIT, nx(), clientid(KAME), ia_na(1),
            auth_opt(0, info=False)))
a = r.opt(AUTH) if r else None
check(a is not None and len(a) == 43, "Advertise auth option of 43: %r" % a)
rd_adv = struct.unpack("!Q", a[3:11])[0] if a else 0
check(abs((rd_adv >> 32) - 2208988800 - time.time()) < 5,
      "Advertise RD is an NTP time: %x" % rd_adv)
check(a is not None and a[11:23] == b"kame.example" and
      a[23:27] == b"\0\0\0\1", "realm and key ID: %r" % a)
check(r is not None and verify(r), "Advertise HMAC")

# Request, signed: a signed Reply with a larger RD
req = sign(msg(REQUEST, nx(), clientid(KAME), serverid(sduid), ia_na(1),
               auth_opt(ntp())))
r = ask(req)
check(r is not None and r.type == REPLY and r.ias() and
      r.ias()[0].leases, "authenticated Request answered: %s" % r)
check(r is not None and verify(r), "Reply HMAC")
rd_rep = struct.unpack("!Q", r.opt(AUTH)[3:11])[0] if r and r.opt(AUTH) else 0
check(rd_rep > rd_adv, "Reply RD %x > Advertise RD %x" % (rd_rep, rd_adv))

# S7b: the same Request again: a replay
check(ask(req, 0.5) is None, "S7b: a replayed Request is dropped")
# S7a: a flipped MAC
bad = bytearray(sign(msg(REQUEST, nx(), clientid(KAME), serverid(sduid),
                         ia_na(1), auth_opt(ntp()))))
bad[-1] ^= 1
check(ask(bytes(bad), 0.5) is None, "S7a: a bad MAC is dropped")
# S7c: key ID 2, or realm x, with a correct MAC under the same secret
check(ask(sign(msg(REQUEST, nx(), clientid(KAME), serverid(sduid), ia_na(1),
                   auth_opt(ntp(), keyid=2))), 0.5) is None,
      "S7c: key ID 2 is dropped")
check(ask(sign(msg(REQUEST, nx(), clientid(KAME), serverid(sduid), ia_na(1),
                   auth_opt(ntp(), realm=b"x"))), 0.5) is None,
      "S7c: realm x is dropped")
# S7e: an option with no information; S7f: no option at all
check(ask(msg(REQUEST, nx(), clientid(KAME), serverid(sduid), ia_na(1),
              auth_opt(ntp(), info=False)), 0.5) is None,
      "S7e: no authentication information: dropped")
check(ask(msg(REQUEST, nx(), clientid(KAME), serverid(sduid), ia_na(1)),
          0.5) is None, "S7f: no Authentication option: dropped")
# S7h: the reconfigure-key protocol from a client
check(ask(sign(msg(REQUEST, nx(), clientid(KAME), serverid(sduid), ia_na(1),
                   auth_opt(ntp(), proto=3))), 0.5) is None,
      "S7h: protocol 3 from a client is dropped")
# S7d: an expired key
check(ask(sign(msg(REQUEST, nx(), clientid(OLD), serverid(sduid), ia_na(1),
                   auth_opt(ntp()))), 0.5) is None,
      "S7d: an expired key is refused")
# S7g: a host without a key: the Advertise is not signed
r = ask(msg(SOLICIT, nx(), clientid(NOKEY), ia_na(1), auth_opt(0, info=False)))
check(r is not None and r.type == ADVERTISE and r.opt(AUTH) is None,
      "S7g: no key for the host: unsigned Advertise: %s" % r)
# a Renew, signed, with a newer RD: accepted
renew = sign(msg(RENEW, nx(), clientid(KAME), serverid(sduid), ia_na(1),
                 auth_opt(ntp())))
r = ask(renew)
check(r is not None and r.type == REPLY and verify(r), "signed Renew: %s" % r)
# S7j: relayed: the MAC covers the client's message only
inner = sign(msg(RENEW, nx(), clientid(KAME), serverid(sduid), ia_na(1),
                 auth_opt(ntp())))
xi = struct.unpack("!I", inner[:4])[0] & 0xffffff
relay.send(relay_forw(0, "2001:db8:ffff::fffe", "fe80::1234",
                      opt(RELAY_MSG, inner)))
rr = relay.replies(1.0).get(xi)
check(rr is not None and rr.type == RELAY_REPL and
      verify(rr.inner()), "S7j: relayed and signed: %s" % rr)
# the relayed Renew above came later: keep the direct one, older
open(save, "wb").write(renew)
sys.exit(1 if fails else 0)
