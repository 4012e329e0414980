/*
 * The relay agent's pure part: a Relay-forward built around what a
 * client (or a relay below) sent, and the message inside a Relay-reply
 * with where it must go (RFC 8415 19.1, 19.2).
 */
#include <string.h>

#include "relay.h"

static const char *const names[D6RD_N] = {
	"none", "short", "type", "malformed", "hops", "no-address",
	"interface", "interface-id", "no-link", "size", "send"
};

const char *
d6r_drop_name(enum d6r_drop d)
{
	return (unsigned)d < D6RD_N ? names[d] : "?";
}

size_t
d6r_forward(const uint8_t *msg, size_t len, uint32_t ifindex,
    const struct in6_addr *peer, const struct in6_addr *link, uint8_t *out,
    size_t cap, enum d6r_drop *why)
{
	struct wbuf	 w;
	uint8_t		 hops = 0, ifid[4];

	if (len < 4) {
		*why = D6RD_SHORT;
		return 0;
	}
	switch (msg[0]) {
	case D6_SOLICIT: case D6_REQUEST: case D6_CONFIRM: case D6_RENEW:
	case D6_REBIND: case D6_RELEASE: case D6_DECLINE:
	case D6_INFO_REQUEST:
		/* from a client: the link is ours, by a global address */
		if (link == NULL) {
			*why = D6RD_NOADDR;
			return 0;
		}
		break;
	case D6_RELAY_FORW:
		/* from a relay below: the Interface-Id tells the link */
		if (len < 34) {
			*why = D6RD_SHORT;
			return 0;
		}
		if (msg[1] >= D6_HOP_COUNT_LIMIT) {
			*why = D6RD_HOPS;
			return 0;
		}
		hops = (uint8_t)(msg[1] + 1);
		link = &in6addr_any;
		break;
	default:
		*why = D6RD_TYPE;
		return 0;
	}
	ifid[0] = (uint8_t)(ifindex >> 24);
	ifid[1] = (uint8_t)(ifindex >> 16);
	ifid[2] = (uint8_t)(ifindex >> 8);
	ifid[3] = (uint8_t)ifindex;
	wbuf_init(&w, out, cap);
	d6_put_relay_header(&w, D6_RELAY_FORW, hops, link, peer);
	d6_put_opt(&w, D6O_RELAY_MSG, msg, len);
	d6_put_opt(&w, D6O_INTERFACE_ID, ifid, sizeof(ifid));
	if (!wbuf_ok(&w)) {
		*why = D6RD_SIZE;
		return 0;
	}
	return wbuf_len(&w);
}

int
d6r_reply(const uint8_t *msg, size_t len, struct d6r_out *o,
    enum d6r_drop *why)
{
	struct d6_msg	 m;
	const uint8_t	*id;

	memset(o, 0, sizeof(*o));
	if (len < 34) {
		*why = D6RD_SHORT;
		return -1;
	}
	if (msg[0] != D6_RELAY_REPL) {
		*why = D6RD_TYPE;
		return -1;
	}
	if (d6_decode(msg, len, &m) != D6E_OK || m.relay_msg.p == NULL ||
	    m.relay_msg.len < 4) {
		*why = D6RD_MALFORMED;
		return -1;
	}
	if (m.interface_id.p != NULL) {
		if (m.interface_id.len != 4) {
			*why = D6RD_IFID;
			return -1;
		}
		id = m.interface_id.p;
		o->ifindex = (uint32_t)id[0] << 24 | (uint32_t)id[1] << 16 |
		    (uint32_t)id[2] << 8 | id[3];
		o->has_ifid = 1;
	}
	o->msg = m.relay_msg.p;
	o->len = m.relay_msg.len;
	o->link = m.link_addr;
	o->peer = m.peer_addr;
	/* RFC 8415 19.2: a relay below us listens on 547 */
	o->port = o->msg[0] == D6_RELAY_REPL ? D6_PORT_SERVER : D6_PORT_CLIENT;
	return 0;
}
