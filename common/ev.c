/* The event loop: epoll for descriptors, a 4-ary timer heap, signalfd. */
#include <sys/epoll.h>
#include <sys/signalfd.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ev.h"

#define SLOT_IDLE	SIZE_MAX
#define EV_BATCH	64

/*
 * A heap slot keeps the key beside the pointer, so sifting compares
 * entries in one array and never touches the timers' own memory: with a
 * million timers that is the difference between cache hits and misses.
 */
struct heapent {
	uint64_t	 when;
	uint64_t	 seq;
	struct ev_timer	*t;
};

struct ev_loop {
	int		 epfd;
	int		 brk;
	int		 no_pwait2;
	uint64_t	 now;
	uint64_t	 seq;
	int		 dispatching;	/* running timer callbacks */
	uint64_t	 dispatch_now;	/* the time they were found due */

	struct heapent	*heap;
	size_t		 nheap;
	size_t		 capheap;

	/* The batch being dispatched, so ev_io_del can void stale entries. */
	struct epoll_event events[EV_BATCH];
	int		 nevents;
	int		 curevent;

	void		(*post)(void *);
	void		*post_arg;

	int		 sigfd;
	sigset_t	 sigmask;
	struct ev_io	 sigio;
	LIST_HEAD(, ev_signal) signals;
};

uint64_t
ev_monotonic_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * EV_USEC_PER_SEC +
	    (uint64_t)ts.tv_nsec / 1000;
}

struct ev_loop *
ev_loop_new(void)
{
	struct ev_loop	*loop;

	if ((loop = calloc(1, sizeof(*loop))) == NULL)
		return NULL;
	if ((loop->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		free(loop);
		return NULL;
	}
	loop->sigfd = -1;
	sigemptyset(&loop->sigmask);
	LIST_INIT(&loop->signals);
	loop->now = ev_monotonic_us();
	return loop;
}

void
ev_loop_free(struct ev_loop *loop)
{
	size_t		 i;

	if (loop == NULL)
		return;
	for (i = 0; i < loop->nheap; i++)
		loop->heap[i].t->slot = SLOT_IDLE;
	if (loop->sigfd != -1) {
		sigprocmask(SIG_UNBLOCK, &loop->sigmask, NULL);
		close(loop->sigfd);
	}
	close(loop->epfd);
	free(loop->heap);
	free(loop);
}

uint64_t
ev_now(const struct ev_loop *loop)
{
	return loop->now;
}

uint64_t
ev_now_update(struct ev_loop *loop)
{
	loop->now = ev_monotonic_us();
	return loop->now;
}

/* Timers: a 4-ary min-heap keyed on (when, seq). */

static int
ent_before(const struct heapent *a, const struct heapent *b)
{
	if (a->when != b->when)
		return a->when < b->when;
	return a->seq < b->seq;
}

static void
heap_place(struct ev_loop *loop, size_t i, const struct heapent *e)
{
	loop->heap[i] = *e;
	e->t->slot = i;
}

static void
heap_up(struct ev_loop *loop, size_t i)
{
	struct heapent	 e = loop->heap[i];
	size_t		 parent;

	while (i > 0) {
		parent = (i - 1) / 4;
		if (!ent_before(&e, &loop->heap[parent]))
			break;
		heap_place(loop, i, &loop->heap[parent]);
		i = parent;
	}
	heap_place(loop, i, &e);
}

static void
heap_down(struct ev_loop *loop, size_t i)
{
	struct heapent	 e = loop->heap[i];
	size_t		 c, best, last;

	for (;;) {
		c = 4 * i + 1;
		if (c >= loop->nheap)
			break;
		best = c;
		last = c + 4 < loop->nheap ? c + 4 : loop->nheap;
		for (c++; c < last; c++)
			if (ent_before(&loop->heap[c], &loop->heap[best]))
				best = c;
		if (!ent_before(&loop->heap[best], &e))
			break;
		heap_place(loop, i, &loop->heap[best]);
		i = best;
	}
	heap_place(loop, i, &e);
}

/*
 * Remove the earliest timer.  The hole left at the root sinks to a leaf
 * along the smallest children (3 comparisons a level, not 4: the last
 * entry, which refills the hole, almost always belongs near the bottom),
 * then the last entry moves in and rises as far as it must.
 */
static struct ev_timer *
heap_pop(struct ev_loop *loop)
{
	struct ev_timer	*top = loop->heap[0].t;
	struct heapent	 last;
	size_t		 hole = 0, c, best, end;

	top->slot = SLOT_IDLE;
	last = loop->heap[--loop->nheap];
	if (loop->nheap == 0)
		return top;
	for (;;) {
		c = 4 * hole + 1;
		if (c >= loop->nheap)
			break;
		best = c;
		end = c + 4 < loop->nheap ? c + 4 : loop->nheap;
		for (c++; c < end; c++)
			if (ent_before(&loop->heap[c], &loop->heap[best]))
				best = c;
		heap_place(loop, hole, &loop->heap[best]);
		hole = best;
	}
	heap_place(loop, hole, &last);
	heap_up(loop, hole);
	return top;
}

static void
heap_remove(struct ev_loop *loop, struct ev_timer *t)
{
	size_t		 i = t->slot;
	struct heapent	 last;

	last = loop->heap[--loop->nheap];
	t->slot = SLOT_IDLE;
	if (last.t == t)
		return;
	heap_place(loop, i, &last);
	if (i > 0 && ent_before(&last, &loop->heap[(i - 1) / 4]))
		heap_up(loop, i);
	else
		heap_down(loop, i);
}

void
ev_timer_init(struct ev_timer *t, void (*cb)(struct ev_timer *, void *),
    void *arg)
{
	memset(t, 0, sizeof(*t));
	t->slot = SLOT_IDLE;
	t->cb = cb;
	t->arg = arg;
}

int
ev_timer_pending(const struct ev_timer *t)
{
	return t->slot != SLOT_IDLE;
}

void
ev_timer_cancel(struct ev_loop *loop, struct ev_timer *t)
{
	if (t->slot != SLOT_IDLE)
		heap_remove(loop, t);
}

void
ev_timer_at(struct ev_loop *loop, struct ev_timer *t, uint64_t when)
{
	struct heapent	*nh, e;
	size_t		 ncap;

	/*
	 * A timer armed by a timer callback for a time already due waits
	 * for the next iteration, so a callback re-arming itself at zero
	 * delay cannot keep the loop from polling its descriptors.
	 */
	if (loop->dispatching && when <= loop->dispatch_now)
		when = loop->dispatch_now + 1;
	if (t->slot != SLOT_IDLE) {
		/* Re-arming in place keeps the heap slot: one sift. */
		struct heapent *cur = &loop->heap[t->slot];
		uint64_t old = cur->when;

		cur->when = t->when = when;
		cur->seq = t->seq = loop->seq++;
		if (when < old)
			heap_up(loop, t->slot);
		else
			heap_down(loop, t->slot);
		return;
	}
	if (loop->nheap == loop->capheap) {
		ncap = loop->capheap ? loop->capheap * 2 : 64;
		nh = reallocarray(loop->heap, ncap, sizeof(*nh));
		if (nh == NULL)
			abort();	/* a daemon cannot run without timers */
		loop->heap = nh;
		loop->capheap = ncap;
	}
	e.when = t->when = when;
	e.seq = t->seq = loop->seq++;
	e.t = t;
	heap_place(loop, loop->nheap++, &e);
	heap_up(loop, t->slot);
}

void
ev_timer_add(struct ev_loop *loop, struct ev_timer *t, uint64_t delay)
{
	uint64_t	 when = loop->now + delay;

	if (when < loop->now)		/* overflow: "never", practically */
		when = UINT64_MAX;
	ev_timer_at(loop, t, when);
}

uint64_t
ev_timer_remaining(const struct ev_loop *loop, const struct ev_timer *t)
{
	if (t->slot == SLOT_IDLE || t->when <= loop->now)
		return 0;
	return t->when - loop->now;
}

size_t
ev_timer_count(const struct ev_loop *loop)
{
	return loop->nheap;
}

/* Run every timer due at the start of this pass, earliest first. */
static int
run_timers(struct ev_loop *loop)
{
	struct ev_timer	*t;
	int		 n = 0;

	loop->dispatching = 1;
	loop->dispatch_now = loop->now;
	while (loop->nheap > 0 && loop->heap[0].when <= loop->dispatch_now) {
		t = heap_pop(loop);
		t->cb(t, t->arg);
		n++;
		if (loop->brk)
			break;
	}
	loop->dispatching = 0;
	return n;
}

/* Descriptors. */

static uint32_t
ev_to_epoll(int events)
{
	uint32_t	 e = 0;

	if (events & EV_READ)
		e |= EPOLLIN;
	if (events & EV_WRITE)
		e |= EPOLLOUT;
	return e;
}

int
ev_io_add(struct ev_loop *loop, struct ev_io *io, int fd, int events,
    void (*cb)(struct ev_io *, int, int, void *), void *arg)
{
	struct epoll_event	 ee;

	io->fd = fd;
	io->events = events;
	io->cb = cb;
	io->arg = arg;
	memset(&ee, 0, sizeof(ee));
	ee.events = ev_to_epoll(events);
	ee.data.ptr = io;
	return epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ee);
}

int
ev_io_set(struct ev_loop *loop, struct ev_io *io, int events)
{
	struct epoll_event	 ee;

	if (io->events == events)
		return 0;
	io->events = events;
	memset(&ee, 0, sizeof(ee));
	ee.events = ev_to_epoll(events);
	ee.data.ptr = io;
	return epoll_ctl(loop->epfd, EPOLL_CTL_MOD, io->fd, &ee);
}

void
ev_io_del(struct ev_loop *loop, struct ev_io *io)
{
	int	 i;

	if (io->fd == -1)
		return;
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, io->fd, NULL);
	/* The owner may free io now: forget it in the pending batch. */
	for (i = loop->curevent; i < loop->nevents; i++)
		if (loop->events[i].data.ptr == io)
			loop->events[i].data.ptr = NULL;
	io->fd = -1;
}

static int
wait_events(struct ev_loop *loop, uint64_t timeout)
{
	struct timespec	 ts;
	int		 ms;

	if (!loop->no_pwait2) {
		struct timespec *tp = NULL;

		if (timeout != UINT64_MAX) {
			ts.tv_sec = timeout / EV_USEC_PER_SEC;
			ts.tv_nsec = (timeout % EV_USEC_PER_SEC) * 1000;
			tp = &ts;
		}
		int n = epoll_pwait2(loop->epfd, loop->events, EV_BATCH, tp,
		    NULL);
		if (n != -1 || errno != ENOSYS)
			return n;
		loop->no_pwait2 = 1;
	}
	if (timeout == UINT64_MAX)
		ms = -1;
	else if (timeout / 1000 >= INT_MAX)
		ms = INT_MAX;
	else	/* round up, or the loop spins until the timer is due */
		ms = (int)((timeout + 999) / 1000);
	return epoll_wait(loop->epfd, loop->events, EV_BATCH, ms);
}

int
ev_loop_once(struct ev_loop *loop, uint64_t timeout)
{
	struct ev_io	*io;
	uint32_t	 e;
	int		 n, revents, ran = 0;

	if (loop->nheap > 0) {
		uint64_t due = loop->heap[0].when;
		uint64_t now = ev_now_update(loop);
		uint64_t left = due > now ? due - now : 0;

		if (left < timeout)
			timeout = left;
	}
	n = wait_events(loop, timeout);
	/*
	 * Interrupted (a signal, or a stop and continue, which ends the wait
	 * with EINTR even without a handler): look once more without
	 * waiting, so that what became ready meanwhile is handled before
	 * the timers, which may judge its absence.
	 */
	if (n == -1 && errno == EINTR)
		n = wait_events(loop, 0);
	ev_now_update(loop);
	if (n == -1) {
		if (errno != EINTR)
			return -1;
		n = 0;
	}
	loop->nevents = n;
	for (loop->curevent = 0; loop->curevent < n; loop->curevent++) {
		io = loop->events[loop->curevent].data.ptr;
		if (io == NULL)
			continue;
		e = loop->events[loop->curevent].events;
		revents = 0;
		if (e & EPOLLIN)
			revents |= EV_READ;
		if (e & EPOLLOUT)
			revents |= EV_WRITE;
		if (e & (EPOLLERR | EPOLLHUP))
			revents |= EV_ERROR | (io->events & EV_READ);
		io->cb(io, io->fd, revents, io->arg);
		ran++;
		if (loop->brk)
			break;
	}
	loop->nevents = 0;
	loop->curevent = 0;
	if (!loop->brk)
		ran += run_timers(loop);
	if (loop->post != NULL)
		loop->post(loop->post_arg);
	return ran;
}

int
ev_loop_run(struct ev_loop *loop)
{
	loop->brk = 0;
	while (!loop->brk)
		if (ev_loop_once(loop, UINT64_MAX) == -1)
			return -1;
	loop->brk = 0;
	return 0;
}

void
ev_loop_break(struct ev_loop *loop)
{
	loop->brk = 1;
}

void
ev_loop_set_post(struct ev_loop *loop, void (*fn)(void *), void *arg)
{
	loop->post = fn;
	loop->post_arg = arg;
}

/* Signals. */

static void
signal_read(struct ev_io *io, int fd, int revents, void *arg)
{
	struct ev_loop		*loop = arg;
	struct signalfd_siginfo	 si[8];
	struct ev_signal	*s, *next;
	ssize_t			 n;
	size_t			 i;

	while ((n = read(fd, si, sizeof(si))) > 0) {
		for (i = 0; i < (size_t)n / sizeof(si[0]); i++)
			for (s = LIST_FIRST(&loop->signals); s != NULL;
			    s = next) {
				next = LIST_NEXT(s, entry);
				if ((int)si[i].ssi_signo == s->signo)
					s->cb(s, s->signo, s->arg);
			}
	}
}

int
ev_signal_add(struct ev_loop *loop, struct ev_signal *s, int signo,
    void (*cb)(struct ev_signal *, int, void *), void *arg)
{
	sigset_t	 one;
	int		 fd;

	s->signo = signo;
	s->cb = cb;
	s->arg = arg;
	sigemptyset(&one);
	if (sigaddset(&one, signo) == -1 ||
	    sigprocmask(SIG_BLOCK, &one, NULL) == -1)
		return -1;
	sigaddset(&loop->sigmask, signo);
	fd = signalfd(loop->sigfd, &loop->sigmask,
	    SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd == -1)
		return -1;
	if (loop->sigfd == -1) {
		loop->sigfd = fd;
		if (ev_io_add(loop, &loop->sigio, fd, EV_READ, signal_read,
		    loop) == -1) {
			close(fd);
			loop->sigfd = -1;
			return -1;
		}
	}
	LIST_INSERT_HEAD(&loop->signals, s, entry);
	return 0;
}

void
ev_signal_del(struct ev_loop *loop, struct ev_signal *s)
{
	struct ev_signal	*o;
	sigset_t		 one;

	LIST_REMOVE(s, entry);
	LIST_FOREACH(o, &loop->signals, entry)
		if (o->signo == s->signo)
			return;
	sigdelset(&loop->sigmask, s->signo);
	if (loop->sigfd != -1)
		signalfd(loop->sigfd, &loop->sigmask,
		    SFD_NONBLOCK | SFD_CLOEXEC);
	sigemptyset(&one);
	sigaddset(&one, s->signo);
	sigprocmask(SIG_UNBLOCK, &one, NULL);
}

int
ev_loop_fork(struct ev_loop *loop)
{
	int	 fd;

	if (loop->sigfd == -1)
		return 0;
	fd = signalfd(-1, &loop->sigmask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd == -1)
		return -1;
	ev_io_del(loop, &loop->sigio);
	close(loop->sigfd);
	loop->sigfd = fd;
	return ev_io_add(loop, &loop->sigio, fd, EV_READ, signal_read, loop);
}

void
ev_child_reset_signals(void)
{
	sigset_t	 none;
	int		 i;

	for (i = 1; i < NSIG; i++)
		signal(i, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}
