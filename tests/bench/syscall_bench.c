// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Per-call cost of each monitored syscall in a cheap form, plus getpid as an
 * unmonitored control. Raw syscall() everywhere: glibc's set*id wrappers
 * would signal every thread, and their caching would hide the kernel.
 *
 *   syscall_bench [-b BATCHES] [-p PAUSE_MS] [-x TINY_STATIC_BINARY] [-f FILE] OP[:ITERS]...
 *
 * Batches are interleaved across the ops (op1 op2 ... op1 op2 ...) with a
 * pause between them, so the collector drains its ring buffer and a burst of
 * background activity lands on one batch of every op rather than on all of
 * one op. Prints, per op: "OP MEDIAN_NS_PER_CALL CALLS" (CALLS: all calls made).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_OPS 32
#define MAX_BATCHES 64

struct file_handle_small {
	unsigned int handle_bytes;
	int handle_type;
	unsigned char f_handle[8];
};

static struct __user_cap_header_struct cap_hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
static struct __user_cap_data_struct cap_data[2];
static uid_t ruid, euid, suid;
static const char *tiny = "tests/bench/true";
static const char *file_path = "/tmp/ctrwatch-bench-file";
static char link_path[4096]; /* file_path + ".lnk": link_unlink's new name */
static struct file_handle_small fh = { .handle_bytes = 8 };
static char fifo_path[4096];	 /* file_path + ".fifo": mknod_fifo's node */
static struct sockaddr_in refused; /* 127.0.0.1, a port bound but not listening */
/* A socket path no runtime uses: the connect probe's suffix filter drops it. */
static struct sockaddr_un unix_absent = { AF_UNIX, "/tmp/ctrwatch-bench-absent.sock" };

static long op_getpid(void)
{
	return syscall(SYS_getpid);
}

static long op_capset(void)
{
	return syscall(SYS_capset, &cap_hdr, cap_data);
}

static long op_setuid(void)
{
	return syscall(SYS_setuid, ruid);
}

static long op_setresuid(void)
{
	return syscall(SYS_setresuid, ruid, euid, suid);
}

static long op_mount(void)
{
	/* Fails (ENOENT on the target): no side effect, still one event. */
	return syscall(SYS_mount, "none", "/nonexistent/ctrwatch-bench", "ctwbench", 0, NULL);
}

static long op_setns(void)
{
	return syscall(SYS_setns, -1, 0);
}

static long op_unshare(void)
{
	return syscall(SYS_unshare, 0);
}

static long op_open_by_handle_at(void)
{
	return syscall(SYS_open_by_handle_at, -1, &fh, O_RDONLY);
}

static long op_open_close(void)
{
	int fd = open(file_path, O_WRONLY | O_CLOEXEC);

	if (fd >= 0)
		close(fd);
	return fd;
}

/* A hard link (a name on no sensitive list: the probe's name filter drops it) and its removal. */
static long op_link_unlink(void)
{
	long ret = syscall(SYS_linkat, AT_FDCWD, file_path, AT_FDCWD, link_path, 0);

	if (ret == 0)
		unlink(link_path);
	return ret;
}

static char pvm_buf[16];

/* process_vm: 16 bytes of our own memory, the cheapest form that succeeds. */
static long op_process_vm_readv(void)
{
	char local[sizeof(pvm_buf)];
	struct iovec liov = { local, sizeof(local) }, riov = { pvm_buf, sizeof(pvm_buf) };

	return syscall(SYS_process_vm_readv, getpid(), &liov, 1, &riov, 1, 0);
}

/* kernel_api: KEYCTL_GET_KEYRING_ID of the session keyring, without creating one. */
static long op_keyctl(void)
{
	return syscall(SYS_keyctl, 0, -3, 0, 0, 0);
}

/*
 * connect(2) on TCP: a socket, a connect the kernel refuses at once (RST from a
 * bound port nobody listens on) and a close. The connect probe keeps only
 * AF_UNIX connects: this is its filter's cost on the commonest connect.
 */
static long op_connect_tcp(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	long ret;

	if (fd < 0)
		return -1;
	ret = connect(fd, (struct sockaddr *)&refused, sizeof(refused));
	close(fd);
	return ret;
}

/* connect(2) on a unix socket to a path that names no runtime (and does not exist). */
static long op_connect_unix(void)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	long ret;

	if (fd < 0)
		return -1;
	ret = connect(fd, (struct sockaddr *)&unix_absent, sizeof(unix_absent));
	close(fd);
	return ret;
}

/* mknod(2) of a FIFO (dropped in the kernel: only device nodes are kept) and its removal. */
static long op_mknod_fifo(void)
{
	long ret = syscall(SYS_mknodat, AT_FDCWD, fifo_path, S_IFIFO | 0600, 0);

	if (ret == 0)
		unlink(fifo_path);
	return ret;
}

/*
 * clone(2) without namespace flags: glibc's fork() is a clone call; the child
 * exits at once. The clone probe drops it in the kernel; the fork and exit
 * programs of the process cache run as for any process.
 */
static long op_fork_wait(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static long op_fork_exec(void)
{
	char *const argv[] = { (char *)tiny, NULL };
	char *const envp[] = { NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execve(tiny, argv, envp);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static const struct op {
	const char *name;
	long (*fn)(void);
	long default_iters;
	int must_succeed; /* 1: the cheap form succeeds; 0: it is meant to fail */
} ops[] = {
	{ "getpid", op_getpid, 200000, 1 },
	{ "capset", op_capset, 20000, 1 },
	{ "setuid", op_setuid, 20000, 1 },
	{ "setresuid", op_setresuid, 20000, 1 },
	{ "mount", op_mount, 5000, 0 },
	{ "setns", op_setns, 20000, 0 },
	{ "unshare", op_unshare, 20000, 1 },
	{ "open_by_handle_at", op_open_by_handle_at, 20000, 0 },
	{ "open_close", op_open_close, 20000, 1 },
	{ "link_unlink", op_link_unlink, 20000, 1 },
	{ "fork_exec", op_fork_exec, 250, 1 },
	{ "process_vm_readv", op_process_vm_readv, 20000, 1 },
	{ "keyctl", op_keyctl, 20000, 1 },
	{ "connect_tcp", op_connect_tcp, 20000, 0 },
	{ "connect_unix", op_connect_unix, 20000, 0 },
	{ "mknod_fifo", op_mknod_fifo, 20000, 1 },
	{ "fork_wait", op_fork_wait, 500, 1 },
};

static const struct op *find_op(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strlen(ops[i].name) == len && strncmp(ops[i].name, name, len) == 0)
			return &ops[i];
	return NULL;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * A port on 127.0.0.1 bound by a socket that never listens: connects to it are
 * refused at once. The socket stays open for the whole run.
 */
static int refused_port_bind(void)
{
	socklen_t len = sizeof(refused);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	refused.sin_family = AF_INET;
	refused.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&refused, sizeof(refused)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&refused, &len) < 0)
		return -1;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	const struct op *sel[MAX_OPS];
	long iters[MAX_OPS];
	double samples[MAX_OPS][MAX_BATCHES];
	int batches = 7, pause_ms = 50, n = 0, opt, fd;

	while ((opt = getopt(argc, argv, "b:p:x:f:")) != -1) {
		switch (opt) {
		case 'b':
			batches = atoi(optarg);
			break;
		case 'p':
			pause_ms = atoi(optarg);
			break;
		case 'x':
			tiny = optarg;
			break;
		case 'f':
			file_path = optarg;
			break;
		default:
			return 2;
		}
	}
	if (batches < 1 || batches > MAX_BATCHES || optind >= argc) {
		fprintf(stderr, "usage: syscall_bench [-b 1..%d] [-p MS] [-x BIN] [-f FILE] "
				"OP[:ITERS]...\n",
			MAX_BATCHES);
		return 2;
	}
	for (; optind < argc && n < MAX_OPS; optind++, n++) {
		const char *arg = argv[optind];
		size_t len = strcspn(arg, ":");

		sel[n] = find_op(arg, len);
		if (!sel[n]) {
			fprintf(stderr, "syscall_bench: unknown op '%s'\n", arg);
			return 2;
		}
		iters[n] = arg[len] ? atol(arg + len + 1) : sel[n]->default_iters;
	}

	if (syscall(SYS_capget, &cap_hdr, cap_data) < 0 ||
	    syscall(SYS_getresuid, &ruid, &euid, &suid) < 0) {
		perror("syscall_bench: capget/getresuid");
		return 1;
	}
	fd = open(file_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		perror(file_path);
		return 1;
	}
	close(fd);
	snprintf(link_path, sizeof(link_path), "%s.lnk", file_path);
	unlink(link_path);
	snprintf(fifo_path, sizeof(fifo_path), "%s.fifo", file_path);
	unlink(fifo_path);
	if (refused_port_bind() < 0) {
		perror("syscall_bench: a refusing TCP port");
		return 1;
	}
	/* Each op once: a cheap form that should succeed and does not is a broken bench. */
	for (int i = 0; i < n; i++) {
		if (sel[i]->must_succeed && sel[i]->fn() < 0) {
			fprintf(stderr, "syscall_bench: %s failed: %s\n", sel[i]->name,
				strerror(errno));
			return 1;
		}
	}

	for (int b = 0; b < batches; b++) {
		for (int i = 0; i < n; i++) {
			struct timespec pause = { 0, pause_ms * 1000000L };
			double t0 = now_ns();

			for (long k = 0; k < iters[i]; k++)
				sel[i]->fn();
			samples[i][b] = (now_ns() - t0) / iters[i];
			nanosleep(&pause, NULL);
		}
	}
	for (int i = 0; i < n; i++) {
		qsort(samples[i], batches, sizeof(double), cmp_double);
		/* +1 for the check call above. */
		printf("%s %.1f %ld\n", sel[i]->name, samples[i][batches / 2],
		       iters[i] * batches + (sel[i]->must_succeed ? 1 : 0));
	}
	return 0;
}
