/*
 * Private rtnetlink plumbing shared by rtsock.c and ifinfo.c: opening a
 * NETLINK_ROUTE socket, request/acknowledgement exchanges with sequence
 * matching, and attribute parsing that validates every length.  Nothing
 * outside common/ includes this file.
 */
#ifndef T6_NL_H
#define T6_NL_H

#include <sys/types.h>

#include <linux/netlink.h>

#include <libmnl/libmnl.h>
#include <stddef.h>
#include <stdint.h>

#define NL_NONBLOCK	0x01	/* for sockets read from the event loop */
#define NL_SLOTS	64	/* see nl_recv_many */
#define NL_SLOTLEN	512

/* One NETLINK_ROUTE socket and the buffer its datagrams are read into. */
struct nl {
	struct mnl_socket	*sock;
	uint32_t		 portid;
	uint32_t		 seq;
	uint8_t			*rbuf;
	size_t			 rbuflen;
	size_t			 rcvbuf;	/* effective SO_RCVBUF */
	size_t			 sndbuf;	/* effective SO_SNDBUF */
	char			 extmsg[128];	/* last extended-ack text */
	uint8_t			*slots;		/* for nl_recv_many */
	size_t			 slotlen[NL_SLOTS];
};

/*
 * Open, bind (kernel-chosen port id), enable NETLINK_CAP_ACK and
 * NETLINK_EXT_ACK, size the socket buffers (forced when privileged) and
 * join the given multicast groups (RTNLGRP_*).  0 or -1 with errno set.
 */
int	 nl_open(struct nl *, int flags, size_t rcvbuf, size_t sndbuf,
	    const unsigned *groups, int ngroups);
void	 nl_close(struct nl *);
int	 nl_fd(const struct nl *);

/*
 * Read one datagram into nl->rbuf.  Returns its length, or a negative
 * errno (-EAGAIN on a non-blocking socket with nothing queued, -ENOBUFS
 * when the kernel dropped messages for us).  A datagram longer than the
 * buffer grows the buffer for the next time and returns -EMSGSIZE: its
 * contents are lost.
 */
ssize_t	 nl_recv(struct nl *);

/*
 * Read up to NL_SLOTS datagrams in one system call (waiting for the
 * first only) into slots of NL_SLOTLEN bytes: for the stream of small
 * acknowledgements a batch brings.  A longer datagram is cut to its
 * slot, its first nlmsg_len shortened to match, so a walker sees only
 * what arrived.  Returns the number read (slot i at nl->slots +
 * i * NL_SLOTLEN, nl->slotlen[i] bytes), or a negative errno.
 */
int	 nl_recv_many(struct nl *);

/*
 * Discard what is queued on a non-blocking socket (after a loss, before
 * a re-dump: stale notifications must not be applied on top of it).
 */
void	 nl_drain(struct nl *);

/* The next sequence number (batches rely on consecutive numbers). */
uint32_t nl_nextseq(struct nl *);
/* Send a prepared buffer of one or more messages: 0 or a negative errno. */
int	 nl_send(struct nl *, const void *, size_t);

/*
 * Send req (its seq and flags are filled in here: NLM_F_REQUEST, plus
 * NLM_F_ACK unless it is a dump) and read until its acknowledgement or,
 * for a dump, NLMSG_DONE.  cb sees every other reply to it and returns 0
 * or a negative errno, which stops further calls and is returned once
 * the reply is complete.  Returns 0, the kernel's negative errno, or
 * -EINTR when a dump was interrupted (NLM_F_DUMP_INTR) or a datagram was
 * too big for the buffer: the caller restarts the dump.
 */
int	 nl_talk(struct nl *, struct nlmsghdr *req,
	    int (*cb)(const struct nlmsghdr *, void *), void *arg);

/*
 * The error of an NLMSG_ERROR message (0 for an acknowledgement, a
 * negative errno otherwise; -EBADMSG if truncated), keeping the kernel's
 * extended-ack text, if any, in nl->extmsg.
 */
int	 nl_ack_error(struct nl *, const struct nlmsghdr *);

/* Attribute validation: the kind of payload each attribute type has. */
enum nl_kind {
	NL_IGNORE = 0,	/* not looked at: any length */
	NL_U8,
	NL_U16,
	NL_U32,
	NL_IN6,		/* exactly 16 bytes */
	NL_INADDR,	/* 4 or 16 bytes */
	NL_STRING,	/* NUL-terminated within its payload */
	NL_BINARY,	/* any length (the caller checks) */
	NL_NESTED,
};

/*
 * Index the attributes found after `offset` bytes of payload into tb
 * (tb[type], 0 < type <= maxtype; tb must have maxtype + 1 slots),
 * checking each against policy[type].  Unknown types are skipped.
 * Returns 0, or -1 if any attribute is malformed: the caller drops the
 * whole message.
 */
int	 nl_parse_attrs(const struct nlmsghdr *, size_t offset,
	    const enum nl_kind *policy, int maxtype,
	    const struct nlattr **tb);
/* The same over a raw run of attributes (inside a nest or rtnexthop). */
int	 nl_parse_payload(const void *, size_t, const enum nl_kind *policy,
	    int maxtype, const struct nlattr **tb);

#endif
