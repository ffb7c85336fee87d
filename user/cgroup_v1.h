/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Hosts with cgroup v1 only: no cgroup2 hierarchy holds the containers, and
 * bpf_get_current_cgroup_id() (the v2 cgroup) is the root for every task. The
 * containers are then told apart by their cgroup in one v1 hierarchy, whose
 * directories' inode numbers are kernfs ids as cgroup2's are. This picks that
 * hierarchy: a mounted, enabled controller every runtime puts its containers in.
 */
#ifndef CTRWATCH_CGROUP_V1_H
#define CTRWATCH_CGROUP_V1_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

struct cgroup_v1_hierarchy {
	char controller[32];   /* as /proc/cgroups names it: "memory" */
	char subsys_enum[48];  /* the kernel's enum cgroup_subsys_id member: "memory_cgrp_id" */
	uint32_t hierarchy_id; /* /proc/cgroups' hierarchy column; cgroup_mkdir's "root" */
	char mount[PATH_MAX];  /* where it is mounted (below host_root): "/sys/fs/cgroup/memory" */
};

/*
 * Chooses from /proc/cgroups' text (proc_cgroups) and a mountinfo file the
 * first of memory, pids, cpu, cpuacct, cpuset, devices, freezer, blkio that is
 * enabled, attached to a hierarchy and mounted whole under host_root (NULL or
 * "" for none). 0, -ENOENT when none is, -EINVAL, -ENAMETOOLONG, or the errno
 * of reading mountinfo.
 */
int cgroup_v1__choose_at(const char *proc_cgroups, const char *mountinfo, const char *host_root,
			 struct cgroup_v1_hierarchy *out);

/* The same from <proc_root>/cgroups and /proc/self/mountinfo. */
int cgroup_v1__choose(const char *proc_root, const char *host_root,
		      struct cgroup_v1_hierarchy *out);

#endif /* CTRWATCH_CGROUP_V1_H */
