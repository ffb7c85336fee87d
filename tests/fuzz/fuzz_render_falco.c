// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The Falco-shaped JSON line for events with arbitrary bytes everywhere.
 * Checks: one line, one JSON object json-c parses strictly, valid UTF-8, and
 * an "output" (the summary) without control characters.
 */
#include <errno.h>

#include "fuzz_record.h"
#include "render_falco.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[RENDER_JSON_LINE_MAX];
	struct fuzz_in in = {data, size};
	struct fuzz_event ev;
	struct json_object *obj, *output;
	size_t len = 0;
	int ret;

	fuzz_event__make(&in, &ev);
	ret = render_falco__event(&ev.in, buf, sizeof(buf), &len);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -EOVERFLOW, "ret %d", ret);
	if (ret == 0) {
		obj = fuzz_check_json_line(buf, len);
		FUZZ_CHECK(json_object_object_get_ex(obj, "output", &output) &&
			       json_object_is_type(output, json_type_string),
			   "no output string");
		FUZZ_CHECK(fuzz_first_control(json_object_get_string(output),
					      (size_t)json_object_get_string_len(output)) < 0,
			   "control character in output: %s", json_object_get_string(output));
		json_object_put(obj);
	}
	fuzz_event__free(&ev);
	return 0;
}
