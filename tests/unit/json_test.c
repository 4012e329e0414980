/* Unit tests for common/json: nesting, commas, escaping. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "t6check.h"

static char	*out;
static size_t	 outlen;
static FILE	*fp;
static struct json j;

static void
start(int pretty)
{
	fp = open_memstream(&out, &outlen);
	ck_assert_ptr_nonnull(fp);
	json_init(&j, fp, pretty);
}

static const char *
finish(int want_rc)
{
	ck_assert_int_eq(json_finish(&j), want_rc);
	fclose(fp);
	return out;
}

START_TEST(compact_document)
{
	start(0);
	json_object_begin(&j, NULL);
	json_string(&j, "name", "route6d");
	json_int(&j, "neg", -5);
	json_uint(&j, "big", 18446744073709551615ULL);
	json_bool(&j, "up", 1);
	json_bool(&j, "down", 0);
	json_null(&j, "none");
	json_double(&j, "ratio", 0.5);
	json_double(&j, "inf", INFINITY);
	json_string(&j, "nullstr", NULL);
	json_array_begin(&j, "routes");
	json_object_begin(&j, NULL);
	json_string(&j, "dst", "2001:db8::/32");
	json_object_end(&j);
	json_object_begin(&j, NULL);
	json_object_end(&j);
	json_int(&j, NULL, 3);
	json_array_end(&j);
	json_array_begin(&j, "empty");
	json_array_end(&j);
	json_object_end(&j);
	ck_assert_str_eq(finish(0),
	    "{\"name\":\"route6d\",\"neg\":-5,\"big\":18446744073709551615,"
	    "\"up\":true,\"down\":false,\"none\":null,\"ratio\":0.5,"
	    "\"inf\":null,\"nullstr\":null,"
	    "\"routes\":[{\"dst\":\"2001:db8::/32\"},{},3],\"empty\":[]}\n");
	free(out);
}
END_TEST

START_TEST(escaping)
{
	start(0);
	json_string(&j, NULL, "q\"b\\n\nt\tr\rc\001del\177é");
	ck_assert_str_eq(finish(0),
	    "\"q\\\"b\\\\n\\nt\\tr\\rc\\u0001del\\u007fé\"\n");
	free(out);
}
END_TEST

START_TEST(pretty_document)
{
	start(1);
	json_object_begin(&j, NULL);
	json_array_begin(&j, "a");
	json_int(&j, NULL, 1);
	json_int(&j, NULL, 2);
	json_array_end(&j);
	json_object_end(&j);
	ck_assert_str_eq(finish(0), "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n");
	free(out);
}
END_TEST

START_TEST(misuse_is_reported)
{
	int	 i;

	start(0);
	json_object_end(&j);		/* nothing open */
	finish(-1);
	free(out);

	start(0);
	json_array_begin(&j, NULL);	/* never closed */
	finish(-1);
	free(out);

	start(0);
	for (i = 0; i < JSON_MAX_DEPTH + 5; i++)
		json_array_begin(&j, NULL);
	finish(-1);
	free(out);
}
END_TEST

static Suite *
json_suite(void)
{
	Suite	*s = suite_create("json");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, compact_document);
	tcase_add_test(tc, escaping);
	tcase_add_test(tc, pretty_document);
	tcase_add_test(tc, misuse_is_reported);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(json_suite(), 0);
}
