// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Classification of synthetic records: every detection fires on its trigger
 * with the right ID, flags and severity, and stays silent on the benign
 * neighbour next to it.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/magic.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "check.h"
#include "classify.h"
#include "config.h"
#include "detections.h"

/* Inode numbers as on the lead's machine: host, and a runc container without a user ns. */
static const struct ctw_namespaces host_ns = {
    .mnt = 4026531841,
    .pid = 4026531836,
    .net = 4026531840,
    .user = 4026531837,
    .uts = 4026531838,
    .ipc = 4026531839,
    .cgroup = 4026531835,
};
static const struct ctw_namespaces ctr_ns = {
    .mnt = 4026532177,
    .pid = 4026532180,
    .net = 4026532181,
    .user = 4026531837,
    .uts = 4026532178,
    .ipc = 4026532179,
    .cgroup = 4026531835,
};
static const struct host_facts host = {.init_ns = host_ns};

#define CTR_CGROUP 4242
#define U32_NONE ((uint32_t)-1)

static size_t size_of(unsigned int type)
{
	switch (type) {
	case CTW_EVENT_CAPSET:
		return sizeof(struct ctw_capset_event);
	case CTW_EVENT_SETUID:
		return sizeof(struct ctw_setuid_event);
	case CTW_EVENT_SETUID_EXEC:
		return sizeof(struct ctw_setuid_exec_event);
	case CTW_EVENT_MOUNT:
		return sizeof(struct ctw_mount_event);
	case CTW_EVENT_MODULE_LOAD:
		return sizeof(struct ctw_module_event);
	case CTW_EVENT_SETNS:
		return sizeof(struct ctw_setns_event);
	case CTW_EVENT_UNSHARE:
		return sizeof(struct ctw_unshare_event);
	case CTW_EVENT_PTRACE:
		return sizeof(struct ctw_ptrace_event);
	case CTW_EVENT_BPF:
		return sizeof(struct ctw_bpf_event);
	case CTW_EVENT_OPEN_BY_HANDLE_AT:
		return sizeof(struct ctw_open_by_handle_event);
	case CTW_EVENT_FILE_WRITE:
		return sizeof(struct ctw_file_write_event);
	case CTW_EVENT_EXEC:
		return sizeof(struct ctw_exec_event);
	case CTW_EVENT_CLONE:
		return sizeof(struct ctw_clone_event);
	case CTW_EVENT_CONNECT:
		return sizeof(struct ctw_connect_event);
	case CTW_EVENT_FILE_OPEN:
		return sizeof(struct ctw_file_open_event);
	case CTW_EVENT_MKNOD:
		return sizeof(struct ctw_mknod_event);
	case CTW_EVENT_LINK:
		return sizeof(struct ctw_link_event);
	case CTW_EVENT_PROCESS_VM:
		return sizeof(struct ctw_process_vm_event);
	case CTW_EVENT_KERNEL_API:
		return sizeof(struct ctw_kernel_api_event);
	case CTW_EVENT_MODULE_REQUEST:
		return sizeof(struct ctw_module_request_event);
	default:
		return sizeof(struct ctw_cgroup_event);
	}
}

/* A successful syscall by /bin/sh, uid 1000, in the container (ns) or on the host. */
static void base(union ctw_any_event *r, unsigned int type, bool in_container)
{
	memset(r, 0, sizeof(*r));
	r->hdr.type = type;
	r->hdr.size = size_of(type);
	r->hdr.syscall_nr = CTW_NO_SYSCALL;
	r->hdr.flags = CTW_HDR_HAS_RET;
	r->hdr.cgroup_id = in_container ? CTR_CGROUP : 1;
	r->hdr.pid = r->hdr.tid = 4242;
	r->hdr.uid = r->hdr.euid = r->hdr.gid = r->hdr.egid = 1000;
	r->hdr.ns = in_container ? ctr_ns : host_ns;
	strcpy(r->hdr.comm, "sh");
	strcpy(r->hdr.exe, "/bin/busybox");
}

static void root(union ctw_any_event *r)
{
	r->hdr.uid = r->hdr.euid = r->hdr.gid = r->hdr.egid = 0;
	r->hdr.cap_effective = 0xa80425fbull;
}

static void denied(union ctw_any_event *r, int err)
{
	r->hdr.ret = -err;
}

static void as_runc(union ctw_any_event *r)
{
	strcpy(r->hdr.comm, "runc:[2:INIT]");
	strcpy(r->hdr.exe, "/");
}

static void mount_rec(union ctw_any_event *r, unsigned int op, const char *src, const char *fstype,
		      uint64_t flags)
{
	base(r, CTW_EVENT_MOUNT, true);
	root(r);
	r->mount.op = op;
	r->mount.flags = flags;
	strcpy(r->mount.source, src);
	strcpy(r->mount.target, "/mnt");
	strcpy(r->mount.fstype, fstype);
}

static void file_write(union ctw_any_event *r, bool in_container, uint64_t magic,
		       const char *parent, const char *name, uint32_t flags)
{
	base(r, CTW_EVENT_FILE_WRITE, in_container);
	root(r);
	r->file_write.sb_magic = magic;
	r->file_write.open_flags = flags;
	strcpy(r->file_write.name, name);
	strcpy(r->file_write.parent, parent);
}

static void setid(union ctw_any_event *r, unsigned int nr, unsigned int nargs, uint32_t a0,
		  uint32_t a1, uint32_t a2)
{
	base(r, CTW_EVENT_SETUID, true);
	r->hdr.syscall_nr = nr;
	r->setuid.nargs = nargs;
	r->setuid.arg[0] = a0;
	r->setuid.arg[1] = a1;
	r->setuid.arg[2] = a2;
	r->setuid.old_suid = r->hdr.uid;
	r->setuid.old_sgid = r->hdr.gid;
}

/* ---- one builder per case ---- */

static bool b_setns_host_mnt(union ctw_any_event *r)
{
	base(r, CTW_EVENT_SETNS, true);
	root(r);
	r->setns.nstype = CLONE_NEWNS;
	r->setns.target_ns_inum = host_ns.mnt;
	r->setns.target_ns_type = CLONE_NEWNS;
	r->setns.new_ns = ctr_ns;
	r->setns.new_ns.mnt = host_ns.mnt;
	return true;
}

static bool b_setns_host_net_untyped(union ctw_any_event *r)
{
	base(r, CTW_EVENT_SETNS, true);
	root(r);
	r->setns.target_ns_inum = host_ns.net;
	r->setns.new_ns = ctr_ns;
	return true;
}

static bool b_setns_other_container(union ctw_any_event *r)
{
	base(r, CTW_EVENT_SETNS, true);
	root(r);
	r->setns.target_ns_inum = 4026532300;
	r->setns.target_ns_type = CLONE_NEWNET;
	r->setns.new_ns = ctr_ns;
	r->setns.new_ns.net = 4026532300;
	return true;
}

/* The container shares the host's cgroup namespace already: joining it leaves nothing. */
static bool b_setns_shared_cgroup(union ctw_any_event *r)
{
	base(r, CTW_EVENT_SETNS, true);
	root(r);
	r->setns.target_ns_inum = host_ns.cgroup;
	r->setns.target_ns_type = CLONE_NEWCGROUP;
	r->setns.new_ns = ctr_ns;
	return true;
}

static bool b_host_mnt_ns(union ctw_any_event *r)
{
	base(r, CTW_EVENT_UNSHARE, true);
	r->hdr.ns.mnt = host_ns.mnt;
	r->unshare.flags = CLONE_NEWUTS;
	return true;
}

static bool b_host_pid_ns(union ctw_any_event *r)
{
	base(r, CTW_EVENT_UNSHARE, true);
	r->hdr.ns.pid = host_ns.pid;
	r->unshare.flags = CLONE_NEWUTS;
	return true;
}

/* cgroup_rmdir is recorded in runc's (host) context but names the container's cgroup. */
static bool b_container_stop(union ctw_any_event *r)
{
	base(r, CTW_EVENT_CONTAINER_STOP, true);
	r->hdr.ns = host_ns;
	return true;
}

/* container_start's task is the container's first exec: here it runs in the host's mounts. */
static bool b_container_start_host_mnt(union ctw_any_event *r)
{
	base(r, CTW_EVENT_CONTAINER_START, true);
	r->hdr.ns.mnt = host_ns.mnt;
	return true;
}

static bool b_mount_vda(union ctw_any_event *r)
{
	mount_rec(r, CTW_MOUNT_OP_MOUNT, "/dev/vda", "ext4", MS_RDONLY);
	return true;
}

static bool b_mount_ext4_mapper(union ctw_any_event *r)
{
	mount_rec(r, CTW_MOUNT_OP_MOUNT, "/host/dm-0", "xfs", 0);
	return true;
}

static bool b_fsconfig_source_sda(union ctw_any_event *r)
{
	mount_rec(r, CTW_MOUNT_OP_FSCONFIG, "/dev/sda1", "source", 1 /* FSCONFIG_SET_STRING */);
	return true;
}

static bool b_bind_dev_null(union ctw_any_event *r)
{
	mount_rec(r, CTW_MOUNT_OP_MOUNT, "/dev/null", "", MS_BIND);
	return true;
}

static bool b_bind_dev_pts(union ctw_any_event *r)
{
	mount_rec(r, CTW_MOUNT_OP_MOUNT, "/dev/pts/0", "", MS_BIND);
	return true;
}

static bool b_tmpfs_userns(union ctw_any_event *r)
{
	mount_rec(r, CTW_MOUNT_OP_MOUNT, "tmpfs", "tmpfs", 0);
	r->hdr.ns.user = 4026532400;
	r->hdr.uid = r->hdr.euid = 100000;
	return true;
}

static bool b_mount_cgroup(union ctw_any_event *r)
{
	mount_rec(r, CTW_MOUNT_OP_MOUNT, "cgroup", "cgroup", 0);
	return true;
}

static bool b_mount_cgroup_denied(union ctw_any_event *r)
{
	b_mount_cgroup(r);
	denied(r, EPERM);
	return true;
}

static bool b_fsopen_debugfs(union ctw_any_event *r)
{
	mount_rec(r, CTW_MOUNT_OP_FSOPEN, "", "debugfs", 0);
	return true;
}

static bool b_mount_proc(union ctw_any_event *r)
{
	mount_rec(r, CTW_MOUNT_OP_MOUNT, "proc", "proc", 0);
	return true;
}

static bool b_remount_proc(union ctw_any_event *r)
{
	mount_rec(r, CTW_MOUNT_OP_MOUNT, "proc", "proc", MS_REMOUNT | MS_RDONLY);
	return true;
}

/* fsconfig's fstype field holds the key: "cgroup" there is no fstype. */
static bool b_fsconfig_key_named_cgroup(union ctw_any_event *r)
{
	mount_rec(r, CTW_MOUNT_OP_FSCONFIG, "", "cgroup", 0);
	return true;
}

static bool b_mount_proc_on_host(union ctw_any_event *r)
{
	b_mount_proc(r);
	r->hdr.cgroup_id = 1;
	r->hdr.ns = host_ns;
	return false;
}

static bool b_obh(union ctw_any_event *r)
{
	base(r, CTW_EVENT_OPEN_BY_HANDLE_AT, true);
	root(r);
	r->open_by_handle.handle_bytes = 8;
	return true;
}

static bool b_obh_denied(union ctw_any_event *r)
{
	b_obh(r);
	denied(r, EPERM);
	return true;
}

/* seccomp refused it before sys_enter: only the header and the return value. */
static bool b_obh_seccomp(union ctw_any_event *r)
{
	b_obh(r);
	denied(r, EPERM);
	r->hdr.flags |= CTW_HDR_ARGS_UNKNOWN;
	r->hdr.size = sizeof(struct ctw_header);
	return true;
}

static bool b_obh_host(union ctw_any_event *r)
{
	b_obh(r);
	r->hdr.cgroup_id = 1;
	r->hdr.ns = host_ns;
	return false;
}

static bool b_ptrace_host_proc(union ctw_any_event *r)
{
	base(r, CTW_EVENT_PTRACE, true);
	root(r);
	r->ptrace.request = PTRACE_ATTACH;
	r->ptrace.target_pid = 1;
	r->ptrace.target_host_pid = 1;
	r->ptrace.target_cgroup_id = 1;
	r->ptrace.target_ns = host_ns;
	return true;
}

static bool b_ptrace_same_container(union ctw_any_event *r)
{
	b_ptrace_host_proc(r);
	r->ptrace.target_host_pid = 4300;
	r->ptrace.target_cgroup_id = CTR_CGROUP;
	r->ptrace.target_ns = ctr_ns;
	return true;
}

/* systemd in the container put the target in a sub-cgroup: same mount namespace. */
static bool b_ptrace_sub_cgroup(union ctw_any_event *r)
{
	b_ptrace_same_container(r);
	r->ptrace.target_cgroup_id = CTR_CGROUP + 1;
	return true;
}

static bool b_ptrace_other_container(union ctw_any_event *r)
{
	b_ptrace_same_container(r);
	r->ptrace.target_cgroup_id = 9999;
	r->ptrace.target_ns.mnt = 4026532500;
	return true;
}

static bool b_ptrace_traceme(union ctw_any_event *r)
{
	b_ptrace_host_proc(r);
	r->ptrace.request = PTRACE_TRACEME;
	return true;
}

static bool b_release_agent(union ctw_any_event *r)
{
	file_write(r, true, CGROUP_SUPER_MAGIC, "/", "release_agent", O_WRONLY | O_TRUNC);
	return true;
}

static bool b_notify_on_release(union ctw_any_event *r)
{
	file_write(r, true, CGROUP_SUPER_MAGIC, "x", "notify_on_release", O_WRONLY);
	return true;
}

static bool b_release_agent_read(union ctw_any_event *r)
{
	file_write(r, true, CGROUP_SUPER_MAGIC, "/", "release_agent", O_RDONLY);
	return true;
}

static bool b_release_agent_tmpfs(union ctw_any_event *r)
{
	file_write(r, true, TMPFS_MAGIC, "tmp", "release_agent", O_WRONLY);
	return true;
}

static bool b_release_agent_host(union ctw_any_event *r)
{
	file_write(r, false, CGROUP_SUPER_MAGIC, "/", "release_agent", O_WRONLY);
	return false;
}

static bool b_core_pattern(union ctw_any_event *r)
{
	file_write(r, true, PROC_SUPER_MAGIC, "kernel", "core_pattern", O_WRONLY | O_TRUNC);
	return true;
}

static bool b_uevent_helper(union ctw_any_event *r)
{
	file_write(r, true, SYSFS_MAGIC, "kernel", "uevent_helper", O_WRONLY);
	return true;
}

static bool b_modprobe(union ctw_any_event *r)
{
	file_write(r, true, PROC_SUPER_MAGIC, "kernel", "modprobe", O_RDWR);
	return true;
}

static bool b_sysrq(union ctw_any_event *r)
{
	file_write(r, true, PROC_SUPER_MAGIC, "/", "sysrq-trigger", O_WRONLY);
	return true;
}

static bool b_sysctl_ip_forward(union ctw_any_event *r)
{
	file_write(r, true, PROC_SUPER_MAGIC, "ipv4", "ip_forward", O_WRONLY | O_TRUNC);
	return true;
}

static bool b_sysctl_denied(union ctw_any_event *r)
{
	b_sysctl_ip_forward(r);
	denied(r, EROFS);
	return true;
}

static bool b_oom_score_adj(union ctw_any_event *r)
{
	file_write(r, true, PROC_SUPER_MAGIC, "4242", "oom_score_adj", O_WRONLY);
	return true;
}

static void file_open(union ctw_any_event *r, bool in_container, uint32_t kind, uint32_t mode,
		      uint32_t major, uint32_t minor, const char *name)
{
	base(r, CTW_EVENT_FILE_OPEN, in_container);
	root(r);
	r->file_open.sb_magic = TMPFS_MAGIC;
	r->file_open.open_flags = O_RDONLY;
	r->file_open.kind = kind;
	r->file_open.mode = mode;
	r->file_open.rdev_major = major;
	r->file_open.rdev_minor = minor;
	strcpy(r->file_open.name, name);
	strcpy(r->file_open.parent, "dev");
}

static bool b_open_block_dev(union ctw_any_event *r)
{
	file_open(r, true, CTW_FILE_OPEN_BLOCK_DEVICE, S_IFBLK | 0600, 254, 0, "vda");
	return true;
}

static bool b_open_block_dev_host(union ctw_any_event *r)
{
	file_open(r, false, CTW_FILE_OPEN_BLOCK_DEVICE, S_IFBLK | 0600, 254, 0, "vda");
	return false;
}

static bool b_open_dev_mem(union ctw_any_event *r)
{
	file_open(r, true, CTW_FILE_OPEN_MEM_DEVICE, S_IFCHR | 0640, 1, 1, "mem");
	return true;
}

static bool b_open_dev_port_renamed(union ctw_any_event *r)
{
	file_open(r, true, CTW_FILE_OPEN_MEM_DEVICE, S_IFCHR | 0640, 1, 4, "innocent");
	r->file_open.open_flags = O_RDWR;
	return true;
}

/* A kind the probe never sends for /dev/null: the predicate checks the numbers too. */
static bool b_open_dev_null(union ctw_any_event *r)
{
	file_open(r, true, CTW_FILE_OPEN_MEM_DEVICE, S_IFCHR | 0666, 1, 3, "null");
	return true;
}

static bool b_proc_mem_other(union ctw_any_event *r)
{
	file_open(r, true, CTW_FILE_OPEN_PROC_MEM, S_IFREG | 0600, 0, 0, "mem");
	r->file_open.sb_magic = PROC_SUPER_MAGIC;
	r->file_open.open_flags = O_RDWR;
	r->file_open.target_pid = 5151;
	strcpy(r->file_open.parent, "17");
	return true;
}

static bool b_proc_mem_read(union ctw_any_event *r)
{
	b_proc_mem_other(r);
	r->file_open.open_flags = O_RDONLY;
	return true;
}

static bool b_proc_mem_host(union ctw_any_event *r)
{
	b_proc_mem_other(r);
	r->hdr.cgroup_id = 1;
	r->hdr.ns = host_ns;
	return false;
}

/* CTW-026: runc's binary, opened for writing through /proc/PID/exe in a container. */
static bool b_runtime_bin_write(union ctw_any_event *r)
{
	file_open(r, true, CTW_FILE_OPEN_RUNTIME_BINARY, S_IFREG | 0755, 0, 0, "runc");
	r->file_open.sb_magic = EXT4_SUPER_MAGIC;
	r->file_open.open_flags = O_WRONLY | O_APPEND;
	r->file_open.file.dev = (8u << 20) | 1;
	r->file_open.file.ino = 1234567;
	strcpy(r->file_open.parent, "sbin");
	return true;
}

/* The realistic race: refused with ETXTBSY while runc runs; the attempt is the attack. */
static bool b_runtime_bin_txtbsy(union ctw_any_event *r)
{
	b_runtime_bin_write(r);
	denied(r, ETXTBSY);
	return true;
}

/* The host's package manager rewriting runc in place: not a container. */
static bool b_runtime_bin_host(union ctw_any_event *r)
{
	b_runtime_bin_write(r);
	r->hdr.cgroup_id = 1;
	r->hdr.ns = host_ns;
	return false;
}

/* mknod's dev argument in the syscall's encoding (makedev for small numbers). */
#define MKNOD_DEV(major, minor) (((major) << 8) | (minor))

static void mknod_rec(union ctw_any_event *r, uint32_t mode, uint64_t dev, const char *path)
{
	base(r, CTW_EVENT_MKNOD, true);
	root(r);
	r->mknod.at = 1;
	r->mknod.dirfd = AT_FDCWD;
	r->mknod.mode = mode;
	r->mknod.dev = dev;
	strcpy(r->mknod.path, path);
}

static bool b_mknod_block(union ctw_any_event *r)
{
	mknod_rec(r, S_IFBLK | 0600, MKNOD_DEV(254, 1), "/tmp/vda1");
	return true;
}

static bool b_mknod_block_denied(union ctw_any_event *r)
{
	b_mknod_block(r);
	denied(r, EPERM);
	return true;
}

static bool b_mknod_block_seccomp(union ctw_any_event *r)
{
	b_mknod_block(r);
	r->hdr.flags |= CTW_HDR_ARGS_AT_EXIT;
	denied(r, EPERM);
	return true;
}

static bool b_mknod_mem(union ctw_any_event *r)
{
	mknod_rec(r, S_IFCHR | 0600, MKNOD_DEV(1, 2), "/tmp/k");
	return true;
}

static bool b_mknod_null(union ctw_any_event *r)
{
	mknod_rec(r, S_IFCHR | 0666, MKNOD_DEV(1, 3), "/dev/null");
	return true;
}

static bool b_mknod_block_by_runc(union ctw_any_event *r)
{
	b_mknod_block(r);
	as_runc(r);
	return true;
}

static bool b_devices_allow(union ctw_any_event *r)
{
	file_write(r, true, CGROUP_SUPER_MAGIC, "ctr", "devices.allow", O_WRONLY | O_TRUNC);
	return true;
}

static bool b_devices_allow_read(union ctw_any_event *r)
{
	file_write(r, true, CGROUP_SUPER_MAGIC, "ctr", "devices.allow", O_RDONLY);
	return true;
}

static bool b_devices_allow_tmpfs(union ctw_any_event *r)
{
	file_write(r, true, TMPFS_MAGIC, "tmp", "devices.allow", O_WRONLY);
	return true;
}

/* A sensitive file written through a path mounted into the container (the kernel's filter). */
static void sensitive_write(union ctw_any_event *r, bool in_container, const char *name,
			    uint32_t flags)
{
	file_write(r, in_container, EXT4_SUPER_MAGIC, "etc", name, flags);
	r->file_write.kind = CTW_FILE_WRITE_SENSITIVE;
}

static bool b_ld_preload_mounted(union ctw_any_event *r)
{
	sensitive_write(r, true, "ld.so.preload", O_WRONLY | O_APPEND);
	return true;
}

static bool b_ld_preload_host(union ctw_any_event *r)
{
	sensitive_write(r, false, "ld.so.preload", O_WRONLY | O_TRUNC);
	return false;
}

static bool b_ld_preload_read(union ctw_any_event *r)
{
	sensitive_write(r, true, "ld.so.preload", O_RDONLY);
	return true;
}

/* A record without the kernel's sensitive mark: the name alone decides nothing. */
static bool b_ld_preload_unmarked(union ctw_any_event *r)
{
	file_write(r, true, EXT4_SUPER_MAGIC, "etc", "ld.so.preload", O_WRONLY);
	return true;
}

static bool b_shadow_mounted(union ctw_any_event *r)
{
	sensitive_write(r, true, "shadow", O_RDWR);
	return true;
}

static bool b_authorized_keys_mounted(union ctw_any_event *r)
{
	sensitive_write(r, true, "authorized_keys", O_WRONLY | O_APPEND);
	strcpy(r->file_write.parent, ".ssh");
	return true;
}

static void link_rec(union ctw_any_event *r, bool in_container, uint32_t op, const char *target,
		     const char *path, uint32_t matched)
{
	base(r, CTW_EVENT_LINK, in_container);
	root(r);
	r->link.op = op;
	r->link.newdirfd = AT_FDCWD;
	r->link.matched = matched;
	strcpy(r->link.target, target);
	strcpy(r->link.path, path);
}

static bool b_symlink_to_shadow(union ctw_any_event *r)
{
	link_rec(r, true, CTW_LINK_SYMLINKAT, "/etc/shadow", "/hostlogs/app.log",
		 CTW_LINK_MATCH_TARGET);
	return true;
}

static bool b_hardlink_over_sudoers(union ctw_any_event *r)
{
	link_rec(r, true, CTW_LINK_LINKAT, "/tmp/mine", "/host/etc/sudoers", CTW_LINK_MATCH_PATH);
	return true;
}

static bool b_symlink_to_shadow_denied(union ctw_any_event *r)
{
	b_symlink_to_shadow(r);
	denied(r, EPERM);
	return true;
}

/* A record the kernel did not mark (never sent): the names alone decide nothing. */
static bool b_symlink_unmatched(union ctw_any_event *r)
{
	link_rec(r, true, CTW_LINK_SYMLINK, "/etc/shadow", "/tmp/x", 0);
	return true;
}

static bool b_symlink_to_shadow_host(union ctw_any_event *r)
{
	link_rec(r, false, CTW_LINK_SYMLINK, "/etc/shadow", "/tmp/x", CTW_LINK_MATCH_TARGET);
	return false;
}

static bool b_binfmt_register(union ctw_any_event *r)
{
	file_write(r, true, 0x42494e4d, "binfmt_misc", "register", O_WRONLY);
	return true;
}

static bool b_binfmt_register_host(union ctw_any_event *r)
{
	file_write(r, false, 0x42494e4d, "binfmt_misc", "register", O_WRONLY);
	return false;
}

static bool b_binfmt_status(union ctw_any_event *r)
{
	file_write(r, true, 0x42494e4d, "binfmt_misc", "status", O_WRONLY);
	return true;
}

static bool b_module_container(union ctw_any_event *r)
{
	base(r, CTW_EVENT_MODULE_LOAD, true);
	root(r);
	r->module.op = CTW_MODULE_OP_FINIT_MODULE;
	r->module.fd = 3;
	return true;
}

static bool b_module_container_denied(union ctw_any_event *r)
{
	b_module_container(r);
	denied(r, EPERM);
	return true;
}

static bool b_module_container_seccomp(union ctw_any_event *r)
{
	b_module_container_denied(r);
	r->hdr.flags |= CTW_HDR_ARGS_UNKNOWN;
	return true;
}

static bool b_module_host_loaded(union ctw_any_event *r)
{
	base(r, CTW_EVENT_MODULE_LOAD, false);
	root(r);
	r->hdr.flags = 0;
	r->module.op = CTW_MODULE_OP_LOADED;
	strcpy(r->module.name, "nf_tables");
	return false;
}

static bool b_bpf_prog_load(union ctw_any_event *r)
{
	base(r, CTW_EVENT_BPF, true);
	root(r);
	r->bpf.cmd = BPF_PROG_LOAD;
	r->bpf.prog_type = BPF_PROG_TYPE_KPROBE;
	return true;
}

static bool b_bpf_obj_get(union ctw_any_event *r)
{
	b_bpf_prog_load(r);
	r->bpf.cmd = BPF_OBJ_GET_INFO_BY_FD;
	return true;
}

static bool b_bpf_host(union ctw_any_event *r)
{
	b_bpf_prog_load(r);
	r->hdr.cgroup_id = 1;
	r->hdr.ns = host_ns;
	return false;
}

static bool b_capset_raise(union ctw_any_event *r)
{
	base(r, CTW_EVENT_CAPSET, true);
	root(r);
	r->capset.old_permitted = r->capset.new_permitted = 1ull << 21 | 1ull << 12;
	r->capset.old_effective = 0;
	r->capset.new_effective = 1ull << 21;
	return true;
}

static bool b_capset_drop(union ctw_any_event *r)
{
	b_capset_raise(r);
	r->capset.old_effective = 1ull << 21 | 1ull << 12;
	r->capset.new_effective = 1ull << 12;
	r->capset.new_permitted = 1ull << 12;
	return true;
}

static bool b_setuid0_by_user(union ctw_any_event *r)
{
	setid(r, SYS_setuid, 1, 0, 0, 0);
	return true;
}

static bool b_setuid0_by_user_denied(union ctw_any_event *r)
{
	b_setuid0_by_user(r);
	denied(r, EPERM);
	return true;
}

static bool b_root_drops_to_1000(union ctw_any_event *r)
{
	setid(r, SYS_setuid, 1, 1000, 0, 0);
	root(r);
	return true;
}

static bool b_setuid_getuid(union ctw_any_event *r)
{
	setid(r, SYS_setuid, 1, 1000, 0, 0);
	return true;
}

/* A set-uid-root program that did seteuid(1000) takes its saved root back. */
static bool b_seteuid_back_to_root(union ctw_any_event *r)
{
	setid(r, SYS_setresuid, 3, U32_NONE, 0, U32_NONE);
	r->setuid.old_suid = 0;
	return true;
}

static bool b_setreuid_away(union ctw_any_event *r)
{
	setid(r, SYS_setreuid, 2, 1001, 1001, 0);
	return true;
}

/* A set-uid-1001 program going back to the user who ran it: a drop. */
static bool b_setuid_back_to_real(union ctw_any_event *r)
{
	setid(r, SYS_setuid, 1, 1000, 0, 0);
	r->hdr.euid = 1001;
	return true;
}

/* sudo: set-uid root (euid 0) makes its user (real uid 1000) root for good. */
static bool b_setresuid0_by_setuid_root(union ctw_any_event *r)
{
	setid(r, SYS_setresuid, 3, 0, 0, 0);
	r->hdr.euid = 0;
	return true;
}

/* A set-uid-root binary calling setuid(0): the real uid 1000 becomes 0 for good. */
static bool b_setuid0_by_setuid_root(union ctw_any_event *r)
{
	setid(r, SYS_setuid, 1, 0, 0, 0);
	r->hdr.euid = 0;
	return true;
}

/* Real root: setuid(0) is a no-op. */
static bool b_setuid0_by_real_root(union ctw_any_event *r)
{
	setid(r, SYS_setuid, 1, 0, 0, 0);
	root(r);
	return true;
}

static bool b_setgid0_by_user(union ctw_any_event *r)
{
	setid(r, SYS_setgid, 1, 0, 0, 0);
	return true;
}

/* setpriv --reuid 65534 --regid 65534: uid already switched, then gid 0 → 65534. */
static bool b_setpriv_drops_gid(union ctw_any_event *r)
{
	setid(r, SYS_setresgid, 3, 65534, 65534, 65534);
	r->hdr.uid = r->hdr.euid = 65534;
	r->hdr.gid = r->hdr.egid = 0;
	r->hdr.cap_effective = 1ull << 6;
	return false;
}

/* Arguments are user-namespace ids; header ids are the kernel's: not comparable. */
static bool b_setuid_in_userns(union ctw_any_event *r)
{
	setid(r, SYS_setuid, 1, 0, 0, 0);
	r->hdr.ns.user = 4026532400;
	r->hdr.uid = r->hdr.euid = 100000;
	return true;
}

static bool b_setuid_exec_sudo(union ctw_any_event *r)
{
	base(r, CTW_EVENT_SETUID_EXEC, true);
	r->hdr.syscall_nr = CTW_NO_SYSCALL;
	r->hdr.flags = 0;
	r->setuid_exec.old_uid = r->setuid_exec.old_euid = 1000;
	r->setuid_exec.old_gid = r->setuid_exec.old_egid = 1000;
	r->hdr.euid = 0;
	r->setuid_exec.file_mode = 04755;
	strcpy(r->setuid_exec.filename, "/usr/bin/sudo");
	return true;
}

static bool b_setuid_exec_root_to_nobody(union ctw_any_event *r)
{
	b_setuid_exec_sudo(r);
	r->setuid_exec.old_uid = r->setuid_exec.old_euid = 0;
	r->setuid_exec.old_gid = r->setuid_exec.old_egid = 0;
	r->hdr.uid = r->hdr.gid = r->hdr.egid = 0;
	r->hdr.euid = 65534;
	return true;
}

static bool b_setuid_exec_filecaps(union ctw_any_event *r)
{
	b_setuid_exec_sudo(r);
	r->hdr.euid = 1000;
	r->setuid_exec.old_cap_permitted = 0;
	r->setuid_exec.new_cap_permitted = 1ull << 13;
	r->hdr.cap_effective = 1ull << 13;
	strcpy(r->setuid_exec.filename, "/bin/ping");
	return true;
}

/* An ordinary exec of an image binary in a container (overlay rootfs, lower layer). */
static bool b_exec_image(union ctw_any_event *r)
{
	base(r, CTW_EVENT_EXEC, true);
	r->hdr.flags = 0;
	r->hdr.source = CTW_SOURCE_EXEC_TP;
	r->exec.exe_nlink = 1;
	r->exec.exe_mode = 0100755;
	r->exec.flags = CTW_EXEC_OVERLAY;
	strcpy(r->exec.filename, "/bin/ls");
	return true;
}

static bool b_exec_upper(union ctw_any_event *r)
{
	b_exec_image(r);
	r->exec.flags |= CTW_EXEC_UPPER_LAYER;
	strcpy(r->exec.filename, "/tmp/payload");
	return true;
}

/* A package installed and run on the host: not a container's drift. */
static bool b_exec_upper_host(union ctw_any_event *r)
{
	b_exec_upper(r);
	return false;
}

static bool b_exec_memfd(union ctw_any_event *r)
{
	b_exec_image(r);
	r->exec.flags = CTW_EXEC_MEMFD;
	r->exec.exe_nlink = 0;
	strcpy(r->exec.filename, "/dev/fd/3");
	return true;
}

static bool b_exec_deleted(union ctw_any_event *r)
{
	b_exec_image(r);
	r->exec.exe_nlink = 0;
	strcpy(r->exec.filename, "/proc/self/fd/3");
	return true;
}

/* runc 1.1 re-executing its memfd clone: the runtime's own. */
static bool b_exec_runc_memfd(union ctw_any_event *r)
{
	b_exec_memfd(r);
	as_runc(r);
	return true;
}

/* The kernel runs a core_pattern pipe from a container's root: on the host. */
static bool b_exec_helper_container_file(union ctw_any_event *r)
{
	b_exec_image(r);
	r->exec.flags = CTW_EXEC_OVERLAY | CTW_EXEC_UPPER_LAYER | CTW_EXEC_PARENT_KTHREAD;
	strcpy(r->exec.filename, "/proc/4242/root/payload");
	r->hdr.uid = r->hdr.euid = 0;
	return false;
}

/* The host's own helper (systemd-coredump, /sbin/modprobe). */
static bool b_exec_helper_host_file(union ctw_any_event *r)
{
	b_exec_image(r);
	r->exec.flags = CTW_EXEC_PARENT_KTHREAD;
	strcpy(r->exec.filename, "/usr/lib/systemd/systemd-coredump");
	return false;
}

static bool b_exec_secure_user(union ctw_any_event *r)
{
	b_exec_image(r);
	r->exec.flags |= CTW_EXEC_SECUREEXEC;
	strcpy(r->exec.filename, "/bin/ping");
	return true;
}

/* AT_SECURE for root is an LSM's business, not a gain: root has it all. */
static bool b_exec_secure_root(union ctw_any_event *r)
{
	b_exec_secure_user(r);
	root(r);
	return true;
}

static bool b_exec_cwd_outside(union ctw_any_event *r)
{
	b_exec_image(r);
	r->exec.flags |= CTW_EXEC_CWD_OUTSIDE;
	return true;
}

static bool b_exec_root_outside(union ctw_any_event *r)
{
	b_exec_image(r);
	r->exec.flags |= CTW_EXEC_ROOT_OUTSIDE;
	return true;
}

/* The host's processes live in the host's namespace: nothing is outside for them. */
static bool b_exec_cwd_outside_host(union ctw_any_event *r)
{
	b_exec_cwd_outside(r);
	return false;
}

static bool b_unshare_user(union ctw_any_event *r)
{
	base(r, CTW_EVENT_UNSHARE, true);
	r->unshare.flags = CLONE_NEWUSER | CLONE_NEWNS;
	return true;
}

static bool b_unshare_mnt(union ctw_any_event *r)
{
	b_unshare_user(r);
	root(r);
	r->unshare.flags = CLONE_NEWNS;
	return true;
}

static bool b_unshare_user_host(union ctw_any_event *r)
{
	b_unshare_user(r);
	r->hdr.cgroup_id = 1;
	r->hdr.ns = host_ns;
	return false;
}

static bool b_clone3_user(union ctw_any_event *r)
{
	base(r, CTW_EVENT_CLONE, true);
	r->clone.flags = CLONE_NEWUSER | CLONE_NEWNS;
	r->clone.exit_signal = 17;
	r->clone.clone3 = 1;
	r->hdr.ret = 77;
	return true;
}

/* seccomp refused it: the flags were read at sys_exit. */
static bool b_clone_user_seccomp(union ctw_any_event *r)
{
	b_clone3_user(r);
	r->clone.clone3 = 0;
	r->hdr.flags |= CTW_HDR_ARGS_AT_EXIT;
	denied(r, EPERM);
	return true;
}

static bool b_clone_user_unknown(union ctw_any_event *r)
{
	b_clone_user_seccomp(r);
	r->hdr.flags = CTW_HDR_HAS_RET | CTW_HDR_ARGS_UNKNOWN;
	r->clone.flags = 0;
	return true;
}

/* A root container making a child in new mount and pid namespaces (a nested sandbox). */
static bool b_clone_mnt_pid(union ctw_any_event *r)
{
	b_clone3_user(r);
	root(r);
	r->clone.flags = CLONE_NEWNS | CLONE_NEWPID;
	return true;
}

static bool b_clone_user_host(union ctw_any_event *r)
{
	b_clone3_user(r);
	r->hdr.cgroup_id = 1;
	r->hdr.ns = host_ns;
	return false;
}

static bool b_connect_docker(union ctw_any_event *r)
{
	base(r, CTW_EVENT_CONNECT, true);
	r->connect.fd = 3;
	r->connect.family = AF_UNIX;
	strcpy(r->connect.path, "/var/run/docker.sock");
	return true;
}

/* Nothing at the path: an attempt. */
static bool b_connect_docker_enoent(union ctw_any_event *r)
{
	b_connect_docker(r);
	denied(r, ENOENT);
	return true;
}

static bool b_connect_docker_host(union ctw_any_event *r)
{
	b_connect_docker(r);
	r->hdr.cgroup_id = 1;
	r->hdr.ns = host_ns;
	return false;
}

static bool b_connect_unknown(union ctw_any_event *r)
{
	b_connect_docker(r);
	r->hdr.flags |= CTW_HDR_ARGS_UNKNOWN;
	memset(r->connect.path, 0, sizeof(r->connect.path));
	return true;
}

/* process_vm_writev from a container into a process of its own pid namespace. */
static bool b_pvm_write_own_ns(union ctw_any_event *r)
{
	base(r, CTW_EVENT_PROCESS_VM, true);
	root(r);
	r->process_vm.write = 1;
	r->process_vm.target_pid = 7;
	r->process_vm.local_iovcnt = r->process_vm.remote_iovcnt = 1;
	r->process_vm.remote_bytes = 64;
	return true;
}

static bool b_pvm_write_self(union ctw_any_event *r)
{
	b_pvm_write_own_ns(r);
	r->process_vm.target_self = 1;
	return true;
}

/*
 * The target resolved from /proc, as for a container sharing the host's pid
 * namespace (whose own detection, CTW-004, is left out here: the caller keeps
 * the container's pid namespace).
 */
static bool b_pvm_read_host(union ctw_any_event *r)
{
	b_pvm_write_own_ns(r);
	r->process_vm.write = 0;
	r->process_vm.target_pid = r->process_vm.target_host_pid = 812;
	r->process_vm.target_cgroup_id = 1;
	r->process_vm.target_mnt_ns = host_ns.mnt;
	return true;
}

static bool b_pvm_read_host_denied(union ctw_any_event *r)
{
	b_pvm_read_host(r);
	denied(r, EPERM);
	return true;
}

static bool b_pvm_read_other_container(union ctw_any_event *r)
{
	b_pvm_read_host(r);
	r->process_vm.target_cgroup_id = 9999;
	r->process_vm.target_mnt_ns = 4026532500;
	return true;
}

/* The container's own child: same mount namespace, a sub-cgroup or the same one. */
static bool b_pvm_read_own_child(union ctw_any_event *r)
{
	b_pvm_read_host(r);
	r->process_vm.target_cgroup_id = CTR_CGROUP + 1;
	r->process_vm.target_mnt_ns = ctr_ns.mnt;
	return true;
}

static bool b_pvm_read_own_ns(union ctw_any_event *r)
{
	b_pvm_write_own_ns(r);
	r->process_vm.write = 0;
	return true;
}

static bool b_pvm_write_host(union ctw_any_event *r)
{
	b_pvm_write_own_ns(r);
	r->hdr.cgroup_id = 1;
	r->hdr.ns = host_ns;
	return false;
}

static bool b_pvm_unknown(union ctw_any_event *r)
{
	b_pvm_write_own_ns(r);
	r->hdr.flags |= CTW_HDR_ARGS_UNKNOWN;
	r->process_vm.target_pid = 0;
	return true;
}

static bool b_io_uring(union ctw_any_event *r)
{
	base(r, CTW_EVENT_KERNEL_API, true);
	r->kernel_api.api = CTW_KERNEL_API_IO_URING_SETUP;
	r->kernel_api.op = 8;
	return true;
}

/* Docker's default seccomp profile refuses it: arguments read at sys_exit. */
static bool b_io_uring_refused(union ctw_any_event *r)
{
	b_io_uring(r);
	denied(r, EPERM);
	r->hdr.flags |= CTW_HDR_ARGS_AT_EXIT;
	return true;
}

static bool b_io_uring_host(union ctw_any_event *r)
{
	b_io_uring(r);
	r->hdr.cgroup_id = 1;
	r->hdr.ns = host_ns;
	return false;
}

static bool b_userfaultfd_unknown(union ctw_any_event *r)
{
	base(r, CTW_EVENT_KERNEL_API, true);
	r->kernel_api.api = CTW_KERNEL_API_USERFAULTFD;
	r->hdr.flags |= CTW_HDR_ARGS_UNKNOWN;
	denied(r, EPERM);
	return true;
}

/* runc joins a fresh session keyring in each container it starts. */
static bool b_runc_keyctl(union ctw_any_event *r)
{
	base(r, CTW_EVENT_KERNEL_API, true);
	root(r);
	as_runc(r);
	r->kernel_api.api = CTW_KERNEL_API_KEYCTL;
	r->kernel_api.op = 1;
	strcpy(r->kernel_api.description, "_ses.0123");
	return true;
}

static bool b_module_request(union ctw_any_event *r)
{
	base(r, CTW_EVENT_MODULE_REQUEST, true);
	root(r);
	r->hdr.flags = 0;
	r->module_request.wait = 1;
	strcpy(r->module_request.name, "net-pf-38");
	return true;
}

static bool b_module_request_host(union ctw_any_event *r)
{
	b_module_request(r);
	r->hdr.cgroup_id = 1;
	r->hdr.ns = host_ns;
	return false;
}

static bool b_runc_mounts_proc(union ctw_any_event *r)
{
	b_mount_proc(r);
	as_runc(r);
	return true;
}

static bool b_runc_mounts_cgroup(union ctw_any_event *r)
{
	b_mount_cgroup(r);
	as_runc(r);
	return true;
}

static bool b_runc_capset(union ctw_any_event *r)
{
	b_capset_raise(r);
	as_runc(r);
	return true;
}

/* A runc record whose cgroup did not resolve to a container (removed before the lookup). */
static bool b_runc_capset_unresolved(union ctw_any_event *r)
{
	b_runc_capset(r);
	return false;
}

/* runc:[0:PARENT] is moved into the cgroup while still in the host's namespaces. */
static bool b_runc_parent_host_ns(union ctw_any_event *r)
{
	base(r, CTW_EVENT_UNSHARE, true);
	root(r);
	r->hdr.ns = host_ns;
	r->unshare.flags = CLONE_NEWUSER;
	strcpy(r->hdr.comm, "runc:[0:PARENT]");
	strcpy(r->hdr.exe, "/memfd:runc_cloned:/proc/self/exe (deleted)");
	return true;
}

/*
 * `runc init` before nsexec renames itself: comm "exe" (exec'd through
 * /proc/self/exe), in the container's cgroup and the host's namespaces,
 * bind-mounting its own binary (measured with runc 1.1.5, user-ns containers).
 */
static bool b_runc_init_bindfd(union ctw_any_event *r)
{
	mount_rec(r, CTW_MOUNT_OP_MOUNT, "/proc/self/exe", "", MS_BIND);
	r->hdr.ns = host_ns;
	strcpy(r->hdr.comm, "exe");
	strcpy(r->hdr.exe, "/usr/sbin/runc");
	return true;
}

/* Any other program exec'd through /proc/self/exe is not runc. */
static bool b_exe_not_runc(union ctw_any_event *r)
{
	b_runc_init_bindfd(r);
	strcpy(r->hdr.exe, "/usr/bin/busybox");
	r->hdr.ns.pid = ctr_ns.pid; /* CTW-003 alone */
	return true;
}

static bool b_fake_runc_comm(union ctw_any_event *r)
{
	b_mount_proc(r);
	strcpy(r->hdr.comm, "runc:[2:INIT]");
	return true;
}

static bool b_runc_open_by_handle(union ctw_any_event *r)
{
	b_obh(r);
	as_runc(r);
	return true;
}

/* A mount record cut short: the body cannot be read, the header says nothing. */
static bool b_short_mount(union ctw_any_event *r)
{
	b_mount_vda(r);
	r->hdr.size = sizeof(struct ctw_header);
	return true;
}

/* ---- CTW-020: the runtime's masks and read-only paths ---- */

static void mount_on(union ctw_any_event *r, unsigned int op, const char *src, const char *dst,
		     const char *fstype, uint64_t flags)
{
	mount_rec(r, op, src, fstype, flags);
	strcpy(r->mount.target, dst);
	if (op == CTW_MOUNT_OP_UMOUNT)
		r->hdr.type = CTW_EVENT_UMOUNT;
}

static bool b_umount_kcore(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_UMOUNT, "", "/proc/kcore", "", 0);
	return true;
}

/* MNT_DETACH of a path spelled the long way round. */
static bool b_umount_sys_firmware_dotted(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_UMOUNT, "", "/proc/self/root/sys//./firmware/", "", MNT_DETACH);
	return true;
}

static bool b_umount_mnt(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_UMOUNT, "", "/mnt", "", 0);
	return true;
}

/* "/proc/sysfoo" is not under /proc/sys. */
static bool b_umount_prefix_only(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_UMOUNT, "", "/proc/sysfoo", "", 0);
	return true;
}

static bool b_remount_proc_sys_rw(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_MOUNT, "", "/proc/sys", "", MS_REMOUNT | MS_BIND);
	return true;
}

static bool b_remount_proc_sys_rw_denied(union ctw_any_event *r)
{
	b_remount_proc_sys_rw(r);
	denied(r, EPERM);
	return true;
}

static bool b_remount_proc_sys_ro(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_MOUNT, "", "/proc/sys", "", MS_REMOUNT | MS_BIND | MS_RDONLY);
	return true;
}

static bool b_propagation_proc_sys(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_MOUNT, "", "/proc/sys", "", MS_PRIVATE | MS_REC);
	return true;
}

static bool b_bind_over_core_pattern(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_MOUNT, "/tmp/x", "/proc/sys/kernel/core_pattern", "", MS_BIND);
	return true;
}

static bool b_tmpfs_over_keys_relative_dots(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_MOUNT, "tmpfs", "/tmp/../proc/keys", "tmpfs", 0);
	return true;
}

static bool b_move_kcore_mask(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_MOUNT, "/proc/kcore", "/tmp/k", "", MS_MOVE);
	return true;
}

static bool b_bind_proc_flat(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_MOUNT, "/proc", "/mnt", "", MS_BIND);
	return true;
}

static bool b_bind_proc_rec(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_MOUNT, "/proc", "/mnt", "", MS_BIND | MS_REC);
	return true;
}

static bool b_bind_root_flat(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_MOUNT, "/", "/mnt", "", MS_BIND);
	return true;
}

static bool b_move_mount_over_timer_list(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_MOVE_MOUNT, "", "/proc/timer_list", "", 4 /* F_EMPTY_PATH */);
	return true;
}

static bool b_open_tree_sys_flat(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_OPEN_TREE, "/sys", "", "", 1 /* OPEN_TREE_CLONE */);
	return true;
}

static bool b_open_tree_sys_rec(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_OPEN_TREE, "/sys", "", "", 1 | 0x8000 /* AT_RECURSIVE */);
	return true;
}

/* runc masking /proc/kcore with /dev/null while it sets the container up. */
static bool b_runc_masks_kcore(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_MOUNT, "/dev/null", "/proc/kcore", "", MS_BIND);
	as_runc(r);
	return true;
}

static bool b_runc_remounts_proc_sys(union ctw_any_event *r)
{
	b_remount_proc_sys_rw(r);
	as_runc(r);
	return true;
}

static bool b_umount_kcore_host(union ctw_any_event *r)
{
	b_umount_kcore(r);
	return false;
}

static bool b_umount_kcore_seccomp(union ctw_any_event *r)
{
	b_umount_kcore(r);
	memset(r->mount.target, 0, sizeof(r->mount.target));
	r->hdr.flags |= CTW_HDR_ARGS_UNKNOWN;
	denied(r, EPERM);
	return true;
}

/* A relative target: its directory is unknown here, so it is not judged. */
static bool b_umount_relative(union ctw_any_event *r)
{
	mount_on(r, CTW_MOUNT_OP_UMOUNT, "", "proc/kcore", "", 0);
	return true;
}

struct tcase {
	const char *name;
	bool (*build)(
	    union ctw_any_event *r); /* returns whether the record comes from the container */
	enum severity sev;
	uint32_t flags;
	const char *id;	 /* the one detection expected, NULL for none */
	const char *id2; /* a second one, NULL for none */
	bool denied;
	const char *reason; /* substring of the first reason, NULL: not checked */
};

#define ESC FLAG_CONTAINER_ESCAPE
#define KT FLAG_KERNEL_TOUCH
#define PG FLAG_PRIVILEGE_GAIN
#define RS FLAG_RUNTIME_SETUP
#define DRIFT FLAG_CONTAINER_DRIFT
#define CRIT SEVERITY_CRITICAL
#define WARN SEVERITY_WARNING
#define NOTE SEVERITY_NOTICE
#define INFO SEVERITY_INFO

static const struct tcase cases[] = {
    {.name = "setns into host mnt",
     .build = b_setns_host_mnt,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-001",
     .reason = "setns into the host's mount namespace from a container"},
    {.name = "setns untyped into host net",
     .build = b_setns_host_net_untyped,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-001",
     .reason = "host's network namespace"},
    {.name = "setns into another container", .build = b_setns_other_container, .sev = INFO},
    {.name = "setns into already shared cgroup ns", .build = b_setns_shared_cgroup, .sev = INFO},
    {.name = "process in host mnt ns",
     .build = b_host_mnt_ns,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-003",
     .reason = "host's mount namespace"},
    {.name = "process in host pid ns",
     .build = b_host_pid_ns,
     .sev = WARN,
     .flags = ESC,
     .id = "CTW-004"},
    {.name = "container_stop from host runc", .build = b_container_stop, .sev = INFO},
    {.name = "container_start in host mnt ns",
     .build = b_container_start_host_mnt,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-003"},
    {.name = "block device mount",
     .build = b_mount_vda,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-002",
     .reason = "block device /dev/vda mounted inside container"},
    {.name = "xfs mount of a non-/dev source",
     .build = b_mount_ext4_mapper,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-002",
     .reason = "xfs filesystem from /host/dm-0"},
    {.name = "fsconfig source /dev/sda1",
     .build = b_fsconfig_source_sda,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-002",
     .reason = "/dev/sda1"},
    {.name = "bind /dev/null", .build = b_bind_dev_null, .sev = INFO},
    {.name = "bind /dev/pts/0", .build = b_bind_dev_pts, .sev = INFO},
    {.name = "tmpfs in userns container", .build = b_tmpfs_userns, .sev = INFO},
    {.name = "cgroup mount",
     .build = b_mount_cgroup,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-005",
     .reason = "cgroup filesystem mounted inside container"},
    {.name = "cgroup mount denied",
     .build = b_mount_cgroup_denied,
     .sev = WARN,
     .flags = ESC,
     .id = "CTW-005",
     .denied = true},
    {.name = "fsopen debugfs",
     .build = b_fsopen_debugfs,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-005",
     .reason = "fsopen"},
    {.name = "proc mount", .build = b_mount_proc, .sev = WARN, .flags = ESC, .id = "CTW-006"},
    {.name = "proc remount", .build = b_remount_proc, .sev = INFO},
    {.name = "fsconfig key named cgroup", .build = b_fsconfig_key_named_cgroup, .sev = INFO},
    {.name = "proc mount on host", .build = b_mount_proc_on_host, .sev = INFO},
    {.name = "open_by_handle_at",
     .build = b_obh,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-007",
     .reason = "Shocker"},
    {.name = "open_by_handle_at denied keeps severity",
     .build = b_obh_denied,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-007",
     .denied = true},
    {.name = "open_by_handle_at refused by seccomp",
     .build = b_obh_seccomp,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-007",
     .denied = true},
    {.name = "open_by_handle_at on host", .build = b_obh_host, .sev = INFO},
    {.name = "ptrace of host pid 1",
     .build = b_ptrace_host_proc,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-008",
     .reason = "PTRACE_ATTACH from a container of host pid 1"},
    {.name = "ptrace in same container", .build = b_ptrace_same_container, .sev = INFO},
    {.name = "ptrace into sub-cgroup", .build = b_ptrace_sub_cgroup, .sev = INFO},
    {.name = "ptrace of other container",
     .build = b_ptrace_other_container,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-008",
     .reason = "outside the container"},
    {.name = "PTRACE_TRACEME", .build = b_ptrace_traceme, .sev = INFO},
    {.name = "release_agent write",
     .build = b_release_agent,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-009",
     .reason = "release_agent"},
    {.name = "notify_on_release write",
     .build = b_notify_on_release,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-009"},
    {.name = "release_agent read", .build = b_release_agent_read, .sev = INFO},
    {.name = "release_agent on tmpfs", .build = b_release_agent_tmpfs, .sev = INFO},
    {.name = "release_agent on host", .build = b_release_agent_host, .sev = INFO},
    {.name = "core_pattern write",
     .build = b_core_pattern,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-010",
     .reason = "/proc/sys/kernel/core_pattern"},
    {.name = "uevent_helper write",
     .build = b_uevent_helper,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-010",
     .reason = "/sys/kernel/uevent_helper"},
    {.name = "modprobe write", .build = b_modprobe, .sev = CRIT, .flags = ESC, .id = "CTW-010"},
    {.name = "sysrq-trigger write",
     .build = b_sysrq,
     .sev = CRIT,
     .flags = ESC | KT,
     .id = "CTW-011"},
    {.name = "sysctl write",
     .build = b_sysctl_ip_forward,
     .sev = WARN,
     .flags = KT,
     .id = "CTW-015",
     .reason = "sysctl ipv4/ip_forward"},
    {.name = "sysctl write denied",
     .build = b_sysctl_denied,
     .sev = NOTE,
     .flags = KT,
     .id = "CTW-015",
     .denied = true},
    {.name = "oom_score_adj write", .build = b_oom_score_adj, .sev = INFO},
    {.name = "block device open",
     .build = b_open_block_dev,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-032",
     .reason = "block device vda (254:0) opened from a container"},
    {.name = "block device open on the host", .build = b_open_block_dev_host, .sev = INFO},
    {.name = "/dev/mem open",
     .build = b_open_dev_mem,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-032",
     .reason = "/dev/mem opened from a container"},
    {.name = "/dev/port under another name",
     .build = b_open_dev_port_renamed,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-032",
     .reason = "/dev/port opened from a container (as innocent)"},
    {.name = "/dev/null open", .build = b_open_dev_null, .sev = INFO},
    {.name = "mknod block device",
     .build = b_mknod_block,
     .sev = WARN,
     .flags = ESC,
     .id = "CTW-033",
     .reason = "block device node /tmp/vda1 (254:1)"},
    {.name = "mknod block device denied",
     .build = b_mknod_block_denied,
     .sev = NOTE,
     .flags = ESC,
     .id = "CTW-033",
     .denied = true},
    {.name = "mknod block device refused by seccomp, args read at exit",
     .build = b_mknod_block_seccomp,
     .sev = NOTE,
     .flags = ESC,
     .id = "CTW-033",
     .denied = true},
    {.name = "mknod /dev/kmem",
     .build = b_mknod_mem,
     .sev = WARN,
     .flags = ESC,
     .id = "CTW-033",
     .reason = "for /dev/kmem"},
    {.name = "mknod /dev/null", .build = b_mknod_null, .sev = INFO},
    {.name = "runc mknods a --device disk",
     .build = b_mknod_block_by_runc,
     .sev = INFO,
     .flags = RS,
     .reason = "CTW-033"},
    {.name = "devices.allow write",
     .build = b_devices_allow,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-034",
     .reason = "devices.allow"},
    {.name = "devices.allow read", .build = b_devices_allow_read, .sev = INFO},
    {.name = "devices.allow on tmpfs", .build = b_devices_allow_tmpfs, .sev = INFO},
    {.name = "binfmt_misc register write",
     .build = b_binfmt_register,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-035",
     .reason = "binfmt_misc register"},
    {.name = "binfmt_misc register on the host", .build = b_binfmt_register_host, .sev = INFO},
    {.name = "binfmt_misc status write", .build = b_binfmt_status, .sev = INFO},
    {.name = "ld.so.preload written through a mounted path",
     .build = b_ld_preload_mounted,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-037",
     .reason = "ld.so.preload written from a container through a mounted path"},
    {.name = "ld.so.preload written on the host", .build = b_ld_preload_host, .sev = INFO},
    {.name = "ld.so.preload read", .build = b_ld_preload_read, .sev = INFO},
    {.name = "ld.so.preload without the kernel's mark",
     .build = b_ld_preload_unmarked,
     .sev = INFO},
    {.name = "shadow written through a mounted path",
     .build = b_shadow_mounted,
     .sev = WARN,
     .flags = ESC,
     .id = "CTW-038",
     .reason = "etc/shadow written from a container through a mounted path (password hashes"},
    {.name = "authorized_keys written through a mounted path",
     .build = b_authorized_keys_mounted,
     .sev = WARN,
     .flags = ESC,
     .id = "CTW-038",
     .reason = ".ssh/authorized_keys written"},
    {.name = "symlink to shadow in a container",
     .build = b_symlink_to_shadow,
     .sev = WARN,
     .flags = ESC,
     .id = "CTW-039",
     .reason = "symbolic link /hostlogs/app.log -> /etc/shadow made in a container pointing at"},
    {.name = "hard link over sudoers in a container",
     .build = b_hardlink_over_sudoers,
     .sev = WARN,
     .flags = ESC,
     .id = "CTW-039",
     .reason = "hard link /host/etc/sudoers -> /tmp/mine made in a container named as"},
    {.name = "symlink to shadow denied",
     .build = b_symlink_to_shadow_denied,
     .sev = NOTE,
     .flags = ESC,
     .id = "CTW-039",
     .denied = true,
     .reason = "symbolic link"},
    {.name = "symlink without the kernel's mark", .build = b_symlink_unmatched, .sev = INFO},
    {.name = "symlink to shadow on the host", .build = b_symlink_to_shadow_host, .sev = INFO},
    {.name = "/proc/PID/mem of another process written",
     .build = b_proc_mem_other,
     .sev = WARN,
     .flags = PG,
     .id = "CTW-036",
     .reason = "host pid 5151"},
    {.name = "/proc/PID/mem read", .build = b_proc_mem_read, .sev = INFO},
    {.name = "/proc/PID/mem on the host", .build = b_proc_mem_host, .sev = INFO},
    {.name = "host runtime binary write-opened from a container",
     .build = b_runtime_bin_write,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-026",
     .reason = "runc (dev 8:1, inode 1234567) opened for writing from a container"},
    {.name = "host runtime binary write-open refused (ETXTBSY): still critical",
     .build = b_runtime_bin_txtbsy,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-026",
     .reason = "(attempt denied)",
     .denied = true},
    {.name = "host runtime binary write-opened on the host",
     .build = b_runtime_bin_host,
     .sev = INFO},
    {.name = "module load in container",
     .build = b_module_container,
     .sev = CRIT,
     .flags = KT,
     .id = "CTW-012",
     .reason = "finit_module from a container"},
    {.name = "module load denied keeps severity",
     .build = b_module_container_denied,
     .sev = CRIT,
     .flags = KT,
     .id = "CTW-012",
     .denied = true},
    {.name = "module load refused by seccomp",
     .build = b_module_container_seccomp,
     .sev = CRIT,
     .flags = KT,
     .id = "CTW-012",
     .denied = true,
     .reason = "arguments unknown"},
    {.name = "module loaded on host",
     .build = b_module_host_loaded,
     .sev = NOTE,
     .flags = KT,
     .id = "CTW-013",
     .reason = "kernel module nf_tables loaded on the host"},
    {.name = "bpf prog load", .build = b_bpf_prog_load, .sev = WARN, .flags = KT, .id = "CTW-014"},
    {.name = "bpf obj info", .build = b_bpf_obj_get, .sev = INFO},
    {.name = "bpf prog load on host", .build = b_bpf_host, .sev = INFO},
    {.name = "capset raise",
     .build = b_capset_raise,
     .sev = NOTE,
     .flags = PG,
     .id = "CTW-016",
     .reason = "capset adds CAP_SYS_ADMIN to the effective set"},
    {.name = "capset drop", .build = b_capset_drop, .sev = INFO},
    {.name = "setuid(0) by user",
     .build = b_setuid0_by_user,
     .sev = WARN,
     .flags = PG,
     .id = "CTW-017",
     .reason = "setuid to uid 0"},
    {.name = "setuid(0) by user denied",
     .build = b_setuid0_by_user_denied,
     .sev = NOTE,
     .flags = PG,
     .id = "CTW-017",
     .denied = true},
    {.name = "root setuid(1000)", .build = b_root_drops_to_1000, .sev = INFO},
    {.name = "setuid(getuid())", .build = b_setuid_getuid, .sev = INFO},
    {.name = "seteuid back to saved root",
     .build = b_seteuid_back_to_root,
     .sev = WARN,
     .flags = PG,
     .id = "CTW-017"},
    {.name = "setreuid away from real",
     .build = b_setreuid_away,
     .sev = WARN,
     .flags = PG,
     .id = "CTW-017",
     .reason = "away from the real uid 1000"},
    {.name = "setuid back to real", .build = b_setuid_back_to_real, .sev = INFO},
    {.name = "setresuid(0,0,0) by a set-uid-root program of uid 1000",
     .build = b_setresuid0_by_setuid_root,
     .sev = WARN,
     .flags = PG,
     .id = "CTW-017",
     .reason = "setresuid to uid 0 by a caller whose real uid is 1000"},
    {.name = "setuid(0) by a set-uid-root program of uid 1000",
     .build = b_setuid0_by_setuid_root,
     .sev = WARN,
     .flags = PG,
     .id = "CTW-017",
     .reason = "setuid to uid 0 by a caller whose real uid is 1000"},
    {.name = "setuid(0) by real root", .build = b_setuid0_by_real_root, .sev = INFO},
    {.name = "setgid(0) by user",
     .build = b_setgid0_by_user,
     .sev = WARN,
     .flags = PG,
     .id = "CTW-017",
     .reason = "gid 0"},
    {.name = "setpriv drops gid after uid", .build = b_setpriv_drops_gid, .sev = INFO},
    {.name = "setuid(0) in userns", .build = b_setuid_in_userns, .sev = INFO},
    {.name = "setuid exec sudo",
     .build = b_setuid_exec_sudo,
     .sev = NOTE,
     .flags = PG,
     .id = "CTW-018",
     .reason = "/usr/bin/sudo raises euid 1000 to 0"},
    {.name = "setuid exec root to nobody", .build = b_setuid_exec_root_to_nobody, .sev = INFO},
    {.name = "exec with file caps",
     .build = b_setuid_exec_filecaps,
     .sev = NOTE,
     .flags = PG,
     .id = "CTW-018",
     .reason = "CAP_NET_RAW"},
    {.name = "unshare user",
     .build = b_unshare_user,
     .sev = WARN,
     .flags = PG,
     .id = "CTW-019",
     .reason = "CLONE_NEWUSER"},
    {.name = "unshare mnt", .build = b_unshare_mnt, .sev = INFO},
    {.name = "unshare user on host", .build = b_unshare_user_host, .sev = INFO},
    {.name = "clone3 user",
     .build = b_clone3_user,
     .sev = WARN,
     .flags = PG,
     .id = "CTW-027",
     .reason = "clone3(CLONE_NEWUSER) from a container"},
    {.name = "clone user refused by seccomp",
     .build = b_clone_user_seccomp,
     .sev = NOTE,
     .flags = PG,
     .denied = true,
     .id = "CTW-027",
     .reason = "clone(CLONE_NEWUSER)"},
    {.name = "clone arguments unknown", .build = b_clone_user_unknown, .sev = INFO, .denied = true},
    {.name = "clone mnt+pid", .build = b_clone_mnt_pid, .sev = INFO},
    {.name = "clone user on host", .build = b_clone_user_host, .sev = INFO},
    {.name = "connect docker.sock",
     .build = b_connect_docker,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-028",
     .reason = "runtime socket /var/run/docker.sock from a container"},
    {.name = "connect docker.sock, nothing there",
     .build = b_connect_docker_enoent,
     .sev = WARN,
     .flags = ESC,
     .id = "CTW-028",
     .denied = true},
    {.name = "connect docker.sock on the host", .build = b_connect_docker_host, .sev = INFO},
    {.name = "connect arguments unknown", .build = b_connect_unknown, .sev = INFO},
    {.name = "process_vm_writev into the container's pid namespace",
     .build = b_pvm_write_own_ns,
     .sev = WARN,
     .flags = PG,
     .id = "CTW-029",
     .reason = "process_vm_writev from a container into another process (pid 7)"},
    {.name = "process_vm_writev into itself", .build = b_pvm_write_self, .sev = INFO},
    {.name = "process_vm_readv of a host process",
     .build = b_pvm_read_host,
     .sev = WARN,
     .flags = PG,
     .id = "CTW-029",
     .reason = "process_vm_readv from a container of a host process (host pid 812)"},
    {.name = "process_vm_readv of a host process, denied",
     .build = b_pvm_read_host_denied,
     .sev = NOTE,
     .flags = PG,
     .id = "CTW-029",
     .denied = true},
    {.name = "process_vm_readv of another container",
     .build = b_pvm_read_other_container,
     .sev = WARN,
     .flags = PG,
     .id = "CTW-029",
     .reason = "of a process outside the container"},
    {.name = "process_vm_readv of the container's own child",
     .build = b_pvm_read_own_child,
     .sev = INFO},
    {.name = "process_vm_readv in the container's pid namespace",
     .build = b_pvm_read_own_ns,
     .sev = INFO},
    {.name = "process_vm_writev on the host", .build = b_pvm_write_host, .sev = INFO},
    {.name = "process_vm arguments unknown", .build = b_pvm_unknown, .sev = INFO},
    {.name = "io_uring_setup from a container",
     .build = b_io_uring,
     .sev = NOTE,
     .flags = KT,
     .id = "CTW-030",
     .reason = "io_uring_setup from a container"},
    {.name = "io_uring_setup refused by seccomp",
     .build = b_io_uring_refused,
     .sev = INFO,
     .flags = KT,
     .id = "CTW-030",
     .denied = true},
    {.name = "io_uring_setup on the host", .build = b_io_uring_host, .sev = INFO},
    {.name = "userfaultfd refused, arguments unknown",
     .build = b_userfaultfd_unknown,
     .sev = INFO,
     .flags = KT,
     .id = "CTW-030",
     .denied = true,
     .reason = "userfaultfd from a container"},
    {.name = "runc joins a session keyring", .build = b_runc_keyctl, .sev = INFO, .flags = RS},
    {.name = "module auto-load from a container",
     .build = b_module_request,
     .sev = WARN,
     .flags = KT,
     .id = "CTW-031",
     .reason = "load module \"net-pf-38\" on demand"},
    {.name = "module auto-load on the host", .build = b_module_request_host, .sev = INFO},
    {.name = "runc mounts proc",
     .build = b_runc_mounts_proc,
     .sev = INFO,
     .flags = RS,
     .reason = "runc setting up the container (CTW-006 not raised"},
    {.name = "runc mounts cgroup", .build = b_runc_mounts_cgroup, .sev = INFO, .flags = RS},
    {.name = "runc capset", .build = b_runc_capset, .sev = INFO, .flags = RS},
    {.name = "runc capset, cgroup unresolved",
     .build = b_runc_capset_unresolved,
     .sev = INFO,
     .flags = RS},
    {.name = "runc parent in host ns",
     .build = b_runc_parent_host_ns,
     .sev = INFO,
     .flags = RS,
     .reason = "CTW-003, CTW-004, CTW-019"},
    {.name = "runc init (comm exe) bind mount in host ns",
     .build = b_runc_init_bindfd,
     .sev = INFO,
     .flags = RS,
     .reason = "runc setting up the container (CTW-003, CTW-004 not raised"},
    {.name = "comm exe, not runc's binary",
     .build = b_exe_not_runc,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-003"},
    {.name = "fake runc comm",
     .build = b_fake_runc_comm,
     .sev = WARN,
     .flags = ESC,
     .id = "CTW-006"},
    {.name = "runc open_by_handle_at still fires",
     .build = b_runc_open_by_handle,
     .sev = CRIT,
     .flags = ESC | RS,
     .id = "CTW-007"},
    {.name = "short mount record", .build = b_short_mount, .sev = INFO},
    {.name = "umount /proc/kcore",
     .build = b_umount_kcore,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-020",
     .reason = "umount of /proc/kcore from a container: the runtime masks /proc/kcore"},
    {.name = "umount /sys/firmware spelled the long way",
     .build = b_umount_sys_firmware_dotted,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-020",
     .reason = "umount of /sys/firmware"},
    {.name = "umount /mnt", .build = b_umount_mnt, .sev = INFO},
    {.name = "umount /proc/sysfoo", .build = b_umount_prefix_only, .sev = INFO},
    {.name = "umount relative path", .build = b_umount_relative, .sev = INFO},
    {.name = "umount /proc/kcore on the host", .build = b_umount_kcore_host, .sev = INFO},
    {.name = "umount refused by seccomp",
     .build = b_umount_kcore_seccomp,
     .sev = INFO,
     .denied = true},
    {.name = "remount /proc/sys read-write",
     .build = b_remount_proc_sys_rw,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-020",
     .reason = "remount of /proc/sys without MS_RDONLY from a container: the runtime makes "
	       "read-only /proc/sys"},
    {.name = "remount /proc/sys read-write denied",
     .build = b_remount_proc_sys_rw_denied,
     .sev = WARN,
     .flags = ESC,
     .id = "CTW-020",
     .denied = true,
     .reason = "(attempt denied)"},
    {.name = "remount /proc/sys read-only", .build = b_remount_proc_sys_ro, .sev = INFO},
    {.name = "propagation change of /proc/sys", .build = b_propagation_proc_sys, .sev = INFO},
    {.name = "bind over core_pattern",
     .build = b_bind_over_core_pattern,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-020",
     .reason = "mount over /proc/sys/kernel/core_pattern from a container: the runtime makes "
	       "read-only /proc/sys"},
    {.name = "tmpfs over /proc/keys via ..",
     .build = b_tmpfs_over_keys_relative_dots,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-020",
     .reason = "mount over /proc/keys"},
    {.name = "MS_MOVE of the kcore mask",
     .build = b_move_kcore_mask,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-020",
     .reason = "mount on /proc/kcore moved away"},
    {.name = "non-recursive bind of /proc",
     .build = b_bind_proc_flat,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-020",
     .reason = "non-recursive bind of /proc from a container: the copy lacks the runtime's mask "
	       "on /proc/acpi"},
    {.name = "recursive bind of /proc", .build = b_bind_proc_rec, .sev = INFO},
    {.name = "non-recursive bind of /", .build = b_bind_root_flat, .sev = INFO},
    {.name = "move_mount over /proc/timer_list",
     .build = b_move_mount_over_timer_list,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-020",
     .reason = "move_mount over /proc/timer_list"},
    {.name = "open_tree clone of /sys without AT_RECURSIVE",
     .build = b_open_tree_sys_flat,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-020",
     .reason = "mask on /sys/firmware"},
    {.name = "open_tree recursive clone of /sys", .build = b_open_tree_sys_rec, .sev = INFO},
    {.name = "runc masks /proc/kcore",
     .build = b_runc_masks_kcore,
     .sev = INFO,
     .flags = RS,
     .reason = "runc setting up the container (CTW-020 not raised"},
    {.name = "runc remounts /proc/sys",
     .build = b_runc_remounts_proc_sys,
     .sev = INFO,
     .flags = RS,
     .reason = "CTW-020 not raised"},
    {.name = "exec of an image binary", .build = b_exec_image, .sev = INFO},
    {.name = "exec from the upper layer",
     .build = b_exec_upper,
     .sev = WARN,
     .flags = DRIFT,
     .id = "CTW-021",
     .reason = "exec of /tmp/payload from the container's writable layer"},
    {.name = "exec of a freshly written file on the host", .build = b_exec_upper_host, .sev = INFO},
    {.name = "exec of a memfd",
     .build = b_exec_memfd,
     .sev = CRIT,
     .flags = DRIFT,
     .id = "CTW-022",
     .reason = "exec of a memfd"},
    {.name = "exec of a deleted file",
     .build = b_exec_deleted,
     .sev = CRIT,
     .flags = DRIFT,
     .id = "CTW-022",
     .reason = "exec of a deleted file (/proc/self/fd/3)"},
    {.name = "runc execs its memfd clone",
     .build = b_exec_runc_memfd,
     .sev = INFO,
     .flags = RS,
     .reason = "CTW-022 not raised"},
    {.name = "kernel helper runs a container's file",
     .build = b_exec_helper_container_file,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-023",
     .reason = "the kernel ran /proc/4242/root/payload (usermode helper) from a container's"},
    {.name = "kernel helper runs the host's program",
     .build = b_exec_helper_host_file,
     .sev = INFO},
    {.name = "exec the kernel marks AT_SECURE for a user",
     .build = b_exec_secure_user,
     .sev = NOTE,
     .flags = PG,
     .id = "CTW-024",
     .reason = "exec of /bin/ping by uid 1000 raises privileges"},
    {.name = "AT_SECURE exec by root", .build = b_exec_secure_root, .sev = INFO},
    {.name = "exec with cwd outside the container",
     .build = b_exec_cwd_outside,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-025",
     .reason = "working directory is outside the container's mount namespace"},
    {.name = "exec with root outside the container",
     .build = b_exec_root_outside,
     .sev = CRIT,
     .flags = ESC,
     .id = "CTW-025",
     .reason = "whose root is outside"},
    {.name = "host exec, cwd elsewhere", .build = b_exec_cwd_outside_host, .sev = INFO},
};

/* An exec by the kernel names the setting that ran it, when the collector found it. */
static void test_helper_named(const struct classifier *c)
{
	struct classification out;
	union ctw_any_event r;

	b_exec_helper_container_file(&r);
	classify__event(
	    c, &(struct classify_input){.rec = &r.hdr, .host = &host, .helper = "core_pattern"},
	    &out);
	ASSERT_TRUE(out.n_reasons == 1 && strstr(out.reasons[0], "(core_pattern)"),
		    "CTW-023 names the helper setting");
}

static void run_case(const struct classifier *c, const struct tcase *t)
{
	struct container_ref ref = {.runtime = RUNTIME_DOCKER};
	struct classification out;
	struct classify_input in;
	union ctw_any_event r;
	char what[512];
	bool ctr;

	memset(ref.id, 'a', CONTAINER_ID_LEN);
	ctr = t->build(&r);
	in = (struct classify_input){.rec = &r.hdr, .container = ctr ? &ref : NULL, .host = &host};
	classify__event(c, &in, &out);

	snprintf(what, sizeof(what), "%s: severity", t->name);
	ASSERT_STR_EQ(severity__name(out.severity), severity__name(t->sev), what);
	snprintf(what, sizeof(what), "%s: flags", t->name);
	ASSERT_EQ(out.flags, t->flags, what);
	snprintf(what, sizeof(what), "%s: detections", t->name);
	ASSERT_EQ(out.n_detections, t->id2 ? 2 : t->id ? 1 : 0, what);
	if (t->id && out.n_detections >= 1)
		ASSERT_STR_EQ(out.detections[0], t->id, what);
	if (t->id2 && out.n_detections >= 2)
		ASSERT_STR_EQ(out.detections[1], t->id2, what);
	snprintf(what, sizeof(what), "%s: denied", t->name);
	ASSERT_EQ(out.denied, t->denied, what);
	snprintf(what, sizeof(what), "%s: one reason per detection (+ runtime)", t->name);
	ASSERT_EQ(out.n_reasons, out.n_detections + !!(out.flags & RS), what);
	if (t->reason) {
		snprintf(what, sizeof(what), "%s: reason \"%s\" contains \"%s\"", t->name,
			 out.n_reasons ? out.reasons[0] : "", t->reason);
		ASSERT_TRUE(out.n_reasons && strstr(out.reasons[0], t->reason), what);
	}
}

/* Both namespaces at once: two detections, the higher severity wins. */
static void test_two_detections(const struct classifier *c)
{
	struct container_ref ref = {.runtime = RUNTIME_DOCKER};
	struct classification out;
	union ctw_any_event r;

	b_host_mnt_ns(&r);
	r.hdr.ns.pid = host_ns.pid;
	classify__event(
	    c, &(struct classify_input){.rec = &r.hdr, .container = &ref, .host = &host}, &out);
	ASSERT_EQ(out.n_detections, 2, "nsenter -t 1 -m -p: two detections");
	ASSERT_STR_EQ(out.detections[1], "CTW-004", "nsenter: second is the pid one");
	ASSERT_EQ(out.severity, SEVERITY_CRITICAL, "nsenter: highest severity");
}

/* Every row of the table is exercised above, and each row is well formed. */
static void test_table(void)
{
	int prev = 0;

	/* Ranges are handed to families ahead of time: increasing, gaps allowed. */
	for (size_t i = 0; i < DETECTION_COUNT; i++) {
		const struct detection *d = &detections[i];
		int num = 0;

		ASSERT_TRUE(sscanf(d->id, "CTW-%3d", &num) == 1 && num > prev,
			    "IDs are ordered, never repeated");
		prev = num;
		ASSERT_TRUE(d->flags && d->attack && d->attack[0] == 'T' && d->match,
			    "row complete");
		ASSERT_EQ(detection__index(d->id), (long long)i, "detection__index");
	}
	ASSERT_EQ(detection__index("CTW-999"), -ENOENT, "unknown ID");
}

static void test_names(void)
{
	enum severity s = SEVERITY_INFO;

	ASSERT_EQ(severity__parse("warning", &s), 0, "parse warning");
	ASSERT_EQ(s, SEVERITY_WARNING, "parse warning value");
	ASSERT_EQ(severity__parse("Warning", &s), -EINVAL, "parse is exact");
	ASSERT_STR_EQ(severity__name(SEVERITY_CRITICAL), "critical", "critical name");
	ASSERT_STR_EQ(severity__name((enum severity)42), "unknown", "out of range");
	ASSERT_STR_EQ(event_flag__name(FLAG_KERNEL_TOUCH), "kernel_touch", "flag name");
	ASSERT_STR_EQ(event_flag__name(FLAG_RUNTIME_SETUP), "runtime_setup", "flag name");
	ASSERT_TRUE(event_flag__name((enum event_flag)3) == NULL, "two bits have no name");
}

static void classify_one(const struct classifier *c, union ctw_any_event *r, bool ctr,
			 const struct container_meta *meta, struct classification *out)
{
	static struct container_ref ref = {.runtime = RUNTIME_CONTAINERD};

	memset(ref.id, 'b', CONTAINER_ID_LEN);
	classify__event(
	    c,
	    &(struct classify_input){
		.rec = &r->hdr, .container = ctr ? &ref : NULL, .meta = meta, .host = &host},
	    out);
}

/* Exceptions and disabled detections, driven through a config built in memory. */
static void test_config_effects(void)
{
	struct config_exception exc[3] = {
	    {.detection = (char *)"CTW-006", .image = (char *)"registry.local/sandbox:*"},
	    {.comm = (char *)"cilium-agent"},
	    {.detection = (char *)"CTW-013", .host_only = true},
	};
	struct container_meta sandbox = {.image = "registry.local/sandbox:1.2"};
	struct container_meta web = {.image = "nginx:1.27"};
	struct classification out;
	struct classifier *c;
	struct config cfg;
	union ctw_any_event r;

	config__init(&cfg);
	cfg.exceptions = exc;
	cfg.n_exceptions = 3;
	cfg.detection_enabled[detection__index("CTW-016")] = false;
	cfg.min_severity = SEVERITY_WARNING;
	cfg.host_events = HOST_EVENTS_FLAGGED_ONLY;
	c = classifier__new(&cfg, &host);
	ASSERT_TRUE(c != NULL, "classifier__new");
	if (!c)
		return;
	ASSERT_EQ(classifier__exception_count(c), 3, "exception count");

	b_mount_proc(&r);
	classify_one(c, &r, true, &sandbox, &out);
	ASSERT_EQ(out.n_detections, 0, "image exception suppresses CTW-006");
	ASSERT_EQ(out.severity, SEVERITY_INFO, "suppressed: info");
	ASSERT_EQ(out.n_suppressed, 1, "suppressed count in the classification");
	ASSERT_STR_EQ(out.suppressed[0], "CTW-006", "suppressed ID in the classification");
	ASSERT_EQ(classifier__suppressed(c, 0), 1, "exception 0 counted");
	classify_one(c, &r, true, &web, &out);
	ASSERT_EQ(out.n_detections, 1, "other image: CTW-006 fires");
	classify_one(c, &r, true, NULL, &out);
	ASSERT_EQ(out.n_detections, 1, "unknown image: CTW-006 fires");
	ASSERT_EQ(classifier__suppressed(c, 0), 1, "exception 0 not counted again");

	b_bpf_prog_load(&r);
	strcpy(r.hdr.comm, "cilium-agent");
	classify_one(c, &r, true, &web, &out);
	ASSERT_EQ(out.n_detections, 0, "'*' exception by comm");
	ASSERT_EQ(classifier__suppressed(c, 1), 1, "exception 1 counted");

	b_module_host_loaded(&r);
	classify_one(c, &r, false, NULL, &out);
	ASSERT_EQ(out.n_detections, 0, "host_only exception on a host event");
	ASSERT_EQ(classifier__suppressed(c, 2), 1, "exception 2 counted");
	b_module_container(&r);
	classify_one(c, &r, true, &web, &out);
	ASSERT_EQ(out.n_detections, 1, "host_only exception ignores containers");

	b_capset_raise(&r);
	classify_one(c, &r, true, &web, &out);
	ASSERT_EQ(out.n_detections, 0, "disabled detection does not fire");

	/* min_severity warning, host_events flagged-only */
	b_setuid_exec_sudo(&r);
	classify_one(c, &r, true, &web, &out);
	ASSERT_TRUE(!classify__should_emit(c, &(struct classify_input){.rec = &r.hdr}, &out),
		    "notice below min_severity");
	b_mount_vda(&r);
	classify_one(c, &r, true, &web, &out);
	ASSERT_TRUE(classify__should_emit(c, &(struct classify_input){.rec = &r.hdr}, &out),
		    "critical emitted");
	classifier__free(c);

	config__init(&cfg);
	cfg.host_events = HOST_EVENTS_FLAGGED_ONLY;
	c = classifier__new(&cfg, &host);
	ASSERT_TRUE(c != NULL, "classifier__new flagged-only");
	if (!c)
		return;
	{
		struct container_ref ref = {.runtime = RUNTIME_DOCKER};
		struct classify_input hin = {.rec = &r.hdr},
				      cin = {.rec = &r.hdr, .container = &ref};

		b_unshare_user_host(&r);
		classify__event(c, &hin, &out);
		ASSERT_TRUE(!classify__should_emit(c, &hin, &out), "unflagged host event dropped");
		ASSERT_TRUE(classify__should_emit(c, &cin, &out), "unflagged container event kept");
		b_module_host_loaded(&r);
		classify__event(c, &hin, &out);
		ASSERT_TRUE(classify__should_emit(c, &hin, &out), "flagged host event kept");
	}
	classifier__free(c);
	classifier__free(NULL);
}

/* A runtime added by the config is recognised; one with comm only is impossible. */
static void test_config_runtime(void)
{
	struct config_runtime rt = {.name = (char *)"youki",
				    .comm = (char *)"youki*",
				    .exe = (char *)"/opt/youki/bin/youki"};
	struct classification out;
	struct classifier *c;
	struct config cfg;
	union ctw_any_event r;

	config__init(&cfg);
	cfg.runtimes = &rt;
	cfg.n_runtimes = 1;
	c = classifier__new(&cfg, &host);
	ASSERT_TRUE(c != NULL, "classifier__new with runtime");
	if (!c)
		return;
	b_mount_proc(&r);
	strcpy(r.hdr.comm, "youki:init");
	strcpy(r.hdr.exe, "/opt/youki/bin/youki");
	classify_one(c, &r, true, NULL, &out);
	ASSERT_EQ(out.flags, FLAG_RUNTIME_SETUP, "configured runtime recognised");
	ASSERT_TRUE(strstr(out.reasons[0], "youki setting up") != NULL, "runtime named");
	strcpy(r.hdr.exe, "/bin/youki");
	classify_one(c, &r, true, NULL, &out);
	ASSERT_EQ(out.flags, FLAG_CONTAINER_ESCAPE, "wrong exe: not the runtime");
	classifier__free(c);
}

int main(void)
{
	struct classifier *c = classifier__new(NULL, &host);

	ASSERT_TRUE(c != NULL, "classifier__new(NULL)");
	if (!c)
		return check_summary("classify");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(c, &cases[i]);
	test_two_detections(c);
	test_helper_named(c);
	classifier__free(c);
	test_table();
	test_names();
	test_config_effects();
	test_config_runtime();
	return check_summary("classify");
}
