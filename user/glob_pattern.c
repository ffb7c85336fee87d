// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <fnmatch.h>
#include <string.h>

#include "glob_pattern.h"

void glob_pattern__init(struct glob_pattern *g, const char *pattern)
{
	g->pattern = pattern;
	g->head_len = strcspn(pattern, "*?[\\");
	g->literal = pattern[g->head_len] == '\0';
}

bool glob_pattern__match(const struct glob_pattern *g, const char *s)
{
	/* Without flags fnmatch matches an ordinary pattern byte only by itself. */
	if (strncmp(s, g->pattern, g->head_len) != 0)
		return false;
	if (g->literal)
		return s[g->head_len] == '\0';
	return fnmatch(g->pattern, s, 0) == 0;
}
