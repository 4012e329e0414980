/*
 * What dhcp6s keeps of a client beyond its bindings, and Reconfigure
 * (RFC 8415 18.3.11, 20.4).
 *
 * A client that authenticates (delayed authentication) or that sent
 * Reconfigure Accept on a link with "allow reconfigure" gets a record:
 * the last replay-detection value it used, the reconfigure key it was
 * given, and where it was last heard from, directly or through which
 * relays.  A Reconfigure goes there: to the client's address on port
 * 546, or wrapped in Relay-replies (Interface-Id kept, so the relay
 * finds the link) to the outermost relay on port 547.  It carries
 * Server ID, Client ID, the Reconfigure Message option and the
 * Authentication option: the HMAC-MD5 of the message keyed with the
 * reconfigure key, or, for a client of delayed authentication, that
 * protocol with its key.  It is sent again after REC_TIMEOUT, doubling,
 * REC_MAX_RC times in all, until the client's Renew, Rebind or
 * Information-request comes.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <openssl/rand.h>

#include "dhcp6s.h"
#include "log.h"

static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 20);

static size_t
hash(const uint8_t *duid, size_t len, size_t n)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (i = 0; i < len; i++)
		h = (h ^ duid[i]) * 16777619u;
	return h & (n - 1);
}

static int
grow(struct d6s_clients *t)
{
	struct d6s_client	**h, *c;
	size_t			 n = t->nh == 0 ? 64 : t->nh * 2, i;

	if ((h = calloc(n, sizeof(*h))) == NULL)
		return -1;
	for (c = t->list; c != NULL; c = c->next) {
		i = hash(c->duid, c->duidlen, n);
		c->hnext = h[i];
		h[i] = c;
	}
	free(t->h);
	t->h = h;
	t->nh = n;
	return 0;
}

struct d6s_client *
d6s_client_find(struct d6s_clients *t, const uint8_t *duid, size_t len,
    int create)
{
	struct d6s_client	*c;
	size_t			 i;

	if (t->nh > 0)
		for (c = t->h[hash(duid, len, t->nh)]; c != NULL;
		    c = c->hnext)
			if (c->duidlen == len &&
			    memcmp(c->duid, duid, len) == 0)
				return c;
	if (!create || len == 0 || len > sizeof(c->duid))
		return NULL;
	if ((t->n + 1 > 2 * t->nh && grow(t) == -1) ||
	    (c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	memcpy(c->duid, duid, len);
	c->duidlen = (uint8_t)len;
	i = hash(duid, len, t->nh);
	c->hnext = t->h[i];
	t->h[i] = c;
	c->next = t->list;
	t->list = c;
	t->n++;
	return c;
}

void
d6s_clients_free(struct d6s_clients *t)
{
	struct d6s_client	*c;

	while ((c = t->list) != NULL) {
		t->list = c->next;
		if (c->rc_type != 0 && c->srv != NULL &&
		    c->srv->loop != NULL)
			ev_timer_cancel(c->srv->loop, &c->rc_timer);
		explicit_bzero(c->rkey, sizeof(c->rkey));
		free(c);
	}
	free(t->h);
	memset(t, 0, sizeof(*t));
}

/* ------------------------------------------------------ Reconfigure */

static const struct d6s_key *
delayed_key(struct d6s_server *s, const struct d6s_client *c)
{
	const struct d6s_host	*h;

	h = d6s_host_by_duid(s->conf, c->duid, c->duidlen);
	if (h == NULL || h->delayedkey == NULL)
		return NULL;
	return d6s_key_by_name(s->conf, h->delayedkey);
}

/* An address the client holds (IA_NA), for one never heard from. */
static int
bound_address(struct d6s_server *s, const struct d6s_client *c,
    struct in6_addr *out)
{
	const struct d6s_binding *b;

	TAILQ_FOREACH(b, &s->b.list, entry)
		if (b->type == D6O_IA_NA && b->nvals > 0 &&
		    b->duidlen == c->duidlen &&
		    memcmp(b->duid, c->duid, c->duidlen) == 0) {
			*out = b->vals[0].addr;
			return 0;
		}
	return -1;
}

/*
 * Build the Reconfigure (wrapped for the relays it came through) and
 * where it goes.  The length, or 0.
 */
static size_t
build(struct d6s_server *s, struct d6s_client *c, uint8_t *out, size_t cap,
    struct sockaddr_in6 *to, uint32_t *ifindex)
{
	static uint8_t		 inner[D6_MSG_MAX];
	const struct d6s_key	*k = delayed_key(s, c);
	struct wbuf		 w;
	size_t			 off, len;
	int			 i;

	wbuf_init(&w, inner, sizeof(inner));
	d6_put_header(&w, D6_RECONFIGURE, 0);
	d6_put_opt(&w, D6O_SERVERID, s->duid.data, s->duid.len);
	d6_put_opt(&w, D6O_CLIENTID, c->duid, c->duidlen);
	d6_put_opt_u8(&w, D6O_RECONF_MSG, c->rc_type);
	if (k != NULL) {
		if (d6s_auth_put(&w, s, k, &off) == -1 ||
		    d6s_auth_sign(inner, wbuf_len(&w), off, k) == -1)
			return 0;
	} else if (d6_rkap_put(&w, d6_auth_next_rd(&s->last_rd), D6_RKAP_MAC,
	    NULL, &off) == -1 || d6_auth_sign(inner, wbuf_len(&w), off,
	    c->rkey, sizeof(c->rkey)) == -1)
		return 0;
	len = wbuf_len(&w);
	/* innermost relay first, as a reply to what came through them */
	for (i = c->nrelays - 1; i >= 0; i--) {
		const struct d6s_hop *r = &c->relays[i];

		if ((len = d6_relay_reply(out, cap, r->hops, &r->link,
		    &r->peer, r->ifidlen > 0 ? r->ifid : NULL, r->ifidlen,
		    inner, len)) == 0)
			return 0;
		memcpy(inner, out, len);
	}
	if (len > cap)
		return 0;
	memcpy(out, inner, len);
	memset(to, 0, sizeof(*to));
	to->sin6_family = AF_INET6;
	*ifindex = 0;
	if (c->has_from) {
		*to = c->from;
		*ifindex = c->ifindex;
		to->sin6_port = htons(c->nrelays > 0 ? D6_PORT_SERVER :
		    D6_PORT_CLIENT);
	} else {
		if (bound_address(s, c, &to->sin6_addr) == -1)
			return 0;
		to->sin6_port = htons(D6_PORT_CLIENT);
	}
	return len;
}

static void
transmit(struct d6s_server *s, struct d6s_client *c)
{
	static uint8_t		 buf[D6_MSG_MAX];
	struct sockaddr_in6	 to;
	uint32_t		 ifindex;
	size_t			 len;
	char			 a[INET6_ADDRSTRLEN], d[3 * D6_DUID_MAX];

	if ((len = build(s, c, buf, sizeof(buf), &to, &ifindex)) == 0) {
		log_warnx("reconfigure to %s: cannot be built",
		    d6_duid_str(c->duid, c->duidlen, d, sizeof(d)));
		c->rc_type = 0;
		return;
	}
	c->rc_count++;
	if (c->rc_count == 1)
		s->st.reconf_sent++;
	else
		s->st.reconf_retx++;
	s->st.tx++;
	s->st.tx_type[D6_RECONFIGURE]++;
	log_info("send reconfigure (%s) #%d to %s via %s%s",
	    d6_msg_name(c->rc_type), c->rc_count,
	    d6_duid_str(c->duid, c->duidlen, d, sizeof(d)),
	    inet_ntop(AF_INET6, &to.sin6_addr, a, sizeof(a)),
	    c->nrelays > 0 ? " (relayed)" : "");
	if (s->send != NULL)
		s->send(s->send_arg, buf, len, &to, ifindex);
}

static void
on_timer(struct ev_timer *t, void *arg)
{
	struct d6s_client	*c = arg;
	struct d6s_server	*s = c->srv;
	char			 d[3 * D6_DUID_MAX];

	(void)t;
	if (c->rc_type == 0)
		return;
	if (c->rc_count >= D6S_REC_MAX_RC) {
		log_info("reconfigure to %s: no answer after %d, given up",
		    d6_duid_str(c->duid, c->duidlen, d, sizeof(d)),
		    c->rc_count);
		s->st.reconf_gaveup++;
		c->rc_type = 0;
		return;
	}
	c->rc_rt *= 2;
	transmit(s, c);
	if (c->rc_type != 0 && s->loop != NULL)
		ev_timer_add(s->loop, &c->rc_timer, (uint64_t)c->rc_rt * 1000);
}

int
d6s_reconfigure(struct d6s_server *s, const uint8_t *duid, size_t len,
    uint8_t type, const char **why)
{
	struct d6s_client	*c;
	struct in6_addr		 a;

	if (type != D6_RENEW && type != D6_REBIND &&
	    type != D6_INFO_REQUEST) {
		*why = "not a message a Reconfigure can ask for";
		return -1;
	}
	if ((c = d6s_client_find(&s->cl, duid, len, 0)) == NULL ||
	    (!c->has_rkey && delayed_key(s, c) == NULL)) {
		*why = "the client has no reconfigure key (it did not "
		    "accept Reconfigure) nor a delayed authentication key";
		return -1;
	}
	if (!c->has_from && bound_address(s, c, &a) == -1) {
		*why = "no address of the client is known";
		return -1;
	}
	if (c->rc_type != 0) {
		*why = "a Reconfigure to this client is under way";
		return -1;
	}
	c->srv = s;
	c->rc_type = type;
	c->rc_count = 0;
	c->rc_rt = D6S_REC_TIMEOUT;
	transmit(s, c);
	if (c->rc_type == 0) {
		*why = "the message could not be built";
		return -1;
	}
	if (s->loop != NULL) {
		ev_timer_init(&c->rc_timer, on_timer, c);
		ev_timer_add(s->loop, &c->rc_timer, (uint64_t)c->rc_rt * 1000);
	}
	return 0;
}

int
d6s_reconfigure_all(struct d6s_server *s, uint8_t type)
{
	struct d6s_client	*c;
	const char		*why;
	char			 d[3 * D6_DUID_MAX];
	int			 n = 0;

	for (c = s->cl.list; c != NULL; c = c->next) {
		if (!c->has_rkey && delayed_key(s, c) == NULL)
			continue;
		if (d6s_reconfigure(s, c->duid, c->duidlen, type, &why) == 0)
			n++;
		else
			log_limited(&rl, LOG_INFO, "reconfigure to %s: %s",
			    d6_duid_str(c->duid, c->duidlen, d, sizeof(d)),
			    why);
	}
	return n;
}

void
d6s_reconfigure_done(struct d6s_server *s, struct d6s_client *c)
{
	char	 d[3 * D6_DUID_MAX];

	if (c->rc_type == 0)
		return;
	log_info("reconfigure to %s answered after %d transmission(s)",
	    d6_duid_str(c->duid, c->duidlen, d, sizeof(d)), c->rc_count);
	s->st.reconf_done++;
	c->rc_type = 0;
	if (s->loop != NULL)
		ev_timer_cancel(s->loop, &c->rc_timer);
}

/* A new reconfigure key for a client: 0, or -1. */
int
d6s_rkey_new(struct d6s_server *s, struct d6s_client *c)
{
	if (RAND_bytes(c->rkey, sizeof(c->rkey)) != 1)
		return -1;
	c->has_rkey = 1;
	s->st.rkeys++;
	ldb_rkey(&s->db, c);
	return 0;
}
