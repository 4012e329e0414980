/*
 * Fuzz bfdd's control protocol: an input is what one client writes on
 * the control socket (request lines, then end of input), served by
 * bfdd's own control and session code over a real UNIX socket.  Every
 * line the daemon writes back must be a reply ("NNN text" or "NNN-text")
 * without control characters; the session table must stay within max-sessions;
 * and after the client and every session are gone nothing may be left
 * (the sanitizers see leaks and stale pointers).  Sending is stubbed out:
 * no packet leaves, whatever sessions the input asks for.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bfdd.h"
#include "ev.h"
#include "fuzz.h"

#define CHECK(x)	do { if (!(x)) abort(); } while (0)

struct bfdd	*bd;
static struct bfdd	 daemon_state;
static char		 dir[64], sock_path[128], dump_path[128];

/* What io.c does on a real daemon: nothing is sent from a harness. */
int
bfdd_reload(void)
{
	return 0;
}

void
bfdd_session_freed(void)
{
}

void
io_drain(void)
{
}

uint16_t
io_port_alloc(void)
{
	return 49152;
}

void
io_port_free(uint16_t port)
{
}

void
io_send(struct bsession *bs, const struct bfd_pkt *pkt)
{
	uint8_t	 buf[BFD_PKTMAX];

	/* what would leave must at least encode */
	CHECK(bfd_encode(buf, sizeof(buf), pkt) >= BFD_HDRLEN);
}

void
io_sess_free(struct bsession *bs)
{
}

void
io_sess_path(struct bsession *bs)
{
}

/* Nothing left in /tmp once the run ends. */
static void
cleanup(void)
{
	unlink(sock_path);
	unlink(dump_path);
	rmdir(dir);
}

static void
setup(void)
{
	char	 text[512];
	int	 errors = 0;

	snprintf(dir, sizeof(dir), "/tmp/t6bfdctlfuzz.XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	atexit(cleanup);
	snprintf(sock_path, sizeof(sock_path), "%s/bfdd.sock", dir);
	snprintf(dump_path, sizeof(dump_path), "%s/bfdd.dump", dir);
	bd = &daemon_state;
	bd->sock_path = sock_path;
	CHECK((bd->loop = ev_loop_new()) != NULL);
	snprintf(text, sizeof(text),
	    "options { max-sessions 16; client-hold-time 1s;"
	    " accept ipv6 ipv4 direct multihop; dump-file \"%s\"; };\n"
	    "profile \"fast\" { interval 50ms; multiplier 3; };\n"
	    "interface \"lo\" { authentication keyed-sha1; key 1 \"k\"; };\n"
	    "multihop { min-ttl 250; };\n", dump_path);
	bd->conf = bfd_conf_load_string("fuzz.conf", text, strlen(text),
	    &errors);
	CHECK(bd->conf != NULL);
	sess_init();
}

/*
 * Reply lines: three digits, ' ' or '-', then text without control
 * characters (bytes from 0x80 may be in interface names).
 */
static void
check_output(const char *out, size_t len)
{
	size_t	 i, start = 0;

	/* BFDCTL_FUZZ_SHOW=1: what the daemon answered, to read a crash */
	if (getenv("BFDCTL_FUZZ_SHOW") != NULL)
		fwrite(out, 1, len, stderr);

	for (i = 0; i < len; i++) {
		if (out[i] != '\n') {
			CHECK((unsigned char)out[i] >= 0x20 &&
			    (unsigned char)out[i] != 0x7f);
			continue;
		}
		CHECK(i - start >= 4);
		CHECK(out[start] >= '1' && out[start] <= '6');
		CHECK(out[start + 1] >= '0' && out[start + 1] <= '9');
		CHECK(out[start + 2] >= '0' && out[start + 2] <= '9');
		CHECK(out[start + 3] == ' ' || out[start + 3] == '-');
		start = i + 1;
	}
	/* a reply always ends with its newline */
	CHECK(start == len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static char		 out[1 << 20];
	struct sockaddr_un	 sun;
	size_t			 olen = 0, off = 0;
	ssize_t			 n;
	int			 fd, i, closed = 0;

	if (bd == NULL)
		setup();
	control_open(bd->conf);
	CHECK((fd = socket(AF_UNIX, SOCK_STREAM, 0)) != -1);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, sock_path, sizeof(sun.sun_path));
	CHECK(connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0);
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == 0);
	/* the input, then end of input; served as it goes */
	if (len == 0)
		shutdown(fd, SHUT_WR);
	for (i = 0; i < 100000 && !closed; i++) {
		if (off < len) {
			/* a connection the daemon cut (line too long) */
			n = send(fd, data + off, len - off, MSG_NOSIGNAL);
			if (n == -1 && errno == EPIPE)
				off = len;
			if (n > 0 && (off += (size_t)n) == len)
				shutdown(fd, SHUT_WR);
		}
		ev_loop_once(bd->loop, 0);
		while ((n = read(fd, out + olen, sizeof(out) - olen)) > 0) {
			olen += (size_t)n;
			CHECK(olen < sizeof(out));
		}
		if (n == 0 || (n == -1 && errno == ECONNRESET))
			closed = 1;
		else
			CHECK(errno == EAGAIN || errno == EWOULDBLOCK);
	}
	/* the daemon closes a client whose input ended, once answered */
	CHECK(closed);
	check_output(out, olen);
	CHECK((unsigned)sess_count() <= bd->conf->max_sessions);
	close(fd);
	/* a daemon's exit, as finish() does it: nothing may be left */
	sess_free_all();
	control_close();
	CHECK(sess_count() == 0);
	return 0;
}
