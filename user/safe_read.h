/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Opening the files the collector reads as root from places others write:
 * a container process's /proc files, cgroupfs, and the runtimes' state files
 * (some of whose paths a tenant can influence, e.g. runc's bundle label).
 * Such a file must not redirect the collector elsewhere, stall it, or make it
 * read without end:
 *  - no symbolic link is followed in the part of the path that is not
 *    trusted: openat2(2) with RESOLVE_NO_SYMLINKS (and RESOLVE_BENEATH below a
 *    trusted root) where the kernel has it, a component-by-component walk with
 *    O_NOFOLLOW where it does not; ".." is refused;
 *  - only regular files are read, opened with O_NONBLOCK so that a FIFO
 *    planted in its place never blocks the open;
 *  - a file whose size exceeds the caller's bound is refused, and no more than
 *    the bound is ever read (/proc and cgroupfs files report size 0).
 * docs/operations.md lists the bounds of each caller.
 */
#ifndef CTRWATCH_SAFE_READ_H
#define CTRWATCH_SAFE_READ_H

#include <stddef.h>

/*
 * Opens root/path for reading. root NULL: path (absolute or relative to the
 * working directory) may contain no symlink at all. root given: root itself is
 * trusted (the host's layout, e.g. a /var/lib/docker that is a symlink to
 * another disk) and path, relative to it, must stay beneath it with no
 * symlink. Returns the fd, or -ELOOP (a symlink), -EXDEV (leaves root or has
 * ".."), -EINVAL (not a regular file), -EFBIG (st_size above max) or the
 * error of open(2).
 */
int safe_read__open(const char *root, const char *path, size_t max);

/*
 * The whole file, as safe_read__open() opens it, NUL-terminated in a
 * malloc'ed *buf of *len bytes. -EFBIG when it holds more than max bytes, even
 * when its size said otherwise (/proc, cgroupfs, a file that grew).
 */
int safe_read__file(const char *root, const char *path, size_t max, char **buf, size_t *len);

#endif /* CTRWATCH_SAFE_READ_H */
