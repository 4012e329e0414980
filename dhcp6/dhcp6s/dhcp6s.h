/*
 * dhcp6s: the DHCPv6 server.  The configuration (dhcp6s.conf, WIDE's
 * grammar), the bindings with their pools and durable lease database,
 * the message handling of RFC 8415, and the prototypes of every file.
 */
#ifndef T6_DHCP6S_H
#define T6_DHCP6S_H

#include <sys/queue.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "dhcp6.h"
#include "ev.h"

#define DHCP6S_CONF	"/etc/wide-dhcpv6/dhcp6s.conf"
#define DHCP6S_PID	"/var/run/dhcp6s.pid"
#define DHCP6S_DUID	"/var/lib/dhcpv6/dhcp6s_duid"
#define DHCP6S_LEASES	"/var/lib/dhcpv6/dhcp6s.leases"
#define DHCP6S_CTLKEY	"/etc/wide-dhcpv6/dhcp6sctlkey"
#define DHCP6S_SOCK	"/var/run/dhcp6s.sock"
#define DHCP6S_DUMP	"/var/run/dhcp6s.dump"

#define D6S_MAX_IFACES	64
#define D6S_MAX_NAMES	16		/* domain-name statements */

/* One configured address (plen 128) or prefix, with its lifetimes. */
struct d6s_value {
	struct in6_addr	 addr;
	uint8_t		 plen;
	uint32_t	 pltime;
	uint32_t	 vltime;
};

struct d6s_host {
	TAILQ_ENTRY(d6s_host) entry;
	char		*name;
	struct d6_duid	 duid;
	int		 has_duid;
	int		 naddrs, nprefixes;
	struct d6s_value *addrs;	/* in file order: order matters */
	struct d6s_value *prefixes;
	char		*delayedkey;
	int		 line;
	struct d6s_host	*hnext;		/* DUID hash chain */
};

/*
 * A pool: addresses from a range (WIDE), or prefixes of one length
 * carved from a larger prefix (ours).  The cursor is where the next
 * search for a free value starts.
 */
struct d6s_pool {
	TAILQ_ENTRY(d6s_pool) entry;
	char		*name;
	int		 is_prefix;
	struct in6_addr	 start, end;	/* addresses: inclusive range */
	struct in6_addr	 base;		/* prefixes: the block ... */
	uint8_t		 base_plen;	/* ... its length ... */
	uint8_t		 plen;		/* ... and what is delegated */
	int		 line;
	/* runtime */
	struct in6_addr	 cursor;
	uint64_t	 size;		/* values in the pool (capped) */
	uint64_t	 used;
};

struct d6s_iface {
	TAILQ_ENTRY(d6s_iface) entry;
	char		 name[IF_NAMESIZE];
	int		 rapid_commit;
	int		 reconfigure;	/* allow reconfigure */
	int		 preference;	/* -1: none */
	char		*addr_pool;	/* address-pool NAME pltime [vltime] */
	uint32_t	 pool_pltime, pool_vltime;
	char		*prefix_pool;	/* prefix-pool NAME pltime [vltime] */
	uint32_t	 ppool_pltime, ppool_vltime;
	int		 line;
	/* resolved at load */
	struct d6s_pool	*apool, *ppool;
};

struct d6s_key {
	TAILQ_ENTRY(d6s_key) entry;
	char		*name;
	char		*realm;
	uint32_t	 keyid;
	int		 has_keyid;
	uint8_t		 secret[64];
	size_t		 secretlen;
	time_t		 expire;	/* 0: forever */
	int		 line;
};

struct d6s_addrlist {
	int		 n;
	struct in6_addr	*a;
};

struct d6s_conf {
	TAILQ_HEAD(, d6s_host)	 hosts;
	TAILQ_HEAD(, d6s_pool)	 pools;
	TAILQ_HEAD(, d6s_iface)	 ifaces;
	TAILQ_HEAD(, d6s_key)	 keys;
	struct d6s_addrlist	 dns, sntp, sip_addrs, nis, nisp, bcmcs;
	/* names, already in DNS wire format (for the options as they go) */
	uint8_t			*domains;
	size_t			 domains_len;
	uint8_t			*sip_domains;
	size_t			 sip_domains_len;
	uint8_t			*nis_domain, *nisp_domain, *bcmcs_domains;
	size_t			 nis_domain_len, nisp_domain_len;
	size_t			 bcmcs_domains_len;
	int64_t			 refresh;	/* -1: none */
	int			 lease_fsync;	/* fsync each batch */
	uint32_t		 max_bindings;	/* 0: no limit */
	uint32_t		 max_per_client;
	/* host lookup by DUID */
	struct d6s_host		**hosthash;
	size_t			 nhosthash;
	int			 has_keys;	/* file must not be readable */
};

/* parse.y */
struct d6s_conf	*d6s_conf_load(const char *path, int *errors);
struct d6s_conf	*d6s_conf_load_string(const char *name, const char *text,
		    size_t len, int *errors);
void		 d6s_conf_free(struct d6s_conf *);
/* Where messages of a load go (default stderr). */
void		 d6s_conf_msgfn(void (*)(int is_error, const char *, void *),
		    void *);
struct d6s_host	*d6s_host_by_duid(const struct d6s_conf *, const uint8_t *,
		    size_t);
struct d6s_iface *d6s_iface_by_name(const struct d6s_conf *, const char *);
struct d6s_key	*d6s_key_by_name(const struct d6s_conf *, const char *);

/* printconf.c */
void		 d6s_conf_print(const struct d6s_conf *, FILE *);
void		 d6s_print_duration(FILE *, uint32_t);

/* binding.c: the bindings, their index, pools and expiry */

/* Kept small: a server holds one per IA of every client. */
struct d6s_binding {
	TAILQ_ENTRY(d6s_binding) entry;
	struct d6s_binding *knext;	/* by <DUID, type, IAID> */
	struct ev_timer	 timer;
	time_t		 updated;	/* wall clock, seconds */
	time_t		 expires;	/* wall clock; 0: never */
	struct d6s_value *vals;		/* at most D6_MAX_IA_ITEMS */
	uint32_t	 iaid;
	uint16_t	 type;		/* D6O_IA_NA or D6O_IA_PD */
	uint8_t		 nvals, capvals;
	uint8_t		 duidlen;
	uint8_t		 duid[];	/* the client's */
};

/* An address or prefix taken, by a binding or by a Decline. */
struct d6s_taken {
	struct d6s_taken *next;
	struct in6_addr	 addr;
	uint8_t		 plen;
	struct d6s_binding *b;		/* NULL: declined */
	time_t		 until;		/* declined: free again then */
};

struct d6s_bindings {
	TAILQ_HEAD(, d6s_binding) list;
	size_t		 count;
	struct d6s_binding **kh;	/* key hash */
	size_t		 nkh;
	struct d6s_taken **th;		/* value hash */
	size_t		 nth, ntaken;
	size_t		 ndeclined;
	struct ev_loop	*loop;		/* NULL: no timers (tests) */
	void		(*expired)(struct d6s_binding *, void *);
	void		*arg;
};

void		 bnd_init(struct d6s_bindings *, struct ev_loop *,
		    void (*expired)(struct d6s_binding *, void *), void *);
void		 bnd_free_all(struct d6s_bindings *);
struct d6s_binding *bnd_find(struct d6s_bindings *, const uint8_t *duid,
		    size_t duidlen, uint16_t type, uint32_t iaid);
struct d6s_binding *bnd_add(struct d6s_bindings *, const uint8_t *duid,
		    size_t duidlen, uint16_t type, uint32_t iaid);
/* Values change through these, so the value index stays right. */
int		 bnd_add_value(struct d6s_bindings *, struct d6s_binding *,
		    const struct d6s_value *);
void		 bnd_del_value(struct d6s_bindings *, struct d6s_binding *,
		    int i);
int		 bnd_value_index(const struct d6s_binding *,
		    const struct in6_addr *, uint8_t plen);
/*
 * The binding lasts until its shortest valid lifetime runs out, counted
 * from `updated`: bnd_touch restarts it from now, bnd_arm only sets the
 * timer (after a load).
 */
void		 bnd_arm(struct d6s_bindings *, struct d6s_binding *,
		    time_t now);
void		 bnd_touch(struct d6s_bindings *, struct d6s_binding *,
		    time_t now);
void		 bnd_remove(struct d6s_bindings *, struct d6s_binding *);
/* Drop the values whose valid lifetime is over; 1 if it is now empty. */
int		 bnd_expire_values(struct d6s_bindings *, struct d6s_binding *,
		    time_t now);
/* Who holds a value: a binding, a decline (b NULL), or nobody (NULL). */
struct d6s_taken *bnd_taken(struct d6s_bindings *, const struct in6_addr *,
		    uint8_t plen, time_t now);
int		 bnd_decline(struct d6s_bindings *, const struct in6_addr *,
		    time_t until);
size_t		 bnd_count_client(struct d6s_bindings *, const uint8_t *duid,
		    size_t duidlen);
/* A free value from a pool, or -1. */
int		 pool_alloc(struct d6s_pool *, struct d6s_bindings *,
		    time_t now, struct in6_addr *out);
int		 pool_contains(const struct d6s_pool *, const struct in6_addr *,
		    uint8_t plen);
void		 pool_setup(struct d6s_pool *);
/* T1 and T2 of an IA from the smallest preferred lifetime (RFC 8415). */
void		 bnd_t1t2(const struct d6s_value *, int n, uint32_t *t1,
		    uint32_t *t2);

/* leasedb.c: the durable, append-only lease database */

struct d6s_client;
struct d6s_clients;

struct d6s_leasedb {
	char		*path;
	struct d6s_clients *cl;		/* client state to keep, or NULL */
	int		 fd;
	int		 fsync;
	char		*buf;		/* records of this batch */
	size_t		 len, cap;
	size_t		 records;	/* in the file */
	size_t		 live;		/* bindings + declines at last count */
	int		 failed;	/* a write failed: answer nothing */
	uint64_t	 writes, syncs, compactions, skipped;
};

int		 ldb_open(struct d6s_leasedb *, const char *path, int fsync,
		    struct d6s_bindings *, struct d6s_clients *, time_t now);
void		 ldb_close(struct d6s_leasedb *);
/* Queue the record of a binding's present state (gone if nvals is 0). */
void		 ldb_binding(struct d6s_leasedb *, const struct d6s_binding *);
void		 ldb_release(struct d6s_leasedb *, const struct d6s_binding *);
void		 ldb_decline(struct d6s_leasedb *, const struct in6_addr *,
		    time_t until);
/* The last RD taken from an authenticated client. */
void		 ldb_rd(struct d6s_leasedb *, const uint8_t *duid, size_t len,
		    uint64_t rd);
/* The reconfigure key given to a client. */
void		 ldb_rkey(struct d6s_leasedb *, const struct d6s_client *);
/*
 * Write what is queued (and fsync it, if so configured): 0, or -1 if it
 * could not be made durable, in which case the replies that depended
 * on it must not be sent.
 */
int		 ldb_commit(struct d6s_leasedb *);
int		 ldb_pending(const struct d6s_leasedb *);
/* Rewrite the file with only the live records, atomically. */
int		 ldb_compact(struct d6s_leasedb *, struct d6s_bindings *);
int		 ldb_want_compact(const struct d6s_leasedb *, size_t live);

/* server.c: one message in, at most one reply out */

enum d6s_drop {
	D6SD_NONE = 0,
	D6SD_SHORT,		/* malformed: see the codec's reasons */
	D6SD_MALFORMED,
	D6SD_UNICAST,		/* Solicit/Confirm/Rebind/Info-req unicast */
	D6SD_RELAYREPLY,	/* a Relay-reply sent to a server */
	D6SD_NOCLIENTID,
	D6SD_SERVERID,		/* missing, foreign, or present when it
				   must not be */
	D6SD_TYPE,		/* a type a server does not take */
	D6SD_IA,		/* an IA where none may be */
	D6SD_NOANSWER,		/* a Rebind/Confirm we cannot decide */
	D6SD_AUTH,		/* authentication we do not do */
	D6SD_NOSPACE,		/* the reply did not fit */
	D6SD_IFACE,		/* not a served interface */
	D6SD_DB,		/* the lease could not be written */
	D6SD_N
};

struct d6s_stats {
	uint64_t	 rx, tx;
	uint64_t	 rx_type[16];
	uint64_t	 tx_type[16];
	uint64_t	 drop[D6SD_N];
	uint64_t	 bad[D6E_NERRS];
	uint64_t	 bindings_added, bindings_expired, bindings_released;
	uint64_t	 declined, nobinding, noaddrs, noprefix;
	uint64_t	 reloads;
	uint64_t	 rkeys;		/* reconfigure keys given */
	uint64_t	 reconf_sent, reconf_retx, reconf_done;
	uint64_t	 reconf_gaveup;
};

/*
 * What the server keeps of a client beyond its bindings: the last RD it
 * accepted from it (delayed authentication), its reconfigure key, where
 * it was last heard from (directly, or through which relays), and the
 * Reconfigure under way to it.  Only clients that authenticate or
 * accept Reconfigure have one.
 */
#define D6S_MAX_RELAYS	4		/* a path through more: not kept */
#define D6S_REC_TIMEOUT	2000		/* ms, RFC 8415 7.6 */
#define D6S_REC_MAX_RC	8

struct d6s_hop {
	uint8_t		 hops;
	uint8_t		 ifidlen;	/* 0: no Interface-Id */
	uint8_t		 ifid[32];
	struct in6_addr	 link, peer;
};

struct d6s_client {
	struct d6s_client *next;	/* in the list */
	struct d6s_client *hnext;	/* in its hash chain */
	struct d6s_server *srv;
	uint64_t	 rd;		/* last RD accepted, if has_rd */
	int		 has_rd;
	int		 has_rkey;
	uint8_t		 rkey[D6_RKAP_LEN];
	/* where it was heard last: from, on ifindex, through nrelays */
	int		 has_from;
	struct sockaddr_in6 from;
	uint32_t	 ifindex;
	int		 nrelays;	/* outermost first */
	struct d6s_hop	 relays[D6S_MAX_RELAYS];
	/* a Reconfigure being sent: its message type (0: none) */
	uint8_t		 rc_type;
	int		 rc_count;
	uint32_t	 rc_rt;		/* ms */
	struct ev_timer	 rc_timer;
	uint8_t		 duidlen;
	uint8_t		 duid[D6_DUID_MAX];
};

struct d6s_clients {
	struct d6s_client *list;
	struct d6s_client **h;
	size_t		 nh, n;
};

struct d6s_server {
	struct d6s_conf		*conf;
	struct d6s_clients	 cl;
	uint64_t		 last_rd;	/* sent */
	struct ev_loop		*loop;		/* NULL: no Reconfigure timers */
	/* how a Reconfigure leaves (set by the daemon; NULL in tests) */
	void			(*send)(void *, const uint8_t *, size_t,
				    const struct sockaddr_in6 *,
				    uint32_t ifindex);
	void			*send_arg;
	struct d6_duid		 duid;
	struct d6s_bindings	 b;
	struct d6s_leasedb	 db;
	struct d6s_stats	 st;
	int			 has_db;
};

/* About one received datagram. */
struct d6s_rx {
	const struct sockaddr_in6 *src;
	int			 multicast;	/* sent to a group */
	struct d6s_iface	*ifc;		/* its interface's config */
	const char		*ifname;
	uint32_t		 ifindex;
	time_t			 now;		/* wall clock */
};

/*
 * Handle one datagram: a reply of *outlen bytes is in out (0: none),
 * with *to_relay set when it goes back to a relay (port 547).
 */
void		 d6s_handle(struct d6s_server *, const uint8_t *pkt,
		    size_t len, const struct d6s_rx *, uint8_t *out,
		    size_t outcap, size_t *outlen, int *to_relay);
const char	*d6s_drop_name(enum d6s_drop);
/* A binding ran out (called from the expiry timer). */
void		 d6s_expired(struct d6s_server *, struct d6s_binding *);
/* dhcpctl "remove binding": as if it had expired. */
int		 d6s_remove_binding(struct d6s_server *, const uint8_t *duid,
		    size_t duidlen, uint16_t type, uint32_t iaid);

/* auth.c: delayed authentication */

/*
 * Check the Authentication option of m: -1 to drop the message, 0 to
 * go on, with *sign set when the reply is to be signed with that key.
 */
int		 d6s_auth_check(struct d6s_server *, const struct d6s_host *,
		    const struct d6_msg *m, time_t now, const char *who,
		    struct d6s_key **sign);
/* Append an Authentication option with the MAC zeroed, at *macoff. */
int		 d6s_auth_put(struct wbuf *, struct d6s_server *,
		    const struct d6s_key *, size_t *macoff);
int		 d6s_auth_sign(uint8_t *msg, size_t len, size_t macoff,
		    const struct d6s_key *);

/* reconf.c: per-client state, reconfigure keys and Reconfigure */

/* Find (or, with create, add) a client's state; NULL if none. */
struct d6s_client *d6s_client_find(struct d6s_clients *, const uint8_t *duid,
		    size_t len, int create);
void		 d6s_clients_free(struct d6s_clients *);
/*
 * Start sending a Reconfigure (type: D6_RENEW, D6_REBIND or
 * D6_INFO_REQUEST) to the client with that DUID: 0, or -1 with why.
 */
int		 d6s_reconfigure(struct d6s_server *, const uint8_t *duid,
		    size_t len, uint8_t type, const char **why);
/* To every client that can take one: how many were started. */
int		 d6s_reconfigure_all(struct d6s_server *, uint8_t type);
/* The client answered (Renew, Rebind, Information-request). */
void		 d6s_reconfigure_done(struct d6s_server *, struct d6s_client *);
/* A new reconfigure key for a client (recorded): 0, or -1. */
int		 d6s_rkey_new(struct d6s_server *, struct d6s_client *);

/* dump.c: SIGUSR1 */
int		 d6s_dump(const struct d6s_server *, FILE *, time_t now);

#endif
