/*
 * Unit tests for route6d's pure parts: the RIPng codec, the RFC 2080
 * update rules (the decision table of the book, cases a-k, with the
 * RFC fixes), aging, output (filters, split horizon, poisoned reverse,
 * next-hop RTEs, packetisation) and the command line.
 */
#include <sys/wait.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "route6d.h"
#include "t6check.h"

#define SEC	1000000ULL
/* deadlines are rounded up to a 64th of the 180 s timeout */
#define GRAN	(180 * SEC / 64)
#define RU(t)	(((t) + GRAN - 1) / GRAN * GRAN)

static struct in6_addr
A(const char *s)
{
	struct in6_addr	 a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/* ---------------------------------------------------------------- codec */

START_TEST(decode_good)
{
	uint8_t		 pkt[4 + 2 * 20];
	struct wbuf	 w;
	struct rip6_rte	 in[2], out[4];
	uint8_t		 cmd, vers;
	size_t		 n;
	enum rip6_drop	 why;

	memset(in, 0, sizeof(in));
	in[0].prefix = A("2001:db8:1::");
	in[0].tag = 0x1234;
	in[0].plen = 48;
	in[0].metric = 3;
	in[1].prefix = A("fe80::1");
	in[1].metric = RIP6_NEXTHOP_METRIC;
	wbuf_init(&w, pkt, sizeof(pkt));
	rip6_put_header(&w, RIP6_RESPONSE);
	rip6_put_rte(&w, &in[0]);
	rip6_put_rte(&w, &in[1]);
	ck_assert(wbuf_ok(&w));
	ck_assert_uint_eq(wbuf_len(&w), sizeof(pkt));
	/* header: command, version 1, two zero bytes */
	ck_assert_uint_eq(pkt[0], 2);
	ck_assert_uint_eq(pkt[1], 1);
	ck_assert_uint_eq(pkt[2] | pkt[3], 0);
	/* RTE: prefix, tag (network order), plen, metric */
	ck_assert_uint_eq(pkt[4 + 16], 0x12);
	ck_assert_uint_eq(pkt[4 + 17], 0x34);
	ck_assert_uint_eq(pkt[4 + 18], 48);
	ck_assert_uint_eq(pkt[4 + 19], 3);
	ck_assert_int_eq(rip6_decode(pkt, sizeof(pkt), &cmd, &vers, out, 4,
	    &n, &why), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(cmd, RIP6_RESPONSE);
	ck_assert_uint_eq(vers, 1);
	ck_assert_mem_eq(&out[0], &in[0], sizeof(in[0]));
	ck_assert_uint_eq(out[1].metric, 0xff);
}
END_TEST

START_TEST(encode_clears_embedded_zone)
{
	uint8_t		 pkt[24];
	struct wbuf	 w;
	struct rip6_rte	 r;

	memset(&r, 0, sizeof(r));
	r.prefix = A("fe80:2::1");	/* KAME's embedded form */
	r.metric = RIP6_NEXTHOP_METRIC;
	wbuf_init(&w, pkt, sizeof(pkt));
	rip6_put_header(&w, RIP6_RESPONSE);
	rip6_put_rte(&w, &r);
	ck_assert_uint_eq(pkt[4 + 2], 0);
	ck_assert_uint_eq(pkt[4 + 3], 0);
	ck_assert_uint_eq(pkt[4 + 15], 1);
}
END_TEST

START_TEST(decode_bad_lengths)
{
	uint8_t		 pkt[4 + 20 * 3 + 7];
	struct rip6_rte	 out[3];
	uint8_t		 cmd, vers;
	size_t		 n, len;
	enum rip6_drop	 why;

	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 2;
	pkt[1] = 1;
	for (len = 0; len < 24; len++) {
		ck_assert_int_eq(rip6_decode(pkt, len, &cmd, &vers, out, 3,
		    &n, &why), -1);
		ck_assert_int_eq(why, DROP_SHORT);
		ck_assert_uint_eq(n, 0);
	}
	for (len = 25; len < 44; len++) {
		ck_assert_int_eq(rip6_decode(pkt, len, &cmd, &vers, out, 3,
		    &n, &why), -1);
		ck_assert_int_eq(why, DROP_LENGTH);
	}
	/* more RTEs than the caller has room for */
	ck_assert_int_eq(rip6_decode(pkt, 4 + 20 * 3, &cmd, &vers, out, 2,
	    &n, &why), -1);
	ck_assert_int_eq(why, DROP_LENGTH);
	ck_assert_int_eq(rip6_decode(pkt, 4 + 20 * 3, &cmd, &vers, out, 3,
	    &n, &why), 0);
	ck_assert_uint_eq(n, 3);
}
END_TEST

START_TEST(table_request_and_sizes)
{
	struct rip6_rte	 r[2];

	memset(r, 0, sizeof(r));
	r[0].metric = 16;
	ck_assert(rip6_is_table_request(r, 1));
	ck_assert(!rip6_is_table_request(r, 2));
	r[0].metric = 15;
	ck_assert(!rip6_is_table_request(r, 1));
	r[0].metric = 16;
	r[0].plen = 1;
	ck_assert(!rip6_is_table_request(r, 1));
	r[0].plen = 0;
	r[0].prefix = A("2001:db8::");
	ck_assert(!rip6_is_table_request(r, 1));
	/* Eq 1.1 of the book: 72 RTEs at 1500, 61 at 1280 */
	ck_assert_uint_eq(rip6_rtes_per_packet(1500), 72);
	ck_assert_uint_eq(rip6_rtes_per_packet(1280), 61);
	ck_assert_uint_eq(rip6_rtes_per_packet(100), 61);
	ck_assert_uint_eq(rip6_rtes_per_packet(9000), 447);
	ck_assert_uint_eq(rip6_rtes_per_packet(1000000), RIP6_MAXRTE);
}
END_TEST

START_TEST(rte_checks)
{
	struct rip6_rte	 r;
	enum rip6_drop	 why;

	memset(&r, 0, sizeof(r));
	r.prefix = A("2001:db8::");
	r.plen = 32;
	r.metric = 1;
	ck_assert_int_eq(rip6_rte_check(&r, 0, &why), 0);
	r.metric = 16;
	ck_assert_int_eq(rip6_rte_check(&r, 0, &why), 0);
	r.metric = 0;
	ck_assert_int_eq(rip6_rte_check(&r, 0, &why), -1);
	ck_assert_int_eq(why, DROP_RTE_METRIC);
	r.metric = 17;
	ck_assert_int_eq(rip6_rte_check(&r, 0, &why), -1);
	r.metric = 254;
	ck_assert_int_eq(rip6_rte_check(&r, 0, &why), -1);
	r.metric = 1;
	r.plen = 129;
	ck_assert_int_eq(rip6_rte_check(&r, 0, &why), -1);
	ck_assert_int_eq(why, DROP_RTE_PLEN);
	/* destinations that are never routes */
	r.plen = 16;
	r.prefix = A("ff02::");
	ck_assert_int_eq(rip6_rte_check(&r, 0, &why), -1);
	ck_assert_int_eq(why, DROP_RTE_PREFIX);
	r.plen = 64;
	r.prefix = A("fe80::");
	ck_assert_int_eq(rip6_rte_check(&r, 0, &why), -1);
	r.plen = 128;
	r.prefix = A("::1");
	ck_assert_int_eq(rip6_rte_check(&r, 0, &why), -1);
	/* site-local only with -l */
	r.plen = 48;
	r.prefix = A("fec0:1::");
	ck_assert_int_eq(rip6_rte_check(&r, 0, &why), -1);
	ck_assert_int_eq(rip6_rte_check(&r, 1, &why), 0);
	/* judged after masking: ::1/0 is a default route (book's F12) */
	r.plen = 0;
	r.prefix = A("::1");
	ck_assert_int_eq(rip6_rte_check(&r, 0, &why), 0);
	r.prefix = A("::");
	ck_assert_int_eq(rip6_rte_check(&r, 0, &why), 0);
	/* host bits set in a good prefix: accepted (masked later) */
	r.plen = 32;
	r.prefix = A("2001:db8::77");
	ck_assert_int_eq(rip6_rte_check(&r, 0, &why), 0);
	ck_assert_str_eq(rip6_drop_name(DROP_HOPLIMIT), "hop-limit");
	ck_assert_str_eq(rip6_drop_name(DROP_NREASONS), "?");
}
END_TEST

/* ------------------------------------------------------------------ rib */

struct kcall {
	char		 op;		/* 'a' add, 'r' replace, 'd' delete */
	struct in6_addr	 prefix;
	struct in6_addr	 gw;
	uint32_t	 ifindex;
};

static struct kcall	 kcalls[64];
static int		 nkcalls;
static struct rib	 rib;
static struct in6_addr	 nh1, nh2;

static void
k_install(struct rt_entry *rt, int replace, void *arg)
{
	if (nkcalls < 64) {
		kcalls[nkcalls].op = replace ? 'r' : 'a';
		kcalls[nkcalls].prefix = rt->prefix;
		kcalls[nkcalls].gw = rt->gw;
		kcalls[nkcalls].ifindex = rt->ifindex;
	}
	nkcalls++;
}

static void
k_uninstall(struct rt_entry *rt, void *arg)
{
	if (nkcalls < 64) {
		kcalls[nkcalls].op = 'd';
		kcalls[nkcalls].prefix = rt->prefix;
		kcalls[nkcalls].gw = rt->gw;
	}
	nkcalls++;
}

static const struct rib_hooks hooks = { k_install, k_uninstall, NULL };

static void
rib_setup(void)
{
	rib_init(&rib, &hooks, 180 * SEC, 120 * SEC, 0);
	nkcalls = 0;
	nh1 = A("fe80::1");
	nh2 = A("fe80::2");
}

static void
rib_teardown(void)
{
	rib_clear(&rib);
}

static struct rip6_rte
R(const char *prefix, int plen, int metric)
{
	struct rip6_rte	 r;

	memset(&r, 0, sizeof(r));
	r.prefix = A(prefix);
	r.plen = (uint8_t)plen;
	r.metric = (uint8_t)metric;
	return r;
}

/* case j: a new route goes into the RIB and the kernel, and is told */
START_TEST(case_j_new_route)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 2);
	struct rt_entry	*rt;

	ck_assert_int_eq(rib_input(&rib, &r, &nh1, 2, 100 * SEC), 1);
	rt = rib_find(&rib, &r.prefix, 48);
	ck_assert_ptr_nonnull(rt);
	ck_assert_uint_eq(rt->metric, 2);
	ck_assert_uint_eq(rt->ifindex, 2);
	ck_assert(rt->flags & RT_F_CHANGED);
	ck_assert(rt->flags & RT_F_INSTALLED);
	ck_assert_int_eq(rib.trigger, 1);
	ck_assert_int_eq(nkcalls, 1);
	ck_assert_int_eq(kcalls[0].op, 'a');
	ck_assert_uint_eq(rib.count, 1);
	ck_assert_uint_eq(rt->deadline, RU(280 * SEC));
}
END_TEST

/* case k: an unreachable route we never had is ignored */
START_TEST(case_k_new_infinity_ignored)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 16);

	ck_assert_int_eq(rib_input(&rib, &r, &nh1, 2, 100 * SEC), 0);
	ck_assert_uint_eq(rib.count, 0);
	ck_assert_int_eq(nkcalls, 0);
	/* a metric above 16 counts as 16 */
	r.metric = 40;
	ck_assert_int_eq(rib_input(&rib, &r, &nh1, 2, 100 * SEC), 0);
	ck_assert_uint_eq(rib.count, 0);
}
END_TEST

/* case a: a local (static, interface, aggregate) route wins */
START_TEST(case_a_local_wins)
{
	struct in6_addr	 p = A("2001:db8:1::");
	struct rip6_rte	 r = R("2001:db8:1::", 48, 2);
	struct rt_entry	*rt;

	rt = rib_local(&rib, RT_IFACE, &p, 48, 1, 0, NULL, 3, 0);
	ck_assert_ptr_nonnull(rt);
	ck_assert_int_eq(nkcalls, 0);		/* the kernel has it */
	rib_clear_changed(&rib);
	ck_assert_int_eq(rib_input(&rib, &r, &nh1, 2, 100 * SEC), 0);
	ck_assert_uint_eq(rt->metric, 1);
	ck_assert_uint_eq(rt->ifindex, 3);
	ck_assert_int_eq(nkcalls, 0);
	ck_assert_int_eq(rib.trigger, 0);
}
END_TEST

/* case b: better metric, same source: metric only, kernel untouched */
START_TEST(case_b_better_same_source)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 5);
	struct rt_entry	*rt;

	rib_input(&rib, &r, &nh1, 2, 100 * SEC);
	rib_clear_changed(&rib);
	nkcalls = 0;
	r.metric = 3;
	ck_assert_int_eq(rib_input(&rib, &r, &nh1, 2, 110 * SEC), 1);
	rt = rib_find(&rib, &r.prefix, 48);
	ck_assert_uint_eq(rt->metric, 3);
	ck_assert_uint_eq(rt->updated, 110 * SEC);
	ck_assert(rt->flags & RT_F_CHANGED);
	ck_assert_int_eq(nkcalls, 0);
}
END_TEST

/* case c: better metric elsewhere: switch with an atomic replace */
START_TEST(case_c_better_other_source)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 5);
	struct rt_entry	*rt;

	rib_input(&rib, &r, &nh1, 2, 100 * SEC);
	nkcalls = 0;
	r.metric = 3;
	r.tag = 7;
	ck_assert_int_eq(rib_input(&rib, &r, &nh2, 4, 110 * SEC), 1);
	rt = rib_find(&rib, &r.prefix, 48);
	ck_assert_uint_eq(rt->metric, 3);
	ck_assert_uint_eq(rt->ifindex, 4);
	ck_assert_uint_eq(rt->tag, 7);
	ck_assert_mem_eq(&rt->gw, &nh2, 16);
	ck_assert_int_eq(nkcalls, 1);
	ck_assert_int_eq(kcalls[0].op, 'r');
	ck_assert_mem_eq(&kcalls[0].gw, &nh2, 16);
}
END_TEST

/* case d: worse metric from the same source is believed */
START_TEST(case_d_worse_same_source)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 3);
	struct rt_entry	*rt;

	rib_input(&rib, &r, &nh1, 2, 100 * SEC);
	rib_clear_changed(&rib);
	nkcalls = 0;
	r.metric = 7;
	ck_assert_int_eq(rib_input(&rib, &r, &nh1, 2, 110 * SEC), 1);
	rt = rib_find(&rib, &r.prefix, 48);
	ck_assert_uint_eq(rt->metric, 7);
	ck_assert_uint_eq(rt->updated, 110 * SEC);
	ck_assert(rt->flags & RT_F_CHANGED);
	ck_assert_int_eq(nkcalls, 0);		/* the kernel route stays */
}
END_TEST

/*
 * case d with 16 (RFC fix of KAME's K4): deletion starts at once, the
 * route leaves the kernel, and the timeout is not restarted.
 */
START_TEST(case_d_withdrawal)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 3);
	struct rt_entry	*rt;

	rib_input(&rib, &r, &nh1, 2, 100 * SEC);
	nkcalls = 0;
	r.metric = 16;
	ck_assert_int_eq(rib_input(&rib, &r, &nh1, 2, 110 * SEC), 1);
	rt = rib_find(&rib, &r.prefix, 48);
	ck_assert_uint_eq(rt->metric, 16);
	ck_assert(rt->flags & RT_F_GARBAGE);
	ck_assert(!(rt->flags & RT_F_INSTALLED));
	ck_assert_int_eq(nkcalls, 1);
	ck_assert_int_eq(kcalls[0].op, 'd');
	ck_assert_uint_eq(rt->updated, 100 * SEC);	/* not refreshed */
	ck_assert_uint_eq(rt->deadline, RU(230 * SEC));	/* 110 + GC 120 */
	/* case i: more 16s change nothing, and do not refresh */
	ck_assert_int_eq(rib_input(&rib, &r, &nh1, 2, 120 * SEC), 0);
	ck_assert_uint_eq(rt->deadline, RU(230 * SEC));
	/* then it is collected */
	rib_age(&rib, RU(230 * SEC) - 1);
	ck_assert_ptr_nonnull(rib_find(&rib, &r.prefix, 48));
	rib_age(&rib, RU(230 * SEC));
	ck_assert_ptr_null(rib_find(&rib, &r.prefix, 48));
	ck_assert_uint_eq(rib.count, 0);
}
END_TEST

/* case e: worse metric from elsewhere is ignored */
START_TEST(case_e_worse_other_source)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 3);
	struct rt_entry	*rt;

	rib_input(&rib, &r, &nh1, 2, 100 * SEC);
	rib_clear_changed(&rib);
	nkcalls = 0;
	r.metric = 5;
	ck_assert_int_eq(rib_input(&rib, &r, &nh2, 2, 110 * SEC), 0);
	rt = rib_find(&rib, &r.prefix, 48);
	ck_assert_uint_eq(rt->metric, 3);
	ck_assert_mem_eq(&rt->gw, &nh1, 16);
	ck_assert_uint_eq(rt->updated, 100 * SEC);
	ck_assert_int_eq(nkcalls, 0);
}
END_TEST

/* case f: the same metric from the same source refreshes only */
START_TEST(case_f_refresh)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 3);
	struct rt_entry	*rt;

	rib_input(&rib, &r, &nh1, 2, 100 * SEC);
	rib_clear_changed(&rib);
	nkcalls = 0;
	ck_assert_int_eq(rib_input(&rib, &r, &nh1, 2, 130 * SEC), 0);
	rt = rib_find(&rib, &r.prefix, 48);
	ck_assert_uint_eq(rt->updated, 130 * SEC);
	ck_assert(!(rt->flags & RT_F_CHANGED));
	ck_assert_int_eq(rib.trigger, 0);
	/* a new tag is news */
	r.tag = 9;
	ck_assert_int_eq(rib_input(&rib, &r, &nh1, 2, 131 * SEC), 1);
	ck_assert_uint_eq(rt->tag, 9);
}
END_TEST

/* cases g and h: equal metric elsewhere: switch only past half-life */
START_TEST(case_g_h_equal_other_source)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 3);
	struct rt_entry	*rt;

	rib_input(&rib, &r, &nh1, 2, 100 * SEC);
	rib_clear_changed(&rib);
	nkcalls = 0;
	/* h: 89 s in, keep the current route (no flapping) */
	ck_assert_int_eq(rib_input(&rib, &r, &nh2, 4, 189 * SEC), 0);
	rt = rib_find(&rib, &r.prefix, 48);
	ck_assert_mem_eq(&rt->gw, &nh1, 16);
	ck_assert_int_eq(nkcalls, 0);
	/* g: 90 s in (half of 180), switch, and trigger (KAME's K6) */
	ck_assert_int_eq(rib_input(&rib, &r, &nh2, 4, 190 * SEC), 1);
	ck_assert_mem_eq(&rt->gw, &nh2, 16);
	ck_assert_uint_eq(rt->ifindex, 4);
	ck_assert_int_eq(rib.trigger, 1);
	ck_assert_int_eq(nkcalls, 1);
	ck_assert_int_eq(kcalls[0].op, 'r');
}
END_TEST

/* case i: 16 against 16 from anywhere: nothing */
START_TEST(case_i_both_infinity)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 3);
	struct rt_entry	*rt;

	rib_input(&rib, &r, &nh1, 2, 100 * SEC);
	r.metric = 16;
	rib_input(&rib, &r, &nh1, 2, 101 * SEC);
	rib_clear_changed(&rib);
	nkcalls = 0;
	ck_assert_int_eq(rib_input(&rib, &r, &nh2, 4, 102 * SEC), 0);
	rt = rib_find(&rib, &r.prefix, 48);
	ck_assert_mem_eq(&rt->gw, &nh1, 16);
	ck_assert_int_eq(nkcalls, 0);
}
END_TEST

/* a route being deleted comes back when anyone offers it again */
START_TEST(garbage_route_revived)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 3);
	struct rt_entry	*rt;

	rib_input(&rib, &r, &nh1, 2, 100 * SEC);
	r.metric = 16;
	rib_input(&rib, &r, &nh1, 2, 101 * SEC);
	nkcalls = 0;
	r.metric = 4;
	ck_assert_int_eq(rib_input(&rib, &r, &nh1, 2, 102 * SEC), 1);
	rt = rib_find(&rib, &r.prefix, 48);
	ck_assert_uint_eq(rt->metric, 4);
	ck_assert(!(rt->flags & RT_F_GARBAGE));
	ck_assert(rt->flags & RT_F_INSTALLED);
	ck_assert_int_eq(nkcalls, 1);
	ck_assert_int_eq(kcalls[0].op, 'a');
	ck_assert_uint_eq(rt->deadline, RU(282 * SEC));
	/* and from another router too */
	r.metric = 16;
	rib_input(&rib, &r, &nh1, 2, 103 * SEC);
	nkcalls = 0;
	r.metric = 9;
	ck_assert_int_eq(rib_input(&rib, &r, &nh2, 5, 104 * SEC), 1);
	ck_assert_mem_eq(&rt->gw, &nh2, 16);
	ck_assert(rt->flags & RT_F_INSTALLED);
	ck_assert_int_eq(kcalls[0].op, 'a');
}
END_TEST

/* timeout: 180 s of silence takes a route out of service at once */
START_TEST(timeout_then_garbage)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 3);
	struct rt_entry	*rt;

	rib_input(&rib, &r, &nh1, 2, 100 * SEC);
	rib_clear_changed(&rib);
	nkcalls = 0;
	ck_assert_uint_eq(rib_age(&rib, 200 * SEC), RU(280 * SEC));
	ck_assert_uint_eq(rib_soonest(&rib), RU(280 * SEC));
	rt = rib_find(&rib, &r.prefix, 48);
	ck_assert_uint_eq(rt->metric, 3);
	rib_age(&rib, RU(280 * SEC));
	ck_assert_uint_eq(rt->metric, 16);
	ck_assert(rt->flags & RT_F_GARBAGE);
	ck_assert(rt->flags & RT_F_CHANGED);	/* and a triggered update */
	ck_assert_int_eq(rib.trigger, 1);
	ck_assert_int_eq(nkcalls, 1);		/* out of the kernel now */
	ck_assert_int_eq(kcalls[0].op, 'd');
	ck_assert_uint_eq(rib_soonest(&rib), RU(RU(280 * SEC) + 120 * SEC));
	rib_age(&rib, RU(RU(280 * SEC) + 120 * SEC));
	ck_assert_uint_eq(rib.count, 0);
	ck_assert_uint_eq(rib_soonest(&rib), 0);
}
END_TEST

/* deadlines are rounded up to a 64th of the timeout: few timer passes */
START_TEST(deadline_granularity)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 3);
	struct rt_entry	*rt;
	uint64_t	 g = GRAN;

	rib_input(&rib, &r, &nh1, 2, 100 * SEC + 1);
	rt = rib_find(&rib, &r.prefix, 48);
	ck_assert_uint_ge(rt->deadline, 280 * SEC + 1);
	ck_assert_uint_lt(rt->deadline, 280 * SEC + 1 + g);
	ck_assert_uint_eq(rt->deadline % g, 0);
}
END_TEST

START_TEST(table_size_limit)
{
	struct rip6_rte	 r = R("2001:db8:1::", 48, 3);
	struct rip6_rte	 s = R("2001:db8:2::", 48, 3);

	rib_init(&rib, &hooks, 180 * SEC, 120 * SEC, 1);
	ck_assert_int_eq(rib_input(&rib, &r, &nh1, 2, SEC), 1);
	ck_assert_int_eq(rib_input(&rib, &s, &nh1, 2, SEC), 0);
	ck_assert_uint_eq(rib.count, 1);
	ck_assert_uint_eq(rib.drops_full, 1);
}
END_TEST

START_TEST(withdraw_interface_and_neighbor)
{
	struct rip6_rte	 a = R("2001:db8:1::", 48, 3);
	struct rip6_rte	 b = R("2001:db8:2::", 48, 3);
	struct rip6_rte	 c = R("2001:db8:3::", 48, 3);
	struct in6_addr	 p = A("2001:db8:9::");

	rib_input(&rib, &a, &nh1, 2, SEC);
	rib_input(&rib, &b, &nh2, 2, SEC);
	rib_input(&rib, &c, &nh1, 3, SEC);
	rib_local(&rib, RT_STATIC, &p, 48, 1, 0, &nh1, 2, 0);
	rib_clear_changed(&rib);
	/* the BFD hook: one neighbour is down, only its routes go */
	ck_assert_int_eq(rib_withdraw_neighbor(&rib, &nh1, 2, 2 * SEC), 1);
	ck_assert(rib_find(&rib, &a.prefix, 48)->flags & RT_F_GARBAGE);
	ck_assert(!(rib_find(&rib, &b.prefix, 48)->flags & RT_F_GARBAGE));
	ck_assert(!(rib_find(&rib, &c.prefix, 48)->flags & RT_F_GARBAGE));
	/* a link down: everything learned through it goes, not statics */
	ck_assert_int_eq(rib_withdraw_if(&rib, 2, 3 * SEC), 1);
	ck_assert(rib_find(&rib, &b.prefix, 48)->flags & RT_F_GARBAGE);
	ck_assert(!(rib_find(&rib, &p, 48)->flags & RT_F_GARBAGE));
	ck_assert_int_eq(rib.trigger, 1);
}
END_TEST

START_TEST(local_routes)
{
	struct in6_addr	 p = A("2001:db8::"), gw = A("2001:db8::1");
	struct rip6_rte	 r = R("2001:db8::", 56, 2);
	struct rt_entry	*rt;

	/* a learned route is replaced by our own aggregate */
	rib_input(&rib, &r, &nh1, 2, SEC);
	nkcalls = 0;
	rt = rib_local(&rib, RT_AGGREGATE, &p, 56, 1, 5, &gw, 1, 0);
	ck_assert_uint_eq(rt->kind, RT_AGGREGATE);
	ck_assert_uint_eq(rt->updated, 0);
	ck_assert_uint_eq(rt->deadline, 0);
	ck_assert_int_eq(nkcalls, 2);
	ck_assert_int_eq(kcalls[0].op, 'd');	/* the learned one */
	ck_assert_int_eq(kcalls[1].op, 'a');	/* the reject route */
	/* the same local route again changes nothing */
	rib_clear_changed(&rib);
	nkcalls = 0;
	rib_local(&rib, RT_AGGREGATE, &p, 56, 1, 5, &gw, 1, 0);
	ck_assert_int_eq(nkcalls, 0);
	ck_assert_int_eq(rib.trigger, 0);
	/* withdrawn: ages from now and is collected after GC */
	rib_withdraw(&rib, rt, 10 * SEC);
	ck_assert_uint_eq(rt->updated, 10 * SEC);
	ck_assert_int_eq(kcalls[0].op, 'd');
	rib_age(&rib, RU(130 * SEC));
	ck_assert_uint_eq(rib.count, 0);
	/* an aging static (-a) can be replaced by a learned route */
	rt = rib_local(&rib, RT_STATIC, &p, 48, 1, 0, &nh1, 2, 50 * SEC);
	r = R("2001:db8::", 48, 1);
	ck_assert_int_eq(rib_input(&rib, &r, &nh2, 3, 51 * SEC), 0);
	rt->metric = 5;
	ck_assert_int_eq(rib_input(&rib, &r, &nh2, 3, 52 * SEC), 1);
	ck_assert_uint_eq(rt->kind, RT_LEARNED);
	rib_remove(&rib, rt);
	ck_assert_uint_eq(rib.count, 0);
}
END_TEST

/* --------------------------------------------------------------- output */

struct pkt {
	uint8_t		 cmd;
	size_t		 n;
	struct rip6_rte	 rte[RIP6_MAXRTE];
};

static struct pkt	*pkts;
static int		 npkts;
static struct config	 cfg;

static void
capture(const uint8_t *p, size_t len, void *arg)
{
	uint8_t		 vers;
	enum rip6_drop	 why;

	ck_assert_int_lt(npkts, 64);
	ck_assert_int_eq(rip6_decode(p, len, &pkts[npkts].cmd, &vers,
	    pkts[npkts].rte, RIP6_MAXRTE, &pkts[npkts].n, &why), 0);
	ck_assert_uint_eq(vers, 1);
	npkts++;
}

static void
out_setup(void)
{
	rib_setup();
	pkts = calloc(64, sizeof(*pkts));
	npkts = 0;
	memset(&cfg, 0, sizeof(cfg));
	TAILQ_INIT(&cfg.filters);
}

static void
out_teardown(void)
{
	config_free(&cfg);
	free(pkts);
	rib_teardown();
}

static void
add_filter(char type, const char *prefix, int plen, const char *ifpat,
    unsigned cost)
{
	struct filter	*f = calloc(1, sizeof(*f));

	f->type = type;
	if (prefix != NULL)
		f->prefix = A(prefix);
	f->plen = plen;
	f->cost = cost;
	f->ifpat = strdup(ifpat);
	TAILQ_INSERT_TAIL(&cfg.filters, f, entry);
}

static const struct out_if	 eth0 = { "eth0", 2, 1500, 0, 0 };
static const struct out_if	 eth1 = { "eth1", 3, 1500, 0, 0 };

/* The RTEs of every packet, "prefix/plen=metric" joined by spaces. */
static const char *
summary(void)
{
	static char	 buf[8192];
	char		 a[INET6_ADDRSTRLEN];
	int		 i;
	size_t		 j;

	buf[0] = '\0';
	for (i = 0; i < npkts; i++)
		for (j = 0; j < pkts[i].n; j++) {
			const struct rip6_rte *r = &pkts[i].rte[j];

			inet_ntop(AF_INET6, &r->prefix, a, sizeof(a));
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			    "%s%s/%u=%u", buf[0] ? " " : "", a, r->plen,
			    r->metric);
		}
	return buf;
}

static void
learn(const char *prefix, int plen, int metric, uint32_t ifindex)
{
	struct rip6_rte	 r = R(prefix, plen, metric);

	rib_input(&rib, &r, &nh1, ifindex, SEC);
}

START_TEST(split_horizon)
{
	struct in6_addr	 p = A("2001:db8:a::"), own = A("2001:db8:a::1");

	learn("2001:db8:1::", 48, 2, 2);	/* via eth0 */
	learn("2001:db8:2::", 48, 3, 3);	/* via eth1 */
	rib_local(&rib, RT_IFACE, &p, 64, 1, 0, &own, 2, 0);	/* eth0 */
	output_build(&rib, &cfg, &eth0, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_str_eq(summary(), "2001:db8:2::/48=3");
	npkts = 0;
	output_build(&rib, &cfg, &eth1, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_str_eq(summary(), "2001:db8:1::/48=2 2001:db8:a::/64=1");
	/* -h: no split horizon */
	cfg.hflag = 1;
	npkts = 0;
	output_build(&rib, &cfg, &eth0, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_str_eq(summary(),
	    "2001:db8:1::/48=2 2001:db8:2::/48=3 2001:db8:a::/64=1");
	/* -r: poisoned reverse, learned routes only */
	cfg.hflag = 0;
	cfg.poison = 1;
	npkts = 0;
	output_build(&rib, &cfg, &eth0, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_str_eq(summary(), "2001:db8:1::/48=16 2001:db8:2::/48=3");
	ck_assert_uint_eq(pkts[0].cmd, RIP6_RESPONSE);
}
END_TEST

START_TEST(triggered_only_changed)
{
	learn("2001:db8:1::", 48, 2, 3);
	rib_clear_changed(&rib);
	learn("2001:db8:2::", 48, 3, 3);
	output_build(&rib, &cfg, &eth0, OUT_TRIGGERED, 1500, capture, NULL);
	ck_assert_str_eq(summary(), "2001:db8:2::/48=3");
	/* garbage routes go out with 16 */
	rib_withdraw(&rib, rib_find(&rib, &(struct in6_addr){ .s6_addr =
	    { 0x20, 0x01, 0x0d, 0xb8, 0, 1 } }, 48), 2 * SEC);
	npkts = 0;
	output_build(&rib, &cfg, &eth0, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_str_eq(summary(), "2001:db8:1::/48=16 2001:db8:2::/48=3");
}
END_TEST

START_TEST(packetisation)
{
	char	 p[64];
	int	 i;
	size_t	 total = 0;

	for (i = 0; i < 200; i++) {
		snprintf(p, sizeof(p), "2001:db8:%x::", i);
		learn(p, 48, 2, 3);
	}
	output_build(&rib, &cfg, &eth0, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_int_eq(npkts, 3);		/* 72 + 72 + 56 */
	ck_assert_uint_eq(pkts[0].n, 72);
	ck_assert_uint_eq(pkts[1].n, 72);
	ck_assert_uint_eq(pkts[2].n, 56);
	npkts = 0;
	output_build(&rib, &cfg, &eth0, OUT_REGULAR, 1280, capture, NULL);
	for (i = 0; i < npkts; i++) {
		ck_assert_uint_le(pkts[i].n, 61);
		total += pkts[i].n;
	}
	ck_assert_uint_eq(total, 200);
}
END_TEST

START_TEST(statics_and_nexthop_rtes)
{
	struct in6_addr	 p1 = A("2001:db8:9::"), p2 = A("2001:db8:8::");
	struct in6_addr	 p3 = A("2001:db8:7::");
	struct in6_addr	 gw = A("fe80::99"), gw2 = A("2001:db8:ff::1");
	struct rt_entry	*rt;

	rib_local(&rib, RT_STATIC, &p1, 64, 1, 0, &gw, 3, 0);	/* eth1 */
	rib_local(&rib, RT_STATIC, &p2, 64, 1, 0, &gw2, 3, 0);
	rt = rib_local(&rib, RT_STATIC, &p3, 64, 1, 0, NULL, 0, 0);
	rt->flags |= RT_F_REJECT;
	/* no -s/-S: statics are not advertised */
	output_build(&rib, &cfg, &eth0, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_int_eq(npkts, 0);
	/* -s: with split horizon */
	cfg.sflag = 1;
	output_build(&rib, &cfg, &eth0, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_str_eq(summary(), "2001:db8:8::/64=1 2001:db8:9::/64=1");
	npkts = 0;
	output_build(&rib, &cfg, &eth1, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_int_eq(npkts, 0);
	/*
	 * -S: everywhere; on eth1 the route via the link-local neighbour
	 * carries a next-hop RTE (Fig 1-54); a global gateway does not.
	 */
	cfg.Sflag = 1;
	npkts = 0;
	output_build(&rib, &cfg, &eth1, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_str_eq(summary(),
	    "2001:db8:8::/64=1 fe80::99/0=255 2001:db8:9::/64=1");
	/* a following route resets the next hop to the sender */
	learn("2001:db8:a::", 48, 2, 2);
	npkts = 0;
	output_build(&rib, &cfg, &eth1, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_str_eq(summary(), "2001:db8:8::/64=1 fe80::99/0=255 "
	    "2001:db8:9::/64=1 ::/0=255 2001:db8:a::/48=2");
}
END_TEST

START_TEST(filters_aggregate_and_outbound)
{
	struct in6_addr	 agg = A("2001:db8::"), lo = A("::1");

	learn("2001:db8:0:1::", 64, 2, 3);
	learn("2001:db8:0:2::", 64, 2, 3);
	learn("2001:db8:1::", 48, 2, 3);
	learn("2001:db9::", 32, 2, 3);
	add_filter('A', "2001:db8::", 56, "eth0", 0);
	rib_local(&rib, RT_AGGREGATE, &agg, 56, 1, 0, &lo, 1, 0);
	output_build(&rib, &cfg, &eth0, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_str_eq(summary(),
	    "2001:db8::/56=1 2001:db8:1::/48=2 2001:db9::/32=2");
	/* the aggregate only goes where its -A is */
	npkts = 0;
	output_build(&rib, &cfg, &eth1, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_str_eq(summary(), "");
	add_filter('O', "2001:db8::", 32, "eth0", 0);
	npkts = 0;
	output_build(&rib, &cfg, &eth0, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_str_eq(summary(), "2001:db8::/56=1 2001:db8:1::/48=2");
	/* -O ::/0 matches everything (no default special case) */
	add_filter('O', "::", 0, "eth0", 0);
	npkts = 0;
	output_build(&rib, &cfg, &eth0, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_str_eq(summary(),
	    "2001:db8::/56=1 2001:db8:1::/48=2 2001:db9::/32=2");
}
END_TEST

START_TEST(filters_no_use_default_only_quiet_loopback)
{
	struct out_if	 lo = { "lo", 1, 65536, 0, 1 };
	struct out_if	 costly = { "eth0", 2, 1500, 4, 0 };

	learn("2001:db8:1::", 48, 2, 3);
	add_filter('N', NULL, 0, "eth9", 0);
	add_filter('T', NULL, 0, "eth0", 0);
	cfg.tag = 0x1234;
	output_build(&rib, &cfg, &costly, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_str_eq(summary(), "::/0=5");
	ck_assert_uint_eq(pkts[0].rte[0].tag, 0x1234);
	npkts = 0;
	{
		struct out_if e9 = { "eth9", 9, 1500, 0, 0 };

		output_build(&rib, &cfg, &e9, OUT_REGULAR, 1500, capture,
		    NULL);
		ck_assert_int_eq(npkts, 0);
	}
	/* loopback answers requests only */
	output_build(&rib, &cfg, &lo, OUT_REGULAR, 1500, capture, NULL);
	ck_assert_int_eq(npkts, 0);
	output_build(&rib, &cfg, &lo, OUT_ANSWER, 1500, capture, NULL);
	ck_assert_str_eq(summary(), "2001:db8:1::/48=2");
	/* -q: nothing at all */
	cfg.qflag = 1;
	npkts = 0;
	output_build(&rib, &cfg, &eth1, OUT_ANSWER, 1500, capture, NULL);
	ck_assert_int_eq(npkts, 0);
}
END_TEST

START_TEST(filter_matching)
{
	struct filter	 f;
	struct in6_addr	 p;

	memset(&f, 0, sizeof(f));
	f.ifpat = "vlan*";
	ck_assert(filter_match_if(&f, "vlan100"));
	ck_assert(!filter_match_if(&f, "eth0"));
	f.prefix = A("::");
	f.plen = 0;
	p = A("2001:db8::");
	/* -L ::/0 matches the default route only */
	ck_assert(!filter_prefix_match(&f, &p, 32, 1));
	ck_assert(filter_prefix_match(&f, &f.prefix, 0, 1));
	ck_assert(filter_prefix_match(&f, &p, 32, 0));
	f.prefix = A("2001:db8::");
	f.plen = 32;
	ck_assert(filter_prefix_match(&f, &p, 48, 1));
	ck_assert(!filter_prefix_match(&f, &p, 16, 1));
	TAILQ_INIT(&cfg.filters);
	add_filter('c', NULL, 0, "eth*", 3);
	add_filter('c', NULL, 0, "eth0", 7);
	ck_assert_uint_eq(config_cost(&cfg, "eth0"), 3);	/* first wins */
	ck_assert_uint_eq(config_cost(&cfg, "wg0"), 0);
	config_free(&cfg);
}
END_TEST

/* -------------------------------------------------------------- options */

/* Parse argv in a child; return its exit status and stderr. */
static int
parse_child(char *out, size_t outlen, char *const argv[])
{
	int	 p[2], st, argc;
	pid_t	 pid;
	ssize_t	 n;

	for (argc = 0; argv[argc] != NULL; argc++)
		;
	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	if (pid == 0) {
		struct config	 c;

		dup2(p[1], STDERR_FILENO);
		dup2(p[1], STDOUT_FILENO);
		optind = 1;
		config_parse(&c, argc, (char **)argv);
		config_print(&c, stdout);
		fflush(stdout);
		_exit(0);
	}
	close(p[1]);
	n = read(p[0], out, outlen - 1);
	out[n > 0 ? n : 0] = '\0';
	close(p[0]);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#define PARSE(...)	parse_child(out, sizeof(out), \
			    (char *const []){ "route6d", __VA_ARGS__, NULL })

START_TEST(options_good)
{
	char	 out[4096];

	ck_assert_int_eq(PARSE("-k", "-A", "2001:db8::/56,ne0",
	    "-L", "::/0,ne0,ne1", "-O", "2001:db8::/48,ne0", "-N", "ne2",
	    "-T", "ne3", "-c", "2,ne1", "-t", "0x1f", "-i", "1,6,500ms",
	    "-Q", "200", "-P", "zebra", "-m", "20", "-r", "-s"), 0);
	ck_assert_ptr_nonnull(strstr(out, "update 1s timeout 6s garbage 500ms"));
	ck_assert_ptr_nonnull(strstr(out, "route tag: 0x001f"));
	ck_assert_ptr_nonnull(strstr(out, "proto 200, metric 20"));
	ck_assert_ptr_nonnull(strstr(out, "never aged: zebra boot static"));
	ck_assert_ptr_nonnull(strstr(out, "filter: Aggregate(2001:db8::/56) "
	    "on ne0"));
	ck_assert_ptr_nonnull(strstr(out, "filter: Listen-only(::/0) on ne1"));
	ck_assert_ptr_nonnull(strstr(out, "filter: Cost(2) on ne1"));
	ck_assert_ptr_nonnull(strstr(out, "filter: No-use on ne2"));
	ck_assert_ptr_nonnull(strstr(out, "with poisoned reverse"));
	ck_assert_ptr_nonnull(strstr(out, "with split horizon (-s)"));
	/* KAME masks the filter prefix; octal tags as strtoul base 0 */
	ck_assert_int_eq(PARSE("-A", "2001:db8::1/56,ne0", "-t", "010"), 0);
	ck_assert_ptr_nonnull(strstr(out, "Aggregate(2001:db8::/56)"));
	ck_assert_ptr_nonnull(strstr(out, "route tag: 0x0008"));
}
END_TEST

START_TEST(options_errors)
{
	char	 out[4096];
	char	 *many[2 * MAXFILTER + 4];
	int	 i;

	ck_assert_int_eq(PARSE("-A", "2001:db8::,ne0"), 1);
	ck_assert_ptr_nonnull(strstr(out,
	    "no prefixlen specified for '2001:db8::,ne0'"));
	ck_assert_int_eq(PARSE("-L", "2001:zz8::/32,ne0"), 1);
	ck_assert_ptr_nonnull(strstr(out, "invalid prefix specified for"));
	ck_assert_int_eq(PARSE("-O", "2001:db8::/129,ne0"), 1);
	ck_assert_ptr_nonnull(strstr(out,
	    "invalid prefix length specified for '2001:db8::/129,ne0'"));
	ck_assert_int_eq(PARSE("-A", "2001:db8::/56"), 1);
	ck_assert_ptr_nonnull(strstr(out,
	    "no interface specified for '2001:db8::/56'"));
	ck_assert_int_eq(PARSE("-A", "2001:db8::/56,"), 1);
	ck_assert_ptr_nonnull(strstr(out, "no interface specified"));
	ck_assert_int_eq(PARSE("-t", "0x10000"), 1);
	ck_assert_ptr_nonnull(strstr(out, "invalid route tag"));
	ck_assert_int_eq(PARSE("-t", "-1"), 1);
	ck_assert_int_eq(PARSE("-t", "12abc"), 1);
	ck_assert_int_eq(PARSE("-Z"), 1);
	ck_assert_ptr_nonnull(strstr(out,
	    "Invalid option specified, terminating"));
	ck_assert_int_eq(PARSE("-d", "extra"), 1);
	ck_assert_ptr_nonnull(strstr(out, "bogus extra arguments"));
	ck_assert_int_eq(PARSE("-Q", "static"), 1);
	ck_assert_ptr_nonnull(strstr(out, "invalid Q flag"));
	ck_assert_int_eq(PARSE("-P", "nonsense"), 1);
	ck_assert_ptr_nonnull(strstr(out, "invalid P flag"));
	ck_assert_int_eq(PARSE("-i", "5,3,1"), 1);
	ck_assert_ptr_nonnull(strstr(out, "timeout must be longer"));
	ck_assert_int_eq(PARSE("-i", "1,2"), 1);
	ck_assert_int_eq(PARSE("-i", "1,2,3,4"), 1);
	ck_assert_int_eq(PARSE("-i", "1,x,3"), 1);
	ck_assert_int_eq(PARSE("-c", "16,ne0"), 1);
	ck_assert_int_eq(PARSE("-N", "bad/name"), 1);
	ck_assert_int_eq(PARSE("-N", "sixteen-chars-xx"), 1);
	ck_assert_int_eq(PARSE("-M", "0"), 1);
	/* more than MAXFILTER (40) filters */
	many[0] = "route6d";
	for (i = 0; i < MAXFILTER + 1; i++) {
		many[1 + 2 * i] = "-N";
		many[2 + 2 * i] = "ne0";
	}
	many[1 + 2 * (MAXFILTER + 1)] = NULL;
	ck_assert_int_eq(parse_child(out, sizeof(out), many), 1);
	ck_assert_ptr_nonnull(strstr(out, "Exceeds MAXFILTER"));
}
END_TEST

static Suite *
route6d_suite(void)
{
	Suite	*s = suite_create("route6d");
	TCase	*tc;

	tc = tcase_create("codec");
	tcase_add_test(tc, decode_good);
	tcase_add_test(tc, encode_clears_embedded_zone);
	tcase_add_test(tc, decode_bad_lengths);
	tcase_add_test(tc, table_request_and_sizes);
	tcase_add_test(tc, rte_checks);
	suite_add_tcase(s, tc);

	tc = tcase_create("rib");
	tcase_add_checked_fixture(tc, rib_setup, rib_teardown);
	tcase_add_test(tc, case_j_new_route);
	tcase_add_test(tc, case_k_new_infinity_ignored);
	tcase_add_test(tc, case_a_local_wins);
	tcase_add_test(tc, case_b_better_same_source);
	tcase_add_test(tc, case_c_better_other_source);
	tcase_add_test(tc, case_d_worse_same_source);
	tcase_add_test(tc, case_d_withdrawal);
	tcase_add_test(tc, case_e_worse_other_source);
	tcase_add_test(tc, case_f_refresh);
	tcase_add_test(tc, case_g_h_equal_other_source);
	tcase_add_test(tc, case_i_both_infinity);
	tcase_add_test(tc, garbage_route_revived);
	tcase_add_test(tc, timeout_then_garbage);
	tcase_add_test(tc, deadline_granularity);
	tcase_add_test(tc, table_size_limit);
	tcase_add_test(tc, withdraw_interface_and_neighbor);
	tcase_add_test(tc, local_routes);
	suite_add_tcase(s, tc);

	tc = tcase_create("output");
	tcase_add_checked_fixture(tc, out_setup, out_teardown);
	tcase_add_test(tc, split_horizon);
	tcase_add_test(tc, triggered_only_changed);
	tcase_add_test(tc, packetisation);
	tcase_add_test(tc, statics_and_nexthop_rtes);
	tcase_add_test(tc, filters_aggregate_and_outbound);
	tcase_add_test(tc, filters_no_use_default_only_quiet_loopback);
	tcase_add_test(tc, filter_matching);
	suite_add_tcase(s, tc);

	tc = tcase_create("options");
	tcase_add_test(tc, options_good);
	tcase_add_test(tc, options_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(route6d_suite(), 0);
}
