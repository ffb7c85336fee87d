// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Container metadata from the runtimes' on-disk state: each fixture under
 * tests/fixtures/meta/<runtime>/ is a host root with the files where that
 * runtime writes them. Also the parsers on bad input, and the cache's bound,
 * eviction, negative entries and retry.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "container_meta.h"

#define ID_DOCKER "4c1d6e0f9a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5"
#define ID_SHIM "7e3a9b1c2d4f5e6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a"
#define ID_CONTAINERD "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
#define ID_CRIO "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
#define ID_PODMAN "9d8c7b6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa998877665544"
#define ID_RUNC "55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa"
#define ID_NONE "0000000000000000000000000000000000000000000000000000000000000001"

static void fixture_path(char *buf, size_t len, const char *name)
{
	const char *dir = getenv("CTRWATCH_FIXTURES");
	const char *src = __FILE__;
	const char *cut = strstr(src, "unit/test_container_meta.c");

	if (dir)
		snprintf(buf, len, "%s/meta/%s", dir, name);
	else
		snprintf(buf, len, "%.*sfixtures/meta/%s", (int)(cut ? cut - src : 0), src, name);
}

static struct container_ref ref_of(enum container_runtime rt, const char *id)
{
	struct container_ref r = {.runtime = rt};

	snprintf(r.id, sizeof(r.id), "%s", id);
	return r;
}

/* Each runtime's tree; the runtime named by the cgroup path, and a wrong guess too. */
static void test_read_fixtures(void)
{
	static const struct {
		const char *tree;
		enum container_runtime runtime;
		const char *id;
		const char *name, *image, *pod, *ns;
	} cases[] = {
	    {"docker", RUNTIME_DOCKER, ID_DOCKER, "web", "nginx:1.27", "", ""},
	    {"dockershim", RUNTIME_DOCKER, ID_SHIM, "api",
	     "registry.example.com/payments/api@sha256:"
	     "0d5e4f1c2b3a49586778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f8",
	     "api-7f9", "payments"},
	    {"containerd", RUNTIME_CONTAINERD, ID_CONTAINERD, "web", "docker.io/library/nginx:1.27",
	     "web-5d8c7b9f4-xk2lp", "shop"},
	    /* kubelet cgroupfs paths do not name the runtime: every source is tried. */
	    {"containerd", RUNTIME_KUBERNETES, ID_CONTAINERD, "web", "docker.io/library/nginx:1.27",
	     "web-5d8c7b9f4-xk2lp", "shop"},
	    {"crio", RUNTIME_CRIO, ID_CRIO, "cache", "quay.io/example/redis:7.2", "cache-0",
	     "data"},
	    {"crio", RUNTIME_KUBERNETES, ID_CRIO, "cache", "quay.io/example/redis:7.2", "cache-0",
	     "data"},
	    {"podman", RUNTIME_PODMAN, ID_PODMAN, "db", "docker.io/library/postgres:16-alpine", "",
	     ""},
	    /* A docker-layout cgroup whose state only runc keeps. */
	    {"runc", RUNTIME_DOCKER, ID_RUNC, "batch", "registry.example.com/jobs/batch:2.1",
	     "batch-28a9c", "jobs"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct container_ref ref = ref_of(cases[i].runtime, cases[i].id);
		struct container_meta m;
		char root[4096];
		int err;

		fixture_path(root, sizeof(root), cases[i].tree);
		err = container_meta__read(root, &ref, &m);
		ASSERT_EQ(err, 0, cases[i].tree);
		ASSERT_STR_EQ(m.name, cases[i].name, cases[i].tree);
		ASSERT_STR_EQ(m.image, cases[i].image, cases[i].tree);
		ASSERT_STR_EQ(m.pod, cases[i].pod, cases[i].tree);
		ASSERT_STR_EQ(m.namespace, cases[i].ns, cases[i].tree);
	}
}

static void test_read_missing(void)
{
	struct container_ref ref = ref_of(RUNTIME_DOCKER, ID_NONE);
	struct container_meta m;
	char root[4096];

	fixture_path(root, sizeof(root), "docker");
	ASSERT_EQ(container_meta__read(root, &ref, &m), -ENOENT, "an id no runtime knows");
	ASSERT_STR_EQ(m.name, "", "nothing is guessed for it");
	/* A truncated file is not a source; no other source has the id either. */
	fixture_path(root, sizeof(root), "broken");
	ref = ref_of(RUNTIME_DOCKER, ID_DOCKER);
	ASSERT_EQ(container_meta__read(root, &ref, &m), -ENOENT, "truncated config.v2.json");
	/* An id with a slash never becomes a path. */
	ref = ref_of(RUNTIME_DOCKER, "../../../../etc/passwd");
	ASSERT_EQ(container_meta__read("", &ref, &m), -EINVAL, "a ref id that is not 64 hex");
}

static void test_parsers(void)
{
	static const struct {
		const char *json;
		int want;
		const char *name, *image;
	} docker[] = {
	    {"{\"Name\":\"/x\",\"Config\":{\"Image\":\"busybox\"}}", 0, "x", "busybox"},
	    /* Without Config.Image, the image id is better than nothing. */
	    {"{\"Name\":\"/x\",\"Image\":\"sha256:ab\"}", 0, "x", "sha256:ab"},
	    {"{\"Config\":{\"Labels\":null}}", -ENOENT, "", ""},
	    {"[1,2]", -EINVAL, "", ""},
	    {"{\"Name\":", -EINVAL, "", ""},
	    {"{\"Name\":5,\"Config\":\"text\"}", -ENOENT, "", ""},
	};
	static const struct {
		const char *json;
		int want;
		const char *name, *pod;
	} oci[] = {
	    {"{\"annotations\":{\"io.kubernetes.cri.container-name\":\"a\","
	     "\"io.kubernetes.cri.sandbox-name\":\"p\"}}",
	     0, "a", "p"},
	    {"{\"annotations\":{\"nerdctl/name\":\"n\"}}", 0, "n", ""},
	    {"{\"annotations\":{\"io.kubernetes.container.name\":\"\"}}", -ENOENT, "", ""},
	    {"{\"process\":{}}", -ENOENT, "", ""},
	    {"\"annotations\"", -EINVAL, "", ""},
	};
	char bundle[64];

	for (size_t i = 0; i < sizeof(docker) / sizeof(docker[0]); i++) {
		struct container_meta m = {.name = ""};

		ASSERT_EQ(container_meta__parse_docker(docker[i].json, strlen(docker[i].json), &m),
			  docker[i].want, docker[i].json);
		ASSERT_STR_EQ(m.name, docker[i].name, docker[i].json);
		ASSERT_STR_EQ(m.image, docker[i].image, docker[i].json);
	}
	for (size_t i = 0; i < sizeof(oci) / sizeof(oci[0]); i++) {
		struct container_meta m = {.name = ""};

		ASSERT_EQ(container_meta__parse_oci(oci[i].json, strlen(oci[i].json), &m),
			  oci[i].want, oci[i].json);
		ASSERT_STR_EQ(m.name, oci[i].name, oci[i].json);
		ASSERT_STR_EQ(m.pod, oci[i].pod, oci[i].json);
	}
	{
		const char *s = "{\"config\":{\"rootfs\":\"/b/one/rootfs\"}}";
		const char *l = "{\"config\":{\"labels\":[\"x=y\",\"bundle=/b/two\"]}}";
		const char *none = "{\"config\":{\"rootfs\":\"/\"}}";

		ASSERT_EQ(container_meta__parse_runc_state(l, strlen(l), bundle, sizeof(bundle)), 0,
			  "state.json bundle label");
		ASSERT_STR_EQ(bundle, "/b/two", "bundle from the label");
		ASSERT_EQ(container_meta__parse_runc_state(s, strlen(s), bundle, sizeof(bundle)), 0,
			  "state.json without label");
		ASSERT_STR_EQ(bundle, "/b/one", "bundle from the rootfs");
		ASSERT_EQ(
		    container_meta__parse_runc_state(none, strlen(none), bundle, sizeof(bundle)),
		    -ENOENT, "no bundle");
		ASSERT_EQ(container_meta__parse_runc_state(l, strlen(l), bundle, 4), -ENAMETOOLONG,
			  "bundle path longer than the buffer");
		/* runc appends its own label after those made of annotations. */
		l = "{\"config\":{\"labels\":[\"bundle=/var/lib/tenant/x\",\"bundle=/b/runc\"]}}";
		ASSERT_EQ(container_meta__parse_runc_state(l, strlen(l), bundle, sizeof(bundle)), 0,
			  "an annotation named bundle before runc's label");
		ASSERT_STR_EQ(bundle, "/b/runc", "runc's own (last) bundle label wins");
	}
	{
		struct container_meta m = {.name = ""};
		const char *idx = "[{\"id\":\"aa\",\"names\":[\"n1\"],\"metadata\":\"not json\"},"
				  "{\"id\":\"bb\",\"names\":[\"n2\"]}]";

		ASSERT_EQ(container_meta__parse_storage(idx, strlen(idx), "aa", &m), 0,
			  "storage entry with bad metadata still has names");
		ASSERT_STR_EQ(m.name, "n1", "name from names[0]");
		ASSERT_EQ(container_meta__parse_storage(idx, strlen(idx), "cc", &m), -ENOENT,
			  "storage without the id");
	}
}

static void test_cache(void)
{
	struct container_ref docker = ref_of(RUNTIME_DOCKER, ID_DOCKER);
	struct container_ref shim = ref_of(RUNTIME_DOCKER, ID_SHIM);
	struct container_ref none = ref_of(RUNTIME_DOCKER, ID_NONE);
	struct container_ref host = {.runtime = RUNTIME_NONE};
	const struct container_meta *m;
	struct meta_cache_stats st;
	struct meta_cache *c;
	char root[4096], tmp[] = "/tmp/ctw-meta-XXXXXX", dir[8192], file[8400];
	FILE *f;

	ASSERT_TRUE(meta_cache__new("", 0, 10) == NULL && errno == EINVAL, "max_entries 0 refused");

	fixture_path(root, sizeof(root), "dockershim/../docker");
	c = meta_cache__new(root, 1, 60000);
	ASSERT_TRUE(c != NULL, "cache made");
	m = meta_cache__lookup(c, &docker);
	ASSERT_TRUE(m && strcmp(m->name, "web") == 0, "miss reads the files");
	m = meta_cache__lookup(c, &docker);
	ASSERT_TRUE(m && strcmp(m->image, "nginx:1.27") == 0, "hit");
	ASSERT_TRUE(meta_cache__lookup(c, &host) == NULL, "host processes have no metadata");
	/* A second container evicts the first: the bound holds. */
	ASSERT_TRUE(meta_cache__lookup(c, &shim) == NULL, "not in this tree");
	meta_cache__stats(c, &st);
	ASSERT_EQ(st.size, 1, "size stays at the bound");
	ASSERT_EQ(st.evictions, 1, "eviction counted");
	ASSERT_EQ(st.hits, 1, "one hit");
	ASSERT_EQ(st.reads, 2, "two reads");
	ASSERT_EQ(st.found, 1, "one found");
	ASSERT_TRUE(st.max_read_ns > 0 && st.read_ns >= st.max_read_ns, "read time measured");
	/* A negative entry is a hit until its retry time. */
	ASSERT_TRUE(meta_cache__lookup(c, &shim) == NULL, "negative entry");
	meta_cache__stats(c, &st);
	ASSERT_EQ(st.reads, 2, "negative entry not read again before the retry");
	meta_cache__remove(c, ID_SHIM);
	meta_cache__remove(c, ID_SHIM);
	meta_cache__stats(c, &st);
	ASSERT_EQ(st.size, 0, "removed");
	meta_cache__free(c);
	meta_cache__free(NULL);

	/* The files appear after the container: a retry finds them. */
	ASSERT_TRUE(mkdtemp(tmp) != NULL, "temp root");
	c = meta_cache__new(tmp, 4, 1);
	ASSERT_TRUE(meta_cache__lookup(c, &none) == NULL, "not there yet");
	snprintf(dir, sizeof(dir), "%s/var/lib/docker/containers/%s", tmp, ID_NONE);
	{
		char cmd[9000];

		snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", dir);
		ASSERT_EQ(system(cmd), 0, "mkdir");
	}
	snprintf(file, sizeof(file), "%s/config.v2.json", dir);
	f = fopen(file, "w");
	ASSERT_TRUE(f != NULL, "write config");
	if (f) {
		fputs("{\"Name\":\"/late\",\"Config\":{\"Image\":\"alpine:3\"}}", f);
		fclose(f);
	}
	usleep(5000);
	m = meta_cache__lookup(c, &none);
	ASSERT_TRUE(m && strcmp(m->name, "late") == 0, "found after the retry time");
	meta_cache__free(c);
	{
		char cmd[9000];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		ASSERT_EQ(system(cmd), 0, "cleanup");
	}
}

int main(void)
{
	test_read_fixtures();
	test_read_missing();
	test_parsers();
	test_cache();
	return check_summary("container_meta");
}
