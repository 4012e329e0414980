/*
 * Fuzz dhcp6s's handling of a message: host entries, pools, rapid
 * commit and relays configured; the first byte says whether the message
 * came to a multicast group, the rest is the datagram.  Whatever comes
 * back must decode, and be a Reply, an Advertise or a Relay-reply.
 * The bindings are made afresh for each input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp6s.h"
#include "fuzz.h"

static const char conf_text[] =
    "host kame { duid 00:01:00:01:09:5f:93:76:00:03:47:a5:30:85;\n"
    "  address 2001:db8:ffff::1 20 40; address 2001:db8:ffff::2 30 60;\n"
    "  prefix 2001:db8:1234::/48 100 200; };\n"
    "keyinfo k { realm \"kame.example\"; keyid 1;\n"
    "  secret \"yHShgx8gdo20EIgxi6oO1w==\"; };\n"
    "host keyed { duid 00:01:00:01:09:5f:93:76:00:03:47:a5:30:86;\n"
    "  address 2001:db8:ffff::9 20 40; delayedkey k; };\n"
    "pool p { range 2001:db8:1::10 to 2001:db8:1::13; };\n"
    "pool q { prefix 2001:db8:100::/40 delegated-length 56; };\n"
    "interface eth0 { allow rapid-commit; preference 7; allow reconfigure;\n"
    "  address-pool p 100 200; prefix-pool q 100 200; };\n"
    "option domain-name-servers 2001:db8::35;\n"
    "option domain-name \"example.org\";\n"
    "option refreshtime 600;\n";

static struct d6s_server srv;
static uint8_t		 out[D6_MSG_MAX];
static uint8_t		 sent[D6_MSG_MAX];
static size_t		 nsent;

/* A Reconfigure built: it must decode, down through its relays. */
static void
on_send(void *arg, const uint8_t *msg, size_t len,
    const struct sockaddr_in6 *to, uint32_t ifindex)
{
	static struct d6_msg	 l[D6_HOP_COUNT_LIMIT + 1];
	int			 n;

	(void)arg, (void)to, (void)ifindex;
	if (len > sizeof(sent) || d6_decode_relayed(msg, len, l,
	    D6_HOP_COUNT_LIMIT + 1, &n) != D6E_OK ||
	    l[n - 1].type != D6_RECONFIGURE || l[n - 1].auth.p == NULL)
		abort();
	memcpy(sent, msg, len);
	nsent = len;
}
static struct d6_msg	 layers[D6_HOP_COUNT_LIMIT + 1];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int	 errors;

	(void)argc, (void)argv;
	srv.conf = d6s_conf_load_string("fuzz", conf_text, strlen(conf_text),
	    &errors);
	if (srv.conf == NULL)
		abort();
	d6_duid_parse(&srv.duid, "00:03:00:01:aa:bb:cc:dd:ee:ff");
	srv.db.fd = -1;
	srv.send = on_send;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sockaddr_in6	 src;
	struct d6s_rx		 rx;
	size_t			 n;
	int			 relay, nl, i;

	if (srv.conf == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	if (len < 1)
		return 0;
	bnd_init(&srv.b, NULL, NULL, NULL);
	memset(&src, 0, sizeof(src));
	src.sin6_family = AF_INET6;
	src.sin6_addr.s6_addr[0] = 0xfe;
	src.sin6_addr.s6_addr[1] = 0x80;
	src.sin6_addr.s6_addr[15] = 1;
	memset(&rx, 0, sizeof(rx));
	rx.src = &src;
	rx.ifc = d6s_iface_by_name(srv.conf, "eth0");
	rx.ifname = "eth0";
	rx.now = 1000000;
	/* the same message twice: the second meets the first's bindings */
	for (i = 0; i < 2; i++) {
		rx.multicast = data[0] & 1;
		d6s_handle(&srv, data + 1, len - 1, &rx, out, sizeof(out),
		    &n, &relay);
		if (n == 0)
			continue;
		if (d6_decode_relayed(out, n, layers, D6_HOP_COUNT_LIMIT + 1,
		    &nl) != D6E_OK)
			abort();
		if (out[0] != D6_REPLY && out[0] != D6_ADVERTISE &&
		    out[0] != D6_RELAY_REPL)
			abort();
		if ((out[0] == D6_RELAY_REPL) != (relay != 0))
			abort();
	}
	/* a Reconfigure to every client that can take one */
	if (data[0] & 2) {
		nsent = 0;
		if (d6s_reconfigure_all(&srv, data[0] & 4 ? D6_RENEW :
		    D6_INFO_REQUEST) > 0 && nsent == 0)
			abort();
	}
	bnd_free_all(&srv.b);
	d6s_clients_free(&srv.cl);
	return 0;
}
