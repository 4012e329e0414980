/*
 * The interface and address table, read from rtnetlink at open and kept
 * current from its notifications, with a callback for every change (link
 * new/gone/flags, address added/removed/flags such as tentative or
 * dadfailed).  The table is owned by this module: callers read it, never
 * change it.
 */
#ifndef T6_IFINFO_H
#define T6_IFINFO_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <sys/queue.h>

struct ev_loop;

/* Address flags (the same meaning as Linux IFA_F_*, mapped). */
#define IFINFO_A_TENTATIVE	0x0001
#define IFINFO_A_DADFAILED	0x0002
#define IFINFO_A_DEPRECATED	0x0004
#define IFINFO_A_PERMANENT	0x0008	/* configured, not autoconf */
#define IFINFO_A_NODAD		0x0010
#define IFINFO_A_OPTIMISTIC	0x0020
#define IFINFO_A_HOMEADDRESS	0x0040
#define IFINFO_A_SECONDARY	0x0080

struct ifinfo_addr {
	TAILQ_ENTRY(ifinfo_addr) entry;
	int			 family;	/* AF_INET6 or AF_INET */
	struct in6_addr		 addr;		/* IPv4: v4-mapped */
	struct in6_addr		 peer;		/* point-to-point peer, or :: */
	uint8_t			 plen;		/* IPv4: 0-32 */
	uint8_t			 scope;		/* RT_SCOPE_* value */
	uint32_t		 flags;		/* IFINFO_A_* */
	uint32_t		 preferred;	/* secs; UINT32_MAX: forever */
	uint32_t		 valid;
};

struct ifinfo_if {
	TAILQ_ENTRY(ifinfo_if)	 entry;
	uint32_t		 index;
	char			 name[IF_NAMESIZE];
	unsigned		 flags;		/* IFF_* (IFF_LOWER_UP too) */
	unsigned		 mtu;
	uint8_t			 operstate;	/* IF_OPER_* */
	uint8_t			 lladdr[32];
	uint8_t			 lladdr_len;
	uint32_t		 master;	/* bridge/bond master, or 0 */
	TAILQ_HEAD(, ifinfo_addr) addrs;
};

enum ifinfo_event_type {
	IFINFO_LINK_NEW,	/* an interface appeared */
	IFINFO_LINK_DEL,	/* it is gone (the struct dies after the cb);
				   ADDR_DEL comes first for each address
				   it still had */
	IFINFO_LINK_CHANGE,	/* flags, MTU, name or lladdr changed */
	IFINFO_ADDR_NEW,
	IFINFO_ADDR_DEL,	/* the address dies after the callback */
	IFINFO_ADDR_CHANGE,	/* flags or lifetimes changed */
};

struct ifinfo_event {
	enum ifinfo_event_type	 type;
	struct ifinfo_if	*ifp;
	struct ifinfo_addr	*addr;		/* ADDR_* events only */
	unsigned		 old_flags;	/* LINK_CHANGE: IFF_*;
						   ADDR_CHANGE: IFINFO_A_* */
	unsigned		 old_mtu;
	char			 old_name[IF_NAMESIZE];
};

struct ifinfo;

/*
 * Read the interfaces and addresses of the current network namespace
 * (blocking), then follow changes in loop, calling cb for each (cb may be
 * NULL).  What the first read finds is not reported: walk the table after
 * open.  With loop NULL the table is a snapshot, refreshed only by
 * ifinfo_resync.  IPv4 addresses are included when want_ipv4 is set.
 * Returns NULL with errno set on failure.  If the kernel reports that
 * notifications were lost (ENOBUFS), the table is dumped again and the
 * differences are reported as events, so the table never silently goes
 * stale.  The callback may call ifinfo_close (the table goes when the
 * callback returns) and ifinfo_resync (done after the current change).
 */
struct ifinfo	*ifinfo_open(struct ev_loop *loop, int want_ipv4,
		    void (*cb)(struct ifinfo *, const struct ifinfo_event *,
		    void *), void *arg);
void		 ifinfo_close(struct ifinfo *);
/*
 * Re-dump now and report differences (also done on ENOBUFS).  0, or -1
 * with errno set (the table is then unchanged).
 */
int		 ifinfo_resync(struct ifinfo *);

struct ifinfo_if *ifinfo_first(struct ifinfo *);
struct ifinfo_if *ifinfo_next(struct ifinfo_if *);
struct ifinfo_if *ifinfo_by_index(struct ifinfo *, uint32_t);
struct ifinfo_if *ifinfo_by_name(struct ifinfo *, const char *);
/* The index of an interface named on a command line; exits if none. */
uint32_t	 ifinfo_require(struct ifinfo *, const char *);

/* Up and running: IFF_UP and IFF_RUNNING (carrier). */
int		 ifinfo_if_up(const struct ifinfo_if *);
/* An address that may be used: not tentative and not dadfailed. */
int		 ifinfo_addr_usable(const struct ifinfo_addr *);
/* The first usable IPv6 link-local address of the interface, or NULL. */
const struct ifinfo_addr *ifinfo_linklocal(const struct ifinfo_if *);
/* The first usable IPv6 global address (not deprecated if possible). */
const struct ifinfo_addr *ifinfo_global6(const struct ifinfo_if *);
/* Find the interface holding an address (of either family). */
struct ifinfo_if *ifinfo_find_addr(struct ifinfo *, const struct in6_addr *,
		    struct ifinfo_addr **);
/* The event's name, for logs and tests: "link-new", "addr-del", ... */
const char	*ifinfo_event_name(enum ifinfo_event_type);

#endif
