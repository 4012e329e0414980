/*
 * The bfdd.conf(5) grammar, the checks that need the whole file, and
 * loading a configuration from a file or from memory.
 */
%{
#include <sys/queue.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bfdd.h"
#include "cfg.h"
#include "log.h"

/* Session times: 1 ms up to what 32 bits of microseconds hold. */
#define TIME_MIN	1000ULL
#define TIME_MAX	4294967295ULL
/* RFC 5880 6.8.3: no faster than one packet a second while not Up. */
#define IDLETX_MIN	1000000ULL
/* The longest key of any type (SHA1); others are checked after the parse. */
#define KEY_MAXLEN	20
/* Bytes of a user's word quoted in a message. */
#define SHOWN		"%.64s"

struct conf_pos {
	const char	*file;		/* a source's name: until cfg_free */
	int		 line;
};

/* A token: its text (NULL for keywords) and where it started. */
struct tok {
	char		*text;		/* in the pool, freed after the parse */
	struct conf_pos	 pos;
};

/*
 * Where a block, key or profile reference was, for the checks that can
 * only be made once the whole file is read (profiles may come later).
 */
struct objpos {
	const void	*obj;
	struct conf_pos	 pos;
	int		 reported;	/* an error was given for it already */
};

struct conf_file {
	const char	*name;
	int		 keys;		/* holds keys: keep it unreadable */
};

enum block { BLK_NONE, BLK_PROFILE, BLK_IFACE, BLK_MULTIHOP, BLK_NEIGHBOR };

/* yacc's parser is not reentrant, so neither is its state. */
static struct {
	struct cfg_lex		 lex;
	struct bfd_conf		*conf;
	enum block		 block;
	struct bfd_opts		*opts;		/* of the block being read */
	struct bfd_ifblock	*ifb;
	struct bfd_neighbor	*nbr;
	struct conf_pos		 nbr_pos;
	int			 nbr_bad;	/* its address was refused */
	struct bfd_key		*key;		/* NULL after a bad key */
	struct conf_pos		 key_pos;
	unsigned		 accept;
	const char		*strname;	/* a memory source's name */
	char			**pool;
	size_t			 npool, pool_cap;
	struct objpos		*objs;
	size_t			 nobjs, objs_cap, objs_hint;
	size_t			 profile_note;	/* this block's, or 0 */
	struct conf_file	*files;
	size_t			 nfiles, files_cap;
	const char		*lastfile;
	/* neighbors by session key, to find duplicates (open addressing) */
	struct bfd_neighbor	**nbrtab;
	size_t			 nbrtab_size, nbrtab_used;
	int			 nomem;
	int			 lexerr;	/* the last token was bad */
} ps;

static void	(*conf_msgfn)(int, const char *, void *);
static void	*conf_msgarg;

static int	 yylex(void);
static void	 yyerror(const char *);
int		 yyparse(void);

static void	 perr(const struct conf_pos *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	 pwarn(const struct conf_pos *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	 nomem(void);
static char	*pool_join(const char *, const char *);
static int	 get_number(const struct tok *, const char *,
		    const struct tok *, long long, long long, long long *);
static int	 get_bool(const struct tok *, const char *, const struct tok *,
		    int *);
static int	 get_time(const struct tok *, const char *, const struct tok *,
		    uint64_t *);
static void	 opt_flag(const struct tok *, const char *, const struct tok *,
		    int *);
static void	 opt_string(const struct tok *, const char *,
		    const struct tok *, char **, size_t);
static void	 opt_mode(const struct tok *, const struct tok *);
static void	 opt_facility(const struct tok *, const struct tok *);
static void	 opt_ports(const struct tok *, const struct tok *,
		    const struct tok *);
static void	 opt_accept(void);
static int	 begin_profile(const struct tok *, const struct tok *);
static int	 begin_ifblock(const struct tok *);
static void	 add_pattern(const struct tok *, int);
static void	 begin_multihop(const struct tok *);
static int	 begin_neighbor(const struct tok *, const struct tok *);
static void	 nbr_interface(const struct tok *, const struct tok *);
static void	 nbr_local(const struct tok *, const struct tok *);
static void	 nbr_multihop(const struct tok *, const struct tok *);
static void	 end_neighbor(void);
static void	 end_block(void);
static int	 only_in(const struct tok *, const char *, enum block);
static void	 opt_profile(const struct tok *, const struct tok *);
static void	 opt_time(const struct tok *, const char *, const struct tok *,
		    unsigned);
static void	 opt_bool(const struct tok *, const char *, const struct tok *,
		    unsigned, uint8_t *);
static void	 opt_mult(const struct tok *, const struct tok *);
static void	 opt_minttl(const struct tok *, const struct tok *);
static void	 opt_auth(const struct tok *, const struct tok *);
static void	 nbr_shutdown(const struct tok *, const struct tok *);
static void	 nbr_description(const struct tok *, const struct tok *);
static void	 add_key(const struct tok *, const struct tok *,
		    const struct tok *, int);
static void	 key_window(const struct tok *, const char *,
		    const struct tok *, int);
static void	 end_key(void);
%}

%union {
	struct tok	 tok;
}

%token <tok> ACCEPT ACCEPTFROM ACCEPTTO AUTHENTICATION AUTHTRANS
%token <tok> CLIENTHOLDTIME CONTROLGROUP CONTROLMODE CONTROLSOCKET
%token <tok> DESCRIPTION DIRECT DUMPFILE EXITADMINDOWN HEX IDLETX INTERFACE
%token <tok> INTERVAL IPV4 IPV6 KERNELTTL KEY LOCAL LOGFACILITY MAXSESSIONS
%token <tok> MINRX MINTTL MINTX MINUS MULTIHOP MULTIPLIER NEIGHBOR OPTIONS
%token <tok> P2PANY PASSIVE PROFILE SENDFROM SENDTO SHUTDOWN SOURCEPORTRANGE
%token <tok> STRICTBIND TRAFFICCLASS ZEROUDP6
%token <tok> STRING NUMBER ERROR
%type <tok> word timeval optbool

%%

grammar		: /* empty */
		| grammar stmt
		;

/* A lone ';' is allowed anywhere a statement is: "};" ends blocks. */
stmt		: ';'
		| OPTIONS '{' optitems '}'
		| profile
		| iface
		| mhblock
		| neighbor
		;

word		: STRING
		| NUMBER
		;

/* "300ms", "300 ms" in quotes, or 300 ms in two words. */
timeval		: word
		| NUMBER STRING {
			$$ = $1;
			if (($$.text = pool_join($1.text, $2.text)) == NULL)
				$$.text = $1.text;
		}
		;

/* A bare flag keyword means yes. */
optbool		: /* empty */ {
			memset(&$$, 0, sizeof($$));
		}
		| STRING
		;

optitems	: /* empty */
		| optitems optitem
		;

optitem		: ';'
		| option ';'
		;

option		: ACCEPT { ps.accept = 0; } acceptlist { opt_accept(); }
		| STRICTBIND optbool {
			opt_flag(&$1, "strict-bind", &$2,
			    &ps.conf->strict_bind);
		}
		| CONTROLSOCKET word {
			opt_string(&$1, "control-socket", &$2,
			    &ps.conf->control_socket,
			    sizeof(((struct sockaddr_un *)0)->sun_path));
		}
		| CONTROLMODE word { opt_mode(&$1, &$2); }
		| CONTROLGROUP word {
			opt_string(&$1, "control-group", &$2,
			    &ps.conf->control_group, 0);
		}
		| DUMPFILE word {
			opt_string(&$1, "dump-file", &$2, &ps.conf->dump_file,
			    0);
		}
		| LOGFACILITY word { opt_facility(&$1, &$2); }
		| SOURCEPORTRANGE word word { opt_ports(&$1, &$2, &$3); }
		| TRAFFICCLASS word {
			long long	 n;

			if (get_number(&$1, "traffic-class", &$2, 0, 255,
			    &n) == 0)
				ps.conf->tclass = (int)n;
		}
		| ZEROUDP6 optbool {
			opt_flag(&$1, "zero-udp6-checksum-rx", &$2,
			    &ps.conf->zero_udp6_checksum_rx);
		}
		| CLIENTHOLDTIME timeval {
			uint64_t	 us;

			if (get_time(&$1, "client-hold-time", &$2, &us) == 0)
				ps.conf->client_hold_time = us;
		}
		| MAXSESSIONS word {
			long long	 n;

			if (get_number(&$1, "max-sessions", &$2, 1,
			    4294967295LL, &n) == 0)
				ps.conf->max_sessions = (unsigned)n;
		}
		| KERNELTTL optbool {
			opt_flag(&$1, "kernel-ttl-check", &$2,
			    &ps.conf->kernel_ttl_check);
		}
		| EXITADMINDOWN optbool {
			opt_flag(&$1, "exit-admin-down", &$2,
			    &ps.conf->exit_admin_down);
		}
		;

acceptlist	: acceptkw
		| acceptlist acceptkw
		;

acceptkw	: IPV4		{ ps.accept |= BFD_ACCEPT_IPV4; }
		| IPV6		{ ps.accept |= BFD_ACCEPT_IPV6; }
		| DIRECT	{ ps.accept |= BFD_ACCEPT_DIRECT; }
		| MULTIHOP	{ ps.accept |= BFD_ACCEPT_MULTIHOP; }
		;

profile		: PROFILE word {
			if (begin_profile(&$1, &$2) == -1)
				YYABORT;
		} '{' items '}' { end_block(); }
		;

iface		: INTERFACE {
			if (begin_ifblock(&$1) == -1)
				YYABORT;
		} patterns body { end_block(); }
		;

patterns	: pattern
		| patterns ',' pattern
		;

/* -"eth1", - "eth1" and "-eth1" all negate. */
pattern		: word		{ add_pattern(&$1, 0); }
		| MINUS word	{ add_pattern(&$2, 1); }
		;

mhblock		: MULTIHOP { begin_multihop(&$1); } body { end_block(); }
		;

neighbor	: NEIGHBOR word {
			if (begin_neighbor(&$1, &$2) == -1)
				YYABORT;
		} nbrattrs body {
			end_neighbor();
			end_block();
		}
		;

nbrattrs	: /* empty */
		| nbrattrs nbrattr
		;

nbrattr		: INTERFACE word	{ nbr_interface(&$1, &$2); }
		| LOCAL word		{ nbr_local(&$1, &$2); }
		| MULTIHOP optbool	{ nbr_multihop(&$1, &$2); }
		;

body		: ';'
		| '{' items '}'
		;

items		: /* empty */
		| items item
		;

item		: ';'
		| sessopt ';'
		| key ';'			{ end_key(); }
		| key '{' keyopts '}'		{ end_key(); }
		;

sessopt		: PROFILE word		{ opt_profile(&$1, &$2); }
		| INTERVAL timeval {
			opt_time(&$1, "interval", &$2,
			    BFD_OPT_MINRX | BFD_OPT_MINTX);
		}
		| MINRX timeval {
			opt_time(&$1, "min-rx-interval", &$2, BFD_OPT_MINRX);
		}
		| MINTX timeval {
			opt_time(&$1, "min-tx-interval", &$2, BFD_OPT_MINTX);
		}
		| IDLETX timeval {
			opt_time(&$1, "idle-tx-interval", &$2, BFD_OPT_IDLETX);
		}
		| MULTIPLIER word	{ opt_mult(&$1, &$2); }
		| PASSIVE optbool {
			opt_bool(&$1, "passive", &$2, BFD_OPT_PASSIVE,
			    &ps.opts->passive);
		}
		| AUTHENTICATION word	{ opt_auth(&$1, &$2); }
		| AUTHTRANS optbool {
			opt_bool(&$1, "authentication-transition", &$2,
			    BFD_OPT_AUTHTRANS, &ps.opts->auth_transition);
		}
		| MINTTL word		{ opt_minttl(&$1, &$2); }
		| P2PANY optbool {
			if (only_in(&$1, "p2p-any-source", BLK_IFACE))
				opt_bool(&$1, "p2p-any-source", &$2,
				    BFD_OPT_P2PANY, &ps.opts->p2p_any_source);
		}
		| SHUTDOWN optbool	{ nbr_shutdown(&$1, &$2); }
		| DESCRIPTION word	{ nbr_description(&$1, &$2); }
		;

key		: KEY word word		{ add_key(&$1, &$2, &$3, 0); }
		| KEY word HEX word	{ add_key(&$1, &$2, &$4, 1); }
		;

keyopts		: /* empty */
		| keyopts keyopt
		;

keyopt		: ';'
		| SENDFROM word ';' {
			key_window(&$1, "send-from", &$2, 0);
		}
		| SENDTO word ';' {
			key_window(&$1, "send-to", &$2, 1);
		}
		| ACCEPTFROM word ';' {
			key_window(&$1, "accept-from", &$2, 2);
		}
		| ACCEPTTO word ';' {
			key_window(&$1, "accept-to", &$2, 3);
		}
		;

%%

/* Sorted by name: cfg_keyword searches it by halves. */
static const struct cfg_keyword keywords[] = {
	{ "-",				MINUS },
	{ "accept",			ACCEPT },
	{ "accept-from",		ACCEPTFROM },
	{ "accept-to",			ACCEPTTO },
	{ "authentication",		AUTHENTICATION },
	{ "authentication-transition",	AUTHTRANS },
	{ "client-hold-time",		CLIENTHOLDTIME },
	{ "control-group",		CONTROLGROUP },
	{ "control-mode",		CONTROLMODE },
	{ "control-socket",		CONTROLSOCKET },
	{ "description",		DESCRIPTION },
	{ "direct",			DIRECT },
	{ "dump-file",			DUMPFILE },
	{ "exit-admin-down",		EXITADMINDOWN },
	{ "hex",			HEX },
	{ "idle-tx-interval",		IDLETX },
	{ "interface",			INTERFACE },
	{ "interval",			INTERVAL },
	{ "ipv4",			IPV4 },
	{ "ipv6",			IPV6 },
	{ "kernel-ttl-check",		KERNELTTL },
	{ "key",			KEY },
	{ "local",			LOCAL },
	{ "log-facility",		LOGFACILITY },
	{ "max-sessions",		MAXSESSIONS },
	{ "min-rx-interval",		MINRX },
	{ "min-ttl",			MINTTL },
	{ "min-tx-interval",		MINTX },
	{ "multihop",			MULTIHOP },
	{ "multiplier",			MULTIPLIER },
	{ "neighbor",			NEIGHBOR },
	{ "options",			OPTIONS },
	{ "p2p-any-source",		P2PANY },
	{ "passive",			PASSIVE },
	{ "profile",			PROFILE },
	{ "send-from",			SENDFROM },
	{ "send-to",			SENDTO },
	{ "shutdown",			SHUTDOWN },
	{ "source-port-range",		SOURCEPORTRANGE },
	{ "strict-bind",		STRICTBIND },
	{ "traffic-class",		TRAFFICCLASS },
	{ "zero-udp6-checksum-rx",	ZEROUDP6 },
};
#define NKEYWORDS	(sizeof(keywords) / sizeof(keywords[0]))

/* ---------------------------------------------------------- messages */

/* Config text may hold anything: keep control bytes off the terminal. */
static void
sanitize(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

static void
deliver(int is_error, const char *msg)
{
	if (conf_msgfn != NULL)
		conf_msgfn(is_error, msg, conf_msgarg);
	else
		fprintf(stderr, "%s\n", msg);
}

/* cfg's sink: every error, the lexer's and ours, passes here. */
static void
conf_errfn(const char *msg, void *arg)
{
	deliver(1, msg);
}

void
bfd_conf_msgfn(void (*fn)(int, const char *, void *), void *arg)
{
	conf_msgfn = fn;
	conf_msgarg = arg;
}

static void
perr(const struct conf_pos *pos, const char *fmt, ...)
{
	char	 msg[1024];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cfg_error_at(&ps.lex, pos->file, pos->line, "%s", msg);
}

static void
pwarn(const struct conf_pos *pos, const char *fmt, ...)
{
	char	 msg[1024];
	int	 n;
	va_list	 ap;

	if (pos->line > 0)
		n = snprintf(msg, sizeof(msg), "%s:%d: warning: ", pos->file,
		    pos->line);
	else
		n = snprintf(msg, sizeof(msg), "%s: warning: ", pos->file);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	sanitize(msg);
	deliver(0, msg);
}

/* Said once: the lexer then returns ERROR and the parse stops. */
static void
nomem(void)
{
	if (!ps.nomem)
		cfg_error(&ps.lex, "out of memory");
	ps.nomem = 1;
}

static void
yyerror(const char *msg)
{
	/* a lexer error or lack of memory was reported already */
	if (ps.lexerr || ps.nomem)
		return;
	if (ps.lex.last == NULL)
		cfg_error(&ps.lex, "%s at end of input", msg);
	else
		cfg_error(&ps.lex, "%s at '" SHOWN "'", msg, ps.lex.last);
}

/* ------------------------------------------------- lexer and its pool */

static int
grow(void *arrayp, size_t *cap, size_t n, size_t size)
{
	void	*p;
	size_t	 ncap;

	if (n < *cap)
		return 0;
	ncap = *cap == 0 ? 16 : *cap * 2;
	if ((p = reallocarray(*(void **)arrayp, ncap, size)) == NULL)
		return -1;
	*(void **)arrayp = p;
	*cap = ncap;
	return 0;
}

static int
pool_add(char *s)
{
	if (grow(&ps.pool, &ps.pool_cap, ps.npool, sizeof(*ps.pool)) == -1)
		return -1;
	ps.pool[ps.npool++] = s;
	return 0;
}

/* Token texts may be keys: wipe them. */
static void
pool_free(void)
{
	size_t	 i;

	for (i = 0; i < ps.npool; i++) {
		explicit_bzero(ps.pool[i], strlen(ps.pool[i]));
		free(ps.pool[i]);
	}
	free(ps.pool);
	ps.pool = NULL;
	ps.npool = ps.pool_cap = 0;
}

static char *
pool_join(const char *a, const char *b)
{
	char	*s;

	if (asprintf(&s, "%s %s", a, b) == -1) {
		nomem();
		return NULL;
	}
	if (pool_add(s) == -1) {
		free(s);
		nomem();
		return NULL;
	}
	return s;
}

/* Remember each file a token came from, for the mode check. */
static struct conf_file *
note_file(const char *name)
{
	size_t	 i;

	for (i = 0; i < ps.nfiles; i++)
		if (strcmp(ps.files[i].name, name) == 0)
			return &ps.files[i];
	if (grow(&ps.files, &ps.files_cap, ps.nfiles,
	    sizeof(*ps.files)) == -1) {
		nomem();
		return NULL;
	}
	ps.files[ps.nfiles].name = name;
	ps.files[ps.nfiles].keys = 0;
	return &ps.files[ps.nfiles++];
}

static int
pos_note(const void *obj, const struct conf_pos *pos)
{
	if (grow(&ps.objs, &ps.objs_cap, ps.nobjs, sizeof(*ps.objs)) == -1) {
		nomem();
		return -1;
	}
	ps.objs[ps.nobjs].obj = obj;
	ps.objs[ps.nobjs].pos = *pos;
	ps.objs[ps.nobjs].reported = 0;
	ps.nobjs++;
	return 0;
}

/*
 * The note about obj.  The checks visit objects in about the order they
 * were noted, so the search starts after the last one found: a config
 * of thousands of neighbors is checked in linear time.
 */
static struct objpos *
pos_find(const void *obj)
{
	size_t	 i, n;

	for (n = 0; n < ps.nobjs; n++) {
		i = (ps.objs_hint + n) % ps.nobjs;
		if (ps.objs[i].obj == obj) {
			ps.objs_hint = i + 1;
			return &ps.objs[i];
		}
	}
	return NULL;
}

/* A word of digits, or 0x and hex digits. */
static int
is_number(const char *s)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2] != '\0')
		return strspn(s + 2, "0123456789abcdefABCDEF") ==
		    strlen(s + 2);
	return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

/*
 * cfg's lexer, with the text of numbers kept (control-mode is octal;
 * "300 ms" joins two words) and a quoted word never a keyword.
 */
static int
yylex(void)
{
	struct cfg_token	 t;
	int			 type, k;

	ps.lexerr = 0;
	if (ps.nomem)
		return ERROR;
	type = cfg_next(&ps.lex, &t);
	if (type == CFG_EOF)
		return 0;
	if (type == CFG_ERROR) {
		ps.lexerr = 1;
		return ERROR;
	}
	yylval.tok.text = NULL;
	yylval.tok.pos.file = ps.lex.tok_file;
	yylval.tok.pos.line = ps.lex.tok_line;
	if (ps.lex.tok_file != ps.lastfile) {
		ps.lastfile = ps.lex.tok_file;
		if (note_file(ps.lastfile) == NULL) {
			free(t.text);
			return ERROR;
		}
	}
	if (type == CFG_PUNCT) {
		free(t.text);
		return t.ch;
	}
	if (type == CFG_WORD &&
	    (k = cfg_keyword(keywords, NKEYWORDS, t.text)) != -1) {
		free(t.text);
		return k;
	}
	if (pool_add(t.text) == -1) {
		free(t.text);
		nomem();
		return ERROR;
	}
	yylval.tok.text = t.text;
	if (type == CFG_WORD && is_number(t.text))
		return NUMBER;
	return STRING;
}

/* ---------------------------------------------------------- values */

static int
get_number(const struct tok *kw, const char *what, const struct tok *v,
    long long min, long long max, long long *out)
{
	const char	*e;

	if (cfg_number(v->text, min, max, out, &e) == -1) {
		perr(&kw->pos, "%s: %s", what, e);
		return -1;
	}
	return 0;
}

static int
get_bool(const struct tok *kw, const char *what, const struct tok *v,
    int *out)
{
	const char	*e;

	if (v->text == NULL) {
		*out = 1;
		return 0;
	}
	if (cfg_bool(v->text, out, &e) == -1) {
		perr(&kw->pos, "%s: %s", what, e);
		return -1;
	}
	return 0;
}

static int
get_time(const struct tok *kw, const char *what, const struct tok *v,
    uint64_t *us)
{
	const char	*e;

	/* no unit means milliseconds, as in the other BFD daemons */
	if (cfg_time(v->text, "ms", TIME_MIN, TIME_MAX, us, &e) == -1) {
		perr(&kw->pos, "%s: %s", what, e);
		return -1;
	}
	return 0;
}

/*
 * Names and paths: not empty and free of control bytes, which would
 * only confuse logs and terminals later.
 */
static int
get_string(const struct tok *kw, const char *what, const struct tok *v,
    int empty_ok)
{
	const unsigned char	*p;

	if (v->text[0] == '\0' && !empty_ok) {
		perr(&kw->pos, "%s: empty string", what);
		return -1;
	}
	for (p = (const unsigned char *)v->text; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			perr(&kw->pos, "%s: control character in \"" SHOWN
			    "\"", what, v->text);
			return -1;
		}
	}
	return 0;
}

static void
opt_flag(const struct tok *kw, const char *what, const struct tok *v,
    int *dst)
{
	int	 b;

	if (get_bool(kw, what, v, &b) == 0)
		*dst = b;
}

static void
opt_string(const struct tok *kw, const char *what, const struct tok *v,
    char **dst, size_t max)
{
	char	*s;

	if (get_string(kw, what, v, 0) == -1)
		return;
	if (max != 0 && strlen(v->text) >= max) {
		perr(&kw->pos, "%s: \"" SHOWN "\" too long (max %zu bytes)",
		    what, v->text, max - 1);
		return;
	}
	if ((s = strdup(v->text)) == NULL) {
		nomem();
		return;
	}
	free(*dst);
	*dst = s;
}

/* A file mode is octal whether or not it starts with 0. */
static void
opt_mode(const struct tok *kw, const struct tok *v)
{
	unsigned long	 m;
	size_t		 len = strlen(v->text);

	if (len == 0 || strspn(v->text, "01234567") != len) {
		perr(&kw->pos, "control-mode: '" SHOWN "' is not an octal "
		    "number", v->text);
		return;
	}
	errno = 0;
	m = strtoul(v->text, NULL, 8);
	if (errno != 0 || m > 0777) {
		perr(&kw->pos, "control-mode: " SHOWN " out of range 0-0777",
		    v->text);
		return;
	}
	ps.conf->control_mode = (mode_t)m;
}

static void
opt_facility(const struct tok *kw, const struct tok *v)
{
	int	 f;

	if ((f = log_facility_byname(v->text)) == -1) {
		perr(&kw->pos, "log-facility: unknown facility '" SHOWN
		    "' (daemon, local0 ... local7, auth, authpriv, user)",
		    v->text);
		return;
	}
	ps.conf->log_facility = f;
}

static void
opt_ports(const struct tok *kw, const struct tok *lo, const struct tok *hi)
{
	long long	 l, h;

	if (get_number(kw, "source-port-range", lo, BFD_SRCPORT_MIN,
	    BFD_SRCPORT_MAX, &l) == -1 ||
	    get_number(kw, "source-port-range", hi, BFD_SRCPORT_MIN,
	    BFD_SRCPORT_MAX, &h) == -1)
		return;
	if (l > h) {
		perr(&kw->pos, "source-port-range: %lld is above %lld", l, h);
		return;
	}
	ps.conf->port_lo = (uint16_t)l;
	ps.conf->port_hi = (uint16_t)h;
}

/* Each keyword narrows: no family named means both, likewise hops. */
static void
opt_accept(void)
{
	unsigned	 fam, hop;

	fam = ps.accept & (BFD_ACCEPT_IPV4 | BFD_ACCEPT_IPV6);
	hop = ps.accept & (BFD_ACCEPT_DIRECT | BFD_ACCEPT_MULTIHOP);
	if (fam == 0)
		fam = BFD_ACCEPT_IPV4 | BFD_ACCEPT_IPV6;
	if (hop == 0)
		hop = BFD_ACCEPT_DIRECT | BFD_ACCEPT_MULTIHOP;
	ps.conf->accept = fam | hop;
}

/*
 * An address, IPv6 or IPv4 (kept v4-mapped), with "%zone" when zone is
 * not NULL.  The zone is kept as a name: the interface need not exist
 * yet (bfdd waits for it), nor on the machine that runs bfdd -n.
 */
static int
get_addr(const struct tok *kw, const char *what, const struct tok *v,
    int *family, struct in6_addr *a, char *zone)
{
	char		 buf[INET6_ADDRSTRLEN];
	const char	*pct, *e;
	struct in_addr	 in;
	size_t		 n;

	pct = strchr(v->text, '%');
	n = pct != NULL ? (size_t)(pct - v->text) : strlen(v->text);
	if (n >= sizeof(buf))
		goto bad;
	memcpy(buf, v->text, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, a) == 1) {
		if (IN6_IS_ADDR_V4MAPPED(a)) {
			perr(&kw->pos, "%s: write " SHOWN " as an IPv4 "
			    "address", what, buf);
			return -1;
		}
		if (IN6_IS_ADDR_UNSPECIFIED(a) || IN6_IS_ADDR_MULTICAST(a))
			goto notunicast;
		*family = AF_INET6;
	} else if (inet_pton(AF_INET, buf, &in) == 1) {
		if (in.s_addr == INADDR_ANY || in.s_addr == INADDR_BROADCAST ||
		    IN_MULTICAST(ntohl(in.s_addr)))
			goto notunicast;
		memset(a, 0, sizeof(*a));
		a->s6_addr[10] = a->s6_addr[11] = 0xff;
		memcpy(&a->s6_addr[12], &in, sizeof(in));
		*family = AF_INET;
	} else
		goto bad;
	if (pct == NULL)
		return 0;
	if (zone == NULL) {
		perr(&kw->pos, "%s: " SHOWN ": no %%zone here (the "
		    "neighbor's interface applies)", what, v->text);
		return -1;
	}
	if (cfg_ifname(pct + 1, &e) == -1) {
		perr(&kw->pos, "%s: %s", what, e);
		return -1;
	}
	memcpy(zone, pct + 1, strlen(pct + 1) + 1);
	return 0;
 bad:
	perr(&kw->pos, "%s: invalid address '" SHOWN "'", what, v->text);
	return -1;
 notunicast:
	perr(&kw->pos, "%s: " SHOWN " is not a unicast address", what, buf);
	return -1;
}

/*
 * "YYYY-MM-DD HH:MM:SS" in local time.  Of the two instants an hour
 * that repeats when summer time ends can name, the earlier is taken, so
 * what bfdd -n prints reads back the same; an hour that summer time
 * skips is an error.
 */
static int
get_date(const struct tok *kw, const char *what, const struct tok *v,
    time_t *out)
{
	static const char	 form[] = "dddd-dd-dd dd:dd:dd";
	static const int	 mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31,
				     30, 31, 30, 31 };
	const char		*s = v->text;
	struct tm		 tm, try, chk;
	time_t			 t, best = -1;
	int			 y, mo, d, h, mi, sec, i, dst, ndays;

	if (strlen(s) != sizeof(form) - 1)
		goto bad;
	for (i = 0; form[i] != '\0'; i++)
		if (form[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
		    s[i] != form[i])
			goto bad;
#define DIGITS2(p)	(((p)[0] - '0') * 10 + (p)[1] - '0')
	y = DIGITS2(s) * 100 + DIGITS2(s + 2);
	mo = DIGITS2(s + 5);
	d = DIGITS2(s + 8);
	h = DIGITS2(s + 11);
	mi = DIGITS2(s + 14);
	sec = DIGITS2(s + 17);
#undef DIGITS2
	if (mo < 1 || mo > 12)
		goto bad;
	ndays = mdays[mo - 1];
	if (mo == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		ndays++;
	if (y < 1970 || d < 1 || d > ndays || h > 23 || mi > 59 || sec > 59)
		goto bad;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	for (dst = 0; dst <= 1; dst++) {
		try = tm;
		try.tm_isdst = dst;
		if ((t = mktime(&try)) == -1 || localtime_r(&t, &chk) == NULL)
			continue;
		if (chk.tm_year != tm.tm_year || chk.tm_mon != tm.tm_mon ||
		    chk.tm_mday != tm.tm_mday || chk.tm_hour != tm.tm_hour ||
		    chk.tm_min != tm.tm_min || chk.tm_sec != tm.tm_sec ||
		    chk.tm_isdst != dst)
			continue;
		if (best == -1 || t < best)
			best = t;
	}
	if (best == -1) {
		perr(&kw->pos, "%s: %s does not exist in local time", what,
		    s);
		return -1;
	}
	/* 0 means "no bound" in the model */
	if (best <= 0) {
		perr(&kw->pos, "%s: %s is not after 1970-01-01 00:00:00 UTC",
		    what, s);
		return -1;
	}
	*out = best;
	return 0;
 bad:
	perr(&kw->pos, "%s: invalid time '" SHOWN "' (\"YYYY-MM-DD "
	    "HH:MM:SS\", local time)", what, s);
	return -1;
}

/* ---------------------------------------------------------- blocks */

static int
begin_profile(const struct tok *kw, const struct tok *name)
{
	const struct bfd_profile	*old;
	struct bfd_profile		*pr;

	/* parse on even after a bad name: more errors get reported */
	if (get_string(kw, "profile", name, 0) == 0 &&
	    (old = bfd_conf_profile(ps.conf, name->text)) != NULL)
		perr(&kw->pos, "profile \"" SHOWN "\" defined twice (first "
		    "at line %d)", name->text, old->line);
	if ((pr = calloc(1, sizeof(*pr))) == NULL) {
		nomem();
		return -1;
	}
	bfd_opts_init(&pr->opts);
	pr->line = kw->pos.line;
	TAILQ_INSERT_TAIL(&ps.conf->profiles, pr, entry);
	if ((pr->name = strdup(name->text)) == NULL) {
		nomem();
		return -1;
	}
	ps.block = BLK_PROFILE;
	ps.opts = &pr->opts;
	return 0;
}

static int
begin_ifblock(const struct tok *kw)
{
	struct bfd_ifblock	*ib;

	if ((ib = calloc(1, sizeof(*ib))) == NULL) {
		nomem();
		return -1;
	}
	bfd_opts_init(&ib->opts);
	ib->line = kw->pos.line;
	TAILQ_INSERT_TAIL(&ps.conf->ifblocks, ib, entry);
	if (pos_note(ib, &kw->pos) == -1)
		return -1;
	ps.block = BLK_IFACE;
	ps.opts = &ib->opts;
	ps.ifb = ib;
	return 0;
}

/* The block being read is the last one; its patterns grow one by one. */
static void
add_pattern(const struct tok *t, int negate)
{
	struct bfd_ifblock	*ib = ps.ifb;
	const char		*body = t->text;
	char			**p, *s;
	size_t			 len, nbs;

	if (body[0] == '-') {
		if (negate) {
			perr(&t->pos, "interface: pattern \"" SHOWN "\" "
			    "negated twice", body);
			return;
		}
		negate = 1;
		body++;
	}
	len = strlen(body);
	if (len == 0) {
		perr(&t->pos, "interface: empty pattern");
		return;
	}
	if (get_string(t, "interface", t, 0) == -1)
		return;
	/* a lone '\' at the end would quote nothing */
	for (nbs = 0; nbs < len && body[len - 1 - nbs] == '\\'; nbs++)
		;
	if (nbs % 2 == 1) {
		perr(&t->pos, "interface: pattern \"" SHOWN "\" ends in a "
		    "backslash", t->text);
		return;
	}
	if (asprintf(&s, "%s%s", negate ? "-" : "", body) == -1) {
		nomem();
		return;
	}
	if ((p = reallocarray(ib->patterns, (size_t)ib->npatterns + 1,
	    sizeof(*p))) == NULL) {
		free(s);
		nomem();
		return;
	}
	ib->patterns = p;
	ib->patterns[ib->npatterns++] = s;
}

static void
begin_multihop(const struct tok *kw)
{
	if (ps.conf->have_multihop)
		perr(&kw->pos, "multihop block given twice (first at line %d)",
		    ps.conf->multihop_line);
	else {
		ps.conf->have_multihop = 1;
		ps.conf->multihop_line = kw->pos.line;
		pos_note(&ps.conf->multihop, &kw->pos);
	}
	ps.block = BLK_MULTIHOP;
	ps.opts = &ps.conf->multihop;
}

static int
begin_neighbor(const struct tok *kw, const struct tok *addr)
{
	struct bfd_neighbor	*nb;
	int			 family = 0;

	if ((nb = calloc(1, sizeof(*nb))) == NULL) {
		nomem();
		return -1;
	}
	bfd_opts_init(&nb->opts);
	nb->line = kw->pos.line;
	TAILQ_INSERT_TAIL(&ps.conf->neighbors, nb, entry);
	if (pos_note(nb, &kw->pos) == -1)
		return -1;
	ps.nbr = nb;
	ps.nbr_pos = kw->pos;
	ps.nbr_bad = get_addr(kw, "neighbor", addr, &family, &nb->addr,
	    nb->ifname) == -1;
	nb->family = family;
	ps.block = BLK_NEIGHBOR;
	ps.opts = &nb->opts;
	return 0;
}

static void
nbr_interface(const struct tok *kw, const struct tok *v)
{
	const char	*e;

	if (ps.nbr->ifname[0] != '\0') {
		perr(&kw->pos, "neighbor: interface given twice");
		return;
	}
	if (cfg_ifname(v->text, &e) == -1) {
		perr(&kw->pos, "neighbor: %s", e);
		return;
	}
	memcpy(ps.nbr->ifname, v->text, strlen(v->text) + 1);
}

static void
nbr_local(const struct tok *kw, const struct tok *v)
{
	struct bfd_neighbor	*nb = ps.nbr;
	struct in6_addr		 a;
	int			 family;

	if (nb->has_local) {
		perr(&kw->pos, "neighbor: local given twice");
		return;
	}
	if (get_addr(kw, "local", v, &family, &a, NULL) == -1)
		return;
	if (!ps.nbr_bad && family != nb->family) {
		perr(&kw->pos, "local: " SHOWN " is %s but the neighbor is "
		    "%s", v->text, family == AF_INET ? "IPv4" : "IPv6",
		    nb->family == AF_INET ? "IPv4" : "IPv6");
		return;
	}
	nb->local = a;
	nb->has_local = 1;
}

static void
nbr_multihop(const struct tok *kw, const struct tok *v)
{
	int	 b;

	if (get_bool(kw, "multihop", v, &b) == 0)
		ps.nbr->multihop = b;
}

static int
same_neighbor(const struct bfd_neighbor *a, const struct bfd_neighbor *b)
{
	if (a->family != b->family || a->multihop != b->multihop ||
	    !IN6_ARE_ADDR_EQUAL(&a->addr, &b->addr))
		return 0;
	/* the session keys of spec 3.9 item 43 and 3.10 item 50 */
	if (a->multihop)
		return a->has_local == b->has_local &&
		    IN6_ARE_ADDR_EQUAL(&a->local, &b->local);
	return strcmp(a->ifname, b->ifname) == 0;
}

/* FNV-1a over the fields of the session key. */
static uint32_t
nbr_hash(const struct bfd_neighbor *nb)
{
	const uint8_t	*parts[2];
	size_t		 lens[2], i, j;
	uint32_t	 h = 2166136261U;

	parts[0] = nb->addr.s6_addr;
	lens[0] = sizeof(nb->addr);
	if (nb->multihop) {
		parts[1] = nb->local.s6_addr;
		lens[1] = sizeof(nb->local);
	} else {
		parts[1] = (const uint8_t *)nb->ifname;
		lens[1] = strlen(nb->ifname);
	}
	for (i = 0; i < 2; i++)
		for (j = 0; j < lens[i]; j++)
			h = (h ^ parts[i][j]) * 16777619U;
	return (h ^ (uint32_t)nb->family ^ (uint32_t)nb->multihop << 8) *
	    16777619U;
}

/* The neighbor with nb's session key already in the table, or NULL. */
static struct bfd_neighbor *
nbr_lookup(const struct bfd_neighbor *nb)
{
	size_t	 i;

	if (ps.nbrtab_size == 0)
		return NULL;
	for (i = nbr_hash(nb) & (ps.nbrtab_size - 1); ps.nbrtab[i] != NULL;
	    i = (i + 1) & (ps.nbrtab_size - 1))
		if (same_neighbor(ps.nbrtab[i], nb))
			return ps.nbrtab[i];
	return NULL;
}

static void
nbr_insert(struct bfd_neighbor *nb)
{
	struct bfd_neighbor	**old = ps.nbrtab, **tab;
	size_t			 oldsize = ps.nbrtab_size, size, i, j;

	if (2 * (ps.nbrtab_used + 1) > oldsize) {
		size = oldsize == 0 ? 64 : oldsize * 2;
		if ((tab = calloc(size, sizeof(*tab))) == NULL) {
			nomem();
			return;
		}
		ps.nbrtab = tab;
		ps.nbrtab_size = size;
		for (i = 0; i < oldsize; i++) {
			if (old[i] == NULL)
				continue;
			for (j = nbr_hash(old[i]) & (size - 1); tab[j] != NULL;
			    j = (j + 1) & (size - 1))
				;
			tab[j] = old[i];
		}
		free(old);
	}
	for (i = nbr_hash(nb) & (ps.nbrtab_size - 1); ps.nbrtab[i] != NULL;
	    i = (i + 1) & (ps.nbrtab_size - 1))
		;
	ps.nbrtab[i] = nb;
	ps.nbrtab_used++;
}

static void
end_neighbor(void)
{
	struct bfd_neighbor	*nb = ps.nbr, *o;
	const struct conf_pos	*pos = &ps.nbr_pos;
	char			 buf[INET6_ADDRSTRLEN];
	int			 ll;

	if (ps.nbr_bad)
		return;
	ll = nb->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&nb->addr);
	if (nb->multihop && nb->ifname[0] != '\0')
		perr(pos, "neighbor cannot have both an interface and "
		    "multihop");
	else if (nb->multihop && ll)
		perr(pos, "a link-local neighbor cannot be multihop");
	else if (nb->multihop && !nb->has_local)
		perr(pos, "multihop neighbor needs a local address");
	else if (ll && nb->ifname[0] == '\0')
		perr(pos, "link-local neighbor needs an interface (%%zone or "
		    "interface)");
	if ((o = nbr_lookup(nb)) == NULL) {
		nbr_insert(nb);
		return;
	}
	if (nb->family == AF_INET)
		inet_ntop(AF_INET, &nb->addr.s6_addr[12], buf, sizeof(buf));
	else
		inet_ntop(AF_INET6, &nb->addr, buf, sizeof(buf));
	perr(pos, "duplicate neighbor %s%s%s (first at line %d)", buf,
	    nb->ifname[0] ? "%" : "", nb->ifname, o->line);
}

static void
end_block(void)
{
	ps.block = BLK_NONE;
	ps.opts = NULL;
	ps.ifb = NULL;
	ps.nbr = NULL;
	ps.profile_note = 0;
}

static int
only_in(const struct tok *kw, const char *what, enum block b)
{
	static const char *const where[] = {
		[BLK_NONE] = "",
		[BLK_PROFILE] = "profiles",
		[BLK_IFACE] = "interface blocks",
		[BLK_MULTIHOP] = "the multihop block",
		[BLK_NEIGHBOR] = "neighbor blocks",
	};

	if (ps.block == b)
		return 1;
	perr(&kw->pos, "%s is only allowed in %s", what, where[b]);
	return 0;
}

/* ---------------------------------------------------------- options */

static void
opt_profile(const struct tok *kw, const struct tok *v)
{
	char	*s;

	/* one level keeps the precedence of spec 2.5 simple to state */
	if (ps.block == BLK_PROFILE) {
		perr(&kw->pos, "a profile cannot name another profile");
		return;
	}
	if (get_string(kw, "profile", v, 0) == -1)
		return;
	if ((s = strdup(v->text)) == NULL) {
		nomem();
		return;
	}
	free(ps.opts->profile);
	ps.opts->profile = s;
	/* named again in the same block: the last one counts */
	if (ps.profile_note != 0) {
		ps.objs[ps.profile_note - 1].pos = kw->pos;
		return;
	}
	if (pos_note(&ps.opts->profile, &kw->pos) == 0)
		ps.profile_note = ps.nobjs;
}

static void
opt_time(const struct tok *kw, const char *what, const struct tok *v,
    unsigned bits)
{
	uint64_t	 us;

	if (get_time(kw, what, v, &us) == -1)
		return;
	if ((bits & BFD_OPT_IDLETX) && us < IDLETX_MIN) {
		perr(&kw->pos, "%s: " SHOWN " is below 1s (RFC 5880 6.8.3)",
		    what, v->text);
		return;
	}
	if (bits & BFD_OPT_MINRX)
		ps.opts->min_rx = (uint32_t)us;
	if (bits & BFD_OPT_MINTX)
		ps.opts->min_tx = (uint32_t)us;
	if (bits & BFD_OPT_IDLETX)
		ps.opts->idle_tx = (uint32_t)us;
	ps.opts->set |= bits;
}

static void
opt_bool(const struct tok *kw, const char *what, const struct tok *v,
    unsigned bit, uint8_t *dst)
{
	int	 b;

	if (get_bool(kw, what, v, &b) == -1)
		return;
	*dst = (uint8_t)b;
	ps.opts->set |= bit;
}

static void
opt_mult(const struct tok *kw, const struct tok *v)
{
	long long	 n;

	if (get_number(kw, "multiplier", v, 1, 255, &n) == -1)
		return;
	ps.opts->mult = (uint8_t)n;
	ps.opts->set |= BFD_OPT_MULT;
}

static void
opt_minttl(const struct tok *kw, const struct tok *v)
{
	long long	 n;

	if (!only_in(kw, "min-ttl", BLK_MULTIHOP) ||
	    get_number(kw, "min-ttl", v, 1, 255, &n) == -1)
		return;
	ps.opts->min_ttl = (uint8_t)n;
	ps.opts->set |= BFD_OPT_MINTTL;
}

static void
opt_auth(const struct tok *kw, const struct tok *v)
{
	int	 type;

	if ((type = bfd_auth_bykeyword(v->text)) == -1) {
		perr(&kw->pos, "authentication: unknown type '" SHOWN "' "
		    "(none, simple, keyed-md5, meticulous-keyed-md5, "
		    "keyed-sha1, meticulous-keyed-sha1)", v->text);
		return;
	}
	ps.opts->auth.type = type;
	ps.opts->set |= BFD_OPT_AUTH;
}

static void
nbr_shutdown(const struct tok *kw, const struct tok *v)
{
	int	 b;

	if (only_in(kw, "shutdown", BLK_NEIGHBOR) &&
	    get_bool(kw, "shutdown", v, &b) == 0)
		ps.nbr->shutdown = b;
}

static void
nbr_description(const struct tok *kw, const struct tok *v)
{
	char	*s;

	if (!only_in(kw, "description", BLK_NEIGHBOR) ||
	    get_string(kw, "description", v, 1) == -1)
		return;
	if ((s = strdup(v->text)) == NULL) {
		nomem();
		return;
	}
	free(ps.nbr->description);
	ps.nbr->description = s;
}

/* ---------------------------------------------------------- keys */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
add_key(const struct tok *kw, const struct tok *idt, const struct tok *v,
    int hex)
{
	struct bfd_key		*k;
	struct conf_file	*f;
	uint8_t			 data[KEY_MAXLEN];
	size_t			 len, i;
	long long		 id;

	ps.key = NULL;
	if (get_number(kw, "key", idt, 0, 255, &id) == -1)
		return;
	len = strlen(v->text);
	if (hex) {
		for (i = 0; i < len; i++)
			if (hexval((unsigned char)v->text[i]) == -1)
				break;
		if (i < len || len % 2 != 0) {
			perr(&kw->pos, "key %lld: hex wants an even number "
			    "of hex digits", id);
			return;
		}
		len /= 2;
	}
	if (len == 0) {
		perr(&kw->pos, "key %lld is empty", id);
		return;
	}
	if (len > KEY_MAXLEN) {
		perr(&kw->pos, "key %lld: %zu bytes, longer than any "
		    "authentication type takes (%d)", id, len, KEY_MAXLEN);
		return;
	}
	/* byte strings with a length: a key may hold NUL bytes */
	for (i = 0; i < len; i++)
		data[i] = hex ? (uint8_t)(hexval(v->text[2 * i]) << 4 |
		    hexval(v->text[2 * i + 1])) : (uint8_t)v->text[i];
	TAILQ_FOREACH(k, &ps.opts->auth.keys, entry) {
		if (k->id == id) {
			perr(&kw->pos, "key %lld given twice in this block",
			    id);
			explicit_bzero(data, sizeof(data));
			return;
		}
	}
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		explicit_bzero(data, sizeof(data));
		nomem();
		return;
	}
	k->id = (uint8_t)id;
	k->len = (uint8_t)len;
	memcpy(k->data, data, len);
	explicit_bzero(data, sizeof(data));
	TAILQ_INSERT_TAIL(&ps.opts->auth.keys, k, entry);
	ps.opts->set |= BFD_OPT_KEYS;
	ps.conf->has_keys = 1;
	if ((f = note_file(kw->pos.file)) != NULL)
		f->keys = 1;
	if (pos_note(k, &kw->pos) == -1)
		return;
	ps.key = k;
	ps.key_pos = kw->pos;
}

static void
key_window(const struct tok *kw, const char *what, const struct tok *v,
    int which)
{
	time_t	 t;

	if (get_date(kw, what, v, &t) == -1 || ps.key == NULL)
		return;
	switch (which) {
	case 0:
		ps.key->send_from = t;
		break;
	case 1:
		ps.key->send_to = t;
		break;
	case 2:
		ps.key->accept_from = t;
		break;
	default:
		ps.key->accept_to = t;
		break;
	}
}

static void
end_key(void)
{
	struct bfd_key	*k = ps.key;

	ps.key = NULL;
	if (k == NULL)
		return;
	if (k->send_from != 0 && k->send_to != 0 && k->send_from > k->send_to)
		perr(&ps.key_pos, "key %d: send-from is after send-to",
		    k->id);
	if (k->accept_from != 0 && k->accept_to != 0 &&
	    k->accept_from > k->accept_to)
		perr(&ps.key_pos, "key %d: accept-from is after accept-to",
		    k->id);
}

/* ---------------------------------------------- checks after the parse */

static void
check_profile_ref(const struct bfd_opts *o)
{
	struct objpos	*op;

	if (o->profile == NULL || bfd_conf_profile(ps.conf, o->profile))
		return;
	if ((op = pos_find(&o->profile)) != NULL)
		perr(&op->pos, "unknown profile \"" SHOWN "\"", o->profile);
	else
		cfg_error(&ps.lex, "unknown profile \"" SHOWN "\"",
		    o->profile);
}

/*
 * The authentication a block ends up with.  own_auth and own_keys say
 * whether the block (or its profile) chose the type and the keys; an
 * error or warning is for the block that made the choice, so a fault of
 * the multihop block is not repeated at each multihop neighbor.
 */
static void
check_auth(const struct conf_pos *pos, const struct bfd_opts *authsrc,
    const struct bfd_opts *keysrc, int own_auth, int own_keys)
{
	const struct bfd_key	*k;
	struct objpos		*op;
	int			 type, max, nkeys = 0;

	type = authsrc != NULL ? authsrc->auth.type : BFD_AUTH_NONE;
	if (keysrc != NULL)
		TAILQ_FOREACH(k, &keysrc->auth.keys, entry)
			nkeys++;
	if (type != BFD_AUTH_NONE && nkeys == 0 && own_auth)
		perr(pos, "authentication %s without a key",
		    bfd_auth_keyword(type));
	if (type == BFD_AUTH_NONE && nkeys > 0 && own_keys)
		pwarn(pos, "keys given but no authentication: they are not "
		    "used");
	if (type == BFD_AUTH_NONE || keysrc == NULL)
		return;
	max = bfd_auth_max_keylen(type);
	TAILQ_FOREACH(k, &keysrc->auth.keys, entry) {
		if (k->len <= max || (op = pos_find(k)) == NULL ||
		    op->reported)
			continue;
		op->reported = 1;
		perr(&op->pos, "key %d: %d bytes, longer than %s "
		    "authentication takes (%d)", k->id, k->len,
		    bfd_auth_keyword(type), max);
	}
}

/* A time as the grammar reads it, for messages. */
static const char *
fmt_us(uint32_t us, char *buf, size_t len)
{
	if (us % 1000 == 0)
		snprintf(buf, len, "%ums", us / 1000);
	else
		snprintf(buf, len, "%uus", us);
	return buf;
}

static void
check_floor(const struct conf_pos *pos, const struct bfd_params *p,
    unsigned own)
{
	char	 b[32];

	if ((own & BFD_OPT_MINRX) && p->min_rx < MULTIHOP_MIN_US)
		perr(pos, "multihop min-rx-interval %s is below 10ms "
		    "(RFC 5880 7)", fmt_us(p->min_rx, b, sizeof(b)));
	if ((own & BFD_OPT_MINTX) && p->min_tx < MULTIHOP_MIN_US)
		perr(pos, "multihop min-tx-interval %s is below 10ms "
		    "(RFC 5880 7)", fmt_us(p->min_tx, b, sizeof(b)));
}

/* What o and its profile set, as BFD_OPT_* bits. */
static unsigned
layer_set(const struct bfd_opts *o)
{
	const struct bfd_profile	*pr;
	unsigned			 set = o->set;

	if ((pr = bfd_conf_profile(ps.conf, o->profile)) != NULL)
		set |= pr->opts.set;
	return set;
}

/* An interface or the multihop block: defaults, profile, block. */
static void
check_block(const struct bfd_opts *o, const void *obj, int multihop)
{
	const struct bfd_opts	*as = NULL, *ks = NULL;
	struct bfd_params	 p;
	struct objpos		*op;

	if ((op = pos_find(obj)) == NULL)
		return;
	bfd_params_default(&p);
	if (bfd_opts_layer(ps.conf, o, &p, &as, &ks) == -1)
		return;
	check_auth(&op->pos, as, ks, as != NULL, ks != NULL);
	if (multihop)
		check_floor(&op->pos, &p, layer_set(o));
}

/*
 * A neighbor as its session will be, over its block.  A single-hop
 * neighbor without an interface meets its interface block only when
 * bfdd finds the link, so only its own options are checked.
 */
static void
check_neighbor(const struct bfd_neighbor *nb)
{
	const struct bfd_opts	*as = NULL, *ks = NULL, *oas = NULL;
	const struct bfd_opts	*oks = NULL;
	struct bfd_params	 p, own;
	struct objpos		*op;
	const struct bfd_ifblock *ib;

	if ((op = pos_find(nb)) == NULL)
		return;
	bfd_params_default(&p);
	if (nb->multihop) {
		if (ps.conf->have_multihop &&
		    bfd_opts_layer(ps.conf, &ps.conf->multihop, &p, &as,
		    &ks) == -1)
			return;
	} else if ((ib = bfd_conf_ifblock(ps.conf, nb->ifname)) != NULL &&
	    bfd_opts_layer(ps.conf, &ib->opts, &p, &as, &ks) == -1)
		return;
	if (bfd_opts_layer(ps.conf, &nb->opts, &p, &as, &ks) == -1)
		return;
	bfd_params_default(&own);
	bfd_opts_layer(ps.conf, &nb->opts, &own, &oas, &oks);
	check_auth(&op->pos, as, ks, oas != NULL, oks != NULL);
	if (nb->multihop)
		check_floor(&op->pos, &p, layer_set(&nb->opts));
}

static void
check_conf(void)
{
	const struct bfd_ifblock	*ib;
	const struct bfd_neighbor	*nb;

	TAILQ_FOREACH(ib, &ps.conf->ifblocks, entry)
		check_profile_ref(&ib->opts);
	if (ps.conf->have_multihop)
		check_profile_ref(&ps.conf->multihop);
	TAILQ_FOREACH(nb, &ps.conf->neighbors, entry)
		check_profile_ref(&nb->opts);
	/* a layer with an unknown profile is left out of what follows */
	TAILQ_FOREACH(ib, &ps.conf->ifblocks, entry)
		check_block(&ib->opts, ib, 0);
	if (ps.conf->have_multihop)
		check_block(&ps.conf->multihop, &ps.conf->multihop, 1);
	TAILQ_FOREACH(nb, &ps.conf->neighbors, entry)
		if (nb->family != 0)
			check_neighbor(nb);
}

/*
 * The file holds keys, and whoever may write it chooses bfdd's peers:
 * say so when its mode allows more than it should (spec 2.5, 7.4).
 */
static void
check_modes(void)
{
	struct conf_pos	 pos;
	struct stat	 st;
	size_t		 i;

	for (i = 0; i < ps.nfiles; i++) {
		if (ps.strname != NULL &&
		    strcmp(ps.files[i].name, ps.strname) == 0)
			continue;
		if (stat(ps.files[i].name, &st) == -1 || !S_ISREG(st.st_mode))
			continue;
		pos.file = ps.files[i].name;
		pos.line = 0;
		if (st.st_mode & (S_IWGRP | S_IWOTH))
			pwarn(&pos, "file is group- or world-writable "
			    "(mode %04o)", (unsigned)(st.st_mode & 07777));
		if (ps.files[i].keys && (st.st_mode & S_IROTH))
			pwarn(&pos, "file holds keys but is world-readable "
			    "(mode %04o)", (unsigned)(st.st_mode & 07777));
	}
}

/* ---------------------------------------------------------- loading */

static struct bfd_conf *
load(const char *name, const char *text, size_t len, int *errors)
{
	struct bfd_conf	*conf;
	int		 rc;

	memset(&ps, 0, sizeof(ps));
	cfg_init(&ps.lex, CFG_F_INCLUDE, NULL);
	ps.lex.errfn = conf_errfn;
	if ((ps.conf = bfd_conf_new()) == NULL)
		nomem();
	else {
		if (text != NULL) {
			ps.strname = name;
			rc = cfg_push_string(&ps.lex, name, text, len);
		} else {
			rc = cfg_push_file(&ps.lex, name);
			/* an empty file has no token to note it by */
			if (rc == 0)
				note_file(name);
		}
		if (rc == 0 && yyparse() == 0)
			check_conf();
		if (ps.lex.errors == 0)
			check_modes();
	}
	conf = ps.conf;
	if (ps.lex.errors > 0) {
		bfd_conf_free(conf);
		conf = NULL;
	}
	if (errors != NULL)
		*errors = ps.lex.errors;
	pool_free();
	free(ps.objs);
	free(ps.files);
	free(ps.nbrtab);
	cfg_free(&ps.lex);
	memset(&ps, 0, sizeof(ps));
	return conf;
}

struct bfd_conf *
bfd_conf_load(const char *path, int missing_ok, int *errors)
{
	struct bfd_conf	*conf;
	struct stat	 st;

	/* no file: sessions come from clients only (spec 2.4, -c) */
	if (missing_ok && stat(path, &st) == -1 && errno == ENOENT) {
		if ((conf = bfd_conf_new()) == NULL) {
			deliver(1, "out of memory");
			if (errors != NULL)
				*errors = 1;
			return NULL;
		}
		if (errors != NULL)
			*errors = 0;
		return conf;
	}
	return load(path, NULL, 0, errors);
}

struct bfd_conf *
bfd_conf_load_string(const char *name, const char *text, size_t len,
    int *errors)
{
	if (name == NULL)
		name = "(string)";
	return load(name, text != NULL ? text : "", len, errors);
}
