/* Unit tests for common/in6: masks, prefix lengths, matching, text. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "in6.h"
#include "t6check.h"

static struct in6_addr
A(const char *s)
{
	struct in6_addr	 a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

START_TEST(plen2mask_and_back)
{
	struct in6_addr	 m;
	int		 plen;

	for (plen = 0; plen <= 128; plen++) {
		in6_plen2mask(&m, plen);
		ck_assert_int_eq(in6_mask2plen(&m, 16), plen);
	}
	in6_plen2mask(&m, 20);
	ck_assert_uint_eq(m.s6_addr[2], 0xf0);
	ck_assert_uint_eq(m.s6_addr[3], 0);
	in6_plen2mask(&m, -5);
	ck_assert_int_eq(in6_mask2plen(&m, 16), 0);
	in6_plen2mask(&m, 200);
	ck_assert_int_eq(in6_mask2plen(&m, 16), 128);
}
END_TEST

START_TEST(mask2plen_truncated)
{
	/* the kernel hands over masks cut after their last non-zero byte */
	const uint8_t	 m64[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff };
	const uint8_t	 m33[5] = { 0xff, 0xff, 0xff, 0xff, 0x80 };
	const uint8_t	 def[1] = { 0 };
	const uint8_t	 hole[3] = { 0xff, 0x00, 0xff };
	const uint8_t	 gap[1] = { 0xa0 };
	uint8_t		 big[17];

	ck_assert_int_eq(in6_mask2plen(m64, sizeof(m64)), 64);
	ck_assert_int_eq(in6_mask2plen(m33, sizeof(m33)), 33);
	ck_assert_int_eq(in6_mask2plen(def, sizeof(def)), 0);
	ck_assert_int_eq(in6_mask2plen(def, 0), 0);
	ck_assert_int_eq(in6_mask2plen(hole, sizeof(hole)), -1);
	ck_assert_int_eq(in6_mask2plen(gap, sizeof(gap)), -1);
	memset(big, 0xff, sizeof(big));
	ck_assert_int_eq(in6_mask2plen(big, sizeof(big)), -1);
}
END_TEST

START_TEST(applyplen)
{
	struct in6_addr	 a = A("2001:db8:ffff:ffff::1"), want;

	in6_applyplen(&a, 36);
	want = A("2001:db8:f000::");
	ck_assert_mem_eq(&a, &want, 16);
	in6_applyplen(&a, 0);
	want = A("::");
	ck_assert_mem_eq(&a, &want, 16);
}
END_TEST

START_TEST(prefix_relations)
{
	struct in6_addr	 p = A("2001:db8::"), a = A("2001:db8:0:1::5");
	struct in6_addr	 other = A("2001:db9::");

	ck_assert(in6_prefix_contains(&p, 32, &a));
	ck_assert(!in6_prefix_contains(&p, 32, &other));
	ck_assert(in6_prefix_contains(&p, 0, &other));	/* ::/0 */
	ck_assert(in6_prefix_contains(&p, 31, &other));
	ck_assert(in6_prefix_within(&a, 64, &p, 32));
	ck_assert(!in6_prefix_within(&p, 32, &a, 64));
	ck_assert(in6_prefix_within(&p, 32, &p, 32));
	ck_assert(in6_prefix_equal(&a, &a, 128));
	ck_assert(in6_prefix_equal(&a, &p, 48));
	ck_assert(!in6_prefix_equal(&a, &p, 64));
	ck_assert(in6_prefix_equal(&a, &other, -3));
	ck_assert(in6_prefix_equal(&a, &a, 300));
	ck_assert_int_lt(in6_cmp(&p, &other), 0);
	ck_assert_int_gt(in6_cmp(&other, &p), 0);
	ck_assert_int_eq(in6_cmp(&p, &p), 0);
}
END_TEST

START_TEST(prefix_parse_good)
{
	struct in6_addr	 a, want;
	int		 plen;
	char		 buf[IN6_PREFIXSTRLEN];

	ck_assert_int_eq(in6_prefix_parse("2001:db8::/32", &a, &plen, 0), 0);
	ck_assert_int_eq(plen, 32);
	ck_assert_str_eq(in6_prefix_format(&a, plen, buf, sizeof(buf)),
	    "2001:db8::/32");
	ck_assert_int_eq(in6_prefix_parse("::/0", &a, &plen, 0), 0);
	ck_assert_int_eq(plen, 0);
	ck_assert_int_eq(in6_prefix_parse("2001:db8::1", &a, &plen, 0), 0);
	ck_assert_int_eq(plen, 128);
	ck_assert_int_eq(in6_prefix_parse("2001:db8::1/64", &a, &plen, 1), 0);
	want = A("2001:db8::1");
	ck_assert_mem_eq(&a, &want, 16);
}
END_TEST

START_TEST(prefix_parse_errors)
{
	struct in6_addr	 a;
	int		 plen = -7;

	ck_assert_int_eq(in6_prefix_parse("2001:db8::/129", &a, &plen, 0), -1);
	ck_assert_int_eq(errno, ERANGE);
	ck_assert_int_eq(plen, -7);	/* untouched on error */
	ck_assert_int_eq(in6_prefix_parse("2001:db8::/-1", &a, &plen, 0), -1);
	ck_assert_int_eq(errno, ERANGE);
	ck_assert_int_eq(in6_prefix_parse("2001:db8::/", &a, &plen, 0), -1);
	ck_assert_int_eq(errno, ERANGE);
	ck_assert_int_eq(in6_prefix_parse("2001:db8::/6x", &a, &plen, 0), -1);
	ck_assert_int_eq(in6_prefix_parse("2001:db8::/99999999999999999999",
	    &a, &plen, 0), -1);
	ck_assert_int_eq(errno, ERANGE);
	ck_assert_int_eq(in6_prefix_parse("2001:db8::1/64", &a, &plen, 0), -1);
	ck_assert_int_eq(errno, EADDRNOTAVAIL);
	ck_assert_int_eq(in6_prefix_parse("2001:zz8::/32", &a, &plen, 0), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(in6_prefix_parse("/32", &a, &plen, 0), -1);
	ck_assert_int_eq(in6_prefix_parse(NULL, &a, &plen, 0), -1);
	ck_assert_int_eq(in6_prefix_parse("10.0.0.0/8", &a, &plen, 0), -1);
	ck_assert_int_eq(in6_prefix_parse(
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", &a, &plen, 0),
	    -1);
}
END_TEST

START_TEST(prefix_format_small)
{
	struct in6_addr	 a = A("2001:db8::");
	char		 buf[10];

	ck_assert_ptr_null(in6_prefix_format(&a, 32, buf, sizeof(buf)));
	ck_assert_int_eq(errno, ENOSPC);
}
END_TEST

static Suite *
in6_suite(void)
{
	Suite	*s = suite_create("in6");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, plen2mask_and_back);
	tcase_add_test(tc, mask2plen_truncated);
	tcase_add_test(tc, applyplen);
	tcase_add_test(tc, prefix_relations);
	tcase_add_test(tc, prefix_parse_good);
	tcase_add_test(tc, prefix_parse_errors);
	tcase_add_test(tc, prefix_format_small);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(in6_suite(), 0);
}
