// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "runtime_bins.h"

/* The binaries a container runtime runs on the host while containers run. */
static const char *const names[] = {
    "runc",
    "crun",
    "youki",
    "runsc",
    "conmon",
    "containerd-shim",
    "containerd-shim-runc-v1",
    "containerd-shim-runc-v2",
    "containerd",
    "dockerd",
    "docker-init",
    "cri-o",
    "crio",
};

static const char *const dirs[] = {
    "/usr/bin", "/usr/sbin",	       "/usr/local/bin",    "/usr/local/sbin",		"/bin",
    "/sbin",	"/usr/libexec/podman", "/usr/libexec/crio", "/usr/lib/cri-o-runc/sbin",
};

uint32_t runtime_bins__kernel_dev(uint64_t st_dev)
{
	/* include/linux/kdev_t.h: MINORBITS 20 */
	return (uint32_t)((major(st_dev) << 20) | minor(st_dev));
}

const struct runtime_bin *runtime_bins__lookup(const struct runtime_bins *rb, uint32_t dev,
					       uint64_t ino)
{
	for (size_t i = 0; i < rb->n; i++)
		if (rb->bin[i].dev == dev && rb->bin[i].ino == ino)
			return &rb->bin[i];
	return NULL;
}

int runtime_bins__add(struct runtime_bins *rb, const char *path)
{
	struct runtime_bin *b;
	struct stat st;
	uint32_t dev;

	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	dev = runtime_bins__kernel_dev(st.st_dev);
	if (runtime_bins__lookup(rb, dev, st.st_ino))
		return -EEXIST;
	if (rb->n >= RUNTIME_BINS_MAX)
		return -ENOSPC;
	b = &rb->bin[rb->n++];
	b->dev = dev;
	b->ino = st.st_ino;
	snprintf(b->path, sizeof(b->path), "%s", path);
	return 0;
}

int runtime_bins__find(struct runtime_bins *out, const char *root, const char *const *extra)
{
	char path[RUNTIME_BINS_PATH_LEN];
	size_t rl;

	memset(out, 0, sizeof(*out));
	if (!root)
		root = "";
	rl = strlen(root);
	if (rl && root[rl - 1] == '/')
		rl--;
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++)
		for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
			snprintf(path, sizeof(path), "%.*s%s/%s", (int)rl, root, dirs[d], names[n]);
			runtime_bins__add(out, path);
		}
	for (; extra && *extra; extra++)
		runtime_bins__add(out, *extra);
	return (int)out->n;
}
