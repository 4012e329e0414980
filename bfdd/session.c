/*
 * One BFD session: the state machine of RFC 5880 (6.2, 6.8.6), timer
 * negotiation and jitter (6.8.2-6.8.4, 6.8.7), poll sequences (6.5),
 * AdminDown (6.8.16).  Pure: the caller passes the time and the packets,
 * and acts on the returned BFD_ACT_* bits and on next_tx/detect_at.
 */
#include <stdlib.h>
#include <string.h>

#include "bfdd.h"

#define USEC			1000000ULL
/* Extra packets (state changes, Finals) at most this often. */
#define EXTRA_GAP		10000ULL
/* RFC 5880 6.8.3: never slower than this while not Up. */
#define MIN_IDLE_TX		1000000U

/*
 * arc4random() asks the kernel for the pid on every call (its fork
 * check), and jitter wants a number for every packet: take them from
 * arc4random_buf() 256 at a time.
 */
static uint32_t
default_random(void)
{
	static uint32_t	 pool[256];
	static size_t	 left;

	if (left == 0) {
		arc4random_buf(pool, sizeof(pool));
		left = sizeof(pool) / sizeof(pool[0]);
	}
	return pool[--left];
}

uint32_t	(*bfd_random)(void) = default_random;

static uint64_t
max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

uint64_t
bfd_sess_tx_interval(const struct bfd_session *s)
{
	return max64(s->des_min_tx, s->remote_min_rx);
}

uint64_t
bfd_sess_detect_time(const struct bfd_session *s)
{
	return (uint64_t)s->remote_mult *
	    max64(s->req_min_rx, s->remote_des_min_tx);
}

/*
 * RFC 5880 6.8.7: each interval is cut by a random 0-25%; with a Detect
 * Mult of 1 it must be 75-90% of the negotiated value.
 */
static uint64_t
jittered(const struct bfd_session *s, uint64_t interval)
{
	uint64_t	 permille;

	if (s->detect_mult == 1)
		permille = 750 + bfd_random() % 151;		/* 75-90% */
	else
		permille = 750 + bfd_random() % 250;		/* 75-99.9% */
	return interval * permille / 1000;
}

/*
 * The time of the next periodic packet after one sent at `now`.  It is
 * drawn from the time this packet was due, not from `now`: when a pass
 * of the loop runs late, the packets that fell due during it keep their
 * own phases instead of all restarting from the same late instant, which
 * would gather the sessions of a busy daemon into one burst per
 * interval.  The gap from the packet actually sent stays in the window
 * of 6.8.7 (never under 75% of the interval; the upper bound holds as
 * the draw is at most the interval past a due time that is not after
 * `now`); a packet so late that its phase cannot be kept draws afresh
 * from `now`.
 */
static uint64_t
next_periodic(const struct bfd_session *s, uint64_t due, uint64_t now)
{
	uint64_t	 ival = bfd_sess_tx_interval(s);
	uint64_t	 at;

	if (due == 0 || due > now)
		due = now;
	at = due + jittered(s, ival);
	if (at < now + ival * 3 / 4)
		at = now + jittered(s, ival);
	return at;
}

/* The interval to pace by when the session is (or is not) Up. */
static uint32_t
want_tx(const struct bfd_session *s, int up)
{
	uint32_t	 idle = s->p.idle_tx < MIN_IDLE_TX ? MIN_IDLE_TX :
			    s->p.idle_tx;

	return up ? s->p.min_tx : idle;
}

/*
 * AdminDown packets to send at the pace in force before going quiet
 * (deleted) or slowing to the idle pace (disabled): enough to cover the
 * peer's detection time, its multiplier of our interval, with one to
 * spare, and never fewer than 3.
 */
static uint8_t
goodbye_count(const struct bfd_session *s)
{
	unsigned	 n = s->remote_mult + 1U;

	if (s->remote_disc == 0 || n < 3)
		n = 3;
	return n > 255 ? 255 : (uint8_t)n;
}

static int
silent(const struct bfd_session *s)
{
	if (s->path_down)
		return 1;
	/* passive: speak only once the peer has (6.1, 6.8.7) */
	if (s->p.passive && s->remote_disc == 0)
		return 1;
	/* the peer wants no periodic packets (6.8.7) */
	if (s->remote_min_rx == 0)
		return 1;
	/* the peer is in demand mode and all is well (6.8.7) */
	if (s->remote_demand && s->state == BFD_UP &&
	    s->remote_state == BFD_UP && !s->poll)
		return 1;
	return 0;
}

/* Re-base the next transmission on the last one (6.8.7). */
static void
reschedule_tx(struct bfd_session *s, uint64_t now)
{
	uint64_t	 at;

	if (s->admin == BFD_ADMIN_DELETING && s->admin_left > 0) {
		if (s->next_tx == 0)
			s->next_tx = now;
		return;
	}
	if (silent(s)) {
		s->next_tx = 0;
		return;
	}
	if (s->last_tx == 0) {
		s->next_tx = now;
		return;
	}
	at = s->last_tx + jittered(s, bfd_sess_tx_interval(s));
	s->next_tx = at > now ? at : now;
}

/* A poll covers the advertised values at its start. */
static unsigned
start_poll(struct bfd_session *s, uint64_t now)
{
	if (s->remote_disc == 0) {
		/* nobody to ask: the new values hold at once */
		s->des_min_tx = s->adv_min_tx;
		s->req_min_rx = s->adv_min_rx;
		s->poll = 0;
		s->poll_queued = 0;
		return BFD_ACT_TIMERS;
	}
	/*
	 * P goes with the periodic packets (6.5), not in an extra one:
	 * the interval rules of 6.8.7 leave room only for the Final.
	 */
	s->poll = 1;
	s->poll_queued = 0;
	s->poll_since = now;
	s->xmit_bump = 1;
	return BFD_ACT_TIMERS;
}

static unsigned	change_timers(struct bfd_session *, uint32_t, uint32_t,
		    uint64_t);

/*
 * The Final came (or the poll was abandoned): the values the poll
 * advertised hold; a change made meanwhile is polled for now.
 */
static unsigned
end_poll(struct bfd_session *s, uint64_t now)
{
	s->poll = 0;
	s->des_min_tx = s->adv_min_tx;
	s->req_min_rx = s->adv_min_rx;
	if (s->poll_queued) {
		s->poll_queued = 0;
		return change_timers(s, s->queued_tx, s->queued_rx, now) |
		    BFD_ACT_TIMERS;
	}
	return BFD_ACT_TIMERS;
}

/*
 * New timer values (6.8.3): advertised at once; a slower transmit rate
 * or a faster receive rate, while Up, holds only after the Final; every
 * other change holds at once.
 */
static unsigned
change_timers(struct bfd_session *s, uint32_t tx, uint32_t rx, uint64_t now)
{
	int	 up = s->state == BFD_UP;

	if (s->poll && s->remote_disc != 0) {
		/*
		 * Serialised (6.8.3): the packets of a poll keep the values
		 * it asks about, so that its Final answers them; the new
		 * ones wait for it.
		 */
		s->poll_queued = tx != s->adv_min_tx || rx != s->adv_min_rx;
		s->queued_tx = tx;
		s->queued_rx = rx;
		return 0;
	}
	if (tx == s->adv_min_tx && rx == s->adv_min_rx)
		return 0;
	s->adv_min_tx = tx;
	s->adv_min_rx = rx;
	if (!up || tx < s->des_min_tx)
		s->des_min_tx = tx;
	if (!up || rx > s->req_min_rx)
		s->req_min_rx = rx;
	return start_poll(s, now);
}

static unsigned
set_state(struct bfd_session *s, uint8_t state, uint8_t diag, uint64_t now)
{
	unsigned	 act = BFD_ACT_NOTIFY | BFD_ACT_TIMERS;
	int		 was_up = s->state == BFD_UP;

	s->old_state = s->state;
	s->state = state;
	s->local_diag = diag;
	s->last_change = now;
	s->xmit_bump = 1;
	/*
	 * Into or out of Up, a poll in progress asks about values that no
	 * longer apply: the values for the new state are set (and polled
	 * for) afresh, from the configuration.
	 */
	if (state == BFD_UP || was_up)
		s->poll = s->poll_queued = 0;
	if (state == BFD_UP) {
		s->up_events++;
		act |= change_timers(s, want_tx(s, 1), s->p.min_rx, now);
	} else if (was_up) {
		if (state == BFD_DOWN)
			s->down_events++;
		act |= change_timers(s, want_tx(s, 0), s->p.min_rx, now);
	}
	/* tell the peer at once (6.8.7 SHOULD), but not in a flood */
	if (now - s->last_extra >= EXTRA_GAP || s->last_extra == 0)
		act |= BFD_ACT_TX;
	return act;
}

static void
build(struct bfd_session *s, int final, struct bfd_pkt *out)
{
	memset(out, 0, sizeof(*out));
	out->vers = BFD_VERSION;
	out->diag = s->local_diag;
	out->state = s->state;
	/* a Final the rate limit held back goes with the next packet */
	if (final || s->final_pending) {
		out->flags |= BFD_F_FINAL;
		s->final_pending = 0;
	} else if (s->poll)
		out->flags |= BFD_F_POLL;
	out->mult = s->detect_mult;
	out->len = BFD_HDRLEN;
	out->my_disc = s->local_disc;
	out->your_disc = s->remote_disc;
	/* the new values, always (6.8.3) */
	out->des_min_tx = s->adv_min_tx;
	out->req_min_rx = s->adv_min_rx;
	out->req_min_echo_rx = 0;		/* no echo function */
}

void
bfd_sess_init(struct bfd_session *s, const struct bfd_params *p,
    uint32_t local_disc, uint64_t now)
{
	s->p = *p;
	s->state = BFD_DOWN;
	s->remote_state = BFD_DOWN;
	s->local_diag = BFD_DIAG_NONE;
	s->remote_diag = 0;
	s->local_disc = local_disc;
	s->remote_disc = 0;
	s->detect_mult = p->mult;
	s->adv_min_tx = s->des_min_tx = want_tx(s, 0);
	s->adv_min_rx = s->req_min_rx = p->min_rx;
	s->remote_min_rx = 1;
	s->remote_des_min_tx = 0;
	s->remote_mult = 0;
	s->remote_demand = 0;
	s->poll = s->poll_queued = 0;
	s->final_pending = 0;
	s->ast.seq_known = 0;
	s->xmit_seq = bfd_random();
	s->xmit_seq_at = now;
	s->detect_at = 0;
	s->last_tx = s->last_rx = s->last_extra = 0;
	s->last_change = now;
	s->admin = BFD_ADMIN_OFF;
	s->admin_left = 0;
	s->path_down = 0;
	s->old_state = BFD_DOWN;
	s->last_drop = -1;
	s->next_tx = 0;
	reschedule_tx(s, now);
}

unsigned
bfd_sess_recv(struct bfd_session *s, const struct bfd_pkt *p, uint64_t now)
{
	unsigned	 act = BFD_ACT_TIMERS;
	uint32_t	 old_min_rx = s->remote_min_rx;
	uint64_t	 detect;

	s->rx++;
	s->last_rx = now;
	s->remote_disc = p->my_disc;
	s->remote_state = p->state;
	s->remote_diag = p->diag;
	s->remote_mult = p->mult;
	s->remote_des_min_tx = p->des_min_tx;
	s->remote_demand = (p->flags & BFD_F_DEMAND) != 0;
	s->remote_min_rx = p->req_min_rx;
	if (s->poll && (p->flags & BFD_F_FINAL))
		act |= end_poll(s, now);
	detect = bfd_sess_detect_time(s);
	s->detect_at = detect ? now + detect : 0;
	s->detect_last = detect;
	if (s->state == BFD_ADMINDOWN) {
		if (old_min_rx != s->remote_min_rx || s->next_tx == 0)
			reschedule_tx(s, now);
		return act;
	}
	switch (s->state) {
	case BFD_DOWN:
		if (p->state == BFD_DOWN)
			act |= set_state(s, BFD_INIT, BFD_DIAG_NONE, now);
		else if (p->state == BFD_INIT)
			act |= set_state(s, BFD_UP, BFD_DIAG_NONE, now);
		break;
	case BFD_INIT:
		if (p->state == BFD_ADMINDOWN)
			act |= set_state(s, BFD_DOWN, BFD_DIAG_NEIGHBOR_DOWN,
			    now);
		else if (p->state == BFD_INIT || p->state == BFD_UP)
			act |= set_state(s, BFD_UP, BFD_DIAG_NONE, now);
		break;
	case BFD_UP:
		if (p->state == BFD_ADMINDOWN || p->state == BFD_DOWN)
			act |= set_state(s, BFD_DOWN, BFD_DIAG_NEIGHBOR_DOWN,
			    now);
		break;
	}
	/* a slower or faster peer, a poll, or a passive start */
	if (old_min_rx != s->remote_min_rx || s->next_tx == 0 ||
	    (act & BFD_ACT_NOTIFY))
		reschedule_tx(s, now);
	if ((p->flags & BFD_F_POLL) && (s->last_extra == 0 ||
	    now - s->last_extra >= EXTRA_GAP))
		act |= BFD_ACT_FINAL;
	else if (p->flags & BFD_F_POLL) {
		/*
		 * Rate limited, not forgotten (6.8.7 MUST): the F goes with
		 * the next packet, at the latest when the limit allows.
		 */
		s->final_pending = 1;
		if (s->next_tx == 0 || s->next_tx > s->last_extra + EXTRA_GAP)
			s->next_tx = max64(now, s->last_extra + EXTRA_GAP);
	}
	return act;
}

unsigned
bfd_sess_expire(struct bfd_session *s, uint64_t now)
{
	unsigned	 act = BFD_ACT_TIMERS;

	s->detect_at = 0;
	s->remote_state = BFD_DOWN;
	s->remote_disc = 0;
	s->remote_des_min_tx = 0;
	s->remote_min_rx = 1;
	s->remote_demand = 0;
	s->remote_mult = 0;
	if (s->poll)
		act |= end_poll(s, now);
	if (s->state == BFD_INIT || s->state == BFD_UP)
		act |= set_state(s, BFD_DOWN, BFD_DIAG_EXPIRED, now);
	reschedule_tx(s, now);
	if (s->next_tx == 0)
		act &= ~BFD_ACT_TX;
	return act;
}

unsigned
bfd_sess_tx(struct bfd_session *s, uint64_t now, struct bfd_pkt *out)
{
	uint64_t	 detect, due = s->next_tx;
	int		 quiet;

	if (s->admin == BFD_ADMIN_DELETING && s->admin_left == 0) {
		s->next_tx = 0;
		return BFD_ACT_FREE;
	}
	/* silent, but for a Final owed to the peer (6.8.7) */
	quiet = s->admin != BFD_ADMIN_DELETING && silent(s);
	if (quiet && !s->final_pending) {
		s->next_tx = 0;
		return 0;
	}
	if (s->final_pending)
		s->last_extra = now;	/* it is the rate-limited answer */
	/* a peer that never answers a poll does not hold it for ever */
	detect = bfd_sess_detect_time(s);
	if (s->poll && detect > 0 && now - s->poll_since > 2 * detect)
		end_poll(s, now);
	build(s, 0, out);
	s->last_tx = now;
	s->tx++;
	if (s->admin == BFD_ADMIN_DELETING) {
		s->admin_left--;
		s->next_tx = next_periodic(s, due, now);
		return BFD_ACT_TX | (s->admin_left == 0 ? BFD_ACT_FREE : 0);
	}
	if (s->admin == BFD_ADMIN_DISABLED && s->admin_left > 0 &&
	    --s->admin_left == 0) {
		/* goodbye said: on at the idle pace (6.8.3) */
		s->des_min_tx = s->adv_min_tx;
		s->req_min_rx = s->adv_min_rx;
	}
	s->next_tx = quiet ? 0 : next_periodic(s, due, now);
	return BFD_ACT_TX;
}

void
bfd_sess_build(struct bfd_session *s, int final, uint64_t now,
    struct bfd_pkt *out)
{
	build(s, final, out);
	s->last_extra = now;
	s->tx++;
}

unsigned
bfd_sess_set_params(struct bfd_session *s, const struct bfd_params *p,
    uint64_t now)
{
	unsigned	 act = 0;

	s->p = *p;
	if (s->detect_mult != p->mult) {
		/* carried by the next packet, no poll (6.8.3) */
		s->detect_mult = p->mult;
		s->xmit_bump = 1;
		act |= BFD_ACT_TIMERS;
	}
	if (s->admin == BFD_ADMIN_OFF)
		act |= change_timers(s, want_tx(s, s->state == BFD_UP),
		    p->min_rx, now);
	reschedule_tx(s, now);
	return act | BFD_ACT_TIMERS;
}

unsigned
bfd_sess_admin(struct bfd_session *s, int how, uint64_t now)
{
	unsigned	 act = BFD_ACT_TIMERS;

	/* going already: it cannot be held back as disabled */
	if (s->admin == BFD_ADMIN_DELETING)
		return 0;
	if (how == BFD_ADMIN_DELETING && s->admin == BFD_ADMIN_DISABLED) {
		/* already saying AdminDown: a few more, then go */
		s->admin = how;
		s->admin_left = goodbye_count(s);
		/* no path (interface, source) to say it on: just go */
		if (s->path_down) {
			s->next_tx = 0;
			return act | BFD_ACT_FREE;
		}
		return act;
	}
	s->admin = (uint8_t)how;
	s->detect_at = 0;
	s->poll = s->poll_queued = 0;
	if (s->state != BFD_ADMINDOWN) {
		s->old_state = s->state;
		if (s->state == BFD_UP)
			s->down_events++;
		s->state = BFD_ADMINDOWN;
		s->last_change = now;
		s->xmit_bump = 1;
		act |= BFD_ACT_NOTIFY;
	}
	s->local_diag = BFD_DIAG_ADMIN_DOWN;
	/*
	 * Not Up: DesiredMinTxInterval of at least a second (6.8.3), in
	 * the packets at once; the pace itself slows only after the
	 * goodbye, which goes at the pace in force so that the peer
	 * hears AdminDown before its detection time runs out.
	 */
	s->adv_min_tx = want_tx(s, 0);
	s->adv_min_rx = s->p.min_rx;
	s->admin_left = goodbye_count(s);
	if (how == BFD_ADMIN_DELETING &&
	    ((s->remote_disc == 0 && s->p.passive) || s->path_down)) {
		/* the peer never spoke to us, or no path to say it on */
		s->admin_left = 0;
		s->next_tx = 0;
		return act | BFD_ACT_FREE;
	}
	s->next_tx = s->path_down ? 0 : now;
	return act;
}

unsigned
bfd_sess_enable(struct bfd_session *s, uint64_t now)
{
	if (s->admin != BFD_ADMIN_DISABLED)
		return 0;
	s->admin = BFD_ADMIN_OFF;
	s->admin_left = 0;
	/* Down: the idle pace at once (6.8.3) */
	s->des_min_tx = s->adv_min_tx = want_tx(s, 0);
	s->req_min_rx = s->adv_min_rx = s->p.min_rx;
	s->old_state = s->state;
	s->state = BFD_DOWN;
	s->local_diag = BFD_DIAG_NONE;
	s->last_change = now;
	s->xmit_bump = 1;
	reschedule_tx(s, now);
	return BFD_ACT_NOTIFY | BFD_ACT_TIMERS;
}

unsigned
bfd_sess_path(struct bfd_session *s, int up, uint64_t now)
{
	unsigned	 act = BFD_ACT_TIMERS;

	if (up) {
		if (!s->path_down)
			return 0;
		s->path_down = 0;
		reschedule_tx(s, now);
		return act;
	}
	if (s->path_down)
		return 0;
	s->path_down = 1;
	s->detect_at = 0;
	s->remote_state = BFD_DOWN;
	s->remote_disc = 0;
	s->remote_des_min_tx = 0;
	s->remote_min_rx = 1;
	s->remote_mult = 0;
	s->remote_demand = 0;
	s->poll = s->poll_queued = 0;
	if (s->state == BFD_INIT || s->state == BFD_UP)
		act |= set_state(s, BFD_DOWN, BFD_DIAG_PATH_DOWN, now);
	else if (s->state == BFD_DOWN)
		s->local_diag = BFD_DIAG_PATH_DOWN;
	s->next_tx = 0;
	return act & ~BFD_ACT_TX;
}

uint32_t
bfd_sess_xmit_seq(struct bfd_session *s, uint64_t now)
{
	/*
	 * Meticulous types: every packet.  Keyed types: at most once a
	 * second, and when the contents change (6.7.3, 6.7.4).
	 */
	if (bfd_auth_meticulous(s->auth.type) || s->xmit_bump ||
	    now - s->xmit_seq_at >= USEC) {
		s->xmit_seq++;
		s->xmit_seq_at = now;
		s->xmit_bump = 0;
	}
	return s->xmit_seq;
}

void
bfd_sess_auth_age(struct bfd_session *s, uint64_t now)
{
	/*
	 * RFC 5880 6.8.1: forget the sequence after twice the detection
	 * time without a packet (BIRD forgot it after one).
	 */
	if (s->ast.seq_known && s->last_rx != 0 &&
	    now - s->last_rx > 2 * s->detect_last)
		s->ast.seq_known = 0;
}

int
bfd_sess_went_down(const struct bfd_session *s)
{
	return s->old_state == BFD_UP && s->state == BFD_DOWN &&
	    s->remote_state != BFD_ADMINDOWN;
}
