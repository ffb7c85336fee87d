/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The cgroup cache: cgroup id (as events carry it: v2, or the v1 hierarchy of cgroup_v1.h on
 * v1-only hosts) → cgroup path → container.
 *
 * Filled by walking the cgroup2 hierarchy, again on a miss (rate-limited), and directly by
 * cgcache__insert/cgcache__remove from cgroup lifecycle events. A walk evicts the entries of
 * cgroups that are gone. Used by one thread (the consumer); cgcache__stats may be called from
 * any thread.
 *
 * A cgroup's id is its directory's inode number: kernfs gives every node a 64-bit id, and on
 * 64-bit kernels it is both the inode number userspace sees and what
 * bpf_get_current_cgroup_id() returns.
 */
#ifndef CTRWATCH_CGCACHE_H
#define CTRWATCH_CGCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "container.h"

struct cgcache;

struct cgcache_entry {
	uint64_t id;
	const char *path;		/* relative to the cgroup2 root: "/", "/docker/<id>" */
	struct container_ref container; /* runtime RUNTIME_NONE for a host cgroup */
};

struct cgcache_stats {
	uint64_t hits;	    /* lookups answered from the cache */
	uint64_t misses;    /* lookups not in the cache (whether a walk then found them or not) */
	uint64_t walks;	    /* walks of the hierarchy */
	uint64_t evictions; /* entries dropped: their cgroup went away, or cgcache__remove */
	uint64_t full;	    /* cgroups not cached because max_entries was reached */
	size_t size;	    /* entries now */
};

/* Defaults of the refresh limits, see cgcache__set_refresh_limits. */
#define CGCACHE_MIN_WALK_INTERVAL_MS 100
#define CGCACHE_NEGATIVE_TTL_MS 1000

/*
 * Find the cgroup2 mount in /proc/self/mountinfo: /sys/fs/cgroup (pure v2) first, then
 * /sys/fs/cgroup/unified (hybrid), then any other cgroup2 mount. -ENOENT without one,
 * -ENAMETOOLONG if buf is too small.
 */
int cgcache__find_cgroup2_mount(char *buf, size_t len);

/*
 * The same, from a given mountinfo file, considering only mount points under host_root
 * (e.g. "/host" when the host's filesystem is mounted there; NULL or "" for none): the
 * preferred places are then <host_root>/sys/fs/cgroup and <host_root>/sys/fs/cgroup/unified.
 * Mounts of the hierarchy's root ("/" in mountinfo's root field) win over mounts of a subtree.
 */
int cgcache__find_cgroup2_mount_at(const char *mountinfo, const char *host_root, char *buf,
				   size_t len);

/*
 * A cache of at most max_entries cgroups under the cgroup2 mount at cgroup2_mount, filled by
 * a first walk. NULL with errno set on failure (EINVAL for max_entries 0, or the walk's error).
 */
struct cgcache *cgcache__new(const char *cgroup2_mount, size_t max_entries);
void cgcache__free(struct cgcache *cache);

/*
 * The entry of a cgroup id, walking the hierarchy once more on a miss unless a walk ran less
 * than the minimum interval ago or the id was not found by a walk within the negative TTL.
 * NULL when unknown. The entry stays valid until the next call on this cache.
 */
const struct cgcache_entry *cgcache__lookup(struct cgcache *cache, uint64_t cgroup_id);

/*
 * Add or update a cgroup (path relative to the cgroup2 root) without walking.
 * -EINVAL for a path not starting with '/', -ENAMETOOLONG, -ENOSPC when full (counted),
 * -ENOMEM.
 */
int cgcache__insert(struct cgcache *cache, uint64_t cgroup_id, const char *path);

/* Drop a cgroup that went away; unknown ids are ignored. */
void cgcache__remove(struct cgcache *cache, uint64_t cgroup_id);

/* Walk the hierarchy now, whatever the rate limit: 0 or a negative errno. */
int cgcache__refresh(struct cgcache *cache);

/*
 * Change the refresh limits: at most one walk per min_walk_interval_ms for misses, and an id a
 * walk did not find is not walked for again for negative_ttl_ms. 0 disables either limit.
 */
void cgcache__set_refresh_limits(struct cgcache *cache, unsigned int min_walk_interval_ms,
				 unsigned int negative_ttl_ms);

/* A consistent-enough copy for metrics: each counter is read atomically. Any thread. */
void cgcache__stats(const struct cgcache *cache, struct cgcache_stats *stats);

#endif /* CTRWATCH_CGCACHE_H */
