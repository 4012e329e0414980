/*
 * Unit tests for bfdd's session state machine: every row of the RFC 5880
 * state table, timer negotiation, jitter bounds, poll sequences, the
 * passive role, AdminDown, path down, and the sequence numbers.
 */
#include <string.h>

#include "bfdd.h"
#include "t6check.h"

#define MS	1000ULL
#define SEC	1000000ULL

static struct bfd_session	 s;
static struct bfd_params	 p;
static uint32_t			 rnd_next;

/* A predictable "random" source: 0, 1, 2, ... unless set. */
static uint32_t
test_random(void)
{
	return rnd_next++;
}

static void
setup(void)
{
	bfd_random = test_random;
	rnd_next = 0;
	memset(&s, 0, sizeof(s));
	memset(&p, 0, sizeof(p));
	p.min_rx = 300 * MS;
	p.min_tx = 300 * MS;
	p.idle_tx = 1 * SEC;
	p.mult = 3;
	TAILQ_INIT(&s.auth.keys);
	bfd_sess_init(&s, &p, 0x1111, 10 * SEC);
}

/* A packet from the peer. */
static struct bfd_pkt
peer(int state, int flags)
{
	struct bfd_pkt	 q;

	memset(&q, 0, sizeof(q));
	q.vers = 1;
	q.state = (uint8_t)state;
	q.flags = (uint8_t)flags;
	q.mult = 3;
	q.len = 24;
	q.my_disc = 0x2222;
	q.your_disc = state == BFD_DOWN ? 0 : 0x1111;
	q.des_min_tx = 300 * MS;
	q.req_min_rx = 300 * MS;
	return q;
}

static void
to_state(int want)
{
	struct bfd_pkt	 q;

	if (want == BFD_DOWN)
		return;
	q = peer(BFD_DOWN, 0);
	bfd_sess_recv(&s, &q, 11 * SEC);
	ck_assert_int_eq(s.state, BFD_INIT);
	if (want == BFD_INIT)
		return;
	q = peer(BFD_UP, 0);
	bfd_sess_recv(&s, &q, 11 * SEC + 100 * MS);
	ck_assert_int_eq(s.state, BFD_UP);
}

/* Up at interval ival both ways (the poll of the change answered). */
static void
up_at(uint32_t ival)
{
	struct bfd_pkt	 q;

	p.min_tx = p.min_rx = ival;
	bfd_sess_init(&s, &p, 0x1111, 10 * SEC);
	to_state(BFD_UP);
	q = peer(BFD_UP, BFD_F_FINAL);
	q.req_min_rx = ival;
	bfd_sess_recv(&s, &q, 12 * SEC);
}

START_TEST(init_values)
{
	ck_assert_int_eq(s.state, BFD_DOWN);
	ck_assert_int_eq(s.remote_state, BFD_DOWN);
	ck_assert_uint_eq(s.local_disc, 0x1111);
	ck_assert_uint_eq(s.remote_disc, 0);
	/* not Up: at least a second between packets (6.8.3) */
	ck_assert_uint_eq(s.des_min_tx, 1 * SEC);
	ck_assert_uint_eq(s.req_min_rx, 300 * MS);
	ck_assert_uint_eq(s.remote_min_rx, 1);
	ck_assert_uint_eq(s.next_tx, 10 * SEC);	/* speaks at once */
	ck_assert_uint_eq(s.detect_at, 0);	/* no packet yet */
	/* idle-tx below a second is raised to one */
	p.idle_tx = 300 * MS;
	bfd_sess_init(&s, &p, 1, 0);
	ck_assert_uint_eq(s.des_min_tx, 1 * SEC);
}
END_TEST

/* The state table of RFC 5880 6.8.6, row by row. */
struct row {
	int	 from, rx, to, diag;
};

START_TEST(state_table)
{
	static const struct row	 rows[] = {
		{ BFD_DOWN, BFD_DOWN, BFD_INIT, BFD_DIAG_NONE },
		{ BFD_DOWN, BFD_INIT, BFD_UP, BFD_DIAG_NONE },
		{ BFD_DOWN, BFD_UP, BFD_DOWN, -1 },
		{ BFD_DOWN, BFD_ADMINDOWN, BFD_DOWN, -1 },
		{ BFD_INIT, BFD_ADMINDOWN, BFD_DOWN, BFD_DIAG_NEIGHBOR_DOWN },
		{ BFD_INIT, BFD_DOWN, BFD_INIT, -1 },
		{ BFD_INIT, BFD_INIT, BFD_UP, BFD_DIAG_NONE },
		{ BFD_INIT, BFD_UP, BFD_UP, BFD_DIAG_NONE },
		{ BFD_UP, BFD_ADMINDOWN, BFD_DOWN, BFD_DIAG_NEIGHBOR_DOWN },
		{ BFD_UP, BFD_DOWN, BFD_DOWN, BFD_DIAG_NEIGHBOR_DOWN },
		{ BFD_UP, BFD_INIT, BFD_UP, -1 },
		{ BFD_UP, BFD_UP, BFD_UP, -1 },
	};
	struct bfd_pkt	 q;
	unsigned	 act;
	size_t		 i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		setup();
		to_state(rows[i].from);
		q = peer(rows[i].rx, 0);
		act = bfd_sess_recv(&s, &q, 12 * SEC);
		ck_assert_msg(s.state == rows[i].to, "row %zu: %s + %s -> %s",
		    i, bfd_state_name(rows[i].from),
		    bfd_state_name(rows[i].rx), bfd_state_name(s.state));
		if (rows[i].to != rows[i].from) {
			ck_assert(act & BFD_ACT_NOTIFY);
			ck_assert(act & BFD_ACT_TX);	/* told at once */
			ck_assert_int_eq(s.local_diag, rows[i].diag);
			ck_assert_int_eq(s.old_state, rows[i].from);
		} else
			ck_assert(!(act & BFD_ACT_NOTIFY));
	}
}
END_TEST

START_TEST(admin_down_ignores_packets)
{
	struct bfd_pkt	 q, out;
	unsigned	 act;
	int		 i;

	to_state(BFD_UP);
	act = bfd_sess_admin(&s, BFD_ADMIN_DISABLED, 12 * SEC);
	ck_assert(act & BFD_ACT_NOTIFY);
	ck_assert_int_eq(s.state, BFD_ADMINDOWN);
	ck_assert_int_eq(s.local_diag, BFD_DIAG_ADMIN_DOWN);
	ck_assert_uint_eq(s.next_tx, 12 * SEC);	/* says so at once */
	q = peer(BFD_INIT, 0);
	act = bfd_sess_recv(&s, &q, 13 * SEC);
	ck_assert_int_eq(s.state, BFD_ADMINDOWN);
	ck_assert(!(act & BFD_ACT_NOTIFY));
	ck_assert(!(act & BFD_ACT_FINAL));
	/*
	 * It says so at the pace in force for the peer's detection time
	 * (mult 3 + 1 packets), advertising 1 s at once (6.8.3), then
	 * goes on at the idle pace.
	 */
	for (i = 0; i < 4; i++) {
		ck_assert_uint_eq(bfd_sess_tx_interval(&s), 300 * MS);
		act = bfd_sess_tx(&s, 13 * SEC + (uint64_t)i * 300 * MS, &out);
		ck_assert(act & BFD_ACT_TX);
		ck_assert_int_eq(out.state, BFD_ADMINDOWN);
		ck_assert_uint_ge(out.des_min_tx, 1 * SEC);
	}
	ck_assert_uint_eq(bfd_sess_tx_interval(&s), 1 * SEC);
	act = bfd_sess_enable(&s, 14 * SEC);
	ck_assert(act & BFD_ACT_NOTIFY);
	ck_assert_int_eq(s.state, BFD_DOWN);
	ck_assert_int_eq(s.local_diag, BFD_DIAG_NONE);
	ck_assert_int_eq(bfd_sess_enable(&s, 15 * SEC), 0);
}
END_TEST

START_TEST(expiry)
{
	unsigned	 act;

	to_state(BFD_UP);
	/* detection: remote mult 3 x max(our 300 ms, their 300 ms) */
	ck_assert_uint_eq(bfd_sess_detect_time(&s), 900 * MS);
	ck_assert_uint_eq(s.detect_at, 11 * SEC + 100 * MS + 900 * MS);
	act = bfd_sess_expire(&s, 12 * SEC);
	ck_assert(act & BFD_ACT_NOTIFY);
	ck_assert_int_eq(s.state, BFD_DOWN);
	ck_assert_int_eq(s.local_diag, BFD_DIAG_EXPIRED);
	ck_assert(bfd_sess_went_down(&s));		/* a real failure */
	ck_assert_uint_eq(s.remote_disc, 0);
	ck_assert_uint_eq(s.remote_mult, 0);
	ck_assert_uint_eq(s.remote_min_rx, 1);
	ck_assert_uint_eq(s.detect_at, 0);
	ck_assert_uint_ne(s.next_tx, 0);		/* keeps trying */
	/* the peer's AdminDown is not a failure (RFC 5882 3.2) */
	setup();
	to_state(BFD_UP);
	{
		struct bfd_pkt q = peer(BFD_ADMINDOWN, 0);

		q.diag = BFD_DIAG_ADMIN_DOWN;
		bfd_sess_recv(&s, &q, 12 * SEC);
	}
	ck_assert_int_eq(s.state, BFD_DOWN);
	ck_assert(!bfd_sess_went_down(&s));
	ck_assert_int_eq(s.remote_diag, BFD_DIAG_ADMIN_DOWN);
	/* Init times out too */
	setup();
	to_state(BFD_INIT);
	bfd_sess_expire(&s, 13 * SEC);
	ck_assert_int_eq(s.state, BFD_DOWN);
	ck_assert(!bfd_sess_went_down(&s));
}
END_TEST

START_TEST(negotiation_and_poll_on_up)
{
	struct bfd_pkt	 q, out;

	p.min_tx = 50 * MS;
	p.min_rx = 20 * MS;
	bfd_sess_init(&s, &p, 0x1111, 10 * SEC);
	to_state(BFD_UP);
	/* Up: the faster rate holds at once, with a poll to tell */
	ck_assert_uint_eq(s.des_min_tx, 50 * MS);
	ck_assert_uint_eq(s.adv_min_tx, 50 * MS);
	ck_assert_int_eq(s.poll, 1);
	bfd_sess_build(&s, 0, 12 * SEC, &out);
	ck_assert(out.flags & BFD_F_POLL);
	ck_assert_uint_eq(out.des_min_tx, 50 * MS);
	ck_assert_uint_eq(out.req_min_rx, 20 * MS);
	ck_assert_uint_eq(out.req_min_echo_rx, 0);
	/* pacing: max(our 50 ms, their min rx 300 ms) */
	ck_assert_uint_eq(bfd_sess_tx_interval(&s), 300 * MS);
	q = peer(BFD_UP, BFD_F_FINAL);
	q.req_min_rx = 10 * MS;
	q.des_min_tx = 100 * MS;
	q.mult = 5;
	bfd_sess_recv(&s, &q, 12 * SEC);
	ck_assert_int_eq(s.poll, 0);
	ck_assert_uint_eq(bfd_sess_tx_interval(&s), 50 * MS);
	/* detection: their mult 5 x max(our 20 ms, their 100 ms) */
	ck_assert_uint_eq(bfd_sess_detect_time(&s), 500 * MS);
	ck_assert_uint_eq(s.detect_at, 12 * SEC + 500 * MS);
	bfd_sess_build(&s, 0, 12 * SEC, &out);
	ck_assert(!(out.flags & BFD_F_POLL));
	/* leaving Up: back to a second, at once */
	q = peer(BFD_DOWN, 0);
	bfd_sess_recv(&s, &q, 13 * SEC);
	ck_assert_uint_eq(s.des_min_tx, 1 * SEC);
}
END_TEST

START_TEST(answer_poll_with_final)
{
	struct bfd_pkt	 q, out;
	unsigned	 act;

	to_state(BFD_UP);
	q = peer(BFD_UP, BFD_F_POLL);
	act = bfd_sess_recv(&s, &q, 20 * SEC);
	ck_assert(act & BFD_ACT_FINAL);
	bfd_sess_build(&s, 1, 20 * SEC, &out);
	ck_assert(out.flags & BFD_F_FINAL);
	ck_assert(!(out.flags & BFD_F_POLL));
	/* a second poll within 10 ms waits (rate limit) */
	act = bfd_sess_recv(&s, &q, 20 * SEC + 5 * MS);
	ck_assert(!(act & BFD_ACT_FINAL));
	act = bfd_sess_recv(&s, &q, 20 * SEC + 11 * MS);
	ck_assert(act & BFD_ACT_FINAL);
	bfd_sess_build(&s, 1, 20 * SEC + 11 * MS, &out);
	/* ... and is not forgotten: the next packet, 10 ms on, has F */
	act = bfd_sess_recv(&s, &q, 20 * SEC + 15 * MS);
	ck_assert(!(act & BFD_ACT_FINAL));
	ck_assert(s.next_tx != 0 && s.next_tx <= 20 * SEC + 21 * MS);
	act = bfd_sess_tx(&s, 20 * SEC + 21 * MS, &out);
	ck_assert(act & BFD_ACT_TX);
	ck_assert(out.flags & BFD_F_FINAL);
	ck_assert(!(out.flags & BFD_F_POLL));
	/* once only */
	bfd_sess_tx(&s, 21 * SEC, &out);
	ck_assert(!(out.flags & BFD_F_FINAL));
}
END_TEST

START_TEST(poll_defers_slower_tx_and_faster_rx)
{
	struct bfd_pkt	 q, out;
	unsigned	 act;

	to_state(BFD_UP);
	q = peer(BFD_UP, BFD_F_FINAL);		/* end the Up poll */
	bfd_sess_recv(&s, &q, 12 * SEC);
	ck_assert_int_eq(s.poll, 0);
	/* slower transmit while Up: advertised now, paced after F */
	p.min_tx = 1 * SEC;
	act = bfd_sess_set_params(&s, &p, 13 * SEC);
	/* P rides on the periodic packets: no extra one (6.8.7) */
	ck_assert(!(act & BFD_ACT_TX));
	ck_assert_int_eq(s.poll, 1);
	ck_assert_uint_eq(s.adv_min_tx, 1 * SEC);
	ck_assert_uint_eq(s.des_min_tx, 300 * MS);
	bfd_sess_tx(&s, 13 * SEC + 10 * MS, &out);
	ck_assert(out.flags & BFD_F_POLL);
	ck_assert_uint_eq(out.des_min_tx, 1 * SEC);
	/*
	 * A second change meanwhile waits for its own poll; the packets
	 * of this one keep advertising what it asks about.
	 */
	p.min_rx = 100 * MS;
	bfd_sess_set_params(&s, &p, 13 * SEC + 10 * MS);
	ck_assert_int_eq(s.poll_queued, 1);
	ck_assert_uint_eq(s.adv_min_rx, 300 * MS);
	bfd_sess_tx(&s, 13 * SEC + 20 * MS, &out);
	ck_assert(out.flags & BFD_F_POLL);
	ck_assert_uint_eq(out.req_min_rx, 300 * MS);
	q = peer(BFD_UP, BFD_F_FINAL);
	bfd_sess_recv(&s, &q, 13 * SEC + 50 * MS);
	ck_assert_uint_eq(s.des_min_tx, 1 * SEC);
	ck_assert_uint_eq(s.req_min_rx, 300 * MS);	/* faster rx waits */
	ck_assert_uint_eq(s.adv_min_rx, 100 * MS);
	ck_assert_int_eq(s.poll, 1);		/* the queued one started */
	ck_assert_int_eq(s.poll_queued, 0);
	bfd_sess_recv(&s, &q, 13 * SEC + 80 * MS);
	ck_assert_int_eq(s.poll, 0);
	ck_assert_uint_eq(s.req_min_rx, 100 * MS);
	/* faster transmit and slower receive hold at once */
	p.min_tx = 100 * MS;
	p.min_rx = 500 * MS;
	bfd_sess_set_params(&s, &p, 14 * SEC);
	ck_assert_uint_eq(s.des_min_tx, 100 * MS);
	ck_assert_uint_eq(s.req_min_rx, 500 * MS);
	/* a multiplier change needs no poll */
	bfd_sess_recv(&s, &q, 14 * SEC + 1);
	p.mult = 7;
	bfd_sess_set_params(&s, &p, 15 * SEC);
	ck_assert_uint_eq(s.detect_mult, 7);
	ck_assert_int_eq(s.poll, 0);
}
END_TEST

START_TEST(state_change_ends_poll)
{
	struct bfd_pkt	 q;

	to_state(BFD_UP);
	q = peer(BFD_UP, BFD_F_FINAL);
	bfd_sess_recv(&s, &q, 12 * SEC);
	p.min_tx = 2 * SEC;
	bfd_sess_set_params(&s, &p, 13 * SEC);
	ck_assert_int_eq(s.poll, 1);
	p.min_rx = 100 * MS;
	bfd_sess_set_params(&s, &p, 13 * SEC);
	ck_assert_int_eq(s.poll_queued, 1);
	/* the peer goes Down mid-poll: a second at once (6.8.3) */
	q = peer(BFD_DOWN, 0);
	bfd_sess_recv(&s, &q, 13 * SEC + 100 * MS);
	ck_assert_int_eq(s.state, BFD_DOWN);
	ck_assert_uint_eq(s.des_min_tx, 1 * SEC);
	ck_assert_uint_eq(s.adv_min_tx, 1 * SEC);
	ck_assert_uint_eq(s.req_min_rx, 100 * MS);
	ck_assert_int_eq(s.poll_queued, 0);
}
END_TEST

START_TEST(poll_abandoned)
{
	struct bfd_pkt	 q, out;

	to_state(BFD_UP);
	ck_assert_int_eq(s.poll, 1);
	/* no Final for more than two detection times: give up */
	bfd_sess_tx(&s, 11 * SEC + 100 * MS + 1900 * MS, &out);
	ck_assert_int_eq(s.poll, 0);
	(void)q;
}
END_TEST

START_TEST(jitter_bounds)
{
	uint64_t	 gap, lo = UINT64_MAX, hi = 0, last;
	struct bfd_pkt	 out;
	int		 i, mult;

	for (mult = 1; mult <= 3; mult += 2) {
		p.mult = (uint8_t)mult;
		up_at(100 * MS);
		lo = UINT64_MAX;
		hi = 0;
		last = 12 * SEC;
		bfd_sess_tx(&s, last, &out);
		for (i = 0; i < 1000; i++) {
			gap = s.next_tx - last;
			if (gap < lo)
				lo = gap;
			if (gap > hi)
				hi = gap;
			last = s.next_tx;
			bfd_sess_tx(&s, last, &out);
		}
		if (mult == 1) {
			ck_assert_uint_eq(lo, 75 * MS);
			ck_assert_uint_eq(hi, 90 * MS);
		} else {
			ck_assert_uint_eq(lo, 75 * MS);
			ck_assert_uint_lt(hi, 100 * MS);
			ck_assert_uint_ge(hi, 99 * MS);
		}
	}
}
END_TEST

/*
 * Sent late (a busy loop), a periodic packet keeps its phase: the next
 * is drawn from when this one was due, so that sessions sent in one late
 * pass do not all restart from the same instant; the gap after the
 * packet actually sent stays within 75-100% of the interval.
 */
START_TEST(late_send_keeps_phase)
{
	struct bfd_pkt	 out;
	uint64_t	 due, sent, late, gap;
	int		 i, kept = 0;

	up_at(10 * MS);
	bfd_sess_tx(&s, 12 * SEC, &out);
	for (i = 0; i < 1000; i++) {
		due = s.next_tx;
		late = (uint64_t)(i % 7) * 500;		/* 0-3 ms late */
		sent = due + late;
		rnd_next = (uint32_t)(i * 37);
		bfd_sess_tx(&s, sent, &out);
		gap = s.next_tx - sent;
		ck_assert_uint_ge(gap, 7500);
		ck_assert_uint_le(gap, 10 * MS);
		/* drawn from the due time unless that would be too soon */
		if (s.next_tx - due == 7500 + (uint64_t)((i * 37) % 250) * 10)
			kept++;
	}
	/*
	 * kept when the draw leaves 75% after the late send: for these
	 * lateness steps 3/7 of the packets (0.43), the rest redraw
	 */
	ck_assert_int_gt(kept, 380);
	ck_assert_int_lt(kept, 1000);
	/* a packet far behind (a stalled process) draws from now */
	due = s.next_tx;
	rnd_next = 0;
	bfd_sess_tx(&s, due + 1 * SEC, &out);
	ck_assert_uint_eq(s.next_tx, due + 1 * SEC + 7500 + 10);
}
END_TEST

START_TEST(passive_role)
{
	struct bfd_pkt	 q, out;

	p.passive = 1;
	bfd_sess_init(&s, &p, 0x1111, 10 * SEC);
	ck_assert_uint_eq(s.next_tx, 0);
	ck_assert_int_eq(bfd_sess_tx(&s, 10 * SEC, &out), 0);
	/* once the peer speaks, we answer */
	q = peer(BFD_DOWN, 0);
	bfd_sess_recv(&s, &q, 11 * SEC);
	ck_assert_uint_ne(s.next_tx, 0);
	/* and fall silent again when it goes */
	bfd_sess_expire(&s, 12 * SEC);
	ck_assert_uint_eq(s.next_tx, 0);
}
END_TEST

START_TEST(peer_asks_for_silence_or_demand)
{
	struct bfd_pkt	 q, out;

	to_state(BFD_UP);
	q = peer(BFD_UP, BFD_F_FINAL);
	q.req_min_rx = 0;		/* "do not send me periodic packets" */
	bfd_sess_recv(&s, &q, 12 * SEC);
	ck_assert_uint_eq(s.next_tx, 0);
	ck_assert_int_eq(bfd_sess_tx(&s, 12 * SEC, &out), 0);
	q.req_min_rx = 300 * MS;
	bfd_sess_recv(&s, &q, 13 * SEC);
	ck_assert_uint_ne(s.next_tx, 0);
	/* demand mode, both Up, no poll: silent */
	q.flags = BFD_F_DEMAND;
	bfd_sess_recv(&s, &q, 14 * SEC);
	ck_assert_int_eq(bfd_sess_tx(&s, 14 * SEC, &out), 0);
}
END_TEST

START_TEST(deleting_says_goodbye)
{
	struct bfd_pkt	 out, q;
	unsigned	 act;
	int		 sent = 0;

	to_state(BFD_UP);
	act = bfd_sess_admin(&s, BFD_ADMIN_DELETING, 20 * SEC);
	ck_assert(act & BFD_ACT_NOTIFY);
	ck_assert_uint_eq(s.next_tx, 20 * SEC);
	for (;;) {
		act = bfd_sess_tx(&s, s.next_tx, &out);
		if (act & BFD_ACT_TX) {
			sent++;
			ck_assert_int_eq(out.state, BFD_ADMINDOWN);
			ck_assert_int_eq(out.diag, BFD_DIAG_ADMIN_DOWN);
		}
		if (act & BFD_ACT_FREE)
			break;
		ck_assert_int_lt(sent, 10);
	}
	/* the peer's multiplier (3) plus one: its detection time */
	ck_assert_int_eq(sent, 4);
	/* at the pace in force, so exit is quick (4 x 300 ms at most) */
	ck_assert_uint_le(s.next_tx - 20 * SEC, 1200 * MS);
	/* a peer with multiplier 7 hears it 8 times */
	bfd_sess_init(&s, &p, 0x1111, 10 * SEC);
	to_state(BFD_UP);
	q = peer(BFD_UP, 0);
	q.mult = 7;
	bfd_sess_recv(&s, &q, 30 * SEC);
	bfd_sess_admin(&s, BFD_ADMIN_DELETING, 30 * SEC);
	/* deleting: cannot be held back by a disable */
	ck_assert_uint_eq(bfd_sess_admin(&s, BFD_ADMIN_DISABLED, 30 * SEC), 0);
	ck_assert_int_eq(s.admin, BFD_ADMIN_DELETING);
	for (sent = 0;;) {
		act = bfd_sess_tx(&s, s.next_tx, &out);
		if (act & BFD_ACT_TX) {
			sent++;
			ck_assert_uint_ge(out.des_min_tx, 1 * SEC);
		}
		if (act & BFD_ACT_FREE)
			break;
		ck_assert_int_lt(sent, 20);
	}
	ck_assert_int_eq(sent, 8);
	/* a passive session that never heard the peer just goes */
	p.passive = 1;
	bfd_sess_init(&s, &p, 0x1111, 10 * SEC);
	act = bfd_sess_admin(&s, BFD_ADMIN_DELETING, 11 * SEC);
	ck_assert(act & BFD_ACT_FREE);
}
END_TEST

START_TEST(path_down_and_up)
{
	struct bfd_pkt	 out;
	unsigned	 act;

	to_state(BFD_UP);
	act = bfd_sess_path(&s, 0, 20 * SEC);
	ck_assert(act & BFD_ACT_NOTIFY);
	ck_assert_int_eq(s.state, BFD_DOWN);
	ck_assert_int_eq(s.local_diag, BFD_DIAG_PATH_DOWN);
	ck_assert(bfd_sess_went_down(&s));
	ck_assert_uint_eq(s.next_tx, 0);		/* silent */
	ck_assert_int_eq(bfd_sess_tx(&s, 20 * SEC, &out), 0);
	ck_assert_int_eq(bfd_sess_path(&s, 0, 21 * SEC), 0);
	act = bfd_sess_path(&s, 1, 22 * SEC);
	ck_assert(act & BFD_ACT_TIMERS);
	ck_assert_uint_ne(s.next_tx, 0);
	ck_assert_int_eq(bfd_sess_path(&s, 1, 23 * SEC), 0);
	/* deleted without a path: freed at once, no goodbye sent off-link */
	bfd_sess_path(&s, 0, 24 * SEC);
	act = bfd_sess_admin(&s, BFD_ADMIN_DELETING, 25 * SEC);
	ck_assert(act & BFD_ACT_FREE);
	ck_assert_uint_eq(s.next_tx, 0);
	/* the same when it was disabled first */
	bfd_sess_init(&s, &p, 0x1111, 30 * SEC);
	bfd_sess_path(&s, 0, 31 * SEC);
	bfd_sess_admin(&s, BFD_ADMIN_DISABLED, 32 * SEC);
	act = bfd_sess_admin(&s, BFD_ADMIN_DELETING, 33 * SEC);
	ck_assert(act & BFD_ACT_FREE);
}
END_TEST

START_TEST(sequence_numbers)
{
	uint32_t	 a, b;

	s.auth.type = BFD_AUTH_MET_SHA1;
	a = bfd_sess_xmit_seq(&s, 20 * SEC);
	b = bfd_sess_xmit_seq(&s, 20 * SEC);
	ck_assert_uint_eq(b, a + 1);		/* every packet */
	s.auth.type = BFD_AUTH_KEYED_SHA1;
	s.xmit_bump = 0;
	a = bfd_sess_xmit_seq(&s, 21 * SEC);	/* a second has passed */
	b = bfd_sess_xmit_seq(&s, 21 * SEC + 500 * MS);
	ck_assert_uint_eq(b, a);		/* at most once a second */
	b = bfd_sess_xmit_seq(&s, 22 * SEC);
	ck_assert_uint_eq(b, a + 1);
	s.xmit_bump = 1;			/* contents changed */
	ck_assert_uint_eq(bfd_sess_xmit_seq(&s, 22 * SEC + 1), a + 2);
	/* the receive sequence is forgotten after 2 x detection time */
	to_state(BFD_UP);
	s.ast.seq_known = 1;
	bfd_sess_auth_age(&s, s.last_rx + 1800 * MS);
	ck_assert_int_eq(s.ast.seq_known, 1);
	bfd_sess_auth_age(&s, s.last_rx + 1800 * MS + 1);
	ck_assert_int_eq(s.ast.seq_known, 0);
}
END_TEST

static Suite *
session_suite(void)
{
	Suite	*su = suite_create("bfd_session");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, init_values);
	tcase_add_test(tc, state_table);
	tcase_add_test(tc, admin_down_ignores_packets);
	tcase_add_test(tc, expiry);
	tcase_add_test(tc, negotiation_and_poll_on_up);
	tcase_add_test(tc, answer_poll_with_final);
	tcase_add_test(tc, poll_defers_slower_tx_and_faster_rx);
	tcase_add_test(tc, state_change_ends_poll);
	tcase_add_test(tc, poll_abandoned);
	tcase_add_test(tc, jitter_bounds);
	tcase_add_test(tc, late_send_keeps_phase);
	tcase_add_test(tc, passive_role);
	tcase_add_test(tc, peer_asks_for_silence_or_demand);
	tcase_add_test(tc, deleting_says_goodbye);
	tcase_add_test(tc, path_down_and_up);
	tcase_add_test(tc, sequence_numbers);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return t6_run_suite(session_suite(), 0);
}
