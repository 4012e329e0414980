/*
 * Benchmark of the event loop's timers: arm, re-arm, cancel and fire a
 * million timers, and report nanoseconds per operation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ev.h"

static size_t	 fired;

static void
count_cb(struct ev_timer *t, void *arg)
{
	fired++;
}

static double
now_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t	 rnd_state = 88172645463325252ULL;

/* xorshift: cheap and repeatable, so runs compare */
static uint64_t
rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

int
main(int argc, char *argv[])
{
	size_t		 n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	struct ev_loop	*loop = ev_loop_new();
	struct ev_timer	*t = calloc(n, sizeof(*t));
	double		 t0, arm, rearm, cancel, fire;
	uint64_t	 base;
	size_t		 i;

	if (loop == NULL || t == NULL || n == 0) {
		fprintf(stderr, "ev_bench: out of memory\n");
		return 1;
	}
	for (i = 0; i < n; i++)
		ev_timer_init(&t[i], count_cb, NULL);
	base = ev_now_update(loop);

	/* arm n timers at random times within the next 10 seconds */
	t0 = now_ns();
	for (i = 0; i < n; i++)
		ev_timer_at(loop, &t[i], base + EV_SEC(10) +
		    rnd() % EV_SEC(10));
	arm = (now_ns() - t0) / (double)n;

	/* re-arm each (the BFD pattern: a packet pushes detection on) */
	t0 = now_ns();
	for (i = 0; i < n; i++)
		ev_timer_at(loop, &t[i], base + EV_SEC(10) +
		    rnd() % EV_SEC(10));
	rearm = (now_ns() - t0) / (double)n;

	/* cancel all */
	t0 = now_ns();
	for (i = 0; i < n; i++)
		ev_timer_cancel(loop, &t[i]);
	cancel = (now_ns() - t0) / (double)n;

	/* arm again, all due now, and let the loop fire them */
	for (i = 0; i < n; i++)
		ev_timer_at(loop, &t[i], base + rnd() % 1000);
	t0 = now_ns();
	while (fired < n)
		if (ev_loop_once(loop, 0) < 0)
			return 1;
	fire = (now_ns() - t0) / (double)n;

	printf("ev timers: %zu timers\n", n);
	printf("  %-28s %8.1f ns/op\n", "arm (heap insert)", arm);
	printf("  %-28s %8.1f ns/op\n", "re-arm (in place)", rearm);
	printf("  %-28s %8.1f ns/op\n", "cancel (heap remove)", cancel);
	printf("  %-28s %8.1f ns/op\n", "fire (pop + callback)", fire);
	free(t);
	ev_loop_free(loop);
	return 0;
}
