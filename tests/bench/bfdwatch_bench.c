/*
 * A subscriber to bfdd's events for tests/bench/bfdd.sh: it connects to
 * the control socket, subscribes to every session's state changes, and
 * prints each event line (code 600) behind the wall-clock time it
 * arrived (CLOCK_REALTIME, microseconds), the clock nftcut_bench stamps
 * the cut with.  bfdctl monitor prints whole seconds only.
 *
 *	bfdwatch_bench -s socket
 *
 * It prints "ready" once subscribed, then "TIME 600 ..." lines, until
 * bfdd closes the connection or a SIGTERM/SIGINT arrives.
 */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"

static volatile sig_atomic_t	 stop;

static void
on_signal(int signo)
{
	stop = 1;
}

static uint64_t
real_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000ULL +
	    (uint64_t)ts.tv_nsec / 1000;
}

static void
reply(int code, const char *text, void *arg)
{
	if (code == 600)
		printf("%llu 600 %s\n", (unsigned long long)real_us(), text);
}

int
main(int argc, char *argv[])
{
	struct ctl_client	*cl;
	struct sigaction	 sa;
	const char		*path = NULL;
	char			 line[1024];
	int			 ch, code;

	while ((ch = getopt(argc, argv, "s:")) != -1) {
		switch (ch) {
		case 's':
			path = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (path == NULL || optind != argc) {
usage:
		fprintf(stderr, "usage: bfdwatch_bench -s socket\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: the read returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if ((cl = ctl_client_open(path)) == NULL)
		err(1, "%s", path);
	/* the greeting, then our name and the subscription */
	if (ctl_client_readline(cl, line, sizeof(line), 5000) == -1)
		err(1, "no greeting from bfdd");
	if (ctl_client_request(cl, 5000, reply, NULL, "HELLO bench") != 200)
		errx(1, "HELLO refused");
	code = ctl_client_request(cl, 5000, reply, NULL, "SUBSCRIBE all");
	if (code != 200)
		errx(1, "SUBSCRIBE refused (%d)", code);
	printf("ready\n");
	fflush(stdout);
	while (!stop) {
		if (ctl_client_readline(cl, line, sizeof(line), 200) == -1) {
			if (errno == ETIMEDOUT || errno == EINTR) {
				fflush(stdout);
				continue;
			}
			if (errno == ECONNRESET)
				break;		/* bfdd exited */
			err(1, "reading from bfdd");
		}
		if (strncmp(line, "600 ", 4) == 0)
			printf("%llu %s\n", (unsigned long long)real_us(),
			    line);
	}
	fflush(stdout);
	ctl_client_close(cl);
	return 0;
}
