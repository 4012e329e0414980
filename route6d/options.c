/*
 * The command line of route6d: KAME's flags with their messages, the
 * FreeBSD additions mapped to Linux route protocols, and our own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bfdclient.h"
#include "cfg.h"
#include "in6.h"
#include "log.h"
#include "route6d.h"
#include "rtsock.h"

#define OPTSTRING	"A:B:C:F:L:M:N:O:P:Q:R:T:c:i:m:p:t:abdDhklnqrsSV"

static __dead void
usage(void)
{
	fprintf(stderr,
	    "usage: route6d [-abdDhklnqrsSV] [-A prefix/plen,if1[,if2...]]\n"
	    "               [-B bfdsock] [-L prefix/plen,if1[,if2...]]\n"
	    "               [-N if1[,if2...]]\n"
	    "               [-O prefix/plen,if1[,if2...]] [-T if1[,if2...]]\n"
	    "               [-c cost,if1[,if2...]] [-C ctlsock] [-F dumpfile]\n"
	    "               [-i update,timeout,garbage] [-M maxroutes]\n"
	    "               [-m kmetric] [-p pidfile] [-P proto] [-Q proto]\n"
	    "               [-R routelog] [-t tag]\n");
	exit(1);
}

const char *
filter_name(char type)
{
	switch (type) {
	case 'A':
		return "Aggregate";
	case 'N':
		return "No-use";
	case 'O':
		return "Advertise-only";
	case 'T':
		return "Default-only";
	case 'L':
		return "Listen-only";
	case 'c':
		return "Cost";
	}
	return "Unknown";
}

/* An interface name or fnmatch pattern: Linux's rules, plus * ? [ ]. */
static int
ifpat_ok(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n >= IF_NAMESIZE || strcmp(s, ".") == 0 ||
	    strcmp(s, "..") == 0)
		return 0;
	for (; *s != '\0'; s++)
		if (*s == '/' || *s == ':' || *s == ' ' || *s == '\t' ||
		    *s == '\n')
			return 0;
	return 1;
}

/* Split "x,if1,if2" after the first field into filters of one type. */
static void
add_filters(struct config *cfg, char type, const char *arg,
    const char *iflist, const struct in6_addr *prefix, int plen,
    unsigned cost)
{
	char		*list, *p, *name;
	struct filter	*f;

	if (iflist == NULL || *iflist == '\0')
		fatalx("no interface specified for '%s'", arg);
	if ((list = strdup(iflist)) == NULL)
		fatal("strdup");
	for (p = list; (name = strsep(&p, ",")) != NULL; ) {
		if (!ifpat_ok(name))
			fatalx("invalid interface name '%s' in '%s'", name,
			    arg);
		if (++cfg->nfilters > MAXFILTER)
			fatalx("Exceeds MAXFILTER");
		if ((f = calloc(1, sizeof(*f))) == NULL ||
		    (f->ifpat = strdup(name)) == NULL)
			fatal("calloc");
		f->type = type;
		if (prefix != NULL)
			f->prefix = *prefix;
		f->plen = plen;
		f->cost = cost;
		TAILQ_INSERT_TAIL(&cfg->filters, f, entry);
	}
	free(list);
}

/* -A, -L, -O: prefix/plen,if1[,if2...] */
static void
prefix_filter(struct config *cfg, char type, const char *arg)
{
	char		 buf[INET6_ADDRSTRLEN + 8];
	const char	*comma, *slash;
	struct in6_addr	 a;
	int		 plen;
	size_t		 n;

	comma = strchr(arg, ',');
	n = comma ? (size_t)(comma - arg) : strlen(arg);
	slash = memchr(arg, '/', n);
	if (slash == NULL)
		fatalx("no prefixlen specified for '%s'", arg);
	if (n >= sizeof(buf))
		fatalx("invalid prefix specified for '%s'", arg);
	memcpy(buf, arg, n);
	buf[n] = '\0';
	if (in6_prefix_parse(buf, &a, &plen, 1) == -1) {
		if (errno == ERANGE)
			fatalx("invalid prefix length specified for '%s'",
			    arg);
		fatalx("invalid prefix specified for '%s'", arg);
	}
	/* KAME masks the filter prefix to its length before storing it */
	in6_applyplen(&a, plen);
	add_filters(cfg, type, arg, comma ? comma + 1 : NULL, &a, plen, 0);
}

/* -c cost,if1[,if2...] */
static void
cost_filter(struct config *cfg, const char *arg)
{
	const char	*comma = strchr(arg, ',');
	char		 num[16];
	long long	 v;
	const char	*err;
	size_t		 n = comma ? (size_t)(comma - arg) : strlen(arg);

	if (n == 0 || n >= sizeof(num))
		fatalx("invalid interface cost in '%s'", arg);
	memcpy(num, arg, n);
	num[n] = '\0';
	if (cfg_number(num, 0, 15, &v, &err) == -1)
		fatalx("invalid interface cost in '%s': %s", arg, err);
	add_filters(cfg, 'c', arg, comma ? comma + 1 : NULL, NULL, 0,
	    (unsigned)v);
}

/* -N, -T: if1[,if2...] */
static void
if_filter(struct config *cfg, char type, const char *arg)
{
	add_filters(cfg, type, arg, arg, NULL, 0, 0);
}

/* -i update,timeout,garbage (seconds, or with a unit: 500ms) */
static void
intervals(struct config *cfg, const char *arg)
{
	char		*copy, *p, *field[3];
	uint64_t	 v[3];
	const char	*err;
	int		 i;

	if ((copy = strdup(arg)) == NULL)
		fatal("strdup");
	p = copy;
	for (i = 0; i < 3; i++)
		if ((field[i] = strsep(&p, ",")) == NULL)
			fatalx("-i needs update,timeout,garbage: '%s'", arg);
	if (p != NULL)
		fatalx("-i needs update,timeout,garbage: '%s'", arg);
	for (i = 0; i < 3; i++)
		if (cfg_time(field[i], "s", 10000, 86400ULL * 1000000, &v[i],
		    &err) == -1)
			fatalx("invalid time in -i '%s': %s", arg, err);
	if (v[1] <= v[0])
		fatalx("-i '%s': the timeout must be longer than the update "
		    "interval", arg);
	cfg->t_update = v[0];
	cfg->t_timeout = v[1];
	cfg->t_garbage = v[2];
	free(copy);
}

static int
proto_arg(const char *arg)
{
	int	 p = rt6_proto_byname(arg);

	if (p < 0 || p > 255)
		return -1;
	return p;
}

int
config_parse(struct config *cfg, int argc, char *argv[])
{
	long long	 v;
	const char	*err;
	char		*end;
	unsigned long	 tag;
	int		 ch, p;

	memset(cfg, 0, sizeof(*cfg));
	TAILQ_INIT(&cfg->filters);
	cfg->t_update = RIP6_T_UPDATE;
	cfg->t_timeout = RIP6_T_TIMEOUT;
	cfg->t_garbage = RIP6_T_GARBAGE;
	cfg->proto = RT6_PROTO_RIP;
	cfg->kmetric = RT6_METRIC_DEFAULT;
	cfg->max_routes = 1000000;
	cfg->pidfile = ROUTE6D_PID;
	cfg->dumpfile = ROUTE6D_DUMP;
	cfg->ctlsock = ROUTE6D_SOCK;

	opterr = 0;
	while ((ch = getopt(argc, argv, OPTSTRING)) != -1) {
		switch (ch) {
		case 'A':
		case 'L':
		case 'O':
			prefix_filter(cfg, (char)ch, optarg);
			break;
		case 'N':
		case 'T':
			if_filter(cfg, (char)ch, optarg);
			break;
		case 'c':
			cost_filter(cfg, optarg);
			break;
		case 'b':
			cfg->bfd = 1;
			break;
		case 'B':
			cfg->bfd = 1;
			cfg->bfdsock = optarg;
			break;
		case 'C':
			cfg->ctlsock = optarg;
			break;
		case 'F':
			cfg->dumpfile = optarg;
			break;
		case 'R':
			cfg->routelog = optarg;
			break;
		case 'i':
			intervals(cfg, optarg);
			break;
		case 'M':
			if (cfg_number(optarg, 1, 100000000, &v, &err) == -1)
				fatalx("invalid -M '%s': %s", optarg, err);
			cfg->max_routes = (size_t)v;
			break;
		case 'm':
			if (cfg_number(optarg, 1, 0xffffffffLL, &v, &err) == -1)
				fatalx("invalid -m '%s': %s", optarg, err);
			cfg->kmetric = (uint32_t)v;
			break;
		case 'p':
			cfg->pidfile = optarg;
			break;
		case 'P':
			if (strcmp(optarg, "0") == 0) {
				memset(cfg->keep_proto, 0,
				    sizeof(cfg->keep_proto));
				break;
			}
			if ((p = proto_arg(optarg)) <= 0)
				fatalx("invalid P flag");
			cfg->keep_proto[p] = 1;
			break;
		case 'Q':
			/* 0-4 are the kernel's and the administrator's */
			if ((p = proto_arg(optarg)) < 0 || p <= RT6_PROTO_STATIC)
				fatalx("invalid Q flag");
			cfg->proto = (uint8_t)p;
			break;
		case 't':
			/* strtoul base 0, as KAME: 0x1f, 017 and 31 all work */
			errno = 0;
			tag = strtoul(optarg, &end, 0);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    tag > 0xffff || *optarg == '-')
				fatalx("invalid route tag");
			cfg->tag = (uint16_t)tag;
			break;
		case 'a':
			cfg->aflag = 1;
			break;
		case 'd':
			if (cfg->debug < 1)
				cfg->debug = 1;
			break;
		case 'D':
			cfg->debug = 2;
			break;
		case 'h':
			cfg->hflag = 1;
			break;
		case 'k':
			cfg->check = 1;
			break;
		case 'l':
			cfg->lflag = 1;
			break;
		case 'n':
			cfg->nflag = 1;
			break;
		case 'q':
			cfg->qflag = 1;
			break;
		case 'r':
			cfg->poison = 1;
			break;
		case 's':
			cfg->sflag = 1;
			break;
		case 'S':
			cfg->Sflag = 1;
			break;
		case 'V':
			printf("route6d (turtle6) 1.0\n");
			exit(0);
		default:
			fprintf(stderr, "route6d: Invalid option specified, "
			    "terminating\n");
			usage();
		}
	}
	if (optind < argc)
		fatalx("bogus extra arguments");
	return 0;
}

static void
print_time(FILE *fp, uint64_t us)
{
	if (us % 1000000 == 0)
		fprintf(fp, "%llus", (unsigned long long)(us / 1000000));
	else
		fprintf(fp, "%llums", (unsigned long long)(us / 1000));
}

/* -k: the settings in force, one per line, in a stable order. */
void
config_print(const struct config *cfg, FILE *fp)
{
	const struct filter	*f;
	char			 buf[IN6_PREFIXSTRLEN], pbuf[16];
	int			 i;

	fprintf(fp, "timers: update ");
	print_time(fp, cfg->t_update);
	fprintf(fp, " timeout ");
	print_time(fp, cfg->t_timeout);
	fprintf(fp, " garbage ");
	print_time(fp, cfg->t_garbage);
	fprintf(fp, "\n");
	fprintf(fp, "route tag: 0x%04x\n", cfg->tag);
	fprintf(fp, "kernel: %s, proto %s, metric %u\n",
	    cfg->nflag ? "not updated (-n)" : "updated",
	    rt6_proto_name(cfg->proto, pbuf, sizeof(pbuf)), cfg->kmetric);
	fprintf(fp, "never aged:");
	for (i = 1; i < 256; i++)
		if (cfg->keep_proto[i])
			fprintf(fp, " %s", rt6_proto_name(i, pbuf,
			    sizeof(pbuf)));
	fprintf(fp, " boot static%s\n", cfg->aflag ? " (aged: -a)" : "");
	fprintf(fp, "split horizon: %s\n", cfg->hflag ? "off (-h)" :
	    cfg->poison ? "with poisoned reverse (-r)" : "on");
	fprintf(fp, "static routes: %s\n", cfg->Sflag ?
	    "advertised everywhere (-S)" : cfg->sflag ?
	    "advertised with split horizon (-s)" : "not advertised");
	fprintf(fp, "site-local: %s\n", cfg->lflag ? "exchanged (-l)" :
	    "ignored");
	fprintf(fp, "mode: %s\n", cfg->qflag ? "listen only (-q)" :
	    "listen and supply");
	fprintf(fp, "max routes: %zu\n", cfg->max_routes);
	fprintf(fp, "pid file: %s\n", cfg->pidfile);
	fprintf(fp, "dump file: %s\n", cfg->dumpfile);
	fprintf(fp, "control socket: %s\n", cfg->ctlsock);
	if (cfg->bfd)
		fprintf(fp, "bfd: on, bfdd at %s\n", cfg->bfdsock != NULL ?
		    cfg->bfdsock : BFDC_SOCK);
	else
		fprintf(fp, "bfd: off\n");
	if (cfg->routelog != NULL)
		fprintf(fp, "route log: %s\n", cfg->routelog);
	TAILQ_FOREACH(f, &cfg->filters, entry) {
		fprintf(fp, "filter: %s", filter_name(f->type));
		if (f->type == 'A' || f->type == 'L' || f->type == 'O')
			fprintf(fp, "(%s)", in6_prefix_format(&f->prefix,
			    f->plen, buf, sizeof(buf)));
		if (f->type == 'c')
			fprintf(fp, "(%u)", f->cost);
		fprintf(fp, " on %s\n", f->ifpat);
	}
}

void
config_free(struct config *cfg)
{
	struct filter	*f;

	while ((f = TAILQ_FIRST(&cfg->filters)) != NULL) {
		TAILQ_REMOVE(&cfg->filters, f, entry);
		free(f->ifpat);
		free(f);
	}
}
