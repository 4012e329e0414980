/*
 * rt6ctl: add, replace, delete, look up, dump, flush and watch IPv6
 * routes through the common routing-socket helpers (the KAME book's
 * rtadd6, grown up for tests and operators).
 */
#include <sys/types.h>

#include <arpa/inet.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "ev.h"
#include "in6.h"
#include "json.h"
#include "log.h"
#include "rtsock.h"
#include "scope6.h"

#define EXIT_USAGE	2

struct options {
	int		 json;
	uint32_t	 table;		/* 0: main */
	int		 table_all;
};

static struct options	 opts;

static void __dead
usage(void)
{
	fprintf(stderr,
	    "usage: rt6ctl [-dj] [-t table] command [argument ...]\n"
	    "       rt6ctl add|replace DST[/PLEN] [GATEWAY[%%IF]] [dev IF] "
	    "[metric N]\n"
	    "              [proto P] [type unreachable|blackhole|prohibit] "
	    "[src ADDR]\n"
	    "              [nexthop GW[%%IF] [dev IF] [weight W]] ...\n"
	    "       rt6ctl del DST[/PLEN] [GATEWAY[%%IF]] [dev IF] "
	    "[metric N] [proto P]\n"
	    "       rt6ctl get ADDR[%%IF]\n"
	    "       rt6ctl dump [proto P] [table N|all]\n"
	    "       rt6ctl flush proto P [table N|all]\n"
	    "       rt6ctl monitor\n");
	exit(EXIT_USAGE);
}

/* Where a word is missing or wrong, say which, then show the usage. */
static void __dead
usage_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void __dead
usage_msg(const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "rt6ctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage();
}

static uint32_t
ifindex_of(const char *name)
{
	uint32_t	 index;

	if ((index = if_nametoindex(name)) == 0)
		errx(1, "%s: no such interface", name);
	return index;
}

static uint32_t
number(const char *what, const char *text, long long max)
{
	const char	*errstr;
	long long	 v;

	v = strtonum(text, 0, max, &errstr);
	if (errstr != NULL)
		errx(1, "%s %s: %s", what, text, errstr);
	return (uint32_t)v;
}

static uint32_t
table_of(const char *text, int allow_all, int *all)
{
	if (strcmp(text, "main") == 0)
		return RT6_TABLE_MAIN;
	if (strcmp(text, "local") == 0)
		return RT6_TABLE_LOCAL;
	if (strcmp(text, "all") == 0) {
		if (!allow_all)
			errx(1, "table all: only for dump and flush");
		*all = 1;
		return 0;
	}
	return number("table", text, UINT32_MAX - 1);
}

static int
proto_of(const char *text)
{
	int	 p;

	if ((p = rt6_proto_byname(text)) == -1)
		errx(1, "proto %s: not a protocol name or number 0-255", text);
	return p;
}

static void
parse_dst(const char *text, struct in6_addr *dst, int *plen)
{
	const char	*slash;

	if (strcmp(text, "default") == 0) {
		memset(dst, 0, sizeof(*dst));
		*plen = 0;
		return;
	}
	if (in6_prefix_parse(text, dst, plen, 0) == 0)
		return;
	slash = strchr(text, '/');
	switch (errno) {
	case ERANGE:
		errx(1, "prefix length is out of range: %s",
		    slash ? slash + 1 : "");
	case EADDRNOTAVAIL:
		errx(1, "%s: host bits are set beyond the prefix length",
		    text);
	default:
		errx(1, "%s: not an IPv6 address or prefix", text);
	}
}

/*
 * A gateway with an optional zone; dev (0 if none given) must agree
 * with the zone.  A link-local gateway must end up with an interface.
 */
static void
parse_gw(const char *text, uint32_t dev, struct in6_addr *gw,
    uint32_t *ifindex)
{
	struct sockaddr_in6	 sin6;
	char			 name[IF_NAMESIZE];

	if (scope6_parse(text, &sin6) == -1) {
		switch (errno) {
		case ENXIO:
			errx(1, "%s: no such interface", strchr(text, '%') + 1);
		case EDOM:
			errx(1, "%s: only a link-local address takes a zone",
			    text);
		default:
			errx(1, "%s: not an IPv6 address", text);
		}
	}
	if (sin6.sin6_scope_id != 0 && dev != 0 && sin6.sin6_scope_id != dev)
		errx(1, "%s: the zone is not dev %s", text,
		    scope6_ifname(dev, name));
	*gw = sin6.sin6_addr;
	*ifindex = sin6.sin6_scope_id != 0 ? sin6.sin6_scope_id : dev;
	if (scope6_is_scoped(gw) && *ifindex == 0)
		errx(1, "%s: a link-local gateway needs a zone (%s%%IF) "
		    "or dev IF", text, text);
}

struct nhword {
	const char	*gw;
	uint32_t	 dev;
	int		 weight;
};

/*
 * The words after add/replace/del: a destination, then a gateway and
 * keywords in any order.
 */
static void
parse_route(int argc, char **argv, int is_del, struct rt6 *rt)
{
	struct nhword	 nh[RT6_MAXNH];
	struct in6_addr	 dst, gw, src;
	const char	*gwtext = NULL;
	uint32_t	 dev = 0, ifindex;
	int		 i, n, nnh = 0, plen, type = RT6_UNICAST;
	int		 proto = is_del ? RT6_PROTO_UNSPEC : RT6_PROTO_BOOT;
	uint32_t	 metric = 0;
	int		 have_src = 0;

	if (argc < 1)
		usage_msg("%s", "a destination is missing");
	if (opts.table_all)
		errx(1, "table all: only for dump and flush");
	parse_dst(argv[0], &dst, &plen);
	for (i = 1; i < argc; i++) {
		const char *w = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(w, "nexthop") == 0) {
			if (is_del)
				usage_msg("%s: not for del", w);
			if (nnh == RT6_MAXNH)
				errx(1, "more than %d next hops", RT6_MAXNH);
			if (v == NULL)
				usage_msg("%s: a gateway is missing", w);
			memset(&nh[nnh], 0, sizeof(nh[nnh]));
			/* "nexthop dev IF" has no gateway */
			if (strcmp(v, "dev") != 0) {
				nh[nnh].gw = v;
				i++;
			}
			/* its own dev and weight words follow */
			while (i + 2 < argc) {
				if (strcmp(argv[i + 1], "dev") == 0 &&
				    i + 2 < argc) {
					nh[nnh].dev = ifindex_of(argv[i + 2]);
					i += 2;
				} else if (strcmp(argv[i + 1], "weight") == 0 &&
				    i + 2 < argc) {
					nh[nnh].weight = (int)number("weight",
					    argv[i + 2], 256);
					if (nh[nnh].weight == 0)
						errx(1, "weight 0: too small");
					i += 2;
				} else
					break;
			}
			if (nh[nnh].gw == NULL && nh[nnh].dev == 0)
				usage_msg("%s: a gateway or dev is missing", w);
			nnh++;
			continue;
		}
		if (strcmp(w, "dev") == 0 || strcmp(w, "metric") == 0 ||
		    strcmp(w, "proto") == 0 || strcmp(w, "type") == 0 ||
		    strcmp(w, "src") == 0) {
			if (v == NULL)
				usage_msg("%s: a value is missing", w);
			i++;
			if (strcmp(w, "dev") == 0)
				dev = ifindex_of(v);
			else if (strcmp(w, "metric") == 0)
				metric = number("metric", v, UINT32_MAX);
			else if (strcmp(w, "proto") == 0)
				proto = proto_of(v);
			else if (strcmp(w, "type") == 0 && !is_del) {
				if (strcmp(v, "unreachable") == 0)
					type = RT6_UNREACHABLE;
				else if (strcmp(v, "blackhole") == 0)
					type = RT6_BLACKHOLE;
				else if (strcmp(v, "prohibit") == 0)
					type = RT6_PROHIBIT;
				else if (strcmp(v, "unicast") == 0)
					type = RT6_UNICAST;
				else
					usage_msg("type %s: unreachable, "
					    "blackhole or prohibit", v);
			} else if (strcmp(w, "src") == 0 && !is_del) {
				if (inet_pton(AF_INET6, v, &src) != 1)
					errx(1, "src %s: not an IPv6 address",
					    v);
				have_src = 1;
			} else
				usage_msg("%s: not for del", w);
			continue;
		}
		if (gwtext != NULL)
			usage_msg("%s: unexpected word", w);
		gwtext = w;
	}
	if (gwtext != NULL && nnh > 0)
		usage_msg("%s", "a gateway and nexthop words together");
	if (type != RT6_UNICAST && (gwtext != NULL || nnh > 0 || dev != 0))
		errx(1, "a %s route has no gateway or dev",
		    rt6_type_name(type));

	rt6_init(rt, &dst, plen, NULL, 0);
	rt->type = (uint8_t)type;
	rt->proto = (uint8_t)proto;
	rt->metric = metric;
	rt->table = opts.table;
	if (have_src)
		rt->prefsrc = src;
	if (gwtext != NULL) {
		parse_gw(gwtext, dev, &gw, &ifindex);
		rt6_add_nh(rt, &gw, ifindex, 0);
	} else if (dev != 0 && nnh == 0)
		rt6_add_nh(rt, NULL, dev, 0);
	for (n = 0; n < nnh; n++) {
		memset(&gw, 0, sizeof(gw));
		ifindex = nh[n].dev;
		if (nh[n].gw != NULL)
			parse_gw(nh[n].gw, nh[n].dev, &gw, &ifindex);
		if (rt6_add_nh(rt, &gw, ifindex, nh[n].weight) == -1)
			err(1, "nexthop");
	}
	if (!is_del && type == RT6_UNICAST && rt->nnh == 0)
		usage_msg("%s", "a gateway, dev or nexthop is missing");
}

static struct rtsock *
open_rtsock(void)
{
	struct rtsock	*s;

	if ((s = rtsock_open()) == NULL)
		err(1, "routing socket");
	return s;
}

/* Close the socket first, so the leak checker has nothing to say. */
static void __dead
fail_close(struct rtsock *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void __dead
fail_close(struct rtsock *s, const char *fmt, ...)
{
	va_list	 ap;

	rtsock_close(s);
	va_start(ap, fmt);
	verrx(1, fmt, ap);
	va_end(ap);
}

/* "rt6ctl: add 2001:db8::/48: File exists" */
static void __dead
fail_route(struct rtsock *s, const char *verb, const struct rt6 *rt,
    int error)
{
	char		 p[IN6_PREFIXSTRLEN], why[128] = "";

	if (rtsock_errmsg(s) != NULL)
		snprintf(why, sizeof(why), " (%s)", rtsock_errmsg(s));
	rtsock_close(s);
	in6_prefix_format(&rt->dst, rt->plen, p, sizeof(p));
	errx(1, "%s %s: %s%s", verb, p, strerror(-error), why);
}

static int
cmd_change(int argc, char **argv, const char *verb)
{
	struct rtsock	*s;
	struct rt6	 rt;
	int		 error;

	parse_route(argc, argv, strcmp(verb, "del") == 0, &rt);
	s = open_rtsock();
	if (strcmp(verb, "add") == 0)
		error = rtsock_add(s, &rt);
	else if (strcmp(verb, "replace") == 0)
		error = rtsock_replace(s, &rt);
	else
		error = rtsock_del(s, &rt);
	if (error != 0)
		fail_route(s, verb, &rt, error);
	rtsock_close(s);
	return 0;
}

static void
json_route_members(struct json *j, const struct rt6 *rt)
{
	char	 a[INET6_ADDRSTRLEN], p[16], name[IF_NAMESIZE];
	int	 i;

	json_string(j, "dst", inet_ntop(AF_INET6, &rt->dst, a, sizeof(a)));
	json_uint(j, "plen", rt->plen);
	json_string(j, "type", rt6_type_name(rt->type));
	json_string(j, "proto", rt6_proto_name(rt->proto, p, sizeof(p)));
	json_uint(j, "metric", rt->metric);
	json_uint(j, "table", rt->table ? rt->table : RT6_TABLE_MAIN);
	if (!IN6_IS_ADDR_UNSPECIFIED(&rt->prefsrc))
		json_string(j, "src",
		    inet_ntop(AF_INET6, &rt->prefsrc, a, sizeof(a)));
	if (rt->expires != 0)
		json_uint(j, "expires", rt->expires);
	json_array_begin(j, "nexthops");
	for (i = 0; i < rt->nnh && i < RT6_MAXNH; i++) {
		json_object_begin(j, NULL);
		if (!IN6_IS_ADDR_UNSPECIFIED(&rt->nh[i].gw))
			json_string(j, "gateway", inet_ntop(AF_INET6,
			    &rt->nh[i].gw, a, sizeof(a)));
		if (rt->nh[i].ifindex != 0)
			json_string(j, "dev",
			    scope6_ifname(rt->nh[i].ifindex, name));
		json_uint(j, "weight", rt->nh[i].weight + 1U);
		if (rt->nh[i].flags & RT6_F_LINKDOWN)
			json_bool(j, "linkdown", 1);
		json_object_end(j);
	}
	json_array_end(j);
	json_array_begin(j, "flags");
	if (rt->flags & RT6_F_LINKDOWN)
		json_string(j, NULL, "linkdown");
	if (rt->flags & RT6_F_OFFLOAD)
		json_string(j, NULL, "offload");
	if (rt->flags & RT6_F_CLONED)
		json_string(j, NULL, "cache");
	json_array_end(j);
}

static void
print_route(struct json *j, const struct rt6 *rt)
{
	char	 line[RT6_STRLEN];

	if (j != NULL) {
		json_object_begin(j, NULL);
		json_route_members(j, rt);
		json_object_end(j);
		return;
	}
	printf("%s\n", rt6_format(rt, line, sizeof(line)));
}

static int
cmd_get(int argc, char **argv)
{
	struct sockaddr_in6	 sin6;
	struct rtsock		*s;
	struct rt6		 rt;
	struct json		 j;
	int			 error;

	if (argc != 1)
		usage_msg("%s", "get takes one address");
	if (scope6_parse(argv[0], &sin6) == -1)
		errx(1, "%s: %s", argv[0], errno == ENXIO ?
		    "no such interface" : "not an IPv6 address");
	s = open_rtsock();
	if ((error = rtsock_get(s, &sin6.sin6_addr, sin6.sin6_scope_id,
	    &rt)) != 0)
		fail_close(s, "get %s: %s", argv[0], strerror(-error));
	if (opts.json) {
		json_init(&j, stdout, 0);
		json_array_begin(&j, NULL);
		print_route(&j, &rt);
		json_array_end(&j);
		json_finish(&j);
	} else
		print_route(NULL, &rt);
	rtsock_close(s);
	return 0;
}

struct dump_ctx {
	struct json	*j;
	int		 proto;		/* -1: every protocol */
};

static int
dump_one(const struct rt6 *rt, void *arg)
{
	struct dump_ctx	*ctx = arg;

	if (ctx->proto == -1 || ctx->proto == rt->proto)
		print_route(ctx->j, rt);
	return 0;
}

/* [proto P] [table N|all], for dump and flush. */
static void
parse_filter(int argc, char **argv, int *proto)
{
	int	 i;

	/* keyword and value pairs */
	for (i = 0; i < argc; i += 2) {
		if (i + 1 >= argc)
			usage_msg("%s: a value is missing", argv[i]);
		if (strcmp(argv[i], "proto") == 0)
			*proto = proto_of(argv[i + 1]);
		else if (strcmp(argv[i], "table") == 0)
			opts.table = table_of(argv[i + 1], 1, &opts.table_all);
		else
			usage_msg("%s: unexpected word", argv[i]);
	}
}

static int
cmd_dump(int argc, char **argv)
{
	struct dump_ctx	 ctx = { NULL, -1 };
	struct rtsock	*s;
	struct json	 j;
	int		 error;

	parse_filter(argc, argv, &ctx.proto);
	s = open_rtsock();
	if (opts.json) {
		json_init(&j, stdout, 0);
		json_array_begin(&j, NULL);
		ctx.j = &j;
	}
	error = rtsock_dump(s, opts.table_all ? RT6_TABLE_ALL : opts.table,
	    dump_one, &ctx);
	if (opts.json) {
		json_array_end(&j);
		json_finish(&j);
	}
	if (error != 0)
		fail_close(s, "dump: %s", strerror(-error));
	rtsock_close(s);
	return 0;
}

static int
cmd_flush(int argc, char **argv)
{
	struct rtsock	*s;
	int		 proto = -1, n;

	parse_filter(argc, argv, &proto);
	if (proto == -1)
		usage_msg("%s", "flush needs proto P");
	s = open_rtsock();
	n = rtsock_flush_proto(s, opts.table_all ? RT6_TABLE_ALL : opts.table,
	    proto);
	if (n < 0)
		fail_close(s, "flush: %s", strerror(-n));
	rtsock_close(s);
	return 0;
}

static void
on_route(enum rtmon_event ev, const struct rt6 *rt, int own, void *arg)
{
	struct json	 j;
	char		 line[RT6_STRLEN];

	if (rt == NULL) {
		/* the kernel dropped notifications: say so, go on */
		if (opts.json)
			printf("{\"event\":\"resync\"}\n");
		else
			printf("resync\n");
	} else if (opts.json) {
		json_init(&j, stdout, 0);
		json_object_begin(&j, NULL);
		json_string(&j, "event", ev == RTMON_ADD ? "add" : "del");
		json_route_members(&j, rt);
		json_object_end(&j);
		json_finish(&j);
	} else
		printf("%s %s\n", ev == RTMON_ADD ? "add" : "del",
		    rt6_format(rt, line, sizeof(line)));
	fflush(stdout);
}

static void
on_signal(struct ev_signal *sig, int signo, void *arg)
{
	ev_loop_break(arg);
}

static int
cmd_monitor(int argc, char **argv)
{
	struct ev_loop		*loop;
	struct rtmon		*m;
	struct ev_signal	 sint, sterm;

	if (argc != 0)
		usage_msg("%s", "monitor takes no arguments");
	if ((loop = ev_loop_new()) == NULL)
		err(1, "event loop");
	if (ev_signal_add(loop, &sint, SIGINT, on_signal, loop) == -1 ||
	    ev_signal_add(loop, &sterm, SIGTERM, on_signal, loop) == -1)
		err(1, "signals");
	if ((m = rtmon_open(loop, NULL, on_route, NULL)) == NULL)
		err(1, "route monitor");
	if (ev_loop_run(loop) == -1)
		err(1, "event loop");
	rtmon_close(m);
	ev_signal_del(loop, &sint);
	ev_signal_del(loop, &sterm);
	ev_loop_free(loop);
	return 0;
}

int
main(int argc, char *argv[])
{
	const char	*cmd;
	int		 ch, debug = 0;

	while ((ch = getopt(argc, argv, "djt:")) != -1) {
		switch (ch) {
		case 'd':
			debug = 1;
			break;
		case 'j':
			opts.json = 1;
			break;
		case 't':
			opts.table = table_of(optarg, 1, &opts.table_all);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	log_init("rt6ctl", 1, LOG_DAEMON);
	log_setverbose(debug);
	cmd = argv[0];
	argc--;
	argv++;
	if (strcmp(cmd, "add") == 0 || strcmp(cmd, "replace") == 0 ||
	    strcmp(cmd, "del") == 0 || strcmp(cmd, "delete") == 0)
		return cmd_change(argc, argv,
		    strcmp(cmd, "delete") == 0 ? "del" : cmd);
	if (strcmp(cmd, "get") == 0)
		return cmd_get(argc, argv);
	if (strcmp(cmd, "dump") == 0 || strcmp(cmd, "show") == 0)
		return cmd_dump(argc, argv);
	if (strcmp(cmd, "flush") == 0)
		return cmd_flush(argc, argv);
	if (strcmp(cmd, "monitor") == 0)
		return cmd_monitor(argc, argv);
	usage_msg("%s: unknown command", cmd);
}
