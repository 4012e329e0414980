/* Unit tests for common/evwheel: the times it takes and refuses, and
 * timers armed, moved and cancelled at random (also from callbacks)
 * against a record of what must fire, when and in which order. */
#include <stdlib.h>
#include <string.h>

#include "ev.h"
#include "evwheel.h"
#include "t6check.h"

#define GRID	200		/* us: a short grid keeps the suite quick */
#define SLOTS	64

static struct ev_loop	*loop;
static struct ev_wheel	*w;

static void
setup(void)
{
	loop = ev_loop_new();
	ck_assert_ptr_nonnull(loop);
	ev_now_update(loop);
	w = ev_wheel_new(loop, GRID, SLOTS);
	ck_assert_ptr_nonnull(w);
}

static void
teardown(void)
{
	ev_wheel_free(w);
	ev_loop_free(loop);
	w = NULL;
	loop = NULL;
}

/* Run the loop until the wheel is empty, at most limit_us. */
static void
run_until_empty(uint64_t limit_us)
{
	uint64_t	 end = ev_monotonic_us() + limit_us;

	while (ev_wheel_count(w) > 0) {
		ck_assert_msg(ev_monotonic_us() < end, "timers not run in time");
		ck_assert_int_ge(ev_loop_once(loop, 10000), 0);
	}
}

struct mark {
	struct ev_wtimer t;
	int		 fired;
	uint64_t	 seq;		/* when it was last armed */
	struct mark	*victim;	/* cancels it when it fires */
	int		 rearm;		/* times left to re-arm a point on */
};

/* What fired, in order: its time, when it was armed, when it ran. */
struct event {
	struct mark	*m;
	uint64_t	 when;
	uint64_t	 seq;
	uint64_t	 at;
};
static struct event	 events[4096];
static int		 nevents;
static uint64_t		 seq;		/* arming order */

static int
arm(struct mark *m, uint64_t when)
{
	/* armed again for its own time, it keeps its place */
	if (!ev_wtimer_pending(&m->t) || m->t.when != when)
		m->seq = ++seq;
	return ev_wheel_at(w, &m->t, when);
}

static void
mark_cb(struct ev_wtimer *t, void *arg)
{
	struct mark	*m = arg;

	ck_assert_ptr_eq(&m->t, t);
	ck_assert(!ev_wtimer_pending(t));
	m->fired++;
	ck_assert_int_lt(nevents, 4096);
	events[nevents].m = m;
	events[nevents].when = t->when;
	events[nevents].seq = m->seq;
	events[nevents].at = ev_now(loop);
	nevents++;
	if (m->victim != NULL)
		ev_wheel_cancel(w, &m->victim->t);
	if (m->rearm > 0) {
		m->rearm--;
		ck_assert_int_eq(arm(m, t->when + GRID), 0);
	}
}

/* The first grid point the wheel can take now. */
static uint64_t
first_point(void)
{
	return (ev_now(loop) / GRID + 1) * GRID;
}

START_TEST(takes_and_refuses)
{
	struct mark	 m = { .fired = 0 };
	uint64_t	 p;

	ev_wtimer_init(&m.t, mark_cb, &m);
	ck_assert(!ev_wtimer_pending(&m.t));
	p = first_point();
	/* off the grid, in the past, on the point just run, past the horizon */
	ck_assert_int_eq(ev_wheel_at(w, &m.t, p + 1), -1);
	ck_assert_int_eq(ev_wheel_at(w, &m.t, p - GRID), -1);
	ck_assert_int_eq(ev_wheel_at(w, &m.t, p - 2 * GRID), -1);
	ck_assert_int_eq(ev_wheel_at(w, &m.t, p + (SLOTS - 1) * GRID), -1);
	ck_assert(!ev_wtimer_pending(&m.t));
	ck_assert_uint_eq(ev_wheel_count(w), 0);
	/* the last point of the horizon, then the first: a move */
	ck_assert_int_eq(ev_wheel_at(w, &m.t, p + (SLOTS - 2) * GRID), 0);
	ck_assert(ev_wtimer_pending(&m.t));
	ck_assert_int_eq(ev_wheel_at(w, &m.t, p), 0);
	ck_assert_int_eq(ev_wheel_at(w, &m.t, p), 0);	/* the same: kept */
	ck_assert_uint_eq(ev_wheel_count(w), 1);
	/* a refused move leaves it idle, not at its old time */
	ck_assert_int_eq(ev_wheel_at(w, &m.t, p + 7), -1);
	ck_assert(!ev_wtimer_pending(&m.t));
	ck_assert_uint_eq(ev_wheel_count(w), 0);
	ck_assert_int_eq(arm(&m, p), 0);
	nevents = 0;
	run_until_empty(1000000);
	ck_assert_int_eq(m.fired, 1);
	ck_assert_int_eq(nevents, 1);
	ck_assert_uint_eq(events[0].when, p);
	ck_assert_uint_ge(events[0].at, p);
	ev_wheel_cancel(w, &m.t);	/* idle: nothing to do */
	ck_assert_uint_eq(ev_wheel_count(w), 0);
}
END_TEST

/*
 * A run that comes late, past the next points: the last timer re-arms
 * itself from its callback on the point after its own (already due), as
 * the timers of a busy wheel do, and that is taken and run in the same
 * pass, however empty the wheel was left by taking the timer off.
 */
START_TEST(rearm_from_late_run)
{
	struct mark	 m = { .fired = 0 };
	uint64_t	 p, end;

	ev_wtimer_init(&m.t, mark_cb, &m);
	m.rearm = 2;
	p = first_point();
	ck_assert_int_eq(arm(&m, p), 0);
	end = p + 5 * GRID;
	while (ev_monotonic_us() < end)
		;		/* late: the loop is not run meanwhile */
	nevents = 0;
	ck_assert_int_ge(ev_loop_once(loop, 0), 0);
	ck_assert_int_eq(m.fired, 3);
	ck_assert_int_eq(nevents, 3);
	ck_assert_uint_eq(events[1].when, p + GRID);
	ck_assert_uint_eq(events[2].when, p + 2 * GRID);
	ck_assert_uint_eq(ev_wheel_count(w), 0);
}
END_TEST

/* Idle past its horizon, the wheel starts from now again. */
START_TEST(restarts_after_idle)
{
	struct mark	 m = { .fired = 0 };
	uint64_t	 end;

	ev_wtimer_init(&m.t, mark_cb, &m);
	end = ev_monotonic_us() + 2 * SLOTS * GRID;
	while (ev_monotonic_us() < end)
		ck_assert_int_ge(ev_loop_once(loop, 1000), 0);
	ev_now_update(loop);
	ck_assert_int_eq(ev_wheel_at(w, &m.t,
	    first_point() + (SLOTS - 2) * GRID), 0);
	ev_wheel_cancel(w, &m.t);
	ck_assert_uint_eq(ev_wheel_count(w), 0);
}
END_TEST

/*
 * Hundreds of timers on random points, many sharing one; some moved,
 * some cancelled before the run, some cancelled by another's callback
 * (one due on an earlier point), some re-armed by their own on the
 * points after: each fires as often as it must and no more, not before
 * its time, in the order of the times and, on one point, of arming.
 */
START_TEST(random_against_record)
{
	enum { N = 600, PLAIN = 4 };
	static struct mark	 m[N];
	int			 role[N], doomed[N], want[N];
	uint64_t		 base;
	int			 i, j, k, round;

	srandom(4242);
	for (round = 0; round < 3; round++) {
		ev_now_update(loop);
		base = first_point();
		nevents = 0;
		for (i = 0; i < N; i++) {
			memset(&m[i], 0, sizeof(m[i]));
			ev_wtimer_init(&m[i].t, mark_cb, &m[i]);
			role[i] = (int)(random() % 8);
			doomed[i] = 0;
			ck_assert_int_eq(arm(&m[i],
			    base + (uint64_t)(random() % 40) * GRID), 0);
		}
		for (i = 0; i < N; i++) {
			switch (role[i]) {
			case 0:		/* moved */
				ck_assert_int_eq(arm(&m[i], base +
				    (uint64_t)(random() % 40) * GRID), 0);
				break;
			case 1:		/* cancelled */
				ev_wheel_cancel(w, &m[i].t);
				ck_assert(!ev_wtimer_pending(&m[i].t));
				break;
			case 3:		/* re-arms itself */
				m[i].rearm = 1 + (int)(random() % 3);
				break;
			}
		}
		/* killers fire for sure; victims are plain, due later */
		for (i = 0; i < N; i++) {
			if (role[i] != 2)
				continue;
			for (k = 0; k < 20; k++) {
				j = (int)(random() % N);
				if (role[j] >= PLAIN && !doomed[j] &&
				    m[j].t.when > m[i].t.when) {
					m[i].victim = &m[j];
					doomed[j] = 1;
					break;
				}
			}
		}
		for (i = 0; i < N; i++)
			want[i] = role[i] == 1 || doomed[i] ? 0 :
			    1 + m[i].rearm;
		run_until_empty(5000000);
		for (i = 0; i < N; i++)
			ck_assert_msg(m[i].fired == want[i],
			    "timer %d (role %d%s) fired %d times, not %d", i,
			    role[i], doomed[i] ? ", cancelled by another" : "",
			    m[i].fired, want[i]);
		for (i = 0; i < nevents; i++) {
			ck_assert_uint_ge(events[i].at, events[i].when);
			if (i == 0)
				continue;
			ck_assert_uint_ge(events[i].when, events[i - 1].when);
			if (events[i].when == events[i - 1].when)
				ck_assert_uint_gt(events[i].seq,
				    events[i - 1].seq);
		}
	}
}
END_TEST

static Suite *
evwheel_suite(void)
{
	Suite	*s = suite_create("evwheel");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, takes_and_refuses);
	tcase_add_test(tc, restarts_after_idle);
	tcase_add_test(tc, rearm_from_late_run);
	tcase_add_test(tc, random_against_record);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(evwheel_suite(), 0);
}
