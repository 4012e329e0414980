/*
 * The daemon around the server: its served interfaces, paths and
 * event loop (dhcp6s.c), and the socket (io.c).
 */
#ifndef T6_DHCP6S_MAIN_H
#define T6_DHCP6S_MAIN_H

#include "dhcp6s.h"

struct ifinfo;

struct served {
	char			 name[IF_NAMESIZE];
	uint32_t		 ifindex;
	struct d6s_iface	*conf;		/* its interface block, or NULL */
};

struct dhcp6s_main {
	struct ev_loop		*loop;
	struct ifinfo		*ifinfo;
	struct d6s_server	 srv;
	struct served		 served[D6S_MAX_IFACES];
	int			 nserved;
	const char		*conf_path;
	const char		*duid_path;
	const char		*lease_path;
	const char		*dump_path;
};

extern struct dhcp6s_main dm;

/* dhcp6s.c */
void	 dhcp6s_reload(void);
__attribute__((__noreturn__)) void dhcp6s_exit(void);

/* control.c */
int	 control_tcp_open(const char *keyfile, const char *addr,
	    uint16_t port);
void	 control_status_open(const char *path);
void	 control_close(void);

/* io.c */
int	 io_open(void);
int	 io_join(struct served *);
void	 io_flush(void);
/* One message now (a Reconfigure), outside the batch. */
void	 io_send(void *, const uint8_t *, size_t,
	    const struct sockaddr_in6 *, uint32_t ifindex);
void	 io_close(void);

#endif
