/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Which kernel setting names the program a usermode helper exec'd: the
 * kernel starts a helper from a kernel thread without saying why, so the
 * exec'd path is compared with the settings that name one (read when such an
 * exec is seen: they are rare, and the setting may have been written just
 * before, which is the point).
 */
#ifndef CTRWATCH_USERMODE_HELPER_H
#define CTRWATCH_USERMODE_HELPER_H

#include <stddef.h>

/*
 * The setting whose program is `path` ("core_pattern", "modprobe", "hotplug",
 * "uevent_helper", "poweroff_cmd", "release_agent"), or NULL.
 * proc_root and sys_root: the host's /proc and /sys ("/proc", "/sys"; under a
 * host root in a DaemonSet). cgroup v1 release agents are found through
 * <proc_root>/self/mountinfo.
 */
const char *usermode_helper__identify(const char *proc_root, const char *sys_root,
				      const char *path);

/*
 * Whether a helper setting's value names `path`: the program is the first
 * word ("|" dropped for core_pattern pipes) and a %-specifier in it matches
 * any run of characters (core_pattern's "%P" in "/proc/%P/root/x").
 */
int usermode_helper__value_names(const char *value, const char *path);

#endif /* CTRWATCH_USERMODE_HELPER_H */
