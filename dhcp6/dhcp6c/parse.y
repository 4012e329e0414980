/*
 * The dhcp6c.conf(5) grammar (KAME/WIDE-DHCPv6's client statements), the
 * checks that need the whole file, and loading it from a file or memory.
 * Interface names are any name Linux accepts (quoted if need be), not
 * WIDE's letters-and-digits.
 */
%{
#include <sys/queue.h>

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "dhcp6c.h"
#include "log.h"

#define SHOWN	"%.64s"

struct ref {
	struct c6_ifconf *ifc;
	uint16_t	 type;
	uint32_t	 iaid;
	const char	*file;
	int		 line;
};

static struct {
	struct cfg_lex		 lex;
	struct c6_conf		*conf;
	struct c6_ifconf	*ifc;
	struct c6_iaconf	*iac;
	struct c6_pif		*pif;
	struct c6_key		*key;
	struct c6_authconf	*auth;
	struct ref		*refs;
	size_t			 nrefs, refcap;
	char			**pool;
	size_t			 npool, poolcap;
	int			 lexerr;
	int			 nomem;
} ps;

static void	(*msgfn)(const char *, void *);
static void	*msgarg;

static int	 yylex(void);
static void	 yyerror(const char *);
int		 yyparse(void);

static void	 perr(const char *, ...) __attribute__((format(printf, 1, 2)));
static int	 num(const char *, long long, long long, long long *);
static int	 duration(const char *, uint32_t *);
static void	 begin_if(const char *);
static void	 send_ia(uint16_t, const char *);
static void	 send_rapid(void);
static void	 request(uint16_t);
static void	 script(const char *);
static void	 begin_ia(uint16_t, const char *);
static void	 hint(const char *, const char *, const char *);
static void	 begin_pif(const char *);
static void	 pif_value(int, const char *);
static void	 unsupported(const char *);
static void	 begin_key(const char *);
static void	 begin_auth(const char *);
static void	 kv(const char *, const char *);
static void	 end_block(void);
static void	 send_auth(const char *);
%}

%union {
	char	*s;
	int	 i;
}

%token INTERFACE "interface" SEND "send" REQUEST "request"
%token INFOONLY "information-only" SCRIPT "script" IANA "ia-na"
%token IAPD "ia-pd" RAPIDCOMMIT "rapid-commit"
%token RECONFACCEPT "reconfigure-accept"
%token AUTHENTICATION "authentication" KEYINFO "keyinfo" PROFILE "profile"
%token IDASSOC "id-assoc" NA "na" PD "pd" ADDRESS "address"
%token PREFIX "prefix" PREFIXINTERFACE "prefix-interface"
%token SLAID "sla-id" SLALEN "sla-len"
%token DNS "domain-name-servers" DOMAIN "domain-name"
%token NTP "ntp-servers" SIPADDR "sip-server-address"
%token SIPNAME "sip-server-domain-name" REFRESHTIME "refreshtime"
%token NISADDR "nis-server-address" NISNAME "nis-domain-name"
%token <s> STRING "name" NUMBER "number"
%token ERROR "bad token"
%type <s> word optnum
%type <i> reqopt

%define parse.error verbose

%%

grammar		: /* empty */
		| grammar stmt
		;

stmt		: ';'
		| INTERFACE word { begin_if($2); } '{' ifdecls '}' {
			ps.ifc = NULL;
		}
		| IDASSOC NA optnum { begin_ia(D6O_IA_NA, $3); }
		    '{' nadecls '}' { ps.iac = NULL; }
		| IDASSOC PD optnum { begin_ia(D6O_IA_PD, $3); }
		    '{' pddecls '}' { ps.iac = NULL; }
		| AUTHENTICATION word { begin_auth($2); } '{' kvs '}' {
			end_block();
		}
		| KEYINFO word { begin_key($2); } '{' kvs '}' { end_block(); }
		| PROFILE { unsupported("profile"); } skipblock
		;

/* what follows an unsupported statement, for the parse to go on */
skipblock	: word '{' skip '}'
		;
skip		: /* empty */
		| skip word
		| skip ';'
		| skip ','
		| skip '{' skip '}'
		| skip kw
		;
kw		: INTERFACE | SEND | REQUEST | INFOONLY | SCRIPT | IANA | IAPD
		| RAPIDCOMMIT | RECONFACCEPT | AUTHENTICATION | KEYINFO
		| PROFILE | IDASSOC
		| NA | PD | ADDRESS | PREFIX | PREFIXINTERFACE | SLAID | SLALEN
		| DNS | DOMAIN | NTP | SIPADDR | SIPNAME | REFRESHTIME
		| NISADDR | NISNAME
		;

word		: STRING
		| NUMBER
		;

/* keyinfo and authentication: "name value;" pairs */
kvs		: /* empty */
		| kvs kvpair
		;

kvpair		: ';'
		| word word ';' { kv($1, $2); }
		;

optnum		: /* empty */ { $$ = NULL; }
		| NUMBER
		;

ifdecls		: /* empty */
		| ifdecls ifdecl
		;

ifdecl		: ';'
		| SEND sendlist ';'
		| REQUEST reqlist ';'
		| INFOONLY ';' {
			if (ps.ifc != NULL)
				ps.ifc->flags |= C6F_INFO_ONLY;
		}
		| SCRIPT STRING ';' { script($2); }
		;

sendlist	: sendopt
		| sendlist ',' sendopt
		;

sendopt		: IANA optnum { send_ia(D6O_IA_NA, $2); }
		| IAPD optnum { send_ia(D6O_IA_PD, $2); }
		| RAPIDCOMMIT { send_rapid(); }
		| RECONFACCEPT {
			if (ps.ifc != NULL)
				ps.ifc->flags |= C6F_RECONF;
		}
		| AUTHENTICATION word { send_auth($2); }
		| reqopt {
			log_notice("%s:%d: send %s: invalid operation, ignored",
			    ps.lex.tok_file, ps.lex.tok_line,
			    c6_oro_name($1));
		}
		;

reqlist		: reqopt { request($1); }
		| reqlist ',' reqopt { request($3); }
		;

reqopt		: DNS { $$ = D6O_DNS_SERVERS; }
		| DOMAIN { $$ = D6O_DOMAIN_LIST; }
		| NTP { $$ = D6O_SNTP_SERVERS; }
		| SIPADDR { $$ = D6O_SIP_SERVER_A; }
		| SIPNAME { $$ = D6O_SIP_SERVER_D; }
		| REFRESHTIME { $$ = D6O_INFO_REFRESH; }
		| NISADDR { $$ = D6O_NIS_SERVERS; }
		| NISNAME { $$ = D6O_NIS_DOMAIN; }
		;

nadecls		: /* empty */
		| nadecls nadecl
		;

nadecl		: ';'
		| ADDRESS word word ';' { hint($2, $3, NULL); }
		| ADDRESS word word word ';' { hint($2, $3, $4); }
		;

pddecls		: /* empty */
		| pddecls pddecl
		;

pddecl		: ';'
		| PREFIX word word ';' { hint($2, $3, NULL); }
		| PREFIX word word word ';' { hint($2, $3, $4); }
		| PREFIXINTERFACE word { begin_pif($2); } '{' pifdecls '}' {
			ps.pif = NULL;
		}
		;

pifdecls	: /* empty */
		| pifdecls pifdecl
		;

pifdecl		: ';'
		| SLAID word ';' { pif_value(0, $2); }
		| SLALEN word ';' { pif_value(1, $2); }
		;

%%

/* Sorted by name: cfg_keyword searches it by halves. */
static const struct cfg_keyword keywords[] = {
	{ "address",			ADDRESS },
	{ "authentication",		AUTHENTICATION },
	{ "domain-name",		DOMAIN },
	{ "domain-name-servers",	DNS },
	{ "ia-na",			IANA },
	{ "ia-pd",			IAPD },
	{ "id-assoc",			IDASSOC },
	{ "information-only",		INFOONLY },
	{ "interface",			INTERFACE },
	{ "keyinfo",			KEYINFO },
	{ "na",				NA },
	{ "nis-domain-name",		NISNAME },
	{ "nis-server-address",		NISADDR },
	{ "ntp-servers",		NTP },
	{ "pd",				PD },
	{ "prefix",			PREFIX },
	{ "prefix-interface",		PREFIXINTERFACE },
	{ "profile",			PROFILE },
	{ "rapid-commit",		RAPIDCOMMIT },
	{ "reconfigure-accept",		RECONFACCEPT },
	{ "refreshtime",		REFRESHTIME },
	{ "request",			REQUEST },
	{ "script",			SCRIPT },
	{ "send",			SEND },
	{ "sip-server-address",		SIPADDR },
	{ "sip-server-domain-name",	SIPNAME },
	{ "sla-id",			SLAID },
	{ "sla-len",			SLALEN },
};
#define NKEYWORDS	(sizeof(keywords) / sizeof(keywords[0]))

const char *
c6_oro_name(uint16_t code)
{
	switch (code) {
	case D6O_DNS_SERVERS:	return "domain-name-servers";
	case D6O_DOMAIN_LIST:	return "domain-name";
	case D6O_SNTP_SERVERS:	return "ntp-servers";
	case D6O_SIP_SERVER_A:	return "sip-server-address";
	case D6O_SIP_SERVER_D:	return "sip-server-domain-name";
	case D6O_INFO_REFRESH:	return "refreshtime";
	case D6O_NIS_SERVERS:	return "nis-server-address";
	case D6O_NIS_DOMAIN:	return "nis-domain-name";
	}
	return "?";
}

/* For the unit tests: is the keyword table usable? */
int	c6_conf_keywords_ok(void);
int
c6_conf_keywords_ok(void)
{
	return cfg_keywords_sorted(keywords, NKEYWORDS);
}

static void
perr(const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cfg_error(&ps.lex, "%s", msg);
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

static int
is_number(const char *s)
{
	return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

static int
yylex(void)
{
	struct cfg_token	 t;
	int			 type, k;
	char			**np;

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
	if (type == CFG_PUNCT) {
		free(t.text);
		return t.ch;
	}
	if (type == CFG_WORD &&
	    (k = cfg_keyword(keywords, NKEYWORDS, t.text)) != -1) {
		free(t.text);
		return k;
	}
	if (ps.npool == ps.poolcap) {
		size_t	 n = ps.poolcap ? ps.poolcap * 2 : 64;

		if ((np = reallocarray(ps.pool, n, sizeof(*np))) == NULL) {
			free(t.text);
			nomem();
			return ERROR;
		}
		ps.pool = np;
		ps.poolcap = n;
	}
	ps.pool[ps.npool++] = t.text;
	yylval.s = t.text;
	if (type == CFG_WORD && is_number(t.text))
		return NUMBER;
	return STRING;
}

static int
num(const char *s, long long min, long long max, long long *out)
{
	const char	*e;

	if (cfg_number(s, min, max, out, &e) == -1) {
		perr("%s", e);
		return -1;
	}
	return 0;
}

static int
duration(const char *s, uint32_t *out)
{
	long long	 v;

	if (strcmp(s, "infinity") == 0) {
		*out = D6_INFINITY;
		return 0;
	}
	if (!is_number(s)) {
		perr("expected a lifetime in seconds or infinity, not '"
		    SHOWN "'", s);
		return -1;
	}
	if (num(s, 0, 0xfffffffeLL, &v) == -1)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int
ifname_ok(const char *name)
{
	const char	*e;

	if (cfg_ifname(name, &e) == -1) {
		perr("%s", e);
		return 0;
	}
	return 1;
}

struct c6_ifconf *
c6_conf_if(struct c6_conf *conf, const char *ifname)
{
	struct c6_ifconf	*ifc;

	TAILQ_FOREACH(ifc, &conf->ifs, entry)
		if (strcmp(ifc->ifname, ifname) == 0)
			return ifc;
	return NULL;
}

struct c6_ifconf *
c6_conf_add_if(struct c6_conf *conf, const char *ifname)
{
	struct c6_ifconf	*ifc;

	if ((ifc = calloc(1, sizeof(*ifc))) == NULL)
		return NULL;
	strlcpy(ifc->ifname, ifname, sizeof(ifc->ifname));
	TAILQ_INSERT_TAIL(&conf->ifs, ifc, entry);
	return ifc;
}

static void
begin_if(const char *name)
{
	ps.ifc = NULL;
	if (!ifname_ok(name))
		return;
	if (c6_conf_if(ps.conf, name) != NULL) {
		perr("interface %s is configured twice", name);
		return;
	}
	if ((ps.ifc = c6_conf_add_if(ps.conf, name)) == NULL) {
		nomem();
		return;
	}
	ps.ifc->line = ps.lex.tok_line;
}

static void
send_ia(uint16_t type, const char *id)
{
	long long	 v = 0;
	struct ref	*r;

	if (ps.ifc == NULL)
		return;
	if (id != NULL && num(id, 0, 0xffffffffLL, &v) == -1)
		return;
	if (ps.nrefs == ps.refcap) {
		size_t	 n = ps.refcap ? ps.refcap * 2 : 16;

		if ((r = reallocarray(ps.refs, n, sizeof(*r))) == NULL) {
			nomem();
			return;
		}
		ps.refs = r;
		ps.refcap = n;
	}
	r = &ps.refs[ps.nrefs++];
	r->ifc = ps.ifc;
	r->type = type;
	r->iaid = (uint32_t)v;
	r->file = ps.lex.tok_file;
	r->line = ps.lex.tok_line;
}

static void
send_rapid(void)
{
	if (ps.ifc != NULL)
		ps.ifc->flags |= C6F_RAPID;
}

static void
request(uint16_t code)
{
	int	 i;

	if (ps.ifc == NULL)
		return;
	for (i = 0; i < ps.ifc->noro; i++)
		if (ps.ifc->oro[i] == code) {
			log_info("%s:%d: %s requested twice (ignored)",
			    ps.lex.tok_file, ps.lex.tok_line,
			    c6_oro_name(code));
			return;
		}
	if (ps.ifc->noro >= C6_MAX_ORO) {
		perr("too many request options");
		return;
	}
	ps.ifc->oro[ps.ifc->noro++] = code;
}

static void
script(const char *path)
{
	if (ps.ifc == NULL)
		return;
	if (ps.ifc->script != NULL) {
		perr("script given twice for %s", ps.ifc->ifname);
		return;
	}
	if (path[0] != '/') {
		perr("script must be an absolute path");
		return;
	}
	if ((ps.ifc->script = strdup(path)) == NULL)
		nomem();
}

static void
begin_ia(uint16_t type, const char *id)
{
	struct c6_iaconf	*iac;
	long long		 v = 0;

	ps.iac = NULL;
	if (id != NULL && num(id, 0, 0xffffffffLL, &v) == -1)
		return;
	TAILQ_FOREACH(iac, &ps.conf->ias, entry)
		if (iac->type == type && iac->iaid == (uint32_t)v) {
			perr("id-assoc %s %lld is defined twice",
			    type == D6O_IA_NA ? "na" : "pd", v);
			return;
		}
	if ((iac = calloc(1, sizeof(*iac))) == NULL) {
		nomem();
		return;
	}
	iac->type = type;
	iac->iaid = (uint32_t)v;
	iac->line = ps.lex.tok_line;
	TAILQ_INSERT_TAIL(&ps.conf->ias, iac, entry);
	ps.iac = iac;
}

static void
hint(const char *what, const char *pl, const char *vl)
{
	struct c6_hint	 h;
	const char	*e;
	int		 plen;

	if (ps.iac == NULL)
		return;
	memset(&h, 0, sizeof(h));
	if (ps.iac->type == D6O_IA_NA) {
		if (inet_pton(AF_INET6, what, &h.addr) != 1) {
			perr("expected an IPv6 address, not '" SHOWN "'",
			    what);
			return;
		}
		h.plen = 128;
	} else {
		if (cfg_prefix6(what, &h.addr, &plen, &e) == -1) {
			perr("%s", e);
			return;
		}
		h.plen = plen;
	}
	if (duration(pl, &h.pl) == -1)
		return;
	h.vl = h.pl;
	if (vl != NULL && duration(vl, &h.vl) == -1)
		return;
	if (h.vl != D6_INFINITY && h.pl > h.vl) {
		perr("preferred lifetime %u is longer than valid lifetime %u",
		    h.pl, h.vl);
		return;
	}
	if (ps.iac->nhints >= C6_MAX_HINTS) {
		perr("too many hints in one id-assoc (at most %d)",
		    C6_MAX_HINTS);
		return;
	}
	ps.iac->hints[ps.iac->nhints++] = h;
}

static void
begin_pif(const char *name)
{
	int	 i;

	ps.pif = NULL;
	if (ps.iac == NULL || !ifname_ok(name))
		return;
	for (i = 0; i < ps.iac->npifs; i++)
		if (strcmp(ps.iac->pifs[i].ifname, name) == 0) {
			perr("prefix-interface %s given twice", name);
			return;
		}
	if (ps.iac->npifs >= C6_MAX_PIFS) {
		perr("too many prefix-interfaces (at most %d)", C6_MAX_PIFS);
		return;
	}
	ps.pif = &ps.iac->pifs[ps.iac->npifs++];
	memset(ps.pif, 0, sizeof(*ps.pif));
	strlcpy(ps.pif->ifname, name, sizeof(ps.pif->ifname));
	ps.pif->sla_len = 16;
}

static void
pif_value(int which, const char *v)
{
	long long	 n;

	if (ps.pif == NULL)
		return;
	if (which == 0) {
		if (num(v, 0, 0xffffffffLL, &n) == 0)
			ps.pif->sla_id = (uint32_t)n;
	} else {
		/* a /64 at most is made: sla-len 0-64 */
		if (num(v, 0, 64, &n) == 0)
			ps.pif->sla_len = (int)n;
	}
}

static void
unsupported(const char *what)
{
	perr("%s is not supported (see dhcp6c.conf(5))", what);
}

static void
begin_key(const char *name)
{
	struct c6_key	*k;

	ps.key = NULL;
	TAILQ_FOREACH(k, &ps.conf->keys, entry)
		if (strcmp(k->name, name) == 0) {
			perr("keyinfo %s is defined twice", name);
			return;
		}
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		nomem();
		return;
	}
	if (strlcpy(k->name, name, sizeof(k->name)) >= sizeof(k->name)) {
		perr("keyinfo name too long");
		free(k);
		return;
	}
	k->line = ps.lex.tok_line;
	TAILQ_INSERT_TAIL(&ps.conf->keys, k, entry);
	ps.key = k;
}

static void
begin_auth(const char *name)
{
	struct c6_authconf	*a;

	ps.auth = NULL;
	TAILQ_FOREACH(a, &ps.conf->auths, entry)
		if (strcmp(a->name, name) == 0) {
			perr("authentication %s is defined twice", name);
			return;
		}
	if ((a = calloc(1, sizeof(*a))) == NULL) {
		nomem();
		return;
	}
	if (strlcpy(a->name, name, sizeof(a->name)) >= sizeof(a->name)) {
		perr("authentication name too long");
		free(a);
		return;
	}
	a->line = ps.lex.tok_line;
	TAILQ_INSERT_TAIL(&ps.conf->auths, a, entry);
	ps.auth = a;
}


static void
kv(const char *k, const char *v)
{
	long long	 n;

	if (ps.key != NULL) {
		if (strcmp(k, "realm") == 0) {
			if (strlcpy(ps.key->realm, v, sizeof(ps.key->realm))
			    >= sizeof(ps.key->realm) || *v == '\0')
				perr("realm: 1 to 255 bytes");
		} else if (strcmp(k, "keyid") == 0) {
			if (num(v, 0, 0xffffffffLL, &n) == 0) {
				ps.key->keyid = (uint32_t)n;
				ps.key->has_keyid = 1;
			}
		} else if (strcmp(k, "secret") == 0) {
			if (d6_base64_decode(v, ps.key->secret,
			    sizeof(ps.key->secret), &ps.key->secretlen) == -1)
				perr("secret: not base64 of 1 to %zu bytes",
				    sizeof(ps.key->secret));
		} else if (strcmp(k, "expire") == 0) {
			if (d6_expire_parse(v, &ps.key->expire) == -1)
				perr("expire: expected \"yyyy-mm-dd HH:MM\", "
				    "\"mm-dd HH:MM\", \"HH:MM\" or "
				    "\"forever\"");
		} else
			perr("keyinfo: unknown item \"" SHOWN "\" (realm, "
			    "keyid, secret or expire)", k);
		return;
	}
	if (ps.auth != NULL) {
		if (strcmp(k, "protocol") == 0) {
			if (strcmp(v, "delayed") != 0)
				perr("protocol %s is not supported (delayed "
				    "only)", v);
		} else if (strcmp(k, "algorithm") == 0) {
			if (strcasecmp(v, "hmac-md5") != 0 &&
			    strcasecmp(v, "hmacmd5") != 0)
				perr("algorithm %s is not supported (hmac-md5 "
				    "only)", v);
		} else if (strcmp(k, "rdm") == 0) {
			if (strcmp(v, "monocounter") != 0)
				perr("rdm %s is not supported (monocounter "
				    "only)", v);
		} else
			perr("authentication: unknown item \"" SHOWN "\" "
			    "(protocol, algorithm or rdm)", k);
	}
}

static void
end_block(void)
{
	if (ps.key != NULL && (ps.key->realm[0] == '\0' ||
	    !ps.key->has_keyid || ps.key->secretlen == 0))
		cfg_error_at(&ps.lex, ps.lex.tok_file, ps.key->line,
		    "keyinfo %s: realm, keyid and secret are all required",
		    ps.key->name);
	ps.key = NULL;
	ps.auth = NULL;
}

static void
send_auth(const char *name)
{
	if (ps.ifc == NULL)
		return;
	free(ps.ifc->authname);
	if ((ps.ifc->authname = strdup(name)) == NULL)
		nomem();
}

/* The checks that need the whole file. */
static void
resolve(void)
{
	struct c6_iaconf	*iac;
	struct c6_ifconf	*ifc;
	struct ref		*r;
	size_t			 i;
	int			 j;

	for (i = 0; i < ps.nrefs; i++) {
		r = &ps.refs[i];
		TAILQ_FOREACH(iac, &ps.conf->ias, entry)
			if (iac->type == r->type && iac->iaid == r->iaid)
				break;
		if (iac == NULL) {
			cfg_error_at(&ps.lex, r->file, r->line,
			    "%s (%u) is not defined", r->type == D6O_IA_NA ?
			    "IA_NA" : "IA_PD", r->iaid);
			continue;
		}
		for (j = 0; j < r->ifc->nia; j++)
			if (r->ifc->ia[j] == iac)
				break;
		if (j < r->ifc->nia)
			continue;	/* sent twice: once is enough */
		if (iac->used) {
			cfg_error_at(&ps.lex, r->file, r->line,
			    "%s (%u) is sent on another interface already",
			    r->type == D6O_IA_NA ? "IA_NA" : "IA_PD",
			    r->iaid);
			continue;
		}
		if (r->ifc->nia >= C6_MAX_IA) {
			cfg_error_at(&ps.lex, r->file, r->line,
			    "too many IAs on %s (at most %d)",
			    r->ifc->ifname, C6_MAX_IA);
			continue;
		}
		iac->used = 1;
		r->ifc->ia[r->ifc->nia++] = iac;
	}
	TAILQ_FOREACH(iac, &ps.conf->ias, entry)
		if (!iac->used)
			log_info("id-assoc %s %u (line %d) is defined but not "
			    "used", iac->type == D6O_IA_NA ? "na" : "pd",
			    iac->iaid, iac->line);
	TAILQ_FOREACH(ifc, &ps.conf->ifs, entry) {
		struct c6_authconf *a;

		if (ifc->authname == NULL)
			continue;
		TAILQ_FOREACH(a, &ps.conf->auths, entry)
			if (strcmp(a->name, ifc->authname) == 0)
				break;
		if (a == NULL)
			cfg_error_at(&ps.lex, ps.lex.tok_file, ifc->line,
			    "interface %s: no authentication named %s",
			    ifc->ifname, ifc->authname);
		else if (TAILQ_EMPTY(&ps.conf->keys))
			cfg_error_at(&ps.lex, ps.lex.tok_file, ifc->line,
			    "interface %s: authentication without any "
			    "keyinfo", ifc->ifname);
		ifc->keys = &ps.conf->keys;
	}
	TAILQ_FOREACH(ifc, &ps.conf->ifs, entry)
		for (j = 0; j < ifc->nia; j++) {
			struct c6_iaconf *ia = ifc->ia[j];
			int		  k;

			for (k = 0; k < ia->npifs; k++)
				if (strcmp(ia->pifs[k].ifname,
				    ifc->ifname) == 0)
					log_info("prefix-interface %s is the "
					    "interface the prefix comes from: "
					    "skipped (RFC 8415 6.3)",
					    ifc->ifname);
		}
}

void
c6_conf_msgfn(void (*fn)(const char *, void *), void *arg)
{
	msgfn = fn;
	msgarg = arg;
}

void
c6_conf_free(struct c6_conf *conf)
{
	struct c6_ifconf	*ifc;
	struct c6_iaconf	*iac;
	struct c6_key		*k;
	struct c6_authconf	*a;

	if (conf == NULL)
		return;
	while ((k = TAILQ_FIRST(&conf->keys)) != NULL) {
		TAILQ_REMOVE(&conf->keys, k, entry);
		explicit_bzero(k, sizeof(*k));
		free(k);
	}
	while ((a = TAILQ_FIRST(&conf->auths)) != NULL) {
		TAILQ_REMOVE(&conf->auths, a, entry);
		free(a);
	}
	while ((ifc = TAILQ_FIRST(&conf->ifs)) != NULL) {
		TAILQ_REMOVE(&conf->ifs, ifc, entry);
		free(ifc->authname);
		free(ifc->script);
		free(ifc);
	}
	while ((iac = TAILQ_FIRST(&conf->ias)) != NULL) {
		TAILQ_REMOVE(&conf->ias, iac, entry);
		free(iac);
	}
	free(conf);
}

struct c6_conf *
c6_conf_load(const char *name, const char *data, size_t len, int *errors)
{
	struct c6_conf	*conf;
	size_t		 i;
	int		 rc;

	*errors = 0;
	if ((conf = calloc(1, sizeof(*conf))) == NULL) {
		*errors = 1;
		return NULL;
	}
	TAILQ_INIT(&conf->ifs);
	TAILQ_INIT(&conf->ias);
	TAILQ_INIT(&conf->keys);
	TAILQ_INIT(&conf->auths);
	memset(&ps, 0, sizeof(ps));
	ps.conf = conf;
	cfg_init(&ps.lex, CFG_F_INCLUDE, NULL);
	ps.lex.errfn = msgfn;
	ps.lex.errarg = msgarg;
	if (data != NULL)
		rc = cfg_push_string(&ps.lex, name, data, len);
	else
		rc = cfg_push_file(&ps.lex, name);
	if (rc == 0) {
		if (yyparse() != 0 && ps.lex.errors == 0)
			cfg_error(&ps.lex, "syntax error");
		if (ps.lex.errors == 0)
			resolve();
	}
	*errors = ps.lex.errors + (rc != 0 && ps.lex.errors == 0);
	for (i = 0; i < ps.npool; i++)
		free(ps.pool[i]);
	free(ps.pool);
	free(ps.refs);
	cfg_free(&ps.lex);
	if (*errors != 0) {
		c6_conf_free(conf);
		return NULL;
	}
	return conf;
}
