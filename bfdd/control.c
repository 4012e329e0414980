/*
 * The control socket: clients (route6d, pim6sd, bfdctl ...) ask for
 * sessions, share them, and hear every state change; operators look,
 * enable, disable, reload.  A line protocol in the manner of SMTP and
 * BIRD (bfdctl(8) lists it).
 */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "bfdd.h"
#include "cfg.h"
#include "ctl.h"
#include "scope6.h"

#define MAXARGS		24
#define MAXREQS		1024	/* per client */
#define HOLD_TICK	(1000000ULL)

static struct ctl_server	*srv;
static TAILQ_HEAD(, bfd_client)	 clients = TAILQ_HEAD_INITIALIZER(clients);
static struct bfd_reqlist	 orphans = TAILQ_HEAD_INITIALIZER(orphans);
static struct ev_timer		 t_orphans;

static int
valid_name(const char *s, const char *extra)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > 32)
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr(extra, *s) == NULL)
			return 0;
	return 1;
}

static const char *
peer_str(const struct bsession *bs, char *buf, size_t len)
{
	char	 a[INET6_ADDRSTRLEN];

	if (bs->s.family == AF_INET)
		inet_ntop(AF_INET, &bs->s.peer.s6_addr[12], a, sizeof(a));
	else
		inet_ntop(AF_INET6, &bs->s.peer, a, sizeof(a));
	if (!bs->s.multihop && bs->s.ifname[0] != '\0')
		snprintf(buf, len, "%s%%%s", a, bs->s.ifname);
	else
		snprintf(buf, len, "%s", a);
	return buf;
}

static void
event(struct ctl_conn *c, const char *tag, const struct bsession *bs)
{
	char	 p[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	char	 l[INET6_ADDRSTRLEN];

	l[0] = '\0';
	if (bs->s.multihop) {
		if (bs->s.family == AF_INET)
			inet_ntop(AF_INET, &bs->s.local.s6_addr[12], l,
			    sizeof(l));
		else
			inet_ntop(AF_INET6, &bs->s.local, l, sizeof(l));
	}
	ctl_printf(c, "600 %s peer=%s%s%s%s state=%s old=%s diag=%u "
	    "remote=%s rdiag=%u down=%d\n", tag, peer_str(bs, p, sizeof(p)),
	    l[0] ? " local=" : "", l, bs->s.multihop ? " multihop=1" : "",
	    bfd_state_name(bs->s.state), bfd_state_name(bs->s.old_state),
	    bs->s.local_diag, bfd_state_name(bs->s.remote_state),
	    bs->s.remote_diag, bfd_sess_went_down(&bs->s));
}

void
control_notify(struct bsession *bs)
{
	struct bfd_req		*r;
	struct bfd_client	*cl;

	TAILQ_FOREACH(r, &bs->reqs, sentry)
		if (r->client != NULL && r->client->conn != NULL)
			event(r->client->conn, r->tag, bs);
	TAILQ_FOREACH(cl, &clients, entry)
		if (cl->subscribed && cl->conn != NULL)
			event(cl->conn, "-", bs);
}

void
control_removed(struct bfd_req *r, const char *reason)
{
	if (r->client != NULL && r->client->conn != NULL)
		ctl_printf(r->client->conn, "601 %s removed reason=%s\n",
		    r->tag, reason);
}

void
control_shutdown(void)
{
	struct bfd_client	*cl;

	TAILQ_FOREACH(cl, &clients, entry)
		if (cl->conn != NULL)
			ctl_printf(cl->conn, "602 shutdown\n");
}

void
control_dump_clients(FILE *fp)
{
	struct bfd_client	*cl;
	struct bfd_req		*r;
	uid_t			 uid;
	pid_t			 pid;
	int			 n = 0;

	TAILQ_FOREACH(cl, &clients, entry) {
		ctl_conn_peer(cl->conn, &uid, &pid);
		fprintf(fp, "  %s pid %d uid %u requests %d (%u in all)%s\n",
		    cl->name[0] ? cl->name : "(no name)", (int)pid,
		    (unsigned)uid, cl->nreqs, cl->requests,
		    cl->subscribed ? " subscribed" : "");
	}
	TAILQ_FOREACH(r, &orphans, centry)
		n++;
	if (n > 0)
		fprintf(fp, "  orphaned requests: %d\n", n);
}

static struct bfd_req *
find_req(struct bfd_client *cl, const char *tag)
{
	struct bfd_req	*r;

	TAILQ_FOREACH(r, &cl->reqs, centry)
		if (strcmp(r->tag, tag) == 0)
			return r;
	return NULL;
}

static void
req_free(struct bfd_req *r)
{
	bfd_opts_free(&r->opts);
	free(r);
}

/* Orphans whose client did not come back in time are dropped. */
static void
orphans_due(struct ev_timer *t, void *arg)
{
	struct bfd_req	*r, *next;
	uint64_t	 now = ev_now(bd->loop);
	uint64_t	 hold = bd->conf->client_hold_time;
	int		 waiting = 0;

	for (r = TAILQ_FIRST(&orphans); r != NULL; r = next) {
		next = TAILQ_NEXT(r, centry);
		if (r->orphaned == UINT64_MAX)
			continue;		/* bfdctl's: until deleted */
		if (now - r->orphaned < hold) {
			waiting = 1;
			continue;
		}
		TAILQ_REMOVE(&orphans, r, centry);
		sess_unrequest(r);
		req_free(r);
	}
	if (waiting)
		ev_timer_add(bd->loop, &t_orphans, HOLD_TICK / 4);
}

static int
yesno(const char *v)
{
	if (strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0)
		return 1;
	if (strcmp(v, "0") == 0 || strcasecmp(v, "no") == 0)
		return 0;
	return -1;
}

/* "key=value" arguments into request options; NULL or an error. */
static const char *
parse_opts(char **argv, int argc, struct bfd_opts *o, const char **ifname,
    const char **local, int *multihop)
{
	uint64_t	 us;
	long long	 v;
	const char	*err, *val;
	char		*eq;
	int		 i;

	for (i = 0; i < argc; i++) {
		if ((eq = strchr(argv[i], '=')) == NULL)
			return "400 expected key=value";
		*eq = '\0';
		val = eq + 1;
		if (strcmp(argv[i], "interface") == 0 && ifname != NULL) {
			/* kernel rules, no control characters (cfg_ifname) */
			if (cfg_ifname(val, NULL) == -1)
				return "422 bad interface name";
			*ifname = val;
		}
		else if (strcmp(argv[i], "local") == 0 && local != NULL)
			*local = val;
		else if (strcmp(argv[i], "multihop") == 0 && multihop != NULL) {
			if ((v = yesno(val)) == -1)
				return "422 bad multihop (1 or 0)";
			*multihop = (int)v;
		}
		else if (strcmp(argv[i], "min-rx") == 0 ||
		    strcmp(argv[i], "min-tx") == 0 ||
		    strcmp(argv[i], "idle-tx") == 0) {
			if (cfg_time(val, "ms", 1000, 4294967295ULL, &us,
			    &err) == -1)
				return "422 bad interval";
			if (argv[i][4] == 'r') {
				o->min_rx = (uint32_t)us;
				o->set |= BFD_OPT_MINRX;
			} else if (argv[i][4] == 't') {
				o->min_tx = (uint32_t)us;
				o->set |= BFD_OPT_MINTX;
			} else {
				if (us < 1000000)
					return "422 idle-tx below 1s";
				o->idle_tx = (uint32_t)us;
				o->set |= BFD_OPT_IDLETX;
			}
		} else if (strcmp(argv[i], "multiplier") == 0) {
			if (cfg_number(val, 1, 255, &v, &err) == -1)
				return "422 bad multiplier";
			o->mult = (uint8_t)v;
			o->set |= BFD_OPT_MULT;
		} else if (strcmp(argv[i], "passive") == 0) {
			if ((v = yesno(val)) == -1)
				return "422 bad passive (1 or 0)";
			o->passive = (uint8_t)v;
			o->set |= BFD_OPT_PASSIVE;
		} else if (strcmp(argv[i], "profile") == 0) {
			/* else the request would silently count for nothing */
			if (bfd_conf_profile(bd->conf, val) == NULL)
				return "422 unknown profile";
			free(o->profile);
			if ((o->profile = strdup(val)) == NULL)
				return "500 out of memory";
		} else
			return "422 unknown parameter";
	}
	/* as in bfdd.conf: a floor against congestion (RFC 5883 3) */
	if (multihop != NULL && *multihop &&
	    (((o->set & BFD_OPT_MINRX) && o->min_rx < MULTIHOP_MIN_US) ||
	    ((o->set & BFD_OPT_MINTX) && o->min_tx < MULTIHOP_MIN_US)))
		return "422 multihop interval below 10ms";
	return NULL;
}

/* "2001:db8::1", "fe80::1%eth0" or "192.0.2.1" into (family, addr, if). */
static int
parse_peer(const char *text, int *family, struct in6_addr *a, char *ifname)
{
	char		 buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	char		*pct;
	struct in_addr	 a4;

	if (strlcpy(buf, text, sizeof(buf)) >= sizeof(buf))
		return -1;
	ifname[0] = '\0';
	if ((pct = strchr(buf, '%')) != NULL) {
		*pct = '\0';
		if (cfg_ifname(pct + 1, NULL) == -1 ||
		    strlcpy(ifname, pct + 1, IF_NAMESIZE) >= IF_NAMESIZE)
			return -1;
	}
	if (inet_pton(AF_INET6, buf, a) == 1) {
		*family = AF_INET6;
		return 0;
	}
	if (inet_pton(AF_INET, buf, &a4) == 1 && pct == NULL) {
		*family = AF_INET;
		memset(a, 0, sizeof(*a));
		a->s6_addr[10] = a->s6_addr[11] = 0xff;
		memcpy(&a->s6_addr[12], &a4, 4);
		return 0;
	}
	return -1;
}

static int
parse_local(const char *text, int family, struct in6_addr *a)
{
	struct in_addr	 a4;

	if (family == AF_INET6)
		return inet_pton(AF_INET6, text, a) == 1 ? 0 : -1;
	if (inet_pton(AF_INET, text, &a4) != 1)
		return -1;
	memset(a, 0, sizeof(*a));
	a->s6_addr[10] = a->s6_addr[11] = 0xff;
	memcpy(&a->s6_addr[12], &a4, 4);
	return 0;
}

static void
reply_state(struct ctl_conn *c, const char *tag, const struct bsession *bs)
{
	ctl_printf(c, "201 %s state=%s remote=%s diag=%u ldisc=%u\n", tag,
	    bfd_state_name(bs->s.state), bfd_state_name(bs->s.remote_state),
	    bs->s.local_diag, bs->s.local_disc);
}

static void
cmd_add(struct bfd_client *cl, struct ctl_conn *c, char **argv, int argc)
{
	struct bfd_req	*r;
	struct in6_addr	 peer, local;
	const char	*ifname = NULL, *localtext = NULL, *why;
	char		 pif[IF_NAMESIZE];
	int		 family, multihop = 0;

	if (cl->name[0] == '\0') {
		ctl_printf(c, "400 HELLO first\n");
		return;
	}
	if (argc < 3 || !valid_name(argv[1], "_.:-")) {
		ctl_printf(c, "400 ADD <tag> <peer> [key=value ...]\n");
		return;
	}
	if (find_req(cl, argv[1]) != NULL) {
		ctl_printf(c, "409 tag in use\n");
		return;
	}
	if (cl->nreqs >= MAXREQS) {
		ctl_printf(c, "429 too many requests\n");
		return;
	}
	if (parse_peer(argv[2], &family, &peer, pif) == -1) {
		ctl_printf(c, "422 bad peer address\n");
		return;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		ctl_printf(c, "500 out of memory\n");
		return;
	}
	TAILQ_INIT(&r->opts.auth.keys);
	if ((why = parse_opts(argv + 3, argc - 3, &r->opts, &ifname,
	    &localtext, &multihop)) != NULL) {
		ctl_printf(c, "%s\n", why);
		req_free(r);
		return;
	}
	if (pif[0] != '\0')
		ifname = pif;
	if (localtext != NULL && parse_local(localtext, family, &local) == -1) {
		ctl_printf(c, "422 bad local address\n");
		req_free(r);
		return;
	}
	strlcpy(r->tag, argv[1], sizeof(r->tag));
	strlcpy(r->cname, cl->name, sizeof(r->cname));
	/* the same name, tag and peer within the hold time: take it back */
	{
		struct bfd_req	*o;

		TAILQ_FOREACH(o, &orphans, centry)
			if (o->bs != NULL && strcmp(o->cname, cl->name) == 0 &&
			    strcmp(o->tag, r->tag) == 0 &&
			    IN6_ARE_ADDR_EQUAL(&o->bs->s.peer, &peer))
				break;
		if (o != NULL) {
			TAILQ_REMOVE(&orphans, o, centry);
			o->client = cl;
			o->orphaned = 0;
			TAILQ_INSERT_TAIL(&cl->reqs, o, centry);
			cl->nreqs++;
			cl->requests++;
			reply_state(c, o->tag, o->bs);
			req_free(r);
			return;
		}
	}
	r->client = cl;
	if (sess_request(r, family, &peer, ifname, localtext ? &local : NULL,
	    multihop, &why) == NULL) {
		ctl_printf(c, "%s\n", why);
		req_free(r);
		return;
	}
	TAILQ_INSERT_TAIL(&cl->reqs, r, centry);
	cl->nreqs++;
	cl->requests++;
	reply_state(c, r->tag, r->bs);
}

static void
cmd_mod(struct bfd_client *cl, struct ctl_conn *c, char **argv, int argc)
{
	struct bfd_req	*r;
	struct bfd_opts	 o;
	const char	*why;

	if (argc < 2 || (r = find_req(cl, argv[1])) == NULL) {
		ctl_printf(c, "404 unknown tag\n");
		return;
	}
	memset(&o, 0, sizeof(o));
	TAILQ_INIT(&o.auth.keys);
	if ((why = parse_opts(argv + 2, argc - 2, &o, NULL, NULL, NULL)) !=
	    NULL) {
		ctl_printf(c, "%s\n", why);
		bfd_opts_free(&o);
		return;
	}
	bfd_opts_free(&r->opts);
	r->opts = o;
	TAILQ_INIT(&r->opts.auth.keys);
	if (r->bs != NULL)
		sess_update(r->bs);
	ctl_printf(c, "200 modified\n");
}

static void
cmd_del(struct bfd_client *cl, struct ctl_conn *c, char **argv, int argc)
{
	struct bfd_req	*r;

	if (argc < 2 || (r = find_req(cl, argv[1])) == NULL) {
		ctl_printf(c, "404 unknown tag\n");
		return;
	}
	TAILQ_REMOVE(&cl->reqs, r, centry);
	cl->nreqs--;
	ctl_printf(c, "202 %s removed\n", r->tag);
	sess_unrequest(r);
	req_free(r);
}

static void
cmd_list(struct bfd_client *cl, struct ctl_conn *c)
{
	struct bfd_req	*r;
	char		 p[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];

	TAILQ_FOREACH(r, &cl->reqs, centry)
		if (r->bs != NULL)
			ctl_printf(c, "210-%s %s %s\n", r->tag,
			    peer_str(r->bs, p, sizeof(p)),
			    bfd_state_name(r->bs->s.state));
	ctl_printf(c, "210 %d requests\n", cl->nreqs);
}

/* Write what a FILE-based printer makes, as "210-" lines. */
static void
print_lines(struct ctl_conn *c, char *text)
{
	char	*line, *p = text;

	while ((line = strsep(&p, "\n")) != NULL) {
		if (p == NULL && *line == '\0')
			break;		/* after the last newline */
		ctl_printf(c, "210-%s\n", line);
	}
}

static void
cmd_show(struct ctl_conn *c, char **argv, int argc)
{
	char		*text = NULL;
	size_t		 len = 0;
	FILE		*fp;
	const char	*filter[MAXARGS];
	int		 i, all = 0, kv = 0, n = 0;
	struct bsession	*bs;

	if (argc < 2) {
		ctl_printf(c, "400 SHOW SESSIONS|CLIENTS|COUNTERS\n");
		return;
	}
	if ((fp = open_memstream(&text, &len)) == NULL) {
		ctl_printf(c, "500 out of memory\n");
		return;
	}
	if (strcasecmp(argv[1], "SESSIONS") == 0) {
		for (i = 2; i < argc; i++) {
			if (strcmp(argv[i], "all") == 0)
				all = 1;
			else if (strcmp(argv[i], "kv") == 0)
				kv = 1;
			else
				filter[n++] = argv[i];
		}
		if (kv) {
			for (bs = sess_first(); bs != NULL;
			    bs = sess_next(bs))
				if (show_selected(bs, filter, n))
					show_session_kv(fp, bs);
		} else
			show_sessions(fp, all, filter, n);
	} else if (strcasecmp(argv[1], "CLIENTS") == 0)
		control_dump_clients(fp);
	else if (strcasecmp(argv[1], "COUNTERS") == 0)
		show_counters(fp, "");
	else {
		fclose(fp);
		free(text);
		ctl_printf(c, "401 unknown command\n");
		return;
	}
	fclose(fp);
	print_lines(c, text);
	free(text);
	ctl_printf(c, "210 end\n");
}

static int
root_only(struct ctl_conn *c)
{
	uid_t	 uid;

	ctl_conn_peer(c, &uid, NULL);
	if (uid != 0) {
		ctl_printf(c, "403 permission denied\n");
		return -1;
	}
	return 0;
}

/* ENABLE/DISABLE <peer> [interface=] [local=] [multihop=1] */
static void
cmd_admin(struct ctl_conn *c, char **argv, int argc, int disable)
{
	struct bsession	*bs;
	struct bfd_opts	 o;
	struct in6_addr	 peer, local;
	const char	*ifname = NULL, *localtext = NULL;
	char		 pif[IF_NAMESIZE];
	int		 family, multihop = 0;

	if (root_only(c) == -1)
		return;
	memset(&o, 0, sizeof(o));
	TAILQ_INIT(&o.auth.keys);
	if (argc < 2 || parse_peer(argv[1], &family, &peer, pif) == -1 ||
	    parse_opts(argv + 2, argc - 2, &o, &ifname, &localtext,
	    &multihop) != NULL) {
		bfd_opts_free(&o);
		ctl_printf(c, "400 %s <peer> [interface=IF] [local=A] "
		    "[multihop=1]\n", disable ? "DISABLE" : "ENABLE");
		return;
	}
	bfd_opts_free(&o);
	if (pif[0] != '\0')
		ifname = pif;
	if (localtext != NULL && parse_local(localtext, family, &local) == -1) {
		ctl_printf(c, "422 bad local address\n");
		return;
	}
	for (bs = sess_first(); bs != NULL; bs = sess_next(bs))
		if (bs->s.family == family &&
		    IN6_ARE_ADDR_EQUAL(&bs->s.peer, &peer) &&
		    bs->s.multihop == multihop &&
		    (ifname == NULL || strcmp(ifname, bs->s.ifname) == 0) &&
		    (localtext == NULL || IN6_ARE_ADDR_EQUAL(&local,
		    &bs->s.local)))
			break;
	if (bs == NULL) {
		ctl_printf(c, "404 no such session\n");
		return;
	}
	if (bs->s.admin == BFD_ADMIN_DELETING) {
		/* saying goodbye already; held, it would never be freed */
		ctl_printf(c, "409 session is being deleted\n");
		return;
	}
	sess_disable(bs, disable);
	ctl_printf(c, "200 ok\n");
}

static void
on_connect(struct ctl_conn *c, void *arg)
{
	struct bfd_client	*cl;

	if ((cl = calloc(1, sizeof(*cl))) == NULL) {
		ctl_printf(c, "500 out of memory\n");
		ctl_conn_close(c);
		return;
	}
	cl->conn = c;
	TAILQ_INIT(&cl->reqs);
	TAILQ_INSERT_TAIL(&clients, cl, entry);
	ctl_conn_set_data(c, cl);
	ctl_printf(c, "220 bfdd 1.0 protocol 1\n");
}

/*
 * A client is gone: its requests stay for the hold time, the sessions
 * running, so that it can take them back after a restart.  bfdctl's are
 * the operator's and stay until deleted.
 */
static void
on_disconnect(struct ctl_conn *c, void *arg)
{
	struct bfd_client	*cl = ctl_conn_data(c);
	struct bfd_req		*r;
	uint64_t		 now = ev_now(bd->loop);

	if (cl == NULL)
		return;
	while ((r = TAILQ_FIRST(&cl->reqs)) != NULL) {
		TAILQ_REMOVE(&cl->reqs, r, centry);
		r->client = NULL;
		if (strcmp(cl->name, "bfdctl") == 0)
			r->orphaned = UINT64_MAX;
		else
			r->orphaned = now;
		TAILQ_INSERT_TAIL(&orphans, r, centry);
	}
	if (!TAILQ_EMPTY(&orphans) && !ev_timer_pending(&t_orphans))
		ev_timer_add(bd->loop, &t_orphans, HOLD_TICK / 4);
	TAILQ_REMOVE(&clients, cl, entry);
	free(cl);
}

/* bfdctl's requests live among the orphans, under the name "bfdctl". */
static void
adopt_operator(struct bfd_client *cl)
{
	struct bfd_req	*r, *next;

	if (strcmp(cl->name, "bfdctl") != 0)
		return;
	for (r = TAILQ_FIRST(&orphans); r != NULL; r = next) {
		next = TAILQ_NEXT(r, centry);
		if (strcmp(r->cname, "bfdctl") != 0)
			continue;
		TAILQ_REMOVE(&orphans, r, centry);
		r->client = cl;
		r->orphaned = 0;
		TAILQ_INSERT_TAIL(&cl->reqs, r, centry);
		cl->nreqs++;
	}
}

static void
on_line(struct ctl_conn *c, char *line, void *arg)
{
	struct bfd_client	*cl = ctl_conn_data(c);
	char			*argv[MAXARGS], *p = line, *tok;
	int			 argc = 0;

	while ((tok = strsep(&p, " \t")) != NULL && argc < MAXARGS)
		if (*tok != '\0')
			argv[argc++] = tok;
	if (argc == 0)
		return;
	if (strcasecmp(argv[0], "HELLO") == 0) {
		if (argc != 2 || !valid_name(argv[1], "_.-")) {
			ctl_printf(c, "400 HELLO <name>\n");
			return;
		}
		strlcpy(cl->name, argv[1], sizeof(cl->name));
		adopt_operator(cl);
		ctl_printf(c, "200 hello %s\n", cl->name);
	} else if (strcasecmp(argv[0], "ADD") == 0)
		cmd_add(cl, c, argv, argc);
	else if (strcasecmp(argv[0], "MOD") == 0)
		cmd_mod(cl, c, argv, argc);
	else if (strcasecmp(argv[0], "DEL") == 0)
		cmd_del(cl, c, argv, argc);
	else if (strcasecmp(argv[0], "LIST") == 0)
		cmd_list(cl, c);
	else if (strcasecmp(argv[0], "SUBSCRIBE") == 0) {
		if (argc != 2 || (strcasecmp(argv[1], "all") != 0 &&
		    strcasecmp(argv[1], "none") != 0)) {
			ctl_printf(c, "400 SUBSCRIBE all|none\n");
			return;
		}
		cl->subscribed = strcasecmp(argv[1], "all") == 0;
		ctl_printf(c, "200 ok\n");
	} else if (strcasecmp(argv[0], "SHOW") == 0)
		cmd_show(c, argv, argc);
	else if (strcasecmp(argv[0], "ENABLE") == 0)
		cmd_admin(c, argv, argc, 0);
	else if (strcasecmp(argv[0], "DISABLE") == 0)
		cmd_admin(c, argv, argc, 1);
	else if (strcasecmp(argv[0], "RELOAD") == 0) {
		if (root_only(c) == 0)
			ctl_printf(c, bfdd_reload() == 0 ? "200 ok\n" :
			    "500 reload failed (see the log)\n");
	} else if (strcasecmp(argv[0], "DUMP") == 0) {
		if (root_only(c) == 0) {
			dump_to_file();
			ctl_printf(c, "200 ok\n");
		}
	} else if (strcasecmp(argv[0], "CLEAR") == 0 && argc == 2 &&
	    strcasecmp(argv[1], "COUNTERS") == 0) {
		if (root_only(c) == 0) {
			memset(bd->stats.drops, 0, sizeof(bd->stats.drops));
			bd->stats.rx_packets = bd->stats.tx_packets = 0;
			bd->stats.tx_errors = 0;
			bd->stats.tx_socket_fails = 0;
			bd->stats.tx_late = bd->stats.tx_late_max_us = 0;
			bd->stats.tx_silent = bd->stats.tx_silent_max_us = 0;
			ctl_printf(c, "200 ok\n");
		}
	} else if (strcasecmp(argv[0], "QUIT") == 0) {
		ctl_printf(c, "200 bye\n");
		ctl_conn_close(c);
	} else
		ctl_printf(c, "401 unknown command\n");
}

static const struct ctl_ops ops = {
	on_connect, on_line, on_disconnect, "400 line too long"
};

/*
 * The mode and group the listening socket has now (its path is the
 * server's): a reload compares the configuration with them, not with
 * the old configuration, so that one whose move failed is tried again
 * at the next.
 */
static struct {
	mode_t	 mode;
	gid_t	 gid;
} cur;

static void
control_limits(const struct bfd_conf *conf, struct ctl_limits *lim)
{
	/*
	 * A reply is queued whole: room for `show sessions all` of every
	 * session (a detail block is under 1 kB), beyond which a client
	 * that does not read is cut off.
	 */
	lim->max_line = 1024;
	lim->max_output = 256 * 1024;
	lim->max_clients = 64;
	if (lim->max_output < (size_t)conf->max_sessions * 1200 + 65536)
		lim->max_output = (size_t)conf->max_sessions * 1200 + 65536;
}

/* The socket's group: control-group, or that of the daemon (root's). */
static gid_t
control_gid(const struct bfd_conf *conf)
{
	struct group	*gr;

	if (conf->control_group == NULL)
		return getegid();
	if ((gr = getgrnam(conf->control_group)) == NULL) {
		log_warnx("control-group %s: no such group",
		    conf->control_group);
		return getegid();
	}
	return gr->gr_gid;
}

static const char *
control_path(const struct bfd_conf *conf)
{
	return bd->sock_path != NULL ? bd->sock_path : conf->control_socket;
}

int
control_open(const struct bfd_conf *conf)
{
	struct ctl_limits	 lim;

	control_limits(conf, &lim);
	ev_timer_init(&t_orphans, orphans_due, NULL);
	cur.mode = conf->control_mode;
	cur.gid = control_gid(conf);
	srv = ctl_server_open_daemon(bd->loop, "control socket",
	    control_path(conf), cur.mode, cur.gid, &ops, &lim, NULL);
	return 0;
}

/*
 * A reload: the socket follows control-socket, control-mode and
 * control-group, and the clients connected stay, their requests and
 * sessions with them.  If the new socket cannot be made, the old one
 * goes on and the reason is logged.
 */
void
control_reload(const struct bfd_conf *conf)
{
	struct ctl_limits	 lim;
	const char		*path = control_path(conf);
	gid_t			 gid = control_gid(conf);
	int			 moved;

	control_limits(conf, &lim);
	ctl_server_set_limits(srv, &lim);
	moved = strcmp(path, ctl_server_path(srv)) != 0;
	if (!moved && conf->control_mode == cur.mode && gid == cur.gid)
		return;
	if (ctl_server_move(srv, path, conf->control_mode, gid) == -1) {
		if (errno == EADDRINUSE)
			log_warnx("reload: control socket %s: another server "
			    "answers there; still listening on %s", path,
			    ctl_server_path(srv));
		else if (errno == EEXIST)
			log_warnx("reload: control socket %s: a file that is "
			    "not a socket is there; still listening on %s",
			    path, ctl_server_path(srv));
		else
			log_warn("reload: control socket %s (still listening "
			    "on %s)", path, ctl_server_path(srv));
		return;
	}
	log_info("control socket %s, mode %04o, group %u%s", path,
	    (unsigned)conf->control_mode, (unsigned)gid,
	    moved ? " (moved; clients kept)" : "");
	cur.mode = conf->control_mode;
	cur.gid = gid;
}

void
control_close(void)
{
	struct bfd_req	*r;

	ctl_server_close(srv);
	srv = NULL;
	while ((r = TAILQ_FIRST(&orphans)) != NULL) {
		TAILQ_REMOVE(&orphans, r, centry);
		req_free(r);
	}
	ev_timer_cancel(bd->loop, &t_orphans);
}
