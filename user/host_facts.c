// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The namespace inode numbers come from the /proc/PID/ns links' text
 * ("mnt:[4026531841]"), the same numbers the BPF side reads as ns.inum.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host_facts.h"
#include "util.h"

int host_facts__parse_ns_link(const char *link, const char *type, uint32_t *inum)
{
	size_t tl = strlen(type);
	unsigned long long v;
	char *end;

	if (strncmp(link, type, tl) != 0 || link[tl] != ':' || link[tl + 1] != '[')
		return -EINVAL;
	link += tl + 2;
	if (*link < '0' || *link > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(link, &end, 10);
	if (errno || v == 0 || v > UINT32_MAX || strcmp(end, "]") != 0)
		return -EINVAL;
	*inum = (uint32_t)v;
	return 0;
}

/* Reads the namespaces of <proc_root>/<who>; -ENOENT only if the directory itself is missing. */
static int read_ns(const char *proc_root, const char *who, struct ctw_namespaces *ns)
{
	static const char *const types[] = {"mnt", "pid", "net", "user", "uts", "ipc", "cgroup"};
	uint32_t *fields[] = {&ns->mnt, &ns->pid, &ns->net,   &ns->user,
			      &ns->uts, &ns->ipc, &ns->cgroup};
	char path[PATH_MAX], link[128];
	int found = 0, first_err = 0;

	memset(ns, 0, sizeof(*ns));
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		ssize_t n;

		snprintf(path, sizeof(path), "%s/%s/ns/%s", proc_root, who, types[i]);
		n = readlink(path, link, sizeof(link) - 1);
		if (n < 0) {
			/* ENOENT: this kernel lacks the namespace type; keep 0 */
			if (errno != ENOENT && !first_err)
				first_err = -errno;
			continue;
		}
		link[n] = 0;
		if (host_facts__parse_ns_link(link, types[i], fields[i]) < 0)
			return -EINVAL;
		found++;
	}
	if (first_err)
		return first_err;
	return found ? 0 : -ENOENT;
}

int host_facts__read(const char *proc_root, struct host_facts *out)
{
	int err;

	memset(out, 0, sizeof(*out));
	err = read_ns(proc_root, "1", &out->init_ns);
	if (!err)
		return 0;
	err = read_ns(proc_root, "self", &out->init_ns);
	if (err) {
		memset(out, 0, sizeof(*out));
		return err;
	}
	out->init_ns_from_self = true;
	return 0;
}
