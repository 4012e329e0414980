/*
 * dhcp6relay: main(), the command line (WIDE's flags), the interfaces
 * it listens on, and its one socket.  Client messages arriving on a
 * listening interface go up as Relay-forwards to the server (ff05::1:3
 * by default, or -s); Relay-replies coming back go down to the client
 * or relay named in them, on the link their Interface-Id names.
 */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "cfg.h"
#include "daemon.h"
#include "ev.h"
#include "ifinfo.h"
#include "log.h"
#include "relay.h"
#include "sock6.h"

struct listen_if {
	char		 name[IF_NAMESIZE];
	uint32_t	 ifindex;
};

static struct {
	struct ev_loop		*loop;
	struct ifinfo		*ifinfo;
	struct listen_if	 ifs[D6R_MAX_IFACES];
	int			 nifs;
	int			 sock;
	struct ev_io		 sock_io;
	struct sockaddr_in6	 server;
	uint32_t		 relay_ifindex;	/* -r: for a multicast server */
	int			 hops;		/* -H */
	const char		*dump_path;
	const char		*script;	/* -S */
	int			 fg;
	uint64_t		 up, down, drop[D6RD_N], scripts;
} rl;

static struct ev_signal	 sig_term, sig_int, sig_usr1, sig_chld;
static struct pidfh	*pfh;
static uint8_t		 rxbuf[D6_MSG_MAX], txbuf[D6_MSG_MAX + 64];
static struct log_ratelimit rlim = LOG_RATELIMIT_INIT(10, 20);
#define note(...)	log_limited(&rlim, LOG_INFO, __VA_ARGS__)

static __dead void
usage(void)
{
	fprintf(stderr, "usage: dhcp6relay [-dDf] [-b boundaddr] "
	    "[-H hoplim] [-r relay-IF] [-s serveraddr]\n"
	    "                  [-p pidfile] [-o dumpfile] [-S script] "
	    "IF ...\n");
	exit(1);
}

static struct listen_if *
listening(uint32_t ifindex)
{
	int	 i;

	for (i = 0; i < rl.nifs; i++)
		if (rl.ifs[i].ifindex == ifindex)
			return &rl.ifs[i];
	return NULL;
}

static const char *
a2s(const struct in6_addr *a)
{
	static char	 buf[4][INET6_ADDRSTRLEN];
	static int	 n;

	n = (n + 1) % 4;
	return inet_ntop(AF_INET6, a, buf[n], sizeof(buf[n]));
}

static void
dropped(enum d6r_drop why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
dropped(enum d6r_drop why, const char *fmt, ...)
{
	char	 msg[256];
	va_list	 ap;

	rl.drop[why]++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	note("%s", msg);
}

/* Up: a client's message (or a relay's) wrapped for the server. */
static void
to_server(const uint8_t *msg, size_t len, const struct sock6_rx *rx,
    struct listen_if *li)
{
	struct ifinfo_if		*ifp;
	const struct ifinfo_addr	*ga = NULL;
	struct sock6_tx			 tx = SOCK6_TX_INIT;
	enum d6r_drop			 why = D6RD_NONE;
	size_t				 n;

	if ((ifp = ifinfo_by_index(rl.ifinfo, li->ifindex)) != NULL)
		ga = ifinfo_global6(ifp);
	n = d6r_forward(msg, len, li->ifindex, &rx->src.sin6_addr,
	    ga != NULL ? &ga->addr : NULL, txbuf, sizeof(txbuf), &why);
	if (n == 0) {
		if (why == D6RD_NOADDR)
			dropped(why, "failed to find a global address on %s",
			    li->name);
		else if (why == D6RD_HOPS)
			dropped(why, "too many relay forwardings");
		else if (why == D6RD_TYPE)
			dropped(why, "unexpected message (%s) on the client "
			    "side from %s", d6_msg_name(msg[0]),
			    a2s(&rx->src.sin6_addr));
		else
			dropped(why, "%s from %s not relayed: %s",
			    d6_msg_name(msg[0]), a2s(&rx->src.sin6_addr),
			    d6r_drop_name(why));
		return;
	}
	tx.dst = &rl.server;
	if (IN6_IS_ADDR_MULTICAST(&rl.server.sin6_addr)) {
		tx.ifindex = rl.relay_ifindex;
		tx.hoplimit = rl.hops;
	}
	if (sock6_send(rl.sock, txbuf, n, &tx) == -1) {
		dropped(D6RD_SEND, "relay to %s: %s",
		    a2s(&rl.server.sin6_addr), strerror(errno));
		return;
	}
	rl.up++;
	log_debug("relay a message to a server %s",
	    a2s(&rl.server.sin6_addr));
}

/* Down: the message inside a Relay-reply, to the link it names. */
/*
 * -S (WIDE's): after a Reply went down to a client, the script, with
 * what WIDE's relay gives it: client=<address>%<link>, then iana_<n>
 * and iapd_<n> (counted from 0 in message order) for each address and
 * prefix; and ours: interface, and <name>_vltime for each (0 when the
 * server takes it back), so a route to a delegated prefix can follow.
 */
static void
run_script(const struct d6r_out *o, uint32_t ifindex)
{
	static struct d6_msg	 m;
	struct d6_env		 e;
	struct listen_if	*li = listening(ifindex);
	char			 a[INET6_ADDRSTRLEN], name[32];
	int			 i, j, nna = 0, npd = 0, *n;

	if (d6_decode(o->msg, o->len, &m) != D6E_OK || li == NULL)
		return;
	memset(&e, 0, sizeof(e));
	inet_ntop(AF_INET6, &o->peer, a, sizeof(a));
	if (IN6_IS_ADDR_LINKLOCAL(&o->peer))
		d6_env_add(&e, "client", "%s%%%s", a, li->name);
	else
		d6_env_add(&e, "client", "%s", a);
	d6_env_add(&e, "interface", "%s", li->name);
	for (i = 0; i < m.nia; i++)
		for (j = 0; j < m.ia[i].nleases; j++) {
			const struct d6_lease *l = &m.ia[i].leases[j];
			int pd = m.ia[i].type == D6O_IA_PD;

			if (m.ia[i].type == D6O_IA_TA)
				continue;
			n = pd ? &npd : &nna;
			snprintf(name, sizeof(name), "%s_%d", pd ? "iapd" :
			    "iana", *n);
			inet_ntop(AF_INET6, &l->addr, a, sizeof(a));
			if (pd)
				d6_env_add(&e, name, "%s/%d", a, l->plen);
			else
				d6_env_add(&e, name, "%s", a);
			strlcat(name, "_vltime", sizeof(name));
			d6_env_add(&e, name, "%u", l->valid);
			(*n)++;
		}
	if (nna + npd > 0 && d6_script_run(rl.script, &e, !rl.fg) != -1)
		rl.scripts++;
	d6_env_free(&e);
}

static void
on_chld(struct ev_signal *s, int signo, void *arg)
{
	(void)s, (void)signo, (void)arg;
	d6_script_reap();
}

static void
to_client(const uint8_t *msg, size_t len, const struct sock6_rx *rx)
{
	struct d6r_out		 o;
	struct sockaddr_in6	 dst;
	struct sock6_tx		 tx = SOCK6_TX_INIT;
	struct ifinfo_addr	*a;
	struct ifinfo_if	*ifp;
	enum d6r_drop		 why;
	uint32_t		 ifindex = 0;

	if (d6r_reply(msg, len, &o, &why) == -1) {
		if (why == D6RD_IFID)
			dropped(why, "unexpected length for Interface ID "
			    "from %s", a2s(&rx->src.sin6_addr));
		else
			dropped(why, "relay reply message from %s: %s",
			    a2s(&rx->src.sin6_addr), d6r_drop_name(why));
		return;
	}
	log_debug("dhcp6 relay reply: linkaddr=%s, peeraddr=%s",
	    a2s(&o.link), a2s(&o.peer));
	if (o.has_ifid) {
		/* only to a link we listen on: no injection elsewhere */
		if (listening(o.ifindex) == NULL) {
			dropped(D6RD_IFID, "invalid interface ID: %x",
			    o.ifindex);
			return;
		}
		ifindex = o.ifindex;
	} else if (!IN6_IS_ADDR_UNSPECIFIED(&o.link) &&
	    !IN6_IS_ADDR_LINKLOCAL(&o.link) &&
	    (ifp = ifinfo_find_addr(rl.ifinfo, &o.link, &a)) != NULL &&
	    listening(ifp->index) != NULL)
		ifindex = ifp->index;
	if (ifindex == 0) {
		dropped(D6RD_NOLINK, "failed to determine relay link");
		return;
	}
	memset(&dst, 0, sizeof(dst));
	dst.sin6_family = AF_INET6;
	dst.sin6_addr = o.peer;
	dst.sin6_port = htons(o.port);
	if (IN6_IS_ADDR_LINKLOCAL(&o.peer))
		dst.sin6_scope_id = ifindex;
	tx.dst = &dst;
	tx.ifindex = ifindex;
	if (sock6_send(rl.sock, o.msg, o.len, &tx) == -1) {
		dropped(D6RD_SEND, "relay to %s: %s", a2s(&o.peer),
		    strerror(errno));
		return;
	}
	rl.down++;
	log_debug("relay a message to a client %s", a2s(&o.peer));
	if (rl.script != NULL && o.port == D6_PORT_CLIENT &&
	    o.msg[0] == D6_REPLY)
		run_script(&o, ifindex);
}

static void
on_read(struct ev_io *io, int fd, int revents, void *arg)
{
	struct sock6_rx		 rx;
	struct listen_if	*li;
	ssize_t			 n;
	int			 i;

	(void)io, (void)revents, (void)arg;
	for (i = 0; i < 64; i++) {
		if ((n = sock6_recv(fd, rxbuf, sizeof(rxbuf), &rx)) == -1) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("recv");
			return;
		}
		if (rx.ifindex == 0) {
			log_warnx("failed to get the arrival interface");
			continue;
		}
		if (n < 4 || rx.truncated) {
			rl.drop[D6RD_SHORT]++;
			continue;
		}
		log_debug("received %s from %s", d6_msg_name(rxbuf[0]),
		    a2s(&rx.src.sin6_addr));
		if (rxbuf[0] == D6_RELAY_REPL) {
			to_client(rxbuf, (size_t)n, &rx);
			continue;
		}
		if ((li = listening(rx.ifindex)) == NULL) {
			dropped(rxbuf[0] == D6_RELAY_FORW ? D6RD_IFACE :
			    D6RD_TYPE, "unexpected message (%s) on the "
			    "server side from %s", d6_msg_name(rxbuf[0]),
			    a2s(&rx.src.sin6_addr));
			continue;
		}
		to_server(rxbuf, (size_t)n, &rx, li);
	}
}

static void
on_usr1(struct ev_signal *s, int signo, void *arg)
{
	FILE	*f;
	int	 i;

	(void)s, (void)signo, (void)arg;
	if ((f = fopen(rl.dump_path, "we")) == NULL) {
		log_warn("dump %s", rl.dump_path);
		return;
	}
	fprintf(f, "# dhcp6relay to %s\n", a2s(&rl.server.sin6_addr));
	for (i = 0; i < rl.nifs; i++)
		fprintf(f, "listen %s %u\n", rl.ifs[i].name,
		    rl.ifs[i].ifindex);
	fprintf(f, "scripts run %llu\n", (unsigned long long)rl.scripts);
	fprintf(f, "relayed up %llu down %llu\n", (unsigned long long)rl.up,
	    (unsigned long long)rl.down);
	for (i = 1; i < D6RD_N; i++)
		if (rl.drop[i] > 0)
			fprintf(f, "dropped %s %llu\n", d6r_drop_name(i),
			    (unsigned long long)rl.drop[i]);
	fclose(f);
}

static void
on_term(struct ev_signal *s, int signo, void *arg)
{
	(void)s, (void)signo, (void)arg;
	daemon_pidfile_remove(pfh);
	log_info("exiting");
	exit(0);
}

int
main(int argc, char *argv[], char *envp[])
{
	const char		*pidpath = DHCP6RELAY_PID, *relayif = NULL;
	const char		*server = D6_ALL_SERVERS, *bound = NULL;
	struct in6_addr		 baddr, agents;
	const char		*e;
	long long		 v;
	int			 ch, debug = 0, fg = 0, i;

	daemon_title_init(argc, argv, envp);
	log_init("dhcp6relay", 1, LOG_DAEMON);
	rl.hops = D6R_MCAST_HOPS;
	rl.dump_path = DHCP6RELAY_DUMP;
	while ((ch = getopt(argc, argv, "b:dDfH:o:p:r:s:S:V")) != -1) {
		switch (ch) {
		case 'b':
			bound = optarg;
			break;
		case 'd':
			debug = debug > 1 ? debug : 1;
			break;
		case 'D':
			debug = 2;
			break;
		case 'f':
			fg = 1;
			rl.fg = 1;
			break;
		case 'H':
			if (cfg_number(optarg, 1, 255, &v, &e) == -1)
				errx(1, "-H %s: %s", optarg, e);
			rl.hops = (int)v;
			break;
		case 'o':
			rl.dump_path = optarg;
			break;
		case 'p':
			pidpath = optarg;
			break;
		case 'r':
			relayif = optarg;
			break;
		case 's':
			server = optarg;
			break;
		case 'S':
			if (optarg[0] != '/')
				errx(1, "-S %s: the script's path must be "
				    "absolute", optarg);
			rl.script = optarg;
			break;
		case 'V':
			printf("dhcp6relay (turtle6) 1.0\n");
			exit(0);
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	if (argc > D6R_MAX_IFACES)
		errx(1, "at most %d interfaces", D6R_MAX_IFACES);
	memset(&rl.server, 0, sizeof(rl.server));
	rl.server.sin6_family = AF_INET6;
	rl.server.sin6_port = htons(D6_PORT_SERVER);
	if (inet_pton(AF_INET6, server, &rl.server.sin6_addr) != 1)
		errx(1, "-s %s: not an IPv6 address", server);
	if (bound != NULL && inet_pton(AF_INET6, bound, &baddr) != 1)
		errx(1, "-b %s: not an IPv6 address", bound);
	if (IN6_IS_ADDR_MULTICAST(&rl.server.sin6_addr) && relayif == NULL &&
	    argc > 1)
		errx(1, "you should explicitly specify a relaying interface, "
		    "when you are to listen on multiple interfaces");
	log_init("dhcp6relay", fg, LOG_DAEMON);
	log_setverbose(debug >= 2);
	pfh = daemon_pidfile_claim("dhcp6relay", pidpath);
	if ((rl.loop = ev_loop_new()) == NULL)
		fatal("event loop");
	if ((rl.ifinfo = ifinfo_open(rl.loop, 0, NULL, NULL)) == NULL)
		fatal("interfaces");
	for (i = 0; i < argc; i++) {
		strlcpy(rl.ifs[i].name, argv[i], sizeof(rl.ifs[i].name));
		rl.ifs[i].ifindex = ifinfo_require(rl.ifinfo, argv[i]);
	}
	rl.nifs = argc;
	if (relayif != NULL) {
		rl.relay_ifindex = ifinfo_require(rl.ifinfo, relayif);
	} else
		rl.relay_ifindex = rl.ifs[0].ifindex;
	/*
	 * One socket, port 547, for both directions: Relay-forwards leave
	 * from it, so servers answer to 547 and no 546 socket is needed
	 * (WIDE's relay bound 546 too, which a client on the same node
	 * then cannot).
	 */
	rl.sock = sock6_udp(bound != NULL ? &baddr : NULL, D6_PORT_SERVER,
	    SOCK6_REUSEADDR | SOCK6_PKTINFO);
	if (rl.sock == -1)
		fatal("UDP port %d", D6_PORT_SERVER);
	inet_pton(AF_INET6, D6_ALL_AGENTS, &agents);
	for (i = 0; i < rl.nifs; i++)
		if (sock6_join(rl.sock, rl.ifs[i].ifindex, &agents) == -1)
			fatal("%s: join %s", rl.ifs[i].name, D6_ALL_AGENTS);
	if (ev_io_add(rl.loop, &rl.sock_io, rl.sock, EV_READ, on_read,
	    NULL) == -1 ||
	    ev_signal_add(rl.loop, &sig_term, SIGTERM, on_term, NULL) ||
	    ev_signal_add(rl.loop, &sig_int, SIGINT, on_term, NULL) ||
	    ev_signal_add(rl.loop, &sig_usr1, SIGUSR1, on_usr1, NULL) ||
	    ev_signal_add(rl.loop, &sig_chld, SIGCHLD, on_chld, NULL))
		fatal("event loop");
	if (!fg) {
		if (daemon_detach() == -1 || ev_loop_fork(rl.loop) == -1)
			fatal("daemon");
	}
	if (daemon_pidfile_write(pfh) == -1)
		log_warn("pid file %s", pidpath);
	log_info("started on %d interface(s), relaying to %s", rl.nifs,
	    a2s(&rl.server.sin6_addr));
	if (ev_loop_run(rl.loop) == -1)
		fatal("event loop");
	return 0;
}
