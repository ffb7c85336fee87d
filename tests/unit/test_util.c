// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util.h"

static void test_size_parse(void)
{
	static const struct {
		const char *text;
		int want_err;
		uint64_t want;
	} cases[] = {
	    {"65536", 0, 65536},
	    {"4K", 0, 4096},
	    {"4k", 0, 4096},
	    {"16M", 0, 16u << 20},
	    {"16m", 0, 16u << 20},
	    {"1G", 0, 1ull << 30},
	    {"2g", 0, 2ull << 30},
	    {"0", 0, 0},
	    {"", -EINVAL, 0},
	    {"M", -EINVAL, 0},
	    {"-4K", -EINVAL, 0},
	    {"4KB", -EINVAL, 0},
	    {"4T", -EINVAL, 0},
	    {"1.5M", -EINVAL, 0},
	    {"16M ", -EINVAL, 0},
	    {"99999999999999999999", -EINVAL, 0},
	    {"17179869184G", -EINVAL, 0}, /* 2^34 GiB does not fit in 64 bits */
	    {"17179869183G", 0, 17179869183ull << 30},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t got = 12345;
		int err = size__parse(cases[i].text, &got);

		ASSERT_EQ(err, cases[i].want_err, cases[i].text);
		if (!cases[i].want_err)
			ASSERT_EQ(got, cases[i].want, cases[i].text);
		else
			ASSERT_EQ(got, 12345, "output untouched on error");
	}
	ASSERT_EQ(size__parse(NULL, &(uint64_t){0}), -EINVAL, "NULL text");
}

static void test_str_copy(void)
{
	/* A fixed-size record field the kernel did not terminate. */
	const char field[4] = {'r', 'u', 'n', 'c'};
	char dst[16], small[3];

	memset(dst, 'x', sizeof(dst));
	str__copy(dst, sizeof(dst), field, sizeof(field));
	ASSERT_STR_EQ(dst, "runc", "unterminated field read to its size");

	str__copy(dst, sizeof(dst), "sh\0junk", 8);
	ASSERT_STR_EQ(dst, "sh", "stops at the terminator");

	str__copy(small, sizeof(small), "abcdef", SIZE_MAX);
	ASSERT_STR_EQ(small, "ab", "cut to the destination, terminated");

	str__copy(dst, 1, "abc", SIZE_MAX);
	ASSERT_STR_EQ(dst, "", "a one-byte destination holds the terminator only");
}

static void test_dup_or_null(void)
{
	bool failed = false;
	char *d = str__dup_or_null("image", &failed);

	ASSERT_STR_EQ(d, "image", "copied");
	ASSERT_TRUE(!failed, "no failure flagged");
	free(d);
	ASSERT_TRUE(str__dup_or_null(NULL, &failed) == NULL, "NULL stays NULL");
	ASSERT_TRUE(!failed, "NULL is no failure");
}

static void test_clock(void)
{
	int64_t a = clock__now_ns(CLOCK_MONOTONIC), b = clock__now_ns(CLOCK_MONOTONIC);
	int64_t boot = clock__now_ns(CLOCK_BOOTTIME), mono = clock__now_ns(CLOCK_MONOTONIC);
	int64_t real = clock__now_ns(CLOCK_REALTIME);

	ASSERT_TRUE(a > 0 && b >= a, "monotonic never goes back");
	/* Boot time includes suspend: never behind monotonic (read after it, give 1 s). */
	ASSERT_TRUE(boot + NSEC_PER_SEC >= mono, "boottime not behind monotonic");
	/* After 2020-01-01: the wall clock in nanoseconds, not seconds or microseconds. */
	ASSERT_TRUE(real > 1577836800ll * NSEC_PER_SEC, "realtime in nanoseconds since the epoch");
}

int main(void)
{
	test_size_parse();
	test_str_copy();
	test_dup_or_null();
	test_clock();
	return check_summary("util");
}
