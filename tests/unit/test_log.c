// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The daemon's own log lines: text and JSON (--log-format), both with a time. */
#include <errno.h>
#include <string.h>

#include <json-c/json.h>

#include "check.h"
#include "log.h"

#define WHEN "2026-12-05T10:11:12.123456Z"

static void test_text(void)
{
	char line[256];
	size_t n = log_format_line(LOG_FORMAT_TEXT, LOG_LVL_WARN, WHEN, "output tcp: down", line,
				   sizeof(line));

	ASSERT_STR_EQ(line, WHEN " ctrwatch: warn: output tcp: down\n", "text line");
	ASSERT_EQ(n, strlen(line), "length returned");
	n = log_format_line(LOG_FORMAT_TEXT, LOG_LVL_INFO, WHEN, "0123456789abcdef", line, 48);
	ASSERT_EQ(n, 47, "cut to the buffer");
	ASSERT_TRUE(line[n - 1] == '\n' && line[n] == '\0', "a cut line still ends the line");

	/* A message quoting a workload's bytes cannot forge a second line or steer a terminal. */
	n = log_format_line(LOG_FORMAT_TEXT, LOG_LVL_WARN, WHEN,
			    "state of \"a\nb\x1b[2J\x7f\xc2\x85\xc2\x9b\xff\xe2\x82\xc3\xa9\"",
			    line, sizeof(line));
	ASSERT_STR_EQ(line,
		      WHEN " ctrwatch: warn: state of \"a?b?[2J????"
			   "??\xc3\xa9\"\n",
		      "C0, DEL, C1 and malformed UTF-8 become '?', other characters stay");
	ASSERT_EQ(n, strlen(line), "length of the cleaned line");
	/* A cut never splits a character: "\xc3\xa9" needs two bytes, the line ends before. */
	n = log_format_line(LOG_FORMAT_TEXT, LOG_LVL_INFO, WHEN, "0123456789012345\xc3\xa9", line,
			    sizeof(WHEN) + 35);
	ASSERT_STR_EQ(line, WHEN " ctrwatch: info: 0123456789012345\n",
		      "a cut text line stays valid UTF-8");
}

static void test_json(void)
{
	char line[256], msg[1024];
	struct json_object *o, *v;
	size_t n;

	n = log_format_line(LOG_FORMAT_JSON, LOG_LVL_ERROR, WHEN,
			    "reload: keeping \"x\"\n\tand a control \x01 byte", line, sizeof(line));
	ASSERT_TRUE(n > 0 && line[n - 1] == '\n' && !memchr(line, '\n', n - 1),
		    "one line, newline-terminated");
	o = json_tokener_parse(line);
	ASSERT_TRUE(o != NULL, "the JSON line parses");
	if (o) {
		ASSERT_STR_EQ(json_object_get_string(json_object_object_get(o, "time")), WHEN,
			      "time field");
		ASSERT_STR_EQ(json_object_get_string(json_object_object_get(o, "level")), "error",
			      "level field");
		ASSERT_STR_EQ(json_object_get_string(json_object_object_get(o, "msg")),
			      "reload: keeping \"x\"\n\tand a control \x01 byte",
			      "msg field round-trips quotes and control bytes");
		json_object_put(o);
	}

	memset(msg, 'x', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	n = log_format_line(LOG_FORMAT_JSON, LOG_LVL_INFO, WHEN, msg, line, sizeof(line));
	ASSERT_TRUE(n > 0 && n < sizeof(line), "a long message fits the line");
	o = json_tokener_parse(line);
	ASSERT_TRUE(o != NULL, "a cut JSON line still parses");
	if (o) {
		ASSERT_TRUE(json_object_object_get_ex(o, "truncated", &v) &&
				json_object_get_boolean(v),
			    "a cut JSON line says truncated");
		json_object_put(o);
	}
}

static void test_parse(void)
{
	enum log_format f;

	ASSERT_EQ(log_parse_format("json", &f), 0, "json parses");
	ASSERT_EQ(f, LOG_FORMAT_JSON, "json");
	ASSERT_EQ(log_parse_format("text", &f), 0, "text parses");
	ASSERT_EQ(f, LOG_FORMAT_TEXT, "text");
	ASSERT_EQ(log_parse_format("logfmt", &f), -EINVAL, "logfmt refused");
}

int main(void)
{
	test_text();
	test_json();
	test_parse();
	return check_summary("log");
}
