/* Unit tests for common/idmap: against a plain array, through growth
 * and removals that must move entries back. */
#include <stdlib.h>

#include "idmap.h"
#include "t6check.h"

START_TEST(empty)
{
	struct idmap	 m = IDMAP_INITIALIZER;

	ck_assert_ptr_null(idmap_get(&m, 1));
	ck_assert_ptr_null(idmap_get(&m, 0));
	ck_assert_int_eq(idmap_del(&m, 1), 0);
	ck_assert_uint_eq(idmap_count(&m), 0);
	idmap_free(&m);
}
END_TEST

START_TEST(put_get_del)
{
	struct idmap	 m = IDMAP_INITIALIZER;
	int		 a, b;

	ck_assert_int_eq(idmap_reserve(&m), 0);
	idmap_put(&m, 7, &a);
	ck_assert_int_eq(idmap_reserve(&m), 0);
	idmap_put(&m, 0xffffffffu, &b);
	ck_assert_ptr_eq(idmap_get(&m, 7), &a);
	ck_assert_ptr_eq(idmap_get(&m, 0xffffffffu), &b);
	ck_assert_ptr_null(idmap_get(&m, 8));
	ck_assert_ptr_null(idmap_get(&m, 0));
	ck_assert_uint_eq(idmap_count(&m), 2);
	ck_assert_int_eq(idmap_del(&m, 7), 1);
	ck_assert_int_eq(idmap_del(&m, 7), 0);
	ck_assert_ptr_null(idmap_get(&m, 7));
	ck_assert_ptr_eq(idmap_get(&m, 0xffffffffu), &b);
	ck_assert_uint_eq(idmap_count(&m), 1);
	idmap_free(&m);
	ck_assert_ptr_null(idmap_get(&m, 0xffffffffu));
}
END_TEST

/* Never more than half full, whatever was put. */
START_TEST(grows)
{
	struct idmap	 m = IDMAP_INITIALIZER;
	uint32_t	 id;

	for (id = 1; id <= 1000; id++) {
		ck_assert_int_eq(idmap_reserve(&m), 0);
		idmap_put(&m, id, (void *)(uintptr_t)id);
		ck_assert_uint_le(m.used * 2, m.cap);
	}
	ck_assert_uint_eq(m.cap, 2048);
	for (id = 1; id <= 1000; id++)
		ck_assert_ptr_eq(idmap_get(&m, id), (void *)(uintptr_t)id);
	idmap_free(&m);
}
END_TEST

/*
 * Random puts and removals, compared at every step with a plain array.
 * Identifiers from a small range collide and share probe runs, so
 * removals in the middle of a run (and of one that wraps past the end
 * of the table) have to move the entries after them back.
 */
#define NIDS	300

static void
check_all(const struct idmap *m, void *const *ref)
{
	uint32_t	 id;
	size_t		 n = 0;

	for (id = 1; id < NIDS; id++) {
		ck_assert_ptr_eq(idmap_get(m, id), ref[id]);
		n += ref[id] != NULL;
	}
	ck_assert_uint_eq(idmap_count(m), n);
}

START_TEST(random_against_array)
{
	struct idmap	 m = IDMAP_INITIALIZER;
	void		*ref[NIDS] = { 0 };
	static int	 vals[NIDS];
	uint32_t	 id;
	int		 step;

	srandom(5880);
	for (step = 0; step < 20000; step++) {
		id = 1 + (uint32_t)random() % (NIDS - 1);
		if (ref[id] == NULL && random() % 3 != 0) {
			ck_assert_int_eq(idmap_reserve(&m), 0);
			idmap_put(&m, id, &vals[id]);
			ref[id] = &vals[id];
		} else {
			ck_assert_int_eq(idmap_del(&m, id),
			    ref[id] != NULL);
			ref[id] = NULL;
		}
		if (step % 97 == 0)
			check_all(&m, ref);
	}
	check_all(&m, ref);
	for (id = 1; id < NIDS; id++)
		if (ref[id] != NULL) {
			ck_assert_int_eq(idmap_del(&m, id), 1);
			ref[id] = NULL;
			check_all(&m, ref);
		}
	ck_assert_uint_eq(idmap_count(&m), 0);
	idmap_free(&m);
}
END_TEST

/* Every slot of a small table holds an entry of one home at some time:
 * runs wrap past the last slot. */
START_TEST(wrapping_runs)
{
	struct idmap	 m = IDMAP_INITIALIZER;
	void		*ref[NIDS] = { 0 };
	static int	 vals[NIDS];
	uint32_t	 id;
	size_t		 last = 0;
	int		 round;

	ck_assert_int_eq(idmap_reserve(&m), 0);
	/* identifiers whose home is the table's last slot or next to it */
	for (id = 1; id < NIDS && idmap_count(&m) < 30; id++) {
		size_t h = (uint32_t)(id * 2654435769u) >> m.shift;

		if (h + 3 < m.cap)
			continue;
		idmap_put(&m, id, &vals[id]);
		ref[id] = &vals[id];
		last = id;
	}
	ck_assert_uint_ge(idmap_count(&m), 10);
	ck_assert_uint_le(idmap_count(&m) * 2, m.cap);
	check_all(&m, ref);
	for (round = 0; round < 2; round++)
		for (id = 1; id <= last; id++)
			if (ref[id] != NULL && (id + round) % 2 == 0) {
				ck_assert_int_eq(idmap_del(&m, id), 1);
				ref[id] = NULL;
				check_all(&m, ref);
			}
	idmap_free(&m);
}
END_TEST

static Suite *
idmap_suite(void)
{
	Suite	*s = suite_create("idmap");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, empty);
	tcase_add_test(tc, put_get_del);
	tcase_add_test(tc, grows);
	tcase_add_test(tc, random_against_array);
	tcase_add_test(tc, wrapping_runs);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(idmap_suite(), 0);
}
