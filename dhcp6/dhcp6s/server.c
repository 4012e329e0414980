/*
 * The server's handling of one message (RFC 8415 16 and 18.3, RFC 3633
 * for prefixes): validation, the choice of addresses and prefixes from
 * host entries and pools, bindings, and the reply, wrapped back through
 * the relays it came through.  No sockets and no clock: the caller
 * gives the time and sends what comes out.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <syslog.h>
#include <string.h>

#include "dhcp6s.h"
#include "log.h"

/* The layers of the message being handled, outermost first. */
static struct d6_msg	 layers[D6_HOP_COUNT_LIMIT + 1];
static uint8_t		 inner[D6_MSG_MAX];

/* What a client can make the server say, at most 20 lines in 10 s. */
static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 20);
#define note(...)	log_limited(&rl, LOG_INFO, __VA_ARGS__)

static const char *const drop_names[D6SD_N] = {
	"none", "short", "malformed", "unicast", "relay-reply",
	"no-client-id", "server-id", "type", "ia", "no-answer", "auth",
	"no-space", "interface", "lease-db"
};

const char *
d6s_drop_name(enum d6s_drop d)
{
	return (unsigned)d < D6SD_N ? drop_names[d] : "?";
}

/* What handling one message needs. */
struct ctx {
	struct d6s_server	*srv;
	const struct d6s_rx	*rx;
	const struct d6_msg	*m;
	struct d6s_host		*host;
	const char		*who;		/* for logs */
	struct d6s_key		*sign;		/* sign the reply with it */
	struct d6s_client	*cl;		/* its state, if it has one */
	int			 reconf;	/* it accepts Reconfigure, we
						   may send it one */
	struct wbuf		 w;
	/* values offered in this message (an Advertise binds nothing) */
	struct d6s_value	 offered[D6_MAX_IA * D6_MAX_IA_ITEMS];
	int			 noffered;
};

static char *
addr_str(const struct in6_addr *a, char *buf, size_t len)
{
	return (char *)inet_ntop(AF_INET6, a, buf, (socklen_t)len);
}

static const char *
duid_str(const struct d6_bytes *id, char *buf, size_t len)
{
	return d6_duid_str(id->p, id->len, buf, len);
}

static void
drop(struct ctx *c, enum d6s_drop why, const char *what)
{
	c->srv->st.drop[why]++;
	log_debug("%s from %s dropped: %s", c->m != NULL ?
	    d6_msg_name(c->m->type) : "message", c->who, what);
}

/* ------------------------------------------------------ the reply */

static void
put_ids(struct ctx *c)
{
	d6_put_opt(&c->w, D6O_SERVERID, c->srv->duid.data, c->srv->duid.len);
	if (c->m->clientid.p != NULL)
		d6_put_opt(&c->w, D6O_CLIENTID, c->m->clientid.p,
		    c->m->clientid.len);
}

static void
put_list(struct wbuf *w, uint16_t code, const struct d6s_addrlist *l)
{
	if (l->n > 0)
		d6_put_opt_addrs(w, code, l->a, l->n);
}

static void
put_names(struct wbuf *w, uint16_t code, const uint8_t *p, size_t len)
{
	if (len > 0)
		d6_put_opt(w, code, p, len);
}

/*
 * Every configured stateless option goes in every Advertise and Reply
 * (but the Reply to a Release or Decline), asked for or not, as WIDE
 * did; RFC 8415 18.3 allows more than the ORO asks for.
 */
static void
put_stateless(struct ctx *c, int refresh)
{
	const struct d6s_conf	*cf = c->srv->conf;

	put_names(&c->w, D6O_SIP_SERVER_D, cf->sip_domains,
	    cf->sip_domains_len);
	put_list(&c->w, D6O_SIP_SERVER_A, &cf->sip_addrs);
	put_list(&c->w, D6O_DNS_SERVERS, &cf->dns);
	put_names(&c->w, D6O_DOMAIN_LIST, cf->domains, cf->domains_len);
	put_list(&c->w, D6O_NIS_SERVERS, &cf->nis);
	put_list(&c->w, D6O_NISP_SERVERS, &cf->nisp);
	put_names(&c->w, D6O_NIS_DOMAIN, cf->nis_domain, cf->nis_domain_len);
	put_names(&c->w, D6O_NISP_DOMAIN, cf->nisp_domain,
	    cf->nisp_domain_len);
	put_list(&c->w, D6O_SNTP_SERVERS, &cf->sntp);
	put_list(&c->w, 34, &cf->bcmcs);	/* BCMCS addresses */
	put_names(&c->w, 33, cf->bcmcs_domains, cf->bcmcs_domains_len);
	if (refresh && cf->refresh >= 0)
		d6_put_opt_u32(&c->w, D6O_INFO_REFRESH, (uint32_t)cf->refresh);
}

static void
put_ia(struct ctx *c, uint16_t type, uint32_t iaid,
    const struct d6s_value *v, int n, int status, const char *msg)
{
	struct d6_lease	 l;
	size_t		 mark;
	uint32_t	 t1 = 0, t2 = 0;
	int		 i;

	if (n > 0)
		bnd_t1t2(v, n, &t1, &t2);
	d6_ia_begin(&c->w, type, iaid, t1, t2, &mark);
	for (i = 0; i < n; i++) {
		memset(&l, 0, sizeof(l));
		l.addr = v[i].addr;
		l.plen = v[i].plen;
		l.preferred = v[i].pltime;
		l.valid = v[i].vltime;
		d6_put_lease(&c->w, type, &l);
	}
	if (status >= 0)
		d6_put_status(&c->w, (uint16_t)status, msg);
	d6_opt_end(&c->w, mark);
}

/* ------------------------------------------------ what may be given */

static struct d6s_pool *
link_pool(const struct ctx *c, uint16_t type, uint32_t *pl, uint32_t *vl)
{
	const struct d6s_iface	*i = c->rx->ifc;

	if (i == NULL)
		return NULL;
	if (type == D6O_IA_PD) {
		*pl = i->ppool_pltime;
		*vl = i->ppool_vltime;
		return i->ppool;
	}
	*pl = i->pool_pltime;
	*vl = i->pool_vltime;
	return i->apool;
}

/*
 * Is this value still ours to give this client, and with which
 * lifetimes?  From its host entry, or from the pool of its link.
 */
static int
configured(const struct ctx *c, uint16_t type, const struct in6_addr *a,
    uint8_t plen, struct d6s_value *out)
{
	const struct d6s_value	*list = NULL;
	struct d6s_pool		*p;
	uint32_t		 pl, vl;
	int			 n = 0, i;

	if (c->host != NULL) {
		list = type == D6O_IA_PD ? c->host->prefixes : c->host->addrs;
		n = type == D6O_IA_PD ? c->host->nprefixes : c->host->naddrs;
	}
	for (i = 0; i < n; i++)
		if (list[i].plen == plen &&
		    IN6_ARE_ADDR_EQUAL(&list[i].addr, a)) {
			*out = list[i];
			return 1;
		}
	if ((p = link_pool(c, type, &pl, &vl)) != NULL &&
	    pool_contains(p, a, plen)) {
		out->addr = *a;
		out->plen = plen;
		out->pltime = pl;
		out->vltime = vl;
		return 1;
	}
	return 0;
}


static int
listed(const struct d6s_value *v, int n, const struct in6_addr *a,
    uint8_t plen)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (v[i].plen == plen && IN6_ARE_ADDR_EQUAL(&v[i].addr, a))
			return 1;
	return 0;
}

static int
offered(const struct ctx *c, const struct in6_addr *a, uint8_t plen)
{
	return listed(c->offered, c->noffered, a, plen);
}

/* Free for b's client: nobody holds it, or b does, and not offered yet. */
static int
available(struct ctx *c, const struct d6s_binding *b,
    const struct in6_addr *a, uint8_t plen)
{
	struct d6s_taken	*t;

	if (offered(c, a, plen))
		return 0;
	t = bnd_taken(&c->srv->b, a, plen, c->rx->now);
	return t == NULL || (b != NULL && t->b == b);
}

static void
offer(struct ctx *c, const struct d6s_value *v, struct d6s_value *out,
    int *n)
{
	if (c->noffered < (int)(sizeof(c->offered) / sizeof(c->offered[0])))
		c->offered[c->noffered++] = *v;
	out[(*n)++] = *v;
}

static int
limits_reached(struct ctx *c)
{
	const struct d6s_conf	*cf = c->srv->conf;

	if (cf->max_bindings != 0 && c->srv->b.count >= cf->max_bindings)
		return 1;
	if (cf->max_per_client != 0 && bnd_count_client(&c->srv->b,
	    c->m->clientid.p, c->m->clientid.len) >= cf->max_per_client)
		return 1;
	return 0;
}

/*
 * Choose values for one IA that has no binding: the client's hints
 * that we may give (an address exactly; a prefix exactly, or else any
 * of ours of the same length), else the first free entry of its host,
 * else one from the link's pool.
 */
static int
choose(struct ctx *c, const struct d6_ia *ia, struct d6s_value *out)
{
	const struct d6s_value	*list = NULL;
	struct d6s_value	 v;
	struct d6s_pool		*p;
	uint32_t		 pl, vl;
	int			 n = 0, nl = 0, i, j;
	uint16_t		 type = ia->type;

	if (c->host != NULL) {
		list = type == D6O_IA_PD ? c->host->prefixes : c->host->addrs;
		nl = type == D6O_IA_PD ? c->host->nprefixes : c->host->naddrs;
	}
	for (i = 0; i < ia->nleases; i++) {
		const struct d6_lease *h = &ia->leases[i];

		if (type != D6O_IA_PD && IN6_IS_ADDR_UNSPECIFIED(&h->addr))
			continue;
		if (configured(c, type, &h->addr, type == D6O_IA_PD ?
		    h->plen : 128, &v) && available(c, NULL, &v.addr,
		    v.plen)) {
			offer(c, &v, out, &n);
			continue;
		}
		if (type != D6O_IA_PD || h->plen == 0)
			continue;
		for (j = 0; j < nl; j++)
			if (list[j].plen == h->plen &&
			    available(c, NULL, &list[j].addr, list[j].plen)) {
				offer(c, &list[j], out, &n);
				break;
			}
	}
	if (n > 0)
		return n;
	for (j = 0; j < nl; j++)
		if (available(c, NULL, &list[j].addr, list[j].plen)) {
			offer(c, &list[j], out, &n);
			return n;
		}
	if ((p = link_pool(c, type, &pl, &vl)) == NULL)
		return 0;
	for (j = 0; j < 4; j++) {
		memset(&v, 0, sizeof(v));
		if (pool_alloc(p, &c->srv->b, c->rx->now, &v.addr) == -1)
			return 0;
		v.plen = p->is_prefix ? p->plen : 128;
		v.pltime = pl;
		v.vltime = vl;
		if (!offered(c, &v.addr, v.plen)) {
			offer(c, &v, out, &n);
			return n;
		}
	}
	return 0;
}

/*
 * The values of an existing binding that are still configured (with
 * today's lifetimes); the others are dropped from it and, in `gone`,
 * given back with lifetimes 0 so the client stops using them.
 */
static int
revalidate(struct ctx *c, struct d6s_binding *b, struct d6s_value *gone,
    int *ngone)
{
	struct d6s_value	 v;
	int			 i, changed = 0;

	for (i = b->nvals - 1; i >= 0; i--) {
		if (configured(c, b->type, &b->vals[i].addr, b->vals[i].plen,
		    &v)) {
			if (v.pltime != b->vals[i].pltime ||
			    v.vltime != b->vals[i].vltime) {
				b->vals[i].pltime = v.pltime;
				b->vals[i].vltime = v.vltime;
				changed = 1;
			}
			continue;
		}
		if (gone != NULL) {
			gone[*ngone] = b->vals[i];
			gone[*ngone].pltime = gone[*ngone].vltime = 0;
			(*ngone)++;
		}
		bnd_del_value(&c->srv->b, b, i);
		changed = 1;
	}
	return changed;
}

static void
log_binding(const char *what, const struct d6s_binding *b)
{
	char	 d[3 * D6_DUID_MAX];

	log_debug("%s [IA: duid=%s, type=%s, iaid=%u, duration=%lld]", what,
	    d6_duid_str(b->duid, b->duidlen, d, sizeof(d)),
	    b->type == D6O_IA_PD ? "PD" : "NA", b->iaid, b->expires == 0 ?
	    -1LL : (long long)(b->expires - b->updated));
}

/*
 * Solicit and Request: values for one IA, bound if `bind`.  Returns
 * the number of values put in the reply.
 */
static int
make_ia(struct ctx *c, const struct d6_ia *ia, int bind)
{
	struct d6s_server	*s = c->srv;
	struct d6s_binding	*b;
	struct d6s_value	 vals[D6_MAX_IA_ITEMS];
	int			 n = 0, i;

	b = bnd_find(&s->b, c->m->clientid.p, c->m->clientid.len, ia->type,
	    ia->iaid);
	if (b != NULL) {
		if (bind && revalidate(c, b, NULL, NULL) && b->nvals == 0) {
			ldb_release(&s->db, b);
			bnd_remove(&s->b, b);
			b = NULL;
		} else if (b->nvals > 0) {
			log_debug("we have a binding already: iaid %u",
			    ia->iaid);
			for (i = 0; i < b->nvals; i++) {
				struct d6s_value v;

				if (!bind && !configured(c, b->type,
				    &b->vals[i].addr, b->vals[i].plen, &v))
					continue;
				vals[n++] = bind ? b->vals[i] : v;
			}
			if (bind) {
				bnd_touch(&s->b, b, c->rx->now);
				ldb_binding(&s->db, b);
				log_binding("update binding", b);
			}
			if (n > 0) {
				put_ia(c, ia->type, ia->iaid, vals, n, -1,
				    NULL);
				return n;
			}
		}
	}
	if (ia->type == D6O_IA_TA || (bind && b == NULL &&
	    limits_reached(c)))
		return 0;
	if ((n = choose(c, ia, vals)) == 0)
		return 0;
	if (bind) {
		if (b == NULL && (b = bnd_add(&s->b, c->m->clientid.p,
		    c->m->clientid.len, ia->type, ia->iaid)) == NULL) {
			log_warnx("out of memory for a binding");
			return 0;
		}
		for (i = 0; i < n; i++)
			if (bnd_add_value(&s->b, b, &vals[i]) == -1) {
				n = i;
				break;
			}
		if (b->nvals == 0) {
			bnd_remove(&s->b, b);
			return 0;
		}
		bnd_touch(&s->b, b, c->rx->now);
		ldb_binding(&s->db, b);
		s->st.bindings_added++;
		log_binding("add a new binding", b);
	}
	put_ia(c, ia->type, ia->iaid, vals, n, -1, NULL);
	return n;
}

static void
put_ia_fail(struct ctx *c, const struct d6_ia *ia)
{
	if (ia->type == D6O_IA_PD) {
		c->srv->st.noprefix++;
		put_ia(c, ia->type, ia->iaid, NULL, 0, D6S_NOPREFIXAVAIL,
		    "no prefixes available");
	} else {
		c->srv->st.noaddrs++;
		put_ia(c, ia->type, ia->iaid, NULL, 0, D6S_NOADDRSAVAIL,
		    "no addresses available");
	}
}

/* ------------------------------------------------------ per message */

static int
serverid_is_ours(const struct ctx *c)
{
	return c->m->serverid.p != NULL && d6_duid_eq(&c->srv->duid,
	    c->m->serverid.p, c->m->serverid.len);
}

static int
relayed(const struct ctx *c)
{
	return c->m != &layers[0];
}

/* Delayed authentication: -1 (dropped and counted) or 0. */
static int
auth_refused(struct ctx *c)
{
	if (d6s_auth_check(c->srv, c->host, c->m, c->rx->now, c->who,
	    &c->sign) == 0)
		return 0;
	c->srv->st.drop[D6SD_AUTH]++;
	return 1;
}

static int
use_multicast(struct ctx *c)
{
	if (c->rx->multicast || relayed(c))
		return 0;
	note("unexpected unicast message from %s", c->who);
	d6_put_header(&c->w, D6_REPLY, c->m->xid);
	put_ids(c);
	d6_put_status(&c->w, D6S_USEMULTICAST, "use multicast");
	return 1;
}

/*
 * What Request, Renew, Release and Decline must carry (RFC 8415 16.4,
 * 16.6, 16.9, 16.10): both identifiers, the server's being ours.
 * Returns -1 (dropped), 1 (answered with UseMulticast) or 0 (go on).
 */
static int
check_to_us(struct ctx *c)
{
	const struct d6_msg	*m = c->m;

	if (m->clientid.p == NULL)
		return drop(c, D6SD_NOCLIENTID, "no client ID option"), -1;
	if (m->serverid.p == NULL)
		return drop(c, D6SD_SERVERID, "no server ID option"), -1;
	if (!serverid_is_ours(c))
		return drop(c, D6SD_SERVERID, "server ID mismatch"), -1;
	if (c->host != NULL)
		log_debug("found a host configuration named %s",
		    c->host->name);
	if (auth_refused(c))
		return -1;
	return use_multicast(c);
}

/* RFC 8415 18.3.1, 18.3.2: a Request or a Solicit. */
static int
do_assign(struct ctx *c, int bind)
{
	const struct d6_msg	*m = c->m;
	int			 i;

	for (i = 0; i < m->nia; i++)
		if (make_ia(c, &m->ia[i], bind) == 0)
			put_ia_fail(c, &m->ia[i]);
	put_stateless(c, 0);
	return 0;
}

static int
on_solicit(struct ctx *c)
{
	const struct d6_msg	*m = c->m;
	int			 bind;

	if (m->clientid.p == NULL)
		return drop(c, D6SD_NOCLIENTID, "no client ID option"), -1;
	if (m->serverid.p != NULL)
		return drop(c, D6SD_SERVERID, "a Solicit with a server ID"),
		    -1;
	if (c->host != NULL)
		log_debug("found a host configuration for %s", c->host->name);
	if (auth_refused(c))
		return -1;
	bind = m->rapid_commit && c->rx->ifc != NULL &&
	    c->rx->ifc->rapid_commit;
	d6_put_header(&c->w, bind ? D6_REPLY : D6_ADVERTISE, m->xid);
	put_ids(c);
	if (bind)
		d6_put_opt(&c->w, D6O_RAPID_COMMIT, NULL, 0);
	if (c->rx->ifc != NULL && c->rx->ifc->preference >= 0)
		d6_put_opt_u8(&c->w, D6O_PREFERENCE,
		    (uint8_t)c->rx->ifc->preference);
	return do_assign(c, bind);
}

static int
on_request(struct ctx *c)
{
	int	 rc;

	if ((rc = check_to_us(c)) != 0)
		return rc == 1 ? 0 : -1;
	d6_put_header(&c->w, D6_REPLY, c->m->xid);
	put_ids(c);
	return do_assign(c, 1);
}


/* Renew and Rebind (RFC 8415 18.3.4, 18.3.5). */
static int
on_extend(struct ctx *c)
{
	struct d6s_server	*s = c->srv;
	const struct d6_msg	*m = c->m;
	struct d6s_binding	*b;
	struct d6s_value	 vals[2 * D6_MAX_IA_ITEMS], v;
	int			 i, j, n, definite = 0, rebind;
	char			 who[3 * D6_DUID_MAX];

	rebind = m->type == D6_REBIND;
	if (!rebind) {
		if ((i = check_to_us(c)) != 0)
			return i == 1 ? 0 : -1;
	} else {
		if (m->clientid.p == NULL)
			return drop(c, D6SD_NOCLIENTID, "no client ID option"),
			    -1;
		if (m->serverid.p != NULL)
			return drop(c, D6SD_SERVERID, "a Rebind with a server "
			    "ID"), -1;
		if (auth_refused(c))
			return -1;
	}
	d6_put_header(&c->w, D6_REPLY, m->xid);
	put_ids(c);
	for (i = 0; i < m->nia; i++) {
		const struct d6_ia *ia = &m->ia[i];

		if (ia->type == D6O_IA_TA)
			continue;
		n = 0;
		b = bnd_find(&s->b, m->clientid.p, m->clientid.len, ia->type,
		    ia->iaid);
		if (b == NULL) {
			/*
			 * No binding.  A Rebind is answered only for
			 * values that are plainly not ours to give (they
			 * go back with lifetimes 0); otherwise another
			 * server may hold the binding, so say nothing.
			 */
			note("no binding found for %s iaid %u",
			    duid_str(&m->clientid, who, sizeof(who)),
			    ia->iaid);
			if (!rebind) {
				s->st.nobinding++;
				put_ia(c, ia->type, ia->iaid, NULL, 0,
				    D6S_NOBINDING, "no binding");
				definite++;
				continue;
			}
			for (j = 0; j < ia->nleases; j++)
				if (configured(c, ia->type,
				    &ia->leases[j].addr, ia->type ==
				    D6O_IA_PD ? ia->leases[j].plen : 128, &v))
					break;
			if (j < ia->nleases || ia->nleases == 0)
				continue;
			for (j = 0; j < ia->nleases; j++) {
				memset(&vals[n], 0, sizeof(vals[n]));
				vals[n].addr = ia->leases[j].addr;
				vals[n++].plen = ia->type == D6O_IA_PD ?
				    ia->leases[j].plen : 128;
			}
			put_ia(c, ia->type, ia->iaid, vals, n, -1, NULL);
			definite++;
			continue;
		}
		revalidate(c, b, vals, &n);
		/* what the client listed that is not bound: lifetimes 0 */
		for (j = 0; j < ia->nleases && n < (int)(sizeof(vals) /
		    sizeof(vals[0])) - D6_MAX_IA_ITEMS; j++) {
			const struct d6_lease *l = &ia->leases[j];
			uint8_t plen = ia->type == D6O_IA_PD ? l->plen : 128;

			if (bnd_value_index(b, &l->addr, plen) != -1 ||
			    listed(vals, n, &l->addr, plen))
				continue;
			memset(&vals[n], 0, sizeof(vals[n]));
			vals[n].addr = l->addr;
			vals[n++].plen = plen;
		}
		/* and everything bound, with fresh lifetimes */
		for (j = 0; j < b->nvals; j++)
			vals[n++] = b->vals[j];
		if (b->nvals == 0) {
			ldb_release(&s->db, b);
			bnd_remove(&s->b, b);
		} else {
			bnd_touch(&s->b, b, c->rx->now);
			ldb_binding(&s->db, b);
			log_binding("update binding", b);
		}
		put_ia(c, ia->type, ia->iaid, vals, n, -1, NULL);
		definite++;
	}
	if (rebind && definite == 0)
		return drop(c, D6SD_NOANSWER, "no useful information for a "
		    "rebind"), -1;
	put_stateless(c, 0);
	return 0;
}

/* Release and Decline (RFC 8415 18.3.7, 18.3.8). */
static int
on_release(struct ctx *c)
{
	struct d6s_server	*s = c->srv;
	const struct d6_msg	*m = c->m;
	struct d6s_binding	*b;
	int			 i, j, k, decline = m->type == D6_DECLINE;
	char			 a[INET6_ADDRSTRLEN];

	if ((i = check_to_us(c)) != 0)
		return i == 1 ? 0 : -1;
	d6_put_header(&c->w, D6_REPLY, m->xid);
	put_ids(c);
	for (i = 0; i < m->nia; i++) {
		const struct d6_ia *ia = &m->ia[i];

		b = bnd_find(&s->b, m->clientid.p, m->clientid.len, ia->type,
		    ia->iaid);
		if (b == NULL || (decline && ia->type == D6O_IA_PD)) {
			put_ia(c, ia->type, ia->iaid, NULL, 0, D6S_NOBINDING,
			    "no binding");
			continue;
		}
		for (j = 0; j < ia->nleases; j++) {
			const struct d6_lease *l = &ia->leases[j];
			uint8_t plen = ia->type == D6O_IA_PD ? l->plen : 128;
			uint32_t vl;

			if ((k = bnd_value_index(b, &l->addr, plen)) == -1)
				continue;
			vl = b->vals[k].vltime;
			bnd_del_value(&s->b, b, k);
			if (decline) {
				time_t until = c->rx->now + (vl ==
				    D6_INFINITY ? 86400 : (time_t)vl);

				bnd_decline(&s->b, &l->addr, until);
				ldb_decline(&s->db, &l->addr, until);
				s->st.declined++;
				note("address %s declined by %s; not "
				    "given out for %u s", addr_str(&l->addr,
				    a, sizeof(a)), c->who, (unsigned)(until -
				    c->rx->now));
			} else if (plen == 128)
				log_debug("bound address %s has been released",
				    addr_str(&l->addr, a, sizeof(a)));
			else
				log_debug("bound prefix %s/%d has been "
				    "released", addr_str(&l->addr, a,
				    sizeof(a)), plen);
		}
		if (b->nvals == 0) {
			log_binding("remove a binding", b);
			ldb_release(&s->db, b);
			bnd_remove(&s->b, b);
			s->st.bindings_released++;
		} else
			ldb_binding(&s->db, b);
	}
	d6_put_status(&c->w, D6S_SUCCESS, decline ? "declined" : "released");
	return 0;
}

/* Confirm (RFC 8415 18.3.3): are the client's addresses on its link? */
static int
on_confirm(struct ctx *c)
{
	const struct d6_msg	*m = c->m;
	struct d6s_host		*h;
	struct d6s_value	 v;
	int			 i, j, k, n = 0, bad = 0, known;

	if (m->clientid.p == NULL)
		return drop(c, D6SD_NOCLIENTID, "no client ID option"), -1;
	if (m->serverid.p != NULL)
		return drop(c, D6SD_SERVERID, "a Confirm with a server ID"),
		    -1;
	for (i = 0; i < m->nia; i++) {
		const struct d6_ia *ia = &m->ia[i];

		if (ia->type == D6O_IA_PD)
			continue;
		for (j = 0; j < ia->nleases; j++) {
			n++;
			known = configured(c, D6O_IA_NA, &ia->leases[j].addr,
			    128, &v);
			TAILQ_FOREACH(h, &c->srv->conf->hosts, entry)
				for (k = 0; !known && k < h->naddrs; k++)
					if (IN6_ARE_ADDR_EQUAL(
					    &h->addrs[k].addr,
					    &ia->leases[j].addr))
						known = 1;
			if (!known)
				bad++;
		}
	}
	if (n == 0 || (c->rx->ifc == NULL && TAILQ_EMPTY(
	    &c->srv->conf->hosts)))
		return drop(c, D6SD_NOANSWER, "no addresses to confirm"), -1;
	d6_put_header(&c->w, D6_REPLY, m->xid);
	put_ids(c);
	if (bad)
		d6_put_status(&c->w, D6S_NOTONLINK, "not on link");
	else
		d6_put_status(&c->w, D6S_SUCCESS, "on link");
	put_stateless(c, 0);
	return 0;
}

static int
on_info_request(struct ctx *c)
{
	const struct d6_msg	*m = c->m;

	if (m->nia > 0) {
		note("information request contains an IA option");
		return drop(c, D6SD_IA, "an IA in an Information-request"), -1;
	}
	if (m->serverid.p != NULL && !serverid_is_ours(c))
		return drop(c, D6SD_SERVERID, "server DUID mismatch"), -1;
	d6_put_header(&c->w, D6_REPLY, m->xid);
	put_ids(c);
	put_stateless(c, 1);
	return 0;
}

/* ------------------------------------------------------------ entry */

/*
 * A client with state was heard: remember where from (for a Reconfigure
 * to it), and end a Reconfigure it now answers.
 */
static void
heard(struct ctx *c, int nlayers)
{
	struct d6s_client	*cl = c->cl;
	int			 i;

	cl->srv = c->srv;
	if (c->rx->src != NULL && nlayers - 1 <= D6S_MAX_RELAYS) {
		cl->has_from = 1;
		cl->from = *c->rx->src;
		cl->ifindex = c->rx->ifindex;
		cl->nrelays = nlayers - 1;
		for (i = 0; i < cl->nrelays; i++) {
			struct d6s_hop	*h = &cl->relays[i];

			h->hops = layers[i].hops;
			h->link = layers[i].link_addr;
			h->peer = layers[i].peer_addr;
			h->ifidlen = 0;
			if (layers[i].interface_id.p != NULL &&
			    layers[i].interface_id.len <= sizeof(h->ifid)) {
				h->ifidlen = (uint8_t)
				    layers[i].interface_id.len;
				memcpy(h->ifid, layers[i].interface_id.p,
				    h->ifidlen);
			}
		}
	}
	if (c->m->type == D6_RENEW || c->m->type == D6_REBIND ||
	    c->m->type == D6_INFO_REQUEST)
		d6s_reconfigure_done(c->srv, cl);
}

/*
 * The client sent Reconfigure Accept where we allow Reconfigure: say we
 * may send it one, and (RFC 8415 20.4.1) hand it a reconfigure key in
 * the Reply to its Request, rapid-commit Solicit or Information-request,
 * unless delayed authentication signs this exchange already.
 */
static int
put_reconf(struct ctx *c)
{
	uint8_t	 rtype = wbuf_data(&c->w)[0];

	if (rtype != D6_ADVERTISE && rtype != D6_REPLY)
		return 0;
	d6_put_opt(&c->w, D6O_RECONF_ACCEPT, NULL, 0);
	if (rtype != D6_REPLY || c->sign != NULL ||
	    (c->m->type != D6_REQUEST && c->m->type != D6_SOLICIT &&
	    c->m->type != D6_INFO_REQUEST))
		return wbuf_ok(&c->w) ? 0 : -1;
	if (d6s_rkey_new(c->srv, c->cl) == -1) {
		log_warnx("no random bytes for a reconfigure key");
		return 0;
	}
	log_debug("reconfigure key given to %s", c->who);
	return d6_rkap_put(&c->w, d6_auth_next_rd(&c->srv->last_rd),
	    D6_RKAP_KEY, c->cl->rkey, NULL);
}

/* Wrap the reply in a Relay-reply for each relay, innermost first. */
static size_t
wrap(uint8_t *out, size_t cap, const uint8_t *msg, size_t len, int nlayers)
{
	static uint8_t	 tmp[D6_MSG_MAX];
	int		 i;

	memcpy(tmp, msg, len);
	for (i = nlayers - 2; i >= 0; i--) {
		len = d6_relay_reply(out, cap, layers[i].hops,
		    &layers[i].link_addr, &layers[i].peer_addr,
		    layers[i].interface_id.p, layers[i].interface_id.len, tmp,
		    len);
		if (len == 0)
			return 0;
		if (i > 0)
			memcpy(tmp, out, len);
	}
	return len;
}

void
d6s_handle(struct d6s_server *s, const uint8_t *pkt, size_t len,
    const struct d6s_rx *rx, uint8_t *out, size_t outcap, size_t *outlen,
    int *to_relay)
{
	struct ctx	 c;
	enum d6_err	 err;
	int		 n, i, rc, type;
	char		 who[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	char		 la[INET6_ADDRSTRLEN], pa[INET6_ADDRSTRLEN];
	char		 d[3 * D6_DUID_MAX];
	size_t		 rlen;

	*outlen = 0;
	*to_relay = 0;
	memset(&c, 0, offsetof(struct ctx, offered));
	c.noffered = 0;
	c.srv = s;
	c.rx = rx;
	if (rx->src != NULL) {
		addr_str(&rx->src->sin6_addr, who, sizeof(who));
		if (IN6_IS_ADDR_LINKLOCAL(&rx->src->sin6_addr) &&
		    rx->ifname != NULL) {
			strlcat(who, "%", sizeof(who));
			strlcat(who, rx->ifname, sizeof(who));
		}
	} else
		strlcpy(who, "?", sizeof(who));
	c.who = who;
	s->st.rx++;
	if (len < 4) {
		note("short packet (%zu bytes) from %s", len, who);
		s->st.drop[D6SD_SHORT]++;
		return;
	}
	type = pkt[0];
	s->st.rx_type[type < 16 ? type : 0]++;
	log_debug("received %s from %s", d6_msg_name(type), who);
	switch (type) {
	case D6_RELAY_REPL:
		note("relay reply message from %s", who);
		s->st.drop[D6SD_RELAYREPLY]++;
		return;
	case D6_SOLICIT:
	case D6_CONFIRM:
	case D6_REBIND:
	case D6_INFO_REQUEST:
		if (!rx->multicast) {
			note("invalid unicast message from %s", who);
			s->st.drop[D6SD_UNICAST]++;
			return;
		}
		break;
	case D6_REQUEST:
	case D6_RENEW:
	case D6_RELEASE:
	case D6_DECLINE:
	case D6_RELAY_FORW:
		break;
	default:
		note("unknown or unsupported msgtype (%s) from %s",
		    d6_msg_name(type), who);
		s->st.drop[D6SD_TYPE]++;
		return;
	}
	err = d6_decode_relayed(pkt, len, layers, D6_HOP_COUNT_LIMIT + 1, &n);
	if (err != D6E_OK) {
		s->st.bad[err]++;
		s->st.drop[D6SD_MALFORMED]++;
		note("failed to parse options from %s: %s", who,
		    d6_err_name(err));
		return;
	}
	for (i = 0; i < n - 1; i++)
		log_debug("dhcp6 relay: hop=%d, linkaddr=%s, peeraddr=%s",
		    layers[i].hops, addr_str(&layers[i].link_addr, la,
		    sizeof(la)), addr_str(&layers[i].peer_addr, pa,
		    sizeof(pa)));
	c.m = &layers[n - 1];
	if (n > 1) {
		switch (c.m->type) {
		case D6_SOLICIT: case D6_REQUEST: case D6_CONFIRM:
		case D6_RENEW: case D6_REBIND: case D6_RELEASE:
		case D6_DECLINE: case D6_INFO_REQUEST:
			break;
		default:
			drop(&c, D6SD_TYPE, "not a client message inside "
			    "the relay message");
			return;
		}
		s->st.rx_type[c.m->type]++;
	}
	if (c.m->clientid.p != NULL) {
		log_debug("  DUID: %s", duid_str(&c.m->clientid, d,
		    sizeof(d)));
		c.host = d6s_host_by_duid(s->conf, c.m->clientid.p,
		    c.m->clientid.len);
	}
	if (c.m->clientid.p != NULL) {
		c.reconf = c.m->reconf_accept && rx->ifc != NULL &&
		    rx->ifc->reconfigure && c.m->type != D6_RELEASE &&
		    c.m->type != D6_DECLINE && c.m->type != D6_CONFIRM;
		c.cl = d6s_client_find(&s->cl, c.m->clientid.p,
		    c.m->clientid.len, c.reconf);
	}
	wbuf_init(&c.w, n > 1 ? inner : out, n > 1 ? sizeof(inner) : outcap);
	switch (c.m->type) {
	case D6_SOLICIT:
		rc = on_solicit(&c);
		break;
	case D6_REQUEST:
		rc = on_request(&c);
		break;
	case D6_RENEW:
	case D6_REBIND:
		rc = on_extend(&c);
		break;
	case D6_RELEASE:
	case D6_DECLINE:
		rc = on_release(&c);
		break;
	case D6_CONFIRM:
		rc = on_confirm(&c);
		break;
	default:
		rc = on_info_request(&c);
		break;
	}
	if (rc == -1)
		return;
	if (!wbuf_ok(&c.w)) {
		log_limited(&rl, LOG_WARNING, "the reply to %s from %s does "
		    "not fit; not sent",
		    d6_msg_name(c.m->type), who);
		s->st.drop[D6SD_NOSPACE]++;
		return;
	}
	/* a client's first authenticated message made its state */
	if (c.cl == NULL && c.sign != NULL && c.m->type != D6_SOLICIT)
		c.cl = d6s_client_find(&s->cl, c.m->clientid.p,
		    c.m->clientid.len, 0);
	if (c.cl != NULL)
		heard(&c, n);
	if (c.reconf && c.cl != NULL && put_reconf(&c) == -1) {
		s->st.drop[D6SD_NOSPACE]++;
		return;
	}
	if (c.sign != NULL) {
		size_t	 macoff;

		if (d6s_auth_put(&c.w, s, c.sign, &macoff) == -1 ||
		    d6s_auth_sign(n > 1 ? inner : out, wbuf_len(&c.w), macoff,
		    c.sign) == -1) {
			s->st.drop[D6SD_NOSPACE]++;
			return;
		}
	}
	rlen = wbuf_len(&c.w);
	if (n > 1) {
		if ((rlen = wrap(out, outcap, inner, rlen, n)) == 0) {
			s->st.drop[D6SD_NOSPACE]++;
			return;
		}
		*to_relay = 1;
	}
	s->st.tx++;
	s->st.tx_type[wbuf_data(&c.w)[0] & 0x0f]++;
	*outlen = rlen;
}

void
d6s_expired(struct d6s_server *s, struct d6s_binding *b)
{
	time_t	 now = time(NULL);
	char	 a[INET6_ADDRSTRLEN];
	int	 i;

	for (i = 0; i < b->nvals; i++)
		if (b->vals[i].vltime != D6_INFINITY &&
		    b->updated + (time_t)b->vals[i].vltime <= now)
			log_debug("bound %s %s/%d has expired", b->type ==
			    D6O_IA_PD ? "prefix" : "address",
			    addr_str(&b->vals[i].addr, a, sizeof(a)),
			    b->vals[i].plen);
	if (bnd_expire_values(&s->b, b, now)) {
		log_binding("remove a binding", b);
		ldb_release(&s->db, b);
		bnd_remove(&s->b, b);
		s->st.bindings_expired++;
	} else
		ldb_binding(&s->db, b);
}

int
d6s_remove_binding(struct d6s_server *s, const uint8_t *duid, size_t len,
    uint16_t type, uint32_t iaid)
{
	struct d6s_binding	*b;

	if ((b = bnd_find(&s->b, duid, len, type, iaid)) == NULL)
		return -1;
	log_binding("remove a binding", b);
	ldb_release(&s->db, b);
	bnd_remove(&s->b, b);
	return 0;
}
