/*
 * Fuzz the address forms of common/scope6 and common/in6: whatever
 * parses must format and parse back to the same value, and masks must
 * agree with prefix lengths.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "in6.h"
#include "scope6.h"

#define CHECK(x)	do { if (!(x)) abort(); } while (0)
#define TEXT_MAX	128

static int
same_addr(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* "addr[%zone]" text, as a config or a command line gives it. */
static void
scoped_text(const char *s)
{
	struct sockaddr_in6	 a, b;
	struct in6_addr		 e;
	char			 buf[SCOPE6_STRLEN], small[SCOPE6_STRLEN];
	size_t			 n;

	if (scope6_parse(s, &a) == -1) {
		CHECK(errno == EINVAL || errno == ENXIO || errno == EDOM);
		return;
	}
	CHECK(a.sin6_family == AF_INET6);
	CHECK(a.sin6_scope_id == 0 || scope6_is_scoped(&a.sin6_addr));
	CHECK(scope6_format(&a, buf, sizeof(buf)) != NULL);
	CHECK(scope6_parse(buf, &b) == 0);
	CHECK(same_addr(&a.sin6_addr, &b.sin6_addr));
	CHECK(a.sin6_scope_id == b.sin6_scope_id);
	/* exactly long enough works; one byte less fails cleanly */
	n = strlen(buf);
	CHECK(scope6_format(&a, small, n + 1) != NULL);
	CHECK(strcmp(small, buf) == 0);
	CHECK(scope6_format(&a, small, n) == NULL && errno == ENOSPC);
	CHECK((scope6_need_zone(&a) == -1) ==
	    (scope6_is_scoped(&a.sin6_addr) && a.sin6_scope_id == 0));

	/* KAME embedding: in and out again, when bytes 2-3 are free */
	e = a.sin6_addr;
	if (!scope6_is_scoped(&e)) {
		CHECK(scope6_embed(&e, a.sin6_scope_id) == -1);
		CHECK(scope6_extract(&e) == 0);
		CHECK(same_addr(&e, &a.sin6_addr));
	} else if (a.sin6_scope_id > 0xffff) {
		CHECK(scope6_embed(&e, a.sin6_scope_id) == -1 &&
		    errno == ERANGE);
	} else if (e.s6_addr[2] == 0 && e.s6_addr[3] == 0) {
		CHECK(scope6_embed(&e, a.sin6_scope_id) == 0);
		CHECK(scope6_extract(&e) == a.sin6_scope_id);
		CHECK(same_addr(&e, &a.sin6_addr));
	}
}

/* "prefix/len" text, with and without host bits allowed. */
static void
prefix_text(const char *s)
{
	struct in6_addr	 p, q;
	char		 buf[IN6_PREFIXSTRLEN];
	int		 plen, qlen, allow;

	for (allow = 0; allow <= 1; allow++) {
		if (in6_prefix_parse(s, &p, &plen, allow) == -1) {
			CHECK(errno == EINVAL || errno == ERANGE ||
			    errno == EADDRNOTAVAIL);
			CHECK(allow == 0 || errno != EADDRNOTAVAIL);
			continue;
		}
		CHECK(plen >= 0 && plen <= 128);
		q = p;
		in6_applyplen(&q, plen);
		CHECK(allow || same_addr(&p, &q));
		CHECK(in6_prefix_equal(&p, &q, plen));
		CHECK(in6_prefix_contains(&q, plen, &p));
		CHECK(in6_prefix_within(&p, plen, &q, plen));
		CHECK(in6_prefix_format(&p, plen, buf, sizeof(buf)) != NULL);
		CHECK(in6_prefix_parse(buf, &q, &qlen, allow) == 0);
		CHECK(same_addr(&p, &q) && plen == qlen);
	}
}

/* Raw bytes as a mask of every length up to 17. */
static void
mask_bytes(const uint8_t *data, size_t size)
{
	struct in6_addr	 padded, m;
	size_t		 n = size < 17 ? size : 17;
	int		 plen, l;

	plen = in6_mask2plen(data, n);
	if (n > 16) {
		CHECK(plen == -1);
		return;
	}
	memset(&padded, 0, sizeof(padded));
	memcpy(&padded, data, n);
	if (plen >= 0) {
		CHECK(plen <= (int)(8 * n));
		in6_plen2mask(&m, plen);
		CHECK(same_addr(&m, &padded));
		CHECK(in6_mask2plen(&m, sizeof(m)) == plen);
		return;
	}
	/* -1 only if no prefix length gives these bytes */
	for (l = 0; l <= (int)(8 * n); l++) {
		in6_plen2mask(&m, l);
		CHECK(!same_addr(&m, &padded));
	}
}

/* Raw bytes as an address, a zone index and a prefix length. */
static void
raw_address(const uint8_t *data, size_t size)
{
	struct sockaddr_in6	 b;
	struct in6_addr		 a, q, masked;
	char			 buf[SCOPE6_STRLEN], pbuf[IN6_PREFIXSTRLEN];
	uint32_t		 index = 0;
	int			 plen = 128, qlen;

	if (size < sizeof(a))
		return;
	memcpy(&a, data, sizeof(a));
	if (size >= 20)
		index = (uint32_t)data[16] << 24 | (uint32_t)data[17] << 16 |
		    (uint32_t)data[18] << 8 | data[19];
	if (size > 20)
		plen = data[20] % 129;

	CHECK(scope6_ntop(&a, index, buf, sizeof(buf)) != NULL);
	CHECK(scope6_parse(buf, &b) == 0);
	CHECK(same_addr(&a, &b.sin6_addr));
	CHECK(b.sin6_scope_id == (scope6_is_scoped(&a) ? index : 0));

	CHECK(in6_prefix_format(&a, plen, pbuf, sizeof(pbuf)) != NULL);
	CHECK(in6_prefix_parse(pbuf, &q, &qlen, 1) == 0);
	CHECK(same_addr(&a, &q) && qlen == plen);
	masked = a;
	in6_applyplen(&masked, plen);
	CHECK((in6_prefix_parse(pbuf, &q, &qlen, 0) == 0) ==
	    same_addr(&masked, &a));
	CHECK(in6_cmp(&a, &a) == 0);
	CHECK((in6_cmp(&a, &masked) >= 0));
}

/*
 * Two raw addresses and a length, perhaps out of range: prefix matching
 * must agree with masking both and comparing.
 */
static void
raw_prefixes(const uint8_t *data, size_t size)
{
	struct in6_addr	 a, b, ma, mb, mask;
	int		 plen, clamped, i;

	if (size < 33)
		return;
	memcpy(&a, data, sizeof(a));
	memcpy(&b, data + 16, sizeof(b));
	plen = (int8_t)data[32] * 2;		/* -256 .. 254 */
	clamped = plen < 0 ? 0 : plen > 128 ? 128 : plen;
	in6_plen2mask(&mask, plen);
	CHECK(in6_mask2plen(&mask, sizeof(mask)) == clamped);
	ma = a;
	mb = b;
	for (i = 0; i < 16; i++) {
		ma.s6_addr[i] &= mask.s6_addr[i];
		mb.s6_addr[i] &= mask.s6_addr[i];
	}
	CHECK(in6_prefix_equal(&a, &b, plen) == same_addr(&ma, &mb));
	CHECK(in6_prefix_contains(&a, plen, &b) == same_addr(&ma, &mb));
	in6_applyplen(&a, plen);
	CHECK(same_addr(&a, &ma));
	CHECK(in6_prefix_within(&a, plen, &b, plen) == same_addr(&ma, &mb));
	CHECK(in6_prefix_within(&a, 128, &a, 0));
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_resolver();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	 text[TEXT_MAX + 1];
	size_t	 n = size < TEXT_MAX ? size : TEXT_MAX;

	memcpy(text, data, n);
	text[n] = '\0';
	scoped_text(text);
	prefix_text(text);
	mask_bytes(data, size);
	raw_address(data, size);
	raw_prefixes(data, size);
	return 0;
}
