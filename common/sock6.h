/*
 * IPv6 sockets: UDP and raw sockets, per-interface multicast membership,
 * and recvmsg/sendmsg with the RFC 3542 ancillary data (packet info, hop
 * limit, traffic class, Router Alert).  Every socket is non-blocking and
 * close-on-exec.
 */
#ifndef T6_SOCK6_H
#define T6_SOCK6_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Options for sock6_udp() and sock6_raw(). */
#define SOCK6_REUSEADDR	0x01	/* SO_REUSEADDR */
#define SOCK6_REUSEPORT	0x02	/* SO_REUSEPORT */
#define SOCK6_PKTINFO	0x04	/* receive destination and ifindex */
#define SOCK6_HOPLIMIT	0x08	/* receive the hop limit */
#define SOCK6_TCLASS	0x10	/* receive the traffic class */
#define SOCK6_HOPOPTS	0x20	/* receive hop-by-hop options (Router Alert) */
#define SOCK6_RECVALL	(SOCK6_PKTINFO | SOCK6_HOPLIMIT | SOCK6_TCLASS)

/*
 * A UDP socket bound to [addr]:port (addr NULL: any; port 0: ephemeral),
 * IPv6 only.  Returns the descriptor or -1 with errno set.
 */
int	 sock6_udp(const struct in6_addr *addr, uint16_t port, int opts);
/* A raw socket for the given next header (IPPROTO_ICMPV6, 103 for PIM). */
int	 sock6_raw(int proto, int opts);

int	 sock6_join(int fd, uint32_t ifindex, const struct in6_addr *group);
int	 sock6_leave(int fd, uint32_t ifindex, const struct in6_addr *group);
int	 sock6_set_mcast_if(int fd, uint32_t ifindex);
int	 sock6_set_mcast_hops(int fd, int hops);
int	 sock6_set_mcast_loop(int fd, int on);
int	 sock6_set_unicast_hops(int fd, int hops);
int	 sock6_set_tclass(int fd, int tclass);
/* Have the kernel compute/verify a checksum at offset (raw sockets). */
int	 sock6_set_checksum(int fd, int offset);
/* Receive only the listed ICMPv6 types (raw ICMPv6 sockets). */
int	 sock6_icmp6_filter(int fd, const uint8_t *types, size_t ntypes);
/* Bind to one interface (SO_BINDTODEVICE); name NULL or "" unbinds. */
int	 sock6_bind_dev(int fd, const char *ifname);
/*
 * Set the receive (or send) buffer, using the FORCE variant when
 * privileged so the limit is not capped at rmem_max.  Returns the size
 * the kernel granted, or -1.
 */
int	 sock6_set_rcvbuf(int fd, int bytes);
int	 sock6_set_sndbuf(int fd, int bytes);

/*
 * What came with a received packet; -1 means "not reported".  Linux has
 * IPV6_MINHOPCOUNT for TCP only, so a UDP protocol that requires hop
 * limit 255 (RIPng, single-hop BFD) checks rx.hoplimit itself.
 */
struct sock6_rx {
	struct sockaddr_in6	 src;	/* sin6_scope_id set for scoped */
	struct in6_addr		 dst;
	uint32_t		 ifindex;
	int			 hoplimit;
	int			 tclass;
	int			 router_alert;	/* RA option value, or -1 */
	int			 truncated;	/* datagram was longer */
};

/*
 * Receive one datagram.  Returns its length, or -1 with errno (EAGAIN
 * when nothing is waiting).
 */
ssize_t	 sock6_recv(int fd, void *buf, size_t len, struct sock6_rx *rx);

/* How to send one datagram; zero/NULL/-1 fields leave the default. */
struct sock6_tx {
	const struct sockaddr_in6 *dst;
	uint32_t		 ifindex;	/* outgoing interface */
	const struct in6_addr	*src;		/* source address */
	int			 hoplimit;	/* -1: socket default */
	int			 tclass;	/* -1: socket default */
	int			 router_alert;	/* -1: none; else the value */
};
#define SOCK6_TX_INIT	{ NULL, 0, NULL, -1, -1, -1 }

ssize_t	 sock6_send(int fd, const void *buf, size_t len,
	    const struct sock6_tx *tx);

/* Router Alert values (RFC 2711, RFC 3810). */
#define SOCK6_RA_MLD	0

#endif
