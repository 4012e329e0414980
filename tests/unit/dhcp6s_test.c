/*
 * Unit tests for dhcp6s's pure parts: the dhcp6s.conf grammar (the
 * book's examples, every error with its line), T1/T2, bindings indexed
 * by key and by value, pools of addresses and prefixes (no value given
 * twice, exhaustion, wrap-around), the lease database (replay, release,
 * decline, a torn record, records that do not parse, expiry while down,
 * compaction), and the server's answers driven without sockets.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dhcp6s.h"
#include "log.h"
#include "t6check.h"

int	d6s_conf_keywords_sorted(void);

static char	 msgs[4096];

static void
collect(int is_error, const char *msg, void *arg)
{
	(void)is_error, (void)arg;
	strlcat(msgs, msg, sizeof(msgs));
	strlcat(msgs, "\n", sizeof(msgs));
}

static struct d6s_conf *
load(const char *text)
{
	int	 errors;

	msgs[0] = '\0';
	d6s_conf_msgfn(collect, NULL);
	return d6s_conf_load_string("t.conf", text, strlen(text), &errors);
}

static struct in6_addr
A(const char *s)
{
	struct in6_addr	 a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

static const char book[] =
    "# stateful, per host\n"
    "host kame {\n"
    "    duid 00:01:00:01:09:5f:93:76:00:03:47:a5:30:85;\n"
    "    address 2001:db8:ffff::1 86400 604800;\n"
    "    address 2001:db8:ffff::2/128 604800 2592000;\n"
    "};\n"
    "host usagi {\n"
    "    duid 00:01:00:01:09:3c:91:d9:00:e0:18:98:f1:9d;\n"
    "    prefix 2001:db8:1234::/48 2592000 7776000;\n"
    "};\n"
    "keyinfo kame-key { realm \"kame.example\"; keyid 1;\n"
    "    secret \"yHShgx8gdo20EIgxi6oO1w==\"; expire \"forever\"; };\n"
    "option domain-name-servers 2001:db8:9999::35 2001:db8:abcd::35;\n"
    "option domain-name \"kame.example\";\n"
    "option refreshtime 600;\n"
    "pool p { range 2001:db8:1::10 to 2001:db8:1::20; };\n"
    "pool q { prefix 2001:db8:100::/40 delegated-length 48; };\n"
    "interface \"eth0.100\" { allow rapid-commit; preference 255;\n"
    "    address-pool p 100; prefix-pool q 100 infinity; };\n";

START_TEST(conf_book)
{
	struct d6s_conf		*c;
	struct d6s_host		*h;
	struct d6s_iface	*i;
	struct d6s_key		*k;
	static const uint8_t	 kame[] = { 0, 1, 0, 1, 0x09, 0x5f, 0x93,
				    0x76, 0, 3, 0x47, 0xa5, 0x30, 0x85 };

	ck_assert(d6s_conf_keywords_sorted());
	c = load(book);
	ck_assert_msg(c != NULL, "%s", msgs);
	h = d6s_host_by_duid(c, kame, sizeof(kame));
	ck_assert_ptr_nonnull(h);
	ck_assert_str_eq(h->name, "kame");
	ck_assert_int_eq(h->naddrs, 2);
	ck_assert_uint_eq(h->addrs[0].pltime, 86400);
	ck_assert_uint_eq(h->addrs[0].vltime, 604800);
	ck_assert_uint_eq(h->addrs[1].plen, 128);
	ck_assert_int_eq(c->dns.n, 2);
	ck_assert_uint_eq(c->domains_len, 14);
	ck_assert(memcmp(c->domains, "\4kame\7example\0", 14) == 0);
	ck_assert_int_eq(c->refresh, 600);
	i = d6s_iface_by_name(c, "eth0.100");
	ck_assert_ptr_nonnull(i);
	ck_assert_int_eq(i->rapid_commit, 1);
	ck_assert_int_eq(i->preference, 255);
	ck_assert_ptr_nonnull(i->apool);
	ck_assert_uint_eq(i->pool_pltime, 100);
	ck_assert_uint_eq(i->pool_vltime, 100);
	ck_assert_uint_eq(i->ppool_vltime, D6_INFINITY);
	ck_assert_uint_eq(i->apool->size, 17);
	ck_assert_uint_eq(i->ppool->size, 256);
	k = d6s_key_by_name(c, "kame-key");
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(k->secretlen, 16);
	ck_assert_uint_eq(k->keyid, 1);
	d6s_conf_free(c);
}
END_TEST

START_TEST(conf_errors)
{
	static const struct {
		const char	*text;
		const char	*msg;
	} bad[] = {
		{ "option refreshtime 599;", "t.conf:1: refresh time is too "
		    "small" },
		{ "host x {\n address ::1 10 5; duid 01; };",
		    "t.conf:2: preferred lifetime 10 is longer" },
		{ "host x { address ::1 10; };", "host x: no duid" },
		{ "interface e { preference 300; };", "t.conf:1: preference: "
		    "number 300 out of range 0-255" },
		{ "host x { duid 0g; };", "duid: expected hex bytes" },
		{ "host x { duid 01; address ::1/64 1; };",
		    "only /128 may follow an address" },
		{ "host x { duid 01; prefix 2001:db8::1/32 1; };", "prefix:" },
		{ "host x { duid 01; delayedkey nokey; };",
		    "no keyinfo named nokey" },
		{ "host x { duid 01; }; host y { duid 01; };",
		    "duid already given to host x" },
		{ "interface e { address-pool nopool 10; };",
		    "no pool named nopool" },
		{ "pool p { prefix 2001:db8::/48 delegated-length 40; };",
		    "is shorter than the pool's /48" },
		{ "pool p { range 2001:db8::9 to 2001:db8::1; };",
		    "comes after" },
		{ "pool p { };", "pool p: no range or prefix" },
		{ "pool p { range ::1 to ::2; };\ninterface e { prefix-pool p "
		    "1; };", "t.conf:2: interface e: pool p holds addresses" },
		{ "keyinfo k { realm \"r\"; };", "realm, keyid and secret are "
		    "all required" },
		{ "keyinfo k { secret \"abc\"; };", "secret: not base64" },
		{ "keyinfo k { expire \"tomorrow\"; };", "expire: expected" },
		{ "option foo 1;", "unknown option \"foo\"" },
		{ "option domain-name-servers fe80::1 x;", "expected an IPv6 "
		    "address, not \"x\"" },
		{ "option domain-name \"a..b\";", "is not a domain name" },
		{ "lease-fsync maybe;", "lease-fsync: expected on or off" },
		{ "host x { duid 01 }", "syntax error" },
		{ "interface \"a/b\" { };", "interface:" },
	};
	size_t		 n;
	struct d6s_conf	*c;

	for (n = 0; n < sizeof(bad) / sizeof(bad[0]); n++) {
		c = load(bad[n].text);
		ck_assert_msg(c == NULL, "accepted: %s", bad[n].text);
		ck_assert_msg(strstr(msgs, bad[n].msg) != NULL,
		    "%s: expected \"%s\", got \"%s\"", bad[n].text,
		    bad[n].msg, msgs);
	}
	/* warnings: the configuration still loads */
	c = load("option refreshtime 600; option refreshtime 900;\n"
	    "host a { duid 01; }; host a { duid 02; };");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->refresh, 600);
	ck_assert_ptr_nonnull(strstr(msgs, "multiple refresh times"));
	ck_assert_ptr_nonnull(strstr(msgs, "duplicated name: a (ignored)"));
	d6s_conf_free(c);
}
END_TEST

START_TEST(t1t2)
{
	struct d6s_value v[2];
	uint32_t	 t1, t2;

	memset(v, 0, sizeof(v));
	v[0].pltime = 86400;
	v[1].pltime = 604800;
	bnd_t1t2(v, 2, &t1, &t2);
	ck_assert_uint_eq(t1, 43200);
	ck_assert_uint_eq(t2, 69120);
	v[0].pltime = 2592000;
	bnd_t1t2(v, 1, &t1, &t2);
	ck_assert_uint_eq(t1, 1296000);
	ck_assert_uint_eq(t2, 2073600);
	v[0].pltime = D6_INFINITY;
	bnd_t1t2(v, 1, &t1, &t2);
	ck_assert_uint_eq(t1, D6_INFINITY);
	ck_assert_uint_eq(t2, D6_INFINITY);
	bnd_t1t2(v, 0, &t1, &t2);
	ck_assert_uint_eq(t1, 0);
}
END_TEST

static const uint8_t	 d1[] = { 0, 3, 0, 1, 1, 2, 3, 4, 5, 6 };
static const uint8_t	 d2[] = { 0, 3, 0, 1, 1, 2, 3, 4, 5, 7 };

static struct d6s_value
V(const char *a, uint8_t plen, uint32_t pl, uint32_t vl)
{
	struct d6s_value v;

	memset(&v, 0, sizeof(v));
	v.addr = A(a);
	v.plen = plen;
	v.pltime = pl;
	v.vltime = vl;
	return v;
}

START_TEST(bindings)
{
	struct d6s_bindings	 bs;
	struct d6s_binding	*b, *c;
	struct d6s_value	 v = V("2001:db8::1", 128, 10, 20);
	struct d6s_taken	*t;
	int			 i;

	bnd_init(&bs, NULL, NULL, NULL);
	b = bnd_add(&bs, d1, sizeof(d1), D6O_IA_NA, 7);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_eq(bnd_find(&bs, d1, sizeof(d1), D6O_IA_NA, 7), b);
	ck_assert_ptr_null(bnd_find(&bs, d1, sizeof(d1), D6O_IA_PD, 7));
	ck_assert_ptr_null(bnd_find(&bs, d2, sizeof(d2), D6O_IA_NA, 7));
	ck_assert_int_eq(bnd_add_value(&bs, b, &v), 0);
	t = bnd_taken(&bs, &v.addr, 128, 0);
	ck_assert(t != NULL && t->b == b);
	ck_assert_ptr_null(bnd_taken(&bs, &v.addr, 64, 0));
	bnd_touch(&bs, b, 1000);
	ck_assert_int_eq(b->expires, 1020);
	/* nothing has run out at 1019; all of it at 1020 */
	ck_assert_int_eq(bnd_expire_values(&bs, b, 1019), 0);
	ck_assert_int_eq(bnd_expire_values(&bs, b, 1020), 1);
	ck_assert_ptr_null(bnd_taken(&bs, &v.addr, 128, 0));
	bnd_remove(&bs, b);
	ck_assert_uint_eq(bs.count, 0);
	/* many bindings: the tables grow and still find every one */
	for (i = 0; i < 5000; i++) {
		char	 a[64];

		c = bnd_add(&bs, d2, sizeof(d2), D6O_IA_NA, (uint32_t)i);
		ck_assert_ptr_nonnull(c);
		snprintf(a, sizeof(a), "2001:db8::%x:%x", i >> 16, i & 0xffff);
		v = V(a, 128, 1, 2);
		ck_assert_int_eq(bnd_add_value(&bs, c, &v), 0);
	}
	for (i = 0; i < 5000; i += 7) {
		c = bnd_find(&bs, d2, sizeof(d2), D6O_IA_NA, (uint32_t)i);
		ck_assert_ptr_nonnull(c);
		t = bnd_taken(&bs, &c->vals[0].addr, 128, 0);
		ck_assert(t != NULL && t->b == c);
	}
	/* a decline holds an address until it runs out */
	v.addr = A("2001:db8:9::1");
	ck_assert_int_eq(bnd_decline(&bs, &v.addr, 500), 0);
	t = bnd_taken(&bs, &v.addr, 128, 499);
	ck_assert(t != NULL && t->b == NULL);
	ck_assert_ptr_null(bnd_taken(&bs, &v.addr, 128, 500));
	bnd_free_all(&bs);
}
END_TEST

START_TEST(pools)
{
	struct d6s_bindings	 bs;
	struct d6s_pool		 p;
	struct d6s_binding	*b;
	struct d6s_value	 v;
	struct in6_addr		 a;
	char			 s[64];
	int			 i;

	bnd_init(&bs, NULL, NULL, NULL);
	memset(&p, 0, sizeof(p));
	p.start = A("2001:db8::fe");
	p.end = A("2001:db8::101");
	pool_setup(&p);
	ck_assert_uint_eq(p.size, 4);
	b = bnd_add(&bs, d1, sizeof(d1), D6O_IA_NA, 1);
	/* ::fe, ::ff, ::100 (a carry across the byte), ::101, then dry */
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(pool_alloc(&p, &bs, 0, &a), 0);
		v = V(inet_ntop(AF_INET6, &a, s, sizeof(s)), 128, 1, 2);
		ck_assert_int_eq(bnd_add_value(&bs, b, &v), 0);
	}
	ck_assert_str_eq(s, "2001:db8::101");
	ck_assert_int_eq(pool_alloc(&p, &bs, 0, &a), -1);
	/* a freed value is found again, wrapping round */
	bnd_del_value(&bs, b, 1);
	ck_assert_int_eq(pool_alloc(&p, &bs, 0, &a), 0);
	ck_assert_str_eq(inet_ntop(AF_INET6, &a, s, sizeof(s)),
	    "2001:db8::ff");
	ck_assert(pool_contains(&p, &a, 128));
	a = A("2001:db8::102");
	ck_assert(!pool_contains(&p, &a, 128));
	/* prefixes: /56s out of a /48 */
	memset(&p, 0, sizeof(p));
	p.is_prefix = 1;
	p.base = A("2001:db8:1::");
	p.base_plen = 48;
	p.plen = 56;
	pool_setup(&p);
	ck_assert_uint_eq(p.size, 256);
	ck_assert_int_eq(pool_alloc(&p, &bs, 0, &a), 0);
	ck_assert_int_eq(pool_alloc(&p, &bs, 0, &a), 0);
	ck_assert_str_eq(inet_ntop(AF_INET6, &a, s, sizeof(s)),
	    "2001:db8:1:100::");
	ck_assert(pool_contains(&p, &a, 56));
	ck_assert(!pool_contains(&p, &a, 64));
	bnd_free_all(&bs);
}
END_TEST

static char	 dbpath[64];

static void
db_setup(void)
{
	strlcpy(dbpath, "/tmp/d6s_test.XXXXXX", sizeof(dbpath));
	ck_assert_int_ne(mkstemp(dbpath), -1);
}

static void
db_teardown(void)
{
	char	 tmp[80];

	unlink(dbpath);
	snprintf(tmp, sizeof(tmp), "%s.tmp", dbpath);
	unlink(tmp);
}

static void
write_file(const char *text)
{
	FILE	*f = fopen(dbpath, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static char *
read_file(void)
{
	static char	 buf[8192];
	FILE		*f = fopen(dbpath, "r");
	size_t		 n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

START_TEST(leasedb_replay)
{
	struct d6s_bindings	 bs;
	struct d6s_leasedb	 db;
	struct d6s_binding	*b;
	struct in6_addr		 a;
	time_t			 now = 1000000;

	bnd_init(&bs, NULL, NULL, NULL);
	write_file("# dhcp6s leases 1\n"
	    /* bound, renewed with another address, then released */
	    "b 0003000101020304050a na 1 999990 2001:db8::1/128 10 20\n"
	    "b 0003000101020304050a na 1 999995 2001:db8::2/128 10 20\n"
	    "r 0003000101020304050a na 1\n"
	    /* bound and still valid */
	    "b 0003000101020304050b pd 2 999990 2001:db8:100::/56 10 100\n"
	    /* ran out while the server was down */
	    "b 0003000101020304050c na 3 999000 2001:db8::3/128 10 20\n"
	    /* infinite */
	    "b 0003000101020304050d na 4 1 2001:db8::4/128 4294967295 "
	    "4294967295\n"
	    "junk that does not parse\n"
	    "b 0003000101020304050e na 5 999990 2001:db8::5/200 10 20\n"
	    "d 2001:db8::9 4000000000\n"
	    /* torn: no newline */
	    "b 0003000101020304050f na 6 999990 2001:db8::6/12");
	ck_assert_int_eq(ldb_open(&db, dbpath, 0, &bs, NULL, now), 0);
	ck_assert_uint_eq(bs.count, 2);
	ck_assert_uint_eq(db.skipped, 3);
	b = bnd_find(&bs, (const uint8_t *)"\0\3\0\1\1\2\3\4\5\x0b", 10,
	    D6O_IA_PD, 2);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(b->nvals, 1);
	ck_assert_uint_eq(b->vals[0].plen, 56);
	ck_assert_int_eq(b->updated, 999990);
	a = A("2001:db8::9");
	ck_assert_ptr_nonnull(bnd_taken(&bs, &a, 128, now));
	a = A("2001:db8::1");
	ck_assert_ptr_null(bnd_taken(&bs, &a, 128, now));
	/* the file was rewritten with the live records only */
	ck_assert_ptr_null(strstr(read_file(), "junk"));
	ck_assert_ptr_nonnull(strstr(read_file(), "d 2001:db8::9 4000000000\n"));
	/* a change is appended, and replays the same */
	ldb_release(&db, b);
	bnd_remove(&bs, b);
	ck_assert_int_eq(ldb_commit(&db), 0);
	ldb_close(&db);
	bnd_free_all(&bs);
	bnd_init(&bs, NULL, NULL, NULL);
	ck_assert_int_eq(ldb_open(&db, dbpath, 1, &bs, NULL, now), 0);
	ck_assert_uint_eq(bs.count, 1);
	ck_assert_uint_eq(db.skipped, 0);
	ldb_close(&db);
	bnd_free_all(&bs);
}
END_TEST

/* Client state: "a" (last RD) and "k" (reconfigure key) records. */
START_TEST(leasedb_clients)
{
	struct d6s_bindings	 bs;
	struct d6s_leasedb	 db;
	struct d6s_clients	 cl;
	struct d6s_client	*c;
	const uint8_t		 dk1[] = { 0, 3, 0, 1, 1, 2, 3, 4, 5, 0x0a };
	const uint8_t		 dk2[] = { 0, 3, 0, 1, 1, 2, 3, 4, 5, 0x0b };
	time_t			 now = 1000000;

	memset(&cl, 0, sizeof(cl));
	bnd_init(&bs, NULL, NULL, NULL);
	write_file("# dhcp6s leases 1\n"
	    "a 0003000101020304050a 00000000000000ff\n"
	    "a 0003000101020304050a 0000000000000100\n"
	    "k 0003000101020304050b 00112233445566778899aabbccddeeff\n"
	    /* a key of 15 bytes, a key that is not hex: skipped */
	    "k 0003000101020304050c 00112233445566778899aabbccddee\n"
	    "k 0003000101020304050d 00112233445566778899aabbccddeexx\n");
	ck_assert_int_eq(ldb_open(&db, dbpath, 0, &bs, &cl, now), 0);
	ck_assert_uint_eq(db.skipped, 2);
	ck_assert_uint_eq(cl.n, 2);
	c = d6s_client_find(&cl, dk1, sizeof(dk1), 0);
	ck_assert_ptr_nonnull(c);
	ck_assert(c->has_rd && !c->has_rkey);
	ck_assert_uint_eq(c->rd, 0x100);
	c = d6s_client_find(&cl, dk2, sizeof(dk2), 0);
	ck_assert_ptr_nonnull(c);
	ck_assert(c->has_rkey && !c->has_rd);
	ck_assert_uint_eq(c->rkey[0], 0x00);
	ck_assert_uint_eq(c->rkey[15], 0xff);
	/* compacted: one record of each */
	ck_assert_ptr_nonnull(strstr(read_file(),
	    "a 0003000101020304050a 0000000000000100\n"));
	ck_assert_ptr_null(strstr(read_file(), "00000000000000ff"));
	ck_assert_ptr_nonnull(strstr(read_file(),
	    "k 0003000101020304050b 00112233445566778899aabbccddeeff\n"));
	/* a new key is appended, and is the one replayed */
	c->rkey[0] = 0x42;
	ldb_rkey(&db, c);
	ck_assert_int_eq(ldb_commit(&db), 0);
	ldb_close(&db);
	d6s_clients_free(&cl);
	ck_assert_int_eq(ldb_open(&db, dbpath, 0, &bs, &cl, now), 0);
	c = d6s_client_find(&cl, dk2, sizeof(dk2), 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->rkey[0], 0x42);
	ldb_close(&db);
	d6s_clients_free(&cl);
	bnd_free_all(&bs);
}
END_TEST

/* The server, driven with hand-made messages and no sockets. */
static struct d6s_server	 srv;
static uint8_t			 out[4096];

static void
srv_setup(void)
{
	int	 errors;

	memset(&srv, 0, sizeof(srv));
	srv.conf = d6s_conf_load_string("t", book, strlen(book), &errors);
	ck_assert_ptr_nonnull(srv.conf);
	d6_duid_parse(&srv.duid, "00:03:00:01:aa:bb:cc:dd:ee:ff");
	bnd_init(&srv.b, NULL, NULL, NULL);
	srv.db.fd = -1;
}

static void
srv_teardown(void)
{
	bnd_free_all(&srv.b);
	d6s_conf_free(srv.conf);
}

static size_t
handle(const uint8_t *msg, size_t len, int multicast, struct d6_msg *r)
{
	struct sockaddr_in6	 src;
	struct d6s_rx		 rx;
	size_t			 n;
	int			 relay;

	memset(&src, 0, sizeof(src));
	src.sin6_family = AF_INET6;
	src.sin6_addr = A("fe80::1");
	memset(&rx, 0, sizeof(rx));
	rx.src = &src;
	rx.multicast = multicast;
	rx.ifc = d6s_iface_by_name(srv.conf, "eth0.100");
	rx.now = 5000;
	d6s_handle(&srv, msg, len, &rx, out, sizeof(out), &n, &relay);
	if (n > 0)
		ck_assert_int_eq(d6_decode(out, n, r), D6E_OK);
	return n;
}

START_TEST(server_request_renew)
{
	struct wbuf	 w;
	uint8_t		 m[512];
	struct d6_msg	 r;
	size_t		 mark;
	static const uint8_t kame[] = { 0, 1, 0, 1, 0x09, 0x5f, 0x93, 0x76,
			    0, 3, 0x47, 0xa5, 0x30, 0x85 };
	char		 s[64];

	/* Request with no host config crashes KAME (flaw 22): not us */
	wbuf_init(&w, m, sizeof(m));
	d6_put_header(&w, D6_REQUEST, 1);
	d6_put_opt(&w, D6O_CLIENTID, d1, sizeof(d1));
	d6_put_opt(&w, D6O_SERVERID, srv.duid.data, srv.duid.len);
	d6_ia_begin(&w, D6O_IA_NA, 9, 0, 0, &mark);
	d6_opt_end(&w, mark);
	ck_assert_uint_gt(handle(m, wbuf_len(&w), 1, &r), 0);
	ck_assert_int_eq(r.type, D6_REPLY);
	ck_assert_int_eq(r.nia, 1);
	/* from the interface's pool: the first address, 100/100 */
	ck_assert_int_eq(r.ia[0].nleases, 1);
	ck_assert_str_eq(inet_ntop(AF_INET6, &r.ia[0].leases[0].addr, s,
	    sizeof(s)), "2001:db8:1::10");
	ck_assert_uint_eq(r.ia[0].t1, 50);
	ck_assert_uint_eq(srv.b.count, 1);
	/* kame's Request: its first address, with the book's T1/T2 */
	wbuf_init(&w, m, sizeof(m));
	d6_put_header(&w, D6_REQUEST, 2);
	d6_put_opt(&w, D6O_CLIENTID, kame, sizeof(kame));
	d6_put_opt(&w, D6O_SERVERID, srv.duid.data, srv.duid.len);
	d6_ia_begin(&w, D6O_IA_NA, 100, 0, 0, &mark);
	d6_opt_end(&w, mark);
	ck_assert_uint_gt(handle(m, wbuf_len(&w), 1, &r), 0);
	ck_assert_str_eq(inet_ntop(AF_INET6, &r.ia[0].leases[0].addr, s,
	    sizeof(s)), "2001:db8:ffff::1");
	ck_assert_uint_eq(r.ia[0].t1, 43200);
	ck_assert_uint_eq(r.ia[0].t2, 69120);
	ck_assert_int_eq(r.dns.n, 2);
	ck_assert_int_eq(r.refresh, -1);
	/* an empty IA in a Renew (KAME flaw 23): the binding comes back */
	wbuf_init(&w, m, sizeof(m));
	d6_put_header(&w, D6_RENEW, 3);
	d6_put_opt(&w, D6O_CLIENTID, kame, sizeof(kame));
	d6_put_opt(&w, D6O_SERVERID, srv.duid.data, srv.duid.len);
	d6_ia_begin(&w, D6O_IA_NA, 100, 0, 0, &mark);
	d6_opt_end(&w, mark);
	ck_assert_uint_gt(handle(m, wbuf_len(&w), 1, &r), 0);
	ck_assert_int_eq(r.ia[0].nleases, 1);
	ck_assert_uint_eq(r.ia[0].leases[0].valid, 604800);
	/* a unicast Renew: UseMulticast */
	ck_assert_uint_gt(handle(m, wbuf_len(&w), 0, &r), 0);
	ck_assert(r.status.present);
	ck_assert_uint_eq(r.status.code, D6S_USEMULTICAST);
	ck_assert_int_eq(r.nia, 0);
	/* a Rebind with only an IA_NA (KAME flaw 24) is answered */
	wbuf_init(&w, m, sizeof(m));
	d6_put_header(&w, D6_REBIND, 4);
	d6_put_opt(&w, D6O_CLIENTID, kame, sizeof(kame));
	d6_ia_begin(&w, D6O_IA_NA, 100, 0, 0, &mark);
	d6_opt_end(&w, mark);
	ck_assert_uint_gt(handle(m, wbuf_len(&w), 1, &r), 0);
	ck_assert_int_eq(r.ia[0].nleases, 1);
	ck_assert_uint_eq(srv.st.bindings_added, 2);
}
END_TEST

static Suite *
dhcp6s_suite(void)
{
	Suite	*s = suite_create("dhcp6s");
	TCase	*tc;

	tc = tcase_create("conf");
	tcase_add_test(tc, conf_book);
	tcase_add_test(tc, conf_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("bindings");
	tcase_add_test(tc, t1t2);
	tcase_add_test(tc, bindings);
	tcase_add_test(tc, pools);
	suite_add_tcase(s, tc);

	tc = tcase_create("leasedb");
	tcase_add_checked_fixture(tc, db_setup, db_teardown);
	tcase_add_test(tc, leasedb_replay);
	tcase_add_test(tc, leasedb_clients);
	suite_add_tcase(s, tc);

	tc = tcase_create("server");
	tcase_add_checked_fixture(tc, srv_setup, srv_teardown);
	tcase_add_test(tc, server_request_renew);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	log_init("dhcp6s_test", 1, 0);
	return t6_run_suite(dhcp6s_suite(), 0);
}
