/*
 * The BFD client library: requests to bfdd over its control socket,
 * events back, reconnection with back-off, all in the caller's loop.
 */
#include <sys/queue.h>

#include <arpa/inet.h>
#include <errno.h>
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

/* bfdd is gone: every session reads AdminDown, not a failure. */
static void
lost(struct bfdc *c)
{
	struct bfdc_req	*r;

	if (c->cl != NULL) {
		ev_io_del(c->loop, &c->io);
		ctl_client_close(c->cl);
		c->cl = NULL;
		log_warnx("bfd: connection to bfdd lost, retrying");
		c->warned = 1;
	}
	TAILQ_FOREACH(r, &c->reqs, entry)
		report(c, r, BFDC_ADMINDOWN, r->state, 7, BFDC_ADMINDOWN, 0);
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
		TAILQ_FOREACH(r, &c->reqs, entry)
			report(c, r, BFDC_ADMINDOWN, r->state, 7,
			    BFDC_ADMINDOWN, 0);
		break;
	default:
		if (code >= 400 && code < 600)
			log_warnx("bfd: bfdd refused a request: %s", line);
		break;
	}
}

static void
on_read(struct ev_io *io, int fd, int revents, void *arg)
{
	struct bfdc	*c = arg;

	if (ctl_client_input(c->cl, on_line, c) == -1)
		lost(c);
}

static int
send_add(struct bfdc *c, const struct bfdc_req *r)
{
	return ctl_client_send(c->cl, 1000, "ADD %s %s", r->tag, r->args);
}

static void
connect_now(struct ev_timer *t, void *arg)
{
	struct bfdc	*c = arg;
	struct bfdc_req	*r;

	if ((c->cl = ctl_client_open(c->path)) == NULL) {
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
	if (ev_io_add(c->loop, &c->io, ctl_client_fd(c->cl), EV_READ, on_read,
	    c) == -1) {
		ctl_client_close(c->cl);
		c->cl = NULL;
		ev_timer_add(c->loop, &c->t_retry, c->backoff);
		return;
	}
	log_info("bfd: connected to bfdd at %s", c->path);
	c->backoff = BACKOFF_MIN;
	c->warned = 0;
	/* who we are, then every request again */
	if (ctl_client_send(c->cl, 1000, "HELLO %s", c->name) == -1) {
		lost(c);
		return;
	}
	TAILQ_FOREACH(r, &c->reqs, entry)
		if (send_add(c, r) == -1) {
			lost(c);
			return;
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
	size_t		 n;

	if (!valid_tag(tag)) {
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
	n = (size_t)snprintf(r->args, sizeof(r->args), "%s", a);
	if (ifindex != 0 && if_indextoname(ifindex, ifname) != NULL)
		n += (size_t)snprintf(r->args + n, sizeof(r->args) - n,
		    " interface=%s", ifname);
	if (local != NULL) {
		if (IN6_IS_ADDR_V4MAPPED(local))
			inet_ntop(AF_INET, &local->s6_addr[12], l, sizeof(l));
		else
			inet_ntop(AF_INET6, local, l, sizeof(l));
		n += (size_t)snprintf(r->args + n, sizeof(r->args) - n,
		    " local=%s", l);
	}
	if (o != NULL) {
		if (o->multihop)
			n += (size_t)snprintf(r->args + n, sizeof(r->args) - n,
			    " multihop=1");
		if (o->min_rx_us)
			n += (size_t)snprintf(r->args + n, sizeof(r->args) - n,
			    " min-rx=%uus", o->min_rx_us);
		if (o->min_tx_us)
			n += (size_t)snprintf(r->args + n, sizeof(r->args) - n,
			    " min-tx=%uus", o->min_tx_us);
		if (o->idle_tx_us)
			n += (size_t)snprintf(r->args + n, sizeof(r->args) - n,
			    " idle-tx=%uus", o->idle_tx_us);
		if (o->multiplier)
			n += (size_t)snprintf(r->args + n, sizeof(r->args) - n,
			    " multiplier=%u", o->multiplier);
		if (o->passive)
			n += (size_t)snprintf(r->args + n, sizeof(r->args) - n,
			    " passive=1");
		if (o->profile != NULL)
			n += (size_t)snprintf(r->args + n, sizeof(r->args) - n,
			    " profile=%s", o->profile);
	}
	if (n >= sizeof(r->args)) {
		free(r);
		errno = EINVAL;
		return -1;
	}
	TAILQ_INSERT_TAIL(&c->reqs, r, entry);
	if (c->cl != NULL && send_add(c, r) == -1)
		lost(c);
	return 0;
}

int
bfdc_del(struct bfdc *c, const char *tag)
{
	struct bfdc_req	*r;

	if ((r = find(c, tag)) == NULL) {
		errno = ENOENT;
		return -1;
	}
	TAILQ_REMOVE(&c->reqs, r, entry);
	free(r);
	if (c->cl != NULL && ctl_client_send(c->cl, 1000, "DEL %s", tag) == -1)
		lost(c);
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
