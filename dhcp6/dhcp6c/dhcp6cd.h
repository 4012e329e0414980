/* dhcp6c's process state, shared by dhcp6c.c and io.c. */
#ifndef DHCP6CD_H
#define DHCP6CD_H

#include "dhcp6c.h"
#include "ev.h"

struct c6_if {
	TAILQ_ENTRY(c6_if)	 entry;
	struct c6_ifconf	*conf;
	uint32_t		 ifindex;
	struct c6_client	 cl;
	struct ev_timer		 timer;
	int			 link_lost;	/* since the last start */
	int			 start_after_stop;	/* dhcp6ctl start */
};

struct dhcp6c {
	struct ev_loop		*loop;
	struct ifinfo		*ifi;
	struct addr6		*addr;
	int			 sock;
	struct d6_duid		 duid;
	const char		*lease_path;
	int			 info_mode;	/* -i */
	int			 keep;		/* -R: no Release at exit */
	int			 foreground;
	int			 trace;		/* -D */
	int			 exiting;
	int			 restarting;	/* SIGHUP */
	TAILQ_HEAD(, c6_if)	 ifs;
	int			 nifs;
	uint64_t		 drops_if;
	uint64_t		 drops_decode[D6E_NERRS];
};

extern struct dhcp6c g;

/* io.c */
uint64_t	 now_ms(void);
void		 rearm(struct c6_if *);
int		 io_open(void);
void		 io_start(void);
/* Begin again on one interface (after dhcp6ctl stopped it). */
void		 io_restart_if(struct c6_if *);
void		 io_close(void);
void		 save_leases(void);
void		 load_leases(void);
int		 make_duid(struct d6_duid *);

/* dhcp6c.c */
void		 check_done(void);

/* status.c: the read-only status socket (-s) */
void		 status_open(const char *path);
void		 status_close(void);

#endif
