// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * surftrig: the calls of the kernel attack surface the detection tests make
 * (namespaces made by clone, runtime sockets, ...). Static, like trigger, so
 * that it runs in the busybox rootfs, and with the same output line per
 * syscall so that trigger_parse reads it:
 *
 *	trigger: pid=<pid> op=<name> ret=<raw return> errno=<errno or 0>
 *
 *   clone NS[,NS...]       clone(2) of a child in new namespaces (mnt, uts,
 *   clone3 NS[,NS...]      ipc, user, pid, net, cgroup, or a number), or
 *                          clone3(2); the child exits at once, the parent
 *                          reaps it. "none": an ordinary fork through the call
 *   connect PATH           connect(2) of a unix stream socket to PATH ("@name":
 *                          the abstract address "name")
 *   pvm read|write TARGET  process_vm_readv(2)/process_vm_writev(2) of 16 bytes
 *                          of a global buffer in TARGET: a pid, "self", or
 *                          "child" (a forked child, killed after). The binary
 *                          is static and not PIE: the buffer has the same
 *                          address in every surftrig process.
 *   sleep SECONDS          print "trigger: pid=... op=sleep", then sleep (a target)
 *   io_uring ENTRIES       io_uring_setup(2) with ENTRIES, no flags
 *   userfaultfd            userfaultfd(O_CLOEXEC | UFFD_USER_MODE_ONLY)
 *   keyctl-join NAME       keyctl(KEYCTL_JOIN_SESSION_KEYRING, NAME)
 *   add_key TYPE DESC      add_key(TYPE, DESC, "x", 1, KEY_SPEC_PROCESS_KEYRING)
 *   request_key TYPE DESC  request_key(TYPE, DESC, NULL, 0)
 *   perf                   perf_event_open(PERF_TYPE_SOFTWARE, CPU_CLOCK, self,
 *                          any cpu, PERF_FLAG_FD_CLOEXEC)
 *   socket FAMILY          socket(FAMILY, SOCK_DGRAM, 0): a family whose module
 *                          is not loaded makes the kernel ask for "net-pf-N"
 *
 * Exit status: 0 if the last syscall succeeded, 1 if it failed, 2 on misuse.
 */
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/io_uring.h>
#include <linux/perf_event.h>
#include <linux/sched.h>

/* A static binary for containers, built without the collector's headers. */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static long report(const char *op, long ret)
{
	int err = ret < 0 ? errno : 0;

	printf("trigger: pid=%d op=%s ret=%ld errno=%d\n", (int)getpid(), op, ret, err);
	fflush(stdout);
	errno = err;
	return ret;
}

static int status_of(long ret)
{
	return ret < 0 ? 1 : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: surftrig clone|clone3 NS[,NS...]|none | connect PATH |\n"
			"  pvm read|write PID|self|child | sleep SECONDS | io_uring ENTRIES |\n"
			"  userfaultfd | keyctl-join NAME | add_key TYPE DESC |\n"
			"  request_key TYPE DESC | perf | socket FAMILY\n");
	return 2;
}

static const struct {
	const char *name;
	unsigned long flag;
} ns_flags[] = {
    {"mnt", CLONE_NEWNS},	 {"uts", CLONE_NEWUTS}, {"ipc", CLONE_NEWIPC},
    {"user", CLONE_NEWUSER},	 {"pid", CLONE_NEWPID}, {"net", CLONE_NEWNET},
    {"cgroup", CLONE_NEWCGROUP}, {"none", 0},
};

/* -1 on a name that is neither a namespace nor a number. */
static long ns_flags_parse(const char *list)
{
	char *copy = strdup(list), *tok, *save = NULL, *end;
	long flags = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(ns_flags); i++)
			if (!strcmp(tok, ns_flags[i].name))
				break;
		if (i < ARRAY_SIZE(ns_flags)) {
			flags |= ns_flags[i].flag;
			continue;
		}
		flags |= strtol(tok, &end, 0);
		if (*end) {
			flags = -1;
			break;
		}
	}
	free(copy);
	return flags;
}

/* The child returns 0 from the call on a copy of the parent's stack, like fork. */
static int cmd_clone(int clone3, int argc, char **argv)
{
	struct clone_args ca;
	long flags, ret;

	if (argc != 1 || (flags = ns_flags_parse(argv[0])) < 0)
		return usage();
	if (clone3) {
		memset(&ca, 0, sizeof(ca));
		ca.flags = (uint64_t)flags;
		ca.exit_signal = SIGCHLD;
		ret = syscall(SYS_clone3, &ca, sizeof(ca));
	} else {
		ret = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
	}
	if (ret == 0)
		_exit(0);
	report(clone3 ? "clone3" : "clone", ret);
	if (ret > 0)
		waitpid((pid_t)ret, NULL, 0);
	return status_of(ret);
}

static int cmd_connect(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	socklen_t len;
	long ret;
	int fd;

	if (argc != 1 || strlen(argv[0]) >= sizeof(sa.sun_path))
		return usage();
	strcpy(sa.sun_path, argv[0]);
	len = offsetof(struct sockaddr_un, sun_path) + strlen(argv[0]) + 1;
	if (argv[0][0] == '@') {
		sa.sun_path[0] = 0;
		len--;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return report("socket", -1), 1;
	ret = report("connect", syscall(SYS_connect, fd, &sa, len));
	close(fd);
	return status_of(ret);
}

/* What process_vm reads or writes: the same address in every surftrig. */
static char pvm_buf[16] = "surftrig pvm buf";

static int cmd_pvm(int argc, char **argv)
{
	char local[sizeof(pvm_buf)];
	struct iovec liov = {local, sizeof(local)}, riov = {pvm_buf, sizeof(pvm_buf)};
	int write;
	pid_t pid, child = 0;
	long ret;

	if (argc != 2 || (strcmp(argv[0], "read") && strcmp(argv[0], "write")))
		return usage();
	write = !strcmp(argv[0], "write");
	memcpy(local, pvm_buf, sizeof(local));
	if (!strcmp(argv[1], "self")) {
		pid = getpid();
	} else if (!strcmp(argv[1], "child")) {
		child = fork();
		if (child < 0)
			return report("fork", -1), 1;
		if (child == 0) {
			pause();
			_exit(0);
		}
		pid = child;
	} else {
		pid = atoi(argv[1]);
	}
	if (write)
		ret = syscall(SYS_process_vm_writev, pid, &liov, 1, &riov, 1, 0);
	else
		ret = syscall(SYS_process_vm_readv, pid, &liov, 1, &riov, 1, 0);
	report(write ? "process_vm_writev" : "process_vm_readv", ret);
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	return status_of(ret);
}

static int cmd_sleep(int argc, char **argv)
{
	if (argc != 1)
		return usage();
	report("sleep", 0);
	sleep(atoi(argv[0]));
	return 0;
}

static int cmd_io_uring(int argc, char **argv)
{
	struct io_uring_params p;
	long ret;

	if (argc != 1)
		return usage();
	memset(&p, 0, sizeof(p));
	ret = report("io_uring_setup", syscall(SYS_io_uring_setup, atoi(argv[0]), &p));
	if (ret >= 0)
		close((int)ret);
	return status_of(ret);
}

#define UFFD_USER_MODE_ONLY_ 1
#define O_CLOEXEC_ 02000000

static int cmd_userfaultfd(void)
{
	long ret =
	    report("userfaultfd", syscall(SYS_userfaultfd, O_CLOEXEC_ | UFFD_USER_MODE_ONLY_));

	if (ret >= 0)
		close((int)ret);
	return status_of(ret);
}

#define KEYCTL_JOIN_SESSION_KEYRING_ 1
#define KEY_SPEC_PROCESS_KEYRING_ (-2)

static int cmd_keys(const char *op, int argc, char **argv)
{
	long ret;

	if (!strcmp(op, "keyctl-join")) {
		if (argc != 1)
			return usage();
		ret = syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING_, argv[0], 0, 0, 0);
		return status_of(report("keyctl", ret));
	}
	if (argc != 2)
		return usage();
	if (!strcmp(op, "add_key"))
		ret = report("add_key", syscall(SYS_add_key, argv[0], argv[1], "x", 1,
						KEY_SPEC_PROCESS_KEYRING_));
	else
		ret = report("request_key", syscall(SYS_request_key, argv[0], argv[1], NULL, 0));
	return status_of(ret);
}

static int cmd_perf(void)
{
	struct perf_event_attr attr;
	long ret;

	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_SOFTWARE;
	attr.size = sizeof(attr);
	attr.config = PERF_COUNT_SW_CPU_CLOCK;
	attr.disabled = 1;
	attr.exclude_kernel = 1;
	ret = report("perf_event_open",
		     syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC));
	if (ret >= 0)
		close((int)ret);
	return status_of(ret);
}

static int cmd_socket(int argc, char **argv)
{
	long ret;

	if (argc != 1)
		return usage();
	ret = report("socket", socket(atoi(argv[0]), SOCK_DGRAM | SOCK_CLOEXEC, 0));
	if (ret >= 0)
		close((int)ret);
	return status_of(ret);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "clone"))
		return cmd_clone(0, argc - 2, argv + 2);
	if (!strcmp(argv[1], "clone3"))
		return cmd_clone(1, argc - 2, argv + 2);
	if (!strcmp(argv[1], "connect"))
		return cmd_connect(argc - 2, argv + 2);
	if (!strcmp(argv[1], "pvm"))
		return cmd_pvm(argc - 2, argv + 2);
	if (!strcmp(argv[1], "sleep"))
		return cmd_sleep(argc - 2, argv + 2);
	if (!strcmp(argv[1], "io_uring"))
		return cmd_io_uring(argc - 2, argv + 2);
	if (!strcmp(argv[1], "userfaultfd"))
		return cmd_userfaultfd();
	if (!strcmp(argv[1], "keyctl-join") || !strcmp(argv[1], "add_key") ||
	    !strcmp(argv[1], "request_key"))
		return cmd_keys(argv[1], argc - 2, argv + 2);
	if (!strcmp(argv[1], "perf"))
		return cmd_perf();
	if (!strcmp(argv[1], "socket"))
		return cmd_socket(argc - 2, argv + 2);
	return usage();
}
