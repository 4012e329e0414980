/*
 * The lease database: an append-only text file, one record a line,
 * written before the replies that depend on it are sent; replayed at
 * start (a torn last line is cut off), and rewritten with only the live
 * records when it has grown well past them.
 *
 *   # dhcp6s leases 1
 *   b <duid hex> na|pd <iaid> <updated> <addr>/<plen> <pltime> <vltime> ...
 *   r <duid hex> na|pd <iaid>
 *   d <addr> <until>
 *   a <duid hex> <rd hex>
 *   k <duid hex> <reconfigure key hex>
 *
 * Times are seconds of the wall clock; a "b" record replaces what the
 * binding held, an "r" record ends it, a "d" record declines an address,
 * an "a" record is the last replay-detection value taken from a client
 * that authenticated (delayed authentication), a "k" record the
 * reconfigure key given to a client (so the file is mode 0600).
 */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dhcp6s.h"
#include "log.h"

#define LDB_HEADER	"# dhcp6s leases 1\n"
#define LDB_LINE_MAX	(64 + 2 * D6_DUID_MAX + D6_MAX_IA_ITEMS * 80)

static int
reserve(struct d6s_leasedb *db, size_t more)
{
	char	*n;
	size_t	 cap;

	if (db->len + more <= db->cap)
		return 0;
	cap = db->cap ? db->cap : 4096;
	while (cap < db->len + more)
		cap *= 2;
	if ((n = realloc(db->buf, cap)) == NULL)
		return -1;
	db->buf = n;
	db->cap = cap;
	return 0;
}

static void
put(struct d6s_leasedb *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
put(struct d6s_leasedb *db, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (reserve(db, LDB_LINE_MAX) == -1) {
		db->failed = 1;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(db->buf + db->len, db->cap - db->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= db->cap - db->len) {
		db->failed = 1;
		return;
	}
	db->len += (size_t)n;
}

static void
put_binding(struct d6s_leasedb *db, const struct d6s_binding *b)
{
	char	 hex[2 * D6_DUID_MAX + 1], a[INET6_ADDRSTRLEN];
	int	 i;

	buf_hex(b->duid, b->duidlen, hex, sizeof(hex));
	if (b->nvals == 0) {
		put(db, "r %s %s %u\n", hex, b->type == D6O_IA_PD ? "pd" :
		    "na", b->iaid);
		return;
	}
	put(db, "b %s %s %u %lld", hex, b->type == D6O_IA_PD ? "pd" : "na",
	    b->iaid, (long long)b->updated);
	for (i = 0; i < b->nvals; i++)
		put(db, " %s/%u %u %u", inet_ntop(AF_INET6, &b->vals[i].addr,
		    a, sizeof(a)), b->vals[i].plen, b->vals[i].pltime,
		    b->vals[i].vltime);
	put(db, "\n");
}

void
ldb_binding(struct d6s_leasedb *db, const struct d6s_binding *b)
{
	if (db->fd == -1)
		return;
	put_binding(db, b);
	db->records++;
}

void
ldb_release(struct d6s_leasedb *db, const struct d6s_binding *b)
{
	char	 hex[2 * D6_DUID_MAX + 1];

	if (db->fd == -1)
		return;
	buf_hex(b->duid, b->duidlen, hex, sizeof(hex));
	put(db, "r %s %s %u\n", hex, b->type == D6O_IA_PD ? "pd" : "na",
	    b->iaid);
	db->records++;
}

void
ldb_decline(struct d6s_leasedb *db, const struct in6_addr *addr,
    time_t until)
{
	char	 a[INET6_ADDRSTRLEN];

	if (db->fd == -1)
		return;
	put(db, "d %s %lld\n", inet_ntop(AF_INET6, addr, a, sizeof(a)),
	    (long long)until);
	db->records++;
}

void
ldb_rd(struct d6s_leasedb *db, const uint8_t *duid, size_t len, uint64_t rd)
{
	char	 hex[2 * D6_DUID_MAX + 1];

	if (db->fd == -1)
		return;
	buf_hex(duid, len, hex, sizeof(hex));
	put(db, "a %s %016llx\n", hex, (unsigned long long)rd);
	db->records++;
}

static void
put_rkey(struct d6s_leasedb *db, const struct d6s_client *cl)
{
	char	 hex[2 * D6_DUID_MAX + 1], key[2 * D6_RKAP_LEN + 1];

	buf_hex(cl->duid, cl->duidlen, hex, sizeof(hex));
	buf_hex(cl->rkey, sizeof(cl->rkey), key, sizeof(key));
	put(db, "k %s %s\n", hex, key);
	db->records++;
}

void
ldb_rkey(struct d6s_leasedb *db, const struct d6s_client *cl)
{
	if (db->fd != -1)
		put_rkey(db, cl);
}

int
ldb_pending(const struct d6s_leasedb *db)
{
	return db->len > 0 || db->failed;
}

static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
ldb_commit(struct d6s_leasedb *db)
{
	int	 rc = 0;

	if (db->fd == -1)
		return 0;
	if (db->failed) {
		log_warnx("lease database: out of memory for a record");
		rc = -1;
	} else if (db->len > 0) {
		if (write_all(db->fd, db->buf, db->len) == -1) {
			log_warn("lease database %s: write", db->path);
			rc = -1;
		} else if (db->fsync && fdatasync(db->fd) == -1) {
			log_warn("lease database %s: fdatasync", db->path);
			rc = -1;
		} else {
			db->writes++;
			if (db->fsync)
				db->syncs++;
		}
	}
	db->len = 0;
	db->failed = 0;
	return rc;
}

/* ------------------------------------------------------------ replay */

static int
unhex(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t	 n = strlen(s), i;
	unsigned v;

	if (n == 0 || n % 2 != 0 || n / 2 > cap)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(s + 2 * i, "%2x", &v) != 1 ||
		    !isxdigit((unsigned char)s[2 * i]) ||
		    !isxdigit((unsigned char)s[2 * i + 1]))
			return -1;
		out[i] = (uint8_t)v;
	}
	*len = n / 2;
	return 0;
}

static int
parse_type(const char *s, uint16_t *type)
{
	if (strcmp(s, "na") == 0)
		*type = D6O_IA_NA;
	else if (strcmp(s, "pd") == 0)
		*type = D6O_IA_PD;
	else
		return -1;
	return 0;
}

/* One record; -1 if it does not parse (it is then skipped). */
static int
replay_line(struct d6s_leasedb *db, struct d6s_bindings *bs, char *line)
{
	char		*f[3 + 2 + 3 * D6_MAX_IA_ITEMS + 2], *p, *slash;
	int		 nf = 0, i;
	uint8_t		 duid[D6_DUID_MAX];
	size_t		 dlen;
	uint16_t	 type;
	unsigned long	 iaid;
	long long	 t;
	struct d6s_binding *b;
	struct d6s_value v;
	struct d6s_taken *tk;
	struct d6s_binding *o;
	char		*end;

	for (p = strtok(line, " "); p != NULL && nf < (int)(sizeof(f) /
	    sizeof(f[0])); p = strtok(NULL, " "))
		f[nf++] = p;
	if (nf == 0)
		return -1;
	if (strcmp(f[0], "d") == 0) {
		struct in6_addr	 a;

		if (nf != 3 || inet_pton(AF_INET6, f[1], &a) != 1)
			return -1;
		t = strtoll(f[2], &end, 10);
		if (*end != '\0')
			return -1;
		return bnd_decline(bs, &a, (time_t)t) == -1 ? -1 : 0;
	}
	if (strcmp(f[0], "a") == 0) {
		struct d6s_client *r;
		unsigned long long rd;

		if (nf != 3 || unhex(f[1], duid, sizeof(duid), &dlen) == -1)
			return -1;
		rd = strtoull(f[2], &end, 16);
		if (*end != '\0' || f[2][0] == '\0')
			return -1;
		if (db->cl != NULL &&
		    (r = d6s_client_find(db->cl, duid, dlen, 1)) != NULL) {
			r->rd = rd;
			r->has_rd = 1;
		}
		return 0;
	}
	if (strcmp(f[0], "k") == 0) {
		struct d6s_client *r;
		uint8_t		 key[D6_RKAP_LEN];
		size_t		 klen;

		if (nf != 3 || unhex(f[1], duid, sizeof(duid), &dlen) == -1 ||
		    unhex(f[2], key, sizeof(key), &klen) == -1 ||
		    klen != sizeof(key))
			return -1;
		if (db->cl != NULL &&
		    (r = d6s_client_find(db->cl, duid, dlen, 1)) != NULL) {
			memcpy(r->rkey, key, sizeof(key));
			r->has_rkey = 1;
		}
		explicit_bzero(key, sizeof(key));
		return 0;
	}
	if (nf < 4 || unhex(f[1], duid, sizeof(duid), &dlen) == -1 ||
	    parse_type(f[2], &type) == -1)
		return -1;
	iaid = strtoul(f[3], &end, 10);
	if (*end != '\0' || iaid > 0xffffffffUL)
		return -1;
	b = bnd_find(bs, duid, dlen, type, (uint32_t)iaid);
	if (strcmp(f[0], "r") == 0) {
		if (nf != 4)
			return -1;
		if (b != NULL)
			bnd_remove(bs, b);
		return 0;
	}
	if (strcmp(f[0], "b") != 0 || nf < 8 || (nf - 5) % 3 != 0)
		return -1;
	t = strtoll(f[4], &end, 10);
	if (*end != '\0')
		return -1;
	if (b == NULL && (b = bnd_add(bs, duid, dlen, type,
	    (uint32_t)iaid)) == NULL)
		return -1;
	while (b->nvals > 0)
		bnd_del_value(bs, b, b->nvals - 1);
	b->updated = (time_t)t;
	for (i = 5; i + 2 < nf; i += 3) {
		unsigned long	 plen, pl, vl;

		memset(&v, 0, sizeof(v));
		if ((slash = strchr(f[i], '/')) == NULL)
			goto bad;
		*slash = '\0';
		plen = strtoul(slash + 1, &end, 10);
		if (*end != '\0' || plen > 128 ||
		    inet_pton(AF_INET6, f[i], &v.addr) != 1)
			goto bad;
		pl = strtoul(f[i + 1], &end, 10);
		if (*end != '\0' || pl > 0xffffffffUL)
			goto bad;
		vl = strtoul(f[i + 2], &end, 10);
		if (*end != '\0' || vl > 0xffffffffUL)
			goto bad;
		v.plen = (uint8_t)plen;
		v.pltime = (uint32_t)pl;
		v.vltime = (uint32_t)vl;
		/* a value another binding holds: the later record wins */
		tk = bnd_taken(bs, &v.addr, v.plen, 0);
		if (tk != NULL && tk->b != NULL && tk->b != b) {
			o = tk->b;
			bnd_del_value(bs, o, bnd_value_index(o, &v.addr,
			    v.plen));
			if (o->nvals == 0)
				bnd_remove(bs, o);
		}
		if (bnd_add_value(bs, b, &v) == -1)
			goto bad;
	}
	return 0;
bad:
	if (b->nvals == 0)
		bnd_remove(bs, b);
	return -1;
}

static int
write_snapshot(int fd, struct d6s_bindings *bs, struct d6s_leasedb *db,
    time_t now)
{
	struct d6s_binding	*b;
	struct d6s_taken	*t;
	size_t			 i;
	int			 rc;

	db->len = 0;
	db->failed = 0;
	put(db, LDB_HEADER);
	db->records = 0;
	TAILQ_FOREACH(b, &bs->list, entry) {
		put_binding(db, b);
		db->records++;
		if (db->len > 65536) {
			if (write_all(fd, db->buf, db->len) == -1)
				return -1;
			db->len = 0;
		}
	}
	for (i = 0; i < bs->nth; i++)
		for (t = bs->th[i]; t != NULL; t = t->next)
			if (t->b == NULL && (now == 0 || t->until > now)) {
				char	 a[INET6_ADDRSTRLEN];

				put(db, "d %s %lld\n", inet_ntop(AF_INET6,
				    &t->addr, a, sizeof(a)),
				    (long long)t->until);
				db->records++;
			}
	if (db->cl != NULL) {
		const struct d6s_client	*r;
		char			 hex[2 * D6_DUID_MAX + 1];

		for (r = db->cl->list; r != NULL; r = r->next) {
			if (r->has_rd) {
				buf_hex(r->duid, r->duidlen, hex, sizeof(hex));
				put(db, "a %s %016llx\n", hex,
				    (unsigned long long)r->rd);
				db->records++;
			}
			if (r->has_rkey)
				put_rkey(db, r);
		}
	}
	rc = db->failed ? -1 : write_all(fd, db->buf, db->len);
	db->len = 0;
	db->failed = 0;
	return rc;
}

static int
sync_dir(const char *path)
{
	char	*copy, *dir;
	int	 fd, rc = 0;

	if ((copy = strdup(path)) == NULL)
		return -1;
	dir = dirname(copy);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		rc = -1;
	else {
		if (fsync(fd) == -1)
			rc = -1;
		close(fd);
	}
	free(copy);
	return rc;
}

/*
 * Write every live record to a new file and rename it over the old one;
 * the old file stays whole until the rename, so a crash at any point
 * leaves one or the other.
 */
int
ldb_compact(struct d6s_leasedb *db, struct d6s_bindings *bs)
{
	char	*tmp;
	int	 fd, nfd;

	if (db->fd != -1 && ldb_commit(db) == -1)
		return -1;
	if (asprintf(&tmp, "%s.tmp", db->path) == -1)
		return -1;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) ==
	    -1) {
		log_warn("lease database %s", tmp);
		free(tmp);
		return -1;
	}
	if (write_snapshot(fd, bs, db, time(NULL)) == -1 || fsync(fd) == -1 ||
	    rename(tmp, db->path) == -1) {
		log_warn("lease database %s: rewrite", db->path);
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	if (sync_dir(db->path) == -1)
		log_warn("lease database %s: fsync of its directory",
		    db->path);
	close(fd);
	if ((nfd = open(db->path, O_WRONLY | O_APPEND | O_CLOEXEC)) == -1) {
		log_warn("lease database %s", db->path);
		return -1;
	}
	if (db->fd != -1)
		close(db->fd);
	db->fd = nfd;
	db->live = db->records;
	db->compactions++;
	return 0;
}

int
ldb_want_compact(const struct d6s_leasedb *db, size_t live)
{
	return db->records > 2 * live + 10000;
}

int
ldb_open(struct d6s_leasedb *db, const char *path, int fsync_each,
    struct d6s_bindings *bs, struct d6s_clients *cl, time_t now)
{
	FILE			*f;
	char			*line = NULL;
	size_t			 cap = 0, lineno = 0;
	ssize_t			 n;
	off_t			 good = 0;
	struct d6s_binding	*b, *next;
	int			 fd;

	memset(db, 0, sizeof(*db));
	db->fd = -1;
	db->cl = cl;
	db->fsync = fsync_each;
	if ((db->path = strdup(path)) == NULL)
		return -1;
	if ((f = fopen(path, "re")) == NULL && errno != ENOENT) {
		log_warn("lease database %s", path);
		return -1;
	}
	while (f != NULL && (n = getline(&line, &cap, f)) != -1) {
		lineno++;
		if (n == 0 || line[n - 1] != '\n') {
			log_warnx("lease database %s: line %zu is torn (a "
			    "write cut short); it is dropped", path, lineno);
			db->skipped++;
			break;
		}
		good += n;
		line[n - 1] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (strlen(line) != (size_t)n - 1 ||
		    replay_line(db, bs, line) == -1) {
			log_warnx("lease database %s: line %zu does not "
			    "parse; skipped", path, lineno);
			db->skipped++;
		}
	}
	free(line);
	if (f != NULL)
		fclose(f);
	/* what ran out while we were down */
	for (b = TAILQ_FIRST(&bs->list); b != NULL; b = next) {
		next = TAILQ_NEXT(b, entry);
		if (bnd_expire_values(bs, b, now))
			bnd_remove(bs, b);
	}
	(void)good;
	/* start from a compact file: the torn tail goes with the rewrite */
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) == -1) {
		log_warn("lease database %s", path);
		return -1;
	}
	db->fd = fd;
	if (ldb_compact(db, bs) == -1)
		return -1;
	return 0;
}

void
ldb_close(struct d6s_leasedb *db)
{
	if (db->fd != -1) {
		ldb_commit(db);
		close(db->fd);
	}
	db->fd = -1;
	free(db->buf);
	free(db->path);
	db->buf = NULL;
	db->path = NULL;
}
