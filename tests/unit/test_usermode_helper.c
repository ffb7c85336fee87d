// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Naming the kernel setting behind a usermode helper exec, over a fake /proc and /sys. */
#include <stdlib.h>
#include <sys/stat.h>

#include "check.h"
#include "usermode_helper.h"

static void put(const char *root, const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void mk(const char *root, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	mkdir(path, 0755);
}

int main(void)
{
	char root[] = "/tmp/ctw-umh-XXXXXX", proc[300], sys[300], cg[300], line[900];

	ASSERT_TRUE(usermode_helper__value_names("|/usr/lib/systemd/systemd-coredump %P %u",
						 "/usr/lib/systemd/systemd-coredump"),
		    "a core_pattern pipe names its program");
	ASSERT_TRUE(usermode_helper__value_names("|/proc/%P/root/tmp/x", "/proc/4242/root/tmp/x"),
		    "%P matches the pid");
	ASSERT_TRUE(!usermode_helper__value_names("|/proc/%P/root/tmp/x", "/proc/4242/root/tmp/y"),
		    "another file does not match");
	ASSERT_TRUE(usermode_helper__value_names("/sbin/modprobe\n", "/sbin/modprobe"),
		    "modprobe with its newline");
	ASSERT_TRUE(!usermode_helper__value_names("", "/x"), "empty value");
	ASSERT_TRUE(!usermode_helper__value_names("|/a[b]", "/ab"), "glob characters are literal");

	ASSERT_TRUE(mkdtemp(root) != NULL, "mkdtemp");
	snprintf(proc, sizeof(proc), "%s/proc", root);
	snprintf(sys, sizeof(sys), "%s/sys", root);
	snprintf(cg, sizeof(cg), "%s/cg", root);
	mk(root, "proc");
	mk(root, "proc/sys");
	mk(root, "proc/sys/kernel");
	mk(root, "proc/self");
	mk(root, "sys");
	mk(root, "sys/kernel");
	mk(root, "cg");
	put(root, "proc/sys/kernel/core_pattern", "|/var/lib/ctr/merged/payload %p\n");
	put(root, "proc/sys/kernel/modprobe", "/sbin/modprobe\n");
	put(root, "sys/kernel/uevent_helper", "\n");
	put(root, "cg/release_agent", "/tmp/agent.sh\n");
	snprintf(line, sizeof(line),
		 "30 25 0:26 / %s rw,relatime shared:9 - cgroup cgroup rw,memory\n"
		 "31 25 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n",
		 cg);
	put(root, "proc/self/mountinfo", line);

	ASSERT_STR_EQ(usermode_helper__identify(proc, sys, "/var/lib/ctr/merged/payload"),
		      "core_pattern", "core_pattern pipe");
	ASSERT_STR_EQ(usermode_helper__identify(proc, sys, "/sbin/modprobe"), "modprobe",
		      "modprobe");
	ASSERT_STR_EQ(usermode_helper__identify(proc, sys, "/tmp/agent.sh"), "release_agent",
		      "a cgroup v1 release agent");
	ASSERT_TRUE(usermode_helper__identify(proc, sys, "/bin/other") == NULL, "nothing names it");
	ASSERT_TRUE(usermode_helper__identify(proc, sys, "") == NULL, "empty path");
	snprintf(line, sizeof(line), "rm -rf '%s'", root);
	ASSERT_EQ(system(line), 0, "cleanup");
	return check_summary("usermode_helper");
}
