/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * One record's way from the ring buffer to the sinks:
 * decode → resolve (cgroup id → container) → classify → filter → render → sinks,
 * counting each outcome in the metrics. Runs on the consumer thread only.
 */
#ifndef CTRWATCH_PIPELINE_H
#define CTRWATCH_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "render_json.h"

struct cgcache;
struct classifier;
struct meta_cache;
struct metrics;
struct posture_tracker;
struct sink;

#define PIPELINE_MAX_SINKS 8

struct pipeline {
	struct cgcache *cgcache;
	const struct classifier *classifier;
	struct metrics *metrics;	 /* NULL: nothing counted */
	struct meta_cache *meta;	 /* container name/image/pod; NULL: none looked up */
	struct posture_tracker *posture; /* NULL: no posture tracking */
	struct sink *sinks[PIPELINE_MAX_SINKS];
	size_t n_sinks;
	const char *hostname;
	const char *proc_root;	   /* the host's /proc ("/host/proc" in a DaemonSet) */
	const char *cgroup2_mount; /* where the host's cgroup2 hierarchy is */
	/* The output format (--format): render_json__event when NULL, or render_falco__event. */
	int (*render)(const struct render_input *in, char *buf, size_t len, size_t *out_len);
	/* --format falco: only events that are rule matches (render_falco__is_rule_match). */
	bool rule_matches_only;
	int64_t boot_to_realtime_ns;	 /* refreshed by pipeline__tick() */
	uint64_t records;		 /* records handled since start, for status lines */
	char line[RENDER_JSON_LINE_MAX]; /* the rendered line, reused for every record */
};

/* Records the CLOCK_BOOTTIME → CLOCK_REALTIME offset; call at start and now and then. */
void pipeline__sync_clock(struct pipeline *p);

/* ring_buffer__new() callback: handles one record. Always returns 0 (never stops polling). */
int pipeline__handle_record(void *ctx, void *data, size_t size);

/*
 * An event made in userspace (posture): rendered, counted and written to every
 * sink like a record. The caller has classified and filtered it. 0, or -EINVAL
 * when it could not be rendered (counted).
 */
int pipeline__emit(struct pipeline *p, const struct render_input *rin);

/* Pushes buffered lines out of every sink; the consumer calls it when idle. */
void pipeline__flush(struct pipeline *p);

#endif /* CTRWATCH_PIPELINE_H */
