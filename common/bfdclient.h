/*
 * The BFD client library: how route6d, pim6sd and the other daemons ask
 * bfdd for sessions and hear about them, over bfdd's control socket.
 * Non-blocking, in the caller's event loop; reconnects by itself (1 s
 * doubling to 30 s) and asks again for every session; while bfdd is away
 * each session reads AdminDown, which is never a failure (RFC 5882 3.2).
 */
#ifndef T6_BFDCLIENT_H
#define T6_BFDCLIENT_H

#include <netinet/in.h>
#include <stdint.h>

/* bfdd's control socket, unless told otherwise. */
#define BFDC_SOCK	"/var/run/bfdd.sock"

struct ev_loop;
struct bfdc;

/* Session states, as BFD numbers them. */
#define BFDC_ADMINDOWN	0
#define BFDC_DOWN	1
#define BFDC_INIT	2
#define BFDC_UP		3

/* What a request may set; zero fields are bfdd's configuration's. */
struct bfdc_opts {
	uint32_t	 min_rx_us;
	uint32_t	 min_tx_us;
	uint32_t	 idle_tx_us;
	uint8_t		 multiplier;
	uint8_t		 passive;	/* 1: passive, 0: bfdd's choice */
	int		 multihop;
	const char	*profile;
};

/*
 * state changed; down is 1 exactly when a session that was Up went Down
 * and the peer did not say AdminDown: the one event a client acts on.
 */
typedef void	bfdc_cb(const char *tag, int state, int old, int diag,
		    int remote, int down, void *arg);

/*
 * Start talking to bfdd at path (NULL: /var/run/bfdd.sock) as name.  The
 * callback may call bfdc_add and bfdc_del (even for the tag it is given),
 * but not bfdc_close.
 */
struct bfdc	*bfdc_open(struct ev_loop *, const char *path, const char *name,
		    bfdc_cb *cb, void *arg);
void		 bfdc_close(struct bfdc *);
/*
 * Ask for a session to peer (on interface ifindex for a single hop
 * session; from local for multihop).  tag names it for the caller: at
 * most 32 of [A-Za-z0-9_.:-].  Returns 0, or -1 with errno (EEXIST for a
 * tag in use, EINVAL).  The request survives bfdd restarts.
 */
int		 bfdc_add(struct bfdc *, const char *tag,
		    const struct in6_addr *peer, uint32_t ifindex,
		    const struct in6_addr *local, const struct bfdc_opts *);
int		 bfdc_del(struct bfdc *, const char *tag);
/* The last state heard for a tag (BFDC_ADMINDOWN if none), or -1. */
int		 bfdc_state(const struct bfdc *, const char *tag);
int		 bfdc_connected(const struct bfdc *);
/* A diagnostic code's name as RFC 5880 4.1 writes it. */
const char	*bfdc_diag_name(int);

#endif
