/*
 * The bfdd configuration model: its defaults, freeing it, interface
 * patterns, and the layering that gives a session its parameters.
 */
#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "bfdd.h"

void
bfd_opts_init(struct bfd_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->auth.type = BFD_AUTH_NONE;
	TAILQ_INIT(&o->auth.keys);
}

void
bfd_opts_free(struct bfd_opts *o)
{
	if (o == NULL)
		return;
	bfd_auth_clear(&o->auth);
	free(o->profile);
	bfd_opts_init(o);
}

struct bfd_conf *
bfd_conf_new(void)
{
	struct bfd_conf	*conf;

	if ((conf = calloc(1, sizeof(*conf))) == NULL)
		return NULL;
	conf->accept = BFD_ACCEPT_ALL;
	conf->control_mode = 0660;
	conf->log_facility = LOG_DAEMON;
	conf->port_lo = BFD_SRCPORT_MIN;
	conf->port_hi = BFD_SRCPORT_MAX;
	/* CS6 (RFC 4594): BFD is network control traffic */
	conf->tclass = 0xc0;
	conf->client_hold_time = 10 * 1000000ULL;
	conf->max_sessions = 1024;
	conf->exit_admin_down = 1;
	TAILQ_INIT(&conf->profiles);
	TAILQ_INIT(&conf->ifblocks);
	TAILQ_INIT(&conf->neighbors);
	bfd_opts_init(&conf->multihop);
	if ((conf->control_socket = strdup(BFDD_SOCK)) == NULL ||
	    (conf->dump_file = strdup(BFDD_DUMP)) == NULL) {
		bfd_conf_free(conf);
		return NULL;
	}
	return conf;
}

void
bfd_conf_free(struct bfd_conf *conf)
{
	struct bfd_profile	*pr;
	struct bfd_ifblock	*ib;
	struct bfd_neighbor	*nb;
	int			 i;

	if (conf == NULL)
		return;
	while ((pr = TAILQ_FIRST(&conf->profiles)) != NULL) {
		TAILQ_REMOVE(&conf->profiles, pr, entry);
		bfd_opts_free(&pr->opts);
		free(pr->name);
		free(pr);
	}
	while ((ib = TAILQ_FIRST(&conf->ifblocks)) != NULL) {
		TAILQ_REMOVE(&conf->ifblocks, ib, entry);
		bfd_opts_free(&ib->opts);
		for (i = 0; i < ib->npatterns; i++)
			free(ib->patterns[i]);
		free(ib->patterns);
		free(ib);
	}
	while ((nb = TAILQ_FIRST(&conf->neighbors)) != NULL) {
		TAILQ_REMOVE(&conf->neighbors, nb, entry);
		bfd_opts_free(&nb->opts);
		free(nb->description);
		free(nb);
	}
	bfd_opts_free(&conf->multihop);
	free(conf->control_socket);
	free(conf->control_group);
	free(conf->dump_file);
	free(conf);
}

const struct bfd_profile *
bfd_conf_profile(const struct bfd_conf *conf, const char *name)
{
	const struct bfd_profile	*pr;

	if (name == NULL)
		return NULL;
	TAILQ_FOREACH(pr, &conf->profiles, entry)
		if (strcmp(pr->name, name) == 0)
			return pr;
	return NULL;
}

/*
 * Shell-style matching of an interface name: '*' any run, '?' one byte,
 * '\' takes the next byte literally (Linux allows '*' and '?' in names).
 * Iterative, remembering only the last '*': linear in practice, never
 * exponential, whatever the pattern.
 */
static int
pattern_match(const char *pat, const char *name)
{
	const char	*star = NULL, *resume = NULL;

	while (*name != '\0') {
		if (*pat == '*') {
			star = ++pat;
			resume = name;
			continue;
		}
		if (*pat == '?' ||
		    (*pat == '\\' && pat[1] != '\0' && pat[1] == *name) ||
		    (*pat != '\\' && *pat != '\0' && *pat == *name)) {
			pat += *pat == '\\' ? 2 : 1;
			name++;
			continue;
		}
		if (star == NULL)
			return 0;
		/* let the last '*' swallow one more byte */
		pat = star;
		name = ++resume;
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

/*
 * As in BIRD, the first pattern that matches decides: a plain one
 * accepts the interface, a negated one ("-eth1") refuses it; a name no
 * pattern matches is refused.
 */
int
bfd_ifblock_match(const struct bfd_ifblock *ib, const char *ifname)
{
	const char	*p;
	int		 i, neg;

	if (ifname == NULL || *ifname == '\0')
		return 0;
	for (i = 0; i < ib->npatterns; i++) {
		p = ib->patterns[i];
		if ((neg = p[0] == '-'))
			p++;
		if (pattern_match(p, ifname))
			return !neg;
	}
	return 0;
}

void
bfd_params_default(struct bfd_params *p)
{
	memset(p, 0, sizeof(*p));
	p->min_rx = BFD_DEF_MINRX;
	p->min_tx = BFD_DEF_MINTX;
	p->idle_tx = BFD_DEF_IDLETX;
	p->mult = BFD_DEF_MULT;
}

/* Copy what o sets over p; the authentication layers by reference. */
static void
opts_apply(const struct bfd_opts *o, struct bfd_params *p,
    const struct bfd_opts **authsrc, const struct bfd_opts **keysrc)
{
	if (o->set & BFD_OPT_MINRX)
		p->min_rx = o->min_rx;
	if (o->set & BFD_OPT_MINTX)
		p->min_tx = o->min_tx;
	if (o->set & BFD_OPT_IDLETX)
		p->idle_tx = o->idle_tx;
	if (o->set & BFD_OPT_MULT)
		p->mult = o->mult;
	if (o->set & BFD_OPT_PASSIVE)
		p->passive = o->passive;
	if (o->set & BFD_OPT_MINTTL)
		p->min_ttl = o->min_ttl;
	if (o->set & BFD_OPT_P2PANY)
		p->p2p_any_source = o->p2p_any_source;
	if (o->set & BFD_OPT_AUTHTRANS)
		p->auth_transition = o->auth_transition;
	if ((o->set & BFD_OPT_AUTH) && authsrc != NULL)
		*authsrc = o;
	if ((o->set & BFD_OPT_KEYS) && keysrc != NULL)
		*keysrc = o;
}

int
bfd_opts_layer(const struct bfd_conf *conf, const struct bfd_opts *o,
    struct bfd_params *p, const struct bfd_opts **authsrc,
    const struct bfd_opts **keysrc)
{
	const struct bfd_profile	*pr = NULL;

	if (o->profile != NULL &&
	    (pr = bfd_conf_profile(conf, o->profile)) == NULL)
		return -1;
	/* a profile that names a profile is refused by the grammar */
	if (pr != NULL)
		opts_apply(&pr->opts, p, authsrc, keysrc);
	opts_apply(o, p, authsrc, keysrc);
	return 0;
}

const struct bfd_ifblock *
bfd_conf_ifblock(const struct bfd_conf *conf, const char *ifname)
{
	const struct bfd_ifblock	*ib;

	TAILQ_FOREACH(ib, &conf->ifblocks, entry)
		if (bfd_ifblock_match(ib, ifname))
			return ib;
	return NULL;
}

/* Does any interface block turn p2p-any-source on? */
int
bfd_conf_p2p_any(const struct bfd_conf *conf)
{
	const struct bfd_ifblock	*ib;

	TAILQ_FOREACH(ib, &conf->ifblocks, entry)
		if ((ib->opts.set & BFD_OPT_P2PANY) &&
		    ib->opts.p2p_any_source)
			return 1;
	return 0;
}

int
bfd_conf_session(const struct bfd_conf *conf, int multihop,
    const char *ifname, const struct bfd_opts *over, struct bfd_params *p,
    struct bfd_auth *auth)
{
	const struct bfd_opts		*block = NULL, *authsrc = NULL;
	const struct bfd_opts		*keysrc = NULL;
	const struct bfd_ifblock	*ib;

	auth->type = BFD_AUTH_NONE;
	TAILQ_INIT(&auth->keys);
	bfd_params_default(p);
	if (multihop) {
		if (conf->have_multihop)
			block = &conf->multihop;
	} else if ((ib = bfd_conf_ifblock(conf, ifname)) != NULL)
		block = &ib->opts;
	if (block != NULL &&
	    bfd_opts_layer(conf, block, p, &authsrc, &keysrc) == -1)
		return -1;
	if (over != NULL &&
	    bfd_opts_layer(conf, over, p, &authsrc, &keysrc) == -1)
		return -1;
	/* each applies to one kind of session only */
	if (multihop)
		p->p2p_any_source = 0;
	else
		p->min_ttl = 0;
	/* the type and the keys may come from different layers */
	if (keysrc != NULL && bfd_auth_copy(auth, &keysrc->auth) == -1)
		return -1;
	auth->type = authsrc != NULL ? authsrc->auth.type : BFD_AUTH_NONE;
	return 0;
}
