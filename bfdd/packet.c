/* The BFD control packet (RFC 5880 section 4): decoding, encoding, names. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "bfdd.h"

/*
 * Decode a control packet and make the checks of RFC 5880 6.8.6 that
 * need no session, in the order of the spec (3.6 rows 0c, 1-6, 8, with
 * 5b after 5).  With A set the authentication section is then parsed
 * within the Length bytes:
 *  - a section running past Length is a Length error (BIRD's "packet
 *    length mismatch"): BFD_DROP_LENGTH;
 *  - Auth Len too small to hold the fields its type defines (2 for the
 *    reserved types, 3 for Simple, 8 for the MD5/SHA1 types) is
 *    BFD_DROP_AUTHLEN.
 * Whether Auth Len is right for the type and key is for auth.c.
 * Bytes after Length (RFC 5880 6.8.6 allows padding by the
 * encapsulation) are ignored; bytes between the end of the section and
 * Length are left alone here (they are covered by a digest).
 */
int
bfd_decode(const uint8_t *data, size_t size, struct bfd_pkt *p,
    enum bfd_drop *why)
{
	struct rbuf	 r, sec;
	uint8_t		 b0, b1, rsv;

	memset(p, 0, sizeof(*p));
	if (size < BFD_HDRLEN) {
		*why = BFD_DROP_SHORT;
		return -1;
	}
	rbuf_init(&r, data, size);
	rbuf_u8(&r, &b0);
	rbuf_u8(&r, &b1);
	rbuf_u8(&r, &p->mult);
	rbuf_u8(&r, &p->len);
	rbuf_u32(&r, &p->my_disc);
	rbuf_u32(&r, &p->your_disc);
	rbuf_u32(&r, &p->des_min_tx);
	rbuf_u32(&r, &p->req_min_rx);
	rbuf_u32(&r, &p->req_min_echo_rx);
	if (!rbuf_ok(&r)) {
		*why = BFD_DROP_SHORT;
		return -1;
	}
	p->vers = b0 >> 5;
	p->diag = b0 & 0x1f;
	p->state = b1 >> 6;
	p->flags = b1 & 0x3f;

	if (p->vers != BFD_VERSION) {
		*why = BFD_DROP_VERSION;
		return -1;
	}
	if (p->len < BFD_HDRLEN ||
	    ((p->flags & BFD_F_AUTH) && p->len < BFD_HDRLEN + 2) ||
	    p->len > size) {
		*why = BFD_DROP_LENGTH;
		return -1;
	}
	if (p->mult == 0) {
		*why = BFD_DROP_MULT;
		return -1;
	}
	if ((p->flags & BFD_F_MULTI) ||
	    (p->flags & (BFD_F_POLL | BFD_F_FINAL)) ==
	    (BFD_F_POLL | BFD_F_FINAL)) {
		*why = BFD_DROP_FLAGS;
		return -1;
	}
	if (p->my_disc == 0) {
		*why = BFD_DROP_MYDISC;
		return -1;
	}
	if (p->your_disc == 0 && p->state != BFD_DOWN &&
	    p->state != BFD_ADMINDOWN) {
		*why = BFD_DROP_INITSTATE;
		return -1;
	}
	if (!(p->flags & BFD_F_AUTH))
		return 0;

	/* The section lies within Length, not within the datagram. */
	rbuf_init(&r, data, p->len);
	rbuf_skip(&r, BFD_HDRLEN);
	p->auth_off = rbuf_offset(&r);
	rbuf_u8(&r, &p->auth_type);
	rbuf_u8(&r, &p->auth_len);
	if (!rbuf_ok(&r) || p->auth_len < 2) {
		*why = BFD_DROP_AUTHLEN;
		return -1;
	}
	if (rbuf_sub(&r, p->auth_len - 2, &sec) == -1) {
		*why = BFD_DROP_LENGTH;
		return -1;
	}
	if (p->auth_type >= BFD_AUTH_SIMPLE && p->auth_type < BFD_AUTH_NTYPES)
		rbuf_u8(&sec, &p->auth_keyid);
	if (p->auth_type >= BFD_AUTH_KEYED_MD5 &&
	    p->auth_type < BFD_AUTH_NTYPES) {
		rbuf_u8(&sec, &rsv);	/* ignored on receipt (4.3) */
		rbuf_u32(&sec, &p->auth_seq);
	}
	if (!rbuf_ok(&sec)) {
		*why = BFD_DROP_AUTHLEN;
		return -1;
	}
	return 0;
}

/*
 * The mandatory section.  Length is always 24 and Vers always 1
 * (p->vers and p->len are not used): the signer appends a section and
 * fixes Length, and a zeroed struct must not go out as version 0.
 */
size_t
bfd_encode(uint8_t *buf, size_t cap, const struct bfd_pkt *p)
{
	struct wbuf	 w;

	if (cap < BFD_HDRLEN)
		return 0;
	wbuf_init(&w, buf, cap);
	wbuf_u8(&w, (uint8_t)(BFD_VERSION << 5 | (p->diag & 0x1f)));
	wbuf_u8(&w, (uint8_t)((p->state & 0x03) << 6 | (p->flags & 0x3f)));
	wbuf_u8(&w, p->mult);
	wbuf_u8(&w, BFD_HDRLEN);
	wbuf_u32(&w, p->my_disc);
	wbuf_u32(&w, p->your_disc);
	wbuf_u32(&w, p->des_min_tx);
	wbuf_u32(&w, p->req_min_rx);
	wbuf_u32(&w, p->req_min_echo_rx);
	return wbuf_ok(&w) ? wbuf_len(&w) : 0;
}

/*
 * The names of values out of range are built in a static buffer of
 * each function, overwritten by its next call (bfdd is one thread).
 */

const char *
bfd_state_name(int state)
{
	static const char *const names[] = {
		"AdminDown", "Down", "Init", "Up"
	};
	static char	 other[24];

	if (state >= 0 && state < (int)(sizeof(names) / sizeof(names[0])))
		return names[state];
	snprintf(other, sizeof(other), "Unknown(%d)", state);
	return other;
}

const char *
bfd_diag_name(int diag)
{
	return bfdc_diag_name(diag);
}

/* BIRD's short names, for `show sessions`. */
const char *
bfd_diag_short(int diag)
{
	static const char *const names[] = {
		"None", "Time expired", "Echo failed", "Neighbor down",
		"Fwd plane reset", "Path down", "Concat path down",
		"Admin down", "Rev concat path down"
	};
	static char	 other[24];

	if (diag >= 0 && diag < (int)(sizeof(names) / sizeof(names[0])))
		return names[diag];
	snprintf(other, sizeof(other), "Error #%d", diag);
	return other;
}

/* The counter names of `bfdctl show counters`: scripts depend on them. */
const char *
bfd_drop_name(enum bfd_drop why)
{
	static const char *const names[BFD_DROP_NREASONS] = {
		[BFD_DROP_TTL] = "ttl",
		[BFD_DROP_SHORT] = "short",
		[BFD_DROP_VERSION] = "version",
		[BFD_DROP_LENGTH] = "length",
		[BFD_DROP_MULT] = "mult",
		[BFD_DROP_FLAGS] = "flags",
		[BFD_DROP_MYDISC] = "mydisc",
		[BFD_DROP_NOSESSION] = "nosession",
		[BFD_DROP_INITSTATE] = "initstate",
		[BFD_DROP_NOMATCH] = "nomatch",
		[BFD_DROP_REMOTEID] = "remoteid",
		[BFD_DROP_AUTHMISMATCH] = "authmismatch",
		[BFD_DROP_AUTHLEN] = "authlen",
		[BFD_DROP_AUTHKEYID] = "authkeyid",
		[BFD_DROP_AUTHSEQ] = "authseq",
		[BFD_DROP_AUTHDIGEST] = "authdigest",
		[BFD_DROP_AUTHPASSWORD] = "authpassword",
	};

	if ((unsigned)why >= BFD_DROP_NREASONS)
		return "unknown";
	return names[why];
}

static const char *const auth_names[BFD_AUTH_NTYPES] = {
	"None", "Simple", "Keyed MD5", "Meticulous keyed MD5", "Keyed SHA1",
	"Meticulous keyed SHA1"
};

static const char *const auth_keywords[BFD_AUTH_NTYPES] = {
	"none", "simple", "keyed-md5", "meticulous-keyed-md5", "keyed-sha1",
	"meticulous-keyed-sha1"
};

const char *
bfd_auth_name(int type)
{
	if (type < 0 || type >= BFD_AUTH_NTYPES)
		return "Unknown";
	return auth_names[type];
}

/* Out of range gives "unknown", which bfd_auth_bykeyword rejects. */
const char *
bfd_auth_keyword(int type)
{
	if (type < 0 || type >= BFD_AUTH_NTYPES)
		return "unknown";
	return auth_keywords[type];
}

int
bfd_auth_bykeyword(const char *word)
{
	int	 i;

	for (i = 0; i < BFD_AUTH_NTYPES; i++)
		if (strcmp(word, auth_keywords[i]) == 0)
			return i;
	return -1;
}

/* Always NUL-terminated when len > 0; letters that do not fit are lost. */
char *
bfd_flags_str(uint8_t flags, char *buf, size_t len)
{
	static const struct {
		uint8_t	 bit;
		char	 letter;
	} letters[] = {
		{ BFD_F_POLL, 'P' }, { BFD_F_FINAL, 'F' }, { BFD_F_CPI, 'C' },
		{ BFD_F_AUTH, 'A' }, { BFD_F_DEMAND, 'D' }, { BFD_F_MULTI, 'M' }
	};
	size_t	 i, n = 0;

	if (len == 0)
		return buf;
	for (i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
		if ((flags & letters[i].bit) && n + 1 < len)
			buf[n++] = letters[i].letter;
	buf[n] = '\0';
	return buf;
}
