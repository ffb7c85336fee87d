/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Cgroup path → container: which runtime made a cgroup, for which container id.
 * Pure string parsing, no I/O, so it is unit-testable without a kernel.
 */
#ifndef CTRWATCH_CGROUP_PATH_H
#define CTRWATCH_CGROUP_PATH_H

#include "container.h"

/*
 * Parse a cgroup path, relative to the root of its hierarchy ("/docker/<id>"), or a line of
 * /proc/<pid>/cgroup ("0::/docker/<id>", "4:memory:/docker/<id>").
 *
 * Returns 1 and fills *out when the path belongs to a container, 0 (and *out says
 * RUNTIME_NONE) for a host cgroup, -EINVAL for NULL or a string that is neither, and
 * -ENAMETOOLONG for a path of PATH_MAX bytes or more.
 *
 * Cgroups below a container's cgroup (systemd's init.scope, podman's "container", a nested
 * runtime's own cgroups) belong to that container. When containers are nested, the outermost
 * one is reported: it is the one the host's runtime made and knows metadata for, and a process
 * allowed to create cgroups inside a container cannot make its events look like another
 * container's by naming a sub-cgroup "docker/<victim id>".
 */
int cgroup_path__parse(const char *path, struct container_ref *out);

#endif /* CTRWATCH_CGROUP_PATH_H */
