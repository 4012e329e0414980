/*
 * The RIPng socket: receiving and checking datagrams (RFC 2080 2.4),
 * answering requests, feeding responses to the RIB, and sending updates
 * and requests.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "ev.h"
#include "in6.h"
#include "log.h"
#include "route6d.h"
#include "scope6.h"
#include "sock6.h"

#define RX_BUDGET	256	/* datagrams per wake-up, then let others run */
#define KERNEL_BATCH	512	/* queued kernel changes that are sent at once */

static const struct in6_addr all_rip_routers = {
	{ { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x09 } }
};

static struct log_ratelimit	 rl_bad = LOG_RATELIMIT_INIT(10, 20);
static struct log_ratelimit	 rl_full = LOG_RATELIMIT_INIT(60, 1);
static struct log_ratelimit	 rl_send = LOG_RATELIMIT_INIT(10, 5);
static struct rip6_rte		 rtes[RIP6_MAXRTE];
static uint8_t			 rxbuf[65536];

/* Full-table answers: a token bucket (20 a second, bursts of 20). */
static double		 answer_tokens = 20;
static uint64_t		 answer_refill;

static void	 io_read(struct ev_io *, int, int, void *);

int
io_open(void)
{
	int	 fd;

	fd = sock6_udp(NULL, RIP6_PORT, SOCK6_PKTINFO | SOCK6_HOPLIMIT |
	    SOCK6_REUSEADDR);
	if (fd == -1)
		fatal("cannot bind UDP port %d", RIP6_PORT);
	if (sock6_set_mcast_hops(fd, 255) == -1 ||
	    sock6_set_mcast_loop(fd, 0) == -1)
		fatal("socket options");
	/*
	 * A neighbour sends its whole table back to back (139 datagrams
	 * for 10,000 routes): room for it all, so nothing is dropped
	 * while the kernel routes of the first ones are being written.
	 */
	if (sock6_set_rcvbuf(fd, 8 * 1024 * 1024) == -1)
		log_warn("SO_RCVBUF");
	rd->sock = fd;
	if (ev_io_add(rd->loop, &rd->sockio, fd, EV_READ, io_read, NULL) == -1)
		fatal("event");
	return 0;
}

static void
drop(enum rip6_drop why, const struct sock6_rx *rx, struct rip_if *ifp)
{
	char	 src[SCOPE6_STRLEN];

	rd->stats.drops[why]++;
	if (ifp != NULL)
		ifp->rx_bad++;
	if (log_getverbose())
		log_limited(&rl_bad, LOG_DEBUG, "dropped packet from %s: %s",
		    scope6_format(&rx->src, src, sizeof(src)) ? src : "?",
		    rip6_drop_name(why));
}

struct neighbor *
neighbor_find(const struct in6_addr *a, uint32_t ifindex)
{
	struct neighbor	*n;

	TAILQ_FOREACH(n, &rd->nbrs, entry)
		if (n->ifindex == ifindex && IN6_ARE_ADDR_EQUAL(&n->addr, a))
			return n;
	return NULL;
}

void
neighbor_free(struct neighbor *n)
{
	bfd_neighbor_gone(n);
	TAILQ_REMOVE(&rd->nbrs, n, entry);
	free(n);
}

static struct neighbor *
neighbor_heard(const struct in6_addr *a, uint32_t ifindex, uint64_t now)
{
	struct neighbor	*n = neighbor_find(a, ifindex);
	char		 buf[SCOPE6_STRLEN];

	if (n == NULL) {
		if ((n = calloc(1, sizeof(*n))) == NULL)
			return NULL;
		n->addr = *a;
		n->ifindex = ifindex;
		n->first = now;
		TAILQ_INSERT_TAIL(&rd->nbrs, n, entry);
		log_info("new neighbour %s", scope6_ntop(a, ifindex, buf,
		    sizeof(buf)));
		bfd_neighbor_new(n);
	}
	n->last = now;
	return n;
}

/* Send one datagram; dst NULL means ff02::9 on ifp. */
static int
send_packet(const uint8_t *pkt, size_t len, struct rip_if *ifp,
    const struct sockaddr_in6 *dst, int hoplimit)
{
	struct sockaddr_in6	 group;
	struct sock6_tx		 tx = SOCK6_TX_INIT;
	char			 buf[SCOPE6_STRLEN];

	if (dst == NULL) {
		scope6_sin6(&group, &all_rip_routers, ifp->index, RIP6_PORT);
		dst = &group;
	}
	tx.dst = dst;
	/*
	 * Link-local and multicast destinations leave through the chosen
	 * interface, and the kernel then picks its link-local address as
	 * the source (RFC 2080 2.5.2).
	 */
	if (ifp != NULL && (IN6_IS_ADDR_LINKLOCAL(&dst->sin6_addr) ||
	    IN6_IS_ADDR_MULTICAST(&dst->sin6_addr)))
		tx.ifindex = ifp->index;
	tx.hoplimit = hoplimit;
	if (sock6_send(rd->sock, pkt, len, &tx) == -1) {
		rd->stats.tx_errors++;
		log_limited(&rl_send, LOG_WARNING, "send to %s: %s",
		    scope6_format(dst, buf, sizeof(buf)) ? buf : "?",
		    strerror(errno));
		return -1;
	}
	rd->stats.tx_packets++;
	if (ifp != NULL)
		ifp->tx++;
	if (rd->cfg.debug >= 2)
		log_debug("Send(%s): info(%zu) to %s.%u",
		    ifp ? ifp->name : "-", (len - RIP6_HDRLEN) / RIP6_RTELEN,
		    scope6_format(dst, buf, sizeof(buf)) ? buf : "?",
		    ntohs(dst->sin6_port));
	return 0;
}

struct emit_ctx {
	struct rip_if			*ifp;
	const struct sockaddr_in6	*dst;
	int				 hoplimit;
	size_t				 packets;
};

static void
emit(const uint8_t *pkt, size_t len, void *arg)
{
	struct emit_ctx	*e = arg;

	if (send_packet(pkt, len, e->ifp, e->dst, e->hoplimit) == 0)
		e->packets++;
}

void
io_send_update(struct rip_if *ifp, enum out_mode mode)
{
	struct out_if	 o;
	struct emit_ctx	 e = { ifp, NULL, -1, 0 };

	if (!ifp->active)
		return;
	output_build(&rd->rib, &rd->cfg, iface_out(ifp, &o), mode, ifp->mtu,
	    emit, &e);
	if (mode == OUT_TRIGGERED)
		rd->stats.tx_triggered += e.packets;
	else
		rd->stats.tx_regular += e.packets;
}

void
io_update_all(enum out_mode mode)
{
	struct rip_if	*ifp;

	TAILQ_FOREACH(ifp, &rd->ifs, entry)
		io_send_update(ifp, mode);
}

/* A request for the whole table, to ff02::9 on one interface. */
void
io_send_request(struct rip_if *ifp)
{
	uint8_t		 buf[RIP6_HDRLEN + RIP6_RTELEN];
	struct wbuf	 w;
	struct rip6_rte	 rte;

	if (!ifp->active || filter_has(&rd->cfg, 'N', ifp->name))
		return;
	memset(&rte, 0, sizeof(rte));
	rte.metric = RIP6_INFINITY;
	wbuf_init(&w, buf, sizeof(buf));
	rip6_put_header(&w, RIP6_REQUEST);
	rip6_put_rte(&w, &rte);
	if (rd->cfg.debug)
		log_debug("Send rtdump Request to %s (ff02::9)", ifp->name);
	send_packet(wbuf_data(&w), wbuf_len(&w), ifp, NULL, -1);
}

static int
answer_allowed(uint64_t now)
{
	answer_tokens += (double)(now - answer_refill) / 50000.0;
	answer_refill = now;
	if (answer_tokens > 20)
		answer_tokens = 20;
	if (answer_tokens < 1)
		return 0;
	answer_tokens -= 1;
	return 1;
}

/*
 * Requests come from routers starting up and from monitoring tools: any
 * source, port and interface may ask (RFC 2080 2.4.1).  The answer goes
 * back to the asker's address and port.
 */
static void
handle_request(struct rip_if *ifp, const struct sock6_rx *rx, size_t n,
    uint64_t now)
{
	struct emit_ctx		 e;
	struct out_if		 o;
	struct wbuf		 w;
	struct rt_entry		*rt;
	int			 onlink;
	size_t			 i;

	rd->stats.rx_requests++;
	onlink = IN6_IS_ADDR_LINKLOCAL(&rx->src.sin6_addr);
	e.ifp = ifp;
	e.dst = &rx->src;
	/* on-link askers get 255 like any RIPng packet; others the default */
	e.hoplimit = onlink ? 255 : -1;
	e.packets = 0;
	if (rip6_is_table_request(rtes, n)) {
		if (!answer_allowed(now)) {
			drop(DROP_RATELIMIT, rx, ifp);
			return;
		}
		if (rd->cfg.debug)
			log_debug("\tRIP Request -- whole routing table");
		output_build(&rd->rib, &rd->cfg, iface_out(ifp, &o),
		    OUT_ANSWER, onlink ? ifp->mtu : RIP6_SAFE_MTU, emit, &e);
		rd->stats.tx_answers += e.packets;
		return;
	}
	/*
	 * Specific entries: the same RTEs come back with our metric for
	 * each exact prefix (16 if we have none), never more than was
	 * asked; no split horizon and no filters (RFC 2080 2.4.1).  KAME
	 * sent its stale update buffer instead (its K1).
	 */
	if (rd->cfg.debug)
		log_debug("\tRIP Request");
	wbuf_init(&w, rxbuf, RIP6_HDRLEN + n * RIP6_RTELEN);
	rip6_put_header(&w, RIP6_RESPONSE);
	for (i = 0; i < n; i++) {
		rt = rib_find(&rd->rib, &rtes[i].prefix, rtes[i].plen);
		rtes[i].metric = rt != NULL && !(rt->flags & RT_F_GARBAGE) ?
		    rt->metric : RIP6_INFINITY;
		rip6_put_rte(&w, &rtes[i]);
	}
	if (send_packet(wbuf_data(&w), wbuf_len(&w), ifp, &rx->src,
	    e.hoplimit) == 0)
		rd->stats.tx_answers++;
}

static void
handle_response(struct rip_if *ifp, const struct sock6_rx *rx, size_t n,
    uint64_t now)
{
	struct neighbor		*nbr;
	struct in6_addr		 nh = rx->src.sin6_addr;
	struct rip6_rte		 rte;
	const struct filter	*f;
	enum rip6_drop		 why;
	unsigned		 cost;
	size_t			 i;
	int			 have_l, ok, nh_self = 0;

	/* The checks of RFC 2080 2.4.2 that KAME lacked (its F3). */
	if (!IN6_IS_ADDR_LINKLOCAL(&rx->src.sin6_addr)) {
		drop(DROP_SRC_NOT_LL, rx, ifp);
		return;
	}
	if (ntohs(rx->src.sin6_port) != RIP6_PORT) {
		drop(DROP_SRC_PORT, rx, ifp);
		return;
	}
	if (IN6_IS_ADDR_MULTICAST(&rx->dst) ? rx->hoplimit != 255 :
	    !IN6_IS_ADDR_LINKLOCAL(&rx->dst) && rx->hoplimit != 255) {
		drop(DROP_HOPLIMIT, rx, ifp);
		return;
	}
	if (!ifp->active) {
		drop(DROP_UNKNOWN_IF, rx, ifp);
		return;
	}
	if (filter_has(&rd->cfg, 'N', ifp->name)) {
		drop(DROP_NOUSE_IF, rx, ifp);
		return;
	}
	if (iface_is_own(&rx->src.sin6_addr)) {
		drop(DROP_OWN, rx, ifp);
		return;
	}
	rd->stats.rx_responses++;
	nbr = neighbor_heard(&rx->src.sin6_addr, ifp->index, now);
	if (nbr != NULL && nbr->bfd_failed) {
		drop(DROP_BFD_DOWN, rx, ifp);
		return;
	}
	if (nbr != NULL) {
		nbr->responses++;
		nbr->rtes += n;
	}
	cost = config_cost(&rd->cfg, ifp->name);
	have_l = filter_has(&rd->cfg, 'L', ifp->name);
	for (i = 0; i < n; i++) {
		rte = rtes[i];
		if (rte.metric == RIP6_NEXTHOP_METRIC) {
			/*
			 * A next hop for the RTEs that follow: a link-local
			 * address of a router on this link, or (:: or
			 * anything else) the sender itself.
			 */
			if (IN6_IS_ADDR_LINKLOCAL(&rte.prefix)) {
				nh = rte.prefix;
				nh.s6_addr[2] = nh.s6_addr[3] = 0;
				/*
				 * Routes through ourselves: a neighbour tells
				 * the link about a router on it, and we are
				 * that router.  Installing them would loop.
				 */
				nh_self = iface_is_own(&nh);
			} else {
				if (!IN6_IS_ADDR_UNSPECIFIED(&rte.prefix) &&
				    rd->cfg.debug)
					log_debug("\tInvalid Nexthop");
				nh = rx->src.sin6_addr;
				nh_self = 0;
			}
			continue;
		}
		if (nh_self) {
			rd->stats.drops[DROP_RTE_NEXTHOP_SELF]++;
			continue;
		}
		if (rip6_rte_check(&rte, rd->cfg.lflag, &why) == -1) {
			rd->stats.drops[why]++;
			if (nbr != NULL)
				nbr->bad_rtes++;
			continue;
		}
		if (have_l) {
			ok = 0;
			TAILQ_FOREACH(f, &rd->cfg.filters, entry)
				if (f->type == 'L' &&
				    filter_match_if(f, ifp->name) &&
				    filter_prefix_match(f, &rte.prefix,
				    rte.plen, 1))
					ok = 1;
			if (!ok) {
				rd->stats.drops[DROP_RTE_FILTER]++;
				continue;
			}
		}
		in6_applyplen(&rte.prefix, rte.plen);
		rte.metric = (uint8_t)(rte.metric + 1 + cost);
		if (rte.metric > RIP6_INFINITY)
			rte.metric = RIP6_INFINITY;
		rib_input(&rd->rib, &rte, &nh, ifp->index, now);
	}
	if (rd->rib.drops_full > rd->stats.drops[DROP_RTE_FULL]) {
		log_limited(&rl_full, LOG_WARNING, "routing table full (%zu "
		    "routes, -M): new routes dropped", rd->rib.count);
		rd->stats.drops[DROP_RTE_FULL] = rd->rib.drops_full;
	}
}

static void
handle_packet(const uint8_t *pkt, size_t len, const struct sock6_rx *rx,
    uint64_t now)
{
	struct rip_if	*ifp;
	enum rip6_drop	 why;
	uint8_t		 cmd, vers;
	size_t		 n;
	char		 src[SCOPE6_STRLEN];

	rd->stats.rx_packets++;
	if (rx->truncated) {
		drop(DROP_LENGTH, rx, NULL);
		return;
	}
	/* KAME answered requests without pktinfo unfiltered (its F4) */
	if (rx->ifindex == 0 || rx->hoplimit < 0) {
		drop(DROP_NO_PKTINFO, rx, NULL);
		return;
	}
	ifp = iface_find(rx->ifindex);
	if (ifp == NULL) {
		drop(DROP_UNKNOWN_IF, rx, NULL);
		return;
	}
	ifp->rx++;
	if (rip6_decode(pkt, len, &cmd, &vers, rtes, RIP6_MAXRTE, &n,
	    &why) == -1) {
		drop(why, rx, ifp);
		return;
	}
	if (vers != RIP6_VERSION) {
		drop(DROP_VERSION, rx, ifp);
		return;
	}
	if (rd->cfg.debug >= 2)
		log_debug("Recv(%s): from %s.%u info(%zu)", ifp->name,
		    scope6_format(&rx->src, src, sizeof(src)) ? src : "?",
		    ntohs(rx->src.sin6_port), n);
	switch (cmd) {
	case RIP6_REQUEST:
		handle_request(ifp, rx, n, now);
		break;
	case RIP6_RESPONSE:
		handle_response(ifp, rx, n, now);
		break;
	default:
		drop(DROP_COMMAND, rx, ifp);
		break;
	}
}

static void
io_read(struct ev_io *io, int fd, int revents, void *arg)
{
	struct sock6_rx	 rx;
	ssize_t		 n;
	int		 budget;

	for (budget = 0; budget < RX_BUDGET; budget++) {
		n = sock6_recv(fd, rxbuf, sizeof(rxbuf), &rx);
		if (n == -1) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("recvmsg");
			break;
		}
		handle_packet(rxbuf, (size_t)n, &rx, ev_now(rd->loop));
		/* a few hundred changes make a good batch; more only cost */
		if (rd->nkops >= KERNEL_BATCH)
			kernel_flush();
	}
	after_event();
}
