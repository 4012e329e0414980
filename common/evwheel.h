/*
 * Timers on a grid: many timers that fall on the points of a fixed grid
 * of the loop's clock (every grid_us microseconds) within a short
 * horizon, kept in a ring of lists, one list a point, under one timer of
 * the loop.  Arming, re-arming and cancelling are a few stores, where a
 * timer of the loop's heap costs a sift through it; timers due at the
 * same point fire in the order they were armed (a timer armed again for
 * the time it has keeps its place).
 *
 * A time the wheel cannot hold (not on the grid, not after the last
 * point it has run, or beyond the horizon of nslots points) is refused:
 * the caller keeps such a time on an ordinary ev_timer.
 */
#ifndef T6_EVWHEEL_H
#define T6_EVWHEEL_H

#include <sys/queue.h>
#include <stdint.h>

#include "ev.h"

struct ev_wtimer {
	TAILQ_ENTRY(ev_wtimer) link;
	uint64_t	 when;
	unsigned	 slot;		/* its list, or EV_WSLOT_IDLE */
	void		(*cb)(struct ev_wtimer *, void *);
	void		*arg;
};
#define EV_WSLOT_IDLE	(~0u)

struct ev_wheel;

/* nslots: a power of two from 64 to 65536; NULL if out of memory. */
struct ev_wheel	*ev_wheel_new(struct ev_loop *, uint64_t grid_us,
		    unsigned nslots);
/* Its timers must have been cancelled (or have fired). */
void		 ev_wheel_free(struct ev_wheel *);
void		 ev_wtimer_init(struct ev_wtimer *,
		    void (*cb)(struct ev_wtimer *, void *), void *arg);
/*
 * Arm (or move) t to fire at when: 0, or -1 if the wheel cannot hold
 * that time (t is then idle).
 */
int		 ev_wheel_at(struct ev_wheel *, struct ev_wtimer *,
		    uint64_t when);
void		 ev_wheel_cancel(struct ev_wheel *, struct ev_wtimer *);
int		 ev_wtimer_pending(const struct ev_wtimer *);
size_t		 ev_wheel_count(const struct ev_wheel *);

#endif
