/* BFD authentication (RFC 5880 6.7): the five types, keys, sequence windows. */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "buf.h"
#include "bfdd.h"

#define AUTH_HDRLEN	3	/* type, length, key id */
#define AUTH_SEQHDRLEN	8	/* and reserved, sequence number */
#define MD5_LEN		16
#define SHA1_LEN	20
#define AUTH_MAXLEN	(AUTH_SEQHDRLEN + SHA1_LEN)

/*
 * libbsd 0.11 has no timingsafe_bcmp; OpenSSL's CRYPTO_memcmp is the
 * same thing (time independent of the contents), and we link libcrypto
 * anyway.
 */
#define ct_differ(a, b, n)	(CRYPTO_memcmp((a), (b), (n)) != 0)

int
bfd_auth_meticulous(int type)
{
	return type == BFD_AUTH_MET_MD5 || type == BFD_AUTH_MET_SHA1;
}

/* Longest key for a type; 0 for none or an unknown type. */
int
bfd_auth_max_keylen(int type)
{
	switch (type) {
	case BFD_AUTH_SIMPLE:
	case BFD_AUTH_KEYED_MD5:
	case BFD_AUTH_MET_MD5:
		return MD5_LEN;
	case BFD_AUTH_KEYED_SHA1:
	case BFD_AUTH_MET_SHA1:
		return SHA1_LEN;
	default:
		return 0;
	}
}

/* Digest length of a type, 0 for the types without a digest. */
static size_t
digest_len(int type)
{
	switch (type) {
	case BFD_AUTH_KEYED_MD5:
	case BFD_AUTH_MET_MD5:
		return MD5_LEN;
	case BFD_AUTH_KEYED_SHA1:
	case BFD_AUTH_MET_SHA1:
		return SHA1_LEN;
	default:
		return 0;
	}
}

/* A window [from, to], both ends inclusive, 0 for no bound. */
static int
in_window(time_t from, time_t to, time_t now)
{
	return (from == 0 || from <= now) && (to == 0 || now <= to);
}

/* A key the configuration could not have made is never used. */
static int
key_fits(const struct bfd_key *k, int type)
{
	return k->len >= 1 && k->len <= bfd_auth_max_keylen(type) &&
	    k->len <= sizeof(k->data);
}

/*
 * The key to send with: among those whose send window holds now, the
 * one with the latest send_from (0, no bound, is the earliest); of
 * equals, the first in the list.
 */
const struct bfd_key *
bfd_auth_tx_key(const struct bfd_auth *a, time_t now)
{
	const struct bfd_key	*k, *best = NULL;

	TAILQ_FOREACH(k, &a->keys, entry) {
		if (!key_fits(k, a->type) ||
		    !in_window(k->send_from, k->send_to, now))
			continue;
		if (best == NULL || k->send_from > best->send_from)
			best = k;
	}
	return best;
}

/* The key a received packet names, if it may be accepted now. */
static const struct bfd_key *
rx_key(const struct bfd_auth *a, uint8_t id, time_t now)
{
	const struct bfd_key	*k;

	TAILQ_FOREACH(k, &a->keys, entry)
		if (k->id == id && key_fits(k, a->type) &&
		    in_window(k->accept_from, k->accept_to, now))
			return k;
	return NULL;
}

/* The key zero-padded to the digest length (RFC 5880 6.7.3). */
static void
pad_key(const struct bfd_key *k, uint8_t *out, size_t dlen)
{
	memset(out, 0, dlen);
	memcpy(out, k->data, k->len < dlen ? k->len : dlen);
}

/*
 * One context and the two algorithms, fetched once: EVP_Digest() would
 * look the algorithm up and allocate a context for every packet, which
 * at a thousand sessions every 10 ms is most of the cost of a digest.
 */
static int
digest(int type, const uint8_t *data, size_t len, uint8_t *out)
{
	static EVP_MD_CTX	*ctx;
	static EVP_MD		*md5, *sha1;
	EVP_MD			*md;
	unsigned int		 outlen;

	if (ctx == NULL && (ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	if (digest_len(type) == MD5_LEN) {
		if (md5 == NULL)
			md5 = EVP_MD_fetch(NULL, "MD5", NULL);
		md = md5;
	} else {
		if (sha1 == NULL)
			sha1 = EVP_MD_fetch(NULL, "SHA1", NULL);
		md = sha1;
	}
	if (md == NULL)
		return -1;
	if (EVP_DigestInit_ex(ctx, md, NULL) != 1 ||
	    EVP_DigestUpdate(ctx, data, len) != 1 ||
	    EVP_DigestFinal_ex(ctx, out, &outlen) != 1 ||
	    outlen != digest_len(type))
		return -1;
	return 0;
}

/*
 * Append the section to the 24 bytes of buf and set A and Length.  The
 * packet is built aside (with the padded key in the digest field, then
 * hashed) and copied back with the digest only when complete, so a
 * failure leaves buf as it was.  Type none clears A and sets Length 24.
 */
int
bfd_auth_sign(const struct bfd_auth *a, uint8_t *buf, size_t cap,
    uint32_t seq, time_t now)
{
	const struct bfd_key	*k = NULL;
	struct rbuf		 r;
	struct wbuf		 w;
	uint8_t			 pkt[BFD_HDRLEN + AUTH_MAXLEN];
	uint8_t			 pad[SHA1_LEN], md[SHA1_LEN];
	uint8_t			 flags;
	size_t			 dlen, alen, body;
	int			 ret = -1;

	if (a->type < 0 || a->type >= BFD_AUTH_NTYPES || cap < BFD_HDRLEN)
		return -1;
	if (a->type != BFD_AUTH_NONE &&
	    (k = bfd_auth_tx_key(a, now)) == NULL)
		return -1;
	dlen = digest_len(a->type);
	if (a->type == BFD_AUTH_NONE)
		alen = 0;
	else if (a->type == BFD_AUTH_SIMPLE)
		alen = AUTH_HDRLEN + k->len;
	else
		alen = AUTH_SEQHDRLEN + dlen;
	if (cap < BFD_HDRLEN + alen)
		return -1;

	rbuf_init(&r, buf, BFD_HDRLEN);
	rbuf_peek_u8(&r, 1, &flags);
	if (a->type == BFD_AUTH_NONE)
		flags &= ~BFD_F_AUTH;
	else
		flags |= BFD_F_AUTH;
	wbuf_init(&w, pkt, sizeof(pkt));
	wbuf_bytes(&w, rbuf_take(&r, BFD_HDRLEN), BFD_HDRLEN);
	wbuf_set_u8(&w, 1, flags);
	wbuf_set_u8(&w, 3, (uint8_t)(BFD_HDRLEN + alen));
	if (a->type != BFD_AUTH_NONE) {
		wbuf_u8(&w, (uint8_t)a->type);
		wbuf_u8(&w, (uint8_t)alen);
		wbuf_u8(&w, k->id);
	}
	if (a->type == BFD_AUTH_SIMPLE)
		wbuf_bytes(&w, k->data, k->len);
	else if (dlen > 0) {
		wbuf_u8(&w, 0);		/* reserved */
		wbuf_u32(&w, seq);
		pad_key(k, pad, dlen);
		wbuf_bytes(&w, pad, dlen);
		explicit_bzero(pad, sizeof(pad));
	}
	if (!wbuf_ok(&w) || (dlen > 0 &&
	    digest(a->type, wbuf_data(&w), wbuf_len(&w), md) == -1))
		goto out;
	body = wbuf_len(&w) - dlen;
	rbuf_init(&r, pkt, body);
	wbuf_init(&w, buf, cap);
	wbuf_bytes(&w, rbuf_take(&r, body), body);
	wbuf_bytes(&w, md, dlen);
	if (wbuf_ok(&w))
		ret = (int)wbuf_len(&w);
out:
	explicit_bzero(pkt, sizeof(pkt));
	return ret;
}

/*
 * Is seq in the window of RFC 5880 6.7.3, counted from the last
 * accepted number in 32-bit circular arithmetic: [rcv, rcv + 3 * mult]
 * for keyed, [rcv + 1, rcv + 3 * mult] for meticulous.  mult is the
 * received Detect Mult (spec 3.8 item 38: the packets the sender may
 * lose in a row), not ours as in BIRD.
 */
static int
seq_in_window(int type, uint32_t rcv, uint32_t seq, uint8_t mult)
{
	uint32_t	 ahead = seq - rcv;

	if (bfd_auth_meticulous(type) && ahead == 0)
		return 0;
	return ahead <= 3 * (uint32_t)mult;
}

static int
verify_simple(const struct bfd_auth *a, struct rbuf *r,
    const struct bfd_pkt *p, time_t now, enum bfd_drop *why)
{
	const struct bfd_key	*k;
	const uint8_t		*pw;

	if ((k = rx_key(a, p->auth_keyid, now)) == NULL) {
		*why = BFD_DROP_AUTHKEYID;
		return -1;
	}
	if (p->auth_len != AUTH_HDRLEN + k->len) {
		*why = BFD_DROP_AUTHLEN;
		return -1;
	}
	rbuf_skip(r, AUTH_HDRLEN);
	if ((pw = rbuf_take(r, k->len)) == NULL) {
		*why = BFD_DROP_AUTHLEN;
		return -1;
	}
	if (ct_differ(pw, k->data, k->len)) {
		*why = BFD_DROP_AUTHPASSWORD;
		return -1;
	}
	return 0;
}

/*
 * Rebuild the packet (Length bytes) with the padded key in place of
 * the digest, hash it, and compare with what was received.
 */
static int
verify_digest(const struct bfd_auth *a, const uint8_t *buf,
    const struct bfd_pkt *p, const struct bfd_authstate *st, time_t now,
    enum bfd_drop *why)
{
	const struct bfd_key	*k;
	const uint8_t		*head, *got, *tail;
	struct rbuf		 r;
	struct wbuf		 w;
	uint8_t			 pkt[256];	/* Length is one byte */
	uint8_t			 pad[SHA1_LEN], md[SHA1_LEN];
	size_t			 dlen = digest_len(a->type), headlen, taillen;
	int			 bad;

	if (p->auth_len != AUTH_SEQHDRLEN + dlen) {
		*why = BFD_DROP_AUTHLEN;
		return -1;
	}
	if ((k = rx_key(a, p->auth_keyid, now)) == NULL) {
		*why = BFD_DROP_AUTHKEYID;
		return -1;
	}
	if (st->seq_known &&
	    !seq_in_window(a->type, st->rcv_seq, p->auth_seq, p->mult)) {
		*why = BFD_DROP_AUTHSEQ;
		return -1;
	}
	headlen = p->auth_off + AUTH_SEQHDRLEN;
	rbuf_init(&r, buf, p->len);
	head = rbuf_take(&r, headlen);
	got = rbuf_take(&r, dlen);
	tail = rbuf_rest(&r, &taillen);
	if (head == NULL || got == NULL || tail == NULL) {
		*why = BFD_DROP_AUTHLEN;
		return -1;
	}
	pad_key(k, pad, dlen);
	wbuf_init(&w, pkt, sizeof(pkt));
	wbuf_bytes(&w, head, headlen);
	wbuf_bytes(&w, pad, dlen);
	wbuf_bytes(&w, tail, taillen);
	explicit_bzero(pad, sizeof(pad));
	bad = !wbuf_ok(&w) ||
	    digest(a->type, wbuf_data(&w), wbuf_len(&w), md) == -1 ||
	    ct_differ(md, got, dlen);
	explicit_bzero(pkt, sizeof(pkt));
	if (bad) {
		*why = BFD_DROP_AUTHDIGEST;
		return -1;
	}
	return 0;
}

/*
 * Checks in the order of spec 3.6 rows 10-12 and 3.8 items 37-38.  The
 * replay state moves only once the digest is right, so a forged packet
 * with a plausible sequence number cannot push the window (the RFC's
 * text would set it first).
 */
int
bfd_auth_verify(const struct bfd_auth *a, const uint8_t *buf, size_t len,
    const struct bfd_pkt *p, struct bfd_authstate *st, time_t now,
    enum bfd_drop *why)
{
	struct rbuf	 r;

	if (a->type == BFD_AUTH_NONE) {
		if (p->flags & BFD_F_AUTH) {
			*why = BFD_DROP_AUTHMISMATCH;
			return -1;
		}
		return 0;
	}
	if (!(p->flags & BFD_F_AUTH) || p->auth_type != a->type) {
		*why = BFD_DROP_AUTHMISMATCH;
		return -1;
	}
	/* p must describe buf; never trust that beyond the bounds */
	if (p->len > len || p->auth_off < BFD_HDRLEN || p->auth_off > p->len ||
	    p->auth_len > p->len - p->auth_off) {
		*why = BFD_DROP_AUTHLEN;
		return -1;
	}
	if (a->type == BFD_AUTH_SIMPLE) {
		rbuf_init(&r, buf, p->len);
		rbuf_skip(&r, p->auth_off);
		return verify_simple(a, &r, p, now, why);
	}
	if (digest_len(a->type) == 0) {
		*why = BFD_DROP_AUTHMISMATCH;
		return -1;
	}
	if (verify_digest(a, buf, p, st, now, why) == -1)
		return -1;
	st->rcv_seq = p->auth_seq;
	st->seq_known = 1;
	return 0;
}

/* Wipe and free every key; the list is left empty and valid. */
void
bfd_auth_clear(struct bfd_auth *a)
{
	struct bfd_key	*k;

	while ((k = TAILQ_FIRST(&a->keys)) != NULL) {
		TAILQ_REMOVE(&a->keys, k, entry);
		explicit_bzero(k, sizeof(*k));
		free(k);
	}
	TAILQ_INIT(&a->keys);
	a->type = BFD_AUTH_NONE;
}

/*
 * Deep copy.  dst is taken as holding no keys (zeroed, or emptied by
 * bfd_auth_clear): its list head is initialised here and anything on it
 * would be lost.  On failure dst is left empty, type none, and -1 is
 * returned.
 */
int
bfd_auth_copy(struct bfd_auth *dst, const struct bfd_auth *src)
{
	const struct bfd_key	*k;
	struct bfd_key		*n;

	TAILQ_INIT(&dst->keys);
	dst->type = src->type;
	TAILQ_FOREACH(k, &src->keys, entry) {
		if ((n = malloc(sizeof(*n))) == NULL) {
			bfd_auth_clear(dst);
			return -1;
		}
		memcpy(n, k, sizeof(*n));
		TAILQ_INSERT_TAIL(&dst->keys, n, entry);
	}
	return 0;
}
