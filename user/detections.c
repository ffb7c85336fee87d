// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Predicates over one raw record. Each answers a single question about the
 * record's fields, so that a test can build the record that raises it and its
 * benign neighbour that must not.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/bpf.h>
#include <linux/magic.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "capability.h"
#include "detections.h"
#include "util.h"
#include "masked_paths.h"

/* linux/mount.h, which clashes with sys/mount.h on older libcs */
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

#define NO_ID ((uint32_t)-1)

static const char *const ns_names[] = {"mount", "pid", "network", "user", "UTS", "IPC", "cgroup"};

/* The struct ctw_namespaces fields in ns_names' order. */
static uint32_t ns_field(const struct ctw_namespaces *ns, int i)
{
	const uint32_t v[] = {ns->mnt, ns->pid, ns->net, ns->user, ns->uts, ns->ipc, ns->cgroup};

	return v[i];
}

/* CLONE_NEW* → index into ns_names; -1 when it names no single namespace. */
static int ns_index_of_type(uint32_t clone_flag)
{
	switch (clone_flag) {
	case CLONE_NEWNS:
		return 0;
	case CLONE_NEWPID:
		return 1;
	case CLONE_NEWNET:
		return 2;
	case CLONE_NEWUSER:
		return 3;
	case CLONE_NEWUTS:
		return 4;
	case CLONE_NEWIPC:
		return 5;
	case CLONE_NEWCGROUP:
		return 6;
	}
	return -1;
}

#define N_NS ((int)ARRAY_SIZE(ns_names))

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* ---- container_escape ---------------------------------------------------- */

/* CTW-001: setns from a container into a namespace the host's PID 1 lives in. */
static bool match_setns_host(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_setns_event *e = (const void *)x->rec;
	const struct ctw_namespaces *init = &x->host->init_ns;
	int type_idx;

	if (!x->container || !x->body || x->args_unknown)
		return false;
	type_idx = ns_index_of_type(e->target_ns_type);
	for (int i = 0; i < N_NS; i++) {
		uint32_t host = ns_field(init, i);
		bool target = e->target_ns_inum == host && (type_idx < 0 || type_idx == i);
		bool after = ns_field(&e->new_ns, i) == host;

		/* Already in it before the call (hostNetwork, no user ns): nothing was left. */
		if (!host || ns_field(&x->rec->ns, i) == host)
			continue;
		if (target || after) {
			snprintf(reason, len, "setns into the host's %s namespace from a container",
				 ns_names[i]);
			return true;
		}
	}
	return false;
}

/*
 * Records whose header task is not the container's: cgroup_mkdir/rmdir and
 * container_stop are written in the context of whoever made or removed the
 * cgroup (the runtime, on the host). container_start's task is the
 * container's first exec, so it counts.
 */
static bool is_task_event(const struct ctw_header *rec)
{
	return rec->type != CTW_EVENT_CONTAINER_STOP && rec->type != CTW_EVENT_CGROUP_MKDIR &&
	       rec->type != CTW_EVENT_CGROUP_RMDIR;
}

/* CTW-003: a process in a container's cgroup that sees the host's mounts (after nsenter). */
static bool match_host_mnt_ns(const struct detect_ctx *x, char *reason, size_t len)
{
	uint32_t host = x->host->init_ns.mnt;

	if (!x->container || !is_task_event(x->rec) || !host || x->rec->ns.mnt != host)
		return false;
	snprintf(reason, len, "container process runs in the host's mount namespace");
	return true;
}

/* CTW-004: the host's pid namespace; also hostPID pods, hence warning only. */
static bool match_host_pid_ns(const struct detect_ctx *x, char *reason, size_t len)
{
	uint32_t host = x->host->init_ns.pid;

	if (!x->container || !is_task_event(x->rec) || !host || x->rec->ns.pid != host)
		return false;
	snprintf(reason, len, "container process runs in the host's pid namespace");
	return true;
}

/* Mount flags that change an existing mount instead of making one. */
#define MS_NOT_NEW (MS_REMOUNT | MS_MOVE | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/* Device nodes a container legitimately bind-mounts or mounts over: none is a disk. */
static const char *const benign_dev[] = {
    "null",   "zero",	 "full",   "random",	"urandom",
    "tty",    "console", "ptmx",   "pts",	"shm",
    "mqueue", "fuse",	 "kmsg",   "hugepages", "net/tun",
    "fd",     "stdin",	 "stdout", "stderr",	"termination-log",
    NULL,
};

static bool is_block_dev_path(const char *src)
{
	const char *rest;

	if (!starts_with(src, "/dev/"))
		return false;
	rest = src + strlen("/dev/");
	if (!*rest)
		return false;
	for (const char *const *b = benign_dev; *b; b++) {
		size_t n = strlen(*b);

		/* "tty" also covers tty0, ttyS1; "pts" covers pts/3 */
		if (strncmp(rest, *b, n) == 0 &&
		    (rest[n] == 0 || rest[n] == '/' || strcmp(*b, "tty") == 0))
			return false;
	}
	return true;
}

/* Filesystems that live on a block device: their source is a disk. */
static const char *const block_fs[] = {
    "ext2",    "ext3",	   "ext4",  "xfs",   "btrfs",	 "vfat",    "msdos", "exfat",
    "ntfs",    "ntfs3",	   "f2fs",  "jfs",   "reiserfs", "iso9660", "udf",   "hfs",
    "hfsplus", "squashfs", "erofs", "minix", "nilfs2",	 "ocfs2",   "gfs2",  NULL,
};

/* CTW-002: a disk (the host's, in practice) mounted from inside a container. */
static bool match_block_mount(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_mount_event *e = (const void *)x->rec;
	char src[CTW_PATH_LEN], fstype[CTW_FSTYPE_LEN];

	if (!x->container || !x->body || x->args_unknown)
		return false;
	str__copy(src, sizeof(src), e->source, sizeof(e->source));
	str__copy(fstype, sizeof(fstype), e->fstype, sizeof(e->fstype));
	if (e->op == CTW_MOUNT_OP_FSCONFIG) {
		/* fsconfig(FSCONFIG_SET_STRING, "source", "/dev/vda"): key in fstype */
		if (strcmp(fstype, "source") != 0 || !is_block_dev_path(src))
			return false;
		snprintf(reason, len, "block device %s set as a mount source inside container",
			 src);
		return true;
	}
	if (e->op != CTW_MOUNT_OP_MOUNT || (e->flags & MS_NOT_NEW))
		return false;
	if (is_block_dev_path(src)) {
		snprintf(reason, len, "block device %s mounted inside container", src);
		return true;
	}
	if (!(e->flags & MS_BIND) && in_list(fstype, block_fs) && src[0] &&
	    strcmp(src, "none") != 0) {
		snprintf(reason, len, "%s filesystem from %s mounted inside container", fstype,
			 src);
		return true;
	}
	return false;
}

/*
 * The fstype of a new mount or fsopen, "" for anything else (binds, remounts,
 * fsconfig whose fstype field holds a key).
 */
static void new_mount_fstype(const struct ctw_mount_event *e, char *out, size_t len)
{
	out[0] = 0;
	if (e->op == CTW_MOUNT_OP_FSOPEN ||
	    (e->op == CTW_MOUNT_OP_MOUNT && !(e->flags & (MS_NOT_NEW | MS_BIND))))
		str__copy(out, len, e->fstype, sizeof(e->fstype));
}

/* Writable kernel interfaces: release_agent, tracing, LSM policy, pinned BPF objects. */
static const char *const kernel_fs[] = {"cgroup", "debugfs", "tracefs", "securityfs", "bpf", NULL};
static const char *const proc_fs[] = {"proc", "sysfs", "cgroup2", NULL};

static bool match_fs_mount(const struct detect_ctx *x, char *reason, size_t len,
			   const char *const *list)
{
	const struct ctw_mount_event *e = (const void *)x->rec;
	char fstype[CTW_FSTYPE_LEN];

	if (!x->container || !x->body || x->args_unknown)
		return false;
	new_mount_fstype(e, fstype, sizeof(fstype));
	if (!fstype[0] || !in_list(fstype, list))
		return false;
	snprintf(reason, len, "%s filesystem %s inside container", fstype,
		 e->op == CTW_MOUNT_OP_FSOPEN ? "opened for mounting (fsopen)" : "mounted");
	return true;
}

/* CTW-005 */
static bool match_kernel_fs_mount(const struct detect_ctx *x, char *reason, size_t len)
{
	return match_fs_mount(x, reason, len, kernel_fs);
}

/* CTW-006 */
static bool match_proc_fs_mount(const struct detect_ctx *x, char *reason, size_t len)
{
	return match_fs_mount(x, reason, len, proc_fs);
}

/* A record's path in normal form; "" when it is relative or cut short (unknown here). */
static void record_path(char *out, size_t out_len, const char *src, size_t src_len)
{
	char raw[CTW_PATH_LEN];

	str__copy(raw, sizeof(raw), src, src_len);
	if (strnlen(src, src_len) == src_len || masked_path__normalize(raw, out, out_len) < 0)
		out[0] = 0;
}

static const char *masked_verb(const struct masked_path *m)
{
	return m->kind == MASKED_HIDDEN ? "masks" : "makes read-only";
}

/* Propagation changes: they alter how a mount shares, never what it shows. */
#define MS_PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/*
 * CTW-020 for mount(2). A remount that leaves MS_RDONLY out makes a
 * read-only path writable again; a mount (or move) over a masked path
 * replaces the runtime's mask; moving the mask away, or a non-recursive bind
 * of /proc or /sys, shows what the masks hid (their submounts stay behind).
 */
static bool unmask_by_mount(const struct ctw_mount_event *e, const char *src, const char *dst,
			    char *reason, size_t len)
{
	const struct masked_path *m;

	if (e->flags & MS_REMOUNT) {
		m = masked_path__covering(dst);
		if (!m || (e->flags & MS_RDONLY))
			return false;
		snprintf(reason, len,
			 "remount of %s without MS_RDONLY from a container: the runtime "
			 "%s %s",
			 dst, masked_verb(m), m->path);
		return true;
	}
	if (e->flags & MS_MOVE) {
		m = masked_path__covering(src);
		if (m) {
			snprintf(reason, len,
				 "mount on %s moved away from a container: the runtime %s %s", src,
				 masked_verb(m), m->path);
			return true;
		}
	} else if ((e->flags & MS_PROPAGATION) && !(e->flags & MS_BIND)) {
		return false;
	}
	m = masked_path__covering(dst);
	if (m) {
		snprintf(reason, len, "mount over %s from a container: the runtime %s %s", dst,
			 masked_verb(m), m->path);
		return true;
	}
	if ((e->flags & MS_BIND) && !(e->flags & MS_REC) && src[0]) {
		m = masked_path__below(src);
		if (m) {
			snprintf(reason, len,
				 "non-recursive bind of %s from a container: the copy lacks the "
				 "runtime's mask on %s",
				 src, m->path);
			return true;
		}
	}
	return false;
}

/* CTW-020: undoing the masks and read-only paths the runtime set up. */
static bool match_unmask(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_mount_event *e = (const void *)x->rec;
	char src[CTW_PATH_LEN], dst[CTW_PATH_LEN];
	const struct masked_path *m;

	/* the one predicate of two types: umount2 has a type of its own */
	if (x->rec->type != CTW_EVENT_MOUNT && x->rec->type != CTW_EVENT_UMOUNT)
		return false;
	if (!x->container || !x->body || x->args_unknown)
		return false;
	record_path(src, sizeof(src), e->source, sizeof(e->source));
	record_path(dst, sizeof(dst), e->target, sizeof(e->target));
	switch (e->op) {
	case CTW_MOUNT_OP_UMOUNT:
		m = masked_path__covering(dst);
		if (!m)
			return false;
		snprintf(reason, len, "umount of %s from a container: the runtime %s %s", dst,
			 masked_verb(m), m->path);
		return true;
	case CTW_MOUNT_OP_MOUNT:
		return unmask_by_mount(e, src, dst, reason, len);
	case CTW_MOUNT_OP_MOVE_MOUNT:
		m = masked_path__covering(dst);
		if (m) {
			snprintf(reason, len,
				 "move_mount over %s from a container: the runtime %s %s", dst,
				 masked_verb(m), m->path);
			return true;
		}
		m = masked_path__covering(src);
		if (!m)
			return false;
		snprintf(reason, len,
			 "move_mount of the mount on %s from a container: the runtime %s %s", src,
			 masked_verb(m), m->path);
		return true;
	case CTW_MOUNT_OP_OPEN_TREE:
		if (!(e->flags & OPEN_TREE_CLONE) || (e->flags & AT_RECURSIVE) || !src[0])
			return false;
		m = masked_path__below(src);
		if (!m)
			return false;
		snprintf(reason, len,
			 "open_tree clone of %s without AT_RECURSIVE from a container: the copy "
			 "lacks the runtime's mask on %s",
			 src, m->path);
		return true;
	}
	return false;
}

/* CTW-007: no argument needed; seccomp-refused calls count too. */
static bool match_open_by_handle(const struct detect_ctx *x, char *reason, size_t len)
{
	if (!x->container)
		return false;
	snprintf(reason, len,
		 "open_by_handle_at from a container: opens files by handle, "
		 "bypassing the container's root (the \"Shocker\" escape)");
	return true;
}

static const char *ptrace_request_name(int64_t req)
{
	switch (req) {
	case PTRACE_ATTACH:
		return "PTRACE_ATTACH";
	case PTRACE_SEIZE:
		return "PTRACE_SEIZE";
	case PTRACE_POKETEXT:
		return "PTRACE_POKETEXT";
	case PTRACE_POKEDATA:
		return "PTRACE_POKEDATA";
	case PTRACE_PEEKTEXT:
		return "PTRACE_PEEKTEXT";
	case PTRACE_PEEKDATA:
		return "PTRACE_PEEKDATA";
	}
	return "ptrace";
}

/* CTW-008: the tracer is in a container, its target is not in that container. */
static bool match_ptrace_outside(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_ptrace_event *e = (const void *)x->rec;
	const struct ctw_namespaces *init = &x->host->init_ns;
	bool host_target, other_cgroup;

	if (!x->container || !x->body || x->args_unknown || e->request == PTRACE_TRACEME)
		return false;
	host_target = (init->mnt && e->target_ns.mnt == init->mnt && x->rec->ns.mnt != init->mnt) ||
		      (init->pid && e->target_ns.pid == init->pid && x->rec->ns.pid != init->pid);
	/*
	 * A sub-cgroup of the same container (systemd inside it) shares the
	 * container's mount namespace: only a different one says "elsewhere".
	 */
	other_cgroup = e->target_cgroup_id && e->target_cgroup_id != x->rec->cgroup_id &&
		       (!e->target_ns.mnt || e->target_ns.mnt != x->rec->ns.mnt);
	if (!host_target && !other_cgroup)
		return false;
	if (e->target_host_pid)
		snprintf(reason, len, "%s from a container of host pid %" PRIu32 ", %s",
			 ptrace_request_name(e->request), e->target_host_pid,
			 host_target ? "a host process" : "outside the container");
	else
		snprintf(reason, len, "%s from a container of a process %s",
			 ptrace_request_name(e->request),
			 host_target ? "on the host" : "outside the container");
	return true;
}

/* A write-open: the probe should only send those, but a read must never be flagged. */
static bool file_write_fields(const struct detect_ctx *x, char *name, char *parent)
{
	const struct ctw_file_write_event *e = (const void *)x->rec;

	if (!x->body)
		return false;
	if ((e->open_flags & O_ACCMODE) == O_RDONLY && !(e->open_flags & O_TRUNC))
		return false;
	str__copy(name, CTW_NAME_LEN, e->name, sizeof(e->name));
	str__copy(parent, CTW_NAME_LEN, e->parent, sizeof(e->parent));
	return true;
}

static bool magic_is(const struct detect_ctx *x, uint64_t a, uint64_t b)
{
	const struct ctw_file_write_event *e = (const void *)x->rec;

	/* 0: the probe could not read the superblock; the name decides. */
	return e->sb_magic == 0 || e->sb_magic == a || e->sb_magic == b;
}

/* CTW-009: cgroup v1's release_agent runs as root on the host (CVE-2022-0492). */
static bool match_release_agent(const struct detect_ctx *x, char *reason, size_t len)
{
	char name[CTW_NAME_LEN], parent[CTW_NAME_LEN];

	if (!x->container || !file_write_fields(x, name, parent))
		return false;
	if (strcmp(name, "release_agent") != 0 && strcmp(name, "notify_on_release") != 0)
		return false;
	if (!magic_is(x, CGROUP_SUPER_MAGIC, CGROUP2_SUPER_MAGIC))
		return false;
	snprintf(reason, len,
		 "write to cgroup %s from a container: the kernel runs the "
		 "release agent as root on the host",
		 name);
	return true;
}

/* Files naming a program the kernel runs as root in the host's namespaces. */
static bool is_usermode_helper(const struct detect_ctx *x, const char *name, const char *parent)
{
	if (strcmp(parent, "kernel") != 0)
		return false;
	if (strcmp(name, "uevent_helper") == 0)
		return magic_is(x, SYSFS_MAGIC, PROC_SUPER_MAGIC);
	if (strcmp(name, "core_pattern") == 0 || strcmp(name, "modprobe") == 0 ||
	    strcmp(name, "hotplug") == 0)
		return magic_is(x, PROC_SUPER_MAGIC, PROC_SUPER_MAGIC);
	return false;
}

/* CTW-010 */
static bool match_usermode_helper(const struct detect_ctx *x, char *reason, size_t len)
{
	char name[CTW_NAME_LEN], parent[CTW_NAME_LEN];
	const struct ctw_file_write_event *e = (const void *)x->rec;

	if (!x->container || !file_write_fields(x, name, parent) ||
	    !is_usermode_helper(x, name, parent))
		return false;
	snprintf(reason, len,
		 "write to %s/kernel/%s from a container: the kernel runs that "
		 "helper as root on the host",
		 e->sb_magic == SYSFS_MAGIC ? "/sys" : "/proc/sys", name);
	return true;
}

/* CTW-011 */
static bool match_sysrq(const struct detect_ctx *x, char *reason, size_t len)
{
	char name[CTW_NAME_LEN], parent[CTW_NAME_LEN];

	if (!x->container || !file_write_fields(x, name, parent) ||
	    strcmp(name, "sysrq-trigger") != 0 || !magic_is(x, PROC_SUPER_MAGIC, PROC_SUPER_MAGIC))
		return false;
	snprintf(reason, len,
		 "write to /proc/sysrq-trigger from a container: can crash or "
		 "reboot the host");
	return true;
}

/* ---- kernel_touch -------------------------------------------------------- */

static void module_desc(const struct detect_ctx *x, char *out, size_t len)
{
	const struct ctw_module_event *e = (const void *)x->rec;
	char name[CTW_NAME_LEN];

	if (!x->body || x->args_unknown) {
		snprintf(out, len, "kernel module load attempt (arguments unknown)");
		return;
	}
	switch (e->op) {
	case CTW_MODULE_OP_LOADED:
		str__copy(name, sizeof(name), e->name, sizeof(e->name));
		snprintf(out, len, "kernel module %s loaded", name);
		return;
	case CTW_MODULE_OP_INIT_MODULE:
		snprintf(out, len, "kernel module load with init_module");
		return;
	default:
		snprintf(out, len, "kernel module load with finit_module");
	}
}

/* CTW-012 */
static bool match_module_container(const struct detect_ctx *x, char *reason, size_t len)
{
	char what[96];

	if (!x->container)
		return false;
	module_desc(x, what, sizeof(what));
	snprintf(reason, len, "%s from a container", what);
	return true;
}

/* CTW-013 */
static bool match_module_host(const struct detect_ctx *x, char *reason, size_t len)
{
	char what[96];

	if (x->container)
		return false;
	module_desc(x, what, sizeof(what));
	snprintf(reason, len, "%s on the host", what);
	return true;
}

/* CTW-014 */
static bool match_bpf_container(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_bpf_event *e = (const void *)x->rec;

	if (!x->container)
		return false;
	if (!x->body || x->args_unknown) {
		/* Docker's default seccomp profile refuses bpf(): any attempt is out of place. */
		snprintf(reason, len, "bpf() call from a container (command unknown)");
		return true;
	}
	if (e->cmd == BPF_PROG_LOAD)
		snprintf(reason, len, "BPF program loaded into the kernel from a container");
	else if (e->cmd == BPF_MAP_CREATE)
		snprintf(reason, len, "BPF map created from a container");
	else
		return false;
	return true;
}

/* Parent directories of sysctl files under /proc/sys (best effort: no full path). */
static const char *const sysctl_dirs[] = {
    "kernel", "vm",    "fs",	 "net",	    "dev",	    "debug",	   "abi",
    "user",   "ipv4",  "ipv6",	 "core",    "unix",	    "netfilter",   "conf",
    "neigh",  "route", "all",	 "default", "inotify",	    "binfmt_misc", "random",
    "keys",   "yama",  "mqueue", "sunrpc",  "nf_conntrack", NULL,
};

/* CTW-015 */
static bool match_sysctl(const struct detect_ctx *x, char *reason, size_t len)
{
	char name[CTW_NAME_LEN], parent[CTW_NAME_LEN];
	const struct ctw_file_write_event *e = (const void *)x->rec;

	if (!x->container || !file_write_fields(x, name, parent))
		return false;
	/* usermode helpers have their own, sharper detection */
	if (e->sb_magic != PROC_SUPER_MAGIC || !in_list(parent, sysctl_dirs) ||
	    is_usermode_helper(x, name, parent))
		return false;
	snprintf(reason, len, "sysctl %s/%s written from a container", parent, name);
	return true;
}

/* ---- privilege_gain ------------------------------------------------------ */

/* "CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_BPF and 3 more" for the bits in caps. */
static void cap_list(uint64_t caps, char *out, size_t len)
{
	static const struct capability_list_style style = {.separator = ", ", .max_shown = 3};

	capability__join(caps, &style, out, len);
}

/* CTW-016 */
static bool match_capset(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_capset_event *e = (const void *)x->rec;
	uint64_t eff, prm;
	char caps[120];

	if (!x->body || x->args_unknown)
		return false;
	eff = e->new_effective & ~e->old_effective;
	prm = e->new_permitted & ~e->old_permitted;
	if (!eff && !prm)
		return false;
	cap_list(eff | prm, caps, sizeof(caps));
	snprintf(reason, len, "capset adds %s to the %s set", caps,
		 eff && prm ? "effective and permitted"
		 : eff	    ? "effective"
			    : "permitted");
	return true;
}

static const char *setid_name(unsigned int nr)
{
	switch (nr) {
	case SYS_setuid:
		return "setuid";
	case SYS_setfsuid:
		return "setfsuid";
	case SYS_setreuid:
		return "setreuid";
	case SYS_setresuid:
		return "setresuid";
	case SYS_setgid:
		return "setgid";
	case SYS_setfsgid:
		return "setfsgid";
	case SYS_setregid:
		return "setregid";
	default:
		return "setresgid";
	}
}

/* Which id the setuid-family syscall nr changes: 'u', 'g' or 0 when not one of them. */
static char setid_family(unsigned int nr, unsigned int *nargs)
{
	switch (nr) {
	case SYS_setuid:
	case SYS_setfsuid:
		*nargs = 1;
		return 'u';
	case SYS_setreuid:
		*nargs = 2;
		return 'u';
	case SYS_setresuid:
		*nargs = 3;
		return 'u';
	case SYS_setgid:
	case SYS_setfsgid:
		*nargs = 1;
		return 'g';
	case SYS_setregid:
		*nargs = 2;
		return 'g';
	case SYS_setresgid:
		*nargs = 3;
		return 'g';
	}
	return 0;
}

/*
 * CTW-017: a non-root caller takes an id it does not hold as effective that
 * is root or not its real one, or a caller whose real uid is not 0 makes
 * itself uid 0. Dropping (root → 1000, a real id of 0 → any other) and going
 * back to the real id are not gains.
 */
static bool match_setuid(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_setuid_event *e = (const void *)x->rec;
	const struct ctw_header *h = x->rec;
	unsigned int nargs;
	uint32_t real, eff;
	char fam;

	if (!x->body || x->args_unknown)
		return false;
	fam = setid_family(h->syscall_nr, &nargs);
	if (!fam)
		return false;
	/*
	 * The arguments are ids in the caller's user namespace, the header's are
	 * the kernel's: outside the initial one they cannot be compared.
	 */
	if (x->host->init_ns.user && h->ns.user != x->host->init_ns.user)
		return false;
	/*
	 * Judged by the real uid: a set-uid-root program (euid 0) that makes its
	 * non-root user uid 0 for good (sudo, su, a backdoored binary) gains too.
	 */
	if (fam == 'u' && h->uid != 0)
		for (unsigned int i = 0; i < nargs && i < 3; i++)
			if (e->arg[i] == 0 && h->euid == 0) {
				snprintf(reason, len,
					 "%s to uid 0 by a caller whose real uid is %" PRIu32,
					 setid_name(h->syscall_nr), h->uid);
				return true;
			}
	if (h->euid == 0)
		return false;
	real = fam == 'u' ? h->uid : h->gid;
	eff = fam == 'u' ? h->euid : h->egid;
	for (unsigned int i = 0; i < nargs && i < 3; i++) {
		uint32_t v = e->arg[i];

		/*
		 * Leaving a real id of 0 for another is a drop: setpriv switches
		 * uid first, then (keeping CAP_SETGID) gid 0 → 65534.
		 */
		if (v == NO_ID || v == eff || (v != 0 && (v == real || real == 0)))
			continue;
		if (v == 0)
			snprintf(reason, len, "%s to %s 0 by a non-root caller (uid %" PRIu32 ")",
				 setid_name(h->syscall_nr), fam == 'u' ? "uid" : "gid", h->uid);
		else
			snprintf(reason, len,
				 "%s changes %s to %" PRIu32 ", away from the real %s %" PRIu32
				 ", by a non-root caller",
				 setid_name(h->syscall_nr), fam == 'u' ? "uid" : "gid", v,
				 fam == 'u' ? "uid" : "gid", real);
		return true;
	}
	return false;
}

/* CTW-018 */
static bool match_setuid_exec(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_setuid_exec_event *e = (const void *)x->rec;
	const struct ctw_header *h = x->rec;
	char file[CTW_EXE_LEN], caps[120];
	uint64_t gained;

	if (!x->body)
		return false;
	str__copy(file, sizeof(file), e->filename, sizeof(e->filename));
	if (e->old_euid != 0 && h->euid != e->old_euid) {
		snprintf(reason, len, "exec of %s raises euid %" PRIu32 " to %" PRIu32, file,
			 e->old_euid, h->euid);
		return true;
	}
	if (e->old_euid != 0 && h->egid != e->old_egid) {
		snprintf(reason, len, "exec of %s changes egid %" PRIu32 " to %" PRIu32, file,
			 e->old_egid, h->egid);
		return true;
	}
	gained = (e->new_cap_permitted & ~e->old_cap_permitted) |
		 (h->cap_effective & ~e->old_cap_effective);
	if (!gained)
		return false;
	cap_list(gained, caps, sizeof(caps));
	snprintf(reason, len, "exec of %s gains %s", file, caps);
	return true;
}

/* CTW-019 */
static bool match_unshare_user(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_unshare_event *e = (const void *)x->rec;

	if (!x->container || !x->body || x->args_unknown || !(e->flags & CLONE_NEWUSER))
		return false;
	snprintf(reason, len,
		 "unshare(CLONE_NEWUSER) from a container: gives namespaced root, "
		 "the usual first step of kernel exploits");
	return true;
}

/* CTW-027: the clone(2)/clone3(2) form of CTW-019, the other way into a user namespace. */
static bool match_clone_user(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_clone_event *e = (const void *)x->rec;

	if (!x->container || !x->body || x->args_unknown || !(e->flags & CLONE_NEWUSER))
		return false;
	snprintf(reason, len,
		 "%s(CLONE_NEWUSER) from a container: a child with namespaced root, "
		 "the usual first step of kernel exploits",
		 e->clone3 ? "clone3" : "clone");
	return true;
}

/* CTW-028: a container talking to a container runtime's API (Tracee TRC-1019). */
static bool match_runtime_socket(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_connect_event *e = (const void *)x->rec;
	char path[CTW_UNIX_PATH_LEN + 1];

	if (!x->container || !x->body || x->args_unknown)
		return false;
	str__copy(path, sizeof(path), e->path, sizeof(e->path));
	snprintf(reason, len,
		 "connect to the container runtime socket %s%s from a container: its API "
		 "starts privileged containers on the host",
		 e->abstract ? "@" : "", path);
	return true;
}

/* ---- raw devices, device cgroup, binfmt_misc, process memory ------------- */

/* /dev/mem, /dev/kmem, /dev/port: the memory device class, minors 1, 2 and 4. */
static bool is_mem_device(uint32_t major, uint32_t minor)
{
	return major == 1 && (minor == 1 || minor == 2 || minor == 4);
}

static const char *mem_device_name(uint32_t minor)
{
	return minor == 1 ? "/dev/mem" : minor == 2 ? "/dev/kmem" : "/dev/port";
}

/*
 * CTW-029: another process's memory through process_vm_writev (code injection,
 * Tracee TRC-1025), or read with process_vm_readv when the process lives on
 * the host or in another container (secrets, keys, tokens out of its memory).
 * A container reading its own processes (a profiler, a debugger) is left alone.
 */
static bool match_process_vm(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_process_vm_event *e = (const void *)x->rec;
	const struct ctw_namespaces *init = &x->host->init_ns;
	bool host_target, other_cgroup;
	const char *where;

	if (!x->container || !x->body || x->args_unknown || e->target_self)
		return false;
	host_target = e->target_mnt_ns && init->mnt && e->target_mnt_ns == init->mnt &&
		      x->rec->ns.mnt != init->mnt;
	/* As for ptrace: a sub-cgroup of the container shares its mount namespace. */
	other_cgroup = e->target_cgroup_id && e->target_cgroup_id != x->rec->cgroup_id &&
		       (!e->target_mnt_ns || e->target_mnt_ns != x->rec->ns.mnt);
	if (!e->write && !host_target && !other_cgroup)
		return false;
	where = host_target    ? "a host process"
		: other_cgroup ? "a process outside the container"
			       : "another process";
	if (e->target_host_pid)
		snprintf(reason, len, "process_vm_%s from a container %s %s (host pid %" PRIu32 ")",
			 e->write ? "writev" : "readv", e->write ? "into" : "of", where,
			 e->target_host_pid);
	else
		snprintf(reason, len, "process_vm_%s from a container %s %s (pid %" PRIu32 ")",
			 e->write ? "writev" : "readv", e->write ? "into" : "of", where,
			 e->target_pid);
	return true;
}

static const char *const kernel_api_names[] = {
    [CTW_KERNEL_API_IO_URING_SETUP] = "io_uring_setup",
    [CTW_KERNEL_API_USERFAULTFD] = "userfaultfd",
    [CTW_KERNEL_API_KEYCTL] = "keyctl",
    [CTW_KERNEL_API_ADD_KEY] = "add_key",
    [CTW_KERNEL_API_REQUEST_KEY] = "request_key",
    [CTW_KERNEL_API_PERF_EVENT_OPEN] = "perf_event_open",
};

/*
 * CTW-030: a container reaching a kernel subsystem that exploits favour and
 * few workloads need (the ones Docker's default seccomp profile refuses).
 * The call is known from the syscall even when its arguments are not.
 */
static bool match_kernel_api(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_kernel_api_event *e = (const void *)x->rec;
	const char *call;

	if (!x->container || !x->body)
		return false;
	call = e->api < ARRAY_SIZE(kernel_api_names) ? kernel_api_names[e->api] : NULL;
	snprintf(reason, len,
		 "%s from a container: a rarely needed kernel interface, "
		 "a common way into kernel bugs",
		 call ? call : "a kernel interface call");
	return true;
}

/* CTW-031: something a container did made the kernel auto-load a module. */
static bool match_module_request(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_module_request_event *e = (const void *)x->rec;

	if (!x->container || !x->body)
		return false;
	snprintf(reason, len,
		 "a container made the kernel load module \"%.*s\" on demand: "
		 "more kernel code within its reach",
		 (int)strnlen(e->name, sizeof(e->name)), e->name);
	return true;
}

/* CTW-032: a disk or the host's memory opened from a container. */
static bool match_raw_device_open(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_file_open_event *e = (const void *)x->rec;
	char name[CTW_NAME_LEN];

	if (!x->container || !x->body)
		return false;
	str__copy(name, sizeof(name), e->name, sizeof(e->name));
	if (e->kind == CTW_FILE_OPEN_BLOCK_DEVICE && S_ISBLK(e->mode)) {
		snprintf(reason, len,
			 "block device %s (%" PRIu32 ":%" PRIu32 ") opened from a container: "
			 "raw access to a disk",
			 name, e->rdev_major, e->rdev_minor);
		return true;
	}
	if (e->kind == CTW_FILE_OPEN_MEM_DEVICE && S_ISCHR(e->mode) &&
	    is_mem_device(e->rdev_major, e->rdev_minor)) {
		snprintf(reason, len,
			 "%s opened from a container (as %s): raw access to the host's memory "
			 "or I/O ports",
			 mem_device_name(e->rdev_minor), name);
		return true;
	}
	return false;
}

/* The device number of mknod(2)'s argument (the kernel's new_decode_dev). */
static void mknod_dev(uint64_t raw, uint32_t *major, uint32_t *minor)
{
	uint32_t dev = (uint32_t)raw;

	*major = (dev & 0xfff00) >> 8;
	*minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
}

/*
 * CTW-033: a block device node, or a memory device node, made in a container.
 * The character devices a container is given (null, zero, tty, ptmx, fuse, tun)
 * are not judged: the runtime makes them at every start.
 */
static bool match_device_mknod(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_mknod_event *e = (const void *)x->rec;
	char path[CTW_PATH_LEN];
	uint32_t major, minor;

	if (!x->container || !x->body || x->args_unknown)
		return false;
	mknod_dev(e->dev, &major, &minor);
	str__copy(path, sizeof(path), e->path, sizeof(e->path));
	if (S_ISBLK(e->mode)) {
		snprintf(reason, len,
			 "block device node %s (%" PRIu32 ":%" PRIu32
			 ") created in a container: a way to the host's disk",
			 path, major, minor);
		return true;
	}
	if (S_ISCHR(e->mode) && is_mem_device(major, minor)) {
		snprintf(reason, len, "device node %s created in a container for %s", path,
			 mem_device_name(minor));
		return true;
	}
	return false;
}

/* CTW-034: the device cgroup rewritten from inside: every device becomes usable. */
static bool match_devices_allow(const struct detect_ctx *x, char *reason, size_t len)
{
	char name[CTW_NAME_LEN], parent[CTW_NAME_LEN];

	if (!x->container || !file_write_fields(x, name, parent) ||
	    strcmp(name, "devices.allow") != 0 || !magic_is(x, CGROUP_SUPER_MAGIC, 0))
		return false;
	snprintf(reason, len,
		 "write to cgroup v1 devices.allow from a container: lifts the device "
		 "cgroup's limits (the host's disks become usable)");
	return true;
}

#ifndef BINFMTFS_MAGIC
#define BINFMTFS_MAGIC 0x42494e4d
#endif

/* CTW-035: an interpreter the kernel runs for every matching file it executes. */
static bool match_binfmt_register(const struct detect_ctx *x, char *reason, size_t len)
{
	char name[CTW_NAME_LEN], parent[CTW_NAME_LEN];

	if (!x->container || !file_write_fields(x, name, parent) || strcmp(name, "register") != 0 ||
	    !magic_is(x, BINFMTFS_MAGIC, 0))
		return false;
	snprintf(reason, len,
		 "write to binfmt_misc register from a container: registers an interpreter "
		 "the kernel runs for matching executables");
	return true;
}

/* CTW-036: code injection through another process's memory file (Tracee TRC-1024). */
static bool match_proc_mem_write(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_file_open_event *e = (const void *)x->rec;

	if (!x->container || !x->body || e->kind != CTW_FILE_OPEN_PROC_MEM || !e->target_pid)
		return false;
	if ((e->open_flags & O_ACCMODE) == O_RDONLY)
		return false;
	snprintf(reason, len,
		 "/proc/PID/mem of host pid %" PRIu32
		 " opened for writing from a container: code injection into another process",
		 e->target_pid);
	return true;
}

/*
 * CTW-026: CVE-2019-5736: a container opens the host's runtime binary for
 * writing (through /proc/PID/exe of a runtime process that joined it), to
 * replace what runs as root on the host at the next container start. The
 * binary is known by device and inode, so a container's own file of the same
 * name is not it, nor runc's sealed memfd copy. Refused (ETXTBSY while the
 * runtime runs) is the exploit's loop before it wins: an attempt all the same.
 */
static bool match_runtime_binary_write(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_file_open_event *e = (const void *)x->rec;
	char name[CTW_NAME_LEN];

	if (!x->container || !x->body || e->kind != CTW_FILE_OPEN_RUNTIME_BINARY ||
	    (e->open_flags & O_ACCMODE) == O_RDONLY)
		return false;
	str__copy(name, sizeof(name), e->name, sizeof(e->name));
	snprintf(reason, len,
		 "the host's container runtime binary %s (dev %" PRIu32 ":%" PRIu32
		 ", inode %" PRIu64 ") opened for writing from a container: overwriting it runs "
		 "code as root on the host (CVE-2019-5736)",
		 name, e->file.dev >> 20, e->file.dev & 0xfffff, (uint64_t)e->file.ino);
	return true;
}

/* ---- sensitive host files ------------------------------------------------- */

/*
 * The name of a sensitive file written through a path mounted into a
 * container (the kernel kept only those), or false.
 */
static bool sensitive_write_fields(const struct detect_ctx *x, char *name)
{
	const struct ctw_file_write_event *e = (const void *)x->rec;
	char parent[CTW_NAME_LEN];

	if (!x->container || !file_write_fields(x, name, parent))
		return false;
	return e->kind == CTW_FILE_WRITE_SENSITIVE && name[0];
}

/* What a change to the file gives whoever made it, for the reason. */
static const char *sensitive_file_use(const char *name)
{
	static const struct {
		const char *name, *use;
	} uses[] = {
	    {"shadow", "password hashes: a root password"},
	    {"gshadow", "group passwords"},
	    {"passwd", "accounts: a uid 0 login"},
	    {"group", "group membership"},
	    {"sudoers", "sudo's policy: root for any user"},
	    {"authorized_keys", "SSH keys: a login without a password"},
	    {"crontab", "cron's table: commands run as root"},
	};

	for (size_t i = 0; i < ARRAY_SIZE(uses); i++)
		if (strcmp(name, uses[i].name) == 0)
			return uses[i].use;
	return "a file on the sensitive_files list";
}

/*
 * CTW-037: every dynamically linked program the host starts loads the
 * libraries ld.so.preload names, as whoever runs it (Tracee TRC-107).
 */
static bool match_ld_preload_write(const struct detect_ctx *x, char *reason, size_t len)
{
	char name[CTW_NAME_LEN];

	if (!sensitive_write_fields(x, name) || strcmp(name, "ld.so.preload") != 0)
		return false;
	snprintf(reason, len,
		 "ld.so.preload written from a container through a mounted path: every "
		 "program started where that file is used loads the library it names");
	return true;
}

/* CTW-038: another file of the list, written through a mounted path. */
static bool match_sensitive_file_write(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_file_write_event *e = (const void *)x->rec;
	char name[CTW_NAME_LEN], parent[CTW_NAME_LEN];

	if (!sensitive_write_fields(x, name) || strcmp(name, "ld.so.preload") == 0)
		return false;
	str__copy(parent, sizeof(parent), e->parent, sizeof(e->parent));
	snprintf(reason, len, "%s%s%s written from a container through a mounted path (%s)", parent,
		 parent[0] ? "/" : "", name, sensitive_file_use(name));
	return true;
}

/*
 * CTW-039: a link whose target or new name is a sensitive file, made in a
 * container: a symlink left in a directory the host shares (a volume, a log
 * directory) for a root process on the host to follow, or a hard link that
 * keeps a handle on a host file through a mounted path.
 */
static bool match_sensitive_file_link(const struct detect_ctx *x, char *reason, size_t len)
{
	const struct ctw_link_event *e = (const void *)x->rec;
	char target[CTW_PATH_LEN], path[CTW_PATH_LEN];
	bool symbolic;

	if (!x->container || !x->body || x->args_unknown || !e->matched)
		return false;
	symbolic = e->op == CTW_LINK_SYMLINK || e->op == CTW_LINK_SYMLINKAT;
	str__copy(target, sizeof(target), e->target, sizeof(e->target));
	str__copy(path, sizeof(path), e->path, sizeof(e->path));
	snprintf(reason, len, "%s link %s -> %s made in a container %s a sensitive file",
		 symbolic ? "symbolic" : "hard", path, target,
		 (e->matched & CTW_LINK_MATCH_TARGET) ? "pointing at" : "named as");
	return true;
}

/* ---- exec ----------------------------------------------------------------- */

/* The exec record's fields, or NULL when the record is short. */
static const struct ctw_exec_event *exec_of(const struct detect_ctx *x, char *file, size_t len)
{
	const struct ctw_exec_event *e = (const void *)x->rec;

	if (!x->body)
		return NULL;
	str__copy(file, len, e->filename, sizeof(e->filename));
	return e;
}

/*
 * CTW-021: a container runs a file of its writable layer: written (or
 * modified) after the container started, not shipped in its image.
 */
static bool match_drop_exec(const struct detect_ctx *x, char *reason, size_t len)
{
	char file[CTW_EXE_LEN];
	const struct ctw_exec_event *e = exec_of(x, file, sizeof(file));

	if (!x->container || !e || !(e->flags & CTW_EXEC_UPPER_LAYER))
		return false;
	snprintf(reason, len,
		 "exec of %s from the container's writable layer: a file written after the "
		 "container started, not part of its image",
		 file);
	return true;
}

/* CTW-022: a program that is not a file on any disk: a memfd, or a deleted file. */
static bool match_fileless_exec(const struct detect_ctx *x, char *reason, size_t len)
{
	char file[CTW_EXE_LEN];
	const struct ctw_exec_event *e = exec_of(x, file, sizeof(file));

	if (!x->container || !e)
		return false;
	if (e->flags & CTW_EXEC_MEMFD)
		snprintf(reason, len,
			 "exec of a memfd (%s) in a container: a program only in memory", file);
	else if (e->exe_nlink == 0)
		snprintf(
		    reason, len,
		    "exec of a deleted file (%s) in a container: the program is on no disk any "
		    "more",
		    file);
	else
		return false;
	return true;
}

/*
 * CTW-023: the kernel ran a program from a container's filesystem as a
 * usermode helper (core_pattern pipe, release_agent, modprobe, uevent
 * helper): root in every host namespace. A helper the host's own files
 * provide (systemd-coredump, /sbin/modprobe) is not flagged.
 */
static bool match_kernel_helper_exec(const struct detect_ctx *x, char *reason, size_t len)
{
	char file[CTW_EXE_LEN];
	const struct ctw_exec_event *e = exec_of(x, file, sizeof(file));
	const char *helper = x->helper ? x->helper : "usermode helper";

	if (!e || !(e->flags & CTW_EXEC_PARENT_KTHREAD))
		return false;
	if (e->flags & CTW_EXEC_OVERLAY)
		snprintf(reason, len,
			 "the kernel ran %s (%s) from a container's filesystem as root on the host",
			 file, helper);
	else if (starts_with(file, "/proc/"))
		snprintf(reason, len,
			 "the kernel ran %s (%s) through a process's root as root on the host",
			 file, helper);
	else if ((e->flags & CTW_EXEC_MEMFD) || e->exe_nlink == 0)
		snprintf(reason, len, "the kernel ran %s (%s), a file on no disk, as root", file,
			 helper);
	else
		return false;
	return true;
}

/*
 * CTW-024: the kernel itself judged the exec privilege-raising (AT_SECURE:
 * set-id, file capabilities, an LSM transition) for a non-root user, even
 * where the caller held more capabilities than the result (a container's
 * entrypoint started by the runtime), which CTW-018's comparison misses.
 */
static bool match_secure_exec(const struct detect_ctx *x, char *reason, size_t len)
{
	char file[CTW_EXE_LEN];
	const struct ctw_exec_event *e = exec_of(x, file, sizeof(file));

	if (!e || !(e->flags & CTW_EXEC_SECUREEXEC) || x->rec->uid == 0)
		return false;
	snprintf(reason, len,
		 "exec of %s by uid %" PRIu32 " raises privileges (the kernel set AT_SECURE: "
		 "set-id bit or file capabilities)",
		 file, x->rec->uid);
	return true;
}

/*
 * CTW-025: CVE-2024-21626 ("Leaky Vessels"): at exec the task's working
 * directory or root is on a mount of another mount namespace, reached
 * through a descriptor the runtime leaked into the container.
 */
static bool match_cwd_outside(const struct detect_ctx *x, char *reason, size_t len)
{
	char file[CTW_EXE_LEN];
	const struct ctw_exec_event *e = exec_of(x, file, sizeof(file));
	uint32_t out;

	if (!x->container || !e)
		return false;
	out = e->flags & (CTW_EXEC_CWD_OUTSIDE | CTW_EXEC_ROOT_OUTSIDE);
	if (!out)
		return false;
	snprintf(reason, len,
		 "exec of %s in a container whose %s outside the container's mount namespace "
		 "(a leaked descriptor, CVE-2024-21626)",
		 file,
		 out == (CTW_EXEC_CWD_OUTSIDE | CTW_EXEC_ROOT_OUTSIDE)
		     ? "working directory and root are"
		 : out == CTW_EXEC_CWD_OUTSIDE ? "working directory is"
					       : "root is");
	return true;
}

const struct detection detections[] = {
    {
	.id = "CTW-001",
	.name = "setns_host_namespace",
	.type = CTW_EVENT_SETNS,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.match = match_setns_host,
    },
    {
	.id = "CTW-002",
	.name = "block_device_mount",
	.type = CTW_EVENT_MOUNT,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.match = match_block_mount,
    },
    {
	.id = "CTW-003",
	.name = "host_mount_namespace",
	.type = DETECTION_ANY_TYPE,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.runtime_may = true,
	.match = match_host_mnt_ns,
    },
    {
	.id = "CTW-004",
	.name = "host_pid_namespace",
	.type = DETECTION_ANY_TYPE,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.runtime_may = true,
	.match = match_host_pid_ns,
    },
    {
	.id = "CTW-005",
	.name = "kernel_fs_mount",
	.type = CTW_EVENT_MOUNT,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.runtime_may = true,
	.match = match_kernel_fs_mount,
    },
    {
	.id = "CTW-006",
	.name = "proc_sysfs_mount",
	.type = CTW_EVENT_MOUNT,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.runtime_may = true,
	.match = match_proc_fs_mount,
    },
    {
	.id = "CTW-007",
	.name = "open_by_handle_at",
	.type = CTW_EVENT_OPEN_BY_HANDLE_AT,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.attempt_is_signal = true,
	.match = match_open_by_handle,
    },
    {
	.id = "CTW-008",
	.name = "ptrace_outside_container",
	.type = CTW_EVENT_PTRACE,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611, T1055.008",
	.match = match_ptrace_outside,
    },
    {
	.id = "CTW-009",
	.name = "cgroup_release_agent_write",
	.type = CTW_EVENT_FILE_WRITE,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.match = match_release_agent,
    },
    {
	.id = "CTW-010",
	.name = "usermode_helper_write",
	.type = CTW_EVENT_FILE_WRITE,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.match = match_usermode_helper,
    },
    {
	.id = "CTW-011",
	.name = "sysrq_trigger_write",
	.type = CTW_EVENT_FILE_WRITE,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE | FLAG_KERNEL_TOUCH,
	.attack = "T1611, T1529",
	.match = match_sysrq,
    },
    {
	.id = "CTW-012",
	.name = "module_load_container",
	.type = CTW_EVENT_MODULE_LOAD,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_KERNEL_TOUCH,
	.attack = "T1547.006, T1611",
	.attempt_is_signal = true,
	.match = match_module_container,
    },
    {
	.id = "CTW-013",
	.name = "module_load_host",
	.type = CTW_EVENT_MODULE_LOAD,
	.severity = SEVERITY_NOTICE,
	.flags = FLAG_KERNEL_TOUCH,
	.attack = "T1547.006",
	.match = match_module_host,
    },
    {
	.id = "CTW-014",
	.name = "bpf_load_container",
	.type = CTW_EVENT_BPF,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_KERNEL_TOUCH,
	.attack = "T1068, T1014",
	.match = match_bpf_container,
    },
    {
	.id = "CTW-015",
	.name = "sysctl_write_container",
	.type = CTW_EVENT_FILE_WRITE,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_KERNEL_TOUCH,
	.attack = "T1611",
	.runtime_may = true,
	.match = match_sysctl,
    },
    {
	.id = "CTW-016",
	.name = "capset_raise",
	.type = CTW_EVENT_CAPSET,
	.severity = SEVERITY_NOTICE,
	.flags = FLAG_PRIVILEGE_GAIN,
	.attack = "T1548",
	.runtime_may = true,
	.match = match_capset,
    },
    {
	.id = "CTW-017",
	.name = "setuid_gain",
	.type = CTW_EVENT_SETUID,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_PRIVILEGE_GAIN,
	.attack = "T1548.001",
	.runtime_may = true,
	.match = match_setuid,
    },
    {
	.id = "CTW-018",
	.name = "setuid_exec_gain",
	.type = CTW_EVENT_SETUID_EXEC,
	.severity = SEVERITY_NOTICE,
	.flags = FLAG_PRIVILEGE_GAIN,
	.attack = "T1548.001",
	.match = match_setuid_exec,
    },
    {
	.id = "CTW-019",
	.name = "unshare_user_container",
	.type = CTW_EVENT_UNSHARE,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_PRIVILEGE_GAIN,
	.attack = "T1068",
	.runtime_may = true,
	.match = match_unshare_user,
    },
    {
	.id = "CTW-020",
	.name = "runtime_mask_undone",
	.type = DETECTION_ANY_TYPE, /* mount and umount: match_unmask checks */
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.runtime_may = true,
	.match = match_unmask,
    },
    {
	.id = "CTW-021",
	.name = "drop_and_execute",
	.type = CTW_EVENT_EXEC,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_CONTAINER_DRIFT,
	.attack = "T1105, T1059",
	.match = match_drop_exec,
    },
    {
	.id = "CTW-022",
	.name = "fileless_exec",
	.type = CTW_EVENT_EXEC,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_DRIFT,
	.attack = "T1620, T1027.011",
	.runtime_may = true,
	.match = match_fileless_exec,
    },
    {
	.id = "CTW-023",
	.name = "kernel_helper_payload",
	.type = CTW_EVENT_EXEC,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.match = match_kernel_helper_exec,
    },
    {
	.id = "CTW-024",
	.name = "secure_exec_gain",
	.type = CTW_EVENT_EXEC,
	.severity = SEVERITY_NOTICE,
	.flags = FLAG_PRIVILEGE_GAIN,
	.attack = "T1548.001",
	.match = match_secure_exec,
    },
    {
	.id = "CTW-025",
	.name = "cwd_outside_container",
	.type = CTW_EVENT_EXEC,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.match = match_cwd_outside,
    },
    {
	.id = "CTW-026",
	.name = "runtime_binary_write",
	.type = CTW_EVENT_FILE_OPEN,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.attempt_is_signal = true,
	.match = match_runtime_binary_write,
    },
    {
	.id = "CTW-027",
	.name = "clone_user_container",
	.type = CTW_EVENT_CLONE,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_PRIVILEGE_GAIN,
	.attack = "T1068",
	.runtime_may = true,
	.match = match_clone_user,
    },
    {
	.id = "CTW-028",
	.name = "runtime_socket_connect",
	.type = CTW_EVENT_CONNECT,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611, T1609",
	.match = match_runtime_socket,
    },
    {
	.id = "CTW-029",
	.name = "process_vm_container",
	.type = CTW_EVENT_PROCESS_VM,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_PRIVILEGE_GAIN,
	.attack = "T1055, T1003.007",
	.match = match_process_vm,
    },
    {
	.id = "CTW-030",
	.name = "kernel_api_container",
	.type = CTW_EVENT_KERNEL_API,
	.severity = SEVERITY_NOTICE,
	.flags = FLAG_KERNEL_TOUCH,
	.attack = "T1068",
	/* runc joins a fresh session keyring (keyctl) in every container it starts. */
	.runtime_may = true,
	.match = match_kernel_api,
    },
    {
	.id = "CTW-031",
	.name = "module_request_container",
	.type = CTW_EVENT_MODULE_REQUEST,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_KERNEL_TOUCH,
	.attack = "T1068, T1547.006",
	/* Setting up mounts and devices, a runtime can make the kernel load a module. */
	.runtime_may = true,
	.match = match_module_request,
    },
    {
	.id = "CTW-032",
	.name = "raw_device_open",
	.type = CTW_EVENT_FILE_OPEN,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611, T1006",
	.match = match_raw_device_open,
    },
    {
	.id = "CTW-033",
	.name = "device_node_created",
	.type = CTW_EVENT_MKNOD,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611, T1006",
	.runtime_may = true,
	.match = match_device_mknod,
    },
    {
	.id = "CTW-034",
	.name = "device_cgroup_allow_write",
	.type = CTW_EVENT_FILE_WRITE,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611",
	.match = match_devices_allow,
    },
    {
	.id = "CTW-035",
	.name = "binfmt_misc_register",
	.type = CTW_EVENT_FILE_WRITE,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611, T1546",
	.match = match_binfmt_register,
    },
    {
	.id = "CTW-036",
	.name = "proc_mem_write",
	.type = CTW_EVENT_FILE_OPEN,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_PRIVILEGE_GAIN,
	.attack = "T1055.009",
	.match = match_proc_mem_write,
    },
    {
	.id = "CTW-037",
	.name = "ld_preload_write",
	.type = CTW_EVENT_FILE_WRITE,
	.severity = SEVERITY_CRITICAL,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1574.006, T1611",
	.match = match_ld_preload_write,
    },
    {
	.id = "CTW-038",
	.name = "sensitive_file_write",
	.type = CTW_EVENT_FILE_WRITE,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611, T1098",
	.match = match_sensitive_file_write,
    },
    {
	.id = "CTW-039",
	.name = "sensitive_file_link",
	.type = CTW_EVENT_LINK,
	.severity = SEVERITY_WARNING,
	.flags = FLAG_CONTAINER_ESCAPE,
	.attack = "T1611, T1555",
	.match = match_sensitive_file_link,
    },
};
_Static_assert(ARRAY_SIZE(detections) == DETECTION_COUNT, "DETECTION_COUNT is the table's rows");

int detection__index(const char *id)
{
	for (int i = 0; i < DETECTION_COUNT; i++)
		if (strcmp(detections[i].id, id) == 0)
			return i;
	return -ENOENT;
}
