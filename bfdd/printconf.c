/*
 * bfd_conf_print: the configuration written back as bfdd.conf(5) text
 * (bfdd -n), which parses to the same model.
 */
#include <sys/queue.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bfdd.h"
#include "log.h"

/* Quoted, with the two escapes the lexer knows for what may occur. */
static void
print_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* In the largest unit that states it exactly, so it reads back as is. */
static void
print_time(FILE *f, uint64_t us)
{
	if (us != 0 && us % 1000000 == 0)
		fprintf(f, "%llus", (unsigned long long)(us / 1000000));
	else if (us != 0 && us % 1000 == 0)
		fprintf(f, "%llums", (unsigned long long)(us / 1000));
	else
		fprintf(f, "%lluus", (unsigned long long)us);
}

static void
print_bool(FILE *f, const char *indent, const char *name, int b)
{
	fprintf(f, "%s%s %s;\n", indent, name, b ? "yes" : "no");
}

static void
print_addr(FILE *f, int family, const struct in6_addr *a)
{
	char	 buf[INET6_ADDRSTRLEN];

	if (family == AF_INET)
		inet_ntop(AF_INET, &a->s6_addr[12], buf, sizeof(buf));
	else
		inet_ntop(AF_INET6, a, buf, sizeof(buf));
	fputs(buf, f);
}

static void
print_date(FILE *f, const char *indent, const char *name, time_t t)
{
	struct tm	 tm;
	char		 buf[64];

	if (t == 0 || localtime_r(&t, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm) == 0)
		return;
	fprintf(f, "%s%s \"%s\";\n", indent, name, buf);
}

/* Keys in hex whatever they hold, so binary ones survive the trip. */
static void
print_key(FILE *f, const char *indent, const struct bfd_key *k)
{
	char	 in2[16];
	int	 i;

	fprintf(f, "%skey %u hex \"", indent, k->id);
	for (i = 0; i < k->len; i++)
		fprintf(f, "%02x", k->data[i]);
	fputc('"', f);
	if (k->send_from == 0 && k->send_to == 0 && k->accept_from == 0 &&
	    k->accept_to == 0) {
		fputs(";\n", f);
		return;
	}
	fputs(" {\n", f);
	snprintf(in2, sizeof(in2), "%s\t", indent);
	print_date(f, in2, "send-from", k->send_from);
	print_date(f, in2, "send-to", k->send_to);
	print_date(f, in2, "accept-from", k->accept_from);
	print_date(f, in2, "accept-to", k->accept_to);
	fprintf(f, "%s};\n", indent);
}

/* Only what the block sets: what it leaves out comes from below. */
static void
print_opts(FILE *f, const struct bfd_opts *o)
{
	const struct bfd_key	*k;

	if (o->profile != NULL) {
		fputs("\tprofile ", f);
		print_string(f, o->profile);
		fputs(";\n", f);
	}
	if (o->set & BFD_OPT_MINRX) {
		fputs("\tmin-rx-interval ", f);
		print_time(f, o->min_rx);
		fputs(";\n", f);
	}
	if (o->set & BFD_OPT_MINTX) {
		fputs("\tmin-tx-interval ", f);
		print_time(f, o->min_tx);
		fputs(";\n", f);
	}
	if (o->set & BFD_OPT_IDLETX) {
		fputs("\tidle-tx-interval ", f);
		print_time(f, o->idle_tx);
		fputs(";\n", f);
	}
	if (o->set & BFD_OPT_MULT)
		fprintf(f, "\tmultiplier %u;\n", o->mult);
	if (o->set & BFD_OPT_PASSIVE)
		print_bool(f, "\t", "passive", o->passive);
	if (o->set & BFD_OPT_MINTTL)
		fprintf(f, "\tmin-ttl %u;\n", o->min_ttl);
	if (o->set & BFD_OPT_P2PANY)
		print_bool(f, "\t", "p2p-any-source", o->p2p_any_source);
	if (o->set & BFD_OPT_AUTH)
		fprintf(f, "\tauthentication %s;\n",
		    bfd_auth_keyword(o->auth.type));
	if (o->set & BFD_OPT_AUTHTRANS)
		print_bool(f, "\t", "authentication-transition",
		    o->auth_transition);
	TAILQ_FOREACH(k, &o->auth.keys, entry)
		print_key(f, "\t", k);
}

static int
opts_empty(const struct bfd_opts *o)
{
	return o->set == 0 && o->profile == NULL &&
	    TAILQ_EMPTY(&o->auth.keys);
}

/* " {", the options and "};", or ";" for a block with none. */
static void
print_body(FILE *f, const struct bfd_opts *o)
{
	if (opts_empty(o)) {
		fputs(";\n", f);
		return;
	}
	fputs(" {\n", f);
	print_opts(f, o);
	fputs("};\n", f);
}

/* No reverse of log_facility_byname in log.h: ask it each name. */
static const char *
facility_name(int fac)
{
	static const char *const names[] = {
		"daemon", "local0", "local1", "local2", "local3", "local4",
		"local5", "local6", "local7", "auth", "authpriv", "user"
	};
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (log_facility_byname(names[i]) == fac)
			return names[i];
	return NULL;
}

/* Every option, defaults included: bfdd -n shows what bfdd will use. */
static void
print_options(const struct bfd_conf *conf, FILE *f)
{
	const char	*fac;

	fputs("options {\n\taccept", f);
	if (conf->accept & BFD_ACCEPT_IPV4)
		fputs(" ipv4", f);
	if (conf->accept & BFD_ACCEPT_IPV6)
		fputs(" ipv6", f);
	if (conf->accept & BFD_ACCEPT_DIRECT)
		fputs(" direct", f);
	if (conf->accept & BFD_ACCEPT_MULTIHOP)
		fputs(" multihop", f);
	fputs(";\n", f);
	print_bool(f, "\t", "strict-bind", conf->strict_bind);
	if (conf->control_socket != NULL) {
		fputs("\tcontrol-socket ", f);
		print_string(f, conf->control_socket);
		fputs(";\n", f);
	}
	fprintf(f, "\tcontrol-mode 0%03o;\n", (unsigned)conf->control_mode);
	if (conf->control_group != NULL) {
		fputs("\tcontrol-group ", f);
		print_string(f, conf->control_group);
		fputs(";\n", f);
	}
	if (conf->dump_file != NULL) {
		fputs("\tdump-file ", f);
		print_string(f, conf->dump_file);
		fputs(";\n", f);
	}
	if ((fac = facility_name(conf->log_facility)) != NULL)
		fprintf(f, "\tlog-facility %s;\n", fac);
	fprintf(f, "\tsource-port-range %u %u;\n", conf->port_lo,
	    conf->port_hi);
	fprintf(f, "\ttraffic-class 0x%02x;\n", conf->tclass);
	print_bool(f, "\t", "zero-udp6-checksum-rx",
	    conf->zero_udp6_checksum_rx);
	fputs("\tclient-hold-time ", f);
	print_time(f, conf->client_hold_time);
	fputs(";\n", f);
	fprintf(f, "\tmax-sessions %u;\n", conf->max_sessions);
	print_bool(f, "\t", "kernel-ttl-check", conf->kernel_ttl_check);
	print_bool(f, "\t", "exit-admin-down", conf->exit_admin_down);
	fputs("};\n", f);
}

static void
print_neighbor(FILE *f, const struct bfd_neighbor *nb)
{
	fputs("neighbor ", f);
	print_addr(f, nb->family, &nb->addr);
	if (nb->ifname[0] != '\0') {
		fputs(" interface ", f);
		print_string(f, nb->ifname);
	}
	if (nb->has_local) {
		fputs(" local ", f);
		print_addr(f, nb->family, &nb->local);
	}
	if (nb->multihop)
		fputs(" multihop", f);
	if (opts_empty(&nb->opts) && !nb->shutdown &&
	    nb->description == NULL) {
		fputs(";\n", f);
		return;
	}
	fputs(" {\n", f);
	if (nb->shutdown)
		fputs("\tshutdown yes;\n", f);
	if (nb->description != NULL) {
		fputs("\tdescription ", f);
		print_string(f, nb->description);
		fputs(";\n", f);
	}
	print_opts(f, &nb->opts);
	fputs("};\n", f);
}

void
bfd_conf_print(const struct bfd_conf *conf, FILE *f)
{
	const struct bfd_profile	*pr;
	const struct bfd_ifblock	*ib;
	const struct bfd_neighbor	*nb;
	int				 i;

	print_options(conf, f);
	TAILQ_FOREACH(pr, &conf->profiles, entry) {
		fputs("\nprofile ", f);
		print_string(f, pr->name);
		/* a profile always has a body in the grammar */
		fputs(" {\n", f);
		print_opts(f, &pr->opts);
		fputs("};\n", f);
	}
	TAILQ_FOREACH(ib, &conf->ifblocks, entry) {
		fputs("\ninterface ", f);
		for (i = 0; i < ib->npatterns; i++) {
			if (i > 0)
				fputs(", ", f);
			print_string(f, ib->patterns[i]);
		}
		print_body(f, &ib->opts);
	}
	if (conf->have_multihop) {
		fputs("\nmultihop", f);
		print_body(f, &conf->multihop);
	}
	if (!TAILQ_EMPTY(&conf->neighbors))
		fputs("\n", f);
	TAILQ_FOREACH(nb, &conf->neighbors, entry)
		print_neighbor(f, nb);
}
