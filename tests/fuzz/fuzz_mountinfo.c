// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Finding the cgroup2 mount in a mountinfo file, as attribution does at
 * start: the first byte picks the host root and the size of the answer's
 * buffer, the rest is the file.
 * Checks: documented return values; an answer below the host root that fits.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "cgcache.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const roots[] = {NULL, "", "/host", "/host/", "/"};
	struct fuzz_in in = {data, size};
	uint8_t pick = fuzz_u8(&in);
	const char *root = roots[pick % 5];
	size_t len = pick & 0x80 ? 1 + (pick & 0x1f) : PATH_MAX;
	char *buf = malloc(len);
	const char *path = fuzz_file(in.p, in.n);
	int ret = cgcache__find_cgroup2_mount_at(path, root, buf, len);

	FUZZ_CHECK(ret == 0 || ret == -ENOENT || ret == -ENAMETOOLONG || ret == -EIO, "ret %d",
		   ret);
	if (ret == 0) {
		size_t hlen = root ? strlen(root) : 0;

		while (hlen && root[hlen - 1] == '/')
			hlen--;
		FUZZ_CHECK(strnlen(buf, len) < len, "answer unterminated");
		FUZZ_CHECK(strncmp(buf, root ? root : "", hlen) == 0 &&
			       (buf[hlen] == '\0' || buf[hlen] == '/'),
			   "%s outside the host root %s", buf, root);
	}
	free(buf);
	return 0;
}
