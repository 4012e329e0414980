/* Unit tests for common/addr6: addresses with lifetimes, in a netns. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr6.h"
#include "t6check.h"

static struct in6_addr
A(const char *text)
{
	struct in6_addr	 a;

	ck_assert_msg(inet_pton(AF_INET6, text, &a) == 1, "bad %s", text);
	return a;
}

static void
setup(void)
{
	t6_private_netns();
	t6_sh("ip link add name va type veth peer name vb");
	t6_sh("ip link set va up && ip link set vb up");
}

/* `ip -6 addr show` of va, one line per address with its lifetimes. */
static char *
show(void)
{
	static char	 out[4096];
	FILE		*f;
	size_t		 n;

	f = popen("ip -6 -o addr show dev va 2>&1", "r");
	ck_assert_ptr_nonnull(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	pclose(f);
	return out;
}

START_TEST(add_refresh_delete)
{
	struct addr6	*a;
	struct in6_addr	 x = A("2001:db8::5");
	uint32_t	 idx = if_nametoindex("va");

	a = addr6_open();
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(addr6_set(a, idx, &x, 128, 100, 200, ADDR6_NODAD), 0);
	ck_assert_msg(strstr(show(), "2001:db8::5/128") != NULL, "%s", show());
	ck_assert_msg(strstr(show(), "valid_lft 200sec") ||
	    strstr(show(), "valid_lft 199sec"), "%s", show());
	ck_assert_msg(strstr(show(), "preferred_lft 100sec") ||
	    strstr(show(), "preferred_lft 99sec"), "%s", show());
	/* again, longer: the lifetimes are refreshed (what KAME lacked) */
	ck_assert_int_eq(addr6_set(a, idx, &x, 128, 1000, 3000, ADDR6_NODAD),
	    0);
	ck_assert_msg(strstr(show(), "valid_lft 3000sec") ||
	    strstr(show(), "valid_lft 2999sec"), "%s", show());
	/* infinite */
	ck_assert_int_eq(addr6_set(a, idx, &x, 128, ADDR6_FOREVER,
	    ADDR6_FOREVER, ADDR6_NODAD), 0);
	ck_assert_msg(strstr(show(), "valid_lft forever") != NULL, "%s",
	    show());
	ck_assert_int_eq(addr6_del(a, idx, &x, 128), 0);
	ck_assert_msg(strstr(show(), "2001:db8::5") == NULL, "%s", show());
	/* gone already */
	ck_assert_int_eq(addr6_del(a, idx, &x, 128), -EADDRNOTAVAIL);
	addr6_close(a);
}
END_TEST

START_TEST(preferred_capped_and_bad_args)
{
	struct addr6	*a;
	struct in6_addr	 x = A("2001:db8:1:2::1");
	uint32_t	 idx = if_nametoindex("va");

	a = addr6_open();
	ck_assert_ptr_nonnull(a);
	/* a /64 with preferred > valid: preferred is cut to valid */
	ck_assert_int_eq(addr6_set(a, idx, &x, 64, 500, 50, ADDR6_NODAD), 0);
	ck_assert_msg(strstr(show(), "2001:db8:1:2::1/64") != NULL, "%s",
	    show());
	ck_assert_msg(strstr(show(), "preferred_lft 500") == NULL, "%s",
	    show());
	ck_assert_int_eq(addr6_set(a, idx, &x, 64, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(addr6_set(a, idx, &x, 129, 1, 1, 0), -EINVAL);
	ck_assert_int_eq(addr6_set(a, 0, &x, 64, 1, 1, 0), -EINVAL);
	/* no such interface */
	ck_assert_int_lt(addr6_set(a, 999999, &x, 64, 1, 1, 0), 0);
	addr6_close(a);
}
END_TEST

static Suite *
addr6_suite(void)
{
	Suite	*s = suite_create("addr6");
	TCase	*tc = tcase_create("netns");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, add_refresh_delete);
	tcase_add_test(tc, preferred_capped_and_bad_args);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(addr6_suite(), 1);
}
