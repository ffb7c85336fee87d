// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * trigger: makes one monitored syscall for the integration tests.
 *
 * Built statically so it runs inside the busybox rootfs of a runc container.
 * Every subcommand prints one line per syscall it makes:
 *
 *	trigger: pid=<pid> op=<name> ret=<raw return> errno=<errno or 0>
 *
 * so that a test can match the event by pid (on the host; inside a container
 * the pid is the container's, so tests match on the container id there) and
 * compare the event's ret with what the syscall really returned. Raw syscalls
 * are used throughout: glibc wrappers can retry, broadcast (setxid to every
 * thread) or emulate calls, and the tests want exactly one kernel call.
 *
 * Exit status: 0 if the last syscall succeeded, 1 if it failed, 2 on misuse.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/mount.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/seccomp.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

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

static unsigned long parse_ul(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end) {
		fprintf(stderr, "trigger: not a number: %s\n", s);
		exit(2);
	}
	return v;
}

/* Namespace names as in /proc/PID/ns, for unshare and setns. */
static const struct {
	const char *name;
	unsigned long flag;
} ns_flags[] = {
    {"mnt", CLONE_NEWNS},	 {"uts", CLONE_NEWUTS},	  {"ipc", CLONE_NEWIPC},
    {"user", CLONE_NEWUSER},	 {"pid", CLONE_NEWPID},	  {"net", CLONE_NEWNET},
    {"cgroup", CLONE_NEWCGROUP}, {"time", CLONE_NEWTIME},
};

static unsigned long ns_flags_parse(const char *list)
{
	unsigned long flags = 0;
	char *copy = strdup(list), *tok, *save = NULL;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < sizeof(ns_flags) / sizeof(ns_flags[0]); i++)
			if (!strcmp(tok, ns_flags[i].name))
				break;
		if (i == sizeof(ns_flags) / sizeof(ns_flags[0])) {
			flags |= parse_ul(tok);
			continue;
		}
		flags |= ns_flags[i].flag;
	}
	free(copy);
	return flags;
}

/* capset: "same" re-applies the current sets (succeeds for anyone); "raise"
 * asks for CAP_SYS_ADMIN in every set, which fails without it in the bounding
 * and permitted sets; "drop" clears every set. */
static int cmd_capset(const char *mode)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) < 0)
		return report("capget", -1), 1;
	if (!strcmp(mode, "raise")) {
		data[0].effective |= 1u << CAP_SYS_ADMIN;
		data[0].permitted |= 1u << CAP_SYS_ADMIN;
	} else if (!strcmp(mode, "drop")) {
		memset(data, 0, sizeof(data));
	} else if (strcmp(mode, "same")) {
		fprintf(stderr, "trigger capset: same|raise|drop\n");
		return 2;
	}
	return status_of(report("capset", syscall(SYS_capset, &hdr, data)));
}

static const struct {
	const char *name;
	long nr;
	int nargs;
} setid_calls[] = {
    {"setuid", SYS_setuid, 1},	   {"setgid", SYS_setgid, 1},	    {"setreuid", SYS_setreuid, 2},
    {"setregid", SYS_setregid, 2}, {"setresuid", SYS_setresuid, 3}, {"setresgid", SYS_setresgid, 3},
    {"setfsuid", SYS_setfsuid, 1}, {"setfsgid", SYS_setfsgid, 1},
};

static int cmd_setid(int idx, int argc, char **argv)
{
	unsigned long a[3] = {0, 0, 0};
	int i;

	if (argc != setid_calls[idx].nargs) {
		fprintf(stderr, "trigger %s: needs %d ids\n", setid_calls[idx].name,
			setid_calls[idx].nargs);
		return 2;
	}
	for (i = 0; i < argc; i++)
		a[i] = (unsigned int)parse_ul(argv[i]);
	return status_of(
	    report(setid_calls[idx].name, syscall(setid_calls[idx].nr, a[0], a[1], a[2])));
}

static int cmd_mount(int argc, char **argv)
{
	unsigned long flags = argc > 3 ? parse_ul(argv[3]) : 0;
	const char *data = argc > 4 ? argv[4] : NULL;

	if (argc < 3) {
		fprintf(stderr, "trigger mount SRC DST FSTYPE [FLAGS [DATA]]\n");
		return 2;
	}
	return status_of(
	    report("mount", syscall(SYS_mount, argv[0], argv[1], argv[2], flags, data)));
}

static int cmd_umount(int argc, char **argv)
{
	unsigned long flags = argc > 1 ? parse_ul(argv[1]) : 0;

	if (argc < 1) {
		fprintf(stderr, "trigger umount DST [FLAGS]\n");
		return 2;
	}
	return status_of(report("umount2", syscall(SYS_umount2, argv[0], flags)));
}

/* The new mount API as runc uses it: fsopen, fsconfig, fsmount, move_mount.
 * Without DST it stops after fsopen. */
static int cmd_fsmount(int argc, char **argv)
{
	long fs, mnt, ret;

	if (argc < 1) {
		fprintf(stderr, "trigger fsmount FSTYPE [DST]\n");
		return 2;
	}
	fs = report("fsopen", syscall(SYS_fsopen, argv[0], FSOPEN_CLOEXEC));
	if (fs < 0 || argc < 2)
		return status_of(fs);
	ret = report("fsconfig", syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0));
	if (ret < 0)
		return 1;
	mnt = report("fsmount", syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, 0));
	if (mnt < 0)
		return 1;
	ret = report("move_mount",
		     syscall(SYS_move_mount, mnt, "", AT_FDCWD, argv[1], MOVE_MOUNT_F_EMPTY_PATH));
	return status_of(ret);
}

static int cmd_open_tree(int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr, "trigger open-tree PATH\n");
		return 2;
	}
	return status_of(report("open_tree", syscall(SYS_open_tree, AT_FDCWD, argv[0],
						     OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)));
}

/* fspick(AT_FDCWD, PATH, FSPICK_CLOEXEC): the superblock of the mount at PATH, to reconfigure. */
static int cmd_fspick(int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr, "trigger fspick PATH\n");
		return 2;
	}
	return status_of(report("fspick", syscall(SYS_fspick, AT_FDCWD, argv[0], FSPICK_CLOEXEC)));
}

static int cmd_setns(int argc, char **argv)
{
	unsigned long nstype = argc > 1 ? ns_flags_parse(argv[1]) : 0;
	int fd;

	if (argc < 1) {
		fprintf(stderr, "trigger setns NSPATH [NSTYPE]\n");
		return 2;
	}
	fd = open(argv[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return report("open", -1), 1;
	return status_of(report("setns", syscall(SYS_setns, fd, nstype)));
}

static int cmd_unshare(int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr, "trigger unshare NS[,NS...]\n");
		return 2;
	}
	return status_of(report("unshare", syscall(SYS_unshare, ns_flags_parse(argv[0]))));
}

static int cmd_ptrace_attach(int argc, char **argv)
{
	long ret;
	pid_t pid;

	if (argc < 1) {
		fprintf(stderr, "trigger ptrace-attach PID\n");
		return 2;
	}
	pid = (pid_t)parse_ul(argv[0]);
	ret = report("ptrace", syscall(SYS_ptrace, PTRACE_ATTACH, pid, 0, 0));
	if (ret == 0) {
		waitpid(pid, NULL, __WALL);
		syscall(SYS_ptrace, PTRACE_DETACH, pid, 0, 0);
	}
	return status_of(ret);
}

/* Attaches to a child of its own, which needs no privilege. */
static int cmd_ptrace_child(void)
{
	long ret;
	pid_t child = fork();

	if (child < 0)
		return report("fork", -1), 1;
	if (child == 0) {
		pause();
		_exit(0);
	}
	printf("trigger: child=%d\n", (int)child);
	ret = report("ptrace", syscall(SYS_ptrace, PTRACE_ATTACH, child, 0, 0));
	if (ret == 0) {
		waitpid(child, NULL, __WALL);
		syscall(SYS_ptrace, PTRACE_DETACH, child, 0, 0);
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return status_of(ret);
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int cmd_bpf_map_create(void)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 1;
	strncpy(attr.map_name, "ctw_itest", sizeof(attr.map_name) - 1);
	return status_of(report("bpf", sys_bpf(BPF_MAP_CREATE, &attr)));
}

/* "r0 = 0; exit" as a socket filter (allowed with CAP_BPF) or as a tracepoint
 * program (needs CAP_BPF and CAP_PERFMON whatever the sysctl says). */
static int cmd_bpf_prog_load(int argc, char **argv)
{
	struct bpf_insn insns[2] = {
	    {.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0},
	    {.code = BPF_JMP | BPF_EXIT},
	};
	union bpf_attr attr;
	const char *kind = argc > 0 ? argv[0] : "socket";

	memset(&attr, 0, sizeof(attr));
	if (!strcmp(kind, "socket")) {
		attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	} else if (!strcmp(kind, "tracepoint")) {
		attr.prog_type = BPF_PROG_TYPE_TRACEPOINT;
	} else {
		fprintf(stderr, "trigger bpf-prog-load [socket|tracepoint]\n");
		return 2;
	}
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = 2;
	attr.license = (uint64_t)(uintptr_t) "GPL";
	strncpy(attr.prog_name, "ctw_itest", sizeof(attr.prog_name) - 1);
	return status_of(report("bpf", sys_bpf(BPF_PROG_LOAD, &attr)));
}

/* name_to_handle_at needs no privilege; open_by_handle_at needs
 * CAP_DAC_READ_SEARCH in the initial user namespace. */
static int cmd_open_by_handle(int argc, char **argv)
{
	struct {
		struct file_handle fh;
		unsigned char buf[MAX_HANDLE_SZ];
	} h;
	int mount_id, mount_fd;
	char *dir, *slash;

	if (argc < 1) {
		fprintf(stderr, "trigger open-by-handle PATH\n");
		return 2;
	}
	memset(&h, 0, sizeof(h));
	h.fh.handle_bytes = MAX_HANDLE_SZ;
	if (report("name_to_handle_at",
		   syscall(SYS_name_to_handle_at, AT_FDCWD, argv[0], &h.fh, &mount_id, 0)) < 0)
		return 1;
	dir = strdup(argv[0]);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	mount_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (mount_fd < 0)
		return report("open", -1), 1;
	printf("trigger: mount_fd=%d handle_type=%d handle_bytes=%u\n", mount_fd, h.fh.handle_type,
	       h.fh.handle_bytes);
	return status_of(
	    report("open_by_handle_at", syscall(SYS_open_by_handle_at, mount_fd, &h.fh, O_RDONLY)));
}

/* The image is not a module: a kernel with modules refuses it (ENOEXEC or
 * EPERM), one without CONFIG_MODULES answers ENOSYS. Either way an attempt. */
static int cmd_init_module(void)
{
	static const char image[64] = "\177ELF-not-a-module";

	return status_of(
	    report("init_module", syscall(SYS_init_module, image, sizeof(image), "ctw_itest=1")));
}

static int cmd_finit_module(int argc, char **argv)
{
	const char *path = argc > 0 ? argv[0] : "/proc/self/exe";
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return report("open", -1), 1;
	return status_of(report("finit_module", syscall(SYS_finit_module, fd, "ctw_itest=1", 0)));
}

/*
 * flood N [PER_SEC]: N setuid(getuid()) calls (one setuid event each), as
 * fast as possible or paced at PER_SEC, for the sink tests' event streams.
 */
static int cmd_flood(int argc, char **argv)
{
	long n = argc > 0 ? atol(argv[0]) : 1000, rate = argc > 1 ? atol(argv[1]) : 0;
	struct timespec start, now;
	long failed = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (long i = 0; i < n; i++) {
		if (syscall(SYS_setuid, getuid()) < 0)
			failed++;
		if (rate > 0) {
			/* Sleep until call i is due: steady, not bursty. */
			long long due = (long long)(i + 1) * 1000000000ll / rate, el;

			clock_gettime(CLOCK_MONOTONIC, &now);
			el = (now.tv_sec - start.tv_sec) * 1000000000ll +
			     (now.tv_nsec - start.tv_nsec);
			if (due > el) {
				struct timespec d = {(time_t)((due - el) / 1000000000ll),
						     (long)((due - el) % 1000000000ll)};

				nanosleep(&d, NULL);
			}
		}
	}
	printf("trigger: pid=%d op=flood count=%ld failed=%ld ret=0\n", getpid(), n, failed);
	return failed ? 1 : 0;
}

/* Prints the ids it runs with: the setuid_exec test execs a set-user-id copy. */
static int cmd_ids(void)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;

	getresuid(&r, &e, &s);
	getresgid(&rg, &eg, &sg);
	printf("trigger: pid=%d op=ids uid=%u euid=%u suid=%u gid=%u egid=%u\n", (int)getpid(), r,
	       e, s, rg, eg);
	return 0;
}

/*
 * The syscalls seccomp-deny can refuse, by name: this architecture's numbers
 * (the VM tests run the trigger on x86_64 and arm64, whose tables differ).
 */
static const struct {
	const char *name;
	long nr;
} deniable[] = {
    {"unshare", SYS_unshare}, {"mount", SYS_mount},   {"umount2", SYS_umount2},
    {"setns", SYS_setns},     {"ptrace", SYS_ptrace}, {"bpf", SYS_bpf},
    {"capset", SYS_capset},   {"setuid", SYS_setuid}, {"init_module", SYS_init_module},
};

#if defined(__x86_64__)
#define TRIGGER_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define TRIGGER_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

static int dispatch(int argc, char **argv);

/*
 * seccomp-deny CALL[,CALL...] CMD ARGS...: CMD with a seccomp filter answering
 * EPERM to CALL, as a container runtime's profile does. The refused call never
 * reaches sys_enter: its event is built at sys_exit from the registers saved at
 * entry, whose layout is the architecture's.
 */
static int cmd_seccomp_deny(int argc, char **argv)
{
	struct sock_filter insns[2 + 2 * (sizeof(deniable) / sizeof(deniable[0])) + 2];
	struct sock_fprog prog = {.filter = insns};
	char *list, *name, *save = NULL;
	size_t n = 0, i;

	if (argc < 2) {
		fprintf(stderr, "trigger seccomp-deny CALL[,CALL...] CMD [ARGS]\n");
		return 2;
	}
	/* Another architecture's calls (a compat entry) are let through. */
	insns[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						  offsetof(struct seccomp_data, arch));
	insns[n++] =
	    (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TRIGGER_AUDIT_ARCH, 1, 0);
	insns[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	insns[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
						  offsetof(struct seccomp_data, nr));
	list = strdup(argv[0]);
	for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(deniable) / sizeof(deniable[0]); i++)
			if (!strcmp(name, deniable[i].name))
				break;
		if (i == sizeof(deniable) / sizeof(deniable[0]) ||
		    n + 2 > sizeof(insns) / sizeof(insns[0]) - 1) {
			fprintf(stderr, "trigger seccomp-deny: cannot deny '%s'\n", name);
			free(list);
			return 2;
		}
		insns[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
							  (__u32)deniable[i].nr, 0, 1);
		insns[n++] =
		    (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
	}
	free(list);
	insns[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)n;
	/* no_new_privs lets an unprivileged caller install the filter; root needs none. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
		perror("trigger seccomp-deny");
		return 2;
	}
	return dispatch(argc, argv);
}

static void usage(void)
{
	fprintf(stderr, "usage: trigger CMD [ARGS]\n"
			"  capset same|raise|drop\n"
			"  setuid|setgid|setfsuid|setfsgid ID, setreuid|setregid R E,\n"
			"  setresuid|setresgid R E S\n"
			"  mount SRC DST FSTYPE [FLAGS [DATA]], umount DST [FLAGS]\n"
			"  fsmount FSTYPE [DST], open-tree PATH, fspick PATH\n"
			"  setns NSPATH [NSTYPE], unshare NS[,NS...]\n"
			"  ptrace-attach PID, ptrace-child\n"
			"  bpf-map-create, bpf-prog-load [socket|tracepoint]\n"
			"  open-by-handle PATH, init-module, finit-module [PATH], ids\n"
			"  flood N [PER_SEC]\n"
			"  seccomp-deny CALL[,CALL...] CMD [ARGS]\n");
}

static int dispatch(int argc, char **argv)
{
	const char *cmd;
	size_t i;

	if (argc < 2) {
		usage();
		return 2;
	}
	cmd = argv[1];
	argc -= 2;
	argv += 2;
	for (i = 0; i < sizeof(setid_calls) / sizeof(setid_calls[0]); i++)
		if (!strcmp(cmd, setid_calls[i].name))
			return cmd_setid((int)i, argc, argv);
	if (!strcmp(cmd, "capset"))
		return cmd_capset(argc > 0 ? argv[0] : "same");
	if (!strcmp(cmd, "mount"))
		return cmd_mount(argc, argv);
	if (!strcmp(cmd, "umount"))
		return cmd_umount(argc, argv);
	if (!strcmp(cmd, "fsmount") || !strcmp(cmd, "fsopen"))
		return cmd_fsmount(argc, argv);
	if (!strcmp(cmd, "open-tree"))
		return cmd_open_tree(argc, argv);
	if (!strcmp(cmd, "fspick"))
		return cmd_fspick(argc, argv);
	if (!strcmp(cmd, "setns"))
		return cmd_setns(argc, argv);
	if (!strcmp(cmd, "unshare"))
		return cmd_unshare(argc, argv);
	if (!strcmp(cmd, "ptrace-attach"))
		return cmd_ptrace_attach(argc, argv);
	if (!strcmp(cmd, "ptrace-child"))
		return cmd_ptrace_child();
	if (!strcmp(cmd, "bpf-map-create"))
		return cmd_bpf_map_create();
	if (!strcmp(cmd, "bpf-prog-load"))
		return cmd_bpf_prog_load(argc, argv);
	if (!strcmp(cmd, "open-by-handle"))
		return cmd_open_by_handle(argc, argv);
	if (!strcmp(cmd, "init-module"))
		return cmd_init_module();
	if (!strcmp(cmd, "finit-module"))
		return cmd_finit_module(argc, argv);
	if (!strcmp(cmd, "ids"))
		return cmd_ids();
	if (!strcmp(cmd, "flood"))
		return cmd_flood(argc, argv);
	if (!strcmp(cmd, "seccomp-deny"))
		return cmd_seccomp_deny(argc, argv);
	usage();
	return 2;
}

/*
 * TRIGGER_WAIT=PATH: wait for PATH to exist before acting (a process that was
 * running before the collector started). TRIGGER_LINGER=SECONDS: stay alive
 * that long afterwards, so the collector can still read /proc/<pid>.
 */
int main(int argc, char **argv)
{
	const char *wait_for = getenv("TRIGGER_WAIT"), *linger = getenv("TRIGGER_LINGER");
	struct timespec tick = {.tv_nsec = 50 * 1000 * 1000};
	int rc;

	while (wait_for && access(wait_for, F_OK) != 0)
		nanosleep(&tick, NULL);
	rc = dispatch(argc, argv);
	fflush(stdout);
	if (linger)
		sleep((unsigned int)atoi(linger));
	return rc;
}
