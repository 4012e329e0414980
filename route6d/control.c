/*
 * The control socket: route6ctl asks for the routing table, interfaces,
 * neighbours and counters; each record is one reply line of key=value
 * fields ("210-..."), so the tool can print a table or JSON.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "ctl.h"
#include "ev.h"
#include "in6.h"
#include "log.h"
#include "route6d.h"
#include "scope6.h"

static const char *const kind_names[] = {
	[RT_LEARNED] = "rip", [RT_IFACE] = "interface", [RT_P2P] = "p2p",
	[RT_STATIC] = "static", [RT_AGGREGATE] = "aggregate",
};

static unsigned long long
secs(uint64_t us)
{
	return (unsigned long long)(us / 1000000);
}

static void
show_routes(struct ctl_conn *c)
{
	struct rt_entry	*rt;
	struct rip_if	*ifp;
	char		 pfx[IN6_PREFIXSTRLEN], gw[INET6_ADDRSTRLEN];
	uint64_t	 now = ev_now(rd->loop);

	for (rt = rib_first(&rd->rib); rt != NULL;
	    rt = rib_next(&rd->rib, rt)) {
		ifp = iface_find(rt->ifindex);
		ctl_printf(c, "210-prefix=%s metric=%u tag=0x%04x kind=%s "
		    "gateway=%s interface=%s state=%s kernel=%s age=%llu "
		    "expires=%llu\n",
		    in6_prefix_format(&rt->prefix, rt->plen, pfx, sizeof(pfx)),
		    rt->metric, rt->tag, kind_names[rt->kind],
		    inet_ntop(AF_INET6, &rt->gw, gw, sizeof(gw)),
		    ifp ? ifp->name : (rt->ifindex ? "?" : "-"),
		    rt->flags & RT_F_GARBAGE ? "garbage" : "active",
		    rt->flags & RT_F_INSTALLED ? "yes" : "no",
		    rt->updated ? secs(now - rt->updated) : 0,
		    rt->deadline > now ? secs(rt->deadline - now) : 0);
	}
	ctl_printf(c, "210 %zu routes\n", rd->rib.count);
}

static void
show_interfaces(struct ctl_conn *c)
{
	struct rip_if	*ifp;
	char		 fl[256], ll[INET6_ADDRSTRLEN];
	int		 n = 0;

	TAILQ_FOREACH(ifp, &rd->ifs, entry) {
		n++;
		ctl_printf(c, "210-name=%s index=%u state=%s flags=%s mtu=%u "
		    "cost=%u linklocal=%s rx=%llu tx=%llu rx_bad=%llu\n",
		    ifp->name, ifp->index, !ifp->active ? "down" :
		    filter_has(&rd->cfg, 'N', ifp->name) ? "no-use" :
		    filter_has(&rd->cfg, 'T', ifp->name) ? "default-only" :
		    "running", iff_names(ifp->flags, fl, sizeof(fl)),
		    ifp->mtu, config_cost(&rd->cfg, ifp->name),
		    inet_ntop(AF_INET6, &ifp->lladdr, ll, sizeof(ll)),
		    (unsigned long long)ifp->rx, (unsigned long long)ifp->tx,
		    (unsigned long long)ifp->rx_bad);
	}
	ctl_printf(c, "210 %d interfaces\n", n);
}

static void
show_neighbors(struct ctl_conn *c)
{
	struct neighbor	*nb;
	struct rip_if	*ifp;
	char		 a[INET6_ADDRSTRLEN];
	uint64_t	 now = ev_now(rd->loop);
	int		 n = 0;

	TAILQ_FOREACH(nb, &rd->nbrs, entry) {
		n++;
		ifp = iface_find(nb->ifindex);
		ctl_printf(c, "210-address=%s interface=%s last=%llu "
		    "uptime=%llu responses=%llu rtes=%llu bad_rtes=%llu "
		    "bfd=%s\n",
		    inet_ntop(AF_INET6, &nb->addr, a, sizeof(a)),
		    ifp ? ifp->name : "?", secs(now - nb->last),
		    secs(now - nb->first),
		    (unsigned long long)nb->responses,
		    (unsigned long long)nb->rtes,
		    (unsigned long long)nb->bad_rtes, bfd_state_name(nb));
	}
	ctl_printf(c, "210 %d neighbors\n", n);
}

static void
show_stats(struct ctl_conn *c)
{
	const struct stats	*s = &rd->stats;
	int			 i;

#define STAT(name, v)	ctl_printf(c, "210-%s=%llu\n", name, \
			    (unsigned long long)(v))
	STAT("uptime", secs(ev_now(rd->loop) - rd->started));
	STAT("routes", rd->rib.count);
	STAT("rx_packets", s->rx_packets);
	STAT("rx_requests", s->rx_requests);
	STAT("rx_responses", s->rx_responses);
	STAT("tx_packets", s->tx_packets);
	STAT("tx_errors", s->tx_errors);
	STAT("tx_regular", s->tx_regular);
	STAT("tx_triggered", s->tx_triggered);
	STAT("tx_answers", s->tx_answers);
	STAT("kernel_adds", s->kernel_adds);
	STAT("kernel_deletes", s->kernel_dels);
	STAT("kernel_errors", s->kernel_errors);
	for (i = 0; i < DROP_NREASONS; i++)
		ctl_printf(c, "210-drop_%s=%llu\n", rip6_drop_name(i),
		    (unsigned long long)s->drops[i]);
#undef STAT
	ctl_printf(c, "210 end\n");
}

static void
on_connect(struct ctl_conn *c, void *arg)
{
	ctl_printf(c, "220 route6d 1.0\n");
}

static void
on_line(struct ctl_conn *c, char *line, void *arg)
{
	if (strcasecmp(line, "SHOW ROUTES") == 0)
		show_routes(c);
	else if (strcasecmp(line, "SHOW INTERFACES") == 0)
		show_interfaces(c);
	else if (strcasecmp(line, "SHOW NEIGHBORS") == 0 ||
	    strcasecmp(line, "SHOW NEIGHBOURS") == 0)
		show_neighbors(c);
	else if (strcasecmp(line, "SHOW STATS") == 0)
		show_stats(c);
	else if (strcasecmp(line, "DUMP") == 0) {
		dump_to_file();
		ctl_printf(c, "200 dumped to %s\n", rd->cfg.dumpfile);
	} else if (strcasecmp(line, "QUIT") == 0) {
		ctl_printf(c, "200 bye\n");
		ctl_conn_close(c);
	} else
		ctl_printf(c, "401 unknown command\n");
}

static const struct ctl_ops ops = {
	on_connect, on_line, NULL, "400 line too long"
};

int
control_open(void)
{
	rd->ctl = ctl_server_open(rd->loop, rd->cfg.ctlsock, 0660, (gid_t)-1,
	    &ops, NULL, NULL);
	if (rd->ctl == NULL) {
		if (errno == EADDRINUSE)
			fatalx("control socket %s: another route6d answers "
			    "there", rd->cfg.ctlsock);
		fatal("control socket %s", rd->cfg.ctlsock);
	}
	return 0;
}

void
control_close(void)
{
	ctl_server_close(rd->ctl);
	rd->ctl = NULL;
}
