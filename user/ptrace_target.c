// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptrace_target.h"

int ptrace_target__parse_cgroup(const char *text, char *path, size_t len)
{
	const char *line = text;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);

		if (n >= 3 && strncmp(line, "0::", 3) == 0) {
			if (n - 3 >= len)
				return -ENAMETOOLONG;
			memcpy(path, line + 3, n - 3);
			path[n - 3] = '\0';
			return 0;
		}
		line = end ? end + 1 : NULL;
	}
	return -ENOENT;
}

int ptrace_target__cgroup_id(const char *proc_root, const char *cgroup2_mount, uint32_t pid,
			     uint64_t *id)
{
	char file[256], text[4096], rel[3072], dir[4096];
	struct stat st;
	ssize_t n;
	int fd, err;

	snprintf(file, sizeof(file), "%s/%u/cgroup", proc_root, pid);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, text, sizeof(text) - 1);
	err = n < 0 ? -errno : 0;
	close(fd);
	if (err < 0)
		return err;
	text[n] = '\0';
	err = ptrace_target__parse_cgroup(text, rel, sizeof(rel));
	if (err < 0)
		return err;
	if ((size_t)snprintf(dir, sizeof(dir), "%s%s", cgroup2_mount, rel) >= sizeof(dir))
		return -ENAMETOOLONG;
	if (stat(dir, &st) < 0)
		return -errno;
	*id = st.st_ino; /* a cgroup2 directory's inode number is its id */
	return 0;
}

int ptrace_target__mnt_ns(const char *proc_root, uint32_t pid, uint32_t *inum)
{
	char file[256], link[64];
	unsigned int v;
	ssize_t n;

	snprintf(file, sizeof(file), "%s/%u/ns/mnt", proc_root, pid);
	n = readlink(file, link, sizeof(link) - 1);
	if (n < 0)
		return -errno;
	link[n] = '\0';
	if (sscanf(link, "mnt:[%u]", &v) != 1)
		return -EINVAL;
	*inum = v;
	return 0;
}
