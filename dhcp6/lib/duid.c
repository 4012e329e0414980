/*
 * DUIDs (RFC 8415 11): compared as opaque bytes, made as DUID-LLT or
 * DUID-LL from a link-layer address, kept in WIDE-DHCPv6's DUID file (a
 * 2-byte length in host byte order, then the DUID) so that existing
 * files keep their identity.  The file is written to a temporary name,
 * synced and renamed, so a crash leaves the old DUID or the new one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dhcp6.h"

/* 2000-01-01 00:00:00 UTC, the epoch of DUID-LLT time */
#define DUID_EPOCH	946684800

int
d6_duid_eq(const struct d6_duid *d, const void *p, size_t len)
{
	return d->len == len && len > 0 && memcmp(d->data, p, len) == 0;
}

int
d6_duid_set(struct d6_duid *d, const void *p, size_t len)
{
	if (len == 0 || len > D6_DUID_MAX)
		return -1;
	memcpy(d->data, p, len);
	d->len = (uint16_t)len;
	return 0;
}

char *
d6_duid_str(const void *p, size_t len, char *out, size_t outlen)
{
	const uint8_t	*b = p;
	size_t		 i, o = 0;

	if (outlen == 0)
		return out;
	out[0] = '\0';
	for (i = 0; i < len && o + 3 <= outlen; i++) {
		snprintf(out + o, outlen - o, "%s%02x", i > 0 ? ":" : "",
		    b[i]);
		o += i > 0 ? 3 : 2;
	}
	return out;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * "00:01:00:01:..." as in WIDE's configuration files: bytes of one or
 * two hex digits separated by colons.
 */
int
d6_duid_parse(struct d6_duid *d, const char *s)
{
	size_t	 n = 0;
	int	 h, l;

	while (*s != '\0') {
		if (n == D6_DUID_MAX || (h = hexval(*s++)) == -1)
			return -1;
		if (*s != '\0' && *s != ':') {
			if ((l = hexval(*s++)) == -1)
				return -1;
			h = h * 16 + l;
		}
		d->data[n++] = (uint8_t)h;
		if (*s == ':') {
			s++;
			if (*s == '\0')
				return -1;
		} else if (*s != '\0')
			return -1;
	}
	if (n == 0)
		return -1;
	d->len = (uint16_t)n;
	return 0;
}

int
d6_duid_llt(struct d6_duid *d, uint16_t hwtype, const uint8_t *ll,
    size_t lllen, time_t now)
{
	uint32_t	 t = (uint32_t)((uint64_t)(now - DUID_EPOCH));

	if (lllen == 0 || 8 + lllen > D6_DUID_MAX)
		return -1;
	d->data[0] = 0;
	d->data[1] = D6_DUID_LLT;
	d->data[2] = (uint8_t)(hwtype >> 8);
	d->data[3] = (uint8_t)hwtype;
	d->data[4] = (uint8_t)(t >> 24);
	d->data[5] = (uint8_t)(t >> 16);
	d->data[6] = (uint8_t)(t >> 8);
	d->data[7] = (uint8_t)t;
	memcpy(d->data + 8, ll, lllen);
	d->len = (uint16_t)(8 + lllen);
	return 0;
}

int
d6_duid_ll(struct d6_duid *d, uint16_t hwtype, const uint8_t *ll,
    size_t lllen)
{
	if (lllen == 0 || 4 + lllen > D6_DUID_MAX)
		return -1;
	d->data[0] = 0;
	d->data[1] = D6_DUID_LL;
	d->data[2] = (uint8_t)(hwtype >> 8);
	d->data[3] = (uint8_t)hwtype;
	memcpy(d->data + 4, ll, lllen);
	d->len = (uint16_t)(4 + lllen);
	return 0;
}

int
d6_duid_read(const char *path, struct d6_duid *d)
{
	uint8_t		 buf[2 + D6_DUID_MAX + 1];
	uint16_t	 len;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n == -1)
		return -1;
	if (n < 2) {
		errno = EINVAL;
		return -1;
	}
	memcpy(&len, buf, 2);		/* host byte order, as WIDE wrote */
	if (len == 0 || len > D6_DUID_MAX || (size_t)n != 2U + len) {
		errno = EINVAL;
		return -1;
	}
	return d6_duid_set(d, buf + 2, len);
}

int
d6_duid_write(const char *path, const struct d6_duid *d)
{
	char		 tmp[4096];
	uint8_t		 buf[2 + D6_DUID_MAX];
	int		 fd, saved;

	if (d->len == 0 || d->len > D6_DUID_MAX) {
		errno = EINVAL;
		return -1;
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, &d->len, 2);
	memcpy(buf + 2, d->data, d->len);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		return -1;
	if (write(fd, buf, 2U + d->len) != (ssize_t)(2U + d->len) ||
	    fsync(fd) == -1) {
		saved = errno == 0 ? EIO : errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}
