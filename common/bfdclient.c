/*
 * The BFD client library: requests to bfdd over its control socket,
 * events back, reconnection with back-off, all in the caller's loop.
 */
#include <sys/queue.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bfdclient.h"
#include "ctl.h"
#include "ev.h"
#include "log.h"

#define BACKOFF_MIN	1000000ULL
#define BACKOFF_MAX	30000000ULL

struct bfdc_req {
	TAILQ_ENTRY(bfdc_req)	 entry;
	char			 tag[33];
	char			 args[256];	/* after "ADD <tag> " */
	int			 state;
};

struct bfdc {
	struct ev_loop		*loop;
	char			*path;
	char			 name[33];
	bfdc_cb			*cb;
	void			*arg;
	struct ctl_client	*cl;
	struct ev_io		 io;
	struct ev_timer		 t_retry;
	uint64_t		 backoff;
	int			 warned;	/* said bfdd is away */
	int			 dispatching;	/* inside ctl_client_input */
	int			 dead;		/* lost while dispatching */
	TAILQ_HEAD(, bfdc_req)	 reqs;
};

static void	connect_now(struct ev_timer *, void *);

static int
state_byname(const char *s)
{
	static const char *const names[] = { "AdminDown", "Down", "Init",
	    "Up" };
	int	 i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

static struct bfdc_req *
find(const struct bfdc *c, const char *tag)
{
	struct bfdc_req	*r;

	TAILQ_FOREACH(r, &c->reqs, entry)
		if (strcmp(r->tag, tag) == 0)
			return r;
	return NULL;
}

/* The value of "key=" in a line of key=value fields, or NULL. */
static const char *
field(const char *line, const char *key, char *buf, size_t len)
{
	size_t		 k = strlen(key);
	const char	*p = line;
	size_t		 n;

	while ((p = strstr(p, key)) != NULL) {
		if ((p == line || p[-1] == ' ') && p[k] == '=') {
			p += k + 1;
			n = strcspn(p, " ");
			if (n >= len)
				n = len - 1;
			memcpy(buf, p, n);
			buf[n] = '\0';
			return buf;
		}
		p += k;
	}
	return NULL;
}

static void
report(struct bfdc *c, struct bfdc_req *r, int state, int old, int diag,
    int remote, int down)
{
	if (state == r->state && !down)
		return;
	r->state = state;
	c->cb(r->tag, state, old, diag, remote, down, c->arg);
}

/*
 * Every request reads AdminDown (bfdd gone or going).  The callback may
 * add or delete requests, even the one it is told about: walk a copy of
 * the tags, looking each up again.
 */
static void
report_all_admindown(struct bfdc *c)
{
	struct bfdc_req	*r;
	char		(*tags)[sizeof(r->tag)];
	size_t		 n = 0, i;

	TAILQ_FOREACH(r, &c->reqs, entry)
		n++;
	if (n == 0 || (tags = calloc(n, sizeof(*tags))) == NULL)
		return;
	i = 0;
	TAILQ_FOREACH(r, &c->reqs, entry)
		memcpy(tags[i++], r->tag, sizeof(r->tag));
	for (i = 0; i < n; i++)
		if ((r = find(c, tags[i])) != NULL)
			report(c, r, BFDC_ADMINDOWN, r->state, 7,
			    BFDC_ADMINDOWN, 0);
	free(tags);
}

/* bfdd is gone: every session reads AdminDown, not a failure. */
static void
lost(struct bfdc *c)
{
	/* the connection is in use up the stack: on_io closes it */
	if (c->dispatching) {
		c->dead = 1;
		return;
	}
	if (c->cl != NULL) {
		ev_io_del(c->loop, &c->io);
		ctl_client_close(c->cl);
		c->cl = NULL;
		log_warnx("bfd: connection to bfdd lost, retrying");
		c->warned = 1;
	}
	report_all_admindown(c);
	if (!ev_timer_pending(&c->t_retry))
		ev_timer_add(c->loop, &c->t_retry, c->backoff);
	c->backoff = c->backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX :
	    c->backoff * 2;
}

static void
on_line(const char *line, void *arg)
{
	struct bfdc	*c = arg;
	struct bfdc_req	*r;
	char		 tag[64], v[64], o[64], d[16], rs[64], dn[8];
	int		 code;

	if (sscanf(line, "%d %63s", &code, tag) < 1)
		return;
	switch (code) {
	case 201:	/* ADD's answer: the session as it is now */
		if ((r = find(c, tag)) == NULL)
			return;
		if (field(line, "state", v, sizeof(v)) == NULL)
			return;
		report(c, r, state_byname(v), r->state,
		    field(line, "diag", d, sizeof(d)) ? atoi(d) : 0,
		    field(line, "remote", rs, sizeof(rs)) ?
		    state_byname(rs) : -1, 0);
		break;
	case 600:
		if ((r = find(c, tag)) == NULL)
			return;
		if (field(line, "state", v, sizeof(v)) == NULL ||
		    field(line, "old", o, sizeof(o)) == NULL)
			return;
		report(c, r, state_byname(v), state_byname(o),
		    field(line, "diag", d, sizeof(d)) ? atoi(d) : 0,
		    field(line, "remote", rs, sizeof(rs)) ?
		    state_byname(rs) : -1,
		    field(line, "down", dn, sizeof(dn)) ? atoi(dn) : 0);
		break;
	case 601:	/* bfdd dropped it */
		if ((r = find(c, tag)) != NULL)
			report(c, r, BFDC_ADMINDOWN, r->state, 7,
			    BFDC_ADMINDOWN, 0);
		break;
	case 602:	/* bfdd is going away; the connection follows */
		report_all_admindown(c);
		break;
	default:
		if (code >= 400 && code < 600)
			log_warnx("bfd: bfdd refused a request: %s", line);
		break;
	}
}

static void
on_io(struct ev_io *io, int fd, int revents, void *arg)
{
	struct bfdc	*c = arg;
	int		 rc;

	if (revents & EV_WRITE) {
		if ((rc = ctl_client_flush(c->cl)) == -1) {
			lost(c);
			return;
		}
		if (rc == 0)
			ev_io_set(c->loop, &c->io, EV_READ);
	}
	if (!(revents & EV_READ))
		return;
	c->dispatching = 1;
	rc = ctl_client_input(c->cl, on_line, c);
	c->dispatching = 0;
	if (rc == -1 || c->dead) {
		c->dead = 0;
		lost(c);
	}
}

/* Queue a line for bfdd; never waits (what the socket refuses waits). */
static void
send_line(struct bfdc *c, const char *verb, const char *a, const char *b)
{
	int	 rc;

	if (c->cl == NULL || c->dead)
		return;
	rc = ctl_client_queue(c->cl, "%s %s%s%s", verb, a, b ? " " : "",
	    b ? b : "");
	if (rc == -1)
		lost(c);
	else if (rc == 1)
		ev_io_set(c->loop, &c->io, EV_READ | EV_WRITE);
}

static void
send_add(struct bfdc *c, const struct bfdc_req *r)
{
	send_line(c, "ADD", r->tag, r->args);
}

static void
connect_now(struct ev_timer *t, void *arg)
{
	struct bfdc	*c = arg;
	struct bfdc_req	*r;

	if ((c->cl = ctl_client_open_nb(c->path)) == NULL) {
		/* once per outage: the retries are not news */
		if (!c->warned)
			log_warnx("bfd: no bfdd at %s (%s); retrying", c->path,
			    strerror(errno));
		c->warned = 1;
		ev_timer_add(c->loop, &c->t_retry, c->backoff);
		c->backoff = c->backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX :
		    c->backoff * 2;
		return;
	}
	if (ev_io_add(c->loop, &c->io, ctl_client_fd(c->cl), EV_READ, on_io,
	    c) == -1) {
		ctl_client_close(c->cl);
		c->cl = NULL;
		ev_timer_add(c->loop, &c->t_retry, c->backoff);
		return;
	}
	log_info("bfd: connected to bfdd at %s", c->path);
	c->backoff = BACKOFF_MIN;
	c->warned = 0;
	/*
	 * who we are, then every request again; a failure reports every
	 * request AdminDown (and the callback may change the list): stop
	 */
	send_line(c, "HELLO", c->name, NULL);
	TAILQ_FOREACH(r, &c->reqs, entry) {
		if (c->cl == NULL)
			return;
		send_add(c, r);
	}
}

struct bfdc *
bfdc_open(struct ev_loop *loop, const char *path, const char *name,
    bfdc_cb *cb, void *arg)
{
	struct bfdc	*c;

	if (cb == NULL || name == NULL || strlen(name) > 32) {
		errno = EINVAL;
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	if ((c->path = strdup(path != NULL ? path : BFDC_SOCK)) == NULL) {
		free(c);
		return NULL;
	}
	c->loop = loop;
	strlcpy(c->name, name, sizeof(c->name));
	c->cb = cb;
	c->arg = arg;
	c->backoff = BACKOFF_MIN;
	TAILQ_INIT(&c->reqs);
	ev_timer_init(&c->t_retry, connect_now, c);
	connect_now(&c->t_retry, c);
	return c;
}

void
bfdc_close(struct bfdc *c)
{
	struct bfdc_req	*r;

	if (c == NULL)
		return;
	if (c->cl != NULL) {
		ev_io_del(c->loop, &c->io);
		ctl_client_close(c->cl);
	}
	ev_timer_cancel(c->loop, &c->t_retry);
	while ((r = TAILQ_FIRST(&c->reqs)) != NULL) {
		TAILQ_REMOVE(&c->reqs, r, entry);
		free(r);
	}
	free(c->path);
	free(c);
}

/* Append to buf; *n passes len - 1 when it did not fit. */
static void __attribute__((format(printf, 4, 5)))
append(char *buf, size_t len, size_t *n, const char *fmt, ...)
{
	va_list	 ap;
	int	 w;

	if (*n >= len)
		return;
	va_start(ap, fmt);
	w = vsnprintf(buf + *n, len - *n, fmt, ap);
	va_end(ap);
	*n = w < 0 ? len : *n + (size_t)w;
}

static int
valid_tag(const char *tag)
{
	size_t	 n = strlen(tag);

	if (n == 0 || n > 32)
		return 0;
	return strspn(tag, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
	    "WXYZ0123456789_.:-") == n;
}

int
bfdc_add(struct bfdc *c, const char *tag, const struct in6_addr *peer,
    uint32_t ifindex, const struct in6_addr *local,
    const struct bfdc_opts *o)
{
	struct bfdc_req	*r;
	char		 a[INET6_ADDRSTRLEN], l[INET6_ADDRSTRLEN];
	char		 ifname[IF_NAMESIZE];
	size_t		 n = 0;

	/* a profile name is one token: no way to slip in other arguments */
	if (!valid_tag(tag) || (o != NULL && o->profile != NULL &&
	    !valid_tag(o->profile))) {
		errno = EINVAL;
		return -1;
	}
	if (find(c, tag) != NULL) {
		errno = EEXIST;
		return -1;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return -1;
	strlcpy(r->tag, tag, sizeof(r->tag));
	r->state = BFDC_ADMINDOWN;
	if (IN6_IS_ADDR_V4MAPPED(peer))
		inet_ntop(AF_INET, &peer->s6_addr[12], a, sizeof(a));
	else
		inet_ntop(AF_INET6, peer, a, sizeof(a));
	append(r->args, sizeof(r->args), &n, "%s", a);
	if (ifindex != 0 && if_indextoname(ifindex, ifname) != NULL)
		append(r->args, sizeof(r->args), &n,
		    " interface=%s", ifname);
	if (local != NULL) {
		if (IN6_IS_ADDR_V4MAPPED(local))
			inet_ntop(AF_INET, &local->s6_addr[12], l, sizeof(l));
		else
			inet_ntop(AF_INET6, local, l, sizeof(l));
		append(r->args, sizeof(r->args), &n,
		    " local=%s", l);
	}
	if (o != NULL) {
		if (o->multihop)
			append(r->args, sizeof(r->args), &n,
			    " multihop=1");
		if (o->min_rx_us)
			append(r->args, sizeof(r->args), &n,
			    " min-rx=%uus", o->min_rx_us);
		if (o->min_tx_us)
			append(r->args, sizeof(r->args), &n,
			    " min-tx=%uus", o->min_tx_us);
		if (o->idle_tx_us)
			append(r->args, sizeof(r->args), &n,
			    " idle-tx=%uus", o->idle_tx_us);
		if (o->multiplier)
			append(r->args, sizeof(r->args), &n,
			    " multiplier=%u", o->multiplier);
		if (o->passive)
			append(r->args, sizeof(r->args), &n,
			    " passive=1");
		if (o->profile != NULL)
			append(r->args, sizeof(r->args), &n,
			    " profile=%s", o->profile);
	}
	if (n >= sizeof(r->args)) {
		free(r);
		errno = EINVAL;
		return -1;
	}
	TAILQ_INSERT_TAIL(&c->reqs, r, entry);
	send_add(c, r);
	return 0;
}

int
bfdc_del(struct bfdc *c, const char *tag)
{
	struct bfdc_req	*r;
	char		 copy[sizeof(r->tag)];

	if ((r = find(c, tag)) == NULL) {
		errno = ENOENT;
		return -1;
	}
	/* tag may be r->tag itself (the callback's argument) */
	strlcpy(copy, tag, sizeof(copy));
	TAILQ_REMOVE(&c->reqs, r, entry);
	free(r);
	send_line(c, "DEL", copy, NULL);
	return 0;
}

int
bfdc_state(const struct bfdc *c, const char *tag)
{
	const struct bfdc_req	*r = find(c, tag);

	return r != NULL ? r->state : -1;
}

int
bfdc_connected(const struct bfdc *c)
{
	return c->cl != NULL;
}

const char *
bfdc_diag_name(int diag)
{
	static const char *const names[] = {
		"No Diagnostic",
		"Control Detection Time Expired",
		"Echo Function Failed",
		"Neighbor Signaled Session Down",
		"Forwarding Plane Reset",
		"Path Down",
		"Concatenated Path Down",
		"Administratively Down",
		"Reverse Concatenated Path Down"
	};
	static char	 other[24];

	if (diag >= 0 && diag < (int)(sizeof(names) / sizeof(names[0])))
		return names[diag];
	snprintf(other, sizeof(other), "Error #%d", diag);
	return other;
}
