/*
 * Fuzz dhcp6c.conf: whatever parses must print back as text that parses
 * without error and prints the same again; every error must be
 * "fuzz.conf:line: text" with nothing unprintable.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp6c.h"
#include "fuzz.h"

static int	 printout;	/* parsing our own output: no errors allowed */

/* dhcp6c's messages are all errors (no warnings). */
static void
check_msg(const char *msg, void *arg)
{
	fuzz_conf_msg(1, msg, printout);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct c6_conf	*a, *b;
	char		*ta, *tb;
	size_t		 la, lb;
	int		 errors;

	/* include would read files of the machine (or block on a FIFO) */
	if (memmem(data, size, "include", 7) != NULL)
		return 0;
	c6_conf_msgfn(check_msg, NULL);
	printout = 0;
	a = c6_conf_load("fuzz.conf", (const char *)data, size, &errors);
	if (a == NULL) {
		if (errors <= 0)
			abort();
		return 0;
	}
	if (errors != 0)
		abort();
	/* secrets are not printed, so a file with keys does not reparse */
	if (!TAILQ_EMPTY(&a->keys)) {
		c6_conf_free(a);
		return 0;
	}
	ta = FUZZ_PRINT(c6_conf_print, a, &la);
	printout = 1;
	b = c6_conf_load("print.conf", ta, la, &errors);
	printout = 0;
	if (b == NULL || errors != 0)
		abort();
	tb = FUZZ_PRINT(c6_conf_print, b, &lb);
	if (la != lb || memcmp(ta, tb, la) != 0) {
		fprintf(stderr, "printed twice, differently:\n%s---\n%s", ta,
		    tb);
		abort();
	}
	free(ta);
	free(tb);
	c6_conf_free(a);
	c6_conf_free(b);
	return 0;
}
