/*
 * Scoped IPv6 addresses: the "fe80::1%eth0" text form, sin6_scope_id, and
 * the KAME embedded-zone form (zone index in bytes 2-3), which exists only
 * for compatibility with BSD-format dumps and tests; Linux code paths carry
 * (address, ifindex) pairs.
 */
#ifndef T6_SCOPE6_H
#define T6_SCOPE6_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/* Big enough for any address, '%', an interface name or index, and NUL. */
#define SCOPE6_STRLEN	(INET6_ADDRSTRLEN + 1 + IF_NAMESIZE + 1)

/*
 * Does the address need a zone: link-local unicast (fe80::/10), and
 * interface- or link-local multicast (ffx1::/16, ffx2::/16)?
 */
int	 scope6_is_scoped(const struct in6_addr *);

/*
 * Parse "addr" or "addr%zone" (zone: an interface name or a decimal
 * index).  Returns 0, or -1 with errno EINVAL (bad text), ENXIO (no such
 * interface) or EDOM (a zone on an address that has no scope).  A scoped
 * address without a zone parses with scope id 0; callers that need one
 * check with scope6_need_zone().
 */
int	 scope6_parse(const char *, struct sockaddr_in6 *);
/* -1 with errno EDESTADDRREQ if the address is scoped and has no zone. */
int	 scope6_need_zone(const struct sockaddr_in6 *);

/*
 * Format as text, adding "%ifname" for a scoped address with a zone
 * ("%index" when the index names no interface).  Returns buf, or NULL
 * with errno ENOSPC.
 */
char	*scope6_format(const struct sockaddr_in6 *, char *buf, size_t len);
/* The same for an (address, ifindex) pair. */
char	*scope6_ntop(const struct in6_addr *, uint32_t ifindex, char *buf,
	    size_t len);
/* Fill a sockaddr_in6 (port in host order). */
void	 scope6_sin6(struct sockaddr_in6 *, const struct in6_addr *,
	    uint32_t ifindex, uint16_t port);

/* The name of an interface, or "if<index>" if it has none (any more). */
const char *scope6_ifname(uint32_t ifindex, char buf[IF_NAMESIZE]);

/*
 * KAME form: store the zone index in bytes 2-3 (network order).  Fails
 * (-1, errno ERANGE) if ifindex > 0xffff, and (EINVAL) for an address
 * that has no scope.  A zero index leaves the address alone.
 */
int	 scope6_embed(struct in6_addr *, uint32_t ifindex);
/* Read and clear an embedded zone; 0 if none or the address is unscoped. */
uint32_t scope6_extract(struct in6_addr *);

/*
 * Interface name lookups go through these, so tests can supply their own
 * table; the default uses if_nametoindex()/if_indextoname().
 */
void	 scope6_set_resolver(uint32_t (*name2index)(const char *),
	    const char *(*index2name)(uint32_t, char *));

#endif
