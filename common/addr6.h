/*
 * Interface addresses over rtnetlink: add or replace an IPv6 address with
 * its preferred and valid lifetimes (IFA_CACHEINFO), so that adding one
 * that exists refreshes its lifetimes, and delete one.  What DHCPv6 and
 * router-advertisement daemons need beside ifinfo, which only reads.
 */
#ifndef T6_ADDR6_H
#define T6_ADDR6_H

#include <netinet/in.h>
#include <stdint.h>

#define ADDR6_FOREVER	0xffffffffU	/* an infinite lifetime */

/* Flags for addr6_set. */
#define ADDR6_NODAD		0x01	/* IFA_F_NODAD */
#define ADDR6_NOPREFIXROUTE	0x02	/* IFA_F_NOPREFIXROUTE */

struct addr6;

/* A netlink socket for requests (blocking).  NULL with errno set. */
struct addr6	*addr6_open(void);
void		 addr6_close(struct addr6 *);
/*
 * Add addr/plen on ifindex, or replace it (NLM_F_REPLACE): an existing
 * address gets the new lifetimes.  Lifetimes in seconds, ADDR6_FOREVER
 * for infinity; preferred is capped at valid.  0 or a negative errno.
 */
int		 addr6_set(struct addr6 *, uint32_t ifindex,
		    const struct in6_addr *addr, int plen, uint32_t preferred,
		    uint32_t valid, unsigned flags);
/* Delete addr/plen from ifindex: 0 or a negative errno (-EADDRNOTAVAIL). */
int		 addr6_del(struct addr6 *, uint32_t ifindex,
		    const struct in6_addr *addr, int plen);
/* The kernel's extended-ack text of the last failure, or NULL. */
const char	*addr6_errmsg(const struct addr6 *);

#endif
