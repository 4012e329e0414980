/* Helpers shared by the Check unit suites: running, namespaces, logs. */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "t6check.h"

int
t6_run_suite(Suite *s, int need_root)
{
	SRunner	*sr;
	int	 failed;

	if (need_root && geteuid() != 0) {
		printf("SKIP: needs root (network namespaces)\n");
		return 77;
	}
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}

void
t6_private_netns(void)
{
	if (unshare(CLONE_NEWNET) == -1)
		ck_abort_msg("unshare(CLONE_NEWNET): %s", strerror(errno));
	t6_sh("ip link set lo up");
}

void
t6_sh(const char *fmt, ...)
{
	char	 cmd[2048];
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	ck_assert_msg(rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0,
	    "command failed (%d): %s", rc, cmd);
}

static char	*captured;
static size_t	 captured_len;

static void
capture_hook(int pri, const char *msg, void *arg)
{
	size_t	 n = strlen(msg);
	char	*p;

	if ((p = realloc(captured, captured_len + n + 2)) == NULL)
		return;
	captured = p;
	memcpy(captured + captured_len, msg, n);
	captured[captured_len + n] = '\n';
	captured[captured_len + n + 1] = '\0';
	captured_len += n + 1;
}

void
t6_log_capture_start(void)
{
	free(captured);
	captured = NULL;
	captured_len = 0;
	log_set_hook(capture_hook, NULL);
}

int
t6_log_contains(const char *needle)
{
	return captured != NULL && strstr(captured, needle) != NULL;
}

void
t6_log_capture_stop(void)
{
	log_set_hook(NULL, NULL);
	free(captured);
	captured = NULL;
	captured_len = 0;
}
