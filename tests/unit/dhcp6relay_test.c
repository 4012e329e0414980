/*
 * Unit tests for dhcp6relay's pure part: a client's message and a
 * relay's wrapped into Relay-forwards (hop count, link-address,
 * Interface-Id, the message byte for byte), what is refused (short,
 * wrong type, hop limit, no link-address, too big), and Relay-replies
 * opened (Interface-Id, link-address, the port for a relay below) or
 * refused (short, not a Relay-reply, no relay message, a bad
 * Interface-Id).
 */
#include <arpa/inet.h>
#include <string.h>

#include "relay.h"
#include "t6check.h"

static uint8_t	 out[D6_MSG_MAX + 64];

static struct in6_addr
A(const char *s)
{
	struct in6_addr	 a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

START_TEST(forward)
{
	static const uint8_t solicit[] = { D6_SOLICIT, 1, 2, 3, 0, 1, 0, 2,
				    0xab, 0xcd };
	struct in6_addr	 peer = A("fe80::1"), link = A("2001:db8::fffe");
	struct d6_msg	 m;
	enum d6r_drop	 why;
	size_t		 n;
	uint8_t		 fw[200];

	n = d6r_forward(solicit, sizeof(solicit), 0x01020304, &peer, &link,
	    out, sizeof(out), &why);
	ck_assert_uint_gt(n, 0);
	ck_assert_int_eq(d6_decode(out, n, &m), D6E_OK);
	ck_assert_int_eq(m.type, D6_RELAY_FORW);
	ck_assert_int_eq(m.hops, 0);
	ck_assert(IN6_ARE_ADDR_EQUAL(&m.link_addr, &link));
	ck_assert(IN6_ARE_ADDR_EQUAL(&m.peer_addr, &peer));
	ck_assert_uint_eq(m.relay_msg.len, sizeof(solicit));
	ck_assert(memcmp(m.relay_msg.p, solicit, sizeof(solicit)) == 0);
	ck_assert_uint_eq(m.interface_id.len, 4);
	ck_assert(memcmp(m.interface_id.p, "\1\2\3\4", 4) == 0);
	/* that Relay-forward, from a relay below: hop 1, link :: */
	memcpy(fw, out, n);
	n = d6r_forward(fw, n, 9, &peer, NULL, out, sizeof(out), &why);
	ck_assert_uint_gt(n, 0);
	ck_assert_int_eq(d6_decode(out, n, &m), D6E_OK);
	ck_assert_int_eq(m.hops, 1);
	ck_assert(IN6_IS_ADDR_UNSPECIFIED(&m.link_addr));
	/* at the hop limit */
	fw[1] = D6_HOP_COUNT_LIMIT;
	ck_assert_uint_eq(d6r_forward(fw, 34, 9, &peer, NULL, out,
	    sizeof(out), &why), 0);
	ck_assert_int_eq(why, D6RD_HOPS);
	fw[1] = D6_HOP_COUNT_LIMIT - 1;
	ck_assert_uint_gt(d6r_forward(fw, 34, 9, &peer, NULL, out,
	    sizeof(out), &why), 0);
	ck_assert_int_eq(out[1], D6_HOP_COUNT_LIMIT);
	/* refused */
	ck_assert_uint_eq(d6r_forward(solicit, 3, 1, &peer, &link, out,
	    sizeof(out), &why), 0);
	ck_assert_int_eq(why, D6RD_SHORT);
	ck_assert_uint_eq(d6r_forward(solicit, sizeof(solicit), 1, &peer,
	    NULL, out, sizeof(out), &why), 0);
	ck_assert_int_eq(why, D6RD_NOADDR);
	fw[0] = D6_ADVERTISE;
	ck_assert_uint_eq(d6r_forward(fw, 10, 1, &peer, &link, out,
	    sizeof(out), &why), 0);
	ck_assert_int_eq(why, D6RD_TYPE);
	ck_assert_uint_eq(d6r_forward(solicit, sizeof(solicit), 1, &peer,
	    &link, out, 40, &why), 0);
	ck_assert_int_eq(why, D6RD_SIZE);
}
END_TEST

static size_t
relay_reply(const void *ifid, size_t ifidlen, const char *link,
    const uint8_t *inner, size_t len)
{
	struct wbuf	 w;
	struct in6_addr	 l = A(link), p = A("fe80::9");

	wbuf_init(&w, out, sizeof(out));
	d6_put_relay_header(&w, D6_RELAY_REPL, 0, &l, &p);
	if (inner != NULL)
		d6_put_opt(&w, D6O_RELAY_MSG, inner, len);
	if (ifid != NULL)
		d6_put_opt(&w, D6O_INTERFACE_ID, ifid, ifidlen);
	ck_assert(wbuf_ok(&w));
	return wbuf_len(&w);
}

START_TEST(reply)
{
	static const uint8_t adv[] = { D6_ADVERTISE, 1, 2, 3 };
	uint8_t		 nested[64];
	struct in6_addr	 want;
	struct d6r_out	 o;
	enum d6r_drop	 why;
	size_t		 n;

	n = relay_reply("\0\0\0\7", 4, "::", adv, sizeof(adv));
	ck_assert_int_eq(d6r_reply(out, n, &o, &why), 0);
	ck_assert(o.has_ifid);
	ck_assert_uint_eq(o.ifindex, 7);
	ck_assert_uint_eq(o.port, D6_PORT_CLIENT);
	ck_assert_uint_eq(o.len, sizeof(adv));
	ck_assert(memcmp(o.msg, adv, sizeof(adv)) == 0);
	/* no Interface-Id: the link-address is what is left */
	n = relay_reply(NULL, 0, "2001:db8::fffe", adv, sizeof(adv));
	ck_assert_int_eq(d6r_reply(out, n, &o, &why), 0);
	ck_assert(!o.has_ifid);
	want = A("2001:db8::fffe");
	ck_assert(IN6_ARE_ADDR_EQUAL(&o.link, &want));
	/* a Relay-reply inside: to a relay, port 547 */
	n = relay_reply("\0\0\0\7", 4, "::", adv, sizeof(adv));
	memcpy(nested, out, n);
	n = relay_reply("\0\0\0\3", 4, "::", nested, n);
	ck_assert_int_eq(d6r_reply(out, n, &o, &why), 0);
	ck_assert_uint_eq(o.port, D6_PORT_SERVER);
	ck_assert_uint_eq(o.ifindex, 3);
	/* refused */
	n = relay_reply("\0\7", 2, "::", adv, sizeof(adv));
	ck_assert_int_eq(d6r_reply(out, n, &o, &why), -1);
	ck_assert_int_eq(why, D6RD_IFID);
	n = relay_reply("\0\0\0\7", 4, "::", NULL, 0);
	ck_assert_int_eq(d6r_reply(out, n, &o, &why), -1);
	ck_assert_int_eq(why, D6RD_MALFORMED);
	n = relay_reply("\0\0\0\7", 4, "::", adv, 3);
	ck_assert_int_eq(d6r_reply(out, n, &o, &why), -1);
	ck_assert_int_eq(why, D6RD_MALFORMED);
	ck_assert_int_eq(d6r_reply(out, 33, &o, &why), -1);
	ck_assert_int_eq(why, D6RD_SHORT);
	out[0] = D6_RELAY_FORW;
	ck_assert_int_eq(d6r_reply(out, n, &o, &why), -1);
	ck_assert_int_eq(why, D6RD_TYPE);
	ck_assert_str_eq(d6r_drop_name(D6RD_NOLINK), "no-link");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("dhcp6relay");
	TCase	*tc = tcase_create("relay");

	tcase_add_test(tc, forward);
	tcase_add_test(tc, reply);
	suite_add_tcase(s, tc);
	return t6_run_suite(s, 0);
}
