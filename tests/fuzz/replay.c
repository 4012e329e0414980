/*
 * A main() for a libFuzzer harness without libFuzzer: feed it every file
 * named on the command line, or found in a directory named there, so the
 * seed corpus runs as a regression test under gcc or clang sanitizers.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

/* Optional in a harness, as in libFuzzer. */
int	 LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

/*
 * Run one file.  The buffer is exactly as long as the file, so ASan sees
 * a harness that reads one byte too far.
 */
static int
run_file(const char *path)
{
	struct stat	 st;
	uint8_t		*data;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if ((data = malloc(st.st_size > 0 ? (size_t)st.st_size : 1)) ==
	    NULL) {
		fprintf(stderr, "replay: %s: out of memory\n", path);
		close(fd);
		return -1;
	}
	while (off < (size_t)st.st_size) {
		n = read(fd, data + off, (size_t)st.st_size - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "replay: %s: %s\n", path,
			    n == 0 ? "short read" : strerror(errno));
			free(data);
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	close(fd);
	LLVMFuzzerTestOneInput(data, off);
	free(data);
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Run every regular file of a directory, in name order so that a
 * failure is reproducible.  Returns the count, or -1.
 */
static int
run_dir(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		**names = NULL, **p, path[4096];
	size_t		 n = 0, cap = 0, i;
	int		 count = 0;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((p = reallocarray(names, cap, sizeof(*p))) ==
			    NULL)
				goto nomem;
			names = p;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto nomem;
		n++;
	}
	closedir(d);
	d = NULL;
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n && count != -1; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    names[i]) >= sizeof(path)) {
			fprintf(stderr, "replay: %s/%s: name too long\n", dir,
			    names[i]);
			count = -1;
		} else if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
			continue;
		else if (run_file(path) == -1)
			count = -1;
		else
			count++;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return count;
 nomem:
	fprintf(stderr, "replay: %s: out of memory\n", dir);
	if (d != NULL)
		closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return -1;
}

int
main(int argc, char *argv[])
{
	struct stat	 st;
	int		 i, n, total = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s dir|file ...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1) {
			fprintf(stderr, "replay: %s: %s\n", argv[i],
			    strerror(errno));
			return 1;
		}
		if (S_ISDIR(st.st_mode)) {
			if ((n = run_dir(argv[i])) == -1)
				return 1;
			/* an empty corpus would pass without testing a thing */
			if (n == 0) {
				fprintf(stderr, "replay: %s: no inputs\n",
				    argv[i]);
				return 1;
			}
		} else if (run_file(argv[i]) == -1)
			return 1;
		else
			n = 1;
		total += n;
	}
	printf("replay: ran %d inputs\n", total);
	return 0;
}
