/*
 * bfdd: main(), the command line, the neighbors of the configuration,
 * reload (SIGHUP) that keeps unchanged sessions up, and the graceful exit
 * (SIGTERM) that tells every peer AdminDown first.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "bfdd.h"
#include "daemon.h"
#include "ifinfo.h"

static struct bfdd	 bd_store;
struct bfdd		*bd = &bd_store;

static struct ev_signal	 sig_hup, sig_term, sig_int, sig_usr1, sig_usr2;
static struct ev_timer	 t_exit, t_exit_poll;
static struct pidfh	*pfh;
static struct bfd_reqlist nbr_reqs = TAILQ_HEAD_INITIALIZER(nbr_reqs);

static __dead void
usage(void)
{
	fprintf(stderr, "usage: bfdd [-dDfnV] [-c file] [-p pidfile] "
	    "[-s socket]\n");
	exit(1);
}

static int
same_neighbor(const struct bfd_neighbor *a, const struct bfd_neighbor *b)
{
	return a->family == b->family && a->multihop == b->multihop &&
	    IN6_ARE_ADDR_EQUAL(&a->addr, &b->addr) &&
	    (a->multihop ? IN6_ARE_ADDR_EQUAL(&a->local, &b->local) :
	    strcmp(a->ifname, b->ifname) == 0);
}

/* configured neighbors refused for want of room, tried again later */
static int		 nbr_refused;
static struct ev_timer	 t_refused;

/* The session's description: its neighbor statement's, or none. */
static void
describe(struct bsession *bs, const char *text)
{
	free(bs->description);
	bs->description = NULL;
	if (text != NULL && (bs->description = strdup(text)) == NULL)
		log_warn("description");
}

static void
add_neighbor(const struct bfd_neighbor *n)
{
	struct bfd_req	*r;
	const char	*why;
	char		 buf[INET6_ADDRSTRLEN];

	if ((r = calloc(1, sizeof(*r))) == NULL)
		fatal("calloc");
	TAILQ_INIT(&r->opts.auth.keys);
	r->nbr = n;
	strlcpy(r->cname, "config", sizeof(r->cname));
	snprintf(r->tag, sizeof(r->tag), "line%d", n->line);
	if (sess_request(r, n->family, &n->addr, n->ifname,
	    n->has_local ? &n->local : NULL, n->multihop, &why) == NULL) {
		log_warnx("neighbor %s (line %d): %s",
		    inet_ntop(AF_INET6, &n->addr, buf, sizeof(buf)), n->line,
		    why + 4);
		if (strncmp(why, "429", 3) == 0)
			nbr_refused++;
		free(r);
		return;
	}
	TAILQ_INSERT_TAIL(&nbr_reqs, r, centry);
	if (n->description != NULL && r->bs->description == NULL)
		describe(r->bs, n->description);
	if (n->shutdown && r->bs->s.admin != BFD_ADMIN_DISABLED)
		sess_disable(r->bs, 1);
}

/*
 * Make the sessions of the configured neighbors match the new
 * configuration: unchanged ones are kept (only their parameters are
 * re-evaluated, with a poll if need be), removed ones say AdminDown.
 */
static void
apply_neighbors(struct bfd_conf *conf)
{
	struct bfd_req		*r, *next;
	struct bfd_neighbor	*n;
	int			 found;

	nbr_refused = 0;
	for (r = TAILQ_FIRST(&nbr_reqs); r != NULL; r = next) {
		next = TAILQ_NEXT(r, centry);
		found = 0;
		TAILQ_FOREACH(n, &conf->neighbors, entry)
			if (same_neighbor(r->nbr, n)) {
				found = 1;
				break;
			}
		if (found) {
			r->nbr = n;
			/* a reload may change it, or take it away */
			describe(r->bs, n->description);
			continue;
		}
		TAILQ_REMOVE(&nbr_reqs, r, centry);
		/* a client's request may keep the session: not the note */
		describe(r->bs, NULL);
		sess_unrequest(r);
		free(r);
	}
	TAILQ_FOREACH(n, &conf->neighbors, entry) {
		found = 0;
		TAILQ_FOREACH(r, &nbr_reqs, centry)
			if (r->nbr == n)
				found = 1;
		if (!found)
			add_neighbor(n);
	}
}

static void
refused_due(struct ev_timer *t, void *arg)
{
	if (nbr_refused > 0)
		apply_neighbors(bd->conf);
}

/*
 * A session went: room for a configured neighbor refused at
 * max-sessions, tried again after the loop's pass (not from inside
 * sess_free), once for a burst of frees.
 */
void
bfdd_session_freed(void)
{
	if (nbr_refused > 0 && !ev_timer_pending(&t_refused))
		ev_timer_add(bd->loop, &t_refused, 0);
}

static int
sockets_differ(const struct bfd_conf *a, const struct bfd_conf *b)
{
	return a->accept != b->accept || a->strict_bind != b->strict_bind ||
	    a->tclass != b->tclass || a->kernel_ttl_check !=
	    b->kernel_ttl_check || a->zero_udp6_checksum_rx !=
	    b->zero_udp6_checksum_rx;
}

/* Messages of a reload go to the log, the daemon having no terminal. */
static void
conf_msg(int is_error, const char *msg, void *arg)
{
	if (is_error)
		log_warnx("reload failed: %s", msg);
	else
		log_warnx("%s", msg);
}

int
bfdd_reload(void)
{
	struct bfd_conf		*conf, *old = bd->conf;
	struct bfd_req		*r;
	struct bsession		*bs;
	int			 errors = 0;

	log_info("reloading %s", bd->conf_path);
	bfd_conf_msgfn(conf_msg, NULL);
	conf = bfd_conf_load(bd->conf_path, 1, &errors);
	bfd_conf_msgfn(NULL, NULL);
	if (conf == NULL) {
		log_warnx("reload failed: %d error(s) in %s; the running "
		    "configuration is kept", errors, bd->conf_path);
		return -1;
	}
	bd->conf = conf;
	if (sockets_differ(conf, old)) {
		/* new sockets; the sessions go on */
		io_close();
		if (io_open(conf) == -1) {
			/* back to what ran, sockets included */
			bd->conf = old;
			if (io_open(old) == -1)
				fatal("reload: the old sockets cannot be "
				    "opened again either");
			bfd_conf_free(conf);
			log_warnx("reload failed: the new sockets cannot be "
			    "opened; the running configuration is kept");
			return -1;
		}
	}
	control_reload(conf);
	if (conf->log_facility != old->log_facility)
		log_set_facility(conf->log_facility);
	apply_neighbors(conf);
	/* parameters of every session, with polls where they changed */
	for (bs = sess_first(); bs != NULL; bs = sess_next(bs)) {
		sess_update(bs);
		TAILQ_FOREACH(r, &bs->reqs, sentry)
			if (r->nbr != NULL && ((r->nbr->shutdown &&
			    bs->s.admin == BFD_ADMIN_OFF) ||
			    (!r->nbr->shutdown &&
			    bs->s.admin == BFD_ADMIN_DISABLED)))
				sess_disable(bs, r->nbr->shutdown);
	}
	bfd_conf_free(old);
	log_info("reloaded %s", bd->conf_path);
	return 0;
}

static void
on_hup(struct ev_signal *s, int signo, void *arg)
{
	bfdd_reload();
}

static void
on_usr1(struct ev_signal *s, int signo, void *arg)
{
	dump_to_file();
}

static int	 base_verbose;	/* -d or -D */

static void
on_usr2(struct ev_signal *s, int signo, void *arg)
{
	bd->trace = !bd->trace;
	/* trace off: back to what the command line asked for */
	log_setverbose(bd->trace || base_verbose);
	log_info("packet trace %s", bd->trace ? "on" : "off");
}

static __dead void
finish(void)
{
	io_flush(NULL);
	sess_free_all();
	control_close();
	io_close();
	daemon_pidfile_remove(pfh);
	log_info("exiting");
	exit(0);
}

static void
exit_cap(struct ev_timer *t, void *arg)
{
	finish();
}

static void
exit_poll(struct ev_timer *t, void *arg)
{
	if (sess_count() == 0)
		finish();
	ev_timer_add(bd->loop, t, 10000);
}

/*
 * SIGTERM: every session says AdminDown (diag 7) at its pace for the
 * peer's detection time, clients hear 602, and the exit waits for that,
 * 2 s at most.  Peers and their clients then see no failure (RFC 5882 3.2).
 */
static void
on_term(struct ev_signal *s, int signo, void *arg)
{
	if (bd->exiting)
		finish();
	bd->exiting = 1;
	sess_tx_late_flush();
	log_info("shutting down: AdminDown to %d sessions", sess_count());
	control_shutdown();
	if (!bd->conf->exit_admin_down)
		finish();
	sess_shutdown();
	ev_timer_init(&t_exit, exit_cap, NULL);
	ev_timer_add(bd->loop, &t_exit, 2000000);
	ev_timer_init(&t_exit_poll, exit_poll, NULL);
	ev_timer_add(bd->loop, &t_exit_poll, 0);
}

int
main(int argc, char *argv[], char *envp[])
{
	const char	*pidpath = BFDD_PID;
	int		 ch, debug = 0, fg = 0, check = 0, errors = 0;
	long		 nofile;

	daemon_title_init(argc, argv, envp);
	log_init("bfdd", 1, LOG_DAEMON);
	bd->conf_path = BFDD_CONF;
	while ((ch = getopt(argc, argv, "c:dDfnp:s:V")) != -1) {
		switch (ch) {
		case 'c':
			bd->conf_path = optarg;
			break;
		case 'd':
			debug = 1;
			break;
		case 'D':
			debug = 1;
			bd->trace = 1;
			break;
		case 'f':
			fg = 1;
			break;
		case 'n':
			check = 1;
			break;
		case 'p':
			pidpath = optarg;
			break;
		case 's':
			bd->sock_path = optarg;
			break;
		case 'V':
			printf("bfdd (turtle6) 1.0\n");
			exit(0);
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	/* a missing file is fine: sessions then come from clients */
	bd->conf = bfd_conf_load(bd->conf_path, !check, &errors);
	if (bd->conf == NULL)
		exit(1);
	if (check) {
		bfd_conf_print(bd->conf, stdout);
		exit(0);
	}
	log_init("bfdd", debug || fg, bd->conf->log_facility);
	log_setverbose(debug);
	base_verbose = debug;
	pfh = daemon_pidfile_claim("bfdd", pidpath);
	if ((bd->loop = ev_loop_new()) == NULL)
		fatal("event loop");
	if (ev_signal_add(bd->loop, &sig_hup, SIGHUP, on_hup, NULL) ||
	    ev_signal_add(bd->loop, &sig_term, SIGTERM, on_term, NULL) ||
	    ev_signal_add(bd->loop, &sig_int, SIGINT, on_term, NULL) ||
	    ev_signal_add(bd->loop, &sig_usr1, SIGUSR1, on_usr1, NULL) ||
	    ev_signal_add(bd->loop, &sig_usr2, SIGUSR2, on_usr2, NULL))
		fatal("signals");
	signal(SIGPIPE, SIG_IGN);
	/* a socket per session (io.c), as many as the limit allows */
	if ((nofile = daemon_raise_nofile()) == -1)
		log_warn("raising the open files limit");
	io_set_nofile(nofile);
	ev_timer_init(&t_refused, refused_due, NULL);
	sess_init();
	if (io_open(bd->conf) == -1)
		fatalx("cannot open the BFD sockets");
	/* the socket exists before the daemon detaches: scripts may wait */
	control_open(bd->conf);
	apply_neighbors(bd->conf);
	if (!debug && !fg) {
		if (daemon_detach() == -1 || ev_loop_fork(bd->loop) == -1)
			fatal("daemon");
		log_init("bfdd", 0, bd->conf->log_facility);
	}
	if (daemon_pidfile_write(pfh) == -1)
		log_warn("pid file %s", pidpath);
	log_info("started, %d sessions", sess_count());
	if (ev_loop_run(bd->loop) == -1)
		fatal("event loop");
	return 0;
}
