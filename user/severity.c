// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <string.h>

#include "severity.h"

static const char *const severity_names[SEVERITY_MAX] = {
    [SEVERITY_INFO] = "info",
    [SEVERITY_NOTICE] = "notice",
    [SEVERITY_WARNING] = "warning",
    [SEVERITY_CRITICAL] = "critical",
};

const char *severity__name(enum severity severity)
{
	if ((unsigned int)severity >= SEVERITY_MAX)
		return "unknown";
	return severity_names[severity];
}

int severity__parse(const char *name, enum severity *out)
{
	for (unsigned int s = 0; s < SEVERITY_MAX; s++) {
		if (strcmp(name, severity_names[s]) == 0) {
			*out = (enum severity)s;
			return 0;
		}
	}
	return -EINVAL;
}
