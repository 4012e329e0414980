/*
 * dhcp6s's socket: UDP port 547 on the served interfaces, joined to
 * All_DHCP_Relay_Agents_and_Servers and All_DHCP_Servers there.  The
 * messages waiting are read in a batch; the lease records the batch
 * made are written (and synced, if so configured) before any of its
 * replies leaves, so no client holds a lease the database lacks.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <syslog.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dhcp6s.h"
#include "dhcp6s_main.h"
#include "ifinfo.h"
#include "log.h"
#include "sock6.h"

#define RX_BATCH	64
#define REPLY_MAX	8192

struct pending {
	struct sockaddr_in6	 dst;
	uint32_t		 ifindex;
	size_t			 len;
	uint8_t			 data[REPLY_MAX];
};

static int		 sock = -1;
static struct ev_io	 sock_io;
static struct pending	*q;
static int		 nq;
static uint8_t		 rxbuf[D6_MSG_MAX];
static struct log_ratelimit rl_iface = LOG_RATELIMIT_INIT(10, 5);

static struct served *
served_by_index(uint32_t ifindex)
{
	int	 i;

	for (i = 0; i < dm.nserved; i++)
		if (dm.served[i].ifindex == ifindex)
			return &dm.served[i];
	return NULL;
}

/* Send what the batch answered, once its leases are on disk. */
void
io_flush(void)
{
	struct sock6_tx	 tx = SOCK6_TX_INIT;
	int		 i;

	if (ldb_pending(&dm.srv.db) && ldb_commit(&dm.srv.db) == -1) {
		if (nq > 0)
			log_warnx("%d replies not sent: their leases could "
			    "not be written", nq);
		dm.srv.st.drop[D6SD_DB] += (uint64_t)nq;
		nq = 0;
		return;
	}
	for (i = 0; i < nq; i++) {
		tx.dst = &q[i].dst;
		tx.ifindex = IN6_IS_ADDR_LINKLOCAL(&q[i].dst.sin6_addr) ?
		    q[i].ifindex : 0;
		if (log_getverbose())
			log_debug("transmit %s to %s", d6_msg_name(
			    q[i].data[0]), inet_ntop(AF_INET6,
			    &q[i].dst.sin6_addr, (char[INET6_ADDRSTRLEN]){0},
			    INET6_ADDRSTRLEN));
		if (sock6_send(sock, q[i].data, q[i].len, &tx) == -1)
			log_warn("send to %s", inet_ntop(AF_INET6,
			    &q[i].dst.sin6_addr, (char[INET6_ADDRSTRLEN]){0},
			    INET6_ADDRSTRLEN));
	}
	nq = 0;
}

void
io_send(void *arg, const uint8_t *msg, size_t len,
    const struct sockaddr_in6 *to, uint32_t ifindex)
{
	struct sock6_tx	 tx = SOCK6_TX_INIT;
	char		 a[INET6_ADDRSTRLEN];

	(void)arg;
	if (sock == -1)
		return;
	tx.dst = to;
	tx.ifindex = IN6_IS_ADDR_LINKLOCAL(&to->sin6_addr) ? ifindex : 0;
	if (sock6_send(sock, msg, len, &tx) == -1)
		log_warn("send to %s", inet_ntop(AF_INET6, &to->sin6_addr, a,
		    sizeof(a)));
}

static void
io_read(struct ev_io *io, int fd, int revents, void *arg)
{
	struct sock6_rx	 rx;
	struct d6s_rx	 info;
	struct served	*sv;
	ssize_t		 n;
	size_t		 len;
	int		 i, to_relay;

	(void)io;
	(void)revents;
	(void)arg;
	for (i = 0; i < RX_BATCH; i++) {
		if ((n = sock6_recv(fd, rxbuf, sizeof(rxbuf), &rx)) == -1) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("recv");
			break;
		}
		if ((sv = served_by_index(rx.ifindex)) == NULL) {
			log_limited(&rl_iface, LOG_INFO, "unexpected "
			    "interface (%u)", rx.ifindex);
			dm.srv.st.drop[D6SD_IFACE]++;
			continue;
		}
		if (rx.truncated) {
			dm.srv.st.drop[D6SD_MALFORMED]++;
			continue;
		}
		memset(&info, 0, sizeof(info));
		info.src = &rx.src;
		info.multicast = IN6_IS_ADDR_MULTICAST(&rx.dst);
		info.ifc = sv->conf;
		info.ifname = sv->name;
		info.ifindex = rx.ifindex;
		info.now = time(NULL);
		d6s_handle(&dm.srv, rxbuf, (size_t)n, &info, q[nq].data,
		    sizeof(q[nq].data), &len, &to_relay);
		if (len == 0)
			continue;
		q[nq].dst = rx.src;
		/*
		 * To a relay: port 547 (RFC 8415 19.3).  To a client: the
		 * port it sent from, which is 546 for every client that
		 * follows RFC 8415 7.2 (test tools may use another).
		 */
		if (to_relay)
			q[nq].dst.sin6_port = htons(D6_PORT_SERVER);
		q[nq].ifindex = rx.ifindex;
		q[nq].len = len;
		nq++;
	}
	io_flush();
}

int
io_open(void)
{
	int		 i;

	if (q == NULL && (q = calloc(RX_BATCH, sizeof(*q))) == NULL)
		return -1;
	sock = sock6_udp(NULL, D6_PORT_SERVER, SOCK6_REUSEADDR |
	    SOCK6_PKTINFO);
	if (sock == -1) {
		log_warn("UDP port %d", D6_PORT_SERVER);
		return -1;
	}
	sock6_set_rcvbuf(sock, 4 << 20);
	for (i = 0; i < dm.nserved; i++)
		if (io_join(&dm.served[i]) == -1)
			return -1;
	if (ev_io_add(dm.loop, &sock_io, sock, EV_READ, io_read, NULL) ==
	    -1) {
		log_warn("event loop");
		return -1;
	}
	return 0;
}

int
io_join(struct served *sv)
{
	struct in6_addr	 agents, servers;

	inet_pton(AF_INET6, D6_ALL_AGENTS, &agents);
	inet_pton(AF_INET6, D6_ALL_SERVERS, &servers);
	if (sock6_join(sock, sv->ifindex, &agents) == -1 ||
	    sock6_join(sock, sv->ifindex, &servers) == -1) {
		log_warn("%s: cannot join the DHCPv6 groups", sv->name);
		return -1;
	}
	return 0;
}

void
io_close(void)
{
	io_flush();
	if (sock != -1) {
		ev_io_del(dm.loop, &sock_io);
		close(sock);
	}
	sock = -1;
	free(q);
	q = NULL;
}
