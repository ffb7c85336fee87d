// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Cgroup paths and /proc/<pid>/cgroup lines → runtime and container id.
 * Checks: the documented return values, a full lowercase-hex id of 64 digits,
 * a pod uid that is a UUID or 32 hex digits (a static pod's), or none, and a
 * runtime that has a name.
 */
#include <errno.h>
#include <string.h>

#include "cgroup_path.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	char *path = fuzz_rest(&in, NULL);
	struct container_ref ref;
	int ret;

	memset(&ref, 0xa5, sizeof(ref));
	ret = cgroup_path__parse(path, &ref);
	FUZZ_CHECK(ret == 1 || ret == 0 || ret == -EINVAL || ret == -ENAMETOOLONG, "ret %d", ret);
	if (ret == 0)
		FUZZ_CHECK(ref.runtime == RUNTIME_NONE, "host cgroup with runtime %d", ref.runtime);
	if (ret == 1) {
		FUZZ_CHECK(ref.runtime > RUNTIME_NONE && ref.runtime < RUNTIME_MAX, "runtime %d",
			   ref.runtime);
		FUZZ_CHECK(strcmp(container_runtime__name(ref.runtime), "unknown") != 0,
			   "runtime without a name");
		FUZZ_CHECK(strlen(ref.id) == CONTAINER_ID_LEN &&
			       strspn(ref.id, "0123456789abcdef") == CONTAINER_ID_LEN,
			   "id '%s'", ref.id);
		FUZZ_CHECK(ref.pod_uid[0] == '\0' ||
			       (strlen(ref.pod_uid) == POD_UID_LEN &&
				strspn(ref.pod_uid, "0123456789abcdef-") == POD_UID_LEN) ||
			       (strlen(ref.pod_uid) == 32 &&
				strspn(ref.pod_uid, "0123456789abcdef") == 32),
			   "pod uid '%s'", ref.pod_uid);
	}
	free(path);
	return 0;
}
