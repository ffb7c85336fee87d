// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The process cache: exec/fork/exit bookkeeping, lineage, the memory bound
 * under churn, whole-argument truncation and /proc seeding (a fake /proc in a
 * temporary directory, and this process in the real one). No root, no kernel.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "proc_cache.h"

static struct proc_update exec_of(uint32_t pid, uint32_t ppid, uint64_t t, const char *comm,
				  const char *exe, const char *args, size_t args_len)
{
	return (struct proc_update){
	    .pid = pid,
	    .ppid = ppid,
	    .start_ns = t - 1,
	    .exec_ns = t,
	    .comm = comm,
	    .exe = exe,
	    .exe_len = strlen(exe) + 1,
	    .args = args,
	    .args_len = args_len,
	};
}

static void test_exec_fork_exit(void)
{
	struct proc_cache *c = proc_cache__new(64, 256);
	struct proc_update u;
	const struct proc_entry *e, *anc[PROC_CACHE_MAX_ANCESTORS];
	char id[PROC_CACHE_EXEC_ID_LEN];
	struct proc_cache_stats st;

	ASSERT_TRUE(c != NULL, "new");
	u = exec_of(100, 1, 5000, "sh", "/bin/sh", "sh\0-c\0x\0", 8);
	e = proc_cache__update(c, &u);
	ASSERT_TRUE(e != NULL, "exec recorded");
	ASSERT_EQ(e->args_len, 8, "args kept whole");
	ASSERT_EQ(e->args_truncated, 0, "args not truncated");
	proc_entry__exec_id(e, id, sizeof(id));
	ASSERT_STR_EQ(id, "100-5000", "exec id is pid and exec time");

	/* A fork that does not exec runs the parent's program. */
	u = (struct proc_update){.pid = 101, .ppid = 100, .start_ns = 6000, .comm = "sh"};
	/* (the parent's executable's inode, as an exec record carries it) */
	((struct proc_entry *)proc_cache__lookup(c, 100))->exe_ino = 77;
	e = proc_cache__update(c, &u);
	ASSERT_TRUE(e != NULL, "fork recorded");
	ASSERT_STR_EQ(e->exe, "/bin/sh", "fork inherits the parent's exe");
	ASSERT_EQ(e->args_len, 8, "fork inherits the parent's args");
	ASSERT_EQ(e->origin, PROC_ORIGIN_FORK, "fork origin");
	ASSERT_EQ(e->exe_ino, 77, "fork inherits the executable's inode");
	proc_entry__exec_id(e, id, sizeof(id));
	ASSERT_STR_EQ(id, "101-6000", "a fork's id is pid and start time");

	/* It then execs: a new exec id, its own program. */
	u = exec_of(101, 100, 7000, "tool", "/usr/bin/tool", "tool\0", 5);
	e = proc_cache__update(c, &u);
	ASSERT_STR_EQ(e->exe, "/usr/bin/tool", "exec replaces the program");
	proc_entry__exec_id(e, id, sizeof(id));
	ASSERT_STR_EQ(id, "101-7000", "exec id changes with the exec");

	ASSERT_EQ(proc_cache__ancestors(c, e, anc, 4), 1, "one known ancestor");
	ASSERT_EQ(anc[0]->pid, 100, "the parent");

	proc_cache__remove(c, 101);
	ASSERT_TRUE(proc_cache__lookup(c, 101) == NULL, "exit removes the entry");
	proc_cache__stats(c, &st);
	ASSERT_EQ(st.entries, 1, "one entry left");
	ASSERT_EQ(st.misses, 1, "the lookup after exit is a miss");
	proc_cache__free(c);
}

static void test_lineage_chain(void)
{
	struct proc_cache *c = proc_cache__new(64, 64);
	const struct proc_entry *e, *anc[PROC_CACHE_MAX_ANCESTORS];
	struct proc_update u;
	size_t n;

	/* 1 <- 10 <- 20 <- 30 <- 40 <- 50 <- 60 */
	for (uint32_t pid = 10; pid <= 60; pid += 10) {
		u = exec_of(pid, pid == 10 ? 1 : pid - 10, pid * 100, "p", "/bin/p", NULL, 0);
		proc_cache__update(c, &u);
	}
	u = exec_of(1, 0, 10, "init", "/sbin/init", NULL, 0);
	proc_cache__update(c, &u);
	e = proc_cache__lookup(c, 60);
	n = proc_cache__ancestors(c, e, anc, 5);
	ASSERT_EQ(n, 5, "parent plus four ancestors");
	ASSERT_EQ(anc[0]->pid, 50, "parent first");
	ASSERT_EQ(anc[4]->pid, 10, "fifth up");
	n = proc_cache__ancestors(c, e, anc, PROC_CACHE_MAX_ANCESTORS);
	ASSERT_EQ(n, 6, "the walk stops at pid 1, whose parent is 0");
	ASSERT_EQ(anc[5]->pid, 1, "init last");
	ASSERT_EQ(proc_cache__ancestors(c, e, anc, 0), 0, "depth 0: none");

	/* A loop in the ppids (a pid reused under its own child) cannot run away. */
	u = exec_of(10, 60, 99999, "p", "/bin/p", NULL, 0);
	proc_cache__update(c, &u);
	n = proc_cache__ancestors(c, e, anc, PROC_CACHE_MAX_ANCESTORS);
	ASSERT_EQ(n, PROC_CACHE_MAX_ANCESTORS, "a cycle stops at the bound");
	proc_cache__free(c);
}

/* Container churn: many short-lived pids. The bound holds, exits empty it, nothing leaks. */
static void test_churn_bounded(void)
{
	struct proc_cache *c = proc_cache__new(1000, 256);
	struct proc_cache_stats st;
	struct proc_update u;
	uint64_t max_seen = 0, failed = 0;

	for (uint32_t i = 0; i < 200000; i++) {
		uint32_t pid = 1000 + (i % 60000);

		u = exec_of(pid, 1, 1000 + i, "runc:[2:INIT]", "/usr/bin/runc", "runc\0init\0", 10);
		if (!proc_cache__update(c, &u))
			failed++;
		proc_cache__stats(c, &st);
		if (st.entries > max_seen)
			max_seen = st.entries;
		/* Half of them exit as they should; the others' exits are "lost". */
		if (i % 2)
			proc_cache__remove(c, pid);
	}
	proc_cache__stats(c, &st);
	ASSERT_EQ(failed, 0, "every churn update recorded");
	ASSERT_TRUE(max_seen <= 1000, "never more entries than the bound");
	ASSERT_TRUE(st.evictions > 0, "lost exits end in counted evictions");
	for (uint32_t pid = 1000; pid < 61000; pid++)
		proc_cache__remove(c, pid);
	proc_cache__stats(c, &st);
	ASSERT_EQ(st.entries, 0, "every exit removes its entry");
	/* The pool is whole again: a full round fits without eviction. */
	uint64_t ev = st.evictions;
	for (uint32_t pid = 1; pid <= 1000; pid++) {
		u = exec_of(pid, 1, pid, "x", "/x", NULL, 0);
		proc_cache__update(c, &u);
	}
	proc_cache__stats(c, &st);
	ASSERT_EQ(st.entries, 1000, "the full bound is usable after churn");
	ASSERT_EQ(st.evictions, ev, "no eviction below the bound");
	proc_cache__free(c);
}

/*
 * Entries never handed out are taken after the released ones: the bound is
 * reached only when the pool is full, then the oldest is evicted.
 */
static void test_pool_fill(void)
{
	struct proc_cache *c = proc_cache__new(4, 16);
	struct proc_cache_stats st;
	struct proc_update u;

	for (uint32_t pid = 1; pid <= 4; pid++) {
		u = exec_of(pid, 1, pid, "x", "/x", NULL, 0);
		proc_cache__update(c, &u);
	}
	proc_cache__stats(c, &st);
	ASSERT_EQ(st.entries, 4, "four entries in a pool of four");
	ASSERT_EQ(st.evictions, 0, "no eviction until the pool is full");
	proc_cache__remove(c, 2);
	u = exec_of(5, 1, 5, "x", "/x", NULL, 0);
	proc_cache__update(c, &u);
	proc_cache__stats(c, &st);
	ASSERT_EQ(st.evictions, 0, "a released entry is reused");
	u = exec_of(6, 1, 6, "x", "/x", NULL, 0);
	proc_cache__update(c, &u);
	proc_cache__stats(c, &st);
	ASSERT_EQ(st.entries, 4, "the bound holds");
	ASSERT_EQ(st.evictions, 1, "the fifth live process evicts one");
	ASSERT_TRUE(proc_cache__lookup(c, 1) == NULL, "the oldest went");
	ASSERT_TRUE(proc_cache__lookup(c, 6) != NULL, "the newest is there");
	proc_cache__free(c);
}

static void test_args_whole(void)
{
	const char argv[] = "ls\0-l\0/very/long/path\0"; /* 22 bytes with the NULs */
	bool t;

	t = false;
	ASSERT_EQ(proc_args__whole(argv, 22, 256, &t), 22, "all fits");
	ASSERT_EQ(t, 0, "nothing dropped");
	t = false;
	ASSERT_EQ(proc_args__whole(argv, 22, 10, &t), 6, "cut after the last whole argument");
	ASSERT_EQ(t, 1, "truncation reported");
	t = false;
	ASSERT_EQ(proc_args__whole(argv, 22, 6, &t), 6, "a cut on an argument's end keeps it");
	t = true; /* the kernel read 9 of more bytes: "ls\0-l\0/ve" */
	ASSERT_EQ(proc_args__whole(argv, 9, 256, &t), 6, "a partial last argument is dropped");
	ASSERT_EQ(t, 1, "still truncated");
	t = false;
	ASSERT_EQ(proc_args__whole(argv, 22, 2, &t), 0, "a first argument too long: none");

	struct proc_cache *c = proc_cache__new(4, 10);
	struct proc_update u = exec_of(5, 1, 50, "ls", "/bin/ls", argv, 22);
	const struct proc_entry *e = proc_cache__update(c, &u);

	ASSERT_EQ(e->args_len, 6, "the cache applies its args bound");
	ASSERT_EQ(e->args_truncated, 1, "and says so");
	proc_cache__free(c);
}

/* The cut the exec record's cwd gets in the kernel, for paths read from /proc. */
static void test_path_deepest(void)
{
	static const struct {
		const char *path;
		size_t out_size;
		const char *want;
		bool truncated;
	} cases[] = {
	    {"/", 8, "/", false},
	    {"/a/b/c", 8, "/a/b/c", false},
	    {"/a/b/cd", 8, "/a/b/cd", false},  /* 7 bytes and the NUL: fits exactly */
	    {"/a/b/cde", 8, "/b/cde", true},   /* the deepest whole names */
	    {"/abc/defgh", 8, "/defgh", true}, /* a cut on a name's boundary keeps it */
	    {"/abcdefghij", 8, "", true},      /* not even the last name fits */
	    {"", 8, "", false},
	};
	char out[PROC_CACHE_CWD_LEN];
	bool t;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = false;
		memset(out, 'x', sizeof(out));
		proc_path__deepest(out, cases[i].out_size, cases[i].path, strlen(cases[i].path),
				   &t);
		ASSERT_STR_EQ(out, cases[i].want, cases[i].path);
		ASSERT_EQ(t, cases[i].truncated, cases[i].path);
	}
	/* Not terminated within len: len bounds it (readlink's buffer). */
	t = false;
	proc_path__deepest(out, 8, "/ab/cdXXXX", 6, &t);
	ASSERT_STR_EQ(out, "/ab/cd", "len bounds an unterminated path");
	ASSERT_EQ(t, 0, "and it fitted");
	t = true;
	proc_path__deepest(out, 8, "/a", 2, &t);
	ASSERT_EQ(t, 1, "a truncation already known is kept");
}

/* The exec's cwd is kept, a fork inherits its parent's, a later exec replaces it. */
static void test_cwd(void)
{
	struct proc_cache *c = proc_cache__new(8, 256);
	char longer[300];
	struct proc_update u;
	const struct proc_entry *e;

	u = exec_of(20, 1, 100, "sh", "/bin/sh", NULL, 0);
	u.cwd = "/srv/app";
	u.cwd_len = 9;
	e = proc_cache__update(c, &u);
	ASSERT_STR_EQ(e->cwd, "/srv/app", "exec cwd kept");
	ASSERT_EQ(e->cwd_truncated, 0, "not cut");
	u = (struct proc_update){.pid = 21, .ppid = 20, .start_ns = 200, .comm = "sh"};
	e = proc_cache__update(c, &u);
	ASSERT_STR_EQ(e->cwd, "/srv/app", "fork inherits the parent's cwd");
	/* The kernel cut it (CTW_EXEC_CWD_TRUNCATED): kept as cut, flag kept. */
	u = exec_of(21, 20, 300, "tool", "/bin/tool", NULL, 0);
	u.cwd = "/deepest/names";
	u.cwd_len = PROC_CACHE_CWD_LEN;
	u.cwd_truncated = true;
	e = proc_cache__update(c, &u);
	ASSERT_STR_EQ(e->cwd, "/deepest/names", "exec replaces the fork's cwd");
	ASSERT_EQ(e->cwd_truncated, 1, "the kernel's cut is kept");
	u = (struct proc_update){.pid = 22, .ppid = 21, .start_ns = 400, .comm = "tool"};
	e = proc_cache__update(c, &u);
	ASSERT_EQ(e->cwd_truncated, 1, "a fork inherits the cut too");
	/* Longer than the cache holds: its deepest names. */
	memset(longer, 'a', sizeof(longer));
	longer[0] = '/';
	memcpy(longer + sizeof(longer) - 6, "/tail", 6);
	u = exec_of(23, 1, 500, "x", "/x", NULL, 0);
	u.cwd = longer;
	u.cwd_len = sizeof(longer);
	e = proc_cache__update(c, &u);
	ASSERT_STR_EQ(e->cwd, "/tail", "a longer cwd keeps its deepest names");
	ASSERT_EQ(e->cwd_truncated, 1, "and says so");
	/* No cwd (a fork of an unknown parent): unknown. */
	u = (struct proc_update){.pid = 24, .ppid = 999, .start_ns = 600, .comm = "y"};
	e = proc_cache__update(c, &u);
	ASSERT_STR_EQ(e->cwd, "", "unknown cwd is empty");
	ASSERT_EQ(e->cwd_truncated, 0, "unknown is not cut");
	proc_cache__free(c);
}

static int write_str(const char *path, const char *s, size_t len)
{
	if (!len)
		len = strlen(s);

	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fwrite(s, 1, len, f);
	return fclose(f);
}

static void test_seed_fake_proc(void)
{
	char root[] = "/tmp/ctw-proc-XXXXXX", path[256];
	static const char cmd[] = "nginx: worker\0-g\0daemon off;\0";
	struct proc_cache *c = proc_cache__new(16, 256);
	const struct proc_entry *e;
	long hz = sysconf(_SC_CLK_TCK);

	ASSERT_TRUE(mkdtemp(root) != NULL, "mkdtemp");
	snprintf(path, sizeof(path), "%s/4242", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/4242/stat", root);
	/* A comm with a space and a parenthesis; flags 0x400100 (not a kernel thread). */
	write_str(path,
		  "4242 (we ird) x) S 4200 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 "
		  "12345 1000 100",
		  0);
	snprintf(path, sizeof(path), "%s/4242/cmdline", root);
	write_str(path, cmd, sizeof(cmd) - 1);
	snprintf(path, sizeof(path), "%s/4242/exe", root);
	ASSERT_EQ(symlink("/usr/sbin/nginx", path), 0, "exe link");
	snprintf(path, sizeof(path), "%s/4242/cwd", root);
	ASSERT_EQ(symlink("/var/www", path), 0, "cwd link");
	/* A kernel thread: PF_KTHREAD (0x200000) in flags. */
	snprintf(path, sizeof(path), "%s/2", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/2/stat", root);
	write_str(path, "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 3 0 0", 0);
	snprintf(path, sizeof(path), "%s/self", root);
	mkdir(path, 0755);

	ASSERT_EQ(proc_cache__seed(c, root), 2, "two processes seeded, other names passed over");
	e = proc_cache__lookup(c, 4242);
	ASSERT_TRUE(e != NULL, "seeded pid found");
	if (e) {
		ASSERT_STR_EQ(e->comm, "we ird) x", "comm with a ')' parsed");
		ASSERT_EQ(e->ppid, 4200, "ppid");
		ASSERT_EQ(e->start_ns, 12345ull * (1000000000ull / (unsigned long long)hz),
			  "start time from clock ticks");
		ASSERT_STR_EQ(e->exe, "/usr/sbin/nginx", "exe from the link");
		ASSERT_EQ(e->args_len, sizeof(cmd) - 1, "cmdline kept");
		ASSERT_EQ(e->origin, PROC_ORIGIN_PROC, "origin /proc");
		ASSERT_EQ(e->kernel_thread, 0, "not a kernel thread");
		ASSERT_STR_EQ(e->cwd, "/var/www", "cwd from the link");
		ASSERT_EQ(e->cwd_truncated, 0, "cwd whole");
	}
	e = proc_cache__lookup(c, 2);
	ASSERT_TRUE(e != NULL && e->kernel_thread, "kthreadd is a kernel thread");
	ASSERT_TRUE(e != NULL && !e->cwd[0], "a kernel thread's cwd is not read");
	/*
	 * A cwd longer than the cache holds keeps its deepest names; a link that
	 * is not an absolute path (not what the kernel writes) is not taken.
	 */
	{
		char target[400];

		memset(target, 'd', sizeof(target));
		for (size_t i = 0; i + 10 < sizeof(target); i += 10)
			target[i] = '/';
		memcpy(target + sizeof(target) - 10, "/deepest!", 10);
		snprintf(path, sizeof(path), "%s/4242/cwd", root);
		unlink(path);
		ASSERT_EQ(symlink(target, path), 0, "long cwd link");
		ASSERT_EQ(proc_cache__seed_pid(c, root, 4242), 0, "reseed with a long cwd");
		e = proc_cache__lookup(c, 4242);
		ASSERT_TRUE(e && e->cwd_truncated, "long cwd: truncated");
		ASSERT_TRUE(e && strlen(e->cwd) < PROC_CACHE_CWD_LEN && e->cwd[0] == '/',
			    "long cwd: whole names within the bound");
		ASSERT_TRUE(e && strlen(e->cwd) >= 9 &&
				strcmp(e->cwd + strlen(e->cwd) - 9, "/deepest!") == 0,
			    "long cwd: ends with the deepest name");
		unlink(path);
		ASSERT_EQ(symlink("relative/dir", path), 0, "relative cwd link");
		ASSERT_EQ(proc_cache__seed_pid(c, root, 4242), 0, "reseed with a relative cwd");
		e = proc_cache__lookup(c, 4242);
		ASSERT_TRUE(e && !e->cwd[0] && !e->cwd_truncated, "relative cwd: unknown");
		unlink(path);
		ASSERT_EQ(proc_cache__seed_pid(c, root, 4242), 0, "reseed without a cwd link");
		e = proc_cache__lookup(c, 4242);
		ASSERT_TRUE(e && !e->cwd[0] && !e->cwd_truncated, "no cwd link: unknown");
	}
	ASSERT_EQ(proc_cache__seed_pid(c, root, 999), -ENOENT, "a pid that is gone: -ENOENT");
	/*
	 * A line ending at the ')' of comm: the fields were looked for one byte past
	 * its end, beyond the read buffer when the line fills it (ASan pass).
	 */
	snprintf(path, sizeof(path), "%s/77", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/77/stat", root);
	write_str(path, "77 (x)", 0);
	ASSERT_EQ(proc_cache__seed_pid(c, root, 77), -EINVAL, "stat cut after comm: -EINVAL");
	{
		char line[1023];

		memset(line, 'x', sizeof(line));
		memcpy(line, "77 (", 4);
		line[sizeof(line) - 1] = ')';
		write_str(path, line, sizeof(line));
		ASSERT_EQ(proc_cache__seed_pid(c, root, 77), -EINVAL,
			  "a 1023-byte stat ending in ')': -EINVAL");
	}
	ASSERT_TRUE(proc_cache__seed(c, "/nonexistent-ctw") < 0, "unreadable root: error");
	proc_cache__free(c);
	snprintf(path, sizeof(path), "rm -rf '%s'", root);
	ASSERT_EQ(system(path), 0, "cleanup");
}

static void test_seed_real_proc(void)
{
	struct proc_cache *c = proc_cache__new(0, 256);
	const struct proc_entry *e;
	char self[PROC_CACHE_EXE_LEN];
	ssize_t n;

	ASSERT_TRUE(proc_cache__seed(c, "/proc") > 1, "the real /proc seeds");
	e = proc_cache__lookup(c, (uint32_t)getpid());
	ASSERT_TRUE(e != NULL, "this process is known");
	if (e) {
		ASSERT_EQ(e->ppid, (uint32_t)getppid(), "its parent");
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		self[n > 0 ? n : 0] = 0;
		ASSERT_STR_EQ(e->exe, self, "its executable");
		{
			struct stat st;

			stat("/proc/self/exe", &st);
			ASSERT_EQ(e->exe_ino, st.st_ino, "its executable's inode");
			ASSERT_TRUE(e->exe_dev != 0, "and device");
		}
		ASSERT_TRUE(e->args_len > 0 && strstr(e->args, "test_proc_cache"), "its argv");
		{
			char here[PATH_MAX];

			ASSERT_TRUE(getcwd(here, sizeof(here)) != NULL, "getcwd");
			if (strlen(here) < PROC_CACHE_CWD_LEN)
				ASSERT_STR_EQ(e->cwd, here, "its working directory");
			else
				ASSERT_TRUE(e->cwd_truncated, "its long working directory, cut");
		}
	}
	proc_cache__free(c);
}

/*
 * The kernel's start_boottime, cut to whole clock ticks, is what /proc/<pid>/stat
 * says: the same process read both ways gets the same start and fork exec_id.
 */
static void test_start_ns_matches_proc(void)
{
	struct proc_cache *c = proc_cache__new(64, 256);
	uint64_t tick = 1000000000ull / (uint64_t)sysconf(_SC_CLK_TCK);
	const struct proc_entry *e;
	char path[64], stat_line[1024], *p;
	unsigned long long ticks = 0;
	FILE *f;

	ASSERT_EQ(proc_cache__start_ns(5 * tick + tick - 1), 5 * tick, "cut to the tick below");
	ASSERT_EQ(proc_cache__start_ns(5 * tick), 5 * tick, "a whole tick stays");
	ASSERT_EQ(proc_cache__start_ns(0), 0, "zero stays");

	ASSERT_TRUE(c != NULL, "new");
	ASSERT_EQ(proc_cache__seed_pid(c, "/proc", (uint32_t)getpid()), 0, "seed self");
	e = proc_cache__lookup(c, (uint32_t)getpid());
	snprintf(path, sizeof(path), "/proc/%d/stat", getpid());
	f = fopen(path, "r");
	ASSERT_TRUE(f && fgets(stat_line, sizeof(stat_line), f), "read own stat");
	if (f)
		fclose(f);
	p = strrchr(stat_line, ')');
	for (int field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p)
		ticks = strtoull(p + 1, NULL, 10);
	ASSERT_TRUE(e && e->start_ns == ticks * tick, "/proc start in ns");
	/* Any boottime within that tick gives the same start. */
	ASSERT_TRUE(e && proc_cache__start_ns(ticks * tick + tick / 2) == e->start_ns,
		    "a kernel start_boottime inside the tick matches /proc's");

	/* A reparented process keeps its entry, with its new parent. */
	proc_cache__reparent(c, (uint32_t)getpid(), 1);
	ASSERT_EQ(proc_cache__lookup(c, (uint32_t)getpid())->ppid, 1, "reparented");
	proc_cache__free(c);
}

int main(void)
{
	test_exec_fork_exit();
	test_lineage_chain();
	test_churn_bounded();
	test_pool_fill();
	test_args_whole();
	test_path_deepest();
	test_cwd();
	test_seed_fake_proc();
	test_seed_real_proc();
	test_start_ns_matches_proc();
	return check_summary("proc_cache");
}
