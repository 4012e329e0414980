/*
 * The client state machine of dhcp6c: Solicit/Advertise/Request/Reply
 * (and Rapid Commit), Renew at T1, Rebind at T2, Confirm and Rebind
 * after a restart with a saved lease, Decline of addresses that failed
 * DAD, Release, and Information-request with refresh.  Pure: events and
 * the time come in, messages and lease changes go out through c6_ops.
 *
 * Where RFC 8415 and the KAME client differ, RFC 8415 is followed and
 * the place says so: retransmission (15) with SOL_MAX_RT and INF_MAX_RT
 * of 3600 s and REL_MAX_RC/DEC_MAX_RC of 4; T1/T2 from the server used
 * as given (no 30 s floor); 0 lifetimes and T1/T2 in what the client
 * sends (21.4, 21.6); the IAs of one interface renewed together (18.2.4)
 * with the ones not obtained yet added to Renew/Rebind; a Solicit
 * started again after a failed Request instead of going idle.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp6c.h"
#include "log.h"

#define SEC		1000ULL
/* RFC 8415 7.6 */
#define SOL_MAX_DELAY	(1 * SEC)
#define SOL_TIMEOUT	(1 * SEC)
#define SOL_MAX_RT	(3600 * SEC)
#define REQ_TIMEOUT	(1 * SEC)
#define REQ_MAX_RT	(30 * SEC)
#define REQ_MAX_RC	10
#define CNF_MAX_DELAY	(1 * SEC)
#define CNF_TIMEOUT	(1 * SEC)
#define CNF_MAX_RT	(4 * SEC)
#define CNF_MAX_RD	(10 * SEC)
#define REN_TIMEOUT	(10 * SEC)
#define REN_MAX_RT	(600 * SEC)
#define REB_TIMEOUT	(10 * SEC)
#define REB_MAX_RT	(600 * SEC)
#define INF_MAX_DELAY	(1 * SEC)
#define INF_TIMEOUT	(1 * SEC)
#define INF_MAX_RT	(3600 * SEC)
#define REL_TIMEOUT	(1 * SEC)
#define REL_MAX_RC	4
#define DEC_TIMEOUT	(1 * SEC)
#define DEC_MAX_RC	4
/* the shortest T1 the client picks itself (server values are used as
 * given) */
#define C6_T1_MIN	10

static const char *const state_names[] = {
	"idle", "init", "solicit", "request", "bound", "renew", "rebind",
	"confirm", "decline", "release", "inforeq", "info-bound", "stopped"
};

static const char *const drop_names[] = {
	"decode", "type", "xid", "noserverid", "clientid", "state",
	"norapidcommit", "empty", "duplicate", "status", "auth", "reconfigure"
};

const char *
c6_state_name(enum c6_state s)
{
	return (unsigned)s < sizeof(state_names) / sizeof(state_names[0]) ?
	    state_names[s] : "?";
}

const char *
c6_drop_name(enum c6_drop d)
{
	return (unsigned)d < C6D_NDROPS ? drop_names[d] : "?";
}

void
c6_params(uint8_t type, uint64_t *irt, uint64_t *mrt, int *mrc,
    uint64_t *mrd)
{
	*mrc = 0;
	*mrd = 0;
	switch (type) {
	case D6_SOLICIT:
		*irt = SOL_TIMEOUT;
		*mrt = SOL_MAX_RT;
		break;
	case D6_REQUEST:
		*irt = REQ_TIMEOUT;
		*mrt = REQ_MAX_RT;
		*mrc = REQ_MAX_RC;
		break;
	case D6_CONFIRM:
		*irt = CNF_TIMEOUT;
		*mrt = CNF_MAX_RT;
		*mrd = CNF_MAX_RD;
		break;
	case D6_RENEW:
		*irt = REN_TIMEOUT;
		*mrt = REN_MAX_RT;
		break;
	case D6_REBIND:
		*irt = REB_TIMEOUT;
		*mrt = REB_MAX_RT;
		break;
	case D6_RELEASE:
		*irt = REL_TIMEOUT;
		*mrt = 0;
		*mrc = REL_MAX_RC;
		break;
	case D6_DECLINE:
		*irt = DEC_TIMEOUT;
		*mrt = 0;
		*mrc = DEC_MAX_RC;
		break;
	default:	/* Information-request */
		*irt = INF_TIMEOUT;
		*mrt = INF_MAX_RT;
		break;
	}
}

uint32_t
c6_remaining(uint32_t lifetime, uint64_t start, uint64_t now)
{
	uint64_t	 gone;

	if (lifetime == D6_INFINITY)
		return D6_INFINITY;
	gone = now > start ? (now - start) / SEC : 0;
	return gone >= lifetime ? 0 : lifetime - (uint32_t)gone;
}

/* RAND of RFC 8415 15: uniform in [-0.1, 0.1], in steps of 0.0001. */
static int64_t
jitter(struct c6_client *c, uint64_t base)
{
	int64_t	 r = (int64_t)(c->ops->random(c->ctx) % 2001) - 1000;

	return r * (int64_t)base / 10000;
}

static uint64_t
randdelay(struct c6_client *c, uint64_t max)
{
	return max == 0 ? 0 : c->ops->random(c->ctx) % max;
}

static uint64_t
ia_expiry(const struct c6_ia *ia)
{
	uint64_t	 end = 0, e;
	int		 i;

	for (i = 0; i < ia->nleases; i++) {
		if (ia->leases[i].vl == D6_INFINITY)
			return UINT64_MAX;
		e = ia->leases[i].start + ia->leases[i].vl * SEC;
		if (e > end)
			end = e;
	}
	return end;
}

static int
nleases(const struct c6_binding *b)
{
	int	 i, n = 0;

	for (i = 0; i < b->nia; i++)
		n += b->ia[i].nleases;
	return n;
}

/* The latest expiry of every lease: where Rebind gives up. */
static uint64_t
binding_expiry(const struct c6_binding *b)
{
	uint64_t	 end = 0, e;
	int		 i;

	for (i = 0; i < b->nia; i++)
		if ((e = ia_expiry(&b->ia[i])) > end)
			end = e;
	return end;
}

/*
 * The MRD of a Rebind: until the last lease ends; none (0) when one is
 * infinite.  (UINT64_MAX - now was once used here: added to the start
 * of an exchange that began later than now, it wrapped, and the client
 * spun.)
 */
static uint64_t
rebind_mrd(const struct c6_binding *b, uint64_t now)
{
	uint64_t	 end = binding_expiry(b);

	if (end == UINT64_MAX)
		return 0;
	return end > now ? end - now : 1;
}

static struct c6_ia *
find_ia(struct c6_binding *b, uint16_t type, uint32_t iaid)
{
	int	 i;

	for (i = 0; i < b->nia; i++)
		if (b->ia[i].type == type && b->ia[i].iaid == iaid)
			return &b->ia[i];
	return NULL;
}

static const struct c6_iaconf *
conf_ia(const struct c6_client *c, uint16_t type, uint32_t iaid)
{
	int	 i;

	for (i = 0; i < c->conf->nia; i++)
		if (c->conf->ia[i]->type == type &&
		    c->conf->ia[i]->iaid == iaid)
			return c->conf->ia[i];
	return NULL;
}

void
c6_times(const struct c6_binding *b, uint64_t now, uint32_t *t1, uint32_t *t2)
{
	uint32_t	 st1 = D6_INFINITY, st2 = D6_INFINITY, pl;
	uint32_t	 minpl = D6_INFINITY;
	int		 i, j, zero = 0;

	for (i = 0; i < b->nia; i++) {
		const struct c6_ia *ia = &b->ia[i];

		if (ia->nleases == 0)
			continue;
		if (ia->t1 == 0 || ia->t2 == 0)
			zero = 1;
		else {
			if (ia->t1 < st1)
				st1 = ia->t1;
			if (ia->t2 < st2)
				st2 = ia->t2;
		}
		for (j = 0; j < ia->nleases; j++) {
			pl = c6_remaining(ia->leases[j].pl,
			    ia->leases[j].start, now);
			if (pl < minpl)
				minpl = pl;
		}
	}
	if (zero && minpl != D6_INFINITY) {
		/*
		 * RFC 8415 21.4: the client's choice; 0.5 and 0.8 of the
		 * shortest preferred lifetime, as servers are told to, but
		 * not below C6_T1_MIN: a deprecated address (preferred 0)
		 * would otherwise make a Renew follow every Reply at once.
		 */
		if (minpl / 2 < st1)
			st1 = minpl / 2;
		if ((uint32_t)((uint64_t)minpl * 4 / 5) < st2)
			st2 = (uint32_t)((uint64_t)minpl * 4 / 5);
		if (st1 < C6_T1_MIN)
			st1 = C6_T1_MIN;
		if (st2 < C6_T1_MIN * 8 / 5)
			st2 = C6_T1_MIN * 8 / 5;
	}
	if (st1 > st2)
		st1 = st2;
	*t1 = st1;
	*t2 = st2;
}

/*
 * Exchanges.
 */
static void	send_msg(struct c6_client *, uint64_t now);

/*
 * Delayed authentication (RFC 3315 21.4, WIDE's dhcp6c): a Solicit asks
 * for it with an empty option; later messages are signed with the key
 * the server's Advertise was signed with (after a restart, the first
 * key configured); Information-request is not authenticated, as in
 * WIDE.  Returns where the MAC goes, with *key set, if signed.
 */
static size_t
put_auth(struct c6_client *c, struct wbuf *w, uint8_t type,
    const struct c6_key **key)
{
	const struct c6_key	*k;
	size_t			 macoff = 0;

	*key = NULL;
	if (c->conf->authname == NULL || c->conf->keys == NULL ||
	    type == D6_INFO_REQUEST)
		return 0;
	if (type == D6_SOLICIT) {
		d6_auth_put(w, 0, NULL, 0, NULL);
		return 0;
	}
	if ((k = c->akey) == NULL && (k = TAILQ_FIRST(c->conf->keys)) == NULL)
		return 0;
	if (d6_auth_put(w, d6_auth_next_rd(&c->rd_out), k->realm, k->keyid,
	    &macoff) == -1)
		return 0;
	*key = k;
	return macoff;
}

/*
 * A message from the server: authenticated with a key we know (by its
 * realm and key ID), not expired, with a replay value newer than the
 * last one (the first of a session is taken as it is), and a MAC that
 * verifies; anything else is dropped, missing option or bad MAC alike.
 */
static int
auth_ok(struct c6_client *c, const struct d6_msg *m)
{
	struct d6_auth		 a;
	const struct c6_key	*k;

	if (d6_auth_parse(m, &a) == -1 || a.proto != D6_AUTH_DELAYED ||
	    a.alg != D6_AUTH_HMACMD5 || a.rdm != D6_AUTH_MONOCOUNTER ||
	    !a.has_info) {
		log_info("%s: %s without delayed authentication: dropped",
		    c->conf->ifname, d6_msg_name(m->type));
		return 0;
	}
	if (c->rd_seen && (int64_t)(a.rd - c->rd_in) <= 0) {
		log_info("%s: possible replay attack (%s): dropped",
		    c->conf->ifname, d6_msg_name(m->type));
		return 0;
	}
	TAILQ_FOREACH(k, c->conf->keys, entry)
		if (k->keyid == a.keyid && strlen(k->realm) == a.realmlen &&
		    memcmp(k->realm, a.realm, a.realmlen) == 0)
			break;
	if (k == NULL) {
		log_info("%s: no key for realm and key ID %u: dropped",
		    c->conf->ifname, a.keyid);
		return 0;
	}
	if (k->expire != 0 && time(NULL) > k->expire) {
		log_info("%s: key %s has expired", c->conf->ifname, k->name);
		return 0;
	}
	if (!d6_auth_verify(m, &a, k->secret, k->secretlen)) {
		log_info("%s: invalid message authentication (%s): dropped",
		    c->conf->ifname, d6_msg_name(m->type));
		return 0;
	}
	c->akey = k;
	c->rd_in = a.rd;
	c->rd_seen = 1;
	return 1;
}
static void	enter_solicit_delay(struct c6_client *, uint64_t now);
static void	bound(struct c6_client *, uint64_t now);
static void	decline_done(struct c6_client *, uint64_t now);
static void	drop_binding(struct c6_client *);

static void
xch_begin(struct c6_client *c, enum c6_state st, uint8_t type,
    uint64_t now, uint64_t delay)
{
	struct c6_xch	*x = &c->x;

	c->state = st;
	memset(x, 0, sizeof(*x));
	x->type = type;
	x->xid = c->ops->random(c->ctx) & 0xffffff;
	c6_params(type, &x->irt, &x->mrt, &x->mrc, &x->mrd);
	if (type == D6_SOLICIT)
		x->mrt = c->sol_max_rt;
	else if (type == D6_INFO_REQUEST)
		x->mrt = c->inf_max_rt;
	x->start = now + delay;
	x->next = now + delay;
	log_debug("%s: a new XID (%x) is generated for %s",
	    c->conf->ifname, x->xid, d6_msg_name(type));
}

/* RFC 8415 15: RT for the next transmission. */
static void
xch_backoff(struct c6_client *c)
{
	struct c6_xch	*x = &c->x;
	uint64_t	 r;

	if (x->count == 1) {
		if (x->type == D6_SOLICIT) {
			/* the first RT of Solicit is strictly above IRT */
			r = c->ops->random(c->ctx) % 1000 + 1;
			x->rt = x->irt + x->irt * r / 10000;
		} else
			x->rt = x->irt + jitter(c, x->irt);
	} else
		x->rt = 2 * x->rt + jitter(c, x->rt);
	if (x->mrt != 0 && x->rt > x->mrt)
		x->rt = x->mrt + jitter(c, x->mrt);
}

static void
put_ias(struct c6_client *c, struct wbuf *w, uint8_t type)
{
	const struct c6_binding	*src;
	const struct c6_iaconf	*ic;
	struct c6_ia		*ia;
	struct d6_lease		 l;
	size_t			 mark;
	int			 i, j;

	if (type == D6_INFO_REQUEST)
		return;
	src = type == D6_REQUEST && c->have_adv ? &c->adv : &c->b;
	for (i = 0; i < c->conf->nia; i++) {
		ic = c->conf->ia[i];
		/* Confirm carries IA_NA only */
		if (type == D6_CONFIRM && ic->type != D6O_IA_NA)
			continue;
		ia = find_ia((struct c6_binding *)src, ic->type, ic->iaid);
		if (type == D6_SOLICIT)
			ia = NULL;
		/* Release, Decline and Confirm are about what we hold */
		if ((type == D6_RELEASE || type == D6_DECLINE ||
		    type == D6_CONFIRM) && (ia == NULL || ia->nleases == 0))
			continue;
		if (type == D6_DECLINE) {
			for (j = 0; j < ia->nleases; j++)
				if (ia->leases[j].declined)
					break;
			if (j == ia->nleases)
				continue;
		}
		/* RFC 8415 21.4: T1 and T2 0 in what a client sends */
		d6_ia_begin(w, ic->type, ic->iaid, 0, 0, &mark);
		if (ia != NULL && ia->nleases > 0) {
			for (j = 0; j < ia->nleases; j++) {
				if (type == D6_DECLINE &&
				    !ia->leases[j].declined)
					continue;
				if (type != D6_DECLINE &&
				    ia->leases[j].declined)
					continue;
				memset(&l, 0, sizeof(l));
				l.addr = ia->leases[j].addr;
				l.plen = ia->leases[j].plen;
				d6_put_lease(w, ic->type, &l);
			}
		} else {
			/* hints, with their configured lifetimes */
			for (j = 0; j < ic->nhints; j++) {
				memset(&l, 0, sizeof(l));
				l.addr = ic->hints[j].addr;
				l.plen = ic->hints[j].plen;
				l.preferred = ic->hints[j].pl;
				l.valid = ic->hints[j].vl;
				d6_put_lease(w, ic->type, &l);
			}
		}
		d6_opt_end(w, mark);
	}
}

static void
put_oro(struct c6_client *c, struct wbuf *w, uint8_t type)
{
	uint16_t	 oro[C6_MAX_ORO + 3];
	size_t		 mark;
	int		 i, n = 0, k;

	/* RFC 8415 18.2: no ORO in Release, Decline (nor Confirm) */
	if (type == D6_RELEASE || type == D6_DECLINE || type == D6_CONFIRM)
		return;
	for (i = 0; i < c->conf->noro; i++)
		oro[n++] = c->conf->oro[i];
	if (type == D6_INFO_REQUEST) {
		oro[n++] = D6O_INFO_REFRESH;	/* RFC 8415 18.2.6 */
		oro[n++] = D6O_INF_MAX_RT;
	} else
		oro[n++] = D6O_SOL_MAX_RT;	/* RFC 8415 18.2.1 */
	d6_opt_begin(w, D6O_ORO, &mark);
	for (i = 0; i < n; i++) {
		for (k = 0; k < i; k++)
			if (oro[k] == oro[i])
				break;
		if (k == i)
			wbuf_u16(w, oro[i]);
	}
	d6_opt_end(w, mark);
}

static void
send_msg(struct c6_client *c, uint64_t now)
{
	struct c6_xch	*x = &c->x;
	uint8_t		 buf[2048];
	struct wbuf	 w;
	uint64_t	 el;
	const struct d6_duid *server = NULL;
	const struct c6_key *akey = NULL;
	size_t		 macoff = 0;

	if (x->count == 0)
		x->start = now;
	el = (now - x->start) / 10;
	wbuf_init(&w, buf, sizeof(buf));
	d6_put_header(&w, x->type, x->xid);
	d6_put_opt(&w, D6O_CLIENTID, c->duid->data, c->duid->len);
	switch (x->type) {
	case D6_REQUEST:
		server = &c->adv.server;
		break;
	case D6_RENEW:
	case D6_RELEASE:
	case D6_DECLINE:
		server = &c->b.server;
		break;
	}
	if (server != NULL)
		d6_put_opt(&w, D6O_SERVERID, server->data, server->len);
	d6_put_opt_u16(&w, D6O_ELAPSED_TIME, el > 0xffff ? 0xffff :
	    (uint16_t)el);
	if (x->type == D6_SOLICIT && (c->conf->flags & C6F_RAPID))
		d6_put_opt(&w, D6O_RAPID_COMMIT, NULL, 0);
	put_oro(c, &w, x->type);
	put_ias(c, &w, x->type);
	/* RFC 8415 21.20: we will take Reconfigure */
	if ((c->conf->flags & C6F_RECONF) && (x->type == D6_SOLICIT ||
	    x->type == D6_REQUEST || x->type == D6_RENEW ||
	    x->type == D6_REBIND || x->type == D6_INFO_REQUEST))
		d6_put_opt(&w, D6O_RECONF_ACCEPT, NULL, 0);
	macoff = put_auth(c, &w, x->type, &akey);
	x->count++;
	xch_backoff(c);
	x->next = now + x->rt;
	/* MRD: the exchange ends at start + MRD at the latest */
	if (x->mrd != 0 && x->next > x->start + x->mrd)
		x->next = x->start + x->mrd;
	if (!wbuf_ok(&w)) {
		log_warnx("%s: %s does not fit in a message", c->conf->ifname,
		    d6_msg_name(x->type));
		return;
	}
	log_debug("%s: send %s (xid %x, #%d, next in %llu ms)",
	    c->conf->ifname, d6_msg_name(x->type), x->xid, x->count,
	    (unsigned long long)(x->next - now));
	if (akey != NULL && d6_auth_sign(buf, wbuf_len(&w), macoff,
	    akey->secret, akey->secretlen) == -1) {
		log_warnx("%s: cannot sign %s", c->conf->ifname,
		    d6_msg_name(x->type));
		return;
	}
	c->sent[x->type]++;
	c->ops->send(c->ctx, buf, wbuf_len(&w));
}

void
c6_init(struct c6_client *c, const struct c6_ifconf *conf,
    const struct d6_duid *duid, const struct c6_ops *ops, void *ctx,
    int info_only)
{
	memset(c, 0, sizeof(*c));
	c->conf = conf;
	c->duid = duid;
	c->ops = ops;
	c->ctx = ctx;
	c->info_only = info_only || (conf->flags & C6F_INFO_ONLY) ||
	    conf->nia == 0;
	c->state = C6_IDLE;
	c->sol_max_rt = SOL_MAX_RT;
	c->inf_max_rt = INF_MAX_RT;
}

void
c6_restore(struct c6_client *c, const struct c6_binding *b,
    uint64_t bound_at)
{
	int	 i;

	c->b = *b;
	/* keep only what this configuration still asks for */
	for (i = 0; i < c->b.nia; i++)
		if (conf_ia(c, c->b.ia[i].type, c->b.ia[i].iaid) == NULL)
			c->b.ia[i].nleases = 0;
	c->bound_at = bound_at;
}

void
c6_restore_auth(struct c6_client *c, const struct c6_saved *s)
{
	c->rd_seen = s->rd_seen;
	c->rd_in = s->rd_in;
	c->has_rkey = s->has_rkey && (c->conf->flags & C6F_RECONF);
	memcpy(c->rkey, s->rkey, sizeof(c->rkey));
}

void
c6_save_auth(const struct c6_client *c, struct c6_saved *s)
{
	s->rd_seen = c->rd_seen;
	s->rd_in = c->rd_in;
	s->has_rkey = c->has_rkey;
	memcpy(s->rkey, c->rkey, sizeof(s->rkey));
}

static int
has_pd(const struct c6_binding *b)
{
	int	 i;

	for (i = 0; i < b->nia; i++)
		if (b->ia[i].type == D6O_IA_PD && b->ia[i].nleases > 0)
			return 1;
	return 0;
}

/* Drop leases whose valid lifetime has passed (and remove them). */
static void
expire(struct c6_client *c, uint64_t now)
{
	struct c6_ia	*ia;
	int		 i, j, changed = 0;

	for (i = 0; i < c->b.nia; i++) {
		ia = &c->b.ia[i];
		for (j = 0; j < ia->nleases; ) {
			if (c6_remaining(ia->leases[j].vl,
			    ia->leases[j].start, now) == 0) {
				char	 a[INET6_ADDRSTRLEN];

				log_info("%s: %s/%d expired", c->conf->ifname,
				    inet_ntop(AF_INET6, &ia->leases[j].addr,
				    a, sizeof(a)), ia->leases[j].plen);
				if (!ia->leases[j].declined)
					c->ops->lease_del(c->ctx, ia,
					    &ia->leases[j]);
				ia->leases[j] = ia->leases[--ia->nleases];
				changed = 1;
			} else
				j++;
		}
	}
	if (changed)
		c->ops->changed(c->ctx);
}

void
c6_start(struct c6_client *c, uint64_t now)
{
	if (c->state != C6_IDLE)
		return;
	if (c->info_only) {
		/* RFC 8415 18.2.6: a random delay of up to INF_MAX_DELAY */
		xch_begin(c, C6_INFOREQ, D6_INFO_REQUEST, now,
		    randdelay(c, INF_MAX_DELAY));
		return;
	}
	expire(c, now);
	if (nleases(&c->b) > 0) {
		/* a saved lease: RFC 8415 18.2.12, Rebind when it holds
		 * prefixes, else Confirm the addresses */
		if (has_pd(&c->b))
			xch_begin(c, C6_REBIND, D6_REBIND, now, 0);
		else
			xch_begin(c, C6_CONFIRM, D6_CONFIRM, now,
			    randdelay(c, CNF_MAX_DELAY));
		if (c->state == C6_REBIND)
			c->x.mrd = rebind_mrd(&c->b, now);
		return;
	}
	enter_solicit_delay(c, now);
}

static void
enter_solicit_delay(struct c6_client *c, uint64_t now)
{
	uint64_t	 delay = randdelay(c, SOL_MAX_DELAY);

	/*
	 * KAME went idle after a failed cycle (flaw 11); we start again,
	 * backing off (doubling from 1 s, up to SOL_MAX_RT) between cycles
	 * that failed, so a server that refuses us is not hammered.
	 */
	if (c->fails > 0) {
		uint64_t	 b = SEC << (c->fails > 12 ? 12 : c->fails);

		if (b > c->sol_max_rt)
			b = c->sol_max_rt;
		delay += b;
	}
	c->have_adv = 0;
	memset(&c->adv, 0, sizeof(c->adv));
	xch_begin(c, C6_SOLICIT, D6_SOLICIT, now, delay);
	log_debug("%s: first solicit in %llu ms", c->conf->ifname,
	    (unsigned long long)delay);
}

static void
start_request(struct c6_client *c, uint64_t now)
{
	xch_begin(c, C6_REQUEST, D6_REQUEST, now, 0);
	send_msg(c, now);
}

/* The server's Reply said NoBinding: Request the binding again. */
static void
rerequest(struct c6_client *c, uint64_t now, const struct d6_duid *server)
{
	c->adv = c->b;
	if (server != NULL)
		c->adv.server = *server;
	c->have_adv = 1;
	start_request(c, now);
}

static void
drop_binding(struct c6_client *c)
{
	int	 i, j;

	for (i = 0; i < c->b.nia; i++)
		for (j = 0; j < c->b.ia[i].nleases; j++)
			if (!c->b.ia[i].leases[j].declined)
				c->ops->lease_del(c->ctx, &c->b.ia[i],
				    &c->b.ia[i].leases[j]);
	memset(&c->b, 0, sizeof(c->b));
	c->ops->changed(c->ctx);
}

static void
restart(struct c6_client *c, uint64_t now)
{
	drop_binding(c);
	c->state = C6_IDLE;
	enter_solicit_delay(c, now);
}

/* A Decline answered or given up: the declined addresses are gone. */
static void
decline_done(struct c6_client *c, uint64_t now)
{
	struct c6_ia	*ia;
	int		 i, j;

	for (i = 0; i < c->b.nia; i++) {
		ia = &c->b.ia[i];
		for (j = 0; j < ia->nleases; )
			if (ia->leases[j].declined)
				ia->leases[j] = ia->leases[--ia->nleases];
			else
				j++;
	}
	if (nleases(&c->b) == 0)
		restart(c, now);
	else
		bound(c, now);
}

void
c6_timeout(struct c6_client *c, uint64_t now)
{
	struct c6_xch	*x = &c->x;

	switch (c->state) {
	case C6_IDLE:
	case C6_STOPPED:
		return;
	case C6_BOUND:
		expire(c, now);
		if (nleases(&c->b) == 0) {
			log_info("%s: every lease expired", c->conf->ifname);
			restart(c, now);
			return;
		}
		if (c->t2 != D6_INFINITY &&
		    now >= c->bound_at + c->t2 * SEC) {
			xch_begin(c, C6_REBIND, D6_REBIND, now, 0);
			x->mrd = rebind_mrd(&c->b, now);
			send_msg(c, now);
		} else if (c->t1 != D6_INFINITY &&
		    now >= c->bound_at + c->t1 * SEC) {
			xch_begin(c, C6_RENEW, D6_RENEW, now, 0);
			/* RFC 8415 18.2.4: Renew ends at T2 */
			if (c->t2 != D6_INFINITY)
				x->mrd = c->bound_at + c->t2 * SEC - now;
			send_msg(c, now);
		}
		return;
	case C6_INFO_BOUND:
		if (now >= c->refresh_at)
			xch_begin(c, C6_INFOREQ, D6_INFO_REQUEST, now, 0);
		else
			return;
		break;
	default:
		break;
	}
	/*
	 * Leases end on their own time, whatever the exchange is doing
	 * (c6_next counts their ends: one left due would be a busy loop).
	 */
	if (c->state != C6_RELEASE) {
		expire(c, now);
		if (nleases(&c->b) == 0 && (c->state == C6_RENEW ||
		    c->state == C6_REBIND || c->state == C6_CONFIRM ||
		    c->state == C6_DECLINE)) {
			log_info("%s: every lease expired", c->conf->ifname);
			restart(c, now);
			return;
		}
	}
	if (now < x->next)
		return;
	/* the exchange is over: MRC transmissions or MRD reached */
	if ((x->mrc != 0 && x->count >= x->mrc) ||
	    (x->mrd != 0 && x->count > 0 && now >= x->start + x->mrd)) {
		log_info("%s: no responses were received to %s",
		    c->conf->ifname, d6_msg_name(x->type));
		switch (c->state) {
		case C6_REQUEST:
			c->fails++;
			if (nleases(&c->b) > 0)
				bound(c, now);
			else
				restart(c, now);
			break;
		case C6_RENEW:
			xch_begin(c, C6_REBIND, D6_REBIND, now, 0);
			x->mrd = rebind_mrd(&c->b, now);
			send_msg(c, now);
			break;
		case C6_REBIND:
			restart(c, now);
			break;
		case C6_CONFIRM:
			/* RFC 8415 18.2.3: no answer, go on using them */
			bound(c, now);
			break;
		case C6_DECLINE:
			decline_done(c, now);
			break;
		case C6_RELEASE:
			memset(&c->b, 0, sizeof(c->b));
			c->ops->changed(c->ctx);
			c->state = C6_STOPPED;
			break;
		default:
			break;
		}
		return;
	}
	if (c->state == C6_INIT)
		c->state = C6_SOLICIT;
	/* the collection window of Solicit ends with its first RT */
	if (c->state == C6_SOLICIT && c->have_adv) {
		start_request(c, now);
		return;
	}
	send_msg(c, now);
}

uint64_t
c6_next(const struct c6_client *c)
{
	uint64_t	 t = UINT64_MAX, e;
	int		 i, j;

	switch (c->state) {
	case C6_IDLE:
	case C6_STOPPED:
		return UINT64_MAX;
	case C6_INFO_BOUND:
		return c->refresh_at;
	case C6_BOUND:
		if (c->t1 != D6_INFINITY)
			t = c->bound_at + c->t1 * SEC;
		if (c->t2 != D6_INFINITY && c->bound_at + c->t2 * SEC < t)
			t = c->bound_at + c->t2 * SEC;
		break;
	default:
		t = c->x.next;
		break;
	}
	/* and every lease's end (gone already while releasing) */
	if (c->state == C6_RELEASE)
		return t;
	for (i = 0; i < c->b.nia; i++)
		for (j = 0; j < c->b.ia[i].nleases; j++) {
			if (c->b.ia[i].leases[j].vl == D6_INFINITY)
				continue;
			e = c->b.ia[i].leases[j].start +
			    c->b.ia[i].leases[j].vl * SEC;
			if (e < t)
				t = e;
		}
	return t;
}

static void
bound(struct c6_client *c, uint64_t now)
{
	int	 i, j;

	c->state = C6_BOUND;
	c6_times(&c->b, now, &c->t1, &c->t2);
	c->bound_at = now;
	/* in the kernel with what is left of the lifetimes */
	for (i = 0; i < c->b.nia; i++)
		for (j = 0; j < c->b.ia[i].nleases; j++) {
			struct c6_lease	*l = &c->b.ia[i].leases[j];

			if (l->declined)
				continue;
			c->ops->lease_set(c->ctx, &c->b.ia[i], l,
			    c6_remaining(l->pl, l->start, now),
			    c6_remaining(l->vl, l->start, now));
		}
	log_info("%s: bound, %d lease(s), T1 %u s, T2 %u s", c->conf->ifname,
	    nleases(&c->b), c->t1, c->t2);
	c->ops->changed(c->ctx);
}

/*
 * Receive.
 */
static int
ours(const struct c6_client *c, const struct d6_msg *m)
{
	return m->clientid.p != NULL &&
	    d6_duid_eq(c->duid, m->clientid.p, m->clientid.len);
}

/* Copy a message's IAs that this interface asked for. */
static void
take_ias(struct c6_client *c, const struct d6_msg *m, struct c6_binding *to,
    uint64_t now)
{
	int	 i, j;

	to->nia = 0;
	for (i = 0; i < m->nia && to->nia < C6_MAX_IA; i++) {
		const struct d6_ia	*mi = &m->ia[i];
		struct c6_ia		*ia;

		if (conf_ia(c, mi->type, mi->iaid) == NULL)
			continue;	/* not configured: ignored */
		if (find_ia(to, mi->type, mi->iaid) != NULL)
			continue;
		ia = &to->ia[to->nia++];
		memset(ia, 0, sizeof(*ia));
		ia->type = mi->type;
		ia->iaid = mi->iaid;
		ia->t1 = mi->t1;
		ia->t2 = mi->t2;
		for (j = 0; j < mi->nleases; j++) {
			const struct d6_lease *l = &mi->leases[j];

			if (l->valid == 0 || l->preferred > l->valid)
				continue;
			ia->leases[ia->nleases].addr = l->addr;
			ia->leases[ia->nleases].plen = l->plen;
			ia->leases[ia->nleases].pl = l->preferred;
			ia->leases[ia->nleases].vl = l->valid;
			ia->leases[ia->nleases].start = now;
			ia->nleases++;
		}
	}
}

static int
recv_advertise(struct c6_client *c, uint64_t now, const struct d6_msg *m)
{
	struct c6_binding	 offer;
	int			 pref;

	if (c->state != C6_SOLICIT)
		return C6D_STATE + 1;
	if (m->sol_max_rt >= 60 && m->sol_max_rt <= 86400)
		c->sol_max_rt = (uint64_t)m->sol_max_rt * SEC;
	memset(&offer, 0, sizeof(offer));
	take_ias(c, m, &offer, now);
	/* RFC 8415 18.2.9: an Advertise with nothing in it is ignored */
	if (nleases(&offer) == 0) {
		log_info("%s: advertise contains %s status, or nothing",
		    c->conf->ifname, m->status.present ?
		    d6_status_name(m->status.code) : "no");
		return C6D_EMPTY + 1;
	}
	if (c->have_adv && d6_duid_eq(&c->adv.server, m->serverid.p,
	    m->serverid.len))
		return C6D_DUPLICATE + 1;
	pref = m->preference < 0 ? 0 : m->preference;
	d6_duid_set(&offer.server, m->serverid.p, m->serverid.len);
	offer.preference = pref;
	/* higher preference wins; among equals, the first one stays */
	if (!c->have_adv || pref > c->adv.preference) {
		c->adv = offer;
		c->have_adv = 1;
	}
	/*
	 * 255: at once (RFC 8415 18.2.1); after the first RT has passed,
	 * the first valid Advertise is taken at once too (KAME waited).
	 */
	if (pref == 255 || c->x.count > 1)
		start_request(c, now);
	return 0;
}

/* Merge the IAs of a Reply into the binding; NoBinding gives -2. */
static int
apply_reply(struct c6_client *c, uint64_t now, const struct d6_msg *m)
{
	int	 i, j, k, got = 0, nobinding = 0;
	char	 a[INET6_ADDRSTRLEN];

	for (i = 0; i < m->nia; i++) {
		const struct d6_ia	*mi = &m->ia[i];
		struct c6_ia		*ia;

		if (conf_ia(c, mi->type, mi->iaid) == NULL)
			continue;
		if (mi->status.present && mi->status.code != D6S_SUCCESS) {
			log_info("%s: status code for %s-%u: %s",
			    c->conf->ifname, d6_opt_name(mi->type), mi->iaid,
			    d6_status_name(mi->status.code));
			if (mi->status.code == D6S_NOBINDING &&
			    (c->state == C6_RENEW || c->state == C6_REBIND))
				nobinding = 1;
			continue;
		}
		/* RFC 8415 21.4: T1 > T2 (T2 not 0): ignore this IA */
		if (mi->t2 != 0 && mi->t1 > mi->t2) {
			log_info("%s: invalid IA: T1(%u) > T2(%u)",
			    c->conf->ifname, mi->t1, mi->t2);
			continue;
		}
		if ((ia = find_ia(&c->b, mi->type, mi->iaid)) == NULL) {
			if (c->b.nia >= C6_MAX_IA)
				continue;
			ia = &c->b.ia[c->b.nia++];
			memset(ia, 0, sizeof(*ia));
			ia->type = mi->type;
			ia->iaid = mi->iaid;
		}
		ia->t1 = mi->t1;
		ia->t2 = mi->t2;
		for (j = 0; j < mi->nleases; j++) {
			const struct d6_lease	*l = &mi->leases[j];
			struct c6_lease		*cl = NULL;

			if (l->valid != D6_INFINITY &&
			    l->preferred > l->valid) {
				log_info("%s: invalid address %s: pltime (%u) "
				    "is larger than vltime (%u)",
				    c->conf->ifname, inet_ntop(AF_INET6,
				    &l->addr, a, sizeof(a)), l->preferred,
				    l->valid);
				continue;
			}
			for (k = 0; k < ia->nleases; k++)
				if (ia->leases[k].plen == l->plen &&
				    IN6_ARE_ADDR_EQUAL(&ia->leases[k].addr,
				    &l->addr))
					cl = &ia->leases[k];
			if (l->valid == 0) {
				if (cl != NULL) {
					if (!cl->declined)
						c->ops->lease_del(c->ctx, ia,
						    cl);
					*cl = ia->leases[--ia->nleases];
				}
				continue;
			}
			if (cl == NULL) {
				if (ia->nleases >= D6_MAX_IA_ITEMS)
					continue;
				cl = &ia->leases[ia->nleases++];
				memset(cl, 0, sizeof(*cl));
				cl->addr = l->addr;
				cl->plen = l->plen;
			}
			cl->pl = l->preferred;
			cl->vl = l->valid;
			cl->start = now;
			got++;
		}
	}
	return nobinding ? -2 : got;
}

static int
recv_reply(struct c6_client *c, uint64_t now, const struct d6_msg *m)
{
	struct d6_duid	 server;
	int		 got;

	switch (c->state) {
	case C6_SOLICIT:
		if (!(c->conf->flags & C6F_RAPID))
			return C6D_STATE + 1;
		if (!m->rapid_commit) {
			log_info("%s: no rapid commit", c->conf->ifname);
			return C6D_NORAPID + 1;
		}
		break;
	case C6_REQUEST:
	case C6_RENEW:
	case C6_REBIND:
	case C6_CONFIRM:
	case C6_DECLINE:
	case C6_RELEASE:
	case C6_INFOREQ:
		break;
	default:
		return C6D_STATE + 1;
	}
	if (m->status.present && m->status.code != D6S_SUCCESS)
		log_info("%s: status code: %s", c->conf->ifname,
		    d6_status_name(m->status.code));
	if (m->sol_max_rt >= 60 && m->sol_max_rt <= 86400)
		c->sol_max_rt = (uint64_t)m->sol_max_rt * SEC;
	if (m->inf_max_rt >= 60 && m->inf_max_rt <= 86400)
		c->inf_max_rt = (uint64_t)m->inf_max_rt * SEC;
	if (c->state == C6_RELEASE) {
		/* RFC 8415 18.2.10.2: over, whatever the status */
		memset(&c->b, 0, sizeof(c->b));
		c->ops->changed(c->ctx);
		c->state = C6_STOPPED;
		return 0;
	}
	/*
	 * RFC 8415 18.2.10: UnspecFail and UseMulticast (we always use
	 * multicast) at the top level: the message is not acted on and
	 * retransmission goes on, at its backed-off pace.
	 */
	if (m->status.present && (m->status.code == D6S_UNSPECFAIL ||
	    m->status.code == D6S_USEMULTICAST))
		return C6D_STATUS + 1;
	if (c->state == C6_CONFIRM) {
		if (m->status.present && m->status.code == D6S_NOTONLINK) {
			log_info("%s: not on link any more: Solicit",
			    c->conf->ifname);
			restart(c, now);
		} else {
			c->ops->reply(c->ctx, m);
			bound(c, now);
		}
		return 0;
	}
	if (c->state == C6_DECLINE) {
		decline_done(c, now);
		return 0;
	}
	if (c->state == C6_INFOREQ) {
		uint64_t	 refresh = D6_IRT_DEFAULT;

		if (m->refresh >= 0)
			refresh = m->refresh < D6_IRT_MINIMUM ?
			    D6_IRT_MINIMUM : (uint64_t)m->refresh;
		c->ops->reply(c->ctx, m);
		/* whose Reconfigure we would take */
		d6_duid_set(&c->b.server, m->serverid.p, m->serverid.len);
		c->state = C6_INFO_BOUND;
		c->info_done = 1;
		c->refresh_at = now + refresh * SEC;
		log_info("%s: information refresh in %llu s", c->conf->ifname,
		    (unsigned long long)refresh);
		return 0;
	}
	d6_duid_set(&server, m->serverid.p, m->serverid.len);
	got = apply_reply(c, now, m);
	if (got == -2) {
		log_info("%s: NoBinding: Request", c->conf->ifname);
		rerequest(c, now, c->state == C6_REBIND ? &server : NULL);
		return 0;
	}
	c->ops->reply(c->ctx, m);
	if (nleases(&c->b) == 0) {
		/* nothing granted: Solicit again, backing off */
		c->fails++;
		restart(c, now);
		return 0;
	}
	c->fails = 0;
	c->b.server = server;
	c->have_adv = 0;
	bound(c, now);
	return 0;
}

/*
 * The reconfigure key in a Reply (RFC 8415 20.4.2): kept when we asked
 * for Reconfigure; replaces the one we had.
 */
static void
take_rkey(struct c6_client *c, const struct d6_msg *m)
{
	struct d6_auth	 a;
	uint8_t		 type;
	size_t		 off;

	if (!(c->conf->flags & C6F_RECONF) || d6_auth_parse(m, &a) == -1 ||
	    d6_rkap_parse(m, &a, &type, &off) == -1 || type != D6_RKAP_KEY)
		return;
	if (c->rd_seen && (int64_t)(a.rd - c->rd_in) <= 0) {
		log_info("%s: reconfigure key with an old replay value: "
		    "ignored", c->conf->ifname);
		return;
	}
	memcpy(c->rkey, m->raw + off, sizeof(c->rkey));
	c->has_rkey = 1;
	c->rd_in = a.rd;
	c->rd_seen = 1;
	log_info("%s: reconfigure key received", c->conf->ifname);
}

/* A Reconfigure signed with the reconfigure key, RD newer: 1, else 0. */
static int
rkap_ok(struct c6_client *c, const struct d6_msg *m)
{
	struct d6_auth	 a;
	uint8_t		 type;
	size_t		 off;

	if (d6_auth_parse(m, &a) == -1 || d6_rkap_parse(m, &a, &type,
	    &off) == -1 || type != D6_RKAP_MAC) {
		log_info("%s: reconfigure without reconfigure key "
		    "authentication: dropped", c->conf->ifname);
		return 0;
	}
	if (!c->has_rkey) {
		log_info("%s: reconfigure, but no reconfigure key was given: "
		    "dropped", c->conf->ifname);
		return 0;
	}
	if (c->rd_seen && (int64_t)(a.rd - c->rd_in) <= 0) {
		log_info("%s: possible replay attack (reconfigure): dropped",
		    c->conf->ifname);
		return 0;
	}
	if (!d6_rkap_verify(m, off, c->rkey)) {
		log_info("%s: invalid reconfigure authentication: dropped",
		    c->conf->ifname);
		return 0;
	}
	c->rd_in = a.rd;
	c->rd_seen = 1;
	return 1;
}

/*
 * RFC 8415 18.2.11: a Reconfigure from our server, for us, authenticated
 * (delayed authentication when configured, else the reconfigure key),
 * while no exchange is under way: Renew or Rebind as if T1 or T2 had
 * come, or Information-request for a stateless client.
 */
static int
recv_reconf(struct c6_client *c, uint64_t now, const struct d6_msg *m)
{
	const char	*ifn = c->conf->ifname;
	int		 stateless = c->info_only;

	if (!(c->conf->flags & C6F_RECONF)) {
		log_info("%s: reconfigure, but reconfigure-accept is not "
		    "configured: dropped", ifn);
		return C6D_RECONF + 1;
	}
	if (m->serverid.p == NULL)
		return C6D_NOSERVERID + 1;
	if (!ours(c, m))
		return C6D_CLIENTID + 1;
	if (c->b.server.len == 0 || !d6_duid_eq(&c->b.server,
	    m->serverid.p, m->serverid.len)) {
		log_info("%s: reconfigure from a server we do not use: "
		    "dropped", ifn);
		return C6D_RECONF + 1;
	}
	if (m->reconf_msg == 0) {
		log_info("%s: reconfigure without a reconfigure message "
		    "option: dropped", ifn);
		return C6D_RECONF + 1;
	}
	if (c->conf->authname != NULL ? !auth_ok(c, m) : !rkap_ok(c, m))
		return C6D_AUTH + 1;
	c->ops->changed(c->ctx);	/* the replay value, kept */
	if (c->state != (stateless ? C6_INFO_BOUND : C6_BOUND)) {
		log_info("%s: reconfigure during %s: ignored", ifn,
		    c6_state_name(c->state));
		return C6D_STATE + 1;
	}
	if (stateless != (m->reconf_msg == D6_INFO_REQUEST)) {
		log_info("%s: reconfigure asks for %s, which a %s client "
		    "does not send: dropped", ifn,
		    d6_msg_name(m->reconf_msg), stateless ? "stateless" :
		    "stateful");
		return C6D_RECONF + 1;
	}
	log_info("%s: reconfigure from the server: %s", ifn,
	    d6_msg_name(m->reconf_msg));
	c->reconfs++;
	switch (m->reconf_msg) {
	case D6_RENEW:
		xch_begin(c, C6_RENEW, D6_RENEW, now, 0);
		if (c->t2 != D6_INFINITY && c->bound_at + c->t2 * SEC > now)
			c->x.mrd = c->bound_at + c->t2 * SEC - now;
		break;
	case D6_REBIND:
		xch_begin(c, C6_REBIND, D6_REBIND, now, 0);
		c->x.mrd = rebind_mrd(&c->b, now);
		break;
	default:
		xch_begin(c, C6_INFOREQ, D6_INFO_REQUEST, now, 0);
		break;
	}
	send_msg(c, now);
	return 0;
}

int
c6_recv(struct c6_client *c, uint64_t now, const struct d6_msg *m)
{
	int	 rc;

	if (m->type == D6_RECONFIGURE)
		rc = recv_reconf(c, now, m);
	else if (m->type != D6_ADVERTISE && m->type != D6_REPLY)
		rc = C6D_TYPE + 1;
	else if (c->state == C6_IDLE || c->state == C6_BOUND ||
	    c->state == C6_INFO_BOUND || c->state == C6_STOPPED ||
	    c->state == C6_INIT || m->xid != c->x.xid || c->x.count == 0)
		rc = C6D_XID + 1;
	else if (m->serverid.p == NULL)
		rc = C6D_NOSERVERID + 1;
	else if (!ours(c, m))
		rc = C6D_CLIENTID + 1;
	else if (c->conf->authname != NULL && c->state != C6_INFOREQ &&
	    !auth_ok(c, m))
		rc = C6D_AUTH + 1;
	else if (m->type == D6_ADVERTISE)
		rc = recv_advertise(c, now, m);
	else {
		take_rkey(c, m);
		rc = recv_reply(c, now, m);
	}
	if (rc != 0) {
		c->drops[rc - 1]++;
		log_debug("%s: %s dropped: %s", c->conf->ifname,
		    d6_msg_name(m->type), c6_drop_name(rc - 1));
	}
	return rc;
}

void
c6_dad_failed(struct c6_client *c, uint64_t now, const struct in6_addr *addr)
{
	int	 i, j, found = 0;

	if (c->state != C6_BOUND && c->state != C6_RENEW &&
	    c->state != C6_REBIND && c->state != C6_CONFIRM)
		return;
	for (i = 0; i < c->b.nia; i++) {
		if (c->b.ia[i].type != D6O_IA_NA)
			continue;
		for (j = 0; j < c->b.ia[i].nleases; j++)
			if (IN6_ARE_ADDR_EQUAL(&c->b.ia[i].leases[j].addr,
			    addr) && !c->b.ia[i].leases[j].declined) {
				c->b.ia[i].leases[j].declined = 1;
				c->ops->lease_del(c->ctx, &c->b.ia[i],
				    &c->b.ia[i].leases[j]);
				found = 1;
			}
	}
	if (!found)
		return;
	/* RFC 8415 18.2.8 */
	xch_begin(c, C6_DECLINE, D6_DECLINE, now, 0);
	send_msg(c, now);
}

void
c6_link_up(struct c6_client *c, uint64_t now)
{
	/*
	 * RFC 8415 18.2.12: back on a link that may be another one;
	 * KAME did not notice.  Stateless: ask again.
	 */
	if (c->state == C6_INFO_BOUND) {
		xch_begin(c, C6_INFOREQ, D6_INFO_REQUEST, now,
		    randdelay(c, INF_MAX_DELAY));
		return;
	}
	if (c->state != C6_BOUND && c->state != C6_RENEW &&
	    c->state != C6_REBIND && c->state != C6_CONFIRM)
		return;
	expire(c, now);
	if (nleases(&c->b) == 0) {
		restart(c, now);
		return;
	}
	log_info("%s: link back: %s", c->conf->ifname, has_pd(&c->b) ?
	    "Rebind" : "Confirm");
	if (has_pd(&c->b)) {
		xch_begin(c, C6_REBIND, D6_REBIND, now, 0);
		c->x.mrd = rebind_mrd(&c->b, now);
	} else
		xch_begin(c, C6_CONFIRM, D6_CONFIRM, now,
		    randdelay(c, CNF_MAX_DELAY));
}

void
c6_stop(struct c6_client *c, uint64_t now, int release)
{
	int	 i, j;

	if (c->state == C6_STOPPED || c->state == C6_RELEASE)
		return;
	if (!release || c->info_only || nleases(&c->b) == 0 ||
	    c->b.server.len == 0) {
		c->state = C6_STOPPED;
		return;
	}
	/*
	 * RFC 8415 18.2.7: stop using the leases as the Release exchange
	 * begins (before any Reply).
	 */
	for (i = 0; i < c->b.nia; i++)
		for (j = 0; j < c->b.ia[i].nleases; j++)
			if (!c->b.ia[i].leases[j].declined)
				c->ops->lease_del(c->ctx, &c->b.ia[i],
				    &c->b.ia[i].leases[j]);
	xch_begin(c, C6_RELEASE, D6_RELEASE, now, 0);
	send_msg(c, now);
}

int
c6_pif_addr(const struct in6_addr *prefix, int plen, const struct c6_pif *p,
    const struct in6_addr *iid, struct in6_addr *out, int *outplen)
{
	int	 len = plen + p->sla_len, i, bit;

	if (plen < 0 || p->sla_len < 0 || len > 64)
		return -1;
	if (p->sla_len < 32 && p->sla_id >> p->sla_len != 0)
		return -1;
	memset(out, 0, sizeof(*out));
	for (i = 0; i < plen; i++)
		if (prefix->s6_addr[i / 8] & (0x80 >> (i % 8)))
			out->s6_addr[i / 8] |= 0x80 >> (i % 8);
	for (i = 0; i < p->sla_len; i++) {
		bit = plen + i;
		if (p->sla_id & (1U << (p->sla_len - 1 - i)))
			out->s6_addr[bit / 8] |= 0x80 >> (bit % 8);
	}
	memcpy(&out->s6_addr[8], &iid->s6_addr[8], 8);
	*outplen = 64;
	return 0;
}
