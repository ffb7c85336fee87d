// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Records of every type built by hand, rendered, parsed back with json-c (strict,
 * UTF-8 validating) and checked field by field against docs/event-format.md.
 * With CTW_EVENT_SAMPLES set (tests/run-unit.sh sets it), every line rendered
 * in the native format is also appended to that file, which run-unit.sh then
 * validates against docs/event.schema.json: the renderer and the schema cannot
 * drift apart without `make unit-test` failing.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>

#include "check.h"
#include "classify.h"
#include "render_falco.h"
#include "render_json.h"
#include "render_summary.h"

#include "util.h" /* ARRAY_SIZE */

#define DOCKER_ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define BOOT_TO_REALTIME 1795511169000000000LL /* 2026-11-24T09:06:09Z at boot */

static void fill_header(union ctw_any_event *r, enum ctw_event_type type, size_t size,
			unsigned int nr, uint8_t flags, int64_t ret)
{
	struct ctw_header *h = &r->hdr;

	memset(r, 0, sizeof(*r));
	h->type = type;
	h->size = size;
	h->syscall_nr = nr;
	h->source = CTW_SOURCE_SYSCALL_TP;
	h->flags = flags;
	h->ktime_ns = 123456789; /* 0.123456789 s after boot */
	h->cgroup_id = 4242;
	h->ret = ret;
	h->pid = 100;
	h->tid = 101;
	h->ppid = 1;
	h->uid = 1000;
	h->euid = 0;
	h->gid = 1000;
	h->egid = 0;
	h->cap_effective = 0x000001ffffffffffull;
	h->ns.mnt = 4026531841u;
	h->ns.pid = 4026531836u;
	h->ns.net = 4026531840u;
	h->ns.user = 4026531837u;
	h->ns.uts = 4026531838u;
	h->ns.ipc = 4026531839u;
	h->ns.cgroup = 4026531835u;
	strcpy(h->comm, "mount");
	strcpy(h->exe, "/bin/busybox");
}

#define SYSRET (CTW_HDR_HAS_RET)

/* ---- one builder per case ---- */

static void build_capset(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_CAPSET, sizeof(r->capset), __NR_capset, SYSRET, 0);
	r->capset.old_effective = 1ull << 7;
	r->capset.new_effective = (1ull << 7) | (1ull << 0) | (1ull << 21);
	r->capset.old_permitted = (1ull << 12) | (1ull << 13);
	r->capset.new_permitted = 1ull << 13;
}

static void build_setresuid(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_SETUID, sizeof(r->setuid), __NR_setresuid, SYSRET, -EPERM);
	r->setuid.arg[0] = 0;
	r->setuid.arg[1] = (uint32_t)-1;
	r->setuid.arg[2] = 0;
	r->setuid.nargs = 3;
	r->setuid.old_suid = 1000;
	r->setuid.old_fsuid = 1000;
}

static void build_setuid_exec(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_SETUID_EXEC, sizeof(r->setuid_exec), CTW_NO_SYSCALL, 0, 0);
	r->hdr.source = CTW_SOURCE_EXEC_TP;
	r->hdr.cap_effective = 0;
	r->setuid_exec.old_uid = 1000;
	r->setuid_exec.old_euid = 1000;
	r->setuid_exec.old_gid = 1000;
	r->setuid_exec.old_egid = 1000;
	r->setuid_exec.new_cap_permitted = 1ull << 21;
	r->setuid_exec.file_uid = 0;
	r->setuid_exec.file_mode = 0104755;
	strcpy(r->setuid_exec.filename, "/usr/bin/passwd");
}

static void build_exec(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_EXEC, sizeof(r->exec), CTW_NO_SYSCALL, 0, 0);
	r->hdr.source = CTW_SOURCE_EXEC_TP;
	r->exec.exe_dev = (0 << 20) | 57;
	r->exec.exe_ino = 1234;
	r->exec.exe_nlink = 1;
	r->exec.exe_mode = 0100755;
	r->exec.flags = CTW_EXEC_OVERLAY | CTW_EXEC_UPPER_LAYER | CTW_EXEC_CWD_OUTSIDE;
	strcpy(r->exec.filename, "/tmp/dropped");
}

static void build_mount(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_MOUNT, sizeof(r->mount), __NR_mount, SYSRET, 0);
	r->mount.op = CTW_MOUNT_OP_MOUNT;
	r->mount.flags = 0xC0ED0000ull | 1; /* old-style magic + MS_RDONLY */
	strcpy(r->mount.source, "/dev/vda");
	strcpy(r->mount.target, "/mnt");
	strcpy(r->mount.fstype, "ext4");
}

/* Invalid UTF-8, a truncated sequence, a control char, a quote and a full array. */
static void build_mount_bad_utf8(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_MOUNT, sizeof(r->mount), __NR_mount, SYSRET, 0);
	r->mount.op = CTW_MOUNT_OP_MOUNT;
	strcpy(r->mount.source, "/dev/\xff\xfe\"x\\\n");
	strcpy(r->mount.target, "/mnt/\xc3\xa9t\xc3\xa9/\xe2\x82"); /* "été", cut U+20AC */
	memset(r->mount.fstype, 'a', sizeof(r->mount.fstype));	    /* no NUL */
}

static void build_fsconfig(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_MOUNT, sizeof(r->mount), __NR_fsconfig, SYSRET, 0);
	r->mount.op = CTW_MOUNT_OP_FSCONFIG;
	r->mount.fd = 3;
	r->mount.flags = 1; /* FSCONFIG_SET_STRING */
	strcpy(r->mount.fstype, "source");
	strcpy(r->mount.source, "/dev/sda1");
	r->mount.fd2 = 7; /* what the caller passed as aux, even if unused */
}

static void build_move_mount(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_MOUNT, sizeof(r->mount), __NR_move_mount, SYSRET, 0);
	r->mount.op = CTW_MOUNT_OP_MOVE_MOUNT;
	r->mount.fd = 4;
	r->mount.fd2 = -100;  /* AT_FDCWD */
	r->mount.flags = 0x4; /* MOVE_MOUNT_F_EMPTY_PATH */
	strcpy(r->mount.target, "/host");
}

static void build_fsmount(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_MOUNT, sizeof(r->mount), __NR_fsmount, SYSRET, 5);
	r->mount.op = CTW_MOUNT_OP_FSMOUNT;
	r->mount.fd = 3;
	r->mount.flags = 1;
	r->mount.attr_flags = 0x2 | 0x4;
}

static void build_fspick(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_MOUNT, sizeof(r->mount), __NR_fspick, SYSRET, -EINVAL);
	r->mount.op = CTW_MOUNT_OP_FSPICK;
	r->mount.fd = -100; /* AT_FDCWD */
	r->mount.flags = 0x1 | 0x2 | 0x40;
	strcpy(r->mount.source, "/proc/sys");
}

static void build_umount(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_UMOUNT, sizeof(r->mount), __NR_umount2, SYSRET, -EBUSY);
	r->mount.op = CTW_MOUNT_OP_UMOUNT;
	r->mount.flags = 2; /* MNT_DETACH */
	strcpy(r->mount.target, "/sys/fs/cgroup");
}

static void build_finit_module(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_MODULE_LOAD, sizeof(r->module), __NR_finit_module, SYSRET,
		    -ENOSYS);
	r->hdr.source = CTW_SOURCE_RAW_SYSCALLS;
	r->module.op = CTW_MODULE_OP_FINIT_MODULE;
	r->module.fd = 3;
	r->module.flags = 2;
	strcpy(r->module.params, "debug=1");
}

static void build_module_loaded(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_MODULE_LOAD, sizeof(r->module), CTW_NO_SYSCALL, 0, 0);
	r->hdr.source = CTW_SOURCE_MODULE_TP;
	r->module.op = CTW_MODULE_OP_LOADED;
	r->module.flags = 0x1000;
	strcpy(r->module.name, "nf_tables");
}

static void build_setns(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_SETNS, sizeof(r->setns), __NR_setns, SYSRET, 0);
	r->setns.fd = 5;
	r->setns.nstype = 0x00020000; /* CLONE_NEWNS */
	r->setns.target_ns_inum = 4026531840u;
	r->setns.target_ns_type = 0x00020000;
	r->setns.new_ns.mnt = 4026531840u;
}

static void build_unshare(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_UNSHARE, sizeof(r->unshare), __NR_unshare, SYSRET, 0);
	r->unshare.flags = 0x00020000 | 0x10000000 | 0x400; /* NEWNS | NEWUSER | FILES */
}

/* clone3 of a child in new user and mount namespaces; clone(2)'s exit signal stays apart. */
static void build_clone3(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_CLONE, sizeof(r->clone), __NR_clone3, SYSRET, 4321);
	r->clone.flags = 0x10000000 | 0x00020000; /* NEWUSER | NEWNS */
	r->clone.exit_signal = 17;
	r->clone.clone3 = 1;
}

static void build_clone_refused(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_CLONE, sizeof(r->clone), __NR_clone, SYSRET | CTW_HDR_ARGS_AT_EXIT,
		    -EPERM);
	r->clone.flags = 0x40000000; /* NEWNET */
	r->clone.exit_signal = 17;
}

static void build_connect(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_CONNECT, sizeof(r->connect), __NR_connect, SYSRET, 0);
	r->connect.fd = 3;
	r->connect.family = 1; /* AF_UNIX */
	strcpy(r->connect.path, "/var/run/docker.sock");
}

/* 91 'a's: an abstract name that fills all 108 bytes, with no NUL to stop at. */
#define AAAAx10 "aaaaaaaaaa"
#define AAAAx91 AAAAx10 AAAAx10 AAAAx10 AAAAx10 AAAAx10 AAAAx10 AAAAx10 AAAAx10 AAAAx10 "a"

static void build_connect_abstract(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_CONNECT, sizeof(r->connect), __NR_connect, SYSRET, -ECONNREFUSED);
	r->connect.fd = 4;
	r->connect.family = 1;
	r->connect.abstract = 1;
	memset(r->connect.path, 'a', sizeof(r->connect.path));
	memcpy(r->connect.path, "/containerd-shim/", 17);
}

static void build_process_vm_write(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_PROCESS_VM, sizeof(r->process_vm), __NR_process_vm_writev, SYSRET,
		    4096);
	r->process_vm.write = 1;
	r->process_vm.target_pid = 812;
	r->process_vm.target_host_pid = 812;
	r->process_vm.target_cgroup_id = 1;
	r->process_vm.target_mnt_ns = 4026531841u;
	r->process_vm.local_iovcnt = 1;
	r->process_vm.remote_iovcnt = 2;
	r->process_vm.remote_bytes = 4096;
}

static void build_process_vm_read_self(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_PROCESS_VM, sizeof(r->process_vm), __NR_process_vm_readv, SYSRET,
		    -EFAULT);
	r->process_vm.target_pid = 7;
	r->process_vm.target_self = 1;
	r->process_vm.local_iovcnt = 1;
	r->process_vm.remote_iovcnt = 1;
	r->process_vm.remote_bytes = 16;
}

static void build_io_uring(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_KERNEL_API, sizeof(r->kernel_api), __NR_io_uring_setup, SYSRET,
		    -EPERM);
	r->hdr.flags |= CTW_HDR_ARGS_AT_EXIT;
	r->kernel_api.api = CTW_KERNEL_API_IO_URING_SETUP;
	r->kernel_api.op = 8;
	r->kernel_api.arg = 0x2 | 0x100; /* SQPOLL | COOP_TASKRUN */
}

static void build_keyctl_join(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_KERNEL_API, sizeof(r->kernel_api), __NR_keyctl, SYSRET, 52);
	r->kernel_api.api = CTW_KERNEL_API_KEYCTL;
	r->kernel_api.op = 1;
	strcpy(r->kernel_api.description, "_ses.abc");
}

static void build_keyctl_read(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_KERNEL_API, sizeof(r->kernel_api), __NR_keyctl, SYSRET, 32);
	r->kernel_api.api = CTW_KERNEL_API_KEYCTL;
	r->kernel_api.op = 11;
	r->kernel_api.arg = (uint64_t)-3; /* KEY_SPEC_SESSION_KEYRING */
}

static void build_add_key(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_KERNEL_API, sizeof(r->kernel_api), __NR_add_key, SYSRET, 99);
	r->kernel_api.api = CTW_KERNEL_API_ADD_KEY;
	strcpy(r->kernel_api.key_type, "user");
	strcpy(r->kernel_api.description, "ctw:test");
	r->kernel_api.arg = (uint64_t)-2; /* KEY_SPEC_PROCESS_KEYRING */
	r->kernel_api.pid = 5;
}

static void build_perf_event_open(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_KERNEL_API, sizeof(r->kernel_api), __NR_perf_event_open, SYSRET,
		    3);
	r->kernel_api.api = CTW_KERNEL_API_PERF_EVENT_OPEN;
	r->kernel_api.op = 1;  /* PERF_TYPE_SOFTWARE */
	r->kernel_api.arg = 0; /* PERF_COUNT_SW_CPU_CLOCK */
	r->kernel_api.pid = 0;
	r->kernel_api.cpu = -1;
	r->kernel_api.flags = 0x8;
}

static void build_userfaultfd_unknown(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_KERNEL_API, sizeof(r->kernel_api), __NR_userfaultfd,
		    SYSRET | CTW_HDR_ARGS_UNKNOWN, -EPERM);
	r->kernel_api.api = CTW_KERNEL_API_USERFAULTFD;
}

static void build_module_request(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_MODULE_REQUEST, sizeof(r->module_request), CTW_NO_SYSCALL, 0, 0);
	r->hdr.source = CTW_SOURCE_MODULE_TP;
	r->module_request.wait = 1;
	strcpy(r->module_request.name, "net-pf-38");
}

static void build_ptrace(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_PTRACE, sizeof(r->ptrace), __NR_ptrace, SYSRET, 0);
	r->ptrace.request = 16; /* PTRACE_ATTACH */
	r->ptrace.target_pid = 1;
	r->ptrace.target_host_pid = 4711;
	r->ptrace.addr = 0;
}

static void build_ptrace_unknown(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_PTRACE, sizeof(r->ptrace), __NR_ptrace, SYSRET, -EIO);
	r->ptrace.request = 0x7777;
	r->ptrace.target_pid = 55;
}

static void build_bpf(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_BPF, sizeof(r->bpf), __NR_bpf, SYSRET, 7);
	r->bpf.cmd = 5;	      /* BPF_PROG_LOAD */
	r->bpf.prog_type = 2; /* BPF_PROG_TYPE_KPROBE */
	r->bpf.map_type = 27; /* not for PROG_LOAD: must not appear */
	strcpy(r->bpf.obj_name, "evil");
}

static void build_open_by_handle(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_OPEN_BY_HANDLE_AT, sizeof(r->open_by_handle),
		    __NR_open_by_handle_at, SYSRET, -EPERM);
	r->open_by_handle.mount_fd = 3;
	r->open_by_handle.flags = 0;
	r->open_by_handle.handle_type = 1;
	r->open_by_handle.handle_bytes = 8;
	r->open_by_handle.handle_head = 0x2ull;
}

static void build_file_write(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_FILE_WRITE, sizeof(r->file_write), __NR_openat, SYSRET, 3);
	r->file_write.sb_magic = 0x0027e0eb;   /* cgroup v1 */
	r->file_write.open_flags = 01 | 01000; /* O_WRONLY | O_TRUNC */
	strcpy(r->file_write.name, "release_agent");
	strcpy(r->file_write.parent, "rdma");
}

static void build_file_write_sensitive(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_FILE_WRITE, sizeof(r->file_write), __NR_openat, SYSRET, 3);
	r->file_write.sb_magic = 0xef53;       /* ext4 */
	r->file_write.open_flags = 01 | 02000; /* O_WRONLY | O_APPEND */
	r->file_write.kind = CTW_FILE_WRITE_SENSITIVE;
	strcpy(r->file_write.name, "ld.so.preload");
	strcpy(r->file_write.parent, "etc");
}

static void build_file_open_block(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_FILE_OPEN, sizeof(r->file_open), __NR_openat, SYSRET, 3);
	r->file_open.sb_magic = 0x01021994; /* devtmpfs reads as tmpfs */
	r->file_open.open_flags = 0;	    /* O_RDONLY */
	r->file_open.kind = CTW_FILE_OPEN_BLOCK_DEVICE;
	r->file_open.mode = 060660;
	r->file_open.rdev_major = 254;
	r->file_open.rdev_minor = 1;
	strcpy(r->file_open.name, "vda1");
	strcpy(r->file_open.parent, "dev");
}

static void build_file_open_proc_mem(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_FILE_OPEN, sizeof(r->file_open), __NR_openat, SYSRET, 4);
	r->file_open.sb_magic = 0x9fa0;
	r->file_open.open_flags = 02; /* O_RDWR */
	r->file_open.kind = CTW_FILE_OPEN_PROC_MEM;
	r->file_open.mode = 0100600;
	r->file_open.target_pid = 5151;
	strcpy(r->file_open.name, "mem");
	strcpy(r->file_open.parent, "17");
}

/* A write-open of runc's binary refused with ETXTBSY, seen by the vfs_open fexit. */
static void build_file_open_runtime_bin(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_FILE_OPEN, sizeof(r->file_open), __NR_openat, SYSRET, -26);
	r->hdr.source = CTW_SOURCE_FEXIT;
	r->file_open.sb_magic = 0xef53;
	r->file_open.open_flags = 01 | 02000; /* O_WRONLY | O_APPEND */
	r->file_open.kind = CTW_FILE_OPEN_RUNTIME_BINARY;
	r->file_open.mode = 0100755;
	r->file_open.file.dev = (254u << 20) | 1;
	r->file_open.file.ino = 1311234;
	strcpy(r->file_open.name, "runc");
	strcpy(r->file_open.parent, "sbin");
}

static void build_mknod(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_MKNOD, sizeof(r->mknod), __NR_mknodat, SYSRET, 0);
	r->mknod.at = 1;
	r->mknod.dirfd = -100;
	r->mknod.mode = 060600;
	r->mknod.dev = (254 << 8) | 1;
	strcpy(r->mknod.path, "/tmp/vda1");
}

static void build_link(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_LINK, sizeof(r->link), __NR_linkat, SYSRET, 0);
	r->link.op = CTW_LINK_LINKAT;
	r->link.olddirfd = 3;
	r->link.newdirfd = -100;
	r->link.flags = 0x400; /* AT_SYMLINK_FOLLOW */
	r->link.matched = CTW_LINK_MATCH_TARGET;
	strcpy(r->link.target, "shadow");
	strcpy(r->link.path, "/host/tmp/s");
}

static void build_symlink(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_LINK, sizeof(r->link), __NR_symlinkat, SYSRET, 0);
	r->link.op = CTW_LINK_SYMLINKAT;
	r->link.newdirfd = -100;
	r->link.matched = CTW_LINK_MATCH_TARGET | CTW_LINK_MATCH_PATH;
	strcpy(r->link.target, "/etc/shadow");
	strcpy(r->link.path, "/host/etc/shadow");
}

#ifdef __NR_mknod
/* mknod(2), refused by seccomp: arguments read at sys_exit; a large minor. */
static void build_mknod_legacy(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_MKNOD, sizeof(r->mknod), __NR_mknod,
		    CTW_HDR_HAS_RET | CTW_HDR_ARGS_AT_EXIT, -1);
	r->mknod.mode = 020600;
	/* makedev(1, 300) in the syscall's encoding: minor's high bits above bit 20 */
	r->mknod.dev = (1 << 8) | (300 & 0xff) | ((300 & ~0xff) << 12);
	strcpy(r->mknod.path, "k");
}
#endif

static void build_container_start(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_CONTAINER_START, sizeof(r->cgroup), CTW_NO_SYSCALL, 0, 0);
	r->hdr.source = CTW_SOURCE_CGROUP_TP;
	r->hdr.exe[0] = '\0';
	strcpy(r->hdr.comm, "runc:[1:CHILD]");
	r->cgroup.level = 2;
	strcpy(r->cgroup.path, "/docker/" DOCKER_ID);
}

static void build_container_stop(union ctw_any_event *r)
{
	build_container_start(r);
	r->hdr.type = CTW_EVENT_CONTAINER_STOP;
}

/* Seccomp refused it: only sys_exit was seen. */
static void build_args_unknown(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_MOUNT, sizeof(r->mount), __NR_mount, SYSRET | CTW_HDR_ARGS_UNKNOWN,
		    -EPERM);
}

static void build_odd_errno(union ctw_any_event *r)
{
	fill_header(r, CTW_EVENT_UNSHARE, sizeof(r->unshare), __NR_unshare, SYSRET, -4000);
}

/* ---- expectations ---- */

enum want_kind { W_STR, W_INT, W_NULL, W_ABSENT, W_BOOL, W_LEN };

struct want {
	const char *ptr; /* JSON pointer, RFC 6901 */
	enum want_kind kind;
	const char *str;
	long long num; /* W_INT value, W_BOOL 0/1, W_LEN array length */
};

#define S(p, v)                                                                                    \
	{                                                                                          \
		(p), W_STR, (v), 0                                                                 \
	}
#define I(p, v)                                                                                    \
	{                                                                                          \
		(p), W_INT, NULL, (v)                                                              \
	}
#define NUL(p)                                                                                     \
	{                                                                                          \
		(p), W_NULL, NULL, 0                                                               \
	}
#define ABSENT(p)                                                                                  \
	{                                                                                          \
		(p), W_ABSENT, NULL, 0                                                             \
	}
#define B(p, v)                                                                                    \
	{                                                                                          \
		(p), W_BOOL, NULL, (v)                                                             \
	}
#define LEN(p, v)                                                                                  \
	{                                                                                          \
		(p), W_LEN, NULL, (v)                                                              \
	}

#define MAX_WANTS 24

struct render_case {
	const char *what;
	void (*build)(union ctw_any_event *r);
	bool in_container;
	struct want wants[MAX_WANTS];
};

static const struct container_ref docker_ref = {
    .runtime = RUNTIME_DOCKER,
    .id = DOCKER_ID,
};

static const struct container_meta docker_meta = {
    .name = "web", .image = "nginx:1.27",
    /* pod and namespace unknown: omitted */
};

static const struct render_case render_cases[] = {
    {"capset",
     build_capset,
     false,
     {
	 S("/type", "capset"),
	 S("/outcome", "succeeded"),
	 I("/ret", 0),
	 ABSENT("/error"),
	 S("/syscall", "capset"),
	 NUL("/container"),
	 S("/time", "2026-11-24T09:06:09.123456789Z"),
	 S("/host", "node-1"),
	 I("/args/target_pid", 0),
	 S("/args/effective/old", "0x0000000000000080"),
	 S("/args/effective/new", "0x0000000000200081"),
	 LEN("/args/effective/added", 2),
	 S("/args/effective/added/0", "CAP_CHOWN"),
	 S("/args/effective/added/1", "CAP_SYS_ADMIN"),
	 LEN("/args/effective/dropped", 0),
	 S("/args/permitted/dropped/0", "CAP_NET_ADMIN"),
	 LEN("/args/inheritable/added", 0),
     }},
    {"setresuid denied",
     build_setresuid,
     false,
     {
	 S("/type", "setuid"),
	 S("/outcome", "denied"),
	 I("/ret", -EPERM),
	 S("/error", "EPERM"),
	 S("/args/syscall", "setresuid"),
	 I("/args/ruid", 0),
	 NUL("/args/euid"),
	 I("/args/suid", 0),
	 I("/args/old_suid", 1000),
	 I("/args/old_fsuid", 1000),
	 ABSENT("/args/uid"),
     }},
    {"setuid_exec",
     build_setuid_exec,
     false,
     {
	 S("/type", "setuid_exec"),
	 S("/outcome", "succeeded"),
	 I("/ret", 0),
	 ABSENT("/syscall"),
	 S("/args/filename", "/usr/bin/passwd"),
	 S("/args/file_mode", "04755"),
	 B("/args/setuid", 1),
	 B("/args/setgid", 0),
	 I("/args/file_uid", 0),
	 I("/args/old/uid", 1000),
	 I("/args/old/euid", 1000),
	 I("/args/new/uid", 1000),
	 I("/args/new/euid", 0),
	 S("/args/new/cap_permitted", "0x0000000000200000"),
	 LEN("/args/caps_gained", 1),
	 S("/args/caps_gained/0", "CAP_SYS_ADMIN"),
     }},
    {"exec of a file of the upper layer",
     build_exec,
     true,
     {
	 S("/type", "exec"),
	 S("/outcome", "succeeded"),
	 I("/ret", 0),
	 ABSENT("/syscall"),
	 S("/args/filename", "/tmp/dropped"),
	 S("/args/file_dev", "0:57"),
	 I("/args/file_inode", 1234),
	 I("/args/file_nlink", 1),
	 S("/args/file_mode", "00755"),
	 B("/args/overlay", 1),
	 B("/args/upper_layer", 1),
	 B("/args/memfd", 0),
	 B("/args/secureexec", 0),
	 B("/args/parent_kernel_thread", 0),
	 B("/args/cwd_outside_mnt_ns", 1),
	 B("/args/root_outside_mnt_ns", 0),
     }},
    {"mount in a docker container",
     build_mount,
     true,
     {
	 S("/type", "mount"),
	 S("/args/op", "mount"),
	 I("/args/op_raw", 0),
	 S("/args/source", "/dev/vda"),
	 S("/args/target", "/mnt"),
	 S("/args/fstype", "ext4"),
	 LEN("/args/flags", 1),
	 S("/args/flags/0", "MS_RDONLY"),
	 I("/args/flags_raw", 0xC0ED0001ll),
	 S("/container/id", DOCKER_ID),
	 S("/container/runtime", "docker"),
	 S("/container/name", "web"),
	 S("/container/image", "nginx:1.27"),
	 ABSENT("/container/pod"),
	 ABSENT("/container/namespace"),
	 ABSENT("/container/pod_uid"),
	 I("/cgroup/id", 4242),
	 S("/cgroup/path", "/docker/" DOCKER_ID),
	 S("/severity", "critical"),
	 S("/flags/0", "container_escape"),
	 S("/flags/1", "privilege_gain"),
	 LEN("/flags", 2),
	 S("/detections/0", "CTW-002"),
	 S("/reasons/0", "block device mounted"),
     }},
    {"mount with bad bytes",
     build_mount_bad_utf8,
     false,
     {
	 S("/args/source", "/dev/\xef\xbf\xbd\xef\xbf\xbd\"x\\\n"),
	 S("/args/target", "/mnt/\xc3\xa9t\xc3\xa9/\xef\xbf\xbd\xef\xbf\xbd"),
	 S("/args/fstype", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
     }},
    {"fsconfig",
     build_fsconfig,
     false,
     {
	 S("/args/op", "fsconfig"),
	 I("/args/fd", 3),
	 S("/args/cmd", "FSCONFIG_SET_STRING"),
	 I("/args/cmd_raw", 1),
	 S("/args/key", "source"),
	 S("/args/value", "/dev/sda1"),
	 I("/args/aux", 7),
	 ABSENT("/args/fstype"),
	 ABSENT("/args/target"),
	 S("/syscall", "fsconfig"),
     }},
    {"move_mount",
     build_move_mount,
     false,
     {
	 S("/args/op", "move_mount"),
	 I("/args/from_fd", 4),
	 I("/args/to_fd", -100),
	 S("/args/target", "/host"),
	 ABSENT("/args/source"),
	 S("/args/flags/0", "MOVE_MOUNT_F_EMPTY_PATH"),
	 I("/args/flags_raw", 4),
     }},
    {"fsmount",
     build_fsmount,
     false,
     {
	 S("/args/op", "fsmount"),
	 I("/ret", 5),
	 S("/outcome", "succeeded"),
	 S("/args/flags/0", "FSMOUNT_CLOEXEC"),
	 S("/args/attr_flags/0", "MOUNT_ATTR_NOSUID"),
	 S("/args/attr_flags/1", "MOUNT_ATTR_NODEV"),
	 I("/args/attr_flags_raw", 6),
     }},
    {"fspick",
     build_fspick,
     false,
     {
	 S("/args/op", "fspick"),
	 I("/args/op_raw", 8),
	 I("/args/fd", -100),
	 S("/args/path", "/proc/sys"),
	 ABSENT("/args/source"),
	 S("/args/flags/0", "FSPICK_CLOEXEC"),
	 S("/args/flags/1", "FSPICK_SYMLINK_NOFOLLOW"),
	 ABSENT("/args/flags/2"),
	 I("/args/flags_raw", 0x43),
	 S("/error", "EINVAL"),
	 S("/syscall", "fspick"),
     }},
    {"umount",
     build_umount,
     false,
     {
	 S("/type", "umount"),
	 S("/args/target", "/sys/fs/cgroup"),
	 S("/args/flags/0", "MNT_DETACH"),
	 I("/args/flags_raw", 2),
	 S("/error", "EBUSY"),
	 ABSENT("/args/op"),
	 S("/syscall", "umount2"),
     }},
    {"finit_module through the fallback",
     build_finit_module,
     false,
     {
	 S("/type", "module_load"),
	 S("/args/op", "finit_module"),
	 I("/args/fd", 3),
	 S("/args/flags/0", "MODULE_INIT_IGNORE_VERMAGIC"),
	 S("/args/params", "debug=1"),
	 S("/error", "ENOSYS"),
	 S("/outcome", "denied"),
	 ABSENT("/args/name"),
	 S("/syscall", "finit_module"),
     }},
    {"module loaded",
     build_module_loaded,
     false,
     {
	 S("/args/op", "loaded"),
	 S("/args/name", "nf_tables"),
	 I("/args/taints", 0x1000),
	 I("/ret", 0),
	 S("/outcome", "succeeded"),
	 ABSENT("/syscall"),
	 ABSENT("/args/fd"),
     }},
    {"setns",
     build_setns,
     false,
     {
	 S("/type", "setns"),
	 I("/args/fd", 5),
	 S("/args/nstype/0", "mnt"),
	 I("/args/nstype_raw", 0x20000),
	 I("/args/target_ns/inode", 4026531840ll),
	 S("/args/target_ns/type", "mnt"),
	 I("/args/new_namespaces/mnt", 4026531840ll),
	 ABSENT("/args/new_namespaces/pid"),
     }},
    {"unshare",
     build_unshare,
     false,
     {
	 S("/type", "unshare"),
	 LEN("/args/flags", 3),
	 S("/args/flags/0", "CLONE_FILES"),
	 S("/args/flags/1", "CLONE_NEWNS"),
	 S("/args/flags/2", "CLONE_NEWUSER"),
	 I("/args/flags_raw", 0x10020400),
	 LEN("/args/namespaces", 2),
	 S("/args/namespaces/0", "mnt"),
	 S("/args/namespaces/1", "user"),
     }},
    {"clone3 new namespaces",
     build_clone3,
     false,
     {
	 S("/type", "clone"),
	 S("/syscall", "clone3"),
	 I("/ret", 4321),
	 LEN("/args/flags", 2),
	 S("/args/flags/0", "CLONE_NEWNS"),
	 S("/args/flags/1", "CLONE_NEWUSER"),
	 I("/args/flags_raw", 0x10020000),
	 LEN("/args/namespaces", 2),
	 S("/args/namespaces/0", "mnt"),
	 S("/args/namespaces/1", "user"),
	 I("/args/exit_signal", 17),
     }},
    {"clone refused by seccomp",
     build_clone_refused,
     false,
     {
	 S("/type", "clone"),
	 S("/syscall", "clone"),
	 S("/outcome", "denied"),
	 S("/error", "EPERM"),
	 LEN("/args/flags", 1),
	 S("/args/flags/0", "CLONE_NEWNET"),
	 S("/args/namespaces/0", "net"),
	 I("/args/exit_signal", 17),
     }},
    {"connect to docker.sock",
     build_connect,
     false,
     {
	 S("/type", "connect"),
	 S("/syscall", "connect"),
	 S("/outcome", "succeeded"),
	 I("/args/fd", 3),
	 S("/args/family", "AF_UNIX"),
	 I("/args/family_raw", 1),
	 S("/args/path", "/var/run/docker.sock"),
	 B("/args/abstract", false),
     }},
    {"connect abstract shim",
     build_connect_abstract,
     false,
     {
	 S("/outcome", "denied"),
	 S("/error", "ECONNREFUSED"),
	 S("/args/path", "/containerd-shim/" AAAAx91),
	 B("/args/abstract", true),
     }},
    {"process_vm_writev into a host pid",
     build_process_vm_write,
     false,
     {
	 S("/type", "process_vm"),
	 S("/syscall", "process_vm_writev"),
	 I("/ret", 4096),
	 S("/args/direction", "write"),
	 I("/args/target_pid", 812),
	 I("/args/target_host_pid", 812),
	 B("/args/target_self", false),
	 I("/args/target_cgroup_id", 1),
	 I("/args/target_mnt_ns", 4026531841u),
	 I("/args/local_iovcnt", 1),
	 I("/args/remote_iovcnt", 2),
	 I("/args/remote_bytes", 4096),
     }},
    {"process_vm_readv of itself",
     build_process_vm_read_self,
     false,
     {
	 S("/syscall", "process_vm_readv"),
	 S("/error", "EFAULT"),
	 S("/args/direction", "read"),
	 B("/args/target_self", true),
	 ABSENT("/args/target_host_pid"),
	 ABSENT("/args/target_cgroup_id"),
	 ABSENT("/args/target_mnt_ns"),
     }},
    {"io_uring_setup refused, read at exit",
     build_io_uring,
     false,
     {
	 S("/type", "kernel_api"),
	 S("/syscall", "io_uring_setup"),
	 S("/outcome", "denied"),
	 S("/args/call", "io_uring_setup"),
	 I("/args/entries", 8),
	 S("/args/flags/0", "IORING_SETUP_SQPOLL"),
	 S("/args/flags/1", "IORING_SETUP_COOP_TASKRUN"),
	 I("/args/flags_raw", 0x102),
     }},
    {"keyctl join session keyring",
     build_keyctl_join,
     false,
     {
	 S("/args/call", "keyctl"),
	 S("/args/op", "KEYCTL_JOIN_SESSION_KEYRING"),
	 I("/args/op_raw", 1),
	 S("/args/name", "_ses.abc"),
	 ABSENT("/args/key"),
	 ABSENT("/args/description"),
     }},
    {"keyctl read",
     build_keyctl_read,
     false,
     {
	 S("/args/op", "KEYCTL_READ"),
	 I("/args/key", -3),
	 ABSENT("/args/name"),
	 ABSENT("/args/description"),
     }},
    {"add_key",
     build_add_key,
     false,
     {
	 S("/syscall", "add_key"),
	 S("/args/call", "add_key"),
	 S("/args/key_type", "user"),
	 S("/args/description", "ctw:test"),
	 I("/args/keyring", -2),
	 I("/args/payload_len", 5),
     }},
    {"perf_event_open",
     build_perf_event_open,
     false,
     {
	 S("/syscall", "perf_event_open"),
	 S("/args/perf_type", "PERF_TYPE_SOFTWARE"),
	 I("/args/perf_type_raw", 1),
	 I("/args/config", 0),
	 I("/args/pid", 0),
	 I("/args/cpu", -1),
	 S("/args/flags/0", "PERF_FLAG_FD_CLOEXEC"),
	 I("/args/flags_raw", 8),
     }},
    {"userfaultfd refused, arguments unknown",
     build_userfaultfd_unknown,
     false,
     {
	 S("/syscall", "userfaultfd"),
	 B("/args_unknown", 1),
	 NUL("/args"),
     }},
    {"module auto-load request",
     build_module_request,
     false,
     {
	 S("/type", "module_request"),
	 ABSENT("/syscall"),
	 S("/args/name", "net-pf-38"),
	 B("/args/wait", true),
     }},
    {"ptrace attach",
     build_ptrace,
     false,
     {
	 S("/args/request", "PTRACE_ATTACH"),
	 I("/args/request_raw", 16),
	 I("/args/target_pid", 1),
	 I("/args/target_host_pid", 4711),
	 S("/args/addr", "0x0000000000000000"),
	 ABSENT("/args/target_cgroup_id"),
	 ABSENT("/args/target_namespaces"),
     }},
    {"ptrace unknown request",
     build_ptrace_unknown,
     false,
     {
	 S("/args/request", "PTRACE_30583"),
	 I("/args/request_raw", 0x7777),
	 ABSENT("/args/target_host_pid"),
	 S("/error", "EIO"),
     }},
    {"bpf prog load",
     build_bpf,
     false,
     {
	 S("/args/cmd", "BPF_PROG_LOAD"),
	 I("/args/cmd_raw", 5),
	 S("/args/prog_type", "BPF_PROG_TYPE_KPROBE"),
	 I("/args/prog_type_raw", 2),
	 ABSENT("/args/map_type"),
	 S("/args/name", "evil"),
	 I("/ret", 7),
     }},
    {"open_by_handle_at",
     build_open_by_handle,
     false,
     {
	 I("/args/mount_fd", 3),
	 S("/args/flags/0", "O_RDONLY"),
	 I("/args/flags_raw", 0),
	 I("/args/handle_type", 1),
	 I("/args/handle_bytes", 8),
	 S("/args/handle_head", "0x0000000000000002"),
	 S("/outcome", "denied"),
     }},
    {"file_write",
     build_file_write,
     true,
     {
	 ABSENT("/args/kind"),
	 ABSENT("/args/kind_raw"),
	 S("/args/name", "release_agent"),
	 S("/args/parent", "rdma"),
	 S("/args/fs", "cgroup"),
	 S("/args/fs_magic", "0x000000000027e0eb"),
	 S("/args/open_flags/0", "O_WRONLY"),
	 S("/args/open_flags/1", "O_TRUNC"),
	 I("/args/open_flags_raw", 01001),
	 S("/syscall", "openat"),
     }},
    {"file_write of a sensitive file",
     build_file_write_sensitive,
     true,
     {
	 S("/type", "file_write"),
	 S("/args/kind", "sensitive_file"),
	 I("/args/kind_raw", 1),
	 S("/args/name", "ld.so.preload"),
	 S("/args/parent", "etc"),
	 S("/args/fs", "ext4"),
	 S("/args/fs_magic", "0x000000000000ef53"),
	 S("/args/open_flags/0", "O_WRONLY"),
	 S("/args/open_flags/1", "O_APPEND"),
	 I("/args/open_flags_raw", 02001),
     }},
    {"file_open of a block device",
     build_file_open_block,
     true,
     {
	 S("/type", "file_open"),
	 S("/args/kind", "block_device"),
	 I("/args/kind_raw", 1),
	 S("/args/name", "vda1"),
	 S("/args/parent", "dev"),
	 S("/args/file_type", "block_device"),
	 S("/args/mode", "00660"),
	 I("/args/major", 254),
	 I("/args/minor", 1),
	 ABSENT("/args/target_pid"),
	 S("/args/fs", "tmpfs"),
	 S("/args/fs_magic", "0x0000000001021994"),
	 S("/args/open_flags/0", "O_RDONLY"),
	 I("/args/open_flags_raw", 0),
	 S("/syscall", "openat"),
	 S("/outcome", "succeeded"),
     }},
    {"file_open of another process's memory",
     build_file_open_proc_mem,
     true,
     {
	 S("/args/kind", "proc_mem"),
	 S("/args/name", "mem"),
	 S("/args/parent", "17"),
	 S("/args/file_type", "regular"),
	 S("/args/mode", "00600"),
	 ABSENT("/args/major"),
	 I("/args/target_pid", 5151),
	 S("/args/fs", "proc"),
	 S("/args/open_flags/0", "O_RDWR"),
	 ABSENT("/args/file_inode"),
     }},
    {"file_open of a runtime binary, refused",
     build_file_open_runtime_bin,
     true,
     {
	 S("/args/kind", "runtime_binary"),
	 I("/args/kind_raw", 4),
	 S("/args/name", "runc"),
	 S("/args/parent", "sbin"),
	 S("/args/file_type", "regular"),
	 S("/args/mode", "00755"),
	 S("/args/file_dev", "254:1"),
	 I("/args/file_inode", 1311234),
	 ABSENT("/args/major"),
	 S("/args/open_flags/0", "O_WRONLY"),
	 S("/args/open_flags/1", "O_APPEND"),
	 S("/syscall", "openat"),
	 I("/ret", -26),
	 S("/outcome", "denied"),
     }},
    {"linkat of a sensitive file",
     build_link,
     true,
     {
	 S("/type", "link"),
	 S("/syscall", "linkat"),
	 S("/args/link_type", "hard"),
	 S("/args/target", "shadow"),
	 S("/args/path", "/host/tmp/s"),
	 S("/args/matched/0", "target"),
	 ABSENT("/args/matched/1"),
	 I("/args/olddirfd", 3),
	 I("/args/newdirfd", -100),
	 S("/args/flags/0", "AT_SYMLINK_FOLLOW"),
	 I("/args/flags_raw", 0x400),
     }},
    {"symlinkat over a sensitive file",
     build_symlink,
     true,
     {
	 S("/syscall", "symlinkat"),
	 S("/args/link_type", "symbolic"),
	 S("/args/matched/0", "target"),
	 S("/args/matched/1", "path"),
	 ABSENT("/args/olddirfd"),
	 I("/args/newdirfd", -100),
	 ABSENT("/args/flags"),
     }},
    {"mknodat of a block device",
     build_mknod,
     true,
     {
	 S("/type", "mknod"),
	 S("/syscall", "mknodat"),
	 S("/args/path", "/tmp/vda1"),
	 I("/args/dirfd", -100),
	 S("/args/file_type", "block_device"),
	 S("/args/mode", "00600"),
	 I("/args/major", 254),
	 I("/args/minor", 1),
	 I("/args/dev_raw", 65025),
     }},
#ifdef __NR_mknod
    {"mknod refused by seccomp",
     build_mknod_legacy,
     true,
     {
	 S("/syscall", "mknod"),
	 S("/args/path", "k"),
	 ABSENT("/args/dirfd"),
	 S("/args/file_type", "char_device"),
	 I("/args/major", 1),
	 I("/args/minor", 300),
	 S("/outcome", "denied"),
     }},
#endif
    {"container_start",
     build_container_start,
     true,
     {
	 S("/type", "container_start"),
	 S("/args/path", "/docker/" DOCKER_ID),
	 I("/args/level", 2),
	 ABSENT("/process/exe"),
	 S("/process/comm", "runc:[1:CHILD]"),
	 ABSENT("/syscall"),
     }},
    {"container_stop",
     build_container_stop,
     true,
     {
	 S("/type", "container_stop"),
	 S("/args/path", "/docker/" DOCKER_ID),
     }},
    {"arguments unknown",
     build_args_unknown,
     false,
     {
	 NUL("/args"),
	 B("/args_unknown", 1),
	 S("/outcome", "denied"),
	 S("/error", "EPERM"),
	 S("/syscall", "mount"),
     }},
    {"unnamed errno",
     build_odd_errno,
     false,
     {
	 I("/ret", -4000),
	 S("/error", "E4000"),
	 ABSENT("/args_unknown"),
     }},
};

/* Fields every event carries, checked on every case. */
static const struct want common_wants[] = {
    I("/process/pid", 100),
    I("/process/tid", 101),
    I("/process/ppid", 1),
    I("/process/uid", 1000),
    I("/process/euid", 0),
    I("/process/gid", 1000),
    I("/process/egid", 0),
    I("/process/namespaces/mnt", 4026531841ll),
    I("/process/namespaces/cgroup", 4026531835ll),
    I("/cgroup/id", 4242),
    S("/schema_version", RENDER_JSON_SCHEMA_VERSION),
};

static void check_want(struct json_object *root, const struct want *w, const char *what)
{
	struct json_object *v = NULL;
	int found = json_pointer_get(root, w->ptr, &v) == 0;
	char label[256];

	snprintf(label, sizeof(label), "%s: %s", what, w->ptr);
	if (w->kind == W_ABSENT) {
		ASSERT_TRUE(!found, label);
		return;
	}
	ASSERT_TRUE(found, label);
	if (!found)
		return;
	switch (w->kind) {
	case W_STR:
		ASSERT_TRUE(json_object_is_type(v, json_type_string), label);
		ASSERT_STR_EQ(json_object_get_string(v), w->str, label);
		break;
	case W_INT:
		ASSERT_TRUE(json_object_is_type(v, json_type_int), label);
		ASSERT_EQ(json_object_get_int64(v), w->num, label);
		break;
	case W_NULL:
		ASSERT_TRUE(v == NULL, label);
		break;
	case W_BOOL:
		ASSERT_TRUE(json_object_is_type(v, json_type_boolean), label);
		ASSERT_EQ(json_object_get_boolean(v), w->num, label);
		break;
	case W_LEN:
		ASSERT_TRUE(json_object_is_type(v, json_type_array), label);
		ASSERT_EQ(json_object_array_length(v), w->num, label);
		break;
	case W_ABSENT:
		break;
	}
}

/* Strict, UTF-8-validating parse of exactly one line; NULL (and a failure) if it is not. */
static struct json_object *parse_line(const char *buf, size_t len, const char *what)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *obj;

	ASSERT_EQ(strlen(buf), len, what);
	ASSERT_TRUE(len > 0 && buf[len - 1] == '\n', what);
	ASSERT_TRUE(memchr(buf, '\n', len - 1) == NULL, what);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, buf, (int)len - 1);
	ASSERT_TRUE(obj != NULL && json_tokener_get_error(tok) == json_tokener_success, what);
	ASSERT_EQ(json_tokener_get_parse_end(tok), len - 1, what);
	json_tokener_free(tok);
	return obj;
}

/* Appends one rendered line to $CTW_EVENT_SAMPLES, for the schema check of tests/run-unit.sh. */
static void sample__write(const char *line, size_t len, const char *what)
{
	const char *path = getenv("CTW_EVENT_SAMPLES");
	FILE *f;

	if (!path || !*path)
		return;
	f = fopen(path, "a");
	ASSERT_TRUE(f != NULL, "CTW_EVENT_SAMPLES opens");
	if (!f)
		return;
	ASSERT_EQ(fwrite(line, 1, len, f), len, what);
	ASSERT_EQ(fclose(f), 0, what);
}

static void test_cases(void)
{
	static char buf[RENDER_JSON_LINE_MAX];
	struct classification flagged = {
	    .severity = SEVERITY_CRITICAL,
	    .flags = FLAG_CONTAINER_ESCAPE | FLAG_PRIVILEGE_GAIN,
	    .n_reasons = 1,
	    .reasons = {"block device mounted"},
	    .n_detections = 1,
	    .detections = {"CTW-002"},
	};
	struct classification quiet = {.severity = SEVERITY_INFO};

	for (size_t i = 0; i < ARRAY_SIZE(render_cases); i++) {
		const struct render_case *c = &render_cases[i];
		union ctw_any_event rec;
		struct render_input in = {
		    .rec = &rec.hdr,
		    .cls = c->in_container ? &flagged : &quiet,
		    .hostname = "node-1",
		    .boot_to_realtime_ns = BOOT_TO_REALTIME,
		};
		struct json_object *root;
		size_t len = 0;
		int err;

		c->build(&rec);
		if (c->in_container) {
			in.container = &docker_ref;
			in.meta = &docker_meta;
			in.cgroup_path = "/docker/" DOCKER_ID;
		}
		err = render_json__event(&in, buf, sizeof(buf), &len);
		ASSERT_EQ(err, 0, c->what);
		if (err)
			continue;
		root = parse_line(buf, len, c->what);
		if (!root)
			continue;
		sample__write(buf, len, c->what);
		for (size_t j = 0; j < MAX_WANTS && c->wants[j].ptr; j++)
			check_want(root, &c->wants[j], c->what);
		for (size_t j = 0; j < ARRAY_SIZE(common_wants); j++)
			check_want(root, &common_wants[j], c->what);
		if (!c->in_container) {
			struct want host[] = {
			    NUL("/container"),	   S("/severity", "info"), LEN("/flags", 0),
			    LEN("/detections", 0), LEN("/reasons", 0),	   ABSENT("/cgroup/path"),
			};

			for (size_t j = 0; j < ARRAY_SIZE(host); j++)
				check_want(root, &host[j], c->what);
		}
		json_object_put(root);
	}
}

/*
 * The order of the top-level keys is docs/event-format.md's; schema_version
 * came last so that the keys before it kept their order.
 */
static void test_key_order(void)
{
	static const char *const order[] = {
	    "\"time\"",	 "\"host\"",	       "\"type\"",	"\"severity\"",
	    "\"flags\"", "\"detections\"",     "\"reasons\"",	"\"outcome\"",
	    "\"ret\"",	 "\"process\"",	       "\"container\"", "\"cgroup\"",
	    "\"args\"",	 "\"schema_version\"",
	};
	static const char tail[] = ",\"schema_version\":\"" RENDER_JSON_SCHEMA_VERSION "\"}\n";
	char buf[4096];
	union ctw_any_event rec;
	struct classification cls = {.severity = SEVERITY_WARNING};
	struct render_input in = {.rec = &rec.hdr, .cls = &cls, .hostname = "h"};
	const char *prev = buf;
	size_t len;

	build_mount(&rec);
	ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), 0, "render for key order");
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		/* Searching on from the previous key: nested objects reuse some names. */
		const char *p = strstr(prev, order[i]);

		ASSERT_TRUE(p != NULL, order[i]);
		if (p)
			prev = p;
	}
	ASSERT_TRUE(len >= sizeof(tail) - 1 && strcmp(buf + len - (sizeof(tail) - 1), tail) == 0,
		    "schema_version is the last key");
}

/* The collector's own event: a header, the container's findings, no syscall. */
static void test_posture(void)
{
	static char buf[RENDER_JSON_LINE_MAX];
	union ctw_any_event rec;
	struct posture_finding findings[2] = {
	    {.check = POSTURE_PRIVILEGED, .cis = "5.4", .detail = "CapBnd=0x000001ffffffffff"},
	    {.check = POSTURE_NO_MEMORY_LIMIT, .cis = NULL},
	};
	struct classification cls = {
	    .severity = SEVERITY_CRITICAL,
	    .n_reasons = 1,
	    .reasons = {"CTW-P01: privileged container: every capability is available"},
	};
	struct render_input in = {
	    .rec = &rec.hdr,
	    .container = &docker_ref,
	    .meta = &docker_meta,
	    .cgroup_path = "/docker/" DOCKER_ID,
	    .cls = &cls,
	    .hostname = "node-1",
	    .boot_to_realtime_ns = BOOT_TO_REALTIME,
	    .findings = findings,
	    .n_findings = 2,
	};
	struct json_object *root;
	size_t len;

	fill_header(&rec, CTW_EVENT_POSTURE, sizeof(rec.hdr), CTW_NO_SYSCALL, 0, 0);
	ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), 0, "posture renders");
	root = parse_line(buf, len, "posture parses");
	if (!root)
		return;
	sample__write(buf, len, "posture");
	{
		struct want w[] = {
		    S("/type", "posture"),
		    S("/severity", "critical"),
		    LEN("/flags", 0),
		    LEN("/detections", 0),
		    S("/outcome", "succeeded"),
		    I("/ret", 0),
		    ABSENT("/syscall"),
		    LEN("/findings", 2),
		    S("/findings/0/id", "CTW-P01"),
		    S("/findings/0/severity", "critical"),
		    S("/findings/0/cis", "5.4"),
		    S("/findings/0/detail", "CapBnd=0x000001ffffffffff"),
		    S("/findings/1/id", "CTW-P13"),
		    S("/findings/1/severity", "warning"),
		    NUL("/findings/1/cis"),
		    ABSENT("/findings/1/detail"),
		    S("/schema_version", RENDER_JSON_SCHEMA_VERSION),
		};

		struct json_object *args = NULL;

		for (size_t j = 0; j < ARRAY_SIZE(w); j++)
			check_want(root, &w[j], "posture");
		ASSERT_TRUE(json_object_object_get_ex(root, "args", &args) &&
				json_object_is_type(args, json_type_object) &&
				json_object_object_length(args) == 0,
			    "posture: args is {}");
	}
	json_object_put(root);
}

static void test_errors(void)
{
	char buf[4096];
	char small[64];
	union ctw_any_event rec;
	struct classification cls = {.severity = SEVERITY_INFO};
	struct render_input in = {.rec = &rec.hdr, .cls = &cls};
	size_t len = 12345;

	build_mount(&rec);
	rec.hdr.size = sizeof(struct ctw_header) + 8;
	ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), -EINVAL, "short record");

	build_mount(&rec);
	rec.hdr.type = CTW_EVENT_TYPE_MAX;
	ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), -EINVAL, "unknown type");
	rec.hdr.type = CTW_EVENT_NONE;
	ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), -EINVAL, "type none");

	build_mount(&rec);
	in.cls = NULL;
	ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), -EINVAL, "no classification");
	in.cls = &cls;

	ASSERT_EQ(render_json__event(&in, small, sizeof(small), &len), -ENOSPC, "buffer too small");
	ASSERT_EQ(len, 12345, "no length reported for a refused line");

	/* Exactly the size needed works; one byte less (no room for the NUL) does not. */
	ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), 0, "render to measure");
	ASSERT_EQ(render_json__event(&in, buf, len + 1, &len), 0, "exact fit");
	ASSERT_EQ(render_json__event(&in, buf, len, &len), -ENOSPC, "one byte short");
}

/* Every string field at its worst (all bytes escaped) still fits in RENDER_JSON_LINE_MAX. */
static void test_worst_case_fits(void)
{
	static char buf[RENDER_JSON_LINE_MAX];
	static char path[16384]; /* rendered cut at RENDER_CGROUP_PATH_MAX */
	union ctw_any_event rec;
	struct container_meta meta;
	struct classification cls = {.severity = SEVERITY_CRITICAL,
				     .flags = (1u << FLAG_COUNT) - 1};
	struct render_input in = {
	    .rec = &rec.hdr,
	    .cls = &cls,
	    .container = &docker_ref,
	    .meta = &meta,
	    .cgroup_path = path,
	    .hostname = "node-1",
	};
	struct json_object *root;
	size_t len;

	fill_header(&rec, CTW_EVENT_MOUNT, sizeof(rec.mount), __NR_mount, SYSRET, 0);
	memset(rec.hdr.comm, 1, sizeof(rec.hdr.comm));
	memset(rec.hdr.exe, 1, sizeof(rec.hdr.exe));
	memset(rec.mount.source, 2, sizeof(rec.mount.source));
	memset(rec.mount.target, 3, sizeof(rec.mount.target));
	memset(rec.mount.fstype, 4, sizeof(rec.mount.fstype));
	rec.mount.flags = ~0ull;
	memset(&meta, 5, sizeof(meta));
	meta.name[sizeof(meta.name) - 1] = meta.image[sizeof(meta.image) - 1] = '\0';
	meta.pod[sizeof(meta.pod) - 1] = meta.namespace[sizeof(meta.namespace) - 1] = '\0';
	memset(path, 6, sizeof(path) - 1);
	cls.n_reasons = CLASSIFY_MAX_REASONS;
	cls.n_detections = CLASSIFY_MAX_REASONS;
	for (size_t i = 0; i < CLASSIFY_MAX_REASONS; i++) {
		memset(cls.reasons[i], 7, CLASSIFY_REASON_LEN); /* not even terminated */
		cls.detections[i] = "CTW-001";
	}
	/* The longest lineage: every entry's strings, and the most arguments, all escaped. */
	static struct proc_entry ent[PROC_CACHE_MAX_ANCESTORS + 2];
	static char args[PROC_CACHE_ARGS_MAX];
	struct proc_lineage lin = {.self = &ent[0], .parent = &ent[1]};

	memset(args, 8, sizeof(args));
	for (size_t i = 0; i < ARRAY_SIZE(ent); i++) {
		ent[i] =
		    (struct proc_entry){.pid = UINT32_MAX, .exec_ns = UINT64_MAX, .start_ns = 1};
		memset(ent[i].comm, 1, sizeof(ent[i].comm));
		memset(ent[i].exe, 1, sizeof(ent[i].exe));
		if (i >= 2)
			lin.ancestors[lin.n_ancestors++] = &ent[i];
	}
	ent[0].args = args;
	ent[0].args_len = sizeof(args);
	in.lineage = &lin;
	ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), 0, "worst case fits");
	root = parse_line(buf, len, "worst case parses");
	if (root) {
		struct want w[] = {
		    LEN("/reasons", CLASSIFY_MAX_REASONS),
		    LEN("/flags", FLAG_COUNT),
		    S("/process/comm", "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
				       "\x01\x01\x01"),
		    S("/process/exec_id", "4294967295-18446744073709551615"),
		    S("/parent/exec_id", "4294967295-18446744073709551615"),
		};

		for (size_t j = 0; j < ARRAY_SIZE(w); j++)
			check_want(root, &w[j], "worst case");
		json_object_put(root);
	}
}

static void test_time(void)
{
	static const struct {
		int64_t ns;
		const char *want;
	} cases[] = {
	    {0, "1970-01-01T00:00:00.000000000Z"},
	    {1, "1970-01-01T00:00:00.000000001Z"},
	    {-1, "1969-12-31T23:59:59.999999999Z"},
	    {1795511169123456789LL, "2026-11-24T09:06:09.123456789Z"},
	    {951868799999999999LL, "2000-02-29T23:59:59.999999999Z"},
	    {951868800000000000LL, "2000-03-01T00:00:00.000000000Z"},
	    {9223372036854775807LL, "2262-04-11T23:47:16.854775807Z"},
	};
	char buf[RENDER_JSON_TIME_LEN];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_EQ(render_json__time(cases[i].ns, buf, sizeof(buf)), 0, cases[i].want);
		ASSERT_STR_EQ(buf, cases[i].want, cases[i].want);
	}
	ASSERT_EQ(render_json__time(0, buf, 30), -ENOSPC, "time buffer too small");

	/*
	 * The date part is kept for the two seconds used last: an event's time
	 * and its process's start_time alternate. Every order of three seconds
	 * (hits, misses, the older one replaced) still gives each its own date.
	 */
	for (size_t round = 0; round < 27; round++) {
		size_t r = round;

		for (int k = 0; k < 3; k++, r /= 3) {
			size_t i = 3 + r % 3; /* three cases in different seconds */

			ASSERT_EQ(render_json__time(cases[i].ns, buf, sizeof(buf)), 0,
				  cases[i].want);
			ASSERT_STR_EQ(buf, cases[i].want, "cached date parts in any order");
		}
	}
}

/* A 3-level chain in a container (sh -> sh -> tool) with the cache's identity fields. */
static void test_lineage(void)
{
	static char buf[RENDER_JSON_LINE_MAX];
	struct proc_cache *pc = proc_cache__new(16, 256);
	struct classification cls = {.severity = SEVERITY_INFO};
	struct render_input in = {.boot_to_realtime_ns = BOOT_TO_REALTIME, .cls = &cls};
	struct proc_lineage lin;
	struct json_object *root;
	union ctw_any_event rec;
	size_t len;
	struct proc_update u[] = {
	    {.pid = 10, .ppid = 1, .start_ns = 1000, .exec_ns = 1000, .comm = "runc:[2:INIT]"},
	    {.pid = 11,
	     .ppid = 10,
	     .start_ns = 2000,
	     .exec_ns = 3000,
	     .comm = "sh",
	     .exe = "/bin/sh",
	     .exe_len = 8,
	     .args = "sh\0-c\0run\0",
	     .args_len = 10,
	     .cwd = "/app",
	     .cwd_len = 5},
	    {.pid = 12, .ppid = 11, .start_ns = 4000, .comm = "sh"}, /* fork, no exec */
	    {.pid = 13,
	     .ppid = 12,
	     .start_ns = 5000,
	     .exec_ns = 6000,
	     .comm = "tool",
	     .exe = "/bin/tool",
	     .exe_len = 10,
	     .args = "tool\0--x\0\"q\"\0cut",
	     .args_len = 16,
	     .args_truncated = true,
	     .cwd = "/b/c",
	     .cwd_len = 5,
	     .cwd_truncated = true},
	};

	for (size_t i = 0; i < ARRAY_SIZE(u); i++)
		proc_cache__update(pc, &u[i]);
	build_mount(&rec);
	rec.hdr.pid = 13;
	rec.hdr.ppid = 12;
	in.rec = &rec.hdr;
	proc_cache__lineage(pc, 13, 4, &lin);
	in.lineage = &lin;
	ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), 0, "lineage renders");
	sample__write(buf, len, "lineage");
	root = parse_line(buf, len, "lineage parses");
	if (root) {
		struct want w[] = {
		    S("/process/exec_id", "13-6000"),
		    S("/process/start_time", "2026-11-24T09:06:09.000005000Z"),
		    LEN("/process/args", 3),
		    S("/process/args/0", "tool"),
		    S("/process/args/2", "\"q\""),
		    B("/process/args_truncated", true),
		    S("/process/cwd", "/b/c"),
		    B("/process/cwd_truncated", true),
		    ABSENT("/parent/cwd"),
		    I("/parent/pid", 12),
		    S("/parent/exec_id", "12-4000"),
		    S("/parent/comm", "sh"),
		    S("/parent/exe", "/bin/sh"),
		    LEN("/ancestors", 2),
		    I("/ancestors/0/pid", 11),
		    S("/ancestors/0/exe", "/bin/sh"),
		    I("/ancestors/1/pid", 10),
		    S("/ancestors/1/comm", "runc:[2:INIT]"),
		    ABSENT("/ancestors/1/exe"),
		    ABSENT("/ancestors/0/exec_id"),
		};

		for (size_t j = 0; j < ARRAY_SIZE(w); j++)
			check_want(root, &w[j], "lineage");
		json_object_put(root);
	}

	/* A fork runs where its parent exec'd; a whole cwd has no cwd_truncated. */
	proc_cache__lineage(pc, 12, 4, &lin);
	rec.hdr.pid = 12;
	ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), 0, "fork's cwd renders");
	sample__write(buf, len, "fork cwd");
	root = parse_line(buf, len, "fork cwd parses");
	if (root) {
		struct want w[] = {S("/process/cwd", "/app"), ABSENT("/process/cwd_truncated")};

		for (size_t j = 0; j < ARRAY_SIZE(w); j++)
			check_want(root, &w[j], "fork cwd");
		json_object_put(root);
	}
	/* Known, but no cwd (runc's init, as if seeded without one): no cwd key. */
	proc_cache__lineage(pc, 10, 4, &lin);
	rec.hdr.pid = 10;
	ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), 0, "no cwd renders");
	root = parse_line(buf, len, "no cwd parses");
	if (root) {
		struct want w[] = {S("/process/exec_id", "10-1000"), ABSENT("/process/cwd"),
				   ABSENT("/process/cwd_truncated")};

		for (size_t j = 0; j < ARRAY_SIZE(w); j++)
			check_want(root, &w[j], "no cwd");
		json_object_put(root);
	}
	rec.hdr.pid = 13;

	/* Depth 1: the parent and one ancestor. Unknown process: nothing added. */
	proc_cache__lineage(pc, 13, 1, &lin);
	ASSERT_EQ(lin.n_ancestors, 1, "ancestors bounded by the depth asked");
	proc_cache__lineage(pc, 99, 4, &lin);
	ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), 0, "unknown process renders");
	sample__write(buf, len, "unknown lineage");
	root = parse_line(buf, len, "unknown lineage parses");
	if (root) {
		struct want w[] = {ABSENT("/process/exec_id"), ABSENT("/parent"),
				   ABSENT("/ancestors"), ABSENT("/process/args"),
				   ABSENT("/process/cwd")};

		for (size_t j = 0; j < ARRAY_SIZE(w); j++)
			check_want(root, &w[j], "unknown lineage");
		json_object_put(root);
	}
	proc_cache__free(pc);
}

/*
 * Found by fuzz_render_json, fuzz_render_falco and fuzz_render_text: a corrupt
 * record's ret of INT64_MIN was negated and its ktime_ns overflowed the
 * addition of the boot offset, undefined behaviour in all three renderers.
 * Now the magnitude is taken as unsigned and the time wraps.
 */
static void test_corrupt_numbers(void)
{
	static char buf[RENDER_JSON_LINE_MAX];
	union ctw_any_event rec;
	struct classification cls = {.severity = SEVERITY_INFO};
	struct render_input in = {.rec = &rec.hdr, .cls = &cls, .boot_to_realtime_ns = INT64_MAX};
	struct json_object *o, *v;
	char summary[256];
	size_t len;

	fill_header(&rec, CTW_EVENT_UNSHARE, sizeof(rec.unshare), __NR_unshare, SYSRET, INT64_MIN);
	rec.hdr.ktime_ns = UINT64_MAX;
	ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), 0, "corrupt numbers: JSON");
	o = parse_line(buf, len, "corrupt numbers: JSON parses");
	ASSERT_TRUE(o && json_object_object_get_ex(o, "error", &v), "corrupt numbers: error");
	ASSERT_STR_EQ(o ? json_object_get_string(v) : NULL, "E-9223372036854775808",
		      "INT64_MIN ret as its own number");
	ASSERT_TRUE(o && json_object_object_get_ex(o, "time", &v), "corrupt numbers: time");
	ASSERT_STR_EQ(o ? json_object_get_string(v) : NULL, "2262-04-11T23:47:16.854775806Z",
		      "ktime + offset wraps modulo 2^64");
	json_object_put(o);
	ASSERT_EQ(render_falco__event(&in, buf, sizeof(buf), &len), 0, "corrupt numbers: Falco");
	json_object_put(parse_line(buf, len, "corrupt numbers: Falco parses"));
	ASSERT_TRUE(render_summary__event(&in, summary, sizeof(summary)) > 0, "summary");
	ASSERT_TRUE(strstr(summary, "denied (errno 9223372036854775808)") != NULL,
		    "summary: the magnitude of INT64_MIN");
}

/*
 * The BPF side sets CTW_HDR_STR_CUT when a string did not fit its field; the fields that are
 * full then carry "<key>_truncated": true. A full field without the flag held a string of
 * exactly its size - 1 bytes, and a short one was not cut whatever the flag says.
 */
static void test_truncation_marks(void)
{
	static char buf[RENDER_JSON_LINE_MAX];
	union ctw_any_event rec;
	struct classification cls = {.severity = SEVERITY_INFO};
	struct render_input in = {.rec = &rec.hdr, .cls = &cls};
	struct json_object *o, *args, *v;
	size_t len;

	for (int cut = 0; cut <= 1; cut++) {
		build_mount(&rec);
		memset(rec.mount.target, 'a', sizeof(rec.mount.target) - 1);
		rec.mount.target[sizeof(rec.mount.target) - 1] = '\0';
		if (cut)
			rec.hdr.flags |= CTW_HDR_STR_CUT;
		ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), 0, "cut mount renders");
		o = parse_line(buf, len, "cut mount parses");
		sample__write(buf, len, "cut mount sample");
		args = NULL;
		ASSERT_TRUE(o && json_object_object_get_ex(o, "args", &args), "cut mount: args");
		if (!args) {
			json_object_put(o);
			continue;
		}
		ASSERT_TRUE(json_object_object_get_ex(args, "target", &v) &&
				json_object_get_string_len(v) == CTW_PATH_LEN - 1,
			    "the full target is rendered");
		if (cut) {
			ASSERT_TRUE(json_object_object_get_ex(args, "target_truncated", &v) &&
					json_object_is_type(v, json_type_boolean) &&
					json_object_get_boolean(v),
				    "a cut target: target_truncated true");
		} else {
			ASSERT_TRUE(!json_object_object_get_ex(args, "target_truncated", NULL),
				    "a target of exactly 255 bytes is not marked");
		}
		ASSERT_TRUE(!json_object_object_get_ex(args, "source_truncated", NULL),
			    "a short source is never marked");
		ASSERT_TRUE(!json_object_object_get_ex(args, "fstype_truncated", NULL),
			    "a short fstype is never marked");
		json_object_put(o);
	}
}

/* A cgroup path past PATH_MAX (cgroups nested in a container) is cut at 4095 bytes, marked. */
static void test_long_cgroup_path(void)
{
	static char buf[RENDER_JSON_LINE_MAX], path[17 * 251 + 80];
	union ctw_any_event rec;
	struct classification cls = {.severity = SEVERITY_INFO};
	struct render_input in = {.rec = &rec.hdr, .cls = &cls, .cgroup_path = path};
	struct json_object *o, *cg, *v;
	size_t len;

	for (int deep = 0; deep <= 1; deep++) {
		size_t n = deep ? sizeof(path) - 1 : RENDER_CGROUP_PATH_MAX;

		memset(path, 'd', n);
		path[0] = '/';
		path[n] = '\0';
		build_mount(&rec);
		ASSERT_EQ(render_json__event(&in, buf, sizeof(buf), &len), 0,
			  "long cgroup renders");
		o = parse_line(buf, len, "long cgroup parses");
		sample__write(buf, len, "long cgroup sample");
		cg = NULL;
		ASSERT_TRUE(o && json_object_object_get_ex(o, "cgroup", &cg), "cgroup object");
		if (cg) {
			ASSERT_TRUE(json_object_object_get_ex(cg, "path", &v) &&
					json_object_get_string_len(v) == RENDER_CGROUP_PATH_MAX,
				    "the path is rendered up to 4095 bytes");
			ASSERT_EQ(json_object_object_get_ex(cg, "path_truncated", &v) &&
				      json_object_get_boolean(v),
				  deep,
				  deep ? "a longer path: path_truncated true"
				       : "a path of exactly 4095 bytes: not marked");
		}
		json_object_put(o);
		ASSERT_EQ(render_falco__event(&in, buf, sizeof(buf), &len), 0, "Falco renders it");
		ASSERT_EQ(strstr(buf, "\"ctw.cgroup.path_truncated\":true") != NULL, deep,
			  "Falco: ctw.cgroup.path_truncated only when cut");
	}
}

int main(void)
{
	test_cases();
	test_lineage();
	test_corrupt_numbers();
	test_key_order();
	test_posture();
	test_errors();
	test_worst_case_fits();
	test_time();
	test_truncation_marks();
	test_long_cgroup_path();
	return check_summary("render_json");
}
