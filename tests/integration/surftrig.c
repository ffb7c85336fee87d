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
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

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
	fprintf(stderr, "usage: surftrig clone|clone3 NS[,NS...]|none | connect PATH\n");
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
	return usage();
}
