/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The collector's picture of the host's processes, so that every event can
 * say which exec of which program did it and who started it: pid → the last
 * exec (or fork) seen for that pid, fed by the kernel's fork, exec and exit
 * records and seeded from /proc for what ran before the collector.
 *
 * Bounded: at most `max_entries` entries of fixed size (352 bytes, of which
 * PROC_CACHE_CWD_LEN for the working directory: 2 MiB of cwd at the default
 * bound), plus one argument string of at most PROC_CACHE_ARGS_MAX bytes each.
 * Exits remove entries; when the cache is full anyway (exit records lost, or
 * more live processes than the bound) the entry updated longest ago is
 * evicted, and counted. Single-threaded: the consumer thread owns it.
 */
#ifndef CTRWATCH_PROC_CACHE_H
#define CTRWATCH_PROC_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROC_CACHE_COMM_LEN 16
#define PROC_CACHE_EXE_LEN 128
/* The exec record's (CTW_CWD_LEN): a cwd read from /proc is cut the same way. */
#define PROC_CACHE_CWD_LEN 128
#define PROC_CACHE_ARGS_MAX 4096 /* the most any configuration keeps per process */
#define PROC_CACHE_DEFAULT_MAX 16384
/* Enough for "<pid>-<ns>" with both at their largest. */
#define PROC_CACHE_EXEC_ID_LEN 32
#define PROC_CACHE_MAX_ANCESTORS 8

/* How the cache learnt of a process. */
enum proc_origin {
	PROC_ORIGIN_EXEC = 0, /* the kernel's exec record */
	PROC_ORIGIN_FORK,     /* forked, not exec'd since: the parent's program */
	PROC_ORIGIN_PROC,     /* read from /proc (ran before the collector, or missed) */
};

struct proc_entry {
	uint32_t pid;
	uint32_t ppid;
	uint64_t start_ns; /* the task's start, CLOCK_BOOTTIME */
	/* The exec's time, CLOCK_BOOTTIME; start_ns when none was seen (fork, /proc). */
	uint64_t exec_ns;
	enum proc_origin origin;
	bool args_truncated;
	bool kernel_thread; /* no executable: a kernel thread */
	bool cwd_truncated; /* cwd keeps only its deepest names ("" when none fitted) */
	char comm[PROC_CACHE_COMM_LEN];
	char exe[PROC_CACHE_EXE_LEN];
	/*
	 * The working directory at the last exec (a fork's: its parent's), not
	 * followed through chdir; "" when unknown.
	 */
	char cwd[PROC_CACHE_CWD_LEN];
	/* The executable's device (kernel encoding) and inode; 0 when unknown. */
	uint32_t exe_dev;
	uint64_t exe_ino;
	char *args; /* argv joined by NUL bytes, args_len of them; NULL when unknown */
	size_t args_len;
	/* internal */
	uint32_t next_in_bucket, older, newer;
};

/* What an exec or fork tells the cache; strings need not be terminated beyond their arrays. */
struct proc_update {
	uint32_t pid;
	uint32_t ppid;
	uint64_t start_ns;
	uint64_t exec_ns; /* 0: a fork (or a /proc read) */
	const char *comm; /* at most PROC_CACHE_COMM_LEN bytes */
	const char *exe;  /* at most exe_len bytes */
	size_t exe_len;
	uint32_t exe_dev; /* kernel encoding; 0 = unknown (a fork inherits the parent's) */
	uint64_t exe_ino;
	const char *args; /* argv joined by NUL bytes; NULL = unknown */
	size_t args_len;
	bool args_truncated; /* more arguments than args holds */
	bool kernel_thread;
	const char *cwd; /* at most cwd_len bytes, deepest names kept; NULL = unknown */
	size_t cwd_len;
	bool cwd_truncated;
};

struct proc_cache_stats {
	uint64_t entries;
	uint64_t evictions; /* entries pushed out because the cache was full */
	uint64_t misses;    /* lookups of pids the cache did not know */
};

struct proc_cache;

/* What an event says of its process's origins; every pointer may be NULL (unknown). */
struct proc_lineage {
	const struct proc_entry *self;
	const struct proc_entry *parent;
	const struct proc_entry *ancestors[PROC_CACHE_MAX_ANCESTORS]; /* above the parent */
	size_t n_ancestors;
};

/*
 * max_entries: the bound (0 = PROC_CACHE_DEFAULT_MAX); args_max: the bytes of
 * argv kept per process (at most PROC_CACHE_ARGS_MAX). NULL + errno on failure.
 */
struct proc_cache *proc_cache__new(size_t max_entries, size_t args_max);
void proc_cache__free(struct proc_cache *c);

/*
 * A fork or exec: records it, replacing what was known of the pid. A fork
 * (exec_ns 0) inherits the parent's program when the parent is known. Returns
 * the entry, or NULL with errno set (ENOMEM for the argument copy).
 */
const struct proc_entry *proc_cache__update(struct proc_cache *c, const struct proc_update *u);

/* The process is gone: forget it. */
void proc_cache__remove(struct proc_cache *c, uint32_t pid);

/* The entry of pid, or NULL (counted as a miss). */
const struct proc_entry *proc_cache__lookup(struct proc_cache *c, uint32_t pid);

/*
 * Reads every /proc/<pid> under proc_root into the cache; returns how many
 * were added or a negative errno when proc_root cannot be read.
 */
int proc_cache__seed(struct proc_cache *c, const char *proc_root);

/*
 * Reads one process from proc_root (a pid an event named that the cache did
 * not know). 0, or a negative errno (-ENOENT: gone).
 */
int proc_cache__seed_pid(struct proc_cache *c, const char *proc_root, uint32_t pid);

/*
 * A process known from the kernel's records may have renamed itself since
 * (prctl(PR_SET_NAME): busybox names its applets after the exec): its comm is
 * read again from proc_root, if the pid there is still the same process (same
 * start). 0, or a negative errno (-ENOENT: gone, -ESRCH: another process now).
 */
int proc_cache__refresh_comm(struct proc_cache *c, const char *proc_root, uint32_t pid);

/* The process renamed itself (a record's comm is newer than the cache's). */
void proc_cache__set_comm(struct proc_cache *c, uint32_t pid, const char *comm, size_t len);

/* The process's parent changed (reparented to a subreaper or init). */
void proc_cache__reparent(struct proc_cache *c, uint32_t pid, uint32_t ppid);

/*
 * A task's start_boottime as /proc/<pid>/stat gives it (whole clock ticks),
 * so that the kernel's records and /proc agree on a process's start and on
 * the exec_id of a process that has not exec'd.
 */
uint64_t proc_cache__start_ns(uint64_t start_boottime_ns);

/* "<pid>-<exec_ns>": unique per exec (or per fork that never exec'd) within a boot. */
void proc_entry__exec_id(const struct proc_entry *e, char *buf, size_t len);

/*
 * The entries above `e`: out[0] its parent, out[1] the grandparent, ... at
 * most max of them, stopping at the first unknown one or at pid 0. Returns
 * how many were stored.
 */
size_t proc_cache__ancestors(struct proc_cache *c, const struct proc_entry *e,
			     const struct proc_entry **out, size_t max);

/*
 * The lineage of pid: its entry, its parent's and up to n_ancestors entries
 * above the parent (at most PROC_CACHE_MAX_ANCESTORS). Unknown parts stay NULL.
 */
void proc_cache__lineage(struct proc_cache *c, uint32_t pid, size_t n_ancestors,
			 struct proc_lineage *out);

void proc_cache__stats(const struct proc_cache *c, struct proc_cache_stats *out);

/*
 * argv as the kernel holds it (arguments each ended by a NUL), of which len
 * bytes were read, reduced to whole arguments within max bytes. *truncated is
 * in and out: true on entry when the process had more than len bytes of
 * arguments, true on return when any argument was left out. Returns the
 * number of bytes to keep.
 */
size_t proc_args__whole(const char *args, size_t len, size_t max, bool *truncated);

/*
 * A path of len bytes (a NUL ends it sooner) into out: whole when it fits,
 * else its deepest whole names ("/b/c" of "/a/b/c"), as the kernel cuts the
 * exec record's cwd; "" when not even the last name fits. *truncated is set
 * when anything was left out, and left alone otherwise.
 */
void proc_path__deepest(char *out, size_t out_size, const char *path, size_t len, bool *truncated);

#endif /* CTRWATCH_PROC_CACHE_H */
