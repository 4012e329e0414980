/*
 * Building responses for one interface (RFC 2080 section 2.5, KAME's
 * ripsend): filters, split horizon (optionally with poisoned reverse),
 * static-route rules, next-hop RTEs and packetisation.  Pure: packets go
 * to a callback.
 */
#include <fnmatch.h>
#include <string.h>

#include "in6.h"
#include "route6d.h"

int
filter_match_if(const struct filter *f, const char *ifname)
{
	return fnmatch(f->ifpat, ifname, 0) == 0;
}

int
filter_has(const struct config *cfg, char type, const char *ifname)
{
	const struct filter	*f;

	TAILQ_FOREACH(f, &cfg->filters, entry)
		if (f->type == type && filter_match_if(f, ifname))
			return 1;
	return 0;
}

/*
 * Does prefix/plen fall inside the filter's prefix?  With
 * default_special (the -L rule of KAME), a ::/0 filter matches the
 * default route only, not everything.
 */
int
filter_prefix_match(const struct filter *f, const struct in6_addr *prefix,
    int plen, int default_special)
{
	if (default_special && f->plen == 0)
		return plen == 0;
	return in6_prefix_within(prefix, plen, &f->prefix, f->plen);
}

/* The cost of an interface: the first -c that names it, else 0. */
unsigned
config_cost(const struct config *cfg, const char *ifname)
{
	const struct filter	*f;

	TAILQ_FOREACH(f, &cfg->filters, entry)
		if (f->type == 'c' && filter_match_if(f, ifname))
			return f->cost;
	return 0;
}

/* -A suppression and aggregates, then -O (KAME's out_filter). */
static int
out_filter(const struct config *cfg, const char *ifname,
    const struct rt_entry *rt)
{
	const struct filter	*f;
	int			 have_o = 0, o_ok = 0, agg_ok = 0;

	TAILQ_FOREACH(f, &cfg->filters, entry) {
		if (!filter_match_if(f, ifname))
			continue;
		switch (f->type) {
		case 'A':
			if (rt->plen > f->plen && in6_prefix_within(&rt->prefix,
			    rt->plen, &f->prefix, f->plen))
				return 0;
			if (rt->plen == f->plen &&
			    IN6_ARE_ADDR_EQUAL(&rt->prefix, &f->prefix))
				agg_ok = 1;
			break;
		case 'O':
			have_o = 1;
			if (filter_prefix_match(f, &rt->prefix, rt->plen, 0))
				o_ok = 1;
			break;
		}
	}
	if (rt->kind == RT_AGGREGATE && !agg_ok)
		return 0;
	if (have_o && !o_ok)
		return 0;
	return 1;
}

struct packer {
	struct wbuf	 w;
	uint8_t		*buf;
	size_t		 n;		/* RTEs in the packet */
	size_t		 max;
	int		 nh_active;	/* an explicit next hop is in force */
	struct in6_addr	 nh;
	void		(*emit)(const uint8_t *, size_t, void *);
	void		*arg;
};

static void
pack_flush(struct packer *p)
{
	if (p->n > 0)
		p->emit(wbuf_data(&p->w), wbuf_len(&p->w), p->arg);
	wbuf_init(&p->w, p->buf, RIP6_HDRLEN + p->max * RIP6_RTELEN);
	rip6_put_header(&p->w, RIP6_RESPONSE);
	p->n = 0;
	p->nh_active = 0;
}

static void
pack_rte(struct packer *p, const struct rip6_rte *rte)
{
	rip6_put_rte(&p->w, rte);
	if (++p->n >= p->max)
		pack_flush(p);
}

/* A next-hop RTE (or a reset to "the sender", with nh NULL). */
static void
pack_nexthop(struct packer *p, const struct in6_addr *nh)
{
	struct rip6_rte	 rte;

	/* it must share a packet with the RTE it applies to */
	if (p->n + 2 > p->max) {
		pack_flush(p);
		if (nh == NULL)		/* a new packet starts with the sender */
			return;
	}
	memset(&rte, 0, sizeof(rte));
	if (nh != NULL)
		rte.prefix = *nh;
	rte.metric = RIP6_NEXTHOP_METRIC;
	rip6_put_rte(&p->w, &rte);
	p->n++;
	p->nh_active = nh != NULL;
	if (nh != NULL)
		p->nh = *nh;
}

/*
 * May rt go out on this interface, and with which metric?  Returns 0 to
 * leave it out.
 */
static int
advertise(const struct config *cfg, const struct out_if *oif,
    const struct rt_entry *rt, enum out_mode mode, uint8_t *metric)
{
	*metric = rt->metric;
	if (rt->flags & RT_F_NOADV)
		return 0;
	if (mode == OUT_TRIGGERED && !(rt->flags & RT_F_CHANGED))
		return 0;
	if (!out_filter(cfg, oif->name, rt))
		return 0;
	switch (rt->kind) {
	case RT_STATIC:
		if (rt->flags & RT_F_REJECT)
			return 0;
		if (cfg->Sflag)
			return 1;
		return cfg->sflag && rt->ifindex != oif->ifindex;
	case RT_AGGREGATE:
		return 1;
	default:
		break;
	}
	if (rt->ifindex != oif->ifindex || cfg->hflag)
		return 1;
	/*
	 * Split horizon.  With poisoned reverse (-r), routes learned on
	 * this link go back to it as unreachable instead of being left out,
	 * which breaks two-router loops at once (RFC 2080 2.5).
	 */
	if (cfg->poison && rt->kind == RT_LEARNED) {
		*metric = RIP6_INFINITY;
		return 1;
	}
	return 0;
}

void
output_build(struct rib *rib, const struct config *cfg,
    const struct out_if *oif, enum out_mode mode, unsigned mtu,
    void (*emit)(const uint8_t *, size_t, void *), void *arg)
{
	uint8_t			 buf[RIP6_HDRLEN + RIP6_MAXRTE * RIP6_RTELEN];
	struct packer		 p;
	struct rt_entry		*rt;
	struct rip6_rte		 rte;
	uint8_t			 metric;
	int			 want_nh;

	if (cfg->qflag)
		return;
	if (oif->loopback && mode != OUT_ANSWER)
		return;
	if (filter_has(cfg, 'N', oif->name))
		return;
	memset(&p, 0, sizeof(p));
	p.buf = buf;
	p.max = rip6_rtes_per_packet(mtu);
	p.emit = emit;
	p.arg = arg;
	pack_flush(&p);
	if (filter_has(cfg, 'T', oif->name)) {
		/* -T: a default route and nothing else, whatever we have */
		memset(&rte, 0, sizeof(rte));
		rte.tag = cfg->tag;
		rte.metric = (uint8_t)(1 + (oif->cost < 15 ? oif->cost : 15));
		pack_rte(&p, &rte);
		pack_flush(&p);
		return;
	}
	for (rt = rib_first(rib); rt != NULL; rt = rib_next(rib, rt)) {
		if (!advertise(cfg, oif, rt, mode, &metric))
			continue;
		/*
		 * A next-hop RTE only for a route that is not ours to
		 * forward: a static route through a link-local neighbour on
		 * this very link (the book's Fig 1-54).  KAME also emitted
		 * them for learned and interface routes (its F15).
		 */
		want_nh = rt->kind == RT_STATIC && rt->ifindex == oif->ifindex &&
		    IN6_IS_ADDR_LINKLOCAL(&rt->gw);
		if (want_nh) {
			if (!p.nh_active || !IN6_ARE_ADDR_EQUAL(&p.nh, &rt->gw))
				pack_nexthop(&p, &rt->gw);
		} else if (p.nh_active)
			pack_nexthop(&p, NULL);
		rte.prefix = rt->prefix;
		rte.plen = rt->plen;
		rte.tag = rt->tag;
		rte.metric = metric;
		pack_rte(&p, &rte);
	}
	pack_flush(&p);
}
