/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * One record's way from the ring buffer to the sinks:
 *   decode → enrich (cgroup, container, metadata, lifecycle, posture)
 *          → classify → render → emit,
 * each stage's module entered once, counting each outcome in the metrics.
 * The posture events the tracker reports take the same way from classify on.
 * The stages below never call back up: they return what they found and the
 * pipeline decides. Runs on the consumer thread only.
 */
#ifndef CTRWATCH_PIPELINE_H
#define CTRWATCH_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cgcache;
struct classifier;
struct meta_cache;
struct metrics;
struct posture_tracker;
struct render_input;
struct sink;

struct pipeline_options {
	struct cgcache *cgcache;	     /* required */
	const struct classifier *classifier; /* required */
	struct metrics *metrics;	     /* NULL: nothing counted */
	struct meta_cache *meta;	     /* container name/image/pod; NULL: none looked up */
	struct posture_tracker *posture;     /* NULL: no posture tracking */
	struct proc_cache *procs;	     /* lineage; NULL: events carry none */
	size_t ancestors;		     /* process.ancestors: levels above the parent */
	bool posture_events; /* write posture events (the findings raise severities anyway) */
	/*
	 * Exec records feed the process cache whatever these say. exec_events: the
	 * exec type is reported at all; exec_events_all: every exec is an event
	 * (config exec_events: all), not only those a detection flags.
	 */
	bool exec_events;
	bool exec_events_all;
	/* The strings are the caller's and must outlive the pipeline. */
	const char *hostname;	   /* NULL: "host" omitted */
	const char *proc_root;	   /* the host's /proc ("/host/proc" in a DaemonSet) */
	const char *cgroup2_mount; /* where the host's cgroup2 hierarchy is */
	/* The output format (--format): render_json__event when NULL, or render_falco__event. */
	int (*render)(const struct render_input *in, char *buf, size_t len, size_t *out_len);
	/* --format falco: only events that are rule matches (render_falco__is_rule_match). */
	bool rule_matches_only;
};

/* NULL and errno (EINVAL without a cache or classifier, ENOMEM). Syncs the clock. */
struct pipeline *pipeline__new(const struct pipeline_options *opts);
/* Frees the pipeline and the sinks it was given (sink__free); NULL is fine. */
void pipeline__free(struct pipeline *p);

/*
 * Hands a sink to the pipeline (it frees it), named apart from the others
 * (sink__unique_name). -ENOSPC when it has SINK_MAX_OUTPUTS already.
 */
int pipeline__add_sink(struct pipeline *p, struct sink *sink);
size_t pipeline__n_sinks(const struct pipeline *p);
/* NULL when i is out of range. */
struct sink *pipeline__sink(const struct pipeline *p, size_t i);

/* A new classifier (SIGHUP) from the next record on; the caller frees the old one. */
void pipeline__set_classifier(struct pipeline *p, const struct classifier *classifier);

/* A new ancestor depth (SIGHUP) from the next record on. */
void pipeline__set_ancestors(struct pipeline *p, size_t ancestors);

/* exec_events: all (true) or flagged (SIGHUP), from the next record on. */
void pipeline__set_exec_events_all(struct pipeline *p, bool all);

/* Records handled since start, for status lines. */
uint64_t pipeline__records(const struct pipeline *p);

/* Records the CLOCK_BOOTTIME → CLOCK_REALTIME offset; call at start and now and then. */
void pipeline__sync_clock(struct pipeline *p);

/* ring_buffer__new() callback: handles one record. Always returns 0 (never stops polling). */
int pipeline__handle_record(void *ctx, void *data, size_t size);

/*
 * Between two poll batches: lets the posture tracker read the containers that
 * are due and writes their posture events. `now_boot_ns` is CLOCK_BOOTTIME.
 * Returns the number of containers evaluated.
 */
size_t pipeline__tick(struct pipeline *p, int64_t now_boot_ns);

/* Pushes buffered lines out of every sink; the consumer calls it when idle. */
void pipeline__flush(struct pipeline *p);

#endif /* CTRWATCH_PIPELINE_H */
