// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "check.h"
#include "notify.h"

static void test_parse_address(void)
{
	static char too_long[sizeof(((struct sockaddr_un *)0)->sun_path) + 2];
	static const struct {
		const char *value;
		int ret;
		const char *path; /* sun_path from byte 1 on, for abstract ones */
		socklen_t len;
	} cases[] = {
	    {"/run/systemd/notify", 0, "/run/systemd/notify",
	     offsetof(struct sockaddr_un, sun_path) + 20},
	    {"@/org/freedesktop/systemd1/notify/123", 0, "/org/freedesktop/systemd1/notify/123",
	     offsetof(struct sockaddr_un, sun_path) + 37},
	    {"", -EINVAL, NULL, 0},
	    {"vsock:2:1234", -EAFNOSUPPORT, NULL, 0},
	    {"relative/path", -EAFNOSUPPORT, NULL, 0},
	    {too_long, -EINVAL, NULL, 0},
	};

	memset(too_long, 'x', sizeof(too_long) - 1);
	too_long[0] = '/';
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sockaddr_un addr;
		socklen_t len = 0;
		int ret = notify__parse_address(cases[i].value, &addr, &len);

		ASSERT_EQ(ret, cases[i].ret, cases[i].value);
		if (ret < 0 || !cases[i].path)
			continue;
		ASSERT_EQ(addr.sun_family, AF_UNIX, "family");
		ASSERT_EQ(len, cases[i].len, "address length");
		if (cases[i].value[0] == '@') {
			ASSERT_EQ(addr.sun_path[0], '\0', "abstract: leading NUL");
			ASSERT_TRUE(
			    memcmp(addr.sun_path + 1, cases[i].path, strlen(cases[i].path)) == 0,
			    "abstract name");
		} else {
			ASSERT_STR_EQ(addr.sun_path, cases[i].path, "path");
		}
	}
	ASSERT_EQ(notify__parse_address(NULL, NULL, NULL), -EINVAL, "NULL value");
}

static void test_parse_watchdog(void)
{
	static const struct {
		const char *usec, *pid;
		pid_t self;
		int ret;
		uint64_t want;
	} cases[] = {
	    {NULL, NULL, 10, 0, 0},
	    {"30000000", NULL, 10, 0, 30000000},
	    {"30000000", "10", 10, 0, 30000000},
	    {"30000000", "11", 10, 0, 0}, /* a parent's watchdog */
	    {"abc", NULL, 10, -EINVAL, 0},
	    {"-5", NULL, 10, -EINVAL, 0},
	    {"", NULL, 10, -EINVAL, 0},
	    {"100", "x", 10, -EINVAL, 0},
	    {"100junk", NULL, 10, -EINVAL, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t got = 99;
		char what[64];

		snprintf(what, sizeof(what), "watchdog case %zu", i);
		ASSERT_EQ(notify__parse_watchdog(cases[i].usec, cases[i].pid, cases[i].self, &got),
			  cases[i].ret, what);
		if (cases[i].ret == 0)
			ASSERT_EQ(got, cases[i].want, what);
	}
}

/* A real socket standing in for the service manager: the datagrams arrive as sent. */
static void test_send(int abstract)
{
	char dir[] = "/tmp/ctw-notify.XXXXXX", path[128], env[160], buf[256];
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	socklen_t addr_len;
	struct notify n;
	int fd;
	ssize_t got;

	if (!mkdtemp(dir)) {
		ASSERT_TRUE(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/notify", dir);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_TRUE(fd >= 0, "receiver socket");
	if (abstract) {
		snprintf(env, sizeof(env), "@ctw-notify-test-%d", (int)getpid());
		notify__parse_address(env, &addr, &addr_len);
	} else {
		snprintf(env, sizeof(env), "%s", path);
		strcpy(addr.sun_path, path);
		addr_len = sizeof(addr);
	}
	ASSERT_EQ(bind(fd, (struct sockaddr *)&addr, addr_len), 0, "receiver bind");
	setenv("NOTIFY_SOCKET", env, 1);
	setenv("WATCHDOG_USEC", "2000000", 1);
	unsetenv("WATCHDOG_PID");

	ASSERT_EQ(notify__open(&n), 0, "notify__open with NOTIFY_SOCKET");
	ASSERT_TRUE(n.fd >= 0, "socket opened");
	ASSERT_EQ(n.watchdog_usec, 2000000, "watchdog interval read");
	ASSERT_EQ(notify__send(&n, "READY=1\nSTATUS=consuming"), 0, "send");
	got = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	ASSERT_EQ(got, 24, "datagram length");
	if (got >= 0) {
		buf[got] = '\0';
		ASSERT_STR_EQ(buf, "READY=1\nSTATUS=consuming", "datagram payload");
	}
	notify__close(&n);
	ASSERT_EQ(n.fd, -1, "closed");
	close(fd);
	unlink(path);
	rmdir(dir);
}

static void test_disabled(void)
{
	struct notify n;

	unsetenv("NOTIFY_SOCKET");
	setenv("WATCHDOG_USEC", "1000000", 1);
	ASSERT_EQ(notify__open(&n), 0, "no NOTIFY_SOCKET: not an error");
	ASSERT_EQ(n.fd, -1, "no NOTIFY_SOCKET: disabled");
	ASSERT_EQ(n.watchdog_usec, 0, "no NOTIFY_SOCKET: no watchdog either");
	ASSERT_EQ(notify__send(&n, "READY=1"), 0, "send when disabled is a no-op");
	notify__close(&n);

	setenv("NOTIFY_SOCKET", "vsock:2:99", 1);
	ASSERT_EQ(notify__open(&n), -EAFNOSUPPORT, "vsock refused");
	ASSERT_EQ(n.fd, -1, "vsock: disabled");
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
}

int main(void)
{
	test_parse_address();
	test_parse_watchdog();
	test_send(0);
	test_send(1);
	test_disabled();
	return check_summary("notify");
}
