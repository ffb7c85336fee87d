// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <string.h>

#include "cgcache.h"
#include "lifecycle.h"

static int apply(struct cgcache *cache, const struct ctw_header *rec, size_t size)
{
	const struct ctw_cgroup_event *e = (const void *)rec;
	size_t n;

	if (size < sizeof(*e) || rec->size < sizeof(*e))
		return -EINVAL;
	if (rec->type == CTW_EVENT_CGROUP_RMDIR) {
		cgcache__remove(cache, rec->cgroup_id);
		return 1;
	}
	/* The BPF side stops at sizeof(path) - 1 bytes: that long may be cut short. */
	n = strnlen(e->path, sizeof(e->path));
	if (n == 0 || n >= sizeof(e->path) - 1)
		return 1;
	/* Errors (full, bad path) are counted by the cache; a walk may still find it. */
	cgcache__insert(cache, rec->cgroup_id, e->path);
	return 1;
}

/* A container_start/stop with the cache's path when the record has none: a copy in buf. */
static const struct ctw_header *complete(const struct ctw_header *rec, const char *cgroup_path,
					 struct ctw_cgroup_event *buf)
{
	const struct ctw_cgroup_event *e = (const void *)rec;

	if (rec->size < sizeof(*e) || e->path[0] || !cgroup_path)
		return rec;
	memcpy(buf, e, sizeof(*buf));
	/* snprintf would warn about truncation; a long path is cut, as the BPF side does. */
	strncpy(buf->path, cgroup_path, sizeof(buf->path) - 1);
	buf->path[sizeof(buf->path) - 1] = 0;
	return &buf->hdr;
}

int lifecycle__resolve(struct cgcache *cache, const struct ctw_header *rec, size_t size,
		       struct lifecycle_result *out)
{
	if (rec->type == CTW_EVENT_CGROUP_MKDIR || rec->type == CTW_EVENT_CGROUP_RMDIR)
		return apply(cache, rec, size);
	out->rec = rec;
	out->cg = cgcache__lookup(cache, rec->cgroup_id);
	out->container =
	    out->cg && out->cg->container.runtime != RUNTIME_NONE ? &out->cg->container : NULL;
	out->host_lifecycle = false;
	if (rec->type == CTW_EVENT_CONTAINER_START || rec->type == CTW_EVENT_CONTAINER_STOP) {
		/* The kernel cannot tell containers apart: a host cgroup's start is no event. */
		if (!out->container)
			out->host_lifecycle = true;
		else
			out->rec = complete(rec, out->cg->path, &out->buf);
	}
	return 0;
}
