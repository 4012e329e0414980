/* Unit tests for common/log: levels, errno text, the rate limiter. */
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "t6check.h"

static void
setup(void)
{
	log_init("logtest", 1, LOG_DAEMON);
	log_setverbose(0);
	t6_log_capture_start();
}

static void
teardown(void)
{
	t6_log_capture_stop();
}

START_TEST(levels_and_verbosity)
{
	log_info("info %d", 1);
	log_notice("notice %s", "two");
	log_warnx("warnx");
	log_debug("hidden debug");
	ck_assert(t6_log_contains("info 1"));
	ck_assert(t6_log_contains("notice two"));
	ck_assert(t6_log_contains("warnx"));
	ck_assert(!t6_log_contains("hidden debug"));
	ck_assert_int_eq(log_getverbose(), 0);
	log_setverbose(1);
	log_debug("shown debug");
	ck_assert(t6_log_contains("shown debug"));
	log_procname("child");
	log_info("with procname");
	ck_assert(t6_log_contains("with procname"));
}
END_TEST

START_TEST(warn_appends_errno_and_keeps_it)
{
	errno = ENOENT;
	log_warn("open %s", "/nonexistent");
	ck_assert(t6_log_contains("open /nonexistent: No such file or directory"));
	ck_assert_int_eq(errno, ENOENT);
	errno = EACCES;
	log_warn("%s", "");
	ck_assert(t6_log_contains("Permission denied"));
	errno = EPERM;
	log_info("info keeps errno");
	ck_assert_int_eq(errno, EPERM);
}
END_TEST

START_TEST(long_message_truncated_safely)
{
	char	 big[4000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	log_warnx("%s", big);
	ck_assert(t6_log_contains("xxxxxxxxxx"));
}
END_TEST

START_TEST(rate_limiter)
{
	struct log_ratelimit	 rl = LOG_RATELIMIT_INIT(3600, 2);
	struct timespec		 ts;

	log_limited(&rl, LOG_INFO, "bad packet %d", 1);
	log_limited(&rl, LOG_INFO, "bad packet %d", 2);
	log_limited(&rl, LOG_INFO, "bad packet %d", 3);
	log_limited(&rl, LOG_INFO, "bad packet %d", 4);
	ck_assert(t6_log_contains("bad packet 1"));
	ck_assert(t6_log_contains("bad packet 2"));
	ck_assert(!t6_log_contains("bad packet 3"));
	ck_assert(!t6_log_contains("bad packet 4"));
	ck_assert_uint_eq(rl.suppressed, 2);
	/* the window has passed: the next message says what was dropped */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	rl.window_start = ts.tv_sec - 3601;
	log_limited(&rl, LOG_INFO, "bad packet %d", 5);
	ck_assert(t6_log_contains("bad packet 5 (2 similar messages suppressed)"));
	ck_assert_uint_eq(rl.suppressed, 0);
	/* debug messages cost nothing when debug is off */
	log_limited(&rl, LOG_DEBUG, "quiet");
	ck_assert(!t6_log_contains("quiet"));
	ck_assert_uint_eq(rl.count, 1);
	/* take, then emit: the same limit, the same suppressed count */
	ck_assert_int_eq(log_limited_take(&rl, LOG_INFO), 1);
	log_limited_emit(&rl, LOG_INFO, "taken %d", 6);
	ck_assert(t6_log_contains("taken 6"));
	ck_assert_int_eq(log_limited_take(&rl, LOG_INFO), 0);
	ck_assert_uint_eq(rl.suppressed, 1);
	ck_assert_int_eq(log_limited_take(&rl, LOG_DEBUG), 0);
	rl.window_start = ts.tv_sec - 7300;
	ck_assert_int_eq(log_limited_take(&rl, LOG_INFO), 1);
	log_limited_emit(&rl, LOG_INFO, "taken %d", 7);
	ck_assert(t6_log_contains("taken 7 (1 similar messages suppressed)"));
}
END_TEST

START_TEST(fatal_exits_with_message)
{
	int	 p[2], st;
	pid_t	 pid;
	char	 buf[512];
	ssize_t	 n;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	if (pid == 0) {
		dup2(p[1], STDERR_FILENO);
		errno = EEXIST;
		fatal("cannot %s", "go on");
	}
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_ptr_nonnull(strstr(buf, "logtest: cannot go on: File exists"));
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	close(p[0]);

	pid = fork();
	if (pid == 0) {
		close(STDERR_FILENO);
		fatalx("no errno here");
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);
}
END_TEST

START_TEST(facility_names)
{
	ck_assert_int_eq(log_facility_byname("daemon"), LOG_DAEMON);
	ck_assert_int_eq(log_facility_byname("local7"), LOG_LOCAL7);
	ck_assert_int_eq(log_facility_byname("local8"), -1);
	ck_assert_int_eq(log_facility_byname(""), -1);
}
END_TEST

START_TEST(syslog_mode)
{
	/* to syslog: nothing on stderr, the hook still sees it */
	log_init("logtest", 0, LOG_LOCAL0);
	log_warnx("to syslog");
	ck_assert(t6_log_contains("to syslog"));
	log_init("logtest", 1, LOG_DAEMON);
}
END_TEST

static Suite *
log_suite(void)
{
	Suite	*s = suite_create("log");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, levels_and_verbosity);
	tcase_add_test(tc, warn_appends_errno_and_keeps_it);
	tcase_add_test(tc, long_message_truncated_safely);
	tcase_add_test(tc, rate_limiter);
	tcase_add_test(tc, fatal_exits_with_message);
	tcase_add_test(tc, facility_names);
	tcase_add_test(tc, syslog_mode);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return t6_run_suite(log_suite(), 0);
}
