/* Unit tests for common/daemon: pid files, detach, titles, privileges. */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "t6check.h"

static char	 dir[] = "/tmp/t6daemon.XXXXXX";
static char	 pidpath[128];

static void
setup(void)
{
	strcpy(dir, "/tmp/t6daemon.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(pidpath, sizeof(pidpath), "%s/test.pid", dir);
}

static void
teardown(void)
{
	char	 cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
}

static pid_t
read_pid(const char *path)
{
	FILE	*f = fopen(path, "r");
	int	 pid = -1;

	if (f == NULL)
		return -1;
	if (fscanf(f, "%d", &pid) != 1)
		pid = -1;
	fclose(f);
	return pid;
}

START_TEST(pidfile_lock_refuses_second_instance)
{
	struct pidfh	*a, *b;
	pid_t		 other = 0;
	pid_t		 child;
	int		 st;

	a = daemon_pidfile_open(pidpath, &other);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(daemon_pidfile_write(a), 0);
	ck_assert_int_eq(read_pid(pidpath), getpid());
	/* another process trying the same file is refused, told who */
	child = fork();
	if (child == 0) {
		b = daemon_pidfile_open(pidpath, &other);
		_exit(b == NULL && errno == EEXIST && other == getppid() ? 0 :
		    1);
	}
	ck_assert_int_eq(waitpid(child, &st, 0), child);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	daemon_pidfile_remove(a);
	ck_assert_int_eq(access(pidpath, F_OK), -1);
	daemon_pidfile_remove(NULL);
	/* an unwritable place fails with errno, not EEXIST */
	ck_assert_ptr_null(daemon_pidfile_open("/nonexistent/dir/x.pid",
	    &other));
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(start_refuses_when_running)
{
	struct pidfh	*a;
	pid_t		 child;
	int		 st, p[2];
	char		 buf[256];
	ssize_t		 n;

	a = daemon_pidfile_open(pidpath, NULL);
	ck_assert_ptr_nonnull(a);
	daemon_pidfile_write(a);
	ck_assert_int_eq(pipe(p), 0);
	child = fork();
	if (child == 0) {
		dup2(p[1], STDERR_FILENO);
		daemon_start("testd", pidpath, 1);
		_exit(0);		/* must not get here */
	}
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_msg(strstr(buf, "testd already running (pid ") != NULL,
	    "got: %s", buf);
	ck_assert_int_eq(waitpid(child, &st, 0), child);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	daemon_pidfile_remove(a);
	close(p[0]);
}
END_TEST

START_TEST(start_detaches_and_writes_pid)
{
	char		 flag[160];
	pid_t		 child, dpid;
	int		 st, i;

	snprintf(flag, sizeof(flag), "%s/flag", dir);
	child = fork();
	if (child == 0) {
		struct pidfh	*pfh;
		FILE		*f;

		pfh = daemon_start("testd", pidpath, 0);
		/* now in the background, a session leader, cwd / */
		f = fopen(flag, "w");
		if (f != NULL) {
			fprintf(f, "%d %d %d\n", (int)getpid(),
			    getsid(0) == getpid(), access("tmp", F_OK) == 0);
			fclose(f);
		}
		daemon_pidfile_remove(pfh);
		_exit(0);
	}
	/* the foreground parent returns at once, with success */
	ck_assert_int_eq(waitpid(child, &st, 0), child);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	for (i = 0; i < 500 && access(flag, F_OK) != 0; i++)
		usleep(10000);
	ck_assert_int_eq(access(flag, F_OK), 0);
	{
		FILE	*f = fopen(flag, "r");
		int	 pid = 0, leader = 0, root = 0;

		for (i = 0; i < 500; i++) {
			rewind(f);
			if (fscanf(f, "%d %d %d", &pid, &leader, &root) == 3)
				break;
			usleep(10000);
		}
		fclose(f);
		dpid = pid;
		ck_assert_int_ne(dpid, child);
		ck_assert_int_eq(leader, 1);
		ck_assert_int_eq(root, 1);
	}
}
END_TEST

START_TEST(title_shows_in_cmdline)
{
	char	 buf[512];
	int	 fd;
	ssize_t	 n, i;

	daemon_title("%s %d", "listening on", 3);
	fd = open("/proc/self/cmdline", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ck_assert_int_gt(n, 0);
	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	ck_assert_msg(strstr(buf, "listening on 3") != NULL, "cmdline: %s",
	    buf);
}
END_TEST

START_TEST(drop_privileges_keeps_net_caps)
{
	pid_t	 child;
	int	 st;

	child = fork();
	if (child == 0) {
		struct passwd	*pw = getpwnam("nobody");
		int		 ok = pw != NULL;

		ok = ok && daemon_drop_privileges("nobody",
		    DAEMON_CAP_NET_ADMIN | DAEMON_CAP_NET_RAW) == 0;
		ok = ok && getuid() == pw->pw_uid && geteuid() == pw->pw_uid;
		ok = ok && getgid() == pw->pw_gid;
		ok = ok && daemon_has_cap(DAEMON_CAP_NET_ADMIN);
		ok = ok && daemon_has_cap(DAEMON_CAP_NET_RAW);
		ok = ok && !daemon_has_cap(DAEMON_CAP_NET_BIND_SERVICE);
		/* root's other powers are gone: cannot read a 0600 file */
		ok = ok && open("/etc/shadow", O_RDONLY) == -1;
		_exit(ok ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(child, &st, 0), child);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ck_assert(daemon_has_cap(DAEMON_CAP_NET_ADMIN));
	ck_assert(!daemon_has_cap(0));
}
END_TEST

/* In a child: lower the soft limit, raise it back to the hard one. */
START_TEST(raise_nofile_to_hard_limit)
{
	struct rlimit	 rl;
	pid_t		 pid;
	int		 st;

	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		struct rlimit	 low = rl, now;

		low.rlim_cur = 64;
		if (setrlimit(RLIMIT_NOFILE, &low) == -1)
			_exit(2);
		if (daemon_raise_nofile() != (long)rl.rlim_max)
			_exit(3);
		if (getrlimit(RLIMIT_NOFILE, &now) == -1 ||
		    now.rlim_cur != rl.rlim_max)
			_exit(4);
		/* already there: unchanged */
		_exit(daemon_raise_nofile() == (long)rl.rlim_max ? 0 : 5);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
}
END_TEST

START_TEST(drop_privileges_unknown_user)
{
	ck_assert_int_eq(daemon_drop_privileges("no-such-user-t6", 0), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(getuid(), 0);
}
END_TEST

static Suite *
daemon_suite(void)
{
	Suite	*s = suite_create("daemon");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, pidfile_lock_refuses_second_instance);
	tcase_add_test(tc, start_refuses_when_running);
	tcase_add_test(tc, start_detaches_and_writes_pid);
	tcase_add_test(tc, raise_nofile_to_hard_limit);
	tcase_add_test(tc, title_shows_in_cmdline);
	tcase_add_test(tc, drop_privileges_keeps_net_caps);
	tcase_add_test(tc, drop_privileges_unknown_user);
	suite_add_tcase(s, tc);
	return s;
}

int
main(int argc, char *argv[], char *envp[])
{
	daemon_title_init(argc, argv, envp);
	return t6_run_suite(daemon_suite(), 1);
}
