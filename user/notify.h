/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The service manager's readiness protocol (sd_notify(3)) spoken natively:
 * one datagram of "KEY=value" lines to the AF_UNIX socket in $NOTIFY_SOCKET.
 * Without that variable (not started by systemd) every call is a no-op.
 */
#ifndef CTRWATCH_NOTIFY_H
#define CTRWATCH_NOTIFY_H

#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

struct notify {
	int fd; /* -1: no service manager listening */
	struct sockaddr_un addr;
	socklen_t addr_len;
	uint64_t watchdog_usec; /* 0: no watchdog; else send WATCHDOG=1 at least this often */
};

/*
 * $NOTIFY_SOCKET as an address: a path, or "@name" for the abstract
 * namespace. -EINVAL for an empty or overlong value, -EAFNOSUPPORT for
 * the other address families systemd may hand out (vsock).
 */
int notify__parse_address(const char *value, struct sockaddr_un *addr, socklen_t *addr_len);

/*
 * The watchdog interval from $WATCHDOG_USEC and $WATCHDOG_PID: 0 when unset,
 * or when WATCHDOG_PID names another process (a parent's interval is not
 * ours). -EINVAL when a value is not a number.
 */
int notify__parse_watchdog(const char *usec, const char *pid, pid_t self, uint64_t *out);

/*
 * Reads the environment and opens the socket. 0 with n->fd == -1 when not
 * run by a service manager; a negative errno when the variables are bad or
 * the socket cannot be created (n is then disabled).
 */
int notify__open(struct notify *n);

/* Sends `state` ("READY=1", "STATUS=...", several joined by '\n'). 0 when disabled. */
int notify__send(const struct notify *n, const char *state);

void notify__close(struct notify *n);

#endif /* CTRWATCH_NOTIFY_H */
