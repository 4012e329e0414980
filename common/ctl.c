/* Control sockets: a line-oriented UNIX stream server and its client. */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "ctl.h"
#include "ev.h"
#include "log.h"

#define CTL_DEF_MAX_LINE	1024
#define CTL_DEF_MAX_OUTPUT	(4 * 1024 * 1024)
#define CTL_DEF_MAX_CLIENTS	64

struct ctl_conn {
	TAILQ_ENTRY(ctl_conn)	 entry;
	struct ctl_server	*srv;
	struct ev_io		 io;
	int			 fd;
	unsigned		 id;
	char			*in;
	size_t			 inlen;
	struct wbuf		 out;
	size_t			 outoff;
	int			 closing;	/* flush, then close */
	int			 dead;		/* waiting to be freed */
	uid_t			 uid;
	pid_t			 pid;
	void			*data;
};

struct ctl_server {
	struct ev_loop		*loop;
	struct ev_io		 io;
	struct ev_timer		 reaper;
	int			 fd;
	char			*path;
	struct ctl_ops		 ops;
	struct ctl_limits	 lim;
	void			*arg;
	unsigned		 nextid;
	int			 nclients;
	TAILQ_HEAD(, ctl_conn)	 conns;
};

static void	conn_io(struct ev_io *, int, int, void *);

static int
sun_fill(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlcpy(sun->sun_path, path, sizeof(sun->sun_path)) >=
	    sizeof(sun->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* Remove a socket file only if no server answers on it. */
static int
clear_stale(const char *path)
{
	struct sockaddr_un	 sun;
	struct stat		 st;
	int			 fd, rc;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISSOCK(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	if (sun_fill(&sun, path) == -1)
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	rc = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	close(fd);
	if (rc == 0) {
		errno = EADDRINUSE;
		return -1;
	}
	return unlink(path);
}

static void
reap(struct ev_timer *t, void *arg)
{
	struct ctl_server	*srv = arg;
	struct ctl_conn		*c, *next;

	for (c = TAILQ_FIRST(&srv->conns); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (!c->dead)
			continue;
		TAILQ_REMOVE(&srv->conns, c, entry);
		srv->nclients--;
		if (srv->ops.disconnect != NULL)
			srv->ops.disconnect(c, srv->arg);
		wbuf_free(&c->out);
		free(c->in);
		free(c);
	}
}

/* Stop all I/O now; the memory goes at the next reap. */
static void
conn_kill(struct ctl_conn *c)
{
	if (c->dead)
		return;
	ev_io_del(c->srv->loop, &c->io);
	close(c->fd);
	c->fd = -1;
	c->dead = 1;
	c->closing = 1;
	ev_timer_add(c->srv->loop, &c->srv->reaper, 0);
}

static void
conn_flush(struct ctl_conn *c)
{
	size_t	 left;
	ssize_t	 n;

	while ((left = wbuf_len(&c->out) - c->outoff) > 0) {
		n = send(c->fd, wbuf_data(&c->out) + c->outoff, left,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			conn_kill(c);
			return;
		}
		c->outoff += (size_t)n;
	}
	if (c->outoff == wbuf_len(&c->out)) {
		wbuf_reset(&c->out);
		c->outoff = 0;
		if (c->closing) {
			conn_kill(c);
			return;
		}
		ev_io_set(c->srv->loop, &c->io, EV_READ);
	} else
		ev_io_set(c->srv->loop, &c->io,
		    c->closing ? EV_WRITE : EV_READ | EV_WRITE);
}

int
ctl_write(struct ctl_conn *c, const void *data, size_t len)
{
	if (c->closing)
		return -1;
	if (c->outoff > 0 && c->outoff == wbuf_len(&c->out)) {
		wbuf_reset(&c->out);
		c->outoff = 0;
	}
	if (wbuf_bytes(&c->out, data, len) == -1) {
		log_warnx("control: client %u is not reading, disconnected",
		    c->id);
		conn_kill(c);
		return -1;
	}
	ev_io_set(c->srv->loop, &c->io, EV_READ | EV_WRITE);
	return 0;
}

int
ctl_printf(struct ctl_conn *c, const char *fmt, ...)
{
	char	 small[512], *big = NULL;
	va_list	 ap;
	int	 n, rc;

	if (c->closing)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof(small)) {
		if ((big = malloc((size_t)n + 1)) == NULL)
			return -1;
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	rc = ctl_write(c, big ? big : small, (size_t)n);
	free(big);
	return rc;
}

void
ctl_conn_close(struct ctl_conn *c)
{
	if (c->closing)
		return;
	c->closing = 1;
	if (wbuf_len(&c->out) == c->outoff)
		conn_kill(c);
	else
		ev_io_set(c->srv->loop, &c->io, EV_WRITE);
}

int
ctl_conn_closing(const struct ctl_conn *c)
{
	return c->closing;
}

void
ctl_conn_peer(const struct ctl_conn *c, uid_t *uid, pid_t *pid)
{
	if (uid != NULL)
		*uid = c->uid;
	if (pid != NULL)
		*pid = c->pid;
}

void
ctl_conn_set_data(struct ctl_conn *c, void *data)
{
	c->data = data;
}

void *
ctl_conn_data(const struct ctl_conn *c)
{
	return c->data;
}

unsigned
ctl_conn_id(const struct ctl_conn *c)
{
	return c->id;
}

/* Hand every complete line to the owner; returns -1 if it is too long. */
static int
conn_lines(struct ctl_conn *c)
{
	struct ctl_server	*srv = c->srv;
	char			*nl, *start = c->in;
	size_t			 left = c->inlen;

	while (!c->closing && (nl = memchr(start, '\n', left)) != NULL) {
		*nl = '\0';
		if (nl > start && nl[-1] == '\r')
			nl[-1] = '\0';
		left -= (size_t)(nl - start) + 1;
		srv->ops.line(c, start, srv->arg);
		start = nl + 1;
	}
	if (c->closing)
		return 0;
	memmove(c->in, start, left);
	c->inlen = left;
	return c->inlen > srv->lim.max_line ? -1 : 0;
}

static void
conn_io(struct ev_io *io, int fd, int revents, void *arg)
{
	struct ctl_conn	*c = arg;
	size_t		 room;
	ssize_t		 n;

	if (revents & EV_WRITE)
		conn_flush(c);
	if (c->dead || c->closing || !(revents & (EV_READ | EV_ERROR)))
		return;
	room = c->srv->lim.max_line + 1 - c->inlen;
	n = recv(fd, c->in + c->inlen, room, MSG_DONTWAIT);
	if (n == -1) {
		if (errno != EAGAIN && errno != EINTR)
			conn_kill(c);
		return;
	}
	if (n == 0) {
		/* Answer what was asked, then close. */
		c->in[c->inlen] = '\0';
		if (c->inlen > 0 && memchr(c->in, '\n', c->inlen) == NULL)
			c->in[c->inlen++] = '\n';
		conn_lines(c);
		ctl_conn_close(c);
		return;
	}
	c->inlen += (size_t)n;
	if (conn_lines(c) == -1) {
		if (c->srv->ops.toolong_reply != NULL)
			ctl_printf(c, "%s\n", c->srv->ops.toolong_reply);
		ctl_conn_close(c);
	}
}

static void
accept_io(struct ev_io *io, int fd, int revents, void *arg)
{
	struct ctl_server	*srv = arg;
	struct ctl_conn		*c;
	struct ucred		 cred;
	socklen_t		 len = sizeof(cred);
	int			 cfd;

	if ((cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) ==
	    -1) {
		if (errno != EAGAIN && errno != EINTR &&
		    errno != ECONNABORTED)
			log_warn("control: accept");
		return;
	}
	if (srv->nclients >= srv->lim.max_clients) {
		log_warnx("control: too many clients (%d), refused",
		    srv->nclients);
		close(cfd);
		return;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->in = malloc(srv->lim.max_line + 2)) == NULL ||
	    wbuf_init_dyn(&c->out, 1024, srv->lim.max_output) == -1) {
		log_warn("control: client");
		if (c != NULL)
			free(c->in);
		free(c);
		close(cfd);
		return;
	}
	c->srv = srv;
	c->fd = cfd;
	c->id = ++srv->nextid;
	c->uid = (uid_t)-1;
	c->pid = -1;
	if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) {
		c->uid = cred.uid;
		c->pid = cred.pid;
	}
	if (ev_io_add(srv->loop, &c->io, cfd, EV_READ, conn_io, c) == -1) {
		log_warn("control: event");
		wbuf_free(&c->out);
		free(c->in);
		free(c);
		close(cfd);
		return;
	}
	TAILQ_INSERT_TAIL(&srv->conns, c, entry);
	srv->nclients++;
	if (srv->ops.connect != NULL)
		srv->ops.connect(c, srv->arg);
}

struct ctl_server *
ctl_server_open_daemon(struct ev_loop *loop, const char *what,
    const char *path, mode_t mode, gid_t gid, const struct ctl_ops *ops,
    const struct ctl_limits *lim, void *arg)
{
	struct ctl_server	*srv;

	if ((srv = ctl_server_open(loop, path, mode, gid, ops, lim, arg)) ==
	    NULL) {
		if (errno == EADDRINUSE)
			fatalx("%s %s: %s already running", what, path,
			    getprogname());
		fatal("%s %s", what, path);
	}
	return srv;
}

/*
 * A listening socket at path, with the mode and group asked, never wider
 * for a moment; -1 with errno (and no file left behind) on failure.
 */
static int
listen_at(const char *path, mode_t mode, gid_t gid)
{
	struct sockaddr_un	 sun;
	mode_t			 oldmask;
	int			 fd, saved;

	if (sun_fill(&sun, path) == -1 || clear_stale(path) == -1)
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	oldmask = umask(0777 & ~mode);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		saved = errno;
		umask(oldmask);
		close(fd);
		errno = saved;
		return -1;
	}
	umask(oldmask);
	if (chmod(path, mode) == -1 ||
	    (gid != (gid_t)-1 && chown(path, (uid_t)-1, gid) == -1) ||
	    listen(fd, 16) == -1) {
		saved = errno;
		unlink(path);
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

struct ctl_server *
ctl_server_open(struct ev_loop *loop, const char *path, mode_t mode,
    gid_t gid, const struct ctl_ops *ops, const struct ctl_limits *lim,
    void *arg)
{
	struct ctl_server	*srv;
	int			 saved;

	if (ops == NULL || ops->line == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if ((srv = calloc(1, sizeof(*srv))) == NULL)
		return NULL;
	if ((srv->path = strdup(path)) == NULL) {
		free(srv);
		return NULL;
	}
	if ((srv->fd = listen_at(path, mode, gid)) == -1)
		goto fail;
	srv->loop = loop;
	srv->ops = *ops;
	srv->arg = arg;
	srv->lim.max_line = CTL_DEF_MAX_LINE;
	srv->lim.max_output = CTL_DEF_MAX_OUTPUT;
	srv->lim.max_clients = CTL_DEF_MAX_CLIENTS;
	ctl_server_set_limits(srv, lim);
	TAILQ_INIT(&srv->conns);
	ev_timer_init(&srv->reaper, reap, srv);
	if (ev_io_add(loop, &srv->io, srv->fd, EV_READ, accept_io, srv) == -1)
		goto fail_unlink;
	return srv;
fail_unlink:
	saved = errno;
	unlink(path);
	close(srv->fd);
	errno = saved;
fail:
	saved = errno;
	free(srv->path);
	free(srv);
	errno = saved;
	return NULL;
}

void
ctl_server_set_limits(struct ctl_server *srv, const struct ctl_limits *lim)
{
	if (lim == NULL)
		return;
	if (lim->max_line > 0)
		srv->lim.max_line = lim->max_line;
	if (lim->max_output > 0)
		srv->lim.max_output = lim->max_output;
	if (lim->max_clients > 0)
		srv->lim.max_clients = lim->max_clients;
}

int
ctl_server_move(struct ctl_server *srv, const char *path, mode_t mode,
    gid_t gid)
{
	char	*npath;
	int	 fd;

	if (strcmp(path, srv->path) == 0) {
		/* the same file: only its permissions change */
		if (chmod(path, mode) == -1 ||
		    (gid != (gid_t)-1 && chown(path, (uid_t)-1, gid) == -1))
			return -1;
		return 0;
	}
	if ((npath = strdup(path)) == NULL)
		return -1;
	if ((fd = listen_at(path, mode, gid)) == -1) {
		free(npath);
		return -1;
	}
	ev_io_del(srv->loop, &srv->io);
	if (ev_io_add(srv->loop, &srv->io, fd, EV_READ, accept_io, srv) ==
	    -1) {
		int saved = errno;

		/* back to the old socket, which is still open */
		close(fd);
		unlink(path);
		free(npath);
		if (ev_io_add(srv->loop, &srv->io, srv->fd, EV_READ,
		    accept_io, srv) == -1)
			log_warn("control: %s", srv->path);
		errno = saved;
		return -1;
	}
	close(srv->fd);
	unlink(srv->path);
	free(srv->path);
	srv->fd = fd;
	srv->path = npath;
	return 0;
}

void
ctl_server_close(struct ctl_server *srv)
{
	struct ctl_conn	*c;

	if (srv == NULL)
		return;
	TAILQ_FOREACH(c, &srv->conns, entry) {
		/* Try to deliver what is queued (a goodbye) before closing. */
		if (!c->dead)
			conn_flush(c);
		conn_kill(c);
	}
	reap(&srv->reaper, srv);
	ev_timer_cancel(srv->loop, &srv->reaper);
	ev_io_del(srv->loop, &srv->io);
	close(srv->fd);
	unlink(srv->path);
	free(srv->path);
	free(srv);
}

const char *
ctl_server_path(const struct ctl_server *srv)
{
	return srv->path;
}

int
ctl_server_nclients(const struct ctl_server *srv)
{
	return srv->nclients;
}

void
ctl_server_foreach(struct ctl_server *srv,
    void (*fn)(struct ctl_conn *, void *), void *arg)
{
	struct ctl_conn	*c;

	/* Connections are only freed by the reaper, so the walk is safe. */
	TAILQ_FOREACH(c, &srv->conns, entry)
		if (!c->closing)
			fn(c, arg);
}

/* Client. */

#define CLIENT_MAX_OUT	(1024 * 1024)

struct ctl_client {
	int	 fd;
	char	 in[8192];
	size_t	 inlen;
	char	*out;		/* ctl_client_queue's backlog */
	size_t	 outlen, outcap;
};

static struct ctl_client *
client_open(const char *path, int flags)
{
	struct ctl_client	*cl;
	struct sockaddr_un	 sun;
	int			 saved;

	if (sun_fill(&sun, path) == -1)
		return NULL;
	if ((cl = calloc(1, sizeof(*cl))) == NULL)
		return NULL;
	cl->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | flags, 0);
	if (cl->fd == -1 ||
	    connect(cl->fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		saved = errno;
		if (cl->fd != -1)
			close(cl->fd);
		free(cl);
		errno = saved;
		return NULL;
	}
	return cl;
}

struct ctl_client *
ctl_client_open(const char *path)
{
	return client_open(path, 0);
}

struct ctl_client *
ctl_client_open_nb(const char *path)
{
	return client_open(path, SOCK_NONBLOCK);
}

void
ctl_client_close(struct ctl_client *cl)
{
	if (cl == NULL)
		return;
	close(cl->fd);
	free(cl->out);
	free(cl);
}

int
ctl_client_flush(struct ctl_client *cl)
{
	ssize_t	 n;

	while (cl->outlen > 0) {
		n = send(cl->fd, cl->out, cl->outlen,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			cl->outlen -= (size_t)n;
			memmove(cl->out, cl->out + n, cl->outlen);
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return 1;
		return -1;
	}
	return 0;
}

int
ctl_client_queue(struct ctl_client *cl, const char *fmt, ...)
{
	char		 line[4096];
	va_list		 ap;
	size_t		 len, cap;
	char		*p;
	int		 w;

	va_start(ap, fmt);
	w = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= sizeof(line) - 1) {
		errno = EMSGSIZE;
		return -1;
	}
	len = (size_t)w;
	line[len++] = '\n';
	if (cl->outlen + len > CLIENT_MAX_OUT) {
		errno = ENOBUFS;
		return -1;
	}
	if (cl->outlen + len > cl->outcap) {
		cap = cl->outcap ? cl->outcap : 1024;
		while (cap < cl->outlen + len)
			cap *= 2;
		if ((p = realloc(cl->out, cap)) == NULL)
			return -1;
		cl->out = p;
		cl->outcap = cap;
	}
	memcpy(cl->out + cl->outlen, line, len);
	cl->outlen += len;
	return ctl_client_flush(cl);
}

int
ctl_client_fd(const struct ctl_client *cl)
{
	return cl->fd;
}

static long long
mono_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for fd to be ready; the deadline is absolute (-1: none). */
static int
wait_fd(int fd, short events, long long deadline)
{
	struct pollfd	 pfd;
	int		 ms, n;

	for (;;) {
		if (deadline < 0)
			ms = -1;
		else {
			long long left = deadline - mono_ms();

			ms = left > 0 ? (int)left : 0;
		}
		pfd.fd = fd;
		pfd.events = events;
		n = poll(&pfd, 1, ms);
		if (n > 0)
			return 0;
		if (n == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		if (errno != EINTR)
			return -1;
	}
}

int
ctl_client_send(struct ctl_client *cl, int timeout_ms, const char *fmt, ...)
{
	char		 line[4096];
	va_list		 ap;
	long long	 deadline;
	size_t		 off = 0, len;
	ssize_t		 n;
	int		 w;

	va_start(ap, fmt);
	w = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= sizeof(line) - 1) {
		errno = EMSGSIZE;
		return -1;
	}
	len = (size_t)w;
	line[len++] = '\n';
	deadline = timeout_ms < 0 ? -1 : mono_ms() + timeout_ms;
	while (off < len) {
		n = send(cl->fd, line + off, len - off,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n == -1 && errno != EAGAIN && errno != EINTR)
			return -1;
		if (wait_fd(cl->fd, POLLOUT, deadline) == -1)
			return -1;
	}
	return 0;
}

/*
 * Take one complete line out of the input buffer: its length, -1 if no
 * line is complete yet, -2 if the line did not fit in buf (it is dropped).
 */
static ssize_t
take_line(struct ctl_client *cl, char *buf, size_t len)
{
	char	*nl;
	size_t	 n, used;
	ssize_t	 rc;

	if ((nl = memchr(cl->in, '\n', cl->inlen)) == NULL)
		return -1;
	used = (size_t)(nl - cl->in) + 1;
	n = (size_t)(nl - cl->in);
	if (n > 0 && cl->in[n - 1] == '\r')
		n--;
	if (n >= len)
		rc = -2;
	else {
		memcpy(buf, cl->in, n);
		buf[n] = '\0';
		rc = (ssize_t)n;
	}
	cl->inlen -= used;
	memmove(cl->in, cl->in + used, cl->inlen);
	return rc;
}

/*
 * Read what the socket holds into the input buffer: 1 if something came,
 * 0 if nothing is waiting, -1 at end of file (ECONNRESET), on an error,
 * or with the buffer full and no line in it (EMSGSIZE).
 */
static int
fill(struct ctl_client *cl)
{
	ssize_t	 n;

	if (cl->inlen == sizeof(cl->in)) {
		errno = EMSGSIZE;
		return -1;
	}
	n = recv(cl->fd, cl->in + cl->inlen, sizeof(cl->in) - cl->inlen,
	    MSG_DONTWAIT);
	if (n > 0) {
		cl->inlen += (size_t)n;
		return 1;
	}
	if (n == 0) {
		errno = ECONNRESET;
		return -1;
	}
	return errno == EAGAIN || errno == EINTR ? 0 : -1;
}

ssize_t
ctl_client_readline(struct ctl_client *cl, char *buf, size_t len,
    int timeout_ms)
{
	long long	 deadline;
	ssize_t		 n;
	int		 rc;

	if (len == 0) {
		errno = EMSGSIZE;
		return -1;
	}
	deadline = timeout_ms < 0 ? -1 : mono_ms() + timeout_ms;
	for (;;) {
		if ((n = take_line(cl, buf, len)) != -1) {
			if (n == -2) {
				errno = EMSGSIZE;
				return -1;
			}
			return n;
		}
		if ((rc = fill(cl)) == -1)
			return -1;
		if (rc == 1)
			continue;
		if (wait_fd(cl->fd, POLLIN, deadline) == -1)
			return -1;
	}
}

int
ctl_client_input(struct ctl_client *cl, void (*cb)(const char *, void *),
    void *arg)
{
	char	 line[sizeof(cl->in)];
	ssize_t	 n;
	int	 rc;

	for (;;) {
		while ((n = take_line(cl, line, sizeof(line))) != -1)
			if (n >= 0)
				cb(line, arg);
		if ((rc = fill(cl)) != 1)
			return rc;
	}
}

int
ctl_reply_parse(const char *line, int *final, const char **text)
{
	int	 code;

	if (line[0] < '1' || line[0] > '9' || line[1] < '0' ||
	    line[1] > '9' || line[2] < '0' || line[2] > '9')
		return -1;
	if (line[3] != ' ' && line[3] != '-' && line[3] != '\0')
		return -1;
	code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + line[2] - '0';
	if (final != NULL)
		*final = line[3] != '-';
	if (text != NULL)
		*text = line[3] == '\0' ? line + 3 : line + 4;
	return code;
}

int
ctl_client_request(struct ctl_client *cl, int timeout_ms,
    void (*cb)(int, const char *, void *), void *arg, const char *fmt, ...)
{
	char		 line[4096];
	va_list		 ap;
	const char	*text;
	int		 w, code, final;
	ssize_t		 n;

	va_start(ap, fmt);
	w = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= sizeof(line)) {
		errno = EMSGSIZE;
		return -1;
	}
	if (ctl_client_send(cl, timeout_ms, "%s", line) == -1)
		return -1;
	for (;;) {
		n = ctl_client_readline(cl, line, sizeof(line), timeout_ms);
		if (n == -1)
			return -1;
		code = ctl_reply_parse(line, &final, &text);
		if (code == -1) {
			errno = EPROTO;
			return -1;
		}
		if (cb != NULL)
			cb(code, text, arg);
		if (final && code / 100 != 6)
			return code;
	}
}
