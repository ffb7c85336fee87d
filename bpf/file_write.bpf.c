// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The open family's exits, two record types:
 *
 * file_write: a write-open of a kernel interface file — cgroup v1's
 * release_agent / notify_on_release, /sys/kernel/uevent_helper,
 * /proc/sysrq-trigger, and sysctls under /proc/sys (any of them from a
 * container, the usermode-helper ones from anywhere); cgroup v1's
 * devices.allow outside the host's mount namespace (the runtime writes it
 * from there); binfmt_misc's register. And a regular file whose name is in the
 * sensitive list (ld.so.preload, shadow, ...: config sensitive_files) written
 * from a container through a mount other than its root (a host path mounted in).
 *
 * file_open: an open, read-only ones included, of a block device (outside the
 * host's mount namespace: udev and blkid open disks all day), of /dev/mem,
 * /dev/kmem or /dev/port (from anywhere), and a write-open of another
 * process's /proc/PID/mem, and a write-open of a host container runtime
 * binary (runtime_bins: device and inode, whatever path reached it).
 *
 * Only sys_exit: the opened struct file already says how it was opened
 * (f_mode), what it is (i_mode, i_rdev) and where it lives (superblock,
 * dentries), so nothing is stored per call. Every open on the host passes
 * here, so the checks run cheapest and most selective first: a failed open
 * costs one compare; the fd slot is one probe read; f_mode and i_mode are
 * plain loads where bpf_rdonly_cast exists (probe reads before 6.2); a
 * character device adds i_rdev, a write-open of an ordinary file the
 * superblock magic; only write-opens on proc, sysfs, cgroup and binfmt_misc
 * file systems read a name; a write-open of an ordinary file elsewhere one
 * hash lookup while runtime_bins holds an entry, and a name read only when the
 * name's length is one of the sensitive names'. tests/bench/open_ab.sh
 * measures it.
 *
 * A write-open the kernel refuses leaves no file for sys_exit to look at: the
 * fexit of vfs_open, where the path is still at hand, reports the one that
 * matters, a runtime binary opened for writing while it runs (ETXTBSY: the
 * CVE-2019-5736 loop waits for exactly that to stop failing).
 */
#include "common.bpf.h"

#define CTW_FMODE_WRITE 0x2
#define CTW_PROC_SUPER_MAGIC 0x9fa0
#define CTW_SYSFS_MAGIC 0x62656572
#define CTW_CGROUP_SUPER_MAGIC 0x27e0eb
#define CTW_CGROUP2_SUPER_MAGIC 0x63677270
#define CTW_BINFMTFS_MAGIC 0x42494e4d
/* The kernel's internal dev_t: 12 bits of major above 20 of minor. */
#define CTW_MINORBITS 20
#define CTW_MEM_MAJOR 1
#define CTW_MEM_MINOR_MEM 1
#define CTW_MEM_MINOR_KMEM 2
#define CTW_MEM_MINOR_PORT 4
/* /proc/sys/net/ipv4/conf/<if>/<name>: the deepest sysctls are 5 below /proc/sys. */
#define CTW_PROC_SYS_DEPTH 8

/*
 * The child of the proc root on d's way up, or NULL when d is deeper than we
 * look. d_parent chains end at the superblock's root, whatever the mount: a
 * bind mount of /proc/sys alone (as runtimes make read-only) walks the same way.
 */
static __always_inline struct dentry *ctw_proc_top(struct dentry *d)
{
	struct dentry *up;

	for (int i = 0; i < CTW_PROC_SYS_DEPTH; i++) {
		up = BPF_CORE_READ(d, d_parent);
		if (up == d)
			return NULL; /* d is the root itself */
		if (BPF_CORE_READ(up, d_parent) == up)
			return d;
		d = up;
	}
	return NULL;
}

static __always_inline bool ctw_dentry_is(struct dentry *d, const char *lit, __u32 len)
{
	char buf[4] = {};

	/* len < 4 only: "sys" */
	if (BPF_CORE_READ(d, d_name.len) != len)
		return false;
	bpf_probe_read_kernel(buf, len, BPF_CORE_READ(d, d_name.name));
	return ctw_memeq(buf, lit, len);
}

/* sysctls that name a program the kernel runs as root on the host. */
static __always_inline bool ctw_is_helper_sysctl(const char *name)
{
	return ctw_streq(name, "core_pattern") || ctw_streq(name, "modprobe") ||
	       ctw_streq(name, "hotplug");
}

/* Whether a proc file is worth a record: sysrq-trigger, or a sysctl (see the top). */
static __always_inline bool ctw_proc_interesting(struct dentry *d, const char *name)
{
	struct dentry *top = ctw_proc_top(d);

	if (!top)
		return false;
	if (top == d)
		return ctw_streq(name, "sysrq-trigger");
	if (!ctw_dentry_is(top, "sys", 3))
		return false;
	return ctw_is_helper_sysctl(name) || !ctw_in_host_mnt_ns();
}

/*
 * What every open is filtered on: f_mode, i_mode and the filesystem's magic.
 * Plain loads through an untrusted cast where the kernel has bpf_rdonly_cast
 * (the verifier prunes the other branch as dead code, rodata being known at
 * load): each probe read is a helper call, and a write-open pays every one.
 */
static __always_inline void ctw_file_modes(struct file *file, __u32 *fmode, __u32 *imode,
					   __u64 *magic)
{
	struct file *f;

	if (cfg_have_rdonly_cast) {
		f = bpf_rdonly_cast(file, bpf_core_type_id_kernel(struct file));
		*fmode = f->f_mode;
		*imode = f->f_inode->i_mode;
		*magic = f->f_inode->i_sb->s_magic;
	} else {
		*fmode = BPF_CORE_READ(file, f_mode);
		*imode = BPF_CORE_READ(file, f_inode, i_mode);
		*magic = BPF_CORE_READ(file, f_inode, i_sb, s_magic);
	}
}

static __always_inline __u32 ctw_file_rdev(struct file *file)
{
	struct file *f;

	if (cfg_have_rdonly_cast) {
		f = bpf_rdonly_cast(file, bpf_core_type_id_kernel(struct file));
		return f->f_inode->i_rdev;
	}
	return BPF_CORE_READ(file, f_inode, i_rdev);
}

/* The file's and its parent's dentry names. */
static __always_inline void ctw_read_names(struct ctw_header *hdr, struct dentry *d, char *name,
					   char *parent)
{
	struct dentry *up = BPF_CORE_READ(d, d_parent);

	ctw_read_kernel_str(hdr, name, CTW_NAME_LEN, BPF_CORE_READ(d, d_name.name));
	ctw_read_kernel_str(hdr, parent, CTW_NAME_LEN, BPF_CORE_READ(up, d_name.name));
}

static __always_inline void ctw_emit_file_open(struct trace_event_raw_sys_exit *ctx,
					       struct task_struct *task, struct file *file,
					       __u32 kind, __u32 imode, __u32 rdev, __u32 target,
					       const struct ctw_file_id *fid)
{
	struct ctw_file_open_event *e;
	union ctw_any_event *rec;

	if (!ctw_task_watched(task))
		return;
	rec = ctw_scratch_record();
	if (!rec)
		return;
	e = &rec->file_open;
	ctw_read_names(&e->hdr, BPF_CORE_READ(file, f_path.dentry), e->name, e->parent);
	ctw_fill_header(&e->hdr, task, CTW_EVENT_FILE_OPEN, sizeof(*e), (__u16)ctx->id,
			CTW_SOURCE_SYSCALL_TP, NULL);
	e->hdr.ret = ctx->ret;
	e->hdr.flags |= CTW_HDR_HAS_RET;
	e->sb_magic = BPF_CORE_READ(file, f_inode, i_sb, s_magic);
	e->open_flags = BPF_CORE_READ(file, f_flags);
	e->kind = kind;
	e->mode = imode;
	e->rdev_major = rdev >> CTW_MINORBITS;
	e->rdev_minor = rdev & ((1U << CTW_MINORBITS) - 1);
	e->target_pid = target;
	if (fid)
		e->file = *fid;
	ctw_emit(e, sizeof(*e), CTW_EVENT_FILE_OPEN);
}

/* Whether inode is one of the host's runtime binaries; *id is its key either way. */
static __always_inline bool ctw_runtime_bin(struct inode *inode, struct ctw_file_id *id)
{
	struct inode *i;

	if (cfg_have_rdonly_cast) {
		i = bpf_rdonly_cast(inode, bpf_core_type_id_kernel(struct inode));
		id->ino = i->i_ino;
		id->dev = i->i_sb->s_dev;
	} else {
		id->ino = BPF_CORE_READ(inode, i_ino);
		id->dev = BPF_CORE_READ(inode, i_sb, s_dev);
	}
	id->_pad = 0;
	return bpf_map_lookup_elem(&runtime_bins, id) != NULL;
}

/* A device was opened: only disks (from a container) and the memory devices are kept. */
static __always_inline int ctw_device_open(struct trace_event_raw_sys_exit *ctx,
					   struct task_struct *task, struct file *file, __u32 imode)
{
	__u32 rdev = ctw_file_rdev(file), major = rdev >> CTW_MINORBITS;
	__u32 minor = rdev & ((1U << CTW_MINORBITS) - 1);

	if (!ctw_type_enabled(CTW_EVENT_FILE_OPEN))
		return 0;
	if ((imode & CTW_S_IFMT) == CTW_S_IFBLK) {
		if (ctw_in_host_mnt_ns())
			return 0;
		ctw_emit_file_open(ctx, task, file, CTW_FILE_OPEN_BLOCK_DEVICE, imode, rdev, 0,
				   NULL);
		return 0;
	}
	if (major != CTW_MEM_MAJOR || (minor != CTW_MEM_MINOR_MEM && minor != CTW_MEM_MINOR_KMEM &&
				       minor != CTW_MEM_MINOR_PORT))
		return 0;
	ctw_emit_file_open(ctx, task, file, CTW_FILE_OPEN_MEM_DEVICE, imode, rdev, 0, NULL);
	return 0;
}

/*
 * /proc/PID/mem (or /proc/PID/task/TID/mem) opened for writing: the host tgid
 * of the process it belongs to, 0 when that is the caller itself (a JIT
 * patching its own code) or the owner is gone.
 */
static __always_inline __u32 ctw_proc_mem_target(struct file *file, struct task_struct *task)
{
	struct inode *inode = BPF_CORE_READ(file, f_inode);
	struct proc_inode *pi;
	struct hlist_node *first;
	struct task_struct *owner;
	__u32 tgid;

	pi = (struct proc_inode *)((char *)inode -
				   bpf_core_field_offset(struct proc_inode, vfs_inode));
	first = BPF_CORE_READ(pi, pid, tasks[PIDTYPE_PID].first);
	if (!first)
		return 0;
	owner = (struct task_struct *)((char *)first -
				       bpf_core_field_offset(struct task_struct, pid_links));
	tgid = BPF_CORE_READ(owner, tgid);
	return tgid == (__u32)ctw_task_reader(task)->tgid ? 0 : tgid;
}

/* The length of the file's dentry name: a plain load where bpf_rdonly_cast exists. */
static __always_inline __u32 ctw_file_name_len(struct file *file)
{
	struct file *f;

	if (cfg_have_rdonly_cast) {
		f = bpf_rdonly_cast(file, bpf_core_type_id_kernel(struct file));
		return f->f_path.dentry->d_name.len;
	}
	return BPF_CORE_READ(file, f_path.dentry, d_name.len);
}

/*
 * A write-open of a regular file named in the sensitive list (ld.so.preload,
 * shadow, ...) is kept when it comes from outside the host's mount namespace
 * and the file is on a mount other than the task's root: a host path mounted
 * into the container. The host's package manager and passwd, and a container
 * writing its own image's files, are dropped here. The name's length is the
 * first filter (one load), so other write-opens cost nothing more.
 */
static __always_inline int ctw_sensitive_write(struct trace_event_raw_sys_exit *ctx,
					       struct task_struct *task, struct file *file,
					       __u32 imode, __u64 magic)
{
	__u32 len = ctw_file_name_len(file);
	struct ctw_file_write_event *e;
	union ctw_any_event *rec;
	struct dentry *d;

	if (len >= 64 || !(cfg_sensitive_name_lens & (1ULL << len)))
		return 0;
	if ((imode & CTW_S_IFMT) != CTW_S_IFREG || ctw_in_host_mnt_ns())
		return 0;
	if (BPF_CORE_READ(file, f_path.mnt) == BPF_CORE_READ(task, fs, root.mnt))
		return 0;
	if (!ctw_type_enabled(CTW_EVENT_FILE_WRITE) || !ctw_task_watched(task))
		return 0;
	rec = ctw_scratch_record();
	if (!rec)
		return 0;
	e = &rec->file_write;
	d = BPF_CORE_READ(file, f_path.dentry);
	/* The record is zeroed: the name is NUL-padded, as the map's keys. */
	bpf_probe_read_kernel_str(e->name, sizeof(e->name), BPF_CORE_READ(d, d_name.name));
	if (!bpf_map_lookup_elem(&sensitive_names, e->name))
		return 0;
	ctw_read_names(&e->hdr, d, e->name, e->parent);
	ctw_fill_header(&e->hdr, task, CTW_EVENT_FILE_WRITE, sizeof(*e), (__u16)ctx->id,
			CTW_SOURCE_SYSCALL_TP, NULL);
	e->hdr.ret = ctx->ret;
	e->hdr.flags |= CTW_HDR_HAS_RET;
	e->sb_magic = magic;
	e->open_flags = BPF_CORE_READ(file, f_flags);
	e->kind = CTW_FILE_WRITE_SENSITIVE;
	ctw_emit(e, sizeof(*e), CTW_EVENT_FILE_WRITE);
	return 0;
}

static __always_inline int ctw_open_exit(struct trace_event_raw_sys_exit *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	long fd = ctx->ret;
	struct ctw_file_write_event *e;
	struct ctw_file_id fid;
	union ctw_any_event *rec;
	__u32 fmode, imode, target;
	struct dentry *d;
	struct file *file;
	__u64 magic;
	bool keep;

	if (fd < 0)
		return 0;
	file = ctw_task_fd_file(task, fd); /* the file the open just installed */
	if (!file)
		return 0;
	ctw_file_modes(file, &fmode, &imode, &magic);
	if ((imode & CTW_S_IFMT) == CTW_S_IFBLK || (imode & CTW_S_IFMT) == CTW_S_IFCHR)
		return ctw_device_open(ctx, task, file, imode);
	if (!(fmode & CTW_FMODE_WRITE))
		return 0;
	if (magic != CTW_PROC_SUPER_MAGIC && magic != CTW_SYSFS_MAGIC &&
	    magic != CTW_CGROUP_SUPER_MAGIC && magic != CTW_CGROUP2_SUPER_MAGIC &&
	    magic != CTW_BINFMTFS_MAGIC) {
		if (cfg_runtime_bins && (imode & CTW_S_IFMT) == CTW_S_IFREG &&
		    ctw_type_enabled(CTW_EVENT_FILE_OPEN) &&
		    ctw_runtime_bin(BPF_CORE_READ(file, f_inode), &fid)) {
			ctw_emit_file_open(ctx, task, file, CTW_FILE_OPEN_RUNTIME_BINARY, imode, 0,
					   0, &fid);
			return 0;
		}
		return ctw_sensitive_write(ctx, task, file, imode, magic);
	}
	if (!ctw_task_watched(task))
		return 0;
	rec = ctw_scratch_record();
	if (!rec)
		return 0;
	e = &rec->file_write;
	d = BPF_CORE_READ(file, f_path.dentry);
	ctw_read_kernel_str(&e->hdr, e->name, sizeof(e->name), BPF_CORE_READ(d, d_name.name));
	if (magic == CTW_PROC_SUPER_MAGIC) {
		if (ctw_streq(e->name, "mem")) {
			/* Not a sysctl: no file_write record either way. */
			if (!ctw_type_enabled(CTW_EVENT_FILE_OPEN))
				return 0;
			target = ctw_proc_mem_target(file, task);
			if (target)
				ctw_emit_file_open(ctx, task, file, CTW_FILE_OPEN_PROC_MEM, imode,
						   0, target, NULL);
			return 0;
		}
		keep = ctw_proc_interesting(d, e->name);
	} else if (magic == CTW_SYSFS_MAGIC) {
		keep = ctw_streq(e->name, "uevent_helper");
	} else if (magic == CTW_BINFMTFS_MAGIC) {
		keep = ctw_streq(e->name, "register");
	} else {
		keep = ctw_streq(e->name, "release_agent") ||
		       ctw_streq(e->name, "notify_on_release") ||
		       (magic == CTW_CGROUP_SUPER_MAGIC && ctw_streq(e->name, "devices.allow") &&
			!ctw_in_host_mnt_ns());
	}
	if (!keep || !ctw_type_enabled(CTW_EVENT_FILE_WRITE))
		return 0;
	ctw_read_names(&e->hdr, d, e->name, e->parent);
	ctw_fill_header(&e->hdr, task, CTW_EVENT_FILE_WRITE, sizeof(*e), (__u16)ctx->id,
			CTW_SOURCE_SYSCALL_TP, NULL);
	e->hdr.ret = fd;
	e->hdr.flags |= CTW_HDR_HAS_RET;
	e->sb_magic = magic;
	/* O_ACCMODE and the status flags; the kernel has already cleared O_CREAT/O_TRUNC. */
	e->open_flags = BPF_CORE_READ(file, f_flags);
	ctw_emit(e, sizeof(*e), CTW_EVENT_FILE_WRITE);
	return 0;
}

/* open and creat exist on x86_64 only; the loader switches off what the kernel lacks. */
SEC("tracepoint/syscalls/sys_exit_openat")
int handle_sys_exit_openat(struct trace_event_raw_sys_exit *ctx)
{
	return ctw_open_exit(ctx);
}

SEC("tracepoint/syscalls/sys_exit_openat2")
int handle_sys_exit_openat2(struct trace_event_raw_sys_exit *ctx)
{
	return ctw_open_exit(ctx);
}

SEC("tracepoint/syscalls/sys_exit_open")
int handle_sys_exit_open(struct trace_event_raw_sys_exit *ctx)
{
	return ctw_open_exit(ctx);
}

SEC("tracepoint/syscalls/sys_exit_creat")
int handle_sys_exit_creat(struct trace_event_raw_sys_exit *ctx)
{
	return ctw_open_exit(ctx);
}

/*
 * The syscall the task is in, from the registers it entered the kernel with:
 * an fexit program has no tracepoint record to say it.
 */
static __always_inline __u16 ctw_current_syscall_nr(struct task_struct *task)
{
	struct pt_regs *regs;

	if (!bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs))
		return CTW_NO_SYSCALL;
	regs = (struct pt_regs *)bpf_task_pt_regs(task);
	if (!regs)
		return CTW_NO_SYSCALL;
#if defined(__TARGET_ARCH_x86)
	return (__u16)BPF_CORE_READ(regs, orig_ax);
#elif defined(__TARGET_ARCH_arm64)
	return (__u16)BPF_CORE_READ(regs, syscallno);
#else
	return CTW_NO_SYSCALL;
#endif
}

/*
 * A write-open of a runtime binary that the kernel refused. The loader runs
 * this only while runtime_bins holds entries; then every open on the host
 * pays the trampoline and one compare, a refused write-open a lookup.
 */
SEC("fexit/vfs_open")
int BPF_PROG(handle_vfs_open_exit, const struct path *path, struct file *file, int ret)
{
	struct ctw_file_open_event *e;
	struct task_struct *task;
	union ctw_any_event *rec;
	struct ctw_file_id fid;
	struct inode *inode;
	struct dentry *d;

	if (ret >= 0 || !(BPF_CORE_READ(file, f_mode) & CTW_FMODE_WRITE))
		return 0;
	d = BPF_CORE_READ(path, dentry);
	inode = BPF_CORE_READ(d, d_inode);
	if (!inode || !ctw_runtime_bin(inode, &fid))
		return 0;
	task = bpf_get_current_task_btf();
	if (!ctw_type_enabled(CTW_EVENT_FILE_OPEN) || !ctw_task_watched(task))
		return 0;
	rec = ctw_scratch_record();
	if (!rec)
		return 0;
	e = &rec->file_open;
	ctw_read_names(&e->hdr, d, e->name, e->parent);
	ctw_fill_header(&e->hdr, task, CTW_EVENT_FILE_OPEN, sizeof(*e),
			ctw_current_syscall_nr(task), CTW_SOURCE_FEXIT, NULL);
	e->hdr.ret = ret;
	e->hdr.flags |= CTW_HDR_HAS_RET;
	e->sb_magic = BPF_CORE_READ(inode, i_sb, s_magic);
	e->open_flags = BPF_CORE_READ(file, f_flags);
	e->kind = CTW_FILE_OPEN_RUNTIME_BINARY;
	e->mode = BPF_CORE_READ(inode, i_mode);
	e->file = fid;
	ctw_emit(e, sizeof(*e), CTW_EVENT_FILE_OPEN);
	return 0;
}
