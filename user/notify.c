// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Why not libsystemd's sd_notify(): the protocol is one sendto(), and the
 * collector also runs where there is no systemd at all (a DaemonSet, a
 * distroless image); a dependency for 60 lines is not worth it.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notify.h"

int notify__parse_address(const char *value, struct sockaddr_un *addr, socklen_t *addr_len)
{
	size_t len;

	if (!value || !value[0])
		return -EINVAL;
	if (value[0] != '/' && value[0] != '@')
		return -EAFNOSUPPORT; /* "vsock:CID:PORT" from systemd ≥ 253 in VMs */
	len = strlen(value);
	if (len >= sizeof(addr->sun_path))
		return -EINVAL;
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	memcpy(addr->sun_path, value, len);
	/* Abstract: the leading '@' is a NUL and the length, not a terminator, ends the name. */
	if (value[0] == '@')
		addr->sun_path[0] = '\0';
	*addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (value[0] == '/'));
	return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s[0] || s[0] == '-' || s[0] == '+' || s[0] == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

int notify__parse_watchdog(const char *usec, const char *pid, pid_t self, uint64_t *out)
{
	uint64_t v, p;

	*out = 0;
	if (!usec)
		return 0;
	if (parse_u64(usec, &v) < 0)
		return -EINVAL;
	if (pid) {
		if (parse_u64(pid, &p) < 0)
			return -EINVAL;
		if (p != (uint64_t)self)
			return 0;
	}
	*out = v;
	return 0;
}

int notify__open(struct notify *n)
{
	const char *value = getenv("NOTIFY_SOCKET");
	int err;

	memset(n, 0, sizeof(*n));
	n->fd = -1;
	if (!value)
		return 0;
	err = notify__parse_address(value, &n->addr, &n->addr_len);
	if (err < 0)
		return err;
	err = notify__parse_watchdog(getenv("WATCHDOG_USEC"), getenv("WATCHDOG_PID"), getpid(),
				     &n->watchdog_usec);
	if (err < 0)
		return err;
	n->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (n->fd < 0) {
		n->watchdog_usec = 0;
		return -errno;
	}
	return 0;
}

int notify__send(const struct notify *n, const char *state)
{
	if (n->fd < 0)
		return 0;
	/* MSG_NOSIGNAL: a manager that went away must not kill us with SIGPIPE. */
	if (sendto(n->fd, state, strlen(state), MSG_NOSIGNAL, (const struct sockaddr *)&n->addr,
		   n->addr_len) < 0)
		return -errno;
	return 0;
}

void notify__close(struct notify *n)
{
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
}
