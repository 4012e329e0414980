/*
 * Delayed authentication (RFC 3315 21.4), shared by dhcp6s and dhcp6c:
 * the Authentication option read and written, HMAC-MD5 over the whole
 * message with the MAC field zeroed, and replay-detection values.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "dhcp6.h"

#define NTP_OFFSET	2208988800ULL	/* 1900 to 1970 */

int
d6_auth_parse(const struct d6_msg *m, struct d6_auth *a)
{
	const uint8_t	*p = m->auth.p;
	size_t		 len = m->auth.len, i;

	memset(a, 0, sizeof(*a));
	if (p == NULL || len < D6_AUTH_HDRLEN)
		return -1;
	a->proto = p[0];
	a->alg = p[1];
	a->rdm = p[2];
	for (i = 0; i < 8; i++)
		a->rd = a->rd << 8 | p[3 + i];
	a->info = p + D6_AUTH_HDRLEN;
	a->infolen = len - D6_AUTH_HDRLEN;
	if (a->proto != D6_AUTH_DELAYED)
		return 0;
	if (len < D6_AUTH_HDRLEN + D6_AUTH_INFOLEN)
		return 0;
	a->has_info = 1;
	a->realm = p + D6_AUTH_HDRLEN;
	a->realmlen = len - D6_AUTH_HDRLEN - D6_AUTH_INFOLEN;
	p = a->realm + a->realmlen;
	a->keyid = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
	a->macoff = (size_t)(p + 4 - m->raw);
	return 0;
}

int
d6_auth_mac(const uint8_t *key, size_t keylen, const uint8_t *msg,
    size_t len, size_t macoff, uint8_t out[16])
{
	static uint8_t	 tmp[D6_MSG_MAX];
	unsigned int	 n = 16;

	if (len > sizeof(tmp) || macoff + 16 > len)
		return -1;
	memcpy(tmp, msg, len);
	memset(tmp + macoff, 0, 16);
	return HMAC(EVP_md5(), key, (int)keylen, tmp, len, out, &n) == NULL ||
	    n != 16 ? -1 : 0;
}

int
d6_auth_verify(const struct d6_msg *m, const struct d6_auth *a,
    const uint8_t *key, size_t keylen)
{
	uint8_t	 want[16];

	if (!a->has_info || m->raw == NULL ||
	    d6_auth_mac(key, keylen, m->raw, m->rawlen, a->macoff, want) == -1)
		return 0;
	return CRYPTO_memcmp(want, m->raw + a->macoff, 16) == 0;
}

uint64_t
d6_auth_next_rd(uint64_t *last)
{
	struct timespec	 ts;
	uint64_t	 rd;

	clock_gettime(CLOCK_REALTIME, &ts);
	rd = ((uint64_t)ts.tv_sec + NTP_OFFSET) << 32 |
	    (((uint64_t)ts.tv_nsec << 32) / 1000000000ULL);
	if (rd <= *last)
		rd = *last + 1;
	*last = rd;
	return rd;
}

int
d6_auth_put(struct wbuf *w, uint64_t rd, const char *realm, uint32_t keyid,
    size_t *macoff)
{
	size_t	 mark;

	d6_opt_begin(w, D6O_AUTH, &mark);
	wbuf_u8(w, D6_AUTH_DELAYED);
	wbuf_u8(w, D6_AUTH_HMACMD5);
	wbuf_u8(w, D6_AUTH_MONOCOUNTER);
	wbuf_u64(w, rd);
	if (realm != NULL) {
		wbuf_bytes(w, realm, strlen(realm));
		wbuf_u32(w, keyid);
		if (macoff != NULL)
			*macoff = wbuf_len(w);
		wbuf_zero(w, 16);
	}
	d6_opt_end(w, mark);
	return wbuf_ok(w) ? 0 : -1;
}

int
d6_auth_sign(uint8_t *msg, size_t len, size_t macoff, const uint8_t *key,
    size_t keylen)
{
	uint8_t	 mac[16];

	if (d6_auth_mac(key, keylen, msg, len, macoff, mac) == -1)
		return -1;
	memcpy(msg + macoff, mac, 16);
	return 0;
}

int
d6_rkap_parse(const struct d6_msg *m, const struct d6_auth *a, uint8_t *type,
    size_t *valoff)
{
	if (a->proto != D6_AUTH_RECONFKEY || a->alg != D6_AUTH_HMACMD5 ||
	    a->rdm != D6_AUTH_MONOCOUNTER || a->infolen != 1 + D6_RKAP_LEN ||
	    m->raw == NULL)
		return -1;
	*type = a->info[0];
	*valoff = (size_t)(a->info + 1 - m->raw);
	return *type == D6_RKAP_KEY || *type == D6_RKAP_MAC ? 0 : -1;
}

int
d6_rkap_verify(const struct d6_msg *m, size_t valoff,
    const uint8_t key[D6_RKAP_LEN])
{
	uint8_t	 want[D6_RKAP_LEN];

	if (m->raw == NULL || d6_auth_mac(key, D6_RKAP_LEN, m->raw, m->rawlen,
	    valoff, want) == -1)
		return 0;
	return CRYPTO_memcmp(want, m->raw + valoff, sizeof(want)) == 0;
}

int
d6_rkap_put(struct wbuf *w, uint64_t rd, uint8_t type, const uint8_t *value,
    size_t *valoff)
{
	size_t	 mark;

	d6_opt_begin(w, D6O_AUTH, &mark);
	wbuf_u8(w, D6_AUTH_RECONFKEY);
	wbuf_u8(w, D6_AUTH_HMACMD5);
	wbuf_u8(w, D6_AUTH_MONOCOUNTER);
	wbuf_u64(w, rd);
	wbuf_u8(w, type);
	if (valoff != NULL)
		*valoff = wbuf_len(w);
	if (value != NULL)
		wbuf_bytes(w, value, D6_RKAP_LEN);
	else
		wbuf_zero(w, D6_RKAP_LEN);
	d6_opt_end(w, mark);
	return wbuf_ok(w) ? 0 : -1;
}

int
d6_base64_decode(const char *text, uint8_t *out, size_t cap, size_t *len)
{
	uint8_t	 tmp[768];
	size_t	 n = strlen(text), pad = 0;
	int	 dec;

	if (n == 0 || n % 4 != 0 || n / 4 * 3 > sizeof(tmp) ||
	    (dec = EVP_DecodeBlock(tmp, (const unsigned char *)text,
	    (int)n)) < 0)
		return -1;
	if (text[n - 1] == '=')
		pad++;
	if (n >= 2 && text[n - 2] == '=')
		pad++;
	if ((size_t)dec <= pad || (size_t)dec - pad > cap) {
		explicit_bzero(tmp, sizeof(tmp));
		return -1;
	}
	*len = (size_t)dec - pad;
	memcpy(out, tmp, *len);
	explicit_bzero(tmp, sizeof(tmp));
	return 0;
}

int
d6_expire_parse(const char *v, time_t *out)
{
	struct tm	 tm;
	time_t		 now = time(NULL);
	int		 y, mo, d, h, mi;
	char		 extra;

	if (strcmp(v, "forever") == 0) {
		*out = 0;
		return 0;
	}
	localtime_r(&now, &tm);
	if (sscanf(v, "%d-%d-%d %d:%d%c", &y, &mo, &d, &h, &mi,
	    &extra) == 5) {
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
	} else if (sscanf(v, "%d-%d %d:%d%c", &mo, &d, &h, &mi,
	    &extra) == 4) {
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
	} else if (sscanf(v, "%d:%d%c", &h, &mi, &extra) != 2)
		return -1;
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || tm.tm_mon < 0 ||
	    tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31)
		return -1;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	if (*out == 0)
		*out = 1;	/* 0 means forever */
	return 0;
}
