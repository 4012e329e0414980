/*
 * The dhcp6s.conf(5) grammar (WIDE-DHCPv6's, with pools of prefixes and
 * a few server settings added), the checks that need the whole file,
 * and loading a configuration from a file or from memory.
 */
%{
#include <sys/queue.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cfg.h"
#include "dhcp6s.h"

#define SHOWN		"%.64s"

struct conf_pos {
	const char	*file;
	int		 line;
};

struct tok {
	char		*text;		/* NULL for keywords and punctuation */
	struct conf_pos	 pos;
};

static struct {
	struct cfg_lex	 lex;
	struct d6s_conf	*conf;
	struct d6s_host	*host;
	struct d6s_iface *ifc;
	struct d6s_key	*key;
	struct d6s_pool	*pool;
	int		 dropped;	/* the block is a duplicate */
	char		**strs;		/* token texts, freed after the parse */
	size_t		 nstrs, capstrs;
	int		 nomem, lexerr;
	int		 refresh_seen;
	int		 ndomains;
} ps;

static void	(*msgfn)(int, const char *, void *);
static void	*msgarg;

static int	 yylex(void);
static void	 yyerror(const char *);
int		 yyparse(void);

static void	 perr(const struct conf_pos *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	 pwarn(const struct conf_pos *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static int	 get_number(const struct tok *, const char *, long long,
		    long long, long long *);
static int	 get_addr(const struct tok *, struct in6_addr *);
static void	 add_addr(struct d6s_addrlist *, const struct tok *);
static void	 add_name(uint8_t **, size_t *, const struct tok *);
static void	 set_refresh(const struct tok *);
static void	 begin_iface(const struct tok *);
static void	 begin_host(const struct tok *);
static void	 begin_key(const struct tok *);
static void	 begin_pool(const struct tok *);
static void	 end_block(void);
static void	 host_duid(const struct tok *);
static void	 host_value(int, const struct tok *, const struct tok *,
		    const struct tok *, const struct tok *);
static void	 iface_pool(int, const struct tok *, const struct tok *,
		    const struct tok *);
static void	 key_secret(const struct tok *);
static void	 key_expire(const struct tok *);
static char	*dupstr(const char *);
%}

%union {
	struct tok	 tok;
}

%token <tok> ADDRESS ADDRPOOL ALLOW BCMCSADDR BCMCSDOMAIN DELAYEDKEY
%token <tok> DELEGLEN DNS DOMAINNAME DUID EXPIRE HOST INFINITY INTERFACE
%token <tok> KEYID KEYINFO LEASEFSYNC MAXBINDINGS MAXPERCLIENT NISADDR
%token <tok> NISDOMAIN NISPADDR NISPDOMAIN NTP OPTION POOL PREFERENCE PREFIX
%token <tok> PREFIXPOOL RANGE RAPIDCOMMIT REALM RECONFIGURE REFRESH SECRET SIPADDR
%token <tok> SIPDOMAIN TO
%token <tok> STRING NUMBER ERROR
%type <tok> word duration optduration optplen

%%

grammar		: /* empty */
		| grammar stmt
		;

stmt		: ';'
		| OPTION option ';'
		| INTERFACE word { begin_iface(&$2); } '{' ifdecls '}' {
			end_block();
		}
		| HOST word { begin_host(&$2); } '{' hostdecls '}' {
			end_block();
		}
		| KEYINFO word { begin_key(&$2); } '{' keydecls '}' {
			end_block();
		}
		| POOL word { begin_pool(&$2); } '{' pooldecls '}' {
			end_block();
		}
		| LEASEFSYNC word ';' {
			if (strcmp($2.text, "on") == 0 ||
			    strcmp($2.text, "yes") == 0)
				ps.conf->lease_fsync = 1;
			else if (strcmp($2.text, "off") == 0 ||
			    strcmp($2.text, "no") == 0)
				ps.conf->lease_fsync = 0;
			else
				perr(&$2.pos, "lease-fsync: expected on or "
				    "off, not \"" SHOWN "\"", $2.text);
		}
		| MAXBINDINGS NUMBER ';' {
			long long	 v;

			if (get_number(&$2, "max-bindings", 0, 100000000,
			    &v) == 0)
				ps.conf->max_bindings = (uint32_t)v;
		}
		| MAXPERCLIENT NUMBER ';' {
			long long	 v;

			if (get_number(&$2, "max-bindings-per-client", 0,
			    65535, &v) == 0)
				ps.conf->max_per_client = (uint32_t)v;
		}
		;

word		: STRING
		| NUMBER
		;

option		: DNS dnsaddrs
		| DOMAINNAME word {
			add_name(&ps.conf->domains, &ps.conf->domains_len,
			    &$2);
		}
		| NTP ntpaddrs
		| SIPADDR sipaddrs
		| SIPDOMAIN word {
			add_name(&ps.conf->sip_domains,
			    &ps.conf->sip_domains_len, &$2);
		}
		| NISADDR nisaddrs
		| NISPADDR nispaddrs
		| BCMCSADDR bcmcsaddrs
		| NISDOMAIN word {
			add_name(&ps.conf->nis_domain,
			    &ps.conf->nis_domain_len, &$2);
		}
		| NISPDOMAIN word {
			add_name(&ps.conf->nisp_domain,
			    &ps.conf->nisp_domain_len, &$2);
		}
		| BCMCSDOMAIN word {
			add_name(&ps.conf->bcmcs_domains,
			    &ps.conf->bcmcs_domains_len, &$2);
		}
		| REFRESH word		{ set_refresh(&$2); }
		| word {
			perr(&$1.pos, "unknown option \"" SHOWN "\"",
			    $1.text);
		}
		;

dnsaddrs	: word		{ add_addr(&ps.conf->dns, &$1); }
		| dnsaddrs word	{ add_addr(&ps.conf->dns, &$2); }
		;
ntpaddrs	: word		{ add_addr(&ps.conf->sntp, &$1); }
		| ntpaddrs word	{ add_addr(&ps.conf->sntp, &$2); }
		;
sipaddrs	: word		{ add_addr(&ps.conf->sip_addrs, &$1); }
		| sipaddrs word	{ add_addr(&ps.conf->sip_addrs, &$2); }
		;
nisaddrs	: word		{ add_addr(&ps.conf->nis, &$1); }
		| nisaddrs word	{ add_addr(&ps.conf->nis, &$2); }
		;
nispaddrs	: word		{ add_addr(&ps.conf->nisp, &$1); }
		| nispaddrs word { add_addr(&ps.conf->nisp, &$2); }
		;
bcmcsaddrs	: word		{ add_addr(&ps.conf->bcmcs, &$1); }
		| bcmcsaddrs word { add_addr(&ps.conf->bcmcs, &$2); }
		;

duration	: NUMBER
		| INFINITY
		;

optduration	: /* empty */		{ $$.text = NULL; $$.pos.line = 0; }
		| duration
		;

optplen		: /* empty */		{ $$.text = NULL; $$.pos.line = 0; }
		| '/' NUMBER		{ $$ = $2; }
		;

ifdecls		: /* empty */
		| ifdecls ifdecl
		;

ifdecl		: ';'
		| ALLOW RAPIDCOMMIT ';' {
			if (ps.ifc != NULL)
				ps.ifc->rapid_commit = 1;
		}
		| ALLOW RECONFIGURE ';' {
			if (ps.ifc != NULL)
				ps.ifc->reconfigure = 1;
		}
		| PREFERENCE NUMBER ';' {
			long long	 v;

			if (get_number(&$2, "preference", 0, 255, &v) == 0 &&
			    ps.ifc != NULL)
				ps.ifc->preference = (int)v;
		}
		| ADDRPOOL word duration optduration ';' {
			iface_pool(0, &$2, &$3, &$4);
		}
		| PREFIXPOOL word duration optduration ';' {
			iface_pool(1, &$2, &$3, &$4);
		}
		;

hostdecls	: /* empty */
		| hostdecls hostdecl
		;

hostdecl	: ';'
		| DUID word ';'		{ host_duid(&$2); }
		| ADDRESS word optplen duration optduration ';' {
			host_value(0, &$2, &$3, &$4, &$5);
		}
		| PREFIX word '/' NUMBER duration optduration ';' {
			host_value(1, &$2, &$4, &$5, &$6);
		}
		| DELAYEDKEY word ';' {
			if (ps.host != NULL) {
				free(ps.host->delayedkey);
				ps.host->delayedkey = dupstr($2.text);
			}
		}
		;

keydecls	: /* empty */
		| keydecls keydecl
		;

keydecl		: ';'
		| REALM word ';' {
			if (ps.key != NULL) {
				free(ps.key->realm);
				ps.key->realm = dupstr($2.text);
			}
		}
		| KEYID NUMBER ';' {
			long long	 v;

			if (get_number(&$2, "keyid", 0, 0xffffffffLL,
			    &v) == 0 && ps.key != NULL) {
				ps.key->keyid = (uint32_t)v;
				ps.key->has_keyid = 1;
			}
		}
		| SECRET word ';'	{ key_secret(&$2); }
		| EXPIRE word ';'	{ key_expire(&$2); }
		;

pooldecls	: /* empty */
		| pooldecls pooldecl
		;

pooldecl	: ';'
		| RANGE word TO word ';' {
			struct in6_addr	 a, b;

			if (get_addr(&$2, &a) == 0 && get_addr(&$4, &b) == 0 &&
			    ps.pool != NULL) {
				if (memcmp(&a, &b, sizeof(a)) > 0)
					perr(&$2.pos, "range: %s comes after "
					    "%s", $2.text, $4.text);
				ps.pool->start = a;
				ps.pool->end = b;
				ps.pool->is_prefix = 0;
				ps.pool->line = $1.pos.line;
			}
		}
		| PREFIX word '/' NUMBER DELEGLEN NUMBER ';' {
			char		 text[INET6_ADDRSTRLEN + 8];
			const char	*e;
			struct in6_addr	 p;
			int		 plen;
			long long	 dl;

			snprintf(text, sizeof(text), "%s/%s", $2.text,
			    $4.text);
			if (cfg_prefix6(text, &p, &plen, &e) == -1)
				perr(&$2.pos, "prefix: %s", e);
			else if (get_number(&$6, "delegated-length", 1, 128,
			    &dl) == 0 && ps.pool != NULL) {
				if (dl < plen)
					perr(&$6.pos, "delegated-length %lld "
					    "is shorter than the pool's /%d",
					    dl, plen);
				ps.pool->is_prefix = 1;
				ps.pool->base = p;
				ps.pool->base_plen = (uint8_t)plen;
				ps.pool->plen = (uint8_t)dl;
				ps.pool->line = $1.pos.line;
			}
		}
		;

%%

/* Sorted by name: cfg_keyword searches it by halves. */
static const struct cfg_keyword keywords[] = {
	{ "address",			ADDRESS },
	{ "address-pool",		ADDRPOOL },
	{ "allow",			ALLOW },
	{ "bcmcs-server-address",	BCMCSADDR },
	{ "bcmcs-server-domain-name",	BCMCSDOMAIN },
	{ "delayedkey",			DELAYEDKEY },
	{ "delegated-length",		DELEGLEN },
	{ "domain-name",		DOMAINNAME },
	{ "domain-name-servers",	DNS },
	{ "duid",			DUID },
	{ "expire",			EXPIRE },
	{ "host",			HOST },
	{ "infinity",			INFINITY },
	{ "interface",			INTERFACE },
	{ "keyid",			KEYID },
	{ "keyinfo",			KEYINFO },
	{ "lease-fsync",		LEASEFSYNC },
	{ "max-bindings",		MAXBINDINGS },
	{ "max-bindings-per-client",	MAXPERCLIENT },
	{ "nis-domain-name",		NISDOMAIN },
	{ "nis-server-address",		NISADDR },
	{ "nisp-domain-name",		NISPDOMAIN },
	{ "nisp-server-address",	NISPADDR },
	{ "ntp-servers",		NTP },
	{ "option",			OPTION },
	{ "pool",			POOL },
	{ "preference",			PREFERENCE },
	{ "prefix",			PREFIX },
	{ "prefix-pool",		PREFIXPOOL },
	{ "range",			RANGE },
	{ "rapid-commit",		RAPIDCOMMIT },
	{ "realm",			REALM },
	{ "reconfigure",		RECONFIGURE },
	{ "refreshtime",		REFRESH },
	{ "secret",			SECRET },
	{ "sip-server-address",		SIPADDR },
	{ "sip-server-domain-name",	SIPDOMAIN },
	{ "to",				TO },
};
#define NKEYWORDS	(sizeof(keywords) / sizeof(keywords[0]))

/* For the unit tests: the table must stay sorted. */
int	d6s_conf_keywords_sorted(void);
int
d6s_conf_keywords_sorted(void)
{
	return cfg_keywords_sorted(keywords, NKEYWORDS);
}

/* ---------------------------------------------------------- messages */

static void
deliver(int is_error, const char *msg)
{
	if (msgfn != NULL)
		msgfn(is_error, msg, msgarg);
	else
		fprintf(stderr, "%s\n", msg);
}

static void
conf_errfn(const char *msg, void *arg)
{
	(void)arg;
	deliver(1, msg);
}

void
d6s_conf_msgfn(void (*fn)(int, const char *, void *), void *arg)
{
	msgfn = fn;
	msgarg = arg;
}

static void
perr(const struct conf_pos *pos, const char *fmt, ...)
{
	char	 msg[1024];
	char	*s;
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (s = msg; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
	cfg_error_at(&ps.lex, pos->file, pos->line, "%s", msg);
}

static void
pwarn(const struct conf_pos *pos, const char *fmt, ...)
{
	char	 msg[1024];
	char	*s;
	int	 n;
	va_list	 ap;

	n = snprintf(msg, sizeof(msg), "%s:%d: warning: ", pos->file,
	    pos->line);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	for (s = msg; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
	deliver(0, msg);
}

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
	if (ps.lexerr || ps.nomem)
		return;
	if (ps.lex.last == NULL)
		cfg_error(&ps.lex, "%s at end of input", msg);
	else
		cfg_error(&ps.lex, "%s at '" SHOWN "'", msg, ps.lex.last);
}

static char *
dupstr(const char *s)
{
	char	*d;

	if ((d = strdup(s)) == NULL)
		nomem();
	return d;
}

/* ---------------------------------------------------------- lexer */

static int
is_number(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static int
keep(char *s)
{
	char	**n;
	size_t	 cap;

	if (ps.nstrs == ps.capstrs) {
		cap = ps.capstrs ? ps.capstrs * 2 : 64;
		if ((n = reallocarray(ps.strs, cap, sizeof(*n))) == NULL)
			return -1;
		ps.strs = n;
		ps.capstrs = cap;
	}
	ps.strs[ps.nstrs++] = s;
	return 0;
}

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
	if (type == CFG_PUNCT) {
		free(t.text);
		return t.ch;
	}
	if (type == CFG_WORD &&
	    (k = cfg_keyword(keywords, NKEYWORDS, t.text)) != -1) {
		free(t.text);
		return k;
	}
	if (keep(t.text) == -1) {
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
get_number(const struct tok *v, const char *what, long long min,
    long long max, long long *out)
{
	const char	*e;

	if (cfg_number(v->text, min, max, out, &e) == -1) {
		perr(&v->pos, "%s: %s", what, e);
		return -1;
	}
	return 0;
}

static int
get_addr(const struct tok *v, struct in6_addr *a)
{
	if (inet_pton(AF_INET6, v->text, a) != 1) {
		perr(&v->pos, "expected an IPv6 address, not \"" SHOWN "\"",
		    v->text);
		return -1;
	}
	return 0;
}

static int
get_duration(const struct tok *v, uint32_t *out)
{
	long long	 n;

	if (v->text == NULL) {		/* infinity */
		*out = D6_INFINITY;
		return 0;
	}
	if (get_number(v, "lifetime", 0, 0xffffffffLL, &n) == -1)
		return -1;
	*out = (uint32_t)n;
	return 0;
}

static void
add_addr(struct d6s_addrlist *l, const struct tok *v)
{
	struct in6_addr	 a, *n;

	if (l == NULL || get_addr(v, &a) == -1)
		return;
	if (l->n >= D6_MAX_ADDRS) {
		perr(&v->pos, "more than %d addresses in one option",
		    D6_MAX_ADDRS);
		return;
	}
	if ((n = reallocarray(l->a, (size_t)l->n + 1, sizeof(*n))) == NULL) {
		nomem();
		return;
	}
	l->a = n;
	l->a[l->n++] = a;
}

/* A name in DNS wire format appended to a list of names. */
static void
add_name(uint8_t **list, size_t *len, const struct tok *v)
{
	uint8_t		 tmp[300];
	struct wbuf	 w;
	uint8_t		*n;

	wbuf_init(&w, tmp, sizeof(tmp));
	if (d6_put_name(&w, v->text) == -1 || !wbuf_ok(&w)) {
		perr(&v->pos, "\"" SHOWN "\" is not a domain name", v->text);
		return;
	}
	if (*len + wbuf_len(&w) > 1024) {
		perr(&v->pos, "too many domain names");
		return;
	}
	if ((n = realloc(*list, *len + wbuf_len(&w))) == NULL) {
		nomem();
		return;
	}
	memcpy(n + *len, wbuf_data(&w), wbuf_len(&w));
	*list = n;
	*len += wbuf_len(&w);
}

static void
set_refresh(const struct tok *v)
{
	long long	 n;

	if (ps.refresh_seen) {
		pwarn(&v->pos, "multiple refresh times (ignored)");
		return;
	}
	ps.refresh_seen = 1;
	if (get_number(v, "refreshtime", 0, 0xffffffffLL, &n) == -1)
		return;
	if (n < D6_IRT_MINIMUM) {
		perr(&v->pos, "refresh time is too small (must not be "
		    "smaller than %d)", D6_IRT_MINIMUM);
		return;
	}
	ps.conf->refresh = n;
}

/* ---------------------------------------------------------- blocks */

static void
begin_iface(const struct tok *name)
{
	struct d6s_iface	*i;
	const char		*e;

	ps.dropped = 0;
	if (cfg_ifname(name->text, &e) == -1) {
		perr(&name->pos, "interface: %s", e);
		ps.dropped = 1;
	} else if (d6s_iface_by_name(ps.conf, name->text) != NULL) {
		pwarn(&name->pos, "duplicated name: %s (ignored)", name->text);
		ps.dropped = 1;
	}
	if ((i = calloc(1, sizeof(*i))) == NULL) {
		nomem();
		return;
	}
	strlcpy(i->name, name->text, sizeof(i->name));
	i->preference = -1;
	i->line = name->pos.line;
	ps.ifc = i;
}

static void
begin_host(const struct tok *name)
{
	struct d6s_host	*h;

	ps.dropped = 0;
	TAILQ_FOREACH(h, &ps.conf->hosts, entry)
		if (strcmp(h->name, name->text) == 0) {
			pwarn(&name->pos, "duplicated name: " SHOWN
			    " (ignored)", name->text);
			ps.dropped = 1;
			break;
		}
	if ((h = calloc(1, sizeof(*h))) == NULL) {
		nomem();
		return;
	}
	h->name = dupstr(name->text);
	h->line = name->pos.line;
	ps.host = h;
}

static void
begin_key(const struct tok *name)
{
	struct d6s_key	*k;

	ps.dropped = 0;
	if (d6s_key_by_name(ps.conf, name->text) != NULL) {
		pwarn(&name->pos, "duplicated name: " SHOWN " (ignored)",
		    name->text);
		ps.dropped = 1;
	}
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		nomem();
		return;
	}
	k->name = dupstr(name->text);
	k->line = name->pos.line;
	ps.key = k;
	ps.conf->has_keys = 1;
}

static void
begin_pool(const struct tok *name)
{
	struct d6s_pool	*p;

	ps.dropped = 0;
	TAILQ_FOREACH(p, &ps.conf->pools, entry)
		if (strcmp(p->name, name->text) == 0) {
			pwarn(&name->pos, "duplicated name: " SHOWN
			    " (ignored)", name->text);
			ps.dropped = 1;
			break;
		}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		nomem();
		return;
	}
	p->name = dupstr(name->text);
	p->line = -name->pos.line;	/* negative: no range yet */
	ps.pool = p;
}

static void
free_host(struct d6s_host *h)
{
	free(h->name);
	free(h->addrs);
	free(h->prefixes);
	free(h->delayedkey);
	free(h);
}

static void
free_key(struct d6s_key *k)
{
	explicit_bzero(k->secret, sizeof(k->secret));
	free(k->name);
	free(k->realm);
	free(k);
}

static void
free_pool(struct d6s_pool *p)
{
	free(p->name);
	free(p);
}

static void
end_block(void)
{
	struct conf_pos	 pos = { ps.lex.tok_file, 0 };

	if (ps.ifc != NULL) {
		if (ps.dropped)
			free(ps.ifc->addr_pool), free(ps.ifc->prefix_pool),
			    free(ps.ifc);
		else
			TAILQ_INSERT_TAIL(&ps.conf->ifaces, ps.ifc, entry);
	}
	if (ps.host != NULL) {
		pos.line = ps.host->line;
		if (!ps.host->has_duid && !ps.dropped)
			perr(&pos, "host %s: no duid", ps.host->name);
		if (ps.dropped)
			free_host(ps.host);
		else
			TAILQ_INSERT_TAIL(&ps.conf->hosts, ps.host, entry);
	}
	if (ps.key != NULL) {
		pos.line = ps.key->line;
		if (!ps.dropped && (ps.key->realm == NULL ||
		    !ps.key->has_keyid || ps.key->secretlen == 0))
			perr(&pos, "keyinfo %s: realm, keyid and secret are "
			    "all required", ps.key->name);
		if (ps.dropped)
			free_key(ps.key);
		else
			TAILQ_INSERT_TAIL(&ps.conf->keys, ps.key, entry);
	}
	if (ps.pool != NULL) {
		if (ps.pool->line < 0 && !ps.dropped) {
			pos.line = -ps.pool->line;
			perr(&pos, "pool %s: no range or prefix",
			    ps.pool->name);
		}
		if (ps.dropped)
			free_pool(ps.pool);
		else
			TAILQ_INSERT_TAIL(&ps.conf->pools, ps.pool, entry);
	}
	ps.ifc = NULL;
	ps.host = NULL;
	ps.key = NULL;
	ps.pool = NULL;
	ps.dropped = 0;
}

static void
host_duid(const struct tok *v)
{
	if (ps.host == NULL)
		return;
	if (d6_duid_parse(&ps.host->duid, v->text) == -1) {
		perr(&v->pos, "duid: expected hex bytes as 00:01:..., not "
		    "\"" SHOWN "\"", v->text);
		return;
	}
	ps.host->has_duid = 1;
}

static int
get_lifetimes(const struct tok *pl, const struct tok *vl,
    struct d6s_value *v)
{
	if (get_duration(pl, &v->pltime) == -1)
		return -1;
	if (vl->pos.line == 0)
		v->vltime = v->pltime;
	else if (get_duration(vl, &v->vltime) == -1)
		return -1;
	if (v->pltime > v->vltime) {
		perr(&pl->pos, "preferred lifetime %u is longer than the "
		    "valid lifetime %u", v->pltime, v->vltime);
		return -1;
	}
	return 0;
}

static void
host_value(int prefix, const struct tok *a, const struct tok *plen,
    const struct tok *pl, const struct tok *vl)
{
	struct d6s_value	 v, **list, *n;
	int			*count;
	char			 text[INET6_ADDRSTRLEN + 8];
	const char		*e;
	int			 len;

	memset(&v, 0, sizeof(v));
	if (prefix) {
		snprintf(text, sizeof(text), "%s/%s", a->text, plen->text);
		if (cfg_prefix6(text, &v.addr, &len, &e) == -1) {
			perr(&a->pos, "prefix: %s", e);
			return;
		}
		v.plen = (uint8_t)len;
	} else {
		if (get_addr(a, &v.addr) == -1)
			return;
		if (plen->pos.line != 0 && strcmp(plen->text, "128") != 0) {
			perr(&plen->pos, "address: only /128 may follow an "
			    "address, not /" SHOWN, plen->text);
			return;
		}
		v.plen = 128;
	}
	if (get_lifetimes(pl, vl, &v) == -1 || ps.host == NULL)
		return;
	list = prefix ? &ps.host->prefixes : &ps.host->addrs;
	count = prefix ? &ps.host->nprefixes : &ps.host->naddrs;
	if (*count >= D6_MAX_IA_ITEMS) {
		perr(&a->pos, "host %s: more than %d %s", ps.host->name,
		    D6_MAX_IA_ITEMS, prefix ? "prefixes" : "addresses");
		return;
	}
	if ((n = reallocarray(*list, (size_t)*count + 1, sizeof(*n))) ==
	    NULL) {
		nomem();
		return;
	}
	*list = n;
	n[(*count)++] = v;
}

static void
iface_pool(int prefix, const struct tok *name, const struct tok *pl,
    const struct tok *vl)
{
	struct d6s_value	 v;

	if (get_lifetimes(pl, vl, &v) == -1 || ps.ifc == NULL)
		return;
	if (prefix) {
		free(ps.ifc->prefix_pool);
		ps.ifc->prefix_pool = dupstr(name->text);
		ps.ifc->ppool_pltime = v.pltime;
		ps.ifc->ppool_vltime = v.vltime;
	} else {
		free(ps.ifc->addr_pool);
		ps.ifc->addr_pool = dupstr(name->text);
		ps.ifc->pool_pltime = v.pltime;
		ps.ifc->pool_vltime = v.vltime;
	}
}

static void
key_secret(const struct tok *v)
{
	if (ps.key == NULL)
		return;
	if (d6_base64_decode(v->text, ps.key->secret, sizeof(ps.key->secret),
	    &ps.key->secretlen) == -1)
		perr(&v->pos, "secret: not base64 of 1 to %zu bytes",
		    sizeof(ps.key->secret));
}

static void
key_expire(const struct tok *v)
{
	if (ps.key == NULL)
		return;
	if (d6_expire_parse(v->text, &ps.key->expire) == -1)
		perr(&v->pos, "expire: expected \"yyyy-mm-dd HH:MM\", "
		    "\"mm-dd HH:MM\", \"HH:MM\" or \"forever\", not "
		    "\"" SHOWN "\"", v->text);
}

/* ---------------------------------------------------------- lookups */

static size_t
duid_hash(const uint8_t *p, size_t len)
{
	size_t	 h = 5381;

	while (len-- > 0)
		h = h * 33 + *p++;
	return h;
}

struct d6s_host *
d6s_host_by_duid(const struct d6s_conf *c, const uint8_t *p, size_t len)
{
	struct d6s_host	*h;

	if (c->nhosthash == 0)
		return NULL;
	for (h = c->hosthash[duid_hash(p, len) % c->nhosthash]; h != NULL;
	    h = h->hnext)
		if (d6_duid_eq(&h->duid, p, len))
			return h;
	return NULL;
}

struct d6s_iface *
d6s_iface_by_name(const struct d6s_conf *c, const char *name)
{
	struct d6s_iface	*i;

	TAILQ_FOREACH(i, &c->ifaces, entry)
		if (strcmp(i->name, name) == 0)
			return i;
	return NULL;
}

struct d6s_key *
d6s_key_by_name(const struct d6s_conf *c, const char *name)
{
	struct d6s_key	*k;

	TAILQ_FOREACH(k, &c->keys, entry)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

static struct d6s_pool *
pool_by_name(const struct d6s_conf *c, const char *name)
{
	struct d6s_pool	*p;

	TAILQ_FOREACH(p, &c->pools, entry)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

/* ---------------------------------------------------------- checks */

static void
check_conf(void)
{
	struct d6s_conf		*c = ps.conf;
	struct d6s_host		*h, *o;
	struct d6s_iface	*i;
	struct d6s_pool		*p;
	struct conf_pos		 pos = { ps.lex.tok_file, 0 };
	size_t			 n = 0, slot;

	TAILQ_FOREACH(h, &c->hosts, entry)
		n++;
	c->nhosthash = n * 2 + 1;
	if ((c->hosthash = calloc(c->nhosthash, sizeof(*c->hosthash))) ==
	    NULL) {
		nomem();
		return;
	}
	TAILQ_FOREACH(h, &c->hosts, entry) {
		pos.line = h->line;
		if ((o = d6s_host_by_duid(c, h->duid.data, h->duid.len)) !=
		    NULL) {
			perr(&pos, "host %s: duid already given to host %s "
			    "(line %d)", h->name, o->name, o->line);
			continue;
		}
		slot = duid_hash(h->duid.data, h->duid.len) % c->nhosthash;
		h->hnext = c->hosthash[slot];
		c->hosthash[slot] = h;
		if (h->delayedkey != NULL &&
		    d6s_key_by_name(c, h->delayedkey) == NULL)
			perr(&pos, "host %s: no keyinfo named %s", h->name,
			    h->delayedkey);
	}
	TAILQ_FOREACH(p, &c->pools, entry)
		pool_setup(p);
	TAILQ_FOREACH(i, &c->ifaces, entry) {
		pos.line = i->line;
		if (i->addr_pool != NULL) {
			if ((p = pool_by_name(c, i->addr_pool)) == NULL)
				perr(&pos, "interface %s: no pool named %s",
				    i->name, i->addr_pool);
			else if (p->is_prefix)
				perr(&pos, "interface %s: pool %s holds "
				    "prefixes; use prefix-pool", i->name,
				    p->name);
			else
				i->apool = p;
		}
		if (i->prefix_pool != NULL) {
			if ((p = pool_by_name(c, i->prefix_pool)) == NULL)
				perr(&pos, "interface %s: no pool named %s",
				    i->name, i->prefix_pool);
			else if (!p->is_prefix)
				perr(&pos, "interface %s: pool %s holds "
				    "addresses; use address-pool", i->name,
				    p->name);
			else
				i->ppool = p;
		}
	}
}

/* ---------------------------------------------------------- loading */

static struct d6s_conf *
conf_new(void)
{
	struct d6s_conf	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	TAILQ_INIT(&c->hosts);
	TAILQ_INIT(&c->pools);
	TAILQ_INIT(&c->ifaces);
	TAILQ_INIT(&c->keys);
	c->refresh = -1;
	return c;
}

void
d6s_conf_free(struct d6s_conf *c)
{
	struct d6s_host		*h;
	struct d6s_pool		*p;
	struct d6s_iface	*i;
	struct d6s_key		*k;

	if (c == NULL)
		return;
	while ((h = TAILQ_FIRST(&c->hosts)) != NULL) {
		TAILQ_REMOVE(&c->hosts, h, entry);
		free_host(h);
	}
	while ((p = TAILQ_FIRST(&c->pools)) != NULL) {
		TAILQ_REMOVE(&c->pools, p, entry);
		free_pool(p);
	}
	while ((i = TAILQ_FIRST(&c->ifaces)) != NULL) {
		TAILQ_REMOVE(&c->ifaces, i, entry);
		free(i->addr_pool);
		free(i->prefix_pool);
		free(i);
	}
	while ((k = TAILQ_FIRST(&c->keys)) != NULL) {
		TAILQ_REMOVE(&c->keys, k, entry);
		free_key(k);
	}
	free(c->dns.a);
	free(c->sntp.a);
	free(c->sip_addrs.a);
	free(c->nis.a);
	free(c->nisp.a);
	free(c->bcmcs.a);
	free(c->domains);
	free(c->sip_domains);
	free(c->nis_domain);
	free(c->nisp_domain);
	free(c->bcmcs_domains);
	free(c->hosthash);
	free(c);
}

static struct d6s_conf *
load(const char *name, const char *text, size_t len, int *errors)
{
	struct d6s_conf	*conf;
	struct stat	 st;
	size_t		 i;
	int		 rc;

	memset(&ps, 0, sizeof(ps));
	cfg_init(&ps.lex, CFG_F_INCLUDE, ";{}/");
	ps.lex.errfn = conf_errfn;
	if ((ps.conf = conf_new()) == NULL)
		nomem();
	else {
		if (text != NULL)
			rc = cfg_push_string(&ps.lex, name, text, len);
		else
			rc = cfg_push_file(&ps.lex, name);
		if (rc == 0 && yyparse() == 0 && ps.lex.errors == 0)
			check_conf();
		/* a block left open by a syntax error */
		ps.dropped = 1;
		end_block();
	}
	conf = ps.conf;
	if (conf != NULL && text == NULL && conf->has_keys &&
	    ps.lex.errors == 0 && stat(name, &st) == 0 &&
	    (st.st_mode & 077) != 0) {
		struct conf_pos	 pos = { name, 0 };

		perr(&pos, "holds keyinfo secrets but is readable by others "
		    "(mode %04o); chmod 600 it", (unsigned)(st.st_mode &
		    07777));
	}
	if (ps.lex.errors > 0) {
		d6s_conf_free(conf);
		conf = NULL;
	}
	if (errors != NULL)
		*errors = ps.lex.errors;
	for (i = 0; i < ps.nstrs; i++)
		free(ps.strs[i]);
	free(ps.strs);
	cfg_free(&ps.lex);
	memset(&ps, 0, sizeof(ps));
	return conf;
}

struct d6s_conf *
d6s_conf_load(const char *path, int *errors)
{
	return load(path, NULL, 0, errors);
}

struct d6s_conf *
d6s_conf_load_string(const char *name, const char *text, size_t len,
    int *errors)
{
	return load(name != NULL ? name : "(string)", text != NULL ? text :
	    "", len, errors);
}
