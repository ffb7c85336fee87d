/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The host's container runtime binaries (runc, crun, conmon, containerd-shim,
 * ...), found once at start and known by device and inode, not by path: a
 * container can name a file of its own /usr/sbin/runc, it cannot give it the
 * host binary's inode. Used to tell a write-open of the host's runtime binary
 * (CVE-2019-5736) and a runtime's own re-exec from its sealed copy.
 */
#ifndef CTRWATCH_RUNTIME_BINS_H
#define CTRWATCH_RUNTIME_BINS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RUNTIME_BINS_MAX 32
#define RUNTIME_BINS_PATH_LEN 256

struct runtime_bin {
	uint32_t dev; /* the kernel's encoding (MKDEV: major << 20 | minor), as BPF reads s_dev */
	uint64_t ino;
	char path[RUNTIME_BINS_PATH_LEN]; /* where it was found, for messages */
};

struct runtime_bins {
	struct runtime_bin bin[RUNTIME_BINS_MAX];
	size_t n;
};

/*
 * Looks for the known runtime binary names in the usual directories under
 * root ("" or "/" for the host, "/host" in a DaemonSet), plus the extra
 * absolute paths given (NULL-terminated list, may be NULL). Symlinks are
 * followed and one inode is listed once. Returns how many were found (0 is
 * not an error: a host without a runtime).
 */
int runtime_bins__find(struct runtime_bins *out, const char *root, const char *const *extra);

/* Adds one file; 0, -EEXIST when its inode is listed already, -ENOSPC, or -errno of stat. */
int runtime_bins__add(struct runtime_bins *rb, const char *path);

/* The binary with this device and inode, or NULL. */
const struct runtime_bin *runtime_bins__lookup(const struct runtime_bins *rb, uint32_t dev,
					       uint64_t ino);

/* st_dev as userspace sees it → the kernel's internal dev_t (sb->s_dev). */
uint32_t runtime_bins__kernel_dev(uint64_t st_dev);

#endif /* CTRWATCH_RUNTIME_BINS_H */
