// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The union of the default maskedPaths and readonlyPaths of runc's spec,
 * Docker (moby's oci/defaults.go), containerd's CRI plugin and CRI-O: every
 * path a default container finds hidden or read-only. A runtime configured
 * with more is not known here; these are the ones an escape goes after
 * (runc CVE-2025-31133, CVE-2025-52565, CVE-2025-52881 redirect the runtime's
 * own masking; a process that can mount undoes it directly).
 */
#include <errno.h>
#include <string.h>

#include "masked_paths.h"

static const struct masked_path masked_paths[] = {
    {"/proc/acpi", MASKED_HIDDEN},
    {"/proc/asound", MASKED_HIDDEN},
    {"/proc/interrupts", MASKED_HIDDEN},
    {"/proc/kcore", MASKED_HIDDEN},
    {"/proc/keys", MASKED_HIDDEN},
    {"/proc/latency_stats", MASKED_HIDDEN},
    {"/proc/timer_list", MASKED_HIDDEN},
    {"/proc/timer_stats", MASKED_HIDDEN},
    {"/proc/sched_debug", MASKED_HIDDEN},
    {"/proc/scsi", MASKED_HIDDEN},
    {"/sys/firmware", MASKED_HIDDEN},
    {"/sys/devices/virtual/powercap", MASKED_HIDDEN},
    {"/proc/bus", MASKED_READONLY},
    {"/proc/fs", MASKED_READONLY},
    {"/proc/irq", MASKED_READONLY},
    {"/proc/sys", MASKED_READONLY},
    {"/proc/sysrq-trigger", MASKED_READONLY},
};

#define N_MASKED (sizeof(masked_paths) / sizeof(masked_paths[0]))

/* Prefixes that name the caller's own root: dropped before comparing. */
static const char *const own_root[] = {"/proc/self/root", "/proc/thread-self/root"};

static const char *skip_own_root(const char *path)
{
	for (size_t i = 0; i < sizeof(own_root) / sizeof(own_root[0]); i++) {
		size_t n = strlen(own_root[i]);

		if (strncmp(path, own_root[i], n) == 0 && (path[n] == '/' || path[n] == 0))
			return path[n] ? path + n : "/";
	}
	return path;
}

int masked_path__normalize(const char *path, char *out, size_t len)
{
	size_t o = 0;
	const char *p;

	if (path[0] != '/')
		return -EINVAL;
	if (len < 2)
		return -ENAMETOOLONG;
	p = skip_own_root(path);
	out[0] = 0;
	while (*p) {
		const char *start;
		size_t n;

		while (*p == '/')
			p++;
		start = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - start);
		if (n == 0 || (n == 1 && start[0] == '.'))
			continue;
		if (n == 2 && start[0] == '.' && start[1] == '.') {
			/* "/.." is "/" */
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			out[o] = 0;
			continue;
		}
		if (o + 1 + n + 1 > len)
			return -ENAMETOOLONG;
		out[o++] = '/';
		memcpy(out + o, start, n);
		o += n;
		out[o] = 0;
	}
	if (o == 0) {
		out[0] = '/';
		out[1] = 0;
	}
	return 0;
}

/* a is b, or lies under it. */
static bool is_at_or_under(const char *a, const char *b)
{
	size_t n = strlen(b);

	return strncmp(a, b, n) == 0 && (a[n] == 0 || a[n] == '/');
}

const struct masked_path *masked_path__covering(const char *path)
{
	for (size_t i = 0; i < N_MASKED; i++)
		if (is_at_or_under(path, masked_paths[i].path))
			return &masked_paths[i];
	return NULL;
}

const struct masked_path *masked_path__below(const char *path)
{
	for (size_t i = 0; i < N_MASKED; i++) {
		const char *m = masked_paths[i].path;

		/* Not "/": /proc and /sys are mounts of their own, which a flat bind leaves out. */
		if (strcmp(path, m) != 0 && is_at_or_under(m, path))
			return &masked_paths[i];
	}
	return NULL;
}
