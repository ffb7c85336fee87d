// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Every exec passes here, for two reports. container_start: the first exec in
 * a cgroup that is not the container runtime's own (lifecycle.bpf.h).
 * setuid_exec: an exec that changed credentials. execve(at) sys_enter stored
 * the old creds (capture.bpf.h); here, once the new creds are installed, the
 * exec is reported only if it raised the effective ids or gained capabilities.
 * Every other exec is dropped in the kernel, and counted.
 */
#include "common.bpf.h"
#include "lifecycle.bpf.h"

SEC("tp_btf/sched_process_exec")
int BPF_PROG(handle_sched_process_exec, struct task_struct *task, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	const struct cred *cred = ctw_task_reader(task)->cred;
	struct ctw_setuid_exec_event *e;
	struct ctw_task_state *st;
	struct ctw_exec_creds *old;
	union ctw_any_event *rec;
	struct ctw_counters *cnt;
	__u64 new_eff, new_perm;
	__u32 key = old_pid;
	struct file *file;
	struct inode *inode;
	bool changed;

	/*
	 * The task's state survives exec (a non-leader's exec takes over the
	 * leader's pid, not a new task_struct); its executable does not.
	 */
	st = bpf_task_storage_get(&task_state, task, NULL, 0);
	if (st)
		st->exe_file = 0;
	if (ctw_type_enabled(CTW_EVENT_CONTAINER_START))
		ctw_container_first_exec(task);
	if (!ctw_type_enabled(CTW_EVENT_SETUID_EXEC))
		return 0;
	/* A multi-threaded exec by a non-leader stored its creds under the old tid. */
	old = bpf_map_lookup_elem(&exec_creds, &key);
	if (!old)
		return 0;
	if (!ctw_task_watched(task))
		goto out;
	new_eff = ctw_cred_cap(cred, cap_effective);
	new_perm = ctw_cred_cap(cred, cap_permitted);
	changed = cred->euid.val != old->euid || cred->egid.val != old->egid ||
		  (new_eff & ~old->cap_effective) || (new_perm & ~old->cap_permitted);
	if (!changed) {
		cnt = ctw_counters();
		if (cnt)
			__sync_fetch_and_add(&cnt->exec_filtered, 1);
		goto out;
	}
	rec = ctw_scratch_record();
	if (!rec)
		goto out;
	e = &rec->setuid_exec;
	ctw_fill_header(&e->hdr, task, CTW_EVENT_SETUID_EXEC, sizeof(*e), CTW_NO_SYSCALL,
			CTW_SOURCE_EXEC_TP, st);
	e->old_uid = old->uid;
	e->old_euid = old->euid;
	e->old_gid = old->gid;
	e->old_egid = old->egid;
	e->old_cap_effective = old->cap_effective;
	e->old_cap_permitted = old->cap_permitted;
	e->new_cap_permitted = new_perm;
	file = BPF_CORE_READ(bprm, file);
	if (!file)
		file = BPF_CORE_READ(task, mm, exe_file);
	inode = BPF_CORE_READ(file, f_inode);
	e->file_uid = BPF_CORE_READ(inode, i_uid.val);
	e->file_gid = BPF_CORE_READ(inode, i_gid.val);
	e->file_mode = BPF_CORE_READ(inode, i_mode);
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), BPF_CORE_READ(bprm, filename));
	ctw_emit(e, sizeof(*e), CTW_EVENT_SETUID_EXEC);
out:
	bpf_map_delete_elem(&exec_creds, &key);
	return 0;
}
