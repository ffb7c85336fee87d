/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A shell glob (fnmatch(3), no flags) prepared once for matching many times.
 * The classifier matches every event's comm and executable against each
 * container runtime's patterns: nearly all fail on their first bytes, so the
 * pattern's literal head is compared before fnmatch runs, and a pattern
 * without any special character is compared as a plain string. The result is
 * always fnmatch's (the collector runs in the C locale: bytes compare as bytes).
 */
#ifndef CTRWATCH_GLOB_PATTERN_H
#define CTRWATCH_GLOB_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

struct glob_pattern {
	const char *pattern; /* borrowed: must outlive the glob */
	size_t head_len;     /* bytes before the first of * ? [ \ */
	bool literal;	     /* no special character at all */
};

void glob_pattern__init(struct glob_pattern *g, const char *pattern);
/* Whether s matches, as fnmatch(pattern, s, 0) == 0. */
bool glob_pattern__match(const struct glob_pattern *g, const char *s);

#endif /* CTRWATCH_GLOB_PATTERN_H */
