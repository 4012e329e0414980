/* Unit tests for common/ctl: the control-socket server and client. */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "ev.h"
#include "t6check.h"

static char		 dir[64];
static char		 path[128];
static struct ev_loop	*loop;
static struct ctl_server *srv;
static int		 connects, disconnects, lines;
static int		 subscribed[16];

/*
 * A little protocol: "PING" -> "200 pong"; "LIST n" -> n lines "210-i"
 * then "210 end"; "SUB" -> subscribe to events; "EVENT x" -> "600 x" to
 * every subscriber, then "200 sent"; "BIG n" -> n bytes of output;
 * "QUIT" -> "200 bye" and close; "WHO" -> "200 uid=<uid>".
 */
static void
on_connect(struct ctl_conn *c, void *arg)
{
	connects++;
	ctl_printf(c, "220 test 1.0\n");
}

static void
broadcast(struct ctl_conn *c, void *arg)
{
	if (subscribed[ctl_conn_id(c) % 16])
		ctl_printf(c, "600 %s\n", (const char *)arg);
}

static void
on_line(struct ctl_conn *c, char *line, void *arg)
{
	int	 i, n;

	lines++;
	if (strcmp(line, "PING") == 0)
		ctl_printf(c, "200 pong\n");
	else if (sscanf(line, "LIST %d", &n) == 1) {
		for (i = 0; i < n; i++)
			ctl_printf(c, "210-%d\n", i);
		ctl_printf(c, "210 end\n");
	} else if (strcmp(line, "SUB") == 0) {
		subscribed[ctl_conn_id(c) % 16] = 1;
		ctl_printf(c, "200 ok\n");
	} else if (strncmp(line, "EVENT ", 6) == 0) {
		ctl_server_foreach(srv, broadcast, line + 6);
		ctl_printf(c, "200 sent\n");
	} else if (sscanf(line, "BIG %d", &n) == 1) {
		char	 chunk[1024];

		memset(chunk, 'b', sizeof(chunk));
		for (i = 0; i < n / (int)sizeof(chunk); i++)
			if (ctl_write(c, chunk, sizeof(chunk)) == -1)
				break;
	} else if (strcmp(line, "QUIT") == 0) {
		ctl_printf(c, "200 bye\n");
		ctl_conn_close(c);
		ck_assert(ctl_conn_closing(c));
		ck_assert_int_eq(ctl_printf(c, "too late\n"), -1);
	} else if (strcmp(line, "WHO") == 0) {
		uid_t	 uid;
		pid_t	 pid;

		ctl_conn_peer(c, &uid, &pid);
		ctl_printf(c, "200 uid=%u pid=%d\n", (unsigned)uid, (int)pid);
	} else if (strcmp(line, "DATA") == 0) {
		if (ctl_conn_data(c) == NULL)
			ctl_conn_set_data(c, strdup("attached"));
		ctl_printf(c, "200 %s\n", (char *)ctl_conn_data(c));
	} else
		ctl_printf(c, "401 unknown command\n");
}

static void
on_disconnect(struct ctl_conn *c, void *arg)
{
	disconnects++;
	free(ctl_conn_data(c));
	subscribed[ctl_conn_id(c) % 16] = 0;
}

static const struct ctl_ops ops = {
	on_connect, on_line, on_disconnect, "400 line too long"
};

static void
setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	snprintf(dir, sizeof(dir), "/tmp/t6ctl.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ctl.sock", dir);
	loop = ev_loop_new();
	connects = disconnects = lines = 0;
	memset(subscribed, 0, sizeof(subscribed));
}

static void
teardown(void)
{
	char	 cmd[128];

	ctl_server_close(srv);
	srv = NULL;
	ev_loop_free(loop);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
}

static void
open_server(const struct ctl_limits *lim)
{
	srv = ctl_server_open(loop, path, 0660, (gid_t)-1, &ops, lim, NULL);
	ck_assert_msg(srv != NULL, "ctl_server_open: %s", strerror(errno));
}

/* Run the server until the client has something to read (bounded). */
#define pump(cl)	pump_at(cl, __LINE__)
static void
pump_at(struct ctl_client *cl, int at)
{
	struct pollfd	 pfd = { .fd = ctl_client_fd(cl), .events = POLLIN };
	int		 i;

	for (i = 0; i < 500; i++) {
		ev_loop_once(loop, 10000);
		if (poll(&pfd, 1, 0) == 1)
			return;
	}
	ck_abort_msg("line %d: no reply from the server", at);
}

#define expect(cl, want)	expect_at(cl, want, __LINE__)
static void
expect_at(struct ctl_client *cl, const char *want, int at)
{
	char	 line[256];
	ssize_t	 n;

	/* a line may be buffered in the client already */
	n = ctl_client_readline(cl, line, sizeof(line), 0);
	if (n == -1 && errno == ETIMEDOUT) {
		pump_at(cl, at);
		n = ctl_client_readline(cl, line, sizeof(line), 1000);
	}
	ck_assert_msg(n >= 0, "line %d: readline: %s", at, strerror(errno));
	ck_assert_msg(strcmp(line, want) == 0, "line %d: got '%s', want '%s'",
	    at, line, want);
}

/* Run the loop until a predicate on the server holds. */
static void
serve_until(int *counter, int want)
{
	int	 i;

	for (i = 0; i < 500 && *counter < want; i++)
		ev_loop_once(loop, 10000);
	ck_assert_int_ge(*counter, want);
}

/*
 * ctl_client_queue never waits: what the socket does not take is kept
 * (up to 1 MiB) and written by ctl_client_flush, in order.
 */
START_TEST(queued_output)
{
	struct ctl_client	*cl;
	char			 pad[1001];
	int			 i, rc, queued = 0, full = 0;

	open_server(NULL);
	cl = ctl_client_open_nb(path);
	ck_assert_ptr_nonnull(cl);
	memset(pad, 'q', sizeof(pad) - 1);
	pad[sizeof(pad) - 1] = '\0';
	for (i = 0; i < 2000; i++) {
		rc = ctl_client_queue(cl, "NOOP %d %s", i, pad);
		if (rc == -1) {
			ck_assert_int_eq(errno, ENOBUFS);
			break;
		}
		full |= rc == 1;
		queued++;
	}
	ck_assert_msg(full, "the socket never filled up");
	ck_assert_msg(rc == -1, "no limit on queued output");
	ck_assert_int_gt(queued, 1000);		/* ~1 MiB of 1 kB lines */
	for (i = 0; i < 2000 && ctl_client_flush(cl) == 1; i++)
		ev_loop_once(loop, 10000);
	ck_assert_int_eq(ctl_client_flush(cl), 0);
	serve_until(&lines, queued);
	ck_assert_int_eq(lines, queued);
	ctl_client_close(cl);
	/* no server: the non-blocking open fails at once */
	ctl_server_close(srv);
	srv = NULL;
	ck_assert_ptr_null(ctl_client_open_nb(path));
}
END_TEST

START_TEST(request_reply_and_mode)
{
	struct ctl_client	*cl;
	struct stat		 st;
	char			 want[64];

	open_server(NULL);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 0777, 0660);
	cl = ctl_client_open(path);
	ck_assert_ptr_nonnull(cl);
	expect(cl, "220 test 1.0");
	ck_assert_int_eq(ctl_client_send(cl, 1000, "PING"), 0);
	expect(cl, "200 pong");
	ck_assert_int_eq(ctl_client_send(cl, 1000, "LIST 2"), 0);
	expect(cl, "210-0");
	expect(cl, "210-1");
	expect(cl, "210 end");
	ck_assert_int_eq(ctl_client_send(cl, 1000, "WHO"), 0);
	snprintf(want, sizeof(want), "200 uid=%u pid=%d", (unsigned)getuid(),
	    (int)getpid());
	expect(cl, want);
	/* two requests in one write, and CR LF line ends */
	ck_assert_int_eq(ctl_client_send(cl, 1000, "PING\r\nNOPE"), 0);
	expect(cl, "200 pong");
	expect(cl, "401 unknown command");
	ck_assert_int_eq(ctl_client_send(cl, 1000, "DATA"), 0);
	expect(cl, "200 attached");
	ck_assert_int_eq(ctl_server_nclients(srv), 1);
	ck_assert_int_eq(ctl_client_send(cl, 1000, "QUIT"), 0);
	expect(cl, "200 bye");
	serve_until(&disconnects, 1);
	ck_assert_int_eq(ctl_server_nclients(srv), 0);
	/* the server closed: end of file */
	ck_assert_int_eq(ctl_client_readline(cl, want, sizeof(want), 1000),
	    -1);
	ck_assert_int_eq(errno, ECONNRESET);
	ctl_client_close(cl);
}
END_TEST

START_TEST(many_clients_and_events)
{
	struct ctl_client	*cl[5];
	int			 i;

	open_server(NULL);
	for (i = 0; i < 5; i++) {
		cl[i] = ctl_client_open(path);
		ck_assert_ptr_nonnull(cl[i]);
		expect(cl[i], "220 test 1.0");
	}
	ck_assert_int_eq(connects, 5);
	/* clients 1 and 3 subscribe */
	for (i = 1; i < 5; i += 2) {
		ctl_client_send(cl[i], 1000, "SUB");
		expect(cl[i], "200 ok");
	}
	ctl_client_send(cl[0], 1000, "EVENT n1 state=Up");
	expect(cl[0], "200 sent");
	expect(cl[1], "600 n1 state=Up");
	expect(cl[3], "600 n1 state=Up");
	/* the others got nothing: their next line answers their request */
	ctl_client_send(cl[2], 1000, "PING");
	expect(cl[2], "200 pong");
	ctl_client_send(cl[4], 1000, "PING");
	expect(cl[4], "200 pong");
	/* a subscriber disappears: events still reach the rest */
	ctl_client_close(cl[1]);
	serve_until(&disconnects, 1);
	ctl_client_send(cl[0], 1000, "EVENT n2");
	expect(cl[0], "200 sent");
	expect(cl[3], "600 n2");
	for (i = 0; i < 5; i++)
		if (i != 1)
			ctl_client_close(cl[i]);
	serve_until(&disconnects, 5);
}
END_TEST

START_TEST(line_too_long_closes)
{
	struct ctl_limits	 lim = { .max_line = 32 };
	struct ctl_client	*cl;
	char			 line[64];

	open_server(&lim);
	cl = ctl_client_open(path);
	expect(cl, "220 test 1.0");
	memset(line, 'x', 40);
	line[40] = '\0';
	ck_assert_int_eq(ctl_client_send(cl, 1000, "%s", line), 0);
	expect(cl, "400 line too long");
	serve_until(&disconnects, 1);
	ck_assert_int_eq(lines, 0);
	ctl_client_close(cl);
	/* exactly max_line is fine */
	cl = ctl_client_open(path);
	expect(cl, "220 test 1.0");
	memset(line, 'y', 32);
	line[32] = '\0';
	ck_assert_int_eq(ctl_client_send(cl, 1000, "%s", line), 0);
	expect(cl, "401 unknown command");
	ctl_client_close(cl);
}
END_TEST

START_TEST(stuck_client_is_dropped)
{
	struct ctl_limits	 lim = { .max_output = 256 * 1024 };
	struct ctl_client	*cl, *other;

	open_server(&lim);
	cl = ctl_client_open(path);
	other = ctl_client_open(path);
	expect(cl, "220 test 1.0");
	expect(other, "220 test 1.0");
	/* far more than the socket buffers and the output limit */
	ctl_client_send(cl, 1000, "BIG 8000000");
	serve_until(&disconnects, 1);
	/* the daemon is still serving the others */
	ctl_client_send(other, 1000, "PING");
	expect(other, "200 pong");
	ctl_client_close(cl);
	ctl_client_close(other);
}
END_TEST

START_TEST(half_closed_client_gets_answer)
{
	struct ctl_client	*cl;

	open_server(NULL);
	cl = ctl_client_open(path);
	expect(cl, "220 test 1.0");
	/* like "echo PING | nc -U": the request, then end of input */
	ck_assert_int_eq(write(ctl_client_fd(cl), "PING", 4), 4);
	shutdown(ctl_client_fd(cl), SHUT_WR);
	expect(cl, "200 pong");
	serve_until(&disconnects, 1);
	ctl_client_close(cl);
}
END_TEST

START_TEST(client_limit)
{
	struct ctl_limits	 lim = { .max_clients = 2 };
	struct ctl_client	*a, *b, *c;
	char			 line[64];

	open_server(&lim);
	a = ctl_client_open(path);
	b = ctl_client_open(path);
	expect(a, "220 test 1.0");
	expect(b, "220 test 1.0");
	c = ctl_client_open(path);	/* the kernel accepts; we refuse */
	ck_assert_ptr_nonnull(c);
	pump(c);
	ck_assert_int_eq(ctl_client_readline(c, line, sizeof(line), 1000), -1);
	ck_assert_int_eq(connects, 2);
	ctl_client_close(a);
	ctl_client_close(b);
	ctl_client_close(c);
}
END_TEST

START_TEST(socket_file_handling)
{
	struct sockaddr_un	 sun;
	struct ctl_server	*second;
	int			 fd;

	/* a stale socket (nobody listening) is replaced */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, path);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	open_server(NULL);
	/* a live server is not stolen from */
	second = ctl_server_open(loop, path, 0660, (gid_t)-1, &ops, NULL,
	    NULL);
	ck_assert_ptr_null(second);
	ck_assert_int_eq(errno, EADDRINUSE);
	/* closing removes the file */
	ctl_server_close(srv);
	srv = NULL;
	ck_assert_int_eq(access(path, F_OK), -1);
	/* a regular file is never removed */
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	close(fd);
	ck_assert_ptr_null(ctl_server_open(loop, path, 0660, (gid_t)-1, &ops,
	    NULL, NULL));
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_int_eq(access(path, F_OK), 0);
	unlink(path);
	/* bad arguments */
	ck_assert_ptr_null(ctl_server_open(loop, path, 0660, (gid_t)-1, NULL,
	    NULL, NULL));
	ck_assert_ptr_null(ctl_client_open("/nonexistent/t6.sock"));
	ck_assert_int_eq(errno, ENOENT);
	{
		char	 longp[200];

		memset(longp, 'a', sizeof(longp) - 1);
		longp[sizeof(longp) - 1] = '\0';
		ck_assert_ptr_null(ctl_server_open(loop, longp, 0660,
		    (gid_t)-1, &ops, NULL, NULL));
		ck_assert_int_eq(errno, ENAMETOOLONG);
		ck_assert_ptr_null(ctl_client_open(longp));
	}
}
END_TEST

/*
 * A reload moves the listening socket: a client connected before keeps
 * its connection and is answered, new clients reach the new path only,
 * the old file is gone; a move that cannot be made changes nothing.
 */
START_TEST(move_keeps_clients)
{
	struct ctl_client	*old, *nu;
	struct stat		 st;
	char			 path2[160], bad[200];
	int			 fd;

	open_server(NULL);
	old = ctl_client_open(path);
	ck_assert_ptr_nonnull(old);
	expect(old, "220 test 1.0");
	/* the same path: only the mode changes */
	ck_assert_int_eq(ctl_server_move(srv, path, 0600, (gid_t)-1), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	/* a new path */
	snprintf(path2, sizeof(path2), "%s/moved.sock", dir);
	ck_assert_int_eq(ctl_server_move(srv, path2, 0640, getegid()), 0);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(stat(path2, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0640);
	ck_assert_int_eq(ctl_client_send(old, 1000, "PING"), 0);
	expect(old, "200 pong");
	ck_assert_ptr_null(ctl_client_open(path));
	nu = ctl_client_open(path2);
	ck_assert_ptr_nonnull(nu);
	expect(nu, "220 test 1.0");
	ck_assert_int_eq(disconnects, 0);
	/* a regular file in the way: refused, the socket stays */
	snprintf(bad, sizeof(bad), "%s/plain", dir);
	fd = open(bad, O_CREAT | O_WRONLY, 0600);
	close(fd);
	ck_assert_int_eq(ctl_server_move(srv, bad, 0660, (gid_t)-1), -1);
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_int_eq(stat(path2, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ctl_client_close(nu);
	nu = ctl_client_open(path2);
	ck_assert_ptr_nonnull(nu);
	expect(nu, "220 test 1.0");
	ck_assert_int_eq(ctl_client_send(old, 1000, "PING"), 0);
	expect(old, "200 pong");
	/* closing removes the file where the server is now */
	ctl_client_close(old);
	ctl_client_close(nu);
	ctl_server_close(srv);
	srv = NULL;
	ck_assert_int_eq(access(path2, F_OK), -1);
}
END_TEST

START_TEST(close_disconnects_everyone)
{
	struct ctl_client	*a, *b;
	char			 line[64];

	open_server(NULL);
	a = ctl_client_open(path);
	b = ctl_client_open(path);
	expect(a, "220 test 1.0");
	expect(b, "220 test 1.0");
	ctl_server_close(srv);
	srv = NULL;
	ck_assert_int_eq(disconnects, 2);
	ck_assert_int_eq(ctl_client_readline(a, line, sizeof(line), 1000), -1);
	ck_assert_int_eq(errno, ECONNRESET);
	ctl_client_close(a);
	ctl_client_close(b);
}
END_TEST

START_TEST(reply_parse)
{
	const char	*text;
	int		 final;

	ck_assert_int_eq(ctl_reply_parse("210-n1 Up", &final, &text), 210);
	ck_assert_int_eq(final, 0);
	ck_assert_str_eq(text, "n1 Up");
	ck_assert_int_eq(ctl_reply_parse("200 ok", &final, &text), 200);
	ck_assert_int_eq(final, 1);
	ck_assert_str_eq(text, "ok");
	ck_assert_int_eq(ctl_reply_parse("602", &final, &text), 602);
	ck_assert_int_eq(final, 1);
	ck_assert_str_eq(text, "");
	ck_assert_int_eq(ctl_reply_parse("20", &final, &text), -1);
	ck_assert_int_eq(ctl_reply_parse("099 x", &final, &text), -1);
	ck_assert_int_eq(ctl_reply_parse("2x0 x", &final, &text), -1);
	ck_assert_int_eq(ctl_reply_parse("2000", &final, &text), -1);
	ck_assert_int_eq(ctl_reply_parse("", NULL, NULL), -1);
	ck_assert_int_eq(ctl_reply_parse("404 ", NULL, NULL), 404);
}
END_TEST

/* ctl_client_request blocks, so the server runs in a child process. */
static int	 got_lines;

static void
count_cb(int code, const char *text, void *arg)
{
	got_lines++;
}

static void
count_line(const char *line, void *arg)
{
	got_lines++;
}

START_TEST(blocking_request)
{
	struct ctl_client	*cl;
	pid_t			 child;
	char			 line[64];
	int			 st, i;

	child = fork();
	if (child == 0) {
		open_server(NULL);
		for (;;)
			ev_loop_once(loop, 100000);
	}
	for (i = 0; i < 500 && (cl = ctl_client_open(path)) == NULL; i++)
		usleep(10000);
	ck_assert_ptr_nonnull(cl);
	ck_assert_int_ge(ctl_client_readline(cl, line, sizeof(line), 5000), 0);
	ck_assert_str_eq(line, "220 test 1.0");
	ck_assert_int_eq(ctl_client_request(cl, 5000, count_cb, NULL,
	    "LIST %d", 3), 210);
	ck_assert_int_eq(got_lines, 4);
	/* events on the way are passed to the callback, then the reply */
	ck_assert_int_eq(ctl_client_request(cl, 5000, NULL, NULL, "SUB"), 200);
	got_lines = 0;
	ck_assert_int_eq(ctl_client_request(cl, 5000, count_cb, NULL,
	    "EVENT x"), 200);
	ck_assert_int_eq(got_lines, 2);
	/* a non-blocking reader sees complete lines only */
	ck_assert_int_eq(ctl_client_send(cl, 1000, "LIST 1"), 0);
	got_lines = 0;
	for (i = 0; i < 500 && got_lines < 2; i++) {
		ck_assert_int_eq(ctl_client_input(cl, count_line, NULL), 0);
		usleep(1000);
	}
	ck_assert_int_eq(got_lines, 2);
	kill(child, SIGKILL);
	waitpid(child, &st, 0);
	/* the server is gone: requests fail cleanly */
	ck_assert_int_eq(ctl_client_request(cl, 1000, NULL, NULL, "PING"), -1);
	ck_assert_int_eq(ctl_client_input(cl, count_line, NULL), -1);
	ctl_client_close(cl);
	unlink(path);
}
END_TEST

START_TEST(readline_limits)
{
	struct ctl_client	*cl;
	char			 small[8];

	open_server(NULL);
	cl = ctl_client_open(path);
	/* "220 test 1.0" does not fit in 8 bytes: skipped with EMSGSIZE */
	pump(cl);
	ck_assert_int_eq(ctl_client_readline(cl, small, sizeof(small), 1000),
	    -1);
	ck_assert_int_eq(errno, EMSGSIZE);
	ctl_client_send(cl, 1000, "PING");
	pump(cl);
	ck_assert_int_eq(ctl_client_readline(cl, small, sizeof(small), 1000),
	    -1);		/* "200 pong" is 8 characters: no room for NUL */
	ck_assert_int_eq(ctl_client_readline(cl, small, 0, 1000), -1);
	/* nothing more is coming: time out */
	ck_assert_int_eq(ctl_client_readline(cl, small, sizeof(small), 50),
	    -1);
	ck_assert_int_eq(errno, ETIMEDOUT);
	ctl_client_close(cl);
}
END_TEST

static Suite *
ctl_suite(void)
{
	Suite	*s = suite_create("ctl");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, request_reply_and_mode);
	tcase_add_test(tc, many_clients_and_events);
	tcase_add_test(tc, line_too_long_closes);
	tcase_add_test(tc, stuck_client_is_dropped);
	tcase_add_test(tc, half_closed_client_gets_answer);
	tcase_add_test(tc, client_limit);
	tcase_add_test(tc, socket_file_handling);
	tcase_add_test(tc, move_keeps_clients);
	tcase_add_test(tc, close_disconnects_everyone);
	tcase_add_test(tc, reply_parse);
	tcase_add_test(tc, blocking_request);
	tcase_add_test(tc, readline_limits);
	tcase_add_test(tc, queued_output);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(ctl_suite(), 0);
}
