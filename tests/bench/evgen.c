// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Event generator for the throughput part of `make bench`: THREADS threads
 * each make a no-op setresuid(-1, -1, -1) (one setuid event per call) at
 * RATE/THREADS calls per second, or as fast as they can with RATE 0, for
 * SECONDS. Prints "generated N seconds S rate R": N is exact, the number the
 * collector's emitted + lost counters must add up to.
 *
 *   evgen THREADS RATE SECONDS
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 16
#define CHUNK 16 /* calls between clock reads */

static double rate_per_thread;
static double seconds;
static _Atomic long total;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *generate(void *arg)
{
	double start = now_s(), t;
	long done = 0;

	(void)arg;
	while ((t = now_s() - start) < seconds) {
		long due = rate_per_thread > 0 ? (long)(t * rate_per_thread) + 1 : done + CHUNK;

		if (done >= due) {
			/* Ahead of schedule: sleep about one chunk's worth. */
			struct timespec ts = { 0, (long)(CHUNK * 1e9 / rate_per_thread) };

			if (ts.tv_nsec > 1000000)
				ts.tv_nsec = 1000000;
			nanosleep(&ts, NULL);
			continue;
		}
		for (long k = 0; k < CHUNK && done < due; k++, done++)
			syscall(SYS_setresuid, -1, -1, -1);
	}
	atomic_fetch_add(&total, done);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t th[MAX_THREADS];
	int threads;
	double start, elapsed;

	if (argc != 4 || (threads = atoi(argv[1])) < 1 || threads > MAX_THREADS) {
		fprintf(stderr, "usage: evgen THREADS(1..%d) RATE SECONDS\n", MAX_THREADS);
		return 2;
	}
	rate_per_thread = atof(argv[2]) / threads;
	seconds = atof(argv[3]);
	start = now_s();
	for (int i = 0; i < threads; i++)
		if (pthread_create(&th[i], NULL, generate, NULL)) {
			perror("pthread_create");
			return 1;
		}
	for (int i = 0; i < threads; i++)
		pthread_join(th[i], NULL);
	elapsed = now_s() - start;
	printf("generated %ld seconds %.3f rate %.0f\n", atomic_load(&total), elapsed,
	       atomic_load(&total) / elapsed);
	return 0;
}
