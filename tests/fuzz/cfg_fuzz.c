/*
 * Fuzz the config lexer (common/cfg) over an in-memory source with
 * macros, and every value parser over every token it returns.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "fuzz.h"
#include "scope6.h"

static const struct cfg_keyword keywords[] = {
	{ "duid",	300 },
	{ "include",	301 },
	{ "interface",	302 },
	{ "peer",	303 },
	{ "prefix",	304 },
	{ "remote",	305 },
	{ "send",	306 },
};

/* Every message must be "file:line: text" with nothing unprintable. */
static void
check_errfn(const char *msg, void *arg)
{
	const unsigned char	*p;

	(*(int *)arg)++;
	for (p = (const unsigned char *)msg; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
	if (strncmp(msg, "fuzz:", 5) != 0 && strncmp(msg, "yy:", 3) != 0)
		abort();
}

/* Throw one token's text at each value parser; check what they promise. */
static void
values(const char *s)
{
	struct sockaddr_in6	 sin6;
	struct in6_addr		 a;
	struct in_addr		 in;
	const char		*e;
	long long		 n;
	uint64_t		 us;
	size_t			 len;
	int			 b, plen;

	e = NULL;
	if (cfg_number(s, 1, 255, &n, &e) == 0) {
		if (n < 1 || n > 255)
			abort();
	} else if (e == NULL || *e == '\0')
		abort();
	if (cfg_number(s, LLONG_MIN, LLONG_MAX, &n, &e) == -1 && e == NULL)
		abort();
	e = NULL;
	if (cfg_bool(s, &b, &e) == 0) {
		if (b != 0 && b != 1)
			abort();
	} else if (e == NULL)
		abort();
	e = NULL;
	if (cfg_time(s, "ms", 1000, 4294967295ULL, &us, &e) == 0) {
		if (us < 1000 || us > 4294967295ULL)
			abort();
	} else if (e == NULL)
		abort();
	if (cfg_time(s, NULL, 0, UINT64_MAX, &us, &e) == -1 && e == NULL)
		abort();
	e = NULL;
	if (cfg_in6(s, &sin6, &e) == -1 && e == NULL)
		abort();
	e = NULL;
	if (cfg_in4(s, &in, &e) == -1 && e == NULL)
		abort();
	e = NULL;
	if (cfg_prefix6(s, &a, &plen, &e) == 0) {
		if (plen < 0 || plen > 128)
			abort();
	} else if (e == NULL)
		abort();
	e = NULL;
	if (cfg_ifname(s, &e) == 0) {
		len = strlen(s);
		if (len == 0 || len > 15 || strpbrk(s, "/: \t\n") != NULL)
			abort();
	} else if (e == NULL)
		abort();
	cfg_keyword(keywords, sizeof(keywords) / sizeof(keywords[0]), s);
}

/* The lexer alone: every token is checked, and the lexer must progress. */
static void
lex_pass(const uint8_t *data, size_t size, const char *punct)
{
	struct cfg_lex		 lex;
	struct cfg_token	 t;
	char			*prev2 = NULL, *prev = NULL;
	int			 calls = 0, before, type, prevch = 0;
	int			 after_error = 0;
	size_t			 len, steps = 0;

	cfg_init(&lex, CFG_F_MACROS, punct);
	lex.errfn = check_errfn;
	lex.errarg = &calls;
	cfg_macro_set(&lex, "if", "eth0");
	cfg_macro_set(&lex, "pfx", "2001:db8:${if}");
	cfg_macro_set(&lex, "loop", "x$loop");
	if (cfg_push_string(&lex, "fuzz", (const char *)data, size) == -1)
		abort();
	for (;;) {
		before = lex.errors;
		type = cfg_next(&lex, &t);
		/* each token or error consumes at least one byte */
		if (++steps > size + 1)
			abort();
		if (type == CFG_EOF) {
			if (t.text != NULL || lex.last != NULL)
				abort();
			break;
		}
		if (type == CFG_ERROR) {
			/* reported, and nothing handed out */
			if (lex.errors <= before || t.text != NULL)
				abort();
			free(prev2);
			free(prev);
			prev2 = prev = NULL;
			after_error = 1;
			continue;
		}
		/* a word may be empty: its macros may expand to nothing */
		len = strlen(t.text);
		if (len > CFG_MAX_TOKEN || strcmp(lex.last, t.text) != 0)
			abort();
		if (type == CFG_PUNCT && (len != 1 || t.text[0] != t.ch))
			abort();
		values(t.text);
		/* "name = value" defines a macro, as a grammar would */
		if (prev2 != NULL && prevch == '=' && type != CFG_PUNCT)
			cfg_macro_set(&lex, prev2, t.text);
		/* what a grammar's yyerror prints after a lexer error */
		if (after_error)
			cfg_error(&lex, "syntax error at '%s'", lex.last);
		after_error = 0;
		free(prev2);
		prev2 = prev;
		prev = t.text;
		prevch = type == CFG_PUNCT ? t.ch : 0;
	}
	free(prev2);
	free(prev);
	if (calls != lex.errors)
		abort();
	cfg_free(&lex);
}

/*
 * The same input through cfg_yylex, as a parse.y would see it; the last
 * byte may make it stop early, like a grammar giving up, so cfg_free
 * meets unread sources.
 */
static void
yylex_pass(const uint8_t *data, size_t size)
{
	struct cfg_lex	 lex;
	char		*str;
	long long	 num;
	int		 tok, calls = 0;
	size_t		 steps = 0, stop = SIZE_MAX;

	if (size > 0 && data[size - 1] < 16)
		stop = data[size - 1];
	cfg_init(&lex, CFG_F_MACROS, NULL);
	lex.errfn = check_errfn;
	lex.errarg = &calls;
	cfg_macro_set(&lex, "if", "br-lan");
	if (cfg_push_string(&lex, "yy", (const char *)data, size) == -1)
		abort();
	while (steps < stop && (tok = cfg_yylex(&lex, keywords,
	    sizeof(keywords) / sizeof(keywords[0]), 258, 259, 0, &str,
	    &num)) != 0) {
		if (++steps > size + 1)
			abort();
		if (tok == 258)
			free(str);
		else if (tok == 259 && num < 0)
			abort();
	}
	cfg_free(&lex);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_resolver();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an odd first byte picks racoon's punctuation, with '/' of dhcp6s */
	lex_pass(data, size, size > 0 && (data[0] & 1) ? ";{},[]/" : NULL);
	yylex_pass(data, size);
	return 0;
}
