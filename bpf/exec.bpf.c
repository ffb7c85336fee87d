// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Every exec passes here, for three reports. exec: what the kernel knew of
 * the exec'd file and the task, for the process cache and the exec
 * detections (the collector makes an event of it only when one fires, or
 * with exec_events: all). container_start: the first exec in
 * a cgroup that is not the container runtime's own (lifecycle.bpf.h).
 * setuid_exec: an exec that changed credentials. execve(at) sys_enter stored
 * the old creds (capture.bpf.h); here, once the new creds are installed, the
 * exec is reported only if it raised the effective ids or gained capabilities.
 * Every other exec is dropped in the kernel, and counted.
 */
#include "common.bpf.h"
#include "lifecycle.bpf.h"

#define CTW_OVERLAYFS_SUPER_MAGIC 0x794c7630
#define CTW_MEMFD_PREFIX "memfd:"

/* overlayfs' inode (fs/overlayfs/ovl_entry.h); only the two fields read here. */
struct ovl_inode___ctw {
	struct inode vfs_inode;
	struct dentry *__upperdentry;
} __attribute__((preserve_access_index));

/*
 * Whether an overlayfs inode has an upper dentry: the file was written (or
 * copied up) in the container's writable layer, not shipped in the image.
 */
static __always_inline bool ctw_ovl_upper(struct inode *inode)
{
	struct ovl_inode___ctw *oi;
	struct dentry *upper = NULL;

	if (!bpf_core_type_exists(struct ovl_inode___ctw))
		return false;
	oi = (void *)((char *)inode - bpf_core_field_offset(struct ovl_inode___ctw, vfs_inode));
	bpf_probe_read_kernel(&upper, sizeof(upper), &oi->__upperdentry);
	return upper != NULL;
}

/* The mount a vfsmount is embedded in (fs/mount.h's real_mount()). */
static __always_inline struct mount *ctw_real_mount(struct vfsmount *vfsmnt)
{
	return (void *)((char *)vfsmnt - bpf_core_field_offset(struct mount, mnt));
}

/* The mount namespace a path's mount belongs to (NULL: detached). */
static __always_inline struct mnt_namespace *ctw_path_mnt_ns(struct vfsmount *vfsmnt)
{
	return BPF_CORE_READ(ctw_real_mount(vfsmnt), mnt_ns);
}

/*
 * Names plus mount crossings the cwd walk takes: more than a cwd of
 * CTW_CWD_LEN bytes made of one-letter names holds.
 */
#define CTW_CWD_DEPTH 64
#define CTW_CWD_MASK (CTW_CWD_LEN - 1)

/*
 * The working directory as the task sees it, as d_path() builds it: right to
 * left from fs->pwd up to fs->root, a mount's root continuing at its
 * mountpoint in the parent mount. A directory outside the task's root (a
 * descriptor leaked in from another mount namespace, CTW-025) runs up to the
 * top of its own mount tree: the host's path of a leaked host directory. A
 * path longer than CTW_CWD_LEN keeps its deepest whole names and says so.
 * Unlocked reads, like the exe path: a rename racing the exec can show either
 * name.
 *
 * s->path is twice CTW_CWD_LEN, so every masked write and the final read stay
 * inside it; the path ends at its middle. For the verifier: the position
 * lives in the map (s->path_pos), whose contents it does not track, so the
 * paths through an iteration (a name, a mount crossed) leave equal states
 * and are checked once; and the function is not inlined, so the walk's exits
 * meet at its return and the rest of the exec program is checked once.
 */
static __noinline int ctw_read_cwd(struct ctw_exec_event *e, struct task_struct *task,
				   struct ctw_scratch *s)
{
	struct dentry *d, *parent, *mnt_root, *root;
	struct vfsmount *vfsmnt, *root_mnt;
	struct fs_struct *fs = BPF_CORE_READ(task, fs);
	struct mount *mnt, *up;
	__u32 pos, len;
	int i;

	s->path[CTW_CWD_LEN - 1] = 0;
	s->path_pos = CTW_CWD_LEN - 1; /* the path so far is path[path_pos..] */
	d = BPF_CORE_READ(fs, pwd.dentry);
	vfsmnt = BPF_CORE_READ(fs, pwd.mnt);
	root = BPF_CORE_READ(fs, root.dentry);
	root_mnt = BPF_CORE_READ(fs, root.mnt);
	mnt = ctw_real_mount(vfsmnt);
	mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
	for (i = 0; i < CTW_CWD_DEPTH; i++) {
		if ((d == root && vfsmnt == root_mnt) || !d)
			goto done;
		if (d == mnt_root) {
			up = BPF_CORE_READ(mnt, mnt_parent);
			/* The top of a mount tree, or a detached mount. */
			if (up == mnt)
				goto done;
			d = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = up;
			vfsmnt = (void *)((char *)up + bpf_core_field_offset(struct mount, mnt));
			mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
			continue;
		}
		parent = BPF_CORE_READ(d, d_parent);
		if (d == parent)
			goto done;
		len = BPF_CORE_READ(d, d_name.len);
		pos = s->path_pos;
		if (len + 1 > pos)
			break;
		pos -= len + 1;
		s->path_pos = pos;
		s->path[pos & CTW_CWD_MASK] = '/';
		bpf_probe_read_kernel(&s->path[(pos + 1) & CTW_CWD_MASK], len & CTW_CWD_MASK,
				      BPF_CORE_READ(d, d_name.name));
		d = parent;
	}
	e->flags |= CTW_EXEC_CWD_TRUNCATED;
done:
	pos = s->path_pos;
	/* The root itself; a cut path that kept no name stays "". */
	if (pos == CTW_CWD_LEN - 1 && !(e->flags & CTW_EXEC_CWD_TRUNCATED)) {
		pos--;
		s->path[pos & CTW_CWD_MASK] = '/';
	}
	bpf_probe_read_kernel(e->cwd, CTW_CWD_LEN, &s->path[pos & CTW_CWD_MASK]);
	e->cwd[CTW_CWD_LEN - 1] = 0;
	return 0;
}

/* argv of the new program, whole arguments or a cut last one (the collector trims it). */
static __always_inline void ctw_read_args(struct ctw_exec_event *e, struct task_struct *task)
{
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	unsigned long start = BPF_CORE_READ(mm, arg_start), end = BPF_CORE_READ(mm, arg_end);
	__u32 n;

	if (!mm || end <= start) {
		e->flags |= CTW_EXEC_ARGS_UNREADABLE;
		return;
	}
	e->args_size = end - start > 0xffffffffUL ? 0xffffffffU : (__u32)(end - start);
	n = e->args_size;
	if (n > CTW_ARGS_LEN) {
		n = CTW_ARGS_LEN;
		e->flags |= CTW_EXEC_ARGS_TRUNCATED;
	}
	/* For the verifier: n is at most CTW_ARGS_LEN already. */
	barrier_var(n);
	n &= 2 * CTW_ARGS_LEN - 1;
	/* The pages were written by this exec a moment ago: present, no fault. */
	if (bpf_probe_read_user(e->args, n, (void *)start) < 0) {
		e->flags |= CTW_EXEC_ARGS_UNREADABLE;
		return;
	}
	e->args_len = n;
}

static __always_inline void ctw_emit_exec(struct task_struct *task, struct linux_binprm *bprm,
					  struct ctw_task_state *st)
{
	struct task_struct *t = ctw_task_reader(task);
	struct mnt_namespace *own, *ns;
	struct ctw_exec_event *e;
	struct ctw_scratch *s;
	__u32 zero = 0;
	union ctw_any_event *rec;
	struct file *file;
	struct inode *inode;
	struct super_block *sb;
	char name[sizeof(CTW_MEMFD_PREFIX)] = {};

	rec = ctw_scratch_record();
	if (!rec)
		return;
	e = &rec->exec;
	ctw_fill_header(&e->hdr, task, CTW_EVENT_EXEC, sizeof(*e), CTW_NO_SYSCALL,
			CTW_SOURCE_EXEC_TP, st);
	e->start_ns = t->start_boottime;
	/*
	 * Plain loads from here (one helper call each would be a probe read): the
	 * exec program runs on every exec of the host. Through an untrusted cast
	 * where the kernel has one, for the reason ctw_task_reader() gives.
	 */
	if (cfg_have_rdonly_cast)
		bprm = bpf_rdonly_cast(bprm, bpf_core_type_id_kernel(struct linux_binprm));
	file = bprm->file;
	if (!file)
		file = t->mm->exe_file;
	inode = file->f_inode;
	sb = inode->i_sb;
	e->exe_ino = inode->i_ino;
	e->exe_dev = sb->s_dev;
	e->exe_nlink = inode->__i_nlink;
	e->exe_mode = inode->i_mode;
	if (sb->s_magic == CTW_OVERLAYFS_SUPER_MAGIC) {
		e->flags |= CTW_EXEC_OVERLAY;
		if (ctw_ovl_upper(inode))
			e->flags |= CTW_EXEC_UPPER_LAYER;
	}
	bpf_probe_read_kernel(name, sizeof(name) - 1, file->f_path.dentry->d_name.name);
	if (ctw_prefix(name, CTW_MEMFD_PREFIX))
		e->flags |= CTW_EXEC_MEMFD;
	if (BPF_CORE_READ_BITFIELD_PROBED(bprm, secureexec))
		e->flags |= CTW_EXEC_SECUREEXEC;
	if (t->real_parent->flags & CTW_PF_KTHREAD)
		e->flags |= CTW_EXEC_PARENT_KTHREAD;
	/* CVE-2024-21626: a cwd or root reached through a descriptor the runtime leaked. */
	own = t->nsproxy->mnt_ns;
	ns = ctw_path_mnt_ns(BPF_CORE_READ(task, fs, pwd.mnt));
	if (ns && ns != own)
		e->flags |= CTW_EXEC_CWD_OUTSIDE;
	ns = ctw_path_mnt_ns(BPF_CORE_READ(task, fs, root.mnt));
	if (ns && ns != own)
		e->flags |= CTW_EXEC_ROOT_OUTSIDE;
	ctw_read_kernel_str(&e->hdr, e->filename, sizeof(e->filename),
			    BPF_CORE_READ(bprm, filename));
	ctw_read_args(e, task);
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (s)
		ctw_read_cwd(e, task, s);
	ctw_emit(e, sizeof(*e), CTW_EVENT_EXEC);
}

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
	if (ctw_type_enabled(CTW_EVENT_EXEC) && ctw_task_watched(task))
		ctw_emit_exec(task, bprm, st);
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
	ctw_read_kernel_str(&e->hdr, e->filename, sizeof(e->filename),
			    BPF_CORE_READ(bprm, filename));
	ctw_emit(e, sizeof(*e), CTW_EVENT_SETUID_EXEC);
out:
	bpf_map_delete_elem(&exec_creds, &key);
	return 0;
}
