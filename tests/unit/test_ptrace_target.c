// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "ptrace_target.h"

static void test_parse(void)
{
	static const struct {
		const char *text;
		int ret;
		const char *path;
	} cases[] = {
	    {"0::/docker/abc\n", 0, "/docker/abc"},
	    {"12:pids:/docker/x\n1:name=systemd:/docker/x\n0::/system.slice/docker-x.scope\n", 0,
	     "/system.slice/docker-x.scope"},
	    {"0::/\n", 0, "/"},
	    {"0::/no-newline", 0, "/no-newline"},
	    {"4:memory:/docker/x\n", -ENOENT, NULL},
	    {"", -ENOENT, NULL},
	    {"10::/not-v2\n", -ENOENT, NULL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[64] = "";

		ASSERT_EQ(ptrace_target__parse_cgroup(cases[i].text, path, sizeof(path)),
			  cases[i].ret, cases[i].text);
		if (cases[i].path)
			ASSERT_STR_EQ(path, cases[i].path, cases[i].text);
	}
	{
		char small[4];

		ASSERT_EQ(ptrace_target__parse_cgroup("0::/docker/abc\n", small, sizeof(small)),
			  -ENAMETOOLONG, "path longer than the buffer");
	}
}

/* A fake /proc and cgroup tree: the id is the directory's inode number. */
static void test_lookup(void)
{
	char root[] = "/tmp/ctw-ptrace-XXXXXX", path[512];
	struct stat st;
	uint64_t id = 0;
	FILE *f;

	if (!mkdtemp(root)) {
		ASSERT_TRUE(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/proc", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/proc/42", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/cg", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/cg/docker", root);
	mkdir(path, 0755);
	stat(path, &st);
	snprintf(path, sizeof(path), "%s/proc/42/cgroup", root);
	f = fopen(path, "w");
	fputs("3:pids:/docker\n0::/docker\n", f);
	fclose(f);

	{
		char proc[256], cg[256];

		snprintf(proc, sizeof(proc), "%s/proc", root);
		snprintf(cg, sizeof(cg), "%s/cg", root);
		ASSERT_EQ(ptrace_target__cgroup_id(proc, cg, 42, &id), 0, "lookup of pid 42");
		ASSERT_EQ(id, st.st_ino, "id is the cgroup directory's inode");
		ASSERT_EQ(ptrace_target__cgroup_id(proc, cg, 43, &id), -ENOENT, "a gone process");
	}
	snprintf(path, sizeof(path), "rm -rf '%s'", root);
	ASSERT_EQ(system(path), 0, "cleanup");
}

int main(void)
{
	test_parse();
	test_lookup();
	return check_summary("ptrace_target");
}
