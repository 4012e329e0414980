/*
 * What the fuzz harnesses share: the libFuzzer entry points, and a fixed
 * interface table.
 */
#ifndef T6_FUZZ_H
#define T6_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scope6.h"

/*
 * What a configuration printer, fn(conf, FILE *), writes: a malloc'd
 * string of *lenp bytes (the grammar harnesses parse it back).
 */
#define FUZZ_PRINT(fn, conf, lenp) __extension__ ({			\
	char	*fp_text = NULL;					\
	FILE	*fp_f = open_memstream(&fp_text, (lenp));		\
									\
	if (fp_f == NULL)						\
		abort();						\
	fn((conf), fp_f);						\
	if (fclose(fp_f) != 0)						\
		abort();						\
	fp_text;							\
})

/* Every harness defines the first; the second is optional. */
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	 LLVMFuzzerInitialize(int *, char ***);

/*
 * Interfaces the harnesses resolve without asking the kernel, so a run
 * is fast and the same on every machine.  The names are ones Linux
 * accepts and older lexers did not; an all-digit name is legal too.
 */
static const char *const fuzz_ifnames[] = {
	NULL, "lo", "eth0", "br-lan", "wg+1", "veth@x", "eth0.100", "42",
	"a#b!"
};
#define FUZZ_NIF	(sizeof(fuzz_ifnames) / sizeof(fuzz_ifnames[0]))

static inline uint32_t
fuzz_name2index(const char *name)
{
	uint32_t	 i;

	for (i = 1; i < FUZZ_NIF; i++)
		if (strcmp(name, fuzz_ifnames[i]) == 0)
			return i;
	return 0;
}

static inline const char *
fuzz_index2name(uint32_t index, char *buf)
{
	if (index == 0 || index >= FUZZ_NIF)
		return NULL;
	return strcpy(buf, fuzz_ifnames[index]);
}

static inline void
fuzz_resolver(void)
{
	scope6_set_resolver(fuzz_name2index, fuzz_index2name);
}

/*
 * For config grammar harnesses: a message must be "fuzz.conf:..." or
 * "print.conf:..." (the file name first), with nothing unprintable; and
 * no error at all while the harness parses its own printout.
 */
static inline void
fuzz_conf_msg(int is_error, const char *msg, int printout)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)msg; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
	if (strncmp(msg, "fuzz.conf:", 10) != 0 &&
	    strncmp(msg, "print.conf:", 11) != 0)
		abort();
	if (printout && is_error) {
		fprintf(stderr, "printout refused: %s\n", msg);
		abort();
	}
}

#endif
