/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * /proc/<pid>/mountinfo lines (proc(5)):
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 * read by attribution (where cgroup2 is mounted) and by posture (what a
 * container has mounted, and from where on the host).
 */
#ifndef CTRWATCH_MOUNTINFO_H
#define CTRWATCH_MOUNTINFO_H

#include <limits.h>
#include <stdbool.h>

struct mountinfo_entry {
	unsigned int major, minor;
	char root[PATH_MAX];  /* the mount's root within its filesystem, unescaped */
	char point[PATH_MAX]; /* the mount point, unescaped */
	char options[256];    /* per-mount options ("rw,relatime"); cut when longer */
	char fstype[64];
	char super_options[256]; /* per-superblock options; cut when longer (overlay's are) */
};

/*
 * Parses the line that starts at `line` and ends at '\n' or '\0'. 0,
 * -EINVAL when it is not a mountinfo line, -ENAMETOOLONG when its root or
 * mount point does not fit.
 */
int mountinfo__parse_line(const char *line, struct mountinfo_entry *m);

/* The line after `line` in a buffer of lines; NULL after the last one. */
const char *mountinfo__next_line(const char *line);

/* Whether a comma-separated list ("rw,nosuid,memory") holds `opt` as a whole item. */
bool mountinfo__has_option(const char *options, const char *opt);

/* Undoes the octal escapes of space, tab, newline and backslash (\040, ...) in place. */
void mountinfo__unescape(char *s);

#endif /* CTRWATCH_MOUNTINFO_H */
