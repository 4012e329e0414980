/*
 * WIDE-DHCPv6's control channel (dhcp6ctl to dhcp6s or dhcp6c over TCP):
 * a 12-byte header (command, length, version, reserved, timestamp), an
 * HMAC-MD5 of the whole message with that field zeroed, then the
 * command's data; and the key file, one line of base64.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "dhcp6.h"

static const char *const ctl_errs[] = {
	"ok", "short", "length", "timestamp is out of range", "no key",
	"authentication failure", "unsupported version", "replayed"
};

const char *
d6ctl_err_name(enum d6ctl_err e)
{
	return (unsigned)e < sizeof(ctl_errs) / sizeof(ctl_errs[0]) ?
	    ctl_errs[e] : "?";
}

static int
mac(const uint8_t *key, size_t keylen, const uint8_t *msg, size_t len,
    uint8_t out[D6CTL_MACLEN])
{
	uint8_t		 tmp[D6CTL_HDRLEN + D6CTL_MACLEN + D6CTL_MAXDATA];
	unsigned int	 n = D6CTL_MACLEN;

	if (len > sizeof(tmp) || len < D6CTL_HDRLEN + D6CTL_MACLEN)
		return -1;
	/* the message with its digest zeroed */
	memcpy(tmp, msg, len);
	memset(tmp + D6CTL_HDRLEN, 0, D6CTL_MACLEN);
	if (HMAC(EVP_md5(), key, (int)keylen, tmp, len, out, &n) == NULL ||
	    n != D6CTL_MACLEN)
		return -1;
	return 0;
}

size_t
d6ctl_build(uint16_t cmd, const void *data, size_t datalen,
    const uint8_t *key, size_t keylen, uint32_t timestamp, uint8_t *out,
    size_t cap)
{
	struct wbuf	 w;
	size_t		 len = D6CTL_HDRLEN + D6CTL_MACLEN + datalen;

	if (datalen > D6CTL_MAXDATA || len > cap)
		return 0;
	wbuf_init(&w, out, cap);
	wbuf_u16(&w, cmd);
	wbuf_u16(&w, (uint16_t)(D6CTL_MACLEN + datalen));
	wbuf_u16(&w, 0);		/* version */
	wbuf_u16(&w, 0);
	wbuf_u32(&w, timestamp);
	wbuf_zero(&w, D6CTL_MACLEN);
	wbuf_bytes(&w, data, datalen);
	if (!wbuf_ok(&w) || mac(key, keylen, out, len, out + D6CTL_HDRLEN) ==
	    -1)
		return 0;
	return len;
}

enum d6ctl_err
d6ctl_verify(const uint8_t *msg, size_t len, const uint8_t *key,
    size_t keylen, uint32_t now, struct d6ctl_msg *m)
{
	struct rbuf	 r;
	uint8_t		 want[D6CTL_MACLEN];
	uint16_t	 dlen, reserved;
	int64_t		 skew;

	memset(m, 0, sizeof(*m));
	if (len < D6CTL_HDRLEN + D6CTL_MACLEN)
		return D6CTL_SHORT;
	rbuf_init(&r, msg, len);
	rbuf_u16(&r, &m->command);
	rbuf_u16(&r, &dlen);
	rbuf_u16(&r, &m->version);
	rbuf_u16(&r, &reserved);
	rbuf_u32(&r, &m->timestamp);
	if (len != (size_t)D6CTL_HDRLEN + dlen || dlen < D6CTL_MACLEN ||
	    dlen > D6CTL_MACLEN + D6CTL_MAXDATA)
		return D6CTL_LENGTH;
	skew = (int64_t)m->timestamp - (int64_t)now;
	if (skew > D6CTL_SKEW || skew < -D6CTL_SKEW)
		return D6CTL_TIME;
	if (key == NULL || keylen == 0)
		return D6CTL_NOKEY;
	if (mac(key, keylen, msg, len, want) == -1 ||
	    CRYPTO_memcmp(want, msg + D6CTL_HDRLEN, D6CTL_MACLEN) != 0)
		return D6CTL_AUTH;
	if (m->version > 0)
		return D6CTL_VERSION;
	memcpy(m->digest, msg + D6CTL_HDRLEN, D6CTL_MACLEN);
	m->data = msg + D6CTL_HDRLEN + D6CTL_MACLEN;
	m->datalen = len - D6CTL_HDRLEN - D6CTL_MACLEN;
	return D6CTL_OK;
}

int
d6ctl_key_read(const char *path, uint8_t *key, size_t cap, size_t *len)
{
	FILE	*f;
	char	 line[256], *p;
	int	 rc;

	if ((f = fopen(path, "re")) == NULL)
		return -1;
	p = fgets(line, sizeof(line), f);
	fclose(f);
	if (p == NULL) {
		errno = EINVAL;
		return -1;
	}
	line[strcspn(line, "\r\n")] = '\0';
	rc = d6_base64_decode(line, key, cap, len);
	explicit_bzero(line, sizeof(line));
	if (rc == -1)
		errno = EINVAL;
	return rc;
}

int
d6ctl_replay_check(struct d6ctl_replay *rp, const struct d6ctl_msg *m,
    uint32_t now)
{
	int	 i, free_slot = -1;

	for (i = 0; i < D6CTL_REPLAY_SLOTS; i++) {
		if (rp->seen[i].when + 2 * D6CTL_SKEW < now ||
		    rp->seen[i].when == 0) {
			if (free_slot == -1)
				free_slot = i;
			continue;
		}
		if (memcmp(rp->seen[i].digest, m->digest, D6CTL_MACLEN) == 0)
			return -1;
	}
	if (free_slot == -1)
		free_slot = (int)(rp->next++ % D6CTL_REPLAY_SLOTS);
	rp->seen[free_slot].when = now;
	memcpy(rp->seen[free_slot].digest, m->digest, D6CTL_MACLEN);
	return 0;
}
