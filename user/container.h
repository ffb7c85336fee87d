/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What the collector knows about the container an event came from. */
#ifndef CTRWATCH_CONTAINER_H
#define CTRWATCH_CONTAINER_H

#include <stdbool.h>
#include <stdint.h>

#define CONTAINER_ID_LEN 64
#define POD_UID_LEN 36

/* Which runtime's cgroup naming a container was recognised by. */
enum container_runtime {
	RUNTIME_NONE = 0, /* a host process */
	RUNTIME_DOCKER,
	RUNTIME_CONTAINERD, /* containerd's CRI plugin (cri-containerd-*, :cri-containerd:) */
	RUNTIME_CRIO,
	RUNTIME_PODMAN,
	RUNTIME_NERDCTL,    /* containerd without CRI, through nerdctl */
	RUNTIME_KUBERNETES, /* kubelet cgroupfs layout, runtime not named by the path */
	RUNTIME_MAX,
};

/* Parsed out of a cgroup path alone (user/cgroup_path.c). */
struct container_ref {
	enum container_runtime runtime;
	char id[CONTAINER_ID_LEN + 1]; /* full lowercase hex id, NUL-terminated */
	char pod_uid[POD_UID_LEN + 1]; /* "" unless the path names a kubelet pod */
};

/* Metadata read from the runtimes' on-disk state; any field may be "" (unknown). */
struct container_meta {
	char name[128];
	char image[256];
	char pod[128];
	char namespace[128];
};

/* "docker", "containerd", ...; "host" for RUNTIME_NONE. */
const char *container_runtime__name(enum container_runtime runtime);

#endif /* CTRWATCH_CONTAINER_H */
