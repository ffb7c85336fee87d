/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The collector's metrics: counted by the consumer thread on the hot path,
 * rendered as Prometheus text (exposition format 0.0.4) by the HTTP thread.
 *
 * Two kinds of values, so that a scrape never takes a lock the hot path holds:
 *  - counters and gauges the consumer owns are relaxed atomics in struct
 *    metrics: the consumer adds or stores, the HTTP thread loads. Consumer-owned
 *    state that is not atomic (the cgroup cache's statistics) is pushed with
 *    metrics__set_*() after each poll batch, never read in place;
 *  - values something else keeps safely (the BPF per-CPU counters map, the ring
 *    buffer's positions, the sinks' atomic counters) are pulled at scrape time
 *    through struct metrics_provider.
 * Every table is fixed-size: nothing on the hot path allocates, and no label
 * can take more values than a table has slots.
 */
#ifndef CTRWATCH_METRICS_H
#define CTRWATCH_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "error.h"
#include "../bpf/events.h"

struct metrics;
struct sink;

#define METRICS_MAX_TYPES 32	  /* event type values counted; names from event_type__name() */
#define METRICS_MAX_DETECTIONS 64 /* distinct detection IDs; more go to detection="other" */
#define METRICS_MAX_SINKS 4
#define METRICS_MAX_PROGRAMS 256
#define METRICS_NAME_LEN 64 /* program names; longer ones are refused */

/* Failures of the consumer's stages, ctrwatch_consumer_errors_total{stage}. */
enum metrics_error {
	METRICS_ERR_DECODE = 0,	  /* a record too short, too long or inconsistent */
	METRICS_ERR_UNKNOWN_TYPE, /* a record whose type has no name */
	METRICS_ERR_RESOLVE,	  /* cgroup id → container resolution failed */
	METRICS_ERR_RENDER,	  /* the JSON line could not be built */
	METRICS_ERR_MAX,
};

/* Program attach mechanisms: the label values of ctrwatch_program_attached. */
#define METRICS_MECH_TRACEPOINT "tracepoint"
#define METRICS_MECH_RAW_SYSCALLS "raw_syscalls_fallback"
#define METRICS_MECH_TP_BTF "tp_btf"
/*
 * The kernel has neither the tracepoint nor a fallback (no module tracepoints
 * without CONFIG_MODULES): exported at 0 so the gap is visible, but it does
 * not hold back /healthz and the alert ignores it.
 */
#define METRICS_MECH_UNAVAILABLE "unavailable"

/* A copy of the cgroup cache's statistics (the cache itself is consumer-only). */
struct metrics_cgcache_stats {
	uint64_t hits;
	uint64_t misses;
	uint64_t entries;   /* current size */
	uint64_t evictions; /* entries pushed out because the cache was full */
	uint64_t walks;	    /* cgroupfs walks to find a cgroup's path */
};

/*
 * Called by the HTTP thread at every scrape, so each must be safe to call from
 * a thread other than the consumer (a bpf(2) map lookup and the ring buffer's
 * atomic positions are). Any pointer may be NULL: the family is then omitted.
 * A callback returning a negative errno omits its samples from that scrape and
 * counts ctrwatch_scrape_errors_total.
 */
struct metrics_provider {
	void *ctx;
	/* The BPF per-CPU counters, summed over CPUs. */
	int (*bpf_counters)(void *ctx, struct ctw_counters *out);
	/* Bytes written to the ring buffer and not yet consumed, and its size. */
	int (*ringbuf)(void *ctx, uint64_t *bytes_in_use, uint64_t *size_bytes);
};

/* NULL + errno (ENOMEM) on failure. Reads uname() and the start time once. */
struct metrics *metrics__new(void);
void metrics__free(struct metrics *m);

/* Before the HTTP server starts. The provider is copied. */
void metrics__set_provider(struct metrics *m, const struct metrics_provider *provider);

/*
 * Setup: declare what the collector runs. Safe while scrapes run (entries are
 * published with release stores), but meant for before the HTTP server starts.
 * metrics__add_program returns the program's index for metrics__set_program_attached,
 * -ENOSPC when the table is full, -EINVAL for an empty or too long name.
 * The sink must outlive the metrics object: its atomic counters are read at scrape.
 */
int metrics__add_program(struct metrics *m, const char *name, const char *mechanism, bool attached);
void metrics__set_program_attached(struct metrics *m, int idx, bool attached);
int metrics__add_sink(struct metrics *m, const struct sink *sink);

/*
 * Hot path (consumer thread): relaxed atomic adds, no locks, no allocation.
 * `c` may be NULL for an event that was not classified (counts it as info).
 */
void metrics__count_event(struct metrics *m, unsigned int type, const struct classification *c);
/* An event an exception suppressed, by the detection the exception silenced. */
void metrics__count_suppressed(struct metrics *m, const char *detection);
void metrics__count_error(struct metrics *m, enum metrics_error err);
/* State the consumer owns, stored after each poll batch. */
void metrics__set_cgcache_stats(struct metrics *m, const struct metrics_cgcache_stats *stats);
void metrics__set_containers_known(struct metrics *m, uint64_t n);
/* The process cache (lineage): entries now, evictions and misses so far. */
void metrics__set_proc_cache_stats(struct metrics *m, uint64_t entries, uint64_t evictions,
				   uint64_t misses);
/*
 * ctrwatch_container_posture_findings{finding,severity}: per posture finding
 * (enum posture_check_id order, n at most POSTURE_CHECK_MAX), how many known
 * containers have it. Stored after each poll batch.
 */
void metrics__set_posture_findings(struct metrics *m, const uint64_t *counts, size_t n);
/* The consumer loop is (not) polling; /healthz needs it. */
void metrics__set_consumer_running(struct metrics *m, bool running);
/*
 * The node label of ctrwatch_build_info (node_name.h): alerts key on it, as a
 * pod's instance address changes when it restarts. Call before serving.
 */
void metrics__set_node_name(struct metrics *m, const char *node);
/*
 * ctrwatch_config_last_reload_successful and _success_timestamp_seconds, as
 * Prometheus exports for its own configuration: ok after the load at start-up
 * and each successful SIGHUP reload (unix_seconds: when), not ok after a
 * failed one (the timestamp keeps the last success). m may be NULL.
 */
void metrics__set_config_reload(struct metrics *m, bool ok, int64_t unix_seconds);
/*
 * ctrwatch_kernel_modules_supported: whether the kernel can load modules
 * (loader__modules_supported). Call before serving; omitted until set.
 */
void metrics__set_kernel_modules(struct metrics *m, bool supported);
/*
 * ctrwatch_cgroup_attribution_info{mode,controller} 1: which hierarchy
 * containers are told apart by: mode "v2", or "v1" with the controller whose
 * hierarchy it is (cgroup_v1.h). Call before serving; omitted until set.
 */
void metrics__set_cgroup_mode(struct metrics *m, const char *mode, const char *controller);
/* From the signal-handling path: /healthz answers 503 from then on. */
void metrics__set_shutting_down(struct metrics *m);

/*
 * The Prometheus text of every family. *out is malloc'ed (caller frees).
 * 0 or -ENOMEM.
 */
int metrics__render(struct metrics *m, char **out, size_t *len);

/*
 * Readiness for /healthz: 0 when every declared program (but "unavailable"
 * ones) is attached and the
 * consumer runs; otherwise -EAGAIN (starting) or -ESHUTDOWN, with `why` saying
 * what is missing ("program handle_mount not attached; consumer not running").
 */
int metrics__health(struct metrics *m, struct ctw_error *why);

#endif /* CTRWATCH_METRICS_H */
