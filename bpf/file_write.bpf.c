// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * file_write: a write-open of a kernel interface file — cgroup v1's
 * release_agent / notify_on_release, /sys/kernel/uevent_helper,
 * /proc/sysrq-trigger, and sysctls under /proc/sys (any of them from a
 * container, the usermode-helper ones from anywhere).
 *
 * Only sys_exit of the open family: the opened struct file already says how it
 * was opened (f_mode) and where it lives (superblock, dentries), so nothing is
 * stored per call. Every open on the host passes here, so the checks run
 * cheapest and most selective first: a failed open costs one compare, a
 * read-only open two probe reads (the fd slot, f_mode), a write-open of an
 * ordinary file three more (the superblock magic); only write-opens on proc,
 * sysfs and cgroup file systems read a name. tests/bench/open_ab.sh measures it.
 */
#include "common.bpf.h"

#define CTW_FMODE_WRITE 0x2
#define CTW_PROC_SUPER_MAGIC 0x9fa0
#define CTW_SYSFS_MAGIC 0x62656572
#define CTW_CGROUP_SUPER_MAGIC 0x27e0eb
#define CTW_CGROUP2_SUPER_MAGIC 0x63677270
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

static __always_inline bool ctw_in_host_mnt_ns(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	return cfg_host_mnt_ns && BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum) == cfg_host_mnt_ns;
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

static __always_inline int ctw_file_write_exit(struct trace_event_raw_sys_exit *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	long fd = ctx->ret;
	struct ctw_file_write_event *e;
	union ctw_any_event *rec;
	struct dentry *d, *parent;
	struct file *file;
	__u64 magic;
	bool keep;

	if (fd < 0)
		return 0;
	file = ctw_task_fd_file(task, fd); /* the file the open just installed */
	if (!file || !(BPF_CORE_READ(file, f_mode) & CTW_FMODE_WRITE))
		return 0;
	magic = BPF_CORE_READ(file, f_inode, i_sb, s_magic);
	if (magic != CTW_PROC_SUPER_MAGIC && magic != CTW_SYSFS_MAGIC &&
	    magic != CTW_CGROUP_SUPER_MAGIC && magic != CTW_CGROUP2_SUPER_MAGIC)
		return 0;
	if (!ctw_task_watched(task))
		return 0;
	rec = ctw_scratch_record();
	if (!rec)
		return 0;
	e = &rec->file_write;
	d = BPF_CORE_READ(file, f_path.dentry);
	bpf_probe_read_kernel_str(e->name, sizeof(e->name), BPF_CORE_READ(d, d_name.name));
	if (magic == CTW_PROC_SUPER_MAGIC)
		keep = ctw_proc_interesting(d, e->name);
	else if (magic == CTW_SYSFS_MAGIC)
		keep = ctw_streq(e->name, "uevent_helper");
	else
		keep =
		    ctw_streq(e->name, "release_agent") || ctw_streq(e->name, "notify_on_release");
	if (!keep)
		return 0;
	parent = BPF_CORE_READ(d, d_parent);
	bpf_probe_read_kernel_str(e->parent, sizeof(e->parent), BPF_CORE_READ(parent, d_name.name));
	ctw_fill_header(&e->hdr, task, CTW_EVENT_FILE_WRITE, sizeof(*e), (__u16)ctx->id,
			CTW_SOURCE_SYSCALL_TP, NULL);
	e->hdr.ret = fd;
	e->hdr.flags = CTW_HDR_HAS_RET;
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
	return ctw_file_write_exit(ctx);
}

SEC("tracepoint/syscalls/sys_exit_openat2")
int handle_sys_exit_openat2(struct trace_event_raw_sys_exit *ctx)
{
	return ctw_file_write_exit(ctx);
}

SEC("tracepoint/syscalls/sys_exit_open")
int handle_sys_exit_open(struct trace_event_raw_sys_exit *ctx)
{
	return ctw_file_write_exit(ctx);
}

SEC("tracepoint/syscalls/sys_exit_creat")
int handle_sys_exit_creat(struct trace_event_raw_sys_exit *ctx)
{
	return ctw_file_write_exit(ctx);
}
