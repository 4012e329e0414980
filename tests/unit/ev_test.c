/* Unit tests for common/ev: timers, descriptors, signals. */
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ev.h"
#include "t6check.h"

static struct ev_loop	*loop;

static void
setup(void)
{
	loop = ev_loop_new();
	ck_assert_ptr_nonnull(loop);
}

static void
teardown(void)
{
	ev_loop_free(loop);
	loop = NULL;
}

/* Record the order in which timers fire. */
struct rec {
	int	 order[64];
	int	 n;
};

struct tmark {
	struct ev_timer	 t;
	struct rec	*rec;
	int		 id;
	uint64_t	 fired_at;
};

static void
mark_cb(struct ev_timer *t, void *arg)
{
	struct tmark	*m = arg;

	m->fired_at = ev_now(loop);
	if (m->rec->n < 64)
		m->rec->order[m->rec->n++] = m->id;
}

static void
run_until(int (*done)(void *), void *arg, uint64_t limit_us)
{
	uint64_t	 end = ev_monotonic_us() + limit_us;

	while (!done(arg)) {
		ck_assert_msg(ev_monotonic_us() < end, "condition not met in time");
		ck_assert_int_ge(ev_loop_once(loop, 10000), 0);
	}
}

static int
rec_has(void *arg)
{
	struct rec	*r = arg;

	return r->n >= r->order[63];
}

START_TEST(timers_fire_in_time_order)
{
	struct rec	 rec = { .n = 0 };
	struct tmark	 m[5];
	uint64_t	 start;
	int		 delays_ms[5] = { 30, 10, 20, 10, 0 };
	int		 i;

	start = ev_now_update(loop);
	for (i = 0; i < 5; i++) {
		m[i].rec = &rec;
		m[i].id = i;
		ev_timer_init(&m[i].t, mark_cb, &m[i]);
		ev_timer_add(loop, &m[i].t, EV_MSEC(delays_ms[i]));
		ck_assert(ev_timer_pending(&m[i].t));
	}
	ck_assert_uint_eq(ev_timer_count(loop), 5);
	rec.order[63] = 5;
	run_until(rec_has, &rec, EV_SEC(5));
	/* equal times fire in the order they were armed */
	ck_assert_int_eq(rec.order[0], 4);
	ck_assert_int_eq(rec.order[1], 1);
	ck_assert_int_eq(rec.order[2], 3);
	ck_assert_int_eq(rec.order[3], 2);
	ck_assert_int_eq(rec.order[4], 0);
	for (i = 0; i < 5; i++) {
		ck_assert(!ev_timer_pending(&m[i].t));
		ck_assert_uint_ge(m[i].fired_at - start,
		    EV_MSEC(delays_ms[i]));
	}
	ck_assert_uint_eq(ev_timer_count(loop), 0);
}
END_TEST

START_TEST(timer_microsecond_resolution)
{
	struct rec	 rec = { .n = 0 };
	struct tmark	 m = { .rec = &rec, .id = 1 };
	uint64_t	 start, took;

	ev_timer_init(&m.t, mark_cb, &m);
	start = ev_now_update(loop);
	ev_timer_add(loop, &m.t, 1500);
	rec.order[63] = 1;
	run_until(rec_has, &rec, EV_SEC(2));
	took = m.fired_at - start;
	ck_assert_uint_ge(took, 1500);
	/* not rounded up to whole milliseconds and beyond */
	ck_assert_msg(took < 50000, "1.5 ms timer took %llu us",
	    (unsigned long long)took);
}
END_TEST

START_TEST(timer_cancel_and_rearm)
{
	struct rec	 rec = { .n = 0 };
	struct tmark	 a = { .rec = &rec, .id = 1 }, b = { .rec = &rec, .id = 2 };
	struct tmark	 c = { .rec = &rec, .id = 3 };

	ev_timer_init(&a.t, mark_cb, &a);
	ev_timer_init(&b.t, mark_cb, &b);
	ev_timer_init(&c.t, mark_cb, &c);
	ev_timer_cancel(loop, &a.t);		/* idle: no effect */
	ck_assert(!ev_timer_pending(&a.t));
	ev_timer_add(loop, &a.t, EV_MSEC(5));
	ev_timer_add(loop, &b.t, EV_MSEC(10));
	ev_timer_add(loop, &c.t, EV_MSEC(15));
	ev_timer_cancel(loop, &a.t);
	ck_assert(!ev_timer_pending(&a.t));
	/* re-arm in place: c earlier than b, then b later */
	ev_timer_add(loop, &c.t, EV_MSEC(1));
	ev_timer_add(loop, &b.t, EV_MSEC(40));
	ck_assert_uint_eq(ev_timer_count(loop), 2);
	ck_assert_uint_gt(ev_timer_remaining(loop, &b.t),
	    ev_timer_remaining(loop, &c.t));
	ck_assert_uint_eq(ev_timer_remaining(loop, &a.t), 0);
	rec.order[63] = 2;
	run_until(rec_has, &rec, EV_SEC(5));
	ck_assert_int_eq(rec.order[0], 3);
	ck_assert_int_eq(rec.order[1], 2);
	ck_assert_int_eq(rec.n, 2);
}
END_TEST

/* A timer that re-arms itself at zero delay must not starve the loop. */
static int	 spins;

static void
spin_cb(struct ev_timer *t, void *arg)
{
	spins++;
	ev_timer_add(loop, t, 0);
}

START_TEST(timer_zero_delay_rearm_does_not_starve)
{
	struct ev_timer	 t;
	int		 i, n;

	ev_timer_init(&t, spin_cb, NULL);
	ev_timer_add(loop, &t, 0);
	for (i = 1; i <= 3; i++) {
		n = ev_loop_once(loop, 0);
		ck_assert_int_eq(n, 1);
		ck_assert_int_eq(spins, i);
	}
	ev_timer_cancel(loop, &t);
}
END_TEST

/* A callback cancels (or re-arms) a timer that is due in the same pass. */
static struct ev_timer	 victim, killer, rearmed;
static int		 victim_fired, rearmed_fired;

static void
victim_cb(struct ev_timer *t, void *arg)
{
	victim_fired++;
}

static void
rearmed_cb(struct ev_timer *t, void *arg)
{
	rearmed_fired++;
}

static void
killer_cb(struct ev_timer *t, void *arg)
{
	ev_timer_cancel(loop, &victim);
	ev_timer_add(loop, &rearmed, EV_SEC(60));
}

START_TEST(timer_cancelled_by_earlier_callback)
{
	uint64_t	 when;

	ev_timer_init(&killer, killer_cb, NULL);
	ev_timer_init(&victim, victim_cb, NULL);
	ev_timer_init(&rearmed, rearmed_cb, NULL);
	when = ev_now_update(loop) + 1000;
	ev_timer_at(loop, &killer, when);
	ev_timer_at(loop, &victim, when);
	ev_timer_at(loop, &rearmed, when);
	while (ev_timer_pending(&killer))
		ck_assert_int_ge(ev_loop_once(loop, 100000), 0);
	ck_assert_int_eq(victim_fired, 0);
	ck_assert_int_eq(rearmed_fired, 0);
	ck_assert(!ev_timer_pending(&victim));
	ck_assert(ev_timer_pending(&rearmed));
	ck_assert_uint_gt(ev_timer_remaining(loop, &rearmed), EV_SEC(59));
	ev_timer_cancel(loop, &rearmed);
	ck_assert_uint_eq(ev_timer_count(loop), 0);
}
END_TEST

/* Many timers: armed out of order, half cancelled, the rest in order. */
struct big {
	struct ev_timer	 t;
	uint64_t	 when;
};

static uint64_t	 last_when;
static size_t	 big_fired;
static int	 big_misordered;

static void
big_cb(struct ev_timer *t, void *arg)
{
	struct big	*b = arg;

	if (b->when < last_when)
		big_misordered++;
	last_when = b->when;
	big_fired++;
}

START_TEST(timer_heap_100k)
{
	const size_t	 n = 100000;
	struct big	*b;
	uint64_t	 base;
	size_t		 i, left = 0;

	b = calloc(n, sizeof(*b));
	ck_assert_ptr_nonnull(b);
	srandom(42);
	base = ev_now_update(loop);
	for (i = 0; i < n; i++) {
		ev_timer_init(&b[i].t, big_cb, &b[i]);
		b[i].when = base + 1 + (uint64_t)(random() % 20000);
		ev_timer_at(loop, &b[i].t, b[i].when);
	}
	ck_assert_uint_eq(ev_timer_count(loop), n);
	for (i = 0; i < n; i += 2)
		ev_timer_cancel(loop, &b[i].t);
	/* move some of the rest around */
	for (i = 1; i < n; i += 6) {
		b[i].when = base + 1 + (uint64_t)(random() % 20000);
		ev_timer_at(loop, &b[i].t, b[i].when);
	}
	for (i = 0; i < n; i++)
		left += ev_timer_pending(&b[i].t);
	ck_assert_uint_eq(left, n / 2);
	while (ev_timer_count(loop) > 0)
		ck_assert_int_ge(ev_loop_once(loop, 100000), 0);
	ck_assert_uint_eq(big_fired, n / 2);
	ck_assert_int_eq(big_misordered, 0);
	free(b);
}
END_TEST

/* Descriptors. */
static int	 io_calls[2];
static int	 io_revents;

static void
io_cb(struct ev_io *io, int fd, int revents, void *arg)
{
	char	 c;
	int	 which = (int)(intptr_t)arg;

	io_calls[which]++;
	io_revents = revents;
	if (revents & EV_READ)
		(void)read(fd, &c, 1);
}

START_TEST(io_read_write_del)
{
	struct ev_io	 io;
	int		 p[2];

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(ev_io_add(loop, &io, p[0], EV_READ, io_cb,
	    (void *)0), 0);
	ck_assert_int_eq(ev_loop_once(loop, 0), 0);	/* nothing yet */
	ck_assert_int_eq(write(p[1], "x", 1), 1);
	ck_assert_int_eq(ev_loop_once(loop, EV_SEC(1)), 1);
	ck_assert_int_eq(io_calls[0], 1);
	ck_assert(io_revents & EV_READ);
	/* the write end: writable at once */
	{
		struct ev_io	 wio;

		ck_assert_int_eq(ev_io_add(loop, &wio, p[1], EV_READ, io_cb,
		    (void *)1), 0);
		ck_assert_int_eq(ev_io_set(loop, &wio, EV_WRITE), 0);
		ck_assert_int_eq(ev_io_set(loop, &wio, EV_WRITE), 0);
		ck_assert_int_eq(ev_loop_once(loop, EV_SEC(1)), 1);
		ck_assert_int_eq(io_calls[1], 1);
		ck_assert(io_revents & EV_WRITE);
		ev_io_del(loop, &wio);
		ev_io_del(loop, &wio);		/* twice is harmless */
	}
	/* hang-up of the writer is reported as EV_ERROR with EV_READ */
	close(p[1]);
	ck_assert_int_eq(ev_loop_once(loop, EV_SEC(1)), 1);
	ck_assert(io_revents & EV_READ);
	ev_io_del(loop, &io);
	close(p[0]);
	/* adding a closed descriptor fails with errno */
	ck_assert_int_eq(ev_io_add(loop, &io, p[0], EV_READ, io_cb, NULL), -1);
	ck_assert_int_eq(errno, EBADF);
}
END_TEST

/* One callback deletes and frees the other io whose event is pending. */
static struct ev_io	*doomed;
static int		 doomed_called, killer_io_called;

static void
doomed_cb(struct ev_io *io, int fd, int revents, void *arg)
{
	doomed_called++;
}

static void
killer_io_cb(struct ev_io *io, int fd, int revents, void *arg)
{
	killer_io_called++;
	if (doomed != NULL) {
		ev_io_del(loop, doomed);
		free(doomed);
		doomed = NULL;
	}
}

START_TEST(io_deleted_while_pending)
{
	struct ev_io	 k;
	int		 p1[2], p2[2];

	ck_assert_int_eq(pipe(p1), 0);
	ck_assert_int_eq(pipe(p2), 0);
	doomed = malloc(sizeof(*doomed));
	ck_assert_int_eq(ev_io_add(loop, &k, p1[0], EV_READ, killer_io_cb,
	    NULL), 0);
	ck_assert_int_eq(ev_io_add(loop, doomed, p2[0], EV_READ, doomed_cb,
	    NULL), 0);
	(void)write(p1[1], "x", 1);
	(void)write(p2[1], "x", 1);
	/* whichever runs first, the freed one must never be called after */
	ck_assert_int_ge(ev_loop_once(loop, EV_SEC(1)), 1);
	ck_assert_int_eq(killer_io_called, 1);
	ck_assert_int_le(doomed_called, 1);
	ev_io_del(loop, &k);
	free(doomed);
	close(p1[0]); close(p1[1]); close(p2[0]); close(p2[1]);
}
END_TEST

START_TEST(once_waits_for_timeout)
{
	uint64_t	 start = ev_monotonic_us();

	ck_assert_int_eq(ev_loop_once(loop, EV_MSEC(20)), 0);
	ck_assert_uint_ge(ev_monotonic_us() - start, EV_MSEC(20));
}
END_TEST

/* Signals arrive as ordinary callbacks. */
static int	 sig_a, sig_b;

static void
sig_cb_a(struct ev_signal *s, int signo, void *arg)
{
	sig_a++;
}

static void
sig_cb_b(struct ev_signal *s, int signo, void *arg)
{
	sig_b++;
	ev_loop_break(loop);
}

START_TEST(signals_into_loop)
{
	struct ev_signal	 a, b;
	sigset_t		 cur;

	ck_assert_int_eq(ev_signal_add(loop, &a, SIGUSR1, sig_cb_a, NULL), 0);
	ck_assert_int_eq(ev_signal_add(loop, &b, SIGUSR1, sig_cb_b, NULL), 0);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	ck_assert(sigismember(&cur, SIGUSR1));
	kill(getpid(), SIGUSR1);
	ck_assert_int_eq(ev_loop_run(loop), 0);	/* sig_cb_b breaks it */
	ck_assert_int_eq(sig_a, 1);
	ck_assert_int_eq(sig_b, 1);
	ev_signal_del(loop, &a);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	ck_assert(sigismember(&cur, SIGUSR1));	/* b still wants it */
	kill(getpid(), SIGUSR1);
	ck_assert_int_eq(ev_loop_run(loop), 0);
	ck_assert_int_eq(sig_a, 1);
	ck_assert_int_eq(sig_b, 2);
	ev_signal_del(loop, &b);
	sigprocmask(SIG_BLOCK, NULL, &cur);
	ck_assert(!sigismember(&cur, SIGUSR1));
	ck_assert_int_eq(ev_signal_add(loop, &a, 0, sig_cb_a, NULL), -1);
}
END_TEST

START_TEST(child_signal_reset)
{
	struct ev_signal	 s;
	pid_t			 pid;
	int			 st;

	ck_assert_int_eq(ev_signal_add(loop, &s, SIGTERM, sig_cb_a, NULL), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		sigset_t cur;

		ev_child_reset_signals();
		sigprocmask(SIG_BLOCK, NULL, &cur);
		_exit(sigismember(&cur, SIGTERM) ? 1 : 0);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ev_signal_del(loop, &s);
}
END_TEST

/* After fork, the child gets its signals only through ev_loop_fork. */
static int
child_gets_signal(int refork)
{
	struct ev_signal	 s;
	pid_t			 pid;
	int			 st;

	ck_assert_int_eq(ev_signal_add(loop, &s, SIGUSR2, sig_cb_a, NULL), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int i;

		if (refork && ev_loop_fork(loop) == -1)
			_exit(2);
		sig_a = 0;
		kill(getpid(), SIGUSR2);
		for (i = 0; i < 20 && sig_a == 0; i++)
			ev_loop_once(loop, EV_MSEC(10));
		_exit(sig_a == 1 ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ev_signal_del(loop, &s);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

START_TEST(signals_after_fork)
{
	/* (without ev_loop_fork, Linux 6.x wakes the parent, not the child) */
	ck_assert_int_eq(child_gets_signal(1), 0);
}
END_TEST

static int	 posts;

static void
post_cb(void *arg)
{
	/* after the timer of this iteration has run */
	ck_assert_int_eq(*(int *)arg, 1);
	posts++;
}

static void
set_flag(struct ev_timer *t, void *arg)
{
	*(int *)arg = 1;
}

START_TEST(post_hook_runs_after_each_iteration)
{
	struct ev_timer	 t;
	int		 flag = 0;

	ev_timer_init(&t, set_flag, &flag);
	ev_timer_add(loop, &t, 0);
	ev_loop_set_post(loop, post_cb, &flag);
	ck_assert_int_eq(ev_loop_once(loop, 0), 1);
	ck_assert_int_eq(posts, 1);
	ev_loop_once(loop, 0);
	ck_assert_int_eq(posts, 2);
	ev_loop_set_post(loop, NULL, NULL);
	ev_loop_once(loop, 0);
	ck_assert_int_eq(posts, 2);
}
END_TEST

static void
break_cb(struct ev_timer *t, void *arg)
{
	ev_loop_break(loop);
}

START_TEST(run_and_break_from_timer)
{
	struct ev_timer	 t;

	ev_timer_init(&t, break_cb, NULL);
	ev_timer_add(loop, &t, EV_MSEC(2));
	ck_assert_int_eq(ev_loop_run(loop), 0);
	ck_assert(!ev_timer_pending(&t));
	/* free with timers still armed is allowed */
	ev_timer_add(loop, &t, EV_SEC(100));
}
END_TEST

static Suite *
ev_suite(void)
{
	Suite	*s = suite_create("ev");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, timers_fire_in_time_order);
	tcase_add_test(tc, timer_microsecond_resolution);
	tcase_add_test(tc, timer_cancel_and_rearm);
	tcase_add_test(tc, timer_zero_delay_rearm_does_not_starve);
	tcase_add_test(tc, timer_cancelled_by_earlier_callback);
	tcase_add_test(tc, timer_heap_100k);
	tcase_add_test(tc, io_read_write_del);
	tcase_add_test(tc, io_deleted_while_pending);
	tcase_add_test(tc, once_waits_for_timeout);
	tcase_add_test(tc, signals_into_loop);
	tcase_add_test(tc, child_signal_reset);
	tcase_add_test(tc, signals_after_fork);
	tcase_add_test(tc, post_hook_runs_after_each_iteration);
	tcase_add_test(tc, run_and_break_from_timer);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(ev_suite(), 0);
}
