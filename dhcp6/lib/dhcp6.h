/*
 * DHCPv6 (RFC 8415, with RFC 3633 prefix delegation and the options of
 * RFC 3646, 3319, 4075, 4242): the message and option codec shared by
 * dhcp6c, dhcp6s, dhcp6relay and dhcp6ctl, and DUID handling.
 *
 * Decoding is done once, at the edge, on the bounds-checked reader of
 * common/buf: d6_decode() fills a struct d6_msg whose pointers refer into
 * the caller's buffer (it must outlive the struct), or says why the
 * message is malformed.  Nothing here allocates.
 */
#ifndef T6_DHCP6_H
#define T6_DHCP6_H

#include <sys/types.h>

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"

#define D6_PORT_CLIENT		546
#define D6_PORT_SERVER		547
/* All_DHCP_Relay_Agents_and_Servers (ff02::1:2), All_DHCP_Servers */
#define D6_ALL_AGENTS		"ff02::1:2"
#define D6_ALL_SERVERS		"ff05::1:3"

/* Message types (RFC 8415 7.3) */
enum {
	D6_SOLICIT = 1,
	D6_ADVERTISE = 2,
	D6_REQUEST = 3,
	D6_CONFIRM = 4,
	D6_RENEW = 5,
	D6_REBIND = 6,
	D6_REPLY = 7,
	D6_RELEASE = 8,
	D6_DECLINE = 9,
	D6_RECONFIGURE = 10,
	D6_INFO_REQUEST = 11,
	D6_RELAY_FORW = 12,
	D6_RELAY_REPL = 13
};

/* Option codes (RFC 8415 21, and the others named above) */
enum {
	D6O_CLIENTID = 1,
	D6O_SERVERID = 2,
	D6O_IA_NA = 3,
	D6O_IA_TA = 4,
	D6O_IAADDR = 5,
	D6O_ORO = 6,
	D6O_PREFERENCE = 7,
	D6O_ELAPSED_TIME = 8,
	D6O_RELAY_MSG = 9,
	D6O_AUTH = 11,
	D6O_UNICAST = 12,
	D6O_STATUS_CODE = 13,
	D6O_RAPID_COMMIT = 14,
	D6O_USER_CLASS = 15,
	D6O_VENDOR_CLASS = 16,
	D6O_VENDOR_OPTS = 17,
	D6O_INTERFACE_ID = 18,
	D6O_RECONF_MSG = 19,
	D6O_RECONF_ACCEPT = 20,
	D6O_SIP_SERVER_D = 21,
	D6O_SIP_SERVER_A = 22,
	D6O_DNS_SERVERS = 23,
	D6O_DOMAIN_LIST = 24,
	D6O_IA_PD = 25,
	D6O_IAPREFIX = 26,
	D6O_NIS_SERVERS = 27,
	D6O_NISP_SERVERS = 28,
	D6O_NIS_DOMAIN = 29,
	D6O_NISP_DOMAIN = 30,
	D6O_SNTP_SERVERS = 31,
	D6O_INFO_REFRESH = 32,
	D6O_NTP_SERVER = 56,
	D6O_SOL_MAX_RT = 82,
	D6O_INF_MAX_RT = 83
};

/* Status codes (RFC 8415 21.13) */
enum {
	D6S_SUCCESS = 0,
	D6S_UNSPECFAIL = 1,
	D6S_NOADDRSAVAIL = 2,
	D6S_NOBINDING = 3,
	D6S_NOTONLINK = 4,
	D6S_USEMULTICAST = 5,
	D6S_NOPREFIXAVAIL = 6
};

#define D6_INFINITY		0xffffffffU
#define D6_HOP_COUNT_LIMIT	32	/* relay nesting, RFC 8415 7.6 */
#define D6_IRT_DEFAULT		86400
#define D6_IRT_MINIMUM		600
#define D6_MSG_MAX		65535	/* a UDP payload */

/* What one message may hold; more of them is "too many" (dropped). */
#define D6_MAX_IA		16
#define D6_MAX_IA_ITEMS		16
#define D6_MAX_ORO		64
#define D6_MAX_ADDRS		16	/* DNS, SIP, SNTP, NIS server lists */

/* A DUID (RFC 8415 11): at most 128 octets after its 2-octet type. */
#define D6_DUID_MAX		130
struct d6_duid {
	uint16_t	 len;
	uint8_t		 data[D6_DUID_MAX];
};

enum { D6_DUID_LLT = 1, D6_DUID_EN = 2, D6_DUID_LL = 3, D6_DUID_UUID = 4 };

/* An opaque run of bytes inside the decoded buffer. */
struct d6_bytes {
	const uint8_t	*p;
	size_t		 len;
};

/* A Status Code option: present, code, UTF-8 text (not terminated). */
struct d6_status {
	int		 present;
	uint16_t	 code;
	struct d6_bytes	 msg;
};

/* An IA Address (in IA_NA/IA_TA) or IA Prefix (in IA_PD). */
struct d6_lease {
	struct in6_addr	 addr;		/* address, or prefix (masked) */
	uint8_t		 plen;		/* 128 for an address */
	uint32_t	 preferred;
	uint32_t	 valid;
	struct d6_status status;
};

struct d6_ia {
	uint16_t	 type;		/* D6O_IA_NA, D6O_IA_TA, D6O_IA_PD */
	uint32_t	 iaid;
	uint32_t	 t1, t2;	/* 0 in an IA_TA */
	int		 nleases;
	struct d6_lease	 leases[D6_MAX_IA_ITEMS];
	struct d6_status status;
};

struct d6_addrs {
	int		 n;
	struct in6_addr	 a[D6_MAX_ADDRS];
};

/* A decoded client/server message, or one relay layer. */
struct d6_msg {
	uint8_t		 type;
	uint32_t	 xid;		/* client/server messages */
	/* relay messages */
	uint8_t		 hops;
	struct in6_addr	 link_addr;
	struct in6_addr	 peer_addr;
	struct d6_bytes	 relay_msg;	/* the Relay Message option */
	struct d6_bytes	 interface_id;
	/* the options */
	struct d6_bytes	 clientid;
	struct d6_bytes	 serverid;
	int		 noro;
	uint16_t	 oro[D6_MAX_ORO];
	int		 preference;	/* -1: none */
	int		 elapsed;	/* -1: none; hundredths of a second */
	int		 rapid_commit;
	int		 reconf_accept;
	int		 reconf_msg;	/* 0: none; D6_RENEW, ... */
	struct d6_bytes	 auth;		/* the whole option data */
	int		 has_unicast;
	struct in6_addr	 unicast;
	struct d6_status status;
	struct d6_addrs	 dns;
	struct d6_bytes	 domains;	/* validated wire-format names */
	struct d6_addrs	 sip_addrs;
	struct d6_bytes	 sip_domains;
	struct d6_addrs	 sntp;
	struct d6_addrs	 nis, nisp;
	struct d6_bytes	 nis_domain, nisp_domain;
	int64_t		 refresh;	/* -1: none; seconds */
	int64_t		 sol_max_rt, inf_max_rt;	/* -1: none */
	struct d6_bytes	 user_class, vendor_class, vendor_opts;
	int		 unknown;	/* options not understood (ignored) */
	int		 ignored;	/* duplicates ignored */
	const uint8_t	*raw;		/* the message decoded (for its MAC) */
	size_t		 rawlen;
	/* last: d6_decode clears the IAs as it fills them, not all 16 */
	int		 nia;
	struct d6_ia	 ia[D6_MAX_IA];
};

/* Why a message was refused (counters are indexed by these). */
enum d6_err {
	D6E_OK = 0,
	D6E_SHORT,		/* shorter than its header */
	D6E_OPTLEN,		/* an option runs past its container */
	D6E_BADLEN,		/* an option of the wrong length */
	D6E_EMPTYID,		/* a Client or Server Identifier of length 0 */
	D6E_DUPLICATE,		/* a second option of a kind allowed once */
	D6E_MULTIAUTH,		/* more than one Authentication option */
	D6E_PLACE,		/* an option where it may not appear */
	D6E_PLEN,		/* a prefix length over 128 */
	D6E_NAME,		/* a domain name that does not decode */
	D6E_TOOMANY,		/* more IAs, leases or addresses than we keep */
	D6E_NORELAYMSG,		/* a relay message without its message */
	D6E_DEPTH,		/* relays nested deeper than the hop limit */
	D6E_TYPE,		/* a message type that cannot be here */
	D6E_NERRS
};

const char	*d6_err_name(enum d6_err);
const char	*d6_msg_name(int type);
const char	*d6_opt_name(int code);
const char	*d6_status_name(int code);

/*
 * Decode one message (client/server or relay; one layer).  Returns D6E_OK
 * or the reason; *m is filled either way as far as it got.
 */
enum d6_err	 d6_decode(const uint8_t *buf, size_t len, struct d6_msg *m);

/*
 * Follow Relay-forward (or Relay-reply) layers down to the client's (or
 * server's) message, outermost first: layers[0] is the message given,
 * layers[*n - 1] the innermost one, which is not a relay message.  At
 * most `max` layers; deeper nesting is D6E_DEPTH.
 */
enum d6_err	 d6_decode_relayed(const uint8_t *buf, size_t len,
		    struct d6_msg *layers, int max, int *n);

/* Does the option request list of m name `code`? */
int		 d6_oro_has(const struct d6_msg *m, uint16_t code);
/* The first IA of m of this type and IAID, or NULL. */
const struct d6_ia *d6_find_ia(const struct d6_msg *m, uint16_t type,
		    uint32_t iaid);

/*
 * Domain names in DNS wire format (RFC 1035 3.1, no compression), as in
 * the Domain Search List and SIP domain options: walk them one by one
 * as dotted text.  d6_names_next() returns 1 with a name in out, 0 at
 * the end, -1 if malformed.
 */
struct d6_names {
	struct rbuf	 r;
};
void		 d6_names_init(struct d6_names *, const struct d6_bytes *);
int		 d6_names_next(struct d6_names *, char *out, size_t outlen);
/* Append one dotted name in wire format; -1 if it is not a valid name. */
int		 d6_put_name(struct wbuf *, const char *name);

/* Encoding: a header, then options; nested options by begin/end. */
int		 d6_put_header(struct wbuf *, uint8_t type, uint32_t xid);
int		 d6_put_relay_header(struct wbuf *, uint8_t type, uint8_t hops,
		    const struct in6_addr *link, const struct in6_addr *peer);
int		 d6_put_opt(struct wbuf *, uint16_t code, const void *data,
		    size_t len);
/*
 * One Relay-reply layer around msg (RFC 8415 19.3): hop count, link and
 * peer addresses of the Relay-forward it answers, its Interface-Id when
 * ifid is not NULL.  The length in out, or 0 if it does not fit; out
 * and msg must not overlap.
 */
size_t		 d6_relay_reply(uint8_t *out, size_t cap, uint8_t hops,
		    const struct in6_addr *link, const struct in6_addr *peer,
		    const uint8_t *ifid, size_t ifidlen, const uint8_t *msg,
		    size_t len);
int		 d6_put_opt_u8(struct wbuf *, uint16_t code, uint8_t v);
int		 d6_put_opt_u16(struct wbuf *, uint16_t code, uint16_t v);
int		 d6_put_opt_u32(struct wbuf *, uint16_t code, uint32_t v);
int		 d6_put_opt_addrs(struct wbuf *, uint16_t code,
		    const struct in6_addr *, int n);
int		 d6_opt_begin(struct wbuf *, uint16_t code, size_t *mark);
int		 d6_opt_end(struct wbuf *, size_t mark);
int		 d6_put_status(struct wbuf *, uint16_t code, const char *msg);
/* An IA_NA/IA_PD/IA_TA header opened with d6_opt_begin-like marks. */
int		 d6_ia_begin(struct wbuf *, uint16_t type, uint32_t iaid,
		    uint32_t t1, uint32_t t2, size_t *mark);
/* An IA Address or IA Prefix (by plen < 128 or the IA's type). */
int		 d6_put_lease(struct wbuf *, uint16_t ia_type,
		    const struct d6_lease *);

/* DUIDs */
int		 d6_duid_eq(const struct d6_duid *, const void *p, size_t len);
int		 d6_duid_set(struct d6_duid *, const void *p, size_t len);
/* "00:01:..." (lower case); out needs 3 * len bytes. */
char		*d6_duid_str(const void *p, size_t len, char *out,
		    size_t outlen);
int		 d6_duid_parse(struct d6_duid *, const char *text);
/* DUID-LLT of a link-layer address, time = seconds since 2000-01-01. */
int		 d6_duid_llt(struct d6_duid *, uint16_t hwtype,
		    const uint8_t *lladdr, size_t lllen, time_t now);
int		 d6_duid_ll(struct d6_duid *, uint16_t hwtype,
		    const uint8_t *lladdr, size_t lllen);
/*
 * The DUID file of WIDE-DHCPv6: a 2-byte length in host byte order, then
 * the DUID.  Read: 0, -1 with errno (ENOENT: none yet; EINVAL:
 * corrupted).  Write: atomically (a temporary file renamed over it,
 * fsync'd), mode 0644.
 */
int		 d6_duid_read(const char *path, struct d6_duid *);
int		 d6_duid_write(const char *path, const struct d6_duid *);

/*
 * Delayed authentication (RFC 3315 21.4): the Authentication option
 * (protocol, algorithm, RDM, replay detection, then realm, key ID and
 * HMAC-MD5), the MAC over the whole message with its field zeroed, and
 * replay-detection values from the NTP clock, always increasing.
 */
#define D6_AUTH_DELAYED		2
#define D6_AUTH_RECONFKEY	3
#define D6_AUTH_HMACMD5		1
#define D6_AUTH_MONOCOUNTER	0
#define D6_AUTH_HDRLEN		11
#define D6_AUTH_INFOLEN		20	/* key ID and MAC, after the realm */

struct d6_auth {
	uint8_t		 proto, alg, rdm;
	uint64_t	 rd;
	int		 has_info;	/* realm, key ID and MAC follow */
	const uint8_t	*realm;
	size_t		 realmlen;
	uint32_t	 keyid;
	size_t		 macoff;	/* of the MAC in m->raw */
	/* the authentication information, whatever the protocol */
	const uint8_t	*info;
	size_t		 infolen;
};

/* 0 with *a filled, or -1: no option, or too short. */
int		 d6_auth_parse(const struct d6_msg *m, struct d6_auth *a);
/* HMAC-MD5 of msg with its 16 bytes at macoff taken as zero. */
int		 d6_auth_mac(const uint8_t *key, size_t keylen,
		    const uint8_t *msg, size_t len, size_t macoff,
		    uint8_t out[16]);
/* 1 if the MAC at a->macoff verifies with key (constant time). */
int		 d6_auth_verify(const struct d6_msg *m, const struct d6_auth *a,
		    const uint8_t *key, size_t keylen);
/* The next replay-detection value: the NTP time, or *last + 1. */
uint64_t	 d6_auth_next_rd(uint64_t *last);
/*
 * Append an Authentication option: with realm NULL an empty one (a
 * Solicit asking for delayed authentication), else realm, key ID and a
 * zero MAC at *macoff, for d6_auth_sign once the message is whole.
 */
int		 d6_auth_put(struct wbuf *, uint64_t rd, const char *realm,
		    uint32_t keyid, size_t *macoff);
int		 d6_auth_sign(uint8_t *msg, size_t len, size_t macoff,
		    const uint8_t *key, size_t keylen);
/*
 * The reconfigure key authentication protocol (RFC 8415 20.4): the
 * information is a type, then 16 bytes: the key itself (type 1, in the
 * Reply that hands it out), or the HMAC-MD5 of a Reconfigure keyed with
 * it (type 2), computed with those 16 bytes zero.
 */
#define D6_RKAP_KEY		1
#define D6_RKAP_MAC		2
#define D6_RKAP_LEN		16
/* 0 with *type and *valoff (the 16 bytes, in m->raw) set, or -1. */
int		 d6_rkap_parse(const struct d6_msg *m, const struct d6_auth *a,
		    uint8_t *type, size_t *valoff);
/* 1 if the MAC at valoff in m->raw verifies with key (constant time). */
int		 d6_rkap_verify(const struct d6_msg *m, size_t valoff,
		    const uint8_t key[D6_RKAP_LEN]);
/* Append one; with value NULL the 16 bytes are zero, at *valoff. */
int		 d6_rkap_put(struct wbuf *, uint64_t rd, uint8_t type,
		    const uint8_t *value, size_t *valoff);
/*
 * A key's expiry as WIDE wrote it: "yyyy-mm-dd HH:MM", "mm-dd HH:MM" or
 * "HH:MM" (local time, today's date filled in), or "forever" (0).
 */
int		 d6_expire_parse(const char *text, time_t *out);
/* Base64 text (a secret) to 1 to cap bytes: 0, or -1. */
int		 d6_base64_decode(const char *text, uint8_t *out, size_t cap,
		    size_t *len);

/*
 * Scripts (script.c): an environment of NAME=value strings, and a
 * child that runs the script only if it is a regular file owned by our
 * user, not set-ID (else "script PATH cannot be executed safely"), with
 * stdio on /dev/null when quiet.  The pid, or -1; SIGCHLD should call
 * d6_script_reap().
 */
#define D6_ENV_MAX	64
struct d6_env {
	char		*vars[D6_ENV_MAX + 1];
	int		 n;
};
void		 d6_env_add(struct d6_env *, const char *name,
		    const char *fmt, ...) __attribute__((__format__(printf,
		    3, 4)));
void		 d6_env_free(struct d6_env *);
pid_t		 d6_script_run(const char *path, const struct d6_env *,
		    int quiet);
void		 d6_script_reap(void);

/*
 * The control channel of WIDE-DHCPv6 (dhcp6ctl): header, HMAC-MD5 over
 * the message with the digest zeroed, data.  Accepted only within
 * D6CTL_SKEW seconds of the receiver's clock; a digest seen in that
 * window is a replay (WIDE had no such check).
 */
#define D6CTL_PORT_CLIENT	5546
#define D6CTL_PORT_SERVER	5547
#define D6CTL_HDRLEN		12
#define D6CTL_MACLEN		16
#define D6CTL_MAXDATA		512
#define D6CTL_SKEW		300
#define D6CTL_MAXKEY		64
#define D6CTL_REPLAY_SLOTS	64

enum { D6CTL_RELOAD = 1, D6CTL_REMOVE = 2, D6CTL_START = 3, D6CTL_STOP = 4 };
/*
 * Ours, not WIDE's: send a Reconfigure.  Data: the message type it asks
 * for (5, 6, 11), the DUID's length (0: every client that can take
 * one), the DUID; each 4 bytes in network order but the DUID.
 */
#define D6CTL_RECONFIGURE	16
/* objects in the data, and WIDE's IA type numbers */
enum { D6CTL_BINDING = 1, D6CTL_BINDING_IA = 2, D6CTL_INTERFACE = 4 };
enum { D6CTL_IA_PD = 3, D6CTL_IA_NA = 5 };

enum d6ctl_err {
	D6CTL_OK = 0,
	D6CTL_SHORT,
	D6CTL_LENGTH,
	D6CTL_TIME,
	D6CTL_NOKEY,
	D6CTL_AUTH,
	D6CTL_VERSION,
	D6CTL_REPLAY
};

struct d6ctl_msg {
	uint16_t	 command;
	uint16_t	 version;
	uint32_t	 timestamp;
	uint8_t		 digest[D6CTL_MACLEN];
	const uint8_t	*data;
	size_t		 datalen;
};

struct d6ctl_replay {
	struct {
		uint32_t when;
		uint8_t	 digest[D6CTL_MACLEN];
	}		 seen[D6CTL_REPLAY_SLOTS];
	unsigned	 next;
};

const char	*d6ctl_err_name(enum d6ctl_err);
/* A whole message in out; its length, or 0 if it does not fit. */
size_t		 d6ctl_build(uint16_t cmd, const void *data, size_t datalen,
		    const uint8_t *key, size_t keylen, uint32_t timestamp,
		    uint8_t *out, size_t cap);
/* Check in WIDE's order: length, time, key, MAC, version. */
enum d6ctl_err	 d6ctl_verify(const uint8_t *msg, size_t len,
		    const uint8_t *key, size_t keylen, uint32_t now,
		    struct d6ctl_msg *);
/* 0, or -1 if this digest was accepted within the window already. */
int		 d6ctl_replay_check(struct d6ctl_replay *,
		    const struct d6ctl_msg *, uint32_t now);
/*
 * A daemon's control channel (ctlsrv.c, on common/ev): listen on
 * [addr]:port when keyfile reads (NULL, logged, when it does not; fatal
 * when it reads but the port cannot be had), call fn with every command
 * that verifies.
 */
struct ev_loop;
struct d6ctl_server;
struct d6ctl_server *d6ctl_server_open(struct ev_loop *, const char *keyfile,
		    const char *addr, uint16_t port,
		    void (*fn)(const struct d6ctl_msg *, void *), void *arg);
void		 d6ctl_server_counts(const struct d6ctl_server *,
		    uint64_t *done, uint64_t *refused);
void		 d6ctl_server_close(struct d6ctl_server *);

/* The key file: one line of base64.  0, or -1 with errno. */
int		 d6ctl_key_read(const char *path, uint8_t *key, size_t cap,
		    size_t *len);

#endif
