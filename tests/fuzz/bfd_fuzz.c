/*
 * Fuzz bfdd's control packet decoder and authentication: a datagram is
 * decoded and must encode back to its bytes; it is verified against a
 * session of every authentication type (the replay state may move only
 * on success); and its mandatory section is signed with every type,
 * which must decode and verify again, and fail once tampered with.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bfdd.h"
#include "fuzz.h"

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

#define NOW		1700000000

static struct bfd_auth	 sessions[BFD_AUTH_NTYPES];
static int		 ready;

static void
add_key(struct bfd_auth *a, uint8_t id, const void *data, size_t len,
    time_t from, time_t to)
{
	struct bfd_key	*k;

	if ((k = calloc(1, sizeof(*k))) == NULL)
		abort();
	k->id = id;
	k->len = (uint8_t)len;
	memcpy(k->data, data, len);
	k->send_from = k->accept_from = from;
	k->send_to = k->accept_to = to;
	TAILQ_INSERT_TAIL(&a->keys, k, entry);
}

/*
 * Every type with the keys of the spec's vectors (id 1 "secret"), a
 * longest key with NUL bytes (id 2), a key that is current and the
 * latest (id 3, so the one sent with) and an expired one (id 4).
 */
static void
setup(void)
{
	static const uint8_t nul[20] = { 'k', 0, 'e', 0, 'y', 0, 0, 1,
	    2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 };
	int	 t, max;

	for (t = 0; t < BFD_AUTH_NTYPES; t++) {
		TAILQ_INIT(&sessions[t].keys);
		sessions[t].type = t;
		if (t == BFD_AUTH_NONE)
			continue;
		max = bfd_auth_max_keylen(t);
		add_key(&sessions[t], 1, "secret", 6, 0, 0);
		add_key(&sessions[t], 2, nul, (size_t)max, 0, 0);
		add_key(&sessions[t], 3, "current", 7, NOW - 100, NOW + 100);
		add_key(&sessions[t], 4, "expired", 7, 1, NOW - 1);
	}
	ready = 1;
}

static int
is_decode_reason(enum bfd_drop why)
{
	switch (why) {
	case BFD_DROP_SHORT:
	case BFD_DROP_VERSION:
	case BFD_DROP_LENGTH:
	case BFD_DROP_MULT:
	case BFD_DROP_FLAGS:
	case BFD_DROP_MYDISC:
	case BFD_DROP_INITSTATE:
	case BFD_DROP_AUTHLEN:
		return 1;
	default:
		return 0;
	}
}

static int
is_auth_reason(enum bfd_drop why)
{
	return why >= BFD_DROP_AUTHMISMATCH && why <= BFD_DROP_AUTHPASSWORD;
}

static void
check_decoded(const uint8_t *data, size_t size, const struct bfd_pkt *p)
{
	char	 fl[8];

	CHECK(p->vers == BFD_VERSION);
	CHECK(p->len >= BFD_HDRLEN && p->len <= size);
	CHECK(p->mult != 0);
	CHECK(!(p->flags & BFD_F_MULTI));
	CHECK((p->flags & (BFD_F_POLL | BFD_F_FINAL)) !=
	    (BFD_F_POLL | BFD_F_FINAL));
	CHECK(p->my_disc != 0);
	CHECK(p->your_disc != 0 || p->state == BFD_DOWN ||
	    p->state == BFD_ADMINDOWN);
	if (p->flags & BFD_F_AUTH) {
		CHECK(p->auth_off == BFD_HDRLEN);
		CHECK(p->auth_len >= 2);
		CHECK(p->auth_off + p->auth_len <= p->len);
		if (p->auth_type >= BFD_AUTH_KEYED_MD5 &&
		    p->auth_type <= BFD_AUTH_MET_SHA1)
			CHECK(p->auth_len >= 8);
	} else
		CHECK(p->auth_type == 0 && p->auth_len == 0);
	CHECK(bfd_state_name(p->state) != NULL);
	CHECK(bfd_diag_name(p->diag) != NULL);
	CHECK(bfd_diag_short(p->diag) != NULL);
	CHECK(bfd_auth_name(p->auth_type) != NULL);
	CHECK(strlen(bfd_flags_str(p->flags, fl, sizeof(fl))) <= 6);
}

/* Verify against every session, from no state and from a known one. */
static void
verify_all(const uint8_t *data, size_t size, const struct bfd_pkt *p)
{
	struct bfd_authstate	 st, before;
	enum bfd_drop		 why;
	int			 t, known, r;

	for (t = 0; t < BFD_AUTH_NTYPES; t++)
		for (known = 0; known < 2; known++) {
			st.seq_known = known;
			st.rcv_seq = p->auth_seq - (uint32_t)(size & 15);
			before = st;
			why = BFD_DROP_NREASONS;
			r = bfd_auth_verify(&sessions[t], data, size, p, &st,
			    NOW, &why);
			if (r == -1) {
				CHECK(is_auth_reason(why));
				CHECK(st.rcv_seq == before.rcv_seq &&
				    st.seq_known == before.seq_known);
				continue;
			}
			CHECK(r == 0);
			if (t == BFD_AUTH_NONE) {
				CHECK(!(p->flags & BFD_F_AUTH));
				continue;
			}
			CHECK((p->flags & BFD_F_AUTH) && p->auth_type == t);
			if (t == BFD_AUTH_SIMPLE) {
				CHECK(st.rcv_seq == before.rcv_seq &&
				    st.seq_known == before.seq_known);
				continue;
			}
			CHECK(st.seq_known && st.rcv_seq == p->auth_seq);
			/* the same packet again: a replay */
			r = bfd_auth_verify(&sessions[t], data, size, p, &st,
			    NOW, &why);
			if (bfd_auth_meticulous(t))
				CHECK(r == -1 && why == BFD_DROP_AUTHSEQ);
			else
				CHECK(r == 0);
		}
}

/* Sign the mandatory section with every type; it must verify. */
static void
sign_all(const uint8_t *hdr, const struct bfd_pkt *p, const uint8_t *data,
    size_t size)
{
	struct bfd_authstate	 st;
	struct bfd_pkt		 q;
	enum bfd_drop		 why;
	uint8_t			 buf[BFD_PKTMAX], save[BFD_PKTMAX];
	uint32_t		 seq = p->my_disc ^ p->des_min_tx;
	size_t			 at;
	int			 t, n, other;

	for (t = 0; t < BFD_AUTH_NTYPES; t++) {
		memset(buf, 0xa5, sizeof(buf));
		memcpy(buf, hdr, BFD_HDRLEN);
		n = bfd_auth_sign(&sessions[t], buf, sizeof(buf), seq, NOW);
		CHECK(n >= BFD_HDRLEN && n <= 52);
		CHECK(buf[3] == n);
		CHECK(buf[n] == 0xa5 || n == BFD_PKTMAX);
		CHECK(bfd_decode(buf, (size_t)n, &q, &why) == 0);
		CHECK(q.len == n && q.state == p->state && q.diag == p->diag &&
		    q.mult == p->mult && q.my_disc == p->my_disc &&
		    q.your_disc == p->your_disc &&
		    q.des_min_tx == p->des_min_tx &&
		    q.req_min_rx == p->req_min_rx &&
		    q.req_min_echo_rx == p->req_min_echo_rx);
		CHECK((q.flags & ~BFD_F_AUTH) == (p->flags & ~BFD_F_AUTH));
		memset(&st, 0, sizeof(st));
		if (t == BFD_AUTH_NONE) {
			CHECK(n == BFD_HDRLEN && !(q.flags & BFD_F_AUTH));
			CHECK(bfd_auth_verify(&sessions[t], buf, (size_t)n, &q,
			    &st, NOW, &why) == 0);
			continue;
		}
		CHECK(q.flags & BFD_F_AUTH);
		CHECK(q.auth_type == t && q.auth_keyid == 3);
		CHECK(bfd_auth_verify(&sessions[t], buf, (size_t)n, &q, &st,
		    NOW, &why) == 0);
		if (t != BFD_AUTH_SIMPLE) {
			CHECK(st.seq_known && st.rcv_seq == seq);
			CHECK(q.auth_seq == seq);
			CHECK((bfd_auth_verify(&sessions[t], buf, (size_t)n,
			    &q, &st, NOW, &why) == 0) ==
			    !bfd_auth_meticulous(t));
		}
		/* another type's session never accepts it */
		other = t % (BFD_AUTH_NTYPES - 1) + 1;
		memset(&st, 0, sizeof(st));
		CHECK(bfd_auth_verify(&sessions[other], buf, (size_t)n, &q,
		    &st, NOW, &why) == -1 && why == BFD_DROP_AUTHMISMATCH);
		CHECK(bfd_auth_verify(&sessions[BFD_AUTH_NONE], buf,
		    (size_t)n, &q, &st, NOW, &why) == -1 &&
		    why == BFD_DROP_AUTHMISMATCH);

		/* no room: -1 and the buffer untouched */
		memcpy(save, buf, sizeof(buf));
		CHECK(bfd_auth_sign(&sessions[t], buf, (size_t)n - 1, seq,
		    NOW) == -1);
		CHECK(memcmp(save, buf, sizeof(buf)) == 0);

		/* a digest covers every byte: tamper with one, chosen by
		   the input */
		if (t == BFD_AUTH_SIMPLE || size < 2 || data[1] == 0)
			continue;
		at = data[0] % (size_t)n;
		buf[at] ^= data[1];
		memset(&st, 0, sizeof(st));
		CHECK(bfd_decode(buf, (size_t)n, &q, &why) == -1 ||
		    bfd_auth_verify(&sessions[t], buf, (size_t)n, &q, &st,
		    NOW, &why) == -1);
		CHECK(st.seq_known == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bfd_pkt	 p, q;
	enum bfd_drop	 why = BFD_DROP_NREASONS;
	uint8_t		 enc[BFD_HDRLEN];

	if (!ready)
		setup();
	if (bfd_decode(data, size, &p, &why) == -1) {
		CHECK(is_decode_reason(why));
		CHECK(size >= BFD_HDRLEN || why == BFD_DROP_SHORT);
		return 0;
	}
	check_decoded(data, size, &p);

	/* the mandatory section encodes back to its bytes, Length aside */
	CHECK(bfd_encode(enc, sizeof(enc), &p) == BFD_HDRLEN);
	CHECK(memcmp(enc, data, 3) == 0 && enc[3] == BFD_HDRLEN);
	CHECK(memcmp(enc + 4, data + 4, BFD_HDRLEN - 4) == 0);
	if (!(p.flags & BFD_F_AUTH)) {
		CHECK(bfd_decode(enc, sizeof(enc), &q, &why) == 0);
		CHECK(q.len == BFD_HDRLEN && q.vers == p.vers &&
		    q.diag == p.diag && q.state == p.state &&
		    q.flags == p.flags && q.mult == p.mult &&
		    q.my_disc == p.my_disc && q.your_disc == p.your_disc &&
		    q.des_min_tx == p.des_min_tx &&
		    q.req_min_rx == p.req_min_rx &&
		    q.req_min_echo_rx == p.req_min_echo_rx);
	}

	verify_all(data, size, &p);
	sign_all(enc, &p, data, size);
	return 0;
}
