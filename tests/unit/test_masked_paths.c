// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The runtime's masked and read-only paths: normal form and coverage. */
#include <errno.h>

#include "check.h"
#include "masked_paths.h"

static void test_normalize(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"/proc/sys", "/proc/sys"},
	    {"/proc/sys/", "/proc/sys"},
	    {"//proc///sys", "/proc/sys"},
	    {"/proc/./sys/.", "/proc/sys"},
	    {"/tmp/../proc/keys", "/proc/keys"},
	    {"/../../proc/kcore", "/proc/kcore"},
	    {"/proc/self/root/proc/sys", "/proc/sys"},
	    {"/proc/thread-self/root/sys/firmware", "/sys/firmware"},
	    {"/proc/self/rootx", "/proc/self/rootx"},
	    {"/proc/1/root/proc/sys", "/proc/1/root/proc/sys"},
	    {"/", "/"},
	    {"/..", "/"},
	    {"/proc/self/root", "/"},
	};
	char out[64], small[6];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ASSERT_EQ(masked_path__normalize(cases[i].in, out, sizeof(out)), 0, cases[i].in);
		ASSERT_STR_EQ(out, cases[i].out, cases[i].in);
	}
	ASSERT_EQ(masked_path__normalize("proc/sys", out, sizeof(out)), -EINVAL, "relative");
	ASSERT_EQ(masked_path__normalize("", out, sizeof(out)), -EINVAL, "empty");
	ASSERT_EQ(masked_path__normalize("/proc/sys", small, sizeof(small)), -ENAMETOOLONG,
		  "too long for the buffer");
}

static void test_covering(void)
{
	const struct masked_path *m;

	m = masked_path__covering("/proc/sys/kernel/core_pattern");
	ASSERT_TRUE(m && m->kind == MASKED_READONLY, "under /proc/sys: read-only");
	ASSERT_STR_EQ(m ? m->path : NULL, "/proc/sys", "under /proc/sys: the entry");
	m = masked_path__covering("/proc/kcore");
	ASSERT_TRUE(m && m->kind == MASKED_HIDDEN, "/proc/kcore: masked");
	ASSERT_TRUE(masked_path__covering("/proc/sysrq-trigger") != NULL, "/proc/sysrq-trigger");
	ASSERT_STR_EQ(masked_path__covering("/proc/sysrq-trigger")->path, "/proc/sysrq-trigger",
		      "/proc/sysrq-trigger is its own entry, not /proc/sys's");
	ASSERT_TRUE(masked_path__covering("/proc/sysfoo") == NULL, "/proc/sysfoo: prefix only");
	ASSERT_TRUE(masked_path__covering("/proc") == NULL, "/proc itself: not masked");
	ASSERT_TRUE(masked_path__covering("/mnt") == NULL, "/mnt");
	ASSERT_TRUE(masked_path__covering("") == NULL, "empty");
}

static void test_below(void)
{
	ASSERT_STR_EQ(masked_path__below("/proc") ? masked_path__below("/proc")->path : NULL,
		      "/proc/acpi", "/proc holds masks");
	ASSERT_TRUE(masked_path__below("/sys") != NULL, "/sys holds masks");
	ASSERT_TRUE(masked_path__below("/sys/devices") != NULL, "/sys/devices holds powercap");
	ASSERT_TRUE(masked_path__below("/proc/sys") == NULL, "/proc/sys holds none below it");
	ASSERT_TRUE(masked_path__below("/") == NULL, "/: proc is a mount of its own");
	ASSERT_TRUE(masked_path__below("/tmp") == NULL, "/tmp");
}

int main(void)
{
	test_normalize();
	test_covering();
	test_below();
	return check_summary("masked_paths");
}
