/*
 * Interfaces: which links RIPng runs on (kept current from rtnetlink, so
 * links that appear, go down, come back or change addresses are followed,
 * unlike KAME which read them once), and the prefixes of our addresses.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "ev.h"
#include "ifinfo.h"
#include "in6.h"
#include "log.h"
#include "route6d.h"
#include "scope6.h"
#include "sock6.h"

static const struct in6_addr all_rip_routers = {
	{ { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x09 } }
};

struct rip_if *
iface_find(uint32_t index)
{
	struct rip_if	*ifp;

	TAILQ_FOREACH(ifp, &rd->ifs, entry)
		if (ifp->index == index)
			return ifp;
	return NULL;
}

int
iface_is_own(const struct in6_addr *a)
{
	return ifinfo_find_addr(rd->ifinfo, a, NULL) != NULL;
}

struct out_if *
iface_out(const struct rip_if *ifp, struct out_if *o)
{
	o->name = ifp->name;
	o->ifindex = ifp->index;
	o->mtu = ifp->mtu;
	o->cost = config_cost(&rd->cfg, ifp->name);
	o->loopback = ifp->loopback;
	return o;
}

static void
set_active(struct rip_if *ifp, int active, int link_gone)
{
	char		 a[INET6_ADDRSTRLEN];
	int		 n;

	if (ifp->active == active)
		return;
	ifp->active = active;
	if (active) {
		if (!ifp->joined) {
			if (sock6_join(rd->sock, ifp->index,
			    &all_rip_routers) == -1)
				log_warn("%s: join ff02::9", ifp->name);
			else
				ifp->joined = 1;
		}
		log_info("%s: RIPng running, index %u, mtu %u, link-local %s",
		    ifp->name, ifp->index, ifp->mtu,
		    inet_ntop(AF_INET6, &ifp->lladdr, a, sizeof(a)));
		if (filter_has(&rd->cfg, 'N', ifp->name))
			return;
		/* as KAME: ask the neighbours, and tell them what we know */
		io_send_request(ifp);
		io_send_update(ifp, OUT_REGULAR);
		return;
	}
	if (ifp->joined && !link_gone)
		sock6_leave(rd->sock, ifp->index, &all_rip_routers);
	ifp->joined = 0;
	n = rib_withdraw_if(&rd->rib, ifp->index, ev_now(rd->loop));
	kernel_forget_if(ifp->index);
	log_info("%s: RIPng stopped (%s), %d routes through it withdrawn",
	    ifp->name, link_gone ? "link gone" : "down or no link-local",
	    n);
}

/* Keep the link-local address we use as long as it stays usable. */
static const struct ifinfo_addr *
choose_lladdr(const struct rip_if *ifp, const struct ifinfo_if *ii)
{
	const struct ifinfo_addr	*a;

	TAILQ_FOREACH(a, &ii->addrs, entry)
		if (a->family == AF_INET6 && ifinfo_addr_usable(a) &&
		    IN6_ARE_ADDR_EQUAL(&a->addr, &ifp->lladdr))
			return a;
	return ifinfo_linklocal(ii);
}

/* Bring our record of one interface up to date with the kernel's. */
static void
iface_update(const struct ifinfo_if *ii)
{
	const struct ifinfo_addr	*ll;
	struct rip_if			*ifp;
	int				 active;

	if ((ifp = iface_find(ii->index)) == NULL) {
		if ((ifp = calloc(1, sizeof(*ifp))) == NULL)
			fatal("calloc");
		ifp->index = ii->index;
		TAILQ_INSERT_TAIL(&rd->ifs, ifp, entry);
	}
	if (ifp->name[0] != '\0' && strcmp(ifp->name, ii->name) != 0)
		log_info("%s: renamed to %s", ifp->name, ii->name);
	strlcpy(ifp->name, ii->name, sizeof(ifp->name));
	ifp->flags = ii->flags;
	ifp->mtu = ii->mtu;
	ifp->loopback = (ii->flags & IFF_LOOPBACK) != 0;
	ifp->p2p = (ii->flags & IFF_POINTOPOINT) != 0;
	if (ifp->loopback)
		rd->lo_index = ii->index;
	ifp->seen = 1;
	ll = choose_lladdr(ifp, ii);
	if (ll != NULL)
		ifp->lladdr = ll->addr;
	/*
	 * RIPng needs multicast and a usable (not tentative) link-local
	 * address; an interface that lacks one now is picked up when it
	 * gets one (KAME refused to start instead).
	 */
	active = !ifp->loopback && (ii->flags & IFF_UP) &&
	    (ii->flags & IFF_RUNNING) && (ii->flags & IFF_MULTICAST) &&
	    ll != NULL;
	set_active(ifp, active, 0);
}

static void
iface_gone(uint32_t index)
{
	struct rip_if	*ifp = iface_find(index);

	if (ifp == NULL)
		return;
	set_active(ifp, 0, 1);
	log_info("%s: interface removed", ifp->name);
	TAILQ_REMOVE(&rd->ifs, ifp, entry);
	free(ifp);
}

/* Is this one of the addresses whose prefix we originate? */
static int
originated(const struct ifinfo_addr *a)
{
	if (a->family != AF_INET6 || !ifinfo_addr_usable(a))
		return 0;
	if (IN6_IS_ADDR_LINKLOCAL(&a->addr) || IN6_IS_ADDR_LOOPBACK(&a->addr) ||
	    IN6_IS_ADDR_MULTICAST(&a->addr) ||
	    IN6_IS_ADDR_UNSPECIFIED(&a->addr) ||
	    IN6_IS_ADDR_V4MAPPED(&a->addr))
		return 0;
	if (IN6_IS_ADDR_SITELOCAL(&a->addr) && !rd->cfg.lflag)
		return 0;
	return 1;
}

struct want {
	struct in6_addr	 prefix;
	int		 plen;
	enum rt_kind	 kind;
	struct in6_addr	 gw;
	uint32_t	 ifindex;
	unsigned	 cost;
};

static int
want_add(struct want **w, size_t *n, size_t *cap, const struct want *one)
{
	size_t	 i;

	for (i = 0; i < *n; i++)
		if ((*w)[i].plen == one->plen &&
		    IN6_ARE_ADDR_EQUAL(&(*w)[i].prefix, &one->prefix))
			return 0;	/* the first interface keeps it */
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct want *nw = reallocarray(*w, ncap, sizeof(*nw));

		if (nw == NULL)
			fatal("reallocarray");
		*w = nw;
		*cap = ncap;
	}
	(*w)[(*n)++] = *one;
	return 1;
}

/*
 * Make the RIB's interface routes match the addresses we have now: the
 * prefix of each address on an interface that is up (point-to-point
 * links: our address and the peer's, as /128s, the "gated" model); the
 * routes of addresses that went away are withdrawn, which tells the
 * neighbours.
 */
void
iface_sync_all(uint64_t now)
{
	struct ifinfo_if		*ii;
	const struct ifinfo_addr	*a;
	struct rt_entry			*rt, *next;
	struct want			*w = NULL, one;
	size_t				 n = 0, cap = 0, i;
	int				 found;

	for (ii = ifinfo_first(rd->ifinfo); ii != NULL;
	    ii = ifinfo_next(ii)) {
		if ((ii->flags & IFF_LOOPBACK) || !(ii->flags & IFF_UP) ||
		    !(ii->flags & IFF_RUNNING))
			continue;
		memset(&one, 0, sizeof(one));
		one.ifindex = ii->index;
		one.cost = config_cost(&rd->cfg, ii->name);
		TAILQ_FOREACH(a, &ii->addrs, entry) {
			if (!originated(a))
				continue;
			if ((ii->flags & IFF_POINTOPOINT) &&
			    !IN6_IS_ADDR_UNSPECIFIED(&a->peer) &&
			    !IN6_ARE_ADDR_EQUAL(&a->peer, &a->addr)) {
				one.kind = RT_P2P;
				one.prefix = a->addr;
				one.plen = 128;
				memset(&one.gw, 0, sizeof(one.gw));
				one.gw.s6_addr[15] = 1;		/* ::1 */
				want_add(&w, &n, &cap, &one);
				if (!IN6_IS_ADDR_LINKLOCAL(&a->peer)) {
					one.prefix = a->peer;
					one.gw = a->addr;
					want_add(&w, &n, &cap, &one);
				}
				continue;
			}
			one.kind = RT_IFACE;
			one.prefix = a->addr;
			one.plen = a->plen;
			in6_applyplen(&one.prefix, one.plen);
			one.gw = a->addr;
			want_add(&w, &n, &cap, &one);
		}
	}
	for (i = 0; i < n; i++)
		rib_local(&rd->rib, w[i].kind, &w[i].prefix, w[i].plen,
		    (uint8_t)(1 + (w[i].cost < 15 ? w[i].cost : 15)),
		    rd->cfg.tag, &w[i].gw, w[i].ifindex, 0);
	for (rt = rib_first(&rd->rib); rt != NULL; rt = next) {
		next = rib_next(&rd->rib, rt);
		if ((rt->kind != RT_IFACE && rt->kind != RT_P2P) ||
		    (rt->flags & RT_F_GARBAGE))
			continue;
		for (found = 0, i = 0; i < n && !found; i++)
			found = w[i].plen == rt->plen &&
			    IN6_ARE_ADDR_EQUAL(&w[i].prefix, &rt->prefix);
		if (!found)
			rib_withdraw(&rd->rib, rt, now);
	}
	free(w);
}

/*
 * Every change is handled after the notification has been applied and
 * its callback has returned (so a deleted address or link is really
 * gone), by comparing the whole table: a burst of changes costs one pass.
 */
static void
resync(struct ev_timer *t, void *arg)
{
	struct ifinfo_if	*ii;
	struct rip_if		*ifp, *next;

	/* our prefixes first, so an interface coming up announces them */
	iface_sync_all(ev_now(rd->loop));
	TAILQ_FOREACH(ifp, &rd->ifs, entry)
		ifp->seen = 0;
	for (ii = ifinfo_first(rd->ifinfo); ii != NULL; ii = ifinfo_next(ii))
		iface_update(ii);
	for (ifp = TAILQ_FIRST(&rd->ifs); ifp != NULL; ifp = next) {
		next = TAILQ_NEXT(ifp, entry);
		if (!ifp->seen)
			iface_gone(ifp->index);
	}
	after_event();
}

static struct ev_timer	 t_resync;

static void
ifinfo_event(struct ifinfo *ifi, const struct ifinfo_event *ev, void *arg)
{
	char	 a[INET6_ADDRSTRLEN];

	if ((ev->type == IFINFO_ADDR_NEW || ev->type == IFINFO_ADDR_DEL ||
	    ev->type == IFINFO_ADDR_CHANGE) && ev->addr->family == AF_INET6)
		log_debug("%s: address %s/%u %s (flags 0x%x)", ev->ifp->name,
		    inet_ntop(AF_INET6, &ev->addr->addr, a, sizeof(a)),
		    ev->addr->plen, ifinfo_event_name(ev->type),
		    ev->addr->flags);
	else
		log_debug("%s: %s (flags 0x%x)", ev->ifp->name,
		    ifinfo_event_name(ev->type), ev->ifp->flags);
	if (!ev_timer_pending(&t_resync))
		ev_timer_add(rd->loop, &t_resync, 0);
}

void
iface_init(void)
{
	TAILQ_INIT(&rd->ifs);
	ev_timer_init(&t_resync, resync, NULL);
	rd->ifinfo = ifinfo_open(rd->loop, 0, ifinfo_event, NULL);
	if (rd->ifinfo == NULL)
		fatal("cannot read the interfaces (rtnetlink)");
}

/* The first pass, at start-up (after the socket is open). */
void
iface_start(void)
{
	resync(&t_resync, NULL);
}
