/*
 * dhcp6relay: the relay agent (RFC 8415 19).  relay.c holds what is
 * pure (turning a client's message into a Relay-forward, and a
 * Relay-reply into the message for the next hop and where it goes);
 * dhcp6relay.c holds the sockets, interfaces and main().
 */
#ifndef T6_DHCP6RELAY_H
#define T6_DHCP6RELAY_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "dhcp6.h"

#define DHCP6RELAY_PID		"/var/run/dhcp6relay.pid"
#define DHCP6RELAY_DUMP		"/var/run/dhcp6relay.dump"
#define D6R_MAX_IFACES		64
#define D6R_MCAST_HOPS		32	/* RFC 8415 7.6, for ff05::1:3 */

/* Why a message was not relayed (counters are indexed by these). */
enum d6r_drop {
	D6RD_NONE = 0,
	D6RD_SHORT,		/* shorter than a header */
	D6RD_TYPE,		/* a type that is not relayed this way */
	D6RD_MALFORMED,		/* a relay message that does not decode */
	D6RD_HOPS,		/* hop count at the limit */
	D6RD_NOADDR,		/* no global address for link-address */
	D6RD_IFACE,		/* not a listening interface */
	D6RD_IFID,		/* Interface-Id of the wrong size or link */
	D6RD_NOLINK,		/* no way to tell the reply's link */
	D6RD_SIZE,		/* the Relay-forward would not fit */
	D6RD_SEND,		/* sending failed */
	D6RD_N
};

const char	*d6r_drop_name(enum d6r_drop);

/*
 * Wrap a message received from a client (or a relay below us) on the
 * interface ifindex, from peer, into a Relay-forward in out.  link is
 * the global address of that interface (NULL: none).  Returns the
 * length, or 0 with *why set.
 */
size_t		 d6r_forward(const uint8_t *msg, size_t len, uint32_t ifindex,
		    const struct in6_addr *peer, const struct in6_addr *link,
		    uint8_t *out, size_t cap, enum d6r_drop *why);

/* Where the message inside a Relay-reply goes. */
struct d6r_out {
	const uint8_t	*msg;		/* into the Relay-reply's buffer */
	size_t		 len;
	uint32_t	 ifindex;	/* from the Interface-Id, or 0 */
	int		 has_ifid;
	struct in6_addr	 link;		/* the Relay-reply's link-address */
	struct in6_addr	 peer;		/* the destination */
	uint16_t	 port;		/* 546, or 547 to a relay below */
};

/*
 * Open a Relay-reply: 0 with *o filled (the caller still maps the
 * link to an interface it listens on), or -1 with *why set.
 */
int		 d6r_reply(const uint8_t *msg, size_t len, struct d6r_out *o,
		    enum d6r_drop *why);

#endif
