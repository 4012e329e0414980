/* Unit tests for common/scope6: zones in text, scope ids, KAME embedding. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "scope6.h"
#include "t6check.h"

/* A fixed interface table, so the tests do not depend on the host. */
static uint32_t
fake_n2i(const char *name)
{
	if (strcmp(name, "ne0") == 0)
		return 2;
	if (strcmp(name, "eth0.100") == 0)
		return 7;
	if (strcmp(name, "wg+1") == 0)
		return 300;
	return 0;
}

static const char *
fake_i2n(uint32_t index, char *buf)
{
	switch (index) {
	case 2:
		return strcpy(buf, "ne0");
	case 7:
		return strcpy(buf, "eth0.100");
	case 300:
		return strcpy(buf, "wg+1");
	}
	errno = ENXIO;
	return NULL;
}

static void
setup(void)
{
	scope6_set_resolver(fake_n2i, fake_i2n);
}

static void
teardown(void)
{
	scope6_set_resolver(NULL, NULL);
}

static struct in6_addr
A(const char *s)
{
	struct in6_addr	 a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

START_TEST(is_scoped)
{
	struct in6_addr	 a;

	a = A("fe80::1");
	ck_assert(scope6_is_scoped(&a));
	a = A("febf::1");
	ck_assert(scope6_is_scoped(&a));
	a = A("fec0::1");		/* site-local: not a link zone */
	ck_assert(!scope6_is_scoped(&a));
	a = A("ff02::9");
	ck_assert(scope6_is_scoped(&a));
	a = A("ff01::1");
	ck_assert(scope6_is_scoped(&a));
	a = A("ff12::1:2");		/* transient, link scope */
	ck_assert(scope6_is_scoped(&a));
	a = A("ff05::1:3");
	ck_assert(!scope6_is_scoped(&a));
	a = A("2001:db8::1");
	ck_assert(!scope6_is_scoped(&a));
	a = A("::1");
	ck_assert(!scope6_is_scoped(&a));
}
END_TEST

START_TEST(parse_and_format_round_trip)
{
	static const char *const texts[] = {
		"fe80::1%ne0", "fe80::202:b3ff:fe3a:87d9%eth0.100",
		"ff02::9%wg+1", "2001:db8::1", "::", "ff05::1:3",
		"fe80::1",
	};
	struct sockaddr_in6	 sin6;
	char			 buf[SCOPE6_STRLEN];
	size_t			 i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		ck_assert_int_eq(scope6_parse(texts[i], &sin6), 0);
		ck_assert_int_eq(sin6.sin6_family, AF_INET6);
		ck_assert_ptr_nonnull(scope6_format(&sin6, buf, sizeof(buf)));
		ck_assert_str_eq(buf, texts[i]);
	}
	ck_assert_int_eq(scope6_parse("fe80::1%ne0", &sin6), 0);
	ck_assert_uint_eq(sin6.sin6_scope_id, 2);
}
END_TEST

START_TEST(parse_numeric_zone)
{
	struct sockaddr_in6	 sin6;
	char			 buf[SCOPE6_STRLEN];

	ck_assert_int_eq(scope6_parse("fe80::1%7", &sin6), 0);
	ck_assert_uint_eq(sin6.sin6_scope_id, 7);
	ck_assert_str_eq(scope6_format(&sin6, buf, sizeof(buf)),
	    "fe80::1%eth0.100");
	/* an index no interface has prints as a number */
	ck_assert_int_eq(scope6_parse("fe80::1%99", &sin6), 0);
	ck_assert_str_eq(scope6_format(&sin6, buf, sizeof(buf)),
	    "fe80::1%99");
}
END_TEST

START_TEST(parse_errors)
{
	struct sockaddr_in6	 sin6;
	char			 longname[64];

	errno = 0;
	ck_assert_int_eq(scope6_parse("fe80::1%nosuch", &sin6), -1);
	ck_assert_int_eq(errno, ENXIO);
	ck_assert_int_eq(scope6_parse("2001:db8::1%ne0", &sin6), -1);
	ck_assert_int_eq(errno, EDOM);
	ck_assert_int_eq(scope6_parse("fe80::1%", &sin6), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(scope6_parse("%ne0", &sin6), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(scope6_parse("", &sin6), -1);
	ck_assert_int_eq(scope6_parse(NULL, &sin6), -1);
	ck_assert_int_eq(scope6_parse("fe80::g", &sin6), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(scope6_parse("192.0.2.1", &sin6), -1);
	ck_assert_int_eq(scope6_parse("fe80::1%0", &sin6), -1);
	ck_assert_int_eq(scope6_parse("fe80::1%4294967296", &sin6), -1);
	ck_assert_int_eq(scope6_parse("fe80::1%ne0%ne0", &sin6), -1);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ck_assert_int_eq(scope6_parse(longname, &sin6), -1);
	snprintf(longname, sizeof(longname), "fe80::1%%%s",
	    "sixteen-chars-xx");
	ck_assert_int_eq(scope6_parse(longname, &sin6), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(need_zone)
{
	struct sockaddr_in6	 sin6;

	ck_assert_int_eq(scope6_parse("fe80::1", &sin6), 0);
	ck_assert_int_eq(scope6_need_zone(&sin6), -1);
	ck_assert_int_eq(errno, EDESTADDRREQ);
	ck_assert_int_eq(scope6_parse("fe80::1%ne0", &sin6), 0);
	ck_assert_int_eq(scope6_need_zone(&sin6), 0);
	ck_assert_int_eq(scope6_parse("2001:db8::1", &sin6), 0);
	ck_assert_int_eq(scope6_need_zone(&sin6), 0);
}
END_TEST

START_TEST(format_small_buffer)
{
	struct in6_addr	 a = A("fe80::1");
	char		 buf[8];

	ck_assert_ptr_null(scope6_ntop(&a, 2, buf, sizeof(buf)));
	ck_assert_int_eq(errno, ENOSPC);
	ck_assert_ptr_null(scope6_ntop(&a, 0, buf, 7));
	ck_assert_ptr_nonnull(scope6_ntop(&a, 0, buf, 8));
	ck_assert_str_eq(buf, "fe80::1");
	/* an unscoped address never gets a zone, even if one is given */
	a = A("2001:db8::1");
	{
		char big[SCOPE6_STRLEN];

		ck_assert_str_eq(scope6_ntop(&a, 2, big, sizeof(big)),
		    "2001:db8::1");
	}
}
END_TEST

START_TEST(ifname_or_index)
{
	char	 buf[IF_NAMESIZE];

	ck_assert_str_eq(scope6_ifname(7, buf), "eth0.100");
	ck_assert_str_eq(scope6_ifname(99, buf), "if99");
}
END_TEST

START_TEST(sin6_fill)
{
	struct sockaddr_in6	 sin6;
	struct in6_addr		 ll = A("fe80::1"), gl = A("2001:db8::1");

	scope6_sin6(&sin6, &ll, 5, 521);
	ck_assert_uint_eq(sin6.sin6_scope_id, 5);
	ck_assert_uint_eq(ntohs(sin6.sin6_port), 521);
	scope6_sin6(&sin6, &gl, 5, 0);
	ck_assert_uint_eq(sin6.sin6_scope_id, 0);
}
END_TEST

/* The book's examples (route6d spec, scenario S1). */
START_TEST(kame_embed_extract)
{
	struct in6_addr	 a, want;

	a = A("fe80::1");
	ck_assert_int_eq(scope6_embed(&a, 2), 0);
	want = A("fe80:2::1");
	ck_assert_mem_eq(&a, &want, 16);
	ck_assert_uint_eq(scope6_extract(&a), 2);
	want = A("fe80::1");
	ck_assert_mem_eq(&a, &want, 16);

	a = A("ff02::9");
	ck_assert_int_eq(scope6_embed(&a, 1), 0);
	want = A("ff02:1::9");
	ck_assert_mem_eq(&a, &want, 16);
	ck_assert_uint_eq(scope6_extract(&a), 1);

	a = A("fe80::1");
	ck_assert_int_eq(scope6_embed(&a, 0xffff), 0);
	ck_assert_uint_eq(scope6_extract(&a), 0xffff);

	/* a global address is left alone */
	a = A("2001:db8::1");
	ck_assert_int_eq(scope6_embed(&a, 2), -1);
	ck_assert_int_eq(errno, EINVAL);
	want = A("2001:db8::1");
	ck_assert_mem_eq(&a, &want, 16);
	ck_assert_uint_eq(scope6_extract(&a), 0);
	ck_assert_mem_eq(&a, &want, 16);

	/* the overflow the book notes is unchecked in KAME */
	a = A("fe80::1");
	ck_assert_int_eq(scope6_embed(&a, 0x10000), -1);
	ck_assert_int_eq(errno, ERANGE);
	want = A("fe80::1");
	ck_assert_mem_eq(&a, &want, 16);

	ck_assert_int_eq(scope6_embed(&a, 0), 0);
	ck_assert_mem_eq(&a, &want, 16);
}
END_TEST

START_TEST(default_resolver_uses_kernel)
{
	struct sockaddr_in6	 sin6;
	char			 buf[SCOPE6_STRLEN];

	scope6_set_resolver(NULL, NULL);
	/* lo is index 1 in every namespace */
	ck_assert_int_eq(scope6_parse("fe80::1%lo", &sin6), 0);
	ck_assert_uint_eq(sin6.sin6_scope_id, 1);
	ck_assert_str_eq(scope6_format(&sin6, buf, sizeof(buf)),
	    "fe80::1%lo");
}
END_TEST

static Suite *
scope6_suite(void)
{
	Suite	*s = suite_create("scope6");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, is_scoped);
	tcase_add_test(tc, parse_and_format_round_trip);
	tcase_add_test(tc, parse_numeric_zone);
	tcase_add_test(tc, parse_errors);
	tcase_add_test(tc, need_zone);
	tcase_add_test(tc, format_small_buffer);
	tcase_add_test(tc, sin6_fill);
	tcase_add_test(tc, ifname_or_index);
	tcase_add_test(tc, kame_embed_extract);
	tcase_add_test(tc, default_resolver_uses_kernel);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(scope6_suite(), 0);
}
