// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "mountinfo.h"
#include "util.h"

static struct mountinfo_entry m; /* two PATH_MAX fields */

static void test_parse(void)
{
	ASSERT_EQ(mountinfo__parse_line("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 "
					"/dev/root rw,errors=continue\n",
					&m),
		  0, "proc(5)'s example");
	ASSERT_EQ(m.major, 98, "major");
	ASSERT_EQ(m.minor, 0, "minor");
	ASSERT_STR_EQ(m.root, "/mnt1", "root");
	ASSERT_STR_EQ(m.point, "/mnt2", "mount point");
	ASSERT_STR_EQ(m.options, "rw,noatime", "per-mount options");
	ASSERT_STR_EQ(m.fstype, "ext3", "fstype after the optional fields");
	ASSERT_STR_EQ(m.super_options, "rw,errors=continue", "super options");

	ASSERT_EQ(mountinfo__parse_line("30 1 0:26 / /sys/fs/cgroup/unified rw,nosuid shared:9 "
					"master:3 - cgroup2 cgroup2 rw,nsdelegate",
					&m),
		  0, "several optional fields, no newline");
	ASSERT_STR_EQ(m.fstype, "cgroup2", "cgroup2");
	ASSERT_STR_EQ(m.super_options, "rw,nsdelegate", "cgroup2 options");

	ASSERT_EQ(
	    mountinfo__parse_line("40 30 0:50 / /run/other\\040cgroup rw - cgroup2 none rw", &m), 0,
	    "no optional field");
	ASSERT_STR_EQ(m.point, "/run/other cgroup", "\\040 is a space");

	ASSERT_EQ(
	    mountinfo__parse_line("41 30 0:51 /a\\134b /x\\011y\\012z rw - tmpfs tmpfs rw", &m), 0,
	    "backslash, tab, newline");
	ASSERT_STR_EQ(m.root, "/a\\b", "\\134 is a backslash");
	ASSERT_STR_EQ(m.point, "/x\ty\nz", "\\011 and \\012");

	ASSERT_EQ(mountinfo__parse_line("", &m), -EINVAL, "empty");
	ASSERT_EQ(mountinfo__parse_line("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1\n"
					"- ext3 /dev/root rw\n",
					&m),
		  -EINVAL, "the separator must be on the same line");
	ASSERT_EQ(mountinfo__parse_line("x 35 98:0 / / rw - ext4 /dev/vda rw", &m), -EINVAL,
		  "mount id not a number");
	ASSERT_EQ(mountinfo__parse_line("36 35 98 / / rw - ext4 /dev/vda rw", &m), -EINVAL,
		  "no minor number");
	ASSERT_EQ(mountinfo__parse_line("36 35 98:0 / / rw -", &m), -EINVAL, "no fstype");
}

static void test_long_fields(void)
{
	size_t n = PATH_MAX + 16, len = 2 * n + 128;
	char *line = malloc(len), *big = malloc(n);
	char *opts = malloc(1024);

	if (!line || !big || !opts) {
		ASSERT_TRUE(0, "allocation");
		goto out;
	}
	memset(big, 'a', n - 1);
	big[0] = '/';
	big[n - 1] = '\0';
	snprintf(line, len, "1 0 0:1 %s /mnt rw - ext4 /dev/vda rw", big);
	ASSERT_EQ(mountinfo__parse_line(line, &m), -ENAMETOOLONG, "root longer than PATH_MAX");
	snprintf(line, len, "1 0 0:1 / %s rw - ext4 /dev/vda rw", big);
	ASSERT_EQ(mountinfo__parse_line(line, &m), -ENAMETOOLONG,
		  "mount point longer than PATH_MAX");

	/* overlay's lowerdir=... runs to kilobytes: cut, the line still counts. */
	memset(opts, 'l', 1023);
	opts[1023] = '\0';
	snprintf(line, len, "1 0 0:1 / / ro - overlay overlay %s", opts);
	ASSERT_EQ(mountinfo__parse_line(line, &m), 0, "long super options");
	ASSERT_EQ(strlen(m.super_options), sizeof(m.super_options) - 1, "cut to the field");
	ASSERT_STR_EQ(m.options, "ro", "per-mount options intact");
out:
	free(line);
	free(big);
	free(opts);
}

static void test_lines(void)
{
	const char *text = "1 0 0:1 / / rw - ext4 a rw\n2 1 0:2 / /b rw - tmpfs b rw\n";
	const char *second = mountinfo__next_line(text);

	ASSERT_TRUE(second && strncmp(second, "2 1", 3) == 0, "the second line");
	ASSERT_TRUE(mountinfo__next_line(second) == NULL, "none after the last");
	ASSERT_TRUE(mountinfo__next_line("1 0 0:1 / / rw - ext4 a rw") == NULL,
		    "an unterminated last line");
}

static void test_options(void)
{
	static const struct {
		const char *list, *opt;
		bool want;
	} cases[] = {
	    {"ro,relatime", "ro", true},
	    {"rw,relatime", "ro", false},
	    {"rw,nosuid,memory", "memory", true},
	    {"rw,memory_recursiveprot", "memory", false},
	    {"cpu,cpuacct", "cpuacct", true},
	    {"cpuacct", "cpu", false},
	    {"", "ro", false},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		ASSERT_EQ(mountinfo__has_option(cases[i].list, cases[i].opt), cases[i].want,
			  cases[i].list);
}

int main(void)
{
	test_parse();
	test_long_fields();
	test_lines();
	test_options();
	return check_summary("mountinfo");
}
