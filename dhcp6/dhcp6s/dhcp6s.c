/*
 * dhcp6s: main(), the command line (WIDE's flags and a few of ours), the
 * server's DUID, reload (SIGHUP), the binding dump (SIGUSR1) and the
 * clean exit (SIGTERM).
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "cfg.h"
#include "daemon.h"
#include "dhcp6s.h"
#include "dhcp6s_main.h"
#include "ifinfo.h"
#include "log.h"

struct dhcp6s_main	 dm;

static struct ev_signal	 sig_hup, sig_term, sig_int, sig_usr1;
static struct pidfh	*pfh;

static __dead void
usage(void)
{
	fprintf(stderr, "usage: dhcp6s [-dDftV] [-c configfile] "
	    "[-k ctlkeyfile] [-p ctlport] [-P pidfile]\n"
	    "              [-l leasefile] [-u duidfile] [-o dumpfile] "
	    "[-s statussock]\n              interface ...\n");
	exit(1);
}

static void
conf_msg(int is_error, const char *msg, void *arg)
{
	(void)arg;
	if (is_error)
		log_warnx("%s", msg);
	else
		log_warnx("%s", msg);
}

/* Point each served interface at its interface block, if it has one. */
static void
bind_ifaces(struct d6s_conf *conf)
{
	int	 i;

	for (i = 0; i < dm.nserved; i++)
		dm.served[i].conf = d6s_iface_by_name(conf,
		    dm.served[i].name);
}

void
dhcp6s_reload(void)
{
	struct d6s_conf	*conf;
	int		 errors;

	log_info("reloading %s", dm.conf_path);
	d6s_conf_msgfn(conf_msg, NULL);
	conf = d6s_conf_load(dm.conf_path, &errors);
	if (conf == NULL) {
		log_warnx("failed to reload configuration file: %d error(s) "
		    "in %s; the running configuration is kept", errors,
		    dm.conf_path);
		return;
	}
	/* bindings stay; values no longer configured go at their renewal */
	d6s_conf_free(dm.srv.conf);
	dm.srv.conf = conf;
	bind_ifaces(conf);
	dm.srv.st.reloads++;
	log_info("server reloaded");
}

static void
on_hup(struct ev_signal *s, int signo, void *arg)
{
	(void)s, (void)signo, (void)arg;
	dhcp6s_reload();
}

static void
on_usr1(struct ev_signal *s, int signo, void *arg)
{
	FILE	*f;
	char	*tmp;

	(void)s, (void)signo, (void)arg;
	if (asprintf(&tmp, "%s.tmp", dm.dump_path) == -1)
		return;
	if ((f = fopen(tmp, "we")) == NULL) {
		log_warn("dump %s", tmp);
		free(tmp);
		return;
	}
	d6s_dump(&dm.srv, f, time(NULL));
	if (fclose(f) == EOF || rename(tmp, dm.dump_path) == -1)
		log_warn("dump %s", dm.dump_path);
	free(tmp);
}

void
dhcp6s_exit(void)
{
	control_close();
	io_close();
	ldb_close(&dm.srv.db);
	bnd_free_all(&dm.srv.b);
	d6s_clients_free(&dm.srv.cl);
	d6s_conf_free(dm.srv.conf);
	daemon_pidfile_remove(pfh);
	log_info("exiting");
	exit(0);
}

static void
on_term(struct ev_signal *s, int signo, void *arg)
{
	(void)s, (void)signo, (void)arg;
	dhcp6s_exit();
}

static void
on_expired(struct d6s_binding *b, void *arg)
{
	(void)arg;
	d6s_expired(&dm.srv, b);
}

/* After every loop pass: write what timers queued; compact if due. */
static void
post(void *arg)
{
	(void)arg;
	io_flush();
	if (ldb_want_compact(&dm.srv.db, dm.srv.b.count + dm.srv.b.ndeclined)
	    && ldb_compact(&dm.srv.db, &dm.srv.b) == -1)
		log_warnx("lease database: compaction failed; appending "
		    "goes on");
}

/*
 * Our DUID: from the file, or a new DUID-LLT from the link-layer
 * address of a served interface (else any with one), then saved.
 */
static void
load_duid(void)
{
	struct ifinfo_if	*ifp, *pick = NULL;
	char			 text[3 * D6_DUID_MAX];
	int			 i;

	if (d6_duid_read(dm.duid_path, &dm.srv.duid) == 0) {
		log_debug("server DUID %s (from %s)", d6_duid_str(
		    dm.srv.duid.data, dm.srv.duid.len, text, sizeof(text)),
		    dm.duid_path);
		return;
	}
	if (errno == EINVAL)
		log_warnx("DUID file %s is corrupted; making a new DUID",
		    dm.duid_path);
	else if (errno != ENOENT)
		fatal("DUID file %s", dm.duid_path);
	for (i = 0; i < dm.nserved && pick == NULL; i++) {
		ifp = ifinfo_by_index(dm.ifinfo, dm.served[i].ifindex);
		if (ifp != NULL && ifp->lladdr_len == 6)
			pick = ifp;
	}
	for (ifp = ifinfo_first(dm.ifinfo); ifp != NULL && pick == NULL;
	    ifp = ifinfo_next(ifp))
		if (ifp->lladdr_len == 6 && memcmp(ifp->lladdr,
		    "\0\0\0\0\0\0", 6) != 0)
			pick = ifp;
	if (pick == NULL)
		fatalx("no interface has a link-layer address to make a "
		    "DUID from");
	if (d6_duid_llt(&dm.srv.duid, 1, pick->lladdr, 6, time(NULL)) == -1)
		fatalx("cannot make a DUID");
	if (d6_duid_write(dm.duid_path, &dm.srv.duid) == -1)
		log_warn("DUID file %s (the DUID will change at restart)",
		    dm.duid_path);
	log_info("new server DUID %s (from %s), saved in %s", d6_duid_str(
	    dm.srv.duid.data, dm.srv.duid.len, text, sizeof(text)),
	    pick->name, dm.duid_path);
}

int
main(int argc, char *argv[], char *envp[])
{
	const char		*pidpath = DHCP6S_PID, *keyfile = DHCP6S_CTLKEY;
	const char		*sockpath = DHCP6S_SOCK;
	long long		 port = D6CTL_PORT_SERVER;
	const char		*e;
	int			 ch, debug = 0, fg = 0, check = 0, errors, i;

	daemon_title_init(argc, argv, envp);
	log_init("dhcp6s", 1, LOG_DAEMON);
	dm.conf_path = DHCP6S_CONF;
	dm.duid_path = DHCP6S_DUID;
	dm.lease_path = DHCP6S_LEASES;
	dm.dump_path = DHCP6S_DUMP;
	while ((ch = getopt(argc, argv, "c:dDfk:l:n:o:p:P:s:tu:V")) != -1) {
		switch (ch) {
		case 'c':
			dm.conf_path = optarg;
			break;
		case 'd':
			debug = debug > 1 ? debug : 1;
			break;
		case 'D':
			debug = 2;
			break;
		case 'f':
			fg = 1;
			break;
		case 'k':
			keyfile = optarg;
			break;
		case 'l':
			dm.lease_path = optarg;
			break;
		case 'n':
			fprintf(stderr, "dhcp6s: -n dnsserv option was "
			    "obsoleted. use configuration file.\n");
			exit(1);
		case 'o':
			dm.dump_path = optarg;
			break;
		case 'p':
			if (cfg_number(optarg, 1, 65535, &port, &e) == -1)
				errx(1, "-p %s: %s", optarg, e);
			break;
		case 's':
			sockpath = optarg;
			break;
		case 'P':
			pidpath = optarg;
			break;
		case 't':
			check = 1;
			break;
		case 'u':
			dm.duid_path = optarg;
			break;
		case 'V':
			printf("dhcp6s (turtle6) 1.0\n");
			exit(0);
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 && !check)
		usage();
	if (argc > D6S_MAX_IFACES)
		errx(1, "at most %d interfaces", D6S_MAX_IFACES);
	dm.srv.conf = d6s_conf_load(dm.conf_path, &errors);
	if (dm.srv.conf == NULL) {
		fprintf(stderr, "dhcp6s: %d error(s) in %s\n", errors,
		    dm.conf_path);
		exit(1);
	}
	if (check) {
		d6s_conf_print(dm.srv.conf, stdout);
		exit(0);
	}
	log_init("dhcp6s", fg, LOG_DAEMON);
	/* -D: everything; -d or nothing: informational and up */
	log_setverbose(debug >= 2);
	pfh = daemon_pidfile_claim("dhcp6s", pidpath);
	if ((dm.loop = ev_loop_new()) == NULL)
		fatal("event loop");
	if ((dm.ifinfo = ifinfo_open(dm.loop, 0, NULL, NULL)) == NULL)
		fatal("interfaces");
	for (i = 0; i < argc; i++) {
		strlcpy(dm.served[i].name, argv[i], sizeof(dm.served[i].name));
		dm.served[i].ifindex = ifinfo_require(dm.ifinfo, argv[i]);
	}
	dm.nserved = argc;
	bind_ifaces(dm.srv.conf);
	if (ev_signal_add(dm.loop, &sig_hup, SIGHUP, on_hup, NULL) ||
	    ev_signal_add(dm.loop, &sig_term, SIGTERM, on_term, NULL) ||
	    ev_signal_add(dm.loop, &sig_int, SIGINT, on_term, NULL) ||
	    ev_signal_add(dm.loop, &sig_usr1, SIGUSR1, on_usr1, NULL))
		fatal("signals");
	load_duid();
	bnd_init(&dm.srv.b, dm.loop, on_expired, NULL);
	dm.srv.loop = dm.loop;
	dm.srv.send = io_send;
	dm.srv.send_arg = NULL;
	if (ldb_open(&dm.srv.db, dm.lease_path, dm.srv.conf->lease_fsync,
	    &dm.srv.b, &dm.srv.cl, time(NULL)) == -1)
		fatalx("lease database %s cannot be used", dm.lease_path);
	log_info("%zu bindings from %s", dm.srv.b.count, dm.lease_path);
	control_tcp_open(keyfile, "::1", (uint16_t)port);
	control_status_open(sockpath);
	if (io_open() == -1)
		fatalx("cannot open the DHCPv6 socket");
	ev_loop_set_post(dm.loop, post, NULL);
	if (!fg) {
		if (daemon_detach() == -1 || ev_loop_fork(dm.loop) == -1)
			fatal("daemon");
	}
	if (daemon_pidfile_write(pfh) == -1)
		log_warn("pid file %s", pidpath);
	log_info("started on %d interface(s)", dm.nserved);
	if (ev_loop_run(dm.loop) == -1)
		fatal("event loop");
	return 0;
}
