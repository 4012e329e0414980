/* IPv6 UDP and raw sockets with RFC 3542 ancillary data. */
#include <sys/socket.h>

#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip6.h>

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "sock6.h"

#define IP6OPT_ROUTER_ALERT_TYPE	5

static int
setopt_int(int fd, int level, int name, int value)
{
	return setsockopt(fd, level, name, &value, sizeof(value));
}

static int
sock6_opts(int fd, int opts)
{
	if ((opts & SOCK6_PKTINFO) &&
	    setopt_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1) == -1)
		return -1;
	if ((opts & SOCK6_HOPLIMIT) &&
	    setopt_int(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1) == -1)
		return -1;
	if ((opts & SOCK6_TCLASS) &&
	    setopt_int(fd, IPPROTO_IPV6, IPV6_RECVTCLASS, 1) == -1)
		return -1;
	if ((opts & SOCK6_HOPOPTS) &&
	    setopt_int(fd, IPPROTO_IPV6, IPV6_RECVHOPOPTS, 1) == -1)
		return -1;
	if ((opts & SOCK6_REUSEADDR) &&
	    setopt_int(fd, SOL_SOCKET, SO_REUSEADDR, 1) == -1)
		return -1;
	if ((opts & SOCK6_REUSEPORT) &&
	    setopt_int(fd, SOL_SOCKET, SO_REUSEPORT, 1) == -1)
		return -1;
	return 0;
}

static void
close_keep_errno(int fd)
{
	int	 saved = errno;

	close(fd);
	errno = saved;
}

int
sock6_udp(const struct in6_addr *addr, uint16_t port, int opts)
{
	struct sockaddr_in6	 sin6;
	int			 fd;

	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    IPPROTO_UDP);
	if (fd == -1)
		return -1;
	if (setopt_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1) == -1 ||
	    sock6_opts(fd, opts) == -1)
		goto fail;
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons(port);
	if (addr != NULL)
		sin6.sin6_addr = *addr;
	if (bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) == -1)
		goto fail;
	return fd;
fail:
	close_keep_errno(fd);
	return -1;
}

int
sock6_raw(int proto, int opts)
{
	int	 fd;

	fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd == -1)
		return -1;
	if (sock6_opts(fd, opts) == -1) {
		close_keep_errno(fd);
		return -1;
	}
	return fd;
}

static int
membership(int fd, int op, uint32_t ifindex, const struct in6_addr *group)
{
	struct ipv6_mreq	 mr;

	memset(&mr, 0, sizeof(mr));
	mr.ipv6mr_multiaddr = *group;
	mr.ipv6mr_interface = ifindex;
	return setsockopt(fd, IPPROTO_IPV6, op, &mr, sizeof(mr));
}

int
sock6_join(int fd, uint32_t ifindex, const struct in6_addr *group)
{
	return membership(fd, IPV6_JOIN_GROUP, ifindex, group);
}

int
sock6_leave(int fd, uint32_t ifindex, const struct in6_addr *group)
{
	return membership(fd, IPV6_LEAVE_GROUP, ifindex, group);
}

int
sock6_set_mcast_if(int fd, uint32_t ifindex)
{
	return setopt_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, (int)ifindex);
}

int
sock6_set_mcast_hops(int fd, int hops)
{
	return setopt_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, hops);
}

int
sock6_set_mcast_loop(int fd, int on)
{
	return setopt_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, on ? 1 : 0);
}

int
sock6_set_unicast_hops(int fd, int hops)
{
	return setopt_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, hops);
}

int
sock6_set_tclass(int fd, int tclass)
{
	return setopt_int(fd, IPPROTO_IPV6, IPV6_TCLASS, tclass);
}

int
sock6_set_checksum(int fd, int offset)
{
	return setopt_int(fd, IPPROTO_IPV6, IPV6_CHECKSUM, offset);
}

int
sock6_icmp6_filter(int fd, const uint8_t *types, size_t ntypes)
{
	struct icmp6_filter	 f;
	size_t			 i;

	ICMP6_FILTER_SETBLOCKALL(&f);
	for (i = 0; i < ntypes; i++)
		ICMP6_FILTER_SETPASS(types[i], &f);
	return setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f));
}

int
sock6_bind_dev(int fd, const char *ifname)
{
	const char	*name = ifname ? ifname : "";

	return setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name,
	    (socklen_t)strlen(name));
}

static int
set_buf(int fd, int force_opt, int opt, int bytes)
{
	int		 got;
	socklen_t	 len = sizeof(got);

	if (setopt_int(fd, SOL_SOCKET, force_opt, bytes) == -1 &&
	    setopt_int(fd, SOL_SOCKET, opt, bytes) == -1)
		return -1;
	if (getsockopt(fd, SOL_SOCKET, opt, &got, &len) == -1)
		return -1;
	return got;
}

int
sock6_set_rcvbuf(int fd, int bytes)
{
	return set_buf(fd, SO_RCVBUFFORCE, SO_RCVBUF, bytes);
}

int
sock6_set_sndbuf(int fd, int bytes)
{
	return set_buf(fd, SO_SNDBUFFORCE, SO_SNDBUF, bytes);
}

/* Find the Router Alert option in a hop-by-hop header; -1 if absent. */
static int
hbh_router_alert(const uint8_t *hbh, size_t len)
{
	struct rbuf	 r;
	uint8_t		 nxt, hlen, type, olen;
	uint16_t	 value;

	rbuf_init(&r, hbh, len);
	if (rbuf_u8(&r, &nxt) == -1 || rbuf_u8(&r, &hlen) == -1)
		return -1;
	if ((size_t)(hlen + 1) * 8 > len)
		return -1;
	rbuf_init(&r, hbh + 2, (size_t)(hlen + 1) * 8 - 2);
	while (rbuf_left(&r) > 0) {
		rbuf_u8(&r, &type);
		if (type == 0)		/* Pad1 */
			continue;
		if (rbuf_u8(&r, &olen) == -1)
			return -1;
		if (type == IP6OPT_ROUTER_ALERT_TYPE && olen == 2) {
			if (rbuf_u16(&r, &value) == -1)
				return -1;
			return value;
		}
		if (rbuf_skip(&r, olen) == -1)
			return -1;
	}
	return -1;
}

ssize_t
sock6_recv(int fd, void *buf, size_t len, struct sock6_rx *rx)
{
	union {
		struct cmsghdr	 hdr;
		uint8_t		 buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
				     2 * CMSG_SPACE(sizeof(int)) +
				     CMSG_SPACE(256)];
	}			 cbuf;
	struct msghdr		 msg;
	struct iovec		 iov;
	struct cmsghdr		*cm;
	ssize_t			 n;

	memset(rx, 0, sizeof(*rx));
	rx->hoplimit = rx->tclass = rx->router_alert = -1;
	iov.iov_base = buf;
	iov.iov_len = len;
	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &rx->src;
	msg.msg_namelen = sizeof(rx->src);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf.buf;
	msg.msg_controllen = sizeof(cbuf.buf);
	if ((n = recvmsg(fd, &msg, 0)) == -1)
		return -1;
	rx->truncated = (msg.msg_flags & MSG_TRUNC) != 0;
	for (cm = CMSG_FIRSTHDR(&msg); cm != NULL;
	    cm = CMSG_NXTHDR(&msg, cm)) {
		size_t	 dlen = cm->cmsg_len - CMSG_LEN(0);

		if (cm->cmsg_level != IPPROTO_IPV6)
			continue;
		if (cm->cmsg_type == IPV6_PKTINFO &&
		    dlen >= sizeof(struct in6_pktinfo)) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			rx->dst = pi.ipi6_addr;
			rx->ifindex = pi.ipi6_ifindex;
		} else if (cm->cmsg_type == IPV6_HOPLIMIT &&
		    dlen >= sizeof(int))
			memcpy(&rx->hoplimit, CMSG_DATA(cm), sizeof(int));
		else if (cm->cmsg_type == IPV6_TCLASS && dlen >= sizeof(int))
			memcpy(&rx->tclass, CMSG_DATA(cm), sizeof(int));
		else if (cm->cmsg_type == IPV6_HOPOPTS)
			rx->router_alert = hbh_router_alert(CMSG_DATA(cm),
			    dlen);
	}
	/* The kernel leaves the scope id 0 on some paths: use pktinfo. */
	if (rx->src.sin6_family == AF_INET6 && rx->src.sin6_scope_id == 0 &&
	    IN6_IS_ADDR_LINKLOCAL(&rx->src.sin6_addr))
		rx->src.sin6_scope_id = rx->ifindex;
	return n;
}

ssize_t
sock6_send(int fd, const void *buf, size_t len, const struct sock6_tx *tx)
{
	union {
		struct cmsghdr	 hdr;
		uint8_t		 buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
				     2 * CMSG_SPACE(sizeof(int)) +
				     CMSG_SPACE(8)];
	}			 cbuf;
	struct msghdr		 msg;
	struct iovec		 iov;
	struct cmsghdr		*cm;
	size_t			 clen = 0;

	memset(&cbuf, 0, sizeof(cbuf));
	iov.iov_base = (void *)(uintptr_t)buf;
	iov.iov_len = len;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (tx == NULL)
		return sendmsg(fd, &msg, 0);
	if (tx->dst != NULL) {
		msg.msg_name = (void *)(uintptr_t)tx->dst;
		msg.msg_namelen = sizeof(*tx->dst);
	}
	msg.msg_control = cbuf.buf;
	msg.msg_controllen = sizeof(cbuf.buf);
	cm = CMSG_FIRSTHDR(&msg);
	if (tx->ifindex != 0 || tx->src != NULL) {
		struct in6_pktinfo pi;

		memset(&pi, 0, sizeof(pi));
		pi.ipi6_ifindex = tx->ifindex;
		if (tx->src != NULL)
			pi.ipi6_addr = *tx->src;
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
		clen += CMSG_SPACE(sizeof(pi));
		cm = CMSG_NXTHDR(&msg, cm);
	}
	if (tx->hoplimit >= 0) {
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_HOPLIMIT;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &tx->hoplimit, sizeof(int));
		clen += CMSG_SPACE(sizeof(int));
		cm = CMSG_NXTHDR(&msg, cm);
	}
	if (tx->tclass >= 0) {
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_TCLASS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &tx->tclass, sizeof(int));
		clen += CMSG_SPACE(sizeof(int));
		cm = CMSG_NXTHDR(&msg, cm);
	}
	if (tx->router_alert >= 0) {
		/* next header, length 0 (8 bytes), RA option, PadN(0) */
		uint8_t hbh[8] = { 0, 0, IP6OPT_ROUTER_ALERT_TYPE, 2,
		    (uint8_t)(tx->router_alert >> 8),
		    (uint8_t)tx->router_alert, 1, 0 };

		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_HOPOPTS;
		cm->cmsg_len = CMSG_LEN(sizeof(hbh));
		memcpy(CMSG_DATA(cm), hbh, sizeof(hbh));
		clen += CMSG_SPACE(sizeof(hbh));
	}
	msg.msg_controllen = clen;
	if (clen == 0)
		msg.msg_control = NULL;
	return sendmsg(fd, &msg, 0);
}
