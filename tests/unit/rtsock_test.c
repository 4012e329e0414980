/* Unit tests for common/rtsock: IPv6 routes over rtnetlink, in a netns. */
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ev.h"
#include "nl.h"
#include "rtsock.h"
#include "t6check.h"

static struct in6_addr
A(const char *text)
{
	struct in6_addr	 a;

	ck_assert_msg(inet_pton(AF_INET6, text, &a) == 1, "bad %s", text);
	return a;
}

static uint32_t
IDX(const char *name)
{
	uint32_t	 i = if_nametoindex(name);

	ck_assert_msg(i != 0, "no interface %s", name);
	return i;
}

/* A veth pair va/vb, both up, in the test's own namespace. */
static void
setup_veth(void)
{
	t6_private_netns();
	t6_sh("ip link add name va type veth peer name vb");
	t6_sh("ip link set va up && ip link set vb up");
}

/* Routes of one prefix in a table, seen through rtsock_dump. */
struct find {
	struct in6_addr	 dst;
	int		 plen;
	int		 count;
	struct rt6	 last;
};

static int
find_cb(const struct rt6 *rt, void *arg)
{
	struct find	*f = arg;

	if (rt->plen == f->plen && memcmp(&rt->dst, &f->dst, 16) == 0) {
		f->count++;
		f->last = *rt;
	}
	return 0;
}

static int
count_routes(struct rtsock *s, uint32_t table, const char *dst, int plen,
    struct rt6 *out)
{
	struct find	 f;

	memset(&f, 0, sizeof(f));
	f.dst = A(dst);
	f.plen = plen;
	ck_assert_int_eq(rtsock_dump(s, table, find_cb, &f), 0);
	if (out != NULL)
		*out = f.last;
	return f.count;
}

struct proto_count {
	int	 proto;
	int	 n;
};

static int
proto_cb(const struct rt6 *rt, void *arg)
{
	struct proto_count	*pc = arg;

	if (rt->proto == pc->proto)
		pc->n++;
	return 0;
}

static int
count_proto(struct rtsock *s, int proto)
{
	struct proto_count	 pc = { proto, 0 };

	ck_assert_int_eq(rtsock_dump(s, 0, proto_cb, &pc), 0);
	return pc.n;
}

/* Pure helpers: no kernel involved. */

START_TEST(init_and_nexthops)
{
	struct rt6	 rt;
	struct in6_addr	 d = A("2001:db8:1:2::5"), gw = A("fe80::1");
	int		 i;

	rt6_init(&rt, &d, 48, &gw, 3);
	ck_assert(memcmp(&rt.dst, &(struct in6_addr){ .s6_addr = {
	    0x20, 0x01, 0x0d, 0xb8, 0, 1 } }, 16) == 0);
	ck_assert_uint_eq(rt.plen, 48);
	ck_assert_uint_eq(rt.type, RT6_UNICAST);
	ck_assert_int_eq(rt.nnh, 1);
	ck_assert_uint_eq(rt.nh[0].ifindex, 3);
	ck_assert_uint_eq(rt.metric, 0);
	ck_assert_uint_eq(rt.table, 0);

	rt6_init(&rt, &d, 64, NULL, 0);
	ck_assert_int_eq(rt.nnh, 0);
	for (i = 0; i < RT6_MAXNH; i++)
		ck_assert_int_eq(rt6_add_nh(&rt, &gw, 2, 1 + i), 0);
	ck_assert_int_eq(rt.nnh, RT6_MAXNH);
	ck_assert_uint_eq(rt.nh[0].weight, 0);
	ck_assert_uint_eq(rt.nh[3].weight, 3);
	errno = 0;
	ck_assert_int_eq(rt6_add_nh(&rt, &gw, 2, 1), -1);
	ck_assert_int_eq(errno, E2BIG);

	rt6_init(&rt, &d, 64, NULL, 0);
	ck_assert_int_eq(rt6_add_nh(&rt, &gw, 2, 257), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(rt6_add_nh(&rt, &gw, 2, 256), 0);
	ck_assert_uint_eq(rt.nh[0].weight, 255);
	/* an impossible length stays impossible */
	rt6_init(&rt, &d, 129, NULL, 0);
	ck_assert_uint_gt(rt.plen, 128);
}
END_TEST

START_TEST(names)
{
	char	 buf[16];

	ck_assert_str_eq(rt6_proto_name(189, buf, sizeof(buf)), "rip");
	ck_assert_str_eq(rt6_proto_name(2, buf, sizeof(buf)), "kernel");
	ck_assert_str_eq(rt6_proto_name(3, buf, sizeof(buf)), "boot");
	ck_assert_str_eq(rt6_proto_name(12, buf, sizeof(buf)), "bird");
	ck_assert_str_eq(rt6_proto_name(77, buf, sizeof(buf)), "77");
	ck_assert_int_eq(rt6_proto_byname("rip"), 189);
	ck_assert_int_eq(rt6_proto_byname("zebra"), 11);
	ck_assert_int_eq(rt6_proto_byname("babel"), 42);
	ck_assert_int_eq(rt6_proto_byname("bgp"), 186);
	ck_assert_int_eq(rt6_proto_byname("isis"), 187);
	ck_assert_int_eq(rt6_proto_byname("ospf"), 188);
	ck_assert_int_eq(rt6_proto_byname("eigrp"), 192);
	ck_assert_int_eq(rt6_proto_byname("dhcp"), 16);
	ck_assert_int_eq(rt6_proto_byname("ra"), 9);
	ck_assert_int_eq(rt6_proto_byname("static"), 4);
	ck_assert_int_eq(rt6_proto_byname("redirect"), 1);
	ck_assert_int_eq(rt6_proto_byname("200"), 200);
	ck_assert_int_eq(rt6_proto_byname("0"), 0);
	errno = 0;
	ck_assert_int_eq(rt6_proto_byname("256"), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(rt6_proto_byname("nonsense"), -1);
	ck_assert_int_eq(rt6_proto_byname("-1"), -1);
	ck_assert_int_eq(rt6_proto_byname(""), -1);
	ck_assert_str_eq(rt6_type_name(RT6_UNICAST), "unicast");
	ck_assert_str_eq(rt6_type_name(RT6_UNREACHABLE), "unreachable");
	ck_assert_str_eq(rt6_type_name(RT6_BLACKHOLE), "blackhole");
	ck_assert_str_eq(rt6_type_name(RT6_PROHIBIT), "prohibit");
	ck_assert_str_eq(rt6_type_name(RT6_LOCAL), "local");
	ck_assert_str_eq(rt6_type_name(RT6_OTHER), "other");
	ck_assert_str_eq(rt6_type_name(0), "unknown");
	ck_assert_str_eq(rt6_type_name(99), "unknown");
}
END_TEST

START_TEST(format)
{
	struct rt6	 rt;
	struct in6_addr	 d = A("2001:db8::"), gw = A("fe80::1");
	char		 buf[RT6_STRLEN], tiny[12];

	/* index 4000 names no interface: "if4000" */
	rt6_init(&rt, &d, 32, &gw, 4000);
	rt.proto = RT6_PROTO_RIP;
	rt.metric = 1024;
	ck_assert_str_eq(rt6_format(&rt, buf, sizeof(buf)),
	    "2001:db8::/32 via fe80::1 dev if4000 proto rip metric 1024");
	rt6_init(&rt, &d, 48, NULL, 0);
	rt.type = RT6_UNREACHABLE;
	rt.proto = RT6_PROTO_STATIC;
	ck_assert_str_eq(rt6_format(&rt, buf, sizeof(buf)),
	    "unreachable 2001:db8::/48 proto static");
	d = A("2001:db8::1");
	rt6_init(&rt, &d, 128, NULL, 1);
	rt.table = 100;
	rt.flags = RT6_F_LINKDOWN;
	ck_assert_str_eq(rt6_format(&rt, buf, sizeof(buf)),
	    "2001:db8::1 dev lo proto unspec table 100 linkdown");
	rt6_init(&rt, NULL, 0, &gw, 4001);
	ck_assert_str_eq(rt6_format(&rt, buf, sizeof(buf)),
	    "default via fe80::1 dev if4001 proto unspec");
	d = A("2001:db8:1::");
	rt6_init(&rt, &d, 48, NULL, 0);
	rt.proto = RT6_PROTO_BOOT;
	rt6_add_nh(&rt, &gw, 4000, 2);
	gw = A("fe80::2");
	rt6_add_nh(&rt, &gw, 4001, 0);
	ck_assert_str_eq(rt6_format(&rt, buf, sizeof(buf)),
	    "2001:db8:1::/48 proto boot nexthop via fe80::1 dev if4000 "
	    "weight 2 nexthop via fe80::2 dev if4001 weight 1");
	/* cut short, still a string */
	ck_assert_str_eq(rt6_format(&rt, tiny, sizeof(tiny)), "2001:db8:1:");
	ck_assert_ptr_eq(rt6_format(&rt, tiny, 0), tiny);
}
END_TEST

/* The private attribute parser never trusts a length. */
START_TEST(malformed_attributes)
{
	static const enum nl_kind pol[RTA_MAX + 1] = {
		[RTA_DST] = NL_IN6,
		[RTA_OIF] = NL_U32,
		[RTA_TABLE] = NL_U32,
	};
	const struct nlattr	*tb[RTA_MAX + 1];
	uint8_t			 buf[64];
	struct nlattr		*a = (struct nlattr *)buf;
	struct nlattr		*b = (struct nlattr *)(buf + 20);

	/* RTA_DST (16 bytes) then RTA_OIF: fine */
	memset(buf, 0, sizeof(buf));
	a->nla_len = 20;
	a->nla_type = RTA_DST;
	buf[4] = 0x20;
	b->nla_len = 8;
	b->nla_type = RTA_OIF;
	ck_assert_int_eq(nl_parse_payload(buf, 28, pol, RTA_MAX, tb), 0);
	ck_assert_ptr_nonnull(tb[RTA_DST]);
	ck_assert_ptr_nonnull(tb[RTA_OIF]);
	ck_assert_ptr_null(tb[RTA_TABLE]);
	/* trailing bytes too short for an attribute are ignored */
	ck_assert_int_eq(nl_parse_payload(buf, 30, pol, RTA_MAX, tb), 0);
	/* cut inside the second attribute */
	ck_assert_int_eq(nl_parse_payload(buf, 26, pol, RTA_MAX, tb), -1);
	/* an address of the wrong size */
	a->nla_len = 19;
	ck_assert_int_eq(nl_parse_payload(buf, 28, pol, RTA_MAX, tb), -1);
	/* a length below the header */
	a->nla_len = 2;
	ck_assert_int_eq(nl_parse_payload(buf, 28, pol, RTA_MAX, tb), -1);
	/* a length beyond the buffer */
	a->nla_len = 60;
	ck_assert_int_eq(nl_parse_payload(buf, 28, pol, RTA_MAX, tb), -1);
	/* a u32 of 2 bytes */
	a->nla_len = 6;
	a->nla_type = RTA_OIF;
	ck_assert_int_eq(nl_parse_payload(buf, 8, pol, RTA_MAX, tb), -1);
	/* types beyond maxtype are skipped, not trusted */
	a->nla_len = 6;
	a->nla_type = RTA_MAX + 5;
	ck_assert_int_eq(nl_parse_payload(buf, 8, pol, RTA_MAX, tb), 0);
}
END_TEST

START_TEST(malformed_strings_and_acks)
{
	static const enum nl_kind pol[NLMSGERR_ATTR_MAX + 1] = {
		[NLMSGERR_ATTR_MSG] = NL_STRING,
	};
	const struct nlattr	*tb[NLMSGERR_ATTR_MAX + 1];
	union {
		struct nlmsghdr	 nlh;
		uint8_t		 b[256];
	} u;
	struct nlattr		*a;
	struct nlmsgerr		*e;
	struct nl		 nl;

	memset(&u, 0, sizeof(u));
	a = (struct nlattr *)u.b;
	a->nla_len = 8;
	a->nla_type = NLMSGERR_ATTR_MSG;
	memcpy(u.b + 4, "abcd", 4);	/* no NUL */
	ck_assert_int_eq(nl_parse_payload(u.b, 8, pol, NLMSGERR_ATTR_MAX,
	    tb), -1);
	u.b[7] = '\0';
	ck_assert_int_eq(nl_parse_payload(u.b, 8, pol, NLMSGERR_ATTR_MAX,
	    tb), 0);

	/* acknowledgements: truncated, absurd, and with a message */
	memset(&nl, 0, sizeof(nl));
	memset(&u, 0, sizeof(u));
	u.nlh.nlmsg_type = NLMSG_ERROR;
	u.nlh.nlmsg_len = NLMSG_HDRLEN + 2;
	ck_assert_int_eq(nl_ack_error(&nl, &u.nlh), -EBADMSG);
	e = (struct nlmsgerr *)(u.b + NLMSG_HDRLEN);
	u.nlh.nlmsg_len = NLMSG_HDRLEN + sizeof(*e);
	e->error = 5;
	ck_assert_int_eq(nl_ack_error(&nl, &u.nlh), -EPROTO);
	e->error = -EEXIST;
	ck_assert_int_eq(nl_ack_error(&nl, &u.nlh), -EEXIST);
	ck_assert_str_eq(nl.extmsg, "");
	u.nlh.nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
	a = (struct nlattr *)(u.b + NLMSG_HDRLEN + sizeof(*e));
	a->nla_len = 4 + 6;
	a->nla_type = NLMSGERR_ATTR_MSG;
	memcpy((uint8_t *)a + 4, "oops!", 6);
	u.nlh.nlmsg_len = NLMSG_HDRLEN + sizeof(*e) + 12;
	ck_assert_int_eq(nl_ack_error(&nl, &u.nlh), -EEXIST);
	ck_assert_str_eq(nl.extmsg, "oops!");
	/* an uncapped ack whose echoed request claims to be huge */
	u.nlh.nlmsg_flags = NLM_F_ACK_TLVS;
	e->msg.nlmsg_len = 5000;
	ck_assert_int_eq(nl_ack_error(&nl, &u.nlh), -EEXIST);
	ck_assert_str_eq(nl.extmsg, "");
}
END_TEST

/* The kernel. */

START_TEST(add_exists_del_esrch)
{
	struct rtsock	*s = rtsock_open();
	struct rt6	 rt, got;
	struct in6_addr	 d = A("2001:db8:1234::"), gw = A("fe80::1");

	ck_assert_ptr_nonnull(s);
	rt6_init(&rt, &d, 48, &gw, IDX("va"));
	rt.proto = RT6_PROTO_RIP;
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	ck_assert_ptr_null(rtsock_errmsg(s));
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:1234::", 48, &got), 1);
	ck_assert_uint_eq(got.proto, RT6_PROTO_RIP);
	ck_assert_uint_eq(got.metric, RT6_METRIC_DEFAULT);
	ck_assert_uint_eq(got.table, RT6_TABLE_MAIN);
	ck_assert_uint_eq(got.type, RT6_UNICAST);
	ck_assert_int_eq(got.nnh, 1);
	ck_assert(memcmp(&got.nh[0].gw, &gw, 16) == 0);
	ck_assert_uint_eq(got.nh[0].ifindex, IDX("va"));
	ck_assert_int_eq(rtsock_add(s, &rt), -EEXIST);
	ck_assert_int_eq(rtsock_del(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:1234::", 48, NULL), 0);
	ck_assert_int_eq(rtsock_del(s, &rt), -ESRCH);
	/* a host route, and a delete that names no next hop */
	d = A("2001:db8::7");
	rt6_init(&rt, &d, 128, &gw, IDX("vb"));
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8::7", 128, &got), 1);
	ck_assert_uint_eq(got.proto, RT6_PROTO_BOOT);	/* kernel default */
	rt.nnh = 0;
	ck_assert_int_eq(rtsock_del(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8::7", 128, NULL), 0);
	/* an unknown interface */
	rt6_init(&rt, &d, 128, &gw, 4242);
	ck_assert_int_eq(rtsock_add(s, &rt), -ENODEV);
	/* an impossible route, refused before sending */
	rt6_init(&rt, &d, 129, &gw, IDX("va"));
	ck_assert_int_eq(rtsock_add(s, &rt), -EINVAL);
	rt6_init(&rt, &d, 64, &gw, IDX("va"));
	rt.type = RT6_OTHER;
	ck_assert_int_eq(rtsock_add(s, &rt), -EINVAL);
	rtsock_close(s);
	rtsock_close(NULL);
}
END_TEST

START_TEST(linklocal_needs_ifindex)
{
	struct rtsock	*s = rtsock_open();
	struct rt6	 rt;
	struct in6_addr	 d = A("2001:db8:5::"), gw = A("fe80::1");

	ck_assert_ptr_nonnull(s);
	rt6_init(&rt, &d, 48, &gw, 0);
	ck_assert_int_eq(rtsock_add(s, &rt), -EINVAL);
	ck_assert_int_eq(rtsock_replace(s, &rt), -EINVAL);
	ck_assert_int_eq(rtsock_del(s, &rt), -EINVAL);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:5::", 48, NULL), 0);
	/* a multipath next hop without one is refused as well */
	rt6_init(&rt, &d, 48, NULL, 0);
	rt6_add_nh(&rt, &gw, IDX("va"), 1);
	rt6_add_nh(&rt, &gw, 0, 1);
	ck_assert_int_eq(rtsock_add(s, &rt), -EINVAL);
	/* a global gateway needs no interface */
	t6_sh("ip -6 addr add 2001:db8:ff::1/64 dev va nodad");
	gw = A("2001:db8:ff::2");
	rt6_init(&rt, &d, 48, &gw, 0);
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	rtsock_close(s);
}
END_TEST

START_TEST(replace)
{
	struct rtsock	*s = rtsock_open();
	struct rt6	 rt, got;
	struct in6_addr	 d = A("2001:db8:2::"), gw1 = A("fe80::1"),
			 gw2 = A("fe80::2");

	rt6_init(&rt, &d, 48, &gw1, IDX("va"));
	rt.proto = RT6_PROTO_RIP;
	/* replace creates a missing route */
	ck_assert_int_eq(rtsock_replace(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:2::", 48, &got), 1);
	ck_assert(memcmp(&got.nh[0].gw, &gw1, 16) == 0);
	rt6_init(&rt, &d, 48, &gw2, IDX("vb"));
	rt.proto = RT6_PROTO_RIP;
	ck_assert_int_eq(rtsock_replace(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:2::", 48, &got), 1);
	ck_assert(memcmp(&got.nh[0].gw, &gw2, 16) == 0);
	ck_assert_uint_eq(got.nh[0].ifindex, IDX("vb"));
	/* a delete naming the old gateway finds nothing */
	rt6_init(&rt, &d, 48, &gw1, IDX("va"));
	ck_assert_int_eq(rtsock_del(s, &rt), -ESRCH);
	rt6_init(&rt, &d, 48, &gw2, IDX("vb"));
	ck_assert_int_eq(rtsock_del(s, &rt), 0);
	rtsock_close(s);
}
END_TEST

START_TEST(get_longest_match)
{
	struct rtsock	*s = rtsock_open();
	struct rt6	 rt, got;
	struct in6_addr	 d = A("2001:db8:3::"), gw = A("fe80::1"), q;

	rt6_init(&rt, &d, 48, &gw, IDX("va"));
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	d = A("2001:db8:3:4::");
	rt6_init(&rt, &d, 64, &gw, IDX("vb"));
	rt.proto = RT6_PROTO_STATIC;
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	q = A("2001:db8:3:4::99");
	ck_assert_int_eq(rtsock_get(s, &q, 0, &got), 0);
	ck_assert_uint_eq(got.plen, 64);
	ck_assert(memcmp(&got.dst, &d, 16) == 0);
	ck_assert_uint_eq(got.proto, RT6_PROTO_STATIC);
	ck_assert_uint_eq(got.nh[0].ifindex, IDX("vb"));
	q = A("2001:db8:3:5::1");
	ck_assert_int_eq(rtsock_get(s, &q, IDX("va"), &got), 0);
	ck_assert_uint_eq(got.plen, 48);
	ck_assert_uint_eq(got.nh[0].ifindex, IDX("va"));
	q = A("2001:db9::1");
	ck_assert_int_eq(rtsock_get(s, &q, 0, &got), -ENETUNREACH);
	rtsock_close(s);
}
END_TEST

START_TEST(dump_tables)
{
	struct rtsock	*s = rtsock_open();
	struct rt6	 rt, got;
	struct in6_addr	 d = A("2001:db8:4::"), gw = A("fe80::1");
	int		 i;

	rt6_init(&rt, &d, 48, &gw, IDX("va"));
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	rt.table = 100;
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	rt.table = 1000;	/* beyond 8 bits: RTA_TABLE */
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:4::", 48, NULL), 1);
	ck_assert_int_eq(count_routes(s, RT6_TABLE_MAIN, "2001:db8:4::", 48,
	    NULL), 1);
	ck_assert_int_eq(count_routes(s, 100, "2001:db8:4::", 48, &got), 1);
	ck_assert_uint_eq(got.table, 100);
	ck_assert_int_eq(count_routes(s, 1000, "2001:db8:4::", 48, &got), 1);
	ck_assert_uint_eq(got.table, 1000);
	ck_assert_int_eq(count_routes(s, 7, "2001:db8:4::", 48, NULL), 0);
	ck_assert_int_eq(count_routes(s, RT6_TABLE_ALL, "2001:db8:4::", 48,
	    NULL), 3);
	/* the local table holds our own addresses */
	t6_sh("ip -6 addr add 2001:db8:77::1/64 dev va nodad");
	/* the kernel adds it from a work queue, a moment later */
	for (i = 0; i < 200 && count_routes(s, RT6_TABLE_LOCAL,
	    "2001:db8:77::1", 128, NULL) == 0; i++)
		usleep(10000);
	ck_assert_int_eq(count_routes(s, RT6_TABLE_LOCAL, "2001:db8:77::1",
	    128, &got), 1);
	ck_assert_uint_eq(got.type, RT6_LOCAL);
	rt.table = 1000;
	ck_assert_int_eq(rtsock_del(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 1000, "2001:db8:4::", 48, NULL), 0);
	/*
	 * a carrier loss shows as linkdown; the peer's carrier follows
	 * through the kernel's link-watch queue, which may take up to a
	 * second on a busy machine: wait for it
	 */
	t6_sh("ip link set vb down");
	for (i = 0; i < 300 && (count_routes(s, 0, "2001:db8:4::", 48,
	    &got) != 1 || !(got.flags & RT6_F_LINKDOWN)); i++)
		usleep(10000);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:4::", 48, &got), 1);
	ck_assert(got.flags & RT6_F_LINKDOWN);
	ck_assert(got.nh[0].flags & RT6_F_LINKDOWN);
	rtsock_close(s);
}
END_TEST

static int
stop_at_second(const struct rt6 *rt, void *arg)
{
	int	*n = arg;

	return ++*n == 2 ? 42 : 0;
}

START_TEST(dump_stops)
{
	struct rtsock	*s = rtsock_open();
	int		 n = 0;

	t6_sh("ip -6 route add 2001:db8:60::/48 dev va");
	t6_sh("ip -6 route add 2001:db8:61::/48 dev va");
	t6_sh("ip -6 route add 2001:db8:62::/48 dev va");
	ck_assert_int_eq(rtsock_dump(s, 0, stop_at_second, &n), 42);
	ck_assert_int_eq(n, 2);
	rtsock_close(s);
}
END_TEST

START_TEST(nexthop_objects)
{
	struct rtsock	*s = rtsock_open();
	struct rt6	 rt, got;
	struct in6_addr	 d = A("2001:db8:60::"), gw = A("fe80::1");
	char		 buf[RT6_STRLEN];
	int		 i;

	ck_assert_int_eq(rtsock_nh_add(s, 4242, &gw, IDX("va"), 189), 0);
	ck_assert_int_eq(rtsock_nh_add(s, 4242, &gw, IDX("va"), 189), -EEXIST);
	ck_assert_int_eq(rtsock_nh_add(s, 0, &gw, IDX("va"), 189), -EINVAL);
	ck_assert_int_eq(rtsock_nh_add(s, 4243, &gw, 0, 189), -EINVAL);
	ck_assert_int_eq(rtsock_nh_add(s, 4244, &gw, IDX("vb"), 12), 0);
	/* routes by id: the dump shows the id and the next hop behind it */
	memset(&rt, 0, sizeof(rt));
	rt.dst = d;
	rt.plen = 48;
	rt.type = RT6_UNICAST;
	rt.proto = 189;
	rt.nhid = 4242;
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	rt.dst = A("2001:db8:61::");
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:60::", 48, &got), 1);
	ck_assert_uint_eq(got.nhid, 4242);
	ck_assert_int_eq(got.nnh, 1);
	ck_assert_mem_eq(&got.nh[0].gw, &gw, 16);
	ck_assert_uint_eq(got.nh[0].ifindex, IDX("va"));
	ck_assert_ptr_nonnull(strstr(rt6_format(&got, buf, sizeof(buf)),
	    "2001:db8:60::/48 nhid 4242 via fe80::1 dev va proto rip"));
	/* a route to an id that does not exist is refused */
	rt.nhid = 999;
	ck_assert_int_lt(rtsock_add(s, &rt), 0);
	/* deleting the object takes its routes with it */
	ck_assert_int_eq(rtsock_nh_del(s, 4242), 0);
	ck_assert_int_eq(rtsock_nh_del(s, 4242), -ENOENT);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:60::", 48, NULL), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:61::", 48, NULL), 0);
	/* flush by protocol: ours go, the other stays */
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(rtsock_nh_add(s, 5000 + i, &gw, IDX("va"),
		    189), 0);
	ck_assert_int_eq(rtsock_nh_flush_proto(s, 189), 3);
	ck_assert_int_eq(rtsock_nh_flush_proto(s, 189), 0);
	ck_assert_int_eq(rtsock_nh_del(s, 4244), 0);
	rtsock_close(s);
}
END_TEST

START_TEST(flush_proto)
{
	struct rtsock	*s = rtsock_open();
	struct rt6	 rt;
	struct in6_addr	 d, gw = A("fe80::1"), gw2 = A("fe80::2");
	char		 text[64];
	int		 i;

	for (i = 0; i < 20; i++) {
		snprintf(text, sizeof(text), "2001:db8:10:%x::", i);
		d = A(text);
		rt6_init(&rt, &d, 64, &gw, IDX("va"));
		rt.proto = i % 2 ? RT6_PROTO_RIP : RT6_PROTO_STATIC;
		ck_assert_int_eq(rtsock_add(s, &rt), 0);
	}
	/* a multipath rip route and a rip route in another table */
	d = A("2001:db8:11::");
	rt6_init(&rt, &d, 48, NULL, 0);
	rt.proto = RT6_PROTO_RIP;
	rt6_add_nh(&rt, &gw, IDX("va"), 1);
	rt6_add_nh(&rt, &gw2, IDX("vb"), 1);
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	rt6_init(&rt, &d, 48, &gw, IDX("va"));
	rt.proto = RT6_PROTO_RIP;
	rt.table = 100;
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	t6_sh("ip -6 route add 2001:db8:12::/48 via fe80::9 dev va");

	ck_assert_int_eq(count_proto(s, RT6_PROTO_RIP), 11);
	ck_assert_int_eq(rtsock_flush_proto(s, 0, RT6_PROTO_RIP), 11);
	ck_assert_int_eq(count_proto(s, RT6_PROTO_RIP), 0);
	ck_assert_int_eq(count_proto(s, RT6_PROTO_STATIC), 10);
	ck_assert_int_eq(count_proto(s, RT6_PROTO_BOOT), 1);
	ck_assert_int_eq(count_routes(s, 100, "2001:db8:11::", 48, NULL), 1);
	/* nothing left to do is not an error */
	ck_assert_int_eq(rtsock_flush_proto(s, 0, RT6_PROTO_RIP), 0);
	ck_assert_int_eq(rtsock_flush_proto(s, RT6_TABLE_ALL, RT6_PROTO_RIP),
	    1);
	ck_assert_int_eq(count_routes(s, 100, "2001:db8:11::", 48, NULL), 0);
	ck_assert_int_eq(rtsock_flush_proto(s, 0, 256), -EINVAL);
	ck_assert_int_eq(rtsock_flush_proto(s, 0, -1), -EINVAL);
	rtsock_close(s);
}
END_TEST

START_TEST(multipath)
{
	struct rtsock	*s = rtsock_open();
	struct rt6	 rt, got;
	struct in6_addr	 d = A("2001:db8:20::"), gw1 = A("fe80::1"),
			 gw2 = A("fe80::2");
	int		 i, seen1 = 0, seen2 = 0;

	rt6_init(&rt, &d, 48, NULL, 0);
	rt.proto = RT6_PROTO_RIP;
	ck_assert_int_eq(rt6_add_nh(&rt, &gw1, IDX("va"), 3), 0);
	ck_assert_int_eq(rt6_add_nh(&rt, &gw2, IDX("vb"), 1), 0);
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:20::", 48, &got), 1);
	ck_assert_int_eq(got.nnh, 2);
	for (i = 0; i < got.nnh; i++) {
		if (memcmp(&got.nh[i].gw, &gw1, 16) == 0) {
			ck_assert_uint_eq(got.nh[i].ifindex, IDX("va"));
			ck_assert_uint_eq(got.nh[i].weight, 2);
			seen1 = 1;
		} else if (memcmp(&got.nh[i].gw, &gw2, 16) == 0) {
			ck_assert_uint_eq(got.nh[i].ifindex, IDX("vb"));
			ck_assert_uint_eq(got.nh[i].weight, 0);
			seen2 = 1;
		}
	}
	ck_assert(seen1 && seen2);
	ck_assert_int_eq(rtsock_add(s, &rt), -EEXIST);
	/* a delete naming one next hop removes that one only */
	rt6_init(&rt, &d, 48, &gw2, IDX("vb"));
	ck_assert_int_eq(rtsock_del(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:20::", 48, &got), 1);
	ck_assert_int_eq(got.nnh, 1);
	ck_assert(memcmp(&got.nh[0].gw, &gw1, 16) == 0);
	/*
	 * Linux refuses device-only next hops in an IPv6 multipath route
	 * (they cannot be siblings), with an explanation.
	 */
	d = A("2001:db8:21::");
	rt6_init(&rt, &d, 48, NULL, 0);
	rt6_add_nh(&rt, NULL, IDX("va"), 1);
	rt6_add_nh(&rt, NULL, IDX("vb"), 1);
	ck_assert_int_eq(rtsock_add(s, &rt), -EINVAL);
	ck_assert_ptr_nonnull(rtsock_errmsg(s));
	ck_assert_ptr_nonnull(strstr(rtsock_errmsg(s), "Device only"));
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:21::", 48, NULL), 0);
	/* a multipath replace, and a whole-route delete (no gateway) */
	d = A("2001:db8:20::");
	rt6_init(&rt, &d, 48, NULL, 0);
	rt.proto = RT6_PROTO_RIP;
	rt6_add_nh(&rt, &gw2, IDX("va"), 5);
	rt6_add_nh(&rt, &gw1, IDX("vb"), 6);
	ck_assert_int_eq(rtsock_replace(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:20::", 48, &got), 1);
	ck_assert_int_eq(got.nnh, 2);
	rt.nnh = 0;
	ck_assert_int_eq(rtsock_del(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:20::", 48, NULL), 0);
	rtsock_close(s);
}
END_TEST

START_TEST(reject_types)
{
	static const int types[] = {
		RT6_UNREACHABLE, RT6_BLACKHOLE, RT6_PROHIBIT
	};
	/* a lookup that ends in a reject route gives its error */
	static const int errs[] = { -EHOSTUNREACH, -EINVAL, -EACCES };
	struct rtsock	*s = rtsock_open();
	struct rt6	 rt, got;
	struct in6_addr	 d = A("2001:db8:30::"), q = A("2001:db8:30::1");
	size_t		 i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		rt6_init(&rt, &d, 48, NULL, 0);
		rt.type = (uint8_t)types[i];
		rt.proto = RT6_PROTO_STATIC;
		ck_assert_int_eq(rtsock_add(s, &rt), 0);
		ck_assert_int_eq(count_routes(s, 0, "2001:db8:30::", 48, &got),
		    1);
		ck_assert_uint_eq(got.type, types[i]);
		ck_assert_int_eq(got.nnh, 0);
		ck_assert_uint_eq(got.proto, RT6_PROTO_STATIC);
		ck_assert_int_eq(rtsock_get(s, &q, 0, &got), errs[i]);
		ck_assert_int_eq(rtsock_del(s, &rt), 0);
		ck_assert_int_eq(count_routes(s, 0, "2001:db8:30::", 48, NULL),
		    0);
	}
	rtsock_close(s);
}
END_TEST

START_TEST(metric_coexistence)
{
	struct rtsock	*s = rtsock_open();
	struct rt6	 rt, got;
	struct in6_addr	 d = A("2001:db8:40::"), gw1 = A("fe80::1"),
			 gw2 = A("fe80::2");

	rt6_init(&rt, &d, 48, &gw1, IDX("va"));
	rt.metric = 100;
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	rt6_init(&rt, &d, 48, &gw2, IDX("vb"));
	rt.metric = 200;
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:40::", 48, NULL), 2);
	/* the same prefix and metric: exists, whatever the gateway */
	rt.metric = 100;
	ck_assert_int_eq(rtsock_add(s, &rt), -EEXIST);
	/* a delete by metric alone takes exactly that one */
	rt.nnh = 0;
	ck_assert_int_eq(rtsock_del(s, &rt), 0);
	ck_assert_int_eq(count_routes(s, 0, "2001:db8:40::", 48, &got), 1);
	ck_assert_uint_eq(got.metric, 200);
	ck_assert_int_eq(rtsock_del(s, &rt), -ESRCH);
	rtsock_close(s);
}
END_TEST

struct batch_res {
	int	 calls;
	int	 err;
	void	*cookie;
};

static void
batch_err(int err, void *cookie, void *arg)
{
	struct batch_res	*r = arg;

	r->calls++;
	r->err = err;
	r->cookie = cookie;
}

#define NBATCH	10000

static void
batch_route(struct rt6 *rt, int i)
{
	struct in6_addr	 d = A("2001:db8::"), gw = A("fe80::1");

	d.s6_addr[4] = (uint8_t)(i >> 8);
	d.s6_addr[5] = (uint8_t)i;
	d.s6_addr[6] = 0x77;
	rt6_init(rt, &d, 64, &gw, IDX("va"));
	rt->proto = RT6_PROTO_RIP;
}

START_TEST(batch_many)
{
	struct rtsock		*s = rtsock_open();
	struct batch_res	 res;
	struct rt6		 rt;
	int			 i;

	/* a route that is there already makes one add fail */
	batch_route(&rt, 4242);
	ck_assert_int_eq(rtsock_add(s, &rt), 0);

	ck_assert_int_eq(rtsock_batch_add(s, &rt, NULL), -EINVAL);
	ck_assert_int_eq(rtsock_batch_end(s, NULL, NULL), -EINVAL);
	ck_assert_int_eq(rtsock_batch_begin(s), 0);
	ck_assert_int_eq(rtsock_batch_begin(s), -EBUSY);
	ck_assert_int_eq(rtsock_add(s, &rt), -EBUSY);
	ck_assert_int_eq(rtsock_dump(s, 0, find_cb, NULL), -EBUSY);
	for (i = 0; i < NBATCH; i++) {
		batch_route(&rt, i);
		ck_assert_int_eq(rtsock_batch_add(s, &rt,
		    (void *)(intptr_t)(i + 1)), 0);
	}
	/* refused at once, and not counted as a failure later */
	rt.nh[0].ifindex = 0;
	ck_assert_int_eq(rtsock_batch_add(s, &rt, NULL), -EINVAL);
	memset(&res, 0, sizeof(res));
	ck_assert_int_eq(rtsock_batch_end(s, batch_err, &res), 1);
	ck_assert_int_eq(res.calls, 1);
	ck_assert_int_eq(res.err, -EEXIST);
	ck_assert_ptr_eq(res.cookie, (void *)(intptr_t)4243);
	ck_assert_int_eq(count_proto(s, RT6_PROTO_RIP), NBATCH);

	/* and away again, with one delete of a route that is not there */
	ck_assert_int_eq(rtsock_batch_begin(s), 0);
	for (i = 0; i < NBATCH; i++) {
		batch_route(&rt, i);
		ck_assert_int_eq(rtsock_batch_del(s, &rt,
		    (void *)(intptr_t)(i + 1)), 0);
		if (i == 5000) {
			batch_route(&rt, 60000);
			ck_assert_int_eq(rtsock_batch_del(s, &rt,
			    (void *)(intptr_t)99999), 0);
		}
	}
	memset(&res, 0, sizeof(res));
	ck_assert_int_eq(rtsock_batch_end(s, batch_err, &res), 1);
	ck_assert_int_eq(res.calls, 1);
	ck_assert_int_eq(res.err, -ESRCH);
	ck_assert_ptr_eq(res.cookie, (void *)(intptr_t)99999);
	ck_assert_int_eq(count_proto(s, RT6_PROTO_RIP), 0);

	/* replace in a batch; an empty batch */
	ck_assert_int_eq(rtsock_batch_begin(s), 0);
	batch_route(&rt, 1);
	ck_assert_int_eq(rtsock_batch_replace(s, &rt, NULL), 0);
	ck_assert_int_eq(rtsock_batch_replace(s, &rt, NULL), 0);
	ck_assert_int_eq(rtsock_batch_end(s, NULL, NULL), 0);
	ck_assert_int_eq(count_proto(s, RT6_PROTO_RIP), 1);
	ck_assert_int_eq(rtsock_batch_begin(s), 0);
	ck_assert_int_eq(rtsock_batch_end(s, batch_err, NULL), 0);
	rtsock_close(s);
}
END_TEST

/* Route monitor. */

#define MAXEV	64

struct mon_ev {
	enum rtmon_event	 ev;
	int			 own;
	int			 resync;
	struct rt6		 rt;
};

struct mon_rec {
	struct mon_ev	 ev[MAXEV];
	int		 n;
	int		 resyncs;
	struct rtmon	*close_me;
};

static void
mon_cb(enum rtmon_event ev, const struct rt6 *rt, int own, void *arg)
{
	struct mon_rec	*r = arg;

	if (rt == NULL) {
		ck_assert_int_eq(ev, RTMON_ADD);
		ck_assert_int_eq(own, 0);
		r->resyncs++;
	}
	if (r->close_me != NULL) {
		rtmon_close(r->close_me);
		r->close_me = NULL;
	}
	if (r->n == MAXEV || rt == NULL)
		return;
	r->ev[r->n].ev = ev;
	r->ev[r->n].own = own;
	r->ev[r->n].rt = *rt;
	r->n++;
}

/* Run the loop until the prefix shows up with that event; its index. */
static int
wait_route(struct ev_loop *loop, struct mon_rec *r, enum rtmon_event ev,
    const char *dst, int plen)
{
	struct in6_addr	 d = A(dst);
	uint64_t	 end = ev_monotonic_us() + EV_SEC(5), now;
	int		 i, from = 0;

	for (;;) {
		for (i = from; i < r->n; i++)
			if (r->ev[i].ev == ev && r->ev[i].rt.plen == plen &&
			    memcmp(&r->ev[i].rt.dst, &d, 16) == 0)
				return i;
		from = r->n;
		now = ev_monotonic_us();
		if (now >= end)
			return -1;
		ck_assert_int_ge(ev_loop_once(loop, end - now), 0);
	}
}

START_TEST(rtmon_own_and_foreign)
{
	struct ev_loop	*loop = ev_loop_new();
	struct rtsock	*s = rtsock_open();
	struct mon_rec	*r = calloc(1, sizeof(*r));
	struct rtmon	*m;
	struct rt6	 rt;
	struct in6_addr	 d = A("2001:db8:50::"), gw = A("fe80::1");
	int		 i;

	m = rtmon_open(loop, s, mon_cb, r);
	ck_assert_ptr_nonnull(m);
	rt6_init(&rt, &d, 48, &gw, IDX("va"));
	rt.proto = RT6_PROTO_RIP;
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	i = wait_route(loop, r, RTMON_ADD, "2001:db8:50::", 48);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(r->ev[i].own, 1);
	ck_assert_uint_eq(r->ev[i].rt.proto, RT6_PROTO_RIP);
	ck_assert_uint_eq(r->ev[i].rt.nh[0].ifindex, IDX("va"));

	t6_sh("ip -6 route add 2001:db8:51::/48 via fe80::2 dev vb");
	i = wait_route(loop, r, RTMON_ADD, "2001:db8:51::", 48);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(r->ev[i].own, 0);

	ck_assert_int_eq(rtsock_del(s, &rt), 0);
	i = wait_route(loop, r, RTMON_DEL, "2001:db8:50::", 48);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(r->ev[i].own, 1);
	t6_sh("ip -6 route del 2001:db8:51::/48");
	i = wait_route(loop, r, RTMON_DEL, "2001:db8:51::", 48);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(r->ev[i].own, 0);
	ck_assert_int_eq(r->resyncs, 0);
	rtmon_close(m);

	/* ignoring our own: only the foreign change arrives */
	r->n = 0;
	m = rtmon_open(loop, s, mon_cb, r);
	ck_assert_int_eq(rtmon_ignore_own(m), 0);
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	t6_sh("ip -6 route add 2001:db8:52::/48 via fe80::2 dev vb");
	i = wait_route(loop, r, RTMON_ADD, "2001:db8:52::", 48);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(r->ev[i].own, 0);
	/* notifications come in order: ours would have come before */
	for (i = 0; i < r->n; i++)
		ck_assert_msg(r->ev[i].rt.plen != 48 || memcmp(&r->ev[i].rt.dst,
		    &d, 16) != 0, "our own change was reported");
	ck_assert_int_eq(rtsock_del(s, &rt), 0);
	rtmon_close(m);

	/* without an own socket nothing is own, and nothing to ignore */
	r->n = 0;
	m = rtmon_open(loop, NULL, mon_cb, r);
	ck_assert_ptr_nonnull(m);
	errno = 0;
	ck_assert_int_eq(rtmon_ignore_own(m), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(rtsock_add(s, &rt), 0);
	i = wait_route(loop, r, RTMON_ADD, "2001:db8:50::", 48);
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(r->ev[i].own, 0);
	rtmon_close(m);
	rtmon_close(NULL);
	errno = 0;
	ck_assert_ptr_null(rtmon_open(loop, s, NULL, NULL));
	ck_assert_int_eq(errno, EINVAL);
	rtsock_close(s);
	ev_loop_free(loop);
	free(r);
}
END_TEST

START_TEST(rtmon_close_in_callback)
{
	struct ev_loop	*loop = ev_loop_new();
	struct rtsock	*s = rtsock_open();
	struct mon_rec	*r = calloc(1, sizeof(*r));
	struct rt6	 rt;
	struct in6_addr	 d = A("2001:db8:52::"), gw = A("fe80::1");
	uint64_t	 end;
	int		 i;

	r->close_me = rtmon_open(loop, s, mon_cb, r);
	ck_assert_ptr_nonnull(r->close_me);
	/* several changes in one read: the rest must not be delivered */
	ck_assert_int_eq(rtsock_batch_begin(s), 0);
	for (i = 0; i < 10; i++) {
		d.s6_addr[5] = (uint8_t)i;
		rt6_init(&rt, &d, 48, &gw, IDX("va"));
		ck_assert_int_eq(rtsock_batch_add(s, &rt, NULL), 0);
	}
	ck_assert_int_eq(rtsock_batch_end(s, NULL, NULL), 0);
	end = ev_monotonic_us() + EV_SEC(5);
	while (r->n == 0 && ev_monotonic_us() < end)
		ev_loop_once(loop, EV_MSEC(100));
	ck_assert_int_eq(r->n, 1);
	ck_assert_ptr_null(r->close_me);
	/* the loop no longer knows the socket */
	ev_loop_once(loop, EV_MSEC(50));
	ck_assert_int_eq(r->n, 1);
	rtsock_close(s);
	ev_loop_free(loop);
	free(r);
}
END_TEST

START_TEST(rtmon_overflow_resync)
{
	struct ev_loop	*loop = ev_loop_new();
	struct rtsock	*s = rtsock_open();
	struct mon_rec	*r = calloc(1, sizeof(*r));
	struct rtmon	*m;
	struct rt6	 rt;
	uint64_t	 end;
	int		 i;

	m = rtmon_open(loop, s, mon_cb, r);
	ck_assert_ptr_nonnull(m);
	/* far more notifications than the receive buffer holds */
	ck_assert_int_eq(rtsock_batch_begin(s), 0);
	for (i = 0; i < 30000; i++) {
		batch_route(&rt, i);
		ck_assert_int_eq(rtsock_batch_add(s, &rt, NULL), 0);
	}
	ck_assert_int_eq(rtsock_batch_end(s, NULL, NULL), 0);
	end = ev_monotonic_us() + EV_SEC(10);
	while (r->resyncs == 0 && ev_monotonic_us() < end)
		ev_loop_once(loop, EV_MSEC(100));
	ck_assert_int_eq(r->resyncs, 1);
	/*
	 * After the loss the queue was dropped: none of the batch follows
	 * (the kernel may still add routes of its own, for fe80::/64).
	 */
	r->n = 0;
	for (i = 0; i < 5; i++)
		ev_loop_once(loop, EV_MSEC(20));
	for (i = 0; i < r->n; i++)
		ck_assert_uint_ne(r->ev[i].rt.proto, RT6_PROTO_RIP);
	ck_assert_int_eq(r->resyncs, 1);
	rtmon_close(m);
	rtsock_close(s);
	ev_loop_free(loop);
	free(r);
}
END_TEST

static Suite *
rtsock_suite(void)
{
	Suite	*s = suite_create("rtsock");
	TCase	*pure = tcase_create("pure");
	TCase	*tc = tcase_create("kernel");

	tcase_add_test(pure, init_and_nexthops);
	tcase_add_test(pure, names);
	tcase_add_test(pure, format);
	tcase_add_test(pure, malformed_attributes);
	tcase_add_test(pure, malformed_strings_and_acks);
	suite_add_tcase(s, pure);

	/* the fixture runs in each forked test: a namespace of its own */
	tcase_add_checked_fixture(tc, setup_veth, NULL);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, add_exists_del_esrch);
	tcase_add_test(tc, linklocal_needs_ifindex);
	tcase_add_test(tc, replace);
	tcase_add_test(tc, get_longest_match);
	tcase_add_test(tc, dump_tables);
	tcase_add_test(tc, dump_stops);
	tcase_add_test(tc, flush_proto);
	tcase_add_test(tc, nexthop_objects);
	tcase_add_test(tc, multipath);
	tcase_add_test(tc, reject_types);
	tcase_add_test(tc, metric_coexistence);
	tcase_add_test(tc, batch_many);
	tcase_add_test(tc, rtmon_own_and_foreign);
	tcase_add_test(tc, rtmon_close_in_callback);
	tcase_add_test(tc, rtmon_overflow_resync);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(rtsock_suite(), 1);
}
