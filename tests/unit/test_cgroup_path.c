// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * cgroup_path__parse against tests/fixtures/cgroup/paths.txt (every runtime's layout and the
 * near-misses), plus the invalid inputs that cannot be written as fixture lines.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "check.h"
#include "cgroup_path.h"
#include "container.h"

/* Fixtures live beside this file's directory unless CTRWATCH_FIXTURES says otherwise. */
static void fixture_path(char *buf, size_t len, const char *name)
{
	const char *dir = getenv("CTRWATCH_FIXTURES");
	const char *src = __FILE__;
	const char *cut = strstr(src, "unit/test_cgroup_path.c");

	if (dir)
		snprintf(buf, len, "%s/%s", dir, name);
	else
		snprintf(buf, len, "%.*sfixtures/%s", (int)(cut ? cut - src : 0), src, name);
}

static enum container_runtime runtime_by_name(const char *name)
{
	for (int r = 0; r < RUNTIME_MAX; r++)
		if (strcmp(container_runtime__name(r), name) == 0)
			return r;
	return RUNTIME_MAX;
}

static int run_fixture(void)
{
	char file[PATH_MAX], line[8192];
	int cases = 0, lineno = 0;
	FILE *f;

	fixture_path(file, sizeof(file), "cgroup/paths.txt");
	f = fopen(file, "r");
	ASSERT_TRUE(f != NULL, "open cgroup/paths.txt fixture");
	if (!f)
		return 0;

	while (fgets(line, sizeof(line), f)) {
		char runtime[32], id[128], pod[64], path[4096], what[4200];
		struct container_ref ref;
		enum container_runtime want;
		int ret;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (sscanf(line, "%31s %127s %63s %4095s", runtime, id, pod, path) != 4) {
			ASSERT_TRUE(false, "fixture line has 4 fields");
			continue;
		}
		cases++;
		want = runtime_by_name(runtime);
		snprintf(what, sizeof(what), "paths.txt:%d %s", lineno, path);
		ASSERT_TRUE(want != RUNTIME_MAX, what);

		ret = cgroup_path__parse(path, &ref);
		ASSERT_EQ(ret, want == RUNTIME_NONE ? 0 : 1, what);
		ASSERT_STR_EQ(container_runtime__name(ref.runtime), runtime, what);
		ASSERT_STR_EQ(ref.id, strcmp(id, "-") ? id : "", what);
		ASSERT_STR_EQ(ref.pod_uid, strcmp(pod, "-") ? pod : "", what);
	}
	fclose(f);
	return cases;
}

static void test_invalid(void)
{
	static char long_path[PATH_MAX + 8];
	struct container_ref ref;
	static const struct {
		const char *path;
		int want;
	} cases[] = {
	    {"", -EINVAL},
	    {"docker/5fa1bc6fa35f645517cc1f795aa5eb53444e56239747e0d095e8cd37597d011c", -EINVAL},
	    {"x:memory:/docker", -EINVAL},
	    {"4:memory", -EINVAL},
	    {"4:memory:", -EINVAL},
	    {"4:memory:docker", -EINVAL},
	    {":/docker", -EINVAL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ASSERT_EQ(cgroup_path__parse(cases[i].path, &ref), cases[i].want, cases[i].path);

	ASSERT_EQ(cgroup_path__parse(NULL, &ref), -EINVAL, "NULL path");
	ASSERT_EQ(cgroup_path__parse("/docker", NULL), -EINVAL, "NULL out");

	/* A path that cannot be a kernel path is refused, not truncated. */
	long_path[0] = '/';
	memset(long_path + 1, 'a', sizeof(long_path) - 2);
	long_path[sizeof(long_path) - 1] = '\0';
	ASSERT_EQ(cgroup_path__parse(long_path, &ref), -ENAMETOOLONG, "path of PATH_MAX bytes");
	long_path[PATH_MAX - 1] = '\0';
	ASSERT_EQ(cgroup_path__parse(long_path, &ref), 0, "path of PATH_MAX - 1 bytes");
}

/* A previous container result must not leak into a later host result. */
static void test_out_reset(void)
{
	struct container_ref ref;

	ASSERT_EQ(
	    cgroup_path__parse("/kubepods/pod7ac6b933-8bba-474f-845f-076fcc85462d/"
			       "5fa1bc6fa35f645517cc1f795aa5eb53444e56239747e0d095e8cd37597d011c",
			       &ref),
	    1, "kubelet container");
	ASSERT_EQ(cgroup_path__parse("/system.slice/cron.service", &ref), 0,
		  "host after container");
	ASSERT_EQ(ref.runtime, RUNTIME_NONE, "runtime reset");
	ASSERT_STR_EQ(ref.id, "", "id reset");
	ASSERT_STR_EQ(ref.pod_uid, "", "pod uid reset");
}

static void test_runtime_names(void)
{
	static const struct {
		enum container_runtime runtime;
		const char *name;
	} cases[] = {
	    {RUNTIME_NONE, "host"},
	    {RUNTIME_DOCKER, "docker"},
	    {RUNTIME_CONTAINERD, "containerd"},
	    {RUNTIME_CRIO, "cri-o"},
	    {RUNTIME_PODMAN, "podman"},
	    {RUNTIME_NERDCTL, "nerdctl"},
	    {RUNTIME_KUBERNETES, "kubernetes"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ASSERT_STR_EQ(container_runtime__name(cases[i].runtime), cases[i].name,
			      cases[i].name);
	ASSERT_STR_EQ(container_runtime__name(RUNTIME_MAX), "unknown", "out of range");
}

int main(void)
{
	int cases = run_fixture();

	/* A truncated or missing fixture must fail, not pass with nothing checked. */
	ASSERT_TRUE(cases >= 88, "paths.txt holds the full table");
	test_invalid();
	test_out_reset();
	test_runtime_names();
	return check_summary("cgroup_path");
}
