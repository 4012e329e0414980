/*
 * dhcp6c's read-only status socket (-s, UNIX, common/ctl): "show
 * leases" lists what each interface holds, "show counters" what each
 * sent and dropped.  dhcp6ctl -C status reads it, as a table or JSON.
 */
#include <arpa/inet.h>
#include <string.h>

#include "ctl.h"
#include "dhcp6cd.h"
#include "log.h"

static struct ctl_server *srv;

/* "200-<if> <state> NA|PD <iaid> <addr>/<plen> <pl> <vl> <left> <server>" */
static void
show_leases(struct ctl_conn *c)
{
	const struct c6_if	*ci;
	char			 a[INET6_ADDRSTRLEN], d[3 * D6_DUID_MAX];
	uint64_t		 now = now_ms();
	unsigned		 n = 0;
	int			 i, j;

	TAILQ_FOREACH(ci, &g.ifs, entry) {
		const struct c6_binding *b = &ci->cl.b;

		d6_duid_str(b->server.data, b->server.len, d, sizeof(d));
		for (i = 0; i < b->nia; i++)
			for (j = 0; j < b->ia[i].nleases; j++) {
				const struct c6_lease *l = &b->ia[i].leases[j];
				uint32_t left = c6_remaining(l->vl, l->start,
				    now);

				ctl_printf(c, "200-%s %s %s %u %s/%u %u %u "
				    "%lld %s\n", ci->conf->ifname,
				    c6_state_name(ci->cl.state),
				    b->ia[i].type == D6O_IA_PD ? "PD" : "NA",
				    b->ia[i].iaid, inet_ntop(AF_INET6,
				    &l->addr, a, sizeof(a)), l->plen, l->pl,
				    l->vl, left == D6_INFINITY ? -1LL :
				    (long long)left, b->server.len > 0 ? d :
				    "-");
				n++;
			}
	}
	ctl_printf(c, "200 %u leases\n", n);
}

static void
show_counters(struct ctl_conn *c)
{
	const struct c6_if	*ci;
	int			 i;

	TAILQ_FOREACH(ci, &g.ifs, entry) {
		const char *ifn = ci->conf->ifname;

		for (i = 1; i <= D6_RELAY_REPL; i++)
			if (ci->cl.sent[i] > 0)
				ctl_printf(c, "200-%s.sent-%s %llu\n", ifn,
				    d6_msg_name(i),
				    (unsigned long long)ci->cl.sent[i]);
		for (i = 0; i < C6D_NDROPS; i++)
			ctl_printf(c, "200-%s.dropped-%s %llu\n", ifn,
			    c6_drop_name(i),
			    (unsigned long long)ci->cl.drops[i]);
		ctl_printf(c, "200-%s.reconfigures %llu\n", ifn,
		    (unsigned long long)ci->cl.reconfs);
	}
	ctl_printf(c, "200 dropped-other-interface %llu\n",
	    (unsigned long long)g.drops_if);
}

static void
status_line(struct ctl_conn *c, char *line, void *arg)
{
	(void)arg;
	if (strcmp(line, "show leases") == 0)
		show_leases(c);
	else if (strcmp(line, "show counters") == 0)
		show_counters(c);
	else
		ctl_printf(c, "500 unknown command (show leases, show "
		    "counters)\n");
}

static const struct ctl_ops status_ops = {
	.line = status_line,
	.toolong_reply = "500 line too long\n",
};

void
status_open(const char *path)
{
	srv = ctl_server_open_daemon(g.loop, "status socket", path, 0660,
	    (gid_t)-1, &status_ops, NULL, NULL);
}

void
status_close(void)
{
	if (srv != NULL)
		ctl_server_close(srv);
	srv = NULL;
}
