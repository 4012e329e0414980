/*
 * The RIB and the update rules of RFC 2080 sections 2.3 and 2.4.2: pure
 * logic driven by received RTEs, local routes and the time; the kernel
 * is reached only through the install/uninstall hooks.
 */
#include <stdlib.h>
#include <string.h>

#include "in6.h"
#include "route6d.h"

int
rt_cmp(const struct rt_entry *a, const struct rt_entry *b)
{
	int	 c = memcmp(&a->prefix, &b->prefix, sizeof(a->prefix));

	if (c != 0)
		return c;
	return (int)a->plen - (int)b->plen;
}

RB_GENERATE(rib_tree, rt_entry, tree, rt_cmp)

void
rib_init(struct rib *rib, const struct rib_hooks *hooks, uint64_t t_timeout,
    uint64_t t_garbage, size_t max)
{
	memset(rib, 0, sizeof(*rib));
	RB_INIT(&rib->head);
	if (hooks != NULL)
		rib->hooks = *hooks;
	rib->t_timeout = t_timeout;
	rib->t_garbage = t_garbage;
	rib->max = max;
	/*
	 * Deadlines are rounded up to a 64th of the timeout, so one timer
	 * pass serves every route that was refreshed by the same burst of
	 * updates, however many there are.
	 */
	rib->granule = t_timeout / 64 > 0 ? t_timeout / 64 : 1;
}

void
rib_clear(struct rib *rib)
{
	struct rt_entry	*rt;

	while ((rt = RB_MIN(rib_tree, &rib->head)) != NULL) {
		RB_REMOVE(rib_tree, &rib->head, rt);
		free(rt);
	}
	rib->count = 0;
}

struct rt_entry *
rib_find(struct rib *rib, const struct in6_addr *prefix, int plen)
{
	struct rt_entry	 key;

	memset(&key, 0, sizeof(key));
	key.prefix = *prefix;
	key.plen = (uint8_t)plen;
	return RB_FIND(rib_tree, &rib->head, &key);
}

struct rt_entry *
rib_first(struct rib *rib)
{
	return RB_MIN(rib_tree, &rib->head);
}

struct rt_entry *
rib_next(struct rib *rib, struct rt_entry *rt)
{
	return RB_NEXT(rib_tree, &rib->head, rt);
}

static uint64_t
round_up(const struct rib *rib, uint64_t t)
{
	return (t + rib->granule - 1) / rib->granule * rib->granule;
}

/* Every deadline goes through here, so rib->soonest is never late. */
static void
set_deadline(struct rib *rib, struct rt_entry *rt, uint64_t when)
{
	rt->deadline = round_up(rib, when);
	if (rib->soonest == 0 || rt->deadline < rib->soonest)
		rib->soonest = rt->deadline;
}

static void
mark_changed(struct rib *rib, struct rt_entry *rt)
{
	if (!(rt->flags & RT_F_CHANGED)) {
		rt->flags |= RT_F_CHANGED;
		rib->nchanged++;
	}
	rib->trigger = 1;
}

void
rib_clear_changed(struct rib *rib)
{
	struct rt_entry	*rt;

	if (rib->nchanged == 0)
		return;
	RB_FOREACH(rt, rib_tree, &rib->head)
		rt->flags &= ~RT_F_CHANGED;
	rib->nchanged = 0;
	rib->trigger = 0;
}

static void
kernel_install(struct rib *rib, struct rt_entry *rt, int replace)
{
	if (rib->hooks.install != NULL)
		rib->hooks.install(rt, replace, rib->hooks.arg);
	rt->flags |= RT_F_INSTALLED;
}

static void
kernel_uninstall(struct rib *rib, struct rt_entry *rt)
{
	if (!(rt->flags & RT_F_INSTALLED))
		return;
	if (rib->hooks.uninstall != NULL)
		rib->hooks.uninstall(rt, rib->hooks.arg);
	rt->flags &= ~RT_F_INSTALLED;
}

/* Only routes we learned go to the kernel; local ones are already there. */
static int
wants_kernel(const struct rt_entry *rt)
{
	return rt->kind == RT_LEARNED || rt->kind == RT_AGGREGATE;
}

/* Refresh the timeout of a live route. */
static void
refresh(struct rib *rib, struct rt_entry *rt, uint64_t now)
{
	rt->updated = now;
	set_deadline(rib, rt, now + rib->t_timeout);
}

/* Take a new next hop (cases c and g): replace the kernel route. */
static void
switch_to(struct rib *rib, struct rt_entry *rt, const struct rip6_rte *rte,
    uint8_t metric, const struct in6_addr *nh, uint32_t ifindex,
    uint64_t now)
{
	int	 was_installed = (rt->flags & RT_F_INSTALLED) != 0;

	rt->gw = *nh;
	rt->ifindex = ifindex;
	rt->tag = rte->tag;
	rt->metric = metric;
	rt->kind = RT_LEARNED;
	rt->flags &= ~(RT_F_GARBAGE | RT_F_NH_NOT_LL | RT_F_REJECT |
	    RT_F_NOADV);
	refresh(rib, rt, now);
	/* an atomic replace: no window without a route (KAME deletes first) */
	kernel_install(rib, rt, was_installed);
	mark_changed(rib, rt);
}

int
rib_input(struct rib *rib, const struct rip6_rte *rte,
    const struct in6_addr *nh, uint32_t ifindex, uint64_t now)
{
	struct rt_entry	*rt;
	uint8_t		 mn = rte->metric;
	int		 same;

	if (mn > RIP6_INFINITY)
		mn = RIP6_INFINITY;
	rt = rib_find(rib, &rte->prefix, rte->plen);
	if (rt == NULL) {
		if (mn >= RIP6_INFINITY)		/* case k */
			return 0;
		if (rib->max > 0 && rib->count >= rib->max) {
			rib->drops_full++;
			return 0;
		}
		if ((rt = calloc(1, sizeof(*rt))) == NULL) {
			rib->drops_full++;
			return 0;
		}
		rt->prefix = rte->prefix;
		rt->plen = rte->plen;
		rt->kind = RT_LEARNED;
		rt->metric = mn;
		rt->tag = rte->tag;
		rt->gw = *nh;
		rt->ifindex = ifindex;
		refresh(rib, rt, now);
		RB_INSERT(rib_tree, &rib->head, rt);
		rib->count++;
		kernel_install(rib, rt, 0);		/* case j */
		mark_changed(rib, rt);
		return 1;
	}
	/* Case a: a local route is better than anything heard. */
	if (rt->updated == 0)
		return 0;
	same = rt->ifindex == ifindex && IN6_ARE_ADDR_EQUAL(&rt->gw, nh) &&
	    rt->kind == RT_LEARNED;
	if (mn < rt->metric) {
		if (same) {				/* case b */
			rt->metric = mn;
			rt->tag = rte->tag;
			refresh(rib, rt, now);
			if (rt->flags & RT_F_GARBAGE) {
				/* back from the dead: into the kernel again */
				rt->flags &= ~RT_F_GARBAGE;
				kernel_install(rib, rt, 0);
			}
			mark_changed(rib, rt);
			return 1;
		}
		switch_to(rib, rt, rte, mn, nh, ifindex, now);	/* case c */
		return 1;
	}
	if (mn > rt->metric) {
		if (!same)				/* case e */
			return 0;
		rt->metric = mn;			/* case d */
		rt->tag = rte->tag;
		if (mn >= RIP6_INFINITY)
			/*
			 * RFC 2080 2.4.2: start the deletion process now and
			 * do not restart the timeout (KAME refreshed it and
			 * kept forwarding to the gateway for up to 300 s).
			 */
			rib_withdraw(rib, rt, now);
		else {
			refresh(rib, rt, now);
			mark_changed(rib, rt);
		}
		return 1;
	}
	/* Equal metrics. */
	if (mn >= RIP6_INFINITY)			/* case i */
		return 0;
	if (same) {					/* case f */
		refresh(rib, rt, now);
		if (rt->tag != rte->tag) {
			rt->tag = rte->tag;
			mark_changed(rib, rt);
			return 1;
		}
		return 0;
	}
	/*
	 * Case g: the same metric from elsewhere, and the current route is
	 * at least half way to its timeout: the current gateway may be
	 * fading, so switch (RFC 2080 2.4.2).  KAME set the changed flag but
	 * forgot the trigger; we trigger.  Otherwise keep it (case h): no
	 * flapping between equal paths.
	 */
	if (now - rt->updated >= rib->t_timeout / 2) {
		switch_to(rib, rt, rte, mn, nh, ifindex, now);
		return 1;
	}
	return 0;
}

struct rt_entry *
rib_local(struct rib *rib, enum rt_kind kind, const struct in6_addr *prefix,
    int plen, uint8_t metric, uint16_t tag, const struct in6_addr *gw,
    uint32_t ifindex, uint64_t now)
{
	struct rt_entry	*rt;
	struct in6_addr	 none;
	int		 changed = 0;

	memset(&none, 0, sizeof(none));
	if (gw == NULL)
		gw = &none;
	rt = rib_find(rib, prefix, plen);
	if (rt != NULL && rt->kind == RT_LEARNED) {
		/* A local route replaces what a neighbour told us. */
		kernel_uninstall(rib, rt);
		changed = 1;
	}
	if (rt == NULL) {
		if ((rt = calloc(1, sizeof(*rt))) == NULL)
			return NULL;
		rt->prefix = *prefix;
		rt->plen = (uint8_t)plen;
		RB_INSERT(rib_tree, &rib->head, rt);
		rib->count++;
		changed = 1;
	}
	if (rt->kind != kind || rt->metric != metric || rt->tag != tag ||
	    rt->ifindex != ifindex || !IN6_ARE_ADDR_EQUAL(&rt->gw, gw) ||
	    (rt->flags & RT_F_GARBAGE))
		changed = 1;
	rt->kind = kind;
	rt->metric = metric;
	rt->tag = tag;
	rt->gw = *gw;
	rt->ifindex = ifindex;
	rt->flags &= ~RT_F_GARBAGE;
	/* "now" is 0 for a local route that never ages (the usual case) */
	rt->updated = now;
	rt->deadline = 0;
	if (now != 0)
		set_deadline(rib, rt, now + rib->t_timeout);
	if (changed) {
		if (wants_kernel(rt))
			kernel_install(rib, rt, (rt->flags & RT_F_INSTALLED)
			    != 0);
		mark_changed(rib, rt);
	}
	return rt;
}

void
rib_withdraw(struct rib *rib, struct rt_entry *rt, uint64_t now)
{
	if (rt->flags & RT_F_GARBAGE)
		return;
	if (rt->kind == RT_LEARNED)
		rib->lost = 1;
	rt->metric = RIP6_INFINITY;
	rt->flags |= RT_F_GARBAGE;
	/* a withdrawn local route has an age now, so it can be collected */
	if (rt->updated == 0)
		rt->updated = now;
	set_deadline(rib, rt, now + rib->t_garbage);
	kernel_uninstall(rib, rt);
	mark_changed(rib, rt);
}

int
rib_withdraw_if(struct rib *rib, uint32_t ifindex, uint64_t now)
{
	struct rt_entry	*rt;
	int		 n = 0;

	RB_FOREACH(rt, rib_tree, &rib->head) {
		if (rt->ifindex != ifindex || (rt->flags & RT_F_GARBAGE))
			continue;
		if (rt->kind == RT_STATIC || rt->kind == RT_AGGREGATE)
			continue;	/* the kernel route tells their fate */
		rib_withdraw(rib, rt, now);
		n++;
	}
	return n;
}

int
rib_withdraw_neighbor(struct rib *rib, const struct in6_addr *nh,
    uint32_t ifindex, uint64_t now)
{
	struct rt_entry	*rt;
	int		 n = 0;

	RB_FOREACH(rt, rib_tree, &rib->head) {
		if (rt->kind != RT_LEARNED || rt->ifindex != ifindex ||
		    !IN6_ARE_ADDR_EQUAL(&rt->gw, nh) ||
		    (rt->flags & RT_F_GARBAGE))
			continue;
		rib_withdraw(rib, rt, now);
		n++;
	}
	return n;
}

void
rib_remove(struct rib *rib, struct rt_entry *rt)
{
	kernel_uninstall(rib, rt);
	if (rt->flags & RT_F_CHANGED)
		rib->nchanged--;
	RB_REMOVE(rib_tree, &rib->head, rt);
	rib->count--;
	free(rt);
}

uint64_t
rib_age(struct rib *rib, uint64_t now)
{
	struct rt_entry	*rt, *next;

	if (rib->soonest == 0 || rib->soonest > now)
		return rib->soonest;
	rib->soonest = 0;
	for (rt = RB_MIN(rib_tree, &rib->head); rt != NULL; rt = next) {
		next = RB_NEXT(rib_tree, &rib->head, rt);
		if (rt->deadline == 0)
			continue;
		if (rt->deadline <= now) {
			if (rt->flags & RT_F_GARBAGE) {
				rib_remove(rib, rt);
				continue;
			}
			/* timeout: out of service at once (RFC 2080 2.3) */
			rib_withdraw(rib, rt, now);
		}
		if (rib->soonest == 0 || rt->deadline < rib->soonest)
			rib->soonest = rt->deadline;
	}
	return rib->soonest;
}

uint64_t
rib_soonest(const struct rib *rib)
{
	return rib->soonest;
}
