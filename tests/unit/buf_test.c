/* Unit tests for common/buf: the bounds-checked reader and writer. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "t6check.h"

START_TEST(read_integers)
{
	const uint8_t	 pkt[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	    0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12 };
	struct rbuf	 r;
	uint8_t		 u8;
	uint16_t	 u16;
	uint32_t	 u24, u32;
	uint64_t	 u64;

	rbuf_init(&r, pkt, sizeof(pkt));
	ck_assert_int_eq(rbuf_u8(&r, &u8), 0);
	ck_assert_uint_eq(u8, 0x01);
	ck_assert_int_eq(rbuf_u16(&r, &u16), 0);
	ck_assert_uint_eq(u16, 0x0203);
	ck_assert_int_eq(rbuf_u24(&r, &u24), 0);
	ck_assert_uint_eq(u24, 0x040506);
	ck_assert_int_eq(rbuf_u32(&r, &u32), 0);
	ck_assert_uint_eq(u32, 0x0708090a);
	ck_assert_int_eq(rbuf_u64(&r, &u64), 0);
	ck_assert(u64 == 0x0b0c0d0e0f101112ULL);
	ck_assert_uint_eq(rbuf_left(&r), 0);
	ck_assert(rbuf_ok(&r));
	ck_assert_uint_eq(rbuf_offset(&r), sizeof(pkt));
}
END_TEST

START_TEST(read_past_end_is_sticky)
{
	const uint8_t	 pkt[] = { 0xaa, 0xbb, 0xcc };
	struct rbuf	 r;
	uint8_t		 u8;
	uint16_t	 u16;
	uint32_t	 u32;

	rbuf_init(&r, pkt, sizeof(pkt));
	ck_assert_int_eq(rbuf_u16(&r, &u16), 0);
	ck_assert_int_eq(rbuf_u32(&r, &u32), -1);
	ck_assert_uint_eq(u32, 0);
	ck_assert(!rbuf_ok(&r));
	/* one byte is left, but the buffer is bad now: nothing reads */
	ck_assert_int_eq(rbuf_u8(&r, &u8), -1);
	ck_assert_uint_eq(u8, 0);
	ck_assert_uint_eq(rbuf_left(&r), 0);
}
END_TEST

START_TEST(read_every_short_length)
{
	uint8_t		 pkt[16], out[16];
	struct rbuf	 r;
	struct in6_addr	 a;
	uint64_t	 u64;
	size_t		 n;

	memset(pkt, 0x5a, sizeof(pkt));
	for (n = 0; n < sizeof(pkt); n++) {
		rbuf_init(&r, pkt, n);
		ck_assert_int_eq(rbuf_in6(&r, &a), -1);
		ck_assert(IN6_IS_ADDR_UNSPECIFIED(&a));
		rbuf_init(&r, pkt, n);
		ck_assert_int_eq(rbuf_bytes(&r, out, n + 1), -1);
		if (n < 8) {
			rbuf_init(&r, pkt, n);
			ck_assert_int_eq(rbuf_u64(&r, &u64), -1);
		}
	}
	rbuf_init(&r, pkt, 16);
	ck_assert_int_eq(rbuf_in6(&r, &a), 0);
}
END_TEST

START_TEST(read_null_and_skip)
{
	struct rbuf	 r;
	uint8_t		 u8;
	const uint8_t	 pkt[] = { 1, 2, 3, 4 };

	rbuf_init(&r, NULL, 100);
	ck_assert_uint_eq(rbuf_left(&r), 0);
	ck_assert_int_eq(rbuf_u8(&r, &u8), -1);

	rbuf_init(&r, pkt, sizeof(pkt));
	ck_assert_int_eq(rbuf_skip(&r, 3), 0);
	ck_assert_int_eq(rbuf_u8(&r, &u8), 0);
	ck_assert_uint_eq(u8, 4);
	ck_assert_int_eq(rbuf_skip(&r, 1), -1);

	/* a huge skip must not wrap the offset */
	rbuf_init(&r, pkt, sizeof(pkt));
	ck_assert_int_eq(rbuf_skip(&r, SIZE_MAX), -1);
	ck_assert_ptr_null(rbuf_take(&r, 1));
}
END_TEST

START_TEST(read_take_and_peek)
{
	const uint8_t	 pkt[] = { 9, 8, 7, 6, 5 };
	const uint8_t	*p;
	struct rbuf	 r;
	uint8_t		 u8;
	uint16_t	 u16;

	rbuf_init(&r, pkt, sizeof(pkt));
	ck_assert_int_eq(rbuf_peek_u8(&r, 4, &u8), 0);
	ck_assert_uint_eq(u8, 5);
	ck_assert_int_eq(rbuf_peek_u8(&r, 5, &u8), -1);
	ck_assert_int_eq(rbuf_peek_u16(&r, 3, &u16), 0);
	ck_assert_uint_eq(u16, 0x0605);
	ck_assert_int_eq(rbuf_peek_u16(&r, 4, &u16), -1);
	ck_assert_int_eq(rbuf_peek_u16(&r, SIZE_MAX, &u16), -1);
	/* peeking past the end is not an error of the buffer */
	ck_assert(rbuf_ok(&r));
	p = rbuf_take(&r, 2);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p[0], 9);
	ck_assert_uint_eq(p[1], 8);
	ck_assert_ptr_null(rbuf_take(&r, 4));
	ck_assert(!rbuf_ok(&r));
}
END_TEST

START_TEST(read_sub_tlv)
{
	/* type 1 len 3 "abc", type 2 len 9 (overrun) */
	const uint8_t	 pkt[] = { 0, 1, 0, 3, 'a', 'b', 'c', 0, 2, 0, 9, 'x' };
	struct rbuf	 r, v;
	uint16_t	 type, len;
	uint8_t		 c;
	const uint8_t	*rest;
	size_t		 restlen;

	rbuf_init(&r, pkt, sizeof(pkt));
	rbuf_u16(&r, &type);
	rbuf_u16(&r, &len);
	ck_assert_int_eq(rbuf_sub(&r, len, &v), 0);
	ck_assert_uint_eq(rbuf_left(&v), 3);
	rbuf_u8(&v, &c);
	ck_assert_int_eq(c, 'a');
	ck_assert_int_eq(rbuf_skip(&v, 3), -1);	/* cannot escape the TLV */
	ck_assert(rbuf_ok(&r));			/* the parent is unharmed */
	rest = rbuf_rest(&r, &restlen);
	ck_assert_uint_eq(restlen, 5);
	ck_assert_uint_eq(rest[1], 2);
	rbuf_u16(&r, &type);
	rbuf_u16(&r, &len);
	ck_assert_int_eq(rbuf_sub(&r, len, &v), -1);
	ck_assert(!rbuf_ok(&v));
	ck_assert_uint_eq(rbuf_left(&v), 0);
	ck_assert(!rbuf_ok(&r));
	ck_assert_ptr_null(rbuf_rest(&r, &restlen));
	ck_assert_uint_eq(restlen, 0);
	ck_assert_int_eq(rbuf_fail(&v), -1);
}
END_TEST

START_TEST(write_fixed)
{
	uint8_t		 mem[32];
	struct wbuf	 w;
	struct in6_addr	 a;
	const uint8_t	 want[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	    0x08, 0x09, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0x0b, 0, 0 };

	wbuf_init(&w, mem, sizeof(mem));
	ck_assert_int_eq(wbuf_u8(&w, 1), 0);
	ck_assert_int_eq(wbuf_u16(&w, 0x0203), 0);
	ck_assert_int_eq(wbuf_u24(&w, 0x040506), 0);
	ck_assert_int_eq(wbuf_u32(&w, 0x0708090a), 0);
	ck_assert_int_eq(wbuf_u64(&w, 0x0b), 0);
	ck_assert_int_eq(wbuf_zero(&w, 2), 0);
	ck_assert_uint_eq(wbuf_len(&w), sizeof(want));
	ck_assert_mem_eq(wbuf_data(&w), want, sizeof(want));
	inet_pton(AF_INET6, "2001:db8::1", &a);
	/* 20 + 16 > 32: refused, nothing partial is written */
	ck_assert_int_eq(wbuf_in6(&w, &a), -1);
	ck_assert(!wbuf_ok(&w));
	ck_assert_uint_eq(wbuf_len(&w), sizeof(want));
	ck_assert_int_eq(wbuf_u8(&w, 0), -1);
	ck_assert_int_eq(wbuf_u24(&w, 0), -1);
	wbuf_reset(&w);
	ck_assert(wbuf_ok(&w));
	ck_assert_int_eq(wbuf_in6(&w, &a), 0);
	ck_assert_mem_eq(wbuf_data(&w), &a, 16);
}
END_TEST

START_TEST(write_bad_values)
{
	uint8_t		 mem[8];
	struct wbuf	 w;

	wbuf_init(&w, mem, sizeof(mem));
	ck_assert_int_eq(wbuf_u24(&w, 0x1000000), -1);
	ck_assert(!wbuf_ok(&w));

	wbuf_init(&w, NULL, 100);
	ck_assert_int_eq(wbuf_u8(&w, 1), -1);

	wbuf_init(&w, mem, sizeof(mem));
	ck_assert_int_eq(wbuf_set_u16(&w, 0, 1), -1);	/* nothing there */
	wbuf_init(&w, mem, sizeof(mem));
	wbuf_u16(&w, 0);
	ck_assert_int_eq(wbuf_set_u32(&w, 0, 1), -1);	/* too short */
	wbuf_init(&w, mem, sizeof(mem));
	wbuf_u16(&w, 0);
	ck_assert_int_eq(wbuf_set_u8(&w, SIZE_MAX, 1), -1);
	wbuf_init(&w, mem, sizeof(mem));
	ck_assert_int_eq(wbuf_len16_end(&w, 0), -1);
	wbuf_init(&w, mem, sizeof(mem));
	ck_assert_int_eq(wbuf_zero(&w, SIZE_MAX), -1);
}
END_TEST

START_TEST(write_patch_lengths)
{
	uint8_t		 mem[16];
	struct wbuf	 w;
	size_t		 mark, off;

	wbuf_init(&w, mem, sizeof(mem));
	wbuf_u16(&w, 7);			/* option code */
	ck_assert_int_eq(wbuf_len16_begin(&w, &mark), 0);
	wbuf_u32(&w, 0xdeadbeef);
	wbuf_u8(&w, 1);
	ck_assert_int_eq(wbuf_len16_end(&w, mark), 0);
	ck_assert_uint_eq(mem[2], 0);
	ck_assert_uint_eq(mem[3], 5);
	ck_assert_int_eq(wbuf_reserve(&w, 4, &off), 0);
	ck_assert_uint_eq(off, 9);
	ck_assert_int_eq(wbuf_set_u32(&w, off, 0x01020304), 0);
	ck_assert_uint_eq(mem[12], 4);
	ck_assert_int_eq(wbuf_set_u8(&w, 0, 0xff), 0);
	ck_assert_int_eq(wbuf_set_u16(&w, 0, 0xfffe), 0);
	ck_assert_uint_eq(mem[1], 0xfe);
	ck_assert_int_eq(wbuf_reserve(&w, 4, &off), -1);
}
END_TEST

START_TEST(write_len16_overflow)
{
	struct wbuf	 w;
	size_t		 mark;

	ck_assert_int_eq(wbuf_init_dyn(&w, 16, 100000), 0);
	wbuf_len16_begin(&w, &mark);
	ck_assert_int_eq(wbuf_zero(&w, 70000), 0);
	ck_assert_int_eq(wbuf_len16_end(&w, mark), -1);
	ck_assert(!wbuf_ok(&w));
	wbuf_free(&w);
}
END_TEST

START_TEST(write_growable)
{
	struct wbuf	 w;
	size_t		 i;

	ck_assert_int_eq(wbuf_init_dyn(&w, 1, 1000), 0);
	for (i = 0; i < 250; i++)
		ck_assert_int_eq(wbuf_u32(&w, (uint32_t)i), 0);
	ck_assert_uint_eq(wbuf_len(&w), 1000);
	ck_assert_uint_eq(wbuf_data(&w)[999], 249);
	ck_assert_int_eq(wbuf_u8(&w, 0), -1);	/* max reached */
	ck_assert(!wbuf_ok(&w));
	wbuf_free(&w);
	ck_assert(!wbuf_ok(&w));
	/* initial larger than max is capped */
	ck_assert_int_eq(wbuf_init_dyn(&w, 4096, 10), 0);
	ck_assert_int_eq(wbuf_zero(&w, 10), 0);
	ck_assert_int_eq(wbuf_zero(&w, 1), -1);
	wbuf_free(&w);
}
END_TEST

START_TEST(checksum_rfc1071)
{
	/* The example of RFC 1071 section 3. */
	const uint8_t	 d[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6,
	    0xf7 };
	uint32_t	 s;

	s = cksum_add(0, d, sizeof(d));
	ck_assert_uint_eq(cksum_finish(s), (uint16_t)~0xddf2);
	/* split into even chunks, same answer */
	s = cksum_add(0, d, 4);
	s = cksum_add(s, d + 4, 4);
	ck_assert_uint_eq(cksum_finish(s), (uint16_t)~0xddf2);
	/* odd tail is padded with zero */
	s = cksum_add(0, (const uint8_t []){ 0x12 }, 1);
	ck_assert_uint_eq(cksum_finish(s), (uint16_t)~0x1200);
	/* many 0xffff words fold correctly */
	{
		uint8_t big[4096];

		memset(big, 0xff, sizeof(big));
		s = cksum_add(0, big, sizeof(big));
		ck_assert_uint_eq(cksum_finish(s), 0);
	}
}
END_TEST

START_TEST(hex)
{
	char		 out[9];
	const uint8_t	 d[] = { 0x00, 0xab, 0xcd, 0xef, 0x12 };

	ck_assert_str_eq(buf_hex(d, 4, out, sizeof(out)), "00abcdef");
	/* too small: truncated at a whole byte */
	ck_assert_str_eq(buf_hex(d, 5, out, 6), "00ab");
	ck_assert_str_eq(buf_hex(d, 0, out, sizeof(out)), "");
}
END_TEST

static Suite *
buf_suite(void)
{
	Suite	*s = suite_create("buf");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, read_integers);
	tcase_add_test(tc, read_past_end_is_sticky);
	tcase_add_test(tc, read_every_short_length);
	tcase_add_test(tc, read_null_and_skip);
	tcase_add_test(tc, read_take_and_peek);
	tcase_add_test(tc, read_sub_tlv);
	tcase_add_test(tc, write_fixed);
	tcase_add_test(tc, write_bad_values);
	tcase_add_test(tc, write_patch_lengths);
	tcase_add_test(tc, write_len16_overflow);
	tcase_add_test(tc, write_growable);
	tcase_add_test(tc, checksum_rfc1071);
	tcase_add_test(tc, hex);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(buf_suite(), 0);
}
