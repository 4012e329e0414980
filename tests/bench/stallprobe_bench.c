/*
 * Stalls of one CPU, for tests/bench/bfdd.sh: pinned to a CPU and run
 * SCHED_FIFO at the highest priority, it sleeps to an absolute time
 * every PERIOD microseconds and writes a line for each wake-up that
 * came more than THRESHOLD microseconds late:
 *
 *	stallprobe_bench CPU FILE [PERIOD_US [THRESHOLD_US]]
 *	-> FILE: "WHEN_US LATE_US" (WHEN_US: CLOCK_REALTIME, the clock of
 *	   the bench's stamps and the daemons' logs, at the wake-up)
 *
 * Nothing else on that CPU can keep it from running, so a late wake-up
 * means the CPU itself did not run: the host took the virtual CPU
 * away, or the kernel ran with interrupts off.  A daemon on that CPU
 * was stopped as long, whatever its code.  Each wake-up costs a few
 * microseconds; at the default 1 ms that is well under 1 % of a CPU,
 * the same for every implementation measured.  It runs until a
 * signal (SIGTERM, SIGINT) ends it.
 *
 * Every SPEED_EVERY wake-ups it also times a fixed piece of work (about
 * 50 us at the CPU's best) and writes "WHEN_US slow FACTOR" when it
 * took FACTOR (x100) times its best so far, 2 or more: the CPU ran that
 * much slower (the host's other work on the same core, a lower clock),
 * or was taken away during it.  A daemon's work took as much longer.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t	 stop;

static void
on_signal(int signo)
{
	(void)signo;
	stop = 1;
}


#define SPEED_EVERY	10
#define SPEED_WORK_US	50
#define SPEED_SLOW	200	/* x100: report at twice the best */

/* the fixed work: a chain of multiplications the compiler cannot drop */
static uint64_t
work(uint64_t n)
{
	volatile uint64_t	 sink;
	uint64_t		 x = 88172645463325252ULL, i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	sink = x;
	return sink;
}

static uint64_t
ts_us(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000ULL +
	    (uint64_t)ts->tv_nsec / 1000;
}

static uint64_t
mono_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts_us(&ts);
}

/* How many rounds of work() take SPEED_WORK_US now. */
static uint64_t
calibrate(void)
{
	uint64_t	 n = 1000, t;

	for (;;) {
		t = mono_us();
		work(n);
		t = mono_us() - t;
		if (t >= SPEED_WORK_US || n > (1ULL << 40))
			return n;
		n *= 2;
	}
}

static long
number(const char *s, const char *what, long lo, long hi)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < lo || v > hi)
		errx(2, "%s: expected a number from %ld to %ld, not \"%s\"",
		    what, lo, hi, s);
	return v;
}

int
main(int argc, char *argv[])
{
	struct sched_param	 sp;
	struct sigaction	 sa;
	struct timespec		 next, now, real;
	cpu_set_t		 set;
	uint64_t		 period, threshold, late, rounds, best = 0, t;
	uint64_t		 factor;
	char			 line[64];
	long			 cpu;
	int			 fd, len;
	unsigned		 wakes = 0;

	if (argc < 3 || argc > 5)
		errx(2, "usage: stallprobe_bench CPU FILE [PERIOD_US "
		    "[THRESHOLD_US]]");
	cpu = number(argv[1], "CPU", 0, CPU_SETSIZE - 1);
	period = argc > 3 ? (uint64_t)number(argv[3], "PERIOD_US", 100,
	    1000000) : 1000;
	threshold = argc > 4 ? (uint64_t)number(argv[4], "THRESHOLD_US", 1,
	    10000000) : 2000;

	CPU_ZERO(&set);
	CPU_SET((int)cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) == -1)
		err(1, "CPU %ld", cpu);
	memset(&sp, 0, sizeof(sp));
	sp.sched_priority = sched_get_priority_max(SCHED_FIFO);
	if (sched_setscheduler(0, SCHED_FIFO, &sp) == -1)
		err(1, "SCHED_FIFO");
	fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		err(1, "%s", argv[2]);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	rounds = calibrate();
	clock_gettime(CLOCK_MONOTONIC, &next);
	while (!stop) {
		next.tv_nsec += (long)period * 1000;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		if (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next,
		    NULL) != 0)
			continue;	/* a signal: the loop's test ends it */
		clock_gettime(CLOCK_MONOTONIC, &now);
		late = ts_us(&now) - ts_us(&next);
		if (late <= threshold) {
			if (++wakes % SPEED_EVERY != 0)
				continue;
			t = mono_us();
			work(rounds);
			t = mono_us() - t;
			if (best == 0 || t < best)
				best = t;
			factor = t * 100 / best;
			if (factor < SPEED_SLOW)
				continue;
			clock_gettime(CLOCK_REALTIME, &real);
			len = snprintf(line, sizeof(line), "%" PRIu64
			    " slow %" PRIu64 "\n", ts_us(&real), factor);
			if (write(fd, line, (size_t)len) != len)
				err(1, "%s", argv[2]);
			continue;
		}
		clock_gettime(CLOCK_REALTIME, &real);
		len = snprintf(line, sizeof(line), "%" PRIu64 " %" PRIu64 "\n",
		    ts_us(&real), late);
		if (write(fd, line, (size_t)len) != len)
			err(1, "%s", argv[2]);
		/* the missed periods are not made up: start again from now */
		next = now;
	}
	close(fd);
	return 0;
}
