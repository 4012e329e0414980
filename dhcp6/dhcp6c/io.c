/*
 * dhcp6c's glue between the state machine and the system: the UDP 546
 * socket, interfaces and their link-local addresses (ifinfo), addresses
 * installed with their lifetimes (addr6), prefix-interfaces, the script,
 * the lease file and the -i output.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "addr6.h"
#include "dhcp6c.h"
#include "dhcp6cd.h"
#include "ev.h"
#include "ifinfo.h"
#include "log.h"
#include "rtsock.h"
#include "sock6.h"

struct dhcp6c	 g;

static struct ev_io	 sock_io;
static struct rtsock	*rts;

/* Linux's "dhcp" protocol tag (/etc/iproute2/rt_protos) */
#define RTPROT_DHCP6C	16
static struct log_ratelimit badlog = LOG_RATELIMIT_INIT(10, 20);

uint64_t
now_ms(void)
{
	return ev_now_update(g.loop) / 1000;
}

static void
on_timer(struct ev_timer *t, void *arg)
{
	struct c6_if	*ci = arg;

	c6_timeout(&ci->cl, now_ms());
	rearm(ci);
}

void
rearm(struct c6_if *ci)
{
	uint64_t	 t = c6_next(&ci->cl);

	if (t == UINT64_MAX)
		ev_timer_cancel(g.loop, &ci->timer);
	else
		ev_timer_at(g.loop, &ci->timer, t * 1000);
	check_done();
}

/*
 * The ops of the state machine.
 */
static void
op_send(void *ctx, const uint8_t *buf, size_t len)
{
	struct c6_if		*ci = ctx;
	struct sockaddr_in6	 dst;
	struct sock6_tx		 tx = SOCK6_TX_INIT;

	memset(&dst, 0, sizeof(dst));
	dst.sin6_family = AF_INET6;
	dst.sin6_port = htons(D6_PORT_SERVER);
	inet_pton(AF_INET6, D6_ALL_AGENTS, &dst.sin6_addr);
	dst.sin6_scope_id = ci->ifindex;
	tx.dst = &dst;
	tx.ifindex = ci->ifindex;
	if (sock6_send(g.sock, buf, len, &tx) == -1)
		log_warn("%s: send %s", ci->conf->ifname,
		    d6_msg_name(buf[0]));
	else if (g.trace)
		log_debug("send %s to %s%%%s", d6_msg_name(buf[0]),
		    D6_ALL_AGENTS, ci->conf->ifname);
}

static const struct c6_iaconf *
iaconf_of(const struct c6_if *ci, const struct c6_ia *ia)
{
	int	 i;

	for (i = 0; i < ci->conf->nia; i++)
		if (ci->conf->ia[i]->type == ia->type &&
		    ci->conf->ia[i]->iaid == ia->iaid)
			return ci->conf->ia[i];
	return NULL;
}

/* The interface ID of a prefix-interface: its link-local's, or EUI-64. */
static int
pif_iid(const struct ifinfo_if *ifp, struct in6_addr *iid)
{
	const struct ifinfo_addr	*a;

	TAILQ_FOREACH(a, &ifp->addrs, entry)
		if (a->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&a->addr)) {
			*iid = a->addr;
			return 0;
		}
	if (ifp->lladdr_len == 6) {
		memset(iid, 0, sizeof(*iid));
		iid->s6_addr[8] = ifp->lladdr[0] ^ 0x02;
		iid->s6_addr[9] = ifp->lladdr[1];
		iid->s6_addr[10] = ifp->lladdr[2];
		iid->s6_addr[11] = 0xff;
		iid->s6_addr[12] = 0xfe;
		iid->s6_addr[13] = ifp->lladdr[3];
		iid->s6_addr[14] = ifp->lladdr[4];
		iid->s6_addr[15] = ifp->lladdr[5];
		return 0;
	}
	return -1;
}

/* Add (set) or delete the addresses a delegated prefix gives. */
static void
pd_apply(struct c6_if *ci, const struct c6_ia *ia, const struct c6_lease *l,
    int set, uint32_t pl, uint32_t vl)
{
	const struct c6_iaconf	*ic = iaconf_of(ci, ia);
	const struct ifinfo_if	*ifp;
	struct in6_addr		 iid, a;
	char			 s[INET6_ADDRSTRLEN];
	int			 i, plen, err;

	if (ic == NULL)
		return;
	for (i = 0; i < ic->npifs; i++) {
		const struct c6_pif *p = &ic->pifs[i];

		/* RFC 8415 6.3: never on the link the prefix came from */
		if (strcmp(p->ifname, ci->conf->ifname) == 0)
			continue;
		if ((ifp = ifinfo_by_name(g.ifi, p->ifname)) == NULL) {
			log_warnx("prefix-interface %s does not exist",
			    p->ifname);
			continue;
		}
		if (pif_iid(ifp, &iid) == -1 ||
		    c6_pif_addr(&l->addr, l->plen, p, &iid, &a, &plen) == -1) {
			log_warnx("%s: no address for %s from prefix %s/%d "
			    "(invalid prefix length or no interface ID)",
			    ci->conf->ifname, p->ifname, inet_ntop(AF_INET6,
			    &l->addr, s, sizeof(s)), l->plen);
			continue;
		}
		inet_ntop(AF_INET6, &a, s, sizeof(s));
		if (set) {
			/* the delegated lifetimes, not KAME's infinite ones */
			err = addr6_set(g.addr, ifp->index, &a, plen, pl, vl,
			    0);
			if (err != 0)
				log_warnx("add %s/%d on %s: %s", s, plen,
				    p->ifname, strerror(-err));
			else
				log_info("%s/%d on %s (pltime %u, vltime %u)",
				    s, plen, p->ifname, pl, vl);
		} else {
			err = addr6_del(g.addr, ifp->index, &a, plen);
			if (err != 0 && err != -EADDRNOTAVAIL)
				log_warnx("delete %s/%d on %s: %s", s, plen,
				    p->ifname, strerror(-err));
			else
				log_info("removed %s/%d from %s", s, plen,
				    p->ifname);
		}
	}
}

/*
 * RFC 7084 WPD-5: an unreachable route for the delegated prefix, so that
 * packets for its unused parts are not sent back upstream (a loop); the
 * /64s of the prefix-interfaces are more specific.  It expires with the
 * prefix's valid lifetime, and is refreshed with it.
 */
static void
pd_route(struct c6_if *ci, const struct c6_lease *l, int set, uint32_t vl)
{
	struct rt6	 rt;
	char		 s[INET6_ADDRSTRLEN];
	int		 err;

	if (rts == NULL)
		return;
	rt6_init(&rt, &l->addr, l->plen, NULL, 0);
	rt.type = RT6_UNREACHABLE;
	rt.proto = RTPROT_DHCP6C;
	rt.nnh = 0;
	if (set) {
		rt.expires = vl == D6_INFINITY ? 0 : vl;
		err = rtsock_replace(rts, &rt);
	} else
		err = rtsock_del(rts, &rt);
	if (err != 0 && !(err == -ESRCH && !set))
		log_warnx("%s: unreachable route %s/%d: %s", ci->conf->ifname,
		    inet_ntop(AF_INET6, &l->addr, s, sizeof(s)), l->plen,
		    strerror(-err));
}

static void
op_lease_set(void *ctx, const struct c6_ia *ia, const struct c6_lease *l,
    uint32_t pl, uint32_t vl)
{
	struct c6_if	*ci = ctx;
	char		 s[INET6_ADDRSTRLEN];
	int		 err;

	if (vl == 0)
		return;
	if (ia->type == D6O_IA_PD) {
		log_info("%s: prefix %s/%d (pltime %u, vltime %u)",
		    ci->conf->ifname, inet_ntop(AF_INET6, &l->addr, s,
		    sizeof(s)), l->plen, pl, vl);
		pd_apply(ci, ia, l, 1, pl, vl);
		pd_route(ci, l, 1, vl);
		return;
	}
	/* a /128: the on-link prefix comes from RAs (RFC 8415 21.6) */
	err = addr6_set(g.addr, ci->ifindex, &l->addr, 128, pl, vl, 0);
	inet_ntop(AF_INET6, &l->addr, s, sizeof(s));
	if (err != 0)
		log_warnx("%s: add %s: %s", ci->conf->ifname, s,
		    strerror(-err));
	else
		log_info("%s: address %s (pltime %u, vltime %u)",
		    ci->conf->ifname, s, pl, vl);
}

static void
op_lease_del(void *ctx, const struct c6_ia *ia, const struct c6_lease *l)
{
	struct c6_if	*ci = ctx;
	char		 s[INET6_ADDRSTRLEN];
	int		 err;

	if (ia->type == D6O_IA_PD) {
		pd_apply(ci, ia, l, 0, 0, 0);
		pd_route(ci, l, 0, 0);
		return;
	}
	err = addr6_del(g.addr, ci->ifindex, &l->addr, 128);
	inet_ntop(AF_INET6, &l->addr, s, sizeof(s));
	if (err != 0 && err != -EADDRNOTAVAIL)
		log_warnx("%s: delete %s: %s", ci->conf->ifname, s,
		    strerror(-err));
	else
		log_info("%s: removed %s", ci->conf->ifname, s);
}

/* What a name may be to reach a script: LDH labels, dots. */
static int
safe_name(const char *s)
{
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '.' &&
		    *s != '_')
			return 0;
	return 1;
}

/* "a b c " (WIDE's form: each value followed by a space). */
static void
env_addrs(struct d6_env *e, const char *name, const struct d6_addrs *a,
    const char *label, int print)
{
	char	 v[D6_MAX_ADDRS * (INET6_ADDRSTRLEN + 1) + 1], s[64];
	int	 i;

	if (a->n == 0)
		return;
	v[0] = '\0';
	for (i = 0; i < a->n; i++) {
		inet_ntop(AF_INET6, &a->a[i], s, sizeof(s));
		strlcat(v, s, sizeof(v));
		strlcat(v, " ", sizeof(v));
		if (print)
			printf("%s[%d] %s\n", label, i, s);
	}
	d6_env_add(e, name, "%s", v);
}

static void
env_names(struct d6_env *e, const char *name, const struct d6_bytes *b,
    const char *label, int print)
{
	struct d6_names	 nm;
	char		 v[2048], s[256];
	int		 i = 0;

	if (b->p == NULL)
		return;
	v[0] = '\0';
	d6_names_init(&nm, b);
	while (d6_names_next(&nm, s, sizeof(s)) == 1) {
		if (!safe_name(s)) {
			log_info("name refused for the script: not LDH");
			continue;
		}
		/* WIDE: dotted, with the trailing dot */
		if (s[0] == '\0' || s[strlen(s) - 1] != '.')
			strlcat(s, ".", sizeof(s));
		strlcat(v, s, sizeof(v));
		strlcat(v, " ", sizeof(v));
		if (print)
			printf("%s[%d] %s\n", label, i, s);
		i++;
	}
	if (i > 0)
		d6_env_add(e, name, "%s", v);
}

static void
op_reply(void *ctx, const struct d6_msg *m)
{
	struct c6_if	*ci = ctx;
	struct d6_env	 e;
	int		 pr = g.info_mode;

	memset(&e, 0, sizeof(e));
	d6_env_add(&e, "REASON", "NBI");
	d6_env_add(&e, "interface", "%s", ci->conf->ifname);
	env_addrs(&e, "new_domain_name_servers", &m->dns, "nameserver", pr);
	env_names(&e, "new_domain_name", &m->domains, "Domain search list",
	    pr);
	env_addrs(&e, "new_ntp_servers", &m->sntp, "NTP server", pr);
	env_addrs(&e, "new_sip_name_servers", &m->sip_addrs,
	    "SIP server address", pr);
	env_names(&e, "new_sip_name", &m->sip_domains,
	    "SIP server domain name", pr);
	env_addrs(&e, "new_nis_servers", &m->nis, "NIS server", pr);
	env_names(&e, "new_nis_name", &m->nis_domain, "NIS domain name", pr);
	if (pr)
		fflush(stdout);
	if (ci->conf->script != NULL)
		d6_script_run(ci->conf->script, &e, !g.foreground);
	d6_env_free(&e);
}

static void
op_changed(void *ctx)
{
	save_leases();
}

static uint32_t
op_random(void *ctx)
{
	return arc4random();
}

static const struct c6_ops ops = {
	op_send, op_lease_set, op_lease_del, op_reply, op_changed, op_random
};

void
save_leases(void)
{
	struct c6_saved	*s;
	struct c6_if	*ci;
	uint64_t	 mono = now_ms();
	long long	 wall = (long long)time(NULL);
	int		 n = 0, i, j;

	if (g.lease_path == NULL || g.info_mode)
		return;
	if ((s = calloc(g.nifs, sizeof(*s))) == NULL)
		return;
	TAILQ_FOREACH(ci, &g.ifs, entry) {
		if (ci->cl.info_only || ci->cl.b.server.len == 0)
			continue;
		strlcpy(s[n].ifname, ci->conf->ifname, sizeof(s[n].ifname));
		s[n].b = ci->cl.b;
		c6_save_auth(&ci->cl, &s[n]);
		s[n].obtained = wall - (long long)((mono -
		    ci->cl.bound_at) / 1000);
		/* monotonic starts to wall-clock seconds */
		for (i = 0; i < s[n].b.nia; i++)
			for (j = 0; j < s[n].b.ia[i].nleases; j++) {
				struct c6_lease *l = &s[n].b.ia[i].leases[j];

				l->start = (uint64_t)(wall - (long long)((mono -
				    l->start) / 1000));
			}
		n++;
	}
	if (c6_lease_write(g.lease_path, s, n) == -1)
		log_warn("lease file %s", g.lease_path);
	free(s);
}

void
load_leases(void)
{
	struct c6_saved	 s[16];
	struct c6_if	*ci;
	uint64_t	 mono = now_ms();
	long long	 wall = (long long)time(NULL), age;
	int		 n, k, i, j;

	if (g.lease_path == NULL || g.info_mode)
		return;
	if ((n = c6_lease_read(g.lease_path, s, 16)) == -1) {
		if (errno != ENOENT)
			log_warn("lease file %s", g.lease_path);
		return;
	}
	for (k = 0; k < n; k++)
		TAILQ_FOREACH(ci, &g.ifs, entry) {
			if (strcmp(ci->conf->ifname, s[k].ifname) != 0 ||
			    ci->cl.info_only || s[k].b.server.len == 0)
				continue;
			for (i = 0; i < s[k].b.nia; i++)
				for (j = 0; j < s[k].b.ia[i].nleases; j++) {
					struct c6_lease *l =
					    &s[k].b.ia[i].leases[j];

					age = wall - (long long)l->start;
					if (age < 0)
						age = 0;
					l->start = mono > (uint64_t)age * 1000 ?
					    mono - (uint64_t)age * 1000 : 0;
				}
			age = wall - s[k].obtained;
			c6_restore(&ci->cl, &s[k].b, age > 0 && mono >
			    (uint64_t)age * 1000 ? mono - (uint64_t)age * 1000 :
			    mono);
			c6_restore_auth(&ci->cl, &s[k]);
			log_info("%s: lease restored from %s",
			    ci->conf->ifname, g.lease_path);
		}
}

/*
 * Receive.
 */
static void
on_read(struct ev_io *io, int fd, int revents, void *arg)
{
	static uint8_t		 buf[D6_MSG_MAX];
	static struct d6_msg	 m;
	struct sock6_rx		 rx;
	struct c6_if		*ci;
	enum d6_err		 err;
	ssize_t			 n;
	int			 burst;
	char			 src[INET6_ADDRSTRLEN];

	for (burst = 0; burst < 64; burst++) {
		if ((n = sock6_recv(fd, buf, sizeof(buf), &rx)) == -1) {
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("recv");
			return;
		}
		TAILQ_FOREACH(ci, &g.ifs, entry)
			if (ci->ifindex == rx.ifindex)
				break;
		if (ci == NULL) {
			g.drops_if++;
			log_debug("unexpected interface (%u)", rx.ifindex);
			continue;
		}
		if ((err = d6_decode(buf, (size_t)n, &m)) != D6E_OK) {
			g.drops_decode[err]++;
			ci->cl.drops[C6D_DECODE]++;
			if (log_limited_take(&badlog, LOG_INFO))
				log_limited_emit(&badlog, LOG_INFO,
				    "%s: malformed message from %s: %s",
				    ci->conf->ifname, inet_ntop(AF_INET6,
				    &rx.src.sin6_addr, src, sizeof(src)),
				    d6_err_name(err));
			continue;
		}
		if (g.trace)
			log_debug("receive %s from %s on %s",
			    d6_msg_name(m.type), inet_ntop(AF_INET6,
			    &rx.src.sin6_addr, src, sizeof(src)),
			    ci->conf->ifname);
		/* RFC 8415 16.11: a Reconfigure comes unicast */
		if (m.type == D6_RECONFIGURE &&
		    IN6_IS_ADDR_MULTICAST(&rx.dst)) {
			ci->cl.drops[C6D_RECONF]++;
			log_info("%s: reconfigure sent to a group: dropped",
			    ci->conf->ifname);
			continue;
		}
		c6_recv(&ci->cl, now_ms(), &m);
		rearm(ci);
	}
}

/* Start a client once its interface is up with a usable link-local. */
/*
 * Start a client once its interface is up with a usable link-local;
 * after the link was lost (carrier or down), tell the machine it is back
 * once the link-local is usable again.
 */
static void
try_start(struct c6_if *ci)
{
	const struct ifinfo_if	*ifp;

	if (g.exiting || g.restarting)
		return;
	if ((ifp = ifinfo_by_name(g.ifi, ci->conf->ifname)) == NULL)
		return;
	ci->ifindex = ifp->index;
	if (!ifinfo_if_up(ifp) && ci->cl.state != C6_IDLE) {
		if (!ci->link_lost)
			log_info("%s: link lost", ci->conf->ifname);
		ci->link_lost = 1;
		return;
	}
	if (!(ifp->flags & IFF_UP) || ifinfo_linklocal(ifp) == NULL)
		return;
	if (ci->cl.state == C6_IDLE) {
		log_info("%s: link-local ready, starting", ci->conf->ifname);
		ci->link_lost = 0;
		c6_start(&ci->cl, now_ms());
		rearm(ci);
	} else if (ci->link_lost && ifinfo_if_up(ifp)) {
		ci->link_lost = 0;
		c6_link_up(&ci->cl, now_ms());
		rearm(ci);
	}
}

/*
 * DAD failed: the kernel flags the address dadfailed, or, for one with
 * finite lifetimes (ours), deletes it while it is still tentative (the
 * deletion's own flags do not reach us through ifinfo).  Addresses we
 * delete ourselves are out of the binding by the time this is read, so
 * c6_dad_failed does not take them for ours.
 */
static int
dad_failed(const struct ifinfo_event *ev)
{
	unsigned	 f = ev->addr->flags;

	switch (ev->type) {
	case IFINFO_ADDR_NEW:
		return (f & IFINFO_A_DADFAILED) != 0;
	case IFINFO_ADDR_CHANGE:
		return (f & IFINFO_A_DADFAILED) &&
		    !(ev->old_flags & IFINFO_A_DADFAILED);
	case IFINFO_ADDR_DEL:
		return (f & (IFINFO_A_TENTATIVE | IFINFO_A_DADFAILED)) != 0;
	default:
		return 0;
	}
}

static void
on_ifinfo(struct ifinfo *ii, const struct ifinfo_event *ev, void *arg)
{
	struct c6_if	*ci;

	TAILQ_FOREACH(ci, &g.ifs, entry) {
		if (strcmp(ci->conf->ifname, ev->ifp->name) != 0)
			continue;
		ci->ifindex = ev->ifp->index;
		if (ev->addr != NULL && ev->addr->family == AF_INET6 &&
		    dad_failed(ev)) {
			char	 s[INET6_ADDRSTRLEN];

			log_warnx("%s: DAD failed for %s", ci->conf->ifname,
			    inet_ntop(AF_INET6, &ev->addr->addr, s,
			    sizeof(s)));
			c6_dad_failed(&ci->cl, now_ms(), &ev->addr->addr);
			rearm(ci);
		}
		try_start(ci);
	}
}

int
io_open(void)
{
	struct c6_if	*ci;

	g.sock = sock6_udp(NULL, D6_PORT_CLIENT, SOCK6_PKTINFO |
	    SOCK6_REUSEADDR);
	if (g.sock == -1)
		return -1;
	/* a server on this very host must hear us too */
	sock6_set_mcast_loop(g.sock, 1);
	if (ev_io_add(g.loop, &sock_io, g.sock, EV_READ, on_read, NULL) == -1)
		return -1;
	if ((g.addr = addr6_open()) == NULL)
		return -1;
	if ((rts = rtsock_open()) == NULL)
		log_warn("routing socket: no unreachable routes for prefixes");
	if ((g.ifi = ifinfo_open(g.loop, 0, on_ifinfo, NULL)) == NULL)
		return -1;
	TAILQ_FOREACH(ci, &g.ifs, entry) {
		c6_init(&ci->cl, ci->conf, &g.duid, &ops, ci, g.info_mode);
		ev_timer_init(&ci->timer, on_timer, ci);
	}
	return 0;
}

void
io_restart_if(struct c6_if *ci)
{
	ci->start_after_stop = 0;
	c6_init(&ci->cl, ci->conf, &g.duid, &ops, ci, g.info_mode);
	log_info("%s: starting again", ci->conf->ifname);
	try_start(ci);
}

void
io_start(void)
{
	struct c6_if	*ci;

	TAILQ_FOREACH(ci, &g.ifs, entry)
		try_start(ci);
}

void
io_close(void)
{
	if (g.ifi != NULL)
		ifinfo_close(g.ifi);
	addr6_close(g.addr);
	if (rts != NULL)
		rtsock_close(rts);
	rts = NULL;
	if (g.sock != -1) {
		ev_io_del(g.loop, &sock_io);
		close(g.sock);
	}
	g.ifi = NULL;
	g.addr = NULL;
	g.sock = -1;
}

/* A DUID for the first run: DUID-LLT of an Ethernet-like interface. */
int
make_duid(struct d6_duid *d)
{
	struct ifinfo		*ii;
	struct ifinfo_if	*ifp;
	int			 rc = -1;

	if ((ii = ifinfo_open(NULL, 0, NULL, NULL)) == NULL)
		return -1;
	for (ifp = ifinfo_first(ii); ifp != NULL; ifp = ifinfo_next(ifp)) {
		if (ifp->lladdr_len != 6 || (ifp->flags & IFF_LOOPBACK))
			continue;
		rc = d6_duid_llt(d, 1, ifp->lladdr, 6, time(NULL));
		break;
	}
	ifinfo_close(ii);
	return rc;
}
