/*
 * Control sockets: a UNIX stream server that many clients may use at once,
 * speaking lines of text (a request per line; replies and streamed events
 * are lines too), and the matching client.  Replies follow the suite's
 * convention: "NNN-text" for a continuation line, "NNN text" for the last
 * line of a reply, 6xx for asynchronous events.
 */
#ifndef T6_CTL_H
#define T6_CTL_H

#include <stddef.h>
#include <sys/types.h>

struct ev_loop;
struct ctl_server;
struct ctl_conn;

struct ctl_ops {
	/* A client connected (send a greeting here). */
	void	(*connect)(struct ctl_conn *, void *arg);
	/* One request line, NUL-terminated, without the newline. */
	void	(*line)(struct ctl_conn *, char *line, void *arg);
	/* The client is gone; free what was attached to the connection. */
	void	(*disconnect)(struct ctl_conn *, void *arg);
	/* Sent before closing a connection whose line is too long. */
	const char *toolong_reply;
};

struct ctl_limits {
	size_t	 max_line;	/* default 1024, newline excluded */
	size_t	 max_output;	/* queued bytes per client; default 4 MiB */
	int	 max_clients;	/* default 64 */
};

/*
 * Listen on path with the given mode (and group, unless gid is -1).  An
 * existing socket file is removed only if nothing answers on it; if a
 * server answers, fails with EADDRINUSE; a non-socket file at path fails
 * with EEXIST.  limits may be NULL for the defaults.
 */
struct ctl_server *ctl_server_open(struct ev_loop *, const char *path,
		    mode_t mode, gid_t gid, const struct ctl_ops *,
		    const struct ctl_limits *, void *arg);
/*
 * The same for a daemon at start: on failure it exits, saying "WHAT
 * PATH: <program> already running" when a server answers there.
 */
struct ctl_server *ctl_server_open_daemon(struct ev_loop *, const char *what,
		    const char *path, mode_t mode, gid_t gid,
		    const struct ctl_ops *, const struct ctl_limits *,
		    void *arg);
/*
 * A reload: listen at path with mode and group from now on.  The clients
 * connected stay; the old socket file is removed once the new one
 * listens.  The same path only changes the file's mode and group.  On
 * failure nothing changed: -1 with errno.
 */
int		 ctl_server_move(struct ctl_server *, const char *path,
		    mode_t mode, gid_t gid);
/* The path the server listens on now. */
const char	*ctl_server_path(const struct ctl_server *);
/* New limits (fields left 0 are kept); for clients from now on. */
void		 ctl_server_set_limits(struct ctl_server *,
		    const struct ctl_limits *);
/* Disconnect every client (calling disconnect) and remove the socket. */
void		 ctl_server_close(struct ctl_server *);
int		 ctl_server_nclients(const struct ctl_server *);
/* Call fn for every connection (fn may close the one it is given). */
void		 ctl_server_foreach(struct ctl_server *,
		    void (*fn)(struct ctl_conn *, void *), void *arg);

/*
 * Queue output.  If a client does not read and its queue would pass
 * max_output, the connection is closed (the queue is dropped): a stuck
 * client never blocks the daemon.  Returns 0, or -1 when the connection
 * is closing.
 */
int		 ctl_printf(struct ctl_conn *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
int		 ctl_write(struct ctl_conn *, const void *, size_t);
/* Close once queued output is written; no more requests are read. */
void		 ctl_conn_close(struct ctl_conn *);
int		 ctl_conn_closing(const struct ctl_conn *);
/* SO_PEERCRED of the client. */
void		 ctl_conn_peer(const struct ctl_conn *, uid_t *, pid_t *);
void		 ctl_conn_set_data(struct ctl_conn *, void *);
void		*ctl_conn_data(const struct ctl_conn *);
unsigned	 ctl_conn_id(const struct ctl_conn *);

/* The client side. */
struct ctl_client;

/*
 * Connect; NULL with errno set on failure.  With ctl_client_open_nb the
 * socket is non-blocking from the start: a server that is too busy to
 * accept fails the call (EAGAIN) instead of holding the caller.
 */
struct ctl_client *ctl_client_open(const char *path);
struct ctl_client *ctl_client_open_nb(const char *path);
void		 ctl_client_close(struct ctl_client *);
int		 ctl_client_fd(const struct ctl_client *);
/*
 * Send one line (a newline is added).  Waits up to timeout_ms for room
 * (-1: forever).  Returns 0 or -1 with errno (ETIMEDOUT, EPIPE, ...).
 */
int		 ctl_client_send(struct ctl_client *, int timeout_ms,
		    const char *, ...) __attribute__((format(printf, 3, 4)));
/*
 * For event loops: queue one line (a newline is added) and write what the
 * socket takes now, never waiting.  Returns 1 if output is still queued
 * (call ctl_client_flush when the socket is writable), 0 if all is
 * written, -1 with errno on error (ENOBUFS past 1 MiB queued).
 */
int		 ctl_client_queue(struct ctl_client *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
int		 ctl_client_flush(struct ctl_client *);
/*
 * Read one line into buf (without the newline), waiting up to timeout_ms.
 * Returns the length, or -1 with errno: ECONNRESET at end of file,
 * ETIMEDOUT, EMSGSIZE for a line longer than len - 1 (it is skipped).
 */
ssize_t		 ctl_client_readline(struct ctl_client *, char *buf,
		    size_t len, int timeout_ms);
/*
 * Non-blocking use from an event loop: read what is available and call
 * cb for each complete line.  Returns 0, or -1 on end of file or error.
 */
int		 ctl_client_input(struct ctl_client *,
		    void (*cb)(const char *line, void *), void *arg);
/*
 * Send a request and collect its reply: cb gets each line; returns the
 * final line's code, or -1 (errno set).  Event lines (6xx) that arrive
 * meanwhile go to cb too.
 */
int		 ctl_client_request(struct ctl_client *, int timeout_ms,
		    void (*cb)(int code, const char *text, void *), void *arg,
		    const char *, ...) __attribute__((format(printf, 5, 6)));

/*
 * Split a reply line "NNN-text" or "NNN text": returns NNN and sets *final
 * (1 for a space) and *text; -1 if the line is not a reply.
 */
int		 ctl_reply_parse(const char *line, int *final,
		    const char **text);

#endif
