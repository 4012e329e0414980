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

#include "dhcp6s.h"
#include "log.h"


static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 20);
#define note(...)	log_limited(&rl, LOG_INFO, __VA_ARGS__)


int
d6s_auth_check(struct d6s_server *s, const struct d6s_host *h,
    const struct d6_msg *m, time_t now, const char *who,
    struct d6s_key **sign)
{
	struct d6_auth	 a;
	struct d6s_key	*k = NULL;
	struct d6s_client *r = NULL;
	int		 solicit = m->type == D6_SOLICIT, ok = 0;

	*sign = NULL;
	if (h != NULL && h->delayedkey != NULL)
		k = d6s_key_by_name(s->conf, h->delayedkey);
	if (d6_auth_parse(m, &a) == -1) {
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
	if (a.proto != D6_AUTH_DELAYED) {
		note("authentication protocol %u from %s: dropped", a.proto,
		    who);
		return -1;
	}
	if (a.alg != D6_AUTH_HMACMD5 || a.rdm != D6_AUTH_MONOCOUNTER)
		note("unsupported algorithm %u or RDM %u from %s", a.alg,
		    a.rdm, who);
	else if (k == NULL)
		note("client %s wanted authentication, but no key found",
		    who);
	else if (solicit) {
		/* "I want delayed authentication": answer signed */
		log_debug("authentication information provided in solicit "
		    "from %s", who);
		ok = 1;
	} else if (!a.has_info)
		note("client %s did not provide authentication information "
		    "in %s", h->name, d6_msg_name(m->type));
	else if (a.realmlen != strlen(k->realm) ||
	    memcmp(a.realm, k->realm, a.realmlen) != 0 || a.keyid != k->keyid)
		note("authentication key mismatch with client %s", h->name);
	else if (k->expire != 0 && now > k->expire)
		note("key %s has expired", k->name);
	else if ((r = d6s_client_find(&s->cl, m->clientid.p,
	    m->clientid.len, 0)) != NULL && r->has_rd &&
	    (int64_t)(a.rd - r->rd) <= 0)
		note("possible replay attack detected for client %s",
		    h->name);
	else if (!d6_auth_verify(m, &a, k->secret, k->secretlen))
		note("invalid message authentication from %s", who);
	else {
		if (r == NULL || !r->has_rd)
			log_debug("previous RD value for %s is unknown "
			    "(accept it)", h->name);
		if ((r = d6s_client_find(&s->cl, m->clientid.p,
		    m->clientid.len, 1)) != NULL) {
			r->rd = a.rd;
			r->has_rd = 1;
		}
		/* kept across restarts: a replay then is still one */
		ldb_rd(&s->db, m->clientid.p, m->clientid.len, a.rd);
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

int
d6s_auth_put(struct wbuf *w, struct d6s_server *s, const struct d6s_key *k,
    size_t *macoff)
{
	return d6_auth_put(w, d6_auth_next_rd(&s->last_rd), k->realm,
	    k->keyid, macoff);
}

int
d6s_auth_sign(uint8_t *msg, size_t len, size_t macoff,
    const struct d6s_key *k)
{
	return d6_auth_sign(msg, len, macoff, k->secret, k->secretlen);
}
