/* Unit tests for common/ifinfo: the interface table, in a fresh netns. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "ev.h"
#include "ifinfo.h"
#include "log.h"
#include "t6check.h"

static struct in6_addr
A(const char *text)
{
	struct in6_addr	 a;

	ck_assert_msg(inet_pton(AF_INET6, text, &a) == 1, "bad %s", text);
	return a;
}

/*
 * A veth pair va/vb, down, with no automatic link-local addresses, and
 * DAD made quick (the namespace is ours: its sysctls are too).
 */
static void
setup_netns(void)
{
	t6_private_netns();
	t6_sh("ip link add name va type veth peer name vb");
	t6_sh("ip link set va addrgenmode none && "
	    "ip link set vb addrgenmode none");
	t6_sh("sysctl -qw net.ipv6.conf.va.router_solicitation_delay=0 "
	    "net.ipv6.conf.vb.router_solicitation_delay=0 "
	    "net.ipv6.neigh.va.retrans_time_ms=200 "
	    "net.ipv6.neigh.vb.retrans_time_ms=200");
}

/* A copy of each event, since the structs may be gone afterwards. */
struct rec_ev {
	enum ifinfo_event_type	 type;
	uint32_t		 index;
	char			 name[IF_NAMESIZE];
	int			 has_addr;
	struct in6_addr		 addr;
	int			 family;
	uint8_t			 plen;
	uint32_t		 flags;		/* link IFF_* or IFINFO_A_* */
	unsigned		 old_flags;
	unsigned		 old_mtu;
	unsigned		 mtu;
	char			 old_name[IF_NAMESIZE];
};

#define MAXREC	256

struct rec {
	struct rec_ev	 ev[MAXREC];
	int		 n;
	int		 close_on_event;
	struct ifinfo	*ii;
};

static void
rec_cb(struct ifinfo *ii, const struct ifinfo_event *ev, void *arg)
{
	struct rec	*r = arg;
	struct rec_ev	*e;

	ck_assert_ptr_nonnull(ev->ifp);
	if (r->close_on_event) {
		r->close_on_event = 0;
		ifinfo_close(ii);
		r->ii = NULL;
	}
	if (r->n == MAXREC)
		return;
	e = &r->ev[r->n++];
	memset(e, 0, sizeof(*e));
	e->type = ev->type;
	e->index = ev->ifp->index;
	strlcpy(e->name, ev->ifp->name, sizeof(e->name));
	e->old_flags = ev->old_flags;
	e->old_mtu = ev->old_mtu;
	e->mtu = ev->ifp->mtu;
	strlcpy(e->old_name, ev->old_name, sizeof(e->old_name));
	if (ev->addr != NULL) {
		ck_assert(ev->type >= IFINFO_ADDR_NEW);
		e->has_addr = 1;
		e->addr = ev->addr->addr;
		e->family = ev->addr->family;
		e->plen = ev->addr->plen;
		e->flags = ev->addr->flags;
	} else {
		ck_assert(ev->type <= IFINFO_LINK_CHANGE);
		e->flags = ev->ifp->flags;
	}
}

/* An event of this type, on this link name, for this address (or NULL). */
static int
match(const struct rec_ev *e, enum ifinfo_event_type type,
    const char *name, const char *addr)
{
	struct in6_addr	 a;

	if (e->type != type || (name != NULL && strcmp(e->name, name) != 0))
		return 0;
	if (addr == NULL)
		return 1;
	a = A(addr);
	return e->has_addr && memcmp(&e->addr, &a, sizeof(a)) == 0;
}

/* Run the loop until a matching event at or after *from; its index. */
static int
wait_for(struct ev_loop *loop, struct rec *r, int *from,
    enum ifinfo_event_type type, const char *name, const char *addr)
{
	uint64_t	 end = ev_monotonic_us() + EV_SEC(10), now;
	int		 i;

	for (;;) {
		for (i = *from; i < r->n; i++)
			if (match(&r->ev[i], type, name, addr)) {
				*from = i + 1;
				return i;
			}
		now = ev_monotonic_us();
		if (now >= end)
			return -1;
		ck_assert_int_ge(ev_loop_once(loop, end - now), 0);
	}
}

/* Run the loop for a moment and count the events it brings. */
static int
settle(struct ev_loop *loop, struct rec *r, uint64_t ms)
{
	uint64_t	 end = ev_monotonic_us() + EV_MSEC(ms), now;
	int		 n0 = r->n;

	while ((now = ev_monotonic_us()) < end)
		ev_loop_once(loop, end - now);
	return r->n - n0;
}

START_TEST(event_names)
{
	ck_assert_str_eq(ifinfo_event_name(IFINFO_LINK_NEW), "link-new");
	ck_assert_str_eq(ifinfo_event_name(IFINFO_LINK_DEL), "link-del");
	ck_assert_str_eq(ifinfo_event_name(IFINFO_LINK_CHANGE),
	    "link-change");
	ck_assert_str_eq(ifinfo_event_name(IFINFO_ADDR_NEW), "addr-new");
	ck_assert_str_eq(ifinfo_event_name(IFINFO_ADDR_DEL), "addr-del");
	ck_assert_str_eq(ifinfo_event_name(IFINFO_ADDR_CHANGE),
	    "addr-change");
	ck_assert_str_eq(ifinfo_event_name((enum ifinfo_event_type)77),
	    "unknown");
}
END_TEST

START_TEST(initial_dump)
{
	struct ev_loop		*loop = ev_loop_new();
	struct rec		*r = calloc(1, sizeof(*r));
	struct ifinfo		*ii;
	struct ifinfo_if	*ifp, *lo, *va, *vb;
	uint32_t		 last = 0;
	int			 n = 0;

	t6_sh("ip link set va mtu 1400");
	ii = ifinfo_open(loop, 0, rec_cb, r);
	ck_assert_ptr_nonnull(ii);
	ck_assert_int_eq(r->n, 0);	/* the first read is not news */
	for (ifp = ifinfo_first(ii); ifp != NULL; ifp = ifinfo_next(ifp)) {
		ck_assert_uint_gt(ifp->index, last);	/* index order */
		last = ifp->index;
		n++;
	}
	ck_assert_int_eq(n, 3);
	lo = ifinfo_by_name(ii, "lo");
	va = ifinfo_by_name(ii, "va");
	vb = ifinfo_by_name(ii, "vb");
	ck_assert_ptr_nonnull(lo);
	ck_assert_ptr_nonnull(va);
	ck_assert_ptr_nonnull(vb);
	ck_assert_ptr_null(ifinfo_by_name(ii, "vc"));
	ck_assert_ptr_eq(ifinfo_by_index(ii, if_nametoindex("va")), va);
	ck_assert_ptr_eq(ifinfo_by_index(ii, 1), lo);
	ck_assert_ptr_null(ifinfo_by_index(ii, 9999));
	ck_assert(lo->flags & IFF_LOOPBACK);
	ck_assert(ifinfo_if_up(lo));
	ck_assert(!ifinfo_if_up(va));
	ck_assert_uint_eq(va->mtu, 1400);
	ck_assert_uint_eq(vb->mtu, 1500);
	ck_assert_uint_eq(va->lladdr_len, 6);
	ck_assert_uint_eq(va->master, 0);
	/* lo has ::1 (and no link-local address on Linux) */
	ck_assert_ptr_nonnull(ifinfo_find_addr(ii, &in6addr_loopback, NULL));
	ck_assert_ptr_null(ifinfo_linklocal(lo));
	ck_assert_int_eq(settle(loop, r, 50), 0);
	ifinfo_close(ii);
	ifinfo_close(NULL);
	ev_loop_free(loop);
	free(r);
}
END_TEST

START_TEST(link_down_up)
{
	struct ev_loop	*loop = ev_loop_new();
	struct rec	*r = calloc(1, sizeof(*r));
	struct ifinfo	*ii = ifinfo_open(loop, 0, rec_cb, r);
	int		 from = 0, i;

	ck_assert_ptr_nonnull(ii);
	t6_sh("ip link set va up");
	i = wait_for(loop, r, &from, IFINFO_LINK_CHANGE, "va", NULL);
	ck_assert_int_ge(i, 0);
	ck_assert(!(r->ev[i].old_flags & IFF_UP));
	ck_assert(r->ev[i].flags & IFF_UP);
	/* the peer up: carrier, so running */
	t6_sh("ip link set vb up");
	from = 0;
	for (;;) {
		i = wait_for(loop, r, &from, IFINFO_LINK_CHANGE, "va", NULL);
		ck_assert_int_ge(i, 0);
		if (r->ev[i].flags & IFF_RUNNING)
			break;
	}
	ck_assert(ifinfo_if_up(ifinfo_by_name(ii, "va")));
	t6_sh("ip link set va down");
	for (;;) {
		i = wait_for(loop, r, &from, IFINFO_LINK_CHANGE, "va", NULL);
		ck_assert_int_ge(i, 0);
		if (!(r->ev[i].flags & IFF_UP))
			break;
	}
	ck_assert(r->ev[i].old_flags & IFF_UP);
	ck_assert(!ifinfo_if_up(ifinfo_by_name(ii, "va")));
	/* an MTU change */
	t6_sh("ip link set vb mtu 1300");
	from = 0;
	for (;;) {
		i = wait_for(loop, r, &from, IFINFO_LINK_CHANGE, "vb", NULL);
		ck_assert_int_ge(i, 0);
		if (r->ev[i].mtu == 1300)
			break;
	}
	ck_assert_uint_eq(r->ev[i].old_mtu, 1500);
	ifinfo_close(ii);
	ev_loop_free(loop);
	free(r);
}
END_TEST

START_TEST(address_dad_and_delete)
{
	struct ev_loop		*loop = ev_loop_new();
	struct rec		*r = calloc(1, sizeof(*r));
	struct ifinfo		*ii = ifinfo_open(loop, 0, rec_cb, r);
	struct ifinfo_addr	*a;
	struct ifinfo_if	*va;
	struct in6_addr		 x = A("2001:db8::1");
	int			 from = 0, i;

	ck_assert_ptr_nonnull(ii);
	t6_sh("ip link set va up && ip link set vb up");
	t6_sh("ip -6 addr add 2001:db8::1/64 dev va");
	i = wait_for(loop, r, &from, IFINFO_ADDR_NEW, "va", "2001:db8::1");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(r->ev[i].family, AF_INET6);
	ck_assert_uint_eq(r->ev[i].plen, 64);
	ck_assert(r->ev[i].flags & IFINFO_A_TENTATIVE);
	ck_assert(r->ev[i].flags & IFINFO_A_PERMANENT);
	va = ifinfo_find_addr(ii, &x, &a);
	ck_assert_ptr_eq(va, ifinfo_by_name(ii, "va"));
	ck_assert_ptr_nonnull(a);
	/* the test may be late: DAD may be over already */
	if (a->flags & IFINFO_A_TENTATIVE) {
		ck_assert(!ifinfo_addr_usable(a));
		ck_assert_ptr_null(ifinfo_global6(va));
	}
	i = wait_for(loop, r, &from, IFINFO_ADDR_CHANGE, "va", "2001:db8::1");
	ck_assert_int_ge(i, 0);
	ck_assert(r->ev[i].old_flags & IFINFO_A_TENTATIVE);
	ck_assert(!(r->ev[i].flags & IFINFO_A_TENTATIVE));
	ck_assert(!(r->ev[i].flags & IFINFO_A_DADFAILED));
	ck_assert(ifinfo_addr_usable(a));
	ck_assert_ptr_eq(ifinfo_global6(va), a);
	ck_assert_uint_eq(a->valid, UINT32_MAX);
	ck_assert_uint_eq(a->preferred, UINT32_MAX);

	t6_sh("ip -6 addr del 2001:db8::1/64 dev va");
	i = wait_for(loop, r, &from, IFINFO_ADDR_DEL, "va", "2001:db8::1");
	ck_assert_int_ge(i, 0);
	ck_assert_ptr_null(ifinfo_find_addr(ii, &x, &a));
	ck_assert_ptr_null(a);
	ifinfo_close(ii);
	ev_loop_free(loop);
	free(r);
}
END_TEST

START_TEST(address_dadfailed)
{
	struct ev_loop		*loop = ev_loop_new();
	struct rec		*r = calloc(1, sizeof(*r));
	struct ifinfo		*ii = ifinfo_open(loop, 0, rec_cb, r);
	struct ifinfo_if	*vb;
	const struct ifinfo_addr *a;
	int			 from = 0, i;

	ck_assert_ptr_nonnull(ii);
	t6_sh("ip link set va up && ip link set vb up");
	/* va holds it already; vb's DAD hears va answer */
	t6_sh("ip -6 addr add 2001:db8::5/64 dev va nodad");
	t6_sh("ip -6 addr add 2001:db8::5/64 dev vb");
	for (;;) {
		i = wait_for(loop, r, &from, IFINFO_ADDR_CHANGE, "vb",
		    "2001:db8::5");
		ck_assert_int_ge(i, 0);
		if (r->ev[i].flags & IFINFO_A_DADFAILED)
			break;
	}
	vb = ifinfo_by_name(ii, "vb");
	a = TAILQ_FIRST(&vb->addrs);
	ck_assert_ptr_nonnull(a);
	ck_assert(a->flags & IFINFO_A_DADFAILED);
	ck_assert(!ifinfo_addr_usable(a));
	ck_assert_ptr_null(ifinfo_global6(vb));
	/* va's copy is fine, and nodad */
	a = ifinfo_global6(ifinfo_by_name(ii, "va"));
	ck_assert_ptr_nonnull(a);
	ck_assert(a->flags & IFINFO_A_NODAD);
	ck_assert(ifinfo_addr_usable(a));
	ifinfo_close(ii);
	ev_loop_free(loop);
	free(r);
}
END_TEST

START_TEST(rename_link)
{
	struct ev_loop		*loop = ev_loop_new();
	struct rec		*r = calloc(1, sizeof(*r));
	struct ifinfo		*ii = ifinfo_open(loop, 0, rec_cb, r);
	struct ifinfo_if	*va;
	int			 from = 0, i;

	ck_assert_ptr_nonnull(ii);
	va = ifinfo_by_name(ii, "va");
	t6_sh("ip link set va name newname");
	i = wait_for(loop, r, &from, IFINFO_LINK_CHANGE, "newname", NULL);
	ck_assert_int_ge(i, 0);
	ck_assert_str_eq(r->ev[i].old_name, "va");
	ck_assert_ptr_null(ifinfo_by_name(ii, "va"));
	ck_assert_ptr_eq(ifinfo_by_name(ii, "newname"), va);
	ck_assert_str_eq(va->name, "newname");
	ifinfo_close(ii);
	ev_loop_free(loop);
	free(r);
}
END_TEST

START_TEST(link_deletion)
{
	struct ev_loop	*loop = ev_loop_new();
	struct rec	*r = calloc(1, sizeof(*r));
	struct ifinfo	*ii = ifinfo_open(loop, 0, rec_cb, r);
	int		 from = 0, i, j, k, del_va, del_vb;

	ck_assert_ptr_nonnull(ii);
	t6_sh("ip link set va up && ip link set vb up");
	t6_sh("ip -6 addr add 2001:db8:1::1/64 dev va nodad");
	t6_sh("ip -6 addr add 2001:db8:2::1/64 dev va nodad");
	ck_assert_int_ge(wait_for(loop, r, &from, IFINFO_ADDR_NEW, "va",
	    "2001:db8:2::1"), 0);
	t6_sh("ip link del va");
	del_va = wait_for(loop, r, &from, IFINFO_LINK_DEL, "va", NULL);
	ck_assert_int_ge(del_va, 0);
	from = 0;
	del_vb = wait_for(loop, r, &from, IFINFO_LINK_DEL, "vb", NULL);
	ck_assert_int_ge(del_vb, 0);
	/* each address was reported gone, before its link */
	from = 0;
	j = wait_for(loop, r, &from, IFINFO_ADDR_DEL, "va", "2001:db8:1::1");
	from = 0;
	k = wait_for(loop, r, &from, IFINFO_ADDR_DEL, "va", "2001:db8:2::1");
	ck_assert_int_ge(j, 0);
	ck_assert_int_ge(k, 0);
	ck_assert_int_lt(j, del_va);
	ck_assert_int_lt(k, del_va);
	ck_assert_ptr_null(ifinfo_by_name(ii, "va"));
	ck_assert_ptr_null(ifinfo_by_name(ii, "vb"));
	for (i = 0; i < r->n; i++)
		ck_assert(!(r->ev[i].type == IFINFO_LINK_DEL &&
		    strcmp(r->ev[i].name, "lo") == 0));
	/* a new link appears */
	t6_sh("ip link add name vc type veth peer name vd");
	from = 0;
	ck_assert_int_ge(wait_for(loop, r, &from, IFINFO_LINK_NEW, "vc",
	    NULL), 0);
	ck_assert_ptr_nonnull(ifinfo_by_name(ii, "vc"));
	ifinfo_close(ii);
	ev_loop_free(loop);
	free(r);
}
END_TEST

START_TEST(address_lookups)
{
	struct ev_loop		*loop = ev_loop_new();
	struct rec		*r = calloc(1, sizeof(*r));
	struct ifinfo		*ii;
	struct ifinfo_if	*va, *vb;
	struct ifinfo_addr	*found;
	const struct ifinfo_addr *a;
	struct in6_addr		 x;

	t6_sh("ip link set va up && ip link set vb up");
	t6_sh("ip -6 addr add fe80::1/64 dev va nodad");
	t6_sh("ip -6 addr add 2001:db8:1::1/64 dev va nodad "
	    "preferred_lft 0 valid_lft 3600");
	t6_sh("ip -6 addr add 2001:db8:2::1/64 dev va nodad");
	t6_sh("ip -6 addr add 2001:db8:3::1/64 dev vb nodad preferred_lft 0");
	t6_sh("ip link add name vc type veth peer name vd");
	t6_sh("ip -6 addr add 2001:db8:4::1/64 peer 2001:db8:4::2/64 "
	    "dev vc nodad");
	ii = ifinfo_open(loop, 0, rec_cb, r);
	ck_assert_ptr_nonnull(ii);
	va = ifinfo_by_name(ii, "va");
	vb = ifinfo_by_name(ii, "vb");
	a = ifinfo_linklocal(va);
	ck_assert_ptr_nonnull(a);
	x = A("fe80::1");
	ck_assert(memcmp(&a->addr, &x, 16) == 0);
	ck_assert_ptr_null(ifinfo_linklocal(vb));
	/* not deprecated wins */
	a = ifinfo_global6(va);
	ck_assert_ptr_nonnull(a);
	x = A("2001:db8:2::1");
	ck_assert(memcmp(&a->addr, &x, 16) == 0);
	x = A("2001:db8:1::1");
	ck_assert_ptr_eq(ifinfo_find_addr(ii, &x, &found), va);
	ck_assert(found->flags & IFINFO_A_DEPRECATED);
	ck_assert_uint_eq(found->preferred, 0);
	ck_assert_uint_le(found->valid, 3600);
	ck_assert_uint_ge(found->valid, 3590);
	/* only a deprecated one: better than none */
	a = ifinfo_global6(vb);
	ck_assert_ptr_nonnull(a);
	x = A("2001:db8:3::1");
	ck_assert(memcmp(&a->addr, &x, 16) == 0);
	/* a point-to-point address has its peer */
	x = A("2001:db8:4::1");
	ck_assert_ptr_eq(ifinfo_find_addr(ii, &x, &found),
	    ifinfo_by_name(ii, "vc"));
	x = A("2001:db8:4::2");
	ck_assert(memcmp(&found->peer, &x, 16) == 0);
	ck_assert_ptr_null(ifinfo_find_addr(ii, &x, NULL));
	ifinfo_close(ii);
	ev_loop_free(loop);
	free(r);
}
END_TEST

START_TEST(ipv4_addresses)
{
	struct ev_loop		*loop = ev_loop_new();
	struct rec		*r = calloc(1, sizeof(*r));
	struct ifinfo		*ii, *ii6;
	struct ifinfo_addr	*found;
	struct in6_addr		 x = A("::ffff:192.0.2.1");
	int			 from = 0, i;

	t6_sh("ip addr add 198.51.100.1/24 dev vb");
	ii = ifinfo_open(loop, 1, rec_cb, r);
	ii6 = ifinfo_open(loop, 0, NULL, NULL);
	ck_assert_ptr_nonnull(ii);
	ck_assert_ptr_nonnull(ii6);
	t6_sh("ip addr add 192.0.2.1/24 dev va");
	i = wait_for(loop, r, &from, IFINFO_ADDR_NEW, "va",
	    "::ffff:192.0.2.1");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(r->ev[i].family, AF_INET);
	ck_assert_uint_eq(r->ev[i].plen, 24);
	ck_assert_ptr_eq(ifinfo_find_addr(ii, &x, &found),
	    ifinfo_by_name(ii, "va"));
	ck_assert_int_eq(found->family, AF_INET);
	ck_assert(ifinfo_addr_usable(found));
	/* one address with two lengths is two addresses in IPv4 */
	t6_sh("ip addr add 192.0.2.1/16 dev va");
	i = wait_for(loop, r, &from, IFINFO_ADDR_NEW, "va",
	    "::ffff:192.0.2.1");
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(r->ev[i].plen, 16);
	x = A("::ffff:198.51.100.1");
	ck_assert_ptr_eq(ifinfo_find_addr(ii, &x, NULL),
	    ifinfo_by_name(ii, "vb"));
	/* the IPv6-only table never sees them */
	settle(loop, r, 50);
	ck_assert_ptr_null(ifinfo_find_addr(ii6, &x, NULL));
	ck_assert_ptr_null(ifinfo_global6(ifinfo_by_name(ii, "va")));
	t6_sh("ip addr del 192.0.2.1/24 dev va");
	i = wait_for(loop, r, &from, IFINFO_ADDR_DEL, "va",
	    "::ffff:192.0.2.1");
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(r->ev[i].plen, 24);
	x = A("::ffff:192.0.2.1");
	ck_assert_ptr_eq(ifinfo_find_addr(ii, &x, &found),
	    ifinfo_by_name(ii, "va"));
	ck_assert_uint_eq(found->plen, 16);
	ifinfo_close(ii6);
	ifinfo_close(ii);
	ev_loop_free(loop);
	free(r);
}
END_TEST

START_TEST(resync_reports_differences)
{
	struct ev_loop		*loop = ev_loop_new();
	struct rec		*r = calloc(1, sizeof(*r));
	struct ifinfo		*ii;
	int			 from = 0, i;

	t6_sh("ip link set va up && ip link set vb up");
	t6_sh("ip -6 addr add 2001:db8:9::1/64 dev va nodad "
	    "preferred_lft 1000 valid_lft 2000");
	ii = ifinfo_open(loop, 0, rec_cb, r);
	ck_assert_ptr_nonnull(ii);
	settle(loop, r, 50);
	r->n = 0;
	/* nothing changed: nothing to say */
	ck_assert_int_eq(ifinfo_resync(ii), 0);
	ck_assert_int_eq(r->n, 0);

	/* changes the loop has not seen yet come out of the resync */
	t6_sh("ip link add name vc type veth peer name vd");
	t6_sh("ip -6 addr add 2001:db8:c::1/64 dev vc nodad");
	t6_sh("ip -6 addr del 2001:db8:9::1/64 dev va");
	t6_sh("ip link set vb mtu 1280");
	ck_assert_int_eq(ifinfo_resync(ii), 0);
	ck_assert_int_ge(wait_for(loop, r, &from, IFINFO_LINK_NEW, "vc",
	    NULL), 0);
	ck_assert_int_ge(wait_for(loop, r, &from, IFINFO_ADDR_NEW, "vc",
	    "2001:db8:c::1"), 0);
	from = 0;
	ck_assert_int_ge(wait_for(loop, r, &from, IFINFO_ADDR_DEL, "va",
	    "2001:db8:9::1"), 0);
	from = 0;
	i = wait_for(loop, r, &from, IFINFO_LINK_CHANGE, "vb", NULL);
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(r->ev[i].old_mtu, 1500);
	ck_assert_uint_eq(r->ev[i].mtu, 1280);
	/* the queued notifications repeat what is known: no news */
	r->n = 0;
	settle(loop, r, 100);
	ck_assert_int_eq(r->n, 0);
	ck_assert_int_eq(ifinfo_resync(ii), 0);
	ck_assert_int_eq(r->n, 0);
	/* a lifetime refresh is a change */
	t6_sh("ip -6 addr change 2001:db8:c::1/64 dev vc nodad "
	    "preferred_lft 100 valid_lft 200");
	from = 0;
	i = wait_for(loop, r, &from, IFINFO_ADDR_CHANGE, "vc",
	    "2001:db8:c::1");
	ck_assert_int_ge(i, 0);
	ifinfo_close(ii);
	ev_loop_free(loop);
	free(r);
}
END_TEST

/* Counts, for floods too big to record one by one. */
struct tally {
	int	 addr_new;
	int	 link_change;
	unsigned last_mtu;
};

static void
tally_cb(struct ifinfo *ii, const struct ifinfo_event *ev, void *arg)
{
	struct tally	*t = arg;
	struct in6_addr	 x = A("2001:db8:e::1");

	if (ev->type == IFINFO_ADDR_NEW &&
	    memcmp(&ev->addr->addr, &x, sizeof(x)) == 0)
		t->addr_new++;
	if (ev->type == IFINFO_LINK_CHANGE &&
	    strcmp(ev->ifp->name, "va") == 0) {
		t->link_change++;
		t->last_mtu = ev->ifp->mtu;
	}
}

START_TEST(overflow_resync)
{
	struct ev_loop		*loop = ev_loop_new();
	struct tally		 t;
	struct ifinfo		*ii;
	struct ifinfo_if	*va;
	struct in6_addr		 x = A("2001:db8:e::1");
	char			 path[] = "/tmp/ifinfo_test.XXXXXX";
	FILE			*f;
	uint64_t		 end;
	int			 i, fd;

	memset(&t, 0, sizeof(t));
	log_init("ifinfo_test", 1, LOG_DAEMON);
	log_setverbose(1);
	t6_log_capture_start();
	ii = ifinfo_open(loop, 0, tally_cb, &t);
	ck_assert_ptr_nonnull(ii);
	/* far more link messages than the receive buffer holds */
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	for (i = 0; i < 8000; i++)
		fprintf(f, "link set va mtu %d\n", 1280 + i % 200);
	fprintf(f, "link set va mtu 1400\n");
	fprintf(f, "link set va up\n");
	fprintf(f, "addr add 2001:db8:e::1/64 dev va nodad\n");
	ck_assert_int_eq(fclose(f), 0);
	t6_sh("ip -batch %s; rm -f %s", path, path);
	end = ev_monotonic_us() + EV_SEC(10);
	while (t.addr_new == 0 && ev_monotonic_us() < end)
		ev_loop_once(loop, EV_MSEC(100));
	ck_assert(t6_log_contains("notifications lost"));
	/* the end state is right, and was told once, not replayed */
	settle(loop, &(struct rec){ .n = 0 }, 100);
	va = ifinfo_by_name(ii, "va");
	ck_assert_uint_eq(va->mtu, 1400);
	ck_assert(va->flags & IFF_UP);
	ck_assert_ptr_eq(ifinfo_find_addr(ii, &x, NULL), va);
	ck_assert_int_eq(t.addr_new, 1);
	ck_assert_uint_eq(t.last_mtu, 1400);
	/* far fewer changes reported than made: the flood was skipped */
	ck_assert_int_lt(t.link_change, 8000);
	t6_log_capture_stop();
	ifinfo_close(ii);
	ev_loop_free(loop);
}
END_TEST

START_TEST(snapshot_without_loop)
{
	struct ifinfo	*ii = ifinfo_open(NULL, 0, NULL, NULL);

	ck_assert_ptr_nonnull(ii);
	ck_assert_ptr_nonnull(ifinfo_by_name(ii, "va"));
	t6_sh("ip link del va");
	ck_assert_ptr_nonnull(ifinfo_by_name(ii, "va"));
	ck_assert_int_eq(ifinfo_resync(ii), 0);
	ck_assert_ptr_null(ifinfo_by_name(ii, "va"));
	ck_assert_ptr_null(ifinfo_by_name(ii, "vb"));
	ck_assert_ptr_nonnull(ifinfo_by_name(ii, "lo"));
	ifinfo_close(ii);
}
END_TEST

START_TEST(close_in_callback)
{
	struct ev_loop	*loop = ev_loop_new();
	struct rec	*r = calloc(1, sizeof(*r));
	uint64_t	 end;

	r->ii = ifinfo_open(loop, 0, rec_cb, r);
	ck_assert_ptr_nonnull(r->ii);
	r->close_on_event = 1;
	/* several changes at once: the rest must not be delivered */
	t6_sh("ip link set va up && ip link set vb up && "
	    "ip link set va mtu 1400");
	end = ev_monotonic_us() + EV_SEC(5);
	while (r->n == 0 && ev_monotonic_us() < end)
		ev_loop_once(loop, EV_MSEC(100));
	ck_assert_int_eq(r->n, 1);
	ck_assert_ptr_null(r->ii);
	ck_assert_int_eq(settle(loop, r, 50), 0);
	ev_loop_free(loop);
	free(r);
}
END_TEST

static Suite *
ifinfo_suite(void)
{
	Suite	*s = suite_create("ifinfo");
	TCase	*pure = tcase_create("pure");
	TCase	*tc = tcase_create("kernel");

	tcase_add_test(pure, event_names);
	suite_add_tcase(s, pure);

	/* the fixture runs in each forked test: a namespace of its own */
	tcase_add_checked_fixture(tc, setup_netns, NULL);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, initial_dump);
	tcase_add_test(tc, link_down_up);
	tcase_add_test(tc, address_dad_and_delete);
	tcase_add_test(tc, address_dadfailed);
	tcase_add_test(tc, rename_link);
	tcase_add_test(tc, link_deletion);
	tcase_add_test(tc, address_lookups);
	tcase_add_test(tc, ipv4_addresses);
	tcase_add_test(tc, resync_reports_differences);
	tcase_add_test(tc, overflow_resync);
	tcase_add_test(tc, snapshot_without_loop);
	tcase_add_test(tc, close_in_callback);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(ifinfo_suite(), 1);
}
