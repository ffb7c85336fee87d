/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The event ABI shared by the BPF programs and the collector.
 *
 * Rules (docs/hacking.md): only __u8..__u64 and fixed-size arrays, explicit
 * padding, every record starts with struct ctw_header, event type values are
 * fixed and never reused. The types, ops, records and their sizes are rows of
 * events.def (its header says how to add a syscall or a type); both sides
 * _Static_assert the sizes and a unit test checks every record against the
 * built object's BTF.
 */
#ifndef CTRWATCH_EVENTS_H
#define CTRWATCH_EVENTS_H

#ifdef __BPF__
/* BPF side: vmlinux.h has already defined the __uN types. */
#else
#include <linux/types.h>
#endif

#define CTW_ABI_VERSION 1

/*
 * The event types, from the CTW_TYPE rows of events.def: fixed values, a
 * retired type's number is never reused.
 */
enum ctw_event_type {
	CTW_EVENT_NONE = 0,
#define CTW_TYPE(ID, value, name, record, args) CTW_EVENT_##ID = value,
#define CTW_COLLECTOR_TYPE(ID, value, name, args) CTW_EVENT_##ID = value,
#include "events.def"
	/* One past the highest value, whatever the rows' order: an array bound. */
	CTW_EVENT_TYPE_MAX = sizeof(union {
		char none[1];
#define CTW_TYPE(ID, value, name, record, args) char ID[value + 1];
#define CTW_COLLECTOR_TYPE(ID, value, name, args) char ID[value + 1];
#include "events.def"
	}),
};

/* Never called: a value given to two types fails to build as a duplicate case. */
static inline int ctw__event_type_values_are_unique(__u32 type)
{
	switch (type) {
#define CTW_TYPE(ID, value, name, record, args) case value:
#define CTW_COLLECTOR_TYPE(ID, value, name, args) case value:
#include "events.def"
		return 1;
	}
	return 0;
}

/* Mechanisms the BPF side used to see an event (header.source). */
enum ctw_event_source {
	CTW_SOURCE_SYSCALL_TP = 0,   /* syscalls/sys_enter_X + sys_exit_X */
	CTW_SOURCE_RAW_SYSCALLS = 1, /* raw_syscalls fallback, filtered by syscall id */
	CTW_SOURCE_EXEC_TP = 2,	     /* sched/sched_process_exec (tp_btf) */
	CTW_SOURCE_MODULE_TP = 3,    /* module/module_load */
	CTW_SOURCE_CGROUP_TP = 4,    /* cgroup/cgroup_mkdir, cgroup_rmdir */
	CTW_SOURCE_SCHED_TP = 5,     /* sched/sched_process_fork, sched_process_exit (tp_btf) */
	CTW_SOURCE_FEXIT = 6,	     /* fexit of a kernel function (vfs_open) */
};

/* header.flags bits */
enum ctw_header_flags {
	/*
	 * Only sys_exit was seen: the arguments are unknown. Happens when a seccomp
	 * filter refuses the syscall before sys_enter fires, or when the monitor
	 * attached between a task's sys_enter and sys_exit.
	 */
	CTW_HDR_ARGS_UNKNOWN = 1u << 0,
	/* The record is the result of a syscall (header.ret is meaningful). */
	CTW_HDR_HAS_RET = 1u << 1,
	/*
	 * Only sys_exit was seen, and the arguments were read there from the
	 * registers the task entered the kernel with (the seccomp-refused case).
	 */
	CTW_HDR_ARGS_AT_EXIT = 1u << 2,
	/*
	 * A string of the record filled its fixed-size field and the source went
	 * on: it was cut. Userspace marks the fields that are full (the string's
	 * length is the field's size - 1) as truncated.
	 */
	CTW_HDR_STR_CUT = 1u << 3,
};

#define CTW_COMM_LEN 16
#define CTW_PATH_LEN 256 /* mount source/target; longer ones are truncated */
#define CTW_FSTYPE_LEN 32
#define CTW_NAME_LEN 64 /* module names, fsconfig keys, file names */
/*
 * The sensitive file names the open probe matches (config sensitive_files): at
 * most this many, each shorter than CTW_NAME_LEN (the key of the sensitive_names map).
 */
#define CTW_SENSITIVE_NAMES_MAX 32
#define CTW_EXE_LEN 128	    /* exec'd file name (bprm->filename) */
#define CTW_TASK_EXE_LEN 64 /* the task's executable, path within its mount */
#define CTW_ARGS_LEN 256    /* argv bytes an exec record carries */
/*
 * The working directory an exec record carries. 128 keeps the exec record
 * (736 bytes) below the largest one (mount, 760): every record is built in a
 * copy of the largest, so a larger cwd would cost every event, not only execs.
 */
#define CTW_CWD_LEN 128

/* The namespaces a task lives in, as inode numbers of the /proc/PID/ns files. */
struct ctw_namespaces {
	__u32 mnt;
	__u32 pid;
	__u32 net;
	__u32 user;
	__u32 uts;
	__u32 ipc;
	__u32 cgroup;
	__u32 _pad;
};

/* Common to every record: 184 bytes. */
struct ctw_header {
	__u16 type;	  /* enum ctw_event_type */
	__u16 size;	  /* of the whole record, header included */
	__u16 syscall_nr; /* the syscall number, or 0xffff when not a syscall */
	__u8 source;	  /* enum ctw_event_source */
	__u8 flags;	  /* enum ctw_header_flags */
	__u64 ktime_ns;	  /* bpf_ktime_get_boot_ns() at sys_enter (or the tracepoint) */
	__u64 cgroup_id;  /* cgroup v2 id of the task, full 64 bits */
	__s64 ret;	  /* syscall return value: 0/positive or negative errno */
	__u32 pid;	  /* thread-group id, as userspace calls a pid */
	__u32 tid;	  /* thread id */
	__u32 ppid;	  /* thread-group id of the real parent */
	__u32 uid;
	__u32 euid;
	__u32 gid;
	__u32 egid;
	__u32 loginuid_pad; /* reserved, zero */
	__u64 cap_effective;
	struct ctw_namespaces ns;
	char comm[CTW_COMM_LEN];
	/*
	 * mm->exe_file's path, built from its dentry chain (at most 8 components)
	 * and relative to the mount it lives in, so a container's /bin/sh reads
	 * "/bin/sh". "" when the task has no mm (kernel threads).
	 */
	char exe[CTW_TASK_EXE_LEN];
};

#define CTW_NO_SYSCALL 0xffff

/* capset(2): the sets before (task->cred) and the sets asked for (args). */
struct ctw_capset_event {
	struct ctw_header hdr;
	__u64 old_effective;
	__u64 old_permitted;
	__u64 old_inheritable;
	__u64 new_effective;
	__u64 new_permitted;
	__u64 new_inheritable;
	__u32 target_pid; /* header.pid of capset's target (0 = self) */
	__u32 _pad;
};

/*
 * setuid family. arg0..arg2 hold the ids in syscall order
 * (setuid: uid; setreuid: ruid, euid; setresuid: ruid, euid, suid; ...).
 * (__u32)-1 means "unchanged" as in the syscalls.
 */
struct ctw_setuid_event {
	struct ctw_header hdr;
	__u32 arg[3];
	__u32 old_suid; /* saved ids and fs ids before the call */
	__u32 old_sgid;
	__u32 old_fsuid;
	__u32 old_fsgid;
	__u32 nargs; /* how many of arg[] the syscall takes */
};

/* An exec that changed credentials (set-id bit or file capabilities). */
struct ctw_setuid_exec_event {
	struct ctw_header hdr; /* ids and caps are the new ones */
	__u32 old_uid;
	__u32 old_euid;
	__u32 old_gid;
	__u32 old_egid;
	__u64 old_cap_effective;
	__u64 old_cap_permitted;
	__u64 new_cap_permitted;
	__u32 file_uid; /* owner of the executed file */
	__u32 file_gid;
	__u32 file_mode; /* i_mode: S_ISUID/S_ISGID bits */
	__u32 _pad;
	char filename[CTW_EXE_LEN];
};

/* ctw_exec_event.flags: what the kernel knew of the exec'd file and the task. */
enum ctw_exec_flags {
	CTW_EXEC_OVERLAY = 1u << 0,	    /* the file is on overlayfs */
	CTW_EXEC_UPPER_LAYER = 1u << 1,	    /* ... and its inode is in the upper (writable) layer */
	CTW_EXEC_MEMFD = 1u << 2,	    /* the file is a memfd (memfd_create) */
	CTW_EXEC_SECUREEXEC = 1u << 3,	    /* bprm->secureexec: the kernel set AT_SECURE */
	CTW_EXEC_PARENT_KTHREAD = 1u << 4,  /* the parent is a kernel thread (usermode helper) */
	CTW_EXEC_CWD_OUTSIDE = 1u << 5,	    /* cwd on a mount of another mount namespace */
	CTW_EXEC_ROOT_OUTSIDE = 1u << 6,    /* root on a mount of another mount namespace */
	CTW_EXEC_ARGS_TRUNCATED = 1u << 7,  /* argv was longer than args */
	CTW_EXEC_ARGS_UNREADABLE = 1u << 8, /* argv could not be read */
	CTW_EXEC_CWD_TRUNCATED = 1u << 9,   /* cwd keeps only its deepest names */
};

/*
 * Every exec (sched_process_exec): feeds the collector's process cache and the
 * exec detections. The header is the task after the exec.
 */
struct ctw_exec_event {
	struct ctw_header hdr;
	__u64 start_ns; /* task->start_boottime: the process's start, CLOCK_BOOTTIME */
	__u64 exe_ino;	/* the exec'd file (bprm->file): inode number */
	__u32 exe_dev;	/* its superblock's s_dev (MKDEV encoding) */
	__u32 exe_nlink;
	__u32 exe_mode;
	__u32 flags;		    /* enum ctw_exec_flags */
	__u32 args_len;		    /* bytes of args filled */
	__u32 args_size;	    /* bytes of argv the process has (arg_end - arg_start) */
	char filename[CTW_EXE_LEN]; /* bprm->filename: as the caller named it */
	char args[CTW_ARGS_LEN];    /* argv, each argument ended by a NUL */
	/*
	 * The working directory at the exec, from fs->pwd up to fs->root across
	 * mounts: the path as the task sees it (a container's /app reads "/app").
	 */
	char cwd[CTW_CWD_LEN];
};

/* ctw_proc_event.flags */
enum ctw_proc_flags {
	CTW_PROC_KTHREAD = 1u << 0, /* a kernel thread (no executable) */
};

/*
 * A new process (sched_process_fork, threads left out) or a process gone
 * (sched_process_exit of its last thread): internal, they keep the process
 * cache current. Cheap: the header has no namespaces and no exe.
 */
struct ctw_proc_event {
	struct ctw_header hdr; /* the new or exiting process (pid, ppid, comm, creds, cgroup) */
	__u64 start_ns;	       /* task->start_boottime */
	__u32 exit_code;       /* exit: task->exit_code */
	__u32 flags;	       /* enum ctw_proc_flags */
};

/* Which mount-family call a ctw_mount_event describes: the CTW_MOUNT_OP rows of events.def. */
enum ctw_mount_op {
#define CTW_MOUNT_OP(ID, value, name, ...) CTW_MOUNT_OP_##ID = value,
#include "events.def"
};

/*
 * mount(2), umount2(2) and the new mount API. Which field holds which argument
 * of each call: the CTW_MOUNT_OP rows of events.def (the JSON key of each).
 */
struct ctw_mount_event {
	struct ctw_header hdr;
	__u64 flags;
	__u64 attr_flags;
	__s32 fd;
	__s32 fd2;
	__u32 op; /* enum ctw_mount_op */
	__u32 _pad;
	char source[CTW_PATH_LEN];
	char target[CTW_PATH_LEN];
	char fstype[CTW_FSTYPE_LEN];
};

enum ctw_module_op {
	CTW_MODULE_OP_INIT_MODULE = 0,	/* init_module(2) */
	CTW_MODULE_OP_FINIT_MODULE = 1, /* finit_module(2) */
	CTW_MODULE_OP_LOADED = 2,	/* module/module_load tracepoint: it is in */
};

struct ctw_module_event {
	struct ctw_header hdr;
	__u32 op;    /* enum ctw_module_op */
	__s32 fd;    /* finit_module */
	__u64 len;   /* init_module image length */
	__u32 flags; /* finit_module flags; module_load taints */
	__u32 _pad;
	char name[CTW_NAME_LEN];   /* module_load only */
	char params[CTW_NAME_LEN]; /* start of the parameter string */
};

struct ctw_setns_event {
	struct ctw_header hdr;
	__s32 fd;
	__u32 nstype;		      /* the CLONE_NEW* flags asked for (0 = any) */
	__u32 target_ns_inum;	      /* inode of the namespace the fd names (0 for pidfds) */
	__u32 target_ns_type;	      /* CLONE_NEW* of that namespace, when known */
	struct ctw_namespaces new_ns; /* the task's namespaces after the call */
};

struct ctw_unshare_event {
	struct ctw_header hdr;
	__u64 flags; /* CLONE_* */
	struct ctw_namespaces new_ns;
};

struct ctw_ptrace_event {
	struct ctw_header hdr;
	__s64 request;
	__u32 target_pid;      /* as the caller named it (its own pid namespace) */
	__u32 target_host_pid; /* in the initial pid namespace, 0 when unknown */
	__u64 addr;
	__u64 target_cgroup_id; /* 0 when unknown */
	struct ctw_namespaces target_ns;
};

struct ctw_bpf_event {
	struct ctw_header hdr;
	__u32 cmd;
	__u32 prog_type; /* BPF_PROG_LOAD */
	__u32 map_type;	 /* BPF_MAP_CREATE */
	__u32 attach_type;
	char obj_name[16]; /* prog_name / map_name */
};

struct ctw_open_by_handle_event {
	struct ctw_header hdr;
	__s32 mount_fd;
	__u32 flags;
	__u32 handle_type;
	__u32 handle_bytes;
	__u64 handle_head; /* first 8 bytes of f_handle (inode/generation for most fs) */
};

/* A write-open of a kernel interface file (release_agent, core_pattern, ...). */
/* Why the open probe kept a file_write record (ctw_file_write_event.kind). */
enum ctw_file_write_kind {
	CTW_FILE_WRITE_INTERFACE =
	    0, /* a kernel interface file (proc, sysfs, cgroup, binfmt_misc) */
	/*
	 * A file whose name is in the sensitive list (config sensitive_files), written
	 * from outside the host's mount namespace on a mount other than the task's root:
	 * a path mounted into the container.
	 */
	CTW_FILE_WRITE_SENSITIVE = 1,
};

struct ctw_file_write_event {
	struct ctw_header hdr;
	__u64 sb_magic; /* superblock magic: cgroup, proc, sysfs, ... */
	__u32 open_flags;
	__u32 kind;		   /* enum ctw_file_write_kind */
	char name[CTW_NAME_LEN];   /* the file's dentry name */
	char parent[CTW_NAME_LEN]; /* its parent's dentry name */
};

/* Why the open probe kept a file_open record (ctw_file_open_event.kind). */
enum ctw_file_open_kind {
	CTW_FILE_OPEN_BLOCK_DEVICE =
	    1, /* any open of a block device, outside the host's mount ns */
	CTW_FILE_OPEN_MEM_DEVICE =
	    2, /* any open of /dev/mem, /dev/kmem or /dev/port (1:1, 1:2, 1:4) */
	CTW_FILE_OPEN_PROC_MEM = 3, /* a write-open of another process's /proc/PID/mem */
	/*
	 * A write-open, or a refused one (ETXTBSY while it runs), of a host
	 * container runtime binary: its (dev, ino) is in the runtime_bins map.
	 */
	CTW_FILE_OPEN_RUNTIME_BINARY = 4,
};

/*
 * A file as the kernel knows it: the runtime_bins map's key, filled by the
 * collector from stat(2) of the runtime binaries it finds at start.
 */
struct ctw_file_id {
	__u64 ino;
	__u32 dev; /* superblock s_dev, the kernel's encoding: major << 20 | minor */
	__u32 _pad;
};

/*
 * An open of a file that gives raw access to the host or to another process:
 * a block device or memory device (read-only opens count), or another
 * process's memory opened for writing.
 */
struct ctw_file_open_event {
	struct ctw_header hdr;
	__u64 sb_magic;	  /* superblock magic of the file's filesystem */
	__u32 open_flags; /* file->f_flags */
	__u32 kind;	  /* enum ctw_file_open_kind */
	__u32 mode;	  /* i_mode: file type and permission bits */
	__u32 rdev_major; /* device files: the device the inode names */
	__u32 rdev_minor;
	__u32 target_pid;	   /* proc_mem: host tgid of the process whose memory it is */
	char name[CTW_NAME_LEN];   /* the file's dentry name */
	char parent[CTW_NAME_LEN]; /* its parent's dentry name */
	struct ctw_file_id file;   /* runtime_binary: the file opened (0 for the other kinds) */
};

/*
 * mknod(2)/mknodat(2) of a device node; the probe drops FIFOs, sockets and
 * regular files at sys_exit.
 */
struct ctw_mknod_event {
	struct ctw_header hdr;
	__u64 dev;   /* the device number as passed (the syscall's encoding) */
	__s32 dirfd; /* mknodat's dirfd; 0 for mknod (see at) */
	__u32 mode;  /* file type and permission bits as asked */
	__u32 at;    /* 1: mknodat, 0: mknod */
	__u32 _pad;
	char path[CTW_PATH_LEN];
};

/* Which call made a ctw_link_event (its variant in bpf/events.def). */
enum ctw_link_op {
	CTW_LINK_SYMLINK = 0,
	CTW_LINK_SYMLINKAT = 1,
	CTW_LINK_LINK = 2,
	CTW_LINK_LINKAT = 3,
};

/* ctw_link_event.matched: whose last component the sensitive list matched. */
#define CTW_LINK_MATCH_TARGET 0x1
#define CTW_LINK_MATCH_PATH 0x2

/*
 * symlink/symlinkat/link/linkat from outside the host's mount namespace whose
 * target or new name ends in a name of the sensitive list (config
 * sensitive_files), matched in the kernel at sys_enter.
 */
struct ctw_link_event {
	struct ctw_header hdr;
	__u32 op;	/* enum ctw_link_op */
	__u32 matched;	/* CTW_LINK_MATCH_* */
	__s32 olddirfd; /* linkat only */
	__s32 newdirfd; /* symlinkat and linkat */
	__u32 flags;	/* linkat's AT_* flags */
	__u32 _pad;
	char target[CTW_PATH_LEN]; /* symlink: what it points at; link: the existing file */
	char path[CTW_PATH_LEN];   /* the new name */
};

/*
 * A cgroup appeared or went away (cgroup v2 hierarchy only): CTW_EVENT_CGROUP_MKDIR/RMDIR
 * from the cgroup tracepoints, CTW_EVENT_CONTAINER_STOP from cgroup_rmdir, and
 * CTW_EVENT_CONTAINER_START from the first exec in a cgroup that is not the runtime's own
 * (the header's task is then that exec's, and path is "": the collector knows it).
 */
struct ctw_cgroup_event {
	struct ctw_header hdr; /* header.cgroup_id is the cgroup made, removed or started */
	__u32 level;
	__u32 _pad;
	char path[CTW_PATH_LEN];
};

/*
 * clone(2)/clone3(2) asking for a new namespace. Only those are recorded: the
 * BPF side drops every other clone before it does any work.
 */
struct ctw_clone_event {
	struct ctw_header hdr;
	__u64 flags;	   /* CLONE_*; for clone(2) without the exit signal in bits 0..7 */
	__u32 exit_signal; /* clone(2): flags & 0xff; clone3(2): clone_args.exit_signal */
	__u32 clone3;	   /* 1: clone3(2), the flags were read from struct clone_args */
};

#define CTW_UNIX_PATH_LEN 108 /* sizeof(sockaddr_un.sun_path) */

/*
 * connect(2) of an AF_UNIX socket to an address that names a container
 * runtime's API (docker.sock, containerd.sock, ...): the BPF side drops every
 * other connect on its family and path before it does any work.
 */
struct ctw_connect_event {
	struct ctw_header hdr;
	__s32 fd;
	__u16 family;
	__u8 abstract; /* 1: an abstract address (sun_path[0] == 0); path is the name after it */
	__u8 _pad;
	char path[CTW_UNIX_PATH_LEN];
	__u32 _pad2;
};

/*
 * process_vm_readv(2)/process_vm_writev(2): another process's memory, read or
 * written without ptrace. Every call is recorded (they are rare); the target
 * is resolved where it can be.
 */
struct ctw_process_vm_event {
	struct ctw_header hdr;
	__u32 target_pid;	/* as the caller named it (its own pid namespace) */
	__u32 target_host_pid;	/* in the initial pid namespace, 0 when unknown */
	__u64 target_cgroup_id; /* filled by the collector from /proc, 0 when unknown */
	__u32 target_mnt_ns;	/* the target's mount namespace (collector, /proc), 0 = unknown */
	__u32 write;		/* 1: process_vm_writev, 0: process_vm_readv */
	__u64 local_iovcnt;
	__u64 remote_iovcnt;
	__u64 remote_bytes; /* the sum of the first CTW_PROCESS_VM_IOV remote iov_len */
	__u32 target_self;  /* 1: the caller named itself */
	__u32 _pad;
};

#define CTW_PROCESS_VM_IOV 8 /* remote iovecs summed into remote_bytes */

/* Which call made a kernel_api record (ctw_kernel_api_event.api). */
enum ctw_kernel_api {
	CTW_KERNEL_API_IO_URING_SETUP = 1,
	CTW_KERNEL_API_USERFAULTFD = 2,
	CTW_KERNEL_API_KEYCTL = 3,
	CTW_KERNEL_API_ADD_KEY = 4,
	CTW_KERNEL_API_REQUEST_KEY = 5,
	CTW_KERNEL_API_PERF_EVENT_OPEN = 6,
};

#define CTW_KEY_TYPE_LEN 32

/*
 * Calls that reach rarely used kernel subsystems, the usual ground of kernel
 * exploits: io_uring, userfaultfd, the key management calls, perf events.
 * The fields hold each call's key arguments:
 *
 *	api              op              arg               pid       key_type/description
 *	io_uring_setup   entries         params.flags      -         -
 *	userfaultfd      flags           -                 -         -
 *	keyctl           operation       arg2 (a key)      -         the name (JOIN), type+desc
 *(SEARCH) add_key          -               keyring           plen      type, description
 *	request_key      -               dest keyring      -         type, description
 *	perf_event_open  attr.type       attr.config       pid       - (cpu, flags below)
 */
struct ctw_kernel_api_event {
	struct ctw_header hdr;
	__u32 api; /* enum ctw_kernel_api */
	__s32 cpu; /* perf_event_open */
	__u64 op;
	__u64 arg;
	__s64 pid;
	__u64 flags; /* perf_event_open */
	char key_type[CTW_KEY_TYPE_LEN];
	char description[CTW_NAME_LEN];
};

/*
 * module/module_request: the kernel asks modprobe for a module on behalf of the
 * current task (a socket family, a filesystem type, a crypto algorithm... not
 * built in), so the task whose call caused it is the one recorded.
 */
struct ctw_module_request_event {
	struct ctw_header hdr;
	__u32 wait; /* 1: the caller waits for modprobe */
	__u32 _pad;
	char name[CTW_NAME_LEN]; /* the module alias asked for ("net-pf-38", "fs-cramfs", ...) */
};

/* Counters kept per CPU by the BPF side; userspace sums them. */
struct ctw_type_counters {
	__u64 emitted; /* records committed to the ring buffer */
	__u64 lost;    /* records that found the ring buffer full */
};

struct ctw_counters {
	struct ctw_type_counters by_type[CTW_EVENT_TYPE_MAX];
	__u64 inflight_full;	/* sys_enter captures that got no per-task storage */
	__u64 exec_filtered;	/* execs that changed no credentials, dropped in-kernel */
	__u64 cgroup_seen_full; /* first execs not reported: the cgroup_seen map was full */
};

/* Any record the ring buffer carries: the CTW_RECORD rows of events.def. */
union ctw_any_event {
#define CTW_RECORD(member, tag, size) struct tag member;
#include "events.def"
};

/* The layout is ABI: a size that moves is a build failure on either side. */
#define CTW_RECORD(member, tag, size) _Static_assert(sizeof(struct tag) == size, #tag);
#include "events.def"
_Static_assert(sizeof(struct ctw_namespaces) == 32, "ctw_namespaces");
_Static_assert(sizeof(struct ctw_file_id) == 16, "ctw_file_id");
_Static_assert(sizeof(struct ctw_counters) == CTW_EVENT_TYPE_MAX * 16 + 24, "ctw_counters");

/*
 * The size of the record a type is carried in; 0 for a type the ring buffer
 * never carries (posture is made in userspace). Shared so that the BPF side
 * sizing a record and the collector casting one agree by construction.
 */
static inline __u32 ctw_event_size(__u32 type)
{
	switch (type) {
#define CTW_TYPE(ID, value, name, record, args)                                                    \
	case CTW_EVENT_##ID:                                                                       \
		return sizeof(((union ctw_any_event *)0)->record);
#include "events.def"
	}
	return 0;
}

/* The largest record; the consumer rejects anything bigger. */
#define CTW_MAX_EVENT_SIZE sizeof(union ctw_any_event)

#endif /* CTRWATCH_EVENTS_H */
