// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "usermode_helper.h"

#define VALUE_LEN 512

static int read_value(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return 0;
}

int usermode_helper__value_names(const char *value, const char *path)
{
	char prog[VALUE_LEN], pattern[2 * VALUE_LEN];
	size_t n = 0, o = 0;

	while (*value == ' ' || *value == '\t')
		value++;
	if (*value == '|')
		value++;
	while (*value == ' ')
		value++;
	while (value[n] && value[n] != ' ' && value[n] != '\n' && value[n] != '\t' &&
	       n < sizeof(prog) - 1) {
		prog[n] = value[n];
		n++;
	}
	prog[n] = 0;
	if (!n)
		return 0;
	/* The value as a glob: %X → *, glob characters of the value taken literally. */
	for (size_t i = 0; i < n && o < sizeof(pattern) - 3; i++) {
		if (prog[i] == '%' && i + 1 < n) {
			pattern[o++] = '*';
			i++;
		} else if (strchr("*?[\\", prog[i])) {
			pattern[o++] = '\\';
			pattern[o++] = prog[i];
		} else {
			pattern[o++] = prog[i];
		}
	}
	pattern[o] = 0;
	return fnmatch(pattern, path, 0) == 0;
}

static int setting_names(const char *file, const char *path)
{
	char value[VALUE_LEN];

	return read_value(file, value, sizeof(value)) == 0 &&
	       usermode_helper__value_names(value, path);
}

/* A cgroup v1 hierarchy's release_agent naming path. */
static int release_agent_names(const char *proc_root, const char *path)
{
	char file[VALUE_LEN + 32], line[2048], mnt[VALUE_LEN];
	int found = 0;
	FILE *f;

	snprintf(file, sizeof(file), "%s/self/mountinfo", proc_root);
	f = fopen(file, "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		const char *sep = strstr(line, " - ");

		/* "... mountpoint ... - cgroup cgroup rw,..." */
		if (!sep || strncmp(sep, " - cgroup ", 10) != 0)
			continue;
		if (sscanf(line, "%*s %*s %*s %*s %511s", mnt) != 1)
			continue;
		snprintf(file, sizeof(file), "%s/release_agent", mnt);
		found = setting_names(file, path);
	}
	fclose(f);
	return found;
}

const char *usermode_helper__identify(const char *proc_root, const char *sys_root, const char *path)
{
	static const struct {
		const char *dir; /* 'p': under proc_root, 's': under sys_root */
		const char *file;
		const char *name;
	} settings[] = {
	    {"p", "sys/kernel/core_pattern", "core_pattern"},
	    {"p", "sys/kernel/modprobe", "modprobe"},
	    {"p", "sys/kernel/hotplug", "hotplug"},
	    {"s", "kernel/uevent_helper", "uevent_helper"},
	    {"p", "sys/kernel/poweroff_cmd", "poweroff_cmd"},
	};
	char file[VALUE_LEN];

	if (!path || !path[0])
		return NULL;
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		snprintf(file, sizeof(file), "%s/%s",
			 settings[i].dir[0] == 'p' ? proc_root : sys_root, settings[i].file);
		if (setting_names(file, path))
			return settings[i].name;
	}
	if (release_agent_names(proc_root, path))
		return "release_agent";
	return NULL;
}
