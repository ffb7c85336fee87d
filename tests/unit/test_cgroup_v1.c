// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup_v1.h"
#include "check.h"

/* A Debian 10 host booted with systemd's legacy layout: v1 only, no cgroup2. */
static const char legacy_mountinfo[] =
    "25 18 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
    "26 25 0:23 / /sys/fs/cgroup/systemd rw,nosuid shared:10 - cgroup cgroup "
    "rw,xattr,name=systemd\n"
    "29 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:11 - cgroup cgroup "
    "rw,cpu,cpuacct\n"
    "30 25 0:27 / /sys/fs/cgroup/pids rw,nosuid shared:12 - cgroup cgroup rw,pids\n"
    "31 25 0:28 / /sys/fs/cgroup/memory rw,nosuid shared:13 - cgroup cgroup rw,memory\n"
    "32 25 0:29 /docker /sys/fs/cgroup/memory-sub rw shared:14 - cgroup cgroup rw,memory\n";

static const char proc_cgroups[] = "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
				   "cpuset\t0\t1\t1\n"
				   "cpu\t3\t60\t1\n"
				   "cpuacct\t3\t60\t1\n"
				   "blkio\t0\t1\t1\n"
				   "memory\t5\t80\t1\n"
				   "pids\t4\t70\t1\n";

static const char memory_disabled[] = "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
				      "cpu\t3\t60\t1\n"
				      "memory\t0\t1\t0\n"
				      "pids\t4\t70\t1\n";

static char path[] = "/tmp/test_cgroup_v1.XXXXXX";

static void write_mountinfo(const char *text)
{
	FILE *f = fopen(path, "w");

	ASSERT_TRUE(f != NULL, "temporary mountinfo");
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static void test_choose(void)
{
	struct cgroup_v1_hierarchy h;

	write_mountinfo(legacy_mountinfo);
	ASSERT_EQ(cgroup_v1__choose_at(proc_cgroups, path, NULL, &h), 0, "legacy host: a choice");
	ASSERT_STR_EQ(h.controller, "memory", "memory first");
	ASSERT_STR_EQ(h.subsys_enum, "memory_cgrp_id", "its enum cgroup_subsys_id member");
	ASSERT_EQ(h.hierarchy_id, 5, "its hierarchy id from /proc/cgroups");
	ASSERT_STR_EQ(h.mount, "/sys/fs/cgroup/memory", "the whole hierarchy, not a subtree mount");

	ASSERT_EQ(cgroup_v1__choose_at(memory_disabled, path, NULL, &h), 0,
		  "memory disabled (cgroup_disable=memory): a choice");
	ASSERT_STR_EQ(h.controller, "pids", "then pids");
	ASSERT_EQ(h.hierarchy_id, 4, "pids' hierarchy");

	ASSERT_EQ(cgroup_v1__choose_at(proc_cgroups, path, "/host", &h), -ENOENT,
		  "nothing mounted under --host-root: none");

	write_mountinfo("40 1 0:40 / /host/sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup "
			"rw,cpu,cpuacct\n"
			"41 1 0:41 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");
	ASSERT_EQ(cgroup_v1__choose_at(proc_cgroups, path, "/host", &h), 0,
		  "under --host-root: a choice");
	ASSERT_STR_EQ(h.controller, "cpu", "the container's own memory mount is not the host's");
	ASSERT_STR_EQ(h.mount, "/host/sys/fs/cgroup/cpu,cpuacct", "the host's cpu,cpuacct");
	ASSERT_EQ(h.hierarchy_id, 3, "cpu's hierarchy");

	/* fuzz_proc_read: a relative point was taken when no host root was given. */
	write_mountinfo("42 1 0:42 / s/fys/s/cgroup/memory rw - cgroup cgroup rw,memory\n"
			"43 1 0:43 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n");
	ASSERT_EQ(cgroup_v1__choose_at(proc_cgroups, path, NULL, &h), 0,
		  "a relative mount point next to an absolute one: a choice");
	ASSERT_STR_EQ(h.mount, "/sys/fs/cgroup/pids", "pids, not the relative memory");
	ASSERT_EQ(cgroup_v1__choose_at(proc_cgroups, path, "/", &h), 0, "host root /: the same");
	ASSERT_STR_EQ(h.mount, "/sys/fs/cgroup/pids", "still the absolute one");

	write_mountinfo("50 1 0:50 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n");
	ASSERT_EQ(cgroup_v1__choose_at(proc_cgroups, path, NULL, &h), -ENOENT,
		  "cgroup2 only: no v1 hierarchy");
	ASSERT_EQ(cgroup_v1__choose_at(proc_cgroups, "/nonexistent/mountinfo", NULL, &h), -ENOENT,
		  "unreadable mountinfo: its errno");
	ASSERT_EQ(cgroup_v1__choose_at(NULL, path, NULL, &h), -EINVAL, "no /proc/cgroups text");
}

int main(void)
{
	int fd = mkstemp(path);

	ASSERT_TRUE(fd >= 0, "mkstemp");
	if (fd >= 0)
		close(fd);
	test_choose();
	unlink(path);
	return check_summary("cgroup_v1");
}
