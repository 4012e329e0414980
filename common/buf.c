/* The bounds-checked packet reader and writer every decoder is built on. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
rbuf_init(struct rbuf *r, const void *data, size_t len)
{
	r->data = data;
	r->len = data == NULL ? 0 : len;
	r->off = 0;
	r->bad = 0;
}

int
rbuf_ok(const struct rbuf *r)
{
	return !r->bad;
}

size_t
rbuf_left(const struct rbuf *r)
{
	return r->bad ? 0 : r->len - r->off;
}

size_t
rbuf_offset(const struct rbuf *r)
{
	return r->off;
}

int
rbuf_fail(struct rbuf *r)
{
	r->bad = 1;
	return -1;
}

/* The one place that checks a read against the end. */
static const uint8_t *
rbuf_need(struct rbuf *r, size_t n)
{
	const uint8_t	*p;

	if (r->bad || n > r->len - r->off) {
		r->bad = 1;
		return NULL;
	}
	p = r->data + r->off;
	r->off += n;
	return p;
}

int
rbuf_u8(struct rbuf *r, uint8_t *v)
{
	const uint8_t	*p = rbuf_need(r, 1);

	*v = p ? p[0] : 0;
	return p ? 0 : -1;
}

int
rbuf_u16(struct rbuf *r, uint16_t *v)
{
	const uint8_t	*p = rbuf_need(r, 2);

	*v = p ? (uint16_t)(p[0] << 8 | p[1]) : 0;
	return p ? 0 : -1;
}

int
rbuf_u24(struct rbuf *r, uint32_t *v)
{
	const uint8_t	*p = rbuf_need(r, 3);

	*v = p ? (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2] : 0;
	return p ? 0 : -1;
}

int
rbuf_u32(struct rbuf *r, uint32_t *v)
{
	const uint8_t	*p = rbuf_need(r, 4);

	*v = p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3] : 0;
	return p ? 0 : -1;
}

int
rbuf_u64(struct rbuf *r, uint64_t *v)
{
	uint32_t	 hi, lo;

	rbuf_u32(r, &hi);
	if (rbuf_u32(r, &lo) == -1) {
		*v = 0;
		return -1;
	}
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

int
rbuf_bytes(struct rbuf *r, void *out, size_t n)
{
	const uint8_t	*p = rbuf_need(r, n);

	if (p == NULL) {
		if (n > 0)
			memset(out, 0, n);
		return -1;
	}
	if (n > 0)
		memcpy(out, p, n);
	return 0;
}

int
rbuf_in6(struct rbuf *r, struct in6_addr *a)
{
	return rbuf_bytes(r, a, sizeof(*a));
}

int
rbuf_skip(struct rbuf *r, size_t n)
{
	return rbuf_need(r, n) ? 0 : -1;
}

const void *
rbuf_take(struct rbuf *r, size_t n)
{
	return rbuf_need(r, n);
}

int
rbuf_peek_u8(const struct rbuf *r, size_t at, uint8_t *v)
{
	*v = 0;
	if (r->bad || at >= r->len - r->off)
		return -1;
	*v = r->data[r->off + at];
	return 0;
}

int
rbuf_peek_u16(const struct rbuf *r, size_t at, uint16_t *v)
{
	const uint8_t	*p;

	*v = 0;
	if (r->bad || r->len - r->off < 2 || at > r->len - r->off - 2)
		return -1;
	p = r->data + r->off + at;
	*v = (uint16_t)(p[0] << 8 | p[1]);
	return 0;
}

int
rbuf_sub(struct rbuf *r, size_t n, struct rbuf *child)
{
	const uint8_t	*p = rbuf_need(r, n);

	rbuf_init(child, p, p ? n : 0);
	if (p == NULL) {
		child->bad = 1;
		return -1;
	}
	return 0;
}

const uint8_t *
rbuf_rest(const struct rbuf *r, size_t *len)
{
	*len = rbuf_left(r);
	return r->bad ? NULL : r->data + r->off;
}

/* Writer. */

void
wbuf_init(struct wbuf *w, void *mem, size_t cap)
{
	memset(w, 0, sizeof(*w));
	w->data = mem;
	w->cap = mem == NULL ? 0 : cap;
	w->max = w->cap;
}

int
wbuf_init_dyn(struct wbuf *w, size_t initial, size_t max)
{
	memset(w, 0, sizeof(*w));
	if (initial == 0)
		initial = 64;
	if (initial > max)
		initial = max;
	if ((w->data = malloc(initial)) == NULL) {
		w->bad = 1;
		return -1;
	}
	w->cap = initial;
	w->max = max;
	w->growable = 1;
	return 0;
}

void
wbuf_free(struct wbuf *w)
{
	if (w->growable)
		free(w->data);
	memset(w, 0, sizeof(*w));
	w->bad = 1;
}

int
wbuf_ok(const struct wbuf *w)
{
	return !w->bad;
}

size_t
wbuf_len(const struct wbuf *w)
{
	return w->len;
}

const uint8_t *
wbuf_data(const struct wbuf *w)
{
	return w->data;
}

void
wbuf_reset(struct wbuf *w)
{
	w->len = 0;
	w->bad = 0;
}

/* The one place that checks a write against the capacity. */
static uint8_t *
wbuf_need(struct wbuf *w, size_t n)
{
	uint8_t	*p;
	size_t	 ncap;

	if (w->bad)
		return NULL;
	if (n > w->cap - w->len) {
		if (!w->growable || n > w->max - w->len) {
			w->bad = 1;
			return NULL;
		}
		ncap = w->cap;
		while (n > ncap - w->len)
			ncap = ncap > w->max / 2 ? w->max : ncap * 2;
		if ((p = realloc(w->data, ncap)) == NULL) {
			w->bad = 1;
			return NULL;
		}
		w->data = p;
		w->cap = ncap;
	}
	p = w->data + w->len;
	w->len += n;
	return p;
}

int
wbuf_u8(struct wbuf *w, uint8_t v)
{
	uint8_t	*p = wbuf_need(w, 1);

	if (p == NULL)
		return -1;
	p[0] = v;
	return 0;
}

int
wbuf_u16(struct wbuf *w, uint16_t v)
{
	uint8_t	*p = wbuf_need(w, 2);

	if (p == NULL)
		return -1;
	p[0] = v >> 8;
	p[1] = v & 0xff;
	return 0;
}

int
wbuf_u24(struct wbuf *w, uint32_t v)
{
	uint8_t	*p;

	if (v > 0xffffff) {
		w->bad = 1;
		return -1;
	}
	if ((p = wbuf_need(w, 3)) == NULL)
		return -1;
	p[0] = v >> 16;
	p[1] = (v >> 8) & 0xff;
	p[2] = v & 0xff;
	return 0;
}

int
wbuf_u32(struct wbuf *w, uint32_t v)
{
	uint8_t	*p = wbuf_need(w, 4);

	if (p == NULL)
		return -1;
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
	return 0;
}

int
wbuf_u64(struct wbuf *w, uint64_t v)
{
	uint8_t	*p = wbuf_need(w, 8);
	int	 i;

	if (p == NULL)
		return -1;
	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = v & 0xff;
	return 0;
}

int
wbuf_bytes(struct wbuf *w, const void *src, size_t n)
{
	uint8_t	*p = wbuf_need(w, n);

	if (p == NULL)
		return -1;
	if (n > 0)
		memcpy(p, src, n);
	return 0;
}

int
wbuf_in6(struct wbuf *w, const struct in6_addr *a)
{
	return wbuf_bytes(w, a, sizeof(*a));
}

int
wbuf_zero(struct wbuf *w, size_t n)
{
	uint8_t	*p = wbuf_need(w, n);

	if (p == NULL)
		return -1;
	if (n > 0)
		memset(p, 0, n);
	return 0;
}

int
wbuf_reserve(struct wbuf *w, size_t n, size_t *off)
{
	size_t	 at = w->len;

	if (wbuf_zero(w, n) == -1)
		return -1;
	*off = at;
	return 0;
}

static uint8_t *
wbuf_at(struct wbuf *w, size_t off, size_t n)
{
	if (w->bad || off > w->len || n > w->len - off) {
		w->bad = 1;
		return NULL;
	}
	return w->data + off;
}

int
wbuf_set_u8(struct wbuf *w, size_t off, uint8_t v)
{
	uint8_t	*p = wbuf_at(w, off, 1);

	if (p == NULL)
		return -1;
	p[0] = v;
	return 0;
}

int
wbuf_set_u16(struct wbuf *w, size_t off, uint16_t v)
{
	uint8_t	*p = wbuf_at(w, off, 2);

	if (p == NULL)
		return -1;
	p[0] = v >> 8;
	p[1] = v & 0xff;
	return 0;
}

int
wbuf_set_u32(struct wbuf *w, size_t off, uint32_t v)
{
	uint8_t	*p = wbuf_at(w, off, 4);

	if (p == NULL)
		return -1;
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
	return 0;
}

int
wbuf_len16_begin(struct wbuf *w, size_t *mark)
{
	return wbuf_reserve(w, 2, mark);
}

int
wbuf_len16_end(struct wbuf *w, size_t mark)
{
	size_t	 n;

	if (w->bad || mark > w->len || w->len - mark < 2) {
		w->bad = 1;
		return -1;
	}
	n = w->len - mark - 2;
	if (n > 0xffff) {
		w->bad = 1;
		return -1;
	}
	return wbuf_set_u16(w, mark, (uint16_t)n);
}

uint32_t
cksum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t	*p = data;
	uint64_t	 s = sum;

	while (len >= 2) {
		s += (uint32_t)(p[0] << 8 | p[1]);
		p += 2;
		len -= 2;
	}
	if (len == 1)
		s += (uint32_t)p[0] << 8;
	while (s >> 32)
		s = (s & 0xffffffff) + (s >> 32);
	return (uint32_t)s;
}

uint16_t
cksum_finish(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

char *
buf_hex(const void *data, size_t len, char *out, size_t outlen)
{
	static const char	 digits[] = "0123456789abcdef";
	const uint8_t		*p = data;
	size_t			 i;

	if (outlen == 0)
		return out;
	for (i = 0; i < len && 2 * i + 2 < outlen; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0xf];
	}
	out[2 * i] = '\0';
	return out;
}
