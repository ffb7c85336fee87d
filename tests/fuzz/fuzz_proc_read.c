// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A container process's /proc files as the collector reads them from disk,
 * written into a fake host root: posture__read (the process's and init's
 * status, cap_last_cap, attr, uid_map, both mountinfo files, /proc/<pid>/cgroup
 * through to the v1 controllers' limit and devices files), posture's
 * readiness test (comm), the process cache's seed (stat, cmdline), the ptrace
 * target's cgroup2 path, and the v1 hierarchy chosen from /proc/cgroups and
 * init's mountinfo. The parsers the posture target calls directly are reached
 * here through the reads, file sizes and missing files included.
 *
 * Input: two bytes, each set bit dropping that file of `files` below; a byte
 * picking the host root of the v1 choice; then the files in their order,
 * separated by NUL bytes; the last, cmdline, is the rest with its NUL bytes.
 * Checks: documented return values, strings terminated in their arrays,
 * posture findings in range, a chosen v1 mount below the host root.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cgroup_v1.h"
#include "fuzz.h"
#include "fuzz_posture.h"
#include "posture.h"
#include "proc_cache.h"
#include "ptrace_target.h"

#define PID 100
#define CID "612efe32d33b1a4bf398b1f42035322806eba7654f6bda7b88cb049b599208f6"

#define V1 "sys/fs/cgroup/"
static const char *const files[] = {
    "proc/100/status",
    "proc/1/status",
    "proc/sys/kernel/cap_last_cap",
    "proc/100/attr/current",
    "proc/100/uid_map",
    "proc/100/mountinfo",
    "proc/1/mountinfo",
    "proc/100/cgroup",
    "proc/cgroups",
    V1 "memory/docker/" CID "/memory.limit_in_bytes",
    V1 "pids/docker/" CID "/pids.max",
    V1 "devices/docker/" CID "/devices.list",
    V1 "unified/docker/" CID "/cpu.max",
    "proc/100/comm",
    "proc/100/stat",
    "proc/100/cmdline",
};
#define N_FILES (sizeof(files) / sizeof(files[0]))

static char root[64];

static void put(const char *name, const char *data, size_t len)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || (len && write(fd, data, len) != (ssize_t)len))
		abort();
	close(fd);
}

static void drop(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, name);
	if (unlink(path) < 0 && errno != ENOENT)
		abort();
}

/* Once per process: the fake root in tmpfs, removed at exit. */
static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_proc_read: %s failed\n", cmd);
}

/* mkdir -p of the directories above name, inside root. */
static void make_parents(const char *name)
{
	char path[256];
	int n = snprintf(path, sizeof(path), "%s/", root);

	for (const char *c = name; *c; c++) {
		if (*c == '/') {
			path[n] = '\0';
			if (mkdir(path, 0700) < 0 && errno != EEXIST)
				abort();
		}
		path[n++] = *c;
	}
}

static void make_root(void)
{
	snprintf(root, sizeof(root), "/dev/shm/ctw-fuzz-proc-XXXXXX");
	if (!mkdtemp(root))
		abort();
	for (size_t i = 0; i < N_FILES; i++)
		make_parents(files[i]);
	atexit(cleanup);
}

static void check_posture(void)
{
	struct ctw_namespaces ns = {.mnt = 10, .pid = 11, .net = 12, .user = 1};
	struct ctw_namespaces host = {.mnt = 1, .pid = 1, .net = 1, .user = 1};
	char cg2[128];
	struct posture_source src = {.host_root = root,
				     .cgroup2_root = cg2,
				     .cgroup_path = "/docker/" CID,
				     .container_id = CID,
				     .pid = PID,
				     .ns = &ns,
				     .host_ns = &host};
	struct posture_facts f;
	int ret;

	snprintf(cg2, sizeof(cg2), "%s/sys/fs/cgroup/unified", root);
	ret = posture__process_ready(root, PID);
	FUZZ_CHECK(ret == 0 || ret == 1 || ret == -ESRCH, "process_ready ret %d", ret);
	ret = posture__read(&src, &f);
	FUZZ_CHECK(ret == 0 || ret == -ESRCH, "posture__read ret %d", ret);
	if (ret == 0)
		fuzz_check_posture_facts(&f);
}

static void check_proc_cache(const char *proc)
{
	struct proc_cache *c = proc_cache__new(4, 256);
	const struct proc_entry *e;
	int ret;

	if (!c)
		abort();
	ret = proc_cache__seed_pid(c, proc, PID);
	FUZZ_CHECK(ret == 0 || ret == -EINVAL || ret == -ENOENT || ret == -ENOMEM,
		   "seed_pid ret %d", ret);
	e = proc_cache__lookup(c, PID);
	FUZZ_CHECK((ret == 0) == (e != NULL), "seed_pid %d but entry %p", ret, (const void *)e);
	if (e) {
		FUZZ_CHECK(memchr(e->comm, 0, sizeof(e->comm)), "comm unterminated");
		FUZZ_CHECK(memchr(e->exe, 0, sizeof(e->exe)), "exe unterminated");
		FUZZ_CHECK(e->args_len <= 256 && (e->args_len == 0 || e->args), "args_len %zu",
			   e->args_len);
		ret = proc_cache__refresh_comm(c, proc, PID);
		FUZZ_CHECK(ret == 0 || ret == -ESRCH || ret == -EINVAL || ret == -ENOENT,
			   "refresh_comm ret %d", ret);
		FUZZ_CHECK(memchr(e->comm, 0, sizeof(e->comm)), "refreshed comm unterminated");
	}
	proc_cache__free(c);
}

static void check_cgroups(const char *proc, const char *proc_cgroups, uint8_t pick)
{
	static const char *const host_roots[] = {NULL, "", "/host", "/"};
	const char *host_root = host_roots[pick % 4];
	struct cgroup_v1_hierarchy v1;
	char mi[256];
	uint64_t id;
	int ret;

	ret = ptrace_target__cgroup_id(proc, "/nonexistent-ctw-cgroup2", PID, &id);
	FUZZ_CHECK(ret < 0 && ret >= -4095, "ptrace target cgroup ret %d", ret);

	snprintf(mi, sizeof(mi), "%s/proc/1/mountinfo", root);
	memset(&v1, 0xa5, sizeof(v1));
	ret = cgroup_v1__choose_at(proc_cgroups, mi, host_root, &v1);
	FUZZ_CHECK(ret == 0 || ret == -ENOENT || ret == -ENAMETOOLONG || ret == -EINVAL,
		   "cgroup_v1 ret %d", ret);
	if (ret == 0) {
		size_t hlen = host_root ? strlen(host_root) : 0;

		while (hlen && host_root[hlen - 1] == '/')
			hlen--;
		FUZZ_CHECK(v1.hierarchy_id != 0, "hierarchy 0 chosen");
		FUZZ_CHECK(memchr(v1.controller, 0, sizeof(v1.controller)) &&
			       memchr(v1.subsys_enum, 0, sizeof(v1.subsys_enum)) &&
			       memchr(v1.mount, 0, sizeof(v1.mount)),
			   "v1 strings unterminated");
		FUZZ_CHECK(strncmp(v1.mount, host_root ? host_root : "", hlen) == 0 &&
			       (v1.mount[hlen] == '\0' || v1.mount[hlen] == '/'),
			   "v1 mount %s outside the host root", v1.mount);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {data, size};
	unsigned int dropped = fuzz_u8(&in) | (unsigned int)fuzz_u8(&in) << 8;
	uint8_t pick = fuzz_u8(&in);
	const char *text[N_FILES];
	size_t len[N_FILES];
	size_t n;
	char *all = fuzz_rest(&in, &n), *p = all, *end = all + n;
	char proc[128];

	if (!root[0])
		make_root();
	/* Split at NUL bytes; the last file keeps the rest, NULs and all. */
	for (size_t i = 0; i < N_FILES; i++) {
		char *nul = i + 1 < N_FILES ? memchr(p, 0, (size_t)(end - p)) : NULL;

		text[i] = p;
		len[i] = nul ? (size_t)(nul - p) : (size_t)(end - p);
		p = nul ? nul + 1 : end;
	}
	for (size_t i = 0; i < N_FILES; i++) {
		if (dropped & (1u << i))
			drop(files[i]);
		else
			put(files[i], text[i], len[i]);
	}
	snprintf(proc, sizeof(proc), "%s/proc", root);

	check_posture();
	check_proc_cache(proc);
	/* /proc/cgroups as the caller hands it over: text, terminated at its first NUL. */
	check_cgroups(proc, dropped & (1u << 8) ? "" : text[8], pick);
	free(all);
	return 0;
}
