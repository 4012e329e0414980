/* Logging to syslog or stderr, in the manner of OpenBSD's log.c. */
#ifndef T6_LOG_H
#define T6_LOG_H

#include <stdarg.h>

#ifndef __dead
#define __dead __attribute__((__noreturn__))
#endif

/*
 * log_init: tostderr != 0 sends messages to stderr (foreground, -d),
 * otherwise to syslog with the given facility.  verbose enables
 * log_debug(); it can be changed later with log_setverbose().
 */
void	log_init(const char *ident, int tostderr, int facility);
/* A new syslog facility (a reload); nothing when logging to stderr. */
void	log_set_facility(int facility);
void	log_setverbose(int verbose);
int	log_getverbose(void);
void	log_procname(const char *name);

void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_notice(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	vlog(int pri, const char *, va_list) __attribute__((format(printf, 2, 0)));
__dead void fatal(const char *, ...) __attribute__((format(printf, 1, 2)));
__dead void fatalx(const char *, ...) __attribute__((format(printf, 1, 2)));

/*
 * A rate limiter for messages a peer can trigger at will (bad packets):
 * at most `burst` messages per `interval_s` seconds; the number that was
 * suppressed is reported with the next message that passes.
 */
struct log_ratelimit {
	unsigned	interval_s;
	unsigned	burst;
	unsigned	count;
	unsigned	suppressed;
	long long	window_start;
};
#define LOG_RATELIMIT_INIT(interval, burst)	{ (interval), (burst), 0, 0, 0 }

void	log_limited(struct log_ratelimit *, int pri, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * Whether a message may go now (1, and it counts against the burst) or
 * is suppressed (0, counted as such), for callers that want to skip
 * building an expensive message; then log_limited_emit() says it, with
 * the suppressed count.
 */
int	log_limited_take(struct log_ratelimit *, int pri);
void	log_limited_emit(struct log_ratelimit *, int pri, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Send every message to fn as well (NULL stops it): tests use this to
 * assert on what a module logged.
 */
void	log_set_hook(void (*fn)(int pri, const char *msg, void *), void *arg);

/* The facility name ("daemon", "local0" .. "local7") as a number, or -1. */
int	log_facility_byname(const char *);

#endif
