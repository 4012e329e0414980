/*
 * dhcp6c: main(), the command line, the DUID, signals (SIGTERM releases
 * and exits, SIGHUP releases, re-reads the configuration and starts
 * again, SIGUSR1 logs the counters) and the end of -i mode.
 */
#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "daemon.h"
#include "dhcp6c.h"
#include "dhcp6cd.h"
#include "log.h"

static struct ev_signal	 sig_hup, sig_term, sig_int, sig_chld, sig_usr1;
static struct pidfh	*pfh;
static const char	*conf_path = DHCP6C_CONF;
static struct c6_conf	*conf;
static char		**ifnames;
static int		 nifnames;

static __dead void
usage(void)
{
	fprintf(stderr, "usage: dhcp6c [-dDfinR] [-c configfile] "
	    "[-k ctlkeyfile] [-l leasefile] [-p pidfile] [-s statussock] "
	    "[-u duidfile] "
	    "interface [interfaces...]\n");
	exit(0);	/* as WIDE's dhcp6c */
}

static struct d6ctl_server *ctl;

static __dead void
finish(void)
{
	d6ctl_server_close(ctl);
	status_close();
	io_close();
	if (pfh != NULL)
		daemon_pidfile_remove(pfh);
	log_info("exiting");
	exit(0);
}

static void
free_ifs(void)
{
	struct c6_if	*ci;

	while ((ci = TAILQ_FIRST(&g.ifs)) != NULL) {
		TAILQ_REMOVE(&g.ifs, ci, entry);
		ev_timer_cancel(g.loop, &ci->timer);
		free(ci);
	}
	g.nifs = 0;
}

/* One client per interface of the command line. */
static int
make_ifs(struct c6_conf *c)
{
	struct c6_ifconf	*ifc;
	struct c6_if		*ci;
	int			 i;

	for (i = 0; i < nifnames; i++) {
		if ((ifc = c6_conf_if(c, ifnames[i])) == NULL &&
		    (ifc = c6_conf_add_if(c, ifnames[i])) == NULL)
			return -1;
		if (g.info_mode && ifc->noro == 0) {
			/*
			 * -i reads no configuration: ask for what it prints
			 * (servers such as Kea send only what is asked for)
			 */
			ifc->oro[ifc->noro++] = D6O_DNS_SERVERS;
			ifc->oro[ifc->noro++] = D6O_DOMAIN_LIST;
			ifc->oro[ifc->noro++] = D6O_SNTP_SERVERS;
			ifc->oro[ifc->noro++] = D6O_SIP_SERVER_A;
			ifc->oro[ifc->noro++] = D6O_SIP_SERVER_D;
		}
		if ((ci = calloc(1, sizeof(*ci))) == NULL)
			return -1;
		ci->conf = ifc;
		TAILQ_INSERT_TAIL(&g.ifs, ci, entry);
		g.nifs++;
	}
	return 0;
}

static int
all_stopped(void)
{
	struct c6_if	*ci;

	TAILQ_FOREACH(ci, &g.ifs, entry)
		if (ci->cl.state != C6_STOPPED)
			return 0;
	return 1;
}

static void
restart(void)
{
	struct c6_conf	*nc = NULL;
	int		 errors;

	g.restarting = 0;
	if (conf_path != NULL) {
		if ((nc = c6_conf_load(conf_path, NULL, 0, &errors)) == NULL)
			log_warnx("reload: %d error(s) in %s; the running "
			    "configuration is kept", errors, conf_path);
	}
	free_ifs();
	if (nc != NULL) {
		c6_conf_free(conf);
		conf = nc;
	}
	if (make_ifs(conf) == -1)
		fatal("restart");
	io_close();
	if (io_open() == -1)
		fatal("restart");
	log_info("restarting");
	io_start();
}

void
check_done(void)
{
	struct c6_if	*ci;
	int		 done = 1;

	if (g.info_mode) {
		TAILQ_FOREACH(ci, &g.ifs, entry)
			if (!ci->cl.info_done)
				done = 0;
		if (done)
			finish();
		return;
	}
	if (!all_stopped())
		return;
	if (g.exiting)
		finish();
}

/* Called from the loop's post hook: a restart frees what callers use. */
static void
post(void *arg)
{
	struct c6_if	*ci;

	if (g.restarting && all_stopped())
		restart();
	TAILQ_FOREACH(ci, &g.ifs, entry)
		if (ci->start_after_stop && ci->cl.state == C6_STOPPED)
			io_restart_if(ci);
}

static void
stop_all(int release)
{
	struct c6_if	*ci;
	uint64_t	 now = now_ms();

	TAILQ_FOREACH(ci, &g.ifs, entry) {
		c6_stop(&ci->cl, now, release);
		ev_timer_cancel(g.loop, &ci->timer);
		if (c6_next(&ci->cl) != UINT64_MAX)
			ev_timer_at(g.loop, &ci->timer,
			    c6_next(&ci->cl) * 1000);
	}
}

static void
on_term(struct ev_signal *s, int signo, void *arg)
{
	if (g.exiting)
		finish();	/* a second signal: at once */
	g.exiting = 1;
	log_info("%s, %s", signo == SIGTERM ? "SIGTERM" : "SIGINT",
	    g.keep ? "keeping the leases" : "releasing");
	stop_all(!g.keep);
	check_done();
}

static void
on_hup(struct ev_signal *s, int signo, void *arg)
{
	if (g.exiting || g.info_mode)
		return;
	log_info("SIGHUP: release, reload %s, start again", conf_path);
	g.restarting = 1;
	stop_all(1);
}

/* The interface a start or stop names: u32 type 4, u32 length, name. */
static struct c6_if *
ctl_iface(const struct d6ctl_msg *m)
{
	const uint8_t	*d = m->data;
	struct c6_if	*ci;
	uint32_t	 len;

	if (m->datalen < 9 || ((uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 |
	    (uint32_t)d[2] << 8 | d[3]) != D6CTL_INTERFACE) {
		log_info("unknown control object");
		return NULL;
	}
	len = (uint32_t)d[4] << 24 | (uint32_t)d[5] << 16 |
	    (uint32_t)d[6] << 8 | d[7];
	if (len < 2 || len > IF_NAMESIZE || m->datalen != 8 + len ||
	    d[8 + len - 1] != '\0') {
		log_info("invalid interface name in a control command");
		return NULL;
	}
	TAILQ_FOREACH(ci, &g.ifs, entry)
		if (strcmp(ci->conf->ifname, (const char *)d + 8) == 0)
			return ci;
	log_info("control command for %s, which dhcp6c does not run on",
	    (const char *)d + 8);
	return NULL;
}

/* dhcp6ctl -C: reload, stop, stop interface IF, start interface IF. */
static void
on_ctl(const struct d6ctl_msg *m, void *arg)
{
	struct c6_if	*ci;

	switch (m->command) {
	case D6CTL_RELOAD:
		if (m->datalen != 0) {
			log_info("invalid command length for reload");
			return;
		}
		on_hup(NULL, SIGHUP, NULL);
		break;
	case D6CTL_STOP:
		if (m->datalen == 0) {
			on_term(NULL, SIGTERM, NULL);
			return;
		}
		if ((ci = ctl_iface(m)) == NULL)
			return;
		log_info("%s: stopped by dhcp6ctl", ci->conf->ifname);
		ci->start_after_stop = 0;
		c6_stop(&ci->cl, now_ms(), 1);
		rearm(ci);
		break;
	case D6CTL_START:
		if ((ci = ctl_iface(m)) == NULL)
			return;
		log_info("%s: restarted by dhcp6ctl", ci->conf->ifname);
		ci->start_after_stop = 1;
		if (ci->cl.state != C6_STOPPED) {
			c6_stop(&ci->cl, now_ms(), 1);
			rearm(ci);
		}
		break;
	default:
		log_info("unknown control command: %u (len=%zu)", m->command,
		    m->datalen);
	}
}

static void
on_chld(struct ev_signal *s, int signo, void *arg)
{
	d6_script_reap();
}

static void
on_usr1(struct ev_signal *s, int signo, void *arg)
{
	struct c6_if	*ci;
	int		 i;
	char		 line[512];
	size_t		 n;

	TAILQ_FOREACH(ci, &g.ifs, entry) {
		n = (size_t)snprintf(line, sizeof(line), "%s: state %s,",
		    ci->conf->ifname, c6_state_name(ci->cl.state));
		for (i = 0; i < C6D_NDROPS && n < sizeof(line); i++)
			n += (size_t)snprintf(line + n, sizeof(line) - n,
			    " %s %llu", c6_drop_name(i),
			    (unsigned long long)ci->cl.drops[i]);
		log_info("%s", line);
	}
	log_info("dropped: %llu on other interfaces",
	    (unsigned long long)g.drops_if);
}

static void
load_duid(const char *path)
{
	char	 s[3 * D6_DUID_MAX];

	if (d6_duid_read(path, &g.duid) == 0) {
		log_debug("extracted an existing DUID from %s", path);
	} else if (errno == ENOENT) {
		if (make_duid(&g.duid) == -1)
			fatalx("failed to get a hardware address");
		if (d6_duid_write(path, &g.duid) == -1)
			fatal("DUID file %s", path);
		log_info("saved generated DUID to %s", path);
	} else if (errno == EINVAL)
		fatalx("DUID file corrupted: %s", path);
	else
		fatal("DUID file %s", path);
	log_info("DUID %s", d6_duid_str(g.duid.data, g.duid.len, s,
	    sizeof(s)));
}

int
main(int argc, char *argv[], char *envp[])
{
	const char	*pidpath = DHCP6C_PID, *duidpath = DHCP6C_DUID;
	const char	*ctlkey = DHCP6C_CTLKEY, *statuspath = NULL;
	int		 ch, debug = 0, check = 0, errors = 0, i, j;

	daemon_title_init(argc, argv, envp);
	log_init("dhcp6c", 1, LOG_DAEMON);
	g.sock = -1;
	g.lease_path = DHCP6C_LEASES;
	TAILQ_INIT(&g.ifs);
	while ((ch = getopt(argc, argv, "c:dDfik:l:np:Rs:u:")) != -1) {
		switch (ch) {
		case 'c':
			conf_path = optarg;
			break;
		case 'd':
			debug = 1;
			break;
		case 'D':
			debug = 1;
			g.trace = 1;
			break;
		case 'f':
			g.foreground = 1;
			break;
		case 'i':
			g.info_mode = 1;
			break;
		case 'k':
			ctlkey = optarg;
			break;
		case 'l':
			g.lease_path = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'p':
			pidpath = optarg;
			break;
		case 'R':
			g.keep = 1;
			break;
		case 's':
			statuspath = optarg;
			break;
		case 'u':
			duidpath = optarg;
			break;
		default:
			usage();
		}
	}
	ifnames = argv + optind;
	nifnames = argc - optind;
	if (nifnames == 0 && !check)
		usage();
	if (g.info_mode) {
		/* -i: the configuration file is not read (WIDE) */
		if ((conf = calloc(1, sizeof(*conf))) == NULL)
			fatal("calloc");
		TAILQ_INIT(&conf->ifs);
		TAILQ_INIT(&conf->ias);
		conf_path = NULL;
		g.foreground = 1;
	} else if ((conf = c6_conf_load(conf_path, NULL, 0, &errors)) ==
	    NULL) {
		fprintf(stderr, "dhcp6c: failed to parse configuration file "
		    "%s (%d error(s))\n", conf_path, errors);
		exit(1);
	}
	if (check) {
		c6_conf_print(conf, stdout);
		exit(0);
	}
	for (i = 0; i < nifnames; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(ifnames[i], ifnames[j]) == 0)
				break;
		if (j < i || if_nametoindex(ifnames[i]) == 0) {
			fprintf(stderr, "dhcp6c: failed to initialize %s\n",
			    ifnames[i]);
			exit(1);
		}
	}
	log_init("dhcp6c", debug || g.foreground, LOG_DAEMON);
	log_setverbose(debug);
	load_duid(duidpath);
	if (!g.info_mode) {
		pfh = daemon_pidfile_claim("dhcp6c", pidpath);
	}
	if ((g.loop = ev_loop_new()) == NULL)
		fatal("event loop");
	if (ev_signal_add(g.loop, &sig_hup, SIGHUP, on_hup, NULL) ||
	    ev_signal_add(g.loop, &sig_term, SIGTERM, on_term, NULL) ||
	    ev_signal_add(g.loop, &sig_int, SIGINT, on_term, NULL) ||
	    ev_signal_add(g.loop, &sig_chld, SIGCHLD, on_chld, NULL) ||
	    ev_signal_add(g.loop, &sig_usr1, SIGUSR1, on_usr1, NULL))
		fatal("signals");
	signal(SIGPIPE, SIG_IGN);
	ev_loop_set_post(g.loop, post, NULL);
	if (make_ifs(conf) == -1)
		fatal("interfaces");
	if (io_open() == -1)
		fatal("socket");
	load_leases();
	if (!g.info_mode)
		ctl = d6ctl_server_open(g.loop, ctlkey, "::1",
		    D6CTL_PORT_CLIENT, on_ctl, NULL);
	if (statuspath != NULL)
		status_open(statuspath);
	if (!debug && !g.foreground) {
		if (daemon_detach() == -1 || ev_loop_fork(g.loop) == -1)
			fatal("daemon");
		log_init("dhcp6c", 0, LOG_DAEMON);
	}
	if (pfh != NULL && daemon_pidfile_write(pfh) == -1)
		log_warn("pid file %s", pidpath);
	io_start();
	if (ev_loop_run(g.loop) == -1)
		fatal("event loop");
	return 0;
}
