/*
 * Fuzz dhcp6relay's pure part: the input as a Relay-reply to open
 * (whatever comes out must lie inside the input), and as a message to
 * wrap (the Relay-forward must decode and carry the input unchanged).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "relay.h"

static uint8_t	 out[D6_MSG_MAX + 64];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct d6r_out	 o;
	struct d6_msg	 m;
	struct in6_addr	 peer, link;
	enum d6r_drop	 why;
	size_t		 n;

	if (d6r_reply(data, len, &o, &why) == 0) {
		if (o.msg < data || o.msg + o.len > data + len || o.len < 4)
			abort();
		if (o.port != D6_PORT_CLIENT && o.port != D6_PORT_SERVER)
			abort();
	}
	memset(&peer, 0, sizeof(peer));
	peer.s6_addr[0] = 0xfe;
	peer.s6_addr[1] = 0x80;
	memset(&link, 0x20, sizeof(link));
	n = d6r_forward(data, len, 5, &peer, &link, out, sizeof(out), &why);
	if (n > 0) {
		if (d6_decode(out, n, &m) != D6E_OK || m.type != D6_RELAY_FORW)
			abort();
		if (m.relay_msg.len != len ||
		    memcmp(m.relay_msg.p, data, len) != 0)
			abort();
	}
	return 0;
}
