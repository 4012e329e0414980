/*
 * bfdd: Bidirectional Forwarding Detection (RFC 5880, 5881, 5883) for
 * IPv6 and IPv4, single and multi hop.  The structures and prototypes
 * of every file, grouped by file.
 */
#ifndef BFDD_H
#define BFDD_H

#include <sys/queue.h>
#include <sys/types.h>

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define BFD_PORT_SINGLE		3784
#define BFD_PORT_MULTI		4784
#define BFD_SRCPORT_MIN		49152
#define BFD_SRCPORT_MAX		65535
#define BFD_VERSION		1
#define BFD_HDRLEN		24	/* the mandatory section */
#define BFD_PKTMAX		64	/* largest packet we build or accept */

/* Session states (RFC 5880 4.1). */
#define BFD_ADMINDOWN		0
#define BFD_DOWN		1
#define BFD_INIT		2
#define BFD_UP			3

/* Diagnostics. */
#define BFD_DIAG_NONE		0
#define BFD_DIAG_EXPIRED	1	/* Control Detection Time Expired */
#define BFD_DIAG_ECHO		2
#define BFD_DIAG_NEIGHBOR_DOWN	3	/* Neighbor Signaled Session Down */
#define BFD_DIAG_FWD_RESET	4
#define BFD_DIAG_PATH_DOWN	5
#define BFD_DIAG_CONCAT		6
#define BFD_DIAG_ADMIN_DOWN	7
#define BFD_DIAG_REV_CONCAT	8

/* Flags, in byte 1 with the state. */
#define BFD_F_POLL		0x20
#define BFD_F_FINAL		0x10
#define BFD_F_CPI		0x08
#define BFD_F_AUTH		0x04
#define BFD_F_DEMAND		0x02
#define BFD_F_MULTI		0x01

/* Authentication types (RFC 5880 4.2). */
#define BFD_AUTH_NONE		0
#define BFD_AUTH_SIMPLE		1
#define BFD_AUTH_KEYED_MD5	2
#define BFD_AUTH_MET_MD5	3
#define BFD_AUTH_KEYED_SHA1	4
#define BFD_AUTH_MET_SHA1	5
#define BFD_AUTH_NTYPES		6

/*
 * Why a packet was dropped: one counter each, named as in the spec
 * (`bfdctl show counters`), in this order.
 */
enum bfd_drop {
	BFD_DROP_TTL,		/* single hop: hop limit not 255; min-ttl */
	BFD_DROP_SHORT,		/* datagram under 24 bytes */
	BFD_DROP_VERSION,
	BFD_DROP_LENGTH,	/* Length field under 24/26, or over the UDP
				   payload */
	BFD_DROP_MULT,		/* Detect Mult 0 */
	BFD_DROP_FLAGS,		/* M set, or P and F both */
	BFD_DROP_MYDISC,	/* My Discriminator 0 */
	BFD_DROP_NOSESSION,	/* Your Discriminator names no session */
	BFD_DROP_INITSTATE,	/* Your Discriminator 0 while Init or Up */
	BFD_DROP_NOMATCH,	/* Your Discriminator 0, no session here */
	BFD_DROP_REMOTEID,	/* multihop, unauthenticated: new remote id */
	BFD_DROP_AUTHMISMATCH,	/* A bit or type differs from the session */
	BFD_DROP_AUTHLEN,
	BFD_DROP_AUTHKEYID,	/* no key of that id accepted now */
	BFD_DROP_AUTHSEQ,	/* sequence number outside the window */
	BFD_DROP_AUTHDIGEST,	/* MD5/SHA1 digest wrong */
	BFD_DROP_AUTHPASSWORD,	/* simple password wrong */
	BFD_DROP_NREASONS
};

/* A control packet, decoded (host byte order; intervals in µs). */
struct bfd_pkt {
	uint8_t		 vers;
	uint8_t		 diag;
	uint8_t		 state;
	uint8_t		 flags;		/* BFD_F_* */
	uint8_t		 mult;
	uint8_t		 len;		/* the Length field */
	uint32_t	 my_disc;
	uint32_t	 your_disc;
	uint32_t	 des_min_tx;
	uint32_t	 req_min_rx;
	uint32_t	 req_min_echo_rx;
	/* authentication section, when BFD_F_AUTH */
	uint8_t		 auth_type;
	uint8_t		 auth_len;
	uint8_t		 auth_keyid;
	uint32_t	 auth_seq;	/* MD5/SHA1 types */
	size_t		 auth_off;	/* offset of the section */
};

/* A key (auth.c). Windows are Unix times; 0 means unbounded. */
struct bfd_key {
	TAILQ_ENTRY(bfd_key)	 entry;
	uint8_t			 id;
	uint8_t			 len;		/* 1-16 (simple, MD5), 1-20 */
	uint8_t			 data[20];
	time_t			 send_from, send_to;
	time_t			 accept_from, accept_to;
};
TAILQ_HEAD(bfd_keylist, bfd_key);

struct bfd_auth {
	int			 type;		/* BFD_AUTH_* */
	struct bfd_keylist	 keys;
};

/* Receive-side authentication state of one session (RFC 5880 6.8.1). */
struct bfd_authstate {
	uint32_t		 rcv_seq;
	int			 seq_known;
};

/* packet.c: the wire format (pure). */
/*
 * Decode and make the packet-only checks of RFC 5880 6.8.6, in order:
 * length under 24, version, Length field, Detect Mult, M bit, P with F,
 * My Discriminator, Your Discriminator 0 in Init or Up.  Returns 0, or
 * -1 with *why set.  The hop-limit check is the caller's (it knows the
 * port); the authentication section is parsed (type, length, key id,
 * sequence) but not verified: one running past Length is
 * BFD_DROP_LENGTH, an Auth Len too short for its type's fields
 * BFD_DROP_AUTHLEN.  Bytes after Length are ignored.
 */
int		 bfd_decode(const uint8_t *, size_t, struct bfd_pkt *,
		    enum bfd_drop *why);
/*
 * The 24-byte mandatory section into buf (cap >= 24); returns 24, or 0
 * if cap is smaller.  Vers is always 1 and Length 24 (p->vers and p->len
 * are not used); the A bit is as in p->flags.
 */
size_t		 bfd_encode(uint8_t *buf, size_t cap, const struct bfd_pkt *);
/*
 * Names of values out of range ("Unknown(9)", "Error #9") are built in a
 * static buffer of each function, valid until its next call.
 */
const char	*bfd_state_name(int);		/* "AdminDown", "Up" ... */
const char	*bfd_diag_name(int);		/* "Control Detection ..." */
const char	*bfd_diag_short(int);		/* "Time expired" ... */
const char	*bfd_drop_name(enum bfd_drop);	/* "ttl", "authseq" ... */
const char	*bfd_auth_name(int);		/* "Keyed SHA1" ... */
const char	*bfd_auth_keyword(int);		/* "keyed-sha1" ... */
int		 bfd_auth_bykeyword(const char *);
/* "P F C A D M" letters of the flags, for traces: "PA", "" ... */
char		*bfd_flags_str(uint8_t flags, char *buf, size_t len);

/* auth.c: the five authentication types of RFC 5880 6.7. */
/*
 * Append the authentication section for `auth` to the packet in buf
 * (whose mandatory section is already there, len 24), using the key to
 * send with at `now`, and the sequence number seq; sets the A flag and
 * the Length field.  Returns the new length, or -1 if no key may be used
 * now or cap is too small (then nothing is changed).  With type none it
 * clears A and sets Length 24.
 */
int		 bfd_auth_sign(const struct bfd_auth *, uint8_t *buf,
		    size_t cap, uint32_t seq, time_t now);
/*
 * Verify a received packet (decoded into p) against the session's
 * authentication; the sequence window is 3 * p->mult wide (the packet's
 * Detect Mult).  On success updates st (only then) and returns 0;
 * otherwise -1 with *why set.  Compares in constant time.
 */
int		 bfd_auth_verify(const struct bfd_auth *, const uint8_t *buf,
		    size_t len, const struct bfd_pkt *p,
		    struct bfd_authstate *st, time_t now, enum bfd_drop *why);
/* The key to send with at `now`: the latest send-from among usable. */
const struct bfd_key *bfd_auth_tx_key(const struct bfd_auth *, time_t now);
int		 bfd_auth_meticulous(int type);
int		 bfd_auth_max_keylen(int type);		/* 0: none */
/* Wipes and frees the keys; leaves an empty list and type none. */
void		 bfd_auth_clear(struct bfd_auth *);
/*
 * Deep copy into dst, which must hold no keys (zeroed or cleared; its
 * list head is initialised here).  -1 on no memory, dst then empty.
 */
int		 bfd_auth_copy(struct bfd_auth *dst,
		    const struct bfd_auth *src);

/* conf.c and parse.y: the configuration (bfdd.conf(5)). */

/* Session options; `set` says which were given (they layer). */
#define BFD_OPT_MINRX		0x0001
#define BFD_OPT_MINTX		0x0002
#define BFD_OPT_IDLETX		0x0004
#define BFD_OPT_MULT		0x0008
#define BFD_OPT_PASSIVE		0x0010
#define BFD_OPT_AUTH		0x0020
#define BFD_OPT_AUTHTRANS	0x0040
#define BFD_OPT_KEYS		0x0080
#define BFD_OPT_MINTTL		0x0100
#define BFD_OPT_P2PANY		0x0200

struct bfd_opts {
	unsigned		 set;
	uint32_t		 min_rx;	/* µs */
	uint32_t		 min_tx;
	uint32_t		 idle_tx;
	uint8_t			 mult;
	uint8_t			 passive;
	uint8_t			 auth_transition;
	uint8_t			 min_ttl;	/* multihop */
	uint8_t			 p2p_any_source;	/* interface */
	struct bfd_auth		 auth;		/* type and keys */
	char			*profile;	/* name, or NULL */
};

/* The effective parameters of a session, after layering. */
struct bfd_params {
	uint32_t		 min_rx;
	uint32_t		 min_tx;
	uint32_t		 idle_tx;
	uint8_t			 mult;
	uint8_t			 passive;
	uint8_t			 min_ttl;
	uint8_t			 p2p_any_source;
	uint8_t			 auth_transition;
};

#define BFD_DEF_MINRX		300000
#define BFD_DEF_MINTX		300000
#define BFD_DEF_IDLETX		1000000
#define BFD_DEF_MULT		3
/* how long authentication-transition accepts the previous one */
#define BFD_AUTH_TRANSITION_US	(3600ULL * 1000000)

struct bfd_profile {
	TAILQ_ENTRY(bfd_profile) entry;
	char			*name;
	struct bfd_opts		 opts;
	int			 line;
};

/* A pattern of an interface block; '-' in front negates it. */
struct bfd_ifblock {
	TAILQ_ENTRY(bfd_ifblock) entry;
	char			**patterns;
	int			 npatterns;
	struct bfd_opts		 opts;
	int			 line;
};

struct bfd_neighbor {
	TAILQ_ENTRY(bfd_neighbor) entry;
	int			 family;	/* AF_INET6 or AF_INET */
	struct in6_addr		 addr;		/* IPv4: v4-mapped */
	char			 ifname[IF_NAMESIZE];	/* "" for none */
	struct in6_addr		 local;
	int			 has_local;
	int			 multihop;
	int			 shutdown;
	char			*description;
	struct bfd_opts		 opts;
	int			 line;
};

#define BFD_ACCEPT_IPV4		0x01
#define BFD_ACCEPT_IPV6		0x02
#define BFD_ACCEPT_DIRECT	0x04
#define BFD_ACCEPT_MULTIHOP	0x08
#define BFD_ACCEPT_ALL		0x0f

struct bfd_conf {
	/* options { } */
	unsigned		 accept;
	int			 strict_bind;
	char			*control_socket;
	mode_t			 control_mode;
	char			*control_group;	/* NULL: none */
	char			*dump_file;
	int			 log_facility;
	uint16_t		 port_lo, port_hi;
	int			 tclass;
	int			 zero_udp6_checksum_rx;
	uint64_t		 client_hold_time;	/* µs */
	unsigned		 max_sessions;
	int			 kernel_ttl_check;
	int			 exit_admin_down;
	/* the blocks */
	TAILQ_HEAD(, bfd_profile) profiles;
	TAILQ_HEAD(, bfd_ifblock) ifblocks;
	struct bfd_opts		 multihop;
	int			 have_multihop;
	int			 multihop_line;
	TAILQ_HEAD(, bfd_neighbor) neighbors;
	int			 has_keys;	/* for the file mode check */
};

/* session.c: one session's state machine and timers (pure). */

/* What the caller must do after a session function (a bit mask). */
#define BFD_ACT_TX	0x01	/* send a control packet now */
#define BFD_ACT_FINAL	0x02	/* ... with F set (an answer to P) */
#define BFD_ACT_NOTIFY	0x04	/* the state changed: tell clients */
#define BFD_ACT_TIMERS	0x08	/* next_tx or detect_at changed */
#define BFD_ACT_FREE	0x10	/* a deleted session has said goodbye */

/* Why a session is administratively down. */
/* RFC 5880 7 and 5883 3: multihop paths get a floor against congestion. */
#define MULTIHOP_MIN_US		10000U

#define BFD_ADMIN_OFF		0	/* it is not */
#define BFD_ADMIN_DISABLED	1	/* operator: says AdminDown forever */
#define BFD_ADMIN_DELETING	2	/* last request gone: then freed */

struct bfd_session {
	/* who it is with (set by the creator) */
	int			 family;	/* AF_INET6 or AF_INET */
	struct in6_addr		 peer;		/* IPv4: v4-mapped */
	struct in6_addr		 local;
	uint32_t		 ifindex;	/* single hop; 0 multihop */
	char			 ifname[IF_NAMESIZE];
	int			 multihop;
	uint16_t		 srcport;
	/* RFC 5880 6.8.1 */
	uint8_t			 state;
	uint8_t			 remote_state;
	uint8_t			 local_diag;
	uint8_t			 remote_diag;
	uint8_t			 detect_mult;
	uint8_t			 remote_mult;
	uint8_t			 remote_demand;
	uint32_t		 local_disc;
	uint32_t		 remote_disc;
	uint32_t		 des_min_tx;	/* in force, for pacing */
	uint32_t		 req_min_rx;	/* in force, for detection */
	uint32_t		 adv_min_tx;	/* advertised (may be pending) */
	uint32_t		 adv_min_rx;
	uint32_t		 remote_min_rx;
	uint32_t		 remote_des_min_tx;
	struct bfd_params	 p;		/* what is configured */
	/* poll sequence (6.5) */
	uint8_t			 poll;		/* in progress */
	uint8_t			 poll_queued;	/* another change waits: */
	uint32_t		 queued_tx;	/* its values, advertised */
	uint32_t		 queued_rx;	/* when the poll ends */
	uint8_t			 final_pending;	/* F held by the rate limit */
	uint64_t		 poll_since;
	/* authentication */
	struct bfd_auth		 auth;
	struct bfd_authstate	 ast;
	uint32_t		 xmit_seq;
	uint64_t		 xmit_seq_at;	/* last increment (keyed) */
	uint8_t			 xmit_bump;	/* contents changed */
	/* timing, monotonic µs; 0: off */
	uint64_t		 next_tx;
	uint64_t		 detect_at;
	uint64_t		 last_tx;
	uint64_t		 last_rx;
	uint64_t		 last_change;
	uint64_t		 last_extra;	/* last immediate packet */
	uint64_t		 detect_last;	/* detection time, last known */
	/* administrative state */
	uint8_t			 admin;		/* BFD_ADMIN_* */
	uint8_t			 admin_left;	/* goodbye packets to send */
	uint8_t			 path_down;	/* interface or address gone */
	uint8_t			 old_state;	/* before the last change */
	/* counters */
	uint64_t		 rx, tx;
	uint64_t		 up_events, down_events;
	uint64_t		 auth_fails;
	int			 last_drop;	/* enum bfd_drop, or -1 */
	/* the daemon's */
	void			*priv;
};

/* Randomness (jitter, discriminators, sequence numbers); tests set it. */
extern uint32_t		(*bfd_random)(void);

void		 bfd_sess_init(struct bfd_session *, const struct bfd_params *,
		    uint32_t local_disc, uint64_t now);
/*
 * A packet that passed every check (decode, demultiplexing,
 * authentication): RFC 5880 6.8.6 from "set bfd.RemoteDiscr" on.
 */
unsigned	 bfd_sess_recv(struct bfd_session *, const struct bfd_pkt *,
		    uint64_t now);
/* The detection time passed without a packet (detect_at is due). */
unsigned	 bfd_sess_expire(struct bfd_session *, uint64_t now);
/*
 * next_tx is due: fill *out with the periodic packet and schedule the
 * next one.  Returns 0 if nothing is to be sent now (passive, peer asks
 * for silence, demand mode), BFD_ACT_TX otherwise.
 */
unsigned	 bfd_sess_tx(struct bfd_session *, uint64_t now,
		    struct bfd_pkt *out);
/*
 * The packet to send at once, after BFD_ACT_TX (final 0) or
 * BFD_ACT_FINAL (final 1); it does not move the periodic schedule.
 */
void		 bfd_sess_build(struct bfd_session *, int final, uint64_t now,
		    struct bfd_pkt *out);
/* New parameters (reload, client request): a poll where RFC 5880 says. */
unsigned	 bfd_sess_set_params(struct bfd_session *,
		    const struct bfd_params *, uint64_t now);
/* AdminDown: BFD_ADMIN_DISABLED or BFD_ADMIN_DELETING; diag 7. */
unsigned	 bfd_sess_admin(struct bfd_session *, int how, uint64_t now);
/* Back from DISABLED to Down. */
unsigned	 bfd_sess_enable(struct bfd_session *, uint64_t now);
/* The path (interface, address) went away or came back (diag 5). */
unsigned	 bfd_sess_path(struct bfd_session *, int up, uint64_t now);
/* The sequence number to send with (advances per RFC 5880 6.7.3). */
uint32_t	 bfd_sess_xmit_seq(struct bfd_session *, uint64_t now);
/* Forget the receive sequence after 2 detection times of silence. */
void		 bfd_sess_auth_age(struct bfd_session *, uint64_t now);
uint64_t	 bfd_sess_tx_interval(const struct bfd_session *);
uint64_t	 bfd_sess_detect_time(const struct bfd_session *);
/* RFC 5882 3.2: Up to Down, not because the peer said AdminDown. */
int		 bfd_sess_went_down(const struct bfd_session *);

/*
 * The daemon (bfdd.c and the files that follow): what touches sockets,
 * the clock and the control socket.
 */
#include <sys/tree.h>

#include "bfdclient.h"
#include "ev.h"
#include "evwheel.h"
#include "log.h"

struct bfd_client;
struct bsession;

/* A wish for a session: a configured neighbor, or a client's ADD. */
struct bfd_req {
	TAILQ_ENTRY(bfd_req)	 sentry;	/* in its session */
	TAILQ_ENTRY(bfd_req)	 centry;	/* in its client or orphans */
	struct bsession		*bs;
	struct bfd_client	*client;	/* NULL: a neighbor statement */
	char			 cname[33];	/* the client's name */
	char			 tag[33];
	struct bfd_opts		 opts;
	const struct bfd_neighbor *nbr;		/* a neighbor statement */
	uint64_t		 orphaned;	/* its client left at */
};
TAILQ_HEAD(bfd_reqlist, bfd_req);

/*
 * The loop's grid, in microseconds of the monotonic clock: periodic
 * packets of sessions at 8 ms or slower leave on its points
 * (sessions.c, tx_slot), and a busy receiving socket is read on them
 * (io.c, rx_holdoff), so that one wake-up does both.
 */
#define BFDD_GRID_US		1000

/*
 * A timer that fires a whole grid step or more after its time finds the
 * daemon behind (its CPU slow or taken away): reading packets and
 * judging silence then wait for the next pass, once, so that the
 * periodic packets already due leave first (sessions.c, io.c).  1: t
 * was put off, its callback returns; *yielded keeps the "once".
 */
static inline int
bfdd_yield_behind(struct ev_loop *loop, struct ev_timer *t, int *yielded)
{
	uint64_t	 now = ev_now(loop);

	if (*yielded || now < t->when + BFDD_GRID_US) {
		*yielded = 0;
		return 0;
	}
	*yielded = 1;
	ev_timer_at(loop, t, now);
	return 1;
}

/* A session as the daemon keeps it. */
struct rxsock;

struct bsession {
	struct bfd_session	 s;
	RB_ENTRY(bsession)	 by_disc;
	RB_ENTRY(bsession)	 by_key;
	struct ev_timer		 t_tx;		/* off the grid */
	struct ev_wtimer	 w_tx;		/* on it (sessions.c) */
	struct ev_timer		 t_detect;
	int			 detect_yielded; /* once, behind */
	struct bfd_reqlist	 reqs;
	int			 nreqs;
	int			 waiting;	/* no interface or source yet */
	int			 linked;	/* in by_key */
	int			 local_set;	/* single hop: s.local was asked
						   for (neighbor local, local=) */
	char			*description;
	struct log_ratelimit	 rl_auth;
	/* the last detection timeout, for its log line: us */
	uint64_t		 expire_silent;	/* since the last packet */
	uint64_t		 expire_late;	/* our timer's lateness */
	uint64_t		 sent_at;	/* our last packet */
	uint64_t		 sent_detect;	/* then Up: peer's detection time */
	/* its own connected UDP socket for sending (io.c), or -1 */
	int			 txfd;
	unsigned		 tx_gen;	/* io_open() generation */
	uint32_t		 tx_ifindex;	/* what it was bound to */
	struct in6_addr		 tx_local;
	uint64_t		 tx_retry;	/* no socket: when to retry */
	/*
	 * authentication-transition: the authentication before the last
	 * change, still accepted until prev_until (monotonic us; 0: none)
	 */
	struct bfd_auth		 prev_auth;
	struct bfd_authstate	 prev_ast;
	uint64_t		 prev_until;
	uint64_t		 prev_accepted;	/* packets it let in */
	/* strict-bind: the socket it receives on (io.c), or NULL */
	struct rxsock		*rxb;
	uint64_t		 rxb_retry;	/* none: when to retry */
};

struct bfd_client {
	TAILQ_ENTRY(bfd_client)	 entry;
	struct ctl_conn		*conn;
	char			 name[33];	/* "" before HELLO */
	int			 subscribed;
	int			 nreqs;
	struct bfd_reqlist	 reqs;
	unsigned		 requests;	/* over its life, for dumps */
};

struct bfdd_stats {
	uint64_t		 drops[BFD_DROP_NREASONS];
	uint64_t		 rx_packets, tx_packets, tx_errors;
	uint64_t		 tx_socket_fails;
	/* periodic packets sent over a quarter interval late; the most */
	uint64_t		 tx_late, tx_late_max_us;
	/* packets after a silence past the peer's detection time; longest */
	uint64_t		 tx_silent, tx_silent_max_us;
	uint64_t		 sessions_created, sessions_freed;
};

/* sessions.c */
RB_HEAD(sess_disc, bsession);
RB_HEAD(sess_key, bsession);
int		 sess_disc_cmp(const struct bsession *,
		    const struct bsession *);
int		 sess_key_cmp(const struct bsession *, const struct bsession *);
RB_PROTOTYPE(sess_disc, bsession, by_disc, sess_disc_cmp)
RB_PROTOTYPE(sess_key, bsession, by_key, sess_key_cmp)
struct bsession	*sess_by_disc(uint32_t);
/* single hop: (family, peer, ifindex); multihop: (family, peer, local) */
struct bsession	*sess_by_key(int family, const struct in6_addr *peer,
		    uint32_t ifindex, const struct in6_addr *local,
		    int multihop);
struct bsession	*sess_first(void);
struct bsession	*sess_next(struct bsession *);
/*
 * Attach a request to the session it names (made if need be); returns
 * the session, or NULL with a reason ("422 ...", "503 ...", "429 ...")
 * in *why.
 */
struct bsession	*sess_request(struct bfd_req *, int family,
		    const struct in6_addr *peer, const char *ifname,
		    const struct in6_addr *local, int multihop,
		    const char **why);
/* Detach a request; the last one sends the session to AdminDown. */
void		 sess_unrequest(struct bfd_req *);
/* Parameters changed (a request's options, a reload): re-layer. */
void		 sess_update(struct bsession *);
void		 sess_act(struct bsession *, unsigned act);
void		 sess_timers(struct bsession *);
void		 sess_tx_late_flush(void);
void		 sess_init(void);
void		 sess_shutdown(void);		/* every session goodbye */
int		 sess_count(void);
void		 sess_disable(struct bsession *, int disable);
/* Interfaces and addresses changed: find paths and sources again. */
void		 sess_paths(void);
const char	*sess_name(const struct bsession *, char *, size_t);
void		 sess_free_all(void);

/* io.c */
int		 io_open(const struct bfd_conf *);
void		 io_close(void);
/* Queue a packet of the session (sent at the end of the iteration). */
void		 io_send(struct bsession *, const struct bfd_pkt *);
void		 io_flush(void *);
void		 io_drain(void);
uint16_t	 io_port_alloc(void);
void		 io_sess_close(struct bsession *);
void		 io_sess_free(struct bsession *);
void		 io_set_nofile(long);
void		 io_sess_path(struct bsession *);
void		 io_port_free(uint16_t);

/* control.c */
int		 control_open(const struct bfd_conf *);
void		 control_close(void);
void		 control_reload(const struct bfd_conf *);
/* A session changed state: event 600 to its clients and subscribers. */
void		 control_notify(struct bsession *);
/* bfdd drops a request (601). */
void		 control_removed(struct bfd_req *, const char *reason);
void		 control_shutdown(void);		/* 602 to everyone */
void		 control_dump_clients(FILE *);

/* dump.c: sessions as text (bfdctl, the dump file). */
struct ctl_conn;
void		 show_sessions(FILE *, int all, const char *filter[],
		    int nfilter);
void		 show_session_kv(FILE *, const struct bsession *);
int		 show_selected(const struct bsession *, const char *filter[],
		    int nfilter);
void		 show_counters(FILE *, const char *prefix);
void		 dump_to_file(void);

/* bfdd.c */
struct bfdd {
	struct bfd_conf		*conf;
	const char		*conf_path;
	struct ev_loop		*loop;
	struct ifinfo		*ifinfo;
	struct bfdd_stats	 stats;
	int			 trace;		/* -D, SIGUSR2 */
	int			 exiting;
	const char		*sock_path;	/* -s */
};
extern struct bfdd	*bd;
int		 bfdd_reload(void);
void		 bfdd_session_freed(void);

#define BFDD_CONF		"/etc/bfdd.conf"
#define BFDD_PID		"/var/run/bfdd.pid"
#define BFDD_SOCK		BFDC_SOCK
#define BFDD_DUMP		"/var/run/bfdd.dump"

/*
 * Parse a configuration file (a missing file gives the defaults when
 * missing_ok).  Errors are printed as "file:line: message"; returns NULL
 * if there was any, with *errors set.
 */
struct bfd_conf	*bfd_conf_load(const char *path, int missing_ok, int *errors);
/* The same from memory (tests, fuzzing); name is used in messages. */
struct bfd_conf	*bfd_conf_load_string(const char *name, const char *text,
		    size_t len, int *errors);
struct bfd_conf	*bfd_conf_new(void);		/* the defaults */
void		 bfd_conf_free(struct bfd_conf *);
/* Print the configuration back (bfdd -n), in a form that parses. */
void		 bfd_conf_print(const struct bfd_conf *, FILE *);
/*
 * The parameters and authentication of a session: the defaults, then
 * the profile of the block, the block (the first interface block that
 * matches ifname, or the multihop block), then `over` (a neighbor block
 * or a client request, with its own profile): each layer overrides what
 * it sets; the authentication type and the key list layer separately.
 * *auth is always initialised (free it with bfd_auth_clear).  Returns 0,
 * or -1 if a named profile does not exist or memory ran out.
 */
int		 bfd_conf_session(const struct bfd_conf *, int multihop,
		    const char *ifname, const struct bfd_opts *over,
		    struct bfd_params *, struct bfd_auth *);
/*
 * One layer of that: the profile o names, then o, over *p; *authsrc and
 * *keysrc become the layers whose authentication type and keys win
 * (pointers into the configuration; either may be NULL).  -1 if the
 * profile does not exist.
 */
int		 bfd_opts_layer(const struct bfd_conf *,
		    const struct bfd_opts *o, struct bfd_params *p,
		    const struct bfd_opts **authsrc,
		    const struct bfd_opts **keysrc);
void		 bfd_params_default(struct bfd_params *);
const struct bfd_profile *bfd_conf_profile(const struct bfd_conf *,
		    const char *name);
/* Does any interface block turn p2p-any-source on? */
int		 bfd_conf_p2p_any(const struct bfd_conf *);
/* The first interface block that matches ifname, or NULL. */
const struct bfd_ifblock *bfd_conf_ifblock(const struct bfd_conf *,
		    const char *ifname);
/*
 * Does an interface name match a block's patterns?  Shell wildcards
 * '*' and '?', '\' quotes; the first pattern that matches decides, and
 * a leading '-' makes it refuse the name.
 */
int		 bfd_ifblock_match(const struct bfd_ifblock *, const char *);
void		 bfd_opts_init(struct bfd_opts *);	/* empty, no keys */
void		 bfd_opts_free(struct bfd_opts *);	/* wipes keys */
/*
 * Where bfd_conf_load* send their messages, each "file:line: message"
 * (warnings: "file:line: warning: message"): fn(is_error, msg, arg).
 * NULL, the default, prints them on stderr.  The daemon sends them to
 * its log on reload.
 */
void		 bfd_conf_msgfn(void (*fn)(int is_error, const char *msg,
		    void *arg), void *arg);

#endif
