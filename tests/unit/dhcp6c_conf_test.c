/*
 * Unit tests for dhcp6c.conf (dhcp6/dhcp6c/parse.y, printconf.c) and the
 * lease file (lease.c): good files give the model, bad ones
 * "file:line: what", the printed form reads back the same.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dhcp6c.h"
#include "t6check.h"

int	c6_conf_keywords_ok(void);

static char	 msgs[8192];

static void
collect(const char *msg, void *arg)
{
	strlcat(msgs, msg, sizeof(msgs));
	strlcat(msgs, "\n", sizeof(msgs));
}

static struct c6_conf *
load(const char *text, int *errors)
{
	msgs[0] = '\0';
	c6_conf_msgfn(collect, NULL);
	return c6_conf_load("t.conf", text, strlen(text), errors);
}

static void
bad(const char *text, const char *want)
{
	struct c6_conf	*c;
	int		 errors;

	c = load(text, &errors);
	ck_assert_msg(c == NULL, "accepted: %s", text);
	ck_assert_int_gt(errors, 0);
	ck_assert_msg(strstr(msgs, want) != NULL, "for %s\nwanted %s\ngot %s",
	    text, want, msgs);
}

static char *
print(const struct c6_conf *c)
{
	static char	 buf[8192];
	FILE		*f;

	f = fmemopen(buf, sizeof(buf), "w");
	ck_assert_ptr_nonnull(f);
	c6_conf_print(c, f);
	fclose(f);
	return buf;
}

START_TEST(keywords_sorted)
{
	ck_assert(c6_conf_keywords_ok());
}
END_TEST

START_TEST(book_examples)
{
	struct c6_conf		*c;
	struct c6_ifconf	*ifc;
	struct c6_iaconf	*ia;
	char			 a[64];
	int			 errors;

	c = load("# the book's PD example, with Linux names\n"
	    "interface \"veth-c0\" { send ia-pd 200; send ia-na 100, "
	    "rapid-commit;\n request domain-name-servers, domain-name;\n"
	    " request ntp-servers; script \"/etc/dhcp6c-script\"; };\n"
	    "id-assoc pd 200 { prefix 2001:db8:1234::/48 0;\n"
	    "  prefix-interface br-lan { sla-id 1; };\n"
	    "  prefix-interface eth0.100 { sla-id 2; sla-len 8; }; };\n"
	    "id-assoc na 100 { address 2001:db8:1234::1 100 infinity; };\n"
	    "id-assoc na { };\n", &errors);
	ck_assert_msg(c != NULL, "%s", msgs);
	ifc = c6_conf_if(c, "veth-c0");
	ck_assert_ptr_nonnull(ifc);
	ck_assert_int_eq(ifc->nia, 2);
	ck_assert_uint_eq(ifc->ia[0]->type, D6O_IA_PD);
	ck_assert_uint_eq(ifc->ia[0]->iaid, 200);
	ck_assert_uint_eq(ifc->ia[1]->iaid, 100);
	ck_assert_uint_eq(ifc->flags, C6F_RAPID);
	ck_assert_int_eq(ifc->noro, 3);
	ck_assert_uint_eq(ifc->oro[0], D6O_DNS_SERVERS);
	ck_assert_uint_eq(ifc->oro[2], D6O_SNTP_SERVERS);
	ck_assert_str_eq(ifc->script, "/etc/dhcp6c-script");
	ia = ifc->ia[0];
	ck_assert_int_eq(ia->nhints, 1);
	ck_assert_int_eq(ia->hints[0].plen, 48);
	ck_assert_uint_eq(ia->hints[0].pl, 0);
	ck_assert_int_eq(ia->npifs, 2);
	ck_assert_str_eq(ia->pifs[0].ifname, "br-lan");
	ck_assert_int_eq(ia->pifs[0].sla_len, 16);	/* default */
	ck_assert_uint_eq(ia->pifs[1].sla_id, 2);
	ck_assert_int_eq(ia->pifs[1].sla_len, 8);
	ia = ifc->ia[1];
	inet_ntop(AF_INET6, &ia->hints[0].addr, a, sizeof(a));
	ck_assert_str_eq(a, "2001:db8:1234::1");
	ck_assert_uint_eq(ia->hints[0].pl, 100);
	ck_assert_uint_eq(ia->hints[0].vl, D6_INFINITY);
	/* the IAID defaults to 0; unused, it is only a note */
	ia = TAILQ_LAST(&c->ias, c6_iaconf_q);
	ck_assert_uint_eq(ia->iaid, 0);
	ck_assert_int_eq(ia->used, 0);
	c6_conf_free(c);
}
END_TEST

START_TEST(order_free_and_info_only)
{
	struct c6_conf	*c;
	int		 errors;

	/* send before the id-assoc it names; blocks without ';' */
	c = load("interface eth0 { send ia-na; information-only; }\n"
	    "id-assoc na { }", &errors);
	ck_assert_msg(c != NULL, "%s", msgs);
	ck_assert_int_eq(c6_conf_if(c, "eth0")->nia, 1);
	ck_assert_uint_eq(c6_conf_if(c, "eth0")->ia[0]->iaid, 0);
	ck_assert_uint_eq(c6_conf_if(c, "eth0")->flags, C6F_INFO_ONLY);
	c6_conf_free(c);
	c = load("", &errors);
	ck_assert_ptr_nonnull(c);
	ck_assert(TAILQ_EMPTY(&c->ifs));
	c6_conf_free(c);
}
END_TEST

START_TEST(errors_with_lines)
{
	bad("interface eth0 {\n send ia-na 7;\n};\n",
	    "t.conf:2: IA_NA (7) is not defined");
	bad("interface eth0 { send ia-pd 1; };\ninterface eth1 {\n"
	    " send ia-pd 1; };\nid-assoc pd 1 { };\n",
	    "t.conf:3: IA_PD (1) is sent on another interface already");
	bad("interface eth0 {\n script \"relative/x\"; };\n",
	    "t.conf:2: script must be an absolute path");
	bad("interface eth0 { script \"/a\";\n script \"/b\"; };\n",
	    "t.conf:2: script given twice");
	bad("id-assoc na 1 { };\nid-assoc na 1 { };\n",
	    "t.conf:2: id-assoc na 1 is defined twice");
	bad("id-assoc na 1 {\n address 2001:db8::zz 10; };\n",
	    "t.conf:2: expected an IPv6 address");
	bad("id-assoc na 1 {\n address 2001:db8::1 200 100; };\n",
	    "t.conf:2: preferred lifetime 200 is longer than valid");
	bad("id-assoc na 1 { address 2001:db8::1\n forever; };\n",
	    "t.conf:2: expected a lifetime in seconds or infinity");
	bad("id-assoc pd 1 {\n prefix 2001:db8::/129 10; };\n", "t.conf:2:");
	bad("id-assoc pd 1 { prefix-interface lan0 {\n sla-len 65; }; };\n",
	    "t.conf:2:");
	bad("id-assoc pd 1 { prefix-interface lan0 { sla-id 1; };\n"
	    " prefix-interface lan0 { }; };\n",
	    "t.conf:2: prefix-interface lan0 given twice");
	bad("interface eth0 { send ia-na 1 }\n", "t.conf:1: syntax error, "
	    "unexpected '}', expecting ';' or ','");
	bad("interface eth0 {\n request time-of-day; };\n",
	    "t.conf:2: syntax error, unexpected name");
	bad("interface eth0 { };\ninterface eth0 { };\n",
	    "t.conf:2: interface eth0 is configured twice");
	bad("interface \"bad/name\" { };\n", "t.conf:1:");
	bad("interface eth0 {\n send authentication k; };\n",
	    "t.conf:1: interface eth0: no authentication named k");
	bad("authentication a { protocol delayed; };\n"
	    "interface eth0 { send authentication a; };\n",
	    "t.conf:2: interface eth0: authentication without any keyinfo");
	bad("keyinfo k { realm \"x\"; keyid 1; secret \"abc\"; };\n",
	    "t.conf:1: secret: not base64");
	bad("keyinfo k {\n realm \"x\";\n secret \"AAAA\"; };\n",
	    "t.conf:1: keyinfo k: realm, keyid and secret are all required");
	bad("authentication a {\n protocol reconfigure; };\n",
	    "t.conf:2: protocol reconfigure is not supported (delayed only)");
	bad("keyinfo k { realm \"x\"; keyid 1; secret \"AAAA\";\n"
	    " expire \"soon\"; };\n", "t.conf:2: expire: expected");
	bad("interface eth0 { send ia-na 4294967296; };\n", "t.conf:1:");
	bad("id-assoc na 1 {", "t.conf:1: syntax error, unexpected end of "
	    "file");
}
END_TEST

START_TEST(print_reads_back)
{
	static const char text[] =
	    "interface \"42\" { send ia-na 1, ia-pd 2, rapid-commit;\n"
	    " request domain-name, refreshtime; script \"/x/y z\"; };\n"
	    "interface \"pd\" { information-only; };\n"
	    "id-assoc na 1 { address 2001:db8::1 10 20; };\n"
	    "id-assoc pd 2 { prefix 2001:db8::/48 infinity;\n"
	    " prefix-interface \"na\" { sla-id 3; sla-len 4; }; };\n";
	struct c6_conf	*c, *c2;
	char		 first[8192];
	int		 errors;

	c = load(text, &errors);
	ck_assert_msg(c != NULL, "%s", msgs);
	strlcpy(first, print(c), sizeof(first));
	c2 = load(first, &errors);
	ck_assert_msg(c2 != NULL, "%s\n%s", msgs, first);
	ck_assert_str_eq(print(c2), first);
	ck_assert_msg(strstr(first, "prefix 2001:db8::/48 infinity "
	    "infinity;") != NULL, "%s", first);
	ck_assert_msg(strstr(first, "script \"/x/y z\";") != NULL, "%s",
	    first);
	c6_conf_free(c);
	c6_conf_free(c2);
}
END_TEST

START_TEST(lease_file_round_trip)
{
	struct c6_saved	 s[2], r[4];
	char		 path[] = "/tmp/dhcp6c_lease_test.XXXXXX";
	int		 fd, n;
	FILE		*f;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	memset(s, 0, sizeof(s));
	strlcpy(s[0].ifname, "eth0", sizeof(s[0].ifname));
	d6_duid_parse(&s[0].b.server, "00:03:00:01:02:00:00:00:00:01");
	s[0].obtained = 1700000000;
	s[0].b.nia = 2;
	s[0].b.ia[0].type = D6O_IA_NA;
	s[0].b.ia[0].iaid = 100;
	s[0].b.ia[0].t1 = 10;
	s[0].b.ia[0].t2 = 20;
	s[0].b.ia[0].nleases = 1;
	inet_pton(AF_INET6, "2001:db8::5", &s[0].b.ia[0].leases[0].addr);
	s[0].b.ia[0].leases[0].plen = 128;
	s[0].b.ia[0].leases[0].pl = 30;
	s[0].b.ia[0].leases[0].vl = D6_INFINITY;
	s[0].b.ia[0].leases[0].start = 1700000001;
	s[0].b.ia[1].type = D6O_IA_PD;
	s[0].b.ia[1].iaid = 7;
	s[0].b.ia[1].nleases = 1;
	inet_pton(AF_INET6, "2001:db8:100::", &s[0].b.ia[1].leases[0].addr);
	s[0].b.ia[1].leases[0].plen = 56;
	s[0].b.ia[1].leases[0].pl = 1;
	s[0].b.ia[1].leases[0].vl = 2;
	strlcpy(s[1].ifname, "br-lan", sizeof(s[1].ifname));
	d6_duid_parse(&s[1].b.server, "00:02:00:00:00:09:01");
	ck_assert_int_eq(c6_lease_write(path, s, 2), 0);
	n = c6_lease_read(path, r, 4);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(r[0].ifname, "eth0");
	ck_assert_int_eq(r[0].obtained, 1700000000);
	ck_assert(d6_duid_eq(&s[0].b.server, r[0].b.server.data,
	    r[0].b.server.len));
	ck_assert_int_eq(r[0].b.nia, 2);
	ck_assert_int_eq(memcmp(&r[0].b.ia[0].leases[0], &s[0].b.ia[0].
	    leases[0], sizeof(struct c6_lease)), 0);
	ck_assert_int_eq(r[0].b.ia[1].type, D6O_IA_PD);
	ck_assert_int_eq(r[0].b.ia[1].leases[0].plen, 56);
	ck_assert_str_eq(r[1].ifname, "br-lan");
	/* garbage lines are skipped, not fatal */
	f = fopen(path, "w");
	fprintf(f, "interface x\nlease nonsense\nia zz 1 2 3\nia na 1 2 3\n"
	    "lease 2001:db8::1 300 1 2 3\nlease not-an-address 128 1 2 3\n"
	    "lease 2001:db8::2 128 1 2 3\n");
	fclose(f);
	n = c6_lease_read(path, r, 4);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(r[0].b.nia, 1);
	ck_assert_int_eq(r[0].b.ia[0].nleases, 1);
	unlink(path);
	ck_assert_int_eq(c6_lease_read(path, r, 4), -1);
}
END_TEST

static Suite *
conf_suite(void)
{
	Suite	*s = suite_create("dhcp6c_conf");
	TCase	*tc = tcase_create("conf");

	tcase_add_test(tc, keywords_sorted);
	tcase_add_test(tc, book_examples);
	tcase_add_test(tc, order_free_and_info_only);
	tcase_add_test(tc, errors_with_lines);
	tcase_add_test(tc, print_reads_back);
	tcase_add_test(tc, lease_file_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(conf_suite(), 0);
}
