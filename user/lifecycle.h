/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The cgroup step of a record on the consumer side. The internal cgroup_mkdir
 * / cgroup_rmdir records (struct ctw_cgroup_event) keep the cgroup cache
 * current and stop there; every other record's cgroup is looked up, and
 * container_start / container_stop are kept only for a container's cgroup,
 * with the cgroup's path filled in when the BPF side did not know it.
 */
#ifndef CTRWATCH_LIFECYCLE_H
#define CTRWATCH_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>

#include "container.h"
#include "../bpf/events.h"

struct cgcache;
struct cgcache_entry;

struct lifecycle_result {
	const struct ctw_header *rec;	       /* the record to go on with: the one given or buf */
	const struct cgcache_entry *cg;	       /* its cgroup; NULL when the cache cannot tell */
	const struct container_ref *container; /* NULL for a host process */
	bool host_lifecycle; /* a container_start/stop of a host cgroup: no event */
	struct ctw_cgroup_event buf;
};

/*
 * The one call into the cache per record (rec holds size bytes). A
 * cgroup_mkdir or cgroup_rmdir record is applied to the cache: 1 (it goes no
 * further), or -EINVAL for one too short. A path the record cut short is not
 * inserted: a later walk of the hierarchy finds the cgroup under its full
 * name. Any other record: its cgroup into *out, 0.
 */
int lifecycle__resolve(struct cgcache *cache, const struct ctw_header *rec, size_t size,
		       struct lifecycle_result *out);

#endif /* CTRWATCH_LIFECYCLE_H */
