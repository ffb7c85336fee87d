/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Shared by every BPF source: the maps and knobs (defined once, in maps.bpf.c,
 * and declared extern here so the linked object holds one of each) and the
 * helpers that fill the common header and emit a record.
 */
#ifndef CTRWATCH_COMMON_BPF_H
#define CTRWATCH_COMMON_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include "events.h"
#include "fallback.h"

/* The credentials an execve started with, to tell a set-id exec from others. */
struct ctw_exec_creds {
	__u32 uid;
	__u32 euid;
	__u32 gid;
	__u32 egid;
	__u64 cap_effective;
	__u64 cap_permitted;
};

/*
 * What the programs keep per task. sys_enter builds `rec` and marks it
 * pending, sys_exit completes and emits it. `exe` caches the path of
 * mm->exe_file, read once per executable instead of once per event:
 * sched_process_exec clears it, so a file pointer can never match a path
 * read before the last exec.
 */
struct ctw_task_state {
	__u32 pending_type; /* enum ctw_event_type between sys_enter and sys_exit, 0 = none */
	__u32 pending_nr;   /* its syscall number */
	__u64 user_args[2]; /* capset: the header and data pointers, read at sys_exit if refused */
	__u64 exe_file;	    /* the struct file `exe` was read from, 0 = not cached */
	char exe[CTW_TASK_EXE_LEN];
	union ctw_any_event rec;
};

/* Written by the programs, read (mmap'd) by the consumer; size set by userspace. */
struct ctw_events_map {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 22); /* replaced by loader__new() */
};
extern struct ctw_events_map events SEC(".maps");

/* Written by the programs, summed over CPUs by loader__read_counters(). */
struct ctw_counters_map {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ctw_counters);
};
extern struct ctw_counters_map counters SEC(".maps");

/*
 * Task-local storage: no key to hash, no entry to delete, freed with the
 * task, and a lookup is a pointer chase from the task's own cache.
 */
struct ctw_task_state_map {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct ctw_task_state);
};
extern struct ctw_task_state_map task_state SEC(".maps");

#define CTW_EXEC_CREDS_MAX 10240

/*
 * execve(at) enter stores the old creds; sched_process_exec compares and
 * deletes. A preallocated hash rather than the task's storage: most execs
 * come from a task just forked, which has none yet, and creating it costs
 * ~10 us (bpf_stats here); with the hash the whole sys_enter is ~1 us.
 */
struct ctw_exec_creds_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, CTW_EXEC_CREDS_MAX);
	__type(key, __u32);
	__type(value, struct ctw_exec_creds);
};
extern struct ctw_exec_creds_map exec_creds SEC(".maps");

/*
 * Filled by userspace with the syscalls whose own tracepoint this kernel lacks:
 * index = syscall number, value = enum ctw_event_type (0 = not monitored).
 */
struct ctw_fallback_syscalls_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CTW_FALLBACK_MAX);
	__type(key, __u32);
	__type(value, __u32);
};
extern struct ctw_fallback_syscalls_map fallback_syscalls SEC(".maps");

#define CTW_CGROUP_SEEN_MAX 16384

/*
 * cgroup v2 ids in which a task has exec'd something other than the container
 * runtime: written by sched_process_exec (the first such exec reports
 * container_start), deleted by cgroup_rmdir (container_stop). Userspace may
 * seed it with the cgroups that exist when the collector starts.
 */
struct ctw_cgroup_seen_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, CTW_CGROUP_SEEN_MAX);
	__type(key, __u64);
	__type(value, __u8);
};
extern struct ctw_cgroup_seen_map cgroup_seen SEC(".maps");

#define CTW_RUNTIME_BINS_MAX 32 /* RUNTIME_BINS_MAX (user/runtime_bins.h) */

/*
 * The host's container runtime binaries (runc, crun, conmon, the containerd
 * shims, ...) by device and inode: filled by the collector after load, from
 * what it stat(2)s at start; read by the open exits and the vfs_open fexit,
 * which report a write-open of one of them (CVE-2019-5736).
 */
struct ctw_runtime_bins_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, CTW_RUNTIME_BINS_MAX);
	__type(key, struct ctw_file_id);
	__type(value, __u8);
};
extern struct ctw_runtime_bins_map runtime_bins SEC(".maps");

/*
 * The file names (last path component, NUL-padded to CTW_NAME_LEN) whose
 * write-open from a container is reported (config sensitive_files): written by
 * the loader after load, read by the open exits (bpf/file_write.bpf.c).
 */
struct ctw_sensitive_names_map {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, CTW_SENSITIVE_NAMES_MAX);
	__type(key, char[CTW_NAME_LEN]);
	__type(value, __u8);
};
extern struct ctw_sensitive_names_map sensitive_names SEC(".maps");

/* One all-zero record, never written: the template new records are copied from. */
struct ctw_zero_record_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, union ctw_any_event);
};
extern struct ctw_zero_record_map zero_record SEC(".maps");

/*
 * Per-CPU room for records built and emitted within one program run (they
 * run with preemption off) and for the exe or cwd path being assembled.
 */
_Static_assert(CTW_CWD_LEN >= CTW_TASK_EXE_LEN, "scratch path holds both paths");
struct ctw_scratch {
	union ctw_any_event rec;
	char path[2 * CTW_CWD_LEN];
	__u32 path_pos; /* the cwd walk's position in path (exec.bpf.c says why here) */
	__u32 _pad;
	__u64 unwoken_bytes; /* emitted on this CPU since it last woke the consumer */
};

struct ctw_scratch_map {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ctw_scratch);
};
extern struct ctw_scratch_map scratch SEC(".maps");

/* Set by userspace between open and load. */
extern const volatile __u64 cfg_enabled_types; /* bit (1 << enum ctw_event_type) */
extern const volatile __u32 cfg_wakeup_bytes;  /* per CPU: wake the consumer past this much */
extern const volatile __u32 cfg_self_tgid;     /* the collector: never reported */
/* inode of the host's mount namespace (0 = unknown): tells container sysctl writes apart */
extern const volatile __u32 cfg_host_mnt_ns;
/*
 * bit n set: some name in sensitive_names is n bytes long. A write-open whose
 * dentry name has another length is dropped with one load (0: no list at all).
 */
extern const volatile __u64 cfg_sensitive_name_lens;

/* runtime_bins holds entries: without any, a write-open costs no lookup. */
extern const volatile bool cfg_runtime_bins;

/* The kernel has bpf_rdonly_cast() (6.2 and later): set by the loader from the kernel's BTF. */
extern const volatile bool cfg_have_rdonly_cast;
/*
 * cgroup v1-only hosts (user/cgroup_v1.h): the enum cgroup_subsys_id of the
 * controller whose v1 hierarchy tells containers apart, and that hierarchy's
 * id as cgroup_mkdir/rmdir report it. -1 and 0 (the v2 default hierarchy)
 * elsewhere; the loader sets both.
 */
extern const volatile __s32 cfg_cgroup_v1_subsys;
extern const volatile __u32 cfg_cgroup_hierarchy;

extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym __weak;

/*
 * The current task as a pointer to read through with plain loads. From 6.3 the
 * verifier asks, for each pointer loaded through a pointer it trusts, whether
 * that field is trusted too: a search of the kernel's BTF by name for every such
 * load on every path. A header is a few dozen of them, in each of ~60 programs;
 * here that came to more than a second of start-up. Through an untrusted cast
 * (bpf_rdonly_cast, which the verifier inlines to a move) the loads are the
 * same instructions without the search. Kernels without the kfunc predate the
 * search. The call stays in the object either way; where the flag is false the
 * verifier drops it as dead code.
 */
static __always_inline struct task_struct *ctw_task_reader(struct task_struct *task)
{
	if (cfg_have_rdonly_cast)
		return bpf_rdonly_cast(task, bpf_core_type_id_kernel(struct task_struct));
	return task;
}

static __always_inline bool ctw_type_enabled(__u32 type)
{
	return type < 64 && (cfg_enabled_types & (1ULL << type));
}

/* The current task should be watched at all (not the collector itself). */
static __always_inline bool ctw_task_watched(struct task_struct *task)
{
	return (__u32)task->tgid != cfg_self_tgid;
}

static __always_inline struct ctw_counters *ctw_counters(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&counters, &zero);
}

static __always_inline __u64 ctw_read_cap(const kernel_cap_t *cap)
{
	__u64 v = 0;

	/* kernel_cap_t is {u64 val} since 6.3 and u32[2] before: 8 bytes either way. */
	bpf_core_read(&v, sizeof(v), cap);
	return v;
}

/*
 * A capability set of a cred reached through a typed pointer: one load where
 * the set is a u64 (6.3 and later), the 8-byte copy above before that. The
 * branch not taken is pruned at load time, relocation and all.
 */
#define ctw_cred_cap(cred, set)                                                                    \
	(bpf_core_field_exists((cred)->set.val) ? (cred)->set.val : ctw_read_cap(&(cred)->set))

/*
 * The namespaces of a task reached through a plain pointer (a tracee found in
 * a list): every step is a bpf_probe_read_kernel. The current task's go
 * through ctw_fill_ns_current(), which the verifier lets load directly.
 */
static __always_inline void ctw_fill_ns(struct ctw_namespaces *ns, struct task_struct *task)
{
	struct nsproxy *nsp = BPF_CORE_READ(task, nsproxy);
	struct pid *pid = BPF_CORE_READ(task, thread_pid);
	unsigned int level = BPF_CORE_READ(pid, level);

	ns->mnt = BPF_CORE_READ(nsp, mnt_ns, ns.inum);
	ns->net = BPF_CORE_READ(nsp, net_ns, ns.inum);
	ns->uts = BPF_CORE_READ(nsp, uts_ns, ns.inum);
	ns->ipc = BPF_CORE_READ(nsp, ipc_ns, ns.inum);
	ns->cgroup = BPF_CORE_READ(nsp, cgroup_ns, ns.inum);
	ns->user = BPF_CORE_READ(task, cred, user_ns, ns.inum);
	/* The pid namespace the task's pid lives in: the deepest level. */
	ns->pid = BPF_CORE_READ(pid, numbers[level].ns, ns.inum);
	ns->_pad = 0;
}

/*
 * The current task's namespaces. bpf_get_current_task_btf() gives a pointer
 * the verifier types, so each step is one load guarded by the exception
 * table instead of a helper call, and a header takes dozens of steps. A
 * missing pointer (a task past exit_namespaces) loads as 0.
 */
static __always_inline void ctw_fill_ns_current(struct ctw_namespaces *ns, struct task_struct *task)
{
	struct nsproxy *nsp;
	struct pid *pid;
	unsigned int level;

	task = ctw_task_reader(task);
	nsp = task->nsproxy;
	pid = task->thread_pid;
	level = pid->level;

	ns->mnt = nsp->mnt_ns->ns.inum;
	ns->net = nsp->net_ns->ns.inum;
	ns->uts = nsp->uts_ns->ns.inum;
	ns->ipc = nsp->ipc_ns->ns.inum;
	ns->cgroup = nsp->cgroup_ns->ns.inum;
	ns->user = task->cred->user_ns->ns.inum;
	/*
	 * The pid namespace the task's pid lives in: numbers[level]. A typed load
	 * needs a constant index, so the usual depths (host, container, one
	 * nested) are spelled out and deeper ones take the helper.
	 */
	if (level == 0)
		ns->pid = pid->numbers[0].ns->ns.inum;
	else if (level == 1)
		ns->pid = pid->numbers[1].ns->ns.inum;
	else if (level == 2)
		ns->pid = pid->numbers[2].ns->ns.inum;
	else
		ns->pid = BPF_CORE_READ(pid, numbers[level].ns, ns.inum);
	ns->_pad = 0;
}

/* task->flags of a kernel thread (include/linux/sched.h) */
#define CTW_PF_KTHREAD 0x00200000

#define CTW_EXE_DEPTH 8
#define CTW_EXE_MASK (CTW_TASK_EXE_LEN - 1)

/*
 * An executable's path relative to its mount, built right to left from the
 * file's dentry upwards: at most CTW_EXE_DEPTH names, and a path too long for
 * CTW_TASK_EXE_LEN keeps its deepest ones. Each name's length comes from its
 * qstr, so one pass does it; two loops (collect, then write root first) cost
 * the verifier the second loop once for every exit of the first, in every
 * program that fills a header. buf is twice CTW_TASK_EXE_LEN, so every masked
 * write and the final read stay inside it; the path ends at its middle.
 * file is read through with plain loads (it comes from ctw_task_reader()):
 * a name costs one helper call, its bytes, instead of four.
 */
static __always_inline void ctw_read_exe(char *exe, struct file *file, char *buf)
{
	__u32 pos = CTW_TASK_EXE_LEN - 1, len; /* the path so far is buf[pos..] */
	struct dentry *d, *root, *parent;
	int i;

	buf[CTW_TASK_EXE_LEN - 1] = 0;
	d = file->f_path.dentry;
	root = file->f_path.mnt->mnt_root;
	for (i = 0; i < CTW_EXE_DEPTH; i++) {
		parent = d->d_parent;
		if (d == root || d == parent || !parent)
			break;
		len = d->d_name.len;
		if (len + 1 > pos)
			break;
		pos -= len + 1;
		barrier_var(pos);
		buf[pos & CTW_EXE_MASK] = '/';
		bpf_probe_read_kernel(&buf[(pos + 1) & CTW_EXE_MASK], len & CTW_EXE_MASK,
				      d->d_name.name);
		d = parent;
	}
	/* The file is its mount's root (or nothing was readable). */
	if (pos == CTW_TASK_EXE_LEN - 1) {
		pos--;
		buf[pos & CTW_EXE_MASK] = '/';
	}
	bpf_probe_read_kernel(exe, CTW_TASK_EXE_LEN, &buf[pos & CTW_EXE_MASK]);
	exe[CTW_TASK_EXE_LEN - 1] = 0;
}

/*
 * The current task's executable, from the task's cache when it still applies.
 * st: the task's state if the caller has it already, else NULL.
 */
static __always_inline void ctw_fill_exe(char *exe, struct task_struct *task,
					 struct ctw_task_state *st)
{
	struct mm_struct *mm = ctw_task_reader(task)->mm;
	struct file *file = mm ? mm->exe_file : NULL;
	struct ctw_scratch *s;
	__u32 zero = 0;

	exe[0] = 0;
	if (!file)
		return;
	if (!st)
		st = bpf_task_storage_get(&task_state, task, NULL, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (st && st->exe_file == (__u64)file) {
		__builtin_memcpy(exe, st->exe, CTW_TASK_EXE_LEN);
		return;
	}
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return;
	ctw_read_exe(exe, file, s->path);
	if (!st)
		return;
	__builtin_memcpy(st->exe, exe, CTW_TASK_EXE_LEN);
	st->exe_file = (__u64)file;
}

/* Plain loads: asked on hot paths (every write-open of a sensitive name, ...). */
static __always_inline bool ctw_in_host_mnt_ns(void)
{
	struct task_struct *t;

	if (!cfg_host_mnt_ns)
		return false;
	t = ctw_task_reader(bpf_get_current_task_btf());
	return t->nsproxy->mnt_ns->ns.inum == cfg_host_mnt_ns;
}

/* File types of i_mode (vmlinux.h has no macros). */
#define CTW_S_IFMT 0170000
#define CTW_S_IFCHR 0020000
#define CTW_S_IFBLK 0060000
#define CTW_S_IFREG 0100000

/* s holds at least sizeof(lit) bytes; ctw_streq compares through lit's NUL. */
#define ctw_streq(s, lit) ctw_memeq(s, lit, sizeof(lit))
#define ctw_prefix(s, lit) ctw_memeq(s, lit, sizeof(lit) - 1)

static __always_inline bool ctw_memeq(const char *a, const char *b, const int n)
{
	for (int i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* Bounds the subsys index: CGROUP_SUBSYS_COUNT is 14 to 16 on today's kernels. */
#define CTW_CGROUP_SUBSYS_LIMIT 32

/*
 * The task's cgroup attribution is keyed on: its v2 cgroup, or on v1-only
 * hosts its cgroup in the chosen controller's hierarchy. Probe reads: the
 * subsys index is only known at load time.
 */
static __always_inline struct cgroup *ctw_task_cgroup(struct task_struct *task)
{
	struct cgroup_subsys_state *css = NULL;
	struct css_set *cgroups = BPF_CORE_READ(task, cgroups);
	__u32 ss = (__u32)cfg_cgroup_v1_subsys;

	if (cfg_cgroup_v1_subsys < 0)
		return BPF_CORE_READ(cgroups, dfl_cgrp);
	if (!cgroups || ss >= CTW_CGROUP_SUBSYS_LIMIT)
		return NULL;
	bpf_core_read(&css, sizeof(css), &cgroups->subsys[ss]);
	return BPF_CORE_READ(css, cgroup);
}

static __always_inline __u64 ctw_task_cgroup_id(struct task_struct *task)
{
	struct cgroup *cgrp = ctw_task_cgroup(task);

	return BPF_CORE_READ(cgrp, kn, id);
}

/*
 * The id the collector attributes a task by: on cgroup2 what
 * bpf_get_current_cgroup_id() returns (default hierarchy, plain loads: t is
 * ctw_task_reader(task)), on a v1-only host the chosen controller's cgroup.
 */
static __always_inline __u64 ctw_attribution_cgroup_id(struct task_struct *t,
						       struct task_struct *task)
{
	if (cfg_cgroup_v1_subsys < 0)
		return t->cgroups->dfl_cgrp->kn->id;
	return ctw_task_cgroup_id(task);
}

/*
 * The common header of the current task (task: bpf_get_current_task_btf());
 * st as for ctw_fill_exe(). Plain loads wherever a helper would only read the
 * task: on kernels with return-thunk mitigations (SRSO, retbleed) every
 * helper call pays for its return, and this runs on every event.
 */
static __always_inline void ctw_fill_header(struct ctw_header *hdr, struct task_struct *task,
					    __u16 type, __u16 size, __u16 nr, __u8 source,
					    struct ctw_task_state *st)
{
	struct task_struct *t = ctw_task_reader(task);
	const struct cred *cred = t->cred;

	hdr->type = type;
	hdr->size = size;
	hdr->syscall_nr = nr;
	hdr->source = source;
	hdr->ktime_ns = bpf_ktime_get_boot_ns();
	hdr->cgroup_id = ctw_attribution_cgroup_id(t, task);
	hdr->pid = t->tgid;
	hdr->tid = t->pid;
	hdr->ppid = t->real_parent->tgid;
	hdr->uid = cred->uid.val;
	hdr->euid = cred->euid.val;
	hdr->gid = cred->gid.val;
	hdr->egid = cred->egid.val;
	hdr->cap_effective = ctw_cred_cap(cred, cap_effective);
	ctw_fill_ns_current(&hdr->ns, t);
	__builtin_memcpy(hdr->comm, t->comm, sizeof(hdr->comm));
	hdr->comm[sizeof(hdr->comm) - 1] = 0;
	ctw_fill_exe(hdr->exe, task, st);
}

/*
 * Wake the consumer once this CPU has queued cfg_wakeup_bytes since it last
 * did; the consumer also polls with a short timeout. Counted per CPU rather
 * than asked of the ring (bpf_ringbuf_query): the ring's consumer position
 * lives in a cache line the consumer's CPU keeps writing.
 */
static __always_inline __u64 ctw_wakeup_flag(__u32 size)
{
	struct ctw_scratch *s;
	__u32 zero = 0;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return BPF_RB_FORCE_WAKEUP;
	s->unwoken_bytes += size;
	if (s->unwoken_bytes < cfg_wakeup_bytes)
		return BPF_RB_NO_WAKEUP;
	s->unwoken_bytes = 0;
	return BPF_RB_FORCE_WAKEUP;
}

/* Every record of every type goes out here, so emitted + lost counts them all. */
static __always_inline void ctw_emit(void *rec, __u32 size, __u32 type)
{
	struct ctw_counters *c = ctw_counters();
	long err;

	if (size > sizeof(union ctw_any_event))
		size = sizeof(union ctw_any_event);
	err = bpf_ringbuf_output(&events, rec, size, ctw_wakeup_flag(size));
	if (!c || type >= CTW_EVENT_TYPE_MAX)
		return;
	if (err)
		__sync_fetch_and_add(&c->by_type[type].lost, 1);
	else
		__sync_fetch_and_add(&c->by_type[type].emitted, 1);
}

/*
 * The struct file behind one of the current task's descriptors, or NULL.
 * Plain loads down to the fd array; one probe read for the slot, whose index
 * the verifier cannot bound.
 */
static __always_inline struct file *ctw_task_fd_file(struct task_struct *task, long fd)
{
	struct fdtable *fdt = ctw_task_reader(task)->files->fdt;
	struct file **fds = fdt->fd;
	struct file *file = NULL;

	if (fd < 0 || !fds || (unsigned long)fd >= fdt->max_fds)
		return NULL;
	bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]);
	return file;
}

/* A zeroed per-CPU record to build a record that is emitted in the same run. */
/*
 * bpf_probe_read_*_str into a field of `size` bytes, setting CTW_HDR_STR_CUT in
 * the record's header when the string did not fit. A full field (the helper
 * returned size) may hold a string of exactly size - 1 bytes: the byte the
 * helper replaced by the NUL tells the two apart.
 */
static __always_inline void ctw_read_user_str(struct ctw_header *hdr, char *dst, __u32 size,
					      const void *src)
{
	char next = 0;

	if (bpf_probe_read_user_str(dst, size, src) == size &&
	    bpf_probe_read_user(&next, 1, (const char *)src + size - 1) == 0 && next)
		hdr->flags |= CTW_HDR_STR_CUT;
}

static __always_inline void ctw_read_kernel_str(struct ctw_header *hdr, char *dst, __u32 size,
						const void *src)
{
	char next = 0;

	if (bpf_probe_read_kernel_str(dst, size, src) == size &&
	    bpf_probe_read_kernel(&next, 1, (const char *)src + size - 1) == 0 && next)
		hdr->flags |= CTW_HDR_STR_CUT;
}

static __always_inline union ctw_any_event *ctw_scratch_record(void)
{
	__u32 zero = 0;
	struct ctw_scratch *s = bpf_map_lookup_elem(&scratch, &zero);
	union ctw_any_event *z = bpf_map_lookup_elem(&zero_record, &zero);

	if (!s || !z)
		return NULL;
	/* One helper call instead of hundreds of inlined stores. */
	bpf_probe_read_kernel(&s->rec, sizeof(s->rec), z);
	return &s->rec;
}

#endif /* CTRWATCH_COMMON_BPF_H */
