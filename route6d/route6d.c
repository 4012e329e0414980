/*
 * route6d: main(), start-up and shutdown, signals, and the three timers
 * (regular updates, the triggered-update hold, route expiry).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "daemon.h"
#include "ev.h"
#include "ifinfo.h"
#include "log.h"
#include "route6d.h"
#include "rtsock.h"

static struct route6d	 rd_store;
struct route6d		*rd = &rd_store;

static struct ev_signal	 sig_dump[3], sig_term[2], sig_pipe;

/* A uniform random time in [0, t). */
static uint64_t
random_us(uint64_t t)
{
	if (t == 0)
		return 0;
	return ((uint64_t)arc4random() << 32 | arc4random()) % t;
}

/*
 * The triggered-update hold time of RFC 2080 2.5.1 is 1 to 5 seconds
 * against a 30 s update interval; -i scales both alike, so tests with
 * fast timers keep the same proportions.
 */
static uint64_t
hold_min(void)
{
	return rd->cfg.t_update / 30;
}

static void
schedule_update(uint64_t now)
{
	/* 30 s +- 15 s, drawn afresh each time, as KAME */
	rd->next_update = now + rd->cfg.t_update / 2 +
	    random_us(rd->cfg.t_update);
	ev_timer_at(rd->loop, &rd->t_update, rd->next_update);
}

/* Forget neighbours silent for longer than a route could live. */
static void
prune_neighbors(uint64_t now)
{
	struct neighbor	*n, *next;
	uint64_t	 life = rd->cfg.t_timeout + rd->cfg.t_garbage;

	for (n = TAILQ_FIRST(&rd->nbrs); n != NULL; n = next) {
		next = TAILQ_NEXT(n, entry);
		if (now - n->last > life || iface_find(n->ifindex) == NULL)
			neighbor_free(n);
	}
}

static void
regular_update(struct ev_timer *t, void *arg)
{
	prune_neighbors(ev_now(rd->loop));
	io_update_all(OUT_REGULAR);
	/* it carried every change: no triggered update is owed any more */
	rib_clear_changed(&rd->rib);
	rd->trigger_pending = 0;
	schedule_update(ev_now(rd->loop));
	daemon_title("%zu routes", rd->rib.count);
	after_event();
}

static void
send_triggered(void)
{
	uint64_t	 now = ev_now(rd->loop);

	rd->trigger_pending = 0;
	/* a regular update is about to go: it will carry the change */
	if (rd->next_update <= now + hold_min())
		return;
	io_update_all(OUT_TRIGGERED);
	rib_clear_changed(&rd->rib);
	rd->trigger_hold = 1;
	ev_timer_add(rd->loop, &rd->t_trigger, hold_min() +
	    random_us(4 * hold_min()));
}

static void
trigger_hold_end(struct ev_timer *t, void *arg)
{
	rd->trigger_hold = 0;
	if (rd->trigger_pending)
		send_triggered();
	after_event();
}

/*
 * RFC 2080 2.5.1: a change is told at once, then further changes wait
 * out a random 1-5 s hold and go together (KAME sent every one at once,
 * its F2).
 */
void
trigger_request(void)
{
	if (rd->shutting_down)
		return;
	if (rd->trigger_hold)
		rd->trigger_pending = 1;
	else
		send_triggered();
}

/*
 * A learned route is gone (withdrawn, timed out, or its link went down):
 * ask the neighbours for their tables, so a path around the loss is
 * known in a round trip instead of at their next regular update.  RFC
 * 2080 allows a request at any time; answers follow split horizon, and
 * we ask at most once per triggered-update hold.
 */
static void
ask_neighbours(struct ev_timer *t, void *arg)
{
	struct rip_if	*ifp;
	uint64_t	 now = ev_now(rd->loop);

	if (now < rd->next_ask) {
		ev_timer_at(rd->loop, &rd->t_ask, rd->next_ask);
		return;
	}
	rd->next_ask = now + hold_min();
	TAILQ_FOREACH(ifp, &rd->ifs, entry)
		io_send_request(ifp);
}

static void
age_routes(struct ev_timer *t, void *arg)
{
	rib_age(&rd->rib, ev_now(rd->loop));
	after_event();
}

/* After every event: push kernel changes, tell neighbours, re-arm. */
void
after_event(void)
{
	uint64_t	 soonest;

	kernel_flush();
	if (rd->rib.trigger)
		trigger_request();
	if (rd->rib.lost && !rd->shutting_down) {
		rd->rib.lost = 0;
		if (!ev_timer_pending(&rd->t_ask))
			ask_neighbours(&rd->t_ask, NULL);
	}
	soonest = rib_soonest(&rd->rib);
	if (soonest != 0 && (!ev_timer_pending(&rd->t_age) ||
	    soonest < rd->t_age.when))
		ev_timer_at(rd->loop, &rd->t_age, soonest);
}

static void
on_dump(struct ev_signal *s, int signo, void *arg)
{
	dump_to_file();
}

/*
 * SIGTERM: tell the neighbours every route is gone (metric 16) so they
 * need not wait 180 s, take our routes out of the kernel, and exit 0.
 * (KAME left learned routes in the kernel and exited 1, its K10.)
 */
static void
on_term(struct ev_signal *s, int signo, void *arg)
{
	struct rt_entry	*rt;
	uint64_t	 now = ev_now(rd->loop);

	log_info("**** Terminated ****");
	rd->shutting_down = 1;
	for (rt = rib_first(&rd->rib); rt != NULL;
	    rt = rib_next(&rd->rib, rt))
		rib_withdraw(&rd->rib, rt, now);
	io_update_all(OUT_TRIGGERED);
	kernel_flush();
	kernel_shutdown();
	control_close();
	daemon_pidfile_remove(rd->pfh);
	exit(0);
}

static void
add_aggregates(void)
{
	const struct filter	*f;
	struct in6_addr		 lo = IN6ADDR_LOOPBACK_INIT;
	struct ifinfo_if	*ii;
	uint32_t		 loidx = 0;

	for (ii = ifinfo_first(rd->ifinfo); ii != NULL; ii = ifinfo_next(ii))
		if (ii->flags & IFF_LOOPBACK)
			loidx = ii->index;
	rd->lo_index = loidx;
	/* the aggregate is a reject route: no loops for what it covers */
	TAILQ_FOREACH(f, &rd->cfg.filters, entry)
		if (f->type == 'A')
			rib_local(&rd->rib, RT_AGGREGATE, &f->prefix, f->plen,
			    1, rd->cfg.tag, &lo, loidx, 0);
}

/* Warn about filters that name no interface (yet): not fatal. */
static void
check_filters(void)
{
	const struct filter	*f;
	struct ifinfo_if	*ii;
	int			 found;

	TAILQ_FOREACH(f, &rd->cfg.filters, entry) {
		found = 0;
		for (ii = ifinfo_first(rd->ifinfo); ii != NULL && !found;
		    ii = ifinfo_next(ii))
			found = filter_match_if(f, ii->name);
		if (!found)
			log_warnx("no interface %s exists (yet): the %s filter "
			    "applies when it appears", f->ifpat,
			    filter_name(f->type));
	}
}

int
main(int argc, char *argv[], char *envp[])
{
	uint64_t	 now;

	daemon_title_init(argc, argv, envp);
	log_init("route6d", 1, LOG_DAEMON);
	config_parse(&rd->cfg, argc, argv);
	if (rd->cfg.check) {
		config_print(&rd->cfg, stdout);
		exit(0);
	}
	log_init("route6d", rd->cfg.debug > 0, LOG_DAEMON);
	log_setverbose(rd->cfg.debug > 0);
	TAILQ_INIT(&rd->nbrs);
	rd->sock = -1;

	/* a second instance must stop before it touches anything */
	rd->pfh = daemon_pidfile_claim("route6d", rd->cfg.pidfile);
	if (rd->cfg.routelog != NULL) {
		if ((rd->routelog = fopen(rd->cfg.routelog, "w")) == NULL)
			fatal("Can not write to routelog");
		setvbuf(rd->routelog, NULL, _IOLBF, 0);	/* KAME never flushed */
	}
	if ((rd->loop = ev_loop_new()) == NULL)
		fatal("event loop");
	ev_timer_init(&rd->t_update, regular_update, NULL);
	ev_timer_init(&rd->t_trigger, trigger_hold_end, NULL);
	ev_timer_init(&rd->t_age, age_routes, NULL);
	ev_timer_init(&rd->t_ask, ask_neighbours, NULL);
	if (ev_signal_add(rd->loop, &sig_dump[0], SIGUSR1, on_dump, NULL) ||
	    ev_signal_add(rd->loop, &sig_dump[1], SIGHUP, on_dump, NULL) ||
	    ev_signal_add(rd->loop, &sig_dump[2], SIGINT, on_dump, NULL) ||
	    ev_signal_add(rd->loop, &sig_term[0], SIGTERM, on_term, NULL) ||
	    ev_signal_add(rd->loop, &sig_term[1], SIGQUIT, on_term, NULL))
		fatal("signals");
	signal(SIGPIPE, SIG_IGN);
	(void)sig_pipe;

	rib_init(&rd->rib, &kernel_hooks, rd->cfg.t_timeout,
	    rd->cfg.t_garbage, rd->cfg.max_routes);
	io_open();
	kernel_open();
	iface_init();
	check_filters();
	now = ev_now_update(rd->loop);
	rd->started = now;
	add_aggregates();
	kernel_import(now);
	control_open();
	if (!rd->cfg.debug) {
		if (daemon_detach() == -1 || ev_loop_fork(rd->loop) == -1)
			fatal("daemon");
		log_init("route6d", 0, LOG_DAEMON);
	}
	if (daemon_pidfile_write(rd->pfh) == -1)
		log_warn("pid file %s", rd->cfg.pidfile);
	/* the first update goes 5-15 s after start (scaled by -i) */
	rd->next_update = now + rd->cfg.t_update / 6 +
	    random_us(rd->cfg.t_update / 3);
	ev_timer_at(rd->loop, &rd->t_update, rd->next_update);
	bfd_start();
	/* now the interfaces: requests and a first update on each */
	iface_start();
	after_event();
	if (rd->cfg.debug)
		dump_tables(stderr);
	log_info("**** Started ****");
	daemon_title("%zu routes", rd->rib.count);
	if (ev_loop_run(rd->loop) == -1)
		fatal("event loop");
	return 0;
}
