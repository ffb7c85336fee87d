// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "safe_read.h"

#define FILE_FLAGS (O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW)
#define DIR_FLAGS (O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)

/* Set once openat2(2) said ENOSYS (kernels before 5.6, or a seccomp filter). */
static _Atomic bool no_openat2;

static int try_openat2(int dirfd, const char *path, bool beneath)
{
	struct open_how how = {
	    .flags = FILE_FLAGS,
	    .resolve =
		RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | (beneath ? RESOLVE_BENEATH : 0),
	};
	long fd;

	if (no_openat2)
		return -ENOSYS;
	fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	if (fd >= 0)
		return (int)fd;
	if (errno == ENOSYS)
		no_openat2 = true;
	return -errno;
}

/*
 * The same resolution by hand: each directory opened with O_NOFOLLOW from the
 * previous one, so a symlink anywhere fails (ENOTDIR or ELOOP) as it would
 * with RESOLVE_NO_SYMLINKS, and ".." is refused as RESOLVE_BENEATH does.
 */
static int walk_open(int dirfd, const char *path)
{
	char copy[PATH_MAX], *save = NULL, *comp, *next;
	int fd = dirfd, err;

	if (strlen(path) >= sizeof(copy))
		return -ENAMETOOLONG;
	strcpy(copy, path);
	if (copy[0] == '/') {
		fd = open("/", DIR_FLAGS);
		if (fd < 0)
			return -errno;
	}
	comp = strtok_r(copy, "/", &save);
	if (!comp) {
		err = -EISDIR;
		goto out;
	}
	for (; comp; comp = next) {
		int nfd;

		next = strtok_r(NULL, "/", &save);
		if (strcmp(comp, "..") == 0) {
			err = -EXDEV;
			goto out;
		}
		if (strcmp(comp, ".") == 0 && next)
			continue;
		nfd = openat(fd, comp, next ? DIR_FLAGS : FILE_FLAGS);
		if (nfd < 0) {
			/* A symlink opened with O_PATH|O_NOFOLLOW|O_DIRECTORY says ENOTDIR. */
			struct stat st;

			err = -errno;
			if (err == -ENOTDIR && fstatat(fd, comp, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			    S_ISLNK(st.st_mode))
				err = -ELOOP;
			goto out;
		}
		if (fd != dirfd)
			close(fd);
		fd = nfd;
	}
	return fd;
out:
	if (fd != dirfd)
		close(fd);
	return err;
}

static int open_resolved(const char *root, const char *path)
{
	int dirfd = AT_FDCWD, fd;

	if (root) {
		/* The root is the host's layout: followed, whatever links it has. */
		dirfd = open(root[0] ? root : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (dirfd < 0)
			return -errno;
		while (path[0] == '/')
			path++;
	}
	fd = try_openat2(dirfd, path, root != NULL);
	if (fd == -ENOSYS || fd == -E2BIG)
		fd = walk_open(dirfd, path);
	if (root)
		close(dirfd);
	return fd;
}

int safe_read__open(const char *root, const char *path, size_t max)
{
	struct stat st;
	int fd, err;

	if (!path || !path[0])
		return -EINVAL;
	fd = open_resolved(root, path);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -EINVAL;
		goto fail;
	}
	if ((uint64_t)st.st_size > max) {
		err = -EFBIG;
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return err;
}

int safe_read__file(const char *root, const char *path, size_t max, char **buf, size_t *len)
{
	size_t cap, got = 0;
	struct stat st;
	char *data;
	int fd, err = 0;

	fd = safe_read__open(root, path, max);
	if (fd < 0)
		return fd;
	/* Sized by st_size when it is known, grown up to max + 1 to see a file that is longer. */
	cap = fstat(fd, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size + 2 : 4096;
	if (cap > max + 2)
		cap = max + 2;
	data = malloc(cap);
	if (!data) {
		err = -ENOMEM;
		goto out;
	}
	for (;;) {
		ssize_t n;

		if (got + 1 >= cap) {
			char *bigger;

			if (cap >= max + 2)
				break;
			cap = cap * 2 < max + 2 ? cap * 2 : max + 2;
			bigger = realloc(data, cap);
			if (!bigger) {
				err = -ENOMEM;
				goto out;
			}
			data = bigger;
		}
		n = read(fd, data + got, cap - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got > max) {
		err = -EFBIG;
		goto out;
	}
	data[got] = '\0';
	*buf = data;
	*len = got;
	data = NULL;
out:
	free(data);
	close(fd);
	return err;
}
