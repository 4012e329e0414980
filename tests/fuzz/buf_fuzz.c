/*
 * Fuzz common/buf: the input is both a packet and a program of rbuf and
 * wbuf calls, each checked against a model of what buf.h promises; then
 * a nested TLV walk over the input, and the checksum and hex helpers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

#define FIXED_CAP	64
#define CANARY		16
#define DYN_MAX		70000	/* past 65535, for wbuf_len16_end */

/* The program: the input read as opcodes and operands. */
struct prog {
	const uint8_t	*p;
	size_t		 n;
	size_t		 i;
};

static uint8_t
pbyte(struct prog *pg)
{
	return pg->i < pg->n ? pg->p[pg->i++] : 0;
}

static uint32_t
pword(struct prog *pg, int bytes)
{
	uint32_t	 v = 0;

	while (bytes-- > 0)
		v = v << 8 | pbyte(pg);
	return v;
}

/*
 * A length or offset: mostly small, sometimes large or near SIZE_MAX so
 * that the bounds checks meet arithmetic that would wrap.
 */
static size_t
plen(struct prog *pg)
{
	uint8_t	 b = pbyte(pg);

	switch (b) {
	case 0xfc:
		return pword(pg, 2);
	case 0xfd:
		return pword(pg, 4);
	case 0xfe:
		return SIZE_MAX - pbyte(pg);
	case 0xff:
		return SIZE_MAX / 2 + pbyte(pg);
	default:
		return b;
	}
}

static uint64_t
be(const uint8_t *p, size_t n)
{
	uint64_t	 v = 0;

	while (n-- > 0)
		v = v << 8 | *p++;
	return v;
}

/* What the reader must look like, given the model's offset and state. */
static void
rcheck(const struct rbuf *r, const uint8_t *base, size_t len, size_t off,
    int bad)
{
	const uint8_t	*rest;
	size_t		 n;

	CHECK(off <= len);
	CHECK(rbuf_ok(r) == !bad);
	CHECK(rbuf_offset(r) == off);
	CHECK(rbuf_left(r) == (bad ? 0 : len - off));
	rest = rbuf_rest(r, &n);
	CHECK(n == rbuf_left(r));
	CHECK(rest == (bad ? NULL : base + off));
}

/*
 * Does a read of n bytes succeed?  Updates the model: a failure makes
 * the reader bad for good.
 */
static int
rwant(size_t len, size_t *off, int *bad, size_t n)
{
	if (*bad || n > len - *off) {
		*bad = 1;
		return 0;
	}
	*off += n;
	return 1;
}

static void
run_reader(struct prog *pg, struct rbuf *r, const uint8_t *base, size_t len,
    int depth, int maxops)
{
	struct rbuf	 child;
	uint8_t		 tmp[256], u8;
	uint16_t	 u16;
	uint32_t	 u32;
	uint64_t	 u64, want;
	struct in6_addr	 a;
	const uint8_t	*p;
	size_t		 off = 0, at, n, was, k;
	int		 bad = !rbuf_ok(r), ok, rc, op, ops = 0;
	static const size_t widths[] = { 1, 2, 3, 4, 8 };

	rcheck(r, base, len, off, bad);
	while (pg->i < pg->n && (maxops < 0 || ops++ < maxops)) {
		was = off;
		switch ((op = pbyte(pg) % 13)) {
		case 0: case 1: case 2: case 3: case 4:
			k = widths[op];
			switch (k) {
			case 1:
				rc = rbuf_u8(r, &u8);
				u64 = u8;
				break;
			case 2:
				rc = rbuf_u16(r, &u16);
				u64 = u16;
				break;
			case 3:
				rc = rbuf_u24(r, &u32);
				u64 = u32;
				break;
			case 4:
				rc = rbuf_u32(r, &u32);
				u64 = u32;
				break;
			default:
				rc = rbuf_u64(r, &u64);
				break;
			}
			ok = rwant(len, &off, &bad, k);
			want = ok ? be(base + was, k) : 0;
			CHECK(rc == (ok ? 0 : -1));
			CHECK(u64 == want);
			/* a failed read may move, but never past the end */
			if (!ok) {
				CHECK(rbuf_offset(r) >= was &&
				    rbuf_offset(r) <= len);
				off = rbuf_offset(r);
			}
			break;
		case 5:
			n = plen(pg) % (sizeof(tmp) + 1);
			memset(tmp, 0x5a, sizeof(tmp));
			rc = rbuf_bytes(r, tmp, n);
			ok = rwant(len, &off, &bad, n);
			CHECK(rc == (ok ? 0 : -1));
			if (ok && n > 0)
				CHECK(memcmp(tmp, base + was, n) == 0);
			for (k = 0; !ok && k < n; k++)
				CHECK(tmp[k] == 0);
			/* nothing written beyond n */
			for (k = n; k < sizeof(tmp); k++)
				CHECK(tmp[k] == 0x5a);
			break;
		case 6:
			memset(&a, 0x5a, sizeof(a));
			rc = rbuf_in6(r, &a);
			ok = rwant(len, &off, &bad, sizeof(a));
			CHECK(rc == (ok ? 0 : -1));
			if (ok)
				CHECK(memcmp(&a, base + was, sizeof(a)) == 0);
			else
				CHECK(IN6_IS_ADDR_UNSPECIFIED(&a));
			break;
		case 7:
			n = plen(pg);
			rc = rbuf_skip(r, n);
			ok = rwant(len, &off, &bad, n);
			CHECK(rc == (ok ? 0 : -1));
			break;
		case 8:
			n = plen(pg);
			p = rbuf_take(r, n);
			ok = rwant(len, &off, &bad, n);
			CHECK(p == (ok ? base + was : NULL));
			break;
		case 9:
			at = plen(pg);
			u8 = 0x5a;
			rc = rbuf_peek_u8(r, at, &u8);
			ok = !bad && at < len - off;
			CHECK(rc == (ok ? 0 : -1));
			CHECK(u8 == (ok ? base[off + at] : 0));
			break;
		case 10:
			at = plen(pg);
			u16 = 0x5a5a;
			rc = rbuf_peek_u16(r, at, &u16);
			ok = !bad && len - off >= 2 && at <= len - off - 2;
			CHECK(rc == (ok ? 0 : -1));
			CHECK(u16 == (ok ? be(base + off + at, 2) : 0));
			break;
		case 11:
			n = plen(pg);
			rc = rbuf_sub(r, n, &child);
			ok = rwant(len, &off, &bad, n);
			CHECK(rc == (ok ? 0 : -1));
			CHECK(rbuf_ok(&child) == ok);
			CHECK(rbuf_left(&child) == (ok ? n : 0));
			if (depth < 4)
				run_reader(pg, &child, ok ? base + was : NULL,
				    ok ? n : 0, depth + 1, pbyte(pg) % 8);
			break;
		case 12:
			CHECK(rbuf_fail(r) == -1);
			bad = 1;
			break;
		}
		rcheck(r, base, len, off, bad);
	}
}

/* The writer's model: what must be in the buffer, and whether it is bad. */
struct wmodel {
	uint8_t		*shadow;
	size_t		 len;
	size_t		 limit;		/* cap of a fixed buffer, max if dyn */
	int		 bad;
};

static int
wwant(struct wmodel *m, size_t n, const void *src)
{
	if (m->bad || n > m->limit - m->len) {
		m->bad = 1;
		return 0;
	}
	if (n > 0) {
		if (src != NULL)
			memcpy(m->shadow + m->len, src, n);
		else
			memset(m->shadow + m->len, 0, n);
	}
	m->len += n;
	return 1;
}

static int
wwant_at(struct wmodel *m, size_t off, size_t n, const uint8_t *src)
{
	if (m->bad || off > m->len || n > m->len - off) {
		m->bad = 1;
		return 0;
	}
	memcpy(m->shadow + off, src, n);
	return 1;
}

static void
wcheck(const struct wbuf *w, const struct wmodel *m)
{
	CHECK(wbuf_ok(w) == !m->bad);
	CHECK(wbuf_len(w) == m->len);
	CHECK(w->len <= w->cap);
	CHECK(w->cap <= m->limit);
	if (m->len > 0)
		CHECK(memcmp(wbuf_data(w), m->shadow, m->len) == 0);
}

static void
put_be(uint8_t *p, uint64_t v, size_t n)
{
	while (n-- > 0) {
		p[n] = v & 0xff;
		v >>= 8;
	}
}

static void
run_writer(struct prog *pg, struct wbuf *w, struct wmodel *m,
    const uint8_t *data, size_t size, int maxops)
{
	uint8_t		 b[16];
	uint64_t	 v;
	size_t		 n, off, mark = 0, k;
	int		 rc, ok, op, ops = 0;
	static const size_t widths[] = { 1, 2, 3, 4, 8 }, sets[] = { 1, 2, 4 };

	while (pg->i < pg->n && ops++ < maxops) {
		switch ((op = pbyte(pg) % 15)) {
		case 0: case 1: case 2: case 3: case 4:
			k = widths[op];
			v = (uint64_t)pword(pg, 4) << 32;
			v |= pword(pg, 4);
			/* a u24 above 0xffffff is refused, making w bad */
			if (k == 3 && (v & 0x100000000ULL))
				v &= 0xffffff;
			switch (k) {
			case 1:
				rc = wbuf_u8(w, (uint8_t)v);
				break;
			case 2:
				rc = wbuf_u16(w, (uint16_t)v);
				break;
			case 3:
				v &= 0xffffffff;
				rc = wbuf_u24(w, (uint32_t)v);
				break;
			case 4:
				rc = wbuf_u32(w, (uint32_t)v);
				break;
			default:
				rc = wbuf_u64(w, v);
				break;
			}
			put_be(b, v, k);
			if (k == 3 && v > 0xffffff) {
				m->bad = 1;
				ok = 0;
			} else
				ok = wwant(m, k, b);
			CHECK(rc == (ok ? 0 : -1));
			break;
		case 5:
			n = size > 0 ? plen(pg) % (size + 1) : 0;
			rc = wbuf_bytes(w, data, n);
			CHECK(rc == (wwant(m, n, data) ? 0 : -1));
			break;
		case 6:
			for (k = 0; k < sizeof(b); k++)
				b[k] = pbyte(pg);
			rc = wbuf_in6(w, (const struct in6_addr *)b);
			CHECK(rc == (wwant(m, sizeof(b), b) ? 0 : -1));
			break;
		case 7:
			n = plen(pg);
			rc = wbuf_zero(w, n);
			CHECK(rc == (wwant(m, n, NULL) ? 0 : -1));
			break;
		case 8:
			n = plen(pg);
			k = m->len;
			off = 12345;
			rc = wbuf_reserve(w, n, &off);
			ok = wwant(m, n, NULL);
			CHECK(rc == (ok ? 0 : -1));
			if (ok)
				CHECK(off == k);
			break;
		case 9: case 10: case 11:
			k = sets[op - 9];
			off = plen(pg);
			v = pword(pg, 4);
			if (k == 1)
				rc = wbuf_set_u8(w, off, (uint8_t)v);
			else if (k == 2)
				rc = wbuf_set_u16(w, off, (uint16_t)v);
			else
				rc = wbuf_set_u32(w, off, (uint32_t)v);
			put_be(b, v, k);
			CHECK(rc == (wwant_at(m, off, k, b) ? 0 : -1));
			break;
		case 12:
			k = m->len;
			rc = wbuf_len16_begin(w, &mark);
			ok = wwant(m, 2, NULL);
			CHECK(rc == (ok ? 0 : -1));
			if (ok)
				CHECK(mark == k);
			break;
		case 13:
			/* the last mark, or any offset at all */
			if (pbyte(pg) & 1)
				mark = plen(pg);
			rc = wbuf_len16_end(w, mark);
			if (m->bad || mark > m->len || m->len - mark < 2 ||
			    m->len - mark - 2 > 0xffff) {
				m->bad = 1;
				ok = 0;
			} else {
				put_be(b, m->len - mark - 2, 2);
				ok = wwant_at(m, mark, 2, b);
			}
			CHECK(rc == (ok ? 0 : -1));
			break;
		case 14:
			wbuf_reset(w);
			m->len = 0;
			m->bad = 0;
			break;
		}
		wcheck(w, m);
	}
}

static void
writers(struct prog *pg, const uint8_t *data, size_t size)
{
	static uint8_t	 fshadow[FIXED_CAP], dshadow[DYN_MAX];
	static const size_t maxes[] = { 0, 1, 7, 64, 300, DYN_MAX };
	uint8_t		 mem[FIXED_CAP + CANARY];
	struct wbuf	 w;
	struct wmodel	 m;
	size_t		 cap, k;

	cap = pbyte(pg) % (FIXED_CAP + 1);
	memset(mem, 0xcc, sizeof(mem));
	wbuf_init(&w, mem, cap);
	memset(&m, 0, sizeof(m));
	m.shadow = fshadow;
	m.limit = cap;
	wcheck(&w, &m);
	run_writer(pg, &w, &m, data, size, pbyte(pg) % 32);
	/* nothing past the capacity was touched */
	for (k = cap; k < sizeof(mem); k++)
		CHECK(mem[k] == 0xcc);

	memset(&m, 0, sizeof(m));
	m.shadow = dshadow;
	m.limit = maxes[pbyte(pg) % (sizeof(maxes) / sizeof(maxes[0]))];
	if (wbuf_init_dyn(&w, pbyte(pg), m.limit) == -1) {
		wbuf_free(&w);
		return;
	}
	wcheck(&w, &m);
	run_writer(pg, &w, &m, data, size, 256);
	wbuf_free(&w);
	CHECK(!wbuf_ok(&w) && wbuf_len(&w) == 0);
}

/* Type, 16-bit length, value; an odd type holds TLVs of its own. */
static void
walk_tlv(struct rbuf *r, int depth)
{
	struct rbuf	 v;
	uint16_t	 len;
	uint8_t		 type, u8;
	size_t		 start, n;

	while (rbuf_left(r) > 0) {
		start = rbuf_offset(r);
		if (rbuf_u8(r, &type) == -1 || rbuf_u16(r, &len) == -1) {
			CHECK(!rbuf_ok(r));
			return;
		}
		if (rbuf_sub(r, len, &v) == -1) {
			CHECK(!rbuf_ok(r) && !rbuf_ok(&v));
			CHECK(rbuf_left(&v) == 0);
			CHECK(rbuf_u8(&v, &u8) == -1 && u8 == 0);
			return;
		}
		CHECK(rbuf_offset(r) == start + 3 + len);
		if ((type & 1) && depth < 8) {
			walk_tlv(&v, depth + 1);
			continue;
		}
		for (n = 0; rbuf_u8(&v, &u8) == 0; n++)
			;
		CHECK(n == len);
		CHECK(rbuf_left(&v) == 0 && !rbuf_ok(&v));
	}
	CHECK(rbuf_ok(r));
}

/*
 * The Internet checksum: any split at an even offset gives the same sum,
 * and data followed by its checksum sums to zero.
 */
static void
checksum(const uint8_t *data, size_t size)
{
	uint32_t	 whole, parts;
	uint16_t	 c;
	uint8_t		 cb[2];
	size_t		 k;

	whole = cksum_add(0, data, size);
	k = size > 0 ? (data[0] * 2) % (size + 1) & ~(size_t)1 : 0;
	parts = cksum_add(cksum_add(0, data, k), data + k, size - k);
	CHECK(cksum_finish(whole) == cksum_finish(parts));
	if (size % 2 == 0) {
		c = cksum_finish(whole);
		cb[0] = c >> 8;
		cb[1] = c & 0xff;
		CHECK(cksum_finish(cksum_add(whole, cb, 2)) == 0);
	}
}

/* Hex into an output of a size the input picks, exactly allocated. */
static void
hex(const uint8_t *data, size_t size)
{
	static const char digits[] = "0123456789abcdef";
	char		*out;
	size_t		 outlen, n, i;

	outlen = size > 0 ? data[size - 1] % 64 : 0;
	if ((out = malloc(outlen > 0 ? outlen : 1)) == NULL)
		return;
	CHECK(buf_hex(data, size, out, outlen) == out);
	if (outlen > 0) {
		/* whole bytes only, as many as fit with the NUL */
		n = (outlen - 1) / 2 < size ? (outlen - 1) / 2 : size;
		CHECK(strlen(out) == 2 * n);
		for (i = 0; i < n; i++)
			CHECK(out[2 * i] == digits[data[i] >> 4] &&
			    out[2 * i + 1] == digits[data[i] & 0xf]);
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prog	 pg = { data, size, 0 };
	struct rbuf	 r;

	/* the first byte says how many reader calls before the writers */
	rbuf_init(&r, data, size);
	run_reader(&pg, &r, data, size, 0, pbyte(&pg) % 32);
	writers(&pg, data, size);

	rbuf_init(&r, data, size);
	walk_tlv(&r, 0);

	checksum(data, size);
	hex(data, size);

	/* a NULL buffer is an empty one */
	rbuf_init(&r, NULL, size);
	CHECK(rbuf_left(&r) == 0 && rbuf_take(&r, 1) == NULL);
	return 0;
}
