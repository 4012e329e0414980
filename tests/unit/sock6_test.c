/* Unit tests for common/sock6, each in a private network namespace. */
#include <sys/socket.h>

#include <netinet/icmp6.h>
#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sock6.h"
#include "t6check.h"

static struct in6_addr
A(const char *s)
{
	struct in6_addr	 a;

	ck_assert_int_eq(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/* Two veth ends in this namespace with fixed link-locals, no DAD. */
static void
setup_veth(void)
{
	t6_private_netns();
	t6_sh("ip link add name va type veth peer name vb");
	t6_sh("ip link set va addrgenmode none; ip link set vb addrgenmode none");
	t6_sh("ip link set va up; ip link set vb up");
	t6_sh("ip addr add fe80::1/64 dev va nodad");
	t6_sh("ip addr add fe80::2/64 dev vb nodad");
	t6_sh("ip addr add 2001:db8::1/64 dev va nodad");
}

static uint16_t
local_port(int fd)
{
	struct sockaddr_in6	 sin6;
	socklen_t		 len = sizeof(sin6);

	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin6, &len), 0);
	return ntohs(sin6.sin6_port);
}

/* Wait (bounded) for fd to become readable. */
static void
wait_readable(int fd)
{
	struct pollfd	 pfd = { .fd = fd, .events = POLLIN };

	ck_assert_msg(poll(&pfd, 1, 5000) == 1, "nothing arrived in 5 s");
}

START_TEST(udp_ancillary_round_trip)
{
	struct in6_addr		 lo = A("::1");
	struct sockaddr_in6	 dst;
	struct sock6_tx		 tx = SOCK6_TX_INIT;
	struct sock6_rx		 rx;
	char			 buf[64];
	int			 s, r;

	r = sock6_udp(&lo, 0, SOCK6_RECVALL);
	ck_assert_int_ge(r, 0);
	s = sock6_udp(NULL, 0, 0);
	ck_assert_int_ge(s, 0);
	memset(&dst, 0, sizeof(dst));
	dst.sin6_family = AF_INET6;
	dst.sin6_addr = lo;
	dst.sin6_port = htons(local_port(r));
	tx.dst = &dst;
	tx.hoplimit = 7;
	tx.tclass = 0x20;
	tx.src = &lo;
	ck_assert_int_eq(sock6_send(s, "hello", 5, &tx), 5);
	wait_readable(r);
	ck_assert_int_eq(sock6_recv(r, buf, sizeof(buf), &rx), 5);
	ck_assert_mem_eq(buf, "hello", 5);
	ck_assert_int_eq(rx.hoplimit, 7);
	ck_assert_int_eq(rx.tclass, 0x20);
	ck_assert_uint_eq(rx.ifindex, 1);
	ck_assert_mem_eq(&rx.dst, &lo, 16);
	ck_assert_mem_eq(&rx.src.sin6_addr, &lo, 16);
	ck_assert_int_eq(rx.router_alert, -1);
	ck_assert_int_eq(rx.truncated, 0);
	/* a datagram longer than the buffer is flagged */
	ck_assert_int_eq(sock6_send(s, "0123456789", 10, &tx), 10);
	wait_readable(r);
	ck_assert_int_eq(sock6_recv(r, buf, 4, &rx), 4);
	ck_assert_int_eq(rx.truncated, 1);
	/* nothing waiting: EAGAIN, never blocking */
	ck_assert_int_eq(sock6_recv(r, buf, sizeof(buf), &rx), -1);
	ck_assert_int_eq(errno, EAGAIN);
	/* no tx: plain send on a connected socket */
	ck_assert_int_eq(connect(s, (struct sockaddr *)&dst, sizeof(dst)), 0);
	ck_assert_int_eq(sock6_send(s, "x", 1, NULL), 1);
	wait_readable(r);
	ck_assert_int_eq(sock6_recv(r, buf, sizeof(buf), &rx), 1);
	/* without RECV options nothing is reported */
	close(r);
	r = sock6_udp(&lo, 0, 0);
	dst.sin6_port = htons(local_port(r));
	tx.dst = &dst;
	close(s);
	s = sock6_udp(NULL, 0, 0);
	ck_assert_int_eq(sock6_send(s, "y", 1, &tx), 1);
	wait_readable(r);
	ck_assert_int_eq(sock6_recv(r, buf, sizeof(buf), &rx), 1);
	ck_assert_int_eq(rx.hoplimit, -1);
	ck_assert_int_eq(rx.tclass, -1);
	ck_assert_uint_eq(rx.ifindex, 0);
	close(r);
	close(s);
}
END_TEST

START_TEST(udp_bind_errors)
{
	struct in6_addr	 absent = A("2001:db8:ffff::1"), lo = A("::1");
	int		 a, b;

	ck_assert_int_eq(sock6_udp(&absent, 0, 0), -1);
	ck_assert_int_eq(errno, EADDRNOTAVAIL);
	a = sock6_udp(&lo, 0, 0);
	ck_assert_int_ge(a, 0);
	ck_assert_int_eq(sock6_udp(&lo, local_port(a), 0), -1);
	ck_assert_int_eq(errno, EADDRINUSE);
	/* with SO_REUSEPORT on both, two sockets may share a port */
	close(a);
	a = sock6_udp(&lo, 0, SOCK6_REUSEPORT);
	b = sock6_udp(&lo, local_port(a), SOCK6_REUSEPORT | SOCK6_REUSEADDR);
	ck_assert_int_ge(b, 0);
	close(a);
	close(b);
}
END_TEST

static int
igmp6_has(const char *ifname, const char *group_hex)
{
	char	 line[256];
	FILE	*f = fopen("/proc/net/igmp6", "r");
	int	 found = 0;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, ifname) != NULL &&
		    strstr(line, group_hex) != NULL)
			found = 1;
	fclose(f);
	return found;
}

START_TEST(multicast_join_send_receive_leave)
{
	struct in6_addr		 grp = A("ff02::9"), ll1 = A("fe80::1");
	struct sockaddr_in6	 dst;
	struct sock6_tx		 tx = SOCK6_TX_INIT;
	struct sock6_rx		 rx;
	char			 buf[16];
	uint32_t		 va = if_nametoindex("va");
	uint32_t		 vb = if_nametoindex("vb");
	int			 r, s;

	r = sock6_udp(NULL, 5521, SOCK6_RECVALL);
	ck_assert_int_ge(r, 0);
	ck_assert_int_eq(sock6_join(r, vb, &grp), 0);
	ck_assert(igmp6_has("vb", "ff020000000000000000000000000009"));
	/* joining twice is refused by the kernel */
	ck_assert_int_eq(sock6_join(r, vb, &grp), -1);
	s = sock6_udp(NULL, 0, 0);
	ck_assert_int_eq(sock6_set_mcast_if(s, va), 0);
	ck_assert_int_eq(sock6_set_mcast_hops(s, 255), 0);
	ck_assert_int_eq(sock6_set_mcast_loop(s, 0), 0);
	memset(&dst, 0, sizeof(dst));
	dst.sin6_family = AF_INET6;
	dst.sin6_addr = grp;
	dst.sin6_port = htons(5521);
	dst.sin6_scope_id = va;
	tx.dst = &dst;
	tx.ifindex = va;
	tx.src = &ll1;
	ck_assert_int_eq(sock6_send(s, "rip", 3, &tx), 3);
	wait_readable(r);
	ck_assert_int_eq(sock6_recv(r, buf, sizeof(buf), &rx), 3);
	ck_assert_uint_eq(rx.ifindex, vb);
	ck_assert_int_eq(rx.hoplimit, 255);
	ck_assert_mem_eq(&rx.dst, &grp, 16);
	ck_assert_mem_eq(&rx.src.sin6_addr, &ll1, 16);
	/* the link-local source carries its zone: the arrival link */
	ck_assert_uint_eq(rx.src.sin6_scope_id, vb);
	ck_assert_int_eq(sock6_leave(r, vb, &grp), 0);
	ck_assert(!igmp6_has("vb", "ff020000000000000000000000000009"));
	ck_assert_int_eq(sock6_leave(r, vb, &grp), -1);
	close(r);
	close(s);
}
END_TEST

START_TEST(raw_icmp6_filter_and_router_alert)
{
	struct in6_addr		 a2 = A("fe80::2");
	struct sockaddr_in6	 dst;
	struct sock6_tx		 tx = SOCK6_TX_INIT;
	struct sock6_rx		 rx;
	uint8_t			 pkt[8], buf[64];
	const uint8_t		 pass[] = { 200 };
	uint32_t		 va = if_nametoindex("va");
	int			 r, s;

	r = sock6_raw(IPPROTO_ICMPV6, SOCK6_RECVALL | SOCK6_HOPOPTS);
	ck_assert_int_ge(r, 0);
	ck_assert_int_eq(sock6_icmp6_filter(r, pass, 1), 0);
	ck_assert_int_eq(sock6_bind_dev(r, "vb"), 0);
	s = sock6_raw(IPPROTO_ICMPV6, 0);
	ck_assert_int_ge(s, 0);
	ck_assert_int_eq(sock6_set_unicast_hops(s, 1), 0);
	ck_assert_int_eq(sock6_set_tclass(s, 0), 0);
	memset(&dst, 0, sizeof(dst));
	dst.sin6_family = AF_INET6;
	dst.sin6_addr = a2;
	dst.sin6_scope_id = va;
	tx.dst = &dst;
	tx.ifindex = va;
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = 201;			/* blocked by the filter */
	ck_assert_int_eq(sock6_send(s, pkt, sizeof(pkt), &tx), 8);
	pkt[0] = 200;
	tx.router_alert = SOCK6_RA_MLD;
	ck_assert_int_eq(sock6_send(s, pkt, sizeof(pkt), &tx), 8);
	wait_readable(r);
	ck_assert_int_eq(sock6_recv(r, buf, sizeof(buf), &rx), 8);
	ck_assert_uint_eq(buf[0], 200);
	ck_assert_int_eq(rx.router_alert, 0);
	ck_assert_int_eq(rx.hoplimit, 1);
	ck_assert_uint_eq(rx.ifindex, if_nametoindex("vb"));
	close(r);
	close(s);
}
END_TEST

START_TEST(socket_options)
{
	int	 u, p;

	u = sock6_udp(NULL, 0, 0);
	ck_assert_int_ge(sock6_set_rcvbuf(u, 4 * 1024 * 1024), 4 * 1024 * 1024);
	ck_assert_int_ge(sock6_set_sndbuf(u, 1024 * 1024), 1024 * 1024);
	ck_assert_int_eq(sock6_bind_dev(u, "va"), 0);
	ck_assert_int_eq(sock6_bind_dev(u, NULL), 0);
	ck_assert_int_eq(sock6_bind_dev(u, "nosuchif"), -1);
	ck_assert_int_eq(errno, ENODEV);
	ck_assert_int_eq(sock6_set_mcast_if(u, 9999), -1);
	/* a raw PIM socket has its checksum done by the kernel */
	p = sock6_raw(103, 0);
	ck_assert_int_ge(p, 0);
	ck_assert_int_eq(sock6_set_checksum(p, 2), 0);
	ck_assert_int_eq(sock6_set_checksum(p, 3), -1);	/* odd offset */
	/* an ICMPv6 filter only applies to ICMPv6 sockets */
	ck_assert_int_eq(sock6_icmp6_filter(p, NULL, 0), -1);
	close(p);
	close(u);
	ck_assert_int_eq(sock6_raw(-1, 0), -1);
}
END_TEST

static Suite *
sock6_suite(void)
{
	Suite	*s = suite_create("sock6");
	TCase	*tc = tcase_create("netns");

	tcase_add_checked_fixture(tc, setup_veth, NULL);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, udp_ancillary_round_trip);
	tcase_add_test(tc, udp_bind_errors);
	tcase_add_test(tc, multicast_join_send_receive_leave);
	tcase_add_test(tc, raw_icmp6_filter_and_router_alert);
	tcase_add_test(tc, socket_options);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(sock6_suite(), 1);
}
