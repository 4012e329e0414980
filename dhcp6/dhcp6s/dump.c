/*
 * The binding dump (SIGUSR1): one line a bound value, then the
 * counters, in a form scripts and tests can read.
 *
 *   <duid> <NA|PD> <iaid> <addr>/<plen> <pltime> <vltime> <remaining>
 */
#include <arpa/inet.h>
#include <stdio.h>

#include "dhcp6s.h"

int
d6s_dump(const struct d6s_server *s, FILE *f, time_t now)
{
	const struct d6s_binding *b;
	char			 d[3 * D6_DUID_MAX], a[INET6_ADDRSTRLEN];
	int			 i;
	long long		 left;

	fprintf(f, "# bindings %zu, declined %zu\n", s->b.count,
	    s->b.ndeclined);
	TAILQ_FOREACH(b, &s->b.list, entry)
		for (i = 0; i < b->nvals; i++) {
			if (b->vals[i].vltime == D6_INFINITY)
				left = -1;
			else {
				left = (long long)b->updated +
				    b->vals[i].vltime - now;
				if (left < 0)
					left = 0;
			}
			fprintf(f, "%s %s %u %s/%u %u %u %lld\n",
			    d6_duid_str(b->duid, b->duidlen, d,
			    sizeof(d)), b->type == D6O_IA_PD ? "PD" : "NA",
			    b->iaid, inet_ntop(AF_INET6, &b->vals[i].addr, a,
			    sizeof(a)), b->vals[i].plen, b->vals[i].pltime,
			    b->vals[i].vltime, left);
		}
	fprintf(f, "# received %llu sent %llu reloads %llu\n",
	    (unsigned long long)s->st.rx, (unsigned long long)s->st.tx,
	    (unsigned long long)s->st.reloads);
	for (i = 1; i < D6SD_N; i++)
		if (s->st.drop[i] > 0)
			fprintf(f, "# dropped %s %llu\n", d6s_drop_name(i),
			    (unsigned long long)s->st.drop[i]);
	for (i = 1; i < D6E_NERRS; i++)
		if (s->st.bad[i] > 0)
			fprintf(f, "# malformed %s %llu\n", d6_err_name(i),
			    (unsigned long long)s->st.bad[i]);
	fprintf(f, "# bindings added %llu expired %llu released %llu "
	    "declined %llu\n", (unsigned long long)s->st.bindings_added,
	    (unsigned long long)s->st.bindings_expired,
	    (unsigned long long)s->st.bindings_released,
	    (unsigned long long)s->st.declined);
	fprintf(f, "# status nobinding %llu noaddrsavail %llu "
	    "noprefixavail %llu\n", (unsigned long long)s->st.nobinding,
	    (unsigned long long)s->st.noaddrs,
	    (unsigned long long)s->st.noprefix);
	fprintf(f, "# reconfigure keys %llu sent %llu retransmitted %llu "
	    "answered %llu given-up %llu\n", (unsigned long long)s->st.rkeys,
	    (unsigned long long)s->st.reconf_sent,
	    (unsigned long long)s->st.reconf_retx,
	    (unsigned long long)s->st.reconf_done,
	    (unsigned long long)s->st.reconf_gaveup);
	fprintf(f, "# lease database writes %llu syncs %llu compactions "
	    "%llu records %zu skipped %llu\n",
	    (unsigned long long)s->db.writes, (unsigned long long)s->db.syncs,
	    (unsigned long long)s->db.compactions, s->db.records,
	    (unsigned long long)s->db.skipped);
	return ferror(f) ? -1 : 0;
}
