/* Helpers shared by the Check unit suites. */
#ifndef T6CHECK_H
#define T6CHECK_H

#include <check.h>

/*
 * Run the suite and exit: 0 if every test passed, 1 otherwise.  With
 * need_root set and no root privileges, print a SKIP line and exit 77.
 */
int	 t6_run_suite(Suite *, int need_root);

/*
 * Move the calling process into a fresh network namespace with lo up
 * (a checked fixture calls this, so each test case gets its own).
 */
void	 t6_private_netns(void);

/* Run a shell command inside the current namespace; fail the test if it
 * exits non-zero. */
void	 t6_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Collect log messages (log_set_hook) and search them. */
void	 t6_log_capture_start(void);
int	 t6_log_contains(const char *needle);
void	 t6_log_capture_stop(void);

#endif
