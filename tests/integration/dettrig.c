// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * dettrig: the few actions the detection tests need that `trigger` does not
 * make. Static, like trigger, so that it runs in the busybox rootfs, and with
 * the same output line per syscall so that trigger_parse reads it:
 *
 *	trigger: pid=<pid> op=<name> ret=<raw return> errno=<errno or 0>
 *
 *   open PATH r|w|rw|a     open(2) without O_CREAT/O_TRUNC, write nothing: a
 *                          write-open of /proc/sysrq-trigger must not sync,
 *                          crash or reboot anything (a: O_WRONLY|O_APPEND, for
 *                          a runtime binary that must stay intact)
 *   bpf-cmd N              bpf(N) with a zeroed attribute: a command that
 *                          loads nothing (the benign neighbour of CTW-014)
 *   mknod PATH b|c|p MAJOR MINOR [legacy]
 *                          mknodat(2) (legacy: mknod(2), x86_64 only) of a
 *                          node with mode 0600
 *   proc-mem               forks a child that waits, opens /proc/CHILD/mem
 *                          read-write, then read-only, then /proc/self/mem
 *                          read-write (the first is injection's first step,
 *                          the others its benign neighbours), kills the child
 *   as-comm NAME unshare FLAGS
 *   as-comm NAME mount SRC DST FSTYPE
 *                          renames itself (PR_SET_NAME) before the syscall: a
 *                          process posing as the container runtime
 *   memfd-exec PATH ARGS... copies PATH into a memfd and execs the memfd
 *                          (fexecve) with ARGS as argv: a fileless exec
 *   symlink TARGET PATH [legacy]
 *   link TARGET PATH [legacy]
 *                          symlinkat(2) / linkat(2) (legacy: symlink(2) /
 *                          link(2), x86_64 only) making PATH
 *
 * Exit status: 0 if the last syscall succeeded, 1 if it failed, 2 on misuse.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/bpf.h>

static long report(const char *op, long ret)
{
	int err = ret < 0 ? errno : 0;

	printf("trigger: pid=%d op=%s ret=%ld errno=%d\n", (int)getpid(), op, ret, err);
	fflush(stdout);
	return ret;
}

static int status_of(long ret)
{
	return ret < 0 ? 1 : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: dettrig open PATH r|w|rw|a | bpf-cmd N |\n"
			"       mknod PATH b|c|p MAJOR MINOR [legacy] | proc-mem |\n"
			"       as-comm NAME unshare FLAGS | as-comm NAME mount SRC DST FSTYPE |\n"
			"       memfd-exec PATH ARGS... | symlink|link TARGET PATH [legacy]\n");
	return 2;
}

static int cmd_open(int argc, char **argv)
{
	int flags;
	long fd;

	if (argc != 2)
		return usage();
	if (!strcmp(argv[1], "r"))
		flags = O_RDONLY;
	else if (!strcmp(argv[1], "w"))
		flags = O_WRONLY;
	else if (!strcmp(argv[1], "rw"))
		flags = O_RDWR;
	else if (!strcmp(argv[1], "a"))
		flags = O_WRONLY | O_APPEND;
	else
		return usage();
	fd = report("open", syscall(SYS_openat, AT_FDCWD, argv[0], flags | O_CLOEXEC));
	if (fd >= 0)
		close((int)fd);
	return status_of(fd);
}

static int cmd_bpf(int argc, char **argv)
{
	union bpf_attr attr;
	long ret;

	if (argc != 1)
		return usage();
	memset(&attr, 0, sizeof(attr));
	ret = report("bpf", syscall(SYS_bpf, atoi(argv[0]), &attr, sizeof(attr)));
	if (ret >= 0)
		close((int)ret);
	return status_of(ret);
}

static int cmd_mknod(int argc, char **argv)
{
	mode_t type;
	dev_t dev;
	long ret;

	if (argc != 4 && !(argc == 5 && !strcmp(argv[4], "legacy")))
		return usage();
	if (!strcmp(argv[1], "b"))
		type = S_IFBLK;
	else if (!strcmp(argv[1], "c"))
		type = S_IFCHR;
	else if (!strcmp(argv[1], "p"))
		type = S_IFIFO;
	else
		return usage();
	dev = makedev(strtoul(argv[2], NULL, 0), strtoul(argv[3], NULL, 0));
	if (argc == 4) {
		ret = report("mknodat", syscall(SYS_mknodat, AT_FDCWD, argv[0], type | 0600,
						(unsigned int)dev));
		return status_of(ret);
	}
#ifdef SYS_mknod
	ret = report("mknod", syscall(SYS_mknod, argv[0], type | 0600, (unsigned int)dev));
	return status_of(ret);
#else
	fprintf(stderr, "dettrig: no mknod(2) on this architecture\n");
	return 2;
#endif
}

static long open_report(const char *path, int flags)
{
	long fd = report("open", syscall(SYS_openat, AT_FDCWD, path, flags | O_CLOEXEC));

	if (fd >= 0)
		close((int)fd);
	return fd;
}

static int cmd_proc_mem(int argc, char **argv)
{
	char path[64];
	long first;
	pid_t child;

	(void)argv;
	if (argc != 0)
		return usage();
	child = fork();
	if (child < 0)
		return report("fork", -1), 1;
	if (child == 0) {
		pause();
		_exit(0);
	}
	printf("dettrig: child=%d\n", (int)child);
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)child);
	first = open_report(path, O_RDWR);
	open_report(path, O_RDONLY);
	open_report("/proc/self/mem", O_RDWR);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return status_of(first);
}

static int cmd_as_comm(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	/* The name stays until the next exec: the syscall below carries it. */
	if (prctl(PR_SET_NAME, argv[0], 0, 0, 0) < 0)
		return report("prctl", -1), 1;
	if (!strcmp(argv[1], "unshare") && argc == 3)
		return status_of(
		    report("unshare", syscall(SYS_unshare, strtoul(argv[2], NULL, 0))));
	if (!strcmp(argv[1], "mount") && argc == 5)
		return status_of(
		    report("mount", syscall(SYS_mount, argv[2], argv[3], argv[4], 0UL, NULL)));
	return usage();
}

static int cmd_memfd_exec(int argc, char **argv)
{
	static char buf[1 << 16];
	extern char **environ;
	int in, mfd;
	ssize_t n;

	if (argc < 2)
		return usage();
	in = open(argv[0], O_RDONLY | O_CLOEXEC);
	mfd = (int)syscall(SYS_memfd_create, "payload", 0);
	if (in < 0 || mfd < 0)
		return report("memfd_create", -1), 1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(mfd, buf, (size_t)n) != n)
			return report("write", -1), 1;
	close(in);
	report("fexecve", 0);
	fexecve(mfd, argv + 1, environ);
	return report("fexecve", -1), 1;
}

static int cmd_link(int argc, char **argv, bool symbolic)
{
	bool legacy = argc == 3 && !strcmp(argv[2], "legacy");
	long ret;

	if (argc != 2 && !legacy)
		return usage();
	if (legacy) {
#if defined(SYS_symlink) && defined(SYS_link)
		ret = symbolic ? report("symlink", syscall(SYS_symlink, argv[0], argv[1]))
			       : report("link", syscall(SYS_link, argv[0], argv[1]));
		return status_of(ret);
#else
		return usage();
#endif
	}
	if (symbolic)
		ret = report("symlinkat", syscall(SYS_symlinkat, argv[0], AT_FDCWD, argv[1]));
	else
		ret =
		    report("linkat", syscall(SYS_linkat, AT_FDCWD, argv[0], AT_FDCWD, argv[1], 0));
	return status_of(ret);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "open"))
		return cmd_open(argc - 2, argv + 2);
	if (!strcmp(argv[1], "bpf-cmd"))
		return cmd_bpf(argc - 2, argv + 2);
	if (!strcmp(argv[1], "mknod"))
		return cmd_mknod(argc - 2, argv + 2);
	if (!strcmp(argv[1], "proc-mem"))
		return cmd_proc_mem(argc - 2, argv + 2);
	if (!strcmp(argv[1], "as-comm"))
		return cmd_as_comm(argc - 2, argv + 2);
	if (!strcmp(argv[1], "symlink"))
		return cmd_link(argc - 2, argv + 2, true);
	if (!strcmp(argv[1], "link"))
		return cmd_link(argc - 2, argv + 2, false);
	if (!strcmp(argv[1], "memfd-exec"))
		return cmd_memfd_exec(argc - 2, argv + 2);
	return usage();
}
