// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The prepared glob agrees with fnmatch(pattern, s, 0) on every pair of the table. */
#include <fnmatch.h>
#include <stdio.h>

#include "check.h"
#include "glob_pattern.h"

#include "util.h" /* ARRAY_SIZE */

static void test_against_fnmatch(void)
{
	/* The built-in runtime patterns, the config's kinds of patterns, and edges. */
	static const char *const patterns[] = {
	    "runc:\\[[012]:*\\]",
	    "/",
	    "/runc",
	    "/memfd:runc_cloned:*",
	    "/usr/sbin/runc",
	    "exe",
	    "crun",
	    "nginx:*",
	    "*",
	    "",
	    "?",
	    "a?c",
	    "[ab]c",
	    "\\*",
	    "a\\",
	    "registry.local/*:1.?",
	    "kube-*",
	    "/usr/bin/*",
	};
	static const char *const strings[] = {
	    "",
	    "/",
	    "/runc",
	    "/runcx",
	    "/run",
	    "runc:[0:PARENT]",
	    "runc:[1:CHILD]",
	    "runc:[3:X]",
	    "runc",
	    "/memfd:runc_cloned:/proc/self/exe",
	    "/memfd:runc_cloned",
	    "/usr/sbin/runc",
	    "/usr/sbin/runc2",
	    "exe",
	    "ex",
	    "exe ",
	    "evgen",
	    "crun",
	    "nginx:1.27",
	    "nginx",
	    "abc",
	    "ac",
	    "bc",
	    "cc",
	    "*",
	    "a",
	    "a\\",
	    "registry.local/sandbox:1.2",
	    "kube-system",
	    "/usr/bin/python3",
	    "/usr/bin",
	    "\xff\xfe",
	};
	struct glob_pattern g;
	char what[128];

	for (size_t i = 0; i < ARRAY_SIZE(patterns); i++) {
		glob_pattern__init(&g, patterns[i]);
		for (size_t j = 0; j < ARRAY_SIZE(strings); j++) {
			snprintf(what, sizeof(what), "'%s' against '%s'", strings[j], patterns[i]);
			ASSERT_EQ(glob_pattern__match(&g, strings[j]),
				  fnmatch(patterns[i], strings[j], 0) == 0, what);
		}
	}
}

static void test_prepared(void)
{
	struct glob_pattern g;

	glob_pattern__init(&g, "/usr/bin/runc");
	ASSERT_TRUE(g.literal, "a path without special characters is literal");
	ASSERT_EQ(g.head_len, 13, "its head is all of it");
	glob_pattern__init(&g, "runc:\\[[012]:*\\]");
	ASSERT_TRUE(!g.literal, "an escaped bracket is not literal");
	ASSERT_EQ(g.head_len, 5, "the head stops at the backslash");
	ASSERT_TRUE(glob_pattern__match(&g, "runc:[2:INIT]"), "runc's stage names match");
}

int main(void)
{
	test_against_fnmatch();
	test_prepared();
	return check_summary("glob_pattern");
}
