/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * How urgent an event is: the JSON "severity" field, and what the config's
 * min_severity, the syslog and journal priorities and the posture findings
 * are expressed in. Its own header so that they need not know the classifier.
 */
#ifndef CTRWATCH_SEVERITY_H
#define CTRWATCH_SEVERITY_H

enum severity {
	SEVERITY_INFO = 0,
	SEVERITY_NOTICE = 1,
	SEVERITY_WARNING = 2,
	SEVERITY_CRITICAL = 3,
	SEVERITY_MAX,
};

/* "info", "notice", "warning", "critical"; "unknown" for anything else. */
const char *severity__name(enum severity severity);
/* The severity named `name`; -EINVAL if there is none. */
int severity__parse(const char *name, enum severity *out);

#endif /* CTRWATCH_SEVERITY_H */
