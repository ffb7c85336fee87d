// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * What posture parses out of a container's /proc and cgroup files: status,
 * uid_map, attr/current, limit files, devices.list and mountinfo (the
 * container's and the host's, split at the first NUL byte). The first byte
 * picks the parser; the facts then go through posture__evaluate.
 * Checks: documented return values, terminated strings, findings in range.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_posture.h"
#include "posture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	uint8_t which = fuzz_u8(&in);
	size_t len;
	char *text = fuzz_rest(&in, &len), *host;
	struct posture_facts f;
	int ret;

	posture_facts__init(&f);
	switch (which % 6) {
	case 0:
		ret = posture__parse_status(text, &f);
		FUZZ_CHECK(ret == 0 || ret == -EINVAL, "status ret %d", ret);
		break;
	case 1:
		ret = posture__parse_uid_map(text);
		FUZZ_CHECK(ret == 0 || ret == 1 || ret == -EINVAL, "uid_map ret %d", ret);
		break;
	case 2:
		posture__parse_lsm_label(text, &f);
		break;
	case 3:
		ret = posture__parse_limit(text);
		FUZZ_CHECK(ret == 0 || ret == 1 || ret == -EINVAL, "limit ret %d", ret);
		break;
	case 4:
		ret = posture__parse_devices_list(text);
		FUZZ_CHECK(ret == 0 || ret == 1, "devices ret %d", ret);
		break;
	default:
		host = strlen(text) < len ? text + strlen(text) + 1 : NULL;
		ret = posture__parse_mounts(text, host, &f);
		FUZZ_CHECK(ret == 0 || ret == -EINVAL, "mounts ret %d", ret);
		break;
	}
	fuzz_check_posture_facts(&f);
	free(text);
	return 0;
}
