/* The RIPng wire format (RFC 2080 section 2.1): decoding and encoding. */
#include <string.h>

#include "buf.h"
#include "route6d.h"

static const char *const drop_names[DROP_NREASONS] = {
	[DROP_SHORT] = "short",
	[DROP_LENGTH] = "bad-length",
	[DROP_VERSION] = "bad-version",
	[DROP_COMMAND] = "bad-command",
	[DROP_NO_PKTINFO] = "no-pktinfo",
	[DROP_UNKNOWN_IF] = "unknown-interface",
	[DROP_NOUSE_IF] = "no-use-interface",
	[DROP_SRC_NOT_LL] = "source-not-link-local",
	[DROP_SRC_PORT] = "source-port",
	[DROP_HOPLIMIT] = "hop-limit",
	[DROP_OWN] = "own",
	[DROP_RATELIMIT] = "rate-limited",
	[DROP_RTE_PLEN] = "rte-prefix-length",
	[DROP_RTE_METRIC] = "rte-metric",
	[DROP_RTE_PREFIX] = "rte-prefix",
	[DROP_RTE_FILTER] = "rte-filtered",
	[DROP_RTE_FULL] = "rte-table-full",
	[DROP_RTE_NEXTHOP_SELF] = "rte-next-hop-self",
	[DROP_BFD_DOWN] = "bfd-down",
};

const char *
rip6_drop_name(enum rip6_drop why)
{
	if ((unsigned)why >= DROP_NREASONS)
		return "?";
	return drop_names[why];
}

/*
 * Decode a datagram.  The length must be the header plus a whole number
 * (at least one) of RTEs: KAME silently ignored a trailing partial RTE
 * and had no minimum; RFC 2080 leaves no room for either.  Version and
 * command are returned, not judged: what they allow depends on the
 * command.
 */
int
rip6_decode(const void *pkt, size_t len, uint8_t *command, uint8_t *version,
    struct rip6_rte *rtes, size_t maxrte, size_t *nrte, enum rip6_drop *why)
{
	struct rbuf	 r;
	uint16_t	 mbz;
	size_t		 n, i;

	*nrte = 0;
	if (len < RIP6_HDRLEN + RIP6_RTELEN) {
		*why = DROP_SHORT;
		return -1;
	}
	if ((len - RIP6_HDRLEN) % RIP6_RTELEN != 0) {
		*why = DROP_LENGTH;
		return -1;
	}
	n = (len - RIP6_HDRLEN) / RIP6_RTELEN;
	if (n > maxrte) {
		*why = DROP_LENGTH;
		return -1;
	}
	rbuf_init(&r, pkt, len);
	rbuf_u8(&r, command);
	rbuf_u8(&r, version);
	rbuf_u16(&r, &mbz);	/* must be zero; RFC 2080 says ignore */
	for (i = 0; i < n; i++) {
		rbuf_in6(&r, &rtes[i].prefix);
		rbuf_u16(&r, &rtes[i].tag);
		rbuf_u8(&r, &rtes[i].plen);
		rbuf_u8(&r, &rtes[i].metric);
	}
	if (!rbuf_ok(&r)) {		/* cannot happen after the checks */
		*why = DROP_LENGTH;
		return -1;
	}
	*nrte = n;
	return 0;
}

void
rip6_put_header(struct wbuf *w, uint8_t command)
{
	wbuf_u8(w, command);
	wbuf_u8(w, RIP6_VERSION);
	wbuf_u16(w, 0);
}

void
rip6_put_rte(struct wbuf *w, const struct rip6_rte *rte)
{
	struct in6_addr	 a = rte->prefix;

	/* Zones live beside addresses here, never inside them. */
	if (IN6_IS_ADDR_LINKLOCAL(&a))
		a.s6_addr[2] = a.s6_addr[3] = 0;
	wbuf_in6(w, &a);
	wbuf_u16(w, rte->tag);
	wbuf_u8(w, rte->plen);
	wbuf_u8(w, rte->metric);
}

/* A request for the whole table: exactly one RTE, ::/0, metric 16. */
int
rip6_is_table_request(const struct rip6_rte *rtes, size_t n)
{
	return n == 1 && IN6_IS_ADDR_UNSPECIFIED(&rtes[0].prefix) &&
	    rtes[0].plen == 0 && rtes[0].metric == RIP6_INFINITY;
}

/* floor((MTU - IPv6 header - UDP header - RIPng header) / RTE size) */
size_t
rip6_rtes_per_packet(unsigned mtu)
{
	size_t	 n;

	if (mtu < RIP6_SAFE_MTU)
		mtu = RIP6_SAFE_MTU;
	n = (mtu - 40 - 8 - RIP6_HDRLEN) / RIP6_RTELEN;
	return n > RIP6_MAXRTE ? RIP6_MAXRTE : n;
}

/*
 * The per-RTE checks of RFC 2080 section 2.4.2 (KAME made none of the
 * range checks).  The destination is judged after masking, so ::1/0 is a
 * default route and not a loopback address (the book's F12).
 */
int
rip6_rte_check(const struct rip6_rte *rte, int lflag, enum rip6_drop *why)
{
	struct in6_addr	 a;
	int		 i, bits;

	if (rte->plen > 128) {
		*why = DROP_RTE_PLEN;
		return -1;
	}
	if (rte->metric < 1 || rte->metric > RIP6_INFINITY) {
		*why = DROP_RTE_METRIC;
		return -1;
	}
	a = rte->prefix;
	for (i = 0; i < 16; i++) {
		bits = rte->plen - 8 * i;
		if (bits >= 8)
			continue;
		a.s6_addr[i] &= bits <= 0 ? 0 : (uint8_t)(0xff << (8 - bits));
	}
	if (rte->plen > 0 && (IN6_IS_ADDR_MULTICAST(&a) ||
	    IN6_IS_ADDR_LINKLOCAL(&a) || IN6_IS_ADDR_LOOPBACK(&a) ||
	    (IN6_IS_ADDR_SITELOCAL(&a) && !lflag) ||
	    (IN6_IS_ADDR_UNSPECIFIED(&a) && rte->plen == 128))) {
		*why = DROP_RTE_PREFIX;
		return -1;
	}
	return 0;
}
