// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The runtimes' state files: Docker's config.v2.json, OCI config.json
 * (containerd, CRI-O, Podman), containers/storage's containers.json and runc's
 * state.json. The first byte picks the parser; the JSON is passed without a
 * terminating NUL so that any read past its length is caught.
 * Checks: documented return values, every field terminated in its array.
 */
#include <errno.h>
#include <string.h>

#include "container_meta.h"
#include "fuzz.h"

static void check_meta(const struct container_meta *m)
{
	FUZZ_CHECK(memchr(m->name, 0, sizeof(m->name)), "name unterminated");
	FUZZ_CHECK(memchr(m->image, 0, sizeof(m->image)), "image unterminated");
	FUZZ_CHECK(memchr(m->pod, 0, sizeof(m->pod)), "pod unterminated");
	FUZZ_CHECK(memchr(m->namespace, 0, sizeof(m->namespace)), "namespace unterminated");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	uint8_t which = fuzz_u8(&in);
	struct container_meta m = {.name = ""};
	char id[CONTAINER_ID_LEN + 1], bundle[4096];
	size_t bundle_len;
	char *json;
	int ret;

	switch (which % 4) {
	case 0:
	case 1:
		json = malloc(in.n ? in.n : 1);
		memcpy(json, in.p, in.n);
		ret = which % 4 == 0 ? container_meta__parse_docker(json, in.n, &m)
				     : container_meta__parse_oci(json, in.n, &m);
		FUZZ_CHECK(ret == 0 || ret == -ENOENT || ret == -EINVAL, "ret %d", ret);
		break;
	case 2:
		fuzz_str(&in, id, sizeof(id));
		json = malloc(in.n ? in.n : 1);
		memcpy(json, in.p, in.n);
		ret = container_meta__parse_storage(json, in.n, id, &m);
		FUZZ_CHECK(ret == 0 || ret == -ENOENT || ret == -EINVAL, "ret %d", ret);
		break;
	default:
		/* A small buffer sometimes, for the ENAMETOOLONG path. */
		bundle_len = fuzz_u8(&in) & 1 ? 1 + fuzz_u8(&in) % 32 : sizeof(bundle);
		json = malloc(in.n ? in.n : 1);
		memcpy(json, in.p, in.n);
		ret = container_meta__parse_runc_state(json, in.n, bundle, bundle_len);
		FUZZ_CHECK(ret == 0 || ret == -ENOENT || ret == -EINVAL || ret == -ENAMETOOLONG,
			   "ret %d", ret);
		if (ret == 0)
			FUZZ_CHECK(strnlen(bundle, bundle_len) < bundle_len && bundle[0],
				   "bundle unterminated or empty");
		break;
	}
	check_meta(&m);
	free(json);
	return 0;
}
