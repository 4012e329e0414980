/*
 * Sessions and counters as text: the brief and detailed views of "show
 * sessions" (BIRD's layout), key=value records for bfdctl -j, and the
 * dump file (SIGUSR1).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bfdd.h"
#include "ctl.h"
#include "in6.h"

/* The address of a session's peer or local end, as text. */
static const char *
addr_str(int family, const struct in6_addr *a, char *buf, size_t len)
{
	if (family == AF_INET)
		return inet_ntop(AF_INET, &a->s6_addr[12], buf, (socklen_t)len);
	return inet_ntop(AF_INET6, a, buf, (socklen_t)len);
}

/* When (wall clock) the session last changed, as BIRD prints it. */
static void
since_str(uint64_t mono, char *buf, size_t len)
{
	struct timespec	 ts;
	struct tm	 tm;
	uint64_t	 now = ev_now_update(bd->loop), ago, wall;
	time_t		 t;

	clock_gettime(CLOCK_REALTIME, &ts);
	ago = now > mono ? now - mono : 0;
	wall = (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000 -
	    ago;
	t = (time_t)(wall / 1000000);
	localtime_r(&t, &tm);
	if (ago < 20ULL * 3600 * 1000000)
		snprintf(buf, len, "%02d:%02d:%02d.%03d", tm.tm_hour,
		    tm.tm_min, tm.tm_sec, (int)(wall % 1000000 / 1000));
	else
		strftime(buf, len, "%Y-%m-%d", &tm);
}

static double
secs(uint64_t us)
{
	return (double)us / 1e6;
}

/* Does the session pass the filters of "show sessions"? */
int
show_selected(const struct bsession *bs, const char *filter[], int n)
{
	struct in6_addr	 a;
	int		 i, plen;
	const char	*v;

	for (i = 0; i < n; i++) {
		v = filter[i];
		if (strcmp(v, "ipv4") == 0 && bs->s.family != AF_INET)
			return 0;
		if (strcmp(v, "ipv6") == 0 && bs->s.family != AF_INET6)
			return 0;
		if (strcmp(v, "direct") == 0 && bs->s.multihop)
			return 0;
		if (strcmp(v, "multihop") == 0 && !bs->s.multihop)
			return 0;
		if (strncmp(v, "interface=", 10) == 0 &&
		    strcmp(v + 10, bs->s.ifname) != 0)
			return 0;
		if (strncmp(v, "address=", 8) == 0) {
			char	 buf[INET6_ADDRSTRLEN + 8];
			struct in_addr a4;

			v += 8;
			if (in6_prefix_parse(v, &a, &plen, 1) == 0) {
				if (!in6_prefix_contains(&a, plen,
				    &bs->s.peer))
					return 0;
				continue;
			}
			/* IPv4: compare as v4-mapped */
			strlcpy(buf, v, sizeof(buf));
			plen = 32;
			if (strchr(buf, '/') != NULL) {
				plen = atoi(strchr(buf, '/') + 1);
				*strchr(buf, '/') = '\0';
			}
			if (inet_pton(AF_INET, buf, &a4) != 1 || plen < 0 ||
			    plen > 32)
				return 0;
			memset(&a, 0, sizeof(a));
			a.s6_addr[10] = a.s6_addr[11] = 0xff;
			memcpy(&a.s6_addr[12], &a4, 4);
			if (!in6_prefix_contains(&a, 96 + plen, &bs->s.peer))
				return 0;
		}
	}
	return 1;
}

static void
show_brief(FILE *fp, const struct bsession *bs)
{
	char		 a[INET6_ADDRSTRLEN], since[32];
	uint64_t	 ival = bs->s.next_tx ? bfd_sess_tx_interval(&bs->s) : 0;

	since_str(bs->s.last_change, since, sizeof(since));
	fprintf(fp, "%-25s %-10s %-10s %-12s  %7.3f  %7.3f\n",
	    addr_str(bs->s.family, &bs->s.peer, a, sizeof(a)),
	    bs->s.multihop ? "---" : bs->s.ifname,
	    bfd_state_name(bs->s.state), since, secs(ival),
	    secs(bfd_sess_detect_time(&bs->s)));
}

static void
timer_line(FILE *fp, const char *label, uint64_t at, uint64_t period)
{
	uint64_t	 now = ev_now(bd->loop);

	if (at == 0)
		return;
	fprintf(fp, "  %-23s%.3f/%.3f\n", label,
	    secs(at > now ? at - now : 0), secs(period));
}

static void
show_detail(FILE *fp, const struct bsession *bs)
{
	const struct bfd_session *s = &bs->s;
	const struct bfd_req	*r;
	char			 a[INET6_ADDRSTRLEN], since[32];

	since_str(s->last_change, since, sizeof(since));
	fprintf(fp, "  %-23s%s\n", "Address:",
	    addr_str(s->family, &s->peer, a, sizeof(a)));
	if (bs->description != NULL)
		fprintf(fp, "  %-23s%s\n", "Description:", bs->description);
	fprintf(fp, "  %-23s%s\n", "Interface:",
	    s->multihop ? "---" : s->ifname);
	fprintf(fp, "  %-23s%s\n", "Session type:",
	    s->multihop ? "Multihop" : "Direct");
	fprintf(fp, "  %-23s%s\n", "Session state:",
	    bfd_state_name(s->state));
	fprintf(fp, "  %-23s%s\n", "Remote state:",
	    bfd_state_name(s->remote_state));
	fprintf(fp, "  %-23s%s\n", "Last state change:", since);
	fprintf(fp, "  %-23s%s\n", "Local diagnostic:",
	    bfd_diag_short(s->local_diag));
	fprintf(fp, "  %-23s%s\n", "Remote diagnostic:",
	    bfd_diag_short(s->remote_diag));
	fprintf(fp, "  %-23s%u\n", "Local discriminator:", s->local_disc);
	fprintf(fp, "  %-23s%u\n", "Remote discriminator:", s->remote_disc);
	timer_line(fp, "Transmit timer:", s->next_tx,
	    bfd_sess_tx_interval(s));
	timer_line(fp, "Detect timer:", s->detect_at,
	    bfd_sess_detect_time(s));
	fprintf(fp, "  Local parameters:\n");
	fprintf(fp, "    %-21s%.3f\n", "Min TX interval:", secs(s->adv_min_tx));
	fprintf(fp, "    %-21s%.3f\n", "Min RX interval:", secs(s->adv_min_rx));
	fprintf(fp, "    %-21s%s\n", "Demand mode:", "No");
	fprintf(fp, "    %-21s%u\n", "Multiplier:", s->detect_mult);
	fprintf(fp, "  Remote parameters:\n");
	fprintf(fp, "    %-21s%.3f\n", "Min TX interval:",
	    secs(s->remote_des_min_tx));
	fprintf(fp, "    %-21s%.3f\n", "Min RX interval:",
	    secs(s->remote_min_rx));
	fprintf(fp, "    %-21s%s\n", "Demand mode:",
	    s->remote_demand ? "Yes" : "No");
	fprintf(fp, "    %-21s%u\n", "Multiplier:", s->remote_mult);
	if (s->auth.type != BFD_AUTH_NONE) {
		fprintf(fp, "  Authentication:\n");
		fprintf(fp, "    %-21s%s\n", "Type:",
		    bfd_auth_name(s->auth.type));
		if (s->ast.seq_known)
			fprintf(fp, "    %-21s%u\n", "RX CSN:", s->ast.rcv_seq);
		if (s->auth.type != BFD_AUTH_SIMPLE)
			fprintf(fp, "    %-21s%u\n", "TX CSN:", s->xmit_seq);
	}
	/* authentication-transition */
	if (bs->prev_until > ev_now(bd->loop))
		fprintf(fp, "  %-23s%s, accepted %llu s more, %llu packets\n",
		    "Previous auth:", bfd_auth_keyword(bs->prev_auth.type),
		    (unsigned long long)((bs->prev_until -
		    ev_now(bd->loop)) / 1000000),
		    (unsigned long long)bs->prev_accepted);
	/* ours, beyond BIRD's view */
	fprintf(fp, "  %-23s%s port %u\n", "Local address:",
	    addr_str(s->family, &s->local, a, sizeof(a)), s->srcport);
	fprintf(fp, "  %-23srx %llu tx %llu up %llu down %llu auth-fail "
	    "%llu%s%s\n", "Counters:", (unsigned long long)s->rx,
	    (unsigned long long)s->tx, (unsigned long long)s->up_events,
	    (unsigned long long)s->down_events,
	    (unsigned long long)s->auth_fails,
	    s->last_drop >= 0 ? " last-drop " : "",
	    s->last_drop >= 0 ? bfd_drop_name(s->last_drop) : "");
	fprintf(fp, "  %-23s", "Requests:");
	TAILQ_FOREACH(r, &bs->reqs, sentry)
		fprintf(fp, "%s%s/%s", r == TAILQ_FIRST(&bs->reqs) ? "" : " ",
		    r->client == NULL && r->nbr != NULL ?
		    "config" : r->cname, r->tag);
	if (bs->waiting)
		fprintf(fp, " (waiting for a path)");
	fprintf(fp, "\n\n");
}

void
show_sessions(FILE *fp, int all, const char *filter[], int nfilter)
{
	struct bsession	*bs;

	if (!all)
		fprintf(fp, "IP address                Interface  State      "
		    "Since         Interval  Timeout\n");
	for (bs = sess_first(); bs != NULL; bs = sess_next(bs)) {
		if (!show_selected(bs, filter, nfilter))
			continue;
		if (all)
			show_detail(fp, bs);
		else
			show_brief(fp, bs);
	}
}

void
show_session_kv(FILE *fp, const struct bsession *bs)
{
	const struct bfd_session *s = &bs->s;
	char			 a[INET6_ADDRSTRLEN], l[INET6_ADDRSTRLEN];
	uint64_t		 now = ev_now(bd->loop);

	fprintf(fp, "peer=%s interface=%s local=%s type=%s family=%s "
	    "state=%s remote_state=%s since=%llu local_diag=%u "
	    "remote_diag=%u local_disc=%u remote_disc=%u "
	    "tx_interval_us=%llu detect_time_us=%llu min_tx_us=%u "
	    "min_rx_us=%u multiplier=%u remote_min_tx_us=%u "
	    "remote_min_rx_us=%u remote_multiplier=%u auth=%s "
	    "rx=%llu tx=%llu up=%llu down=%llu auth_fail=%llu "
	    "source_port=%u waiting=%d",
	    addr_str(s->family, &s->peer, a, sizeof(a)),
	    s->multihop ? "-" : s->ifname,
	    addr_str(s->family, &s->local, l, sizeof(l)),
	    s->multihop ? "multihop" : "direct",
	    s->family == AF_INET ? "ipv4" : "ipv6",
	    bfd_state_name(s->state), bfd_state_name(s->remote_state),
	    (unsigned long long)((now - s->last_change) / 1000000),
	    s->local_diag, s->remote_diag, s->local_disc, s->remote_disc,
	    (unsigned long long)(s->next_tx ? bfd_sess_tx_interval(s) : 0),
	    (unsigned long long)bfd_sess_detect_time(s), s->adv_min_tx,
	    s->adv_min_rx, s->detect_mult, s->remote_des_min_tx,
	    s->remote_min_rx, s->remote_mult,
	    bfd_auth_keyword(s->auth.type),
	    (unsigned long long)s->rx, (unsigned long long)s->tx,
	    (unsigned long long)s->up_events,
	    (unsigned long long)s->down_events,
	    (unsigned long long)s->auth_fails, s->srcport, bs->waiting);
	/* last: the rest of the line is its value, spaces and all */
	if (bs->description != NULL)
		fprintf(fp, " description=%s", bs->description);
	fputc('\n', fp);
}

void
show_counters(FILE *fp, const char *prefix)
{
	const struct {
		const char	*name;
		uint64_t	 value;
	} more[] = {
		{ "rx_packets", bd->stats.rx_packets },
		{ "tx_packets", bd->stats.tx_packets },
		{ "tx_errors", bd->stats.tx_errors },
		{ "tx_socket_fails", bd->stats.tx_socket_fails },
		{ "tx_late", bd->stats.tx_late },
		{ "tx_late_max_us", bd->stats.tx_late_max_us },
		{ "tx_silent", bd->stats.tx_silent },
		{ "tx_silent_max_us", bd->stats.tx_silent_max_us },
	};
	size_t	 k;
	int	 i;

	for (i = 0; i < BFD_DROP_NREASONS; i++)
		fprintf(fp, "%s%s %llu\n", prefix, bfd_drop_name(i),
		    (unsigned long long)bd->stats.drops[i]);
	for (k = 0; k < sizeof(more) / sizeof(more[0]); k++)
		fprintf(fp, "%s%s %llu\n", prefix, more[k].name,
		    (unsigned long long)more[k].value);
	fprintf(fp, "%ssessions %d\n", prefix, sess_count());
}

void
dump_to_file(void)
{
	FILE		*fp;
	char		 when[64];
	time_t		 t = time(NULL);
	struct tm	 tm;

	if ((fp = fopen(bd->conf->dump_file, "w")) == NULL) {
		log_warn("dump file %s", bd->conf->dump_file);
		return;
	}
	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S%z", &tm);
	fprintf(fp, "bfdd dump %s\n", when);
	show_sessions(fp, 1, NULL, 0);
	fprintf(fp, "clients:\n");
	control_dump_clients(fp);
	fprintf(fp, "counters:\n");
	show_counters(fp, "");
	fclose(fp);
}
