/*
 * Unit tests for bfdd's configuration: the bfdd.conf(5) grammar and its
 * errors and warnings, the model and its defaults, interface patterns,
 * the layering of session options, and printing back (bfdd -n).
 */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "bfdd.h"
#include "t6check.h"

/* ------------------------------------------------------------ helpers */

static char	 msgs[16384];
static int	 nerr_msgs, nwarn_msgs;

static void
collect(int is_error, const char *msg, void *arg)
{
	size_t	 n = strlen(msgs);

	if (is_error)
		nerr_msgs++;
	else
		nwarn_msgs++;
	snprintf(msgs + n, sizeof(msgs) - n, "%s\n", msg);
}

static void
setup(void)
{
	msgs[0] = '\0';
	nerr_msgs = nwarn_msgs = 0;
	bfd_conf_msgfn(collect, NULL);
}

static void
teardown(void)
{
	bfd_conf_msgfn(NULL, NULL);
}

static struct bfd_conf *
parse(const char *text)
{
	struct bfd_conf	*c;
	int		 errors = -1;

	msgs[0] = '\0';
	nerr_msgs = nwarn_msgs = 0;
	c = bfd_conf_load_string("t.conf", text, strlen(text), &errors);
	ck_assert_msg(c != NULL, "parse failed: %s\n---\n%s", msgs, text);
	ck_assert_int_eq(errors, 0);
	ck_assert_int_eq(nerr_msgs, 0);
	return c;
}

/* Is line (with its newline) one of the messages? */
static int
has_line(const char *line)
{
	const char	*p;

	for (p = msgs; *p != '\0'; p = strchr(p, '\n') + 1)
		if (strncmp(p, line, strlen(line)) == 0)
			return 1;
	return 0;
}

/* The text must fail, and msg must be one of the lines printed. */
static void
fails(const char *text, const char *msg)
{
	struct bfd_conf	*c;
	char		 line[1024];
	int		 errors = 0;

	msgs[0] = '\0';
	nerr_msgs = nwarn_msgs = 0;
	c = bfd_conf_load_string("t.conf", text, strlen(text), &errors);
	ck_assert_msg(c == NULL, "parsed, but should fail with: %s\n---\n%s",
	    msg, text);
	ck_assert_int_gt(errors, 0);
	ck_assert_int_eq(errors, nerr_msgs);
	snprintf(line, sizeof(line), "%s\n", msg);
	ck_assert_msg(has_line(line), "expected \"%s\", got:\n%s", msg,
	    msgs);
}

static struct in6_addr
A6(const char *s)
{
	struct in6_addr	 a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static const struct bfd_neighbor *
last_neighbor(const struct bfd_conf *c)
{
	const struct bfd_neighbor	*nb, *last = NULL;

	TAILQ_FOREACH(nb, &c->neighbors, entry)
		last = nb;
	return last;
}

static time_t
localdate(int y, int mo, int d, int h, int mi, int s)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static const char *
sdiff(const char *a, const char *b)
{
	if (a == NULL && b == NULL)
		return NULL;
	if (a == NULL || b == NULL || strcmp(a, b) != 0)
		return "string";
	return NULL;
}

static const char *
keys_diff(const struct bfd_keylist *a, const struct bfd_keylist *b)
{
	const struct bfd_key	*x, *y;

	for (x = TAILQ_FIRST(a), y = TAILQ_FIRST(b); x != NULL && y != NULL;
	    x = TAILQ_NEXT(x, entry), y = TAILQ_NEXT(y, entry)) {
		if (x->id != y->id || x->len != y->len ||
		    memcmp(x->data, y->data, x->len) != 0)
			return "key";
		if (x->send_from != y->send_from || x->send_to != y->send_to ||
		    x->accept_from != y->accept_from ||
		    x->accept_to != y->accept_to)
			return "key window";
	}
	return x == NULL && y == NULL ? NULL : "number of keys";
}

static const char *
opts_diff(const struct bfd_opts *a, const struct bfd_opts *b)
{
	if (a->set != b->set)
		return "set";
	if (a->min_rx != b->min_rx || a->min_tx != b->min_tx ||
	    a->idle_tx != b->idle_tx)
		return "interval";
	if (a->mult != b->mult || a->passive != b->passive ||
	    a->auth_transition != b->auth_transition ||
	    a->min_ttl != b->min_ttl || a->p2p_any_source !=
	    b->p2p_any_source)
		return "option";
	if (a->auth.type != b->auth.type)
		return "auth type";
	if (sdiff(a->profile, b->profile))
		return "profile name";
	return keys_diff(&a->auth.keys, &b->auth.keys);
}

/* The first difference between two models (lines aside), or NULL. */
static const char *
conf_diff(const struct bfd_conf *a, const struct bfd_conf *b)
{
	const struct bfd_profile	*pa, *pb;
	const struct bfd_ifblock	*ia, *ib;
	const struct bfd_neighbor	*na, *nb;
	const char			*d;
	int				 i;

	if (a->accept != b->accept || a->strict_bind != b->strict_bind ||
	    a->control_mode != b->control_mode ||
	    a->log_facility != b->log_facility || a->port_lo != b->port_lo ||
	    a->port_hi != b->port_hi || a->tclass != b->tclass ||
	    a->zero_udp6_checksum_rx != b->zero_udp6_checksum_rx ||
	    a->client_hold_time != b->client_hold_time ||
	    a->max_sessions != b->max_sessions ||
	    a->kernel_ttl_check != b->kernel_ttl_check ||
	    a->exit_admin_down != b->exit_admin_down ||
	    a->has_keys != b->has_keys)
		return "options";
	if (sdiff(a->control_socket, b->control_socket) ||
	    sdiff(a->control_group, b->control_group) ||
	    sdiff(a->dump_file, b->dump_file))
		return "option strings";
	for (pa = TAILQ_FIRST(&a->profiles), pb = TAILQ_FIRST(&b->profiles);
	    pa != NULL && pb != NULL;
	    pa = TAILQ_NEXT(pa, entry), pb = TAILQ_NEXT(pb, entry)) {
		if (strcmp(pa->name, pb->name) != 0)
			return "profile name";
		if ((d = opts_diff(&pa->opts, &pb->opts)) != NULL)
			return d;
	}
	if (pa != NULL || pb != NULL)
		return "number of profiles";
	for (ia = TAILQ_FIRST(&a->ifblocks), ib = TAILQ_FIRST(&b->ifblocks);
	    ia != NULL && ib != NULL;
	    ia = TAILQ_NEXT(ia, entry), ib = TAILQ_NEXT(ib, entry)) {
		if (ia->npatterns != ib->npatterns)
			return "number of patterns";
		for (i = 0; i < ia->npatterns; i++)
			if (strcmp(ia->patterns[i], ib->patterns[i]) != 0)
				return "pattern";
		if ((d = opts_diff(&ia->opts, &ib->opts)) != NULL)
			return d;
	}
	if (ia != NULL || ib != NULL)
		return "number of interface blocks";
	if (a->have_multihop != b->have_multihop)
		return "multihop block";
	if ((d = opts_diff(&a->multihop, &b->multihop)) != NULL)
		return d;
	for (na = TAILQ_FIRST(&a->neighbors), nb = TAILQ_FIRST(&b->neighbors);
	    na != NULL && nb != NULL;
	    na = TAILQ_NEXT(na, entry), nb = TAILQ_NEXT(nb, entry)) {
		if (na->family != nb->family ||
		    memcmp(&na->addr, &nb->addr, sizeof(na->addr)) != 0 ||
		    strcmp(na->ifname, nb->ifname) != 0 ||
		    na->has_local != nb->has_local ||
		    memcmp(&na->local, &nb->local, sizeof(na->local)) != 0 ||
		    na->multihop != nb->multihop ||
		    na->shutdown != nb->shutdown)
			return "neighbor";
		if (sdiff(na->description, nb->description))
			return "description";
		if ((d = opts_diff(&na->opts, &nb->opts)) != NULL)
			return d;
	}
	if (na != NULL || nb != NULL)
		return "number of neighbors";
	return NULL;
}

static char *
print(const struct bfd_conf *c)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*f;

	ck_assert_ptr_nonnull(f = open_memstream(&text, &len));
	bfd_conf_print(c, f);
	ck_assert_int_eq(fclose(f), 0);
	return text;
}

/* Print, parse the printout: the same model, and the same text again. */
static void
roundtrip(const char *text)
{
	struct bfd_conf	*a, *b;
	char		*ta, *tb;
	const char	*d;

	a = parse(text);
	ta = print(a);
	b = parse(ta);
	d = conf_diff(a, b);
	ck_assert_msg(d == NULL, "round trip differs in %s:\n%s\n---\n%s",
	    d, text, ta);
	tb = print(b);
	ck_assert_str_eq(ta, tb);
	free(ta);
	free(tb);
	bfd_conf_free(a);
	bfd_conf_free(b);
}

static const char spec_example[] =
    "options { accept ipv6 direct multihop; control-group \"bfd\"; };\n"
    "profile \"fast\" { interval 50ms; multiplier 3; };\n"
    "interface \"eth*\" { profile \"fast\"; idle-tx-interval 1s; };\n"
    "interface \"gre*\" { interval 200ms; multiplier 10; passive; };\n"
    "multihop { interval 200ms; multiplier 10; "
    "authentication meticulous-keyed-sha1;\n"
    "           key 1 \"s3cret\"; key 2 hex \"00a1b2c3d4\" "
    "{ accept-to \"2026-01-01 00:00:00\"; }; };\n"
    "neighbor fe80::2%eth0;\n"
    "neighbor 2001:db8:1::2 interface \"eth2\";\n"
    "neighbor 2001:db8:ff::1 multihop local 2001:db8:1::1 "
    "{ description \"core-2\"; };\n";

/* ------------------------------------------------------- the model */

START_TEST(defaults)
{
	struct bfd_conf	*c, *e;

	ck_assert_ptr_nonnull(c = bfd_conf_new());
	ck_assert_uint_eq(c->accept, BFD_ACCEPT_ALL);
	ck_assert_int_eq(c->strict_bind, 0);
	ck_assert_str_eq(c->control_socket, "/var/run/bfdd.sock");
	ck_assert_uint_eq(c->control_mode, 0660);
	ck_assert_ptr_null(c->control_group);
	ck_assert_str_eq(c->dump_file, "/var/run/bfdd.dump");
	ck_assert_int_eq(c->log_facility, LOG_DAEMON);
	ck_assert_uint_eq(c->port_lo, 49152);
	ck_assert_uint_eq(c->port_hi, 65535);
	ck_assert_int_eq(c->tclass, 0xc0);
	ck_assert_int_eq(c->zero_udp6_checksum_rx, 0);
	ck_assert_uint_eq(c->client_hold_time, 10000000);
	ck_assert_uint_eq(c->max_sessions, 1024);
	ck_assert_int_eq(c->kernel_ttl_check, 0);
	ck_assert_int_eq(c->exit_admin_down, 1);
	ck_assert(TAILQ_EMPTY(&c->profiles));
	ck_assert(TAILQ_EMPTY(&c->ifblocks));
	ck_assert(TAILQ_EMPTY(&c->neighbors));
	ck_assert_int_eq(c->have_multihop, 0);
	ck_assert_uint_eq(c->multihop.set, 0);
	ck_assert(TAILQ_EMPTY(&c->multihop.auth.keys));
	ck_assert_int_eq(c->has_keys, 0);
	/* an empty file, comments only, lone semicolons: the defaults */
	e = parse("# nothing here\n;;\n  # at all\n");
	ck_assert_ptr_null(conf_diff(c, e));
	bfd_conf_free(e);
	bfd_conf_free(c);
	bfd_conf_free(NULL);
}
END_TEST

START_TEST(spec_example_model)
{
	struct bfd_conf			*c;
	const struct bfd_profile	*pr;
	const struct bfd_ifblock	*ib;
	const struct bfd_neighbor	*nb;
	const struct bfd_key		*k;
	struct in6_addr			 a;

	c = parse(spec_example);
	ck_assert_int_eq(nwarn_msgs, 0);
	ck_assert_uint_eq(c->accept, BFD_ACCEPT_IPV6 | BFD_ACCEPT_DIRECT |
	    BFD_ACCEPT_MULTIHOP);
	ck_assert_str_eq(c->control_group, "bfd");
	ck_assert_str_eq(c->control_socket, "/var/run/bfdd.sock");

	pr = TAILQ_FIRST(&c->profiles);
	ck_assert_str_eq(pr->name, "fast");
	ck_assert_int_eq(pr->line, 2);
	ck_assert_uint_eq(pr->opts.set, BFD_OPT_MINRX | BFD_OPT_MINTX |
	    BFD_OPT_MULT);
	ck_assert_uint_eq(pr->opts.min_rx, 50000);
	ck_assert_uint_eq(pr->opts.min_tx, 50000);
	ck_assert_uint_eq(pr->opts.mult, 3);
	ck_assert_ptr_null(TAILQ_NEXT(pr, entry));

	ib = TAILQ_FIRST(&c->ifblocks);
	ck_assert_int_eq(ib->npatterns, 1);
	ck_assert_str_eq(ib->patterns[0], "eth*");
	ck_assert_int_eq(ib->line, 3);
	ck_assert_str_eq(ib->opts.profile, "fast");
	ck_assert_uint_eq(ib->opts.set, BFD_OPT_IDLETX);
	ck_assert_uint_eq(ib->opts.idle_tx, 1000000);
	ib = TAILQ_NEXT(ib, entry);
	ck_assert_str_eq(ib->patterns[0], "gre*");
	ck_assert_uint_eq(ib->opts.set, BFD_OPT_MINRX | BFD_OPT_MINTX |
	    BFD_OPT_MULT | BFD_OPT_PASSIVE);
	ck_assert_uint_eq(ib->opts.min_rx, 200000);
	ck_assert_uint_eq(ib->opts.mult, 10);
	ck_assert_uint_eq(ib->opts.passive, 1);
	ck_assert_ptr_null(ib->opts.profile);
	ck_assert_ptr_null(TAILQ_NEXT(ib, entry));

	ck_assert_int_eq(c->have_multihop, 1);
	ck_assert_int_eq(c->multihop_line, 5);
	ck_assert_int_eq(c->multihop.auth.type, BFD_AUTH_MET_SHA1);
	ck_assert(c->multihop.set & BFD_OPT_AUTH);
	ck_assert(c->multihop.set & BFD_OPT_KEYS);
	k = TAILQ_FIRST(&c->multihop.auth.keys);
	ck_assert_uint_eq(k->id, 1);
	ck_assert_uint_eq(k->len, 6);
	ck_assert_mem_eq(k->data, "s3cret", 6);
	ck_assert_int_eq(k->send_from | k->send_to | k->accept_from |
	    k->accept_to, 0);
	k = TAILQ_NEXT(k, entry);
	ck_assert_uint_eq(k->id, 2);
	ck_assert_uint_eq(k->len, 5);
	ck_assert_mem_eq(k->data, "\x00\xa1\xb2\xc3\xd4", 5);
	ck_assert_int_eq(k->accept_to, localdate(2026, 1, 1, 0, 0, 0));
	ck_assert_int_eq(k->accept_from | k->send_from | k->send_to, 0);
	ck_assert_ptr_null(TAILQ_NEXT(k, entry));
	ck_assert_int_eq(c->has_keys, 1);

	nb = TAILQ_FIRST(&c->neighbors);
	ck_assert_int_eq(nb->family, AF_INET6);
	a = A6("fe80::2");
	ck_assert_mem_eq(&nb->addr, &a, sizeof(a));
	ck_assert_str_eq(nb->ifname, "eth0");
	ck_assert_int_eq(nb->multihop, 0);
	ck_assert_int_eq(nb->has_local, 0);
	ck_assert_int_eq(nb->line, 7);
	nb = TAILQ_NEXT(nb, entry);
	ck_assert_str_eq(nb->ifname, "eth2");
	nb = TAILQ_NEXT(nb, entry);
	ck_assert_int_eq(nb->multihop, 1);
	ck_assert_int_eq(nb->has_local, 1);
	a = A6("2001:db8:1::1");
	ck_assert_mem_eq(&nb->local, &a, sizeof(a));
	ck_assert_str_eq(nb->description, "core-2");
	ck_assert_str_eq(nb->ifname, "");
	ck_assert_int_eq(nb->shutdown, 0);
	ck_assert_int_eq(nb->line, 9);
	ck_assert_ptr_null(TAILQ_NEXT(nb, entry));
	bfd_conf_free(c);
}
END_TEST

START_TEST(every_option)
{
	struct bfd_conf			*c;
	const struct bfd_ifblock	*ib;
	const struct bfd_neighbor	*nb;
	const struct bfd_key		*k;

	c = parse(
	    "options {\n"
	    "  accept ipv4;\n"
	    "  strict-bind yes;\n"
	    "  control-socket \"/run/b.sock\";\n"
	    "  control-mode 0600;\n"
	    "  control-group \"wheel\";\n"
	    "  dump-file \"/tmp/bfdd dump\";\n"
	    "  log-facility local3;\n"
	    "  source-port-range 50000 50100;\n"
	    "  traffic-class 0x20;\n"
	    "  zero-udp6-checksum-rx on;\n"
	    "  client-hold-time 30s;\n"
	    "  max-sessions 64;\n"
	    "  kernel-ttl-check true;\n"
	    "  exit-admin-down no;\n"
	    "}\n"
	    "profile \"p\" { min-rx-interval 20ms; }\n"
	    "interface \"eth0\", \"-eth1\" {\n"
	    "  profile \"p\";\n"
	    "  min-tx-interval 40ms;\n"
	    "  idle-tx-interval 2s;\n"
	    "  multiplier 255;\n"
	    "  passive no;\n"
	    "  p2p-any-source;\n"
	    "  authentication keyed-md5;\n"
	    "  authentication-transition yes;\n"
	    "  key 0 \"k0\" { send-from \"2025-01-02 03:04:05\";\n"
	    "    send-to \"2025-02-02 03:04:05\";\n"
	    "    accept-from \"2025-01-01 00:00:00\";\n"
	    "    accept-to \"2025-03-01 00:00:00\"; }\n"
	    "  key 255 hex \"FFfe\";\n"
	    "}\n"
	    "multihop { min-ttl 250; }\n"
	    "neighbor 192.0.2.1 local 192.0.2.2 { shutdown; "
	    "description \"\"; multiplier 7; }\n");
	ck_assert_uint_eq(c->accept, BFD_ACCEPT_IPV4 | BFD_ACCEPT_DIRECT |
	    BFD_ACCEPT_MULTIHOP);
	ck_assert_int_eq(c->strict_bind, 1);
	ck_assert_str_eq(c->control_socket, "/run/b.sock");
	ck_assert_uint_eq(c->control_mode, 0600);
	ck_assert_str_eq(c->control_group, "wheel");
	ck_assert_str_eq(c->dump_file, "/tmp/bfdd dump");
	ck_assert_int_eq(c->log_facility, LOG_LOCAL3);
	ck_assert_uint_eq(c->port_lo, 50000);
	ck_assert_uint_eq(c->port_hi, 50100);
	ck_assert_int_eq(c->tclass, 0x20);
	ck_assert_int_eq(c->zero_udp6_checksum_rx, 1);
	ck_assert_uint_eq(c->client_hold_time, 30000000);
	ck_assert_uint_eq(c->max_sessions, 64);
	ck_assert_int_eq(c->kernel_ttl_check, 1);
	ck_assert_int_eq(c->exit_admin_down, 0);

	ib = TAILQ_FIRST(&c->ifblocks);
	ck_assert_int_eq(ib->npatterns, 2);
	ck_assert_str_eq(ib->patterns[1], "-eth1");
	ck_assert_uint_eq(ib->opts.set, BFD_OPT_MINTX | BFD_OPT_IDLETX |
	    BFD_OPT_MULT | BFD_OPT_PASSIVE | BFD_OPT_P2PANY | BFD_OPT_AUTH |
	    BFD_OPT_AUTHTRANS | BFD_OPT_KEYS);
	ck_assert_uint_eq(ib->opts.min_tx, 40000);
	ck_assert_uint_eq(ib->opts.idle_tx, 2000000);
	ck_assert_uint_eq(ib->opts.mult, 255);
	ck_assert_uint_eq(ib->opts.passive, 0);
	ck_assert_uint_eq(ib->opts.p2p_any_source, 1);
	ck_assert_int_eq(ib->opts.auth.type, BFD_AUTH_KEYED_MD5);
	ck_assert_uint_eq(ib->opts.auth_transition, 1);
	k = TAILQ_FIRST(&ib->opts.auth.keys);
	ck_assert_uint_eq(k->id, 0);
	ck_assert_int_eq(k->send_from, localdate(2025, 1, 2, 3, 4, 5));
	ck_assert_int_eq(k->send_to, localdate(2025, 2, 2, 3, 4, 5));
	ck_assert_int_eq(k->accept_from, localdate(2025, 1, 1, 0, 0, 0));
	ck_assert_int_eq(k->accept_to, localdate(2025, 3, 1, 0, 0, 0));
	k = TAILQ_NEXT(k, entry);
	ck_assert_uint_eq(k->id, 255);
	ck_assert_uint_eq(k->len, 2);
	ck_assert_mem_eq(k->data, "\xff\xfe", 2);

	ck_assert_uint_eq(c->multihop.set, BFD_OPT_MINTTL);
	ck_assert_uint_eq(c->multihop.min_ttl, 250);

	nb = TAILQ_FIRST(&c->neighbors);
	ck_assert_int_eq(nb->family, AF_INET);
	ck_assert(IN6_IS_ADDR_V4MAPPED(&nb->addr));
	ck_assert_mem_eq(&nb->addr.s6_addr[12], "\xc0\x00\x02\x01", 4);
	ck_assert_mem_eq(&nb->local.s6_addr[12], "\xc0\x00\x02\x02", 4);
	ck_assert_int_eq(nb->shutdown, 1);
	ck_assert_str_eq(nb->description, "");
	ck_assert_uint_eq(nb->opts.mult, 7);
	bfd_conf_free(c);
}
END_TEST

START_TEST(accept_narrows)
{
	static const struct {
		const char	*words;
		unsigned	 accept;
	} cases[] = {
		{ "ipv4", BFD_ACCEPT_IPV4 | BFD_ACCEPT_DIRECT |
		    BFD_ACCEPT_MULTIHOP },
		{ "ipv6 multihop", BFD_ACCEPT_IPV6 | BFD_ACCEPT_MULTIHOP },
		{ "direct", BFD_ACCEPT_IPV4 | BFD_ACCEPT_IPV6 |
		    BFD_ACCEPT_DIRECT },
		{ "ipv4 ipv6 direct multihop", BFD_ACCEPT_ALL },
		{ "multihop ipv4 multihop", BFD_ACCEPT_IPV4 |
		    BFD_ACCEPT_MULTIHOP },
	};
	struct bfd_conf	*c;
	char		 text[128];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "options { accept %s; }",
		    cases[i].words);
		c = parse(text);
		ck_assert_uint_eq(c->accept, cases[i].accept);
		bfd_conf_free(c);
	}
	fails("options { accept; }", "t.conf:1: syntax error at ';'");
	fails("options { accept all; }", "t.conf:1: syntax error at 'all'");
}
END_TEST

START_TEST(times)
{
	static const struct {
		const char	*text;
		uint32_t	 us;
	} cases[] = {
		{ "300ms", 300000 }, { "300 ms", 300000 },
		{ "\"300 ms\"", 300000 }, { "300", 300000 },
		{ "1 s", 1000000 }, { "1s", 1000000 }, { "1500us", 1500 },
		{ "1500 us", 1500 }, { "1ms", 1000 },
		{ "4294967295us", 4294967295U }, { "4294s", 4294000000U },
		{ "1m", 60000000 },
	};
	struct bfd_conf	*c;
	char		 text[128];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text),
		    "interface \"x\" { min-rx-interval %s; }", cases[i].text);
		c = parse(text);
		ck_assert_uint_eq(TAILQ_FIRST(&c->ifblocks)->opts.min_rx,
		    cases[i].us);
		bfd_conf_free(c);
	}
	c = parse("options { client-hold-time 2 s; }");
	ck_assert_uint_eq(c->client_hold_time, 2000000);
	bfd_conf_free(c);
	/* the range: 1 ms to 4294967295 us */
	fails("interface \"x\" {\n interval 0;\n}",
	    "t.conf:2: interval: time 0 out of range 1ms-4294967295us");
	fails("interface \"x\" { interval 999us; }",
	    "t.conf:1: interval: time 999us out of range 1ms-4294967295us");
	fails("interface \"x\" { min-tx-interval 4295s; }",
	    "t.conf:1: min-tx-interval: time 4295s out of range "
	    "1ms-4294967295us");
	fails("interface \"x\" { min-tx-interval 4294967296 us; }",
	    "t.conf:1: min-tx-interval: time 4294967296 us out of range "
	    "1ms-4294967295us");
	fails("interface \"x\" { interval 3 days; }",
	    "t.conf:1: interval: invalid time '3 days'");
	fails("interface \"x\" { interval fast; }",
	    "t.conf:1: interval: invalid time 'fast'");
	fails("options { client-hold-time 0; }",
	    "t.conf:1: client-hold-time: time 0 out of range "
	    "1ms-4294967295us");
	/* a unit takes one word: "300 ms ms" is a syntax error */
	fails("interface \"x\" { interval 300 ms ms; }",
	    "t.conf:1: syntax error at 'ms'");
}
END_TEST

START_TEST(booleans)
{
	static const struct {
		const char	*word;
		int		 val;
	} cases[] = {
		{ "", 1 }, { "yes", 1 }, { "no", 0 }, { "on", 1 },
		{ "off", 0 }, { "true", 1 }, { "false", 0 }, { "YES", 1 },
	};
	struct bfd_conf	*c;
	char		 text[256];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text),
		    "options { strict-bind %s; kernel-ttl-check %s; }\n"
		    "interface \"e\" { passive %s; }\n"
		    "neighbor 2001:db8::1 multihop %s local 2001:db8::2 "
		    "{ shutdown %s; }", cases[i].word, cases[i].word,
		    cases[i].word, cases[i].word, cases[i].word);
		c = parse(text);
		ck_assert_int_eq(c->strict_bind, cases[i].val);
		ck_assert_int_eq(c->kernel_ttl_check, cases[i].val);
		ck_assert_uint_eq(TAILQ_FIRST(&c->ifblocks)->opts.passive,
		    cases[i].val);
		ck_assert(TAILQ_FIRST(&c->ifblocks)->opts.set &
		    BFD_OPT_PASSIVE);
		ck_assert_int_eq(TAILQ_FIRST(&c->neighbors)->multihop,
		    cases[i].val);
		ck_assert_int_eq(TAILQ_FIRST(&c->neighbors)->shutdown,
		    cases[i].val);
		bfd_conf_free(c);
	}
	fails("options { strict-bind maybe; }",
	    "t.conf:1: strict-bind: invalid boolean 'maybe' (yes, no, on, "
	    "off, true or false)");
	fails("interface \"x\" { passive 1; }",
	    "t.conf:1: syntax error at '1'");
}
END_TEST

START_TEST(interface_names)
{
	static const char *const names[] = {
		"eth0", "eth0.100", "br-lan", "wg+1", "veth@x", "a#b!",
		"42", "0123456789abcde", "local", "-lead"
	};
	struct bfd_conf	*c;
	char		 text[256];
	size_t		 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(text, sizeof(text),
		    "neighbor 2001:db8::1 interface \"%s\";\n"
		    "neighbor \"fe80::1%%%s\";\n", names[i], names[i]);
		c = parse(text);
		ck_assert_str_eq(TAILQ_FIRST(&c->neighbors)->ifname,
		    names[i]);
		ck_assert_str_eq(last_neighbor(c)->ifname, names[i]);
		bfd_conf_free(c);
	}
	/* unquoted where the lexer allows it */
	c = parse("neighbor 2001:db8::1 interface eth0.100;\n"
	    "neighbor 2001:db8::2 interface br-lan;\n"
	    "neighbor 2001:db8::3 interface wg+1;\n");
	ck_assert_str_eq(TAILQ_FIRST(&c->neighbors)->ifname, "eth0.100");
	bfd_conf_free(c);
	/* the interface need not exist: bfdd waits for it */
	c = parse("neighbor fe80::1%nosuchif0;\n");
	bfd_conf_free(c);
	fails("neighbor 2001:db8::1 interface \"0123456789abcdef\";",
	    "t.conf:1: neighbor: interface name '0123456789abcdef' too long "
	    "(max 15 bytes)");
	fails("neighbor 2001:db8::1 interface \"a/b\";",
	    "t.conf:1: neighbor: invalid character '/' in interface name "
	    "'a/b'");
	fails("neighbor fe80::1%;", "t.conf:1: neighbor: empty interface "
	    "name");
	fails("neighbor fe80::1%eth0 interface \"eth0\";",
	    "t.conf:1: neighbor: interface given twice");
}
END_TEST

START_TEST(addresses)
{
	struct bfd_conf			*c;
	const struct bfd_neighbor	*nb;

	c = parse("neighbor 192.0.2.9%eth1;\n"
	    "neighbor 2001:db8::9%eth1 local 2001:db8::1;\n");
	nb = TAILQ_FIRST(&c->neighbors);
	ck_assert_int_eq(nb->family, AF_INET);
	ck_assert_str_eq(nb->ifname, "eth1");
	nb = TAILQ_NEXT(nb, entry);
	ck_assert_int_eq(nb->family, AF_INET6);
	ck_assert_str_eq(nb->ifname, "eth1");
	ck_assert_int_eq(nb->has_local, 1);
	bfd_conf_free(c);
	fails("neighbor 2001:db8::g;",
	    "t.conf:1: neighbor: invalid address '2001:db8::g'");
	fails("neighbor ::;", "t.conf:1: neighbor: :: is not a unicast "
	    "address");
	fails("neighbor ff02::1%eth0;", "t.conf:1: neighbor: ff02::1 is not "
	    "a unicast address");
	fails("neighbor 224.0.0.1;", "t.conf:1: neighbor: 224.0.0.1 is not "
	    "a unicast address");
	fails("neighbor ::ffff:192.0.2.1;", "t.conf:1: neighbor: write "
	    "::ffff:192.0.2.1 as an IPv4 address");
	fails("neighbor 2001:db8::1 local 2001:db8::2%eth0;",
	    "t.conf:1: local: 2001:db8::2%eth0: no %zone here (the "
	    "neighbor's interface applies)");
	fails("neighbor 2001:db8::1 local 2001:db8::2 local 2001:db8::3;",
	    "t.conf:1: neighbor: local given twice");
}
END_TEST

/* ------------------------------------------------- mandatory errors */

START_TEST(mandatory_errors)
{
	/* authentication with no key, in each kind of block */
	fails("\ninterface \"e*\" {\n authentication keyed-sha1;\n}",
	    "t.conf:2: authentication keyed-sha1 without a key");
	fails("multihop { authentication simple; };",
	    "t.conf:1: authentication simple without a key");
	fails("neighbor 2001:db8::1 {\n\n authentication keyed-md5; };",
	    "t.conf:1: authentication keyed-md5 without a key");
	fails("profile \"p\" { authentication meticulous-keyed-md5; }\n"
	    "interface \"e\" { profile \"p\"; }",
	    "t.conf:2: authentication meticulous-keyed-md5 without a key");
	/* multiplier 0 */
	fails("interface \"e\" {\n multiplier 0;\n}",
	    "t.conf:2: multiplier: number 0 out of range 1-255");
	fails("interface \"e\" { multiplier 256; }",
	    "t.conf:1: multiplier: number 256 out of range 1-255");
	/* idle-tx-interval below 1 s */
	fails("multihop {\n idle-tx-interval 999ms;\n}",
	    "t.conf:2: idle-tx-interval: 999ms is below 1s (RFC 5880 "
	    "6.8.3)");
	fails("interface \"e\" { idle-tx-interval 500; }",
	    "t.conf:1: idle-tx-interval: 500 is below 1s (RFC 5880 6.8.3)");
	/* interface and multihop */
	fails("neighbor 2001:db8::1 interface \"eth0\" multihop local "
	    "2001:db8::2;",
	    "t.conf:1: neighbor cannot have both an interface and multihop");
	fails("neighbor 2001:db8::1%eth0 local 2001:db8::2 multihop;",
	    "t.conf:1: neighbor cannot have both an interface and multihop");
	/* multihop without local */
	fails("\n\nneighbor 2001:db8::1 multihop;",
	    "t.conf:3: multihop neighbor needs a local address");
	/* link-local without interface */
	fails("neighbor fe80::1;", "t.conf:1: link-local neighbor needs an "
	    "interface (%zone or interface)");
	fails("neighbor fe80::1 multihop local fe80::2;",
	    "t.conf:1: a link-local neighbor cannot be multihop");
	/* local of the other family */
	fails("neighbor 2001:db8::1\n local 192.0.2.1;",
	    "t.conf:2: local: 192.0.2.1 is IPv4 but the neighbor is IPv6");
	fails("neighbor 192.0.2.1 local 2001:db8::1;",
	    "t.conf:1: local: 2001:db8::1 is IPv6 but the neighbor is IPv4");
	/* unknown profile: at the profile statement, even in a later line */
	fails("interface \"e\" {\n multiplier 4;\n profile \"nope\";\n}",
	    "t.conf:3: unknown profile \"nope\"");
	fails("neighbor 2001:db8::1 { profile \"x\"; }\nprofile \"y\" { }",
	    "t.conf:1: unknown profile \"x\"");
	/* named twice in a block: the last one counts, at its line */
	fails("profile \"p\" { }\ninterface \"e\" {\n profile \"p\";\n"
	    " profile \"q\"; }", "t.conf:4: unknown profile \"q\"");
	/* duplicate neighbors, by session key */
	fails("neighbor 2001:db8::1;\nneighbor 2001:db8::1;",
	    "t.conf:2: duplicate neighbor 2001:db8::1 (first at line 1)");
	fails("neighbor fe80::1%eth0;\nneighbor fe80::1 interface eth0;",
	    "t.conf:2: duplicate neighbor fe80::1%eth0 (first at line 1)");
	fails("neighbor 192.0.2.1 multihop local 192.0.2.2;\n"
	    "neighbor 192.0.2.1 local 192.0.2.2 multihop;",
	    "t.conf:2: duplicate neighbor 192.0.2.1 (first at line 1)");
	/* keys longer than the type allows */
	fails("interface \"e\" { authentication simple;\n"
	    " key 1 \"0123456789abcdefg\"; }",
	    "t.conf:2: key 1: 17 bytes, longer than simple authentication "
	    "takes (16)");
	fails("interface \"e\" {\n key 1 hex \"000102030405060708090a0b0c0d0e"
	    "0f10\";\n authentication keyed-md5; }",
	    "t.conf:2: key 1: 17 bytes, longer than keyed-md5 "
	    "authentication takes (16)");
	fails("multihop { key 3 \"0123456789abcdefghijk\"; }",
	    "t.conf:1: key 3: 21 bytes, longer than any authentication type "
	    "takes (20)");
	/* a neighbor's type over its block's keys */
	fails("multihop { authentication keyed-sha1;\n"
	    " key 1 \"0123456789abcdefghij\"; }\n"
	    "neighbor 2001:db8::1 multihop local 2001:db8::2 {\n"
	    " authentication simple; }",
	    "t.conf:2: key 1: 20 bytes, longer than simple authentication "
	    "takes (16)");
	/* a duplicate key id in one block */
	fails("interface \"e\" { authentication simple; key 1 \"a\";\n"
	    " key 1 \"b\"; }", "t.conf:2: key 1 given twice in this block");
	fails("interface \"e\" { key 256 \"a\"; }",
	    "t.conf:1: key: number 256 out of range 0-255");
	fails("interface \"e\" { key 1 \"\"; }", "t.conf:1: key 1 is empty");
	fails("interface \"e\" { key 1 hex \"abc\"; }",
	    "t.conf:1: key 1: hex wants an even number of hex digits");
	fails("interface \"e\" { key 1 hex \"zz\"; }",
	    "t.conf:1: key 1: hex wants an even number of hex digits");
	/* multihop intervals below 10 ms */
	fails("multihop {\n interval 9ms;\n}",
	    "t.conf:1: multihop min-rx-interval 9ms is below 10ms (RFC 5880 "
	    "7)");
	fails("profile \"f\" { min-tx-interval 5ms; }\n"
	    "neighbor 2001:db8::1 multihop local 2001:db8::2 {"
	    " profile \"f\"; }",
	    "t.conf:2: multihop min-tx-interval 5ms is below 10ms (RFC 5880 "
	    "7)");
	/* source-port-range */
	fails("options {\n source-port-range 1024 65535; }",
	    "t.conf:2: source-port-range: number 1024 out of range "
	    "49152-65535");
	fails("options { source-port-range 49152 65536; }",
	    "t.conf:1: source-port-range: number 65536 out of range "
	    "49152-65535");
	fails("options { source-port-range 60000 50000; }",
	    "t.conf:1: source-port-range: 60000 is above 50000");
	/* control-mode */
	fails("options { control-mode 0689; }",
	    "t.conf:1: control-mode: '0689' is not an octal number");
	fails("options { control-mode 0x1b0; }",
	    "t.conf:1: control-mode: '0x1b0' is not an octal number");
	fails("options { control-mode 01777; }",
	    "t.conf:1: control-mode: 01777 out of range 0-0777");
	/* log facility */
	fails("options { log-facility kern; }",
	    "t.conf:1: log-facility: unknown facility 'kern' (daemon, "
	    "local0 ... local7, auth, authpriv, user)");
}
END_TEST

START_TEST(other_errors)
{
	fails("options { traffic-class 256; }",
	    "t.conf:1: traffic-class: number 256 out of range 0-255");
	fails("options { max-sessions 0; }",
	    "t.conf:1: max-sessions: number 0 out of range 1-4294967295");
	fails("options { control-socket \"\"; }",
	    "t.conf:1: control-socket: empty string");
	fails("options { control-socket \"/a\\nb\"; }",
	    "t.conf:1: control-socket: control character in \"/a\\x0ab\"");
	fails("options { control-socket \"/tmp/"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "456789012345678901234567890123456789012\"; }",
	    "t.conf:1: control-socket: \"/tmp/012345678901234567890123456789"
	    "01234567890123456789012345678\" too long (max 107 bytes)");
	fails("interface \"e\" { authentication md5; }",
	    "t.conf:1: authentication: unknown type 'md5' (none, simple, "
	    "keyed-md5, meticulous-keyed-md5, keyed-sha1, "
	    "meticulous-keyed-sha1)");
	fails("profile \"a\" { }\nprofile \"a\" { }",
	    "t.conf:2: profile \"a\" defined twice (first at line 1)");
	fails("profile \"a\" { profile \"b\"; }",
	    "t.conf:1: a profile cannot name another profile");
	fails("multihop;\nmultihop { }",
	    "t.conf:2: multihop block given twice (first at line 1)");
	fails("interface \"e\" { min-ttl 5; }",
	    "t.conf:1: min-ttl is only allowed in the multihop block");
	fails("multihop { min-ttl 0; }",
	    "t.conf:1: min-ttl: number 0 out of range 1-255");
	fails("multihop { p2p-any-source; }",
	    "t.conf:1: p2p-any-source is only allowed in interface blocks");
	fails("interface \"e\" { shutdown; }",
	    "t.conf:1: shutdown is only allowed in neighbor blocks");
	fails("profile \"p\" { description \"x\"; }",
	    "t.conf:1: description is only allowed in neighbor blocks");
	fails("interface \"\";", "t.conf:1: interface: empty pattern");
	fails("interface \"-\";", "t.conf:1: interface: empty pattern");
	fails("interface - \"-e\";",
	    "t.conf:1: interface: pattern \"-e\" negated twice");
	fails("interface \"e\\\\\";",
	    "t.conf:1: interface: pattern \"e\\\" ends in a backslash");
	/* syntax errors name the token and its line */
	fails("options {\n  frobnicate yes;\n}",
	    "t.conf:2: syntax error at 'frobnicate'");
	fails("interface \"e\" {\n interval 1s\n}",
	    "t.conf:3: syntax error at '}'");
	fails("interface \"e\" { passive; ", "t.conf:1: syntax error at end "
	    "of input");
	fails("neighbor;", "t.conf:1: syntax error at ';'");
	fails("profile \"p\";", "t.conf:1: syntax error at ';'");
	fails("options { control-group \"x; }",
	    "t.conf:1: unterminated string");
	/* keywords are plain strings when quoted */
	fails("interface multihop;", "t.conf:1: syntax error at 'multihop'");
	/* a key window must be a time that exists */
	fails("interface \"e\" { key 1 \"a\" {\n send-from \"2025-02-29 "
	    "00:00:00\"; }; }",
	    "t.conf:2: send-from: invalid time '2025-02-29 00:00:00' "
	    "(\"YYYY-MM-DD HH:MM:SS\", local time)");
	fails("interface \"e\" { key 1 \"a\" { send-to \"2025-1-1 0:0:0\"; }; "
	    "}", "t.conf:1: send-to: invalid time '2025-1-1 0:0:0' "
	    "(\"YYYY-MM-DD HH:MM:SS\", local time)");
	fails("interface \"e\" { key 1 \"a\" { accept-to \"1969-12-31 "
	    "23:59:59\"; }; }",
	    "t.conf:1: accept-to: invalid time '1969-12-31 23:59:59' "
	    "(\"YYYY-MM-DD HH:MM:SS\", local time)");
	fails("interface \"e\" { key 1 \"a\" { accept-to \"2025-01-01 "
	    "24:00:00\"; }; }",
	    "t.conf:1: accept-to: invalid time '2025-01-01 24:00:00' "
	    "(\"YYYY-MM-DD HH:MM:SS\", local time)");
	fails("interface \"e\" {\n key 1 \"a\" { send-from \"2025-02-01 "
	    "00:00:00\";\n send-to \"2025-01-01 00:00:00\"; }; }",
	    "t.conf:2: key 1: send-from is after send-to");
	fails("interface \"e\" { key 7 \"a\" { accept-from \"2025-02-01 "
	    "00:00:00\"; accept-to \"2025-01-01 00:00:00\"; } }",
	    "t.conf:1: key 7: accept-from is after accept-to");
}
END_TEST

/* Every error is counted and reported, not just the first. */
START_TEST(several_errors)
{
	const char	*text = "interface \"e\" {\n multiplier 0;\n"
	    " idle-tx-interval 10ms;\n}\nneighbor fe80::1;\n";
	struct bfd_conf	*c;
	int		 errors;

	setup();
	c = bfd_conf_load_string("t.conf", text, strlen(text), &errors);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(errors, 3);
	ck_assert_ptr_nonnull(strstr(msgs, "t.conf:2: multiplier"));
	ck_assert_ptr_nonnull(strstr(msgs, "t.conf:3: idle-tx-interval"));
	ck_assert_ptr_nonnull(strstr(msgs, "t.conf:5: link-local"));
}
END_TEST

/* ---------------------------------------------------------- warnings */

START_TEST(warnings)
{
	struct bfd_conf	*c;

	c = parse("interface \"e\" {\n key 1 \"a\";\n}\n");
	ck_assert_int_eq(nwarn_msgs, 1);
	ck_assert_str_eq(msgs, "t.conf:1: warning: keys given but no "
	    "authentication: they are not used\n");
	bfd_conf_free(c);
	c = parse("interface \"e\" { authentication none; key 1 \"a\"; }\n"
	    "neighbor 2001:db8::1 multihop local 2001:db8::2 "
	    "{ key 2 \"b\"; }\n");
	ck_assert_int_eq(nwarn_msgs, 2);
	ck_assert_ptr_nonnull(strstr(msgs, "t.conf:2: warning: keys"));
	bfd_conf_free(c);
	/* keys for a profile's type are used: no warning */
	c = parse("profile \"a\" { authentication simple; }\n"
	    "interface \"e\" { profile \"a\"; key 1 \"a\"; }\n");
	ck_assert_int_eq(nwarn_msgs, 0);
	bfd_conf_free(c);
	/* a neighbor with the keys of its block: warned there only */
	c = parse("multihop { key 1 \"x\"; }\n"
	    "neighbor 2001:db8::1 multihop local 2001:db8::2;\n");
	ck_assert_int_eq(nwarn_msgs, 1);
	ck_assert_ptr_nonnull(strstr(msgs, "t.conf:1: warning: keys"));
	bfd_conf_free(c);
}
END_TEST

static char	 tmpdir[PATH_MAX];

static void
make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bfdconfXXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
write_file(const char *name, const char *text, mode_t mode)
{
	char	 path[PATH_MAX + 64];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, mode), 0);
}

static void
rm_tmpdir(void)
{
	char	 cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static struct bfd_conf *
load_file(const char *name, int *errors)
{
	char	 path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	msgs[0] = '\0';
	nerr_msgs = nwarn_msgs = 0;
	return bfd_conf_load(path, 0, errors);
}

START_TEST(file_modes)
{
	struct bfd_conf	*c;
	char		 want[PATH_MAX + 128];
	int		 errors;

	setup();
	make_tmpdir();
	write_file("keys.conf", "interface \"e\" { authentication simple; "
	    "key 1 \"a\"; }\n", 0600);
	ck_assert_ptr_nonnull(c = load_file("keys.conf", &errors));
	ck_assert_int_eq(nwarn_msgs, 0);
	bfd_conf_free(c);
	/* world-readable with keys */
	write_file("keys.conf", "interface \"e\" { authentication simple; "
	    "key 1 \"a\"; }\n", 0644);
	ck_assert_ptr_nonnull(c = load_file("keys.conf", &errors));
	ck_assert_int_eq(nwarn_msgs, 1);
	snprintf(want, sizeof(want), "%s/keys.conf: warning: file holds keys "
	    "but is world-readable (mode 0644)\n", tmpdir);
	ck_assert_str_eq(msgs, want);
	bfd_conf_free(c);
	/* world-readable without keys is fine */
	write_file("nokeys.conf", "neighbor 2001:db8::1;\n", 0644);
	ck_assert_ptr_nonnull(c = load_file("nokeys.conf", &errors));
	ck_assert_int_eq(nwarn_msgs, 0);
	bfd_conf_free(c);
	/* group-writable, keys or not */
	write_file("nokeys.conf", "neighbor 2001:db8::1;\n", 0664);
	ck_assert_ptr_nonnull(c = load_file("nokeys.conf", &errors));
	ck_assert_int_eq(nwarn_msgs, 1);
	snprintf(want, sizeof(want), "%s/nokeys.conf: warning: file is "
	    "group- or world-writable (mode 0664)\n", tmpdir);
	ck_assert_str_eq(msgs, want);
	bfd_conf_free(c);
	/* an included file with keys is checked too */
	write_file("sub.conf", "multihop { authentication simple;\n"
	    " key 1 \"a\"; }\n", 0604);
	write_file("main.conf", "include \"sub.conf\"\n", 0600);
	ck_assert_ptr_nonnull(c = load_file("main.conf", &errors));
	ck_assert_int_eq(nwarn_msgs, 1);
	ck_assert_ptr_nonnull(strstr(msgs, "/sub.conf: warning: file holds "
	    "keys"));
	bfd_conf_free(c);
	rm_tmpdir();
}
END_TEST

START_TEST(include_and_files)
{
	struct bfd_conf	*c;
	char		 want[PATH_MAX + 128], path[PATH_MAX + 64];
	int		 errors;

	setup();
	make_tmpdir();
	write_file("opts.conf", "control-group \"bfd\";\n", 0600);
	write_file("nbr.conf", "neighbor 2001:db8::1;\n"
	    "neighbor 2001:db8::2 interface eth0;\n", 0600);
	write_file("main.conf", "# main\n"
	    "options { include \"opts.conf\"; max-sessions 5; }\n"
	    "include nbr.conf\n"
	    "neighbor 2001:db8::3;\n", 0600);
	ck_assert_ptr_nonnull(c = load_file("main.conf", &errors));
	ck_assert_int_eq(errors, 0);
	ck_assert_str_eq(c->control_group, "bfd");
	ck_assert_uint_eq(c->max_sessions, 5);
	ck_assert_int_eq(TAILQ_FIRST(&c->neighbors)->line, 1);
	ck_assert_int_eq(last_neighbor(c)->line, 4);
	bfd_conf_free(c);
	/* an error in an included file names that file */
	write_file("nbr.conf", "neighbor 2001:db8::1;\n\nneighbor fe80::1;\n",
	    0600);
	ck_assert_ptr_null(c = load_file("main.conf", &errors));
	ck_assert_int_eq(errors, 1);
	snprintf(want, sizeof(want), "%s/nbr.conf:3: link-local neighbor "
	    "needs an interface (%%zone or interface)\n", tmpdir);
	ck_assert_str_eq(msgs, want);
	/* a missing file: an error unless missing_ok */
	snprintf(path, sizeof(path), "%s/none.conf", tmpdir);
	msgs[0] = '\0';
	ck_assert_ptr_null(c = bfd_conf_load(path, 0, &errors));
	ck_assert_int_eq(errors, 1);
	ck_assert_ptr_nonnull(strstr(msgs, "cannot open"));
	msgs[0] = '\0';
	ck_assert_ptr_nonnull(c = bfd_conf_load(path, 1, &errors));
	ck_assert_int_eq(errors, 0);
	ck_assert_str_eq(msgs, "");
	ck_assert_uint_eq(c->max_sessions, 1024);
	bfd_conf_free(c);
	/* a missing include is an error even so */
	write_file("main.conf", "include \"gone.conf\";\n", 0600);
	ck_assert_ptr_null(c = load_file("main.conf", &errors));
	ck_assert_ptr_nonnull(strstr(msgs, "main.conf:1: cannot open"));
	/* a quiet load of a good file */
	write_file("main.conf", spec_example, 0600);
	ck_assert_ptr_nonnull(c = load_file("main.conf", &errors));
	ck_assert_str_eq(msgs, "");
	bfd_conf_free(c);
	rm_tmpdir();
}
END_TEST

/* Without a sink, messages go to stderr; with one, they carry the kind. */
START_TEST(message_sink)
{
	struct bfd_conf	*c;
	const char	*bad = "neighbor fe80::1;\n";
	const char	*warn = "interface \"e\" { key 1 \"a\"; }\n";
	int		 errors;

	setup();
	c = bfd_conf_load_string("s.conf", bad, strlen(bad), &errors);
	ck_assert_ptr_null(c);
	ck_assert_int_eq(nerr_msgs, 1);
	ck_assert_int_eq(nwarn_msgs, 0);
	c = bfd_conf_load_string("s.conf", warn, strlen(warn), &errors);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(nerr_msgs, 1);
	ck_assert_int_eq(nwarn_msgs, 1);
	bfd_conf_free(c);
	/* NULL text with no length is an empty file */
	c = bfd_conf_load_string(NULL, NULL, 0, &errors);
	ck_assert_ptr_nonnull(c);
	bfd_conf_free(c);
}
END_TEST

START_TEST(key_windows_dst)
{
	struct bfd_conf	*c;
	const char	*old = getenv("TZ");
	char		*saved = old ? strdup(old) : NULL;
	time_t		 t;

	if (access("/usr/share/zoneinfo/Europe/Berlin", R_OK) != 0)
		return;		/* no tzdata: nothing to learn here */
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	/* 02:30 happens twice on 2025-10-26: the earlier is taken */
	c = parse("interface \"e\" { key 1 \"a\" { "
	    "send-from \"2025-10-26 02:30:00\"; }; }");
	t = TAILQ_FIRST(&TAILQ_FIRST(&c->ifblocks)->opts.auth.keys)->
	    send_from;
	ck_assert_int_eq(t, 1761438600);	/* 00:30 UTC */
	bfd_conf_free(c);
	roundtrip("interface \"e\" { key 1 \"a\" { "
	    "send-from \"2025-10-26 02:30:00\"; }; }");
	/* and 02:30 on 2025-03-30 never happens */
	fails("interface \"e\" { key 1 \"a\" { "
	    "send-to \"2025-03-30 02:30:00\"; }; }",
	    "t.conf:1: send-to: 2025-03-30 02:30:00 does not exist in local "
	    "time");
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	free(saved);
	tzset();
}
END_TEST

/* ------------------------------------------------------ patterns */

static int
match(const char *const *pats, int n, const char *name)
{
	struct bfd_ifblock	 ib;

	memset(&ib, 0, sizeof(ib));
	ib.patterns = (char **)pats;
	ib.npatterns = n;
	return bfd_ifblock_match(&ib, name);
}

START_TEST(patterns)
{
	static const char *const eth[] = { "eth*" };
	static const char *const q[] = { "eth?" };
	static const char *const neg_first[] = { "-eth1", "eth*" };
	static const char *const neg_last[] = { "eth*", "-eth1" };
	static const char *const only_neg[] = { "-lo" };
	static const char *const mid[] = { "*.1?0" };
	static const char *const esc[] = { "a\\*b", "w\\?" };
	static const char *const star[] = { "*" };
	static const char *const many[] = { "*a*a*a*a*a*b" };

	ck_assert(match(eth, 1, "eth0"));
	ck_assert(match(eth, 1, "eth"));
	ck_assert(match(eth, 1, "eth0.100"));
	ck_assert(!match(eth, 1, "veth0"));
	ck_assert(match(q, 1, "eth0"));
	ck_assert(!match(q, 1, "eth"));
	ck_assert(!match(q, 1, "eth10"));
	/* the first pattern that matches decides */
	ck_assert(match(neg_first, 2, "eth0"));
	ck_assert(!match(neg_first, 2, "eth1"));
	ck_assert(match(neg_last, 2, "eth1"));
	ck_assert(!match(neg_first, 2, "wlan0"));
	ck_assert(!match(only_neg, 1, "lo"));
	ck_assert(!match(only_neg, 1, "eth0"));
	ck_assert(match(mid, 1, "eth0.100"));
	ck_assert(match(mid, 1, "br.110"));
	ck_assert(!match(mid, 1, "eth0.1000"));
	/* '\' quotes a wildcard: names may hold '*' and '?' */
	ck_assert(match(esc, 2, "a*b"));
	ck_assert(!match(esc, 2, "axb"));
	ck_assert(match(esc, 2, "w?"));
	ck_assert(!match(esc, 2, "wx"));
	ck_assert(match(star, 1, "wg+1"));
	/* no interface matches nothing, not even "*" */
	ck_assert(!match(star, 1, ""));
	ck_assert(!match(star, 1, NULL));
	/* no backtracking blow-up */
	ck_assert(!match(many, 1, "aaaaaaaaaaaaaaa"));
	ck_assert(match(many, 1, "aaaaaaaaaaaaaab"));
}
END_TEST

/* A profile may be named before it is defined; the last name counts. */
START_TEST(profile_forward)
{
	struct bfd_conf	*c;

	c = parse("interface \"e\" { profile \"nope\"; profile \"later\"; }\n"
	    "profile \"later\" { multiplier 8; }\n");
	ck_assert_str_eq(TAILQ_FIRST(&c->ifblocks)->opts.profile, "later");
	ck_assert_ptr_nonnull(bfd_conf_profile(c, "later"));
	ck_assert_ptr_null(bfd_conf_profile(c, "nope"));
	ck_assert_ptr_null(bfd_conf_profile(c, NULL));
	bfd_conf_free(c);
}
END_TEST

START_TEST(patterns_parsed)
{
	struct bfd_conf			*c;
	const struct bfd_ifblock	*ib;

	c = parse("interface -\"eth1\", - \"eth2\", \"-eth3\", -eth4, eth*, "
	    "\"wg+1\";\n");
	ib = TAILQ_FIRST(&c->ifblocks);
	ck_assert_int_eq(ib->npatterns, 6);
	ck_assert_str_eq(ib->patterns[0], "-eth1");
	ck_assert_str_eq(ib->patterns[1], "-eth2");
	ck_assert_str_eq(ib->patterns[2], "-eth3");
	ck_assert_str_eq(ib->patterns[3], "-eth4");
	ck_assert_str_eq(ib->patterns[4], "eth*");
	ck_assert_str_eq(ib->patterns[5], "wg+1");
	ck_assert(!bfd_ifblock_match(ib, "eth1"));
	ck_assert(!bfd_ifblock_match(ib, "eth4"));
	ck_assert(bfd_ifblock_match(ib, "eth5"));
	ck_assert(bfd_ifblock_match(ib, "wg+1"));
	ck_assert_ptr_eq(bfd_conf_ifblock(c, "eth5"), ib);
	ck_assert_ptr_null(bfd_conf_ifblock(c, "eth2"));
	bfd_conf_free(c);
}
END_TEST

/* ------------------------------------------------------ layering */

static const char layered[] =
    "profile \"fast\" { interval 50ms; multiplier 4; passive;\n"
    "  authentication keyed-sha1; key 9 \"fast\"; }\n"
    "profile \"slow\" { interval 2s; idle-tx-interval 5s; }\n"
    "interface \"-eth9\", \"eth*\" { profile \"fast\"; min-tx-interval 70ms;"
    " p2p-any-source; }\n"
    "interface \"eth*\" { multiplier 9; }\n"
    "interface \"gre*\" { passive no; authentication simple; "
    "key 1 \"g\"; }\n"
    "multihop { profile \"slow\"; multiplier 6; min-ttl 200;\n"
    "  authentication meticulous-keyed-md5; key 2 \"mh\"; }\n";

static void
session(const struct bfd_conf *c, int mh, const char *ifname,
    const struct bfd_opts *over, struct bfd_params *p, struct bfd_auth *a)
{
	ck_assert_int_eq(bfd_conf_session(c, mh, ifname, over, p, a), 0);
}

static int
first_key(const struct bfd_auth *a)
{
	return TAILQ_EMPTY(&a->keys) ? -1 : TAILQ_FIRST(&a->keys)->id;
}

START_TEST(layering)
{
	struct bfd_conf		*c;
	struct bfd_params	 p;
	struct bfd_auth		 a;
	struct bfd_opts		 over;

	c = parse(layered);
	/* an interface no block matches: the defaults */
	session(c, 0, "wlan0", NULL, &p, &a);
	ck_assert_uint_eq(p.min_rx, 300000);
	ck_assert_uint_eq(p.min_tx, 300000);
	ck_assert_uint_eq(p.idle_tx, 1000000);
	ck_assert_uint_eq(p.mult, 3);
	ck_assert_uint_eq(p.passive, 0);
	ck_assert_uint_eq(p.min_ttl, 0);
	ck_assert_uint_eq(p.p2p_any_source, 0);
	ck_assert_uint_eq(p.auth_transition, 0);
	ck_assert_int_eq(a.type, BFD_AUTH_NONE);
	ck_assert(TAILQ_EMPTY(&a.keys));
	bfd_auth_clear(&a);
	/* no interface at all: the defaults too */
	session(c, 0, NULL, NULL, &p, &a);
	ck_assert_uint_eq(p.mult, 3);
	bfd_auth_clear(&a);
	/* defaults, profile, block; interval set both, then min-tx won */
	session(c, 0, "eth0", NULL, &p, &a);
	ck_assert_uint_eq(p.min_rx, 50000);
	ck_assert_uint_eq(p.min_tx, 70000);
	ck_assert_uint_eq(p.idle_tx, 1000000);
	ck_assert_uint_eq(p.mult, 4);		/* not 9: first block wins */
	ck_assert_uint_eq(p.passive, 1);
	ck_assert_uint_eq(p.p2p_any_source, 1);
	ck_assert_int_eq(a.type, BFD_AUTH_KEYED_SHA1);
	ck_assert_int_eq(first_key(&a), 9);
	bfd_auth_clear(&a);
	/* eth9 is refused by the first block, taken by the second */
	session(c, 0, "eth9", NULL, &p, &a);
	ck_assert_uint_eq(p.mult, 9);
	ck_assert_uint_eq(p.min_rx, 300000);
	ck_assert_uint_eq(p.p2p_any_source, 0);
	bfd_auth_clear(&a);
	/* the multihop block, its profile; min-ttl, not p2p */
	session(c, 1, NULL, NULL, &p, &a);
	ck_assert_uint_eq(p.min_rx, 2000000);
	ck_assert_uint_eq(p.min_tx, 2000000);
	ck_assert_uint_eq(p.idle_tx, 5000000);
	ck_assert_uint_eq(p.mult, 6);
	ck_assert_uint_eq(p.min_ttl, 200);
	ck_assert_int_eq(a.type, BFD_AUTH_MET_MD5);
	ck_assert_int_eq(first_key(&a), 2);
	bfd_auth_clear(&a);
	/* a multihop session ignores interface blocks */
	session(c, 1, "eth0", NULL, &p, &a);
	ck_assert_uint_eq(p.mult, 6);
	ck_assert_uint_eq(p.p2p_any_source, 0);
	bfd_auth_clear(&a);

	/* a request over the block: its own profile, then its options */
	bfd_opts_init(&over);
	over.set = BFD_OPT_MINRX | BFD_OPT_PASSIVE;
	over.min_rx = 25000;
	over.passive = 0;
	session(c, 0, "eth0", &over, &p, &a);
	ck_assert_uint_eq(p.min_rx, 25000);
	ck_assert_uint_eq(p.min_tx, 70000);
	ck_assert_uint_eq(p.passive, 0);
	ck_assert_int_eq(a.type, BFD_AUTH_KEYED_SHA1);
	bfd_auth_clear(&a);
	over.profile = strdup("slow");
	session(c, 0, "eth0", &over, &p, &a);
	ck_assert_uint_eq(p.min_rx, 25000);	/* its own over its profile */
	ck_assert_uint_eq(p.min_tx, 2000000);	/* its profile over block */
	ck_assert_uint_eq(p.idle_tx, 5000000);
	ck_assert_uint_eq(p.mult, 4);		/* the block's profile */
	bfd_auth_clear(&a);
	/* an unknown profile: -1, and an empty authentication */
	free(over.profile);
	over.profile = strdup("nope");
	ck_assert_int_eq(bfd_conf_session(c, 0, "eth0", &over, &p, &a), -1);
	ck_assert(TAILQ_EMPTY(&a.keys));
	bfd_auth_clear(&a);
	bfd_opts_free(&over);
	ck_assert_ptr_null(over.profile);
	ck_assert_uint_eq(over.set, 0);
	/* the type from one layer, the keys from another */
	over.set = BFD_OPT_AUTH;
	over.auth.type = BFD_AUTH_SIMPLE;
	session(c, 1, NULL, &over, &p, &a);
	ck_assert_int_eq(a.type, BFD_AUTH_SIMPLE);
	ck_assert_int_eq(first_key(&a), 2);
	bfd_auth_clear(&a);
	over.set = BFD_OPT_AUTH;
	over.auth.type = BFD_AUTH_NONE;
	session(c, 0, "gre0", &over, &p, &a);
	ck_assert_int_eq(a.type, BFD_AUTH_NONE);
	bfd_auth_clear(&a);
	/* the keys are copies */
	session(c, 0, "gre0", NULL, &p, &a);
	ck_assert_int_eq(a.type, BFD_AUTH_SIMPLE);
	ck_assert_ptr_ne(TAILQ_FIRST(&a.keys), TAILQ_FIRST(
	    &bfd_conf_ifblock(c, "gre0")->opts.auth.keys));
	ck_assert_uint_eq(p.passive, 0);
	bfd_auth_clear(&a);
	bfd_opts_free(&over);
	bfd_conf_free(c);
}
END_TEST

/* Configured neighbors layer the same way (as bfdd will use them). */
START_TEST(layering_neighbors)
{
	struct bfd_conf			*c;
	const struct bfd_neighbor	*nb;
	struct bfd_params		 p;
	struct bfd_auth			 a;
	char				 text[2048];

	snprintf(text, sizeof(text), "%s"
	    "neighbor fe80::1%%eth0 { multiplier 12; }\n"
	    "neighbor 2001:db8::1 multihop local 2001:db8::2 "
	    "{ profile \"fast\"; idle-tx-interval 3s; }\n", layered);
	c = parse(text);
	nb = TAILQ_FIRST(&c->neighbors);
	session(c, nb->multihop, nb->ifname, &nb->opts, &p, &a);
	ck_assert_uint_eq(p.mult, 12);
	ck_assert_uint_eq(p.min_tx, 70000);
	bfd_auth_clear(&a);
	nb = TAILQ_NEXT(nb, entry);
	session(c, nb->multihop, nb->ifname, &nb->opts, &p, &a);
	ck_assert_uint_eq(p.min_rx, 50000);	/* fast over slow */
	ck_assert_uint_eq(p.idle_tx, 3000000);
	ck_assert_uint_eq(p.mult, 4);
	ck_assert_uint_eq(p.min_ttl, 200);
	ck_assert_int_eq(a.type, BFD_AUTH_KEYED_SHA1);
	ck_assert_int_eq(first_key(&a), 9);
	bfd_auth_clear(&a);
	bfd_conf_free(c);
}
END_TEST

/* ------------------------------------------------------ printing */

START_TEST(roundtrips)
{
	static const char *const texts[] = {
		"",
		spec_example,
		layered,
		"options { accept ipv4 direct; strict-bind; "
		"control-socket \"/run/a \\\"b\\\" \\\\c.sock\"; "
		"control-mode 0; log-facility local7; "
		"source-port-range 65535 65535; traffic-class 0; "
		"zero-udp6-checksum-rx; client-hold-time 1500us; "
		"max-sessions 4294967295; kernel-ttl-check; "
		"exit-admin-down off; dump-file \"/d\"; }",
		"options { log-facility user; control-mode 777; }",
		"interface \"a\\\\*b\", -\"c?\", \"-d\" { interval 1ms; }\n"
		"interface \"x\";\n",
		"multihop;",
		"multihop { min-ttl 1; interval 10ms; idle-tx-interval "
		"4294967295us; }",
		"neighbor 192.0.2.1 local 192.0.2.2 multihop { shutdown; "
		"description \"a \\\"quoted\\\" \\\\ thing\"; }\n"
		"neighbor 192.0.2.1 local 192.0.2.3 multihop;\n"
		"neighbor 192.0.2.1;\n"
		"neighbor 192.0.2.1 interface eth1 { shutdown no; }\n"
		"neighbor 2001:db8::1 multihop no { description \"\"; }\n",
		"interface \"e\" { authentication keyed-md5; "
		"key 0 hex \"00\"; key 255 \"\\\"\\\\\\n\\t\" { "
		"send-from \"2030-06-01 12:00:00\"; "
		"accept-to \"2031-01-01 00:00:01\"; }; "
		"authentication-transition no; passive yes; }",
		"profile \"a b\" { authentication none; }\n"
		"profile \"local\" { authentication-transition; }\n"
		"neighbor 2001:db8::5 { profile \"local\"; }\n"
		"interface \"*\" { profile \"a b\"; }\n",
		"interface \"e\" { authentication meticulous-keyed-sha1; "
		"key 1 hex \"000102030405060708090a0b0c0d0e0f10111213\"; "
		"key 2 \"0123456789abcdefghij\"; }",
	};
	size_t	 i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		roundtrip(texts[i]);
}
END_TEST

START_TEST(print_format)
{
	struct bfd_conf	*c;
	char		*t;

	c = parse("neighbor fe80::2%eth0;\n"
	    "interface \"e\" { interval 1500us; idle-tx-interval 2000ms; "
	    "key 5 \"ab\"; authentication simple; }\n");
	t = print(c);
	ck_assert_ptr_nonnull(strstr(t, "\ninterface \"e\" {\n"
	    "\tmin-rx-interval 1500us;\n\tmin-tx-interval 1500us;\n"
	    "\tidle-tx-interval 2s;\n\tauthentication simple;\n"
	    "\tkey 5 hex \"6162\";\n};\n"));
	ck_assert_ptr_nonnull(strstr(t, "\nneighbor fe80::2 interface "
	    "\"eth0\";\n"));
	ck_assert_ptr_nonnull(strstr(t, "options {\n\taccept ipv4 ipv6 "
	    "direct multihop;\n"));
	ck_assert_ptr_nonnull(strstr(t, "\tcontrol-mode 0660;\n"));
	ck_assert_ptr_nonnull(strstr(t, "\tclient-hold-time 10s;\n"));
	ck_assert_ptr_nonnull(strstr(t, "\ttraffic-class 0xc0;\n"));
	/* the key text never appears as such */
	ck_assert_ptr_null(strstr(t, "\"ab\""));
	free(t);
	bfd_conf_free(c);
}
END_TEST

static Suite *
bfd_conf_suite(void)
{
	Suite	*s = suite_create("bfd_conf");
	TCase	*tc;

	tc = tcase_create("model");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, spec_example_model);
	tcase_add_test(tc, every_option);
	tcase_add_test(tc, accept_narrows);
	tcase_add_test(tc, times);
	tcase_add_test(tc, booleans);
	tcase_add_test(tc, interface_names);
	tcase_add_test(tc, addresses);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, mandatory_errors);
	tcase_add_test(tc, other_errors);
	tcase_add_test(tc, several_errors);
	tcase_add_test(tc, warnings);
	tcase_add_test(tc, file_modes);
	tcase_add_test(tc, include_and_files);
	tcase_add_test(tc, message_sink);
	tcase_add_test(tc, key_windows_dst);
	suite_add_tcase(s, tc);

	tc = tcase_create("layering");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, patterns);
	tcase_add_test(tc, patterns_parsed);
	tcase_add_test(tc, profile_forward);
	tcase_add_test(tc, layering);
	tcase_add_test(tc, layering_neighbors);
	suite_add_tcase(s, tc);

	tc = tcase_create("print");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, roundtrips);
	tcase_add_test(tc, print_format);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(bfd_conf_suite(), 0);
}
