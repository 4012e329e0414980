/* Pid files, detaching, process titles and privilege dropping. */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <linux/capability.h>

#include <bsd/libutil.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"

struct pidfh *
daemon_pidfile_open(const char *path, pid_t *otherpid)
{
	struct pidfh	*pfh;
	pid_t		 other = -1;

	pfh = pidfile_open(path, 0644, &other);
	if (otherpid != NULL)
		*otherpid = other;
	return pfh;
}

int
daemon_pidfile_write(struct pidfh *pfh)
{
	return pidfile_write(pfh);
}

void
daemon_pidfile_remove(struct pidfh *pfh)
{
	if (pfh != NULL)
		pidfile_remove(pfh);
}

struct pidfh *
daemon_pidfile_claim(const char *progname, const char *pidpath)
{
	struct pidfh	*pfh;
	pid_t		 other;

	if ((pfh = daemon_pidfile_open(pidpath, &other)) == NULL) {
		if (errno == EEXIST)
			fatalx("%s already running (pid %d, %s)", progname,
			    (int)other, pidpath);
		fatal("pid file %s", pidpath);
	}
	return pfh;
}

struct pidfh *
daemon_start(const char *progname, const char *pidpath, int foreground)
{
	struct pidfh	*pfh;

	pfh = daemon_pidfile_claim(progname, pidpath);
	if (!foreground && daemon_detach() == -1) {
		pidfile_remove(pfh);
		fatal("daemon");
	}
	if (daemon_pidfile_write(pfh) == -1)
		log_warn("cannot write pid file %s", pidpath);
	return pfh;
}

int
daemon_detach(void)
{
	int	 fd;

	switch (fork()) {
	case -1:
		return -1;
	case 0:
		break;
	default:
		_exit(0);
	}
	if (setsid() == -1)
		return -1;
	if (chdir("/") == -1)
		return -1;
	if ((fd = open("/dev/null", O_RDWR)) != -1) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	return 0;
}

void
daemon_title_init(int argc, char *argv[], char *envp[])
{
	setproctitle_init(argc, argv, envp);
}

void
daemon_title(const char *fmt, ...)
{
	char	 buf[256];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	setproctitle("%s", buf);
}

static uint64_t
caps_mask(unsigned keep)
{
	uint64_t	 m = 0;

	if (keep & DAEMON_CAP_NET_ADMIN)
		m |= 1ULL << CAP_NET_ADMIN;
	if (keep & DAEMON_CAP_NET_RAW)
		m |= 1ULL << CAP_NET_RAW;
	if (keep & DAEMON_CAP_NET_BIND_SERVICE)
		m |= 1ULL << CAP_NET_BIND_SERVICE;
	return m;
}

static int
caps_set(uint64_t mask)
{
	struct __user_cap_header_struct	 hdr;
	struct __user_cap_data_struct	 data[2];

	memset(&hdr, 0, sizeof(hdr));
	memset(data, 0, sizeof(data));
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	data[0].effective = data[0].permitted = (uint32_t)mask;
	data[1].effective = data[1].permitted = (uint32_t)(mask >> 32);
	return (int)syscall(SYS_capset, &hdr, data);
}

int
daemon_has_cap(unsigned cap)
{
	struct __user_cap_header_struct	 hdr;
	struct __user_cap_data_struct	 data[2];
	uint64_t			 eff, want = caps_mask(cap);

	memset(&hdr, 0, sizeof(hdr));
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &hdr, data) == -1)
		return 0;
	eff = (uint64_t)data[1].effective << 32 | data[0].effective;
	return want != 0 && (eff & want) == want;
}

int
daemon_drop_privileges(const char *user, unsigned keep)
{
	struct passwd	*pw;
	uint64_t	 mask = caps_mask(keep);

	errno = 0;
	if ((pw = getpwnam(user)) == NULL) {
		if (errno == 0)
			errno = ENOENT;
		return -1;
	}
	/* Keep the permitted set across setuid, then trim it. */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == -1)
		return -1;
	if (setgroups(1, &pw->pw_gid) == -1 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) == -1 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1)
		return -1;
	if (caps_set(mask) == -1)
		return -1;
	return prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
}

long
daemon_raise_nofile(void)
{
	struct rlimit	 rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return -1;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			return -1;
	}
	return rl.rlim_cur == RLIM_INFINITY ? (long)(~0UL >> 1) :
	    (long)rl.rlim_cur;
}
