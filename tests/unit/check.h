/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A minimal table-driven test harness. Each test binary prints one line per
 * failure and, last, "N passed, N failed"; exit status 1 if anything failed.
 */
#ifndef CTRWATCH_CHECK_H
#define CTRWATCH_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK_FAIL_(what, fmt, ...)                                                                \
	do {                                                                                       \
		check_failed++;                                                                    \
		fprintf(stderr, "FAIL %s:%d: %s: " fmt "\n", __FILE__, __LINE__, (what),           \
			__VA_ARGS__);                                                              \
	} while (0)

#define ASSERT_TRUE(cond, what)                                                                    \
	do {                                                                                       \
		if (cond)                                                                          \
			check_passed++;                                                            \
		else                                                                               \
			CHECK_FAIL_(what, "expected true: %s", #cond);                             \
	} while (0)

#define ASSERT_EQ(got, want, what)                                                                 \
	do {                                                                                       \
		long long got_ = (long long)(got), want_ = (long long)(want);                      \
		if (got_ == want_)                                                                 \
			check_passed++;                                                            \
		else                                                                               \
			CHECK_FAIL_(what, "got %lld, want %lld", got_, want_);                     \
	} while (0)

#define ASSERT_STR_EQ(got, want, what)                                                             \
	do {                                                                                       \
		const char *got_ = (got), *want_ = (want);                                         \
		if (got_ && want_ && strcmp(got_, want_) == 0)                                     \
			check_passed++;                                                            \
		else                                                                               \
			CHECK_FAIL_(what, "got \"%s\", want \"%s\"", got_ ? got_ : "(null)",       \
				    want_ ? want_ : "(null)");                                     \
	} while (0)

/* Print the closing line and turn the result into an exit status. */
static inline int check_summary(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif /* CTRWATCH_CHECK_H */
