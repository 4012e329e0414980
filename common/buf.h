/*
 * Bounds-checked packet reader (struct rbuf) and writer (struct wbuf).
 *
 * Errors are sticky: the first read past the end (or write past the
 * capacity) marks the buffer bad, and every later call fails and yields
 * zeros, so a decoder may read a whole header and test rbuf_ok() once.
 * Multi-byte integers are in network byte order on the wire and in host
 * order in the program.
 */
#ifndef T6_BUF_H
#define T6_BUF_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

struct rbuf {
	const uint8_t	*data;
	size_t		 len;
	size_t		 off;
	int		 bad;
};

void		 rbuf_init(struct rbuf *, const void *data, size_t len);
int		 rbuf_ok(const struct rbuf *);
size_t		 rbuf_left(const struct rbuf *);
size_t		 rbuf_offset(const struct rbuf *);
int		 rbuf_u8(struct rbuf *, uint8_t *);
int		 rbuf_u16(struct rbuf *, uint16_t *);
int		 rbuf_u24(struct rbuf *, uint32_t *);
int		 rbuf_u32(struct rbuf *, uint32_t *);
int		 rbuf_u64(struct rbuf *, uint64_t *);
int		 rbuf_bytes(struct rbuf *, void *, size_t);
int		 rbuf_in6(struct rbuf *, struct in6_addr *);
int		 rbuf_skip(struct rbuf *, size_t);
/* A pointer to the next n bytes (consumed), or NULL. */
const void	*rbuf_take(struct rbuf *, size_t n);
/* Peek without consuming; fails (not sticky) if short. */
int		 rbuf_peek_u8(const struct rbuf *, size_t at, uint8_t *);
int		 rbuf_peek_u16(const struct rbuf *, size_t at, uint16_t *);
/*
 * Carve the next n bytes off as a reader of their own (for a TLV value):
 * the parent moves past them; the child cannot read beyond them.
 */
int		 rbuf_sub(struct rbuf *, size_t n, struct rbuf *child);
/* The unread rest, as a pointer and length (not consumed). */
const uint8_t	*rbuf_rest(const struct rbuf *, size_t *len);
/* Fail now (for a decoder that found a bad value). */
int		 rbuf_fail(struct rbuf *);

struct wbuf {
	uint8_t		*data;
	size_t		 len;
	size_t		 cap;
	size_t		 max;		/* growable buffers stop here */
	int		 growable;
	int		 bad;
};

/* Write into caller memory of a fixed size. */
void		 wbuf_init(struct wbuf *, void *mem, size_t cap);
/* Write into malloc'd memory that grows up to max bytes. */
int		 wbuf_init_dyn(struct wbuf *, size_t initial, size_t max);
void		 wbuf_free(struct wbuf *);
int		 wbuf_ok(const struct wbuf *);
size_t		 wbuf_len(const struct wbuf *);
const uint8_t	*wbuf_data(const struct wbuf *);
void		 wbuf_reset(struct wbuf *);
int		 wbuf_u8(struct wbuf *, uint8_t);
int		 wbuf_u16(struct wbuf *, uint16_t);
int		 wbuf_u24(struct wbuf *, uint32_t);
int		 wbuf_u32(struct wbuf *, uint32_t);
int		 wbuf_u64(struct wbuf *, uint64_t);
int		 wbuf_bytes(struct wbuf *, const void *, size_t);
int		 wbuf_in6(struct wbuf *, const struct in6_addr *);
int		 wbuf_zero(struct wbuf *, size_t);
/* Reserve n bytes and return their offset (for a length patched later). */
int		 wbuf_reserve(struct wbuf *, size_t n, size_t *off);
int		 wbuf_set_u8(struct wbuf *, size_t off, uint8_t);
int		 wbuf_set_u16(struct wbuf *, size_t off, uint16_t);
int		 wbuf_set_u32(struct wbuf *, size_t off, uint32_t);
/*
 * A 16-bit length field around a run of writes: wbuf_len16_begin
 * reserves it; wbuf_len16_end stores the number of bytes written since
 * (failing if it exceeds 65535).
 */
int		 wbuf_len16_begin(struct wbuf *, size_t *mark);
int		 wbuf_len16_end(struct wbuf *, size_t mark);

/*
 * The Internet checksum (RFC 1071): add chunks (every chunk but the last
 * of even length), then fold and complement.
 */
uint32_t	 cksum_add(uint32_t sum, const void *data, size_t len);
uint16_t	 cksum_finish(uint32_t sum);

/* "0a1b..." into out (2*len+1 bytes); returns out. */
char		*buf_hex(const void *data, size_t len, char *out, size_t outlen);

#endif
