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

static uint64_t
ts_us(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000ULL +
	    (uint64_t)ts->tv_nsec / 1000;
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
	uint64_t		 period, threshold, late;
	char			 line[64];
	long			 cpu;
	int			 fd, len;

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
		if (late <= threshold)
			continue;
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
