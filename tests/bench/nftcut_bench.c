/*
 * A cut at a known instant, for tests/bench/bfdd.sh: run in a
 * namespace, it applies one nftables transaction (the rules that drop
 * BFD both ways) through libnftables in this process, and prints the
 * wall-clock time (CLOCK_REALTIME, the clock the daemons' logs use) just
 * before and just after the commit, in microseconds:
 *
 *	nftcut_bench 'nft commands'	->	"cut BEFORE AFTER"
 *
 * The nft program cannot do this from a shell: starting a process here
 * takes about 10 ms, a third of the detection time being measured.
 * libnftables is loaded with dlopen (Debian ships no header for it
 * without libnftables-dev); its context is made and warmed up (a
 * listing fills its cache) before the clock is read, so the bracket
 * holds only the parse and the netlink transaction.
 */
#include <dlfcn.h>
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The three calls of libnftables(3) used here. */
struct nft_ctx;
typedef struct nft_ctx *(*ctx_new_fn)(uint32_t);
typedef int (*run_fn)(struct nft_ctx *, const char *);
typedef int (*buffer_fn)(struct nft_ctx *);

static uint64_t
real_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000ULL +
	    (uint64_t)ts.tv_nsec / 1000;
}

int
main(int argc, char *argv[])
{
	void		*lib;
	ctx_new_fn	 ctx_new;
	run_fn		 run;
	buffer_fn	 quiet;
	struct nft_ctx	*ctx;
	uint64_t	 t0, t1;
	int		 rc;

	if (argc != 2) {
		fprintf(stderr, "usage: nftcut_bench 'nft commands'\n");
		return 2;
	}
	if ((lib = dlopen("libnftables.so.1", RTLD_NOW)) == NULL)
		errx(1, "%s", dlerror());
	ctx_new = (ctx_new_fn)dlsym(lib, "nft_ctx_new");
	run = (run_fn)dlsym(lib, "nft_run_cmd_from_buffer");
	quiet = (buffer_fn)dlsym(lib, "nft_ctx_buffer_output");
	if (ctx_new == NULL || run == NULL || quiet == NULL)
		errx(1, "libnftables.so.1 lacks the functions needed");
	if ((ctx = ctx_new(0)) == NULL)
		errx(1, "nft_ctx_new");
	/* the listing goes to a buffer, not to our output */
	quiet(ctx);
	if (run(ctx, "list tables") != 0)
		errx(1, "nft: list tables failed");
	t0 = real_us();
	rc = run(ctx, argv[1]);
	t1 = real_us();
	if (rc != 0)
		errx(1, "nft: the commands failed: %s", argv[1]);
	printf("cut %llu %llu\n", (unsigned long long)t0,
	    (unsigned long long)t1);
	return 0;
}
