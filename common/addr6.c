/* IPv6 interface addresses with lifetimes, added and deleted over rtnetlink. */
#include <sys/socket.h>

#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <errno.h>
#include <libmnl/libmnl.h>
#include <stdlib.h>
#include <string.h>

#include "addr6.h"
#include "nl.h"

struct addr6 {
	struct nl	 nl;
};

struct addr6 *
addr6_open(void)
{
	struct addr6	*a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	if (nl_open(&a->nl, 0, 0, 0, NULL, 0) == -1) {
		free(a);
		return NULL;
	}
	return a;
}

void
addr6_close(struct addr6 *a)
{
	if (a == NULL)
		return;
	nl_close(&a->nl);
	free(a);
}

const char *
addr6_errmsg(const struct addr6 *a)
{
	return a->nl.extmsg[0] != '\0' ? a->nl.extmsg : NULL;
}

static int
request(struct addr6 *a, uint16_t type, uint16_t flags, uint32_t ifindex,
    const struct in6_addr *addr, int plen, uint32_t preferred, uint32_t valid,
    unsigned aflags)
{
	union {
		struct nlmsghdr	 nlh;
		uint8_t		 buf[256];
	} req;
	struct nlmsghdr		*nlh;
	struct ifaddrmsg	*ifa;
	struct ifa_cacheinfo	 ci;
	uint32_t		 f = 0;

	if (plen < 0 || plen > 128 || ifindex == 0)
		return -EINVAL;
	a->nl.extmsg[0] = '\0';
	memset(&req, 0, sizeof(req));
	nlh = mnl_nlmsg_put_header(req.buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = plen;
	ifa->ifa_index = ifindex;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	mnl_attr_put(nlh, IFA_LOCAL, sizeof(*addr), addr);
	mnl_attr_put(nlh, IFA_ADDRESS, sizeof(*addr), addr);
	if (type == RTM_NEWADDR) {
		if (preferred > valid)
			preferred = valid;
		memset(&ci, 0, sizeof(ci));
		ci.ifa_prefered = preferred;
		ci.ifa_valid = valid;
		mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(ci), &ci);
		if (aflags & ADDR6_NODAD)
			f |= IFA_F_NODAD;
		if (aflags & ADDR6_NOPREFIXROUTE)
			f |= IFA_F_NOPREFIXROUTE;
		mnl_attr_put_u32(nlh, IFA_FLAGS, f);
	}
	return nl_talk(&a->nl, nlh, NULL, NULL);
}

int
addr6_set(struct addr6 *a, uint32_t ifindex, const struct in6_addr *addr,
    int plen, uint32_t preferred, uint32_t valid, unsigned flags)
{
	if (valid == 0)
		return -EINVAL;
	return request(a, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, ifindex,
	    addr, plen, preferred, valid, flags);
}

int
addr6_del(struct addr6 *a, uint32_t ifindex, const struct in6_addr *addr,
    int plen)
{
	return request(a, RTM_DELADDR, 0, ifindex, addr, plen, 0, 0, 0);
}
