/*
 * Unit tests for dhcp6c's state machine (dhcp6/dhcp6c/client.c): driven
 * with a fake clock, a scripted random source and messages built with
 * the codec; what it sends is decoded back and checked.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp6.h"
#include "dhcp6c.h"
#include "t6check.h"

#define S	1000ULL

/* What the machine did. */
struct sent {
	uint8_t		 buf[2048];
	size_t		 len;
	uint64_t	 at;
	struct d6_msg	 m;
};

static struct sent	 out[64];
static int		 nout;
static uint64_t		 clock_now;
static int		 nset, ndel, nreply, nchanged;
static struct c6_lease	 last_set;
static uint32_t		 last_pl, last_vl;
static struct in6_addr	 last_del;
static int		 del_before_send;	/* a delete came before a send */
static uint32_t		 rnd_fixed;
static int		 rnd_mode;		/* 0: LCG, 1: fixed */
static uint32_t		 lcg = 12345;

static void
f_send(void *ctx, const uint8_t *b, size_t len)
{
	ck_assert_int_lt(nout, 64);
	memcpy(out[nout].buf, b, len);
	out[nout].len = len;
	out[nout].at = clock_now;
	ck_assert_int_eq(d6_decode(out[nout].buf, len, &out[nout].m), D6E_OK);
	nout++;
}

static void
f_set(void *ctx, const struct c6_ia *ia, const struct c6_lease *l,
    uint32_t pl, uint32_t vl)
{
	nset++;
	last_set = *l;
	last_pl = pl;
	last_vl = vl;
}

static void
f_del(void *ctx, const struct c6_ia *ia, const struct c6_lease *l)
{
	ndel++;
	last_del = l->addr;
	del_before_send = nout;
}

static void
f_reply(void *ctx, const struct d6_msg *m)
{
	nreply++;
}

static void
f_changed(void *ctx)
{
	nchanged++;
}

static uint32_t
f_random(void *ctx)
{
	if (rnd_mode == 1)
		return rnd_fixed;
	lcg = lcg * 1103515245 + 12345;
	return lcg >> 8;
}

static const struct c6_ops ops = {
	f_send, f_set, f_del, f_reply, f_changed, f_random
};

static struct d6_duid	 duid;
static struct c6_ifconf	 ifc;
static struct c6_iaconf	 na1, pd2;
static struct c6_client	 cl;

static const uint8_t	 srv1[] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 1 };
static const uint8_t	 srv2[] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 2 };

static struct in6_addr
A(const char *s)
{
	struct in6_addr	 a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static void
setup(void)
{
	static const uint8_t mac[] = { 2, 0, 0, 0, 0, 0x42 };

	nout = nset = ndel = nreply = nchanged = 0;
	del_before_send = -1;
	clock_now = 0;
	rnd_mode = 0;
	lcg = 12345;
	d6_duid_llt(&duid, 1, mac, 6, 1000000000);
	memset(&ifc, 0, sizeof(ifc));
	strlcpy(ifc.ifname, "eth0", sizeof(ifc.ifname));
	memset(&na1, 0, sizeof(na1));
	na1.type = D6O_IA_NA;
	na1.iaid = 1;
	memset(&pd2, 0, sizeof(pd2));
	pd2.type = D6O_IA_PD;
	pd2.iaid = 2;
	ifc.ia[ifc.nia++] = &na1;
}

/* Run the machine until `until`, firing its timer when due. */
static void
run_until(uint64_t until)
{
	uint64_t	 t;

	for (;;) {
		t = c6_next(&cl);
		if (t > until)
			break;
		clock_now = t;
		c6_timeout(&cl, t);
	}
	clock_now = until;
}

struct lease_spec {
	const char	*addr;
	int		 plen;
	uint32_t	 pl, vl;
};

/* A server message: Advertise or Reply, with one IA. */
static void
server_msg(uint8_t *buf, size_t *len, uint8_t type, uint32_t xid,
    const uint8_t *srv, size_t srvlen, int pref, uint16_t iatype,
    uint32_t iaid, uint32_t t1, uint32_t t2, const struct lease_spec *ls,
    int nls, int iastatus, int topstatus, int rapid)
{
	struct wbuf	 w;
	struct d6_lease	 l;
	size_t		 mark;
	int		 i;

	wbuf_init(&w, buf, 2048);
	d6_put_header(&w, type, xid);
	if (srv != NULL)
		d6_put_opt(&w, D6O_SERVERID, srv, srvlen);
	d6_put_opt(&w, D6O_CLIENTID, duid.data, duid.len);
	if (pref >= 0)
		d6_put_opt_u8(&w, D6O_PREFERENCE, (uint8_t)pref);
	if (rapid)
		d6_put_opt(&w, D6O_RAPID_COMMIT, NULL, 0);
	if (topstatus >= 0)
		d6_put_status(&w, (uint16_t)topstatus, "top");
	if (iatype != 0) {
		d6_ia_begin(&w, iatype, iaid, t1, t2, &mark);
		for (i = 0; i < nls; i++) {
			memset(&l, 0, sizeof(l));
			l.addr = A(ls[i].addr);
			l.plen = ls[i].plen;
			l.preferred = ls[i].pl;
			l.valid = ls[i].vl;
			d6_put_lease(&w, iatype, &l);
		}
		if (iastatus >= 0)
			d6_put_status(&w, (uint16_t)iastatus, "ia");
		d6_opt_end(&w, mark);
	}
	ck_assert(wbuf_ok(&w));
	*len = wbuf_len(&w);
}

static int
deliver(const uint8_t *buf, size_t len)
{
	static struct d6_msg	 m;

	ck_assert_int_eq(d6_decode(buf, len, &m), D6E_OK);
	return c6_recv(&cl, clock_now, &m);
}

static const struct in6_addr a100 = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8,
    [14] = 1 } };
static const struct in6_addr a900 = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8,
    [14] = 9 } };
#define ADDR100	(&a100)
#define ADDR900	(&a900)

static const struct lease_spec L1 = { "2001:db8::100", 128, 300, 500 };

static int
advertise(const uint8_t *srv, int pref)
{
	uint8_t	 b[2048];
	size_t	 n;

	server_msg(b, &n, D6_ADVERTISE, out[nout - 1].m.xid, srv, 10, pref,
	    D6O_IA_NA, 1, 0, 0, &L1, 1, -1, -1, 0);
	return deliver(b, n);
}

static int
reply(uint32_t t1, uint32_t t2, const struct lease_spec *ls, int nls,
    int iastatus)
{
	uint8_t	 b[2048];
	size_t	 n;

	server_msg(b, &n, D6_REPLY, out[nout - 1].m.xid, srv1, 10, -1,
	    D6O_IA_NA, 1, t1, t2, ls, nls, iastatus, -1, 0);
	return deliver(b, n);
}

/* Start and get bound to srv1 with L1, T1 100, T2 160. */
static void
get_bound(void)
{
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	ck_assert_int_eq(nout, 1);
	ck_assert_int_eq(advertise(srv1, 255), 0);
	ck_assert_int_eq(cl.state, C6_REQUEST);
	ck_assert_int_eq(reply(100, 160, &L1, 1, -1), 0);
	ck_assert_int_eq(cl.state, C6_BOUND);
}

START_TEST(solicit_retransmission)
{
	uint64_t	 prev_rt = 0, rt;
	int		 i;

	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	ck_assert_int_eq(cl.state, C6_SOLICIT);
	run_until(20000 * S);
	ck_assert_int_gt(nout, 10);
	/* the first Solicit within SOL_MAX_DELAY */
	ck_assert_uint_lt(out[0].at, 1000);
	for (i = 0; i < nout; i++) {
		ck_assert_int_eq(out[i].m.type, D6_SOLICIT);
		ck_assert_uint_eq(out[i].m.xid, out[0].m.xid);
		ck_assert_int_eq(out[i].m.nia, 1);
		ck_assert_ptr_null(out[i].m.serverid.p);
		ck_assert(d6_duid_eq(&duid, out[i].m.clientid.p,
		    out[i].m.clientid.len));
		ck_assert(d6_oro_has(&out[i].m, D6O_SOL_MAX_RT));
		/* elapsed time: hundredths since the first, capped */
		rt = (out[i].at - out[0].at) / 10;
		ck_assert_int_eq(out[i].m.elapsed, rt > 0xffff ? 0xffff :
		    (int)rt);
		if (i == 0)
			continue;
		rt = out[i].at - out[i - 1].at;
		if (i == 1) {
			/* RFC 8415 17.1.2: strictly above IRT, within 10% */
			ck_assert_uint_gt(rt, 1000);
			ck_assert_uint_le(rt, 1100);
		} else if (prev_rt * 2 < 3600 * S * 9 / 10) {
			ck_assert_uint_ge(rt, prev_rt * 19 / 10);
			ck_assert_uint_le(rt, prev_rt * 21 / 10 + 1);
		}
		/* never past MRT + 10% */
		ck_assert_uint_le(rt, 3960 * S);
		prev_rt = rt;
	}
	/* and it did reach the cap */
	ck_assert_uint_ge(prev_rt, 3240 * S);
	ck_assert_int_eq(cl.state, C6_SOLICIT);
}
END_TEST

START_TEST(advertise_selection)
{
	uint8_t	 b[2048];
	size_t	 n;

	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	ck_assert_int_eq(nout, 1);
	/* preferences 10 then 20: the Request goes to the second, at RT */
	ck_assert_int_eq(advertise(srv1, 10), 0);
	ck_assert_int_eq(advertise(srv2, 20), 0);
	/* the same server again: dropped */
	ck_assert_int_eq(advertise(srv2, 20), C6D_DUPLICATE + 1);
	ck_assert_int_eq(nout, 1);
	ck_assert_int_eq(cl.state, C6_SOLICIT);
	run_until(out[0].at + 1100);
	ck_assert_int_eq(nout, 2);
	ck_assert_int_eq(out[1].m.type, D6_REQUEST);
	ck_assert_uint_ne(out[1].m.xid, out[0].m.xid);
	ck_assert_int_eq(out[1].m.serverid.len, 10);
	ck_assert_int_eq(memcmp(out[1].m.serverid.p, srv2, 10), 0);
	/* the offered address, not a hint, with 0 lifetimes */
	ck_assert_int_eq(out[1].m.nia, 1);
	ck_assert_int_eq(out[1].m.ia[0].nleases, 1);
	ck_assert(IN6_ARE_ADDR_EQUAL(&out[1].m.ia[0].leases[0].addr,
	    ADDR100));
	ck_assert_uint_eq(out[1].m.ia[0].leases[0].valid, 0);
	ck_assert_uint_eq(out[1].m.ia[0].t1, 0);

	/* no Server ID, a foreign Client ID, nothing offered: dropped */
	setup();
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	server_msg(b, &n, D6_ADVERTISE, out[0].m.xid, NULL, 0, 255,
	    D6O_IA_NA, 1, 0, 0, &L1, 1, -1, -1, 0);
	ck_assert_int_eq(deliver(b, n), C6D_NOSERVERID + 1);
	server_msg(b, &n, D6_ADVERTISE, out[0].m.xid, srv1, 10, 255,
	    D6O_IA_NA, 1, 0, 0, NULL, 0, -1, D6S_NOADDRSAVAIL, 0);
	ck_assert_int_eq(deliver(b, n), C6D_EMPTY + 1);
	server_msg(b, &n, D6_ADVERTISE, out[0].m.xid ^ 1, srv1, 10, 255,
	    D6O_IA_NA, 1, 0, 0, &L1, 1, -1, -1, 0);
	ck_assert_int_eq(deliver(b, n), C6D_XID + 1);
	server_msg(b, &n, D6_ADVERTISE, out[0].m.xid, srv1, 10, 255,
	    D6O_IA_NA, 1, 0, 0, &L1, 1, -1, -1, 0);
	/* the last byte of the Client ID (after the header, the Server
	 * ID option and the Client ID option's header) made foreign */
	b[4 + 14 + 4 + duid.len - 1] ^= 0xff;
	ck_assert_int_eq(deliver(b, n), C6D_CLIENTID + 1);
	ck_assert_int_eq(nout, 1);
	/* 255: Request at once */
	ck_assert_int_eq(advertise(srv1, 255), 0);
	ck_assert_int_eq(nout, 2);
	ck_assert_int_eq(out[1].m.type, D6_REQUEST);
	ck_assert_uint_eq(out[1].at, clock_now);
}
END_TEST

START_TEST(advertise_equal_and_late)
{
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	/* equal preferences: the first stays */
	ck_assert_int_eq(advertise(srv1, 5), 0);
	ck_assert_int_eq(advertise(srv2, 5), 0);
	run_until(out[0].at + 1100);
	ck_assert_int_eq(out[1].m.type, D6_REQUEST);
	ck_assert_int_eq(memcmp(out[1].m.serverid.p, srv1, 10), 0);

	/* after the first RT, the first Advertise is taken at once */
	setup();
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(3000);
	ck_assert_int_eq(nout, 2);
	ck_assert_int_eq(advertise(srv2, 0), 0);
	ck_assert_int_eq(nout, 3);
	ck_assert_int_eq(out[2].m.type, D6_REQUEST);
}
END_TEST

START_TEST(reply_binds_and_renews)
{
	get_bound();
	ck_assert_int_eq(nset, 1);
	ck_assert_uint_eq(last_pl, 300);
	ck_assert_uint_eq(last_vl, 500);
	ck_assert_int_ge(nchanged, 1);
	ck_assert_int_eq(nreply, 1);
	ck_assert_uint_eq(c6_next(&cl), clock_now + 100 * S);
	/* T1: Renew to the server, with our address at 0 lifetimes */
	run_until(clock_now + 100 * S);
	ck_assert_int_eq(out[nout - 1].m.type, D6_RENEW);
	ck_assert_int_eq(memcmp(out[nout - 1].m.serverid.p, srv1, 10), 0);
	ck_assert_int_eq(out[nout - 1].m.ia[0].nleases, 1);
	ck_assert_uint_eq(out[nout - 1].m.ia[0].leases[0].preferred, 0);
	ck_assert_int_eq(out[nout - 1].m.elapsed, 0);
	/* Renew retransmits from 10 s */
	run_until(clock_now + 9 * S);
	ck_assert_int_eq(out[nout - 1].m.elapsed, 0);
	run_until(clock_now + 2 * S);
	ck_assert_int_eq(out[nout - 1].m.type, D6_RENEW);
	ck_assert_int_ge(out[nout - 1].m.elapsed, 900);
	/* the Reply refreshes the lifetimes in the kernel */
	ck_assert_int_eq(reply(100, 160, &L1, 1, -1), 0);
	ck_assert_int_eq(cl.state, C6_BOUND);
	ck_assert_int_eq(nset, 2);
	ck_assert_uint_eq(last_vl, 500);
}
END_TEST

START_TEST(rebind_then_expiry)
{
	int	 n;

	get_bound();
	run_until(clock_now + 160 * S);
	/* Renew until T2, then Rebind without a Server ID */
	ck_assert_int_eq(out[nout - 1].m.type, D6_REBIND);
	ck_assert_ptr_null(out[nout - 1].m.serverid.p);
	ck_assert_int_eq(cl.state, C6_REBIND);
	n = nout;
	/* nobody answers: at the valid lifetime the address goes */
	run_until(clock_now + 340 * S + 10);
	ck_assert_int_gt(nout, n);
	ck_assert_int_eq(ndel, 1);
	ck_assert(IN6_ARE_ADDR_EQUAL(&last_del, ADDR100));
	ck_assert_int_eq(cl.state, C6_SOLICIT);
}
END_TEST

/* A lease ending between two Renews is removed on time (the fuzzer found
 * that its end was due but never handled: a busy timer). */
START_TEST(lease_ends_during_renew)
{
	static const struct lease_spec shortl = { "2001:db8::100", 128, 50,
	    105 };
	uint64_t	 t0;

	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	advertise(srv1, 255);
	ck_assert_int_eq(reply(100, 200, &shortl, 1, -1), 0);
	t0 = clock_now;
	run_until(t0 + 100 * S);
	ck_assert_int_eq(cl.state, C6_RENEW);
	ck_assert_uint_le(c6_next(&cl), t0 + 105 * S);
	clock_now = c6_next(&cl);
	c6_timeout(&cl, clock_now);
	ck_assert_int_eq(ndel, 1);
	ck_assert_int_eq(cl.state, C6_SOLICIT);
	ck_assert_uint_ge(c6_next(&cl), clock_now);
}
END_TEST

START_TEST(t1_t2_rules)
{
	static const struct lease_spec l1000 = { "2001:db8::100", 128, 1000,
	    2000 };
	static const struct lease_spec bad = { "2001:db8::101", 128, 200,
	    100 };

	/* T1 = T2 = 0: 0.5 and 0.8 of the shortest preferred lifetime */
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	advertise(srv1, 255);
	ck_assert_int_eq(reply(0, 0, &l1000, 1, -1), 0);
	ck_assert_uint_eq(cl.t1, 500);
	ck_assert_uint_eq(cl.t2, 800);
	/* a deprecated address and T1 = T2 = 0: not a Renew per Reply */
	{
		static const struct lease_spec dep = { "2001:db8::100", 128,
		    0, 2000 };

		setup();
		c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
		c6_start(&cl, 0);
		run_until(1000);
		advertise(srv1, 255);
		ck_assert_int_eq(reply(0, 0, &dep, 1, -1), 0);
		ck_assert_uint_eq(cl.t1, 10);
		ck_assert_uint_eq(cl.t2, 16);
	}
	/* small values from the server are used as given (no 30 s floor) */
	setup();
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	advertise(srv1, 255);
	ck_assert_int_eq(reply(5, 10, &l1000, 1, -1), 0);
	ck_assert_uint_eq(cl.t1, 5);
	ck_assert_uint_eq(cl.t2, 10);
	/* T1 > T2: the IA is ignored; nothing bound, Solicit again */
	setup();
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	advertise(srv1, 255);
	ck_assert_int_eq(reply(100, 50, &l1000, 1, -1), 0);
	ck_assert_int_eq(nset, 0);
	ck_assert_int_eq(cl.state, C6_SOLICIT);
	/* preferred > valid: that address is ignored */
	setup();
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	advertise(srv1, 255);
	ck_assert_int_eq(reply(100, 160, &bad, 1, -1), 0);
	ck_assert_int_eq(nset, 0);
	ck_assert_int_eq(cl.state, C6_SOLICIT);
	/* a failed cycle backs off: the next Solicit waits over 1 s */
	ck_assert_uint_ge(c6_next(&cl), clock_now + 2 * S);
}
END_TEST

START_TEST(nobinding_requests)
{
	uint32_t	 renew_xid;

	get_bound();
	run_until(clock_now + 100 * S);
	ck_assert_int_eq(out[nout - 1].m.type, D6_RENEW);
	renew_xid = out[nout - 1].m.xid;
	ck_assert_int_eq(reply(0, 0, NULL, 0, D6S_NOBINDING), 0);
	/* a Request, new XID, the same server, our address */
	ck_assert_int_eq(out[nout - 1].m.type, D6_REQUEST);
	ck_assert_uint_ne(out[nout - 1].m.xid, renew_xid);
	ck_assert_int_eq(memcmp(out[nout - 1].m.serverid.p, srv1, 10), 0);
	ck_assert_int_eq(out[nout - 1].m.ia[0].nleases, 1);
	ck_assert_int_eq(cl.state, C6_REQUEST);
	ck_assert_int_eq(reply(100, 160, &L1, 1, -1), 0);
	ck_assert_int_eq(cl.state, C6_BOUND);
}
END_TEST

START_TEST(request_gives_up_then_solicits)
{
	int	 i, nreq = 0;

	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	advertise(srv1, 255);
	run_until(400 * S);
	for (i = 0; i < nout; i++)
		if (out[i].m.type == D6_REQUEST)
			nreq++;
	/* REQ_MAX_RC, then (unlike KAME) Solicit again */
	ck_assert_int_eq(nreq, 10);
	ck_assert_int_eq(out[nout - 1].m.type, D6_SOLICIT);
	/* the gaps: 1 s (+-10%), doubling (+-10%) to the 30 s cap */
	ck_assert_uint_ge(out[2].at - out[1].at, 900);
	ck_assert_uint_le(out[2].at - out[1].at, 1100);
	for (i = 3; i < 11; i++) {
		uint64_t gap = out[i].at - out[i - 1].at;
		uint64_t prev = out[i - 1].at - out[i - 2].at;

		if (prev * 2 < 27 * S) {
			ck_assert_uint_ge(gap, prev * 19 / 10);
			ck_assert_uint_le(gap, prev * 21 / 10 + 1);
		} else {
			ck_assert_uint_ge(gap, 27 * S);
			ck_assert_uint_le(gap, 33 * S);
		}
	}
}
END_TEST

START_TEST(rapid_commit)
{
	uint8_t	 b[2048];
	size_t	 n;

	ifc.flags |= C6F_RAPID;
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	ck_assert_int_eq(out[0].m.rapid_commit, 1);
	/* a Reply without Rapid Commit: dropped */
	server_msg(b, &n, D6_REPLY, out[0].m.xid, srv1, 10, -1, D6O_IA_NA,
	    1, 100, 160, &L1, 1, -1, -1, 0);
	ck_assert_int_eq(deliver(b, n), C6D_NORAPID + 1);
	server_msg(b, &n, D6_REPLY, out[0].m.xid, srv1, 10, -1, D6O_IA_NA,
	    1, 100, 160, &L1, 1, -1, -1, 1);
	ck_assert_int_eq(deliver(b, n), 0);
	ck_assert_int_eq(cl.state, C6_BOUND);
	ck_assert_int_eq(nout, 1);	/* no Request */
	ck_assert_int_eq(nset, 1);
}
END_TEST

START_TEST(status_codes)
{
	uint8_t	 b[2048];
	size_t	 n;

	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	advertise(srv1, 255);
	/* UnspecFail and UseMulticast: not acted on, Request goes on */
	server_msg(b, &n, D6_REPLY, out[nout - 1].m.xid, srv1, 10, -1,
	    D6O_IA_NA, 1, 100, 160, &L1, 1, -1, D6S_UNSPECFAIL, 0);
	ck_assert_int_eq(deliver(b, n), C6D_STATUS + 1);
	server_msg(b, &n, D6_REPLY, out[nout - 1].m.xid, srv1, 10, -1,
	    D6O_IA_NA, 1, 100, 160, &L1, 1, -1, D6S_USEMULTICAST, 0);
	ck_assert_int_eq(deliver(b, n), C6D_STATUS + 1);
	ck_assert_int_eq(cl.state, C6_REQUEST);
	/* NoAddrsAvail in the IA: nothing bound, back to Solicit */
	ck_assert_int_eq(reply(0, 0, NULL, 0, D6S_NOADDRSAVAIL), 0);
	ck_assert_int_eq(cl.state, C6_SOLICIT);
	ck_assert_int_eq(nset, 0);
	/* a Reconfigure, and reconfigure-accept was not configured */
	server_msg(b, &n, D6_RECONFIGURE, 0, srv1, 10, -1, 0, 0, 0, 0, NULL,
	    0, -1, -1, 0);
	ck_assert_int_eq(deliver(b, n), C6D_RECONF + 1);
	/* a message type a client never takes */
	server_msg(b, &n, D6_SOLICIT, 0, srv1, 10, -1, 0, 0, 0, 0, NULL,
	    0, -1, -1, 0);
	ck_assert_int_eq(deliver(b, n), C6D_TYPE + 1);
}
END_TEST

START_TEST(release_on_stop)
{
	int	 i, nrel = 0;

	get_bound();
	c6_stop(&cl, clock_now, 1);
	ck_assert_int_eq(cl.state, C6_RELEASE);
	/* the address goes before the Release is sent */
	ck_assert_int_eq(ndel, 1);
	ck_assert_int_eq(del_before_send, nout - 1);
	ck_assert_int_eq(out[nout - 1].m.type, D6_RELEASE);
	ck_assert_int_eq(memcmp(out[nout - 1].m.serverid.p, srv1, 10), 0);
	ck_assert_int_eq(out[nout - 1].m.noro, 0);
	ck_assert_int_eq(out[nout - 1].m.ia[0].nleases, 1);
	/* nobody answers: REL_MAX_RC (4) transmissions, then stopped */
	run_until(clock_now + 60 * S);
	for (i = 0; i < nout; i++)
		if (out[i].m.type == D6_RELEASE)
			nrel++;
	ck_assert_int_eq(nrel, 4);
	ck_assert_int_eq(cl.state, C6_STOPPED);
	ck_assert_uint_eq(c6_next(&cl), UINT64_MAX);

	/* with a Reply, at once; -R keeps the leases */
	setup();
	get_bound();
	c6_stop(&cl, clock_now, 1);
	ck_assert_int_eq(reply(0, 0, NULL, 0, D6S_SUCCESS), 0);
	ck_assert_int_eq(cl.state, C6_STOPPED);
	setup();
	get_bound();
	c6_stop(&cl, clock_now, 0);
	ck_assert_int_eq(cl.state, C6_STOPPED);
	ck_assert_int_eq(ndel, 0);
}
END_TEST

START_TEST(information_request)
{
	uint8_t		 b[2048];
	size_t		 n;
	struct wbuf	 w;

	ifc.nia = 0;
	ifc.flags = C6F_INFO_ONLY;
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	ck_assert_int_eq(nout, 1);
	ck_assert_int_eq(out[0].m.type, D6_INFO_REQUEST);
	ck_assert_int_eq(out[0].m.nia, 0);
	ck_assert(d6_oro_has(&out[0].m, D6O_INFO_REFRESH));
	/* refresh 100 is raised to IRT_MINIMUM (600) */
	wbuf_init(&w, b, sizeof(b));
	d6_put_header(&w, D6_REPLY, out[0].m.xid);
	d6_put_opt(&w, D6O_SERVERID, srv1, 10);
	d6_put_opt(&w, D6O_CLIENTID, duid.data, duid.len);
	d6_put_opt_u32(&w, D6O_INFO_REFRESH, 100);
	n = wbuf_len(&w);
	ck_assert_int_eq(deliver(b, n), 0);
	ck_assert_int_eq(cl.state, C6_INFO_BOUND);
	ck_assert_int_eq(nreply, 1);
	ck_assert_uint_eq(c6_next(&cl), clock_now + 600 * S);
	run_until(clock_now + 600 * S);
	ck_assert_int_eq(nout, 2);
	ck_assert_int_eq(out[1].m.type, D6_INFO_REQUEST);
	/* without the option: 86400 s */
	wbuf_init(&w, b, sizeof(b));
	d6_put_header(&w, D6_REPLY, out[1].m.xid);
	d6_put_opt(&w, D6O_SERVERID, srv1, 10);
	d6_put_opt(&w, D6O_CLIENTID, duid.data, duid.len);
	ck_assert_int_eq(deliver(b, wbuf_len(&w)), 0);
	ck_assert_uint_eq(c6_next(&cl), clock_now + 86400 * S);
}
END_TEST

START_TEST(decline_on_dad_failure)
{
	get_bound();
	c6_dad_failed(&cl, clock_now, ADDR900);
	ck_assert_int_eq(cl.state, C6_BOUND);	/* not ours */
	c6_dad_failed(&cl, clock_now, &last_set.addr);
	ck_assert_int_eq(cl.state, C6_DECLINE);
	ck_assert_int_eq(ndel, 1);
	ck_assert_int_eq(out[nout - 1].m.type, D6_DECLINE);
	ck_assert_int_eq(memcmp(out[nout - 1].m.serverid.p, srv1, 10), 0);
	ck_assert_int_eq(out[nout - 1].m.ia[0].nleases, 1);
	ck_assert(IN6_ARE_ADDR_EQUAL(&out[nout - 1].m.ia[0].leases[0].addr,
	    &last_set.addr));
	/* the Reply ends it; nothing left: Solicit */
	ck_assert_int_eq(reply(0, 0, NULL, 0, D6S_SUCCESS), 0);
	ck_assert_int_eq(cl.state, C6_SOLICIT);
	/* no Reply: DEC_MAX_RC (4) Declines, then the same */
	setup();
	get_bound();
	c6_dad_failed(&cl, clock_now, &last_set.addr);
	run_until(clock_now + 30 * S);
	{
		int	 i, n = 0;

		for (i = 0; i < nout; i++)
			n += out[i].m.type == D6_DECLINE;
		ck_assert_int_eq(n, 4);
	}
	ck_assert_int_eq(cl.state, C6_SOLICIT);
}
END_TEST

START_TEST(confirm_after_restart)
{
	struct c6_binding	 b;
	uint8_t			 buf[2048];
	size_t			 n;

	memset(&b, 0, sizeof(b));
	d6_duid_set(&b.server, srv1, 10);
	b.nia = 1;
	b.ia[0].type = D6O_IA_NA;
	b.ia[0].iaid = 1;
	b.ia[0].t1 = 100;
	b.ia[0].t2 = 160;
	b.ia[0].nleases = 1;
	b.ia[0].leases[0].addr = A("2001:db8::100");
	b.ia[0].leases[0].plen = 128;
	b.ia[0].leases[0].pl = 300;
	b.ia[0].leases[0].vl = 500;
	b.ia[0].leases[0].start = 10 * S;
	clock_now = 50 * S;
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_restore(&cl, &b, 10 * S);
	c6_start(&cl, clock_now);
	ck_assert_int_eq(cl.state, C6_CONFIRM);
	run_until(clock_now + 1000);
	ck_assert_int_eq(out[0].m.type, D6_CONFIRM);
	ck_assert_ptr_null(out[0].m.serverid.p);
	ck_assert_int_eq(out[0].m.ia[0].nleases, 1);
	/* Success: bound, the address set with what is left (460 s) */
	server_msg(buf, &n, D6_REPLY, out[0].m.xid, srv1, 10, -1, 0, 0, 0, 0,
	    NULL, 0, -1, D6S_SUCCESS, 0);
	ck_assert_int_eq(deliver(buf, n), 0);
	ck_assert_int_eq(cl.state, C6_BOUND);
	ck_assert_int_eq(nset, 1);
	ck_assert_uint_le(last_vl, 460);
	ck_assert_uint_ge(last_vl, 459);
	/* NotOnLink: dropped, Solicit */
	setup();
	clock_now = 50 * S;
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_restore(&cl, &b, 10 * S);
	c6_start(&cl, clock_now);
	run_until(clock_now + 1000);
	server_msg(buf, &n, D6_REPLY, out[0].m.xid, srv1, 10, -1, 0, 0, 0, 0,
	    NULL, 0, -1, D6S_NOTONLINK, 0);
	ck_assert_int_eq(deliver(buf, n), 0);
	ck_assert_int_eq(cl.state, C6_SOLICIT);
	ck_assert_int_eq(ndel, 1);
	/* no answer at all: after CNF_MAX_RD (10 s) the lease is used */
	setup();
	clock_now = 50 * S;
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_restore(&cl, &b, 10 * S);
	c6_start(&cl, clock_now);
	run_until(clock_now + 12 * S);
	ck_assert_int_eq(cl.state, C6_BOUND);
	ck_assert_int_ge(nout, 3);
	ck_assert_uint_le(out[nout - 1].at - out[0].at, 10 * S);
	/* with a prefix: Rebind instead */
	setup();
	ifc.ia[ifc.nia++] = &pd2;
	b.nia = 2;
	b.ia[1].type = D6O_IA_PD;
	b.ia[1].iaid = 2;
	b.ia[1].nleases = 1;
	b.ia[1].leases[0] = b.ia[0].leases[0];
	b.ia[1].leases[0].plen = 56;
	clock_now = 50 * S;
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_restore(&cl, &b, 10 * S);
	c6_start(&cl, clock_now);
	run_until(clock_now);
	ck_assert_int_eq(out[0].m.type, D6_REBIND);
	ck_assert_int_eq(out[0].m.nia, 2);
}
END_TEST

START_TEST(link_change)
{
	uint8_t		 b[2048];
	struct wbuf	 w;

	/* bound addresses: Confirm after the link comes back */
	get_bound();
	c6_link_up(&cl, clock_now);
	ck_assert_int_eq(cl.state, C6_CONFIRM);
	run_until(clock_now + 1000);
	ck_assert_int_eq(out[nout - 1].m.type, D6_CONFIRM);
	/* while soliciting: nothing to confirm */
	setup();
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	c6_link_up(&cl, 0);
	ck_assert_int_eq(cl.state, C6_SOLICIT);
	/* stateless: a new Information-request */
	setup();
	ifc.nia = 0;
	ifc.flags = C6F_INFO_ONLY;
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(1000);
	wbuf_init(&w, b, sizeof(b));
	d6_put_header(&w, D6_REPLY, out[0].m.xid);
	d6_put_opt(&w, D6O_SERVERID, srv1, 10);
	d6_put_opt(&w, D6O_CLIENTID, duid.data, duid.len);
	ck_assert_int_eq(deliver(b, wbuf_len(&w)), 0);
	ck_assert_int_eq(cl.state, C6_INFO_BOUND);
	c6_link_up(&cl, clock_now);
	run_until(clock_now + 1000);
	ck_assert_int_eq(nout, 2);
	ck_assert_int_eq(out[1].m.type, D6_INFO_REQUEST);
}
END_TEST

START_TEST(rebind_to_another_server)
{
	uint8_t	 b[2048];
	size_t	 n;

	get_bound();
	run_until(clock_now + 160 * S);
	ck_assert_int_eq(cl.state, C6_REBIND);
	/* srv2 answers the Rebind: the binding is now srv2's */
	server_msg(b, &n, D6_REPLY, out[nout - 1].m.xid, srv2, 10, -1,
	    D6O_IA_NA, 1, 50, 80, &L1, 1, -1, -1, 0);
	ck_assert_int_eq(deliver(b, n), 0);
	ck_assert_int_eq(cl.state, C6_BOUND);
	ck_assert_uint_eq(cl.t1, 50);
	run_until(clock_now + 50 * S);
	ck_assert_int_eq(out[nout - 1].m.type, D6_RENEW);
	ck_assert_int_eq(memcmp(out[nout - 1].m.serverid.p, srv2, 10), 0);
}
END_TEST

START_TEST(prefix_interface_address)
{
	struct c6_pif	 p = { "lan0", 1, 16 };
	struct in6_addr	 pfx = A("2001:db8:1234::"), iid, a;
	char		 s[64];
	int		 plen;

	iid = A("fe80::203:47ff:fea5:3085");
	ck_assert_int_eq(c6_pif_addr(&pfx, 48, &p, &iid, &a, &plen), 0);
	inet_ntop(AF_INET6, &a, s, sizeof(s));
	ck_assert_str_eq(s, "2001:db8:1234:1:203:47ff:fea5:3085");
	ck_assert_int_eq(plen, 64);
	p.sla_id = 2;
	ck_assert_int_eq(c6_pif_addr(&pfx, 48, &p, &iid, &a, &plen), 0);
	inet_ntop(AF_INET6, &a, s, sizeof(s));
	ck_assert_str_eq(s, "2001:db8:1234:2:203:47ff:fea5:3085");
	/* a /56 with sla-len 8 */
	pfx = A("2001:db8:8000:ab00::");
	p.sla_id = 0xcd;
	p.sla_len = 8;
	ck_assert_int_eq(c6_pif_addr(&pfx, 56, &p, &iid, &a, &plen), 0);
	inet_ntop(AF_INET6, &a, s, sizeof(s));
	ck_assert_str_eq(s, "2001:db8:8000:abcd:203:47ff:fea5:3085");
	/* too long (56 + 16 > 64), or an SLA ID that does not fit */
	p.sla_len = 16;
	ck_assert_int_eq(c6_pif_addr(&pfx, 56, &p, &iid, &a, &plen), -1);
	p.sla_len = 4;
	p.sla_id = 16;
	ck_assert_int_eq(c6_pif_addr(&pfx, 56, &p, &iid, &a, &plen), -1);
}
END_TEST

START_TEST(jitter_bounds_fixed_random)
{
	/* the extremes of RAND: the first Solicit RT in (1.0, 1.1] s */
	rnd_mode = 1;
	rnd_fixed = 999;	/* RAND = +0.1 (and delay 999 ms) */
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(10 * S);
	ck_assert_uint_eq(out[0].at, 999);
	ck_assert_uint_eq(out[1].at - out[0].at, 1100);
	/* then RT = 2 RT + 0.1 * ... : 1100 * 2 + 1100 * (999 % 2001 -
	 * 1000) / 10000 = 2200 - 0 */
	ck_assert_uint_eq(out[2].at - out[1].at, 2200);
	setup();
	rnd_mode = 1;
	rnd_fixed = 0;		/* RAND = -0.1; first Solicit +0.0001 */
	c6_init(&cl, &ifc, &duid, &ops, NULL, 0);
	c6_start(&cl, 0);
	run_until(10 * S);
	ck_assert_uint_eq(out[0].at, 0);
	ck_assert_uint_eq(out[1].at - out[0].at, 1000);	/* > IRT by 0.1 ms */
	ck_assert_uint_eq(out[2].at - out[1].at, 2000 - 100);
}
END_TEST

static Suite *
client_suite(void)
{
	Suite	*s = suite_create("dhcp6c_client");
	TCase	*tc = tcase_create("machine");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, solicit_retransmission);
	tcase_add_test(tc, advertise_selection);
	tcase_add_test(tc, advertise_equal_and_late);
	tcase_add_test(tc, reply_binds_and_renews);
	tcase_add_test(tc, rebind_then_expiry);
	tcase_add_test(tc, lease_ends_during_renew);
	tcase_add_test(tc, t1_t2_rules);
	tcase_add_test(tc, nobinding_requests);
	tcase_add_test(tc, request_gives_up_then_solicits);
	tcase_add_test(tc, rapid_commit);
	tcase_add_test(tc, status_codes);
	tcase_add_test(tc, release_on_stop);
	tcase_add_test(tc, information_request);
	tcase_add_test(tc, decline_on_dad_failure);
	tcase_add_test(tc, confirm_after_restart);
	tcase_add_test(tc, link_change);
	tcase_add_test(tc, rebind_to_another_server);
	tcase_add_test(tc, prefix_interface_address);
	tcase_add_test(tc, jitter_bounds_fixed_random);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(client_suite(), 0);
}
