// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The cost of open()+close() of a regular file, the path every process on the
 * host takes and file_write's sys_exit_openat program sits on.
 *
 *   open_loop [-w] [-n ITERS] [-b BATCHES] FILE
 *
 * -w opens O_WRONLY (the program then also reads the superblock), else
 * O_RDONLY. Prints "open_loop MODE MEDIAN_NS_PER_OP" over BATCHES batches of
 * ITERS open+close pairs; the median keeps one preempted batch from counting.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define MAX_BATCHES 101

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	double per_op[MAX_BATCHES];
	long iters = 100000, batches = 11;
	int flags = O_RDONLY, opt;

	while ((opt = getopt(argc, argv, "wn:b:")) != -1) {
		switch (opt) {
		case 'w':
			flags = O_WRONLY;
			break;
		case 'n':
			iters = strtol(optarg, NULL, 10);
			break;
		case 'b':
			batches = strtol(optarg, NULL, 10);
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1 || iters <= 0 || batches <= 0 || batches > MAX_BATCHES)
		goto usage;
	for (long b = 0; b < batches; b++) {
		double t0 = now_ns();

		for (long i = 0; i < iters; i++) {
			int fd = open(argv[optind], flags);

			if (fd < 0) {
				perror(argv[optind]);
				return 1;
			}
			close(fd);
		}
		per_op[b] = (now_ns() - t0) / iters;
	}
	qsort(per_op, batches, sizeof(per_op[0]), cmp_double);
	printf("open_loop %s %.1f\n", flags == O_WRONLY ? "write" : "read", per_op[batches / 2]);
	return 0;
usage:
	fprintf(stderr, "usage: open_loop [-w] [-n ITERS] [-b BATCHES (<= %d)] FILE\n",
		MAX_BATCHES);
	return 2;
}
