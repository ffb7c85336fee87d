/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Posture: how a running container is really confined, read from one of its
 * processes and its cgroups (not from what the runtime was asked for), and the
 * findings that confinement yields. docs/posture.md lists every finding.
 *
 * posture__read() does the I/O (/proc/<pid>/..., cgroupfs, all below a host
 * root prefix); the parsers and posture__evaluate() are pure and unit-tested
 * on fixtures.
 */
#ifndef CTRWATCH_POSTURE_H
#define CTRWATCH_POSTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "severity.h"
#include "../bpf/events.h"

/* Stable finding IDs: a retired one keeps its number, unused. */
enum posture_check_id {
	POSTURE_PRIVILEGED = 0,	 /* CTW-P01 */
	POSTURE_ADDED_CAPS,	 /* CTW-P02 */
	POSTURE_NO_NNP,		 /* CTW-P03 */
	POSTURE_NO_SECCOMP,	 /* CTW-P04 */
	POSTURE_NO_MAC,		 /* CTW-P05 */
	POSTURE_HOST_ROOT,	 /* CTW-P06 */
	POSTURE_HOST_PID,	 /* CTW-P07 */
	POSTURE_HOST_NET,	 /* CTW-P08 */
	POSTURE_HOST_IPC,	 /* CTW-P09 */
	POSTURE_HOST_UTS,	 /* CTW-P10 */
	POSTURE_HOST_MNT,	 /* CTW-P11 */
	POSTURE_HOST_CGROUP,	 /* CTW-P12 */
	POSTURE_NO_MEMORY_LIMIT, /* CTW-P13 */
	POSTURE_NO_PIDS_LIMIT,	 /* CTW-P14 */
	POSTURE_NO_CPU_LIMIT,	 /* CTW-P15 */
	POSTURE_WRITABLE_ROOTFS, /* CTW-P16 */
	POSTURE_RUNTIME_SOCKET,	 /* CTW-P17 */
	POSTURE_SENSITIVE_MOUNT, /* CTW-P18 */
	POSTURE_ALL_DEVICES,	 /* CTW-P19 */
	POSTURE_CHECK_MAX,
};

/* The fixed description of a finding. */
struct posture_check {
	const char *id; /* "CTW-P01" */
	enum severity severity;
	const char *title;
	const char *advice; /* what to do instead, in plain words */
	const char *cis;    /* CIS Docker Benchmark recommendation, NULL when none */
};

/* One finding about one container. */
struct posture_finding {
	enum posture_check_id check;
	const char *cis;  /* may differ from the check's (AppArmor 5.1 vs SELinux 5.2) */
	char detail[160]; /* what was seen, e.g. the capabilities added; "" for nothing more */
};

/* The descriptions, indexed by enum posture_check_id. */
const struct posture_check *posture__check(enum posture_check_id id);

/* Tri-state facts: a check whose facts are unknown does not fire. */
enum posture_tri {
	POSTURE_UNKNOWN = -1,
	POSTURE_NO = 0,
	POSTURE_YES = 1,
};

/* Namespace bits, in the order of enum posture_ns. */
enum posture_ns {
	POSTURE_NS_PID = 0,
	POSTURE_NS_NET,
	POSTURE_NS_IPC,
	POSTURE_NS_UTS,
	POSTURE_NS_MNT,
	POSTURE_NS_USER,
	POSTURE_NS_CGROUP,
	POSTURE_NS_MAX,
};

enum posture_lsm {
	POSTURE_LSM_UNKNOWN = 0,
	POSTURE_LSM_NONE, /* no LSM answers /proc/<pid>/attr/current */
	POSTURE_LSM_APPARMOR,
	POSTURE_LSM_SELINUX,
};

#define POSTURE_PATH_LEN 256

/* What was read about a container; every field starts unknown. */
struct posture_facts {
	/* /proc/<pid>/status */
	bool status_known;
	uint64_t cap_eff, cap_bnd;
	uint32_t euid;
	enum posture_tri no_new_privs;
	int seccomp_mode; /* 0 off, 1 strict, 2 filter; -1 unknown */
	int seccomp_filters;
	int cap_last_cap; /* the highest capability this kernel has; -1 unknown */
	/*
	 * The host init's bounding set (/proc/1/status): "every capability" means
	 * every one the host itself can have, which is less than the kernel's list
	 * when the host runs under a reduced bounding set. 0 unknown.
	 */
	uint64_t host_cap_bnd;
	/* /proc/<pid>/attr/current */
	enum posture_lsm lsm;
	enum posture_tri mac_confined;
	char lsm_label[128];
	/* /proc/<pid>/uid_map: uid 0 inside is uid 0 outside */
	enum posture_tri root_is_host_root;
	/* /proc/<pid>/ns/<type> against /proc/1/ns/<type> */
	uint32_t ns_known;  /* bits (1 << enum posture_ns) compared */
	uint32_t ns_shared; /* bits of those that are the host's */
	/* cgroup v2 and v1 limits */
	enum posture_tri memory_limited, pids_limited, cpu_limited;
	/* /proc/<pid>/mountinfo against the host's */
	enum posture_tri rootfs_readonly;
	char runtime_socket[POSTURE_PATH_LEN];	/* host path of a runtime socket mounted in */
	char sensitive_mount[POSTURE_PATH_LEN]; /* the first sensitive host directory mounted in */
	/* v1 devices.list "a *:* rwm", or no v2 device program */
	enum posture_tri all_devices;
};

void posture_facts__init(struct posture_facts *f);

/* ---- pure parsers (unit-tested on tests/fixtures/posture/) ---- */

/* The fields of /proc/<pid>/status listed above. -EINVAL when CapEff is missing. */
int posture__parse_status(const char *text, struct posture_facts *f);
/* 1 when uid 0 of the namespace maps to uid 0 of the parent, 0 when not, -EINVAL. */
int posture__parse_uid_map(const char *text);
/* Fills lsm, mac_confined and lsm_label from attr/current's text. */
void posture__parse_lsm_label(const char *text, struct posture_facts *f);
/*
 * A cgroup limit file: 1 limited, 0 unlimited, -EINVAL. v2 "max" and v1 values
 * at or above 2^62 (the kernel's "no limit") are unlimited; cpu.max
 * "max 100000" is unlimited, v1 cpu.cfs_quota_us -1 is unlimited.
 */
int posture__parse_limit(const char *text);
/* v1 devices.list: 1 when it allows every device ("a *:* rwm"), 0 when not. */
int posture__parse_devices_list(const char *text);
/*
 * The container's mountinfo against the host's (PID 1's): read-only root,
 * runtime sockets and sensitive host directories bind-mounted in.
 * 0 or -EINVAL when the container's text has no root mount.
 */
int posture__parse_mounts(const char *container_mountinfo, const char *host_mountinfo,
			  struct posture_facts *f);

/*
 * The findings the facts yield, in ID order; at most `max`. Returns the count.
 * Docker's default capability set is the baseline for "added capabilities".
 */
size_t posture__evaluate(const struct posture_facts *f, struct posture_finding *out, size_t max);

/* ---- I/O ---- */

/* Where to read: all paths are host paths, prefixed with host_root. */
struct posture_source {
	const char *host_root;	  /* "" or "/host" */
	const char *cgroup2_root; /* the cgroup2 mount, host_root included */
	const char *cgroup_path;  /* the process's cgroup, relative to cgroup2_root */
	const char *container_id; /* limits are looked for up to the cgroup naming it */
	pid_t pid;		  /* a process of the container, in the host's pid namespace */
	/*
	 * The process's namespaces as the kernel reported them (the record's
	 * header) and the host's (PID 1's, read at start), or NULL: then
	 * /proc/<pid>/ns is compared with /proc/1/ns, which needs ptrace access
	 * the collector gives up after start-up.
	 */
	const struct ctw_namespaces *ns;
	const struct ctw_namespaces *host_ns;
};

/*
 * 1 when the process runs the container's own program (the runtime's init has
 * exec'd the entrypoint), 0 when it still is the runtime's, -ESRCH when gone.
 */
int posture__process_ready(const char *host_root, pid_t pid);

/*
 * Reads every fact it can; the unreadable stay unknown. -ESRCH when the process
 * is gone or exited during the read (a zombie's namespaces and mounts are not
 * its container's).
 */
int posture__read(const struct posture_source *src, struct posture_facts *f);

#endif /* CTRWATCH_POSTURE_H */
