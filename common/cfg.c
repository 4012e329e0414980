/* The config lexer shared by the parse.y grammars, and its value parsers. */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "in6.h"
#include "scope6.h"

/* Files are read whole; the cap keeps "include /dev/zero" from eating RAM. */
#define CFG_MAX_FILE		(16 * 1024 * 1024)
/* Bounds on macro expansion, so a hostile set of macros cannot explode. */
#define CFG_MAX_MACRO_DEPTH	32
#define CFG_MAX_MACRO_REFS	4096
/*
 * Bytes of a token quoted in one message; the rest becomes "...".  File
 * names are shown whole (cfg_verror still escapes control characters).
 */
#define CFG_SHOWN		64

#define CFG_DEFAULT_PUNCT	";{},"
#define CFG_DEFAULT_PUNCT_EQ	";{},="

struct cfg_src {
	struct cfg_src	*prev;		/* the including source, or next done */
	char		*name;
	char		*data;		/* the whole input, NULs included */
	size_t		 len;
	size_t		 pos;
	int		 line;
	int		 stmt_start;	/* may an include start here? */
	int		 is_file;
	dev_t		 dev;		/* a file's identity, for loops */
	ino_t		 ino;
};

struct cfg_macro {
	struct cfg_macro *next;
	char		*name;
	char		*value;
	int		 busy;		/* being expanded: a loop if seen */
};

/* State of one macro expansion, shared by the recursive calls. */
struct cfg_expand {
	char		*out;
	size_t		 len;
	int		 refs;
	const char	*file;
	int		 line;
};

static char	 cfg_errbuf[1024];	/* the value parsers' *errstr */

static int	 lex_one(struct cfg_lex *, struct cfg_src *,
		    struct cfg_token *);
static void	 cfg_verror(struct cfg_lex *, const char *, int, const char *,
		    va_list) __attribute__((format(printf, 4, 0)));

/* Copy up to CFG_SHOWN bytes of s into buf, escaping what is not printable. */
static const char *
shown(const char *s, char *buf, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = 0, i;

	/* cppcheck-suppress arrayIndexOutOfBoundsCond */
	for (i = 0; i < CFG_SHOWN && p[i] != '\0'; i++) {
		if (n + 5 >= len)
			break;
		if (p[i] < 0x20 || p[i] == 0x7f)
			n += snprintf(buf + n, len - n, "\\x%02x", p[i]);
		else
			buf[n++] = (char)p[i];
	}
	buf[n] = '\0';
	if (i == CFG_SHOWN && p[i] != '\0' && n + 4 <= len) {
		memcpy(buf + n, "...", 4);
		n += 3;
	}
	return buf;
}

/* A single character as it should appear in a message. */
static const char *
shownc(int c, char *buf, size_t len)
{
	if (c < 0x20 || c >= 0x7f)
		snprintf(buf, len, "\\x%02x", c & 0xff);
	else
		snprintf(buf, len, "%c", c);
	return buf;
}

static void
default_errfn(const char *msg, void *arg)
{
	fprintf(stderr, "%s\n", msg);
}

static void
cfg_verror(struct cfg_lex *lex, const char *file, int line, const char *fmt,
    va_list ap)
{
	char		 msg[1536], out[2048];
	const char	*p;
	size_t		 n = 0;
	int		 off = 0;

	if (file != NULL)
		off = snprintf(msg, sizeof(msg), "%s:%d: ", file, line);
	if (off < 0 || (size_t)off >= sizeof(msg))
		off = 0;
	vsnprintf(msg + off, sizeof(msg) - off, fmt, ap);
	/* Control characters from a config file must not reach a terminal. */
	for (p = msg; *p != '\0' && n + 5 < sizeof(out); p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20 || c == 0x7f)
			n += snprintf(out + n, sizeof(out) - n, "\\x%02x", c);
		else
			out[n++] = (char)c;
	}
	out[n] = '\0';
	lex->errors++;
	if (lex->errfn != NULL)
		lex->errfn(out, lex->errarg);
	else
		default_errfn(out, NULL);
}

void
cfg_error(struct cfg_lex *lex, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	cfg_verror(lex, lex->tok_file, lex->tok_line, fmt, ap);
	va_end(ap);
}

void
cfg_error_at(struct cfg_lex *lex, const char *file, int line,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	cfg_verror(lex, file, line, fmt, ap);
	va_end(ap);
}

const char *
cfg_file(const struct cfg_lex *lex)
{
	if (lex->tok_file != NULL)
		return lex->tok_file;
	if (lex->top != NULL)
		return lex->top->name;
	return "(none)";
}

int
cfg_line(const struct cfg_lex *lex)
{
	if (lex->tok_file == NULL && lex->top != NULL)
		return lex->top->line;
	return lex->tok_line;
}

void
cfg_init(struct cfg_lex *lex, unsigned flags, const char *punct)
{
	memset(lex, 0, sizeof(*lex));
	lex->flags = flags;
	if (punct == NULL)
		punct = (flags & CFG_F_MACROS) ? CFG_DEFAULT_PUNCT_EQ :
		    CFG_DEFAULT_PUNCT;
	lex->punct = punct;
}

static void
src_free(struct cfg_src *src)
{
	free(src->name);
	free(src->data);
	free(src);
}

void
cfg_free(struct cfg_lex *lex)
{
	struct cfg_src		*src;
	struct cfg_macro	*m;

	while ((src = lex->top) != NULL) {
		lex->top = src->prev;
		src_free(src);
	}
	while ((src = lex->done) != NULL) {
		lex->done = src->prev;
		src_free(src);
	}
	while ((m = lex->macros) != NULL) {
		lex->macros = m->next;
		free(m->name);
		free(m->value);
		free(m);
	}
	free(lex->last);
	lex->last = NULL;
	/* it pointed into a source name that is gone now */
	lex->tok_file = NULL;
	lex->tok_line = 0;
}

static int
src_depth(const struct cfg_lex *lex)
{
	const struct cfg_src	*s;
	int			 n = 0;

	for (s = lex->top; s != NULL; s = s->prev)
		n++;
	return n;
}

/* Room for one more source?  The outermost one plus CFG_MAX_INCLUDE. */
static int
src_room(struct cfg_lex *lex, const char *name)
{
	if (src_depth(lex) > CFG_MAX_INCLUDE) {
		cfg_error(lex, "include nested too deep (max %d): %s",
		    CFG_MAX_INCLUDE, name);
		return 0;
	}
	return 1;
}

static struct cfg_src *
src_new(struct cfg_lex *lex, const char *name)
{
	struct cfg_src	*src;

	if ((src = calloc(1, sizeof(*src))) == NULL ||
	    (src->name = strdup(name)) == NULL) {
		free(src);
		cfg_error(lex, "out of memory");
		return NULL;
	}
	src->line = 1;
	src->stmt_start = 1;
	return src;
}

static void
src_push(struct cfg_lex *lex, struct cfg_src *src)
{
	src->prev = lex->top;
	lex->top = src;
}

/* The whole file; -1 with errno, EFBIG past CFG_MAX_FILE. */
static int
read_all(int fd, char **datap, size_t *lenp)
{
	char	*data = NULL, *p;
	size_t	 len = 0, cap = 0;
	ssize_t	 n;

	for (;;) {
		if (len == cap) {
			if (cap >= CFG_MAX_FILE) {
				free(data);
				errno = EFBIG;
				return -1;
			}
			cap = cap == 0 ? 4096 : cap * 2;
			if ((p = realloc(data, cap)) == NULL) {
				free(data);
				return -1;
			}
			data = p;
		}
		n = read(fd, data + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			free(data);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	*datap = data;
	*lenp = len;
	return 0;
}

int
cfg_push_file(struct cfg_lex *lex, const char *path)
{
	struct cfg_src	*src, *s;
	struct stat	 st;
	int		 fd, saved;

	if (!src_room(lex, path))
		return -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		cfg_error(lex, "cannot open %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		saved = errno;
		close(fd);
		cfg_error(lex, "cannot stat %s: %s", path,
		    strerror(saved));
		return -1;
	}
	for (s = lex->top; s != NULL; s = s->prev) {
		if (s->is_file && s->dev == st.st_dev && s->ino == st.st_ino) {
			close(fd);
			cfg_error(lex, "include loop: %s",
			    path);
			return -1;
		}
	}
	if ((src = src_new(lex, path)) == NULL) {
		close(fd);
		return -1;
	}
	if (read_all(fd, &src->data, &src->len) == -1) {
		saved = errno;
		close(fd);
		src_free(src);
		if (saved == EFBIG)
			cfg_error(lex, "%s: file too large (max %d bytes)",
			    path, CFG_MAX_FILE);
		else
			cfg_error(lex, "cannot read %s: %s",
			    path, strerror(saved));
		return -1;
	}
	close(fd);
	src->is_file = 1;
	src->dev = st.st_dev;
	src->ino = st.st_ino;
	src_push(lex, src);
	return 0;
}

int
cfg_push_string(struct cfg_lex *lex, const char *name, const char *data,
    size_t len)
{
	struct cfg_src	*src;

	if (name == NULL)
		name = "(string)";
	if (!src_room(lex, name))
		return -1;
	if ((src = src_new(lex, name)) == NULL)
		return -1;
	/* malloc(0) may return NULL, so always ask for one byte more */
	if ((src->data = malloc(len + 1)) == NULL) {
		src_free(src);
		cfg_error(lex, "out of memory");
		return -1;
	}
	if (len > 0)
		memcpy(src->data, data, len);
	src->len = len;
	src_push(lex, src);
	return 0;
}

/* Finished sources keep their names: tok_file may still point at one. */
static void
src_pop(struct cfg_lex *lex)
{
	struct cfg_src	*src = lex->top;

	lex->top = src->prev;
	if (lex->top == NULL) {
		lex->tok_file = src->name;
		lex->tok_line = src->line;
	}
	free(src->data);
	src->data = NULL;
	src->len = src->pos = 0;
	src->prev = lex->done;
	lex->done = src;
}

int
cfg_macro_set(struct cfg_lex *lex, const char *name, const char *value)
{
	struct cfg_macro	*m;
	const char		*p;
	char			*v, b[CFG_SHOWN * 4 + 8];

	if (value == NULL) {
		cfg_error(lex, "macro %s has no value",
		    name ? shown(name, b, sizeof(b)) : "");
		errno = EINVAL;
		return -1;
	}
	if (name == NULL)
		goto bad;
	for (p = name; *p != '\0'; p++)
		if (!(*p == '_' || (*p >= '0' && *p <= '9') ||
		    (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			goto bad;
	if (p == name)
		goto bad;
	if ((v = strdup(value)) == NULL)
		goto nomem;
	for (m = lex->macros; m != NULL; m = m->next) {
		if (strcmp(m->name, name) == 0) {
			free(m->value);
			m->value = v;
			return 0;
		}
	}
	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (m->name = strdup(name)) == NULL) {
		free(m);
		free(v);
		goto nomem;
	}
	m->value = v;
	m->next = lex->macros;
	lex->macros = m;
	return 0;
 bad:
	cfg_error(lex, "invalid macro name '%s'",
	    name ? shown(name, b, sizeof(b)) : "");
	errno = EINVAL;
	return -1;
 nomem:
	cfg_error(lex, "out of memory");
	return -1;
}

static struct cfg_macro *
macro_find(const struct cfg_lex *lex, const char *name, size_t len)
{
	struct cfg_macro	*m;

	for (m = lex->macros; m != NULL; m = m->next)
		if (strncmp(m->name, name, len) == 0 && m->name[len] == '\0')
			return m;
	return NULL;
}

const char *
cfg_macro_get(const struct cfg_lex *lex, const char *name)
{
	struct cfg_macro	*m;

	if (name == NULL || (m = macro_find(lex, name, strlen(name))) == NULL)
		return NULL;
	return m->value;
}

static int
is_name_char(int c)
{
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static int
is_punct(const struct cfg_lex *lex, int c)
{
	if (c <= 0)
		return 0;
	if (c == '=' && (lex->flags & CFG_F_MACROS))
		return 1;
	return strchr(lex->punct, c) != NULL;
}

static int
is_word_char(const struct cfg_lex *lex, int c)
{
	return c > 0 && !is_space(c) && c != '#' && c != '"' &&
	    !is_punct(lex, c);
}

static int
peekc(const struct cfg_src *src)
{
	return src->pos < src->len ? (unsigned char)src->data[src->pos] : -1;
}

/*
 * Expand $name and ${name} in the n bytes at in, appending to x->out.
 * Macro values are expanded too; the busy flag catches a macro that
 * refers to itself, directly or through others.
 */
static int
expand(struct cfg_lex *lex, struct cfg_expand *x, const char *in, size_t n,
    int depth)
{
	struct cfg_macro	*m;
	const char		*name;
	size_t			 i, nlen, vlen;
	int			 rc;
	char			 b[CFG_SHOWN * 4 + 8];

	if (depth > CFG_MAX_MACRO_DEPTH) {
		cfg_error_at(lex, x->file, x->line,
		    "macros nested too deep (max %d)", CFG_MAX_MACRO_DEPTH);
		return -1;
	}
	for (i = 0; i < n; ) {
		if (in[i] != '$') {
			if (x->len >= CFG_MAX_TOKEN)
				goto toolong;
			x->out[x->len++] = in[i++];
			continue;
		}
		i++;
		if (i < n && in[i] == '{') {
			name = in + ++i;
			for (nlen = 0; i < n && is_name_char(in[i]); i++)
				nlen++;
			if (i >= n || in[i] != '}' || nlen == 0) {
				cfg_error_at(lex, x->file, x->line,
				    "bad macro reference: '${' needs a name "
				    "and '}'");
				return -1;
			}
			i++;
		} else {
			name = in + i;
			for (nlen = 0; i < n && is_name_char(in[i]); i++)
				nlen++;
			if (nlen == 0) {
				cfg_error_at(lex, x->file, x->line,
				    "missing macro name after '$'");
				return -1;
			}
		}
		if (++x->refs > CFG_MAX_MACRO_REFS) {
			cfg_error_at(lex, x->file, x->line,
			    "too many macro references (max %d)",
			    CFG_MAX_MACRO_REFS);
			return -1;
		}
		vlen = nlen < sizeof(b) - 1 ? nlen : sizeof(b) - 1;
		memcpy(b, name, vlen);
		b[vlen] = '\0';
		if ((m = macro_find(lex, name, nlen)) == NULL) {
			cfg_error_at(lex, x->file, x->line,
			    "undefined macro $%s", b);
			return -1;
		}
		if (m->busy) {
			cfg_error_at(lex, x->file, x->line,
			    "recursive macro $%s", b);
			return -1;
		}
		m->busy = 1;
		rc = expand(lex, x, m->value, strlen(m->value), depth + 1);
		m->busy = 0;
		if (rc == -1)
			return -1;
	}
	return 0;
 toolong:
	cfg_error_at(lex, x->file, x->line,
	    "word too long after macro expansion (max %d bytes)",
	    CFG_MAX_TOKEN);
	return -1;
}

/*
 * Skip white space and comments.  A NUL byte is an error (a run of them
 * is one error); it is consumed, so the next call makes progress.
 */
static int
skip_blank(struct cfg_lex *lex, struct cfg_src *src)
{
	int	 c, nul;

	for (;;) {
		c = peekc(src);
		if (c == '\n') {
			src->line++;
			src->pos++;
		} else if (c != -1 && is_space(c)) {
			src->pos++;
		} else if (c == '#') {
			nul = 0;
			while ((c = peekc(src)) != -1 && c != '\n') {
				if (c == '\0' && !nul) {
					nul = 1;
					cfg_error_at(lex, src->name, src->line,
					    "NUL byte in input");
				}
				src->pos++;
			}
			if (nul) {
				lex->tok_file = src->name;
				lex->tok_line = src->line;
				return -1;
			}
		} else if (c == '\0') {
			lex->tok_file = src->name;
			lex->tok_line = src->line;
			cfg_error(lex, "NUL byte in input");
			while (peekc(src) == '\0')
				src->pos++;
			return -1;
		} else
			return 0;
	}
}

static int
lex_string(struct cfg_lex *lex, struct cfg_src *src, struct cfg_token *tok)
{
	char	 buf[CFG_MAX_TOKEN + 1], cb[8];
	size_t	 n = 0;
	int	 c, e, bad = 0, start = src->line;

	src->pos++;
	for (;;) {
		if ((c = peekc(src)) == -1) {
			if (!bad)
				cfg_error_at(lex, src->name, start,
				    "unterminated string");
			return CFG_ERROR;
		}
		src->pos++;
		if (c == '"')
			break;
		if (c == '\n')
			src->line++;
		if (bad) {
			/* resynchronise at the closing quote */
			if (c == '\\' && (e = peekc(src)) != -1) {
				if (e == '\n')
					src->line++;
				src->pos++;
			}
			continue;
		}
		if (c == '\0') {
			cfg_error_at(lex, src->name, src->line,
			    "NUL byte in input");
			bad = 1;
			continue;
		}
		if (c == '\\') {
			if ((e = peekc(src)) == -1)
				continue;	/* reported as unterminated */
			if (e == '\0') {
				cfg_error_at(lex, src->name, src->line,
				    "NUL byte in input");
				bad = 1;
				src->pos++;
				continue;
			}
			switch (e) {
			case '"':
			case '\\':
				c = e;
				break;
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			default:
				if (e == '\n')
					cfg_error_at(lex, src->name, src->line,
					    "backslash at end of line in "
					    "string");
				else if (e < 0x20 || e >= 0x7f)
					cfg_error_at(lex, src->name, src->line,
					    "unknown escape: backslash and "
					    "byte %s in string",
					    shownc(e, cb, sizeof(cb)));
				else
					cfg_error_at(lex, src->name, src->line,
					    "unknown escape \\%c in string", e);
				bad = 1;
				continue;	/* e is read again, unescaped */
			}
			src->pos++;
		}
		if (n == CFG_MAX_TOKEN) {
			cfg_error_at(lex, src->name, start,
			    "string too long (max %d bytes)", CFG_MAX_TOKEN);
			bad = 1;
			continue;
		}
		buf[n++] = (char)c;
	}
	if (bad)
		return CFG_ERROR;
	if ((tok->text = strndup(buf, n)) == NULL) {
		cfg_error(lex, "out of memory");
		return CFG_ERROR;
	}
	return CFG_STRING;
}

/* Add c to the raw word, or note that it is too long. */
static void
word_store(char *buf, size_t *n, int *toolong, int c)
{
	if (*n == CFG_MAX_TOKEN)
		*toolong = 1;
	else
		buf[(*n)++] = (char)c;
}

/*
 * After '$', take "{name}" into the word although braces are punctuation;
 * a malformed reference is left for expand() to report.
 */
static void
word_brace_ref(struct cfg_src *src, char *buf, size_t *n, int *toolong)
{
	int	 c;

	word_store(buf, n, toolong, '{');
	src->pos++;
	while ((c = peekc(src)) != -1 && is_name_char(c)) {
		word_store(buf, n, toolong, c);
		src->pos++;
	}
	if (c == '}') {
		word_store(buf, n, toolong, c);
		src->pos++;
	}
}

static int
lex_word(struct cfg_lex *lex, struct cfg_src *src, struct cfg_token *tok)
{
	char			 raw[CFG_MAX_TOKEN + 1], out[CFG_MAX_TOKEN + 1];
	struct cfg_expand	 x;
	size_t			 n = 0;
	int			 c, toolong = 0, macros, dollar = 0;

	macros = (lex->flags & CFG_F_MACROS) != 0;
	while ((c = peekc(src)) != -1 && is_word_char(lex, c)) {
		word_store(raw, &n, &toolong, c);
		src->pos++;
		if (c == '$' && macros) {
			dollar = 1;
			if (peekc(src) == '{')
				word_brace_ref(src, raw, &n, &toolong);
		}
	}
	if (toolong) {
		cfg_error(lex, "word too long (max %d bytes)", CFG_MAX_TOKEN);
		return CFG_ERROR;
	}
	if (dollar) {
		memset(&x, 0, sizeof(x));
		x.out = out;
		x.file = lex->tok_file;
		x.line = lex->tok_line;
		if (expand(lex, &x, raw, n, 0) == -1)
			return CFG_ERROR;
		tok->text = strndup(out, x.len);
	} else
		tok->text = strndup(raw, n);
	if (tok->text == NULL) {
		cfg_error(lex, "out of memory");
		return CFG_ERROR;
	}
	return CFG_WORD;
}

/* One token from src alone; CFG_EOF when src is exhausted. */
static int
lex_one(struct cfg_lex *lex, struct cfg_src *src, struct cfg_token *tok)
{
	int	 c;

	memset(tok, 0, sizeof(*tok));
	if (skip_blank(lex, src) == -1) {
		tok->line = src->line;
		return tok->type = CFG_ERROR;
	}
	tok->line = src->line;
	if ((c = peekc(src)) == -1)
		return tok->type = CFG_EOF;
	lex->tok_file = src->name;
	lex->tok_line = src->line;
	if (c == '"')
		return tok->type = lex_string(lex, src, tok);
	if (is_punct(lex, c)) {
		src->pos++;
		tok->ch = c;
		if ((tok->text = malloc(2)) == NULL) {
			cfg_error(lex, "out of memory");
			return tok->type = CFG_ERROR;
		}
		tok->text[0] = (char)c;
		tok->text[1] = '\0';
		return tok->type = CFG_PUNCT;
	}
	return tok->type = lex_word(lex, src, tok);
}

/* Make path relative to the directory of the innermost file source. */
static char *
include_path(struct cfg_lex *lex, const char *path)
{
	const struct cfg_src	*s;
	const char		*slash;
	char			*full;

	for (s = lex->top; s != NULL && !s->is_file; s = s->prev)
		;
	if (path[0] == '/' || s == NULL ||
	    (slash = strrchr(s->name, '/')) == NULL)
		return strdup(path);
	if (asprintf(&full, "%.*s/%s", (int)(slash - s->name), s->name,
	    path) == -1)
		return NULL;
	return full;
}

/*
 * The word "include" at the start of a statement was read from src: read
 * the file name and an optional ';' from the same source, then push it.
 */
static int
do_include(struct cfg_lex *lex, struct cfg_src *src)
{
	struct cfg_token	 t;
	char			*path;
	int			 rc, type;

	if ((type = lex_one(lex, src, &t)) == CFG_EOF) {
		cfg_error(lex, "include: missing file name");
		return -1;
	}
	/* the optional ';' goes even after a bad name: no stray token */
	if (type != CFG_PUNCT) {
		if (skip_blank(lex, src) == -1) {
			free(t.text);
			return -1;
		}
		if (peekc(src) == ';' && is_punct(lex, ';'))
			src->pos++;
	}
	if (type == CFG_ERROR)
		return -1;
	if (type == CFG_PUNCT) {
		cfg_error(lex, "include: expected a file name, not '%c'", t.ch);
		free(t.text);
		return -1;
	}
	if (t.text[0] == '\0') {
		cfg_error(lex, "include: empty file name");
		free(t.text);
		return -1;
	}
	src->stmt_start = 1;
	path = include_path(lex, t.text);
	free(t.text);
	if (path == NULL) {
		cfg_error(lex, "out of memory");
		return -1;
	}
	rc = cfg_push_file(lex, path);
	free(path);
	return rc;
}

int
cfg_next(struct cfg_lex *lex, struct cfg_token *tok)
{
	struct cfg_src	*src;
	int		 type;

	for (;;) {
		if ((src = lex->top) == NULL) {
			memset(tok, 0, sizeof(*tok));
			tok->type = CFG_EOF;
			tok->line = lex->tok_line;
			break;
		}
		type = lex_one(lex, src, tok);
		if (type == CFG_EOF) {
			src_pop(lex);
			continue;
		}
		if (type == CFG_WORD && (lex->flags & CFG_F_INCLUDE) &&
		    src->stmt_start && strcmp(tok->text, "include") == 0) {
			free(tok->text);
			tok->text = NULL;
			if (do_include(lex, src) == -1) {
				memset(tok, 0, sizeof(*tok));
				tok->type = CFG_ERROR;
				tok->line = lex->tok_line;
				break;
			}
			continue;
		}
		if (type != CFG_ERROR)
			src->stmt_start = type == CFG_PUNCT &&
			    strchr(";{}", tok->ch) != NULL;
		break;
	}
	free(lex->last);
	lex->last = NULL;
	if (tok->text != NULL && (lex->last = strdup(tok->text)) == NULL) {
		cfg_error(lex, "out of memory");
		free(tok->text);
		tok->text = NULL;
		tok->type = CFG_ERROR;
	}
	return tok->type;
}

int
cfg_keyword(const struct cfg_keyword *kw, size_t n, const char *word)
{
	size_t	 lo = 0, hi = n, mid;
	int	 c;

	if (kw == NULL || word == NULL)
		return -1;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(word, kw[mid].name)) == 0)
			return kw[mid].token;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

int
cfg_keywords_sorted(const struct cfg_keyword *kw, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (kw[i].name == NULL)
			return 0;
		if (i > 0 && strcmp(kw[i - 1].name, kw[i].name) >= 0)
			return 0;
	}
	return 1;
}

/*
 * Digits, or 0x and hex digits when hex is set, and nothing else.
 * Returns 0, -1 if s is not such a number, -2 if it overflows.
 */
static int
parse_uint(const char *s, int hex, unsigned long long *out)
{
	unsigned long long	 v = 0;
	unsigned		 base = 10, d;
	int			 over = 0;
	const char		*p = s;

	if (hex && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (*p == '\0')
		return -1;
	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			return -1;
		if (v > (ULLONG_MAX - d) / base)
			over = 1;
		else
			v = v * base + d;
	}
	*out = v;
	return over ? -2 : 0;
}

int
cfg_yylex(struct cfg_lex *lex, const struct cfg_keyword *kw, size_t n,
    int tok_string, int tok_number, int tok_error, char **str,
    long long *num)
{
	struct cfg_token	 t;
	unsigned long long	 v;
	char			 b[CFG_SHOWN * 4 + 8];
	int			 rc, k;

	if (tok_error == 0)
		tok_error = -1;
	switch (cfg_next(lex, &t)) {
	case CFG_EOF:
		return 0;
	case CFG_ERROR:
		return tok_error;
	case CFG_PUNCT:
		free(t.text);
		return t.ch;
	case CFG_STRING:
		*str = t.text;
		return tok_string;
	}
	if ((k = cfg_keyword(kw, n, t.text)) != -1) {
		free(t.text);
		return k;
	}
	/* str and num may share a union (yylval): write only one of them */
	if ((rc = parse_uint(t.text, 1, &v)) == 0 && v <= LLONG_MAX) {
		free(t.text);
		*num = (long long)v;
		return tok_number;
	}
	if (rc != -1) {
		cfg_error(lex, "number %s too large", shown(t.text, b,
		    sizeof(b)));
		free(t.text);
		return tok_error;
	}
	*str = t.text;
	return tok_string;
}

int
cfg_number(const char *s, long long min, long long max, long long *out,
    const char **errstr)
{
	unsigned long long	 u;
	long long		 v;
	int			 neg = 0, rc;
	char			 b[CFG_SHOWN * 4 + 8];

	if (s == NULL)
		s = "";
	if (s[0] == '-')
		neg = 1;
	/* a minus sign goes with decimal only: "-0x10" is not a number */
	if (neg && s[1] == '0' && (s[2] == 'x' || s[2] == 'X'))
		rc = -1;
	else
		rc = parse_uint(s + neg, !neg, &u);
	if (rc == -1) {
		snprintf(cfg_errbuf, sizeof(cfg_errbuf),
		    "invalid number '%s'", shown(s, b, sizeof(b)));
		goto fail;
	}
	if (rc == -2 || (!neg && u > LLONG_MAX) ||
	    (neg && u > (unsigned long long)LLONG_MAX + 1))
		goto range;
	if (neg)
		v = u == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN :
		    -(long long)u;
	else
		v = (long long)u;
	if (v < min || v > max)
		goto range;
	*out = v;
	return 0;
 range:
	if (min < 0)
		snprintf(cfg_errbuf, sizeof(cfg_errbuf),
		    "number %s out of range %lld to %lld",
		    shown(s, b, sizeof(b)), min, max);
	else
		snprintf(cfg_errbuf, sizeof(cfg_errbuf),
		    "number %s out of range %lld-%lld",
		    shown(s, b, sizeof(b)), min, max);
 fail:
	if (errstr != NULL)
		*errstr = cfg_errbuf;
	return -1;
}

int
cfg_bool(const char *s, int *out, const char **errstr)
{
	static const char *const yes[] = { "yes", "on", "true" };
	static const char *const no[] = { "no", "off", "false" };
	char		 b[CFG_SHOWN * 4 + 8];
	size_t		 i;

	for (i = 0; s != NULL && i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	snprintf(cfg_errbuf, sizeof(cfg_errbuf),
	    "invalid boolean '%s' (yes, no, on, off, true or false)",
	    s ? shown(s, b, sizeof(b)) : "");
	if (errstr != NULL)
		*errstr = cfg_errbuf;
	return -1;
}

static const struct {
	const char	*name;
	uint64_t	 us;
} cfg_units[] = {
	/* largest first: fmt_time picks the first that divides */
	{ "h",	3600ULL * 1000000 },
	{ "m",	60ULL * 1000000 },
	{ "s",	1000000 },
	{ "ms",	1000 },
	{ "us",	1 },
};

static uint64_t
time_unit(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(cfg_units) / sizeof(cfg_units[0]); i++)
		if (strcmp(name, cfg_units[i].name) == 0)
			return cfg_units[i].us;
	return 0;
}

/* A limit in the largest unit that states it exactly ("1ms", "90s"). */
static const char *
fmt_time(uint64_t us, char *buf, size_t len)
{
	size_t	 i;

	for (i = 0; i < sizeof(cfg_units) / sizeof(cfg_units[0]); i++)
		if (us != 0 && us % cfg_units[i].us == 0)
			break;
	if (i == sizeof(cfg_units) / sizeof(cfg_units[0]))
		i--;
	snprintf(buf, len, "%llu%s",
	    (unsigned long long)(us / cfg_units[i].us), cfg_units[i].name);
	return buf;
}

int
cfg_time(const char *s, const char *defunit, uint64_t min, uint64_t max,
    uint64_t *us, const char **errstr)
{
	const char	*p, *unit;
	uint64_t	 v = 0, mult;
	int		 over = 0;
	char		 b[CFG_SHOWN * 4 + 8], lo[32], hi[32];

	if (s == NULL)
		s = "";
	for (p = s; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			over = 1;
		else
			v = v * 10 + (uint64_t)(*p - '0');
	}
	if (p == s)
		goto invalid;
	/* "1 s" is as good as "1s" */
	for (unit = p; *unit == ' ' || *unit == '\t'; unit++)
		;
	if (*unit == '\0') {
		if (unit != p)
			goto invalid;
		if (defunit == NULL) {
			snprintf(cfg_errbuf, sizeof(cfg_errbuf),
			    "time '%s' needs a unit (us, ms, s, m or h)",
			    shown(s, b, sizeof(b)));
			goto fail;
		}
		unit = defunit;
	}
	if ((mult = time_unit(unit)) == 0)
		goto invalid;
	if (over || v > UINT64_MAX / mult)
		goto range;
	v *= mult;
	if (v < min || v > max)
		goto range;
	*us = v;
	return 0;
 invalid:
	snprintf(cfg_errbuf, sizeof(cfg_errbuf), "invalid time '%s'",
	    shown(s, b, sizeof(b)));
	goto fail;
 range:
	snprintf(cfg_errbuf, sizeof(cfg_errbuf),
	    "time %s out of range %s-%s", shown(s, b, sizeof(b)),
	    fmt_time(min, lo, sizeof(lo)), fmt_time(max, hi, sizeof(hi)));
 fail:
	if (errstr != NULL)
		*errstr = cfg_errbuf;
	return -1;
}

int
cfg_in6(const char *s, struct sockaddr_in6 *sin6, const char **errstr)
{
	struct in6_addr	 a;
	char		 addr[INET6_ADDRSTRLEN], b[CFG_SHOWN * 4 + 8];
	char		 z[CFG_SHOWN * 4 + 8];
	const char	*pct;
	int		 saved;

	if (scope6_parse(s, sin6) == 0)
		return 0;
	saved = errno;
	if (s == NULL)
		s = "";
	pct = strchr(s, '%');
	switch (saved) {
	case ENXIO:
		snprintf(cfg_errbuf, sizeof(cfg_errbuf),
		    "unknown interface '%s' in %s",
		    shown(pct ? pct + 1 : "", z, sizeof(z)),
		    shown(s, b, sizeof(b)));
		break;
	case EDOM:
		snprintf(cfg_errbuf, sizeof(cfg_errbuf),
		    "zone on an address without scope: %s",
		    shown(s, b, sizeof(b)));
		break;
	default:
		/* a good address with a bad zone deserves its own phrase */
		if (pct != NULL && (size_t)(pct - s) < sizeof(addr)) {
			memcpy(addr, s, (size_t)(pct - s));
			addr[pct - s] = '\0';
			if (inet_pton(AF_INET6, addr, &a) == 1) {
				snprintf(cfg_errbuf, sizeof(cfg_errbuf),
				    "invalid zone '%s' in %s",
				    shown(pct + 1, z, sizeof(z)),
				    shown(s, b, sizeof(b)));
				break;
			}
		}
		snprintf(cfg_errbuf, sizeof(cfg_errbuf),
		    "invalid IPv6 address '%s'", shown(s, b, sizeof(b)));
		break;
	}
	if (errstr != NULL)
		*errstr = cfg_errbuf;
	return -1;
}

int
cfg_in4(const char *s, struct in_addr *in, const char **errstr)
{
	char	 b[CFG_SHOWN * 4 + 8];

	if (s != NULL && inet_pton(AF_INET, s, in) == 1)
		return 0;
	snprintf(cfg_errbuf, sizeof(cfg_errbuf), "invalid IPv4 address '%s'",
	    s ? shown(s, b, sizeof(b)) : "");
	if (errstr != NULL)
		*errstr = cfg_errbuf;
	return -1;
}

int
cfg_prefix6(const char *s, struct in6_addr *a, int *plen,
    const char **errstr)
{
	struct in6_addr	 p;
	int		 l;
	const char	*slash;
	char		 b[CFG_SHOWN * 4 + 8], fix[IN6_PREFIXSTRLEN];

	if (in6_prefix_parse(s, a, plen, 0) == 0)
		return 0;
	if (s == NULL)
		s = "";
	switch (errno) {
	case ERANGE:
		slash = strchr(s, '/');
		if (slash != NULL && slash[1] != '\0' &&
		    strspn(slash + 1, "0123456789") == strlen(slash + 1))
			snprintf(cfg_errbuf, sizeof(cfg_errbuf),
			    "prefix length out of range 0-128 in %s",
			    shown(s, b, sizeof(b)));
		else
			snprintf(cfg_errbuf, sizeof(cfg_errbuf),
			    "invalid prefix length in '%s'",
			    shown(s, b, sizeof(b)));
		break;
	case EADDRNOTAVAIL:
		/* say what was probably meant */
		if (in6_prefix_parse(s, &p, &l, 1) == 0) {
			in6_applyplen(&p, l);
			if (in6_prefix_format(&p, l, fix, sizeof(fix)) !=
			    NULL) {
				snprintf(cfg_errbuf, sizeof(cfg_errbuf),
				    "host bits set in %s (did you mean %s?)",
				    shown(s, b, sizeof(b)), fix);
				break;
			}
		}
		snprintf(cfg_errbuf, sizeof(cfg_errbuf),
		    "host bits set in %s", shown(s, b, sizeof(b)));
		break;
	default:
		snprintf(cfg_errbuf, sizeof(cfg_errbuf),
		    "invalid address in prefix '%s'", shown(s, b, sizeof(b)));
		break;
	}
	if (errstr != NULL)
		*errstr = cfg_errbuf;
	return -1;
}

int
cfg_ifname(const char *s, const char **errstr)
{
	const unsigned char	*p;
	size_t			 len;
	char			 b[CFG_SHOWN * 4 + 8], cb[8];

	if (s == NULL)
		s = "";
	len = strlen(s);
	if (len == 0) {
		snprintf(cfg_errbuf, sizeof(cfg_errbuf),
		    "empty interface name");
		goto fail;
	}
	if (len >= IF_NAMESIZE) {
		snprintf(cfg_errbuf, sizeof(cfg_errbuf),
		    "interface name '%s' too long (max %d bytes)",
		    shown(s, b, sizeof(b)), IF_NAMESIZE - 1);
		goto fail;
	}
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0) {
		snprintf(cfg_errbuf, sizeof(cfg_errbuf),
		    "invalid interface name '%s'", s);
		goto fail;
	}
	/*
	 * The kernel's dev_valid_name() refuses '/', ':' and what its own
	 * isspace() calls space, which includes 0xa0 (Latin-1 no-break
	 * space).  Other control characters it takes, but a name with
	 * them cannot be typed or logged as it is: refused too.
	 */
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '/' || *p == ':' || is_space(*p) || *p == 0xa0 ||
		    *p < 0x20 || *p == 0x7f) {
			snprintf(cfg_errbuf, sizeof(cfg_errbuf),
			    "invalid character '%s' in interface name '%s'",
			    shownc(*p, cb, sizeof(cb)),
			    shown(s, b, sizeof(b)));
			goto fail;
		}
	}
	return 0;
 fail:
	if (errstr != NULL)
		*errstr = cfg_errbuf;
	return -1;
}
