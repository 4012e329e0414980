/*
 * The DHCPv6 message codec (RFC 8415 8-9, 21; RFC 3633; RFC 3646).
 *
 * Validation follows RFC 8415 and the rules WIDE-DHCPv6 applied (see
 * ../shared/spec/dhcp6-server.md 3.8): an option that runs past its
 * container, a fixed-size option of another size, an empty DUID, a
 * second Authentication option, an IA Address outside an IA_NA/IA_TA or
 * an IA Prefix outside an IA_PD, a prefix length over 128 or a domain
 * name that does not decode make the whole message malformed.  A second
 * copy of an option allowed once is ignored (the first one counts),
 * except for the identifiers and the Relay Message, whose duplicates
 * make a message ambiguous and so malformed.  Options we do not know are
 * skipped.
 */
#include <stddef.h>
#include <string.h>

#include "dhcp6.h"

static const char *const err_names[D6E_NERRS] = {
	[D6E_OK] = "ok",
	[D6E_SHORT] = "short",
	[D6E_OPTLEN] = "optlen",
	[D6E_BADLEN] = "badlen",
	[D6E_EMPTYID] = "emptyid",
	[D6E_DUPLICATE] = "duplicate",
	[D6E_MULTIAUTH] = "multiauth",
	[D6E_PLACE] = "place",
	[D6E_PLEN] = "plen",
	[D6E_NAME] = "name",
	[D6E_TOOMANY] = "toomany",
	[D6E_NORELAYMSG] = "norelaymsg",
	[D6E_DEPTH] = "depth",
	[D6E_TYPE] = "type",
};

const char *
d6_err_name(enum d6_err e)
{
	return (unsigned)e < D6E_NERRS ? err_names[e] : "?";
}

const char *
d6_msg_name(int type)
{
	static const char *const n[] = {
		NULL, "solicit", "advertise", "request", "confirm", "renew",
		"rebind", "reply", "release", "decline", "reconfigure",
		"information-request", "relay-forward", "relay-reply"
	};

	if (type > 0 && type < (int)(sizeof(n) / sizeof(n[0])))
		return n[type];
	return "unknown";
}

const char *
d6_opt_name(int code)
{
	switch (code) {
	case D6O_CLIENTID:	return "client ID";
	case D6O_SERVERID:	return "server ID";
	case D6O_IA_NA:		return "identity association";
	case D6O_IA_TA:		return "identity association for temporary";
	case D6O_IAADDR:	return "IA address";
	case D6O_ORO:		return "option request";
	case D6O_PREFERENCE:	return "preference";
	case D6O_ELAPSED_TIME:	return "elapsed time";
	case D6O_RELAY_MSG:	return "relay message";
	case D6O_AUTH:		return "authentication";
	case D6O_UNICAST:	return "server unicast";
	case D6O_STATUS_CODE:	return "status code";
	case D6O_RAPID_COMMIT:	return "rapid commit";
	case D6O_USER_CLASS:	return "user class";
	case D6O_VENDOR_CLASS:	return "vendor class";
	case D6O_VENDOR_OPTS:	return "vendor specific info";
	case D6O_INTERFACE_ID:	return "interface ID";
	case D6O_RECONF_MSG:	return "reconfigure message";
	case D6O_RECONF_ACCEPT:	return "reconfigure accept";
	case D6O_SIP_SERVER_D:	return "SIP domain name";
	case D6O_SIP_SERVER_A:	return "SIP server address";
	case D6O_DNS_SERVERS:	return "DNS";
	case D6O_DOMAIN_LIST:	return "domain search list";
	case D6O_IA_PD:		return "IA_PD";
	case D6O_IAPREFIX:	return "IA_PD prefix";
	case D6O_NIS_SERVERS:	return "NIS servers";
	case D6O_NISP_SERVERS:	return "NIS+ servers";
	case D6O_NIS_DOMAIN:	return "NIS domain name";
	case D6O_NISP_DOMAIN:	return "NIS+ domain name";
	case D6O_SNTP_SERVERS:	return "SNTP servers";
	case D6O_INFO_REFRESH:	return "information refresh time";
	case D6O_NTP_SERVER:	return "NTP server";
	case D6O_SOL_MAX_RT:	return "SOL_MAX_RT";
	case D6O_INF_MAX_RT:	return "INF_MAX_RT";
	default:		return "unknown";
	}
}

const char *
d6_status_name(int code)
{
	static const char *const n[] = {
		"success", "unspec failure", "no addresses", "no binding",
		"not on-link", "use multicast", "no prefixes"
	};

	if (code >= 0 && code < (int)(sizeof(n) / sizeof(n[0])))
		return n[code];
	return "unknown";
}

/* ---- domain names ------------------------------------------------ */

void
d6_names_init(struct d6_names *w, const struct d6_bytes *b)
{
	rbuf_init(&w->r, b->p, b->len);
}

/*
 * RFC 1035 3.1: labels of 1-63 octets ended by the root (a zero octet),
 * 255 octets at most in all; no compression (RFC 8415 10).  The text
 * form must not be ambiguous, so a label may hold letters, digits, '-'
 * and '_' only (what names of hosts and domains hold).
 */
int
d6_names_next(struct d6_names *w, char *out, size_t outlen)
{
	uint8_t		 l, c;
	size_t		 o = 0, wire = 0;
	unsigned	 i;

	if (rbuf_left(&w->r) == 0)
		return 0;
	for (;;) {
		if (rbuf_u8(&w->r, &l) == -1)
			return -1;
		wire++;
		if (l == 0)
			break;
		if (l > 63 || (wire += l) >= 255)
			return -1;
		if (o > 0) {
			if (o + 1 >= outlen)
				return -1;
			out[o++] = '.';
		}
		for (i = 0; i < l; i++) {
			if (rbuf_u8(&w->r, &c) == -1)
				return -1;
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '_'))
				return -1;
			if (o + 1 >= outlen)
				return -1;
			out[o++] = (char)c;
		}
	}
	if (o == 0) {
		if (outlen < 2)
			return -1;
		out[o++] = '.';		/* the root */
	}
	out[o] = '\0';
	return 1;
}

int
d6_put_name(struct wbuf *w, const char *name)
{
	const char	*p = name, *dot;
	size_t		 l, total = 1;

	if (strcmp(name, ".") == 0)
		return wbuf_u8(w, 0);
	while (*p != '\0') {
		dot = strchr(p, '.');
		l = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (l == 0 || l > 63 || (total += l + 1) > 255)
			return -1;
		for (size_t i = 0; i < l; i++) {
			char c = p[i];

			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '_'))
				return -1;
		}
		wbuf_u8(w, (uint8_t)l);
		wbuf_bytes(w, p, l);
		p += l;
		if (*p == '.')
			p++;
	}
	if (total == 1)
		return -1;		/* "" */
	wbuf_u8(w, 0);
	return wbuf_ok(w) ? 0 : -1;
}

static int
names_ok(const struct d6_bytes *b)
{
	struct d6_names	 w;
	char		 name[256];
	int		 r;

	d6_names_init(&w, b);
	while ((r = d6_names_next(&w, name, sizeof(name))) == 1)
		;
	return r == 0;
}

/* ---- decoding ---------------------------------------------------- */

static void
status_read(struct rbuf *r, struct d6_status *st)
{
	size_t	 n;

	st->present = 1;
	rbuf_u16(r, &st->code);
	st->msg.p = rbuf_rest(r, &n);
	st->msg.len = n;
	rbuf_skip(r, n);
}

/* An address list: a non-empty multiple of 16, duplicates dropped. */
static enum d6_err
addrs_read(struct rbuf *r, size_t len, struct d6_addrs *a, struct d6_msg *m)
{
	struct in6_addr	 x;
	int		 i;

	if (len == 0 || len % 16 != 0)
		return D6E_BADLEN;
	while (rbuf_left(r) >= 16) {
		rbuf_in6(r, &x);
		for (i = 0; i < a->n; i++)
			if (IN6_ARE_ADDR_EQUAL(&a->a[i], &x))
				break;
		if (i < a->n || a->n == D6_MAX_ADDRS) {
			m->ignored++;
			continue;
		}
		a->a[a->n++] = x;
	}
	return D6E_OK;
}

/* A prefix with the bits past its length cleared (RFC 8415 21.22). */
static void
mask_prefix(struct in6_addr *a, unsigned plen)
{
	unsigned	 i;

	for (i = plen; i < 128; i++)
		a->s6_addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
}

/* The options of an IA Address or IA Prefix: a Status Code only. */
static enum d6_err
lease_opts(struct rbuf *r, struct d6_lease *l)
{
	struct rbuf	 o;
	uint16_t	 code, len;

	while (rbuf_left(r) > 0) {
		if (rbuf_u16(r, &code) == -1 || rbuf_u16(r, &len) == -1 ||
		    rbuf_sub(r, len, &o) == -1)
			return D6E_OPTLEN;
		if (code == D6O_STATUS_CODE) {
			if (len < 2)
				return D6E_BADLEN;
			if (!l->status.present)
				status_read(&o, &l->status);
		} else if (code == D6O_IAADDR || code == D6O_IAPREFIX ||
		    code == D6O_IA_NA || code == D6O_IA_TA ||
		    code == D6O_IA_PD || code == D6O_RELAY_MSG)
			return D6E_PLACE;
	}
	return D6E_OK;
}

static enum d6_err
ia_opts(struct rbuf *r, struct d6_ia *ia, struct d6_msg *m)
{
	struct rbuf	 o;
	struct d6_lease	 l;
	uint16_t	 code, len;
	uint8_t		 plen;
	enum d6_err	 e;
	int		 i;

	while (rbuf_left(r) > 0) {
		if (rbuf_u16(r, &code) == -1 || rbuf_u16(r, &len) == -1 ||
		    rbuf_sub(r, len, &o) == -1)
			return D6E_OPTLEN;
		switch (code) {
		case D6O_IAADDR:
		case D6O_IAPREFIX:
			if ((code == D6O_IAADDR) != (ia->type != D6O_IA_PD))
				return D6E_PLACE;
			memset(&l, 0, sizeof(l));
			if (code == D6O_IAADDR) {
				if (len < 24)
					return D6E_BADLEN;
				rbuf_in6(&o, &l.addr);
				rbuf_u32(&o, &l.preferred);
				rbuf_u32(&o, &l.valid);
				l.plen = 128;
			} else {
				if (len < 25)
					return D6E_BADLEN;
				rbuf_u32(&o, &l.preferred);
				rbuf_u32(&o, &l.valid);
				rbuf_u8(&o, &plen);
				rbuf_in6(&o, &l.addr);
				if (plen > 128)
					return D6E_PLEN;
				l.plen = plen;
				mask_prefix(&l.addr, plen);
			}
			if ((e = lease_opts(&o, &l)) != D6E_OK)
				return e;
			for (i = 0; i < ia->nleases; i++)
				if (ia->leases[i].plen == l.plen &&
				    IN6_ARE_ADDR_EQUAL(&ia->leases[i].addr,
				    &l.addr))
					break;
			if (i < ia->nleases || ia->nleases == D6_MAX_IA_ITEMS) {
				m->ignored++;
				break;
			}
			ia->leases[ia->nleases++] = l;
			break;
		case D6O_STATUS_CODE:
			if (len < 2)
				return D6E_BADLEN;
			if (ia->status.present)
				m->ignored++;
			else
				status_read(&o, &ia->status);
			break;
		case D6O_IA_NA:
		case D6O_IA_TA:
		case D6O_IA_PD:
		case D6O_RELAY_MSG:
			return D6E_PLACE;
		default:
			m->unknown++;
			break;
		}
	}
	return D6E_OK;
}

static enum d6_err
ia_read(struct rbuf *o, uint16_t code, uint16_t len, struct d6_msg *m)
{
	struct d6_ia	*ia;
	uint32_t	 iaid;
	int		 i;

	if (len < (code == D6O_IA_TA ? 4 : 12))
		return D6E_BADLEN;
	rbuf_u32(o, &iaid);
	for (i = 0; i < m->nia; i++)
		if (m->ia[i].type == code && m->ia[i].iaid == iaid)
			break;
	if (i < m->nia) {
		/* the same IA twice: the first one counts */
		m->ignored++;
		return D6E_OK;
	}
	if (m->nia == D6_MAX_IA)
		return D6E_TOOMANY;
	ia = &m->ia[m->nia];
	memset(ia, 0, sizeof(*ia));
	ia->type = code;
	ia->iaid = iaid;
	if (code != D6O_IA_TA) {
		rbuf_u32(o, &ia->t1);
		rbuf_u32(o, &ia->t2);
	}
	m->nia++;
	return ia_opts(o, ia, m);
}

static int
is_relay(uint8_t type)
{
	return type == D6_RELAY_FORW || type == D6_RELAY_REPL;
}

/* A u8/u16/u32 option of exactly that size, first one kept. */
static enum d6_err
fixed(struct rbuf *o, uint16_t len, uint16_t want, int64_t *v,
    struct d6_msg *m)
{
	uint8_t		 b;
	uint16_t	 h;
	uint32_t	 w;

	if (len != want)
		return D6E_BADLEN;
	if (*v != -1) {
		m->ignored++;
		return D6E_OK;
	}
	switch (want) {
	case 1:
		rbuf_u8(o, &b);
		*v = b;
		break;
	case 2:
		rbuf_u16(o, &h);
		*v = h;
		break;
	default:
		rbuf_u32(o, &w);
		*v = w;
		break;
	}
	return D6E_OK;
}

static enum d6_err
bytes_once(struct rbuf *o, uint16_t len, struct d6_bytes *b, size_t min,
    int dup_is_error, struct d6_msg *m)
{
	if (len < min)
		return min == 1 ? D6E_EMPTYID : D6E_BADLEN;
	if (b->p != NULL) {
		if (dup_is_error)
			return D6E_DUPLICATE;
		m->ignored++;
		return D6E_OK;
	}
	b->p = rbuf_take(o, len);
	b->len = len;
	/* a zero-length option has no data: point at something */
	if (b->p == NULL)
		b->p = (const uint8_t *)"";
	return D6E_OK;
}

static enum d6_err
option(struct rbuf *o, uint16_t code, uint16_t len, struct d6_msg *m)
{
	int64_t		 v;
	uint16_t	 c;
	int		 i;
	enum d6_err	 e;

	switch (code) {
	case D6O_CLIENTID:
		if (len > D6_DUID_MAX)
			return D6E_BADLEN;
		return bytes_once(o, len, &m->clientid, 1, 1, m);
	case D6O_SERVERID:
		if (len > D6_DUID_MAX)
			return D6E_BADLEN;
		return bytes_once(o, len, &m->serverid, 1, 1, m);
	case D6O_IA_NA:
	case D6O_IA_TA:
	case D6O_IA_PD:
		return ia_read(o, code, len, m);
	case D6O_IAADDR:
	case D6O_IAPREFIX:
		return D6E_PLACE;
	case D6O_ORO:
		if (len == 0 || len % 2 != 0)
			return D6E_BADLEN;
		while (rbuf_left(o) >= 2) {
			rbuf_u16(o, &c);
			for (i = 0; i < m->noro; i++)
				if (m->oro[i] == c)
					break;
			if (i < m->noro || m->noro == D6_MAX_ORO)
				m->ignored++;
			else
				m->oro[m->noro++] = c;
		}
		return D6E_OK;
	case D6O_PREFERENCE:
		v = m->preference;
		e = fixed(o, len, 1, &v, m);
		m->preference = (int)v;
		return e;
	case D6O_ELAPSED_TIME:
		v = m->elapsed;
		e = fixed(o, len, 2, &v, m);
		m->elapsed = (int)v;
		return e;
	case D6O_INFO_REFRESH:
		return fixed(o, len, 4, &m->refresh, m);
	case D6O_SOL_MAX_RT:
		return fixed(o, len, 4, &m->sol_max_rt, m);
	case D6O_INF_MAX_RT:
		return fixed(o, len, 4, &m->inf_max_rt, m);
	case D6O_RELAY_MSG:
		if (!is_relay(m->type))
			return D6E_PLACE;
		return bytes_once(o, len, &m->relay_msg, 0, 1, m);
	case D6O_INTERFACE_ID:
		return bytes_once(o, len, &m->interface_id, 0, 0, m);
	case D6O_AUTH:
		if (m->auth.p != NULL)
			return D6E_MULTIAUTH;
		return bytes_once(o, len, &m->auth, 11, 1, m);
	case D6O_UNICAST:
		if (len != 16)
			return D6E_BADLEN;
		if (m->has_unicast) {
			m->ignored++;
			return D6E_OK;
		}
		m->has_unicast = 1;
		rbuf_in6(o, &m->unicast);
		return D6E_OK;
	case D6O_STATUS_CODE:
		if (len < 2)
			return D6E_BADLEN;
		if (m->status.present)
			m->ignored++;
		else
			status_read(o, &m->status);
		return D6E_OK;
	case D6O_RAPID_COMMIT:
		if (len != 0)
			return D6E_BADLEN;
		m->rapid_commit = 1;
		return D6E_OK;
	case D6O_RECONF_ACCEPT:
		if (len != 0)
			return D6E_BADLEN;
		m->reconf_accept = 1;
		return D6E_OK;
	case D6O_RECONF_MSG:
		v = m->reconf_msg != 0 ? m->reconf_msg : -1;
		if ((e = fixed(o, len, 1, &v, m)) != D6E_OK)
			return e;
		if (v != D6_RENEW && v != D6_REBIND && v != D6_INFO_REQUEST)
			return D6E_BADLEN;
		m->reconf_msg = (int)v;
		return D6E_OK;
	case D6O_DNS_SERVERS:
		return addrs_read(o, len, &m->dns, m);
	case D6O_SIP_SERVER_A:
		return addrs_read(o, len, &m->sip_addrs, m);
	case D6O_SNTP_SERVERS:
		return addrs_read(o, len, &m->sntp, m);
	case D6O_NIS_SERVERS:
		return addrs_read(o, len, &m->nis, m);
	case D6O_NISP_SERVERS:
		return addrs_read(o, len, &m->nisp, m);
	case D6O_DOMAIN_LIST:
	case D6O_SIP_SERVER_D:
	case D6O_NIS_DOMAIN:
	case D6O_NISP_DOMAIN: {
		struct d6_bytes *b = code == D6O_DOMAIN_LIST ? &m->domains :
		    code == D6O_SIP_SERVER_D ? &m->sip_domains :
		    code == D6O_NIS_DOMAIN ? &m->nis_domain : &m->nisp_domain;

		if (b->p != NULL) {
			m->ignored++;
			return D6E_OK;
		}
		if ((e = bytes_once(o, len, b, 0, 0, m)) != D6E_OK)
			return e;
		return names_ok(b) ? D6E_OK : D6E_NAME;
	}
	case D6O_USER_CLASS:
		return bytes_once(o, len, &m->user_class, 0, 0, m);
	case D6O_VENDOR_CLASS:
		return bytes_once(o, len, &m->vendor_class, 4, 0, m);
	case D6O_VENDOR_OPTS:
		return bytes_once(o, len, &m->vendor_opts, 4, 0, m);
	default:
		m->unknown++;
		return D6E_OK;
	}
}

enum d6_err
d6_decode(const uint8_t *buf, size_t len, struct d6_msg *m)
{
	struct rbuf	 r, o;
	uint16_t	 code, olen;
	uint8_t		 type;
	enum d6_err	 e;

	/*
	 * The IA array is most of the struct (and a relay chain decodes one
	 * struct per layer): it is cleared an IA at a time by ia_read().
	 */
	memset(m, 0, offsetof(struct d6_msg, ia));
	m->preference = -1;
	m->elapsed = -1;
	m->refresh = m->sol_max_rt = m->inf_max_rt = -1;
	m->raw = buf;
	m->rawlen = len;
	rbuf_init(&r, buf, len);
	if (rbuf_u8(&r, &type) == -1)
		return D6E_SHORT;
	m->type = type;
	if (is_relay(type)) {
		rbuf_u8(&r, &m->hops);
		rbuf_in6(&r, &m->link_addr);
		rbuf_in6(&r, &m->peer_addr);
	} else
		rbuf_u24(&r, &m->xid);
	if (!rbuf_ok(&r))
		return D6E_SHORT;
	while (rbuf_left(&r) > 0) {
		if (rbuf_u16(&r, &code) == -1 || rbuf_u16(&r, &olen) == -1 ||
		    rbuf_sub(&r, olen, &o) == -1)
			return D6E_OPTLEN;
		if ((e = option(&o, code, olen, m)) != D6E_OK)
			return e;
	}
	if (is_relay(type) && m->relay_msg.p == NULL)
		return D6E_NORELAYMSG;
	return D6E_OK;
}

enum d6_err
d6_decode_relayed(const uint8_t *buf, size_t len, struct d6_msg *layers,
    int max, int *n)
{
	enum d6_err	 e;
	int		 i;

	*n = 0;
	for (i = 0; i < max; i++) {
		if ((e = d6_decode(buf, len, &layers[i])) != D6E_OK) {
			*n = i + 1;
			return e;
		}
		*n = i + 1;
		if (!is_relay(layers[i].type))
			return D6E_OK;
		/* the layers inside are all of the same direction */
		if (i > 0 && layers[i].type != layers[0].type)
			return D6E_TYPE;
		buf = layers[i].relay_msg.p;
		len = layers[i].relay_msg.len;
	}
	return D6E_DEPTH;
}

int
d6_oro_has(const struct d6_msg *m, uint16_t code)
{
	int	 i;

	for (i = 0; i < m->noro; i++)
		if (m->oro[i] == code)
			return 1;
	return 0;
}

const struct d6_ia *
d6_find_ia(const struct d6_msg *m, uint16_t type, uint32_t iaid)
{
	int	 i;

	for (i = 0; i < m->nia; i++)
		if (m->ia[i].type == type && m->ia[i].iaid == iaid)
			return &m->ia[i];
	return NULL;
}

/* ---- encoding ---------------------------------------------------- */

int
d6_put_header(struct wbuf *w, uint8_t type, uint32_t xid)
{
	wbuf_u8(w, type);
	return wbuf_u24(w, xid & 0xffffff);
}

int
d6_put_relay_header(struct wbuf *w, uint8_t type, uint8_t hops,
    const struct in6_addr *link, const struct in6_addr *peer)
{
	wbuf_u8(w, type);
	wbuf_u8(w, hops);
	wbuf_in6(w, link);
	return wbuf_in6(w, peer);
}

size_t
d6_relay_reply(uint8_t *out, size_t cap, uint8_t hops,
    const struct in6_addr *link, const struct in6_addr *peer,
    const uint8_t *ifid, size_t ifidlen, const uint8_t *msg, size_t len)
{
	struct wbuf	 w;

	wbuf_init(&w, out, cap);
	d6_put_relay_header(&w, D6_RELAY_REPL, hops, link, peer);
	if (ifid != NULL)
		d6_put_opt(&w, D6O_INTERFACE_ID, ifid, ifidlen);
	d6_put_opt(&w, D6O_RELAY_MSG, msg, len);
	return wbuf_ok(&w) ? wbuf_len(&w) : 0;
}

int
d6_put_opt(struct wbuf *w, uint16_t code, const void *data, size_t len)
{
	if (len > 0xffff)
		return -1;
	wbuf_u16(w, code);
	wbuf_u16(w, (uint16_t)len);
	return wbuf_bytes(w, data, len);
}

int
d6_put_opt_u8(struct wbuf *w, uint16_t code, uint8_t v)
{
	return d6_put_opt(w, code, &v, 1);
}

int
d6_put_opt_u16(struct wbuf *w, uint16_t code, uint16_t v)
{
	wbuf_u16(w, code);
	wbuf_u16(w, 2);
	return wbuf_u16(w, v);
}

int
d6_put_opt_u32(struct wbuf *w, uint16_t code, uint32_t v)
{
	wbuf_u16(w, code);
	wbuf_u16(w, 4);
	return wbuf_u32(w, v);
}

int
d6_put_opt_addrs(struct wbuf *w, uint16_t code, const struct in6_addr *a,
    int n)
{
	int	 i;

	if (n <= 0 || n > 4095)
		return -1;
	wbuf_u16(w, code);
	wbuf_u16(w, (uint16_t)(16 * n));
	for (i = 0; i < n; i++)
		wbuf_in6(w, &a[i]);
	return wbuf_ok(w) ? 0 : -1;
}

int
d6_opt_begin(struct wbuf *w, uint16_t code, size_t *mark)
{
	wbuf_u16(w, code);
	return wbuf_len16_begin(w, mark);
}

int
d6_opt_end(struct wbuf *w, size_t mark)
{
	return wbuf_len16_end(w, mark);
}

int
d6_put_status(struct wbuf *w, uint16_t code, const char *msg)
{
	size_t	 l = msg != NULL ? strlen(msg) : 0;

	if (l > 0xffff - 2)
		return -1;
	wbuf_u16(w, D6O_STATUS_CODE);
	wbuf_u16(w, (uint16_t)(2 + l));
	wbuf_u16(w, code);
	return wbuf_bytes(w, msg != NULL ? msg : "", l);
}

int
d6_ia_begin(struct wbuf *w, uint16_t type, uint32_t iaid, uint32_t t1,
    uint32_t t2, size_t *mark)
{
	d6_opt_begin(w, type, mark);
	wbuf_u32(w, iaid);
	if (type != D6O_IA_TA) {
		wbuf_u32(w, t1);
		wbuf_u32(w, t2);
	}
	return wbuf_ok(w) ? 0 : -1;
}

int
d6_put_lease(struct wbuf *w, uint16_t ia_type, const struct d6_lease *l)
{
	size_t	 mark;

	if (ia_type == D6O_IA_PD) {
		d6_opt_begin(w, D6O_IAPREFIX, &mark);
		wbuf_u32(w, l->preferred);
		wbuf_u32(w, l->valid);
		wbuf_u8(w, l->plen);
		wbuf_in6(w, &l->addr);
	} else {
		d6_opt_begin(w, D6O_IAADDR, &mark);
		wbuf_in6(w, &l->addr);
		wbuf_u32(w, l->preferred);
		wbuf_u32(w, l->valid);
	}
	if (l->status.present) {
		wbuf_u16(w, D6O_STATUS_CODE);
		wbuf_u16(w, (uint16_t)(2 + l->status.msg.len));
		wbuf_u16(w, l->status.code);
		wbuf_bytes(w, l->status.msg.p, l->status.msg.len);
	}
	return d6_opt_end(w, mark);
}
