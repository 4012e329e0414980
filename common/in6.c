/* IPv6 prefixes: masks, prefix lengths, containment and text. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "in6.h"

void
in6_plen2mask(struct in6_addr *mask, int plen)
{
	static const uint8_t	 partial[] = {
		0x00, 0x80, 0xc0, 0xe0, 0xf0, 0xf8, 0xfc, 0xfe
	};
	int			 i;

	memset(mask, 0, sizeof(*mask));
	if (plen < 0)
		plen = 0;
	if (plen > 128)
		plen = 128;
	for (i = 0; i < plen / 8; i++)
		mask->s6_addr[i] = 0xff;
	if (plen % 8)
		mask->s6_addr[i] = partial[plen % 8];
}

int
in6_mask2plen(const void *maskp, size_t masklen)
{
	const uint8_t	*m = maskp;
	size_t		 i;
	int		 plen = 0, bit;

	if (masklen > 16)
		return -1;
	for (i = 0; i < masklen && m[i] == 0xff; i++)
		plen += 8;
	if (i < masklen) {
		for (bit = 7; bit >= 0 && (m[i] & (1 << bit)); bit--)
			plen++;
		/* the rest of this byte and every later byte must be 0 */
		if ((m[i] & ((1 << bit) - 1)) != 0)
			return -1;
		for (i++; i < masklen; i++)
			if (m[i] != 0)
				return -1;
	}
	return plen;
}

void
in6_applyplen(struct in6_addr *a, int plen)
{
	struct in6_addr	 mask;
	int		 i;

	in6_plen2mask(&mask, plen);
	for (i = 0; i < 16; i++)
		a->s6_addr[i] &= mask.s6_addr[i];
}

int
in6_prefix_equal(const struct in6_addr *a, const struct in6_addr *b,
    int plen)
{
	int	 bytes, bits;
	uint8_t	 m;

	if (plen <= 0)
		return 1;
	if (plen > 128)
		plen = 128;
	bytes = plen / 8;
	bits = plen % 8;
	if (memcmp(a->s6_addr, b->s6_addr, bytes) != 0)
		return 0;
	if (bits == 0)
		return 1;
	m = (uint8_t)(0xff << (8 - bits));
	return (a->s6_addr[bytes] & m) == (b->s6_addr[bytes] & m);
}

int
in6_prefix_contains(const struct in6_addr *p, int plen,
    const struct in6_addr *a)
{
	return in6_prefix_equal(p, a, plen);
}

int
in6_prefix_within(const struct in6_addr *a, int alen,
    const struct in6_addr *b, int blen)
{
	return alen >= blen && in6_prefix_equal(a, b, blen);
}

int
in6_prefix_parse(const char *text, struct in6_addr *a, int *plenp,
    int allow_host)
{
	char		 buf[INET6_ADDRSTRLEN];
	const char	*slash;
	struct in6_addr	 masked;
	size_t		 alen;
	long		 plen = 128;
	char		*end;

	if (text == NULL) {
		errno = EINVAL;
		return -1;
	}
	slash = strchr(text, '/');
	alen = slash ? (size_t)(slash - text) : strlen(text);
	if (alen == 0 || alen >= sizeof(buf)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(buf, text, alen);
	buf[alen] = '\0';
	if (inet_pton(AF_INET6, buf, a) != 1) {
		errno = EINVAL;
		return -1;
	}
	if (slash != NULL) {
		const char *p = slash + 1;

		if (*p < '0' || *p > '9') {
			errno = ERANGE;
			return -1;
		}
		errno = 0;
		plen = strtol(p, &end, 10);
		if (*end != '\0' || errno != 0 || plen < 0 || plen > 128) {
			errno = ERANGE;
			return -1;
		}
	}
	masked = *a;
	in6_applyplen(&masked, (int)plen);
	if (!allow_host && memcmp(&masked, a, sizeof(masked)) != 0) {
		errno = EADDRNOTAVAIL;
		return -1;
	}
	*plenp = (int)plen;
	return 0;
}

char *
in6_prefix_format(const struct in6_addr *a, int plen, char *buf, size_t len)
{
	char	 addr[INET6_ADDRSTRLEN];
	int	 n;

	if (inet_ntop(AF_INET6, a, addr, sizeof(addr)) == NULL)
		return NULL;
	n = snprintf(buf, len, "%s/%d", addr, plen);
	if (n < 0 || (size_t)n >= len) {
		errno = ENOSPC;
		return NULL;
	}
	return buf;
}

int
in6_cmp(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a));
}
