// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A fixed pool of entries, a chained hash over pid and a list ordered by last
 * update: lookups, updates, removals and evictions are all O(1), and nothing
 * grows past the bound given at creation.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "proc_cache.h"

#define NONE UINT32_MAX
/* task->flags of a kernel thread (include/linux/sched.h). */
#define PF_KTHREAD 0x00200000u

struct proc_cache {
	struct proc_entry *pool;
	uint32_t *buckets;  /* index into pool, NONE = empty */
	uint32_t n_buckets; /* a power of two */
	uint32_t max;
	uint32_t free_head; /* unused entries, chained through next_in_bucket */
	uint32_t oldest, newest;
	size_t args_max;
	struct proc_cache_stats stats;
};

static uint64_t ns_per_tick(void)
{
	static uint64_t ns;
	long hz;

	if (!ns) {
		hz = sysconf(_SC_CLK_TCK);
		ns = hz > 0 ? 1000000000ull / (uint64_t)hz : 10000000ull;
	}
	return ns;
}

static uint32_t bucket_of(const struct proc_cache *c, uint32_t pid)
{
	/* Fibonacci hashing: consecutive pids spread over the table. */
	return (uint32_t)((pid * 2654435769u) >> 7) & (c->n_buckets - 1);
}

struct proc_cache *proc_cache__new(size_t max_entries, size_t args_max)
{
	struct proc_cache *c;
	uint32_t n = 1;

	if (!max_entries)
		max_entries = PROC_CACHE_DEFAULT_MAX;
	if (max_entries >= NONE / 2 || args_max > PROC_CACHE_ARGS_MAX) {
		errno = EINVAL;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	while (n < max_entries)
		n <<= 1;
	c->n_buckets = n;
	c->max = (uint32_t)max_entries;
	c->args_max = args_max;
	c->pool = calloc(c->max, sizeof(*c->pool));
	c->buckets = malloc(sizeof(*c->buckets) * n);
	if (!c->pool || !c->buckets) {
		proc_cache__free(c);
		errno = ENOMEM;
		return NULL;
	}
	memset(c->buckets, 0xff, sizeof(*c->buckets) * n);
	/*
	 * Chaining every entry touches the whole pool now: it is in the idle
	 * RSS from the start, and a host's processes coming and going cost no
	 * growth (10,000 more live processes: +100 to +108 kB, their argument copies).
	 */
	for (uint32_t i = 0; i < c->max; i++)
		c->pool[i].next_in_bucket = i + 1 < c->max ? i + 1 : NONE;
	c->free_head = 0;
	c->oldest = c->newest = NONE;
	return c;
}

void proc_cache__free(struct proc_cache *c)
{
	if (!c)
		return;
	if (c->pool)
		for (uint32_t i = 0; i < c->max; i++)
			free(c->pool[i].args);
	free(c->pool);
	free(c->buckets);
	free(c);
}

static uint32_t find(const struct proc_cache *c, uint32_t pid)
{
	for (uint32_t i = c->buckets[bucket_of(c, pid)]; i != NONE; i = c->pool[i].next_in_bucket)
		if (c->pool[i].pid == pid)
			return i;
	return NONE;
}

static void list_unlink(struct proc_cache *c, uint32_t i)
{
	struct proc_entry *e = &c->pool[i];

	if (e->older != NONE)
		c->pool[e->older].newer = e->newer;
	else
		c->oldest = e->newer;
	if (e->newer != NONE)
		c->pool[e->newer].older = e->older;
	else
		c->newest = e->older;
}

static void list_append(struct proc_cache *c, uint32_t i)
{
	struct proc_entry *e = &c->pool[i];

	e->older = c->newest;
	e->newer = NONE;
	if (c->newest != NONE)
		c->pool[c->newest].newer = i;
	else
		c->oldest = i;
	c->newest = i;
}

static void release(struct proc_cache *c, uint32_t i)
{
	struct proc_entry *e = &c->pool[i];
	uint32_t *link = &c->buckets[bucket_of(c, e->pid)];

	while (*link != i)
		link = &c->pool[*link].next_in_bucket;
	*link = e->next_in_bucket;
	list_unlink(c, i);
	free(e->args);
	memset(e, 0, sizeof(*e));
	e->next_in_bucket = c->free_head;
	c->free_head = i;
	c->stats.entries--;
}

void proc_cache__remove(struct proc_cache *c, uint32_t pid)
{
	uint32_t i = find(c, pid);

	if (i != NONE)
		release(c, i);
}

/* A fresh entry for pid, evicting the longest-unchanged one when the pool is empty. */
static uint32_t acquire(struct proc_cache *c, uint32_t pid)
{
	uint32_t i, b;

	if (c->free_head == NONE) {
		release(c, c->oldest);
		c->stats.evictions++;
	}
	i = c->free_head;
	c->free_head = c->pool[i].next_in_bucket;
	b = bucket_of(c, pid);
	c->pool[i].pid = pid;
	c->pool[i].next_in_bucket = c->buckets[b];
	c->buckets[b] = i;
	list_append(c, i);
	c->stats.entries++;
	return i;
}

static void copy_field(char *dst, size_t dst_len, const char *src, size_t src_len)
{
	size_t n = src ? strnlen(src, src_len) : 0;

	if (n >= dst_len)
		n = dst_len - 1;
	if (n)
		memcpy(dst, src, n);
	dst[n] = 0;
}

void proc_path__deepest(char *out, size_t out_size, const char *path, size_t len, bool *truncated)
{
	size_t n = path ? strnlen(path, len) : 0, start = 0;

	if (!out_size)
		return;
	if (n >= out_size) {
		*truncated = true;
		/* The first name boundary from which the rest fits. */
		start = n - (out_size - 1);
		while (start < n && path[start] != '/')
			start++;
	}
	if (n > start)
		memcpy(out, path + start, n - start);
	out[n - start] = 0;
}

size_t proc_args__whole(const char *args, size_t len, size_t max, bool *truncated)
{
	size_t keep = len;

	if (keep > max) {
		keep = max;
		*truncated = true;
	}
	if (*truncated)
		/* Back to the end of the last argument that fitted whole. */
		while (keep > 0 && args[keep - 1] != 0)
			keep--;
	return keep;
}

static int set_args(struct proc_cache *c, struct proc_entry *e, const char *args, size_t len,
		    bool truncated)
{
	size_t keep;

	free(e->args);
	e->args = NULL;
	e->args_len = 0;
	e->args_truncated = false;
	if (!args)
		return 0;
	keep = proc_args__whole(args, len, c->args_max, &truncated);
	e->args_truncated = truncated;
	if (!keep)
		return 0;
	e->args = malloc(keep);
	if (!e->args)
		return -ENOMEM;
	memcpy(e->args, args, keep);
	e->args_len = keep;
	return 0;
}

const struct proc_entry *proc_cache__update(struct proc_cache *c, const struct proc_update *u)
{
	uint32_t i = find(c, u->pid), pi;
	const struct proc_entry *parent = NULL;
	struct proc_entry *e;

	if (i == NONE) {
		i = acquire(c, u->pid);
	} else {
		list_unlink(c, i);
		list_append(c, i);
	}
	e = &c->pool[i];
	e->ppid = u->ppid;
	e->start_ns = u->start_ns;
	e->exec_ns = u->exec_ns ? u->exec_ns : u->start_ns;
	e->origin = u->exec_ns ? PROC_ORIGIN_EXEC : PROC_ORIGIN_FORK;
	e->kernel_thread = u->kernel_thread;
	copy_field(e->comm, sizeof(e->comm), u->comm, PROC_CACHE_COMM_LEN);
	copy_field(e->exe, sizeof(e->exe), u->exe, u->exe_len);
	e->exe_dev = u->exe_dev;
	e->exe_ino = u->exe_ino;
	e->cwd[0] = 0;
	e->cwd_truncated = u->cwd_truncated;
	if (u->cwd)
		proc_path__deepest(e->cwd, sizeof(e->cwd), u->cwd, u->cwd_len, &e->cwd_truncated);
	if (!u->exec_ns && u->ppid != u->pid) {
		pi = find(c, u->ppid);
		parent = pi != NONE ? &c->pool[pi] : NULL;
	}
	if (parent) {
		/* A fork runs its parent's program with its parent's arguments. */
		if (!u->exe || !u->exe[0])
			copy_field(e->exe, sizeof(e->exe), parent->exe, sizeof(parent->exe));
		if (!u->exe_dev && !u->exe_ino) {
			e->exe_dev = parent->exe_dev;
			e->exe_ino = parent->exe_ino;
		}
		e->kernel_thread = parent->kernel_thread && !e->exe[0];
		/* The cwd the parent exec'd in: a chdir since is not seen, in either. */
		if (!u->cwd && !u->cwd_truncated) {
			memcpy(e->cwd, parent->cwd, sizeof(e->cwd));
			e->cwd_truncated = parent->cwd_truncated;
		}
		if (set_args(c, e, parent->args, parent->args_len, parent->args_truncated) < 0)
			return NULL;
		return e;
	}
	if (set_args(c, e, u->args, u->args_len, u->args_truncated) < 0)
		return NULL;
	return e;
}

const struct proc_entry *proc_cache__lookup(struct proc_cache *c, uint32_t pid)
{
	uint32_t i = find(c, pid);

	if (i == NONE) {
		c->stats.misses++;
		return NULL;
	}
	return &c->pool[i];
}

size_t proc_cache__ancestors(struct proc_cache *c, const struct proc_entry *e,
			     const struct proc_entry **out, size_t max)
{
	size_t n = 0;
	uint32_t i;

	while (n < max && e && e->ppid && e->ppid != e->pid) {
		i = find(c, e->ppid);
		if (i == NONE)
			break;
		e = &c->pool[i];
		out[n++] = e;
	}
	return n;
}

void proc_cache__lineage(struct proc_cache *c, uint32_t pid, size_t n_ancestors,
			 struct proc_lineage *out)
{
	const struct proc_entry *up[PROC_CACHE_MAX_ANCESTORS + 1];
	size_t n;

	memset(out, 0, sizeof(*out));
	out->self = proc_cache__lookup(c, pid);
	if (!out->self)
		return;
	if (n_ancestors > PROC_CACHE_MAX_ANCESTORS)
		n_ancestors = PROC_CACHE_MAX_ANCESTORS;
	n = proc_cache__ancestors(c, out->self, up, n_ancestors + 1);
	if (!n)
		return;
	out->parent = up[0];
	out->n_ancestors = n - 1;
	memcpy(out->ancestors, up + 1, sizeof(up[0]) * out->n_ancestors);
}

void proc_cache__reparent(struct proc_cache *c, uint32_t pid, uint32_t ppid)
{
	uint32_t i = find(c, pid);

	if (i != NONE)
		c->pool[i].ppid = ppid;
}

uint64_t proc_cache__start_ns(uint64_t start_boottime_ns)
{
	uint64_t tick = ns_per_tick();

	return start_boottime_ns / tick * tick;
}

void proc_entry__exec_id(const struct proc_entry *e, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRIu32 "-%" PRIu64, e->pid, e->exec_ns);
}

void proc_cache__stats(const struct proc_cache *c, struct proc_cache_stats *out)
{
	*out = c->stats;
}

/* ---- /proc ----------------------------------------------------------------- */

static ssize_t read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n, total = 0;

	if (fd < 0)
		return -errno;
	while ((size_t)total < len) {
		n = read(fd, buf + total, len - total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			n = -errno;
			close(fd);
			return n;
		}
		if (n == 0)
			break;
		total += n;
	}
	close(fd);
	return total;
}

/*
 * /proc/<pid>/stat: "pid (comm) state ppid ... flags(9) ... starttime(22)".
 * comm can hold spaces and parentheses: the fields start after the last ')'.
 */
static int parse_stat(char *buf, struct proc_update *u, char *comm, unsigned int *flags,
		      unsigned long long *start_ticks)
{
	char *open = strchr(buf, '('), *close = strrchr(buf, ')'), *p;
	unsigned long long v;
	int field = 3;

	/* The kernel writes ") S ...": a line cut after the ')' has no fields to skip to. */
	if (!open || !close || close < open || close[1] != ' ')
		return -EINVAL;
	copy_field(comm, PROC_CACHE_COMM_LEN, open + 1, (size_t)(close - open - 1));
	p = close + 2; /* field 3, the state */
	while (*p && field < 22) {
		p = strchr(p, ' ');
		if (!p)
			return -EINVAL;
		p++;
		field++;
		if (field == 4 || field == 9 || field == 22) {
			v = strtoull(p, NULL, 10);
			if (field == 4)
				u->ppid = (uint32_t)v;
			else if (field == 9)
				*flags = (unsigned int)v;
			else
				*start_ticks = v;
		}
	}
	return field == 22 ? 0 : -EINVAL;
}

int proc_cache__seed_pid(struct proc_cache *c, const char *proc_root, uint32_t pid)
{
	char path[128], statline[1024], comm[PROC_CACHE_COMM_LEN], exe[PROC_CACHE_EXE_LEN];
	char args[PROC_CACHE_ARGS_MAX + 1], cwd[PATH_MAX];
	struct proc_update u = {.pid = pid};
	unsigned long long ticks = 0;
	unsigned int flags = 0;
	long hz = sysconf(_SC_CLK_TCK);
	struct proc_entry *e;
	struct stat st;
	ssize_t n;
	int err;

	snprintf(path, sizeof(path), "%s/%" PRIu32 "/stat", proc_root, pid);
	n = read_file(path, statline, sizeof(statline) - 1);
	if (n < 0)
		return (int)n;
	statline[n] = 0;
	err = parse_stat(statline, &u, comm, &flags, &ticks);
	if (err)
		return err;
	u.comm = comm;
	u.start_ns = hz > 0 ? ticks * (1000000000ull / (unsigned long long)hz) : 0;
	u.kernel_thread = flags & PF_KTHREAD;
	exe[0] = 0;
	if (!u.kernel_thread) {
		snprintf(path, sizeof(path), "%s/%" PRIu32 "/exe", proc_root, pid);
		n = readlink(path, exe, sizeof(exe) - 1);
		exe[n > 0 ? n : 0] = 0;
		if (stat(path, &st) == 0) {
			/* The kernel's dev_t (MKDEV), as the exec records carry it. */
			u.exe_dev = (uint32_t)((major(st.st_dev) << 20) | minor(st.st_dev));
			u.exe_ino = st.st_ino;
		}
		snprintf(path, sizeof(path), "%s/%" PRIu32 "/cmdline", proc_root, pid);
		n = read_file(path, args, c->args_max + 1);
		if (n > 0) {
			u.args = args;
			u.args_len = (size_t)n;
			u.args_truncated = (size_t)n > c->args_max;
		}
		/*
		 * As the collector sees it: a process in another mount namespace
		 * reads as the path in its own tree, one chroot'ed as the host's.
		 * A link that fills the buffer may go on: its deepest names are not
		 * known, only that it was cut.
		 */
		snprintf(path, sizeof(path), "%s/%" PRIu32 "/cwd", proc_root, pid);
		n = readlink(path, cwd, sizeof(cwd));
		if (n > 0 && (size_t)n < sizeof(cwd) && cwd[0] == '/') {
			u.cwd = cwd;
			u.cwd_len = (size_t)n;
		}
		u.cwd_truncated = n >= (ssize_t)sizeof(cwd);
	}
	u.exe = exe;
	u.exe_len = sizeof(exe);
	/* exec_ns 0 would mean a fork; /proc cannot tell when the last exec was. */
	u.exec_ns = u.start_ns ? u.start_ns : 1;
	e = (struct proc_entry *)proc_cache__update(c, &u);
	if (!e)
		return -errno;
	e->origin = PROC_ORIGIN_PROC;
	return 0;
}

int proc_cache__refresh_comm(struct proc_cache *c, const char *proc_root, uint32_t pid)
{
	char path[128], statline[1024], comm[PROC_CACHE_COMM_LEN];
	struct proc_update u = {.pid = pid};
	unsigned long long ticks = 0;
	unsigned int flags = 0;
	uint32_t i = find(c, pid);
	ssize_t n;
	int err;

	if (i == NONE)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/%" PRIu32 "/stat", proc_root, pid);
	n = read_file(path, statline, sizeof(statline) - 1);
	if (n < 0)
		return (int)n;
	statline[n] = 0;
	err = parse_stat(statline, &u, comm, &flags, &ticks);
	if (err)
		return err;
	if (ticks * ns_per_tick() != c->pool[i].start_ns)
		return -ESRCH;
	copy_field(c->pool[i].comm, sizeof(c->pool[i].comm), comm, sizeof(comm));
	return 0;
}

void proc_cache__set_comm(struct proc_cache *c, uint32_t pid, const char *comm, size_t len)
{
	uint32_t i = find(c, pid);

	if (i != NONE)
		copy_field(c->pool[i].comm, sizeof(c->pool[i].comm), comm, len);
}

int proc_cache__seed(struct proc_cache *c, const char *proc_root)
{
	DIR *d = opendir(proc_root);
	struct dirent *de;
	int added = 0;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char *end;
		unsigned long pid;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = strtoul(de->d_name, &end, 10);
		if (*end || !pid || pid > UINT32_MAX)
			continue;
		/* Gone since the listing: nothing to know. */
		if (proc_cache__seed_pid(c, proc_root, (uint32_t)pid) == 0)
			added++;
	}
	closedir(d);
	return added;
}
