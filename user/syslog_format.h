/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * RFC 5424 messages for the syslog sink, and RFC 6587 octet-counting for
 * syslog over TCP. Pure, so the header is unit-tested byte for byte.
 */
#ifndef CTRWATCH_SYSLOG_FORMAT_H
#define CTRWATCH_SYSLOG_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "severity.h"

#define SYSLOG_FACILITY_DAEMON 3
#define SYSLOG_FACILITY_LOCAL0 16

struct syslog_header {
	int facility;	      /* 0..23 */
	int severity;	      /* 0..7, syslog__severity() */
	int64_t realtime_ns;  /* TIMESTAMP, sent with microseconds in UTC */
	const char *hostname; /* NULL or "": "-" */
	const char *app_name; /* NULL or "": "-" */
	unsigned int procid;  /* 0: "-" */
	const char *msgid;    /* NULL or "": "-" */
};

/* "kern", "user", "daemon", "auth", "authpriv", "local0".."local7", ... → code; -EINVAL. */
int syslog__facility_parse(const char *name, int *out);

/* critical → 2 (crit), warning → 4, notice → 5, info → 6. */
int syslog__severity(enum severity severity);

/*
 * "<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG" into buf; with
 * octet_counted, prefixed by "LEN " (RFC 6587 3.4.1). Header fields are cut to
 * RFC 5424's lengths and anything outside printable US-ASCII becomes '_'. MSG
 * is msg without a trailing '\n'. Returns 0 and *out_len, -EINVAL for a bad
 * facility or severity, -ENOSPC when buf is too small.
 */
int syslog__format(const struct syslog_header *h, const char *msg, size_t msg_len,
		   bool octet_counted, char *buf, size_t len, size_t *out_len);

#endif /* CTRWATCH_SYSLOG_FORMAT_H */
