/*
 * The daemon's end of WIDE-DHCPv6's control channel, shared by dhcp6s
 * and dhcp6c: a TCP listener on the control address (only when the key
 * file reads), at most D6CTL_MAXCONN connections, one command each, idle
 * ones closed; every command verified (length, time, MAC, version) and
 * checked against replays before the daemon's callback sees it.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "dhcp6.h"
#include "ev.h"
#include "log.h"

#define D6CTL_MAXCONN	5		/* DHCP6CTL_DEF_COMMANDQUEUELEN */
#define D6CTL_IDLE	EV_SEC(5)

struct d6ctl_conn {
	struct d6ctl_server *srv;
	int		 fd;
	struct ev_io	 io;
	struct ev_timer	 idle;
	uint8_t		 buf[D6CTL_HDRLEN + D6CTL_MACLEN + D6CTL_MAXDATA];
	size_t		 len;
	int		 used;
};

struct d6ctl_server {
	struct ev_loop	*loop;
	int		 fd;
	struct ev_io	 io;
	struct d6ctl_conn conns[D6CTL_MAXCONN];
	uint8_t		 key[D6CTL_MAXKEY];
	size_t		 keylen;
	struct d6ctl_replay replay;
	void		(*fn)(const struct d6ctl_msg *, void *);
	void		*arg;
	uint64_t	 done, refused;
};

static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 20);

static void
conn_close(struct d6ctl_conn *c)
{
	ev_io_del(c->srv->loop, &c->io);
	ev_timer_cancel(c->srv->loop, &c->idle);
	close(c->fd);
	c->used = 0;
}

static void
execute(struct d6ctl_conn *c)
{
	struct d6ctl_server	*s = c->srv;
	struct d6ctl_msg	 m;
	enum d6ctl_err		 e;
	uint32_t		 now = (uint32_t)time(NULL);

	e = d6ctl_verify(c->buf, c->len, s->key, s->keylen, now, &m);
	if (e == D6CTL_OK && d6ctl_replay_check(&s->replay, &m, now) == -1)
		e = D6CTL_REPLAY;
	if (e != D6CTL_OK) {
		if (e == D6CTL_VERSION)
			log_limited(&rl, LOG_INFO, "unsupported version: %u",
			    m.version);
		else
			log_limited(&rl, LOG_INFO, "control message refused: "
			    "%s", d6ctl_err_name(e));
		s->refused++;
		return;
	}
	s->done++;
	s->fn(&m, s->arg);
}

static void
conn_read(struct ev_io *io, int fd, int revents, void *arg)
{
	struct d6ctl_conn	*c = arg;
	ssize_t			 n;
	size_t			 want;

	(void)io, (void)revents;
	n = read(fd, c->buf + c->len, sizeof(c->buf) - c->len);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		c->len += (size_t)n;
	if (c->len >= D6CTL_HDRLEN) {
		want = D6CTL_HDRLEN + ((size_t)c->buf[2] << 8 | c->buf[3]);
		if (c->len >= want || want > sizeof(c->buf) || n <= 0) {
			conn_close(c);
			execute(c);	/* the callback may close the server */
			return;
		}
	}
	if (n <= 0 || c->len == sizeof(c->buf)) {
		if (c->len > 0) {
			log_limited(&rl, LOG_INFO, "control message refused: "
			    "short");
			c->srv->refused++;
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
	struct d6ctl_server	*s = arg;
	struct d6ctl_conn	*c = NULL;
	int			 cfd, i;

	(void)io, (void)revents;
	if ((cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) ==
	    -1)
		return;
	for (i = 0; i < D6CTL_MAXCONN; i++)
		if (!s->conns[i].used) {
			c = &s->conns[i];
			break;
		}
	if (c == NULL) {
		log_limited(&rl, LOG_INFO, "too many control connections");
		close(cfd);
		return;
	}
	memset(c, 0, sizeof(*c));
	c->srv = s;
	c->used = 1;
	c->fd = cfd;
	ev_timer_init(&c->idle, conn_idle, c);
	ev_timer_add(s->loop, &c->idle, D6CTL_IDLE);
	if (ev_io_add(s->loop, &c->io, cfd, EV_READ, conn_read, c) == -1) {
		ev_timer_cancel(s->loop, &c->idle);
		close(cfd);
		c->used = 0;
	}
}

struct d6ctl_server *
d6ctl_server_open(struct ev_loop *loop, const char *keyfile,
    const char *addr, uint16_t port,
    void (*fn)(const struct d6ctl_msg *, void *), void *arg)
{
	struct d6ctl_server	*s;
	struct sockaddr_in6	 sa;
	int			 on = 1;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		fatal("control channel");
	if (d6ctl_key_read(keyfile, s->key, sizeof(s->key), &s->keylen) ==
	    -1) {
		if (errno == ENOENT)
			log_info("no control key %s: skip opening control "
			    "port", keyfile);
		else
			log_warn("failed to initialize control message "
			    "authentication (%s): skip opening control port",
			    keyfile);
		free(s);
		return NULL;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sin6_family = AF_INET6;
	sa.sin6_port = htons(port);
	if (inet_pton(AF_INET6, addr, &sa.sin6_addr) != 1)
		fatalx("control address %s is not an IPv6 address", addr);
	s->loop = loop;
	s->fn = fn;
	s->arg = arg;
	if ((s->fd = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1 ||
	    setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ==
	    -1 || bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(s->fd, D6CTL_MAXCONN) == -1 ||
	    ev_io_add(loop, &s->io, s->fd, EV_READ, on_accept, s) == -1)
		fatal("failed to initialize control channel ([%s]:%u)", addr,
		    port);
	log_info("control channel on [%s]:%u", addr, port);
	return s;
}

void
d6ctl_server_counts(const struct d6ctl_server *s, uint64_t *done,
    uint64_t *refused)
{
	*done = s != NULL ? s->done : 0;
	*refused = s != NULL ? s->refused : 0;
}

void
d6ctl_server_close(struct d6ctl_server *s)
{
	int	 i;

	if (s == NULL)
		return;
	for (i = 0; i < D6CTL_MAXCONN; i++)
		if (s->conns[i].used)
			conn_close(&s->conns[i]);
	ev_io_del(s->loop, &s->io);
	close(s->fd);
	explicit_bzero(s->key, sizeof(s->key));
	free(s);
}
