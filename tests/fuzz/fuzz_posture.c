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
#include "posture.h"

static void check_facts(const struct posture_facts *f)
{
	struct posture_finding out[POSTURE_CHECK_MAX];
	size_t n;

	FUZZ_CHECK(memchr(f->lsm_label, 0, sizeof(f->lsm_label)), "lsm_label unterminated");
	FUZZ_CHECK(memchr(f->runtime_socket, 0, sizeof(f->runtime_socket)),
		   "runtime_socket unterminated");
	FUZZ_CHECK(memchr(f->sensitive_mount, 0, sizeof(f->sensitive_mount)),
		   "sensitive_mount unterminated");
	n = posture__evaluate(f, out, POSTURE_CHECK_MAX);
	FUZZ_CHECK(n <= POSTURE_CHECK_MAX, "%zu findings", n);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(out[i].check < POSTURE_CHECK_MAX && posture__check(out[i].check),
			   "check %d", out[i].check);
		FUZZ_CHECK(memchr(out[i].detail, 0, sizeof(out[i].detail)), "detail unterminated");
		FUZZ_CHECK(i == 0 || out[i].check > out[i - 1].check, "findings out of order");
	}
	/* A short array: the count may be larger, what is written stays inside. */
	posture__evaluate(f, out, 2);
}

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
	check_facts(&f);
	free(text);
	return 0;
}
