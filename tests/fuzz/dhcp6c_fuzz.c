/*
 * Fuzz dhcp6c's state machine with what servers may send: the input is a
 * series of steps, each either a jump of the clock or a message whose
 * header, Server ID and our Client ID the harness writes (so that most
 * messages reach the IA processing) followed by options from the input.
 * The client asks for an IA_NA and an IA_PD with Rapid Commit; the
 * machine must never crash, never hold more leases than it has room for,
 * never install a lease with a valid lifetime of 0, and its timer must
 * never go back in time.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp6.h"
#include "dhcp6c.h"
#include "fuzz.h"

static struct c6_client	 cl;
static struct c6_ifconf	 ifc;
static struct c6_iaconf	 na, pd;
static struct d6_duid	 duid;
static uint32_t		 rnd = 1;

static void
f_send(void *ctx, const uint8_t *b, size_t len)
{
	static struct d6_msg	 m;

	/* what we send must decode */
	if (d6_decode(b, len, &m) != D6E_OK)
		abort();
}

static void
f_set(void *ctx, const struct c6_ia *ia, const struct c6_lease *l,
    uint32_t pl, uint32_t vl)
{
	if (vl == 0 || l->vl == 0 || ia->nleases > D6_MAX_IA_ITEMS)
		abort();
}

static void
f_del(void *ctx, const struct c6_ia *ia, const struct c6_lease *l)
{
}

static void
f_reply(void *ctx, const struct d6_msg *m)
{
}

static void
f_changed(void *ctx)
{
}

static uint32_t
f_random(void *ctx)
{
	rnd = rnd * 1103515245 + 12345;
	return rnd >> 8;
}

static const struct c6_ops ops = {
	f_send, f_set, f_del, f_reply, f_changed, f_random
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t	 mac[] = { 2, 0, 0, 0, 0, 1 };
	static const uint8_t	 srv[] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 2 };
	static uint8_t		 buf[4096];
	static struct d6_msg	 m;
	uint64_t		 now = 0, next;
	size_t			 off = 0, n;
	struct wbuf		 w;
	int			 steps = 0;

	rnd = 1;
	d6_duid_llt(&duid, 1, mac, 6, 1000);
	memset(&ifc, 0, sizeof(ifc));
	strlcpy(ifc.ifname, "eth0", sizeof(ifc.ifname));
	memset(&na, 0, sizeof(na));
	na.type = D6O_IA_NA;
	na.iaid = 1;
	memset(&pd, 0, sizeof(pd));
	pd.type = D6O_IA_PD;
	pd.iaid = 2;
	ifc.ia[0] = &na;
	ifc.ia[1] = &pd;
	ifc.nia = 2;
	ifc.flags = size > 0 && (data[0] & 1) ? C6F_RAPID : 0;
	if (size > 0 && (data[0] & 4))
		ifc.flags |= C6F_RECONF;
	c6_init(&cl, &ifc, &duid, &ops, NULL, size > 0 && (data[0] & 2));
	c6_start(&cl, now);
	while (off + 3 <= size && steps++ < 64) {
		uint8_t	 op = data[off];

		n = (size_t)data[off + 1] << 8 | data[off + 2];
		off += 3;
		if (op < 0x40) {
			/* the clock moves on: to the next timer, or by n s */
			next = c6_next(&cl);
			if (op & 1 && next != UINT64_MAX)
				now = next > now ? next : now;
			else
				now += n * 1000ULL;
			c6_timeout(&cl, now);
			if (c6_next(&cl) < now && c6_next(&cl) != UINT64_MAX &&
			    cl.state != C6_INFO_BOUND)
				abort();
			continue;
		}
		if (op >= 0xf0) {
			c6_stop(&cl, now, op & 1);
			continue;
		}
		if (op >= 0xe0) {
			struct in6_addr	 a;

			memset(&a, 0, sizeof(a));
			a.s6_addr[0] = 0x20;
			a.s6_addr[15] = (uint8_t)n;
			c6_dad_failed(&cl, now, &a);
			continue;
		}
		if (op >= 0xd0) {
			c6_link_up(&cl, now);
			continue;
		}
		if (n > size - off)
			n = size - off;
		wbuf_init(&w, buf, sizeof(buf));
		d6_put_header(&w, (op & 0x13) == 0x13 ? D6_RECONFIGURE :
		    op & 0x10 ? D6_REPLY : D6_ADVERTISE,
		    op & 0x20 ? cl.x.xid : (uint32_t)n);
		if (op & 0x04)
			d6_put_opt(&w, D6O_SERVERID, srv, sizeof(srv));
		if (op & 0x08)
			d6_put_opt(&w, D6O_CLIENTID, duid.data, duid.len);
		wbuf_bytes(&w, data + off, n);
		off += n;
		if (!wbuf_ok(&w))
			continue;
		if (d6_decode(buf, wbuf_len(&w), &m) != D6E_OK)
			continue;
		c6_recv(&cl, now, &m);
		if (cl.b.nia > C6_MAX_IA)
			abort();
	}
	c6_stop(&cl, now, 1);
	return 0;
}
