/*
 * dhcp6c, the DHCPv6 client of turtle6 (RFC 8415, with the dhcp6c.conf
 * and script interface of KAME/WIDE-DHCPv6): the configuration model,
 * the client state machine and the prototypes of every file.
 */
#ifndef DHCP6C_H
#define DHCP6C_H

#include <sys/queue.h>

#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "dhcp6.h"

#define DHCP6C_CONF	"/etc/dhcp6c.conf"
#define DHCP6C_PID	"/var/run/dhcp6c.pid"
#define DHCP6C_DUID	"/var/db/dhcp6c_duid"
#define DHCP6C_LEASES	"/var/db/dhcp6c.leases"
#define DHCP6C_CTLKEY	"/etc/wide-dhcpv6/dhcp6cctlkey"

#define C6_MAX_IA	8	/* IAs sent on one interface */
#define C6_MAX_HINTS	8	/* address or prefix hints of one IA */
#define C6_MAX_PIFS	8	/* prefix-interfaces of one IA_PD */
#define C6_MAX_ORO	16

/*
 * Configuration (dhcp6c.conf(5)).
 */
struct c6_hint {
	struct in6_addr	 addr;
	uint8_t		 plen;		/* 128 for an address */
	uint32_t	 pl, vl;
};

struct c6_pif {
	char		 ifname[IF_NAMESIZE];
	uint32_t	 sla_id;
	int		 sla_len;	/* default 16 */
};

struct c6_iaconf {
	TAILQ_ENTRY(c6_iaconf) entry;
	uint16_t	 type;		/* D6O_IA_NA or D6O_IA_PD */
	uint32_t	 iaid;
	int		 nhints;
	struct c6_hint	 hints[C6_MAX_HINTS];
	int		 npifs;
	struct c6_pif	 pifs[C6_MAX_PIFS];
	int		 used;		/* named by a send statement */
	int		 line;
};

/* A key for delayed authentication (keyinfo). */
struct c6_key {
	TAILQ_ENTRY(c6_key) entry;
	char		 name[64];
	char		 realm[256];
	uint32_t	 keyid;
	int		 has_keyid;
	uint8_t		 secret[64];
	size_t		 secretlen;
	time_t		 expire;	/* 0: forever */
	int		 line;
};
TAILQ_HEAD(c6_keys, c6_key);

/* An authentication block: only protocol delayed (HMAC-MD5). */
struct c6_authconf {
	TAILQ_ENTRY(c6_authconf) entry;
	char		 name[64];
	int		 line;
};

#define C6F_INFO_ONLY	0x01
#define C6F_RAPID	0x02
#define C6F_RECONF	0x04	/* send reconfigure-accept */

struct c6_ifconf {
	TAILQ_ENTRY(c6_ifconf) entry;
	char		 ifname[IF_NAMESIZE];
	unsigned	 flags;
	int		 nia;
	struct c6_iaconf *ia[C6_MAX_IA];
	int		 noro;
	uint16_t	 oro[C6_MAX_ORO];
	char		*script;
	char		*authname;	/* send authentication NAME */
	const struct c6_keys *keys;	/* set when authname is */
	int		 line;
};

struct c6_conf {
	TAILQ_HEAD(, c6_ifconf) ifs;
	TAILQ_HEAD(c6_iaconf_q, c6_iaconf) ias;
	struct c6_keys	 keys;
	TAILQ_HEAD(, c6_authconf) auths;
};

/* parse.y */
/*
 * Parse a file (data NULL) or a buffer named `name`.  Errors go to the
 * message function ("file:line: what"), or stderr; NULL on any error,
 * *errors counting them.
 */
struct c6_conf	*c6_conf_load(const char *name, const char *data, size_t len,
		    int *errors);
void		 c6_conf_free(struct c6_conf *);
void		 c6_conf_msgfn(void (*)(const char *, void *), void *);
struct c6_ifconf *c6_conf_if(struct c6_conf *, const char *ifname);
/* An interface named on the command line without a block: defaults. */
struct c6_ifconf *c6_conf_add_if(struct c6_conf *, const char *ifname);
const char	*c6_oro_name(uint16_t code);

/* printconf.c */
void		 c6_conf_print(const struct c6_conf *, FILE *);

/*
 * The client state machine (client.c): pure, no sockets and no clock.
 * Events come in with `now` (milliseconds of a monotonic clock), actions
 * go out through struct c6_ops.
 */
enum c6_state {
	C6_IDLE,	/* not started: waiting for a usable link-local */
	C6_INIT,	/* the random delay before the first message */
	C6_SOLICIT,
	C6_REQUEST,
	C6_BOUND,
	C6_RENEW,
	C6_REBIND,
	C6_CONFIRM,
	C6_DECLINE,
	C6_RELEASE,
	C6_INFOREQ,
	C6_INFO_BOUND,	/* stateless data held, waiting for the refresh */
	C6_STOPPED
};

struct c6_lease {
	struct in6_addr	 addr;
	uint8_t		 plen;
	uint32_t	 pl, vl;	/* as received, seconds */
	uint64_t	 start;		/* when received (ms) */
	int		 declined;
};

struct c6_ia {
	uint16_t	 type;
	uint32_t	 iaid;
	uint32_t	 t1, t2;	/* as received */
	int		 nleases;
	struct c6_lease	 leases[D6_MAX_IA_ITEMS];
};

/* What a server offered or granted. */
struct c6_binding {
	struct d6_duid	 server;
	int		 preference;
	int		 nia;
	struct c6_ia	 ia[C6_MAX_IA];
};

struct c6_xch {
	uint8_t		 type;		/* message being sent */
	uint32_t	 xid;
	uint64_t	 start;		/* first transmission (ms) */
	uint64_t	 next;		/* next transmission or timeout */
	uint64_t	 rt;		/* current retransmission timeout */
	int		 count;		/* transmissions so far */
	uint64_t	 irt, mrt, mrd;	/* ms; 0: none */
	int		 mrc;
};

/* Why a received message was dropped (counters). */
enum c6_drop {
	C6D_DECODE,		/* the codec refused it */
	C6D_TYPE,		/* not an Advertise or Reply */
	C6D_XID,		/* no exchange with that transaction ID */
	C6D_NOSERVERID,
	C6D_CLIENTID,		/* missing or not ours */
	C6D_STATE,		/* not expected now */
	C6D_NORAPID,		/* a Reply to Solicit without Rapid Commit */
	C6D_EMPTY,		/* an Advertise offering nothing */
	C6D_DUPLICATE,		/* the same server advertising again */
	C6D_STATUS,		/* refused by its status code */
	C6D_AUTH,		/* authentication failed */
	C6D_RECONF,		/* a Reconfigure not wanted or not valid */
	C6D_NDROPS
};

struct c6_client;

struct c6_ops {
	void		(*send)(void *ctx, const uint8_t *, size_t);
	/* an address (IA_NA) or prefix (IA_PD) to install or refresh */
	void		(*lease_set)(void *ctx, const struct c6_ia *,
			    const struct c6_lease *, uint32_t pl, uint32_t vl);
	void		(*lease_del)(void *ctx, const struct c6_ia *,
			    const struct c6_lease *);
	/* a valid Reply was accepted (script, -i output) */
	void		(*reply)(void *ctx, const struct d6_msg *);
	/* the binding changed (lease file) */
	void		(*changed)(void *ctx);
	uint32_t	(*random)(void *ctx);
};

struct c6_client {
	const struct c6_ifconf	*conf;
	const struct d6_duid	*duid;
	const struct c6_ops	*ops;
	void			*ctx;
	int			 info_only;	/* information-only or -i */
	enum c6_state		 state;
	struct c6_xch		 x;
	struct c6_binding	 adv;		/* the best Advertise so far */
	int			 have_adv;
	struct c6_binding	 b;		/* what we hold */
	uint64_t		 bound_at;	/* when T1/T2 count from */
	uint32_t		 t1, t2;	/* in force, seconds */
	uint64_t		 refresh_at;	/* INFO_BOUND */
	uint64_t		 sol_max_rt, inf_max_rt;	/* ms */
	int			 fails;		/* Solicit cycles that failed */
	int			 exit_after_release;
	int			 info_done;	/* a Reply to Information-request */
	/* delayed authentication: the session's key and replay values */
	const struct c6_key	*akey;
	uint64_t		 rd_in, rd_out;
	int			 rd_seen;
	/* the reconfigure key the server gave (RFC 8415 20.4) */
	int			 has_rkey;
	uint8_t			 rkey[D6_RKAP_LEN];
	uint64_t		 reconfs;	/* Reconfigures acted on */
	uint64_t		 drops[C6D_NDROPS];
	uint64_t		 sent[D6_RELAY_REPL + 1];
};

void		 c6_init(struct c6_client *, const struct c6_ifconf *,
		    const struct d6_duid *, const struct c6_ops *, void *ctx,
		    int info_only);
/* The link-local address is usable: begin (Solicit, Confirm, ...). */
void		 c6_start(struct c6_client *, uint64_t now);
/* A binding from the lease file, to Confirm or Rebind at start. */
void		 c6_restore(struct c6_client *, const struct c6_binding *,
		    uint64_t bound_at);
struct c6_saved;
/* With the server's authentication state saved with it. */
void		 c6_restore_auth(struct c6_client *, const struct c6_saved *);
void		 c6_save_auth(const struct c6_client *, struct c6_saved *);
/* When c6_timeout() should be called next (UINT64_MAX: never). */
uint64_t	 c6_next(const struct c6_client *);
void		 c6_timeout(struct c6_client *, uint64_t now);
/*
 * A message that decoded; returns 0 if accepted, else a C6D_* + 1.  A
 * Reconfigure must have come unicast (the caller drops others).
 */
int		 c6_recv(struct c6_client *, uint64_t now, const struct d6_msg *);
/* DAD failed on one of our addresses: Decline it. */
void		 c6_dad_failed(struct c6_client *, uint64_t now,
		    const struct in6_addr *);
/* The link came back (carrier or up): Confirm, Rebind or Inforeq. */
void		 c6_link_up(struct c6_client *, uint64_t now);
/* Stop: Release (release set) or keep the leases; STOPPED when done. */
void		 c6_stop(struct c6_client *, uint64_t now, int release);
const char	*c6_state_name(enum c6_state);
const char	*c6_drop_name(enum c6_drop);
/* Remaining lifetime (seconds) of a lease at now. */
uint32_t	 c6_remaining(uint32_t lifetime, uint64_t start, uint64_t now);
/*
 * T1 and T2 to use for a binding (RFC 8415 18.2.4, 21.4): the shortest
 * of the server's values; where the server gave 0, 0.5 and 0.8 times the
 * shortest preferred lifetime.
 */
void		 c6_times(const struct c6_binding *, uint64_t now,
		    uint32_t *t1, uint32_t *t2);
/* The retransmission parameters of a message type (ms). */
void		 c6_params(uint8_t type, uint64_t *irt, uint64_t *mrt,
		    int *mrc, uint64_t *mrd);
/*
 * The address a prefix-interface gets from a delegated prefix: the
 * prefix, the SLA ID in the next sla_len bits, the interface ID (the
 * low 64 bits of iid) after.  0, or -1 if it does not fit.
 */
int		 c6_pif_addr(const struct in6_addr *prefix, int plen,
		    const struct c6_pif *, const struct in6_addr *iid,
		    struct in6_addr *out, int *outplen);

/* lease.c: the lease file (text) */
struct c6_saved {
	char		 ifname[IF_NAMESIZE];
	struct c6_binding b;
	long long	 obtained;	/* wall clock, seconds */
	/* the server's last replay-detection value, its reconfigure key */
	int		 rd_seen;
	uint64_t	 rd_in;
	int		 has_rkey;
	uint8_t		 rkey[D6_RKAP_LEN];
};
int		 c6_lease_write(const char *path, const struct c6_saved *,
		    int n);
/* Reads up to max entries: the number read, or -1 with errno. */
int		 c6_lease_read(const char *path, struct c6_saved *, int max);

#endif
