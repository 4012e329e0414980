/* IPv6 prefixes: masks and prefix lengths, matching, and their text form. */
#ifndef T6_IN6_H
#define T6_IN6_H

#include <netinet/in.h>
#include <stddef.h>

#define IN6_PREFIXSTRLEN	(INET6_ADDRSTRLEN + 4)

void	 in6_plen2mask(struct in6_addr *mask, int plen);
/*
 * The prefix length of a contiguous mask of masklen bytes (a kernel may
 * hand over a truncated mask: missing bytes count as zero); -1 if the
 * mask is not contiguous or masklen > 16.
 */
int	 in6_mask2plen(const void *mask, size_t masklen);
/* Zero the bits beyond plen. */
void	 in6_applyplen(struct in6_addr *, int plen);
/* Is a inside the prefix p/plen? */
int	 in6_prefix_contains(const struct in6_addr *p, int plen,
	    const struct in6_addr *a);
/* Is prefix a/alen equal to, or more specific than, b/blen? */
int	 in6_prefix_within(const struct in6_addr *a, int alen,
	    const struct in6_addr *b, int blen);
/* Do the first plen bits of a and b agree? */
int	 in6_prefix_equal(const struct in6_addr *a, const struct in6_addr *b,
	    int plen);
/*
 * Parse "2001:db8::/32" (or an address alone: /128).  Host bits must be
 * zero unless allow_host is set (then they are kept as given).  Returns 0,
 * or -1 with errno EINVAL (bad address), ERANGE (length not 0-128) or
 * EADDRNOTAVAIL (host bits set).
 */
int	 in6_prefix_parse(const char *, struct in6_addr *, int *plen,
	    int allow_host);
char	*in6_prefix_format(const struct in6_addr *, int plen, char *buf,
	    size_t len);
/* Compare as numbers (memcmp order); returns <0, 0, >0. */
int	 in6_cmp(const struct in6_addr *, const struct in6_addr *);

#endif
