// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The cgroup cache over a fake hierarchy: a directory tree in a temporary directory, whose
 * inode numbers stand in for cgroup ids as they do on cgroupfs. No root, no kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "cgcache.h"

#define ID_A "5fa1bc6fa35f645517cc1f795aa5eb53444e56239747e0d095e8cd37597d011c"
#define ID_B "8ef389aa075412189bf23c55df3c7421878ab42d624115aea1037673d2e05429"
#define ID_C "58537e2c57ab4e6f5d479e4059429e21c0013bc140ff3f3b47c630d69472ba91"
#define ID_D "9770f86895e2631d882c2e98338f2c5834d6e043432adfc2560119db24ff0f0d"
#define ID_E "058990fdbef2c318661c1d8307c5789ddd0313897982bf8e1750c0a6aee8fb25"
#define POD "7ac6b933-8bba-474f-845f-076fcc85462d"

/* An id no file can have: inode numbers this large do not occur on a test filesystem. */
#define BOGUS_ID 0x7fffffff00000001ull
/* Long enough that no test runs into it. */
#define HOUR_MS (3600u * 1000u)

static char root[256]; /* short: full paths below fit PATH_MAX */

static const struct tree_dir {
	const char *path;
	const char *runtime; /* container_runtime__name() of the parsed path */
	const char *id;
	const char *pod;
} tree[] = {
    {"/docker", "host", "", ""},
    {"/docker/" ID_A, "docker", ID_A, ""},
    {"/docker/" ID_A "/init.scope", "docker", ID_A, ""},
    {"/system.slice", "host", "", ""},
    {"/system.slice/cron.service", "host", "", ""},
    {"/system.slice/docker-" ID_B ".scope", "docker", ID_B, ""},
    {"/system.slice/crio-conmon-" ID_C ".scope", "host", "", ""},
    {"/kubepods", "host", "", ""},
    {"/kubepods/burstable", "host", "", ""},
    {"/kubepods/burstable/pod" POD, "host", "", ""},
    {"/kubepods/burstable/pod" POD "/" ID_C, "kubernetes", ID_C, POD},
    {"/machine.slice", "host", "", ""},
    {"/machine.slice/libpod-" ID_D ".scope", "podman", ID_D, ""},
    {"/machine.slice/libpod-" ID_D ".scope/container", "podman", ID_D, ""},
};
#define TREE_DIRS (sizeof(tree) / sizeof(tree[0]))

static void full_path(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s%s", root, rel);
}

static uint64_t ino_of(const char *rel)
{
	char p[PATH_MAX];
	struct stat st;

	full_path(p, sizeof(p), rel);
	if (stat(p, &st) < 0)
		return 0;
	return (uint64_t)st.st_ino;
}

static int make_dir(const char *rel)
{
	char p[PATH_MAX];

	full_path(p, sizeof(p), rel);
	return mkdir(p, 0755);
}

static int remove_dir(const char *rel)
{
	char p[PATH_MAX];

	full_path(p, sizeof(p), rel);
	return rmdir(p);
}

/* Regular files like cgroupfs's control files, which a walk must not take for cgroups. */
static void make_file(const char *rel)
{
	char p[PATH_MAX];
	FILE *f;

	full_path(p, sizeof(p), rel);
	f = fopen(p, "w");
	if (f)
		fclose(f);
}

static bool build_tree(void)
{
	snprintf(root, sizeof(root), "%s/ctw-cgcache-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root))
		return false;
	for (size_t i = 0; i < TREE_DIRS; i++)
		if (make_dir(tree[i].path) < 0)
			return false;
	make_file("/cgroup.procs");
	make_file("/docker/cgroup.procs");
	make_file("/docker/" ID_A "/memory.max");
	return true;
}

static void remove_tree(void)
{
	char cmd[sizeof(root) + 16];

	/* The tree is ours, in a fresh mkdtemp directory. */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", root);
}

static void test_first_walk(void)
{
	struct cgcache *c = cgcache__new(root, 64);
	const struct cgcache_entry *e;
	struct cgcache_stats st;

	ASSERT_TRUE(c != NULL, "cgcache__new on the fake tree");
	if (!c)
		return;
	cgcache__stats(c, &st);
	ASSERT_EQ(st.walks, 1, "one walk at creation");
	ASSERT_EQ(st.size, TREE_DIRS + 1, "every directory and the root cached, no files");

	e = cgcache__lookup(c, ino_of(""));
	ASSERT_TRUE(e != NULL, "root found");
	if (e) {
		ASSERT_STR_EQ(e->path, "/", "root path");
		ASSERT_EQ(e->container.runtime, RUNTIME_NONE, "root is host");
	}
	for (size_t i = 0; i < TREE_DIRS; i++) {
		uint64_t id = ino_of(tree[i].path);

		e = cgcache__lookup(c, id);
		ASSERT_TRUE(e != NULL, tree[i].path);
		if (!e)
			continue;
		ASSERT_EQ(e->id, id, tree[i].path);
		ASSERT_STR_EQ(e->path, tree[i].path, tree[i].path);
		ASSERT_STR_EQ(container_runtime__name(e->container.runtime), tree[i].runtime,
			      tree[i].path);
		ASSERT_STR_EQ(e->container.id, tree[i].id, tree[i].path);
		ASSERT_STR_EQ(e->container.pod_uid, tree[i].pod, tree[i].path);
	}
	cgcache__stats(c, &st);
	ASSERT_EQ(st.hits, TREE_DIRS + 1, "every lookup a hit");
	ASSERT_EQ(st.misses, 0, "no misses");
	ASSERT_EQ(st.walks, 1, "hits do not walk");
	cgcache__free(c);
}

static void test_refresh_and_evict(void)
{
	struct cgcache *c = cgcache__new(root, 64);
	const struct cgcache_entry *e;
	struct cgcache_stats st;
	const char *fresh = "/docker/" ID_E;
	uint64_t fresh_id;

	ASSERT_TRUE(c != NULL, "cgcache__new");
	if (!c)
		return;
	cgcache__set_refresh_limits(c, 0, 0);

	/* A cgroup made after the first walk is found by the walk its first miss triggers. */
	ASSERT_EQ(make_dir(fresh), 0, "mkdir a new container cgroup");
	fresh_id = ino_of(fresh);
	e = cgcache__lookup(c, fresh_id);
	ASSERT_TRUE(e != NULL, "new cgroup found after a miss");
	if (e) {
		ASSERT_STR_EQ(e->path, fresh, "new cgroup's path");
		ASSERT_EQ(e->container.runtime, RUNTIME_DOCKER, "new cgroup's runtime");
		ASSERT_STR_EQ(e->container.id, ID_E, "new cgroup's container id");
	}
	cgcache__stats(c, &st);
	ASSERT_EQ(st.misses, 1, "one miss");
	ASSERT_EQ(st.walks, 2, "the miss walked");
	ASSERT_EQ(st.size, TREE_DIRS + 2, "one more entry");
	ASSERT_TRUE(cgcache__lookup(c, fresh_id) != NULL, "then a hit");

	/* Gone from the tree: the next walk sweeps it. */
	ASSERT_EQ(remove_dir(fresh), 0, "rmdir the container cgroup");
	ASSERT_TRUE(cgcache__lookup(c, BOGUS_ID) == NULL, "unknown id stays unknown");
	cgcache__stats(c, &st);
	ASSERT_EQ(st.walks, 3, "the unknown id walked");
	ASSERT_EQ(st.evictions, 1, "removed cgroup evicted by the walk");
	ASSERT_EQ(st.size, TREE_DIRS + 1, "back to the tree's size");
	ASSERT_TRUE(cgcache__lookup(c, fresh_id) == NULL, "removed cgroup no longer found");

	/* A rename keeps the id and changes the path, and with it the attribution. */
	char from[PATH_MAX], to[PATH_MAX];
	uint64_t cron = ino_of("/system.slice/cron.service");

	full_path(from, sizeof(from), "/system.slice/cron.service");
	full_path(to, sizeof(to), "/system.slice/docker-" ID_E ".scope");
	ASSERT_EQ(rename(from, to), 0, "rename a cgroup");
	ASSERT_EQ(cgcache__refresh(c), 0, "explicit refresh");
	e = cgcache__lookup(c, cron);
	ASSERT_TRUE(e != NULL, "renamed cgroup still cached");
	if (e) {
		ASSERT_STR_EQ(e->path, "/system.slice/docker-" ID_E ".scope", "renamed path");
		ASSERT_STR_EQ(e->container.id, ID_E, "renamed cgroup reattributed");
	}
	ASSERT_EQ(rename(to, from), 0, "rename back");
	cgcache__free(c);
}

static void test_rate_limits(void)
{
	struct cgcache *c = cgcache__new(root, 64);
	struct cgcache_stats st;
	const char *late = "/docker/" ID_E;
	uint64_t walks;

	ASSERT_TRUE(c != NULL, "cgcache__new");
	if (!c)
		return;

	/* Just after a walk, a miss does not walk again. */
	cgcache__set_refresh_limits(c, HOUR_MS, 0);
	ASSERT_TRUE(cgcache__lookup(c, BOGUS_ID) == NULL, "miss inside the interval");
	ASSERT_TRUE(cgcache__lookup(c, BOGUS_ID + 1) == NULL, "another miss inside the interval");
	cgcache__stats(c, &st);
	ASSERT_EQ(st.walks, 1, "no walk inside the minimum interval");
	ASSERT_EQ(st.misses, 2, "both misses counted");

	/* An id one walk did not find is not walked for again within the TTL... */
	cgcache__set_refresh_limits(c, 0, HOUR_MS);
	ASSERT_TRUE(cgcache__lookup(c, BOGUS_ID) == NULL, "first miss walks");
	cgcache__stats(c, &st);
	walks = st.walks;
	ASSERT_EQ(walks, 2, "first miss of the id walked");
	ASSERT_TRUE(cgcache__lookup(c, BOGUS_ID) == NULL, "second miss");
	cgcache__stats(c, &st);
	ASSERT_EQ(st.walks, walks, "negative result remembered");
	/* ...but other ids still are. */
	ASSERT_EQ(make_dir(late), 0, "mkdir");
	ASSERT_TRUE(cgcache__lookup(c, ino_of(late)) != NULL, "a different id still walks");
	cgcache__stats(c, &st);
	ASSERT_EQ(st.walks, walks + 1, "walked for the different id");

	/* A lifecycle insert answers without walking and clears the negative result. */
	ASSERT_EQ(cgcache__insert(c, BOGUS_ID, "/docker/" ID_B), 0, "insert");
	ASSERT_TRUE(cgcache__lookup(c, BOGUS_ID) != NULL, "inserted id found");
	cgcache__stats(c, &st);
	ASSERT_EQ(st.walks, walks + 1, "insert needed no walk");

	/* Removal from a lifecycle event, while misses may not walk. */
	cgcache__set_refresh_limits(c, HOUR_MS, HOUR_MS);
	uint64_t evictions = st.evictions;
	size_t size = st.size;

	cgcache__remove(c, ino_of(late));
	cgcache__remove(c, BOGUS_ID + 7); /* unknown: ignored */
	cgcache__stats(c, &st);
	ASSERT_EQ(st.evictions, evictions + 1, "remove counted as eviction");
	ASSERT_EQ(st.size, size - 1, "remove shrinks");
	ASSERT_TRUE(cgcache__lookup(c, ino_of(late)) == NULL, "removed id not found");

	/* The inserted id names no directory: the next walk sweeps it. */
	ASSERT_EQ(cgcache__refresh(c), 0, "refresh");
	ASSERT_TRUE(cgcache__lookup(c, BOGUS_ID) == NULL, "inserted id without directory swept");
	ASSERT_TRUE(cgcache__lookup(c, ino_of(late)) != NULL, "walk restores the removed id");
	ASSERT_EQ(remove_dir(late), 0, "rmdir");

	ASSERT_EQ(cgcache__insert(c, 5, "docker/x"), -EINVAL, "relative path refused");
	ASSERT_EQ(cgcache__insert(c, 0, "/x"), -EINVAL, "id 0 refused");
	ASSERT_EQ(cgcache__insert(c, 5, NULL), -EINVAL, "NULL path refused");
	ASSERT_TRUE(cgcache__lookup(c, 0) == NULL, "id 0 is never a cgroup");
	cgcache__free(c);
}

static void test_max_entries(void)
{
	struct cgcache *c = cgcache__new(root, 3);
	struct cgcache_stats st;
	size_t found = 0;

	ASSERT_TRUE(c != NULL, "cgcache__new with 3 entries");
	if (!c)
		return;
	cgcache__stats(c, &st);
	ASSERT_EQ(st.size, 3, "filled to max_entries");
	ASSERT_EQ(st.full, TREE_DIRS + 1 - 3, "every refused cgroup counted");

	cgcache__set_refresh_limits(c, HOUR_MS, HOUR_MS);
	for (size_t i = 0; i < TREE_DIRS; i++)
		found += cgcache__lookup(c, ino_of(tree[i].path)) != NULL;
	found += cgcache__lookup(c, ino_of("")) != NULL;
	ASSERT_EQ(found, 3, "only max_entries cgroups answer");

	ASSERT_EQ(cgcache__insert(c, BOGUS_ID, "/x"), -ENOSPC, "insert when full");
	cgcache__stats(c, &st);
	ASSERT_EQ(st.full, TREE_DIRS + 1 - 3 + 1, "refused insert counted");
	cgcache__free(c);

	errno = 0;
	ASSERT_TRUE(cgcache__new(root, 0) == NULL && errno == EINVAL, "max_entries 0 refused");
	errno = 0;
	ASSERT_TRUE(cgcache__new("/nonexistent/ctrwatch", 8) == NULL && errno == ENOENT,
		    "missing mount refused with ENOENT");
}

/* Many inserts and removes in one table: every survivor found, every removed id gone. */
static void test_table_churn(void)
{
	enum { N = 4000 };
	struct cgcache *c = cgcache__new(root, N + 64);
	struct cgcache_stats st;
	size_t bad = 0;

	ASSERT_TRUE(c != NULL, "cgcache__new");
	if (!c)
		return;
	cgcache__set_refresh_limits(c, HOUR_MS, HOUR_MS);
	/* Ids in a clump, as kernfs hands them out, above any inode the tree has. */
	for (uint64_t i = 0; i < N; i++)
		if (cgcache__insert(c, BOGUS_ID + i, "/churn") != 0)
			bad++;
	for (uint64_t i = 0; i < N; i += 3)
		cgcache__remove(c, BOGUS_ID + i);
	for (uint64_t i = 0; i < N; i++) {
		const struct cgcache_entry *e = cgcache__lookup(c, BOGUS_ID + i);
		bool want = i % 3 != 0;

		if ((e != NULL) != want || (e && e->id != BOGUS_ID + i))
			bad++;
	}
	ASSERT_EQ(bad, 0, "lookups after churn");
	cgcache__stats(c, &st);
	ASSERT_EQ(st.size, TREE_DIRS + 1 + N - (N + 2) / 3, "size after churn");
	/* Freed entries are reused: refill the removed third without hitting max_entries. */
	for (uint64_t i = 0; i < N; i += 3)
		if (cgcache__insert(c, BOGUS_ID + i, "/churn") != 0)
			bad++;
	ASSERT_EQ(bad, 0, "reinsert removed ids");
	cgcache__stats(c, &st);
	ASSERT_EQ(st.full, 0, "never full");
	cgcache__free(c);
}

/* Fixtures live beside this file's directory unless CTRWATCH_FIXTURES says otherwise. */
static void fixture_path(char *buf, size_t len, const char *name)
{
	const char *dir = getenv("CTRWATCH_FIXTURES");
	const char *src = __FILE__;
	const char *cut = strstr(src, "unit/test_cgcache.c");

	if (dir)
		snprintf(buf, len, "%s/%s", dir, name);
	else
		snprintf(buf, len, "%.*sfixtures/%s", (int)(cut ? cut - src : 0), src, name);
}

static void test_find_mount(void)
{
	static const struct {
		const char *file;
		const char *host_root;
		size_t buflen;
		int ret;
		const char *want;
	} cases[] = {
	    {"mountinfo-hybrid", NULL, PATH_MAX, 0, "/sys/fs/cgroup/unified"},
	    {"mountinfo-v2", NULL, PATH_MAX, 0, "/sys/fs/cgroup"},
	    {"mountinfo-v2", "", PATH_MAX, 0, "/sys/fs/cgroup"},
	    {"mountinfo-v2", "/run", PATH_MAX, 0, "/run/other cgroup"},
	    {"mountinfo-v2", "/host", PATH_MAX, -ENOENT, NULL},
	    /* the hierarchy's root mounted under /host beats our own cgroupns subtree */
	    {"mountinfo-host-root", NULL, PATH_MAX, 0, "/host/sys/fs/cgroup"},
	    {"mountinfo-host-root", "/host", PATH_MAX, 0, "/host/sys/fs/cgroup"},
	    {"mountinfo-host-root", "/host/", PATH_MAX, 0, "/host/sys/fs/cgroup"},
	    {"mountinfo-host-root", "/ho", PATH_MAX, -ENOENT, NULL},
	    {"mountinfo-v1-only", NULL, PATH_MAX, -ENOENT, NULL},
	    {"mountinfo-hybrid", NULL, 10, -ENAMETOOLONG, NULL},
	    {"no-such-mountinfo", NULL, PATH_MAX, -ENOENT, NULL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char file[PATH_MAX], buf[PATH_MAX] = "", what[PATH_MAX + 64];
		int ret;

		fixture_path(file, sizeof(file), "cgroup/");
		strncat(file, cases[i].file, sizeof(file) - strlen(file) - 1);
		snprintf(what, sizeof(what), "%s host_root=%s", cases[i].file,
			 cases[i].host_root ? cases[i].host_root : "(null)");
		ret =
		    cgcache__find_cgroup2_mount_at(file, cases[i].host_root, buf, cases[i].buflen);
		ASSERT_EQ(ret, cases[i].ret, what);
		if (cases[i].want)
			ASSERT_STR_EQ(buf, cases[i].want, what);
	}
}

/*
 * A container that may create cgroups nests them past PATH_MAX (17 levels of 250-byte names
 * under /docker/<id>): the deepest still belongs to the container, whatever its path's length.
 */
static void test_deep_path_keeps_container(void)
{
	char name[251], deep_root[sizeof(root) + 8];
	uint64_t deepest = 0;
	struct cgcache *c;
	struct stat st;
	int fd, next;

	snprintf(deep_root, sizeof(deep_root), "%s/deep", root);
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ASSERT_EQ(mkdir(deep_root, 0755), 0, "mkdir the deep tree's root");
	fd = open(deep_root, O_RDONLY | O_DIRECTORY);
	ASSERT_TRUE(fd >= 0, "open the deep tree's root");
	if (fd < 0)
		return;
	/* Relative to each parent: the full path is too long for mkdir(2). */
	const char *chain[2 + 17] = {"docker", ID_E};

	for (size_t i = 2; i < sizeof(chain) / sizeof(chain[0]); i++)
		chain[i] = name;
	for (size_t i = 0; i < sizeof(chain) / sizeof(chain[0]) && fd >= 0; i++) {
		next = -1;
		if (mkdirat(fd, chain[i], 0755) == 0)
			next = openat(fd, chain[i], O_RDONLY | O_DIRECTORY);
		close(fd);
		fd = next;
	}
	ASSERT_TRUE(fd >= 0, "create 17 levels of 250-byte names under /docker/<id>");
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0)
		deepest = (uint64_t)st.st_ino;
	close(fd);

	c = cgcache__new(deep_root, 64);
	ASSERT_TRUE(c != NULL, "cgcache over the deep tree");
	if (!c)
		return;
	const struct cgcache_entry *e = cgcache__lookup(c, deepest);

	ASSERT_TRUE(e != NULL, "the deepest cgroup is cached");
	if (e) {
		ASSERT_TRUE(strlen(e->path) >= PATH_MAX, "its path is longer than PATH_MAX");
		ASSERT_STR_EQ(container_runtime__name(e->container.runtime), "docker",
			      "deep cgroup: runtime");
		ASSERT_STR_EQ(e->container.id, ID_E, "deep cgroup: container id");
	}
	cgcache__free(c);
}

/*
 * Deeper than the recursive walk goes (WALK_MAX_DEPTH, 64): 100 levels of "n" under
 * /docker/<id>, with side branches far down. Every one is found, attributed, and a second walk
 * keeps them all.
 */
static void test_deeper_than_recursion(void)
{
	char deep_root[sizeof(root) + 8];
	uint64_t deepest = 0, side = 0, side_child = 0;
	struct cgcache_stats st;
	struct cgcache *c;
	struct stat sb;
	int fd, next;

	snprintf(deep_root, sizeof(deep_root), "%s/nest", root);
	ASSERT_EQ(mkdir(deep_root, 0755), 0, "mkdir the nested tree's root");
	fd = open(deep_root, O_RDONLY | O_DIRECTORY);
	if (fd < 0 || mkdirat(fd, "docker", 0755) < 0 ||
	    (next = openat(fd, "docker", O_RDONLY | O_DIRECTORY)) < 0) {
		ASSERT_TRUE(false, "make /docker in the nested tree");
		return;
	}
	close(fd);
	fd = next;
	for (int level = 0; level <= 100 && fd >= 0; level++) {
		const char *name = level == 0 ? ID_E : "n";

		/* Side branches well below the recursion's limit, the deeper one with a child. */
		if (level == 70 || level == 90) {
			int b;

			ASSERT_EQ(mkdirat(fd, "side", 0755), 0, "mkdir a side branch");
			b = openat(fd, "side", O_RDONLY | O_DIRECTORY);
			if (b >= 0 && level == 90 && mkdirat(b, "leaf", 0755) == 0 &&
			    fstatat(b, "leaf", &sb, 0) == 0)
				side_child = (uint64_t)sb.st_ino;
			if (b >= 0 && level == 70 && fstat(b, &sb) == 0)
				side = (uint64_t)sb.st_ino;
			if (b >= 0)
				close(b);
		}
		next = -1;
		if (level < 100 && mkdirat(fd, name, 0755) == 0)
			next = openat(fd, name, O_RDONLY | O_DIRECTORY);
		if (level == 100 && fstat(fd, &sb) == 0)
			deepest = (uint64_t)sb.st_ino;
		close(fd);
		fd = next;
	}
	ASSERT_TRUE(deepest && side && side_child, "build 100 levels with side branches");

	c = cgcache__new(deep_root, 1024);
	ASSERT_TRUE(c != NULL, "cgcache over the nested tree");
	if (!c)
		return;
	cgcache__set_refresh_limits(c, HOUR_MS, HOUR_MS); /* lookups must not walk again */
	for (int pass = 0; pass < 2; pass++) {
		const uint64_t ids[] = {deepest, side, side_child};
		const char *what[] = {"level 100", "side branch at level 70", "leaf at level 91"};

		for (size_t i = 0; i < 3; i++) {
			const struct cgcache_entry *e = cgcache__lookup(c, ids[i]);

			ASSERT_TRUE(e != NULL, what[i]);
			if (e)
				ASSERT_STR_EQ(e->container.id, ID_E, what[i]);
		}
		cgcache__stats(c, &st);
		/* root, /docker, /docker/<id>, 99 "n", 2 "side", 1 "leaf" */
		ASSERT_EQ(st.size, 105, "every directory cached");
		ASSERT_EQ(cgcache__refresh(c), 0, "a complete walk");
	}
	cgcache__free(c);

	/* A cache too small for the tree: the walk goes on to the end, counting what it left out.
	 */
	c = cgcache__new(deep_root, 80);
	ASSERT_TRUE(c != NULL, "a small cache over the nested tree");
	if (!c)
		return;
	cgcache__stats(c, &st);
	ASSERT_EQ(st.size, 80, "the small cache is full");
	ASSERT_EQ(st.full, 105 - 80, "every directory past it counted as full");
	cgcache__free(c);
}

int main(void)
{
	if (!build_tree()) {
		ASSERT_TRUE(false, "build the fake cgroup tree");
		return check_summary("cgcache");
	}
	test_first_walk();
	test_refresh_and_evict();
	test_rate_limits();
	test_max_entries();
	test_table_churn();
	test_find_mount();
	test_deep_path_keeps_container();
	test_deeper_than_recursion();
	remove_tree();
	return check_summary("cgcache");
}
