/*
 * Shared lexer and value parsers for the yacc config grammars, so each
 * parse.y keeps only its grammar.  The lexer reads files (with include,
 * nested up to CFG_MAX_INCLUDE deep, loops refused) or memory, skips
 * '#' comments, and returns words, quoted strings and punctuation;
 * errors are printed as "file:line: message".
 */
#ifndef T6_CFG_H
#define T6_CFG_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define CFG_MAX_INCLUDE	8
#define CFG_MAX_TOKEN	1024	/* a longer word or string is an error */

/* Lexer options. */
/*
 * CFG_F_INCLUDE: the word include at the start of a statement (first in
 * its source, or after ';', '{' or '}'), a file name (quoted or not) and
 * an optional ';' are handled here: a relative name is taken from the
 * directory of the including file.  Elsewhere include is an ordinary
 * word (racoon's "path include").
 * CFG_F_MACROS: $name and ${name} in words (not in quoted strings) are
 * replaced by the value of a macro set with cfg_macro_set; values are
 * expanded in turn, and a macro that refers to itself is an error.
 */
#define CFG_F_INCLUDE	0x01
#define CFG_F_MACROS	0x02

/* Token types returned by cfg_next(). */
#define CFG_EOF		0
#define CFG_WORD	1	/* unquoted run of characters */
#define CFG_STRING	2	/* "quoted", escapes \" \\ \n \t resolved */
#define CFG_PUNCT	3	/* one character of the punctuation set */
#define CFG_ERROR	(-1)	/* reported already through cfg_error */

struct cfg_src;
struct cfg_macro;

struct cfg_lex {
	struct cfg_src	*top;		/* innermost source */
	unsigned	 flags;
	const char	*punct;		/* single-character tokens */
	int		 errors;	/* number of cfg_error calls */
	struct cfg_macro *macros;
	/* where the last token started, for error messages */
	const char	*tok_file;
	int		 tok_line;
	char		*last;		/* last token's text; NULL at EOF */
	/* error sink; default prints to stderr */
	void		(*errfn)(const char *msg, void *arg);
	void		*errarg;
	/* finished sources, kept so tok_file stays valid until cfg_free */
	struct cfg_src	*done;
};

struct cfg_token {
	int		 type;		/* CFG_* above */
	char		*text;		/* malloc'd, owned by the caller */
	int		 ch;		/* CFG_PUNCT: the character */
	int		 line;
};

/* punct NULL means ";{}," ("=" is added when CFG_F_MACROS is set). */
void	 cfg_init(struct cfg_lex *, unsigned flags, const char *punct);
/*
 * Push a file (read whole, path used as given) or a copy of a memory
 * buffer as the next source of tokens.  Errors are reported; -1.
 */
int	 cfg_push_file(struct cfg_lex *, const char *path);
int	 cfg_push_string(struct cfg_lex *, const char *name, const char *data,
	    size_t len);
/* The next token; CFG_EOF when every source is exhausted. */
int	 cfg_next(struct cfg_lex *, struct cfg_token *);
void	 cfg_free(struct cfg_lex *);

/*
 * Report an error at the current token: "file:line: message" (just the
 * message before there is a position, e.g. a missing top-level file).
 */
void	 cfg_error(struct cfg_lex *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 cfg_error_at(struct cfg_lex *, const char *file, int line,
	    const char *, ...) __attribute__((format(printf, 4, 5)));
/*
 * Current file name and line (of the last token).  The name stays valid
 * until cfg_free.
 */
const char *cfg_file(const struct cfg_lex *);
int	 cfg_line(const struct cfg_lex *);

/* A name is letters, digits and '_'; a bad one is reported, -1. */
int	 cfg_macro_set(struct cfg_lex *, const char *name, const char *value);
const char *cfg_macro_get(const struct cfg_lex *, const char *name);

/* Keywords: a table sorted by name (checked by the unit tests). */
struct cfg_keyword {
	const char	*name;
	int		 token;
};

/* The keyword's token, or -1. */
int	 cfg_keyword(const struct cfg_keyword *, size_t n, const char *word);
/* Is the table sorted and free of duplicates? (for unit tests) */
int	 cfg_keywords_sorted(const struct cfg_keyword *, size_t n);

/*
 * The usual yylex: a keyword word gives its token; a word that is a
 * number (decimal, or 0x hex) gives tok_number with *num set; any other
 * word or quoted string gives tok_string with *str set (caller frees);
 * punctuation gives the character; end of input gives 0; an error gives
 * tok_error (or -1 if 0 is passed), as does a number too large for a long
 * long.  Only the one of *str and *num that applies is written, so both
 * may point into the same yylval union.
 */
int	 cfg_yylex(struct cfg_lex *, const struct cfg_keyword *, size_t n,
	    int tok_string, int tok_number, int tok_error, char **str,
	    long long *num);

/*
 * Value parsers.  Each returns 0, or -1 with *errstr set to a phrase
 * suitable after "file:line: " (e.g. "number 300 out of range 1-255").
 * The phrase lives in a static buffer until the next call.
 */
int	 cfg_number(const char *, long long min, long long max,
	    long long *out, const char **errstr);
int	 cfg_bool(const char *, int *out, const char **errstr);
/*
 * A time: an integer with an optional unit "us", "ms", "s", "m" or "h";
 * defunit ("ms", ...) applies when none is given (NULL: a unit is
 * required); blanks may separate number and unit ("1 s").  The result is
 * in microseconds, within [min, max].
 */
int	 cfg_time(const char *, const char *defunit, uint64_t min,
	    uint64_t max, uint64_t *us, const char **errstr);
/* An IPv6 address, optionally "%zone" (the zone must name a link). */
int	 cfg_in6(const char *, struct sockaddr_in6 *, const char **errstr);
/* An IPv4 address. */
int	 cfg_in4(const char *, struct in_addr *, const char **errstr);
/* "prefix/len" (host bits must be zero). */
int	 cfg_prefix6(const char *, struct in6_addr *, int *plen,
	    const char **errstr);
/*
 * A name Linux accepts for an interface: 1-15 bytes, not "." or "..",
 * no '/', ':' or white space (so "eth0.100", "br-lan", "wg+1", "veth@x"
 * are all fine).
 */
int	 cfg_ifname(const char *, const char **errstr);

#endif
