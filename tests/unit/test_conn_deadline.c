// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The total per-connection deadline: cut when due, not before, not after removal. */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check.h"
#include "conn_deadline.h"

/* Whether fd reads EOF within ms (the sweeper shut it down). */
static int eof_within(int fd, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	char c;

	if (poll(&p, 1, ms) != 1)
		return 0;
	return recv(fd, &c, 1, MSG_DONTWAIT) == 0;
}

static void test_cut(void)
{
	struct conn_deadline *d = conn_deadline__new(2, 300);
	struct conn_deadline_slot *a, *b, *full;
	int sa[2], sb[2], sc[2];

	ASSERT_TRUE(d != NULL, "new");
	ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sa), 0, "pair a");
	ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sb), 0, "pair b");
	ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sc), 0, "pair c");
	a = conn_deadline__add(d, sa[0]);
	b = conn_deadline__add(d, sb[0]);
	ASSERT_TRUE(a && b, "two slots");
	full = conn_deadline__add(d, sc[0]);
	ASSERT_TRUE(full == NULL, "no third slot");
	ASSERT_TRUE(eof_within(sc[1], 50), "a socket with no slot is shut down at once");
	/* b leaves before its deadline: never touched. */
	conn_deadline__remove(d, b);
	ASSERT_TRUE(!eof_within(sa[1], 150), "not cut before the deadline");
	ASSERT_TRUE(eof_within(sa[1], 600), "cut by the deadline (300 ms)");
	ASSERT_TRUE(!eof_within(sb[1], 300), "a removed socket is never shut down");
	ASSERT_EQ(conn_deadline__cut(d), 2, "two cut (one deadline, one refused)");
	conn_deadline__remove(d, a);
	/* A restart gives the whole limit again. */
	a = conn_deadline__add(d, sb[0]);
	usleep(200 * 1000);
	conn_deadline__restart(d, a);
	ASSERT_TRUE(!eof_within(sb[1], 200), "restarted: not cut at the first deadline");
	ASSERT_TRUE(eof_within(sb[1], 600), "restarted: cut at the second");
	conn_deadline__remove(d, a);
	conn_deadline__free(d);
	conn_deadline__free(NULL);
	for (int i = 0; i < 2; i++) {
		close(sa[i]);
		close(sb[i]);
		close(sc[i]);
	}
	errno = 0;
	ASSERT_TRUE(conn_deadline__new(0, 10) == NULL && errno == EINVAL, "zero slots: EINVAL");
}

int main(void)
{
	test_cut();
	return check_summary("conn_deadline");
}
