// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Cgroups of the attributed hierarchy appearing and going away: the collector's
 * cgroup cache is filled and evicted from these (CTW_EVENT_CGROUP_MKDIR/RMDIR,
 * never written as JSON), and the removal of a cgroup in which a container
 * started (lifecycle.bpf.h) is its container_stop. That hierarchy is the v2 one,
 * or on v1-only hosts the chosen controller's (cfg_cgroup_hierarchy); the
 * others are ignored: events carry that hierarchy's ids only.
 */
#include "common.bpf.h"

static __always_inline void ctw_emit_cgroup(struct trace_event_raw_cgroup *ctx, __u32 type)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u32 loc = ctx->__data_loc_path;
	struct ctw_cgroup_event *e;
	union ctw_any_event *rec;

	rec = ctw_scratch_record();
	if (!rec)
		return;
	e = &rec->cgroup;
	/* The header's task is the one that made or removed the cgroup (runc, systemd). */
	ctw_fill_header(&e->hdr, task, type, sizeof(*e), CTW_NO_SYSCALL, CTW_SOURCE_CGROUP_TP,
			NULL);
	e->hdr.cgroup_id = ctx->id;
	e->level = ctx->level;
	/* Relative to the hierarchy's root, as the collector's cache keeps paths. */
	bpf_probe_read_kernel_str(e->path, sizeof(e->path), (void *)ctx + (loc & 0xffff));
	ctw_emit(e, sizeof(*e), type);
}

SEC("tracepoint/cgroup/cgroup_mkdir")
int handle_cgroup_mkdir(struct trace_event_raw_cgroup *ctx)
{
	if (ctx->root != cfg_cgroup_hierarchy || !ctw_type_enabled(CTW_EVENT_CGROUP_MKDIR))
		return 0;
	ctw_emit_cgroup(ctx, CTW_EVENT_CGROUP_MKDIR);
	return 0;
}

SEC("tracepoint/cgroup/cgroup_rmdir")
int handle_cgroup_rmdir(struct trace_event_raw_cgroup *ctx)
{
	__u64 id = ctx->id;

	if (ctx->root != cfg_cgroup_hierarchy)
		return 0;
	/* Deleted whatever is reported, so the map only holds cgroups that exist. */
	if (bpf_map_delete_elem(&cgroup_seen, &id) == 0 &&
	    ctw_type_enabled(CTW_EVENT_CONTAINER_STOP))
		ctw_emit_cgroup(ctx, CTW_EVENT_CONTAINER_STOP);
	/* After the stop: the collector still knows the cgroup when it renders the stop. */
	if (ctw_type_enabled(CTW_EVENT_CGROUP_RMDIR))
		ctw_emit_cgroup(ctx, CTW_EVENT_CGROUP_RMDIR);
	return 0;
}
