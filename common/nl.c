/* Private rtnetlink plumbing: sockets, acknowledged requests, attributes. */
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <errno.h>
#include <libmnl/libmnl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

/*
 * Enough for the 32 KiB datagrams the kernel fills during a dump, since
 * it sizes them after the largest buffer we ever offered it.
 */
#define NL_RBUF_INITIAL	(64 * 1024)
/* A link message with many VFs can be large; beyond this we give up. */
#define NL_RBUF_MAX	(4 * 1024 * 1024)

static int
setopt_int(int fd, int level, int name, int value)
{
	return setsockopt(fd, level, name, &value, sizeof(value));
}

/*
 * Try the privileged variant first: it ignores net.core.[rw]mem_max,
 * which is far too small for a burst of route notifications.  Returns
 * what the kernel really granted (it doubles the request).
 */
static size_t
set_bufsize(int fd, int force, int plain, size_t want)
{
	int		 v;
	socklen_t	 len = sizeof(v);

	if (want > 0 && setopt_int(fd, SOL_SOCKET, force, (int)want) == -1)
		(void)setopt_int(fd, SOL_SOCKET, plain, (int)want);
	if (getsockopt(fd, SOL_SOCKET, plain, &v, &len) == -1 || v < 0)
		return 0;
	return (size_t)v;
}

int
nl_open(struct nl *nl, int flags, size_t rcvbuf, size_t sndbuf,
    const unsigned *groups, int ngroups)
{
	int	 fd, i, saved, type = SOCK_CLOEXEC;

	memset(nl, 0, sizeof(*nl));
	if (flags & NL_NONBLOCK)
		type |= SOCK_NONBLOCK;
	if ((nl->sock = mnl_socket_open2(NETLINK_ROUTE, type)) == NULL)
		return -1;
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) == -1)
		goto fail;
	fd = mnl_socket_get_fd(nl->sock);
	/*
	 * Short acknowledgements (no copy of our request) and the kernel's
	 * explanation of an error.  Both are optional: an old kernel still
	 * works, with bigger acks and terse errors.
	 */
	if (setopt_int(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1) == -1)
		log_debug("netlink: NETLINK_CAP_ACK: %s", strerror(errno));
	if (setopt_int(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1) == -1)
		log_debug("netlink: NETLINK_EXT_ACK: %s", strerror(errno));
	nl->rcvbuf = set_bufsize(fd, SO_RCVBUFFORCE, SO_RCVBUF, rcvbuf);
	nl->sndbuf = set_bufsize(fd, SO_SNDBUFFORCE, SO_SNDBUF, sndbuf);
	for (i = 0; i < ngroups; i++)
		if (setopt_int(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		    (int)groups[i]) == -1)
			goto fail;
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->rbuflen = NL_RBUF_INITIAL;
	if ((nl->rbuf = malloc(nl->rbuflen)) == NULL)
		goto fail;
	return 0;
fail:
	saved = errno;
	mnl_socket_close(nl->sock);
	nl->sock = NULL;
	errno = saved;
	return -1;
}

void
nl_close(struct nl *nl)
{
	if (nl->sock != NULL)
		mnl_socket_close(nl->sock);
	free(nl->rbuf);
	free(nl->slots);
	memset(nl, 0, sizeof(*nl));
}

int
nl_fd(const struct nl *nl)
{
	return mnl_socket_get_fd(nl->sock);
}

ssize_t
nl_recv(struct nl *nl)
{
	struct sockaddr_nl	 sa;
	struct iovec		 iov;
	struct msghdr		 msg;
	ssize_t			 n;
	size_t			 want;
	uint8_t			*p;

	for (;;) {
		iov.iov_base = nl->rbuf;
		iov.iov_len = nl->rbuflen;
		memset(&msg, 0, sizeof(msg));
		msg.msg_name = &sa;
		msg.msg_namelen = sizeof(sa);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		/* MSG_TRUNC: learn the real length of an oversized datagram */
		n = recvmsg(nl_fd(nl), &msg, MSG_TRUNC);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		if (msg.msg_flags & MSG_TRUNC) {
			want = ((size_t)n + 4095) & ~(size_t)4095;
			if (want <= NL_RBUF_MAX &&
			    (p = realloc(nl->rbuf, want)) != NULL) {
				nl->rbuf = p;
				nl->rbuflen = want;
			}
			log_debug("netlink: %zd-byte datagram truncated", n);
			return -EMSGSIZE;
		}
		/* Only the kernel speaks to us; drop anything else. */
		if (msg.msg_namelen < sizeof(sa) || sa.nl_pid != 0)
			continue;
		return n;
	}
}

int
nl_recv_many(struct nl *nl)
{
	struct mmsghdr		 mm[NL_SLOTS];
	struct iovec		 iov[NL_SLOTS];
	struct nlmsghdr		*nlh;
	int			 i, n;

	if (nl->slots == NULL &&
	    (nl->slots = malloc(NL_SLOTS * NL_SLOTLEN)) == NULL)
		return -ENOMEM;
	memset(mm, 0, sizeof(mm));
	for (i = 0; i < NL_SLOTS; i++) {
		iov[i].iov_base = nl->slots + (size_t)i * NL_SLOTLEN;
		iov[i].iov_len = NL_SLOTLEN;
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	do
		n = recvmmsg(nl_fd(nl), mm, NL_SLOTS, MSG_WAITFORONE, NULL);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	for (i = 0; i < n; i++) {
		nl->slotlen[i] = mm[i].msg_len;
		if (!(mm[i].msg_hdr.msg_flags & MSG_TRUNC))
			continue;
		/* keep the head of it: the header says what it answers */
		nlh = iov[i].iov_base;
		nl->slotlen[i] = NL_SLOTLEN;
		if (nlh->nlmsg_len > NL_SLOTLEN)
			nlh->nlmsg_len = NL_SLOTLEN;
	}
	return n;
}

void
nl_drain(struct nl *nl)
{
	ssize_t	 n;
	int	 i;

	/* bounded: under a flood the re-dump must start some time */
	for (i = 0; i < 65536; i++)
		if ((n = nl_recv(nl)) < 0 && n != -ENOBUFS && n != -EMSGSIZE)
			break;
}

uint32_t
nl_nextseq(struct nl *nl)
{
	return ++nl->seq;
}

int
nl_send(struct nl *nl, const void *buf, size_t len)
{
	ssize_t	 n;

	do
		n = mnl_socket_sendto(nl->sock, buf, len);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

static int
is_string(const struct nlattr *a)
{
	size_t	 len = mnl_attr_get_payload_len(a);

	return len > 0 &&
	    memchr(mnl_attr_get_payload(a), '\0', len) != NULL;
}

int
nl_ack_error(struct nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr	*e;
	const struct nlattr	*tb[NLMSGERR_ATTR_MAX + 1];
	static const enum nl_kind pol[NLMSGERR_ATTR_MAX + 1] = {
		[NLMSGERR_ATTR_MSG] = NL_STRING,
	};
	size_t			 plen, off;

	nl->extmsg[0] = '\0';
	plen = mnl_nlmsg_get_payload_len(nlh);
	if (plen < sizeof(*e))
		return -EBADMSG;
	e = mnl_nlmsg_get_payload(nlh);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		/* without NETLINK_CAP_ACK, our request comes back first */
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
		    e->msg.nlmsg_len >= sizeof(struct nlmsghdr))
			off += NLMSG_ALIGN(e->msg.nlmsg_len) -
			    sizeof(struct nlmsghdr);
		if (off <= plen && nl_parse_payload((const uint8_t *)e + off,
		    plen - off, pol, NLMSGERR_ATTR_MAX, tb) == 0 &&
		    tb[NLMSGERR_ATTR_MSG] != NULL)
			strlcpy(nl->extmsg,
			    mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG]),
			    sizeof(nl->extmsg));
	}
	if (e->error > 0 || e->error < -4095)
		return -EPROTO;
	if (e->error != 0 && nl->extmsg[0] != '\0')
		log_debug("netlink: %s: %s", strerror(-e->error), nl->extmsg);
	return e->error;
}

/* A dump's NLMSG_DONE carries its status: 0 or a negative errno. */
static int
done_error(const struct nlmsghdr *nlh)
{
	int	 err = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(err))
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	return err > 0 ? -EPROTO : err;
}

int
nl_talk(struct nl *nl, struct nlmsghdr *req,
    int (*cb)(const struct nlmsghdr *, void *), void *arg)
{
	const struct nlmsghdr	*nlh;
	uint32_t		 seq;
	ssize_t			 n;
	int			 len, err = 0, cberr = 0, intr = 0, done = 0;
	int			 dump;

	dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	req->nlmsg_flags |= NLM_F_REQUEST;
	/* A dump ends with NLMSG_DONE; an ack after it would only linger. */
	if (!dump)
		req->nlmsg_flags |= NLM_F_ACK;
	req->nlmsg_seq = seq = nl_nextseq(nl);
	req->nlmsg_pid = 0;
	nl->extmsg[0] = '\0';
	if ((err = nl_send(nl, req, req->nlmsg_len)) != 0)
		return err;
	while (!done) {
		if ((n = nl_recv(nl)) < 0)
			return n == -EMSGSIZE && dump ? -EINTR : (int)n;
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)nl->rbuf;
		    !done && mnl_nlmsg_ok(nlh, len);
		    nlh = mnl_nlmsg_next(nlh, &len)) {
			/* Leftovers of an earlier, abandoned request. */
			if (nlh->nlmsg_seq != seq ||
			    nlh->nlmsg_pid != nl->portid)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				intr = 1;
			switch (nlh->nlmsg_type) {
			case NLMSG_NOOP:
			case NLMSG_OVERRUN:
				break;
			case NLMSG_ERROR:
				err = nl_ack_error(nl, nlh);
				done = 1;
				break;
			case NLMSG_DONE:
				err = done_error(nlh);
				done = 1;
				break;
			default:
				if (cb != NULL && cberr == 0)
					cberr = cb(nlh, arg);
				break;
			}
		}
	}
	if (err != 0)
		return err;
	if (intr)
		return -EINTR;
	return cberr;
}

static int
attr_ok(const struct nlattr *a, enum nl_kind kind)
{
	size_t	 len = mnl_attr_get_payload_len(a);

	switch (kind) {
	case NL_U8:
		return len >= sizeof(uint8_t);
	case NL_U16:
		return len >= sizeof(uint16_t);
	case NL_U32:
		return len >= sizeof(uint32_t);
	case NL_IN6:
		return len == 16;
	case NL_INADDR:
		return len == 4 || len == 16;
	case NL_STRING:
		return is_string(a);
	case NL_NESTED:
		return len == 0 || len >= sizeof(struct nlattr);
	case NL_IGNORE:
	case NL_BINARY:
		break;
	}
	return 1;
}

int
nl_parse_payload(const void *data, size_t len, const enum nl_kind *policy,
    int maxtype, const struct nlattr **tb)
{
	const uint8_t		*p = data;
	const struct nlattr	*a;
	size_t			 alen, step;
	int			 type;

	memset(tb, 0, sizeof(*tb) * (size_t)(maxtype + 1));
	while (len >= sizeof(struct nlattr)) {
		a = (const struct nlattr *)p;
		alen = a->nla_len;
		if (alen < sizeof(*a) || alen > len)
			return -1;
		type = a->nla_type & NLA_TYPE_MASK;
		if (type > 0 && type <= maxtype) {
			if (!attr_ok(a, policy[type]))
				return -1;
			tb[type] = a;
		}
		step = NLA_ALIGN(alen);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return 0;
}

int
nl_parse_attrs(const struct nlmsghdr *nlh, size_t offset,
    const enum nl_kind *policy, int maxtype, const struct nlattr **tb)
{
	size_t	 plen = mnl_nlmsg_get_payload_len(nlh);

	offset = NLMSG_ALIGN(offset);
	if (offset > plen)
		return -1;
	return nl_parse_payload((const uint8_t *)mnl_nlmsg_get_payload(nlh) +
	    offset, plen - offset, policy, maxtype, tb);
}
