/*
 * dhcp6ctl: WIDE-DHCPv6's control tool.  Commands go to dhcp6s or
 * dhcp6c over TCP, signed with the shared key (HMAC-MD5, timestamped);
 * the daemon sends no answer, so success is what the daemon logs.  The
 * read-only "status" query reads dhcp6s's status socket instead, as a
 * table or (-j) JSON.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cfg.h"
#include "ctl.h"
#include "dhcp6.h"
#include "json.h"
#include "log.h"

#define KEY_SERVER	"/etc/wide-dhcpv6/dhcp6sctlkey"
#define KEY_CLIENT	"/etc/wide-dhcpv6/dhcp6cctlkey"
#define STATUS_SOCK	"/var/run/dhcp6s.sock"
#define STATUS_SOCK_CLIENT "/var/run/dhcp6c.sock"

static __dead void
usage(void)
{
	fprintf(stderr, "usage: dhcp6ctl [-C|-S] [-a ctladdr] [-k keyfile] "
	    "[-p ctlport] command...\n"
	    "       dhcp6ctl [-S] [-j] [-s statussock] status "
	    "[bindings|counters]\n"
	    "       dhcp6ctl -C [-j] [-s statussock] status "
	    "[leases|counters]\n");
	exit(1);
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The data of a command, from its words; returns its length. */
static size_t
command(int server, int argc, char *argv[], uint16_t *cmd, uint8_t *data,
    size_t cap)
{
	struct d6_duid	 duid;
	const char	*e;
	long long	 iaid;
	size_t		 n;

	if (strcmp(argv[0], "reload") == 0 && argc == 1) {
		*cmd = D6CTL_RELOAD;
		return 0;
	}
	if (strcmp(argv[0], "stop") == 0) {
		*cmd = D6CTL_STOP;
		if (argc == 1)
			return 0;
		if (server)
			errx(1, "client-only command is specified for a "
			    "server");
		goto iface;
	}
	if (strcmp(argv[0], "start") == 0) {
		*cmd = D6CTL_START;
		if (server)
			errx(1, "client-only command is specified for a "
			    "server");
		goto iface;
	}
	if (strcmp(argv[0], "remove") == 0) {
		*cmd = D6CTL_REMOVE;
		if (!server)
			errx(1, "remove command is only for server");
		if (argc < 2 || strcmp(argv[1], "binding") != 0)
			errx(1, "unknown remove target: %s", argc < 2 ? "" :
			    argv[1]);
		if (argc < 6 || strcmp(argv[2], "IA") != 0)
			errx(1, "command is too short for an IA spec");
		if (argc > 6)
			errx(1, "too many words after the DUID");
		put32(data, D6CTL_BINDING);
		put32(data + 4, D6CTL_BINDING_IA);
		put32(data + 8, 0);
		if (strcmp(argv[3], "IA_NA") == 0)
			put32(data + 12, D6CTL_IA_NA);
		else if (strcmp(argv[3], "IA_PD") == 0)
			put32(data + 12, D6CTL_IA_PD);
		else
			errx(1, "unknown IA type: %s (IA_NA or IA_PD)",
			    argv[3]);
		if (cfg_number(argv[4], 0, 0xffffffffLL, &iaid, &e) == -1)
			errx(1, "IAID %s: %s", argv[4], e);
		put32(data + 16, (uint32_t)iaid);
		if (d6_duid_parse(&duid, argv[5]) == -1)
			errx(1, "DUID %s: expected hex bytes as 00:01:...",
			    argv[5]);
		put32(data + 20, duid.len);
		if (24 + (size_t)duid.len > cap)
			errx(1, "DUID too long");
		memcpy(data + 24, duid.data, duid.len);
		return 24 + duid.len;
	}
	if (strcmp(argv[0], "reconfigure") == 0) {
		*cmd = D6CTL_RECONFIGURE;
		if (!server)
			errx(1, "reconfigure command is only for server");
		if (argc != 3)
			errx(1, "usage: reconfigure renew|rebind|"
			    "information-request DUID|all");
		if (strcmp(argv[1], "renew") == 0)
			put32(data, D6_RENEW);
		else if (strcmp(argv[1], "rebind") == 0)
			put32(data, D6_REBIND);
		else if (strcmp(argv[1], "information-request") == 0)
			put32(data, D6_INFO_REQUEST);
		else
			errx(1, "reconfigure %s: expected renew, rebind or "
			    "information-request", argv[1]);
		if (strcmp(argv[2], "all") == 0) {
			put32(data + 4, 0);
			return 8;
		}
		if (d6_duid_parse(&duid, argv[2]) == -1)
			errx(1, "DUID %s: expected hex bytes as 00:01:... or "
			    "all", argv[2]);
		if (8 + (size_t)duid.len > cap)
			errx(1, "DUID too long");
		put32(data + 4, duid.len);
		memcpy(data + 8, duid.data, duid.len);
		return 8 + duid.len;
	}
	errx(1, "unknown command: %s", argv[0]);
iface:
	if (argc != 3 || strcmp(argv[1], "interface") != 0)
		errx(1, "usage: %s interface IFNAME", argv[0]);
	n = strlen(argv[2]) + 1;
	if (n > IF_NAMESIZE || 8 + n > cap)
		errx(1, "%s: interface name too long", argv[2]);
	put32(data, D6CTL_INTERFACE);
	put32(data + 4, (uint32_t)n);
	memcpy(data + 8, argv[2], n);
	return 8 + n;
}

static int
send_command(const char *addr, int port, const uint8_t *msg, size_t len)
{
	struct sockaddr_in6	 sa;
	ssize_t			 n;
	int			 s;

	memset(&sa, 0, sizeof(sa));
	sa.sin6_family = AF_INET6;
	sa.sin6_port = htons((uint16_t)port);
	if (inet_pton(AF_INET6, addr, &sa.sin6_addr) != 1)
		errx(1, "-a %s: not an IPv6 address", addr);
	if ((s = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		err(1, "socket");
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		warnx("failed to connect to the server: [%s]:%d: %s", addr,
		    port, strerror(errno));
		close(s);
		return -1;
	}
	while (len > 0) {
		if ((n = write(s, msg, len)) == -1) {
			if (errno == EINTR)
				continue;
			warn("write");
			close(s);
			return -1;
		}
		msg += n;
		len -= (size_t)n;
	}
	close(s);
	return 0;
}

/*
 * status: the server's "200-<duid> NA|PD <iaid> <addr>/<plen> <pl> <vl>
 * <left>" or the client's "200-<if> <state> NA|PD <iaid> <addr>/<plen>
 * <pl> <vl> <left> <server duid>", or "200-<counter> <value>" lines.
 */
static int
status(const char *path, const char *what, int client, int asjson)
{
	struct ctl_client	*c;
	struct json		 j;
	char			 line[1024], duid[400], type[8], pfx[64];
	char			 ifn[IF_NAMESIZE + 1], state[16];
	const char		*text, *list;
	unsigned		 iaid, pl, vl;
	long long		 left, v;
	int			 code, final, rows;

	list = client ? "leases" : "bindings";
	rows = strcmp(what, list) == 0;
	if (!rows && strcmp(what, "counters") != 0)
		errx(1, "status %s: %s or counters", what, list);
	if ((c = ctl_client_open(path)) == NULL)
		err(1, "status socket %s", path);
	if (ctl_client_send(c, 5000, "show %s", what) == -1)
		err(1, "status socket %s", path);
	if (asjson) {
		json_init(&j, stdout, 1);
		json_object_begin(&j, NULL);
		if (rows)
			json_array_begin(&j, list);
	} else if (rows && client)
		printf("%-15s %-10s %-2s %10s %-43s %10s %10s %10s %s\n",
		    "INTERFACE", "STATE", "IA", "IAID", "ADDRESS/PREFIX",
		    "PREFERRED", "VALID", "LEFT", "SERVER");
	else if (rows)
		printf("%-42s %-2s %10s %-43s %10s %10s %10s\n", "DUID",
		    "IA", "IAID", "ADDRESS/PREFIX", "PREFERRED", "VALID",
		    "LEFT");
	for (;;) {
		if (ctl_client_readline(c, line, sizeof(line), 5000) == -1)
			err(1, "status socket %s", path);
		if ((code = ctl_reply_parse(line, &final, &text)) == -1)
			continue;
		if (code != 200)
			errx(1, "%s", text);
		if (rows && !final && (client ? sscanf(text, "%15s %15s %7s "
		    "%u %63s %u %u %lld %399s", ifn, state, type, &iaid, pfx,
		    &pl, &vl, &left, duid) == 9 : sscanf(text, "%399s %7s %u "
		    "%63s %u %u %lld", duid, type, &iaid, pfx, &pl, &vl,
		    &left) == 7)) {
			if (asjson) {
				json_object_begin(&j, NULL);
				if (client) {
					json_string(&j, "interface", ifn);
					json_string(&j, "state", state);
					json_string(&j, "server", duid);
				} else
					json_string(&j, "duid", duid);
				json_string(&j, "type", type);
				json_uint(&j, "iaid", iaid);
				json_string(&j, "prefix", pfx);
				json_uint(&j, "preferred", pl);
				json_uint(&j, "valid", vl);
				json_int(&j, "remaining", left);
				json_object_end(&j);
			} else if (client)
				printf("%-15s %-10s %-2s %10u %-43s %10u %10u "
				    "%10lld %s\n", ifn, state, type, iaid, pfx,
				    pl, vl, left, duid);
			else
				printf("%-42s %-2s %10u %-43s %10u %10u "
				    "%10lld\n", duid, type, iaid, pfx, pl, vl,
				    left);
		} else if (!rows && sscanf(text, "%63s %lld", pfx, &v) == 2) {
			if (asjson)
				json_int(&j, pfx, v);
			else
				printf("%-32s %lld\n", pfx, v);
		}
		if (final)
			break;
	}
	if (asjson) {
		if (rows)
			json_array_end(&j);
		json_object_end(&j);
		if (json_finish(&j) == -1)
			errx(1, "JSON output");
	}
	ctl_client_close(c);
	return 0;
}

int
main(int argc, char *argv[])
{
	const char	*addr = "::1", *keyfile = NULL, *sock = NULL;
	const char	*e;
	uint8_t		 data[D6CTL_MAXDATA], msg[D6CTL_HDRLEN + D6CTL_MACLEN +
			    D6CTL_MAXDATA], key[D6CTL_MAXKEY];
	size_t		 dlen, keylen, len;
	long long	 v;
	uint16_t	 cmd;
	int		 ch, client = 0, server = 0, port = 0, asjson = 0;

	while ((ch = getopt(argc, argv, "a:Cjk:p:s:S")) != -1) {
		switch (ch) {
		case 'a':
			addr = optarg;
			break;
		case 'C':
			client = 1;
			break;
		case 'j':
			asjson = 1;
			break;
		case 'k':
			keyfile = optarg;
			break;
		case 'p':
			if (cfg_number(optarg, 1, 65535, &v, &e) == -1)
				errx(1, "-p %s: %s", optarg, e);
			port = (int)v;
			break;
		case 's':
			sock = optarg;
			break;
		case 'S':
			server = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (client && server)
		errx(1, "-C and -S are exclusive");
	if (argc < 1)
		usage();
	if (strcmp(argv[0], "status") == 0) {
		if (argc > 2)
			usage();
		/* -C, or asking for leases: the client's socket */
		if (argc == 2 && strcmp(argv[1], "leases") == 0)
			client = 1;
		if (sock == NULL)
			sock = client ? STATUS_SOCK_CLIENT : STATUS_SOCK;
		return status(sock, argc == 2 ? argv[1] : client ? "leases" :
		    "bindings", client, asjson);
	}
	/* WIDE's default target is the client */
	if (!server)
		client = 1;
	dlen = command(server, argc, argv, &cmd, data, sizeof(data));
	if (keyfile == NULL)
		keyfile = server ? KEY_SERVER : KEY_CLIENT;
	if (port == 0)
		port = server ? D6CTL_PORT_SERVER : D6CTL_PORT_CLIENT;
	if (d6ctl_key_read(keyfile, key, sizeof(key), &keylen) == -1)
		err(1, "key file %s", keyfile);
	len = d6ctl_build(cmd, data, dlen, key, keylen, (uint32_t)time(NULL),
	    msg, sizeof(msg));
	explicit_bzero(key, sizeof(key));
	if (len == 0)
		errx(1, "cannot build the command");
	return send_command(addr, port, msg, len) == -1 ? 1 : 0;
}
