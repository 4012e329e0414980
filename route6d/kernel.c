/*
 * The kernel side: our routes go into the FIB with our protocol tag
 * (proto rip) in batches; static routes are imported; changes made by
 * others are followed, and what we did not install is never deleted.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ev.h"
#include "ifinfo.h"
#include "in6.h"
#include "log.h"
#include "route6d.h"
#include "rtsock.h"
#include "scope6.h"

/*
 * A nexthop object per neighbour: every route through it refers to it
 * by id, which spares the kernel setting up a next hop per route (about
 * a third of the cost of adding one).  Kernels without them get plain
 * gateways.
 */
struct knh {
	TAILQ_ENTRY(knh)	 entry;
	struct in6_addr		 gw;
	uint32_t		 ifindex;
	uint32_t		 id;		/* 0: gone with its interface */
	unsigned		 refs;		/* our routes queued or in it */
};
static TAILQ_HEAD(, knh)	 knhs = TAILQ_HEAD_INITIALIZER(knhs);
static int			 use_nh = 1;
static uint32_t			 next_nhid;

static void	kernel_queue(struct rt_entry *, int, void *);
static void	kernel_unqueue(struct rt_entry *, void *);

const struct rib_hooks kernel_hooks = { kernel_queue, kernel_unqueue, NULL };

static void
gw_text(const struct in6_addr *gw, uint32_t ifindex, char *buf, size_t len)
{
	if (scope6_ntop(gw, ifindex, buf, len) == NULL)
		strlcpy(buf, "?", len);
}

static struct knh *
knh_find_id(uint32_t id)
{
	struct knh	*n;

	TAILQ_FOREACH(n, &knhs, entry)
		if (n->id == id)
			return n;
	return NULL;
}

/* The nexthop object for a neighbour, made if need be; 0 for none. */
static uint32_t
knh_get(const struct in6_addr *gw, uint32_t ifindex)
{
	struct knh	*n;
	int		 err, tries;

	if (!use_nh || rd->rs == NULL)
		return 0;
	TAILQ_FOREACH(n, &knhs, entry)
		if (n->id != 0 && n->ifindex == ifindex &&
		    IN6_ARE_ADDR_EQUAL(&n->gw, gw))
			break;
	if (n == NULL) {
		if ((n = calloc(1, sizeof(*n))) == NULL)
			return 0;
		n->gw = *gw;
		n->ifindex = ifindex;
		/* ids are shared with other daemons: skip taken ones */
		for (tries = 0; tries < 64; tries++) {
			if (next_nhid == 0)
				next_nhid = 0x52490000 + (arc4random() & 0xffff);
			n->id = next_nhid++;
			err = rtsock_nh_add(rd->rs, n->id, gw, ifindex,
			    rd->cfg.proto);
			if (err != -EEXIST)
				break;
		}
		if (err != 0) {
			if (err == -EOPNOTSUPP || err == -EINVAL) {
				log_info("no nexthop objects in this kernel "
				    "(%s): routes carry their gateways",
				    strerror(-err));
				use_nh = 0;
			} else
				log_warnx("nexthop object: %s", strerror(-err));
			free(n);
			return 0;
		}
		TAILQ_INSERT_TAIL(&knhs, n, entry);
	}
	n->refs++;
	return n->id;
}

static void
knh_put(uint32_t id)
{
	struct knh	*n;

	if (id != 0 && (n = knh_find_id(id)) != NULL && n->refs > 0)
		n->refs--;
}

/* Delete the objects no route of ours uses any more (after a flush). */
static void
knh_sweep(void)
{
	struct knh	*n, *next;

	for (n = TAILQ_FIRST(&knhs); n != NULL; n = next) {
		next = TAILQ_NEXT(n, entry);
		if (n->refs > 0)
			continue;
		if (n->id != 0 && rd->rs != NULL)
			rtsock_nh_del(rd->rs, n->id);
		TAILQ_REMOVE(&knhs, n, entry);
		free(n);
	}
}

/*
 * An interface went away or down: the kernel deletes the nexthop
 * objects on it (with the routes); make sure, and never use them again.
 */
void
kernel_forget_if(uint32_t ifindex)
{
	struct knh	*n;

	TAILQ_FOREACH(n, &knhs, entry)
		if (n->ifindex == ifindex && n->id != 0) {
			if (rd->rs != NULL)
				rtsock_nh_del(rd->rs, n->id);
			n->id = 0;
		}
}

/* Queue one change for the next flush, and log it (-d, -R). */
static void
kop_queue(struct rt_entry *rt, char op)
{
	struct kop	*k;
	char		 p[IN6_PREFIXSTRLEN], g[SCOPE6_STRLEN];

	if (rd->nkops == rd->capkops) {
		size_t ncap = rd->capkops ? rd->capkops * 2 : 256;

		k = reallocarray(rd->kops, ncap, sizeof(*k));
		if (k == NULL)
			fatal("reallocarray");
		rd->kops = k;
		rd->capkops = ncap;
	}
	k = &rd->kops[rd->nkops++];
	memset(k, 0, sizeof(*k));
	k->op = op;
	k->prefix = rt->prefix;
	k->plen = rt->plen;
	k->gw = rt->gw;
	k->ifindex = rt->ifindex;
	k->reject = rt->kind == RT_AGGREGATE;
	/* the route's hold on its nexthop object follows the change */
	knh_put(rt->knh);
	rt->knh = 0;
	if (op != 'd' && !k->reject)
		rt->knh = k->nhid = knh_get(&rt->gw, rt->ifindex);
	if (rd->routelog == NULL && !rd->cfg.debug)
		return;
	in6_prefix_format(&rt->prefix, rt->plen, p, sizeof(p));
	gw_text(&rt->gw, rt->ifindex, g, sizeof(g));
	if (op == 'd') {
		log_debug("DEL: %s gw %s", p, g);
		routelog_write("DEL: %s gw %s", p, g);
	} else {
		log_debug("ADD: %s gw %s [%u]", p, g, rt->metric - 1);
		routelog_write("%s: %s gw %s [%u]", op == 'r' ? "CHANGE" :
		    "ADD", p, g, rt->metric - 1);
	}
}

static void
kernel_queue(struct rt_entry *rt, int replace, void *arg)
{
	if (!rd->shutting_down)
		kop_queue(rt, replace ? 'r' : 'a');
}

static void
kernel_unqueue(struct rt_entry *rt, void *arg)
{
	kop_queue(rt, 'd');
}

static void
kop_route(const struct kop *k, struct rt6 *r)
{
	if (k->reject) {
		memset(r, 0, sizeof(*r));
		r->dst = k->prefix;
		r->plen = k->plen;
		r->type = RT6_UNREACHABLE;
	} else if (k->nhid != 0) {
		memset(r, 0, sizeof(*r));
		r->dst = k->prefix;
		r->plen = k->plen;
		r->type = RT6_UNICAST;
		r->nhid = k->nhid;
	} else
		rt6_init(r, &k->prefix, k->plen, &k->gw, k->ifindex);
	r->proto = rd->cfg.proto;
	r->metric = rd->cfg.kmetric;
	r->table = RT6_TABLE_MAIN;
	if (k->op == 'd')
		r->nnh = 0;	/* match on prefix, metric and proto only */
}

static void
batch_error(int err, void *cookie, void *arg)
{
	const struct kop	*k = &rd->kops[(uintptr_t)cookie];
	char			 p[IN6_PREFIXSTRLEN], g[SCOPE6_STRLEN];

	in6_prefix_format(&k->prefix, k->plen, p, sizeof(p));
	gw_text(&k->gw, k->ifindex, g, sizeof(g));
	/* the kernel drops routes of a link that went down: not an error */
	if (k->op == 'd' && err == -ESRCH) {
		log_debug("RTDEL: Route does not exist: %s gw %s", p, g);
		return;
	}
	rd->stats.kernel_errors++;
	if (err == -EEXIST) {
		log_warnx("ADD: Route already exists %s gw %s", p, g);
		routelog_write("ADD: Route already exists %s gw %s", p, g);
		return;
	}
	log_warnx("Can not write to rtsock (%s): %s gw %s: %s",
	    k->op == 'd' ? "delroute" : "addroute", p, g, strerror(-err));
	routelog_write("\tCan not write to rtsock: %s", strerror(-err));
}

/* Send what the last event queued, in as few system calls as can be. */
void
kernel_flush(void)
{
	struct rt6	 r;
	size_t		 i;
	int		 rc;

	if (rd->nkops == 0)
		return;
	if (rd->rs == NULL) {		/* -n: logged, not done */
		rd->nkops = 0;
		return;
	}
	rtsock_batch_begin(rd->rs);
	for (i = 0; i < rd->nkops; i++) {
		kop_route(&rd->kops[i], &r);
		switch (rd->kops[i].op) {
		case 'a':
			rd->stats.kernel_adds++;
			rc = rtsock_batch_add(rd->rs, &r, (void *)(uintptr_t)i);
			break;
		case 'r':
			rd->stats.kernel_adds++;
			rc = rtsock_batch_replace(rd->rs, &r,
			    (void *)(uintptr_t)i);
			break;
		default:
			rd->stats.kernel_dels++;
			rc = rtsock_batch_del(rd->rs, &r, (void *)(uintptr_t)i);
			break;
		}
		if (rc < 0)
			log_warnx("route batch: %s", strerror(-rc));
	}
	rc = rtsock_batch_end(rd->rs, batch_error, NULL);
	if (rc < 0)
		log_warnx("route batch: %s", strerror(-rc));
	rd->nkops = 0;
	knh_sweep();
}

/* At exit, after the routes: the nexthop objects go too. */
void
kernel_shutdown(void)
{
	struct knh	*n;

	TAILQ_FOREACH(n, &knhs, entry)
		n->refs = 0;
	knh_sweep();
}

/* Should a kernel route be imported, and as what? */
static int
importable(const struct rt6 *r)
{
	if (r->table != 0 && r->table != RT6_TABLE_MAIN)
		return 0;
	if (r->flags & RT6_F_CLONED)
		return 0;
	if (r->proto != RT6_PROTO_BOOT && r->proto != RT6_PROTO_STATIC &&
	    !rd->cfg.keep_proto[r->proto])
		return 0;
	if (r->type != RT6_UNICAST && r->type != RT6_UNREACHABLE &&
	    r->type != RT6_PROHIBIT)
		return 0;
	if (IN6_IS_ADDR_LINKLOCAL(&r->dst) || IN6_IS_ADDR_MULTICAST(&r->dst) ||
	    (IN6_IS_ADDR_LOOPBACK(&r->dst) && r->plen == 128))
		return 0;
	if (r->type == RT6_UNICAST && (r->nnh == 0 ||
	    ifinfo_by_index(rd->ifinfo, r->nh[0].ifindex) == NULL))
		return 0;
	return 1;
}

static void
import_one(const struct rt6 *r, uint64_t now)
{
	struct rt_entry	*rt;
	struct in6_addr	 gw;
	uint32_t	 ifindex = 0;
	char		 p[IN6_PREFIXSTRLEN];

	memset(&gw, 0, sizeof(gw));
	if (r->nnh > 0) {
		gw = r->nh[0].gw;
		ifindex = r->nh[0].ifindex;
	}
	rt = rib_find(&rd->rib, &r->dst, r->plen);
	/* an interface route or aggregate of ours covers it already */
	if (rt != NULL && rt->kind != RT_STATIC && rt->kind != RT_LEARNED)
		return;
	/* -a: statics age like learned routes unless RIPng refreshes them */
	rt = rib_local(&rd->rib, RT_STATIC, &r->dst, r->plen, 1, 0, &gw,
	    ifindex, rd->cfg.aflag ? now : 0);
	if (rt == NULL)
		return;
	rt->kproto = r->proto;
	if (r->type != RT6_UNICAST)
		rt->flags |= RT_F_REJECT;
	if (!IN6_IS_ADDR_UNSPECIFIED(&gw) && !IN6_IS_ADDR_LINKLOCAL(&gw)) {
		rt->flags |= RT_F_NH_NOT_LL;
		log_debug("***** Gateway of %s is not a link-local address.",
		    in6_prefix_format(&r->dst, r->plen, p, sizeof(p)));
	}
}

static int
import_cb(const struct rt6 *r, void *arg)
{
	uint64_t	 now = *(uint64_t *)arg;

	if (importable(r))
		import_one(r, now);
	return 0;
}

void
kernel_import(uint64_t now)
{
	int	 rc;

	if (rd->rs == NULL)
		return;
	rc = rtsock_dump(rd->rs, RT6_TABLE_MAIN, import_cb, &now);
	if (rc < 0)
		log_warnx("reading the kernel routing table: %s",
		    strerror(-rc));
}

/* A route changed in the kernel, by someone else or by the kernel. */
static void
monitor(enum rtmon_event ev, const struct rt6 *r, int own, void *arg)
{
	struct rt_entry	*rt;
	uint64_t	 now = ev_now(rd->loop);
	char		 p[IN6_PREFIXSTRLEN];

	if (r == NULL) {
		/* notifications were lost: read the table again */
		log_info("route monitor overrun, re-reading the kernel table");
		kernel_import(now);
		after_event();
		return;
	}
	if (own)
		return;
	if (r->proto == rd->cfg.proto) {
		rt = rib_find(&rd->rib, &r->dst, r->plen);
		/*
		 * One of our routes was deleted behind our back: put it
		 * back while the RIB still uses it (KAME never did: K7).
		 */
		if (ev == RTMON_DEL && rt != NULL &&
		    (rt->flags & RT_F_INSTALLED) &&
		    !(rt->flags & RT_F_GARBAGE) && iface_find(rt->ifindex) &&
		    iface_find(rt->ifindex)->active) {
			log_info("route %s deleted by someone else, restored",
			    in6_prefix_format(&rt->prefix, rt->plen, p,
			    sizeof(p)));
			kernel_queue(rt, 0, NULL);
			after_event();
		}
		return;
	}
	if (!importable(r))
		return;
	if (ev == RTMON_ADD)
		import_one(r, now);
	else if ((rt = rib_find(&rd->rib, &r->dst, r->plen)) != NULL &&
	    rt->kind == RT_STATIC)
		rib_withdraw(&rd->rib, rt, now);
	after_event();
}

int
kernel_open(void)
{
	int	 n;
	char	 pbuf[16];

	if (rd->cfg.nflag)
		return 0;
	if ((rd->rs = rtsock_open()) == NULL)
		fatal("cannot open the routing socket (rtnetlink)");
	/* routes with our tag were left by an earlier run: not valid now */
	n = rtsock_flush_proto(rd->rs, RT6_TABLE_MAIN, rd->cfg.proto);
	if (n < 0) {
		errno = -n;
		fatal("cannot remove stale routes (proto %s)",
		    rt6_proto_name(rd->cfg.proto, pbuf, sizeof(pbuf)));
	}
	if (n > 0)
		log_info("removed %d stale routes (proto %s) of an earlier "
		    "run", n, rt6_proto_name(rd->cfg.proto, pbuf,
		    sizeof(pbuf)));
	if ((n = rtsock_nh_flush_proto(rd->rs, rd->cfg.proto)) > 0)
		log_info("removed %d stale nexthop objects of an earlier run",
		    n);
	rd->mon = rtmon_open(rd->loop, rd->rs, monitor, NULL);
	if (rd->mon == NULL)
		fatal("cannot follow route changes (rtnetlink)");
	/* our own changes need no echo: the kernel filters them out */
	if (rtmon_ignore_own(rd->mon) == -1)
		log_warn("route monitor filter");
	return 0;
}

void
kernel_close(void)
{
	rtmon_close(rd->mon);
	rd->mon = NULL;
	rtsock_close(rd->rs);
	rd->rs = NULL;
}
