/*
 * Bindings: <client DUID, IA type, IAID> and the addresses or prefixes
 * bound to it, indexed both by key and by value (so a value is never
 * bound twice), with their expiry, declined addresses, and allocation
 * from pools.
 */
#include <stdlib.h>
#include <string.h>

#include "dhcp6s.h"
#include "log.h"

static size_t
hash_bytes(size_t h, const uint8_t *p, size_t len)
{
	while (len-- > 0)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

static size_t
key_hash(const uint8_t *duid, size_t len, uint16_t type, uint32_t iaid)
{
	size_t	 h = 0xcbf29ce484222325ULL;

	h = hash_bytes(h, duid, len);
	h = hash_bytes(h, (const uint8_t *)&type, sizeof(type));
	return hash_bytes(h, (const uint8_t *)&iaid, sizeof(iaid));
}

static size_t
val_hash(const struct in6_addr *a, uint8_t plen)
{
	size_t	 h = 0xcbf29ce484222325ULL;

	h = hash_bytes(h, a->s6_addr, sizeof(a->s6_addr));
	return hash_bytes(h, &plen, 1);
}

void
bnd_init(struct d6s_bindings *bs, struct ev_loop *loop,
    void (*expired)(struct d6s_binding *, void *), void *arg)
{
	memset(bs, 0, sizeof(*bs));
	TAILQ_INIT(&bs->list);
	bs->loop = loop;
	bs->expired = expired;
	bs->arg = arg;
}

static int
grow_keys(struct d6s_bindings *bs)
{
	struct d6s_binding	**n, *b;
	size_t			 size = bs->nkh ? bs->nkh * 2 : 1024, s;

	if ((n = calloc(size, sizeof(*n))) == NULL)
		return -1;
	TAILQ_FOREACH(b, &bs->list, entry) {
		s = key_hash(b->duid, b->duidlen, b->type, b->iaid) %
		    size;
		b->knext = n[s];
		n[s] = b;
	}
	free(bs->kh);
	bs->kh = n;
	bs->nkh = size;
	return 0;
}

static int
grow_values(struct d6s_bindings *bs)
{
	struct d6s_taken	**n, *t, *next;
	size_t			 size = bs->nth ? bs->nth * 2 : 1024, i, s;

	if ((n = calloc(size, sizeof(*n))) == NULL)
		return -1;
	for (i = 0; i < bs->nth; i++)
		for (t = bs->th[i]; t != NULL; t = next) {
			next = t->next;
			s = val_hash(&t->addr, t->plen) % size;
			t->next = n[s];
			n[s] = t;
		}
	free(bs->th);
	bs->th = n;
	bs->nth = size;
	return 0;
}

void
bnd_free_all(struct d6s_bindings *bs)
{
	struct d6s_binding	*b;
	struct d6s_taken	*t, *next;
	size_t			 i;

	while ((b = TAILQ_FIRST(&bs->list)) != NULL) {
		TAILQ_REMOVE(&bs->list, b, entry);
		if (bs->loop != NULL && b->timer.cb != NULL)
			ev_timer_cancel(bs->loop, &b->timer);
		free(b->vals);
		free(b);
	}
	for (i = 0; i < bs->nth; i++)
		for (t = bs->th[i]; t != NULL; t = next) {
			next = t->next;
			free(t);
		}
	free(bs->th);
	free(bs->kh);
	bs->th = NULL;
	bs->kh = NULL;
	bs->nth = bs->nkh = bs->count = bs->ntaken = bs->ndeclined = 0;
}

struct d6s_binding *
bnd_find(struct d6s_bindings *bs, const uint8_t *duid, size_t len,
    uint16_t type, uint32_t iaid)
{
	struct d6s_binding	*b;

	if (bs->nkh == 0)
		return NULL;
	for (b = bs->kh[key_hash(duid, len, type, iaid) % bs->nkh];
	    b != NULL; b = b->knext)
		if (b->type == type && b->iaid == iaid &&
		    b->duidlen == len && memcmp(b->duid, duid, len) == 0)
			return b;
	return NULL;
}

struct d6s_binding *
bnd_add(struct d6s_bindings *bs, const uint8_t *duid, size_t len,
    uint16_t type, uint32_t iaid)
{
	struct d6s_binding	*b;
	size_t			 s;

	if (bs->count + 1 > bs->nkh && grow_keys(bs) == -1)
		return NULL;
	if (len == 0 || len > D6_DUID_MAX ||
	    (b = calloc(1, sizeof(*b) + len)) == NULL)
		return NULL;
	memcpy(b->duid, duid, len);
	b->duidlen = (uint8_t)len;
	b->type = type;
	b->iaid = iaid;
	s = key_hash(duid, len, type, iaid) % bs->nkh;
	b->knext = bs->kh[s];
	bs->kh[s] = b;
	TAILQ_INSERT_TAIL(&bs->list, b, entry);
	bs->count++;
	return b;
}

struct d6s_taken *
bnd_taken(struct d6s_bindings *bs, const struct in6_addr *a, uint8_t plen,
    time_t now)
{
	struct d6s_taken	*t, **pp;

	if (bs->nth == 0)
		return NULL;
	for (pp = &bs->th[val_hash(a, plen) % bs->nth]; (t = *pp) != NULL;
	    pp = &t->next) {
		if (t->plen != plen || !IN6_ARE_ADDR_EQUAL(&t->addr, a))
			continue;
		if (t->b == NULL && now != 0 && t->until <= now) {
			/* a decline that has run out */
			*pp = t->next;
			free(t);
			bs->ntaken--;
			bs->ndeclined--;
			return NULL;
		}
		return t;
	}
	return NULL;
}

static int
take(struct d6s_bindings *bs, const struct in6_addr *a, uint8_t plen,
    struct d6s_binding *b, time_t until)
{
	struct d6s_taken	*t;
	size_t			 s;

	if (bs->ntaken + 1 > bs->nth && grow_values(bs) == -1)
		return -1;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return -1;
	t->addr = *a;
	t->plen = plen;
	t->b = b;
	t->until = until;
	s = val_hash(a, plen) % bs->nth;
	t->next = bs->th[s];
	bs->th[s] = t;
	bs->ntaken++;
	return 0;
}

static void
untake(struct d6s_bindings *bs, const struct in6_addr *a, uint8_t plen,
    const struct d6s_binding *b)
{
	struct d6s_taken	*t, **pp;

	if (bs->nth == 0)
		return;
	for (pp = &bs->th[val_hash(a, plen) % bs->nth]; (t = *pp) != NULL;
	    pp = &t->next)
		if (t->plen == plen && IN6_ARE_ADDR_EQUAL(&t->addr, a) &&
		    t->b == b) {
			*pp = t->next;
			free(t);
			bs->ntaken--;
			return;
		}
}

int
bnd_value_index(const struct d6s_binding *b, const struct in6_addr *a,
    uint8_t plen)
{
	int	 i;

	for (i = 0; i < b->nvals; i++)
		if (b->vals[i].plen == plen &&
		    IN6_ARE_ADDR_EQUAL(&b->vals[i].addr, a))
			return i;
	return -1;
}

int
bnd_add_value(struct d6s_bindings *bs, struct d6s_binding *b,
    const struct d6s_value *v)
{
	int	 i;

	if ((i = bnd_value_index(b, &v->addr, v->plen)) != -1) {
		b->vals[i] = *v;	/* new lifetimes */
		return 0;
	}
	if (b->nvals >= D6_MAX_IA_ITEMS)
		return -1;
	if (b->nvals == b->capvals) {
		struct d6s_value *n;
		size_t	 cap = b->capvals ? b->capvals * 2U : 1U;

		if ((n = reallocarray(b->vals, cap, sizeof(*n))) == NULL)
			return -1;
		b->vals = n;
		b->capvals = (uint8_t)cap;
	}
	if (take(bs, &v->addr, v->plen, b, 0) == -1)
		return -1;
	b->vals[b->nvals++] = *v;
	return 0;
}

void
bnd_del_value(struct d6s_bindings *bs, struct d6s_binding *b, int i)
{
	untake(bs, &b->vals[i].addr, b->vals[i].plen, b);
	b->vals[i] = b->vals[b->nvals - 1];
	b->nvals--;
}

static void
expiry_cb(struct ev_timer *t, void *arg)
{
	struct d6s_bindings	*bs = arg;
	struct d6s_binding	*b;

	/* the timer is the first thing a binding's expiry needs */
	b = (struct d6s_binding *)((char *)t -
	    offsetof(struct d6s_binding, timer));
	if (bs->expired != NULL)
		bs->expired(b, bs->arg);
}

/*
 * The binding lasts until its shortest valid lifetime runs out, counted
 * from now; with only infinite ones it lasts until released.
 */
void
bnd_arm(struct d6s_bindings *bs, struct d6s_binding *b, time_t now)
{
	uint32_t	 shortest = D6_INFINITY;
	int		 i;

	for (i = 0; i < b->nvals; i++)
		if (b->vals[i].vltime < shortest)
			shortest = b->vals[i].vltime;
	b->expires = shortest == D6_INFINITY ? 0 : b->updated +
	    (time_t)shortest;
	if (bs->loop == NULL)
		return;
	if (b->timer.cb == NULL)
		ev_timer_init(&b->timer, expiry_cb, bs);
	if (b->expires == 0) {
		ev_timer_cancel(bs->loop, &b->timer);
		return;
	}
	ev_timer_at(bs->loop, &b->timer, ev_now(bs->loop) +
	    EV_SEC(b->expires > now ? b->expires - now : 0));
}

void
bnd_touch(struct d6s_bindings *bs, struct d6s_binding *b, time_t now)
{
	b->updated = now;
	bnd_arm(bs, b, now);
}

int
bnd_expire_values(struct d6s_bindings *bs, struct d6s_binding *b,
    time_t now)
{
	time_t	 past = now - b->updated;
	int	 i;

	for (i = b->nvals - 1; i >= 0; i--)
		if (b->vals[i].vltime != D6_INFINITY &&
		    (time_t)b->vals[i].vltime <= past)
			bnd_del_value(bs, b, i);
	if (b->nvals == 0)
		return 1;
	/* re-arm for the next value to go, keeping updated */
	bnd_arm(bs, b, now);
	return 0;
}

void
bnd_remove(struct d6s_bindings *bs, struct d6s_binding *b)
{
	struct d6s_binding	**pp;

	while (b->nvals > 0)
		bnd_del_value(bs, b, b->nvals - 1);
	if (bs->loop != NULL && b->timer.cb != NULL)
		ev_timer_cancel(bs->loop, &b->timer);
	for (pp = &bs->kh[key_hash(b->duid, b->duidlen, b->type,
	    b->iaid) % bs->nkh]; *pp != NULL; pp = &(*pp)->knext)
		if (*pp == b) {
			*pp = b->knext;
			break;
		}
	TAILQ_REMOVE(&bs->list, b, entry);
	bs->count--;
	free(b->vals);
	free(b);
}

int
bnd_decline(struct d6s_bindings *bs, const struct in6_addr *a, time_t until)
{
	struct d6s_taken	*t;

	if ((t = bnd_taken(bs, a, 128, 0)) != NULL) {
		if (t->b == NULL && until > t->until)
			t->until = until;
		return t->b == NULL ? 0 : -1;
	}
	if (take(bs, a, 128, NULL, until) == -1)
		return -1;
	bs->ndeclined++;
	return 0;
}

size_t
bnd_count_client(struct d6s_bindings *bs, const uint8_t *duid, size_t len)
{
	struct d6s_binding	*b;
	size_t			 n = 0;

	/* only used with a per-client cap, which is small */
	TAILQ_FOREACH(b, &bs->list, entry)
		if (b->duidlen == len && memcmp(b->duid, duid, len) == 0)
			n++;
	return n;
}

void
bnd_t1t2(const struct d6s_value *v, int n, uint32_t *t1, uint32_t *t2)
{
	uint32_t	 base = D6_INFINITY;
	int		 i;

	for (i = 0; i < n; i++)
		if (v[i].pltime < base)
			base = v[i].pltime;
	if (n == 0 || base == D6_INFINITY) {
		*t1 = *t2 = n == 0 ? 0 : D6_INFINITY;
		return;
	}
	*t1 = base / 2;
	*t2 = (uint32_t)((uint64_t)base * 4 / 5);
}

/* ------------------------------------------------------------ pools */

/* Step to the next value of length plen: add 1 at bit plen - 1. */
static void
in6_step(struct in6_addr *a, int plen)
{
	int	 byte = (plen - 1) / 8;
	unsigned s = (unsigned)a->s6_addr[byte] + (1U << (7 - (plen - 1) % 8));

	a->s6_addr[byte] = (uint8_t)s;
	for (byte--; (s >> 8) != 0 && byte >= 0; byte--) {
		s = (unsigned)a->s6_addr[byte] + 1;
		a->s6_addr[byte] = (uint8_t)s;
	}
}

/* b - a as a number, capped at 2^63 */
static uint64_t
in6_diff(const struct in6_addr *a, const struct in6_addr *b)
{
	uint64_t	 hi_a = 0, hi_b = 0, lo_a = 0, lo_b = 0;
	int		 i;

	for (i = 0; i < 8; i++) {
		hi_a = hi_a << 8 | a->s6_addr[i];
		hi_b = hi_b << 8 | b->s6_addr[i];
		lo_a = lo_a << 8 | a->s6_addr[i + 8];
		lo_b = lo_b << 8 | b->s6_addr[i + 8];
	}
	if (hi_b == hi_a || (hi_b == hi_a + 1 && lo_b < lo_a))
		return lo_b - lo_a > (1ULL << 63) ? 1ULL << 63 : lo_b - lo_a;
	return 1ULL << 63;
}

void
pool_setup(struct d6s_pool *p)
{
	if (p->is_prefix) {
		int	 bits = p->plen - p->base_plen;

		p->size = bits >= 63 ? 1ULL << 63 : 1ULL << bits;
		p->cursor = p->base;
	} else {
		p->size = in6_diff(&p->start, &p->end);
		if (p->size < (1ULL << 63))
			p->size++;
		p->cursor = p->start;
	}
	p->used = 0;
}

static int
in_prefix(const struct in6_addr *a, const struct in6_addr *p, int plen)
{
	int	 i, bits;

	for (i = 0; plen > 0; i++, plen -= 8) {
		bits = plen >= 8 ? 8 : plen;
		if ((a->s6_addr[i] ^ p->s6_addr[i]) &
		    (uint8_t)(0xff << (8 - bits)))
			return 0;
	}
	return 1;
}

int
pool_contains(const struct d6s_pool *p, const struct in6_addr *a,
    uint8_t plen)
{
	if (p->is_prefix)
		return plen == p->plen && in_prefix(a, &p->base, p->base_plen);
	return plen == 128 && memcmp(a, &p->start, sizeof(*a)) >= 0 &&
	    memcmp(a, &p->end, sizeof(*a)) <= 0;
}

/*
 * The next free value after the cursor, wrapping once.  The search is
 * bounded (a nearly full pool of millions is not scanned in one go):
 * after 65536 taken values in a row it reports the pool exhausted for
 * this message.
 */
int
pool_alloc(struct d6s_pool *p, struct d6s_bindings *bs, time_t now,
    struct in6_addr *out)
{
	struct in6_addr	 a = p->cursor;
	uint64_t	 tries, limit = p->size < 65536 ? p->size : 65536;
	uint8_t		 plen = p->is_prefix ? p->plen : 128;

	for (tries = 0; tries < limit; tries++) {
		if (!pool_contains(p, &a, plen))
			a = p->is_prefix ? p->base : p->start;
		if (bnd_taken(bs, &a, plen, now) == NULL) {
			*out = a;
			p->cursor = a;
			in6_step(&p->cursor, plen);
			return 0;
		}
		in6_step(&a, plen);
	}
	return -1;
}
