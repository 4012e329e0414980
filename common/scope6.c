/* Scoped IPv6 addresses: text with zones, sin6_scope_id, KAME embedding. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scope6.h"

static uint32_t
default_name2index(const char *name)
{
	return if_nametoindex(name);
}

static const char *
default_index2name(uint32_t index, char *buf)
{
	return if_indextoname(index, buf);
}

static uint32_t	(*name2index)(const char *) = default_name2index;
static const char *(*index2name)(uint32_t, char *) = default_index2name;

void
scope6_set_resolver(uint32_t (*n2i)(const char *),
    const char *(*i2n)(uint32_t, char *))
{
	name2index = n2i ? n2i : default_name2index;
	index2name = i2n ? i2n : default_index2name;
}

int
scope6_is_scoped(const struct in6_addr *a)
{
	if (a->s6_addr[0] == 0xfe && (a->s6_addr[1] & 0xc0) == 0x80)
		return 1;
	if (a->s6_addr[0] == 0xff) {
		int scope = a->s6_addr[1] & 0x0f;

		return scope == 1 || scope == 2;
	}
	return 0;
}

void
scope6_sin6(struct sockaddr_in6 *sin6, const struct in6_addr *a,
    uint32_t ifindex, uint16_t port)
{
	memset(sin6, 0, sizeof(*sin6));
	sin6->sin6_family = AF_INET6;
	sin6->sin6_addr = *a;
	sin6->sin6_port = htons(port);
	if (scope6_is_scoped(a))
		sin6->sin6_scope_id = ifindex;
}

/* A zone is a name Linux could give an interface, or a decimal index. */
static int
parse_zone(const char *zone, uint32_t *index)
{
	const char	*p;
	unsigned long	 v;
	char		*end;

	if (*zone == '\0' || strlen(zone) >= IF_NAMESIZE) {
		errno = EINVAL;
		return -1;
	}
	for (p = zone; *p != '\0' && *p >= '0' && *p <= '9'; p++)
		;
	if (*p == '\0') {
		errno = 0;
		v = strtoul(zone, &end, 10);
		if (errno != 0 || v == 0 || v > UINT32_MAX) {
			errno = EINVAL;
			return -1;
		}
		*index = (uint32_t)v;
		return 0;
	}
	if ((*index = name2index(zone)) == 0) {
		errno = ENXIO;
		return -1;
	}
	return 0;
}

int
scope6_parse(const char *text, struct sockaddr_in6 *sin6)
{
	char		 addr[INET6_ADDRSTRLEN];
	const char	*pct;
	size_t		 alen;
	uint32_t	 zone = 0;

	memset(sin6, 0, sizeof(*sin6));
	sin6->sin6_family = AF_INET6;
	if (text == NULL) {
		errno = EINVAL;
		return -1;
	}
	pct = strchr(text, '%');
	alen = pct ? (size_t)(pct - text) : strlen(text);
	if (alen == 0 || alen >= sizeof(addr)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(addr, text, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	if (pct != NULL) {
		if (parse_zone(pct + 1, &zone) == -1)
			return -1;
		if (!scope6_is_scoped(&sin6->sin6_addr)) {
			errno = EDOM;
			return -1;
		}
	}
	sin6->sin6_scope_id = zone;
	return 0;
}

int
scope6_need_zone(const struct sockaddr_in6 *sin6)
{
	if (scope6_is_scoped(&sin6->sin6_addr) && sin6->sin6_scope_id == 0) {
		errno = EDESTADDRREQ;
		return -1;
	}
	return 0;
}

char *
scope6_ntop(const struct in6_addr *a, uint32_t ifindex, char *buf,
    size_t len)
{
	char	 addr[INET6_ADDRSTRLEN], name[IF_NAMESIZE];
	int	 n;

	if (inet_ntop(AF_INET6, a, addr, sizeof(addr)) == NULL)
		return NULL;
	/*
	 * Linux allows an all-digit interface name, but scope6_parse reads
	 * such a zone as an index: print the index then, so it parses back.
	 */
	if (ifindex == 0 || !scope6_is_scoped(a))
		n = snprintf(buf, len, "%s", addr);
	else if (index2name(ifindex, name) != NULL &&
	    name[strspn(name, "0123456789")] != '\0')
		n = snprintf(buf, len, "%s%%%s", addr, name);
	else
		n = snprintf(buf, len, "%s%%%u", addr, ifindex);
	if (n < 0 || (size_t)n >= len) {
		errno = ENOSPC;
		return NULL;
	}
	return buf;
}

const char *
scope6_ifname(uint32_t ifindex, char buf[IF_NAMESIZE])
{
	if (index2name(ifindex, buf) == NULL)
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
	return buf;
}

char *
scope6_format(const struct sockaddr_in6 *sin6, char *buf, size_t len)
{
	return scope6_ntop(&sin6->sin6_addr, sin6->sin6_scope_id, buf, len);
}

int
scope6_embed(struct in6_addr *a, uint32_t ifindex)
{
	if (!scope6_is_scoped(a)) {
		errno = EINVAL;
		return -1;
	}
	if (ifindex > 0xffff) {
		errno = ERANGE;
		return -1;
	}
	if (ifindex == 0)
		return 0;
	a->s6_addr[2] = (uint8_t)(ifindex >> 8);
	a->s6_addr[3] = (uint8_t)ifindex;
	return 0;
}

uint32_t
scope6_extract(struct in6_addr *a)
{
	uint32_t	 index;

	if (!scope6_is_scoped(a))
		return 0;
	index = (uint32_t)a->s6_addr[2] << 8 | a->s6_addr[3];
	a->s6_addr[2] = 0;
	a->s6_addr[3] = 0;
	return index;
}
