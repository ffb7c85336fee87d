/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Container lifecycle records (struct ctw_cgroup_event) on the consumer side:
 * the internal cgroup_mkdir / cgroup_rmdir records keep the cgroup cache
 * current and stop there; container_start / container_stop are reported only
 * for a container's cgroup, with the cgroup's path filled in when the BPF side
 * did not know it.
 */
#ifndef CTRWATCH_LIFECYCLE_H
#define CTRWATCH_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>

#include "../bpf/events.h"

struct cgcache;

/*
 * If rec (size bytes) is a cgroup_mkdir or cgroup_rmdir record, applies it to
 * the cache and returns 1 (the record goes no further); -EINVAL for one too
 * short; 0 for any other type. A path the record cut short is not inserted: a
 * later walk of the hierarchy finds the cgroup under its full name.
 */
int lifecycle__apply(struct cgcache *cache, const struct ctw_header *rec, size_t size);

/* container_start or container_stop. */
bool lifecycle__is_container_event(const struct ctw_header *rec);

/*
 * The record to classify and render for a container_start/stop: rec itself
 * when it carries a path, else a copy in *buf with cgroup_path (the cache's
 * path of header.cgroup_id; NULL when unknown) filled in.
 */
const struct ctw_header *lifecycle__complete(const struct ctw_header *rec, const char *cgroup_path,
					     struct ctw_cgroup_event *buf);

#endif /* CTRWATCH_LIFECYCLE_H */
