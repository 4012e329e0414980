/* common/evwheel: see evwheel.h. */
#include <stdlib.h>

#include "evwheel.h"

TAILQ_HEAD(ev_wlist, ev_wtimer);

/*
 * Every armed timer's time is a grid point in (done, done + horizon):
 * after the last point run, and short of the one that shares done's
 * list, so each list holds the timers of one point only, and done's own
 * list is empty.
 */
struct ev_wheel {
	struct ev_loop	*loop;
	struct ev_timer	 t;		/* at the earliest point with timers */
	uint64_t	 grid;
	unsigned	 nslots;
	uint64_t	 done;		/* the last point run, on the grid */
	int		 running;	/* in wheel_due: done is the point run */
	size_t		 n;
	uint64_t	*bits;		/* lists that are not empty */
	struct ev_wlist	*lists;
};

static unsigned
slot_of(const struct ev_wheel *w, uint64_t when)
{
	return (unsigned)(when / w->grid) & (w->nslots - 1);
}

/* The first point after done whose list has timers; 0 if none. */
static uint64_t
next_point(const struct ev_wheel *w)
{
	unsigned	 start = slot_of(w, w->done + w->grid);
	unsigned	 nw = w->nslots / 64, k, word, i;
	uint64_t	 b;

	for (k = 0; k <= nw; k++) {
		word = (start / 64 + k) % nw;
		b = w->bits[word];
		if (k == 0)
			b &= ~0ULL << (start % 64);
		else if (k == nw)	/* back in start's word: below it */
			b &= ~(~0ULL << (start % 64));
		if (b == 0)
			continue;
		i = word * 64 + (unsigned)__builtin_ctzll(b);
		return w->done +
		    ((uint64_t)((i - start) & (w->nslots - 1)) + 1) * w->grid;
	}
	return 0;
}

static void
unlink_timer(struct ev_wheel *w, struct ev_wtimer *t)
{
	TAILQ_REMOVE(&w->lists[t->slot], t, link);
	if (TAILQ_EMPTY(&w->lists[t->slot]))
		w->bits[t->slot / 64] &= ~(1ULL << (t->slot % 64));
	t->slot = EV_WSLOT_IDLE;
	w->n--;
}

/* Run the points due, each list in the order its timers were armed. */
static void
wheel_due(struct ev_timer *et, void *arg)
{
	struct ev_wheel		*w = arg;
	struct ev_wlist		*l;
	struct ev_wtimer	*t;
	uint64_t		 end, at;

	end = ev_now(w->loop) / w->grid * w->grid;
	w->running = 1;
	for (;;) {
		at = w->n > 0 ? next_point(w) : 0;
		if (at == 0 || at > end)
			break;
		/*
		 * Timers armed from the callbacks go after at (not before
		 * done) and short of at + horizon: none joins this list.
		 */
		w->done = at;
		l = &w->lists[slot_of(w, at)];
		while ((t = TAILQ_FIRST(l)) != NULL) {
			unlink_timer(w, t);
			t->cb(t, t->arg);
		}
	}
	w->running = 0;
	if (w->done < end)
		w->done = end;
	if (at != 0)
		ev_timer_at(w->loop, &w->t, at);
}

struct ev_wheel *
ev_wheel_new(struct ev_loop *loop, uint64_t grid_us, unsigned nslots)
{
	struct ev_wheel	*w;
	unsigned	 i;

	if (grid_us == 0 || nslots < 64 || nslots > 65536 ||
	    (nslots & (nslots - 1)) != 0)
		return NULL;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->loop = loop;
	ev_timer_init(&w->t, wheel_due, w);
	w->bits = calloc(nslots / 64, sizeof(*w->bits));
	w->lists = calloc(nslots, sizeof(*w->lists));
	if (w->bits == NULL || w->lists == NULL) {
		ev_wheel_free(w);
		return NULL;
	}
	for (i = 0; i < nslots; i++)
		TAILQ_INIT(&w->lists[i]);
	w->grid = grid_us;
	w->nslots = nslots;
	w->done = ev_now(loop) / grid_us * grid_us;
	return w;
}

void
ev_wheel_free(struct ev_wheel *w)
{
	if (w == NULL)
		return;
	ev_timer_cancel(w->loop, &w->t);
	free(w->bits);
	free(w->lists);
	free(w);
}

void
ev_wtimer_init(struct ev_wtimer *t, void (*cb)(struct ev_wtimer *, void *),
    void *arg)
{
	t->when = 0;
	t->slot = EV_WSLOT_IDLE;
	t->cb = cb;
	t->arg = arg;
}

int
ev_wheel_at(struct ev_wheel *w, struct ev_wtimer *t, uint64_t when)
{
	if (t->slot != EV_WSLOT_IDLE) {
		if (t->when == when)
			return 0;
		unlink_timer(w, t);
	}
	/*
	 * An empty wheel starts from now: its horizon is ahead of it.  Not
	 * while it runs a point (its last timer, taken off, re-arming from
	 * its callback): a run late by several points goes on to them, and
	 * takes the points after the one it runs, as it does when others
	 * are left.
	 */
	if (w->n == 0 && !w->running)
		w->done = ev_now(w->loop) / w->grid * w->grid;
	if (when % w->grid != 0 || when <= w->done ||
	    when - w->done >= (uint64_t)w->nslots * w->grid)
		return -1;
	t->when = when;
	t->slot = slot_of(w, when);
	TAILQ_INSERT_TAIL(&w->lists[t->slot], t, link);
	w->bits[t->slot / 64] |= 1ULL << (t->slot % 64);
	w->n++;
	if (!ev_timer_pending(&w->t) || w->t.when > when)
		ev_timer_at(w->loop, &w->t, when);
	return 0;
}

void
ev_wheel_cancel(struct ev_wheel *w, struct ev_wtimer *t)
{
	if (t->slot != EV_WSLOT_IDLE)
		unlink_timer(w, t);
}

int
ev_wtimer_pending(const struct ev_wtimer *t)
{
	return t->slot != EV_WSLOT_IDLE;
}

size_t
ev_wheel_count(const struct ev_wheel *w)
{
	return w->n;
}
