/*
 * bfdd's sockets.  Packets arrive on UDP sockets bound to ports 3784 and
 * 4784, read many per system call; every check of RFC 5880 6.8.6 is made
 * here or in bfd_decode, and a packet reaches its session only once it
 * has passed them all.  Packets leave through one raw UDP socket per
 * family, many per system call: each session still has its own source
 * port (RFC 5881 4), but sending does not cost a socket per session.
 */
#include <sys/socket.h>

#include <linux/filter.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "bfdd.h"
#include "buf.h"
#include "ifinfo.h"
#include "scope6.h"

#ifndef UDP_NO_CHECK6_RX
#define UDP_NO_CHECK6_RX	102
#endif

#define RX_BATCH	64
#define TX_BATCH	256
#define UDP_HDR		8

/*
 * A receiving socket: bound to the wildcard address, or with
 * strict-bind to one local address (and, single hop, its interface),
 * shared by the sessions that use that address.
 */
struct rxsock {
	int		 fd;
	int		 family;
	int		 multihop;
	struct ev_io	 io;
	struct ev_timer	 holdoff;	/* not woken again before it */
	int		 yielded;	/* the read waited a pass (behind) */
	struct in6_addr	 addr;		/* strict-bind; v4-mapped for IPv4 */
	uint32_t	 ifindex;	/* strict-bind, single hop */
	int		 bound;		/* to addr, not the wildcard */
	int		 refs;		/* sessions using it (strict-bind) */
	LIST_ENTRY(rxsock) entry;
};

struct txq {
	struct mmsghdr		 msg[TX_BATCH];
	struct iovec		 iov[TX_BATCH];
	union {
		struct sockaddr_in6	 v6;
		struct sockaddr_in	 v4;
	}			 dst[TX_BATCH];
	union {
		uint8_t			 buf[CMSG_SPACE(sizeof(struct
					    in6_pktinfo))];
		struct cmsghdr		 align;
	}			 cmsg[TX_BATCH];
	uint8_t			 pkt[TX_BATCH][UDP_HDR + BFD_PKTMAX];
	int			 n;
};

static LIST_HEAD(, rxsock) rxs = LIST_HEAD_INITIALIZER(rxs);
static int		 strict_now;
static int		 rx_unused;	/* a bound socket lost its last user */

static void	 rx_resume(struct ev_timer *, void *);
static int		 tx6 = -1, tx4 = -1;
static struct txq	 q6, q4;
static uint8_t		 ports[65536 / 8];
static struct log_ratelimit rl_send = LOG_RATELIMIT_INIT(1, 10);
/* one per reason: a flood of one kind does not hide the first of another */
static struct log_ratelimit rl_drop[BFD_DROP_NREASONS];
static struct log_ratelimit rl_sock = LOG_RATELIMIT_INIT(1, 60);
static int		 tclass_now;
static unsigned		 io_gen = 1;	/* sockets of older ones are stale */

static void	 io_read(struct ev_io *, int, int, void *);

static int
setint(int fd, int level, int name, int v)
{
	return setsockopt(fd, level, name, &v, sizeof(v));
}

/* A receiving socket, on the wildcard address if addr is NULL. */
static struct rxsock *
rx_open(int family, int multihop, const struct in6_addr *addr,
    uint32_t ifindex)
{
	struct sockaddr_in6	 s6;
	struct sockaddr_in	 s4;
	struct rxsock		*r;
	int			 fd, port = multihop ? BFD_PORT_MULTI :
				    BFD_PORT_SINGLE;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		free(r);
		return NULL;
	}
	setint(fd, SOL_SOCKET, SO_REUSEADDR, 1);
	/* a strictly bound single hop socket hears only its link */
	if (addr != NULL && !multihop && setint(fd, SOL_SOCKET,
	    SO_BINDTOIFINDEX, (int)ifindex) == -1)
		goto fail;
	if (family == AF_INET6) {
		if (setint(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1) == -1 ||
		    setint(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1) == -1 ||
		    setint(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1) == -1)
			goto fail;
		if (bd->conf->kernel_ttl_check && !multihop)
			setint(fd, IPPROTO_IPV6, 73 /* IPV6_MINHOPCOUNT */,
			    255);
		/*
		 * A zero UDP checksum is invalid over IPv6 (RFC 8200 8.1),
		 * and the kernel drops such packets before us; some peers
		 * send them anyway.
		 */
		if (bd->conf->zero_udp6_checksum_rx &&
		    setint(fd, IPPROTO_UDP, UDP_NO_CHECK6_RX, 1) == -1)
			goto fail;
		memset(&s6, 0, sizeof(s6));
		s6.sin6_family = AF_INET6;
		s6.sin6_port = htons(port);
		if (addr != NULL) {
			s6.sin6_addr = *addr;
			if (scope6_is_scoped(addr))
				s6.sin6_scope_id = ifindex;
		}
		if (bind(fd, (struct sockaddr *)&s6, sizeof(s6)) == -1)
			goto fail;
	} else {
		if (setint(fd, IPPROTO_IP, IP_PKTINFO, 1) == -1 ||
		    setint(fd, IPPROTO_IP, IP_RECVTTL, 1) == -1)
			goto fail;
		if (bd->conf->kernel_ttl_check && !multihop)
			setint(fd, IPPROTO_IP, IP_MINTTL, 255);
		memset(&s4, 0, sizeof(s4));
		s4.sin_family = AF_INET;
		s4.sin_port = htons(port);
		if (addr != NULL)
			memcpy(&s4.sin_addr, &addr->s6_addr[12], 4);
		if (bind(fd, (struct sockaddr *)&s4, sizeof(s4)) == -1)
			goto fail;
	}
	/* a thousand sessions at 10 ms are 100,000 packets a second */
	setint(fd, SOL_SOCKET, SO_RCVBUFFORCE, 4 * 1024 * 1024);
	r->fd = fd;
	r->family = family;
	r->multihop = multihop;
	if (addr != NULL) {
		r->bound = 1;
		r->addr = *addr;
		r->ifindex = multihop ? 0 : ifindex;
	}
	if (ev_io_add(bd->loop, &r->io, fd, EV_READ, io_read, r) == -1)
		goto fail;
	ev_timer_init(&r->holdoff, rx_resume, r);
	LIST_INSERT_HEAD(&rxs, r, entry);
	return r;
fail:
	close(fd);
	free(r);
	return NULL;
}

static void	 rx_reap(void);

/* After each pass of the loop: what was queued goes out. */
static void
io_post(void *arg)
{
	io_flush(arg);
	rx_reap();
}

static void
rx_close(struct rxsock *r)
{
	ev_io_del(bd->loop, &r->io);
	ev_timer_cancel(bd->loop, &r->holdoff);
	close(r->fd);
	LIST_REMOVE(r, entry);
	free(r);
}

/*
 * strict-bind: the session's receiving socket, bound to its source
 * address (and interface, single hop), shared with the sessions of the
 * same address; made when its path is known, let go when it changes.
 * One that cannot be made is tried again a second later (io_send).
 */
static void
rx_unbind(struct bsession *bs)
{
	struct rxsock	*r = bs->rxb;

	/* closed after the pass (rx_reap): it may be being read now */
	bs->rxb = NULL;
	if (r != NULL && --r->refs == 0)
		rx_unused = 1;
}

static void
rx_reap(void)
{
	struct rxsock	*r, *next;

	if (!rx_unused)
		return;
	rx_unused = 0;
	for (r = LIST_FIRST(&rxs); r != NULL; r = next) {
		next = LIST_NEXT(r, entry);
		if (r->bound && r->refs == 0)
			rx_close(r);
	}
}

static void
rx_bind(struct bsession *bs)
{
	const struct bfd_session *s = &bs->s;
	struct rxsock	*r;
	uint32_t	 ifindex = s->multihop ? 0 : s->ifindex;
	char		 name[256];

	if (!strict_now || bs->waiting)
		return;
	if ((r = bs->rxb) != NULL) {
		if (IN6_ARE_ADDR_EQUAL(&r->addr, &s->local) &&
		    r->ifindex == ifindex)
			return;
		rx_unbind(bs);
	}
	LIST_FOREACH(r, &rxs, entry)
		if (r->bound && r->family == s->family &&
		    r->multihop == s->multihop && r->ifindex == ifindex &&
		    IN6_ARE_ADDR_EQUAL(&r->addr, &s->local))
			break;
	if (r == NULL &&
	    (r = rx_open(s->family, s->multihop, &s->local, ifindex)) == NULL) {
		bs->rxb_retry = ev_now(bd->loop) + 1000000;
		log_limited(&rl_sock, LOG_WARNING, "session %s: no socket to "
		    "receive on its address (%s)", sess_name(bs, name,
		    sizeof(name)), strerror(errno));
		return;
	}
	r->refs++;
	bs->rxb = r;
	bs->rxb_retry = 0;
}

/*
 * A raw UDP socket sends with any source port; it would also get a copy
 * of every UDP packet that arrives, so a filter drops them all unread.
 * Bound to the loopback address, it is not even offered them: the
 * kernel gives a raw socket only what is sent to its bound address, and
 * cloning every packet for the filter to drop costs about a tenth of
 * sending one.  The source address comes from IPV6_PKTINFO/IP_PKTINFO
 * with each packet, whatever the binding.
 */
/*
 * What every sending socket has: nothing read (a filter drops all, no
 * buffer), hop limit or TTL 255 (RFC 5881 5), the traffic class, and no
 * path MTU discovery.
 */
static int
tx_sockopts(int fd, int family, int tclass)
{
	struct sock_filter	 none[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_fprog	 prog = { 1, none };

	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog)) == -1)
		return -1;
	setint(fd, SOL_SOCKET, SO_RCVBUF, 0);
	if (family == AF_INET6)
		return setint(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255) == -1 ||
		    setint(fd, IPPROTO_IPV6, IPV6_TCLASS, tclass) == -1 ||
		    setint(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER,
		    IPV6_PMTUDISC_DONT) == -1 ? -1 : 0;
	return setint(fd, IPPROTO_IP, IP_TTL, 255) == -1 ||
	    setint(fd, IPPROTO_IP, IP_TOS, tclass) == -1 ||
	    setint(fd, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT) == -1 ?
	    -1 : 0;
}

static int
tx_open(int family, int tclass)
{
	struct sockaddr_in6	 lo6;
	struct sockaddr_in	 lo4;
	int			 fd;

	fd = socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    IPPROTO_UDP);
	if (fd == -1)
		return -1;
	if (tx_sockopts(fd, family, tclass) == -1)
		goto fail;
	/* the kernel fills in the UDP checksum (offset 6) */
	if (family == AF_INET6 &&
	    setint(fd, IPPROTO_IPV6, IPV6_CHECKSUM, 6) == -1)
		goto fail;
	/* after the TOS, which resets it; needs CAP_NET_ADMIN (above 6) */
	if (setint(fd, SOL_SOCKET, SO_PRIORITY, 7) == -1)
		log_warn("SO_PRIORITY 7");
	setint(fd, SOL_SOCKET, SO_SNDBUFFORCE, 4 * 1024 * 1024);
	/* without a loopback address, the filter still drops them */
	if (family == AF_INET6) {
		memset(&lo6, 0, sizeof(lo6));
		lo6.sin6_family = AF_INET6;
		lo6.sin6_addr = in6addr_loopback;
		bind(fd, (struct sockaddr *)&lo6, sizeof(lo6));
	} else {
		memset(&lo4, 0, sizeof(lo4));
		lo4.sin_family = AF_INET;
		lo4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		bind(fd, (struct sockaddr *)&lo4, sizeof(lo4));
	}
	return fd;
fail:
	close(fd);
	return -1;
}

/* One family's sockets: receiving (unless strict-bind) and sending. */
static int
open_family(const struct bfd_conf *c, int family)
{
	const char	*any = family == AF_INET6 ? "[::]" : "0.0.0.0";

	if (!strict_now && (c->accept & BFD_ACCEPT_DIRECT) &&
	    rx_open(family, 0, NULL, 0) == NULL) {
		log_warn("UDP %s:%d", any, BFD_PORT_SINGLE);
		return -1;
	}
	if (!strict_now && (c->accept & BFD_ACCEPT_MULTIHOP) &&
	    rx_open(family, 1, NULL, 0) == NULL) {
		log_warn("UDP %s:%d", any, BFD_PORT_MULTI);
		return -1;
	}
	if (family == AF_INET6)
		tx6 = tx_open(family, c->tclass);
	else
		tx4 = tx_open(family, c->tclass);
	if ((family == AF_INET6 ? tx6 : tx4) == -1) {
		log_warn("raw %s socket (needs CAP_NET_RAW)",
		    family == AF_INET6 ? "IPv6" : "IPv4");
		return -1;
	}
	return 0;
}

/*
 * The sockets of configuration c (which is bd->conf); -1, with what
 * failed logged and nothing left open, if one cannot be made.
 */
int
io_open(const struct bfd_conf *c)
{
	struct bsession	*bs;

	io_gen++;
	tclass_now = c->tclass;
	strict_now = c->strict_bind;
	if ((c->accept & BFD_ACCEPT_IPV6) && open_family(c, AF_INET6) == -1)
		goto fail;
	if ((c->accept & BFD_ACCEPT_IPV4) && open_family(c, AF_INET) == -1)
		goto fail;
	ev_loop_set_post(bd->loop, io_post, NULL);
	/* strict-bind: a socket for the address of each session */
	for (bs = sess_first(); bs != NULL; bs = sess_next(bs))
		rx_bind(bs);
	return 0;
fail:
	io_close();
	return -1;
}

void
io_close(void)
{
	struct bsession	*bs;
	struct rxsock	*r;

	io_flush(NULL);
	for (bs = sess_first(); bs != NULL; bs = sess_next(bs))
		bs->rxb = NULL;
	while ((r = LIST_FIRST(&rxs)) != NULL)
		rx_close(r);
	if (tx6 != -1)
		close(tx6);
	if (tx4 != -1)
		close(tx4);
	tx6 = tx4 = -1;
}

/*
 * Each session sends through a UDP socket of its own, bound to its
 * source address and port and connected to its peer: the kernel keeps
 * the route in the socket and checks it with a cookie, where a packet
 * of the shared raw socket needs a route lookup, a check of its source
 * address and its ancillary data parsed.  Measured on a veth between
 * two namespaces with a thousand prefixes: a quarter less CPU per packet
 * sent, delivery to the peer included.  It costs one descriptor per
 * session and one system call per packet, no more than a slot in
 * sendmmsg.  Whatever arrives on it is dropped by a filter: BFD peers
 * send to port 3784 or 4784.  A session whose socket cannot be made
 * (out of descriptors, its port held by another program, its source not
 * usable yet) sends through the raw socket, and tries again a second
 * later.  SOCK_RESERVE descriptors of the limit are never taken by
 * sessions, so that the control socket can still accept its clients and
 * a reload can still open its files.
 *
 * Two other ways were measured and not taken (Linux 6.18, loopback,
 * 1,000 connected sockets, 600,000 packets a try, 10 to 15 tries each,
 * medians): the sends of a pass submitted to an io_uring at once, the
 * sockets registered with it, took the same CPU per packet (2.62 us
 * against 2.62 us, delivery included): the ring's work per request
 * costs what the system call did.  Receiving on per-session connected
 * sockets spares the route lookup of each packet received (early
 * demux), but takes a read per packet instead of a slot in recvmmsg:
 * 2.9 us a packet against 2.5 us where the lookup is cheap.  With a
 * thousand prefixes the lookup is 13% of our CPU at 1,000 sessions (the
 * bench's profile); whether it then pays is not measured.
 */
#define SOCK_RESERVE	64

static long		 sock_budget = -1;	/* -1: no limit known */
static long		 nsock;

void
io_set_nofile(long limit)
{
	if (limit < 0)
		return;		/* not known: try, and fall back */
	sock_budget = limit > SOCK_RESERVE ? limit - SOCK_RESERVE : 0;
}

static int
sess_sock_open(struct bsession *bs)
{
	const struct bfd_session *s = &bs->s;
	struct sockaddr_in6	 l6, p6;
	struct sockaddr_in	 l4, p4;
	int			 fd, v6 = s->family == AF_INET6;
	uint16_t		 port = s->multihop ? BFD_PORT_MULTI :
				    BFD_PORT_SINGLE;

	if (sock_budget != -1 && nsock >= sock_budget) {
		errno = EMFILE;
		return -1;
	}
	fd = socket(s->family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	if (tx_sockopts(fd, s->family, tclass_now) == -1 ||
	    (v6 && setint(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1) == -1))
		goto fail;
	/* ports are shared past 16,384 sessions (with other peers) */
	setint(fd, SOL_SOCKET, SO_REUSEADDR, 1);
	setint(fd, SOL_SOCKET, SO_PRIORITY, 7);
	/* single hop stays on its link (RFC 5881 5) */
	if (!s->multihop && setint(fd, SOL_SOCKET, SO_BINDTOIFINDEX,
	    (int)s->ifindex) == -1)
		goto fail;
	if (v6) {
		memset(&l6, 0, sizeof(l6));
		l6.sin6_family = AF_INET6;
		l6.sin6_addr = s->local;
		l6.sin6_port = htons(s->srcport);
		if (scope6_is_scoped(&s->local))
			l6.sin6_scope_id = s->ifindex;
		p6 = l6;
		p6.sin6_addr = s->peer;
		p6.sin6_port = htons(port);
		p6.sin6_scope_id = scope6_is_scoped(&s->peer) ? s->ifindex : 0;
		if (bind(fd, (struct sockaddr *)&l6, sizeof(l6)) == -1 ||
		    connect(fd, (struct sockaddr *)&p6, sizeof(p6)) == -1)
			goto fail;
	} else {
		memset(&l4, 0, sizeof(l4));
		l4.sin_family = AF_INET;
		memcpy(&l4.sin_addr, &s->local.s6_addr[12], 4);
		l4.sin_port = htons(s->srcport);
		p4 = l4;
		memcpy(&p4.sin_addr, &s->peer.s6_addr[12], 4);
		p4.sin_port = htons(port);
		if (bind(fd, (struct sockaddr *)&l4, sizeof(l4)) == -1 ||
		    connect(fd, (struct sockaddr *)&p4, sizeof(p4)) == -1)
			goto fail;
	}
	nsock++;
	return fd;
fail:
	close(fd);
	return -1;
}

/* The session goes: its sockets with it. */
void
io_sess_free(struct bsession *bs)
{
	io_sess_close(bs);
	rx_unbind(bs);
}

void
io_sess_close(struct bsession *bs)
{
	if (bs->txfd != -1) {
		close(bs->txfd);
		nsock--;
	}
	bs->txfd = -1;
	bs->tx_retry = 0;
}

/* The session's path changed (or may have): a socket bound to the old
 * one goes. */
void
io_sess_path(struct bsession *bs)
{
	if (bs->waiting)
		rx_unbind(bs);
	else
		rx_bind(bs);
	if (bs->txfd == -1)
		return;
	if (bs->waiting || bs->tx_ifindex != bs->s.ifindex ||
	    !IN6_ARE_ADDR_EQUAL(&bs->tx_local, &bs->s.local))
		io_sess_close(bs);
}

/* The session's own socket, made when first needed; -1: use the raw one. */
static int
sess_sock(struct bsession *bs)
{
	uint64_t	 now;
	char		 name[256];

	if (bs->txfd != -1 && bs->tx_gen == io_gen)
		return bs->txfd;
	io_sess_close(bs);
	now = ev_now(bd->loop);
	if (bs->waiting || (bs->tx_retry != 0 && now < bs->tx_retry))
		return -1;
	if ((bs->txfd = sess_sock_open(bs)) == -1) {
		bs->tx_retry = now + 1000000;
		bd->stats.tx_socket_fails++;
		log_limited(&rl_sock, LOG_WARNING, "session %s: no socket of "
		    "its own (%s), sending through the shared one",
		    sess_name(bs, name, sizeof(name)), strerror(errno));
		return -1;
	}
	bs->tx_gen = io_gen;
	bs->tx_ifindex = bs->s.ifindex;
	bs->tx_local = bs->s.local;
	bs->tx_retry = 0;
	return bs->txfd;
}

uint16_t
io_port_alloc(void)
{
	unsigned	 lo = bd->conf->port_lo, hi = bd->conf->port_hi;
	unsigned	 span = hi - lo + 1, p, i;

	/* random, and unique while there are free ports (RFC 5881 4) */
	p = lo + bfd_random() % span;
	for (i = 0; i < span; i++, p = p == hi ? lo : p + 1)
		if (!(ports[p / 8] & (1 << (p % 8)))) {
			ports[p / 8] |= (uint8_t)(1 << (p % 8));
			return (uint16_t)p;
		}
	return (uint16_t)p;		/* all taken: share one */
}

void
io_port_free(uint16_t p)
{
	ports[p / 8] &= (uint8_t)~(1 << (p % 8));
}

static void
trace_pkt(const char *what, const struct bsession *bs,
    const struct sockaddr_in6 *from, const struct bfd_pkt *p)
{
	char	 a[SCOPE6_STRLEN], f[8];

	if (!bd->trace)
		return;
	if (bs != NULL)
		sess_name(bs, a, sizeof(a));
	else if (scope6_format(from, a, sizeof(a)) == NULL)
		strlcpy(a, "?", sizeof(a));
	log_info("%s %s [%s %s]", what, a, bfd_state_name(p->state),
	    bfd_flags_str(p->flags, f, sizeof(f)));
}

/* IPv4 needs its UDP checksum from us; IPv6 has the kernel do it. */
static uint16_t
udp4_cksum(const struct in6_addr *src, const struct in6_addr *dst,
    const uint8_t *udp, size_t len)
{
	uint8_t		 ph[12];
	uint32_t	 sum;
	uint16_t	 c;

	memcpy(ph, &src->s6_addr[12], 4);
	memcpy(ph + 4, &dst->s6_addr[12], 4);
	ph[8] = 0;
	ph[9] = IPPROTO_UDP;
	ph[10] = (uint8_t)(len >> 8);
	ph[11] = (uint8_t)len;
	sum = cksum_add(0, ph, sizeof(ph));
	sum = cksum_add(sum, udp, len);
	c = cksum_finish(sum);
	return c == 0 ? 0xffff : c;
}

static void
flush_q(struct txq *q, int fd)
{
	int	 done = 0, n;

	while (done < q->n) {
		n = sendmmsg(fd, q->msg + done, (unsigned)(q->n - done), 0);
		if (n <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			/* skip the one that failed, keep the rest going */
			bd->stats.tx_errors++;
			log_limited(&rl_send, LOG_WARNING, "send: %s",
			    strerror(errno));
			done++;
			continue;
		}
		bd->stats.tx_packets += (uint64_t)n;
		done += n;
	}
	q->n = 0;
}

void
io_flush(void *arg)
{
	if (q6.n > 0)
		flush_q(&q6, tx6);
	if (q4.n > 0)
		flush_q(&q4, tx4);
}

void
io_send(struct bsession *bs, const struct bfd_pkt *p)
{
	struct bfd_session	*s = &bs->s;
	struct txq		*q = s->family == AF_INET ? &q4 : &q6;
	struct msghdr		*m;
	struct cmsghdr		*cm;
	uint8_t			*udp;
	size_t			 len;
	int			 n, i;

	static uint8_t		 own[UDP_HDR + BFD_PKTMAX];
	int			 fd;

	/* strict-bind: a session that could not get its socket tries again */
	if (strict_now && bs->rxb == NULL && bs->rxb_retry != 0 &&
	    ev_now(bd->loop) >= bs->rxb_retry)
		rx_bind(bs);

	if ((fd = sess_sock(bs)) != -1)
		udp = own;
	else {
		if ((s->family == AF_INET ? tx4 : tx6) == -1)
			return;
		if (q->n == TX_BATCH)
			io_flush(NULL);		/* empties it */
		/* cppcheck-suppress arrayIndexOutOfBoundsCond */
		udp = q->pkt[q->n];
	}
	len = bfd_encode(udp + UDP_HDR, BFD_PKTMAX, p);
	if (s->auth.type != BFD_AUTH_NONE) {
		n = bfd_auth_sign(&s->auth, udp + UDP_HDR, BFD_PKTMAX,
		    bfd_sess_xmit_seq(s, ev_now(bd->loop)), time(NULL));
		if (n == -1) {
			/* no key may be used now: better silent than wrong */
			bd->stats.tx_errors++;
			return;
		}
		len = (size_t)n;
	}
	if (fd != -1) {
		trace_pkt("Sending CTL to", bs, NULL, p);
		/* a pending ICMP error fails one send: say it and retry */
		for (i = 0; i < 2; i++) {
			if (send(fd, udp + UDP_HDR, len, 0) != -1) {
				bd->stats.tx_packets++;
				return;
			}
			if (errno == EAGAIN || errno == ENOBUFS)
				break;
		}
		bd->stats.tx_errors++;
		log_limited(&rl_send, LOG_WARNING, "send: %s",
		    strerror(errno));
		return;
	}
	i = q->n;
	len += UDP_HDR;
	udp[0] = (uint8_t)(s->srcport >> 8);
	udp[1] = (uint8_t)s->srcport;
	n = s->multihop ? BFD_PORT_MULTI : BFD_PORT_SINGLE;
	udp[2] = (uint8_t)(n >> 8);
	udp[3] = (uint8_t)n;
	udp[4] = (uint8_t)(len >> 8);
	udp[5] = (uint8_t)len;
	udp[6] = udp[7] = 0;
	m = &q->msg[i].msg_hdr;
	memset(m, 0, sizeof(*m));
	q->iov[i].iov_base = udp;
	q->iov[i].iov_len = len;
	m->msg_iov = &q->iov[i];
	m->msg_iovlen = 1;
	m->msg_control = q->cmsg[i].buf;
	cm = (struct cmsghdr *)(void *)q->cmsg[i].buf;
	if (s->family == AF_INET6) {
		struct in6_pktinfo	 pi;

		memset(&q->dst[i].v6, 0, sizeof(q->dst[i].v6));
		q->dst[i].v6.sin6_family = AF_INET6;
		q->dst[i].v6.sin6_addr = s->peer;
		if (scope6_is_scoped(&s->peer))
			q->dst[i].v6.sin6_scope_id = s->ifindex;
		m->msg_name = &q->dst[i].v6;
		m->msg_namelen = sizeof(q->dst[i].v6);
		memset(&pi, 0, sizeof(pi));
		pi.ipi6_addr = s->local;
		/* single hop stays on its link (RFC 5881 5) */
		pi.ipi6_ifindex = s->multihop ? 0 : s->ifindex;
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		m->msg_controllen = CMSG_SPACE(sizeof(pi));
	} else {
		struct in_pktinfo	 pi;
		uint16_t		 c;

		c = udp4_cksum(&s->local, &s->peer, udp, len);
		udp[6] = (uint8_t)(c >> 8);
		udp[7] = (uint8_t)c;
		memset(&q->dst[i].v4, 0, sizeof(q->dst[i].v4));
		q->dst[i].v4.sin_family = AF_INET;
		memcpy(&q->dst[i].v4.sin_addr, &s->peer.s6_addr[12], 4);
		m->msg_name = &q->dst[i].v4;
		m->msg_namelen = sizeof(q->dst[i].v4);
		memset(&pi, 0, sizeof(pi));
		memcpy(&pi.ipi_spec_dst, &s->local.s6_addr[12], 4);
		pi.ipi_ifindex = s->multihop ? 0 : (int)s->ifindex;
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		m->msg_controllen = CMSG_SPACE(sizeof(pi));
	}
	q->n++;
	trace_pkt("Sending CTL to", bs, NULL, p);
}

static void
drop(enum bfd_drop why, struct bsession *bs, const struct sockaddr_in6 *from)
{
	struct log_ratelimit	*rl;
	char			 a[SCOPE6_STRLEN];

	bd->stats.drops[why]++;
	if (bs != NULL)
		bs->s.last_drop = why;
	/* a flood costs a counter, not a formatted address each */
	rl = &rl_drop[why];
	if (rl->burst == 0)
		*rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(1, 5);
	if (!log_limited_take(rl, LOG_INFO))
		return;
	if (IN6_IS_ADDR_V4MAPPED(&from->sin6_addr)) {
		if (inet_ntop(AF_INET, &from->sin6_addr.s6_addr[12], a,
		    sizeof(a)) == NULL)
			strlcpy(a, "?", sizeof(a));
	} else if (scope6_format(from, a, sizeof(a)) == NULL)
		strlcpy(a, "?", sizeof(a));
	log_limited_emit(rl, LOG_INFO, "bad packet from %s: %s", a,
	    bfd_drop_name(why));
}

/* Only one single hop session on this interface? (p2p-any-source) */
static struct bsession *
only_session_on(uint32_t ifindex, int family)
{
	struct bsession	*bs, *found = NULL;

	/*
	 * Only an interface block can turn it on: without one, the walk
	 * over every session is not made for each packet that matches
	 * none.
	 */
	if (!bfd_conf_p2p_any(bd->conf))
		return NULL;
	for (bs = sess_first(); bs != NULL; bs = sess_next(bs))
		if (!bs->s.multihop && bs->s.ifindex == ifindex &&
		    bs->s.family == family) {
			if (found != NULL)
				return NULL;
			found = bs;
		}
	return found != NULL && found->s.p.p2p_any_source ? found : NULL;
}

/*
 * authentication-transition: does the packet pass with the session's
 * previous authentication, still accepted for a while after a change?
 * Its own sequence state; nothing of the current one is touched.
 */
static int
prev_auth_ok(struct bsession *bs, const uint8_t *buf, size_t len,
    const struct bfd_pkt *p, uint64_t now)
{
	enum bfd_drop	 why;
	char		 name[256];

	if (bs->prev_until == 0)
		return 0;
	if (now >= bs->prev_until) {
		bfd_auth_clear(&bs->prev_auth);
		bs->prev_until = 0;
		log_info("session %s: the previous authentication is no "
		    "longer accepted", sess_name(bs, name, sizeof(name)));
		return 0;
	}
	if (((p->flags & BFD_F_AUTH) != 0) !=
	    (bs->prev_auth.type != BFD_AUTH_NONE))
		return 0;
	if (bs->prev_auth.type != BFD_AUTH_NONE) {
		if (bs->prev_ast.seq_known && bs->s.last_rx != 0 &&
		    now - bs->s.last_rx > 2 * bs->s.detect_last)
			bs->prev_ast.seq_known = 0;
		if (bfd_auth_verify(&bs->prev_auth, buf, len, p,
		    &bs->prev_ast, time(NULL), &why) == -1)
			return 0;
	}
	if (bs->prev_accepted++ == 0)
		log_info("session %s: a packet with the previous "
		    "authentication accepted (authentication-transition)",
		    sess_name(bs, name, sizeof(name)));
	return 1;
}

/* RFC 5880 6.8.6, the checks after the packet's own, in order. */
static void
input(struct rxsock *r, const uint8_t *buf, size_t len,
    const struct sockaddr_in6 *from, const struct in6_addr *to,
    uint32_t ifindex, int ttl)
{
	struct bsession	*bs = NULL;
	struct bfd_pkt	 p;
	enum bfd_drop	 why;
	uint64_t	 now = ev_now(bd->loop);
	char		 name[256];

	bd->stats.rx_packets++;
	/* GTSM, before anything else (RFC 5881 5) */
	if (!r->multihop && ttl != 255) {
		drop(BFD_DROP_TTL, NULL, from);
		return;
	}
	if (bfd_decode(buf, len, &p, &why) == -1) {
		drop(why, NULL, from);
		return;
	}
	if (p.your_disc != 0) {
		bs = sess_by_disc(p.your_disc);
		if (bs == NULL || bs->s.multihop != r->multihop ||
		    bs->s.family != r->family) {
			drop(BFD_DROP_NOSESSION, NULL, from);
			return;
		}
		/*
		 * Without authentication, a multihop session answers only
		 * its peer: a guessed discriminator is not enough (local
		 * policy the RFC allows).
		 */
		if (bs->s.multihop && bs->s.auth.type == BFD_AUTH_NONE &&
		    !IN6_ARE_ADDR_EQUAL(&from->sin6_addr, &bs->s.peer)) {
			drop(BFD_DROP_REMOTEID, bs, from);
			return;
		}
	} else {
		bs = sess_by_key(r->family, &from->sin6_addr, ifindex, to,
		    r->multihop);
		if (bs == NULL && !r->multihop)
			bs = only_session_on(ifindex, r->family);
		if (bs == NULL) {
			drop(BFD_DROP_NOMATCH, NULL, from);
			return;
		}
		/*
		 * A new discriminator from an Up peer: it restarted.  On a
		 * link, believe it (it goes Down at once, diag 3, instead of
		 * waiting for the timeout as BIRD does); multihop without
		 * authentication, do not.
		 */
		if (bs->s.state == BFD_UP && p.my_disc != bs->s.remote_disc &&
		    bs->s.multihop && bs->s.auth.type == BFD_AUTH_NONE) {
			drop(BFD_DROP_REMOTEID, bs, from);
			return;
		}
	}
	if (bs->s.multihop && bs->s.p.min_ttl != 0 && ttl >= 0 &&
	    ttl < bs->s.p.min_ttl) {
		drop(BFD_DROP_TTL, bs, from);
		return;
	}
	if (((p.flags & BFD_F_AUTH) != 0) !=
	    (bs->s.auth.type != BFD_AUTH_NONE)) {
		if (prev_auth_ok(bs, buf, len, &p, now))
			goto accepted;
		bs->s.auth_fails++;
		drop(BFD_DROP_AUTHMISMATCH, bs, from);
		return;
	}
	if (bs->s.auth.type != BFD_AUTH_NONE) {
		bfd_sess_auth_age(&bs->s, now);
		if (bfd_auth_verify(&bs->s.auth, buf, len, &p, &bs->s.ast,
		    time(NULL), &why) == -1) {
			if (prev_auth_ok(bs, buf, len, &p, now))
				goto accepted;
			bs->s.auth_fails++;
			drop(why, bs, from);
			log_limited(&bs->rl_auth, LOG_WARNING, "authentication "
			    "failed for %s: %s", sess_name(bs, name,
			    sizeof(name)), bfd_drop_name(why));
			return;
		}
	}
accepted:
	trace_pkt("CTL received from", bs, from, &p);
	sess_act(bs, bfd_sess_recv(&bs->s, &p, now));
}

/*
 * Read what the socket holds, up to `maxrounds` batches: what is left
 * waits for the next read (the hold-off's end, or io_drain()).  The
 * number of packets read.
 */
static int
rx_batches(struct rxsock *r, int maxrounds)
{
	int			 fd = r->fd;
	struct mmsghdr		 msg[RX_BATCH];
	struct iovec		 iov[RX_BATCH];
	union {
		struct sockaddr_in6	 v6;
		struct sockaddr_in	 v4;
	}			 from[RX_BATCH];
	union {
		uint8_t			 buf[CMSG_SPACE(sizeof(struct
					    in6_pktinfo)) + CMSG_SPACE(
					    sizeof(int)) + 64];
		struct cmsghdr		 align;
	}			 cbuf[RX_BATCH];
	static uint8_t		 data[RX_BATCH][BFD_PKTMAX + 1];
	struct sockaddr_in6	 src;
	struct in6_addr		 dst;
	struct cmsghdr		*cm;
	uint32_t		 ifindex;
	int			 i, n, ttl, rounds, total = 0;

	for (rounds = 0; rounds < maxrounds; rounds++) {
		for (i = 0; i < RX_BATCH; i++) {
			memset(&msg[i].msg_hdr, 0, sizeof(msg[i].msg_hdr));
			iov[i].iov_base = data[i];
			iov[i].iov_len = sizeof(data[i]);
			msg[i].msg_hdr.msg_name = &from[i];
			msg[i].msg_hdr.msg_namelen = sizeof(from[i]);
			msg[i].msg_hdr.msg_iov = &iov[i];
			msg[i].msg_hdr.msg_iovlen = 1;
			/* filled by the kernel */
			/* cppcheck-suppress legacyUninitvar */
			msg[i].msg_hdr.msg_control = cbuf[i].buf;
			msg[i].msg_hdr.msg_controllen = sizeof(cbuf[i].buf);
		}
		n = recvmmsg(fd, msg, RX_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0) {
			if (n == -1 && errno != EAGAIN && errno != EINTR)
				log_warn("recvmmsg");
			return total;
		}
		total += n;
		for (i = 0; i < n; i++) {
			ifindex = 0;
			ttl = -1;
			memset(&src, 0, sizeof(src));
			memset(&dst, 0, sizeof(dst));
			for (cm = CMSG_FIRSTHDR(&msg[i].msg_hdr); cm != NULL;
			    cm = CMSG_NXTHDR(&msg[i].msg_hdr, cm)) {
				if (cm->cmsg_level == IPPROTO_IPV6 &&
				    cm->cmsg_type == IPV6_PKTINFO) {
					struct in6_pktinfo pi;

					memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
					dst = pi.ipi6_addr;
					ifindex = pi.ipi6_ifindex;
				} else if (cm->cmsg_level == IPPROTO_IPV6 &&
				    cm->cmsg_type == IPV6_HOPLIMIT)
					memcpy(&ttl, CMSG_DATA(cm), sizeof(ttl));
				else if (cm->cmsg_level == IPPROTO_IP &&
				    cm->cmsg_type == IP_PKTINFO) {
					struct in_pktinfo pi;

					memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
					dst.s6_addr[10] = dst.s6_addr[11] =
					    0xff;
					memcpy(&dst.s6_addr[12], &pi.ipi_addr,
					    4);
					ifindex = (uint32_t)pi.ipi_ifindex;
				} else if (cm->cmsg_level == IPPROTO_IP &&
				    cm->cmsg_type == IP_TTL)
					memcpy(&ttl, CMSG_DATA(cm), sizeof(ttl));
			}
			/* one address type for both families: v4-mapped */
			src.sin6_family = AF_INET6;
			if (r->family == AF_INET6) {
				src.sin6_addr = from[i].v6.sin6_addr;
				src.sin6_port = from[i].v6.sin6_port;
				if (IN6_IS_ADDR_LINKLOCAL(&src.sin6_addr))
					src.sin6_scope_id = ifindex;
			} else {
				src.sin6_addr.s6_addr[10] = 0xff;
				src.sin6_addr.s6_addr[11] = 0xff;
				memcpy(&src.sin6_addr.s6_addr[12],
				    &from[i].v4.sin_addr, 4);
				src.sin6_port = from[i].v4.sin_port;
			}
			input(r, data[i], msg[i].msg_len, &src, &dst, ifindex,
			    ttl);
		}
		if (n < RX_BATCH)
			break;
	}
	return total;
}

/*
 * Readable: a bounded share, so the loop's other work is not starved;
 * then the socket does not wake us again: it is read at the next point
 * of a grid of RX_HOLDOFF_US, and again at each point after that while
 * each read finds packets.  At a thousand sessions a packet arrives
 * every 10 us, and a wake-up for each (on a virtual machine, an
 * interrupt between CPUs for each) cost the sender and us more than the
 * packets did.  The grid is the transmit grid of 10 ms sessions (see
 * tx_slot), so at that rate one wake-up a millisecond reads and sends,
 * and the socket's readiness is not switched off and on (two system
 * calls) each time.  A read that finds nothing lets the socket wake us
 * again.  What arrives between reads is read in one batch, or sooner by
 * io_drain() before any detection time is judged: detection and
 * answers to a Poll are at most RX_HOLDOFF_US later.
 */
#define RX_HOLDOFF_US	BFDD_GRID_US

static void
rx_holdoff(struct rxsock *r)
{
	uint64_t	 now = ev_now(bd->loop);

	ev_timer_at(bd->loop, &r->holdoff,
	    (now / RX_HOLDOFF_US + 1) * RX_HOLDOFF_US);
}

static void
io_read(struct ev_io *io, int fd, int revents, void *arg)
{
	struct rxsock	*r = arg;

	rx_batches(r, 16);
	ev_io_set(bd->loop, &r->io, 0);
	rx_holdoff(r);
}

static void
rx_resume(struct ev_timer *t, void *arg)
{
	struct rxsock	*r = arg;

	/* behind: the packets due leave first, the read is next pass */
	if (bfdd_yield_behind(bd->loop, t, &r->yielded))
		return;
	if (rx_batches(r, 16) > 0)
		rx_holdoff(r);
	else
		ev_io_set(bd->loop, &r->io, EV_READ);
}

/*
 * Before a session is declared down for silence, the packets already
 * queued must have been read: after a stall (a busy CPU, a virtual CPU
 * the host took away, a stop and continue, which makes epoll_wait
 * return EINTR with nothing), a socket can hold packets that no
 * readiness event has reported yet, or more than one pass of io_read()
 * takes, and the detection timers would otherwise expire sessions whose
 * packets are waiting.  Every socket, whatever the loop knows of it;
 * once per pass of the loop, and only when a session is about to time
 * out, so it costs nothing while they are Up; bounded, so a flood
 * cannot hold the daemon here.
 */
void
io_drain(void)
{
	static uint64_t	 done_at;
	uint64_t	 now = ev_now(bd->loop);
	struct rxsock	*r;

	if (done_at == now)
		return;
	done_at = now;
	LIST_FOREACH(r, &rxs, entry)
		rx_batches(r, 256);
}
