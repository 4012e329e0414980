/*
 * bfdctl: look at and steer a running bfdd through its control socket:
 * sessions, clients, counters, events; operator sessions; enable,
 * disable, reload, dump.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bfdclient.h"
#include "ctl.h"
#include "json.h"

#define TIMEOUT_MS	10000

static struct ctl_client	*cl;
static int			 jflag;

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: bfdctl [-j] [-s socket] command\n"
	    "  show sessions [all] [address A|P] [interface IF] [ipv4|ipv6]"
	    " [direct|multihop]\n"
	    "  show session PEER [interface IF] [multihop local ADDR]\n"
	    "  show clients | show counters\n"
	    "  monitor\n"
	    "  add PEER [interface IF] [local A] [multihop] [min-rx T]"
	    " [min-tx T]\n"
	    "      [idle-tx T] [multiplier N] [passive] [profile NAME]\n"
	    "  delete PEER [interface IF] [local A] [multihop]\n"
	    "  enable PEER ... | disable PEER ...\n"
	    "  reload | dump | clear counters\n");
	exit(2);
}

static void __attribute__((noreturn))
lost(void)
{
	fprintf(stderr, "bfdctl: connection to bfdd lost: %s\n",
	    strerror(errno));
	exit(3);
}

/* Lines of a reply, for the printers. */
static char	**lines;
static size_t	 nlines, caplines;
static int	 final_code;
static char	 final_text[1024];

static void
collect(int code, const char *text, void *arg)
{
	char	**n;

	if (code / 100 == 6)
		return;			/* events are not answers */
	final_code = code;
	strlcpy(final_text, text, sizeof(final_text));
	if (code != 210)
		return;
	if (nlines == caplines) {
		caplines = caplines ? caplines * 2 : 64;
		if ((n = reallocarray(lines, caplines, sizeof(*n))) == NULL) {
			perror("bfdctl");
			exit(1);
		}
		lines = n;
	}
	if ((lines[nlines++] = strdup(text)) == NULL) {
		perror("bfdctl");
		exit(1);
	}
}

/* Send a request; returns the final code (exits if bfdd went away). */
static int
request(const char *cmd, const char *arg)
{
	int	 code;

	nlines = 0;
	code = ctl_client_request(cl, TIMEOUT_MS, collect, NULL, "%s%s", cmd,
	    arg != NULL ? arg : "");
	if (code == -1)
		lost();
	/* the final line ("210 end", "210 3 sessions") is not data */
	if (code == 210 && nlines > 0)
		free(lines[--nlines]);
	return code;
}

/* Map "interface X", "local A", "multihop", "min-rx T" ... to key=value. */
static int
keywords(char **argv, int argc, char *out, size_t len, int opts_allowed)
{
	static const char *const pairs[][2] = {
		{ "interface", "interface" }, { "dev", "interface" },
		{ "local", "local" }, { "min-rx", "min-rx" },
		{ "min-tx", "min-tx" }, { "idle-tx", "idle-tx" },
		{ "multiplier", "multiplier" }, { "profile", "profile" },
	};
	size_t	 n = 0, k;
	int	 i;

	out[0] = '\0';
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "multihop") == 0) {
			n += (size_t)snprintf(out + n, len - n, " multihop=1");
			continue;
		}
		if (strcmp(argv[i], "passive") == 0 && opts_allowed) {
			n += (size_t)snprintf(out + n, len - n, " passive=1");
			continue;
		}
		for (k = 0; k < sizeof(pairs) / sizeof(pairs[0]); k++)
			if (strcmp(argv[i], pairs[k][0]) == 0)
				break;
		if (k == sizeof(pairs) / sizeof(pairs[0]) || i + 1 >= argc ||
		    (!opts_allowed && k > 2))
			return -1;
		n += (size_t)snprintf(out + n, len - n, " %s=%s",
		    pairs[k][1], argv[++i]);
		if (n >= len)
			return -1;
	}
	return 0;
}

/* An operator session's tag: a hash of what identifies the session. */
static void
op_tag(const char *peer, const char *args, char *tag, size_t len)
{
	uint32_t	 h = 2166136261u;
	const char	*p;

	for (p = peer; *p != '\0'; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	for (p = args; *p != '\0'; p++)
		if (strncmp(p, " interface=", 11) == 0 ||
		    strncmp(p, " local=", 7) == 0 ||
		    strncmp(p, " multihop=", 10) == 0)
			/* up to the end of the word, not past the string */
			for (; p[1] != '\0' && p[1] != ' '; p++)
				h = (h ^ (uint8_t)p[1]) * 16777619u;
	snprintf(tag, len, "op-%08x", h);
}

static int
numeric(const char *v)
{
	const char	*p = v;

	if (*p == '\0')
		return 0;
	for (; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

/* "k=v k=v" records as a JSON array of objects. */
static void
print_kv_json(void)
{
	struct json	 j;
	size_t		 i;
	char		*copy, *p, *tok, *eq;

	json_init(&j, stdout, 1);
	json_array_begin(&j, NULL);
	for (i = 0; i < nlines; i++) {
		if ((copy = strdup(lines[i])) == NULL)
			exit(1);
		json_object_begin(&j, NULL);
		for (p = copy; (tok = strsep(&p, " ")) != NULL; ) {
			if ((eq = strchr(tok, '=')) == NULL)
				continue;
			*eq = '\0';
			/* the last field, spaces and all */
			if (strcmp(tok, "description") == 0) {
				if (p != NULL)
					eq[strlen(eq + 1) + 1] = ' ';
				json_string(&j, tok, eq + 1);
				break;
			}
			if (numeric(eq + 1))
				json_uint(&j, tok, strtoull(eq + 1, NULL, 10));
			else
				json_string(&j, tok, eq + 1);
		}
		json_object_end(&j);
		free(copy);
	}
	json_array_end(&j);
	json_finish(&j);
}

static void
print_counters_json(void)
{
	struct json	 j;
	size_t		 i;
	char		 name[64];
	unsigned long long v;

	json_init(&j, stdout, 1);
	json_object_begin(&j, NULL);
	for (i = 0; i < nlines; i++)
		if (sscanf(lines[i], "%63s %llu", name, &v) == 2)
			json_uint(&j, name, v);
	json_object_end(&j);
	json_finish(&j);
}

static void
print_lines(void)
{
	size_t	 i;

	for (i = 0; i < nlines; i++)
		printf("%s\n", lines[i]);
}

static int
done(int code)
{
	if (code / 100 == 2)
		return 0;
	fprintf(stderr, "bfdctl: %d %s\n", code, final_text);
	return 1;
}

static int
cmd_show(char **argv, int argc)
{
	char	 args[1024];
	const char *pct;
	size_t	 n = 0;
	int	 i, code, all = 0;

	if (argc < 1)
		usage();
	if (strcmp(argv[0], "clients") == 0 && argc == 1) {
		code = request("SHOW CLIENTS", NULL);
		print_lines();
		return done(code);
	}
	if (strcmp(argv[0], "counters") == 0 && argc == 1) {
		code = request("SHOW COUNTERS", NULL);
		if (jflag)
			print_counters_json();
		else
			print_lines();
		return done(code);
	}
	args[0] = '\0';
	if (strcmp(argv[0], "session") == 0) {
		/* one session, in detail */
		if (argc < 2)
			usage();
		/* "fe80::2%eth0": the zone is the interface filter */
		if ((pct = strchr(argv[1], '%')) != NULL)
			n = (size_t)snprintf(args, sizeof(args),
			    " all address=%.*s interface=%s",
			    (int)(pct - argv[1]), argv[1], pct + 1);
		else
			n = (size_t)snprintf(args, sizeof(args),
			    " all address=%s", argv[1]);
		for (i = 2; i < argc; i++) {
			if (strcmp(argv[i], "interface") == 0 && i + 1 < argc)
				n += (size_t)snprintf(args + n,
				    sizeof(args) - n, " interface=%s",
				    argv[++i]);
			else if (strcmp(argv[i], "multihop") == 0)
				n += (size_t)snprintf(args + n,
				    sizeof(args) - n, " multihop");
			else if (strcmp(argv[i], "local") == 0 &&
			    i + 1 < argc)
				i++;	/* shown in the detail anyway */
			else
				usage();
		}
		all = 1;
	} else if (strcmp(argv[0], "sessions") == 0) {
		for (i = 1; i < argc; i++) {
			if (strcmp(argv[i], "all") == 0)
				all = 1;
			else if ((strcmp(argv[i], "address") == 0 ||
			    strcmp(argv[i], "interface") == 0) &&
			    i + 1 < argc) {
				n += (size_t)snprintf(args + n,
				    sizeof(args) - n, " %s=%s", argv[i],
				    argv[i + 1]);
				i++;
			} else if (strcmp(argv[i], "ipv4") == 0 ||
			    strcmp(argv[i], "ipv6") == 0 ||
			    strcmp(argv[i], "direct") == 0 ||
			    strcmp(argv[i], "multihop") == 0)
				n += (size_t)snprintf(args + n,
				    sizeof(args) - n, " %s", argv[i]);
			else
				usage();
			if (n >= sizeof(args))
				usage();
		}
		if (all)
			memmove(args + 4, args, strlen(args) + 1),
			    memcpy(args, " all", 4);
	} else
		usage();
	if (jflag) {
		code = request("SHOW SESSIONS kv", args + (all ? 4 : 0));
		print_kv_json();
	} else {
		code = request("SHOW SESSIONS", args);
		print_lines();
	}
	return done(code);
}

static volatile sig_atomic_t	 stop;

static void
on_signal(int signo)
{
	stop = 1;
}

static void
print_event(const char *line, void *arg)
{
	char		 tag[40], peer[128], st[16], old[16], diag[8], rem[16];
	char		 when[32];
	const char	*p;
	time_t		 t = time(NULL);
	struct tm	 tm;

	if (strncmp(line, "600 ", 4) != 0)
		return;
	p = strstr(line, "peer=");
	if (p == NULL || sscanf(line, "600 %39s", tag) != 1 ||
	    sscanf(p, "peer=%127s", peer) != 1)
		return;
	if ((p = strstr(line, " state=")) == NULL ||
	    sscanf(p, " state=%15s", st) != 1 ||
	    (p = strstr(line, " old=")) == NULL ||
	    sscanf(p, " old=%15s", old) != 1 ||
	    (p = strstr(line, " diag=")) == NULL ||
	    sscanf(p, " diag=%7s", diag) != 1 ||
	    (p = strstr(line, " remote=")) == NULL ||
	    sscanf(p, " remote=%15s", rem) != 1)
		return;
	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	printf("%s %s %s -> %s diag=%s remote=%s%s\n", when, peer, old, st,
	    bfdc_diag_name(atoi(diag)), rem, strstr(line, " down=1") ? " down" :
	    "");
	fflush(stdout);
}

static int
cmd_monitor(void)
{
	char	 line[1024];
	int	 code;

	code = request("SUBSCRIBE all", NULL);
	if (code != 200)
		return done(code);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	while (!stop) {
		if (ctl_client_readline(cl, line, sizeof(line), 200) == -1) {
			if (errno == ETIMEDOUT || errno == EINTR)
				continue;
			if (errno == ECONNRESET)
				return 0;	/* bfdd exited */
			lost();
		}
		print_event(line, NULL);
	}
	return 0;
}

/* A usage error is one whether bfdd runs or not (exit 2, not 3). */
static int
known_command(const char *cmd)
{
	static const char *const cmds[] = { "show", "monitor", "add",
	    "delete", "enable", "disable", "reload", "dump", "clear" };
	size_t	 i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(cmd, cmds[i]) == 0)
			return 1;
	return 0;
}

int
main(int argc, char *argv[])
{
	const char	*sock = BFDC_SOCK;
	char		 greeting[256], args[1024], tag[32];
	int		 ch, code;

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
	if (argc < 1 || !known_command(argv[0]))
		usage();
	if ((cl = ctl_client_open(sock)) == NULL) {
		fprintf(stderr, "bfdctl: %s: %s (is bfdd running?)\n", sock,
		    strerror(errno));
		return 3;
	}
	if (ctl_client_readline(cl, greeting, sizeof(greeting), TIMEOUT_MS) <
	    0 || strncmp(greeting, "220 ", 4) != 0) {
		fprintf(stderr, "bfdctl: %s: no greeting from bfdd\n", sock);
		return 3;
	}
	if (strcmp(argv[0], "show") == 0)
		return cmd_show(argv + 1, argc - 1);
	if (strcmp(argv[0], "monitor") == 0 && argc == 1) {
		request("HELLO bfdctl-monitor", NULL);
		return cmd_monitor();
	}
	if ((strcmp(argv[0], "add") == 0 || strcmp(argv[0], "delete") == 0) &&
	    argc >= 2) {
		if (keywords(argv + 2, argc - 2, args, sizeof(args),
		    argv[0][0] == 'a') == -1)
			usage();
		op_tag(argv[1], args, tag, sizeof(tag));
		/* operator sessions belong to the pseudo-client "bfdctl" */
		if (request("HELLO bfdctl", NULL) != 200)
			return done(final_code);
		if (argv[0][0] == 'a') {
			char	 line[1200];

			snprintf(line, sizeof(line), "ADD %s %s%s", tag,
			    argv[1], args);
			code = request(line, NULL);
			if (code == 201)
				printf("%s\n", final_text);
			return done(code);
		}
		return done(request("DEL ", tag));
	}
	if ((strcmp(argv[0], "enable") == 0 ||
	    strcmp(argv[0], "disable") == 0) && argc >= 2) {
		char	 line[1200];

		if (keywords(argv + 2, argc - 2, args, sizeof(args), 0) == -1)
			usage();
		snprintf(line, sizeof(line), "%s %s%s",
		    argv[0][0] == 'e' ? "ENABLE" : "DISABLE", argv[1], args);
		return done(request(line, NULL));
	}
	if (strcmp(argv[0], "reload") == 0 && argc == 1)
		return done(request("RELOAD", NULL));
	if (strcmp(argv[0], "dump") == 0 && argc == 1)
		return done(request("DUMP", NULL));
	if (strcmp(argv[0], "clear") == 0 && argc == 2 &&
	    strcmp(argv[1], "counters") == 0)
		return done(request("CLEAR COUNTERS", NULL));
	usage();
}
