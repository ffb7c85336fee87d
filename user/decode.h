/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Numbers from the kernel, decoded for people: capability, flag, request,
 * command and errno names. Pure functions over static tables: no allocation,
 * no I/O, no globals written.
 *
 * Two shapes, used the same way everywhere:
 *
 *   const char *decode__X_name(value)
 *	The static name of one value, or NULL when the table has none. Callers
 *	that must show something for an unknown value use decode__name_or_number().
 *
 *   size_t decode__X_flags(flags, names, max, &unknown)
 *	The names of the bits set in `flags`, in table order. Stores at most `max`
 *	names and returns how many there are in all (like snprintf: a return
 *	above `max` means `names` was too small). The bits no name covers go to
 *	*unknown (if not NULL), so that nothing is lost without the caller knowing.
 *
 * Decoding can lose information (unknown bits, aliases); the JSON renderer
 * therefore keeps the raw number next to every decoded one.
 */
#ifndef CTRWATCH_DECODE_H
#define CTRWATCH_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* Enough for any flag set decoded here: each bit has at most one name. */
#define DECODE_MAX_FLAGS 64
/* Enough for "E<n>", "CAP_<n>", "syscall_<n>", ... from decode__name_or_number(). */
#define DECODE_NUM_NAME_LEN 32

/* `name` if not NULL, else "<prefix><value>" formatted into buf. Never NULL. */
const char *decode__name_or_number(const char *name, const char *prefix, long long value, char *buf,
				   size_t len);

/* mount(2) MS_* flags. The MS_MGC_VAL magic (0xC0ED in bits 16..31) is ignored, as the
 * kernel does, and never reported as unknown bits. */
size_t decode__mount_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown);
/* umount2(2): MNT_FORCE, MNT_DETACH, MNT_EXPIRE, UMOUNT_NOFOLLOW. */
size_t decode__umount_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown);
/* fsopen(2): FSOPEN_CLOEXEC. */
size_t decode__fsopen_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown);
/* fsmount(2) flags: FSMOUNT_CLOEXEC. */
size_t decode__fsmount_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown);
/* MOUNT_ATTR_* of fsmount(2) attr_flags and mount_setattr(2) attr_set. */
size_t decode__mount_attr_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown);
/* move_mount(2): MOVE_MOUNT_*. */
size_t decode__move_mount_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown);
/* open_tree(2): OPEN_TREE_CLONE, OPEN_TREE_CLOEXEC and the AT_* path flags. */
size_t decode__open_tree_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown);
/* The AT_* path-resolution flags (mount_setattr(2) flags). */
size_t decode__at_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown);
/* fsconfig(2) cmd: "FSCONFIG_SET_FLAG" ... "FSCONFIG_CMD_CREATE_EXCL". */
const char *decode__fsconfig_cmd_name(uint64_t cmd);
/* enum ctw_mount_op: "mount", "fsopen", "fsconfig", ..., "umount2". */
const char *decode__mount_op_name(unsigned int op);
/* enum ctw_module_op: "init_module", "finit_module", "loaded". */
const char *decode__module_op_name(unsigned int op);
/* decode__<table>() for each CTW_FLAGS row of bpf/events.def (flags an op names itself). */
#define CTW_FLAGS(table, ...)                                                                      \
	size_t decode__##table(uint64_t flags, const char **names, size_t max, uint64_t *unknown);
#include "../bpf/events.def"
/* keyctl(2) operations: "KEYCTL_GET_KEYRING_ID" .. "KEYCTL_WATCH_KEY". */
const char *decode__keyctl_op_name(uint64_t op);
/* perf_event_attr.type: "PERF_TYPE_HARDWARE" .. "PERF_TYPE_BREAKPOINT" (PMUs have others). */
const char *decode__perf_type_name(uint64_t type);
/* enum ctw_kernel_api: "io_uring_setup", ..., "perf_event_open". */
const char *decode__kernel_api_name(unsigned int api);
/* finit_module(2): MODULE_INIT_IGNORE_MODVERSIONS, ... */
size_t decode__module_init_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown);

/* Every CLONE_* flag clone/clone3/unshare/setns know. */
size_t decode__clone_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown);
/* Namespace types named by CLONE_NEW* bits: "mnt", "pid", "net", "user", "uts", "ipc",
 * "cgroup", "time"; other bits go to *unknown. */
size_t decode__ns_types(uint64_t flags, const char **names, size_t max, uint64_t *unknown);
/* The type of one namespace given as its single CLONE_NEW* flag; NULL otherwise. */
const char *decode__ns_type_name(uint64_t clone_newflag);

/* open(2) flags: the access mode first ("O_RDONLY", "O_WRONLY", "O_RDWR"), then O_* bits. */
size_t decode__open_flags(uint64_t flags, const char **names, size_t max, uint64_t *unknown);

/* "PTRACE_ATTACH", ... (this architecture's requests included). */
const char *decode__ptrace_request_name(long long request);
/* "BPF_MAP_CREATE" .. "BPF_TOKEN_CREATE", ... */
const char *decode__bpf_cmd_name(unsigned int cmd);
/* "BPF_PROG_TYPE_KPROBE", ... */
const char *decode__bpf_prog_type_name(unsigned int type);
/* "BPF_MAP_TYPE_HASH", ... */
const char *decode__bpf_map_type_name(unsigned int type);

/* "EPERM", ... for errno values of either sign (so ret can be passed as it is); also the
 * kernel-internal ones a syscall exit can show (ERESTARTSYS ...). NULL for unknown and 0. */
const char *decode__errno_name(long long err);

/* The monitored syscalls (and a few related ones) by this architecture's numbers:
 * "setresuid", "mount", ... NULL for others. */
const char *decode__syscall_name(unsigned int nr);

/* Superblock magic of the filesystems kernel interface files live on: "cgroup2", "proc",
 * "sysfs", ...; NULL for others. */
const char *decode__fs_magic_name(uint64_t magic);

#endif /* CTRWATCH_DECODE_H */
