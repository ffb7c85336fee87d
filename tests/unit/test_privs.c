// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>

#include "check.h"
#include "privs.h"

static void test_format(void)
{
	static const struct {
		uint64_t caps;
		const char *want;
	} cases[] = {
	    {0, "none"},
	    {PRIVS_CAP(CAP_CHOWN), "cap_chown"},
	    {PRIVS_CAP(CAP_SYS_PTRACE) | PRIVS_CAP(CAP_DAC_READ_SEARCH),
	     "cap_dac_read_search,cap_sys_ptrace"},
	    {PRIVS_CAP(38) | PRIVS_CAP(39) | PRIVS_CAP(40),
	     "cap_perfmon,cap_bpf,cap_checkpoint_restore"},
	    {PRIVS_CAP(41) | PRIVS_CAP(63), "cap_41,cap_63"},
	};
	char buf[256], small[8];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = privs__format(cases[i].caps, buf, sizeof(buf));

		ASSERT_STR_EQ(buf, cases[i].want, "privs__format");
		ASSERT_EQ(n, strlen(cases[i].want), "returned length");
	}
	/* Truncation: NUL-terminated, full length returned, no overflow (ASan watches). */
	ASSERT_EQ(
	    privs__format(PRIVS_CAP(CAP_SYS_PTRACE) | PRIVS_CAP(CAP_BPF), small, sizeof(small)),
	    strlen("cap_sys_ptrace,cap_bpf"), "truncated: full length");
	ASSERT_EQ(strlen(small), sizeof(small) - 1, "truncated: terminated");
}

static int effective_now(void *ctx)
{
	struct privs_state s;
	int err = privs__read(&s);

	*(uint64_t *)ctx = s.effective;
	return err < 0 ? err : 42;
}

static void test_read_and_try_without(void)
{
	struct privs_state before, after;
	uint64_t during = 0;

	ASSERT_EQ(privs__read(&before), 0, "privs__read");
	ASSERT_EQ(before.effective & ~before.permitted, 0, "effective within permitted");
	ASSERT_EQ(privs__try_without(PRIVS_CAP(CAP_SYS_ADMIN), effective_now, &during), 42,
		  "try_without returns fn's value");
	ASSERT_EQ(during, before.effective & ~PRIVS_CAP(CAP_SYS_ADMIN),
		  "try_without: the capability is off while fn runs");
	ASSERT_EQ(privs__read(&after), 0, "privs__read again");
	ASSERT_EQ(after.effective, before.effective, "try_without restores the effective set");
	ASSERT_EQ(after.permitted, before.permitted, "try_without leaves the permitted set");
}

static void *park(void *arg)
{
	int *fd = arg;
	char c;

	return read(*fd, &c, 1) < 0 ? NULL : arg;
}

static void test_refuses_with_threads(void)
{
	struct privs_state before, after;
	pthread_t t;
	int pipefd[2];

	ASSERT_EQ(pipe(pipefd), 0, "pipe");
	ASSERT_EQ(privs__read(&before), 0, "read before");
	ASSERT_EQ(pthread_create(&t, NULL, park, &pipefd[0]), 0, "second thread");
	ASSERT_EQ(privs__thread_count(), 2, "two threads counted");
	ASSERT_EQ(privs__drop(0), -EBUSY, "drop refused with two threads");
	ASSERT_EQ(privs__read(&after), 0, "read after");
	ASSERT_EQ(after.permitted, before.permitted, "refused drop changed nothing");
	ASSERT_EQ(after.bounding, before.bounding, "refused drop left the bounding set");
	(void)!write(pipefd[1], "x", 1);
	pthread_join(t, NULL);
	close(pipefd[0]);
	close(pipefd[1]);
	ASSERT_EQ(privs__thread_count(), 1, "one thread again");
}

/*
 * The real drop, in a child so the test process keeps its capabilities. The
 * child reports through its exit status: 0 = sets exactly as asked.
 */
static int child_drop(uint64_t keep)
{
	struct privs_state s;

	if (privs__drop(keep) < 0)
		return 1;
	if (privs__read(&s) < 0)
		return 2;
	if (s.effective != keep || s.permitted != keep || s.bounding || s.ambient ||
	    s.inheritable || !s.no_new_privs)
		return 3;
	/* Gone for real: changing uid needs CAP_SETUID, which neither case keeps. */
	if (setuid(65534) == 0)
		return 4;
	return 0;
}

static void test_drop(void)
{
	struct privs_state s;
	static const struct {
		uint64_t keep;
		const char *what;
	} cases[] = {
	    {0, "drop everything"},
	    {PRIVS_CAP(CAP_SYS_PTRACE) | PRIVS_CAP(CAP_DAC_READ_SEARCH), "keep two"},
	};

	privs__read(&s);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int status = 0;
		pid_t pid;
		bool can = (s.effective & PRIVS_CAP(CAP_SETPCAP)) || !s.bounding;

		if ((cases[i].keep & s.permitted) != cases[i].keep)
			can = false; /* not root: the kept set would be smaller */
		pid = fork();
		if (pid == 0)
			_exit(child_drop(cases[i].keep));
		ASSERT_TRUE(pid > 0, "fork");
		waitpid(pid, &status, 0);
		ASSERT_TRUE(WIFEXITED(status), "child exited");
		if (can)
			ASSERT_EQ(WEXITSTATUS(status), 0, cases[i].what);
		else
			ASSERT_EQ(WEXITSTATUS(status), 1,
				  "without CAP_SETPCAP the drop is refused");
	}
}

int main(void)
{
	test_format();
	test_read_and_try_without();
	test_refuses_with_threads();
	test_drop();
	return check_summary("privs");
}
