// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The native JSON line (render_json__event) and the args object alone
 * (render_json__args) for events with arbitrary bytes everywhere.
 * Checks: one line, one JSON object json-c parses strictly, valid UTF-8;
 * -EINVAL only for what the header documents; -ENOSPC only for small buffers.
 */
#include <errno.h>

#include "fuzz_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[RENDER_JSON_LINE_MAX];
	struct fuzz_in in = {data, size};
	struct fuzz_event ev;
	struct json_object *obj;
	size_t len = 0, cap;
	int ret;

	fuzz_event__make(&in, &ev);
	cap = fuzz_u8(&in) == 0xff ? 1 + fuzz_u8(&in) * 4 : sizeof(buf);
	ret = render_json__event(&ev.in, buf, cap, &len);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -ENOSPC || ret == -EOVERFLOW, "ret %d",
		   ret);
	FUZZ_CHECK(ret != -ENOSPC || cap < sizeof(buf), "a record too large for the line bound");
	if (ret == 0) {
		obj = fuzz_check_json_line(buf, len);
		json_object_put(obj);
	}
	ret = render_json__args(ev.rec, buf, sizeof(buf), &len);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL, "args ret %d", ret);
	/* null when the arguments are unknown; otherwise an object. */
	if (ret == 0 && strcmp(buf, "null") != 0) {
		buf[len] = '\n';
		buf[len + 1] = '\0';
		obj = fuzz_check_json_line(buf, len + 1);
		json_object_put(obj);
	}
	fuzz_event__free(&ev);
	return 0;
}
