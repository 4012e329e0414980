/*
 * Fuzz bfdd's configuration grammar: whatever parses must print back as
 * text that parses to the same model and prints the same again; every
 * message must be "name:line: text" with nothing unprintable.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bfdd.h"
#include "fuzz.h"

static int	 printout;	/* parsing our own output: no errors allowed */

static void
check_msg(int is_error, const char *msg, void *arg)
{
	fuzz_conf_msg(is_error, msg, printout);
}

static int
sdiff(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

static int
keys_diff(const struct bfd_keylist *a, const struct bfd_keylist *b)
{
	const struct bfd_key	*x, *y;

	for (x = TAILQ_FIRST(a), y = TAILQ_FIRST(b); x != NULL && y != NULL;
	    x = TAILQ_NEXT(x, entry), y = TAILQ_NEXT(y, entry))
		if (x->id != y->id || x->len != y->len ||
		    memcmp(x->data, y->data, x->len) != 0 ||
		    x->send_from != y->send_from || x->send_to != y->send_to ||
		    x->accept_from != y->accept_from ||
		    x->accept_to != y->accept_to)
			return 1;
	return x != NULL || y != NULL;
}

static int
opts_diff(const struct bfd_opts *a, const struct bfd_opts *b)
{
	return a->set != b->set || a->min_rx != b->min_rx ||
	    a->min_tx != b->min_tx || a->idle_tx != b->idle_tx ||
	    a->mult != b->mult || a->passive != b->passive ||
	    a->auth_transition != b->auth_transition ||
	    a->min_ttl != b->min_ttl ||
	    a->p2p_any_source != b->p2p_any_source ||
	    a->auth.type != b->auth.type || sdiff(a->profile, b->profile) ||
	    keys_diff(&a->auth.keys, &b->auth.keys);
}

/* Which part differs (for the crash report), or NULL. */
static const char *
conf_diff(const struct bfd_conf *a, const struct bfd_conf *b)
{
	const struct bfd_profile	*pa, *pb;
	const struct bfd_ifblock	*ia, *ib;
	const struct bfd_neighbor	*na, *nb;
	int				 i;

	if (a->accept != b->accept || a->strict_bind != b->strict_bind ||
	    a->control_mode != b->control_mode ||
	    a->log_facility != b->log_facility || a->port_lo != b->port_lo ||
	    a->port_hi != b->port_hi || a->tclass != b->tclass ||
	    a->zero_udp6_checksum_rx != b->zero_udp6_checksum_rx ||
	    a->client_hold_time != b->client_hold_time ||
	    a->max_sessions != b->max_sessions ||
	    a->kernel_ttl_check != b->kernel_ttl_check ||
	    a->exit_admin_down != b->exit_admin_down ||
	    a->has_keys != b->has_keys ||
	    sdiff(a->control_socket, b->control_socket) ||
	    sdiff(a->control_group, b->control_group) ||
	    sdiff(a->dump_file, b->dump_file))
		return "options";
	for (pa = TAILQ_FIRST(&a->profiles), pb = TAILQ_FIRST(&b->profiles);
	    pa != NULL && pb != NULL;
	    pa = TAILQ_NEXT(pa, entry), pb = TAILQ_NEXT(pb, entry))
		if (strcmp(pa->name, pb->name) != 0 ||
		    opts_diff(&pa->opts, &pb->opts))
			return "profile";
	if (pa != NULL || pb != NULL)
		return "profiles";
	for (ia = TAILQ_FIRST(&a->ifblocks), ib = TAILQ_FIRST(&b->ifblocks);
	    ia != NULL && ib != NULL;
	    ia = TAILQ_NEXT(ia, entry), ib = TAILQ_NEXT(ib, entry)) {
		if (ia->npatterns != ib->npatterns ||
		    opts_diff(&ia->opts, &ib->opts))
			return "interface block";
		for (i = 0; i < ia->npatterns; i++)
			if (strcmp(ia->patterns[i], ib->patterns[i]) != 0)
				return "pattern";
	}
	if (ia != NULL || ib != NULL)
		return "interface blocks";
	if (a->have_multihop != b->have_multihop ||
	    opts_diff(&a->multihop, &b->multihop))
		return "multihop";
	for (na = TAILQ_FIRST(&a->neighbors), nb = TAILQ_FIRST(&b->neighbors);
	    na != NULL && nb != NULL;
	    na = TAILQ_NEXT(na, entry), nb = TAILQ_NEXT(nb, entry))
		if (na->family != nb->family ||
		    memcmp(&na->addr, &nb->addr, sizeof(na->addr)) != 0 ||
		    strcmp(na->ifname, nb->ifname) != 0 ||
		    na->has_local != nb->has_local ||
		    memcmp(&na->local, &nb->local, sizeof(na->local)) != 0 ||
		    na->multihop != nb->multihop ||
		    na->shutdown != nb->shutdown ||
		    sdiff(na->description, nb->description) ||
		    opts_diff(&na->opts, &nb->opts))
			return "neighbor";
	if (na != NULL || nb != NULL)
		return "neighbors";
	return NULL;
}

/* What bfdd asks of a parsed configuration must not fail. */
static void
sessions(const struct bfd_conf *c)
{
	const struct bfd_neighbor	*nb;
	const struct bfd_ifblock	*ib;
	struct bfd_params		 p;
	struct bfd_auth			 a;
	char				 name[IF_NAMESIZE];
	size_t				 i;

	TAILQ_FOREACH(nb, &c->neighbors, entry) {
		if (bfd_conf_session(c, nb->multihop, nb->ifname, &nb->opts,
		    &p, &a) != 0)
			abort();
		if (p.mult == 0 || p.idle_tx < 1000000 || p.min_rx < 1000 ||
		    p.min_tx < 1000)
			abort();
		if (nb->multihop && (p.min_rx < 10000 || p.min_tx < 10000))
			abort();
		bfd_auth_clear(&a);
	}
	for (i = 1; i < FUZZ_NIF; i++) {
		fuzz_index2name((uint32_t)i, name);
		TAILQ_FOREACH(ib, &c->ifblocks, entry)
			bfd_ifblock_match(ib, name);
		if (bfd_conf_session(c, 0, name, NULL, &p, &a) != 0)
			abort();
		bfd_auth_clear(&a);
	}
	if (bfd_conf_session(c, 1, NULL, NULL, &p, &a) != 0)
		abort();
	bfd_auth_clear(&a);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	bfd_conf_msgfn(check_msg, NULL);
	/* summer time without tzdata: key windows meet both DST edges */
	setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
	tzset();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bfd_conf	*a, *b;
	char		*ta, *tb;
	const char	*d;
	size_t		 la, lb;
	int		 errors;

	/* include would read files of the machine (or block on a FIFO) */
	if (memmem(data, size, "include", 7) != NULL)
		return 0;
	printout = 0;
	a = bfd_conf_load_string("fuzz.conf", (const char *)data, size,
	    &errors);
	if (a == NULL) {
		if (errors <= 0)
			abort();
		return 0;
	}
	if (errors != 0)
		abort();
	sessions(a);
	ta = FUZZ_PRINT(bfd_conf_print, a, &la);
	printout = 1;
	b = bfd_conf_load_string("print.conf", ta, la, &errors);
	printout = 0;
	if (b == NULL || errors != 0)
		abort();
	if ((d = conf_diff(a, b)) != NULL) {
		fprintf(stderr, "round trip differs in %s:\n%s", d, ta);
		abort();
	}
	tb = FUZZ_PRINT(bfd_conf_print, b, &lb);
	if (la != lb || memcmp(ta, tb, la) != 0) {
		fprintf(stderr, "printed twice, differently:\n%s---\n%s", ta,
		    tb);
		abort();
	}
	free(ta);
	free(tb);
	bfd_conf_free(a);
	bfd_conf_free(b);
	return 0;
}
