/*
 * Benchmark of the batched routing-socket API: install, then delete, N
 * distinct IPv6 routes through one interface and report the time of each
 * phase; optionally write the same routes as "ip -6 -batch" files, so
 * tests/bench/rtsock.sh can time iproute2 on exactly the same work.
 */
#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rtsock.h"

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Route i: 2001:db8:HHHH:LLLL::/64, the same text in both worlds. */
static void
route_dst(struct in6_addr *d, unsigned i)
{
	memset(d, 0, sizeof(*d));
	d->s6_addr[0] = 0x20;
	d->s6_addr[1] = 0x01;
	d->s6_addr[2] = 0x0d;
	d->s6_addr[3] = 0xb8;
	d->s6_addr[4] = (uint8_t)(i >> 24);
	d->s6_addr[5] = (uint8_t)(i >> 16);
	d->s6_addr[6] = (uint8_t)(i >> 8);
	d->s6_addr[7] = (uint8_t)i;
}

static void
write_batch(const char *prefix, unsigned n, const char *gw, const char *dev)
{
	char		 path[4096];
	FILE		*add, *del;
	unsigned	 i;

	snprintf(path, sizeof(path), "%s.add", prefix);
	if ((add = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	snprintf(path, sizeof(path), "%s.del", prefix);
	if ((del = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	for (i = 0; i < n; i++) {
		fprintf(add, "route add 2001:db8:%x:%x::/64 via %s dev %s "
		    "proto rip\n", i >> 16, i & 0xffff, gw, dev);
		fprintf(del, "route del 2001:db8:%x:%x::/64 via %s dev %s "
		    "proto rip\n", i >> 16, i & 0xffff, gw, dev);
	}
	if (fclose(add) == EOF || fclose(del) == EOF)
		err(1, "%s", prefix);
}

static int	 nfailed;

static void
on_error(int error, void *cookie, void *arg)
{
	if (nfailed++ < 5)
		warnx("route %lu: %s", (unsigned long)(uintptr_t)cookie,
		    strerror(-error));
}

static int
count_rip(const struct rt6 *rt, void *arg)
{
	unsigned	*n = arg;

	if (rt->proto == RT6_PROTO_RIP)
		(*n)++;
	return 0;
}

/* Queue all n adds (or deletes) in one batch; the seconds it took. */
static double
run(struct rtsock *s, unsigned n, const struct in6_addr *gw,
    uint32_t ifindex, int del)
{
	struct in6_addr	 d;
	struct rt6	 rt;
	double		 t0;
	unsigned	 i;
	int		 e;

	t0 = now_s();
	if ((e = rtsock_batch_begin(s)) != 0)
		errx(1, "batch: %s", strerror(-e));
	for (i = 0; i < n; i++) {
		route_dst(&d, i);
		rt6_init(&rt, &d, 64, gw, ifindex);
		rt.proto = RT6_PROTO_RIP;
		e = del ? rtsock_batch_del(s, &rt, (void *)(uintptr_t)i) :
		    rtsock_batch_add(s, &rt, (void *)(uintptr_t)i);
		if (e != 0)
			errx(1, "queue route %u: %s", i, strerror(-e));
	}
	if ((e = rtsock_batch_end(s, on_error, NULL)) < 0)
		errx(1, "batch: %s", strerror(-e));
	if (e > 0)
		errx(1, "%d of %u %s failed", e, n, del ? "deletes" : "adds");
	return now_s() - t0;
}

static void __attribute__((__noreturn__))
usage(void)
{
	fprintf(stderr, "usage: rtsock_bench [-n count] [-g gateway] "
	    "[-f batch-prefix] interface\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	const char	*gwtext = "fe80::1", *prefix = NULL, *errstr;
	struct in6_addr	 gw;
	struct rtsock	*s;
	uint32_t	 ifindex;
	unsigned	 n = 100000, have = 0;
	double		 add_s, del_s;
	int		 ch, e;

	while ((ch = getopt(argc, argv, "f:g:n:")) != -1) {
		switch (ch) {
		case 'f':
			prefix = optarg;
			break;
		case 'g':
			gwtext = optarg;
			break;
		case 'n':
			n = (unsigned)strtonum(optarg, 1, 1 << 24, &errstr);
			if (errstr != NULL)
				errx(2, "-n %s: %s", optarg, errstr);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1)
		usage();
	if (inet_pton(AF_INET6, gwtext, &gw) != 1)
		errx(2, "%s: not an IPv6 address", gwtext);
	if ((ifindex = if_nametoindex(argv[optind])) == 0)
		errx(1, "%s: no such interface", argv[optind]);
	if (prefix != NULL) {
		write_batch(prefix, n, gwtext, argv[optind]);
		return 0;
	}
	if ((s = rtsock_open()) == NULL)
		err(1, "routing socket");
	add_s = run(s, n, &gw, ifindex, 0);
	/* every route must really be there (outside the timed part) */
	if ((e = rtsock_dump(s, 0, count_rip, &have)) != 0)
		errx(1, "dump: %s", strerror(-e));
	if (have != n)
		errx(1, "%u routes installed, %u expected", have, n);
	del_s = run(s, n, &gw, ifindex, 1);
	have = 0;
	if ((e = rtsock_dump(s, 0, count_rip, &have)) != 0)
		errx(1, "dump: %s", strerror(-e));
	if (have != 0)
		errx(1, "%u routes left after delete", have);
	rtsock_close(s);
	printf("add_s=%.6f\ndel_s=%.6f\n", add_s, del_s);
	return 0;
}
