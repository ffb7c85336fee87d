/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * systemd-journald's native protocol: one datagram per entry on
 * /run/systemd/journal/socket, made of fields "KEY=VALUE\n", or, when the
 * value holds a newline, "KEY\n" + 64-bit little-endian length + value + "\n".
 * Written here instead of linking libsystemd: the format is a stable, documented
 * interface, and the daemon then needs libsystemd for nothing else in this sink.
 */
#ifndef CTRWATCH_JOURNAL_FORMAT_H
#define CTRWATCH_JOURNAL_FORMAT_H

#include <stddef.h>

#include "severity.h"

#define JOURNAL_SOCKET_PATH "/run/systemd/journal/socket"

/* PRIORITY: critical → 2, warning → 4, notice → 5, info → 6 (as syslog). */
int journal__priority(enum severity severity);

/*
 * Appends one field at *pos in buf. The key must be [A-Z0-9_], not start with
 * '_' or a digit, at most 64 bytes. Returns 0, -EINVAL for a bad key, or
 * -ENOSPC (buf unchanged past *pos).
 */
int journal__field(char *buf, size_t len, size_t *pos, const char *key, const char *value,
		   size_t value_len);

#endif /* CTRWATCH_JOURNAL_FORMAT_H */
