// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * metrics_driver: the metrics module and HTTP server without BPF, for
 * tests/integration/test_metrics.sh. A "consumer" thread counts synthetic
 * events at a steady rate exactly as the collector's consumer would, so the
 * HTTP side can be abused while the hot path runs and the test can check
 * that the counters keep growing. It is not the collector: the collector's
 * own /metrics is tested by the same script against build/ctrwatch.
 *
 *	metrics_driver ADDR [ATTACH_DELAY_MS]
 *
 * Prints "ready" on stderr once serving; SIGTERM/SIGINT stop it (exit 0).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http_server.h"
#include "metrics.h"
#include "sink.h"

static volatile sig_atomic_t stop;
static _Atomic uint64_t emitted[CTW_EVENT_TYPE_MAX];

static void on_signal(int sig)
{
	stop = 1;
}

static int driver_counters(void *ctx, struct ctw_counters *out)
{
	memset(out, 0, sizeof(*out));
	for (int t = 0; t < CTW_EVENT_TYPE_MAX; t++)
		out->by_type[t].emitted = atomic_load(&emitted[t]);
	return 0;
}

static int driver_ringbuf(void *ctx, uint64_t *in_use, uint64_t *size)
{
	*in_use = 0;
	*size = 16u << 20;
	return 0;
}

struct consumer {
	struct metrics *m;
	struct sink *sink;
};

static void *consume(void *arg)
{
	struct consumer *c = arg;
	struct timespec tick = { .tv_nsec = 1000000 };
	struct classification escape = {
		.severity = SEVERITY_CRITICAL,
		.flags = FLAG_CONTAINER_ESCAPE,
		.n_detections = 1,
		.detections = { "CTW-002" },
	};
	struct classification gain = {
		.severity = SEVERITY_WARNING,
		.flags = FLAG_PRIVILEGE_GAIN,
		.n_detections = 1,
		.detections = { "CTW-020" },
	};
	struct metrics_cgcache_stats cg = { 0 };
	uint64_t n = 0;

	metrics__set_consumer_running(c->m, true);
	while (!stop) {
		unsigned int type = n % 3 == 0 ? CTW_EVENT_MOUNT : n % 3 == 1 ? CTW_EVENT_UNSHARE :
								    CTW_EVENT_SETUID;

		atomic_fetch_add(&emitted[type], 1);
		metrics__count_event(c->m, type, type == CTW_EVENT_MOUNT ? &escape :
						 type == CTW_EVENT_UNSHARE ? &gain : NULL);
		atomic_fetch_add(&c->sink->delivered, 1);
		cg.hits++;
		cg.entries = 5;
		metrics__set_cgcache_stats(c->m, &cg);
		metrics__set_containers_known(c->m, 1);
		n++;
		nanosleep(&tick, NULL);
	}
	metrics__set_consumer_running(c->m, false);
	return NULL;
}

int main(int argc, char **argv)
{
	struct metrics_provider prov = { .bpf_counters = driver_counters, .ringbuf = driver_ringbuf };
	static const char *const progs[][2] = {
		{ "handle_sys_exit_mount", METRICS_MECH_TRACEPOINT },
		{ "handle_raw_sys_exit", METRICS_MECH_RAW_SYSCALLS },
		{ "handle_sched_process_exec", METRICS_MECH_TP_BTF },
	};
	struct sigaction sa = { .sa_handler = on_signal };
	struct sink sink = { .name = "stdout" };
	struct http_server *srv;
	struct consumer c;
	struct metrics *m;
	pthread_t thread;
	long delay_ms = argc > 2 ? atol(argv[2]) : 0;

	if (argc < 2) {
		fprintf(stderr, "usage: metrics_driver ADDR [ATTACH_DELAY_MS]\n");
		return 2;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	m = metrics__new();
	if (!m)
		return 1;
	metrics__set_provider(m, &prov);
	metrics__add_sink(m, &sink);
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++)
		metrics__add_program(m, progs[i][0], progs[i][1], false);
	srv = http_server__new(argv[1], m, NULL, NULL);
	if (!srv) {
		fprintf(stderr, "metrics_driver: cannot serve on %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	fprintf(stderr, "serving\n");
	usleep((useconds_t)delay_ms * 1000);
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++)
		metrics__set_program_attached(m, (int)i, true);
	c.m = m;
	c.sink = &sink;
	if (pthread_create(&thread, NULL, consume, &c))
		return 1;
	fprintf(stderr, "ready\n");
	/* Polled, not pause(): a signal between the test and pause() would be lost. */
	while (!stop)
		usleep(50000);
	metrics__set_shutting_down(m);
	pthread_join(thread, NULL);
	http_server__free(srv);
	metrics__free(m);
	return 0;
}
