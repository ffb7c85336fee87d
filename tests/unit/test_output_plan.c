// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Which outputs run (--output vs the config's outputs:) and what
 * --check-config refuses about them: everything start-up would refuse.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "error.h"
#include "output_plan.h"
#include "sink.h"

static void test_rule(void)
{
	const char *cli[] = {"tcp://127.0.0.1:5170", "stdout"};
	char *cfg[] = {"file:/var/log/ctrwatch/events.jsonl", "syslog"};
	struct output_plan p;

	output_plan__make(&p, NULL, 0, NULL, 0);
	ASSERT_EQ(p.n, 1, "neither: one output");
	ASSERT_STR_EQ(p.dests[0], "stdout", "neither: stdout");
	ASSERT_EQ(p.source, OUTPUT_FROM_DEFAULT, "neither: the default");
	ASSERT_TRUE(!p.config_ignored, "neither: nothing ignored");

	output_plan__make(&p, NULL, 0, cfg, 2);
	ASSERT_EQ(p.n, 2, "config only: its two outputs");
	ASSERT_STR_EQ(p.dests[0], cfg[0], "config only: in order (1)");
	ASSERT_STR_EQ(p.dests[1], cfg[1], "config only: in order (2)");
	ASSERT_EQ(p.source, OUTPUT_FROM_CONFIG, "config only: from the config");

	output_plan__make(&p, cli, 1, NULL, 0);
	ASSERT_EQ(p.n, 1, "--output only: one");
	ASSERT_EQ(p.source, OUTPUT_FROM_COMMAND_LINE, "--output only: from the command line");
	ASSERT_TRUE(!p.config_ignored, "--output only: nothing ignored");

	output_plan__make(&p, cli, 2, cfg, 2);
	ASSERT_EQ(p.n, 2, "both: --output's two, not four");
	ASSERT_STR_EQ(p.dests[0], cli[0], "both: --output replaces the config's list");
	ASSERT_EQ(p.source, OUTPUT_FROM_COMMAND_LINE, "both: from the command line");
	ASSERT_TRUE(p.config_ignored, "both: the config's list is reported as ignored");

	ASSERT_TRUE(output_plan__same_list(cfg, 2, cfg, 2), "same list");
	ASSERT_TRUE(!output_plan__same_list(cfg, 2, cfg, 1), "shorter list differs");
	ASSERT_TRUE(!output_plan__same_list(cfg, 2, (char *[]){cfg[1], cfg[0]}, 2),
		    "another order differs");
	ASSERT_TRUE(output_plan__same_list(NULL, 0, NULL, 0), "two empty lists");
	ASSERT_STR_EQ(output_source__name(OUTPUT_FROM_CONFIG), "the config file", "source name");
}

/* What start-up refuses (exit 5 after attaching, before) --check-config refuses too. */
static void test_check(void)
{
	char dir[] = "/tmp/ctw-plan-XXXXXX", path[256], uri[300];
	struct ctw_error err;
	static const struct {
		const char *uri;
		int want;
	} cases[] = {
	    {"stdout", 0},
	    {"-", 0},
	    {"tcp://127.0.0.1:5170", 0},
	    {"tcp://collector.example:5170?queue=1M", 0},
	    {"unix:/run/fluent.sock", 0},
	    {"syslog", 0},
	    {"syslog?facility=local3", 0},
	    {"syslog+udp://[::1]:514", 0},
	    {"journal", 0},
	    {"ftp://x", -EINVAL},
	    {"file:", -EINVAL},
	    {"syslog?facility=nope", -EINVAL},
	    {"tcp://nohost", -EINVAL},
	    {"tcp://h:0", -EINVAL},
	    {"tcp://h:65535", 0},
	    {"tcp://h:65536", -EINVAL},
	    {"tcp://127.0.0.1:4294972466", -EINVAL}, /* 2^32 + 5170: atoi made it 5170 */
	    {"tcp://h:99999999999999999999", -EINVAL},
	    {"tcp://h:00080", 0},
	    {"syslog+tcp://h:70000", -EINVAL},
	    {"tcp://h:+80", -EINVAL},
	    {"unix:", -EINVAL},
	    {"journal?facility=local0", -EINVAL},
	    {"tcp://h:1?queue=1", -EINVAL},
	    {"", -EINVAL},
	    {"/nonexistent-ctw-dir/events.jsonl", -ENOENT},
	    {"file:/nonexistent-ctw-dir/events.jsonl", -ENOENT},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err.msg[0] = '\0';
		ASSERT_EQ(sink__check_uri(cases[i].uri, &err), cases[i].want, cases[i].uri);
		if (cases[i].want)
			ASSERT_TRUE(err.msg[0] != '\0', cases[i].uri);
	}
	ASSERT_TRUE(mkdtemp(dir) != NULL, "mkdtemp");
	snprintf(path, sizeof(path), "%s/events.jsonl", dir);
	snprintf(uri, sizeof(uri), "file:%s", path);
	ASSERT_EQ(sink__check_uri(uri, &err), 0, "a new file in a writable directory");
	ASSERT_EQ(access(path, F_OK), -1, "the check created nothing");
	ASSERT_EQ(sink__check_uri(path, &err), 0, "a bare path too");
	ASSERT_EQ(sink__check_uri(dir, &err), -EISDIR, "a directory is no output");

	/* The plan's message names the output once. */
	{
		const char *bad[] = {"stdout", "ftp://x"};
		struct output_plan p;

		output_plan__make(&p, bad, 2, NULL, 0);
		ASSERT_EQ(output_plan__check(&p, &err), -EINVAL, "plan with ftp:// fails");
		ASSERT_TRUE(strncmp(err.msg, "ftp://x: ", 9) == 0 &&
				!strstr(err.msg + 9, "ftp://x"),
			    "the message names the output once");
		output_plan__make(&p, bad, 1, NULL, 0);
		ASSERT_EQ(output_plan__check(&p, &err), 0, "plan with stdout passes");
	}
	/* Unwritable: only meaningful without CAP_DAC_OVERRIDE, which root has. */
	if (geteuid() != 0) {
		chmod(dir, 0500);
		ASSERT_EQ(sink__check_uri(path, &err), -EACCES, "read-only directory refused");
		chmod(dir, 0700);
	}
	rmdir(dir);
}

int main(void)
{
	test_rule();
	test_check();
	return check_summary("output_plan");
}
