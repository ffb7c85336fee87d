/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * When to read a container's posture, and what is remembered of it.
 *
 * A container is noticed by its container_start record (the first exec in its
 * cgroup, i.e. the entrypoint) or, failing that, by the first record of any
 * type it produces. Reading waits for the tick after the record: the consumer
 * loop calls posture_tracker__tick() after each poll batch, so /proc is never
 * read in the middle of a batch. A container whose process is still the
 * runtime's init is retried; one with no process left is given up after
 * give_up_ms. Each evaluated container is reported to the caller (who makes
 * the `posture` event of it), and its findings are kept (bounded) for the
 * findings gauge and for raising the severity of detections from it, until
 * container_stop or until its cgroup is gone. The tracker knows nothing of
 * what happens to its reports.
 *
 * Consumer thread only.
 */
#ifndef CTRWATCH_POSTURE_TRACKER_H
#define CTRWATCH_POSTURE_TRACKER_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "container.h"
#include "posture.h"

struct posture_tracker;

struct posture_tracker_options {
	const char *host_root;		      /* "" or "/host"; copied */
	const char *cgroup2_root;	      /* the cgroup2 mount, host_root included; copied */
	const struct ctw_namespaces *host_ns; /* PID 1's; copied; NULL: read /proc/<pid>/ns */
	size_t max_containers;		      /* tracked at once; more are counted and skipped */
	unsigned int give_up_ms; /* how long to wait for a process that runs the container */
};

struct posture_tracker_stats {
	uint64_t evaluated;	  /* containers whose posture was read */
	uint64_t gave_up;	  /* containers with no readable process within give_up_ms */
	uint64_t full;		  /* containers not tracked: max_containers reached */
	uint64_t last_latency_ns; /* from the record that announced it to its posture event */
	uint64_t max_latency_ns;
	size_t tracked; /* containers known now (pending or evaluated) */
};

struct posture_tracker *posture_tracker__new(const struct posture_tracker_options *opts);
void posture_tracker__free(struct posture_tracker *t);

/* One evaluated container: what its `posture` event is made of. */
struct posture_report {
	/* the record that announced it, retyped to CTW_EVENT_POSTURE and stamped now */
	struct ctw_header hdr;
	struct container_ref container;
	char cgroup_path[PATH_MAX]; /* relative to the cgroup2 root */
	size_t n_findings;
	struct posture_finding findings[POSTURE_CHECK_MAX];
};

/*
 * Every resolved record of a container: container_start (re)starts tracking,
 * container_stop forgets it, any other record starts tracking a container not
 * yet known. cgroup_path is the record's cgroup (relative to the cgroup2 root).
 * Fills *weakness (when not NULL) with what the container's known posture
 * means for the record's classification: severity info when nothing.
 */
void posture_tracker__observe(struct posture_tracker *t, const struct ctw_header *rec,
			      const struct container_ref *container, const char *cgroup_path,
			      struct posture_weakness *weakness);

/*
 * Reads the posture of containers that are due, and describes each one read
 * in out[0..max) (out NULL: read every one due, describe none); once a second
 * also drops containers whose cgroup is gone. `now_boot_ns` is CLOCK_BOOTTIME
 * (the records' clock). Returns the number of containers evaluated; when that
 * is max, more may be due: call again.
 */
size_t posture_tracker__tick(struct posture_tracker *t, int64_t now_boot_ns,
			     struct posture_report *out, size_t max);

/* Per finding, how many tracked containers have it. */
void posture_tracker__counts(const struct posture_tracker *t, uint64_t counts[POSTURE_CHECK_MAX]);
void posture_tracker__stats(const struct posture_tracker *t, struct posture_tracker_stats *out);

/*
 * The classification of a posture event: severity is the worst finding's,
 * reasons are the findings' titles, no flags, no detections.
 */
void posture__classify(const struct posture_finding *f, size_t n, struct classification *cls);

#endif /* CTRWATCH_POSTURE_TRACKER_H */
