/*
 * Daemon plumbing: a locked pid file (a second instance refuses to start),
 * detaching, the process title, and dropping root while keeping the
 * network capabilities a routing daemon needs.
 */
#ifndef T6_DAEMON_H
#define T6_DAEMON_H

#include <sys/types.h>

struct pidfh;

/*
 * Open and lock the pid file.  If another process holds it, returns NULL
 * with errno EEXIST and *otherpid set; other failures return NULL with
 * errno set.  Call before daemon_detach(), write after it.
 */
struct pidfh	*daemon_pidfile_open(const char *path, pid_t *otherpid);
int		 daemon_pidfile_write(struct pidfh *);
void		 daemon_pidfile_remove(struct pidfh *);
/*
 * Open and lock the pid file, or exit: "<prog> already running (pid N,
 * path)" if another process holds it, "pid file path: ..." otherwise.
 */
struct pidfh	*daemon_pidfile_claim(const char *progname,
		    const char *pidpath);
/*
 * The usual start: open the pid file or exit with "<prog> already
 * running (pid N)"; detach unless foreground; write the pid.
 */
struct pidfh	*daemon_start(const char *progname, const char *pidpath,
		    int foreground);

/* Fork into the background, new session, stdio to /dev/null. */
int		 daemon_detach(void);

/* Must be called first in main() for daemon_title() to work. */
void		 daemon_title_init(int argc, char *argv[], char *envp[]);
void		 daemon_title(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/* Capabilities a daemon may ask to keep. */
#define DAEMON_CAP_NET_ADMIN		0x01
#define DAEMON_CAP_NET_RAW		0x02
#define DAEMON_CAP_NET_BIND_SERVICE	0x04

/*
 * Switch to user (and its primary group), keeping only the listed
 * capabilities in the effective and permitted sets.  Returns 0 or -1 with
 * errno set (ENOENT: no such user).
 */
int		 daemon_drop_privileges(const char *user, unsigned keep);
/* Is the capability (a DAEMON_CAP_*) in the effective set? */
int		 daemon_has_cap(unsigned cap);

/*
 * Raise the soft limit of open files to the hard limit (a daemon with a
 * socket per session or client).  Returns the soft limit now in force,
 * or -1 with errno set.
 */
long		 daemon_raise_nofile(void);

#endif
