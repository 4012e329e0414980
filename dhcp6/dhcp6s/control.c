/*
 * dhcp6s's control: WIDE's authenticated TCP channel for dhcp6ctl
 * (reload, remove a binding, stop), open only when a key was loaded, on
 * [::1] by default; and a read-only status socket (UNIX, common/ctl)
 * that answers "show bindings" and "show counters".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "ctl.h"
#include "dhcp6s.h"
#include "dhcp6s_main.h"
#include "log.h"

static struct d6ctl_server *tcp;
static struct ctl_server *status_srv;
static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 20);

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* REMOVE: binding, IA, {flags, type, IAID, DUID length}, DUID */
static void
do_remove(const struct d6ctl_msg *m)
{
	const uint8_t	*d = m->data;
	uint32_t	 type, iaid, dlen;
	char		 s[3 * D6_DUID_MAX];

	if (m->datalen < 8 || get32(d) != D6CTL_BINDING) {
		log_limited(&rl, LOG_INFO, "unknown remove target");
		return;
	}
	if (get32(d + 4) != D6CTL_BINDING_IA || m->datalen < 24) {
		log_limited(&rl, LOG_INFO, "unknown binding type");
		return;
	}
	type = get32(d + 12);
	iaid = get32(d + 16);
	dlen = get32(d + 20);
	if (type != D6CTL_IA_PD && type != D6CTL_IA_NA) {
		log_limited(&rl, LOG_INFO, "unknown IA type");
		return;
	}
	if (dlen == 0 || dlen > D6_DUID_MAX || m->datalen != 24 + dlen) {
		log_limited(&rl, LOG_INFO, "DUID length mismatch");
		return;
	}
	/* WIDE looked for an IA_PD binding first, then an IA_NA one */
	if (d6s_remove_binding(&dm.srv, d + 24, dlen, D6O_IA_PD, iaid) ==
	    -1 && d6s_remove_binding(&dm.srv, d + 24, dlen, D6O_IA_NA,
	    iaid) == -1) {
		log_info("no such binding: %s iaid %u", d6_duid_str(d + 24,
		    dlen, s, sizeof(s)), iaid);
		return;
	}
	io_flush();
}

/* RECONFIGURE (ours): {message type, DUID length}, DUID */
static void
do_reconfigure(const struct d6ctl_msg *m)
{
	const uint8_t	*d = m->data;
	uint32_t	 type, dlen;
	const char	*why;
	char		 s[3 * D6_DUID_MAX];
	int		 n;

	if (m->datalen < 8) {
		log_limited(&rl, LOG_INFO, "reconfigure: command too short");
		return;
	}
	type = get32(d);
	dlen = get32(d + 4);
	if (dlen > D6_DUID_MAX || m->datalen != 8 + dlen ||
	    type > 255) {
		log_limited(&rl, LOG_INFO, "reconfigure: DUID length "
		    "mismatch");
		return;
	}
	if (dlen == 0) {
		n = d6s_reconfigure_all(&dm.srv, (uint8_t)type);
		log_info("reconfigure (%s) sent to %d client(s)",
		    d6_msg_name((int)type), n);
		return;
	}
	if (d6s_reconfigure(&dm.srv, d + 8, dlen, (uint8_t)type, &why) == -1)
		log_info("cannot reconfigure %s: %s", d6_duid_str(d + 8, dlen,
		    s, sizeof(s)), why);
}

static void
execute(const struct d6ctl_msg *m, void *arg)
{
	(void)arg;
	switch (m->command) {
	case D6CTL_RELOAD:
		if (m->datalen != 0) {
			log_info("invalid command length for reload: %zu",
			    m->datalen);
			return;
		}
		dhcp6s_reload();
		break;
	case D6CTL_REMOVE:
		do_remove(m);
		break;
	case D6CTL_RECONFIGURE:
		do_reconfigure(m);
		break;
	case D6CTL_STOP:
		log_info("stop requested by dhcp6ctl");
		dhcp6s_exit();
		break;
	default:
		log_info("unknown control command: %u (len=%zu)", m->command,
		    m->datalen);
		return;
	}
}

/* The TCP channel: only with a key.  0, or -1 (the server goes on). */
int
control_tcp_open(const char *keyfile, const char *addr, uint16_t port)
{
	tcp = d6ctl_server_open(dm.loop, keyfile, addr, port, execute, NULL);
	return tcp != NULL ? 0 : -1;
}

/* ------------------------------------------------- status socket */

static void
show_bindings(struct ctl_conn *c)
{
	const struct d6s_binding *b;
	char			 d[3 * D6_DUID_MAX], a[INET6_ADDRSTRLEN];
	time_t			 now = time(NULL);
	long long		 left;
	int			 i;

	TAILQ_FOREACH(b, &dm.srv.b.list, entry)
		for (i = 0; i < b->nvals; i++) {
			left = b->vals[i].vltime == D6_INFINITY ? -1 :
			    (long long)b->updated + b->vals[i].vltime - now;
			if (left < -1)
				left = 0;
			ctl_printf(c, "200-%s %s %u %s/%u %u %u %lld\n",
			    d6_duid_str(b->duid, b->duidlen, d, sizeof(d)),
			    b->type == D6O_IA_PD ? "PD" : "NA", b->iaid,
			    inet_ntop(AF_INET6, &b->vals[i].addr, a,
			    sizeof(a)), b->vals[i].plen, b->vals[i].pltime,
			    b->vals[i].vltime, left);
		}
	ctl_printf(c, "200 %zu bindings\n", dm.srv.b.count);
}

static void
show_counters(struct ctl_conn *c)
{
	const struct d6s_stats	*st = &dm.srv.st;
	uint64_t		 done, refused;
	int			 i;
	const struct {
		const char	*name;
		uint64_t	 v;
	} named[] = {
		{ "bindings", dm.srv.b.count },
		{ "declined", dm.srv.b.ndeclined },
		{ "bindings-added", st->bindings_added },
		{ "bindings-expired", st->bindings_expired },
		{ "bindings-released", st->bindings_released },
		{ "reloads", st->reloads },
		{ "reconfigure-keys", st->rkeys },
		{ "reconfigure-sent", st->reconf_sent },
		{ "reconfigure-retransmitted", st->reconf_retx },
		{ "reconfigure-answered", st->reconf_done },
		{ "reconfigure-given-up", st->reconf_gaveup },
	};

	ctl_printf(c, "200-received %llu\n", (unsigned long long)st->rx);
	ctl_printf(c, "200-sent %llu\n", (unsigned long long)st->tx);
	for (i = 1; i < D6SD_N; i++)
		ctl_printf(c, "200-dropped-%s %llu\n", d6s_drop_name(i),
		    (unsigned long long)st->drop[i]);
	for (i = 0; i < (int)(sizeof(named) / sizeof(named[0])); i++)
		ctl_printf(c, "200-%s %llu\n", named[i].name,
		    (unsigned long long)named[i].v);
	d6ctl_server_counts(tcp, &done, &refused);
	ctl_printf(c, "200-control-done %llu\n", (unsigned long long)done);
	ctl_printf(c, "200 control-refused %llu\n",
	    (unsigned long long)refused);
}

static void
status_line(struct ctl_conn *c, char *line, void *arg)
{
	(void)arg;
	if (strcmp(line, "show bindings") == 0)
		show_bindings(c);
	else if (strcmp(line, "show counters") == 0)
		show_counters(c);
	else
		ctl_printf(c, "500 unknown command (show bindings, show "
		    "counters)\n");
}

static const struct ctl_ops status_ops = {
	.line = status_line,
	.toolong_reply = "500 line too long\n",
};

void
control_status_open(const char *path)
{
	status_srv = ctl_server_open_daemon(dm.loop, "status socket", path,
	    0660, (gid_t)-1, &status_ops, NULL, NULL);
}

void
control_close(void)
{
	d6ctl_server_close(tcp);
	tcp = NULL;
	if (status_srv != NULL)
		ctl_server_close(status_srv);
	status_srv = NULL;
}
