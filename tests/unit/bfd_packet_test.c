/*
 * Unit tests for bfdd's wire format and authentication: every check of
 * the decoder with its drop reason, encoding, the known-answer vectors
 * of the spec (7.5) for the five types both ways, sequence windows, key
 * selection and windows, key lengths and NUL bytes, wiping, and names.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bfdd.h"
#include "t6check.h"

/* ------------------------------------------------------------ helpers */

/* The mandatory section of the vectors, Length 24, A clear. */
static const uint8_t vec_hdr[BFD_HDRLEN] = {
	0x20, 0xc0, 0x05, 0x18, 0xdf, 0xe3, 0x72, 0x53,
	0x14, 0x20, 0x2b, 0x2d, 0x00, 0x01, 0x86, 0xa0,
	0x00, 0x00, 0x27, 0x10, 0x00, 0x00, 0x00, 0x00
};

struct vector {
	int		 type;
	uint8_t		 len;		/* the whole packet */
	uint32_t	 seq;
	uint8_t		 sec[28];	/* the authentication section */
};

static const struct vector vectors[] = {
	{ BFD_AUTH_SIMPLE, 0x21, 0,
	  { 0x01, 0x09, 0x01, 's', 'e', 'c', 'r', 'e', 't' } },
	{ BFD_AUTH_KEYED_MD5, 0x30, 0xf6362698,
	  { 0x02, 0x18, 0x01, 0x00, 0xf6, 0x36, 0x26, 0x98,
	    0x80, 0xfe, 0xfb, 0xc6, 0x41, 0x14, 0x0e, 0x02,
	    0x21, 0x08, 0x85, 0xc4, 0x22, 0xea, 0xce, 0x70 } },
	{ BFD_AUTH_MET_MD5, 0x30, 0xf6362689,
	  { 0x03, 0x18, 0x01, 0x00, 0xf6, 0x36, 0x26, 0x89,
	    0xe2, 0x0e, 0xb4, 0xe4, 0x76, 0x41, 0xba, 0x0f,
	    0x9e, 0x4b, 0xef, 0xf9, 0xd0, 0xd1, 0x83, 0xae } },
	{ BFD_AUTH_KEYED_SHA1, 0x34, 0xf636265f,
	  { 0x04, 0x1c, 0x01, 0x00, 0xf6, 0x36, 0x26, 0x5f,
	    0xa8, 0x41, 0x7e, 0x33, 0x16, 0xfd, 0x21, 0x16,
	    0x06, 0x9b, 0x84, 0xb1, 0xe7, 0x9c, 0x41, 0x07,
	    0xac, 0x06, 0x61, 0xc7 } },
	{ BFD_AUTH_MET_SHA1, 0x34, 0xf63626be,
	  { 0x05, 0x1c, 0x01, 0x00, 0xf6, 0x36, 0x26, 0xbe,
	    0x51, 0xa0, 0x33, 0x5d, 0x59, 0xc3, 0x8c, 0xeb,
	    0xff, 0x51, 0x8f, 0xa1, 0xe5, 0xd2, 0x98, 0x3e,
	    0x04, 0xe9, 0x94, 0x9d } },
};
#define NVECTORS	(sizeof(vectors) / sizeof(vectors[0]))

#define NOW		1700000000

/* The whole vector packet into buf; returns its length. */
static size_t
vector_packet(const struct vector *v, uint8_t *buf)
{
	memcpy(buf, vec_hdr, BFD_HDRLEN);
	buf[1] |= BFD_F_AUTH;
	buf[3] = v->len;
	memcpy(buf + BFD_HDRLEN, v->sec, v->len - BFD_HDRLEN);
	return v->len;
}

static struct bfd_key *
add_key(struct bfd_auth *a, uint8_t id, const void *data, size_t len)
{
	struct bfd_key	*k;

	k = calloc(1, sizeof(*k));
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_le(len, sizeof(k->data));
	k->id = id;
	k->len = (uint8_t)len;
	memcpy(k->data, data, len);
	TAILQ_INSERT_TAIL(&a->keys, k, entry);
	return k;
}

/* A session's authentication: type, key 1 "secret". */
static void
auth_init(struct bfd_auth *a, int type)
{
	memset(a, 0, sizeof(*a));
	TAILQ_INIT(&a->keys);
	a->type = type;
	if (type != BFD_AUTH_NONE)
		add_key(a, 1, "secret", 6);
}

/* A good packet, mandatory section only. */
static size_t
mkpkt(uint8_t *buf, size_t cap, uint8_t state, uint8_t flags, uint8_t mult,
    uint32_t my, uint32_t your)
{
	struct bfd_pkt	 p;

	memset(&p, 0, sizeof(p));
	p.state = state;
	p.flags = flags;
	p.mult = mult;
	p.my_disc = my;
	p.your_disc = your;
	p.des_min_tx = 1000000;
	p.req_min_rx = 300000;
	return bfd_encode(buf, cap, &p);
}

/* Decode, then verify; the reason of the first failure, or -1. */
static int
check(const struct bfd_auth *a, const uint8_t *buf, size_t len,
    struct bfd_authstate *st, time_t now)
{
	struct bfd_pkt	 p;
	enum bfd_drop	 why;

	if (bfd_decode(buf, len, &p, &why) == -1)
		return (int)why;
	why = BFD_DROP_NREASONS;
	if (bfd_auth_verify(a, buf, len, &p, st, now, &why) == -1) {
		ck_assert_int_ne(why, BFD_DROP_NREASONS);
		return (int)why;
	}
	return -1;
}

/* A signed packet of a type, with a sequence number and Detect Mult. */
static size_t
signed_packet(const struct bfd_auth *a, uint8_t *buf, size_t cap,
    uint32_t seq, uint8_t mult, time_t now)
{
	int	 n;

	mkpkt(buf, cap, BFD_UP, 0, mult, 0x11111111, 0x22222222);
	n = bfd_auth_sign(a, buf, cap, seq, now);
	ck_assert_int_gt(n, BFD_HDRLEN);
	return (size_t)n;
}

/* ------------------------------------------------------------- decode */

static void
expect_drop(const uint8_t *buf, size_t len, enum bfd_drop want)
{
	struct bfd_pkt	 p;
	enum bfd_drop	 why = BFD_DROP_NREASONS;

	ck_assert_int_eq(bfd_decode(buf, len, &p, &why), -1);
	ck_assert_str_eq(bfd_drop_name(why), bfd_drop_name(want));
}

static void
expect_good(const uint8_t *buf, size_t len, struct bfd_pkt *p)
{
	enum bfd_drop	 why = BFD_DROP_NREASONS;

	ck_assert_int_eq(bfd_decode(buf, len, p, &why), 0);
	ck_assert_int_eq(why, BFD_DROP_NREASONS);
}

START_TEST(decode_short)
{
	uint8_t		 buf[64];

	mkpkt(buf, sizeof(buf), BFD_DOWN, 0, 3, 1, 0);
	expect_drop(buf, 20, BFD_DROP_SHORT);
	expect_drop(buf, 23, BFD_DROP_SHORT);
	expect_drop(buf, 0, BFD_DROP_SHORT);
	expect_drop(NULL, 0, BFD_DROP_SHORT);
}
END_TEST

START_TEST(decode_version)
{
	uint8_t		 buf[64];

	mkpkt(buf, sizeof(buf), BFD_DOWN, 0, 3, 1, 0);
	buf[0] = 0x00 | BFD_DIAG_EXPIRED;
	expect_drop(buf, 24, BFD_DROP_VERSION);
	buf[0] = 0x40;
	expect_drop(buf, 24, BFD_DROP_VERSION);
	buf[0] = 0xe0;
	expect_drop(buf, 24, BFD_DROP_VERSION);
	/* version comes before the Length and the multiplier */
	buf[0] = 0x00;
	buf[2] = 0;
	buf[3] = 99;
	expect_drop(buf, 24, BFD_DROP_VERSION);
}
END_TEST

START_TEST(decode_length)
{
	uint8_t		 buf[64];
	struct bfd_pkt	 p;

	mkpkt(buf, sizeof(buf), BFD_DOWN, 0, 3, 1, 0);
	buf[3] = 23;
	expect_drop(buf, 24, BFD_DROP_LENGTH);
	buf[3] = 0;
	expect_drop(buf, 24, BFD_DROP_LENGTH);
	buf[3] = 40;
	expect_drop(buf, 24, BFD_DROP_LENGTH);
	buf[3] = 25;
	expect_drop(buf, 24, BFD_DROP_LENGTH);
	/* A set needs 26 */
	buf[1] |= BFD_F_AUTH;
	buf[3] = 24;
	expect_drop(buf, 64, BFD_DROP_LENGTH);
	buf[3] = 25;
	expect_drop(buf, 64, BFD_DROP_LENGTH);
	/* Length before the multiplier */
	buf[2] = 0;
	expect_drop(buf, 64, BFD_DROP_LENGTH);
	/* A clear: 24 in a longer datagram is fine */
	mkpkt(buf, sizeof(buf), BFD_DOWN, 0, 3, 1, 0);
	expect_good(buf, 64, &p);
	ck_assert_uint_eq(p.len, 24);
}
END_TEST

START_TEST(decode_mult_flags_disc)
{
	uint8_t		 buf[64];
	struct bfd_pkt	 p;

	mkpkt(buf, sizeof(buf), BFD_DOWN, 0, 0, 1, 0);
	expect_drop(buf, 24, BFD_DROP_MULT);
	/* mult before flags */
	buf[1] |= BFD_F_MULTI;
	expect_drop(buf, 24, BFD_DROP_MULT);

	mkpkt(buf, sizeof(buf), BFD_DOWN, BFD_F_MULTI, 3, 1, 0);
	expect_drop(buf, 24, BFD_DROP_FLAGS);
	mkpkt(buf, sizeof(buf), BFD_UP, BFD_F_POLL | BFD_F_FINAL, 3, 1, 2);
	expect_drop(buf, 24, BFD_DROP_FLAGS);
	/* flags before My Discriminator */
	mkpkt(buf, sizeof(buf), BFD_UP, BFD_F_POLL | BFD_F_FINAL, 3, 0, 2);
	expect_drop(buf, 24, BFD_DROP_FLAGS);
	mkpkt(buf, sizeof(buf), BFD_UP, BFD_F_POLL, 3, 1, 2);
	expect_good(buf, 24, &p);
	ck_assert_uint_eq(p.flags, BFD_F_POLL);
	mkpkt(buf, sizeof(buf), BFD_UP, BFD_F_FINAL | BFD_F_DEMAND |
	    BFD_F_CPI, 3, 1, 2);
	expect_good(buf, 24, &p);
	ck_assert_uint_eq(p.flags, BFD_F_FINAL | BFD_F_DEMAND | BFD_F_CPI);

	mkpkt(buf, sizeof(buf), BFD_DOWN, 0, 3, 0, 0);
	expect_drop(buf, 24, BFD_DROP_MYDISC);
	/* My Discriminator before the Init state check */
	mkpkt(buf, sizeof(buf), BFD_UP, 0, 3, 0, 0);
	expect_drop(buf, 24, BFD_DROP_MYDISC);

	mkpkt(buf, sizeof(buf), BFD_UP, 0, 3, 7, 0);
	expect_drop(buf, 24, BFD_DROP_INITSTATE);
	mkpkt(buf, sizeof(buf), BFD_INIT, 0, 3, 7, 0);
	expect_drop(buf, 24, BFD_DROP_INITSTATE);
}
END_TEST

START_TEST(decode_good_states)
{
	uint8_t		 buf[64];
	struct bfd_pkt	 p;

	mkpkt(buf, sizeof(buf), BFD_DOWN, 0, 3, 7, 0);
	expect_good(buf, 24, &p);
	ck_assert_uint_eq(p.state, BFD_DOWN);
	ck_assert_uint_eq(p.your_disc, 0);
	mkpkt(buf, sizeof(buf), BFD_ADMINDOWN, 0, 3, 7, 0);
	expect_good(buf, 24, &p);
	ck_assert_uint_eq(p.state, BFD_ADMINDOWN);
	mkpkt(buf, sizeof(buf), BFD_UP, 0, 3, 7, 9);
	expect_good(buf, 24, &p);
	ck_assert_uint_eq(p.state, BFD_UP);
	ck_assert_uint_eq(p.your_disc, 9);
	mkpkt(buf, sizeof(buf), BFD_INIT, 0, 3, 7, 9);
	expect_good(buf, 24, &p);
	ck_assert_uint_eq(p.state, BFD_INIT);
	ck_assert_uint_eq(p.flags & BFD_F_AUTH, 0);
}
END_TEST

START_TEST(decode_trailing)
{
	uint8_t		 buf[64];
	struct bfd_pkt	 p;
	struct bfd_auth	 a;
	struct bfd_authstate st = { 0, 0 };
	size_t		 n;

	memset(buf, 0xa5, sizeof(buf));
	mkpkt(buf, sizeof(buf), BFD_DOWN, 0, 3, 7, 0);
	expect_good(buf, sizeof(buf), &p);
	ck_assert_uint_eq(p.len, 24);

	/* an authenticated packet with junk after Length verifies */
	memset(buf, 0xa5, sizeof(buf));
	n = vector_packet(&vectors[3], buf);
	expect_good(buf, sizeof(buf), &p);
	ck_assert_uint_eq(p.len, n);
	auth_init(&a, BFD_AUTH_KEYED_SHA1);
	ck_assert_int_eq(check(&a, buf, sizeof(buf), &st, NOW), -1);
	bfd_auth_clear(&a);
}
END_TEST

START_TEST(decode_auth_section)
{
	uint8_t		 buf[64];
	struct bfd_pkt	 p;
	size_t		 n;

	/* the MD5 vector: every field of the section */
	n = vector_packet(&vectors[1], buf);
	expect_good(buf, n, &p);
	ck_assert_uint_eq(p.auth_off, 24);
	ck_assert_uint_eq(p.auth_type, BFD_AUTH_KEYED_MD5);
	ck_assert_uint_eq(p.auth_len, 24);
	ck_assert_uint_eq(p.auth_keyid, 1);
	ck_assert_uint_eq(p.auth_seq, 0xf6362698);
	ck_assert_uint_eq(p.flags, BFD_F_AUTH);
	ck_assert_uint_eq(p.mult, 5);

	/* truncated: the datagram ends early */
	expect_drop(buf, n - 1, BFD_DROP_LENGTH);
	expect_drop(buf, 26, BFD_DROP_LENGTH);
	/* the section runs past Length */
	buf[3] = 40;
	expect_drop(buf, n, BFD_DROP_LENGTH);
	buf[3] = 26;
	expect_drop(buf, n, BFD_DROP_LENGTH);
	/* Auth Len too small for the section's own fields */
	vector_packet(&vectors[1], buf);
	buf[25] = 1;
	expect_drop(buf, n, BFD_DROP_AUTHLEN);
	buf[25] = 0;
	expect_drop(buf, n, BFD_DROP_AUTHLEN);
	buf[25] = 7;		/* no room for the sequence number */
	expect_drop(buf, n, BFD_DROP_AUTHLEN);
	buf[25] = 8;		/* the fields fit; auth.c judges the rest */
	expect_good(buf, n, &p);
	ck_assert_uint_eq(p.auth_seq, 0xf6362698);

	/* Simple: needs a key id */
	n = vector_packet(&vectors[0], buf);
	expect_good(buf, n, &p);
	ck_assert_uint_eq(p.auth_type, BFD_AUTH_SIMPLE);
	ck_assert_uint_eq(p.auth_len, 9);
	ck_assert_uint_eq(p.auth_keyid, 1);
	ck_assert_uint_eq(p.auth_seq, 0);
	buf[25] = 2;
	expect_drop(buf, n, BFD_DROP_AUTHLEN);

	/* a reserved type with only type and length decodes */
	mkpkt(buf, sizeof(buf), BFD_DOWN, BFD_F_AUTH, 3, 7, 0);
	buf[3] = 26;
	buf[24] = 0;
	buf[25] = 2;
	expect_good(buf, 26, &p);
	ck_assert_uint_eq(p.auth_type, 0);
	buf[24] = 200;
	expect_good(buf, 26, &p);
	ck_assert_uint_eq(p.auth_type, 200);
}
END_TEST

/* ------------------------------------------------------------- encode */

START_TEST(encode_roundtrip)
{
	uint8_t		 buf[64];
	struct bfd_pkt	 in, out;
	int		 state;

	for (state = 0; state < 4; state++) {
		memset(&in, 0, sizeof(in));
		in.vers = 7;		/* ignored: always 1 */
		in.diag = BFD_DIAG_REV_CONCAT;
		in.state = (uint8_t)state;
		in.flags = BFD_F_POLL | BFD_F_CPI | BFD_F_DEMAND;
		in.mult = 254;
		in.len = 99;		/* ignored: always 24 */
		in.my_disc = 0x01020304;
		in.your_disc = state >= BFD_INIT ? 0xfffffffe : 0;
		in.des_min_tx = 0x11223344;
		in.req_min_rx = 0x55667788;
		in.req_min_echo_rx = 0x99aabbcc;
		memset(buf, 0xff, sizeof(buf));
		ck_assert_uint_eq(bfd_encode(buf, sizeof(buf), &in), 24);
		ck_assert_uint_eq(buf[0], 0x20 | 8);
		ck_assert_uint_eq(buf[1], (state << 6) | 0x2a);
		ck_assert_uint_eq(buf[2], 254);
		ck_assert_uint_eq(buf[3], 24);
		ck_assert_uint_eq(buf[4], 0x01);
		ck_assert_uint_eq(buf[7], 0x04);
		ck_assert_uint_eq(buf[12], 0x11);
		ck_assert_uint_eq(buf[19], 0x88);
		ck_assert_uint_eq(buf[23], 0xcc);
		ck_assert_uint_eq(buf[24], 0xff);	/* untouched */
		expect_good(buf, 24, &out);
		ck_assert_uint_eq(out.vers, 1);
		ck_assert_uint_eq(out.diag, in.diag);
		ck_assert_uint_eq(out.state, in.state);
		ck_assert_uint_eq(out.flags, in.flags);
		ck_assert_uint_eq(out.mult, in.mult);
		ck_assert_uint_eq(out.len, 24);
		ck_assert_uint_eq(out.my_disc, in.my_disc);
		ck_assert_uint_eq(out.your_disc, in.your_disc);
		ck_assert_uint_eq(out.des_min_tx, in.des_min_tx);
		ck_assert_uint_eq(out.req_min_rx, in.req_min_rx);
		ck_assert_uint_eq(out.req_min_echo_rx, in.req_min_echo_rx);
	}
	/* the vectors' header, field by field */
	memset(&in, 0, sizeof(in));
	in.state = BFD_UP;
	in.mult = 5;
	in.my_disc = 0xdfe37253;
	in.your_disc = 0x14202b2d;
	in.des_min_tx = 100000;
	in.req_min_rx = 10000;
	ck_assert_uint_eq(bfd_encode(buf, 24, &in), 24);
	ck_assert_mem_eq(buf, vec_hdr, 24);
	/* out-of-range fields are masked, not spilled into neighbours */
	in.diag = 0xff;
	in.state = 0xff;
	in.flags = 0xff;
	bfd_encode(buf, 24, &in);
	ck_assert_uint_eq(buf[0], 0x3f);
	ck_assert_uint_eq(buf[1], 0xff);
	/* too small */
	memset(buf, 0xee, sizeof(buf));
	ck_assert_uint_eq(bfd_encode(buf, 23, &in), 0);
	ck_assert_uint_eq(buf[0], 0xee);
}
END_TEST

/* ---------------------------------------------------- known answers */

START_TEST(kat_sign)
{
	const struct vector *v = &vectors[_i];
	struct bfd_auth	 a;
	uint8_t		 buf[64], want[64];
	size_t		 n;
	int		 aflag;

	n = vector_packet(v, want);
	auth_init(&a, v->type);
	/* the A bit of the input does not matter */
	for (aflag = 0; aflag < 2; aflag++) {
		memset(buf, 0xcc, sizeof(buf));
		memcpy(buf, vec_hdr, BFD_HDRLEN);
		if (aflag)
			buf[1] |= BFD_F_AUTH;
		ck_assert_int_eq(bfd_auth_sign(&a, buf, sizeof(buf), v->seq,
		    NOW), (int)n);
		ck_assert_mem_eq(buf, want, n);
		ck_assert_uint_eq(buf[n], 0xcc);
	}
	/* exactly enough room, and one byte too little */
	memcpy(buf, vec_hdr, BFD_HDRLEN);
	ck_assert_int_eq(bfd_auth_sign(&a, buf, n, v->seq, NOW), (int)n);
	ck_assert_mem_eq(buf, want, n);
	memcpy(buf, vec_hdr, BFD_HDRLEN);
	memset(buf + BFD_HDRLEN, 0xcc, sizeof(buf) - BFD_HDRLEN);
	ck_assert_int_eq(bfd_auth_sign(&a, buf, n - 1, v->seq, NOW), -1);
	ck_assert_mem_eq(buf, vec_hdr, BFD_HDRLEN);
	ck_assert_uint_eq(buf[BFD_HDRLEN], 0xcc);
	bfd_auth_clear(&a);
}
END_TEST

START_TEST(kat_verify)
{
	const struct vector *v = &vectors[_i];
	struct bfd_auth	 a;
	struct bfd_authstate st = { 12345, 0 };
	uint8_t		 buf[64];
	size_t		 n;

	n = vector_packet(v, buf);
	auth_init(&a, v->type);
	ck_assert_int_eq(check(&a, buf, n, &st, NOW), -1);
	if (v->type == BFD_AUTH_SIMPLE) {
		ck_assert_uint_eq(st.seq_known, 0);
		ck_assert_uint_eq(st.rcv_seq, 12345);
	} else {
		ck_assert_uint_eq(st.seq_known, 1);
		ck_assert_uint_eq(st.rcv_seq, v->seq);
	}
	bfd_auth_clear(&a);
}
END_TEST

/* The reason a vector with one bit flipped fails, or -1 if it passes. */
static int
flip_reason(const struct vector *v, size_t byte, uint8_t bit)
{
	int	 digest = v->type != BFD_AUTH_SIMPLE;
	int	 ok = digest ? BFD_DROP_AUTHDIGEST : -1;
	uint8_t	 alen;

	if (byte == 0)
		return bit & 0xe0 ? BFD_DROP_VERSION : ok;
	if (byte == 1) {
		if (bit == BFD_F_MULTI)
			return BFD_DROP_FLAGS;
		if (bit == BFD_F_AUTH)
			return BFD_DROP_AUTHMISMATCH;
		return ok;	/* Up to Init or Down, P, F, C, D */
	}
	if (byte == 3)
		return BFD_DROP_LENGTH;
	if (byte < BFD_HDRLEN)
		return ok;
	switch (byte - BFD_HDRLEN) {
	case 0:
		return BFD_DROP_AUTHMISMATCH;
	case 1:
		alen = v->sec[1] ^ bit;
		if (alen < 2)
			return BFD_DROP_AUTHLEN;
		if (BFD_HDRLEN + alen > v->len)
			return BFD_DROP_LENGTH;
		return BFD_DROP_AUTHLEN;
	case 2:
		return BFD_DROP_AUTHKEYID;
	default:
		return digest ? BFD_DROP_AUTHDIGEST : BFD_DROP_AUTHPASSWORD;
	}
}

START_TEST(kat_bitflips)
{
	const struct vector *v = &vectors[_i];
	struct bfd_auth	 a;
	struct bfd_authstate st;
	uint8_t		 buf[64];
	size_t		 n, byte;
	int		 bit, got, want;

	auth_init(&a, v->type);
	n = vector_packet(v, buf);
	for (byte = 0; byte < n; byte++)
		for (bit = 0; bit < 8; bit++) {
			vector_packet(v, buf);
			buf[byte] ^= (uint8_t)(1 << bit);
			memset(&st, 0, sizeof(st));
			got = check(&a, buf, n, &st, NOW);
			want = flip_reason(v, byte, (uint8_t)(1 << bit));
			ck_assert_msg(got == want,
			    "%s: byte %zu bit %d: got %s, want %s",
			    bfd_auth_name(v->type), byte, bit,
			    got == -1 ? "pass" : bfd_drop_name(got),
			    want == -1 ? "pass" : bfd_drop_name(want));
			if (got != -1)
				ck_assert_int_eq(st.seq_known, 0);
		}
	bfd_auth_clear(&a);
}
END_TEST

/* ------------------------------------------------------- verify rules */

START_TEST(auth_presence_and_type)
{
	struct bfd_auth	 none, md5, met;
	struct bfd_authstate st = { 0, 0 };
	uint8_t		 buf[64];
	size_t		 n;

	auth_init(&none, BFD_AUTH_NONE);
	auth_init(&md5, BFD_AUTH_KEYED_MD5);
	auth_init(&met, BFD_AUTH_MET_MD5);
	n = mkpkt(buf, sizeof(buf), BFD_DOWN, 0, 3, 7, 0);
	ck_assert_int_eq(check(&none, buf, n, &st, NOW), -1);
	ck_assert_int_eq(check(&md5, buf, n, &st, NOW),
	    BFD_DROP_AUTHMISMATCH);
	n = vector_packet(&vectors[1], buf);
	ck_assert_int_eq(check(&none, buf, n, &st, NOW),
	    BFD_DROP_AUTHMISMATCH);
	ck_assert_int_eq(check(&met, buf, n, &st, NOW),
	    BFD_DROP_AUTHMISMATCH);
	ck_assert_int_eq(st.seq_known, 0);
	ck_assert_int_eq(check(&md5, buf, n, &st, NOW), -1);
	/* a reserved type is a mismatch too */
	buf[24] = 0;
	ck_assert_int_eq(check(&md5, buf, n, &st, NOW),
	    BFD_DROP_AUTHMISMATCH);
	buf[24] = 6;
	ck_assert_int_eq(check(&md5, buf, n, &st, NOW),
	    BFD_DROP_AUTHMISMATCH);
	bfd_auth_clear(&none);
	bfd_auth_clear(&md5);
	bfd_auth_clear(&met);
}
END_TEST

START_TEST(auth_check_order)
{
	struct bfd_auth	 a;
	struct bfd_authstate st = { 0, 0 };
	uint8_t		 buf[64];
	size_t		 n;

	/* Simple: key id before Auth Len (spec 3.8 item 37) */
	auth_init(&a, BFD_AUTH_SIMPLE);
	n = vector_packet(&vectors[0], buf);
	buf[25] = 8;
	ck_assert_int_eq(check(&a, buf, n, &st, NOW), BFD_DROP_AUTHLEN);
	buf[26] = 9;
	ck_assert_int_eq(check(&a, buf, n, &st, NOW), BFD_DROP_AUTHKEYID);
	bfd_auth_clear(&a);

	/* MD5: Auth Len, key id, sequence, digest (item 38) */
	auth_init(&a, BFD_AUTH_MET_MD5);
	n = vector_packet(&vectors[2], buf);
	st.seq_known = 1;
	st.rcv_seq = vectors[2].seq;	/* a replay: not in the window */
	buf[47] ^= 1;
	ck_assert_int_eq(check(&a, buf, n, &st, NOW), BFD_DROP_AUTHSEQ);
	buf[26] = 9;
	ck_assert_int_eq(check(&a, buf, n, &st, NOW), BFD_DROP_AUTHKEYID);
	buf[25] = 16;
	ck_assert_int_eq(check(&a, buf, n, &st, NOW), BFD_DROP_AUTHLEN);
	ck_assert_uint_eq(st.rcv_seq, vectors[2].seq);
	bfd_auth_clear(&a);
}
END_TEST

START_TEST(auth_verify_inconsistent)
{
	struct bfd_auth	 a;
	struct bfd_authstate st = { 0, 0 };
	struct bfd_pkt	 p;
	enum bfd_drop	 why;
	uint8_t		 buf[64];
	size_t		 n;

	/* a bfd_pkt that does not describe the buffer is never trusted */
	auth_init(&a, BFD_AUTH_KEYED_SHA1);
	n = vector_packet(&vectors[3], buf);
	expect_good(buf, n, &p);
	ck_assert_int_eq(bfd_auth_verify(&a, buf, n - 1, &p, &st, NOW, &why),
	    -1);
	ck_assert_int_eq(why, BFD_DROP_AUTHLEN);
	p.auth_off = 30;
	ck_assert_int_eq(bfd_auth_verify(&a, buf, n, &p, &st, NOW, &why), -1);
	ck_assert_int_eq(why, BFD_DROP_AUTHLEN);
	p.auth_off = SIZE_MAX - 3;	/* would wrap */
	ck_assert_int_eq(bfd_auth_verify(&a, buf, n, &p, &st, NOW, &why), -1);
	ck_assert_int_eq(why, BFD_DROP_AUTHLEN);
	ck_assert_int_eq(st.seq_known, 0);
	bfd_auth_clear(&a);
}
END_TEST

/* ------------------------------------------------------------ windows */

struct seqcase {
	uint32_t	 rcv;
	uint32_t	 seq;
	uint8_t		 mult;
	int		 keyed_ok;
	int		 meticulous_ok;
};

static const struct seqcase seqcases[] = {
	{ 100, 100, 5, 1, 0 },			/* equal */
	{ 100, 101, 5, 1, 1 },
	{ 100, 99, 5, 0, 0 },			/* behind */
	{ 100, 115, 5, 1, 1 },			/* edge: 3 * mult */
	{ 100, 116, 5, 0, 0 },
	{ 100, 103, 1, 1, 1 },
	{ 100, 104, 1, 0, 0 },
	{ 100, 100 + 765, 255, 1, 1 },
	{ 100, 100 + 766, 255, 0, 0 },
	{ 0xfffffffe, 0xfffffffe, 1, 1, 0 },	/* across 2^32 */
	{ 0xfffffffe, 0xffffffff, 1, 1, 1 },
	{ 0xfffffffe, 0, 1, 1, 1 },
	{ 0xfffffffe, 1, 1, 1, 1 },
	{ 0xfffffffe, 2, 1, 0, 0 },
	{ 0xfffffffe, 0xfffffffd, 1, 0, 0 },
	{ 0xffffffff, 0x80000000u, 5, 0, 0 },
	{ 0, 0xffffffff, 5, 0, 0 },
};
#define NSEQCASES	(sizeof(seqcases) / sizeof(seqcases[0]))

static void
seq_one(int type, const struct seqcase *c, int want_ok)
{
	struct bfd_auth	 a;
	struct bfd_authstate st;
	uint8_t		 buf[64];
	size_t		 n;
	int		 got;

	auth_init(&a, type);
	n = signed_packet(&a, buf, sizeof(buf), c->seq, c->mult, NOW);
	st.rcv_seq = c->rcv;
	st.seq_known = 1;
	got = check(&a, buf, n, &st, NOW);
	ck_assert_msg(got == (want_ok ? -1 : BFD_DROP_AUTHSEQ),
	    "%s: rcv %u seq %u mult %u: got %d", bfd_auth_name(type),
	    c->rcv, c->seq, c->mult, got);
	ck_assert_uint_eq(st.rcv_seq, want_ok ? c->seq : c->rcv);
	ck_assert_int_eq(st.seq_known, 1);
	/* unknown state: anything goes, and is then known */
	st.seq_known = 0;
	st.rcv_seq = c->rcv;
	ck_assert_int_eq(check(&a, buf, n, &st, NOW), -1);
	ck_assert_int_eq(st.seq_known, 1);
	ck_assert_uint_eq(st.rcv_seq, c->seq);
	bfd_auth_clear(&a);
}

START_TEST(seq_windows)
{
	const struct seqcase *c = &seqcases[_i];

	seq_one(BFD_AUTH_KEYED_MD5, c, c->keyed_ok);
	seq_one(BFD_AUTH_KEYED_SHA1, c, c->keyed_ok);
	seq_one(BFD_AUTH_MET_MD5, c, c->meticulous_ok);
	seq_one(BFD_AUTH_MET_SHA1, c, c->meticulous_ok);
}
END_TEST

START_TEST(seq_not_advanced_on_failure)
{
	struct bfd_auth	 a;
	struct bfd_authstate st;
	uint8_t		 buf[64];
	size_t		 n;
	int		 type;

	for (type = BFD_AUTH_KEYED_MD5; type <= BFD_AUTH_MET_SHA1; type++) {
		auth_init(&a, type);
		/* good sequence number, bad digest */
		n = signed_packet(&a, buf, sizeof(buf), 1001, 3, NOW);
		buf[n - 1] ^= 0x80;
		st.rcv_seq = 1000;
		st.seq_known = 1;
		ck_assert_int_eq(check(&a, buf, n, &st, NOW),
		    BFD_DROP_AUTHDIGEST);
		ck_assert_uint_eq(st.rcv_seq, 1000);
		ck_assert_int_eq(st.seq_known, 1);
		st.seq_known = 0;
		ck_assert_int_eq(check(&a, buf, n, &st, NOW),
		    BFD_DROP_AUTHDIGEST);
		ck_assert_int_eq(st.seq_known, 0);
		ck_assert_uint_eq(st.rcv_seq, 1000);
		/* the genuine packet still gets in afterwards */
		buf[n - 1] ^= 0x80;
		st.seq_known = 1;
		ck_assert_int_eq(check(&a, buf, n, &st, NOW), -1);
		ck_assert_uint_eq(st.rcv_seq, 1001);
		bfd_auth_clear(&a);
	}
}
END_TEST

START_TEST(keyed_vs_meticulous_replay)
{
	struct bfd_auth	 a;
	struct bfd_authstate st;
	uint8_t		 buf[64];
	size_t		 n;
	int		 type;

	for (type = BFD_AUTH_KEYED_MD5; type <= BFD_AUTH_MET_SHA1; type++) {
		auth_init(&a, type);
		n = signed_packet(&a, buf, sizeof(buf), 77, 3, NOW);
		memset(&st, 0, sizeof(st));
		ck_assert_int_eq(check(&a, buf, n, &st, NOW), -1);
		/* the same packet again: keyed allows it, meticulous not */
		ck_assert_int_eq(check(&a, buf, n, &st, NOW),
		    bfd_auth_meticulous(type) ? BFD_DROP_AUTHSEQ : -1);
		ck_assert_uint_eq(st.rcv_seq, 77);
		bfd_auth_clear(&a);
	}
	ck_assert_int_eq(bfd_auth_meticulous(BFD_AUTH_NONE), 0);
	ck_assert_int_eq(bfd_auth_meticulous(BFD_AUTH_SIMPLE), 0);
	ck_assert_int_eq(bfd_auth_meticulous(BFD_AUTH_KEYED_MD5), 0);
	ck_assert_int_eq(bfd_auth_meticulous(BFD_AUTH_MET_MD5), 1);
	ck_assert_int_eq(bfd_auth_meticulous(BFD_AUTH_KEYED_SHA1), 0);
	ck_assert_int_eq(bfd_auth_meticulous(BFD_AUTH_MET_SHA1), 1);
}
END_TEST

/* --------------------------------------------------------------- keys */

START_TEST(key_id_unknown)
{
	struct bfd_auth	 tx, rx;
	struct bfd_authstate st = { 0, 0 };
	uint8_t		 buf[64];
	size_t		 n;
	int		 type;

	for (type = BFD_AUTH_SIMPLE; type <= BFD_AUTH_MET_SHA1; type++) {
		memset(&tx, 0, sizeof(tx));
		TAILQ_INIT(&tx.keys);
		tx.type = type;
		add_key(&tx, 7, "secret", 6);
		auth_init(&rx, type);
		add_key(&rx, 8, "secret", 6);
		memset(&st, 0, sizeof(st));
		n = signed_packet(&tx, buf, sizeof(buf), 5, 3, NOW);
		ck_assert_uint_eq(buf[26], 7);
		ck_assert_int_eq(check(&rx, buf, n, &st, NOW),
		    BFD_DROP_AUTHKEYID);
		/* once the receiver knows id 7 it passes */
		add_key(&rx, 7, "secret", 6);
		ck_assert_int_eq(check(&rx, buf, n, &st, NOW), -1);
		bfd_auth_clear(&tx);
		bfd_auth_clear(&rx);
	}
}
END_TEST

START_TEST(key_send_window)
{
	struct bfd_auth	 a;
	struct bfd_key	*k1, *k2, *k3, *k4;
	const struct bfd_key *k;
	uint8_t		 buf[64], before[64];

	memset(&a, 0, sizeof(a));
	TAILQ_INIT(&a.keys);
	a.type = BFD_AUTH_KEYED_SHA1;
	/* nothing yet */
	ck_assert_ptr_null(bfd_auth_tx_key(&a, NOW));
	k1 = add_key(&a, 1, "one", 3);		/* always */
	k2 = add_key(&a, 2, "two", 3);
	k2->send_from = 1000;
	k2->send_to = 2000;
	k3 = add_key(&a, 3, "three", 5);
	k3->send_from = 1500;
	k4 = add_key(&a, 4, "four", 4);		/* over before it matters */
	k4->send_from = 1200;
	k4->send_to = 1300;
	ck_assert_ptr_eq(bfd_auth_tx_key(&a, 500), k1);
	ck_assert_ptr_eq(bfd_auth_tx_key(&a, 999), k1);
	ck_assert_ptr_eq(bfd_auth_tx_key(&a, 1000), k2);	/* inclusive */
	ck_assert_ptr_eq(bfd_auth_tx_key(&a, 1250), k4);	/* latest */
	ck_assert_ptr_eq(bfd_auth_tx_key(&a, 1301), k2);
	ck_assert_ptr_eq(bfd_auth_tx_key(&a, 1500), k3);
	ck_assert_ptr_eq(bfd_auth_tx_key(&a, 2500), k3);
	/* the one chosen is the one in the packet */
	mkpkt(buf, sizeof(buf), BFD_UP, 0, 3, 1, 2);
	ck_assert_int_eq(bfd_auth_sign(&a, buf, sizeof(buf), 1, 1250), 52);
	ck_assert_uint_eq(buf[26], 4);
	/* every key expired: no key, and sign leaves the packet alone */
	k1->send_to = 100;
	k3->send_to = 1600;
	ck_assert_ptr_null(bfd_auth_tx_key(&a, 3000));
	mkpkt(buf, sizeof(buf), BFD_UP, 0, 3, 1, 2);
	memcpy(before, buf, sizeof(buf));
	ck_assert_int_eq(bfd_auth_sign(&a, buf, sizeof(buf), 1, 3000), -1);
	ck_assert_mem_eq(buf, before, sizeof(buf));
	/* equal send_from: the first in the list */
	k1->send_to = 0;
	k3->send_from = 0;
	k3->send_to = 0;
	k = bfd_auth_tx_key(&a, 3000);
	ck_assert_ptr_eq(k, k1);
	bfd_auth_clear(&a);
}
END_TEST

START_TEST(key_accept_window)
{
	struct bfd_auth	 tx, rx;
	struct bfd_authstate st = { 0, 0 };
	struct bfd_key	*k;
	uint8_t		 buf[64];
	size_t		 n;

	auth_init(&tx, BFD_AUTH_KEYED_MD5);
	auth_init(&rx, BFD_AUTH_KEYED_MD5);
	k = TAILQ_FIRST(&rx.keys);
	k->accept_from = 1000;
	k->accept_to = 2000;
	/* the receiver's send window plays no part */
	k->send_to = 1;
	n = signed_packet(&tx, buf, sizeof(buf), 5, 3, NOW);
	ck_assert_int_eq(check(&rx, buf, n, &st, 999), BFD_DROP_AUTHKEYID);
	ck_assert_int_eq(check(&rx, buf, n, &st, 1000), -1);
	ck_assert_int_eq(check(&rx, buf, n, &st, 2000), -1);
	ck_assert_int_eq(check(&rx, buf, n, &st, 2001), BFD_DROP_AUTHKEYID);
	/* a second key of the same id with another window takes over */
	k = add_key(&rx, 1, "secret", 6);
	k->accept_from = 2001;
	ck_assert_int_eq(check(&rx, buf, n, &st, 2001), -1);
	ck_assert_int_eq(check(&rx, buf, n, &st, NOW), -1);
	/* the sender's accept window plays no part either */
	TAILQ_FIRST(&tx.keys)->accept_to = 1;
	ck_assert_int_eq(bfd_auth_sign(&tx, buf, sizeof(buf), 6, NOW), 48);
	bfd_auth_clear(&tx);
	bfd_auth_clear(&rx);
}
END_TEST

START_TEST(key_lengths)
{
	static const uint8_t long_key[21] = "abcdefghijklmnopqrstu";
	struct bfd_auth	 a;
	struct bfd_authstate st = { 0, 0 };
	struct bfd_key	*k;
	uint8_t		 buf[64];
	int		 type, n, max;

	ck_assert_int_eq(bfd_auth_max_keylen(BFD_AUTH_NONE), 0);
	ck_assert_int_eq(bfd_auth_max_keylen(BFD_AUTH_SIMPLE), 16);
	ck_assert_int_eq(bfd_auth_max_keylen(BFD_AUTH_KEYED_MD5), 16);
	ck_assert_int_eq(bfd_auth_max_keylen(BFD_AUTH_MET_MD5), 16);
	ck_assert_int_eq(bfd_auth_max_keylen(BFD_AUTH_KEYED_SHA1), 20);
	ck_assert_int_eq(bfd_auth_max_keylen(BFD_AUTH_MET_SHA1), 20);
	ck_assert_int_eq(bfd_auth_max_keylen(6), 0);
	ck_assert_int_eq(bfd_auth_max_keylen(-1), 0);

	for (type = BFD_AUTH_SIMPLE; type <= BFD_AUTH_MET_SHA1; type++) {
		max = bfd_auth_max_keylen(type);
		/* the longest key works, and fills the field exactly */
		memset(&a, 0, sizeof(a));
		TAILQ_INIT(&a.keys);
		a.type = type;
		add_key(&a, 1, long_key, (size_t)max);
		memset(&st, 0, sizeof(st));
		mkpkt(buf, sizeof(buf), BFD_UP, 0, 3, 1, 2);
		n = bfd_auth_sign(&a, buf, sizeof(buf), 9, NOW);
		ck_assert_int_eq(n, type == BFD_AUTH_SIMPLE ? 24 + 3 + max :
		    24 + 8 + max);
		if (type == BFD_AUTH_SIMPLE)
			ck_assert_mem_eq(buf + 27, long_key, (size_t)max);
		ck_assert_int_eq(check(&a, buf, (size_t)n, &st, NOW), -1);
		/* one byte longer is a key the type cannot have: unused */
		k = TAILQ_FIRST(&a.keys);
		k->len = (uint8_t)(max + 1 <= 20 ? max + 1 : 21);
		ck_assert_ptr_null(bfd_auth_tx_key(&a, NOW));
		ck_assert_int_eq(check(&a, buf, (size_t)n, &st, NOW),
		    BFD_DROP_AUTHKEYID);
		/* and so is an empty one */
		k->len = 0;
		ck_assert_ptr_null(bfd_auth_tx_key(&a, NOW));
		bfd_auth_clear(&a);
	}
	/* one-byte keys */
	auth_init(&a, BFD_AUTH_SIMPLE);
	TAILQ_FIRST(&a.keys)->len = 1;
	mkpkt(buf, sizeof(buf), BFD_UP, 0, 3, 1, 2);
	ck_assert_int_eq(bfd_auth_sign(&a, buf, sizeof(buf), 0, NOW), 28);
	ck_assert_uint_eq(buf[25], 4);
	ck_assert_uint_eq(buf[27], 's');
	bfd_auth_clear(&a);
}
END_TEST

/* BIRD's bug (spec 5 item 10): keys cut at the first NUL. */
START_TEST(key_nul_bytes)
{
	static const uint8_t k1[] = { 'a', 'b', 0, 'c', 'd' };
	static const uint8_t k2[] = { 'a', 'b', 0, 'x', 'y' };
	static const uint8_t k3[] = { 0, 0, 0, 0 };
	static const uint8_t k4[] = { 0, 0, 0, 1 };
	struct bfd_auth	 tx, rx;
	struct bfd_authstate st;
	uint8_t		 buf[64];
	size_t		 n;
	int		 type, bad;

	for (type = BFD_AUTH_SIMPLE; type <= BFD_AUTH_MET_SHA1; type++) {
		bad = type == BFD_AUTH_SIMPLE ? BFD_DROP_AUTHPASSWORD :
		    BFD_DROP_AUTHDIGEST;
		memset(&tx, 0, sizeof(tx));
		memset(&rx, 0, sizeof(rx));
		TAILQ_INIT(&tx.keys);
		TAILQ_INIT(&rx.keys);
		tx.type = rx.type = type;
		add_key(&tx, 1, k1, sizeof(k1));
		add_key(&rx, 1, k2, sizeof(k2));
		n = signed_packet(&tx, buf, sizeof(buf), 3, 3, NOW);
		memset(&st, 0, sizeof(st));
		ck_assert_int_eq(check(&rx, buf, n, &st, NOW), bad);
		ck_assert_int_eq(check(&tx, buf, n, &st, NOW), -1);
		if (type == BFD_AUTH_SIMPLE)
			ck_assert_mem_eq(buf + 27, k1, sizeof(k1));
		bfd_auth_clear(&tx);
		bfd_auth_clear(&rx);

		/* all-NUL keys differing in the last byte */
		memset(&tx, 0, sizeof(tx));
		memset(&rx, 0, sizeof(rx));
		TAILQ_INIT(&tx.keys);
		TAILQ_INIT(&rx.keys);
		tx.type = rx.type = type;
		add_key(&tx, 1, k3, sizeof(k3));
		add_key(&rx, 1, k4, sizeof(k4));
		n = signed_packet(&tx, buf, sizeof(buf), 3, 3, NOW);
		memset(&st, 0, sizeof(st));
		ck_assert_int_eq(check(&rx, buf, n, &st, NOW), bad);
		ck_assert_int_eq(check(&tx, buf, n, &st, NOW), -1);
		bfd_auth_clear(&tx);
		bfd_auth_clear(&rx);
	}
}
END_TEST

START_TEST(sign_none_and_bad_type)
{
	struct bfd_auth	 a;
	uint8_t		 buf[64], before[64];

	auth_init(&a, BFD_AUTH_NONE);
	mkpkt(buf, sizeof(buf), BFD_UP, BFD_F_AUTH | BFD_F_POLL, 3, 1, 2);
	buf[3] = 48;
	ck_assert_int_eq(bfd_auth_sign(&a, buf, sizeof(buf), 1, NOW), 24);
	ck_assert_uint_eq(buf[1], (BFD_UP << 6) | BFD_F_POLL);
	ck_assert_uint_eq(buf[3], 24);
	/* no room for even the mandatory section */
	ck_assert_int_eq(bfd_auth_sign(&a, buf, 23, 1, NOW), -1);
	/* a type we do not know */
	add_key(&a, 1, "secret", 6);
	a.type = 6;
	memcpy(before, buf, sizeof(buf));
	ck_assert_int_eq(bfd_auth_sign(&a, buf, sizeof(buf), 1, NOW), -1);
	a.type = -1;
	ck_assert_int_eq(bfd_auth_sign(&a, buf, sizeof(buf), 1, NOW), -1);
	ck_assert_mem_eq(buf, before, sizeof(buf));
	bfd_auth_clear(&a);
}
END_TEST

/* --------------------------------------------------- clear and copy */

/*
 * bfd_auth_clear must wipe a key before freeing it.  The test binary
 * links with --wrap=free so the bytes can be looked at just before they
 * go back to the allocator.
 */
void	 __wrap_free(void *);
void	 __real_free(void *);

static const void	*watch;
static int		 watch_seen, watch_wiped;

void
__wrap_free(void *ptr)
{
	const uint8_t	*b = ptr;
	size_t		 i;

	if (ptr != NULL && ptr == watch) {
		watch_seen = 1;
		watch_wiped = 1;
		for (i = 0; i < sizeof(struct bfd_key); i++)
			if (b[i] != 0)
				watch_wiped = 0;
	}
	__real_free(ptr);
}

START_TEST(clear_wipes)
{
	struct bfd_auth	 a;
	struct bfd_key	*k;

	auth_init(&a, BFD_AUTH_MET_SHA1);
	k = add_key(&a, 2, "another secret", 14);
	k->send_from = 5;
	watch = k;
	watch_seen = watch_wiped = 0;
	bfd_auth_clear(&a);
	watch = NULL;
	ck_assert_int_eq(watch_seen, 1);
	ck_assert_int_eq(watch_wiped, 1);
	ck_assert(TAILQ_EMPTY(&a.keys));
	ck_assert_int_eq(a.type, BFD_AUTH_NONE);
	/* clearing twice, and clearing a zeroed one, are harmless */
	bfd_auth_clear(&a);
	memset(&a, 0, sizeof(a));
	bfd_auth_clear(&a);
	ck_assert(TAILQ_EMPTY(&a.keys));
}
END_TEST

START_TEST(copy_deep)
{
	struct bfd_auth	 src, dst;
	struct bfd_key	*k, *c;
	uint8_t		 buf[64];
	struct bfd_authstate st = { 0, 0 };
	size_t		 n;

	auth_init(&src, BFD_AUTH_KEYED_SHA1);
	k = add_key(&src, 9, "ab\0cd", 5);
	k->send_from = 10;
	k->send_to = 20;
	k->accept_from = 30;
	k->accept_to = 40;
	/* into a zeroed struct: the copy initialises the list */
	memset(&dst, 0xff, sizeof(dst));
	memset(&dst, 0, sizeof(dst));
	ck_assert_int_eq(bfd_auth_copy(&dst, &src), 0);
	ck_assert_int_eq(dst.type, BFD_AUTH_KEYED_SHA1);
	c = TAILQ_FIRST(&dst.keys);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_ne(c, TAILQ_FIRST(&src.keys));
	ck_assert_uint_eq(c->id, 1);
	c = TAILQ_NEXT(c, entry);
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_ne(c, k);
	ck_assert_uint_eq(c->id, 9);
	ck_assert_uint_eq(c->len, 5);
	ck_assert_mem_eq(c->data, "ab\0cd", 5);
	ck_assert_int_eq(c->send_from, 10);
	ck_assert_int_eq(c->send_to, 20);
	ck_assert_int_eq(c->accept_from, 30);
	ck_assert_int_eq(c->accept_to, 40);
	ck_assert_ptr_null(TAILQ_NEXT(c, entry));
	/* the copy works on its own once the source is gone */
	n = signed_packet(&src, buf, sizeof(buf), 1, 3, NOW);
	bfd_auth_clear(&src);
	ck_assert_int_eq(check(&dst, buf, n, &st, NOW), -1);
	/* and into a cleared one; an empty source */
	bfd_auth_clear(&dst);
	ck_assert_int_eq(bfd_auth_copy(&dst, &src), 0);
	ck_assert(TAILQ_EMPTY(&dst.keys));
	ck_assert_int_eq(dst.type, BFD_AUTH_NONE);
	memset(&src, 0, sizeof(src));
	src.type = BFD_AUTH_SIMPLE;
	ck_assert_int_eq(bfd_auth_copy(&dst, &src), 0);
	ck_assert(TAILQ_EMPTY(&dst.keys));
	ck_assert_int_eq(dst.type, BFD_AUTH_SIMPLE);
	bfd_auth_clear(&dst);
}
END_TEST

/* -------------------------------------------------------------- names */

START_TEST(names)
{
	static const char *const drops[] = {
		"ttl", "short", "version", "length", "mult", "flags",
		"mydisc", "nosession", "initstate", "nomatch", "remoteid",
		"authmismatch", "authlen", "authkeyid", "authseq",
		"authdigest", "authpassword"
	};
	char		 fb[8];
	int		 i;

	ck_assert_str_eq(bfd_state_name(BFD_ADMINDOWN), "AdminDown");
	ck_assert_str_eq(bfd_state_name(BFD_DOWN), "Down");
	ck_assert_str_eq(bfd_state_name(BFD_INIT), "Init");
	ck_assert_str_eq(bfd_state_name(BFD_UP), "Up");
	ck_assert_str_eq(bfd_state_name(4), "Unknown(4)");
	ck_assert_str_eq(bfd_state_name(-1), "Unknown(-1)");

	ck_assert_str_eq(bfd_diag_name(0), "No Diagnostic");
	ck_assert_str_eq(bfd_diag_name(1), "Control Detection Time Expired");
	ck_assert_str_eq(bfd_diag_name(2), "Echo Function Failed");
	ck_assert_str_eq(bfd_diag_name(3), "Neighbor Signaled Session Down");
	ck_assert_str_eq(bfd_diag_name(4), "Forwarding Plane Reset");
	ck_assert_str_eq(bfd_diag_name(5), "Path Down");
	ck_assert_str_eq(bfd_diag_name(6), "Concatenated Path Down");
	ck_assert_str_eq(bfd_diag_name(7), "Administratively Down");
	ck_assert_str_eq(bfd_diag_name(8), "Reverse Concatenated Path Down");
	ck_assert_str_eq(bfd_diag_name(9), "Error #9");
	ck_assert_str_eq(bfd_diag_name(31), "Error #31");

	ck_assert_str_eq(bfd_diag_short(0), "None");
	ck_assert_str_eq(bfd_diag_short(1), "Time expired");
	ck_assert_str_eq(bfd_diag_short(2), "Echo failed");
	ck_assert_str_eq(bfd_diag_short(3), "Neighbor down");
	ck_assert_str_eq(bfd_diag_short(4), "Fwd plane reset");
	ck_assert_str_eq(bfd_diag_short(5), "Path down");
	ck_assert_str_eq(bfd_diag_short(6), "Concat path down");
	ck_assert_str_eq(bfd_diag_short(7), "Admin down");
	ck_assert_str_eq(bfd_diag_short(8), "Rev concat path down");
	ck_assert_str_eq(bfd_diag_short(12), "Error #12");

	ck_assert_uint_eq(sizeof(drops) / sizeof(drops[0]),
	    BFD_DROP_NREASONS);
	for (i = 0; i < BFD_DROP_NREASONS; i++)
		ck_assert_str_eq(bfd_drop_name((enum bfd_drop)i), drops[i]);
	ck_assert_str_eq(bfd_drop_name(BFD_DROP_NREASONS), "unknown");

	ck_assert_str_eq(bfd_auth_name(0), "None");
	ck_assert_str_eq(bfd_auth_name(1), "Simple");
	ck_assert_str_eq(bfd_auth_name(2), "Keyed MD5");
	ck_assert_str_eq(bfd_auth_name(3), "Meticulous keyed MD5");
	ck_assert_str_eq(bfd_auth_name(4), "Keyed SHA1");
	ck_assert_str_eq(bfd_auth_name(5), "Meticulous keyed SHA1");
	ck_assert_str_eq(bfd_auth_name(6), "Unknown");

	ck_assert_str_eq(bfd_auth_keyword(0), "none");
	ck_assert_str_eq(bfd_auth_keyword(1), "simple");
	ck_assert_str_eq(bfd_auth_keyword(2), "keyed-md5");
	ck_assert_str_eq(bfd_auth_keyword(3), "meticulous-keyed-md5");
	ck_assert_str_eq(bfd_auth_keyword(4), "keyed-sha1");
	ck_assert_str_eq(bfd_auth_keyword(5), "meticulous-keyed-sha1");
	for (i = 0; i < BFD_AUTH_NTYPES; i++)
		ck_assert_int_eq(bfd_auth_bykeyword(bfd_auth_keyword(i)), i);
	ck_assert_int_eq(bfd_auth_bykeyword(bfd_auth_keyword(6)), -1);
	ck_assert_int_eq(bfd_auth_bykeyword("md5"), -1);
	ck_assert_int_eq(bfd_auth_bykeyword("Keyed-MD5"), -1);
	ck_assert_int_eq(bfd_auth_bykeyword(""), -1);

	ck_assert_str_eq(bfd_flags_str(0, fb, sizeof(fb)), "");
	ck_assert_str_eq(bfd_flags_str(BFD_F_POLL | BFD_F_AUTH, fb,
	    sizeof(fb)), "PA");
	ck_assert_str_eq(bfd_flags_str(0x3f, fb, sizeof(fb)), "PFCADM");
	ck_assert_str_eq(bfd_flags_str(0xff, fb, sizeof(fb)), "PFCADM");
	ck_assert_str_eq(bfd_flags_str(BFD_F_MULTI | BFD_F_FINAL, fb,
	    sizeof(fb)), "FM");
	ck_assert_str_eq(bfd_flags_str(0x3f, fb, 3), "PF");
	fb[0] = 'x';
	bfd_flags_str(0x3f, fb, 0);
	ck_assert_int_eq(fb[0], 'x');
	ck_assert_str_eq(bfd_flags_str(0x3f, fb, 1), "");
}
END_TEST

static Suite *
bfd_packet_suite(void)
{
	Suite	*s = suite_create("bfd_packet");
	TCase	*tc;

	tc = tcase_create("decode");
	tcase_add_test(tc, decode_short);
	tcase_add_test(tc, decode_version);
	tcase_add_test(tc, decode_length);
	tcase_add_test(tc, decode_mult_flags_disc);
	tcase_add_test(tc, decode_good_states);
	tcase_add_test(tc, decode_trailing);
	tcase_add_test(tc, decode_auth_section);
	tcase_add_test(tc, encode_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("vectors");
	tcase_add_loop_test(tc, kat_sign, 0, NVECTORS);
	tcase_add_loop_test(tc, kat_verify, 0, NVECTORS);
	tcase_add_loop_test(tc, kat_bitflips, 0, NVECTORS);
	suite_add_tcase(s, tc);

	tc = tcase_create("verify");
	tcase_add_test(tc, auth_presence_and_type);
	tcase_add_test(tc, auth_check_order);
	tcase_add_test(tc, auth_verify_inconsistent);
	tcase_add_loop_test(tc, seq_windows, 0, NSEQCASES);
	tcase_add_test(tc, seq_not_advanced_on_failure);
	tcase_add_test(tc, keyed_vs_meticulous_replay);
	suite_add_tcase(s, tc);

	tc = tcase_create("keys");
	tcase_add_test(tc, key_id_unknown);
	tcase_add_test(tc, key_send_window);
	tcase_add_test(tc, key_accept_window);
	tcase_add_test(tc, key_lengths);
	tcase_add_test(tc, key_nul_bytes);
	tcase_add_test(tc, sign_none_and_bad_type);
	tcase_add_test(tc, clear_wipes);
	tcase_add_test(tc, copy_deep);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return t6_run_suite(bfd_packet_suite(), 0);
}
