/*
 * A RIPng load generator for tests/bench/route6d.sh: sends RFC 2080
 * responses carrying N distinct /64 routes to ff02::9 on one interface,
 * from port 521 at hop limit 255, either paced (a fixed gap between
 * datagrams, on absolute deadlines) or as one back-to-back burst, the way
 * a neighbour sends its whole table; metric 16 withdraws the same routes.
 *
 *	ripgen_bench -i ifname [-n routes] [-p base] [-b | -g gap_us]
 *	    [-w] [-s stampfile]
 *
 * Route k is base:k::/64 (base a /48, default 2001:db8:100::), so up to
 * 65,536 routes.  Every datagram is built before the clock starts; the
 * CLOCK_MONOTONIC times (ns) just before the first and the last sendmsg
 * are written to the stamp file, "t0 tlast" (the clock is shared by every
 * network namespace, so a watcher in the router's namespace can time from
 * them), and a summary line goes to stdout.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sock6.h"

#define RIP6_PORT	521
#define RIP6_RESPONSE	2
#define RIP6_VERSION	1
#define RIP6_HDRLEN	4
#define RIP6_RTELEN	20
#define RTES_PER_PKT	72	/* 4 + 72 * 20 = 1444 bytes: MTU 1500 */
#define PKTLEN_MAX	(RIP6_HDRLEN + RTES_PER_PKT * RIP6_RTELEN)

static uint64_t
mono_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void
ns_to_ts(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / 1000000000ULL);
	ts->tv_nsec = (long)(ns % 1000000000ULL);
}

static void
usage(void)
{
	fprintf(stderr, "usage: ripgen_bench -i ifname [-n routes] "
	    "[-p base] [-b | -g gap_us] [-w] [-s stampfile]\n");
	exit(2);
}

/* Write the stamp through a temporary file, so a reader never sees half. */
static void
write_stamp(const char *path, uint64_t t0, uint64_t tlast)
{
	char	 tmp[4096];
	FILE	*fp;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		errx(1, "stamp file name too long");
	if ((fp = fopen(tmp, "w")) == NULL)
		err(1, "%s", tmp);
	fprintf(fp, "%llu %llu\n", (unsigned long long)t0,
	    (unsigned long long)tlast);
	if (fclose(fp) == EOF || rename(tmp, path) == -1)
		err(1, "%s", path);
}

/* One datagram; on a full send buffer wait for room (never drop). */
static int
send_one(int fd, const uint8_t *pkt, size_t len, const struct sock6_tx *tx,
    unsigned *retries)
{
	struct pollfd	 pfd;

	for (;;) {
		if (sock6_send(fd, pkt, len, tx) != -1)
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != ENOBUFS)
			return -1;
		(*retries)++;
		pfd.fd = fd;
		pfd.events = POLLOUT;
		(void)poll(&pfd, 1, 10);
	}
}

int
main(int argc, char *argv[])
{
	const char		*ifname = NULL, *stamp = NULL;
	struct in6_addr		 base, group;
	struct sockaddr_in6	 dst;
	struct sock6_tx		 tx = SOCK6_TX_INIT;
	struct timespec		 ts;
	unsigned long		 n = 10000, gap_us = 1000, k;
	unsigned		 npkt, p, retries = 0;
	uint8_t			*pkts, *w;
	size_t			*lens;
	uint64_t		 t0, t1, tlast, deadline;
	int			 c, fd, burst = 0, withdraw = 0;
	char			*end;

	inet_pton(AF_INET6, "2001:db8:100::", &base);
	while ((c = getopt(argc, argv, "bg:i:n:p:s:w")) != -1) {
		switch (c) {
		case 'b':
			burst = 1;
			break;
		case 'g':
			gap_us = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || gap_us > 1000000)
				usage();
			break;
		case 'i':
			ifname = optarg;
			break;
		case 'n':
			n = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n == 0 ||
			    n > 65536)
				usage();
			break;
		case 'p':
			if (inet_pton(AF_INET6, optarg, &base) != 1)
				usage();
			break;
		case 's':
			stamp = optarg;
			break;
		case 'w':
			withdraw = 1;
			break;
		default:
			usage();
		}
	}
	if (ifname == NULL || optind != argc)
		usage();

	/* every datagram ready before the clock starts */
	npkt = (unsigned)((n + RTES_PER_PKT - 1) / RTES_PER_PKT);
	if ((pkts = calloc(npkt, PKTLEN_MAX)) == NULL ||
	    (lens = calloc(npkt, sizeof(*lens))) == NULL)
		err(1, "calloc");
	for (p = 0, k = 0; p < npkt; p++) {
		w = pkts + (size_t)p * PKTLEN_MAX;
		w[0] = RIP6_RESPONSE;
		w[1] = RIP6_VERSION;
		w += RIP6_HDRLEN;
		for (c = 0; c < RTES_PER_PKT && k < n; c++, k++) {
			memcpy(w, &base, 6);		/* the /48 */
			w[6] = (uint8_t)(k >> 8);
			w[7] = (uint8_t)k;
			/* bytes 8-15 prefix 0, 16-17 tag 0 */
			w[18] = 64;
			w[19] = withdraw ? 16 : 1;
			w += RIP6_RTELEN;
		}
		lens[p] = RIP6_HDRLEN + (size_t)c * RIP6_RTELEN;
	}

	if ((tx.ifindex = if_nametoindex(ifname)) == 0)
		err(1, "%s", ifname);
	fd = sock6_udp(NULL, RIP6_PORT, SOCK6_REUSEADDR);
	if (fd == -1)
		err(1, "UDP port %d", RIP6_PORT);
	if (sock6_set_mcast_hops(fd, 255) == -1 ||
	    sock6_set_mcast_loop(fd, 0) == -1)
		err(1, "socket options");
	if (sock6_set_sndbuf(fd, 4 * 1024 * 1024) == -1)
		warn("SO_SNDBUF");
	inet_pton(AF_INET6, "ff02::9", &group);
	memset(&dst, 0, sizeof(dst));
	dst.sin6_family = AF_INET6;
	dst.sin6_port = htons(RIP6_PORT);
	dst.sin6_addr = group;
	dst.sin6_scope_id = tx.ifindex;
	tx.dst = &dst;
	tx.hoplimit = 255;

	t0 = mono_ns();
	deadline = t0;
	tlast = t0;
	for (p = 0; p < npkt; p++) {
		if (!burst && p > 0) {
			deadline += (uint64_t)gap_us * 1000;
			ns_to_ts(deadline, &ts);
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
			    &ts, NULL) == EINTR)
				;
		}
		tlast = mono_ns();
		if (send_one(fd, pkts + (size_t)p * PKTLEN_MAX, lens[p], &tx,
		    &retries) == -1)
			err(1, "send datagram %u", p);
	}
	t1 = mono_ns();
	if (stamp != NULL)
		write_stamp(stamp, t0, tlast);
	printf("ripgen: %s %lu routes in %u datagrams (%s) on %s: %.3f ms, "
	    "%u send retries, t0=%llu\n", withdraw ? "withdrew" : "advertised",
	    n, npkt, burst ? "burst" : "paced", ifname,
	    (double)(t1 - t0) / 1e6, retries, (unsigned long long)t0);
	close(fd);
	return 0;
}
