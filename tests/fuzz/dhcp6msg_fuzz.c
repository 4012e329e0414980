/*
 * Fuzz the DHCPv6 codec: a datagram is decoded as a server or relay
 * would (relay layers down to the client's message); every domain list
 * is walked; a message that decodes is then written back from what was
 * decoded (its IAs with their leases and statuses, the identifiers, the
 * server lists and names) and must decode again to the same values.
 * The Authentication option is read as delayed authentication and as
 * the reconfigure key protocol: whatever it says, the realm, the MAC
 * and the key must lie inside the message, and checking a MAC must not
 * read past it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp6.h"
#include "fuzz.h"

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

static struct d6_msg	 layers[D6_HOP_COUNT_LIMIT + 1];
static struct d6_msg	 back;
static uint8_t		 out[D6_MSG_MAX];

static void
walk_names(const struct d6_bytes *b, struct wbuf *w, uint16_t code)
{
	struct d6_names	 nw;
	char		 name[256];
	size_t		 mark;
	int		 r;

	if (b->p == NULL)
		return;
	d6_opt_begin(w, code, &mark);
	d6_names_init(&nw, b);
	while ((r = d6_names_next(&nw, name, sizeof(name))) == 1) {
		CHECK(strlen(name) <= 253 || strcmp(name, ".") == 0);
		CHECK(d6_put_name(w, name) == 0);
	}
	CHECK(r == 0);			/* the decoder validated them */
	d6_opt_end(w, mark);
}

static void
same_ia(const struct d6_ia *a, const struct d6_ia *b)
{
	int	 i;

	CHECK(a->type == b->type && a->iaid == b->iaid);
	CHECK(a->t1 == b->t1 && a->t2 == b->t2);
	CHECK(a->nleases == b->nleases);
	CHECK(a->status.present == b->status.present);
	for (i = 0; i < a->nleases; i++) {
		CHECK(memcmp(&a->leases[i].addr, &b->leases[i].addr, 16) == 0);
		CHECK(a->leases[i].plen == b->leases[i].plen);
		CHECK(a->leases[i].preferred == b->leases[i].preferred);
		CHECK(a->leases[i].valid == b->leases[i].valid);
		CHECK(a->leases[i].status.present ==
		    b->leases[i].status.present);
	}
}

static void
check_auth(const struct d6_msg *m)
{
	static const uint8_t	 key[D6_RKAP_LEN];
	struct d6_auth		 a;
	uint8_t			 type;
	size_t			 off;

	if (d6_auth_parse(m, &a) == -1) {
		CHECK(m->auth.p == NULL || m->auth.len < D6_AUTH_HDRLEN);
		return;
	}
	CHECK(a.info + a.infolen == m->auth.p + m->auth.len);
	if (a.has_info) {
		CHECK(a.proto == D6_AUTH_DELAYED);
		CHECK(a.realm >= m->auth.p && a.realm + a.realmlen + 4 ==
		    m->raw + a.macoff);
		CHECK(a.macoff + 16 <= m->rawlen);
		(void)d6_auth_verify(m, &a, key, sizeof(key));
	}
	if (d6_rkap_parse(m, &a, &type, &off) == 0) {
		CHECK(off + D6_RKAP_LEN <= m->rawlen);
		CHECK(m->raw + off + D6_RKAP_LEN == m->auth.p + m->auth.len);
		(void)d6_rkap_verify(m, off, key);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct d6_msg *m;
	struct wbuf	 w;
	size_t		 mark;
	int		 n, i, j;

	if (d6_decode_relayed(data, size, layers, D6_HOP_COUNT_LIMIT + 1,
	    &n) != D6E_OK)
		return 0;
	CHECK(n >= 1 && n <= D6_HOP_COUNT_LIMIT + 1);
	m = &layers[n - 1];
	CHECK(m->type != D6_RELAY_FORW && m->type != D6_RELAY_REPL);
	CHECK(m->nia <= D6_MAX_IA && m->noro <= D6_MAX_ORO);
	check_auth(m);

	wbuf_init(&w, out, sizeof(out));
	d6_put_header(&w, m->type, m->xid);
	if (m->clientid.p != NULL)
		d6_put_opt(&w, D6O_CLIENTID, m->clientid.p, m->clientid.len);
	if (m->serverid.p != NULL)
		d6_put_opt(&w, D6O_SERVERID, m->serverid.p, m->serverid.len);
	if (m->preference != -1)
		d6_put_opt_u8(&w, D6O_PREFERENCE, (uint8_t)m->preference);
	if (m->status.present) {
		d6_opt_begin(&w, D6O_STATUS_CODE, &mark);
		wbuf_u16(&w, m->status.code);
		wbuf_bytes(&w, m->status.msg.p, m->status.msg.len);
		d6_opt_end(&w, mark);
	}
	for (i = 0; i < m->nia; i++) {
		const struct d6_ia *ia = &m->ia[i];

		CHECK(ia->nleases <= D6_MAX_IA_ITEMS);
		d6_ia_begin(&w, ia->type, ia->iaid, ia->t1, ia->t2, &mark);
		for (j = 0; j < ia->nleases; j++) {
			CHECK(ia->leases[j].plen <= 128);
			CHECK(ia->type == D6O_IA_PD ||
			    ia->leases[j].plen == 128);
			d6_put_lease(&w, ia->type, &ia->leases[j]);
		}
		if (ia->status.present) {
			size_t	 sm;

			d6_opt_begin(&w, D6O_STATUS_CODE, &sm);
			wbuf_u16(&w, ia->status.code);
			wbuf_bytes(&w, ia->status.msg.p, ia->status.msg.len);
			d6_opt_end(&w, sm);
		}
		d6_opt_end(&w, mark);
	}
	if (m->dns.n > 0)
		d6_put_opt_addrs(&w, D6O_DNS_SERVERS, m->dns.a, m->dns.n);
	walk_names(&m->domains, &w, D6O_DOMAIN_LIST);
	walk_names(&m->sip_domains, &w, D6O_SIP_SERVER_D);
	if (!wbuf_ok(&w))
		return 0;		/* a status text too long to echo */

	CHECK(d6_decode(wbuf_data(&w), wbuf_len(&w), &back) == D6E_OK);
	CHECK(back.type == m->type && back.xid == m->xid);
	CHECK(back.clientid.len == m->clientid.len);
	CHECK(back.serverid.len == m->serverid.len);
	CHECK(back.preference == m->preference);
	CHECK(back.status.present == m->status.present);
	CHECK(back.nia == m->nia);
	for (i = 0; i < m->nia; i++)
		same_ia(&m->ia[i], &back.ia[i]);
	CHECK(back.dns.n == m->dns.n);
	CHECK(back.domains.len == m->domains.len);
	return 0;
}
