// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Runtime binaries by device and inode: a fake root with a runc, a symlinked crun and a decoy. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "check.h"
#include "runtime_bins.h"

static void touch(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f)
		fclose(f);
}

int main(void)
{
	char root[] = "/tmp/ctw-rtbins-XXXXXX", p[512], extra[512];
	struct runtime_bins rb;
	struct stat st;
	const char *extras[] = {extra, NULL};

	ASSERT_TRUE(mkdtemp(root) != NULL, "mkdtemp");
	snprintf(p, sizeof(p), "%s/usr", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/usr/sbin", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/usr/bin", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/usr/sbin/runc", root);
	touch(p);
	/* /usr/bin/runc -> ../sbin/runc: one inode, listed once. */
	snprintf(p, sizeof(p), "%s/usr/bin/runc", root);
	ASSERT_EQ(symlink("../sbin/runc", p), 0, "symlink");
	snprintf(p, sizeof(p), "%s/usr/bin/conmon", root);
	touch(p);
	/* A directory with a runtime's name is no binary. */
	snprintf(p, sizeof(p), "%s/usr/bin/crun", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/usr/bin/not-a-runtime", root);
	touch(p);
	snprintf(extra, sizeof(extra), "%s/usr/bin/not-a-runtime", root);

	ASSERT_EQ(runtime_bins__find(&rb, root, NULL), 2, "runc once, conmon");
	snprintf(p, sizeof(p), "%s/usr/sbin/runc", root);
	stat(p, &st);
	ASSERT_TRUE(runtime_bins__lookup(&rb, runtime_bins__kernel_dev(st.st_dev), st.st_ino) !=
			NULL,
		    "runc found by dev+ino");
	ASSERT_TRUE(runtime_bins__lookup(&rb, runtime_bins__kernel_dev(st.st_dev), st.st_ino + 1) ==
			NULL,
		    "another inode is not runc");
	ASSERT_EQ(runtime_bins__find(&rb, root, extras), 3, "extra paths added");
	ASSERT_EQ(runtime_bins__add(&rb, extra), -EEXIST, "an inode listed once");
	ASSERT_EQ(runtime_bins__add(&rb, "/nonexistent-ctw"), -ENOENT, "missing file");
	/* MKDEV(8, 1) = 0x800001: the kernel keeps 20 minor bits. */
	ASSERT_EQ(runtime_bins__kernel_dev(makedev(8, 1)), 0x800001, "kernel dev encoding");
	ASSERT_EQ(runtime_bins__kernel_dev(makedev(259, 70000)), (259u << 20) | 70000u,
		  "large minor");
	snprintf(p, sizeof(p), "rm -rf '%s'", root);
	ASSERT_EQ(system(p), 0, "cleanup");
	return check_summary("runtime_bins");
}
