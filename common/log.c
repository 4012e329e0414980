/* Logging to syslog or stderr, with a rate limiter for peer-triggered logs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static int	 log_tostderr = 1;
static int	 log_verbose;
static const char *log_ident = "turtle6";
static const char *log_proc;
static void	(*log_hook)(int, const char *, void *);
static void	*log_hook_arg;

void
log_init(const char *ident, int tostderr, int facility)
{
	log_ident = ident;
	log_tostderr = tostderr;
	if (!tostderr)
		openlog(ident, LOG_PID | LOG_NDELAY, facility);
	tzset();
}

void
log_set_facility(int facility)
{
	if (log_tostderr)
		return;
	closelog();
	openlog(log_ident, LOG_PID | LOG_NDELAY, facility);
}

void
log_setverbose(int verbose)
{
	log_verbose = verbose;
}

int
log_getverbose(void)
{
	return log_verbose;
}

void
log_procname(const char *name)
{
	log_proc = name;
}

void
log_set_hook(void (*fn)(int, const char *, void *), void *arg)
{
	log_hook = fn;
	log_hook_arg = arg;
}

static void
log_emit(int pri, const char *msg)
{
	if (log_hook != NULL)
		log_hook(pri, msg, log_hook_arg);
	if (log_tostderr) {
		if (log_proc != NULL)
			fprintf(stderr, "%s: %s: %s\n", log_ident, log_proc,
			    msg);
		else
			fprintf(stderr, "%s: %s\n", log_ident, msg);
		fflush(stderr);
	} else
		syslog(pri, "%s", msg);
}

void
vlog(int pri, const char *fmt, va_list ap)
{
	char	 msg[1024];
	int	 saved = errno;

	if (pri == LOG_DEBUG && !log_verbose)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	log_emit(pri, msg);
	errno = saved;
}

/* Format the message and append ": strerror(err)". */
static void	vlog_errno(int, int, const char *, va_list)
		    __attribute__((format(printf, 3, 0)));

static void
vlog_errno(int pri, int err, const char *fmt, va_list ap)
{
	char	 msg[1024];
	size_t	 n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	snprintf(msg + n, sizeof(msg) - n, "%s%s", n ? ": " : "",
	    strerror(err));
	log_emit(pri, msg);
	errno = err;
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog_errno(LOG_WARNING, saved, fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap);
	va_end(ap);
}

void
log_notice(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_NOTICE, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	vlog_errno(LOG_CRIT, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(1);
}

int
log_limited_take(struct log_ratelimit *rl, int pri)
{
	struct timespec	 ts;

	if (pri == LOG_DEBUG && !log_verbose)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (rl->window_start == 0 ||
	    ts.tv_sec - rl->window_start >= (long long)rl->interval_s) {
		rl->window_start = ts.tv_sec;
		rl->count = 0;
	}
	if (rl->count >= rl->burst) {
		rl->suppressed++;
		return 0;
	}
	rl->count++;
	return 1;
}

static void	limited_emit(struct log_ratelimit *, int, const char *,
		    va_list) __attribute__((format(printf, 3, 0)));

static void
limited_emit(struct log_ratelimit *rl, int pri, const char *fmt, va_list ap)
{
	char		 msg[1024];
	size_t		 n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (rl->suppressed > 0) {
		n = strlen(msg);
		snprintf(msg + n, sizeof(msg) - n,
		    " (%u similar messages suppressed)", rl->suppressed);
		rl->suppressed = 0;
	}
	log_emit(pri, msg);
}

void
log_limited_emit(struct log_ratelimit *rl, int pri, const char *fmt, ...)
{
	va_list		 ap;

	va_start(ap, fmt);
	limited_emit(rl, pri, fmt, ap);
	va_end(ap);
}

void
log_limited(struct log_ratelimit *rl, int pri, const char *fmt, ...)
{
	va_list		 ap;

	if (!log_limited_take(rl, pri))
		return;
	va_start(ap, fmt);
	limited_emit(rl, pri, fmt, ap);
	va_end(ap);
}

int
log_facility_byname(const char *name)
{
	static const struct {
		const char	*name;
		int		 fac;
	} tab[] = {
		{ "auth", LOG_AUTH }, { "authpriv", LOG_AUTHPRIV },
		{ "daemon", LOG_DAEMON }, { "local0", LOG_LOCAL0 },
		{ "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 },
		{ "local3", LOG_LOCAL3 }, { "local4", LOG_LOCAL4 },
		{ "local5", LOG_LOCAL5 }, { "local6", LOG_LOCAL6 },
		{ "local7", LOG_LOCAL7 }, { "user", LOG_USER },
	};
	size_t	 i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(tab[i].name, name) == 0)
			return tab[i].fac;
	return -1;
}
