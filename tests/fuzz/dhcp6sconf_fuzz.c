/*
 * Fuzz dhcp6s's configuration grammar: whatever parses (without keys,
 * whose secrets are not printed) must print back as text that parses
 * and prints the same again; every message must be "name:line: text"
 * with nothing unprintable.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp6s.h"
#include "fuzz.h"

static int	 printout;

static void
check_msg(int is_error, const char *msg, void *arg)
{
	fuzz_conf_msg(is_error, msg, printout);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct d6s_conf	*c, *c2;
	char		*t1, *t2;
	size_t		 l1, l2;
	int		 errors;

	d6s_conf_msgfn(check_msg, NULL);
	printout = 0;
	c = d6s_conf_load_string("fuzz.conf", (const char *)data, len,
	    &errors);
	if (c == NULL || !TAILQ_EMPTY(&c->keys)) {
		d6s_conf_free(c);
		return 0;
	}
	t1 = FUZZ_PRINT(d6s_conf_print, c, &l1);
	printout = 1;
	if ((c2 = d6s_conf_load_string("print.conf", t1, l1, &errors)) ==
	    NULL)
		abort();
	t2 = FUZZ_PRINT(d6s_conf_print, c2, &l2);
	if (l1 != l2 || memcmp(t1, t2, l1) != 0) {
		fprintf(stderr, "first:\n%s\nsecond:\n%s\n", t1, t2);
		abort();
	}
	free(t1);
	free(t2);
	d6s_conf_free(c);
	d6s_conf_free(c2);
	return 0;
}
