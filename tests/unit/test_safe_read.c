// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Hostile files where a container's state or /proc files are expected: a
 * symlink (at the file and at a directory on the way), a FIFO and a 1 GiB
 * sparse file, planted in a host root made at test time. Each must be refused
 * or bounded at once, never followed or waited on, through safe_read and
 * through its two users, container_meta__read and posture__read. The same
 * checks run a second time in a child whose seccomp filter makes openat2(2)
 * fail with ENOSYS, as on kernels before 5.6, so the fallback walk is tested.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "container_meta.h"
#include "posture.h"
#include "safe_read.h"

#define ID "4c1d6e0f9a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5"
#define DOCKER_DIR "var/lib/docker/containers"
#define GOOD_JSON "{\"Name\":\"/web\",\"Config\":{\"Image\":\"nginx:1.27\"}}"
#define OCI_JSON "{\"annotations\":{\"io.kubernetes.cri.container-name\":\"web\"}}"
/* A refused open takes microseconds; a second means something waited or read the file. */
#define QUICK_NS 1000000000LL

static char root[64];

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Runs `cmd` with the temp root as $R. */
static int sh(const char *cmd)
{
	char full[1024];

	snprintf(full, sizeof(full), "R='%s'; set -e; %s", root, cmd);
	return system(full);
}

static void plant(const char *what, const char *cmd)
{
	ASSERT_EQ(sh("rm -rf \"$R\"/var \"$R\"/run \"$R\"/proc \"$R\"/elsewhere \"$R\"/srv"), 0,
		  "clean root");
	ASSERT_EQ(sh(cmd), 0, what);
}

static int read_docker(struct container_meta *m)
{
	struct container_ref ref = {.runtime = RUNTIME_DOCKER};

	snprintf(ref.id, sizeof(ref.id), "%s", ID);
	return container_meta__read(root, &ref, m);
}

static void test_state_files(void)
{
	char dir[256], *buf;
	struct container_meta m;
	size_t len;
	int64_t t0;
	int fd;

	snprintf(dir, sizeof(dir), "%s/" DOCKER_DIR, root);

	plant("a regular config.v2.json",
	      "mkdir -p \"$R\"/" DOCKER_DIR "/" ID " && echo '" GOOD_JSON "' > \"$R\"/" DOCKER_DIR
	      "/" ID "/config.v2.json");
	ASSERT_EQ(read_docker(&m), 0, "the real file is read");
	ASSERT_STR_EQ(m.name, "web", "its name");

	plant("config.v2.json a symlink to a file outside",
	      "mkdir -p \"$R\"/" DOCKER_DIR "/" ID " \"$R\"/elsewhere && echo '" GOOD_JSON
	      "' > \"$R\"/elsewhere/c.json && ln -s \"$R\"/elsewhere/c.json \"$R\"/" DOCKER_DIR
	      "/" ID "/config.v2.json");
	ASSERT_EQ(safe_read__open(dir, ID "/config.v2.json", 1 << 20), -ELOOP,
		  "symlinked file: ELOOP");
	ASSERT_EQ(read_docker(&m), -ENOENT, "symlinked file: no metadata from it");
	ASSERT_STR_EQ(m.name, "", "symlinked file: nothing read");

	plant("the container's directory a symlink",
	      "mkdir -p \"$R\"/" DOCKER_DIR " \"$R\"/elsewhere/" ID " && echo '" GOOD_JSON
	      "' > \"$R\"/elsewhere/" ID "/config.v2.json && ln -s \"$R\"/elsewhere/" ID
	      " \"$R\"/" DOCKER_DIR "/" ID);
	ASSERT_EQ(safe_read__open(dir, ID "/config.v2.json", 1 << 20), -ELOOP,
		  "symlinked directory: ELOOP");
	ASSERT_EQ(read_docker(&m), -ENOENT, "symlinked directory: no metadata");

	plant("the runtime's root a symlink (the host's own layout)",
	      "mkdir -p \"$R\"/elsewhere/" ID " \"$R\"/var/lib && echo '" GOOD_JSON
	      "' > \"$R\"/elsewhere/" ID "/config.v2.json && ln -s \"$R\"/elsewhere "
	      "\"$R\"/var/lib/docker && mkdir -p \"$R\"/elsewhere/containers && mv "
	      "\"$R\"/elsewhere/" ID " \"$R\"/elsewhere/containers/");
	ASSERT_EQ(read_docker(&m), 0, "a symlinked /var/lib/docker is the host's choice: read");

	ASSERT_EQ(safe_read__open(dir, "../../../../etc/passwd", 1 << 20) < 0, 1, "'..' refused");

	plant("config.v2.json a FIFO", "mkdir -p \"$R\"/" DOCKER_DIR "/" ID
				       " && mkfifo \"$R\"/" DOCKER_DIR "/" ID "/config.v2.json");
	t0 = now_ns();
	fd = safe_read__open(dir, ID "/config.v2.json", 1 << 20);
	ASSERT_EQ(fd, -EINVAL, "FIFO: not a regular file");
	ASSERT_EQ(read_docker(&m), -ENOENT, "FIFO: no metadata");
	ASSERT_TRUE(now_ns() - t0 < QUICK_NS, "FIFO refused without waiting for a writer");

	plant("config.v2.json 1 GiB, sparse",
	      "mkdir -p \"$R\"/" DOCKER_DIR "/" ID " && truncate -s 1G \"$R\"/" DOCKER_DIR "/" ID
	      "/config.v2.json");
	t0 = now_ns();
	ASSERT_EQ(safe_read__file(dir, ID "/config.v2.json", CONTAINER_META_MAX_FILE, &buf, &len),
		  -EFBIG, "1 GiB: above the bound");
	ASSERT_EQ(read_docker(&m), -ENOENT, "1 GiB: no metadata");
	ASSERT_TRUE(now_ns() - t0 < QUICK_NS, "1 GiB refused without reading it");

	/* A runc bundle named by a tenant's annotation: the last label is runc's own. */
	plant(
	    "a runc state whose bundle config.json is a symlink",
	    "mkdir -p \"$R\"/run/runc/" ID " \"$R\"/srv/b \"$R\"/elsewhere && echo '" OCI_JSON
	    "' > \"$R\"/elsewhere/c.json && ln -s \"$R\"/elsewhere/c.json \"$R\"/srv/b/config.json"
	    " && echo '{\"config\":{\"labels\":[\"bundle=/srv/b\"]}}' > \"$R\"/run/runc/" ID
	    "/state.json");
	ASSERT_EQ(read_docker(&m), -ENOENT, "runc bundle: symlinked config.json not followed");
	ASSERT_EQ(sh("rm \"$R\"/srv/b/config.json && cp \"$R\"/elsewhere/c.json "
		     "\"$R\"/srv/b/config.json"),
		  0, "the bundle's config.json a regular file");
	ASSERT_EQ(read_docker(&m), 0, "runc bundle: read");
	ASSERT_STR_EQ(m.name, "web", "runc bundle: its name");
	ASSERT_EQ(sh("rm -rf \"$R\"/run"), 0, "clean run");
}

static void test_bounded_reads(void)
{
	char *buf = NULL, status[64], magic[64];
	size_t len = 0;
	int fd;

	snprintf(status, sizeof(status), "/proc/%d/status", (int)getpid());
	snprintf(magic, sizeof(magic), "/proc/%d/root/etc/hostname", (int)getpid());
	ASSERT_EQ(safe_read__file(NULL, status, 1 << 16, &buf, &len), 0,
		  "/proc/PID/status (size 0) read to its end");
	ASSERT_TRUE(buf && len > 0 && strstr(buf, "CapEff:"), "its text");
	free(buf);
	ASSERT_EQ(safe_read__file(NULL, status, 16, &buf, &len), -EFBIG,
		  "a size-0 file longer than the bound: EFBIG");
	fd = safe_read__open(NULL, status, 16);
	ASSERT_TRUE(fd >= 0, "open alone does not know its length: the reader bounds it");
	if (fd >= 0)
		close(fd);
	ASSERT_EQ(safe_read__open(NULL, magic, 1 << 16), -ELOOP,
		  "a magic link on the path (/proc/PID/root): refused");
	ASSERT_EQ(safe_read__open(NULL, "", 16), -EINVAL, "empty path");
}

/* posture__read with the process's files replaced: a FIFO status, a 1 GiB mountinfo. */
static void test_posture(void)
{
	struct posture_source src = {.host_root = root, .pid = 100};
	struct posture_facts f;
	int64_t t0;

	plant("/proc/100/status a FIFO",
	      "mkdir -p \"$R\"/proc/100 && mkfifo \"$R\"/proc/100/status");
	t0 = now_ns();
	ASSERT_EQ(posture__read(&src, &f), -ESRCH, "FIFO status: unreadable, not waited on");
	ASSERT_TRUE(now_ns() - t0 < QUICK_NS, "FIFO status refused at once");

	plant("/proc/100/mountinfo 1 GiB, status a symlink to the host's",
	      "mkdir -p \"$R\"/proc/100 \"$R\"/proc/1 && printf 'CapEff:\\t0000000000000000\\n' > "
	      "\"$R\"/proc/100/status && truncate -s 1G \"$R\"/proc/100/mountinfo && printf "
	      "'CapEff:\\t000001ffffffffff\\nCapBnd:\\t000001ffffffffff\\n' > \"$R\"/proc/1/s && "
	      "ln -s s \"$R\"/proc/1/status");
	t0 = now_ns();
	ASSERT_EQ(posture__read(&src, &f), 0, "status read");
	ASSERT_TRUE(now_ns() - t0 < QUICK_NS, "1 GiB mountinfo not read");
	ASSERT_EQ(f.rootfs_readonly, POSTURE_UNKNOWN, "mounts unknown");
	ASSERT_EQ(f.host_cap_bnd, 0, "symlinked /proc/1/status not followed");
}

/*
 * The other runtimes' state files, each replaced by a symlink to a good copy, a FIFO and a
 * 1 GiB sparse file: never followed, waited on or read. A regular file at the same place is
 * read first, so a refusal is the file's doing, not a wrong path.
 */
static void test_other_runtimes(void)
{
	static const struct {
		const char *runtime;
		enum container_runtime ref_runtime;
		const char *dir, *file, *content;
	} cases[] = {
	    {"containerd", RUNTIME_CONTAINERD,
	     "run/containerd/io.containerd.runtime.v2.task/k8s.io/" ID, "config.json", OCI_JSON},
	    {"cri-o", RUNTIME_CRIO, "run/containers/storage/overlay-containers/" ID "/userdata",
	     "config.json", OCI_JSON},
	    {"podman's storage index", RUNTIME_PODMAN,
	     "var/lib/containers/storage/overlay-containers", "containers.json",
	     "[{\"id\":\"" ID "\",\"names\":[\"web\"]}]"},
	    {"runc", RUNTIME_NONE, "run/runc/" ID, "state.json",
	     "{\"config\":{\"labels\":[\"bundle=/srv/b\"]}}"},
	};
	static const struct {
		const char *what, *cmd; /* cmd: $F the file, $G a good copy elsewhere */
	} kinds[] = {
	    {"a symlink", "ln -s \"$G\" \"$F\""},
	    {"a FIFO", "mkfifo \"$F\""},
	    {"1 GiB, sparse", "truncate -s 1G \"$F\""},
	};
	struct container_ref ref;
	struct container_meta m;
	char cmd[1024], what[160];
	int64_t t0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ref.runtime = cases[i].ref_runtime;
		snprintf(ref.id, sizeof(ref.id), "%s", ID);
		for (size_t k = 0; k <= sizeof(kinds) / sizeof(kinds[0]); k++) {
			/* k == 0: the regular file; then each hostile kind. */
			snprintf(
			    cmd, sizeof(cmd),
			    "F=\"$R\"/%s/%s; G=\"$R\"/elsewhere/%s; mkdir -p \"$R\"/%s "
			    "\"$R\"/elsewhere \"$R\"/srv/b && echo '%s' > \"$R\"/srv/b/config.json "
			    "&& echo '%s' > \"$G\" && %s",
			    cases[i].dir, cases[i].file, cases[i].file, cases[i].dir, OCI_JSON,
			    cases[i].content, k ? kinds[k - 1].cmd : "cp \"$G\" \"$F\"");
			snprintf(what, sizeof(what), "%s: %s %s", cases[i].runtime, cases[i].file,
				 k ? kinds[k - 1].what : "regular");
			plant(what, cmd);
			t0 = now_ns();
			if (!k) {
				ASSERT_EQ(container_meta__read(root, &ref, &m), 0, what);
				ASSERT_STR_EQ(m.name, "web", what);
				continue;
			}
			ASSERT_EQ(container_meta__read(root, &ref, &m), -ENOENT, what);
			ASSERT_TRUE(now_ns() - t0 < QUICK_NS, what);
		}
	}
}

static void run_all(void)
{
	test_state_files();
	test_other_runtimes();
	test_bounded_reads();
	test_posture();
}

/* The checks again with openat2(2) failing ENOSYS; the child's result is its exit status. */
static void test_without_openat2(void)
{
	struct sock_filter filter[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {.len = sizeof(filter) / sizeof(filter[0]), .filter = filter};
	int status = -1;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
			_exit(100);
		check_failed = 0;
		run_all();
		_exit(check_failed ? 1 : 0);
	}
	ASSERT_TRUE(pid > 0 && waitpid(pid, &status, 0) == pid, "child ran");
	ASSERT_TRUE(WIFEXITED(status), "child finished");
	ASSERT_EQ(WEXITSTATUS(status), 0,
		  "every check passes without openat2 (the O_NOFOLLOW walk)");
}

int main(void)
{
	char cmd[128];

	/* A hang is the failure this test is about: end it long before the runner's timeout. */
	alarm(60);
	snprintf(root, sizeof(root), "/tmp/ctw-safe-read-XXXXXX");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 1;
	}
	run_all();
	test_without_openat2();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	ASSERT_EQ(system(cmd), 0, "cleanup");
	return check_summary("safe_read");
}
