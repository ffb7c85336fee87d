// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The cgroup cache: an open-addressing hash table (linear probing, backward-shift deletion,
 * so no tombstones pile up as cgroups come and go) of indexes into a pool of entries, so that
 * an entry does not move when others are deleted. Lookups allocate nothing; an insert
 * allocates its path once.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgcache.h"
#include "cgroup_path.h"
#include "mountinfo.h"
#include "util.h"

/*
 * The cgroup id is kernfs's 64-bit node id. A 64-bit kernel reports that id as the directory's
 * inode number (kernfs_ino()); a 32-bit one folds it into 32 bits, and only name_to_handle_at()
 * would give it whole. We build for x86_64 and arm64, and fstat() needs no CAP_DAC_READ_SEARCH
 * and works on any filesystem, which lets the tests use a plain directory tree.
 */
_Static_assert(sizeof(void *) == 8, "cgroup id == inode number only on 64-bit kernels");
_Static_assert(sizeof(ino_t) == 8, "a cgroup id needs a 64-bit ino_t");

/*
 * The recursive walk holds one open directory per level: below this depth it goes on with
 * walk_deep, which holds one at a time, so nesting cgroups deeper does not hide them.
 */
#define WALK_MAX_DEPTH 64
/* Ids a walk did not find, remembered so that a stream of their events does not walk again. */
#define NEG_SLOTS 64 /* 2^6: neg_slot() takes the hash's top 6 bits */
/* The pool is indexed with uint32_t, slot value 0 meaning empty. */
#define MAX_ENTRIES_LIMIT (1u << 24)

struct node {
	struct cgcache_entry e; /* e.path NULL: the node is free */
	uint32_t mark;		/* the walk generation that last saw this cgroup */
	uint32_t next_free;	/* free-list link: index + 1, 0 ends the list */
};

struct slot {
	uint64_t id;
	uint32_t node; /* index + 1 into nodes; 0: empty slot */
};

struct neg {
	uint64_t id;
	uint64_t until_ns;
};

struct cgcache {
	int root_fd;
	size_t max_entries;

	struct node *nodes;
	size_t nodes_high;  /* nodes[0..nodes_high) have been handed out at least once */
	uint32_t free_head; /* index + 1 of the first free node, 0: none */

	struct slot *slots;
	size_t mask;	    /* slots - 1, a power of two minus one */
	unsigned int shift; /* 64 - log2(slots) for the multiplicative hash */

	uint32_t gen; /* walk generation */
	uint64_t last_walk_ns;
	uint64_t min_walk_ns;
	uint64_t neg_ttl_ns;
	struct neg neg[NEG_SLOTS];

	/*
	 * The path being walked, relative to the root; grown as needed. Not bounded by PATH_MAX:
	 * a container that may create cgroups can nest them past it, and its processes must stay
	 * attributed (the walk opens each level relative to its parent, so no syscall sees it).
	 */
	char *walk_path;
	size_t walk_cap;

	/* Written by the owning thread only; read by cgcache__stats from any thread. */
	_Atomic uint64_t hits, misses, walks, evictions, full;
	_Atomic size_t size;
};

/* A single writer: a relaxed load and store avoid a locked add on every lookup. */
#define STAT_ADD(c, field, n)                                                                      \
	atomic_store_explicit(&(c)->field,                                                         \
			      atomic_load_explicit(&(c)->field, memory_order_relaxed) + (n),       \
			      memory_order_relaxed)

static size_t home_slot(const struct cgcache *c, uint64_t id)
{
	/* Fibonacci hashing: cgroup ids are dense, sequential inode numbers. */
	return (size_t)((id * 0x9e3779b97f4a7c15ull) >> c->shift);
}

static struct node *node_at(const struct cgcache *c, const struct slot *s)
{
	return &c->nodes[s->node - 1];
}

/* The slot holding id, or NULL. */
static struct slot *find_slot(const struct cgcache *c, uint64_t id)
{
	for (size_t i = home_slot(c, id);; i = (i + 1) & c->mask) {
		struct slot *s = &c->slots[i];

		if (!s->node)
			return NULL;
		if (s->id == id)
			return s;
	}
}

/* Backward-shift deletion: pull later members of the probe run into the hole. */
static void delete_slot(struct cgcache *c, size_t hole)
{
	size_t j = hole;

	for (;;) {
		c->slots[hole].node = 0;
		for (;;) {
			j = (j + 1) & c->mask;
			if (!c->slots[j].node)
				return;

			size_t home = home_slot(c, c->slots[j].id);
			/* Stays when its home lies cyclically in (hole, j]. */
			bool stays =
			    hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);

			if (!stays)
				break;
		}
		c->slots[hole] = c->slots[j];
		hole = j;
	}
}

static void free_node(struct cgcache *c, struct node *n)
{
	free((char *)n->e.path);
	n->e.path = NULL;
	n->next_free = c->free_head;
	c->free_head = (uint32_t)(n - c->nodes) + 1;
}

static void evict(struct cgcache *c, struct slot *s)
{
	free_node(c, node_at(c, s));
	delete_slot(c, (size_t)(s - c->slots));
	STAT_ADD(c, size, (size_t)-1);
	STAT_ADD(c, evictions, 1);
}

/*
 * A cgroup below a container's belongs to it (the outermost container wins, see
 * cgroup_path.h), so a walk hands the parent's container down instead of parsing the child's
 * path: the answer is the same, and does not depend on the whole path fitting the parser's
 * limit. A path the parser refuses is a host cgroup as far as attribution goes.
 */
static void set_path(struct node *n, char *path, const struct container_ref *parent)
{
	free((char *)n->e.path);
	n->e.path = path;
	if (parent && parent->runtime != RUNTIME_NONE)
		n->e.container = *parent;
	else if (cgroup_path__parse(path, &n->e.container) < 0)
		memset(&n->e.container, 0, sizeof(n->e.container));
}

/*
 * Add or update; the entry is marked as seen by the current generation. parent: the container
 * of the parent cgroup when the caller knows it (a walk), else NULL.
 */
static struct node *upsert(struct cgcache *c, uint64_t id, const char *path,
			   const struct container_ref *parent, int *err)
{
	struct slot *s = find_slot(c, id);
	struct node *n;
	char *copy;
	size_t i;

	*err = 0;
	if (s) {
		n = node_at(c, s);
		n->mark = c->gen;
		/* cgroup2 allows renames within a parent; the id stays, the path changes. */
		if (strcmp(n->e.path, path) == 0)
			return n;
		copy = strdup(path);
		if (!copy) {
			*err = -ENOMEM;
			return NULL;
		}
		set_path(n, copy, parent);
		return n;
	}

	if (atomic_load_explicit(&c->size, memory_order_relaxed) >= c->max_entries) {
		STAT_ADD(c, full, 1);
		*err = -ENOSPC;
		return NULL;
	}
	copy = strdup(path);
	if (!copy) {
		*err = -ENOMEM;
		return NULL;
	}
	if (c->free_head) {
		n = &c->nodes[c->free_head - 1];
		c->free_head = n->next_free;
	} else {
		n = &c->nodes[c->nodes_high++];
	}
	n->e.id = id;
	n->e.path = NULL;
	n->mark = c->gen;
	set_path(n, copy, parent);

	for (i = home_slot(c, id); c->slots[i].node; i = (i + 1) & c->mask)
		;
	c->slots[i].id = id;
	c->slots[i].node = (uint32_t)(n - c->nodes) + 1;
	STAT_ADD(c, size, 1);
	return n;
}

/* Keep the cached cgroups under a subtree that could not be walked: absence is unproven. */
static void mark_subtree(struct cgcache *c, const char *path)
{
	size_t len = strlen(path);

	for (size_t i = 0; i < c->nodes_high; i++) {
		struct node *n = &c->nodes[i];

		if (n->e.path && strncmp(n->e.path, path, len) == 0 &&
		    (n->e.path[len] == '\0' || n->e.path[len] == '/' || len == 1))
			n->mark = c->gen;
	}
}

/* Room for walk_path[0..need) plus its NUL; false (nothing changed) when out of memory. */
static bool walk_path_reserve(struct cgcache *c, size_t need)
{
	size_t cap = c->walk_cap ? c->walk_cap : PATH_MAX;
	char *p;

	if (need < c->walk_cap)
		return true;
	while (cap <= need)
		cap *= 2;
	p = realloc(c->walk_path, cap);
	if (!p)
		return false;
	c->walk_path = p;
	c->walk_cap = cap;
	return true;
}

/* A directory below WALK_MAX_DEPTH: its subdirectories' names, NUL-separated, not yet visited. */
struct deep_frame {
	uint64_t ino; /* to check that ".." led back to it */
	size_t len;   /* its path's length in walk_path */
	char *names;
	size_t names_len, next;
};

/* The subdirectory names of the directory open at fd (which stays open) into f->names. */
static int deep_frame_read(int fd, struct deep_frame *f)
{
	size_t cap = 0;
	struct dirent *de;
	int dfd = dup(fd), err = 0;
	DIR *dir;

	f->names = NULL;
	f->names_len = f->next = 0;
	if (dfd < 0)
		return -errno;
	dir = fdopendir(dfd);
	if (!dir) {
		err = -errno;
		close(dfd);
		return err;
	}
	for (;;) {
		const char *name;
		size_t nlen;

		errno = 0;
		de = readdir(dir);
		if (!de) {
			if (errno && errno != ENOENT)
				err = -errno;
			break;
		}
		name = de->d_name;
		if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
			continue;
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		nlen = strlen(name) + 1;
		if (f->names_len + nlen > cap) {
			char *p = realloc(f->names, (f->names_len + nlen) * 2);

			if (!p) {
				err = -ENOMEM;
				break;
			}
			f->names = p;
			cap = (f->names_len + nlen) * 2;
		}
		memcpy(f->names + f->names_len, name, nlen);
		f->names_len += nlen;
	}
	closedir(dir);
	if (err) {
		free(f->names);
		f->names = NULL;
	}
	return err;
}

/*
 * Opens and records the next subdirectory of f's directory (open at fd), extending walk_path:
 * its fd, -ENOENT when there is none left, or another negative errno (the walk of this subtree
 * then ends, incomplete, keeping what is cached below it).
 */
static int deep_next_child(struct cgcache *c, struct deep_frame *f, int fd,
			   const struct container_ref *ctr)
{
	struct stat st;
	int child, err;

	while (f->next < f->names_len) {
		const char *name = f->names + f->next;
		size_t nlen = strlen(name);

		f->next += nlen + 1;
		if (!walk_path_reserve(c, f->len + 1 + nlen))
			return -ENOMEM;
		child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (child < 0)
			continue; /* gone since, or not a directory */
		c->walk_path[f->len] = '/';
		memcpy(c->walk_path + f->len + 1, name, nlen + 1);
		if (fstat(child, &st) == 0) {
			/* As in walk_dir: an entry left out (full: counted) does not stop the walk.
			 */
			upsert(c, (uint64_t)st.st_ino, c->walk_path, ctr, &err);
			return child;
		}
		close(child);
		return -EIO;
	}
	return -ENOENT;
}

/*
 * The subtree below the directory open at fd (taken over), whose path walk_path[0..len) is
 * recorded, without recursion and with one directory open at a time: down by name, back up by
 * "..", checked by inode number (cgroupfs has no hard links; a rename under us ends the walk of
 * this subtree, whose cached entries are then kept). Memory: the names of the directories on
 * the way down, as many as the cache can hold at most.
 */
static void walk_deep(struct cgcache *c, int fd, size_t len, const struct container_ref *ctr,
		      bool *complete)
{
	struct deep_frame *stack = NULL;
	size_t depth = 0, cap = 0, len0 = len;
	struct stat st;
	bool ok = true;

	for (;;) {
		int child = -ENOENT;

		if (depth == cap) {
			struct deep_frame *p = realloc(stack, (cap ? cap * 2 : 16) * sizeof(*p));

			if (!p) {
				ok = false;
				break;
			}
			stack = p;
			cap = cap ? cap * 2 : 16;
		}
		if (fstat(fd, &st) < 0 || deep_frame_read(fd, &stack[depth]) < 0) {
			ok = false;
			break;
		}
		stack[depth].ino = (uint64_t)st.st_ino;
		stack[depth].len = len;
		depth++;

		/* The next subdirectory of the deepest directory, climbing as they run out. */
		while (depth) {
			int up;

			child = deep_next_child(c, &stack[depth - 1], fd, ctr);
			if (child != -ENOENT)
				break;
			free(stack[--depth].names);
			if (!depth)
				break;
			up = openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			close(fd);
			fd = up;
			if (fd < 0 || fstat(fd, &st) < 0 ||
			    (uint64_t)st.st_ino != stack[depth - 1].ino) {
				child = -ESTALE;
				break;
			}
			c->walk_path[stack[depth - 1].len] = '\0';
		}
		if (child < 0) {
			ok = child == -ENOENT;
			break;
		}
		close(fd);
		fd = child;
		len = strlen(c->walk_path);
	}
	if (!ok) {
		/* Keep what is cached below where this walk started. */
		c->walk_path[len0] = '\0';
		mark_subtree(c, len0 ? c->walk_path : "/");
		*complete = false;
	}
	while (depth)
		free(stack[--depth].names);
	free(stack);
	if (fd >= 0)
		close(fd);
}

/*
 * Record the directory open at fd, whose path is walk_path[0..len), then its children.
 * parent: the parent cgroup's container, NULL at the root. walk_path may move when a child
 * grows it: read it through c, never through a pointer kept across the recursion.
 */
static void walk_dir(struct cgcache *c, int fd, size_t len, int depth,
		     const struct container_ref *parent, bool *complete)
{
	struct container_ref mine = {.runtime = RUNTIME_NONE};
	struct dirent *de;
	struct node *n;
	struct stat st;
	DIR *dir;
	int err;

	if (fstat(fd, &st) < 0) {
		close(fd);
		mark_subtree(c, len ? c->walk_path : "/");
		*complete = false;
		return;
	}
	/* Errors other than full (counted) leave the entry out; the next miss retries. */
	n = upsert(c, (uint64_t)st.st_ino, len ? c->walk_path : "/", parent, &err);
	if (n)
		mine = n->e.container;
	else if (parent)
		mine = *parent;

	if (depth >= WALK_MAX_DEPTH) {
		walk_deep(c, fd, len, &mine, complete);
		c->walk_path[len] = '\0';
		return;
	}
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		mark_subtree(c, len ? c->walk_path : "/");
		*complete = false;
		return;
	}
	for (;;) {
		const char *name;
		size_t nlen;
		int child;

		errno = 0;
		de = readdir(dir);
		if (!de)
			break;
		name = de->d_name;
		if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0')))
			continue;
		/* cgroupfs fills d_type; fall back to open's O_DIRECTORY check where it does not.
		 */
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		nlen = strlen(name);
		if (!walk_path_reserve(c, len + 1 + nlen)) {
			/* Out of memory: keep whatever is cached below us, try again next walk. */
			mark_subtree(c, len ? c->walk_path : "/");
			*complete = false;
			continue;
		}
		child = openat(dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (child < 0) {
			/* Gone since readdir, or not a directory: nothing to keep. */
			if (errno != ENOENT && errno != ENOTDIR) {
				c->walk_path[len] = '/';
				memcpy(c->walk_path + len + 1, name, nlen + 1);
				mark_subtree(c, c->walk_path);
				c->walk_path[len] = '\0';
				*complete = false;
			}
			continue;
		}
		c->walk_path[len] = '/';
		memcpy(c->walk_path + len + 1, name, nlen + 1);
		walk_dir(c, child, len + 1 + nlen, depth + 1, &mine, complete);
		c->walk_path[len] = '\0';
	}
	if (errno && errno != ENOENT) {
		mark_subtree(c, len ? c->walk_path : "/");
		*complete = false;
	}
	closedir(dir);
}

static int walk(struct cgcache *c)
{
	bool complete = true;
	int fd;

	c->last_walk_ns = (uint64_t)clock__now_ns(CLOCK_MONOTONIC);
	c->gen++;
	STAT_ADD(c, walks, 1);

	/* walk_dir closes what it is given; the root stays open for the next walk. */
	fd = openat(c->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (!walk_path_reserve(c, 0)) {
		close(fd);
		return -ENOMEM;
	}
	c->walk_path[0] = '\0';
	walk_dir(c, fd, 0, 0, NULL, &complete);

	/* Mark and sweep: whatever this walk did not see (nor spare) is gone. */
	for (size_t i = 0; i < c->nodes_high; i++) {
		struct node *n = &c->nodes[i];

		if (n->e.path && n->mark != c->gen)
			evict(c, find_slot(c, n->e.id));
	}
	return complete ? 0 : -EIO;
}

static struct neg *neg_slot(struct cgcache *c, uint64_t id)
{
	/* Top bits of the same multiplicative hash, independent of the table's size. */
	return &c->neg[(id * 0x9e3779b97f4a7c15ull) >> 58];
}

const struct cgcache_entry *cgcache__lookup(struct cgcache *c, uint64_t cgroup_id)
{
	struct slot *s;
	struct neg *neg;
	uint64_t now;

	if (cgroup_id && (s = find_slot(c, cgroup_id))) {
		STAT_ADD(c, hits, 1);
		return &node_at(c, s)->e;
	}
	STAT_ADD(c, misses, 1);
	if (!cgroup_id)
		return NULL;

	now = (uint64_t)clock__now_ns(CLOCK_MONOTONIC);
	neg = neg_slot(c, cgroup_id);
	if (neg->id == cgroup_id && now < neg->until_ns)
		return NULL;
	if (c->min_walk_ns && now - c->last_walk_ns < c->min_walk_ns)
		return NULL;

	/* A partial walk still found what it could; the id may be among it. */
	walk(c);
	s = find_slot(c, cgroup_id);
	if (s)
		return &node_at(c, s)->e;
	if (c->neg_ttl_ns) {
		neg->id = cgroup_id;
		neg->until_ns = now + c->neg_ttl_ns;
	}
	return NULL;
}

int cgcache__insert(struct cgcache *c, uint64_t cgroup_id, const char *path)
{
	struct neg *neg;
	int err;

	if (!c || !cgroup_id || !path || path[0] != '/')
		return -EINVAL;
	if (strnlen(path, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	neg = neg_slot(c, cgroup_id);
	if (neg->id == cgroup_id)
		neg->until_ns = 0;
	upsert(c, cgroup_id, path, NULL, &err);
	return err;
}

void cgcache__remove(struct cgcache *c, uint64_t cgroup_id)
{
	struct slot *s;

	if (!c || !cgroup_id)
		return;
	s = find_slot(c, cgroup_id);
	if (s)
		evict(c, s);
}

int cgcache__refresh(struct cgcache *c)
{
	if (!c)
		return -EINVAL;
	return walk(c);
}

void cgcache__set_refresh_limits(struct cgcache *c, unsigned int min_walk_interval_ms,
				 unsigned int negative_ttl_ms)
{
	c->min_walk_ns = (uint64_t)min_walk_interval_ms * 1000000ull;
	c->neg_ttl_ns = (uint64_t)negative_ttl_ms * 1000000ull;
	/* Forget ids remembered under the old TTL. */
	memset(c->neg, 0, sizeof(c->neg));
}

void cgcache__stats(const struct cgcache *c, struct cgcache_stats *stats)
{
	stats->hits = atomic_load_explicit(&c->hits, memory_order_relaxed);
	stats->misses = atomic_load_explicit(&c->misses, memory_order_relaxed);
	stats->walks = atomic_load_explicit(&c->walks, memory_order_relaxed);
	stats->evictions = atomic_load_explicit(&c->evictions, memory_order_relaxed);
	stats->full = atomic_load_explicit(&c->full, memory_order_relaxed);
	stats->size = atomic_load_explicit(&c->size, memory_order_relaxed);
}

struct cgcache *cgcache__new(const char *cgroup2_mount, size_t max_entries)
{
	struct cgcache *c;
	size_t nslots = 16;
	unsigned int bits = 4;
	int err;

	if (!cgroup2_mount || !max_entries || max_entries > MAX_ENTRIES_LIMIT) {
		errno = EINVAL;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->root_fd = -1;
	c->max_entries = max_entries;
	c->min_walk_ns = (uint64_t)CGCACHE_MIN_WALK_INTERVAL_MS * 1000000ull;
	c->neg_ttl_ns = (uint64_t)CGCACHE_NEGATIVE_TTL_MS * 1000000ull;

	/* At most half full, so probe runs stay short. */
	while (nslots < 2 * max_entries) {
		nslots <<= 1;
		bits++;
	}
	c->mask = nslots - 1;
	c->shift = 64 - bits;
	/* calloc: untouched pages of a large, mostly empty cache cost no memory. */
	c->slots = calloc(nslots, sizeof(*c->slots));
	c->nodes = calloc(max_entries, sizeof(*c->nodes));
	if (!c->slots || !c->nodes) {
		err = ENOMEM;
		goto err_free;
	}
	c->root_fd = open(cgroup2_mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (c->root_fd < 0) {
		err = errno;
		goto err_free;
	}
	/* A partial first walk is still a usable cache; only an unreadable root is fatal. */
	err = walk(c);
	if (err && err != -EIO) {
		err = -err;
		goto err_free;
	}
	return c;

err_free:
	cgcache__free(c);
	errno = err;
	return NULL;
}

void cgcache__free(struct cgcache *c)
{
	if (!c)
		return;
	if (c->nodes)
		for (size_t i = 0; i < c->nodes_high; i++)
			free((char *)c->nodes[i].e.path);
	free(c->nodes);
	free(c->slots);
	free(c->walk_path);
	if (c->root_fd >= 0)
		close(c->root_fd);
	free(c);
}

/* Lower is better; -1 when the mount point is outside host_root. */
static int mount_rank(const char *root, const char *mnt, const char *host_root, size_t hlen)
{
	const char *rel;
	int rank;

	if (strncmp(mnt, host_root, hlen) != 0 || (mnt[hlen] != '\0' && mnt[hlen] != '/'))
		return -1;
	rel = mnt + hlen;
	if (strcmp(rel, "/sys/fs/cgroup") == 0)
		rank = 0;
	else if (strcmp(rel, "/sys/fs/cgroup/unified") == 0)
		rank = 1;
	else
		rank = 2;
	/* A bind mount of a subtree would give paths relative to that subtree. */
	if (strcmp(root, "/") != 0)
		rank += 3;
	return rank;
}

int cgcache__find_cgroup2_mount_at(const char *mountinfo, const char *host_root, char *buf,
				   size_t len)
{
	char *line = NULL, best[PATH_MAX] = "";
	struct mountinfo_entry *m;
	size_t cap = 0, hlen;
	int best_rank = -1, err = 0;
	FILE *f;

	if (!mountinfo || !buf || !len)
		return -EINVAL;
	if (!host_root)
		host_root = "";
	hlen = strlen(host_root);
	while (hlen && host_root[hlen - 1] == '/')
		hlen--;

	m = malloc(sizeof(*m)); /* two PATH_MAX fields: not for the stack */
	if (!m)
		return -ENOMEM;
	f = fopen(mountinfo, "re");
	if (!f) {
		err = -errno;
		free(m);
		return err;
	}
	while (getline(&line, &cap, f) > 0) {
		int rank;

		if (mountinfo__parse_line(line, m) < 0 || strcmp(m->fstype, "cgroup2") != 0)
			continue;
		rank = mount_rank(m->root, m->point, host_root, hlen);
		if (rank < 0 || (best_rank >= 0 && rank >= best_rank))
			continue;
		strcpy(best, m->point); /* both PATH_MAX */
		best_rank = rank;
	}
	if (ferror(f))
		err = -EIO;
	free(line);
	free(m);
	fclose(f);
	if (err)
		return err;
	if (best_rank < 0)
		return -ENOENT;
	if (strlen(best) >= len)
		return -ENAMETOOLONG;
	strcpy(buf, best);
	return 0;
}

int cgcache__find_cgroup2_mount(char *buf, size_t len)
{
	return cgcache__find_cgroup2_mount_at("/proc/self/mountinfo", NULL, buf, len);
}
