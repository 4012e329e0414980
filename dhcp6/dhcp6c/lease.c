/*
 * The lease file: what each interface holds, in text, so that a restart
 * Confirms or Rebinds instead of starting over.  Lease start times are
 * wall-clock seconds here (the monotonic clock does not survive a
 * restart).  Written whole to a temporary file renamed over the old one,
 * mode 0600: it holds the server's last replay-detection value and the
 * reconfigure key it gave us.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dhcp6c.h"

int
c6_lease_write(const char *path, const struct c6_saved *s, int n)
{
	char		 tmp[4096], a[INET6_ADDRSTRLEN], d[3 * D6_DUID_MAX];
	FILE		*f;
	int		 i, j, k, fd;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >=
	    sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkstemp(tmp)) == -1)
		return -1;
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	fprintf(f, "# dhcp6c leases: do not edit while dhcp6c runs\n");
	for (i = 0; i < n; i++) {
		const struct c6_binding *b = &s[i].b;

		fprintf(f, "interface %s\n", s[i].ifname);
		fprintf(f, "server %s\n", d6_duid_str(b->server.data,
		    b->server.len, d, sizeof(d)));
		fprintf(f, "obtained %lld\n", s[i].obtained);
		if (s[i].rd_seen)
			fprintf(f, "rd %016llx\n",
			    (unsigned long long)s[i].rd_in);
		if (s[i].has_rkey) {
			fprintf(f, "reconfigure-key ");
			for (j = 0; j < D6_RKAP_LEN; j++)
				fprintf(f, "%02x", s[i].rkey[j]);
			fprintf(f, "\n");
		}
		for (j = 0; j < b->nia; j++) {
			const struct c6_ia *ia = &b->ia[j];

			if (ia->nleases == 0)
				continue;
			fprintf(f, "ia %s %u %u %u\n", ia->type == D6O_IA_NA ?
			    "na" : "pd", ia->iaid, ia->t1, ia->t2);
			for (k = 0; k < ia->nleases; k++)
				fprintf(f, "lease %s %u %u %u %llu\n",
				    inet_ntop(AF_INET6, &ia->leases[k].addr,
				    a, sizeof(a)), ia->leases[k].plen,
				    ia->leases[k].pl, ia->leases[k].vl,
				    (unsigned long long)ia->leases[k].start);
		}
		fprintf(f, "end\n");
	}
	if (fflush(f) != 0 || fsync(fd) != 0) {
		fclose(f);
		unlink(tmp);
		return -1;
	}
	if (fclose(f) != 0 || rename(tmp, path) == -1) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int
unhex_key(const char *s, uint8_t *out)
{
	unsigned	 v;
	int		 i;

	if (strlen(s) != 2 * D6_RKAP_LEN)
		return -1;
	for (i = 0; i < D6_RKAP_LEN; i++) {
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return 0;
}

int
c6_lease_read(const char *path, struct c6_saved *s, int max)
{
	FILE			*f;
	char			 line[512], w1[64], w2[256];
	struct c6_saved		*cur = NULL;
	struct c6_ia		*ia = NULL;
	int			 n = 0, plen;
	unsigned		 iaid, t1, t2, pl, vl;
	unsigned long long	 start, rd;
	long long		 ob;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "interface %15s", w1) == 1) {
			if (n >= max)
				break;
			cur = &s[n++];
			memset(cur, 0, sizeof(*cur));
			strlcpy(cur->ifname, w1, sizeof(cur->ifname));
			ia = NULL;
		} else if (cur == NULL) {
			continue;
		} else if (sscanf(line, "server %255s", w2) == 1) {
			if (d6_duid_parse(&cur->b.server, w2) == -1)
				cur->b.server.len = 0;
		} else if (sscanf(line, "obtained %lld", &ob) == 1) {
			cur->obtained = ob;
		} else if (sscanf(line, "rd %llx", &rd) == 1) {
			cur->rd_in = rd;
			cur->rd_seen = 1;
		} else if (sscanf(line, "reconfigure-key %63s", w1) == 1) {
			cur->has_rkey = unhex_key(w1, cur->rkey) == 0;
		} else if (sscanf(line, "ia %3s %u %u %u", w1, &iaid, &t1,
		    &t2) == 4) {
			if (cur->b.nia >= C6_MAX_IA ||
			    (strcmp(w1, "na") != 0 && strcmp(w1, "pd") != 0)) {
				ia = NULL;
				continue;
			}
			ia = &cur->b.ia[cur->b.nia++];
			ia->type = strcmp(w1, "na") == 0 ? D6O_IA_NA :
			    D6O_IA_PD;
			ia->iaid = iaid;
			ia->t1 = t1;
			ia->t2 = t2;
		} else if (ia != NULL && sscanf(line, "lease %63s %d %u %u "
		    "%llu", w1, &plen, &pl, &vl, &start) == 5) {
			struct c6_lease	*l;

			if (ia->nleases >= D6_MAX_IA_ITEMS || plen < 0 ||
			    plen > 128)
				continue;
			l = &ia->leases[ia->nleases];
			memset(l, 0, sizeof(*l));
			if (inet_pton(AF_INET6, w1, &l->addr) != 1)
				continue;
			l->plen = plen;
			l->pl = pl;
			l->vl = vl;
			l->start = start;
			ia->nleases++;
		}
	}
	fclose(f);
	return n;
}
