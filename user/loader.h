/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The loader: opens the BPF skeleton, probes which tracepoints this kernel
 * has, switches programs on, off or to the raw_syscalls fallback, loads and
 * attaches them. It logs what it planned (via log.h) but never a failure:
 * that goes back to main, which prints it once. The consumer creates its own
 * ring_buffer__new() on loader__ringbuf_fd().
 */
#ifndef CTRWATCH_LOADER_H
#define CTRWATCH_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events.h"

struct bpf_map;
struct ctw_error;
struct loader;

/*
 * When a monitored syscall lacks its own tracepoints, raw_syscalls/sys_enter+
 * sys_exit can report it, at a cost to every syscall of every process.
 */
enum loader_fallback {
	/* Only for calls that can do something here: not module loads without module support. */
	LOADER_FALLBACK_AUTO = 0,
	LOADER_FALLBACK_ALWAYS, /* also attempts that can only fail with ENOSYS */
	LOADER_FALLBACK_NEVER,
};

struct loader_options {
	uint64_t enabled_types; /* bit (1 << enum ctw_event_type); 0 = every type */
	enum loader_fallback fallback;
	/* The host's /proc (/proc/modules tells whether the kernel loads modules); NULL: /proc */
	const char *proc_root;
	/*
	 * cgroup v1-only hosts (cgroup_v1.h): the kernel's enum cgroup_subsys_id
	 * member of the controller attribution follows ("memory_cgrp_id") and its
	 * hierarchy id. NULL and 0: the v2 hierarchy.
	 */
	const char *cgroup_v1_subsys_enum;
	uint32_t cgroup_v1_hierarchy;
	/*
	 * The host's container runtime binaries (runtime_bins.h), by device and
	 * inode: the BPF side reports a write-open of any of them. NULL / 0: none,
	 * and no open pays for the check.
	 */
	const struct ctw_file_id *runtime_bins;
	size_t n_runtime_bins;
	bool no_fexit;		/* leave the vfs_open fexit out even where it attaches */
	uint32_t ringbuf_bytes; /* rounded up to a power of two, at least one page */
	uint32_t
	    wakeup_bytes; /* wake the consumer once about this much is queued; 0 = every record */
	/*
	 * The file names whose write-open from a container through a mounted path
	 * is reported (config sensitive_files), NUL-padded; at most
	 * CTW_SENSITIVE_NAMES_MAX, none: that check is off.
	 */
	const char (*sensitive_names)[CTW_NAME_LEN];
	size_t n_sensitive_names;
};

/*
 * One program the loader meant to run, for logs and metrics.
 * mechanism: "tracepoint", "raw_syscalls_fallback", "tp_btf", "fexit", or "unavailable"
 * (the kernel has neither the tracepoint nor a fallback for it; such entries
 * never attach and should not hold back readiness).
 */
struct loader_program {
	const char *name;	/* the BPF program that handles it: handle_sys_enter_capset */
	const char *tracepoint; /* what it is attached to: syscalls/sys_enter_capset */
	const char *mechanism;
	bool attached;
};

/*
 * NULL and errno on failure; the errno tells main which one line to print:
 * EPERM       not root / missing CAP_BPF + CAP_PERFMON (or CAP_SYS_ADMIN)
 * ENOENT      the kernel exposes no BTF at /sys/kernel/btf/vmlinux (CO-RE impossible)
 * EOPNOTSUPP  the kernel has no BPF ring buffer (before 5.8)
 * ENODEV      no tracefs (tracing events) could be found or mounted
 * ENOMSG      cgroup_v1_subsys_enum is not in the kernel's enum cgroup_subsys_id
 * anything else: load/attach failed, said in err when not NULL (libbpf's and
 * the verifier's details go to the debug log).
 */
struct loader *loader__new(const struct loader_options *opts, struct ctw_error *err);
/* Detaches every program (the maps stay readable); loader__free() does it too. */
void loader__detach(struct loader *l);
void loader__free(struct loader *l);

int loader__ringbuf_fd(const struct loader *l);
struct bpf_map *loader__ringbuf_map(const struct loader *l);

/* Sums the per-CPU counters into *sum. 0 or negative errno. */
int loader__read_counters(const struct loader *l, struct ctw_counters *sum);

/* Bytes written by the programs and not yet consumed; negative errno on failure. */
long loader__ringbuf_bytes_in_use(const struct loader *l);

/*
 * Marks every cgroup that exists under `cgroup2_mount` as already seen, so
 * that only containers started from now on get a container_start. 0 or a
 * negative errno (the walk or a map update failed).
 */
int loader__seed_cgroups(struct loader *l, const char *cgroup2_mount);

/*
 * Whether the running kernel can load modules (CONFIG_MODULES): false when it
 * has neither /proc/modules nor the module/module_load tracepoint.
 */
bool loader__modules_supported(const struct loader *l);

size_t loader__n_programs(const struct loader *l);
/* NULL when i is out of range. */
const struct loader_program *loader__program(const struct loader *l, size_t i);

#endif /* CTRWATCH_LOADER_H */
