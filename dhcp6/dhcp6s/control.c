/*
 * dhcp6s's control: WIDE's authenticated TCP channel for dhcp6ctl
 * (reload, remove a binding, stop), open only when a key was loaded, on
 * [::1] by default; and a read-only status socket (UNIX, common/ctl)
 * that answers "show bindings" and "show counters".
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "ctl.h"
#include "dhcp6s.h"
#include "dhcp6s_main.h"
#include "log.h"

#define CTL_MAXCONN	5		/* DHCP6CTL_DEF_COMMANDQUEUELEN */
#define CTL_IDLE	EV_SEC(5)

struct tconn {
	int		 fd;
	struct ev_io	 io;
	struct ev_timer	 idle;
	uint8_t		 buf[D6CTL_HDRLEN + D6CTL_MACLEN + D6CTL_MAXDATA];
	size_t		 len;
	int		 used;
};

static int		 lsock = -1;
static struct ev_io	 lsock_io;
static struct tconn	 conns[CTL_MAXCONN];
static uint8_t		 key[D6CTL_MAXKEY];
static size_t		 keylen;
static struct d6ctl_replay replay;
static struct ctl_server *status_srv;
static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 20);

static void
conn_close(struct tconn *c)
{
	ev_io_del(dm.loop, &c->io);
	ev_timer_cancel(dm.loop, &c->idle);
	close(c->fd);
	c->used = 0;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* REMOVE: binding, IA, {flags, type, IAID, DUID length}, DUID */
static void
do_remove(const struct d6ctl_msg *m)
{
	const uint8_t	*d = m->data;
	uint32_t	 type, iaid, dlen;
	char		 s[3 * D6_DUID_MAX];

	if (m->datalen < 8 || get32(d) != D6CTL_BINDING) {
		log_limited(&rl, LOG_INFO, "unknown remove target");
		return;
	}
	if (get32(d + 4) != D6CTL_BINDING_IA || m->datalen < 24) {
		log_limited(&rl, LOG_INFO, "unknown binding type");
		return;
	}
	type = get32(d + 12);
	iaid = get32(d + 16);
	dlen = get32(d + 20);
	if (type != D6CTL_IA_PD && type != D6CTL_IA_NA) {
		log_limited(&rl, LOG_INFO, "unknown IA type");
		return;
	}
	if (dlen == 0 || dlen > D6_DUID_MAX || m->datalen != 24 + dlen) {
		log_limited(&rl, LOG_INFO, "DUID length mismatch");
		return;
	}
	/* WIDE looked for an IA_PD binding first, then an IA_NA one */
	if (d6s_remove_binding(&dm.srv, d + 24, dlen, D6O_IA_PD, iaid) ==
	    -1 && d6s_remove_binding(&dm.srv, d + 24, dlen, D6O_IA_NA,
	    iaid) == -1) {
		log_info("no such binding: %s iaid %u", d6_duid_str(d + 24,
		    dlen, s, sizeof(s)), iaid);
		return;
	}
	io_flush();
}

static void
execute(struct tconn *c)
{
	struct d6ctl_msg	 m;
	enum d6ctl_err		 e;
	uint32_t		 now = (uint32_t)time(NULL);

	e = d6ctl_verify(c->buf, c->len, key, keylen, now, &m);
	if (e == D6CTL_OK && d6ctl_replay_check(&replay, &m, now) == -1)
		e = D6CTL_REPLAY;
	if (e != D6CTL_OK) {
		if (e == D6CTL_VERSION)
			log_limited(&rl, LOG_INFO, "unsupported version: %u",
			    m.version);
		else
			log_limited(&rl, LOG_INFO, "control message refused: "
			    "%s", d6ctl_err_name(e));
		dm.ctl_refused++;
		return;
	}
	switch (m.command) {
	case D6CTL_RELOAD:
		if (m.datalen != 0) {
			log_info("invalid command length for reload: %zu",
			    m.datalen);
			return;
		}
		dhcp6s_reload();
		break;
	case D6CTL_REMOVE:
		do_remove(&m);
		break;
	case D6CTL_STOP:
		log_info("stop requested by dhcp6ctl");
		dhcp6s_exit();
		break;
	default:
		log_info("unknown control command: %u (len=%zu)", m.command,
		    m.datalen);
		return;
	}
	dm.ctl_done++;
}

static void
conn_read(struct ev_io *io, int fd, int revents, void *arg)
{
	struct tconn	*c = arg;
	ssize_t		 n;
	size_t		 want;

	(void)io, (void)revents;
	n = read(fd, c->buf + c->len, sizeof(c->buf) - c->len);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		c->len += (size_t)n;
	if (c->len >= D6CTL_HDRLEN) {
		want = D6CTL_HDRLEN + ((size_t)c->buf[2] << 8 | c->buf[3]);
		if (c->len >= want || want > sizeof(c->buf) || n <= 0) {
			execute(c);
			conn_close(c);
			return;
		}
	}
	if (n <= 0 || c->len == sizeof(c->buf)) {
		if (c->len > 0) {
			log_limited(&rl, LOG_INFO, "control message refused: "
			    "short");
			dm.ctl_refused++;
		}
		conn_close(c);
	}
}

static void
conn_idle(struct ev_timer *t, void *arg)
{
	(void)t;
	conn_close(arg);
}

static void
on_accept(struct ev_io *io, int fd, int revents, void *arg)
{
	struct tconn	*c = NULL;
	int		 s, i;

	(void)io, (void)revents, (void)arg;
	if ((s = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) == -1)
		return;
	for (i = 0; i < CTL_MAXCONN; i++)
		if (!conns[i].used) {
			c = &conns[i];
			break;
		}
	if (c == NULL) {
		log_limited(&rl, LOG_INFO, "too many control connections");
		close(s);
		return;
	}
	memset(c, 0, sizeof(*c));
	c->used = 1;
	c->fd = s;
	ev_timer_init(&c->idle, conn_idle, c);
	ev_timer_add(dm.loop, &c->idle, CTL_IDLE);
	if (ev_io_add(dm.loop, &c->io, s, EV_READ, conn_read, c) == -1) {
		ev_timer_cancel(dm.loop, &c->idle);
		close(s);
		c->used = 0;
	}
}

/* The TCP channel: only with a key.  0, or -1 (the server goes on). */
int
control_tcp_open(const char *keyfile, const char *addr, uint16_t port)
{
	struct sockaddr_in6	 sa;
	int			 on = 1;

	if (d6ctl_key_read(keyfile, key, sizeof(key), &keylen) == -1) {
		if (errno == ENOENT)
			log_info("no control key %s: skip opening control "
			    "port", keyfile);
		else
			log_warn("failed to initialize control message "
			    "authentication (%s): skip opening control port",
			    keyfile);
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin6_family = AF_INET6;
	sa.sin6_port = htons(port);
	if (inet_pton(AF_INET6, addr, &sa.sin6_addr) != 1) {
		log_warnx("control address %s is not an IPv6 address", addr);
		return -1;
	}
	if ((lsock = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1 ||
	    setsockopt(lsock, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ==
	    -1 || bind(lsock, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(lsock, CTL_MAXCONN) == -1 ||
	    ev_io_add(dm.loop, &lsock_io, lsock, EV_READ, on_accept, NULL) ==
	    -1)
		fatal("failed to initialize control channel ([%s]:%u)", addr,
		    port);
	log_info("control channel on [%s]:%u", addr, port);
	return 0;
}

/* ------------------------------------------------- status socket */

static void
show_bindings(struct ctl_conn *c)
{
	const struct d6s_binding *b;
	char			 d[3 * D6_DUID_MAX], a[INET6_ADDRSTRLEN];
	time_t			 now = time(NULL);
	long long		 left;
	int			 i;

	TAILQ_FOREACH(b, &dm.srv.b.list, entry)
		for (i = 0; i < b->nvals; i++) {
			left = b->vals[i].vltime == D6_INFINITY ? -1 :
			    (long long)b->updated + b->vals[i].vltime - now;
			if (left < -1)
				left = 0;
			ctl_printf(c, "200-%s %s %u %s/%u %u %u %lld\n",
			    d6_duid_str(b->duid, b->duidlen, d, sizeof(d)),
			    b->type == D6O_IA_PD ? "PD" : "NA", b->iaid,
			    inet_ntop(AF_INET6, &b->vals[i].addr, a,
			    sizeof(a)), b->vals[i].plen, b->vals[i].pltime,
			    b->vals[i].vltime, left);
		}
	ctl_printf(c, "200 %zu bindings\n", dm.srv.b.count);
}

static void
show_counters(struct ctl_conn *c)
{
	const struct d6s_stats	*st = &dm.srv.st;
	int			 i;

	ctl_printf(c, "200-received %llu\n", (unsigned long long)st->rx);
	ctl_printf(c, "200-sent %llu\n", (unsigned long long)st->tx);
	for (i = 1; i < D6SD_N; i++)
		ctl_printf(c, "200-dropped-%s %llu\n", d6s_drop_name(i),
		    (unsigned long long)st->drop[i]);
	ctl_printf(c, "200-bindings %zu\n", dm.srv.b.count);
	ctl_printf(c, "200-declined %zu\n", dm.srv.b.ndeclined);
	ctl_printf(c, "200-bindings-added %llu\n",
	    (unsigned long long)st->bindings_added);
	ctl_printf(c, "200-bindings-expired %llu\n",
	    (unsigned long long)st->bindings_expired);
	ctl_printf(c, "200-bindings-released %llu\n",
	    (unsigned long long)st->bindings_released);
	ctl_printf(c, "200-reloads %llu\n", (unsigned long long)st->reloads);
	ctl_printf(c, "200-control-done %llu\n",
	    (unsigned long long)dm.ctl_done);
	ctl_printf(c, "200 control-refused %llu\n",
	    (unsigned long long)dm.ctl_refused);
}

static void
status_line(struct ctl_conn *c, char *line, void *arg)
{
	(void)arg;
	if (strcmp(line, "show bindings") == 0)
		show_bindings(c);
	else if (strcmp(line, "show counters") == 0)
		show_counters(c);
	else
		ctl_printf(c, "500 unknown command (show bindings, show "
		    "counters)\n");
}

static const struct ctl_ops status_ops = {
	.line = status_line,
	.toolong_reply = "500 line too long\n",
};

void
control_status_open(const char *path)
{
	if ((status_srv = ctl_server_open(dm.loop, path, 0660, (gid_t)-1,
	    &status_ops, NULL, NULL)) == NULL) {
		if (errno == EADDRINUSE)
			fatalx("status socket %s: dhcp6s already running",
			    path);
		fatal("status socket %s", path);
	}
}

void
control_close(void)
{
	int	 i;

	for (i = 0; i < CTL_MAXCONN; i++)
		if (conns[i].used)
			conn_close(&conns[i]);
	if (lsock != -1) {
		ev_io_del(dm.loop, &lsock_io);
		close(lsock);
		lsock = -1;
	}
	explicit_bzero(key, sizeof(key));
	if (status_srv != NULL)
		ctl_server_close(status_srv);
	status_srv = NULL;
}
