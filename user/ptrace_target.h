/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The cgroup of a ptrace target the kernel could not name. BPF reads the
 * tracee of a successful attach from the tracer's ptraced list; a denied
 * attempt links nothing, and tracepoint programs cannot look a task up by
 * pid. When the caller named a host pid, /proc/PID/cgroup (readable without
 * privileges) still tells where the target lives: enough to tell a container
 * reaching outside itself from one tracing its own processes. process_vm_readv
 * and process_vm_writev name their target the same way.
 */
#ifndef CTRWATCH_PTRACE_TARGET_H
#define CTRWATCH_PTRACE_TARGET_H

#include <stddef.h>
#include <stdint.h>

/*
 * The cgroup2 path in the text of a /proc/PID/cgroup file (its "0::" line).
 * 0, or -ENOENT when there is none, -ENAMETOOLONG when it does not fit.
 */
int ptrace_target__parse_cgroup(const char *text, char *path, size_t len);

/*
 * The cgroup id of host pid `pid`: /proc/PID/cgroup under `proc_root`, the
 * directory's inode under `cgroup2_mount`. 0 or a negative errno (the process
 * is gone, ...).
 */
int ptrace_target__cgroup_id(const char *proc_root, const char *cgroup2_mount, uint32_t pid,
			     uint64_t *id);

/*
 * The mount namespace of host pid `pid`: the inode in /proc/PID/ns/mnt's link
 * under `proc_root`. 0 or a negative errno.
 */
int ptrace_target__mnt_ns(const char *proc_root, uint32_t pid, uint32_t *inum);

#endif /* CTRWATCH_PTRACE_TARGET_H */
