/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Per-syscall argument capture, shared by the per-syscall tracepoints and the
 * raw_syscalls fallback: both call ctw_on_enter()/ctw_on_exit() with
 * (type, variant, nr, args), so a syscall is decoded the same way whichever
 * mechanism saw it.
 */
#ifndef CTRWATCH_CAPTURE_BPF_H
#define CTRWATCH_CAPTURE_BPF_H

#include "common.bpf.h"

#define CTW_LINUX_CAPABILITY_VERSION_1 0x19980330
#define CTW_NSFS_MAGIC 0x6e736673
#define CTW_FSCONFIG_SET_STRING 1
#define CTW_FSCONFIG_SET_PATH 3
#define CTW_FSCONFIG_SET_PATH_EMPTY 4
#define CTW_BPF_MAP_CREATE 0
#define CTW_BPF_PROG_LOAD 5
/* CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET */
#define CTW_CLONE_NEW_MASK 0x7e020000ULL
/* clone3 only: in clone(2) bits 0..7 are the exit signal */
#define CTW_CLONE_NEWTIME 0x80ULL
#define CTW_CSIGNAL 0xffULL

/*
 * Kernels before 6.18 kept the CLONE_NEW* type in the ns operations. Both layouts
 * are spelled here, so the program builds against any vmlinux.h (arm64's is 6.12's).
 */
struct ns_common___new {
	__u32 ns_type;
} __attribute__((preserve_access_index));

struct proc_ns_operations___old {
	int type;
} __attribute__((preserve_access_index));

struct ns_common___old {
	const struct proc_ns_operations___old *ops;
} __attribute__((preserve_access_index));

/* Syscall records only: a type without a body of its own is a bare header. */
static __always_inline __u32 ctw_record_size(__u32 type)
{
	__u32 size = ctw_event_size(type);

	return size ? size : sizeof(struct ctw_header);
}

/* Fields that depend only on the syscall, known even when its arguments are not. */
static __always_inline void ctw_set_variant(union ctw_any_event *rec, __u32 type, __u32 variant)
{
	if (type == CTW_EVENT_MOUNT || type == CTW_EVENT_UMOUNT)
		rec->mount.op = variant;
	else if (type == CTW_EVENT_MODULE_LOAD)
		rec->module.op = variant;
	else if (type == CTW_EVENT_SETUID)
		rec->setuid.nargs = variant;
	else if (type == CTW_EVENT_CLONE)
		rec->clone.clone3 = variant;
	else if (type == CTW_EVENT_MKNOD)
		rec->mknod.at = variant;
	else if (type == CTW_EVENT_LINK)
		rec->link.op = variant;
	else if (type == CTW_EVENT_PROCESS_VM)
		rec->process_vm.write = variant;
	else if (type == CTW_EVENT_KERNEL_API)
		rec->kernel_api.api = variant;
}

/*
 * The flags a clone asks for: clone(2) passes them (and the exit signal in
 * the low byte), clone3(2) a struct clone_args that starts with them.
 */
static __always_inline __u64 ctw_clone_flags(__u32 clone3, const __u64 *args)
{
	__u64 flags = 0;

	if (!clone3)
		return args[0] & ~CTW_CSIGNAL;
	bpf_probe_read_user(&flags, sizeof(flags), (void *)args[0]);
	return flags;
}

#define CTW_AF_UNIX 1
#define CTW_UNIX_MASK 127 /* a read index within the 128-byte scratch path */

static __always_inline bool ctw_ends_with(const char *buf, __u32 len, const char *lit, const int k)
{
	if (len < k || len > CTW_UNIX_PATH_LEN)
		return false;
	for (int i = 0; i < k; i++)
		if (buf[(len - k + i) & CTW_UNIX_MASK] != lit[i])
			return false;
	return true;
}

#define ctw_suffix(buf, len, lit) ctw_ends_with(buf, len, lit, sizeof(lit) - 1)

/*
 * The API sockets of container runtimes, by the ends of their paths (they
 * live wherever a host mounts them into a container): Docker, containerd (and
 * its ttrpc twin), CRI-O, Podman, cri-dockerd, the kubelet's pod-resources and
 * device-plugin sockets; containerd's shim sockets by their directory, or by
 * their abstract name before containerd 1.5.
 */
static __always_inline bool ctw_runtime_socket(const char *p, __u32 len, bool abstract)
{
	if (abstract)
		return ctw_prefix(p, "/containerd-shim/");
	return ctw_suffix(p, len, "docker.sock") || ctw_suffix(p, len, "containerd.sock") ||
	       ctw_suffix(p, len, "containerd.sock.ttrpc") || ctw_suffix(p, len, "crio.sock") ||
	       ctw_suffix(p, len, "podman.sock") || ctw_suffix(p, len, "dockershim.sock") ||
	       ctw_suffix(p, len, "cri-dockerd.sock") || ctw_suffix(p, len, "kubelet.sock") ||
	       ctw_prefix(p, "/run/containerd/s/") || ctw_prefix(p, "/var/run/containerd/s/");
}

/*
 * connect(fd, addr, len): an AF_UNIX address naming a runtime socket. A TCP
 * connect pays for one 2-byte read; a unix one for the path's.
 */
static __always_inline bool ctw_connect_wanted(const __u64 *args)
{
	void *addr = (void *)args[1];
	struct ctw_scratch *s;
	__u16 family = 0;
	__u32 zero = 0;
	bool abstract;
	long n;

	if (!addr || args[2] <= sizeof(family))
		return false;
	bpf_probe_read_user(&family, sizeof(family), addr);
	if (family != CTW_AF_UNIX)
		return false;
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return false;
	__builtin_memset(s->path, 0, 24);
	n = bpf_probe_read_user_str(s->path, CTW_UNIX_PATH_LEN, addr + sizeof(family));
	abstract = n == 1;
	if (abstract)
		n = bpf_probe_read_user_str(s->path, CTW_UNIX_PATH_LEN - 1,
					    addr + sizeof(family) + 1);
	if (n <= 1)
		return false;
	return ctw_runtime_socket(s->path, n - 1, abstract);
}

#define CTW_PATH_MASK (CTW_PATH_LEN - 1)

/*
 * Whether the last component of path (n bytes with its NUL, as
 * bpf_probe_read_user_str counted) is on the sensitive list: its length
 * against the rodata mask first, then the NUL-padded name in key
 * (CTW_NAME_LEN bytes) against the sensitive_names map.
 */
static __always_inline bool ctw_name_sensitive(const char *path, long n, char *key)
{
	int start = 0, len;

	if (n <= 1 || n > CTW_PATH_LEN)
		return false;
	for (int i = 0; i < CTW_PATH_LEN; i++) {
		int at = n - 2 - i;

		if (at < 0)
			break;
		if (path[at & CTW_PATH_MASK] == '/') {
			start = at + 1;
			break;
		}
	}
	len = n - 1 - start;
	if (len <= 0 || len >= CTW_NAME_LEN || !(cfg_sensitive_name_lens & (1ULL << len)))
		return false;
	__builtin_memset(key, 0, CTW_NAME_LEN);
	for (int j = 0; j < CTW_NAME_LEN - 1; j++) {
		if (j >= len)
			break;
		key[j] = path[(start + j) & CTW_PATH_MASK];
	}
	return bpf_map_lookup_elem(&sensitive_names, key) != NULL;
}

/* The user pointers of a link call's target and new name. */
static __always_inline void ctw_link_paths(__u32 op, const __u64 *args, const void **target,
					   const void **path)
{
	*target = (const void *)(op == CTW_LINK_LINKAT ? args[1] : args[0]);
	*path = (const void *)(op == CTW_LINK_LINKAT	  ? args[3]
			       : op == CTW_LINK_SYMLINKAT ? args[2]
							  : args[1]);
}

/*
 * symlink/link: only from outside the host's mount namespace, and only when
 * the target's or the new name's last component is a sensitive name. The
 * scratch record is free at this point (nothing is being built): the paths
 * are read into it.
 */
static __always_inline bool ctw_link_wanted(__u32 op, const __u64 *args)
{
	const void *target, *path;
	struct ctw_scratch *s;
	__u32 zero = 0;
	char *buf;
	long n;

	if (!cfg_sensitive_name_lens || ctw_in_host_mnt_ns())
		return false;
	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return false;
	buf = (char *)&s->rec;
	ctw_link_paths(op, args, &target, &path);
	n = bpf_probe_read_user_str(buf, CTW_PATH_LEN, target);
	if (ctw_name_sensitive(buf, n, s->path))
		return true;
	n = bpf_probe_read_user_str(buf, CTW_PATH_LEN, path);
	return ctw_name_sensitive(buf, n, s->path);
}

/*
 * Calls every process makes, worth a record only with certain arguments: this
 * answers before any other work (no task state, no header), so that the
 * ordinary case costs a few instructions. Types without a filter are wanted.
 */
static __always_inline bool ctw_call_wanted(__u32 type, __u32 variant, const __u64 *args)
{
	if (type == CTW_EVENT_CLONE)
		return ctw_clone_flags(variant, args) & (CTW_CLONE_NEW_MASK | CTW_CLONE_NEWTIME);
	if (type == CTW_EVENT_CONNECT)
		return ctw_connect_wanted(args);
	if (type == CTW_EVENT_LINK)
		return ctw_link_wanted(variant, args);
	return true;
}

/* The types ctw_call_wanted() filters: unknown arguments cannot pass it. */
static __always_inline bool ctw_type_filtered(__u32 type)
{
	return type == CTW_EVENT_CLONE || type == CTW_EVENT_CONNECT || type == CTW_EVENT_LINK;
}

/* sys_enter: the sets before the call. The new ones wait for sys_exit. */
static __always_inline void ctw_capture_capset(struct ctw_capset_event *e, struct task_struct *task)
{
	const struct cred *cred = ctw_task_reader(task)->cred;

	e->old_effective = ctw_cred_cap(cred, cap_effective);
	e->old_permitted = ctw_cred_cap(cred, cap_permitted);
	e->old_inheritable = ctw_cred_cap(cred, cap_inheritable);
}

/*
 * sys_exit: the sets asked for. A successful capset installed exactly those
 * and could only have aimed at the caller (target 0), so they are read from
 * the new credentials; a refused one leaves them only in the caller's memory,
 * read through the pointers sys_enter kept. User-memory reads are the
 * expensive part of this record, and the common case needs none.
 */
static __always_inline void ctw_capset_result(struct ctw_capset_event *e, long ret,
					      struct task_struct *task, const __u64 *user_args)
{
	const struct cred *cred;
	struct {
		__u32 version;
		__s32 pid;
	} h = {};
	/* Two __user_cap_data_struct {effective, permitted, inheritable}: low and high words. */
	__u32 d[6] = {};

	if (ret == 0) {
		cred = ctw_task_reader(task)->cred;
		e->new_effective = ctw_cred_cap(cred, cap_effective);
		e->new_permitted = ctw_cred_cap(cred, cap_permitted);
		e->new_inheritable = ctw_cred_cap(cred, cap_inheritable);
		return;
	}
	bpf_probe_read_user(&h, sizeof(h), (void *)user_args[0]);
	e->target_pid = h.pid;
	/* Version 1 passes one struct (32 bits); 2 and 3 pass two. */
	if (h.version == CTW_LINUX_CAPABILITY_VERSION_1)
		bpf_probe_read_user(d, 3 * sizeof(__u32), (void *)user_args[1]);
	else
		bpf_probe_read_user(d, sizeof(d), (void *)user_args[1]);
	e->new_effective = d[0] | (__u64)d[3] << 32;
	e->new_permitted = d[1] | (__u64)d[4] << 32;
	e->new_inheritable = d[2] | (__u64)d[5] << 32;
}

static __always_inline void ctw_capture_setuid(struct ctw_setuid_event *e, const __u64 *args,
					       struct task_struct *task)
{
	const struct cred *cred = ctw_task_reader(task)->cred;

	e->arg[0] = args[0];
	e->arg[1] = e->nargs > 1 ? args[1] : 0;
	e->arg[2] = e->nargs > 2 ? args[2] : 0;
	e->old_suid = cred->suid.val;
	e->old_sgid = cred->sgid.val;
	e->old_fsuid = cred->fsuid.val;
	e->old_fsgid = cred->fsgid.val;
}

static __always_inline void ctw_capture_mount(struct ctw_mount_event *e, const __u64 *args)
{
	__u64 attr_set = 0;

	switch (e->op) {
	case CTW_MOUNT_OP_MOUNT:
		ctw_read_user_str(&e->hdr, e->source, sizeof(e->source), (void *)args[0]);
		ctw_read_user_str(&e->hdr, e->target, sizeof(e->target), (void *)args[1]);
		ctw_read_user_str(&e->hdr, e->fstype, sizeof(e->fstype), (void *)args[2]);
		e->flags = args[3];
		break;
	case CTW_MOUNT_OP_UMOUNT:
		ctw_read_user_str(&e->hdr, e->target, sizeof(e->target), (void *)args[0]);
		e->flags = args[1];
		break;
	case CTW_MOUNT_OP_FSOPEN:
		ctw_read_user_str(&e->hdr, e->fstype, sizeof(e->fstype), (void *)args[0]);
		e->flags = args[1];
		break;
	case CTW_MOUNT_OP_FSCONFIG:
		e->fd = args[0];
		e->flags = args[1];
		ctw_read_user_str(&e->hdr, e->fstype, sizeof(e->fstype), (void *)args[2]);
		/* Only these commands pass a string value; the others a blob or nothing. */
		if (args[1] == CTW_FSCONFIG_SET_STRING || args[1] == CTW_FSCONFIG_SET_PATH ||
		    args[1] == CTW_FSCONFIG_SET_PATH_EMPTY)
			ctw_read_user_str(&e->hdr, e->source, sizeof(e->source), (void *)args[3]);
		e->fd2 = args[4];
		break;
	case CTW_MOUNT_OP_FSMOUNT:
		e->fd = args[0];
		e->flags = args[1];
		e->attr_flags = args[2];
		break;
	case CTW_MOUNT_OP_MOVE_MOUNT:
		e->fd = args[0];
		ctw_read_user_str(&e->hdr, e->source, sizeof(e->source), (void *)args[1]);
		e->fd2 = args[2];
		ctw_read_user_str(&e->hdr, e->target, sizeof(e->target), (void *)args[3]);
		e->flags = args[4];
		break;
	case CTW_MOUNT_OP_OPEN_TREE:
	case CTW_MOUNT_OP_FSPICK: /* (dfd, path, flags) both */
		e->fd = args[0];
		ctw_read_user_str(&e->hdr, e->source, sizeof(e->source), (void *)args[1]);
		e->flags = args[2];
		break;
	case CTW_MOUNT_OP_MOUNT_SETATTR:
		e->fd = args[0];
		ctw_read_user_str(&e->hdr, e->source, sizeof(e->source), (void *)args[1]);
		e->flags = args[2];
		/* struct mount_attr starts with attr_set. */
		if (args[3] && args[4] >= sizeof(attr_set))
			bpf_probe_read_user(&attr_set, sizeof(attr_set), (void *)args[3]);
		e->attr_flags = attr_set;
		break;
	}
}

static __always_inline void ctw_capture_module(struct ctw_module_event *e, const __u64 *args)
{
	if (e->op == CTW_MODULE_OP_INIT_MODULE) {
		e->len = args[1];
		ctw_read_user_str(&e->hdr, e->params, sizeof(e->params), (void *)args[2]);
	} else {
		e->fd = args[0];
		ctw_read_user_str(&e->hdr, e->params, sizeof(e->params), (void *)args[1]);
		e->flags = args[2];
	}
}

/* Best effort: the namespace an nsfs fd names; pidfds and others leave 0. */
static __always_inline void ctw_resolve_ns_fd(struct ctw_setns_event *e, struct task_struct *task)
{
	struct file *file = ctw_task_fd_file(task, e->fd);
	struct inode *inode;
	void *ns;

	if (!file)
		return;
	inode = BPF_CORE_READ(file, f_inode);
	if (BPF_CORE_READ(inode, i_sb, s_magic) != CTW_NSFS_MAGIC)
		return;
	e->target_ns_inum = BPF_CORE_READ(inode, i_ino);
	/* nsfs keeps the struct ns_common in i_private. */
	ns = BPF_CORE_READ(inode, i_private);
	if (bpf_core_field_exists(((struct ns_common___new *)0)->ns_type))
		e->target_ns_type = BPF_CORE_READ((struct ns_common___new *)ns, ns_type);
	else
		e->target_ns_type = BPF_CORE_READ((struct ns_common___old *)ns, ops, type);
}

static __always_inline void ctw_capture_ptrace(struct ctw_ptrace_event *e, const __u64 *args,
					       struct task_struct *task)
{
	e->request = args[0];
	e->target_pid = args[1];
	e->addr = args[2];
	/*
	 * Finding the target task from BPF would need bpf_task_from_pid(), which
	 * tracepoint programs may not call. A caller in the initial pid namespace
	 * names host pids, though; anything else stays 0 (unknown).
	 */
	if (ctw_task_reader(task)->thread_pid->level == 0)
		e->target_host_pid = e->target_pid;
}

static __always_inline void ctw_capture_bpf(struct ctw_bpf_event *e, const __u64 *args)
{
	void *attr = (void *)args[1];
	__u32 size = args[2];

	e->cmd = args[0];
	if (!attr)
		return;
	/* union bpf_attr is uapi: its offsets never move. */
	if (e->cmd == CTW_BPF_PROG_LOAD) {
		bpf_probe_read_user(&e->prog_type, sizeof(e->prog_type), attr);
		if (size >= __builtin_offsetof(union bpf_attr, prog_name) + sizeof(e->obj_name))
			bpf_probe_read_user(e->obj_name, sizeof(e->obj_name),
					    attr + __builtin_offsetof(union bpf_attr, prog_name));
		if (size >= __builtin_offsetof(union bpf_attr, expected_attach_type) + 4)
			bpf_probe_read_user(
			    &e->attach_type, sizeof(e->attach_type),
			    attr + __builtin_offsetof(union bpf_attr, expected_attach_type));
	} else if (e->cmd == CTW_BPF_MAP_CREATE) {
		bpf_probe_read_user(&e->map_type, sizeof(e->map_type), attr);
		if (size >= __builtin_offsetof(union bpf_attr, map_name) + sizeof(e->obj_name))
			bpf_probe_read_user(e->obj_name, sizeof(e->obj_name),
					    attr + __builtin_offsetof(union bpf_attr, map_name));
	}
	e->obj_name[sizeof(e->obj_name) - 1] = 0;
}

static __always_inline void ctw_capture_open_by_handle(struct ctw_open_by_handle_event *e,
						       const __u64 *args)
{
	struct {
		__u32 handle_bytes;
		__s32 handle_type;
		__u64 head;
	} h = {};

	e->mount_fd = args[0];
	e->flags = args[2];
	bpf_probe_read_user(&h, sizeof(h), (void *)args[1]);
	e->handle_bytes = h.handle_bytes;
	e->handle_type = h.handle_type;
	e->handle_head = h.head;
}

static __always_inline void ctw_capture_clone(struct ctw_clone_event *e, const __u64 *args)
{
	/* struct clone_args is uapi: exit_signal is its fifth u64. */
	__u64 exit_signal = 0;

	e->flags = ctw_clone_flags(e->clone3, args);
	if (e->clone3)
		bpf_probe_read_user(&exit_signal, sizeof(exit_signal), (void *)args[0] + 32);
	else
		exit_signal = args[0] & CTW_CSIGNAL;
	e->exit_signal = exit_signal;
}

static __always_inline void ctw_capture_connect(struct ctw_connect_event *e, const __u64 *args)
{
	void *addr = (void *)args[1];

	e->fd = args[0];
	bpf_probe_read_user(&e->family, sizeof(e->family), addr);
	bpf_probe_read_user_str(e->path, sizeof(e->path), addr + sizeof(e->family));
	if (e->path[0])
		return;
	e->abstract = 1;
	bpf_probe_read_user_str(e->path, sizeof(e->path) - 1, addr + sizeof(e->family) + 1);
}

/* mknod(path, mode, dev) and mknodat(dirfd, path, mode, dev) */
static __always_inline void ctw_capture_mknod(struct ctw_mknod_event *e, const __u64 *args)
{
	const __u64 *a = e->at ? &args[1] : args;

	e->dirfd = e->at ? (__s32)args[0] : 0;
	bpf_probe_read_user_str(e->path, sizeof(e->path), (void *)a[0]);
	e->mode = a[1];
	e->dev = (__u32)a[2];
}

/* The paths again, into the record, and which of them the list matched. */
static __always_inline void ctw_capture_link(struct ctw_link_event *e, const __u64 *args)
{
	const void *target, *path;
	struct ctw_scratch *s;
	__u32 zero = 0;
	long n;

	s = bpf_map_lookup_elem(&scratch, &zero);
	if (!s)
		return;
	ctw_link_paths(e->op, args, &target, &path);
	if (e->op == CTW_LINK_LINKAT) {
		e->olddirfd = (__s32)args[0];
		e->newdirfd = (__s32)args[2];
		e->flags = (__u32)args[4];
	} else if (e->op == CTW_LINK_SYMLINKAT) {
		e->newdirfd = (__s32)args[1];
	}
	n = bpf_probe_read_user_str(e->target, sizeof(e->target), target);
	if (ctw_name_sensitive(e->target, n, s->path))
		e->matched |= CTW_LINK_MATCH_TARGET;
	n = bpf_probe_read_user_str(e->path, sizeof(e->path), path);
	if (ctw_name_sensitive(e->path, n, s->path))
		e->matched |= CTW_LINK_MATCH_PATH;
}

/* The caller's thread-group id as its own pid namespace numbers it. */
static __always_inline __u32 ctw_task_vtgid(struct task_struct *task)
{
	struct pid *pid = BPF_CORE_READ(task, group_leader, thread_pid);
	unsigned int level = BPF_CORE_READ(pid, level);
	struct upid upid = {};

	/* Pid namespaces nest at most 32 deep (MAX_PID_NS_LEVEL). */
	bpf_core_read(&upid, sizeof(upid), &pid->numbers[level & 31]);
	return upid.nr;
}

/* process_vm_{readv,writev}(pid, local_iov, liovcnt, remote_iov, riovcnt, flags) */
static __always_inline void ctw_capture_process_vm(struct ctw_process_vm_event *e,
						   const __u64 *args, struct task_struct *task)
{
	struct {
		__u64 base;
		__u64 len;
	} iov;
	const void *remote = (const void *)args[3];
	__u64 bytes = 0;

	e->target_pid = args[0];
	e->local_iovcnt = args[2];
	e->remote_iovcnt = args[4];
	for (int i = 0; i < CTW_PROCESS_VM_IOV; i++) {
		if (i >= e->remote_iovcnt)
			break;
		if (bpf_probe_read_user(&iov, sizeof(iov), remote + i * sizeof(iov)))
			break;
		bytes += iov.len;
	}
	e->remote_bytes = bytes;
	e->target_self = e->target_pid == ctw_task_vtgid(task);
	/* As for ptrace: a caller in the initial pid namespace names host pids. */
	if (ctw_task_reader(task)->thread_pid->level == 0)
		e->target_host_pid = e->target_pid;
}

#define CTW_KEYCTL_JOIN_SESSION_KEYRING 1
#define CTW_KEYCTL_SEARCH 10

static __always_inline void ctw_capture_kernel_api(struct ctw_kernel_api_event *e,
						   const __u64 *args)
{
	struct {
		__u32 type;
		__u32 size;
		__u64 config;
	} attr = {};
	__u32 uring_flags = 0;

	switch (e->api) {
	case CTW_KERNEL_API_IO_URING_SETUP:
		e->op = (__u32)args[0];
		/* struct io_uring_params is uapi: flags follows sq_entries and cq_entries. */
		bpf_probe_read_user(&uring_flags, sizeof(uring_flags), (void *)args[1] + 8);
		e->arg = uring_flags;
		break;
	case CTW_KERNEL_API_USERFAULTFD:
		e->op = (__u32)args[0];
		break;
	case CTW_KERNEL_API_KEYCTL:
		e->op = (__u32)args[0];
		/* A key serial for most operations (negative: the special keyrings). */
		e->arg = (__s32)args[1];
		if (e->op == CTW_KEYCTL_JOIN_SESSION_KEYRING) {
			e->arg = 0;
			bpf_probe_read_user_str(e->description, sizeof(e->description),
						(void *)args[1]);
		} else if (e->op == CTW_KEYCTL_SEARCH) {
			bpf_probe_read_user_str(e->key_type, sizeof(e->key_type), (void *)args[2]);
			bpf_probe_read_user_str(e->description, sizeof(e->description),
						(void *)args[3]);
		}
		break;
	case CTW_KERNEL_API_ADD_KEY:
	case CTW_KERNEL_API_REQUEST_KEY:
		bpf_probe_read_user_str(e->key_type, sizeof(e->key_type), (void *)args[0]);
		bpf_probe_read_user_str(e->description, sizeof(e->description), (void *)args[1]);
		if (e->api == CTW_KERNEL_API_ADD_KEY) {
			e->pid = args[3]; /* plen */
			e->arg = (__s32)args[4];
		} else {
			e->arg = (__s32)args[3];
		}
		break;
	case CTW_KERNEL_API_PERF_EVENT_OPEN:
		/* struct perf_event_attr is uapi: type, size, config lead it. */
		bpf_probe_read_user(&attr, sizeof(attr), (void *)args[0]);
		e->op = attr.type;
		e->arg = attr.config;
		e->pid = (__s32)args[1];
		e->cpu = args[2];
		e->flags = args[4];
		break;
	}
}

static __always_inline void ctw_capture_args(union ctw_any_event *rec, __u32 type,
					     const __u64 *args, struct task_struct *task)
{
	switch (type) {
	case CTW_EVENT_CAPSET:
		ctw_capture_capset(&rec->capset, task);
		break;
	case CTW_EVENT_SETUID:
		ctw_capture_setuid(&rec->setuid, args, task);
		break;
	case CTW_EVENT_MOUNT:
	case CTW_EVENT_UMOUNT:
		ctw_capture_mount(&rec->mount, args);
		break;
	case CTW_EVENT_MODULE_LOAD:
		ctw_capture_module(&rec->module, args);
		break;
	case CTW_EVENT_SETNS:
		rec->setns.fd = args[0];
		rec->setns.nstype = args[1];
		ctw_resolve_ns_fd(&rec->setns, task);
		break;
	case CTW_EVENT_UNSHARE:
		rec->unshare.flags = args[0];
		break;
	case CTW_EVENT_PTRACE:
		ctw_capture_ptrace(&rec->ptrace, args, task);
		break;
	case CTW_EVENT_BPF:
		ctw_capture_bpf(&rec->bpf, args);
		break;
	case CTW_EVENT_OPEN_BY_HANDLE_AT:
		ctw_capture_open_by_handle(&rec->open_by_handle, args);
		break;
	case CTW_EVENT_CLONE:
		ctw_capture_clone(&rec->clone, args);
		break;
	case CTW_EVENT_CONNECT:
		ctw_capture_connect(&rec->connect, args);
		break;
	case CTW_EVENT_MKNOD:
		ctw_capture_mknod(&rec->mknod, args);
		break;
	case CTW_EVENT_LINK:
		ctw_capture_link(&rec->link, args);
		break;
	case CTW_EVENT_PROCESS_VM:
		ctw_capture_process_vm(&rec->process_vm, args, task);
		break;
	case CTW_EVENT_KERNEL_API:
		ctw_capture_kernel_api(&rec->kernel_api, args);
		break;
	}
}

/*
 * The current task's state, created on its first monitored call; NULL, and
 * counted, when the kernel has none to give (allocation failed, or the
 * storage was busy on this CPU).
 */
static __always_inline struct ctw_task_state *ctw_task_state_create(struct task_struct *task)
{
	struct ctw_task_state *st;
	struct ctw_counters *cnt;

	st = bpf_task_storage_get(&task_state, task, NULL, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!st) {
		cnt = ctw_counters();
		if (cnt)
			__sync_fetch_and_add(&cnt->inflight_full, 1);
	}
	return st;
}

/* execve(at) enter: remember the creds, sched_process_exec compares. */
static __always_inline int ctw_exec_store(struct task_struct *task)
{
	struct task_struct *t = ctw_task_reader(task);
	const struct cred *cred = t->cred;
	__u32 tid = t->pid;
	struct ctw_exec_creds c = {};
	struct ctw_counters *cnt;

	c.uid = cred->uid.val;
	c.euid = cred->euid.val;
	c.gid = cred->gid.val;
	c.egid = cred->egid.val;
	c.cap_effective = ctw_cred_cap(cred, cap_effective);
	c.cap_permitted = ctw_cred_cap(cred, cap_permitted);
	if (bpf_map_update_elem(&exec_creds, &tid, &c, BPF_ANY)) {
		cnt = ctw_counters();
		if (cnt)
			__sync_fetch_and_add(&cnt->inflight_full, 1);
	}
	return 0;
}

static __always_inline int ctw_on_enter(__u32 type, __u32 variant, __u32 nr, const __u64 *args,
					__u8 source)
{
	struct task_struct *task;
	struct ctw_task_state *st;
	union ctw_any_event *zero;
	__u32 key = 0, size;

	if (!ctw_type_enabled(type) || !ctw_call_wanted(type, variant, args))
		return 0;
	task = bpf_get_current_task_btf();
	if (!ctw_task_watched(task))
		return 0;
	if (type == CTW_EVENT_SETUID_EXEC)
		return ctw_exec_store(task);
	st = ctw_task_state_create(task);
	if (!st)
		return 0;
	st->pending_type = type;
	st->pending_nr = nr;
	/*
	 * Clear only this type's record. A per-syscall program knows the type
	 * when compiled: a few stores. The fallback learns it at run time and
	 * copies from the zero template instead.
	 */
	size = ctw_record_size(type);
	if (__builtin_constant_p(size)) {
		__builtin_memset(&st->rec, 0, size);
	} else {
		zero = bpf_map_lookup_elem(&zero_record, &key);
		if (!zero)
			return 0;
		if (size > sizeof(st->rec))
			size = sizeof(st->rec);
		bpf_probe_read_kernel(&st->rec, size, zero);
	}
	ctw_fill_header(&st->rec.hdr, task, type, size, nr, source, st);
	ctw_set_variant(&st->rec, type, variant);
	ctw_capture_args(&st->rec, type, args, task);
	if (type == CTW_EVENT_CAPSET) {
		st->user_args[0] = args[0];
		st->user_args[1] = args[1];
	}
	return 0;
}

#define CTW_PTRACE_ATTACH 16
#define CTW_PTRACE_SEIZE 0x4206

/*
 * A successful PTRACE_ATTACH/SEIZE has just linked the tracee at the head of
 * the tracer's `ptraced` list (__ptrace_link uses list_add): read the target
 * from there, since tracepoint programs cannot look a task up by pid. Denied
 * attempts keep only what the caller named.
 */
static __always_inline void ctw_fill_ptrace_target(struct ctw_ptrace_event *e,
						   struct task_struct *tracer)
{
	struct list_head *first;
	struct task_struct *tracee;

	if (e->hdr.ret != 0 || (e->request != CTW_PTRACE_ATTACH && e->request != CTW_PTRACE_SEIZE))
		return;
	first = BPF_CORE_READ(tracer, ptraced.next);
	if (!first || first == &tracer->ptraced)
		return;
	tracee = (struct task_struct *)((char *)first -
					bpf_core_field_offset(struct task_struct, ptrace_entry));
	e->target_host_pid = BPF_CORE_READ(tracee, tgid);
	e->target_cgroup_id = ctw_task_cgroup_id(tracee);
	ctw_fill_ns(&e->target_ns, tracee);
}

static __always_inline void ctw_fill_exit(union ctw_any_event *rec, __u32 type, long ret,
					  struct task_struct *task)
{
	rec->hdr.ret = ret;
	rec->hdr.flags |= CTW_HDR_HAS_RET;
	if (type == CTW_EVENT_SETNS)
		ctw_fill_ns_current(&rec->setns.new_ns, task);
	else if (type == CTW_EVENT_UNSHARE)
		ctw_fill_ns_current(&rec->unshare.new_ns, task);
	else if (type == CTW_EVENT_PTRACE)
		ctw_fill_ptrace_target(&rec->ptrace, task);
}

/*
 * The arguments of a call whose sys_enter was not seen, from the registers the
 * task entered the kernel with. A seccomp filter refuses a call before the
 * sys_enter tracepoint but sys_exit still fires, and nothing on the way out
 * overwrites the argument registers saved in pt_regs: x86-64 keeps di, si, dx,
 * r10, r8; arm64 keeps the first in orig_x0 once x0 holds the return value
 * (libbpf's *_CORE_SYSCALL accessors know which). The caller's memory is as it
 * was at entry, so the pointers can be followed as sys_enter would have. No
 * monitored syscall takes a sixth argument. False on kernels before 5.15,
 * which lack bpf_task_pt_regs: the arguments then stay unknown.
 */
static __always_inline bool ctw_saved_args(struct task_struct *task, __u64 *args)
{
	struct pt_regs *regs;

	if (!bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_task_pt_regs))
		return false;
	regs = (struct pt_regs *)bpf_task_pt_regs(task);
	if (!regs)
		return false;
	args[0] = PT_REGS_PARM1_CORE_SYSCALL(regs);
	args[1] = PT_REGS_PARM2_CORE_SYSCALL(regs);
	args[2] = PT_REGS_PARM3_CORE_SYSCALL(regs);
	args[3] = PT_REGS_PARM4_CORE_SYSCALL(regs);
	args[4] = PT_REGS_PARM5_CORE_SYSCALL(regs);
	args[5] = 0;
	return true;
}

/*
 * Records not worth the ring: mkfifo and mknod of sockets or regular files are
 * everyday calls, only device nodes are reported. Arguments unknown: kept.
 */
static __always_inline bool ctw_record_wanted(const union ctw_any_event *rec, __u32 type)
{
	__u32 fmt;

	if (type != CTW_EVENT_MKNOD || (rec->hdr.flags & CTW_HDR_ARGS_UNKNOWN))
		return true;
	fmt = rec->mknod.mode & CTW_S_IFMT;
	return fmt == CTW_S_IFCHR || fmt == CTW_S_IFBLK;
}

static __always_inline int ctw_on_exit(__u32 type, __u32 variant, __u32 nr, long ret, __u8 source)
{
	__u64 args[6] = {};
	struct task_struct *task;
	bool have_args;
	__u32 tid;
	struct ctw_task_state *st;
	union ctw_any_event *rec;

	if (!ctw_type_enabled(type))
		return 0;
	task = bpf_get_current_task_btf();
	if (!ctw_task_watched(task))
		return 0;
	if (type == CTW_EVENT_SETUID_EXEC) {
		/* A successful exec's entry went in sched_process_exec. */
		tid = ctw_task_reader(task)->pid;
		bpf_map_delete_elem(&exec_creds, &tid);
		return 0;
	}
	st = bpf_task_storage_get(&task_state, task, NULL, 0);
	if (st) {
		/* A pending record of another call (we attached mid-call and missed its exit) is
		 * stale. */
		bool ours = st->pending_type == type && st->pending_nr == nr;

		st->pending_type = 0;
		if (ours) {
			if (type == CTW_EVENT_CAPSET)
				ctw_capset_result(&st->rec.capset, ret, task, st->user_args);
			if (!ctw_record_wanted(&st->rec, type))
				return 0;
			ctw_fill_exit(&st->rec, type, ret, task);
			ctw_emit(&st->rec, st->rec.hdr.size, type);
			return 0;
		}
	}
	/*
	 * No sys_enter seen: seccomp refused the call, or we attached mid-call.
	 * A filtered type is judged on the saved arguments like at sys_enter, and
	 * only when refused: a clone returns 0 in the child, which never entered.
	 */
	if (ctw_type_filtered(type) && ret >= 0)
		return 0;
	have_args = ctw_saved_args(task, args);
	if (ctw_type_filtered(type) && (!have_args || !ctw_call_wanted(type, variant, args)))
		return 0;
	rec = ctw_scratch_record();
	if (!rec)
		return 0;
	ctw_fill_header(&rec->hdr, task, type, ctw_record_size(type), nr, source, st);
	ctw_set_variant(rec, type, variant);
	if (have_args) {
		rec->hdr.flags = CTW_HDR_ARGS_AT_EXIT;
		ctw_capture_args(rec, type, args, task);
		if (type == CTW_EVENT_CAPSET)
			ctw_capset_result(&rec->capset, ret, task, args);
	} else {
		rec->hdr.flags = CTW_HDR_ARGS_UNKNOWN;
	}
	if (!ctw_record_wanted(rec, type))
		return 0;
	ctw_fill_exit(rec, type, ret, task);
	ctw_emit(rec, rec->hdr.size, type);
	return 0;
}

#endif /* CTRWATCH_CAPTURE_BPF_H */
