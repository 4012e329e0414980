/* The interface and address table, dumped and then followed on rtnetlink. */
#include <sys/socket.h>

#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <errno.h>
#include <libmnl/libmnl.h>
#include <stdlib.h>
#include <string.h>

#include "ev.h"
#include "ifinfo.h"
#include "log.h"
#include "nl.h"

#define MON_RCVBUF	(4 * 1024 * 1024)
#define DUMP_TRIES	5
/* Datagrams read per wakeup, so a flood cannot starve the loop. */
#define MON_BURST	64
/*
 * Lifetimes are remaining seconds as of the last message; they count
 * down by themselves, so only a larger jump than this is a change.
 */
#define LIFETIME_SLACK	2

TAILQ_HEAD(ifinfo_ifs, ifinfo_if);

struct ifinfo {
	struct ev_loop		*loop;
	struct nl		 cmd;		/* dumps */
	struct nl		 mon;		/* notifications */
	struct ev_io		 io;
	struct ev_timer		 retry;		/* a failed resync, again */
	int			 want_ipv4;
	void			(*cb)(struct ifinfo *,
				    const struct ifinfo_event *, void *);
	void			*arg;
	struct ifinfo_ifs	 ifs;		/* by index */
	int			 busy;		/* inside our own code path */
	int			 dead;		/* closed from a callback */
	int			 resync_pending;
};

/* An address with what only this file needs. */
struct addr_priv {
	struct ifinfo_addr	 pub;		/* first: casts both ways */
	uint64_t		 stamp;		/* when lifetimes were read */
};

static const char *const event_names[] = {
	[IFINFO_LINK_NEW] = "link-new",
	[IFINFO_LINK_DEL] = "link-del",
	[IFINFO_LINK_CHANGE] = "link-change",
	[IFINFO_ADDR_NEW] = "addr-new",
	[IFINFO_ADDR_DEL] = "addr-del",
	[IFINFO_ADDR_CHANGE] = "addr-change",
};

static const struct {
	uint32_t	 ifa;
	uint32_t	 ours;
} addr_flags[] = {
	{ IFA_F_TENTATIVE, IFINFO_A_TENTATIVE },
	{ IFA_F_DADFAILED, IFINFO_A_DADFAILED },
	{ IFA_F_DEPRECATED, IFINFO_A_DEPRECATED },
	{ IFA_F_PERMANENT, IFINFO_A_PERMANENT },
	{ IFA_F_NODAD, IFINFO_A_NODAD },
	{ IFA_F_OPTIMISTIC, IFINFO_A_OPTIMISTIC },
	{ IFA_F_HOMEADDRESS, IFINFO_A_HOMEADDRESS },
	{ IFA_F_SECONDARY, IFINFO_A_SECONDARY },	/* v6: temporary */
};

static void	 do_resync(struct ifinfo *);

const char *
ifinfo_event_name(enum ifinfo_event_type type)
{
	if ((size_t)type < sizeof(event_names) / sizeof(event_names[0]) &&
	    event_names[type] != NULL)
		return event_names[type];
	return "unknown";
}

/* Lookups. */

struct ifinfo_if *
ifinfo_first(struct ifinfo *ii)
{
	return TAILQ_FIRST(&ii->ifs);
}

struct ifinfo_if *
ifinfo_next(struct ifinfo_if *ifp)
{
	return TAILQ_NEXT(ifp, entry);
}

static struct ifinfo_if *
find_index(struct ifinfo_ifs *head, uint32_t index)
{
	struct ifinfo_if	*ifp;

	TAILQ_FOREACH(ifp, head, entry)
		if (ifp->index == index)
			return ifp;
	return NULL;
}

struct ifinfo_if *
ifinfo_by_index(struct ifinfo *ii, uint32_t index)
{
	return find_index(&ii->ifs, index);
}

struct ifinfo_if *
ifinfo_by_name(struct ifinfo *ii, const char *name)
{
	struct ifinfo_if	*ifp;

	TAILQ_FOREACH(ifp, &ii->ifs, entry)
		if (strcmp(ifp->name, name) == 0)
			return ifp;
	return NULL;
}

uint32_t
ifinfo_require(struct ifinfo *ii, const char *name)
{
	struct ifinfo_if	*ifp;

	if ((ifp = ifinfo_by_name(ii, name)) == NULL)
		fatalx("%s: no such interface", name);
	return ifp->index;
}

int
ifinfo_if_up(const struct ifinfo_if *ifp)
{
	return (ifp->flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
}

int
ifinfo_addr_usable(const struct ifinfo_addr *a)
{
	return (a->flags & (IFINFO_A_TENTATIVE | IFINFO_A_DADFAILED)) == 0;
}

const struct ifinfo_addr *
ifinfo_linklocal(const struct ifinfo_if *ifp)
{
	const struct ifinfo_addr	*a;

	TAILQ_FOREACH(a, &ifp->addrs, entry)
		if (a->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&a->addr) &&
		    ifinfo_addr_usable(a))
			return a;
	return NULL;
}

static int
is_global6(const struct ifinfo_addr *a)
{
	return a->family == AF_INET6 && !IN6_IS_ADDR_LINKLOCAL(&a->addr) &&
	    !IN6_IS_ADDR_LOOPBACK(&a->addr) &&
	    !IN6_IS_ADDR_MULTICAST(&a->addr) &&
	    !IN6_IS_ADDR_UNSPECIFIED(&a->addr) && ifinfo_addr_usable(a);
}

const struct ifinfo_addr *
ifinfo_global6(const struct ifinfo_if *ifp)
{
	const struct ifinfo_addr	*a, *deprecated = NULL;

	TAILQ_FOREACH(a, &ifp->addrs, entry) {
		if (!is_global6(a))
			continue;
		if (!(a->flags & IFINFO_A_DEPRECATED))
			return a;
		if (deprecated == NULL)
			deprecated = a;
	}
	return deprecated;
}

struct ifinfo_if *
ifinfo_find_addr(struct ifinfo *ii, const struct in6_addr *addr,
    struct ifinfo_addr **ap)
{
	struct ifinfo_if	*ifp;
	struct ifinfo_addr	*a;

	TAILQ_FOREACH(ifp, &ii->ifs, entry)
		TAILQ_FOREACH(a, &ifp->addrs, entry)
			if (memcmp(&a->addr, addr, sizeof(*addr)) == 0) {
				if (ap != NULL)
					*ap = a;
				return ifp;
			}
	if (ap != NULL)
		*ap = NULL;
	return NULL;
}

/* The table. */

static void
emit(struct ifinfo *ii, enum ifinfo_event_type type, struct ifinfo_if *ifp,
    struct ifinfo_addr *a, unsigned old_flags, unsigned old_mtu,
    const char *old_name)
{
	struct ifinfo_event	 ev;

	if (ii->cb == NULL || ii->dead)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.ifp = ifp;
	ev.addr = a;
	ev.old_flags = old_flags;
	ev.old_mtu = old_mtu;
	if (old_name != NULL)
		strlcpy(ev.old_name, old_name, sizeof(ev.old_name));
	ii->cb(ii, &ev, ii->arg);
}

static void
insert_if(struct ifinfo_ifs *head, struct ifinfo_if *ifp)
{
	struct ifinfo_if	*at;

	/* dumps come in index order: appending is the usual case */
	at = TAILQ_LAST(head, ifinfo_ifs);
	if (at == NULL || at->index < ifp->index) {
		TAILQ_INSERT_TAIL(head, ifp, entry);
		return;
	}
	TAILQ_FOREACH(at, head, entry)
		if (at->index > ifp->index)
			break;
	TAILQ_INSERT_BEFORE(at, ifp, entry);
}

static void
free_if(struct ifinfo_if *ifp)
{
	struct ifinfo_addr	*a;

	while ((a = TAILQ_FIRST(&ifp->addrs)) != NULL) {
		TAILQ_REMOVE(&ifp->addrs, a, entry);
		free(a);
	}
	free(ifp);
}

static void
free_ifs(struct ifinfo_ifs *head)
{
	struct ifinfo_if	*ifp;

	while ((ifp = TAILQ_FIRST(head)) != NULL) {
		TAILQ_REMOVE(head, ifp, entry);
		free_if(ifp);
	}
}

/* The identity of an address: IPv4 allows one address with two lengths. */
static int
same_addr(const struct ifinfo_addr *a, const struct ifinfo_addr *b)
{
	return a->family == b->family &&
	    memcmp(&a->addr, &b->addr, sizeof(a->addr)) == 0 &&
	    (a->family != AF_INET || a->plen == b->plen);
}

static struct ifinfo_addr *
find_addr(struct ifinfo_if *ifp, const struct ifinfo_addr *key)
{
	struct ifinfo_addr	*a;

	TAILQ_FOREACH(a, &ifp->addrs, entry)
		if (same_addr(a, key))
			return a;
	return NULL;
}

/* Drop a link: its addresses first (each reported), then the link. */
static void
remove_if(struct ifinfo *ii, struct ifinfo_if *ifp)
{
	struct ifinfo_addr	*a;

	while ((a = TAILQ_FIRST(&ifp->addrs)) != NULL) {
		TAILQ_REMOVE(&ifp->addrs, a, entry);
		emit(ii, IFINFO_ADDR_DEL, ifp, a, 0, 0, NULL);
		free(a);
	}
	TAILQ_REMOVE(&ii->ifs, ifp, entry);
	emit(ii, IFINFO_LINK_DEL, ifp, NULL, 0, 0, NULL);
	free_if(ifp);
}

/* Bring ifp up to date with n (same index); report it if it changed. */
static void
apply_link(struct ifinfo *ii, struct ifinfo_if *ifp,
    const struct ifinfo_if *n)
{
	char		 old_name[IF_NAMESIZE];
	unsigned	 old_flags = ifp->flags, old_mtu = ifp->mtu;

	if (ifp->flags == n->flags && ifp->mtu == n->mtu &&
	    strcmp(ifp->name, n->name) == 0 &&
	    ifp->operstate == n->operstate && ifp->master == n->master &&
	    ifp->lladdr_len == n->lladdr_len &&
	    memcmp(ifp->lladdr, n->lladdr, n->lladdr_len) == 0)
		return;
	strlcpy(old_name, ifp->name, sizeof(old_name));
	strlcpy(ifp->name, n->name, sizeof(ifp->name));
	ifp->flags = n->flags;
	ifp->mtu = n->mtu;
	ifp->operstate = n->operstate;
	ifp->master = n->master;
	ifp->lladdr_len = n->lladdr_len;
	memcpy(ifp->lladdr, n->lladdr, sizeof(ifp->lladdr));
	emit(ii, IFINFO_LINK_CHANGE, ifp, NULL, old_flags, old_mtu, old_name);
}

static int
lifetime_moved(uint32_t old, uint32_t now, uint64_t elapsed_s)
{
	uint64_t	 expect;

	if (old == UINT32_MAX || now == UINT32_MAX)
		return old != now;
	expect = old > elapsed_s ? old - elapsed_s : 0;
	return now > expect + LIFETIME_SLACK ||
	    now + LIFETIME_SLACK < expect;
}

/* Bring a up to date with n (the same address); report a change. */
static void
apply_addr(struct ifinfo *ii, struct ifinfo_if *ifp, struct ifinfo_addr *a,
    const struct ifinfo_addr *n)
{
	struct addr_priv	*ap = (struct addr_priv *)a;
	const struct addr_priv	*np = (const struct addr_priv *)n;
	uint64_t		 elapsed = 0;
	unsigned		 old_flags = a->flags;
	int			 moved;

	if (np->stamp > ap->stamp)
		elapsed = (np->stamp - ap->stamp) / EV_USEC_PER_SEC;
	moved = lifetime_moved(a->preferred, n->preferred, elapsed) ||
	    lifetime_moved(a->valid, n->valid, elapsed);
	/* keep the lifetimes current even when that is not news */
	a->preferred = n->preferred;
	a->valid = n->valid;
	ap->stamp = np->stamp;
	if (a->flags == n->flags && a->plen == n->plen &&
	    a->scope == n->scope &&
	    memcmp(&a->peer, &n->peer, sizeof(a->peer)) == 0 && !moved)
		return;
	a->flags = n->flags;
	a->plen = n->plen;
	a->scope = n->scope;
	a->peer = n->peer;
	emit(ii, IFINFO_ADDR_CHANGE, ifp, a, old_flags, 0, NULL);
}

/* Messages. */

/* A link message into n (addrs not touched); 0, or -1 to ignore it. */
static int
link_from_msg(const struct nlmsghdr *nlh, struct ifinfo_if *n)
{
	static const enum nl_kind pol[IFLA_MAX + 1] = {
		[IFLA_IFNAME] = NL_STRING,
		[IFLA_MTU] = NL_U32,
		[IFLA_OPERSTATE] = NL_U8,
		[IFLA_ADDRESS] = NL_BINARY,
		[IFLA_MASTER] = NL_U32,
	};
	const struct nlattr	*tb[IFLA_MAX + 1];
	const struct ifinfomsg	*ifi;
	const char		*name;
	size_t			 len;

	memset(n, 0, sizeof(*n));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return -1;
	ifi = mnl_nlmsg_get_payload(nlh);
	/* AF_BRIDGE messages describe bridge ports, not links coming/going */
	if (ifi->ifi_family != AF_UNSPEC || ifi->ifi_index <= 0)
		return -1;
	if (nl_parse_attrs(nlh, sizeof(*ifi), pol, IFLA_MAX, tb) == -1 ||
	    tb[IFLA_IFNAME] == NULL) {
		log_debug("ifinfo: malformed link message dropped");
		return -1;
	}
	name = mnl_attr_get_str(tb[IFLA_IFNAME]);
	if (strlen(name) >= sizeof(n->name))
		return -1;
	n->index = (uint32_t)ifi->ifi_index;
	strlcpy(n->name, name, sizeof(n->name));
	n->flags = ifi->ifi_flags;
	n->mtu = tb[IFLA_MTU] ? mnl_attr_get_u32(tb[IFLA_MTU]) : 0;
	n->operstate = tb[IFLA_OPERSTATE] ?
	    mnl_attr_get_u8(tb[IFLA_OPERSTATE]) : 0;
	n->master = tb[IFLA_MASTER] ? mnl_attr_get_u32(tb[IFLA_MASTER]) : 0;
	if (tb[IFLA_ADDRESS] != NULL) {
		len = mnl_attr_get_payload_len(tb[IFLA_ADDRESS]);
		if (len > sizeof(n->lladdr))
			len = sizeof(n->lladdr);
		memcpy(n->lladdr, mnl_attr_get_payload(tb[IFLA_ADDRESS]), len);
		n->lladdr_len = (uint8_t)len;
	}
	return 0;
}

static void
put_inaddr(struct in6_addr *out, const struct nlattr *a, int family)
{
	memset(out, 0, sizeof(*out));
	if (family == AF_INET6) {
		memcpy(out, mnl_attr_get_payload(a), 16);
		return;
	}
	out->s6_addr[10] = 0xff;	/* ::ffff:a.b.c.d */
	out->s6_addr[11] = 0xff;
	memcpy(&out->s6_addr[12], mnl_attr_get_payload(a), 4);
}

/* An address message into n; 0, or -1 to ignore it. */
static int
addr_from_msg(struct ifinfo *ii, const struct nlmsghdr *nlh,
    uint32_t *index, struct addr_priv *np)
{
	static const enum nl_kind pol[IFA_MAX + 1] = {
		[IFA_ADDRESS] = NL_INADDR,
		[IFA_LOCAL] = NL_INADDR,
		[IFA_FLAGS] = NL_U32,
		[IFA_CACHEINFO] = NL_BINARY,
	};
	const struct nlattr		*tb[IFA_MAX + 1], *local;
	const struct ifaddrmsg		*ifa;
	struct ifa_cacheinfo		 ci;
	struct ifinfo_addr		*n = &np->pub;
	uint32_t			 kflags;
	size_t				 i, alen;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa))
		return -1;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (ifa->ifa_family == AF_INET6)
		alen = 16;
	else if (ifa->ifa_family == AF_INET && ii->want_ipv4)
		alen = 4;
	else
		return -1;
	if (ifa->ifa_prefixlen > alen * 8 || ifa->ifa_index == 0)
		return -1;
	if (nl_parse_attrs(nlh, sizeof(*ifa), pol, IFA_MAX, tb) == -1) {
		log_debug("ifinfo: malformed address message dropped");
		return -1;
	}
	/* IFA_LOCAL is ours when both are there; IFA_ADDRESS the peer */
	local = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (local == NULL || mnl_attr_get_payload_len(local) != alen ||
	    (tb[IFA_ADDRESS] != NULL &&
	    mnl_attr_get_payload_len(tb[IFA_ADDRESS]) != alen))
		return -1;
	memset(np, 0, sizeof(*np));
	*index = ifa->ifa_index;
	n->family = ifa->ifa_family;
	put_inaddr(&n->addr, local, n->family);
	if (tb[IFA_LOCAL] != NULL && tb[IFA_ADDRESS] != NULL &&
	    memcmp(mnl_attr_get_payload(tb[IFA_LOCAL]),
	    mnl_attr_get_payload(tb[IFA_ADDRESS]), alen) != 0)
		put_inaddr(&n->peer, tb[IFA_ADDRESS], n->family);
	n->plen = ifa->ifa_prefixlen;
	n->scope = ifa->ifa_scope;
	/* IFA_FLAGS has all 32 bits; ifa_flags only the first 8 */
	kflags = tb[IFA_FLAGS] ? mnl_attr_get_u32(tb[IFA_FLAGS]) :
	    ifa->ifa_flags;
	for (i = 0; i < sizeof(addr_flags) / sizeof(addr_flags[0]); i++)
		if (kflags & addr_flags[i].ifa)
			n->flags |= addr_flags[i].ours;
	n->preferred = n->valid = UINT32_MAX;
	if (tb[IFA_CACHEINFO] != NULL &&
	    mnl_attr_get_payload_len(tb[IFA_CACHEINFO]) >= sizeof(ci)) {
		memcpy(&ci, mnl_attr_get_payload(tb[IFA_CACHEINFO]),
		    sizeof(ci));
		n->preferred = ci.ifa_prefered;
		n->valid = ci.ifa_valid;
	}
	np->stamp = ev_monotonic_us();
	return 0;
}

static void
on_newlink(struct ifinfo *ii, const struct nlmsghdr *nlh)
{
	struct ifinfo_if	 n, *ifp;

	if (link_from_msg(nlh, &n) == -1)
		return;
	if ((ifp = ifinfo_by_index(ii, n.index)) != NULL) {
		apply_link(ii, ifp, &n);
		return;
	}
	if ((ifp = malloc(sizeof(*ifp))) == NULL) {
		log_warn("ifinfo: %s", n.name);
		ii->resync_pending = 1;	/* try again later */
		return;
	}
	*ifp = n;
	TAILQ_INIT(&ifp->addrs);
	insert_if(&ii->ifs, ifp);
	emit(ii, IFINFO_LINK_NEW, ifp, NULL, 0, 0, NULL);
}

static void
on_dellink(struct ifinfo *ii, const struct nlmsghdr *nlh)
{
	struct ifinfo_if	 n, *ifp;

	if (link_from_msg(nlh, &n) == -1)
		return;
	if ((ifp = ifinfo_by_index(ii, n.index)) != NULL)
		remove_if(ii, ifp);
}

static void
on_newaddr(struct ifinfo *ii, const struct nlmsghdr *nlh)
{
	struct addr_priv	 n, *ap;
	struct ifinfo_addr	*a;
	struct ifinfo_if	*ifp;
	uint32_t		 index;

	if (addr_from_msg(ii, nlh, &index, &n) == -1)
		return;
	if ((ifp = ifinfo_by_index(ii, index)) == NULL) {
		log_debug("ifinfo: address on unknown link %u", index);
		return;
	}
	if ((a = find_addr(ifp, &n.pub)) != NULL) {
		apply_addr(ii, ifp, a, &n.pub);
		return;
	}
	if ((ap = malloc(sizeof(*ap))) == NULL) {
		log_warn("ifinfo: address");
		ii->resync_pending = 1;
		return;
	}
	*ap = n;
	TAILQ_INSERT_TAIL(&ifp->addrs, &ap->pub, entry);
	emit(ii, IFINFO_ADDR_NEW, ifp, &ap->pub, 0, 0, NULL);
}

static void
on_deladdr(struct ifinfo *ii, const struct nlmsghdr *nlh)
{
	struct addr_priv	 n;
	struct ifinfo_addr	*a;
	struct ifinfo_if	*ifp;
	uint32_t		 index;

	if (addr_from_msg(ii, nlh, &index, &n) == -1)
		return;
	if ((ifp = ifinfo_by_index(ii, index)) == NULL ||
	    (a = find_addr(ifp, &n.pub)) == NULL)
		return;
	TAILQ_REMOVE(&ifp->addrs, a, entry);
	emit(ii, IFINFO_ADDR_DEL, ifp, a, 0, 0, NULL);
	free(a);
}

/* Dumps. */

struct dump_ctx {
	struct ifinfo		*ii;
	struct ifinfo_ifs	*into;
};

static int
dump_link(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_ctx		*ctx = arg;
	struct ifinfo_if	 n, *ifp;

	if (nlh->nlmsg_type != RTM_NEWLINK || link_from_msg(nlh, &n) == -1)
		return 0;
	if (find_index(ctx->into, n.index) != NULL)
		return 0;
	if ((ifp = malloc(sizeof(*ifp))) == NULL)
		return -ENOMEM;
	*ifp = n;
	TAILQ_INIT(&ifp->addrs);
	insert_if(ctx->into, ifp);
	return 0;
}

static int
dump_addr(const struct nlmsghdr *nlh, void *arg)
{
	struct dump_ctx		*ctx = arg;
	struct addr_priv	 n, *ap;
	struct ifinfo_if	*ifp;
	uint32_t		 index;

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    addr_from_msg(ctx->ii, nlh, &index, &n) == -1)
		return 0;
	if ((ifp = find_index(ctx->into, index)) == NULL ||
	    find_addr(ifp, &n.pub) != NULL)
		return 0;
	if ((ap = malloc(sizeof(*ap))) == NULL)
		return -ENOMEM;
	*ap = n;
	TAILQ_INSERT_TAIL(&ifp->addrs, &ap->pub, entry);
	return 0;
}

static int
dump_one(struct ifinfo *ii, struct ifinfo_ifs *into, uint16_t type,
    int family)
{
	union {
		struct nlmsghdr	 nlh;
		uint8_t		 buf[128];
	} req;
	struct dump_ctx		 ctx = { ii, into };
	struct nlmsghdr		*nlh;
	struct ifinfomsg	*ifi;
	struct ifaddrmsg	*ifa;

	nlh = mnl_nlmsg_put_header(req.buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_DUMP;
	if (type == RTM_GETLINK) {
		ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
		ifi->ifi_family = AF_UNSPEC;
		/* statistics are most of a link message, and unused here */
		mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
		return nl_talk(&ii->cmd, nlh, dump_link, &ctx);
	}
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)family;
	return nl_talk(&ii->cmd, nlh, dump_addr, &ctx);
}

/* A consistent picture of links and addresses: 0 or a negative errno. */
static int
dump_all(struct ifinfo *ii, struct ifinfo_ifs *into)
{
	int	 try, err;

	for (try = 0; try < DUMP_TRIES; try++) {
		free_ifs(into);
		err = dump_one(ii, into, RTM_GETLINK, AF_UNSPEC);
		if (err == 0)
			err = dump_one(ii, into, RTM_GETADDR, AF_INET6);
		if (err == 0 && ii->want_ipv4)
			err = dump_one(ii, into, RTM_GETADDR, AF_INET);
		if (err != -EINTR)
			return err;
		log_debug("ifinfo: dump interrupted, restarting");
	}
	return -EAGAIN;
}

/* Report and apply the differences between the table and a fresh dump. */
static void
apply_dump(struct ifinfo *ii, struct ifinfo_ifs *fresh)
{
	struct ifinfo_if	*ifp, *tmp, *n;
	struct ifinfo_addr	*a, *atmp, *na;
	TAILQ_HEAD(, ifinfo_addr) added;

	TAILQ_FOREACH_SAFE(ifp, &ii->ifs, entry, tmp)
		if (find_index(fresh, ifp->index) == NULL)
			remove_if(ii, ifp);
	while ((n = TAILQ_FIRST(fresh)) != NULL) {
		TAILQ_REMOVE(fresh, n, entry);
		if ((ifp = ifinfo_by_index(ii, n->index)) == NULL) {
			/* the link first, then its addresses one by one */
			TAILQ_INIT(&added);
			TAILQ_CONCAT(&added, &n->addrs, entry);
			insert_if(&ii->ifs, n);
			emit(ii, IFINFO_LINK_NEW, n, NULL, 0, 0, NULL);
			while ((a = TAILQ_FIRST(&added)) != NULL) {
				TAILQ_REMOVE(&added, a, entry);
				TAILQ_INSERT_TAIL(&n->addrs, a, entry);
				emit(ii, IFINFO_ADDR_NEW, n, a, 0, 0, NULL);
			}
			continue;
		}
		apply_link(ii, ifp, n);
		TAILQ_FOREACH_SAFE(a, &ifp->addrs, entry, atmp)
			if (find_addr(n, a) == NULL) {
				TAILQ_REMOVE(&ifp->addrs, a, entry);
				emit(ii, IFINFO_ADDR_DEL, ifp, a, 0, 0, NULL);
				free(a);
			}
		while ((na = TAILQ_FIRST(&n->addrs)) != NULL) {
			TAILQ_REMOVE(&n->addrs, na, entry);
			if ((a = find_addr(ifp, na)) != NULL) {
				apply_addr(ii, ifp, a, na);
				free(na);
				continue;
			}
			TAILQ_INSERT_TAIL(&ifp->addrs, na, entry);
			emit(ii, IFINFO_ADDR_NEW, ifp, na, 0, 0, NULL);
		}
		free(n);
	}
}

static int
resync_now(struct ifinfo *ii)
{
	struct ifinfo_ifs	 fresh;
	int			 err;

	ii->resync_pending = 0;
	TAILQ_INIT(&fresh);
	if ((err = dump_all(ii, &fresh)) != 0) {
		free_ifs(&fresh);
		log_warnx("ifinfo: re-reading interfaces: %s", strerror(-err));
		return err;
	}
	apply_dump(ii, &fresh);
	return 0;
}

static void
ifinfo_free(struct ifinfo *ii)
{
	if (ii->loop != NULL)
		ev_timer_cancel(ii->loop, &ii->retry);
	if (ii->mon.sock != NULL) {
		ev_io_del(ii->loop, &ii->io);
		nl_close(&ii->mon);
	}
	nl_close(&ii->cmd);
	free_ifs(&ii->ifs);
	free(ii);
}

static void
do_resync(struct ifinfo *ii)
{
	/* a table that may be stale must not stay so: try again soon */
	if (resync_now(ii) != 0 && ii->loop != NULL)
		ev_timer_add(ii->loop, &ii->retry, EV_SEC(1));
}

static void
retry_resync(struct ev_timer *t, void *arg)
{
	struct ifinfo	*ii = arg;

	ii->busy = 1;
	do_resync(ii);
	ii->busy = 0;
	if (ii->dead)
		ifinfo_free(ii);
}

static void
ifinfo_read(struct ev_io *io, int fd, int revents, void *arg)
{
	struct ifinfo		*ii = arg;
	const struct nlmsghdr	*nlh;
	ssize_t			 n;
	int			 i, len, lost = 0;

	ii->busy = 1;
	for (i = 0; i < MON_BURST && !ii->dead; i++) {
		n = nl_recv(&ii->mon);
		if (n == -EAGAIN)
			break;
		if (n == -ENOBUFS || n == -EMSGSIZE) {
			/*
			 * What is still queued predates the loss and could
			 * undo the re-dump if applied after it: drop it.
			 */
			log_debug("ifinfo: notifications lost, resync");
			nl_drain(&ii->mon);
			lost = 1;
			break;
		}
		if (n < 0) {
			log_warnx("ifinfo: recv: %s", strerror((int)-n));
			break;
		}
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)ii->mon.rbuf;
		    !ii->dead && mnl_nlmsg_ok(nlh, len);
		    nlh = mnl_nlmsg_next(nlh, &len)) {
			switch (nlh->nlmsg_type) {
			case RTM_NEWLINK:
				on_newlink(ii, nlh);
				break;
			case RTM_DELLINK:
				on_dellink(ii, nlh);
				break;
			case RTM_NEWADDR:
				on_newaddr(ii, nlh);
				break;
			case RTM_DELADDR:
				on_deladdr(ii, nlh);
				break;
			}
		}
	}
	if (!ii->dead && (lost || ii->resync_pending))
		do_resync(ii);
	ii->busy = 0;
	if (ii->dead)
		ifinfo_free(ii);
}

struct ifinfo *
ifinfo_open(struct ev_loop *loop, int want_ipv4,
    void (*cb)(struct ifinfo *, const struct ifinfo_event *, void *),
    void *arg)
{
	unsigned	 groups[3];
	struct ifinfo	*ii;
	int		 ngroups = 0, err;

	if ((ii = calloc(1, sizeof(*ii))) == NULL)
		return NULL;
	TAILQ_INIT(&ii->ifs);
	ii->loop = loop;
	ii->want_ipv4 = want_ipv4;
	ii->cb = cb;
	ii->arg = arg;
	ev_timer_init(&ii->retry, retry_resync, ii);
	/*
	 * Subscribe before dumping, so no change can fall between the two;
	 * a notification the dump already reflects changes nothing.
	 */
	if (loop != NULL) {
		groups[ngroups++] = RTNLGRP_LINK;
		groups[ngroups++] = RTNLGRP_IPV6_IFADDR;
		if (want_ipv4)
			groups[ngroups++] = RTNLGRP_IPV4_IFADDR;
		if (nl_open(&ii->mon, NL_NONBLOCK, MON_RCVBUF, 0, groups,
		    ngroups) == -1)
			goto fail;
	}
	if (nl_open(&ii->cmd, 0, 0, 0, NULL, 0) == -1)
		goto fail;
	if ((err = dump_all(ii, &ii->ifs)) != 0) {
		errno = -err;
		goto fail;
	}
	if (loop != NULL && ev_io_add(loop, &ii->io, nl_fd(&ii->mon),
	    EV_READ, ifinfo_read, ii) == -1)
		goto fail;
	return ii;
fail:
	err = errno;
	if (ii->mon.sock != NULL)
		nl_close(&ii->mon);
	if (ii->cmd.sock != NULL)
		nl_close(&ii->cmd);
	free_ifs(&ii->ifs);
	free(ii);
	errno = err;
	return NULL;
}

void
ifinfo_close(struct ifinfo *ii)
{
	if (ii == NULL || ii->dead)
		return;
	if (ii->busy) {
		ii->dead = 1;	/* freed when our code path unwinds */
		return;
	}
	ifinfo_free(ii);
}

int
ifinfo_resync(struct ifinfo *ii)
{
	int	 err;

	if (ii->busy) {
		/* called from a callback: done once the current work ends */
		ii->resync_pending = 1;
		return 0;
	}
	ii->busy = 1;
	err = resync_now(ii);
	ii->busy = 0;
	if (ii->dead) {
		ifinfo_free(ii);
		return 0;
	}
	if (err != 0) {
		errno = -err;
		return -1;
	}
	return 0;
}
