// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The cgroup step on the consumer side: cgroup_mkdir/rmdir records feed and
 * evict the cgroup cache (over an empty temporary directory standing in for
 * the cgroup2 root), other records are looked up, container_start gets its
 * path from the cache.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgcache.h"
#include "check.h"
#include "lifecycle.h"

#define ID_A "5fa1bc6fa35f645517cc1f795aa5eb53444e56239747e0d095e8cd37597d011c"
#define HOUR_MS (3600u * 1000u)
/* Ids no directory of the empty tree has. */
#define CG_CTR 0x7fffffff00000010ull
#define CG_HOST 0x7fffffff00000011ull
#define CG_LONG 0x7fffffff00000012ull

static struct ctw_cgroup_event record(uint16_t type, uint64_t id, const char *path)
{
	struct ctw_cgroup_event e;

	memset(&e, 0, sizeof(e));
	e.hdr.type = type;
	e.hdr.size = sizeof(e);
	e.hdr.syscall_nr = CTW_NO_SYSCALL;
	e.hdr.cgroup_id = id;
	if (path)
		strncpy(e.path, path, sizeof(e.path) - 1);
	return e;
}

static void test_apply(struct cgcache *c)
{
	static const struct {
		const char *what;
		uint16_t type;
		uint64_t id;
		const char *path;
		size_t size; /* 0: the whole record */
		int ret;
		const char *cached; /* the cache's path for id afterwards, NULL: absent */
		enum container_runtime runtime;
	} cases[] = {
	    {"mkdir of a docker cgroup is cached", CTW_EVENT_CGROUP_MKDIR, CG_CTR, "/docker/" ID_A,
	     0, 1, "/docker/" ID_A, RUNTIME_DOCKER},
	    {"mkdir of a host cgroup is cached", CTW_EVENT_CGROUP_MKDIR, CG_HOST,
	     "/system.slice/cron.service", 0, 1, "/system.slice/cron.service", RUNTIME_NONE},
	    {"container_start is not applied", CTW_EVENT_CONTAINER_START, CG_HOST, "", 0, 0,
	     "/system.slice/cron.service", RUNTIME_NONE},
	    {"rmdir evicts", CTW_EVENT_CGROUP_RMDIR, CG_HOST, "/system.slice/cron.service", 0, 1,
	     NULL, RUNTIME_NONE},
	    {"a record shorter than ctw_cgroup_event", CTW_EVENT_CGROUP_MKDIR, CG_HOST, "/x",
	     sizeof(struct ctw_header), -EINVAL, NULL, RUNTIME_NONE},
	    {"mkdir with no path is not cached", CTW_EVENT_CGROUP_MKDIR, CG_HOST, "", 0, 1, NULL,
	     RUNTIME_NONE},
	    {"the docker entry survives the rest", CTW_EVENT_NONE, CG_CTR, "", 0, 0,
	     "/docker/" ID_A, RUNTIME_DOCKER},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ctw_cgroup_event e = record(cases[i].type, cases[i].id, cases[i].path);
		const struct cgcache_entry *got;
		size_t size = cases[i].size ? cases[i].size : sizeof(e);
		struct lifecycle_result r;

		if (cases[i].size)
			e.hdr.size = cases[i].size;
		ASSERT_EQ(lifecycle__resolve(c, &e.hdr, size, &r), cases[i].ret, cases[i].what);
		if (cases[i].ret == 0)
			ASSERT_TRUE(r.rec == &e.hdr && r.cg == cgcache__lookup(c, cases[i].id),
				    "an event is looked up, not applied");
		got = cgcache__lookup(c, cases[i].id);
		if (!cases[i].cached) {
			ASSERT_TRUE(got == NULL, cases[i].what);
			continue;
		}
		ASSERT_TRUE(got != NULL, cases[i].what);
		if (!got)
			continue;
		ASSERT_STR_EQ(got->path, cases[i].cached, cases[i].what);
		ASSERT_EQ(got->container.runtime, cases[i].runtime, cases[i].what);
	}
}

/* A path as long as the BPF side can carry may have been cut: the walk finds it instead. */
static void test_truncated_path(struct cgcache *c)
{
	char path[CTW_PATH_LEN];
	struct ctw_cgroup_event e;
	struct lifecycle_result r;

	memset(path, 'a', sizeof(path));
	path[0] = '/';
	path[sizeof(path) - 1] = 0;
	e = record(CTW_EVENT_CGROUP_MKDIR, CG_LONG, path);
	ASSERT_EQ(lifecycle__resolve(c, &e.hdr, sizeof(e), &r), 1,
		  "a full-length path is consumed");
	ASSERT_TRUE(cgcache__lookup(c, CG_LONG) == NULL, "but not cached");
	path[sizeof(path) - 2] = 0;
	e = record(CTW_EVENT_CGROUP_MKDIR, CG_LONG, path);
	lifecycle__resolve(c, &e.hdr, sizeof(e), &r);
	ASSERT_TRUE(cgcache__lookup(c, CG_LONG) != NULL, "one byte shorter is cached");
}

static void test_container_events(struct cgcache *c)
{
	struct ctw_cgroup_event start = record(CTW_EVENT_CONTAINER_START, CG_CTR, NULL);
	struct ctw_cgroup_event stop = record(CTW_EVENT_CONTAINER_STOP, CG_CTR, "/other");
	struct ctw_cgroup_event host = record(CTW_EVENT_CONTAINER_START, CG_HOST, NULL);
	struct ctw_cgroup_event exec = record(CTW_EVENT_SETUID_EXEC, CG_CTR, NULL);
	const struct ctw_cgroup_event *e;
	struct lifecycle_result r;

	ASSERT_EQ(lifecycle__resolve(c, &start.hdr, sizeof(start), &r), 0, "a start is an event");
	ASSERT_TRUE(r.container && r.container->runtime == RUNTIME_DOCKER, "of a container");
	ASSERT_TRUE(!r.host_lifecycle, "kept");
	ASSERT_TRUE(r.rec == &r.buf.hdr, "a start without a path is copied");
	e = (const void *)r.rec;
	ASSERT_STR_EQ(e->path, "/docker/" ID_A, "the copy has the cache's path");
	ASSERT_EQ(e->hdr.cgroup_id, CG_CTR, "and the record's header");
	ASSERT_TRUE(start.path[0] == 0, "the original is left alone");

	ASSERT_EQ(lifecycle__resolve(c, &stop.hdr, sizeof(stop), &r), 0, "a stop is an event");
	ASSERT_TRUE(r.rec == &stop.hdr, "a record with a path is kept as it is");

	ASSERT_EQ(lifecycle__resolve(c, &host.hdr, sizeof(host), &r), 0, "a host start");
	ASSERT_TRUE(r.host_lifecycle, "of a cgroup the cache does not know: no event");
	ASSERT_TRUE(r.container == NULL && r.rec == &host.hdr, "nothing filled in");

	exec.hdr.size = sizeof(struct ctw_header);
	ASSERT_EQ(lifecycle__resolve(c, &exec.hdr, sizeof(exec.hdr), &r), 0, "another type");
	ASSERT_TRUE(!r.host_lifecycle && r.container && r.rec == &exec.hdr,
		    "its container, the record untouched");
}

int main(void)
{
	char root[] = "/tmp/ctw-lifecycle-XXXXXX";
	struct cgcache *c;

	if (!mkdtemp(root)) {
		ASSERT_TRUE(false, "mkdtemp");
		return check_summary("lifecycle");
	}
	c = cgcache__new(root, 16);
	ASSERT_TRUE(c != NULL, "cgcache__new over an empty directory");
	if (c) {
		/* Never walk again: every answer must come from the records. */
		cgcache__set_refresh_limits(c, HOUR_MS, HOUR_MS);
		test_apply(c);
		test_truncated_path(c);
		test_container_events(c);
		cgcache__free(c);
	}
	rmdir(root);
	return check_summary("lifecycle");
}
