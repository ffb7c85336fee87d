/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * container_start, seen from sched_process_exec: the first exec in a cgroup
 * whose new executable is not the container runtime's. runc's init
 * (runc:[2:INIT]) is the process that execs the entrypoint, so that exec is
 * the one reported; runc re-executing a clone of itself (a bind-mounted copy
 * named "runc", or a memfd "memfd:runc_cloned:...") inside the cgroup before
 * that does not count. Included by exec.bpf.c: one map lookup per exec once
 * the cgroup has been seen.
 */
#ifndef CTRWATCH_LIFECYCLE_BPF_H
#define CTRWATCH_LIFECYCLE_BPF_H

#include "common.bpf.h"

/* kernfs gives the root of every hierarchy id 1: the host, never a container. */
#define CTW_CGROUP_ROOT_ID 1
#define CTW_E2BIG 7 /* a hash map's "full" */

static __always_inline bool ctw_is_runtime_exe(struct task_struct *task)
{
	char name[24] = {};
	struct file *file = BPF_CORE_READ(task, mm, exe_file);

	if (!file)
		return false;
	bpf_probe_read_kernel_str(name, sizeof(name),
				  BPF_CORE_READ(file, f_path.dentry, d_name.name));
	return ctw_prefix(name, "runc") || ctw_prefix(name, "memfd:runc") ||
	       ctw_streq(name, "crun") || ctw_streq(name, "conmon");
}

static __always_inline void ctw_container_first_exec(struct task_struct *task)
{
	/* The helper where it answers: on v2 hosts, without a probe read. */
	__u64 id =
	    cfg_cgroup_v1_subsys < 0 ? bpf_get_current_cgroup_id() : ctw_task_cgroup_id(task);
	struct ctw_cgroup_event *e;
	union ctw_any_event *rec;
	struct ctw_counters *cnt;
	struct cgroup *cgrp;
	__u8 one = 1;
	long err;

	if (id <= CTW_CGROUP_ROOT_ID || bpf_map_lookup_elem(&cgroup_seen, &id))
		return;
	if (ctw_is_runtime_exe(task))
		return;
	/* NOEXIST: of two first execs racing on two CPUs, one reports. */
	err = bpf_map_update_elem(&cgroup_seen, &id, &one, BPF_NOEXIST);
	if (err) {
		cnt = ctw_counters();
		if (err == -CTW_E2BIG && cnt)
			__sync_fetch_and_add(&cnt->cgroup_seen_full, 1);
		return;
	}
	rec = ctw_scratch_record();
	if (!rec)
		return;
	e = &rec->cgroup;
	ctw_fill_header(&e->hdr, task, CTW_EVENT_CONTAINER_START, sizeof(*e), CTW_NO_SYSCALL,
			CTW_SOURCE_EXEC_TP, NULL);
	e->hdr.cgroup_id = id;
	cgrp = ctw_task_cgroup(task);
	e->level = BPF_CORE_READ(cgrp, level);
	ctw_emit(e, sizeof(*e), CTW_EVENT_CONTAINER_START);
}

#endif /* CTRWATCH_LIFECYCLE_BPF_H */
