/* The routing-socket helpers over rtnetlink: IPv6 routes with libmnl. */
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/nexthop.h>
#include <linux/filter.h>
#include <linux/rtnetlink.h>

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ev.h"
#include "in6.h"
#include "log.h"
#include "nl.h"
#include "rtsock.h"
#include "scope6.h"

/* The largest request we build: 16 next hops need about 600 bytes. */
#define RT6_MSG_MAX	1024
/* Requests that go out in one sendmsg (capped by the send buffer). */
#define BATCH_BYTES	(256 * 1024)
/*
 * Receive-buffer bytes one queued acknowledgement may take: a capped ack
 * is 36 bytes, but the kernel charges the whole skb (between 512 and
 * 1024 bytes measured on Linux 6, error acks with a message included).
 * Sending at most rcvbuf / ACK_COST requests at a time means their acks
 * always fit, since the kernel answers every request before sendmsg
 * returns.
 */
#define ACK_COST	2048
#define WINDOW_MIN	8
#define WINDOW_MAX	8192
#define CMD_RCVBUF	(4 * 1024 * 1024)
#define CMD_SNDBUF	(1024 * 1024)
#define MON_RCVBUF	(4 * 1024 * 1024)
#define DUMP_TRIES	5
/* Datagrams read per wakeup, so a flood cannot starve the loop. */
#define MON_BURST	64

struct batch_fail {
	int	 err;
	void	*cookie;
};

struct rtsock {
	struct nl		 nl;
	/* batch state */
	int			 batching;
	int			 berr;		/* sticky socket failure */
	uint8_t			*bbuf;
	size_t			 bcap;
	size_t			 blen;
	uint32_t		 bfirst;	/* seq of the first in bbuf */
	size_t			 blast;		/* offset of the last in bbuf */
	unsigned		 nqueued;	/* messages in bbuf */
	unsigned		 window;	/* most messages per send */
	void			**cookies;	/* [window], by seq - bfirst */
	struct batch_fail	*fails;
	size_t			 nfails;
	size_t			 failcap;
};

struct rtmon {
	struct nl		 nl;
	struct ev_loop		*loop;
	struct ev_io		 io;
	uint32_t		 selfport;	/* 0: no own rtsock */
	void			(*cb)(enum rtmon_event, const struct rt6 *,
				    int, void *);
	void			*arg;
	int			 busy;		/* inside the read callback */
	int			 dead;		/* closed from the callback */
};

/* A growable copy of the messages of one dump, read before any cb. */
struct dumpbuf {
	uint8_t			*data;
	size_t			 len;
	size_t			 cap;
};

static const struct {
	int		 proto;
	const char	*name;
} protos[] = {
	{ RTPROT_UNSPEC, "unspec" },
	{ RTPROT_REDIRECT, "redirect" },
	{ RTPROT_KERNEL, "kernel" },
	{ RTPROT_BOOT, "boot" },
	{ RTPROT_STATIC, "static" },
	{ 9, "ra" },
	{ 11, "zebra" },
	{ 12, "bird" },
	{ 16, "dhcp" },
	{ 42, "babel" },
	{ 186, "bgp" },
	{ 187, "isis" },
	{ 188, "ospf" },
	{ 189, "rip" },
	{ 192, "eigrp" },
};

/* Route values. */

void
rt6_init(struct rt6 *rt, const struct in6_addr *dst, int plen,
    const struct in6_addr *gw, uint32_t ifindex)
{
	memset(rt, 0, sizeof(*rt));
	if (dst != NULL)
		rt->dst = *dst;
	/* An impossible length is kept impossible, so sending fails. */
	if (plen >= 0 && plen <= 128) {
		rt->plen = (uint8_t)plen;
		in6_applyplen(&rt->dst, plen);
	} else
		rt->plen = 255;
	rt->type = RT6_UNICAST;
	if ((gw != NULL && !IN6_IS_ADDR_UNSPECIFIED(gw)) || ifindex != 0) {
		if (gw != NULL)
			rt->nh[0].gw = *gw;
		rt->nh[0].ifindex = ifindex;
		rt->nnh = 1;
	}
}

int
rt6_add_nh(struct rt6 *rt, const struct in6_addr *gw, uint32_t ifindex,
    int weight)
{
	struct rt6_nh	*nh;

	if (weight < 0 || weight > 256) {
		errno = EINVAL;
		return -1;
	}
	if (rt->nnh < 0 || rt->nnh >= RT6_MAXNH) {
		errno = E2BIG;
		return -1;
	}
	nh = &rt->nh[rt->nnh++];
	memset(nh, 0, sizeof(*nh));
	if (gw != NULL)
		nh->gw = *gw;
	nh->ifindex = ifindex;
	nh->weight = weight > 0 ? (uint8_t)(weight - 1) : 0;
	return 0;
}

const char *
rt6_type_name(int type)
{
	switch (type) {
	case RT6_UNICAST:
		return "unicast";
	case RT6_UNREACHABLE:
		return "unreachable";
	case RT6_BLACKHOLE:
		return "blackhole";
	case RT6_PROHIBIT:
		return "prohibit";
	case RT6_LOCAL:
		return "local";
	case RT6_OTHER:
		return "other";
	}
	return "unknown";
}

const char *
rt6_proto_name(int proto, char *buf, size_t len)
{
	size_t	 i;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (protos[i].proto == proto)
			return protos[i].name;
	snprintf(buf, len, "%d", proto);
	return buf;
}

int
rt6_proto_byname(const char *name)
{
	const char	*errstr;
	size_t		 i;
	int		 v;

	if (name == NULL)
		goto bad;
	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (strcmp(protos[i].name, name) == 0)
			return protos[i].proto;
	v = (int)strtonum(name, 0, 255, &errstr);
	if (errstr == NULL)
		return v;
bad:
	errno = EINVAL;
	return -1;
}

/* Append to buf at *off, never past len; truncation is silent. */
static void
cat(char *buf, size_t len, size_t *off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
cat(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (*off + 1 >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	*off += (size_t)n;
	if (*off >= len)
		*off = len - 1;
}

static void
format_nh(char *buf, size_t len, size_t *off, const struct rt6_nh *nh)
{
	char	 a[INET6_ADDRSTRLEN], name[IF_NAMESIZE];

	if (!IN6_IS_ADDR_UNSPECIFIED(&nh->gw))
		cat(buf, len, off, " via %s",
		    inet_ntop(AF_INET6, &nh->gw, a, sizeof(a)));
	if (nh->ifindex != 0)
		cat(buf, len, off, " dev %s",
		    scope6_ifname(nh->ifindex, name));
}

char *
rt6_format(const struct rt6 *rt, char *buf, size_t len)
{
	char	 a[INET6_ADDRSTRLEN], p[16];
	size_t	 off = 0;
	int	 i;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (rt->type != RT6_UNICAST)
		cat(buf, len, &off, "%s ", rt6_type_name(rt->type));
	/* "default" and bare host addresses, as ip(8) prints them */
	inet_ntop(AF_INET6, &rt->dst, a, sizeof(a));
	if (rt->plen == 0 && IN6_IS_ADDR_UNSPECIFIED(&rt->dst))
		cat(buf, len, &off, "default");
	else if (rt->plen == 128)
		cat(buf, len, &off, "%s", a);
	else
		cat(buf, len, &off, "%s/%u", a, rt->plen);
	if (rt->nhid != 0)
		cat(buf, len, &off, " nhid %u", rt->nhid);
	if (rt->nnh == 1)
		format_nh(buf, len, &off, &rt->nh[0]);
	cat(buf, len, &off, " proto %s",
	    rt6_proto_name(rt->proto, p, sizeof(p)));
	if (rt->metric != 0)
		cat(buf, len, &off, " metric %u", rt->metric);
	if (rt->table != 0 && rt->table != RT6_TABLE_MAIN)
		cat(buf, len, &off, " table %u", rt->table);
	if (!IN6_IS_ADDR_UNSPECIFIED(&rt->prefsrc))
		cat(buf, len, &off, " src %s",
		    inet_ntop(AF_INET6, &rt->prefsrc, a, sizeof(a)));
	if (rt->expires != 0)
		cat(buf, len, &off, " expires %usec", rt->expires);
	if (rt->flags & RT6_F_LINKDOWN)
		cat(buf, len, &off, " linkdown");
	if (rt->flags & RT6_F_OFFLOAD)
		cat(buf, len, &off, " offload");
	if (rt->flags & RT6_F_CLONED)
		cat(buf, len, &off, " cache");
	if (rt->nnh > 1)
		for (i = 0; i < rt->nnh && i < RT6_MAXNH; i++) {
			cat(buf, len, &off, " nexthop");
			format_nh(buf, len, &off, &rt->nh[i]);
			cat(buf, len, &off, " weight %u",
			    rt->nh[i].weight + 1U);
			if (rt->nh[i].flags & RT6_F_LINKDOWN)
				cat(buf, len, &off, " linkdown");
		}
	return buf;
}

/* Route messages. */

static int
type_to_rtn(int type, int del)
{
	switch (type) {
	case 0:
	case RT6_UNICAST:
		return RTN_UNICAST;
	case RT6_UNREACHABLE:
		return RTN_UNREACHABLE;
	case RT6_BLACKHOLE:
		return RTN_BLACKHOLE;
	case RT6_PROHIBIT:
		return RTN_PROHIBIT;
	case RT6_LOCAL:
		return RTN_LOCAL;
	}
	/* A delete does not match on the type: let it go by. */
	return del ? RTN_UNSPEC : -1;
}

static int
rtn_to_type(int rtn)
{
	switch (rtn) {
	case RTN_UNICAST:
		return RT6_UNICAST;
	case RTN_UNREACHABLE:
		return RT6_UNREACHABLE;
	case RTN_BLACKHOLE:
		return RT6_BLACKHOLE;
	case RTN_PROHIBIT:
		return RT6_PROHIBIT;
	case RTN_LOCAL:
		return RT6_LOCAL;
	}
	return RT6_OTHER;
}

/* Refuse what the kernel would refuse less clearly, before sending. */
static int
rt6_check(const struct rt6 *rt, int del)
{
	int	 i, nnh;

	if (rt->plen > 128 || rt->nnh < 0 || rt->nnh > RT6_MAXNH ||
	    type_to_rtn(rt->type, del) < 0)
		return -EINVAL;
	nnh = del && rt->nnh > 1 ? 1 : rt->nnh;
	for (i = 0; i < nnh; i++)
		if (scope6_is_scoped(&rt->nh[i].gw) && rt->nh[i].ifindex == 0)
			return -EINVAL;
	return 0;
}

static void
put_multipath(struct nlmsghdr *nlh, const struct rt6 *rt)
{
	struct nlattr		*mp;
	struct rtnexthop	*rtnh;
	int			 i;

	mp = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
	for (i = 0; i < rt->nnh; i++) {
		rtnh = mnl_nlmsg_get_payload_tail(nlh);
		memset(rtnh, 0, sizeof(*rtnh));
		nlh->nlmsg_len += RTNH_ALIGN(sizeof(*rtnh));
		rtnh->rtnh_hops = rt->nh[i].weight;
		rtnh->rtnh_ifindex = (int)rt->nh[i].ifindex;
		if (!IN6_IS_ADDR_UNSPECIFIED(&rt->nh[i].gw))
			mnl_attr_put(nlh, RTA_GATEWAY, sizeof(struct in6_addr),
			    &rt->nh[i].gw);
		rtnh->rtnh_len = (unsigned short)((uint8_t *)
		    mnl_nlmsg_get_payload_tail(nlh) - (uint8_t *)rtnh);
	}
	mnl_attr_nest_end(nlh, mp);
}

/*
 * Fill a request for rt after the header nlh (in a buffer of at least
 * RT6_MSG_MAX bytes; rt6_check has passed).
 */
static void
rt6_build(struct nlmsghdr *nlh, const struct rt6 *rt, uint16_t type,
    uint16_t flags)
{
	struct rtmsg	*rtm;
	struct in6_addr	 dst;
	uint32_t	 table = rt->table ? rt->table : RT_TABLE_MAIN;
	int		 del = type == RTM_DELROUTE, nnh;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = rt->plen;
	rtm->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = rt->proto;
	rtm->rtm_scope = del ? RT_SCOPE_NOWHERE : RT_SCOPE_UNIVERSE;
	rtm->rtm_type = (uint8_t)type_to_rtn(rt->type, del);
	if (rt->plen > 0) {
		dst = rt->dst;
		in6_applyplen(&dst, rt->plen);
		mnl_attr_put(nlh, RTA_DST, sizeof(dst), &dst);
	}
	if (table >= 256)
		mnl_attr_put_u32(nlh, RTA_TABLE, table);
	if (rt->metric != 0)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, rt->metric);
	if (!del && !IN6_IS_ADDR_UNSPECIFIED(&rt->prefsrc))
		mnl_attr_put(nlh, RTA_PREFSRC, sizeof(rt->prefsrc),
		    &rt->prefsrc);
	if (!del && rt->expires != 0)
		mnl_attr_put_u32(nlh, RTA_EXPIRES, rt->expires);
	nnh = del && rt->nnh > 1 ? 1 : rt->nnh;
	if (rt->nhid != 0 && !del)
		mnl_attr_put_u32(nlh, RTA_NH_ID, rt->nhid);
	else if (nnh == 1) {
		if (!IN6_IS_ADDR_UNSPECIFIED(&rt->nh[0].gw))
			mnl_attr_put(nlh, RTA_GATEWAY, sizeof(struct in6_addr),
			    &rt->nh[0].gw);
		if (rt->nh[0].ifindex != 0)
			mnl_attr_put_u32(nlh, RTA_OIF, rt->nh[0].ifindex);
	} else if (nnh > 1)
		put_multipath(nlh, rt);
}

static int
parse_multipath(const struct nlattr *mp, struct rt6 *rt)
{
	static const enum nl_kind pol[RTA_MAX + 1] = {
		[RTA_GATEWAY] = NL_IN6,
	};
	const struct nlattr	*tb[RTA_MAX + 1];
	const struct rtnexthop	*rtnh;
	const uint8_t		*p = mnl_attr_get_payload(mp);
	size_t			 left = mnl_attr_get_payload_len(mp), step;
	struct rt6_nh		*nh;

	while (left >= sizeof(*rtnh)) {
		rtnh = (const struct rtnexthop *)p;
		if (rtnh->rtnh_len < sizeof(*rtnh) || rtnh->rtnh_len > left)
			return -1;
		if (nl_parse_payload(p + RTNH_LENGTH(0),
		    rtnh->rtnh_len - RTNH_LENGTH(0), pol, RTA_MAX, tb) == -1)
			return -1;
		if (rt->nnh < RT6_MAXNH) {
			nh = &rt->nh[rt->nnh++];
			nh->ifindex = (uint32_t)rtnh->rtnh_ifindex;
			nh->weight = rtnh->rtnh_hops;
			if (rtnh->rtnh_flags & RTNH_F_LINKDOWN)
				nh->flags |= RT6_F_LINKDOWN;
			if (tb[RTA_GATEWAY] != NULL)
				memcpy(&nh->gw, mnl_attr_get_payload(
				    tb[RTA_GATEWAY]), sizeof(nh->gw));
		} else
			log_debug("rtsock: next hops beyond %d ignored",
			    RT6_MAXNH);
		step = RTNH_ALIGN(rtnh->rtnh_len);
		if (step >= left)
			break;
		p += step;
		left -= step;
	}
	return 0;
}

/* Decode an RTM_NEWROUTE/RTM_DELROUTE: 0, or -1 if not for us or bad. */
static int
rt6_from_msg(const struct nlmsghdr *nlh, struct rt6 *rt)
{
	static const enum nl_kind pol[RTA_MAX + 1] = {
		[RTA_DST] = NL_IN6,
		[RTA_GATEWAY] = NL_IN6,
		[RTA_PREFSRC] = NL_IN6,
		[RTA_OIF] = NL_U32,
		[RTA_PRIORITY] = NL_U32,
		[RTA_TABLE] = NL_U32,
		[RTA_MULTIPATH] = NL_BINARY,
		[RTA_CACHEINFO] = NL_BINARY,
		[RTA_NH_ID] = NL_U32,
	};
	const struct nlattr		*tb[RTA_MAX + 1];
	const struct rtmsg		*rtm;
	struct rta_cacheinfo		 ci;
	long				 hz;
	int				 i, down;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return -1;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_family != AF_INET6 || rtm->rtm_dst_len > 128)
		return -1;
	if (nl_parse_attrs(nlh, sizeof(*rtm), pol, RTA_MAX, tb) == -1) {
		log_debug("rtsock: malformed route message dropped");
		return -1;
	}
	memset(rt, 0, sizeof(*rt));
	rt->plen = rtm->rtm_dst_len;
	if (tb[RTA_DST] != NULL)
		memcpy(&rt->dst, mnl_attr_get_payload(tb[RTA_DST]), 16);
	rt->type = (uint8_t)rtn_to_type(rtm->rtm_type);
	rt->proto = rtm->rtm_protocol;
	rt->table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) :
	    rtm->rtm_table;
	if (tb[RTA_PRIORITY] != NULL)
		rt->metric = mnl_attr_get_u32(tb[RTA_PRIORITY]);
	if (tb[RTA_NH_ID] != NULL)
		rt->nhid = mnl_attr_get_u32(tb[RTA_NH_ID]);
	if (tb[RTA_PREFSRC] != NULL)
		memcpy(&rt->prefsrc, mnl_attr_get_payload(tb[RTA_PREFSRC]),
		    16);
	if (tb[RTA_CACHEINFO] != NULL &&
	    mnl_attr_get_payload_len(tb[RTA_CACHEINFO]) >= sizeof(ci)) {
		memcpy(&ci, mnl_attr_get_payload(tb[RTA_CACHEINFO]),
		    sizeof(ci));
		/* clock ticks (USER_HZ); an overdue expiry reads as soon */
		if ((hz = sysconf(_SC_CLK_TCK)) <= 0)
			hz = 100;
		if ((int32_t)ci.rta_expires > 0)
			rt->expires = (uint32_t)(((uint64_t)ci.rta_expires +
			    (uint64_t)hz - 1) / (uint64_t)hz);
		else if (ci.rta_expires != 0)
			rt->expires = 1;
	}
	if (rtm->rtm_flags & RTM_F_CLONED)
		rt->flags |= RT6_F_CLONED;
	if (rtm->rtm_flags & RTNH_F_OFFLOAD)
		rt->flags |= RT6_F_OFFLOAD;
	if (tb[RTA_MULTIPATH] != NULL) {
		if (parse_multipath(tb[RTA_MULTIPATH], rt) == -1) {
			log_debug("rtsock: malformed multipath dropped");
			return -1;
		}
	} else if ((rt->type == RT6_UNICAST || rt->type == RT6_LOCAL) &&
	    (tb[RTA_GATEWAY] != NULL || tb[RTA_OIF] != NULL)) {
		rt->nnh = 1;
		if (tb[RTA_GATEWAY] != NULL)
			memcpy(&rt->nh[0].gw,
			    mnl_attr_get_payload(tb[RTA_GATEWAY]), 16);
		if (tb[RTA_OIF] != NULL)
			rt->nh[0].ifindex = mnl_attr_get_u32(tb[RTA_OIF]);
		if (rtm->rtm_flags & RTNH_F_LINKDOWN)
			rt->nh[0].flags |= RT6_F_LINKDOWN;
	}
	down = rt->nnh > 0;
	for (i = 0; i < rt->nnh; i++)
		if (!(rt->nh[i].flags & RT6_F_LINKDOWN))
			down = 0;
	if (down || (rtm->rtm_flags & RTNH_F_LINKDOWN))
		rt->flags |= RT6_F_LINKDOWN;
	return 0;
}

/* The command socket. */

struct rtsock *
rtsock_open(void)
{
	struct rtsock	*s;
	size_t		 w;
	int		 saved;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	if (nl_open(&s->nl, 0, CMD_RCVBUF, CMD_SNDBUF, NULL, 0) == -1) {
		saved = errno;
		free(s);
		errno = saved;
		return NULL;
	}
	/* netlink refuses a sendmsg longer than the send buffer - 32 */
	s->bcap = BATCH_BYTES;
	if (s->nl.sndbuf > 64 && s->bcap > s->nl.sndbuf - 64)
		s->bcap = s->nl.sndbuf - 64;
	if (s->bcap < RT6_MSG_MAX)
		s->bcap = RT6_MSG_MAX;
	w = s->nl.rcvbuf / ACK_COST;
	if (w < WINDOW_MIN)
		w = WINDOW_MIN;
	if (w > WINDOW_MAX)
		w = WINDOW_MAX;
	s->window = (unsigned)w;
	return s;
}

void
rtsock_close(struct rtsock *s)
{
	if (s == NULL)
		return;
	nl_close(&s->nl);
	free(s->bbuf);
	free(s->cookies);
	free(s->fails);
	free(s);
}

const char *
rtsock_errmsg(const struct rtsock *s)
{
	return s->nl.extmsg[0] != '\0' ? s->nl.extmsg : NULL;
}

static int
route_request(struct rtsock *s, const struct rt6 *rt, uint16_t type,
    uint16_t flags)
{
	union {
		struct nlmsghdr	 nlh;
		uint8_t		 buf[RT6_MSG_MAX];
	} req;
	struct nlmsghdr	*nlh;
	int		 err;

	s->nl.extmsg[0] = '\0';
	if (s->batching)
		return -EBUSY;
	if ((err = rt6_check(rt, type == RTM_DELROUTE)) != 0)
		return err;
	nlh = mnl_nlmsg_put_header(req.buf);
	rt6_build(nlh, rt, type, flags);
	return nl_talk(&s->nl, nlh, NULL, NULL);
}

int
rtsock_add(struct rtsock *s, const struct rt6 *rt)
{
	return route_request(s, rt, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
}

int
rtsock_replace(struct rtsock *s, const struct rt6 *rt)
{
	return route_request(s, rt, RTM_NEWROUTE,
	    NLM_F_CREATE | NLM_F_REPLACE);
}

int
rtsock_del(struct rtsock *s, const struct rt6 *rt)
{
	return route_request(s, rt, RTM_DELROUTE, 0);
}

struct get_ctx {
	struct rt6	*out;
	int		 found;
};

static int
get_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct get_ctx	*ctx = arg;

	if (nlh->nlmsg_type == RTM_NEWROUTE && !ctx->found &&
	    rt6_from_msg(nlh, ctx->out) == 0)
		ctx->found = 1;
	return 0;
}

int
rtsock_get(struct rtsock *s, const struct in6_addr *addr, uint32_t oif_hint,
    struct rt6 *out)
{
	union {
		struct nlmsghdr	 nlh;
		uint8_t		 buf[256];
	} req;
	struct nlmsghdr	*nlh;
	struct rtmsg	*rtm;
	struct get_ctx	 ctx = { out, 0 };
	int		 err;

	s->nl.extmsg[0] = '\0';
	memset(out, 0, sizeof(*out));
	if (s->batching)
		return -EBUSY;
	nlh = mnl_nlmsg_put_header(req.buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET6;
	rtm->rtm_dst_len = 128;
	/* the FIB entry that matched, not the per-destination result */
	rtm->rtm_flags = RTM_F_FIB_MATCH;
	mnl_attr_put(nlh, RTA_DST, sizeof(*addr), addr);
	if (oif_hint != 0)
		mnl_attr_put_u32(nlh, RTA_OIF, oif_hint);
	if ((err = nl_talk(&s->nl, nlh, get_reply, &ctx)) != 0)
		return err;
	return ctx.found ? 0 : -EBADMSG;
}

/* Dumps. */

static int
dump_keep(const struct nlmsghdr *nlh, void *arg)
{
	struct dumpbuf		*db = arg;
	const struct rtmsg	*rtm;
	size_t			 len = NLMSG_ALIGN(nlh->nlmsg_len), cap;
	uint8_t			*p;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return 0;
	rtm = mnl_nlmsg_get_payload(nlh);
	/* exceptions and source-specific routes do not fit struct rt6 */
	if (rtm->rtm_family != AF_INET6 || (rtm->rtm_flags & RTM_F_CLONED) ||
	    rtm->rtm_src_len != 0)
		return 0;
	if (db->len + len > db->cap) {
		cap = db->cap ? db->cap * 2 : 64 * 1024;
		while (cap < db->len + len)
			cap *= 2;
		if ((p = realloc(db->data, cap)) == NULL)
			return -ENOMEM;
		db->data = p;
		db->cap = cap;
	}
	memcpy(db->data + db->len, nlh, nlh->nlmsg_len);
	db->len += len;
	return 0;
}

static int
dump_collect(struct rtsock *s, struct dumpbuf *db)
{
	union {
		struct nlmsghdr	 nlh;
		uint8_t		 buf[64];
	} req;
	struct nlmsghdr	*nlh;
	struct rtmsg	*rtm;
	int		 try, err;

	for (try = 0; try < DUMP_TRIES; try++) {
		db->len = 0;
		nlh = mnl_nlmsg_put_header(req.buf);
		nlh->nlmsg_type = RTM_GETROUTE;
		nlh->nlmsg_flags = NLM_F_DUMP;
		rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
		rtm->rtm_family = AF_INET6;
		err = nl_talk(&s->nl, nlh, dump_keep, db);
		if (err != -EINTR)
			return err;
		log_debug("rtsock: route dump interrupted, restarting");
	}
	return -EAGAIN;
}

/* Call cb for each kept route of the wanted table. */
static int
dump_walk(const struct dumpbuf *db, uint32_t table,
    int (*cb)(const struct rt6 *, void *), void *arg)
{
	const struct nlmsghdr	*nlh;
	struct rt6		 rt;
	int			 len = (int)db->len, r;

	if (table == 0)
		table = RT6_TABLE_MAIN;
	for (nlh = (const struct nlmsghdr *)db->data;
	    db->data != NULL && mnl_nlmsg_ok(nlh, len);
	    nlh = mnl_nlmsg_next(nlh, &len)) {
		if (rt6_from_msg(nlh, &rt) == -1)
			continue;
		if (table != RT6_TABLE_ALL && rt.table != table)
			continue;
		if ((r = cb(&rt, arg)) != 0)
			return r;
	}
	return 0;
}

int
rtsock_dump(struct rtsock *s, uint32_t table,
    int (*cb)(const struct rt6 *, void *), void *arg)
{
	struct dumpbuf	 db = { NULL, 0, 0 };
	int		 err;

	if (s->batching)
		return -EBUSY;
	if ((err = dump_collect(s, &db)) == 0)
		err = dump_walk(&db, table, cb, arg);
	free(db.data);
	return err;
}

struct flush_ctx {
	struct rtsock	*s;
	int		 proto;
	int		 queued;
	int		 firsterr;
};

static int
flush_one(const struct rt6 *rt, void *arg)
{
	struct flush_ctx	*ctx = arg;
	struct rt6		 del;
	int			 err;

	if (rt->proto != ctx->proto)
		return 0;
	del = *rt;
	/* no gateway: the whole route goes, every next hop of it */
	del.nnh = 0;
	if (del.table == 0)
		del.table = RT6_TABLE_MAIN;
	if ((err = rtsock_batch_del(ctx->s, &del, NULL)) != 0)
		return err;
	ctx->queued++;
	return 0;
}

static void
flush_err(int err, void *cookie, void *arg)
{
	struct flush_ctx	*ctx = arg;

	/* gone already (an interface went down meanwhile): fine */
	if (err == -ESRCH)
		return;
	if (ctx->firsterr == 0)
		ctx->firsterr = err;
}

int
rtsock_flush_proto(struct rtsock *s, uint32_t table, int proto)
{
	struct dumpbuf		 db = { NULL, 0, 0 };
	struct flush_ctx	 ctx = { s, proto, 0, 0 };
	int			 err, nfail;

	if (s->batching)
		return -EBUSY;
	if (proto < 0 || proto > 255)
		return -EINVAL;
	if ((err = dump_collect(s, &db)) != 0) {
		free(db.data);
		return err;
	}
	if ((err = rtsock_batch_begin(s)) != 0) {
		free(db.data);
		return err;
	}
	err = dump_walk(&db, table, flush_one, &ctx);
	free(db.data);
	nfail = rtsock_batch_end(s, flush_err, &ctx);
	if (err != 0)
		return err;
	if (nfail < 0)
		return nfail;
	if (ctx.firsterr != 0)
		return ctx.firsterr;
	return ctx.queued - nfail;
}

/* Batches. */

int
rtsock_batch_begin(struct rtsock *s)
{
	if (s->batching)
		return -EBUSY;
	if (s->bbuf == NULL && (s->bbuf = malloc(s->bcap)) == NULL)
		return -ENOMEM;
	if (s->cookies == NULL &&
	    (s->cookies = calloc(s->window, sizeof(*s->cookies))) == NULL)
		return -ENOMEM;
	s->batching = 1;
	s->berr = 0;
	s->blen = 0;
	s->nqueued = 0;
	s->nfails = 0;
	return 0;
}

static int
batch_record(struct rtsock *s, int err, void *cookie)
{
	struct batch_fail	*p;
	size_t			 cap;

	if (s->nfails == s->failcap) {
		cap = s->failcap ? s->failcap * 2 : 64;
		if ((p = reallocarray(s->fails, cap, sizeof(*p))) == NULL)
			return -ENOMEM;
		s->fails = p;
		s->failcap = cap;
	}
	s->fails[s->nfails].err = err;
	s->fails[s->nfails].cookie = cookie;
	s->nfails++;
	return 0;
}

/*
 * Send what is queued.  Only the last request asks for an
 * acknowledgement: the kernel answers every failed request anyway, in
 * order, so when the last one is acknowledged every error has arrived.
 * That saves the kernel building, and us reading, one message per route.
 */
static int
batch_flush(struct rtsock *s)
{
	const struct nlmsghdr	*nlh;
	struct nlmsghdr		*last;
	unsigned		 n = s->nqueued;
	uint32_t		 off;
	int			 i, got, len, err, done = 0;

	if (n == 0)
		return 0;
	last = (struct nlmsghdr *)(void *)(s->bbuf + s->blast);
	last->nlmsg_flags |= NLM_F_ACK;
	err = nl_send(&s->nl, s->bbuf, s->blen);
	s->blen = 0;
	s->nqueued = 0;
	if (err != 0)
		return s->berr = err;
	while (!done) {
		if ((got = nl_recv_many(&s->nl)) < 0)
			return s->berr = got;
		for (i = 0; i < got; i++) {
			len = (int)s->nl.slotlen[i];
			for (nlh = (const struct nlmsghdr *)(s->nl.slots +
			    (size_t)i * NL_SLOTLEN); mnl_nlmsg_ok(nlh, len);
			    nlh = mnl_nlmsg_next(nlh, &len)) {
				if (nlh->nlmsg_type != NLMSG_ERROR ||
				    nlh->nlmsg_pid != s->nl.portid)
					continue;
				off = nlh->nlmsg_seq - s->bfirst;
				if (off >= n)
					continue;	/* not of this send */
				if (off == n - 1)
					done = 1;
				if ((err = nl_ack_error(&s->nl, nlh)) != 0 &&
				    batch_record(s, err, s->cookies[off]) != 0)
					return s->berr = -ENOMEM;
			}
		}
	}
	return 0;
}

static int
batch_queue(struct rtsock *s, const struct rt6 *rt, uint16_t type,
    uint16_t flags, void *cookie)
{
	struct nlmsghdr	*nlh;
	int		 err;

	if (!s->batching)
		return -EINVAL;
	if (s->berr != 0)
		return s->berr;
	if ((err = rt6_check(rt, type == RTM_DELROUTE)) != 0)
		return err;
	if (s->bcap - s->blen < RT6_MSG_MAX || s->nqueued >= s->window)
		if ((err = batch_flush(s)) != 0)
			return err;
	nlh = mnl_nlmsg_put_header(s->bbuf + s->blen);
	rt6_build(nlh, rt, type, flags);
	nlh->nlmsg_flags &= ~NLM_F_ACK;		/* see batch_flush */
	nlh->nlmsg_seq = nl_nextseq(&s->nl);
	s->blast = s->blen;
	if (s->nqueued == 0)
		s->bfirst = nlh->nlmsg_seq;
	s->cookies[s->nqueued++] = cookie;
	s->blen += NLMSG_ALIGN(nlh->nlmsg_len);
	return 0;
}

int
rtsock_batch_add(struct rtsock *s, const struct rt6 *rt, void *cookie)
{
	return batch_queue(s, rt, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
	    cookie);
}

int
rtsock_batch_replace(struct rtsock *s, const struct rt6 *rt, void *cookie)
{
	return batch_queue(s, rt, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE,
	    cookie);
}

int
rtsock_batch_del(struct rtsock *s, const struct rt6 *rt, void *cookie)
{
	return batch_queue(s, rt, RTM_DELROUTE, 0, cookie);
}

int
rtsock_batch_end(struct rtsock *s,
    void (*err_cb)(int err, void *cookie, void *arg), void *arg)
{
	size_t	 i;
	int	 err;

	if (!s->batching)
		return -EINVAL;
	if (s->berr == 0)
		(void)batch_flush(s);
	s->batching = 0;
	s->blen = 0;
	s->nqueued = 0;
	if (err_cb != NULL)
		for (i = 0; i < s->nfails; i++)
			err_cb(s->fails[i].err, s->fails[i].cookie, arg);
	err = s->berr;
	s->berr = 0;
	if (err != 0)
		return err;
	return (int)s->nfails;
}

/* Notifications. */

/* Nexthop objects. */

static int
nh_request(struct rtsock *s, uint16_t type, uint16_t flags, uint32_t id,
    const struct in6_addr *gw, uint32_t ifindex, int proto)
{
	union {
		struct nlmsghdr	 nlh;
		uint8_t		 buf[256];
	} req;
	struct nlmsghdr	*nlh;
	struct nhmsg	*nhm;

	s->nl.extmsg[0] = '\0';
	if (s->batching)
		return -EBUSY;
	if (id == 0)
		return -EINVAL;
	nlh = mnl_nlmsg_put_header(req.buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));
	nhm->nh_family = AF_INET6;
	nhm->nh_protocol = (uint8_t)proto;
	mnl_attr_put_u32(nlh, NHA_ID, id);
	if (type == RTM_NEWNEXTHOP) {
		if (gw == NULL || ifindex == 0 ||
		    (proto < 0 || proto > 255))
			return -EINVAL;
		mnl_attr_put(nlh, NHA_GATEWAY, sizeof(*gw), gw);
		mnl_attr_put_u32(nlh, NHA_OIF, ifindex);
	}
	return nl_talk(&s->nl, nlh, NULL, NULL);
}

int
rtsock_nh_add(struct rtsock *s, uint32_t id, const struct in6_addr *gw,
    uint32_t ifindex, int proto)
{
	return nh_request(s, RTM_NEWNEXTHOP, NLM_F_CREATE | NLM_F_EXCL, id,
	    gw, ifindex, proto);
}

int
rtsock_nh_del(struct rtsock *s, uint32_t id)
{
	return nh_request(s, RTM_DELNEXTHOP, 0, id, NULL, 0, 0);
}

struct nh_ids {
	uint32_t	*ids;
	size_t		 n, cap;
	int		 proto;
};

static int
nh_collect(const struct nlmsghdr *nlh, void *arg)
{
	static const enum nl_kind pol[NHA_MAX + 1] = {
		[NHA_ID] = NL_U32,
	};
	const struct nlattr	*tb[NHA_MAX + 1];
	const struct nhmsg	*nhm;
	struct nh_ids		*c = arg;
	uint32_t		*p;

	if (nlh->nlmsg_type != RTM_NEWNEXTHOP ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*nhm))
		return 0;
	nhm = mnl_nlmsg_get_payload(nlh);
	if (nhm->nh_family != AF_INET6 || nhm->nh_protocol != c->proto ||
	    nl_parse_attrs(nlh, sizeof(*nhm), pol, NHA_MAX, tb) == -1 ||
	    tb[NHA_ID] == NULL)
		return 0;
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 16;

		if ((p = reallocarray(c->ids, ncap, sizeof(*p))) == NULL)
			return -ENOMEM;
		c->ids = p;
		c->cap = ncap;
	}
	c->ids[c->n++] = mnl_attr_get_u32(tb[NHA_ID]);
	return 0;
}

int
rtsock_nh_flush_proto(struct rtsock *s, int proto)
{
	union {
		struct nlmsghdr	 nlh;
		uint8_t		 buf[64];
	} req;
	struct nlmsghdr	*nlh;
	struct nhmsg	*nhm;
	struct nh_ids	 c;
	size_t		 i;
	int		 err, tries, n = 0;

	if (s->batching)
		return -EBUSY;
	memset(&c, 0, sizeof(c));
	c.proto = proto;
	for (tries = 0; tries < 5; tries++) {
		c.n = 0;
		nlh = mnl_nlmsg_put_header(req.buf);
		nlh->nlmsg_type = RTM_GETNEXTHOP;
		nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));
		nhm->nh_family = AF_INET6;
		if ((err = nl_talk(&s->nl, nlh, nh_collect, &c)) != -EINTR)
			break;
	}
	if (err == 0)
		for (i = 0; i < c.n; i++) {
			err = rtsock_nh_del(s, c.ids[i]);
			if (err == 0)
				n++;
			else if (err != -ENOENT)
				break;
			err = 0;
		}
	free(c.ids);
	/* a kernel without nexthop objects has none of them to flush */
	if (err == -EOPNOTSUPP || err == -EINVAL || err == -EAFNOSUPPORT)
		return 0;
	return err != 0 ? err : n;
}

static void
rtmon_read(struct ev_io *io, int fd, int revents, void *arg)
{
	struct rtmon		*m = arg;
	const struct nlmsghdr	*nlh;
	struct rt6		 rt;
	ssize_t			 n;
	int			 i, len, own;

	m->busy = 1;
	for (i = 0; i < MON_BURST && !m->dead; i++) {
		n = nl_recv(&m->nl);
		if (n == -EAGAIN)
			break;
		if (n == -ENOBUFS || n == -EMSGSIZE) {
			/*
			 * Lost notifications.  What is still queued predates
			 * the loss and could undo the caller's re-dump if it
			 * came after it: throw it away, then ask for the
			 * re-dump, once.
			 */
			log_debug("rtmon: notifications lost, resync");
			nl_drain(&m->nl);
			m->cb(RTMON_ADD, NULL, 0, m->arg);
			break;
		}
		if (n < 0) {
			log_warnx("rtmon: recv: %s", strerror((int)-n));
			break;
		}
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)m->nl.rbuf;
		    !m->dead && mnl_nlmsg_ok(nlh, len);
		    nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type != RTM_NEWROUTE &&
			    nlh->nlmsg_type != RTM_DELROUTE)
				continue;
			own = m->selfport != 0 && nlh->nlmsg_pid == m->selfport;
			if (rt6_from_msg(nlh, &rt) == -1)
				continue;
			m->cb(nlh->nlmsg_type == RTM_NEWROUTE ? RTMON_ADD :
			    RTMON_DEL, &rt, own, m->arg);
		}
	}
	m->busy = 0;
	if (m->dead) {
		nl_close(&m->nl);
		free(m);
	}
}

struct rtmon *
rtmon_open(struct ev_loop *loop, struct rtsock *self,
    void (*cb)(enum rtmon_event, const struct rt6 *, int, void *),
    void *arg)
{
	static const unsigned	 groups[] = { RTNLGRP_IPV6_ROUTE };
	struct rtmon		*m;
	int			 saved;

	if (cb == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	if (nl_open(&m->nl, NL_NONBLOCK, MON_RCVBUF, 0, groups, 1) == -1)
		goto fail;
	m->loop = loop;
	m->selfport = self != NULL ? self->nl.portid : 0;
	m->cb = cb;
	m->arg = arg;
	if (ev_io_add(loop, &m->io, nl_fd(&m->nl), EV_READ, rtmon_read,
	    m) == -1) {
		saved = errno;
		nl_close(&m->nl);
		errno = saved;
		goto fail;
	}
	return m;
fail:
	saved = errno;
	free(m);
	errno = saved;
	return NULL;
}

/*
 * A classic BPF program on the socket: drop in the kernel every
 * notification whose sender port is our own command socket's.  A daemon
 * that installs thousands of routes then never reads their echoes.
 * (BPF loads the field big-endian; nlmsg_pid is in host order.)
 */
int
rtmon_ignore_own(struct rtmon *m)
{
	struct sock_filter	 code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct nlmsghdr, nlmsg_pid)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htonl(m->selfport), 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0),
		BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
	};
	struct sock_fprog	 prog = { 4, code };

	if (m->selfport == 0) {
		errno = EINVAL;
		return -1;
	}
	return setsockopt(nl_fd(&m->nl), SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog));
}

void
rtmon_close(struct rtmon *m)
{
	if (m == NULL || m->dead)
		return;
	ev_io_del(m->loop, &m->io);
	if (m->busy) {
		m->dead = 1;	/* freed when the read callback unwinds */
		return;
	}
	nl_close(&m->nl);
	free(m);
}
