/*
 * A FIB watcher for tests/bench/route6d.sh: run in the router's
 * namespace, it follows IPv6 route notifications and counts the /64
 * routes under one /48 in the main table, whatever protocol installed
 * them, until the count reaches its target (N routes to add, or 0 after
 * a withdrawal) or stops changing for a quiet time; it then prints how
 * long that took from the generator's first datagram.
 *
 *	fibwatch_bench -n routes [-p base] [-d] -s stampfile [-q quiet_ms]
 *	    [-l limit_s]
 *
 * -d waits for the count to fall to 0 instead of rising to n.  It prints
 * "ready count=K" once it listens (start the generator after that), then
 * one "result" line of key=value fields: time (from the first datagram
 * to the last change of the count), first (to the first change), lag
 * (from the last datagram to the last change).  The generator writes
 * the times of its first and last datagrams (CLOCK_MONOTONIC ns, shared
 * by every namespace) to the stamp file.  Notifications lost to a full socket
 * (ENOBUFS) are made up for by a dump of the table, so the final count
 * is always right (only the timing of what was lost is coarser).
 */
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NBITS		65536		/* the /64s of a /48 */
#define RCVBUF		(64 * 1024 * 1024)
#define POLL_MS		10

static uint8_t		 present[NBITS / 8];
static long		 count;
static struct in6_addr	 base;
static uint8_t		 rbuf[1024 * 1024];
static unsigned long	 nadds, ndels, noverflows, ndumps;

static uint64_t
mono_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void
usage(void)
{
	fprintf(stderr, "usage: fibwatch_bench -n routes [-p base] [-d] "
	    "-s stampfile [-q quiet_ms] [-l limit_s]\n");
	exit(2);
}

static int
nl_socket(unsigned groups)
{
	struct sockaddr_nl	 sa;
	int			 fd, size = RCVBUF;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd == -1)
		err(1, "netlink socket");
	/* FORCE: past rmem_max, we are root; the plain one as a fallback */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
	    sizeof(size)) == -1 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)) == -1)
		warn("SO_RCVBUF");
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = groups;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		err(1, "netlink bind");
	return fd;
}

/*
 * Apply one route message: returns 1 if the count changed.  A dump
 * passes RTM_NEWROUTE for every route it holds.
 */
static int
route_msg(const struct nlmsghdr *nh)
{
	const struct rtmsg	*rtm;
	const struct rtattr	*rta;
	const uint8_t		*dst = NULL;
	uint32_t		 table;
	int			 len, bit, had;

	if (nh->nlmsg_type != RTM_NEWROUTE && nh->nlmsg_type != RTM_DELROUTE)
		return 0;
	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm)))
		return 0;
	rtm = NLMSG_DATA(nh);
	if (rtm->rtm_family != AF_INET6 || rtm->rtm_dst_len != 64 ||
	    rtm->rtm_type != RTN_UNICAST || (rtm->rtm_flags & RTM_F_CLONED))
		return 0;
	table = rtm->rtm_table;
	len = (int)RTM_PAYLOAD(nh);
	for (rta = RTM_RTA(rtm); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type == RTA_DST && RTA_PAYLOAD(rta) == 16)
			dst = RTA_DATA(rta);
		else if (rta->rta_type == RTA_TABLE &&
		    RTA_PAYLOAD(rta) == sizeof(uint32_t))
			memcpy(&table, RTA_DATA(rta), sizeof(table));
	}
	if (dst == NULL || table != RT_TABLE_MAIN ||
	    memcmp(dst, &base, 6) != 0)
		return 0;
	bit = dst[6] << 8 | dst[7];
	had = (present[bit / 8] >> (bit % 8)) & 1;
	if (nh->nlmsg_type == RTM_NEWROUTE) {
		nadds++;
		if (had)
			return 0;
		present[bit / 8] |= (uint8_t)(1 << (bit % 8));
		count++;
	} else {
		ndels++;
		if (!had)
			return 0;
		present[bit / 8] &= (uint8_t)~(1 << (bit % 8));
		count--;
	}
	return 1;
}

/* Count afresh from a dump of the kernel's IPv6 routes. */
static void
recount(void)
{
	struct {
		struct nlmsghdr	 nh;
		struct rtmsg	 rtm;
	}			 req;
	struct nlmsghdr		*nh;
	ssize_t			 n;
	int			 fd, done = 0;
	unsigned long		 a = nadds;

	ndumps++;
	memset(present, 0, sizeof(present));
	count = 0;
	fd = nl_socket(0);
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = 1;
	req.rtm.rtm_family = AF_INET6;
	if (send(fd, &req, sizeof(req), 0) == -1)
		err(1, "route dump");
	while (!done) {
		n = recv(fd, rbuf, sizeof(rbuf), 0);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			err(1, "route dump");
		}
		for (nh = (struct nlmsghdr *)rbuf; NLMSG_OK(nh, n);
		    nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (nh->nlmsg_type == NLMSG_ERROR)
				errx(1, "route dump refused");
			if (nh->nlmsg_flags & NLM_F_DUMP_INTR) {
				/* the table changed under the dump: again */
				close(fd);
				recount();
				return;
			}
			route_msg(nh);
		}
	}
	nadds = a;	/* a dump is not a notification */
	close(fd);
}

/*
 * The generator's start time and the time of its last datagram, once
 * its stamp file exists; t0 stays 0 before.
 */
static void
read_stamp(const char *path, uint64_t *t0, uint64_t *tlast)
{
	unsigned long long	 a, b;
	FILE			*fp;

	if ((fp = fopen(path, "r")) == NULL)
		return;
	if (fscanf(fp, "%llu %llu", &a, &b) == 2) {
		*t0 = a;
		*tlast = b;
	}
	fclose(fp);
}

static double
secs(uint64_t a, uint64_t b)
{
	return a > b ? (double)(a - b) / 1e9 : 0.0;
}

int
main(int argc, char *argv[])
{
	const char	*stamp = NULL;
	struct pollfd	 pfd;
	uint64_t	 t0 = 0, tlast = 0, now, begin, first = 0, last = 0;
	uint64_t	 quiet_ns;
	unsigned long	 quiet_ms = 2000, limit_s = 60;
	long		 target = -1, prev;
	ssize_t		 n;
	struct nlmsghdr	*nh;
	int		 c, fd, down = 0, complete = 0, changed;
	char		*end;

	inet_pton(AF_INET6, "2001:db8:100::", &base);
	while ((c = getopt(argc, argv, "dl:n:p:q:s:")) != -1) {
		switch (c) {
		case 'd':
			down = 1;
			break;
		case 'l':
			limit_s = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0')
				usage();
			break;
		case 'n':
			target = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || target <= 0 ||
			    target > NBITS)
				usage();
			break;
		case 'p':
			if (inet_pton(AF_INET6, optarg, &base) != 1)
				usage();
			break;
		case 'q':
			quiet_ms = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0')
				usage();
			break;
		case 's':
			stamp = optarg;
			break;
		default:
			usage();
		}
	}
	if (target < 0 || stamp == NULL || optind != argc)
		usage();
	if (down)
		target = 0;
	quiet_ns = (uint64_t)quiet_ms * 1000000ULL;

	/* listen first, then count what is there: nothing is missed */
	fd = nl_socket(1U << (RTNLGRP_IPV6_ROUTE - 1));
	recount();
	printf("ready count=%ld\n", count);
	fflush(stdout);

	begin = mono_ns();
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		(void)poll(&pfd, 1, POLL_MS);
		changed = 0;
		prev = count;
		for (;;) {
			n = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
			if (n == -1) {
				if (errno == EINTR)
					continue;
				if (errno == ENOBUFS) {
					/* lost some: the table tells */
					noverflows++;
					recount();
					continue;
				}
				if (errno != EAGAIN)
					err(1, "netlink recv");
				break;
			}
			for (nh = (struct nlmsghdr *)rbuf; NLMSG_OK(nh, n);
			    nh = NLMSG_NEXT(nh, n))
				changed |= route_msg(nh);
		}
		now = mono_ns();
		if (changed || count != prev) {
			if (first == 0)
				first = now;
			last = now;
		}
		if (t0 == 0)
			read_stamp(stamp, &t0, &tlast);
		if (t0 != 0) {
			if (count == target) {
				complete = 1;
				break;
			}
			if (now - (last > t0 ? last : t0) >= quiet_ns)
				break;
		}
		if (now - begin >= (uint64_t)limit_s * 1000000000ULL)
			break;
	}
	/* what was lost since the last notification is in the table */
	if (noverflows > 0 && !complete) {
		recount();
		complete = count == target;
	}
	printf("result complete=%d count=%ld time=%.6f first=%.6f lag=%.6f "
	    "notifications=%lu overflows=%lu dumps=%lu stamp=%d\n",
	    complete, count, t0 ? secs(last, t0) : -1.0,
	    t0 && first ? secs(first, t0) : -1.0,
	    t0 ? secs(last, tlast) : -1.0, nadds + ndels, noverflows,
	    ndumps, t0 != 0);
	return 0;
}
