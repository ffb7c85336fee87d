// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <string.h>

#include "capability.h"
#include "check.h"
#include "util.h"

#define BIT(n) (1ull << (n))

static void test_names(void)
{
	static const struct {
		unsigned int cap;
		const char *want;
	} cases[] = {
	    {0, "CAP_CHOWN"},	    {7, "CAP_SETUID"},	    {12, "CAP_NET_ADMIN"},
	    {16, "CAP_SYS_MODULE"}, {19, "CAP_SYS_PTRACE"}, {21, "CAP_SYS_ADMIN"},
	    {38, "CAP_PERFMON"},    {39, "CAP_BPF"},	    {40, "CAP_CHECKPOINT_RESTORE"},
	    {41, "CAP_41"},	    {63, "CAP_63"},
	};
	const char *names[CAPABILITY_BITS];
	size_t n;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		ASSERT_STR_EQ(capability__name(cases[i].cap), cases[i].want, cases[i].want);
	ASSERT_TRUE(capability__name(64) == NULL, "cap 64 has no name");

	n = capability__names(BIT(21) | BIT(0) | BIT(50), names, ARRAY_SIZE(names));
	ASSERT_EQ(n, 3, "three bits");
	ASSERT_STR_EQ(names[0], "CAP_CHOWN", "lowest bit first");
	ASSERT_STR_EQ(names[1], "CAP_SYS_ADMIN", "then the next");
	ASSERT_STR_EQ(names[2], "CAP_50", "an unnamed bit has a name too");
	ASSERT_EQ(capability__names(0x000001ffffffffffull, names, ARRAY_SIZE(names)),
		  CAPABILITY_LAST_NAMED + 1, "full root mask has every named cap");
	ASSERT_EQ(capability__names(~0ull, names, ARRAY_SIZE(names)), 64, "all 64 bits");
	ASSERT_EQ(capability__names(0, names, ARRAY_SIZE(names)), 0, "empty mask");
	ASSERT_EQ(capability__names(BIT(1) | BIT(2) | BIT(3), names, 1), 3,
		  "the count goes past a short array");
	ASSERT_STR_EQ(names[0], "CAP_DAC_OVERRIDE", "and fills what fits");
}

static void test_join(void)
{
	static const struct capability_list_style comma = {.separator = ","};
	static const struct capability_list_style reason = {.separator = ", ", .max_shown = 3};
	static const struct capability_list_style lower = {.separator = ",", .lower_case = true};
	static const struct capability_list_style space = {.separator = " "};
	static const struct {
		const struct capability_list_style *style;
		uint64_t mask;
		const char *want;
	} cases[] = {
	    {&comma, 0, ""},
	    {&comma, BIT(21), "CAP_SYS_ADMIN"},
	    {&comma, BIT(12) | BIT(21), "CAP_NET_ADMIN,CAP_SYS_ADMIN"},
	    {&space, BIT(0) | BIT(39), "CAP_CHOWN CAP_BPF"},
	    {&reason, BIT(12) | BIT(21), "CAP_NET_ADMIN, CAP_SYS_ADMIN"},
	    {&reason, BIT(0) | BIT(1) | BIT(2), "CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH"},
	    {&reason, BIT(0) | BIT(1) | BIT(2) | BIT(16) | BIT(21),
	     "CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and 2 more"},
	    {&lower, BIT(19) | BIT(2), "cap_dac_read_search,cap_sys_ptrace"},
	    {&lower, BIT(41) | BIT(63), "cap_41,cap_63"},
	};
	char buf[512], small[8];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t n = capability__join(cases[i].mask, cases[i].style, buf, sizeof(buf));

		ASSERT_STR_EQ(buf, cases[i].want, "capability__join");
		ASSERT_EQ(n, strlen(cases[i].want), "returned length");
	}
	/* Cut: terminated, the whole length returned, nothing past the buffer (ASan watches). */
	ASSERT_EQ(capability__join(BIT(19) | BIT(39), &lower, small, sizeof(small)),
		  strlen("cap_sys_ptrace,cap_bpf"), "cut: whole length");
	ASSERT_STR_EQ(small, "cap_sys", "cut: terminated");
	ASSERT_EQ(capability__join(BIT(19), &lower, NULL, 0), strlen("cap_sys_ptrace"),
		  "no buffer: length only");
	ASSERT_EQ(capability__join(~0ull, &comma, buf, sizeof(buf)) >= sizeof(buf), 1,
		  "all 64 names do not fit 512 bytes");
	ASSERT_EQ(strlen(buf), sizeof(buf) - 1, "and the cut copy fills it");
}

int main(void)
{
	test_names();
	test_join();
	return check_summary("capability");
}
