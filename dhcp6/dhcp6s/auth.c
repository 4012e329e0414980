/*
 * Delayed authentication on the server side (RFC 3315 21.4, the book's
 * section 4.7.4): checking a client's Authentication option against the
 * key of its host entry (realm, key ID, expiry, HMAC-MD5 over the whole
 * message with the MAC zeroed, replay detection by the RD counter), and
 * signing the reply.
 */
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "dhcp6s.h"
#include "log.h"

#define AUTH_DELAYED	2
#define AUTH_RECONFKEY	3
#define AUTH_HMACMD5	1
#define AUTH_MONOCOUNT	0
#define AUTH_HDR	11		/* protocol, algorithm, RDM, RD */
#define AUTH_INFO	20		/* key ID + HMAC, after the realm */
#define NTP_OFFSET	2208988800ULL	/* 1900 to 1970 */

static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 20);
#define note(...)	log_limited(&rl, LOG_INFO, __VA_ARGS__)

static uint64_t
get64(const uint8_t *p)
{
	uint64_t	 v = 0;
	int		 i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* The last RD accepted from a client, by its DUID. */
struct d6s_rd *
d6s_rd_find(struct d6s_rd **list, const uint8_t *duid, size_t len,
    int create)
{
	struct d6s_rd	*r;

	for (r = *list; r != NULL; r = r->next)
		if (r->duidlen == len && memcmp(r->duid, duid, len) == 0)
			return r;
	if (!create || len > sizeof(r->duid) ||
	    (r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	memcpy(r->duid, duid, len);
	r->duidlen = (uint8_t)len;
	r->next = *list;
	*list = r;
	return r;
}

void
d6s_auth_free(struct d6s_server *s)
{
	struct d6s_rd	*r;

	while ((r = s->rds) != NULL) {
		s->rds = r->next;
		free(r);
	}
}

static int
hmac_md5(const struct d6s_key *k, const uint8_t *msg, size_t len,
    size_t macoff, uint8_t out[16])
{
	static uint8_t	 tmp[D6_MSG_MAX];
	unsigned int	 n = 16;

	if (len > sizeof(tmp) || macoff + 16 > len)
		return -1;
	memcpy(tmp, msg, len);
	memset(tmp + macoff, 0, 16);
	return HMAC(EVP_md5(), k->secret, (int)k->secretlen, tmp, len, out,
	    &n) == NULL || n != 16 ? -1 : 0;
}

int
d6s_auth_check(struct d6s_server *s, const struct d6s_host *h,
    const struct d6_msg *m, const uint8_t *raw, size_t rawlen, time_t now,
    const char *who, struct d6s_key **sign)
{
	const uint8_t	*a = m->auth.p;
	size_t		 alen = m->auth.len, realmlen;
	struct d6s_key	*k = NULL;
	struct d6s_rd	*r;
	uint8_t		 want[16];
	uint64_t	 rd;
	int		 solicit = m->type == D6_SOLICIT, ok = 0;

	*sign = NULL;
	if (h != NULL && h->delayedkey != NULL)
		k = d6s_key_by_name(s->conf, h->delayedkey);
	if (a == NULL) {
		/*
		 * No option.  KAME took that even from a client it had
		 * authenticated; a host with a key must authenticate every
		 * message but the Solicit here (no downgrade).
		 */
		if (k != NULL && !solicit) {
			note("client %s did not provide authentication "
			    "information in %s", h->name,
			    d6_msg_name(m->type));
			return -1;
		}
		return 0;
	}
	if (alen < AUTH_HDR)
		return -1;
	if (a[0] != AUTH_DELAYED) {
		note("authentication protocol %u from %s: dropped", a[0], who);
		return -1;
	}
	rd = get64(a + 3);
	if (a[1] != AUTH_HMACMD5 || a[2] != AUTH_MONOCOUNT)
		note("unsupported algorithm %u or RDM %u from %s", a[1], a[2],
		    who);
	else if (k == NULL)
		note("client %s wanted authentication, but no key found",
		    who);
	else if (solicit) {
		/* "I want delayed authentication": answer signed */
		log_debug("authentication information provided in solicit "
		    "from %s", who);
		ok = 1;
	} else if (alen == AUTH_HDR)
		note("client %s did not provide authentication information "
		    "in %s", h->name, d6_msg_name(m->type));
	else if (alen < AUTH_HDR + AUTH_INFO)
		note("short authentication information from %s", who);
	else if ((realmlen = alen - AUTH_HDR - AUTH_INFO) !=
	    strlen(k->realm) || memcmp(a + AUTH_HDR, k->realm, realmlen) !=
	    0 || ((uint32_t)a[AUTH_HDR + realmlen] << 24 |
	    (uint32_t)a[AUTH_HDR + realmlen + 1] << 16 |
	    (uint32_t)a[AUTH_HDR + realmlen + 2] << 8 |
	    a[AUTH_HDR + realmlen + 3]) != k->keyid)
		note("authentication key mismatch with client %s", h->name);
	else if (k->expire != 0 && now > k->expire)
		note("key %s has expired", k->name);
	else if ((r = d6s_rd_find(&s->rds, m->clientid.p, m->clientid.len,
	    0)) !=
	    NULL && (int64_t)(rd - r->rd) <= 0)
		note("possible replay attack detected for client %s",
		    h->name);
	else if (hmac_md5(k, raw, rawlen, (size_t)(a - raw) + AUTH_HDR +
	    realmlen + 4, want) == -1 || CRYPTO_memcmp(want, a + AUTH_HDR +
	    realmlen + 4, 16) != 0)
		note("invalid message authentication from %s", who);
	else {
		if (r == NULL)
			log_debug("previous RD value for %s is unknown "
			    "(accept it)", h->name);
		if ((r = d6s_rd_find(&s->rds, m->clientid.p, m->clientid.len,
		    1)) != NULL)
			r->rd = rd;
		/* kept across restarts: a replay then is still one */
		ldb_rd(&s->db, m->clientid.p, m->clientid.len, rd);
		log_debug("message authentication validated for client %s",
		    h->name);
		ok = 1;
	}
	if (ok) {
		*sign = k;
		return 0;
	}
	/* an unauthenticated Solicit is answered, unsigned */
	return solicit ? 0 : -1;
}

/* A strictly increasing RD: the NTP time, or one more than the last. */
static uint64_t
next_rd(struct d6s_server *s)
{
	struct timespec	 ts;
	uint64_t	 rd;

	clock_gettime(CLOCK_REALTIME, &ts);
	rd = ((uint64_t)ts.tv_sec + NTP_OFFSET) << 32 |
	    (uint64_t)(((uint64_t)ts.tv_nsec << 32) / 1000000000ULL);
	if (rd <= s->last_rd)
		rd = s->last_rd + 1;
	s->last_rd = rd;
	return rd;
}

int
d6s_auth_put(struct wbuf *w, struct d6s_server *s, const struct d6s_key *k,
    size_t *macoff)
{
	size_t	 mark, realmlen = strlen(k->realm);

	d6_opt_begin(w, D6O_AUTH, &mark);
	wbuf_u8(w, AUTH_DELAYED);
	wbuf_u8(w, AUTH_HMACMD5);
	wbuf_u8(w, AUTH_MONOCOUNT);
	wbuf_u64(w, next_rd(s));
	wbuf_bytes(w, k->realm, realmlen);
	wbuf_u32(w, k->keyid);
	*macoff = wbuf_len(w);
	wbuf_zero(w, 16);
	d6_opt_end(w, mark);
	return wbuf_ok(w) ? 0 : -1;
}

int
d6s_auth_sign(uint8_t *msg, size_t len, size_t macoff,
    const struct d6s_key *k)
{
	uint8_t	 mac[16];

	if (hmac_md5(k, msg, len, macoff, mac) == -1)
		return -1;
	memcpy(msg + macoff, mac, 16);
	return 0;
}
