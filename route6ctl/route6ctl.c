/*
 * route6ctl: ask a running route6d for its routes, interfaces,
 * neighbours or counters over its control socket; print a table or JSON.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "json.h"

#define ROUTE6D_SOCK	"/var/run/route6d.sock"
#define MAXREC		100000
#define MAXFIELD	16

struct field {
	char	*key;
	char	*value;
};

struct record {
	struct field	 f[MAXFIELD];
	int		 n;
};

static struct record	*recs;
static size_t		 nrecs, caprecs;

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: route6ctl [-j] [-s socket] "
	    "show routes|interfaces|neighbors|stats\n"
	    "       route6ctl [-s socket] dump\n");
	exit(2);
}

/* Split "k=v k=v ..." into a record (the line is kept and cut up). */
static void
collect(int code, const char *text, void *arg)
{
	struct record	*r;
	char		*line, *tok, *eq;

	if (code != 210 || text[0] == '\0' || strchr(text, '=') == NULL)
		return;
	if (nrecs == caprecs) {
		size_t		 ncap = caprecs ? caprecs * 2 : 256;
		struct record	*n = reallocarray(recs, ncap, sizeof(*recs));

		if (n == NULL) {
			perror("route6ctl");
			exit(1);
		}
		recs = n;
		caprecs = ncap;
	}
	r = &recs[nrecs++];
	r->n = 0;
	if ((line = strdup(text)) == NULL) {
		perror("route6ctl");
		exit(1);
	}
	while ((tok = strsep(&line, " ")) != NULL && r->n < MAXFIELD) {
		if (*tok == '\0' || (eq = strchr(tok, '=')) == NULL)
			continue;
		*eq = '\0';
		r->f[r->n].key = tok;
		r->f[r->n].value = eq + 1;
		r->n++;
	}
}

static const char *
get(const struct record *r, const char *key)
{
	int	 i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].key, key) == 0)
			return r->f[i].value;
	return "-";
}

static int
numeric(const char *v)
{
	if (*v == '\0')
		return 0;
	for (; *v != '\0'; v++)
		if (*v < '0' || *v > '9')
			return 0;
	return 1;
}

static void
print_json(const char *what)
{
	struct json	 j;
	size_t		 i;
	int		 k;

	json_init(&j, stdout, 1);
	if (strcmp(what, "stats") == 0) {
		json_object_begin(&j, NULL);
		for (i = 0; i < nrecs; i++)
			for (k = 0; k < recs[i].n; k++)
				json_uint(&j, recs[i].f[k].key,
				    strtoull(recs[i].f[k].value, NULL, 10));
		json_object_end(&j);
	} else {
		json_array_begin(&j, NULL);
		for (i = 0; i < nrecs; i++) {
			json_object_begin(&j, NULL);
			for (k = 0; k < recs[i].n; k++) {
				const struct field *f = &recs[i].f[k];

				if (numeric(f->value))
					json_uint(&j, f->key,
					    strtoull(f->value, NULL, 10));
				else
					json_string(&j, f->key, f->value);
			}
			json_object_end(&j);
		}
		json_array_end(&j);
	}
	json_finish(&j);
}

static void
print_table(const char *what)
{
	size_t	 i;

	if (strcmp(what, "routes") == 0) {
		printf("%-43s %6s %-9s %-27s %-10s %5s %7s %-7s\n", "Prefix",
		    "Metric", "Kind", "Gateway", "Interface", "Age", "Expires",
		    "State");
		for (i = 0; i < nrecs; i++)
			printf("%-43s %6s %-9s %-27s %-10s %5s %7s %-7s%s\n",
			    get(&recs[i], "prefix"), get(&recs[i], "metric"),
			    get(&recs[i], "kind"), get(&recs[i], "gateway"),
			    get(&recs[i], "interface"), get(&recs[i], "age"),
			    get(&recs[i], "expires"), get(&recs[i], "state"),
			    strcmp(get(&recs[i], "kernel"), "yes") == 0 ?
			    " kernel" : "");
	} else if (strcmp(what, "interfaces") == 0) {
		printf("%-15s %5s %-12s %5s %4s %-27s %8s %8s %6s\n", "Name",
		    "Index", "State", "MTU", "Cost", "Link-local", "Rx", "Tx",
		    "Bad");
		for (i = 0; i < nrecs; i++)
			printf("%-15s %5s %-12s %5s %4s %-27s %8s %8s %6s\n",
			    get(&recs[i], "name"), get(&recs[i], "index"),
			    get(&recs[i], "state"), get(&recs[i], "mtu"),
			    get(&recs[i], "cost"), get(&recs[i], "linklocal"),
			    get(&recs[i], "rx"), get(&recs[i], "tx"),
			    get(&recs[i], "rx_bad"));
	} else if (strcmp(what, "neighbors") == 0) {
		printf("%-27s %-12s %6s %7s %9s %8s %6s %s\n", "Address",
		    "Interface", "Last", "Uptime", "Responses", "RTEs", "Bad",
		    "BFD");
		for (i = 0; i < nrecs; i++)
			printf("%-27s %-12s %6s %7s %9s %8s %6s %s\n",
			    get(&recs[i], "address"),
			    get(&recs[i], "interface"), get(&recs[i], "last"),
			    get(&recs[i], "uptime"),
			    get(&recs[i], "responses"), get(&recs[i], "rtes"),
			    get(&recs[i], "bad_rtes"), get(&recs[i], "bfd"));
	} else {
		for (i = 0; i < nrecs; i++)
			printf("%-28s %s\n", recs[i].f[0].key,
			    recs[i].f[0].value);
	}
}

static void
print_line(int code, const char *text, void *arg)
{
	if (code / 100 == 2)
		printf("%s\n", text);
}

int
main(int argc, char *argv[])
{
	const char		*sock = ROUTE6D_SOCK, *what;
	struct ctl_client	*cl;
	char			 greeting[256];
	int			 ch, jflag = 0, code;

	while ((ch = getopt(argc, argv, "js:")) != -1) {
		switch (ch) {
		case 'j':
			jflag = 1;
			break;
		case 's':
			sock = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 1 && strcmp(argv[0], "dump") == 0)
		what = "dump";
	else if (argc == 2 && strcmp(argv[0], "show") == 0 &&
	    (strcmp(argv[1], "routes") == 0 ||
	    strcmp(argv[1], "interfaces") == 0 ||
	    strcmp(argv[1], "neighbors") == 0 ||
	    strcmp(argv[1], "stats") == 0))
		what = argv[1];
	else
		usage();
	if ((cl = ctl_client_open(sock)) == NULL) {
		fprintf(stderr, "route6ctl: %s: %s (is route6d running?)\n",
		    sock, strerror(errno));
		return 3;
	}
	if (ctl_client_readline(cl, greeting, sizeof(greeting), 5000) < 0 ||
	    ctl_reply_parse(greeting, NULL, NULL) != 220) {
		fprintf(stderr, "route6ctl: %s: no greeting from route6d\n",
		    sock);
		return 3;
	}
	if (strcmp(what, "dump") == 0) {
		code = ctl_client_request(cl, 10000, print_line, NULL, "DUMP");
		ctl_client_close(cl);
		return code == 200 ? 0 : 1;
	}
	code = ctl_client_request(cl, 10000, collect, NULL, "SHOW %s", what);
	ctl_client_close(cl);
	if (code != 210) {
		fprintf(stderr, "route6ctl: request failed (%d)\n", code);
		return 1;
	}
	if (jflag)
		print_json(what);
	else
		print_table(what);
	return 0;
}
