/* Unit tests for common/cfg: the config lexer and the value parsers. */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "scope6.h"
#include "t6check.h"

/* Every message the lexer reported, one per line. */
static char	 errs[16384];

static void
capture(const char *msg, void *arg)
{
	size_t	 n = strlen(errs);

	snprintf(errs + n, sizeof(errs) - n, "%s\n", msg);
	(*(int *)arg)++;
}

static int	 ncaptured;

static void
lex_setup(struct cfg_lex *lex, unsigned flags, const char *punct)
{
	errs[0] = '\0';
	ncaptured = 0;
	cfg_init(lex, flags, punct);
	lex->errfn = capture;
	lex->errarg = &ncaptured;
}

static void
lex_string(struct cfg_lex *lex, unsigned flags, const char *text)
{
	lex_setup(lex, flags, NULL);
	ck_assert_int_eq(cfg_push_string(lex, "t.conf", text, strlen(text)),
	    0);
}

/* The next token must be of this type, text (NULL: none) and line. */
static void
expect(struct cfg_lex *lex, int type, const char *text, int line)
{
	struct cfg_token	 t;

	ck_assert_int_eq(cfg_next(lex, &t), type);
	ck_assert_int_eq(t.type, type);
	if (text == NULL)
		ck_assert_ptr_null(t.text);
	else {
		ck_assert_ptr_nonnull(t.text);
		ck_assert_str_eq(t.text, text);
	}
	if (type == CFG_PUNCT)
		ck_assert_int_eq(t.ch, text[0]);
	if (line > 0)
		ck_assert_int_eq(t.line, line);
	free(t.text);
}

#define W(s, l)		expect(&lex, CFG_WORD, (s), (l))
#define S(s, l)		expect(&lex, CFG_STRING, (s), (l))
#define P(s, l)		expect(&lex, CFG_PUNCT, (s), (l))
#define E(l)		expect(&lex, CFG_ERROR, NULL, (l))
#define END()		expect(&lex, CFG_EOF, NULL, 0)

/* snprintf that fails the test rather than cut a path short. */
#define FMT(buf, ...)	ck_assert_int_lt(snprintf((buf), sizeof(buf), \
			    __VA_ARGS__), (int)sizeof(buf))

/* Scratch directory for include tests, removed by rmtree(). */
static char	 tmpdir[PATH_MAX];

static void
mktmp(void)
{
	FMT(tmpdir, "%s/cfgtest.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void	 writef(const char *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
writef(const char *rel, const char *fmt, ...)
{
	char	 path[PATH_MAX];
	va_list	 ap;
	FILE	*f;

	FMT(path, "%s/%s", tmpdir, rel);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	ck_assert_int_eq(fclose(f), 0);
}

static void
rmtree(void)
{
	char	 cmd[PATH_MAX + 16];

	FMT(cmd, "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *
tpath(const char *rel)
{
	static char	 path[PATH_MAX];

	FMT(path, "%s/%s", tmpdir, rel);
	return path;
}

START_TEST(punct_sets)
{
	struct cfg_lex	 lex;

	cfg_init(&lex, 0, NULL);
	ck_assert_str_eq(lex.punct, ";{},");
	ck_assert_ptr_null(lex.top);
	ck_assert_int_eq(lex.errors, 0);
	cfg_free(&lex);
	cfg_init(&lex, CFG_F_MACROS, NULL);
	ck_assert_str_eq(lex.punct, ";{},=");
	cfg_free(&lex);

	lex_string(&lex, 0, "a=b{c;d},e");
	W("a=b", 1);
	P("{", 1);
	W("c", 1);
	P(";", 1);
	W("d", 1);
	P("}", 1);
	P(",", 1);
	W("e", 1);
	END();
	cfg_free(&lex);

	/* with macros, '=' is punctuation even in a caller's set */
	lex_setup(&lex, CFG_F_MACROS, ";[]");
	ck_assert_int_eq(cfg_push_string(&lex, "t.conf", "a=b[1];{x}", 10),
	    0);
	W("a", 1);
	P("=", 1);
	W("b", 1);
	P("[", 1);
	W("1", 1);
	P("]", 1);
	P(";", 1);
	W("{x}", 1);
	END();
	ck_assert_int_eq(lex.errors, 0);
	cfg_free(&lex);
}
END_TEST

START_TEST(words_take_odd_characters)
{
	struct cfg_lex	 lex;

	/* names Linux accepts, addresses, prefixes, patterns, DUIDs */
	lex_string(&lex, 0, "eth0.100 br-lan wg+1 veth@x fe80::1%eth0 "
	    "2001:db8::/48 eth* ?x !y ~a$b 00:01:0a:FF \xc3\xa9t\xc3\xa9 "
	    "a\\b 'q'");
	W("eth0.100", 1);
	W("br-lan", 1);
	W("wg+1", 1);
	W("veth@x", 1);
	W("fe80::1%eth0", 1);
	W("2001:db8::/48", 1);
	W("eth*", 1);
	W("?x", 1);
	W("!y", 1);
	W("~a$b", 1);
	W("00:01:0a:FF", 1);
	W("\xc3\xa9t\xc3\xa9", 1);
	W("a\\b", 1);
	W("'q'", 1);
	END();
	/* EOF again and again */
	END();
	ck_assert_int_eq(lex.errors, 0);
	cfg_free(&lex);

	/* a quote or '#' ends a word */
	lex_string(&lex, 0, "ab\"cd\"ef#gh\nij");
	W("ab", 1);
	S("cd", 1);
	W("ef", 1);
	W("ij", 2);
	END();
	cfg_free(&lex);
}
END_TEST

START_TEST(comments_and_lines)
{
	struct cfg_lex	 lex;

	lex_string(&lex, 0, "# head\na # tail ; {\n\n  b;# x\r\n\tc\f\v"
	    "\"# not a comment\"\n#\n#last");
	W("a", 2);
	W("b", 4);
	P(";", 4);
	W("c", 5);
	S("# not a comment", 5);
	END();
	ck_assert_int_eq(lex.errors, 0);
	cfg_free(&lex);

	/* multi-line strings and comments keep the count right */
	lex_string(&lex, 0, "a\n\"x\ny\nz\" # c\n# d\nb \"\\n\" c\n");
	W("a", 1);
	S("x\ny\nz", 2);
	W("b", 6);
	S("\n", 6);
	W("c", 6);
	END();
	ck_assert_int_eq(cfg_line(&lex), 7);
	cfg_free(&lex);
}
END_TEST

START_TEST(strings_and_escapes)
{
	struct cfg_lex	 lex;

	lex_string(&lex, 0, "\"a \\\"b\\\" \\\\ \\n\\t\" \"\" \"{;}\"");
	S("a \"b\" \\ \n\t", 1);
	S("", 1);
	S("{;}", 1);
	END();
	cfg_free(&lex);

	/* an unknown escape is an error; lexing goes on after the string */
	lex_string(&lex, 0, "\"a\\qb\" x \"\\\n\" y \"\\\x01\" z");
	E(1);
	W("x", 1);
	E(1);
	W("y", 2);
	E(2);
	W("z", 2);
	END();
	ck_assert_str_eq(errs, "t.conf:1: unknown escape \\q in string\n"
	    "t.conf:1: backslash at end of line in string\n"
	    "t.conf:2: unknown escape: backslash and byte \\x01 in string\n");
	ck_assert_int_eq(lex.errors, 3);
	ck_assert_int_eq(ncaptured, 3);
	cfg_free(&lex);

	/* the rest of a bad string is skipped, escaped quotes included */
	lex_string(&lex, 0, "\"\\x \\\" still in\" after");
	E(1);
	W("after", 1);
	END();
	cfg_free(&lex);
}
END_TEST

START_TEST(unterminated_string)
{
	struct cfg_lex	 lex;

	lex_string(&lex, 0, "a\n\"abc\n\ndef");
	W("a", 1);
	E(2);
	END();
	ck_assert_str_eq(errs, "t.conf:2: unterminated string\n");
	ck_assert_int_eq(lex.errors, 1);
	cfg_free(&lex);

	/* ending in a backslash, and after an escape error: one message */
	lex_string(&lex, 0, "\"ab\\");
	E(1);
	END();
	ck_assert_str_eq(errs, "t.conf:1: unterminated string\n");
	cfg_free(&lex);
	lex_string(&lex, 0, "\n\"\\z");
	E(2);
	END();
	ck_assert_str_eq(errs, "t.conf:2: unknown escape \\z in string\n");
	cfg_free(&lex);
}
END_TEST

START_TEST(token_length_limit)
{
	struct cfg_lex	 lex;
	char		*text, *want;
	size_t		 n = CFG_MAX_TOKEN;

	ck_assert_ptr_nonnull(text = malloc(4 * n + 64));
	ck_assert_ptr_nonnull(want = malloc(n + 2));
	memset(want, 'w', n + 1);
	want[n] = '\0';
	/* n bytes: fine; n + 1: an error, and the lexer moves on */
	snprintf(text, 4 * n + 64, "%s %sw x\n\"%s\" \"%ss\" y", want, want,
	    want, want);
	lex_string(&lex, 0, text);
	W(want, 1);
	E(1);
	W("x", 1);
	S(want, 2);
	E(2);
	W("y", 2);
	END();
	ck_assert_str_eq(errs, "t.conf:1: word too long (max 1024 bytes)\n"
	    "t.conf:2: string too long (max 1024 bytes)\n");
	cfg_free(&lex);
	free(text);
	free(want);
}
END_TEST

START_TEST(nul_bytes)
{
	struct cfg_lex	 lex;
	static const char text[] = "a\0b\n\"x\0y\" c # z\0z\nd \0\0\0 e";

	lex_setup(&lex, 0, NULL);
	ck_assert_int_eq(cfg_push_string(&lex, "nul.conf", text,
	    sizeof(text) - 1), 0);
	W("a", 1);
	E(1);
	W("b", 1);
	E(2);
	W("c", 2);
	E(2);
	W("d", 3);
	E(3);
	W("e", 3);
	END();
	ck_assert_str_eq(errs, "nul.conf:1: NUL byte in input\n"
	    "nul.conf:2: NUL byte in input\n"
	    "nul.conf:2: NUL byte in input\n"
	    "nul.conf:3: NUL byte in input\n");
	ck_assert_int_eq(lex.errors, 4);
	cfg_free(&lex);
}
END_TEST

START_TEST(sources_stack)
{
	struct cfg_lex	 lex;

	lex_setup(&lex, 0, NULL);
	/* the last pushed is read first; an empty one is fine */
	ck_assert_int_eq(cfg_push_string(&lex, "outer", "o1\no2", 5), 0);
	ck_assert_int_eq(cfg_push_string(&lex, NULL, "", 0), 0);
	ck_assert_int_eq(cfg_push_string(&lex, "inner", "i1;", 3), 0);
	ck_assert_str_eq(cfg_file(&lex), "inner");
	W("i1", 1);
	ck_assert_str_eq(cfg_file(&lex), "inner");
	ck_assert_str_eq(lex.last, "i1");
	P(";", 1);
	ck_assert_str_eq(lex.last, ";");
	W("o1", 1);
	ck_assert_str_eq(cfg_file(&lex), "outer");
	W("o2", 2);
	END();
	ck_assert_ptr_null(lex.last);
	/* the position of the end of input is the outermost source's */
	ck_assert_str_eq(cfg_file(&lex), "outer");
	ck_assert_int_eq(cfg_line(&lex), 2);
	cfg_error(&lex, "syntax error");
	ck_assert_str_eq(errs, "outer:2: syntax error\n");
	cfg_free(&lex);
	ck_assert_ptr_null(lex.tok_file);
}
END_TEST

START_TEST(string_depth_limit)
{
	struct cfg_lex	 lex;
	int		 i;

	lex_setup(&lex, 0, NULL);
	for (i = 0; i <= CFG_MAX_INCLUDE; i++)
		ck_assert_int_eq(cfg_push_string(&lex, "s", "x", 1), 0);
	ck_assert_int_eq(cfg_push_string(&lex, "s", "x", 1), -1);
	ck_assert_str_eq(errs, "include nested too deep (max 8): s\n");
	cfg_free(&lex);
}
END_TEST

START_TEST(errors_and_positions)
{
	struct cfg_lex	 lex;

	lex_string(&lex, 0, "first\n\n  second third\n");
	/* before any token: no position to give */
	ck_assert_str_eq(cfg_file(&lex), "t.conf");
	ck_assert_int_eq(cfg_line(&lex), 1);
	W("first", 1);
	W("second", 3);
	cfg_error(&lex, "bad %s at %d", lex.last, 42);
	cfg_error_at(&lex, "other.conf", 7, "duplicate, first %s", "here");
	cfg_error_at(&lex, NULL, 0, "no position");
	/* control characters never reach the terminal */
	cfg_error(&lex, "odd \x1b[31m\x7f");
	ck_assert_str_eq(errs, "t.conf:3: bad second at 42\n"
	    "other.conf:7: duplicate, first here\n"
	    "no position\n"
	    "t.conf:3: odd \\x1b[31m\\x7f\n");
	ck_assert_int_eq(lex.errors, 4);
	ck_assert_str_eq(cfg_file(&lex), "t.conf");
	ck_assert_int_eq(cfg_line(&lex), 3);
	cfg_free(&lex);

	cfg_init(&lex, 0, NULL);
	ck_assert_str_eq(cfg_file(&lex), "(none)");
	ck_assert_int_eq(cfg_line(&lex), 0);
	cfg_free(&lex);
}
END_TEST

START_TEST(default_errfn_prints_to_stderr)
{
	struct cfg_lex	 lex;
	struct cfg_token t;
	char		 path[] = "/tmp/cfgerr.XXXXXX", buf[256];
	int		 fd, saved;
	ssize_t		 n;

	ck_assert_int_ne(fd = mkstemp(path), -1);
	unlink(path);
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	cfg_init(&lex, 0, NULL);
	ck_assert_int_eq(cfg_push_string(&lex, "d.conf", "\n\nx", 3), 0);
	ck_assert_int_eq(cfg_next(&lex, &t), CFG_WORD);
	free(t.text);
	cfg_error(&lex, "oops %d", 1);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	ck_assert_int_eq(lex.errors, 1);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "d.conf:3: oops 1\n");
	close(fd);
	cfg_free(&lex);
}
END_TEST

START_TEST(include_files)
{
	struct cfg_lex	 lex;
	char		 want[PATH_MAX];

	mktmp();
	ck_assert_int_eq(mkdir(tpath("sub"), 0700), 0);
	writef("main.conf", "x;\ninclude \"sub/a.conf\";\ny;\n"
	    "include sub/c.conf\nz { include \"sub/c.conf\" }\n"
	    "path include \"dir\";\n");
	/* relative to the including file: sub/, not the working directory */
	writef("sub/a.conf", "# a\n\ninclude \"b.conf\" a1;\n");
	writef("sub/b.conf", "b1 b2\n");
	writef("sub/c.conf", "c1");
	lex_setup(&lex, CFG_F_INCLUDE, NULL);
	ck_assert_int_eq(cfg_push_file(&lex, tpath("main.conf")), 0);
	W("x", 1);
	P(";", 1);
	W("b1", 1);
	FMT(want, "%s/sub/b.conf", tmpdir);
	ck_assert_str_eq(cfg_file(&lex), want);
	W("b2", 1);
	W("a1", 3);
	P(";", 3);
	FMT(want, "%s/sub/a.conf", tmpdir);
	ck_assert_str_eq(cfg_file(&lex), want);
	W("y", 3);
	ck_assert_str_eq(cfg_file(&lex), tpath("main.conf"));
	P(";", 3);
	W("c1", 1);
	W("z", 5);
	P("{", 5);
	W("c1", 1);
	P("}", 5);
	/* not at the start of a statement: an ordinary word */
	W("path", 6);
	W("include", 6);
	S("dir", 6);
	P(";", 6);
	END();
	ck_assert_str_eq(cfg_file(&lex), tpath("main.conf"));
	ck_assert_int_eq(lex.errors, 0);
	ck_assert_str_eq(errs, "");
	cfg_free(&lex);

	/* without CFG_F_INCLUDE, include is a word like any other */
	lex_setup(&lex, 0, NULL);
	ck_assert_int_eq(cfg_push_file(&lex, tpath("sub/a.conf")), 0);
	W("include", 3);
	S("b.conf", 3);
	W("a1", 3);
	P(";", 3);
	END();
	cfg_free(&lex);

	/* inside a memory source, a relative name is used as given */
	lex_setup(&lex, CFG_F_INCLUDE, NULL);
	FMT(want, "include \"%s\"; q", tpath("sub/c.conf"));
	ck_assert_int_eq(cfg_push_string(&lex, "mem", want, strlen(want)), 0);
	W("c1", 1);
	W("q", 1);
	END();
	cfg_free(&lex);
	rmtree();
}
END_TEST

START_TEST(include_errors)
{
	struct cfg_lex	 lex;
	char		 want[2 * PATH_MAX];

	mktmp();
	writef("main.conf", "a;\ninclude \"nope.conf\";\nb;\n");
	lex_setup(&lex, CFG_F_INCLUDE, NULL);
	ck_assert_int_eq(cfg_push_file(&lex, tpath("main.conf")), 0);
	W("a", 1);
	P(";", 1);
	E(2);
	/* after the error the including file goes on */
	W("b", 3);
	P(";", 3);
	END();
	FMT(want, "%s:2: cannot open %s/nope.conf: %s\n",
	    tpath("main.conf"), tmpdir, strerror(ENOENT));
	ck_assert_str_eq(errs, want);
	ck_assert_int_eq(lex.errors, 1);
	cfg_free(&lex);

	/* a missing top-level file has no position */
	lex_setup(&lex, CFG_F_INCLUDE, NULL);
	ck_assert_int_eq(cfg_push_file(&lex, tpath("none.conf")), -1);
	FMT(want, "cannot open %s: %s\n",
	    tpath("none.conf"), strerror(ENOENT));
	ck_assert_str_eq(errs, want);
	END();
	cfg_free(&lex);

	/* a directory opens but does not read */
	lex_setup(&lex, 0, NULL);
	ck_assert_int_eq(cfg_push_file(&lex, tmpdir), -1);
	FMT(want, "cannot read %s: %s\n", tmpdir,
	    strerror(EISDIR));
	ck_assert_str_eq(errs, want);
	cfg_free(&lex);

	/* an endless file is refused, not swallowed */
	lex_setup(&lex, 0, NULL);
	ck_assert_int_eq(cfg_push_file(&lex, "/dev/zero"), -1);
	ck_assert_str_eq(errs,
	    "/dev/zero: file too large (max 16777216 bytes)\n");
	cfg_free(&lex);

	/* malformed include statements */
	lex_string(&lex, CFG_F_INCLUDE, "include ;\nx; include\n");
	E(1);
	W("x", 2);
	P(";", 2);
	E(2);
	END();
	ck_assert_str_eq(errs,
	    "t.conf:1: include: expected a file name, not ';'\n"
	    "t.conf:2: include: missing file name\n");
	cfg_free(&lex);
	lex_string(&lex, CFG_F_INCLUDE, "include \"\"; include \"\\q\"; y");
	E(1);
	E(1);
	W("y", 1);
	END();
	ck_assert_str_eq(errs, "t.conf:1: include: empty file name\n"
	    "t.conf:1: unknown escape \\q in string\n");
	cfg_free(&lex);
	/* a NUL where the optional ';' would be */
	lex_setup(&lex, CFG_F_INCLUDE, NULL);
	ck_assert_int_eq(cfg_push_string(&lex, "t.conf", "include x \0 y",
	    13), 0);
	E(1);
	W("y", 1);
	END();
	ck_assert_str_eq(errs, "t.conf:1: NUL byte in input\n");
	cfg_free(&lex);
	rmtree();
}
END_TEST

START_TEST(include_loops)
{
	struct cfg_lex	 lex;
	char		 want[2 * PATH_MAX];

	mktmp();
	/* a includes b includes a */
	writef("a.conf", "a1;\ninclude \"b.conf\";\na2;\n");
	writef("b.conf", "b1;\n\ninclude \"./a.conf\";\nb2;\n");
	lex_setup(&lex, CFG_F_INCLUDE, NULL);
	ck_assert_int_eq(cfg_push_file(&lex, tpath("a.conf")), 0);
	W("a1", 1);
	P(";", 1);
	W("b1", 1);
	P(";", 1);
	E(3);
	W("b2", 4);
	P(";", 4);
	W("a2", 3);
	P(";", 3);
	END();
	FMT(want, "%s:3: include loop: %s/./a.conf\n",
	    tpath("b.conf"), tmpdir);
	ck_assert_str_eq(errs, want);
	ck_assert_int_eq(lex.errors, 1);
	cfg_free(&lex);

	/* a file that includes itself */
	writef("self.conf", "include \"self.conf\"\n");
	lex_setup(&lex, CFG_F_INCLUDE, NULL);
	ck_assert_int_eq(cfg_push_file(&lex, tpath("self.conf")), 0);
	E(1);
	END();
	FMT(want, "%s/self.conf:1: include loop: %s/self.conf\n", tmpdir,
	    tmpdir);
	ck_assert_str_eq(errs, want);
	cfg_free(&lex);

	/* the same file twice, one after the other, is not a loop */
	writef("twice.conf", "include \"b2.conf\"; include \"b2.conf\";\n");
	writef("b2.conf", "t\n");
	lex_setup(&lex, CFG_F_INCLUDE, NULL);
	ck_assert_int_eq(cfg_push_file(&lex, tpath("twice.conf")), 0);
	W("t", 1);
	W("t", 1);
	END();
	ck_assert_int_eq(lex.errors, 0);
	cfg_free(&lex);
	rmtree();
}
END_TEST

START_TEST(include_depth)
{
	struct cfg_lex	 lex;
	char		 name[32], next[32], want[2 * PATH_MAX];
	int		 i;

	mktmp();
	/* f0 includes f1 ... includes f9: f0 plus eight levels is the max */
	for (i = 0; i <= CFG_MAX_INCLUDE + 1; i++) {
		FMT(name, "f%d.conf", i);
		FMT(next, "f%d.conf", i + 1);
		if (i == CFG_MAX_INCLUDE + 1)
			writef(name, "deepest\n");
		else
			writef(name, "l%d;\ninclude \"%s\";\n", i, next);
	}
	writef("f9.conf", "last\n");
	lex_setup(&lex, CFG_F_INCLUDE, NULL);
	ck_assert_int_eq(cfg_push_file(&lex, tpath("f1.conf")), 0);
	for (i = 1; i <= CFG_MAX_INCLUDE; i++) {
		FMT(name, "l%d", i);
		W(name, 1);
		P(";", 1);
	}
	W("last", 1);
	END();
	ck_assert_int_eq(lex.errors, 0);
	cfg_free(&lex);

	lex_setup(&lex, CFG_F_INCLUDE, NULL);
	ck_assert_int_eq(cfg_push_file(&lex, tpath("f0.conf")), 0);
	for (i = 0; i <= CFG_MAX_INCLUDE; i++) {
		FMT(name, "l%d", i);
		W(name, 1);
		P(";", 1);
	}
	E(2);
	END();
	/* tpath() has one buffer: not twice in one call */
	FMT(want, "%s/f8.conf:2: include nested too deep (max 8): %s/f9.conf\n",
	    tmpdir, tmpdir);
	ck_assert_str_eq(errs, want);
	cfg_free(&lex);
	rmtree();
}
END_TEST

START_TEST(early_free)
{
	struct cfg_lex	 lex;
	struct cfg_token t;

	/* every source, macro and token text is freed mid-way */
	mktmp();
	writef("a.conf", "a { include \"b.conf\" }\n");
	writef("b.conf", "b1 b2 b3\n");
	lex_setup(&lex, CFG_F_INCLUDE | CFG_F_MACROS, NULL);
	ck_assert_int_eq(cfg_macro_set(&lex, "m", "v"), 0);
	ck_assert_int_eq(cfg_push_file(&lex, tpath("a.conf")), 0);
	ck_assert_int_eq(cfg_push_string(&lex, "s", "s1 s2", 5), 0);
	ck_assert_int_eq(cfg_next(&lex, &t), CFG_WORD);
	free(t.text);
	W("s2", 1);
	W("a", 1);
	P("{", 1);
	W("b1", 1);
	cfg_free(&lex);
	ck_assert_ptr_null(lex.top);
	ck_assert_ptr_null(lex.macros);
	ck_assert_ptr_null(lex.last);
	/* twice is harmless */
	cfg_free(&lex);
	rmtree();
}
END_TEST

START_TEST(macros)
{
	struct cfg_lex	 lex;

	lex_string(&lex, CFG_F_MACROS,
	    "if = eth0\ninterface $if.100 ${if}x $if$if \"$if\" $pfx::1 "
	    "a$b$c $c\n");
	ck_assert_int_eq(cfg_macro_set(&lex, "if", "eth0"), 0);
	ck_assert_int_eq(cfg_macro_set(&lex, "pfx", "2001:db8"), 0);
	ck_assert_int_eq(cfg_macro_set(&lex, "b", "-$c-"), 0);
	ck_assert_int_eq(cfg_macro_set(&lex, "c", ""), 0);
	ck_assert_str_eq(cfg_macro_get(&lex, "if"), "eth0");
	ck_assert_ptr_null(cfg_macro_get(&lex, "i"));
	ck_assert_ptr_null(cfg_macro_get(&lex, "iff"));
	W("if", 1);
	P("=", 1);
	W("eth0", 1);
	W("interface", 2);
	W("eth0.100", 2);
	W("eth0x", 2);
	W("eth0eth0", 2);
	/* not in quoted strings */
	S("$if", 2);
	W("2001:db8::1", 2);
	W("a--", 2);
	/* a macro may expand to nothing; the grammar gets an empty word */
	W("", 2);
	END();
	ck_assert_int_eq(lex.errors, 0);
	/* redefinition replaces */
	ck_assert_int_eq(cfg_macro_set(&lex, "if", "br-lan"), 0);
	ck_assert_str_eq(cfg_macro_get(&lex, "if"), "br-lan");
	cfg_free(&lex);

	/* without CFG_F_MACROS a '$' is an ordinary character */
	lex_string(&lex, 0, "$if ${if}");
	W("$if", 1);
	W("$", 1);
	P("{", 1);
	W("if", 1);
	P("}", 1);
	END();
	cfg_free(&lex);
}
END_TEST

START_TEST(macro_errors)
{
	struct cfg_lex	 lex;
	char		 big[CFG_MAX_TOKEN];

	lex_string(&lex, CFG_F_MACROS, "$nope ok\n$a\n$self\n$ x$ ${if "
	    "${} ${-} ${a\n$big$big $x\n");
	ck_assert_int_eq(cfg_macro_set(&lex, "a", "<$b>"), 0);
	ck_assert_int_eq(cfg_macro_set(&lex, "b", "[$a]"), 0);
	ck_assert_int_eq(cfg_macro_set(&lex, "self", "$self"), 0);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(cfg_macro_set(&lex, "big", big), 0);
	ck_assert_int_eq(cfg_macro_set(&lex, "x", "$y"), 0);
	E(1);
	W("ok", 1);
	E(2);
	E(3);
	E(4);
	E(4);
	E(4);
	E(4);
	E(4);
	P("}", 4);
	E(4);
	E(5);
	E(5);
	END();
	ck_assert_str_eq(errs, "t.conf:1: undefined macro $nope\n"
	    "t.conf:2: recursive macro $a\n"
	    "t.conf:3: recursive macro $self\n"
	    "t.conf:4: missing macro name after '$'\n"
	    "t.conf:4: missing macro name after '$'\n"
	    "t.conf:4: bad macro reference: '${' needs a name and '}'\n"
	    "t.conf:4: bad macro reference: '${' needs a name and '}'\n"
	    "t.conf:4: bad macro reference: '${' needs a name and '}'\n"
	    "t.conf:4: bad macro reference: '${' needs a name and '}'\n"
	    "t.conf:5: word too long after macro expansion (max 1024 "
	    "bytes)\n"
	    "t.conf:5: undefined macro $y\n");
	/* the busy flags were cleared on the way out */
	ck_assert_int_eq(cfg_push_string(&lex, "u", "$b", 2), 0);
	ck_assert_int_eq(cfg_macro_set(&lex, "a", "A"), 0);
	W("[A]", 1);
	END();
	ck_assert_int_eq(lex.errors, 11);
	cfg_free(&lex);
}
END_TEST

START_TEST(macro_bombs)
{
	struct cfg_lex	 lex;
	char		 name[8], value[64];
	int		 i;

	/* m0 = $m1$m1..., each level doubling: stopped, not exploded */
	lex_string(&lex, CFG_F_MACROS, "$m0\n$d0\n");
	for (i = 0; i < 30; i++) {
		FMT(name, "m%d", i);
		FMT(value, "$m%d$m%d$m%d$m%d", i + 1,
		    i + 1, i + 1, i + 1);
		ck_assert_int_eq(cfg_macro_set(&lex, name, value), 0);
	}
	ck_assert_int_eq(cfg_macro_set(&lex, "m30", ""), 0);
	/* a chain deeper than the nesting limit */
	for (i = 0; i < 40; i++) {
		FMT(name, "d%d", i);
		FMT(value, "$d%d", i + 1);
		ck_assert_int_eq(cfg_macro_set(&lex, name, value), 0);
	}
	ck_assert_int_eq(cfg_macro_set(&lex, "d40", "end"), 0);
	E(1);
	E(2);
	END();
	ck_assert_str_eq(errs,
	    "t.conf:1: too many macro references (max 4096)\n"
	    "t.conf:2: macros nested too deep (max 32)\n");
	cfg_free(&lex);
}
END_TEST

START_TEST(macro_names)
{
	struct cfg_lex	 lex;

	lex_string(&lex, CFG_F_MACROS, "x\n");
	W("x", 1);
	ck_assert_int_eq(cfg_macro_set(&lex, "Ok_9", "v"), 0);
	ck_assert_int_eq(cfg_macro_set(&lex, "a-b", "v"), -1);
	ck_assert_int_eq(cfg_macro_set(&lex, "", "v"), -1);
	ck_assert_int_eq(cfg_macro_set(&lex, NULL, "v"), -1);
	ck_assert_int_eq(cfg_macro_set(&lex, "n", NULL), -1);
	ck_assert_str_eq(errs, "t.conf:1: invalid macro name 'a-b'\n"
	    "t.conf:1: invalid macro name ''\n"
	    "t.conf:1: invalid macro name ''\n"
	    "t.conf:1: macro n has no value\n");
	ck_assert_int_eq(lex.errors, 4);
	ck_assert_ptr_null(cfg_macro_get(&lex, "a-b"));
	ck_assert_ptr_null(cfg_macro_get(&lex, NULL));
	cfg_free(&lex);
}
END_TEST

static const struct cfg_keyword sorted_kw[] = {
	{ "alpha",	101 },
	{ "beta",	102 },
	{ "beta-x",	103 },
	{ "gamma",	104 },
	{ "zeta",	105 },
};

START_TEST(keywords)
{
	static const struct cfg_keyword unsorted[] = {
		{ "beta", 1 }, { "alpha", 2 },
	};
	static const struct cfg_keyword dup[] = {
		{ "alpha", 1 }, { "beta", 2 }, { "beta", 3 },
	};
	static const struct cfg_keyword null[] = {
		{ "alpha", 1 }, { NULL, 2 },
	};
	size_t		 n = sizeof(sorted_kw) / sizeof(sorted_kw[0]), i;

	ck_assert_int_eq(cfg_keywords_sorted(sorted_kw, n), 1);
	ck_assert_int_eq(cfg_keywords_sorted(sorted_kw, 0), 1);
	ck_assert_int_eq(cfg_keywords_sorted(unsorted, 2), 0);
	ck_assert_int_eq(cfg_keywords_sorted(dup, 3), 0);
	ck_assert_int_eq(cfg_keywords_sorted(null, 2), 0);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(cfg_keyword(sorted_kw, n, sorted_kw[i].name),
		    sorted_kw[i].token);
	/* every table size finds every member (binary search edges) */
	for (n = 1; n <= 5; n++)
		for (i = 0; i < n; i++)
			ck_assert_int_eq(cfg_keyword(sorted_kw, n,
			    sorted_kw[i].name), sorted_kw[i].token);
	n = sizeof(sorted_kw) / sizeof(sorted_kw[0]);
	ck_assert_int_eq(cfg_keyword(sorted_kw, n, "a"), -1);
	ck_assert_int_eq(cfg_keyword(sorted_kw, n, "betax"), -1);
	ck_assert_int_eq(cfg_keyword(sorted_kw, n, "zz"), -1);
	ck_assert_int_eq(cfg_keyword(sorted_kw, n, ""), -1);
	ck_assert_int_eq(cfg_keyword(sorted_kw, n, "Alpha"), -1);
	ck_assert_int_eq(cfg_keyword(sorted_kw, 0, "alpha"), -1);
	ck_assert_int_eq(cfg_keyword(NULL, 0, "alpha"), -1);
	ck_assert_int_eq(cfg_keyword(sorted_kw, n, NULL), -1);
}
END_TEST

/* Token numbers as bison would give them. */
enum {
	T_STRING = 258, T_NUMBER, T_ERROR, T_DUID, T_HOST, T_IANA, T_INFINITY,
	T_INTERFACE, T_PREFIX, T_REQUEST, T_SCRIPT, T_SEND,
	T_IFACE, T_INTERVAL, T_MINRX, T_MULT, T_PASSIVE, T_PEER
};

/* What a grammar's yylval looks like: str and num share storage. */
union yyval {
	char		*str;
	long long	 num;
};

struct want {
	int		 tok;
	const char	*str;		/* T_STRING */
	long long	 num;		/* T_NUMBER */
};

static void
yylex_expect(struct cfg_lex *lex, const struct cfg_keyword *kw, size_t n,
    const struct want *w)
{
	union yyval	 v;
	int		 tok;

	for (;; w++) {
		memset(&v, 0xa5, sizeof(v));
		tok = cfg_yylex(lex, kw, n, T_STRING, T_NUMBER, T_ERROR,
		    &v.str, &v.num);
		ck_assert_int_eq(tok, w->tok);
		if (tok == T_STRING) {
			ck_assert_str_eq(v.str, w->str);
			free(v.str);
		} else if (tok == T_NUMBER)
			ck_assert_int_eq(v.num, w->num);
		if (tok == 0)
			break;
	}
}

START_TEST(yylex_dhcp6c)
{
	static const struct cfg_keyword kw[] = {
		{ "duid",	T_DUID },
		{ "host",	T_HOST },
		{ "ia-na",	T_IANA },
		{ "infinity",	T_INFINITY },
		{ "interface",	T_INTERFACE },
		{ "prefix",	T_PREFIX },
		{ "request",	T_REQUEST },
		{ "script",	T_SCRIPT },
		{ "send",	T_SEND },
	};
	static const char conf[] =
	    "# dhcp6c.conf\n"
	    "interface eth0 {\n"
	    "\tsend ia-na 0;\n"
	    "\trequest domain-name-servers, ntp-servers;\n"
	    "\tscript \"/etc/dhcp6c-script\";\n"
	    "};\n"
	    "prefix 2001:db8::/48 infinity;\n"
	    "host kame { duid 00:01:00:01:1e:2f:3c:4d:00:11:22:33:44:55; };\n"
	    "interface \"send\" { send ia-na 0x10; };\n";
	static const struct want w[] = {
		{ T_INTERFACE, NULL, 0 }, { T_STRING, "eth0", 0 },
		{ '{', NULL, 0 },
		{ T_SEND, NULL, 0 }, { T_IANA, NULL, 0 }, { T_NUMBER, NULL, 0 },
		{ ';', NULL, 0 },
		{ T_REQUEST, NULL, 0 }, { T_STRING, "domain-name-servers", 0 },
		{ ',', NULL, 0 }, { T_STRING, "ntp-servers", 0 },
		{ ';', NULL, 0 },
		{ T_SCRIPT, NULL, 0 }, { T_STRING, "/etc/dhcp6c-script", 0 },
		{ ';', NULL, 0 }, { '}', NULL, 0 }, { ';', NULL, 0 },
		{ T_PREFIX, NULL, 0 }, { T_STRING, "2001:db8::/48", 0 },
		{ T_INFINITY, NULL, 0 }, { ';', NULL, 0 },
		{ T_HOST, NULL, 0 }, { T_STRING, "kame", 0 }, { '{', NULL, 0 },
		{ T_DUID, NULL, 0 },
		{ T_STRING, "00:01:00:01:1e:2f:3c:4d:00:11:22:33:44:55", 0 },
		{ ';', NULL, 0 }, { '}', NULL, 0 }, { ';', NULL, 0 },
		/* a quoted keyword is a string */
		{ T_INTERFACE, NULL, 0 }, { T_STRING, "send", 0 },
		{ '{', NULL, 0 }, { T_SEND, NULL, 0 }, { T_IANA, NULL, 0 },
		{ T_NUMBER, NULL, 16 }, { ';', NULL, 0 }, { '}', NULL, 0 },
		{ ';', NULL, 0 },
		{ 0, NULL, 0 },
	};
	struct cfg_lex	 lex;
	size_t		 n = sizeof(kw) / sizeof(kw[0]);

	ck_assert(cfg_keywords_sorted(kw, n));
	lex_string(&lex, CFG_F_INCLUDE, conf);
	yylex_expect(&lex, kw, n, w);
	ck_assert_int_eq(lex.errors, 0);
	ck_assert_int_eq(cfg_line(&lex), 10);
	cfg_free(&lex);
}
END_TEST

START_TEST(yylex_bfdd)
{
	static const struct cfg_keyword kw[] = {
		{ "interface",	T_IFACE },
		{ "interval",	T_INTERVAL },
		{ "min-rx",	T_MINRX },
		{ "multiplier",	T_MULT },
		{ "passive",	T_PASSIVE },
		{ "peer",	T_PEER },
	};
	static const char conf[] =
	    "interval 300ms;   # default for every session\n"
	    "peer fe80::1%eth0 {\n"
	    "\tinterface \"-eth*\";\n"
	    "\tmin-rx 1 s;\n"
	    "\tpassive yes;\n"
	    "\tmultiplier 0x3;\n"
	    "}\n"
	    "peer 192.0.2.1 { passive; }\n";
	static const struct want w[] = {
		{ T_INTERVAL, NULL, 0 }, { T_STRING, "300ms", 0 },
		{ ';', NULL, 0 },
		{ T_PEER, NULL, 0 }, { T_STRING, "fe80::1%eth0", 0 },
		{ '{', NULL, 0 },
		{ T_IFACE, NULL, 0 }, { T_STRING, "-eth*", 0 },
		{ ';', NULL, 0 },
		{ T_MINRX, NULL, 0 }, { T_NUMBER, NULL, 1 },
		{ T_STRING, "s", 0 }, { ';', NULL, 0 },
		{ T_PASSIVE, NULL, 0 }, { T_STRING, "yes", 0 },
		{ ';', NULL, 0 },
		{ T_MULT, NULL, 0 }, { T_NUMBER, NULL, 3 }, { ';', NULL, 0 },
		{ '}', NULL, 0 },
		{ T_PEER, NULL, 0 }, { T_STRING, "192.0.2.1", 0 },
		{ '{', NULL, 0 }, { T_PASSIVE, NULL, 0 }, { ';', NULL, 0 },
		{ '}', NULL, 0 },
		{ 0, NULL, 0 },
	};
	struct cfg_lex	 lex;
	size_t		 n = sizeof(kw) / sizeof(kw[0]);
	uint64_t	 us;

	ck_assert(cfg_keywords_sorted(kw, n));
	lex_string(&lex, CFG_F_INCLUDE, conf);
	yylex_expect(&lex, kw, n, w);
	ck_assert_int_eq(lex.errors, 0);
	cfg_free(&lex);
	/* what the grammar then does with the words */
	ck_assert_int_eq(cfg_time("300ms", "ms", 1000, 4294967295ULL, &us,
	    NULL), 0);
	ck_assert_uint_eq(us, 300000);
}
END_TEST

START_TEST(yylex_racoon)
{
	struct cfg_lex	 lex;
	static const char conf[] =
	    "remote anonymous {\n"
	    "\texchange_mode main,aggressive;\n"
	    "\tlifetime time 8 hour;\n"
	    "\tmy_identifier user_fqdn \"user@kame.net\";\n"
	    "}\n"
	    "listen { isakmp 2001:db8::1 [500]; }\n";

	/* racoon wants brackets for ports */
	lex_setup(&lex, CFG_F_INCLUDE, ";{},[]");
	ck_assert_int_eq(cfg_push_string(&lex, "racoon.conf", conf,
	    strlen(conf)), 0);
	W("remote", 1);
	W("anonymous", 1);
	P("{", 1);
	W("exchange_mode", 2);
	W("main", 2);
	P(",", 2);
	W("aggressive", 2);
	P(";", 2);
	W("lifetime", 3);
	W("time", 3);
	W("8", 3);
	W("hour", 3);
	P(";", 3);
	W("my_identifier", 4);
	W("user_fqdn", 4);
	S("user@kame.net", 4);
	P(";", 4);
	P("}", 5);
	W("listen", 6);
	P("{", 6);
	W("isakmp", 6);
	W("2001:db8::1", 6);
	P("[", 6);
	W("500", 6);
	P("]", 6);
	P(";", 6);
	P("}", 6);
	END();
	cfg_free(&lex);
}
END_TEST

START_TEST(yylex_edges)
{
	struct cfg_lex	 lex;
	union yyval	 v;
	char		*s = NULL;
	long long	 num = 0;

	lex_string(&lex, 0, "0 007 0x 0X1f 0x1g -1 9223372036854775807 "
	    "9223372036854775808 0xffffffffffffffff \"5\" \"\\q\"");
	ck_assert_int_eq(cfg_yylex(&lex, NULL, 0, T_STRING, T_NUMBER, 0, &s,
	    &num), T_NUMBER);
	ck_assert_int_eq(num, 0);
	ck_assert_int_eq(cfg_yylex(&lex, NULL, 0, T_STRING, T_NUMBER, 0, &s,
	    &num), T_NUMBER);
	ck_assert_int_eq(num, 7);
	ck_assert_int_eq(cfg_yylex(&lex, NULL, 0, T_STRING, T_NUMBER, 0, &s,
	    &num), T_STRING);
	ck_assert_str_eq(s, "0x");
	free(s);
	ck_assert_int_eq(cfg_yylex(&lex, NULL, 0, T_STRING, T_NUMBER, 0, &s,
	    &num), T_NUMBER);
	ck_assert_int_eq(num, 31);
	ck_assert_int_eq(cfg_yylex(&lex, NULL, 0, T_STRING, T_NUMBER, 0, &s,
	    &num), T_STRING);
	ck_assert_str_eq(s, "0x1g");
	free(s);
	ck_assert_int_eq(cfg_yylex(&lex, NULL, 0, T_STRING, T_NUMBER, 0, &s,
	    &num), T_STRING);
	ck_assert_str_eq(s, "-1");
	free(s);
	ck_assert_int_eq(cfg_yylex(&lex, NULL, 0, T_STRING, T_NUMBER, 0, &s,
	    &num), T_NUMBER);
	ck_assert_int_eq(num, LLONG_MAX);
	/* too large: an error, with tok_error 0 meaning -1 */
	ck_assert_int_eq(cfg_yylex(&lex, NULL, 0, T_STRING, T_NUMBER, 0, &s,
	    &num), -1);
	ck_assert_int_eq(cfg_yylex(&lex, NULL, 0, T_STRING, T_NUMBER,
	    T_ERROR, &s, &num), T_ERROR);
	/* a quoted number is a string */
	memset(&v, 0, sizeof(v));
	ck_assert_int_eq(cfg_yylex(&lex, NULL, 0, T_STRING, T_NUMBER,
	    T_ERROR, &v.str, &v.num), T_STRING);
	ck_assert_str_eq(v.str, "5");
	free(v.str);
	ck_assert_int_eq(cfg_yylex(&lex, NULL, 0, T_STRING, T_NUMBER,
	    T_ERROR, &s, &num), T_ERROR);
	ck_assert_int_eq(cfg_yylex(&lex, NULL, 0, T_STRING, T_NUMBER,
	    T_ERROR, &s, &num), 0);
	ck_assert_int_eq(cfg_yylex(&lex, NULL, 0, T_STRING, T_NUMBER,
	    T_ERROR, &s, &num), 0);
	ck_assert_str_eq(errs,
	    "t.conf:1: number 9223372036854775808 too large\n"
	    "t.conf:1: number 0xffffffffffffffff too large\n"
	    "t.conf:1: unknown escape \\q in string\n");
	cfg_free(&lex);
}
END_TEST

START_TEST(value_number)
{
	long long	 v = 0;
	const char	*e = NULL;

	ck_assert_int_eq(cfg_number("255", 1, 255, &v, &e), 0);
	ck_assert_int_eq(v, 255);
	ck_assert_int_eq(cfg_number("0x1F", 0, 255, &v, &e), 0);
	ck_assert_int_eq(v, 31);
	ck_assert_int_eq(cfg_number("-5", -10, 10, &v, &e), 0);
	ck_assert_int_eq(v, -5);
	ck_assert_int_eq(cfg_number("-9223372036854775808", LLONG_MIN, 0, &v,
	    &e), 0);
	ck_assert_int_eq(v, LLONG_MIN);
	ck_assert_int_eq(cfg_number("9223372036854775807", 0, LLONG_MAX, &v,
	    &e), 0);
	ck_assert_int_eq(v, LLONG_MAX);

	ck_assert_int_eq(cfg_number("300", 1, 255, &v, &e), -1);
	ck_assert_str_eq(e, "number 300 out of range 1-255");
	ck_assert_int_eq(cfg_number("0", 1, 255, &v, &e), -1);
	ck_assert_str_eq(e, "number 0 out of range 1-255");
	ck_assert_int_eq(cfg_number("0x100", 1, 255, &v, &e), -1);
	ck_assert_str_eq(e, "number 0x100 out of range 1-255");
	ck_assert_int_eq(cfg_number("-11", -10, 10, &v, &e), -1);
	ck_assert_str_eq(e, "number -11 out of range -10 to 10");
	ck_assert_int_eq(cfg_number("99999999999999999999", 0, LLONG_MAX, &v,
	    &e), -1);
	ck_assert_str_eq(e,
	    "number 99999999999999999999 out of range 0-9223372036854775807");
	ck_assert_int_eq(cfg_number("9223372036854775808", 0, LLONG_MAX, &v,
	    &e), -1);
	ck_assert_int_eq(cfg_number("-9223372036854775809", LLONG_MIN, 0, &v,
	    &e), -1);
	ck_assert_int_eq(cfg_number("abc", 0, 10, &v, &e), -1);
	ck_assert_str_eq(e, "invalid number 'abc'");
	ck_assert_int_eq(cfg_number("12abc", 0, 100, &v, &e), -1);
	ck_assert_str_eq(e, "invalid number '12abc'");
	ck_assert_int_eq(cfg_number("", 0, 10, &v, &e), -1);
	ck_assert_str_eq(e, "invalid number ''");
	ck_assert_int_eq(cfg_number(" 1", 0, 10, &v, &e), -1);
	ck_assert_int_eq(cfg_number("1 ", 0, 10, &v, &e), -1);
	ck_assert_int_eq(cfg_number("+1", 0, 10, &v, &e), -1);
	ck_assert_int_eq(cfg_number("-", -10, 10, &v, &e), -1);
	ck_assert_int_eq(cfg_number("0x", 0, 10, &v, &e), -1);
	ck_assert_int_eq(cfg_number("-0x1", -10, 10, &v, &e), -1);
	ck_assert_str_eq(e, "invalid number '-0x1'");
	ck_assert_int_eq(cfg_number(NULL, 0, 10, &v, &e), -1);
	/* long input is cut short in the message */
	ck_assert_int_eq(cfg_number("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, 10, &v, &e), -1);
	ck_assert_str_eq(e, "invalid number 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");
	ck_assert_int_eq(cfg_number("\x01", 0, 10, &v, &e), -1);
	ck_assert_str_eq(e, "invalid number '\\x01'");
	/* errstr may be NULL */
	ck_assert_int_eq(cfg_number("x", 0, 10, &v, NULL), -1);
}
END_TEST

START_TEST(value_bool)
{
	const char	*yes[] = { "yes", "on", "true", "YES", "On" };
	const char	*no[] = { "no", "off", "false", "FALSE" };
	const char	*e;
	size_t		 i;
	int		 b;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		b = -1;
		ck_assert_int_eq(cfg_bool(yes[i], &b, &e), 0);
		ck_assert_int_eq(b, 1);
	}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		b = -1;
		ck_assert_int_eq(cfg_bool(no[i], &b, &e), 0);
		ck_assert_int_eq(b, 0);
	}
	ck_assert_int_eq(cfg_bool("maybe", &b, &e), -1);
	ck_assert_str_eq(e,
	    "invalid boolean 'maybe' (yes, no, on, off, true or false)");
	ck_assert_int_eq(cfg_bool("1", &b, &e), -1);
	ck_assert_int_eq(cfg_bool("", &b, &e), -1);
	ck_assert_int_eq(cfg_bool("yess", &b, &e), -1);
	ck_assert_int_eq(cfg_bool(NULL, &b, &e), -1);
}
END_TEST

START_TEST(value_time)
{
	uint64_t	 us = 0;
	const char	*e;
	const uint64_t	 max32 = 4294967295ULL;

	ck_assert_int_eq(cfg_time("300ms", "ms", 1000, max32, &us, &e), 0);
	ck_assert_uint_eq(us, 300000);
	ck_assert_int_eq(cfg_time("1 s", "ms", 1000, max32, &us, &e), 0);
	ck_assert_uint_eq(us, 1000000);
	ck_assert_int_eq(cfg_time("1\t \ts", "ms", 1000, max32, &us, &e), 0);
	ck_assert_uint_eq(us, 1000000);
	ck_assert_int_eq(cfg_time("50", "ms", 1000, max32, &us, &e), 0);
	ck_assert_uint_eq(us, 50000);
	ck_assert_int_eq(cfg_time("50", "s", 0, UINT64_MAX, &us, &e), 0);
	ck_assert_uint_eq(us, 50000000);
	ck_assert_int_eq(cfg_time("7us", "ms", 0, 10, &us, &e), 0);
	ck_assert_uint_eq(us, 7);
	ck_assert_int_eq(cfg_time("2m", NULL, 0, UINT64_MAX, &us, &e), 0);
	ck_assert_uint_eq(us, 120000000);
	ck_assert_int_eq(cfg_time("8h", NULL, 0, UINT64_MAX, &us, &e), 0);
	ck_assert_uint_eq(us, 8ULL * 3600 * 1000000);
	ck_assert_int_eq(cfg_time("4294967295us", "ms", 1000, max32, &us,
	    &e), 0);
	ck_assert_uint_eq(us, max32);
	ck_assert_int_eq(cfg_time("0", "ms", 0, 10, &us, &e), 0);
	ck_assert_uint_eq(us, 0);

	ck_assert_int_eq(cfg_time("5 parsecs", "ms", 0, max32, &us, &e), -1);
	ck_assert_str_eq(e, "invalid time '5 parsecs'");
	ck_assert_int_eq(cfg_time("ms", "ms", 0, max32, &us, &e), -1);
	ck_assert_str_eq(e, "invalid time 'ms'");
	ck_assert_int_eq(cfg_time("", "ms", 0, max32, &us, &e), -1);
	ck_assert_str_eq(e, "invalid time ''");
	ck_assert_int_eq(cfg_time(NULL, "ms", 0, max32, &us, &e), -1);
	ck_assert_int_eq(cfg_time("-1s", "ms", 0, max32, &us, &e), -1);
	ck_assert_int_eq(cfg_time("1.5s", "ms", 0, max32, &us, &e), -1);
	ck_assert_int_eq(cfg_time("1s ", "ms", 0, max32, &us, &e), -1);
	ck_assert_int_eq(cfg_time("1 ", "ms", 0, max32, &us, &e), -1);
	ck_assert_int_eq(cfg_time("1S", "ms", 0, max32, &us, &e), -1);
	ck_assert_int_eq(cfg_time("5", NULL, 0, max32, &us, &e), -1);
	ck_assert_str_eq(e, "time '5' needs a unit (us, ms, s, m or h)");
	ck_assert_int_eq(cfg_time("5", "fortnights", 0, max32, &us, &e), -1);
	ck_assert_str_eq(e, "invalid time '5'");

	ck_assert_int_eq(cfg_time("0", "ms", 1000, max32, &us, &e), -1);
	ck_assert_str_eq(e, "time 0 out of range 1ms-4294967295us");
	ck_assert_int_eq(cfg_time("4295s", "ms", 1000, max32, &us, &e), -1);
	ck_assert_str_eq(e, "time 4295s out of range 1ms-4294967295us");
	ck_assert_int_eq(cfg_time("2h", "s", 0, 3600000000ULL, &us, &e), -1);
	ck_assert_str_eq(e, "time 2h out of range 0us-1h");
	ck_assert_int_eq(cfg_time("61s", "s", 1000000, 60000000, &us, &e),
	    -1);
	ck_assert_str_eq(e, "time 61s out of range 1s-1m");
	/* overflow of the multiplication and of the digits themselves */
	ck_assert_int_eq(cfg_time("18446744073709551615h", "s", 0, UINT64_MAX,
	    &us, &e), -1);
	ck_assert_str_eq(e, "time 18446744073709551615h out of range "
	    "0us-18446744073709551615us");
	ck_assert_int_eq(cfg_time("18446744073709551616", "us", 0, UINT64_MAX,
	    &us, &e), -1);
	ck_assert_int_eq(cfg_time("18446744073709551615", "us", 0, UINT64_MAX,
	    &us, &e), 0);
	ck_assert_uint_eq(us, UINT64_MAX);
	ck_assert_int_eq(cfg_time("5124095576030431h", "s", 0, UINT64_MAX,
	    &us, &e), -1);
	ck_assert_int_eq(cfg_time("5124095576h", "s", 0, UINT64_MAX, &us,
	    &e), 0);
}
END_TEST

/* A fixed interface table, so the tests do not depend on the host. */
static uint32_t
test_name2index(const char *name)
{
	if (strcmp(name, "lo") == 0)
		return 1;
	if (strcmp(name, "eth0") == 0)
		return 2;
	if (strcmp(name, "br-lan") == 0)
		return 3;
	return 0;
}

static const char *
test_index2name(uint32_t index, char *buf)
{
	static const char *const names[] = { NULL, "lo", "eth0", "br-lan" };

	if (index == 0 || index > 3)
		return NULL;
	return strcpy(buf, names[index]);
}

START_TEST(value_in6)
{
	struct sockaddr_in6	 sin6;
	struct in6_addr		 a;
	const char		*e;

	scope6_set_resolver(test_name2index, test_index2name);
	ck_assert_int_eq(cfg_in6("2001:db8::1", &sin6, &e), 0);
	inet_pton(AF_INET6, "2001:db8::1", &a);
	ck_assert_mem_eq(&sin6.sin6_addr, &a, sizeof(a));
	ck_assert_uint_eq(sin6.sin6_scope_id, 0);
	ck_assert_int_eq(sin6.sin6_family, AF_INET6);
	ck_assert_int_eq(cfg_in6("fe80::1%eth0", &sin6, &e), 0);
	ck_assert_uint_eq(sin6.sin6_scope_id, 2);
	ck_assert_int_eq(cfg_in6("ff02::1%br-lan", &sin6, &e), 0);
	ck_assert_uint_eq(sin6.sin6_scope_id, 3);
	ck_assert_int_eq(cfg_in6("fe80::1%7", &sin6, &e), 0);
	ck_assert_uint_eq(sin6.sin6_scope_id, 7);
	/* no zone: fine here; scope6_need_zone() is for callers */
	ck_assert_int_eq(cfg_in6("fe80::1", &sin6, &e), 0);

	ck_assert_int_eq(cfg_in6("fe80::1%x", &sin6, &e), -1);
	ck_assert_str_eq(e, "unknown interface 'x' in fe80::1%x");
	ck_assert_int_eq(cfg_in6("2001:db8::1%eth0", &sin6, &e), -1);
	ck_assert_str_eq(e, "zone on an address without scope: "
	    "2001:db8::1%eth0");
	ck_assert_int_eq(cfg_in6("fe80::1%", &sin6, &e), -1);
	ck_assert_str_eq(e, "invalid zone '' in fe80::1%");
	ck_assert_int_eq(cfg_in6("fe80::1%0", &sin6, &e), -1);
	ck_assert_str_eq(e, "invalid zone '0' in fe80::1%0");
	ck_assert_int_eq(cfg_in6("fe80::1%abcdefghijklmnop", &sin6, &e), -1);
	ck_assert_str_eq(e,
	    "invalid zone 'abcdefghijklmnop' in fe80::1%abcdefghijklmnop");
	ck_assert_int_eq(cfg_in6("fe80::g%eth0", &sin6, &e), -1);
	ck_assert_str_eq(e, "invalid IPv6 address 'fe80::g%eth0'");
	ck_assert_int_eq(cfg_in6("192.0.2.1", &sin6, &e), -1);
	ck_assert_str_eq(e, "invalid IPv6 address '192.0.2.1'");
	ck_assert_int_eq(cfg_in6("", &sin6, &e), -1);
	ck_assert_str_eq(e, "invalid IPv6 address ''");
	ck_assert_int_eq(cfg_in6("%eth0", &sin6, &e), -1);
	ck_assert_str_eq(e, "invalid IPv6 address '%eth0'");
	ck_assert_int_eq(cfg_in6(NULL, &sin6, &e), -1);
	scope6_set_resolver(NULL, NULL);
}
END_TEST

START_TEST(value_in4)
{
	struct in_addr	 in;
	const char	*e;

	ck_assert_int_eq(cfg_in4("192.0.2.1", &in, &e), 0);
	ck_assert_uint_eq(ntohl(in.s_addr), 0xc0000201);
	ck_assert_int_eq(cfg_in4("192.0.2", &in, &e), -1);
	ck_assert_str_eq(e, "invalid IPv4 address '192.0.2'");
	ck_assert_int_eq(cfg_in4("192.0.2.256", &in, &e), -1);
	ck_assert_int_eq(cfg_in4("::1", &in, &e), -1);
	ck_assert_int_eq(cfg_in4("", &in, &e), -1);
	ck_assert_int_eq(cfg_in4(NULL, &in, &e), -1);
	ck_assert_str_eq(e, "invalid IPv4 address ''");
}
END_TEST

START_TEST(value_prefix6)
{
	struct in6_addr	 a, want;
	const char	*e;
	int		 plen;

	ck_assert_int_eq(cfg_prefix6("2001:db8::/48", &a, &plen, &e), 0);
	inet_pton(AF_INET6, "2001:db8::", &want);
	ck_assert_mem_eq(&a, &want, sizeof(a));
	ck_assert_int_eq(plen, 48);
	ck_assert_int_eq(cfg_prefix6("::/0", &a, &plen, &e), 0);
	ck_assert_int_eq(plen, 0);
	ck_assert_int_eq(cfg_prefix6("2001:db8::1", &a, &plen, &e), 0);
	ck_assert_int_eq(plen, 128);

	ck_assert_int_eq(cfg_prefix6("2001:db8::1/64", &a, &plen, &e), -1);
	ck_assert_str_eq(e,
	    "host bits set in 2001:db8::1/64 (did you mean 2001:db8::/64?)");
	ck_assert_int_eq(cfg_prefix6("2001:db8::/129", &a, &plen, &e), -1);
	ck_assert_str_eq(e, "prefix length out of range 0-128 in "
	    "2001:db8::/129");
	ck_assert_int_eq(cfg_prefix6("2001:db8::/99999999999999999999", &a,
	    &plen, &e), -1);
	ck_assert_str_eq(e, "prefix length out of range 0-128 in "
	    "2001:db8::/99999999999999999999");
	ck_assert_int_eq(cfg_prefix6("2001:db8::/", &a, &plen, &e), -1);
	ck_assert_str_eq(e, "invalid prefix length in '2001:db8::/'");
	ck_assert_int_eq(cfg_prefix6("2001:db8::/x", &a, &plen, &e), -1);
	ck_assert_str_eq(e, "invalid prefix length in '2001:db8::/x'");
	ck_assert_int_eq(cfg_prefix6("2001:db8::/4x", &a, &plen, &e), -1);
	ck_assert_str_eq(e, "invalid prefix length in '2001:db8::/4x'");
	ck_assert_int_eq(cfg_prefix6("2001:db8::g/48", &a, &plen, &e), -1);
	ck_assert_str_eq(e, "invalid address in prefix '2001:db8::g/48'");
	ck_assert_int_eq(cfg_prefix6("/48", &a, &plen, &e), -1);
	ck_assert_str_eq(e, "invalid address in prefix '/48'");
	ck_assert_int_eq(cfg_prefix6("fe80::1%eth0/64", &a, &plen, &e), -1);
	ck_assert_int_eq(cfg_prefix6(NULL, &a, &plen, &e), -1);
	ck_assert_str_eq(e, "invalid address in prefix ''");
}
END_TEST

START_TEST(value_ifname)
{
	const char	*ok[] = { "eth0", "eth0.100", "br-lan", "wg+1",
	    "veth@x", "a", "123456789012345", "tap#1", "x!", "...", "-",
	    "\xc3\xa9" };
	const char	*e;
	size_t		 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		ck_assert_msg(cfg_ifname(ok[i], &e) == 0, "%s", ok[i]);
	ck_assert_int_eq(cfg_ifname("", &e), -1);
	ck_assert_str_eq(e, "empty interface name");
	ck_assert_int_eq(cfg_ifname(NULL, &e), -1);
	ck_assert_int_eq(cfg_ifname("1234567890123456", &e), -1);
	ck_assert_str_eq(e,
	    "interface name '1234567890123456' too long (max 15 bytes)");
	ck_assert_int_eq(cfg_ifname(".", &e), -1);
	ck_assert_str_eq(e, "invalid interface name '.'");
	ck_assert_int_eq(cfg_ifname("..", &e), -1);
	ck_assert_int_eq(cfg_ifname("a/b", &e), -1);
	ck_assert_str_eq(e, "invalid character '/' in interface name 'a/b'");
	ck_assert_int_eq(cfg_ifname("eth0:1", &e), -1);
	ck_assert_str_eq(e,
	    "invalid character ':' in interface name 'eth0:1'");
	ck_assert_int_eq(cfg_ifname("a b", &e), -1);
	ck_assert_int_eq(cfg_ifname("a\tb", &e), -1);
	ck_assert_str_eq(e,
	    "invalid character '\\x09' in interface name 'a\\x09b'");
	ck_assert_int_eq(cfg_ifname("a\nb", &e), -1);
	ck_assert_int_eq(cfg_ifname("a\xa0", &e), -1);
	ck_assert_int_eq(cfg_ifname("a\x01", &e), -1);
	ck_assert_str_eq(e,
	    "invalid character '\\x01' in interface name 'a\\x01'");
	ck_assert_int_eq(cfg_ifname("\x7f", &e), -1);
	ck_assert_int_eq(cfg_ifname("x", NULL), 0);
}
END_TEST

static Suite *
cfg_suite(void)
{
	Suite	*s = suite_create("cfg");
	TCase	*lex = tcase_create("lexer");
	TCase	*inc = tcase_create("include");
	TCase	*mac = tcase_create("macros");
	TCase	*yy = tcase_create("yylex");
	TCase	*val = tcase_create("values");

	tcase_add_test(lex, punct_sets);
	tcase_add_test(lex, words_take_odd_characters);
	tcase_add_test(lex, comments_and_lines);
	tcase_add_test(lex, strings_and_escapes);
	tcase_add_test(lex, unterminated_string);
	tcase_add_test(lex, token_length_limit);
	tcase_add_test(lex, nul_bytes);
	tcase_add_test(lex, sources_stack);
	tcase_add_test(lex, string_depth_limit);
	tcase_add_test(lex, errors_and_positions);
	tcase_add_test(lex, default_errfn_prints_to_stderr);
	suite_add_tcase(s, lex);
	tcase_add_test(inc, include_files);
	tcase_add_test(inc, include_errors);
	tcase_add_test(inc, include_loops);
	tcase_add_test(inc, include_depth);
	tcase_add_test(inc, early_free);
	suite_add_tcase(s, inc);
	tcase_add_test(mac, macros);
	tcase_add_test(mac, macro_errors);
	tcase_add_test(mac, macro_bombs);
	tcase_add_test(mac, macro_names);
	suite_add_tcase(s, mac);
	tcase_add_test(yy, keywords);
	tcase_add_test(yy, yylex_dhcp6c);
	tcase_add_test(yy, yylex_bfdd);
	tcase_add_test(yy, yylex_racoon);
	tcase_add_test(yy, yylex_edges);
	suite_add_tcase(s, yy);
	tcase_add_test(val, value_number);
	tcase_add_test(val, value_bool);
	tcase_add_test(val, value_time);
	tcase_add_test(val, value_in6);
	tcase_add_test(val, value_in4);
	tcase_add_test(val, value_prefix6);
	tcase_add_test(val, value_ifname);
	suite_add_tcase(s, val);
	return s;
}

int
main(void)
{
	return t6_run_suite(cfg_suite(), 0);
}
