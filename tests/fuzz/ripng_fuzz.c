/*
 * Fuzz route6d's RIPng decoder and what follows it: a datagram is
 * decoded, its RTEs checked, fed to a RIB as responses from two
 * neighbours, and the RIB written out again as updates; every packet
 * produced must decode back, within its size, and the RIB stays within
 * its invariants.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "route6d.h"

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

static struct rip6_rte	 rtes[RIP6_MAXRTE];
static struct rip6_rte	 back[RIP6_MAXRTE];
static int		 installed;

static void
k_install(struct rt_entry *rt, int replace, void *arg)
{
	CHECK(rt->kind == RT_LEARNED || rt->kind == RT_AGGREGATE);
	CHECK(rt->metric < RIP6_INFINITY);
	if (!(rt->flags & RT_F_INSTALLED))
		installed++;
}

static void
k_uninstall(struct rt_entry *rt, void *arg)
{
	CHECK(rt->flags & RT_F_INSTALLED);
	installed--;
}

struct outcheck {
	size_t	 max;
	size_t	 total;
};

static void
check_packet(const uint8_t *p, size_t len, void *arg)
{
	struct outcheck	*oc = arg;
	uint8_t		 cmd, vers;
	size_t		 n, i;
	enum rip6_drop	 why;

	CHECK(rip6_decode(p, len, &cmd, &vers, back, RIP6_MAXRTE, &n,
	    &why) == 0);
	CHECK(cmd == RIP6_RESPONSE && vers == RIP6_VERSION);
	CHECK(n >= 1 && n <= oc->max);
	for (i = 0; i < n; i++)
		CHECK(back[i].metric == RIP6_NEXTHOP_METRIC ||
		    (back[i].metric >= 1 && back[i].metric <= RIP6_INFINITY));
	oc->total += n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct rib_hooks hooks = { k_install, k_uninstall, NULL };
	struct rib		 rib;
	struct config		 cfg;
	struct in6_addr		 nh[2];
	struct out_if		 oif = { "eth0", 2, 1500, 0, 0 };
	struct outcheck		 oc;
	struct rip6_rte		 r;
	struct rt_entry		*rt;
	uint8_t			 cmd, vers, pkt[RIP6_HDRLEN + RIP6_RTELEN];
	struct wbuf		 w;
	enum rip6_drop		 why;
	size_t			 n, i, count;
	uint64_t		 now = 1000000;

	if (rip6_decode(data, size, &cmd, &vers, rtes, RIP6_MAXRTE, &n,
	    &why) == -1) {
		CHECK(n == 0);
		CHECK(why == DROP_SHORT || why == DROP_LENGTH);
		return 0;
	}
	CHECK(size == RIP6_HDRLEN + n * RIP6_RTELEN);
	/* every RTE encodes back to its bytes (zones aside) */
	for (i = 0; i < n; i++) {
		wbuf_init(&w, pkt, sizeof(pkt));
		rip6_put_header(&w, cmd);
		rip6_put_rte(&w, &rtes[i]);
		CHECK(wbuf_ok(&w));
		if (!IN6_IS_ADDR_LINKLOCAL(&rtes[i].prefix))
			CHECK(memcmp(pkt + RIP6_HDRLEN, data + RIP6_HDRLEN +
			    i * RIP6_RTELEN, RIP6_RTELEN) == 0);
	}
	(void)rip6_is_table_request(rtes, n);

	memset(&nh, 0, sizeof(nh));
	nh[0].s6_addr[0] = nh[1].s6_addr[0] = 0xfe;
	nh[0].s6_addr[1] = nh[1].s6_addr[1] = 0x80;
	nh[0].s6_addr[15] = 1;
	nh[1].s6_addr[15] = 2;
	installed = 0;
	rib_init(&rib, &hooks, 180 * 1000000ULL, 120 * 1000000ULL, 4096);
	/* twice, from two neighbours and later, to walk the decision table */
	for (count = 0; count < 3; count++) {
		for (i = 0; i < n; i++) {
			r = rtes[i];
			if (r.metric == RIP6_NEXTHOP_METRIC)
				continue;
			if (rip6_rte_check(&r, count & 1, &why) == -1)
				continue;
			CHECK(r.plen <= 128 && r.metric >= 1 && r.metric <= 16);
			r.metric = (uint8_t)(r.metric + 1 > 16 ? 16 :
			    r.metric + 1);
			rib_input(&rib, &r, &nh[(i + count) & 1],
			    2 + (uint32_t)(count & 1), now);
		}
		now += 100 * 1000000ULL;
		rib_age(&rib, now);
	}
	count = 0;
	for (rt = rib_first(&rib); rt != NULL; rt = rib_next(&rib, rt)) {
		count++;
		CHECK(rt->metric >= 1 && rt->metric <= RIP6_INFINITY);
		CHECK(!(rt->flags & RT_F_GARBAGE) ||
		    rt->metric == RIP6_INFINITY);
	}
	CHECK(count == rib.count);
	CHECK(rib.count <= 4096);

	memset(&cfg, 0, sizeof(cfg));
	TAILQ_INIT(&cfg.filters);
	cfg.poison = size & 1;
	oc.max = rip6_rtes_per_packet(1500);
	oc.total = 0;
	output_build(&rib, &cfg, &oif, OUT_REGULAR, 1500, check_packet, &oc);
	oc.max = rip6_rtes_per_packet(1280);
	output_build(&rib, &cfg, &oif, OUT_ANSWER, 1280, check_packet, &oc);
	output_build(&rib, &cfg, &oif, OUT_TRIGGERED, 1280, check_packet, &oc);

	rib_age(&rib, now + 1000 * 1000000ULL);
	rib_age(&rib, now + 2000 * 1000000ULL);
	CHECK(rib.count == 0);
	CHECK(installed == 0);
	rib_clear(&rib);
	return 0;
}
