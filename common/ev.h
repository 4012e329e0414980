/*
 * The event loop: file descriptors (epoll), timers on CLOCK_MONOTONIC with
 * microsecond resolution (a 4-ary heap of intrusive timer structs), and
 * signals delivered into the loop through a signalfd.
 */
#ifndef T6_EV_H
#define T6_EV_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#define EV_READ		0x01
#define EV_WRITE	0x02
#define EV_ERROR	0x04	/* reported only: EPOLLERR or EPOLLHUP */

#define EV_USEC_PER_SEC	1000000ULL
#define EV_MSEC(ms)	((uint64_t)(ms) * 1000ULL)
#define EV_SEC(s)	((uint64_t)(s) * EV_USEC_PER_SEC)

struct ev_loop;

/*
 * A timer lives inside the structure that owns it; arming or cancelling
 * never allocates.  `when` is absolute, in microseconds of the monotonic
 * clock.  A timer is pending from ev_timer_add until it fires or is
 * cancelled; its callback may re-arm it.
 */
struct ev_timer {
	uint64_t	 when;
	uint64_t	 seq;		/* orders timers due at the same time */
	size_t		 slot;		/* heap index, or SIZE_MAX if idle */
	void		(*cb)(struct ev_timer *, void *);
	void		*arg;
};

struct ev_io {
	int		 fd;
	int		 events;
	void		(*cb)(struct ev_io *, int fd, int revents, void *);
	void		*arg;
};

struct ev_signal {
	int		 signo;
	void		(*cb)(struct ev_signal *, int signo, void *);
	void		*arg;
	LIST_ENTRY(ev_signal) entry;
};

struct ev_loop	*ev_loop_new(void);
void		 ev_loop_free(struct ev_loop *);
/* Runs until ev_loop_break(); returns 0, or -1 on an epoll error. */
int		 ev_loop_run(struct ev_loop *);
/*
 * One iteration: wait at most timeout_us (0 polls, UINT64_MAX waits for
 * the next event), dispatch what is ready.  Returns the number of
 * callbacks run, or -1 on error.
 */
int		 ev_loop_once(struct ev_loop *, uint64_t timeout_us);
void		 ev_loop_break(struct ev_loop *);
/*
 * Call fn at the end of every iteration, after descriptors and timers:
 * the place to flush what they queued (a batch of packets to send).
 * NULL removes it.
 */
void		 ev_loop_set_post(struct ev_loop *, void (*fn)(void *),
		    void *arg);

/* The time cached at the start of this iteration, and a fresh reading. */
uint64_t	 ev_now(const struct ev_loop *);
uint64_t	 ev_now_update(struct ev_loop *);
/* The monotonic clock in microseconds, without a loop. */
uint64_t	 ev_monotonic_us(void);

void		 ev_timer_init(struct ev_timer *,
		    void (*cb)(struct ev_timer *, void *), void *arg);
/* Arm (or re-arm) to fire delay_us after ev_now(). */
void		 ev_timer_add(struct ev_loop *, struct ev_timer *,
		    uint64_t delay_us);
/* Arm (or re-arm) to fire at an absolute monotonic time. */
void		 ev_timer_at(struct ev_loop *, struct ev_timer *,
		    uint64_t when_us);
void		 ev_timer_cancel(struct ev_loop *, struct ev_timer *);
int		 ev_timer_pending(const struct ev_timer *);
/* Microseconds until the timer fires (0 if due or idle). */
uint64_t	 ev_timer_remaining(const struct ev_loop *,
		    const struct ev_timer *);
size_t		 ev_timer_count(const struct ev_loop *);

/*
 * Register fd for EV_READ and/or EV_WRITE.  The callback gets the events
 * that are ready (EV_ERROR added on error or hang-up).  Returns 0 or -1
 * with errno set.
 */
int		 ev_io_add(struct ev_loop *, struct ev_io *, int fd, int events,
		    void (*cb)(struct ev_io *, int, int, void *), void *arg);
int		 ev_io_set(struct ev_loop *, struct ev_io *, int events);
void		 ev_io_del(struct ev_loop *, struct ev_io *);

/*
 * Deliver signo into the loop: the signal is blocked and read from a
 * signalfd, so the callback runs as ordinary code, never in a handler.
 * Returns 0 or -1 with errno set.
 */
int		 ev_signal_add(struct ev_loop *, struct ev_signal *, int signo,
		    void (*cb)(struct ev_signal *, int, void *), void *arg);
void		 ev_signal_del(struct ev_loop *, struct ev_signal *);
/*
 * After fork() (daemon_detach), in the child that keeps the loop: a
 * signalfd watched by epoll wakes only the process that registered it,
 * so the child needs its own.  Returns 0 or -1 with errno set.
 */
int		 ev_loop_fork(struct ev_loop *);
/*
 * For a child between fork() and exec(): unblock every signal and restore
 * default dispositions, since the loop blocks those it delivers.
 */
void		 ev_child_reset_signals(void);

#endif
