// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "event_type.h"
#include "options.h"

#define ARGV(...) ((char *[]){"ctrwatch", __VA_ARGS__, NULL})
#define ARGC(...) ((int)(sizeof((char *[]){"ctrwatch", __VA_ARGS__}) / sizeof(char *)))
#define PARSE(opts, err, ...) options__parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), opts, &err)

static void test_defaults(void)
{
	struct options o;
	struct ctw_error err = {""};
	char *argv[] = {"ctrwatch", NULL};

	ASSERT_EQ(options__parse(1, argv, &o, &err), 0, "no arguments parse");
	ASSERT_EQ(o.action, OPTIONS_RUN, "default action is run");
	ASSERT_EQ(o.n_outputs, 0, "no output means stdout");
	ASSERT_EQ(o.ringbuf_bytes, 16u << 20, "default ring buffer 16 MiB");
	ASSERT_EQ(o.events_mask, 0, "events not given");
	ASSERT_STR_EQ(o.metrics_addr, "127.0.0.1:7847", "metrics bind loopback by default");
	ASSERT_STR_EQ(o.format, "json", "json is the default format");
	ASSERT_EQ(o.config_explicit, 0, "default config is not explicit");
	ASSERT_TRUE(o.node_name == NULL, "no --node-name: NODE_NAME or the host name");
	ASSERT_EQ(o.log_format, LOG_FORMAT_TEXT, "text log by default");
	ASSERT_TRUE(!o.falco_all_events, "falco: rule matches only by default");
	ASSERT_EQ(o.syscall_fallback, OPTIONS_FALLBACK_AUTO, "syscall fallback auto by default");
	ASSERT_EQ(o.drain_ms, 5000, "drain timeout 5 s by default");
}

static void test_drain_timeout(void)
{
	static const struct {
		const char *arg;
		unsigned int want_ms;
	} cases[] = {
	    {"2", 2000}, {"2s", 2000},	   {"250ms", 250},
	    {"0", 0},	 {"600s", 600000}, {"600000ms", 600000},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct options o;
		struct ctw_error err = {""};
		char *argv[] = {"ctrwatch", "--drain-timeout", (char *)cases[i].arg, NULL};

		ASSERT_EQ(options__parse(3, argv, &o, &err), 0, cases[i].arg);
		ASSERT_EQ(o.drain_ms, cases[i].want_ms, cases[i].arg);
	}
}

static void test_ecosystem_flags(void)
{
	struct options o;
	struct ctw_error err = {""};

	ASSERT_EQ(PARSE(&o, err, "--node-name", "node-7", "--log-format", "json", "--falco-events",
			"all"),
		  0, "--node-name, --log-format, --falco-events parse");
	ASSERT_STR_EQ(o.node_name, "node-7", "--node-name kept");
	ASSERT_EQ(o.log_format, LOG_FORMAT_JSON, "--log-format json");
	ASSERT_TRUE(o.falco_all_events, "--falco-events all");
	ASSERT_EQ(PARSE(&o, err, "--falco-events", "flagged"), 0, "--falco-events flagged");
	ASSERT_TRUE(!o.falco_all_events, "--falco-events flagged");
}

static void test_syscall_fallback(void)
{
	struct options o;
	struct ctw_error err = {""};

	ASSERT_EQ(PARSE(&o, err, "--syscall-fallback", "on"), 0, "--syscall-fallback on parses");
	ASSERT_EQ(o.syscall_fallback, OPTIONS_FALLBACK_ON, "--syscall-fallback on");
	ASSERT_EQ(PARSE(&o, err, "--syscall-fallback", "off"), 0, "--syscall-fallback off parses");
	ASSERT_EQ(o.syscall_fallback, OPTIONS_FALLBACK_OFF, "--syscall-fallback off");
	ASSERT_EQ(PARSE(&o, err, "--syscall-fallback", "auto"), 0,
		  "--syscall-fallback auto parses");
	ASSERT_EQ(o.syscall_fallback, OPTIONS_FALLBACK_AUTO, "--syscall-fallback auto");
}

/* --help lists every event type by name: a list ending in "..." hid three of them. */
static void test_help_lists_every_type(void)
{
	for (unsigned int t = 0; t < 64; t++) {
		const char *name = event_type__name(t);
		char word[64];
		bool found = false;

		if (!name)
			continue;
		for (const char *p = options__usage; (p = strstr(p, name)) != NULL; p++) {
			char before = p == options__usage ? ' ' : p[-1];
			char after = p[strlen(name)];

			/* a whole word of the list: "setuid" must not count inside "setuid_exec" */
			if ((before == ',' || before == '(' || before == ' ') &&
			    (after == ',' || after == ')' || after == '\n')) {
				found = true;
				break;
			}
		}
		snprintf(word, sizeof(word), "--help lists %s", name);
		ASSERT_TRUE(found, word);
	}
	ASSERT_TRUE(strstr(options__usage, ",...") == NULL, "--help's type list is complete");
}

static void test_valid_flags(void)
{
	struct options o;
	struct ctw_error err = {""};

	ASSERT_EQ(PARSE(&o, err, "--output", "/tmp/a", "-o", "stdout", "--events", "mount,setns",
			"--ringbuf-size", "4M", "--log-level", "debug", "--config", "/x.yaml",
			"--metrics-addr", "off", "--format", "falco"),
		  0, "all flags parse");
	ASSERT_EQ(o.n_outputs, 2, "two outputs");
	ASSERT_STR_EQ(o.outputs[0], "/tmp/a", "first output kept in order");
	ASSERT_EQ(o.events_mask, (1ull << CTW_EVENT_MOUNT) | (1ull << CTW_EVENT_SETNS),
		  "events mask has mount and setns");
	ASSERT_EQ(o.ringbuf_bytes, 4u << 20, "4M parsed");
	ASSERT_EQ(o.log_level, LOG_LVL_DEBUG, "debug level");
	ASSERT_EQ(o.config_explicit, 1, "--config is explicit");
	ASSERT_STR_EQ(o.metrics_addr, "off", "metrics off");
	ASSERT_STR_EQ(o.format, "falco", "falco format");

	ASSERT_EQ(PARSE(&o, err, "--events", "all"), 0, "--events all");
	ASSERT_EQ(o.events_mask, event_type__all_mask(), "all sets every type");
	ASSERT_EQ(PARSE(&o, err, "--help"), 0, "--help parses");
	ASSERT_EQ(o.action, OPTIONS_HELP, "--help action");
	ASSERT_EQ(PARSE(&o, err, "-V"), 0, "-V parses");
	ASSERT_EQ(o.action, OPTIONS_VERSION, "-V action");
	ASSERT_EQ(PARSE(&o, err, "--check-config"), 0, "--check-config parses");
	ASSERT_EQ(o.action, OPTIONS_CHECK_CONFIG, "--check-config action");
}

static void test_errors(void)
{
	static const struct {
		char *args[3];
		const char *want;
	} cases[] = {
	    {{"--events", "mount,nope"}, "--events: unknown event type 'nope'"},
	    {{"--events", ""}, "--events: unknown event type ''"},
	    {{"--ringbuf-size", "3000"},
	     "--ringbuf-size: '3000' is not a power of two between 4K and 1024M"},
	    {{"--ringbuf-size", "-4096"},
	     "--ringbuf-size: '-4096' is not a power of two between 4K and 1024M"},
	    {{"--ringbuf-size", "2048M"},
	     "--ringbuf-size: '2048M' is not a power of two between 4K and 1024M"},
	    {{"--log-level", "loud"}, "--log-level: 'loud' is not error, warn, info or debug"},
	    {{"--format", "xml"}, "--format: 'xml' is not json or falco"},
	    {{"--bogus"}, "unknown option '--bogus' (see --help)"},
	    {{"extra"}, "unexpected argument 'extra' (see --help)"},
	    {{"--output"}, "--output: missing argument"},
	    {{"--output", ""}, "--output: empty destination"},
	    {{"--node-name", ""}, "--node-name: empty name"},
	    {{"--log-format", "xml"}, "--log-format: 'xml' is not text or json"},
	    {{"--falco-events", "some"}, "--falco-events: 'some' is not flagged or all"},
	    {{"--syscall-fallback", "yes"}, "--syscall-fallback: 'yes' is not auto, on or off"},
	    {{"--drain-timeout", "601s"}, "--drain-timeout: '601s' is not N, Ns or Nms up to 600s"},
	    {{"--drain-timeout", "5m"}, "--drain-timeout: '5m' is not N, Ns or Nms up to 600s"},
	    {{"--drain-timeout", "-1"}, "--drain-timeout: '-1' is not N, Ns or Nms up to 600s"},
	    {{"--drain-timeout", "1.5"}, "--drain-timeout: '1.5' is not N, Ns or Nms up to 600s"},
	    {{"--drain-timeout", "99999999999"},
	     "--drain-timeout: '99999999999' is not N, Ns or Nms up to 600s"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct options o;
		struct ctw_error err = {""};
		char *argv[4] = {"ctrwatch", cases[i].args[0], cases[i].args[1], NULL};
		int argc = cases[i].args[1] ? 3 : 2;

		ASSERT_EQ(options__parse(argc, argv, &o, &err), -EINVAL, cases[i].want);
		ASSERT_STR_EQ(err.msg, cases[i].want, "error message");
	}
}

int main(void)
{
	test_defaults();
	test_valid_flags();
	test_errors();
	test_drain_timeout();
	test_ecosystem_flags();
	test_syscall_fallback();
	test_help_lists_every_type();
	return check_summary("options");
}
