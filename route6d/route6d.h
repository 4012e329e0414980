/*
 * route6d: a RIPng daemon (RFC 2080) with the flags of KAME's route6d.
 * The structures and the prototypes of every file, grouped by file.
 */
#ifndef ROUTE6D_H
#define ROUTE6D_H

#include <sys/queue.h>
#include <sys/tree.h>

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "ev.h"

#define RIP6_PORT		521
#define RIP6_VERSION		1
#define RIP6_REQUEST		1
#define RIP6_RESPONSE		2
#define RIP6_INFINITY		16
#define RIP6_NEXTHOP_METRIC	0xff
#define RIP6_HDRLEN		4
#define RIP6_RTELEN		20
/* The most RTEs one UDP datagram can carry. */
#define RIP6_MAXRTE		((65535 - 8 - RIP6_HDRLEN) / RIP6_RTELEN)
/* Replies to a requester that may be off-link are sized for this MTU. */
#define RIP6_SAFE_MTU		1280

#define ROUTE6D_PID		"/var/run/route6d.pid"
#define ROUTE6D_DUMP		"/var/run/route6d_dump"
#define ROUTE6D_SOCK		"/var/run/route6d.sock"

/* Protocol timers (RFC 2080 section 2.3), in microseconds. */
#define RIP6_T_UPDATE		(30ULL * 1000000)
#define RIP6_T_TIMEOUT		(180ULL * 1000000)
#define RIP6_T_GARBAGE		(120ULL * 1000000)

#define MAXFILTER		40

/* One route table entry as on the wire (host byte order). */
struct rip6_rte {
	struct in6_addr	 prefix;
	uint16_t	 tag;
	uint8_t		 plen;
	uint8_t		 metric;
};

/* Why a datagram or an RTE was dropped: counted per reason. */
enum rip6_drop {
	DROP_SHORT,		/* shorter than header + one RTE */
	DROP_LENGTH,		/* not 4 + 20 * n bytes */
	DROP_VERSION,
	DROP_COMMAND,
	DROP_NO_PKTINFO,	/* no arrival interface or hop limit */
	DROP_UNKNOWN_IF,	/* arrival interface not in use */
	DROP_NOUSE_IF,		/* -N interface */
	DROP_SRC_NOT_LL,	/* response from a non-link-local source */
	DROP_SRC_PORT,		/* response not from port 521 */
	DROP_HOPLIMIT,		/* response with hop limit below 255 */
	DROP_OWN,		/* our own packet */
	DROP_RATELIMIT,		/* request over the reply rate limit */
	DROP_RTE_PLEN,		/* prefix length over 128 */
	DROP_RTE_METRIC,	/* metric 0 or 17-254 */
	DROP_RTE_PREFIX,	/* multicast, link-local, loopback, site-local */
	DROP_RTE_FILTER,	/* refused by a -L filter */
	DROP_RTE_FULL,		/* the table is at its size limit */
	DROP_RTE_NEXTHOP_SELF,	/* a next-hop RTE naming us */
	DROP_BFD_DOWN,		/* from a neighbour BFD says is down */
	DROP_NREASONS
};

/* -A, -L, -O, -N, -T (KAME) and -c (interface cost) arguments. */
struct filter {
	TAILQ_ENTRY(filter)	 entry;
	char			 type;		/* 'A' 'L' 'O' 'N' 'T' 'c' */
	struct in6_addr		 prefix;
	int			 plen;
	unsigned		 cost;		/* 'c' */
	char			*ifpat;		/* name or fnmatch pattern */
};
TAILQ_HEAD(filter_list, filter);

/* What the command line says. */
struct config {
	int		 debug;		/* -d 1, -D 2 */
	int		 aflag, hflag, lflag, nflag, qflag, sflag, Sflag;
	int		 poison;	/* -r: poisoned reverse */
	int		 check;		/* -k: print the settings and exit */
	uint16_t	 tag;		/* -t */
	uint64_t	 t_update, t_timeout, t_garbage;	/* -i */
	uint8_t		 proto;		/* -Q: protocol of our kernel routes */
	uint8_t		 keep_proto[256]; /* -P: imported, never aged */
	uint32_t	 kmetric;	/* priority of our kernel routes */
	size_t		 max_routes;	/* -M */
	const char	*routelog;	/* -R */
	const char	*pidfile;	/* -p */
	const char	*dumpfile;	/* -F */
	const char	*ctlsock;	/* -C */
	int		 bfd;		/* -b, -B: BFD for neighbours */
	const char	*bfdsock;	/* -B */
	struct filter_list filters;
	int		 nfilters;
};

/* What a route is and where it came from. */
enum rt_kind {
	RT_LEARNED,		/* from a RIPng neighbour */
	RT_IFACE,		/* prefix of one of our addresses */
	RT_P2P,			/* local/peer /128 of a point-to-point link */
	RT_STATIC,		/* imported from the kernel */
	RT_AGGREGATE,		/* -A */
};

#define RT_F_CHANGED	0x01	/* changed since the last triggered update */
#define RT_F_NOADV	0x02	/* never advertised */
#define RT_F_NH_NOT_LL	0x04	/* gateway is not link-local */
#define RT_F_INSTALLED	0x08	/* we hold it in the kernel */
#define RT_F_GARBAGE	0x10	/* being deleted: metric 16, GC timer on */
#define RT_F_REJECT	0x20	/* unreachable/blackhole (statics) */

struct rt_entry {
	RB_ENTRY(rt_entry)	 tree;
	struct in6_addr		 prefix;
	uint8_t			 plen;
	uint8_t			 metric;
	uint16_t		 tag;
	uint8_t			 kind;		/* enum rt_kind */
	uint8_t			 flags;		/* RT_F_* */
	uint8_t			 kproto;	/* RT_STATIC: kernel proto */
	struct in6_addr		 gw;		/* next hop, or own address */
	uint32_t		 ifindex;
	uint64_t		 updated;	/* 0: static, never ages */
	uint64_t		 deadline;	/* timeout or GC end; 0 none */
	uint32_t		 knh;		/* kernel.c: its nexthop object */
};
RB_HEAD(rib_tree, rt_entry);
int		 rt_cmp(const struct rt_entry *, const struct rt_entry *);
RB_PROTOTYPE(rib_tree, rt_entry, tree, rt_cmp)

/* What the RIB asks of the kernel side (route6d.c supplies it). */
struct rib_hooks {
	void	(*install)(struct rt_entry *, int replace, void *);
	void	(*uninstall)(struct rt_entry *, void *);
	void	*arg;
};

struct rib {
	struct rib_tree		 head;
	size_t			 count;
	size_t			 max;		/* 0: no limit */
	uint64_t		 t_timeout;
	uint64_t		 t_garbage;
	uint64_t		 granule;	/* deadlines are rounded up */
	uint64_t		 soonest;	/* no deadline is earlier */
	int			 trigger;	/* a triggered update is due */
	int			 lost;		/* a learned route was lost */
	size_t			 nchanged;
	struct rib_hooks	 hooks;
	uint64_t		 drops_full;
};

/* packet.c: the RIPng wire format. */
int		 rip6_decode(const void *, size_t, uint8_t *command,
		    uint8_t *version, struct rip6_rte *, size_t maxrte,
		    size_t *nrte, enum rip6_drop *why);
void		 rip6_put_header(struct wbuf *, uint8_t command);
void		 rip6_put_rte(struct wbuf *, const struct rip6_rte *);
int		 rip6_is_table_request(const struct rip6_rte *, size_t);
size_t		 rip6_rtes_per_packet(unsigned mtu);
/* Validate one RTE of a response; 0 if usable, else the drop reason. */
int		 rip6_rte_check(const struct rip6_rte *, int lflag,
		    enum rip6_drop *why);
const char	*rip6_drop_name(enum rip6_drop);

/* rib.c: the routing table and the RFC 2080 update rules (pure). */
void		 rib_init(struct rib *, const struct rib_hooks *,
		    uint64_t t_timeout, uint64_t t_garbage, size_t max);
void		 rib_clear(struct rib *);
struct rt_entry	*rib_find(struct rib *, const struct in6_addr *, int plen);
struct rt_entry	*rib_first(struct rib *);
struct rt_entry	*rib_next(struct rib *, struct rt_entry *);
/*
 * A response RTE (metric already raised by the link cost, capped at 16)
 * from next hop nh on interface ifindex.  Returns 1 if the table
 * changed in a way neighbours must hear of.
 */
int		 rib_input(struct rib *, const struct rip6_rte *,
		    const struct in6_addr *nh, uint32_t ifindex, uint64_t now);
/* Add or refresh a local route (interface, p2p, static, aggregate). */
struct rt_entry	*rib_local(struct rib *, enum rt_kind,
		    const struct in6_addr *, int plen, uint8_t metric,
		    uint16_t tag, const struct in6_addr *gw, uint32_t ifindex,
		    uint64_t now);
/* Start deleting a route: metric 16, out of the kernel, GC timer. */
void		 rib_withdraw(struct rib *, struct rt_entry *, uint64_t now);
/* Withdraw every route through ifindex (or learned from nh there). */
int		 rib_withdraw_if(struct rib *, uint32_t ifindex, uint64_t now);
int		 rib_withdraw_neighbor(struct rib *, const struct in6_addr *,
		    uint32_t ifindex, uint64_t now);
/* Remove at once (no GC period): local routes that are gone. */
void		 rib_remove(struct rib *, struct rt_entry *);
/*
 * Expire what is due; returns the next deadline (0: none).  Cheap when
 * nothing is due: the time to call it again is rib_soonest().
 */
uint64_t	 rib_age(struct rib *, uint64_t now);
uint64_t	 rib_soonest(const struct rib *);
void		 rib_clear_changed(struct rib *);

/* output.c: building responses for one interface (pure). */
enum out_mode {
	OUT_REGULAR,		/* the whole table */
	OUT_TRIGGERED,		/* changed routes only */
	OUT_ANSWER,		/* a full-table request; loopback allowed */
};

struct out_if {
	const char	*name;
	uint32_t	 ifindex;
	unsigned	 mtu;
	unsigned	 cost;
	int		 loopback;
};

void		 output_build(struct rib *, const struct config *,
		    const struct out_if *, enum out_mode, unsigned mtu,
		    void (*emit)(const uint8_t *, size_t, void *), void *arg);
/* Does filter f apply to the interface of this name? */
int		 filter_match_if(const struct filter *, const char *ifname);
int		 filter_has(const struct config *, char type,
		    const char *ifname);
int		 filter_prefix_match(const struct filter *,
		    const struct in6_addr *, int plen, int default_special);
unsigned	 config_cost(const struct config *, const char *ifname);

/*
 * The daemon (route6d.c and the files that follow): everything below
 * touches sockets, the kernel or the clock.
 */
struct ev_loop;
struct ifinfo;
struct rtsock;
struct rtmon;
struct ctl_server;
struct bfdc;
struct pidfh;

/* An interface as RIPng sees it. */
struct rip_if {
	TAILQ_ENTRY(rip_if)	 entry;
	uint32_t		 index;
	char			 name[IF_NAMESIZE];
	unsigned		 flags;		/* IFF_* */
	unsigned		 mtu;
	int			 loopback;
	int			 p2p;
	int			 active;	/* RIPng runs here */
	int			 joined;	/* ff02::9 */
	struct in6_addr		 lladdr;	/* our link-local here */
	uint64_t		 rx, tx, rx_bad;
	int			 seen;		/* for resynchronisation */
};
TAILQ_HEAD(rip_if_list, rip_if);

/* A router we heard a response from. */
struct neighbor {
	TAILQ_ENTRY(neighbor)	 entry;
	struct in6_addr		 addr;
	uint32_t		 ifindex;
	uint64_t		 first, last;	/* monotonic us */
	uint64_t		 responses, rtes, bad_rtes;
	/*
	 * BFD (-b): the session's tag at bfdd, its last state, and whether
	 * it failed (went Down from Up): routes from a failed neighbour
	 * are withdrawn and its responses ignored until the session is Up.
	 */
	char			 bfd_tag[16];
	int			 bfd_state;
	int			 bfd_failed;
	uint64_t		 bfd_changed;	/* monotonic us */
};
TAILQ_HEAD(neighbor_list, neighbor);

/* A kernel change waiting to be sent in the current batch. */
struct kop {
	uint8_t			 op;		/* 'a'dd 'r'eplace 'd'elete */
	uint8_t			 plen;
	uint8_t			 reject;
	uint32_t		 nhid;		/* nexthop object, or 0 */
	struct in6_addr		 prefix;
	struct in6_addr		 gw;
	uint32_t		 ifindex;
};

struct stats {
	uint64_t	 rx_packets, rx_requests, rx_responses;
	uint64_t	 tx_packets, tx_errors;
	uint64_t	 tx_regular, tx_triggered, tx_answers;
	uint64_t	 drops[DROP_NREASONS];
	uint64_t	 kernel_adds, kernel_dels, kernel_errors;
};

struct route6d {
	struct config		 cfg;
	struct ev_loop		*loop;
	struct rib		 rib;
	int			 sock;
	struct ev_io		 sockio;
	struct ifinfo		*ifinfo;
	struct rip_if_list	 ifs;
	struct neighbor_list	 nbrs;
	struct rtsock		*rs;
	struct rtmon		*mon;
	struct ctl_server	*ctl;
	struct bfdc		*bfd;		/* -b */
	uint32_t		 bfd_next_tag;
	struct pidfh		*pfh;
	FILE			*routelog;
	struct ev_timer		 t_update;	/* regular updates */
	struct ev_timer		 t_trigger;	/* triggered-update hold */
	struct ev_timer		 t_age;		/* route timeouts, GC */
	struct ev_timer		 t_ask;		/* requests after a loss */
	uint64_t		 next_ask;
	uint64_t		 next_update;
	int			 trigger_hold;	/* the hold timer runs */
	int			 trigger_pending;
	uint64_t		 started;
	struct kop		*kops;		/* the open kernel batch */
	size_t			 nkops, capkops;
	struct stats		 stats;
	uint32_t		 lo_index;
	int			 shutting_down;
};

extern struct route6d	*rd;

/* iface.c */
void		 iface_init(void);
void		 iface_start(void);
struct rip_if	*iface_find(uint32_t index);
void		 iface_sync_all(uint64_t now);
int		 iface_is_own(const struct in6_addr *);
struct out_if	*iface_out(const struct rip_if *, struct out_if *);

/* io.c */
int		 io_open(void);
void		 io_send_request(struct rip_if *);
void		 io_send_update(struct rip_if *, enum out_mode);
void		 io_update_all(enum out_mode);
struct neighbor	*neighbor_find(const struct in6_addr *, uint32_t);
void		 neighbor_free(struct neighbor *);

/* bfd.c: BFD sessions to the neighbours (-b) */
void		 bfd_start(void);
void		 bfd_neighbor_new(struct neighbor *);
void		 bfd_neighbor_gone(struct neighbor *);
const char	*bfd_state_name(const struct neighbor *);

/* kernel.c */
int		 kernel_open(void);
void		 kernel_close(void);
void		 kernel_flush(void);
void		 kernel_forget_if(uint32_t ifindex);
void		 kernel_shutdown(void);
void		 kernel_import(uint64_t now);
extern const struct rib_hooks kernel_hooks;

/* dump.c */
void		 dump_tables(FILE *);
void		 dump_to_file(void);
void		 routelog_write(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
char		*iff_names(unsigned flags, char *buf, size_t len);

/* control.c */
int		 control_open(void);
void		 control_close(void);

/* route6d.c */
void		 after_event(void);
void		 trigger_request(void);

/* options.c: the command line. */
int		 config_parse(struct config *, int argc, char *argv[]);
void		 config_print(const struct config *, FILE *);
void		 config_free(struct config *);
const char	*filter_name(char type);

#endif
