/*
 * BFD for RIPng neighbours (-b, -B).  Each neighbour heard from gets a
 * single-hop session at bfdd (its link-local address, on its
 * interface).  When bfdd says the session failed - Up to Down, the peer
 * not AdminDown, RFC 5882 3.2 - every route learned from the neighbour
 * is withdrawn at once, instead of after the 180 s RIPng timeout, and
 * its responses are ignored until the session is Up again: a link that
 * still carries RIPng one way but not forwarding would otherwise put
 * the routes straight back.  bfdd away or AdminDown changes nothing.
 */
#include <sys/queue.h>

#include <stdio.h>
#include <string.h>

#include "bfdclient.h"
#include "ev.h"
#include "log.h"
#include "route6d.h"
#include "scope6.h"

static const char *const state_names[] = { "AdminDown", "Down", "Init",
    "Up" };

const char *
bfd_state_name(const struct neighbor *n)
{
	if (rd->bfd == NULL)
		return "off";
	if (n->bfd_failed)
		return "failed";
	if (n->bfd_state < 0 || n->bfd_state > 3)
		return "?";
	return state_names[n->bfd_state];
}

static struct neighbor *
by_tag(const char *tag)
{
	struct neighbor	*n;

	TAILQ_FOREACH(n, &rd->nbrs, entry)
		if (strcmp(n->bfd_tag, tag) == 0)
			return n;
	return NULL;
}

static void
on_event(const char *tag, int state, int old, int diag, int remote,
    int down, void *arg)
{
	struct neighbor	*n;
	struct rip_if	*ifp;
	char		 a[SCOPE6_STRLEN];
	uint64_t	 now = ev_now(rd->loop);
	int		 count;

	if ((n = by_tag(tag)) == NULL)
		return;
	scope6_ntop(&n->addr, n->ifindex, a, sizeof(a));
	n->bfd_state = state;
	n->bfd_changed = now;
	if (down && !n->bfd_failed) {
		n->bfd_failed = 1;
		count = rib_withdraw_neighbor(&rd->rib, &n->addr, n->ifindex,
		    now);
		log_warnx("neighbour %s: BFD session down (%s): %d route%s "
		    "withdrawn", a, bfdc_diag_name(diag), count,
		    count == 1 ? "" : "s");
		after_event();
		return;
	}
	/*
	 * Up again; or AdminDown, on either side or because bfdd went
	 * away, which says nothing about the path (RFC 5882 3.2): RIPng's
	 * own timers decide again, as if BFD were not in use.
	 */
	if (n->bfd_failed && (state == BFDC_UP || state == BFDC_ADMINDOWN ||
	    remote == BFDC_ADMINDOWN)) {
		n->bfd_failed = 0;
		if (state == BFDC_UP)
			log_info("neighbour %s: BFD session up again, asking "
			    "for its routes", a);
		else
			log_info("neighbour %s: BFD session administratively "
			    "down, no longer monitored; asking for its routes",
			    a);
		/* no need to wait for its next regular update */
		if ((ifp = iface_find(n->ifindex)) != NULL)
			io_send_request(ifp);
		return;
	}
	if (state != old)
		log_debug("neighbour %s: BFD %s -> %s", a,
		    old >= 0 && old <= 3 ? state_names[old] : "?",
		    state >= 0 && state <= 3 ? state_names[state] : "?");
}

void
bfd_start(void)
{
	if (!rd->cfg.bfd)
		return;
	rd->bfd = bfdc_open(rd->loop, rd->cfg.bfdsock, "route6d", on_event,
	    NULL);
	if (rd->bfd == NULL)
		fatal("bfd client");
}

void
bfd_neighbor_new(struct neighbor *n)
{
	char	 a[SCOPE6_STRLEN];

	if (rd->bfd == NULL)
		return;
	snprintf(n->bfd_tag, sizeof(n->bfd_tag), "nbr%u",
	    ++rd->bfd_next_tag);
	if (bfdc_add(rd->bfd, n->bfd_tag, &n->addr, n->ifindex, NULL,
	    NULL) == -1) {
		log_warn("neighbour %s: BFD session", scope6_ntop(&n->addr,
		    n->ifindex, a, sizeof(a)));
		n->bfd_tag[0] = '\0';
	}
}

void
bfd_neighbor_gone(struct neighbor *n)
{
	if (rd->bfd == NULL || n->bfd_tag[0] == '\0')
		return;
	bfdc_del(rd->bfd, n->bfd_tag);
	n->bfd_tag[0] = '\0';
}
