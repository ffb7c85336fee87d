// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_v1.h"
#include "mountinfo.h"
#include "util.h"

/*
 * In order of preference. memory and pids are in every runtime's cgroup on
 * every distribution that ran v1; the enum member is the controller's name
 * but for blkio, the io controller's legacy name.
 */
static const struct {
	const char *controller, *subsys_enum;
} preferred[] = {
    {"memory", "memory_cgrp_id"},   {"pids", "pids_cgrp_id"},	  {"cpu", "cpu_cgrp_id"},
    {"cpuacct", "cpuacct_cgrp_id"}, {"cpuset", "cpuset_cgrp_id"}, {"devices", "devices_cgrp_id"},
    {"freezer", "freezer_cgrp_id"}, {"blkio", "io_cgrp_id"},
};

/* The hierarchy id /proc/cgroups gives an enabled controller; 0 when none. */
static uint32_t hierarchy_of(const char *proc_cgroups, const char *controller)
{
	for (const char *line = proc_cgroups; line && *line; line = mountinfo__next_line(line)) {
		char name[64];
		unsigned int hierarchy, n_cgroups, enabled;

		if (line[0] == '#')
			continue;
		if (sscanf(line, "%63s %u %u %u", name, &hierarchy, &n_cgroups, &enabled) != 4)
			continue;
		if (strcmp(name, controller) == 0)
			return enabled ? hierarchy : 0;
	}
	return 0;
}

/* Where the hierarchy holding controller is mounted whole, under host_root. */
static int mount_of(const char *mountinfo, const char *host_root, const char *controller, char *buf,
		    size_t len)
{
	struct mountinfo_entry *m;
	size_t hlen = host_root ? strlen(host_root) : 0;
	char *line = NULL;
	size_t cap = 0;
	int err = -ENOENT;
	FILE *f;

	while (hlen && host_root[hlen - 1] == '/')
		hlen--;
	m = malloc(sizeof(*m)); /* two PATH_MAX fields */
	if (!m)
		return -ENOMEM;
	f = fopen(mountinfo, "re");
	if (!f) {
		err = -errno;
		free(m);
		return err;
	}
	while (err == -ENOENT && getline(&line, &cap, f) > 0) {
		if (mountinfo__parse_line(line, m) < 0 || strcmp(m->fstype, "cgroup") != 0 ||
		    strcmp(m->root, "/") != 0 ||
		    !mountinfo__has_option(m->super_options, controller))
			continue;
		/* Without a host root the point must still be absolute, as the kernel writes it. */
		if (strncmp(m->point, host_root ? host_root : "", hlen) != 0 ||
		    (m->point[hlen] != '\0' && m->point[hlen] != '/'))
			continue;
		err = strlen(m->point) < len ? 0 : -ENAMETOOLONG;
		if (!err)
			strcpy(buf, m->point);
	}
	free(line);
	free(m);
	fclose(f);
	return err;
}

int cgroup_v1__choose_at(const char *proc_cgroups, const char *mountinfo, const char *host_root,
			 struct cgroup_v1_hierarchy *out)
{
	if (!proc_cgroups || !mountinfo || !out)
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(preferred); i++) {
		uint32_t id = hierarchy_of(proc_cgroups, preferred[i].controller);
		int err;

		if (!id)
			continue;
		err = mount_of(mountinfo, host_root, preferred[i].controller, out->mount,
			       sizeof(out->mount));
		if (err == -ENOENT)
			continue;
		if (err < 0)
			return err;
		snprintf(out->controller, sizeof(out->controller), "%s", preferred[i].controller);
		snprintf(out->subsys_enum, sizeof(out->subsys_enum), "%s",
			 preferred[i].subsys_enum);
		out->hierarchy_id = id;
		return 0;
	}
	return -ENOENT;
}

int cgroup_v1__choose(const char *proc_root, const char *host_root, struct cgroup_v1_hierarchy *out)
{
	char path[PATH_MAX], text[4096];
	size_t n;
	FILE *f;
	int err;

	if (snprintf(path, sizeof(path), "%s/cgroups", proc_root) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	/* About 30 bytes a controller, a few dozen controllers at most. */
	n = fread(text, 1, sizeof(text) - 1, f);
	err = ferror(f) ? -EIO : 0;
	fclose(f);
	if (err)
		return err;
	text[n] = '\0';
	return cgroup_v1__choose_at(text, "/proc/self/mountinfo", host_root, out);
}
