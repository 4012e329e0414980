/*
 * The routing-socket helpers: add, replace, delete, look up and dump IPv6
 * routes with a protocol tag and a metric, multipath routes, batched
 * changes, and route change notifications.  The API carries no netlink
 * types; the Linux backend speaks rtnetlink through libmnl, and a BSD
 * PF_ROUTE backend could stand beside it.
 */
#ifndef T6_RTSOCK_H
#define T6_RTSOCK_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct ev_loop;

/* Route types (what the kernel does with a packet that matches). */
#define RT6_UNICAST	1
#define RT6_UNREACHABLE	2	/* ICMPv6 unreachable, the BSD RTF_REJECT */
#define RT6_BLACKHOLE	3	/* silent drop */
#define RT6_PROHIBIT	4	/* ICMPv6 administratively prohibited */
#define RT6_LOCAL	5	/* a local address (table local) */
#define RT6_OTHER	9	/* anything else the kernel holds */

/* Protocol tags (Linux rtm_protocol values; /etc/iproute2/rt_protos). */
#define RT6_PROTO_UNSPEC	0
#define RT6_PROTO_REDIRECT	1
#define RT6_PROTO_KERNEL	2
#define RT6_PROTO_BOOT		3	/* the default of "ip route add" */
#define RT6_PROTO_STATIC	4
#define RT6_PROTO_RA		9
#define RT6_PROTO_RIP		189

#define RT6_TABLE_MAIN		254
#define RT6_TABLE_LOCAL		255
#define RT6_METRIC_DEFAULT	1024	/* what "ip -6 route add" uses */

/* Route flags reported by the kernel. */
#define RT6_F_CLONED	0x01	/* a cache/exception entry */
#define RT6_F_LINKDOWN	0x02	/* every next hop's link is down */
#define RT6_F_OFFLOAD	0x04

#define RT6_MAXNH	16

struct rt6_nh {
	struct in6_addr	 gw;		/* :: for a directly connected route */
	uint32_t	 ifindex;	/* required for a link-local gw */
	uint8_t		 weight;	/* 1-256 stored as 0-255, as Linux */
	uint8_t		 flags;		/* RT6_F_LINKDOWN per next hop */
};

struct rt6 {
	struct in6_addr	 dst;
	uint8_t		 plen;
	uint8_t		 type;		/* RT6_UNICAST ... */
	uint8_t		 proto;		/* RT6_PROTO_* or any 0-255 */
	uint8_t		 flags;		/* RT6_F_*, reported only */
	uint32_t	 metric;	/* RTA_PRIORITY; 0: kernel default */
	uint32_t	 table;		/* 0: main */
	struct in6_addr	 prefsrc;	/* :: for none */
	uint32_t	 expires;	/* seconds; 0 for none */
	uint32_t	 nhid;		/* a nexthop object (then nnh = 0) */
	int		 nnh;		/* 0 for reject/blackhole types */
	struct rt6_nh	 nh[RT6_MAXNH];
};

/*
 * A unicast route with one next hop: dst/plen via gw on ifindex (none if
 * gw is NULL or :: and ifindex 0).  Host bits of dst are cleared; a plen
 * outside 0-128 leaves a route that every call refuses with -EINVAL.
 */
void	 rt6_init(struct rt6 *, const struct in6_addr *dst, int plen,
	    const struct in6_addr *gw, uint32_t ifindex);
/*
 * Add a next hop (for multipath); weight 1-256, or 0 for the default 1.
 * -1 with errno E2BIG when full, EINVAL for a bad weight.
 */
int	 rt6_add_nh(struct rt6 *, const struct in6_addr *gw, uint32_t ifindex,
	    int weight);
/*
 * One line of text in the manner of "ip -6 route":
 * "2001:db8::/32 via fe80::1 dev eth0 proto rip metric 1024".  Returns
 * buf, cut short if len is too small (RT6_STRLEN always suffices).
 */
#define RT6_STRLEN	2048
char	*rt6_format(const struct rt6 *, char *buf, size_t len);
const char *rt6_type_name(int type);
/* The name of a protocol tag ("rip", "kernel", or the number). */
const char *rt6_proto_name(int proto, char *buf, size_t len);
/* A name or a number 0-255; -1 with errno EINVAL if neither. */
int	 rt6_proto_byname(const char *);

struct rtsock;

/* A command socket (blocking on its own acknowledgements). */
struct rtsock	*rtsock_open(void);
void		 rtsock_close(struct rtsock *);
/*
 * The kernel's own explanation of the last failed request ("Nexthop
 * device required"), or NULL if it gave none.
 */
const char	*rtsock_errmsg(const struct rtsock *);

/*
 * Each returns 0 or a negative errno: -EEXIST (add: the same prefix and
 * metric exist), -ESRCH (del: no such route), -ENETUNREACH, -EINVAL ...
 * A link-local gateway without an ifindex is refused with -EINVAL before
 * anything is sent.  Deleting matches dst/plen, table, proto (if set),
 * metric (if set) and, when nnh > 0, the first next hop.  While a
 * batch is open these (and get, dump, flush) return -EBUSY.
 */
int	 rtsock_add(struct rtsock *, const struct rt6 *);
int	 rtsock_replace(struct rtsock *, const struct rt6 *);
int	 rtsock_del(struct rtsock *, const struct rt6 *);
/*
 * Longest-match lookup of an address, as the kernel would route it: out
 * is the matching route (its own prefix, not a /128).  No route gives
 * -ENETUNREACH; a reject route gives its error instead of itself
 * (-EHOSTUNREACH unreachable, -EACCES prohibit, -EINVAL blackhole).
 */
int	 rtsock_get(struct rtsock *, const struct in6_addr *,
	    uint32_t oif_hint, struct rt6 *out);
/*
 * Dump table (0: main; RT6_TABLE_ALL for every table): cb is called for
 * each IPv6 route; a non-zero return stops the walk and is returned.  An
 * interrupted dump (the table changed under it) is restarted, up to five
 * times, then -EAGAIN.  The whole dump is read before cb is first
 * called, so cb never sees a route twice and may itself change routes
 * through the same rtsock.  Cache (RTM_F_CLONED) entries and
 * source-specific routes are left out.
 */
#define RT6_TABLE_ALL	0xffffffffU
int	 rtsock_dump(struct rtsock *, uint32_t table,
	    int (*cb)(const struct rt6 *, void *), void *arg);
/*
 * Delete every route of one protocol in a table (start-up cleanup of
 * routes a previous run left behind).  Returns the number deleted or a
 * negative errno.
 */
int	 rtsock_flush_proto(struct rtsock *, uint32_t table, int proto);

/*
 * Batched changes: queue many adds/deletes and send them without waiting
 * for each acknowledgement (many per sendmsg); rtsock_batch_end waits
 * for all of them, calls err_cb for each that failed (with its negative
 * errno and the cookie given when it was queued), and returns the number
 * of failures, or a negative errno if the socket failed.  Queuing sends
 * by itself when the buffer is full.  The queuing calls return 0, or a
 * negative errno at once for a route that cannot be sent (-EINVAL: a
 * link-local gateway without ifindex ...; nothing is queued) or when the
 * socket failed; -EBUSY from begin if a batch is already open.
 */
int	 rtsock_batch_begin(struct rtsock *);
int	 rtsock_batch_add(struct rtsock *, const struct rt6 *, void *cookie);
int	 rtsock_batch_replace(struct rtsock *, const struct rt6 *,
	    void *cookie);
int	 rtsock_batch_del(struct rtsock *, const struct rt6 *, void *cookie);
int	 rtsock_batch_end(struct rtsock *,
	    void (*err_cb)(int err, void *cookie, void *arg), void *arg);

/*
 * Nexthop objects (Linux 5.3 and later): a next hop the kernel keeps
 * once, that any number of routes refer to by id (rt6.nhid).  A daemon
 * with thousands of routes through a few neighbours saves the kernel a
 * next-hop set-up per route.  Deleting one deletes the routes that use
 * it.  proto tags it like a route (see rtsock_nh_flush_proto).
 * Each returns 0 or a negative errno: -EEXIST (the id is taken),
 * -ENOENT (no such id), -EOPNOTSUPP or -EINVAL (the kernel has none).
 */
int	 rtsock_nh_add(struct rtsock *, uint32_t id, const struct in6_addr *gw,
	    uint32_t ifindex, int proto);
int	 rtsock_nh_del(struct rtsock *, uint32_t id);
/* Delete every IPv6 nexthop object of a protocol; how many, or -errno. */
int	 rtsock_nh_flush_proto(struct rtsock *, int proto);

/* Change notifications. */
enum rtmon_event {
	RTMON_ADD,	/* a route appeared or changed */
	RTMON_DEL,
};

struct rtmon;

/*
 * Follow IPv6 route changes in loop.  own is true when the change was
 * made through `self` (the daemon's own rtsock), so a daemon can ignore
 * its own echoes (self may be NULL; it may be closed before the rtmon:
 * only its port id is kept).  On notification loss (ENOBUFS) cb is called
 * once with RTMON_ADD, route NULL and own 0: the caller should re-dump
 * (what was still queued then is dropped, being older than the dump).
 * rtmon_close may be called from inside cb.
 */
struct rtmon	*rtmon_open(struct ev_loop *, struct rtsock *self,
		    void (*cb)(enum rtmon_event, const struct rt6 *, int own,
		    void *), void *arg);
/*
 * Stop the changes made through `self` from being reported at all: the
 * kernel drops them (a socket filter), so installing many routes does
 * not cost reading as many echoes.  0, or -1 with errno set.
 */
int		 rtmon_ignore_own(struct rtmon *);
void		 rtmon_close(struct rtmon *);

#endif
