/*
 * The sessions of the daemon: finding them (by discriminator, by peer),
 * the requests that keep them alive and the parameters those layer into,
 * their timers, their paths (interface, source address), and what to do
 * after the state machine has spoken.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "bfdd.h"
#include "idmap.h"
#include "ifinfo.h"
#include "in6.h"
#include "scope6.h"


static struct sess_disc	 by_disc = RB_INITIALIZER(&by_disc);
static struct sess_key	 by_key = RB_INITIALIZER(&by_key);
static struct idmap	 disc_map = IDMAP_INITIALIZER;
static int		 nsessions;
static struct ev_timer	 t_paths;

int
sess_disc_cmp(const struct bsession *a, const struct bsession *b)
{
	if (a->s.local_disc != b->s.local_disc)
		return a->s.local_disc < b->s.local_disc ? -1 : 1;
	return 0;
}

/*
 * Single hop sessions are (family, peer, interface name): a link-local
 * peer repeats on every link, and the interface may not exist yet.
 * Multihop sessions are (family, peer, local address) (RFC 5883 4.1).
 */
int
sess_key_cmp(const struct bsession *a, const struct bsession *b)
{
	int	 c;

	if (a->s.multihop != b->s.multihop)
		return a->s.multihop - b->s.multihop;
	if (a->s.family != b->s.family)
		return a->s.family - b->s.family;
	if ((c = memcmp(&a->s.peer, &b->s.peer, sizeof(a->s.peer))) != 0)
		return c;
	if (a->s.multihop)
		return memcmp(&a->s.local, &b->s.local, sizeof(a->s.local));
	return strcmp(a->s.ifname, b->s.ifname);
}

RB_GENERATE(sess_disc, bsession, by_disc, sess_disc_cmp)
RB_GENERATE(sess_key, bsession, by_key, sess_key_cmp)

/*
 * Every packet received with Your Discriminator set looks its session
 * up here: a hash map, where the tree (kept for the listings' order)
 * walked a dozen sessions, a cache miss each.
 */
struct bsession *
sess_by_disc(uint32_t disc)
{
	return idmap_get(&disc_map, disc);
}

struct bsession *
sess_by_key(int family, const struct in6_addr *peer, uint32_t ifindex,
    const struct in6_addr *local, int multihop)
{
	struct bsession		 key;
	struct ifinfo_if	*ifp;

	memset(&key, 0, sizeof(key));
	key.s.family = family;
	key.s.peer = *peer;
	key.s.multihop = multihop;
	if (multihop) {
		if (local != NULL)
			key.s.local = *local;
	} else {
		if ((ifp = ifinfo_by_index(bd->ifinfo, ifindex)) == NULL)
			return NULL;
		strlcpy(key.s.ifname, ifp->name, sizeof(key.s.ifname));
	}
	return RB_FIND(sess_key, &by_key, &key);
}

struct bsession *
sess_first(void)
{
	return RB_MIN(sess_key, &by_key);
}

struct bsession *
sess_next(struct bsession *bs)
{
	return RB_NEXT(sess_key, &by_key, bs);
}

int
sess_count(void)
{
	return nsessions;
}

const char *
sess_name(const struct bsession *bs, char *buf, size_t len)
{
	char	 a[INET6_ADDRSTRLEN], l[INET6_ADDRSTRLEN];

	if (bs->s.family == AF_INET)
		inet_ntop(AF_INET, &bs->s.peer.s6_addr[12], a, sizeof(a));
	else
		inet_ntop(AF_INET6, &bs->s.peer, a, sizeof(a));
	if (bs->s.multihop) {
		if (bs->s.family == AF_INET)
			inet_ntop(AF_INET, &bs->s.local.s6_addr[12], l,
			    sizeof(l));
		else
			inet_ntop(AF_INET6, &bs->s.local, l, sizeof(l));
		snprintf(buf, len, "%s multihop local %s", a, l);
	} else if (bs->s.ifname[0] != '\0')
		snprintf(buf, len, "%s%%%s", a, bs->s.ifname);
	else
		snprintf(buf, len, "%s", a);
	return buf;
}

/*
 * A daemon that falls behind its own pace makes its peers' sessions
 * fail, and the operator should hear it from this side too, not only
 * from the peers' logs.  Two things are told: periodic packets sent
 * more than a quarter of the interval after their time, and packets
 * that ended a silence longer than the peer's detection time (the peer
 * has declared the session down, whatever its packets said).  A line at
 * the first, then at most one a minute, or a second after the line
 * before when a peer was left silent that long; what no line has told
 * yet is told when its time is up, and when bfdd stops.
 */
#define TX_LATE_LOG_US	(60 * 1000000ULL)
#define TX_SILENT_LOG_US (1000000ULL)

static struct {
	struct ev_timer	 t;		/* the next line, when one waits */
	uint64_t	 last;		/* the last line */
	uint64_t	 late, late_worst, silent, silent_worst;
} txlate;

static void
tx_late_say(uint64_t now)
{
	char	 late[160] = "", silent[192] = "";

	if (txlate.late > 0)
		snprintf(late, sizeof(late), "%llu periodic packet%s %s left "
		    "more than a quarter of the interval after %s time, the "
		    "latest %.1f ms late", (unsigned long long)txlate.late,
		    txlate.late == 1 ? "" : "s",
		    txlate.last == 0 ? "so far" : "since the last such line",
		    txlate.late == 1 ? "its" : "their",
		    txlate.late_worst / 1000.0);
	if (txlate.silent > 0)
		snprintf(silent, sizeof(silent), "%s%llu session%s sent "
		    "nothing for longer than the peer's detection time, up to "
		    "%.1f ms (the peer took %s down)",
		    txlate.late > 0 ? "; " : "",
		    (unsigned long long)txlate.silent,
		    txlate.silent == 1 ? "" : "s",
		    txlate.silent_worst / 1000.0,
		    txlate.silent == 1 ? "it" : "them");
	log_warnx("sending late: %s%s (bfdd or its host is overloaded or "
	    "was stopped; peers may time out)", late, silent);
	txlate.last = now;
	txlate.late = txlate.late_worst = 0;
	txlate.silent = txlate.silent_worst = 0;
}

static void
tx_late_due(struct ev_timer *t, void *arg)
{
	(void)t;
	(void)arg;
	if (txlate.late > 0 || txlate.silent > 0)
		tx_late_say(ev_now(bd->loop));
}

/* a line now, or a timer for when the limit allows it */
static void
tx_late_tell(uint64_t now)
{
	uint64_t	 at;

	if (txlate.t.cb == NULL)	/* zeroed: not made yet */
		ev_timer_init(&txlate.t, tx_late_due, NULL);
	at = txlate.last +
	    (txlate.silent > 0 ? TX_SILENT_LOG_US : TX_LATE_LOG_US);
	if (txlate.last == 0 || now >= at) {
		ev_timer_cancel(bd->loop, &txlate.t);
		tx_late_say(now);
	} else if (!ev_timer_pending(&txlate.t) || txlate.t.when > at)
		ev_timer_at(bd->loop, &txlate.t, at);
}

/* at exit: what no line has told yet */
void
sess_tx_late_flush(void)
{
	if (txlate.t.cb != NULL)
		ev_timer_cancel(bd->loop, &txlate.t);
	tx_late_due(NULL, NULL);
}

/* the peer's detection time while Up: its Detect Mult times our pace */
static uint64_t
peer_detect(const struct bsession *bs)
{
	if (bs->s.state != BFD_UP || bs->s.remote_min_rx == 0)
		return 0;
	return (uint64_t)bs->s.remote_mult * bfd_sess_tx_interval(&bs->s);
}

/*
 * A session Up when it sent its last packet must send the next one
 * within the peer's detection time then (its Detect Mult times the
 * agreed interval; or now, if a poll sequence has made it longer since),
 * or the peer declares it down, however well this side thinks it is.
 * Told at its next packet while still Up, or when it leaves Up (a stop
 * of bfdd ends with the peer's Down read from the socket).  DETECT is
 * the peer's detection time now (peer_detect: 0 once no longer Up).
 */
static void
silence_check(struct bsession *bs, uint64_t now, uint64_t detect)
{
	uint64_t	 gap;

	if (bs->sent_detect == 0 || now <= bs->sent_at)
		return;
	if (detect < bs->sent_detect)
		detect = bs->sent_detect;
	if ((gap = now - bs->sent_at) <= detect)
		return;
	bd->stats.tx_silent++;
	if (gap > bd->stats.tx_silent_max_us)
		bd->stats.tx_silent_max_us = gap;
	txlate.silent++;
	if (gap > txlate.silent_worst)
		txlate.silent_worst = gap;
	tx_late_tell(now);
}

/* every packet leaves here */
static void
sess_send(struct bsession *bs, const struct bfd_pkt *pkt, uint64_t now)
{
	uint64_t	 detect = peer_detect(bs);

	silence_check(bs, now, detect);
	bs->sent_at = now;
	bs->sent_detect = detect;
	io_send(bs, pkt);
}

/* A periodic packet (or another) is due; the timer was armed for due. */
static void
tx_run(struct bsession *bs, uint64_t due)
{
	struct bfd_pkt	 pkt;
	unsigned	 act;
	uint64_t	 now, late;

	/*
	 * The clock now, not the pass's: the gap to the next packet is
	 * drawn from this one's time (6.8.7: at least 75% of the
	 * interval), and a pass that ran long before this timer would
	 * otherwise put the next one early on the wire.
	 */
	now = ev_monotonic_us();

	/*
	 * How late the loop ran it: a busy or starved daemon shows here
	 * before its peers see it.  Past a quarter of the interval the
	 * gap since the last packet may exceed what 6.8.7 allows.
	 */
	late = now > due ? now - due : 0;
	if (late > bd->stats.tx_late_max_us)
		bd->stats.tx_late_max_us = late;
	if (bs->s.last_tx != 0 && late > bfd_sess_tx_interval(&bs->s) / 4) {
		bd->stats.tx_late++;
		txlate.late++;
		if (late > txlate.late_worst)
			txlate.late_worst = late;
		tx_late_tell(now);
	}
	act = bfd_sess_tx(&bs->s, now, &pkt);
	if (act & BFD_ACT_TX)
		sess_send(bs, &pkt, now);
	sess_act(bs, (act & ~BFD_ACT_TX) | BFD_ACT_TIMERS);
}

static void
tx_due(struct ev_timer *t, void *arg)
{
	tx_run(arg, t->when);
}

static void
tx_wdue(struct ev_wtimer *t, void *arg)
{
	tx_run(arg, t->when);
}

static void
detect_due(struct ev_timer *t, void *arg)
{
	struct bsession	*bs = arg;
	uint64_t	 now = ev_now(bd->loop);

	/* armed lazily (sess_timers): packets since may have moved it */
	if (bs->s.detect_at > now) {
		ev_timer_at(bd->loop, t, bs->s.detect_at);
		return;
	}
	/*
	 * Behind: the packets due go out before the (long) read of what
	 * waits and the judgement, which come next pass; once, so that
	 * a daemon that stays behind still judges.
	 */
	if (bfdd_yield_behind(bd->loop, t, &bs->detect_yielded))
		return;
	/* not for silence while its packets wait unread */
	io_drain();
	if (bs->s.detect_at == 0)
		return;
	if (bs->s.detect_at > now) {
		ev_timer_at(bd->loop, t, bs->s.detect_at);
		return;
	}
	bs->expire_silent = bs->s.last_rx != 0 ? now - bs->s.last_rx : 0;
	bs->expire_late = now - bs->s.detect_at;
	sess_act(bs, bfd_sess_expire(&bs->s, now));
}

/*
 * Periodic packets leave on a grid of an eighth of the interval
 * (BFDD_GRID_US at most), so that the sessions that fall in one slot go
 * out in one wake-up instead of one each.  A periodic packet goes
 * at the grid point nearest the time the state machine drew, kept in
 * the window RFC 5880 6.8.7 allows (75-100% of the interval after the
 * last one, 75-90% with a Detect Mult of 1; an eighth always has a
 * point in it): neither sooner nor later than the jitter may make it,
 * and as often on average.  Any other packet goes at the first grid
 * point after its time, never before it.
 */
#define TX_SLOT_MAX	BFDD_GRID_US
#define TX_SLOT_DIV	8

static uint64_t
tx_slot(const struct bsession *bs, uint64_t at)
{
	const struct bfd_session *s = &bs->s;
	uint64_t	 ival = bfd_sess_tx_interval(s);
	uint64_t	 slot = ival / TX_SLOT_DIV, lo, hi, near;

	if (slot > TX_SLOT_MAX)
		slot = TX_SLOT_MAX;
	if (slot <= 1)
		return at;
	lo = s->last_tx + ival * 3 / 4;
	hi = s->last_tx + (s->detect_mult == 1 ? ival * 9 / 10 : ival);
	if (s->last_tx == 0 || at < lo || at > hi)
		return (at + slot - 1) / slot * slot;
	near = (at + slot / 2) / slot * slot;
	if (near < lo)
		near += slot;
	if (near > hi)
		near -= slot;
	return near;
}

/*
 * The transmit times on the grid, a second ahead at most, wait in a
 * wheel of lists, one a grid point: arming one is a few stores, and the
 * sessions of a point go out in the order they were armed.  Others
 * (a finer grid below 8 ms, slower intervals, a time already passed)
 * wait on the loop's heap.  Measured at 500 sessions of 10 ms: the heap
 * was 5 % of bfdd's CPU, most of it moving the transmit timers.
 */
#define TX_WHEEL_SLOTS	1024

static struct ev_wheel	*txwheel;

static void
tx_cancel(struct bsession *bs)
{
	ev_timer_cancel(bd->loop, &bs->t_tx);
	ev_wheel_cancel(txwheel, &bs->w_tx);
}

void
sess_timers(struct bsession *bs)
{
	uint64_t	 at;

	if (bs->s.next_tx != 0) {
		at = tx_slot(bs, bs->s.next_tx);
		/* every packet received comes here: nothing moves needlessly */
		if (ev_wheel_at(txwheel, &bs->w_tx, at) == 0)
			ev_timer_cancel(bd->loop, &bs->t_tx);
		else if (!ev_timer_pending(&bs->t_tx) || bs->t_tx.when != at)
			ev_timer_at(bd->loop, &bs->t_tx, at);
	} else
		tx_cancel(bs);
	/*
	 * Each packet received moves the detection time a little later:
	 * the timer stays where it is, and detect_due, when it fires
	 * early, moves it then (once a detection time, not per packet).
	 */
	if (bs->s.detect_at == 0)
		ev_timer_cancel(bd->loop, &bs->t_detect);
	else if (!ev_timer_pending(&bs->t_detect) ||
	    bs->t_detect.when > bs->s.detect_at)
		ev_timer_at(bd->loop, &bs->t_detect, bs->s.detect_at);
}

static void
sess_free(struct bsession *bs)
{
	struct bfd_req	*r;

	while ((r = TAILQ_FIRST(&bs->reqs)) != NULL) {
		TAILQ_REMOVE(&bs->reqs, r, sentry);
		r->bs = NULL;
	}
	tx_cancel(bs);
	ev_timer_cancel(bd->loop, &bs->t_detect);
	RB_REMOVE(sess_disc, &by_disc, bs);
	idmap_del(&disc_map, bs->s.local_disc);
	if (bs->linked)
		RB_REMOVE(sess_key, &by_key, bs);
	io_sess_free(bs);
	io_port_free(bs->s.srcport);
	bfd_auth_clear(&bs->s.auth);
	bfd_auth_clear(&bs->prev_auth);
	free(bs->description);
	free(bs);
	nsessions--;
	bd->stats.sessions_freed++;
	bfdd_session_freed();
}

/* ", this daemon ran the timer N ms late" when that is worth saying */
static const char *
late_note(uint64_t late, uint64_t detect)
{
	static char	 buf[64];

	if (late < 1000 || late * 10 < detect)
		return "";
	snprintf(buf, sizeof(buf), ", bfdd ran its timer %.1f ms late",
	    late / 1000.0);
	return buf;
}

void
sess_act(struct bsession *bs, unsigned act)
{
	struct bfd_pkt	 pkt;
	uint64_t	 now = ev_now(bd->loop);
	char		 name[INET6_ADDRSTRLEN * 2 + IF_NAMESIZE + 32];

	if (act & BFD_ACT_NOTIFY) {
		if (bs->s.old_state == BFD_UP && bs->s.state != BFD_UP) {
			silence_check(bs, now, 0);	/* no longer Up */
			bs->sent_detect = 0;
		}
		if (bs->s.state == BFD_DOWN && bs->expire_silent != 0 &&
		    bs->s.local_diag == BFD_DIAG_EXPIRED)
			log_notice("session %s: %s -> %s (%s), nothing "
			    "received for %.1f ms (detection time %.1f ms)%s",
			    sess_name(bs, name, sizeof(name)),
			    bfd_state_name(bs->s.old_state),
			    bfd_state_name(bs->s.state),
			    bfd_diag_name(bs->s.local_diag),
			    bs->expire_silent / 1000.0,
			    bs->s.detect_last / 1000.0,
			    late_note(bs->expire_late,
			    bs->s.detect_last));
		else
			log_notice("session %s: %s -> %s (%s)",
			    sess_name(bs, name, sizeof(name)),
			    bfd_state_name(bs->s.old_state),
			    bfd_state_name(bs->s.state),
			    bfd_diag_name(bs->s.local_diag));
		control_notify(bs);
	}
	bs->expire_silent = 0;
	if (act & BFD_ACT_FINAL) {
		bfd_sess_build(&bs->s, 1, now, &pkt);
		sess_send(bs, &pkt, ev_monotonic_us());
	} else if ((act & BFD_ACT_TX) && !(act & BFD_ACT_FREE) &&
	    bs->s.next_tx != 0) {
		bfd_sess_build(&bs->s, 0, now, &pkt);
		sess_send(bs, &pkt, ev_monotonic_us());
	}
	if (act & BFD_ACT_FREE) {
		sess_free(bs);
		return;
	}
	sess_timers(bs);
}

/* A discriminator nobody uses: random, not 0 (RFC 5880 6.8.1). */
static uint32_t
new_disc(void)
{
	uint32_t	 d;

	do
		d = bfd_random();
	while (d == 0 || sess_by_disc(d) != NULL);
	return d;
}

/* The smallest wins, passive only if all ask (the spec's sharing). */
static void
merge(struct bfd_params *acc, const struct bfd_params *p, int first)
{
	if (first) {
		*acc = *p;
		return;
	}
	if (p->min_rx < acc->min_rx)
		acc->min_rx = p->min_rx;
	if (p->min_tx < acc->min_tx)
		acc->min_tx = p->min_tx;
	if (p->idle_tx < acc->idle_tx)
		acc->idle_tx = p->idle_tx;
	if (p->mult < acc->mult)
		acc->mult = p->mult;
	acc->passive = acc->passive && p->passive;
}

/* Compute what the requests want; -1 if nothing (a profile is gone). */
static int
effective(struct bsession *bs, struct bfd_params *params,
    struct bfd_auth *auth)
{
	struct bfd_req		*r;
	struct bfd_params	 p;
	struct bfd_auth		 a;
	int			 first = 1;

	TAILQ_INIT(&a.keys);
	TAILQ_FOREACH(r, &bs->reqs, sentry) {
		if (bfd_conf_session(bd->conf, bs->s.multihop, bs->s.ifname,
		    r->nbr != NULL ? &r->nbr->opts : &r->opts, &p, &a) == -1)
			continue;
		merge(params, &p, first);
		if (first) {
			/* the first request (a neighbor statement comes
			 * first) decides the authentication */
			auth->type = a.type;
			TAILQ_INIT(&auth->keys);
			TAILQ_CONCAT(&auth->keys, &a.keys, entry);
		} else
			bfd_auth_clear(&a);
		first = 0;
	}
	return first ? -1 : 0;
}

static int
auth_equal(const struct bfd_auth *a, const struct bfd_auth *b)
{
	const struct bfd_key	*x, *y;

	if (a->type != b->type)
		return 0;
	for (x = TAILQ_FIRST(&a->keys), y = TAILQ_FIRST(&b->keys);
	    x != NULL && y != NULL; x = TAILQ_NEXT(x, entry),
	    y = TAILQ_NEXT(y, entry))
		if (x->id != y->id || x->len != y->len ||
		    memcmp(x->data, y->data, x->len) != 0 ||
		    x->send_from != y->send_from || x->send_to != y->send_to ||
		    x->accept_from != y->accept_from ||
		    x->accept_to != y->accept_to)
			return 0;
	return x == NULL && y == NULL;
}

void
sess_update(struct bsession *bs)
{
	struct bfd_params	 p;
	struct bfd_auth		 a;
	uint64_t		 now = ev_now(bd->loop);
	char			 name[256];

	memset(&p, 0, sizeof(p));
	memset(&a, 0, sizeof(a));
	TAILQ_INIT(&a.keys);
	if (effective(bs, &p, &a) == -1)
		return;
	if (!auth_equal(&a, &bs->s.auth)) {
		/*
		 * Takes effect at once (RFC 5880 6.7.1); with
		 * authentication-transition the one it replaces is still
		 * accepted from the peer for an hour, never sent.
		 */
		bfd_auth_clear(&bs->prev_auth);
		bs->prev_until = 0;
		if (p.auth_transition) {
			bs->prev_auth.type = bs->s.auth.type;
			TAILQ_CONCAT(&bs->prev_auth.keys, &bs->s.auth.keys,
			    entry);
			bs->prev_ast = bs->s.ast;
			bs->prev_until = now + BFD_AUTH_TRANSITION_US;
			log_info("session %s: authentication changed; the "
			    "previous one is accepted for an hour",
			    sess_name(bs, name, sizeof(name)));
		}
		bfd_auth_clear(&bs->s.auth);
		bs->s.auth.type = a.type;
		TAILQ_INIT(&bs->s.auth.keys);
		TAILQ_CONCAT(&bs->s.auth.keys, &a.keys, entry);
		bs->s.ast.seq_known = 0;
	} else
		bfd_auth_clear(&a);
	if (memcmp(&p, &bs->s.p, sizeof(p)) != 0)
		sess_act(bs, bfd_sess_set_params(&bs->s, &p, now));
}

/* The interface on which a global peer lies (its prefix), or NULL. */
static struct ifinfo_if *
prefix_if(int family, const struct in6_addr *peer)
{
	struct ifinfo_if		*ifp;
	const struct ifinfo_addr	*a;

	for (ifp = ifinfo_first(bd->ifinfo); ifp != NULL;
	    ifp = ifinfo_next(ifp))
		TAILQ_FOREACH(a, &ifp->addrs, entry)
			if (a->family == family &&
			    !IN6_IS_ADDR_LINKLOCAL(&a->addr) &&
			    in6_prefix_equal(&a->addr, peer,
			    a->family == AF_INET ? 96 + a->plen : a->plen))
				return ifp;
	return NULL;
}

/* Find the interface and the source address a session needs. */
static int
find_path(struct bsession *bs)
{
	struct ifinfo_if		*ifp = NULL;
	const struct ifinfo_addr	*a;
	struct ifinfo_addr		*own;
	int				 want_ll;

	if (bs->s.multihop) {
		/* the configured local address, usable, anywhere */
		ifp = ifinfo_find_addr(bd->ifinfo, &bs->s.local, &own);
		return ifp != NULL && ifinfo_if_up(ifp) &&
		    ifinfo_addr_usable(own) ? 0 : -1;
	}
	if (bs->s.ifname[0] != '\0')
		ifp = ifinfo_by_name(bd->ifinfo, bs->s.ifname);
	else {
		/* a global peer: the interface with its prefix */
		ifp = prefix_if(bs->s.family, &bs->s.peer);
		if (ifp == NULL)
			return -1;
		/* now the key is known */
		if (bs->linked)
			RB_REMOVE(sess_key, &by_key, bs);
		strlcpy(bs->s.ifname, ifp->name, sizeof(bs->s.ifname));
		if (RB_INSERT(sess_key, &by_key, bs) != NULL) {
			bs->linked = 0;
			bs->s.ifname[0] = '\0';
			return -1;
		}
		bs->linked = 1;
		/* the interface's block applies now that it is known */
		sess_update(bs);
	}
	if (ifp == NULL || !ifinfo_if_up(ifp))
		return -1;
	bs->s.ifindex = ifp->index;
	want_ll = IN6_IS_ADDR_LINKLOCAL(&bs->s.peer);
	TAILQ_FOREACH(a, &ifp->addrs, entry) {
		if (a->family != bs->s.family || !ifinfo_addr_usable(a))
			continue;
		if (bs->s.family == AF_INET6 &&
		    want_ll != IN6_IS_ADDR_LINKLOCAL(&a->addr))
			continue;
		/* the one asked for, if it is on this link */
		if (bs->local_set) {
			if (!IN6_ARE_ADDR_EQUAL(&a->addr, &bs->s.local))
				continue;
		/* the address whose prefix holds the peer (RFC 5881 6) */
		} else if (!want_ll && !in6_prefix_equal(&a->addr,
		    &bs->s.peer, a->family == AF_INET ? 96 + a->plen :
		    a->plen))
			continue;
		bs->s.local = a->addr;
		return 0;
	}
	return -1;
}

void
sess_paths(void)
{
	struct bsession	*bs, *next;
	uint64_t	 now = ev_now(bd->loop);
	char		 name[256];

	for (bs = RB_MIN(sess_disc, &by_disc); bs != NULL; bs = next) {
		next = RB_NEXT(sess_disc, &by_disc, bs);
		if (find_path(bs) == 0) {
			if (bs->waiting)
				log_info("session %s: path found, source %s",
				    sess_name(bs, name, sizeof(name)),
				    inet_ntop(AF_INET6, &bs->s.local,
				    name + 128, 128) ? name + 128 : "?");
			bs->waiting = 0;
			io_sess_path(bs);
			sess_act(bs, bfd_sess_path(&bs->s, 1, now));
		} else {
			if (!bs->waiting)
				log_info("session %s: waiting to become a "
				    "neighbor (no usable interface or source "
				    "address)", sess_name(bs, name,
				    sizeof(name)));
			bs->waiting = 1;
			io_sess_path(bs);
			sess_act(bs, bfd_sess_path(&bs->s, 0, now));
		}
	}
}

static void
paths_due(struct ev_timer *t, void *arg)
{
	sess_paths();
}

static void
ifinfo_changed(struct ifinfo *ifi, const struct ifinfo_event *ev, void *arg)
{
	/* after the change has been applied, once per burst */
	if (!ev_timer_pending(&t_paths))
		ev_timer_add(bd->loop, &t_paths, 0);
}

void
sess_init(void)
{
	ev_timer_init(&t_paths, paths_due, NULL);
	/* kept to the end (sess_free_all leaves it, empty) */
	txwheel = ev_wheel_new(bd->loop, BFDD_GRID_US, TX_WHEEL_SLOTS);
	if (txwheel == NULL)
		fatal("out of memory");
	bd->ifinfo = ifinfo_open(bd->loop, 1, ifinfo_changed, NULL);
	if (bd->ifinfo == NULL)
		fatal("cannot read the interfaces (rtnetlink)");
}

struct bsession *
sess_request(struct bfd_req *r, int family, const struct in6_addr *peer,
    const char *ifname, const struct in6_addr *local, int multihop,
    const char **why)
{
	struct bsession		*bs, key;
	struct ifinfo_if	*ifp;
	const struct bfd_conf	*c = bd->conf;
	char			 name[256];

	if (!(c->accept & (family == AF_INET ? BFD_ACCEPT_IPV4 :
	    BFD_ACCEPT_IPV6)) || !(c->accept & (multihop ?
	    BFD_ACCEPT_MULTIHOP : BFD_ACCEPT_DIRECT))) {
		*why = "503 refused by the accept option";
		return NULL;
	}
	if (multihop && local == NULL) {
		*why = "422 a multihop session needs local=";
		return NULL;
	}
	if (!multihop && (ifname == NULL || ifname[0] == '\0') &&
	    family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(peer)) {
		*why = "422 a link-local peer needs an interface";
		return NULL;
	}
	memset(&key, 0, sizeof(key));
	key.s.family = family;
	key.s.peer = *peer;
	key.s.multihop = multihop;
	if (multihop)
		key.s.local = *local;
	else if (ifname != NULL && ifname[0] != '\0')
		strlcpy(key.s.ifname, ifname, sizeof(key.s.ifname));
	else if ((ifp = prefix_if(family, peer)) != NULL)
		/*
		 * A global peer without an interface: the session's key
		 * is the interface that has its prefix, as find_path
		 * makes it, so that such a request shares the session a
		 * neighbor statement or another request made before.
		 */
		strlcpy(key.s.ifname, ifp->name, sizeof(key.s.ifname));
	if ((bs = RB_FIND(sess_key, &by_key, &key)) == NULL) {
		if ((unsigned)nsessions >= c->max_sessions) {
			*why = "429 max-sessions reached";
			return NULL;
		}
		if (idmap_reserve(&disc_map) == -1 ||
		    (bs = calloc(1, sizeof(*bs))) == NULL) {
			*why = "500 out of memory";
			return NULL;
		}
		bs->s = key.s;
		if (!multihop && local != NULL) {
			/* the source a single hop neighbor named (3.9) */
			bs->s.local = *local;
			bs->local_set = 1;
		}
		TAILQ_INIT(&bs->s.auth.keys);
		TAILQ_INIT(&bs->prev_auth.keys);
		TAILQ_INIT(&bs->reqs);
		bs->s.local_disc = new_disc();
		bs->s.srcport = io_port_alloc();
		bs->txfd = -1;
		bs->rl_auth = (struct log_ratelimit)LOG_RATELIMIT_INIT(10, 1);
		ev_timer_init(&bs->t_tx, tx_due, bs);
		ev_wtimer_init(&bs->w_tx, tx_wdue, bs);
		ev_timer_init(&bs->t_detect, detect_due, bs);
		RB_INSERT(sess_disc, &by_disc, bs);
		idmap_put(&disc_map, bs->s.local_disc, bs);
		if (RB_INSERT(sess_key, &by_key, bs) == NULL)
			bs->linked = 1;
		nsessions++;
		bd->stats.sessions_created++;
		r->bs = bs;
		TAILQ_INSERT_TAIL(&bs->reqs, r, sentry);
		bs->nreqs = 1;
		{
			struct bfd_params	 p;
			struct bfd_auth		 a;

			memset(&p, 0, sizeof(p));
			TAILQ_INIT(&a.keys);
			a.type = 0;
			if (effective(bs, &p, &a) == -1) {
				memset(&p, 0, sizeof(p));
				p.min_rx = BFD_DEF_MINRX;
				p.min_tx = BFD_DEF_MINTX;
				p.idle_tx = BFD_DEF_IDLETX;
				p.mult = BFD_DEF_MULT;
			}
			bs->s.auth.type = a.type;
			TAILQ_CONCAT(&bs->s.auth.keys, &a.keys, entry);
			bfd_sess_init(&bs->s, &p, bs->s.local_disc,
			    ev_now(bd->loop));
		}
		if (!multihop && bs->s.p.passive)
			log_warnx("session %s: passive on a single hop "
			    "session (RFC 5881 3 wants both ends active)",
			    sess_name(bs, name, sizeof(name)));
		if (multihop && bs->s.auth.type == BFD_AUTH_NONE)
			log_notice("session %s: multihop without "
			    "authentication (RFC 5883 6 advises it)",
			    sess_name(bs, name, sizeof(name)));
		/* no path yet: silent until the interfaces say otherwise */
		if (find_path(bs) == -1) {
			bs->waiting = 1;
			bfd_sess_path(&bs->s, 0, ev_now(bd->loop));
			log_info("session %s: waiting to become a neighbor",
			    sess_name(bs, name, sizeof(name)));
		} else
			io_sess_path(bs);	/* strict-bind: its socket */
		sess_timers(bs);
		return bs;
	}
	r->bs = bs;
	TAILQ_INSERT_TAIL(&bs->reqs, r, sentry);
	bs->nreqs++;
	if (bs->s.admin == BFD_ADMIN_DELETING) {
		/* wanted again before it was gone: back to Down */
		bs->s.admin = BFD_ADMIN_DISABLED;
		sess_act(bs, bfd_sess_enable(&bs->s, ev_now(bd->loop)));
	}
	sess_update(bs);
	return bs;
}

void
sess_unrequest(struct bfd_req *r)
{
	struct bsession	*bs = r->bs;

	if (bs == NULL)
		return;
	TAILQ_REMOVE(&bs->reqs, r, sentry);
	r->bs = NULL;
	if (--bs->nreqs > 0) {
		sess_update(bs);
		return;
	}
	/* the last one: AdminDown for the peer, then gone (6.8.16) */
	sess_act(bs, bfd_sess_admin(&bs->s, BFD_ADMIN_DELETING,
	    ev_now(bd->loop)));
}

void
sess_disable(struct bsession *bs, int disable)
{
	uint64_t	 now = ev_now(bd->loop);

	if (disable)
		sess_act(bs, bfd_sess_admin(&bs->s, BFD_ADMIN_DISABLED, now));
	else
		sess_act(bs, bfd_sess_enable(&bs->s, now));
}

void
sess_shutdown(void)
{
	struct bsession	*bs, *next;
	uint64_t	 now = ev_now(bd->loop);

	for (bs = RB_MIN(sess_disc, &by_disc); bs != NULL; bs = next) {
		next = RB_NEXT(sess_disc, &by_disc, bs);
		if (bs->s.admin == BFD_ADMIN_DELETING)
			continue;
		sess_act(bs, bfd_sess_admin(&bs->s, BFD_ADMIN_DELETING,
		    now));
	}
}

void
sess_free_all(void)
{
	struct bsession	*bs;

	while ((bs = RB_MIN(sess_disc, &by_disc)) != NULL)
		sess_free(bs);
	idmap_free(&disc_map);
	if (txlate.t.cb != NULL)
		ev_timer_cancel(bd->loop, &txlate.t);
	memset(&txlate, 0, sizeof(txlate));
}
