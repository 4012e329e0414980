/*
 * Unit tests for the DHCPv6 codec (dhcp6/lib): round trips of client,
 * server and relay messages with every option we build, the rejection
 * of each malformed form with its reason (length overruns at every
 * level, fixed-size options of the wrong size, empty identifiers,
 * forbidden duplicates, options out of place, bad prefix lengths and
 * names, too many IAs, relay nesting), duplicates that are ignored,
 * domain names both ways, and DUIDs (layout, text, the WIDE file).
 */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dhcp6.h"
#include "t6check.h"

static uint8_t		 mem[4096];
static struct wbuf	 w;
static struct d6_msg	 m;

static const uint8_t	 duid1[] = { 0, 1, 0, 1, 0x09, 0x5f, 0x93, 0x76,
			    0x00, 0x03, 0x47, 0xa5, 0x30, 0x85 };

static struct in6_addr
A(const char *s)
{
	struct in6_addr	 a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static void
start(uint8_t type, uint32_t xid)
{
	wbuf_init(&w, mem, sizeof(mem));
	d6_put_header(&w, type, xid);
}

static enum d6_err
decode(void)
{
	ck_assert(wbuf_ok(&w));
	return d6_decode(wbuf_data(&w), wbuf_len(&w), &m);
}

/* An option by hand: code, length as given (may lie), then data. */
static void
raw_opt(uint16_t code, uint16_t len, const void *data, size_t n)
{
	wbuf_u16(&w, code);
	wbuf_u16(&w, len);
	wbuf_bytes(&w, data, n);
}

/* ---------------------------------------------------------- round trips */

START_TEST(solicit_round_trip)
{
	struct d6_lease	 l;
	size_t		 ia;
	uint16_t	 oro[] = { htons(D6O_DNS_SERVERS),
			    htons(D6O_DOMAIN_LIST), htons(D6O_DNS_SERVERS) };

	start(D6_SOLICIT, 0xabcdef);
	d6_put_opt(&w, D6O_CLIENTID, duid1, sizeof(duid1));
	d6_put_opt(&w, D6O_ORO, oro, sizeof(oro));
	d6_put_opt_u16(&w, D6O_ELAPSED_TIME, 250);
	d6_put_opt(&w, D6O_RAPID_COMMIT, NULL, 0);
	d6_ia_begin(&w, D6O_IA_NA, 7, 0, 0, &ia);
	memset(&l, 0, sizeof(l));
	l.addr = A("2001:db8::10");
	l.plen = 128;
	d6_put_lease(&w, D6O_IA_NA, &l);
	d6_opt_end(&w, ia);
	d6_ia_begin(&w, D6O_IA_PD, 9, 1800, 2880, &ia);
	l.addr = A("2001:db8:ff00::");
	l.plen = 56;
	l.preferred = 3600;
	l.valid = 7200;
	d6_put_lease(&w, D6O_IA_PD, &l);
	d6_opt_end(&w, ia);
	ck_assert_int_eq(decode(), D6E_OK);
	ck_assert_uint_eq(m.type, D6_SOLICIT);
	ck_assert_uint_eq(m.xid, 0xabcdef);
	ck_assert_uint_eq(m.clientid.len, sizeof(duid1));
	ck_assert(memcmp(m.clientid.p, duid1, sizeof(duid1)) == 0);
	ck_assert_ptr_null(m.serverid.p);
	ck_assert_int_eq(m.noro, 2);		/* the repeat is ignored */
	ck_assert(d6_oro_has(&m, D6O_DOMAIN_LIST));
	ck_assert(!d6_oro_has(&m, D6O_SNTP_SERVERS));
	ck_assert_int_eq(m.ignored, 1);
	ck_assert_int_eq(m.elapsed, 250);
	ck_assert_int_eq(m.preference, -1);
	ck_assert_int_eq(m.rapid_commit, 1);
	ck_assert_int_eq(m.nia, 2);
	ck_assert_uint_eq(m.ia[0].type, D6O_IA_NA);
	ck_assert_uint_eq(m.ia[0].iaid, 7);
	ck_assert_int_eq(m.ia[0].nleases, 1);
	ck_assert_uint_eq(m.ia[0].leases[0].plen, 128);
	{
		struct in6_addr	 want = A("2001:db8::10");

		ck_assert(IN6_ARE_ADDR_EQUAL(&m.ia[0].leases[0].addr, &want));
	}
	ck_assert_ptr_eq(d6_find_ia(&m, D6O_IA_PD, 9), &m.ia[1]);
	ck_assert_ptr_null(d6_find_ia(&m, D6O_IA_NA, 9));
	ck_assert_uint_eq(m.ia[1].t1, 1800);
	ck_assert_uint_eq(m.ia[1].t2, 2880);
	ck_assert_uint_eq(m.ia[1].leases[0].plen, 56);
	ck_assert_uint_eq(m.ia[1].leases[0].preferred, 3600);
	ck_assert_uint_eq(m.ia[1].leases[0].valid, 7200);
	ck_assert_str_eq(d6_msg_name(m.type), "solicit");
}
END_TEST

START_TEST(reply_round_trip)
{
	struct in6_addr	 dns[3];
	struct d6_lease	 l;
	struct d6_names	 nw;
	char		 name[256];
	size_t		 ia, mark;

	dns[0] = A("2001:db8::53");
	dns[1] = A("2001:db8::54");
	dns[2] = A("2001:db8::53");
	start(D6_REPLY, 1);
	d6_put_opt(&w, D6O_SERVERID, duid1, sizeof(duid1));
	d6_put_opt(&w, D6O_CLIENTID, duid1, 10);
	d6_put_opt_u8(&w, D6O_PREFERENCE, 255);
	d6_put_status(&w, D6S_SUCCESS, "all fine");
	d6_put_opt_addrs(&w, D6O_DNS_SERVERS, dns, 3);
	d6_opt_begin(&w, D6O_DOMAIN_LIST, &mark);
	ck_assert_int_eq(d6_put_name(&w, "example.com"), 0);
	ck_assert_int_eq(d6_put_name(&w, "lab.example.org."), 0);
	d6_opt_end(&w, mark);
	d6_put_opt_u32(&w, D6O_INFO_REFRESH, 3600);
	d6_ia_begin(&w, D6O_IA_NA, 1, 900, 1440, &ia);
	memset(&l, 0, sizeof(l));
	l.addr = A("2001:db8::1:5");
	l.plen = 128;
	l.preferred = l.valid = D6_INFINITY;
	l.status.present = 1;
	l.status.code = D6S_SUCCESS;
	d6_put_lease(&w, D6O_IA_NA, &l);
	d6_put_status(&w, D6S_NOBINDING, NULL);
	d6_opt_end(&w, ia);
	ck_assert_int_eq(decode(), D6E_OK);
	ck_assert_uint_eq(m.serverid.len, sizeof(duid1));
	ck_assert_uint_eq(m.clientid.len, 10);
	ck_assert_int_eq(m.preference, 255);
	ck_assert(m.status.present);
	ck_assert_uint_eq(m.status.code, 0);
	ck_assert_uint_eq(m.status.msg.len, 8);
	ck_assert(memcmp(m.status.msg.p, "all fine", 8) == 0);
	ck_assert_int_eq(m.dns.n, 2);		/* the repeat is dropped */
	ck_assert_int_eq(m.refresh, 3600);
	ck_assert_uint_eq(m.ia[0].status.code, D6S_NOBINDING);
	ck_assert(m.ia[0].leases[0].status.present);
	ck_assert_uint_eq(m.ia[0].leases[0].valid, D6_INFINITY);
	d6_names_init(&nw, &m.domains);
	ck_assert_int_eq(d6_names_next(&nw, name, sizeof(name)), 1);
	ck_assert_str_eq(name, "example.com");
	ck_assert_int_eq(d6_names_next(&nw, name, sizeof(name)), 1);
	ck_assert_str_eq(name, "lab.example.org");
	ck_assert_int_eq(d6_names_next(&nw, name, sizeof(name)), 0);
}
END_TEST

/* Wire bytes by hand, so the codec is checked against the RFC layout. */
START_TEST(known_bytes)
{
	static const uint8_t pkt[] = {
		0x03, 0x10, 0x20, 0x30,			/* Request */
		0x00, 0x08, 0x00, 0x02, 0x00, 0x00,	/* elapsed 0 */
		0x00, 0x19, 0x00, 0x29,			/* IA_PD, 41 */
		0x00, 0x00, 0x00, 0x01,			/* IAID 1 */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x1a, 0x00, 0x19,			/* IAPREFIX, 25 */
		0x00, 0x00, 0x0e, 0x10, 0x00, 0x00, 0x1c, 0x20,
		0x30,					/* /48 */
		0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78,
		0x9a, 0xbc, 0xde, 0xf0, 0x00, 0x00, 0x00, 0x01,
	};
	struct d6_lease	 l;
	size_t		 ia;

	ck_assert_int_eq(d6_decode(pkt, sizeof(pkt), &m), D6E_OK);
	ck_assert_uint_eq(m.xid, 0x102030);
	ck_assert_int_eq(m.elapsed, 0);
	ck_assert_uint_eq(m.ia[0].leases[0].plen, 48);
	ck_assert_uint_eq(m.ia[0].leases[0].preferred, 3600);
	ck_assert_uint_eq(m.ia[0].leases[0].valid, 7200);
	/* the bits past the length are cleared (RFC 8415 21.22) */
	{
		struct in6_addr	 want = A("2001:db8:1234::");

		ck_assert(IN6_ARE_ADDR_EQUAL(&m.ia[0].leases[0].addr, &want));
	}
	/* and encoding gives the same bytes (but the masked prefix) */
	start(D6_REQUEST, 0x102030);
	d6_put_opt_u16(&w, D6O_ELAPSED_TIME, 0);
	d6_ia_begin(&w, D6O_IA_PD, 1, 0, 0, &ia);
	l = m.ia[0].leases[0];
	l.addr = A("2001:db8:1234:5678:9abc:def0::1");
	d6_put_lease(&w, D6O_IA_PD, &l);
	d6_opt_end(&w, ia);
	ck_assert_uint_eq(wbuf_len(&w), sizeof(pkt));
	ck_assert(memcmp(wbuf_data(&w), pkt, sizeof(pkt)) == 0);
}
END_TEST

/* --------------------------------------------------------- rejections */

START_TEST(short_messages)
{
	static const uint8_t three[] = { 1, 0, 0 };
	uint8_t		 relay[33];

	ck_assert_int_eq(d6_decode(three, 0, &m), D6E_SHORT);
	ck_assert_int_eq(d6_decode(three, 3, &m), D6E_SHORT);
	memset(relay, 0, sizeof(relay));
	relay[0] = D6_RELAY_FORW;
	ck_assert_int_eq(d6_decode(relay, sizeof(relay), &m), D6E_SHORT);
	ck_assert_str_eq(d6_err_name(D6E_SHORT), "short");
}
END_TEST

START_TEST(option_overruns)
{
	uint8_t		 z[32];

	memset(z, 0, sizeof(z));
	/* a header cut short */
	start(D6_SOLICIT, 1);
	wbuf_u16(&w, D6O_CLIENTID);
	wbuf_u8(&w, 0);
	ck_assert_int_eq(decode(), D6E_OPTLEN);
	/* data shorter than the length */
	start(D6_SOLICIT, 1);
	raw_opt(D6O_CLIENTID, 14, duid1, 13);
	ck_assert_int_eq(decode(), D6E_OPTLEN);
	/* an IA Address running past its IA */
	start(D6_SOLICIT, 1);
	wbuf_u16(&w, D6O_IA_NA);
	wbuf_u16(&w, 12 + 4 + 24);
	wbuf_zero(&w, 12);
	wbuf_u16(&w, D6O_IAADDR);
	wbuf_u16(&w, 25);			/* one more than there is */
	wbuf_zero(&w, 24);
	wbuf_zero(&w, 1);			/* in the message, not the IA */
	ck_assert_int_eq(decode(), D6E_OPTLEN);
	/* a Status Code running past its IA Address */
	start(D6_REPLY, 1);
	wbuf_u16(&w, D6O_IA_NA);
	wbuf_u16(&w, 12 + 4 + 24 + 4 + 2);
	wbuf_zero(&w, 12);
	wbuf_u16(&w, D6O_IAADDR);
	wbuf_u16(&w, 24 + 4 + 2);
	wbuf_zero(&w, 24);
	wbuf_u16(&w, D6O_STATUS_CODE);
	wbuf_u16(&w, 3);
	wbuf_u16(&w, 0);
	ck_assert_int_eq(decode(), D6E_OPTLEN);
}
END_TEST

struct fixed_case {
	uint16_t	 code;
	uint16_t	 len;
	enum d6_err	 want;
};

START_TEST(fixed_sizes)
{
	static const struct fixed_case c[] = {
		{ D6O_PREFERENCE, 0, D6E_BADLEN },
		{ D6O_PREFERENCE, 2, D6E_BADLEN },
		{ D6O_ELAPSED_TIME, 1, D6E_BADLEN },
		{ D6O_ELAPSED_TIME, 3, D6E_BADLEN },
		{ D6O_RAPID_COMMIT, 1, D6E_BADLEN },
		{ D6O_RECONF_ACCEPT, 1, D6E_BADLEN },
		{ D6O_RECONF_MSG, 2, D6E_BADLEN },
		{ D6O_INFO_REFRESH, 3, D6E_BADLEN },
		{ D6O_INFO_REFRESH, 5, D6E_BADLEN },
		{ D6O_SOL_MAX_RT, 2, D6E_BADLEN },
		{ D6O_UNICAST, 15, D6E_BADLEN },
		{ D6O_STATUS_CODE, 1, D6E_BADLEN },
		{ D6O_AUTH, 10, D6E_BADLEN },
		{ D6O_ORO, 0, D6E_BADLEN },
		{ D6O_ORO, 3, D6E_BADLEN },
		{ D6O_DNS_SERVERS, 0, D6E_BADLEN },
		{ D6O_DNS_SERVERS, 17, D6E_BADLEN },
		{ D6O_SNTP_SERVERS, 8, D6E_BADLEN },
		{ D6O_SIP_SERVER_A, 15, D6E_BADLEN },
		{ D6O_IA_NA, 11, D6E_BADLEN },
		{ D6O_IA_PD, 4, D6E_BADLEN },
		{ D6O_IA_TA, 3, D6E_BADLEN },
		{ D6O_VENDOR_CLASS, 3, D6E_BADLEN },
		{ D6O_CLIENTID, 0, D6E_EMPTYID },
		{ D6O_SERVERID, 0, D6E_EMPTYID },
		{ D6O_CLIENTID, 131, D6E_BADLEN },
		{ D6O_IAADDR, 24, D6E_PLACE },
		{ D6O_IAPREFIX, 25, D6E_PLACE },
		{ D6O_RELAY_MSG, 4, D6E_PLACE },	/* not in a relay */
	};
	uint8_t		 z[256];
	size_t		 i;

	memset(z, 0, sizeof(z));
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		start(D6_REPLY, 1);
		raw_opt(c[i].code, c[i].len, z, c[i].len);
		ck_assert_msg(decode() == c[i].want,
		    "option %u len %u: %s, wanted %s", c[i].code, c[i].len,
		    d6_err_name(d6_decode(wbuf_data(&w), wbuf_len(&w), &m)),
		    d6_err_name(c[i].want));
	}
	/* the reconfigure message names Renew, Rebind or Inf.-request */
	start(D6_RECONFIGURE, 1);
	d6_put_opt_u8(&w, D6O_RECONF_MSG, D6_SOLICIT);
	ck_assert_int_eq(decode(), D6E_BADLEN);
	start(D6_RECONFIGURE, 1);
	d6_put_opt_u8(&w, D6O_RECONF_MSG, D6_RENEW);
	ck_assert_int_eq(decode(), D6E_OK);
	ck_assert_int_eq(m.reconf_msg, D6_RENEW);
}
END_TEST

START_TEST(duplicates)
{
	uint8_t		 auth[11];
	struct d6_lease	 l;
	size_t		 ia;

	/* identifiers: ambiguous, refused */
	start(D6_REQUEST, 1);
	d6_put_opt(&w, D6O_CLIENTID, duid1, sizeof(duid1));
	d6_put_opt(&w, D6O_CLIENTID, duid1, sizeof(duid1));
	ck_assert_int_eq(decode(), D6E_DUPLICATE);
	start(D6_REQUEST, 1);
	d6_put_opt(&w, D6O_SERVERID, duid1, sizeof(duid1));
	d6_put_opt(&w, D6O_SERVERID, duid1, 4);
	ck_assert_int_eq(decode(), D6E_DUPLICATE);
	/* two Authentication options (RFC 8415 20) */
	memset(auth, 0, sizeof(auth));
	start(D6_REPLY, 1);
	d6_put_opt(&w, D6O_AUTH, auth, sizeof(auth));
	d6_put_opt(&w, D6O_AUTH, auth, sizeof(auth));
	ck_assert_int_eq(decode(), D6E_MULTIAUTH);
	/* the others: the first counts */
	start(D6_ADVERTISE, 1);
	d6_put_opt_u8(&w, D6O_PREFERENCE, 10);
	d6_put_opt_u8(&w, D6O_PREFERENCE, 200);
	d6_put_opt_u16(&w, D6O_ELAPSED_TIME, 5);
	d6_put_opt_u16(&w, D6O_ELAPSED_TIME, 6);
	d6_put_opt_u32(&w, D6O_INFO_REFRESH, 700);
	d6_put_opt_u32(&w, D6O_INFO_REFRESH, 800);
	d6_put_status(&w, D6S_UNSPECFAIL, "a");
	d6_put_status(&w, D6S_SUCCESS, "b");
	d6_ia_begin(&w, D6O_IA_NA, 3, 10, 20, &ia);
	memset(&l, 0, sizeof(l));
	l.addr = A("2001:db8::3");
	l.plen = 128;
	d6_put_lease(&w, D6O_IA_NA, &l);
	d6_put_lease(&w, D6O_IA_NA, &l);	/* the same address */
	d6_opt_end(&w, ia);
	d6_ia_begin(&w, D6O_IA_NA, 3, 30, 40, &ia);	/* the same IAID */
	d6_opt_end(&w, ia);
	d6_ia_begin(&w, D6O_IA_PD, 3, 0, 0, &ia);	/* another type */
	d6_opt_end(&w, ia);
	ck_assert_int_eq(decode(), D6E_OK);
	ck_assert_int_eq(m.preference, 10);
	ck_assert_int_eq(m.elapsed, 5);
	ck_assert_int_eq(m.refresh, 700);
	ck_assert_uint_eq(m.status.code, D6S_UNSPECFAIL);
	ck_assert_int_eq(m.nia, 2);
	ck_assert_uint_eq(m.ia[0].t1, 10);
	ck_assert_int_eq(m.ia[0].nleases, 1);
	ck_assert_int_eq(m.ignored, 6);
}
END_TEST

START_TEST(out_of_place)
{
	struct d6_lease	 l;
	size_t		 ia, in;

	memset(&l, 0, sizeof(l));
	/* an IA Prefix in an IA_NA, an IA Address in an IA_PD */
	start(D6_REPLY, 1);
	d6_ia_begin(&w, D6O_IA_NA, 1, 0, 0, &ia);
	l.plen = 64;
	d6_put_lease(&w, D6O_IA_PD, &l);
	d6_opt_end(&w, ia);
	ck_assert_int_eq(decode(), D6E_PLACE);
	start(D6_REPLY, 1);
	d6_ia_begin(&w, D6O_IA_PD, 1, 0, 0, &ia);
	d6_put_lease(&w, D6O_IA_NA, &l);
	d6_opt_end(&w, ia);
	ck_assert_int_eq(decode(), D6E_PLACE);
	/* an IA inside an IA, an IA Address inside an IA Address */
	start(D6_REPLY, 1);
	d6_ia_begin(&w, D6O_IA_NA, 1, 0, 0, &ia);
	d6_ia_begin(&w, D6O_IA_NA, 2, 0, 0, &in);
	d6_opt_end(&w, in);
	d6_opt_end(&w, ia);
	ck_assert_int_eq(decode(), D6E_PLACE);
	start(D6_REPLY, 1);
	d6_ia_begin(&w, D6O_IA_NA, 1, 0, 0, &ia);
	d6_opt_begin(&w, D6O_IAADDR, &in);
	wbuf_zero(&w, 24);
	raw_opt(D6O_IAADDR, 24, mem + 1000, 24);
	d6_opt_end(&w, in);
	d6_opt_end(&w, ia);
	ck_assert_int_eq(decode(), D6E_PLACE);
	/* a prefix length over 128 */
	start(D6_REPLY, 1);
	d6_ia_begin(&w, D6O_IA_PD, 1, 0, 0, &ia);
	l.plen = 129;
	d6_put_lease(&w, D6O_IA_PD, &l);
	d6_opt_end(&w, ia);
	ck_assert_int_eq(decode(), D6E_PLEN);
	/* an IA Address and IA Prefix too short */
	start(D6_REPLY, 1);
	d6_ia_begin(&w, D6O_IA_NA, 1, 0, 0, &ia);
	raw_opt(D6O_IAADDR, 23, mem + 1000, 23);
	d6_opt_end(&w, ia);
	ck_assert_int_eq(decode(), D6E_BADLEN);
	start(D6_REPLY, 1);
	d6_ia_begin(&w, D6O_IA_PD, 1, 0, 0, &ia);
	raw_opt(D6O_IAPREFIX, 24, mem + 1000, 24);
	d6_opt_end(&w, ia);
	ck_assert_int_eq(decode(), D6E_BADLEN);
}
END_TEST

START_TEST(too_many)
{
	struct d6_lease	 l;
	size_t		 ia;
	int		 i;

	/* IAs: all must be answered, so more than we keep is refused */
	start(D6_SOLICIT, 1);
	for (i = 0; i <= D6_MAX_IA; i++) {
		d6_ia_begin(&w, D6O_IA_NA, (uint32_t)i, 0, 0, &ia);
		d6_opt_end(&w, ia);
	}
	ck_assert_int_eq(decode(), D6E_TOOMANY);
	/* addresses in an IA (hints): the extras are ignored */
	start(D6_SOLICIT, 1);
	d6_ia_begin(&w, D6O_IA_NA, 1, 0, 0, &ia);
	memset(&l, 0, sizeof(l));
	l.plen = 128;
	for (i = 0; i < D6_MAX_IA_ITEMS + 3; i++) {
		l.addr.s6_addr[15] = (uint8_t)i;
		d6_put_lease(&w, D6O_IA_NA, &l);
	}
	d6_opt_end(&w, ia);
	ck_assert_int_eq(decode(), D6E_OK);
	ck_assert_int_eq(m.ia[0].nleases, D6_MAX_IA_ITEMS);
	ck_assert_int_eq(m.ignored, 3);
}
END_TEST

START_TEST(unknown_options_skipped)
{
	start(D6_REPLY, 1);
	raw_opt(999, 3, "abc", 3);
	raw_opt(D6O_VENDOR_OPTS, 6, "\0\0\0\x09xy", 6);
	d6_put_opt(&w, D6O_SERVERID, duid1, sizeof(duid1));
	ck_assert_int_eq(decode(), D6E_OK);
	ck_assert_int_eq(m.unknown, 1);
	ck_assert_uint_eq(m.vendor_opts.len, 6);
	ck_assert_uint_eq(m.serverid.len, sizeof(duid1));
}
END_TEST

/* ------------------------------------------------------------- names */

START_TEST(names)
{
	static const struct {
		const char	*wire;
		size_t		 len;
	} bad[] = {
		{ "\x03" "abc", 4 },			/* no root */
		{ "\x40" "a", 2 },			/* label of 64 */
		{ "\xc0\x0c", 2 },			/* compression */
		{ "\x03" "a b\x00", 5 },		/* a space */
		{ "\x03" "a.b\x00", 5 },		/* a dot in a label */
	};
	struct d6_bytes	 b;
	struct d6_names	 nw;
	char		 name[300], big[300];
	size_t		 i, mark;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		start(D6_REPLY, 1);
		raw_opt(D6O_DOMAIN_LIST, (uint16_t)bad[i].len, bad[i].wire,
		    bad[i].len);
		ck_assert_msg(decode() == D6E_NAME, "bad name %zu", i);
	}
	/* the root alone; an empty list */
	start(D6_REPLY, 1);
	raw_opt(D6O_DOMAIN_LIST, 1, "", 1);
	ck_assert_int_eq(decode(), D6E_OK);
	d6_names_init(&nw, &m.domains);
	ck_assert_int_eq(d6_names_next(&nw, name, sizeof(name)), 1);
	ck_assert_str_eq(name, ".");
	start(D6_REPLY, 1);
	raw_opt(D6O_DOMAIN_LIST, 0, "", 0);
	ck_assert_int_eq(decode(), D6E_OK);
	d6_names_init(&nw, &m.domains);
	ck_assert_int_eq(d6_names_next(&nw, name, sizeof(name)), 0);
	/* names we refuse to encode */
	wbuf_init(&w, mem, sizeof(mem));
	ck_assert_int_eq(d6_put_name(&w, ""), -1);
	ck_assert_int_eq(d6_put_name(&w, "a..b"), -1);
	ck_assert_int_eq(d6_put_name(&w, "a b"), -1);
	memset(big, 'a', 64);
	big[64] = '\0';
	ck_assert_int_eq(d6_put_name(&w, big), -1);	/* label of 64 */
	/* 255 octets at most on the wire: 4 labels of 63 is 257 */
	memset(big, 'b', 63);
	big[63] = '.';
	memset(big + 64, 'c', 63);
	big[127] = '.';
	memset(big + 128, 'd', 63);
	big[191] = '.';
	memset(big + 192, 'e', 63);
	big[255] = '\0';
	ck_assert_int_eq(d6_put_name(&w, big), -1);
	big[253] = '\0';				/* 61 in the last */
	wbuf_init(&w, mem, sizeof(mem));
	ck_assert_int_eq(d6_put_name(&w, big), 0);
	ck_assert_uint_eq(wbuf_len(&w), 255);
	b.p = wbuf_data(&w);
	b.len = wbuf_len(&w);
	d6_names_init(&nw, &b);
	ck_assert_int_eq(d6_names_next(&nw, name, sizeof(name)), 1);
	ck_assert_str_eq(name, big);
	/* too small an output buffer is an error, not a truncation */
	d6_names_init(&nw, &b);
	ck_assert_int_eq(d6_names_next(&nw, name, 100), -1);
	/* root */
	wbuf_init(&w, mem, sizeof(mem));
	d6_opt_begin(&w, D6O_DOMAIN_LIST, &mark);
	ck_assert_int_eq(d6_put_name(&w, "."), 0);
	d6_opt_end(&w, mark);
	ck_assert_uint_eq(wbuf_len(&w), 5);
}
END_TEST

/* ------------------------------------------------------------- relays */

/* Wrap the message in w into a Relay-forward, hops given. */
static void
wrap(uint8_t hops, const char *ifid)
{
	uint8_t		 inner[4096];
	size_t		 n = wbuf_len(&w);

	memcpy(inner, wbuf_data(&w), n);
	wbuf_init(&w, mem, sizeof(mem));
	d6_put_relay_header(&w, D6_RELAY_FORW, hops, &(struct in6_addr){
	    .s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = hops } },
	    &(struct in6_addr){ .s6_addr = { 0xfe, 0x80, [15] = 1 } });
	if (ifid != NULL)
		d6_put_opt(&w, D6O_INTERFACE_ID, ifid, strlen(ifid));
	d6_put_opt(&w, D6O_RELAY_MSG, inner, n);
}

START_TEST(relay_layers)
{
	struct d6_msg	 layers[D6_HOP_COUNT_LIMIT + 1];
	int		 n, i;

	start(D6_SOLICIT, 0x42);
	d6_put_opt(&w, D6O_CLIENTID, duid1, sizeof(duid1));
	wrap(0, "eth1");
	wrap(1, NULL);
	ck_assert_int_eq(d6_decode_relayed(wbuf_data(&w), wbuf_len(&w),
	    layers, D6_HOP_COUNT_LIMIT + 1, &n), D6E_OK);
	ck_assert_int_eq(n, 3);
	ck_assert_uint_eq(layers[0].type, D6_RELAY_FORW);
	ck_assert_uint_eq(layers[0].hops, 1);
	ck_assert_ptr_null(layers[0].interface_id.p);
	ck_assert_uint_eq(layers[1].hops, 0);
	ck_assert_uint_eq(layers[1].link_addr.s6_addr[0], 0x20);
	ck_assert_uint_eq(layers[1].peer_addr.s6_addr[0], 0xfe);
	ck_assert_uint_eq(layers[1].interface_id.len, 4);
	ck_assert(memcmp(layers[1].interface_id.p, "eth1", 4) == 0);
	ck_assert_uint_eq(layers[2].type, D6_SOLICIT);
	ck_assert_uint_eq(layers[2].xid, 0x42);
	/* no Relay Message */
	wbuf_init(&w, mem, sizeof(mem));
	d6_put_relay_header(&w, D6_RELAY_FORW, 0, &in6addr_any, &in6addr_any);
	ck_assert_int_eq(d6_decode_relayed(wbuf_data(&w), wbuf_len(&w),
	    layers, 4, &n), D6E_NORELAYMSG);
	/* an inner message too short */
	wbuf_init(&w, mem, sizeof(mem));
	d6_put_relay_header(&w, D6_RELAY_FORW, 0, &in6addr_any, &in6addr_any);
	d6_put_opt(&w, D6O_RELAY_MSG, "\x01\x00", 2);
	ck_assert_int_eq(d6_decode_relayed(wbuf_data(&w), wbuf_len(&w),
	    layers, 4, &n), D6E_SHORT);
	ck_assert_int_eq(n, 2);
	/* too deep: 33 relays */
	start(D6_SOLICIT, 1);
	for (i = 0; i <= D6_HOP_COUNT_LIMIT; i++)
		wrap((uint8_t)i, NULL);
	ck_assert_int_eq(d6_decode_relayed(wbuf_data(&w), wbuf_len(&w),
	    layers, D6_HOP_COUNT_LIMIT + 1, &n), D6E_DEPTH);
	/* a Relay-reply inside a Relay-forward */
	start(D6_REPLY, 1);
	{
		uint8_t	 inner[256];
		size_t	 k = wbuf_len(&w);

		memcpy(inner, wbuf_data(&w), k);
		wbuf_init(&w, mem, sizeof(mem));
		d6_put_relay_header(&w, D6_RELAY_REPL, 0, &in6addr_any,
		    &in6addr_any);
		d6_put_opt(&w, D6O_RELAY_MSG, inner, k);
	}
	wrap(1, NULL);
	ck_assert_int_eq(d6_decode_relayed(wbuf_data(&w), wbuf_len(&w),
	    layers, 4, &n), D6E_TYPE);
	/* two Relay Message options */
	wbuf_init(&w, mem, sizeof(mem));
	d6_put_relay_header(&w, D6_RELAY_FORW, 0, &in6addr_any, &in6addr_any);
	d6_put_opt(&w, D6O_RELAY_MSG, "\x01\x00\x00\x01", 4);
	d6_put_opt(&w, D6O_RELAY_MSG, "\x01\x00\x00\x02", 4);
	ck_assert_int_eq(decode(), D6E_DUPLICATE);
}
END_TEST

/* -------------------------------------------------------------- DUIDs */

START_TEST(duid_forms)
{
	static const uint8_t mac[] = { 0x00, 0x03, 0x47, 0xa5, 0x30, 0x85 };
	struct d6_duid	 d, e;
	char		 s[D6_DUID_MAX * 3];

	/* the book's example: time 0x095f9376 after 2000-01-01 */
	ck_assert_int_eq(d6_duid_llt(&d, 1, mac, sizeof(mac),
	    946684800 + 0x095f9376), 0);
	ck_assert_uint_eq(d.len, 14);
	ck_assert(memcmp(d.data, duid1, 14) == 0);
	ck_assert_str_eq(d6_duid_str(d.data, d.len, s, sizeof(s)),
	    "00:01:00:01:09:5f:93:76:00:03:47:a5:30:85");
	ck_assert_int_eq(d6_duid_parse(&e, s), 0);
	ck_assert(d6_duid_eq(&e, d.data, d.len));
	ck_assert(!d6_duid_eq(&e, d.data, d.len - 1));
	/* the book's DUID-EN, upper case, one-digit bytes accepted */
	ck_assert_int_eq(d6_duid_parse(&e, "02:00:09:0C:C0:84:D3:03:00:09:12"),
	    0);
	ck_assert_uint_eq(e.len, 11);
	ck_assert_uint_eq(e.data[3], 0x0c);
	ck_assert_int_eq(d6_duid_parse(&e, "0:3:0:1:a"), 0);
	ck_assert_uint_eq(e.len, 5);
	ck_assert_int_eq(d6_duid_parse(&e, ""), -1);
	ck_assert_int_eq(d6_duid_parse(&e, "00:01:"), -1);
	ck_assert_int_eq(d6_duid_parse(&e, "00::01"), -1);
	ck_assert_int_eq(d6_duid_parse(&e, "001:02"), -1);
	ck_assert_int_eq(d6_duid_parse(&e, "0g"), -1);
	ck_assert_int_eq(d6_duid_ll(&d, 1, mac, sizeof(mac)), 0);
	ck_assert_uint_eq(d.len, 10);
	ck_assert_uint_eq(d.data[1], D6_DUID_LL);
	ck_assert_int_eq(d6_duid_set(&d, mac, 0), -1);
	/* a short output buffer cuts at a byte boundary */
	ck_assert_str_eq(d6_duid_str(duid1, 14, s, 9), "00:01:00");
}
END_TEST

START_TEST(duid_file)
{
	char		 dir[] = "/tmp/t6duid.XXXXXX", path[128], cmd[160];
	struct d6_duid	 d, e;
	uint8_t		 raw[20];
	uint16_t	 len;
	int		 fd;
	struct stat	 st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/dhcp6c_duid", dir);
	errno = 0;
	ck_assert_int_eq(d6_duid_read(path, &d), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(d6_duid_set(&d, duid1, sizeof(duid1)), 0);
	ck_assert_int_eq(d6_duid_write(path, &d), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 16);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	ck_assert_int_eq(d6_duid_read(path, &e), 0);
	ck_assert(d6_duid_eq(&e, duid1, sizeof(duid1)));
	/* WIDE's layout: length in host order, then the bytes */
	fd = open(path, O_RDONLY);
	ck_assert_int_eq(read(fd, raw, sizeof(raw)), 16);
	close(fd);
	memcpy(&len, raw, 2);
	ck_assert_uint_eq(len, 14);
	ck_assert(memcmp(raw + 2, duid1, 14) == 0);
	/* corrupted: length past the data, a byte too many, too short */
	len = 15;
	memcpy(raw, &len, 2);
	fd = open(path, O_WRONLY | O_TRUNC);
	ck_assert_int_eq(write(fd, raw, 16), 16);
	close(fd);
	errno = 0;
	ck_assert_int_eq(d6_duid_read(path, &e), -1);
	ck_assert_int_eq(errno, EINVAL);
	len = 13;
	memcpy(raw, &len, 2);
	fd = open(path, O_WRONLY | O_TRUNC);
	ck_assert_int_eq(write(fd, raw, 16), 16);
	close(fd);
	ck_assert_int_eq(d6_duid_read(path, &e), -1);
	ck_assert_int_eq(errno, EINVAL);
	fd = open(path, O_WRONLY | O_TRUNC);
	ck_assert_int_eq(write(fd, raw, 1), 1);
	close(fd);
	ck_assert_int_eq(d6_duid_read(path, &e), -1);
	ck_assert_int_eq(errno, EINVAL);
	/* rewriting replaces it whole, no temporary left behind */
	ck_assert_int_eq(d6_duid_write(path, &d), 0);
	ck_assert_int_eq(d6_duid_read(path, &e), 0);
	snprintf(cmd, sizeof(cmd), "%s.tmp", path);
	ck_assert_int_eq(access(cmd, F_OK), -1);
	/* a directory we cannot write into */
	snprintf(cmd, sizeof(cmd), "%s/none/duid", dir);
	ck_assert_int_eq(d6_duid_write(cmd, &d), -1);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *
dhcp6_msg_suite(void)
{
	Suite	*s = suite_create("dhcp6_msg");
	TCase	*tc;

	tc = tcase_create("codec");
	tcase_add_test(tc, solicit_round_trip);
	tcase_add_test(tc, reply_round_trip);
	tcase_add_test(tc, known_bytes);
	tcase_add_test(tc, short_messages);
	tcase_add_test(tc, option_overruns);
	tcase_add_test(tc, fixed_sizes);
	tcase_add_test(tc, duplicates);
	tcase_add_test(tc, out_of_place);
	tcase_add_test(tc, too_many);
	tcase_add_test(tc, unknown_options_skipped);
	tcase_add_test(tc, names);
	tcase_add_test(tc, relay_layers);
	suite_add_tcase(s, tc);

	tc = tcase_create("duid");
	tcase_add_test(tc, duid_forms);
	tcase_add_test(tc, duid_file);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(dhcp6_msg_suite(), 0);
}
