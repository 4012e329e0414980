/*
 * Unit tests for common/bfdclient: the library route6d and the other
 * daemons use to ask bfdd for sessions.  A fake bfdd (a ctl server in the
 * same event loop) records what the library sends and answers as the
 * test says; the callback's calls are recorded and checked.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bfdclient.h"
#include "ctl.h"
#include "ev.h"
#include "t6check.h"

static char		 dir[64], path[128];
static struct ev_loop	*loop;
static struct ctl_server *srv;
static struct ctl_conn	*conn;		/* the library's connection */
static char		 got[32][256];	/* lines the fake bfdd received */
static int		 ngot, nconnects;

struct call {
	char	 tag[40];
	int	 state, old, diag, remote, down;
};
static struct call	 calls[32];
static int		 ncalls;
static struct bfdc	*client;	/* for callbacks that call back */
static int		 del_in_cb;	/* the callback deletes on AdminDown */

static void
srv_connect(struct ctl_conn *c, void *arg)
{
	conn = c;
	nconnects++;
	ctl_printf(c, "220 bfdd 1.0 protocol 1\n");
}

static void
srv_line(struct ctl_conn *c, char *line, void *arg)
{
	char	 tag[64];

	if (ngot < 32)
		snprintf(got[ngot++], sizeof(got[0]), "%s", line);
	if (strncmp(line, "HELLO ", 6) == 0)
		ctl_printf(c, "200 hello %s\n", line + 6);
	else if (sscanf(line, "ADD %63s", tag) == 1)
		ctl_printf(c, "201 %s state=Down remote=Down diag=0 "
		    "ldisc=1\n", tag);
	else if (sscanf(line, "DEL %63s", tag) == 1)
		ctl_printf(c, "202 %s removed\n", tag);
	else
		ctl_printf(c, "401 unknown command\n");
}

static void
srv_disconnect(struct ctl_conn *c, void *arg)
{
	if (c == conn)
		conn = NULL;
}

static const struct ctl_ops ops = {
	srv_connect, srv_line, srv_disconnect, "400 line too long"
};

static void
cb(const char *tag, int state, int old, int diag, int remote, int down,
    void *arg)
{
	struct call	*k;

	if (ncalls >= 32)
		return;
	k = &calls[ncalls++];
	snprintf(k->tag, sizeof(k->tag), "%s", tag);
	k->state = state;
	k->old = old;
	k->diag = diag;
	k->remote = remote;
	k->down = down;
	if (del_in_cb && state == BFDC_ADMINDOWN) {
		/* its own tag (the library's memory), then another one */
		ck_assert_int_eq(bfdc_del(client, tag), 0);
		bfdc_del(client, "second");
	}
}

static void
setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	snprintf(dir, sizeof(dir), "/tmp/t6bfdc.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/bfdd.sock", dir);
	loop = ev_loop_new();
	ngot = ncalls = nconnects = del_in_cb = 0;
	conn = NULL;
	client = NULL;
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
start_server(void)
{
	srv = ctl_server_open(loop, path, 0600, (gid_t)-1, &ops, NULL, NULL);
	ck_assert_msg(srv != NULL, "ctl_server_open: %s", strerror(errno));
}

/* Run the loop until *counter reaches n, for at most ms milliseconds. */
static int
run_until(const int *counter, int n, int ms)
{
	uint64_t	 end = ev_monotonic_us() + (uint64_t)ms * 1000;

	while (*counter < n && ev_monotonic_us() < end)
		ev_loop_once(loop, 10000);
	return *counter >= n;
}

/* Has the fake bfdd received this exact line? */
static int
received(const char *line)
{
	int	 i;

	for (i = 0; i < ngot; i++)
		if (strcmp(got[i], line) == 0)
			return 1;
	return 0;
}

static struct bfdc *
open_client(void)
{
	struct bfdc	*c;

	c = bfdc_open(loop, path, "route6d", cb, NULL);
	ck_assert_ptr_nonnull(c);
	return c;
}

static void
addr(const char *s, struct in6_addr *a)
{
	ck_assert_int_eq(inet_pton(AF_INET6, s, a), 1);
}

START_TEST(test_hello_and_add)
{
	struct bfdc	*c;
	struct in6_addr	 peer, local;
	struct bfdc_opts o = { .min_rx_us = 50000, .min_tx_us = 20000,
	    .multiplier = 5, .passive = 1, .profile = "fast" };

	start_server();
	c = open_client();
	ck_assert(bfdc_connected(c));
	addr("fe80::1", &peer);
	ck_assert_int_eq(bfdc_add(c, "n1", &peer, 1, NULL, NULL), 0);
	addr("::ffff:192.0.2.1", &peer);
	addr("::ffff:192.0.2.2", &local);
	o.multihop = 1;
	ck_assert_int_eq(bfdc_add(c, "m1", &peer, 0, &local, &o), 0);
	ck_assert(run_until(&ngot, 3, 2000));
	ck_assert_str_eq(got[0], "HELLO route6d");
	/* ifindex 1 is lo in every namespace */
	ck_assert_str_eq(got[1], "ADD n1 fe80::1 interface=lo");
	ck_assert_str_eq(got[2], "ADD m1 192.0.2.1 local=192.0.2.2 "
	    "multihop=1 min-rx=50000us min-tx=20000us multiplier=5 "
	    "passive=1 profile=fast");
	/* 201 brings AdminDown -> Down, for each */
	ck_assert(run_until(&ncalls, 2, 2000));
	ck_assert_str_eq(calls[0].tag, "n1");
	ck_assert_int_eq(calls[0].state, BFDC_DOWN);
	ck_assert_int_eq(calls[0].down, 0);
	ck_assert_int_eq(bfdc_state(c, "n1"), BFDC_DOWN);
	ck_assert_int_eq(bfdc_state(c, "nope"), -1);
	bfdc_close(c);
}
END_TEST

START_TEST(test_bad_requests)
{
	struct bfdc	*c;
	struct in6_addr	 peer;

	start_server();
	c = open_client();
	addr("2001:db8::1", &peer);
	errno = 0;
	ck_assert_int_eq(bfdc_add(c, "", &peer, 0, NULL, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(bfdc_add(c, "has space", &peer, 0, NULL, NULL), -1);
	ck_assert_int_eq(bfdc_add(c, "x123456789012345678901234567890123",
	    &peer, 0, NULL, NULL), -1);
	ck_assert_int_eq(bfdc_add(c, "ok.tag:1-2_3", &peer, 0, NULL, NULL),
	    0);
	ck_assert_int_eq(bfdc_add(c, "ok.tag:1-2_3", &peer, 0, NULL, NULL),
	    -1);
	ck_assert_int_eq(errno, EEXIST);
	ck_assert_int_eq(bfdc_del(c, "unknown"), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_null(bfdc_open(loop, path, "a-name-that-is-far-too-long-"
	    "for-bfdd", cb, NULL));
	ck_assert_ptr_null(bfdc_open(loop, path, "x", NULL, NULL));
	bfdc_close(c);
}
END_TEST

START_TEST(test_events)
{
	struct bfdc	*c;
	struct in6_addr	 peer;

	start_server();
	c = open_client();
	addr("fe80::2", &peer);
	ck_assert_int_eq(bfdc_add(c, "n2", &peer, 1, NULL, NULL), 0);
	ck_assert(run_until(&ncalls, 1, 2000));		/* the 201 */
	ck_assert_ptr_nonnull(conn);
	ctl_printf(conn, "600 n2 peer=fe80::2%%lo state=Init old=Down diag=0 "
	    "remote=Down rdiag=0 down=0\n");
	ctl_printf(conn, "600 other peer=fe80::9%%lo state=Up old=Init "
	    "diag=0 remote=Up rdiag=0 down=0\n");	/* not ours */
	ctl_printf(conn, "600 n2 garbage\n");		/* no state: ignored */
	ctl_printf(conn, "600 n2 peer=fe80::2%%lo state=Up old=Init diag=0 "
	    "remote=Init rdiag=0 down=0\n");
	ctl_printf(conn, "600 n2 peer=fe80::2%%lo state=Down old=Up diag=1 "
	    "remote=Up rdiag=0 down=1\n");
	ck_assert(run_until(&ncalls, 4, 2000));
	ck_assert_int_eq(calls[1].state, BFDC_INIT);
	ck_assert_int_eq(calls[2].state, BFDC_UP);
	ck_assert_int_eq(calls[2].old, BFDC_INIT);
	ck_assert_int_eq(calls[3].state, BFDC_DOWN);
	ck_assert_int_eq(calls[3].old, BFDC_UP);
	ck_assert_int_eq(calls[3].diag, 1);
	ck_assert_int_eq(calls[3].remote, BFDC_UP);
	ck_assert_int_eq(calls[3].down, 1);
	/* bfdd drops the request: AdminDown, never a failure */
	ctl_printf(conn, "601 n2 removed reason=interface\n");
	ck_assert(run_until(&ncalls, 5, 2000));
	ck_assert_int_eq(calls[4].state, BFDC_ADMINDOWN);
	ck_assert_int_eq(calls[4].down, 0);
	bfdc_close(c);
}
END_TEST

/*
 * bfdd goes away: every session reads AdminDown (no failure); the
 * library reconnects by itself and asks again for every session, but
 * not for one deleted meanwhile.
 */
START_TEST(test_reconnect)
{
	struct bfdc	*c;
	struct in6_addr	 peer;
	int		 i, admindown = 0;

	start_server();
	c = open_client();
	addr("fe80::3", &peer);
	ck_assert_int_eq(bfdc_add(c, "a", &peer, 1, NULL, NULL), 0);
	ck_assert_int_eq(bfdc_add(c, "b", &peer, 0, NULL, NULL), 0);
	ck_assert(run_until(&ncalls, 2, 2000));
	ctl_printf(conn, "600 a peer=fe80::3%%lo state=Up old=Init diag=0 "
	    "remote=Up rdiag=0 down=0\n");
	ck_assert(run_until(&ncalls, 3, 2000));
	ctl_printf(conn, "602 shutdown\n");
	ck_assert(run_until(&ncalls, 5, 2000));
	for (i = 3; i < 5; i++) {
		ck_assert_int_eq(calls[i].state, BFDC_ADMINDOWN);
		ck_assert_int_eq(calls[i].down, 0);
	}
	ctl_server_close(srv);
	srv = NULL;
	ev_loop_once(loop, 10000);
	ck_assert(!bfdc_connected(c));
	ck_assert_int_eq(bfdc_del(c, "b"), 0);
	for (i = 0; i < ncalls; i++)
		admindown += calls[i].state == BFDC_ADMINDOWN;
	ck_assert_int_eq(admindown, 2);	/* no repeats while away */
	/* bfdd back: within the first back-off (1 s) */
	ngot = 0;
	start_server();
	ck_assert(run_until(&ngot, 2, 3000));
	ck_assert(bfdc_connected(c));
	ck_assert_int_eq(nconnects, 2);
	ck_assert(received("HELLO route6d"));
	ck_assert(received("ADD a fe80::3 interface=lo"));
	ck_assert(run_until(&ncalls, 6, 2000));
	ck_assert(!received("ADD b fe80::3"));
	ck_assert_int_eq(bfdc_state(c, "a"), BFDC_DOWN);
	bfdc_close(c);
}
END_TEST

START_TEST(test_not_running)
{
	struct bfdc	*c;
	struct in6_addr	 peer;

	/* no bfdd yet: requests wait, then go out once it is there */
	c = open_client();
	ck_assert(!bfdc_connected(c));
	addr("fe80::4", &peer);
	ck_assert_int_eq(bfdc_add(c, "w", &peer, 1, NULL, NULL), 0);
	ck_assert_int_eq(bfdc_state(c, "w"), BFDC_ADMINDOWN);
	ck_assert_int_eq(bfdc_del(c, "w"), 0);
	ck_assert_int_eq(bfdc_add(c, "w2", &peer, 1, NULL, NULL), 0);
	start_server();
	ck_assert(run_until(&ngot, 2, 3000));
	ck_assert_str_eq(got[0], "HELLO route6d");
	ck_assert_str_eq(got[1], "ADD w2 fe80::4 interface=lo");
	ck_assert_int_eq(ngot, 2);
	ck_assert_int_eq(bfdc_del(c, "w2"), 0);
	ck_assert(run_until(&ngot, 3, 2000));
	ck_assert_str_eq(got[2], "DEL w2");
	bfdc_close(c);
}
END_TEST

/* A callback may delete requests, its own included, while told of them. */
START_TEST(test_callback_deletes)
{
	struct in6_addr	 peer;
	int		 i;

	start_server();
	client = open_client();
	addr("fe80::5", &peer);
	ck_assert_int_eq(bfdc_add(client, "first", &peer, 1, NULL, NULL), 0);
	ck_assert_int_eq(bfdc_add(client, "second", &peer, 0, NULL, NULL), 0);
	ck_assert_int_eq(bfdc_add(client, "third", &peer, 0, NULL, NULL), 0);
	ck_assert(run_until(&ncalls, 3, 2000));
	del_in_cb = 1;
	ctl_printf(conn, "602 shutdown\n");
	ck_assert(run_until(&ngot, 7, 2000));
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(bfdc_state(client, i == 0 ? "first" :
		    i == 1 ? "second" : "third"), -1);
	ck_assert(received("DEL first"));
	ck_assert(received("DEL second"));
	ck_assert(received("DEL third"));
	/* second was deleted before its turn: told nothing more */
	for (i = 3; i < ncalls; i++)
		ck_assert_str_ne(calls[i].tag, "second");
	bfdc_close(client);
}
END_TEST

START_TEST(test_diag_names)
{
	ck_assert_str_eq(bfdc_diag_name(0), "No Diagnostic");
	ck_assert_str_eq(bfdc_diag_name(1), "Control Detection Time Expired");
	ck_assert_str_eq(bfdc_diag_name(7), "Administratively Down");
	ck_assert_str_eq(bfdc_diag_name(8), "Reverse Concatenated Path Down");
	ck_assert_str_eq(bfdc_diag_name(9), "Error #9");
	ck_assert_str_eq(bfdc_diag_name(-1), "Error #-1");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("bfdclient");
	TCase	*tc = tcase_create("client");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_hello_and_add);
	tcase_add_test(tc, test_bad_requests);
	tcase_add_test(tc, test_events);
	tcase_add_test(tc, test_reconnect);
	tcase_add_test(tc, test_not_running);
	tcase_add_test(tc, test_callback_deletes);
	tcase_add_test(tc, test_diag_names);
	suite_add_tcase(s, tc);
	return t6_run_suite(s, 0);
}
