// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Process births and deaths for the collector's process cache, so that a
 * process that forks, execs and exits between two reads of /proc still has
 * a known parent and program. Kept cheap: every fork and exit on the host
 * passes here, so the record has no exe path and no namespaces, and threads
 * are left out.
 */
#include "common.bpf.h"

/* The parts of the header the cache reads, of a task that is not current. */
static __always_inline void ctw_fill_proc_header(struct ctw_header *hdr, struct task_struct *task,
						 __u16 type)
{
	struct task_struct *t = ctw_task_reader(task);
	const struct cred *cred = t->cred;

	hdr->type = type;
	hdr->size = sizeof(struct ctw_proc_event);
	hdr->syscall_nr = CTW_NO_SYSCALL;
	hdr->source = CTW_SOURCE_SCHED_TP;
	hdr->ktime_ns = bpf_ktime_get_boot_ns();
	hdr->cgroup_id = ctw_attribution_cgroup_id(t, task);
	hdr->pid = t->tgid;
	hdr->tid = t->pid;
	hdr->ppid = t->real_parent->tgid;
	hdr->uid = cred->uid.val;
	hdr->euid = cred->euid.val;
	hdr->gid = cred->gid.val;
	hdr->egid = cred->egid.val;
	__builtin_memcpy(hdr->comm, t->comm, sizeof(hdr->comm));
	hdr->comm[sizeof(hdr->comm) - 1] = 0;
}

static __always_inline void ctw_emit_proc(struct task_struct *task, __u16 type)
{
	struct task_struct *t = ctw_task_reader(task);
	struct ctw_proc_event *e;
	union ctw_any_event *rec;

	if ((__u32)t->tgid == cfg_self_tgid)
		return;
	rec = ctw_scratch_record();
	if (!rec)
		return;
	e = &rec->proc;
	ctw_fill_proc_header(&e->hdr, task, type);
	e->start_ns = t->start_boottime;
	e->exit_code = type == CTW_EVENT_PROC_EXIT ? t->exit_code : 0;
	e->flags = (t->flags & CTW_PF_KTHREAD) ? CTW_PROC_KTHREAD : 0;
	ctw_emit(e, sizeof(*e), type);
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(handle_sched_process_fork, struct task_struct *parent, struct task_struct *child)
{
	struct task_struct *c = ctw_task_reader(child);

	/* A new thread is not a new process. */
	if (c->pid != c->tgid)
		return 0;
	ctw_emit_proc(child, CTW_EVENT_PROC_FORK);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(handle_sched_process_exit, struct task_struct *task)
{
	struct task_struct *t = ctw_task_reader(task);

	/*
	 * do_exit() has counted this thread out of signal->live already: 0 means
	 * the last thread of the process is leaving (the leader's own exit can come
	 * earlier, when other threads still run).
	 */
	if (t->signal->live.counter != 0)
		return 0;
	ctw_emit_proc(task, CTW_EVENT_PROC_EXIT);
	return 0;
}
