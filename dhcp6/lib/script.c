/*
 * The scripts of dhcp6c (script "PATH") and dhcp6relay (-S): an
 * environment built name by name, and a child that runs the script only
 * when it is safe to (a regular file, not a link, owned by the user we
 * run as, neither set-user-ID nor set-group-ID, and we are not running
 * set-user-ID ourselves).  The daemon does not wait: children are
 * reaped on SIGCHLD by d6_script_reap().
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "dhcp6.h"
#include "ev.h"
#include "log.h"

void
d6_env_add(struct d6_env *e, const char *name, const char *fmt, ...)
{
	va_list	 ap;
	char	*v;
	int	 rc;

	if (e->n >= D6_ENV_MAX)
		return;
	va_start(ap, fmt);
	rc = vasprintf(&v, fmt, ap);
	va_end(ap);
	if (rc == -1)
		return;
	rc = asprintf(&e->vars[e->n], "%s=%s", name, v);
	free(v);
	if (rc == -1)
		return;
	e->n++;
	e->vars[e->n] = NULL;
}

void
d6_env_free(struct d6_env *e)
{
	int	 i;

	for (i = 0; i < e->n; i++)
		free(e->vars[i]);
	e->n = 0;
	e->vars[0] = NULL;
}

pid_t
d6_script_run(const char *path, const struct d6_env *e, int quiet)
{
	struct stat	 st;
	pid_t		 pid;
	char		*argv[2], *none[1] = { NULL };
	int		 fd;

	if ((pid = fork()) == -1) {
		log_warn("fork for %s", path);
		return -1;
	}
	if (pid > 0) {
		log_debug("executes %s (pid %d)", path, (int)pid);
		return pid;
	}
	ev_child_reset_signals();
	if (getuid() != geteuid() || lstat(path, &st) == -1 ||
	    !S_ISREG(st.st_mode) || st.st_uid != getuid() ||
	    (st.st_mode & (S_ISUID | S_ISGID))) {
		log_warnx("script %s cannot be executed safely", path);
		_exit(1);
	}
	if (quiet && (fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	argv[0] = (char *)(uintptr_t)path;
	argv[1] = NULL;
	execve(path, argv, e->n > 0 ? (char **)e->vars : none);
	log_warn("execve %s", path);
	_exit(127);
}

void
d6_script_reap(void)
{
	int	 st;
	pid_t	 pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		log_debug("script (pid %d) exited with %d", (int)pid,
		    WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}
