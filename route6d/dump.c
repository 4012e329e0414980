/*
 * The state dump (SIGUSR1, SIGHUP, SIGINT) in KAME's layout, with Linux
 * interface flag names, and the -R route log.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ev.h"
#include "ifinfo.h"
#include "in6.h"
#include "log.h"
#include "route6d.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP	0x10000
#define IFF_DORMANT	0x20000
#define IFF_ECHO	0x40000
#endif

char *
iff_names(unsigned flags, char *buf, size_t len)
{
	static const struct {
		unsigned	 bit;
		const char	*name;
	} names[] = {
		{ IFF_UP, "UP" }, { IFF_BROADCAST, "BROADCAST" },
		{ IFF_DEBUG, "DEBUG" }, { IFF_LOOPBACK, "LOOPBACK" },
		{ IFF_POINTOPOINT, "POINTOPOINT" },
		{ IFF_NOTRAILERS, "NOTRAILERS" }, { IFF_RUNNING, "RUNNING" },
		{ IFF_NOARP, "NOARP" }, { IFF_PROMISC, "PROMISC" },
		{ IFF_ALLMULTI, "ALLMULTI" }, { IFF_MASTER, "MASTER" },
		{ IFF_SLAVE, "SLAVE" }, { IFF_MULTICAST, "MULTICAST" },
		{ IFF_PORTSEL, "PORTSEL" }, { IFF_AUTOMEDIA, "AUTOMEDIA" },
		{ IFF_DYNAMIC, "DYNAMIC" }, { IFF_LOWER_UP, "LOWER_UP" },
		{ IFF_DORMANT, "DORMANT" }, { IFF_ECHO, "ECHO" },
	};
	size_t	 i;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].bit))
			continue;
		if (buf[0] != '\0')
			strlcat(buf, ",", len);
		strlcat(buf, names[i].name, len);
	}
	return buf;
}

static void
stamp(FILE *fp)
{
	time_t		 t = time(NULL);
	struct tm	 tm;

	localtime_r(&t, &tm);
	fprintf(fp, "%02d:%02d:%02d: ", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void
dump_if(FILE *fp, const struct rip_if *ifp)
{
	struct ifinfo_if		*ii;
	const struct ifinfo_addr	*a;
	const struct filter		*f;
	char				 fl[256], buf[INET6_ADDRSTRLEN];
	char				 pfx[IN6_PREFIXSTRLEN];
	int				 any = 0;

	fprintf(fp, "    %s: index(%u) flags(%s) addr(%s) mtu(%u) metric(%u)\n",
	    ifp->name, ifp->index, iff_names(ifp->flags, fl, sizeof(fl)),
	    inet_ntop(AF_INET6, &ifp->lladdr, buf, sizeof(buf)), ifp->mtu,
	    config_cost(&rd->cfg, ifp->name));
	if ((ii = ifinfo_by_index(rd->ifinfo, ifp->index)) != NULL) {
		TAILQ_FOREACH(a, &ii->addrs, entry) {
			if (a->family != AF_INET6)
				continue;
			inet_ntop(AF_INET6, &a->addr, buf, sizeof(buf));
			if (ifp->p2p && !IN6_IS_ADDR_UNSPECIFIED(&a->peer) &&
			    !IN6_ARE_ADDR_EQUAL(&a->peer, &a->addr)) {
				char peer[INET6_ADDRSTRLEN];

				fprintf(fp, "\t%s/%u -- %s\n", buf, a->plen,
				    inet_ntop(AF_INET6, &a->peer, peer,
				    sizeof(peer)));
			} else
				fprintf(fp, "\t%s/%u\n", buf, a->plen);
		}
	}
	fprintf(fp, "\tFilter:");
	TAILQ_FOREACH(f, &rd->cfg.filters, entry) {
		if (f->type == 'c' || !filter_match_if(f, ifp->name))
			continue;
		any = 1;
		if (f->type == 'A' || f->type == 'L' || f->type == 'O')
			fprintf(fp, "\n\t\t%s(%s)", filter_name(f->type),
			    in6_prefix_format(&f->prefix, f->plen, pfx,
			    sizeof(pfx)));
		else
			fprintf(fp, "\n\t\t%s", filter_name(f->type));
	}
	fprintf(fp, "%s\n\n", any ? "" : " none");
}

static int
advertising(const struct rip_if *ifp)
{
	return ifp->active && !filter_has(&rd->cfg, 'N', ifp->name);
}

void
dump_tables(FILE *fp)
{
	struct rip_if	*ifp;
	struct rt_entry	*rt;
	struct rip_if	*rif;
	char		 pfx[IN6_PREFIXSTRLEN], gw[INET6_ADDRSTRLEN];
	uint64_t	 now = ev_now(rd->loop);
	int		 n = 0;

	TAILQ_FOREACH(ifp, &rd->ifs, entry)
		n++;
	stamp(fp);
	fprintf(fp, "Interface Table Dump\n");
	fprintf(fp, "  Number of interfaces: %d\n", n);
	fprintf(fp, "  advertising interfaces:\n");
	TAILQ_FOREACH(ifp, &rd->ifs, entry)
		if (advertising(ifp))
			dump_if(fp, ifp);
	fprintf(fp, "  non-advertising interfaces:\n");
	TAILQ_FOREACH(ifp, &rd->ifs, entry)
		if (!advertising(ifp))
			dump_if(fp, ifp);
	fprintf(fp, "\n");
	stamp(fp);
	fprintf(fp, "Routing Table Dump\n");
	for (rt = rib_first(&rd->rib); rt != NULL;
	    rt = rib_next(&rd->rib, rt)) {
		rif = iface_find(rt->ifindex);
		fprintf(fp, "    %s if(%u:%s) gw(%s) [%u] age(%llu)",
		    in6_prefix_format(&rt->prefix, rt->plen, pfx, sizeof(pfx)),
		    rt->ifindex, rif ? rif->name : "?",
		    inet_ntop(AF_INET6, &rt->gw, gw, sizeof(gw)), rt->metric,
		    rt->updated == 0 ? 0ULL :
		    (unsigned long long)((now - rt->updated) / 1000000));
		if (rt->tag != 0)
			fprintf(fp, " tag(0x%04x)", rt->tag);
		if (rt->flags & RT_F_NH_NOT_LL)
			fprintf(fp, " NOT-LL");
		if (rt->flags & RT_F_NOADV)
			fprintf(fp, " NO-ADV");
		fprintf(fp, "\n");
	}
	fprintf(fp, "\n");
	fflush(fp);
}

void
dump_to_file(void)
{
	FILE	*fp;

	/* appended, as KAME; stderr if the file cannot be opened */
	if ((fp = fopen(rd->cfg.dumpfile, "a")) == NULL) {
		log_warn("dump file %s", rd->cfg.dumpfile);
		dump_tables(stderr);
		return;
	}
	dump_tables(fp);
	fclose(fp);
}

void
routelog_write(const char *fmt, ...)
{
	va_list	 ap;

	if (rd->routelog == NULL)
		return;
	stamp(rd->routelog);
	va_start(ap, fmt);
	vfprintf(rd->routelog, fmt, ap);
	va_end(ap);
	fputc('\n', rd->routelog);
}
