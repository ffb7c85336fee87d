// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Names of the container runtimes, as they appear in the JSON "runtime" field. */
#include "container.h"

static const char *const runtime_names[RUNTIME_MAX] = {
    [RUNTIME_NONE] = "host",
    [RUNTIME_DOCKER] = "docker",
    [RUNTIME_CONTAINERD] = "containerd",
    [RUNTIME_CRIO] = "cri-o",
    [RUNTIME_PODMAN] = "podman",
    [RUNTIME_NERDCTL] = "nerdctl",
    [RUNTIME_KUBERNETES] = "kubernetes",
};

const char *container_runtime__name(enum container_runtime runtime)
{
	/* The enum comes from our own parser, but a corrupt value must not index past the table. */
	if ((unsigned int)runtime >= RUNTIME_MAX || !runtime_names[runtime])
		return "unknown";
	return runtime_names[runtime];
}
